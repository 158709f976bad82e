package analysis

import (
	"context"
	"fmt"
	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"math"
	"time"
)

// Sequential is the default judge of a canary: an anytime-valid sequential test of the canary
// against the baseline, in the manner of Lindon, Sanden and Shirikian, "Rapid Regression
// Detection in Software Deployments through Sequential Testing" (KDD 2022) and Lindon and Malek,
// "Anytime-Valid Inference for Multinomial Count Data" (NeurIPS 2022).
//
// At every look it takes what each version served since the previous look. Given how many
// events (errors; or requests slower than the baseline's chosen latency quantile) both versions
// had in that interval, the canary's share of them follows Fisher's noncentral hypergeometric
// law, whose only parameter is the odds ratio psi of the canary's event rate to the baseline's;
// the traffic split enters through each version's request count, so any split, changing or not,
// is accounted for. The product of these conditional likelihood ratios, mixed over a grid of
// alternatives psi > 1, is a nonnegative martingale under "the canary is not worse" (psi <= 1),
// so by Ville's inequality it exceeds 1/alpha with probability at most alpha however often it is
// looked at. One such e-process runs per release, across all steps of the plan: alpha is the
// false-alarm budget of the whole release.
//
// A second e-process tests "the canary is worse by Margin or more" (psi >= Margin); when it
// crosses 1/alpha the canary is shown not worse than the baseline by more than the margin and
// the step passes early. Otherwise the plan's StepTime decides (see Plan).
type Sequential struct {
	// Alpha is the false-alarm budget per release (default 0.01): the probability that a canary
	// no worse than the baseline is ever failed, over all looks and all steps. When latency is
	// measured, errors and latency get Alpha/2 each.
	Alpha float64
	// Margin is the odds ratio of event rates (about the ratio of error rates) under which the
	// canary is shown "not worse" to pass a step early (default 1.5).
	Margin float64
	// LatencyQuantile is the baseline latency quantile whose exceedance is tested (default 0.5:
	// the median). It needs latency histograms (Input.StableLatency and CanaryLatency, which
	// the engine fills when the environment's Metrics implements HistogramMetrics).
	LatencyQuantile float64
	// LatencySlack is a latency shift that is tolerated (default 10ms): the canary is harmful
	// only if more of its requests are slower than the baseline's quantile plus LatencySlack than
	// the baseline's are slower than the quantile. Negative: no slack.
	LatencySlack time.Duration
}

func (c Sequential) withDefaults() Sequential {
	if c.Alpha <= 0 || c.Alpha >= 1 {
		c.Alpha = 0.01
	}
	if c.Margin <= 1 {
		c.Margin = 1.5
	}
	if c.LatencyQuantile <= 0 || c.LatencyQuantile >= 1 {
		c.LatencyQuantile = 0.5
	}
	if c.LatencySlack == 0 {
		c.LatencySlack = 10 * time.Millisecond
	}
	if c.LatencySlack < 0 {
		c.LatencySlack = 0
	}
	return c
}

// Judge implements Judge for one look at cumulative figures, with no history: the figures are
// taken as one interval. The engine and the replay use Start, which keeps the history.
func (c Sequential) Judge(ctx context.Context, in Input) Verdict {
	return c.Start().Judge(ctx, in)
}

// Start begins the analysis of one release: the returned judge keeps its e-processes across
// looks and steps. Give it cumulative figures since the start of each step. Its least evidence
// is the default plan's (Detect 3, DetectIncrease 0.01; see Plan).
func (c Sequential) Start() *SequentialRun { return c.start(0, 0) }

func (c Sequential) start(detect, increase float64) *SequentialRun {
	c = c.withDefaults()
	if detect <= 1 {
		detect = 3
	}
	if increase <= 0 {
		increase = 0.01
	}
	return &SequentialRun{cfg: c, detect: detect, increase: increase,
		errHarm: newEProcess(harmGrid, 1), errPass: newEProcess(passGrid(c.Margin), c.Margin),
		latHarm: newEProcess(harmGrid, 1), latPass: newEProcess(passGrid(c.Margin), c.Margin)}
}

