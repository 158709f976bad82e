package kubernetes_test

// Issue 13: a cluster with other controllers and other people in it. Every test runs on the
// real control plane (internal/k8senv).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/promtest"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/flags"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi/shadowproxy"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
)

var deployments = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}

// lines collects what a target logs.
type lines struct {
	mu sync.Mutex
	l  []string
}

func (l *lines) Logf(f string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.l = append(l.l, fmt.Sprintf(f, a...))
}

func (l *lines) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range l.l {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func withObjects(t *testing.T, m kubernetes.Manifests, docs string) kubernetes.Manifests {
	t.Helper()
	extra, err := kubernetes.ParseManifests("extra.yaml", []byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	return append(m, extra...)
}

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: hello
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: hello}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`

// An HPA names the manifests' Deployment. Under every strategy it must keep targeting the
// Deployment that serves, and the count it set must survive a deploy.
func TestAutoscalerKeepsItsTargetAndReplicasUnderEveryStrategy(t *testing.T) {
	cfg := k8senv.Config(t)
	imgs := images(t, 2)
	for _, tc := range []struct {
		name string
		s    kubernetes.Strategy
	}{
		{"rolling", kubernetes.Rolling{}},
		{"bluegreen", kubernetes.BlueGreen{}},
		{"canary-replicas", kubernetes.Canary{Traffic: replicas.New()}},
		{"canary-httproute", kubernetes.Canary{Traffic: gatewayapi.New("hello")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ns := k8senv.Namespace(t, cfg)
			ctx := context.Background()
			tgt := target(t, cfg, ns, withObjects(t, manifests(t, "production"), hpa), tc.s)
			if _, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t}); err != nil {
				t.Fatal(err)
			}
			dc := dynamic.NewForConfigOrDie(cfg)
			serving := func() string {
				h := get(t, tgt, "autoscaling/v2", "HorizontalPodAutoscaler", "hello")
				name, _, _ := unstructured.NestedString(h.Object, "spec", "scaleTargetRef", "name")
				return name
			}
			target := serving()
			d, err := tgt.Cluster().Get(ctx, "apps/v1", "Deployment", target)
			if err != nil {
				t.Fatalf("after the first release the HPA targets %q, which does not exist: nothing autoscales", target)
			}
			if image(t, d) != imgs[0].String() {
				t.Fatalf("the HPA targets %s, which runs %s, not the release", target, image(t, d))
			}
			// The HPA scales the serving Deployment to 6 (through the scale subresource, as it does).
			if _, err := dc.Resource(deployments).Namespace(ns).Patch(ctx, target, types.MergePatchType, []byte(`{"spec":{"replicas":6}}`),
				metav1.PatchOptions{FieldManager: "horizontal-pod-autoscaler"}, "scale"); err != nil {
				t.Fatal(err)
			}
			if _, ok := tc.s.(kubernetes.Rolling); ok {
				if _, err := tgt.Deploy(ctx, imgs[1], testutil.Logger{T: t}); err != nil {
					t.Fatal(err)
				}
			} else {
				rev, err := tgt.Start(ctx, imgs[1])
				if err != nil {
					t.Fatal(err)
				}
				if c, ok := tc.s.(kubernetes.Canary); ok {
					if _, err := tgt.SetCanaryWeight(ctx, rev, 50); err != nil {
						t.Fatal(err)
					}
					if _, isReplicas := c.Traffic.(replicas.Router); isReplicas {
						var can, st int64
						can, _, _ = unstructured.NestedInt64(get(t, tgt, "apps/v1", "Deployment", "hello-"+rev.ID).Object, "spec", "replicas")
						st, _, _ = unstructured.NestedInt64(get(t, tgt, "apps/v1", "Deployment", target).Object, "spec", "replicas")
						if can != 3 || st != 3 {
							t.Errorf("at 50%% of the HPA's 6 replicas: canary %d, stable %d; want 3 and 3", can, st)
						}
					}
				}
				if err := tgt.Promote(ctx, rev); err != nil {
					t.Fatal(err)
				}
			}
			target = serving()
			d, err = tgt.Cluster().Get(ctx, "apps/v1", "Deployment", target)
			if err != nil {
				t.Fatalf("after the second release the HPA targets %q, which does not exist", target)
			}
			if image(t, d) != imgs[1].String() {
				t.Fatalf("after the second release the HPA targets %s, which runs %s, not the release", target, image(t, d))
			}
			if n, _, _ := unstructured.NestedInt64(d.Object, "spec", "replicas"); n != 6 {
				t.Errorf("the serving Deployment has %d replicas after the deploy; the HPA had set 6", n)
			}
			for _, mf := range d.GetManagedFields() {
				if mf.Manager == "greenlight" && mf.Operation == metav1.ManagedFieldsOperationApply && strings.Contains(mf.FieldsV1.GetRawString(), `"f:replicas"`) {
					t.Errorf("Greenlight's server-side apply owns spec.replicas of %s, which the HPA owns", target)
				}
			}
		})
	}
}

func specOf(t *testing.T, tgt *kubernetes.Target, name string) map[string]any {
	t.Helper()
	s, _, _ := unstructured.NestedMap(get(t, tgt, "apps/v1", "Deployment", name).Object, "spec")
	return s
}

// The progress-deadline restore puts back exactly what ran, and says so.
func TestProgressDeadlineRestoresTheWholeSpecAndSaysSo(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 3)
	tgt := deployed(t, cfg, ns, manifests(t, "production"), kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0"}, imgs[0])
	v1 := specOf(t, tgt, "hello")
	if _, err := tgt.Deploy(ctx, imgs[1], testutil.Logger{T: t}); err != nil {
		t.Fatal(err)
	}
	v2 := specOf(t, tgt, "hello")

	bad := manifests(t, "production")
	dep, _ := bad.Deployment()
	labels, _, _ := unstructured.NestedStringMap(dep.Object, "spec", "template", "metadata", "labels")
	labels["k8sf.test/never-ready"] = "true"
	unstructured.SetNestedStringMap(dep.Object, labels, "spec", "template", "metadata", "labels")
	unstructured.SetNestedField(dep.Object, int64(2), "spec", "replicas")
	badTgt := target(t, cfg, ns, bad, kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0", ProgressDeadline: 4 * time.Second})
	_, err := badTgt.Deploy(ctx, imgs[2], testutil.Logger{T: t})
	if err == nil || !strings.Contains(err.Error(), "rolled back automatically") || strings.Contains(err.Error(), "FAILED") {
		t.Fatalf("a restore that worked must say so: %v", err)
	}
	if got := specOf(t, tgt, "hello"); !reflect.DeepEqual(got, v2) {
		b1, _ := json.MarshalIndent(v2, "", " ")
		b2, _ := json.MarshalIndent(got, "", " ")
		t.Fatalf("the restored spec differs from what ran before:\nbefore %s\nafter  %s", b1, b2)
	}
	if _, err := tgt.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := specOf(t, tgt, "hello"); !reflect.DeepEqual(got, v1) {
		b1, _ := json.MarshalIndent(v1, "", " ")
		b2, _ := json.MarshalIndent(got, "", " ")
		t.Fatalf("the rollback's spec differs from version 1's:\nbefore %s\nafter  %s", b1, b2)
	}
}

const richRoute = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: hello
spec:
  parentRefs:
  - name: public
  hostnames: ["hello.example.com", "www.hello.example.com"]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /api}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        add: [{name: X-Via, value: greenlight-test}]
    backendRefs:
    - name: hello
      port: 80
  - matches:
    - path: {type: PathPrefix, value: /docs}
    backendRefs:
    - name: docs
      port: 8000
`

func routeManifests(t *testing.T, route string) kubernetes.Manifests {
	var m kubernetes.Manifests
	for _, o := range manifests(t, "staging") {
		if o.GetKind() != "HTTPRoute" {
			m = append(m, o)
		}
	}
	return withObjects(t, m, route)
}

// The Gateway API provider changes the weights of the rule it manages and nothing else.
func TestHTTPRouteKeepsWhatGreenlightDoesNotManage(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := target(t, cfg, ns, routeManifests(t, richRoute), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	r1, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	// Another controller labels the route; an operator adds a timeout to the docs rule.
	dc := dynamic.NewForConfigOrDie(cfg)
	routes := dc.Resource(schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}).Namespace(ns)
	if _, err := routes.Patch(ctx, "hello", types.MergePatchType, []byte(`{"metadata":{"labels":{"team":"web"}}}`), metav1.PatchOptions{FieldManager: "other-controller"}); err != nil {
		t.Fatal(err)
	}
	r2, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.SetCanaryWeight(ctx, r2, 30); err != nil {
		t.Fatal(err)
	}
	route := get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello")
	hosts, _, _ := unstructured.NestedStringSlice(route.Object, "spec", "hostnames")
	if len(hosts) != 2 {
		t.Errorf("hostnames after a weight change: %v", hosts)
	}
	if route.GetLabels()["team"] != "web" {
		t.Error("another controller's label was dropped")
	}
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	if len(rules) != 2 {
		t.Fatalf("%d rules, want 2", len(rules))
	}
	mine := rules[0].(map[string]any)
	if _, ok := mine["filters"]; !ok || mine["matches"] == nil {
		t.Errorf("the managed rule lost its matches or filters: %v", mine)
	}
	w := map[string]int64{}
	for _, r := range mine["backendRefs"].([]any) {
		m := r.(map[string]any)
		w[m["name"].(string)] = m["weight"].(int64)
	}
	if w["hello-"+r1.ID] != 70 || w["hello-"+r2.ID] != 30 || len(w) != 2 {
		t.Errorf("weights %v", w)
	}
	docs := rules[1].(map[string]any)["backendRefs"].([]any)
	if len(docs) != 1 || docs[0].(map[string]any)["name"] != "docs" {
		t.Errorf("the docs rule was rewritten: %v", docs)
	}
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatal(err)
	}

	// A rule that sends traffic to hello and to another backend cannot be split safely.
	mixed := strings.Replace(richRoute, "    backendRefs:\n    - name: hello\n      port: 80\n", "    backendRefs:\n    - name: hello\n      port: 80\n    - name: legacy\n      port: 80\n", 1)
	ns2 := k8senv.Namespace(t, cfg)
	tgt2 := target(t, cfg, ns2, routeManifests(t, mixed), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	_, err = tgt2.Deploy(ctx, imgs[0], testutil.Logger{T: t})
	if err == nil || !strings.Contains(err.Error(), "give hello a rule of its own") {
		t.Fatalf("a mixed rule: %v", err)
	}
}

// canaryAt25 deploys imgs[0] and starts imgs[1] as a canary at 25 %.
func canaryAt25(t *testing.T, tgt *kubernetes.Target, imgs []greenlight.SignedImage) greenlight.Revision {
	t.Helper()
	ctx := context.Background()
	if _, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t}); err != nil {
		t.Fatal(err)
	}
	rev, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.SetCanaryWeight(ctx, rev, 25); err != nil {
		t.Fatal(err)
	}
	return rev
}

