package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

type okSigner struct{}

func (okSigner) Sign(context.Context, oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "sig", KeyID: "k"}, nil
}
func (okSigner) Verifier() oci.Verifier { return okSigner{} }
func (okSigner) Verify(_ context.Context, img oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "repo:" + img.Short() + ".sig", KeyID: "k"}, nil
}

// gateOnly is a target for a pipeline that only reaches a gate: it runs nothing.
type gateOnly struct{ greenlight.Target }

func (gateOnly) State(context.Context) (greenlight.State, error) { return greenlight.State{}, nil }

// A release through Slack as people live it, on the strict Slack fake and the GitHub fake, with
// the real notifier, approver and bot handler (signed HTTP requests as Slack sends them):
// the release message and its live updates, the approval asked in its thread, an unmapped
// approver refused, the author refused, a user-group approver's click recorded then acted on,
// a duplicate click told who decided, a rollback command answered through response_url, and
// every decision and command in GitHub's audit trail.
func TestReleaseThroughSlackEndToEnd(t *testing.T) {
	ctx := context.Background()
	commit := strings.Repeat("c", 40)
	gh, ghc, botGH, sf := releaseFakes(t, commit)
	sf.AddUser("UANN", "ann@example.com")

	// The pipeline's side: the notifier follows the release; the gate asks in its thread.
	n := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()))
	src := runlog.Source{Repository: "acme/hello", Commit: commit, Ref: "refs/heads/main", Author: "ann", Trigger: "push", RunURL: "https://github.com/acme/hello/actions/runs/7"}
	n.SetSource(src)
	n.SetEnvironmentURLs(map[string]string{"production": "https://hello.example"})
	ap := NewApprover(slackfake.Token, "#deploys", ghc, notify.WithAPIURL(sf.GetAPIURL()))
	ap.Release, ap.AuthorEmail = n, "ann@example.com"
	img, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 77), "")
	prod := &greenlight.Environment{Name: "production", Target: gateOnly{}, Approval: greenlight.Approval{Approver: ap}}
	rep, runErr := greenlight.Run(ctx, func(p *greenlight.P) {
		p.Stage("build", func(s *greenlight.Stage) error { s.Result("%s", img); return nil })
		signed := p.Sign(img, okSigner{})
		p.Stage("canary", func(s *greenlight.Stage) error {
			// The canary at 10 %, recorded in GitHub as the deployment that waits.
			_, err := ghc.Begin(ctx, "production", commit, "main", github.Payload{Image: img.String(), Digest: img.Digest(), TriggeredBy: "ann", RunURL: src.RunURL}, true)
			n.Emit(runlog.Event{Kind: runlog.TrafficShifted, Env: "production", Weight: 10})
			return err
		})
		p.Gate(signed, prod)
	}, greenlight.WithName("hello"), greenlight.WithSource(src), greenlight.WithSink(n), greenlight.WithEnvironments(prod))
	if rep == nil {
		t.Fatal(runErr)
	}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := n.Close(cctx); err != nil || rep.Status != runlog.Skipped {
		t.Fatalf("run %s (%s), notifier %v", rep.Status, rep.Error, err)
	}
	top := sf.TopLevel()
	if len(top) != 1 || top[0].Channel != "C0DEPLOYS" || top[0].Updates == 0 || !slices.Contains(top[0].Reactions, "fast_forward") {
		t.Fatalf("release message %+v", top)
	}
	for _, want := range []string{"Greenlight: hello skipped", "canary", "build", "ccccccc", "https://hello.example"} {
		if !strings.Contains(top[0].Blocks+top[0].Text, want) {
			t.Errorf("release message lacks %q:\n%s", want, top[0].Blocks)
		}
	}
	thread := sf.Thread(top[0].TS)
	if len(thread) != 1 || !strings.Contains(thread[0].Blocks, `"action_id":"approve"`) {
		t.Fatalf("the approval should be in the release thread: %+v", thread)
	}
	approvalTS := thread[0].TS
	blocks := thread[0].Blocks
	value := jsonString(blocks[strings.Index(blocks, `"value":`)+8:])

	// The bot's side, as the shipped command builds it.
	cfg, err := ParseConfig([]byte(peopleConfig))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVerifier(secret)
	audit := &strings.Builder{}
	b := &Bot{Verifier: v, Config: cfg, GitHub: botGH, Audit: audit, API: slack.New(slackfake.Token, slack.OptionAPIURL(sf.GetAPIURL()))}
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	h := b.Handler()
	clickAs := func(user, action string) string {
		return clickInThread(t, b, sf, "C0DEPLOYS", approvalTS, top[0].TS, user, action, value)
	}
	// UDAN is in the approvers' user group but has no GitHub login: refused, told how to fix it.
	if got := clickAs("UDAN", "approve"); !strings.Contains(got, "ephemeral: ") || !strings.Contains(got, "people: {YOUR_GITHUB_LOGIN: UDAN}") {
		t.Errorf("unmapped approver: %s", got)
	}
	// UANN wrote and released it.
	if got := clickAs("UANN", "approve"); !strings.Contains(got, "released it") {
		t.Errorf("the author: %s", got)
	}
	if len(gh.Dispatches) != 0 {
		t.Fatalf("a refused click dispatched %+v", gh.Dispatches)
	}
	// UCAROL approves through the user group: recorded, then promote dispatched. The decision
	// is announced once, in the release's thread; response_url tells only UCAROL.
	if got := clickAs("UCAROL", "approve"); !strings.HasPrefix(got, "ephemeral: ") || !strings.Contains(got, "<@UCAROL> (carol) approved") {
		t.Errorf("group approver: %s", got)
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "promote" || gh.Dispatches[0].Inputs["requested_by"] != "slack approval by carol" {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	d, err := ghc.Decisions("main").Lookup(ctx, "production", img.Digest())
	if err != nil || d == nil || !d.Approved || d.Identity != "carol" || d.By != "UCAROL" {
		t.Fatalf("decision %+v %v", d, err)
	}
	// The approval message lost its buttons and says who approved; the thread says it too.
	thread = sf.Thread(top[0].TS)
	if strings.Contains(thread[0].Blocks, "button") || !strings.Contains(thread[0].Blocks, "approved") ||
		len(thread) != 2 || !strings.Contains(thread[1].Text, "<@UCAROL> (carol) approved") {
		t.Errorf("thread after the decision %+v", thread)
	}
	// UBOB clicks Reject a moment later: nothing changes, and only UBOB is told.
	if got := clickAs("UBOB", "reject"); !strings.Contains(got, "ephemeral: ") || !strings.Contains(got, "already approved by <@UCAROL> (carol) at ") {
		t.Errorf("duplicate click: %s", got)
	}
	if len(gh.Dispatches) != 1 {
		t.Fatalf("the duplicate click dispatched %+v", gh.Dispatches)
	}
	// The promote it dispatched continues the release's message: same message, updated in
	// place, its outcome on it, and a reply in its thread; no second release message.
	thr := gh.Dispatches[0].Inputs["thread"]
	if thr != "C0DEPLOYS/"+top[0].TS {
		t.Fatalf("the promote does not name the release's thread: %v", gh.Dispatches[0].Inputs)
	}
	in, err := protocol.ParseInputs(map[string]string{"command": "promote", "environment": "production", "requested_by": "slack approval by carol", "thread": thr.(string)})
	if err != nil {
		t.Fatal(err)
	}
	before := top[0].Updates
	n2 := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()))
	rep2, _ := greenlight.Run(ctx, func(p *greenlight.P) {
		p.Stage("promote", func(s *greenlight.Stage) error { s.Result("%s serves 100%%", img.Short()); return nil })
	}, greenlight.WithName("hello"), greenlight.WithRequest(protocol.Request{Repository: "acme/hello", Commit: commit, Trigger: "workflow_dispatch", Inputs: in}), greenlight.WithSink(n2))
	cctx2, cancel2 := context.WithTimeout(ctx, 20*time.Second)
	defer cancel2()
	if err := n2.Close(cctx2); err != nil || rep2.Status != runlog.Passed {
		t.Fatalf("the promote run: %s %v", rep2.Status, err)
	}
	top2 := sf.TopLevel()
	if len(top2) != 1 || top2[0].TS != top[0].TS || top2[0].Updates <= before || !slices.Contains(top2[0].Reactions, "white_check_mark") || !strings.Contains(top2[0].Blocks, "promote") || !strings.Contains(top2[0].Blocks, "slack approval by carol") {
		t.Errorf("the release message after the promote: %+v", top2)
	}
	if th := sf.Thread(top[0].TS); !strings.Contains(th[len(th)-1].Text, "Continued by workflow_dispatch requested by slack approval by carol") {
		t.Errorf("the thread after the promote: %+v", th)
	}
	// /greenlight rollback production: acknowledged at once, finished through response_url.
	hook := sf.ResponseURL()
	rec := signedPost(h, "/slack/commands", url.Values{"team_id": {slackfake.TeamID}, "api_app_id": {slackfake.AppID}, "user_id": {"UBOB"},
		"command": {"/greenlight"}, "text": {"rollback production"}, "response_url": {hook}})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "On it") {
		t.Fatalf("rollback ack %d %s", rec.Code, rec.Body)
	}
	b.Wait()
	if rs := sf.Responses(hook); len(rs) != 1 || rs[0].ResponseType != "in_channel" || !strings.Contains(rs[0].Text, "<@UBOB> started `rollback production`") {
		t.Errorf("rollback answer %+v", rs)
	}
	if len(gh.Dispatches) != 2 || gh.Dispatches[1].Inputs["command"] != "rollback" || gh.Dispatches[1].Inputs["requested_by"] != "bob" {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	// Every decision and command is in GitHub, newest first.
	log, err := ghc.AuditLog(ctx, "production", 0)
	if err != nil || len(log) != 5 {
		t.Fatalf("audit log %+v %v", log, err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Outcome+" "+strings.Fields(e.Action)[0]+" "+e.User+"/"+e.Identity)
	}
	want := []string{"done rollback UBOB/bob", "refused reject UBOB/bob", "done approve UCAROL/carol", "refused approve UANN/ann", "refused approve UDAN/"}
	if !slices.Equal(got, want) {
		t.Errorf("audit log\n got %q\nwant %q", got, want)
	}
}

