package kubernetes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

func hello(t *testing.T, env string) Manifests {
	t.Helper()
	root := filepath.Join(testutil.ModuleRoot(), "testdata", "k8s", "hello")
	overlay := ""
	if env != "" {
		overlay = filepath.Join(root, "overlays", env)
	}
	m, err := LoadManifests(filepath.Join(root, "base"), overlay)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOverlayMergesValuesApartFromLogic(t *testing.T) {
	prod := hello(t, "production")
	dep, err := prod.Deployment()
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := nestedInt(dep.Object, "spec", "replicas"); n != 4 {
		t.Errorf("production replicas %d, want 4 from the overlay", n)
	}
	if _, ok := prod.Find("ConfigMap", "hello-settings"); !ok {
		t.Error("the overlay's new ConfigMap is missing")
	}
	if img := dep.Object["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["image"]; img != "hello" {
		t.Errorf("the base's container survived the merge badly: image %v", img)
	}
	if dep.Where() == "" || !strings.HasSuffix(dep.File, "app.yaml") || dep.Line != 3 {
		t.Errorf("origin %s", dep.Where())
	}
}

func TestBadManifestsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ yaml, want string }{
		{"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: b}\n", "bad.yaml:5: manifest has no apiVersion"},
		{"apiVersion: v1\nkind: Service\nmetadata: {}\n", "bad.yaml:1: Service has no metadata.name"},
		{"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: three\n  template: {spec: {containers: [{name: c, image: x}]}}\n", "bad.yaml:1: Deployment d: spec.replicas must be a whole number"},
		{"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: [unclosed\n", "bad.yaml: invalid YAML: line "},
		{"- just\n- a list\n", "bad.yaml:1: a manifest must be a mapping"},
	} {
		os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte(tc.yaml), 0o644)
		_, err := LoadManifests(dir, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant …%s…", tc.yaml, err, tc.want)
		}
	}
	if _, err := LoadManifests(t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "no manifests") {
		t.Errorf("empty dir: %v", err)
	}
}

func TestRepoOf(t *testing.T) {
	for in, want := range map[string]string{
		"hello": "hello", "hello:v1": "hello", "127.0.0.1:5000/a/b:v2": "127.0.0.1:5000/a/b",
		"ghcr.io/a/b@sha256:00": "ghcr.io/a/b", "127.0.0.1:5000/a": "127.0.0.1:5000/a",
	} {
		if got := repoOf(in); got != want {
			t.Errorf("repoOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func nestedInt(obj map[string]any, path ...string) (int64, bool, error) {
	var cur any = obj
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return 0, false, nil
		}
		cur = m[p]
	}
	n, ok := cur.(int64)
	return n, ok, nil
}

// An overlay that changes one container keeps the others (sidecars), as a strategic merge
// patch does, and can delete one with $patch: delete.
func TestOverlayMergesContainersByName(t *testing.T) {
	dir := t.TempDir()
	base, overlay := filepath.Join(dir, "base"), filepath.Join(dir, "prod")
	os.MkdirAll(base, 0o755)
	os.MkdirAll(overlay, 0o755)
	os.WriteFile(filepath.Join(base, "app.yaml"), []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  template:
    spec:
      containers:
      - name: hello
        image: hello
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
      - name: proxy
        image: envoy:v1
      - name: debug
        image: busybox
`), 0o644)
	os.WriteFile(filepath.Join(overlay, "values.yaml"), []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  template:
    spec:
      containers:
      - name: hello
        env: [{name: B, value: "20"}, {name: C, value: "3"}]
      - name: debug
        $patch: delete
      - name: log-shipper
        image: fluent-bit:v3
`), 0o644)
	m, err := LoadManifests(base, overlay)
	if err != nil {
		t.Fatal(err)
	}
	dep, _ := m.Deployment()
	cs := dep.Object["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)
	var names []string
	for _, c := range cs {
		names = append(names, c.(map[string]any)["name"].(string))
	}
	if strings.Join(names, ",") != "hello,proxy,log-shipper" {
		t.Fatalf("containers after the overlay: %v", names)
	}
	hello := cs[0].(map[string]any)
	if hello["image"] != "hello" {
		t.Errorf("the base image was lost: %v", hello["image"])
	}
	var env []string
	for _, e := range hello["env"].([]any) {
		env = append(env, e.(map[string]any)["name"].(string)+"="+e.(map[string]any)["value"].(string))
	}
	if strings.Join(env, ",") != "A=1,B=20,C=3" {
		t.Errorf("env after the overlay: %v", env)
	}
}

func TestKustomizationIsRefusedWithTheWayToRenderIt(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte("resources: [app.yaml]\n"), 0o644)
	_, err := LoadManifests(dir, "")
	if err == nil || !strings.Contains(err.Error(), "kustomize.Load") || !strings.Contains(err.Error(), "kubectl kustomize") {
		t.Fatalf("a kustomization: %v", err)
	}
}
