// Package judgesim simulates canary traffic second by second and runs greenlight's own
// analysis (analysis.Analysis.Look, the code path of the engine and of `greenlight analyze`)
// over it. bench/judgebench and the judge's tests share it. Seeded: the same seed gives the
// same traffic.
package judgesim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Scenario is a canary against its baseline.
type Scenario struct {
	Name string
	// Rate is requests per second to the whole service (Poisson).
	Rate float64
	// Steps are the canary weights analysed in turn (each up to StepSeconds), such as {10}.
	Steps []int
	// StepSeconds is the longest a step is simulated; the plan's MaxWait should not exceed it.
	StepSeconds int
	// BakeSeconds is the longest the bake after promote is simulated, for a judge that bakes
	// (Baker); the plan's Bake.MaxTime should not exceed it. 0: no bake is simulated.
	BakeSeconds int
	// StableErr and CanaryErr are the error probabilities per request.
	StableErr, CanaryErr float64
	// Latency simulates latency histograms: log-normal around Median (sigma 0.5), the canary
	// shifted by Shift.
	Latency bool
	Median  time.Duration
	Shift   time.Duration
}

// Result is how one simulated release ended.
type Result struct {
	// Outcome is Fail if any step failed, Hold if one held, Pass if every step passed, Wait if a
	// step was still undecided after StepSeconds.
	Outcome analysis.Outcome
	// Second is when it ended, counted from the start of the first step.
	Second int
	// Reason is the deciding verdict's reason.
	Reason string
	// Baked says the release went through a bake after its steps (Second then counts the
	// bake); Unproven that it passed without the least evidence (its last verdict "unproven").
	Baked, Unproven bool
}

// Baker is a Judge that watches the release after promote, the previous version keeping a
// share of the traffic: the default plan's bake.
type Baker interface {
	// BakeWeight is the new version's share during the bake, and whether there is a bake.
	BakeWeight() (int, bool)
	// LookBake judges the figures since the bake began.
	LookBake(in analysis.Input) analysis.Verdict
}

// Judge decides a step of a simulated canary from cumulative figures: the analysis of a plan
// (New), or any other rule, such as Flagger's.
type Judge interface {
	// Step starts step weight; Look judges the figures since the step began.
	Look(in analysis.Input) analysis.Verdict
}

// Plan adapts an analysis plan: one Analysis per release, as the engine keeps it.
type Plan struct{ a *analysis.Analysis }

// NewPlan starts the analysis of a release under p.
func NewPlan(p analysis.Plan) *Plan { return &Plan{a: analysis.New(p)} }

// Look implements Judge.
func (p *Plan) Look(in analysis.Input) analysis.Verdict {
	return p.a.Look(context.Background(), in)
}

// BakeWeight implements Baker.
func (p *Plan) BakeWeight() (int, bool) { return p.a.Plan().Bake.Weight, p.a.Bakes() }

// LookBake implements Baker.
func (p *Plan) LookBake(in analysis.Input) analysis.Verdict {
	return p.a.LookBake(context.Background(), in)
}

// Bounds are the simulated histograms' buckets: 8 per power of two from 1 ms to 8 s, like the
// local router's.
var Bounds = func() []time.Duration {
	var b []time.Duration
	for i := 0; i <= 13*8; i++ {
		b = append(b, time.Duration(math.Exp2(float64(i)/8)*float64(time.Millisecond)))
	}
	return b
}()

type version struct {
	s    analysis.Sample
	hist []int64 // per bucket, the last for +Inf
}

func (v *version) serve(rng *rand.Rand, n int64, errP float64, sc Scenario, shift time.Duration) {
	v.s.Requests += n
	v.s.Errors += binomial(rng, n, errP)
	if !sc.Latency {
		return
	}
	if v.hist == nil {
		v.hist = make([]int64, len(Bounds)+1)
	}
	for range n {
		d := time.Duration(float64(sc.Median)*math.Exp(0.5*rng.NormFloat64())) + shift
		i := bucket(d)
		v.hist[i]++
	}
}

