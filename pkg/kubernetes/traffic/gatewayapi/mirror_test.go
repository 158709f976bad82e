package gatewayapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// memCluster keeps objects in memory; Apply replaces the spec fields it is given, as a
// server-side apply by the only field manager does.
type memCluster struct {
	objs   map[string]*unstructured.Unstructured
	scaled []string // the Deployments Scale waited for, in order
	// log is every write and wait, in order ("patch Deployment/web-ccc", "scale web-ccc",
	// "patch HTTPRoute/web").
	log []string
}

// newMem is a cluster with route and the Deployments of revisions aaa, bbb and ccc (one
// container each, with an environment variable of its own).
func newMem(route *unstructured.Unstructured) *memCluster {
	m := &memCluster{objs: map[string]*unstructured.Unstructured{"HTTPRoute/web": route}}
	for _, id := range []string{"aaa", "bbb", "ccc"} {
		m.objs["Deployment/web-"+id] = &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
			"metadata": map[string]any{"name": "web-" + id}, "spec": map[string]any{"replicas": int64(2), "template": map[string]any{"spec": map[string]any{
				"containers": []any{map[string]any{"name": "web", "image": "r@sha256:" + id, "env": []any{map[string]any{"name": "PORT", "value": "8080"}},
					"ports": []any{map[string]any{"name": "http", "containerPort": int64(8080)}}}}}}}}}
		// The revision's Service as Prepare makes it: the app's, port 80 to the container's
		// port named http.
		m.objs["Service/web-"+id] = &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Service",
			"metadata": map[string]any{"name": "web-" + id}, "spec": map[string]any{"ports": []any{
				map[string]any{"name": "web", "port": int64(8080), "targetPort": "http"},
				map[string]any{"name": "metrics", "port": int64(9090), "targetPort": int64(9090)}}}}}
	}
	return m
}

// proxyImage is the shadow proxy's image in these tests.
const proxyImage = "ghcr.io/greenlight-cd/greenlight@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// router is the Router under test, named web, with the shadow proxy's image.
func router() Router { return Router{RouteName: "web", ShadowProxyImage: proxyImage} }

func (m *memCluster) RevisionDeployment(id string) string { return "web-" + id }

func (m *memCluster) Namespace() string { return "prod" }
func (m *memCluster) Apply(_ context.Context, o *unstructured.Unstructured) error {
	cur := m.objs[o.GetKind()+"/"+o.GetName()]
	if cur == nil {
		m.objs[o.GetKind()+"/"+o.GetName()] = o
		return nil
	}
	spec, _, _ := unstructured.NestedMap(o.Object, "spec")
	for k, v := range spec {
		unstructured.SetNestedField(cur.Object, v, "spec", k)
	}
	return nil
}
func (m *memCluster) Delete(context.Context, string, string, string) error { return nil }

// Patch applies a JSON merge patch (RFC 7386) to the object, as the API server does.
func (m *memCluster) Patch(_ context.Context, _, kind, name string, patch []byte) error {
	cur := m.objs[kind+"/"+name]
	if cur == nil {
		return fmt.Errorf("%s %s not found", kind, name)
	}
	var p map[string]any
	if err := json.Unmarshal(patch, &p); err != nil {
		return err
	}
	m.log = append(m.log, "patch "+kind+"/"+name)
	mergePatch(cur.Object, p)
	return nil
}

func mergePatch(dst, patch map[string]any) {
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
				dst[k] = d
			}
			mergePatch(d, pv)
		default:
			dst[k] = v
		}
	}
}
func (m *memCluster) Get(_ context.Context, _, kind, name string) (*unstructured.Unstructured, error) {
	o := m.objs[kind+"/"+name]
	if o == nil {
		return nil, fmt.Errorf("%s %s not found", kind, name)
	}
	return o.DeepCopy(), nil
}
func (m *memCluster) Scale(_ context.Context, d string, _ int32) error {
	m.scaled = append(m.scaled, d)
	m.log = append(m.log, "scale "+d)
	return nil
}

// Owns is the target's rule: web, or web-<ID> of a revision recorded (here aaa, bbb and ccc).
func (m *memCluster) Owns(name string) bool {
	return name == "web" || name == "web-aaa" || name == "web-bbb" || name == "web-ccc"
}
func (m *memCluster) Service() *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Service",
		"metadata": map[string]any{"name": "web"}, "spec": map[string]any{"ports": []any{map[string]any{"port": int64(8080)}}}}}
}

