package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	ghclient "github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

func TestMetricsOnTheRecordedHistory(t *testing.T) {
	f := githubfake.WithHistory()
	defer f.Close()
	f.Token("ghs_dora", map[string]string{"deployments": "read", "contents": "read"})
	t.Setenv("GITHUB_TOKEN", "ghs_dora")
	base := []string{"metrics", "--repo", "acme/app", "--api", f.URL, "--since", "2026-11-02", "--until", "2026-11-23"}
	code, out, errs := runCLI(base...)
	if code != 0 {
		t.Fatalf("%d %s", code, errs)
	}
	t.Logf("greenlight metrics --since 2026-11-02 --until 2026-11-23:\n%s", out)
	for _, want := range []string{"production  2026-11-02 to 2026-11-23", "6 deployments, 2.00 per week", "median 23h 20m", "43% (3 of 7 changes)", "median 1h 10m (3 restores)", "[elite 2024: less than one day]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "staging") || strings.Contains(out, "how each figure was computed") {
		t.Errorf("without --env only production counts, and without --explain nothing is explained:\n%s", out)
	}
	svg := filepath.Join(t.TempDir(), "dora.svg")
	code, out, errs = runCLI(append(base, "--json", "--env", "production", "--svg", svg)...)
	var ms []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 1 || ms[0]["change_failure_rate"] != 3.0/7 {
		t.Fatalf("json: %d %s %s", code, out, errs)
	}
	b, err := os.ReadFile(svg)
	if err != nil || !strings.HasPrefix(string(b), "<svg") || !strings.Contains(string(b), `data-series="production" data-x="2" data-y="2"`) {
		t.Fatalf("svg: %v %.300s", err, b)
	}
	if code, _, errs := runCLI("metrics", "--repo", "acme/app", "--api", f.URL, "--since", "last tuesday"); code != 2 || !strings.Contains(errs, "span back from now") {
		t.Errorf("bad --since: %d %s", code, errs)
	}
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "")
	if code, _, errs := runCLI(base...); code != 2 || !strings.Contains(errs, "no GitHub token") {
		t.Errorf("no token: %d %s", code, errs)
	}
}

// TestMetricsExplainsEachFigure runs `greenlight metrics --explain` on the second
// hand-computed history (githubfake.WithDORACases; pkg/github's dora_cases_test.go has the
// computation): it names the deployments, commits, failures and restores behind each figure.
func TestMetricsExplainsEachFigure(t *testing.T) {
	f := githubfake.WithDORACases()
	defer f.Close()
	f.Token("ghs_dora", map[string]string{"deployments": "read", "contents": "read"})
	t.Setenv("GITHUB_TOKEN", "ghs_dora")
	base := []string{"metrics", "--repo", "acme/app", "--api", f.URL, "--since", "2026-12-07", "--until", "2026-12-21"}
	code, out, errs := runCLI(append(base, "--explain")...)
	if code != 0 {
		t.Fatalf("%d %s", code, errs)
	}
	t.Logf("greenlight metrics --explain:\n%s", out)
	for _, want := range []string{
		"live  2026-12-07 to 2026-12-21",
		"8 deployments, 4.00 per week  [high 2024",
		"median 3h 00m, p90 1d 0h (11 commits)  [elite 2024: less than one day]",
		"50% (5 of 10 changes)  [low 2024: 40%]",
		"median 1h 50m (5 restores)  [high 2024: less than one day]",
		"deployment 1002  02cafe0  created 2026-12-06 23:30  change, success 2026-12-07 00:10",
		"commit 01cafe0  committed 2026-12-06 20:00  lead time 4h 10m",
		"deployment 1005  04cafe0  created 2026-12-08 11:00  error, error 2026-12-08 11:05: ended in error",
		"FAILED: rolled back by deployment 1006; restored in 1h 50m (by deployment 1006)",
		"deployment 1010  05cafe0  created 2026-12-11 09:00  redeploy",
		"FAILED: restored: deployment 1012 redeployed an earlier digest; restored in 1d 4h",
		"deployment 1013  06cafe0  created 2026-12-14 04:20  change, success 2026-12-14 04:50",
		"change failure rate: 5 failed of 10 changes; failed: 1004, 1007, 1009, 1014, 1015",
		"time to restore: median of 5 restores:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "staging") || !strings.Contains(out, "2026-12-21 00:30: a change: it served a new digest; concluded outside the window: not in these figures") {
		t.Errorf("staging is not production; deployment 1021 concluded after the window:\n%s", out)
	}
	code, out, _ = runCLI(append(base, "--explain", "--json")...)
	var ms []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 1 || len(ms[0]["explain"].([]any)) == 0 ||
		ms[0]["bands"].(map[string]any)["lead_time"].(map[string]any)["report"] != 2024.0 {
		t.Fatalf("json: %d %.500s", code, out)
	}
	// A repository whose deployments mark no production environment: say so, and how to measure.
	g := githubfake.New("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	defer g.Close()
	g.Token("ghs_dora", map[string]string{"deployments": "read", "contents": "read"})
	g.Record(githubfake.HistoryDeployment{Env: "qa", SHA: strings.Repeat("a", 40), Created: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC),
		Statuses: []githubfake.HistoryStatus{{State: "success", At: time.Date(2026, 12, 8, 9, 5, 0, 0, time.UTC)}}})
	code, _, errs = runCLI("metrics", "--repo", "acme/app", "--api", g.URL, "--since", "2026-12-07", "--until", "2026-12-21")
	if code != 2 || !strings.Contains(errs, "no deployment is marked as a production environment") || !strings.Contains(errs, "--env") {
		t.Errorf("no production: %d %s", code, errs)
	}
}

