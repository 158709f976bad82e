package kubernetes_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// images pushes n distinct images and signs them through a pipeline (the only way to get a
// SignedImage).
func images(t *testing.T, n int) []greenlight.SignedImage {
	t.Helper()
	reg := testutil.Registry(t)
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	var out []greenlight.SignedImage
	_, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		for i := 0; i < n; i++ {
			img, _ := random.Image(64, 1)
			d, _ := img.Digest()
			repo, _ := name.NewRepository(reg.Repo("acme/hello"))
			if err := remote.Write(repo.Digest(d.String()), img); err != nil {
				p.Fatalf("%v", err)
			}
			gi, _ := oci.NewImage(repo.String(), d.String(), fmt.Sprintf("v%d", i+1))
			out = append(out, p.Sign(gi, s))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func manifests(t *testing.T, env string) kubernetes.Manifests {
	t.Helper()
	root := filepath.Join(testutil.ModuleRoot(), "testdata", "k8s", "hello")
	m, err := kubernetes.LoadManifests(filepath.Join(root, "base"), filepath.Join(root, "overlays", env))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func target(t *testing.T, cfg *rest.Config, ns string, m kubernetes.Manifests, s kubernetes.Strategy) *kubernetes.Target {
	t.Helper()
	tgt, err := kubernetes.New("production", m, kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(s), kubernetes.WithImageName("hello"), kubernetes.WithRolloutTimeout(90*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return tgt
}

// deployed is target with a first release of img already deployed (most tests start there).
func deployed(t *testing.T, cfg *rest.Config, ns string, m kubernetes.Manifests, s kubernetes.Strategy, img greenlight.SignedImage) *kubernetes.Target {
	t.Helper()
	tgt := target(t, cfg, ns, m, s)
	if _, err := tgt.Deploy(context.Background(), img, testutil.Logger{T: t}); err != nil {
		t.Fatal(err)
	}
	return tgt
}

func get(t *testing.T, tgt *kubernetes.Target, apiVersion, kind, name string) *unstructured.Unstructured {
	t.Helper()
	o, err := tgt.Cluster().Get(context.Background(), apiVersion, kind, name)
	if err != nil {
		t.Fatalf("%s %s: %v", kind, name, err)
	}
	return o
}

func image(t *testing.T, d *unstructured.Unstructured) string {
	cs, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
	return cs[0].(map[string]any)["image"].(string)
}

func TestRollingUpdateAndAutomaticRollbackOnProgressDeadline(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 3)
	tgt := target(t, cfg, ns, manifests(t, "production"), kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0"})
	for _, img := range imgs[:2] {
		if _, err := tgt.Deploy(ctx, img, testutil.Logger{T: t}); err != nil {
			t.Fatal(err)
		}
	}
	d := get(t, tgt, "apps/v1", "Deployment", "hello")
	if image(t, d) != imgs[1].String() {
		t.Fatalf("running %s", image(t, d))
	}
	surge, _, _ := unstructured.NestedFieldNoCopy(d.Object, "spec", "strategy", "rollingUpdate", "maxSurge")
	unavail, _, _ := unstructured.NestedFieldNoCopy(d.Object, "spec", "strategy", "rollingUpdate", "maxUnavailable")
	if fmt.Sprint(surge) != "1" || fmt.Sprint(unavail) != "0" {
		t.Errorf("maxSurge %v maxUnavailable %v", surge, unavail)
	}
	if _, found := get(t, tgt, "v1", "ConfigMap", "hello-settings").Object["data"]; !found {
		t.Error("the overlay's ConfigMap was not applied")
	}
	st, _ := tgt.State(ctx)
	if st.Stable.Image.Digest() != imgs[1].Image().Digest() || st.Previous.Image.Digest() != imgs[0].Image().Digest() {
		t.Fatalf("inventory: %+v", st)
	}

	// Version 3's pods never become ready: the rollout passes its deadline and is undone.
	bad := manifests(t, "production")
	dep, _ := bad.Deployment()
	labels, _, _ := unstructured.NestedStringMap(dep.Object, "spec", "template", "metadata", "labels")
	labels["k8sf.test/never-ready"] = "true"
	unstructured.SetNestedStringMap(dep.Object, labels, "spec", "template", "metadata", "labels")
	badTgt := target(t, cfg, ns, bad, kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0", ProgressDeadline: 4 * time.Second})
	_, err := badTgt.Deploy(ctx, imgs[2], testutil.Logger{T: t})
	if err == nil || !strings.Contains(err.Error(), "exceeded its progress deadline") || !strings.Contains(err.Error(), "rolled back automatically") {
		t.Fatalf("failed rollout: %v", err)
	}
	d = get(t, tgt, "apps/v1", "Deployment", "hello")
	if image(t, d) != imgs[1].String() {
		t.Fatalf("after the rollback the template runs %s, want %s", image(t, d), imgs[1])
	}
	if l, _, _ := unstructured.NestedStringMap(d.Object, "spec", "template", "metadata", "labels"); l["k8sf.test/never-ready"] != "" {
		t.Error("the previous template was not restored whole")
	}
	st, _ = tgt.State(ctx)
	if st.Stable.Image.Digest() != imgs[1].Image().Digest() {
		t.Errorf("inventory after a failed rollout: %s", st.Stable.ID)
	}
	// And an explicit rollback goes to version 1.
	if rev, err := tgt.Rollback(ctx); err != nil || rev.Image.Digest() != imgs[0].Image().Digest() {
		t.Fatalf("rollback: %v %v", rev, err)
	}
	if image(t, get(t, tgt, "apps/v1", "Deployment", "hello")) != imgs[0].String() {
		t.Error("rollback did not restore version 1's template")
	}
}

func TestBlueGreenSwitchAndInstantRollback(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := target(t, cfg, ns, manifests(t, "production"), kubernetes.BlueGreen{})
	r1, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	selector := func() string {
		s, _, _ := unstructured.NestedStringMap(get(t, tgt, "v1", "Service", "hello").Object, "spec", "selector")
		return s["greenlight.dev/revision"]
	}
	if selector() != r1.ID {
		t.Fatalf("service selects %q", selector())
	}
	r2, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	if selector() != r1.ID {
		t.Fatal("Start switched traffic")
	}
	if ready, _, _ := unstructured.NestedInt64(get(t, tgt, "apps/v1", "Deployment", "hello-"+r2.ID).Object, "status", "readyReplicas"); ready != 4 {
		t.Fatalf("new revision has %d ready pods before the switch", ready)
	}
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatal(err)
	}
	if selector() != r2.ID {
		t.Fatal("Promote did not switch the selector")
	}
	st, _ := tgt.State(ctx)
	if !st.PreviousWarm || st.Previous.ID != r1.ID {
		t.Fatalf("old revision not kept warm: %+v", st)
	}
	t0 := time.Now()
	if _, err := tgt.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("blue/green rollback with the old revision warm: %s", time.Since(t0))
	if selector() != r1.ID {
		t.Fatal("rollback did not switch back")
	}
	if _, err := tgt.Cluster().Get(ctx, "apps/v1", "Deployment", "hello-"+r2.ID); err == nil {
		t.Error("the rolled-back revision's Deployment is still there")
	}
}

func TestCanaryByReplicas(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := deployed(t, cfg, ns, manifests(t, "production"), kubernetes.Canary{Traffic: replicas.New()}, imgs[0])
	rev, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	readyOf := func(name string) int64 {
		n, _, _ := unstructured.NestedInt64(get(t, tgt, "apps/v1", "Deployment", name).Object, "status", "availableReplicas")
		return n
	}
	st, _ := tgt.State(ctx)
	stableDep := "hello-" + st.Stable.ID
	if readyOf("hello-"+rev.ID) != 0 {
		t.Fatal("the canary has pods before it gets traffic")
	}
	for _, step := range []struct{ w, canary, stable int64 }{{25, 1, 3}, {50, 2, 2}} {
		if _, err := tgt.SetCanaryWeight(ctx, rev, int(step.w)); err != nil {
			t.Fatal(err)
		}
		if c, s := readyOf("hello-"+rev.ID), readyOf(stableDep); c != step.canary || s != step.stable {
			t.Fatalf("at %d%%: canary %d stable %d ready pods, want %d and %d", step.w, c, s, step.canary, step.stable)
		}
	}
	sel, _, _ := unstructured.NestedStringMap(get(t, tgt, "v1", "Service", "hello").Object, "spec", "selector")
	if sel["greenlight.dev/revision"] != "" || sel["app"] != "hello" {
		t.Errorf("the Service should select every revision's pods: %v", sel)
	}
	if err := tgt.Promote(ctx, rev); err != nil {
		t.Fatal(err)
	}
	if c, s := readyOf("hello-"+rev.ID), readyOf(stableDep); c != 4 || s != 0 {
		t.Fatalf("after promote: canary %d stable %d", c, s)
	}
}

func TestCanaryByHTTPRouteAndAbort(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := target(t, cfg, ns, manifests(t, "production"), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	r1, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	weights := func() map[string]int64 {
		rules, _, _ := unstructured.NestedSlice(get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello").Object, "spec", "rules")
		out := map[string]int64{}
		for _, r := range rules[0].(map[string]any)["backendRefs"].([]any) {
			m := r.(map[string]any)
			out[m["name"].(string)] = m["weight"].(int64)
		}
		return out
	}
	if w := weights(); len(w) != 1 || w["hello-"+r1.ID] != 100 {
		t.Fatalf("first release weights %v", w)
	}
	r2, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []int{10, 50} {
		if _, err := tgt.SetCanaryWeight(ctx, r2, p); err != nil {
			t.Fatal(err)
		}
		if w := weights(); w["hello-"+r2.ID] != int64(p) || w["hello-"+r1.ID] != int64(100-p) {
			t.Fatalf("at %d%%: %v", p, w)
		}
	}
	get(t, tgt, "v1", "Service", "hello-"+r2.ID)
	if err := tgt.Abort(ctx, r2); err != nil {
		t.Fatal(err)
	}
	if w := weights(); len(w) != 1 || w["hello-"+r1.ID] != 100 {
		t.Fatalf("after abort: %v", w)
	}
	if _, err := tgt.Cluster().Get(ctx, "v1", "Service", "hello-"+r2.ID); err == nil {
		t.Error("the aborted canary's Service is still there")
	}
}

func TestBadManifestIsRefusedBeforeAnythingIsApplied(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(`apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  k: v
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  selector:
    matchLabels: {app: hello}
  template:
    metadata:
      labels: {app: hello}
    spec:
      containers:
      - name: hello
        image: hello
        ports:
        - containerPort: not-a-port
`), 0o644)
	m, err := kubernetes.LoadManifests(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	tgt := target(t, cfg, ns, m, kubernetes.Rolling{})
	_, err = tgt.Deploy(context.Background(), images(t, 1)[0], testutil.Logger{T: t})
	if err == nil || !strings.Contains(err.Error(), "a.yaml:8: Deployment hello is invalid") || !strings.Contains(err.Error(), "nothing was applied") {
		t.Fatalf("err %v", err)
	}
	if _, err := tgt.Cluster().Get(context.Background(), "v1", "ConfigMap", "first"); err == nil {
		t.Error("the valid ConfigMap before the bad Deployment was applied")
	}
	if _, err := tgt.Cluster().Get(context.Background(), "v1", "Namespace", ns); err == nil {
		t.Errorf("namespace %s was created for manifests that were refused", ns)
	}
}

// A flaky API server: the first writes answer 500 and 409; they are retried.
func TestAPIErrorsAreRetried(t *testing.T) {
	cfg := rest.CopyConfig(k8senv.Config(t))
	ns := k8senv.Namespace(t, cfg)
	var failures atomic.Int32
	failures.Store(3)
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) {
			if r.Method == http.MethodPatch {
				if n := failures.Add(-1); n >= 0 {
					code := []int{500, 409, 503}[n%3]
					body := fmt.Sprintf(`{"kind":"Status","apiVersion":"v1","status":"Failure","code":%d,"reason":"%s"}`, code, map[int]string{500: "InternalError", 409: "Conflict", 503: "ServiceUnavailable"}[code])
					return &http.Response{StatusCode: code, Header: http.Header{"Content-Type": {"application/json"}}, Body: ioNop(body), Request: r}, nil
				}
			}
			return rt.RoundTrip(r)
		})
	}
	tgt := target(t, cfg, ns, manifests(t, "staging"), kubernetes.BlueGreen{})
	if _, err := tgt.Deploy(context.Background(), images(t, 1)[0], testutil.Logger{T: t}); err != nil {
		t.Fatal(err)
	}
	if failures.Load() >= 0 {
		t.Fatal("the injected failures were not reached")
	}
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestInventoryReadsTheCluster(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	imgs := images(t, 1)
	tgt := target(t, cfg, ns, manifests(t, "staging"), kubernetes.BlueGreen{})
	if _, err := tgt.Deploy(context.Background(), imgs[0], testutil.Logger{T: t}); err != nil {
		t.Fatal(err)
	}
	st, err := kubernetes.Inventory(context.Background(), cfg, ns, "hello")
	if err != nil || st.Stable == nil || st.Stable.Image.Digest() != imgs[0].Image().Digest() {
		t.Fatalf("inventory %+v %v", st, err)
	}
	if st, err := kubernetes.Inventory(context.Background(), cfg, ns, "other"); err != nil || st.Stable != nil {
		t.Fatalf("an app never deployed: %+v %v", st, err)
	}
}

// A kubeconfig whose user is an exec credential plugin, as cloud providers ship them.
func TestKubeconfigWithExecCredentialPlugin(t *testing.T) {
	k8senv.Config(t)
	pki := filepath.Join(filepath.Dir(k8senv.Kubeconfig()), "pki")
	crt, err1 := os.ReadFile(filepath.Join(pki, "admin.crt"))
	key, err2 := os.ReadFile(filepath.Join(pki, "admin.key"))
	if err1 != nil || err2 != nil {
		t.Fatalf("admin credentials: %v %v", err1, err2)
	}
	dir := t.TempDir()
	cred := fmt.Sprintf(`{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":%q,"clientKeyData":%q}}`, crt, key)
	os.WriteFile(filepath.Join(dir, "cred.json"), []byte(cred), 0o600)
	plugin := filepath.Join(dir, "plugin.sh")
	marker := filepath.Join(dir, "plugin-ran")
	os.WriteFile(plugin, []byte("#!/bin/sh\ntouch "+marker+"\ncat "+filepath.Join(dir, "cred.json")+"\n"), 0o755)
	cfg := k8senv.Config(t)
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: %q, certificate-authority: %q}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: %q
      interactiveMode: Never
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`, cfg.Host, filepath.Join(pki, "ca.crt"), plugin)
	path := filepath.Join(dir, "kubeconfig")
	os.WriteFile(path, []byte(kc), 0o600)
	ns := k8senv.Namespace(t, cfg)
	tgt, err := kubernetes.New("staging", manifests(t, "staging"), kubernetes.WithKubeconfig(path), kubernetes.WithNamespace(ns), kubernetes.WithImageName("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.Deploy(context.Background(), images(t, 1)[0], testutil.Logger{T: t}); err != nil {
		t.Fatalf("deploy through the exec plugin's credentials: %v", err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("the exec credential plugin was never run")
	}
}
