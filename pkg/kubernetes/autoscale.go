package kubernetes

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Objects that name the service's Deployment. BlueGreen and Canary run one Deployment per
// revision, so these are kept pointing at the revision that serves: retargeted at every switch,
// right after the traffic moves. An HPA or a KEDA ScaledObject also owns spec.replicas, which
// Greenlight then never applies (it scales by the live count and hands it back). A
// PodDisruptionBudget selects pods by label and a ServiceMonitor selects Services, so both keep
// working across revisions untouched.
type scaler struct {
	apiVersion, kind string
	ref              string // the field holding {kind, name}
	ownsReplicas     bool
}

var scalers = []scaler{
	{"autoscaling/v2", "HorizontalPodAutoscaler", "scaleTargetRef", true},
	{"keda.sh/v1alpha1", "ScaledObject", "scaleTargetRef", true},
	{"autoscaling.k8s.io/v1", "VerticalPodAutoscaler", "targetRef", false},
}

func scalerOf(o *unstructured.Unstructured) (scaler, bool) {
	for _, s := range scalers {
		if o.GetKind() == s.kind && strings.SplitN(o.GetAPIVersion(), "/", 2)[0] == strings.SplitN(s.apiVersion, "/", 2)[0] {
			return s, true
		}
	}
	return scaler{}, false
}

// targetOf is the Deployment an autoscaler names ("" if it names something else).
func targetOf(o *unstructured.Unstructured, s scaler) string {
	ref, _, _ := unstructured.NestedMap(o.Object, "spec", s.ref)
	kind, _ := ref["kind"].(string)
	name, _ := ref["name"].(string)
	if kind == "" && s.kind == "ScaledObject" {
		kind = "Deployment" // KEDA's default
	}
	if kind != "Deployment" {
		return ""
	}
	return name
}