func TestReportWritesTheReleasePage(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	rep := &runlog.Report{Pipeline: "hello", Status: runlog.Failed, Start: t0, End: t0.Add(time.Minute), Error: "canary <failed>",
		Stages: []runlog.StageRecord{{Name: "canary", Env: "production", Status: runlog.Failed, Start: t0, End: t0.Add(time.Minute), Duration: time.Minute}}}
	if err := rep.WriteFile(filepath.Join(dir, "report.json")); err != nil {
		t.Fatal(err)
	}
	pol := filepath.Join(dir, "policies.json")
	os.WriteFile(pol, []byte(`{"kind":"policy-check","results":[{"policy":"signed-by","outcome":"refuse","message":"signed by key-evil"}],"verdict":"refuse"}`), 0o644)
	page := filepath.Join(dir, "release.html")
	code, out, errs := runCLI("report", "--report", filepath.Join(dir, "report.json"), "--html", page, "--policies", pol)
	if code != 0 || !strings.Contains(out, "wrote "+page) {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	b, _ := os.ReadFile(page)
	if !strings.Contains(string(b), "canary &lt;failed&gt;") || !strings.Contains(string(b), "signed by key-evil") {
		t.Fatalf("page:\n%s", b)
	}
	if code, _, errs := runCLI("report", "--html", page); code != 2 || !strings.Contains(errs, "--report") {
		t.Errorf("missing --report: %d %s", code, errs)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{"), 0o644)
	if code, _, errs := runCLI("report", "--report", filepath.Join(dir, "bad.json"), "--html", page); code != 2 || !strings.Contains(errs, "not valid JSON") {
		t.Errorf("bad report: %d %s", code, errs)
	}
}

// examplePipeline is the governance of docs/governance.md: production freezes on Friday
// afternoons and over the year end (Berlin time) and takes only images signed by the release key.
func examplePipeline() []*greenlight.Environment {
	return []*greenlight.Environment{
		{Name: "staging"},
		{Name: "production", Policies: []greenlight.Policy{
			governance.SignedBy{Allowed: []string{"release-key"}},
			&governance.Freeze{Zone: "Europe/Berlin", Windows: []governance.Window{
				governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)},
				governance.Yearly{From: governance.MonthDay{Month: time.December, Day: 24}, Until: governance.MonthDay{Month: time.January, Day: 2}, Reason: "year-end"},
			}},
		}},
	}
}

// withPipeline is the CLI's environment where queries are answered as the compiled example
// pipeline does (governance.Ask), in process.
func withPipeline() *cliEnv {
	e := newEnv(nil, nil)
	e.askPipeline = func(ctx context.Context, dir string, q governance.Query, _ io.Writer) (governance.Answer, error) {
		return governance.Ask(ctx, examplePipeline(), runlog.Source{Commit: "c0ffee"}, q)
	}
	return e
}

func TestCalendarAndPolicyCheckAskThePipeline(t *testing.T) {
	e := withPipeline()
	code, out, errs := runIn(e, "calendar", "--days", "45")
	if code != 0 || !strings.Contains(out, "production") || !strings.Contains(out, "Fri 16:00 to Mon 08:00 every week") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	t.Logf("greenlight calendar --days 45:\n%s", out)
	if !strings.Contains(out, "Thu 24 Dec 2026 00:00 CET") {
		t.Errorf("the calendar must show the freeze's own zone, as the hold line does:\n%s", out)
	}
	code, out, errs = runIn(e, "policy", "check", "--env", "production", "--digest", "sha256:"+strings.Repeat("a", 64))
	if code != 1 || !strings.Contains(out, "refuse  signed-by:") || !strings.Contains(out, "promote of sha256:") {
		t.Fatalf("an unsigned image is refused (exit 1): %d %s %s", code, out, errs)
	}
	t.Logf("greenlight policy check --env production --digest sha256:aaaa…:\n%s", out)
	code, out, _ = runIn(e, "policy", "check", "--env", "production", "--digest", "sha256:"+strings.Repeat("a", 64), "--move", "rollback", "--json")
	var a governance.Answer
	if json.Unmarshal([]byte(out), &a) != nil || a.Move != greenlight.MoveRollback || len(a.Results) != 2 || a.Results[1].Outcome != governance.Allow {
		t.Fatalf("rollback dry run: %d %s", code, out)
	}
	if code, _, errs := runIn(e, "policy", "check", "--env", "qa", "--digest", "sha256:"+strings.Repeat("a", 64)); code != 1 || !strings.Contains(errs, `no environment "qa" in the pipeline: it declares staging, production`) {
		t.Errorf("unknown env: %d %s", code, errs)
	}
	if code, _, errs := runIn(e, "policy", "lint"); code != 2 || !strings.Contains(errs, "subcommand is check") {
		t.Errorf("unknown subcommand: %d %s", code, errs)
	}
}

func TestDueWritesTheStepOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "output")
	t.Setenv("GITHUB_OUTPUT", out)
	e := newEnv(nil, nil)
	e.now = func() time.Time { return time.Date(2026, 12, 7, 8, 20, 0, 0, time.UTC) } // Monday 09:20 in Berlin
	code, stdout, errs := runIn(e, "due", "--at", "09:00", "--zone", "Europe/Berlin", "--days", "Mon-Fri")
	b, _ := os.ReadFile(out)
	if code != 0 || stdout != "due=true\n" || string(b) != "due=true\n" {
		t.Fatalf("%d %q %q %s", code, stdout, b, errs)
	}
	e.now = func() time.Time { return time.Date(2026, 12, 5, 8, 20, 0, 0, time.UTC) } // Saturday
	if code, stdout, errs := runIn(e, "due", "--at", "09:00", "--zone", "Europe/Berlin", "--days", "Mon-Fri"); code != 0 || stdout != "due=false\n" || !strings.Contains(errs, "next Mon 7 Dec 09:00 CET") {
		t.Fatalf("%d %q %s", code, stdout, errs)
	}
	if code, _, errs := runCLI("due", "--at", "9", "--zone", "Europe/Berlin"); code != 2 || !strings.Contains(errs, "HH:MM") {
		t.Fatalf("%d %s", code, errs)
	}
	if code, _, errs := runCLI("due", "--at", "09:00", "--zone", "Mars/Base"); code != 2 || !strings.Contains(errs, "IANA") {
		t.Fatalf("%d %s", code, errs)
	}
}

