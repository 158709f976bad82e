package prometheus_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/promtest"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// memSigner signs by remembering digests: the signature is not what these tests are about.
type memSigner struct {
	mu     sync.Mutex
	signed map[string]bool
}

func (s *memSigner) Sign(ctx context.Context, img oci.Image) (oci.Signature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signed[img.Digest()] = true
	return oci.Signature{Ref: img.String() + ".sig", KeyID: "test"}, nil
}

func (s *memSigner) Verifier() oci.Verifier { return s }

func (s *memSigner) Verify(ctx context.Context, img oci.Image) (oci.Signature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.signed[img.Digest()] {
		return oci.Signature{}, errors.New("no signature")
	}
	return oci.Signature{Ref: img.String() + ".sig", KeyID: "test"}, nil
}

func image(t *testing.T, i int) oci.Image {
	img, err := oci.NewImage("registry.example/acme/hello", "sha256:"+strings.Repeat(fmt.Sprintf("%x", i), 64), fmt.Sprintf("v%d", i))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// world is a production environment on a file target judged on a real Prometheus, with v1
// already stable.
type world struct {
	exp    *promtest.Exporter
	url    string
	file   string
	env    *greenlight.Environment
	signer *memSigner
	v1, v2 oci.Image
}

var fastPlan = greenlight.CanaryPlan{Steps: []int{10, 100}, Interval: 250 * time.Millisecond, StepTime: 4 * time.Second, MaxWait: 15 * time.Second}

func newWorld(t *testing.T, style promtest.Style, c prometheus.Contract) *world {
	w := &world{exp: promtest.NewStyledExporter(t, style), signer: &memSigner{signed: map[string]bool{}}, v1: image(t, 1), v2: image(t, 2)}
	w.url = promtest.Start(t, w.exp)
	src, err := prometheus.NewSource(prometheus.Config{URL: w.url, Contract: c, Lookback: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	w.file = filepath.Join(t.TempDir(), "production.json")
	w.env = &greenlight.Environment{Name: "production", Target: &greenlighttest.FileTarget{Path: w.file}, Metrics: src}
	if rep, err := w.release(w.v1); err != nil {
		t.Fatalf("first release: %v %s", err, rep.Error)
	}
	return w
}

func (w *world) release(img oci.Image) (*runlog.Report, error) {
	return greenlight.Run(context.Background(), func(p *greenlight.P) {
		signed := p.Sign(img, w.signer)
		prod := p.Env("production")
		p.Canary(signed, prod, fastPlan)
		p.Promote(signed, prod)
	}, greenlight.WithEnvironments(w.env))
}

func (w *world) log(t *testing.T) []string {
	b, err := os.ReadFile(w.file)
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Log []string }
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s.Log
}

// Issue 23 §1: each instrumentation's preset reads its series as they are, through a release:
// the contract holds, and a canary failing 30 % of its requests is caught at its first step.
func TestPresetsOnRealPrometheus(t *testing.T) {
	for _, c := range []struct {
		name     string
		style    promtest.Style
		contract prometheus.Contract
	}{
		{"promhttp", promtest.PromHTTP, prometheus.PromHTTP},
		{"opentelemetry", promtest.OpenTelemetry, prometheus.OpenTelemetry},
		{"podinfo", promtest.Podinfo, prometheus.Podinfo},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, c.style, c.contract)
			v1, v2 := w.v1.Short(), w.v2.Short()
			w.exp.Generate(t, v1, v2, 30)
			time.Sleep(3 * time.Second)
			src := w.env.Metrics.(*prometheus.Source)
			ctx := context.Background()
			if err := src.Preflight(ctx, greenlight.Revision{ID: v1}); err != nil {
				t.Fatalf("preflight: %v", err)
			}
			since := time.Now().Add(-3 * time.Second)
			ca, err := src.Sample(ctx, greenlight.Revision{ID: v2}, since)
			if err != nil || ca.Requests < 100 || ca.ErrorRate() < 0.2 || ca.ErrorRate() > 0.4 || ca.P50 <= 0 {
				t.Errorf("canary sample %+v %v, want about 30%% errors and a median", ca, err)
			}
			h, err := src.Histogram(ctx, greenlight.Revision{ID: v1}, since)
			if err != nil || len(h.Bounds) != 8 || h.Cumulative[8] < 300 {
				t.Errorf("stable histogram %+v %v", h, err)
			}
			rep, err := w.release(w.v2)
			if err == nil || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Error, "canary failed at 10%") {
				t.Fatalf("the failing canary was not rolled back: %v %q", err, rep.Error)
			}
		})
	}
}

