package kubernetes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

type record struct {
	ID         string `json:"id"`
	Image      string `json:"image"`
	Deployment string `json:"deployment"`
	Replicas   int32  `json:"replicas"`
	Since      time.Time
	// Applied is the revision's Deployment as Greenlight applied it (for drift and diff).
	Applied json.RawMessage `json:"applied,omitempty"`
}

type clusterState struct {
	Stable        *record   `json:"stable,omitempty"`
	Canary        *record   `json:"canary,omitempty"`
	Weight        int       `json:"weight"`
	Previous      *record   `json:"previous,omitempty"`
	PreviousUntil time.Time `json:"previous_until,omitempty"`
	PreviousWarm  bool      `json:"previous_warm"`
	// PrevTemplate is what versions before 0.9 kept for a rolling rollback: the pod template only.
	PrevTemplate json.RawMessage `json:"previous_template,omitempty"`
	// Applied is the Deployment as Greenlight last applied it with the rolling strategy, and
	// PrevApplied the one before: a rollback re-applies it field for field.
	Applied     json.RawMessage `json:"applied,omitempty"`
	PrevApplied json.RawMessage `json:"previous_applied,omitempty"`

	// rv is the state ConfigMap's resourceVersion as read ("" when there was none): save
	// writes only over that version.
	rv string
}

func (t *Target) stateName() string { return "greenlight-" + t.App() }

// load reads the state for an operation that may change it: save writes over this version
// only, and confirmLease checks that nobody else has written since.
func (t *Target) load(ctx context.Context) (clusterState, error) {
	st, err := t.read(ctx)
	if err == nil {
		t.mu.Lock()
		t.stateRV = st.rv
		t.mu.Unlock()
	}
	return st, err
}

// read reads the state Greenlight keeps in the cluster.
func (t *Target) read(ctx context.Context) (clusterState, error) {
	var st clusterState
	cm, err := t.c.get(ctx, t.ns, "v1", "ConfigMap", t.stateName())
	if apierrors.IsNotFound(err) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading Greenlight's state in %s: %w", t.ns, err)
	}
	st.rv = cm.GetResourceVersion()
	data, _, _ := unstructured.NestedString(cm.Object, "data", "state")
	if data == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(data), &st); err != nil {
		return clusterState{rv: st.rv}, fmt.Errorf("ConfigMap %s/%s holds an invalid state (%v): delete it and deploy again", t.ns, t.stateName(), err)
	}
	for _, r := range []*record{st.Stable, st.Canary, st.Previous} {
		if r != nil {
			t.know(r.ID)
		}
	}
	return st, nil
}

// save writes the state over the version st was read at (st.rv), never over someone else's:
// after confirming the lease is still this run's, it creates the ConfigMap or updates it on
// that resourceVersion. A conflict means another run wrote the record meanwhile: it is read
// again, and unless it already says what this run meant to write (its own write, whose answer
// was lost), the run fails saying so, without overwriting it.
func (t *Target) save(ctx context.Context, st *clusterState) error {
	if err := t.confirmLease(ctx); err != nil {
		return err
	}
	b, _ := json.Marshal(st)
	cm := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": t.stateName(), "namespace": t.ns,
			"labels": map[string]any{"app.kubernetes.io/managed-by": "greenlight"}},
		"data": map[string]any{"state": string(b)},
	}}
	ri, err := t.c.ri("v1", "ConfigMap", t.ns)
	if err != nil {
		return err
	}
	var out *unstructured.Unstructured
	err = t.c.retry(ctx, func() error {
		var err error
		if st.rv == "" {
			out, err = ri.Create(ctx, cm, metav1.CreateOptions{FieldManager: t.c.manager})
		} else {
			cm.SetResourceVersion(st.rv)
			out, err = ri.Update(ctx, cm, metav1.UpdateOptions{FieldManager: t.c.manager})
		}
		if apierrors.IsConflict(err) || apierrors.IsAlreadyExists(err) {
			return &stateChanged{err: err} // not retried: read below
		}
		return err
	})
	var changed *stateChanged
	if errors.As(err, &changed) {
		cur, rerr := t.c.get(ctx, t.ns, "v1", "ConfigMap", t.stateName())
		if rerr == nil {
			if data, _, _ := unstructured.NestedString(cur.Object, "data", "state"); data == string(b) {
				out, err = cur, nil // this run's own write, whose answer was lost
			}
		}
		if err != nil {
			return fmt.Errorf("the record Greenlight keeps of %s (ConfigMap %s/%s) was changed by another run since this run read it; not overwriting it: this run stops here, and what the cluster runs is what the other run left: check it with greenlight status, then run again",
				t.env, t.ns, t.stateName())
		}
	}
	if err != nil {
		return fmt.Errorf("saving Greenlight's record of %s: %w", t.env, err)
	}
	st.rv = out.GetResourceVersion()
	t.mu.Lock()
	t.stateRV = st.rv
	t.mu.Unlock()
	return nil
}

