package main

import (
	"context"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

// Greenlight builds, signs and attests its own bot image, with the signer its main makes from
// the workflow's environment, into the in-process registry: static, on an empty base, `greenlight
// bot` by default; its signature, its SBOM (naming the bot's Slack library) and its SLSA
// provenance (naming the workflow run) verify against the public key.
func TestGreenlightBuildsAndSignsItsOwnBotImage(t *testing.T) {
	reg := testutil.Registry(t)
	k, _ := sign.GenerateKey()
	pem, err := k.EncryptedPEM([]byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"COSIGN_KEY": string(pem), "COSIGN_PASSWORD": "pw", "GITHUB_ACTIONS": "true",
		"GITHUB_REPOSITORY": "greenlight-cd/greenlight", "GITHUB_SHA": strings.Repeat("a", 40), "GITHUB_REF": "refs/heads/main",
		"GITHUB_WORKFLOW_REF": "greenlight-cd/greenlight/.github/workflows/release.yml@refs/heads/main", "GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "1"}
	s, err := signerFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := greenlight.Run(context.Background(), release(testutil.ModuleRoot(), reg.Repo("greenlight-cd/greenlight"), "test", s))
	if err != nil {
		t.Fatal(err)
	}
	img := rep.Images[0]
	if img.Signature == nil {
		t.Fatal("not signed")
	}
	ref, _ := name.ParseReference(img.Ref)
	ri, err := remote.Image(ref)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := ri.ConfigFile()
	if strings.Join(cf.Config.Entrypoint, " ") != "/app/greenlight" || strings.Join(cf.Config.Cmd, " ") != "bot" {
		t.Errorf("entrypoint %v cmd %v", cf.Config.Entrypoint, cf.Config.Cmd)
	}
	gi, _ := oci.ParseImage(img.Ref)
	v, err := sign.NewVerifier(k.PublicPEM())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), gi); err != nil {
		t.Fatal(err)
	}
	sbom, err := v.VerifyAttestation(context.Background(), gi, attest.CycloneDXPredicateType)
	if err != nil || !strings.Contains(string(sbom.Predicate), "github.com/slack-go/slack") {
		t.Errorf("SBOM: %v %.300s", err, sbom.Predicate)
	}
	prov, err := v.VerifyAttestation(context.Background(), gi, attest.SLSAProvenanceV1)
	if err != nil || !strings.Contains(string(prov.Predicate), "/actions/runs/42/attempts/1") {
		t.Errorf("provenance: %v %.300s", err, prov.Predicate)
	}

	// In GitHub Actions without what a provenance names, the pipeline refuses before building.
	delete(env, "GITHUB_WORKFLOW_REF")
	if _, err := signerFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "GITHUB_WORKFLOW_REF") {
		t.Errorf("no workflow ref: %v", err)
	}
}
