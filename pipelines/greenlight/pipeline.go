// Greenlight's own release pipeline: the greenlight CLI as a container image whose default
// command is the Slack bot (`greenlight bot`), built the ko way on an empty base, signed (with
// COSIGN_KEY, or keyless with the workflow's identity), pushed to $GREENLIGHT_IMAGE_REPO
// (default ghcr.io/greenlight-cd/greenlight).
//
//	docker run -e SLACK_SIGNING_SECRET -e GITHUB_TOKEN -v $PWD/.greenlight:/cfg ghcr.io/greenlight-cd/greenlight@sha256:… \
//	  bot --config /cfg/slack.yml --repo acme/hello
package main

import (
	"os"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// release is the pipeline: the core tests, then the image, then its signature.
func release(root, repo, version string, signer oci.Signer) func(*greenlight.P) {
	return func(p *greenlight.P) {
		p.Test(build.GoTest{Dir: root, Packages: []string{"./pkg/greenlight", "./pkg/slack"}})
		img := p.Build(build.Go{Dir: root, Main: "./cmd/greenlight", Repo: repo, Tags: []string{version},
			Ldflags: "-X main.version=" + version, Args: []string{"bot"}})
		p.Sign(img, signer)
	}
}

func main() {
	var signer oci.Signer
	if pem := os.Getenv("COSIGN_KEY"); pem != "" {
		k, err := sign.ParsePrivateKey([]byte(pem), []byte(os.Getenv("COSIGN_PASSWORD")))
		if err != nil {
			panic(err)
		}
		signer, _ = sign.NewSigner(k)
	} else {
		k, err := sign.KeylessFromEnv()
		if err != nil {
			panic(err.Error() + " (or set COSIGN_KEY)")
		}
		signer = k
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
