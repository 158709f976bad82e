package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
)

// podinfoLike writes a service shaped like stefanprodan/podinfo: two main packages (the server
// with a --port flag and static files under ui/, and a CLI), kustomize bases under deploy/bases
// with overlays per environment, a Helm chart, a test workflow on pushes to master and a release
// workflow on tags, in a git repository whose default branch is master (origin's HEAD).
// onlyFrontend makes the overlays render the service alone; otherwise they add a Redis cache.
func podinfoLike(t *testing.T, onlyFrontend bool) string {
	t.Helper()
	svc := t.TempDir()
	overlay := "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: %s\nresources:\n  - ../../bases/frontend\n"
	if !onlyFrontend {
		overlay += "  - ../../bases/cache\n"
	}
	files := map[string]string{
		"go.mod": "module github.com/acme/podinfo\n\ngo 1.26.0\n",
		"cmd/podinfo/main.go": `// podinfo serves its UI from ./ui on --port.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
)

func main() {
	port := flag.Int("port", 9898, "HTTP port to bind service to")
	ui := flag.String("ui-path", "./ui", "UI local path")
	flag.Parse()
	http.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.Handle("GET /", http.FileServer(http.Dir(*ui)))
	log.Fatal(http.ListenAndServe(fmt.Sprintf(":%d", *port), nil))
}
`,
		"cmd/podcli/main.go":                            "// podcli talks to podinfo.\npackage main\n\nfunc main() {}\n",
		"ui/vue.html":                                   "<h1>podinfo</h1>\n",
		"charts/podinfo/Chart.yaml":                     "apiVersion: v2\nname: podinfo\nversion: 6.1.0\n",
		"charts/podinfo/templates/deployment.yaml":      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
		"deploy/bases/frontend/kustomization.yaml":      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n",
		"deploy/bases/frontend/deployment.yaml":         "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\nspec:\n  selector:\n    matchLabels: {app: frontend}\n  template:\n    metadata:\n      labels: {app: frontend}\n    spec:\n      containers:\n      - name: frontend\n        image: ghcr.io/acme/podinfo:6.1.0\n        command: [./podinfo, --port=9898]\n",
		"deploy/bases/frontend/service.yaml":            "apiVersion: v1\nkind: Service\nmetadata:\n  name: frontend\nspec:\n  selector: {app: frontend}\n  ports:\n  - port: 80\n    targetPort: 9898\n",
		"deploy/bases/cache/kustomization.yaml":         "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n",
		"deploy/bases/cache/deployment.yaml":            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n  selector:\n    matchLabels: {app: cache}\n  template:\n    metadata:\n      labels: {app: cache}\n    spec:\n      containers:\n      - name: redis\n        image: redis:7\n",
		"deploy/overlays/dev/kustomization.yaml":        strings.Replace(overlay, "%s", "dev", 1),
		"deploy/overlays/staging/kustomization.yaml":    strings.Replace(overlay, "%s", "staging", 1),
		"deploy/overlays/production/kustomization.yaml": strings.Replace(overlay, "%s", "production", 1),
		".github/workflows/test.yml":                    "name: test\non:\n  pull_request:\n  push:\n    branches:\n      - 'master'\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n",
		".github/workflows/release.yml":                 "name: release\non:\n  push:\n    tags:\n      - '*'\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo release\n",
	}
	for rel, content := range files {
		p := filepath.Join(svc, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitRepo(t, svc, "master")
	// Cloned: origin's HEAD names master, and a second branch exists locally.
	git(t, svc, "branch", "feature")
	git(t, svc, "update-ref", "refs/remotes/origin/master", "HEAD")
	git(t, svc, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master")
	return svc
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// deployWorkflow reads what the generated workflow runs after, on which branch.
func deployWorkflow(t *testing.T, svc string) (workflows, branches []string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(svc, ".github", "workflows", "deploy.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On struct {
			WorkflowRun struct{ Workflows, Branches []string } `yaml:"workflow_run"`
		} `yaml:"on"`
	}
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatal(err)
	}
	return wf.On.WorkflowRun.Workflows, wf.On.WorkflowRun.Branches
}

// On a repository shaped like podinfo, init uses master (read from git, not assumed), waits for
// the test workflow (the release workflow on tags is no CI), does not skip the manifests
// silently: overlays that render two Deployments are named with exactly what to do, as is
// the Helm chart; it writes no starter manifests over them.
func TestInitFitsAPodinfoShapedRepository(t *testing.T) {
	svc := podinfoLike(t, false)
	t.Setenv("GITHUB_REPOSITORY", "")
	if code, _, errs := runCLI("init", "--dir", svc); code != 2 || !strings.Contains(errs, "several main packages (./cmd/podcli, ./cmd/podinfo)") {
		t.Fatalf("two main packages: %d %s", code, errs)
	}
	code, out, errs := runCLI("init", "--dir", svc, "--main", "./cmd/podinfo")
	if code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		`after "test" succeeds on a push to master (the default branch, from origin/HEAD)`,
		"Manifests: TO DO",
		"deploy/overlays/staging renders 2 Deployments (frontend in deploy/bases/frontend, cache in deploy/bases/cache)",
		"with only podinfo's Deployment", "../../../deploy/bases/frontend",
		"charts/podinfo is a Helm chart", "helm template podinfo charts/podinfo",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("init's output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(svc, "deploy", "base")); err == nil {
		t.Error("init wrote starter manifests into a repository that has its own")
	}
	if wfs, brs := deployWorkflow(t, svc); !reflect.DeepEqual(wfs, []string{"test"}) || !reflect.DeepEqual(brs, []string{"master"}) {
		t.Errorf("the deploy workflow runs after %v on %v", wfs, brs)
	}
	pl, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "pipeline.go"))
	if !strings.Contains(string(pl), `Branch:       "master"`) || !strings.Contains(string(pl), `Main: "./cmd/podinfo"`) {
		t.Errorf("pipeline.go:\n%s", pl)
	}
	if n := strings.Count(string(pl), "\n"); n > 80 {
		t.Errorf("pipeline.go is %d lines: the wiring belongs in pkg/launch", n)
	}
}

