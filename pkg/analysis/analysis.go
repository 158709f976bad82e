package analysis

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Outcome is a judge's decision on one look at the data.
type Outcome string

const (
	// Pass: the canary is no worse than stable, on enough data.
	Pass Outcome = "pass"
	// Fail: the canary is worse; roll back.
	Fail Outcome = "fail"
	// Wait: not decided yet. The engine keeps looking up to the plan's MaxWait, then ends the
	// step as the plan says: Greenlight never passes a canary on no data (a step that ends
	// unproven passes with Evidence.Decided "unproven" and the release's figures in its reason).
	Wait Outcome = "wait"
	// Hold: traffic was too low to decide within MaxWait and the plan says a person decides
	// (OnLowTraffic: HoldForPerson). The canary keeps its weight.
	Hold Outcome = "hold"
)

// Input is what a Judge sees: both revisions over the same window.
type Input struct {
	// Env is the environment's name and Weight the canary's share of its traffic in percent.
	Env    string
	Weight int
	// Elapsed is the time since the step (the window) began.
	Elapsed time.Duration
	// Stable and Canary are what each revision served in the window.
	Stable Sample
	Canary Sample
	// StableLatency and CanaryLatency are the latency histograms of the same window, when the
	// metrics source gives them (pkg/greenlight's HistogramMetrics); nil otherwise.
	StableLatency *Histogram
	CanaryLatency *Histogram
}