// The calendar and a policy check reach the compiled pipeline through the run protocol: the
// windows come from pipeline.go, and nothing is deployed.
func TestCalendarAndPolicyCheckThroughTheCompiledPipeline(t *testing.T) {
	dir := pipelineModule(t, `p.Stage("deploy", func(s *greenlight.Stage) error { panic("a query must not run the pipeline") })`)
	src, _ := os.ReadFile(filepath.Join(dir, "pipeline.go"))
	s := strings.Replace(string(src), `greenlight.WithName("hello"))`, `greenlight.WithName("hello"), greenlight.WithEnvironments(
		&greenlight.Environment{Name: "production", Target: must(local.New("production")), Policies: []greenlight.Policy{
			&governance.Freeze{Zone: "Europe/Berlin", Windows: []governance.Window{
				governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)},
				governance.Yearly{From: governance.MonthDay{Month: time.December, Day: 24}, Until: governance.MonthDay{Month: time.January, Day: 2}, Reason: "year-end"}}},
		}}))`, 1)
	s = strings.Replace(s, `"errors"`, `"errors"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/local"`, 1)
	s += "\nfunc must[T any](t T, err error) T {\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\treturn t\n}\n"
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(s), 0o644)
	tidy := exec.Command("go", "mod", "tidy", "-e")
	tidy.Dir, tidy.Env = dir, append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	t.Setenv("GREENLIGHT_CACHE", t.TempDir())
	code, out, errs := runCLI("calendar", "--pipeline", dir, "--days", "45")
	if code != 0 || !strings.Contains(out, "production") || !strings.Contains(out, "Fri 16:00 to Mon 08:00 every week") {
		t.Fatalf("calendar: %d\n%s\n%s", code, out, errs)
	}
	t.Logf("greenlight calendar --days 45:\n%s", out)
	code, out, errs = runCLI("policy", "check", "--pipeline", dir, "--env", "production", "--digest", "sha256:"+strings.Repeat("a", 64), "--move", "rollback")
	if code != 0 || !strings.Contains(out, "rollback of sha256:") {
		t.Fatalf("policy check: %d\n%s\n%s", code, out, errs)
	}
}

