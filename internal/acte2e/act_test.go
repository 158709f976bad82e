// Package acte2e runs action.yml itself with nektos/act in self-hosted mode (no Docker)
// against the fake GitHub API and the embedded registry.
package acte2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// repo copies the repository's files (as in the working tree) into a fresh git repository
// with the e2e workflow and pipeline, and returns its path and HEAD.
func repo(t *testing.T) (string, string) {
	root := testutil.ModuleRoot()
	dir := t.TempDir()
	files := strings.Split(run(t, root, "git", "ls-files", "-co", "--exclude-standard"), "\n")
	for _, f := range files {
		if strings.HasPrefix(f, ".github/") || f == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the working tree
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755)
	wf, _ := os.ReadFile(filepath.Join(root, "testdata", "act", "e2e.yml"))
	os.WriteFile(filepath.Join(dir, ".github", "workflows", "e2e.yml"), wf, 0o644)
	pl := filepath.Join(dir, "e2e-pipeline")
	os.MkdirAll(pl, 0o755)
	src, _ := os.ReadFile(filepath.Join(root, "testdata", "act", "pipeline.go.txt"))
	os.WriteFile(filepath.Join(pl, "pipeline.go"), src, 0o644)
	os.WriteFile(filepath.Join(pl, "go.mod"), []byte("module example.com/e2e\n\ngo 1.26.0\n\nrequire github.com/greenlight-cd/greenlight v0.0.0\n\nreplace github.com/greenlight-cd/greenlight => ..\n"), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(pl, "go.sum"), sum, 0o644)
	run(t, dir, "git", "init", "-q", "-b", "main")
	run(t, dir, "git", "remote", "add", "origin", "https://github.com/acme/hello.git")
	run(t, dir, "git", "add", "-A")
	run(t, dir, "git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "e2e")
	return dir, run(t, dir, "git", "rev-parse", "HEAD")
}

// offlineActions makes act's action cache hold stand-ins for the marketplace actions that
// action.yml references (their steps are skipped here by the action's inputs, but act resolves
// every action of a composite before running it), so that act needs no network.
func offlineActions(t *testing.T) string {
	cache := t.TempDir()
	for _, a := range []struct{ uses, tag string }{{"actions-cache@v4", "v4"}, {"actions-setup-go@v5", "v5"}, {"actions-checkout@v4", "v4"}} {
		dir := filepath.Join(cache, a.uses)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "action.yml"), []byte("name: offline stand-in\ndescription: does nothing (test)\nruns:\n  using: composite\n  steps:\n    - run: 'true'\n      shell: bash\n"), 0o644)
		run(t, dir, "git", "init", "-q", "-b", "main")
		run(t, dir, "git", "add", "-A")
		run(t, dir, "git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "stand-in")
		run(t, dir, "git", "tag", a.tag)
	}
	return cache
}

func TestActionYMLUnderAct(t *testing.T) {
	act := testutil.Tool(t, "act")
	dir, head := repo(t)
	gh := githubfake.New(head)
	defer gh.Close()
	gh.Token("ghs_e2e", githubfake.WorkflowPermissions)
	gh.Check(head, "test", "success")
	// The deploy job itself is an in-progress check run on the commit, as on GitHub.
	runID, _ := gh.StartRun("e2e.yml", head, "deploy")
	reg := testutil.Registry(t)
	key, _ := sign.GenerateKey()
	keyPEM, _ := key.EncryptedPEM(nil)
	out := t.TempDir()
	// A push event as GitHub sends it: the pushed commit, the branch, the repository and its
	// default branch (the action decides trust from these).
	event := filepath.Join(t.TempDir(), "push.json")
	os.WriteFile(event, []byte(`{"ref": "refs/heads/main", "before": "`+strings.Repeat("0", 40)+`", "after": "`+head+`", "created": true, "deleted": false,
		"repository": {"id": 1, "name": "hello", "full_name": "acme/hello", "default_branch": "main", "fork": false},
		"pusher": {"name": "ann", "email": "ann@example.com"}, "sender": {"login": "ann", "id": 7, "type": "User"},
		"head_commit": {"id": "`+head+`", "message": "e2e", "author": {"name": "Ann", "email": "ann@example.com", "username": "ann"}}}`), 0o644)
	cmd := exec.Command(act, "push", "-e", event, "-P", "ubuntu-latest=-self-hosted", "-W", ".github/workflows/e2e.yml",
		"--action-offline-mode", "--action-cache-path", offlineActions(t),
		"-s", "GITHUB_TOKEN=ghs_e2e",
		"--env", "GREENLIGHT_GITHUB_API_URL="+gh.URL, "--env", fmt.Sprintf("GITHUB_RUN_ID=%d", runID), "--env", "E2E_REGISTRY="+reg.Host(), "--env", "E2E_OUT="+out,
		"--env", "COSIGN_KEY="+string(keyPEM))
	cmd.Dir = dir
	cmd.Env = append(testutil.OfflineEnv(), "GOFLAGS=-mod=mod")
	logb, err := cmd.CombinedOutput()
	log := string(logb)
	if err != nil {
		t.Fatalf("act: %v\n%s", err, log)
	}
	outputs, _ := os.ReadFile(filepath.Join(out, "outputs"))
	if !strings.Contains(string(outputs), "result=passed") || !strings.Contains(string(outputs), "digest=sha256:") || !strings.Contains(string(outputs), "url=https://staging.example") {
		t.Fatalf("outputs:\n%s\nlog:\n%s", outputs, log)
	}
	// Each step has its own summary file, as on GitHub; act prints what the action's step wrote.
	if !strings.Contains(log, "Summary - ### Greenlight: e2e ✅ passed") || !strings.Contains(log, "| deploy-staging | staging | ✅ passed |") || !strings.Contains(log, "```mermaid") {
		t.Errorf("step summary missing from act's log:\n%s", log)
	}
	for _, want := range []string{"::group::build", "::group::deploy-staging (staging)", "::endgroup::", "✓ deploy-staging staging"} {
		if !strings.Contains(log, want) {
			t.Errorf("act's log lacks %q", want)
		}
	}
	c, _ := github.New("ghs_e2e", "acme/hello", github.WithBaseURL(gh.URL))
	cur, err := c.Current(context.Background(), "staging")
	if err != nil || cur == nil || cur.SHA != head || !strings.Contains(string(outputs), cur.Payload.Digest) {
		t.Fatalf("GitHub deployment: %+v %v", cur, err)
	}
}
