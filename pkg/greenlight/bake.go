package greenlight

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// BakePlan says how a release is watched after it takes all traffic.
type BakePlan struct {
	// Duration is the watch period (default 10m).
	Duration time.Duration
	// Interval between looks (default 1s).
	Interval time.Duration
	// Alpha is the false-alarm budget of the watch (default 0.01): the probability of rolling
	// back a release whose error rate is no higher than the previous version's.
	Alpha float64
	// Baseline is the previous version's recorded figures. Default: the baseline's figures from
	// this run's canary analysis of the environment.
	Baseline *analysis.Sample
	// Latency is the previous version's recorded latency: how many of its timed requests were
	// slower than Threshold. Default: the canary analysis's latency figures, when the
	// environment's metrics have histograms. With it, the bake also rolls back when the share of
	// requests slower than Threshold rises (errors and latency get Alpha/2 each).
	Latency *analysis.LatencyBaseline
}

func (b BakePlan) withDefaults() BakePlan {
	if b.Duration <= 0 {
		b.Duration = 10 * time.Minute
	}
	if b.Interval <= 0 {
		b.Interval = time.Second
	}
	if !(b.Alpha > 0 && b.Alpha < 1) {
		b.Alpha = 0.01
	}
	return b
}

// Bake watches env's stable revision for plan.Duration after a promote, judging it against the
// recorded figures of the previous version, and rolls back to the previous version on a
// regression of the error rate. The test is anytime-valid: the recorded error rate is replaced
// by its upper confidence bound at Alpha/2 (the recording is a sample too), and a mixture
// sequential test of the new version's errors against that bound gets the other Alpha/2.
func (p *P) Bake(env *Environment, plan BakePlan) {
	p.stage("bake", envName(env), func(s *Stage) error {
		env, st, err := p.envState(s, env)
		if err != nil {
			return err
		}
		if st.Stable == nil || st.Canary != nil {
			return fmt.Errorf("nothing to bake in %s: bake after Promote, when one version serves all traffic", env.Name)
		}
		m := env.metrics()
		if m == nil {
			return fmt.Errorf("no metrics source for %s: set Environment.Metrics (its target does not provide metrics)", env.Name)
		}
		// The metrics contract is checked before the watch, as before a canary: a source that
		// cannot count the new version's failed requests would watch nothing and pass it.
		if err := m.Preflight(s.ctx, *st.Stable); err != nil {
			return fmt.Errorf("metrics preflight for %s failed, the bake cannot watch %s (it keeps serving; nothing moved): %w", env.Name, st.Stable.ID, err)
		}
		plan = plan.withDefaults()
		base := plan.Baseline
		if base == nil {
			base = p.recordedBaseline(env.Name)
		}
		if base == nil || base.Requests == 0 {
			return fmt.Errorf("no recorded figures of the previous version of %s to bake against: run Bake after a Canary in the same run, or give BakePlan.Baseline", env.Name)
		}
		lat := plan.Latency
		if lat == nil {
			lat = p.recordedLatency(env.Name)
		}
		hm, _ := m.(HistogramMetrics)
		if hm == nil {
			lat = nil
		}
		w := analysis.NewBakeWatch(*base, lat, plan.Alpha)
		if !w.WatchesLatency() {
			s.Logf("bake watches the error rate only (no latency histograms or no recorded latency for %s)", env.Name)
		}
		since := time.Now()
		t := time.NewTicker(plan.Interval)
		defer t.Stop()
		lastEmit := time.Time{}
		for {
			select {
			case <-s.ctx.Done():
				return fmt.Errorf("cancelled during bake of %s", st.Stable.ID)
			case <-t.C:
			}
			cur, err := m.Sample(s.ctx, *st.Stable, since)
			if err != nil {
				s.Logf("metrics unavailable: %v", err)
				continue
			}
			timeUp := time.Since(since) >= plan.Duration
			v := w.Look(cur, timeUp)
			if w.WatchesLatency() && v.Outcome != analysis.Fail {
				h, err := hm.Histogram(s.ctx, *st.Stable, since)
				if err != nil {
					s.Logf("latency histogram unavailable: %v", err)
				} else {
					v = w.LookLatency(v, h, timeUp)
				}
			}
			v.Env, v.Weight, v.Time, v.Stable = env.Name, 100, time.Now(), *base
			if v.Outcome != analysis.Wait || time.Since(lastEmit) >= 10*time.Second {
				lastEmit = time.Now()
				vc := v
				s.emit(runlog.Event{Kind: runlog.AnalysisVerdict, Weight: 100, Verdict: &vc, Message: "bake " + string(v.Outcome) + ": " + v.Reason})
			}
			if v.Outcome == analysis.Wait {
				continue
			}
			p.r.mu.Lock()
			p.r.report.Verdicts = append(p.r.report.Verdicts, v)
			p.r.mu.Unlock()
			if v.Outcome == analysis.Pass {
				s.Result("%s baked %s: %s", st.Stable.ID, plan.Duration, v.Reason)
				return nil
			}
			return p.bakeRollback(s, env, st, v.Reason)
		}
	})
}

