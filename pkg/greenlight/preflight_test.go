package greenlight

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// refusingMetrics is a metrics source whose contract check fails, as a Prometheus whose series
// lack the configured status label does.
type refusingMetrics struct {
	*fakeTarget
	asked []string
}

func (m *refusingMetrics) Preflight(ctx context.Context, stable Revision) error {
	m.asked = append(m.asked, stable.ID)
	return errors.New(`query "x" returned nothing: set the status label`)
}

// Issue 23 §2: a source that cannot judge the canary fails it before any traffic moves.
func TestPreflightFailureMovesNothing(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	before := tgt.events()
	m := &refusingMetrics{fakeTarget: tgt}
	env := &Environment{Name: "production", Target: tgt, Metrics: m}
	rep, err := Run(context.Background(), release(testImage(2), signer, seqPlan), WithEnvironments(env))
	if err == nil || rep.Status != runlog.Failed || !strings.Contains(rep.Error, `metrics preflight for production failed, nothing moved: query "x" returned nothing: set the status label`) {
		t.Fatalf("%v %s %q", err, rep.Status, rep.Error)
	}
	if got := tgt.events(); got != before || len(rep.Rollbacks) != 0 || len(rep.Moves) != 0 {
		t.Errorf("traffic moved: %q (was %q), moves %+v", got, before, rep.Moves)
	}
	if len(m.asked) != 1 || m.asked[0] != testImage(1).Short() {
		t.Errorf("preflight asked about %v, want the stable revision", m.asked)
	}
}

// Issue 23 §2: a canary whose requests are not counted under its revision fails the step with
// what was seen, whatever the plan says about low traffic; never a hold, never a pass.
func TestCanaryWithoutMetricsFailsTheStep(t *testing.T) {
	plan := seqPlan
	plan.OnLowTraffic = analysis.HoldForPerson
	rep, _ := secondRelease(t, analysis.Sample{Requests: 9000}, analysis.Sample{}, plan)
	want := "no metrics for revision " + testImage(2).Short() + ": the stable revision served 9000 requests"
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, want) ||
		!strings.Contains(rep.Rollbacks[0].Reason, "should have served about 1000") {
		t.Fatalf("canary without metrics: %s %q, rollbacks %+v", rep.Status, rep.Error, rep.Rollbacks)
	}
	// Too little stable traffic to tell: the usual low-traffic ending.
	rep, _ = secondRelease(t, analysis.Sample{Requests: 40}, analysis.Sample{}, seqPlan)
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "not enough data") {
		t.Fatalf("low traffic: %s %+v", rep.Status, rep.Rollbacks)
	}
}

func TestMissingCanaryRule(t *testing.T) {
	in := analysis.Input{Stable: analysis.Sample{Requests: 450}, Elapsed: 2 * time.Minute}
	if _, missing := missingCanary(in, 10, time.Hour); !missing {
		t.Error("450 stable requests at 10% imply 50 canary requests: missing")
	}
	for _, c := range []struct {
		in     analysis.Input
		weight int
		wait   time.Duration
	}{
		{analysis.Input{Stable: analysis.Sample{Requests: 449}, Elapsed: 2 * time.Minute}, 10, time.Hour},                                  // 49.9 expected
		{analysis.Input{Stable: analysis.Sample{Requests: 9000}, Elapsed: time.Minute}, 10, time.Hour},                                     // a scrape may lag
		{analysis.Input{Stable: analysis.Sample{Requests: 9000}, Canary: analysis.Sample{Requests: 1}, Elapsed: time.Hour}, 10, time.Hour}, // counted
		{analysis.Input{Stable: analysis.Sample{Requests: 9000}, Elapsed: time.Hour}, 0, time.Hour},                                        // no traffic sent
	} {
		if r, missing := missingCanary(c.in, c.weight, c.wait); missing {
			t.Errorf("%+v at %d%%: missing (%s)", c.in, c.weight, r)
		}
	}
	if _, missing := missingCanary(analysis.Input{Stable: analysis.Sample{Requests: 9000}, Elapsed: 30 * time.Second}, 10, 30*time.Second); !missing {
		t.Error("at MaxWait the rule applies even before the scrape lag")
	}
}

// Issue 23 §2: the bake checks the metrics contract before it watches, as the canary does: a
// source that cannot count the new version's errors fails the bake, and nothing moves.
func TestPreflightRunsBeforeTheBake(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 20000, Errors: 200})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 7000, Errors: 70})
	m := &refusingMetrics{fakeTarget: tgt}
	env := &Environment{Name: "production", Target: tgt}
	var movesBefore int
	rep, _ := Run(context.Background(), func(p *P) {
		release(testImage(2), signer, seqPlan)(p)
		env.Metrics = m // the canary judged on the target's figures; the bake's source refuses
		movesBefore = len(p.r.report.Moves)
		p.Bake(p.Env("production"), BakePlan{Duration: 50 * time.Millisecond, Interval: 5 * time.Millisecond})
	}, WithEnvironments(env))
	bake := rep.Stage("bake")
	if bake == nil || bake.Status != runlog.Failed || !strings.Contains(bake.Error, `metrics preflight for production failed`) ||
		!strings.Contains(bake.Error, `query "x" returned nothing: set the status label`) {
		t.Fatalf("bake %+v", bake)
	}
	if len(m.asked) != 1 || m.asked[0] != testImage(2).Short() {
		t.Errorf("preflight asked about %v, want the promoted revision", m.asked)
	}
	if len(rep.Moves) != movesBefore || len(rep.Rollbacks) != 0 || tgt.stable.ID != testImage(2).Short() {
		t.Errorf("the bake moved traffic: moves %+v rollbacks %+v", rep.Moves[movesBefore:], rep.Rollbacks)
	}
}
