package router

import (
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
	var hist [nBuckets]uint64
	var w Window
	first := (t.UnixNano() + int64(slotDur) - 1) / int64(slotDur)
	last := now.UnixNano() / int64(slotDur)
	s.mu.Lock()
	if t.IsZero() || last-first >= int64(nSlots) {
		w.Requests, w.Errors = int64(s.totalReq), int64(s.totalErr)
		hist = s.totalHist
	} else {
		for i := first; i <= last; i++ {
			sl := &s.slots[i%int64(nSlots)]
			if sl.idx != i {
				continue
			}
			w.Requests += int64(sl.req)
			w.Errors += int64(sl.err)
			for b, n := range sl.hist {
				hist[b] += uint64(n)
			}
		}
	}
	s.mu.Unlock()
	w.P50 = quantile(&hist, w.Requests, 0.50)
	w.P99 = quantile(&hist, w.Requests, 0.99)
	return w
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