// The alternatives mixed over: odds ratios of the canary's event rate to the baseline's. A
// discrete mixture with equal weights; its cost is log(len) nats of evidence, about 2.2.
var harmGrid = []float64{1.5, 2, 2.5, 3, 4, 6, 10, 30, 100}

func passGrid(margin float64) []float64 {
	return []float64{margin / 1.25, margin / 1.5, margin / 2, margin / 3, margin / 5, margin / 10}
}

// SequentialRun is the state of Sequential over one release. It is not safe for concurrent use.
type SequentialRun struct {
	cfg                                Sequential
	errHarm, errPass, latHarm, latPass *eProcess
	prev                               Input
	weight                             int
	latOn                              bool
	latThreshold                       time.Duration // the baseline's quantile, from past looks
	haveThreshold                      bool
	tot                                Evidence

	// Least evidence: how well the data so far would have caught a canary with detect times
	// the baseline's error rate (at least increase more).
	detect, increase float64
	steps            []stepTraffic // requests per step of the release; the last is the current
}

// stepTraffic is what both versions served in one step (one traffic split).
type stepTraffic struct{ a, b int64 }

// Judge implements Judge: it adds what happened since the previous look to the e-processes
// and decides. A look whose figures went down (a new step, a counter reset) starts a new window.
func (r *SequentialRun) Judge(_ context.Context, in Input) Verdict {
	if in.Weight != r.weight || in.Elapsed < r.prev.Elapsed || r.steps == nil {
		r.prev = Input{} // a new step: its figures start from zero
		r.weight = in.Weight
		r.steps = append(r.steps, stepTraffic{})
	}
	// Figures that went down (a metrics source's extrapolation, a counter reset) add nothing
	// and are not counted twice: the previous look's figures stay the reference.
	in.Stable, in.Canary = maxSample(in.Stable, r.prev.Stable), maxSample(in.Canary, r.prev.Canary)
	a, b := in.Canary.Requests-r.prev.Canary.Requests, in.Stable.Requests-r.prev.Stable.Requests
	x, y := in.Canary.Errors-r.prev.Canary.Errors, in.Stable.Errors-r.prev.Stable.Errors
	r.errHarm.add(a, b, x, y)
	r.errPass.add(a, b, x, y)
	r.steps[len(r.steps)-1].a += max(a, 0)
	r.steps[len(r.steps)-1].b += max(b, 0)
	r.tot.CanaryRequests += a
	r.tot.StableRequests += b
	r.tot.CanaryErrors += x
	r.tot.StableErrors += y
	if in.CanaryLatency != nil && in.StableLatency != nil {
		r.latOn = true
		in = r.latency(in)
	}
	r.prev = in
	return r.verdict(in)
}

// latency adds the interval's requests slower than the threshold to the latency e-processes,
// then moves the threshold to the baseline's quantile so far (it is chosen from the past only,
// which keeps the test valid).
func (r *SequentialRun) latency(in Input) Input {
	sh, ch := in.StableLatency, in.CanaryLatency
	ps, pc := r.prev.StableLatency, r.prev.CanaryLatency
	if !sh.sameBounds(ch) || (ps != nil && !ps.sameBounds(sh)) || (pc != nil && !pc.sameBounds(ch)) {
		in.StableLatency, in.CanaryLatency = ps, pc
		return in
	}
	ds, dc := sh.minus(ps), ch.minus(pc)
	// As for counts, the reference is the most seen so far, so that nothing is counted twice.
	in.StableLatency, in.CanaryLatency = sh.atLeast(ps), ch.atLeast(pc)
	if r.haveThreshold {
		a, b := dc.total(), ds.total()
		x := dc.above(r.latThreshold + r.cfg.LatencySlack)
		y := ds.above(r.latThreshold)
		r.latHarm.add(a, b, x, y)
		r.latPass.add(a, b, x, y)
		r.tot.CanarySlow += x
		r.tot.StableSlow += y
		r.tot.CanaryTimed += a
		r.tot.StableTimed += b
	}
	if q, ok := sh.quantile(r.cfg.LatencyQuantile); ok {
		r.latThreshold, r.haveThreshold = q, true
	}
	return in
}

