package attest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

var githubEnv = map[string]string{"GITHUB_REPOSITORY": "acme/hello", "GITHUB_SHA": strings.Repeat("c", 40), "GITHUB_REF": "refs/heads/main",
	"GITHUB_WORKFLOW_REF": "acme/hello/.github/workflows/deploy.yml@refs/heads/main", "GITHUB_EVENT_NAME": "push", "GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "1"}

// The SBOM comes from the binary the image runs; both attestations are signed, attached as
// referrers, and read back by the verifier; the image's signature is still found beside them.
func TestSBOMAndProvenanceAttachedSignedAndVerified(t *testing.T) {
	ctx := context.Background()
	reg := testutil.Registry(t)
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	v, _ := sign.NewVerifier(k.PublicPEM())
	if _, err := v.VerifyAttestation(ctx, img, attest.CycloneDXPredicateType); err == nil || !strings.Contains(err.Error(), "no https://cyclonedx.org/bom attestation") {
		t.Errorf("before attesting: %v", err)
	}
	p, bi, err := attest.GoBinary(ctx, img)
	if err != nil {
		t.Fatal(err)
	}
	if p != "/app/hello" || !strings.HasPrefix(bi.GoVersion, "go1.") {
		t.Errorf("found %s, %s", p, bi.GoVersion)
	}
	if _, err := attest.AttachSBOM(ctx, s, img); err != nil {
		t.Fatal(err)
	}
	b, err := attest.BuildFromEnv(func(k string) string { return githubEnv[k] })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := attest.AttachProvenance(ctx, s, img, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sign(ctx, img); err != nil {
		t.Fatal(err)
	}
	st, err := v.VerifyAttestation(ctx, img, attest.CycloneDXPredicateType)
	if err != nil {
		t.Fatal(err)
	}
	var bom struct {
		BOMFormat string `json:"bomFormat"`
		Metadata  struct {
			Component struct{ Name, Purl string } `json:"component"`
		} `json:"metadata"`
		Components []struct{ Name, Version, Purl string } `json:"components"`
	}
	json.Unmarshal(st.Predicate, &bom)
	if bom.BOMFormat != "CycloneDX" || bom.Metadata.Component.Name != bi.Main.Path || len(bom.Components) == 0 || bom.Components[0].Name != "stdlib" {
		t.Errorf("SBOM %+v", bom)
	}
	st, err = v.VerifyAttestation(ctx, img, attest.SLSAProvenanceV1)
	if err != nil {
		t.Fatal(err)
	}
	var prov struct {
		BuildDefinition struct {
			ResolvedDependencies []struct {
				URI    string
				Digest map[string]string
			} `json:"resolvedDependencies"`
		} `json:"buildDefinition"`
		RunDetails struct {
			Builder struct{ ID string } `json:"builder"`
		} `json:"runDetails"`
	}
	json.Unmarshal(st.Predicate, &prov)
	if prov.RunDetails.Builder.ID != "https://github.com/acme/hello/.github/workflows/deploy.yml@refs/heads/main" ||
		len(prov.BuildDefinition.ResolvedDependencies) != 1 || prov.BuildDefinition.ResolvedDependencies[0].Digest["gitCommit"] != githubEnv["GITHUB_SHA"] {
		t.Errorf("provenance %s", st.Predicate)
	}
	if sig, err := v.Verify(ctx, img); err != nil || sig.Format != "bundle" {
		t.Errorf("signature beside the attestations: %+v %v", sig, err)
	}
	// Another key's verifier finds the attestation and says who did not sign it.
	other, _ := sign.GenerateKey()
	vo, _ := sign.NewVerifier(other.PublicPEM())
	if _, err := vo.VerifyAttestation(ctx, img, attest.SLSAProvenanceV1); err == nil || !strings.Contains(err.Error(), "not made by key "+vo.KeyID()) {
		t.Errorf("other key: %v", err)
	}
	if _, err := attest.BuildFromEnv(func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "GITHUB_WORKFLOW_REF") {
		t.Errorf("outside Actions: %v", err)
	}
}

// A signer made with AttestSBOM and AttestProvenance attaches both with every signature, as the
// pipeline's sign stage calls it.
func TestSignerOptionsAttachAttestationsWithTheSignature(t *testing.T) {
	ctx := context.Background()
	reg := testutil.Registry(t)
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	b, _ := attest.BuildFromEnv(func(k string) string { return githubEnv[k] })
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k, sign.AttestSBOM(), sign.AttestProvenance(b))
	if _, err := s.Sign(ctx, img); err != nil {
		t.Fatal(err)
	}
	v, _ := sign.NewVerifier(k.PublicPEM())
	for _, pt := range []string{attest.CycloneDXPredicateType, attest.SLSAProvenanceV1} {
		if _, err := v.VerifyAttestation(ctx, img, pt); err != nil {
			t.Errorf("%s: %v", pt, err)
		}
	}
	// An image with no Go binary cannot have an SBOM from build info: signing says so.
	_, err := s.Sign(ctx, testutil.PushRandom(t, reg.Repo("acme/empty"), 64))
	if err == nil || !strings.Contains(err.Error(), "no Go binary") {
		t.Errorf("no Go binary: %v", err)
	}
}
