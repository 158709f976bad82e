package greenlight

import (
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// CanaryPlan says how a canary proceeds: the traffic steps, and how each step is judged (see
// pkg/analysis).
type CanaryPlan struct {
	// Steps are the canary's traffic percentages, strictly increasing, each 1–100, such as
	// 10, 25, 50, 100. Analysis runs at every step below 100; 100 is reached by Promote.
	Steps []int
	// Judge decides at each step (default analysis.Sequential{}; analysis.Compare{} is the
	// fixed-sample judge of earlier versions).
	Judge analysis.Judge
	// Interval between looks at the data (default 1s).
	Interval time.Duration
	// StepTime is how long a step runs when the judge has not decided: when it is up, the step
	// passes if there is no evidence of harm and the least evidence (MinRequests) was served.
	// Default 1m with the default judge; 0 with another judge means the judge alone decides.
	StepTime time.Duration
	// MinRequests is the least evidence: requests each version must serve in a step before it
	// can pass (default 100 with the default judge).
	MinRequests int64
	// Detect and DetectIncrease are the least evidence of the default judge as the harm the
	// data must be able to catch: a step passes on time only when the release's data so far
	// would have caught, 9 times in 10, a canary whose error rate is Detect times the
	// baseline's, and at least DetectIncrease higher (defaults 3 and 0.01: 1 % → 3 %, 0 % →
	// 1 %). Other judges ignore them.
	Detect         float64
	DetectIncrease float64
	// MaxWait is how long a step may be extended for lack of traffic (default 10×StepTime with
	// the default judge, 3×StepTime with another, or 2m when StepTime is 0); then the step ends
	// as OnLowTraffic says.
	MaxWait time.Duration
	// OnLowTraffic says how a step without the least evidence by MaxWait ends (default
	// analysis.Proceed with the default judge: the step passes unproven and the same test goes
	// on through the next steps and the bake; analysis.RollBack with another judge).
	OnLowTraffic analysis.LowTraffic
	// Bake is the watch Promote starts with the default judge, before it gives the canary all
	// traffic: the canary takes Bake.Weight percent (default 75), the previous version keeps the
	// rest, and the release's test goes on (one false-alarm budget across canary and bake) until
	// its data would have caught the plan's harm, or Bake.MaxTime ("promoted unproven"); harm
	// rolls it back through the same traffic move as a failed canary step. Bake.Off turns it off.
	Bake analysis.Bake
}

// Validate reports what is wrong with the plan, naming the fix.
func (c CanaryPlan) Validate() error {
	if len(c.Steps) == 0 {
		return fmt.Errorf("invalid canary plan: no steps; give weights such as Steps: []int{10, 25, 50, 100}")
	}
	prev := 0
	for i, w := range c.Steps {
		if w < 1 || w > 100 {
			return fmt.Errorf("invalid canary plan: step %d is %d%%; each step must be between 1 and 100", i+1, w)
		}
		if w <= prev {
			return fmt.Errorf("invalid canary plan: steps must increase, but step %d (%d%%) follows %d%%", i+1, w, prev)
		}
		prev = w
	}
	if c.Interval < 0 || c.MaxWait < 0 || c.StepTime < 0 || c.MinRequests < 0 || c.Bake.Time < 0 || c.Bake.MaxTime < 0 {
		return fmt.Errorf("invalid canary plan: Interval, StepTime, MaxWait, MinRequests and the Bake's times cannot be negative")
	}
	if c.Bake.Weight < 0 || c.Bake.Weight > 99 {
		return fmt.Errorf("invalid canary plan: Bake.Weight is %d%%; give the new version's share during the bake, 1–99 (default 75), or set Bake.Off", c.Bake.Weight)
	}
	if (c.Detect != 0 && !(c.Detect > 1)) || c.DetectIncrease < 0 || c.DetectIncrease >= 1 {
		return fmt.Errorf("invalid canary plan: Detect must be above 1 (such as 3) and DetectIncrease between 0 and 1 (such as 0.01)")
	}
	if c.MaxWait > 0 && c.StepTime > 0 && c.MaxWait < c.StepTime {
		return fmt.Errorf("invalid canary plan: MaxWait (%s) is shorter than StepTime (%s); MaxWait is how long a step may be extended", c.MaxWait, c.StepTime)
	}
	switch c.OnLowTraffic {
	case "", analysis.Proceed, analysis.RollBack, analysis.HoldForPerson:
	default:
		return fmt.Errorf("invalid canary plan: OnLowTraffic %q; use analysis.Proceed, analysis.RollBack or analysis.HoldForPerson", c.OnLowTraffic)
	}
	return nil
}

// Analysis is how each step of the plan is judged: the plan without its Steps, for
// analysis.New.
func (c CanaryPlan) Analysis() analysis.Plan {
	return analysis.Plan{Judge: c.Judge, Interval: c.Interval, StepTime: c.StepTime, MinRequests: c.MinRequests,
		Detect: c.Detect, DetectIncrease: c.DetectIncrease, MaxWait: c.MaxWait, OnLowTraffic: c.OnLowTraffic, Bake: c.Bake}
}

// analysisKey names the analysis of the canary rev in env.
func analysisKey(env, rev string) string { return env + "\x00" + rev }

// releaseAnalysis continues the analysis of the canary rev in env from its previous step in
// this run (the last step that reached a verdict), or starts it: one false-alarm budget per
// release, across all steps.
func (p *P) releaseAnalysis(env, rev string, plan CanaryPlan) *analysis.Analysis {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	if a := p.r.analyses[analysisKey(env, rev)]; a != nil {
		return a
	}
	return analysis.New(plan.Analysis())
}

// keepAnalysis records a, the analysis of the canary rev in env, with the verdict v that ended
// one of its steps, so that the next step continues it.
func (p *P) keepAnalysis(env, rev string, a *analysis.Analysis, v analysis.Verdict) {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	p.r.report.Verdicts = append(p.r.report.Verdicts, v)
	if p.r.analyses == nil {
		p.r.analyses = map[string]*analysis.Analysis{}
	}
	p.r.analyses[analysisKey(env, rev)] = a
}

// Missing metrics: the least the stable revision's traffic must imply for the canary before
// its silence means its metrics are missing, and how long a scraped source may take to show a
// new revision's first requests (two scrape intervals of a minute).
const (
	missingExpected = 50 // a Poisson count of mean 50 is 0 with probability e⁻⁵⁰
	missingLag      = 2 * time.Minute
)

// missingCanary reports whether the canary at weight shows no requests at all while the stable
// revision's traffic says it must have served at least missingExpected, once the step has run
// missingLag (or its MaxWait, if shorter): its requests are not counted under its revision (a
// pod without the revision label), which no judge may read as "no traffic yet". The reason
// says what was seen and the fix.
func missingCanary(in analysis.Input, weight int, maxWait time.Duration) (string, bool) {
	if in.Canary.Requests > 0 || weight <= 0 || weight >= 100 || in.Elapsed < min(missingLag, maxWait) {
		return "", false
	}
	expected := float64(in.Stable.Requests) * float64(weight) / float64(100-weight)
	if expected < missingExpected {
		return "", false
	}
	return fmt.Sprintf("the stable revision served %d requests in %s, so at %d%% the canary should have served about %.0f, "+
		"and its metrics count none; make its requests carry its revision (docs/analysis.md, \"What the canary reads\")",
		in.Stable.Requests, in.Elapsed.Round(time.Second), weight, expected), true
}