// An authorised person overrides a freeze for one digest with a reason: recorded under their
// own login (a workflow's token is refused), found by the pipeline's freeze, and audited.
func TestFreezeOverrideIsRecordedUnderTheCallersLogin(t *testing.T) {
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	f.Token("ghp_alice", githubfake.AllPermissions)
	f.Login("ghp_alice", "alice")
	f.Token("ghs_workflow", githubfake.AllPermissions)
	digest := "sha256:" + strings.Repeat("4f", 32)
	args := []string{"freeze", "override", "--env", "production", "--digest", digest, "--repo", "acme/hello", "--api", f.URL}
	t.Setenv("GITHUB_TOKEN", "ghp_alice")
	if code, _, errs := runCLI(args...); code != 2 || !strings.Contains(errs, "give --reason") {
		t.Errorf("no reason: %d %s", code, errs)
	}
	t.Setenv("GITHUB_TOKEN", "ghs_workflow")
	if code, _, errs := runCLI(append(args, "--reason", "incident 42")...); code != 1 || !strings.Contains(errs, "a person's token is needed") {
		t.Errorf("a workflow's token: %d %s", code, errs)
	}
	t.Setenv("GITHUB_TOKEN", "ghp_alice")
	code, out, errs := runCLI(append(args, "--reason", "incident 42")...)
	if code != 0 || !strings.Contains(out, "recorded by alice: incident 42") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	c, _ := ghclient.New("ghp_alice", "acme/hello", ghclient.WithBaseURL(f.URL))
	o, err := governance.OverridesIn(c.Decisions("main")).Override(context.Background(), "production", digest)
	if err != nil || o == nil || o.Identity != "alice" || o.Reason != "incident 42" {
		t.Fatalf("the freeze's view of the override: %+v %v", o, err)
	}
	log, _ := c.AuditLog(context.Background(), "production", 1)
	if len(log) != 1 || log[0].Action != "freeze override production "+digest || log[0].Identity != "alice" {
		t.Errorf("audit: %+v", log)
	}
}

