package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/flags"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// flagStore is a flag store in memory.
type flagStore map[string]flags.Flag

func (m flagStore) Get(_ context.Context, name string) (flags.Flag, error) { return m[name], nil }
func (m flagStore) Set(_ context.Context, f flags.Flag) error              { m[f.Name] = f; return nil }

// sameVariants: both variants of a flag serve alike, so every judged step passes.
type sameVariants struct{}

func (sameVariants) SampleVariant(context.Context, string, string, time.Time) (analysis.Sample, error) {
	return analysis.Sample{Requests: 1000, Errors: 1}, nil
}

// Issue 26: a flag's rollout into a gated environment held for an approval of "flag:<name>",
// but nobody was asked: the Slack approver was never called for a flag (the thread got no
// buttons), and the bot took clicks only for image digests and dispatched only promote or
// abort, which do not resume a flag's release. Now the run asks the environment's approver, the
// release's thread gets Approve and Reject for the flag, a click is checked by the one approval
// rule (the release's author is refused; an approver of the approve list counts), recorded for
// "flag:checkout" in production, and the bot dispatches the pipeline's run, which releases the
// flag through every step.
func TestFlagReleaseApprovedThroughSlack(t *testing.T) {
	ctx := context.Background()
	commit := strings.Repeat("e", 40)
	gh, ghc, botGH, sf := releaseFakes(t, commit)
	sf.AddUser("UANN", "ann@example.com")

	n := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()))
	src := runlog.Source{Repository: "acme/hello", Commit: commit, Ref: "refs/heads/main", Author: "ann", Actor: "ann", Trigger: "push", RunURL: "https://github.com/acme/hello/actions/runs/8"}
	n.SetSource(src)
	ap := NewApprover(slackfake.Token, "#deploys", ghc, notify.WithAPIURL(sf.GetAPIURL()))
	ap.Release, ap.AuthorEmail = n, "ann@example.com"
	store := flagStore{}
	prod := &greenlight.Environment{Name: "production", Target: gateOnly{}, Approval: greenlight.Approval{Approver: ap, Decisions: ghc.Decisions("main")}}
	pipeline := func(p *greenlight.P) {
		flags.Rollout(p, prod, flags.Release{Flag: "checkout", Store: store, Metrics: sameVariants{},
			Plan: greenlight.CanaryPlan{Steps: []int{10, 100}, Interval: 5 * time.Millisecond, MaxWait: 2 * time.Second, Judge: analysis.Compare{MinRequests: 100}}})
	}
	rep, err := greenlight.Run(ctx, pipeline, greenlight.WithName("hello"), greenlight.WithSource(src), greenlight.WithSink(n), greenlight.WithEnvironments(prod))
	if rep == nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := n.Close(cctx); err != nil || rep.Status != runlog.Skipped || store["checkout"].Percent != 0 {
		t.Fatalf("the gated release: run %s (%s), flag at %d%%, notifier %v", rep.Status, rep.Error, store["checkout"].Percent, err)
	}
	top := sf.TopLevel()
	if len(top) != 1 {
		t.Fatalf("release messages %+v", top)
	}
	thread := sf.Thread(top[0].TS)
	if len(thread) != 1 || !strings.Contains(thread[0].Blocks, `"action_id":"approve"`) || !strings.Contains(thread[0].Blocks, "checkout") || !strings.Contains(thread[0].Blocks, "10%") {
		t.Fatalf("the flag's approval should be asked in the release's thread, with buttons: %+v", thread)
	}
	blocks := thread[0].Blocks
	value := jsonString(blocks[strings.Index(blocks, `"value":`)+8:])

	cfg, err := ParseConfig([]byte(peopleConfig))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVerifier(secret)
	b := &Bot{Verifier: v, Config: cfg, GitHub: botGH, Audit: &strings.Builder{}, API: slack.New(slackfake.Token, slack.OptionAPIURL(sf.GetAPIURL()))}
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clickAs := func(user, action string) string {
		return clickInThread(t, b, sf, "C0DEPLOYS", thread[0].TS, top[0].TS, user, action, value)
	}
	// ann wrote and released it: refused, nothing recorded.
	if got := clickAs("UANN", "approve"); !strings.Contains(got, "released it") {
		t.Errorf("the author's click: %s", got)
	}
	// eve is not on production's approve list.
	if got := clickAs("UEVE", "approve"); !strings.Contains(got, "cannot approve") {
		t.Errorf("eve's click: %s", got)
	}
	if len(gh.Dispatches) != 0 {
		t.Fatalf("a refused click dispatched %+v", gh.Dispatches)
	}
	// carol (in the approvers' group) approves: recorded for flag:checkout, then the run dispatched.
	if got := clickAs("UCAROL", "approve"); !strings.Contains(got, "<@UCAROL> (carol) approved") || !strings.Contains(got, "checkout") {
		t.Fatalf("carol's click: %s", got)
	}
	d, err := ghc.Decisions("main").Lookup(ctx, "production", "flag:checkout")
	if err != nil || d == nil || !d.Approved || d.Identity != "carol" {
		t.Fatalf("the decision for flag:checkout: %+v %v", d, err)
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "run" || gh.Dispatches[0].Inputs["requested_by"] != "slack approval by carol" ||
		gh.Dispatches[0].Inputs["thread"] != "C0DEPLOYS/"+top[0].TS {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	// The approval message lost its buttons; a later click changes nothing.
	if th := sf.Thread(top[0].TS); strings.Contains(th[0].Blocks, "button") || !strings.Contains(th[0].Blocks, "approved") {
		t.Errorf("the approval message after the decision: %+v", th[0])
	}
	if got := clickAs("UBOB", "reject"); !strings.Contains(got, "already approved by <@UCAROL> (carol)") {
		t.Errorf("a later click: %s", got)
	}
	if len(gh.Dispatches) != 1 {
		t.Fatalf("the later click dispatched %+v", gh.Dispatches)
	}

	// The dispatched run releases the flag through every step.
	in, err := protocol.ParseInputs(map[string]string{"command": "run", "requested_by": "slack approval by carol", "thread": "C0DEPLOYS/" + top[0].TS})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ = greenlight.Run(ctx, pipeline, greenlight.WithName("hello"), greenlight.WithEnvironments(prod),
		greenlight.WithRequest(protocol.Request{Repository: "acme/hello", Commit: commit, Ref: "refs/heads/main", Author: "ann", Trigger: "workflow_dispatch", Inputs: in}))
	if rep.Status != runlog.Passed || store["checkout"].Percent != 100 {
		t.Fatalf("the run the approval dispatched: %s (%s), flag at %d%%", rep.Status, rep.Error, store["checkout"].Percent)
	}
}

// Who started the run that asks may not approve a flag's release (the run excludes its actor).
// A rejection of a flag's release is recorded and dispatches nothing (the flag is where it was,
// and the next run's step is refused by it); a button whose flag does not match its subject is
// ignored.
func TestFlagReleaseRejectedThroughSlack(t *testing.T) {
	b, sf, gh := slackBot(t)
	if _, _, err := b.API.PostMessage("C0DEPLOYS", slack.MsgOptionText("Approval needed", false)); err != nil {
		t.Fatal(err)
	}
	v := buttonValue{Env: "production", Digest: "flag:checkout", Flag: "checkout", Percent: 25, Releaser: "ann", Actor: "carol", Expires: time.Now().Add(time.Hour).Unix()}
	// carol started the run that asks: one of the release's own people, as the run counts them.
	hook := sf.ResponseURL()
	click(t, b.Handler(), "UCAROL", "approve", v, hook)
	b.Wait()
	if rs := sf.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "started the run that asks") {
		t.Errorf("the run's actor's click: %+v", rs)
	}
	hook = sf.ResponseURL()
	click(t, b.Handler(), "UBOB", "reject", v, hook)
	b.Wait()
	if rs := sf.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "rejected") || !strings.Contains(rs[0].Text, "checkout") {
		t.Errorf("bob's rejection: %+v", rs)
	}
	if len(gh.Dispatches) != 0 {
		t.Errorf("a flag's rejection dispatched %+v", gh.Dispatches)
	}
	d, err := b.Decisions.Lookup(context.Background(), "production", "flag:checkout")
	if err != nil || d == nil || d.Approved || d.Identity != "bob" {
		t.Fatalf("the rejection: %+v %v", d, err)
	}
	bad := v
	bad.Flag, bad.Digest = "other", "flag:checkout"
	hook = sf.ResponseURL()
	click(t, b.Handler(), "UBOB", "approve", bad, hook)
	b.Wait()
	if rs := sf.Responses(hook); len(rs) != 0 {
		t.Errorf("a button whose flag and subject differ was acted on: %+v", rs)
	}
}
