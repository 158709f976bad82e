// Package selector routes all of a Service's traffic to one revision by its selector: the
// blue/green switch. It splits nothing: weights other than 0 and 100 are refused.
package selector

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// Router switches the Service's selector.
type Router struct{}

// New returns the selector router.
func New() Router { return Router{} }

// Name implements traffic.Router.
func (Router) Name() string { return "service selector" }

// Prepare implements traffic.Router: the new revision starts at full size, behind no Service.
func (Router) Prepare(ctx context.Context, c traffic.Cluster, b traffic.Backend) (int32, error) {
	return b.Replicas, nil
}

// Route implements traffic.Router.
func (Router) Route(ctx context.Context, c traffic.Cluster, stable traffic.Backend, canary *traffic.Backend, percent int) (int, error) {
	target := stable
	switch {
	case canary == nil || percent == 0:
	case percent == 100:
		target = *canary
	default:
		return 0, fmt.Errorf("the selector router switches all traffic at once: %d%% is not possible; use the replicas or gatewayapi router for a canary", percent)
	}
	svc := c.Service()
	sel, _, _ := unstructured.NestedStringMap(svc.Object, "spec", "selector")
	if sel == nil {
		sel = map[string]string{}
	}
	sel[traffic.RevisionLabel] = target.ID
	if err := unstructured.SetNestedStringMap(svc.Object, sel, "spec", "selector"); err != nil {
		return 0, err
	}
	if err := c.Apply(ctx, svc); err != nil {
		return 0, err
	}
	if target.ID == stable.ID {
		return 0, nil
	}
	return 100, nil
}

// Release implements traffic.Router: nothing to remove.
func (Router) Release(ctx context.Context, c traffic.Cluster, b traffic.Backend) error { return nil }
