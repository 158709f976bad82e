package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestThePipelineCompilesWithoutACCompiler: a cold runner (no Go build cache restored yet)
// compiles the pipeline before its first stage, and the pipeline needs no C. Before, it was
// compiled with cgo wherever a C compiler is installed, as on GitHub's runners: net's resolver
// and runtime/cgo went through gcc, on the critical path of every cold start. A user who sets
// CGO_ENABLED keeps it.
func TestThePipelineCompilesWithoutACCompiler(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc: cgo is off by default here, so the runner's case cannot be made")
	}
	calls := filepath.Join(t.TempDir(), "cc-calls")
	cc := filepath.Join(t.TempDir(), "cc")
	os.WriteFile(cc, []byte("#!/bin/sh\necho \"$@\" >> "+calls+"\nexec "+gcc+" \"$@\"\n"), 0o755)
	t.Setenv("CC", cc)
	t.Setenv("GOFLAGS", "-mod=mod")
	compile := func() {
		t.Helper()
		t.Setenv("GOCACHE", t.TempDir())
		os.Remove(calls)
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/pipeline\n\ngo 1.26.0\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nimport \"net\"\n\nfunc main() { _, _ = net.LookupHost(\"localhost\") }\n"), 0o644)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		if _, _, err := compilePipeline(ctx, dir, t.TempDir(), io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("default", func(t *testing.T) {
		os.Unsetenv("CGO_ENABLED")
		compile()
		if n, first := cCompiles(calls); n > 0 {
			t.Errorf("compiling the pipeline compiled C %d times, the first: %.200s", n, first)
		}
	})
	t.Run("the user's CGO_ENABLED=1", func(t *testing.T) {
		t.Setenv("CGO_ENABLED", "1")
		compile()
		if n, _ := cCompiles(calls); n == 0 {
			t.Error("CGO_ENABLED=1 was not kept: the C compiler never ran")
		}
	})
}

// cCompiles counts the C compiler's runs recorded in calls that compiled a C file (go env also
// asks the compiler which flags it takes, compiling nothing), and returns the first.
func cCompiles(calls string) (n int, first string) {
	b, _ := os.ReadFile(calls)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasSuffix(line, ".c") {
			if n == 0 {
				first = line
			}
			n++
		}
	}
	return n, first
}
