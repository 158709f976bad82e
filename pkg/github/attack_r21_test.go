package github

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/internal/githubfake"

	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// A second round of attacks on the records Greenlight trusts (issue 21): what a branch
// workflow's token can add to a record that is not deleting it.

// flood writes n statuses of state on deployment id with atk's token (a branch workflow may
// write any number; GitHub lists a deployment's statuses newest first, 100 a page at most).
func flood(t *testing.T, atk *Client, id int64, state string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := lockKind.mark(context.Background(), atk, id, status{state: state, desc: "noise"}); err != nil {
			t.Fatal(err)
		}
	}
}

// A branch workflow wrote 100 statuses on a lock: its success fell off the first page of
// statuses, the only one read, and the lock was no longer seen. The anchor does not help: the
// lock is still there.
func TestAFloodOfStatusesDoesNotHideALock(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	lock, err := anchoringBot(t, f).LockEnv(ctx, "production", "main", "slack:UANN", "incident 46")
	if err != nil {
		t.Fatal(err)
	}
	flood(t, branchWorkflow(t, f), lock.ID, stateInProgress, 100)
	if l, err := nextRun(t, f).LockOf(ctx, "production"); err != nil || l == nil || l.ID != lock.ID {
		t.Fatalf("after 100 statuses of a branch workflow on lock %d: lock %+v, %v", lock.ID, l, err)
	}
	_ = c
}

// A branch workflow created 20 lock deployments with no status: LockOf read the 20 newest
// lock records only, and the real lock, 21st, was no longer seen (and it was not deleted, so
// GREENLIGHT_RECORDS said nothing).
func TestLocksPushedOutOfTheWindowStillHold(t *testing.T) {
	f, _ := fake(t, sha(1))
	ctx := context.Background()
	lock, err := anchoringBot(t, f).LockEnv(ctx, "production", "main", "slack:UANN", "incident 47")
	if err != nil {
		t.Fatal(err)
	}
	atk := branchWorkflow(t, f)
	for i := 0; i < 20; i++ {
		if _, err := lockKind.create(ctx, atk, place{env: "production", ref: sha(1)}, lockPayload{By: "x", Reason: "x"}, "x"); err != nil {
			t.Fatal(err)
		}
	}
	run := nextRun(t, f)
	if l, err := run.LockOf(ctx, "production"); err != nil || l == nil || l.ID != lock.ID {
		t.Fatalf("after 20 empty lock deployments of a branch workflow: lock %+v, %v", l, err)
	}
	ok, why, err := run.Ledger("https://run/2", "production").Admit(ctx, greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Explicit: true, Source: runlog.Source{Commit: sha(1)}})
	if ok || err != nil || !strings.Contains(why, "incident 47") {
		t.Fatalf("a deploy under the lock: admitted %t %q %v", ok, why, err)
	}
}