// When the overlays render the service alone, the pipeline deploys them as they are, with
// kustomize, putting the signed image where the manifests name ghcr.io/acme/podinfo; the
// README says so and that production is gated only with Slack; the pipeline compiles.
func TestInitPointsThePipelineAtKustomizeOverlays(t *testing.T) {
	svc := podinfoLike(t, true)
	t.Setenv("GITHUB_REPOSITORY", "")
	code, out, errs := runCLI("init", "--dir", svc, "--main", "./cmd/podinfo")
	if code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "Manifests: the pipeline deploys the kustomize overlays deploy/overlays/staging and deploy/overlays/production") {
		t.Errorf("init's output:\n%s", out)
	}
	pdir := filepath.Join(svc, ".greenlight")
	pl, _ := os.ReadFile(filepath.Join(pdir, "pipeline.go"))
	for _, want := range []string{`kustomize.Load(filepath.Join(gh.Root, "deploy/overlays", env))`, `ImageName:     "ghcr.io/acme/podinfo"`} {
		if !strings.Contains(string(pl), want) {
			t.Errorf("pipeline.go lacks %q:\n%s", want, pl)
		}
	}
	if n := strings.Count(string(pl), "\n"); n > 80 {
		t.Errorf("pipeline.go is %d lines", n)
	}
	readme, _ := os.ReadFile(filepath.Join(pdir, "README.md"))
	for _, want := range []string{"kustomize overlay ../deploy/overlays/staging", "Production is gated only when Slack is configured", `image "ghcr.io/acme/podinfo"`} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README lacks %q:\n%s", want, readme)
		}
	}
	if strings.Contains(string(readme), "deploy/base") {
		t.Errorf("README names deploy/base, which the pipeline does not read:\n%s", readme)
	}
	bin := filepath.Join(t.TempDir(), "pipeline")
	offline(t, pdir, "build", "-o", bin, ".")

	// On GitHub with nothing configured: everything missing in one run, each on its line.
	cmd := exec.Command(bin)
	cmd.Dir = pdir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + t.TempDir(), "KUBECONFIG=" + filepath.Join(t.TempDir(), "none")}
	b, err := cmd.CombinedOutput()
	text := string(b)
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("exit %v:\n%s", err, text)
	}
	for _, want := range []string{"4 things are missing", "or try --local", "COSIGN_KEY", "GITHUB_TOKEN", "PROMETHEUS_URL", "KUBE_CONFIG"} {
		if !strings.Contains(text, want) {
			t.Errorf("the run on GitHub lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "open :") || strings.Contains(text, "panic") {
		t.Errorf("an empty path or a panic:\n%s", text)
	}
}

// Without origin's HEAD, the default branch is GitHub's answer for the repository origin
// points at; init never falls back to main.
func TestInitAsksGitHubForTheDefaultBranch(t *testing.T) {
	svc := podinfoLike(t, false)
	git(t, svc, "symbolic-ref", "--delete", "refs/remotes/origin/HEAD")
	git(t, svc, "remote", "add", "origin", "https://github.com/acme/podinfo.git")
	f := githubfake.New("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	defer f.Close()
	f.SetDefaultBranch("master")
	f.Token("ghp_ann", githubfake.AllPermissions)
	t.Setenv("GITHUB_REPOSITORY", "")
	t.Setenv("GITHUB_API_URL", f.URL)
	t.Setenv("GITHUB_TOKEN", "ghp_ann")
	code, out, errs := runCLI("init", "--dir", svc, "--main", "./cmd/podinfo")
	if code != 0 || !strings.Contains(out, "push to master (the default branch, from GitHub, acme/podinfo)") {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	// Neither git nor GitHub can tell: init refuses and asks, rather than assume main.
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "")
	os.RemoveAll(filepath.Join(svc, ".greenlight"))
	os.Remove(filepath.Join(svc, ".github", "workflows", "deploy.yml"))
	if code, _, errs := runCLI("init", "--dir", svc, "--main", "./cmd/podinfo"); code != 2 || !strings.Contains(errs, "cannot tell the default branch") || !strings.Contains(errs, "--branch") {
		t.Errorf("no way to tell: %d %s", code, errs)
	}
}

// The CLI's commands dispatch on the repository's default branch, as GitHub names it: on a
// master repository `greenlight rollback` works without --ref.
func TestCommandsDispatchOnTheDefaultBranch(t *testing.T) {
	f := githubfake.New("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	defer f.Close()
	f.SetDefaultBranch("master")
	f.Token("ghs_cli", githubfake.AllPermissions)
	t.Setenv("GITHUB_TOKEN", "ghs_cli")
	at := []string{"--repo", "acme/podinfo", "--api", f.URL}
	for i, cmd := range [][]string{append([]string{"rollback", "--env", "production"}, at...), append([]string{"promote", "--env", "production"}, at...),
		append(append([]string{"deploy", "--env", "staging"}, at...), "aaaaaaa")} {
		code, out, errs := runCLI(cmd...)
		if code != 0 {
			t.Fatalf("%s: %d %s %s", cmd[0], code, out, errs)
		}
		if d := f.Dispatches[i]; d.Ref != "master" {
			t.Errorf("%s dispatched on %q", cmd[0], d.Ref)
		}
	}
	if code, _, errs := runCLI("rollback", "--env", "production", "--ref", "main", "--repo", "acme/podinfo", "--api", f.URL); code != 1 || !strings.Contains(errs, "No ref found for: main") {
		t.Errorf("an explicit --ref is used as given: %d %s", code, errs)
	}
}
