package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
)

// initRepo is `greenlight init`: in a repository with a Go service, write the pipeline as its
// own module in .greenlight (so the deployment's dependencies stay out of the service's go.mod)
// and the deploy workflow, then print the next steps.
func initRepo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("greenlight init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", ".", "the service's repository")
	mainPkg := fl.String("main", "", "the service's main package (default: the only one)")
	image := fl.String("image", "", "the image repository (default ghcr.io/OWNER/NAME from $GITHUB_REPOSITORY or the module path)")
	force := fl.Bool("force", false, "overwrite existing files")
	if fl.Parse(args) != nil {
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "greenlight init: "+format+"\n", a...)
		return 1
	}
	root, err := filepath.Abs(*dir)
	if err != nil {
		return fail("%v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fail("no go.mod in %s: run it at the root of the Go service's repository (or pass --dir)", root)
	}
	mains, modPath, err := mainPackages(ctx, root)
	if err != nil {
		return fail("%v", err)
	}
	if *mainPkg == "" {
		switch len(mains) {
		case 0:
			return fail("no main package in %s: Greenlight builds a Go service; pass --main ./cmd/NAME", root)
		case 1:
			*mainPkg = mains[0]
		default:
			return fail("several main packages (%s): choose one with --main", strings.Join(mains, ", "))
		}
	}
	name := filepath.Base(strings.TrimSuffix(*mainPkg, "/"))
	if name == "." || name == "" {
		name = filepath.Base(modPath)
	}
	if *image == "" {
		repo := os.Getenv("GITHUB_REPOSITORY")
		if repo == "" {
			parts := strings.Split(modPath, "/")
			if len(parts) >= 3 && parts[0] == "github.com" {
				repo = parts[1] + "/" + parts[2]
			} else {
				repo = "OWNER/" + name
			}
		}
		*image = "ghcr.io/" + strings.ToLower(repo)
	}
	data := struct{ Name, Main, Image, Module string }{name, *mainPkg, *image, "pipeline"}
	files := map[string]string{
		".greenlight/go.mod":           gomodTemplate,
		".greenlight/pipeline.go":      pipelineTemplate,
		".github/workflows/deploy.yml": workflowTemplate,
	}
	for _, rel := range []string{".greenlight/go.mod", ".greenlight/pipeline.go", ".github/workflows/deploy.yml"} {
		path := filepath.Join(root, rel)
		if _, err := os.Stat(path); err == nil && !*force {
			return fail("%s exists: keep it, or pass --force to overwrite", rel)
		}
		var b bytes.Buffer
		if err := template.Must(template.New(rel).Delims("[[", "]]").Parse(files[rel])).Execute(&b, data); err != nil {
			return fail("%v", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fail("%v", err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", rel)
	}
	if replace := os.Getenv("GREENLIGHT_DEV_MODULE"); replace != "" {
		// For Greenlight's own tests: use a local checkout instead of a published version.
		c := exec.CommandContext(ctx, "go", "mod", "edit", "-replace", "github.com/greenlight-cd/greenlight="+replace)
		c.Dir = filepath.Join(root, ".greenlight")
		c.Run()
	}
	tidy := exec.CommandContext(ctx, "go", "mod", "tidy")
	tidy.Dir = filepath.Join(root, ".greenlight")
	if out, err := tidy.CombinedOutput(); err != nil {
		fmt.Fprintf(stderr, "greenlight init: go mod tidy in .greenlight failed (%v); run it once you are online:\n%s\n", err, out)
	}
	fmt.Fprintf(stdout, nextSteps, data.Image)
	return 0
}

func mainPackages(ctx context.Context, root string) ([]string, string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-f", "{{.Name}} {{.ImportPath}} {{.Module.Path}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, "", fmt.Errorf("go list in %s failed: %v (does the service build?)", root, err)
	}
	var mains []string
	mod := ""
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		mod = f[2]
		if f[0] == "main" {
			rel := "." + strings.TrimPrefix(f[1], f[2])
			mains = append(mains, rel)
		}
	}
	return mains, mod, nil
}

const gomodTemplate = `// The deployment pipeline of [[.Name]]: a module of its own, so that its dependencies
// (Greenlight, Kubernetes) stay out of the service's go.mod.
module [[.Module]]

go 1.26.0

require github.com/greenlight-cd/greenlight v0.1.0
`

const pipelineTemplate = `// The deployment pipeline of [[.Name]], run by the Greenlight action on every green commit
// of main (.github/workflows/deploy.yml). The logic is here; the values of each environment
// are in deploy/overlays/<environment> and in the workflow's secrets.
package main

import (
	"os"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func pipeline(signer greenlight.Signer) func(p *greenlight.P) {
	return func(p *greenlight.P) {
		p.Test(greenlight.GoTest{Dir: ".."})
		img := p.Build(build.Go{Dir: "..", Main: "[[.Main]]", Repo: "[[.Image]]", Tags: []string{os.Getenv("GITHUB_SHA")}})
		signed := p.Sign(img, signer)
		p.DeployStaging(signed, p.Env("staging"))
		prod := p.Env("production")
		p.Canary(signed, prod, greenlight.CanaryPlan{Steps: []int{10, 25, 50, 100}})
		p.Promote(signed, prod)
	}
}

func main() {
	// Sign with the COSIGN_KEY secret if there is one, else keyless with the workflow's identity.
	var signer greenlight.Signer
	if pem := os.Getenv("COSIGN_KEY"); pem != "" {
		key, err := sign.ParsePrivateKey([]byte(pem), []byte(os.Getenv("COSIGN_PASSWORD")))
		if err != nil {
			panic("COSIGN_KEY: " + err.Error())
		}
		if signer, err = sign.NewSigner(key); err != nil {
			panic(err)
		}
	} else {
		k, err := sign.KeylessFromEnv()
		if err != nil {
			panic(err.Error() + " (or set the COSIGN_KEY secret from greenlight keygen)")
		}
		signer = k
	}
	// GitHub: commits deploy only when green and newest; every deploy is a GitHub deployment
	// (the inventory and audit trail); the workflow's rollback/deploy/promote commands.
	gh, runURL, err := github.FromEnv()
	if err != nil {
		panic(err)
	}
	env := func(name string, s kubernetes.Strategy) *greenlight.Environment {
		m, err := kubernetes.LoadManifests("../deploy/base", "../deploy/overlays/"+name)
		if err != nil {
			panic(err)
		}
		t, err := kubernetes.New(name, m, kubernetes.WithStrategy(s), kubernetes.WithImageName("[[.Name]]"))
		if err != nil {
			panic(err)
		}
		return &greenlight.Environment{Name: name, Target: t, Metrics: prometheus.New(os.Getenv("PROMETHEUS_URL"))}
	}
	greenlight.Main(gh.Commands(signer.Verifier(), pipeline(signer)),
		greenlight.WithName("[[.Name]]"),
		greenlight.WithLedger(gh.Ledger(runURL, "production")),
		greenlight.WithEnvironments(
			env("staging", kubernetes.BlueGreen{}),
			env("production", kubernetes.Canary{Traffic: replicas.New()}),
		))
}
`

const workflowTemplate = `# Deploys every green commit of main with Greenlight; see .greenlight/pipeline.go.
name: Deploy
on:
  workflow_run:
    workflows: [CI]
    types: [completed]
    branches: [main]
  workflow_dispatch:
    inputs:
      command:
        description: deploy, rollback, promote or abort
        required: true
        type: choice
        options: [deploy, rollback, promote, abort]
      environment:
        description: The environment
        required: true
        type: string
      ref:
        description: Commit, ref or digest (deploy, rollback)
        required: false
        type: string
      requested_by:
        description: Who asked
        required: false
        type: string

permissions:
  contents: read
  deployments: write
  statuses: read
  checks: read
  actions: write
  packages: write
  id-token: write

jobs:
  deploy:
    if: github.event_name == 'workflow_dispatch' || github.event.workflow_run.conclusion == 'success'
    runs-on: ubuntu-latest
    concurrency:
      group: deploy-${{ inputs.environment || 'main' }}
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.workflow_run.head_sha || github.sha }}
      - uses: greenlight-cd/greenlight@v1
        env:
          COSIGN_KEY: ${{ secrets.COSIGN_KEY }}
          COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}
          KUBECONFIG_DATA: ${{ secrets.KUBECONFIG }}
          PROMETHEUS_URL: ${{ vars.PROMETHEUS_URL }}
        with:
          command: ${{ inputs.command || 'run' }}
          environment: ${{ inputs.environment }}
          ref: ${{ inputs.ref }}
`

const nextSteps = `
Next steps:
  1. Signing: keyless with the workflow's identity (id-token: write; SIGSTORE_ROOT_FILE and
     SIGSTORE_REKOR_PUBLIC_KEY for the trust roots), or greenlight keygen and the COSIGN_KEY secret.
  2. Images go to %s: the workflow's token pushes there (packages: write).
  3. Manifests: deploy/base (your Deployment with image "<name>", its Service) and
     deploy/overlays/staging, deploy/overlays/production for each environment's values.
  4. Cluster access: a KUBECONFIG secret; Prometheus for canary analysis: the PROMETHEUS_URL variable.
  5. GitHub environments "staging" and "production", with reviewers where approvals are required.
  6. Slack: see README, "Slack" (approvals and commands).
`
