package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// quorumConfig: erin may approve in Slack but is not in the quorum's group; carol and dan
// approve through the SRELEASE user group.
const quorumConfig = `
people:
  ann: UANN
  bob: UBOB
  carol: UCAROL
  dan: UDAN
  erin: UERIN
environments:
  production:
    approve: [UANN, UBOB, UERIN, SRELEASE]
`

var sre = &approval.Quorum{N: 2, Group: "sre", Members: []string{"ann", "bob", "carol", "dan"}}

// liveTarget keeps which revisions serve, for a pipeline run in these tests.
type liveTarget struct {
	mu                       sync.Mutex
	stable, canary, previous *greenlight.Revision
	weight                   int
}

func (l *liveTarget) State(context.Context) (greenlight.State, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return greenlight.State{Stable: l.stable, Canary: l.canary, CanaryWeight: l.weight, Previous: l.previous}, nil
}
func (l *liveTarget) Start(_ context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{ID: img.Image().Short(), Image: img.Image(), Started: time.Now()}, nil
}
func (l *liveTarget) SetCanaryWeight(_ context.Context, r greenlight.Revision, w int) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.canary, l.weight = &r, w
	return w, nil
}
func (l *liveTarget) Promote(_ context.Context, r greenlight.Revision) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stable != nil && l.stable.ID == r.ID {
		return nil
	}
	l.stable, l.previous, l.canary, l.weight = &r, l.stable, nil, 0
	return nil
}
func (l *liveTarget) Abort(_ context.Context, r greenlight.Revision) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stable != nil && l.stable.ID == r.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", r.ID)
	}
	if l.canary != nil && l.canary.ID == r.ID {
		l.canary, l.weight = nil, 0
	}
	return nil
}
func (l *liveTarget) Rollback(context.Context) (greenlight.Revision, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.previous == nil {
		return greenlight.Revision{}, fmt.Errorf("nothing to roll back to")
	}
	l.stable, l.previous, l.canary, l.weight = l.previous, nil, nil, 0
	return *l.stable, nil
}
func (l *liveTarget) serving() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stable == nil {
		return ""
	}
	return l.stable.ID
}

