// Package gatewayapi splits traffic with a Gateway API HTTPRoute: one Service per revision, and
// the route's backendRefs weighted between stable and canary.
package gatewayapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

const routeAPI = "gateway.networking.k8s.io/v1"

// Router weights the backendRefs of one HTTPRoute.
type Router struct {
	// Route is the HTTPRoute's name (it must be in the manifests or in the namespace).
	RouteName string
	// ShadowProxyImage is the image of the sidecar Mirror puts in a shadow's pods so that every
	// mirrored request carries Greenlight-Shadow: 1: Greenlight's own image as its release
	// publishes it (ghcr.io/greenlight-cd/greenlight, which runs `greenlight shadow-proxy`), or
	// any image whose entrypoint is the greenlight binary, pinned by digest (repo@sha256:…).
	// There is no default: a dark launch on the Gateway API is refused without it, before
	// anything is mirrored. Routing a canary does not use it.
	ShadowProxyImage string
	// ShadowProxyPort is the port the sidecar listens on in the shadow's pods (default
	// DefaultShadowProxyPort); no container of the pod may use it.
	ShadowProxyPort int32
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

// Route implements traffic.Router. It changes only the backendRefs of the rules it manages —
// those whose every backendRef is the service's Service or one of its revisions' (exactly the
// app's name, or app-<ID> of a revision Greenlight recorded: a Service hello-docs is another
// service's, however its name begins) — and keeps
// everything else of the route (hostnames, parentRefs, matches, filters, other rules, fields
// other controllers own). A route with no such rule, or a rule that mixes the service with
// other backends, is refused: splitting it would send someone else's traffic to a canary. The
// change is a merge patch on the resourceVersion read, retried from a fresh read on conflict.
func (r Router) Route(ctx context.Context, c traffic.Cluster, stable traffic.Backend, canary *traffic.Backend, percent int) (int, error) {
	if canary == nil {
		percent = 0
	}
	for attempt := 0; ; attempt++ {
		route, err := c.Get(ctx, routeAPI, "HTTPRoute", r.RouteName)
		if err != nil {
			return 0, fmt.Errorf("HTTPRoute %s: %w (is the Gateway API CRD installed, and the route in the manifests?)", r.RouteName, err)
		}
		rules, err := r.weighted(c, route, stable, canary, percent)
		if err != nil {
			return 0, err
		}
		patch, _ := json.Marshal(map[string]any{
			"metadata": map[string]any{"resourceVersion": route.GetResourceVersion()},
			"spec":     map[string]any{"rules": rules},
		})
		err = c.Patch(ctx, routeAPI, "HTTPRoute", r.RouteName, patch)
		if apierrors.IsConflict(err) && attempt < 10 {
			continue // someone changed the route since it was read: read it again
		}
		if err != nil {
			return 0, err
		}
		return percent, nil
	}
}

// weighted returns the route's rules with the managed rules' backendRefs set to stable and
// canary.
func (r Router) weighted(c traffic.Cluster, route *unstructured.Unstructured, stable traffic.Backend, canary *traffic.Backend, percent int) ([]any, error) {
	app := c.Service().GetName()
	port, _, _ := unstructured.NestedSlice(c.Service().Object, "spec", "ports")
	var portNum any
	if len(port) > 0 {
		portNum = port[0].(map[string]any)["port"]
	}
	ours := func(ref map[string]any) bool {
		name, _ := ref["name"].(string)
		kind, _ := ref["kind"].(string)
		group, _ := ref["group"].(string)
		ns, _ := ref["namespace"].(string)
		return (kind == "" || kind == "Service") && group == "" && (ns == "" || ns == c.Namespace()) &&
			c.Owns(name)
	}
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	managed := 0
	for i, rule := range rules {
		rm, ok := rule.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("HTTPRoute %s: rule %d is not a mapping", r.RouteName, i+1)
		}
		refs, _ := rm["backendRefs"].([]any)
		var mine, others []string
		var template map[string]any
		for _, ref := range refs {
			m, _ := ref.(map[string]any)
			if m == nil {
				continue
			}
			if ours(m) {
				mine = append(mine, fmt.Sprint(m["name"]))
				if template == nil {
					template = m
				}
			} else {
				others = append(others, fmt.Sprint(m["name"]))
			}
		}
		switch {
		case len(mine) == 0:
			continue // another service's rule: left as it is
		case len(others) > 0:
			return nil, fmt.Errorf("HTTPRoute %s: rule %d sends traffic to %s and also to %s; Greenlight splits only rules that serve %s alone: give %s a rule of its own",
				r.RouteName, i+1, strings.Join(mine, ", "), strings.Join(others, ", "), app, app)
		}
		ref := func(b traffic.Backend, w int) any {
			m := map[string]any{}
			for k, v := range template {
				if k != "namespace" {
					m[k] = v
				}
			}
			m["group"], m["kind"], m["name"], m["weight"] = "", "Service", serviceName(c, b), int64(w)
			if _, ok := m["port"]; !ok && portNum != nil {
				m["port"] = portNum
			}
			return m
		}
		weighted := []any{ref(stable, 100-percent)}
		if canary != nil {
			weighted = append(weighted, ref(*canary, percent))
		}
		rm["backendRefs"] = weighted
		managed++
	}
	if managed == 0 {
		return nil, fmt.Errorf("HTTPRoute %s has no rule whose backendRefs point at Service %s: Greenlight changes only the weights of such rules; add one, or name the right route in gatewayapi.New", r.RouteName, app)
	}
	return rules, nil
}

// Release implements traffic.Router: it deletes b's Service.
func (r Router) Release(ctx context.Context, c traffic.Cluster, b traffic.Backend) error {
	return c.Delete(ctx, "v1", "Service", serviceName(c, b))
}
