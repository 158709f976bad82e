package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

func moveKinds(rep *runlog.Report) string {
	var s []string
	for _, m := range rep.Moves {
		s = append(s, fmt.Sprintf("%s:%s", m.Kind, m.Outcome))
	}
	return strings.Join(s, " ")
}

// Every stage and command that changes which version serves goes through the one choke point:
// each move is in the report, and the target is never switched outside it.
func TestEveryTrafficMoveGoesThroughTheChokePoint(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	for i := 1; i <= 4; i++ {
		tgt.setSample(testImage(i).Short(), analysis.Sample{Requests: 500})
	}
	staging := &Environment{Name: "staging", Target: newFakeTarget()}
	prod := prodEnv(tgt)
	prod.Verifier = signer
	run := func(name string, f func(p *P)) *runlog.Report {
		t.Helper()
		rep, err := Run(context.Background(), f, WithEnvironments(staging, prod))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return rep
	}
	rep := run("first", func(p *P) {
		s := p.Sign(p.Build(imageBuilder{testImage(1)}), signer)
		p.DeployStaging(s, p.Env("staging"))
		p.Canary(s, p.Env("production"), fastPlan)
	})
	if got := moveKinds(rep); got != "first-release:done first-release:done" {
		t.Errorf("first release moves: %s", got)
	}
	rep = run("canary", release(testImage(2), signer, fastPlan))
	if got := moveKinds(rep); got != "canary-step:done canary-step:done promote:done" {
		t.Errorf("canary moves: %s", got)
	}
	rep = run("redeploy", func(p *P) {
		p.Redeploy(p.Verify(testImage(1), signer), p.Env("production"), "by hand")
	})
	if got := moveKinds(rep); got != "redeploy:done" {
		t.Errorf("redeploy moves: %s", got)
	}
	rep = run("rollback", func(p *P) { p.Rollback(p.Env("production"), "by hand") })
	if got := moveKinds(rep); got != "rollback:done" {
		t.Errorf("rollback moves: %s", got)
	}
	rep = run("abort", func(p *P) {
		s := p.Sign(p.Build(imageBuilder{testImage(3)}), signer)
		p.Canary(s, p.Env("production"), CanaryPlan{Steps: []int{10}, Interval: 5 * time.Millisecond, MaxWait: time.Second, Judge: analysis.Compare{MinRequests: 100}})
		p.Abort(p.Env("production"), "by hand")
	})
	if got := moveKinds(rep); got != "canary-step:done abort:done" {
		t.Errorf("abort moves: %s", got)
	}
	// A failing canary is aborted through it too, and so is a canary left by a failed run.
	tgt.setSample(testImage(4).Short(), analysis.Sample{Requests: 500, Errors: 400})
	rep, _ = Run(context.Background(), release(testImage(4), signer, fastPlan), WithEnvironments(staging, prod))
	if got := moveKinds(rep); got != "canary-step:done abort:done" {
		t.Errorf("failed canary moves: %s", got)
	}
	rep, _ = Run(context.Background(), func(p *P) {
		s := p.Sign(p.Build(imageBuilder{testImage(4)}), signer)
		tgt.setSample(testImage(4).Short(), analysis.Sample{Requests: 500})
		p.Canary(s, p.Env("production"), CanaryPlan{Steps: []int{10}, Interval: 5 * time.Millisecond, MaxWait: time.Second, Judge: analysis.Compare{MinRequests: 100}})
		p.Fatalf("stop")
	}, WithEnvironments(staging, prod))
	if got := moveKinds(rep); got != "canary-step:done abort:done" {
		t.Errorf("abandoned canary moves: %s", got)
	}
	for _, f := range []*fakeTarget{tgt, staging.Target.(*fakeTarget)} {
		if len(f.outside) > 0 {
			t.Errorf("switches outside the choke point: %v", f.outside)
		}
	}
}

// policy is a Policy for tests.
type policy struct {
	name string
	err  error
	seen []Move
}

func (p *policy) Name() string { return p.name }
func (p *policy) Check(ctx context.Context, m Move) error {
	p.seen = append(p.seen, m)
	return p.err
}

