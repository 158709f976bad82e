package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/flags"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// flagMemStore is a flag store in memory.
type flagMemStore map[string]flags.Flag

func (m flagMemStore) Get(_ context.Context, name string) (flags.Flag, error) { return m[name], nil }
func (m flagMemStore) Set(_ context.Context, f flags.Flag) error              { m[f.Name] = f; return nil }

// alikeVariants: both variants of a flag serve alike.
type alikeVariants struct{}

func (alikeVariants) SampleVariant(context.Context, string, string, time.Time) (analysis.Sample, error) {
	return analysis.Sample{Requests: 1000, Errors: 1}, nil
}

// Issue 26, defect 5: a flag release held by a freeze promised that "the scheduled `greenlight
// due --resume` runs the release again", or that an overrider could let it through, but holds
// were recorded and overrides looked up only by digest, and a flag's release has none: no hold
// was recorded, so due never ran it again, and no override could be made. Holds and overrides
// of a flag's release are keyed on the flag now ("flag:<name>", with the share it was going
// to): due runs the release again once the freeze ends, and `greenlight freeze override --flag`
// lets it through now.
func TestAFlagReleaseHeldByAFreezeIsResumedOrOverridden(t *testing.T) {
	r := newHeldRepo(t)
	freeze := weekendFreeze()
	store := flagMemStore{}
	env := &greenlight.Environment{Name: "production", Target: &greenlighttest.FileTarget{Path: filepath.Join(t.TempDir(), "production.json")}, Policies: []greenlight.Policy{governance.ResumeAfter(r.c.Holds("main"), freeze)}}
	rollout := func() *runlog.Report {
		rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
			flags.Rollout(p, env, flags.Release{Flag: "checkout", Store: store, Metrics: alikeVariants{},
				Plan: greenlight.CanaryPlan{Steps: []int{10, 100}, Interval: 5 * time.Millisecond, MaxWait: time.Second, Judge: analysis.Compare{MinRequests: 100}}})
		}, greenlight.WithEnvironments(env), greenlight.WithRequest(protocol.Request{Commit: r.commit, Ref: "refs/heads/main", Author: "ann",
			RunURL: "https://github.com/acme/hello/actions/runs/7", Inputs: protocol.Inputs{Command: protocol.Run}}))
		return rep
	}
	rep := rollout()
	if rep.Status != runlog.Skipped || store["checkout"].Percent != 0 || !strings.Contains(rep.Error, "runs the release again after the freeze ends") {
		t.Fatalf("the frozen release: flag at %d%%, %s %q", store["checkout"].Percent, rep.Status, rep.Error)
	}
	// The scheduled due runs it again once the freeze ends.
	dueAt(r, mondayMorning)
	code, out, errs := dueResume(t, r)
	if ds := r.dispatches(); code != 0 || len(ds) != 1 || ds[0].Inputs["command"] != "run" || !strings.Contains(out, "flag:checkout") {
		t.Fatalf("due after the freeze: %d %+v\n%s\n%s", code, ds, out, errs)
	}
	// During the freeze, an overrider lets the flag's release through.
	r.f.Token("ghp_alice", map[string]string{"deployments": "write", "contents": "read", "actions": "write", "issues": "write"})
	r.f.Login("ghp_alice", "alice")
	t.Setenv("GITHUB_TOKEN", "ghp_alice")
	if code, out, errs := runCLI("freeze", "override", "--env", "production", "--flag", "checkout", "--reason", "the launch", "--repo", "acme/hello", "--api", r.f.URL); code != 0 {
		t.Fatalf("freeze override --flag: %d %s %s", code, out, errs)
	}
	freeze.Overriders = []string{"alice"}
	freeze.Overrides = governance.OverridesIn(r.c.Decisions("main"))
	if rep := rollout(); rep.Status != runlog.Passed || store["checkout"].Percent != 100 {
		t.Fatalf("the overridden release: flag at %d%%, %s %q", store["checkout"].Percent, rep.Status, rep.Error)
	}
}