func (r *SequentialRun) alphas() (errA, latA float64) {
	if r.latOn {
		return r.cfg.Alpha / 2, r.cfg.Alpha / 2
	}
	return r.cfg.Alpha, 0
}

func (r *SequentialRun) verdict(in Input) Verdict {
	v := Verdict{Env: in.Env, Weight: in.Weight, Stable: in.Stable, Canary: in.Canary}
	errA, latA := r.alphas()
	e := r.tot
	e.Alpha = r.cfg.Alpha
	e.Margin = r.cfg.Margin
	e.ErrorE, e.ErrorThreshold = r.errHarm.e(), 1/errA
	e.ErrorPassE = r.errPass.e()
	if r.latOn {
		e.LatencyQuantile, e.LatencyThreshold, e.LatencySlack = r.cfg.LatencyQuantile, r.latThreshold, r.cfg.LatencySlack
		e.LatencyE, e.LatencyLimit = r.latHarm.e(), 1/latA
		e.LatencyPassE = r.latPass.e()
	}
	e.Power, e.PowerNeeded, e.DetectFrom, e.DetectTo = r.power()
	if e.Power < e.PowerNeeded {
		// What is still missing, for Analysis to say when the step is extended.
		e.NeedRequests, e.NeedTime = r.shortfall(in, stepZ)
	}
	v.Evidence = &e
	rates := fmt.Sprintf("errors %.2f%% canary vs %.2f%% baseline on %d/%d requests", 100*rate(e.CanaryErrors, e.CanaryRequests), 100*rate(e.StableErrors, e.StableRequests), e.CanaryRequests, e.StableRequests)
	switch {
	case e.ErrorE >= e.ErrorThreshold:
		v.Outcome, e.Decided = Fail, "errors"
		v.Reason = fmt.Sprintf("canary has more errors than the baseline: %s; evidence %s ≥ %s (alpha %g)", rates, num(e.ErrorE), num(e.ErrorThreshold), errA)
	case r.latOn && e.LatencyE >= e.LatencyLimit:
		v.Outcome, e.Decided = Fail, "latency"
		v.Reason = fmt.Sprintf("canary is slower than the baseline: %.1f%% of canary requests over %s vs %.1f%% of baseline requests over %s (p%g); evidence %s ≥ %s (alpha %g)",
			100*rate(e.CanarySlow, e.CanaryTimed), durfmt.Round(e.LatencyThreshold+e.LatencySlack), 100*rate(e.StableSlow, e.StableTimed), durfmt.Round(e.LatencyThreshold), 100*e.LatencyQuantile, num(e.LatencyE), num(e.LatencyLimit), latA)
	case e.ErrorPassE >= e.ErrorThreshold && (!r.latOn || e.LatencyPassE >= e.LatencyLimit):
		v.Outcome, e.Decided = Pass, "margin"
		v.Reason = fmt.Sprintf("canary shown not worse than the baseline by more than %gx: %s; evidence %s ≥ %s", r.cfg.Margin, rates, num(e.ErrorPassE), num(e.ErrorThreshold))
	default:
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("no evidence of harm yet: %s; evidence %s < %s", rates, num(e.ErrorE), num(e.ErrorThreshold))
		if r.latOn {
			v.Reason += fmt.Sprintf(", latency %s < %s", num(e.LatencyE), num(e.LatencyLimit))
		}
	}
	return v
}

// power is how surely the data so far would have caught the harm the plan names: the canary's
// error rate at detect times the baseline's observed rate (at least increase more). It is the
// expected log evidence such a canary would have produced, less 1.28 standard deviations (about
// 90 % of such canaries reach it), and needed is what the e-process needs: log of its threshold
// plus the cost of the mixture. Each step is counted with its own traffic split.
func (r *SequentialRun) power() (have, needed, from, to float64) { return r.powerAt(stepZ) }

// The quantiles of the least evidence: a step's (9 times in 10) and a bake's (999 times in
// 1000: a release is proven only when its data would almost surely have caught the harm).
const (
	stepZ = 1.28
	bakeZ = 3.09
)

