package flags

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local/router"
)

// MoveFlagRelease is the kind of move an environment's policies are asked about before each
// step that turns a flag on for more users (Move.Weight is the share it is going to; Move.Image
// is zero): greenlight.Stage.Release makes such moves.
const MoveFlagRelease greenlight.MoveKind = "flag-release"

// VariantMetrics gives what each variant of a flag served: the input of a release's analysis.
type VariantMetrics interface {
	// SampleVariant returns what the users in variant ("on" or "off") of flag were served from
	// since until now.
	SampleVariant(ctx context.Context, flag, variant string, since time.Time) (analysis.Sample, error)
}

// RouterMetrics counts variants in the local router, from the Greenlight-Flag-<name> header
// the service sets on its responses. It starts tracking flag.
func RouterMetrics(r *router.Router, flag string) (VariantMetrics, error) {
	if err := r.TrackFlag(flag); err != nil {
		return nil, err
	}
	return routerMetrics{r}, nil
}

type routerMetrics struct{ r *router.Router }

func (m routerMetrics) SampleVariant(_ context.Context, flag, variant string, since time.Time) (analysis.Sample, error) {
	w, err := m.r.SampleVariant(flag, variant, since)
	if err != nil {
		return analysis.Sample{}, err
	}
	return analysis.Sample{Requests: w.Requests, Errors: w.Errors, P50: w.P50, P99: w.P99}, nil
}

// Release says how a flag is turned on in one environment.
type Release struct {
	// Flag is the flag's name.
	Flag string
	// Store is where the environment's flags are kept.
	Store Store
	// Metrics splits the environment's traffic by the flag's variant.
	Metrics VariantMetrics
	// Plan: Steps are shares of users (such as 5, 25, 50, 100), judged exactly as a canary's
	// steps are (analysis.New: the same default judge, step time, low-traffic rules)
	// at every step below 100: the "on" users are the canary, the "off" users the baseline. No
	// data is never a pass.
	Plan greenlight.CanaryPlan
}

// stepJudging ends the reason a rollout writes with a step's share while that step is judged.
const stepJudging = ": judging"

func who(p *greenlight.P) string {
	src := p.Source()
	by := "greenlight"
	if src.Author != "" {
		by += " for " + src.Author
	}
	if src.Commit != "" {
		c := src.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		by += " at " + c
	}
	return by
}

func envOK(p *greenlight.P, env *greenlight.Environment, stage string) {
	if env == nil {
		p.Fatalf("%s: no environment: pass one from p.Env(name)", stage)
	}
}