func route(t *testing.T) *unstructured.Unstructured {
	var o map[string]any
	err := json.Unmarshal([]byte(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"web","namespace":"prod"},
	 "spec":{"parentRefs":[{"name":"gw"}],"rules":[{"backendRefs":[{"kind":"Service","name":"web-aaa","port":8080,"weight":100}],
	 "filters":[{"type":"RequestHeaderModifier","requestHeaderModifier":{"set":[{"name":"x","value":"1"}]}},
	            {"type":"RequestMirror","requestMirror":{"backendRef":{"name":"audit","port":80}}}]}]}}`), &o)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: o}
}

// The mirror follows the Gateway API: a rule of its own (named greenlight-mirror-N, before the
// rule it copies) whose matches are the rule's restricted to GET, HEAD and OPTIONS, with the
// rule's backends and filters and a RequestMirror (backendRef to the shadow's Service and its
// port, and percent); both rules remove a client's Greenlight-Shadow header. Other filters and
// mirrors stay; 0 puts the rules back as they were.
func TestMirrorFilter(t *testing.T) {
	c := newMem(route(t))
	before, _ := json.Marshal(c.objs["HTTPRoute/web"].Object["spec"].(map[string]any)["rules"])
	r := router()
	if err := r.Mirror(context.Background(), c, backend("bbb"), 20); err != nil {
		t.Fatal(err)
	}
	if err := r.Mirror(context.Background(), c, backend("ccc"), 30); err != nil {
		t.Fatal(err)
	}
	filters, _, _ := unstructured.NestedSlice(c.objs["HTTPRoute/web"].Object, "spec", "rules")
	got, _ := json.Marshal(filters)
	want := `[{"backendRefs":[{"kind":"Service","name":"web-aaa","port":8080,"weight":100}],"filters":[{"requestHeaderModifier":{"remove":["Greenlight-Shadow"],"set":[{"name":"x","value":"1"}]},"type":"RequestHeaderModifier"},{"requestMirror":{"backendRef":{"name":"audit","port":80}},"type":"RequestMirror"},{"requestMirror":{"backendRef":{"group":"","kind":"Service","name":"web-ccc","port":8080},"percent":30},"type":"RequestMirror"}],"matches":[{"method":"GET","path":{"type":"PathPrefix","value":"/"}},{"method":"HEAD","path":{"type":"PathPrefix","value":"/"}},{"method":"OPTIONS","path":{"type":"PathPrefix","value":"/"}}],"name":"greenlight-mirror-1"},` +
		`{"backendRefs":[{"kind":"Service","name":"web-aaa","port":8080,"weight":100}],"filters":[{"requestHeaderModifier":{"remove":["Greenlight-Shadow"],"set":[{"name":"x","value":"1"}]},"type":"RequestHeaderModifier"},{"requestMirror":{"backendRef":{"name":"audit","port":80}},"type":"RequestMirror"}]}]`
	if string(got) != want {
		t.Fatalf("rules:\n got %s\nwant %s", got, want)
	}
	if err := r.Mirror(context.Background(), c, backend("ccc"), 0); err != nil {
		t.Fatal(err)
	}
	filters, _, _ = unstructured.NestedSlice(c.objs["HTTPRoute/web"].Object, "spec", "rules")
	got, _ = json.Marshal(filters)
	if string(got) != string(before) {
		t.Fatalf("after stop:\n got %s\nwant %s", got, before)
	}
	if err := r.Mirror(context.Background(), c, backend("ccc"), 101); err == nil {
		t.Fatal("101%")
	}
}

func routeOf(t *testing.T, rules string) *unstructured.Unstructured {
	var o map[string]any
	if err := json.Unmarshal([]byte(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"web","namespace":"prod"},"spec":{"rules":`+rules+`}}`), &o); err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: o}
}

