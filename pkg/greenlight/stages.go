package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Tester runs a service's tests.
type Tester interface {
	// Test runs the tests, logging progress to log, and returns a one-line summary (such as
	// "42 passed"); an error fails the test stage.
	Test(ctx context.Context, log runlog.Logger) (summary string, err error)
}

// Builder builds and pushes an image, returning it pinned by digest.
type Builder interface {
	// Build builds the image, pushes it and returns it pinned by the digest the registry
	// reported.
	Build(ctx context.Context, log runlog.Logger) (oci.Image, error)
}

// Check probes a freshly started revision at its direct URL before it gets any traffic.
type Check interface {
	// Check returns nil when the revision at url is fit to take traffic, or an error that
	// says what failed.
	Check(ctx context.Context, url string) error
}

// Test runs the tests; a failure stops the pipeline before anything is built.
func (p *P) Test(t Tester) {
	p.stage("test", "", func(s *Stage) error {
		sum, err := t.Test(s.ctx, s)
		s.Result("%s", sum)
		return err
	})
}

// Build builds and pushes an image and returns it pinned by digest.
func (p *P) Build(b Builder) oci.Image {
	var img oci.Image
	p.stage("build", "", func(s *Stage) error {
		var err error
		img, err = b.Build(s.ctx, s)
		if err != nil {
			return err
		}
		if img.IsZero() {
			return fmt.Errorf("builder %T returned no image and no error; this is a bug in the builder", b)
		}
		p.r.recordImage(img, nil, "")
		s.Result("%s", img)
		return nil
	})
	return img
}

// Sign signs img, reads the signature back from the registry and verifies it, and returns the
// SignedImage that deploy stages require.
func (p *P) Sign(img oci.Image, signer oci.Signer) SignedImage {
	var out SignedImage
	p.stage("sign", "", func(s *Stage) error {
		if img.IsZero() {
			return errors.New("no image to sign: pass the Image returned by Build or ParseImage")
		}
		if _, err := signer.Sign(s.ctx, img); err != nil {
			return err
		}
		v := signer.Verifier()
		sig, err := v.Verify(s.ctx, img)
		if err != nil {
			return fmt.Errorf("the signature just pushed does not verify: %w", err)
		}
		out = SignedImage{img: img, sig: sig, verifier: v}
		p.r.setVerifier(v)
		p.r.recordImage(img, &sig, "")
		s.Result("signed %s (key %s) → %s", img.Short(), sig.KeyID, sig.Ref)
		return nil
	})
	return out
}

// Verify checks the signature of an existing image (to promote or redeploy a digest built
// elsewhere) and returns it as a SignedImage.
func (p *P) Verify(img oci.Image, v oci.Verifier) SignedImage {
	var out SignedImage
	p.stage("verify", "", func(s *Stage) error {
		sig, err := v.Verify(s.ctx, img)
		if err != nil {
			return err
		}
		out = SignedImage{img: img, sig: sig, verifier: v}
		p.r.setVerifier(v)
		p.r.recordImage(img, &sig, "")
		s.Result("%s signed by %s", img.Short(), sig.KeyID)
		return nil
	})
	return out
}

func (p *P) env(env *Environment) (*Environment, error) {
	if env == nil {
		return nil, errors.New("no environment: pass one from p.Env(name)")
	}
	if p.r.envs[env.Name] != env {
		return nil, fmt.Errorf("environment %q is not declared in this run; add it with greenlight.WithEnvironments", env.Name)
	}
	return env, nil
}

// envState resolves env and reads what its target runs now.
func (p *P) envState(s *Stage, env *Environment) (*Environment, State, error) {
	env, err := p.env(env)
	if err != nil {
		return nil, State{}, err
	}
	st, err := env.Target.State(s.ctx)
	if err != nil {
		return nil, State{}, fmt.Errorf("reading the state of %s: %w", env.Name, err)
	}
	return env, st, nil
}

// stableID names the stable revision of st, or says there is none.
func stableID(st State, none string) string {
	if st.Stable == nil {
		return none
	}
	return st.Stable.ID
}

func envName(env *Environment) string {
	if env == nil {
		return ""
	}
	return env.Name
}

// DeployStaging deploys img to env blue/green: it starts the new revision beside the old one,
// waits for it to be healthy, runs the checks against it directly, then switches all traffic at
// once. If a check fails nothing is switched and the new revision is stopped.
func (p *P) DeployStaging(img SignedImage, env *Environment, checks ...Check) Revision {
	var rev Revision
	p.stage("deploy-staging", envName(env), func(s *Stage) error {
		var err error
		rev, err = p.blueGreen(s, img, env, checks, MoveDeploy)
		return err
	})
	return rev
}