// Rollout turns r.Flag on in env step by step, judging the "on" users against the "off" users at
// every step below 100 % as a canary is judged. The store says which step is being judged
// (its reason ends ": judging" until the step passes), so a run that meets a step a killed
// run left unjudged judges it again before going on. If the judge fails it, or data does not come in
// time, the flag is turned off (the rollback) and the stage fails. The stage is named
// "release <flag> <env>", apart from the deploy stages: deploying code and releasing a
// feature are separate events in the run's record.
//
// Every step goes through the engine's one choke point (greenlight.Stage.Release), as every
// traffic move does: the run holds the environment, a lock stops the step, a gated environment
// needs an approval of "flag:<name>", and the environment's policies are asked about a move of
// kind MoveFlagRelease with the step's share. A policy that refuses (a freeze) fails the stage
// with the flag where it was; one that holds (wrapping greenlight.ErrAwaitingApproval), or a
// missing approval, ends the run as skipped with the flag where it was, so a freeze that
// starts during a long rollout stops it at the next step. Turning a flag off (Off, or the
// automatic rollback) is never refused or held.
func Rollout(p *greenlight.P, env *greenlight.Environment, r Release) {
	envOK(p, env, "release")
	var held error
	p.Stage("release "+r.Flag+" "+env.Name, func(s *greenlight.Stage) error {
		if err := ValidName(r.Flag); err != nil {
			return err
		}
		if r.Store == nil || r.Metrics == nil {
			return errors.New("a release needs a Store (where the flag is kept) and Metrics (traffic split by the flag's variant)")
		}
		if err := r.Plan.Validate(); err != nil {
			return err
		}
		ap := r.Plan.Analysis()
		if ap.OnLowTraffic == "" {
			ap.OnLowTraffic = analysis.RollBack // a flag has no bake to go on to: low traffic is not a pass
		}
		an := analysis.New(ap)
		ctx := s.Context()
		cur, err := r.Store.Get(ctx, r.Flag)
		if err != nil {
			return fmt.Errorf("reading flag %s in %s: %w", r.Flag, env.Name, err)
		}
		last := r.Plan.Steps[len(r.Plan.Steps)-1]
		if cur.Percent >= last {
			s.Result("flag %s is already on for %d%% of %s; nothing to do", r.Flag, cur.Percent, env.Name)
			return nil
		}
		by := who(p)
		set := func(pct int, reason string) error {
			return r.Store.Set(context.WithoutCancel(ctx), Flag{Name: r.Flag, Percent: pct, By: by, Reason: reason})
		}
		now := cur.Percent // the share of users that has the feature, as recorded
		off := func(reason string) error {
			rec := runlog.ReleaseRecord{Flag: r.Flag, From: now, Percent: 0, Outcome: runlog.Failed, Reason: "turned off: " + reason}
			if err := s.Release(env, rec, func(context.Context) error { return set(0, reason) }); err != nil {
				return fmt.Errorf("%s; FLAG STILL ON: turning %s off failed: %v: turn it off by hand", reason, r.Flag, err)
			}
			now = 0
			s.Logf("flag %s turned off in %s (rollback): %s", r.Flag, env.Name, reason)
			return fmt.Errorf("%s; flag %s turned off: 0%% of %s's users get it, no code was rolled back", reason, r.Flag, env.Name)
		}
		var passed []string
		// A step is recorded in the store as judging while it is judged, and as passed once it
		// is: a run killed in between leaves it judging, and the next run judges it again
		// (as a canary's leftover is aborted) rather than count it as passed.
		unjudged := cur.Percent > 0 && strings.HasSuffix(cur.Reason, stepJudging)
		steps := r.Plan.Steps
		if unjudged {
			s.Logf("release: flag %s was left at %d%% of %s's users by a run that ended before that step was judged: judging it again", r.Flag, cur.Percent, env.Name)
			steps = append([]int{cur.Percent}, steps...)
		}
		for i, w := range steps {
			again := unjudged && i == 0
			if w <= cur.Percent && !again {
				continue
			}
			if !again {
				// Every step goes through the engine's choke point: the hold, locks, the
				// approval of a gated environment, the policies asked about this step.
				rec := runlog.ReleaseRecord{Flag: r.Flag, From: now, Percent: w, Outcome: runlog.Passed, Reason: fmt.Sprintf("release step %d%%", w)}
				var setErr error
				err := s.Release(env, rec, func(context.Context) error {
					setErr = set(w, fmt.Sprintf("release step %d%%%s", w, stepJudging))
					return setErr
				})
				switch {
				case setErr != nil:
					return off(fmt.Sprintf("setting flag %s to %d%% failed: %v", r.Flag, w, setErr))
				case err != nil:
					// Refused or held before anything changed: the flag keeps its share.
					return fmt.Errorf("%w (flag %s stays at %d%% of %s's users)", err, r.Flag, now, env.Name)
				}
				now = w
				s.Logf("release: flag %s on for %d%% of %s's users", r.Flag, w, env.Name)
			}
			if w == 100 {
				break
			}
			v, err := analyze(s, an, env.Name, w, func(since time.Time) (analysis.Sample, analysis.Sample, error) {
				offS, err1 := r.Metrics.SampleVariant(ctx, r.Flag, "off", since)
				onS, err2 := r.Metrics.SampleVariant(ctx, r.Flag, "on", since)
				return offS, onS, errors.Join(err1, err2)
			})
			if err != nil {
				return off(err.Error())
			}
			if v.Outcome == analysis.Hold {
				held = fmt.Errorf("at %d%%: %s", w, v.Reason)
				s.Result("flag %s held at %d%% of %s's users for a person to decide: %s", r.Flag, w, env.Name, v.Reason)
				return nil
			}
			if v.Outcome != analysis.Pass {
				return off(fmt.Sprintf("release of %s failed at %d%%: %s", r.Flag, w, v.Reason))
			}
			if err := set(w, fmt.Sprintf("release step %d%%: passed", w)); err != nil {
				return off(fmt.Sprintf("recording that flag %s passed at %d%% failed: %v", r.Flag, w, err))
			}
			passed = append(passed, fmt.Sprintf("%d%%", w))
		}
		final, _ := r.Store.Get(ctx, r.Flag)
		s.Result("flag %s on for %d%% of %s's users (analysis passed at %s)", r.Flag, final.Percent, env.Name, strings.Join(passed, ", "))
		return nil
	})
	if held != nil {
		p.Skipf("release of flag %s in %s held: %v", r.Flag, env.Name, held)
	}
}