func bucket(d time.Duration) int {
	lo, hi := 0, len(Bounds)
	for lo < hi {
		m := (lo + hi) / 2
		if Bounds[m] >= d {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

func (v *version) histogram() *analysis.Histogram {
	h := &analysis.Histogram{Bounds: Bounds, Cumulative: make([]int64, len(v.hist))}
	var c int64
	for i, n := range v.hist {
		c += n
		h.Cumulative[i] = c
	}
	return h
}

// Run simulates one release of sc under j with the given seed.
func Run(sc Scenario, j Judge, seed uint64) Result {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	sec := 0
	var unproven bool
	steps, seconds := sc.Steps, make([]int, len(sc.Steps))
	for i := range seconds {
		seconds[i] = sc.StepSeconds
	}
	b, bakes := j.(Baker)
	if bakes && sc.BakeSeconds > 0 {
		var bw int
		if bw, bakes = b.BakeWeight(); bakes {
			steps, seconds = append(slices.Clone(steps), bw), append(seconds, sc.BakeSeconds)
		}
	} else {
		bakes = false
	}
	for i, w := range steps {
		baking := bakes && i == len(steps)-1
		var st, ca version
		var v analysis.Verdict
		for t := 1; t <= seconds[i]; t++ {
			sec++
			n := poisson(rng, sc.Rate)
			nc := binomial(rng, n, float64(w)/100)
			ca.serve(rng, nc, sc.CanaryErr, sc, sc.Shift)
			st.serve(rng, n-nc, sc.StableErr, sc, 0)
			in := analysis.Input{Env: "sim", Weight: w, Elapsed: time.Duration(t) * time.Second, Stable: st.s, Canary: ca.s}
			if sc.Latency {
				in.StableLatency, in.CanaryLatency = st.histogram(), ca.histogram()
			}
			if baking {
				v = b.LookBake(in)
			} else {
				v = j.Look(in)
			}
			if v.Outcome != analysis.Wait {
				break
			}
		}
		unproven = v.Evidence != nil && v.Evidence.Decided == "unproven"
		if v.Outcome != analysis.Pass {
			return Result{Outcome: v.Outcome, Second: sec, Reason: v.Reason, Baked: baking, Unproven: unproven}
		}
	}
	return Result{Outcome: analysis.Pass, Second: sec, Baked: bakes, Unproven: unproven}
}

func poisson(rng *rand.Rand, mean float64) int64 {
	if mean > 50 {
		return max(0, int64(math.Round(mean+math.Sqrt(mean)*rng.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), int64(0), 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func binomial(rng *rand.Rand, n int64, p float64) int64 {
	if p <= 0 {
		return 0
	}
	var k int64
	for range n {
		if rng.Float64() < p {
			k++
		}
	}
	return k
}

// Flagger is Flagger's default analysis rule: every Interval (1 minute) the canary's request
// success rate over the last interval is checked against a minimum (99 %); after Threshold (5)
// failed checks the canary is rolled back; after the checks of a step pass, it advances.
// Flagger compares the canary with a fixed objective, not with the baseline.
type Flagger struct {
	Interval   time.Duration
	Threshold  int
	MinSuccess float64
	// Iterations is how many passing checks end a step (1).
	Iterations int

	failed, passed int
	last           analysis.Sample
	lastCheck      time.Duration
	weight         int
}

// NewFlagger is Flagger's defaults: 1-minute interval, threshold 5, success rate ≥ 99 %.
func NewFlagger() *Flagger {
	return &Flagger{Interval: time.Minute, Threshold: 5, MinSuccess: 0.99, Iterations: 1}
}

// Look implements Judge.
func (f *Flagger) Look(in analysis.Input) analysis.Verdict {
	v := analysis.Verdict{Outcome: analysis.Wait, Weight: in.Weight}
	if in.Weight != f.weight {
		f.weight, f.last, f.lastCheck, f.passed = in.Weight, analysis.Sample{}, 0, 0
	}
	if in.Elapsed-f.lastCheck < f.Interval {
		return v
	}
	req, errs := in.Canary.Requests-f.last.Requests, in.Canary.Errors-f.last.Errors
	f.last, f.lastCheck = in.Canary, in.Elapsed
	if req > 0 && 1-float64(errs)/float64(req) < f.MinSuccess {
		f.failed++
		if f.failed >= f.Threshold {
			v.Outcome, v.Reason = analysis.Fail, "success rate below 99% in 5 checks"
		}
		return v
	}
	if req == 0 { // Flagger: no metrics is a failed check
		f.failed++
		if f.failed >= f.Threshold {
			v.Outcome, v.Reason = analysis.Fail, "no metrics in 5 checks"
		}
		return v
	}
	f.passed++
	if f.passed >= f.Iterations {
		v.Outcome = analysis.Pass
	}
	return v
}
