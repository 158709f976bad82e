package greenlight

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

func TestBakeRollsBackARegressionAfterPromote(t *testing.T) {
	for _, tc := range []struct {
		name       string
		after      analysis.Sample // what the new version serves during the bake
		wantStatus runlog.Status
	}{
		{"steady", analysis.Sample{Requests: 3000, Errors: 30}, runlog.Passed},
		{"regressed", analysis.Sample{Requests: 3000, Errors: 300}, runlog.Failed},
	} {
		tgt := newFakeTarget()
		signer := newFakeSigning("k")
		if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prodEnv(tgt))); err != nil {
			t.Fatal(err)
		}
		tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 20000, Errors: 200})
		tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 7000, Errors: 70})
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
		// The baseline recorded over the canary's two steps and Promote's bake: 3 × 20000.
		if last.Weight != 100 || last.Evidence == nil || last.Evidence.StableRequests != 60000 || last.Evidence.CanaryRequests != 3000 {
			t.Errorf("%s: bake verdict %+v %+v", tc.name, last, last.Evidence)
		}
		switch tc.wantStatus {
		case runlog.Passed:
			if tgt.stable.ID != testImage(2).Short() || !strings.Contains(bake.Result, "no regression") {
				t.Errorf("steady: stable %s, result %q", tgt.stable.ID, bake.Result)
			}
		case runlog.Failed:
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
	if b := rep.Stage("bake"); b == nil || b.Status != runlog.Failed || !strings.Contains(b.Error, "no recorded figures") {
		t.Errorf("bake without figures: %+v", b)
	}
}

// histTarget is a fakeTarget whose revisions also report latency histograms.
type histTarget struct {
	*fakeTarget
	hist map[string]analysis.Histogram
}

func (h *histTarget) Histogram(ctx context.Context, rev Revision, since time.Time) (analysis.Histogram, error) {
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
		hist analysis.Histogram // 3000 requests: cumulative counts at 10, 50, 100 ms, +Inf
		want runlog.Status
	}{
		{"as fast", analysis.Histogram{Bounds: bounds, Cumulative: []int64{1500, 2850, 2990, 3000}}, runlog.Passed},
		{"slower", analysis.Histogram{Bounds: bounds, Cumulative: []int64{300, 1200, 2000, 3000}}, runlog.Failed},
	} {
		tgt := &histTarget{fakeTarget: newFakeTarget(), hist: map[string]analysis.Histogram{}}
		signer := newFakeSigning("k")
		tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 3000, Errors: 30})
		if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(&Environment{Name: "production", Target: tgt})); err != nil {
			t.Fatal(err)
		}
		tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 3000, Errors: 30})
		tgt.mu.Lock()
		tgt.hist[testImage(2).Short()] = tc.hist
		tgt.mu.Unlock()
		rep, _ := Run(context.Background(), func(p *P) {
			release(testImage(2), signer, fastPlan)(p)
			// The previous version: 5 % of 20,000 requests slower than 50 ms.
			p.Bake(p.Env("production"), BakePlan{Duration: 100 * time.Millisecond, Interval: 5 * time.Millisecond,
				Baseline: &analysis.Sample{Requests: 20000, Errors: 200}, Latency: &analysis.LatencyBaseline{Threshold: 50 * time.Millisecond, Timed: 20000, Slow: 1000}})
		}, WithEnvironments(&Environment{Name: "production", Target: tgt}))
		bake := rep.Stage("bake")
		if bake == nil || bake.Status != tc.want {
			t.Fatalf("%s: bake %+v (run %s %s)", tc.name, bake, rep.Status, rep.Error)
		}
		if tc.want == runlog.Failed && (tgt.stable.ID != testImage(1).Short() || !strings.Contains(rep.Rollbacks[0].Reason, "latency regressed: requests slower than 50ms 60.00%")) {
			t.Errorf("slower: stable %s, rollbacks %+v", tgt.stable.ID, rep.Rollbacks)
		}
		if tc.want == runlog.Passed && !strings.Contains(bake.Result, "requests slower than 50ms 5.00%") {
			t.Errorf("as fast: result %q", bake.Result)
		}
	}
}