// The release message of a successful release carries a Roll back button, which acts only while
// that release is what the environment runs.
func TestRollbackButtonOnlyWhileTheReleaseRuns(t *testing.T) {
	b, sf, gh := slackBot(t)
	ctx := context.Background()
	digest := fmt.Sprintf("sha256:%064x", 9)
	n := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()), notify.WithUpdateInterval(0))
	greenlight.Run(ctx, func(p *greenlight.P) {
		p.Stage("build", func(s *greenlight.Stage) error { s.Result("ghcr.io/acme/hello@%s", digest); return nil })
		n.Emit(runlog.Event{Kind: runlog.TrafficShifted, Env: "production", Weight: 100})
	}, greenlight.WithName("hello"), greenlight.WithSink(n))
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	n.Close(cctx)
	top := sf.TopLevel()
	if len(top) != 1 || !strings.Contains(top[0].Blocks, `"action_id":"rollback:0"`) {
		t.Fatalf("release message %+v", top)
	}
	blocks := top[0].Blocks
	value := jsonString(blocks[strings.Index(blocks, `"value":`)+8:])
	rec, _ := b.GitHub.Begin(ctx, "production", strings.Repeat("a", 40), "main", github.Payload{Image: "ghcr.io/acme/hello@" + digest, Digest: digest}, true)
	b.GitHub.SetState(ctx, rec, "success", "", "", "deployed")
	press := func(user string) string {
		hook := sf.ResponseURL()
		p, _ := json.Marshal(map[string]any{"type": "block_actions", "team": map[string]string{"id": slackfake.TeamID}, "api_app_id": slackfake.AppID,
			"user": map[string]string{"id": user}, "response_url": hook, "channel": map[string]string{"id": top[0].Channel},
			"message": map[string]string{"ts": top[0].TS}, "actions": []map[string]string{{"action_id": "rollback:0", "value": value}}})
		signedPost(b.Handler(), "/slack/interactions", url.Values{"payload": {string(p)}})
		b.Wait()
		rs := sf.Responses(hook)
		if len(rs) != 1 {
			t.Fatalf("answers %+v", rs)
		}
		return rs[0].ResponseType + ": " + rs[0].Text
	}
	if got := press("UEVE"); !strings.Contains(got, "ephemeral: <@UEVE> cannot roll back production: only") {
		t.Errorf("not allowed: %s", got)
	}
	if got := press("UANN"); !strings.Contains(got, "in_channel: <@UANN> started `rollback production`") {
		t.Errorf("rollback: %s", got)
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "rollback" || gh.Dispatches[0].Inputs["requested_by"] != "ann" {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	if th := sf.Thread(top[0].TS); len(th) != 1 || !strings.Contains(th[0].Text, "started `rollback production`") {
		t.Errorf("thread %+v", th)
	}
	// A newer release runs now: the old button does nothing.
	newer := fmt.Sprintf("sha256:%064x", 10)
	rec, _ = b.GitHub.Begin(ctx, "production", strings.Repeat("a", 40), "main", github.Payload{Image: "ghcr.io/acme/hello@" + newer, Digest: newer}, true)
	b.GitHub.SetState(ctx, rec, "success", "", "", "deployed")
	if got := press("UANN"); !strings.Contains(got, "is no longer what production runs") {
		t.Errorf("stale button: %s", got)
	}
	if len(gh.Dispatches) != 1 {
		t.Fatalf("a stale button dispatched %+v", gh.Dispatches)
	}
}

// clickInThread sends a signed block_actions payload as Slack does for a click on the message
// ts in channel (a reply in thread), waits for the bot, and returns its one answer through
// response_url as "TYPE: TEXT".
func clickInThread(t *testing.T, b *Bot, sf *slackfake.Server, channel, ts, thread, user, action, value string) string {
	t.Helper()
	hook := sf.ResponseURL()
	p, _ := json.Marshal(map[string]any{"type": "block_actions", "team": map[string]string{"id": slackfake.TeamID}, "api_app_id": slackfake.AppID,
		"user": map[string]string{"id": user}, "response_url": hook, "channel": map[string]string{"id": channel},
		"message": map[string]string{"ts": ts, "thread_ts": thread}, "actions": []map[string]string{{"action_id": action, "value": value}}})
	if rec := signedPost(b.Handler(), "/slack/interactions", url.Values{"payload": {string(p)}}); rec.Code != 200 {
		t.Fatalf("click answered %d", rec.Code)
	}
	b.Wait()
	rs := sf.Responses(hook)
	if len(rs) != 1 {
		t.Fatalf("%s's click: answers %+v", user, rs)
	}
	return rs[0].ResponseType + ": " + rs[0].Text
}

// releaseFakes are the services a release through Slack meets: GitHub with one commit, the
// pipeline's client (the workflow's token) and the bot's (its GitHub App's token: decisions
// written with the workflow's, github-actions[bot], would not count), and Slack with the
// approvers' user group SRELEASE (UCAROL, UDAN). They stop when the test ends.
func releaseFakes(t *testing.T, commit string) (*githubfake.Server, *github.Client, *github.Client, *slackfake.Server) {
	t.Helper()
	gh := githubfake.New(commit)
	t.Cleanup(gh.Close)
	// Dispatches are checked against the inputs the deploy workflow declares, as GitHub does.
	wf, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "deploy-example.yml")) // go test runs in the package folder
	if err != nil {
		t.Fatal(err)
	}
	if err := gh.Workflow("deploy.yml", wf); err != nil {
		t.Fatal(err)
	}
	gh.Token("ghs_workflow", githubfake.AllPermissions)
	ghc, err := github.New("ghs_workflow", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")))
	if err != nil {
		t.Fatal(err)
	}
	gh.Token("ghs_app", githubfake.AllPermissions)
	gh.App("ghs_app", "acme-greenlight")
	botGH, err := github.New("ghs_app", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")))
	if err != nil {
		t.Fatal(err)
	}
	sf := slackfake.New(map[string][]string{"SRELEASE": {"UCAROL", "UDAN"}})
	t.Cleanup(sf.Stop)
	return gh, ghc, botGH, sf
}
