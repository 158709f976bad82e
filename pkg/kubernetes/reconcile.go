package kubernetes

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// reconcile makes the environment match Greenlight's record before a run changes it. A run that
// was killed (job cancelled, runner lost) can leave a canary taking traffic, or a revision's
// Deployment the record never heard of; both are removed here, traffic returns to the stable
// revision, and each is said in the log. keep is the revision the caller is about to work on
// (it is not a leftover).
func (t *Target) reconcile(ctx context.Context, st *clusterState, keep string) error {
	if t.router == nil {
		return nil
	}
	changed := false
	if c := st.Canary; c != nil && c.ID != keep {
		t.logf("%s: revision %s was left as a canary at %d%% by an earlier run that did not finish; returning all traffic to %s and removing it",
			t.env, c.ID, st.Weight, stableID(st))
		if st.Stable != nil {
			if _, err := t.router.Route(ctx, cluster{t}, st.Stable.backend(), nil, 0); err != nil {
				return fmt.Errorf("returning traffic from the leftover canary %s to %s: %w", c.ID, st.Stable.ID, err)
			}
		}
		if err := t.remove(ctx, c); err != nil {
			return fmt.Errorf("removing the leftover canary %s: %w", c.ID, err)
		}
		st.Canary, st.Weight = nil, 0
		changed = true
		if err := t.unpinAutoscalers(ctx); err != nil {
			return fmt.Errorf("after removing the leftover canary %s: %w", c.ID, err)
		}
	}
	known := map[string]bool{keep: true}
	for _, r := range []*record{st.Stable, st.Canary, st.Previous} {
		if r != nil {
			known[r.ID] = true
		}
	}
	deps, err := t.c.list(ctx, t.ns, "apps/v1", "Deployment", traffic.RevisionLabel)
	if err != nil {
		return fmt.Errorf("looking for revisions left by earlier runs: %w", err)
	}
	var orphans []string
	for _, d := range deps {
		id := d.GetLabels()[traffic.RevisionLabel]
		if known[id] || d.GetName() != t.App()+"-"+id {
			continue
		}
		orphans = append(orphans, id)
		t.know(id) // labelled and named as Greenlight names its revisions: its Service is ours too
		replicas, _, _ := unstructured.NestedInt64(d.Object, "spec", "replicas")
		t.logf("%s: Deployment %s (revision %s, %d replicas) was left by an earlier run that did not finish and is not in Greenlight's record; removing it",
			t.env, d.GetName(), id, replicas)
		if err := t.remove(ctx, &record{ID: id, Deployment: d.GetName()}); err != nil {
			return fmt.Errorf("removing the leftover revision %s: %w", id, err)
		}
	}
	if len(orphans) > 0 && st.Stable != nil {
		// A route may still send traffic to a leftover's Service: all of it goes to stable.
		if _, err := t.router.Route(ctx, cluster{t}, st.Stable.backend(), nil, 0); err != nil {
			return fmt.Errorf("returning traffic from %s to %s: %w", strings.Join(orphans, ", "), st.Stable.ID, err)
		}
	}
	if changed {
		return t.save(ctx, st)
	}
	return nil
}

func stableID(st *clusterState) string {
	if st.Stable == nil {
		return "nothing (no stable revision)"
	}
	return st.Stable.ID
}

// logf says what the target does on its own: to the logger of WithLogger (or the one Deploy was
// given), or nowhere without one. The package never writes to stderr itself.
func (t *Target) logf(format string, args ...any) {
	if t.log != nil {
		t.log.Logf(format, args...)
	}
}
