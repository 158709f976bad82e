package main

// The files `greenlight init` writes. Delimiters are [[ ]] so that the workflow's ${{ }} stays.

const gomodTemplate = `// The deployment pipeline of [[.Name]]: a module of its own, so that its dependencies
// (Greenlight, Kubernetes) stay out of the service's go.mod.
module pipeline

go 1.26.0

require github.com/greenlight-cd/greenlight [[.Require]]
[[if .Replace]]
// A development build of greenlight wrote this: the checkout it was built from. Before you push,
// use a release: go mod edit -dropreplace github.com/greenlight-cd/greenlight && go get github.com/greenlight-cd/greenlight@latest
replace github.com/greenlight-cd/greenlight => [[.Replace]]
[[end]]
`

const pipelineTemplate = `// The deployment pipeline of [[.Name]]. The Greenlight action runs it on every commit of
// [[.Branch]] that CI passed (.github/workflows/deploy.yml); on your machine,
//
//	go -C .greenlight run . --local
//
// runs the same logic with no accounts: an embedded registry, a throwaway signing key, and
// staging and production as processes on 127.0.0.1. The logic is in pipeline(); the values of
// each environment are in deploy/overlays/<environment> and in the workflow's secrets and
// variables (.greenlight/README.md).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/slack"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// The production canary: the share of traffic on the new version at each step, each step
// analysed against the stable version before the next.
var plan = greenlight.CanaryPlan{Steps: []int{10, 25, 50, 100}}

// pipeline is the logic, the same on GitHub and with --local.
func pipeline(root string, signer greenlight.Signer, b build.Go) func(p *greenlight.P) {
	return func(p *greenlight.P) {
		// Environments and plan first: a typo fails in the first second, not after a build.
		staging, production := p.Env("staging"), p.Env("production")
		if err := plan.Validate(); err != nil {
			p.Fatalf("the canary plan: %v", err)
		}
		p.Test(greenlight.GoTest{Dir: root})
		img := p.Build(b)
		signed := p.Sign(img, signer)
		p.DeployStaging(signed, staging)
		p.Canary(signed, production, plan)
		p.Promote(signed, production)
	}
}

// service is how [[.Name]] is built.
func service(root, repo string) build.Go {
	b := build.Go{Dir: root, Main: "[[.Main]]", Repo: repo}
	if commit := firstEnv("GREENLIGHT_COMMIT", "GITHUB_SHA"); commit != "" {
		b.Tags = []string{commit}
	}
	return b
}

func main() {
	args, isLocal := cut(os.Args[1:], "--local")
	root, err := serviceRoot()
	if err != nil {
		os.Exit(fail("%v", err))
	}
	if isLocal {
		os.Exit(runLocal(root, args))
	}
	os.Exit(runGitHub(root, args))
}

// runLocal deploys to staging and production on this machine and serves until Ctrl-C.
func runLocal(root string, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	reg, err := registry.Start()
	if err != nil {
		return fail("starting the local registry: %v", err)
	}
	defer reg.Close()
	key, err := sign.GenerateKey() // throwaway: it lives as long as this run
	if err != nil {
		return fail("%v", err)
	}
	signer, err := sign.NewSigner(key)
	if err != nil {
		return fail("%v", err)
	}
	// Production on 127.0.0.1:8080 (or $GREENLIGHT_LOCAL_ADDR), staging on a free port.
	addr := map[string]string{"staging": "127.0.0.1:0", "production": "127.0.0.1:8080"}
	if a := os.Getenv("GREENLIGHT_LOCAL_ADDR"); a != "" {
		addr["production"] = a
	}
	var envs []*greenlight.Environment
	for _, name := range []string{"staging", "production"} {
		t, err := local.New(name, local.WithAddr(addr[name]))
		if err != nil {
			return fail("%v; set GREENLIGHT_LOCAL_ADDR to another address, such as 127.0.0.1:8181", err)
		}
		defer t.Close()
		envs = append(envs, &greenlight.Environment{Name: name, Target: t, URL: t.URL()})
	}
	b := service(root, reg.Repo("[[.Name]]"))
	b.Platform = runtime.GOOS + "/" + runtime.GOARCH // the local target runs it on this machine
	code := greenlight.MainArgs(args, os.Stderr, pipeline(root, signer, b),
		greenlight.WithName("[[.Name]]"),
		greenlight.WithSource(greenlight.Source{Commit: os.Getenv("GITHUB_SHA"), Author: os.Getenv("USER"), Trigger: "local"}),
		greenlight.WithEnvironments(envs...))
	if code != 0 || ctx.Err() != nil {
		return code
	}
	fmt.Fprintf(os.Stderr, "\n[[.Name]] is deployed on this machine: production listens on %s, staging on %s. Ctrl-C to stop.\n", envs[1].URL, envs[0].URL)
	<-ctx.Done()
	return 0
}

// runGitHub is the run the deploy workflow makes, through the Greenlight action.
func runGitHub(root string, args []string) int {
	signer, err := signerFromEnv()
	if err != nil {
		return fail("%v", err)
	}
	// Commits deploy only when green and newest; every deploy is a GitHub deployment (the
	// inventory and audit trail); the workflow's rollback/deploy/promote commands.
	gh, runURL, err := github.FromEnv()
	if err != nil {
		return fail("%v (the action passes the workflow's token; outside GitHub set GITHUB_TOKEN and GITHUB_REPOSITORY, or try --local)", err)
	}
	promURL := os.Getenv("PROMETHEUS_URL")
	if promURL == "" {
		return fail("PROMETHEUS_URL is not set: the production canary compares the versions' metrics in Prometheus; set the repository variable PROMETHEUS_URL (or try --local)")
	}
	kubeconfig, cleanup, err := kubeconfigFromEnv()
	defer cleanup()
	if err != nil {
		return fail("%v", err)
	}
	if _, err := kubernetes.RESTConfigFromEnv(kubeconfig); err != nil {
		return fail("no Kubernetes credentials (%v): set the KUBE_CONFIG secret to a kubeconfig, or log in with your cloud's OIDC step before Greenlight's (.greenlight/README.md)", oneLine(err))
	}
	strategies := map[string]kubernetes.Strategy{
		"staging":    kubernetes.BlueGreen{},
		"production": kubernetes.Canary{Traffic: replicas.New()},
	}
	var envs []*greenlight.Environment
	for _, name := range []string{"staging", "production"} {
		base, overlay := filepath.Join(root, "deploy", "base"), filepath.Join(root, "deploy", "overlays", name)
		for _, dir := range []string{base, overlay} {
			if _, err := os.Stat(dir); err != nil {
				return fail("no manifests: %s is missing; put the service's Deployment and Service in deploy/base and each environment's values in deploy/overlays/<environment> (greenlight init writes a start)", dir)
			}
		}
		m, err := kubernetes.LoadManifests(base, overlay)
		if err != nil {
			return fail("%s manifests: %v", name, oneLine(err))
		}
		t, err := kubernetes.New(name, m, kubernetes.WithStrategy(strategies[name]), kubernetes.WithImageName("[[.Name]]"), kubernetes.WithKubeconfig(kubeconfig))
		if err != nil {
			return fail("%s: %v", name, oneLine(err))
		}
		defer t.Close() // gives back the environment's lease when a canary is left for a later run
		// Every deploy is verified with the signer's key or identity, rollbacks included.
		env := &greenlight.Environment{Name: name, Target: t, Metrics: prometheus.New(promURL), Verifier: signer.Verifier()}
		envs = append(envs, env)
	}
	// Slack: one live message per release, and approvals for production, when
	// SLACK_BOT_TOKEN and SLACK_CHANNEL are set (one line says how otherwise).
	sl := notify.FromEnv(os.Stderr)
	prod := envs[1]
	if sl.Notifier != nil {
		// Production is gated where people can approve: a recorded approval for exactly the
		// digest before it takes all traffic (set RequireApproval without Slack to approve
		// through the bot only).
		prod.RequireApproval = true
		ap := slack.NewApprover(sl.Token, sl.Channel, gh)
		ap.Release, ap.AuthorEmail = sl.Notifier, slack.EventAuthorEmail()
		prod.Approver = ap
	}
	code := greenlight.MainArgs(args, os.Stderr,
		gh.Commands(signer.Verifier(), pipeline(root, signer, service(root, "[[.Image]]"))),
		sl.Option,
		greenlight.WithName("[[.Name]]"),
		greenlight.WithLedger(gh.Ledger(runURL, "production")),
		greenlight.WithDecisions(gh.Decisions("[[.Branch]]")),
		greenlight.WithEnvironments(envs...))
	sl.Flush()
	return code
}

// signerFromEnv signs with COSIGN_KEY (the path of cosign.key or its content, with
// COSIGN_PASSWORD) when it is set, else keyless with the workflow's identity.
func signerFromEnv() (greenlight.Signer, error) {
	if v := os.Getenv("COSIGN_KEY"); v != "" {
		key, err := sign.LoadKey(v, []byte(os.Getenv("COSIGN_PASSWORD")))
		if err != nil {
			return nil, fmt.Errorf("COSIGN_KEY: %w", err)
		}
		return sign.NewSigner(key)
	}
	k, err := sign.KeylessFromEnv()
	if err != nil {
		return nil, fmt.Errorf("no signing key: set the COSIGN_KEY secret (greenlight keygen), or sign keyless (%v)", err)
	}
	return k, nil
}

// kubeconfigFromEnv writes the KUBE_CONFIG secret (a kubeconfig's content, or its path) to a
// private file and returns its path; "" when it is unset, so that $KUBECONFIG or
// ~/.kube/config (what a cloud's login step writes) is used.
func kubeconfigFromEnv() (path string, cleanup func(), err error) {
	cleanup = func() {}
	v := os.Getenv("KUBE_CONFIG")
	if strings.TrimSpace(v) == "" {
		return "", cleanup, nil
	}
	if !strings.Contains(v, "\n") {
		if _, err := os.Stat(v); err == nil {
			return v, cleanup, nil
		}
	}
	f, err := os.CreateTemp("", "kubeconfig-*")
	if err != nil {
		return "", cleanup, err
	}
	cleanup = func() { os.Remove(f.Name()) }
	if _, err := f.WriteString(v); err != nil {
		f.Close()
		return "", cleanup, err
	}
	return f.Name(), cleanup, f.Close()
}

// serviceRoot is the service's repository: this directory's parent when run from .greenlight
// (as the action and go -C .greenlight run . run it), or this directory.
func serviceRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, dir := range []string{wd, filepath.Dir(wd)} {
		if exists(filepath.Join(dir, "go.mod")) && exists(filepath.Join(dir, ".greenlight", "pipeline.go")) {
			return dir, nil
		}
	}
	return "", errors.New("cannot find the service: run from its repository (go -C .greenlight run . --local) or from .greenlight")
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// fail prints one line naming what is wrong and how to fix it; the exit status is 2.
func fail(format string, a ...any) int {
	fmt.Fprintf(os.Stderr, "pipeline: "+format+"\n", a...)
	return 2
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

func cut(args []string, flag string) ([]string, bool) {
	var out []string
	found := false
	for _, a := range args {
		if a == flag || a == flag+"=true" {
			found = true
			continue
		}
		out = append(out, a)
	}
	return out, found
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}
`

