package analysis

import (
	"fmt"
	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"math"
	"time"
)

// Sample is what one revision served during a window: the input of analysis.
type Sample struct {
	// Requests served and Errors among them.
	Requests int64 `json:"requests"`
	Errors   int64 `json:"errors"`
	// P50 and P99 are the median and 99th percentile latency.
	P50 time.Duration `json:"p50"`
	P99 time.Duration `json:"p99"`
}

// ErrorRate is Errors/Requests, 0 with no requests.
func (s Sample) ErrorRate() float64 {
	if s.Requests == 0 {
		return 0
	}
	return float64(s.Errors) / float64(s.Requests)
}

// String is the sample in one line: requests, errors and their rate, p50 and p99.
func (s Sample) String() string {
	return fmt.Sprintf("%d req, %d err (%.2f%%), p50 %s, p99 %s", s.Requests, s.Errors, 100*s.ErrorRate(), durfmt.Round(s.P50), durfmt.Round(s.P99))
}

// Histogram is a latency histogram in Prometheus' form: Cumulative[i] requests took at most
// Bounds[i]; the last element of Cumulative, one more than Bounds, counts all requests (+Inf).
type Histogram struct {
	// Bounds are the buckets' upper bounds, increasing.
	Bounds []time.Duration `json:"bounds"`
	// Cumulative counts the requests at most each bound, then all requests.
	Cumulative []int64 `json:"cumulative"`
}

// total is the number of requests the histogram counts.
func (h Histogram) total() int64 {
	if len(h.Cumulative) == 0 {
		return 0
	}
	return h.Cumulative[len(h.Cumulative)-1]
}

// above counts the requests slower than the smallest bound at or over t (a conservative count
// for the canary: fewer requests are counted slow than are slower than t).
func (h Histogram) above(t time.Duration) int64 {
	for i, b := range h.Bounds {
		if b >= t {
			return h.total() - h.Cumulative[i]
		}
	}
	return 0
}

func (h *Histogram) sameBounds(o *Histogram) bool {
	if h == nil || o == nil || len(h.Bounds) != len(o.Bounds) || len(h.Cumulative) != len(h.Bounds)+1 || len(o.Cumulative) != len(o.Bounds)+1 {
		return false
	}
	for i := range h.Bounds {
		if h.Bounds[i] != o.Bounds[i] {
			return false
		}
	}
	return true
}

// minus is h less an earlier prev of the same bounds (nil: nothing), never below zero.
func (h *Histogram) minus(prev *Histogram) Histogram {
	d := Histogram{Bounds: h.Bounds, Cumulative: make([]int64, len(h.Cumulative))}
	for i, c := range h.Cumulative {
		if prev != nil {
			c -= prev.Cumulative[i]
		}
		d.Cumulative[i] = max(c, 0)
		if i > 0 && d.Cumulative[i] < d.Cumulative[i-1] {
			d.Cumulative[i] = d.Cumulative[i-1]
		}
	}
	return d
}

// atLeast is h with every count raised to prev's where prev's is higher.
func (h *Histogram) atLeast(prev *Histogram) *Histogram {
	if prev == nil {
		return h
	}
	out := &Histogram{Bounds: h.Bounds, Cumulative: make([]int64, len(h.Cumulative))}
	for i, c := range h.Cumulative {
		out.Cumulative[i] = max(c, prev.Cumulative[i])
	}
	return out
}

// quantile is the smallest bound under which at least q of the requests fall.
func (h Histogram) quantile(q float64) (time.Duration, bool) {
	n := h.total()
	if n == 0 || len(h.Bounds) == 0 {
		return 0, false
	}
	rank := int64(math.Ceil(q * float64(n)))
	for i, b := range h.Bounds {
		if h.Cumulative[i] >= rank {
			return b, true
		}
	}
	return h.Bounds[len(h.Bounds)-1], true
}

func maxSample(s, prev Sample) Sample {
	s.Requests, s.Errors = max(s.Requests, prev.Requests), max(s.Errors, prev.Errors)
	return s
}

func rate(n, d int64) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// num prints an e-value briefly: 0.42, 37, 1.2e+05.
func num(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "∞"
	case f >= 1e5:
		return fmt.Sprintf("%.2g", f)
	case f >= 10:
		return fmt.Sprintf("%.0f", f)
	default:
		return fmt.Sprintf("%.2g", f)
	}
}
