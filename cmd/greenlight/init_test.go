package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// newService writes a small Go HTTP service, as a newcomer has one: a main package under cmd/,
// a test, and a CI workflow that runs on push.
func newService(t *testing.T) string {
	t.Helper()
	svc := t.TempDir()
	files := map[string]string{
		"go.mod": "module github.com/acme/shop\n\ngo 1.26.0\n",
		"cmd/shop/main.go": `// shop is a small HTTP service.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, greeting()) })
	log.Fatal(http.ListenAndServe(":"+os.Getenv("PORT"), nil))
}

func greeting() string { return "welcome to the shop" }
`,
		"cmd/shop/main_test.go": `package main

import "testing"

func TestGreeting(t *testing.T) {
	if greeting() == "" {
		t.Fatal("no greeting")
	}
}
`,
		"internal/cart/cart.go":    "// Package cart is the shop's cart.\npackage cart\n",
		".github/workflows/ci.yml": "name: Tests\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n",
	}
	for rel, content := range files {
		p := filepath.Join(svc, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitRepo(t, svc, "main")
	return svc
}

// gitRepo makes dir a git repository on branch with everything in it committed.
func gitRepo(t *testing.T, dir, branch string) {
	t.Helper()
	for _, args := range [][]string{{"init", "-q", "-b", branch}, {"add", "-A"},
		{"-c", "user.name=Ann", "-c", "user.email=ann@example.com", "commit", "-q", "-m", "the service"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// offline runs go in dir with no network: the generated module must resolve from the checkout
// this greenlight was built from (through the go.work init writes for a development build) and
// the module cache, with the go.sum init wrote (the default -mod=readonly, the only mode a
// workspace allows).
func offline(t *testing.T, dir string, args ...string) {
	t.Helper()
	c := exec.Command("go", args...)
	c.Dir = dir
	c.Env = append(os.Environ(), "GOFLAGS=", "GOPROXY=off")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

// The generated module requires what this binary is (a development build: the checkout it was
// built from), and builds and vets with no network.
func TestInitInAFreshServiceBuildsOffline(t *testing.T) {
	svc := newService(t)
	t.Setenv("GITHUB_REPOSITORY", "")
	t.Setenv("GREENLIGHT_DEV_MODULE", "")
	code, out, errs := runCLI("init", "--dir", svc)
	if code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"wrote .greenlight/pipeline.go", "wrote deploy/base/app.yaml", "ghcr.io/acme/shop", "development build", ".greenlight/go.work uses the checkout " + testutil.ModuleRoot(), "go -C .greenlight run . --local", `after "Tests" succeeds`} {
		if !strings.Contains(out, want) {
			t.Errorf("init's output lacks %q:\n%s", want, out)
		}
	}
	// The committed go.mod requires the version the proxy serves for the commit this binary
	// was built from, with no replace (a runner has no checkout); the checkout is used through
	// the git-ignored go.work; the workflow pins the action to that commit.
	bv := currentBuild()
	mod, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "go.mod"))
	mf, err := modfile.Parse("go.mod", mod, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := commitVersion(context.Background(), testutil.ModuleRoot(), bv.Commit)
	if err != nil {
		t.Fatal(err)
	}
	if len(mf.Replace) > 0 || !strings.Contains(string(mod), "require github.com/greenlight-cd/greenlight "+want+"\n") || !module.IsPseudoVersion(want) {
		t.Errorf("go.mod must require %s and replace nothing:\n%s", want, mod)
	}
	work, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "go.work"))
	wf, err := modfile.ParseWork("go.work", work, nil)
	if err != nil || len(wf.Use) != 2 || wf.Use[0].Path != "." || wf.Use[1].Path != testutil.ModuleRoot() {
		t.Errorf("go.work (%v):\n%s", err, work)
	}
	if ignored, err := exec.Command("git", "-C", svc, "check-ignore", ".greenlight/go.work", ".greenlight/go.work.sum").CombinedOutput(); err != nil {
		t.Errorf("git does not ignore .greenlight/go.work: %v %s", err, ignored)
	}
	if deploy, _ := os.ReadFile(filepath.Join(svc, ".github", "workflows", "deploy.yml")); !strings.Contains(string(deploy), "uses: greenlight-cd/greenlight@"+bv.Commit+"\n") {
		t.Errorf("the workflow does not pin the action to %s", bv.Commit)
	}
	pl, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "pipeline.go"))
	if !strings.Contains(string(pl), `Main: "./cmd/shop"`) {
		t.Errorf("pipeline.go builds the wrong package:\n%s", pl)
	}
	pdir := filepath.Join(svc, ".greenlight")
	offline(t, pdir, "build", "-o", filepath.Join(t.TempDir(), "pipeline"), ".")
	offline(t, pdir, "vet", ".")
	if svcMod, _ := os.ReadFile(filepath.Join(svc, "go.mod")); strings.Contains(string(svcMod), "greenlight") {
		t.Error("init put Greenlight into the service's go.mod")
	}
	if code, _, errs := runCLI("init", "--dir", svc); code != 2 || !strings.Contains(errs, "--force") {
		t.Errorf("second init: %d %s", code, errs)
	}
	if code, _, errs := runCLI("init", "--dir", t.TempDir()); code != 2 || !strings.Contains(errs, "no go.mod") {
		t.Errorf("no service: %d %s", code, errs)
	}
}