// owns is traffic.Cluster's Owns: name is the app's Deployment (or Service), or that of a
// revision Greenlight recorded in its state (or found as a labelled leftover of its own):
// exactly app-<ID>. A name that merely starts with the app's — hello-worker, hello-docs — is
// another app's, and Greenlight leaves it alone.
func (t *Target) owns(name string) bool {
	if name == t.App() {
		return true
	}
	id, ok := strings.CutPrefix(name, t.App()+"-")
	if !ok || id == "" {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.revs[id]
}

// know records revision IDs as the app's own (see owns).
func (t *Target) know(ids ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.revs == nil {
		t.revs = map[string]bool{}
	}
	for _, id := range ids {
		if id != "" {
			t.revs[id] = true
		}
	}
}

type foundScaler struct {
	scaler
	obj *unstructured.Unstructured
}

// autoscalers finds, in the cluster and in the manifests, the objects of the kinds above that
// name the app's Deployment or one of its revisions. Kinds the cluster does not serve are skipped.
func (t *Target) autoscalers(ctx context.Context) ([]foundScaler, error) {
	var out []foundScaler
	seen := map[string]bool{}
	for _, s := range scalers {
		if t.absent[s.kind] {
			continue
		}
		if _, _, err := t.c.resource(s.apiVersion, s.kind); err != nil {
			if strings.Contains(err.Error(), "does not know") {
				t.absent[s.kind] = true
				continue
			}
			return nil, err
		}
		items, err := t.c.list(ctx, t.ns, s.apiVersion, s.kind, "")
		if err != nil {
			return nil, err
		}
		for i := range items {
			if name := targetOf(&items[i], s); name != "" && t.owns(name) {
				out = append(out, foundScaler{s, &items[i]})
				seen[s.kind+"/"+items[i].GetName()] = true
			}
		}
	}
	for _, o := range t.m {
		if s, ok := scalerOf(o.Unstructured); ok && !seen[s.kind+"/"+o.GetName()] && targetOf(o.Unstructured, s) == t.App() {
			out = append(out, foundScaler{s, o.Unstructured})
		}
	}
	return out, nil
}

// autoscaled reports whether something other than Greenlight owns the app's replicas.
func (t *Target) autoscaled(ctx context.Context) (bool, error) {
	found, err := t.autoscalers(ctx)
	for _, f := range found {
		if f.ownsReplicas {
			return true, err
		}
	}
	return false, err
}

// retarget points every autoscaler of the app at deployment, the one that now serves.
func (t *Target) retarget(ctx context.Context, deployment string) error {
	found, err := t.autoscalers(ctx)
	if err != nil {
		return err
	}
	for _, f := range found {
		if f.obj.GetResourceVersion() == "" || targetOf(f.obj, f.scaler) == deployment {
			continue // not in the cluster yet (applied by prepare), or already right
		}
		patch, _ := json.Marshal(map[string]any{"spec": map[string]any{f.ref: map[string]any{"name": deployment}}})
		if _, err := t.c.mergePatch(ctx, t.ns, f.apiVersion, f.kind, f.obj.GetName(), patch); err != nil {
			return err
		}
		t.logf("%s: %s %s now targets %s, the revision that serves", t.env, f.kind, f.obj.GetName(), deployment)
	}
	return nil
}

// handOverReplicas makes spec.replicas of an existing Deployment co-owned by a second field
// manager with its live value, so that Greenlight's next apply, which leaves replicas out,
// does not reset it: the documented way to hand a field to an autoscaler.
func (t *Target) handOverReplicas(ctx context.Context, deployment string) error {
	cur, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", deployment)
	if err != nil {
		return err
	}
	n, found, _ := unstructured.NestedInt64(cur.Object, "spec", "replicas")
	if !found {
		return nil
	}
	obj := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": deployment, "namespace": t.ns}, "spec": map[string]any{"replicas": n}}}
	_, err = t.c.applyAs(ctx, t.ns, obj, "greenlight-replicas-handover")
	return err
}

// liveReplicas is a Deployment's spec.replicas in the cluster (0 if it does not exist).
func (t *Target) liveReplicas(ctx context.Context, deployment string) int32 {
	cur, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", deployment)
	if err != nil {
		return 0
	}
	n, _, _ := unstructured.NestedInt64(cur.Object, "spec", "replicas")
	return int32(n)
}

// The replica-ratio canary splits traffic by scaling stable down, which an HPA targeting stable
// undoes: at 50 % of 4 pods stable runs 2, below an HPA minimum of 4, and the HPA controller
// scales it back within its period. So during the canary's steps each HPA of the stable
// revision is pinned — minReplicas = maxReplicas = the stable's share — with its own bounds kept
// in these annotations, and given them back once one revision takes all the traffic (promote,
// abort, rollback, reconcile). The HTTPRoute canary keeps both revisions at full size and needs
// none of this.
const (
	pinnedMin = "greenlight.dev/pinned-min-replicas"
	pinnedMax = "greenlight.dev/pinned-max-replicas"
)

// pinAutoscalers pins the HPAs targeting deployment to n replicas (see above).
func (t *Target) pinAutoscalers(ctx context.Context, deployment string, n int32) error {
	found, err := t.autoscalers(ctx)
	if err != nil {
		return err
	}
	for _, f := range found {
		if f.kind != "HorizontalPodAutoscaler" || f.obj.GetResourceVersion() == "" || targetOf(f.obj, f.scaler) != deployment {
			continue
		}
		spec := map[string]any{"minReplicas": int64(n), "maxReplicas": int64(n)}
		patch := map[string]any{"spec": spec}
		if _, pinned := f.obj.GetAnnotations()[pinnedMax]; !pinned {
			lo, found, _ := unstructured.NestedInt64(f.obj.Object, "spec", "minReplicas")
			if !found {
				lo = 1 // the API's default
			}
			hi, _, _ := unstructured.NestedInt64(f.obj.Object, "spec", "maxReplicas")
			patch["metadata"] = map[string]any{"annotations": map[string]any{pinnedMin: strconv.FormatInt(lo, 10), pinnedMax: strconv.FormatInt(hi, 10)}}
			t.logf("%s: HorizontalPodAutoscaler %s pinned to %d replicas of %s while the canary splits by replicas (its bounds %d–%d come back when one revision serves)",
				t.env, f.obj.GetName(), n, deployment, lo, hi)
		}
		b, _ := json.Marshal(patch)
		if _, err := t.c.mergePatch(ctx, t.ns, f.apiVersion, f.kind, f.obj.GetName(), b); err != nil {
			return fmt.Errorf("pinning HorizontalPodAutoscaler %s during the canary: %w", f.obj.GetName(), err)
		}
	}
	return nil
}

// unpinAutoscalers gives every HPA of the app pinned by pinAutoscalers its own bounds back.
func (t *Target) unpinAutoscalers(ctx context.Context) error {
	found, err := t.autoscalers(ctx)
	if err != nil {
		return err
	}
	for _, f := range found {
		ann := f.obj.GetAnnotations()
		hiS, pinned := ann[pinnedMax]
		if f.kind != "HorizontalPodAutoscaler" || !pinned {
			continue
		}
		lo, err1 := strconv.ParseInt(ann[pinnedMin], 10, 32)
		hi, err2 := strconv.ParseInt(hiS, 10, 32)
		spec := map[string]any{}
		if err1 == nil && lo >= 1 {
			spec["minReplicas"] = lo
		}
		if err2 == nil && hi >= 1 {
			spec["maxReplicas"] = hi
		}
		b, _ := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": map[string]any{pinnedMin: nil, pinnedMax: nil}}, "spec": spec})
		if _, err := t.c.mergePatch(ctx, t.ns, f.apiVersion, f.kind, f.obj.GetName(), b); err != nil {
			return fmt.Errorf("giving HorizontalPodAutoscaler %s its bounds back (min %s, max %s): %w", f.obj.GetName(), ann[pinnedMin], hiS, err)
		}
	}
	return nil
}