// A release into an environment that needs 2 approvals from a group, as people live it: the
// pipeline asks in the release's thread and holds; the bot, called as Slack calls it (signed
// interaction payloads against the strict Slack fake and the GitHub fake), refuses who is not in
// the group and the releaser, records each member's first decision under their GitHub login,
// keeps the buttons with the count until the quorum is met, dispatches promote once, on the
// click that meets it; the choke point refuses the promote before that and lets it through
// after; a later click changes nothing and says so; a member's rejection is final.
func TestQuorumThroughTheBotAndThePipeline(t *testing.T) {
	ctx := context.Background()
	commit := strings.Repeat("c", 40)
	gh, ghc, botGH, sf := releaseFakes(t, commit)

	n := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()))
	src := runlog.Source{Repository: "acme/hello", Commit: commit, Ref: "refs/heads/main", Author: "ann", Trigger: "push"}
	ap := NewApprover(slackfake.Token, "#deploys", ghc, notify.WithAPIURL(sf.GetAPIURL()))
	ap.Release = n
	tgt := &liveTarget{}
	decisions := ghc.Decisions("main")
	prod := &greenlight.Environment{Name: "production", Target: tgt, Approval: greenlight.Approval{Approver: ap, Decisions: decisions, Quorum: sre}}
	img, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 501), "")
	pipeline := func(p *greenlight.P) {
		signed := p.Sign(img, okSigner{})
		p.Promote(signed, p.Env("production"))
	}
	rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
		// The deployment that waits for the buttonValue, as the GitHub ledger records it.
		if _, err := ghc.Begin(ctx, "production", commit, "main", github.Payload{Image: img.String(), Digest: img.Digest(), TriggeredBy: "ann"}, true); err != nil {
			t.Fatal(err)
		}
		pipeline(p)
	}, greenlight.WithName("hello"), greenlight.WithSource(src), greenlight.WithSink(n), greenlight.WithEnvironments(prod))
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := n.Close(cctx); err != nil || rep == nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "asked in Slack") || tgt.serving() != "" {
		t.Fatalf("the first run should ask and hold: %+v %v", rep, err)
	}
	top := sf.TopLevel()
	if len(top) != 1 {
		t.Fatalf("release messages %+v", top)
	}
	thread := sf.Thread(top[0].TS)
	if len(thread) != 1 || !strings.Contains(thread[0].Blocks, `"action_id":"approve"`) || !strings.Contains(thread[0].Blocks, "needs 2 approvals from sre: ann, bob, carol, dan") {
		t.Fatalf("the approval in the release thread: %+v", thread)
	}
	approvalTS, value := thread[0].TS, jsonString(thread[0].Blocks[strings.Index(thread[0].Blocks, `"value":`)+8:])

	cfg, err := ParseConfig([]byte(quorumConfig))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVerifier(secret)
	b := &Bot{Verifier: v, Config: cfg, GitHub: botGH, Audit: &strings.Builder{}, API: slack.New(slackfake.Token, slack.OptionAPIURL(sf.GetAPIURL()))}
	clickAs := func(user, action string) string {
		t.Helper()
		return clickInThread(t, b, sf, top[0].Channel, approvalTS, top[0].TS, user, action, value)
	}
	approvalMessage := func() slackfake.Message {
		for _, m := range sf.Thread(top[0].TS) {
			if m.TS == approvalTS {
				return m
			}
		}
		t.Fatal("the approval message is gone")
		return slackfake.Message{}
	}
	// erin may approve in Slack, but is not in sre; ann released it.
	if got := clickAs("UERIN", "approve"); !strings.Contains(got, "only members of sre count toward this approval (ann, bob, carol, dan), and erin is not one of them") {
		t.Errorf("not a member: %s", got)
	}
	if got := clickAs("UANN", "approve"); !strings.Contains(got, "released it") || !strings.Contains(got, "your decision does not count") {
		t.Errorf("the releaser: %s", got)
	}
	// bob: counted, 1 of 2; the buttons stay with the count.
	if got := clickAs("UBOB", "approve"); got != "ephemeral: :ballot_box_with_check: <@UBOB> (bob) approved sha256:00000000000… in production: 1 of 2 approvals from sre: bob; 1 more needed." {
		t.Errorf("bob: %s", got)
	}
	if m := approvalMessage(); !strings.Contains(m.Blocks, `"action_id":"approve"`) || !strings.Contains(m.Blocks, "1 of 2 approvals from sre: bob; 1 more needed") {
		t.Errorf("the approval message after bob: %s", m.Blocks)
	}
	// bob again: his first decision stands, and he is told.
	if got := clickAs("UBOB", "reject"); !strings.Contains(got, "This was already approved by you (bob) at ") || !strings.Contains(got, "Your click changed nothing") {
		t.Errorf("bob's second click: %s", got)
	}
	if len(gh.Dispatches) != 0 {
		t.Fatalf("dispatched before the quorum: %+v", gh.Dispatches)
	}
	// The choke point refuses a promote someone dispatches with one approval.
	promote := func(requestedBy string) (*runlog.Report, error) {
		in, err := protocol.ParseInputs(map[string]string{"command": "promote", "environment": "production", "requested_by": requestedBy})
		if err != nil {
			t.Fatal(err)
		}
		return greenlight.Run(ctx, pipeline, greenlight.WithName("hello"), greenlight.WithEnvironments(prod),
			greenlight.WithRequest(protocol.Request{Repository: "acme/hello", Commit: commit, Author: "ann", Trigger: "workflow_dispatch", Inputs: in}))
	}
	if rep, err := promote("carol"); err == nil || !strings.Contains(rep.Error, "1 of 2 approvals from sre: bob; 1 more needed") || tgt.serving() != "" {
		t.Fatalf("promote with one approval: %v %s", err, rep.Error)
	}
	// carol (through the user group) meets the quorum: promote dispatched, once.
	if got := clickAs("UCAROL", "approve"); !strings.HasPrefix(got, "ephemeral: :ballot_box_with_check: <@UCAROL> (carol) approved") || !strings.Contains(got, "(2 of 2 approvals from sre: bob, carol); promote: ") {
		t.Errorf("carol: %s", got)
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "promote" || gh.Dispatches[0].Inputs["requested_by"] != "slack approval by bob, carol" ||
		gh.Dispatches[0].Inputs["thread"] != top[0].Channel+"/"+top[0].TS {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	if m := approvalMessage(); strings.Contains(m.Blocks, "button") || !strings.Contains(m.Blocks, "2 of 2 approvals from sre: bob, carol") {
		t.Errorf("the approval message after the quorum keeps its buttons or lacks the count: %s", m.Blocks)
	}
	// dan, a moment later: settled; nothing changes.
	if got := clickAs("UDAN", "reject"); !strings.Contains(got, "ephemeral: This was already approved by bob, carol (2 of 2 approvals from sre: bob, carol) at ") {
		t.Errorf("dan after the quorum: %s", got)
	}
	if len(gh.Dispatches) != 1 {
		t.Fatalf("a click after the quorum dispatched %+v", gh.Dispatches)
	}
	// Each member's decision is in GitHub under their login, in order; dan's is not.
	all, err := decisions.All(ctx, "production", img.Digest())
	if err != nil || len(all) != 2 || all[0].Identity != "bob" || all[1].Identity != "carol" || all[0].By != "UBOB" || all[1].Via != "slack" {
		t.Fatalf("decisions in GitHub %+v %v", all, err)
	}
	// The dispatched promote passes the choke point with the quorum.
	if rep, err := promote(gh.Dispatches[0].Inputs["requested_by"].(string)); err != nil || tgt.serving() != img.Short() ||
		!strings.Contains(rep.Moves[len(rep.Moves)-1].Detail, "approved by bob (UBOB), carol (UCAROL) (2 of 2 from sre)") {
		t.Fatalf("the dispatched promote: %v %+v", err, rep)
	}
	// The thread says each decision that counted.
	var replies []string
	for _, m := range sf.Thread(top[0].TS) {
		replies = append(replies, m.Text)
	}
	if !slices.ContainsFunc(replies, func(s string) bool {
		return strings.Contains(s, "<@UBOB> (bob) approved") && strings.Contains(s, "1 of 2")
	}) ||
		!slices.ContainsFunc(replies, func(s string) bool {
			return strings.Contains(s, "<@UCAROL> (carol) approved") && strings.Contains(s, "promote:")
		}) {
		t.Errorf("thread replies %q", replies)
	}
	// Audited: every click, allowed or not, with the login.
	log, err := ghc.AuditLog(ctx, "production", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Outcome+" "+strings.Fields(e.Action)[0]+" "+e.Identity)
	}
	want := []string{"refused reject dan", "done approve carol", "refused reject bob", "done approve bob", "refused approve ann", "refused approve erin"}
	if !slices.Equal(got, want) {
		t.Errorf("audit log\n got %q\nwant %q", got, want)
	}

	// Another digest: a member's rejection is final, dispatches abort once, and the choke point
	// refuses the digest for good.
	img2, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 502), "")
	if _, err := ghc.Begin(ctx, "production", commit, "main", github.Payload{Image: img2.String(), Digest: img2.Digest(), TriggeredBy: "ann"}, true); err != nil {
		t.Fatal(err)
	}
	v2 := buttonValue{Env: "production", Digest: img2.Digest(), Releaser: "ann", Expires: time.Now().Add(time.Hour).Unix(), Quorum: sre}
	raw, _ := json.Marshal(v2)
	value = string(raw)
	clickAs("UBOB", "approve")
	if got := clickAs("UDAN", "reject"); !strings.Contains(got, "<@UDAN> (dan) rejected") || !strings.Contains(got, "abort: ") {
		t.Errorf("dan's rejection: %s", got)
	}
	if got := clickAs("UCAROL", "approve"); !strings.Contains(got, "This was already rejected by <@UDAN> (dan) at ") {
		t.Errorf("after the rejection: %s", got)
	}
	if len(gh.Dispatches) != 2 || gh.Dispatches[1].Inputs["command"] != "abort" || gh.Dispatches[1].Inputs["requested_by"] != "slack rejection by dan" {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	rep2, err := greenlight.Run(ctx, func(p *greenlight.P) { p.Promote(p.Sign(img2, okSigner{}), p.Env("production")) }, greenlight.WithEnvironments(prod),
		greenlight.WithRequest(protocol.Request{Repository: "acme/hello", Commit: commit, Author: "ann", Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "erin"}}))
	if err == nil || !strings.Contains(rep2.Error, "rejected for production by dan (UDAN)") {
		t.Fatalf("the choke point after a rejection: %v %s", err, rep2.Error)
	}
}

