package main

import (
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/greenlight-cd/greenlight/internal/ghconcurrency"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// concurrencyLevel is where a workflow names its concurrency group.
func concurrencyLevel(t *testing.T, path string) ghconcurrency.Level {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Concurrency any
		Jobs        map[string]struct{ Concurrency any }
	}
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatal(err)
	}
	switch {
	case wf.Concurrency != nil:
		return ghconcurrency.WorkflowLevel
	case wf.Jobs["deploy"].Concurrency != nil:
		return ghconcurrency.JobLevel
	}
	t.Fatalf("%s names no concurrency group", path)
	return 0
}

// Issue 27, defect 5: the workflow greenlight init wrote named its concurrency group at the
// workflow level, which GitHub claims before it evaluates the job's `if`: the run of a commit
// whose CI failed (its job skipped) took the pending place and cancelled the pending run of a
// green commit, which was then never deployed. Both the generated workflow and the example
// name the group at the job level now, where only a job that passed its `if` enters it: the
// green commit's run starts when the running one ends.
func TestAFailedCIRunNeverCancelsAPendingGreenRun(t *testing.T) {
	svc := newService(t)
	if code, out, errs := runCLI("init", "--dir", svc); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	for _, wf := range []string{filepath.Join(svc, ".github", "workflows", "deploy.yml"), filepath.Join(testutil.ModuleRoot(), ".github", "workflows", "deploy-example.yml")} {
		s := ghconcurrency.New(concurrencyLevel(t, wf))
		running, green, failed := &ghconcurrency.Run{Name: "green 2"}, &ghconcurrency.Run{Name: "green 3"}, &ghconcurrency.Run{Name: "failed CI 4", Skip: true}
		s.Queue(running)
		s.Queue(green)
		s.Queue(failed)
		if next := s.Done(running); next != green {
			t.Errorf("%s: after the running deploy, %v started, want the pending green run (cancelled: %v)", filepath.Base(wf), next, s.Cancelled())
		}
	}
}