const workflowTemplate = `# Deploys every commit of [[.Branch]] that the [[quote .CI]] workflow passed, with Greenlight
# (greenlight init wrote this; the pipeline is .greenlight/pipeline.go, its secrets are
# described in .greenlight/README.md). workflow_dispatch carries the commands that
# ` + "`greenlight rollback|deploy|promote`" + ` and the Slack bot send.
#
# The action decides whether the commit may be deployed before it checks any code out, so this
# workflow does not check out the code itself.
name: Deploy
on:
  workflow_run:
    workflows: [ [[quote .CI]] ]
    types: [completed]
    branches: [ [[quote .Branch]] ]
  workflow_dispatch:
    inputs:
      command:
        description: deploy, rollback, promote or abort; run releases the newest commit again (greenlight due --resume, after a freeze)
        required: true
        type: choice
        options: [deploy, rollback, promote, abort, run]
      environment:
        description: The environment (every command but run)
        required: false
        type: string
      ref:
        description: Digest (sha256:…) or commit (7 to 40 hex digits) for deploy and rollback
        required: false
        type: string
      requested_by:
        description: Who asked (the CLI or Slack fills this in)
        required: false
        type: string
      thread:
        description: The Slack release message a command continues (the bot fills this in)
        required: false
        type: string

# Only what the deploy uses (no actions: write: dispatching a command is done by the CLI or
# the Slack bot with their own token).
permissions:
  contents: read
  deployments: write
  statuses: write
  checks: read
  actions: read
  issues: write
  pull-requests: read
  id-token: write
  packages: write

# One group per repository for automatic runs and commands alike; Greenlight also holds each
# environment in GitHub while it moves it.
concurrency:
  group: greenlight-deploy-${{ github.repository }}
  cancel-in-progress: false

jobs:
  deploy:
    # Only a successful CI run of a push to this repository (not a fork's pull request), or a
    # command dispatched by someone with write access.
    # The action decides again in code before it checks anything out; this only saves a runner.
    if: >-
      (github.event_name == 'workflow_dispatch' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)) ||
      (github.event_name == 'workflow_run' && github.event.workflow_run.conclusion == 'success' &&
       github.event.workflow_run.event == 'push' &&
       github.event.workflow_run.head_repository.full_name == github.repository &&
       github.event.workflow_run.head_branch == github.event.repository.default_branch)
    runs-on: ubuntu-latest
    steps:
      # Kubernetes credentials, the better way: your cloud's OIDC login (no long-lived secret).
      # Uncomment your cloud's steps (they write the kubeconfig Greenlight then uses) and drop
      # KUBE_CONFIG below. AWS:
      #   - uses: aws-actions/configure-aws-credentials@v4
      #     with: {role-to-assume: "arn:aws:iam::123456789012:role/deploy", aws-region: eu-west-1}
      #   - run: aws eks update-kubeconfig --name my-cluster
      # Google Cloud:
      #   - uses: google-github-actions/auth@v2
      #     with: {workload_identity_provider: "projects/123/locations/global/workloadIdentityPools/github/providers/github", service_account: "deploy@my-project.iam.gserviceaccount.com"}
      #   - uses: google-github-actions/get-gke-credentials@v2
      #     with: {cluster_name: my-cluster, location: europe-west1}
      # Azure:
      #   - uses: azure/login@v2
      #     with: {client-id: "${{ vars.AZURE_CLIENT_ID }}", tenant-id: "${{ vars.AZURE_TENANT_ID }}", subscription-id: "${{ vars.AZURE_SUBSCRIPTION_ID }}"}
      #   - uses: azure/aks-set-context@v4
      #     with: {resource-group: my-group, cluster-name: my-cluster}
      - uses: greenlight-cd/greenlight@[[.Pin]]
        env:
          # Read by .greenlight/pipeline.go; each is described in .greenlight/README.md.
          COSIGN_KEY: ${{ secrets.COSIGN_KEY }}
          COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}
          KUBE_CONFIG: ${{ secrets.KUBE_CONFIG }}
          PROMETHEUS_URL: ${{ vars.PROMETHEUS_URL }}
          SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}
          SLACK_CHANNEL: ${{ vars.SLACK_CHANNEL }}
        # The command (deploy, rollback, promote, abort) and its environment, ref and requester
        # come from the workflow_dispatch event itself, validated by the action.
`