// Matches with a method keep it if it is safe and are dropped if not; a mirror filter an older
// Greenlight put on the rule itself (for every method) is removed.
func TestMirrorOnlyCopiesSafeMethods(t *testing.T) {
	c := newMem(routeOf(t, `[
	  {"matches":[{"path":{"type":"Exact","value":"/orders"},"method":"POST"},{"path":{"type":"PathPrefix","value":"/orders"},"method":"GET","headers":[{"name":"x","value":"1"}]},{"path":{"type":"PathPrefix","value":"/cart"}}],
	   "backendRefs":[{"name":"web-aaa","port":8080}],
	   "filters":[{"type":"RequestMirror","requestMirror":{"backendRef":{"name":"web-bbb","port":8080}}}]},
	  {"matches":[{"path":{"type":"Exact","value":"/pay"},"method":"POST"}],"backendRefs":[{"name":"web-aaa","port":8080}]}]`))
	if err := router().Mirror(context.Background(), c, backend("ccc"), 100); err != nil {
		t.Fatal(err)
	}
	rules, _, _ := unstructured.NestedSlice(c.objs["HTTPRoute/web"].Object, "spec", "rules")
	got, _ := json.Marshal(rules)
	want := `[{"backendRefs":[{"name":"web-aaa","port":8080}],"filters":[{"requestHeaderModifier":{"remove":["Greenlight-Shadow"]},"type":"RequestHeaderModifier"},{"requestMirror":{"backendRef":{"group":"","kind":"Service","name":"web-ccc","port":8080},"percent":100},"type":"RequestMirror"}],` +
		`"matches":[{"headers":[{"name":"x","value":"1"}],"method":"GET","path":{"type":"PathPrefix","value":"/orders"}},{"method":"GET","path":{"type":"PathPrefix","value":"/cart"}},{"method":"HEAD","path":{"type":"PathPrefix","value":"/cart"}},{"method":"OPTIONS","path":{"type":"PathPrefix","value":"/cart"}}],"name":"greenlight-mirror-1"},` +
		`{"backendRefs":[{"name":"web-aaa","port":8080}],"filters":[{"requestHeaderModifier":{"remove":["Greenlight-Shadow"]},"type":"RequestHeaderModifier"}],"matches":[{"method":"POST","path":{"type":"Exact","value":"/orders"}},{"headers":[{"name":"x","value":"1"}],"method":"GET","path":{"type":"PathPrefix","value":"/orders"}},{"path":{"type":"PathPrefix","value":"/cart"}}]},` +
		`{"backendRefs":[{"name":"web-aaa","port":8080}],"filters":[{"requestHeaderModifier":{"remove":["Greenlight-Shadow"]},"type":"RequestHeaderModifier"}],"matches":[{"method":"POST","path":{"type":"Exact","value":"/pay"}}]}]`
	if string(got) != want {
		t.Fatalf("rules:\n got %s\nwant %s", got, want)
	}
}

// A mirror rule must not take requests another service's rule serves: with the same path, a
// method match now wins over that rule's header match, so the mirror is refused.
func TestMirrorRefusesToTakeAnotherRulesRequests(t *testing.T) {
	c := newMem(routeOf(t, `[
	  {"matches":[{"path":{"type":"PathPrefix","value":"/api"}}],"backendRefs":[{"name":"web-aaa","port":8080}]},
	  {"name":"beta","matches":[{"path":{"type":"PathPrefix","value":"/api"},"headers":[{"name":"x-beta","value":"1"}]}],"backendRefs":[{"name":"beta","port":80}]}]`))
	err := router().Mirror(context.Background(), c, backend("ccc"), 10)
	if err == nil || !strings.Contains(err.Error(), "the rule of beta matches the same path (PathPrefix /api)") {
		t.Fatalf("want a refusal naming the beta rule, got %v", err)
	}
	// Another path is no concern.
	c = newMem(routeOf(t, `[
	  {"matches":[{"path":{"type":"PathPrefix","value":"/api"}}],"backendRefs":[{"name":"web-aaa","port":8080}]},
	  {"name":"beta","matches":[{"path":{"type":"PathPrefix","value":"/beta"},"headers":[{"name":"x-beta","value":"1"}]}],"backendRefs":[{"name":"beta","port":80}]}]`))
	if err := router().Mirror(context.Background(), c, backend("ccc"), 10); err != nil {
		t.Fatal(err)
	}
}