// The deploy workflow waits for the repository's own CI workflow on the default branch, does not
// check the code out (the action decides trust first), and passes only what the pipeline reads.
func TestInitWritesTheWorkflowTheActionExpects(t *testing.T) {
	svc := newService(t)
	code, out, errs := runCLI("init", "--dir", svc, "--branch", "trunk", "--ci-workflow", "Tests")
	if code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	raw, err := os.ReadFile(filepath.Join(svc, ".github", "workflows", "deploy.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On struct {
			WorkflowRun struct {
				Workflows, Types, Branches []string
			} `yaml:"workflow_run"`
			WorkflowDispatch struct {
				Inputs map[string]any
			} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Permissions map[string]string
		Concurrency map[string]any
		Jobs        map[string]struct {
			If          string
			Concurrency map[string]any
			Steps       []struct {
				Uses string
				Run  string
				With map[string]string
				Env  map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatal(err)
	}
	wr := wf.On.WorkflowRun
	if !reflect.DeepEqual(wr.Workflows, []string{"Tests"}) || !reflect.DeepEqual(wr.Types, []string{"completed"}) || !reflect.DeepEqual(wr.Branches, []string{"trunk"}) {
		t.Errorf("workflow_run: %+v", wr)
	}
	var inputs []string
	for k := range wf.On.WorkflowDispatch.Inputs {
		inputs = append(inputs, k)
	}
	if len(inputs) != 5 || wf.On.WorkflowDispatch.Inputs["requested_by"] == nil || wf.On.WorkflowDispatch.Inputs["command"] == nil || wf.On.WorkflowDispatch.Inputs["thread"] == nil {
		t.Errorf("dispatch inputs: %v", inputs)
	}
	wantPerms := map[string]string{"contents": "read", "deployments": "write", "statuses": "write", "checks": "read", "actions": "read", "id-token": "write", "packages": "write", "issues": "write", "pull-requests": "read"}
	if !reflect.DeepEqual(wf.Permissions, wantPerms) {
		t.Errorf("permissions: %v", wf.Permissions)
	}
	job := wf.Jobs["deploy"]
	if wf.Concurrency != nil || job.Concurrency["group"] != "greenlight-deploy-${{ github.repository }}" || job.Concurrency["cancel-in-progress"] != false {
		t.Errorf("concurrency: workflow %v, job %v; want the job's group only", wf.Concurrency, job.Concurrency)
	}
	for _, want := range []string{"github.event_name == 'workflow_dispatch' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
		"github.event.workflow_run.conclusion == 'success'", "github.event.workflow_run.event == 'push'",
		"github.event.workflow_run.head_repository.full_name == github.repository", "github.event.workflow_run.head_branch == github.event.repository.default_branch"} {
		if !strings.Contains(job.If, want) {
			t.Errorf("job guard lacks %q: %s", want, job.If)
		}
	}
	if len(job.Steps) != 1 {
		t.Fatalf("want one step, the action: %+v", job.Steps)
	}
	step := job.Steps[0]
	bv := currentBuild()
	if step.Uses != "greenlight-cd/greenlight@"+bv.Commit || len(bv.Commit) != 40 {
		t.Errorf("action pinned as %q, want this build's commit %q", step.Uses, bv.Commit)
	}
	// The command and its inputs come from the dispatch event, validated by the action: the
	// workflow passes none of them again.
	if len(step.With) != 0 {
		t.Errorf("with: %v", step.With)
	}
	if strings.Contains(string(raw), "actions/checkout") && !regexp.MustCompile(`(?m)^\s*#.*checkout`).Match(raw) {
		t.Error("the workflow checks out the code")
	}
	// Each value passed is read by the pipeline under the same name, and documented.
	pipeline, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "pipeline.go"))
	readme, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "README.md"))
	if len(step.Env) == 0 {
		t.Fatal("no secrets passed")
	}
	// Every value from secrets. is a secret whatever its name: the workflow lists them all in
	// GREENLIGHT_SECRET_NAMES, so that none reaches a log or the code under test.
	listed := map[string]bool{}
	for _, n := range strings.Fields(step.Env[secrets.NamesVar]) {
		listed[n] = true
	}
	for name, value := range step.Env {
		if strings.Contains(value, "secrets.") && !listed[name] {
			t.Errorf("%s comes from secrets. but is not listed in %s: %q", name, secrets.NamesVar, step.Env[secrets.NamesVar])
		}
	}
	delete(step.Env, secrets.NamesVar)
	for name, value := range step.Env {
		if !strings.Contains(value, "."+name+" }}") {
			t.Errorf("%s is passed from %q: one name throughout, please", name, value)
		}
		readByNotify := strings.HasPrefix(name, "SLACK_") && strings.Contains(string(pipeline), "notify.FromEnv(")
		// Greenlight's own settings (the record key, the App) are read by launch.Main's wiring
		// (github.ConfigFromEnv), not by the pipeline's code.
		readByLaunch := strings.HasPrefix(name, "GREENLIGHT_") && strings.Contains(string(pipeline), "launch.Main(")
		if !strings.Contains(string(pipeline), `"`+name+`"`) && !readByNotify && !readByLaunch {
			t.Errorf("the workflow passes %s, which the pipeline does not read", name)
		}
		if !strings.Contains(string(readme), "| "+name+" |") {
			t.Errorf("%s is not documented in .greenlight/README.md", name)
		}
	}
	for _, cloud := range []string{"aws-actions/configure-aws-credentials", "google-github-actions/get-gke-credentials", "azure/aks-set-context"} {
		if !strings.Contains(string(raw), cloud) {
			t.Errorf("the workflow does not show the OIDC login with %s", cloud)
		}
	}
	if !strings.Contains(string(readme), "KUBE_CONFIG") || !strings.Contains(string(readme), "OIDC") {
		t.Error("README: both ways to give Kubernetes credentials")
	}
	actionlint := testutil.Tool(t, "actionlint")
	lint := exec.Command(actionlint, "-no-color", filepath.Join(svc, ".github", "workflows", "deploy.yml"))
	if out, err := lint.CombinedOutput(); err != nil {
		t.Fatalf("the generated workflow fails actionlint: %v\n%s", err, out)
	}
}

