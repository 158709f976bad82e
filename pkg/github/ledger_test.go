package github

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// memTarget is the smallest target: it remembers which revisions take the traffic.
type memTarget struct {
	mu     sync.Mutex
	stable *greenlight.Revision
	prev   *greenlight.Revision
	canary *greenlight.Revision
	weight int
	starts int
}

func (m *memTarget) State(context.Context) (greenlight.State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return greenlight.State{Stable: m.stable, Canary: m.canary, CanaryWeight: m.weight, Previous: m.prev}, nil
}
func (m *memTarget) Start(_ context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.starts++
	// The tests' digests (dig) differ only at the end, where Short does not look: a revision
	// is named by the digest's last 12 digits, so that each is a revision of its own.
	d := img.Image().Digest()
	return greenlight.Revision{ID: d[len(d)-12:], Image: img.Image(), URL: "http://127.0.0.1:1"}, nil
}
func (m *memTarget) SetCanaryWeight(_ context.Context, r greenlight.Revision, w int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.canary, m.weight = &r, w
	return w, nil
}
func (m *memTarget) Promote(_ context.Context, r greenlight.Revision) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stable != nil && m.stable.ID == r.ID {
		return nil
	}
	m.prev, m.stable, m.canary, m.weight = m.stable, &r, nil, 0
	return nil
}
func (m *memTarget) Abort(_ context.Context, r greenlight.Revision) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stable != nil && m.stable.ID == r.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", r.ID)
	}
	if m.canary != nil && m.canary.ID == r.ID {
		m.canary, m.weight = nil, 0
	}
	return nil
}
func (m *memTarget) Rollback(context.Context) (greenlight.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prev == nil {
		return greenlight.Revision{}, fmt.Errorf("no previous revision to roll back to")
	}
	m.stable, m.prev, m.canary, m.weight = m.prev, nil, nil, 0
	return *m.stable, nil
}

type okSigner struct{}

func (okSigner) Sign(context.Context, oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "sig", KeyID: "k"}, nil
}
func (okSigner) Verifier() oci.Verifier { return okSigner{} }
func (okSigner) Verify(_ context.Context, img oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "repo:" + img.Short() + ".sig", KeyID: "k"}, nil
}

func TestLedgerRecordsDeploymentsAndAppliesNewestWins(t *testing.T) {
	f, c := fake(t, sha(1), sha(2), sha(3))
	// Greenlight's own job is a check run on the commit, still running: it must not make the
	// deploy wait on itself (it once did, on GitHub, where only a name prefix was left out).
	for _, s := range []string{sha(1), sha(2), sha(3)} {
		f.Check(s, "test", "success")
	}
	c.RunID, _ = f.StartRun("deploy.yml", sha(2), "deploy")
	tgt := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: tgt, URL: "https://hello.example"}
	ledger := c.Ledger("https://github.com/acme/hello/actions/runs/1", "production")
	deployCommit := func(commit string, digest int) *runlog.Report {
		img, _ := oci.NewImage("ghcr.io/acme/hello", dig(digest), "")
		rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
			p.Promote(p.Sign(img, okSigner{}), p.Env("production"))
		}, greenlight.WithEnvironments(env), greenlight.WithLedger(ledger),
			greenlight.WithSource(runlog.Source{Commit: commit, Ref: "refs/heads/main", Author: "ann", Trigger: "push"}))
		return rep
	}
	if rep := deployCommit(sha(2), 2); rep.Status != runlog.Passed {
		t.Fatalf("first deploy: %s %s", rep.Status, rep.Error)
	}
	cur, err := c.Current(context.Background(), "production")
	if err != nil || cur == nil || cur.SHA != sha(2) || cur.Payload.Digest != dig(2) || !strings.HasSuffix(cur.Payload.Signature, ".sig") ||
		cur.Payload.RunURL != "https://github.com/acme/hello/actions/runs/1" || cur.Payload.TriggeredBy != "ann" || cur.Payload.Strategy != "blue-green" || cur.EnvironmentURL != "https://hello.example" {
		t.Fatalf("recorded deployment: %+v %v", cur, err)
	}
	// An older commit is skipped, touching nothing.
	starts := tgt.starts
	rep := deployCommit(sha(1), 1)
	if rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "which is newer than") || tgt.starts != starts {
		t.Fatalf("older commit: %s %q (starts %d→%d)", rep.Status, rep.Error, starts, tgt.starts)
	}
	// A red commit is skipped too, naming the failing check.
	f.AddCommit(sha(4), sha(3), "main")
	f.Check(sha(4), "test", "failure")
	if rep := deployCommit(sha(4), 4); rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "is not green (failing: check test (failure))") {
		t.Fatalf("red commit: %s %q", rep.Status, rep.Error)
	}
	// The newer green commit deploys; the history shows both, newest first.
	if rep := deployCommit(sha(3), 3); rep.Status != runlog.Passed {
		t.Fatalf("newer commit: %s %s", rep.Status, rep.Error)
	}
	hist, _ := c.History(context.Background(), "production", 0)
	if len(hist) != 2 || hist[0].SHA != sha(3) || hist[0].State != "success" || !hist[1].Succeeded {
		t.Fatalf("history %+v", hist)
	}
	// Rollback by redeploying the previous successful digest, no rebuild: an explicit request.
	target, served, _, err := c.RollbackTarget(context.Background(), "production", "")
	if err != nil || !served || target.Payload.Digest != dig(2) {
		t.Fatalf("rollback target %+v %v", target, err)
	}
	img, _ := oci.ParseImage(target.Payload.Image)
	rep, _ = greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Redeploy(p.Verify(img, okSigner{}), p.Env("production"), "rollback requested by carol")
	}, greenlight.WithEnvironments(env), greenlight.WithLedger(ledger), greenlight.WithSource(runlog.Source{Commit: sha(2), Trigger: "workflow_dispatch", Author: "carol"}))
	if rep.Status != runlog.Passed || tgt.stable.Image.Digest() != dig(2) {
		t.Fatalf("redeploy: %s %s", rep.Status, rep.Error)
	}
	cur, _ = c.Current(context.Background(), "production")
	if cur.Payload.Digest != dig(2) || cur.Payload.Strategy != "redeploy" || cur.Payload.TriggeredBy != "carol" {
		t.Errorf("inventory after the rollback: %+v", cur.Payload)
	}
}

