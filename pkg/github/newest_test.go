package github

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// healthy is a metrics source on which every revision serves well.
type healthy struct{}

func (healthy) Preflight(context.Context, greenlight.Revision) error { return nil }
func (healthy) Sample(context.Context, greenlight.Revision, time.Time) (analysis.Sample, error) {
	return analysis.Sample{Requests: 1000, Errors: 1, P50: time.Millisecond, P99: 5 * time.Millisecond}, nil
}

// Issue 27, defect 1: a run that aborted a canary left by a crashed run never claimed the
// environment (the abort recorded a claim with nothing behind it), so its later moves ran with
// no claim: two runs of one commit started together after a crash both aborted, both set 10 %
// and both promoted (two successes for one commit), and the warm rollback revision was lost.
// The leftover's abort claims the environment and reads it again now: one run moves it, the
// other finds the commit already stable.
func TestTwoRunsAfterACrashMoveTheEnvironmentOnce(t *testing.T) {
	f, c := fake(t, sha(1), sha(2))
	f.Check(sha(1), "test", "success")
	f.Check(sha(2), "test", "success")
	ctx := context.Background()
	prod := &memTarget{}
	// The dispatched promote below bakes (issue 23): in test time.
	env := &greenlight.Environment{Name: "production", Target: prod, Metrics: healthy{},
		PromotePlan: greenlight.CanaryPlan{Interval: 5 * time.Millisecond, Bake: analysis.Bake{Time: 20 * time.Millisecond, MaxTime: 50 * time.Millisecond}}}
	plan := greenlight.CanaryPlan{Steps: []int{10, 50}, Interval: 5 * time.Millisecond, MaxWait: time.Second, Judge: analysis.Compare{MinRequests: 100}}
	run := func(d int, commit, runURL string) *runlog.Report {
		ledger := c.Ledger(runURL, "production")
		ledger.ClaimWait = 30 * time.Second
		rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
			img, _ := oci.NewImage("ghcr.io/acme/hello", dig(d), "")
			s := p.Sign(img, okSigner{})
			p.Canary(s, p.Env("production"), plan)
			p.Promote(s, p.Env("production"))
		}, greenlight.WithEnvironments(env), greenlight.WithLedger(ledger),
			greenlight.WithRequest(protocol.Request{Commit: commit, Ref: "refs/heads/main", Author: "ann", Inputs: protocol.Inputs{Command: protocol.Run}}))
		return rep
	}
	if rep := run(1, sha(1), "https://run/1"); rep.Status != runlog.Passed {
		t.Fatalf("release 1: %s", rep.Error)
	}
	// A run of commit 2 crashed with its canary at 10 %.
	img2, _ := oci.NewImage("ghcr.io/acme/hello", dig(2), "")
	left := greenlight.Revision{ID: dig(2)[len(dig(2))-12:], Image: img2}
	prod.SetCanaryWeight(ctx, left, 10)

	var wg sync.WaitGroup
	reps := make([]*runlog.Report, 2)
	for i := range reps {
		wg.Add(1)
		go func() { defer wg.Done(); reps[i] = run(2, sha(2), "https://run/"+string(rune('a'+i))) }()
	}
	wg.Wait()
	for i, rep := range reps {
		if rep.Status == runlog.Failed {
			t.Errorf("run %d failed: %s", i, rep.Error)
		}
	}
	st, _ := prod.State(ctx)
	if st.Stable == nil || st.Stable.Image.Digest() != dig(2) || st.Canary != nil {
		t.Fatalf("production after the two runs: %+v", st)
	}
	if st.Previous == nil || st.Previous.Image.Digest() != dig(1) {
		t.Fatalf("the warm rollback revision is %+v, want release 1 (%s)", st.Previous, dig(1))
	}
	hist, _ := c.History(ctx, "production", 0)
	successes := 0
	for _, r := range hist {
		if r.SHA == sha(2) && r.Succeeded {
			successes++
		}
	}
	if successes != 1 {
		t.Errorf("%d successful deployments of commit 2, want 1 (two runs both promoted)", successes)
	}
}

