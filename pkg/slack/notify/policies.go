package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// maxPolicyLines bounds the policies listed in one reply; the rest are counted.
const maxPolicyLines = 20

var policyMarks = map[string]string{runlog.PolicyAllow: ":white_check_mark:", runlog.PolicyHold: ":double_vertical_bar:", runlog.PolicyRefuse: ":no_entry:"}

// PolicyText is one thread reply with policy results: a title (such as "promote of
// 4f0c4f0c4f0c in production: held") and a line per policy with its outcome and why (at most
// 20, each cut to share the room), every text escaped, within a section's 3,000 characters:
// whole lines only, the rest counted.
func PolicyText(title string, rs []runlog.PolicyResult) string {
	head := ":scales: *Policies* for " + Escape(Fit(title, 300))
	if len(rs) == 0 {
		return head + "\n_no policies_"
	}
	room := (MaxSection - len([]rune(head)) - 40) / min(len(rs), maxPolicyLines)
	room = max(120, min(room, 900))
	lines := []string{head}
	size := len([]rune(head))
	for i, r := range rs {
		mark := policyMarks[r.Outcome]
		if mark == "" {
			mark = ":grey_question:"
		}
		// Cut before escaping, so no entity is cut in half; escaping may lengthen it.
		line := fmt.Sprintf("%s *%s* %s: %s", mark, Escape(Fit(r.Policy, 80)), Escape(Fit(r.Outcome, 10)), Escape(Fit(strings.Join(strings.Fields(r.Message), " "), room)))
		if n := len([]rune(line)) + 1; i == maxPolicyLines || size+n > MaxSection-40 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(rs)-i))
			break
		} else {
			size += n
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// policyReply is the thread reply for a PoliciesChecked event. A canary step whose policies say
// exactly what they said at the previous move in the same environment gets one short line.
func (n *Notifier) policyReply(e runlog.Event) string {
	title := e.Message
	key := e.Env + "\x00" + fmt.Sprint(e.Policies)
	same := key == n.lastPolicies
	n.lastPolicies = key
	if same {
		return fmt.Sprintf(":scales: *Policies* for %s: as at the move before", Escape(Fit(title, 300)))
	}
	return PolicyText(title, e.Policies)
}

// PostInThread posts text as one reply in the thread of a release message (CHANNEL/TS, as the
// deploy workflow's thread input carries it) with a bot token (chat:write): what `greenlight
// policy check --thread` does. text is posted as it is: escape what comes from outside.
func PostInThread(ctx context.Context, token, thread, text string, opts ...Option) error {
	if err := (protocol.Inputs{Command: protocol.Run, Thread: thread}).Validate(); err != nil {
		return err
	}
	if token == "" {
		return errors.New("no Slack bot token: set SLACK_BOT_TOKEN (xoxb-…) to post in the release's thread")
	}
	ch, ts, _ := strings.Cut(thread, "/")
	api := slack.New(token, ClientOptions(opts...)...)
	return Call(ctx, "chat.postMessage", ch, 4, time.Minute, func() error {
		_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText(text, false), slack.MsgOptionTS(ts))
		return err
	})
}
