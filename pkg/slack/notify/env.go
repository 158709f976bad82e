package notify

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Off is the one line a run prints when Slack is not configured.
const Off = "slack: off; set SLACK_BOT_TOKEN (xoxb-…) and SLACK_CHANNEL (#deploys or C…) to follow releases in Slack (docs/slack.md)"

// Setup is the notifier as the environment configures it (FromEnv).
type Setup struct {
	// Option adds the notifier to a run (an option that does nothing when Slack is off).
	Option greenlight.Option
	// Notifier is the notifier, nil when Slack is off (for slack.Approver's Release).
	Notifier *Notifier
	// Token and Channel are SLACK_BOT_TOKEN and SLACK_CHANNEL.
	Token, Channel string
	flush          func()
}

// Flush sends what is queued, waiting at most 15 s (a Slack outage never holds a deploy), and
// lists what could not be sent on stderr and in the step summary ($GITHUB_STEP_SUMMARY).
func (s *Setup) Flush() { s.flush() }

// FromEnv switches the notifier on when SLACK_BOT_TOKEN and SLACK_CHANNEL are set, for a
// pipeline's main:
//
//	sl := notify.FromEnv(os.Stderr)
//	code := greenlight.MainArgs(os.Args[1:], os.Stderr, pipeline, sl.Option, ...)
//	sl.Flush()
//
// The source shown (commit, ref, author, run link) comes from GitHub Actions' variables. With
// no token or no channel it prints Off, the one line about Slack in the run.
func FromEnv(stderr io.Writer) *Setup {
	token, channel := os.Getenv("SLACK_BOT_TOKEN"), os.Getenv("SLACK_CHANNEL")
	if token == "" || channel == "" {
		fmt.Fprintln(stderr, Off)
		return &Setup{Option: greenlight.WithSink(greenlight.SinkFunc(func(greenlight.Event) {})), flush: func() {}}
	}
	var opts []Option
	if u := os.Getenv("SLACK_API_URL"); u != "" {
		opts = append(opts, WithAPIURL(u))
	}
	opts = append(opts, WithLog(func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }))
	n := New(token, channel, opts...)
	n.SetSource(SourceFromEnv())
	flush := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		err := n.Close(ctx)
		lost := n.Undelivered()
		if err != nil {
			lost = append(lost, err.Error())
		}
		if len(lost) == 0 {
			return
		}
		fmt.Fprintf(stderr, "slack: %d notification(s) not delivered (the deploy is not affected):\n", len(lost))
		for _, l := range lost {
			fmt.Fprintf(stderr, "  %s\n", l)
		}
		if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
			if f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				fmt.Fprintf(f, "\n### Slack: not delivered\n\n")
				for _, l := range lost {
					fmt.Fprintf(f, "- %s\n", strings.ReplaceAll(l, "\n", " "))
				}
				f.Close()
			}
		}
	}
	return &Setup{Option: greenlight.WithSink(n), Notifier: n, Token: token, Channel: channel, flush: flush}
}

// SourceFromEnv is the commit, ref, author and run link of the GitHub Actions run, from its
// variables (empty outside Actions).
func SourceFromEnv() greenlight.Source {
	src := greenlight.Source{Repository: os.Getenv("GITHUB_REPOSITORY"), Commit: os.Getenv("GITHUB_SHA"),
		Ref: os.Getenv("GITHUB_REF_NAME"), Author: os.Getenv("GITHUB_ACTOR"), Trigger: os.Getenv("GITHUB_EVENT_NAME")}
	if srv, id := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_RUN_ID"); srv != "" && id != "" && src.Repository != "" {
		src.RunURL = srv + "/" + src.Repository + "/actions/runs/" + id
	}
	return src
}
