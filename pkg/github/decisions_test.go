package github

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
)

func TestFirstDecisionWinsAndIsReadBack(t *testing.T) {
	_, c := botFake(t, sha(1))
	ctx := context.Background()
	deploy(t, c, "production", sha(1), dig(1), "success")
	s := c.Decisions("main")
	if d, err := s.Lookup(ctx, "production", dig(2)); err != nil || d != nil {
		t.Fatalf("no decision yet: %+v %v", d, err)
	}
	first := approval.Decision{Approved: true, By: "UBOB", Identity: "bob", Via: "slack", Env: "production", Digest: dig(2), At: time.Unix(1700000000, 0).UTC()}
	got, _, err := s.Record(ctx, first)
	if err != nil || got != first {
		t.Fatalf("first: %+v %v", got, err)
	}
	later := first
	later.Approved, later.By, later.Identity = false, "UCAROL", "carol"
	if got, _, err := s.Record(ctx, later); err != nil || got != first {
		t.Fatalf("a later decision changed what stands: %+v %v", got, err)
	}
	// Another digest, another environment: their own decisions.
	other := later
	other.Digest = dig(3)
	if got, _, _ := s.Record(ctx, other); got != other {
		t.Fatalf("another digest: %+v", got)
	}
	if d, _ := s.Lookup(ctx, "staging", dig(2)); d != nil {
		t.Fatalf("a production decision was found in staging: %+v", d)
	}
	// Decisions do not retire what the environment runs.
	if cur, err := c.Current(ctx, "production"); err != nil || cur == nil || cur.Payload.Digest != dig(1) {
		t.Fatalf("current after decisions: %+v %v", cur, err)
	}
	if _, _, err := s.Record(ctx, approval.Decision{Env: "production"}); err == nil {
		t.Error("a decision without digest or person was recorded")
	}
}

// Clicks racing: every Record returns the same decision, the first GitHub numbered, however
// the writes interleave. 30 rounds of 6 concurrent decisions.
func TestRacingDecisionsAgreeOnTheFirst(t *testing.T) {
	_, c := botFake(t, sha(1))
	s := c.Decisions("main")
	for round := 0; round < 30; round++ {
		digest := dig(100 + round)
		var wg sync.WaitGroup
		got := make([]approval.Decision, 6)
		errs := make([]error, 6)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], _, errs[i] = s.Record(context.Background(), approval.Decision{Approved: i%2 == 0, By: fmt.Sprintf("U%d", i), Via: "slack", Env: "production", Digest: digest})
			}()
		}
		wg.Wait()
		standing, err := s.Lookup(context.Background(), "production", digest)
		if err != nil || standing == nil {
			t.Fatal(err)
		}
		for i := range got {
			if errs[i] != nil || got[i] != *standing {
				t.Fatalf("round %d: click %d got %+v (%v), the standing decision is %+v", round, i, got[i], errs[i], *standing)
			}
		}
	}
}

func TestAuditLogInGitHub(t *testing.T) {
	_, c := botFake(t, sha(1))
	ctx := context.Background()
	e := AuditEntry{Via: "slack", User: "UANN", Identity: "ann", Action: "rollback production", Env: "production", Outcome: "done", RunURL: "https://github.com/acme/hello/actions/runs/9"}
	if err := c.Audit(ctx, "main", e); err != nil {
		t.Fatal(err)
	}
	if err := c.Audit(ctx, "main", AuditEntry{Via: "slack", User: "UEVE", Action: "deploy production main", Env: "production", Outcome: "refused", Reason: "only ann may"}); err != nil {
		t.Fatal(err)
	}
	log, err := c.AuditLog(ctx, "production", 0)
	if err != nil || len(log) != 2 || log[0].User != "UEVE" || log[1].Identity != "ann" || log[1].RunURL != e.RunURL {
		t.Fatalf("audit log %+v %v", log, err)
	}
	recs, _ := auditKind.newest(ctx, c, "production", 0)
	if recs[0].State != "failure" || recs[1].State != "success" {
		t.Errorf("states %s %s", recs[0].State, recs[1].State)
	}
}

