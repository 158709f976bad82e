package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Issue 23 §4: the thread shows each step's end with requests and errors per version and the
// evidence against its threshold; the release message, while a step waits for traffic, how
// much more it needs and how long that takes at the current rate.
func TestThreadShowsEachStepAndWhatItWaitsFor(t *testing.T) {
	// The engine's analysis of a service at 1 req/s: a step at 10 % waits, then passes
	// unproven at MaxWait; the bake at 75 % waits for traffic.
	a := analysis.New(analysis.Plan{StepTime: time.Minute, MaxWait: 5 * time.Minute})
	in := analysis.Input{Env: "production", Weight: 10, Elapsed: 5 * time.Minute, Stable: analysis.Sample{Requests: 1350, Errors: 13}, Canary: analysis.Sample{Requests: 150, Errors: 1}}
	ended := a.Look(context.Background(), in)
	bake := a.LookBake(context.Background(), analysis.Input{Env: "production", Weight: 75, Elapsed: 20 * time.Minute,
		Stable: analysis.Sample{Requests: 300, Errors: 3}, Canary: analysis.Sample{Requests: 900, Errors: 9}})
	if ended.Outcome != analysis.Pass || bake.Outcome != analysis.Wait || bake.Evidence.Waiting() == "" {
		t.Fatalf("analysis: %s %q; bake %s %q", ended.Outcome, ended.Reason, bake.Outcome, bake.Reason)
	}

	f := slackfake.New(nil)
	defer f.Stop()
	n := New("xoxb-test", "C0DEPLOYS", WithAPIURL(f.GetAPIURL()))
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("canary", func(s *greenlight.Stage) error {
			n.Emit(runlog.Event{Kind: runlog.AnalysisVerdict, Env: "production", Weight: 10, Verdict: &ended})
			n.Emit(runlog.Event{Kind: runlog.AnalysisVerdict, Env: "production", Weight: 75, Verdict: &bake})
			return nil
		})
	}, greenlight.WithName("hello"), greenlight.WithSink(n))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.Close(ctx); err != nil {
		t.Fatal(err)
	}
	top := f.TopLevel()
	if len(top) != 1 {
		t.Fatalf("%d top-level messages", len(top))
	}
	msg := top[0]
	for _, want := range []string{"*Canary* production at 75%: *wait*", "canary 900 req, 9 err (1.00%)", "stable 300 req, 3 err (1.00%)",
		"evidence of more errors", "waiting for traffic: about ", "at the current rate"} {
		if !strings.Contains(msg.Blocks, want) {
			t.Errorf("release message lacks %q:\n%s", want, msg.Blocks)
		}
	}
	api := slack.New("xoxb-test", slack.OptionAPIURL(f.GetAPIURL()))
	replies, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: "C0DEPLOYS", Timestamp: msg.TS})
	if err != nil || len(replies) != 2 {
		t.Fatalf("thread: %+v %v", replies, err)
	}
	r := replies[1].Text
	for _, want := range []string{"Step 10% passed unproven in production", "canary 150 req, 1 err (0.67%)", "stable 1350 req, 13 err (0.96%)", "evidence of more errors", " of 100"} {
		if !strings.Contains(r, want) {
			t.Errorf("step reply lacks %q:\n%s", want, r)
		}
	}
}

// Issue 23 §4: the release message says how long a step still needs at the current rate from
// the step's first looks (here 10 s into a one-minute step), not only once it is extended.
func TestReleaseMessageShowsWaitingFromTheFirstLooks(t *testing.T) {
	a := analysis.New(analysis.Plan{StepTime: time.Minute, MaxWait: 10 * time.Minute})
	early := a.Look(context.Background(), analysis.Input{Env: "production", Weight: 10, Elapsed: 10 * time.Second,
		Stable: analysis.Sample{Requests: 54}, Canary: analysis.Sample{Requests: 6}})
	f := slackfake.New(nil)
	defer f.Stop()
	n := New("xoxb-test", "C0DEPLOYS", WithAPIURL(f.GetAPIURL()))
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("canary", func(s *greenlight.Stage) error {
			n.Emit(runlog.Event{Kind: runlog.AnalysisVerdict, Env: "production", Weight: 10, Verdict: &early})
			return nil
		})
	}, greenlight.WithName("hello"), greenlight.WithSink(n))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.Close(ctx); err != nil {
		t.Fatal(err)
	}
	top := f.TopLevel()
	if len(top) != 1 {
		t.Fatalf("%d top-level messages", len(top))
	}
	for _, want := range []string{"*Canary* production at 10%: *wait*", "canary 6 req, 0 err", ":hourglass_flowing_sand: waiting for traffic: about ", "at the current rate"} {
		if !strings.Contains(top[0].Blocks, want) {
			t.Errorf("release message lacks %q:\n%s", want, top[0].Blocks)
		}
	}
}
