package router

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func backendServer(t *testing.T, name string, delay time.Duration, status int) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		w.Header().Set("X-Version", name)
		w.WriteHeader(status)
		fmt.Fprint(w, name)
	}))
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, h http.Handler) (string, int) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	return rec.Body.String(), rec.Code
}

func TestNoWeightsAnswers503(t *testing.T) {
	r := New()
	if _, code := get(t, r); code != http.StatusServiceUnavailable {
		t.Fatalf("code %d", code)
	}
}

func TestWeightsSplitTraffic(t *testing.T) {
	r := New()
	r.Add("a", backendServer(t, "a", 0, 200).URL)
	r.Add("b", backendServer(t, "b", 0, 200).URL)
	if err := r.SetWeights(map[string]int{"a": 80, "b": 20}); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for range 2000 {
		body, _ := get(t, r)
		counts[body]++
	}
	if counts["b"] < 300 || counts["b"] > 500 {
		t.Fatalf("b got %d of 2000 at 20%%", counts["b"])
	}
	wa, _ := r.Sample("a", time.Time{})
	wb, _ := r.Sample("b", time.Time{})
	if wa.Requests+wb.Requests != 2000 || wa.Errors != 0 {
		t.Errorf("stats: a %+v b %+v", wa, wb)
	}
}

func TestSetWeightsValidates(t *testing.T) {
	r := New()
	r.Add("a", "http://127.0.0.1:1")
	for _, w := range []map[string]int{{"a": 50}, {"a": 100, "zz": 0}, {"a": 101}, {"a": -1, "b": 101}, {}} {
		if err := r.SetWeights(w); err == nil {
			t.Errorf("weights %v accepted", w)
		}
	}
	if err := r.Add("a", "http://127.0.0.1:2"); err == nil {
		t.Error("duplicate version accepted")
	}
	if err := r.Add("c", "::bad"); err == nil {
		t.Error("bad address accepted")
	}
}

func TestErrorsAreCounted(t *testing.T) {
	r := New()
	r.Add("bad", backendServer(t, "bad", 0, 503).URL)
	r.SetWeights(map[string]int{"bad": 100})
	for range 10 {
		get(t, r)
	}
	w, _ := r.Sample("bad", time.Time{})
	if w.Requests != 10 || w.Errors != 10 {
		t.Fatalf("%+v", w)
	}
}

// A version whose process died: GET requests are retried on the other version, and the
// failure is still counted against the dead one.
func TestDeadVersionIsRetriedElsewhere(t *testing.T) {
	r := New()
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	r.Add("dead", deadURL)
	r.Add("ok", backendServer(t, "ok", 0, 200).URL)
	r.SetWeights(map[string]int{"dead": 50, "ok": 50})
	for range 100 {
		if body, code := get(t, r); code != 200 || body != "ok" {
			t.Fatalf("request failed: %d %q", code, body)
		}
	}
	w, _ := r.Sample("dead", time.Time{})
	if w.Errors == 0 || w.Errors != w.Requests {
		t.Fatalf("dead version's failures not counted: %+v", w)
	}
	// A POST with a body is not replayed: it fails with 502.
	r.SetWeights(map[string]int{"dead": 100, "ok": 0})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x")))
	if rec.Code != http.StatusBadGateway {
		t.Fatalf("POST to a dead version: %d", rec.Code)
	}
}

// Switching weights and removing versions under concurrent load loses no request, and Remove
// returns only after the version's in-flight requests finished.
func TestSwitchAndDrainUnderLoad(t *testing.T) {
	r := New()
	srv := httptest.NewServer(r)
	defer srv.Close()
	var inflightOld atomic.Int64
	var oldClosed atomic.Bool
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if oldClosed.Load() {
			t.Error("request reached the old version after Remove returned")
		}
		inflightOld.Add(1)
		defer inflightOld.Add(-1)
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, "old")
	}))
	defer old.Close()
	r.Add("old", old.URL)
	r.Add("new", backendServer(t, "new", 2*time.Millisecond, 200).URL)
	r.SetWeights(map[string]int{"old": 100})

	var failed, sent atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				sent.Add(1)
				resp, err := http.Get(srv.URL)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Add(1)
				}
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	for _, w := range []map[string]int{{"old": 90, "new": 10}, {"old": 50, "new": 50}, {"new": 100, "old": 0}} {
		if err := r.SetWeights(w); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.Remove(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	if n := inflightOld.Load(); n != 0 {
		t.Fatalf("Remove returned with %d requests in flight on the old version", n)
	}
	oldClosed.Store(true)
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if failed.Load() != 0 {
		t.Fatalf("%d of %d requests failed during switches", failed.Load(), sent.Load())
	}
	if err := r.SetWeights(map[string]int{"old": 100}); err == nil {
		t.Error("weights accepted for a removed version")
	}
}

func TestRemoveRefusesAVersionWithTraffic(t *testing.T) {
	r := New()
	r.Add("a", "http://127.0.0.1:1")
	r.SetWeights(map[string]int{"a": 100})
	if err := r.Remove(context.Background(), "a"); err == nil {
		t.Fatal("removed a version taking traffic")
	}
}

func TestStatsWindowAndQuantiles(t *testing.T) {
	s := newStats()
	base := time.Unix(1_700_000_000, 0)
	for i := range 100 {
		s.record(base, time.Duration(i+1)*time.Millisecond, i%10 == 0)
	}
	// Slot-aligned window: everything recorded at base is inside a window starting at base.
	w := s.since(base, base.Add(time.Second))
	if w.Requests != 100 || w.Errors != 10 {
		t.Fatalf("%+v", w)
	}
	if w.P50 < 45*time.Millisecond || w.P50 > 60*time.Millisecond {
		t.Errorf("p50 %s, want ≈50ms", w.P50)
	}
	if w.P99 < 95*time.Millisecond || w.P99 > 115*time.Millisecond {
		t.Errorf("p99 %s, want ≈99ms", w.P99)
	}
	// A window that starts after the data sees none of it.
	if w := s.since(base.Add(time.Second), base.Add(2*time.Second)); w.Requests != 0 {
		t.Errorf("later window saw %d requests", w.Requests)
	}
	// A slot reused after the ring wraps does not keep old counts.
	later := base.Add(15 * time.Minute)
	s.record(later, time.Millisecond, false)
	if w := s.since(later, later.Add(time.Second)); w.Requests != 1 {
		t.Errorf("wrapped slot: %+v", w)
	}
}

func TestHistogramPerVersion(t *testing.T) {
	s := newStats()
	now := time.Now()
	for i := range 100 {
		s.record(now, time.Duration(i+1)*time.Millisecond, false)
	}
	h := s.histogramSince(now.Add(-time.Second), now)
	if len(h.Cumulative) != len(h.Bounds)+1 || h.Cumulative[len(h.Cumulative)-1] != 100 {
		t.Fatalf("histogram of 100 requests: %d bounds, total %d", len(h.Bounds), h.Cumulative[len(h.Cumulative)-1])
	}
	for i, b := range h.Bounds {
		if b >= 50*time.Millisecond {
			// The bucket holding 50ms ends under 55ms (8 buckets per power of two).
			if c := h.Cumulative[i]; c < 50 || c > 55 {
				t.Errorf("%d requests at most %s, want about 50", c, b)
			}
			break
		}
	}
	if w := s.since(now.Add(-time.Second), now); w.Requests != 100 || w.P50 < 50*time.Millisecond || w.P50 > 55*time.Millisecond {
		t.Errorf("window %+v", w)
	}
}
