package gatewayapi

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// memCluster keeps objects in memory; Apply replaces the spec fields it is given, as a
// server-side apply by the only field manager does.
type memCluster struct {
	objs map[string]*unstructured.Unstructured
}

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
func (m *memCluster) Scale(context.Context, string, int32) error { return nil }

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

// The filter follows the Gateway API's HTTPRequestMirrorFilter: backendRef to the shadow's
// Service and its port, and percent; other filters and mirrors stay; 0 removes ours only.
func TestMirrorFilter(t *testing.T) {
	c := &memCluster{objs: map[string]*unstructured.Unstructured{"HTTPRoute/web": route(t)}}
	r := New("web")
	if err := r.Mirror(context.Background(), c, backend("bbb"), 20); err != nil {
		t.Fatal(err)
	}
	if err := r.Mirror(context.Background(), c, backend("ccc"), 30); err != nil {
		t.Fatal(err)
	}
	filters, _, _ := unstructured.NestedSlice(c.objs["HTTPRoute/web"].Object, "spec", "rules")
	got, _ := json.Marshal(filters)
	want := `[{"backendRefs":[{"kind":"Service","name":"web-aaa","port":8080,"weight":100}],"filters":[{"requestHeaderModifier":{"set":[{"name":"x","value":"1"}]},"type":"RequestHeaderModifier"},{"requestMirror":{"backendRef":{"name":"audit","port":80}},"type":"RequestMirror"},{"requestMirror":{"backendRef":{"group":"","kind":"Service","name":"web-ccc","port":8080},"percent":30},"type":"RequestMirror"}]}]`
	if string(got) != want {
		t.Fatalf("rules:\n got %s\nwant %s", got, want)
	}
	if err := r.Mirror(context.Background(), c, backend("ccc"), 0); err != nil {
		t.Fatal(err)
	}
	filters, _, _ = unstructured.NestedSlice(c.objs["HTTPRoute/web"].Object, "spec", "rules")
	got, _ = json.Marshal(filters)
	if want := `[{"backendRefs":[{"kind":"Service","name":"web-aaa","port":8080,"weight":100}],"filters":[{"requestHeaderModifier":{"set":[{"name":"x","value":"1"}]},"type":"RequestHeaderModifier"},{"requestMirror":{"backendRef":{"name":"audit","port":80}},"type":"RequestMirror"}]}]`; string(got) != want {
		t.Fatalf("after stop:\n got %s\nwant %s", got, want)
	}
	if err := r.Mirror(context.Background(), c, backend("ccc"), 101); err == nil {
		t.Fatal("101%")
	}
}

func backend(id string) traffic.Backend { return traffic.Backend{ID: id} }
