package actions

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ga "github.com/sethvargo/go-githubactions"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// parseFileCommands reads a GITHUB_OUTPUT/GITHUB_ENV file the way the runner does: name=value
// lines, or name<<DELIM, the value's lines, DELIM.
func parseFileCommands(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok {
			var val []string
			for sc.Scan() && sc.Text() != delim {
				val = append(val, sc.Text())
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

func env(t *testing.T) (map[string]string, func(string) string) {
	dir := t.TempDir()
	m := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_ENV": filepath.Join(dir, "env"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary")}
	return m, func(k string) string { return m[k] }
}

const injection = "hello\n_GitHubActionsFileCommandDelimeter_\nimage=ghcr.io/evil/image"

// go-githubactions alone lets a value set another output; the wrapper does not.
func TestOutputsCannotBeInjected(t *testing.T) {
	m, getenv := env(t)
	raw := ga.New(ga.WithGetenv(getenv), ga.WithWriter(&strings.Builder{}))
	raw.SetOutput("message", injection)
	if got := parseFileCommands(t, m["GITHUB_OUTPUT"]); got["image"] != "ghcr.io/evil/image" {
		t.Fatalf("expected the bare library to be injectable (it is what this wrapper guards against); outputs: %v", got)
	}
	m2, getenv2 := env(t)
	r := New(&strings.Builder{}, getenv2)
	if err := r.SetOutput("message", injection); err != nil {
		t.Fatal(err)
	}
	if err := r.SetOutput("digest", "sha256:abc"); err != nil {
		t.Fatal(err)
	}
	got := parseFileCommands(t, m2["GITHUB_OUTPUT"])
	if len(got) != 2 || got["message"] != injection || got["digest"] != "sha256:abc" {
		t.Fatalf("outputs: %q", got)
	}
}

func TestNamesAndDangerousVariablesAreRefused(t *testing.T) {
	_, getenv := env(t)
	r := New(&strings.Builder{}, getenv)
	for _, name := range []string{"a\nb", "x<<y", "", "9lives", "a=b"} {
		if err := r.SetOutput(name, "v"); err == nil {
			t.Errorf("output name %q accepted", name)
		}
	}
	for _, name := range []string{"LD_PRELOAD", "NODE_OPTIONS", "BASH_ENV", "path", "GITHUB_TOKEN", "RUNNER_TEMP"} {
		if err := r.SetEnv(name, "x"); err == nil {
			t.Errorf("env %s accepted", name)
		}
	}
	if err := r.SetEnv("GREENLIGHT_DIGEST", "sha256:1"); err != nil {
		t.Error(err)
	}
	if err := New(nil, func(string) string { return "" }).SetOutput("a", "b"); err == nil || !strings.Contains(err.Error(), "not running in a GitHub Actions step") {
		t.Errorf("outside Actions: %v", err)
	}
}

func TestMaskEachLine(t *testing.T) {
	var out strings.Builder
	_, getenv := env(t)
	New(&out, getenv).Mask("line one\nline two\n")
	if got := out.String(); !strings.Contains(got, "::add-mask::line one") || !strings.Contains(got, "::add-mask::line two") {
		t.Errorf("%q", got)
	}
}

func TestSinkGroupsAnnotatesAndSummarises(t *testing.T) {
	m, getenv := env(t)
	var out strings.Builder
	r := New(&out, getenv)
	sink := r.NewSink(&out)
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(s *greenlight.Stage) error { s.Logf("compiling"); s.Result("ok | done"); return nil })
		p.Stage("canary", func(s *greenlight.Stage) error { return errors.New("canary failed at 10%: error rate 30%\nmore") })
	}, greenlight.WithName("hello"), greenlight.WithSink(sink))
	log := out.String()
	for _, want := range []string{"::group::build", "compiling", "::endgroup::", "::error title=greenlight%3A canary failed::canary failed at 10%25: error rate 30%25"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Index(log, "::group::build") > strings.Index(log, "compiling") {
		t.Error("the stage's lines are not inside its group")
	}
	sum, _ := os.ReadFile(m["GITHUB_STEP_SUMMARY"])
	s := string(sum)
	for _, want := range []string{"### Greenlight: hello ❌ failed", "| build | – | ✅ passed |", "ok \\| done", "```mermaid", "s0 --> s1", "class s1 failed"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestEvents(t *testing.T) {
	dir := filepath.Join(testutil.ModuleRoot(), "testdata", "events")
	var readSHA func(name, file, sha string) (Commit, error)
	read := func(name, file string) (Commit, error) { return readSHA(name, file, "") }
	readSHA = func(name, file, sha string) (Commit, error) {
		r := New(&strings.Builder{}, func(k string) string {
			return map[string]string{"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": filepath.Join(dir, file)}[k]
		})
		n, ev, err := r.Event()
		if err != nil {
			return Commit{}, err
		}
		return CommitOf(n, ev, sha, "", "")
	}
	c, err := read("push", "push.json")
	if err != nil || c.SHA != strings.Repeat("2", 40) || c.Ref != "refs/heads/main" || c.Author != "ann" {
		t.Errorf("push: %+v %v", c, err)
	}
	c, err = read("workflow_run", "workflow_run_success.json")
	if err != nil || c.SHA != strings.Repeat("3", 40) || c.Author != "bob" {
		t.Errorf("workflow_run: %+v %v", c, err)
	}
	if _, err := read("workflow_run", "workflow_run_failure.json"); err == nil || !strings.Contains(err.Error(), `ended "failure"`) {
		t.Errorf("failed workflow_run: %v", err)
	}
	// A dispatch names a ref, not a commit: the caller passes GITHUB_SHA.
	if _, err := read("workflow_dispatch", "workflow_dispatch.json"); err == nil || !strings.Contains(err.Error(), "names no commit") {
		t.Errorf("dispatch without GITHUB_SHA: %v", err)
	}
	c, err = readSHA("workflow_dispatch", "workflow_dispatch.json", strings.Repeat("4", 40))
	if err != nil || c.SHA != strings.Repeat("4", 40) || c.Author != "carol" || c.Inputs["command"] != "rollback" || c.Inputs["environment"] != "production" {
		t.Errorf("dispatch: %+v %v", c, err)
	}
	if _, err := CommitOf("issues", struct{}{}, "", "", ""); err == nil {
		t.Error("an unrelated event accepted")
	}
}
