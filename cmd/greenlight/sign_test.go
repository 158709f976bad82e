package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/sign"
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

// Keyless verification from the command line: the identity as a pattern, the issuer, the
// trust from a trusted_root.json, as cosign's flags.
func TestVerifyKeylessCommand(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	reg := testutil.Registry(t)
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	wf := ".github/workflows/deploy.yml"
	id := sign.Identity{Subject: "https://github.com/acme/hello/" + wf + "@refs/heads/main", Issuer: ss.Issuer.URL}
	v, err := sign.NewKeylessVerifierFromTrustedRoot(ss.TrustedRootJSON(), id)
	if err != nil {
		t.Fatal(err)
	}
	tok := func(context.Context) (string, error) {
		return ss.Token("acme/hello", wf, "refs/heads/main", "sigstore", time.Minute), nil
	}
	if _, err := sign.NewKeyless(tok, ss.Fulcio.URL, ss.Rekor.URL, v).Sign(context.Background(), img); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "trusted_root.json")
	os.WriteFile(root, ss.TrustedRootJSON(), 0o644)
	code, out, errs := runCLI("verify", "--certificate-identity-regexp", `^https://github\.com/acme/hello/`, "--certificate-oidc-issuer", ss.Issuer.URL, "--trusted-root", root, img.String())
	if code != 0 || !strings.Contains(out, "bundle signature by "+id.Subject) {
		t.Fatalf("verify: %d %s %s", code, out, errs)
	}
	code, _, errs = runCLI("verify", "--certificate-identity-regexp", `^https://github\.com/evil/`, "--certificate-oidc-issuer", ss.Issuer.URL, "--trusted-root", root, img.String())
	if code != 1 || !strings.Contains(errs, "signed by "+id.Subject+", not by /^https://github\\.com/evil//") {
		t.Errorf("other identity: %d %s", code, errs)
	}
	if code, _, errs := runCLI("verify", "--certificate-identity-regexp", `(`, "--certificate-oidc-issuer", ss.Issuer.URL, "--trusted-root", root, img.String()); code != 2 || !strings.Contains(errs, "identity pattern") {
		t.Errorf("bad pattern: %d %s", code, errs)
	}
}
