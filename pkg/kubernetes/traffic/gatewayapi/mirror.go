package gatewayapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// SafeMethods are the only methods a mirror copies: requests that, by HTTP's definition
// (RFC 9110, section 9.2.1), ask for no change on the server, so that a shadow never repeats a
// write.
var SafeMethods = []string{"GET", "HEAD", "OPTIONS"}

// ShadowHeader is the header the local router sets on mirrored requests. The Gateway API has
// no way to set a header on the mirrored copy only (a RequestHeaderModifier of a rule changes
// the request the live backend gets too), so on Kubernetes the marker is the gateway's own:
// Envoy-based gateways (Envoy Gateway, Istio, Contour) suffix the Host (:authority) of a
// mirrored request with "-shadow". The mirror rules remove ShadowHeader from the requests
// they route, so a client cannot send it to the live service while it is mirrored.
const ShadowHeader = "Greenlight-Shadow"

// mirrorRulePrefix names the rules Mirror adds (HTTPRouteRule.name, Gateway API v1.2+), so that
// it finds and replaces them and no other.
const mirrorRulePrefix = "greenlight-mirror-"

// Mirror copies percent (0–100) of the safe requests (GET, HEAD, OPTIONS) of the route's rules
// that route to this service to shadow's Service with the Gateway API's RequestMirror filter
// (its percent field is GEP-3171, in the standard channel since Gateway API v1.3); the gateway
// discards the shadow's responses. A request with any other method is never mirrored: a
// shadow sharing a database with stable must not repeat a write.
//
// For each rule that routes to the service, Mirror adds a rule of its own, named
// greenlight-mirror-N, placed just before it: the same matches, each restricted to one safe
// method (HTTPRouteMatch.method), the same backends and filters, and the RequestMirror filter.
// A match with a method wins over the same path without one (the Gateway API's precedence:
// exact path, longest prefix, then method), so GET, HEAD and OPTIONS requests take the mirror
// rule and every other method the original one, which is left without a mirror. A route where
// this would take requests from another service's rule (the same path, which now loses to the
// method match) is refused. Every rule it touches removes the Greenlight-Shadow header from the
// requests it routes. Percent 0 removes the mirror rules and what Mirror added to the others;
// other filters of the rules, and mirrors to Services that are not one of this service's
// revisions, are kept. shadow's Service is the one Prepare made.
func (r Router) Mirror(ctx context.Context, c traffic.Cluster, shadow traffic.Backend, percent int) error {
	if percent < 0 || percent > 100 {
		return fmt.Errorf("mirror share %d%%: a percentage from 0 to 100", percent)
	}
	for attempt := 0; ; attempt++ {
		route, err := c.Get(ctx, routeAPI, "HTTPRoute", r.RouteName)
		if err != nil {
			return fmt.Errorf("HTTPRoute %s: %w (is the Gateway API CRD installed, and the route in the manifests?)", r.RouteName, err)
		}
		rules, err := r.mirrored(c, route, shadow, percent)
		if err != nil {
			return err
		}
		// A merge patch of the rules only, on the version read: the route's hostnames, parents
		// and everything else stay as their owners left them.
		patch, err := json.Marshal(map[string]any{
			"metadata": map[string]any{"resourceVersion": route.GetResourceVersion()},
			"spec":     map[string]any{"rules": rules},
		})
		if err != nil {
			return err
		}
		err = c.Patch(ctx, routeAPI, "HTTPRoute", r.RouteName, patch)
		if apierrors.IsConflict(err) && attempt < 10 {
			continue // someone changed the route since it was read: read it again
		}
		return err
	}
}

