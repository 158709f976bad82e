package github

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Issue 21, "GitHub Environments are the root of trust": a run whose production (or gated)
// environment is a GitHub Environment any branch may deploy to moves nothing and says what
// to set; one restricted by a branch policy moves; an explicit AllowAnyBranch moves with a
// warning in the run's log; a protection that cannot be read fails closed.
func TestAnEnvironmentOpenToEveryBranchMovesNothing(t *testing.T) {
	ctx := context.Background()
	run := func(t *testing.T, f *githubfake.Server, c *Client, env *greenlight.Environment) (*runlog.Report, []runlog.Event) {
		t.Helper()
		f.Check(sha(1), "test", "success")
		var events []runlog.Event
		img, _ := oci.NewImage("ghcr.io/acme/hello", dig(1), "")
		rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
			p.DeployStaging(p.Sign(img, okSigner{}), p.Env(env.Name))
		}, greenlight.WithEnvironments(env), greenlight.WithLedger(c.Ledger("https://run/1", "production")),
			greenlight.WithSink(runlog.SinkFunc(func(e runlog.Event) { events = append(events, e) })),
			greenlight.WithRequest(protocol.Request{Commit: sha(1), Ref: "refs/heads/main", Author: "ann", Inputs: protocol.Inputs{Command: protocol.Run}}))
		return rep, events
	}
	for _, tc := range []struct {
		name     string
		env      githubfake.Environment
		missing  bool
		allow    bool
		gated    string // a gated environment other than production
		moves    bool
		want     string // in the run's error, or in a warning when it moves
		requests []string
	}{
		{name: "no branch policy", env: githubfake.Environment{WaitTimer: 5}, want: "production of acme/hello is open to every branch (no deployment branch policy)"},
		{name: "custom policy *", env: githubfake.Environment{CustomBranchPolicies: true, Policies: []githubfake.BranchPolicy{{Name: "main"}, {Name: "*"}}}, want: `policy "*" matches any name`},
		{name: "custom tag policy **", env: githubfake.Environment{CustomBranchPolicies: true, Policies: []githubfake.BranchPolicy{{Name: "main"}, {Name: "**", Type: "tag"}}}, want: "open to every tag"},
		{name: "no such environment", missing: true, want: "production is not an environment of acme/hello (GitHub answers 404"},
		{name: "restricted to main", env: githubfake.ProductionProtected, moves: true},
		{name: "protected branches only", env: githubfake.Environment{ProtectedBranches: true}, moves: true},
		{name: "custom policy release/*", env: githubfake.Environment{CustomBranchPolicies: true, Policies: []githubfake.BranchPolicy{{Name: "release/*"}}}, moves: true},
		{name: "open, allowed explicitly", env: githubfake.Environment{}, allow: true, moves: true, want: "accepted: Environment.AllowAnyBranch is set"},
		{name: "gated staging open", gated: "staging", want: "staging of acme/hello is open to every branch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := fake(t, sha(1))
			name := "production"
			if tc.gated != "" {
				name = tc.gated
			}
			if tc.missing {
				f.DeleteEnvironment(name)
			} else {
				f.SetEnvironment(name, tc.env)
			}
			target := &memTarget{}
			env := &greenlight.Environment{Name: name, Target: target, AllowAnyBranch: tc.allow}
			if tc.gated != "" {
				env.Approval.Required = true
			}
			rep, events := run(t, f, c, env)
			moved := target.stable != nil
			if moved != tc.moves {
				t.Fatalf("moved %v, want %v: %s %s", moved, tc.moves, rep.Status, rep.Error)
			}
			if !tc.moves {
				if rep.Status != runlog.Failed || !strings.Contains(rep.Error, tc.want) ||
					!strings.Contains(rep.Error, "gh api -X PUT repos/acme/hello/environments/"+name+" -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true' && gh api -X POST repos/acme/hello/environments/"+name+"/deployment-branch-policies -f name=main -f type=branch") {
					t.Errorf("run: %s %q; want it failed, saying %q and the gh api commands", rep.Status, rep.Error, tc.want)
				}
				if strings.Contains(rep.Error, "\n") {
					t.Errorf("the refusal is more than one line: %q", rep.Error)
				}
				if slices.Contains(f.Environments(), name) {
					t.Errorf("deployments recorded in %s; want none", name)
				}
				return
			}
			warned := false
			for _, e := range events {
				if e.Kind == runlog.Log && strings.HasPrefix(e.Message, "WARNING: ") && strings.Contains(e.Message, "open to every branch") {
					warned = strings.Contains(e.Message, tc.want)
				}
			}
			if warned != (tc.want != "") {
				t.Errorf("warning in the run's log: %v, want %v (%q)", warned, tc.want != "", tc.want)
			}
		})
	}
}

// A protection that cannot be read (the token lacks actions: read, GitHub fails) fails closed
// and says why.
func TestAnUnreadableProtectionMovesNothing(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(f *githubfake.Server)
		want  string
	}{
		{"no actions: read", func(f *githubfake.Server) {
			perms := map[string]string{}
			for k, v := range githubfake.WorkflowPermissions {
				perms[k] = v
			}
			delete(perms, "actions")
			f.Token(tok, perms)
		}, "the token lacks a permission: give the workflow `permissions: actions: read`"},
		{"GitHub fails", func(f *githubfake.Server) { f.FailNext(8, 502) }, "GitHub kept failing (502)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := fake(t, sha(1))
			f.Check(sha(1), "test", "success")
			target := &memTarget{}
			env := &greenlight.Environment{Name: "production", Target: target}
			tc.setup(f)
			img, _ := oci.NewImage("ghcr.io/acme/hello", dig(1), "")
			rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
				p.DeployStaging(p.Sign(img, okSigner{}), p.Env("production"))
			}, greenlight.WithEnvironments(env), greenlight.WithLedger(c.Ledger("https://run/1", "production")),
				greenlight.WithRequest(protocol.Request{Commit: sha(1), Ref: "refs/heads/main", Author: "ann", Inputs: protocol.Inputs{Command: protocol.Run}}))
			if target.stable != nil || rep.Status != runlog.Failed ||
				!strings.Contains(rep.Error, "cannot check that only reviewed code may deploy to production, so nothing moves") || !strings.Contains(rep.Error, tc.want) {
				t.Fatalf("moved %v: %s %q; want nothing moved and %q", target.stable != nil, rep.Status, rep.Error, tc.want)
			}
		})
	}
}
