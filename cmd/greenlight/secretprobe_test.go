package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// actionStep is the `run:` script of the action's step called name, as the runner runs it.
func actionStep(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Runs struct {
			Steps []struct {
				Name string `json:"name"`
				Run  string `json:"run"`
			} `json:"steps"`
		} `json:"runs"`
	}
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	for _, s := range a.Runs.Steps {
		if s.Name == name {
			return s.Run
		}
	}
	t.Fatalf("action.yml has no step %q", name)
	return ""
}

// probeTest is the service's test that looks for the job's secrets from inside the code under
// test: in the environment of every process it can see (/proc/*/environ), its own ancestors
// first, and in every file under $RUNNER_TEMP, $TMPDIR and $HOME. It writes what it saw to
// results, naming secrets by name only, never by value.
const probeTest = `package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const canaryFile, resultFile = %q, %q

func comm(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%%d/comm", pid))
	return strings.TrimSpace(string(b))
}

func ppid(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "PPid:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func TestNoSecretWithinReach(t *testing.T) {
	raw, err := os.ReadFile(canaryFile)
	if err != nil {
		t.Fatal(err)
	}
	var canaries map[string]string
	if err := json.Unmarshal(raw, &canaries); err != nil {
		t.Fatal(err)
	}
	var out []string
	find := func(where string, b []byte) {
		for name, v := range canaries {
			if bytes.Contains(b, []byte(v)) {
				out = append(out, "FOUND "+name+" in "+where)
			}
		}
	}
	for pid := ppid(os.Getpid()); pid > 1; pid = ppid(pid) {
		_, err := os.ReadFile(fmt.Sprintf("/proc/%%d/environ", pid))
		out = append(out, fmt.Sprintf("ANCESTOR %%s environ-readable=%%v", comm(pid), err == nil))
	}
	procs, _ := os.ReadDir("/proc")
	readable := 0
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%%d/environ", pid))
		if err != nil {
			continue
		}
		readable++
		find(fmt.Sprintf("the environment of process %%d (%%s)", pid, comm(pid)), b)
	}
	out = append(out, fmt.Sprintf("ENVIRONS %%d", readable))
	files := 0
	for _, v := range []string{"RUNNER_TEMP", "TMPDIR", "HOME"} {
		dir := os.Getenv(v)
		if dir == "" {
			out = append(out, "UNSET "+v)
			continue
		}
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			files++
			find("file "+path, b)
			return nil
		})
	}
	out = append(out, fmt.Sprintf("FILES %%d", files))
	// A descriptor inherited from the pipeline (its event stream to greenlight run) would let
	// the code under test write the run's events and report.
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, e := range fds {
		n, err := strconv.Atoi(e.Name())
		if err != nil || n < 3 {
			continue
		}
		if target, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && strings.HasPrefix(target, "pipe:") {
			out = append(out, fmt.Sprintf("INHERITED fd %%d %%s", n, target))
		}
	}
	os.WriteFile(resultFile, []byte(strings.Join(out, "\n")+"\n"), 0o644)
	for _, l := range out {
		if strings.HasPrefix(l, "FOUND") {
			t.Error(l)
		}
	}
}
`