func (r *run) setVerifier(v oci.Verifier) {
	r.mu.Lock()
	r.verifier = v
	r.mu.Unlock()
}

func (p *P) blueGreen(s *Stage, img SignedImage, env *Environment, checks []Check, kind MoveKind) (Revision, error) {
	env, st, err := p.envState(s, env)
	if err != nil {
		return Revision{}, err
	}
	if !img.valid() {
		return Revision{}, errors.New("image is not signed: pass the SignedImage returned by Sign or Verify")
	}
	if st.Stable != nil && st.Stable.Image.Digest() == img.img.Digest() && st.Canary == nil {
		s.Result("%s already serves 100%% of %s; nothing to do", st.Stable.ID, env.Name)
		p.r.touch(env.Name, *st.Stable)
		return *st.Stable, nil
	}
	if st.Stable == nil && kind == MoveDeploy {
		kind = MoveFirstRelease
	}
	strategy := map[MoveKind]string{MoveRedeploy: "redeploy"}[kind]
	if strategy == "" {
		strategy = "blue-green"
	}
	return s.move(moveSpec{kind: kind, env: env, img: img, weight: 100, strategy: strategy, reason: "serves 100%"},
		func(ctx context.Context) (Revision, error) { return p.switchTo(s, ctx, img, env, st, checks) })
}

// switchTo deploys img and gives it all of env's traffic: through the target's own rollout, or
// by starting it beside the stable revision, checking it, and switching at once. Only move
// calls it.
func (p *P) switchTo(s *Stage, ctx context.Context, img SignedImage, env *Environment, st State, checks []Check) (Revision, error) {
	if d, ok := env.Target.(Deployer); ok {
		if len(checks) > 0 {
			return Revision{}, fmt.Errorf("the %s target rolls out by itself and gives no direct URL to check a revision before it takes traffic: remove the checks, or check the environment after the stage", env.Name)
		}
		rev, err := d.Deploy(ctx, img, s)
		if err != nil {
			return rev, fmt.Errorf("deploying %s to %s: %w", img.img.Short(), env.Name, err)
		}
		s.Result("%s serves 100%% (was %s)", rev.ID, stableID(st, "nothing"))
		return rev, nil
	}
	rev, err := env.Target.Start(ctx, img)
	if err != nil {
		return Revision{}, fmt.Errorf("starting %s in %s: %w", img.img.Short(), env.Name, err)
	}
	p.r.touch(env.Name, rev)
	for i, c := range checks {
		if rev.URL == "" {
			err = fmt.Errorf("the %s target offers no direct URL to check the new revision", env.Name)
		} else {
			err = c.Check(ctx, rev.URL)
		}
		if err != nil {
			// The new revision never took traffic: stopping it is not a traffic move.
			abortErr := env.Target.Abort(context.WithoutCancel(ctx), rev)
			still := stableID(st, "nothing") + " still serves 100%"
			if st.Stable == nil {
				still = "nothing was serving yet"
			}
			if abortErr != nil {
				return rev, fmt.Errorf("check %d of %d failed on %s: %w; no traffic was switched (%s), but stopping %s failed: %v", i+1, len(checks), rev.ID, err, still, rev.ID, abortErr)
			}
			return rev, fmt.Errorf("check %d of %d failed on %s: %w; no traffic was switched (%s)", i+1, len(checks), rev.ID, err, still)
		}
	}
	if err := env.Target.Promote(ctx, rev); err != nil {
		return rev, fmt.Errorf("switching traffic to %s: %w", rev.ID, err)
	}
	s.Result("%s serves 100%% (was %s); %d check(s) passed", rev.ID, stableID(st, "nothing"), len(checks))
	return rev, nil
}

// Canary starts img beside the stable revision of env and moves traffic to it step by step,
// asking the plan's judge at every step. If the judge fails it, or it cannot gather enough data
// in time, all traffic returns to stable, the canary is stopped and the pipeline stops. On
// success the canary keeps its last weight below 100 until Promote.
//
// The first release to an empty environment has nothing to compare with: it is started,
// health-checked and given all traffic, and the result says so.
func (p *P) Canary(img SignedImage, env *Environment, plan CanaryPlan) Revision {
	var rev Revision
	p.stage("canary", envName(env), func(s *Stage) error {
		var err error
		rev, err = p.canary(s, img, env, plan)
		return err
	})
	return rev
}

