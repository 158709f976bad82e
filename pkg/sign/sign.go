// Package sign signs images and verifies their signatures in cosign's formats, so that cosign
// (v2 and v3) accepts what Greenlight signs and Greenlight accepts what cosign signs.
//
// Two formats are read, and written on request:
//   - the Sigstore bundle (FormatBundle, the default): a v0.3 bundle holding a DSSE envelope
//     around an in-toto statement about the image digest, attached to the image as an OCI
//     referrer (the referrers API, or the sha256-<hex> tag index on registries without it), as
//     cosign v3 signs by default; it is verified with sigstore-go;
//   - the legacy format (FormatLegacy): the simple-signing payload, stored as a layer of the
//     image tagged <repo>:sha256-<hex>.sig, its ECDSA signature in the layer annotation
//     dev.cosignproject.cosign/signature.
//
// Keys are cosign's: ECDSA P-256, the private key in sigstore's encrypted PEM format, the
// public key as PKIX PEM. Keyless signing uses Fulcio and Rekor (see Keyless).
//
// Configuration is explicit (LoadKey, NewSigner, NewKeyless, NewKeylessVerifier); the functions
// named ...FromEnv (KeyFromEnv, KeylessFromEnv, KeylessVerifierFromEnv,
// GitHubActionsTokenFromEnv) are the one place that reads the environment variables cosign and
// GitHub Actions define.
package sign

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
	"github.com/sigstore/sigstore/pkg/cryptoutils"

	"github.com/greenlight-cd/greenlight/internal/regerr"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

const (
	// SimpleSigningMediaType is the media type of a cosign signature layer.
	SimpleSigningMediaType types.MediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
	// SignatureAnnotation holds the base64 signature of the layer's payload.
	SignatureAnnotation = "dev.cosignproject.cosign/signature"
)

// Key is an ECDSA P-256 key pair, as cosign makes them.
type Key struct {
	priv *ecdsa.PrivateKey
}

// GenerateKey makes a new key pair.
func GenerateKey() (*Key, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return &Key{priv: priv}, nil
}

// ParsePrivateKey reads a private key PEM: cosign's encrypted format (cosign.key, with its
// password; cosign's default is the empty password) or unencrypted PKCS#8 / SEC 1.
func ParsePrivateKey(pemBytes, password []byte) (*Key, error) {
	if password == nil {
		password = []byte{}
	}
	pk, err := cryptoutils.UnmarshalPEMToPrivateKey(pemBytes, cryptoutils.StaticPasswordFunc(password))
	if err != nil {
		if strings.Contains(err.Error(), "decrypt") {
			return nil, fmt.Errorf("cannot decrypt the private key: wrong password? (set COSIGN_PASSWORD) (%w)", err)
		}
		return nil, fmt.Errorf("invalid private key: %w (want cosign.key from `greenlight keygen` or `cosign generate-key-pair`)", err)
	}
	ec, ok := pk.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("unsupported private key %T: Greenlight signs with ECDSA P-256 keys, as cosign makes them", pk)
	}
	return &Key{priv: ec}, nil
}

// LoadKeyFile reads a private key file (see ParsePrivateKey).
func LoadKeyFile(path string, password []byte) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading signing key: %w (create one with `greenlight keygen`)", err)
	}
	k, err := ParsePrivateKey(b, password)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// PublicPEM is the public key as PKIX PEM (cosign.pub).
func (k *Key) PublicPEM() []byte {
	b, _ := cryptoutils.MarshalPublicKeyToPEM(&k.priv.PublicKey)
	return b
}

// EncryptedPEM is the private key in sigstore's encrypted format (cosign.key).
func (k *Key) EncryptedPEM(password []byte) ([]byte, error) {
	if password == nil {
		password = []byte{} // cosign's default: the empty password
	}
	der, err := cryptoutils.MarshalPrivateKeyToEncryptedDER(k.priv, cryptoutils.StaticPasswordFunc(password))
	if err != nil {
		return nil, err
	}
	return cryptoutils.PEMEncode(cryptoutils.EncryptedSigstorePrivateKeyPEMType, der), nil
}

// WriteFiles writes cosign.key (mode 0600) and cosign.pub into dir and returns their paths.
func (k *Key) WriteFiles(dir string, password []byte) (keyPath, pubPath string, err error) {
	enc, err := k.EncryptedPEM(password)
	if err != nil {
		return "", "", err
	}
	keyPath, pubPath = filepath.Join(dir, "cosign.key"), filepath.Join(dir, "cosign.pub")
	if err := os.WriteFile(keyPath, enc, 0o600); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(pubPath, k.PublicPEM(), 0o644); err != nil {
		return "", "", err
	}
	return keyPath, pubPath, nil
}

// KeyID is a short fingerprint of a public key: the first 16 hex digits of the SHA-256 of its DER.
func KeyID(pub crypto.PublicKey) string {
	der, err := cryptoutils.MarshalPublicKeyToDER(pub)
	if err != nil {
		return "unknown"
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:8])
}

