package analysis_test

import (
	"math"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/judgesim"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// These tests assert statistical properties of the default judge by simulation through the
// engine's own analysis (analysis.Analysis), with fixed seeds. A rate bound is asserted with
// room for sampling error: observed <= bound + 3 standard errors, so that the test fails when the
// property is broken and not by bad luck. bench/judgebench runs the same scenarios with more
// runs and prints the figures.

// defaultPlan is what a user gets from CanaryPlan{Steps: ...}: nothing else set. The steps'
// weights are the scenario's (the analysis never saw the plan's Steps).
func defaultPlan() func() judgesim.Judge {
	return func() judgesim.Judge { return judgesim.NewPlan(analysis.Plan{}) }
}

type tally struct {
	n, fail, pass, other int
	failInTime           int
}

func run(sc judgesim.Scenario, j func() judgesim.Judge, runs int, seed uint64, within int) tally {
	t := tally{n: runs}
	for i := range runs {
		r := judgesim.Run(sc, j(), seed+uint64(i))
		switch r.Outcome {
		case analysis.Fail:
			t.fail++
			if r.Second <= within {
				t.failInTime++
			}
		case analysis.Pass:
			t.pass++
		default:
			t.other++
		}
	}
	return t
}

// atMost reports whether k of n is consistent with a rate of at most p.
func atMost(k, n int, p float64) bool {
	return float64(k)/float64(n) <= p+3*math.Sqrt(p*(1-p)/float64(n))
}

func atLeast(k, n int, p float64) bool {
	return float64(k)/float64(n) >= p-3*math.Sqrt(p*(1-p)/float64(n))
}

// Issue 12: the fixed-sample test repeated at every look raised the false alarms of identical
// versions to 2.4 % per step, 4.9 % per four-step plan. The default judge keeps 1 % per release.
func TestJudgeAAFalseAlarmPerReleaseAcrossLooksAndSteps(t *testing.T) {
	sc := judgesim.Scenario{Rate: 200, Steps: []int{10, 25, 50}, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.01}
	r := run(sc, defaultPlan(), 500, 1, 0)
	if !atMost(r.fail, r.n, 0.01) {
		t.Errorf("identical versions failed in %d of %d releases (%.1f%%), budget 1%%", r.fail, r.n, 100*float64(r.fail)/float64(r.n))
	}
	if r.pass+r.fail != r.n {
		t.Errorf("%d releases neither passed nor failed at 200 req/s", r.other)
	}
}

// Issue 12: a canary with 3× the errors (1 % → 3 %) at 200 req/s and 10 % weight was caught
// only 33.9 % of the time at the first step.
func TestJudgeCatchesThreeTimesTheErrorsWithinAMinute(t *testing.T) {
	sc := judgesim.Scenario{Rate: 200, Steps: []int{10}, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}
	r := run(sc, defaultPlan(), 400, 1000, 60)
	if !atLeast(r.failInTime, r.n, 0.95) {
		t.Errorf("3× errors caught within 60 s in %d of %d runs, want 95%%", r.failInTime, r.n)
	}
	// The few not caught in the first step's minute are caught in the next steps: the
	// evidence carries over.
	sc.Steps = []int{10, 25, 50}
	if r := run(sc, defaultPlan(), 400, 1000, 0); !atMost(r.pass, r.n, 0.01) {
		t.Errorf("3× errors passed all steps %d of %d times", r.pass, r.n)
	}
}

func TestJudgeCatchesTheDemosBadReleaseWithinFiveSeconds(t *testing.T) {
	sc := judgesim.Scenario{Rate: 200, Steps: []int{10}, StepSeconds: 60, StableErr: 0, CanaryErr: 0.30}
	if r := run(sc, defaultPlan(), 200, 2000, 5); r.failInTime != r.n {
		t.Errorf("30%% errors caught within 5 s in %d of %d runs", r.failInTime, r.n)
	}
}

// At 2 req/s a harmful canary never passes a step on what it served (a step without the least
// evidence passes unproven only at MaxWait, and the release's test goes on), and identical
// versions are not failed as harmful either.
func TestJudgeLowTrafficNeverPassesAHarmfulCanary(t *testing.T) {
	bad := judgesim.Scenario{Rate: 2, Steps: []int{10}, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}
	if r := run(bad, defaultPlan(), 200, 3000, 0); r.pass != 0 {
		t.Errorf("a 3× canary at 2 req/s passed %d of %d times", r.pass, r.n)
	}
	aa := bad
	aa.CanaryErr = 0.01
	seen := 0
	for i := range 200 {
		r := judgesim.Run(aa, defaultPlan()(), 4000+uint64(i))
		if r.Outcome == analysis.Pass {
			t.Fatalf("identical versions passed on too little evidence: %s", r.Reason)
		}
		if r.Outcome == analysis.Fail && !contains(r.Reason, "not enough data") {
			seen++
		}
	}
	if !atMost(seen, 200, 0.01) {
		t.Errorf("identical versions at 2 req/s failed as harmful %d of 200 times", seen)
	}
}

// release is the default plan whole, as a pipeline runs it: steps 10/25/50, each as long as
// traffic needs up to MaxWait, then Promote's bake continuing the same test.
func release(rate, stableErr, canaryErr float64) judgesim.Scenario {
	p := analysis.Plan{}.WithDefaults()
	return judgesim.Scenario{Rate: rate, Steps: []int{10, 25, 50}, StableErr: stableErr, CanaryErr: canaryErr,
		StepSeconds: int(p.MaxWait.Seconds()), BakeSeconds: int(p.Bake.MaxTime.Seconds())}
}

// Issue 23 §3: at 20 req/s the default plan rolled back almost every identical canary for lack
// of data. Identical versions are promoted in at least 99 % of releases, with at most 1 %
// false alarms over canary and bake together.
func TestDefaultPlanPromotesIdenticalVersionsAt20rps(t *testing.T) {
	r := run(release(20, 0.01, 0.01), defaultPlan(), 300, 7000, 0)
	if !atLeast(r.pass, r.n, 0.99) || !atMost(r.fail, r.n, 0.01) {
		t.Errorf("identical versions at 20 req/s: promoted %d, rolled back %d, undecided %d of %d; want ≥99%% promoted", r.pass, r.fail, r.other, r.n)
	}
}

// Issue 23 §3: a release going from 1 % to 3 % errors is still rolled back: within 30 minutes
// at 20 req/s and within 2 hours at 2 req/s, in at least 95 % of releases, over canary and bake.
func TestDefaultPlanCatchesThreeTimesTheErrorsAtLowTraffic(t *testing.T) {
	for _, c := range []struct {
		rate   float64
		within int
	}{{20, 30 * 60}, {2, 2 * 3600}} {
		if r := run(release(c.rate, 0.01, 0.03), defaultPlan(), 200, 8000, c.within); !atLeast(r.failInTime, r.n, 0.95) {
			t.Errorf("3× errors at %g req/s rolled back within %ds in %d of %d releases (promoted %d), want 95%%", c.rate, c.within, r.failInTime, r.n, r.pass)
		}
	}
}

func TestJudgeLatencyShiftOfTheMedian(t *testing.T) {
	aa := judgesim.Scenario{Rate: 200, Steps: []int{10}, StepSeconds: 60, Latency: true, Median: 100 * time.Millisecond}
	if r := run(aa, defaultPlan(), 150, 5000, 0); !atMost(r.fail, r.n, 0.01) {
		t.Errorf("identical latency failed %d of %d times", r.fail, r.n)
	}
	slow := aa
	slow.Shift = 50 * time.Millisecond
	if r := run(slow, defaultPlan(), 150, 6000, 60); !atLeast(r.failInTime, r.n, 0.95) {
		t.Errorf("+50 ms on the median caught within 60 s %d of %d times", r.failInTime, r.n)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
