package greenlight

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"
)

// The engine with the default judge: nothing but Steps and short times set.
var seqPlan = CanaryPlan{Steps: []int{10, 50, 100}, Interval: 5 * time.Millisecond, StepTime: 60 * time.Millisecond, MaxWait: 200 * time.Millisecond}

func secondRelease(t *testing.T, stable, canary Sample, plan CanaryPlan) (*Report, *Recorder) {
	t.Helper()
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, plan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), stable)
	tgt.setSample(testImage(2).Short(), canary)
	rec := &Recorder{}
	rep, _ := Run(context.Background(), release(testImage(2), signer, plan), WithEnvironments(prodEnv(tgt)), WithSink(rec))
	return rep, rec
}

func TestSeqDefaultJudgeInTheEngine(t *testing.T) {
	if _, ok := (CanaryPlan{}).withDefaults().Judge.(Sequential); !ok {
		t.Fatalf("the default judge is %T, want Sequential", (CanaryPlan{}).withDefaults().Judge)
	}
	// Healthy: no evidence of harm, enough requests: each step passes when its time is up.
	rep, _ := secondRelease(t, Sample{Requests: 20000, Errors: 200}, Sample{Requests: 6000, Errors: 60}, seqPlan)
	if rep.Status != Passed || len(rep.Verdicts) != 2 {
		t.Fatalf("healthy canary: %s %s, verdicts %+v", rep.Status, rep.Error, rep.Verdicts)
	}
	v := rep.Verdicts[0]
	if v.Outcome != Pass || v.Evidence == nil || v.Evidence.Decided != "step time" || !strings.Contains(v.Reason, "no evidence of harm") {
		t.Errorf("verdict %+v", v)
	}
	// The second step continues the first step's evidence: one budget per release.
	if e := rep.Verdicts[1].Evidence; e == nil || e.CanaryRequests != 12000 || e.StableRequests != 40000 {
		t.Errorf("second step's evidence %+v, want the requests of both steps", e)
	}

	// Harmful: fails at once, with its figures in the verdict and the rollback's reason.
	rep, _ = secondRelease(t, Sample{Requests: 900, Errors: 9}, Sample{Requests: 100, Errors: 30}, seqPlan)
	if rep.Status != Failed || len(rep.Rollbacks) != 1 {
		t.Fatalf("harmful canary: %s, rollbacks %+v", rep.Status, rep.Rollbacks)
	}
	v = rep.Verdicts[0]
	e := v.Evidence
	if v.Outcome != Fail || e == nil || e.Decided != "errors" || e.ErrorE < e.ErrorThreshold || e.ErrorThreshold != 100 || e.CanaryErrors != 30 {
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
	rep, rec := secondRelease(t, Sample{Requests: 40}, Sample{Requests: 5}, seqPlan)
	if rep.Status != Failed || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "not enough data after 200ms") {
		t.Fatalf("low traffic: %s, rollbacks %+v", rep.Status, rep.Rollbacks)
	}
	var live string
	for _, e := range rec.Events() {
		if e.Kind == AnalysisVerdict && e.Verdict.Outcome == Wait && strings.Contains(e.Message, "low traffic") {
			live = e.Message
		}
	}
	if !strings.Contains(live, "95 more request(s) per version") || !strings.Contains(live, "extended up to 200ms") {
		t.Errorf("no live line about the missing requests: %q", live)
	}

	a := NewAnalysis(CanaryPlan{Steps: []int{10, 100}, StepTime: time.Minute, MaxWait: 5 * time.Minute, OnLowTraffic: HoldForPerson})
	in := AnalysisInput{Weight: 10, Elapsed: 2 * time.Minute, Stable: Sample{Requests: 540}, Canary: Sample{Requests: 60}}
	v := a.Look(context.Background(), in)
	// 40 requests short of MinRequests (about 1m20s at 0.5 req/s); and with no errors yet, the
	// least evidence that would catch a canary at 1 % errors takes about 550 more requests.
	if v.Outcome != Wait || v.Evidence.NeedRequests != 553 || v.Evidence.NeedTime != 1104*time.Second ||
		!strings.Contains(v.Reason, "40 more request(s) per version needed for the least evidence (100), about 1m20s") ||
		!strings.Contains(v.Reason, "to catch a canary going from 0.00% to 1.00% errors 9 times in 10 the test needs about 553 more canary request(s), 18m24s") {
		t.Errorf("extended step: %s %q %+v", v.Outcome, v.Reason, v.Evidence)
	}
	in.Elapsed, in.Canary.Requests = 5*time.Minute, 90
	if v = a.Look(context.Background(), in); v.Outcome != Hold || !strings.Contains(v.Reason, "for a person") {
		t.Errorf("end of an extended step with HoldForPerson: %s %q", v.Outcome, v.Reason)
	}
}

