package github

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// refuseRedeploys is a policy that refuses every move it is asked about, as a freeze, a soak or
// a change limit would refuse a deploy of v3 here.
type refuseRedeploys struct{ asked []greenlight.Move }

func (p *refuseRedeploys) Name() string { return "no-deploys" }
func (p *refuseRedeploys) Check(ctx context.Context, m greenlight.Move) error {
	p.asked = append(p.asked, m)
	return errors.New("no deploys now")
}

// Issue 26, defect 7: "rollback" rolled forward. v1, v2 and v3 were released and production was
// rolled back to v2 (v3 was bad); a rollback to v3, or a plain rollback, then brought v3 back
// at 100 % as a rollback, past every policy and approval. A rollback goes only backwards now:
// to a version that served before whose commit is older than what runs; v3 moves as a deploy
// (here refused by a policy), and a plain rollback goes to v1.
func TestARollbackNeverRollsForward(t *testing.T) {
	_, c := greenFake(t, 3)
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
	if rep := run(0, sha(3), protocol.Inputs{Command: protocol.Rollback, Environment: "production", Ref: dig(2), RequestedBy: "erin"}); rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(2) {
		t.Fatalf("rollback to v2: %s %s, production runs %s", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
	pol := &refuseRedeploys{}
	env.Policies = []greenlight.Policy{pol}
	rep := run(0, sha(3), protocol.Inputs{Command: protocol.Rollback, Environment: "production", Ref: dig(3), RequestedBy: "mallory"})
	if prod.stable.Image.Digest() != dig(2) || rep.Status == runlog.Passed || !strings.Contains(rep.Error, "no deploys now") {
		t.Fatalf("a rollback to v3, newer than v2: production runs %s; %s %q", prod.stable.Image.Digest(), rep.Status, rep.Error)
	}
	if len(pol.asked) == 0 || pol.asked[0].Kind != greenlight.MoveRedeploy {
		t.Errorf("the move to v3 was not judged as a deploy: %+v", pol.asked)
	}
	if rep := run(0, sha(3), protocol.Inputs{Command: protocol.Rollback, Environment: "production", RequestedBy: "erin"}); rep.Status != runlog.Passed || prod.stable.Image.Digest() != dig(1) {
		t.Fatalf("a plain rollback from v2: %s %s, production runs %s, want v1", rep.Status, rep.Error, prod.stable.Image.Digest())
	}
}
