package kubernetes_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/promtest"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
)

func routeWeights(t *testing.T, tgt *kubernetes.Target) map[string]int64 {
	t.Helper()
	rules, _, _ := unstructured.NestedSlice(get(t, tgt, "gateway.networking.k8s.io/v1", "HTTPRoute", "hello").Object, "spec", "rules")
	out := map[string]int64{}
	for _, r := range rules[0].(map[string]any)["backendRefs"].([]any) {
		m := r.(map[string]any)
		out[strings.TrimPrefix(m["name"].(string), "hello-")] = m["weight"].(int64)
	}
	return out
}

func canaryPipeline(signed greenlight.SignedImage, promote bool) func(*greenlight.P) {
	return func(p *greenlight.P) {
		prod := p.Env("production")
		p.Canary(signed, prod, greenlight.CanaryPlan{Steps: []int{10, 50, 100}, Interval: 500 * time.Millisecond, MaxWait: time.Minute,
			Judge: analysis.Compare{MinRequests: 50}})
		if promote {
			p.Promote(signed, prod)
		}
	}
}

func TestCanaryJudgedOnPrometheusData(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	exp := promtest.NewExporter(t)
	prom := promtest.Start(t, exp)
	imgs := images(t, 3)
	tgt := target(t, cfg, ns, manifests(t, "production"), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	env := &greenlight.Environment{Name: "production", Target: tgt, Metrics: prometheus.New(prom)}
	ctx := context.Background()
	if _, err := greenlight.Run(ctx, canaryPipeline(imgs[0], true), greenlight.WithEnvironments(env)); err != nil {
		t.Fatal(err)
	}
	v1, v2, v3 := imgs[0].Image().Short(), imgs[1].Image().Short(), imgs[2].Image().Short()

	// A bad canary: 30 % of its requests fail in Prometheus' data.
	exp.Generate(t, v1, v2, 30)
	promtest.Scraped(t, prom, v1)
	rep, err := greenlight.Run(ctx, canaryPipeline(imgs[1], true), greenlight.WithEnvironments(env))
	if err == nil || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Error, "canary failed at 10%") {
		t.Fatalf("bad canary: %v", err)
	}
	if w := routeWeights(t, tgt); len(w) != 1 || w[v1] != 100 {
		t.Fatalf("after the rollback the route is %v, want 100%% on %s", w, v1)
	}
	if _, err := tgt.Cluster().Get(ctx, "apps/v1", "Deployment", "hello-"+v2); err == nil {
		t.Error("the failed canary's Deployment is still there")
	}
	st, _ := tgt.State(ctx)
	if st.Stable.ID != v1 || st.Canary != nil {
		t.Errorf("inventory after the rollback: %+v", st)
	}

	// A good canary is promoted through 10 % and 50 %.
	exp.Generate(t, v1, v3, 0)
	rep, err = greenlight.Run(ctx, canaryPipeline(imgs[2], true), greenlight.WithEnvironments(env))
	if err != nil {
		t.Fatalf("good canary: %v", err)
	}
	if len(rep.Verdicts) != 2 || rep.Verdicts[1].Weight != 50 || rep.Verdicts[1].Canary.Requests < 50 {
		t.Errorf("verdicts %+v", rep.Verdicts)
	}
	if w := routeWeights(t, tgt); len(w) != 1 || w[v3] != 100 {
		t.Fatalf("after promote the route is %v", w)
	}
}

func TestCancelMidCanaryRestoresStableInTheCluster(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	exp := promtest.NewExporter(t)
	prom := promtest.Start(t, exp)
	imgs := images(t, 2)
	tgt := target(t, cfg, ns, manifests(t, "staging"), kubernetes.Canary{Traffic: gatewayapi.New("hello")})
	env := &greenlight.Environment{Name: "production", Target: tgt, Metrics: prometheus.New(prom)}
	if _, err := greenlight.Run(context.Background(), canaryPipeline(imgs[0], true), greenlight.WithEnvironments(env)); err != nil {
		t.Fatal(err)
	}
	v1, v2 := imgs[0].Image().Short(), imgs[1].Image().Short()
	exp.Generate(t, v1, "", 0) // stable serves (the canary's preflight reads it); the canary never will
	promtest.Scraped(t, prom, v1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, _ := greenlight.Run(ctx, canaryPipeline(imgs[1], true), greenlight.WithEnvironments(env),
		greenlight.WithSink(runlog.SinkFunc(func(e runlog.Event) {
			if e.Kind == runlog.TrafficShifted && e.Weight == 10 {
				cancel() // SIGINT while the canary takes 10 %: no data flows, so it would wait
			}
		})))
	if rep.Status != runlog.Cancelled {
		t.Fatalf("status %s: %s", rep.Status, rep.Error)
	}
	if w := routeWeights(t, tgt); len(w) != 1 || w[v1] != 100 {
		t.Fatalf("after cancel the route is %v", w)
	}
	if _, err := tgt.Cluster().Get(context.Background(), "apps/v1", "Deployment", "hello-"+v2); err == nil {
		t.Error("the cancelled canary's Deployment is still there")
	}
}
