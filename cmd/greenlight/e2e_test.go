package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	ghclient "github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// e2e is a repository on the fake GitHub with the deploy pipeline of testdata/e2e, two signed
// images in a registry, and environments whose state outlives each run.
type e2e struct {
	t               *testing.T
	fake            *githubfake.Server
	gh              *ghclient.Client
	dir, state      string
	cache, events   string
	img1, img2      oci.Image
	c1, c2, mainSHA string
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	e := &e2e{t: t, c1: strings.Repeat("c1", 20), c2: strings.Repeat("c2", 20), mainSHA: strings.Repeat("9", 40)}
	e.fake = githubfake.New(e.c1, e.c2, e.mainSHA)
	t.Cleanup(e.fake.Close)
	e.fake.Token("tok", githubfake.WorkflowPermissions)
	e.fake.Check(e.c1, "test", "success")
	e.fake.Check(e.c2, "test", "success")
	e.gh, _ = ghclient.New("tok", "acme/hello", ghclient.WithBaseURL(e.fake.URL), ghclient.WithRecordKey([]byte(e2eRecordKey)), ghclient.WithApp(githubfake.AppID("acme-greenlight")))
	reg := testutil.Registry(t)
	key, _ := sign.GenerateKey()
	signer, _ := sign.NewSigner(key)
	push := func() oci.Image {
		out := testutil.PushRandom(t, reg.Repo("acme/hello"), 256)
		if _, err := signer.Sign(context.Background(), out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	e.img1, e.img2 = push(), push()
	e.state, e.cache, e.events = t.TempDir(), t.TempDir(), t.TempDir()
	pub := filepath.Join(e.state, "cosign.pub")
	os.WriteFile(pub, key.PublicPEM(), 0o644)
	// The pipeline module, as greenlight init writes one, over this checkout.
	e.dir = t.TempDir()
	root := testutil.ModuleRoot()
	src, _ := os.ReadFile(filepath.Join(root, "testdata", "e2e", "pipeline.go.txt"))
	os.WriteFile(filepath.Join(e.dir, "pipeline.go"), src, 0o644)
	os.WriteFile(filepath.Join(e.dir, "go.mod"), []byte("module example.com/deploy\n\ngo 1.26.0\n\nrequire github.com/greenlight-cd/greenlight v0.0.0\n\nreplace github.com/greenlight-cd/greenlight => "+root+"\n"), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(e.dir, "go.sum"), sum, 0o644)
	tidy := exec.Command("go", "mod", "tidy", "-e")
	tidy.Dir, tidy.Env = e.dir, append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	t.Setenv("E2E_PUBKEY", pub)
	t.Setenv("E2E_STATE", e.state)
	// The protected environment's record key, and the Slack bot's App (docs/trust.md §5).
	t.Setenv("GREENLIGHT_RECORD_KEY", e2eRecordKey)
	t.Setenv("GREENLIGHT_APP_ID", strconv.FormatInt(githubfake.AppID("acme-greenlight"), 10))
	return e
}

// event writes an event payload and sets up the step for it, as the Action runs greenlight run.
func (e *e2e) event(name string, payload string) (outputs string) {
	e.t.Helper()
	path := filepath.Join(e.events, fmt.Sprintf("%s-%d.json", name, time.Now().UnixNano()))
	os.WriteFile(path, []byte(payload), 0o644)
	gh := e.t.TempDir()
	runID, _ := e.fake.StartRun("deploy.yml", e.mainSHA, "deploy")
	for k, v := range map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": filepath.Join(gh, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(gh, "summary"),
		"GITHUB_TOKEN": "tok", "GITHUB_REPOSITORY": "acme/hello", "GREENLIGHT_GITHUB_API_URL": e.fake.URL, "GITHUB_SHA": e.mainSHA,
		"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": path, "GITHUB_RUN_ID": fmt.Sprint(runID), "GITHUB_RUN_ATTEMPT": "1"} {
		e.t.Setenv(k, v)
	}
	return filepath.Join(gh, "output")
}

func (e *e2e) workflowRun(commit string) string {
	b, _ := os.ReadFile(filepath.Join(testutil.ModuleRoot(), "testdata", "events", "workflow_run_success.json"))
	return e.event("workflow_run", strings.ReplaceAll(string(b), strings.Repeat("3", 40), commit))
}

func (e *e2e) dispatch(command, env, ref, by string) string {
	in := map[string]string{"command": command, "environment": env, "requested_by": by}
	if ref != "" {
		in["ref"] = ref
	}
	b, _ := json.Marshal(map[string]any{"inputs": in, "ref": "refs/heads/main", "workflow": ".github/workflows/deploy.yml",
		"repository": map[string]any{"id": 1, "name": "hello", "full_name": "acme/hello", "default_branch": "main"},
		"sender":     map[string]any{"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}})
	return e.event("workflow_dispatch", string(b))
}

// run runs greenlight run as the Action's last step does and returns its exit status, output
// and the step's outputs.
func (e *e2e) run() (int, string, map[string]string) {
	e.t.Helper()
	code, out, errs := runCLI("run", "--pipeline", e.dir, "--cache", e.cache)
	return code, out + errs, testutil.ReadOutputs(os.Getenv("GITHUB_OUTPUT"))
}

type targetState struct {
	Stable, Canary, Previous *struct{ ID, Image string }
	Weight                   int
	Log                      []string
}

func (e *e2e) target(env string) targetState {
	var s targetState
	b, _ := os.ReadFile(filepath.Join(e.state, env+".json"))
	json.Unmarshal(b, &s)
	return s
}

func (e *e2e) current(env string) *ghclient.Record {
	r, err := e.gh.Current(context.Background(), env)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// The path a release takes on GitHub, through greenlight run as the Action calls it: a push
// that passed CI deploys staging and holds a canary in production for approval; promote without
// an approval is refused; an approval recorded in GitHub lets promote through; a dispatched
// rollback, a deploy by digest and by commit; a GitHub 502 after a switch is recorded as out of
// date and reconciled by the next run.
func TestGitHubReleasePathThroughGreenlightRun(t *testing.T) {
	e := newE2E(t)
	d1, d2 := e.img1.Digest(), e.img2.Digest()
	// Production already runs release 1 (from commit c1), as recorded in GitHub.
	os.WriteFile(filepath.Join(e.state, "production.json"), []byte(fmt.Sprintf(`{"Stable":{"ID":%q,"Image":%q}}`, e.img1.Short(), e.img1.String())), 0o644)
	rec, err := e.gh.Begin(context.Background(), "production", e.c1, "refs/heads/main", ghclient.Payload{Image: e.img1.String(), Digest: d1}, true)
	if err != nil {
		t.Fatal(err)
	}
	e.gh.SetState(context.Background(), rec, "success", "", "", "release 1")

	// 1. CI passed on c2: staging gets it, production a canary held for approval.
	e.workflowRun(e.c2)
	t.Setenv("E2E_IMAGE", e.img2.String())
	code, log, out := e.run()
	if code != 0 || out["result"] != "skipped" || !strings.Contains(log, "asked #deploys to approve") {
		t.Fatalf("automatic run: exit %d, outputs %v\n%s", code, out, log)
	}
	if st := e.target("production"); st.Canary == nil || st.Canary.Image != e.img2.String() || st.Weight != 50 || st.Stable.Image != e.img1.String() {
		t.Fatalf("production after the automatic run: %+v", st)
	}
	if st := e.target("staging"); st.Stable == nil || st.Stable.Image != e.img2.String() {
		t.Fatalf("staging: %+v", st)
	}
	hist, _ := e.gh.History(context.Background(), "production", 1)
	if len(hist) != 1 || hist[0].Payload.Digest != d2 || hist[0].State != "in_progress" {
		t.Fatalf("the canary's deployment: %+v", hist[0])
	}

	// 2. promote with no approval recorded: refused, the canary stays where it is.
	e.dispatch("promote", "production", "", "carol")
	code, log, out = e.run()
	if code != 1 || out["result"] != "failed" || !strings.Contains(log, "requires an approval recorded for "+d2) {
		t.Fatalf("promote without approval: exit %d %v\n%s", code, out, log)
	}
	if st := e.target("production"); st.Canary == nil || st.Stable.Image != e.img1.String() {
		t.Fatalf("production after a refused promote: %+v", st)
	}

	// 3. bob started this release (his push passed CI), so his own approval cannot promote
	// it, although the dispatched promote is sent by the bot and asked for by someone else:
	// the engine reads who is behind the release from GitHub, not from the dispatch. The bot
	// records decisions with its GitHub App's token (the workflow's would not count).
	e.fake.Token("ghs_app", githubfake.AllPermissions)
	e.fake.App("ghs_app", "acme-greenlight")
	bot, _ := ghclient.New("ghs_app", "acme/hello", ghclient.WithBaseURL(e.fake.URL), ghclient.WithApp(githubfake.AppID("acme-greenlight")))
	decisions := bot.Decisions("main")
	if _, _, err := decisions.Record(context.Background(), approval.Decision{Approved: true, By: "U0BOB", Identity: "bob", Via: "slack",
		Env: "production", Digest: d2, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	e.dispatch("promote", "production", "", "slack approval by bob")
	code, log, out = e.run()
	if code != 1 || !strings.Contains(log, "bob wrote or started the release of "+e.img2.Short()) {
		t.Fatalf("promote on the approval of the release's own starter: exit %d %v\n%s", code, out, log)
	}
	if st := e.target("production"); st.Canary == nil || st.Stable.Image != e.img1.String() {
		t.Fatalf("production after a self-approved promote: %+v", st)
	}

	// erin, who has nothing to do with the release, approves in Slack: the first decision by
	// someone who may decide is the one that stands, and promote goes.
	if _, err := decisions.Cast(context.Background(), approval.Decision{Approved: true, By: "U0ERIN", Identity: "erin", Via: "slack",
		Env: "production", Digest: d2, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	e.dispatch("promote", "production", "", "slack approval by erin")
	code, log, out = e.run()
	if code != 0 || out["result"] != "passed" {
		t.Fatalf("promote after approval: exit %d %v\n%s", code, out, log)
	}
	if st := e.target("production"); st.Stable.Image != e.img2.String() || st.Canary != nil {
		t.Fatalf("production after promote: %+v", st)
	}
	// The dispatched promote has no analysis of the canary to continue (the automatic run
	// judged it): it bakes with a fresh test before 100 % (issue 23 §3), and says so.
	checkDispatchedBake(t, e.target("production").Log, e.img2.Short(), log)
	if cur := e.current("production"); cur.Payload.Digest != d2 || cur.SHA != e.c2 {
		t.Fatalf("GitHub after promote: %+v", cur)
	}
	// The dispatched promote ran on main's newest commit; "production: live" belongs on the
	// commit of the image it promoted (c2), never on main's head.
	lastProd := func(sha string) map[string]any {
		var last map[string]any
		for _, st := range e.fake.CommitStatuses(sha) {
			if st["context"] == "greenlight/production" {
				last = st
			}
		}
		return last
	}
	if st := lastProd(e.c2); st == nil || st["state"] != "success" {
		t.Errorf("production's status on the promoted image's commit: %v", st)
	}
	if st := lastProd(e.mainSHA); st != nil {
		t.Errorf("the dispatched promote put production's status on main's head, which it did not deploy: %v", st)
	}

	// 4. A dispatched rollback returns production to release 1, recorded against its commit.
	e.dispatch("rollback", "production", "", "dave")
	code, log, out = e.run()
	if code != 0 || out["result"] != "passed" || e.target("production").Stable.Image != e.img1.String() {
		t.Fatalf("rollback: exit %d %v %+v\n%s", code, out, e.target("production"), log)
	}
	if cur := e.current("production"); cur.Payload.Digest != d1 || cur.SHA != e.c1 || cur.Payload.Strategy != "rollback" || cur.Payload.RequestedBy != "dave" {
		t.Fatalf("GitHub after the rollback: %+v %+v", cur, cur.Payload)
	}

	// 5. A deploy by digest into production asked for by erin: her own approval does not
	// count for her own request, so it is refused; asked for by dave, erin's approval counts.
	e.dispatch("deploy", "production", d2, "erin")
	if code, log, out = e.run(); code != 1 || e.target("production").Stable.Image != e.img1.String() {
		t.Fatalf("deploy by digest approved only by its requester: exit %d %v\n%s", code, out, log)
	}
	e.dispatch("deploy", "production", d2, "dave")
	if code, log, out = e.run(); code != 0 || e.target("production").Stable.Image != e.img2.String() {
		t.Fatalf("deploy by digest: exit %d %v\n%s", code, out, log)
	}
	// A deploy by commit into staging (not gated).
	e.dispatch("deploy", "staging", e.c1[:9], "erin")
	if code, log, out = e.run(); code != 0 || e.target("staging").Stable.Image != e.img1.String() {
		t.Fatalf("deploy by commit: exit %d %v\n%s", code, out, log)
	}

	// 6. GitHub fails (502) right after the switch: the run says what is out of date, and the
	// next run corrects the record from what the environment runs.
	e.fake.FailOutcome(6, 502)
	e.dispatch("deploy", "staging", d2, "erin")
	code, log, out = e.run()
	summary, _ := os.ReadFile(filepath.Join(filepath.Dir(os.Getenv("GITHUB_OUTPUT")), "summary"))
	if e.target("staging").Stable.Image != e.img2.String() || !strings.Contains(string(summary), "Out of date in GitHub") {
		t.Fatalf("502 after the switch: exit %d %v\nsummary:\n%s\nlog:\n%s", code, out, summary, log)
	}
	hist, _ = e.gh.History(context.Background(), "staging", 1)
	if hist[0].Payload.Digest != d2 || hist[0].State != "in_progress" {
		t.Fatalf("the record left behind: %+v", hist[0])
	}
	stale := hist[0].ID
	e.dispatch("deploy", "staging", e.c1[:9], "erin")
	code, log, _ = e.run()
	if code != 0 || !strings.Contains(log, "ledger reconciled") {
		t.Fatalf("the next run: exit %d\n%s", code, log)
	}
	hist, _ = e.gh.History(context.Background(), "staging", 0)
	for _, r := range hist {
		if r.ID == stale && (r.State == "in_progress" || !r.Succeeded) {
			t.Errorf("deployment %d still says %s after the reconcile", r.ID, r.State)
		}
	}
}

// Two runs moving one environment at once: the second waits for the first's hold in GitHub,
// says so, and the record agrees with what runs. Real processes, as two Action jobs would be.
func TestTwoRunsOnOneEnvironmentTakeTurns(t *testing.T) {
	e := newE2E(t)
	bin := filepath.Join(t.TempDir(), "greenlight")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the CLI: %v\n%s", err, out)
	}
	// Compile the pipeline once, so that both runs start together.
	e.dispatch("deploy", "staging", e.c1[:9], "warmup")
	t.Setenv("E2E_IMAGE", e.img1.String())
	e.fake.Check(e.c1, "test", "success")
	if code, log, _ := e.run(); code != 1 && code != 0 {
		t.Fatalf("warm-up: %d\n%s", code, log)
	}
	// Both images passed somewhere before (a deploy takes only such an image).
	for _, img := range []oci.Image{e.img1, e.img2} {
		rec, _ := e.gh.Begin(context.Background(), "qa", map[bool]string{true: e.c1, false: e.c2}[img == e.img1], "refs/heads/main",
			ghclient.Payload{Image: img.String(), Digest: img.Digest()}, false)
		e.gh.SetState(context.Background(), rec, "success", "", "", "seed")
	}
	t.Setenv("E2E_START_DELAY", "2s")
	var wg sync.WaitGroup
	logs := make([]string, 2)
	codes := make([]int, 2)
	for i, img := range []oci.Image{e.img1, e.img2} {
		e.dispatch("deploy", "staging", img.Digest(), fmt.Sprintf("run%d", i))
		env := os.Environ()
		wg.Add(1)
		go func(i int, env []string) {
			defer wg.Done()
			cmd := exec.Command(bin, "run", "--pipeline", e.dir, "--cache", e.cache)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			logs[i] = string(out)
			if err != nil {
				codes[i] = cmd.ProcessState.ExitCode()
			}
		}(i, env)
		time.Sleep(300 * time.Millisecond)
	}
	wg.Wait()
	if codes[0] != 0 || codes[1] != 0 {
		t.Fatalf("exit %v\n--- run 0\n%s\n--- run 1\n%s", codes, logs[0], logs[1])
	}
	if !strings.Contains(logs[1], "waiting for") {
		t.Errorf("the second run did not wait for the first:\n%s", logs[1])
	}
	st := e.target("staging")
	// The moves did not interleave: each promote follows its own run's start.
	if len(st.Log) < 2 || st.Stable.Image != e.img2.String() {
		t.Errorf("staging: %+v", st)
	}
	if cur := e.current("staging"); cur == nil || cur.Payload.Digest != e.img2.Digest() {
		t.Errorf("GitHub says staging runs %+v, the target %s", cur, st.Stable.Image)
	}
	// Both holds were released.
	e.gh.Each(context.Background(), "staging", ghclient.ClaimTask, func(r *ghclient.Record) (bool, error) {
		if r.State != "inactive" {
			t.Errorf("hold %d is still %s", r.ID, r.State)
		}
		return false, nil
	})
}

// e2eRecordKey is the protected environment's record key (GREENLIGHT_RECORD_KEY): the
// pipeline's and the one that recorded release 1 before the test starts.
const e2eRecordKey = "record-key-of-the-production-environment"

// checkDispatchedBake checks that a dispatched promote of canary moved it to the bake's 75 %
// before 100 %, and that the run said it baked with a fresh test.
func checkDispatchedBake(t *testing.T, targetLog []string, canary, log string) {
	t.Helper()
	bake, promote := -1, -1
	for i, l := range targetLog {
		switch l {
		case "weight " + canary + " 75":
			bake = i
		case "promote " + canary:
			promote = i
		}
	}
	if bake < 0 || promote < bake {
		t.Errorf("the dispatched promote did not bake at 75%% before 100%%: %q", targetLog)
	}
	for _, want := range []string{"baking " + canary + " at 75%", "a fresh test", "promoted to 100% after its bake at 75%; ", "a fresh test, with a false-alarm budget of its own: "} {
		if !strings.Contains(log, want) {
			t.Errorf("the promote's log lacks %q:\n%s", want, log)
		}
	}
}

// Issue 23 §3: the usual path of a gated production (the run holds the canary for approval
// and ends; on approval the bot dispatches promote) bakes too, and a version that goes bad
// after the approval is rolled back by that bake through the choke point: all traffic on the
// previous version, the canary's deployment recorded as failed, exit 1.
func TestDispatchedPromoteBakeRollsBackABadVersion(t *testing.T) {
	e := newE2E(t)
	d1, d2 := e.img1.Digest(), e.img2.Digest()
	os.WriteFile(filepath.Join(e.state, "production.json"), []byte(fmt.Sprintf(`{"Stable":{"ID":%q,"Image":%q}}`, e.img1.Short(), e.img1.String())), 0o644)
	rec, err := e.gh.Begin(context.Background(), "production", e.c1, "refs/heads/main", ghclient.Payload{Image: e.img1.String(), Digest: d1}, true)
	if err != nil {
		t.Fatal(err)
	}
	e.gh.SetState(context.Background(), rec, "success", "", "", "release 1")
	e.workflowRun(e.c2)
	t.Setenv("E2E_IMAGE", e.img2.String())
	if code, log, out := e.run(); code != 0 || out["result"] != "skipped" {
		t.Fatalf("automatic run: exit %d, outputs %v\n%s", code, out, log)
	}
	e.fake.Token("ghs_app", githubfake.AllPermissions)
	e.fake.App("ghs_app", "acme-greenlight")
	bot, _ := ghclient.New("ghs_app", "acme/hello", ghclient.WithBaseURL(e.fake.URL), ghclient.WithApp(githubfake.AppID("acme-greenlight")))
	if _, err := bot.Decisions("main").Cast(context.Background(), approval.Decision{Approved: true, By: "U0ERIN", Identity: "erin", Via: "slack",
		Env: "production", Digest: d2, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// After the approval, the new version goes bad: 30 % of its requests fail.
	t.Setenv("E2E_BAD_IMAGE", e.img2.String())
	e.dispatch("promote", "production", "", "slack approval by erin")
	code, log, out := e.run()
	if code != 1 || out["result"] != "failed" || !strings.Contains(log, "bake failed at 75%: bake: canary has more errors than the baseline") ||
		!strings.Contains(log, "rolled back automatically: 100% of traffic on "+e.img1.Short()) {
		t.Fatalf("a bad version's dispatched promote: exit %d %v\n%s", code, out, log)
	}
	st := e.target("production")
	if st.Stable == nil || st.Stable.Image != e.img1.String() || st.Canary != nil {
		t.Fatalf("production after the bake failed: %+v", st)
	}
	if !slices.Contains(st.Log, "weight "+e.img2.Short()+" 75") || slices.Contains(st.Log, "promote "+e.img2.Short()) {
		t.Errorf("the target's moves: %q", st.Log)
	}
	if cur := e.current("production"); cur.Payload.Digest != d1 {
		t.Errorf("GitHub's current production deployment: %+v", cur.Payload)
	}
	hist, _ := e.gh.History(context.Background(), "production", 1)
	if len(hist) != 1 || hist[0].Payload.Digest != d2 || hist[0].State == "success" || hist[0].State == "in_progress" {
		t.Errorf("the canary's deployment after the failed bake: %+v", hist)
	}
}

// Issue 23 §4, through `greenlight run` as the Action calls it, on the fake GitHub and the
// strict Slack fake: a canary judged by the default judge shows, for each step, the requests
// and errors of each version and the evidence against its threshold, in the step summary and
// in the release's Slack thread.
func TestRunShowsEachStepsFiguresInTheSummaryAndTheSlackThread(t *testing.T) {
	e := newE2E(t)
	d1 := e.img1.Digest()
	os.WriteFile(filepath.Join(e.state, "production.json"), []byte(fmt.Sprintf(`{"Stable":{"ID":%q,"Image":%q}}`, e.img1.Short(), e.img1.String())), 0o644)
	rec, err := e.gh.Begin(context.Background(), "production", e.c1, "refs/heads/main", ghclient.Payload{Image: e.img1.String(), Digest: d1}, true)
	if err != nil {
		t.Fatal(err)
	}
	e.gh.SetState(context.Background(), rec, "success", "", "", "release 1")
	sf := slackfake.New(nil)
	defer sf.Stop()
	t.Setenv("SLACK_BOT_TOKEN", slackfake.Token)
	t.Setenv("SLACK_CHANNEL", "#deploys")
	t.Setenv("SLACK_API_URL", sf.GetAPIURL())
	t.Setenv("E2E_SEQUENTIAL", "true")
	e.workflowRun(e.c2)
	t.Setenv("E2E_IMAGE", e.img2.String())
	code, log, out := e.run()
	if code != 0 || out["result"] != "skipped" || !strings.Contains(log, "to approve "+e.img2.Short()) {
		t.Fatalf("automatic run: exit %d, outputs %v\n%s", code, out, log)
	}
	// Each version served 1000 requests with 1 error in each step (the pipeline's metrics).
	sum, _ := os.ReadFile(os.Getenv("GITHUB_STEP_SUMMARY"))
	for _, w := range []int{10, 50} {
		row := ""
		for _, l := range strings.Split(string(sum), "\n") {
			if strings.HasPrefix(l, fmt.Sprintf("| production | %d%% | pass", w)) {
				row = l
			}
		}
		if strings.Count(row, "| 1000 req, 1 err (0.10%)") != 2 {
			t.Errorf("the summary's row of the %d%% step lacks each version's requests and errors: %q\n%s", w, row, sum)
		}
		for _, want := range []string{"evidence of more errors ", " of 100"} {
			if !strings.Contains(row, want) {
				t.Errorf("the summary's row of the %d%% step lacks %q: %q\n%s", w, want, row, sum)
			}
		}
	}
	top := sf.TopLevel()
	if len(top) != 1 {
		t.Fatalf("release messages %+v", top)
	}
	var steps []string
	for _, m := range sf.Thread(top[0].TS) {
		if strings.Contains(m.Text, "Step ") {
			steps = append(steps, m.Text)
		}
	}
	if len(steps) != 2 {
		t.Fatalf("the thread's step replies: %q", steps)
	}
	for i, w := range []int{10, 50} {
		for _, want := range []string{fmt.Sprintf("Step %d%% passed", w), "in production", "canary 1000 req, 1 err (0.10%)", "stable 1000 req, 1 err (0.10%)", "evidence of more errors ", " of 100"} {
			if !strings.Contains(steps[i], want) {
				t.Errorf("the thread's reply for %d%% lacks %q:\n%s", w, want, steps[i])
			}
		}
	}
}
