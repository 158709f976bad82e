package sign

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

const workflow = ".github/workflows/deploy.yml"

func keyless(t *testing.T, ss *sigstorefake.Sigstore, repo, ref, aud string, opts ...Option) *Keyless {
	t.Helper()
	ver, err := NewKeylessVerifier(ss.RootPEM(), ss.RekorPublicKeyPEM(), Identity{Subject: "https://github.com/acme/hello/" + workflow + "@refs/heads/main", Issuer: ss.Issuer.URL})
	if err != nil {
		t.Fatal(err)
	}
	tok := func(context.Context) (string, error) { return ss.Token(repo, workflow, ref, aud, 5*time.Minute), nil }
	return NewKeyless(tok, ss.Fulcio.URL, ss.Rekor.URL, ver, opts...)
}

func TestKeylessSignAndVerifyIdentity(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	reg := testutil.Registry(t)
	ctx := context.Background()
	img := pushRandom(t, reg.Repo("acme/hello"))
	k := keyless(t, ss, "acme/hello", "refs/heads/main", "sigstore")
	sig, err := k.Sign(ctx, img)
	if err != nil {
		t.Fatal(err)
	}
	if sig.KeyID != "acme/hello/"+workflow+"@refs/heads/main" {
		t.Errorf("signature identity %q", sig.KeyID)
	}
	if _, err := k.Verifier().Verify(ctx, img); err != nil {
		t.Fatalf("own identity refused: %v", err)
	}
	for _, tc := range []struct {
		name string
		id   Identity
		want string
	}{
		{"another repository", Identity{Subject: "https://github.com/evil/hello/" + workflow + "@refs/heads/main", Issuer: ss.Issuer.URL}, "not by https://github.com/evil/hello"},
		{"another workflow", Identity{Subject: "https://github.com/acme/hello/.github/workflows/other.yml@refs/heads/main", Issuer: ss.Issuer.URL}, "not by"},
		{"another ref", Identity{Subject: "https://github.com/acme/hello/" + workflow + "@refs/heads/feature", Issuer: ss.Issuer.URL}, "not by"},
		{"another issuer", Identity{Subject: "https://github.com/acme/hello/" + workflow + "@refs/heads/main", Issuer: GitHubIssuer}, "not by \"" + GitHubIssuer + "\""},
	} {
		v, _ := NewKeylessVerifier(ss.RootPEM(), ss.RekorPublicKeyPEM(), tc.id)
		if _, err := v.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// A root that did not issue the certificate.
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "other"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, _ := x509.CreateCertificate(rand.Reader, tpl, tpl, &other.PublicKey, other)
	v, _ := NewKeylessVerifier(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), ss.RekorPublicKeyPEM(), k.VerifyUsing.Identity)
	if _, err := v.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "does not chain to a trusted Fulcio root") {
		t.Errorf("other root: %v", err)
	}
	// A log key that did not sign the entry timestamp.
	otherLog, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pub, _ := x509.MarshalPKIXPublicKey(&otherLog.PublicKey)
	v, _ = NewKeylessVerifier(ss.RootPEM(), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), k.VerifyUsing.Identity)
	if _, err := v.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "no transparency log entry that verifies with a trusted Rekor key") {
		t.Errorf("other log key: %v", err)
	}
}

