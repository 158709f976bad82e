package greenlight

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// cleanupFails is a target whose Abort puts traffic back on stable and then fails to remove
// the canary, as the Kubernetes target does when the delete is refused.
type cleanupFails struct{ *fakeTarget }

func (c cleanupFails) Abort(ctx context.Context, rev Revision) error {
	if err := c.fakeTarget.Abort(ctx, rev); err != nil {
		return err
	}
	c.mu.Lock()
	stable := c.stable.ID
	c.mu.Unlock()
	return &CleanupError{Stable: stable, Err: errors.New("deleting Deployment hello-" + rev.ID + ": forbidden"),
		Fix: "delete Deployment prod/hello-" + rev.ID}
}

// A canary that fails and is rolled back, but whose cleanup after the switch fails, is
// reported as rolled back with a cleanup to finish, never as ROLLBACK FAILED.
func TestRollbackWithAFailedCleanupIsNotReportedAsFailed(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	env := &Environment{Name: "production", Target: cleanupFails{tgt}}
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(env))
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 900, Errors: 2, P99: 5 * time.Millisecond})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 120, Errors: 30, P99: 5 * time.Millisecond})
	rep, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(env))
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("want the run to fail, got %v", err)
	}
	if strings.Contains(rep.Error, "ROLLBACK FAILED") {
		t.Errorf("traffic is on stable, yet: %s", rep.Error)
	}
	want := "rolled back to " + testImage(1).Short() + "; cleanup failed: deleting Deployment hello-" + testImage(2).Short() + ": forbidden (fix by hand: delete Deployment prod/hello-"
	if !strings.Contains(rep.Error, want) {
		t.Errorf("error %q\nwant it to contain %q", rep.Error, want)
	}
	if len(rep.Rollbacks) != 1 {
		t.Errorf("rollback records: %+v", rep.Rollbacks)
	}
}

// A run whose image is already stable still aborts a canary an earlier run left.
func TestRedeployingTheStableAbortsALeftoverCanary(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	left := Revision{ID: testImage(2).Short(), Image: testImage(2)}
	tgt.mu.Lock()
	tgt.canary, tgt.weight, tgt.running[left.ID] = &left, 25, true
	tgt.mu.Unlock()
	rep, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	if err != nil {
		t.Fatal(err)
	}
	if tgt.canary != nil || tgt.running[left.ID] || !strings.Contains(tgt.events(), "abort "+left.ID) {
		t.Errorf("the leftover canary %s was not aborted: canary %v, calls %s", left.ID, tgt.canary, tgt.events())
	}
	if got := rep.Stage("canary").Result; !strings.Contains(got, "already stable") {
		t.Errorf("canary result %q", got)
	}
}