func TestInitFindsTheCIWorkflowOrRefuses(t *testing.T) {
	svc := newService(t)
	os.Remove(filepath.Join(svc, ".github", "workflows", "ci.yml"))
	if code, _, errs := runCLI("init", "--dir", svc); code != 2 || !strings.Contains(errs, "no CI workflow in .github/workflows") || !strings.Contains(errs, "--ci-workflow") {
		t.Errorf("no CI workflow: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(svc, ".greenlight")); err == nil {
		t.Error("a refused init wrote files")
	}
	wfs := filepath.Join(svc, ".github", "workflows")
	os.WriteFile(filepath.Join(wfs, "a.yml"), []byte("name: Unit\non: push\njobs: {}\n"), 0o644)
	os.WriteFile(filepath.Join(wfs, "b.yaml"), []byte("name: Lint\non: [push]\njobs: {}\n"), 0o644)
	os.WriteFile(filepath.Join(wfs, "c.yml"), []byte("name: Nightly\non:\n  schedule:\n    - cron: '0 0 * * *'\njobs: {}\n"), 0o644)
	// Neither a release on tags nor a workflow on another branch is CI of the default branch.
	os.WriteFile(filepath.Join(wfs, "d.yml"), []byte("name: Release\non:\n  push:\n    tags: ['v*']\njobs: {}\n"), 0o644)
	os.WriteFile(filepath.Join(wfs, "e.yml"), []byte("name: Docs\non:\n  push:\n    branches: ['docs/**', '!main']\njobs: {}\n"), 0o644)
	if code, _, errs := runCLI("init", "--dir", svc); code != 2 || !strings.Contains(errs, `several workflows run on a push to main ("Unit", "Lint")`) {
		t.Errorf("two candidates: %d %s", code, errs)
	}
	if code, _, errs := runCLI("init", "--dir", svc, "--ci-workflow", "Integration"); code != 2 || !strings.Contains(errs, `no workflow of that name`) {
		t.Errorf("unknown --ci-workflow: %d %s", code, errs)
	}
	if code, out, errs := runCLI("init", "--dir", svc, "--ci-workflow", "Lint"); code != 0 || !strings.Contains(out, `after "Lint" succeeds`) {
		t.Errorf("--ci-workflow: %d %s %s", code, out, errs)
	}
}

// pipelineBinary runs init in a fresh service and compiles its pipeline.
func pipelineBinary(t *testing.T) (svc, bin string) {
	t.Helper()
	svc = newService(t)
	if code, out, errs := runCLI("init", "--dir", svc); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	bin = filepath.Join(t.TempDir(), "pipeline")
	offline(t, filepath.Join(svc, ".greenlight"), "build", "-o", bin, ".")
	return svc, bin
}

// The generated pipeline runs on this machine with no key, token, cluster or Slack, prints where
// the service listens, serves it, and on Ctrl-C stops and removes its temporary directories.
func TestGeneratedPipelineRunsLocally(t *testing.T) {
	svc, bin := pipelineBinary(t)
	localRun(t, svc, bin)
}

// localRun runs the compiled pipeline with --local as a user would, checks that production
// answers, sends Ctrl-C and checks that nothing is left behind. It returns what it printed.
func localRun(t *testing.T, svc, bin string) string {
	t.Helper()
	tmp := t.TempDir()
	cmd := exec.Command(bin, "--local")
	cmd.Dir = filepath.Join(svc, ".greenlight")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + tmp, "GOCACHE=" + goEnv(t, "GOCACHE"), "GOMODCACHE=" + goEnv(t, "GOMODCACHE"), "GOFLAGS=-mod=mod", "GOPROXY=off", "GREENLIGHT_LOCAL_ADDR=127.0.0.1:0"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	url, log := waitFor(t, stderr, regexp.MustCompile(`production listens on (http://127\.0\.0\.1:\d+)`), 4*time.Minute)
	if url == "" {
		cmd.Wait()
		t.Fatalf("no URL printed:\n%s", log)
	}
	for _, want := range []string{"✓ test", "✓ build", "✓ sign", "✓ deploy-staging staging", "✓ canary production"} {
		if !strings.Contains(log, want) {
			t.Errorf("the local run lacks %q:\n%s", want, log)
		}
	}
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "welcome to the shop\n" {
		t.Errorf("production answered %q", b)
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) // Ctrl-C, as a terminal sends it
	go io.Copy(io.Discard, stderr)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after Ctrl-C: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "greenlight-*"))
	if len(left) > 0 {
		t.Errorf("temporary directories left behind: %v", left)
	}
	return log
}

