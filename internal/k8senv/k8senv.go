// Package k8senv connects tests to the project's real Kubernetes control plane, started by
// start-cluster.sh beside this file (`make test` starts it). Without a running cluster the tests
// fail and say how to start one: they never skip.
package k8senv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Kubeconfig is where start-cluster.sh writes the cluster's kubeconfig.
func Kubeconfig() string {
	if p := os.Getenv("GREENLIGHT_KUBECONFIG"); p != "" {
		return p
	}
	root := os.Getenv("K8SF_ROOT")
	if root == "" {
		home, _ := os.UserHomeDir()
		root = filepath.Join(home, ".cache", "greenlight-k8s")
	}
	return filepath.Join(root, "run", "kubeconfig")
}

const howTo = "start one with internal/k8senv/start-cluster.sh (make test does it; the first build takes 5-8 minutes)"

// Config returns the test cluster's client configuration, or fails the test.
func Config(t testing.TB) *rest.Config {
	t.Helper()
	path := Kubeconfig()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Kubernetes control plane for the tests (%s missing): %s", path, howTo)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatalf("kubeconfig %s: %v", path, err)
	}
	cfg.Timeout = 30 * time.Second
	dc := dynamic.NewForConfigOrDie(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := dc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Get(ctx, "default", metav1.GetOptions{}); err != nil {
		t.Fatalf("the Kubernetes control plane at %s does not answer (%v): %s", cfg.Host, err, howTo)
	}
	return cfg
}

// Namespace returns a fresh namespace name for the test, deleted when it ends.
func Namespace(t testing.TB, cfg *rest.Config) string {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	ns := "t-" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		dc := dynamic.NewForConfigOrDie(cfg)
		dc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Delete(context.Background(), ns, metav1.DeleteOptions{})
	})
	return ns
}
