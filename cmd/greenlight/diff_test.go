package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// greenlight diff staging production, and greenlight status --drift, on the real cluster.
func TestDiffAndDrift(t *testing.T) {
	cfg := k8senv.Config(t)
	staging, prod := k8senv.Namespace(t, cfg), k8senv.Namespace(t, cfg)
	root := filepath.Join(testutil.ModuleRoot(), "testdata", "k8s", "hello")
	reg := testutil.Registry(t)
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	var imgs []oci.Image
	for _, tag := range []string{"v1", "v2"} {
		imgs = append(imgs, testutil.BuildHello(t, reg.Repo("acme/hello"), tag, ""))
	}
	deploy := func(env, ns string, img oci.Image) {
		m, err := kubernetes.LoadManifests(filepath.Join(root, "base"), filepath.Join(root, "overlays", env))
		if err != nil {
			t.Fatal(err)
		}
		tgt, err := kubernetes.New(env, m, kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns), kubernetes.WithImageName("hello"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
			p.DeployStaging(p.Sign(img, s), p.Env(env))
		}, greenlight.WithEnvironments(&greenlight.Environment{Name: env, Target: tgt})); err != nil {
			t.Fatal(err)
		}
	}
	deploy("staging", staging, imgs[1])
	deploy("production", prod, imgs[0])
	kc := k8senv.Kubeconfig()
	code, out, errs := runCLI("diff", "--kubeconfig", kc, "--app", "hello", "staging="+staging, "production="+prod)
	if code != 1 || !strings.Contains(out, "-        image: "+imgs[0].String()) || !strings.Contains(out, "+        image: "+imgs[1].String()) ||
		!strings.Contains(out, "--- production (now)") {
		t.Fatalf("diff: exit %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out, "replicas") {
		t.Errorf("the diff shows each environment's own replica count:\n%s", out)
	}
	if code, out, _ := runCLI("diff", "--kubeconfig", kc, "--app", "hello", "production="+prod, "production="+prod); code != 0 || !strings.Contains(out, "run the same release") {
		t.Errorf("diff of one environment with itself: %d %s", code, out)
	}

	if code, out, errs := runCLI("status", "--kubeconfig", kc, "--app", "hello", "--drift", "production="+prod); code != 0 || !strings.Contains(out, "no drift") {
		t.Fatalf("status --drift before any change: %d\n%s\n%s", code, out, errs)
	}
	// Someone edits production by hand: another log level, and a sidecar-less image swap.
	dc := dynamic.NewForConfigOrDie(cfg)
	deps := dc.Resource(schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}).Namespace(prod)
	list, err := deps.List(context.Background(), metav1.ListOptions{})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("deployments in production: %v", err)
	}
	name := list.Items[0].GetName()
	patch, _ := json.Marshal(map[string]any{"spec": map[string]any{"template": map[string]any{"spec": map[string]any{
		"containers": []any{map[string]any{"name": "hello", "image": imgs[1].String(), "env": []any{map[string]any{"name": "LOG_LEVEL", "value": "debug"}}}}}}}})
	if _, err := deps.Patch(context.Background(), name, types.StrategicMergePatchType, patch, metav1.PatchOptions{FieldManager: "kubectl-edit"}); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI("status", "--kubeconfig", kc, "--app", "hello", "--drift", "production="+prod)
	if code != 1 || !strings.Contains(out, "runs "+imgs[1].Digest()) || !strings.Contains(out, `containers[hello].env[LOG_LEVEL].value is "debug", Greenlight applied "info"`) {
		t.Fatalf("status --drift after a hand edit: %d\n%s\n%s", code, out, errs)
	}
}

func TestUnifiedDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	b := "a\nb\nC\nd\ne\nf\ng\nh\ni\nj\nk\n"
	got := kubernetes.UnifiedDiff("x", "y", a, b)
	want := "--- x\n+++ y\n@@ -1,6 +1,6 @@\n a\n b\n-c\n+C\n d\n e\n f\n@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n"
	if got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
}