// analyze looks at the figures every Interval through a, the release's analysis (the engine's
// own judge and rules), until it decides. sample returns the baseline and the candidate since
// the step began.
func analyze(s *greenlight.Stage, a *analysis.Analysis, env string, weight int, sample func(since time.Time) (analysis.Sample, analysis.Sample, error)) (analysis.Verdict, error) {
	pl := a.Plan()
	since := time.Now()
	t := time.NewTicker(pl.Interval)
	defer t.Stop()
	lastLog := time.Time{}
	for {
		select {
		case <-s.Context().Done():
			return analysis.Verdict{}, fmt.Errorf("cancelled during analysis at %d%%", weight)
		case <-t.C:
		}
		base, cand, err := sample(since)
		in := analysis.Input{Env: env, Weight: weight, Elapsed: time.Since(since), Stable: base, Canary: cand}
		var v analysis.Verdict
		if err != nil {
			v = analysis.Verdict{Outcome: analysis.Wait, Reason: "metrics unavailable: " + err.Error()}
			if in.Elapsed >= pl.MaxWait {
				v.Outcome = analysis.Fail
				v.Reason = fmt.Sprintf("not enough data after %s: %s", pl.MaxWait, v.Reason)
			}
		} else {
			v = a.Look(s.Context(), in)
		}
		v.Env, v.Weight, v.Time = env, weight, time.Now()
		if v.Outcome != analysis.Wait || time.Since(lastLog) >= 2*time.Second {
			lastLog = time.Now()
			s.Logf("analysis at %d%%: %s: %s", weight, v.Outcome, v.Reason)
		}
		if v.Outcome != analysis.Wait {
			return v, nil
		}
	}
}

// Off turns flag off in env: the rollback of a release, which touches no code. The stage is
// named "flag-off <flag> <env>".
func Off(p *greenlight.P, env *greenlight.Environment, store Store, flag, reason string) {
	envOK(p, env, "flag-off")
	p.Stage("flag-off "+flag+" "+env.Name, func(s *greenlight.Stage) error {
		if err := ValidName(flag); err != nil {
			return err
		}
		if store == nil {
			return errors.New("no flag Store")
		}
		cur, err := store.Get(s.Context(), flag)
		if err != nil {
			return fmt.Errorf("reading flag %s in %s: %w", flag, env.Name, err)
		}
		rec := runlog.ReleaseRecord{Flag: flag, From: cur.Percent, Percent: 0, Outcome: runlog.Cancelled, Reason: reason}
		if err := s.Release(env, rec, func(ctx context.Context) error {
			return store.Set(ctx, Flag{Name: flag, Percent: 0, By: who(p), Reason: reason})
		}); err != nil {
			return fmt.Errorf("turning %s off in %s: %w; it is still on for %d%%", flag, env.Name, err, cur.Percent)
		}
		s.Result("flag %s off in %s (was on for %d%%): %s", flag, env.Name, cur.Percent, reason)
		return nil
	})
}