// A canary left by a killed run is found and removed by the next run, which says so.
func TestLeftoverCanaryIsReconciledByTheNextRun(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 3)
	first := target(t, cfg, ns, manifests(t, "production"), kubernetes.Canary{Traffic: replicas.New()})
	r2 := canaryAt25(t, first, imgs)
	// The job is killed here (its lease, which would expire after 30 s, is let go at once). A
	// Deployment from an even earlier crash, never recorded, is there too.
	first.Close()
	stable := get(t, first, "apps/v1", "Deployment", "hello-"+imgs[0].Image().Short())
	orphan := stable.DeepCopy()
	orphan.SetName("hello-0rphan0")
	orphan.SetResourceVersion("")
	orphan.SetUID("")
	orphan.SetManagedFields(nil)
	delete(orphan.Object, "status")
	for _, p := range [][]string{{"metadata", "labels"}, {"spec", "selector", "matchLabels"}, {"spec", "template", "metadata", "labels"}} {
		unstructured.SetNestedField(orphan.Object, "0rphan0", append(p, "greenlight.dev/revision")...)
	}
	unstructured.SetNestedField(orphan.Object, int64(1), "spec", "replicas")
	if err := first.Cluster().Apply(ctx, orphan); err != nil {
		t.Fatal(err)
	}

	var log lines
	next, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(kubernetes.Canary{Traffic: replicas.New()}), kubernetes.WithImageName("hello"),
		kubernetes.WithRolloutTimeout(90*time.Second), kubernetes.WithLogger(&log))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := next.Start(ctx, imgs[2]); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"hello-" + r2.ID, "hello-0rphan0"} {
		if _, err := next.Cluster().Get(ctx, "apps/v1", "Deployment", gone); err == nil {
			t.Errorf("%s still runs after the next run started", gone)
		}
	}
	if n, _, _ := unstructured.NestedInt64(get(t, next, "apps/v1", "Deployment", "hello-"+imgs[0].Image().Short()).Object, "spec", "replicas"); n != 4 {
		t.Errorf("stable has %d replicas, want all 4 back", n)
	}
	if !log.has("left as a canary at 25%") || !log.has("hello-0rphan0") {
		t.Errorf("the run did not say what it cleaned up: %q", log.l)
	}
}

