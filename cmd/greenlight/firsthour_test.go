package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// A newcomer's first hour, end to end: a fresh Go service; greenlight init; the pipeline run
// locally; then the run GitHub makes when CI passed on a push (a workflow_run event, through
// `greenlight run` as the action calls it, against the fake GitHub, a registry and the test
// Kubernetes cluster): tested, built, signed, deployed to staging, released to production and
// promoted, each recorded as a GitHub deployment that `greenlight status --github` shows.
func TestFirstHour(t *testing.T) {
	cfg := k8senv.Config(t)
	svc := newService(t)
	reg := testutil.Registry(t)
	t.Setenv("GITHUB_REPOSITORY", "")
	if code, out, errs := runCLI("init", "--dir", svc, "--image", reg.Repo("acme/shop")); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	bin := filepath.Join(t.TempDir(), "pipeline")
	offline(t, filepath.Join(svc, ".greenlight"), "build", "-o", bin, ".")
	localRun(t, svc, bin)
	// On the runner the checkout is the commit the event names, which is the fake's history
	// here, not this fixture's git repository.
	os.RemoveAll(filepath.Join(svc, ".git"))

	// The namespaces are the environments' names: start from none, leave none.
	dc := dynamic.NewForConfigOrDie(cfg)
	nsRes := dc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"})
	for _, ns := range []string{"staging", "production"} {
		nsRes.Delete(context.Background(), ns, metav1.DeleteOptions{})
		t.Cleanup(func() { nsRes.Delete(context.Background(), ns, metav1.DeleteOptions{}) })
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			if _, err := nsRes.Get(context.Background(), ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("namespace %s from an earlier run is still being deleted", ns)
			}
		}
	}

	// GitHub: the commit CI passed, green; the workflow's token.
	commit := strings.Repeat("4a", 20)
	f := githubfake.New(commit)
	defer f.Close()
	f.Status(commit, "CI", "success")
	f.Token("ghs_deploy", githubfake.WorkflowPermissions)
	// The deploy job is itself a check run on the commit, in progress, as on GitHub.
	runID, _ := f.StartRun("deploy.yml", commit, "deploy")
	gh := t.TempDir()
	event := filepath.Join(gh, "event.json")
	ev, _ := json.Marshal(map[string]any{
		"action": "completed",
		"workflow_run": map[string]any{"id": 41, "name": "Tests", "head_branch": "main", "head_sha": commit, "event": "push",
			"status": "completed", "conclusion": "success", "actor": map[string]any{"login": "ann"},
			"head_repository": map[string]any{"full_name": "acme/shop"}},
		"repository": map[string]any{"full_name": "acme/shop", "default_branch": "main"},
		"sender":     map[string]any{"login": "ann"},
	})
	os.WriteFile(event, ev, 0o644)
	if code, _, errs := runCLI("keygen", "--dir", svc); code != 0 {
		t.Fatal(errs)
	}
	kubeconfig, err := os.ReadFile(k8senv.Kubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_run", "GITHUB_EVENT_PATH": event,
		"GITHUB_SHA": strings.Repeat("9", 40), "GITHUB_REF": "refs/heads/main", "GITHUB_ACTOR": "ann",
		"GITHUB_REPOSITORY": "acme/shop", "GITHUB_TOKEN": "ghs_deploy", "GITHUB_API_URL": f.URL, "GITHUB_RUN_ID": fmt.Sprint(runID),
		"GITHUB_OUTPUT": filepath.Join(gh, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(gh, "summary"),
		"GREENLIGHT_COMMAND": "", "COSIGN_KEY": filepath.Join(svc, "cosign.key"), "COSIGN_PASSWORD": "",
		"KUBE_CONFIG": string(kubeconfig), "KUBECONFIG": "", "PROMETHEUS_URL": "http://127.0.0.1:1",
	} {
		t.Setenv(k, v)
	}
	code, out, errs := runCLI("run", "--pipeline", filepath.Join(svc, ".greenlight"), "--cache", t.TempDir())
	if code != 0 {
		t.Fatalf("the push run: %d\n%s\n%s", code, out, errs)
	}
	outputs, _ := os.ReadFile(filepath.Join(gh, "output"))
	digest := regexp.MustCompile(`sha256:[0-9a-f]{64}`).FindString(string(outputs))
	if digest == "" || !strings.Contains(string(outputs), "\npassed\n") {
		t.Fatalf("outputs:\n%s\n%s\n%s", outputs, out, errs)
	}
	summary, _ := os.ReadFile(filepath.Join(gh, "summary"))
	for _, stage := range []string{"test", "build", "sign", "deploy-staging", "canary", "promote"} {
		if !strings.Contains(string(summary), stage) {
			t.Errorf("the step summary lacks %s:\n%s", stage, summary)
		}
	}
	for _, k := range []string{"GITHUB_ACTIONS", "GITHUB_EVENT_NAME"} {
		t.Setenv(k, "")
	}
	code, status, errs := runCLI("status", "--github", "--repo", "acme/shop", "--api", f.URL, "staging", "production")
	if code != 0 || strings.Count(status, digest) != 2 || !strings.Contains(status, commit[:7]) {
		t.Fatalf("greenlight status --github: %d\n%s\n%s", code, status, errs)
	}
	t.Logf("greenlight status --github after the push run:\n%s", status)
}
