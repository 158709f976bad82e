package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// verifierFlags are the flags that choose a verifier, shared by verify and sign.
type verifierFlags struct {
	key, identity, identityRE, issuer, issuerRE, trustedRoot *string
}

func addVerifierFlags(fs *flag.FlagSet, defaultKey string) verifierFlags {
	return verifierFlags{
		key:         fs.String("key", defaultKey, "public key (cosign.pub)"),
		identity:    fs.String("certificate-identity", "", "keyless: the signer's exact identity (the workflow URL)"),
		identityRE:  fs.String("certificate-identity-regexp", "", "keyless: a pattern for the signer's identity (anchor it with ^ and $)"),
		issuer:      fs.String("certificate-oidc-issuer", "", "keyless: the exact OIDC issuer"),
		issuerRE:    fs.String("certificate-oidc-issuer-regexp", "", "keyless: a pattern for the OIDC issuer"),
		trustedRoot: fs.String("trusted-root", "", "keyless: Sigstore trusted_root.json (default: $SIGSTORE_ROOT_FILE and $SIGSTORE_REKOR_PUBLIC_KEY)"),
	}
}

func (f verifierFlags) keyless() bool {
	return *f.identity != "" || *f.identityRE != "" || *f.issuer != "" || *f.issuerRE != ""
}

// verifier builds the verifier the flags ask for; a non-nil error is a configuration error.
func (f verifierFlags) verifier() (oci.Verifier, error) {
	if !f.keyless() {
		return sign.LoadVerifierFile(*f.key)
	}
	id := sign.Identity{Subject: *f.identity, SubjectRegexp: *f.identityRE, Issuer: *f.issuer, IssuerRegexp: *f.issuerRE}
	if *f.trustedRoot != "" {
		b, err := os.ReadFile(*f.trustedRoot)
		if err != nil {
			return nil, err
		}
		return sign.NewKeylessVerifierFromTrustedRoot(b, id)
	}
	v, err := sign.KeylessVerifierFromEnv(id)
	if err != nil {
		return nil, fmt.Errorf("%w: give --trusted-root FILE", err)
	}
	return v, nil
}

// parseImages reads the REPO@sha256:DIGEST arguments.
func parseImages(fs *flag.FlagSet, cmd string, stderr io.Writer) ([]oci.Image, bool) {
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "greenlight %s: give one or more image references, REPO@sha256:DIGEST\n", cmd)
		return nil, false
	}
	var imgs []oci.Image
	for _, a := range fs.Args() {
		img, err := oci.ParseImage(a)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight %s: %v\n", cmd, err)
			return nil, false
		}
		imgs = append(imgs, img)
	}
	return imgs, true
}

func runVerify(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	vf := addVerifierFlags(fs, "cosign.pub")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	imgs, ok := parseImages(fs, "verify", stderr)
	if !ok {
		return 2
	}
	v, err := vf.verifier()
	if err != nil {
		fmt.Fprintf(stderr, "greenlight verify: %v\n", err)
		return 2
	}
	code := 0
	for _, img := range imgs {
		sig, err := v.Verify(ctx, img)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight verify: %v\n", err)
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "verified %s: %s signature by %s (%s)\n", img, sig.Format, sig.KeyID, sig.Ref)
	}
	return code
}
