package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// For a workflow_run, the pipeline deploys the commit CI passed (the event's head_sha), not
// GITHUB_SHA; a workflow_run that failed deploys nothing.
func TestRunTakesTheCommitFromTheEvent(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("source", func(s *greenlight.Stage) error { s.Result("commit=%s author=%s", p.Source().Commit, p.Source().Author); return nil })`)
	// The pipeline must read SourceFromEnv, as the one greenlight init writes does.
	src, _ := os.ReadFile(filepath.Join(dir, "pipeline.go"))
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(strings.Replace(string(src), `greenlight.WithName("hello")`, `greenlight.WithName("hello"), greenlight.WithSource(greenlight.SourceFromEnv())`, 1)), 0o644)
	gh := t.TempDir()
	events := filepath.Join(testutil.ModuleRoot(), "testdata", "events")
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_OUTPUT", filepath.Join(gh, "output"))
	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(gh, "summary"))
	t.Setenv("GITHUB_SHA", strings.Repeat("9", 40)) // main's newest commit, not the one CI passed
	t.Setenv("GITHUB_EVENT_NAME", "workflow_run")
	t.Setenv("GITHUB_EVENT_PATH", filepath.Join(events, "workflow_run_success.json"))
	cache := t.TempDir()
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || !strings.Contains(out, "commit="+strings.Repeat("3", 40)+" author=bob") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	t.Setenv("GITHUB_EVENT_PATH", filepath.Join(events, "workflow_run_failure.json"))
	code, out, errs = runCLI("run", "--pipeline", dir, "--cache", cache)
	if code != 0 || strings.Contains(out, "commit=") || !strings.Contains(out, "::notice title=greenlight%3A nothing deployed::") || !strings.Contains(errs, `ended "failure"`) {
		t.Fatalf("failed workflow_run: %d\n%s\n%s", code, out, errs)
	}
}
