package sign

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	ggcr "github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// referrersRegistry is a registry with the OCI 1.1 referrers API (testutil's has none, so it
// exercises the sha256-<hex> tag fallback instead). It returns a repository under it.
func referrersRegistry(t *testing.T, repo string) string {
	t.Helper()
	srv := httptest.NewServer(ggcr.New(ggcr.WithReferrersSupport(true), ggcr.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://") + "/" + repo
}

// registries are the two ways a bundle is attached: the referrers API and the fallback tag.
func registries(t *testing.T) map[string]string {
	return map[string]string{"referrers API": referrersRegistry(t, "acme/app"), "tag fallback": testutil.Registry(t).Repo("acme/app")}
}

func TestBundleSignVerifyBothRegistryKinds(t *testing.T) {
	ctx := context.Background()
	for kind, repo := range registries(t) {
		t.Run(kind, func(t *testing.T) {
			img := pushRandom(t, repo)
			k, s := newSigner(t)
			sig, err := s.Sign(ctx, img)
			if err != nil {
				t.Fatal(err)
			}
			if sig.Format != "bundle" || !strings.HasPrefix(sig.Ref, repo+"@sha256:") {
				t.Errorf("signature %+v: want a bundle referrer in %s", sig, repo)
			}
			v, _ := NewVerifier(k.PublicPEM())
			got, err := v.Verify(ctx, img)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != "bundle" || got.Ref != sig.Ref {
				t.Errorf("verified %+v, signed %+v", got, sig)
			}
			// No legacy .sig tag was written.
			tag, _ := SigTag(img)
			if _, err := remote.Head(tag); err == nil {
				t.Errorf("bundle signing also wrote %s", tag)
			}
			other, _ := GenerateKey()
			vo, _ := NewVerifier(other.PublicPEM())
			if _, err := vo.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "not made by key "+vo.KeyID()) {
				t.Errorf("other key: %v", err)
			}
		})
	}
}

func TestBundleErrorsSayWhatWasFound(t *testing.T) {
	ctx := context.Background()
	repo := referrersRegistry(t, "acme/app")
	img, other := pushRandom(t, repo), pushRandom(t, repo)
	k, s := newSigner(t)
	v, _ := NewVerifier(k.PublicPEM())
	if _, err := v.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "no signature for "+img.Short()) ||
		!strings.Contains(err.Error(), "no Sigstore bundle") || !strings.Contains(err.Error(), ".sig") {
		t.Errorf("unsigned: %v", err)
	}
	// A bundle for img attached to other (a copied signature) names the digest it signs.
	st, _ := NewStatement(img, CosignSignPredicateType, struct{}{})
	dig, desc, err := imageDescriptor(ctx, other, s.o, "test")
	if err != nil {
		t.Fatal(err)
	}
	env, _ := signDSSE(k.priv, st)
	raw := mustJSON(t, bundleJSON{MediaType: BundleMediaType, DSSEEnvelope: env, VerificationMaterial: verificationJSON{
		PublicKey: &hintJSON{Hint: keyHint(&k.priv.PublicKey)}, TlogEntries: []tlogJSON{}, TimestampVerificationData: map[string]any{}}})
	if _, err := attachBundle(ctx, dig, desc, raw, CosignSignPredicateType, s.o); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, other); err == nil || !strings.Contains(err.Error(), "signs "+img.Digest()+", not "+other.Digest()) {
		t.Errorf("copied bundle: %v", err)
	}
	// An attestation by the right key is not a signature.
	if _, err := s.Attest(ctx, img, "https://slsa.dev/provenance/v1", map[string]any{"buildDefinition": map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "no signature") {
		t.Errorf("attestation only: %v", err)
	}
	// Legacy opt-in writes the .sig tag, and the same verifier reads it.
	ls, _ := NewSigner(k, WithFormat(FormatLegacy))
	sig, err := ls.Sign(ctx, img)
	if err != nil || sig.Format != "legacy" || !strings.HasSuffix(sig.Ref, ".sig") {
		t.Fatalf("legacy: %+v %v", sig, err)
	}
	if got, err := v.Verify(ctx, img); err != nil || got.Format != "legacy" {
		t.Errorf("legacy verify: %+v %v", got, err)
	}
	if _, err := ParseFormat("x509"); err == nil {
		t.Error("unknown format accepted")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A key signature logged in Rekor carries the entry in its bundle; a verifier given the log's
// trusted root checks it (inclusion proof, checkpoint, entry timestamp) and refuses a bundle
// without one.
func TestKeyBundleWithTransparencyLog(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	ctx := context.Background()
	repo := referrersRegistry(t, "acme/app")
	logged, unlogged := pushRandom(t, repo), pushRandom(t, repo)
	k, _ := GenerateKey()
	s, _ := NewSigner(k, WithRekor(ss.Rekor.URL))
	if _, err := s.Sign(ctx, logged); err != nil {
		t.Fatal(err)
	}
	plain, _ := NewSigner(k)
	if _, err := plain.Sign(ctx, unlogged); err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(k.PublicPEM(), WithTrustedRoot(ss.TrustedRootJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, logged); err != nil {
		t.Fatalf("logged: %v", err)
	}
	if _, err := v.Verify(ctx, unlogged); err == nil || !strings.Contains(err.Error(), "no transparency log entry") {
		t.Errorf("unlogged: %v", err)
	}
	other := sigstorefake.New()
	defer other.Close()
	vo, _ := NewVerifier(k.PublicPEM(), WithTrustedRoot(other.TrustedRootJSON()))
	if _, err := vo.Verify(ctx, logged); err == nil || !strings.Contains(err.Error(), "no transparency log entry that verifies with a trusted Rekor key") {
		t.Errorf("another log: %v", err)
	}
}

// Values read from a signature (digests, identities, predicate types) are printed on one line,
// bounded.
func TestCleanKeepsValuesFromSignaturesOnOneLine(t *testing.T) {
	got := clean("sha256:aa\nFAKE LOG LINE\x1b[31m" + strings.Repeat("x", 500))
	if strings.ContainsAny(got, "\n\x1b") || len(got) > 210 {
		t.Errorf("clean = %q", got)
	}
	if clean("https://github.com/acme/hello") != "https://github.com/acme/hello" {
		t.Error("clean changed a plain value")
	}
}
