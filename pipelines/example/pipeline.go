// Package example is Greenlight's first example pipeline, the one `greenlight demo` runs:
//
//	test → build → sign → deploy-staging (smoke check) → canary 10 → 25 → 50 → promote
//
// The logic is plain Go; the values that differ per environment live in the Environments given
// to greenlight.Run or greenlight.Main, never here. So do the sinks: pipelines/hello adds the
// Slack notifier with notify.FromEnv (on when SLACK_BOT_TOKEN and SLACK_CHANNEL are set).
package example

import (
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/check"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Service says what to build: the values, not the logic.
type Service struct {
	// Dir is the service's Go module.
	Dir string
	// Main is its main package, relative to Dir (default ".", the module's root).
	Main string
	// Repo is the image repository, such as ghcr.io/acme/hello.
	Repo string
	// Version is pushed as a tag and stamped into the binary.
	Version string
	// Ldflags are extra -ldflags for go build.
	Ldflags string
}

// Pipeline returns the pipeline for svc, signing with signer.
func Pipeline(svc Service, signer oci.Signer) func(p *greenlight.P) {
	return func(p *greenlight.P) {
		p.Test(build.GoTest{Dir: svc.Dir})

		img := p.Build(build.Go{
			Dir:     svc.Dir,
			Main:    svc.Main,
			Repo:    svc.Repo,
			Tags:    []string{svc.Version},
			Ldflags: fmt.Sprintf("-X main.version=%s %s", svc.Version, svc.Ldflags),
		})

		// Only a SignedImage can be deployed: skipping this line is a compile error below.
		signed := p.Sign(img, signer)

		p.DeployStaging(signed, p.Env("staging"), check.HTTP{Path: "/", Contains: "hello"})

		prod := p.Env("production")
		// The default judge: a sequential test that fails a harmful canary as soon as the
		// evidence is enough. A step passes after StepTime with no evidence of harm once it has
		// the least evidence: MinRequests per version, and enough data to have caught a canary
		// failing DetectIncrease more of its requests (20 points here, so that the demo decides
		// at 5 req/s too: its bad release fails 30 %; the default is 1 point). With less traffic
		// the step is extended up to MaxWait, then passes unproven and the same test goes on.
		// Promote bakes the release at 75 % first (the previous version keeps 25 %), at least
		// Bake.Time (10×StepTime by default; 10 s here, so that the demo is short).
		p.Canary(signed, prod, greenlight.CanaryPlan{
			Steps:          []int{10, 25, 50, 100},
			StepTime:       5 * time.Second,
			MinRequests:    30,
			DetectIncrease: 0.20,
			MaxWait:        3 * time.Minute,
			Bake:           analysis.Bake{Time: 10 * time.Second},
		})
		p.Promote(signed, prod)
	}
}
