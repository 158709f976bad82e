package sign

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

func newSigner(t *testing.T, opts ...Option) (*Key, *Signer) {
	t.Helper()
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSigner(k, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return k, s
}

func TestLegacySignVerifyRoundTrip(t *testing.T) {
	reg := testutil.Registry(t)
	img := testutil.PushRandom(t, reg.Repo("acme/app"), 512)
	k, s := newSigner(t, WithFormat(FormatLegacy))
	ctx := context.Background()
	sig, err := s.Sign(ctx, img)
	if err != nil {
		t.Fatal(err)
	}
	if sig.Ref != reg.Repo("acme/app")+":"+strings.Replace(img.Digest(), ":", "-", 1)+".sig" {
		t.Errorf("signature stored at %s, not at cosign's tag", sig.Ref)
	}
	v, err := NewVerifier(k.PublicPEM())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, img); err != nil {
		t.Fatal(err)
	}
	// Signing again with a second key keeps the first signature: both verify.
	k2, s2 := newSigner(t, WithFormat(FormatLegacy))
	if _, err := s2.Sign(ctx, img); err != nil {
		t.Fatal(err)
	}
	v2, _ := NewVerifier(k2.PublicPEM())
	for _, ver := range []*Verifier{v, v2} {
		if _, err := ver.Verify(ctx, img); err != nil {
			t.Errorf("after a second signature: %v", err)
		}
	}
}

func TestLegacyVerifyRefusesOtherKeyMissingSignatureAndCopiedSignature(t *testing.T) {
	reg := testutil.Registry(t)
	ctx := context.Background()
	img := testutil.PushRandom(t, reg.Repo("acme/app"), 512)
	_, s := newSigner(t, WithFormat(FormatLegacy))
	if _, err := s.Sign(ctx, img); err != nil {
		t.Fatal(err)
	}
	other, _ := GenerateKey()
	vOther, _ := NewVerifier(other.PublicPEM())
	if _, err := vOther.Verify(ctx, img); err == nil || !strings.Contains(err.Error(), "not made by key "+vOther.KeyID()) {
		t.Errorf("other key: %v", err)
	}
	unsigned := testutil.PushRandom(t, reg.Repo("acme/app"), 512)
	v := s.Verifier()
	if _, err := v.Verify(ctx, unsigned); err == nil || !strings.Contains(err.Error(), "no signature for") {
		t.Errorf("unsigned: %v", err)
	}
	// Tampering: copy the valid signature image to the tampered digest's signature tag.
	srcTag, _ := SigTag(img)
	dstTag, _ := SigTag(unsigned)
	sigImg, err := remote.Image(srcTag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(dstTag, sigImg); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, unsigned); err == nil || !strings.Contains(err.Error(), "signs "+img.Digest()) {
		t.Errorf("copied signature: %v", err)
	}
}

func TestSignUnknownImageAndUnreachableRegistry(t *testing.T) {
	reg := testutil.Registry(t)
	_, s := newSigner(t)
	missing, _ := oci.NewImage(reg.Repo("acme/none"), "sha256:"+strings.Repeat("0", 64), "")
	if _, err := s.Sign(context.Background(), missing); err == nil || !strings.Contains(err.Error(), "not found in the registry") {
		t.Errorf("unknown image: %v", err)
	}
	gone, _ := oci.NewImage("127.0.0.1:1/acme/app", "sha256:"+strings.Repeat("0", 64), "")
	if _, err := s.Sign(context.Background(), gone); err == nil || !strings.Contains(err.Error(), "registry unreachable") {
		t.Errorf("unreachable: %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	k, _ := GenerateKey()
	keyPath, pubPath, err := k.WriteFiles(dir, []byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(keyPath)
	if !bytes.Contains(b, []byte("ENCRYPTED SIGSTORE PRIVATE KEY")) {
		t.Errorf("private key not in cosign's encrypted format:\n%s", b)
	}
	if fi, _ := os.Stat(keyPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v", fi.Mode().Perm())
	}
	k2, err := LoadKeyFile(keyPath, []byte("s3cret"))
	if err != nil || !bytes.Equal(k2.PublicPEM(), k.PublicPEM()) {
		t.Fatalf("reload: %v", err)
	}
	if _, err := LoadKeyFile(keyPath, []byte("wrong")); err == nil || !strings.Contains(err.Error(), "wrong password") {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := LoadVerifierFile(pubPath); err != nil {
		t.Error(err)
	}
	if _, err := NewVerifier([]byte("not a key")); err == nil {
		t.Error("garbage public key accepted")
	}
}

// A tampered image: a new image that differs from the signed one has its own digest, and no
// signature covers it; appending a layer to the signed image is the simplest such tamper.
func TestTamperedImageHasNoValidSignature(t *testing.T) {
	reg := testutil.Registry(t)
	ctx := context.Background()
	_, s := newSigner(t)
	img := testutil.PushRandom(t, reg.Repo("acme/app"), 512)
	s.Sign(ctx, img)
	ref, _ := name.NewDigest(img.String())
	orig, _ := remote.Image(ref)
	extra, _ := random.Layer(64, "application/vnd.oci.image.layer.v1.tar")
	tampered, _ := mutate.AppendLayers(orig, extra)
	d, _ := tampered.Digest()
	r, _ := name.NewRepository(img.Repo())
	remote.Write(r.Tag("latest"), tampered)
	timg, _ := oci.NewImage(img.Repo(), d.String(), "latest")
	if _, err := s.Verifier().Verify(ctx, timg); err == nil {
		t.Fatal("a tampered image verified")
	}
}

func pushRandom(t *testing.T, repo string) oci.Image { return testutil.PushRandom(t, repo, 512) }
