package actions

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// lowTrafficStep is what the engine's analysis says of a step at 10 % of a service at 1 req/s:
// a look while it waits for traffic, then its end at MaxWait, unproven.
func lowTrafficStep() (waiting, ended analysis.Verdict) {
	a := analysis.New(analysis.Plan{StepTime: time.Minute, MaxWait: 5 * time.Minute})
	in := analysis.Input{Env: "production", Weight: 10, Elapsed: 2 * time.Minute, Stable: analysis.Sample{Requests: 540, Errors: 5}, Canary: analysis.Sample{Requests: 60}}
	waiting = a.Look(context.Background(), in)
	in.Elapsed, in.Stable, in.Canary = 5*time.Minute, analysis.Sample{Requests: 1350, Errors: 13}, analysis.Sample{Requests: 150, Errors: 1}
	ended = a.Look(context.Background(), in)
	return waiting, ended
}

// Issue 23 §4: the step summary shows, per step, requests and errors per version and the
// evidence against its threshold, and says when a step passed unproven.
func TestSummaryShowsEachStepsFiguresAndEvidence(t *testing.T) {
	waiting, ended := lowTrafficStep()
	if waiting.Outcome != analysis.Wait || waiting.Evidence.Waiting() == "" || ended.Outcome != analysis.Pass {
		t.Fatalf("the analysis did not wait then pass unproven: %s %q; %s %q", waiting.Outcome, waiting.Reason, ended.Outcome, ended.Reason)
	}
	m, getenv := env(t)
	var out strings.Builder
	sink := New(&out, getenv).NewSink(&out)
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("canary", func(s *greenlight.Stage) error {
			sink.Emit(runlog.Event{Kind: runlog.AnalysisVerdict, Stage: "canary", Env: "production", Weight: 10, Verdict: &waiting})
			sink.Emit(runlog.Event{Kind: runlog.AnalysisVerdict, Stage: "canary", Env: "production", Weight: 10, Verdict: &ended})
			return nil
		})
	}, greenlight.WithName("hello"), greenlight.WithSink(sink))
	sum, _ := os.ReadFile(m["GITHUB_STEP_SUMMARY"])
	s := string(sum)
	for _, want := range []string{
		"| Environment | Weight | Verdict | Canary (this step) | Stable (this step) | Evidence | Why |",
		"| production | 10% | pass (unproven) | 150 req, 1 err (0.67%)",
		"| 1350 req, 13 err (0.96%)",
		"evidence of more errors ",
		" of 100",
		"step passed unproven after 5m0s",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

// Issue 23 §4: a run that ends while a step waits for traffic (cancelled, superseded) leaves
// that step in the summary, with how long it still needed at the current rate, known from
// the step's first looks: here 10 s into a one-minute step.
func TestSummaryShowsAStepLeftWaitingForTraffic(t *testing.T) {
	a := analysis.New(analysis.Plan{StepTime: time.Minute, MaxWait: 10 * time.Minute})
	early := a.Look(context.Background(), analysis.Input{Env: "production", Weight: 10, Elapsed: 10 * time.Second,
		Stable: analysis.Sample{Requests: 54}, Canary: analysis.Sample{Requests: 6}})
	if early.Outcome != analysis.Wait {
		t.Fatalf("10 s into the step: %s %q", early.Outcome, early.Reason)
	}
	m, getenv := env(t)
	var out strings.Builder
	sink := New(&out, getenv).NewSink(&out)
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("canary", func(s *greenlight.Stage) error {
			sink.Emit(runlog.Event{Kind: runlog.AnalysisVerdict, Stage: "canary", Env: "production", Weight: 10, Verdict: &early})
			return errors.New("cancelled during analysis at 10%")
		})
	}, greenlight.WithName("hello"), greenlight.WithSink(sink))
	sum, _ := os.ReadFile(m["GITHUB_STEP_SUMMARY"])
	s := string(sum)
	for _, want := range []string{"| production | 10% | wait | 6 req, 0 err", "waiting for traffic: about ", "at the current rate"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}
