package greenlight

import (
	"context"
	"fmt"
	"math"
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
	// step as the plan says: Greenlight never passes a canary on no data.
	Wait Outcome = "wait"
	// Hold: traffic was too low to decide within MaxWait and the plan says a person decides
	// (OnLowTraffic: Hold). The canary keeps its weight.
	Hold Outcome = "hold"
)

// AnalysisInput is what a Judge sees: both revisions over the same window.
type AnalysisInput struct {
	Env     string
	Weight  int
	Elapsed time.Duration
	Stable  Sample
	Canary  Sample
	// StableLatency and CanaryLatency are the latency histograms of the same window, when the
	// metrics source gives them (HistogramMetrics); nil otherwise.
	StableLatency *Histogram
	CanaryLatency *Histogram
}

// Verdict is a judge's answer, with the numbers that led to it.
type Verdict struct {
	Outcome Outcome   `json:"outcome"`
	Reason  string    `json:"reason"`
	Env     string    `json:"env"`
	Weight  int       `json:"weight"`
	Stable  Sample    `json:"stable"`
	Canary  Sample    `json:"canary"`
	Time    time.Time `json:"time"`
	// Evidence is the figures of the Sequential judge (nil for other judges): requests, rates,
	// the test statistics and their thresholds over the release so far.
	Evidence *Evidence `json:"evidence,omitempty"`

	analysis *Analysis // the release's analysis, continued by the next step
	revision string    // the canary it judged
}

// Judge compares a canary with stable. It is called repeatedly as traffic accumulates.
type Judge interface {
	Judge(ctx context.Context, in AnalysisInput) Verdict
}

// JudgeFunc adapts a function to Judge.
type JudgeFunc func(ctx context.Context, in AnalysisInput) Verdict

// Judge calls f.
func (f JudgeFunc) Judge(ctx context.Context, in AnalysisInput) Verdict { return f(ctx, in) }

// Compare is the built-in judge: the canary fails if its error rate is higher than stable's by
// more than MaxErrorRateIncrease with statistical confidence, or its p99 latency is worse than
// stable's by more than MaxLatencyRatio. It waits until both revisions served MinRequests.
type Compare struct {
	// MinRequests each revision must serve in the window before any verdict (default 100).
	MinRequests int64
	// MaxErrorRateIncrease is the tolerated absolute increase of the error rate (default 0.01 = 1 point).
	MaxErrorRateIncrease float64
	// MaxLatencyRatio is the tolerated canary p99 / stable p99 (default 1.5); LatencySlack is added to
	// stable's p99 before comparing, so that sub-millisecond noise never fails a canary (default 25ms).
	MaxLatencyRatio float64
	LatencySlack    time.Duration
}

func (c Compare) withDefaults() Compare {
	if c.MinRequests <= 0 {
		c.MinRequests = 100
	}
	if c.MaxErrorRateIncrease <= 0 {
		c.MaxErrorRateIncrease = 0.01
	}
	if c.MaxLatencyRatio <= 0 {
		c.MaxLatencyRatio = 1.5
	}
	if c.LatencySlack <= 0 {
		c.LatencySlack = 25 * time.Millisecond
	}
	return c
}

// Judge implements Judge.
func (c Compare) Judge(_ context.Context, in AnalysisInput) Verdict {
	c = c.withDefaults()
	v := Verdict{Env: in.Env, Weight: in.Weight, Stable: in.Stable, Canary: in.Canary}
	s, k := in.Stable, in.Canary
	// A canary whose errors alone already exceed the budget at MinRequests, even if every request
	// after them succeeds, cannot recover: fail as soon as that is certain.
	if k.Requests < c.MinRequests || s.Requests < c.MinRequests {
		if k.Errors >= 10 && float64(k.Errors)/float64(c.MinRequests) > s.ErrorRate()+c.MaxErrorRateIncrease {
			v.Outcome, v.Reason = Fail, fmt.Sprintf("canary failed %d of its first %d requests (stable %.2f%%)", k.Errors, k.Requests, 100*s.ErrorRate())
			return v
		}
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("waiting for %d requests per version (stable %d, canary %d)", c.MinRequests, s.Requests, k.Requests)
		return v
	}
	diff := k.ErrorRate() - s.ErrorRate()
	if diff > c.MaxErrorRateIncrease && significant(s, k) {
		v.Outcome = Fail
		v.Reason = fmt.Sprintf("error rate %.2f%% on canary vs %.2f%% on stable (+%.2f points, limit +%.2f)",
			100*k.ErrorRate(), 100*s.ErrorRate(), 100*diff, 100*c.MaxErrorRateIncrease)
		return v
	}
	limit := time.Duration(float64(s.P99+c.LatencySlack) * c.MaxLatencyRatio)
	if k.P99 > limit {
		v.Outcome = Fail
		v.Reason = fmt.Sprintf("p99 latency %s on canary vs %s on stable (limit %s)", roundDur(k.P99), roundDur(s.P99), roundDur(limit))
		return v
	}
	v.Outcome = Pass
	v.Reason = fmt.Sprintf("error rate %.2f%% vs %.2f%%, p99 %s vs %s on %d/%d requests",
		100*k.ErrorRate(), 100*s.ErrorRate(), roundDur(k.P99), roundDur(s.P99), k.Requests, s.Requests)
	return v
}

