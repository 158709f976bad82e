package greenlight

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestBakeRollsBackARegressionAfterPromote(t *testing.T) {
	for _, tc := range []struct {
		name       string
		after      Sample // what the new version serves during the bake
		wantStatus Status
	}{
		{"steady", Sample{Requests: 3000, Errors: 30}, Passed},
		{"regressed", Sample{Requests: 3000, Errors: 300}, Failed},
	} {
		tgt := newFakeTarget()
		signer := newFakeSigning("k")
		if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prodEnv(tgt))); err != nil {
			t.Fatal(err)
		}
		tgt.setSample(testImage(1).Short(), Sample{Requests: 20000, Errors: 200})
		tgt.setSample(testImage(2).Short(), Sample{Requests: 7000, Errors: 70})
		rep, _ := Run(context.Background(), func(p *P) {
			release(testImage(2), signer, seqPlan)(p)
			tgt.setSample(testImage(2).Short(), tc.after)
			p.Bake(p.Env("production"), BakePlan{Duration: 100 * time.Millisecond, Interval: 5 * time.Millisecond})
		}, WithEnvironments(prodEnv(tgt)))
		bake := rep.Stage("bake")
		if bake == nil || rep.Status != tc.wantStatus || bake.Status != tc.wantStatus {
			t.Fatalf("%s: run %s, bake %+v", tc.name, rep.Status, bake)
		}
		last := rep.Verdicts[len(rep.Verdicts)-1]
		if last.Weight != 100 || last.Evidence == nil || last.Evidence.StableRequests != 40000 || last.Evidence.CanaryRequests != 3000 {
			t.Errorf("%s: bake verdict %+v %+v", tc.name, last, last.Evidence)
		}
		switch tc.wantStatus {
		case Passed:
			if tgt.stable.ID != testImage(2).Short() || !strings.Contains(bake.Result, "no regression") {
				t.Errorf("steady: stable %s, result %q", tgt.stable.ID, bake.Result)
			}
		case Failed:
			if tgt.stable.ID != testImage(1).Short() || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "error rate regressed: errors 10.00% on 3000 requests vs 1.00% recorded") {
				t.Errorf("regressed: stable %s, rollbacks %+v", tgt.stable.ID, rep.Rollbacks)
			}
		}
	}
}

func TestBakeNeedsRecordedFigures(t *testing.T) {
	tgt := newFakeTarget()
	rep, _ := Run(context.Background(), func(p *P) {
		release(testImage(1), newFakeSigning("k"), seqPlan)(p)
		p.Bake(p.Env("production"), BakePlan{Duration: time.Millisecond})
	}, WithEnvironments(prodEnv(tgt)))
	if b := rep.Stage("bake"); b == nil || b.Status != Failed || !strings.Contains(b.Error, "no recorded figures") {
		t.Errorf("bake without figures: %+v", b)
	}
}

func TestBakeUpperBound(t *testing.T) {
	if p := upperBound(10, 1000, 0.005); p < 0.018 || p > 0.03 {
		t.Errorf("upper bound of 10/1000 at 99.5%%: %g", p)
	}
	if p := upperBound(0, 1000, 0.005); p < 0.004 || p > 0.007 {
		t.Errorf("upper bound of 0/1000: %g", p)
	}
}

func TestBakeFalseAlarmsAndPower(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	errs := func(n int64, p float64) int64 {
		var k int64
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		return k
	}
	sim := func(p float64) (alarms int, within60 int) {
		const runs = 300
		for range runs {
			base := Sample{Requests: 20000}
			base.Errors = errs(base.Requests, 0.01)
			w := newBakeWatch(base, 0.01)
			var cur Sample
			for s := 1; s <= 300; s++ {
				cur.Requests += 100
				cur.Errors += errs(100, p)
				if w.look(cur, false).Outcome == Fail {
					alarms++
					if s <= 60 {
						within60++
					}
					break
				}
			}
		}
		return alarms, within60
	}
	if a, _ := sim(0.01); a > 8 { // budget 1 % of 300 plus three standard errors
		t.Errorf("the same error rate as recorded rolled back %d of 300 bakes", a)
	}
	if _, c := sim(0.03); c < 285 {
		t.Errorf("3× the recorded error rate caught within 60 s in %d of 300 bakes", c)
	}
}

// histTarget is a fakeTarget whose revisions also report latency histograms.
type histTarget struct {
	*fakeTarget
	hist map[string]Histogram
}

func (h *histTarget) Histogram(ctx context.Context, rev Revision, since time.Time) (Histogram, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hist[rev.ID], nil
}

// The bake watches latency as well as errors: a release whose requests turn slow after promote
// is rolled back, one that stays as fast as the previous version's recorded latency is kept.
func TestBakeRollsBackALatencyRegression(t *testing.T) {
	bounds := []time.Duration{10 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond}
	for _, tc := range []struct {
		name string
		hist Histogram // 3000 requests: cumulative counts at 10, 50, 100 ms, +Inf
		want Status
	}{
		{"as fast", Histogram{Bounds: bounds, Cumulative: []int64{1500, 2850, 2990, 3000}}, Passed},
		{"slower", Histogram{Bounds: bounds, Cumulative: []int64{300, 1200, 2000, 3000}}, Failed},
	} {
		tgt := &histTarget{fakeTarget: newFakeTarget(), hist: map[string]Histogram{}}
		signer := newFakeSigning("k")
		tgt.setSample(testImage(1).Short(), Sample{Requests: 3000, Errors: 30})
		if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(&Environment{Name: "production", Target: tgt})); err != nil {
			t.Fatal(err)
		}
		tgt.setSample(testImage(2).Short(), Sample{Requests: 3000, Errors: 30})
		tgt.mu.Lock()
		tgt.hist[testImage(2).Short()] = tc.hist
		tgt.mu.Unlock()
		rep, _ := Run(context.Background(), func(p *P) {
			release(testImage(2), signer, fastPlan)(p)
			// The previous version: 5 % of 20,000 requests slower than 50 ms.
			p.Bake(p.Env("production"), BakePlan{Duration: 100 * time.Millisecond, Interval: 5 * time.Millisecond,
				Baseline: &Sample{Requests: 20000, Errors: 200}, Latency: &LatencyBaseline{Threshold: 50 * time.Millisecond, Timed: 20000, Slow: 1000}})
		}, WithEnvironments(&Environment{Name: "production", Target: tgt}))
		bake := rep.Stage("bake")
		if bake == nil || bake.Status != tc.want {
			t.Fatalf("%s: bake %+v (run %s %s)", tc.name, bake, rep.Status, rep.Error)
		}
		if tc.want == Failed && (tgt.stable.ID != testImage(1).Short() || !strings.Contains(rep.Rollbacks[0].Reason, "latency regressed: requests slower than 50ms 60.00%")) {
			t.Errorf("slower: stable %s, rollbacks %+v", tgt.stable.ID, rep.Rollbacks)
		}
		if tc.want == Passed && !strings.Contains(bake.Result, "requests slower than 50ms 5.00%") {
			t.Errorf("as fast: result %q", bake.Result)
		}
	}
}
