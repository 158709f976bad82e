package prometheus_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/promtest"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
)

func TestSampleFromARealPrometheus(t *testing.T) {
	e := promtest.NewExporter(t)
	url := promtest.Start(t, e)
	e.Generate(t, "stable", "canary", 30)
	src := prometheus.New(url)
	ctx := context.Background()
	since := time.Now()
	time.Sleep(5 * time.Second)
	st, err := src.Sample(ctx, greenlight.Revision{ID: "stable"}, since)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := src.Sample(ctx, greenlight.Revision{ID: "canary"}, since)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stable %s; canary %s", st, ca)
	if st.Requests < 600 || st.Errors != 0 || ca.Requests < 200 {
		t.Errorf("stable %+v canary %+v", st, ca)
	}
	if r := ca.ErrorRate(); r < 0.2 || r > 0.4 {
		t.Errorf("canary error rate %.2f, want about 0.3", r)
	}
	if st.P99 < 2500*time.Microsecond || st.P99 > 5*time.Millisecond {
		t.Errorf("stable p99 %s, want in the 2.5-5ms bucket", st.P99)
	}
	v := analysis.Compare{}.Judge(ctx, analysis.Input{Stable: st, Canary: ca})
	if v.Outcome != analysis.Fail {
		t.Errorf("the judge passed a canary failing 30%% on Prometheus data: %s", v.Reason)
	}
	// Latency histograms, as the Sequential judge reads them: stable serves at 5ms, the canary
	// at 6ms, so with no slack every canary request is over the stable's median bucket.
	sh, err := src.Histogram(ctx, greenlight.Revision{ID: "stable"}, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.Bounds) != 8 || sh.Bounds[0] != 5*time.Millisecond || len(sh.Cumulative) != 9 || sh.Cumulative[0] < 600 || sh.Cumulative[0] != sh.Cumulative[8] {
		t.Errorf("stable histogram %+v", sh)
	}
	a := analysis.New(greenlight.CanaryPlan{Steps: []int{25, 100}, Judge: analysis.Sequential{LatencySlack: -1}}.Analysis())
	var v2 analysis.Verdict
	for i := range 2 {
		time.Sleep(time.Duration(i) * 2 * time.Second)
		in := analysis.Input{Weight: 25, Elapsed: time.Since(since)}
		in.Stable, _ = src.Sample(ctx, greenlight.Revision{ID: "stable"}, since)
		in.Canary, _ = src.Sample(ctx, greenlight.Revision{ID: "canary"}, since)
		h1, err1 := src.Histogram(ctx, greenlight.Revision{ID: "stable"}, since)
		h2, err2 := src.Histogram(ctx, greenlight.Revision{ID: "canary"}, since)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		in.StableLatency, in.CanaryLatency = &h1, &h2
		v2 = a.Look(ctx, in)
	}
	if v2.Outcome != analysis.Fail || v2.Evidence == nil || v2.Evidence.LatencyE < v2.Evidence.LatencyLimit || v2.Evidence.CanarySlow == 0 {
		t.Errorf("sequential judge on Prometheus data: %s %q %+v", v2.Outcome, v2.Reason, v2.Evidence)
	}

	// A revision Prometheus never saw is no data, not an error and not a pass.
	none, err := src.Sample(ctx, greenlight.Revision{ID: "nobody"}, since)
	if err != nil || none.Requests != 0 {
		t.Errorf("unknown revision: %+v %v", none, err)
	}
	pts, err := src.Range(ctx, `sum(rate(http_requests_total{revision="canary",code="500"}[2s]))`, since, time.Now(), time.Second)
	if err != nil || len(pts) < 3 {
		t.Errorf("range query: %d points, %v", len(pts), err)
	}
}

func TestPrometheusErrorsAreClear(t *testing.T) {
	e := promtest.NewExporter(t)
	url := promtest.Start(t, e)
	c := prometheus.PromHTTP
	c.Selector = `job=~"("`
	src, err := prometheus.NewSource(prometheus.Config{URL: url, Contract: c})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Sample(context.Background(), greenlight.Revision{ID: "x"}, time.Now().Add(-5*time.Second))
	if err == nil || !strings.Contains(err.Error(), "bad_data") {
		t.Errorf("bad query: %v", err)
	}
	src = prometheus.New("http://127.0.0.1:1")
	if _, err := src.Sample(context.Background(), greenlight.Revision{ID: "x"}, time.Now()); err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("unreachable: %v", err)
	}
}