// Mirror copies a share of an environment's requests to a revision that takes no traffic,
// discarding its responses: the local router (RouterMirror) or, on Kubernetes, the Gateway
// API's RequestMirror filter (gatewayapi.Router.Mirror).
//
// A mirror copies only the safe methods (GET, HEAD, OPTIONS): a shadow never repeats a write.
// So that the dark launch compares the shadow with stable on the same requests, SafeMetrics
// counts only those methods, for stable and the shadow alike. Every mirrored request reaches
// the shadow with the header Greenlight-Shadow: 1 (set by the router, or by the shadow proxy
// gatewayapi.Router.Mirror puts in the shadow's pods), and no live request carries it.
type Mirror interface {
	// Mirror copies percent of the requests to rev; percent 0 stops mirroring to it.
	Mirror(ctx context.Context, rev greenlight.Revision, percent int) error
	// SafeMetrics samples what a revision served of the mirrored methods only; nil when the
	// mirror has no such source (the dark launch then refuses to start).
	SafeMetrics() greenlight.Metrics
}

// RouterMirror mirrors with the local router (local.Target's Router()).
func RouterMirror(r *router.Router) Mirror { return routerMirror{r} }

type routerMirror struct{ r *router.Router }

func (m routerMirror) Mirror(_ context.Context, rev greenlight.Revision, percent int) error {
	if percent == 0 {
		return m.r.SetMirror("", 0)
	}
	return m.r.SetMirror(rev.ID, percent)
}

// SafeMetrics implements Mirror with the router's counts of GET, HEAD and OPTIONS requests.
func (m routerMirror) SafeMetrics() greenlight.Metrics { return routerSafe(m) }

type routerSafe struct{ r *router.Router }

func (m routerSafe) Preflight(context.Context, greenlight.Revision) error { return nil }

func (m routerSafe) Sample(_ context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	w, err := m.r.SampleSafe(rev.ID, since)
	if err != nil {
		return analysis.Sample{}, err
	}
	return analysis.Sample{Requests: w.Requests, Errors: w.Errors, P50: w.P50, P99: w.P99}, nil
}

// DarkPlan says how a dark launch proceeds.
type DarkPlan struct {
	// Percent of the requests copied to the new version (default 10).
	Percent int
	// Judge compares the new version's answers to the mirrored requests with the stable
	// version's; Judge, Interval, StepTime and MaxWait have the meaning and the defaults of a
	// greenlight.CanaryPlan's (the engine's default judge when nil).
	Judge    analysis.Judge
	Interval time.Duration
	StepTime time.Duration
	MaxWait  time.Duration
}

