package main

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// actionCLI runs action/cli.sh, the action's "Get the greenlight CLI" step, as the runner does
// (RUNNER_OS, RUNNER_ARCH, the action's ref and path), with GitHub's release downloads and git
// remote replaced by releases and gitURL.
func actionCLI(t *testing.T, ref, releases, gitURL, out string) (string, error) {
	t.Helper()
	c := exec.Command("bash", filepath.Join(testutil.ModuleRoot(), "action", "cli.sh"))
	c.Env = append(os.Environ(), "GREENLIGHT_ACTION_REF="+ref, "GREENLIGHT_ACTION_REPO=greenlight-cd/greenlight", "GREENLIGHT_CLI="+out,
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "GITHUB_ACTION_PATH="+testutil.ModuleRoot(),
		"GREENLIGHT_RELEASES_URL="+releases, "GREENLIGHT_GIT_URL="+gitURL)
	b, err := c.CombinedOutput()
	return string(b), err
}

// The action on a released version downloads the release's binary for the runner and checks it
// against checksums.txt, compiling nothing; a major tag (v0) gets the release on its commit; a
// binary that does not match its checksum is refused and not installed; a tag with no release
// falls back to the source; a commit uses the CLI the cache restored for it.
func TestActionGetsTheReleaseBinary(t *testing.T) {
	dir := t.TempDir()
	release := func(tag, content, sum string) {
		os.MkdirAll(filepath.Join(dir, tag), 0o755)
		os.WriteFile(filepath.Join(dir, tag, "greenlight_linux_amd64"), []byte(content), 0o755)
		os.WriteFile(filepath.Join(dir, tag, "greenlight_darwin_arm64"), []byte("darwin "+content), 0o755)
		d := sha256.Sum256([]byte("darwin " + content))
		os.WriteFile(filepath.Join(dir, tag, "checksums.txt"), []byte(fmt.Sprintf("%x  greenlight_darwin_arm64\n%s  greenlight_linux_amd64\n", d, sum)), 0o644)
	}
	hash := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	release("v0.9.0", "old release", hash("old release"))
	release("v0.9.1", "the release", hash("the release"))
	release("v0.9.2", "a tampered binary", hash("the binary the release built"))
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	// The action's repository: v0.9.0 on one commit, v0.9.1 (annotated) and the major tag v0
	// on the next.
	remote := t.TempDir()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "--allow-empty", "-m", "one"},
		{"tag", "v0.9.0"}, {"-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "--allow-empty", "-m", "two"},
		{"-c", "user.name=A", "-c", "user.email=a@example.com", "tag", "-a", "-m", "v0.9.1", "v0.9.1"}, {"tag", "v0"}} {
		git(t, remote, args...)
	}

	for _, ref := range []string{"v0.9.1", "v0"} {
		out := filepath.Join(t.TempDir(), "greenlight")
		log, err := actionCLI(t, ref, srv.URL, remote, out)
		got, _ := os.ReadFile(out)
		if err != nil || string(got) != "the release" || !strings.Contains(log, "greenlight v0.9.1: the release's greenlight_linux_amd64, checksum verified") {
			t.Errorf("@%s: %v, installed %q\n%s", ref, err, got, log)
		}
	}
	out := filepath.Join(t.TempDir(), "greenlight")
	log, err := actionCLI(t, "v0.9.2", srv.URL, remote, out)
	if _, statErr := os.Stat(out); err == nil || statErr == nil || !strings.Contains(log, "::error::greenlight v0.9.2: greenlight_linux_amd64 does not match the release's checksums.txt") {
		t.Errorf("a tampered binary: %v (installed: %v)\n%s", err, statErr == nil, log)
	}
	// No release for the tag, and a commit: the CLI for it is at GREENLIGHT_CLI already (the
	// cache restored it), so nothing is built.
	cached := filepath.Join(t.TempDir(), "greenlight")
	os.WriteFile(cached, []byte("built before"), 0o755)
	for _, ref := range []string{"v0.9.9", strings.Repeat("ab", 20)} {
		log, err := actionCLI(t, ref, srv.URL, remote, cached)
		if err != nil || !strings.Contains(log, "restored from the cache") {
			t.Errorf("@%s: %v\n%s", ref, err, log)
		}
	}
	if log, _ := actionCLI(t, "v0.9.9", srv.URL, remote, cached); !strings.Contains(log, "::notice::greenlight v0.9.9 has no release binary greenlight_linux_amd64: building it from source") {
		t.Errorf("a tag with no release:\n%s", log)
	}
}
