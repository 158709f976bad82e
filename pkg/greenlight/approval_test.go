package greenlight

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"
)

// Issue 20's named defect: the commit's author approved her own release by changing the case
// of her login (the choke point compared logins exactly), through the choke point and Gate.
func TestAuthorCannotApproveWithHerLoginsCaseChanged(t *testing.T) {
	signer := newFakeSigning("k")
	img := testImage(1)
	signer.Sign(context.Background(), img)
	ds := &runDecisions{}
	ds.Record(context.Background(), approval.Decision{Approved: true, By: "U0ANN", Identity: "ANN", Env: "production", Digest: img.Digest(), At: time.Now()})
	tgt := newFakeTarget()
	prod := &Environment{Name: "production", Target: tgt, Approval: Approval{Required: true, Decisions: ds}}
	rep, err := Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) },
		WithEnvironments(prod), WithSource(runlog.Source{Author: "ann", Commit: "abc"}))
	if tgt.stable != nil || !strings.Contains(rep.Error, "ANN is the commit's author and cannot approve it alone") {
		t.Fatalf("the author's approval, case changed, moved traffic: %v %s", err, rep.Error)
	}

	gated := prodEnv(newFakeTarget())
	gated.Approval.Approver = approver{approval.Decision{Approved: true, By: "Ann", Digest: img.Digest()}}
	rep, err = Run(context.Background(), func(p *P) {
		p.Gate(p.Verify(img, signer), p.Env("production"))
		p.Promote(p.Verify(img, signer), p.Env("production"))
	}, WithEnvironments(gated), WithSource(runlog.Source{Author: "ann"}))
	if err == nil || !strings.Contains(rep.Error, "cannot approve it alone") || rep.Stage("promote") != nil {
		t.Fatalf("the gate let the author through with her login's case changed: %v %s", err, rep.Error)
	}
}
