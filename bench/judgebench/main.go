// judgebench simulates canaries second by second and prints, side by side, how three rules
// decide them: today's fixed-sample Compare judge looked at every second, Flagger's default rule
// (a success-rate check each minute, rollback after 5 failed checks) and Greenlight's sequential
// judge. The simulation runs the engine's own analysis code (analysis.Analysis via
// internal/judgesim). Seeded: the same -seed prints the same table.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/greenlight-cd/greenlight/internal/judgesim"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

type rule struct {
	name string
	make func(scenario) judgesim.Judge
}

type scenario struct {
	judgesim.Scenario
	harmful bool // a harmful canary: catching it is right; else any failure is a false alarm
	runs    int
	within  int  // seconds within which catching counts
	plan    bool // run each rule with its plan defaults, not one 300 s step
}

func main() {
	runs := flag.Int("runs", 2000, "simulated releases per scenario (latency and plan scenarios use a quarter)")
	seed := flag.Uint64("seed", 1, "first seed")
	only := flag.String("only", "", "run only scenarios whose name contains this")
	release := flag.Bool("release", true, "print issue 23's table of the default plan whole (canary and bake); exit 1 if a goal is not met")
	compare := flag.Bool("steps", true, "print the table of single steps and plans without the bake, rule against rule")
	bakeWeight := flag.Int("bake-weight", 0, "the bake's weight (0: the default)")
	dispatched := flag.Bool("dispatched", false, "in issue 23's table, bake with a fresh test at alpha 0.005, as a promote dispatched after a hold does")
	flag.Parse()
	if *release {
		defer func() {
			var fresh *analysis.Plan
			if *dispatched {
				fresh = &analysis.Plan{Judge: analysis.Sequential{Alpha: 0.005}, Bake: analysis.Bake{Weight: *bakeWeight}}
			}
			if !releaseTable(*runs, *seed, *only, analysis.Plan{Bake: analysis.Bake{Weight: *bakeWeight}}, fresh) {
				fmt.Println("a goal of issue 23 §3 is NOT met")
				os.Exit(1)
			}
		}()
	}
	if !*compare {
		return
	}

	// Single-step scenarios judge one step of 300 s; plan scenarios run a plan's steps with
	// each rule's own defaults.
	rules := []rule{
		{"compare (today)", func(scenario) judgesim.Judge {
			return judgesim.NewPlan(analysis.Plan{Judge: analysis.Compare{}})
		}},
		{"compare, 1000 min", func(scenario) judgesim.Judge {
			return judgesim.NewPlan(analysis.Plan{Judge: analysis.Compare{MinRequests: 1000}})
		}},
		{"flagger default", func(scenario) judgesim.Judge { return judgesim.NewFlagger() }},
		{"sequential", func(sc scenario) judgesim.Judge {
			p := analysis.Plan{}
			if !sc.plan {
				p.StepTime, p.MaxWait = 300*time.Second, 300*time.Second
			}
			return judgesim.NewPlan(p)
		}},
	}
	w := []int{10}
	plan := []int{10, 25, 50}
	scs := []scenario{
		{judgesim.Scenario{Name: "A/A 200 rps, 1% errors", Rate: 200, Steps: w, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.01}, false, *runs, 300, false},
		{judgesim.Scenario{Name: "1%→3% errors, 200 rps", Rate: 200, Steps: w, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}, true, *runs, 60, false},
		{judgesim.Scenario{Name: "1%→3% errors, 20 rps", Rate: 20, Steps: w, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}, true, *runs, 300, false},
		{judgesim.Scenario{Name: "0%→30% errors, 200 rps", Rate: 200, Steps: w, StepSeconds: 300, StableErr: 0, CanaryErr: 0.30}, true, *runs, 5, false},
		{judgesim.Scenario{Name: "A/A 2 rps, 1% errors", Rate: 2, Steps: w, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.01}, false, *runs, 300, false},
		{judgesim.Scenario{Name: "1%→3% errors, 2 rps", Rate: 2, Steps: w, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}, true, *runs, 300, false},
		{judgesim.Scenario{Name: "A/A latency 200 rps", Rate: 200, Steps: w, StepSeconds: 300, Latency: true, Median: 100 * time.Millisecond}, false, *runs / 4, 300, false},
		{judgesim.Scenario{Name: "+50ms median, 200 rps", Rate: 200, Steps: w, StepSeconds: 300, Latency: true, Median: 100 * time.Millisecond, Shift: 50 * time.Millisecond}, true, *runs / 4, 60, false},
		{judgesim.Scenario{Name: "plan 10/25/50: A/A 200 rps", Rate: 200, Steps: plan, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.01}, false, *runs, 900, true},
		{judgesim.Scenario{Name: "plan 10/25/50: 1%→3%, 200 rps", Rate: 200, Steps: plan, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}, true, *runs, 60, true},
		{judgesim.Scenario{Name: "plan 10/25/50: A/A 20 rps", Rate: 20, Steps: plan, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.01}, false, *runs, 900, true},
		{judgesim.Scenario{Name: "plan 10/25/50: 1%→3%, 20 rps", Rate: 20, Steps: plan, StepSeconds: 300, StableErr: 0.01, CanaryErr: 0.03}, true, *runs, 300, true},
	}
	fmt.Printf("judgebench: %d runs per scenario (latency: %d), seeds %d…, judged every second. Single-step scenarios: canary at 10%% for up to 300 s\n"+
		"(sequential: StepTime 300 s). Plan scenarios: steps 10/25/50 with each rule's defaults (compare: MaxWait 2m; flagger: a step per passing 1-min check;\n"+
		"sequential: StepTime 1m, least evidence 100 requests and data enough to catch 3x errors, MaxWait 3m). FAILED counts harm verdicts only;\n"+
		"a step ended for lack of data counts as LOW TRAFFIC.\n", *runs, *runs/4, *seed)
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tRULE\tFAILED\tPASSED\tUNDECIDED/LOW TRAFFIC\tCAUGHT IN TIME\tMEDIAN TIME TO FAIL\t")
	for _, sc := range scs {
		if *only != "" && !strings.Contains(sc.Name, *only) {
			continue
		}
		for _, r := range rules {
			res := simulate(sc, r, *seed)
			var failed, passed, other, inTime int
			var times []int
			for _, x := range res {
				switch x.Outcome {
				case analysis.Fail:
					if x.Reason != "" && strings.HasPrefix(x.Reason, "not enough data") {
						other++
						continue
					}
					failed++
					times = append(times, x.Second)
					if x.Second <= sc.within {
						inTime++
					}
				case analysis.Pass:
					passed++
				default:
					other++
				}
			}
			n := float64(len(res))
			caught := "-"
			if sc.harmful {
				caught = fmt.Sprintf("%.1f%% ≤ %ds", 100*float64(inTime)/n, sc.within)
			}
			med := "-"
			if len(times) > 0 {
				slices.Sort(times)
				med = fmt.Sprintf("%ds", times[len(times)/2])
			}
			label := "false alarm"
			if sc.harmful {
				label = "caught"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.1f%% %s\t%.1f%%\t%.1f%%\t%s\t%s\t\n", sc.Name, r.name, 100*float64(failed)/n, label, 100*float64(passed)/n, 100*float64(other)/n, caught, med)
		}
	}
	tw.Flush()
}

// simulate runs sc.runs releases, spread over the cores, each with its own seed.
func simulate(sc scenario, r rule, seed uint64) []judgesim.Result {
	out := make([]judgesim.Result, sc.runs)
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Go(func() {
			for i := range next {
				out[i] = judgesim.Run(sc.Scenario, r.make(sc), seed+uint64(i))
			}
		})
	}
	for i := range sc.runs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
