// Package router is Greenlight's weighted HTTP router: the traffic provider of the local target.
//
// It sends each request to one version according to integer weights that sum to 100, switched
// atomically; counts requests, errors (5xx and connection failures) and latency per version,
// which makes it the built-in metric source for canary analysis; and drains a version's
// in-flight requests before it may be stopped, so that no request fails because of a switch.
//
// For releases apart from deploys it also mirrors a share of requests to a version that takes no
// traffic (a dark launch: its responses are discarded, its errors and latency counted), and
// counts what each variant of a feature flag served, as the service reports it in a
// Greenlight-Flag-<name> response header.
package router

import (
	"context"
	"errors"
	"fmt"
	"io"
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

	mirror   atomic.Pointer[mirror]
	mirrorWG sync.WaitGroup
	// mirrorSlots bounds the mirrored requests in flight; one that finds no slot is not mirrored.
	mirrorSlots chan struct{}

	variants atomic.Pointer[map[string]*flagStats] // flag name (canonical header form) → stats
	flagMu   sync.Mutex
}

type backend struct {
	id       string
	addr     *url.URL
	proxy    *httputil.ReverseProxy
	inflight atomic.Int64
	draining atomic.Bool
	stats    *stats
	// safe counts the requests a mirror copies (GET, HEAD and OPTIONS without a body), so
	// that a dark launch compares the shadow with stable on the same methods.
	safe *stats
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
	r := &Router{transport: tr, backends: map[string]*backend{}, mirrorSlots: make(chan struct{}, maxMirrorsInFlight)}
	r.table.Store(&table{weights: map[string]int{}})
	r.variants.Store(&map[string]*flagStats{})
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
	b := &backend{id: id, addr: u, stats: newStats(), safe: newStats()}
	if old, ok := r.backends[id]; ok {
		b.stats, b.safe = old.stats, old.safe // a version that comes back keeps its history
	}
	b.proxy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(u)
			pr.Out.Host = pr.In.Host
			// The shadow marker is the router's to set, on mirrored copies only: a client's
			// must not reach a live version, which may skip side effects on it.
			pr.Out.Header.Del(ShadowHeader)
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
	if m := r.mirror.Load(); m != nil && m.b == b {
		r.mirror.Store(nil)
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

// SampleSafe returns what version id served since t of the requests a mirror copies (GET, HEAD
// and OPTIONS without a body): a dark launch compares the shadow with stable on these, the
// only requests the shadow gets.
func (r *Router) SampleSafe(id string, since time.Time) (Window, error) {
	r.mu.Lock()
	b, ok := r.backends[id]
	r.mu.Unlock()
	if !ok {
		return Window{}, fmt.Errorf("router: unknown version %s", id)
	}
	return b.safe.since(since, time.Now()), nil
}

// Close waits for mirrored requests in flight and closes idle connections to the versions.
func (r *Router) Close() {
	r.mirror.Store(nil)
	r.mirrorWG.Wait()
	r.transport.CloseIdleConnections()
}

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
	// variants are the flag variants the version reported, taken out of the response.
	variants [][2]string
}

func (w *recorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
		w.takeVariants()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
		w.takeVariants()
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
			b.safe.record(now, now.Sub(start), true) // only a replayable request is retried
			failed = b
			continue
		}
		failedReq := rec.proxyErr != nil || rec.status >= 500
		b.stats.record(now, now.Sub(start), failedReq)
		if replayable(req) {
			b.safe.record(now, now.Sub(start), failedReq)
		}
		r.recordVariants(rec.variants, now, now.Sub(start), failedReq)
		r.maybeMirror(req, b)
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

// Mirroring (dark launch) and per-flag-variant counts.

const (
	maxMirrorsInFlight = 256
	mirrorTimeout      = 30 * time.Second
	// FlagHeaderPrefix starts the response header by which a version reports which variant of
	// a feature flag served a request, such as "Greenlight-Flag-New-Checkout: on". The router
	// counts it (SampleVariant) and removes it from the response.
	FlagHeaderPrefix = "Greenlight-Flag-"
	// ShadowHeader is set on mirrored requests, so that a version can tell them apart (and, for
	// instance, skip side effects such as sending mail).
	ShadowHeader = "Greenlight-Shadow"
	maxVariants  = 8
	maxFlags     = 64
)

type mirror struct {
	b       *backend
	percent int
	skipped atomic.Int64 // not mirrored: no free slot, or a request that cannot be replayed
	sent    atomic.Int64
}

// SetMirror copies percent (0–100) of the requests to version id, which must be registered and
// takes no traffic of its own: a dark launch. The copy is sent after the version that serves
// the request has answered; its response is read and discarded, and counted in id's Sample.
// Only requests without a body (GET, HEAD, OPTIONS) are mirrored, so that a shadow never
// repeats a write. Mirrored requests carry the header Greenlight-Shadow: 1, which the router
// removes from every request a client sends: only mirrored copies carry it. SampleSafe counts
// stable's requests of the same methods, to compare with the shadow's. SetMirror("", 0) stops
// mirroring.
func (r *Router) SetMirror(id string, percent int) error {
	if percent < 0 || percent > 100 {
		return fmt.Errorf("router: mirror share %d%%: it is a percentage from 0 to 100", percent)
	}
	if id == "" || percent == 0 {
		r.mirror.Store(nil)
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.backends[id]
	if !ok || b.draining.Load() {
		return fmt.Errorf("router: version %s is not registered", id)
	}
	if w := r.table.Load().weights[id]; w > 0 {
		return fmt.Errorf("router: version %s takes %d%% of traffic; a mirror is a version that takes none", id, w)
	}
	r.mirror.Store(&mirror{b: b, percent: percent})
	return nil
}

// Mirrored reports the version requests are mirrored to, its share, and how many requests were
// mirrored and skipped since SetMirror.
func (r *Router) Mirrored() (id string, percent int, sent, skipped int64) {
	m := r.mirror.Load()
	if m == nil {
		return "", 0, 0, 0
	}
	return m.b.id, m.percent, m.sent.Load(), m.skipped.Load()
}

func (r *Router) maybeMirror(req *http.Request, served *backend) {
	m := r.mirror.Load()
	if m == nil || m.b == served || rand.IntN(100) >= m.percent {
		return
	}
	if !replayable(req) {
		m.skipped.Add(1)
		return
	}
	select {
	case r.mirrorSlots <- struct{}{}:
	default:
		m.skipped.Add(1)
		return
	}
	b := m.b
	b.inflight.Add(1)
	if b.draining.Load() {
		b.inflight.Add(-1)
		<-r.mirrorSlots
		return
	}
	m.sent.Add(1)
	u := *b.addr
	u.Path, u.RawPath, u.RawQuery = req.URL.Path, req.URL.RawPath, req.URL.RawQuery
	out, err := http.NewRequestWithContext(context.WithoutCancel(req.Context()), req.Method, u.String(), nil)
	if err != nil {
		b.inflight.Add(-1)
		<-r.mirrorSlots
		return
	}
	out.Header = req.Header.Clone()
	out.Header.Set(ShadowHeader, "1")
	out.Host = req.Host
	r.mirrorWG.Add(1)
	go func() {
		defer r.mirrorWG.Done()
		defer func() { <-r.mirrorSlots }()
		defer b.inflight.Add(-1)
		ctx, cancel := context.WithTimeout(out.Context(), mirrorTimeout)
		defer cancel()
		start := time.Now()
		resp, err := r.transport.RoundTrip(out.WithContext(ctx))
		failed := err != nil
		if err == nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<20))
			resp.Body.Close()
			failed = resp.StatusCode >= 500
		}
		now := time.Now()
		b.stats.record(now, now.Sub(start), failed)
		b.safe.record(now, now.Sub(start), failed)
	}()
}

