package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/internal/durfmt"
)

// Bake is the watch of a release after promote, with the default judge: the new version takes
// Weight percent of the traffic and the previous version keeps the rest, and the release's
// e-process goes on from the canary's steps (one false-alarm budget across canary and bake).
// The bake lasts at least Time; it ends when the release's data would have caught the harm the
// plan names (Plan.Detect), or at MaxTime without it: then the release is "promoted unproven",
// with the requests it served and the harm it could not yet exclude in the verdict. Harm found
// at any look fails the bake, and the engine returns all traffic to the previous version.
// Other judges have no bake.
type Bake struct {
	// Off turns the bake off: promote gives the canary all traffic at once.
	Off bool
	// Weight is the new version's share of the traffic during the bake, in percent (default
	// 75); the previous version keeps the rest.
	Weight int
	// Time is the least a bake lasts (default 10×StepTime: 10m).
	Time time.Duration
	// MaxTime is the longest a bake waits for the least evidence (default 120×StepTime: 2h).
	MaxTime time.Duration
}

func (b Bake) withDefaults(step time.Duration) Bake {
	if step <= 0 {
		step = time.Minute
	}
	if b.Weight <= 0 || b.Weight >= 100 {
		b.Weight = 75
	}
	if b.Time <= 0 {
		b.Time = 10 * step
	}
	if b.MaxTime <= 0 {
		b.MaxTime = 120 * step
	}
	b.MaxTime = max(b.MaxTime, b.Time)
	return b
}

// Bakes reports whether the release is baked after promote: the default judge, with its bake
// not turned off.
func (a *Analysis) Bakes() bool {
	_, seq := a.plan.sequential()
	return seq && !a.plan.Bake.Off
}

// LookBake judges the bake: in.Elapsed is the time since the bake began, in.Weight the new
// version's share (the plan's Bake.Weight, or what the target's split gave), in.Stable and
// in.Canary what the previous and the new version served since then. It continues the
// release's e-process. Wait means look again after Interval; Pass ends the bake, the release
// proven (Evidence.Decided "baked" or "margin") or unproven ("unproven"); Fail means roll back.
func (a *Analysis) LookBake(ctx context.Context, in Input) Verdict {
	b := a.plan.Bake
	v := a.judge.Judge(ctx, in)
	v.Env, v.Weight = in.Env, in.Weight
	if v.Outcome == Fail {
		v.Reason = "bake: " + v.Reason
		return v
	}
	e := v.Evidence
	short := false
	if e != nil && a.seq != nil {
		// A bake proves the release only on data that would have caught the plan's harm 999
		// times in 1000 (a step: 9 in 10): the harm is sized on the baseline's observed rate,
		// itself uncertain at low traffic.
		e.Power, _, _, _ = a.seq.powerAt(bakeZ)
		short = e.Power < e.PowerNeeded && v.Outcome != Pass
		e.NeedRequests, e.NeedTime = 0, 0
		if short {
			e.NeedRequests, e.NeedTime = a.seq.shortfall(in, bakeZ)
		}
	}
	why := v.Reason
	switch {
	case in.Elapsed < b.Time:
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("baking at %d%% for at least %s: %s", in.Weight, durfmt.Round(b.Time), why)
	case !short:
		v.Outcome = Pass
		if e != nil && e.Decided != "margin" {
			e.Decided = "baked"
		}
		v.Reason = fmt.Sprintf("baked %s at %d%% with no evidence of harm: %s", durfmt.Round(in.Elapsed), in.Weight, why)
	case in.Elapsed >= b.MaxTime:
		return unproven(v, "promoted unproven", fmt.Sprintf("bake of %s at %d%% ended without the least evidence", durfmt.Round(b.MaxTime), in.Weight))
	default:
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("baking at %d%% until the data would catch %s (up to %s): %s", in.Weight, harmOf(e), durfmt.Round(b.MaxTime), why)
	}
	if short && v.Outcome == Wait && e.NeedTime > 0 {
		v.Reason += fmt.Sprintf("; about %d more request(s), %s at the current rate", e.NeedRequests, durfmt.Round(e.NeedTime))
	}
	return v
}

// unproven passes v without the least evidence, saying so: how many requests the release
// served and the harm it could not yet exclude.
func unproven(v Verdict, head, why string) Verdict {
	v.Outcome = Pass
	e := v.Evidence
	if e == nil {
		v.Reason = head + ": " + why + ": " + v.Reason
		return v
	}
	e.Decided = "unproven"
	e.NeedRequests, e.NeedTime = 0, 0
	v.Reason = fmt.Sprintf("%s: %d requests (%d on the new version), could not yet exclude %s; no evidence of harm (evidence %s < %s); %s",
		head, e.CanaryRequests+e.StableRequests, e.CanaryRequests, harmOf(e), num(e.ErrorE), num(e.ErrorThreshold), why)
	return v
}

// harmOf names the harm of the plan's least evidence: "a 3× error rate (1.00% → 3.00%)".
func harmOf(e *Evidence) string {
	if e == nil {
		return "a higher error rate"
	}
	if e.DetectFrom > 0 {
		return fmt.Sprintf("a %.3g× error rate (%.2f%% → %.2f%%)", e.DetectTo/e.DetectFrom, 100*e.DetectFrom, 100*e.DetectTo)
	}
	return fmt.Sprintf("an error rate of %.2f%% (the previous version's: 0.00%%)", 100*e.DetectTo)
}
