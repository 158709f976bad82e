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
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi/shadowproxy"
	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// SafeMethods are the only methods a mirror copies: requests that, by HTTP's definition
// (RFC 9110, section 9.2.1), ask for no change on the server, so that a shadow never repeats a
// write.
var SafeMethods = []string{"GET", "HEAD", "OPTIONS"}

// ShadowHeader is the per-request shadow marker: every mirrored request carries
// "Greenlight-Shadow: 1", on every target. The Gateway API has no way to set a header on the
// mirrored copy only (HTTPRequestMirrorFilter has a backendRef and a percent or fraction, no
// header modifier; a rule's RequestHeaderModifier changes the request the live backend gets
// too), so Mirror puts a proxy in the shadow's pods (ShadowProxyContainer, running `greenlight
// shadow-proxy`) that every mirrored request goes through and that sets it, replacing whatever
// a client sent. The mirror rules also remove it from the requests they route to the live
// service, so a client cannot send it to stable while it is mirrored.
const ShadowHeader = shadowproxy.Header

// ShadowEnv is the environment variable Mirror sets to "1" in every container of the shadow's
// pods before any request is mirrored to them, a second marker beside ShadowHeader. The
// shadow's pods serve only mirrored requests (its Service is the mirror's backendRef and no
// rule routes to it), so a process that sees GREENLIGHT_SHADOW=1 knows that every request it
// serves is a mirrored copy, on every gateway, whatever the gateway marks.
const ShadowEnv = "GREENLIGHT_SHADOW"

// ShadowProxyContainer is the name of the sidecar Mirror adds to the shadow's pods, and
// ShadowProxyPortName the name of its port, which the shadow's Service targets.
const (
	ShadowProxyContainer = "greenlight-shadow-proxy"
	ShadowProxyPortName  = "gl-shadow"
)

