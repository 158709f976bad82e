package github

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/flags"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// flagStore is a flag store in memory.
type flagStore map[string]flags.Flag

func (m flagStore) Get(_ context.Context, name string) (flags.Flag, error) { return m[name], nil }
func (m flagStore) Set(_ context.Context, f flags.Flag) error              { m[f.Name] = f; return nil }

// evenVariants: both variants serve alike.
type evenVariants struct{}

func (evenVariants) SampleVariant(context.Context, string, string, time.Time) (analysis.Sample, error) {
	return analysis.Sample{Requests: 1000, Errors: 1}, nil
}

// Issue 26, defect 3, with the GitHub ledger: a lock stops a flag's rollout as it stops a
// deploy (the steps took no lock before), and each step holds the environment in GitHub.
func TestALockStopsAFlagRollout(t *testing.T) {
	f, c := fake(t, sha(1))
	ctx := context.Background()
	env := &greenlight.Environment{Name: "production", Target: &memTarget{}}
	store := flagStore{}
	rollout := func() *runlog.Report {
		rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
			flags.Rollout(p, env, flags.Release{Flag: "checkout", Store: store, Metrics: evenVariants{},
				Plan: greenlight.CanaryPlan{Steps: []int{10, 100}, Interval: 5 * time.Millisecond, MaxWait: time.Second, Judge: analysis.Compare{MinRequests: 100}}})
		}, greenlight.WithLedger(c.Ledger("https://run/1", "production")), greenlight.WithEnvironments(env),
			greenlight.WithRequest(protocol.Request{Commit: sha(1), Ref: "refs/heads/main", Author: "ann", Inputs: protocol.Inputs{Command: protocol.Run}}))
		return rep
	}
	if _, err := appBot(t, f).LockEnv(ctx, "production", "main", "slack:UDAN", "incident 44"); err != nil {
		t.Fatal(err)
	}
	if rep := rollout(); store["checkout"].Percent != 0 || rep.Status == runlog.Passed || !strings.Contains(rep.Error, "locked by slack:UDAN") {
		t.Fatalf("a rollout under a lock: flag at %d%%; %s %q", store["checkout"].Percent, rep.Status, rep.Error)
	}
	if err := person(t, f, "dan").Unlock(ctx, "production", "dan"); err != nil {
		t.Fatal(err)
	}
	if rep := rollout(); store["checkout"].Percent != 100 || rep.Status != runlog.Passed {
		t.Fatalf("the rollout after the unlock: flag at %d%%; %s %q", store["checkout"].Percent, rep.Status, rep.Error)
	}
	held := 0
	c.Each(ctx, "production", ClaimTask, func(r *Record) (bool, error) { held++; return false, nil })
	if held == 0 {
		t.Error("the rollout never held production")
	}
}
