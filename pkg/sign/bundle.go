package sign

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/greenlight-cd/greenlight/internal/regerr"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

// Format is how a signature is stored in the registry.
type Format string

const (
	// FormatBundle is a Sigstore bundle (v0.3, a DSSE envelope around an in-toto statement)
	// attached to the image as an OCI referrer: what cosign v3 makes by default and cosign v2
	// reads with --new-bundle-format. Greenlight signs in this format by default.
	FormatBundle Format = "bundle"
	// FormatLegacy is cosign's original format: a simple-signing payload in an image tagged
	// <repo>:sha256-<hex>.sig. Opt into it for verifiers older than cosign v2.5.
	FormatLegacy Format = "legacy"
)

// WithRekor makes a key Signer record each bundle signature in the Rekor transparency log at
// url (https://rekor.sigstore.dev, or a private instance), as cosign does by default. Keyless
// signatures are always logged.
func WithRekor(url string) Option {
	return func(o *options) { o.rekorURL = strings.TrimRight(url, "/") }
}

// WithTrustedRoot makes a key Verifier require, for bundles, a transparency-log entry that
// verifies (inclusion proof, signed checkpoint, signed entry timestamp) against the logs in
// Sigstore's trusted_root.json. Without it, a key bundle's log entries are not checked, as with
// cosign's --insecure-ignore-tlog.
func WithTrustedRoot(trustedRootJSON []byte) Option {
	return func(o *options) { o.trustedRoot = trustedRootJSON }
}

// AttestSBOM makes a Signer (key or keyless) attach, after each signature, a signed CycloneDX
// SBOM generated from the Go build info of the image's binary (see package attest).
func AttestSBOM() Option { return func(o *options) { o.sbom = true } }

// AttestProvenance makes a Signer attach, after each signature, a signed SLSA v1 provenance of
// the build b (attest.BuildFromEnv in a workflow).
func AttestProvenance(b attest.Build) Option { return func(o *options) { o.provenance = &b } }

// attestAfterSign attaches the attestations the options ask for.
func attestAfterSign(ctx context.Context, a attest.Attestor, img oci.Image, o options) error {
	if o.sbom {
		if _, err := attest.AttachSBOM(ctx, a, img, o.remoteOpts(ctx)...); err != nil {
			return fmt.Errorf("SBOM of %s: %w", img.Short(), err)
		}
	}
	if o.provenance != nil {
		b := *o.provenance
		if b.FinishedOn.IsZero() {
			b.FinishedOn = time.Now()
		}
		if _, err := attest.AttachProvenance(ctx, a, img, b); err != nil {
			return fmt.Errorf("provenance of %s: %w", img.Short(), err)
		}
	}
	return nil
}

// ParseFormat reads "bundle" or "legacy".
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case FormatBundle, FormatLegacy:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown signature format %q: want bundle (Sigstore bundle as an OCI referrer, the default) or legacy (cosign's .sig tag)", s)
}

// WithFormat chooses the format a Signer writes (default FormatBundle). Verifiers read both.
func WithFormat(f Format) Option { return func(o *options) { o.format = f } }

// Media types and annotations of Sigstore bundles stored in a registry, as cosign writes them.
const (
	// BundleMediaType is the media type of a v0.3 bundle, the artifactType of its referrer manifest.
	BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"
	// BundlePredicateTypeAnnotation names the statement's predicate type on the referrer manifest.
	BundlePredicateTypeAnnotation = "dev.sigstore.bundle.predicateType"
	// BundleContentAnnotation says what the bundle holds (dsse-envelope).
	BundleContentAnnotation = "dev.sigstore.bundle.content"
	// CosignSignPredicateType is the predicate of a plain signature statement (cosign sign).
	CosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1"
	// InTotoPayloadType is the DSSE payload type of an in-toto statement.
	InTotoPayloadType = "application/vnd.in-toto+json"
	// InTotoStatementType is the in-toto statement version written.
	InTotoStatementType = "https://in-toto.io/Statement/v1"

	emptyMediaType = "application/vnd.oci.empty.v1+json"
	maxBundleBytes = 1 << 20
	maxReferrers   = 100
)

// Statement is an in-toto statement about one image.
type Statement struct {
	Type          string          `json:"_type"`
	Subject       []Subject       `json:"subject"`
	PredicateType string          `json:"predicateType"`
	Predicate     json.RawMessage `json:"predicate"`
}

// Subject is what a statement is about: the image manifest, by digest.
type Subject struct {
	Name   string            `json:"name,omitempty"`
	Digest map[string]string `json:"digest"`
}

