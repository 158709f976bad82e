package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Tester runs a service's tests.
type Tester interface {
	Test(ctx context.Context, log Logger) (summary string, err error)
}

// Builder builds and pushes an image, returning it pinned by digest.
type Builder interface {
	Build(ctx context.Context, log Logger) (Image, error)
}

// Check probes a freshly started revision at its direct URL before it gets any traffic.
type Check interface {
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
func (p *P) Build(b Builder) Image {
	var img Image
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
func (p *P) Sign(img Image, signer Signer) SignedImage {
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
		p.r.recordImage(img, &sig, "")
		s.Result("signed %s (key %s) → %s", img.Short(), sig.KeyID, sig.Ref)
		return nil
	})
	return out
}

// Verify checks the signature of an existing image (to promote or redeploy a digest built
// elsewhere) and returns it as a SignedImage.
func (p *P) Verify(img Image, v Verifier) SignedImage {
	var out SignedImage
	p.stage("verify", "", func(s *Stage) error {
		sig, err := v.Verify(s.ctx, img)
		if err != nil {
			return err
		}
		out = SignedImage{img: img, sig: sig, verifier: v}
		p.r.recordImage(img, &sig, "")
		s.Result("%s signed by %s", img.Short(), sig.KeyID)
		return nil
	})
	return out
}

// verifyBeforeDeploy checks the signature again, from the registry, right before a deploy.
func (s *Stage) verifyBeforeDeploy(env *Environment, img SignedImage) error {
	if !img.valid() {
		return errors.New("image is not signed: pass the SignedImage returned by Sign or Verify")
	}
	v := env.Verifier
	if v == nil {
		v = img.verifier
	}
	sig, err := v.Verify(s.ctx, img.img)
	if err != nil {
		return fmt.Errorf("refusing to deploy %s to %s: %w; nothing was deployed", img.img, env.Name, err)
	}
	s.Logf("signature verified for %s (key %s)", img.img.Short(), sig.KeyID)
	return nil
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
		rev, err = p.blueGreen(s, img, env, checks)
		return err
	})
	return rev
}

func (p *P) blueGreen(s *Stage, img SignedImage, env *Environment, checks []Check) (Revision, error) {
	env, st, err := p.envState(s, env)
	if err != nil {
		return Revision{}, err
	}
	if st.Stable != nil && st.Stable.Image.Digest() == img.img.Digest() && st.Canary == nil {
		s.Result("%s already serves 100%% of %s; nothing to do", st.Stable.ID, env.Name)
		p.r.touch(env.Name, *st.Stable)
		return *st.Stable, nil
	}
	if err := s.admit(env, img.img, false); err != nil {
		return Revision{}, err
	}
	if err := s.verifyBeforeDeploy(env, img); err != nil {
		return Revision{}, err
	}
	entry, err := s.begin(env, img, "blue-green")
	if err != nil {
		return Revision{}, err
	}
	rev, err := p.switchTo(s, img, env, st, checks)
	if err != nil {
		s.finish(entry, env, Failed, err.Error())
		return rev, err
	}
	s.finish(entry, env, Passed, fmt.Sprintf("%s serves 100%%", rev.ID))
	return rev, nil
}