// mirrored returns the route's rules with the mirror rules for shadow at percent (none at 0).
func (r Router) mirrored(c traffic.Cluster, route *unstructured.Unstructured, shadow traffic.Backend, percent int) ([]any, error) {
	ports, _, _ := unstructured.NestedSlice(c.Service().Object, "spec", "ports")
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	if len(rules) == 0 {
		return nil, fmt.Errorf("HTTPRoute %s has no rules to mirror: route traffic to the service first", r.RouteName)
	}
	svc, shadowSvc := c.Service().GetName(), serviceName(c, shadow)
	ourMirror := func(f any) bool {
		fm, _ := f.(map[string]any)
		if fm["type"] != "RequestMirror" {
			return false
		}
		name, _, _ := unstructured.NestedString(fm, "requestMirror", "backendRef", "name")
		return name != svc && (c.Owns(name) || name == shadowSvc)
	}
	var out, others []any
	var bases []map[string]any
	managed := 0
	for i := range rules {
		rm, ok := rules[i].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("HTTPRoute %s: rule %d is not an object", r.RouteName, i+1)
		}
		if name, _ := rm["name"].(string); strings.HasPrefix(name, mirrorRulePrefix) {
			continue // one of ours: rebuilt below
		}
		if !routesTo(c, rm) {
			out = append(out, rm)
			others = append(others, rm)
			continue
		}
		managed++
		// Drop our mirror filters (a Greenlight before issue 26 put them on the rule itself,
		// for every method) and our removal of the marker.
		filters, _, _ := unstructured.NestedSlice(rm, "filters")
		var kept []any
		for _, f := range filters {
			if ourMirror(f) {
				continue
			}
			kept = append(kept, withoutMarkerRemoval(f))
		}
		kept = compact(kept)
		if percent == 0 {
			setFilters(rm, kept)
			out = append(out, rm)
			continue
		}
		mr := runtime.DeepCopyJSONValue(rm).(map[string]any)
		delete(mr, "name")
		mr["name"] = mirrorRulePrefix + strconv.Itoa(managed)
		matches, err := safeMatches(rm)
		if err != nil {
			return nil, fmt.Errorf("HTTPRoute %s: rule %d: %w", r.RouteName, i+1, err)
		}
		setFilters(rm, withMarkerRemoval(kept))
		if len(matches) > 0 {
			ref := map[string]any{"group": "", "kind": "Service", "name": shadowSvc}
			if len(ports) > 0 {
				if pm, ok := ports[0].(map[string]any); ok && pm["port"] != nil {
					ref["port"] = pm["port"]
				}
			}
			mf := withMarkerRemoval(runtime.DeepCopyJSONValue(kept).([]any))
			mf = append(mf, map[string]any{"type": "RequestMirror",
				"requestMirror": map[string]any{"backendRef": ref, "percent": int64(percent)}})
			mr["matches"] = matches
			setFilters(mr, mf)
			out = append(out, mr) // before the rule it copies: a tie goes to the first rule
			bases = append(bases, rm)
		}
		out = append(out, rm)
	}
	if managed == 0 {
		return nil, fmt.Errorf("HTTPRoute %s has no rule that routes to %s: nothing to mirror", r.RouteName, svc)
	}
	if err := r.noneTaken(bases, others); err != nil {
		return nil, err
	}
	return out, nil
}

// routesTo says whether one of the rule's backendRefs is the service or one of its revisions.
func routesTo(c traffic.Cluster, rm map[string]any) bool {
	refs, _, _ := unstructured.NestedSlice(rm, "backendRefs")
	for _, b := range refs {
		if bm, ok := b.(map[string]any); ok {
			if name, _ := bm["name"].(string); c.Owns(name) {
				return true
			}
		}
	}
	return false
}

// safeMatches is the rule's matches restricted to the safe methods: each match without a method
// once per safe method, a match of a safe method as it is, a match of another method dropped.
// No matches is the Gateway API's default, every path (a PathPrefix match on "/").
func safeMatches(rm map[string]any) ([]any, error) {
	matches, _, _ := unstructured.NestedSlice(rm, "matches")
	if len(matches) == 0 {
		matches = []any{map[string]any{"path": map[string]any{"type": "PathPrefix", "value": "/"}}}
	}
	var out []any
	for _, m := range matches {
		mm, _ := m.(map[string]any)
		if mm == nil {
			continue
		}
		if method, _ := mm["method"].(string); method != "" {
			if isSafe(method) {
				out = append(out, runtime.DeepCopyJSONValue(mm))
			}
			continue
		}
		for _, method := range SafeMethods {
			c := runtime.DeepCopyJSONValue(mm).(map[string]any)
			c["method"] = method
			out = append(out, c)
		}
	}
	if len(out) > 64 {
		return nil, fmt.Errorf("%d matches, and mirroring only GET, HEAD and OPTIONS needs %d, over the Gateway API's 64 per rule: split the rule", len(matches), len(out))
	}
	return out, nil
}

func isSafe(method string) bool {
	for _, m := range SafeMethods {
		if m == method {
			return true
		}
	}
	return false
}