// What the preflight says for each way the contract can be wrong, on one real Prometheus.
func TestPreflightNamesTheFix(t *testing.T) {
	exp := promtest.NewStyledExporter(t, promtest.Podinfo)
	u := promtest.Start(t, exp)
	exp.Generate(t, "v1", "", 0)
	time.Sleep(2 * time.Second)
	ctx := context.Background()
	check := func(c prometheus.Contract, rev string, want ...string) {
		t.Helper()
		src, err := prometheus.NewSource(prometheus.Config{URL: u, Contract: c, Lookback: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		err = src.Preflight(ctx, greenlight.Revision{ID: rev})
		if len(want) == 0 {
			if err != nil {
				t.Errorf("%+v: %v", c, err)
			}
			return
		}
		if err == nil {
			t.Errorf("%+v for %s: no error, want %q", c, rev, want)
			return
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v for %s: %q lacks %q", c, rev, err, w)
			}
		}
	}
	check(prometheus.Podinfo, "v1")
	check(prometheus.Podinfo, "v9", `returned nothing, and revision is on http_requests_total for "v1" only`, "greenlight.dev/revision=v9")
	otel := prometheus.OpenTelemetry
	check(otel, "v1", "returned nothing in the last 1m0s", "the service exports http_requests_total, not http_server_request_duration_seconds_count")
	bad := prometheus.Podinfo
	bad.Errors = "ERROR"
	check(bad, "v1", `returned the status values 200, which the error selector status=~"ERROR" can never match`)
	bad = prometheus.Podinfo
	bad.Histogram = "latency_seconds"
	check(bad, "v1", `query count by (le) (last_over_time(latency_seconds_bucket{revision="v1"}[60s])) returned nothing`, `or to "" to judge errors only`)
	bad.Histogram = ""
	check(bad, "v1")
	bad = prometheus.Podinfo
	bad.Selector = `job="other"`
	check(bad, "v1", `Contract.Selector "job=\"other\"" matches none`)

	// Series without any revision label at all: the relabelling is missing.
	exp2 := promtest.NewStyledExporter(t, promtest.PromHTTP)
	u2 := promtest.Start(t, exp2)
	exp2.Generate(t, "", "", 0)
	time.Sleep(2 * time.Second)
	src, _ := prometheus.NewSource(prometheus.Config{URL: u2, Lookback: time.Minute})
	if err := src.Preflight(ctx, greenlight.Revision{ID: "v1"}); err == nil || !strings.Contains(err.Error(), "returned series without the label revision: relabel the pods' label greenlight.dev/revision to revision at scrape") {
		t.Errorf("no revision label: %v", err)
	}
}

// Any Prometheus-compatible API behind bearer, basic or header authentication; the secret is
// never in an error; every call has a timeout.
func TestAuthAndTimeout(t *testing.T) {
	exp := promtest.NewExporter(t)
	u := promtest.Start(t, exp)
	exp.Generate(t, "v1", "v2", 0)
	time.Sleep(2 * time.Second)
	target, _ := url.Parse(u)
	proxy := httputil.NewSingleHostReverseProxy(target)
	gate := func(ok func(*http.Request) bool) string {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !ok(r) {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			proxy.ServeHTTP(w, r)
		}))
		t.Cleanup(s.Close)
		return s.URL
	}
	const secret = "s3cret-token-xyz"
	bearer := gate(func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+secret })
	basic := gate(func(r *http.Request) bool { u, p, ok := r.BasicAuth(); return ok && u == "greenlight" && p == secret })
	header := gate(func(r *http.Request) bool { return r.Header.Get("X-Scope-OrgID") == secret })
	ctx := context.Background()
	for _, c := range []struct {
		url  string
		auth prometheus.Auth
	}{
		{bearer, prometheus.Auth{BearerToken: secret}},
		{basic, prometheus.Auth{Username: "greenlight", Password: secret}},
		{header, prometheus.Auth{Header: http.Header{"X-Scope-Orgid": {secret}}}},
	} {
		src, err := prometheus.NewSource(prometheus.Config{URL: c.url, Auth: c.auth, Lookback: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Preflight(ctx, greenlight.Revision{ID: "v1"}); err != nil {
			t.Errorf("%+v: %v", c.auth, err)
		}
		wrong := c.auth
		wrong.BearerToken, wrong.Password, wrong.Header = strings.ToUpper(wrong.BearerToken), strings.ToUpper(wrong.Password), nil
		src, _ = prometheus.NewSource(prometheus.Config{URL: c.url, Auth: wrong})
		_, err = src.Sample(ctx, greenlight.Revision{ID: "v1"}, time.Now().Add(-time.Second))
		if err == nil || !strings.Contains(err.Error(), "refused the query (401 Unauthorized): check Config.Auth") || strings.Contains(strings.ToLower(err.Error()), strings.ToLower(secret)) {
			t.Errorf("wrong credentials: %v", err)
		}
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer slow.Close()
	src, _ := prometheus.NewSource(prometheus.Config{URL: slow.URL, Timeout: 200 * time.Millisecond})
	if err := src.Preflight(ctx, greenlight.Revision{ID: "v1"}); err == nil || !strings.Contains(err.Error(), "did not answer within 200ms (Config.Timeout)") {
		t.Errorf("slow API: %v", err)
	}
}

// An invalid URL from the environment is not a panic on the user's path: every query, the
// preflight first, says what is wrong, so nothing moves.
func TestNewWithAnInvalidURLFailsClosed(t *testing.T) {
	s := prometheus.New("://no-scheme")
	if err := s.Preflight(context.Background(), greenlight.Revision{ID: "r1"}); err == nil {
		t.Fatal("the preflight of an invalid URL passed")
	}
	if _, err := s.Sample(context.Background(), greenlight.Revision{ID: "r1"}, time.Now()); err == nil {
		t.Fatal("a sample from an invalid URL succeeded")
	}
}
