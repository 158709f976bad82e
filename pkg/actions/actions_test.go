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
	"github.com/greenlight-cd/greenlight/pkg/protocol"
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

// Trust is decided from the event alone: only pushed commits of this repository's allowed
// branches, still on that branch, and dispatches on the default branch with valid inputs.
func TestTrustDecidesFromTheEventBeforeAnythingRuns(t *testing.T) {
	dir := filepath.Join(testutil.ModuleRoot(), "testdata", "events")
	var compared []string
	onMain := func(ctx context.Context, branch, sha string) (bool, error) {
		compared = append(compared, branch+"..."+sha[:7])
		return sha != strings.Repeat("5", 40), nil
	}
	decide := func(name, file, sha string, branches ...string) (protocol.Request, error) {
		r := New(&strings.Builder{}, func(k string) string {
			return map[string]string{"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": eventPath(dir, file)}[k]
		})
		n, ev, err := r.Event()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		return Trust(context.Background(), n, ev, sha, branches, onMain)
	}
	req, err := decide("push", "push.json", "")
	if err != nil || req.Commit != strings.Repeat("2", 40) || req.Ref != "refs/heads/main" || req.Author != "ann" || req.Actor != "ann" || req.Inputs.Command != protocol.Run {
		t.Errorf("push: %+v %v", req, err)
	}
	req, err = decide("workflow_run", "workflow_run_success.json", strings.Repeat("9", 40))
	if err != nil || req.Commit != strings.Repeat("3", 40) || req.Author != "bob" || req.Actor != "bob" || req.Repository != "acme/hello" {
		t.Errorf("workflow_run: %+v %v", req, err)
	}
	if len(compared) != 1 || compared[0] != "main...3333333" {
		t.Errorf("reachability asked %v", compared)
	}
	req, err = decide("workflow_dispatch", "workflow_dispatch.json", strings.Repeat("4", 40))
	if err != nil || req.Commit != strings.Repeat("4", 40) || req.Author != "carol" || req.Actor != "carol" || req.Inputs.Command != protocol.Rollback ||
		req.Inputs.Environment != "production" || req.Inputs.RequestedBy != "carol" || !strings.HasPrefix(req.Inputs.Ref, "sha256:") {
		t.Errorf("dispatch: %+v %v", req, err)
	}
	// A branch the pipeline names may deploy too.
	if _, err := decide("workflow_run", "workflow_run_other_branch.json", "", "main", "feature"); err != nil {
		t.Errorf("an allowed branch: %v", err)
	}
	for _, tc := range []struct{ name, file, want string }{
		{"workflow_run", "workflow_run_failure.json", `ended "failure"`},
		{"workflow_run", "workflow_run_fork_pr.json", "ran for a pull_request event, not a push"},
		{"workflow_run", "workflow_run_pull_request.json", "ran for a pull_request event"},
		{"workflow_run", "workflow_run_fork_push.json", "comes from mallory/hello, not from acme/hello"},
		{"workflow_run", "workflow_run_other_branch.json", `pushed to "feature"; only the default branch main deploys`},
		{"push", "push_tag.json", "tags are not deployed"},
		{"workflow_dispatch", "workflow_dispatch_feature.json", "commands run only on the default branch main"},
		{"workflow_dispatch", "workflow_dispatch_bad_inputs.json", "neither a digest"},
		{"pull_request_target", "push.json", "not on pull_request_target"},
	} {
		_, err := decide(tc.name, tc.file, strings.Repeat("4", 40))
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(r.Reason, tc.want) {
			t.Errorf("%s: %v, want a refusal saying %q", tc.file, err, tc.want)
		}
	}
	// A commit CI passed but that is no longer on the branch (a force-push) is refused.
	b, _ := os.ReadFile(filepath.Join(dir, "workflow_run_success.json"))
	moved := filepath.Join(t.TempDir(), "moved.json")
	os.WriteFile(moved, []byte(strings.ReplaceAll(string(b), strings.Repeat("3", 40), strings.Repeat("5", 40))), 0o644)
	if _, err := decide("workflow_run", moved, ""); err == nil || !strings.Contains(err.Error(), "is not on main") {
		t.Errorf("a commit off the branch: %v", err)
	}
	// A deletion is refused.
	b, _ = os.ReadFile(filepath.Join(dir, "push.json"))
	del := filepath.Join(t.TempDir(), "del.json")
	os.WriteFile(del, []byte(strings.Replace(strings.Replace(string(b), `"deleted": false`, `"deleted": true`, 1), strings.Repeat("2", 40), strings.Repeat("0", 40), 1)), 0o644)
	if _, err := decide("push", del, ""); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("a deletion: %v", err)
	}
}

func eventPath(dir, file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	return filepath.Join(dir, file)
}
