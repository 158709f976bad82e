package gatewayapi

import (
	"context"
	"encoding/json"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// Mirror copies percent (0–100) of the requests of the route's rules that route to this service to shadow's Service
// with the Gateway API's RequestMirror filter (its percent field is GEP-3171, in the standard
// channel since Gateway API v1.3); the gateway discards the shadow's responses. Percent 0
// removes the filter. Other filters of the rules, and mirrors to Services that are not one of
// this service's revisions, are kept. shadow's Service is the one Prepare made.
func (r Router) Mirror(ctx context.Context, c traffic.Cluster, shadow traffic.Backend, percent int) error {
	if percent < 0 || percent > 100 {
		return fmt.Errorf("mirror share %d%%: a percentage from 0 to 100", percent)
	}
	route, err := c.Get(ctx, routeAPI, "HTTPRoute", r.RouteName)
	if err != nil {
		return fmt.Errorf("HTTPRoute %s: %w (is the Gateway API CRD installed, and the route in the manifests?)", r.RouteName, err)
	}
	ports, _, _ := unstructured.NestedSlice(c.Service().Object, "spec", "ports")
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	if len(rules) == 0 {
		return fmt.Errorf("HTTPRoute %s has no rules to mirror: route traffic to the service first", r.RouteName)
	}
	svc := c.Service().GetName()
	managed := 0
	for i := range rules {
		rm, ok := rules[i].(map[string]any)
		if !ok {
			return fmt.Errorf("HTTPRoute %s: rule %d is not an object", r.RouteName, i)
		}
		// Only the rules that send traffic to this service are mirrored; a rule of another
		// service in the same route is left alone.
		refs, _, _ := unstructured.NestedSlice(rm, "backendRefs")
		ours := false
		for _, b := range refs {
			if bm, ok := b.(map[string]any); ok {
				if name, _ := bm["name"].(string); c.Owns(name) {
					ours = true
				}
			}
		}
		if !ours {
			continue
		}
		managed++
		filters, _, _ := unstructured.NestedSlice(rm, "filters")
		kept := []any{}
		for _, f := range filters {
			fm, _ := f.(map[string]any)
			if fm["type"] == "RequestMirror" {
				name, _, _ := unstructured.NestedString(fm, "requestMirror", "backendRef", "name")
				if name != svc && (c.Owns(name) || name == serviceName(c, shadow)) {
					continue // one of ours: replaced below
				}
			}
			kept = append(kept, f)
		}
		if percent > 0 {
			ref := map[string]any{"group": "", "kind": "Service", "name": serviceName(c, shadow)}
			if len(ports) > 0 {
				if pm, ok := ports[0].(map[string]any); ok && pm["port"] != nil {
					ref["port"] = pm["port"]
				}
			}
			kept = append(kept, map[string]any{"type": "RequestMirror",
				"requestMirror": map[string]any{"backendRef": ref, "percent": int64(percent)}})
		}
		if len(kept) == 0 {
			delete(rm, "filters")
		} else {
			rm["filters"] = kept
		}
	}
	if managed == 0 {
		return fmt.Errorf("HTTPRoute %s has no rule that routes to %s: nothing to mirror", r.RouteName, svc)
	}
	// A merge patch of the rules only: the route's hostnames, parents and everything else stay
	// as their owners left them (a server-side apply of part of the route would drop the
	// fields Greenlight applied before and leaves out now).
	patch, err := json.Marshal(map[string]any{"spec": map[string]any{"rules": rules}})
	if err != nil {
		return err
	}
	return c.Patch(ctx, routeAPI, "HTTPRoute", r.RouteName, patch)
}

// Mirrorer is a dark launch's mirror (flags.Mirror) on Kubernetes: the route's RequestMirror
// filter, in the namespace of Cluster (the Kubernetes target's Cluster()).
type Mirrorer struct {
	Router  Router
	Cluster traffic.Cluster
}

// Mirror mirrors percent of the route's requests to rev; 0 stops.
func (m Mirrorer) Mirror(ctx context.Context, rev greenlight.Revision, percent int) error {
	return m.Router.Mirror(ctx, m.Cluster, traffic.Backend{ID: rev.ID}, percent)
}
