package analysis

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

func TestSeqEarlyPassWhenShownNotWorse(t *testing.T) {
	a := New(Plan{})
	var v Verdict
	for s := int64(1); s <= 60 && v.Outcome != Pass; s++ {
		v = a.Look(context.Background(), Input{Weight: 50, Elapsed: time.Duration(s) * time.Second,
			Stable: Sample{Requests: 500 * s, Errors: 50 * s}, Canary: Sample{Requests: 500 * s, Errors: 25 * s}})
	}
	if v.Outcome != Pass || v.Evidence.Decided != "margin" || v.Evidence.ErrorPassE < v.Evidence.ErrorThreshold {
		t.Errorf("a canary with half the errors on lots of traffic: %s %q", v.Outcome, v.Reason)
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
	in := Input{Stable: Sample{Requests: 9000, Errors: 90}, Canary: Sample{Requests: 1000, Errors: 60}}
	if v := (Sequential{}).Judge(context.Background(), in); v.Outcome != Fail || v.Evidence.Decided != "errors" {
		t.Errorf("6%% vs 1%% on 1000/9000 requests: %s %q", v.Outcome, v.Reason)
	}
	in.Canary.Errors = 10
	if v := (Sequential{}).Judge(context.Background(), in); v.Outcome == Fail {
		t.Errorf("1%% vs 1%%: %s %q", v.Outcome, v.Reason)
	}
}

// A release with thousands of nats of evidence (a long bake at high traffic) gives finite
// e-values: its verdicts stay valid JSON in the report.
func TestSeqOverwhelmingEvidenceStaysFinite(t *testing.T) {
	a := New(Plan{})
	var v Verdict
	for s := int64(1); s <= 200; s++ {
		v = a.LookBake(context.Background(), Input{Weight: 75, Elapsed: time.Duration(s) * time.Second,
			Stable: Sample{Requests: 5000 * s, Errors: 2500 * s}, Canary: Sample{Requests: 15000 * s, Errors: 3000 * s}})
	}
	if math.IsInf(v.Evidence.ErrorPassE, 0) || v.Evidence.ErrorPassE < 1e300 {
		t.Errorf("not-worse evidence %g, want finite and overwhelming", v.Evidence.ErrorPassE)
	}
	if _, err := json.Marshal(v); err != nil {
		t.Errorf("the verdict does not marshal: %v", err)
	}
}

// Issue 23 §4: while a step waits for traffic, how long it still needs at the current rate is
// known from the first look at which the rate is: not only once StepTime is up and the step is
// extended.
func TestSeqWaitingIsShownBeforeStepTime(t *testing.T) {
	a := New(Plan{StepTime: time.Minute, MaxWait: 10 * time.Minute})
	// 10 s into a 10 % step of a service at 6 req/s: 6 canary requests, no errors yet.
	v := a.Look(context.Background(), Input{Weight: 10, Elapsed: 10 * time.Second, Stable: Sample{Requests: 54}, Canary: Sample{Requests: 6}})
	if v.Outcome != Wait || v.Evidence == nil || v.Evidence.NeedRequests <= 0 || v.Evidence.NeedTime <= 0 {
		t.Fatalf("10 s into the step: %s %q %+v", v.Outcome, v.Reason, v.Evidence)
	}
	w := v.Evidence.Waiting()
	if !strings.Contains(w, "waiting for traffic: about ") || !strings.Contains(w, "at the current rate") {
		t.Errorf("Waiting() = %q", w)
	}
	// No rate yet (nothing served): nothing to say about how long.
	b := New(Plan{StepTime: time.Minute, MaxWait: 10 * time.Minute})
	if v := b.Look(context.Background(), Input{Weight: 10, Elapsed: time.Second}); v.Evidence != nil && v.Evidence.NeedTime > 0 {
		t.Errorf("a time without a rate: %+v", v.Evidence)
	}
}