// DarkLaunch starts img beside the stable revision of env with no traffic, mirrors plan.Percent
// of the live requests to it (only GET, HEAD and OPTIONS: a shadow never repeats a write),
// and judges its errors and latency against stable's on the same methods (m.SafeMetrics). No user ever gets its responses. Either
// way the new revision is stopped at the end: a dark launch proves a version, and a Canary
// stage releases it. The stage is named "dark-launch <env>".
//
// The image's signature was verified by Sign or Verify in this run; with Environment.Verifier
// set, it is verified again before the revision starts. In an environment that requires
// approval, mirrored requests are production requests too: a decision approving this digest
// must stand in Environment.Decisions.
func DarkLaunch(p *greenlight.P, img greenlight.SignedImage, env *greenlight.Environment, m Mirror, plan DarkPlan) {
	envOK(p, env, "dark-launch")
	p.Stage("dark-launch "+env.Name, func(s *greenlight.Stage) error {
		ctx := s.Context()
		if m == nil {
			return errors.New("no Mirror: for the local target pass flags.RouterMirror(target.Router())")
		}
		// The shadow gets only GET, HEAD and OPTIONS: stable is judged on the same methods.
		metrics := m.SafeMetrics()
		if metrics == nil {
			return fmt.Errorf("no metrics of the mirrored methods for %s: the mirror copies only GET, HEAD and OPTIONS, and stable must be compared on those; set the mirror's Metrics (gatewayapi.Mirrorer.Metrics: a source counting only those methods); nothing was started", env.Name)
		}
		if plan.Percent == 0 {
			plan.Percent = 10
		}
		if plan.Percent < 1 || plan.Percent > 100 {
			return fmt.Errorf("invalid dark launch: Percent %d must be between 1 and 100", plan.Percent)
		}
		cp := greenlight.CanaryPlan{Steps: []int{plan.Percent}, Judge: plan.Judge, Interval: plan.Interval, StepTime: plan.StepTime, MaxWait: plan.MaxWait}
		if err := cp.Validate(); err != nil {
			return fmt.Errorf("invalid dark launch: %w", err)
		}
		ap := cp.Analysis()
		ap.OnLowTraffic = analysis.RollBack // a dark launch has no bake to go on to: low traffic is not a pass
		an := analysis.New(ap)
		st, err := env.Target.State(ctx)
		if err != nil {
			return fmt.Errorf("reading the state of %s: %w", env.Name, err)
		}
		if st.Stable == nil {
			return fmt.Errorf("a dark launch mirrors live traffic, and nothing serves %s yet: deploy a first release", env.Name)
		}
		if st.Stable.Image.Digest() == img.Image().Digest() {
			s.Result("%s already serves %s; nothing to launch dark", img.Image().Short(), env.Name)
			return nil
		}
		if env.Verifier != nil {
			if _, err := env.Verifier.Verify(ctx, img.Image()); err != nil {
				return fmt.Errorf("refusing to start %s in %s: %w; nothing was started", img.Image().Short(), env.Name, err)
			}
		}
		// The start and the stop of the mirror go through the engine's choke point: the hold,
		// locks, the approval of the digest in a gated environment (mirrored requests are
		// production requests), the policies; the stop is never refused.
		var rev greenlight.Revision
		started := false
		start := runlog.ReleaseRecord{Image: img.Image(), From: 0, Percent: plan.Percent, Outcome: runlog.Passed, Reason: "dark launch"}
		err = s.Release(env, start, func(ctx context.Context) error {
			var err error
			if rev, err = env.Target.Start(ctx, img); err != nil {
				return fmt.Errorf("starting %s: %w", img.Image().Short(), err)
			}
			started = true
			return m.Mirror(ctx, rev, plan.Percent)
		})
		if started {
			defer func() {
				stop := runlog.ReleaseRecord{Image: img.Image(), From: plan.Percent, Percent: 0, Outcome: runlog.Cancelled, Reason: "dark launch stopped"}
				if err := s.Release(env, stop, func(ctx context.Context) error {
					return errors.Join(m.Mirror(ctx, rev, 0), env.Target.Abort(ctx, rev))
				}); err != nil {
					s.Logf("WARNING: stopping the dark revision %s: %v", rev.ID, err)
				}
			}()
		}
		if err != nil {
			return fmt.Errorf("%w; nothing serves a user from %s", err, img.Image().Short())
		}
		s.Logf("dark launch: %d%% of %s's requests copied to %s, its responses discarded", plan.Percent, env.Name, rev.ID)
		stable := *st.Stable
		v, err := analyze(s, an, env.Name, plan.Percent, func(since time.Time) (analysis.Sample, analysis.Sample, error) {
			a, err1 := metrics.Sample(ctx, stable, since)
			b, err2 := metrics.Sample(ctx, rev, since)
			return a, b, errors.Join(err1, err2)
		})
		if err != nil {
			return fmt.Errorf("dark launch of %s: %w; it served no user and is stopped", rev.ID, err)
		}
		if v.Outcome != analysis.Pass {
			return fmt.Errorf("dark launch of %s failed on mirrored traffic: %s; it served no user and is stopped", rev.ID, v.Reason)
		}
		s.Result("dark launch of %s passed on mirrored traffic: %s; it served no user and is stopped", rev.ID, v.Reason)
		return nil
	})
}