// A typo in an environment name fails in the first second, before anything is built.
func TestGeneratedPipelineChecksEnvironmentsBeforeBuilding(t *testing.T) {
	svc, _ := pipelineBinary(t)
	pdir := filepath.Join(svc, ".greenlight")
	src, _ := os.ReadFile(filepath.Join(pdir, "pipeline.go"))
	os.WriteFile(filepath.Join(pdir, "pipeline.go"), []byte(strings.Replace(string(src), `p.Env("production")`, `p.Env("prod")`, 1)), 0o644)
	bin := filepath.Join(t.TempDir(), "pipeline")
	offline(t, pdir, "build", "-o", bin, ".")
	cmd := exec.Command(bin, "--local")
	cmd.Dir = pdir
	cmd.Env = append(os.Environ(), "GREENLIGHT_LOCAL_ADDR=127.0.0.1:0")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `unknown environment "prod"`) {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(string(out), "▸ build") || strings.Contains(string(out), "▸ test") {
		t.Errorf("it built before it checked the environments:\n%s", out)
	}
}

// On GitHub, everything missing is named in one run (each piece on its line, with how to
// provide it, and "or try --local"): exit 2, no panic, no key printed, no empty path. A dirty
// work tree is named.
func TestGeneratedPipelineNamesWhatIsMissing(t *testing.T) {
	svc, bin := pipelineBinary(t)
	git(t, svc, "add", "-A")
	git(t, svc, "-c", "user.name=Ann", "-c", "user.email=ann@example.com", "commit", "-q", "-m", "greenlight init")
	keyDir := t.TempDir()
	if code, _, errs := runCLI("keygen", "--dir", keyDir); code != 0 {
		t.Fatal(errs)
	}
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	os.WriteFile(kubeconfig, []byte("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: \"https://127.0.0.1:1\"}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: t}\n"), 0o600)
	kc, _ := os.ReadFile(kubeconfig)
	base := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + t.TempDir(), "KUBECONFIG=" + filepath.Join(keyDir, "none")}
	steps := []struct {
		add   []string
		lines int
		want  []string
	}{
		{nil, 5, []string{"4 things are missing", "or try --local", "no signing key", "COSIGN_KEY", "no GitHub token", "GITHUB_TOKEN", "PROMETHEUS_URL is not set", "no Kubernetes credentials", "KUBE_CONFIG", "OIDC"}},
		{[]string{"COSIGN_KEY=" + filepath.Join(keyDir, "nothing.key"), "GITHUB_TOKEN=ghs_x", "GITHUB_REPOSITORY=acme/shop"}, 4, []string{"COSIGN_KEY", "neither a PEM key nor a readable file", "greenlight keygen", "PROMETHEUS_URL is not set", "KUBE_CONFIG"}},
		{[]string{"COSIGN_KEY=" + filepath.Join(keyDir, "cosign.key"), "PROMETHEUS_URL=http://127.0.0.1:1", "KUBECONFIG=", "KUBE_CONFIG=" + string(kc)}, 2, []string{"no manifests", "deploy/overlays/staging is missing", "(or try --local)",
			// what is deployed is not what is committed: the run says so
			"the work tree has uncommitted changes (deploy/overlays/staging/values.yaml)"}},
	}
	env := base
	for i, s := range steps {
		env = append(env, s.add...)
		if i == len(steps)-1 {
			os.RemoveAll(filepath.Join(svc, "deploy", "overlays", "staging"))
		}
		cmd := exec.Command(bin)
		cmd.Dir = filepath.Join(svc, ".greenlight")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		code := -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		text := strings.TrimSpace(string(out))
		if code != 2 || strings.Count(text, "\n")+1 != s.lines || strings.Contains(text, "goroutine") || strings.Contains(text, "panic") || strings.Contains(text, "open :") {
			t.Errorf("step %d: want %d lines and exit 2, got %d:\n%s", i, s.lines, code, text)
		}
		for _, w := range s.want {
			if !strings.Contains(text, w) {
				t.Errorf("step %d: %q lacks %q", i, text, w)
			}
		}
		if strings.Contains(text, "BEGIN") {
			t.Errorf("step %d printed a key", i)
		}
	}
	left, _ := filepath.Glob(filepath.Join(strings.TrimPrefix(base[2], "TMPDIR="), "kubeconfig-*"))
	if len(left) > 0 {
		t.Errorf("the kubeconfig from KUBE_CONFIG was left behind: %v", left)
	}
}

