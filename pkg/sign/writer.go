package sign

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/sigstore/sigstore/pkg/signature/payload"

	"github.com/greenlight-cd/greenlight/internal/regerr"
)

// writer is the one code that writes signatures and attestations, in either format: it checks
// the image exists, signs the payload, records the signature in Rekor when it must, and pushes
// the Sigstore bundle (an OCI referrer) or the legacy .sig layer. What differs between a key and
// keyless signing is only where each signature's key comes from (keys): Signer and Keyless are
// each a writer over their own keySource.
type writer struct {
	keys keySource
	o    options
}

// keySource gives the key one signature is made with: a key loaded once (Signer), or an
// ephemeral key certified by Fulcio for the caller's OIDC identity (Keyless).
type keySource interface {
	signingKey(ctx context.Context) (signingKey, error)
}

// signingKey is the key of one signature and what a verifier needs to trust it.
type signingKey struct {
	priv *ecdsa.PrivateKey
	// id is what oci.Signature.KeyID says: the key's fingerprint, or the workflow the
	// certificate was issued to.
	id string
	// chain is the Fulcio certificate chain for priv (PEM, leaf first); nil for a key, which
	// a bundle names by its hint.
	chain []string
	// rekorURL is the Rekor log bundles are recorded in ("" for none); client reaches it.
	// Keyless signatures, in either format, are always recorded: the log's timestamp is what
	// proves the signature was made while the short-lived certificate was valid.
	rekorURL string
	client   *http.Client
}

// certified says the key comes with a certificate (keyless).
func (k signingKey) certified() bool { return k.chain != nil }

// verifierPEM is what Rekor records as the signature's verifier: the certificate, or the
// public key.
func (k signingKey) verifierPEM() []byte {
	if k.certified() {
		return []byte(k.chain[0])
	}
	return (&Key{priv: k.priv}).PublicPEM()
}

// sign signs img's digest in the writer's format, then attaches the attestations the options
// ask for.
func (w writer) sign(ctx context.Context, img oci.Image) (oci.Signature, error) {
	var sig oci.Signature
	if w.o.format == FormatLegacy {
		var err error
		if sig, err = w.signLegacy(ctx, img); err != nil {
			return oci.Signature{}, err
		}
	} else {
		st, err := NewStatement(img, CosignSignPredicateType, struct{}{})
		if err != nil {
			return oci.Signature{}, err
		}
		ref, id, err := w.signBundle(ctx, img, st)
		if err != nil {
			return oci.Signature{}, err
		}
		sig = oci.Signature{Ref: ref, KeyID: id, Format: string(FormatBundle)}
	}
	if err := attestAfterSign(ctx, w, img, w.o); err != nil {
		return oci.Signature{}, err
	}
	return sig, nil
}

// Attest signs an in-toto statement about img and attaches it as a Sigstore bundle referrer
// (attest.Attestor).
func (w writer) Attest(ctx context.Context, img oci.Image, predicateType string, predicate any) (string, error) {
	st, err := NewStatement(img, predicateType, predicate)
	if err != nil {
		return "", err
	}
	ref, _, err := w.signBundle(ctx, img, st)
	return ref, err
}

// signBundle makes a v0.3 bundle of st (a DSSE envelope; the certificate or the key's hint; the
// log entry when there is one) and attaches it to img. It returns the referrer and the
// signature's key ID.
func (w writer) signBundle(ctx context.Context, img oci.Image, st Statement) (ref, id string, err error) {
	dig, desc, err := imageDescriptor(ctx, img, w.o, "signing")
	if err != nil {
		return "", "", err
	}
	b, id, err := w.bundle(ctx, st, img.String())
	if err != nil {
		return "", "", err
	}
	ref, err = attachBundle(ctx, dig, desc, b, st.PredicateType, w.o)
	if err != nil {
		return "", "", regerr.Explain("pushing the signature bundle of", img.String(), err)
	}
	return ref, id, nil
}