func (p *P) canary(s *Stage, img SignedImage, env *Environment, plan CanaryPlan) (Revision, error) {
	if err := plan.Validate(); err != nil {
		return Revision{}, err
	}
	env, st, err := p.envState(s, env)
	if err != nil {
		return Revision{}, err
	}
	if !img.valid() {
		return Revision{}, errors.New("image is not signed: pass the SignedImage returned by Sign or Verify")
	}
	metrics := env.metrics()
	if metrics == nil {
		return Revision{}, fmt.Errorf("no metrics source for %s: set Environment.Metrics (its target does not provide metrics)", env.Name)
	}
	if st.Stable != nil && st.Stable.Image.Digest() != img.img.Digest() {
		// The metrics contract is checked before any traffic moves (a leftover canary's abort
		// included): a source that cannot judge this canary fails it now, not at its first step.
		if err := metrics.Preflight(s.ctx, *st.Stable); err != nil {
			return Revision{}, fmt.Errorf("metrics preflight for %s failed, nothing moved: %w", env.Name, err)
		}
	}
	// A canary left by an earlier run is aborted first, even when img is already stable:
	// otherwise it would keep its share of the traffic. The environment is claimed first and
	// read again: another run may have been moving it (and its canary is not a leftover).
	if st.Canary != nil {
		if err := s.claimEnv(env, Move{Kind: MoveAbort, Env: env.Name, Source: p.r.cfg.src}); err != nil {
			return Revision{}, err
		}
		if env, st, err = p.envState(s, env); err != nil {
			return Revision{}, err
		}
	}
	if st.Canary != nil {
		s.Logf("aborting a canary left from an earlier run: %s", st.Canary.ID)
		left := *st.Canary
		if _, err := s.move(moveSpec{kind: MoveAbort, env: env, image: left.Image, strategy: "abort", reason: "a canary left from an earlier run"},
			func(ctx context.Context) (Revision, error) { return left, env.Target.Abort(ctx, left) }); err != nil {
			return Revision{}, fmt.Errorf("aborting the leftover canary %s: %w", left.ID, err)
		}
	}
	if st.Stable != nil && st.Stable.Image.Digest() == img.img.Digest() {
		p.r.touch(env.Name, *st.Stable)
		s.Result("%s is already stable in %s; nothing to do", st.Stable.ID, env.Name)
		return *st.Stable, nil
	}
	if st.Stable == nil {
		rev, err := s.move(moveSpec{kind: MoveFirstRelease, env: env, img: img, weight: 100, strategy: "canary", reason: "first release: serves 100%"},
			func(ctx context.Context) (Revision, error) {
				rev, err := env.Target.Start(ctx, img)
				if err != nil {
					return Revision{}, fmt.Errorf("starting %s in %s: %w", img.img.Short(), env.Name, err)
				}
				p.r.touch(env.Name, rev)
				if err := env.Target.Promote(ctx, rev); err != nil {
					return rev, fmt.Errorf("routing traffic to %s: %w", rev.ID, err)
				}
				return rev, nil
			})
		if err == nil {
			s.Result("first release to %s: nothing to compare with, %s healthy and serving 100%%", env.Name, rev.ID)
		}
		return rev, err
	}
	return p.runCanary(s, img, env, plan, *st.Stable, metrics)
}