// switchTo deploys img and gives it all of env's traffic: through the target's own rollout, or
// by starting it beside the stable revision, checking it, and switching at once.
func (p *P) switchTo(s *Stage, img SignedImage, env *Environment, st State, checks []Check) (Revision, error) {
	if d, ok := env.Target.(Deployer); ok {
		if len(checks) > 0 {
			return Revision{}, fmt.Errorf("the %s target rolls out by itself and gives no direct URL to check a revision before it takes traffic: remove the checks, or check the environment after the stage", env.Name)
		}
		rev, err := d.Deploy(s.ctx, img, s)
		if err != nil {
			return rev, fmt.Errorf("deploying %s to %s: %w", img.img.Short(), env.Name, err)
		}
		p.r.touch(env.Name, rev)
		p.r.recordImage(img.img, nil, env.Name)
		s.emit(Event{Kind: TrafficShifted, Weight: 100, Image: img.img.String(), Message: fmt.Sprintf("%s takes 100%% of %s", rev.ID, env.Name)})
		s.Result("%s serves 100%% (was %s)", rev.ID, stableID(st, "nothing"))
		return rev, nil
	}
	rev, err := env.Target.Start(s.ctx, img)
	if err != nil {
		return Revision{}, fmt.Errorf("starting %s in %s: %w", img.img.Short(), env.Name, err)
	}
	p.r.touch(env.Name, rev)
	for i, c := range checks {
		if rev.URL == "" {
			err = fmt.Errorf("the %s target offers no direct URL to check the new revision", env.Name)
		} else {
			err = c.Check(s.ctx, rev.URL)
		}
		if err != nil {
			abortErr := env.Target.Abort(context.WithoutCancel(s.ctx), rev)
			still := stableID(st, "nothing") + " still serves 100%"
			if st.Stable == nil {
				still = "nothing was serving yet"
			}
			if abortErr != nil {
				return rev, fmt.Errorf("check %d of %d failed on %s: %w; stopping it also failed: %v", i+1, len(checks), rev.ID, err, abortErr)
			}
			return rev, fmt.Errorf("check %d of %d failed on %s: %w; no traffic was switched (%s)", i+1, len(checks), rev.ID, err, still)
		}
	}
	if err := env.Target.Promote(s.ctx, rev); err != nil {
		return rev, fmt.Errorf("switching traffic to %s: %w", rev.ID, err)
	}
	p.r.recordImage(img.img, nil, env.Name)
	s.emit(Event{Kind: TrafficShifted, Weight: 100, Image: img.img.String(), Message: fmt.Sprintf("%s takes 100%% of %s", rev.ID, env.Name)})
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
	plan = plan.withDefaults()
	metrics := env.metrics()
	if metrics == nil {
		return Revision{}, fmt.Errorf("no metrics source for %s: set Environment.Metrics (its target does not provide metrics)", env.Name)
	}
	if st.Stable != nil && st.Stable.Image.Digest() == img.img.Digest() {
		p.r.touch(env.Name, *st.Stable)
		s.Result("%s is already stable in %s; nothing to do", st.Stable.ID, env.Name)
		return *st.Stable, nil
	}
	if err := s.admit(env, img.img, false); err != nil {
		return Revision{}, err
	}
	if err := s.verifyBeforeDeploy(env, img); err != nil {
		return Revision{}, err
	}
	entry, err := s.begin(env, img, "canary")
	if err != nil {
		return Revision{}, err
	}
	rev, err := p.runCanary(s, img, env, plan, st, metrics)
	switch {
	case err != nil:
		s.finish(entry, env, Failed, err.Error())
	case st.Stable == nil:
		s.finish(entry, env, Passed, fmt.Sprintf("%s serves 100%% (first release)", rev.ID))
	case entry != nil:
		p.r.mu.Lock()
		p.r.entries[env.Name] = entry // finished by Promote, or by the end of the run
		p.r.mu.Unlock()
	}
	return rev, err
}