// stateChanged is a write of the state refused because someone else wrote it first.
type stateChanged struct{ err error }

func (e *stateChanged) Error() string { return e.err.Error() }

func (r *record) revision() *greenlight.Revision {
	if r == nil {
		return nil
	}
	img, _ := oci.ParseImage(r.Image)
	return &greenlight.Revision{ID: r.ID, Image: img, Started: r.Since}
}

func (r *record) backend() traffic.Backend {
	return traffic.Backend{ID: r.ID, Deployment: r.Deployment, Replicas: r.Replicas}
}

// State implements greenlight.Target: the inventory, read from the cluster. The canary's image
// is the one its Deployment really runs, not only the one Greenlight recorded, so that what is
// checked before a promotion is what would be promoted.
func (t *Target) State(ctx context.Context) (greenlight.State, error) {
	st, err := t.read(ctx)
	if err != nil {
		return greenlight.State{}, err
	}
	out := greenlight.State{Stable: st.Stable.revision(), Canary: st.Canary.revision(), CanaryWeight: st.Weight,
		Previous: st.Previous.revision(), PreviousWarm: st.PreviousWarm}
	if st.Canary != nil {
		live, err := t.liveImage(ctx, st.Canary)
		switch {
		case apierrors.IsNotFound(err):
			out.Canary, out.CanaryWeight = nil, 0 // its Deployment is gone: nothing runs as a canary
		case err != nil:
			return greenlight.State{}, err
		default:
			out.Canary.Image = live
		}
	}
	return out, nil
}

// liveImage is the image r's Deployment runs: the container with r's repository.
func (t *Target) liveImage(ctx context.Context, r *record) (oci.Image, error) {
	d, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", r.Deployment)
	if err != nil {
		return oci.Image{}, err
	}
	cs, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
	for _, c := range cs {
		img, _ := c.(map[string]any)["image"].(string)
		if repoOf(img) == repoOf(r.Image) {
			if im, err := oci.ParseImage(img); err == nil {
				return im, nil
			}
			return oci.Image{}, fmt.Errorf("Deployment %s runs %q, not an image by digest", r.Deployment, img)
		}
	}
	return oci.Image{}, fmt.Errorf("Deployment %s has no container running %s any more", r.Deployment, repoOf(r.Image))
}

// Inventory reads what app runs in namespace, from the state Greenlight keeps in the cluster:
// `greenlight status` without manifests. A namespace that does not exist is an error.
func Inventory(ctx context.Context, cfg *rest.Config, namespace, app string) (greenlight.State, error) {
	t, err := inventoryTarget(cfg, namespace, app)
	if err != nil {
		return greenlight.State{}, err
	}
	if _, err := t.c.get(ctx, "", "v1", "Namespace", namespace); apierrors.IsNotFound(err) {
		return greenlight.State{}, fmt.Errorf("namespace %q does not exist in this cluster: check its spelling (name it as ENV=NAMESPACE when they differ)", namespace)
	} else if err != nil {
		return greenlight.State{}, err
	}
	return t.State(ctx)
}

func inventoryTarget(cfg *rest.Config, namespace, app string) (*Target, error) {
	c, err := newClient(cfg, "greenlight")
	if err != nil {
		return nil, err
	}
	t := &Target{env: namespace, ns: namespace, c: c, dep: Object{Unstructured: &unstructured.Unstructured{Object: map[string]any{}}},
		absent: map[string]bool{}}
	t.dep.SetName(app)
	return t, nil
}
