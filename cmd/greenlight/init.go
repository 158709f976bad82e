package main

import (
	"bytes"
	"context"
	"embed"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"golang.org/x/mod/module"

	"go.yaml.in/yaml/v3"
)

// initRepo is `greenlight init`: in a repository with a Go service, write the pipeline as its
// own module in .greenlight (so the deployment's dependencies stay out of the service's go.mod),
// starter manifests and the deploy workflow, then print the next steps.
func initRepo(ctx context.Context, e *cliEnv, fl *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	dir := fl.String("dir", ".", "the service's repository")
	mainPkg := fl.String("main", "", "the service's main package (default: the only one)")
	image := fl.String("image", "", "the image repository (default ghcr.io/OWNER/NAME from $GITHUB_REPOSITORY or the module path)")
	ciWorkflow := fl.String("ci-workflow", "", "the name of the CI workflow whose success on the default branch triggers a deploy (default: the one workflow in .github/workflows that runs on a push to the default branch)")
	branch := fl.String("branch", "", "the default branch (default: origin's HEAD, else GitHub's answer for origin, else the only branch)")
	force := fl.Bool("force", false, "overwrite files init wrote before")
	if code, ok := parse(fl, args, stdout); !ok {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "greenlight init: unexpected argument %q (the repository is --dir)\n", fl.Arg(0))
		return 2
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "greenlight init: "+format+"\n", a...)
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
		return usageErr("no go.mod in %s: run it at the root of the Go service's repository (or pass --dir)", root)
	}
	bv := e.build()
	if !bv.Release() && bv.Source == "" {
		return usageErr("this greenlight is a development build (%s) and the checkout it was built from is unknown: install a release (go install %s/cmd/greenlight@latest), or set GREENLIGHT_DEV_MODULE to the checkout", bv.Version, modulePath)
	}
	branchFrom := "--branch"
	if *branch == "" {
		var err error
		if *branch, branchFrom, err = defaultBranch(ctx, root); err != nil {
			return usageErr("%v", err)
		}
	}
	ci, err := ciWorkflowName(filepath.Join(root, ".github", "workflows"), *ciWorkflow, *branch)
	if err != nil {
		return usageErr("%v", err)
	}
	mains, modPath, err := mainPackages(ctx, root)
	if err != nil {
		return fail("%v", err)
	}
	if *mainPkg == "" {
		switch len(mains) {
		case 0:
			return usageErr("no main package in %s: Greenlight builds a Go service; pass --main ./cmd/NAME", root)
		case 1:
			*mainPkg = mains[0]
		default:
			return usageErr("several main packages (%s): choose one with --main", strings.Join(mains, ", "))
		}
	}
	name := filepath.Base(strings.TrimSuffix(*mainPkg, "/"))
	if name == "." || name == "" {
		name = filepath.Base(modPath)
	}
	name = strings.ToLower(name)
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
	imageName := (*image)[strings.LastIndex(*image, "/")+1:]
	found := findManifests(root, imageName)
	fit := fitRun(root, *mainPkg)
	data := initData{Name: name, Main: *mainPkg, Image: *image, ImageName: imageName, CI: ci, Branch: *branch,
		Manifests: found.Kind, ManifestsAt: found.At, Files: fit.Files, LocalOption: fit.LocalOption()}
	if found.Image != "" {
		data.ImageName = found.Image
	}
	if data.Manifests == "" {
		// The pipeline reads the layout init writes; what to do to get there is printed below.
		data.Manifests, data.ManifestsAt = "plain", "deploy"
	}
	var devTime time.Time
	if bv.Release() {
		data.Require, data.Pin = bv.Version, bv.Version
	} else {
		// A development build requires the version of its commit the module proxy serves (so
		// that the pushed go.mod compiles on a runner) and uses the checkout only through the
		// git-ignored .greenlight/go.work, here.
		if bv.Commit == "" {
			return usageErr("this greenlight is a development build from %s, which is not a git checkout with a commit: install a release (go install %s/cmd/greenlight@latest), or build it in a clone of %s", bv.Source, modulePath, modulePath)
		}
		v, t, err := commitVersion(ctx, bv.Source, bv.Commit)
		if err != nil {
			return fail("the module version of commit %s of %s: %v", bv.Commit, bv.Source, err)
		}
		data.Require, data.Work, data.Pin, devTime = v, bv.Source, bv.Commit, t
		if !module.IsPseudoVersion(v) {
			data.Pin = v // the commit is a release's tag
		}
	}

	files := initFiles[:4]
	if found.Start {
		files = initFiles // no manifests yet: a start
	}
	if !*force {
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(root, f.rel)); err == nil {
				return usageErr("%s exists: keep it, or pass --force to overwrite what init writes", f.rel)
			}
		}
	}
	funcs := template.FuncMap{"quote": strconv.Quote}
	rendered := make([][]byte, len(files))
	for i, f := range files {
		var b bytes.Buffer
		t, err := template.New(f.tmpl).Delims("[[", "]]").Funcs(funcs).ParseFS(templates, "templates/"+f.tmpl)
		if err == nil {
			err = t.Execute(&b, data)
		}
		if err == nil && strings.HasSuffix(f.rel, ".go") {
			var src []byte
			if src, err = format.Source(b.Bytes()); err == nil {
				b.Reset()
				b.Write(src)
			}
		}
		if err != nil {
			return fail("%s: %v", f.rel, err)
		}
		rendered[i] = b.Bytes()
	}
	for i, f := range files {
		path := filepath.Join(root, f.rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fail("%v", err)
		}
		if err := os.WriteFile(path, rendered[i], 0o644); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", f.rel)
	}
	pdir := filepath.Join(root, ".greenlight")
	if err := ignoreWorkspace(root); err != nil {
		return fail("%v", err)
	}
	// go mod tidy and go list run as on a runner: in module mode, with no go.work.
	env := append(os.Environ(), "GOWORK=off")
	if data.Work != "" {
		work := fmt.Sprintf("// The checkout this development build of greenlight was built from, used on this machine\n// only: git ignores this file, and a runner compiles the pipeline with the version go.mod requires.\ngo 1.26.0\n\nuse (\n\t.\n\t%s\n)\n", data.Work)
		if err := os.WriteFile(filepath.Join(pdir, "go.work"), []byte(work), 0o644); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "wrote .greenlight/go.work (git-ignored: this machine's checkout %s)\n", data.Work)
		// The checkout's go.sum has the sums of every module Greenlight needs: the pipeline
		// module resolves offline from the module cache that built this binary. The commit
		// itself comes from a module proxy directory made from the checkout, as the proxy
		// serves it once it is published.
		if sum, err := os.ReadFile(filepath.Join(data.Work, "go.sum")); err == nil {
			os.WriteFile(filepath.Join(pdir, "go.sum"), sum, 0o644)
		}
		proxy, err := os.MkdirTemp("", "greenlight-proxy-")
		if err != nil {
			return fail("%v", err)
		}
		defer os.RemoveAll(proxy)
		if err := writeProxyVersion(ctx, proxy, data.Work, modulePath, data.Require, bv.Commit, devTime); err != nil {
			return fail("making %s@%s from the checkout: %v", modulePath, data.Require, err)
		}
		upstream := "https://proxy.golang.org,direct"
		if out, err := exec.CommandContext(ctx, "go", "env", "GOPROXY").Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
			upstream = string(bytes.TrimSpace(out))
		}
		nosum := modulePath
		if v := os.Getenv("GONOSUMDB"); v != "" {
			nosum = v + "," + modulePath
		}
		env = append(env, "GOPROXY=file://"+filepath.ToSlash(proxy)+","+upstream, "GONOSUMDB="+nosum)
	}
	// tidy -e: a module needed only by the tests of a dependency must not stop a pipeline that
	// builds; go list -deps then checks that every package the pipeline imports resolves.
	done := e.progress("resolving the pipeline's modules (go mod tidy in .greenlight)")
	var out []byte
	for _, args := range [][]string{{"mod", "tidy", "-e"}, {"list", "-deps", "."}} {
		c := exec.CommandContext(ctx, "go", args...)
		c.Dir, c.Env = pdir, env
		if out, err = c.CombinedOutput(); err != nil {
			break
		}
	}
	done(err)
	if err != nil {
		// tidy -e drops what it cannot resolve: put back the go.mod that says what to require.
		os.WriteFile(filepath.Join(pdir, "go.mod"), rendered[0], 0o644)
		return fail("resolving the pipeline's modules in .greenlight failed: %v\n%s\nfix that (go needs the module proxy, or GOFLAGS=-mod=mod with the modules in its cache), then run `go mod tidy` in .greenlight", err, bytes.TrimSpace(out))
	}
	fmt.Fprintf(stdout, "\nThe deploy workflow runs after %q succeeds on a push to %s (the default branch, from %s), with greenlight-cd/greenlight@%s.\n", ci, *branch, branchFrom, data.Pin)
	switch {
	case found.Start:
		fmt.Fprintf(stdout, "Manifests: none found, so init wrote a start in deploy/base and deploy/overlays/<environment>.\n")
	case found.Kind == "kustomize":
		fmt.Fprintf(stdout, "Manifests: the pipeline deploys the kustomize overlays %s/staging and %s/production (kustomize.Load), the container whose image is %q.\n", found.At, found.At, imageName)
	case found.Kind == "plain":
		fmt.Fprintf(stdout, "Manifests: the pipeline deploys %s/base merged with %s/overlays/<environment>.\n", found.At, found.At)
	default:
		fmt.Fprintf(stdout, "\nManifests: TO DO before the first run on GitHub (a local run needs none). The pipeline reads deploy/base merged with deploy/overlays/<environment>, and:\n")
		for _, t := range found.Todo {
			fmt.Fprintf(stdout, "  - %s\n", t)
		}
	}
	for _, n := range fit.notes(*mainPkg) {
		fmt.Fprintf(stdout, "%s.\n", n)
	}
	if data.Work != "" {
		fmt.Fprintf(stdout, `
This greenlight is a development build of commit %s:
  .greenlight/go.mod requires %s %s, the version the module proxy serves for that commit,
  .greenlight/go.work uses the checkout %s here (git ignores it),
  and the workflow pins the action to %s.
`, bv.Commit, modulePath, data.Require, data.Work, data.Pin)
		if bv.Modified {
			fmt.Fprintf(stdout, "The checkout has uncommitted changes: runs here use them, a runner gets commit %s without them.\n", short(bv.Commit))
		}
		if remotes, err := gitOut(ctx, data.Work, "branch", "-r", "--contains", bv.Commit); err != nil || remotes == "" {
			fmt.Fprintf(stdout, "Commit %s is on no remote branch of the checkout: push it to %s before you push this repository, or the runner cannot download it.\n", short(bv.Commit), modulePath)
		}
	}
	fmt.Fprintf(stdout, nextSteps, data.Image)
	return 0
}

