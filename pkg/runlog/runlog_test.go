package runlog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConsolePrintsEachEventAndAStageTable(t *testing.T) {
	var buf bytes.Buffer
	c := NewConsole(&buf)
	t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for _, e := range []Event{
		{Kind: RunStarted, Time: t0, Run: "r1", Message: "hello"},
		{Kind: StageStarted, Time: t0.Add(time.Second), Stage: "canary", Env: "production"},
		{Kind: TrafficShifted, Time: t0.Add(2 * time.Second), Env: "production", Message: "10% to abc"},
		{Kind: PoliciesChecked, Time: t0.Add(2 * time.Second), Message: "canary-step into production: allowed",
			Policies: []PolicyResult{{Policy: "freeze", Outcome: PolicyAllow, Message: "not frozen\nsecond line"}}},
		{Kind: StageFinished, Time: t0.Add(3 * time.Second), Stage: "canary", Env: "production", Status: Failed, Duration: 2 * time.Second, Message: "error rate 30%\ndetail"},
		{Kind: RunFinished, Time: t0.Add(4 * time.Second), Run: "r1", Status: Failed, Duration: 4 * time.Second},
	} {
		c.Emit(e)
	}
	out := buf.String()
	for _, want := range []string{
		"[   0.0s] ▶ run hello (r1)",
		"[   1.0s] ▸ canary production",
		"[   2.0s]   ⇄ traffic production: 10% to abc",
		"allow  freeze: not frozen\n", // the first line of a policy's message only
		"[   3.0s] ✗ canary production",
		"STAGE", "run r1 failed in",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "second line") {
		t.Errorf("a policy's message printed beyond its first line:\n%s", out)
	}
}

func TestRecorderReturnsACopy(t *testing.T) {
	var r Recorder
	var s Sink = &r
	s.Emit(Event{Kind: Log, Message: "one"})
	got := r.Events()
	got[0].Message = "changed"
	if r.Events()[0].Message != "one" || len(r.Events()) != 1 {
		t.Fatalf("Events gave its own slice: %+v", r.Events())
	}
	var n int
	SinkFunc(func(Event) { n++ }).Emit(Event{})
	if n != 1 {
		t.Fatal("SinkFunc did not call its function")
	}
}

func TestReportWriteFileReplacesTheFileWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &Report{Pipeline: "hello", Run: "r1", Status: Passed, Stages: []StageRecord{{Name: "test", Status: Passed}, {Name: "canary", Env: "production", Status: Passed}},
		Moves: []MoveRecord{{Kind: "promote", Env: "production", Weight: 100, Outcome: "done"}}}
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	var back Report
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &back); err != nil || back.Run != "r1" || len(back.Moves) != 1 || back.Moves[0].Kind != "promote" {
		t.Fatalf("read back %v: %+v", err, back)
	}
	if s := back.Stage("canary"); s == nil || s.Env != "production" {
		t.Errorf("Stage(canary) = %+v", s)
	}
	if back.Stage("nope") != nil {
		t.Error("Stage found a stage that is not there")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".report-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := r.WriteFile(filepath.Join(dir, "missing", "report.json")); err == nil || !strings.Contains(err.Error(), "is the directory writable?") {
		t.Errorf("a report into a missing directory: %v", err)
	}
}

func TestSourceFromEnv(t *testing.T) {
	for k, v := range map[string]string{"GITHUB_REPOSITORY": "acme/hello", "GITHUB_SHA": "abc", "GITHUB_REF": "refs/heads/main",
		"GITHUB_ACTOR": "ann", "GITHUB_EVENT_NAME": "push", "GITHUB_RUN_ID": "42", "GITHUB_SERVER_URL": "https://ghe.example"} {
		t.Setenv(k, v)
	}
	got := SourceFromEnv()
	want := Source{Repository: "acme/hello", Commit: "abc", Ref: "refs/heads/main", Author: "ann", Trigger: "push", RunURL: "https://ghe.example/acme/hello/actions/runs/42"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	t.Setenv("GITHUB_SERVER_URL", "")
	if got := SourceFromEnv(); got.RunURL != "https://github.com/acme/hello/actions/runs/42" {
		t.Errorf("default server: %q", got.RunURL)
	}
}
