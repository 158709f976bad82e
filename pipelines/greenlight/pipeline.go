// Greenlight's own release pipeline: the greenlight CLI as a container image whose default
// command is the Slack bot (`greenlight bot`), built the ko way on an empty base, signed (with
// COSIGN_KEY, or keyless with the workflow's identity) and attested (a CycloneDX SBOM; in
// GitHub Actions, a SLSA provenance of the run), pushed to $GREENLIGHT_IMAGE_REPO
// (default ghcr.io/greenlight-cd/greenlight).
//
//	docker run -e SLACK_SIGNING_SECRET -e GITHUB_TOKEN -v $PWD/.greenlight:/cfg ghcr.io/greenlight-cd/greenlight@sha256:… \
//	  bot --config /cfg/slack.yml --repo acme/hello
package main

import (
	"fmt"
	"os"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// release is the pipeline: the core tests, then the image, then its signature.
func release(root, repo, version string, signer oci.Signer) func(*greenlight.P) {
	return func(p *greenlight.P) {
		p.Test(build.GoTest{Dir: root, Packages: []string{"./pkg/greenlight", "./pkg/slack"}})
		p.Sign(p.Build(botImage(root, repo, version)), signer)
	}
}

// botImage is the bot's image: the greenlight CLI, `greenlight bot` by default. The same image
// is the dark launch's shadow proxy on Kubernetes (gatewayapi.Router.ShadowProxyImage: its
// sidecar's args are `shadow-proxy …`, in place of the default `bot`).
func botImage(root, repo, version string) build.Go {
	return build.Go{Dir: root, Main: "./cmd/greenlight", Repo: repo, Tags: []string{version},
		Ldflags: "-X main.version=" + version, Args: []string{"bot"}}
}

// signerFromEnv is the pipeline's signer, from getenv (os.Getenv): the key in COSIGN_KEY
// (COSIGN_PASSWORD), else keyless with the workflow's identity. Every signature is followed by a
// signed CycloneDX SBOM of the binary and, in GitHub Actions, a SLSA provenance of the run.
func signerFromEnv(getenv func(string) string) (oci.Signer, error) {
	opts := []sign.Option{sign.AttestSBOM()}
	if b, err := attest.BuildFromEnv(getenv); err == nil {
		opts = append(opts, sign.AttestProvenance(b))
	} else if getenv("GITHUB_ACTIONS") == "true" {
		return nil, err
	}
	if pem := getenv("COSIGN_KEY"); pem != "" {
		k, err := sign.ParsePrivateKey([]byte(pem), []byte(getenv("COSIGN_PASSWORD")))
		if err != nil {
			return nil, fmt.Errorf("COSIGN_KEY: %w", err)
		}
		return sign.NewSigner(k, opts...)
	}
	k, err := sign.KeylessFromEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("%w (or set COSIGN_KEY)", err)
	}
	return k, nil
}

func main() {
	signer, err := signerFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "greenlight's pipeline: %v\n", err)
		os.Exit(2)
	}
	repo := os.Getenv("GREENLIGHT_IMAGE_REPO")
	if repo == "" {
		repo = "ghcr.io/greenlight-cd/greenlight"
	}
	version := os.Getenv("GITHUB_SHA")
	if version == "" {
		version = "dev"
	}
	// Followed in Slack when SLACK_BOT_TOKEN and SLACK_CHANNEL are set (one line otherwise).
	sl := notify.FromEnv(os.Stderr)
	code := greenlight.MainArgs(os.Args[1:], os.Stderr, release("../..", repo, version, signer), sl.Option, greenlight.WithName("greenlight"))
	sl.Flush()
	os.Exit(code)
}