// The generated pipeline parses its flags with the flag package: a typo is an error (not a
// silent run on GitHub), --help lists --local and exits 0.
func TestGeneratedPipelineParsesItsFlags(t *testing.T) {
	svc, bin := pipelineBinary(t)
	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = filepath.Join(svc, ".greenlight")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		return 0, string(out)
	}
	if code, out := run("--lcoal"); code != 2 || !strings.Contains(out, "flag provided but not defined: -lcoal") || strings.Contains(out, "COSIGN_KEY") {
		t.Errorf("--lcoal: %d\n%s", code, out)
	}
	if code, out := run("local"); code != 2 || !strings.Contains(out, `unexpected argument "local"`) {
		t.Errorf("local: %d\n%s", code, out)
	}
	if code, out := run("--help"); code != 0 || !strings.Contains(out, "--local") || !strings.Contains(out, "-report") {
		t.Errorf("--help: %d\n%s", code, out)
	}
}

func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// waitFor reads r until re matches a line (returning its first group and all read so far), r
// ends, or the deadline passes.
func waitFor(t *testing.T, r io.Reader, re *regexp.Regexp, d time.Duration) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	type result struct{ match, log string }
	ch := make(chan result, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				ch <- result{m[1], log.String()}
				return
			}
		}
		ch <- result{"", log.String()}
	}()
	select {
	case res := <-ch:
		return res.match, res.log
	case <-ctx.Done():
		return "", "(timed out)"
	}
}

