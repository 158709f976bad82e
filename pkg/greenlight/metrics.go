package greenlight

import (
	"context"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Metrics is a source of per-revision traffic figures: a target's own router, or Prometheus.
type Metrics interface {
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