func TestLockedEnvironmentRefusesNewCommitsButNotARollback(t *testing.T) {
	f, c := fake(t, sha(1), sha(2))
	f.Check(sha(1), "test", "success")
	f.Check(sha(2), "test", "success")
	tgt := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: tgt}
	ledger := greenlight.WithLedger(c.Ledger("https://run/1"))
	cmd := protocol.Run
	deploy := func(commit string, d int, explicit bool) *runlog.Report {
		img, _ := oci.NewImage("ghcr.io/acme/hello", dig(d), "")
		rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
			if explicit {
				p.Redeploy(p.Verify(img, okSigner{}), p.Env("production"), "rollback")
			} else {
				p.Promote(p.Sign(img, okSigner{}), p.Env("production"))
			}
		}, greenlight.WithEnvironments(env), ledger, greenlight.WithRequest(protocol.Request{Commit: commit, Inputs: protocol.Inputs{Command: cmd, Environment: "production"}}))
		return rep
	}
	if rep := deploy(sha(1), 1, false); rep.Status != runlog.Passed {
		t.Fatal(rep.Error)
	}
	// The second release, so that a rollback has somewhere to go. People lock and unlock
	// through the Greenlight bot (its App).
	ctx := context.Background()
	bot := appBot(t, f)
	if _, err := bot.LockEnv(ctx, "production", "main", "slack:UANN", "incident 42"); err != nil {
		t.Fatal(err)
	}
	if _, err := bot.LockEnv(ctx, "production", "main", "slack:UBOB", "again"); err == nil || !strings.Contains(err.Error(), "already locked by slack:UANN") {
		t.Errorf("double lock: %v", err)
	}
	rep := deploy(sha(2), 2, false)
	if rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "production is locked by slack:UANN") || !strings.Contains(rep.Error, "incident 42") || tgt.stable.Image.Digest() != dig(1) {
		t.Fatalf("locked: %s %q", rep.Status, rep.Error)
	}
	// History and the inventory do not count the lock as a deploy.
	if cur, _ := c.Current(ctx, "production"); cur.Payload.Digest != dig(1) {
		t.Errorf("current %+v", cur)
	}
	// A lock stops every command but a rollback: a deploy of a chosen digest is refused, and
	// fails so the person who asked sees why.
	cmd = protocol.Deploy
	if rep := deploy(sha(2), 2, true); rep.Status != runlog.Failed || !strings.Contains(rep.Error, "only a rollback may move it") || tgt.stable.Image.Digest() != dig(1) {
		t.Fatalf("deploy into a locked environment: %s %s", rep.Status, rep.Error)
	}
	// A rollback still may, and the audit trail says it went through the lock.
	cmd = protocol.Rollback
	if rep := deploy(sha(2), 2, true); rep.Status != runlog.Passed {
		t.Fatalf("rollback in a locked environment: %s", rep.Error)
	}
	if cur, _ := c.Current(ctx, "production"); cur.Payload.Strategy != "rollback" || !strings.Contains(cur.Payload.Note, "locked by slack:UANN") {
		t.Errorf("the rollback's record: %+v", cur.Payload)
	}
	if err := bot.Unlock(ctx, "production", "slack:UANN"); err != nil {
		t.Fatal(err)
	}
	if l, _ := c.LockOf(ctx, "production"); l != nil {
		t.Errorf("still locked: %+v", l)
	}
	if err := bot.Unlock(ctx, "production", "x"); err == nil || !strings.Contains(err.Error(), "not locked") {
		t.Errorf("unlock twice: %v", err)
	}
}