// For a quorum, each person's first decision is recorded and stands: a second decision by the
// same person (however spelled) changes nothing; others' decisions are kept, in order.
func TestCastKeepsEachPersonsFirstDecision(t *testing.T) {
	_, c := botFake(t, sha(1))
	ctx := context.Background()
	s := c.Decisions("main")
	at := time.Unix(1700000000, 0).UTC()
	d := func(user, login string, ok bool) approval.Decision {
		return approval.Decision{Approved: ok, By: user, Identity: login, Via: "slack", Env: "production", Digest: dig(2), At: at}
	}
	alice := d("UALICE", "alice", true)
	if b, err := s.Cast(ctx, alice); err != nil || b.Standing != alice || !b.Mine || len(b.All) != 1 {
		t.Fatalf("alice: %+v %v", b, err)
	}
	if b, err := s.Cast(ctx, alice); err != nil || b.Standing != alice || b.Mine || len(b.All) != 1 {
		t.Fatalf("alice's second, equal click is not hers to act on: %+v %v", b, err)
	}
	if b, err := s.Cast(ctx, d("UALICE", "Alice", false)); err != nil || b.Standing != alice || b.Mine || len(b.All) != 1 {
		t.Fatalf("alice's second click changed something: %+v %v", b, err)
	}
	bob := d("UBOB", "bob", false)
	b, err := s.Cast(ctx, bob)
	if err != nil || b.Standing != bob || !b.Mine || len(b.All) != 2 || b.All[0] != alice || b.All[1] != bob {
		t.Fatalf("bob: %+v %v", b, err)
	}
	if listed, err := s.All(ctx, "production", dig(2)); err != nil || len(listed) != 2 {
		t.Fatalf("All: %+v %v", listed, err)
	}
	// The first decision overall still stands for a single approver (Lookup).
	if first, _ := s.Lookup(ctx, "production", dig(2)); first == nil || *first != alice {
		t.Fatalf("Lookup: %+v", first)
	}
	if _, err := s.Cast(ctx, approval.Decision{Env: "production"}); err == nil {
		t.Error("a decision without digest or person was cast")
	}
}

// Clicks racing on a 2-of-3 quorum: three members click twice each, all at once. Each person's
// clicks agree on their first decision, and exactly one click sees its own decision settle the
// quorum (the one that carries it out), however the writes interleave. 30 rounds of 6.
func TestRacingCastsSettleTheQuorumOnce(t *testing.T) {
	_, c := botFake(t, sha(1))
	s := c.Decisions("main")
	q := approval.Quorum{N: 2, Group: "sre", Members: []string{"alice", "bob", "carol"}}
	people := []string{"alice", "bob", "carol"}
	for round := 0; round < 30; round++ {
		digest := dig(200 + round)
		var wg sync.WaitGroup
		got := make([]Ballot, 6)
		errs := make([]error, 6)
		for i := range got {
			who := people[i%3]
			// A person's two clicks are equal decisions (same second): only one is theirs.
			mine := approval.Decision{Approved: true, By: "U" + who, Identity: who, Via: "slack", Env: "production", Digest: digest, At: time.Unix(1700000000, 0).UTC()}
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = s.Cast(context.Background(), mine)
			}()
		}
		wg.Wait()
		settled := 0
		for i := range got {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if other := got[(i+3)%6]; got[i].Standing != other.Standing || got[i].Mine == other.Mine {
				t.Fatalf("round %d: %s's clicks disagree: %+v and %+v", round, people[i%3], got[i], other)
			}
			if d := approval.Count(got[i].All, "production", digest, &q, nil).Deciding(); d != nil && got[i].Mine && d.Identity == people[i%3] {
				settled++
			}
		}
		final, _ := s.All(context.Background(), "production", digest)
		if settled != 1 || !approval.Count(final, "production", digest, &q, nil).Met() {
			t.Fatalf("round %d: %d clicks settled the quorum (want exactly 1); recorded %+v", round, settled, final)
		}
	}
}

