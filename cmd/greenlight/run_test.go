package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// pipelineModule writes a pipeline.go module that uses this repository's greenlight.
func pipelineModule(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	root := testutil.ModuleRoot()
	gomod := "module example.com/pipeline\n\ngo 1.26.0\n\nrequire github.com/greenlight-cd/greenlight v0.0.0\n\nreplace github.com/greenlight-cd/greenlight => " + root + "\n"
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(`package main

import (
	"errors"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

var _ = errors.New

func main() {
	greenlight.Main(func(p *greenlight.P) {
`+body+`
	}, greenlight.WithName("hello"))
}
`), 0o644)
	return dir
}

func TestRunCompilesOnceAndShowsEvents(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("build", func(s *greenlight.Stage) error { s.Logf("compiling"); return nil })`)
	cache := t.TempDir()
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || !strings.Contains(errs, "compiled the pipeline in") || !strings.Contains(out, "compiling") || !strings.Contains(out, "STAGE") {
		t.Fatalf("first run: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || !strings.Contains(errs, "cached pipeline binary (no compile)") || !strings.Contains(out, "✓ build") {
		t.Fatalf("second run: %d\n%s\n%s", code, out, errs)
	}
	// A change to the sources compiles again.
	os.WriteFile(filepath.Join(dir, "extra.go"), []byte("package main\n\nconst extra = 1\n"), 0o644)
	if _, _, errs := runCLI("run", "--pipeline", dir, "--cache", cache); !strings.Contains(errs, "compiled the pipeline") {
		t.Errorf("a changed pipeline was not recompiled: %s", errs)
	}
}

func TestRunInActionsWritesGroupsSummaryAndOutputs(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("build", func(s *greenlight.Stage) error { return nil })
		p.Stage("canary", func(s *greenlight.Stage) error { return errors.New("canary failed at 10%") })`)
	gh := t.TempDir()
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_OUTPUT", filepath.Join(gh, "output"))
	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(gh, "summary"))
	t.Setenv("GITHUB_EVENT_NAME", "push")
	t.Setenv("GITHUB_EVENT_PATH", filepath.Join(testutil.ModuleRoot(), "testdata", "events", "push.json"))
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", t.TempDir())
	if code != 1 {
		t.Fatalf("exit %d, want the pipeline's 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"::group::build", "::endgroup::", "::error title=greenlight%3A canary failed::"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	summary, _ := os.ReadFile(filepath.Join(gh, "summary"))
	if !strings.Contains(string(summary), "| canary | – | ❌ failed |") || !strings.Contains(string(summary), "```mermaid") {
		t.Errorf("summary:\n%s", summary)
	}
	outputs, _ := os.ReadFile(filepath.Join(gh, "output"))
	if !strings.Contains(string(outputs), "result<<ghadelimiter_") || !strings.Contains(string(outputs), "\nfailed\n") {
		t.Errorf("outputs:\n%s", outputs)
	}
}

func TestRunWithoutAPipelineOrWithABrokenOne(t *testing.T) {
	if code, _, errs := runCLI("run", "--pipeline", t.TempDir()); code != 1 || !strings.Contains(errs, "greenlight init") {
		t.Errorf("no module: %d %s", code, errs)
	}
	dir := pipelineModule(t, `p.Stage("x", func(s *greenlight.Stage) error { return undefinedThing })`)
	if code, _, errs := runCLI("run", "--pipeline", dir, "--cache", t.TempDir()); code != 1 || !strings.Contains(errs, "undefined: undefinedThing") || !strings.Contains(errs, "nothing was deployed") {
		t.Errorf("broken pipeline: %d %s", code, errs)
	}
}

// actionsEnv sets up a GitHub Actions step for event file with a fake GitHub that knows the
// commits, and returns the step's outputs file.
func actionsEnv(t *testing.T, event, file string, commits ...string) (outputs string, fake *githubfake.Server) {
	t.Helper()
	fake = githubfake.New(commits...)
	t.Cleanup(fake.Close)
	fake.Token("tok", githubfake.AllPermissions)
	gh := t.TempDir()
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_OUTPUT", filepath.Join(gh, "output"))
	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(gh, "summary"))
	t.Setenv("GITHUB_TOKEN", "tok")
	t.Setenv("GITHUB_REPOSITORY", "acme/hello")
	t.Setenv("GREENLIGHT_GITHUB_API_URL", fake.URL)
	t.Setenv("GITHUB_SHA", strings.Repeat("9", 40)) // main's newest commit, not the one CI passed
	t.Setenv("GITHUB_EVENT_NAME", event)
	if !filepath.IsAbs(file) {
		file = filepath.Join(testutil.ModuleRoot(), "testdata", "events", file)
	}
	t.Setenv("GITHUB_EVENT_PATH", file)
	return filepath.Join(gh, "output"), fake
}

