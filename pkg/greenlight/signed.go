package greenlight

import "github.com/greenlight-cd/greenlight/pkg/oci"

// SignedImage is an Image whose signature has been made or verified in this run.
// Only P.Sign and P.Verify produce one, so a pipeline that would deploy an unsigned
// image to any environment does not compile.
type SignedImage struct {
	img      oci.Image
	sig      oci.Signature
	verifier oci.Verifier
}

// Image is the signed image.
func (s SignedImage) Image() oci.Image { return s.img }

// Signature is the signature made or verified for it.
func (s SignedImage) Signature() oci.Signature { return s.sig }

// String is the digest-pinned reference.
func (s SignedImage) String() string { return s.img.String() }

func (s SignedImage) valid() bool { return !s.img.IsZero() && s.verifier != nil }