// Clicks racing on a quorum through the bot: in each of 30 rounds, three members of a 2-of-3
// group click Approve twice each, all at once. Exactly one promote is dispatched per round, and
// each member's decision is recorded once.
func TestRacingClicksOnAQuorumDispatchOnce(t *testing.T) {
	b, _, gh := slackBot(t)
	cfg, err := ParseConfig([]byte(quorumConfig))
	if err != nil {
		t.Fatal(err)
	}
	b.Config = cfg
	q := &approval.Quorum{N: 2, Group: "sre", Members: []string{"bob", "carol", "dan"}}
	users := []string{"UBOB", "UCAROL", "UDAN"}
	for round := 0; round < 30; round++ {
		v := waitingCanary(t, b, 600+round)
		v.Quorum = q
		before := len(gh.Dispatches)
		clickAllAtOnce(t, b, v, users[0], users[1], users[2], users[0], users[1], users[2])
		if got := len(gh.Dispatches) - before; got != 1 {
			t.Fatalf("round %d: %d promotes dispatched, want exactly 1: %+v", round, got, gh.Dispatches[before:])
		}
		all, _ := b.GitHub.Decisions("main").All(context.Background(), "production", v.Digest)
		if tl := approval.Count(all, "production", v.Digest, q, nil); !tl.Met() || len(tl.Ignored) > 1 {
			t.Fatalf("round %d: recorded %+v (%s)", round, all, tl)
		}
	}
}

