// Package greenlight is the pipeline API and engine of Greenlight, pipeline-as-code continuous
// deployment: a deployment pipeline is a Go function of *P, run by Run or Main.
//
// P works in the manner of testing.T. Each stage method (Test, Build, Sign, Verify,
// DeployStaging, Canary, Promote, Gate, Rollback, or your own with Stage) runs one stage,
// records it and returns its typed result; a failed stage stops the pipeline there, runs the
// Cleanup functions and aborts any canary still taking traffic. Build returns an oci.Image pinned
// by digest; only Sign and Verify return a SignedImage, and the deploy stages take nothing
// else, so a pipeline that would deploy an unsigned image does not compile.
//
// The values of each environment stay out of the logic: an Environment names a Target (where
// revisions run: pkg/local, pkg/kubernetes, or your own), the Metrics a canary is judged on,
// the Approver of its gates and its Ledger. A CanaryPlan says how traffic moves and which Judge
// of pkg/analysis decides at each step (its sequential test by default, which never passes on
// no data).
//
// This package imports only the standard library and Greenlight's leaf packages: pkg/oci (the
// Image a pipeline builds and the Signer contract), pkg/runlog (the events a run emits, its
// Sinks and the Report it returns), pkg/approval (the one rule for who may approve),
// pkg/analysis, pkg/protocol and pkg/secrets. Providers (build, with its GoTest, check, sign, local, kubernetes,
// prometheus, github, slack) are packages of their own, so a pipeline links only what it uses.
// See the examples, and docs/getting-started.md for a whole service.
package greenlight