// powerAt is power at the normal quantile z.
func (r *SequentialRun) powerAt(z float64) (have, needed, from, to float64) {
	mean, variance, needed, from, to := r.powerParts()
	return mean - z*math.Sqrt(variance), needed, from, to
}

func (r *SequentialRun) powerParts() (mean, variance, needed, from, to float64) {
	errA, _ := r.alphas()
	needed = math.Log(1/errA) + math.Log(float64(len(harmGrid)))
	from = rate(r.tot.StableErrors, r.tot.StableRequests)
	to = math.Min(math.Max(r.detect*from, from+r.increase), 0.999)
	for _, st := range r.steps {
		m, v := evidenceOf(float64(st.a), float64(st.b), from, to)
		mean += m
		variance += v
	}
	return mean, variance, needed, from, to
}

// evidenceOf is the mean and variance of the log likelihood ratio that a canary with error rate
// to, beside a baseline at from, produces over a canary requests and b baseline requests.
func evidenceOf(a, b, from, to float64) (mean, variance float64) {
	if a <= 0 || b <= 0 {
		return 0, 0
	}
	lc, lb := a*to, b*from
	t1, t0 := lc/(lc+lb), a/(a+b)
	// Per event, the log ratio is ln(t1/t0) on the canary and ln((1-t1)/(1-t0)) on the baseline.
	up, down := math.Log(t1/t0), 0.0
	if t1 < 1 {
		down = math.Log((1 - t1) / (1 - t0))
	}
	// Events are Poisson: a compound Poisson sum has variance rate × E[X²].
	return (lc + lb) * (t1*up + (1-t1)*down), (lc + lb) * (t1*up*up + (1-t1)*down*down)
}

