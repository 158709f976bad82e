package main

// How `greenlight init` fits the repository it runs in: its default branch (from git and from
// GitHub), the workflows that run on a push to it, and the manifests it already has.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// defaultBranch is the repository's default branch and where it was read: origin's HEAD (what
// git recorded when it cloned), else GitHub's answer for the repository of origin (or
// $GITHUB_REPOSITORY), else the only branch of a repository that has one. Never assumed.
func defaultBranch(ctx context.Context, root string) (branch, from string, err error) {
	git := func(args ...string) string {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	if b := strings.TrimPrefix(git("symbolic-ref", "--short", "refs/remotes/origin/HEAD"), "origin/"); b != "" {
		return b, "origin/HEAD", nil
	}
	repo := os.Getenv("GITHUB_REPOSITORY")
	if repo == "" {
		repo = githubRepo(git("remote", "get-url", "origin"))
	}
	var ghErr error
	if repo != "" {
		c, err := cliClient(repo, os.Getenv("GITHUB_API_URL"))
		if err == nil {
			var b string
			if b, err = branchOrDefault(ctx, c, ""); err == nil {
				return b, "GitHub, " + repo, nil
			}
		}
		ghErr = err
	}
	if branches := strings.Fields(git("for-each-ref", "--format=%(refname:short)", "refs/heads")); len(branches) == 1 {
		return branches[0], "the repository's only branch", nil
	}
	why := "origin has no HEAD (git remote set-head origin --auto records it)"
	if ghErr != nil {
		why += fmt.Sprintf("; asking GitHub: %v", oneLineErr(ghErr))
	}
	if git("rev-parse", "--git-dir") == "" {
		why = "this is not a git repository"
	}
	return "", "", fmt.Errorf("cannot tell the default branch: %s; name it with --branch", why)
}

// githubRepo is owner/name of a GitHub remote URL (https or ssh), or "".
func githubRepo(url string) string {
	m := regexp.MustCompile(`github\.com[:/]([^/]+)/([^/]+?)(\.git)?/?$`).FindStringSubmatch(url)
	if m == nil {
		return ""
	}
	return m[1] + "/" + m[2]
}

func oneLineErr(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// pushesTo says whether a workflow's on: runs it on a push to branch, by GitHub's rules for
// on.push (docs.github.com, "Workflow syntax for GitHub Actions", on.push.<branches|tags>): with
// no branch and no tag filter it runs on every push; with only tags or tags-ignore it runs on no
// branch; branches runs it where a pattern matches (a later !pattern excludes), branches-ignore
// where none does.
func pushesTo(on *yaml.Node, branch string) bool {
	push := (*yaml.Node)(nil)
	switch on.Kind {
	case yaml.ScalarNode:
		return on.Value == "push"
	case yaml.SequenceNode:
		for _, c := range on.Content {
			if c.Value == "push" {
				return true
			}
		}
		return false
	case yaml.MappingNode:
		for i := 0; i+1 < len(on.Content); i += 2 {
			if on.Content[i].Value == "push" {
				push = on.Content[i+1]
			}
		}
	}
	if push == nil {
		return false
	}
	if push.Kind != yaml.MappingNode {
		return true // push: (null) or push: {}
	}
	filters := map[string][]string{}
	for i := 0; i+1 < len(push.Content); i += 2 {
		k, v := push.Content[i].Value, push.Content[i+1]
		var pats []string
		if v.Kind == yaml.SequenceNode {
			for _, c := range v.Content {
				pats = append(pats, c.Value)
			}
		} else if v.Kind == yaml.ScalarNode {
			pats = []string{v.Value}
		}
		filters[k] = pats
	}
	br, hasBr := filters["branches"]
	ign, hasIgn := filters["branches-ignore"]
	_, hasTags := filters["tags"]
	_, hasTagsIgn := filters["tags-ignore"]
	switch {
	case hasBr:
		in := false
		for _, p := range br {
			if neg := strings.HasPrefix(p, "!"); neg {
				if globMatch(p[1:], branch) {
					in = false
				}
			} else if globMatch(p, branch) {
				in = true
			}
		}
		return in
	case hasIgn:
		for _, p := range ign {
			if globMatch(p, branch) {
				return false
			}
		}
		return true
	case hasTags || hasTagsIgn:
		return false
	}
	return true
}

// globMatch matches a branch against a filter pattern of GitHub's cheat sheet: * (any but /),
// ** (any), ? and + (zero-or-one and one-or-more of the character before), [...] ranges, and \
// escapes.
func globMatch(pattern, name string) bool {
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			re.WriteString(".*")
			i++
		case c == '*':
			re.WriteString("[^/]*")
		case c == '?' || c == '+':
			re.WriteByte(c)
		case c == '[':
			j := strings.IndexByte(pattern[i:], ']')
			if j < 0 {
				re.WriteString(`\[`)
				continue
			}
			re.WriteString(pattern[i : i+j+1])
			i += j
		case c == '\\' && i+1 < len(pattern):
			re.WriteString(regexp.QuoteMeta(string(pattern[i+1])))
			i++
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString("$")
	ok, err := regexp.MatchString(re.String(), name)
	return err == nil && ok
}

// manifests is what init found of the service's Kubernetes manifests.
type manifests struct {
	// Kind is "plain" (At/base merged with At/overlays/<env>, the layout init writes) or
	// "kustomize" (a kustomize overlay At/<env> per environment); "" when the pipeline cannot
	// use what is there as it is.
	Kind, At string
	// Image is the image the Deployment's container names (no tag), where Greenlight puts the
	// signed digest; "" when unknown.
	Image string
	// Start is true when the repository has no manifests at all: init writes a start.
	Start bool
	// Todo says exactly what to do when Kind is "": what was found and how to make it usable.
	Todo []string
}

// pipelineEnvs are the environments the generated pipeline deploys.
var pipelineEnvs = []string{"staging", "production"}

// findManifests looks for the service's manifests where repositories keep them: Greenlight's
// layout (deploy/base and deploy/overlays), kustomize overlays per environment (such as
// deploy/overlays/<env> over deploy/bases/*), Helm charts (Chart.yaml) and plain manifests
// (YAML with a Deployment). image is the service's image name (its last path element), used
// to tell its Deployment from the others.
func findManifests(root, image string) manifests {
	var overlayDirs, charts, plain, kustomizations []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			n := d.Name()
			if rel != "." && (strings.HasPrefix(n, ".") || n == "vendor" || n == "node_modules" || n == "testdata") {
				return filepath.SkipDir
			}
			if n == "overlays" {
				overlayDirs = append(overlayDirs, rel)
			}
			return nil
		}
		switch n := d.Name(); {
		case n == "Chart.yaml":
			charts = append(charts, filepath.Dir(rel))
		case isKustomization(n):
			kustomizations = append(kustomizations, filepath.Dir(rel))
		case strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml"):
			if b, err := os.ReadFile(path); err == nil && regexp.MustCompile(`(?m)^kind:\s*Deployment\s*$`).Match(b) &&
				!strings.Contains(filepath.ToSlash(rel), "/templates/") {
				plain = append(plain, rel)
			}
		}
		return nil
	})
	sort.Strings(overlayDirs)
	var todo []string
	for _, o := range overlayDirs {
		dir := filepath.Dir(o)
		have := subdirs(filepath.Join(root, o))
		missing := missingEnvs(have)
		kust := len(have) > 0 && hasKustomization(filepath.Join(root, o, have[0]))
		base := filepath.Join(root, dir, "base")
		switch {
		case len(missing) > 0:
			todo = append(todo, fmt.Sprintf("%s has overlays %s but the pipeline deploys %s: add %s (or rename the environments in .greenlight/pipeline.go)",
				filepath.ToSlash(o), strings.Join(have, ", "), strings.Join(pipelineEnvs, " and "), strings.Join(prefix(filepath.ToSlash(o)+"/", missing), ", ")))
		case kust:
			deps := map[string][]deployment{}
			for _, env := range pipelineEnvs {
				deps[env] = deploymentsOf(root, filepath.Join(root, o, env), map[string]bool{})
			}
			if len(deps["staging"]) == 1 && len(deps["production"]) == 1 {
				return manifests{Kind: "kustomize", At: filepath.ToSlash(o), Image: deps["staging"][0].repo}
			}
			var mine []deployment
			var all []string
			for _, d := range deps["staging"] {
				all = append(all, d.name+" in "+d.dir)
				if d.image == image {
					mine = append(mine, d)
				}
			}
			t := fmt.Sprintf("%s/staging renders %d Deployments (%s), and Greenlight deploys one service per pipeline", filepath.ToSlash(o), len(all), strings.Join(all, ", "))
			if len(mine) == 1 {
				t += fmt.Sprintf(": make a kustomize overlay per environment with only %s's Deployment (such as deploy/greenlight/<env>/kustomization.yaml with resources: [../../../%s] and the environment's namespace), then point kustomize.Load in .greenlight/pipeline.go at deploy/greenlight", image, mine[0].dir)
			} else {
				t += ": make a kustomize overlay per environment that renders only this service's Deployment and Service, and point .greenlight/pipeline.go's kustomize.Load at it"
			}
			todo = append(todo, t)
		case exists(base) && !hasKustomization(base):
			m := manifests{Kind: "plain", At: filepath.ToSlash(dir)}
			files, _ := filepath.Glob(filepath.Join(base, "*.y*ml"))
			for _, f := range files {
				if ds := deploymentsIn(root, f); len(ds) == 1 {
					m.Image = ds[0].repo
				}
			}
			return m
		default:
			todo = append(todo, fmt.Sprintf("%s has overlays but no %s/base: put the service's Deployment and Service in %s/base", filepath.ToSlash(o), filepath.ToSlash(dir), filepath.ToSlash(dir)))
		}
	}
	for _, c := range charts {
		todo = append(todo, fmt.Sprintf("%s is a Helm chart: Greenlight deploys manifests, not Helm releases; render it into deploy/base (helm template %s %s > deploy/base/app.yaml) and put each environment's values in deploy/overlays/staging and deploy/overlays/production", filepath.ToSlash(c), image, filepath.ToSlash(c)))
	}
	if len(todo) == 0 && len(plain) > 0 {
		dirs := map[string]bool{}
		for _, p := range plain {
			dirs[filepath.ToSlash(filepath.Dir(p))] = true
		}
		var ds []string
		for d := range dirs {
			ds = append(ds, d)
		}
		sort.Strings(ds)
		todo = append(todo, fmt.Sprintf("Kubernetes manifests with a Deployment are in %s: move the service's Deployment and Service to deploy/base and put each environment's values in deploy/overlays/staging and deploy/overlays/production", strings.Join(ds, ", ")))
	}
	if len(todo) == 0 && len(kustomizations) > 0 {
		todo = append(todo, fmt.Sprintf("kustomize folders %s have no overlay per environment: add deploy/overlays/staging and deploy/overlays/production, each a kustomization with the service's base in resources", strings.Join(kustomizations, ", ")))
	}
	if len(todo) == 0 && !exists(filepath.Join(root, "deploy")) {
		return manifests{Kind: "plain", At: "deploy", Start: true}
	}
	if len(todo) == 0 {
		todo = append(todo, "deploy/ has no manifests Greenlight can read: put the service's Deployment and Service in deploy/base and each environment's values in deploy/overlays/staging and deploy/overlays/production")
	}
	return manifests{Todo: todo}
}