// NewStatement is a statement with predicateType and predicate about img.
func NewStatement(img oci.Image, predicateType string, predicate any) (Statement, error) {
	p, err := json.Marshal(predicate)
	if err != nil {
		return Statement{}, err
	}
	return Statement{Type: InTotoStatementType, Subject: []Subject{{Digest: map[string]string{"sha256": strings.TrimPrefix(img.Digest(), "sha256:")}}},
		PredicateType: predicateType, Predicate: p}, nil
}

// pae is DSSE's pre-authentication encoding: what is signed.
func pae(payloadType string, payload []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "DSSEv1 %d %s %d ", len(payloadType), payloadType, len(payload))
	b.Write(payload)
	return b.Bytes()
}

// The JSON form of a Sigstore bundle (protobuf-specs dev.sigstore.bundle.v1.Bundle).
type bundleJSON struct {
	MediaType            string           `json:"mediaType"`
	VerificationMaterial verificationJSON `json:"verificationMaterial"`
	DSSEEnvelope         *dsseJSON        `json:"dsseEnvelope,omitempty"`
}

type verificationJSON struct {
	PublicKey                 *hintJSON      `json:"publicKey,omitempty"`
	Certificate               *rawBytesJSON  `json:"certificate,omitempty"`
	TlogEntries               []tlogJSON     `json:"tlogEntries"`
	TimestampVerificationData map[string]any `json:"timestampVerificationData"`
}

type hintJSON struct {
	Hint string `json:"hint"`
}

type rawBytesJSON struct {
	RawBytes []byte `json:"rawBytes"`
}

type dsseJSON struct {
	Payload     []byte        `json:"payload"`
	PayloadType string        `json:"payloadType"`
	Signatures  []dsseSigJSON `json:"signatures"`
}

type dsseSigJSON struct {
	Sig   []byte `json:"sig"`
	KeyID string `json:"keyid"`
}

type tlogJSON struct {
	LogIndex          string          `json:"logIndex"`
	LogID             logIDJSON       `json:"logId"`
	KindVersion       kindVersionJSON `json:"kindVersion"`
	IntegratedTime    string          `json:"integratedTime"`
	InclusionPromise  *setJSON        `json:"inclusionPromise,omitempty"`
	InclusionProof    *proofJSON      `json:"inclusionProof,omitempty"`
	CanonicalizedBody []byte          `json:"canonicalizedBody"`
}

type logIDJSON struct {
	KeyID []byte `json:"keyId"`
}

type kindVersionJSON struct {
	Kind    string `json:"kind"`
	Version string `json:"version"`
}

type setJSON struct {
	SignedEntryTimestamp []byte `json:"signedEntryTimestamp"`
}

type proofJSON struct {
	LogIndex   string   `json:"logIndex"`
	RootHash   []byte   `json:"rootHash"`
	TreeSize   string   `json:"treeSize"`
	Hashes     [][]byte `json:"hashes"`
	Checkpoint struct {
		Envelope string `json:"envelope"`
	} `json:"checkpoint"`
}