func (p *P) runCanary(s *Stage, img SignedImage, env *Environment, plan CanaryPlan, stable Revision, metrics Metrics) (Revision, error) {
	p.r.touch(env.Name, stable)
	var rev Revision
	var passed []string
	holding := 0 // the canary's weight after its last step
	for _, w := range plan.Steps {
		if w == 100 {
			break
		}
		first := rev.ID == ""
		set := w // the weight the target's split gives the canary, as SetCanaryWeight reports it
		got, err := s.move(moveSpec{kind: MoveCanaryStep, env: env, img: img, weight: w, strategy: "canary", reason: fmt.Sprintf("canary at %d%%", w)},
			func(ctx context.Context) (Revision, error) {
				r := rev
				if first {
					var err error
					if r, err = env.Target.Start(ctx, img); err != nil {
						return Revision{}, fmt.Errorf("starting %s in %s: %w", img.img.Short(), env.Name, err)
					}
					p.r.touch(env.Name, r)
					p.r.mu.Lock()
					p.r.canaries[env.Name] = r
					p.r.mu.Unlock()
				}
				var err error
				if set, err = env.Target.SetCanaryWeight(ctx, r, w); err != nil {
					return r, fmt.Errorf("setting canary weight %d%% failed: %v", w, err)
				}
				return r, nil
			})
		if got.ID != "" {
			rev = got
		}
		if err != nil {
			if rev.ID == "" {
				return rev, err
			}
			var sk *skip
			if errors.As(err, &sk) {
				// Held or refused before this step: the canary keeps the weight it had.
				return rev, err
			}
			return rev, p.abortCanary(s, env, rev, stable, err.Error())
		}
		if set != w {
			s.Logf("asked for %d%%; the target's traffic split gives the canary %d%%", w, set)
			w = set
		}
		holding = w
		v, err := p.analyze(s, env, metrics, plan, stable, rev, w, false)
		if err != nil {
			return rev, p.abortCanary(s, env, rev, stable, err.Error())
		}
		if v.Outcome == analysis.Hold {
			// Too little evidence and the plan says a person decides: the canary keeps its
			// weight and the run ends without failing, like a gate awaiting approval.
			return rev, &skip{reason: fmt.Sprintf("canary held at %d%% for a person to decide (promote or abort %s): %s", w, env.Name, v.Reason)}
		}
		if v.Outcome != analysis.Pass {
			return rev, p.abortCanary(s, env, rev, stable, fmt.Sprintf("canary failed at %d%%: %s", w, v.Reason))
		}
		passed = append(passed, fmt.Sprintf("%d%%", w))
	}
	s.Result("%s passed analysis at %s; holding at %d%% for promote", rev.ID, strings.Join(passed, ", "), holding)
	return rev, nil
}

// analyze looks at the data every plan.Interval until the step ends: the judge passes or fails
// the canary, the step's time is up, or MaxWait runs out for lack of traffic (a failure or a
// hold, as the plan says: no data is never a pass). The release's analysis, and with it the
// false-alarm budget, continues from the previous step of the same canary.
//
// With bake, the look is the bake's (analysis.LookBake): the watch Promote starts.
func (p *P) analyze(s *Stage, env *Environment, m Metrics, plan CanaryPlan, stable, canary Revision, weight int, bake bool) (analysis.Verdict, error) {
	a := p.releaseAnalysis(env.Name, canary.ID, plan)
	maxWait := a.Plan().MaxWait
	if bake {
		maxWait = a.Plan().Bake.MaxTime
	}
	hm, _ := m.(HistogramMetrics)
	since := time.Now()
	t := time.NewTicker(plan.Analysis().WithDefaults().Interval)
	defer t.Stop()
	var last analysis.Verdict
	// A live line every 2 s, at every verdict, and whenever what the step waits for changes:
	// traffic from its first looks on, and, once StepTime is up, an extension.
	lastEmit, lastLow := time.Time{}, [2]bool{}
	for looks := 1; ; looks++ {
		select {
		case <-s.ctx.Done():
			return last, fmt.Errorf("cancelled during analysis at %d%%", weight)
		case <-t.C:
		}
		if bake && looks%supersedeLooks == 0 {
			if err := p.superseded(s, env, canary, weight); err != nil {
				return last, err
			}
		}
		in := analysis.Input{Env: env.Name, Weight: weight, Elapsed: time.Since(since)}
		var err1, err2 error
		in.Stable, err1 = m.Sample(s.ctx, stable, since)
		in.Canary, err2 = m.Sample(s.ctx, canary, since)
		if hm != nil && err1 == nil && err2 == nil {
			sh, e1 := hm.Histogram(s.ctx, stable, since)
			ch, e2 := hm.Histogram(s.ctx, canary, since)
			if e1 == nil && e2 == nil {
				in.StableLatency, in.CanaryLatency = &sh, &ch
			}
		}
		var v analysis.Verdict
		if err := errors.Join(err1, err2); err != nil {
			v = analysis.Verdict{Outcome: analysis.Wait, Reason: fmt.Sprintf("metrics unavailable: %v", err)}
			if in.Elapsed >= maxWait {
				v.Outcome, v.Reason = analysis.Fail, fmt.Sprintf("no data after %s: %s", maxWait, v.Reason)
			}
		} else if reason, missing := missingCanary(in, weight, maxWait); missing {
			v = analysis.Verdict{Outcome: analysis.Fail, Reason: fmt.Sprintf("no metrics for revision %s: %s", canary.ID, reason)}
		} else if bake {
			v = a.LookBake(s.ctx, in)
		} else {
			v = a.Look(s.ctx, in)
		}
		v.Env, v.Weight, v.Time = env.Name, weight, time.Now()
		last = v
		low := [2]bool{v.Evidence != nil && v.Evidence.NeedRequests > 0, in.Elapsed >= a.Plan().StepTime}
		if v.Outcome != analysis.Wait || time.Since(lastEmit) >= 2*time.Second || low != lastLow {
			lastEmit, lastLow = time.Now(), low
			vc := v
			s.emit(runlog.Event{Kind: runlog.AnalysisVerdict, Weight: weight, Verdict: &vc, Message: string(v.Outcome) + ": " + v.Reason})
			p.r.mu.Lock()
			p.r.report.AddLook(v) // what the release page plots
			p.r.mu.Unlock()
		}
		if v.Outcome != analysis.Wait {
			p.keepAnalysis(env.Name, canary.ID, a, v)
			return v, nil
		}
	}
}