// A person's clicks racing on a single-approver message dispatch promote once. Their decisions
// are equal (same person, same second), so "the first read back equals mine" cannot tell which
// click wrote it (the quorum's race test caught that); only the click whose own write stands
// (github.Decisions.Record) acts. 30 rounds of six clicks by one person at once.
func TestOnePersonsClicksRacingDispatchOnce(t *testing.T) {
	b, _, gh := slackBot(t)
	for round := 0; round < 30; round++ {
		v := waitingCanary(t, b, 700+round)
		before := len(gh.Dispatches)
		clickAllAtOnce(t, b, v, "UBOB", "UBOB", "UBOB", "UBOB", "UBOB", "UBOB")
		if got := len(gh.Dispatches) - before; got != 1 {
			t.Fatalf("round %d: %d promotes dispatched, want exactly 1", round, got)
		}
	}
}

// clickAllAtOnce sends one Approve click per user, all at once, and waits until the bot has
// carried out what they started.
func clickAllAtOnce(t *testing.T, b *Bot, v buttonValue, users ...string) {
	t.Helper()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clickIn(t, b, slackfake.TeamID, u, "approve", v, "")
		}()
	}
	wg.Wait()
	b.Wait()
}

// A group too large for a button's 2,000 characters is refused before anything is posted,
// saying what to change; an impossible quorum too.
func TestQuorumThatCannotBeAskedIsRefused(t *testing.T) {
	sf := slackfake.New(nil)
	defer sf.Stop()
	ap := NewApprover(slackfake.Token, "#deploys", nil, notify.WithAPIURL(sf.GetAPIURL()))
	img, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 801), "")
	var many []string
	for i := 0; i < 80; i++ {
		many = append(many, fmt.Sprintf("a-rather-long-github-login-%03d", i))
	}
	_, err := ap.Approve(context.Background(), greenlight.ApprovalRequest{Env: "production", Image: img, Quorum: &approval.Quorum{N: 2, Group: "sre", Members: many}})
	if err == nil || !strings.Contains(err.Error(), "does not fit in a Slack button's 2000 characters: list fewer members") {
		t.Fatalf("too large: %v", err)
	}
	_, err = ap.Approve(context.Background(), greenlight.ApprovalRequest{Env: "production", Image: img, Quorum: &approval.Quorum{N: 3, Group: "sre", Members: []string{"a", "b"}}})
	if err == nil || !strings.Contains(err.Error(), "fewer than the 3 approvals needed") {
		t.Fatalf("impossible: %v", err)
	}
	if len(sf.TopLevel()) != 0 {
		t.Errorf("posted %+v", sf.TopLevel())
	}
}

// The target these tests release with behaves as a real target does.
func TestLiveTargetConforms(t *testing.T) {
	greenlighttest.Target(t, func(*testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		return &liveTarget{}, nil
	})
}

// A person's two clicks on a quorum's message, racing, record one decision: the second reads
// the first's ("already approved by you") instead of recording again. GitHub answers this
// bot's reads slowly here, so that both clicks read before either writes unless they wait for
// each other (without it, under load, a second decision of the same person was recorded, and
// TestRacingClicksOnAQuorumDispatchOnce failed in CI).
func TestDoubleClickOnAQuorumRecordsOnce(t *testing.T) {
	b, _, gh := slackBot(t)
	cfg, err := ParseConfig([]byte(quorumConfig))
	if err != nil {
		t.Fatal(err)
	}
	b.Config = cfg
	slow := &http.Client{Transport: slowReads{}}
	c, err := github.New("ghs_bot", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")), github.WithHTTPClient(slow))
	if err != nil {
		t.Fatal(err)
	}
	b.GitHub, b.Decisions, b.started = c, nil, false
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	q := &approval.Quorum{N: 2, Group: "sre", Members: []string{"bob", "carol", "dan"}}
	for round := 0; round < 5; round++ {
		v := waitingCanary(t, b, 900+round)
		v.Quorum = q
		clickAllAtOnce(t, b, v, "UBOB", "UBOB")
		all, err := c.Decisions("main").All(context.Background(), "production", v.Digest)
		if err != nil || len(all) != 1 || all[0].Identity != "bob" {
			t.Fatalf("round %d: recorded %+v %v, want bob's decision once", round, all, err)
		}
	}
}

// slowReads delays GitHub's answers to reads of deployments by 50 ms.
type slowReads struct{}

func (slowReads) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/deployments") {
		time.Sleep(50 * time.Millisecond)
	}
	return http.DefaultTransport.RoundTrip(r)
}