// `greenlight policy check --thread` posts the dry run's result in the release's Slack thread
// (the strict Slack fake) and in the step summary; a bad thread or no token is a usage error.
func TestPolicyCheckPostsInTheReleaseThread(t *testing.T) {
	e := withPipeline()
	sf := slackfake.New(nil)
	defer sf.Stop()
	ts := sf.PostMessage(t, "C0DEPLOYS", "Greenlight: hello")
	summary := filepath.Join(t.TempDir(), "summary.md")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	t.Setenv("SLACK_API_URL", sf.GetAPIURL())
	t.Setenv("SLACK_BOT_TOKEN", "")
	digest := "sha256:" + strings.Repeat("a", 64)
	if code, _, errs := runIn(e, "policy", "check", "--env", "production", "--digest", digest, "--thread", "C0DEPLOYS/"+ts); code != 2 || !strings.Contains(errs, "--thread needs SLACK_BOT_TOKEN") {
		t.Fatalf("no token: %d %s", code, errs)
	}
	t.Setenv("SLACK_BOT_TOKEN", slackfake.Token)
	if code, _, errs := runIn(e, "policy", "check", "--env", "production", "--digest", digest, "--thread", "#deploys/"+ts); code != 2 || !strings.Contains(errs, "is not a Slack message (CHANNEL_ID/TS)") {
		t.Fatalf("a channel name: %d %s", code, errs)
	}
	code, out, errs := runIn(e, "policy", "check", "--env", "production", "--digest", digest, "--thread", "C0DEPLOYS/"+ts)
	if code != 1 || !strings.Contains(out, "refuse  signed-by:") || errs != "" {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	th := sf.Thread(ts)
	if len(th) != 1 || !strings.HasPrefix(th[0].Text, ":scales: *Policies* for a dry run (promote of sha256:aaaaaaaaaaaa in production: refuse)\n:no_entry: *signed-by* refuse: ") {
		t.Fatalf("thread %+v", th)
	}
	b, _ := os.ReadFile(summary)
	if !strings.Contains(string(b), "### Policy check: promote of sha256:aaaaaaaaaaaa in production: refuse") || !strings.Contains(string(b), "| signed-by | ⛔ refuse |") {
		t.Errorf("step summary:\n%s", b)
	}
}

// memTarget is the in-memory target of the compiled pipelines in these tests (Go source, with
// the imports context, fmt and pkg/greenlight), checked by TestMemTargetConforms.
const memTarget = `type mem struct {
	stable, canary, previous *greenlight.Revision
	weight                   int
}

func (m *mem) State(context.Context) (greenlight.State, error) {
	return greenlight.State{Stable: m.stable, Canary: m.canary, CanaryWeight: m.weight, Previous: m.previous}, nil
}
func (m *mem) Start(_ context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{ID: img.Image().Short(), Image: img.Image()}, nil
}
func (m *mem) SetCanaryWeight(_ context.Context, r greenlight.Revision, w int) (int, error) {
	m.canary, m.weight = &r, w
	return w, nil
}
func (m *mem) Promote(_ context.Context, r greenlight.Revision) error {
	if m.stable == nil || m.stable.ID != r.ID {
		m.stable, m.previous, m.canary, m.weight = &r, m.stable, nil, 0
	}
	return nil
}
func (m *mem) Abort(_ context.Context, r greenlight.Revision) error {
	if m.stable != nil && m.stable.ID == r.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", r.ID)
	}
	if m.canary != nil && m.canary.ID == r.ID {
		m.canary, m.weight = nil, 0
	}
	return nil
}
func (m *mem) Rollback(context.Context) (greenlight.Revision, error) {
	if m.previous == nil {
		return greenlight.Revision{}, fmt.Errorf("no previous revision to roll back to")
	}
	m.stable, m.previous, m.canary, m.weight = m.previous, nil, nil, 0
	return *m.stable, nil
}
`

// The compiled pipelines' in-memory target behaves as a real target does: the conformance
// suite runs against it in a module of its own, as those pipelines are built.
func TestMemTargetConforms(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a test binary")
	}
	dir := pipelineModule(t, "")
	os.Remove(filepath.Join(dir, "pipeline.go"))
	os.WriteFile(filepath.Join(dir, "mem.go"), []byte(`package pipeline

import (
	"context"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

`+memTarget), 0o644)
	os.WriteFile(filepath.Join(dir, "mem_test.go"), []byte(`package pipeline

import (
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
)

func TestMemConforms(t *testing.T) {
	greenlighttest.Target(t, func(*testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) { return &mem{}, nil })
}
`), 0o644)
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	tidy := exec.Command("go", "mod", "tidy", "-e")
	tidy.Dir, tidy.Env = dir, env
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	test := exec.Command("go", "test", "-count=1", ".")
	test.Dir, test.Env = dir, env
	if out, err := test.CombinedOutput(); err != nil {
		t.Fatalf("the pipelines' target fails the conformance suite: %v\n%s", err, out)
	}
}