// abortCanary returns all traffic to stable through the choke point (even if the run's
// context is cancelled), records the rollback and returns the error that fails the stage. The
// error says what happened: rolled back, or the rollback failed and how the environment stands.
func (p *P) abortCanary(s *Stage, env *Environment, rev, stable Revision, reason string) error {
	start := time.Now()
	_, err := s.move(moveSpec{kind: MoveAbort, env: env, image: stable.Image, strategy: "abort", reason: reason},
		func(ctx context.Context) (Revision, error) { return stable, env.Target.Abort(ctx, rev) })
	p.r.closeCanary(env.Name)
	var ce *CleanupError
	if err != nil && !errors.As(err, &ce) {
		return &abortFailed{reason: reason, err: err, env: env.Name}
	}
	p.r.recordRollback(runlog.RollbackRecord{Env: env.Name, From: rev.ID, To: stable.ID, Reason: reason, Time: start, Duration: time.Since(start)})
	if ce != nil {
		return fmt.Errorf("%s; %s", reason, ce.rolledBack(stable.ID))
	}
	return fmt.Errorf("%s; rolled back automatically: 100%% of traffic on %s, %s stopped", reason, stable.ID, rev.ID)
}

// abortFailed is a canary that could not be aborted: traffic may still reach it.
type abortFailed struct {
	reason, env string
	err         error
}

func (a *abortFailed) Error() string {
	return fmt.Sprintf("%s; ROLLBACK FAILED: %v: check %s by hand", a.reason, a.err, a.env)
}

func (a *abortFailed) Unwrap() error { return a.err }

// Promote makes img the stable revision of env with all traffic. If img is the canary in
// progress there, it is baked first (the canary takes the plan's Bake.Weight and is judged on;
// a canary this run did not judge, as in a promote dispatched after a hold, with a fresh test
// under env.PromotePlan; see docs/analysis.md), then completed; if it already is stable,
// nothing changes; otherwise it is deployed blue/green. In an environment that requires approval, it needs a recorded
// approval for exactly img's digest.
func (p *P) Promote(img SignedImage, env *Environment) Revision {
	var rev Revision
	p.stage("promote", envName(env), func(s *Stage) error {
		env, st, err := p.envState(s, env)
		if err != nil {
			return err
		}
		if !img.valid() {
			return errors.New("image is not signed: pass the SignedImage returned by Sign or Verify")
		}
		if st.Canary != nil && st.Canary.Image.Digest() == img.img.Digest() {
			canary := *st.Canary
			baked, err := p.bake(s, env, st, img)
			if err != nil {
				return err
			}
			rev, err = s.move(moveSpec{kind: MovePromote, env: env, img: img, weight: 100, strategy: "canary", reason: fmt.Sprintf("%s promoted to 100%%", canary.ID)},
				func(ctx context.Context) (Revision, error) {
					if err := env.Target.Promote(ctx, canary); err != nil {
						// The switch failed half way, perhaps leaving a split: this run owns
						// the canary now, even one an earlier run started (a dispatched
						// promote), and the run's end puts traffic back on stable.
						p.r.mu.Lock()
						p.r.canaries[env.Name] = canary
						p.r.mu.Unlock()
						return canary, fmt.Errorf("promoting %s: %w", canary.ID, err)
					}
					return canary, nil
				})
			if err != nil {
				return err
			}
			p.r.closeCanary(env.Name)
			if baked != nil {
				s.Result("%s promoted to 100%% after its bake at %d%%; %s kept warm for rollback; %s", rev.ID, baked.Weight, stableID(st, "nothing"), baked.Reason)
				return nil
			}
			s.Result("%s promoted from %d%% to 100%%; %s kept warm for rollback", rev.ID, st.CanaryWeight, stableID(st, "nothing"))
			return nil
		}
		rev, err = p.blueGreen(s, img, env, nil, MoveDeploy)
		return err
	})
	return rev
}

