package kubernetes

import (
	"context"
	"errors"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Rollback implements greenlight.Target. It waits for an API server that does not answer up to
// the restore bound (WithRestoreOutage), past ctx's deadline: see restore.go.
func (t *Target) Rollback(ctx context.Context) (greenlight.Revision, error) {
	var rev greenlight.Revision
	_, err := t.restoring(ctx, "the previous revision", func(ctx context.Context) error {
		return t.locked(ctx, func(func() error) error {
			var err error
			rev, err = t.rollback(ctx)
			return err
		})
	})
	if err == nil || rolledBack(err) {
		t.endCanary()
	}
	var rt *restoreTimedOut
	if errors.As(err, &rt) {
		return rev, fmt.Errorf("%w; the rollback may not have happened: run it again once the API server answers", err)
	}
	return rev, err
}

func (t *Target) rollback(ctx context.Context) (greenlight.Revision, error) {
	st, err := t.load(ctx)
	if err != nil {
		return greenlight.Revision{}, err
	}
	if st.Previous == nil {
		return greenlight.Revision{}, fmt.Errorf("no previous revision in %s to roll back to", t.env)
	}
	if t.router == nil {
		return t.rollbackRolling(ctx, st)
	}
	prev := st.Previous
	replicas := prev.Replicas
	if auto, _ := t.autoscaled(ctx); auto && st.Stable != nil {
		replicas = max(replicas, t.liveReplicas(ctx, st.Stable.Deployment))
	}
	if err := t.scale(ctx, prev.Deployment, replicas); err != nil {
		return greenlight.Revision{}, fmt.Errorf("bringing %s back: %w; traffic stays on %s", prev.ID, err, stableID(&st))
	}
	pb := prev.backend()
	if st.Stable != nil {
		if _, err := t.router.Route(ctx, cluster{t}, st.Stable.backend(), &pb, 100); err != nil {
			return greenlight.Revision{}, err
		}
	}
	if _, err := t.router.Route(ctx, cluster{t}, pb, nil, 0); err != nil {
		return greenlight.Revision{}, err
	}
	// Traffic is on prev: the rollback happened. What fails from here on is cleanup, reported
	// as such (greenlight.CleanupError), after the record says prev serves.
	var cleanup error
	fix := ""
	if err := t.retarget(ctx, prev.Deployment); err != nil {
		cleanup = fmt.Errorf("pointing the autoscalers at %s: %w", prev.Deployment, err)
		fix = fmt.Sprintf("point the HPA's scaleTargetRef at Deployment %s/%s", t.ns, prev.Deployment)
	} else if err := t.unpinAutoscalers(ctx); err != nil {
		cleanup = err
		fix = fmt.Sprintf("set the HPA's minReplicas and maxReplicas to its annotations %s and %s, and remove them", pinnedMin, pinnedMax)
	}
	for _, r := range []*record{st.Canary, st.Stable} {
		if r != nil {
			if err := t.remove(ctx, r); err != nil {
				t.logf("%s: traffic is on %s; removing %s failed: %v (the next run removes it)", t.env, prev.ID, r.ID, err)
			}
		}
	}
	st.Stable, st.Previous, st.Canary, st.Weight, st.PreviousWarm = prev, nil, nil, 0, false
	if err := t.save(ctx, &st); err != nil {
		if cleanup == nil {
			return *prev.revision(), &greenlight.CleanupError{Stable: prev.ID, Err: fmt.Errorf("recording the rollback: %w", err),
				Fix: fmt.Sprintf("run the rollback again: Greenlight's record (ConfigMap %s/%s) still names the old revision", t.ns, t.stateName())}
		}
		cleanup = fmt.Errorf("%w; recording the rollback failed too: %v", cleanup, err)
	}
	if cleanup != nil {
		return *prev.revision(), &greenlight.CleanupError{Stable: prev.ID, Err: cleanup, Fix: fix}
	}
	return *prev.revision(), nil
}