// Option configures a Signer or Verifier.
type Option func(*options)

type options struct {
	remote      []remote.Option
	attempts    int
	format      Format
	rekorURL    string
	trustedRoot []byte
	sbom        bool
	provenance  *attest.Build
}

// WithRemoteOptions adds go-containerregistry options (auth, transport).
func WithRemoteOptions(opts ...remote.Option) Option {
	return func(o *options) { o.remote = append(o.remote, opts...) }
}

func (o options) remoteOpts(ctx context.Context) []remote.Option {
	return append([]remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain),
		remote.WithRetryBackoff(remote.Backoff{Steps: 1})}, o.remote...)
}

func newOptions(opts []Option) options {
	o := options{attempts: 4, format: FormatBundle}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Signer signs with a key. It implements oci.Signer.
//
// Signatures are ECDSA over the SHA-256 of the payload (legacy) or of the DSSE encoding of the
// statement (bundle), ASN.1 DER encoded, exactly as cosign makes them. The decrypted key is
// held in memory for the signer's life: load it once per run, not once per image.
type Signer struct {
	key *Key
	o   options
}

var _ oci.Signer = (*Signer)(nil)

// NewSigner returns a signer for key.
func NewSigner(key *Key, opts ...Option) (*Signer, error) {
	if key == nil || key.priv == nil {
		return nil, errors.New("no signing key: generate one with GenerateKey or load cosign.key with LoadKeyFile")
	}
	return &Signer{key: key, o: newOptions(opts)}, nil
}

// SigTag is where cosign keeps the signatures of img: <repo>:sha256-<hex>.sig.
func SigTag(img oci.Image) (name.Tag, error) {
	repo, err := name.NewRepository(img.Repo())
	if err != nil {
		return name.Tag{}, err
	}
	return repo.Tag(strings.Replace(img.Digest(), ":", "-", 1) + ".sig"), nil
}

// Format is the format this signer writes.
func (s *Signer) Format() Format { return s.o.format }

// Sign implements oci.Signer: it signs img's digest and pushes the signature, adding to
// any signatures already there, in the signer's format (a Sigstore bundle by default).
func (s *Signer) Sign(ctx context.Context, img oci.Image) (oci.Signature, error) {
	return s.writer().sign(ctx, img)
}

// Attest signs an in-toto statement about img (an SBOM, a provenance) with the signer's key
// and attaches it to img as a Sigstore bundle referrer, as `cosign attest` does.
func (s *Signer) Attest(ctx context.Context, img oci.Image, predicateType string, predicate any) (string, error) {
	return s.writer().Attest(ctx, img, predicateType, predicate)
}

func (s *Signer) writer() writer { return writer{keys: s, o: s.o} }

// signingKey implements keySource: the signer's key, its bundles logged in Rekor when WithRekor
// says where.
func (s *Signer) signingKey(context.Context) (signingKey, error) {
	return signingKey{priv: s.key.priv, id: KeyID(&s.key.priv.PublicKey), rekorURL: s.o.rekorURL, client: &http.Client{Timeout: 30 * time.Second}}, nil
}

// existingSignatures returns the signature image at tag, or an empty one.
func existingSignatures(tag name.Tag, ropts []remote.Option) (v1.Image, error) {
	img, err := remote.Image(tag, ropts...)
	if err == nil {
		return img, nil
	}
	var terr *transport.Error
	if errors.As(err, &terr) && terr.StatusCode == 404 {
		base := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
		return mutate.ConfigMediaType(base, types.OCIConfigJSON), nil
	}
	return nil, err
}

// Verifier returns the verifier for this signer's public key.
func (s *Signer) Verifier() oci.Verifier {
	v, _ := newVerifier(&s.key.priv.PublicKey, s.o)
	return v
}

// Verifier checks signatures against one public key. It implements oci.Verifier.
type Verifier struct {
	pub   *ecdsa.PublicKey
	keyID string
	trust root.TrustedMaterial
	vopts []verify.VerifierOption
	o     options
}

var _ oci.Verifier = (*Verifier)(nil)

// NewVerifier reads a PEM public key (cosign.pub).
func NewVerifier(pubPEM []byte, opts ...Option) (*Verifier, error) {
	pub, err := cryptoutils.UnmarshalPEMToPublicKey(pubPEM)
	if err != nil {
		return nil, fmt.Errorf("invalid public key: %w (want the PEM of cosign.pub)", err)
	}
	return newVerifier(pub, newOptions(opts))
}

// LoadVerifierFile reads cosign.pub.
func LoadVerifierFile(path string, opts ...Option) (*Verifier, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading public key: %w", err)
	}
	v, err := NewVerifier(b, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func newVerifier(pub crypto.PublicKey, o options) (*Verifier, error) {
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("unsupported public key %T: Greenlight verifies ECDSA keys, as cosign makes them", pub)
	}
	tm, err := keyTrust(ec)
	if err != nil {
		return nil, err
	}
	v := &Verifier{pub: ec, keyID: KeyID(pub), trust: tm, o: o, vopts: []verify.VerifierOption{verify.WithNoObserverTimestamps()}}
	if o.trustedRoot != nil {
		tr, err := root.NewTrustedRootFromJSON(o.trustedRoot)
		if err != nil {
			return nil, fmt.Errorf("trusted root: %w", err)
		}
		v.trust = root.TrustedMaterialCollection{tm, tr}
		v.vopts = []verify.VerifierOption{verify.WithTransparencyLog(1), verify.WithIntegratedTimestamps(1)}
	}
	return v, nil
}

// KeyID is the fingerprint of the trusted key.
func (v *Verifier) KeyID() string { return v.keyID }

// Verify implements oci.Verifier: it fetches the signatures stored for img's digest, the
// Sigstore bundles among its referrers first and then the legacy .sig tag, and accepts img if
// one of them is a valid signature by the trusted key over exactly that digest.
func (v *Verifier) Verify(ctx context.Context, img oci.Image) (oci.Signature, error) {
	tag, err := SigTag(img)
	if err != nil {
		return oci.Signature{}, fmt.Errorf("invalid image %s: %w", img, err)
	}
	sig, reasons, nb, err := verifyBundles(ctx, img, v.o, CosignSignPredicateType, func(fb fetchedBundle) (string, error) {
		_, err := checkBundle(fb, img, v.trust, v.vopts, verify.WithKey(), CosignSignPredicateType)
		if err != nil && strings.Contains(err.Error(), "was not made by") {
			err = fmt.Errorf("not made by key %s", v.keyID)
		}
		return v.keyID, err
	})
	if err != nil || sig.Ref != "" {
		return sig, err
	}
	sigImg, m, err := fetchSignatures(ctx, img, tag, v.o)
	if err != nil {
		return oci.Signature{}, err
	}
	if m == nil {
		if nb == 0 {
			return oci.Signature{}, noSignature(img, tag.String())
		}
		return oci.Signature{}, fmt.Errorf("signature verification failed for %s with key %s: %s", img.Short(), v.keyID, strings.Join(reasons, "; "))
	}
	for i, desc := range m.Layers {
		if _, ok := desc.Annotations[SignatureAnnotation]; !ok || desc.MediaType != SimpleSigningMediaType {
			continue
		}
		layer, err := sigImg.LayerByDigest(desc.Digest)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("signature %d: %v", i+1, err))
			continue
		}
		pl, err := readAll(layer)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("signature %d: reading payload: %v", i+1, err))
			continue
		}
		// A key's legacy signature carries no log entry Greenlight signs with; cosign's, when
		// logged, are checked by cosign's log, not here (as before bundles).
		err = checkLegacy(pl, desc.Annotations, img, v.trust, []verify.VerifierOption{verify.WithNoObserverTimestamps()}, verify.WithKey(), false)
		if err != nil && strings.Contains(err.Error(), "was not made by") {
			err = fmt.Errorf("not made by key %s", v.keyID)
		}
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("signature %d: %v", i+1, err))
			continue
		}
		return oci.Signature{Ref: tag.String(), KeyID: v.keyID, Format: string(FormatLegacy)}, nil
	}
	if len(reasons) == nb {
		reasons = append(reasons, "no cosign signature layers at "+tag.String())
	}
	return oci.Signature{}, fmt.Errorf("signature verification failed for %s with key %s: %s", img.Short(), v.keyID, strings.Join(reasons, "; "))
}