// Issue 26: the Gateway API cannot set a header on the mirrored copy alone, so a mirrored
// request carried no marker a service could check on every gateway. The shadow's pods serve
// only mirrored requests: before the route mirrors anything to them, every container of the
// shadow's Deployment gets GREENLIGHT_SHADOW=1 (its other variables kept), and Mirror waits for
// every pod to be a marked one (Scale) before it patches the route. Stable is never marked;
// mirroring again changes nothing; a container that set the variable to something else is
// set to 1.
func TestMirrorMarksTheShadowPods(t *testing.T) {
	c := newMem(route(t))
	if err := router().Mirror(context.Background(), c, backend("ccc"), 20); err != nil {
		t.Fatal(err)
	}
	envOf := func(d string) string {
		cs, _, _ := unstructured.NestedSlice(c.objs["Deployment/"+d].Object, "spec", "template", "spec", "containers")
		b, _ := json.Marshal(cs[0].(map[string]any)["env"])
		return string(b)
	}
	if got, want := envOf("web-ccc"), `[{"name":"PORT","value":"8080"},{"name":"GREENLIGHT_SHADOW","value":"1"}]`; got != want {
		t.Errorf("the shadow's env: %s, want %s", got, want)
	}
	if got := envOf("web-aaa"); strings.Contains(got, ShadowEnv) {
		t.Errorf("stable was marked: %s", got)
	}
	if want := []string{"patch Deployment/web-ccc", "scale web-ccc", "patch Service/web-ccc", "patch HTTPRoute/web"}; strings.Join(c.log, ", ") != strings.Join(want, ", ") {
		t.Errorf("writes %q, want %q: the route mirrors only once every pod is marked", c.log, want)
	}
	c.log = nil
	if err := router().Mirror(context.Background(), c, backend("ccc"), 30); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(c.log, ","), "Deployment") {
		t.Errorf("mirroring again patched the Deployment again: %q", c.log)
	}
	unstructured.SetNestedSlice(c.objs["Deployment/web-bbb"].Object, []any{map[string]any{"name": "web", "env": []any{map[string]any{"name": "GREENLIGHT_SHADOW", "value": "0"}}, "ports": []any{map[string]any{"name": "http", "containerPort": int64(8080)}}}}, "spec", "template", "spec", "containers")
	if err := router().Mirror(context.Background(), c, backend("bbb"), 30); err != nil {
		t.Fatal(err)
	}
	if got := envOf("web-bbb"); got != `[{"name":"GREENLIGHT_SHADOW","value":"1"}]` {
		t.Errorf("a shadow whose manifests set the marker to 0: %s", got)
	}
	// A shadow whose Deployment cannot be read is not mirrored to.
	c = newMem(route(t))
	delete(c.objs, "Deployment/web-ccc")
	if err := router().Mirror(context.Background(), c, backend("ccc"), 20); err == nil || !strings.Contains(err.Error(), "nothing was mirrored") {
		t.Errorf("no Deployment: %v", err)
	}
	if strings.Contains(strings.Join(c.log, ","), "HTTPRoute") {
		t.Errorf("the route was patched with no marked shadow: %q", c.log)
	}
}

func backend(id string) traffic.Backend { return traffic.Backend{ID: id} }