// DefaultShadowProxyPort is the port the sidecar listens on when Router.ShadowProxyPort is 0
// (outside the 15000–15090 range Istio's sidecar takes).
const DefaultShadowProxyPort = 15380

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
//
// Before the route mirrors anything to shadow, its pods are marked: each gets the sidecar
// ShadowProxyContainer (image Router.ShadowProxyImage, `greenlight shadow-proxy --listen
// :PORT --to 127.0.0.1:APP`, APP being the port the shadow's Service sent its first port to),
// which forwards every request to the app with ShadowHeader: 1, and ShadowEnv=1 in every
// container; Mirror waits (through Cluster.Scale, as `kubectl rollout status` does) until every
// pod of the Deployment is a marked one, and only then points the first port of the shadow's
// Service (the port the mirror's backendRef names) at the sidecar's named port
// (ShadowProxyPortName), so that only pods with the proxy are its endpoints. Without
// ShadowProxyImage it refuses and mirrors nothing. Percent 0 leaves the marker: the shadow
// serves nothing afterwards, and a dark launch removes it.
func (r Router) Mirror(ctx context.Context, c traffic.Cluster, shadow traffic.Backend, percent int) error {
	if percent < 0 || percent > 100 {
		return fmt.Errorf("mirror share %d%%: a percentage from 0 to 100", percent)
	}
	if percent > 0 {
		if err := r.markShadow(ctx, c, shadow); err != nil {
			return err
		}
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

// markShadow adds the shadow proxy to shadow's Deployment's pod template and sets ShadowEnv=1
// in every container (a merge patch on the version read, retried on conflict; nothing when it is
// all there), waits until all of its pods are the marked ones, then sends the first port of
// shadow's Service to the proxy.
func (r Router) markShadow(ctx context.Context, c traffic.Cluster, shadow traffic.Backend) error {
	const what = "marking the shadow's pods"
	if _, err := oci.ParseImage(r.ShadowProxyImage); err != nil {
		return fmt.Errorf("%s: gatewayapi.Router.ShadowProxyImage: %v; set it to Greenlight's image pinned by digest (ghcr.io/greenlight-cd/greenlight@sha256:…, which runs `greenlight shadow-proxy`) so that every mirrored request carries %s: 1; nothing was mirrored", what, err, ShadowHeader)
	}
	proxyPort := int64(r.ShadowProxyPort)
	if proxyPort == 0 {
		proxyPort = DefaultShadowProxyPort
	}
	if proxyPort < 1 || proxyPort > 65535 {
		return fmt.Errorf("%s: gatewayapi.Router.ShadowProxyPort %d: a port from 1 to 65535; nothing was mirrored", what, proxyPort)
	}
	name := shadow.Deployment
	if name == "" {
		name = c.RevisionDeployment(shadow.ID)
	}
	svcName := serviceName(c, shadow)
	for attempt := 0; ; attempt++ {
		svc, err := c.Get(ctx, "v1", "Service", svcName)
		if err != nil {
			return fmt.Errorf("%s: Service %s: %w; nothing was mirrored", what, svcName, err)
		}
		d, err := c.Get(ctx, "apps/v1", "Deployment", name)
		if err != nil {
			return fmt.Errorf("%s with %s=1: Deployment %s: %w; nothing was mirrored", what, ShadowEnv, name, err)
		}
		containers, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
		if len(containers) == 0 {
			return fmt.Errorf("%s with %s=1: Deployment %s has no containers; nothing was mirrored", what, ShadowEnv, name)
		}
		ports, _, _ := unstructured.NestedSlice(svc.Object, "spec", "ports")
		if len(ports) == 0 {
			return fmt.Errorf("%s: Service %s has no port for the mirror; nothing was mirrored", what, svcName)
		}
		first, _ := ports[0].(map[string]any)
		changed := false
		if findContainer(containers, ShadowProxyContainer) == nil {
			app, err := appPort(first, containers)
			if err != nil {
				return fmt.Errorf("%s: Service %s: %v; nothing was mirrored", what, svcName, err)
			}
			if err := portFree(containers, proxyPort); err != nil {
				return fmt.Errorf("%s: Deployment %s: %v; set gatewayapi.Router.ShadowProxyPort to a free port; nothing was mirrored", what, name, err)
			}
			containers = append(containers, r.sidecar(proxyPort, app))
			changed = true
		}
		for _, ct := range containers {
			if cm, _ := ct.(map[string]any); cm != nil && withShadowEnv(cm) {
				changed = true
			}
		}
		replicas, found, _ := unstructured.NestedInt64(d.Object, "spec", "replicas")
		if !found {
			replicas = 1
		}
		if changed {
			patch, err := json.Marshal(map[string]any{
				"metadata": map[string]any{"resourceVersion": d.GetResourceVersion()},
				"spec":     map[string]any{"template": map[string]any{"spec": map[string]any{"containers": containers}}},
			})
			if err != nil {
				return err
			}
			err = c.Patch(ctx, "apps/v1", "Deployment", name, patch)
			if apierrors.IsConflict(err) && attempt < 10 {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s with the shadow proxy and %s=1: %w; nothing was mirrored", what, ShadowEnv, err)
			}
		}
		// Every pod is a marked one before the route mirrors a request to them.
		if err := c.Scale(ctx, name, int32(replicas)); err != nil {
			return fmt.Errorf("waiting for the shadow's pods with the shadow proxy and %s=1: %w; nothing was mirrored", ShadowEnv, err)
		}
		if first["targetPort"] == ShadowProxyPortName {
			return nil
		}
		first["targetPort"] = ShadowProxyPortName
		patch, err := json.Marshal(map[string]any{
			"metadata": map[string]any{"resourceVersion": svc.GetResourceVersion()},
			"spec":     map[string]any{"ports": ports},
		})
		if err != nil {
			return err
		}
		err = c.Patch(ctx, "v1", "Service", svcName, patch)
		if apierrors.IsConflict(err) && attempt < 10 {
			continue
		}
		if err != nil {
			return fmt.Errorf("pointing Service %s at the shadow proxy: %w; nothing was mirrored", svcName, err)
		}
		return nil
	}
}

// sidecar is the shadow proxy's container: the greenlight binary's shadow-proxy, forwarding
// from port to the app on 127.0.0.1:app, with little of the pod's resources and no privilege.
func (r Router) sidecar(port, app int64) map[string]any {
	return map[string]any{
		"name":  ShadowProxyContainer,
		"image": r.ShadowProxyImage,
		"args": []any{"shadow-proxy", "--listen", ":" + strconv.FormatInt(port, 10),
			"--to", "127.0.0.1:" + strconv.FormatInt(app, 10)},
		"ports": []any{map[string]any{"name": ShadowProxyPortName, "containerPort": port, "protocol": "TCP"}},
		"env":   []any{map[string]any{"name": ShadowEnv, "value": "1"}},
		"readinessProbe": map[string]any{"tcpSocket": map[string]any{"port": ShadowProxyPortName},
			"periodSeconds": int64(5)},
		"resources": map[string]any{
			"requests": map[string]any{"cpu": "10m", "memory": "32Mi"},
			"limits":   map[string]any{"memory": "128Mi"},
		},
		"securityContext": map[string]any{
			"runAsNonRoot": true, "runAsUser": int64(65532), "allowPrivilegeEscalation": false,
			"readOnlyRootFilesystem": true, "capabilities": map[string]any{"drop": []any{"ALL"}},
			"seccompProfile": map[string]any{"type": "RuntimeDefault"},
		},
	}
}

// appPort is the container port the Service port p sends to: its targetPort, a number or the
// name of a container port, or the port itself when it has none.
func appPort(p map[string]any, containers []any) (int64, error) {
	switch t := p["targetPort"].(type) {
	case nil:
		if n, ok := p["port"].(int64); ok {
			return n, nil
		}
	case int64:
		return t, nil
	case string:
		if t == ShadowProxyPortName {
			return 0, fmt.Errorf("the first port targets %s, but the Deployment has no %s container: its app port is unknown", t, ShadowProxyContainer)
		}
		for _, ct := range containers {
			cm, _ := ct.(map[string]any)
			ps, _ := cm["ports"].([]any)
			for _, cp := range ps {
				pm, _ := cp.(map[string]any)
				if pm["name"] == t {
					if n, ok := pm["containerPort"].(int64); ok {
						return n, nil
					}
				}
			}
		}
		return 0, fmt.Errorf("the first port's targetPort %q is the name of no container port", t)
	}
	return 0, fmt.Errorf("the first port has no port number (%v)", p)
}

// portFree says why the pod cannot take the proxy on port: a container already declares it or
// the proxy's port name.
func portFree(containers []any, port int64) error {
	for _, ct := range containers {
		cm, _ := ct.(map[string]any)
		ps, _ := cm["ports"].([]any)
		for _, cp := range ps {
			pm, _ := cp.(map[string]any)
			if n, _ := pm["containerPort"].(int64); n == port {
				return fmt.Errorf("container %v already uses port %d, the shadow proxy's", cm["name"], port)
			}
			if pm["name"] == ShadowProxyPortName {
				return fmt.Errorf("container %v already has a port named %s, the shadow proxy's", cm["name"], ShadowProxyPortName)
			}
		}
	}
	return nil
}

func findContainer(containers []any, name string) map[string]any {
	for _, ct := range containers {
		if cm, _ := ct.(map[string]any); cm != nil && cm["name"] == name {
			return cm
		}
	}
	return nil
}

// withShadowEnv sets ShadowEnv=1 in the container cm and reports whether it changed it.
func withShadowEnv(cm map[string]any) bool {
	env, _ := cm["env"].([]any)
	found, changed := false, false
	for i, e := range env {
		em, _ := e.(map[string]any)
		if em == nil || em["name"] != ShadowEnv {
			continue
		}
		found = true
		if v, _ := em["value"].(string); v != "1" || em["valueFrom"] != nil {
			env[i] = map[string]any{"name": ShadowEnv, "value": "1"}
			changed = true
		}
	}
	if !found {
		env = append(env, map[string]any{"name": ShadowEnv, "value": "1"})
		changed = true
	}
	cm["env"] = env
	return changed
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
