// Package promtest runs a real Prometheus (Debian's prometheus package) for tests, scraping an
// exporter whose counters the test sets: requests per revision and status code, and a latency
// histogram.
package promtest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Style is how an exporter names its series: the instrumentation a service uses.
type Style int

const (
	// PromHTTP is client_golang's promhttp middleware: http_requests_total{code} and the
	// histogram http_request_duration_seconds.
	PromHTTP Style = iota
	// Podinfo labels the status status: http_requests_total{status} and
	// http_request_duration_seconds{method,path,status}.
	Podinfo
	// OpenTelemetry is the HTTP semantic conventions as exported to Prometheus: the histogram
	// http_server_request_duration_seconds{http_response_status_code,http_request_method}, its
	// _count the requests, with the exporter's otel_scope_name.
	OpenTelemetry
)

// Exporter serves Prometheus text metrics that the test controls.
type Exporter struct {
	mu      sync.Mutex
	style   Style
	buckets map[[2]string][]float64 // revision, code → cumulative counts per bound, then +Inf
	sum     map[[2]string]float64
	srv     *httptest.Server
}

var bounds = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}

// NewExporter starts an exporter in the PromHTTP style on 127.0.0.1.
func NewExporter(t testing.TB) *Exporter { return NewStyledExporter(t, PromHTTP) }

// NewStyledExporter starts an exporter of style on 127.0.0.1.
func NewStyledExporter(t testing.TB, style Style) *Exporter {
	e := &Exporter{style: style, buckets: map[[2]string][]float64{}, sum: map[[2]string]float64{}}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	return e
}

// Addr is host:port of the exporter.
func (e *Exporter) Addr() string { return strings.TrimPrefix(e.srv.URL, "http://") }

// Serve records n requests of revision with HTTP status code, each taking latency. Revision ""
// is a pod without the revision label: its series have none.
func (e *Exporter) Serve(revision string, code int, n int, latency time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	k := [2]string{revision, fmt.Sprint(code)}
	b := e.buckets[k]
	if b == nil {
		b = make([]float64, len(bounds)+1)
		e.buckets[k] = b
	}
	for i, le := range bounds {
		if latency.Seconds() <= le {
			b[i] += float64(n)
		}
	}
	b[len(bounds)] += float64(n)
	e.sum[k] += latency.Seconds() * float64(n)
}

// Generate counts traffic for two revisions every 100ms until the test ends: stable serves 30
// requests at 5ms, canary 10 at 6ms of which canaryErrPercent (a multiple of 10) fail with 500.
func (e *Exporter) Generate(t testing.TB, stable, canary string, canaryErrPercent int) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			e.Serve(stable, 200, 30, 5*time.Millisecond)
			e.Serve(canary, 200, 10-canaryErrPercent/10, 6*time.Millisecond)
			e.Serve(canary, 500, canaryErrPercent/10, 6*time.Millisecond)
		}
	}()
}

func (e *Exporter) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	keys := make([][2]string, 0, len(e.buckets))
	for k := range e.buckets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	labels := func(k [2]string, extra string) string {
		var l []string
		if k[0] != "" {
			l = append(l, fmt.Sprintf("revision=%q", k[0]))
		}
		switch e.style {
		case PromHTTP:
			l = append(l, fmt.Sprintf("code=%q,method=\"get\"", k[1]))
		case Podinfo:
			l = append(l, fmt.Sprintf("method=\"GET\",path=\"api_info\",status=%q", k[1]))
		case OpenTelemetry:
			l = append(l, fmt.Sprintf("http_request_method=\"GET\",http_response_status_code=%q,otel_scope_name=\"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp\"", k[1]))
		}
		if extra != "" {
			l = append(l, extra)
		}
		return "{" + strings.Join(l, ",") + "}"
	}
	hist := "http_request_duration_seconds"
	if e.style == OpenTelemetry {
		hist = "http_server_request_duration_seconds"
	} else {
		fmt.Fprintln(w, "# TYPE http_requests_total counter")
		for _, k := range keys {
			fmt.Fprintf(w, "http_requests_total%s %g\n", labels(k, ""), e.buckets[k][len(bounds)])
		}
	}
	fmt.Fprintf(w, "# TYPE %s histogram\n", hist)
	for _, k := range keys {
		b := e.buckets[k]
		for i, le := range bounds {
			fmt.Fprintf(w, "%s_bucket%s %g\n", hist, labels(k, fmt.Sprintf("le=\"%g\"", le)), b[i])
		}
		fmt.Fprintf(w, "%s_bucket%s %g\n", hist, labels(k, `le="+Inf"`), b[len(bounds)])
		fmt.Fprintf(w, "%s_sum%s %g\n", hist, labels(k, ""), e.sum[k])
		fmt.Fprintf(w, "%s_count%s %g\n", hist, labels(k, ""), b[len(bounds)])
	}
}

// Scraped waits until the Prometheus at url has scraped requests of revision, as a service
// that has run for a while has: a canary's preflight reads them before any traffic moves.
func Scraped(t testing.TB, url, revision string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + `/api/v1/query?query=` + neturl.QueryEscape(fmt.Sprintf(`{__name__=~"http_requests_total|http_server_request_duration_seconds_count",revision=%q}`, revision)))
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), `"value"`) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus at %s scraped no requests of %s in 30s", url, revision)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Binary finds Prometheus, or fails the test saying how to install it.
func Binary(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("PROMETHEUS"), "/usr/bin/prometheus"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("prometheus"); err == nil {
		return p
	}
	t.Fatal("prometheus is not installed: `apt-get install prometheus` (Debian's package; make test installs it)")
	return ""
}

// Start runs Prometheus scraping the exporter every second and returns its URL.
func Start(t testing.TB, e *Exporter) string {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n- job_name: test\n  static_configs:\n  - targets: [%q]\n", e.Addr())
	os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	log, _ := os.Create(filepath.Join(dir, "prometheus.log"))
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--storage.tsdb.retention.time=1h")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	// Ready is not enough: the scrape manager applies its targets up to 5 s later. Wait for the
	// first scrape of the exporter.
	for {
		resp, err := http.Get(url + `/api/v1/query?query=up{job="test"}`)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(b), `"value"`) {
				return url
			}
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "prometheus.log"))
			t.Fatalf("prometheus did not become ready:\n%s", b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
