package router

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Latency histogram: 8 buckets per power of two of microseconds, from 1µs to 2^25µs (~33s).
const (
	perOctave = 8
	nBuckets  = 25 * perOctave
	slotDur   = 250 * time.Millisecond
	nSlots    = int(15 * time.Minute / slotDur) // windows up to 15 minutes are exact
)

func bucketOf(d time.Duration) int {
	us := float64(d) / float64(time.Microsecond)
	if us < 1 {
		return 0
	}
	b := int(math.Log2(us) * perOctave)
	if b >= nBuckets {
		return nBuckets - 1
	}
	return b
}

// upper bound of bucket b
func bucketValue(b int) time.Duration {
	return time.Duration(math.Exp2(float64(b+1)/perOctave) * float64(time.Microsecond))
}

type slot struct {
	idx      int64
	req, err uint32
	hist     [nBuckets]uint32
}

// stats keeps what one version served in 250 ms slots over the last 15 minutes, plus totals.
type stats struct {
	mu        sync.Mutex
	slots     []slot
	totalReq  uint64
	totalErr  uint64
	totalHist [nBuckets]uint64
}

func newStats() *stats { return &stats{slots: make([]slot, nSlots)} }

func (s *stats) record(now time.Time, lat time.Duration, failed bool) {
	idx := now.UnixNano() / int64(slotDur)
	b := bucketOf(lat)
	s.mu.Lock()
	sl := &s.slots[idx%int64(nSlots)]
	if sl.idx != idx {
		*sl = slot{idx: idx}
	}
	sl.req++
	sl.hist[b]++
	s.totalReq++
	s.totalHist[b]++
	if failed {
		sl.err++
		s.totalErr++
	}
	s.mu.Unlock()
}

// Window is what a version served in a window.
type Window struct {
	Requests int64
	Errors   int64
	P50, P99 time.Duration
}

// since sums the slots that start at or after t (so nothing from before t is counted). A zero t,
// or one older than the retention, gives the totals.
func (s *stats) since(t time.Time, now time.Time) Window {
	var w Window
	var hist [nBuckets]uint64
	w.Requests, w.Errors, hist = s.sum(t, now)
	w.P50 = quantile(&hist, w.Requests, 0.50)
	w.P99 = quantile(&hist, w.Requests, 0.99)
	return w
}

// sum adds up the slots that start at or after t, or gives the totals (see since).
func (s *stats) sum(t time.Time, now time.Time) (req, errs int64, hist [nBuckets]uint64) {
	first := (t.UnixNano() + int64(slotDur) - 1) / int64(slotDur)
	last := now.UnixNano() / int64(slotDur)
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.IsZero() || last-first >= int64(nSlots) {
		return int64(s.totalReq), int64(s.totalErr), s.totalHist
	}
	for i := first; i <= last; i++ {
		sl := &s.slots[i%int64(nSlots)]
		if sl.idx != i {
			continue
		}
		req += int64(sl.req)
		errs += int64(sl.err)
		for b, n := range sl.hist {
			hist[b] += uint64(n)
		}
	}
	return req, errs, hist
}

func quantile(hist *[nBuckets]uint64, n int64, q float64) time.Duration {
	if n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(n)))
	var cum uint64
	for b, c := range hist {
		cum += c
		if cum >= rank {
			return bucketValue(b)
		}
	}
	return bucketValue(nBuckets - 1)
}

// Histogram is a version's latency histogram over a window, in Prometheus' form: Cumulative[i]
// requests took at most Bounds[i]; the last element of Cumulative (one more than Bounds) counts
// every request. The bounds are the same for every version and every window.
type Histogram struct {
	Bounds     []time.Duration
	Cumulative []int64
}

// Bounds are the upper bounds of the router's latency buckets: 8 per power of two.
var Bounds = func() []time.Duration {
	b := make([]time.Duration, nBuckets-1)
	for i := range b {
		b[i] = bucketValue(i)
	}
	return b
}()

// histogramSince is the latency histogram of the slots that start at or after t, counted like
// since.
func (s *stats) histogramSince(t time.Time, now time.Time) Histogram {
	_, _, hist := s.sum(t, now)
	h := Histogram{Bounds: Bounds, Cumulative: make([]int64, nBuckets)}
	var c int64
	for b, n := range hist {
		c += int64(n)
		h.Cumulative[b] = c
	}
	return h
}

// Histogram returns the latency histogram of what version id served since t (a zero t: since it
// was added), for tests of a latency quantile.
func (r *Router) Histogram(id string, since time.Time) (Histogram, error) {
	r.mu.Lock()
	b, ok := r.backends[id]
	r.mu.Unlock()
	if !ok {
		return Histogram{}, fmt.Errorf("router: unknown version %s", id)
	}
	return b.stats.histogramSince(since, time.Now()), nil
}
