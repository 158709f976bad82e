package github

import (
	"context"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Command is a command as the tests spell it.
type Command struct{ Name, Env, Ref, RequestedBy string }

func TestCommandsFindReleasesInGitHub(t *testing.T) {
	f, c := fake(t, sha(1), sha(2))
	for _, s := range []string{sha(1), sha(2)} {
		f.Check(s, "test", "success")
	}
	staging, prod := &memTarget{}, &memTarget{}
	envs := greenlight.WithEnvironments(&greenlight.Environment{Name: "staging", Target: staging}, &greenlight.Environment{Name: "production", Target: prod})
	ledger := greenlight.WithLedger(c.Ledger("https://run/1", "production"))
	built := 0
	pipeline := func(d int) func(*greenlight.P) {
		return func(p *greenlight.P) {
			built++
			img, _ := oci.NewImage("ghcr.io/acme/hello", dig(d), "")
			s := p.Sign(img, okSigner{})
			p.Promote(s, p.Env("staging"))
			p.Promote(s, p.Env("production"))
		}
	}
	run := func(cmd Command, commit string, d int) *runlog.Report {
		rep, _ := greenlight.Run(context.Background(), pipeline(d), greenlight.WithCommands(c.Releases(), okSigner{}), envs, ledger,
			greenlight.WithRequest(protocol.Request{Commit: commit, Ref: "refs/heads/main", Author: "ann",
				Inputs: protocol.Inputs{Command: protocol.Command(cmd.Name), Environment: cmd.Env, Ref: cmd.Ref, RequestedBy: cmd.RequestedBy}}))
		return rep
	}
	if rep := run(Command{}, sha(1), 1); rep.Status != runlog.Passed {
		t.Fatalf("run 1: %s", rep.Error)
	}
	if rep := run(Command{Name: "run"}, sha(2), 2); rep.Status != runlog.Passed {
		t.Fatalf("run 2: %s", rep.Error)
	}
	// rollback production: the previous release's image, verified, no rebuild.
	builds := built
	rep := run(Command{Name: "rollback", Env: "production", RequestedBy: "carol"}, sha(2), 0)
	if rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(1) || built != builds {
		t.Fatalf("rollback: %s %s (built %d→%d)", rep.Status, rep.Error, builds, built)
	}
	if r := rep.Stage("redeploy"); r == nil || !strings.Contains(r.Result, "rollback requested by carol") {
		t.Errorf("redeploy stage %+v", r)
	}
	// deploy production <commit 2>: the image that commit deployed before, again.
	rep = run(Command{Name: "deploy", Env: "production", Ref: sha(2)[:9], RequestedBy: "dan"}, sha(2), 0)
	if rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(2) {
		t.Fatalf("deploy: %s %s", rep.Status, rep.Error)
	}
	for _, tc := range []struct {
		cmd  Command
		want string
	}{
		{Command{Name: "promote", Env: "production"}, "no canary is in progress"},
		{Command{Name: "rollback", Env: "qa"}, `unknown environment "qa"`},
		{Command{Name: "deploy", Env: "staging", Ref: "sha256:" + strings.Repeat("e", 64)}, "no successful deployment of"},
		{Command{Name: "deploy", Env: "staging", Ref: "sha256:nope"}, "neither a digest"},
		{Command{Name: "deploy", Env: "staging"}, "deploy needs a digest"},
		{Command{Name: "destroy", Env: "staging"}, `unknown command "destroy"`},
		{Command{Name: "rollback"}, "needs an environment"},
	} {
		rep := run(tc.cmd, sha(2), 0)
		if rep.Status != runlog.Failed || !strings.Contains(rep.Error, tc.want) {
			t.Errorf("%+v: %s %q, want %q", tc.cmd, rep.Status, rep.Error, tc.want)
		}
	}
}

// A redeploy is recorded against the commit its image was built from.
func TestRedeployIsRecordedAgainstTheImagesCommit(t *testing.T) {
	f, c := fake(t, sha(1), sha(2))
	f.Check(sha(1), "test", "success")
	f.Check(sha(2), "test", "success")
	tgt := &memTarget{}
	envs := greenlight.WithEnvironments(&greenlight.Environment{Name: "production", Target: tgt})
	ledger := greenlight.WithLedger(c.Ledger("https://run/1"))
	for i, s := range []string{sha(1), sha(2)} {
		img, _ := oci.NewImage("ghcr.io/acme/hello", dig(i+1), "")
		greenlight.Run(context.Background(), func(p *greenlight.P) { p.Promote(p.Sign(img, okSigner{}), p.Env("production")) },
			envs, ledger, greenlight.WithSource(runlog.Source{Commit: s}))
	}
	greenlight.Run(context.Background(), func(*greenlight.P) {}, greenlight.WithCommands(c.Releases(), okSigner{}), envs, ledger,
		greenlight.WithRequest(protocol.Request{Commit: sha(2), Inputs: protocol.Inputs{Command: protocol.Rollback, Environment: "production"}}))
	cur, _ := c.Current(context.Background(), "production")
	if cur.Payload.Digest != dig(1) || cur.SHA != sha(1) {
		t.Fatalf("after the rollback production runs %s, recorded against %s, want commit %s", cur.Payload.Digest, cur.SHA, sha(1))
	}
}
