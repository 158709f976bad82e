package sign

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	sgbundle "github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
	"github.com/sigstore/sigstore/pkg/signature/payload"
)

// Legacy signatures are verified with sigstore-go too: a layer of the .sig image (the
// simple-signing payload, its signature, and for keyless the certificate, chain and the Rekor
// entry's signed timestamp in annotations) is exactly a v0.1 Sigstore bundle with a message
// signature, which is what it is turned into. Greenlight then checks the payload names the
// image's digest.

const legacyBundleMediaType = "application/vnd.dev.sigstore.bundle+json;version=0.1"

type messageSignatureJSON struct {
	MessageDigest struct {
		Algorithm string `json:"algorithm"`
		Digest    []byte `json:"digest"`
	} `json:"messageDigest"`
	Signature []byte `json:"signature"`
}

type certChainJSON struct {
	Certificates []rawBytesJSON `json:"certificates"`
}

// legacyBundle turns one legacy signature layer into a v0.1 bundle. withCert takes the
// certificate and the log entry from the annotations (keyless); without, the bundle names a key.
func legacyBundle(pl []byte, ann map[string]string, withCert bool) ([]byte, error) {
	sig, err := base64.StdEncoding.DecodeString(ann[SignatureAnnotation])
	if err != nil {
		return nil, errors.New("signature is not base64")
	}
	ms := messageSignatureJSON{Signature: sig}
	sum := sha256.Sum256(pl)
	ms.MessageDigest.Algorithm, ms.MessageDigest.Digest = "SHA2_256", sum[:]
	vm := map[string]any{"tlogEntries": []tlogJSON{}}
	if !withCert {
		vm["publicKey"] = hintJSON{Hint: "cosign.pub"}
	} else {
		var chain certChainJSON
		rest := []byte(ann[CertificateAnnotation] + "\n" + ann[ChainAnnotation])
		for {
			var blk *pem.Block
			blk, rest = pem.Decode(rest)
			if blk == nil {
				break
			}
			chain.Certificates = append(chain.Certificates, rawBytesJSON{RawBytes: blk.Bytes})
		}
		if len(chain.Certificates) == 0 {
			return nil, errors.New("certificate is not PEM")
		}
		vm["x509CertificateChain"] = chain
		var b struct {
			SignedEntryTimestamp string
			Payload              struct {
				Body           string `json:"body"`
				IntegratedTime int64  `json:"integratedTime"`
				LogID          string `json:"logID"`
				LogIndex       int64  `json:"logIndex"`
			}
		}
		if err := json.Unmarshal([]byte(ann[BundleAnnotation]), &b); err != nil || b.SignedEntryTimestamp == "" {
			return nil, errors.New("has no transparency log entry (no dev.sigstore.cosign/bundle annotation)")
		}
		var e rekorEntry
		e.Body, e.IntegratedTime, e.LogID, e.LogIndex = b.Payload.Body, b.Payload.IntegratedTime, b.Payload.LogID, b.Payload.LogIndex
		e.Verification.SignedEntryTimestamp = b.SignedEntryTimestamp
		tl, err := tlogFromRekor(e, "hashedrekord", false)
		if err != nil {
			return nil, fmt.Errorf("has an unreadable transparency log entry: %v", err)
		}
		vm["tlogEntries"] = []tlogJSON{tl}
	}
	return json.Marshal(map[string]any{"mediaType": legacyBundleMediaType, "verificationMaterial": vm, "messageSignature": ms})
}

// checkLegacy verifies one legacy signature layer with sigstore-go and checks its payload is a
// cosign container signature of img.
func checkLegacy(pl []byte, ann map[string]string, img oci.Image, tm root.TrustedMaterial, vopts []verify.VerifierOption, policy verify.PolicyOption, withCert bool) error {
	raw, err := legacyBundle(pl, ann, withCert)
	if err != nil {
		return err
	}
	var b sgbundle.Bundle
	if err := b.UnmarshalJSON(raw); err != nil {
		return fmt.Errorf("is not a valid cosign signature: %v", err)
	}
	v, err := verify.NewVerifier(tm, vopts...)
	if err != nil {
		return err
	}
	if _, err := v.Verify(&b, verify.NewPolicy(verify.WithArtifact(bytes.NewReader(pl)), policy)); err != nil {
		return explainSigstore(err)
	}
	var c payload.SimpleContainerImage
	if err := json.Unmarshal(pl, &c); err != nil || c.Critical.Type != payload.CosignSignatureType {
		return errors.New("payload is not a cosign container image signature")
	}
	if c.Critical.Image.DockerManifestDigest != img.Digest() {
		return fmt.Errorf("signs %s, not %s", clean(c.Critical.Image.DockerManifestDigest), img.Digest())
	}
	return nil
}
