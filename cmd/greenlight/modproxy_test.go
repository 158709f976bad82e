package main

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// What a runner does with the repository init prepared, offline: the committed files only (no
// go.work, which git ignores, and no Greenlight checkout anywhere the build can see), an empty
// module cache, and modules from a module proxy alone (GOPROXY=file://…), the default
// -mod=readonly so that go.sum must be complete. The proxy holds Greenlight at the version
// go.mod requires, made from the checkout's commit with golang.org/x/mod/zip as the module
// proxy makes it, and every other module of the pipeline's module graph, copied from the
// local module cache. The pipeline compiles, prints its usage and runs locally.
func TestGeneratedPipelineBuildsFromAModuleProxyAlone(t *testing.T) {
	svc := newService(t)
	t.Setenv("GITHUB_REPOSITORY", "")
	t.Setenv("GREENLIGHT_DEV_MODULE", "")
	if code, out, errs := runCLI("init", "--dir", svc); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	pdir := filepath.Join(svc, ".greenlight")
	mod, _ := os.ReadFile(filepath.Join(pdir, "go.mod"))
	mf, err := modfile.Parse("go.mod", mod, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range mf.Replace {
		if modfile.IsDirectoryPath(r.New.Path) {
			t.Fatalf("the committed .greenlight/go.mod replaces %s by the directory %s, which a runner does not have:\n%s", r.Old.Path, r.New.Path, mod)
		}
	}
	var version string
	for _, r := range mf.Require {
		if r.Mod.Path == modulePath {
			version = r.Mod.Version
		}
	}

	// The proxy: Greenlight at that version from the checkout's commit, the rest from the cache.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	root := testutil.ModuleRoot()
	commit := currentBuild().Commit
	want, at, err := commitVersion(ctx, root, commit)
	if err != nil {
		t.Fatal(err)
	}
	if version != want {
		t.Fatalf(".greenlight/go.mod requires %s %q; the proxy serves commit %s as %s", modulePath, version, commit, want)
	}
	proxy := t.TempDir()
	if err := writeProxyVersion(ctx, proxy, root, modulePath, version, commit, at); err != nil {
		t.Fatal(err)
	}
	graph := exec.Command("go", "mod", "graph")
	graph.Dir, graph.Env = pdir, append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := graph.CombinedOutput()
	if err != nil {
		t.Fatalf("go mod graph: %v\n%s", err, out)
	}
	cache := filepath.Join(goEnv(t, "GOMODCACHE"), "cache", "download")
	copied := map[string]bool{}
	for _, f := range strings.Fields(string(out)) {
		path, v, ok := strings.Cut(f, "@")
		if !ok || path == modulePath || path == "go" || path == "toolchain" || copied[f] {
			continue
		}
		copied[f] = true
		esc, err := module.EscapePath(path)
		if err != nil {
			t.Fatal(err)
		}
		ev, _ := module.EscapeVersion(v)
		for _, ext := range []string{".mod", ".info", ".zip"} {
			rel := filepath.Join(filepath.FromSlash(esc), "@v", ev+ext)
			b, err := os.ReadFile(filepath.Join(cache, rel))
			if err != nil {
				// A module the pruned graph names but never loads has no go.mod in the
				// cache, and one only the graph needs has no zip: the build says so if
				// it needs them.
				continue
			}
			os.MkdirAll(filepath.Dir(filepath.Join(proxy, rel)), 0o755)
			if err := os.WriteFile(filepath.Join(proxy, rel), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// The repository as a runner checks it out: what git tracks and does not ignore.
	fresh := filepath.Join(t.TempDir(), "shop")
	files, err := exec.Command("git", "-C", svc, "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range strings.Fields(string(files)) {
		b, err := os.ReadFile(filepath.Join(svc, rel))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(fresh, rel)), 0o755)
		os.WriteFile(filepath.Join(fresh, rel), b, 0o644)
	}
	if _, err := os.Stat(filepath.Join(fresh, ".greenlight", "go.work")); err == nil {
		t.Fatal("git would commit .greenlight/go.work")
	}
	filepath.WalkDir(fresh, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "go.work" {
			t.Errorf("a go.work in the runner's checkout: %s", p)
		}
		return nil
	})

	bin := filepath.Join(t.TempDir(), "pipeline")
	// The flags greenlight run compiles with: -trimpath also keeps the build cache's entries
	// independent of where the module cache is.
	build := exec.CommandContext(ctx, "go", append(append([]string{"build"}, pipelineBuildFlags...), "-o", bin, ".")...)
	build.Dir = filepath.Join(fresh, ".greenlight")
	build.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GOENV=off", "GOTOOLCHAIN=local",
		"GOCACHE=" + goEnv(t, "GOCACHE"), "GOMODCACHE=" + t.TempDir(), "GOPATH=" + t.TempDir(),
		"GOPROXY=file://" + filepath.ToSlash(proxy), "GOSUMDB=off", "GOFLAGS=-mod=readonly -modcacherw"}
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the pipeline on a runner: %v\n%s", err, out)
	}
	help := exec.CommandContext(ctx, bin, "--help")
	help.Dir = build.Dir
	if out, err := help.CombinedOutput(); err != nil || !strings.Contains(string(out), "-local") {
		t.Fatalf("pipeline --help: %v\n%s", err, out)
	}
	localRun(t, fresh, bin)
}