// Through `greenlight run` as the Action calls it: the compiled pipeline's notifier (from
// SLACK_BOT_TOKEN and SLACK_CHANNEL, on the strict Slack fake) puts each traffic move's policy
// results in the release's thread: a freeze holds the promote, and the reply says until when.
func TestRunPutsPolicyResultsInTheSlackThread(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a pipeline")
	}
	dir := pipelineModule(t, "")
	os.WriteFile(filepath.Join(dir, "pipeline.go"), []byte(`package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

`+memTarget+`

type key struct{}

func (key) Sign(context.Context, oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "sig", KeyID: "release-key"}, nil
}
func (key) Verifier() oci.Verifier { return key{} }
func (key) Verify(context.Context, oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "sig", KeyID: "release-key"}, nil
}

func main() {
	sl := notify.FromEnv(os.Stderr)
	now := time.Now()
	prod := &greenlight.Environment{Name: "production", Target: &mem{}, Policies: []greenlight.Policy{
		governance.SignedBy{Allowed: []string{"release-key"}},
		&governance.Freeze{Windows: []governance.Window{governance.Range{From: now.Add(-time.Hour), Until: now.Add(3 * time.Hour), Reason: "launch <!here>"}}},
	}}
	img, _ := oci.NewImage("ghcr.io/acme/hello", "sha256:"+"4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c", "")
	code := greenlight.MainArgs(os.Args[1:], os.Stderr, func(p *greenlight.P) {
		p.Promote(p.Sign(img, key{}), p.Env("production"))
	}, sl.Option, greenlight.WithName("hello"), greenlight.WithEnvironments(prod))
	sl.Flush()
	os.Exit(code)
}
`), 0o644)
	tidy := exec.Command("go", "mod", "tidy", "-e")
	tidy.Dir, tidy.Env = dir, append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	sf := slackfake.New(nil)
	defer sf.Stop()
	t.Setenv("SLACK_BOT_TOKEN", slackfake.Token)
	t.Setenv("SLACK_CHANNEL", "#deploys")
	t.Setenv("SLACK_API_URL", sf.GetAPIURL())
	code, out, errs := runCLI("run", "--pipeline", dir, "--cache", t.TempDir())
	if code != 0 || !strings.Contains(out, `policy "freeze" holds first-release`) {
		t.Fatalf("the freeze holds (exit 0): %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "§ policies for first-release of 4f0c4f0c4f0c in production: held") {
		t.Errorf("the console does not list the policies:\n%s", out)
	}
	top := sf.TopLevel()
	if len(top) != 1 {
		t.Fatalf("release messages %+v", top)
	}
	th := sf.Thread(top[0].TS)
	if len(th) != 1 || !strings.HasPrefix(th[0].Text, ":scales: *Policies* for first-release of 4f0c4f0c4f0c in production: held\n:white_check_mark: *signed-by* allow: allowed\n:double_vertical_bar: *freeze* hold: production is frozen until ") ||
		!strings.Contains(th[0].Text, "launch &lt;!here&gt;") {
		t.Fatalf("thread %+v", th)
	}
}
