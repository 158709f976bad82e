package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// traffic writes a replay file: seconds of traffic at rate req/s, 10 % on the canary, with the
// given error rates, and latency buckets when stableSlow > 0 (that share of requests over 150ms).
func traffic(t *testing.T, seconds int, rate int, stableErr, canaryErr float64, stableSlow, canarySlow float64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("second,version,requests,errors")
	lat := stableSlow > 0
	if lat {
		b.WriteString(",le_50,le_100,le_150,le_inf")
	}
	b.WriteString("\n")
	count := func(n int, p float64) int {
		k := 0
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		return k
	}
	for s := 1000; s < 1000+seconds; s++ {
		c := count(rate, 0.1)
		for _, v := range []struct {
			name      string
			n         int
			err, slow float64
		}{{"baseline", rate - c, stableErr, stableSlow}, {"canary", c, canaryErr, canarySlow}} {
			fmt.Fprintf(&b, "%d,%s,%d,%d", s, v.name, v.n, count(v.n, v.err))
			if lat {
				slow := count(v.n, v.slow)
				fast := count(v.n-slow, 0.5)
				fmt.Fprintf(&b, ",%d,%d,%d,%d", fast, v.n-slow, v.n-slow, v.n)
			}
			b.WriteString("\n")
		}
	}
	p := filepath.Join(t.TempDir(), "traffic.csv")
	os.WriteFile(p, []byte(b.String()), 0o644)
	return p
}

func TestAnalyzeReplay(t *testing.T) {
	type out struct {
		Outcome   string `json:"outcome"`
		DecidedAt int64  `json:"decided_at"`
		Reason    string `json:"reason"`
		Evidence  struct {
			ErrorE         float64 `json:"error_e"`
			ErrorThreshold float64 `json:"error_threshold"`
			LatencyE       float64 `json:"latency_e"`
		} `json:"evidence"`
	}
	replay := func(args ...string) (int, out, string) {
		code, stdout, stderr := runCLI(append([]string{"analyze", "--json"}, args...)...)
		var o out
		if code != 2 {
			if err := json.Unmarshal([]byte(stdout), &o); err != nil {
				t.Fatalf("not JSON: %v\n%s%s", err, stdout, stderr)
			}
		}
		return code, o, stdout + stderr
	}
	// A 3× error rate is caught, at the second it was caught.
	code, o, _ := replay("--replay", traffic(t, 300, 200, 0.01, 0.03, 0, 0))
	if code != 1 || o.Outcome != "fail" || o.DecidedAt <= 1000 || o.DecidedAt >= 1100 || o.Evidence.ErrorE < 100 || !strings.Contains(o.Reason, "more errors") {
		t.Errorf("3× errors: exit %d %+v", code, o)
	}
	// Identical versions: no decision by evidence alone, so inconclusive at the last second…
	aa := traffic(t, 120, 200, 0.01, 0.01, 0, 0)
	if code, o, _ = replay("--replay", aa); code != 0 || o.Outcome != "inconclusive" || o.DecidedAt != 1119 || !strings.Contains(o.Reason, "undecided") {
		t.Errorf("A/A: exit %d %+v", code, o)
	}
	// …and a pass with a step time, as a plan would: once the minute is up and the data would
	// have caught a canary at 3× the errors (a few seconds more at 20 canary req/s).
	if code, o, _ = replay("--replay", aa, "--step-time", "60s"); code != 0 || o.Outcome != "pass" || o.DecidedAt < 1059 || o.DecidedAt > 1090 {
		t.Errorf("A/A with a step time: exit %d %+v", code, o)
	}
	// Latency from le_ buckets: a canary with far more requests over 100ms fails on latency.
	if code, o, _ = replay("--replay", traffic(t, 120, 200, 0, 0, 0.1, 0.5)); code != 1 || !strings.Contains(o.Reason, "slower") || o.Evidence.LatencyE < 200 {
		t.Errorf("slow canary: exit %d %+v", code, o)
	}
	// Text output names the outcome and the figures.
	if code, stdout, _ := runCLI("analyze", "--replay", aa, "--alpha", "0.05"); code != 0 || !strings.Contains(stdout, "INCONCLUSIVE at second 1119 of 1119") || !strings.Contains(stdout, "fails at 20") {
		t.Errorf("text: %d %s", code, stdout)
	}
}

func TestAnalyzeRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ csv, want string }{
		{"", "empty file"},
		{"second,version,requests\n", `no "errors" column`},
		{"second,version,requests,errors\n1,prod,10,1\n", `version "prod"`},
		{"second,version,requests,errors\n1,canary,10,11\n", "11 errors out of 10"},
		{"second,version,requests,errors\n1,canary,-3,0\n", `requests "-3" is not a count`},
		{"second,version,requests,errors\n1,canary,3,0\n1,canary,3,0\n", "appears twice"},
		{"second,version,requests,errors,le_10\n", "le_inf"},
		{"second,version,requests,errors,le_10,le_inf\n1,canary,5,0,6,5\n", "fewer requests"},
		{"second,version,requests,errors,le_x\n", "le_<milliseconds>"},
	} {
		p := filepath.Join(dir, "f.csv")
		os.WriteFile(p, []byte(tc.csv), 0o644)
		code, _, stderr := runCLI("analyze", "--replay", p)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%q: exit %d %q, want %q", tc.csv, code, stderr, tc.want)
		}
	}
	for _, args := range [][]string{{}, {"--replay", "x.csv", "--alpha", "2"}, {"--replay", "x.csv", "--margin", "1"}, {"--replay", "x.csv", "--detect", "0.5"}, {"--replay", filepath.Join(dir, "missing.csv")}} {
		if code, _, stderr := runCLI(append([]string{"analyze"}, args...)...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d %q", args, code, stderr)
		}
	}
}
