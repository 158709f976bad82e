package analysis

import (
	"fmt"
	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"math"
	"time"
)

// LatencyBaseline is a version's recorded latency: Slow of its Timed requests took longer than
// Threshold.
type LatencyBaseline struct {
	// Threshold is the latency above which a request counts as slow.
	Threshold time.Duration
	// Timed is how many requests were timed, and Slow how many of them took longer than Threshold.
	Timed, Slow int64
}

// BakeWatch is the test of a bake: a version that took all traffic, judged against the recorded
// figures of the previous version, rolled back on a regression of its error rate and, with a
// latency baseline, of its share of slow requests. The test is anytime-valid: the recorded rate
// is replaced by its upper confidence bound at alpha/2 (the recording is a sample too), and a
// mixture sequential test of the new version's events against that bound gets the other
// alpha/2. Errors and latency get alpha/2 each when both are watched. It is not safe for
// concurrent use.
type BakeWatch struct {
	errors, latency *bakeWatch
	threshold       time.Duration
}

// NewBakeWatch starts a bake's test at false-alarm budget alpha against base, the previous
// version's recorded figures, and when latency is not nil (with Timed and Threshold above 0),
// against its recorded latency as well.
func NewBakeWatch(base Sample, latency *LatencyBaseline, alpha float64) *BakeWatch {
	w := &BakeWatch{}
	alphaErr := alpha
	if latency != nil && latency.Timed > 0 && latency.Threshold > 0 {
		alphaErr = alpha / 2
		w.latency = newBakeWatch(Sample{Requests: latency.Timed, Errors: latency.Slow}, alpha/2)
		w.latency.what = fmt.Sprintf("requests slower than %s", durfmt.Round(latency.Threshold))
		w.latency.regressed = "latency regressed"
		w.threshold = latency.Threshold
	}
	w.errors = newBakeWatch(base, alphaErr)
	return w
}

// WatchesLatency says whether the watch tests latency (then give LookLatency the histograms).
func (w *BakeWatch) WatchesLatency() bool { return w.latency != nil }

// Look judges the errors of cur, what the new version served since the bake began; timeUp says
// the bake's time is up (no regression then passes).
func (w *BakeWatch) Look(cur Sample, timeUp bool) Verdict { return w.errors.look(cur, timeUp) }

// LookLatency adds the latency histogram of what the new version served since the bake began
// to v, the verdict of Look on the same look: a latency regression fails v, and a pass carries
// the latency figures as well. Without a latency baseline it returns v.
func (w *BakeWatch) LookLatency(v Verdict, h Histogram, timeUp bool) Verdict {
	if w.latency == nil {
		return v
	}
	lv := w.latency.look(Sample{Requests: h.total(), Errors: h.above(w.threshold)}, timeUp)
	switch {
	case lv.Outcome == Fail:
		return lv
	case v.Outcome == Pass:
		v.Reason += "; " + lv.Reason
	}
	return v
}

// bakeWatch is the bake's sequential test of the new version's error rate against p0, the
// previous version's recorded rate at its upper confidence bound.
type bakeWatch struct {
	// what is counted against requests (default "errors"), and the verdict's word for a failure.
	what, regressed string
	base            Sample
	alpha, p0       float64
	logLR           []float64
	psis            []float64
	prev            Sample
	tot             Sample
}

func newBakeWatch(base Sample, alpha float64) *bakeWatch {
	w := &bakeWatch{base: base, alpha: alpha, psis: harmGrid, what: "errors", regressed: "error rate regressed"}
	w.p0 = upperBound(base.Errors, base.Requests, alpha/2)
	w.logLR = make([]float64, len(w.psis))
	return w
}

func (w *bakeWatch) look(cur Sample, timeUp bool) Verdict {
	cur = maxSample(cur, w.prev)
	n, x := cur.Requests-w.prev.Requests, cur.Errors-w.prev.Errors
	w.prev = cur
	w.tot.Requests += n
	w.tot.Errors += min(x, n)
	if n > 0 {
		for i, psi := range w.psis {
			p1 := math.Min(w.p0*psi, 1-1e-9)
			w.logLR[i] += float64(x)*math.Log(p1/w.p0) + float64(n-x)*math.Log((1-p1)/(1-w.p0))
		}
	}
	e := meanExp(w.logLR)
	th := 2 / w.alpha
	ev := &Evidence{Alpha: w.alpha, StableRequests: w.base.Requests, StableErrors: w.base.Errors,
		CanaryRequests: w.tot.Requests, CanaryErrors: w.tot.Errors, ErrorE: e, ErrorThreshold: th}
	v := Verdict{Canary: w.tot, Evidence: ev}
	figures := fmt.Sprintf("%s %.2f%% on %d requests vs %.2f%% recorded for the previous version on %d (at most %.2f%% at %g confidence); evidence %s",
		w.what, 100*rate(w.tot.Errors, w.tot.Requests), w.tot.Requests, 100*rate(w.base.Errors, w.base.Requests), w.base.Requests, 100*w.p0, 1-w.alpha/2, num(e))
	switch {
	case e >= th:
		v.Outcome, ev.Decided = Fail, map[bool]string{true: "errors", false: "latency"}[w.what == "errors"]
		v.Reason = fmt.Sprintf("%s: %s ≥ %s", w.regressed, figures, num(th))
	case timeUp:
		v.Outcome, ev.Decided = Pass, "step time"
		v.Reason = fmt.Sprintf("no regression: %s < %s", figures, num(th))
	default:
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("watching: %s < %s", figures, num(th))
	}
	return v
}

// upperBound is an upper confidence bound at level 1-delta for a rate seen as k of n: the
// largest p with n·KL(k/n ‖ p) ≤ log(1/delta) (Chernoff).
func upperBound(k, n int64, delta float64) float64 {
	if n <= 0 {
		return 1
	}
	ph := float64(k) / float64(n)
	kl := func(p float64) float64 {
		a, b := 0.0, 0.0
		if ph > 0 {
			a = ph * math.Log(ph/p)
		}
		if ph < 1 {
			b = (1 - ph) * math.Log((1-ph)/(1-p))
		}
		return a + b
	}
	lo, hi := ph, 1-1e-12
	target := math.Log(1/delta) / float64(n)
	for range 100 {
		mid := (lo + hi) / 2
		if kl(mid) > target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return math.Max(hi, 1e-9)
}