// Redeploy puts an image chosen by a person — an earlier release to roll back to, a digest
// from another environment — into env, blue/green, even when it is older than what runs
// there (the ledger is asked with an explicit move). reason goes into the audit trail.
func (p *P) Redeploy(img SignedImage, env *Environment, reason string) Revision {
	kind := MoveRedeploy
	if p.r.command.Name == string(protocol.Rollback) {
		kind = MoveRollback
	}
	return p.redeploy(img, env, kind, reason)
}

// redeploy is Redeploy as the move kind says: a redeploy, or a rollback command's return to
// an earlier release.
func (p *P) redeploy(img SignedImage, env *Environment, kind MoveKind, reason string) Revision {
	var rev Revision
	p.stage("redeploy", envName(env), func(s *Stage) error {
		env, st, err := p.envState(s, env)
		if err != nil {
			return err
		}
		if st.Stable != nil && st.Stable.Image.Digest() == img.img.Digest() && st.Canary == nil {
			rev = *st.Stable
			s.Result("%s already serves 100%% of %s; nothing to do", st.Stable.ID, env.Name)
			return nil
		}
		if !img.valid() {
			return errors.New("image is not signed: pass the SignedImage returned by Sign or Verify")
		}
		rev, err = s.move(moveSpec{kind: kind, env: env, img: img, weight: 100, strategy: string(kind), reason: reason},
			func(ctx context.Context) (Revision, error) { return p.switchTo(s, ctx, img, env, st, nil) })
		if err != nil {
			return err
		}
		s.Result("%s serves 100%% of %s again (%s)", rev.ID, env.Name, reason)
		return nil
	})
	return rev
}

// Abort stops the canary in progress in env — started by this run or an earlier one, as the
// target's state says — returning all traffic to stable. reason goes into the record.
func (p *P) Abort(env *Environment, reason string) {
	p.stage("abort", envName(env), func(s *Stage) error {
		env, st, err := p.envState(s, env)
		if err != nil {
			return err
		}
		if st.Canary == nil {
			s.Result("no canary in progress in %s; nothing to do", env.Name)
			return nil
		}
		stable := Revision{ID: "(none)"}
		if st.Stable != nil {
			stable = *st.Stable
		}
		err = p.abortCanary(s, env, *st.Canary, stable, reason)
		var af *abortFailed
		if errors.As(err, &af) {
			return err
		}
		s.Result("%s aborted: %s; 100%% of traffic on %s", st.Canary.ID, reason, stable.ID)
		return nil
	})
}

// Rollback returns env to its previous stable revision, instantly if it is still warm. The
// previous revision's signature is verified again first, like every deploy: with the
// environment's Verifier, else the one this run signed or verified with.
func (p *P) Rollback(env *Environment, reason string) Revision {
	var rev Revision
	p.stage("rollback", envName(env), func(s *Stage) error {
		env, st, err := p.envState(s, env)
		if err != nil {
			return err
		}
		if st.Previous == nil {
			return fmt.Errorf("nothing to roll back to in %s: it has no previous revision", env.Name)
		}
		prev := *st.Previous
		start := time.Now()
		rev, err = s.move(moveSpec{kind: MoveRollback, env: env, image: prev.Image, weight: 100, strategy: "rollback", reason: "rolled back: " + reason},
			func(ctx context.Context) (Revision, error) {
				r, err := env.Target.Rollback(ctx)
				if err != nil {
					return r, fmt.Errorf("rolling %s back to %s: %w", env.Name, prev.ID, err)
				}
				return r, nil
			})
		if err != nil {
			return err
		}
		from := stableID(st, "(none)")
		p.r.recordRollback(runlog.RollbackRecord{Env: env.Name, From: from, To: rev.ID, Reason: reason, Time: start, Duration: time.Since(start)})
		s.Result("%s serves 100%% again (was %s) in %s", rev.ID, from, durfmt.Round(time.Since(start)))
		return nil
	})
	return rev
}
