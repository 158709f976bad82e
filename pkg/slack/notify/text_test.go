package notify

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Every Block Kit limit, cut on a rune boundary with an ellipsis, and accepted by the strict fake.
func TestCapBlocksKeepsEveryLimit(t *testing.T) {
	long := strings.Repeat("é", 4000)
	var fields []*slack.TextBlockObject
	for i := 0; i < 14; i++ {
		fields = append(fields, slack.NewTextBlockObject(slack.MarkdownType, long, false, false))
	}
	var elems []slack.MixedElement
	for i := 0; i < 12; i++ {
		elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, "x", false, false))
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("h", 151), false, false)),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, long, false, false), fields, nil),
		slack.NewContextBlock("", elems...),
	}
	for len(blocks) < 60 {
		blocks = append(blocks, slack.NewDividerBlock())
	}
	before, _ := json.Marshal(blocks)
	if errs := slackfake.CheckBlocks(before); len(errs) < 5 {
		t.Fatalf("the fake should refuse the uncapped blocks: %v", errs)
	}
	out := CapBlocks(blocks)
	raw, _ := json.Marshal(out)
	if errs := slackfake.CheckBlocks(raw); len(errs) > 0 {
		t.Fatalf("capped blocks refused: %v", errs)
	}
	if len(out) != MaxBlocks || !strings.Contains(string(raw), "and 11 more") {
		t.Errorf("%d blocks", len(out))
	}
	h := out[0].(*slack.HeaderBlock).Text.Text
	if utf8.RuneCountInString(h) != MaxHeader || !strings.HasSuffix(h, "…") {
		t.Errorf("header %d runes", utf8.RuneCountInString(h))
	}
	sec := out[1].(*slack.SectionBlock)
	if n := utf8.RuneCountInString(sec.Text.Text); n != MaxSection || !utf8.ValidString(sec.Text.Text) || len(sec.Fields) != MaxFields {
		t.Errorf("section %d runes, %d fields", n, len(sec.Fields))
	}
}

func TestEscapeAndFit(t *testing.T) {
	for in, want := range map[string]string{
		"<!channel> & <@U1>":           "&lt;!channel&gt; &amp; &lt;@U1&gt;",
		"<https://evil.example|click>": "&lt;https:\u2060//evil.example|click&gt;",
		"ping @here and @Everyone":     "ping @\u2060here and @\u2060Everyone",
		"mail ann@example.com":         "mail ann@example.com",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	// A cut never leaves half an entity.
	if got := EscapeFit("aaaa<b", 7); got != "aaaa…" {
		t.Errorf("EscapeFit: %q", got)
	}
}

// Slack answers 429 with Retry-After: the notifier waits that long and tries again.
func TestRateLimitedPostIsRetriedAfterRetryAfter(t *testing.T) {
	f := slackfake.New(nil)
	defer f.Stop()
	f.RateLimit("chat.postMessage", 1)
	n := New(slackfake.Token, "#deploys", WithAPIURL(f.GetAPIURL()), WithUpdateInterval(0))
	t0 := time.Now()
	buildOnly(n)
	if top := f.TopLevel(); len(top) != 1 || time.Since(t0) < time.Second || len(n.Undelivered()) > 0 {
		t.Errorf("messages %d after %s; lost %v", len(top), time.Since(t0), n.Undelivered())
	}
	if calls := f.Calls(slackfake.Token); len(calls) < 2 || calls[0] != "chat.postMessage" || calls[1] != "chat.postMessage" {
		t.Errorf("calls %v", calls)
	}
}

// A token without a method's scope: Slack answers missing_scope, which is final (no retry), and
// the notifier lists what it could not send and how to fix it.
func TestMissingScopeIsListedNotRetried(t *testing.T) {
	f := slackfake.New(nil)
	defer f.Stop()
	f.AddToken("xoxb-noreact", "chat:write")
	n := New("xoxb-noreact", "#deploys", WithAPIURL(f.GetAPIURL()), WithUpdateInterval(0))
	buildOnly(n)
	lost := n.Undelivered()
	if len(lost) != 1 || !strings.Contains(lost[0], "missing_scope") || !strings.Contains(lost[0], "reinstall") {
		t.Errorf("undelivered %q", lost)
	}
	var adds int
	for _, c := range f.Calls("xoxb-noreact") {
		if c == "reactions.add" {
			adds++
		}
	}
	if adds != 1 {
		t.Errorf("reactions.add called %d times, want once", adds)
	}
}

// buildOnly runs a one-stage release through n and sends everything.
func buildOnly(n *Notifier) {
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(*greenlight.Stage) error { return nil })
	}, greenlight.WithSink(n))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	n.Close(ctx)
}