// significant is a one-sided two-proportion z-test at 99 % confidence that the canary's error
// rate is higher than stable's.
func significant(s, k Sample) bool {
	n1, n2 := float64(s.Requests), float64(k.Requests)
	p := float64(s.Errors+k.Errors) / (n1 + n2)
	se := math.Sqrt(p * (1 - p) * (1/n1 + 1/n2))
	if se == 0 {
		return k.Errors > s.Errors
	}
	return (k.ErrorRate()-s.ErrorRate())/se > 2.33
}

// LowTraffic says how a step ends when traffic was too low for the plan's least evidence by
// MaxWait.
type LowTraffic string

const (
	// RollBack returns all traffic to stable (the default).
	RollBack LowTraffic = "rollback"
	// HoldForPerson keeps the canary at its weight and leaves the decision to a person.
	HoldForPerson LowTraffic = "hold"
)

// CanaryPlan says how a canary proceeds.
type CanaryPlan struct {
	// Steps are the canary's traffic percentages, strictly increasing, each 1–100, such as
	// 10, 25, 50, 100. Analysis runs at every step below 100; 100 is reached by Promote.
	Steps []int
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
	// MaxWait is how long a step may be extended for lack of traffic (default 3×StepTime, or 2m
	// when StepTime is 0); then the step ends as OnLowTraffic says. Never a pass.
	MaxWait time.Duration
	// OnLowTraffic says how a step without the least evidence by MaxWait ends (default RollBack).
	OnLowTraffic LowTraffic
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
	if c.Interval < 0 || c.MaxWait < 0 || c.StepTime < 0 || c.MinRequests < 0 {
		return fmt.Errorf("invalid canary plan: Interval, StepTime, MaxWait and MinRequests cannot be negative")
	}
	if (c.Detect != 0 && !(c.Detect > 1)) || c.DetectIncrease < 0 || c.DetectIncrease >= 1 {
		return fmt.Errorf("invalid canary plan: Detect must be above 1 (such as 3) and DetectIncrease between 0 and 1 (such as 0.01)")
	}
	if c.MaxWait > 0 && c.StepTime > 0 && c.MaxWait < c.StepTime {
		return fmt.Errorf("invalid canary plan: MaxWait (%s) is shorter than StepTime (%s); MaxWait is how long a step may be extended", c.MaxWait, c.StepTime)
	}
	switch c.OnLowTraffic {
	case "", RollBack, HoldForPerson:
	default:
		return fmt.Errorf("invalid canary plan: OnLowTraffic %q; use greenlight.RollBack or greenlight.HoldForPerson", c.OnLowTraffic)
	}
	return nil
}

func (c CanaryPlan) withDefaults() CanaryPlan {
	if c.Judge == nil {
		c.Judge = Sequential{}
	}
	if _, seq := c.sequential(); seq {
		if c.StepTime == 0 {
			c.StepTime = time.Minute
		}
		if c.MinRequests == 0 {
			c.MinRequests = 100
		}
	}
	if c.Interval == 0 {
		c.Interval = time.Second
	}
	if c.MaxWait == 0 {
		c.MaxWait = 2 * time.Minute
		if c.StepTime > 0 {
			c.MaxWait = 3 * c.StepTime
		}
	}
	if c.OnLowTraffic == "" {
		c.OnLowTraffic = RollBack
	}
	return c
}

func (c CanaryPlan) sequential() (Sequential, bool) {
	switch j := c.Judge.(type) {
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
	plan  CanaryPlan
	judge Judge
}

// NewAnalysis starts the analysis of one release under plan (its defaults filled in).
func NewAnalysis(plan CanaryPlan) *Analysis {
	plan = plan.withDefaults()
	a := &Analysis{plan: plan, judge: plan.Judge}
	if s, ok := plan.sequential(); ok {
		a.judge = s.start(plan.Detect, plan.DetectIncrease)
	}
	return a
}

// Plan is the plan with its defaults.
func (a *Analysis) Plan() CanaryPlan { return a.plan }

// Look judges the figures of the current step: in.Elapsed is the time since the step began,
// in.Stable and in.Canary what each version served since then, in.Weight the canary's share.
// Wait means look again after Interval; any other outcome ends the step.
func (a *Analysis) Look(ctx context.Context, in AnalysisInput) Verdict {
	p := a.plan
	v := a.judge.Judge(ctx, in)
	v.Env, v.Weight = in.Env, in.Weight
	missing, needReq, needTime := a.missing(in, v.Evidence)
	if v.Evidence != nil {
		v.Evidence.NeedRequests, v.Evidence.NeedTime = 0, 0 // set below when the step is extended
	}
	if missing != "" && v.Outcome == Pass {
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("shown not worse, but %s: %s", missing, v.Reason)
	}
	if v.Outcome != Wait {
		return v
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
func (a *Analysis) missing(in AnalysisInput, e *Evidence) (string, int64, time.Duration) {
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

// releaseAnalysis continues the analysis of the canary rev in env from its previous step in
// this run, or starts it: one false-alarm budget per release, across all steps.
func (p *P) releaseAnalysis(env, rev string, plan CanaryPlan) *Analysis {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	vs := p.r.report.Verdicts
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Env == env && vs[i].revision == rev && vs[i].analysis != nil {
			return vs[i].analysis
		}
	}
	return NewAnalysis(plan)
}
