package kubernetes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Deploy implements greenlight.Deployer. With the Rolling strategy it updates the Deployment
// in place and waits as `kubectl rollout status` does; if the progress deadline passes it
// re-applies the previous configuration, field for field, and reports the failure. With the
// other strategies it starts the revision and switches all traffic to it once it is ready.
func (t *Target) Deploy(ctx context.Context, img greenlight.SignedImage, log runlog.Logger) (greenlight.Revision, error) {
	if log != nil && log != runlog.Discard {
		prev := t.log
		t.log = log
		defer func() { t.log = prev }()
	}
	var rev greenlight.Revision
	err := t.locked(ctx, func(relock func() error) error {
		var err error
		if t.router != nil {
			rev, err = t.start(ctx, img, relock)
			if err != nil {
				return err
			}
			if err := t.promote(ctx, rev); err != nil {
				outage, aerr := t.restoring(ctx, "the previous revision", func(ctx context.Context) error { return t.abort(ctx, rev) })
				if rolledBack(aerr) {
					return fmt.Errorf("%w; %s was taken out of traffic: %v", err, rev.ID, aerr)
				}
				if aerr != nil {
					return fmt.Errorf("%w; taking %s out again failed too: %v", err, rev.ID, aerr)
				}
				if outage > 0 {
					return fmt.Errorf("%w; after an API outage of %s, %s was taken out and traffic is on the previous revision", err, outage.Round(time.Second), rev.ID)
				}
				return fmt.Errorf("%w; %s was taken out and traffic stays on the previous revision", err, rev.ID)
			}
			return nil
		}
		rev, err = t.deployRolling(ctx, img, relock)
		return err
	})
	return rev, err
}

func (t *Target) deployRolling(ctx context.Context, img greenlight.SignedImage, relock func() error) (greenlight.Revision, error) {
	st, err := t.load(ctx)
	if err != nil {
		return greenlight.Revision{}, err
	}
	if err := t.checkDrift(ctx, st); err != nil {
		return greenlight.Revision{}, err
	}
	im := img.Image()
	dep, err := t.revisionDeployment(im, "", "", t.replicas())
	if err != nil {
		return greenlight.Revision{}, err
	}
	s := t.strategy.(Rolling)
	if s.MaxSurge != "" || s.MaxUnavailable != "" {
		unstructured.SetNestedField(dep.Object, "RollingUpdate", "spec", "strategy", "type")
		if s.MaxSurge != "" {
			unstructured.SetNestedField(dep.Object, intOrString(s.MaxSurge), "spec", "strategy", "rollingUpdate", "maxSurge")
		}
		if s.MaxUnavailable != "" {
			unstructured.SetNestedField(dep.Object, intOrString(s.MaxUnavailable), "spec", "strategy", "rollingUpdate", "maxUnavailable")
		}
	}
	if s.ProgressDeadline > 0 {
		unstructured.SetNestedField(dep.Object, int64(s.ProgressDeadline/time.Second), "spec", "progressDeadlineSeconds")
	}
	auto, err := t.autoscaled(ctx)
	if err != nil {
		return greenlight.Revision{}, fmt.Errorf("looking for autoscalers of %s: %w", t.App(), err)
	}
	t.serving = t.App()
	if err := t.prepare(ctx, dep); err != nil {
		return greenlight.Revision{}, err
	}
	if err := relock(); err != nil {
		return greenlight.Revision{}, err
	}
	if t.svc != nil {
		if _, err := t.c.apply(ctx, t.ns, t.svc.Unstructured, false); err != nil {
			return greenlight.Revision{}, fmt.Errorf("%s: applying Service: %w", t.svc.Where(), err)
		}
	}
	// What runs now is the rollback target: Greenlight's last applied configuration, or, the
	// first time Greenlight deploys over a Deployment someone else made, its live spec.
	prevApplied := st.Applied
	if cur, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", t.App()); err == nil && (prevApplied == nil || st.Stable == nil) {
		prevApplied = liveConfig(cur)
	} else if err != nil && !apierrors.IsNotFound(err) {
		return greenlight.Revision{}, err
	}
	var failed error // the apply's outage, or the rollout's failure
	if err := t.applyDeployment(ctx, dep, auto); err != nil {
		if !isOutage(err) || prevApplied == nil {
			return greenlight.Revision{}, fmt.Errorf("%s: applying Deployment %s: %w", t.dep.Where(), t.App(), err)
		}
		// The API server went away during the apply, which may have reached it: the previous
		// configuration is put back below, as after a failed rollout.
		failed = fmt.Errorf("applying Deployment %s: %w", t.App(), err)
	} else {
		failed = t.waitRollout(ctx, t.App(), t.timeout, false)
	}
	rec := &record{ID: im.Short(), Image: im.String(), Deployment: t.App(), Replicas: t.replicas(), Since: time.Now()}
	if err := failed; err != nil {
		var rf *rolloutFailed
		reason := err.Error()
		switch {
		case isOutage(err):
			reason = "the API server did not answer during the rollout: " + reason
		case !errors.As(err, &rf) && ctx.Err() == nil:
			reason = "rollout timed out: " + reason
		}
		bg := context.WithoutCancel(ctx)
		if prevApplied != nil {
			what := "the previous configuration"
			if st.Stable != nil {
				what += " (" + st.Stable.ID + ")"
			}
			var applied bool
			outage, werr := t.restoring(ctx, what, func(ctx context.Context) error {
				var err error
				applied, err = t.restoreApplied(ctx, prevApplied, auto)
				return err
			})
			after := ""
			if outage > 0 {
				after = fmt.Sprintf(" after an API outage of %s", outage.Round(time.Second))
			}
			switch {
			case !applied:
				return greenlight.Revision{}, fmt.Errorf("%s; re-applying %s failed too, so Deployment %s/%s may still have the new template: %v", reason, what, t.ns, t.App(), werr)
			case werr != nil:
				return greenlight.Revision{}, fmt.Errorf("%s; %s was re-applied%s, but its rollout has not finished (%v): follow it with kubectl rollout status deployment/%s -n %s", reason, what, after, werr, t.App(), t.ns)
			}
			return greenlight.Revision{}, fmt.Errorf("%s; rolled back automatically to %s%s, which is rolled out", reason, what, after)
		}
		if derr := t.c.delete(bg, t.ns, "apps/v1", "Deployment", t.App()); derr != nil {
			return greenlight.Revision{}, fmt.Errorf("%s; this was the first release, and removing its Deployment failed too: %v", reason, derr)
		}
		return greenlight.Revision{}, fmt.Errorf("%s; this was the first release, so its Deployment was removed", reason)
	}
	applied, _ := json.Marshal(dep.Object)
	st.Previous, st.Stable = st.Stable, rec
	st.PrevApplied, st.Applied, st.PrevTemplate = prevApplied, applied, nil
	st.PreviousWarm = false
	if err := t.save(ctx, &st); err != nil {
		return greenlight.Revision{}, err
	}
	return *rec.revision(), nil
}