// Issue 26: every mirrored request carries Greenlight-Shadow: 1 on every gateway. Mirror puts
// the shadow proxy (`greenlight shadow-proxy`, the image configured) in the shadow's pods,
// forwarding to the port the shadow's Service sent its first port to (here the container port
// named http, 8080), and only once every pod has it points that port (the one the mirror's
// backendRef names) at the proxy's named port; the other ports, stable, and stable's Service
// are untouched. Mirroring again adds nothing. Without an image pinned by digest, or with the
// proxy's port taken, nothing is written and nothing mirrored.
func TestMirrorPutsTheShadowProxyInFront(t *testing.T) {
	ctx := context.Background()
	c := newMem(route(t))
	if err := router().Mirror(ctx, c, backend("ccc"), 20); err != nil {
		t.Fatal(err)
	}
	containers := func(d string) []any {
		cs, _, _ := unstructured.NestedSlice(c.objs["Deployment/"+d].Object, "spec", "template", "spec", "containers")
		return cs
	}
	cs := containers("web-ccc")
	if len(cs) != 2 {
		t.Fatalf("the shadow's containers: %v", cs)
	}
	proxy := cs[1].(map[string]any)
	args, _ := json.Marshal(proxy["args"])
	ports, _ := json.Marshal(proxy["ports"])
	env, _ := json.Marshal(proxy["env"])
	if proxy["name"] != ShadowProxyContainer || proxy["image"] != proxyImage ||
		string(args) != `["shadow-proxy","--listen",":15380","--to","127.0.0.1:8080"]` ||
		string(ports) != `[{"containerPort":15380,"name":"gl-shadow","protocol":"TCP"}]` || string(env) != `[{"name":"GREENLIGHT_SHADOW","value":"1"}]` {
		t.Errorf("the shadow proxy: %v", proxy)
	}
	svcPorts := func(s string) string {
		p, _, _ := unstructured.NestedSlice(c.objs["Service/"+s].Object, "spec", "ports")
		b, _ := json.Marshal(p)
		return string(b)
	}
	if got, want := svcPorts("web-ccc"), `[{"name":"web","port":8080,"targetPort":"gl-shadow"},{"name":"metrics","port":9090,"targetPort":9090}]`; got != want {
		t.Errorf("the shadow's Service ports: %s, want %s", got, want)
	}
	rules, _, _ := unstructured.NestedSlice(c.objs["HTTPRoute/web"].Object, "spec", "rules")
	b, _ := json.Marshal(rules[0])
	if !strings.Contains(string(b), `"backendRef":{"group":"","kind":"Service","name":"web-ccc","port":8080}`) {
		t.Errorf("the mirror's backendRef is not the shadow Service's first port (the proxy's): %s", b)
	}
	if len(containers("web-aaa")) != 1 || svcPorts("web-aaa") != `[{"name":"web","port":8080,"targetPort":"http"},{"name":"metrics","port":9090,"targetPort":9090}]` {
		t.Errorf("stable was changed: %v %s", containers("web-aaa"), svcPorts("web-aaa"))
	}
	c.log = nil
	if err := router().Mirror(ctx, c, backend("ccc"), 50); err != nil {
		t.Fatal(err)
	}
	if len(containers("web-ccc")) != 2 || strings.Contains(strings.Join(c.log, ","), "Deployment") || strings.Contains(strings.Join(c.log, ","), "Service") {
		t.Errorf("mirroring again: %q, %d containers", c.log, len(containers("web-ccc")))
	}

	// A numeric targetPort is the app's port.
	unstructured.SetNestedSlice(c.objs["Service/web-bbb"].Object, []any{map[string]any{"port": int64(80), "targetPort": int64(3000)}}, "spec", "ports")
	if err := router().Mirror(ctx, c, backend("bbb"), 20); err != nil {
		t.Fatal(err)
	}
	if args, _ := json.Marshal(containers("web-bbb")[1].(map[string]any)["args"]); string(args) != `["shadow-proxy","--listen",":15380","--to","127.0.0.1:3000"]` {
		t.Errorf("numeric targetPort: %s", args)
	}

	for _, r := range []Router{{RouteName: "web"}, {RouteName: "web", ShadowProxyImage: "ghcr.io/greenlight-cd/greenlight:latest"}} {
		c = newMem(route(t))
		err := r.Mirror(ctx, c, backend("ccc"), 20)
		if err == nil || !strings.Contains(err.Error(), "ShadowProxyImage") || !strings.Contains(err.Error(), "nothing was mirrored") {
			t.Errorf("image %q: %v", r.ShadowProxyImage, err)
		}
		if len(c.log) != 0 {
			t.Errorf("image %q: written %q", r.ShadowProxyImage, c.log)
		}
	}
	c = newMem(route(t))
	unstructured.SetNestedSlice(c.objs["Deployment/web-ccc"].Object, []any{map[string]any{"name": "web", "ports": []any{
		map[string]any{"name": "http", "containerPort": int64(8080)}, map[string]any{"name": "admin", "containerPort": int64(15380)}}}}, "spec", "template", "spec", "containers")
	if err := router().Mirror(ctx, c, backend("ccc"), 20); err == nil || !strings.Contains(err.Error(), "ShadowProxyPort") || len(c.log) != 0 {
		t.Errorf("the proxy's port taken: %v, written %q", err, c.log)
	}
	r := router()
	r.ShadowProxyPort = 15999
	if err := r.Mirror(ctx, c, backend("ccc"), 20); err != nil {
		t.Fatal(err)
	}
	if args, _ := json.Marshal(containers("web-ccc")[1].(map[string]any)["args"]); string(args) != `["shadow-proxy","--listen",":15999","--to","127.0.0.1:8080"]` {
		t.Errorf("ShadowProxyPort 15999: %s", args)
	}
}