func lease(t *testing.T, cfg *rest.Config, ns, holder string, renewed time.Time, secs int64) {
	t.Helper()
	dc := dynamic.NewForConfigOrDie(cfg)
	ri := dc.Resource(schema.GroupVersionResource{Group: "coordination.k8s.io", Version: "v1", Resource: "leases"}).Namespace(ns)
	obj := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
		"metadata": map[string]any{"name": "greenlight-hello"},
		"spec": map[string]any{"holderIdentity": holder, "leaseDurationSeconds": secs,
			"renewTime": renewed.UTC().Format("2006-01-02T15:04:05.000000Z07:00")}}}
	if _, err := ri.Apply(context.Background(), "greenlight-hello", obj, metav1.ApplyOptions{FieldManager: "other-run", Force: true}); err != nil {
		t.Fatal(err)
	}
}

// A second run waits for the environment's lease and fails clearly; a crashed run's lease
// expires.
func TestLeaseKeepsASecondRunOut(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 3)
	tgt := deployed(t, cfg, ns, manifests(t, "staging"), kubernetes.BlueGreen{}, imgs[0])
	lease(t, cfg, ns, "acme/hello run 42", time.Now(), 60)
	var log lines
	second, err := kubernetes.New("staging", manifests(t, "staging"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithImageName("hello"), kubernetes.WithLease(15*time.Second, 2*time.Second), kubernetes.WithLogger(&log))
	if err != nil {
		t.Fatal(err)
	}
	_, err = second.Deploy(ctx, imgs[1], nil)
	if err == nil || !strings.Contains(err.Error(), "acme/hello run 42") {
		t.Fatalf("a second run while the first holds the lease: %v", err)
	}
	if !log.has("waiting for acme/hello run 42") {
		t.Errorf("no line while waiting: %q", log.l)
	}
	if st, _ := second.State(ctx); st.Stable.ID != imgs[0].Image().Short() {
		t.Fatalf("the refused run changed the environment: %+v", st)
	}
	// The holder crashed: its lease was last renewed 2 minutes ago and lasted 60 s.
	lease(t, cfg, ns, "acme/hello run 42", time.Now().Add(-2*time.Minute), 60)
	if _, err := second.Deploy(ctx, imgs[1], nil); err != nil {
		t.Fatalf("after the crashed run's lease expired: %v", err)
	}
	l := get(t, second, "coordination.k8s.io/v1", "Lease", "greenlight-hello")
	if h, _, _ := unstructured.NestedString(l.Object, "spec", "holderIdentity"); h != "" {
		t.Errorf("the lease is still held by %q after the run", h)
	}
	// A run holds the lease from its canary's Start to its Promote: the second waits for it.
	canary, err := tgt.Start(ctx, imgs[2])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := second.Deploy(ctx, imgs[0], nil); err == nil || !strings.Contains(err.Error(), "is being changed by") {
		t.Fatalf("a second run while the first has a canary out: %v", err)
	}
	if err := tgt.Promote(ctx, canary); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Deploy(ctx, imgs[0], nil); err != nil {
		t.Fatalf("after the first run promoted its canary: %v", err)
	}
}

// A minute without the API server in the middle of a rollout: the deploy waits and finishes.
func TestDeploySurvivesAMinuteOfAPIServerOutage(t *testing.T) {
	base := k8senv.Config(t)
	ns := k8senv.Namespace(t, base)
	ctx := context.Background()
	imgs := images(t, 2)
	proxy, cfg, cut, cutNow := proxyCutAfterApply(t, base)
	tgt := deployed(t, cfg, ns, manifests(t, "production"), kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0"}, imgs[0])
	cut.Store(true)
	go func() {
		<-cutNow
		proxy.Pause()
		time.Sleep(60 * time.Second)
		if err := proxy.Resume(); err != nil {
			t.Error(err)
		}
	}()
	t0 := time.Now()
	if _, err := tgt.Deploy(ctx, imgs[1], testutil.Logger{T: t}); err != nil {
		t.Fatalf("deploy across a 60 s outage: %v", err)
	}
	if time.Since(t0) < 60*time.Second {
		t.Fatal("the outage did not happen during the deploy")
	}
	if image(t, get(t, tgt, "apps/v1", "Deployment", "hello")) != imgs[1].String() {
		t.Error("not running the new version")
	}
	if st, _ := tgt.State(ctx); st.Stable.ID != imgs[1].Image().Short() || st.Previous.ID != imgs[0].Image().Short() {
		t.Errorf("Greenlight's record after the outage: %+v", st)
	}
}

// Issue 9: what is promoted is what the canary Deployment really runs.
func TestPromoteRefusesACanaryWhoseImageWasChanged(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 3)
	tgt := target(t, cfg, ns, manifests(t, "staging"), kubernetes.BlueGreen{})
	r1, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	// Someone sets another image on the canary Deployment.
	d := get(t, tgt, "apps/v1", "Deployment", "hello-"+r2.ID)
	cs, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
	cs[0].(map[string]any)["image"] = imgs[2].String()
	patch, _ := json.Marshal(map[string]any{"spec": map[string]any{"template": map[string]any{"spec": map[string]any{"containers": cs}}}})
	dc := dynamic.NewForConfigOrDie(cfg)
	if _, err := dc.Resource(deployments).Namespace(ns).Patch(ctx, d.GetName(), types.StrategicMergePatchType, patch, metav1.PatchOptions{FieldManager: "kubectl-edit"}); err != nil {
		t.Fatal(err)
	}
	st, err := tgt.State(ctx)
	if err != nil || st.Canary == nil || st.Canary.Image.Digest() != imgs[2].Image().Digest() {
		t.Fatalf("State must report what the canary runs (%s): %+v %v", imgs[2].Image().Digest(), st.Canary, err)
	}
	err = tgt.Promote(ctx, r2)
	if err == nil || !strings.Contains(err.Error(), "refusing to promote") {
		t.Fatalf("promote of a changed canary: %v", err)
	}
	sel, _, _ := unstructured.NestedStringMap(get(t, tgt, "v1", "Service", "hello").Object, "spec", "selector")
	if sel["greenlight.dev/revision"] != r1.ID {
		t.Errorf("traffic moved to %s", sel["greenlight.dev/revision"])
	}
}

// `greenlight status` on a namespace that does not exist.
func TestInventoryOfAMissingNamespaceIsAnError(t *testing.T) {
	cfg := k8senv.Config(t)
	_, err := kubernetes.Inventory(context.Background(), cfg, "no-such-namespace-x1", "hello")
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("inventory of a misspelt namespace: %v", err)
	}
}

