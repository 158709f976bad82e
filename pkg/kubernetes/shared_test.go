package kubernetes_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
)

// Tests of Greenlight in a cluster it shares with other apps, controllers and runs (issue 13's
// review): each names the defect it guards against.

var hpas = schema.GroupVersionResource{Group: "autoscaling", Version: "v2", Resource: "horizontalpodautoscalers"}

// An HPA of another app whose name starts with the app's (hello-worker) is not hello's: it is
// neither retargeted nor makes hello count as autoscaled.
func TestAnotherAppsAutoscalerIsLeftAlone(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := deployed(t, cfg, ns, manifests(t, "production"), kubernetes.BlueGreen{}, imgs[0])
	h := &unstructured.Unstructured{}
	if err := h.UnmarshalJSON([]byte(`{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"worker"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"hello-worker"},"minReplicas":1,"maxReplicas":5}}`)); err != nil {
		t.Fatal(err)
	}
	hr := dynamic.NewForConfigOrDie(cfg).Resource(hpas).Namespace(ns)
	if _, err := hr.Create(ctx, h, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.Deploy(ctx, imgs[1], testutil.Logger{T: t}); err != nil {
		t.Fatal(err)
	}
	got, err := hr.Get(ctx, "worker", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if name, _, _ := unstructured.NestedString(got.Object, "spec", "scaleTargetRef", "name"); name != "hello-worker" {
		t.Errorf("another app's HPA (hello-worker) was retargeted to %s", name)
	}
	d := get(t, tgt, "apps/v1", "Deployment", "hello-"+imgs[1].Image().Short())
	for _, mf := range d.GetManagedFields() {
		if mf.Manager == "greenlight-replicas-handover" {
			t.Errorf("hello counted as autoscaled because of hello-worker's HPA: its replicas were handed over")
		}
	}
}

const prefixRoute = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: hello
spec:
  parentRefs:
  - name: public
  rules:
  - matches:
    - path: {type: PathPrefix, value: /api}
    backendRefs:
    - name: hello
      port: 80
  - matches:
    - path: {type: PathPrefix, value: /docs}
    backendRefs:
    - name: hello-docs
      port: 8000
`

// A rule for Service hello-docs (another service whose name starts with the app's) is not
// split between hello's revisions; a rule mixing hello with hello-docs is refused.
func TestHTTPRouteLeavesAServiceWithTheAppsPrefixAlone(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := deployed(t, cfg, ns, routeManifests(t, prefixRoute), kubernetes.Canary{Traffic: gatewayapi.New("hello")}, imgs[0])
	r2, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.SetCanaryWeight(ctx, r2, 30); err != nil {
		t.Fatal(err)
	}
	route := get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello")
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	refs := rules[1].(map[string]any)["backendRefs"].([]any)
	if len(refs) != 1 || refs[0].(map[string]any)["name"] != "hello-docs" {
		t.Errorf("the /docs rule of Service hello-docs (another service) was rewritten: %v", refs)
	}
	if err := tgt.Abort(ctx, r2); err != nil {
		t.Fatal(err)
	}

	mixed := strings.Replace(prefixRoute, "    - name: hello\n      port: 80\n", "    - name: hello\n      port: 80\n    - name: hello-docs\n      port: 8000\n", 1)
	ns2 := k8senv.Namespace(t, cfg)
	tgt2 := target(t, cfg, ns2, routeManifests(t, mixed), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	if _, err := tgt2.Deploy(ctx, imgs[0], testutil.Logger{T: t}); err == nil || !strings.Contains(err.Error(), "give hello a rule of its own") {
		t.Fatalf("a rule serving hello and hello-docs: %v", err)
	}
}

// A run that redeploys the stable image still removes a canary an earlier run left at 25 %.
func TestLeftoverCanaryIsRemovedWhenTheStableIsRedeployed(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	first := target(t, cfg, ns, manifests(t, "production"), kubernetes.Canary{Traffic: replicas.New()})
	r2 := canaryAt25(t, first, imgs)
	first.Close()
	var log lines
	next, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(kubernetes.Canary{Traffic: replicas.New()}), kubernetes.WithImageName("hello"),
		kubernetes.WithRolloutTimeout(90*time.Second), kubernetes.WithLogger(&log))
	if err != nil {
		t.Fatal(err)
	}
	_, err = next.Deploy(ctx, imgs[0], nil)
	if err == nil || !strings.Contains(err.Error(), "already the stable revision") {
		t.Errorf("redeploying the stable revision: %v", err)
	}
	if _, err := next.Cluster().Get(ctx, "apps/v1", "Deployment", "hello-"+r2.ID); err == nil {
		t.Errorf("the leftover canary %s still runs after the next run", r2.ID)
	}
	if !log.has("left as a canary") {
		t.Errorf("the run did not say it removed the leftover canary: %q", log.l)
	}
	if st, _ := next.State(ctx); st.Canary != nil || st.Stable == nil || st.Stable.ID != imgs[0].Image().Short() {
		t.Errorf("state after the run: %+v", st)
	}
}

// An abort whose traffic switch worked but whose cleanup failed says so with a typed error,
// not as a failed rollback.
func TestAbortWithAFailedCleanupSaysTrafficIsOnStable(t *testing.T) {
	base := k8senv.Config(t)
	ns := k8senv.Namespace(t, base)
	ctx := context.Background()
	imgs := images(t, 2)
	cfg := *base
	var refuse atomic.Value
	refuse.Store("")
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) {
			if name := refuse.Load().(string); name != "" && r.Method == http.MethodDelete && strings.HasSuffix(r.URL.Path, "/deployments/"+name) {
				return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
					Body: ioNop(`{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden by policy","reason":"Forbidden","code":403}`)}, nil
			}
			return rt.RoundTrip(r)
		})
	}
	tgt := target(t, &cfg, ns, manifests(t, "production"), kubernetes.Canary{Traffic: replicas.New()})
	r2 := canaryAt25(t, tgt, imgs)
	refuse.Store("hello-" + r2.ID)
	err := tgt.Abort(ctx, r2)
	var ce *greenlight.CleanupError
	if !errors.As(err, &ce) {
		t.Fatalf("abort with a refused delete: %v (%T), want a greenlight.CleanupError", err, err)
	}
	if ce.Stable != imgs[0].Image().Short() || !strings.Contains(err.Error(), "forbidden by policy") || !strings.Contains(ce.Fix, "hello-"+r2.ID) {
		t.Errorf("cleanup error: %v (stable %q, fix %q)", err, ce.Stable, ce.Fix)
	}
	if st, _ := tgt.State(ctx); st.CanaryWeight != 0 {
		t.Errorf("the canary still has %d%% after the abort", st.CanaryWeight)
	}
}

