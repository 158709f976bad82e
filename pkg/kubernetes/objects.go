package kubernetes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// scale sets a Deployment's replicas, once the lease is confirmed, and waits until they are all
// ready (traffic.Cluster's Scale).
func (t *Target) scale(ctx context.Context, deployment string, n int32) error {
	if err := t.confirmLease(ctx); err != nil {
		return err
	}
	if err := t.c.patchReplicas(ctx, t.ns, deployment, n); err != nil {
		return fmt.Errorf("scaling %s to %d: %w", deployment, n, err)
	}
	return t.waitRollout(ctx, deployment, t.timeout, true)
}

func (t *Target) replicas() int32 {
	n, found, _ := unstructured.NestedInt64(t.dep.Object, "spec", "replicas")
	if !found || n < 1 {
		return 1
	}
	return int32(n)
}

// revisionDeployment is the manifests' Deployment for one revision: named <app>-<id>, its
// selector and pods labelled with the revision, the image replaced by the digest.
func (t *Target) revisionDeployment(img oci.Image, name, id string, replicas int32) (*unstructured.Unstructured, error) {
	d := t.dep.DeepCopy()
	want := t.imageName
	if want == "" {
		want = img.Repo()
	}
	if n, err := setImage(d, want, img.String()); err != nil || n == 0 {
		return nil, fmt.Errorf("%s: no container of Deployment %s has the image %s: write it as %s (any tag), or set kubernetes.WithImageName, so that Greenlight can put the signed digest there",
			t.dep.Where(), t.dep.GetName(), want, want)
	}
	addDrain(d, t.drain)
	if name != "" {
		d.SetName(name)
	}
	if id != "" {
		for _, path := range [][]string{{"metadata", "labels"}, {"spec", "selector", "matchLabels"}, {"spec", "template", "metadata", "labels"}} {
			m, _, _ := unstructured.NestedStringMap(d.Object, path...)
			if m == nil {
				m = map[string]string{}
			}
			m[traffic.RevisionLabel] = id
			unstructured.SetNestedStringMap(d.Object, m, path...)
		}
	}
	unstructured.SetNestedField(d.Object, int64(replicas), "spec", "replicas")
	ann := d.GetAnnotations()
	if ann == nil {
		ann = map[string]string{}
	}
	ann["greenlight.dev/image"] = img.String()
	d.SetAnnotations(ann)
	return d, nil
}

// others are the manifests' objects that are neither the Deployment, nor the Service (the
// router owns it), nor an HTTPRoute that already exists (its weights belong to the router).
func (t *Target) others(ctx context.Context) []Object {
	var out []Object
	for _, o := range t.m {
		switch {
		case o.GetKind() == "Deployment", o.GetKind() == "Service" && t.router != nil:
			continue
		case o.GetKind() == "HTTPRoute":
			if _, err := t.c.get(ctx, t.ns, o.GetAPIVersion(), "HTTPRoute", o.GetName()); err == nil {
				continue
			}
		}
		if s, ok := scalerOf(o.Unstructured); ok && t.serving != "" && targetOf(o.Unstructured, s) == t.App() {
			c := o.DeepCopy()
			unstructured.SetNestedField(c.Object, t.serving, "spec", s.ref, "name")
			o = Object{Unstructured: c, File: o.File, Line: o.Line}
		}
		out = append(out, o)
	}
	return out
}