// A run holds an environment while it moves it: a second run waits until the first lets go,
// and a run that crashed (it stops renewing its hold) frees the environment once the hold's
// time to live has passed.
func TestHoldsTakeTurnsAndACrashedRunsHoldExpires(t *testing.T) {
	_, c := fake(t, sha(1))
	l1, l2 := c.Ledger("https://run/1"), c.Ledger("https://run/2")
	for _, l := range []*Ledger{l1, l2} {
		l.ClaimTTL, l.ClaimWait = 3*time.Second, 40*time.Second
	}
	mv := greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}
	release1, err := l1.Claim(context.Background(), mv, runlog.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan time.Time, 1)
	var said strings.Builder
	var mu sync.Mutex
	go func() {
		release2, err := l2.Claim(context.Background(), mv, logFunc(func(s string) { mu.Lock(); said.WriteString(s); mu.Unlock() }))
		if err == nil {
			got <- time.Now()
			release2()
		}
	}()
	time.Sleep(5 * time.Second) // longer than the TTL (and its slack): the first run renews its hold
	select {
	case <-got:
		t.Fatal("the second run got the hold while the first held it")
	default:
	}
	release1()
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the second run never got the hold after the first let go")
	}
	mu.Lock()
	if !strings.Contains(said.String(), "waiting for https://run/1") {
		t.Errorf("the waiting run said %q", said.String())
	}
	mu.Unlock()
	// A crash: the run's context ends without a release; its hold expires.
	ctx, crash := context.WithCancel(context.Background())
	if _, err := l1.Claim(ctx, mv, runlog.Discard); err != nil {
		t.Fatal(err)
	}
	crash()
	start := time.Now()
	release, err := l2.Claim(context.Background(), mv, runlog.Discard)
	if err != nil {
		t.Fatalf("after a crash: %v", err)
	}
	release()
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("the crashed run's hold was taken after %s, before it expired", waited)
	}
}

type logFunc func(string)

func (f logFunc) Logf(format string, args ...any) { f(fmt.Sprintf(format, args...)) }

// A release (a feature flag's change) is recorded in GitHub apart from deploys: its own
// deployment task, success or failure, and the deploy inventory is left as it was.
func TestReleasesAreRecordedApartFromDeploys(t *testing.T) {
	f, c := fake(t, sha(1))
	f.Check(sha(1), "test", "success")
	tgt := &memTarget{}
	env := &greenlight.Environment{Name: "production", Target: tgt}
	ledger := greenlight.WithLedger(c.Ledger("https://run/1", "production"))
	img, _ := oci.NewImage("ghcr.io/acme/hello", dig(1), "")
	src := greenlight.WithSource(runlog.Source{Commit: sha(1), Ref: "refs/heads/main", Author: "ann"})
	if rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) { p.Promote(p.Sign(img, okSigner{}), p.Env("production")) }, greenlight.WithEnvironments(env), ledger, src); rep.Status != runlog.Passed {
		t.Fatal(rep.Error)
	}
	rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("release checkout production", func(s *greenlight.Stage) error {
			set := func(context.Context) error { return nil }
			return errors.Join(s.Release(env, runlog.ReleaseRecord{Flag: "checkout", From: 0, Percent: 10, Outcome: runlog.Passed, Reason: "release step 10%"}, set),
				s.Release(env, runlog.ReleaseRecord{Flag: "checkout", From: 10, Percent: 0, Outcome: runlog.Failed, Reason: "turned off: errors"}, set))
		})
	}, greenlight.WithEnvironments(env), ledger, src)
	if rep.Status != runlog.Passed || len(rep.OutOfDate) != 0 {
		t.Fatalf("%s %s %v", rep.Status, rep.Error, rep.OutOfDate)
	}
	recs, err := releaseKind.newest(context.Background(), c, "production", 0)
	if err != nil || len(recs) != 2 {
		t.Fatalf("release records: %d %v", len(recs), err)
	}
	if recs[1].State != "success" || recs[0].State != "failure" || !strings.Contains(string(recs[0].Raw), `"flag":"checkout"`) || !strings.Contains(string(recs[0].Raw), dig(1)) {
		t.Errorf("records: %s %s %s", recs[1].State, recs[0].State, recs[0].Raw)
	}
	if cur, _ := c.Current(context.Background(), "production"); cur == nil || cur.Payload.Digest != dig(1) || cur.State != "success" {
		t.Errorf("the deploy inventory changed: %+v", cur)
	}
}

// The in-memory target these tests release with behaves as a real target does.
func TestMemTargetConforms(t *testing.T) {
	greenlighttest.Target(t, func(*testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		return &memTarget{}, nil
	})
}