// A branch workflow wrote 100 in_progress statuses on run a's live claim: a's sealed renewals
// fell off the first page, and run b took the claim for dead and moved the environment too.
func TestAFloodOfStatusesDoesNotReleaseAClaim(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	la := c.Ledger("https://github.com/acme/hello/actions/runs/a", "production")
	la.ClaimTTL, la.ClaimWait = 2*time.Minute, 3*time.Second
	release, err := la.Claim(ctx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var mine int64
	claimKind.listed(ctx, c, "production", func(r *Record) (bool, error) { mine = r.ID; return true, nil })
	flood(t, branchWorkflow(t, f), mine, stateInProgress, 100)
	runBWaitsForRunA(t, f, 2*time.Minute, 2*time.Second, "100 statuses of a workflow hid a's claim")
}

// A branch workflow wrote one 'inactive' on run a's live claim just before run b looked: b
// remembered the claim's statuses as final for the rest of its run (inactive is final for a
// deploy), never saw a's later renewals, took the claim for expired after its time to live,
// and moved the environment while a still held it.
func TestAWorkflowsInactiveDoesNotFreezeAClaimsRenewals(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	const ttl = 4 * time.Second
	la := c.Ledger("https://github.com/acme/hello/actions/runs/a", "production")
	la.ClaimTTL, la.ClaimWait = ttl, 3*time.Second
	release, err := la.Claim(ctx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var mine int64
	claimKind.listed(ctx, c, "production", func(r *Record) (bool, error) { mine = r.ID; return true, nil })
	flood(t, branchWorkflow(t, f), mine, stateInactive, 1)
	runBWaitsForRunA(t, f, ttl, 2*ttl, "a still renewed its claim")
}

// The chain's newest link is the one nothing names: a branch workflow that marks the release
// production runs inactive and deletes its record leaves the release before it as the newest,
// whole link. The next automatic run of an older green commit then took production backwards,
// past the release it really runs, as if that one had never been.
func TestDeletingTheNewestReleaseRecordDoesNotLetAnOlderCommitIn(t *testing.T) {
	f, c := greenFake(t, 3)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	for _, d := range []int{1, 3} {
		if rep := promoteRun(ctx, c, env, d, sha(d), protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s", d, rep.Error)
		}
	}
	// Release 3 passed staging first, as a pipeline's releases do.
	stg, err := c.Begin(ctx, "staging", sha(3), "main", Payload{Image: "ghcr.io/acme/hello@" + dig(3), Digest: dig(3)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetState(ctx, stg, stateSuccess, "", "https://run/0", "served"); err != nil {
		t.Fatal(err)
	}
	hist, _ := c.History(ctx, "production", 0)
	var head int64
	for _, r := range hist {
		if r.Payload.Digest == dig(3) {
			head = r.ID
		}
	}
	erase(t, branchWorkflow(t, f), head)
	rep := promoteRun(ctx, nextRun(t, f), env, 2, sha(2), protocol.Inputs{Command: protocol.Run})
	if prod.stable.Image.Digest() != dig(3) || !strings.Contains(rep.Error, "the record of what runs was deleted or altered") {
		t.Fatalf("after the newest release's record was deleted, an older commit's run moved production from %s to %s: %s %q", dig(3), prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
	// Once a person has looked, a deploy of what production runs records it again, and the
	// next release goes.
	if rep := promoteRun(ctx, nextRun(t, f), env, 0, sha(2), protocol.Inputs{Command: protocol.Deploy, Environment: "production", Ref: dig(3), RequestedBy: "erin"}); rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(3) {
		t.Fatalf("a deploy of what runs: %s %q, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
	if rep := promoteRun(ctx, nextRun(t, f), env, 2, sha(2), protocol.Inputs{Command: protocol.Run}); prod.stable.Image.Digest() != dig(3) {
		t.Fatalf("the older commit after the head was mended: %s %q, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
}

// copyStatus writes, with atk's token, a status of state on deployment id with the very
// description of one already there (a sealed one: its MAC is bound to the deployment and the
// state, not to when it was written).
func copyStatus(t *testing.T, c, atk *Client, id int64, state string) {
	t.Helper()
	ctx := context.Background()
	ss, err := c.allStatuses(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.GetState() == state && strings.Contains(s.GetDescription(), recordMACPrefix) {
			desc := s.GetDescription()
			if err := atk.createStatus(ctx, id, ghStatus(state, desc)); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no sealed %s status on deployment %d", state, id)
}

// A branch workflow copied a run's sealed renewal ("in_progress" with its MAC) onto that
// run's claim after the run had let it go: the claim was live again (the copy is the newest
// sealed status, and it is as new as GitHub's time of the copy), and every other run waited
// for a run that had finished. Replayed again and again, it kept an environment held.
func TestAReplayedRenewalDoesNotReviveAClaim(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	la := c.Ledger("https://github.com/acme/hello/actions/runs/a", "production")
	la.ClaimTTL, la.ClaimWait = 2*time.Minute, 3*time.Second
	release, err := la.Claim(ctx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var mine int64
	claimKind.listed(ctx, c, "production", func(r *Record) (bool, error) { mine = r.ID; return true, nil })
	release() // run a is done with production
	copyStatus(t, c, branchWorkflow(t, f), mine, stateInProgress)
	b, _ := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey)))
	lb := b.Ledger("https://github.com/acme/hello/actions/runs/b", "production")
	lb.ClaimTTL, lb.ClaimWait = 2*time.Minute, 2*time.Second
	rb, err := lb.Claim(ctx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard)
	if err != nil {
		t.Fatalf("a copied renewal kept run a's released claim live: %v", err)
	}
	rb()
}

func ghStatus(state, desc string) gh.DeploymentStatusRequest {
	return gh.DeploymentStatusRequest{State: state, Description: &desc, AutoInactive: new(false)}
}

// Environment names with characters that mean something in GREENLIGHT_RECORDS' format
// (spaces, '@', '%', '+') or outside ASCII round-trip through the variable, and each entry
// stays one field.
func TestAnchoredEnvironmentNamesRoundTrip(t *testing.T) {
	names := []string{"production", "prod uction", "a@b", "100%", "a+b", "prod\tx", "продакшн", "eu-west-1/prod", "@", "%40"}
	var es []anchorEntry
	for i, n := range names {
		es = append(es, anchorEntry{kind: 'L', id: int64(i + 1), env: n}, anchorEntry{kind: 'R', id: int64(100 + i), env: n, digest: digestKey(dig(i))})
	}
	v := formatAnchor(es)
	if got := len(strings.Fields(v)); got != len(es)+1 {
		t.Fatalf("%d fields in %q, want %d", got, v, len(es)+1)
	}
	back, err := parseAnchor(v)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(es) {
		t.Fatalf("%d entries back, want %d", len(back), len(es))
	}
	for i := range es {
		if back[i] != es[i] {
			t.Errorf("entry %d: %+v back as %+v", i, es[i], back[i])
		}
	}
}

// A rejection cast for a quorum (the bot's path for an environment with Approval.Quorum) is
// anchored as one recorded for a single approval is.
func TestARejectionCastForAQuorumIsAnchored(t *testing.T) {
	f, _ := fake(t, sha(1))
	ctx := context.Background()
	bot := anchoringBot(t, f)
	rej := approval.Decision{Approved: false, By: "UCAROL", Identity: "carol", Via: "slack", Env: "production", Digest: dig(1), At: time.Now()}
	b, err := bot.Decisions("main", AsRecorder()).Cast(ctx, rej)
	if err != nil || !b.Mine {
		t.Fatalf("carol's rejection: %+v %v", b, err)
	}
	var id int64
	decisionKind.listed(ctx, bot, "production", func(r *Record) (bool, error) { id = r.ID; return true, nil })
	if v := f.Variable(RecordsVariable); !strings.Contains(v, "R"+strconv.FormatInt(id, 10)+"@production@"+digestKey(dig(1))) {
		t.Fatalf("GREENLIGHT_RECORDS after the cast rejection %d: %q", id, v)
	}
}

// A branch workflow wrote statuses on the release production runs: 100 of them pushed its
// signed success off the first page; one 'queued' (or 'inactive') made its newest state
// something other than success, and what runs was then taken from the release before it. An
// older commit's run took production backwards.
func TestStatusesOnTheServedReleaseDoNotLetAnOlderCommitIn(t *testing.T) {
	for _, tc := range []struct {
		state string
		n     int
	}{{stateQueued, 1}, {stateInactive, 1}, {stateError, 1}, {stateQueued, 100}} {
		n := tc.n
		f, c := greenFake(t, 3)
		ctx := context.Background()
		prod := &memTarget{}
		env := &greenlight.Environment{Name: "production", Target: prod}
		for _, d := range []int{1, 3} {
			if rep := promoteRun(ctx, c, env, d, sha(d), protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
				t.Fatalf("release %d: %s", d, rep.Error)
			}
		}
		cur, err := c.Current(ctx, "production")
		if err != nil || cur == nil || cur.Payload.Digest != dig(3) {
			t.Fatalf("current: %+v %v", cur, err)
		}
		flood(t, branchWorkflow(t, f), cur.ID, tc.state, n)
		rep := promoteRun(ctx, nextRun(t, f), env, 2, sha(2), protocol.Inputs{Command: protocol.Run})
		if prod.stable.Image.Digest() != dig(3) {
			t.Fatalf("after %d %s statuses of a branch workflow on the served release, an older commit's run moved production from %s to %s: %s %q",
				n, tc.state, dig(3), prod.stable.Image.Digest(), rep.Status, rep.Error)
		}
	}
}

// The same on a rollback: with the running release marked inactive by a branch workflow, a
// rollback took the release before the one before (what runs was read as the release before).
func TestAnInactiveOnTheServedReleaseDoesNotSkipARollbackStep(t *testing.T) {
	f, c := greenFake(t, 3)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	for _, d := range []int{1, 2, 3} {
		if rep := promoteRun(ctx, c, env, d, sha(d), protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s", d, rep.Error)
		}
	}
	cur, _ := c.Current(ctx, "production")
	flood(t, branchWorkflow(t, f), cur.ID, stateInactive, 1)
	rep := promoteRun(ctx, nextRun(t, f), env, 0, sha(3), protocol.Inputs{Command: protocol.Rollback, Environment: "production", RequestedBy: "erin"})
	if rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(2) {
		t.Fatalf("rollback: %s %q, production runs %s, want %s", rep.Status, rep.Error, prod.stable.Image.Digest(), dig(2))
	}
}

// hookTransport calls before once, ahead of the first request that writes a repository
// variable.
type hookTransport struct {
	before func()
	done   bool
}

func (h *hookTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !h.done && r.Method != http.MethodGet && strings.Contains(r.URL.Path, "/actions/variables") {
		h.done = true
		h.before()
	}
	return http.DefaultTransport.RoundTrip(r)
}

// Two replicas of the bot (two processes: the client's lock serialises one process only)
// anchor at once: B reads the variable, A writes its lock and reads it back (there: done), B
// writes what it read plus its own entry and reads it back (there: done). A's lock is no longer
// anchored, and a branch workflow may delete it unseen. GitHub's variables have no
// conditional update.
func TestTwoBotsAnchoringAtOnceKeepBothEntries(t *testing.T) {
	f, _ := fake(t, sha(1))
	ctx := context.Background()
	a := anchoringBot(t, f)
	if _, err := a.LockEnv(ctx, "dev", "main", "slack:UANN", "first"); err != nil { // the variable exists
		t.Fatal(err)
	}
	lockA, b, lockB := racingLocks(t, f, a)
	// The race drops A's entry (the variable has no conditional update); the bot's Reanchor,
	// when it starts and every ten minutes, puts it back.
	if n, err := b.Reanchor(ctx); err != nil || n != 1 {
		t.Fatalf("reanchor: %d %v", n, err)
	}
	anchored(t, f, lockA, lockB)
}

// Two bots anchor their first records at once: both read no variable, A creates it, and B's
// create is refused (409 Already exists). B read the variable again and added to it; it used
// to give up, and its lock was not anchored.
func TestTwoBotsCreatingTheAnchorAtOnceKeepBothEntries(t *testing.T) {
	f, _ := fake(t, sha(1))
	lockA, _, lockB := racingLocks(t, f, anchoringBot(t, f))
	anchored(t, f, lockA, lockB)
}

// racingLocks is two bot processes locking at once: bot b's first request lets bot a lock
// staging before it goes on, then b locks production. It returns a's lock, b and b's lock.
func racingLocks(t *testing.T, f *githubfake.Server, a *Client) (*Lock, *Client, *Lock) {
	t.Helper()
	ctx := context.Background()
	var lockA *Lock
	hook := &hookTransport{before: func() {
		var err error
		if lockA, err = a.LockEnv(ctx, "staging", "main", "slack:UANN", "a"); err != nil {
			t.Error(err)
		}
	}}
	b, err := New("ghs_app", "acme/hello", WithBaseURL(f.URL), WithApp(githubfake.AppID("acme-greenlight")), WithAnchoring(),
		WithHTTPClient(&http.Client{Transport: &authTransport{tok: "ghs_app", next: hook}, Timeout: 10 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	lockB, err := b.LockEnv(ctx, "production", "main", "slack:UBOB", "b")
	if err != nil {
		t.Fatal(err)
	}
	return lockA, b, lockB
}

// anchored fails unless GREENLIGHT_RECORDS lists every lock.
func anchored(t *testing.T, f *githubfake.Server, locks ...*Lock) {
	t.Helper()
	v := f.Variable(RecordsVariable)
	for _, l := range locks {
		if l == nil || !strings.Contains(v, "L"+strconv.FormatInt(l.ID, 10)+"@") {
			t.Fatalf("GREENLIGHT_RECORDS %q lacks lock %+v", v, l)
		}
	}
}

// authTransport adds the token, as go-github's WithAuthToken does.
type authTransport struct {
	tok  string
	next http.RoundTripper
}

func (a *authTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+a.tok)
	return a.next.RoundTrip(r)
}

// A branch workflow created a deploy record in progress for the digest a run was about to
// promote, naming another commit: the run took it for the canary an earlier run had left open
// (Ledger.Resume), and signed its success, so Greenlight's own MAC vouched for the forged
// commit (what newest-wins and rollbacks compare). A run whose target served that digest
// reconciled it into a signed success the same way.
func TestAForgedOpenRecordIsNotResumedAndSigned(t *testing.T) {
	f, c := greenFake(t, 3)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	if rep := promoteRun(ctx, c, env, 1, sha(1), protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
		t.Fatalf("release 1: %s", rep.Error)
	}
	atk := branchWorkflow(t, f)
	forged, err := deployKind.create(ctx, atk, place{env: "production", ref: sha(3), production: true}, Payload{Image: "ghcr.io/acme/hello@" + dig(2), Digest: dig(2)}, "deploy")
	if err != nil {
		t.Fatal(err)
	}
	if err := deployKind.mark(ctx, atk, forged.ID, status{state: stateInProgress, desc: "canary"}); err != nil {
		t.Fatal(err)
	}
	// The next run promotes dig(2), a canary no run of its own started: it looks for the
	// record an earlier run left open.
	img, _ := oci.NewImage("ghcr.io/acme/hello", dig(2), "")
	e, err := nextRun(t, f).Ledger("https://run/2", "production").Resume(ctx, "production", img)
	if err != nil {
		t.Fatal(err)
	}
	if e != nil && e.(*entry).rec.ID == forged.ID {
		t.Fatalf("the run resumed deployment %d, which a branch workflow wrote (commit %s)", forged.ID, short(e.(*entry).rec.SHA))
	}
	run := nextRun(t, f)
	if _, err := run.Ledger("https://run/3", "production").Reconcile(ctx, "production", greenlight.State{Stable: &greenlight.Revision{Image: img}}); err != nil {
		t.Fatal(err)
	}
	run.forget(forged.ID)
	deployKind.each(ctx, run, "production", func(r *Record) (bool, error) {
		if r.ID == forged.ID && r.Served {
			t.Fatalf("reconciling signed deployment %d, which a branch workflow wrote (commit %s)", r.ID, short(r.SHA))
		}
		return false, nil
	})
}

// A success whose description is long lost its MAC: the description was cut to leave room
// for the MAC, but truncate left two bytes more than asked (its "…" is three bytes), and the
// status was cut again at 140 bytes, through the MAC. Such a release was not recorded as
// served (the reconciled success of a run that could not record its outcome, for one).
func TestALongOutcomeStillSigns(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	rec, err := c.Begin(ctx, "production", sha(1), "main", Payload{Image: "ghcr.io/acme/hello@" + dig(1), Digest: dig(1)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetState(ctx, rec, stateSuccess, "", "https://run/1", strings.Repeat("promoted after a long canary ", 10)); err != nil {
		t.Fatal(err)
	}
	run := nextRun(t, f)
	var served bool
	deployKind.each(ctx, run, "production", func(r *Record) (bool, error) { served = served || r.ID == rec.ID && r.Served; return false, nil })
	if !served {
		ss, _ := run.allStatuses(ctx, rec.ID)
		t.Fatalf("a success with a long description is not recorded as served: %q", ss[0].GetDescription())
	}
	_ = f
}

// releaseOneAndForgeStaging is production after release 1 (dig(1), from sha(1)), and a branch
// workflow's successful deploy in staging of digest, naming commit.
func releaseOneAndForgeStaging(t *testing.T, commit, digest string) *githubfake.Server {
	t.Helper()
	f, c := fake(t, sha(1), sha(2), sha(3))
	f.Check(sha(1), "test", "success")
	ctx := context.Background()
	env := &greenlight.Environment{Name: "production", Target: &memTarget{}}
	if rep := promoteRun(ctx, c, env, 1, sha(1), protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
		t.Fatalf("release 1: %s", rep.Error)
	}
	atk := branchWorkflow(t, f)
	forged, err := deployKind.create(ctx, atk, place{env: "staging", ref: commit}, Payload{Image: "ghcr.io/acme/hello@" + digest, Digest: digest}, "deploy")
	if err != nil {
		t.Fatal(err)
	}
	if err := deployKind.mark(ctx, atk, forged.ID, status{state: stateSuccess, desc: "deployed"}); err != nil {
		t.Fatal(err)
	}
	return f
}

// A branch workflow created a successful deploy record in another environment for a digest
// Greenlight had deployed, naming a commit of its choosing: a command's deploy (or a redeploy,
// a rollback) of that digest recorded itself against the forged commit, and signed it.
func TestACommandsDeployIsNotRecordedAgainstAForgedCommit(t *testing.T) {
	f := releaseOneAndForgeStaging(t, sha(3), dig(1))
	ctx := context.Background()
	img, _ := oci.NewImage("ghcr.io/acme/hello", dig(1), "")
	e, err := nextRun(t, f).Ledger("https://run/2", "production").Begin(ctx, "production", img, oci.Signature{}, runlog.Source{Commit: sha(2), Ref: "refs/heads/main", Trigger: "workflow_dispatch"}, "redeploy")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.(*entry).rec.SHA; got != sha(1) {
		t.Fatalf("the redeploy of %s was recorded against commit %s (the branch workflow's record names it), not %s", dig(1), short(got), short(sha(1)))
	}
}

// A branch workflow wrote a successful deploy in staging that maps a commit to an image of
// its choosing: `greenlight deploy production --ref <commit>` then found that image for the
// commit (it must still verify and be approved, but the person asked for another).
func TestADeployByCommitFindsOnlyWhatGreenlightRecorded(t *testing.T) {
	f := releaseOneAndForgeStaging(t, sha(1), dig(9))
	ctx := context.Background()
	rel, err := nextRun(t, f).Releases().Find(ctx, sha(1)[:7])
	if err != nil || rel.Image.Digest() != dig(1) {
		t.Fatalf("deploy --ref %s found %s (%v), want %s", sha(1)[:7], rel.Image.Digest(), err, dig(1))
	}
}