// VerifyAttestation returns the statement of img's attestation of predicateType (an SBOM, a
// provenance) signed by the trusted key, or says why there is none.
func (v *Verifier) VerifyAttestation(ctx context.Context, img oci.Image, predicateType string) (Statement, error) {
	return attestation(ctx, img, v.o, predicateType, "key "+v.keyID, func(fb fetchedBundle) error {
		_, err := checkBundle(fb, img, v.trust, v.vopts, verify.WithKey(), predicateType)
		if err != nil && strings.Contains(err.Error(), "was not made by") {
			err = fmt.Errorf("not made by key %s", v.keyID)
		}
		return err
	})
}

// fetchSignatures reads the legacy signature image stored for img at tag, with retries; a nil
// manifest means there is none.
func fetchSignatures(ctx context.Context, img oci.Image, tag name.Tag, o options) (v1.Image, *v1.Manifest, error) {
	var si v1.Image
	err := regerr.Retry(ctx, o.attempts, 250*time.Millisecond, nil, func() error {
		var err error
		si, err = remote.Image(tag, o.remoteOpts(ctx)...)
		return err
	})
	if err != nil {
		var terr *transport.Error
		if errors.As(err, &terr) && terr.StatusCode == 404 {
			return nil, nil, nil
		}
		return nil, nil, regerr.Explain("fetching the signatures of", img.String(), err)
	}
	m, err := si.Manifest()
	if err != nil {
		return nil, nil, regerr.Explain("reading the signatures of", img.String(), err)
	}
	return si, m, nil
}

func readAll(l v1.Layer) ([]byte, error) {
	rc, err := l.Compressed()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 1<<20))
}