// liveConfig is what can be re-applied of a live Deployment: its name, labels, annotations and
// spec, without what the server adds.
func liveConfig(cur *unstructured.Unstructured) json.RawMessage {
	spec, _, _ := unstructured.NestedMap(cur.Object, "spec")
	md := map[string]any{"name": cur.GetName()}
	if l := cur.GetLabels(); len(l) > 0 {
		md["labels"] = toAny(l)
	}
	ann := cur.GetAnnotations()
	delete(ann, "deployment.kubernetes.io/revision")
	delete(ann, "kubectl.kubernetes.io/last-applied-configuration")
	if len(ann) > 0 {
		md["annotations"] = toAny(ann)
	}
	b, _ := json.Marshal(map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": md, "spec": spec})
	return b
}

func toAny(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// restoreApplied re-applies a Deployment as Greenlight applied it before (applied says whether
// that worked) and waits for its rollout.
func (t *Target) restoreApplied(ctx context.Context, raw json.RawMessage, autoscaled bool) (applied bool, err error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return false, err
	}
	d := &unstructured.Unstructured{Object: m}
	d.SetNamespace(t.ns)
	if _, found, _ := unstructured.NestedFieldNoCopy(m, "spec", "replicas"); !found && !autoscaled {
		// a revision's record leaves its size out (the router's): keep the live size, which
		// leaving the field out of Greenlight's apply would reset to 1
		unstructured.SetNestedField(m, int64(t.liveReplicas(ctx, d.GetName())), "spec", "replicas")
	}
	since := time.Now()
	if err := t.applyDeployment(ctx, d, autoscaled); err != nil {
		return false, err
	}
	return true, t.waitRolloutSince(ctx, d.GetName(), t.timeout, false, since)
}

// templateConfig turns what versions before 0.9 recorded (the pod template) into a Deployment
// to re-apply.
func (t *Target) templateConfig(tpl json.RawMessage) (json.RawMessage, error) {
	var m map[string]any
	if err := json.Unmarshal(tpl, &m); err != nil {
		return nil, err
	}
	sel, _, _ := unstructured.NestedMap(t.dep.Object, "spec", "selector")
	return json.Marshal(map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": t.App()}, "spec": map[string]any{"template": m, "selector": sel}})
}

func (t *Target) rollbackRolling(ctx context.Context, st clusterState) (greenlight.Revision, error) {
	prev := st.PrevApplied
	if prev == nil && st.PrevTemplate != nil {
		var err error
		if prev, err = t.templateConfig(st.PrevTemplate); err != nil {
			return greenlight.Revision{}, err
		}
	}
	if prev == nil {
		return greenlight.Revision{}, fmt.Errorf("no previous configuration recorded for %s", t.App())
	}
	auto, err := t.autoscaled(ctx)
	if err != nil {
		return greenlight.Revision{}, err
	}
	if applied, err := t.restoreApplied(ctx, prev, auto); err != nil {
		if applied {
			return greenlight.Revision{}, fmt.Errorf("%s was re-applied, but its rollout has not finished: %w", st.Previous.ID, err)
		}
		return greenlight.Revision{}, fmt.Errorf("restoring %s: %w; nothing was changed", st.Previous.ID, err)
	}
	st.Stable, st.Previous, st.Applied, st.PrevApplied, st.PrevTemplate = st.Previous, nil, prev, nil, nil
	if err := t.save(ctx, &st); err != nil {
		return greenlight.Revision{}, err
	}
	return *st.Stable.revision(), nil
}

func intOrString(s string) any {
	if strings.HasSuffix(s, "%") {
		return s
	}
	var n int64
	if _, err := fmt.Sscan(s, &n); err == nil {
		return n
	}
	return s
}
