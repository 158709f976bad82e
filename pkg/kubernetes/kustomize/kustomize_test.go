package kustomize_test

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/kustomize"
)

func TestLoadRendersAnOverlay(t *testing.T) {
	m, err := kustomize.Load("testdata/production")
	if err != nil {
		t.Fatal(err)
	}
	dep, err := m.Deployment()
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := unstructured.NestedInt64(dep.Object, "spec", "replicas"); n != 4 {
		t.Errorf("replicas %d, want 4 from the overlay's patch", n)
	}
	if dep.GetLabels()["tier"] != "web" || dep.GetNamespace() != "prod" {
		t.Errorf("labels %v namespace %q", dep.GetLabels(), dep.GetNamespace())
	}
	if _, ok := m.Find("Service", "hello"); !ok {
		t.Error("the base's Service is missing")
	}
}

func TestLoadRefusesAPlainFolder(t *testing.T) {
	if _, err := kustomize.Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no kustomization.yaml") {
		t.Fatalf("%v", err)
	}
}
