package greenlight

import (
	"context"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Metrics is a source of per-revision traffic figures: a target's own router, or Prometheus.
type Metrics interface {
	// Preflight checks, before a canary moves any traffic, that the source can judge one
	// against stable: that it has stable's requests, can tell its failed requests from the
	// others and, if it judges latency, has its latency histogram. An error is one line naming
	// what was asked, what came back and the fix; the canary then fails with nothing moved. A
	// source that counts every request itself (a target's router) returns nil.
	Preflight(ctx context.Context, stable Revision) error
	// Sample returns what rev served from since until now.
	Sample(ctx context.Context, rev Revision, since time.Time) (analysis.Sample, error)
}

// HistogramMetrics is a Metrics source that also gives latency histograms, which the
// Sequential judge uses to test a shift of a latency quantile.
type HistogramMetrics interface {
	Metrics
	// Histogram returns the latency histogram of what rev served from since until now.
	Histogram(ctx context.Context, rev Revision, since time.Time) (analysis.Histogram, error)
}