func TestKeylessLegacyCopiedSignatureAndBadTokens(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	reg := testutil.Registry(t)
	ctx := context.Background()
	img, other := pushRandom(t, reg.Repo("acme/hello")), pushRandom(t, reg.Repo("acme/hello"))
	k := keyless(t, ss, "acme/hello", "refs/heads/main", "sigstore", WithFormat(FormatLegacy))
	if _, err := k.Sign(ctx, img); err != nil {
		t.Fatal(err)
	}
	src, _ := SigTag(img)
	dst, _ := SigTag(other)
	si, _ := remote.Image(src)
	remote.Write(dst, si)
	if _, err := k.Verifier().Verify(ctx, other); err == nil || !strings.Contains(err.Error(), "signs "+img.Digest()) {
		t.Errorf("copied signature: %v", err)
	}
	// A signature whose log bundle was edited (integrated time moved) is refused.
	m, _ := si.Manifest()
	ann := m.Layers[0].Annotations
	edited := strings.Replace(ann[BundleAnnotation], `"integratedTime":`, `"integratedTime":1`, 1)
	l, _ := si.LayerByDigest(m.Layers[0].Digest)
	never, _ := SigTag(pushRandom(t, reg.Repo("acme/hello"))) // nothing signed there: an empty signature image
	base, _ := existingSignatures(never, nil)
	forged, _ := mutate.Append(base, mutate.Addendum{Layer: l, Annotations: map[string]string{SignatureAnnotation: ann[SignatureAnnotation],
		CertificateAnnotation: ann[CertificateAnnotation], ChainAnnotation: ann[ChainAnnotation], BundleAnnotation: edited}})
	remote.Write(src, forged)
	if _, err := k.Verifier().Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "no transparency log entry that verifies with a trusted Rekor key") {
		t.Errorf("edited bundle: %v", err)
	}
	if _, err := keyless(t, ss, "acme/hello", "refs/heads/main", "not-sigstore").Sign(ctx, img); err == nil || !strings.Contains(err.Error(), "audience") {
		t.Errorf("wrong audience: %v", err)
	}
	t.Setenv("ACTIONS_ID_TOKEN_REQUEST_URL", "")
	if _, err := GitHubActionsTokenFromEnv()(ctx); err == nil || !strings.Contains(err.Error(), "id-token: write") {
		t.Errorf("no token: %v", err)
	}
}

// In a workflow: the token from the Actions runtime (masked in the log), the trust roots from
// SIGSTORE_ROOT_FILE and SIGSTORE_REKOR_PUBLIC_KEY, this workflow as the accepted identity.
func TestKeylessFromTheActionsEnvironment(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	reg := testutil.Registry(t)
	img := pushRandom(t, reg.Repo("acme/hello"))
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "root.pem"), ss.RootPEM(), 0o644)
	os.WriteFile(filepath.Join(dir, "rekor.pub"), ss.RekorPublicKeyPEM(), 0o644)
	u, bearer := ss.ActionsTokenRequest("acme/hello", workflow, "refs/heads/main")
	for k, v := range map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": u, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": bearer,
		"SIGSTORE_ROOT_FILE": filepath.Join(dir, "root.pem"), "SIGSTORE_REKOR_PUBLIC_KEY": filepath.Join(dir, "rekor.pub"),
		"SIGSTORE_FULCIO_URL": ss.Fulcio.URL, "SIGSTORE_REKOR_URL": ss.Rekor.URL, "GITHUB_WORKFLOW_REF": "acme/hello/" + workflow + "@refs/heads/main"} {
		t.Setenv(k, v)
	}
	k, err := KeylessFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if k.VerifyUsing.Identity.Issuer != GitHubIssuer {
		t.Fatalf("identity %+v", k.VerifyUsing.Identity)
	}
	// The stand-in issuer is not GitHub's: accept it for this test, as a GHES user would.
	k.VerifyUsing.Identity.Issuer = ss.Issuer.URL
	stdout := os.Stdout
	r, w, _ := os.Pipe()
	os.Stdout = w
	_, err = k.Sign(context.Background(), img)
	os.Stdout = stdout
	w.Close()
	logged, _ := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(logged), "::add-mask::ey") {
		t.Errorf("the OIDC token was not masked: %q", logged)
	}
	if _, err := k.Verifier().Verify(context.Background(), img); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_WORKFLOW_REF", "")
	if _, err := KeylessFromEnv(); err == nil || !strings.Contains(err.Error(), "GITHUB_WORKFLOW_REF") {
		t.Errorf("outside Actions: %v", err)
	}
}

