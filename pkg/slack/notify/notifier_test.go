package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/linelog"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

func TestNotifierFollowsARelease(t *testing.T) {
	f := slackfake.New(nil)
	defer f.Stop()
	f.FailUpdates(429, 503)
	var logs []string
	n := New("xoxb-test", "C0DEPLOYS", WithAPIURL(f.GetAPIURL()), WithLogger(logTo(func(l string) { logs = append(logs, l) })))
	n.SetSource(runlog.Source{Commit: "3f2a9c1d00", Author: "ann", RunURL: "https://github.com/acme/hello/actions/runs/7"})
	n.SetEnvironmentURLs(map[string]string{"staging": "https://staging.hello.example"})
	_, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(s *greenlight.Stage) error { s.Result("ghcr.io/acme/hello@sha256:abc"); return nil })
		n.Emit(runlog.Event{Kind: runlog.TrafficShifted, Env: "staging", Weight: 100})
		p.Stage("canary", func(s *greenlight.Stage) error { return fmt.Errorf("canary failed at 10%%") })
	}, greenlight.WithName("hello"), greenlight.WithSink(n))
	if err == nil {
		t.Fatal("the pipeline should have failed")
	}
	// A rollback arrives as an event too.
	n.Emit(runlog.Event{Kind: runlog.RolledBack, Env: "production", Duration: 1500 * time.Microsecond, Message: "100% of traffic on v1"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.Close(ctx); err != nil {
		t.Fatal(err)
	}
	top := f.TopLevel()
	if len(top) != 1 {
		t.Fatalf("%d top-level messages, want one per release", len(top))
	}
	msg := top[0]
	for _, want := range []string{"Greenlight: hello failed", "build", "canary failed at 10%", "3f2a9c1", "ann", "actions/runs/7", "https://staging.hello.example"} {
		if !strings.Contains(msg.Blocks+msg.Text, want) {
			t.Errorf("final message lacks %q:\n%s", want, msg.Blocks)
		}
	}
	if msg.Updates == 0 {
		t.Error("the message was never updated: the injected 429 and 503 should have been retried")
	}
	// Read back through Slack's API, as a person's client would.
	api := slack.New("xoxb-test", slack.OptionAPIURL(f.GetAPIURL()))
	replies, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: "C0DEPLOYS", Timestamp: msg.TS})
	if err != nil || len(replies) != 2 || !strings.Contains(replies[1].Text, "Rolled back in production") {
		t.Errorf("thread: %+v %v", replies, err)
	}
	r, err := api.GetReactions(slack.NewRefToMessage("C0DEPLOYS", msg.TS), slack.NewGetReactionsParameters())
	if err != nil || len(r.Reactions) != 1 || r.Reactions[0].Name != "x" {
		t.Errorf("the failed release's reaction: %+v %v", r, err)
	}
}

// Slack down: the pipeline runs as if nothing happened, and the notifier says what it dropped.
func TestSlackDownNeverBlocksOrFailsTheRun(t *testing.T) {
	var mu sync.Mutex
	var logs []string
	n := New("xoxb-test", "C0DEPLOYS", WithAPIURL("http://127.0.0.1:1/"), WithLogger(logTo(func(l string) {
		mu.Lock()
		logs = append(logs, l)
		mu.Unlock()
	})))
	t0 := time.Now()
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		for i := 0; i < 50; i++ {
			p.Stage(fmt.Sprintf("s%d", i), func(*greenlight.Stage) error { return nil })
		}
	}, greenlight.WithSink(n))
	if err != nil || rep.Status != runlog.Passed || time.Since(t0) > time.Second {
		t.Fatalf("the run was affected: %v, %s in %s", err, rep.Status, time.Since(t0))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n.Close(ctx)
	mu.Lock()
	defer mu.Unlock()
	if len(logs) == 0 || !strings.Contains(logs[0], "posting the release message") {
		t.Errorf("nothing logged: %q", logs)
	}
}

// logTo is a logger handing each message (one line) to add.
func logTo(add func(line string)) *slog.Logger { return linelog.New(lineWriter(add)) }

type lineWriter func(string)

func (w lineWriter) Write(b []byte) (int, error) {
	w(strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}