const readmeTemplate = `# The deployment pipeline of [[.Name]]

` + "`greenlight init`" + ` wrote this directory. ` + "`pipeline.go`" + ` is the logic: test, build
[[.Main]] into an image pushed to [[.Image]], sign it, deploy staging (blue/green), then a
canary in production (10 → 25 → 50 → 100 %, each step compared with the stable version) and
promote. It is its own Go module, so Greenlight's dependencies stay out of your service's go.mod.

## On your machine

    go -C .greenlight run . --local

Tests, builds, signs with a throwaway key and deploys staging and production as processes on
127.0.0.1, then prints where they listen: production on 127.0.0.1:8080 (another with
GREENLIGHT_LOCAL_ADDR=127.0.0.1:8181), staging on a free port; Ctrl-C stops them. No key, token, cluster or Slack.
The service must listen on $PORT and answer 200 on GET /healthz.

## On GitHub

.github/workflows/deploy.yml runs after the [[quote .CI]] workflow succeeds on a push to
[[.Branch]], and on the commands ` + "`greenlight rollback|deploy|promote`" + ` and the Slack bot
dispatch. It passes these, each read by pipeline.go under this one name:

| Name | Kind | What it is | Needed |
|---|---|---|---|
| COSIGN_KEY | secret | the signing key: the content of cosign.key from ` + "`greenlight keygen`" + ` (a path works too) | unless you sign keyless (then set SIGSTORE_ROOT_FILE and SIGSTORE_REKOR_PUBLIC_KEY) |
| COSIGN_PASSWORD | secret | cosign.key's password (empty if you made it without one) | with COSIGN_KEY |
| KUBE_CONFIG | secret | a kubeconfig for the cluster (its content) | unless your cloud's OIDC login step writes the kubeconfig (better: no long-lived secret) |
| PROMETHEUS_URL | variable | the Prometheus the canary reads the versions' metrics from | yes |
| SLACK_BOT_TOKEN | secret | the Slack app's bot token (xoxb-…): one live message per release, and Approve/Reject for production | no (without it, production waits for an approval recorded by the bot or ` + "`greenlight`" + `'s commands) |
| SLACK_CHANNEL | variable | the channel releases are posted in (#deploys or its ID) | with SLACK_BOT_TOKEN |

The workflow's own token (GITHUB_TOKEN) records deployments, checks that the commit is green
and pushes the image; nothing to set. Production is gated: a release holds there until an
approval for exactly its digest is recorded (docs/trust.md in Greenlight's repository). Kubernetes credentials come either from the KUBE_CONFIG
secret or, better, from your cloud's OIDC login step before Greenlight's: the workflow shows
the steps for AWS, Google Cloud and Azure in comments.

Each environment's manifests: ../deploy/base (the service's Deployment with image "[[.Name]]",
and its Service) merged with ../deploy/overlays/staging or ../deploy/overlays/production.

When something is missing the pipeline stops at once with one line naming it and how to
provide it (exit status 2), before anything is built.
`

const baseManifestTemplate = `# [[.Name]]'s manifests, shared by every environment. Greenlight puts the signed image's
# digest in place of the image "[[.Name]]"; each environment's values are in ../overlays.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: [[.Name]]
  labels:
    app: [[.Name]]
spec:
  replicas: 2
  selector:
    matchLabels:
      app: [[.Name]]
  template:
    metadata:
      labels:
        app: [[.Name]]
    spec:
      containers:
      - name: [[.Name]]
        image: [[.Name]]
        env:
        - name: PORT
          value: "8080"
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet:
            path: /healthz
            port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: [[.Name]]
spec:
  selector:
    app: [[.Name]]
  ports:
  - port: 80
    targetPort: 8080
`

const stagingManifestTemplate = `# Staging's values, merged into ../../base by kind and name.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: [[.Name]]
spec:
  replicas: 1
`

const productionManifestTemplate = `# Production's values, merged into ../../base by kind and name.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: [[.Name]]
spec:
  replicas: 4
`
