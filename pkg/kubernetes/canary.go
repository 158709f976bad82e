package kubernetes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/selector"
)

// Start implements greenlight.Target: a Deployment for the revision, ready, with no traffic.
// The environment's lease stays held (and renewed) until the canary is promoted, aborted or
// rolled back, so that no other run moves the environment in between.
func (t *Target) Start(ctx context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	var rev greenlight.Revision
	err := t.locked(ctx, func(relock func() error) error {
		var err error
		if rev, err = t.start(ctx, img, relock); err == nil {
			t.holdForCanary()
		}
		return err
	})
	return rev, err
}

// holdForCanary keeps one more reference on the lease, which endCanary gives back.
func (t *Target) holdForCanary() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.held > 0 && t.canaryHold == nil {
		t.held++
		t.canaryHold = t.unlockOnce()
	}
}

func (t *Target) endCanary() {
	t.mu.Lock()
	release := t.canaryHold
	t.canaryHold = nil
	t.mu.Unlock()
	if release != nil {
		release()
	}
}

func (t *Target) start(ctx context.Context, img greenlight.SignedImage, relock func() error) (greenlight.Revision, error) {
	if t.router == nil {
		return greenlight.Revision{}, errors.New("the rolling strategy runs one Deployment and has no canary: use kubernetes.Canary{...} or BlueGreen{} for this environment")
	}
	st, err := t.load(ctx)
	if err != nil {
		return greenlight.Revision{}, err
	}
	im := img.Image()
	id := im.Short()
	// Reconcile first, always: even a run that has nothing to start removes a canary an
	// earlier run left taking traffic.
	if err := t.reconcile(ctx, &st, id); err != nil {
		return greenlight.Revision{}, err
	}
	if st.Stable != nil && st.Stable.ID == id {
		return greenlight.Revision{}, fmt.Errorf("%s is already the stable revision of %s", id, t.env)
	}
	t.know(id)
	if err := t.checkDrift(ctx, st); err != nil {
		return greenlight.Revision{}, err
	}
	auto, err := t.autoscaled(ctx)
	if err != nil {
		return greenlight.Revision{}, fmt.Errorf("looking for autoscalers of %s: %w", t.App(), err)
	}
	rec := &record{ID: id, Image: im.String(), Deployment: t.App() + "-" + id, Replicas: t.replicas(), Since: time.Now()}
	t.serving = rec.Deployment
	if st.Stable != nil {
		t.serving = st.Stable.Deployment
		if auto {
			// The autoscaler decides the size: the canary splits the stable's live count.
			if n := t.liveReplicas(ctx, st.Stable.Deployment); n > 0 {
				rec.Replicas, st.Stable.Replicas = n, n
			}
		}
	}
	dep, err := t.revisionDeployment(im, rec.Deployment, id, 0)
	if err != nil {
		return greenlight.Revision{}, err
	}
	if err := t.prepare(ctx, dep); err != nil {
		return greenlight.Revision{}, err
	}
	if err := relock(); err != nil {
		return greenlight.Revision{}, err
	}
	n, err := t.router.Prepare(ctx, cluster{t}, rec.backend())
	if err != nil {
		return greenlight.Revision{}, fmt.Errorf("preparing %s for traffic (%s): %w", id, t.router.Name(), err)
	}
	applied := dep.DeepCopy()
	unstructured.RemoveNestedField(applied.Object, "spec", "replicas") // the router's
	rec.Applied, _ = json.Marshal(applied.Object)
	unstructured.SetNestedField(dep.Object, int64(n), "spec", "replicas")
	if err := t.applyDeployment(ctx, dep, auto); err != nil {
		return greenlight.Revision{}, fmt.Errorf("%s: applying Deployment %s: %w", t.dep.Where(), rec.Deployment, err)
	}
	if n > 0 {
		if err := t.waitRollout(ctx, rec.Deployment, t.timeout, false); err != nil {
			if rerr := t.remove(context.WithoutCancel(ctx), rec); rerr != nil {
				return greenlight.Revision{}, fmt.Errorf("revision %s never became ready (%v); no traffic was switched, but removing it failed too (%v): delete Deployment %s/%s",
					id, err, rerr, t.ns, rec.Deployment)
			}
			return greenlight.Revision{}, fmt.Errorf("revision %s never became ready (%v); it was removed and no traffic was switched", id, err)
		}
	}
	if st.Previous != nil && st.Previous.ID == id {
		st.Previous, st.PreviousWarm = nil, false
	}
	st.Canary, st.Weight = rec, 0
	if err := t.save(ctx, &st); err != nil {
		return greenlight.Revision{}, err
	}
	return *rec.revision(), nil
}