// SIGSTORE_ROOT_FILE may name a trusted_root.json (what Sigstore's TUF repository serves and
// `gh attestation trusted-root` prints, Rekor's key in it), as release.yml gives it to
// attest-files --keyless: then SIGSTORE_REKOR_PUBLIC_KEY is not needed.
func TestKeylessFromEnvTakesATrustedRoot(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	reg := testutil.Registry(t)
	img := pushRandom(t, reg.Repo("acme/hello"))
	trusted := filepath.Join(t.TempDir(), "trusted_root.json")
	os.WriteFile(trusted, ss.TrustedRootJSON(), 0o644)
	u, bearer := ss.ActionsTokenRequest("acme/hello", workflow, "refs/heads/main")
	for k, v := range map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": u, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": bearer,
		"SIGSTORE_ROOT_FILE": trusted, "SIGSTORE_REKOR_PUBLIC_KEY": "",
		"SIGSTORE_FULCIO_URL": ss.Fulcio.URL, "SIGSTORE_REKOR_URL": ss.Rekor.URL, "GITHUB_WORKFLOW_REF": "acme/hello/" + workflow + "@refs/heads/main"} {
		t.Setenv(k, v)
	}
	k, err := KeylessFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	k.VerifyUsing.Identity.Issuer = ss.Issuer.URL // the stand-in issuer is not GitHub's
	stdout := os.Stdout
	os.Stdout, _ = os.Open(os.DevNull) // the token's ::add-mask:: line
	_, err = k.Sign(context.Background(), img)
	os.Stdout = stdout
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Verifier().Verify(context.Background(), img); err != nil {
		t.Fatal(err)
	}
	// A trusted root that does not parse says so, naming the variable.
	os.WriteFile(trusted, []byte(`{"mediaType": 1}`), 0o644)
	if _, err := KeylessFromEnv(); err == nil || !strings.Contains(err.Error(), "$SIGSTORE_ROOT_FILE") {
		t.Errorf("a bad trusted root: %v", err)
	}
}

// A bundle whose certificate had expired when the log recorded the signature is refused, and
// the error says so; so is a bundle from a registry whose log entry was cut out.
func TestKeylessBundleExpiredCertificateAndMissingLogEntry(t *testing.T) {
	ss := sigstorefake.New()
	defer ss.Close()
	ctx := context.Background()
	repo := referrersRegistry(t, "acme/hello")
	img := pushRandom(t, repo)
	k := keyless(t, ss, "acme/hello", "refs/heads/main", "sigstore")
	ss.SetCertificateLifetime(-5 * time.Second)
	if _, err := k.Sign(ctx, img); err != nil {
		t.Fatal(err)
	}
	_, err := k.Verifier().Verify(ctx, img)
	if err == nil || !strings.Contains(err.Error(), "certificate that was not valid when the log recorded the signature") {
		t.Errorf("expired certificate: %v", err)
	}
	ss.SetCertificateLifetime(10 * time.Minute)
	img2 := pushRandom(t, repo)
	st, _ := NewStatement(img2, CosignSignPredicateType, struct{}{})
	dig, desc, _ := imageDescriptor(ctx, img2, k.o, "test")
	priv, chain, _, err := k.certificate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	env, _ := signDSSE(priv, st)
	blk, _ := pem.Decode([]byte(chain[0]))
	raw := mustJSON(t, bundleJSON{MediaType: BundleMediaType, DSSEEnvelope: env, VerificationMaterial: verificationJSON{
		Certificate: &rawBytesJSON{RawBytes: blk.Bytes}, TlogEntries: []tlogJSON{}, TimestampVerificationData: map[string]any{}}})
	if _, err := attachBundle(ctx, dig, desc, raw, CosignSignPredicateType, k.o); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Verifier().Verify(ctx, img2); err == nil || !strings.Contains(err.Error(), "transparency log") {
		t.Errorf("no log entry: %v", err)
	}
}
