package greenlight

import (
	"context"
	"errors"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// bake is the watch Promote starts before it gives the canary in st all traffic, when this run
// judged the canary with the default judge and its plan's bake is on (analysis.Bake): the
// canary takes the bake's weight, the previous version keeps the rest, and the release's
// analysis goes on (one false-alarm budget across canary and bake) until the bake passes,
// proven or unproven. A canary this run did not judge (a promote dispatched after a hold) is
// baked with a fresh test under env.PromotePlan, with a false-alarm budget of its own. Harm
// found returns all traffic to the previous version through the choke point, as a failed
// canary step does, and fails the stage. It returns the bake's verdict, or nil when there is
// no bake.
func (p *P) bake(s *Stage, env *Environment, st State, img SignedImage) (*analysis.Verdict, error) {
	canary := *st.Canary
	if st.Stable == nil {
		return nil, nil
	}
	stable := *st.Stable
	p.r.mu.Lock()
	a := p.r.analyses[analysisKey(env.Name, canary.ID)]
	p.r.mu.Unlock()
	fresh := a == nil
	if fresh {
		// Not judged in this run: a promote dispatched after a hold. The canary's e-process
		// ended in the run that held it, and its evidence is kept nowhere this run can read
		// it, so the bake starts a fresh test under env.PromotePlan, with its own budget.
		var err error
		if a, err = freshBake(env); err != nil || a == nil {
			return nil, err
		}
	}
	if !a.Bakes() {
		return nil, nil // another judge, or Bake.Off
	}
	m := env.metrics()
	if m == nil && fresh {
		return nil, fmt.Errorf("no metrics source for %s to bake the promote with: set Environment.Metrics (its target does not provide metrics), or PromotePlan.Bake.Off to promote at once", env.Name)
	}
	if m == nil {
		return nil, fmt.Errorf("no metrics source for %s: set Environment.Metrics (its target does not provide metrics)", env.Name)
	}
	if fresh {
		// As before a canary's first move: the metrics contract is checked before the bake
		// moves most of the traffic; nothing moves if it does not hold.
		if err := m.Preflight(s.ctx, stable); err != nil {
			return nil, fmt.Errorf("metrics preflight for %s failed before the bake, nothing moved: %w", env.Name, err)
		}
		p.r.mu.Lock()
		if p.r.analyses == nil {
			p.r.analyses = map[string]*analysis.Analysis{}
		}
		p.r.analyses[analysisKey(env.Name, canary.ID)] = a
		p.r.mu.Unlock()
	}
	weight := st.CanaryWeight
	if want := a.Plan().Bake.Weight; weight < want {
		// The bake's move is the promote's first: in a gated environment the choke point asks
		// for the approval Promote needs before most of the traffic moves (the move to 100 %
		// checks it again), and policies see a promote at the bake's weight.
		set, switched := want, false
		if _, err := s.move(moveSpec{kind: MovePromote, env: env, img: img, weight: want, strategy: "canary", reason: fmt.Sprintf("bake at %d%%", want)},
			func(ctx context.Context) (Revision, error) {
				switched = true
				var err error
				if set, err = env.Target.SetCanaryWeight(ctx, canary, want); err != nil {
					return canary, fmt.Errorf("setting the bake's weight %d%% failed: %v", want, err)
				}
				return canary, nil
			}); err != nil {
			if !switched {
				// Held or refused before the bake (an approval, a policy, the ledger): nothing
				// moved, and the canary keeps its weight, as at a refused promote.
				return nil, err
			}
			return nil, p.abortCanary(s, env, canary, stable, err.Error())
		}
		if set != want {
			s.Logf("asked for %d%%; the target's traffic split gives the canary %d%%", want, set)
		}
		weight = set
	}
	b := a.Plan().Bake
	if fresh {
		s.Logf("baking %s at %d%% (%s keeps %d%%) for at least %s, up to %s, with a fresh test and a false-alarm budget of its own: "+
			"the canary was judged in an earlier run, whose evidence this run cannot continue",
			canary.ID, weight, stable.ID, 100-weight, b.Time, b.MaxTime)
	} else {
		s.Logf("baking %s at %d%% (%s keeps %d%%) for at least %s, up to %s, with the canary's test and its false-alarm budget",
			canary.ID, weight, stable.ID, 100-weight, b.Time, b.MaxTime)
	}
	// The plan is the analysis's own: releaseAnalysis returns the one kept for this canary.
	v, err := p.analyze(s, env, m, CanaryPlan{Interval: a.Plan().Interval}, stable, canary, weight, true)
	var sk *skip
	if errors.As(err, &sk) {
		// A newer green commit won the environment (the ledger's newest-wins rule): this
		// release will not be promoted, and no one would watch it at its bake's weight.
		if err := p.abortCanary(s, env, canary, stable, "superseded during the bake: "+sk.reason); err != nil {
			var af *abortFailed
			if errors.As(err, &af) {
				return nil, err
			}
		}
		return nil, &skip{reason: fmt.Sprintf("superseded during the bake at %d%%: %s; the bake was stopped and %s serves 100%% again", weight, sk.reason, stable.ID)}
	}
	if err != nil {
		return nil, p.abortCanary(s, env, canary, stable, err.Error())
	}
	if v.Outcome != analysis.Pass {
		return nil, p.abortCanary(s, env, canary, stable, fmt.Sprintf("bake failed at %d%%: %s", weight, v.Reason))
	}
	if fresh {
		v.Reason = "a fresh test, with a false-alarm budget of its own: " + v.Reason
	}
	return &v, nil
}

// dispatchedBakeAlpha is the false-alarm budget of a fresh bake's test when env.PromotePlan
// names no judge: half the canary's default (0.01), so that canary and bake together stay
// under 1.5 % (docs/analysis.md, "A promote dispatched after a hold").
const dispatchedBakeAlpha = 0.005

// freshBake starts the analysis a promote bakes with when this run did not judge the canary:
// env.PromotePlan's, with the default judge at dispatchedBakeAlpha when it names none.
func freshBake(env *Environment) (*analysis.Analysis, error) {
	plan := env.PromotePlan
	plan.Steps = []int{100}
	if err := plan.Validate(); err != nil {
		return nil, fmt.Errorf("%s's PromotePlan: %w", env.Name, err)
	}
	if plan.Judge == nil {
		plan.Judge = analysis.Sequential{Alpha: dispatchedBakeAlpha}
	}
	return analysis.New(plan.Analysis()), nil
}

// supersedeLooks is how often a bake asks the ledger whether a newer green commit superseded
// the release: every 60 looks (a minute at the default Interval).
const supersedeLooks = 60

// superseded asks env's ledger, as the promote's move will, whether the release may still move
// there: a skip when a newer green commit won (newest wins), nil otherwise (and always for a
// dispatched promote). A ledger that
// cannot be asked now is not a reason to stop a bake: the promote's move asks again.
func (p *P) superseded(s *Stage, env *Environment, canary Revision, weight int) error {
	if !p.r.automatic() {
		// A promote a person dispatched (an approval's) is not superseded, nor its bake: on a
		// busy branch every approved release would be.
		return nil
	}
	err := s.admit(env, Move{Kind: MovePromote, Env: env.Name, Image: canary.Image, Weight: weight, Source: p.r.cfg.src})
	var sk *skip
	if errors.As(err, &sk) {
		return err
	}
	if err != nil {
		s.Logf("could not ask the ledger whether a newer commit supersedes %s: %v", canary.ID, err)
	}
	return nil
}