// The files `greenlight init` writes are the templates in templates/, with the delimiters [[ ]]
// so that the workflow's ${{ }} stays.
//
//go:embed templates/*.tmpl
var templates embed.FS

// initFiles are the files init writes (rel, under the service's repository) and their templates:
// the pipeline module and the workflow, then the starter manifests, written only when the
// service has no deploy/.
var initFiles = []struct{ rel, tmpl string }{
	{".greenlight/go.mod", "go.mod.tmpl"},
	{".greenlight/pipeline.go", "pipeline.go.tmpl"},
	{".greenlight/README.md", "README.md.tmpl"},
	{".github/workflows/deploy.yml", "deploy.yml.tmpl"},
	{"deploy/base/app.yaml", "base.yaml.tmpl"},
	{"deploy/overlays/staging/values.yaml", "staging.yaml.tmpl"},
	{"deploy/overlays/production/values.yaml", "production.yaml.tmpl"},
}

// initData fills the templates.
type initData struct {
	Name, Main, Image string
	ImageName         string // the image's name in the manifests (its last path element)
	CI, Branch        string
	// Manifests is how the pipeline reads them: "plain" (ManifestsAt/base merged with
	// ManifestsAt/overlays/<env>) or "kustomize" (an overlay ManifestsAt/<env> per environment).
	Manifests, ManifestsAt string
	Require                string // the module version required: a release, or the pseudo-version of a development build's commit
	Work                   string // a development build's checkout, which the git-ignored .greenlight/go.work uses
	Pin                    string // the action's version: a tag, or a commit for a development build
	// Files are the folders the service reads at run time (build.Go.Files); LocalOption is how
	// the local target gives it its port ("" for $PORT).
	Files       []string
	LocalOption string
}

