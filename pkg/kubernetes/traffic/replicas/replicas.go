// Package replicas splits traffic by the ratio of ready pods under one Service that selects
// every revision: the canary's share is its pods over all pods, so weights are rounded to what
// the replica count allows (with 4 replicas: 25 %, 50 %, 75 %).
package replicas

import (
	"context"
	"fmt"
	"math"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// Router splits by replicas.
type Router struct{}

// New returns the replica-ratio router.
func New() Router { return Router{} }

// Name implements traffic.Router.
func (Router) Name() string { return "replica ratio" }

// Prepare implements traffic.Router: the canary starts with no pods, so no traffic; the Service
// selects the app's pods of every revision.
func (Router) Prepare(ctx context.Context, c traffic.Cluster, b traffic.Backend) (int32, error) {
	svc := c.Service()
	unstructured.RemoveNestedField(svc.Object, "spec", "selector", traffic.RevisionLabel)
	return 0, c.Apply(ctx, svc)
}

// Split returns the canary's and stable's replicas for percent of total: the canary gets at
// least one pod for any share above 0, and stable keeps at least one below 100.
func Split(total int32, percent int) (canary, stable int32) {
	if percent <= 0 {
		return 0, total
	}
	if percent >= 100 {
		return total, 0
	}
	canary = int32(math.Round(float64(total) * float64(percent) / 100))
	canary = max(canary, 1)
	canary = min(canary, total-1)
	if total == 1 {
		canary = 1 // one replica cannot be split: run one of each
		return canary, 1
	}
	return canary, total - canary
}

// Route implements traffic.Router. It scales the canary up before it scales stable down, so
// that capacity never drops.
func (Router) Route(ctx context.Context, c traffic.Cluster, stable traffic.Backend, canary *traffic.Backend, percent int) (int, error) {
	if canary == nil {
		return 0, c.Scale(ctx, stable.Deployment, stable.Replicas)
	}
	k, s := Split(stable.Replicas, percent)
	if percent < 100 && s < 1 {
		return 0, fmt.Errorf("cannot keep stable serving with %d replicas at %d%%", stable.Replicas, percent)
	}
	if err := c.Scale(ctx, canary.Deployment, k); err != nil {
		return 0, err
	}
	if err := c.Scale(ctx, stable.Deployment, s); err != nil {
		return 0, err
	}
	return int(math.Round(100 * float64(k) / float64(k+s))), nil
}

// Release implements traffic.Router: the Deployment itself is removed by the target.
func (Router) Release(ctx context.Context, c traffic.Cluster, b traffic.Backend) error { return nil }
