package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// `greenlight demo --service DIR --main ./cmd/NAME` deploys a module whose main package is not
// at its root, as podinfo's cmd/podinfo is: the sample service moved to cmd/hello.
func TestDemoTakesAMainPackageBelowTheRoot(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "main.go", "main_test.go"} {
		b, err := os.ReadFile(filepath.Join(testutil.HelloDir(), f))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, "cmd", "hello", f)
		if f == "go.mod" {
			dst = filepath.Join(dir, f)
		}
		os.MkdirAll(filepath.Dir(dst), 0o755)
		os.WriteFile(dst, b, 0o644)
	}
	if code, _, errs := runCLI("demo", "--service", dir, "--main", "./cmd/nothing"); code != 1 || !strings.Contains(errs, "--main ./cmd/nothing: no such folder") {
		t.Fatalf("a missing main package: %d %s", code, errs)
	}
	code, out, errs := runCLI("demo", "--service", dir, "--main", "./cmd/hello", "--quiet")
	if code != 0 || !strings.Contains(out, "release 2") {
		t.Fatalf("demo --main: %d\n%s\n%s", code, out, errs)
	}
}