// Issue 27, defects 3 and 4: a run killed mid-canary kept its claim until the claim's time to
// live ran out (2 minutes), and its claim stayed in progress on the Deployments page for good.
// GitHub says when the claimant's workflow run has completed: its claim is free at once, and
// the next run closes it.
func TestACrashedRunsClaimIsFreeOnceItsRunEnded(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	runA, _ := f.StartRun("deploy.yml", sha(1), "deploy")
	a, _ := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey)))
	a.RunID = runA
	la := a.Ledger("https://github.com/acme/hello/actions/runs/a", "production")
	la.ClaimTTL = 2 * time.Minute
	actx, kill := context.WithCancel(ctx)
	if _, err := la.Claim(actx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard); err != nil {
		t.Fatal(err)
	}
	kill()                         // the runner is gone: the claim is never let go nor renewed
	f.FinishRun(runA, "cancelled") // GitHub ends the run

	runB, _ := f.StartRun("deploy.yml", sha(1), "deploy")
	c.RunID = runB
	lb := c.Ledger("https://github.com/acme/hello/actions/runs/b", "production")
	lb.ClaimTTL, lb.ClaimWait = 2*time.Minute, 5*time.Second
	start := time.Now()
	release, err := lb.Claim(ctx, greenlight.Move{Env: "production", Source: runlog.Source{Commit: sha(1)}}, runlog.Discard)
	if err != nil {
		t.Fatalf("the next run waited for the ended run's claim: %v (after %s)", err, time.Since(start).Round(time.Millisecond))
	}
	release()
	recs, _ := claimKind.newest(ctx, c, "production", 0)
	for _, r := range recs {
		if r.State == stateInProgress {
			t.Errorf("claim %d is still in progress", r.ID)
		}
	}
}

// Issue 23, §3 (newest wins over a long canary or bake): a green commit that arrives while an
// older commit's canary runs supersedes it. The promote asked only whether the commit was newer
// than what production ran, so the older commit was promoted while the newer one's run waited;
// the ledger refuses the promote now, saying which commit superseded it.
func TestANewerGreenCommitSupersedesACanaryInProgress(t *testing.T) {
	f, c := fake(t, sha(1), sha(2))
	f.Check(sha(1), "test", "success")
	f.Check(sha(2), "test", "success")
	ctx := context.Background()
	prod := &memTarget{}
	// The dispatched promote below bakes (issue 23): in test time.
	env := &greenlight.Environment{Name: "production", Target: prod, Metrics: healthy{},
		PromotePlan: greenlight.CanaryPlan{Interval: 5 * time.Millisecond, Bake: analysis.Bake{Time: 20 * time.Millisecond, MaxTime: 50 * time.Millisecond}}}
	plan := greenlight.CanaryPlan{Steps: []int{10, 50}, Interval: 5 * time.Millisecond, MaxWait: time.Second, Judge: analysis.Compare{MinRequests: 100}}
	run := func(d int, commit string, during func()) *runlog.Report {
		rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
			img, _ := oci.NewImage("ghcr.io/acme/hello", dig(d), "")
			s := p.Sign(img, okSigner{})
			p.Canary(s, p.Env("production"), plan)
			during()
			p.Promote(s, p.Env("production"))
		}, greenlight.WithEnvironments(env), greenlight.WithLedger(c.Ledger("https://run/1", "production")),
			greenlight.WithRequest(protocol.Request{Commit: commit, Ref: "refs/heads/main", Author: "ann", Inputs: protocol.Inputs{Command: protocol.Run}}))
		return rep
	}
	if rep := run(1, sha(1), func() {}); rep.Status != runlog.Passed {
		t.Fatalf("release 1: %s", rep.Error)
	}
	// Commit 3 is pushed and passes CI while commit 2's canary runs.
	rep := run(2, sha(2), func() {
		f.AddCommit(sha(3), sha(2), "main")
		f.Check(sha(3), "test", "success")
	})
	if prod.stable.Image.Digest() != dig(1) || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "superseded: "+sha(3)[:7]) {
		t.Fatalf("commit 2's promote with commit 3 green: production runs %s; %s %q", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
	// A promote a person dispatched (an approval's) is not superseded: on a busy branch every
	// approved release would be.
	rep, _ = greenlight.Run(ctx, func(*greenlight.P) {}, greenlight.WithCommands(c.Releases(), okSigner{}), greenlight.WithEnvironments(env),
		greenlight.WithLedger(c.Ledger("https://run/2", "production")),
		greenlight.WithRequest(protocol.Request{Commit: sha(3), Ref: "refs/heads/main", Trigger: "workflow_dispatch", Author: "carol",
			Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "carol"}}))
	if prod.stable.Image.Digest() != dig(2) || rep.Status != runlog.Passed {
		t.Fatalf("a dispatched promote of commit 2 with commit 3 green: production runs %s; %s %q", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
}