func (p *P) runCanary(s *Stage, img SignedImage, env *Environment, plan CanaryPlan, st State, metrics Metrics) (Revision, error) {
	if st.Canary != nil {
		s.Logf("aborting a canary left from an earlier run: %s", st.Canary.ID)
		if err := env.Target.Abort(s.ctx, *st.Canary); err != nil {
			return Revision{}, fmt.Errorf("aborting the leftover canary %s: %w", st.Canary.ID, err)
		}
	}
	if st.Stable == nil {
		rev, err := env.Target.Start(s.ctx, img)
		if err != nil {
			return Revision{}, fmt.Errorf("starting %s in %s: %w", img.img.Short(), env.Name, err)
		}
		p.r.touch(env.Name, rev)
		if err := env.Target.Promote(s.ctx, rev); err != nil {
			return rev, fmt.Errorf("routing traffic to %s: %w", rev.ID, err)
		}
		p.r.recordImage(img.img, nil, env.Name)
		s.emit(Event{Kind: TrafficShifted, Weight: 100, Image: img.img.String(), Message: fmt.Sprintf("first release: %s takes 100%% of %s", rev.ID, env.Name)})
		s.Result("first release to %s: nothing to compare with, %s healthy and serving 100%%", env.Name, rev.ID)
		return rev, nil
	}
	stable := *st.Stable
	p.r.touch(env.Name, stable)
	rev, err := env.Target.Start(s.ctx, img)
	if err != nil {
		return Revision{}, fmt.Errorf("starting %s in %s: %w", img.img.Short(), env.Name, err)
	}
	p.r.touch(env.Name, rev)
	p.r.mu.Lock()
	p.r.canaries[env.Name] = rev
	p.r.mu.Unlock()

	var passed []string
	for _, w := range plan.Steps {
		if w == 100 {
			break
		}
		if err := env.Target.SetCanaryWeight(s.ctx, rev, w); err != nil {
			return rev, p.abortCanary(s, env, rev, stable, fmt.Sprintf("setting canary weight %d%% failed: %v", w, err))
		}
		if now, err := env.Target.State(s.ctx); err == nil && now.Canary != nil && now.CanaryWeight != w {
			s.Logf("asked for %d%%; the target's traffic split gives the canary %d%%", w, now.CanaryWeight)
			w = now.CanaryWeight
		}
		s.emit(Event{Kind: TrafficShifted, Weight: w, Image: img.img.String(), Message: fmt.Sprintf("%s %d%%, %s %d%%", rev.ID, w, stable.ID, 100-w)})
		v, err := p.analyze(s, env, metrics, plan, stable, rev, w)
		if err != nil {
			return rev, p.abortCanary(s, env, rev, stable, err.Error())
		}
		if v.Outcome != Pass {
			return rev, p.abortCanary(s, env, rev, stable, fmt.Sprintf("canary failed at %d%%: %s", w, v.Reason))
		}
		passed = append(passed, fmt.Sprintf("%d%%", w))
	}
	p.r.recordImage(img.img, nil, env.Name+" (canary)")
	st, _ = env.Target.State(s.ctx)
	s.Result("%s passed analysis at %s; holding at %d%% for promote", rev.ID, strings.Join(passed, ", "), st.CanaryWeight)
	return rev, nil
}

// analyze looks at the data every plan.Interval until the step ends: the judge passes or fails
// the canary, the step's time is up, or MaxWait runs out for lack of traffic (a failure or a
// hold, as the plan says: no data is never a pass). The release's analysis, and with it the
// false-alarm budget, continues from the previous step of the same canary.
func (p *P) analyze(s *Stage, env *Environment, m Metrics, plan CanaryPlan, stable, canary Revision, weight int) (Verdict, error) {
	a := p.releaseAnalysis(env.Name, canary.ID, plan)
	hm, _ := m.(HistogramMetrics)
	since := time.Now()
	t := time.NewTicker(plan.Interval)
	defer t.Stop()
	var last Verdict
	lastEmit, lastLow := time.Time{}, false
	for {
		select {
		case <-s.ctx.Done():
			return last, fmt.Errorf("cancelled during analysis at %d%%", weight)
		case <-t.C:
		}
		in := AnalysisInput{Env: env.Name, Weight: weight, Elapsed: time.Since(since)}
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
		var v Verdict
		if err := errors.Join(err1, err2); err != nil {
			v = Verdict{Outcome: Wait, Reason: fmt.Sprintf("metrics unavailable: %v", err)}
			if in.Elapsed >= a.plan.MaxWait {
				v.Outcome, v.Reason = Fail, fmt.Sprintf("no data after %s: %s", a.plan.MaxWait, v.Reason)
			}
		} else {
			v = a.Look(s.ctx, in)
		}
		v.Env, v.Weight, v.Time = env.Name, weight, time.Now()
		v.analysis, v.revision = a, canary.ID
		last = v
		low := v.Evidence != nil && v.Evidence.NeedRequests > 0
		if v.Outcome != Wait || time.Since(lastEmit) >= 2*time.Second || low != lastLow {
			lastEmit, lastLow = time.Now(), low
			vc := v
			s.emit(Event{Kind: AnalysisVerdict, Weight: weight, Verdict: &vc, Message: string(v.Outcome) + ": " + v.Reason})
		}
		if v.Outcome != Wait {
			p.r.mu.Lock()
			p.r.report.Verdicts = append(p.r.report.Verdicts, v)
			p.r.mu.Unlock()
			return v, nil
		}
	}
}

// abortCanary returns all traffic to stable (even if the run's context is cancelled), records
// the rollback and returns the error that fails the stage.
func (p *P) abortCanary(s *Stage, env *Environment, rev, stable Revision, reason string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), p.r.cfg.abortTimeout)
	defer cancel()
	start := time.Now()
	err := env.Target.Abort(ctx, rev)
	p.r.closeCanary(env.Name)
	if err != nil {
		return fmt.Errorf("%s; ROLLBACK FAILED: %v: check %s by hand", reason, err, env.Name)
	}
	p.r.recordRollback(RollbackRecord{Env: env.Name, From: rev.ID, To: stable.ID, Reason: reason, Time: start, Duration: time.Since(start)})
	return fmt.Errorf("%s; rolled back automatically: 100%% of traffic on %s, %s stopped", reason, stable.ID, rev.ID)
}