// noneTaken refuses mirror rules that would take requests another service's rule of the route
// serves: the same path, where the other rule won before on headers, query parameters or its
// place in the list, and now loses to the mirror rule's method match.
func (r Router) noneTaken(bases []map[string]any, others []any) error {
	for _, o := range others {
		om, _ := o.(map[string]any)
		oms, _, _ := unstructured.NestedSlice(om, "matches")
		for _, b := range bases {
			bms, _, _ := unstructured.NestedSlice(b, "matches")
			if len(bms) == 0 {
				bms = []any{map[string]any{}}
			}
			for _, bm := range bms {
				for _, x := range oms {
					xm, _ := x.(map[string]any)
					bmm, _ := bm.(map[string]any)
					if xm == nil || bmm == nil || pathOf(xm) != pathOf(bmm) {
						continue
					}
					if method, _ := xm["method"].(string); method != "" {
						if !isSafe(method) {
							continue
						}
						// The other rule's method match beat ours; the mirror's matches the
						// same method and wins if it has as many headers or more.
						if count(bmm, "headers") < count(xm, "headers") {
							continue
						}
					}
					name, _ := om["name"].(string)
					if name == "" {
						name = fmt.Sprintf("%v", om["backendRefs"])
					}
					return fmt.Errorf("HTTPRoute %s: the rule of %s matches the same path (%s) as the service's rule, and the mirror's per-method rule would take its GET, HEAD and OPTIONS requests (a method match wins over headers and order in the Gateway API's precedence); give the service a path of its own, or the other rule a method match, to dark-launch here",
						r.RouteName, name, pathOf(xm))
				}
			}
		}
	}
	return nil
}

func pathOf(m map[string]any) string {
	t, _, _ := unstructured.NestedString(m, "path", "type")
	v, _, _ := unstructured.NestedString(m, "path", "value")
	if t == "" {
		t = "PathPrefix"
	}
	if v == "" {
		v = "/"
	}
	return t + " " + v
}

func count(m map[string]any, field string) int {
	l, _ := m[field].([]any)
	return len(l)
}

// withMarkerRemoval adds ShadowHeader to the removals of the filters' RequestHeaderModifier
// (there may be only one per rule), adding one if there is none.
func withMarkerRemoval(filters []any) []any {
	for _, f := range filters {
		fm, _ := f.(map[string]any)
		if fm["type"] != "RequestHeaderModifier" {
			continue
		}
		mod, _ := fm["requestHeaderModifier"].(map[string]any)
		if mod == nil {
			mod = map[string]any{}
			fm["requestHeaderModifier"] = mod
		}
		rm, _ := mod["remove"].([]any)
		for _, h := range rm {
			if s, _ := h.(string); strings.EqualFold(s, ShadowHeader) {
				return filters
			}
		}
		mod["remove"] = append(rm, ShadowHeader)
		return filters
	}
	return append(filters, map[string]any{"type": "RequestHeaderModifier",
		"requestHeaderModifier": map[string]any{"remove": []any{ShadowHeader}}})
}

// withoutMarkerRemoval undoes withMarkerRemoval on one filter; a modifier left with nothing to
// do is marked for compact to drop.
func withoutMarkerRemoval(f any) any {
	fm, _ := f.(map[string]any)
	if fm["type"] != "RequestHeaderModifier" {
		return f
	}
	mod, _ := fm["requestHeaderModifier"].(map[string]any)
	rm, _ := mod["remove"].([]any)
	var kept []any
	for _, h := range rm {
		if s, _ := h.(string); s != ShadowHeader {
			kept = append(kept, h)
		}
	}
	if len(kept) == len(rm) {
		return f
	}
	if len(kept) == 0 {
		delete(mod, "remove")
	} else {
		mod["remove"] = kept
	}
	if len(mod) == 0 {
		return nil
	}
	return fm
}

func compact(filters []any) []any {
	out := []any{}
	for _, f := range filters {
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

func setFilters(rm map[string]any, filters []any) {
	if len(filters) == 0 {
		delete(rm, "filters")
		return
	}
	rm["filters"] = filters
}

// Mirrorer is a dark launch's mirror (flags.Mirror) on Kubernetes: the route's RequestMirror
// filter, in the namespace of Cluster (the Kubernetes target's Cluster()).
type Mirrorer struct {
	Router  Router
	Cluster traffic.Cluster
	// Metrics counts what stable and the shadow served of the mirrored methods only (GET,
	// HEAD and OPTIONS), so that the dark launch compares them on the same requests: such as
	// a prometheus.Source whose Contract.Selector adds the method label's matcher
	// (method=~"GET|HEAD|OPTIONS"). Without it the dark launch refuses to start.
	Metrics greenlight.Metrics
}

// Mirror mirrors percent of the route's safe requests to rev; 0 stops.
func (m Mirrorer) Mirror(ctx context.Context, rev greenlight.Revision, percent int) error {
	return m.Router.Mirror(ctx, m.Cluster, traffic.Backend{ID: rev.ID}, percent)
}

// SafeMetrics implements flags.Mirror: Metrics.
func (m Mirrorer) SafeMetrics() greenlight.Metrics { return m.Metrics }
