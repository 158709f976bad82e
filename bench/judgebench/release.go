package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/greenlight-cd/greenlight/internal/judgesim"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// goal is one line of issue 23 §3's table: a scenario run through the default plan whole (steps
// 10/25/50, each as long as traffic needs up to MaxWait, then the bake after promote at 90 %
// with the same e-process), and what it must achieve.
type goal struct {
	sc      judgesim.Scenario
	harmful bool
	within  int     // seconds: a harmful release must be rolled back within this
	want    float64 // the share of releases that must be promoted (identical) or caught in time (harmful)
}

// releaseTable prints the table of issue 23 §3: the default plan, canary and bake, at 2, 20 and
// 200 requests per second; and reports whether every goal is met.
//
// With fresh, the bake is a fresh test under fresh (a promote dispatched after a hold, which
// cannot continue the canary's e-process: Environment.PromotePlan), not the canary's.
func releaseTable(runs int, seed uint64, only string, plan analysis.Plan, fresh *analysis.Plan) bool {
	steps := []int{10, 25, 50}
	p := plan.WithDefaults()
	stepSecs, bakeSecs := int(p.MaxWait.Seconds()), int(p.Bake.MaxTime.Seconds())
	mk := func(name string, rate float64, stable, canary float64) judgesim.Scenario {
		return judgesim.Scenario{Name: name, Rate: rate, Steps: steps, StepSeconds: stepSecs, BakeSeconds: bakeSecs, StableErr: stable, CanaryErr: canary}
	}
	lat := func(name string, shift time.Duration) judgesim.Scenario {
		sc := mk(name, 200, 0, 0)
		sc.Latency, sc.Median, sc.Shift = true, 100*time.Millisecond, shift
		return sc
	}
	goals := []goal{
		{mk("identical, 1% errors, 2 rps", 2, 0.01, 0.01), false, 0, 0.99},
		{mk("identical, 1% errors, 20 rps", 20, 0.01, 0.01), false, 0, 0.99},
		{mk("identical, 1% errors, 200 rps", 200, 0.01, 0.01), false, 0, 0.99},
		{mk("1%→3% errors, 2 rps", 2, 0.01, 0.03), true, 2 * 3600, 0.95},
		{mk("1%→3% errors, 20 rps", 20, 0.01, 0.03), true, 30 * 60, 0.95},
		{mk("1%→3% errors, 200 rps", 200, 0.01, 0.03), true, 60, 0.95},
		{lat("+50ms median, 200 rps", 50*time.Millisecond), true, 60, 0.95},
	}
	fmt.Printf("\nIssue 23 §3: the default plan whole, %d releases per line (latency: %d), seeds %d…: steps 10/25/50 (StepTime %s, each extended\n"+
		"up to MaxWait %s for the least evidence, then passed unproven), promote's bake at %d%% (at least %s, up to %s) %s;\n"+
		"false alarms over canary and bake together. TO 100%% is the time from the first step to all traffic on the new version.\n",
		runs, runs/4, seed, p.StepTime, p.MaxWait, p.Bake.Weight, p.Bake.Time, p.Bake.MaxTime,
		map[bool]string{true: "continuing the same e-process", false: "with a fresh test at alpha 0.005 (a promote dispatched after a hold)"}[fresh == nil])
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tGOAL\tPROMOTED\tROLLED BACK\tOF WHICH IN TIME\tPROMOTED UNPROVEN\tMEDIAN TO 100% / TO ROLLBACK\tP95\tMET\t")
	all := true
	for _, g := range goals {
		if only != "" && !strings.Contains(g.sc.Name, only) {
			continue
		}
		n := runs
		if g.sc.Latency {
			n = runs / 4
		}
		mkJudge := func(scenario) judgesim.Judge { return judgesim.NewPlan(plan) }
		if fresh != nil {
			mkJudge = func(scenario) judgesim.Judge { return freshBake{judgesim.NewPlan(plan), judgesim.NewPlan(*fresh)} }
		}
		res := simulate(scenario{Scenario: g.sc, runs: n}, rule{make: mkJudge}, seed)
		var promoted, failed, inTime, unproven int
		var times []int
		for _, r := range res {
			if r.Unproven {
				unproven++
			}
			switch r.Outcome {
			case analysis.Pass:
				promoted++
				if !g.harmful {
					times = append(times, r.Second)
				}
			case analysis.Fail:
				failed++
				if g.harmful {
					times = append(times, r.Second)
					if r.Second <= g.within {
						inTime++
					}
				}
			}
		}
		pct := func(k int) float64 { return 100 * float64(k) / float64(n) }
		var goalText string
		met := false
		if g.harmful {
			goalText = fmt.Sprintf("rolled back ≥%.0f%% within %s", 100*g.want, time.Duration(g.within)*time.Second)
			met = float64(inTime) >= g.want*float64(n)
		} else {
			goalText = fmt.Sprintf("promoted ≥%.0f%%, false alarms ≤1%%", 100*g.want)
			met = float64(promoted) >= g.want*float64(n) && float64(failed) <= 0.01*float64(n)
		}
		all = all && met
		med, p95 := "-", "-"
		if len(times) > 0 {
			slices.Sort(times)
			med = (time.Duration(times[len(times)/2]) * time.Second).String()
			p95 = (time.Duration(times[min(len(times)-1, len(times)*95/100)]) * time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f%%\t%.1f%%\t%s\t%.1f%%\t%s\t%s\t%s\t\n", g.sc.Name, goalText, pct(promoted), pct(failed),
			map[bool]string{true: fmt.Sprintf("%.1f%%", pct(inTime)), false: "-"}[g.harmful], pct(unproven), med, p95, map[bool]string{true: "yes", false: "NO"}[met])
	}
	tw.Flush()
	return all
}

// freshBake judges the canary's steps with one analysis and the bake with another, fresh one,
// as a promote dispatched after a hold does.
type freshBake struct{ canary, bake *judgesim.Plan }

func (f freshBake) Look(in analysis.Input) analysis.Verdict { return f.canary.Look(in) }
func (f freshBake) BakeWeight() (int, bool)                 { return f.bake.BakeWeight() }
func (f freshBake) LookBake(in analysis.Input) analysis.Verdict {
	return f.bake.LookBake(in)
}