// flagStats counts what each variant of one flag served.
type flagStats struct {
	mu       sync.Mutex
	variants map[string]*stats
}

// TrackFlag starts counting the variants of flag (as named in its Greenlight-Flag-<flag>
// response header). Up to 64 flags and 8 variants per flag are counted; more are ignored, so a
// version cannot make the router's memory grow.
func (r *Router) TrackFlag(flag string) error {
	key := http.CanonicalHeaderKey(FlagHeaderPrefix + flag)
	if flag == "" || strings.ContainsAny(flag, " \t\r\n:") {
		return fmt.Errorf("router: %q is not a flag name usable in a header", flag)
	}
	r.flagMu.Lock()
	defer r.flagMu.Unlock()
	old := *r.variants.Load()
	if _, ok := old[key]; ok {
		return nil
	}
	if len(old) >= maxFlags {
		return fmt.Errorf("router: already counting %d flags", maxFlags)
	}
	next := make(map[string]*flagStats, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	next[key] = &flagStats{variants: map[string]*stats{}}
	r.variants.Store(&next)
	return nil
}

// SampleVariant returns what the variant of flag served since t (a zero t: since TrackFlag):
// every request whose response reported that variant, whichever version served it.
func (r *Router) SampleVariant(flag, variant string, since time.Time) (Window, error) {
	fs := (*r.variants.Load())[http.CanonicalHeaderKey(FlagHeaderPrefix+flag)]
	if fs == nil {
		return Window{}, fmt.Errorf("router: flag %s is not tracked: call TrackFlag first", flag)
	}
	fs.mu.Lock()
	st := fs.variants[variant]
	fs.mu.Unlock()
	if st == nil {
		return Window{}, nil
	}
	return st.since(since, time.Now()), nil
}

// takeVariants moves the Greenlight-Flag-* headers of the response out of it, keeping those of
// tracked flags.
func (w *recorder) takeVariants() {
	h := w.ResponseWriter.Header()
	for k, v := range h {
		if !strings.HasPrefix(k, FlagHeaderPrefix) {
			continue
		}
		delete(h, k)
		if len(v) == 1 && len(v[0]) <= 64 && len(w.variants) < maxFlags {
			w.variants = append(w.variants, [2]string{k, v[0]})
		}
	}
}

func (r *Router) recordVariants(vs [][2]string, now time.Time, lat time.Duration, failed bool) {
	if len(vs) == 0 {
		return
	}
	tracked := *r.variants.Load()
	for _, kv := range vs {
		fs := tracked[kv[0]]
		if fs == nil {
			continue
		}
		fs.mu.Lock()
		st := fs.variants[kv[1]]
		if st == nil && len(fs.variants) < maxVariants {
			st = newStats()
			fs.variants[kv[1]] = st
		}
		fs.mu.Unlock()
		if st != nil {
			st.record(now, lat, failed)
		}
	}
}