// ciWorkflowName finds the CI workflow whose success triggers a deploy: the one named want, or
// else the only workflow in dir that runs on a push to branch (a release workflow on tags is
// not one). GitHub's workflow_run names workflows by their name (or their path when they have
// none).
func ciWorkflowName(dir, want, branch string) (string, error) {
	entries, _ := os.ReadDir(dir)
	var all, onPush []wf
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) || n == "deploy.yml" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return "", err
		}
		var doc struct {
			Name string    `yaml:"name"`
			On   yaml.Node `yaml:"on"`
		}
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return "", fmt.Errorf(".github/workflows/%s: %v", n, err)
		}
		w := wf{file: n, name: doc.Name}
		if w.name == "" {
			w.name = ".github/workflows/" + n
		}
		all = append(all, w)
		if pushesTo(&doc.On, branch) {
			onPush = append(onPush, w)
		}
	}
	if want != "" {
		for _, w := range all {
			if w.name == want || w.file == want {
				return w.name, nil
			}
		}
		return "", fmt.Errorf("--ci-workflow %q: no workflow of that name in .github/workflows (there: %s)", want, listWorkflows(all))
	}
	switch len(onPush) {
	case 1:
		return onPush[0].name, nil
	case 0:
		return "", fmt.Errorf("no CI workflow in .github/workflows runs on a push to %s: Greenlight deploys the commits your CI passed; add one (it runs your tests on push), or name it with --ci-workflow NAME", branch)
	}
	names := make([]string, len(onPush))
	for i, w := range onPush {
		names[i] = strconv.Quote(w.name)
	}
	return "", fmt.Errorf("several workflows run on a push to %s (%s): name the one whose success means deployable with --ci-workflow NAME", branch, strings.Join(names, ", "))
}

// wf is a workflow file and its name.
type wf struct{ file, name string }

func listWorkflows(ws []wf) string {
	if len(ws) == 0 {
		return "none"
	}
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = strconv.Quote(w.name)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

func mainPackages(ctx context.Context, root string) ([]string, string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-f", "{{.Name}} {{.ImportPath}} {{.Module.Path}}", "./...")
	cmd.Dir = root
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		return nil, "", fmt.Errorf("go list in %s failed: %v (does the service build?) %s", root, err, bytes.TrimSpace(errb.Bytes()))
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

const nextSteps = `
Next steps:
  1. Try it here, with no accounts: go -C .greenlight run . --local
     (tests, builds, signs with a throwaway key, deploys staging and production on this machine)
  2. Manifests: deploy/base and deploy/overlays/<environment> (init wrote a start if there were none).
  3. Secrets and variables for GitHub: see .greenlight/README.md (signing key, cluster, Prometheus).
  4. Images go to %s: the workflow's token pushes there (packages: write).
  5. Commit .greenlight, deploy and .github/workflows/deploy.yml; the next green push deploys.
`