// A released greenlight requires its own version and pins the action to its tag, with no
// replace directive; when that version cannot be resolved, init says so and how to fix it.
func TestInitFromAReleaseRequiresThatRelease(t *testing.T) {
	e := newEnv(nil, nil)
	e.build = func() buildVersion { return buildVersion{Version: "v1.2.3", Go: "go1.26.8"} }
	svc := newService(t)
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	code, out, errs := runIn(e, "init", "--dir", svc)
	mod, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "go.mod"))
	wf, _ := os.ReadFile(filepath.Join(svc, ".github", "workflows", "deploy.yml"))
	if !strings.Contains(string(mod), "require github.com/greenlight-cd/greenlight v1.2.3\n") || strings.Contains(string(mod), "replace") {
		t.Errorf("go.mod:\n%s", mod)
	}
	if !strings.Contains(string(wf), "uses: greenlight-cd/greenlight@v1.2.3\n") {
		t.Errorf("the workflow does not pin v1.2.3")
	}
	if strings.Contains(out, "development build") {
		t.Errorf("a release called a development build:\n%s", out)
	}
	// v1.2.3 is not in the module cache and the proxy is off: a clear failure, not exit 0.
	if code != 1 || !strings.Contains(errs, "resolving the pipeline's modules") || !strings.Contains(errs, "go mod tidy") {
		t.Errorf("unresolvable release: %d\n%s", code, errs)
	}
}

// GitHub refuses a workflow_dispatch whose choice input is not among the options, or that
// leaves out a required input (422). Every command the run protocol knows — including run,
// which `greenlight due --resume` dispatches without an environment — must pass the inputs of
// the workflow `greenlight init` writes and of the example workflow.
func TestWorkflowsAcceptEveryCommandOfTheProtocol(t *testing.T) {
	svc := newService(t)
	if code, out, errs := runCLI("init", "--dir", svc); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	for _, path := range []string{filepath.Join(svc, ".github", "workflows", "deploy.yml"),
		filepath.Join(testutil.ModuleRoot(), ".github", "workflows", "deploy-example.yml")} {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			On struct {
				WorkflowDispatch struct {
					Inputs map[string]struct {
						Required bool
						Type     string
						Options  []string
					}
				} `yaml:"workflow_dispatch"`
			} `yaml:"on"`
		}
		if err := yaml.Unmarshal(raw, &wf); err != nil {
			t.Fatal(err)
		}
		inputs := wf.On.WorkflowDispatch.Inputs
		for _, cmd := range protocol.Commands {
			in := protocol.Inputs{Command: cmd, Environment: "production"}
			if cmd == protocol.Run {
				in.Environment = ""
			}
			given := map[string]string{"command": string(in.Command), "environment": in.Environment}
			for name, spec := range inputs {
				v := given[name]
				if spec.Required && v == "" {
					t.Errorf("%s: GitHub would refuse a dispatch of %s: the input %s is required", filepath.Base(path), cmd, name)
				}
				if spec.Type == "choice" && v != "" && !slices.Contains(spec.Options, v) {
					t.Errorf("%s: GitHub would refuse a dispatch of %s: %q is not one of %s's options %v", filepath.Base(path), cmd, v, name, spec.Options)
				}
			}
		}
	}
}
