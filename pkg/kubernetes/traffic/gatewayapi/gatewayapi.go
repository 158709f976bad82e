// Package gatewayapi splits traffic with a Gateway API HTTPRoute: one Service per revision, and
// the route's backendRefs weighted between stable and canary.
package gatewayapi

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

const routeAPI = "gateway.networking.k8s.io/v1"

// Router weights the backendRefs of one HTTPRoute.
type Router struct {
	// Route is the HTTPRoute's name (it must be in the manifests or in the namespace).
	RouteName string
}

// New returns a router for the HTTPRoute named route.
func New(route string) Router { return Router{RouteName: route} }

// Name implements traffic.Router.
func (r Router) Name() string { return "Gateway API HTTPRoute " + r.RouteName }

func serviceName(c traffic.Cluster, b traffic.Backend) string {
	return c.Service().GetName() + "-" + b.ID
}

// Prepare implements traffic.Router: a Service selecting only b's pods; b starts at full size
// (no route points at it yet).
func (r Router) Prepare(ctx context.Context, c traffic.Cluster, b traffic.Backend) (int32, error) {
	svc := c.Service()
	svc.SetName(serviceName(c, b))
	svc.SetResourceVersion("")
	unstructured.RemoveNestedField(svc.Object, "spec", "clusterIP")
	unstructured.RemoveNestedField(svc.Object, "spec", "clusterIPs")
	sel, _, _ := unstructured.NestedStringMap(svc.Object, "spec", "selector")
	if sel == nil {
		sel = map[string]string{}
	}
	sel[traffic.RevisionLabel] = b.ID
	unstructured.SetNestedStringMap(svc.Object, sel, "spec", "selector")
	labels := svc.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels[traffic.RevisionLabel] = b.ID
	svc.SetLabels(labels)
	return b.Replicas, c.Apply(ctx, svc)
}

// Route implements traffic.Router: it rewrites the backendRefs of every rule of the route.
func (r Router) Route(ctx context.Context, c traffic.Cluster, stable traffic.Backend, canary *traffic.Backend, percent int) (int, error) {
	route, err := c.Get(ctx, routeAPI, "HTTPRoute", r.RouteName)
	if err != nil {
		return 0, fmt.Errorf("HTTPRoute %s: %w (is the Gateway API CRD installed, and the route in the manifests?)", r.RouteName, err)
	}
	port, _, _ := unstructured.NestedSlice(c.Service().Object, "spec", "ports")
	var portNum any
	if len(port) > 0 {
		portNum = port[0].(map[string]any)["port"]
	}
	ref := func(b traffic.Backend, w int) any {
		m := map[string]any{"group": "", "kind": "Service", "name": serviceName(c, b), "weight": int64(w)}
		if portNum != nil {
			m["port"] = portNum
		}
		return m
	}
	refs := []any{ref(stable, 100-percent)}
	if canary != nil {
		refs = append(refs, ref(*canary, percent))
	} else {
		refs[0] = ref(stable, 100)
		percent = 0
	}
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	if len(rules) == 0 {
		rules = []any{map[string]any{}}
	}
	for i := range rules {
		rm := rules[i].(map[string]any)
		rm["backendRefs"] = refs
	}
	apply := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": routeAPI, "kind": "HTTPRoute",
		"metadata": map[string]any{"name": r.RouteName, "namespace": c.Namespace()},
		"spec":     map[string]any{"rules": rules},
	}}
	if parents, ok, _ := unstructured.NestedSlice(route.Object, "spec", "parentRefs"); ok {
		unstructured.SetNestedSlice(apply.Object, parents, "spec", "parentRefs")
	}
	if err := c.Apply(ctx, apply); err != nil {
		return 0, err
	}
	return percent, nil
}

// Release implements traffic.Router: it deletes b's Service.
func (r Router) Release(ctx context.Context, c traffic.Cluster, b traffic.Backend) error {
	return c.Delete(ctx, "v1", "Service", serviceName(c, b))
}