func (t *Target) remove(ctx context.Context, r *record) error {
	rerr := t.router.Release(ctx, cluster{t}, r.backend())
	if err := t.c.delete(ctx, t.ns, "apps/v1", "Deployment", r.Deployment); err != nil {
		return err
	}
	return rerr
}

func (t *Target) canaryRecord(st clusterState, rev greenlight.Revision) (*record, error) {
	if st.Canary == nil || st.Canary.ID != rev.ID {
		return nil, fmt.Errorf("%s is not the revision in progress in %s", rev.ID, t.env)
	}
	return st.Canary, nil
}

// SetCanaryWeight implements greenlight.Target. When the API server does not answer for the
// whole outage budget, the split is unknown: it puts all traffic back on stable and removes
// the canary, waiting for the API server up to the restore bound (WithRestoreOutage), and
// returns an error that says how it ended. It returns the weight the traffic router gave the
// canary (with the replicas router, the canary's share of the pods).
func (t *Target) SetCanaryWeight(ctx context.Context, rev greenlight.Revision, percent int) (int, error) {
	got, err := t.setCanaryWeight(ctx, rev, percent)
	if err == nil || !isOutage(err) {
		return got, err
	}
	var stable string
	outage, aerr := t.restoring(ctx, "the stable revision", func(ctx context.Context) error {
		return t.locked(ctx, func(func() error) error {
			if err := t.abort(ctx, rev); err != nil {
				return err
			}
			st, err := t.load(ctx)
			stable = stableID(&st)
			return err
		})
	})
	if rolledBack(aerr) {
		t.endCanary()
		return 0, fmt.Errorf("%w; rolled back after an API outage of %s: %v", err, outage.Round(time.Second), aerr)
	}
	if aerr != nil {
		return 0, fmt.Errorf("%w; putting traffic back on stable failed too: %v; traffic may still be on the canary %s: the next run puts it back on stable before anything else", err, aerr, rev.ID)
	}
	t.endCanary()
	return 0, fmt.Errorf("%w; rolled back to %s after an API outage of %s: 100%% of traffic on %s, the canary %s removed", err, stable, outage.Round(time.Second), stable, rev.ID)
}

func (t *Target) setCanaryWeight(ctx context.Context, rev greenlight.Revision, percent int) (int, error) {
	var set int
	err := t.locked(ctx, func(func() error) error {
		st, err := t.load(ctx)
		if err != nil {
			return err
		}
		rec, err := t.canaryRecord(st, rev)
		if err != nil {
			return err
		}
		if st.Stable == nil {
			return fmt.Errorf("a canary needs a stable revision beside it in %s", t.env)
		}
		if _, byReplicas := t.router.(replicas.Router); byReplicas && percent > 0 && percent < 100 {
			// an HPA on stable would scale it back and undo the split: pin it for the canary
			_, share := replicas.Split(st.Stable.Replicas, percent)
			if err := t.pinAutoscalers(ctx, st.Stable.Deployment, share); err != nil {
				return err
			}
		}
		got, err := t.router.Route(ctx, cluster{t}, st.Stable.backend(), ptr(rec.backend()), percent)
		if err != nil {
			return fmt.Errorf("routing %d%% to %s (%s): %w", percent, rev.ID, t.router.Name(), err)
		}
		st.Weight = got
		if err := t.save(ctx, &st); err != nil {
			return err
		}
		set = got
		return nil
	})
	return set, err
}

func ptr[T any](v T) *T { return &v }

// rolledBack reports whether err is a rollback or abort that put traffic back on stable and
// failed only to clean up after itself.
func rolledBack(err error) bool {
	var ce *greenlight.CleanupError
	return errors.As(err, &ce)
}

// Promote implements greenlight.Target. It refuses when the canary's Deployment runs another
// digest than the revision being promoted: what was checked and approved is what goes live.
func (t *Target) Promote(ctx context.Context, rev greenlight.Revision) error {
	err := t.locked(ctx, func(func() error) error { return t.promote(ctx, rev) })
	if err == nil {
		t.endCanary()
	}
	return err
}

