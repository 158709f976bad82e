package greenlight

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// originLedger is a ledger that knows who is behind each release (Origins), as pkg/github's
// does from the deployments it recorded.
type originLedger struct {
	fakeLedger
	origin approval.Origin
}

func (l *originLedger) Origin(ctx context.Context, env string, img oci.Image, commit string) (approval.Origin, bool, error) {
	return l.origin, true, nil
}

// seen is a policy that keeps the moves it was asked about.
type seen struct {
	mu    sync.Mutex
	moves []Move
}

func (s *seen) Name() string { return "seen" }

func (s *seen) Check(ctx context.Context, m Move) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.moves = append(s.moves, m)
	return nil
}

// A promote dispatched after an approval runs on the default branch's newest commit, asked for
// by the bot: the policies still judge it as the release it completes (not a person's explicit
// move, which commit-green and the commit rules let through), on the commit its image was built
// from.
func TestDispatchedPromoteIsJudgedOnTheReleasesCommit(t *testing.T) {
	signer := newFakeSigning("k")
	img := testImage(7)
	signer.Sign(context.Background(), img)
	tgt := newFakeTarget()
	tgt.setSample(img.Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(6).Short(), analysis.Sample{Requests: 500})
	tgt.stable = &Revision{ID: testImage(6).Short(), Image: testImage(6)}
	tgt.canary, tgt.weight = &Revision{ID: img.Short(), Image: img}, 25
	pol := &seen{}
	led := &originLedger{origin: approval.Origin{Commit: "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff", Author: "ann", TriggeredBy: "ann"}}
	prod := &Environment{Name: "production", Target: tgt, Ledger: led, Policies: []Policy{pol}, PromotePlan: fastBake}
	rep, err := Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) }, WithEnvironments(prod),
		WithRequest(protocol.Request{Author: "greenlight-bot[bot]", Commit: "9999999999999999999999999999999999999999",
			Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "slack approval by bob"}}))
	if err != nil {
		t.Fatalf("promote: %v %s", err, rep.Error)
	}
	// The bake's move and the promote's: both are the promote, judged on the release's commit.
	if len(pol.moves) != 2 || pol.moves[0].Weight != 75 || pol.moves[1].Weight != 100 {
		t.Fatalf("the policy was asked about %+v", pol.moves)
	}
	for _, m := range pol.moves {
		if m.Kind != MovePromote || m.Explicit || m.Source.Commit != led.origin.Commit {
			t.Fatalf("the promote was judged as kind %s, explicit %t, on commit %s; want the release's commit %s, not explicit",
				m.Kind, m.Explicit, m.Source.Commit, led.origin.Commit)
		}
	}
}

// A dispatched promote whose switch fails half way (the API went away at 75 %) owns the canary
// an earlier run started, and the run ends with all traffic back on stable, not a split.
func TestFailedDispatchedPromoteEndsOnStable(t *testing.T) {
	signer := newFakeSigning("k")
	img, old := testImage(8), testImage(5)
	signer.Sign(context.Background(), img)
	tgt := newFakeTarget()
	tgt.stable = &Revision{ID: old.Short(), Image: old}
	tgt.canary, tgt.weight = &Revision{ID: img.Short(), Image: img}, 25
	tgt.promoteErr = errors.New("the API server did not answer")
	prod := &Environment{Name: "production", Target: tgt, PromotePlan: CanaryPlan{Bake: analysis.Bake{Off: true}}}
	rep, err := Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) }, WithEnvironments(prod),
		WithRequest(protocol.Request{Commit: "9999999999999999999999999999999999999999",
			Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "dave"}}))
	if err == nil || rep.Status != runlog.Failed {
		t.Fatalf("a failed promote passed: %v %s", err, rep.Status)
	}
	st, _ := tgt.State(context.Background())
	if st.Canary != nil || st.CanaryWeight != 0 || st.Stable == nil || st.Stable.ID != old.Short() {
		t.Fatalf("after a promote that failed at 75 %%: stable %v, canary %v at %d %%", st.Stable, st.Canary, st.CanaryWeight)
	}
	if len(rep.Rollbacks) != 1 || rep.Rollbacks[0].To != old.Short() {
		t.Errorf("the rollback to stable is not in the report: %+v", rep.Rollbacks)
	}
}
