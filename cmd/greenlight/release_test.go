package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// releaseWorkflow is what the test reads of .github/workflows/release.yml.
type releaseWorkflow struct {
	On struct {
		Push struct {
			Tags []string `yaml:"tags"`
		} `yaml:"push"`
	} `yaml:"on"`
	Jobs map[string]struct {
		Needs       any               `yaml:"needs"`
		Permissions map[string]string `yaml:"permissions"`
		Strategy    struct {
			Matrix map[string][]string `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Env  map[string]string `yaml:"env"`
			Run  string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// The release workflow builds the CLI for linux and darwin × amd64 and arm64 on a vX.Y.Z tag,
// checksums, signs a keyless provenance with greenlight attest-files, publishes and moves the
// major tag; its build and checksum steps, run here as they are for a cross target, compile
// with cgo off, stamp the version, and write a file `sha256sum -c` accepts. The target is
// darwin/arm64 (a cross-compile a Linux runner makes for a Mac).
func TestReleaseWorkflow(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(), ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf releaseWorkflow
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(wf.On.Push.Tags, "v*") || !slices.Contains(wf.On.Push.Tags, "!v[0-9]") {
		t.Errorf("the workflow runs on tags %q: want v* but not the major tags it moves", wf.On.Push.Tags)
	}
	build, release := wf.Jobs["build"], wf.Jobs["release"]
	if m := build.Strategy.Matrix; !slices.Equal(m["goos"], []string{"linux", "darwin"}) || !slices.Equal(m["goarch"], []string{"amd64", "arm64"}) || len(m) != 2 {
		t.Errorf("matrix %v: want goos linux, darwin × goarch amd64, arm64", m)
	}
	if release.Needs != "build" || release.Permissions["id-token"] != "write" || release.Permissions["contents"] != "write" {
		t.Errorf("the release job: needs %v, permissions %v", release.Needs, release.Permissions)
	}
	step := func(job, name string) string {
		for _, s := range wf.Jobs[job].Steps {
			if s.Name == name {
				return s.Run
			}
		}
		t.Fatalf("no step %q in job %s", name, job)
		return ""
	}
	if s := step("release", "Sign the provenance"); !strings.Contains(s, "attest-files --keyless") || !strings.Contains(s, "checksums.txt") {
		t.Errorf("the signing step: %s", s)
	}
	if s := step("release", "Publish the release"); !strings.Contains(s, "gh release create") || !strings.Contains(s, "provenance.sigstore.json") {
		t.Errorf("the publishing step: %s", s)
	}
	if s := step("release", "Move the major tag"); !strings.Contains(s, `git push -f origin "refs/tags/$major"`) {
		t.Errorf("the major tag step: %s", s)
	}

	// The build step as it is, for goos/arm64, then the checksum and signing steps.
	const goos = "darwin"
	tmp := t.TempDir()
	run := func(dir, script string, env ...string) {
		t.Helper()
		c := exec.Command("bash", "-e", "-c", script)
		c.Dir = dir
		c.Env = append(os.Environ(), append([]string{"RUNNER_TEMP=" + tmp}, env...)...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
	}
	run(testutil.ModuleRoot(), step("build", "Build"), "GOOS="+goos, "GOARCH=arm64", "VERSION=v0.0.1-releasetest")
	dist := filepath.Join(tmp, "dist")
	bin := filepath.Join(dist, "greenlight_"+goos+"_arm64")
	info, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, info)
	}
	for _, want := range []string{"\tpath\tgithub.com/greenlight-cd/greenlight/cmd/greenlight\n", "\tbuild\tGOOS=" + goos + "\n", "\tbuild\tGOARCH=arm64\n", "\tbuild\tCGO_ENABLED=0\n", "\tbuild\t-trimpath=true\n"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("the %s/arm64 binary lacks %q:\n%s", goos, want, info)
		}
	}
	// -trimpath leaves -ldflags out of the build info: the version -X set is in the binary's data.
	if b, _ := os.ReadFile(bin); !bytes.Contains(b, []byte("v0.0.1-releasetest")) {
		t.Error("the binary does not hold the version the build step set with -X main.releaseVersion")
	}
	run(dist, step("release", "Checksums"))
	sums, _ := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if !regexp.MustCompile(`^[0-9a-f]{64}  greenlight_` + goos + `_arm64\n$`).Match(sums) {
		t.Errorf("checksums.txt:\n%s", sums)
	}
	check := exec.Command("sha256sum", "-c", "checksums.txt")
	check.Dir = dist
	if out, err := check.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("greenlight_"+goos+"_arm64: OK")) {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}

	// greenlight attest-files, as the signing step runs it (with a key here: keyless needs the
	// workflow's OIDC token; TestAttestFilesVerifiesWithCosign checks the bundle with cosign).
	if code, _, errs := runCLI("keygen", "--dir", tmp); code != 0 {
		t.Fatal(errs)
	}
	for k, v := range map[string]string{"GITHUB_REPOSITORY": "greenlight-cd/greenlight", "GITHUB_SHA": strings.Repeat("ab", 20),
		"GITHUB_WORKFLOW_REF": "greenlight-cd/greenlight/.github/workflows/release.yml@refs/tags/v0.9.1", "GITHUB_REF": "refs/tags/v0.9.1", "COSIGN_PASSWORD": ""} {
		t.Setenv(k, v)
	}
	out := filepath.Join(dist, "provenance.sigstore.json")
	code, stdout, errs := runCLI("attest-files", "--key", filepath.Join(tmp, "cosign.key"), "--out", out, bin, filepath.Join(dist, "checksums.txt"))
	if b, _ := os.ReadFile(out); code != 0 || !strings.Contains(stdout, "attested 2 files") || !bytes.Contains(b, []byte(`"dsseEnvelope"`)) {
		t.Errorf("attest-files: %d %s %s", code, stdout, errs)
	}
	if code, _, errs := runCLI("attest-files", "--key", filepath.Join(tmp, "cosign.key")); code != 2 || !strings.Contains(errs, "name the files") {
		t.Errorf("attest-files with no files: %d %s", code, errs)
	}
}
