package greenlight

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// The engine with the default judge: nothing but Steps and short times set.
var seqPlan = CanaryPlan{Steps: []int{10, 50, 100}, Interval: 5 * time.Millisecond, StepTime: 60 * time.Millisecond, MaxWait: 200 * time.Millisecond}

func secondRelease(t *testing.T, stable, canary analysis.Sample, plan CanaryPlan) (*runlog.Report, *runlog.Recorder) {
	t.Helper()
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, plan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), stable)
	tgt.setSample(testImage(2).Short(), canary)
	rec := &runlog.Recorder{}
	rep, _ := Run(context.Background(), release(testImage(2), signer, plan), WithEnvironments(prodEnv(tgt)), WithSink(rec))
	return rep, rec
}

func TestSeqDefaultJudgeInTheEngine(t *testing.T) {
	if _, ok := (CanaryPlan{}).Analysis().WithDefaults().Judge.(analysis.Sequential); !ok {
		t.Fatalf("the default judge is %T, want Sequential", (CanaryPlan{}).Analysis().WithDefaults().Judge)
	}
	// Healthy: no evidence of harm, enough requests: each step passes when its time is up.
	rep, _ := secondRelease(t, analysis.Sample{Requests: 20000, Errors: 200}, analysis.Sample{Requests: 6000, Errors: 60}, seqPlan)
	if rep.Status != runlog.Passed || len(rep.Verdicts) != 2 {
		t.Fatalf("healthy canary: %s %s, verdicts %+v", rep.Status, rep.Error, rep.Verdicts)
	}
	v := rep.Verdicts[0]
	if v.Outcome != analysis.Pass || v.Evidence == nil || v.Evidence.Decided != "step time" || !strings.Contains(v.Reason, "no evidence of harm") {
		t.Errorf("verdict %+v", v)
	}
	// The second step continues the first step's evidence: one budget per release.
	if e := rep.Verdicts[1].Evidence; e == nil || e.CanaryRequests != 12000 || e.StableRequests != 40000 {
		t.Errorf("second step's evidence %+v, want the requests of both steps", e)
	}

	// Harmful: fails at once, with its figures in the verdict and the rollback's reason.
	rep, _ = secondRelease(t, analysis.Sample{Requests: 900, Errors: 9}, analysis.Sample{Requests: 100, Errors: 30}, seqPlan)
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 {
		t.Fatalf("harmful canary: %s, rollbacks %+v", rep.Status, rep.Rollbacks)
	}
	v = rep.Verdicts[0]
	e := v.Evidence
	if v.Outcome != analysis.Fail || e == nil || e.Decided != "errors" || e.ErrorE < e.ErrorThreshold || e.ErrorThreshold != 100 || e.CanaryErrors != 30 {
		t.Errorf("verdict %+v evidence %+v", v, e)
	}
	for _, want := range []string{"30.00% canary vs 1.00% baseline", "100/900 requests", "≥ 100"} {
		if !strings.Contains(v.Reason, want) || !strings.Contains(rep.Rollbacks[0].Reason, want) {
			t.Errorf("reason %q lacks %q", v.Reason, want)
		}
	}
}

// Issue 12: a low-traffic step is extended with a live line saying what is missing, then ends
// as the plan says; never a silent pass.
func TestSeqLowTrafficIsExtendedThenEndsAsThePlanSays(t *testing.T) {
	rep, rec := secondRelease(t, analysis.Sample{Requests: 40}, analysis.Sample{Requests: 5}, seqPlan)
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "not enough data after 200ms") {
		t.Fatalf("low traffic: %s, rollbacks %+v", rep.Status, rep.Rollbacks)
	}
	var live string
	for _, e := range rec.Events() {
		if e.Kind == runlog.AnalysisVerdict && e.Verdict.Outcome == analysis.Wait && strings.Contains(e.Message, "low traffic") {
			live = e.Message
		}
	}
	if !strings.Contains(live, "95 more request(s) per version") || !strings.Contains(live, "extended up to 200ms") {
		t.Errorf("no live line about the missing requests: %q", live)
	}

	a := analysis.New(CanaryPlan{Steps: []int{10, 100}, StepTime: time.Minute, MaxWait: 5 * time.Minute, OnLowTraffic: analysis.HoldForPerson}.Analysis())
	in := analysis.Input{Weight: 10, Elapsed: 2 * time.Minute, Stable: analysis.Sample{Requests: 540}, Canary: analysis.Sample{Requests: 60}}
	v := a.Look(context.Background(), in)
	// 40 requests short of MinRequests (about 1m20s at 0.5 req/s); and with no errors yet, the
	// least evidence that would catch a canary at 1 % errors takes about 550 more requests.
	if v.Outcome != analysis.Wait || v.Evidence.NeedRequests != 553 || v.Evidence.NeedTime != 1104*time.Second ||
		!strings.Contains(v.Reason, "40 more request(s) per version needed for the least evidence (100), about 1m20s") ||
		!strings.Contains(v.Reason, "to catch a canary going from 0.00% to 1.00% errors 9 times in 10 the test needs about 553 more canary request(s), 18m24s") {
		t.Errorf("extended step: %s %q %+v", v.Outcome, v.Reason, v.Evidence)
	}
	in.Elapsed, in.Canary.Requests = 5*time.Minute, 90
	if v = a.Look(context.Background(), in); v.Outcome != analysis.Hold || !strings.Contains(v.Reason, "for a person") {
		t.Errorf("end of an extended step with HoldForPerson: %s %q", v.Outcome, v.Reason)
	}
}

func TestSeqPlanValidation(t *testing.T) {
	for _, p := range []CanaryPlan{
		{Steps: []int{10}, StepTime: time.Minute, MaxWait: time.Second},
		{Steps: []int{10}, OnLowTraffic: "pray"},
		{Steps: []int{10}, MinRequests: -1},
	} {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}
