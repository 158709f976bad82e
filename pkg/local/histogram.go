package local

import (
	"context"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

var _ greenlight.HistogramMetrics = (*Target)(nil)

// Histogram implements greenlight.HistogramMetrics: the latency histogram of what rev served
// through the router since since, so that every local canary is judged on latency as well as
// errors.
func (t *Target) Histogram(_ context.Context, rev greenlight.Revision, since time.Time) (analysis.Histogram, error) {
	h, err := t.router.Histogram(rev.ID, since)
	return analysis.Histogram{Bounds: h.Bounds, Cumulative: h.Cumulative}, err
}
