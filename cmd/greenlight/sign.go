package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

func runSign(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	key := fs.String("key", "", "private key (cosign.key); its password in $COSIGN_PASSWORD")
	keyless := fs.Bool("keyless", false, "sign with a Fulcio certificate for the workflow's OIDC identity, logged in Rekor ($SIGSTORE_* as cosign)")
	format := fs.String("format", string(sign.FormatBundle), "bundle (Sigstore bundle as an OCI referrer: cosign v3's default) or legacy (cosign's .sig tag, for old verifiers)")
	attests := fs.String("attest", "", "attestations to sign and attach: sbom (CycloneDX from the binary's Go build info), provenance (SLSA v1, in GitHub Actions)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	imgs, ok := parseImages(fs, "sign", stderr)
	if !ok {
		return 2
	}
	f, err := sign.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight sign: %v\n", err)
		return 2
	}
	var sbom, prov bool
	for _, a := range strings.Split(*attests, ",") {
		switch strings.TrimSpace(a) {
		case "":
		case "sbom":
			sbom = true
		case "provenance":
			prov = true
		default:
			fmt.Fprintf(stderr, "greenlight sign: unknown attestation %q: want sbom, provenance or both (--attest sbom,provenance)\n", a)
			return 2
		}
	}
	opts := []sign.Option{sign.WithFormat(f)}
	if sbom {
		opts = append(opts, sign.AttestSBOM())
	}
	if prov {
		build, err := attest.BuildFromEnv(os.Getenv)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight sign: %v\n", err)
			return 2
		}
		opts = append(opts, sign.AttestProvenance(build))
	}
	var s oci.Signer
	switch {
	case *keyless && *key != "":
		fmt.Fprintln(stderr, "greenlight sign: give --key or --keyless, not both")
		return 2
	case *keyless:
		s, err = sign.KeylessFromEnv(opts...)
	case *key != "":
		// The key is decrypted once (scrypt: the slow part) and kept in memory for every image.
		var k *sign.Key
		if k, err = sign.LoadKeyFile(*key, []byte(os.Getenv("COSIGN_PASSWORD"))); err == nil {
			s, err = sign.NewSigner(k, opts...)
		}
	default:
		fmt.Fprintln(stderr, "greenlight sign: give --key cosign.key (make one with greenlight keygen) or --keyless (in GitHub Actions)")
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "greenlight sign: %v\n", err)
		return 2
	}
	code := 0
	for _, img := range imgs {
		sig, err := s.Sign(ctx, img)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight sign: %v\n", err)
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "signed %s: %s signature by %s (%s)\n", img, sig.Format, sig.KeyID, sig.Ref)
		if sbom || prov {
			fmt.Fprintf(stdout, "attested %s:%s%s\n", img, map[bool]string{true: " CycloneDX SBOM"}[sbom], map[bool]string{true: " SLSA provenance"}[prov])
		}
	}
	return code
}

// runAttestFiles is `greenlight attest-files`: one signed SLSA provenance for files a workflow
// built (the CLI's release binaries), written as a Sigstore bundle next to them, which
// `cosign verify-blob-attestation --bundle` and `gh attestation verify` check for each file.
func runAttestFiles(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	key := fs.String("key", "", "private key (cosign.key); its password in $COSIGN_PASSWORD")
	keyless := fs.Bool("keyless", false, "sign with a Fulcio certificate for the workflow's OIDC identity, logged in Rekor ($SIGSTORE_* as cosign)")
	out := fs.String("out", "provenance.sigstore.json", "the bundle to write")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "greenlight attest-files: name the files to attest (greenlight attest-files --keyless dist/greenlight_*)")
		return 2
	}
	build, err := attest.BuildFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight attest-files: %v\n", err)
		return 2
	}
	build.FinishedOn = e.now()
	subjects, err := sign.FileSubjects(fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight attest-files: %v\n", err)
		return 2
	}
	var bundle []byte
	switch {
	case *keyless && *key != "":
		fmt.Fprintln(stderr, "greenlight attest-files: give --key or --keyless, not both")
		return 2
	case *keyless:
		var k *sign.Keyless
		if k, err = sign.KeylessFromEnv(); err == nil {
			bundle, err = k.AttestFiles(ctx, subjects, attest.SLSAProvenanceV1, attest.Provenance(build))
		}
	case *key != "":
		var k *sign.Key
		var s *sign.Signer
		if k, err = sign.LoadKeyFile(*key, []byte(os.Getenv("COSIGN_PASSWORD"))); err == nil {
			if s, err = sign.NewSigner(k); err == nil {
				bundle, err = s.AttestFiles(ctx, subjects, attest.SLSAProvenanceV1, attest.Provenance(build))
			}
		}
	default:
		fmt.Fprintln(stderr, "greenlight attest-files: give --key cosign.key or --keyless (in GitHub Actions, id-token: write)")
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "greenlight attest-files: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, bundle, 0o644); err != nil {
		fmt.Fprintf(stderr, "greenlight attest-files: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "attested %d files: SLSA provenance of %s at %s, in %s\n", len(subjects), build.Repository, short(build.Commit), *out)
	return 0
}
