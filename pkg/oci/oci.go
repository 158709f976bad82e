// Package oci names what Greenlight deploys: an OCI image pinned by digest (Image), a signature
// of one (Signature), and the contracts of the providers that sign and verify images (Signer,
// Verifier; pkg/sign implements both). It is a leaf: the engine (pkg/greenlight), providers and
// tools share these nouns without importing the engine.
package oci

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

var digestRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// Image is an OCI image pinned by digest: the only way Greenlight refers to what it deploys.
// P.Build returns one; an Image can never be deployed until it has been signed (see
// greenlight.SignedImage).
type Image struct {
	repo   string
	digest string
	tag    string
}

// NewImage returns an Image for repo (for example "ghcr.io/acme/hello") pinned at digest
// ("sha256:<64 hex>"). tag is an optional human label (a version or commit) that was pushed with it.
func NewImage(repo, digest, tag string) (Image, error) {
	if repo == "" || strings.ContainsAny(repo, "@ \t\n") {
		return Image{}, fmt.Errorf("invalid image repository %q: want a repository such as ghcr.io/acme/hello, without tag or digest", repo)
	}
	if !digestRE.MatchString(digest) {
		return Image{}, fmt.Errorf("invalid image digest %q for %s: want sha256: followed by 64 lowercase hex digits", digest, repo)
	}
	return Image{repo: repo, digest: digest, tag: tag}, nil
}

// ParseImage parses "repo@sha256:...". A reference by tag alone is refused: Greenlight deploys by digest.
func ParseImage(ref string) (Image, error) {
	repo, digest, ok := strings.Cut(ref, "@")
	if !ok {
		return Image{}, fmt.Errorf("image reference %q is not pinned by digest: use repo@sha256:<digest> (tags can move; Greenlight deploys only digests)", ref)
	}
	// Drop a tag written before the digest (repo:tag@sha256:...), keeping a registry port.
	tag := ""
	if i := strings.LastIndex(repo, ":"); i > strings.LastIndex(repo, "/") {
		repo, tag = repo[:i], repo[i+1:]
	}
	return NewImage(repo, digest, tag)
}

// Repo is the repository, such as ghcr.io/acme/hello.
func (i Image) Repo() string { return i.repo }

// Digest is the manifest digest, sha256:....
func (i Image) Digest() string { return i.digest }

// Tag is the optional label pushed with the image ("" if none). It is informative only.
func (i Image) Tag() string { return i.tag }

// IsZero reports whether i is the zero Image.
func (i Image) IsZero() bool { return i.digest == "" }

// String is the digest-pinned reference repo@sha256:....
func (i Image) String() string {
	if i.IsZero() {
		return "<no image>"
	}
	return i.repo + "@" + i.digest
}

// Short is a 12-hex-digit abbreviation of the digest, used as a version identifier.
func (i Image) Short() string {
	if len(i.digest) < 19 {
		return i.digest
	}
	return i.digest[7:19]
}

// Signature describes a verified or freshly made signature of an image.
type Signature struct {
	// Ref is where the signature is stored, e.g. repo:sha256-<hex>.sig.
	Ref string `json:"ref"`
	// KeyID identifies the key (a fingerprint of the public key) or, for keyless signing, the identity.
	KeyID string `json:"key_id"`
	// Format is how the signature is stored: "bundle" (a Sigstore bundle attached as an OCI
	// referrer) or "legacy" (cosign's .sig tag). Empty when the signer does not say.
	Format string `json:"format,omitempty"`
}

// Signer signs images. Implementations live in provider packages (pkg/sign).
type Signer interface {
	// Sign signs img, stores the signature where verifiers fetch it, and describes it.
	Sign(ctx context.Context, img Image) (Signature, error)
	// Verifier returns the verifier for signatures this signer makes.
	Verifier() Verifier
}

// Verifier checks that an image carries a valid signature from a trusted key or identity.
// It must fetch the signature from where it is stored, never trust memory.
type Verifier interface {
	// Verify returns the signature of img it found valid, or an error that says why none is.
	Verify(ctx context.Context, img Image) (Signature, error)
}
