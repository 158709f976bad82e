package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every input of the pipeline's build changes the compiled pipeline's cache key; files the
// build cannot see do not.
func TestPipelineKeyCoversEveryInputOfTheBuild(t *testing.T) {
	for _, v := range []string{"GOFLAGS", "GOEXPERIMENT", "CGO_ENABLED", "GOOS", "GOARCH", "GOAMD64", "GOWORK"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "pipe")
	lib := filepath.Join(root, "lib")
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/pipe\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace (\n\texample.com/lib => ../lib // a local checkout\n\texample.com/other v1.0.0 => example.com/fork v1.0.1\n)\n")
	writeFile(t, filepath.Join(dir, "go.sum"), "")
	writeFile(t, filepath.Join(dir, "pipeline.go"), "package main\n\nimport _ \"embed\"\n\n//go:embed assets/config.yaml\nvar config string\n\nfunc main() {}\n")
	writeFile(t, filepath.Join(dir, "assets", "config.yaml"), "replicas: 2\n")
	writeFile(t, filepath.Join(lib, "go.mod"), "module example.com/lib\n\ngo 1.26\n")
	writeFile(t, filepath.Join(lib, "lib.go"), "package lib\n")
	writeFile(t, filepath.Join(lib, "templates", "t.tmpl"), "{{.}}\n")

	ctx := context.Background()
	key := func() string {
		t.Helper()
		k, err := pipelineKey(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	seen := map[string]string{}
	last := key()
	seen[last] = "the start"
	changes := func(what string, change func()) {
		t.Helper()
		change()
		k := key()
		if k == last {
			t.Errorf("%s does not change the key", what)
		} else if prev, ok := seen[k]; ok {
			t.Errorf("%s gives the same key as %s", what, prev)
		}
		seen[k], last = what, k
	}
	same := func(what string, change func()) {
		t.Helper()
		change()
		if k := key(); k != last {
			t.Errorf("%s changes the key", what)
			last = k
		}
	}

	changes("a .go file", func() { writeFile(t, filepath.Join(dir, "extra.go"), "package main\n") })
	changes("an embedded file", func() { writeFile(t, filepath.Join(dir, "assets", "config.yaml"), "replicas: 3\n") })
	changes("a new embedded file under testdata", func() { writeFile(t, filepath.Join(dir, "testdata", "golden.txt"), "x\n") })
	changes("go.sum", func() { writeFile(t, filepath.Join(dir, "go.sum"), "example.com/x v1.0.0 h1:abc=\n") })
	changes("a .go file of a local replace", func() { writeFile(t, filepath.Join(lib, "lib.go"), "package lib\n\nconst V = 2\n") })
	changes("an embedded file of a local replace", func() { writeFile(t, filepath.Join(lib, "templates", "t.tmpl"), "{{.Name}}\n") })
	changes("go.work", func() { writeFile(t, filepath.Join(root, "go.work"), "go 1.26\n\nuse ./pipe\n") })
	changes("go.work.sum", func() { writeFile(t, filepath.Join(root, "go.work.sum"), "example.com/y v1.0.0 h1:def=\n") })
	changes("a module the go.work uses", func() {
		writeFile(t, filepath.Join(root, "tools", "go.mod"), "module example.com/tools\n\ngo 1.26\n")
		writeFile(t, filepath.Join(root, "go.work"), "go 1.26\n\nuse (\n\t./pipe\n\t./tools\n)\n")
	})
	changes("a file of a module the go.work uses", func() { writeFile(t, filepath.Join(root, "tools", "t.go"), "package tools\n") })
	changes("GOWORK=off", func() { t.Setenv("GOWORK", "off") })
	changes("GOFLAGS", func() { t.Setenv("GOFLAGS", "-tags=netgo") })
	changes("GOEXPERIMENT", func() { t.Setenv("GOEXPERIMENT", "loopvar") })
	same("CGO_ENABLED=0, the default", func() { t.Setenv("CGO_ENABLED", "0") })
	changes("CGO_ENABLED=1 (the default is 0)", func() { t.Setenv("CGO_ENABLED", "1") })
	changes("GOAMD64", func() { t.Setenv("GOAMD64", "v3") })
	changes("GOARCH", func() { t.Setenv("GOARCH", "arm64") })
	changes("GOOS", func() { t.Setenv("GOOS", "darwin") })
	changes("the build flags", func() {
		old := pipelineBuildFlags
		pipelineBuildFlags = append([]string{"-race"}, old...)
		t.Cleanup(func() { pipelineBuildFlags = old })
	})

	same("a file beside the module", func() { writeFile(t, filepath.Join(root, "README.md"), "hello\n") })
	same("a module nobody uses", func() { writeFile(t, filepath.Join(root, "unused", "go.mod"), "module example.com/unused\n") })
	same("a nested module inside the pipeline module", func() {
		writeFile(t, filepath.Join(dir, "nested", "go.mod"), "module example.com/nested\n")
		writeFile(t, filepath.Join(dir, "nested", "n.go"), "package nested\n")
	})
	same("the module's VCS metadata", func() { writeFile(t, filepath.Join(dir, ".git", "HEAD"), "ref: refs/heads/main\n") })
}

// How long the key takes on a pipeline module that replaces greenlight with this checkout, the
// way a pipeline developer works (logged, not asserted).
func TestPipelineKeyTime(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("build", func(s *greenlight.Stage) error { return nil })`)
	ctx := context.Background()
	if _, err := pipelineKey(ctx, dir); err != nil {
		t.Fatal(err)
	}
	const n = 5
	t0 := time.Now()
	for range n {
		if _, err := pipelineKey(ctx, dir); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("pipelineKey on a pipeline module replacing greenlight with %s: %s per key (mean of %d)", testutil.ModuleRoot(), time.Since(t0)/n, n)
}

func TestParseModDirectives(t *testing.T) {
	uses, reps := parseModDirectives([]byte(`go 1.26
use ./a // the pipeline
use (
	"./b c"
	../d
)
replace example.com/x => ../x
replace example.com/y v1.2.3 => /abs/y // pinned by path
replace example.com/z => example.com/z2 v0.1.0
replace (
	example.com/q => "./q q"
	example.com/r v1.0.0 => example.com/r v1.0.1
	example.com/s => .
)
// replace example.com/commented => ./nope
`))
	if got := strings.Join(uses, "|"); got != "./a|./b c|../d" {
		t.Errorf("uses %q", got)
	}
	if got := strings.Join(reps, "|"); got != "../x|/abs/y|./q q|." {
		t.Errorf("local replaces %q", got)
	}
}