// Drift policy: refuse to deploy over a hand edit, or put back what Greenlight applied.
func TestDriftIsRefusedOrReapplied(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	r1, err := target(t, cfg, ns, manifests(t, "production"), kubernetes.BlueGreen{}).Deploy(ctx, imgs[0], testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	patch := []byte(`{"spec":{"template":{"spec":{"containers":[{"name":"hello","env":[{"name":"LOG_LEVEL","value":"debug"}]}]}}}}`)
	dc := dynamic.NewForConfigOrDie(cfg)
	if _, err := dc.Resource(deployments).Namespace(ns).Patch(ctx, "hello-"+r1.ID, types.StrategicMergePatchType, patch, metav1.PatchOptions{FieldManager: "kubectl-edit"}); err != nil {
		t.Fatal(err)
	}
	if d, err := kubernetes.Drift(ctx, cfg, ns, "hello"); err != nil || len(d) != 1 || !strings.Contains(d[0], "LOG_LEVEL") {
		t.Fatalf("drift %q %v", d, err)
	}
	with := func(p kubernetes.DriftPolicy) *kubernetes.Target {
		tgt, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
			kubernetes.WithImageName("hello"), kubernetes.WithDrift(p))
		if err != nil {
			t.Fatal(err)
		}
		return tgt
	}
	if _, err := with(kubernetes.DriftRefuse).Start(ctx, imgs[1]); err == nil || !strings.Contains(err.Error(), "drifted") {
		t.Fatalf("start over drift with DriftRefuse: %v", err)
	}
	if _, err := with(kubernetes.DriftReapply).Start(ctx, imgs[1]); err != nil {
		t.Fatalf("start over drift with DriftReapply: %v", err)
	}
	if d, err := kubernetes.Drift(ctx, cfg, ns, "hello"); err != nil || len(d) != 0 {
		t.Fatalf("drift after re-applying: %q %v", d, err)
	}
	d, _ := dc.Resource(deployments).Namespace(ns).Get(ctx, "hello-"+r1.ID, metav1.GetOptions{})
	if n, _, _ := unstructured.NestedInt64(d.Object, "spec", "replicas"); n != 4 {
		t.Errorf("re-applying to undo the drift left stable with %d replicas, want 4", n)
	}
}