// A traffic move into a gated environment needs a recorded approval for exactly that digest,
// by someone who is neither the commit's author nor the requester; a rejection is final.
func TestGatedEnvironmentNeedsARecordedApprovalForTheDigest(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	for i := 1; i <= 3; i++ {
		tgt.setSample(testImage(i).Short(), analysis.Sample{Requests: 500})
	}
	ds := &runDecisions{} // the engine's own in-memory store: the first decision stands
	prod := &Environment{Name: "production", Target: tgt, Approval: Approval{Required: true, Decisions: ds}}
	src := WithSource(runlog.Source{Author: "ann", Commit: "abc"})
	promote := func(img oci.Image) (*runlog.Report, error) {
		return Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) }, WithEnvironments(prod), src)
	}
	signer.Sign(context.Background(), testImage(1))
	// The first release gives all traffic: it needs an approval too. The pipeline's own run
	// holds until one is recorded; a command a person dispatched is refused.
	if rep, err := promote(testImage(1)); err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "waits for an approval of its digest "+testImage(1).Digest()) || tgt.stable != nil {
		t.Fatalf("no approval: %v %s", err, rep.Error)
	}
	cmd := WithRequest(protocol.Request{Author: "ann", Commit: "abc", Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "carol"}})
	if rep, err := Run(context.Background(), func(p *P) { p.Promote(p.Verify(testImage(1), signer), p.Env("production")) }, WithEnvironments(prod), cmd); err == nil || !strings.Contains(rep.Error, "requires an approval recorded for "+testImage(1).Digest()) {
		t.Fatalf("a command with no approval: %v %s", err, rep.Error)
	}
	ds.Record(context.Background(), approval.Decision{Approved: true, By: "U1", Identity: "bob", Env: "production", Digest: testImage(1).Digest(), At: time.Now()})
	if _, err := promote(testImage(1)); err != nil || tgt.stable == nil || tgt.stable.ID != testImage(1).Short() {
		t.Fatalf("approved: %v", err)
	}
	// The canary runs without an approval; promote needs one for its digest, not another's.
	canary := func(img oci.Image) (*runlog.Report, error) {
		return Run(context.Background(), func(p *P) {
			s := p.Sign(p.Build(imageBuilder{img}), signer)
			p.Canary(s, p.Env("production"), fastPlan)
			p.Promote(s, p.Env("production"))
		}, WithEnvironments(prod), src)
	}
	rep, err := canary(testImage(2))
	// The run holds: the canary keeps its weight until an approval is recorded.
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "waits for an approval") || tgt.canary == nil || tgt.stable.ID != testImage(1).Short() {
		t.Fatalf("promote without approval: %v %s canary %v", err, rep.Error, tgt.canary)
	}
	if got := moveKinds(rep); !strings.HasSuffix(got, "promote:held") {
		t.Errorf("moves %s", got)
	}
	// Self-approval by the author, approval by the requester: refused.
	ds.Record(context.Background(), approval.Decision{Approved: true, By: "U2", Identity: "ann", Env: "production", Digest: testImage(2).Digest()})
	if rep, err := canary(testImage(2)); err == nil || !strings.Contains(rep.Error, "ann is the commit's author") {
		t.Fatalf("self approval: %v %s", err, rep.Error)
	}
	// A rejection is final for that digest, even if someone approves later.
	ds.Record(context.Background(), approval.Decision{Approved: false, By: "U3", Identity: "carol", Env: "production", Digest: testImage(3).Digest(), Reason: "no"})
	ds.Record(context.Background(), approval.Decision{Approved: true, By: "U4", Identity: "dave", Env: "production", Digest: testImage(3).Digest()})
	if rep, err := canary(testImage(3)); err == nil || !strings.Contains(rep.Error, "a rejection is final") {
		t.Fatalf("after a rejection: %v %s", err, rep.Error)
	}
	// Without a place to keep decisions, a gated environment refuses.
	bare := &Environment{Name: "production", Target: tgt, Approval: Approval{Required: true}}
	rep, err = Run(context.Background(), func(p *P) { p.Promote(p.Verify(testImage(2), signer), p.Env("production")) }, WithEnvironments(bare))
	if err == nil || !strings.Contains(rep.Error, "keeps no decisions") {
		t.Fatalf("no decisions: %v", rep.Error)
	}
}

// Policies are checked before every move, after locks and approvals, and see the move.
func TestPoliciesRefuseOrHoldEveryMove(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	allow := &policy{name: "allow"}
	prod := &Environment{Name: "production", Target: tgt, Policies: []Policy{allow}}
	if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prod)); err != nil {
		t.Fatal(err)
	}
	if len(allow.seen) != 1 || allow.seen[0].Kind != MoveFirstRelease || allow.seen[0].Signature == nil || allow.seen[0].Signature.KeyID != "k" {
		t.Fatalf("policy saw %+v", allow.seen)
	}
	freeze := &policy{name: "freeze", err: fmt.Errorf("%w: frozen until Monday 09:00", ErrAwaitingApproval)}
	prod.Policies = []Policy{allow, freeze}
	rep, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prod))
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "frozen until Monday") || tgt.canary != nil {
		t.Fatalf("held: %v %s %s", err, rep.Status, rep.Error)
	}
	freeze.err = errors.New("needs two approvers from @sre")
	rep, err = Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prod))
	if err == nil || !strings.Contains(rep.Error, `policy "freeze" refuses canary-step`) || !strings.Contains(rep.Error, "two approvers") {
		t.Fatalf("refused: %v %s", err, rep.Error)
	}
}

// A plan that hands low-traffic canaries to a person holds the canary where it is: the run
// ends without failing, nothing is rolled back, and promote or abort decide later.
func TestLowTrafficCanaryIsHeldForAPerson(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 3})
	plan := CanaryPlan{Steps: []int{10, 100}, Interval: 5 * time.Millisecond, StepTime: 20 * time.Millisecond, MaxWait: 60 * time.Millisecond, OnLowTraffic: analysis.HoldForPerson}
	rep, err := Run(context.Background(), release(testImage(2), signer, plan), WithEnvironments(prodEnv(tgt)))
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "held at 10% for a person") {
		t.Fatalf("%v %s %q", err, rep.Status, rep.Error)
	}
	if tgt.canary == nil || tgt.canary.ID != testImage(2).Short() || tgt.weight != 10 || len(rep.Rollbacks) != 0 {
		t.Fatalf("the canary was not held: %v %d %+v", tgt.canary, tgt.weight, rep.Rollbacks)
	}
}