// Equal decisions racing (one person's double click, same second): exactly one RecordFirst
// says the decision that stands is its own. 30 rounds of 6.
func TestEqualDecisionsRacingOnlyOneIsMine(t *testing.T) {
	_, c := botFake(t, sha(1))
	s := c.Decisions("main")
	for round := 0; round < 30; round++ {
		d := approval.Decision{Approved: true, By: "UBOB", Identity: "bob", Via: "slack", Env: "production", Digest: dig(300 + round), At: time.Unix(1700000000, 0).UTC()}
		var wg sync.WaitGroup
		var mu sync.Mutex
		mine := 0
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, ok, err := s.Record(context.Background(), d)
				if err != nil || got != d {
					t.Errorf("round %d: %+v %v", round, got, err)
				}
				if ok {
					mu.Lock()
					mine++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if mine != 1 {
			t.Fatalf("round %d: %d clicks took the decision for their own", round, mine)
		}
	}
}

// botFake is fake with the client's token a GitHub App installation's (the Greenlight bot's),
// which may record decisions for anyone.
func botFake(t *testing.T, commits ...string) (*githubfake.Server, *Client) {
	t.Helper()
	f, c := fake(t, commits...)
	f.App(tok, "acme-greenlight")
	return f, c
}

// A decision counts only when the account that wrote it (the deployment's creator, from the
// token) may write it: the decider's own login (any case), a GitHub App's bot, or a listed
// recorder; never github-actions[bot], whose token any workflow on any branch holds, nor
// another person. The fake reports the creator GitHub reports for each kind of token.
func TestDecisionsCountOnlyFromWhoMayWriteThem(t *testing.T) {
	f, wf := fake(t, sha(1))
	ctx := context.Background()
	client := func(tok string) *Client {
		f.Token(tok, githubfake.AllPermissions)
		c, err := New(tok, "acme/hello", WithBaseURL(f.URL), WithApp(githubfake.AppID("acme-greenlight")))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ann, carol, machine, app := client("ghp_ann"), client("ghp_carol"), client("ghp_machine"), client("ghs_app")
	f.Login("ghp_ann", "ann")
	f.Login("ghp_carol", "Carol")
	f.Login("ghp_machine", "greenlight-bot")
	f.App("ghs_app", "acme-greenlight")
	dec := func(who string, n int) approval.Decision {
		return approval.Decision{Approved: true, By: "U" + who, Identity: who, Via: "slack", Env: "production", Digest: dig(n), At: time.Unix(1700000000, 0).UTC()}
	}
	// Who wrote what, as GitHub reports it.
	for _, c := range []struct {
		s          *Decisions
		login, typ string
	}{{ann.Decisions("main"), "ann", "User"}, {app.Decisions("main"), "acme-greenlight[bot]", "Bot"}, {wf.Decisions("main"), "github-actions[bot]", "Bot"}} {
		d := dec("x", 99)
		r, err := c.s.write(ctx, &d)
		if err != nil || r.writer != c.login || r.writerType != c.typ {
			t.Fatalf("creator %q %q %v, want %s %s", r.writer, r.writerType, err, c.login, c.typ)
		}
	}
	pipeline := wf.Decisions("main")
	// ann writes a decision naming carol: refused and voided, and it counts for nobody.
	if _, _, err := ann.Decisions("main").Record(ctx, dec("carol", 1)); err == nil || !strings.Contains(err.Error(), "this token belongs to ann, who may not record a decision for carol") {
		t.Fatalf("ann recording for carol: %v", err)
	}
	// The same written straight through the API (as anyone with the token can): ignored, and
	// where nothing counts the pipeline's read fails and names it.
	forged := dec("carol", 1)
	if _, err := ann.Decisions("main").write(ctx, &forged); err != nil {
		t.Fatal(err)
	}
	const why = "2 decisions naming carol were written by ann, who may not record decisions for others"
	if d, err := pipeline.Lookup(ctx, "production", dig(1)); d != nil || err == nil || !strings.Contains(err.Error(), why) {
		t.Fatalf("lookup: %+v %v", d, err)
	}
	if ds, err := pipeline.All(ctx, "production", dig(1)); len(ds) != 0 || err == nil || !strings.Contains(err.Error(), why) {
		t.Fatalf("all: %+v %v", ds, err)
	}
	// The bot's own store records carol's real decision whatever was forged before it.
	bot := app.Decisions("main", AsRecorder())
	if d, err := bot.Lookup(ctx, "production", dig(1)); d != nil || err != nil {
		t.Fatalf("the recorder's lookup: %+v %v", d, err)
	}
	genuine := dec("carol", 1)
	genuine.Reason = "real"
	if d, mine, err := bot.Record(ctx, genuine); err != nil || !mine || d.Reason != "real" {
		t.Fatalf("the bot recording carol's decision: %+v %t %v", d, mine, err)
	}
	if d, err := pipeline.Lookup(ctx, "production", dig(1)); err != nil || d == nil || d.Reason != "real" {
		t.Fatalf("the pipeline's view: %+v %v", d, err)
	}
	// carol's own decision, written with her token (her login's case differs): it counts.
	if d, _, err := carol.Decisions("main").Record(ctx, dec("carol", 2)); err != nil || d.Identity != "carol" {
		t.Fatalf("carol's own: %+v %v", d, err)
	}
	// A machine user's decisions count only where it is listed; the workflow's never.
	if _, _, err := machine.Decisions("main", TrustRecorders("greenlight-bot")).Record(ctx, dec("bob", 3)); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Lookup(ctx, "production", dig(3)); err == nil || !strings.Contains(err.Error(), "naming bob was written by greenlight-bot") {
		t.Fatalf("an unlisted machine user: %v", err)
	}
	if d, err := wf.Decisions("main", TrustRecorders("Greenlight-Bot", "github-actions[bot]")).Lookup(ctx, "production", dig(3)); err != nil || d == nil || d.Identity != "bob" {
		t.Fatalf("a listed machine user: %+v %v", d, err)
	}
	if _, err := wf.Decisions("main", TrustRecorders("github-actions[bot]")).Cast(ctx, dec("dan", 4)); err == nil || !strings.Contains(err.Error(), "this token belongs to github-actions[bot]") {
		t.Fatalf("the workflow's token recording a vote: %v", err)
	}
}

// A forged payload's names are shown as logins only when they are logins: no line of the
// forger's own reaches a refusal, a log or a Slack thread.
func TestForgedNamesAreShownSafely(t *testing.T) {
	for in, want := range map[string]string{
		"carol": "carol", "acme-greenlight[bot]": "acme-greenlight[bot]", "": "nobody",
		"carol\n::error::approved": `"carol\n::error::approved"`,
		strings.Repeat("x", 60):    `"` + strings.Repeat("x", 40) + `…"`,
	} {
		if got := shownLogin(in); got != want {
			t.Errorf("shownLogin(%q) = %s, want %s", in, got, want)
		}
	}
	err := forged([]recorded{{d: approval.Decision{Identity: "carol\n::warning::x"}, writer: "ann"}})
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("a line break reached the refusal: %q", err)
	}
}