// bundle signs st and returns its v0.3 Sigstore bundle (JSON) and the signature's key ID; what
// names the statement's subject in errors.
func (w writer) bundle(ctx context.Context, st Statement, what string) ([]byte, string, error) {
	k, err := w.keys.signingKey(ctx)
	if err != nil {
		return nil, "", err
	}
	env, err := signDSSE(k.priv, st)
	if err != nil {
		return nil, "", fmt.Errorf("signing %s: %w", what, err)
	}
	vm := verificationJSON{TlogEntries: []tlogJSON{}, TimestampVerificationData: map[string]any{}}
	if k.certified() || k.rekorURL != "" {
		envJSON, _ := json.Marshal(env)
		tl, err := logDSSE(ctx, k.client, k.rekorURL, envJSON, k.verifierPEM())
		if err != nil {
			return nil, "", err
		}
		vm.TlogEntries = append(vm.TlogEntries, tl)
	}
	if k.certified() {
		blk, _ := pem.Decode([]byte(k.chain[0]))
		if blk == nil {
			return nil, "", errors.New("keyless: Fulcio returned a certificate that is not PEM")
		}
		vm.Certificate = &rawBytesJSON{RawBytes: blk.Bytes}
	} else {
		vm.PublicKey = &hintJSON{Hint: keyHint(&k.priv.PublicKey)}
	}
	b, err := json.Marshal(bundleJSON{MediaType: BundleMediaType, DSSEEnvelope: env, VerificationMaterial: vm})
	if err != nil {
		return nil, "", err
	}
	return b, k.id, nil
}

// signLegacy signs cosign's simple-signing payload for img's digest and appends it as a layer
// to the image at img's .sig tag, the signature (and, keyless, the certificate, its chain and
// the Rekor entry) in the layer's annotations.
func (w writer) signLegacy(ctx context.Context, img oci.Image) (oci.Signature, error) {
	dig, err := name.NewDigest(img.String())
	if err != nil {
		return oci.Signature{}, fmt.Errorf("invalid image %s: %w", img, err)
	}
	ropts := w.o.remoteOpts(ctx)
	// The image must exist: a signature for a digest nobody can pull is a mistake.
	if err := regerr.Retry(ctx, w.o.attempts, 250*time.Millisecond, nil, func() error {
		_, err := remote.Head(dig, ropts...)
		return err
	}); err != nil {
		return oci.Signature{}, regerr.Explain("signing", img.String(), err)
	}
	k, err := w.keys.signingKey(ctx)
	if err != nil {
		return oci.Signature{}, err
	}
	pl, err := json.Marshal(payload.Cosign{Image: dig})
	if err != nil {
		return oci.Signature{}, err
	}
	plSum := sha256.Sum256(pl)
	sig, err := ecdsa.SignASN1(rand.Reader, k.priv, plSum[:])
	if err != nil {
		return oci.Signature{}, fmt.Errorf("signing %s: %w", img, err)
	}
	ann := map[string]string{SignatureAnnotation: base64.StdEncoding.EncodeToString(sig)}
	if k.certified() {
		// Record the signature in Rekor: its signed entry timestamp proves the signature existed
		// while the 10-minute certificate was valid.
		e, err := logEntry(ctx, k.client, k.rekorURL, map[string]any{"apiVersion": "0.0.1", "kind": "hashedrekord",
			"spec": map[string]any{"data": map[string]any{"hash": map[string]any{"algorithm": "sha256", "value": hex.EncodeToString(plSum[:])}},
				"signature": map[string]any{"content": base64.StdEncoding.EncodeToString(sig), "publicKey": map[string]any{"content": base64.StdEncoding.EncodeToString(k.verifierPEM())}}}})
		if err != nil {
			return oci.Signature{}, err
		}
		bundle, _ := json.Marshal(map[string]any{"SignedEntryTimestamp": e.Verification.SignedEntryTimestamp,
			"Payload": map[string]any{"body": e.Body, "integratedTime": e.IntegratedTime, "logIndex": e.LogIndex, "logID": e.LogID}})
		ann[CertificateAnnotation], ann[ChainAnnotation], ann[BundleAnnotation] = k.chain[0], strings.Join(k.chain[1:], ""), string(bundle)
	}
	tag, err := SigTag(img)
	if err != nil {
		return oci.Signature{}, err
	}
	err = regerr.Retry(ctx, w.o.attempts, 250*time.Millisecond, nil, func() error {
		base, err := existingSignatures(tag, ropts)
		if err != nil {
			return err
		}
		si, err := mutate.Append(base, mutate.Addendum{Layer: static.NewLayer(pl, SimpleSigningMediaType), Annotations: ann})
		if err != nil {
			return err
		}
		return remote.Write(tag, si, ropts...)
	})
	if err != nil {
		return oci.Signature{}, regerr.Explain("pushing the signature of", img.String(), err)
	}
	return oci.Signature{Ref: tag.String(), KeyID: k.id, Format: string(FormatLegacy)}, nil
}
