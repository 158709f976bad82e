package greenlight

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Issue 26, defect 6: the choke point asked policies about aborts, so a user policy whose
// ticket service went down mid-canary turned a failed canary's abort into a failed rollback,
// with the bad version still serving its share. Aborts, and rollbacks to the version that
// served before, are never refused by a policy now: the engine does not ask.
func TestAPolicyThatRefusesEverythingNeverBlocksAnAbortOrARollback(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500, Errors: 250})
	tickets := &policy{name: "tickets"}
	prod := &Environment{Name: "production", Target: tgt, Policies: []Policy{tickets}, Verifier: signer}
	if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prod)); err != nil {
		t.Fatal(err)
	}
	// The ticket service goes down once the canary takes its first share.
	down := errors.New("ticket service unreachable: every move is refused")
	tgt.onWeight = func(int) { tickets.err = down }
	rep, _ := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prod))
	if tgt.canary != nil || tgt.stable == nil || tgt.stable.ID != testImage(1).Short() || strings.Contains(rep.Error, "ROLLBACK FAILED") {
		t.Fatalf("the failed canary's abort under a refusing policy: canary %+v, stable %+v; %s", tgt.canary, tgt.stable, rep.Error)
	}
	for _, m := range tickets.seen {
		if m.Kind == MoveAbort {
			t.Errorf("the policy was asked about an abort: %+v", m)
		}
	}
	// A rollback to the version that served before passes the refusing policy too.
	tickets.err = nil
	tgt.onWeight = nil
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	if _, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prod)); err != nil {
		t.Fatal(err)
	}
	tickets.err = down
	rep, _ = Run(context.Background(), func(p *P) { p.Rollback(p.Env("production"), "by hand") }, WithEnvironments(prod))
	if tgt.stable == nil || tgt.stable.ID != testImage(1).Short() {
		t.Fatalf("a rollback under a refusing policy: stable %+v; %s %s", tgt.stable, rep.Status, rep.Error)
	}
}