// recordedLatency is the baseline's latency from the last canary analysis of env in this run
// that measured latency.
func (p *P) recordedLatency(env string) *analysis.LatencyBaseline {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	for i := len(p.r.report.Verdicts) - 1; i >= 0; i-- {
		v := p.r.report.Verdicts[i]
		if v.Env != env || v.Weight >= 100 || v.Evidence == nil || v.Evidence.LatencyThreshold <= 0 {
			continue
		}
		e := v.Evidence
		return &analysis.LatencyBaseline{Threshold: e.LatencyThreshold + e.LatencySlack, Timed: e.StableTimed, Slow: e.StableSlow}
	}
	return nil
}

// recordedBaseline is the baseline's figures from the last canary analysis of env in this run.
func (p *P) recordedBaseline(env string) *analysis.Sample {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	for i := len(p.r.report.Verdicts) - 1; i >= 0; i-- {
		v := p.r.report.Verdicts[i]
		if v.Env != env || v.Weight >= 100 {
			continue
		}
		if e := v.Evidence; e != nil {
			return &analysis.Sample{Requests: e.StableRequests, Errors: e.StableErrors}
		}
		s := v.Stable
		return &s
	}
	return nil
}

// bakeRollback returns env to its previous version after a regression during the bake,
// through the choke point every traffic move passes.
func (p *P) bakeRollback(s *Stage, env *Environment, st State, reason string) error {
	regressed := fmt.Sprintf("regression during bake of %s: %s", st.Stable.ID, reason)
	if st.Previous == nil {
		return fmt.Errorf("%s; no previous version to roll back to: act by hand", regressed)
	}
	prev := *st.Previous
	start := time.Now()
	rev, err := s.move(moveSpec{kind: MoveRollback, env: env, image: prev.Image, weight: 100, strategy: "rollback", reason: "rolled back: bake: " + reason},
		func(ctx context.Context) (Revision, error) { return env.Target.Rollback(context.WithoutCancel(ctx)) })
	var ce *CleanupError
	if err != nil && !errors.As(err, &ce) {
		return fmt.Errorf("%s; ROLLBACK FAILED: %w: check %s by hand", regressed, err, env.Name)
	}
	if ce != nil {
		rev = prev
		p.r.recordRollback(runlog.RollbackRecord{Env: env.Name, From: st.Stable.ID, To: rev.ID, Reason: "bake: " + reason, Time: start, Duration: time.Since(start)})
		return fmt.Errorf("%s; %s", regressed, ce.rolledBack(prev.ID))
	}
	p.r.recordRollback(runlog.RollbackRecord{Env: env.Name, From: st.Stable.ID, To: rev.ID, Reason: "bake: " + reason, Time: start, Duration: time.Since(start)})
	return fmt.Errorf("%s; rolled back automatically: %s serves 100%% of %s", regressed, rev.ID, env.Name)
}