func isKustomization(name string) bool {
	return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization"
}

func hasKustomization(dir string) bool {
	for _, n := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		if exists(filepath.Join(dir, n)) {
			return true
		}
	}
	return false
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func subdirs(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

func missingEnvs(have []string) []string {
	var missing []string
	for _, env := range pipelineEnvs {
		found := false
		for _, h := range have {
			found = found || h == env
		}
		if !found {
			missing = append(missing, env)
		}
	}
	return missing
}

func prefix(p string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p + n
	}
	return out
}

// deployment is a Deployment of the manifests: its name, the folder of its file (relative to
// the repository), its first container's image repository (no tag) and that repository's
// last element.
type deployment struct{ name, dir, repo, image string }

// deploymentsOf lists the Deployments a kustomization renders, following its resources
// (files, and folders with their own kustomization). It reads only what the kustomization
// lists; generators and patches do not add Deployments.
func deploymentsOf(root, dir string, seen map[string]bool) []deployment {
	if seen[dir] {
		return nil
	}
	seen[dir] = true
	var k struct {
		Resources []string `yaml:"resources"`
		Bases     []string `yaml:"bases"`
	}
	for _, n := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
			yaml.Unmarshal(b, &k)
			break
		}
	}
	var out []deployment
	for _, r := range append(k.Resources, k.Bases...) {
		p := filepath.Join(dir, r)
		st, err := os.Stat(p)
		if err != nil {
			continue // a remote base: not read here
		}
		if st.IsDir() {
			out = append(out, deploymentsOf(root, p, seen)...)
			continue
		}
		out = append(out, deploymentsIn(root, p)...)
	}
	return out
}

// deploymentsIn lists the Deployments of a YAML file.
func deploymentsIn(root, path string) []deployment {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []deployment
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	for {
		var doc struct {
			Kind     string `yaml:"kind"`
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
			Spec struct {
				Template struct {
					Spec struct {
						Containers []struct {
							Image string `yaml:"image"`
						} `yaml:"containers"`
					} `yaml:"spec"`
				} `yaml:"template"`
			} `yaml:"spec"`
		}
		if err := dec.Decode(&doc); err != nil {
			break
		}
		if doc.Kind != "Deployment" {
			continue
		}
		d := deployment{name: doc.Metadata.Name}
		if cs := doc.Spec.Template.Spec.Containers; len(cs) > 0 {
			d.repo = cs[0].Image
			if i := strings.LastIndexAny(d.repo, ":@"); i > strings.LastIndex(d.repo, "/") {
				d.repo = d.repo[:i]
			}
			d.image = d.repo[strings.LastIndex(d.repo, "/")+1:]
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		d.dir = filepath.ToSlash(rel)
		out = append(out, d)
	}
	return out
}