func (t *Target) promote(ctx context.Context, rev greenlight.Revision) error {
	st, err := t.load(ctx)
	if err != nil {
		return err
	}
	if st.Stable != nil && st.Stable.ID == rev.ID {
		return nil
	}
	rec, err := t.canaryRecord(st, rev)
	if err != nil {
		return err
	}
	live, err := t.liveImage(ctx, rec)
	if err != nil {
		return fmt.Errorf("reading what the canary %s runs: %w", rec.Deployment, err)
	}
	recorded, _ := oci.ParseImage(rec.Image)
	for _, want := range []oci.Image{rev.Image, recorded} {
		if !want.IsZero() && live.Digest() != want.Digest() {
			return fmt.Errorf("refusing to promote %s: its Deployment %s/%s runs %s, not %s, which is what Greenlight started and checked (someone changed it); nothing was switched: abort and start the canary again",
				rev.ID, t.ns, rec.Deployment, live.Digest(), want.Digest())
		}
	}
	b := rec.backend()
	if err := t.scale(ctx, rec.Deployment, rec.Replicas); err != nil {
		return err
	}
	if st.Stable == nil {
		if _, err := t.router.Route(ctx, cluster{t}, b, nil, 0); err != nil {
			return err
		}
	} else {
		if _, err := t.router.Route(ctx, cluster{t}, st.Stable.backend(), &b, 100); err != nil {
			return err
		}
		if _, err := t.router.Route(ctx, cluster{t}, b, nil, 0); err != nil {
			return err
		}
	}
	if err := t.retarget(ctx, rec.Deployment); err != nil {
		return fmt.Errorf("traffic is on %s, but pointing its autoscalers at it failed: %w", rev.ID, err)
	}
	if err := t.unpinAutoscalers(ctx); err != nil {
		return fmt.Errorf("traffic is on %s, but %w", rev.ID, err)
	}
	if old := st.Previous; old != nil && (st.Stable == nil || old.ID != st.Stable.ID) {
		if err := t.remove(ctx, old); err != nil {
			t.logf("%s: removing the old revision %s: %v", t.env, old.ID, err)
		}
	}
	st.Previous, st.Stable, st.Canary, st.Weight = st.Stable, rec, nil, 0
	if st.Previous != nil {
		st.PreviousUntil = time.Now().Add(t.keepWarm)
		dep, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", st.Previous.Deployment)
		st.PreviousWarm = false
		if err == nil {
			ready, _, _ := unstructured.NestedInt64(dep.Object, "status", "readyReplicas")
			st.PreviousWarm = ready > 0
		}
		if st.PreviousWarm {
			if _, isSel := t.router.(selector.Router); !isSel {
				// Under a shared Service, warm pods would still take traffic: scale down now.
				t.c.patchReplicas(ctx, t.ns, st.Previous.Deployment, 0)
				st.PreviousWarm = false
			}
		}
	}
	return t.save(ctx, &st)
}

// Abort implements greenlight.Target. It waits for an API server that does not answer up to the
// restore bound (WithRestoreOutage), past ctx's deadline: see restore.go.
func (t *Target) Abort(ctx context.Context, rev greenlight.Revision) error {
	_, err := t.restoring(ctx, "the stable revision", func(ctx context.Context) error {
		return t.locked(ctx, func(func() error) error { return t.abort(ctx, rev) })
	})
	if err == nil || rolledBack(err) {
		t.endCanary()
	}
	var rt *restoreTimedOut
	if errors.As(err, &rt) {
		return fmt.Errorf("%w; traffic may still be on the canary %s: the next run puts it back on stable before anything else", err, rev.ID)
	}
	return err
}

func (t *Target) abort(ctx context.Context, rev greenlight.Revision) error {
	st, err := t.load(ctx)
	if err != nil {
		return err
	}
	if st.Stable != nil && st.Stable.ID == rev.ID {
		return fmt.Errorf("%s is the stable revision of %s; use Rollback to replace it", rev.ID, t.env)
	}
	if st.Canary == nil || st.Canary.ID != rev.ID {
		return nil // already gone
	}
	if st.Stable != nil {
		if _, err := t.router.Route(ctx, cluster{t}, st.Stable.backend(), nil, 0); err != nil {
			return fmt.Errorf("returning traffic to %s: %w", st.Stable.ID, err)
		}
	}
	canary := st.Canary
	rerr := t.remove(ctx, canary)
	if err := t.unpinAutoscalers(ctx); err != nil {
		rerr = errors.Join(rerr, err)
	}
	st.Canary, st.Weight = nil, 0
	t.coolDown(ctx, &st)
	if rerr != nil {
		// Traffic is on stable: the rollback happened. The record says so (a Deployment left
		// behind is a labelled leftover the next run removes); what failed is the cleanup.
		if serr := t.save(ctx, &st); serr != nil {
			rerr = fmt.Errorf("%w; recording the abort failed too: %v", rerr, serr)
		}
		return &greenlight.CleanupError{Stable: stableID(&st), Err: fmt.Errorf("cleaning up after the canary %s: %w", rev.ID, rerr),
			Fix: fmt.Sprintf("delete Deployment %s/%s and Service %s/%s if they remain; the next run removes them otherwise", t.ns, canary.Deployment, t.ns, canary.Deployment)}
	}
	return t.save(ctx, &st)
}