// Verdict is a judge's answer, with the numbers that led to it.
type Verdict struct {
	// Outcome is the decision and Reason says why, with the figures.
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason"`
	// Env and Weight are the environment and the canary's share of traffic judged.
	Env    string `json:"env"`
	Weight int    `json:"weight"`
	// Stable and Canary are the figures judged.
	Stable Sample `json:"stable"`
	Canary Sample `json:"canary"`
	// Time is when the verdict was given (set by the engine).
	Time time.Time `json:"time"`
	// Evidence is the figures of the Sequential judge (nil for other judges): requests, rates,
	// the test statistics and their thresholds over the release so far.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Judge compares a canary with stable. It is called repeatedly as traffic accumulates.
type Judge interface {
	// Judge decides on one look at the figures of in.
	Judge(ctx context.Context, in Input) Verdict
}

// JudgeFunc adapts a function to Judge.
type JudgeFunc func(ctx context.Context, in Input) Verdict

// Judge calls f.
func (f JudgeFunc) Judge(ctx context.Context, in Input) Verdict { return f(ctx, in) }

// LowTraffic says how a step ends when traffic was too low for the plan's least evidence by
// MaxWait.
type LowTraffic string

const (
	// Proceed ends the step unproven (the default): with no evidence of harm, the release goes
	// on to the next step and its bake with the same e-process, which keeps testing for harm
	// with one false-alarm budget until the bake has the least evidence or its MaxTime runs
	// out ("promoted unproven"). A step where one version served nothing still fails.
	Proceed LowTraffic = "proceed"
	// RollBack returns all traffic to stable.
	RollBack LowTraffic = "rollback"
	// HoldForPerson keeps the canary at its weight and leaves the decision to a person.
	HoldForPerson LowTraffic = "hold"
)

// Plan is how each step of a release is judged and when it ends: the analysis part of
// pkg/greenlight's CanaryPlan (which adds the steps' weights). The zero value is the default
// plan.
type Plan struct {
	// Judge decides at each step (default Sequential{}; Compare{} is the fixed-sample judge of
	// earlier versions).
	Judge Judge
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
	// OnLowTraffic says how a step without the least evidence by MaxWait ends (default Proceed
	// with the default judge, RollBack with another).
	OnLowTraffic LowTraffic
	// Bake is the watch after promote, with the default judge (see Bake).
	Bake Bake
}

// WithDefaults is p with every unset field at its default.
func (p Plan) WithDefaults() Plan {
	if p.Judge == nil {
		p.Judge = Sequential{}
	}
	if _, seq := p.sequential(); seq {
		if p.StepTime == 0 {
			p.StepTime = time.Minute
		}
		if p.MinRequests == 0 {
			p.MinRequests = 100
		}
	}
	if p.Interval == 0 {
		p.Interval = time.Second
	}
	_, seq := p.sequential()
	if p.MaxWait == 0 {
		p.MaxWait = 2 * time.Minute
		switch {
		case p.StepTime > 0 && seq:
			p.MaxWait = 10 * p.StepTime
		case p.StepTime > 0:
			p.MaxWait = 3 * p.StepTime
		}
	}
	if p.OnLowTraffic == "" {
		p.OnLowTraffic = RollBack
		if seq {
			p.OnLowTraffic = Proceed
		}
	}
	if seq {
		p.Bake = p.Bake.withDefaults(p.StepTime)
	}
	return p
}

func (p Plan) sequential() (Sequential, bool) {
	switch j := p.Judge.(type) {
	case Sequential:
		return j, true
	case *Sequential:
		if j != nil {
			return *j, true
		}
	}
	return Sequential{}, false
}

// Analysis is the analysis of one release under a plan, step by step, look by look, with no
// clock of its own: the engine feeds it live figures every Interval, `greenlight analyze
// --replay` feeds it recorded ones, and bench/judgebench simulated ones, all through Look.
type Analysis struct {
	plan  Plan
	judge Judge
	seq   *SequentialRun // the judge, when it is the default one
}

// New starts the analysis of one release under plan (its defaults filled in).
func New(plan Plan) *Analysis {
	plan = plan.WithDefaults()
	a := &Analysis{plan: plan, judge: plan.Judge}
	if s, ok := plan.sequential(); ok {
		a.seq = s.start(plan.Detect, plan.DetectIncrease)
		a.judge = a.seq
	}
	return a
}

// Plan is the plan with its defaults.
func (a *Analysis) Plan() Plan { return a.plan }

// Look judges the figures of the current step: in.Elapsed is the time since the step began,
// in.Stable and in.Canary what each version served since then, in.Weight the canary's share.
// Wait means look again after Interval; any other outcome ends the step.
func (a *Analysis) Look(ctx context.Context, in Input) Verdict {
	p := a.plan
	v := a.judge.Judge(ctx, in)
	v.Env, v.Weight = in.Env, in.Weight
	missing, needReq, needTime := a.missing(in, v.Evidence)
	if v.Evidence != nil {
		v.Evidence.NeedRequests, v.Evidence.NeedTime = 0, 0 // set below while the step waits for traffic
	}
	if missing != "" && v.Outcome == Pass {
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("shown not worse, but %s: %s", missing, v.Reason)
	}
	if v.Outcome != Wait {
		return v
	}
	if v.Evidence != nil && missing != "" && needTime > 0 {
		// From the first look at which the rate is known, not only once the step is extended:
		// the people watching see how long the step still needs at the current rate.
		v.Evidence.NeedRequests, v.Evidence.NeedTime = needReq, needTime
	}
	if p.StepTime > 0 && in.Elapsed >= p.StepTime {
		if missing == "" {
			v.Outcome = Pass
			v.Reason = fmt.Sprintf("step time %s up with no evidence of harm: %s", p.StepTime, strings.TrimPrefix(v.Reason, "no evidence of harm yet: "))
			if v.Evidence != nil {
				v.Evidence.Decided = "step time"
			}
			return v
		}
		v.Reason = fmt.Sprintf("low traffic: %s; step extended up to %s; %s", missing, p.MaxWait, v.Reason)
		if v.Evidence != nil {
			v.Evidence.NeedRequests, v.Evidence.NeedTime = needReq, needTime
		}
	}
	if in.Elapsed >= p.MaxWait {
		if p.OnLowTraffic == Proceed && missing != "" && v.Evidence != nil && v.Evidence.CanaryRequests > 0 && v.Evidence.StableRequests > 0 {
			return unproven(v, fmt.Sprintf("step passed unproven after %s", p.MaxWait), "low traffic, the release goes on with the same test: "+missing)
		}
		if p.OnLowTraffic == HoldForPerson && missing != "" {
			v.Outcome = Hold
			v.Reason = fmt.Sprintf("not enough traffic after %s to decide; holding at %d%% for a person to promote or abort: %s", p.MaxWait, in.Weight, v.Reason)
		} else {
			v.Outcome = Fail
			v.Reason = fmt.Sprintf("not enough data after %s: %s", p.MaxWait, v.Reason)
		}
		if v.Evidence != nil {
			v.Evidence.Decided = "low traffic"
		}
	}
	return v
}

// missing says what the step lacks of the plan's least evidence ("" when nothing): requests per
// version, and with the default judge, data that would have caught the harm the plan names;
// with the larger of the needs in canary requests and time.
func (a *Analysis) missing(in Input, e *Evidence) (string, int64, time.Duration) {
	p := a.plan
	var parts []string
	var needReq int64
	var needTime time.Duration
	if need := p.MinRequests - min(in.Stable.Requests, in.Canary.Requests); need > 0 {
		about := "no traffic measured yet"
		if r := float64(min(in.Stable.Requests, in.Canary.Requests)) / in.Elapsed.Seconds(); r > 0 {
			needTime = time.Duration(float64(need) / r * float64(time.Second)).Round(time.Second)
			about = fmt.Sprintf("about %s at the current rate", needTime)
		}
		needReq = need
		parts = append(parts, fmt.Sprintf("%d more request(s) per version needed for the least evidence (%d), %s", need, p.MinRequests, about))
	}
	if e != nil && e.Power < e.PowerNeeded {
		about := "more traffic"
		if e.NeedRequests > 0 {
			about = fmt.Sprintf("about %d more canary request(s), %s at the current rate", e.NeedRequests, e.NeedTime)
		}
		parts = append(parts, fmt.Sprintf("to catch a canary going from %.2f%% to %.2f%% errors 9 times in 10 the test needs %s", 100*e.DetectFrom, 100*e.DetectTo, about))
		needReq, needTime = max(needReq, e.NeedRequests), max(needTime, e.NeedTime)
	}
	return strings.Join(parts, "; "), needReq, needTime
}