// A partition longer than the rollout's outage budget, shorter than the restore bound, while a
// canary takes traffic, through the pipeline as a run does it: the canary step gives up, the
// restore waits for the API server with a line saying so, retakes the lease that expired
// meanwhile, and puts all traffic back on stable before the run ends, which fails saying what
// happened.
func TestPartitionOutlastingTheBudgetEndsOnStableWithinTheRun(t *testing.T) {
	base := k8senv.Config(t)
	ns := k8senv.Namespace(t, base)
	exp := promtest.NewExporter(t)
	prom := promtest.Start(t, exp)
	imgs := images(t, 2)
	proxy, cfg := k8senv.StartProxy(t, base)
	var log lines
	tgt, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(kubernetes.Canary{Traffic: gatewayapi.New("hello")}), kubernetes.WithImageName("hello"),
		kubernetes.WithRolloutTimeout(90*time.Second), kubernetes.WithLogger(&log),
		kubernetes.WithAPIOutage(2*time.Second), kubernetes.WithRestoreOutage(90*time.Second), kubernetes.WithLease(3*time.Second, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	env := &greenlight.Environment{Name: "production", Target: tgt, Metrics: prometheus.New(prom)}
	ctx := context.Background()
	if _, err := greenlight.Run(ctx, canaryPipeline(imgs[0], true), greenlight.WithEnvironments(env)); err != nil {
		t.Fatal(err)
	}
	v1, v2 := imgs[0].Image().Short(), imgs[1].Image().Short()
	exp.Generate(t, v1, v2, 0)
	promtest.Scraped(t, prom, v1)
	const partition = 10 * time.Second
	var cutAt time.Time
	var once sync.Once
	rep, err := greenlight.Run(ctx, canaryPipeline(imgs[1], true), greenlight.WithEnvironments(env),
		greenlight.WithSink(runlog.SinkFunc(func(e runlog.Event) {
			if e.Kind == runlog.AnalysisVerdict && e.Weight == 10 && e.Verdict != nil && e.Verdict.Outcome == analysis.Pass {
				once.Do(func() {
					// The canary passed 10 %: the cluster is cut off as the run moves it to 50 %.
					cutAt = time.Now()
					proxy.Pause()
					time.AfterFunc(partition, func() {
						if err := proxy.Resume(); err != nil {
							t.Error(err)
						}
					})
				})
			}
		})))
	if cutAt.IsZero() {
		t.Fatalf("the canary never passed 10%%: %v", err)
	}
	if time.Since(cutAt) < partition {
		t.Fatalf("the run ended %s into a %s partition: %v", time.Since(cutAt).Round(time.Second), partition, err)
	}
	if err == nil || !strings.Contains(rep.Error, "the API server failed for 2s") ||
		!strings.Contains(rep.Error, "rolled back to "+v1+" after an API outage of") || strings.Contains(rep.Error, "FAILED") {
		t.Fatalf("the run must fail saying it rolled back after the outage: %v", err)
	}
	t.Logf("the run's error: %s", rep.Error)
	if !log.has("waiting up to") || !log.has("the API server answered again after") || !log.has("took the lease") {
		t.Errorf("no line while waiting for the API server: %q", log.l)
	}
	// What the cluster says, read past the proxy, right after the run.
	check := target(t, base, ns, manifests(t, "production"), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	if w := routeWeights(t, check); len(w) != 1 || w[v1] != 100 {
		t.Fatalf("after the run the route is %v, want 100%% on %s", w, v1)
	}
	if _, err := check.Cluster().Get(ctx, "apps/v1", "Deployment", "hello-"+v2); err == nil {
		t.Error("the canary's Deployment is still there after the run")
	}
	if st, err := check.State(ctx); err != nil || st.Stable.ID != v1 || st.Canary != nil || st.CanaryWeight != 0 {
		t.Errorf("Greenlight's record after the run: %+v %v", st, err)
	}
	l := get(t, check, "coordination.k8s.io/v1", "Lease", "greenlight-hello")
	if h, _, _ := unstructured.NestedString(l.Object, "spec", "holderIdentity"); h != "" {
		t.Errorf("the lease is still held by %q after the run", h)
	}
}

// A partition that outlasts the restore bound too: the run says traffic may still be on the
// canary, and the next run returns all traffic to stable before anything else.
func TestPartitionOutlastingTheRestoreBoundIsReconciledByTheNextRun(t *testing.T) {
	base := k8senv.Config(t)
	ns := k8senv.Namespace(t, base)
	ctx := context.Background()
	imgs := images(t, 3)
	proxy, cfg := k8senv.StartProxy(t, base)
	var log lines
	tgt, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
		kubernetes.WithStrategy(kubernetes.Canary{Traffic: replicas.New()}), kubernetes.WithImageName("hello"), kubernetes.WithLogger(&log),
		kubernetes.WithAPIOutage(time.Second), kubernetes.WithRestoreOutage(3*time.Second), kubernetes.WithLease(3*time.Second, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	rev := canaryAt25(t, tgt, imgs)
	proxy.Pause()
	_, err = tgt.SetCanaryWeight(ctx, rev, 50)
	if err == nil || !strings.Contains(err.Error(), "the API server failed for") || !strings.Contains(err.Error(), "traffic may still be on the canary "+rev.ID) ||
		!strings.Contains(err.Error(), "the next run puts it back on stable") {
		t.Fatalf("a canary step during a partition longer than the restore bound: %v", err)
	}
	if err := tgt.Abort(ctx, rev); err == nil || !strings.Contains(err.Error(), "traffic may still be on the canary") {
		t.Fatalf("Abort while the cluster is cut off: %v", err)
	}
	if !log.has("waiting up to") {
		t.Errorf("no line while waiting for the API server: %q", log.l)
	}
	if err := proxy.Resume(); err != nil {
		t.Fatal(err)
	}
	// The run is over; its lease expires (3 s). The next run starts by putting traffic on stable.
	next := target(t, base, ns, manifests(t, "production"), kubernetes.Canary{Traffic: replicas.New()})
	if _, err := next.Start(ctx, imgs[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := next.Cluster().Get(ctx, "apps/v1", "Deployment", "hello-"+rev.ID); err == nil {
		t.Error("the canary of the partitioned run still runs")
	}
	if n, _, _ := unstructured.NestedInt64(get(t, next, "apps/v1", "Deployment", "hello-"+imgs[0].Image().Short()).Object, "spec", "replicas"); n != 4 {
		t.Errorf("stable has %d replicas, want all 4", n)
	}
}

// A dark launch on Kubernetes mirrors a share of the service's safe requests to a revision that
// takes none, on the real API server (the CRD accepts the rules, methods, names and the
// filter's percent), and a gateway reading the route as the Gateway API specifies it mirrors a
// GET and never a POST (issue 26, defect 1). The control plane has no gateway that forwards,
// so routeFor reads the accepted HTTPRoute with the specification's precedence (exact path,
// longest prefix, method, most headers, most query parameters, then the first rule).
// Everything else of the route stays, and 0 puts it back as it was.
func TestDarkLaunchMirrorsWithTheGatewayAPI(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	ctx := context.Background()
	imgs := images(t, 2)
	tgt := deployed(t, cfg, ns, routeManifests(t, richRoute), kubernetes.Canary{Traffic: gatewayapi.New("hello")}, imgs[0])
	before, _, _ := unstructured.NestedSlice(get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello").Object, "spec", "rules")
	shadow, err := tgt.Start(ctx, imgs[1])
	if err != nil {
		t.Fatal(err)
	}
	defer tgt.Abort(ctx, shadow)
	// The image has no default: without it nothing is mirrored and nothing written.
	if err := (gatewayapi.Mirrorer{Router: gatewayapi.New("hello"), Cluster: tgt.Cluster()}).Mirror(ctx, shadow, 20); err == nil || !strings.Contains(err.Error(), "ShadowProxyImage") {
		t.Fatalf("a mirror with no shadow proxy image: %v", err)
	}
	if cs, _, _ := unstructured.NestedSlice(get(t, tgt, "apps/v1", "Deployment", "hello-"+shadow.ID).Object, "spec", "template", "spec", "containers"); len(cs) != 1 {
		t.Fatalf("a refused mirror changed the shadow's pods: %v", cs)
	}
	// Greenlight's image by digest (kwok pulls nothing and runs no process).
	proxyImage := "ghcr.io/greenlight-cd/greenlight@" + imgs[0].Image().Digest()
	var m flags.Mirror = gatewayapi.Mirrorer{Router: gatewayapi.Router{RouteName: "hello", ShadowProxyImage: proxyImage}, Cluster: tgt.Cluster()}
	if err := m.Mirror(ctx, shadow, 20); err != nil {
		t.Fatal(err)
	}
	if err := m.Mirror(ctx, shadow, 20); err != nil { // again: the same route, not a second mirror
		t.Fatal(err)
	}
	// The marker on every target: the shadow's pods, which serve only mirrored requests, have
	// GREENLIGHT_SHADOW=1, every one of them by the time the route mirrors (the Gateway API
	// cannot set a header on the mirrored copy alone); stable's do not.
	if env := containerEnv(t, get(t, tgt, "apps/v1", "Deployment", "hello-"+shadow.ID).Object, "spec", "template"); !slices.Contains(env, "GREENLIGHT_SHADOW=1") {
		t.Errorf("the shadow's pod template has no GREENLIGHT_SHADOW=1: %v", env)
	}
	if env := containerEnv(t, get(t, tgt, "apps/v1", "Deployment", "hello-"+imgs[0].Image().Short()).Object, "spec", "template"); slices.Contains(env, "GREENLIGHT_SHADOW=1") {
		t.Errorf("stable's pods are marked as a shadow: %v", env)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pods, err := dyn.Resource(schema.GroupVersionResource{Version: "v1", Resource: "pods"}).Namespace(ns).List(ctx, metav1.ListOptions{LabelSelector: "greenlight.dev/revision=" + shadow.ID})
	if err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, p := range pods.Items {
		if p.GetDeletionTimestamp() != nil {
			continue
		}
		live++
		if env := containerEnv(t, p.Object); !slices.Contains(env, "GREENLIGHT_SHADOW=1") {
			t.Errorf("shadow pod %s serves mirrored requests without GREENLIGHT_SHADOW=1: %v", p.GetName(), env)
		}
	}
	if live == 0 {
		t.Errorf("no pod of the shadow %s", shadow.ID)
	}
	// The per-request marker (Greenlight-Shadow: 1): every pod of the shadow, as the API server
	// accepted it, has the shadow proxy in front of the app (`greenlight shadow-proxy` from
	// the port the mirror enters by to the app's 8080), and the Service the mirror's backendRef
	// names sends that port to the proxy's named port, so that only pods with the proxy are
	// its endpoints; stable's pods have no proxy and stable's Service still targets the app.
	// (TestShadowProxyProcessMarksWhatItForwards runs the proxy itself as a process in front of
	// a real HTTP server: kwok's pods run nothing.)
	for _, p := range pods.Items {
		if p.GetDeletionTimestamp() != nil {
			continue
		}
		if err := hasShadowProxy(p.Object, proxyImage); err != nil {
			t.Errorf("shadow pod %s: %v", p.GetName(), err)
		}
	}
	if err := hasShadowProxy(get(t, tgt, "apps/v1", "Deployment", "hello-"+shadow.ID).Object["spec"].(map[string]any)["template"].(map[string]any), proxyImage); err != nil {
		t.Errorf("the shadow's pod template: %v", err)
	}
	if cs, _, _ := unstructured.NestedSlice(get(t, tgt, "apps/v1", "Deployment", "hello-"+imgs[0].Image().Short()).Object, "spec", "template", "spec", "containers"); len(cs) != 1 {
		t.Errorf("stable's pods have %d containers, want the app's alone", len(cs))
	}
	mirrorPort := func(svc string) (port int64, target any) {
		ps, _, _ := unstructured.NestedSlice(get(t, tgt, "v1", "Service", svc).Object, "spec", "ports")
		return ps[0].(map[string]any)["port"].(int64), ps[0].(map[string]any)["targetPort"]
	}
	shadowPort, shadowTarget := mirrorPort("hello-" + shadow.ID)
	if shadowTarget != gatewayapi.ShadowProxyPortName {
		t.Errorf("the shadow's Service sends port %d to %v, not to the shadow proxy's %s", shadowPort, shadowTarget, gatewayapi.ShadowProxyPortName)
	}
	if _, st := mirrorPort("hello-" + imgs[0].Image().Short()); st != int64(8080) {
		t.Errorf("stable's Service targets %v, want the app's 8080", st)
	}
	route := get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello")
	rules, _, _ := unstructured.NestedSlice(route.Object, "spec", "rules")
	for _, c := range []struct {
		method, path string
		backend      string
		mirrored     bool
	}{
		{"GET", "/api/orders", "hello", true},
		{"HEAD", "/api/orders", "hello", true},
		{"OPTIONS", "/api", "hello", true},
		{"POST", "/api/orders", "hello", false},
		{"PUT", "/api/orders/1", "hello", false},
		{"PATCH", "/api/orders/1", "hello", false},
		{"DELETE", "/api/orders/1", "hello", false},
		{"GET", "/docs/intro", "docs", false},
		{"POST", "/docs/intro", "docs", false},
	} {
		rule := routeFor(t, rules, c.method, c.path)
		if rule == nil {
			t.Errorf("%s %s matches no rule", c.method, c.path)
			continue
		}
		refs, _ := rule["backendRefs"].([]any)
		var backends []string
		for _, r := range refs {
			backends = append(backends, r.(map[string]any)["name"].(string))
		}
		mirrorTo, pct, removes, adds, mirrorRefPort := "", int64(0), false, false, int64(0)
		filters, _ := rule["filters"].([]any)
		for _, f := range filters {
			fm := f.(map[string]any)
			switch fm["type"] {
			case "RequestMirror":
				mirrorTo, _, _ = unstructured.NestedString(fm, "requestMirror", "backendRef", "name")
				pct, _, _ = unstructured.NestedInt64(fm, "requestMirror", "percent")
				mirrorRefPort, _, _ = unstructured.NestedInt64(fm, "requestMirror", "backendRef", "port")
			case "RequestHeaderModifier":
				rm, _, _ := unstructured.NestedStringSlice(fm, "requestHeaderModifier", "remove")
				removes = slices.Contains(rm, "Greenlight-Shadow")
				add, _, _ := unstructured.NestedSlice(fm, "requestHeaderModifier", "add")
				adds = len(add) == 1
			}
		}
		ours := c.backend == "hello"
		switch {
		case ours && (len(backends) != 1 || backends[0] != "hello-"+imgs[0].Image().Short()):
			t.Errorf("%s %s goes to %v, want stable only", c.method, c.path, backends)
		case !ours && (len(backends) != 1 || backends[0] != c.backend):
			t.Errorf("%s %s goes to %v, want %s", c.method, c.path, backends, c.backend)
		case c.mirrored && (mirrorTo != "hello-"+shadow.ID || pct != 20 || mirrorRefPort != shadowPort):
			t.Errorf("%s %s is not mirrored to the shadow's proxy port (%d) at 20%%: %v", c.method, c.path, shadowPort, filters)
		case !c.mirrored && mirrorTo != "":
			t.Errorf("%s %s is mirrored to %s: a shadow must never repeat a write", c.method, c.path, mirrorTo)
		case ours && (!removes || !adds):
			t.Errorf("%s %s: the rule must keep its own header filter and remove a client's Greenlight-Shadow: %v", c.method, c.path, filters)
		case !ours && len(filters) != 0:
			t.Errorf("the /docs rule (another service) got filters: %v", filters)
		}
	}
	if hosts, _, _ := unstructured.NestedStringSlice(route.Object, "spec", "hostnames"); len(hosts) != 2 {
		t.Errorf("hostnames after mirroring: %v", hosts)
	}
	// A gateway's path, end to end, from the objects the API server holds: the rule a request
	// takes (routeFor), its mirror's backendRef, that Service's port and target port, the
	// shadow pod's container that declares that port, and that container's command run as the
	// proxy in front of an HTTP server standing in for the app on the pod's 127.0.0.1:8080. A
	// POST is not mirrored; a GET whose client sent Greenlight-Shadow: 0 reaches the shadow's
	// app with exactly Greenlight-Shadow: 1. (kwok runs no process in its pods, and the control
	// plane no gateway, so these two hops are played here.)
	marker := make(chan []string, 1)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		marker <- r.Header.Values(gatewayapi.ShadowHeader)
	}))
	defer app.Close()
	for _, method := range []string{"POST", "GET"} {
		rule := routeFor(t, rules, method, "/api/orders")
		var ref map[string]any
		filters, _ := rule["filters"].([]any)
		for _, f := range filters {
			if fm := f.(map[string]any); fm["type"] == "RequestMirror" {
				ref, _, _ = unstructured.NestedMap(fm, "requestMirror", "backendRef")
			}
		}
		if method == "POST" {
			if ref != nil {
				t.Errorf("a POST is mirrored to %v", ref)
			}
			continue
		}
		if ref == nil {
			t.Fatalf("a GET is not mirrored: %v", filters)
		}
		ps, _, _ := unstructured.NestedSlice(get(t, tgt, "v1", "Service", ref["name"].(string)).Object, "spec", "ports")
		var targetPort any
		for _, p := range ps {
			if pm := p.(map[string]any); pm["port"] == ref["port"] {
				targetPort = pm["targetPort"]
			}
		}
		var proxy map[string]any
		var appPort int64
		for _, p := range pods.Items {
			if p.GetDeletionTimestamp() != nil {
				continue
			}
			cs, _, _ := unstructured.NestedSlice(p.Object, "spec", "containers")
			for _, c := range cs {
				cm := c.(map[string]any)
				cports, _ := cm["ports"].([]any)
				for _, cp := range cports {
					if cpm := cp.(map[string]any); cpm["name"] == targetPort {
						proxy = cm
					} else if cm["name"] == "hello" {
						appPort, _ = cpm["containerPort"].(int64)
					}
				}
			}
			break
		}
		if proxy == nil {
			t.Fatalf("no container of the shadow's pod serves the mirror's port (target %v)", targetPort)
		}
		args, _ := proxy["args"].([]any)
		if len(args) != 5 || args[0] != "shadow-proxy" || args[3] != "--to" || args[4] != fmt.Sprintf("127.0.0.1:%d", appPort) {
			t.Fatalf("the container serving the mirror's port runs %v, not the shadow proxy to the app's %d", args, appPort)
		}
		h, err := shadowproxy.New(shadowproxy.Config{To: app.Listener.Addr().String()})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(method, "/api/orders", nil)
		req.Header.Set(gatewayapi.ShadowHeader, "0")
		h.ServeHTTP(httptest.NewRecorder(), req)
		if got := <-marker; len(got) != 1 || got[0] != "1" {
			t.Errorf("the mirrored GET reached the shadow's app with Greenlight-Shadow %q, want exactly [1]", got)
		}
	}
	if err := m.Mirror(ctx, shadow, 0); err != nil {
		t.Fatal(err)
	}
	after, _, _ := unstructured.NestedSlice(get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello").Object, "spec", "rules")
	if !reflect.DeepEqual(after, before) {
		b1, _ := json.Marshal(before)
		b2, _ := json.Marshal(after)
		t.Errorf("after mirroring 0%%, the rules differ from before:\nbefore %s\nafter  %s", b1, b2)
	}
}

// hasShadowProxy says what is wrong with the shadow proxy of the pod (or pod template) obj:
// a container greenlight-shadow-proxy of image running `shadow-proxy` from the port named
// gl-shadow to 127.0.0.1:8080 (the app's port in testdata/k8s/hello), with GREENLIGHT_SHADOW=1.
func hasShadowProxy(obj map[string]any, image string) error {
	cs, _, _ := unstructured.NestedSlice(obj, "spec", "containers")
	for _, c := range cs {
		cm := c.(map[string]any)
		if cm["name"] != gatewayapi.ShadowProxyContainer {
			continue
		}
		args, _ := json.Marshal(cm["args"])
		ports, _ := cm["ports"].([]any)
		if cm["image"] != image || string(args) != `["shadow-proxy","--listen",":15380","--to","127.0.0.1:8080"]` || len(ports) != 1 {
			return fmt.Errorf("the shadow proxy is %v", cm)
		}
		pm := ports[0].(map[string]any)
		if pm["name"] != gatewayapi.ShadowProxyPortName || pm["containerPort"] != int64(15380) {
			return fmt.Errorf("the shadow proxy's port is %v", pm)
		}
		env, _ := json.Marshal(cm["env"])
		if !strings.Contains(string(env), `{"name":"GREENLIGHT_SHADOW","value":"1"}`) {
			return fmt.Errorf("the shadow proxy's env is %s", env)
		}
		return nil
	}
	return fmt.Errorf("no %s container among %d", gatewayapi.ShadowProxyContainer, len(cs))
}

// containerEnv is NAME=VALUE of every variable of every container of the pod spec at path
// (under "spec"), such as a Deployment's "spec", "template", or a pod's.
func containerEnv(t *testing.T, obj map[string]any, path ...string) []string {
	t.Helper()
	cs, _, _ := unstructured.NestedSlice(obj, append(path, "spec", "containers")...)
	var out []string
	for _, c := range cs {
		env, _ := c.(map[string]any)["env"].([]any)
		for _, e := range env {
			em := e.(map[string]any)
			v, _ := em["value"].(string)
			out = append(out, fmt.Sprint(em["name"])+"="+v)
		}
	}
	return out
}

// routeFor is the rule of rules a request takes, by the Gateway API's precedence
// (HTTPRouteRule.matches): an exact path match, then the longest prefix, then a method match,
// then the most header matches, then the most query parameter matches; on a tie the first
// rule. It reads what the test route uses: paths (Exact, PathPrefix) and methods.
func routeFor(t *testing.T, rules []any, method, path string) map[string]any {
	t.Helper()
	var best map[string]any
	var bestKey [5]int
	for _, r := range rules {
		rm := r.(map[string]any)
		matches, _ := rm["matches"].([]any)
		if len(matches) == 0 {
			matches = []any{map[string]any{}}
		}
		for _, m := range matches {
			mm := m.(map[string]any)
			typ, _, _ := unstructured.NestedString(mm, "path", "type")
			val, _, _ := unstructured.NestedString(mm, "path", "value")
			if typ == "" {
				typ = "PathPrefix"
			}
			if val == "" {
				val = "/"
			}
			var key [5]int
			switch typ {
			case "Exact":
				if path != val {
					continue
				}
				key[0] = 1
			case "PathPrefix":
				// Element-wise: /api matches /api and /api/x, not /apix.
				if !(val == "/" || path == strings.TrimSuffix(val, "/") || strings.HasPrefix(path, strings.TrimSuffix(val, "/")+"/")) {
					continue
				}
				key[1] = len(strings.TrimSuffix(val, "/"))
			default:
				t.Fatalf("path match type %s", typ)
			}
			if mth, _ := mm["method"].(string); mth != "" {
				if mth != method {
					continue
				}
				key[2] = 1
			}
			if h, _ := mm["headers"].([]any); len(h) > 0 {
				t.Fatalf("header matches: not in the test route")
			}
			if best == nil || slices.Compare(key[:], bestKey[:]) > 0 {
				best, bestKey = rm, key
			}
		}
	}
	return best
}

// podDrain returns the pod template's grace period (-1 when unset) and each container's
// preStop by name.
func podDrain(t *testing.T, d *unstructured.Unstructured) (grace int64, preStop map[string]any) {
	t.Helper()
	grace, found, _ := unstructured.NestedInt64(d.Object, "spec", "template", "spec", "terminationGracePeriodSeconds")
	if !found {
		grace = -1
	}
	preStop = map[string]any{}
	cs, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
	for _, c := range cs {
		cm := c.(map[string]any)
		p, _, _ := unstructured.NestedMap(cm, "lifecycle", "preStop")
		preStop[cm["name"].(string)] = p
	}
	return grace, preStop
}

func sleepOf(p any) int64 {
	m, _ := p.(map[string]any)
	s, _, _ := unstructured.NestedInt64(m, "sleep", "seconds")
	return s
}

// Every Deployment Greenlight applies gives its containers a graceful drain (a preStop sleep,
// accepted by the real API server, and a grace period that covers it), keeps a container's own
// preStop and the manifest's grace period, and applies none when switched off.
func TestDeployedPodsDrainBeforeTheyStop(t *testing.T) {
	cfg := k8senv.Config(t)
	imgs := images(t, 1)
	ctx := context.Background()
	sidecar := func(grace string) kubernetes.Manifests {
		m := manifests(t, "production")
		dep, _ := m.Deployment()
		spec, _, _ := unstructured.NestedMap(dep.Object, "spec", "template", "spec")
		cs := spec["containers"].([]any)
		cs = append(cs, map[string]any{"name": "proxy", "image": "envoy:1.36",
			"lifecycle": map[string]any{"preStop": map[string]any{"exec": map[string]any{"command": []any{"/bin/drain", "--wait=20s"}}}}})
		cs = append(cs, map[string]any{"name": "log-shipper", "image": "fluent-bit:4"})
		spec["containers"] = cs
		if grace != "" {
			var g int64
			fmt.Sscan(grace, &g)
			spec["terminationGracePeriodSeconds"] = g
		}
		unstructured.SetNestedMap(dep.Object, spec, "spec", "template", "spec")
		return m
	}
	for _, tc := range []struct {
		name      string
		s         kubernetes.Strategy
		m         kubernetes.Manifests
		opts      []kubernetes.Option
		wantGrace int64
		wantSleep map[string]int64 // container → preStop sleep seconds; -1: its own hook, kept
	}{
		{"rolling default", kubernetes.Rolling{}, manifests(t, "production"), nil, 40, map[string]int64{"hello": 10}},
		{"bluegreen default", kubernetes.BlueGreen{}, manifests(t, "production"), nil, 40, map[string]int64{"hello": 10}},
		{"own preStop kept, grace kept", kubernetes.Canary{Traffic: replicas.New()}, sidecar("90"), nil, 90,
			map[string]int64{"hello": 10, "proxy": -1, "log-shipper": 10}},
		{"short grace kept, sleep fits in it", kubernetes.Rolling{}, sidecar("8"), nil, 8,
			map[string]int64{"hello": 4, "proxy": -1, "log-shipper": 4}},
		{"configured", kubernetes.Rolling{}, manifests(t, "production"), []kubernetes.Option{kubernetes.WithDrain(25 * time.Second)}, 55,
			map[string]int64{"hello": 25}},
		{"switched off", kubernetes.BlueGreen{}, sidecar(""), []kubernetes.Option{kubernetes.WithDrain(0)}, 30,
			map[string]int64{"hello": 0, "proxy": -1, "log-shipper": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ns := k8senv.Namespace(t, cfg)
			tgt, err := kubernetes.New("production", tc.m, append([]kubernetes.Option{kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
				kubernetes.WithStrategy(tc.s), kubernetes.WithImageName("hello"), kubernetes.WithRolloutTimeout(90 * time.Second)}, tc.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			rev, err := tgt.Deploy(ctx, imgs[0], testutil.Logger{T: t})
			if err != nil {
				t.Fatal(err)
			}
			name := "hello"
			if _, ok := tc.s.(kubernetes.Rolling); !ok {
				name += "-" + rev.ID
			}
			grace, preStop := podDrain(t, get(t, tgt, "apps/v1", "Deployment", name))
			if grace != tc.wantGrace {
				t.Errorf("terminationGracePeriodSeconds %d, want %d", grace, tc.wantGrace)
			}
			for c, want := range tc.wantSleep {
				p := preStop[c]
				switch {
				case want == -1:
					cmd, _, _ := unstructured.NestedStringSlice(p.(map[string]any), "exec", "command")
					if len(p.(map[string]any)) != 1 || strings.Join(cmd, " ") != "/bin/drain --wait=20s" {
						t.Errorf("container %s's own preStop was changed: %v", c, p)
					}
				case want == 0 && len(p.(map[string]any)) != 0:
					t.Errorf("container %s got a preStop with the drain switched off: %v", c, p)
				case sleepOf(p) != want:
					t.Errorf("container %s: preStop %v, want a sleep of %d s", c, p, want)
				}
			}
		})
	}
}

// A partition longer than the budget in the middle of a rolling update (as the new template is
// applied, whose answer is lost, or while the run waits for the rollout): the run gives up on the
// rollout and, as soon as the API server answers, puts the previous configuration back, saying
// after how long an outage.
func TestRollingDeployAcrossALongPartitionEndsOnThePreviousVersion(t *testing.T) {
	base := k8senv.Config(t)
	imgs := images(t, 2)
	for _, tc := range []struct {
		name   string
		method string
	}{{"during the apply", http.MethodPatch}, {"during the wait", http.MethodGet}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ns := k8senv.Namespace(t, base)
			ctx := context.Background()
			proxy, cfg := k8senv.StartProxy(t, base)
			var armed, applied atomic.Bool
			cutNow := make(chan struct{})
			cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
				return rtFunc(func(r *http.Request) (*http.Response, error) {
					resp, err := rt.RoundTrip(r)
					if !armed.Load() || !strings.HasSuffix(r.URL.Path, "/deployments/hello") || r.URL.Query().Get("dryRun") != "" {
						return resp, err
					}
					if r.Method == http.MethodPatch {
						applied.Store(true)
					}
					if r.Method == tc.method && applied.Load() && armed.CompareAndSwap(true, false) {
						close(cutNow)
					}
					return resp, err
				})
			}
			var log lines
			tgt, err := kubernetes.New("production", manifests(t, "production"), kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns),
				kubernetes.WithStrategy(kubernetes.Rolling{MaxSurge: "1", MaxUnavailable: "0"}), kubernetes.WithImageName("hello"),
				kubernetes.WithRolloutTimeout(90*time.Second), kubernetes.WithLogger(&log),
				kubernetes.WithAPIOutage(2*time.Second), kubernetes.WithRestoreOutage(90*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tgt.Deploy(ctx, imgs[0], nil); err != nil {
				t.Fatal(err)
			}
			const partition = 8 * time.Second
			armed.Store(true)
			go func() {
				<-cutNow
				proxy.Pause()
				time.Sleep(partition)
				if err := proxy.Resume(); err != nil {
					t.Error(err)
				}
			}()
			t0 := time.Now()
			_, err = tgt.Deploy(ctx, imgs[1], nil)
			if err == nil || !strings.Contains(err.Error(), "the API server did not answer during the rollout") ||
				!strings.Contains(err.Error(), "rolled back automatically to the previous configuration ("+imgs[0].Image().Short()+") after an API outage of") {
				t.Fatalf("a rolling deploy across a partition longer than its budget: %v", err)
			}
			if time.Since(t0) < partition {
				t.Fatal("the partition did not happen during the deploy")
			}
			if !log.has("waiting up to") {
				t.Errorf("no line while waiting for the API server: %q", log.l)
			}
			check := target(t, base, ns, manifests(t, "production"), kubernetes.Rolling{})
			if image(t, get(t, check, "apps/v1", "Deployment", "hello")) != imgs[0].String() {
				t.Error("the Deployment does not run the previous version after the run")
			}
			if st, err := check.State(ctx); err != nil || st.Stable.ID != imgs[0].Image().Short() {
				t.Errorf("Greenlight's record after the run: %+v %v", st, err)
			}
		})
	}
}