// For a workflow_run, the pipeline deploys the commit CI passed (the event's head_sha), not
// GITHUB_SHA, and it reads it from the run's request, not from the environment.
func TestRunTakesTheCommitFromTheEvent(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("source", func(s *greenlight.Stage) error { s.Result("commit=%s author=%s trigger=%s", p.Source().Commit, p.Source().Author, p.Source().Trigger); return nil })`)
	actionsEnv(t, "workflow_run", "workflow_run_success.json", strings.Repeat("1", 40), strings.Repeat("3", 40), strings.Repeat("9", 40))
	cache := t.TempDir()
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || !strings.Contains(out, "commit="+strings.Repeat("3", 40)+" author=bob trigger=workflow_run") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	t.Setenv("GITHUB_EVENT_PATH", filepath.Join(testutil.ModuleRoot(), "testdata", "events", "workflow_run_failure.json"))
	code, out, errs = runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || strings.Contains(out, "commit=") || !strings.Contains(out, "::notice title=greenlight%3A nothing deployed::") || !strings.Contains(errs, `ended "failure"`) {
		t.Fatalf("failed workflow_run: %d\n%s\n%s", code, out, errs)
	}
}

// An untrusted event never compiles or runs the pipeline: a pull request from a fork whose
// branch is called main, a pull request of this repository, a push from a fork, a tag, a
// dispatch off the default branch. The step says why, result=skipped, exit 0.
func TestRunRefusesUntrustedEventsBeforeCompiling(t *testing.T) {
	// A pipeline that would leak if it ever ran.
	dir := pipelineModule(t, `p.Stage("steal", func(s *greenlight.Stage) error { s.Result("RAN WITH SECRETS"); return nil })`)
	for _, tc := range []struct{ event, file, want string }{
		{"workflow_run", "workflow_run_fork_pr.json", "ran for a pull_request event"},
		{"workflow_run", "workflow_run_pull_request.json", "ran for a pull_request event"},
		{"workflow_run", "workflow_run_fork_push.json", "comes from mallory/hello"},
		{"workflow_run", "workflow_run_other_branch.json", "only the default branch main deploys"},
		{"push", "push_tag.json", "tags are not deployed"},
		{"workflow_dispatch", "workflow_dispatch_feature.json", "only on the default branch"},
		{"workflow_dispatch", "workflow_dispatch_bad_inputs.json", "neither a digest"},
		{"pull_request", "push.json", "not on pull_request"},
	} {
		outputs, _ := actionsEnv(t, tc.event, tc.file, strings.Repeat("1", 40), strings.Repeat("3", 40), strings.Repeat("9", 40))
		cache := t.TempDir()
		code, out, errs := runCLI("run", "--pipeline", dir, "--cache", cache)
		o, _ := os.ReadFile(outputs)
		if code != 0 || strings.Contains(out, "RAN WITH SECRETS") || !strings.Contains(errs, tc.want) || !strings.Contains(string(o), "\nskipped\n") {
			t.Errorf("%s: exit %d\n%s\n%s\noutputs %s", tc.file, code, out, errs, o)
		}
		if entries, _ := os.ReadDir(cache); len(entries) != 0 {
			t.Errorf("%s: something was compiled: %v", tc.file, entries)
		}
	}
	// --decide says the same to the workflow, which then checks nothing out.
	outputs, _ := actionsEnv(t, "workflow_run", "workflow_run_fork_pr.json")
	if code, _, _ := runCLI("run", "--decide", "--pipeline", dir); code != 0 {
		t.Errorf("--decide on a fork: exit %d", code)
	}
	if o, _ := os.ReadFile(outputs); !strings.Contains(string(o), "deploy<<") || !strings.Contains(string(o), "\nfalse\n") {
		t.Errorf("--decide outputs: %s", o)
	}
	outputs, _ = actionsEnv(t, "workflow_run", "workflow_run_success.json", strings.Repeat("1", 40), strings.Repeat("3", 40))
	if code, _, errs := runCLI("run", "--decide", "--pipeline", dir); code != 0 {
		t.Errorf("--decide: exit %d %s", code, errs)
	}
	if o, _ := os.ReadFile(outputs); !strings.Contains(string(o), "\ntrue\n") || !strings.Contains(string(o), strings.Repeat("3", 40)) {
		t.Errorf("--decide outputs: %s", o)
	}
}

// Issue 21, defect 8: a tag named like the default branch. A workflow_run started by pushing
// the tag "main" carries head_branch "main"; GitHub's compare, like git, resolves a bare "main"
// to the tag before the branch, so the commit the tag points at (not on main) looked as if it
// were main's head. The branch's own commit is compared now, and a tag named like the branch
// is refused before anything compiles.
func TestRunRefusesARunPushedByATagNamedLikeTheBranch(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("steal", func(s *greenlight.Stage) error { s.Result("RAN WITH SECRETS"); return nil })`)
	one, three, nine, evil := strings.Repeat("1", 40), strings.Repeat("3", 40), strings.Repeat("9", 40), strings.Repeat("4", 40)
	b, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(), "testdata", "events", "workflow_run_success.json"))
	if err != nil {
		t.Fatal(err)
	}
	ev := filepath.Join(t.TempDir(), "workflow_run_tag.json")
	os.WriteFile(ev, []byte(strings.ReplaceAll(string(b), three, evil)), 0o600)
	outputs, fake := actionsEnv(t, "workflow_run", ev, one, three, nine)
	fake.AddCommit(evil, one, "") // a commit off main, never merged
	fake.Tag("main", evil)
	cache := t.TempDir()
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", cache)
	o, _ := os.ReadFile(outputs)
	if code != 0 || strings.Contains(out, "RAN WITH SECRETS") || !strings.Contains(errs, `a tag "main" exists beside the branch`) || !strings.Contains(string(o), "\nskipped\n") {
		t.Fatalf("a run pushed by the tag main: exit %d\n%s\n%s\noutputs %s", code, out, errs, o)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("something was compiled: %v", entries)
	}
}