// prepare checks every object with a server-side dry run, so that a bad manifest is refused
// before anything is applied — the namespace included — then applies the namespace and the
// other objects. The API server refuses even a dry run into a namespace that does not exist, so
// before the first deploy the objects are checked by a dry run of their creation in the
// "default" namespace, which nothing there can collide with (client.checkNew).
func (t *Target) prepare(ctx context.Context, dep *unstructured.Unstructured) error {
	ns := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]any{"name": t.ns, "labels": map[string]any{"app.kubernetes.io/managed-by": "greenlight"}}}}
	checkNS := t.ns
	if _, err := t.c.get(ctx, "", "v1", "Namespace", t.ns); apierrors.IsNotFound(err) {
		if _, err := t.c.apply(ctx, "", ns, true); err != nil {
			return fmt.Errorf("namespace %s is invalid: %v; nothing was applied", t.ns, err)
		}
		checkNS = "default"
	} else if err != nil {
		return fmt.Errorf("namespace %s: %w", t.ns, err)
	} else {
		ns = nil // it exists: Greenlight leaves its labels alone
	}
	others := t.others(ctx)
	check := append(append([]Object{}, others...), Object{Unstructured: dep, File: t.dep.File, Line: t.dep.Line})
	if t.svc != nil && t.router != nil {
		check = append(check, *t.svc)
	}
	for _, o := range check {
		var err error
		if checkNS != t.ns {
			err = t.c.checkNew(ctx, checkNS, o.Unstructured)
		} else {
			_, err = t.c.apply(ctx, checkNS, o.Unstructured, true)
		}
		if err != nil {
			if msg := err.Error(); t.drain > 0 && strings.Contains(msg, "preStop.sleep") && (strings.Contains(msg, "not declared in schema") || strings.Contains(msg, "unknown field")) {
				return fmt.Errorf("%s: %s %s is refused: %v; nothing was applied: Greenlight's graceful drain is a preStop sleep action, which needs Kubernetes 1.30 or later: switch it off with kubernetes.WithDrain(0), or give the containers a preStop of their own",
					o.Where(), o.GetKind(), o.GetName(), err)
			}
			return fmt.Errorf("%s: %s %s is invalid: %v; nothing was applied", o.Where(), o.GetKind(), o.GetName(), err)
		}
	}
	if ns != nil {
		if _, err := t.c.apply(ctx, "", ns, false); err != nil {
			return fmt.Errorf("namespace %s: %w", t.ns, err)
		}
	}
	for _, o := range others {
		if _, err := t.c.apply(ctx, t.ns, o.Unstructured, false); err != nil {
			return fmt.Errorf("%s: applying %s %s: %w", o.Where(), o.GetKind(), o.GetName(), err)
		}
	}
	return nil
}

// coolDown scales the previous revision down once its warm window is over.
func (t *Target) coolDown(ctx context.Context, st *clusterState) {
	if st.Previous != nil && st.PreviousWarm && time.Now().After(st.PreviousUntil) {
		if err := t.c.patchReplicas(ctx, t.ns, st.Previous.Deployment, 0); err == nil {
			st.PreviousWarm = false
		}
	}
}

// applyDeployment applies a Deployment. When an autoscaler owns its size, spec.replicas is
// applied only to create it, then handed over, and never applied again.
func (t *Target) applyDeployment(ctx context.Context, dep *unstructured.Unstructured, autoscaled bool) error {
	if err := t.confirmLease(ctx); err != nil {
		return err
	}
	if !autoscaled {
		_, err := t.c.apply(ctx, t.ns, dep, false)
		return err
	}
	_, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", dep.GetName())
	exists := err == nil
	if err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	dep = dep.DeepCopy()
	want, _, _ := unstructured.NestedInt64(dep.Object, "spec", "replicas")
	if exists {
		if err := t.handOverReplicas(ctx, dep.GetName()); err != nil {
			return err
		}
		unstructured.RemoveNestedField(dep.Object, "spec", "replicas")
	}
	if _, err := t.c.apply(ctx, t.ns, dep, false); err != nil {
		return err
	}
	if !exists {
		// created with its size; now hand the size over and apply again without it
		if err := t.handOverReplicas(ctx, dep.GetName()); err != nil {
			return err
		}
		unstructured.RemoveNestedField(dep.Object, "spec", "replicas")
		_, err := t.c.apply(ctx, t.ns, dep, false)
		return err
	}
	if t.router != nil && dep.GetName() != t.App() {
		// a revision restarted: its size is the router's to set, as an update Greenlight does not keep
		return t.c.patchReplicas(ctx, t.ns, dep.GetName(), int32(want))
	}
	return nil
}