// keyHint is how sigstore names a public key in a bundle: base64 of the SHA-256 of its DER.
func keyHint(pub *ecdsa.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	sum := sha256.Sum256(der)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// signDSSE signs statement with priv, returning the envelope.
func signDSSE(priv *ecdsa.PrivateKey, st Statement) (*dsseJSON, error) {
	payload, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(pae(InTotoPayloadType, payload))
	sig, err := ecdsa.SignASN1(rand.Reader, priv, sum[:])
	if err != nil {
		return nil, err
	}
	return &dsseJSON{Payload: payload, PayloadType: InTotoPayloadType, Signatures: []dsseSigJSON{{Sig: sig}}}, nil
}

// rawManifest is a manifest pushed as it is (go-containerregistry's remote.Taggable).
type rawManifest []byte

func (r rawManifest) RawManifest() ([]byte, error) { return r, nil }

// imageDescriptor is the manifest descriptor of img, which must exist in the registry.
func imageDescriptor(ctx context.Context, img oci.Image, o options, what string) (name.Digest, *v1.Descriptor, error) {
	dig, err := name.NewDigest(img.String())
	if err != nil {
		return name.Digest{}, nil, fmt.Errorf("invalid image %s: %w", img, err)
	}
	var desc *v1.Descriptor
	if err := regerr.Retry(ctx, o.attempts, 250*time.Millisecond, nil, func() error {
		var err error
		desc, err = remote.Head(dig, o.remoteOpts(ctx)...)
		return err
	}); err != nil {
		return name.Digest{}, nil, regerr.Explain(what, img.String(), err)
	}
	return dig, desc, nil
}

// attachBundle pushes bundle as an OCI referrer of the image at dig (subject desc): the
// referrers API where the registry has it, the sha256-<hex> tag index where it does not
// (go-containerregistry maintains the fallback tag). It returns the referrer's reference.
func attachBundle(ctx context.Context, dig name.Digest, desc *v1.Descriptor, bundle []byte, predicateType string, o options) (string, error) {
	ropts := o.remoteOpts(ctx)
	repo := dig.Context()
	cfg := static.NewLayer([]byte("{}"), emptyMediaType)
	layer := static.NewLayer(bundle, types.MediaType(BundleMediaType))
	cfgDigest, _ := cfg.Digest()
	layerDigest, _ := layer.Digest()
	m := v1.Manifest{
		SchemaVersion: 2,
		MediaType:     types.OCIManifestSchema1,
		ArtifactType:  BundleMediaType,
		Config:        v1.Descriptor{MediaType: emptyMediaType, Digest: cfgDigest, Size: 2},
		Layers:        []v1.Descriptor{{MediaType: types.MediaType(BundleMediaType), Digest: layerDigest, Size: int64(len(bundle))}},
		Subject:       &v1.Descriptor{MediaType: desc.MediaType, Digest: desc.Digest, Size: desc.Size},
		Annotations: map[string]string{
			"org.opencontainers.image.created": time.Now().UTC().Format(time.RFC3339),
			BundleContentAnnotation:            "dsse-envelope",
			BundlePredicateTypeAnnotation:      predicateType,
		},
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	h, _, _ := v1.SHA256(bytes.NewReader(raw))
	ref := repo.Digest(h.String())
	err = regerr.Retry(ctx, o.attempts, 250*time.Millisecond, nil, func() error {
		for _, l := range []v1.Layer{cfg, layer} {
			if err := remote.WriteLayer(repo, l, ropts...); err != nil {
				return err
			}
		}
		return remote.Put(ref, rawManifest(raw), ropts...)
	})
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}

// fetchedBundle is one bundle found among an image's referrers.
type fetchedBundle struct {
	ref           string // repo@sha256:... of the referrer manifest
	predicateType string
	raw           []byte
}

// fetchBundles lists img's referrers (the referrers API, or the fallback tag) and reads the
// Sigstore bundles among them, at most maxReferrers. With predicateType set, it keeps only
// bundles whose manifest says that predicate (or says none).
func fetchBundles(ctx context.Context, img oci.Image, o options, predicateType string) ([]fetchedBundle, error) {
	dig, err := name.NewDigest(img.String())
	if err != nil {
		return nil, fmt.Errorf("invalid image %s: %w", img, err)
	}
	ropts := o.remoteOpts(ctx)
	var idx *v1.IndexManifest
	err = regerr.Retry(ctx, o.attempts, 250*time.Millisecond, nil, func() error {
		ii, err := remote.Referrers(dig, ropts...)
		if err != nil {
			return err
		}
		idx, err = ii.IndexManifest()
		return err
	})
	if err != nil {
		return nil, regerr.Explain("listing the referrers of", img.String(), err)
	}
	var out []fetchedBundle
	for i, d := range idx.Manifests {
		if i >= maxReferrers {
			break
		}
		// The artifactType is the manifest's, or its config's media type where a registry
		// reports that instead (go-containerregistry's registry does): skip only what is
		// certainly something else (an SBOM, a Helm chart), read the rest.
		if !strings.HasPrefix(d.ArtifactType, "application/vnd.dev.sigstore.bundle") && d.ArtifactType != emptyMediaType && d.ArtifactType != "" {
			continue
		}
		pt := d.Annotations[BundlePredicateTypeAnnotation]
		if predicateType != "" && pt != "" && pt != predicateType {
			continue
		}
		ref := dig.Context().Digest(d.Digest.String())
		var raw []byte
		err := regerr.Retry(ctx, o.attempts, 250*time.Millisecond, nil, func() error {
			desc, err := remote.Get(ref, ropts...)
			if err != nil {
				return err
			}
			m, err := v1.ParseManifest(bytes.NewReader(desc.Manifest))
			if err != nil {
				return err
			}
			if pt == "" {
				pt = m.Annotations[BundlePredicateTypeAnnotation]
			}
			for _, l := range m.Layers {
				if !strings.HasPrefix(string(l.MediaType), "application/vnd.dev.sigstore.bundle") || l.Size > maxBundleBytes {
					continue
				}
				blob, err := remote.Layer(dig.Context().Digest(l.Digest.String()), ropts...)
				if err != nil {
					return err
				}
				raw, err = readAll(blob)
				return err
			}
			return nil
		})
		if err != nil || raw == nil || (predicateType != "" && pt != "" && pt != predicateType) {
			continue
		}
		out = append(out, fetchedBundle{ref: ref.String(), predicateType: pt, raw: raw})
	}
	return out, nil
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func hexDigest(img oci.Image) []byte {
	b, _ := hex.DecodeString(strings.TrimPrefix(img.Digest(), "sha256:"))
	return b
}
