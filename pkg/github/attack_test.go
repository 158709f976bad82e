package github

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/actions"
	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// What someone with write access can do with a branch workflow of their own: its GITHUB_TOKEN
// writes deployments as github-actions[bot], exactly as the deploy workflow does, but it does
// not hold the protected environment's secrets (the record key).

// greenFake is fake with commits sha(1)…sha(n) on main, each green (its check "test" passed).
func greenFake(t *testing.T, n int) (*githubfake.Server, *Client) {
	t.Helper()
	var commits []string
	for i := 1; i <= n; i++ {
		commits = append(commits, sha(i))
	}
	f, c := fake(t, commits...)
	for _, s := range commits {
		f.Check(s, "test", "success")
	}
	return f, c
}

// person returns a client with the token of the person login (what GitHub records as a User).
func person(t *testing.T, f *githubfake.Server, login string) *Client {
	t.Helper()
	tok := "ghp_" + login
	f.Token(tok, githubfake.AllPermissions)
	f.Login(tok, login)
	c, err := New(tok, "acme/hello", WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// appBot returns a client with the token of the configured App's installation (the Greenlight
// bot's, acme-greenlight).
func appBot(t *testing.T, f *githubfake.Server) *Client {
	t.Helper()
	f.Token("ghs_app", githubfake.AllPermissions)
	f.App("ghs_app", "acme-greenlight")
	c, err := New("ghs_app", "acme/hello", WithBaseURL(f.URL), WithApp(githubfake.AppID("acme-greenlight")))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// branchWorkflow returns a client with another workflow run's GITHUB_TOKEN: github-actions[bot],
// the workflow's permissions, no record key.
func branchWorkflow(t *testing.T, f *githubfake.Server) *Client {
	t.Helper()
	f.Token("ghs_branch", githubfake.WorkflowPermissions)
	c, err := New("ghs_branch", "acme/hello", WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Issue 21, defect 1: a branch workflow forged two successful deploys in production (the
// rejected digest, then the current one); a dispatched `rollback production --ref <rejected>`
// then moved the rejected digest into production through a lock and without approval. Now a
// rollback goes only where Greenlight recorded the environment has been; to anything else it
// moves as a deploy, which the lock and the missing approval stop, and the forged records
// are named.
func TestARollbackToAForgedRecordMovesNothing(t *testing.T) {
	f, c := greenFake(t, 3)
	ctx := context.Background()
	bob := person(t, f, "bob")
	for _, d := range []string{dig(1), dig(2)} {
		if _, _, err := bob.Decisions("main").RecordOwn(ctx, approval.Decision{Approved: true, By: "bob", Env: "production", Digest: d, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod, Approval: greenlight.Approval{Required: true, Decisions: c.Decisions("main")}}
	run := func(d int, commit string, cmd protocol.Inputs) *runlog.Report {
		return promoteRun(ctx, c, env, d, commit, cmd)
	}
	for i, s := range []string{sha(1), sha(2)} {
		if rep := run(i+1, s, protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s %s", i+1, rep.Status, rep.Error)
		}
	}
	// dig(3) was rejected; then production was locked.
	carol := person(t, f, "carol")
	carol.Decisions("main").RecordOwn(ctx, approval.Decision{Approved: false, By: "carol", Env: "production", Digest: dig(3), At: time.Now()})
	if _, err := person(t, f, "dan").LockEnv(ctx, "production", "main", "dan", "incident 42"); err != nil {
		t.Fatal(err)
	}

	// The branch workflow forges: the rejected digest deployed with success, then the current one.
	atk := branchWorkflow(t, f)
	deploy(t, atk, "production", sha(3), dig(3), "success")
	deploy(t, atk, "production", sha(2), dig(2), "success")

	// The dispatched rollback, its step summary written as the Action writes it.
	summary := filepath.Join(t.TempDir(), "summary")
	gha := actions.New(io.Discard, func(k string) string {
		return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}[k]
	})
	rep, _ := greenlight.Run(ctx, func(*greenlight.P) {}, greenlight.WithCommands(c.Releases(), okSigner{}), greenlight.WithEnvironments(env),
		greenlight.WithLedger(c.Ledger("https://run/1", "production")), greenlight.WithSink(gha.NewSink(io.Discard)),
		greenlight.WithRequest(protocol.Request{Commit: sha(2), Ref: "refs/heads/main", Author: "ann",
			Inputs: protocol.Inputs{Command: protocol.Rollback, Environment: "production", Ref: dig(3), RequestedBy: "mallory"}}))
	if prod.stable.Image.Digest() != dig(2) {
		t.Fatalf("the forged record moved production to %s: %s %s", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
	// The attempt is named where people look: the step summary lists the forged records.
	if b, _ := os.ReadFile(summary); !strings.Contains(string(b), "**Not trusted**") || !strings.Contains(string(b), "github-actions[bot]") ||
		len(rep.Untrusted) != 2 {
		t.Errorf("the summary does not name the forged records (%d in the report):\n%s", len(rep.Untrusted), b)
	}
	if rep.Status == runlog.Passed || !strings.Contains(rep.Error, "production is locked by dan") {
		t.Errorf("the rollback to a forged record: %s %q, want it refused by the lock", rep.Status, rep.Error)
	}
	if s := rep.Stage("rollback-target"); s == nil || !strings.Contains(s.Result, "never recorded serving production") {
		t.Errorf("rollback-target stage %+v: want it to say the digest is no release production ran", s)
	}

	// Without the lock, the approval that a deploy needs stops it: carol's rejection stands.
	dan := person(t, f, "dan")
	if err := dan.Unlock(ctx, "production", "dan"); err != nil {
		t.Fatal(err)
	}
	rep = run(0, sha(2), protocol.Inputs{Command: protocol.Rollback, Environment: "production", Ref: dig(3), RequestedBy: "mallory"})
	if prod.stable.Image.Digest() != dig(2) || rep.Status == runlog.Passed {
		t.Fatalf("unlocked, the forged record moved production to %s: %s %s", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
	// And a plain rollback goes to the release production really ran before, not to the forgery.
	rep = run(0, sha(2), protocol.Inputs{Command: protocol.Rollback, Environment: "production", RequestedBy: "erin"})
	if rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(1) {
		t.Fatalf("rollback: %s %s, production runs %s; want %s", rep.Status, rep.Error, prod.stable.Image.Digest(), dig(1))
	}
}

// Issue 21, defect 4: any branch's workflow lifted a lock by marking the lock record inactive.
// Only a person's own token or the configured App lifts one now; the workflow's unlock is
// refused, the lock holds and stops the next release, and the ignored unlock is named.
func TestABranchWorkflowCannotLiftALock(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	if _, err := appBot(t, f).LockEnv(ctx, "production", "main", "slack:UANN", "incident 42"); err != nil {
		t.Fatal(err)
	}
	atk := branchWorkflow(t, f)
	err := atk.Unlock(ctx, "production", "mallory")
	if err == nil || !strings.Contains(err.Error(), "still locked") {
		t.Fatalf("the branch workflow's unlock: %v", err)
	}
	l, err := c.LockOf(ctx, "production")
	if err != nil || l == nil || l.By != "slack:UANN" {
		t.Fatalf("after the branch workflow's unlock: lock %+v %v, want slack:UANN's lock to hold", l, err)
	}
	if len(l.Ignored) != 1 || !strings.Contains(l.Ignored[0], "github-actions[bot]") {
		t.Errorf("ignored unlocks %q", l.Ignored)
	}
	if ok, reason, _ := c.Ledger("https://run/2").Admit(ctx, greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Source: runlog.Source{Commit: sha(1)}}); ok || !strings.Contains(reason, "locked by slack:UANN") || !strings.Contains(reason, "not trusted: an unlock of lock") {
		t.Errorf("a release after the forged unlock: admitted %t (%s)", ok, reason)
	}
	// Another App's bot is not the configured one either.
	f.Token("ghs_other", githubfake.AllPermissions)
	f.App("ghs_other", "other-app")
	other, _ := New("ghs_other", "acme/hello", WithBaseURL(f.URL))
	if err := other.Unlock(ctx, "production", "mallory"); err == nil {
		t.Error("another App's bot lifted the lock")
	}
	// A person's own token lifts it.
	if err := person(t, f, "dan").Unlock(ctx, "production", "dan"); err != nil {
		t.Fatalf("dan's unlock: %v", err)
	}
	if l, _ := c.LockOf(ctx, "production"); l != nil {
		t.Errorf("after dan's unlock: %+v", l)
	}
}

// Issue 21, defect 3: any GitHub App's bot could record an approval in anyone's name. Only the
// configured App's decisions count for others now (by the App ID GitHub records).
func TestAnotherAppCannotApproveInSomeonesName(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	f.Token("ghs_other", githubfake.AllPermissions)
	f.App("ghs_other", "other-app")
	other, _ := New("ghs_other", "acme/hello", WithBaseURL(f.URL))
	forged := approval.Decision{Approved: true, By: "UCAROL", Identity: "carol", Via: "slack", Env: "production", Digest: dig(1), At: time.Now()}
	if _, err := other.Decisions("main").write(ctx, &forged); err != nil {
		t.Fatal(err)
	}
	if ds, err := c.Decisions("main").All(ctx, "production", dig(1)); len(ds) != 0 || err == nil || !strings.Contains(err.Error(), "other-app[bot]") {
		t.Fatalf("another App's decision for carol: %+v %v; want it ignored and named", ds, err)
	}
	// The configured App's decision for carol counts.
	real := forged
	if _, _, err := appBot(t, f).Decisions("main", AsRecorder()).Record(ctx, real); err != nil {
		t.Fatal(err)
	}
	if ds, err := c.Decisions("main").All(ctx, "production", dig(1)); err != nil || len(ds) != 1 || ds[0].Identity != "carol" {
		t.Fatalf("the configured App's decision: %+v %v", ds, err)
	}
}

// Issue 21: a lock stops a rollback to a digest that was rejected, even one the environment
// ran before (a rollback otherwise passes a lock).
func TestALockStopsARollbackToARejectedDigest(t *testing.T) {
	f, c := greenFake(t, 2)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	run := func(d int, commit string, cmd protocol.Inputs) *runlog.Report {
		return promoteRun(ctx, c, env, d, commit, cmd)
	}
	for i, s := range []string{sha(1), sha(2)} {
		if rep := run(i+1, s, protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s", i+1, rep.Error)
		}
	}
	person(t, f, "carol").Decisions("main").RecordOwn(ctx, approval.Decision{Approved: false, By: "carol", Env: "production", Digest: dig(1), At: time.Now()})
	if _, err := appBot(t, f).LockEnv(ctx, "production", "main", "slack:UDAN", "incident 43"); err != nil {
		t.Fatal(err)
	}
	rep := run(0, sha(2), protocol.Inputs{Command: protocol.Rollback, Environment: "production", RequestedBy: "erin"})
	if prod.stable.Image.Digest() != dig(2) || rep.Status == runlog.Passed || !strings.Contains(rep.Error, "which carol rejected for production") {
		t.Fatalf("a rollback under a lock to a rejected digest: production runs %s; %s %q", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
}

// Issue 21, defect 9: any token with deployments: write may delete an inactive deployment, and
// every superseded release is inactive. The served deployments form a chain (each success
// names the served one before it, under the MAC), so deleting the release a rollback would
// return to is detected: nothing moves but a rollback to a release Greenlight recorded, and
// after that rollback the environment moves again.
func TestADeletedReleaseRecordIsDetected(t *testing.T) {
	f, c := greenFake(t, 4)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	run := func(d int, commit string, cmd protocol.Inputs) *runlog.Report {
		return promoteRun(ctx, c, env, d, commit, cmd)
	}
	for i, s := range []string{sha(1), sha(2), sha(3)} {
		if rep := run(i+1, s, protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s", i+1, rep.Error)
		}
	}
	// The branch workflow marks release 2's record inactive (anyone may) and deletes it.
	hist, _ := c.History(ctx, "production", 0)
	var victim int64
	for _, r := range hist {
		if r.Payload.Digest == dig(2) {
			victim = r.ID
		}
	}
	atk := branchWorkflow(t, f)
	if err := deployKind.mark(ctx, atk, victim, status{state: stateInactive, desc: "cleanup"}); err != nil {
		t.Fatal(err)
	}
	if _, err := atk.gh.Repositories.DeleteDeployment(ctx, "acme", "hello", victim); err != nil {
		t.Fatalf("deleting deployment %d: %v", victim, err)
	}
	c2, _ := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey))) // the next run's client
	c = c2
	rep := run(4, sha(4), protocol.Inputs{Command: protocol.Run})
	if rep.Status == runlog.Passed || !strings.Contains(rep.Error, "the verified history of production is broken") || prod.stable.Image.Digest() != dig(3) {
		t.Fatalf("release 4 after the deletion: %s %q, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
	// A rollback to a release Greenlight recorded (release 1) still goes, and mends the chain.
	if rep := run(0, sha(3), protocol.Inputs{Command: protocol.Rollback, Environment: "production", RequestedBy: "erin"}); rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(1) {
		t.Fatalf("rollback: %s %s, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
	if rep := run(4, sha(4), protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(4) {
		t.Fatalf("release 4 after the rollback: %s %s", rep.Status, rep.Error)
	}
}

// promoteRun is one run of the deploy workflow on commit: the pipeline promotes the image of
// dig(d) into production (a command, when cmd names one, is run by the engine instead), with
// c's ledger, releases and decisions as the workflow wires them.
func promoteRun(ctx context.Context, c *Client, env *greenlight.Environment, d int, commit string, cmd protocol.Inputs) *runlog.Report {
	rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
		img, _ := oci.NewImage("ghcr.io/acme/hello", dig(d), "")
		p.Promote(p.Sign(img, okSigner{}), p.Env("production"))
	}, greenlight.WithCommands(c.Releases(), okSigner{}), greenlight.WithEnvironments(env), greenlight.WithLedger(c.Ledger("https://run/1", "production")),
		greenlight.WithRequest(protocol.Request{Commit: commit, Ref: "refs/heads/main", Author: "ann", Inputs: cmd}))
	return rep
}

// anchoringBot is the Greenlight bot's client as `greenlight bot` makes it: the configured
// App's installation, anchoring the locks and rejections it writes in GREENLIGHT_RECORDS.
func anchoringBot(t *testing.T, f *githubfake.Server) *Client {
	t.Helper()
	f.Token("ghs_app", githubfake.AllPermissions)
	f.App("ghs_app", "acme-greenlight")
	c, err := New("ghs_app", "acme/hello", WithBaseURL(f.URL), WithApp(githubfake.AppID("acme-greenlight")), WithAnchoring())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// nextRun is the deploy job's client in a later run: GitHub gives it GREENLIGHT_RECORDS as it
// is now (`vars.GREENLIGHT_RECORDS` in the workflow).
func nextRun(t *testing.T, f *githubfake.Server) *Client {
	t.Helper()
	c, err := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey)), WithApp(githubfake.AppID("acme-greenlight")),
		WithAnchor(f.Variable(RecordsVariable)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// erase is what a branch workflow's token may do to any deployment: mark it inactive, then
// delete it (GitHub's "Delete a deployment").
func erase(t *testing.T, atk *Client, id int64) {
	t.Helper()
	ctx := context.Background()
	if err := lockKind.mark(ctx, atk, id, status{state: stateInactive, desc: "cleanup"}); err != nil {
		t.Fatal(err)
	}
	if _, err := atk.gh.Repositories.DeleteDeployment(ctx, "acme", "hello", id); err != nil {
		t.Fatalf("deleting deployment %d: %v", id, err)
	}
}

// Issue 21: a branch workflow marked a lock inactive (which lifts nothing) and then deleted
// it; nothing showed it had been there, and the next release went through. The bot anchors
// the locks it writes in GREENLIGHT_RECORDS, which a workflow's token cannot write, and the
// next run finds the lock gone: nothing moves but a rollback, and the run says why.
func TestADeletedLockIsDetected(t *testing.T) {
	f, c := greenFake(t, 3)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	for i, s := range []string{sha(1), sha(2)} {
		if rep := promoteRun(ctx, c, env, i+1, s, protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s", i+1, rep.Error)
		}
	}
	lock, err := anchoringBot(t, f).LockEnv(ctx, "production", "main", "slack:UANN", "incident 44")
	if err != nil {
		t.Fatal(err)
	}
	if v := f.Variable(RecordsVariable); !strings.Contains(v, "L"+strconv.FormatInt(lock.ID, 10)+"@production") {
		t.Fatalf("GREENLIGHT_RECORDS after the lock: %q", v)
	}
	atk := branchWorkflow(t, f)
	// The workflow's token cannot take the lock off the anchor...
	if err := atk.writeAnchor(ctx, "gl1", true); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("the branch workflow wrote GREENLIGHT_RECORDS: %v", err)
	}
	// ...but it can delete the lock.
	erase(t, atk, lock.ID)
	if l, err := c.LockOf(ctx, "production"); l != nil || err != nil {
		t.Fatalf("after the deletion: lock %+v %v", l, err)
	}
	rep := promoteRun(ctx, nextRun(t, f), env, 3, sha(3), protocol.Inputs{Command: protocol.Run})
	want := "lock " + strconv.FormatInt(lock.ID, 10) + " of production"
	if rep.Status == runlog.Passed || prod.stable.Image.Digest() != dig(2) || !strings.Contains(rep.Error, "were deleted") || !strings.Contains(rep.Error, want) {
		t.Fatalf("release 3 after the lock was deleted: %s %q, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
	// A rollback still goes (to a release Greenlight recorded).
	if rep := promoteRun(ctx, nextRun(t, f), env, 0, sha(2), protocol.Inputs{Command: protocol.Rollback, Environment: "production", RequestedBy: "erin"}); rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(1) {
		t.Fatalf("a rollback after the lock was deleted: %s %q, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
}

// Issue 21: a branch workflow deleted a rejection, and a rollback under a lock then went to
// the rejected digest (the lock lets rollbacks through, but not to a rejected digest: the
// rejection was no longer there to read). The rejection is anchored; its deletion is found,
// and the rollback to that digest refused.
func TestADeletedRejectionIsDetected(t *testing.T) {
	f, c := greenFake(t, 2)
	ctx := context.Background()
	prod := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: prod}
	for i, s := range []string{sha(1), sha(2)} {
		if rep := promoteRun(ctx, c, env, i+1, s, protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
			t.Fatalf("release %d: %s", i+1, rep.Error)
		}
	}
	bot := anchoringBot(t, f)
	rej := approval.Decision{Approved: false, By: "UCAROL", Identity: "carol", Via: "slack", Env: "production", Digest: dig(1), At: time.Now()}
	if _, first, err := bot.Decisions("main", AsRecorder()).Record(ctx, rej); err != nil || !first {
		t.Fatalf("carol's rejection: %t %v", first, err)
	}
	if _, err := bot.LockEnv(ctx, "production", "main", "slack:UDAN", "incident 45"); err != nil {
		t.Fatal(err)
	}
	var id int64
	decisionKind.listed(ctx, c, "production", func(r *Record) (bool, error) { id = r.ID; return true, nil })
	if v := f.Variable(RecordsVariable); !strings.Contains(v, "R"+strconv.FormatInt(id, 10)+"@production@") {
		t.Fatalf("GREENLIGHT_RECORDS after the rejection %d: %q", id, v)
	}
	erase(t, branchWorkflow(t, f), id)
	rep := promoteRun(ctx, nextRun(t, f), env, 0, sha(2), protocol.Inputs{Command: protocol.Rollback, Environment: "production", Ref: dig(1), RequestedBy: "erin"})
	if prod.stable.Image.Digest() != dig(2) || rep.Status == runlog.Passed || !strings.Contains(rep.Error, "whose rejection is among them") {
		t.Fatalf("a rollback under a lock to the digest whose rejection was deleted: production runs %s; %s %q", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
}

// A malformed GREENLIGHT_RECORDS (only an admin or the App writes it) fails closed: the check
// cannot be made, and the run says why.
func TestAMalformedAnchorFailsClosed(t *testing.T) {
	f, _ := fake(t, sha(1))
	f.Check(sha(1), "test", "success")
	c, err := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey)), WithAnchor("gl1 L12@production X"))
	if err != nil {
		t.Fatal(err)
	}
	ok, _, err := c.Ledger("https://run/1").Admit(context.Background(), greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Source: runlog.Source{Commit: sha(1)}})
	if ok || err == nil || !strings.Contains(err.Error(), "GREENLIGHT_RECORDS has an entry") {
		t.Fatalf("admitted %t: %v", ok, err)
	}
}

// Issue 21 (records Greenlight trusts are authenticated): a run's claim on an environment
// was whatever any token wrote. A branch workflow's forged claim stopped every run for
// ClaimWait, and its "inactive" status on a live claim let a second run move the environment
// at once. With the record key, a claim counts, and is live or released, only by the statuses
// a run holding the key wrote.
func TestABranchWorkflowCannotForgeOrReleaseAClaim(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	atk := branchWorkflow(t, f)
	// A forged claim, renewed by the workflow.
	forged, err := claimKind.create(ctx, atk, place{env: "production", ref: sha(1)}, claimPayload{Run: "https://evil/run"}, "held by https://evil/run")
	if err != nil {
		t.Fatal(err)
	}
	if err := claimKind.mark(ctx, atk, forged.ID, status{state: stateInProgress, desc: "moving traffic: https://evil/run"}); err != nil {
		t.Fatal(err)
	}
	la := c.Ledger("https://github.com/acme/hello/actions/runs/a", "production")
	la.ClaimTTL, la.ClaimWait = 2*time.Minute, 3*time.Second
	release, err := la.Claim(ctx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard)
	if err != nil {
		t.Fatalf("a forged claim stopped the run: %v", err)
	}
	defer release()
	// The branch workflow marks run a's live claim inactive: run b must still wait for it.
	var mine int64
	claimKind.listed(ctx, c, "production", func(r *Record) (bool, error) { mine = r.ID; return true, nil })
	if err := claimKind.mark(ctx, atk, mine, status{state: stateInactive, desc: "released"}); err != nil {
		t.Fatal(err)
	}
	runBWaitsForRunA(t, f, 2*time.Minute, 2*time.Second, "the workflow's 'inactive' released a's claim")
}

// runBWaitsForRunA is a second run, b, claiming production while run a holds it: it must wait
// for a and give up after wait, naming a; why says what let b move if it did not.
func runBWaitsForRunA(t *testing.T, f *githubfake.Server, ttl, wait time.Duration, why string) {
	t.Helper()
	b, _ := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey)))
	lb := b.Ledger("https://github.com/acme/hello/actions/runs/b", "production")
	lb.ClaimTTL, lb.ClaimWait = ttl, wait
	if rb, err := lb.Claim(context.Background(), greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard); err == nil {
		rb()
		t.Fatal("run b moved production while run a held it: " + why)
	} else if !strings.Contains(err.Error(), "actions/runs/a") {
		t.Fatalf("run b: %v", err)
	}
}

// Issue 21 (records authenticated): held releases and their resumptions were whatever any
// token wrote. A branch workflow's resumption made `greenlight due --resume` say a held
// release "was resumed" and dispatch nothing; its hold was taken for the newest. With the
// record key, only holds and resumptions written by a job holding it count.
func TestABranchWorkflowCannotForgeAHoldOrAResumption(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	end := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	if err := c.Holds("main").RecordHold(ctx, heldAt("production", dig(1), &end)); err != nil {
		t.Fatal(err)
	}
	atk := branchWorkflow(t, f)
	later := end.Add(time.Hour)
	if err := atk.Holds("main").RecordHold(ctx, heldAt("production", dig(2), &later)); err != nil {
		t.Fatal(err)
	}
	holds := c.Holds("main")
	hs, err := holds.Latest(ctx)
	if err != nil || len(hs) != 1 || hs[0].Digest != dig(1) {
		t.Fatalf("the holds read with the record key: %+v %v; want only the run's own hold of %s", hs, err, dig(1))
	}
	if u := holds.Untrusted(); len(u) != 1 || !strings.Contains(u[0], "not trusted: hold") || !strings.Contains(u[0], "github-actions[bot]") {
		t.Errorf("the forged hold is not named: %q", u)
	}
	// The workflow "resumes" the real hold first.
	if _, _, err := atk.Holds("main").Resume(ctx, hs[0], "mallory", end.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	r, first, err := c.Holds("main").Resume(ctx, hs[0], "greenlight due (freeze ended)", end.Add(2*time.Minute))
	if err != nil || !first || r.By != "greenlight due (freeze ended)" {
		t.Fatalf("due's resumption after a forged one: %+v first=%t %v", r, first, err)
	}
}