// A partition of this runner longer than its lease during a rolling deploy: a second run takes
// the environment over; the first notices, does not overwrite the second's record or move
// traffic again, and fails clearly. The record and the cluster agree at the end.
func TestRunThatLostItsLeaseDuringAPartitionDoesNotOverwrite(t *testing.T) {
	base := k8senv.Config(t)
	ns := k8senv.Namespace(t, base)
	ctx := context.Background()
	imgs := images(t, 3)
	proxy, cfg, cut, cutNow := proxyCutAfterApply(t, base)
	var log1 lines
	first, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0"}), kubernetes.WithImageName("hello"),
		kubernetes.WithRolloutTimeout(90*time.Second), kubernetes.WithLogger(&log1), kubernetes.WithLease(3*time.Second, 30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Deploy(ctx, imgs[0], nil); err != nil {
		t.Fatal(err)
	}
	second, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(base), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0"}), kubernetes.WithImageName("hello"),
		kubernetes.WithRolloutTimeout(90*time.Second), kubernetes.WithLease(3*time.Second, 30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	cut.Store(true)
	secondErr := make(chan error, 1)
	go func() {
		<-cutNow
		proxy.Pause()
		time.Sleep(time.Second)
		_, err := second.Deploy(ctx, imgs[2], nil)
		secondErr <- err
		time.Sleep(2 * time.Second)
		proxy.Resume()
	}()
	_, err1 := first.Deploy(ctx, imgs[1], nil)
	err2 := <-secondErr
	t.Logf("first run: %v", err1)
	t.Logf("second run: %v", err2)
	if err2 != nil {
		t.Fatalf("the second run, which took the expired lease: %v", err2)
	}
	if err1 == nil || !strings.Contains(err1.Error(), "lease") {
		t.Errorf("the first run, whose lease another run took during its partition, did not fail saying so: %v", err1)
	}
	check := target(t, base, ns, manifests(t, "production"), kubernetes.Rolling{})
	st, err := check.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	live := image(t, get(t, check, "apps/v1", "Deployment", "hello"))
	if st.Stable == nil || st.Stable.ID != imgs[2].Image().Short() || !strings.Contains(live, imgs[2].Image().Digest()) {
		t.Errorf("record says %v, cluster runs %s; want both %s", st.Stable, live, imgs[2].Image().Short())
	}
}

// A run waiting for another run's lease says so every 10 s, with how long it waited and how
// long it will still wait.
func TestLeaseWaitSaysHowLongItWaits(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 1)
	deployed(t, cfg, ns, manifests(t, "staging"), kubernetes.BlueGreen{}, imgs[0])
	lease(t, cfg, ns, "acme/hello run 42", time.Now(), 120)
	var log lines
	second, err := kubernetes.New("staging", manifests(t, "staging"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithImageName("hello"), kubernetes.WithLease(15*time.Second, 22*time.Second), kubernetes.WithLogger(&log))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := second.Deploy(ctx, imgs[0], nil); err == nil {
		t.Fatal("deployed while another run holds the lease")
	}
	n := 0
	log.mu.Lock()
	for _, l := range log.l {
		if strings.Contains(l, "acme/hello run 42") && strings.Contains(l, "waited") && strings.Contains(l, "left") {
			n++
		}
	}
	log.mu.Unlock()
	if n < 2 {
		t.Errorf("%d progress lines in 22 s of waiting, want one every 10 s: %q", n, log.l)
	}
}

// The first deploy into a new namespace is checked without touching an unrelated object of the
// same name in "default".
func TestFirstDeployIntoANewNamespaceIgnoresDefault(t *testing.T) {
	cfg := k8senv.Config(t)
	ctx := context.Background()
	dc := dynamic.NewForConfigOrDie(cfg)
	d := &unstructured.Unstructured{}
	if err := d.UnmarshalJSON([]byte(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"hello"},"spec":{"replicas":0,"selector":{"matchLabels":{"x":"other"}},"template":{"metadata":{"labels":{"x":"other"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}`)); err != nil {
		t.Fatal(err)
	}
	dr := dc.Resource(deployments).Namespace("default")
	if _, err := dr.Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dr.Delete(context.Background(), "hello", metav1.DeleteOptions{}) })
	ns := k8senv.Namespace(t, cfg)
	tgt := target(t, cfg, ns, manifests(t, "production"), kubernetes.Rolling{})
	if _, err := tgt.Deploy(ctx, images(t, 1)[0], testutil.Logger{T: t}); err != nil {
		t.Errorf("first deploy into a new namespace refused because of an unrelated object in default: %v", err)
	}
	got, err := dr.Get(ctx, "hello", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sel := fmt.Sprint(got.Object["spec"].(map[string]any)["selector"]); sel != "map[matchLabels:map[x:other]]" {
		t.Errorf("default's unrelated hello was changed: selector %s", sel)
	}
}

// hpaMin4 is hpa with a minimum of 4 replicas, production's count.
var hpaMin4 = strings.Replace(hpa, "minReplicas: 1", "minReplicas: 4", 1)

// Under the replica-ratio canary an HPA would undo every step (at 50 % of 4 pods stable runs 2,
// below the HPA's minimum of 4, and the HPA controller scales it back within its 15 s period):
// the split must hold over several of the HPA's periods, and the HPA gets its bounds back after
// the promotion.
func TestAutoscalerDoesNotFightTheReplicaRatioCanary(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := deployed(t, cfg, ns, withObjects(t, manifests(t, "production"), hpaMin4), kubernetes.Canary{Traffic: replicas.New()}, imgs[0])
	stable := "hello-" + imgs[0].Image().Short()
	rev, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.SetCanaryWeight(ctx, rev, 50); err != nil {
		t.Fatal(err)
	}
	count := func(name string) int64 {
		n, _, _ := unstructured.NestedInt64(get(t, tgt, "apps/v1", "Deployment", name).Object, "spec", "replicas")
		return n
	}
	// 40 s: more than two of the HPA controller's 15 s periods.
	for i := 0; i < 40; i++ {
		if s, c := count(stable), count("hello-"+rev.ID); s != 2 || c != 2 {
			t.Fatalf("after %d s at 50 %%: stable %d, canary %d replicas; the HPA fought the split (want 2 and 2)", i, s, c)
		}
		time.Sleep(time.Second)
	}
	if err := tgt.Promote(ctx, rev); err != nil {
		t.Fatal(err)
	}
	h := get(t, tgt, "autoscaling/v2", "HorizontalPodAutoscaler", "hello")
	minR, _, _ := unstructured.NestedInt64(h.Object, "spec", "minReplicas")
	maxR, _, _ := unstructured.NestedInt64(h.Object, "spec", "maxReplicas")
	name, _, _ := unstructured.NestedString(h.Object, "spec", "scaleTargetRef", "name")
	if minR != 4 || maxR != 10 || name != "hello-"+rev.ID || len(h.GetAnnotations()) != 0 {
		t.Errorf("after the promotion the HPA has min %d max %d target %s annotations %v; want 4, 10, hello-%s, none", minR, maxR, name, h.GetAnnotations(), rev.ID)
	}
}

// proxyCutAfterApply starts a proxy to the API server whose config signals cutNow right after
// the first real (not dry-run) apply of Deployment hello once cut is set: the moment to pause
// the proxy in the middle of a rolling update.
func proxyCutAfterApply(t *testing.T, base *rest.Config) (*k8senv.Proxy, *rest.Config, *atomic.Bool, chan struct{}) {
	proxy, cfg := k8senv.StartProxy(t, base)
	cut := new(atomic.Bool)
	cutNow := make(chan struct{})
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return rtFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := rt.RoundTrip(r)
			if r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/deployments/hello") && r.URL.Query().Get("dryRun") == "" &&
				cut.CompareAndSwap(true, false) {
				close(cutNow)
			}
			return resp, err
		})
	}
	return proxy, cfg, cut, cutNow
}