// The code under test reads none of the job's secrets (issue 21, defect 5). The Action's step
// runs `greenlight run` with the job's secrets as real process environment (not t.Setenv, which
// never reaches /proc/PID/environ); the pipeline's test stage runs the service's go test, which
// reads the environment of every process it can see, its ancestors first (the step's shell,
// the CLI, the compiled pipeline, go test), and every file under $RUNNER_TEMP, $TMPDIR and
// $HOME, where the generated pipeline once wrote the kubeconfig. It finds none; the pipeline
// itself still has every secret in-process.
func TestCodeUnderTestReadsNoSecret(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc (Linux)")
	}
	nonce := func() string { var b [8]byte; rand.Read(b[:]); return hex.EncodeToString(b[:]) }
	// Secrets by the names the generated workflow passes, and one whose name says nothing
	// (the workflow lists it in GREENLIGHT_SECRET_NAMES).
	kubeToken := "canary-kubetoken-" + nonce()
	promPass := "canary-prompass-" + nonce()
	secretEnv := map[string]string{
		"GITHUB_TOKEN":                   "ghs_canary" + nonce(),
		"COSIGN_KEY":                     "canary-cosignkey-" + nonce(),
		"COSIGN_PASSWORD":                "canary-cosignpw-" + nonce(),
		"SLACK_BOT_TOKEN":                "xoxb-canary-" + nonce(),
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "canary-oidc-" + nonce(),
		"ACTIONS_ID_TOKEN_REQUEST_URL":   "https://token.actions.example/canary-" + nonce(),
		"KUBE_CONFIG": "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: \"https://127.0.0.1:1\"}\n" +
			"contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: " + kubeToken + "}\n",
		"PROMETHEUS_URL": "http://reader:" + promPass + "@127.0.0.1:1",
		"DEPLOY_HOOK":    "canary-hook-" + nonce(),
	}
	canaries := map[string]string{}
	for k, v := range secretEnv {
		canaries[k] = v
	}
	canaries["KUBE_CONFIG"], canaries["PROMETHEUS_URL"] = kubeToken, promPass

	// The job's directories, as on a runner: RUNNER_TEMP holds the CLI the action built, the
	// event, the outputs and summary files; HOME holds the pipeline cache.
	root := t.TempDir()
	runnerTemp, tmp, home, private := filepath.Join(root, "runner-temp"), filepath.Join(root, "tmp"), filepath.Join(root, "home"), filepath.Join(root, "test")
	for _, d := range []string{runnerTemp, tmp, home, private} {
		os.MkdirAll(d, 0o755)
	}
	canaryJSON, _ := json.Marshal(canaries)
	canaryFile, resultFile := filepath.Join(private, "canaries.json"), filepath.Join(private, "results")
	os.WriteFile(canaryFile, canaryJSON, 0o600)

	svc := filepath.Join(private, "service")
	os.MkdirAll(svc, 0o755)
	os.WriteFile(filepath.Join(svc, "go.mod"), []byte("module example.com/probe\n\ngo 1.26.0\n"), 0o644)
	os.WriteFile(filepath.Join(svc, "probe_test.go"), []byte(fmt.Sprintf(probeTest, canaryFile, resultFile)), 0o644)

	pl := pipelineModuleSource(t, `package main

import (
	"fmt"
	"os"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

func main() {
	// As the generated pipeline does: the Kubernetes credentials from KUBE_CONFIG, held while
	// the tests run.
	kube, err := kubernetes.KubeconfigFromEnv("KUBE_CONFIG")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	_ = kube
	greenlight.Main(func(p *greenlight.P) {
		p.Stage("secrets", func(s *greenlight.Stage) error {
			n := 0
			for _, name := range []string{`+quotedNames(secretEnv)+`} {
				if os.Getenv(name) != "" {
					n++
				}
			}
			s.Result("the pipeline holds %d of %d secrets in-process", n, `+fmt.Sprint(len(secretEnv))+`)
			return nil
		})
		p.Test(build.GoTest{Dir: `+fmt.Sprintf("%q", svc)+`, Flags: []string{"-count=1"}})
	}, greenlight.WithName("probe"))
}
`)

	bin := filepath.Join(runnerTemp, "greenlight")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the CLI: %v\n%s", err, out)
	}
	fake := githubfake.New(strings.Repeat("1", 40), strings.Repeat("3", 40), strings.Repeat("9", 40))
	t.Cleanup(fake.Close)
	fake.Token(secretEnv["GITHUB_TOKEN"], githubfake.WorkflowPermissions)
	event, _ := os.ReadFile(filepath.Join(testutil.ModuleRoot(), "testdata", "events", "workflow_run_success.json"))
	os.WriteFile(filepath.Join(runnerTemp, "event.json"), event, 0o644)
	script := filepath.Join(runnerTemp, "step.sh")
	os.WriteFile(script, []byte(actionStep(t, "Run the pipeline")+"\n"), 0o755)

	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TMPDIR=" + tmp, "RUNNER_TEMP=" + runnerTemp,
		"GOCACHE=" + goEnv(t, "GOCACHE"), "GOMODCACHE=" + goEnv(t, "GOMODCACHE"), "GOPATH=" + goEnv(t, "GOPATH"),
		"GOFLAGS=-mod=mod", "GOTOOLCHAIN=local",
		"CI=true", "GITHUB_ACTIONS=true", "GITHUB_REPOSITORY=acme/hello", "GREENLIGHT_GITHUB_API_URL=" + fake.URL,
		"GITHUB_SHA=" + strings.Repeat("9", 40), "GITHUB_EVENT_NAME=workflow_run", "GITHUB_EVENT_PATH=" + filepath.Join(runnerTemp, "event.json"),
		"GITHUB_OUTPUT=" + filepath.Join(runnerTemp, "output"), "GITHUB_STEP_SUMMARY=" + filepath.Join(runnerTemp, "summary"),
		"GREENLIGHT_PIPELINE=" + pl, "GREENLIGHT_BRANCHES=",
		"GREENLIGHT_SECRET_NAMES=COSIGN_KEY COSIGN_PASSWORD KUBE_CONFIG SLACK_BOT_TOKEN DEPLOY_HOOK"}
	for k, v := range secretEnv {
		env = append(env, k+"="+v)
	}
	// The step's shell, as the runner starts it for `shell: bash`.
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Env, cmd.Dir = env, root
	outb, err := cmd.CombinedOutput()
	out := string(outb)
	results, rerr := os.ReadFile(resultFile)
	if rerr != nil {
		t.Fatalf("the probe did not run (%v): greenlight run: %v\n%s", rerr, err, out)
	}
	t.Logf("the probe saw:\n%s", results)
	var found []string
	for _, l := range strings.Split(string(results), "\n") {
		if strings.HasPrefix(l, "FOUND") {
			found = append(found, l)
		}
	}
	if len(found) > 0 {
		t.Errorf("the code under test read the job's secrets:\n%s", strings.Join(found, "\n"))
	}
	// Pipes this test itself inherited (from whatever started it) are not the pipeline's.
	ours := map[string]bool{}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		for _, e := range fds {
			if target, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil {
				ours[target] = true
			}
		}
	}
	for _, l := range strings.Split(string(results), "\n") {
		if f := strings.Fields(l); len(f) == 4 && f[0] == "INHERITED" && !ours[f[3]] {
			t.Errorf("the code under test inherited a pipe of the pipeline's, so it could write the run's events: %s", l)
		}
	}
	// The probe looked where it should: at its ancestors, the CLI and the pipeline among them.
	for _, want := range []string{"ANCESTOR greenlight ", "ANCESTOR pipeline ", "ENVIRONS ", "FILES "} {
		if !strings.Contains(string(results), want) {
			t.Errorf("the probe's results lack %q", want)
		}
	}
	if err != nil || !strings.Contains(out, fmt.Sprintf("the pipeline holds %d of %d secrets in-process", len(secretEnv), len(secretEnv))) {
		t.Errorf("greenlight run: %v\n%s", err, out)
	}
	for _, v := range canaries {
		if strings.Contains(out, v) {
			t.Errorf("a secret reached the step's log")
		}
	}
}

// pipelineModuleSource writes a pipeline module with source as pipeline.go, over this checkout.
func pipelineModuleSource(t *testing.T, source string) string {
	t.Helper()
	dir := pipelineModule(t, "")
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(source), 0o644)
	return dir
}

func quotedNames(m map[string]string) string {
	var names []string
	for k := range m {
		names = append(names, fmt.Sprintf("%q", k))
	}
	return strings.Join(names, ", ")
}
