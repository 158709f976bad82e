package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

// actionCLI runs action/cli.sh, the action's "Get the greenlight CLI" step, as the runner does
// (RUNNER_OS, RUNNER_ARCH, the action's ref and path), with GitHub's release downloads and git
// remote replaced by releases and gitURL, and env added (the trust root of the local Sigstore,
// the verifier, PATH).
func actionCLI(t *testing.T, ref, releases, gitURL, out string, env ...string) (string, error) {
	t.Helper()
	c := exec.Command("bash", filepath.Join(testutil.ModuleRoot(), "action", "cli.sh"))
	c.Env = append(append(os.Environ(), "GREENLIGHT_ACTION_REF="+ref, "GREENLIGHT_ACTION_REPO=greenlight-cd/greenlight", "GREENLIGHT_CLI="+out,
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "GITHUB_ACTION_PATH="+testutil.ModuleRoot(),
		"GREENLIGHT_RELEASES_URL="+releases, "GREENLIGHT_GIT_URL="+gitURL), env...)
	b, err := c.CombinedOutput()
	return string(b), err
}

// provenance is what release.yml's "Sign the provenance" step writes (greenlight attest-files
// --keyless, the same code): a SLSA provenance of files, signed keyless with the identity of
// repo's workflow on ref, by the local stand-ins of Fulcio (which embeds an SCT, as Fulcio does)
// and Rekor.
func provenance(t *testing.T, ss *sigstorefake.Sigstore, repo, workflow, ref string, files ...string) []byte {
	t.Helper()
	id := sign.Identity{Subject: "https://github.com/" + repo + "/" + workflow + "@" + ref, Issuer: ss.Issuer.URL}
	v, err := sign.NewKeylessVerifierFromTrustedRoot(ss.TrustedRootJSON(), id)
	if err != nil {
		t.Fatal(err)
	}
	token := func(context.Context) (string, error) {
		return ss.Token(repo, workflow, ref, "sigstore", time.Minute), nil
	}
	subjects, err := sign.FileSubjects(files...)
	if err != nil {
		t.Fatal(err)
	}
	build := attest.Build{ServerURL: "https://github.com", Repository: repo, Commit: strings.Repeat("c", 40), Ref: ref, WorkflowRef: repo + "/" + workflow + "@" + ref}
	b, err := sign.NewKeyless(token, ss.Fulcio.URL, ss.Rekor.URL, v).AttestFiles(context.Background(), subjects, attest.SLSAProvenanceV1, attest.Provenance(build))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The action on a released version downloads the release's binary for the runner, checks it
// against checksums.txt and checks that this repository's release workflow signed it for that
// tag (provenance.sigstore.json, verified by the real cosign v2 and v3 against the local
// Sigstore's trust root), compiling nothing; a major tag (v0) gets the release on its commit.
// Refused, and not installed: a binary that does not match its checksum; a tampered binary with
// a checksums.txt to match (the signature names the release's binary); a provenance signed by
// another workflow, or by the release workflow for another tag; a release with no provenance;
// a runner with no verifier. A tag with no release falls back to the source; a commit uses the
// CLI the cache restored for it.
func TestActionGetsTheReleaseBinary(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	dir := t.TempDir()
	const repo, releaseWF = "greenlight-cd/greenlight", ".github/workflows/release.yml"
	hash := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	// release writes a release: the binaries, checksums.txt with sum for linux/amd64, and a
	// provenance of content (the binary the release built) signed by workflow on ref.
	release := func(tag, content, sum, built, workflow, ref string) {
		d := filepath.Join(dir, tag)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, "greenlight_linux_amd64"), []byte(content), 0o755)
		os.WriteFile(filepath.Join(d, "greenlight_darwin_arm64"), []byte("darwin "+content), 0o755)
		os.WriteFile(filepath.Join(d, "checksums.txt"), []byte(fmt.Sprintf("%s  greenlight_darwin_arm64\n%s  greenlight_linux_amd64\n", hash("darwin "+content), sum)), 0o644)
		if workflow == "" {
			return // no provenance
		}
		signed := filepath.Join(t.TempDir(), "greenlight_linux_amd64")
		os.WriteFile(signed, []byte(built), 0o755)
		os.WriteFile(filepath.Join(d, "provenance.sigstore.json"), provenance(t, ss, repo, workflow, ref, signed, filepath.Join(d, "checksums.txt")), 0o644)
	}
	release("v0.9.0", "old release", hash("old release"), "old release", releaseWF, "refs/tags/v0.9.0")
	release("v0.9.1", "the release", hash("the release"), "the release", releaseWF, "refs/tags/v0.9.1")
	release("v0.9.2", "a tampered binary", hash("the binary the release built"), "the binary the release built", releaseWF, "refs/tags/v0.9.2")
	release("v0.9.3", "a tampered binary", hash("a tampered binary"), "the binary the release built", releaseWF, "refs/tags/v0.9.3")
	release("v0.9.4", "the release", hash("the release"), "the release", ".github/workflows/ci.yml", "refs/tags/v0.9.4")
	release("v0.9.5", "the release", hash("the release"), "the release", releaseWF, "refs/tags/v0.9.1") // v0.9.1's signature, replayed
	release("v0.9.6", "the release", hash("the release"), "", "", "")
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

	// The runner's PATH: the system's, with the cosign under test first; the trust root and
	// issuer of the local Sigstore instead of the public ones.
	trusted := filepath.Join(t.TempDir(), "trusted_root.json")
	os.WriteFile(trusted, ss.TrustedRootJSON(), 0o644)
	tools := filepath.Join(os.Getenv("HOME"), ".cache", "greenlight-tools", "bin")
	if d := os.Getenv("GREENLIGHT_TOOLS"); d != "" {
		tools = filepath.Join(d, "bin")
	}
	sigstore := []string{"GREENLIGHT_TRUSTED_ROOT=" + trusted, "GREENLIGHT_OIDC_ISSUER=" + ss.Issuer.URL}
	system := "/usr/local/go/bin:/usr/bin:/bin"
	for _, cosign := range []string{"cosign", "cosign3"} {
		bin := t.TempDir()
		if _, err := os.Stat(filepath.Join(tools, cosign)); err != nil {
			t.Fatalf("%s is not in %s: run .ci/tools.sh", cosign, tools)
		}
		os.Symlink(filepath.Join(tools, cosign), filepath.Join(bin, "cosign"))
		env := append([]string{"PATH=" + bin + ":" + system, "GREENLIGHT_VERIFIER=cosign"}, sigstore...)
		for _, ref := range []string{"v0.9.1", "v0"} {
			out := filepath.Join(t.TempDir(), "greenlight")
			log, err := actionCLI(t, ref, srv.URL, remote, out, env...)
			got, _ := os.ReadFile(out)
			if err != nil || string(got) != "the release" || !strings.Contains(log, "greenlight v0.9.1: the release's greenlight_linux_amd64, checksum verified, signed by https://github.com/greenlight-cd/greenlight/.github/workflows/release.yml@refs/tags/v0.9.1 (checked with cosign)") {
				t.Errorf("%s @%s: %v, installed %q\n%s", cosign, ref, err, got, log)
			}
		}
		for tag, want := range map[string]string{
			"v0.9.2": "::error::greenlight v0.9.2: greenlight_linux_amd64 does not match the release's checksums.txt",
			"v0.9.3": "::error::greenlight v0.9.3: greenlight_linux_amd64 is not signed by greenlight-cd/greenlight's release workflow (https://github.com/greenlight-cd/greenlight/.github/workflows/release.yml@refs/tags/v0.9.3): cosign says",
			"v0.9.4": "::error::greenlight v0.9.4: greenlight_linux_amd64 is not signed by greenlight-cd/greenlight's release workflow",
			"v0.9.5": "::error::greenlight v0.9.5: greenlight_linux_amd64 is not signed by greenlight-cd/greenlight's release workflow (https://github.com/greenlight-cd/greenlight/.github/workflows/release.yml@refs/tags/v0.9.5)",
			"v0.9.6": "::error::greenlight v0.9.6: the release's provenance.sigstore.json could not be downloaded (curl: (22) The requested URL returned error: 404), so the signature of greenlight_linux_amd64 cannot be checked; refusing to run it (re-run the job, or pin the action to a commit (uses: greenlight-cd/greenlight@<40-hex commit>) to build greenlight from source)",
		} {
			out := filepath.Join(t.TempDir(), "greenlight")
			log, err := actionCLI(t, tag, srv.URL, remote, out, env...)
			_, statErr := os.Stat(out)
			if err == nil || statErr == nil || !strings.Contains(log, want) || strings.Count(strings.TrimSpace(log), "\n") > 0 {
				t.Errorf("%s @%s: %v (installed: %v), want one line %q:\n%s", cosign, tag, err, statErr == nil, want, log)
			}
		}
	}
	// A runner with neither gh nor cosign refuses the release rather than run it unverified.
	out := filepath.Join(t.TempDir(), "greenlight")
	log, err := actionCLI(t, "v0.9.1", srv.URL, remote, out, append([]string{"PATH=" + t.TempDir() + ":" + system}, sigstore...)...)
	if _, statErr := os.Stat(out); err == nil || statErr == nil || !strings.Contains(log, "::error::greenlight v0.9.1: neither gh (2.49 or later, on GitHub's runners already) nor cosign is on PATH") {
		t.Errorf("no verifier: %v (installed: %v)\n%s", err, statErr == nil, log)
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
