package build_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/secrettest"
	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

type lines []string

func (l *lines) Logf(f string, a ...any) { *l = append(*l, fmt.Sprintf(f, a...)) }

func TestGoTestRunsLikeTheBuildAndReportsFailures(t *testing.T) {
	var log lines
	sum, err := build.GoTest{Dir: "../../testdata/services/hello"}.Test(context.Background(), &log)
	if err != nil || sum != "1 package(s) passed" {
		t.Fatalf("%q %v", sum, err)
	}
	if !strings.Contains(log[0], "go test -trimpath ./...") {
		t.Errorf("tests do not run with the build's flags: %s", log[0])
	}
	dir := t.TempDir()
	os.WriteFile(dir+"/go.mod", []byte("module x\n\ngo 1.26\n"), 0o644)
	os.WriteFile(dir+"/x_test.go", []byte("package x\n\nimport \"testing\"\n\nfunc TestNo(t *testing.T) { t.Fatal(\"broken on purpose\") }\n"), 0o644)
	_, err = build.GoTest{Dir: dir}.Test(context.Background(), &log)
	if err == nil || !strings.Contains(err.Error(), "broken on purpose") || !strings.Contains(err.Error(), "nothing was built") {
		t.Fatalf("failing test: %v", err)
	}
}

func TestGoTestGetsNoSecrets(t *testing.T) {
	secrettest.Set(t)
	t.Setenv("GREENLIGHT_TEST_PASSED_ON", "explicitly-passed")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n\ngo 1.26\n"), 0o644)
	// The test prints its whole environment, writes it to a file, and fails, so that the
	// environment shows up in the stage's error and the report if it is there at all.
	os.WriteFile(filepath.Join(dir, "x_test.go"), []byte(`package x

import (
	"os"
	"strings"
	"testing"
)

func TestEnv(t *testing.T) {
	env := strings.Join(os.Environ(), " ")
	os.WriteFile(os.Getenv("ENV_DUMP"), []byte(strings.Join(os.Environ(), "\n")), 0o644)
	t.Fatalf("environment: %s", env)
}
`), 0o644)
	dump := filepath.Join(t.TempDir(), "env.txt")
	var rec runlog.Recorder
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Test(build.GoTest{Dir: dir, Env: []string{"ENV_DUMP=" + dump, "GREENLIGHT_TEST_PASSED_ON"}})
	}, greenlight.WithSink(&rec))
	if err == nil {
		t.Fatal("the test that fails on purpose passed")
	}
	child, rerr := os.ReadFile(dump)
	if rerr != nil {
		t.Fatalf("the test did not run: %v", rerr)
	}
	evs, _ := json.Marshal(rec.Events())
	reps, _ := json.Marshal(rep)
	// The environment was printed: the checks below are not vacuous.
	for _, want := range []string{"PATH=", "HOME=", "CGO_ENABLED=0", "GREENLIGHT_TEST_PASSED_ON=explicitly-passed"} {
		if !strings.Contains(string(child), want) {
			t.Errorf("go test's environment lacks %s", want)
		}
	}
	if !strings.Contains(string(reps), "HOME=") {
		t.Fatalf("the failing test's output is not in the report: %s", reps)
	}
	for name, v := range secrettest.Canaries {
		for what, text := range map[string]string{"go test's environment": string(child), "the events": string(evs), "the report": string(reps)} {
			if strings.Contains(text, v) {
				t.Errorf("%s's value is in %s", name, what)
			}
		}
	}
}
