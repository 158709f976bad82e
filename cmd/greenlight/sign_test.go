package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// greenlight sign then greenlight verify, as a user runs them: bundle by default, legacy on
// request, an SBOM attached; usage errors exit 2, a failed verification 1.
func TestSignThenVerifyCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("COSIGN_PASSWORD", "pw")
	t.Setenv("GITHUB_WORKFLOW_REF", "") // not in a workflow: --attest provenance is refused
	if code, _, errs := runCLI("keygen", "--dir", dir); code != 0 {
		t.Fatal(errs)
	}
	reg := testutil.Registry(t)
	code, out, errs := runCLI("build", "--dir", testutil.HelloDir(), "--repo", reg.Repo("acme/hello"), "--tag", "v1")
	if code != 0 {
		t.Fatal(errs)
	}
	ref := strings.TrimSpace(out)
	key, pub := filepath.Join(dir, "cosign.key"), filepath.Join(dir, "cosign.pub")
	if code, out, errs := runCLI("sign", "--key", key, "--attest", "sbom", ref); code != 0 || !strings.Contains(out, "bundle signature by") || !strings.Contains(out, "CycloneDX SBOM") {
		t.Fatalf("sign: %d %s %s", code, out, errs)
	}
	if code, out, errs := runCLI("verify", "--key", pub, ref); code != 0 || !strings.Contains(out, "verified "+ref+": bundle signature") {
		t.Fatalf("verify: %d %s %s", code, out, errs)
	}
	if code, out, errs := runCLI("sign", "--key", key, "--format", "legacy", ref); code != 0 || !strings.Contains(out, "legacy signature") {
		t.Fatalf("sign legacy: %d %s %s", code, out, errs)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sign", ref}, 2, "give --key cosign.key"},
		{[]string{"sign", "--key", key, "--format", "x509", ref}, 2, "unknown signature format"},
		{[]string{"sign", "--key", key, "--attest", "everything", ref}, 2, "unknown attestation"},
		{[]string{"sign", "--key", key, "--attest", "provenance", ref}, 2, "GITHUB_WORKFLOW_REF"},
		{[]string{"sign", "--key", key, reg.Repo("acme/hello:v1")}, 2, "not pinned by digest"},
		{[]string{"verify", "--certificate-identity", "x", ref}, 2, "give --trusted-root FILE"},
		{[]string{"verify", "--key", filepath.Join(dir, "missing.pub"), ref}, 2, "no such file"},
	} {
		if code, _, errs := runCLI(tc.args...); code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: %d %s", tc.args, code, errs)
		}
	}
	t.Setenv("COSIGN_PASSWORD", "wrong")
	if code, _, errs := runCLI("sign", "--key", key, ref); code != 2 || !strings.Contains(errs, "wrong password") {
		t.Errorf("wrong password: %d %s", code, errs)
	}
}