// shortfall estimates how many more canary requests, and about how long, the least evidence
// needs if traffic goes on as in this step.
func (r *SequentialRun) shortfall(in Input, z float64) (int64, time.Duration) {
	mean, variance, needed, from, to := r.powerParts()
	st := r.steps[len(r.steps)-1]
	secs := in.Elapsed.Seconds()
	if st.a <= 0 || st.b <= 0 || secs <= 0 {
		return 0, 0
	}
	m, v := evidenceOf(1, float64(st.b)/float64(st.a), from, to) // per canary request
	if m <= 0 {
		return 0, 0
	}
	ok := func(d float64) bool { return mean+m*d-z*math.Sqrt(variance+v*d) >= needed }
	hi := 1.0
	for !ok(hi) && hi < 1e12 {
		hi *= 2
	}
	lo := 0.0
	for range 60 {
		mid := (lo + hi) / 2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return int64(math.Ceil(hi)), time.Duration(hi * secs / float64(st.a) * float64(time.Second)).Round(time.Second)
}

// Evidence is the figures behind a Sequential verdict, over the release so far (all steps).
type Evidence struct {
	// Decided names what decided: "errors" or "latency" (a failure), "margin" (an early pass),
	// "step time" (a pass when the step's time was up with no evidence of harm), "low traffic".
	Decided string `json:"decided,omitempty"`
	// Alpha is the release's false-alarm budget; Margin the odds ratio for an early pass.
	Alpha  float64 `json:"alpha"`
	Margin float64 `json:"margin"`

	StableRequests int64 `json:"stable_requests"`
	StableErrors   int64 `json:"stable_errors"`
	CanaryRequests int64 `json:"canary_requests"`
	CanaryErrors   int64 `json:"canary_errors"`
	// ErrorE is the e-value that the canary's error rate is higher; the canary fails when it
	// reaches ErrorThreshold (1/alpha for errors). ErrorPassE is the e-value that it is not
	// worse by Margin.
	ErrorE         float64 `json:"error_e"`
	ErrorThreshold float64 `json:"error_threshold"`
	ErrorPassE     float64 `json:"error_pass_e"`

	// Latency figures, when latency histograms are measured: requests slower than the
	// baseline's LatencyQuantile (LatencyThreshold; for the canary plus LatencySlack).
	LatencyQuantile  float64       `json:"latency_quantile,omitempty"`
	LatencyThreshold time.Duration `json:"latency_threshold,omitempty"`
	LatencySlack     time.Duration `json:"latency_slack,omitempty"`
	StableTimed      int64         `json:"stable_timed,omitempty"`
	StableSlow       int64         `json:"stable_slow,omitempty"`
	CanaryTimed      int64         `json:"canary_timed,omitempty"`
	CanarySlow       int64         `json:"canary_slow,omitempty"`
	LatencyE         float64       `json:"latency_e,omitempty"`
	LatencyLimit     float64       `json:"latency_threshold_e,omitempty"`
	LatencyPassE     float64       `json:"latency_pass_e,omitempty"`

	// Power is how surely the data so far would have caught a canary whose error rate went from
	// DetectFrom (the baseline's) to DetectTo (the plan's Detect, DetectIncrease): the expected
	// log evidence less 1.28 standard deviations. A step passes on time only when it reaches
	// PowerNeeded, the log evidence the test needs.
	Power       float64 `json:"power"`
	PowerNeeded float64 `json:"power_needed"`
	DetectFrom  float64 `json:"detect_from"`
	DetectTo    float64 `json:"detect_to"`

	// NeedRequests is, when a step is extended for low traffic, about how many more requests of
	// the canary it needs for the plan's least evidence, and NeedTime about how long that takes
	// at the current rate (0: unknown).
	NeedRequests int64         `json:"need_requests,omitempty"`
	NeedTime     time.Duration `json:"need_time,omitempty"`
}

// eProcess is a mixture of likelihood ratios of Fisher's noncentral hypergeometric law, odds
// ratio psi against psi0, one running log ratio per alternative.
type eProcess struct {
	psi0  float64
	psis  []float64
	logLR []float64
	base  []float64 // scratch
}

func newEProcess(psis []float64, psi0 float64) *eProcess {
	return &eProcess{psi0: psi0, psis: psis, logLR: make([]float64, len(psis))}
}

// add takes one interval: the canary served a requests with x events, the baseline b with y.
func (p *eProcess) add(a, b, x, y int64) {
	if a <= 0 || b <= 0 || x < 0 || y < 0 {
		return
	}
	x, y = min(x, a), min(y, b)
	k := x + y
	lo, hi := max(0, k-b), min(a, k)
	if hi <= lo {
		return // one possible split: no information
	}
	// base[j] = log C(a, j) + log C(b, k-j), from j = lo, by the ratio of successive terms.
	n := int(hi - lo + 1)
	if cap(p.base) < n {
		p.base = make([]float64, n)
	}
	base := p.base[:n]
	base[0] = lchoose(a, lo) + lchoose(b, k-lo)
	for i := 1; i < n; i++ {
		j := lo + int64(i) - 1
		base[i] = base[i-1] + math.Log(float64(a-j)*float64(k-j)/(float64(j+1)*float64(b-k+j+1)))
	}
	l0 := logNorm(base, lo, math.Log(p.psi0))
	for i, psi := range p.psis {
		lp := math.Log(psi)
		p.logLR[i] += float64(x)*(lp-math.Log(p.psi0)) - logNorm(base, lo, lp) + l0
	}
}

// logNorm is log sum_j exp(base[j-lo] + j*lp).
func logNorm(base []float64, lo int64, lp float64) float64 {
	m := math.Inf(-1)
	for i, b := range base {
		m = math.Max(m, b+float64(lo+int64(i))*lp)
	}
	s := 0.0
	for i, b := range base {
		s += math.Exp(b + float64(lo+int64(i))*lp - m)
	}
	return m + math.Log(s)
}

func lchoose(n, k int64) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// e is the mixture's value: the mean of the alternatives' likelihood ratios.
func (p *eProcess) e() float64 { return meanExp(p.logLR) }

// meanExp is the mean of exp(l) over logs, computed without overflow.
func meanExp(logs []float64) float64 {
	m := math.Inf(-1)
	for _, l := range logs {
		m = math.Max(m, l)
	}
	s := 0.0
	for _, l := range logs {
		s += math.Exp(l - m)
	}
	// An e-value past the largest float is only "overwhelming"; kept finite, so that a verdict
	// stays valid JSON (a long bake at high traffic gathers thousands of nats of evidence).
	return math.Min(math.Exp(m+math.Log(s/float64(len(logs)))), math.MaxFloat64)
}
