package sign

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// The functions in this file, named ...FromEnv, are the one place in package sign that reads
// environment variables: the ones cosign and GitHub Actions define (COSIGN_KEY,
// COSIGN_PASSWORD, SIGSTORE_*, GITHUB_WORKFLOW_REF, ACTIONS_ID_TOKEN_REQUEST_*). Everything
// else takes its configuration explicitly: LoadKey, NewSigner, GitHubActionsToken, NewKeyless,
// NewKeylessVerifier.

// KeyFromEnv reads the signing key from COSIGN_KEY (a path or a PEM, see LoadKey) with the
// password in COSIGN_PASSWORD. ok is false when COSIGN_KEY is unset or empty.
func KeyFromEnv() (key *Key, ok bool, err error) {
	v := os.Getenv("COSIGN_KEY")
	if strings.TrimSpace(v) == "" {
		return nil, false, nil
	}
	k, err := LoadKey(v, []byte(os.Getenv("COSIGN_PASSWORD")))
	if err != nil {
		return nil, true, fmt.Errorf("COSIGN_KEY: %w", err)
	}
	return k, true, nil
}

// GitHubActionsTokenFromEnv asks the Actions runtime for the workflow's ID token, at
// $ACTIONS_ID_TOKEN_REQUEST_URL with $ACTIONS_ID_TOKEN_REQUEST_TOKEN (read when the token is
// asked for), and masks it in the job's log on stdout (see GitHubActionsToken). The workflow
// needs `permissions: id-token: write`.
func GitHubActionsTokenFromEnv() TokenSource {
	return func(ctx context.Context) (string, error) {
		return GitHubActionsToken(os.Getenv("ACTIONS_ID_TOKEN_REQUEST_URL"), os.Getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN"), os.Stdout)(ctx)
	}
}

// KeylessFromEnv is keyless signing in a GitHub Actions workflow: the workflow's OIDC token
// (GitHubActionsTokenFromEnv), Fulcio and Rekor at $SIGSTORE_FULCIO_URL and
// $SIGSTORE_REKOR_URL (default the public-good instances), trusting the Fulcio roots in
// $SIGSTORE_ROOT_FILE and the Rekor key in $SIGSTORE_REKOR_PUBLIC_KEY (the variables cosign
// reads), and accepting this very workflow ($GITHUB_WORKFLOW_REF) as the signer. NewKeyless
// takes the same explicitly.
func KeylessFromEnv(opts ...Option) (*Keyless, error) {
	wf := os.Getenv("GITHUB_WORKFLOW_REF")
	v, err := KeylessVerifierFromEnv(Identity{Subject: "https://github.com/" + wf, Issuer: GitHubIssuer}, opts...)
	if err != nil {
		return nil, err
	}
	if wf == "" {
		return nil, errors.New("keyless: $GITHUB_WORKFLOW_REF is not set: keyless signing identifies the workflow that runs; sign with a key outside Actions")
	}
	fulcio, rekor := os.Getenv("SIGSTORE_FULCIO_URL"), os.Getenv("SIGSTORE_REKOR_URL")
	if fulcio == "" {
		fulcio = PublicFulcio
	}
	if rekor == "" {
		rekor = PublicRekor
	}
	return NewKeyless(GitHubActionsTokenFromEnv(), fulcio, rekor, v, opts...), nil
}

// KeylessVerifierFromEnv is a keyless verifier for id trusting the Fulcio roots in
// $SIGSTORE_ROOT_FILE and the Rekor key in $SIGSTORE_REKOR_PUBLIC_KEY, the variables cosign
// reads; or, when $SIGSTORE_ROOT_FILE holds a trusted_root.json (Sigstore's format, what its
// TUF repository serves and `gh attestation trusted-root` prints), everything that file trusts,
// Rekor's key included. NewKeylessVerifier and NewKeylessVerifierFromTrustedRoot take the same
// explicitly.
func KeylessVerifierFromEnv(id Identity, opts ...Option) (*KeylessVerifier, error) {
	rootsFile, rekorFile := os.Getenv("SIGSTORE_ROOT_FILE"), os.Getenv("SIGSTORE_REKOR_PUBLIC_KEY")
	var roots []byte
	if rootsFile != "" {
		var err error
		if roots, err = os.ReadFile(rootsFile); err != nil {
			return nil, fmt.Errorf("keyless: Fulcio's root certificates ($SIGSTORE_ROOT_FILE, or a trusted_root.json): %w", err)
		}
		if b := bytes.TrimSpace(roots); len(b) > 0 && b[0] == '{' {
			v, err := NewKeylessVerifierFromTrustedRoot(b, id, opts...)
			if err != nil {
				return nil, fmt.Errorf("keyless: $SIGSTORE_ROOT_FILE (%s): %w", rootsFile, err)
			}
			return v, nil
		}
	}
	if rootsFile == "" || rekorFile == "" {
		// Not "open : no such file": name what is unset.
		return nil, errors.New("keyless: $SIGSTORE_ROOT_FILE (Fulcio's root certificates, or a trusted_root.json) and $SIGSTORE_REKOR_PUBLIC_KEY (Rekor's public key) are not both set")
	}
	rekorKey, err := os.ReadFile(rekorFile)
	if err != nil {
		return nil, fmt.Errorf("keyless: Rekor's public key ($SIGSTORE_REKOR_PUBLIC_KEY): %w", err)
	}
	return NewKeylessVerifier(roots, rekorKey, id, opts...)
}
