package main

import (
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/promtest"
)

// Issue 23 §2: `greenlight analyze --check-metrics` runs the canary's preflight from a
// terminal against a real Prometheus: the podinfo service passes with its contract and is
// refused with the default one, saying the fix.
func TestAnalyzeCheckMetrics(t *testing.T) {
	exp := promtest.NewStyledExporter(t, promtest.Podinfo)
	url := promtest.Start(t, exp)
	exp.Generate(t, "3f2a9c1b7d04", "", 0)
	promtest.Scraped(t, url, "3f2a9c1b7d04")
	time.Sleep(time.Second)
	t.Setenv("PROMETHEUS_URL", url)
	t.Setenv("PROMETHEUS_CONTRACT", "")
	code, stdout, stderr := runCLI("analyze", "--check-metrics", "--revision", "3f2a9c1b7d04", "--contract", "podinfo")
	if code != 0 || !strings.Contains(stdout, `metrics contract holds for 3f2a9c1b7d04: requests from http_requests_total, errors where status=~"5..", revision in revision, latency from http_request_duration_seconds_bucket`) {
		t.Errorf("podinfo contract: %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI("analyze", "--check-metrics", "--revision", "3f2a9c1b7d04")
	if code != 1 || !strings.Contains(stderr, "metrics contract does not hold for 3f2a9c1b7d04: query count by (code)") ||
		!strings.Contains(stderr, "status holds it in the podinfo contract") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("default contract on podinfo: %d %q %q", code, stdout, stderr)
	}
	for _, args := range [][]string{
		{"analyze", "--check-metrics"},
		{"analyze", "--check-metrics", "--revision", "x", "--contract", "nope"},
		{"analyze", "--check-metrics", "--revision", "x", "--prometheus", "ftp://x"},
	} {
		if code, _, stderr := runCLI(args...); code != 2 || !strings.Contains(stderr, "greenlight analyze: ") {
			t.Errorf("%v: %d %q", args, code, stderr)
		}
	}
}