// Promote makes img the stable revision of env with all traffic. If img is the canary in
// progress there, the canary is completed; if it already is stable, nothing changes; otherwise it
// is deployed blue/green.
func (p *P) Promote(img SignedImage, env *Environment) Revision {
	var rev Revision
	p.stage("promote", envName(env), func(s *Stage) error {
		env, st, err := p.envState(s, env)
		if err != nil {
			return err
		}
		if st.Canary != nil && st.Canary.Image.Digest() == img.img.Digest() {
			if err := s.verifyBeforeDeploy(env, img); err != nil {
				return err
			}
			if err := env.Target.Promote(s.ctx, *st.Canary); err != nil {
				return fmt.Errorf("promoting %s: %w", st.Canary.ID, err)
			}
			p.r.closeCanary(env.Name)
			rev = *st.Canary
			p.r.mu.Lock()
			entry := p.r.entries[env.Name]
			delete(p.r.entries, env.Name)
			p.r.mu.Unlock()
			if entry == nil { // a canary started by an earlier run: record the promotion now
				if entry, err = s.begin(env, img, "canary"); err != nil {
					return err
				}
			}
			s.finish(entry, env, Passed, fmt.Sprintf("%s promoted to 100%%", st.Canary.ID))
			p.r.touch(env.Name, rev)
			p.r.recordImage(img.img, nil, env.Name)
			s.emit(Event{Kind: TrafficShifted, Weight: 100, Image: img.img.String(), Message: fmt.Sprintf("%s takes 100%% of %s", rev.ID, env.Name)})
			s.Result("%s promoted from %d%% to 100%%; %s kept warm for rollback", rev.ID, st.CanaryWeight, stableID(st, "nothing"))
			return nil
		}
		rev, err = p.blueGreen(s, img, env, nil)
		return err
	})
	return rev
}

// Redeploy puts an image chosen by a person — an earlier release to roll back to, a digest
// from another environment — into env, blue/green, even when it is older than what runs
// there: the ledger is asked with explicit true. reason goes into the audit trail.
func (p *P) Redeploy(img SignedImage, env *Environment, reason string) Revision {
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
		if err := s.admit(env, img.img, true); err != nil {
			return err
		}
		if err := s.verifyBeforeDeploy(env, img); err != nil {
			return err
		}
		entry, err := s.begin(env, img, "redeploy")
		if err != nil {
			return err
		}
		if rev, err = p.switchTo(s, img, env, st, nil); err != nil {
			s.finish(entry, env, Failed, err.Error())
			return err
		}
		s.finish(entry, env, Passed, reason)
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
		p.r.mu.Lock()
		entry := p.r.entries[env.Name]
		delete(p.r.entries, env.Name)
		p.r.mu.Unlock()
		s.finish(entry, env, Failed, reason)
		if strings.Contains(err.Error(), "ROLLBACK FAILED") {
			return err
		}
		s.Result("%s aborted: %s", st.Canary.ID, reason)
		return nil
	})
}

// Rollback returns env to its previous stable revision, instantly if it is still warm.
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
		if err := s.admit(env, st.Previous.Image, true); err != nil {
			return err
		}
		entry, err := s.begin(env, SignedImage{img: st.Previous.Image}, "rollback")
		if err != nil {
			return err
		}
		start := time.Now()
		rev, err = env.Target.Rollback(s.ctx)
		if err != nil {
			s.finish(entry, env, Failed, err.Error())
			return fmt.Errorf("rolling %s back to %s: %w", env.Name, st.Previous.ID, err)
		}
		s.finish(entry, env, Passed, "rolled back: "+reason)
		from := stableID(st, "(none)")
		p.r.touch(env.Name, rev)
		p.r.recordRollback(RollbackRecord{Env: env.Name, From: from, To: rev.ID, Reason: reason, Time: start, Duration: time.Since(start)})
		s.Result("%s serves 100%% again (was %s) in %s", rev.ID, from, roundDur(time.Since(start)))
		return nil
	})
	return rev
}
