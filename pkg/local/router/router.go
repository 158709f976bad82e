// Package router is Greenlight's weighted HTTP router: the traffic provider of the local target.
//
// It sends each request to one version according to integer weights that sum to 100, switched
// atomically; counts requests, errors (5xx and connection failures) and latency per version,
// which makes it the built-in metric source for canary analysis; and drains a version's
// in-flight requests before it may be stopped, so that no request fails because of a switch.
package router

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Router is an http.Handler. The zero value is not usable: call New.
type Router struct {
	transport *http.Transport
	table     atomic.Pointer[table]

	mu       sync.Mutex
	backends map[string]*backend
}

type backend struct {
	id       string
	proxy    *httputil.ReverseProxy
	inflight atomic.Int64
	draining atomic.Bool
	stats    *stats
}

type table struct {
	weights map[string]int
	order   []*backend
	cum     []int
}

// New returns a router with no versions; until weights are set it answers 503.
func New() *Router {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 2 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	r := &Router{transport: tr, backends: map[string]*backend{}}
	r.table.Store(&table{weights: map[string]int{}})
	return r
}

// Add registers a version reachable at addr (http://host:port), with weight 0.
func (r *Router) Add(id, addr string) error {
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		return fmt.Errorf("router: version %s: invalid address %q", id, addr)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.backends[id]; ok && !b.draining.Load() {
		return fmt.Errorf("router: version %s is already registered", id)
	}
	b := &backend{id: id, stats: newStats()}
	if old, ok := r.backends[id]; ok {
		b.stats = old.stats // a version that comes back keeps its history
	}
	b.proxy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(u)
			pr.Out.Host = pr.In.Host
			pr.SetXForwarded()
		},
		Transport: r.transport,
		ErrorHandler: func(w http.ResponseWriter, req *http.Request, err error) {
			if rec, ok := w.(*recorder); ok {
				rec.proxyErr = err
				if rec.mayRetry && !rec.wrote {
					return // ServeHTTP retries on another version
				}
			}
			http.Error(w, "greenlight router: version "+id+" unreachable", http.StatusBadGateway)
		},
	}
	r.backends[id] = b
	return nil
}

// SetWeights routes traffic: percent per version, summing to 100, every version registered.
// The switch is atomic: each request is routed by either the old or the new weights.
func (r *Router) SetWeights(w map[string]int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	total := 0
	t := &table{weights: map[string]int{}}
	ids := make([]string, 0, len(w))
	for id := range w {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		p := w[id]
		if p < 0 || p > 100 {
			return fmt.Errorf("router: weight %d for %s: weights are percentages from 0 to 100", p, id)
		}
		b, ok := r.backends[id]
		if !ok || b.draining.Load() {
			return fmt.Errorf("router: version %s is not registered", id)
		}
		if p == 0 {
			continue
		}
		total += p
		t.weights[id] = p
		t.order = append(t.order, b)
		t.cum = append(t.cum, total)
	}
	if total != 100 {
		return fmt.Errorf("router: weights sum to %d, want 100 (%v)", total, w)
	}
	r.table.Store(t)
	return nil
}

// Weights returns the current weights.
func (r *Router) Weights() map[string]int {
	t := r.table.Load()
	out := make(map[string]int, len(t.weights))
	for k, v := range t.weights {
		out[k] = v
	}
	return out
}

// Remove unregisters a version that has no weight, waiting until its in-flight requests finish
// (or ctx ends). Only then may its process be stopped.
func (r *Router) Remove(ctx context.Context, id string) error {
	r.mu.Lock()
	b, ok := r.backends[id]
	if !ok {
		r.mu.Unlock()
		return nil
	}
	if r.table.Load().weights[id] > 0 {
		r.mu.Unlock()
		return fmt.Errorf("router: version %s still has %d%% of traffic; move it away first", id, r.table.Load().weights[id])
	}
	b.draining.Store(true)
	r.mu.Unlock()
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for b.inflight.Load() > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("router: version %s still has %d request(s) in flight: %w", id, b.inflight.Load(), ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

// Sample returns what version id served since t (a zero t: since it was added).
func (r *Router) Sample(id string, since time.Time) (Window, error) {
	r.mu.Lock()
	b, ok := r.backends[id]
	r.mu.Unlock()
	if !ok {
		return Window{}, fmt.Errorf("router: unknown version %s", id)
	}
	return b.stats.since(since, time.Now()), nil
}

// Close closes idle connections to the versions.
func (r *Router) Close() { r.transport.CloseIdleConnections() }

func (r *Router) pick(exclude *backend) *backend {
	for range 16 {
		t := r.table.Load()
		if len(t.order) == 0 {
			return nil
		}
		n := rand.IntN(100)
		var b *backend
		for i, c := range t.cum {
			if n < c {
				b = t.order[i]
				break
			}
		}
		if b == exclude && len(t.order) > 1 {
			// A retry goes to another version: the one that just failed to connect is likely down.
			for _, o := range t.order {
				if o != exclude {
					b = o
					break
				}
			}
		}
		b.inflight.Add(1)
		if !b.draining.Load() {
			return b
		}
		b.inflight.Add(-1) // removed between our table load and now: pick again from the new table
	}
	return nil
}

type recorder struct {
	http.ResponseWriter
	status   int
	wrote    bool
	mayRetry bool
	proxyErr error
}

func (w *recorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *recorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func replayable(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0
	}
	return false
}

// ServeHTTP routes one request. A connection failure before any response is counted against
// the version that failed and, for a request that can be replayed, retried on another version.
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var failed *backend
	for attempt := 0; ; attempt++ {
		b := r.pick(failed)
		if b == nil {
			http.Error(w, "greenlight router: no version is serving", http.StatusServiceUnavailable)
			return
		}
		start := time.Now()
		rec := &recorder{ResponseWriter: w, mayRetry: attempt < 2 && replayable(req)}
		b.proxy.ServeHTTP(rec, req)
		b.inflight.Add(-1)
		now := time.Now()
		if rec.proxyErr != nil && !rec.wrote && rec.mayRetry && !errors.Is(req.Context().Err(), context.Canceled) {
			b.stats.record(now, now.Sub(start), true)
			failed = b
			continue
		}
		b.stats.record(now, now.Sub(start), rec.proxyErr != nil || rec.status >= 500)
		return
	}
}

// String describes the weights, such as "v2 10%, v1 90%".
func (r *Router) String() string {
	w := r.Weights()
	parts := make([]string, 0, len(w))
	for id, p := range w {
		parts = append(parts, fmt.Sprintf("%s %d%%", id, p))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