// A dispatched command reaches the pipeline as typed inputs in the request: the ref input is
// not lost (it once was, overwritten through GREENLIGHT_REF).
func TestRunPassesTheDispatchedCommandAsTypedInputs(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("command", func(s *greenlight.Stage) error { c := p.Command(); s.Result("cmd=%s env=%s ref=%s by=%s", c.Name, c.Env, c.Ref, c.RequestedBy); return nil })`)
	actionsEnv(t, "workflow_dispatch", "workflow_dispatch.json")
	t.Setenv("GREENLIGHT_REF", "refs/heads/main") // as the old hand-off set it; it must not matter
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", t.TempDir())
	if code != 0 || !strings.Contains(out, "cmd=rollback env=production ref=sha256:"+strings.Repeat("0", 63)+"1 by=carol") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
}

// No secret value of the job reaches the log, the step summary or the outputs, whether the
// pipeline logs it through a stage, fails with it, or prints it to its own output.
func TestRunKeepsSecretsOutOfLogsSummaryAndOutputs(t *testing.T) {
	const canary = "ghs_canary_secret_4f9a1c"
	dir := pipelineModule(t, `p.Stage("leak", func(s *greenlight.Stage) error {
		s.Logf("token is %s", os.Getenv("GITHUB_TOKEN"))
		fmt.Println("printed:", os.Getenv("GITHUB_TOKEN"))
		fmt.Fprintln(os.Stderr, "to stderr:", os.Getenv("COSIGN_PASSWORD"))
		s.Result("result has %s", os.Getenv("COSIGN_PASSWORD"))
		return errors.New("failed with " + os.Getenv("GITHUB_TOKEN"))
	})`)
	src, _ := os.ReadFile(filepath.Join(dir, "pipeline.go"))
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(strings.Replace(string(src), `"errors"`, `"errors"
	"fmt"
	"os"`, 1)), 0o644)
	outputs, _ := actionsEnv(t, "push", "push.json")
	t.Setenv("GITHUB_TOKEN", canary)
	t.Setenv("COSIGN_PASSWORD", canary+"-pw")
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", t.TempDir())
	if code != 1 || !strings.Contains(out, "token is ***") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	summary, _ := os.ReadFile(filepath.Join(filepath.Dir(outputs), "summary"))
	o, _ := os.ReadFile(outputs)
	for name, text := range map[string]string{"stdout": out, "stderr": errs, "summary": string(summary), "outputs": string(o)} {
		if strings.Contains(text, "canary_secret") {
			t.Errorf("the secret is in %s:\n%s", name, text)
		}
	}
}

// Issue 27, defect 2: newest wins when CI finishes out of order. The newest commit's CI passed
// first; when the older commit's CI passed later, GitHub's concurrency group kept that run and
// cancelled the newest commit's pending one, and the run deployed the older commit: the newest
// green commit was never released until another arrived. The run now releases the newest
// green commit of the branch and says why; a newer commit whose CI is still running is not.
func TestRunReleasesTheNewestGreenCommitWhenCIFinishesOutOfOrder(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("source", func(s *greenlight.Stage) error { s.Result("commit=%s", p.Source().Commit); return nil })`)
	one, three, nine := strings.Repeat("1", 40), strings.Repeat("3", 40), strings.Repeat("9", 40)
	outputs, fake := actionsEnv(t, "workflow_run", "workflow_run_success.json", one, three, nine)
	fake.Check(three, "test", "success")
	fake.Check(nine, "test", "success") // the newest commit's CI finished first
	code, _, errs := runCLI("run", "--decide", "--pipeline", dir)
	if o, _ := os.ReadFile(outputs); code != 0 || !strings.Contains(string(o), "sha<<") || !strings.Contains(string(o), "\n"+nine+"\n") {
		t.Fatalf("--decide on the older commit's event: exit %d %s\noutputs %s", code, errs, o)
	}
	if !strings.Contains(errs, "the newest green commit is released") {
		t.Errorf("the decision does not say why it releases another commit than the event's: %s", errs)
	}
	// The run step gets the decided commit and releases it.
	t.Setenv("GREENLIGHT_DECIDED_SHA", nine)
	cache := t.TempDir()
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || !strings.Contains(out, "commit="+nine) {
		t.Fatalf("the run step: exit %d\n%s\n%s", code, out, errs)
	}
	// A decided commit that is not a green commit of the branch above the event's is refused.
	fake.Check(nine, "test", "failure")
	code, out, errs = runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || strings.Contains(out, "commit=") || !strings.Contains(errs, "is not a green commit of main newer than") {
		t.Fatalf("a decided commit no longer green: exit %d\n%s\n%s", code, out, errs)
	}
	// A newer commit whose CI is still running is not released: the event's commit is.
	os.Unsetenv("GREENLIGHT_DECIDED_SHA")
	fake.Check(nine, "test", "") // in progress
	code, out, errs = runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || !strings.Contains(out, "commit="+three) {
		t.Fatalf("with the newer commit's CI pending: exit %d\n%s\n%s", code, out, errs)
	}
}