func TestSeqEarlyPassWhenShownNotWorse(t *testing.T) {
	a := NewAnalysis(CanaryPlan{Steps: []int{50, 100}})
	var v Verdict
	for s := int64(1); s <= 60 && v.Outcome != Pass; s++ {
		v = a.Look(context.Background(), AnalysisInput{Weight: 50, Elapsed: time.Duration(s) * time.Second,
			Stable: Sample{Requests: 500 * s, Errors: 50 * s}, Canary: Sample{Requests: 500 * s, Errors: 25 * s}})
	}
	if v.Outcome != Pass || v.Evidence.Decided != "margin" || v.Evidence.ErrorPassE < v.Evidence.ErrorThreshold {
		t.Errorf("a canary with half the errors on lots of traffic: %s %q", v.Outcome, v.Reason)
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

func TestSeqHistogramHelpers(t *testing.T) {
	ms := time.Millisecond
	h := Histogram{Bounds: []time.Duration{10 * ms, 50 * ms, 100 * ms}, Cumulative: []int64{10, 60, 90, 100}}
	if q, _ := h.quantile(0.5); q != 50*ms {
		t.Errorf("median %s", q)
	}
	if n := h.above(20 * ms); n != 40 { // the first bound at or over 20ms is 50ms: 40 slower
		t.Errorf("above 20ms: %d", n)
	}
	d := h.minus(&Histogram{Bounds: h.Bounds, Cumulative: []int64{5, 30, 45, 50}})
	if d.total() != 50 || d.Cumulative[1] != 30 {
		t.Errorf("minus %+v", d)
	}
}

// The likelihood ratio of Fisher's noncentral hypergeometric law, against a case by hand:
// a=3, b=5, k=4 events, x=2 on the canary, psi=2 against 1: (30·4/225) / (30/70).
func TestSeqLikelihoodRatioByHand(t *testing.T) {
	p := newEProcess([]float64{2}, 1)
	p.add(3, 5, 2, 2)
	if want := (120.0 / 225) / (30.0 / 70); math.Abs(p.e()-want) > 1e-12 {
		t.Errorf("LR %g, want %g", p.e(), want)
	}
	// One possible split carries no information.
	q := newEProcess([]float64{2}, 1)
	q.add(3, 5, 0, 0)
	q.add(0, 5, 0, 3)
	if q.e() != 1 {
		t.Errorf("no information moved the e-value to %g", q.e())
	}
}

func TestSeqOneLookJudge(t *testing.T) {
	in := AnalysisInput{Stable: Sample{Requests: 9000, Errors: 90}, Canary: Sample{Requests: 1000, Errors: 60}}
	if v := (Sequential{}).Judge(context.Background(), in); v.Outcome != Fail || v.Evidence.Decided != "errors" {
		t.Errorf("6%% vs 1%% on 1000/9000 requests: %s %q", v.Outcome, v.Reason)
	}
	in.Canary.Errors = 10
	if v := (Sequential{}).Judge(context.Background(), in); v.Outcome == Fail {
		t.Errorf("1%% vs 1%%: %s %q", v.Outcome, v.Reason)
	}
}
