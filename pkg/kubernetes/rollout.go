package kubernetes

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
)

// rolloutStatus applies `kubectl rollout status` rules to a Deployment: done, or why not yet,
// or failed once its Progressing condition says ProgressDeadlineExceeded.
//
// exact also waits, as a replica-ratio traffic split needs, until the Deployment has exactly
// its replicas, all available: kubectl counts a scale-down as done at once.
//
// A ProgressDeadlineExceeded condition last updated at or before since is from an earlier
// rollout (the one a restore undoes) and does not count.
func rolloutStatus(d *unstructured.Unstructured, exact bool, since time.Time) (done bool, msg string, failed bool) {
	gen := d.GetGeneration()
	observed, _, _ := unstructured.NestedInt64(d.Object, "status", "observedGeneration")
	if gen > observed {
		return false, "waiting for the deployment spec update to be observed", false
	}
	conds, _, _ := unstructured.NestedSlice(d.Object, "status", "conditions")
	for _, c := range conds {
		cm, _ := c.(map[string]any)
		if cm["type"] == "Progressing" && cm["reason"] == "ProgressDeadlineExceeded" {
			if !since.IsZero() {
				ts, _ := cm["lastUpdateTime"].(string)
				if at, err := time.Parse(time.RFC3339, ts); err == nil && !at.After(since.Truncate(time.Second)) {
					continue
				}
			}
			return false, fmt.Sprintf("deployment %q exceeded its progress deadline: %v", d.GetName(), cm["message"]), true
		}
	}
	want, found, _ := unstructured.NestedInt64(d.Object, "spec", "replicas")
	if !found {
		want = 1
	}
	st := func(f string) int64 { v, _, _ := unstructured.NestedInt64(d.Object, "status", f); return v }
	updated, replicas, available := st("updatedReplicas"), st("replicas"), st("availableReplicas")
	switch {
	case updated < want:
		return false, fmt.Sprintf("%d out of %d new replicas have been updated", updated, want), false
	case replicas > updated:
		return false, fmt.Sprintf("%d old replicas are pending termination", replicas-updated), false
	case available < updated:
		return false, fmt.Sprintf("%d of %d updated replicas are available", available, updated), false
	case exact && (replicas != want || available != want || st("terminatingReplicas") > 0):
		return false, fmt.Sprintf("scaling: %d replicas, %d available, want %d", replicas, available, want), false
	}
	return true, "successfully rolled out", false
}

// waitRollout watches the Deployment until rolloutStatus says done or failed, or timeout. A
// watch the API server drops (a restart, an outage) is re-established from a fresh read, which
// retries for as long as the client's outage budget.
func (t *Target) waitRollout(ctx context.Context, name string, timeout time.Duration, exact bool) error {
	return t.waitRolloutSince(ctx, name, timeout, exact, time.Time{})
}

func (t *Target) waitRolloutSince(ctx context.Context, name string, timeout time.Duration, exact bool, since time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ri, err := t.c.ri("apps/v1", "Deployment", t.ns)
	if err != nil {
		return err
	}
	last := "not observed yet"
	for {
		d, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", name)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", name, err)
		}
		done, msg, failed := rolloutStatus(d, exact, since)
		if failed {
			return &rolloutFailed{msg: msg}
		}
		if done {
			return nil
		}
		last = msg
		w, err := ri.Watch(ctx, metav1.ListOptions{
			FieldSelector:   fields.OneTermEqualSelector("metadata.name", name).String(),
			ResourceVersion: d.GetResourceVersion(),
			TimeoutSeconds:  ptr(int64(30)),
		})
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("rollout of %s not done after %s: %s", name, timeout, last)
			}
			select { // the API server is away: the next read retries with back-off
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
			continue
		}
		for ev := range w.ResultChan() {
			if ev.Type == watch.Error {
				break
			}
			d, ok := ev.Object.(*unstructured.Unstructured)
			if !ok {
				continue
			}
			done, msg, failed := rolloutStatus(d, exact, since)
			if failed {
				w.Stop()
				return &rolloutFailed{msg: msg}
			}
			if done {
				w.Stop()
				return nil
			}
			last = msg
		}
		w.Stop()
		if ctx.Err() != nil {
			return fmt.Errorf("rollout of %s not done after %s: %s", name, timeout, last)
		}
	}
}

type rolloutFailed struct{ msg string }

func (e *rolloutFailed) Error() string { return e.msg }
