// Package kubernetes is Greenlight's production target: a service's plain manifests applied
// with server-side apply (field manager "greenlight") through client-go's dynamic client, the
// image replaced by the signed digest, one namespace per environment, and three strategies:
// a rolling update that waits as `kubectl rollout status` does and rolls back by itself when
// the progress deadline passes; blue/green with two Deployments and a Service selector switch;
// and a canary whose traffic split is a provider from traffic/ (replica ratio, Gateway API).
//
// What the target deploys is recorded in the cluster (a ConfigMap greenlight-<app> in the
// namespace), never only in memory, so a later run — a promote after an approval, a rollback
// from Slack — starts from what really runs.
package kubernetes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/selector"
)

// Strategy is how new revisions roll out: Rolling, BlueGreen or Canary.
type Strategy interface{ strategy() }

// Rolling updates the one Deployment in place.
type Rolling struct {
	// MaxSurge and MaxUnavailable ("25%", "1"); empty keeps the manifest's (or Kubernetes') value.
	MaxSurge, MaxUnavailable string
	// ProgressDeadline overrides the manifest's progressDeadlineSeconds; past it without progress
	// the previous template is restored.
	ProgressDeadline time.Duration
}

// BlueGreen runs each revision as its own Deployment; the Service's selector switches at once.
type BlueGreen struct {
	// KeepWarm is how long the previous revision keeps its pods for an instant rollback
	// (default 10 minutes); it is scaled down by the first operation after that.
	KeepWarm time.Duration
}

// Canary runs each revision as its own Deployment and splits traffic with Traffic.
type Canary struct {
	Traffic  traffic.Router
	KeepWarm time.Duration
}

func (Rolling) strategy()   {}
func (BlueGreen) strategy() {}
func (Canary) strategy()    {}

// Option configures a Target.
type Option func(*Target)

// WithKubeconfig reads the cluster's address and credentials from path.
func WithKubeconfig(path string) Option { return func(t *Target) { t.kubeconfig = path } }

// WithRESTConfig uses cfg (tests, or programs that already have one).
func WithRESTConfig(cfg *rest.Config) Option { return func(t *Target) { t.cfg = cfg } }

// WithNamespace sets the namespace (default: the environment's name).
func WithNamespace(ns string) Option { return func(t *Target) { t.ns = ns } }

// WithStrategy sets the strategy (default BlueGreen{}).
func WithStrategy(s Strategy) Option { return func(t *Target) { t.strategy = s } }

// WithImageName says which containers get the signed image: those whose image is name (any
// tag), such as "hello" or "ghcr.io/acme/hello". Default: the signed image's repository.
func WithImageName(name string) Option { return func(t *Target) { t.imageName = name } }

// WithRolloutTimeout bounds how long a rollout may take before it counts as failed (default 5m).
func WithRolloutTimeout(d time.Duration) Option { return func(t *Target) { t.timeout = d } }

// Target deploys one service into one environment. It implements greenlight.Target and
// greenlight.Deployer.
type Target struct {
	env        string
	ns         string
	imageName  string
	kubeconfig string
	cfg        *rest.Config
	strategy   Strategy
	timeout    time.Duration
	m          Manifests
	dep        Object
	svc        *Object
	router     traffic.Router
	keepWarm   time.Duration
	c          *client
}

var (
	_ greenlight.Target   = (*Target)(nil)
	_ greenlight.Deployer = (*Target)(nil)
)

// New returns the target of environment env for manifests m.
func New(env string, m Manifests, opts ...Option) (*Target, error) {
	t := &Target{env: env, ns: env, strategy: BlueGreen{}, timeout: 5 * time.Minute, m: m}
	for _, o := range opts {
		o(t)
	}
	dep, err := m.Deployment()
	if err != nil {
		return nil, err
	}
	t.dep = dep
	if svc, ok := m.Find("Service", ""); ok {
		t.svc = &svc
	}
	switch s := t.strategy.(type) {
	case Rolling:
	case BlueGreen:
		t.router, t.keepWarm = selector.New(), s.KeepWarm
	case Canary:
		if s.Traffic == nil {
			return nil, errors.New("kubernetes.Canary needs a Traffic router: replicas.New() or gatewayapi.New(route)")
		}
		t.router, t.keepWarm = s.Traffic, s.KeepWarm
	default:
		return nil, fmt.Errorf("unknown strategy %T", t.strategy)
	}
	if t.keepWarm == 0 {
		t.keepWarm = 10 * time.Minute
	}
	if t.router != nil && t.svc == nil {
		return nil, fmt.Errorf("the %T strategy routes traffic through a Service, and the manifests have none", t.strategy)
	}
	if t.cfg == nil {
		if t.cfg, err = RESTConfig(t.kubeconfig); err != nil {
			return nil, err
		}
	}
	if t.c, err = newClient(t.cfg, "greenlight"); err != nil {
		return nil, err
	}
	return t, nil
}

// Namespace implements traffic.Cluster.
func (t *Target) Namespace() string { return t.ns }

// App is the service's name: its Deployment's name in the manifests.
func (t *Target) App() string { return t.dep.GetName() }

// --- state kept in the cluster

type record struct {
	ID         string `json:"id"`
	Image      string `json:"image"`
	Deployment string `json:"deployment"`
	Replicas   int32  `json:"replicas"`
	Since      time.Time
}

type clusterState struct {
	Stable        *record         `json:"stable,omitempty"`
	Canary        *record         `json:"canary,omitempty"`
	Weight        int             `json:"weight"`
	Previous      *record         `json:"previous,omitempty"`
	PreviousUntil time.Time       `json:"previous_until,omitempty"`
	PreviousWarm  bool            `json:"previous_warm"`
	PrevTemplate  json.RawMessage `json:"previous_template,omitempty"`
}

func (t *Target) stateName() string { return "greenlight-" + t.App() }

func (t *Target) load(ctx context.Context) (clusterState, error) {
	var st clusterState
	cm, err := t.c.get(ctx, t.ns, "v1", "ConfigMap", t.stateName())
	if apierrors.IsNotFound(err) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading Greenlight's state in %s: %w", t.ns, err)
	}
	data, _, _ := unstructured.NestedString(cm.Object, "data", "state")
	if data == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(data), &st); err != nil {
		return st, fmt.Errorf("ConfigMap %s/%s holds an invalid state (%v): delete it and deploy again", t.ns, t.stateName(), err)
	}
	return st, nil
}

func (t *Target) save(ctx context.Context, st clusterState) error {
	b, _ := json.Marshal(st)
	cm := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": t.stateName(), "namespace": t.ns,
			"labels": map[string]any{"app.kubernetes.io/managed-by": "greenlight"}},
		"data": map[string]any{"state": string(b)},
	}}
	_, err := t.c.apply(ctx, t.ns, cm, false)
	return err
}

func (r *record) revision() *greenlight.Revision {
	if r == nil {
		return nil
	}
	img, _ := greenlight.ParseImage(r.Image)
	return &greenlight.Revision{ID: r.ID, Image: img, Started: r.Since}
}

func (r *record) backend() traffic.Backend {
	return traffic.Backend{ID: r.ID, Deployment: r.Deployment, Replicas: r.Replicas}
}

// State implements greenlight.Target: the inventory, read from the cluster.
func (t *Target) State(ctx context.Context) (greenlight.State, error) {
	st, err := t.load(ctx)
	if err != nil {
		return greenlight.State{}, err
	}
	return greenlight.State{Stable: st.Stable.revision(), Canary: st.Canary.revision(), CanaryWeight: st.Weight,
		Previous: st.Previous.revision(), PreviousWarm: st.PreviousWarm}, nil
}

// Inventory reads what app runs in namespace, from the state Greenlight keeps in the cluster:
// `greenlight status` without manifests.
func Inventory(ctx context.Context, cfg *rest.Config, namespace, app string) (greenlight.State, error) {
	c, err := newClient(cfg, "greenlight")
	if err != nil {
		return greenlight.State{}, err
	}
	t := &Target{env: namespace, ns: namespace, c: c, dep: Object{Unstructured: &unstructured.Unstructured{Object: map[string]any{}}}}
	t.dep.SetName(app)
	return t.State(ctx)
}

// --- objects

// Service implements traffic.Cluster: a copy of the manifests' Service.
func (t *Target) Service() *unstructured.Unstructured {
	if t.svc == nil {
		return nil
	}
	return t.svc.DeepCopy()
}

// Apply implements traffic.Cluster.
func (t *Target) Apply(ctx context.Context, obj *unstructured.Unstructured) error {
	_, err := t.c.apply(ctx, t.ns, obj, false)
	return err
}

// Delete implements traffic.Cluster.
func (t *Target) Delete(ctx context.Context, apiVersion, kind, name string) error {
	return t.c.delete(ctx, t.ns, apiVersion, kind, name)
}

// Get implements traffic.Cluster.
func (t *Target) Get(ctx context.Context, apiVersion, kind, name string) (*unstructured.Unstructured, error) {
	return t.c.get(ctx, t.ns, apiVersion, kind, name)
}

// Scale implements traffic.Cluster.
func (t *Target) Scale(ctx context.Context, deployment string, n int32) error {
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
func (t *Target) revisionDeployment(img greenlight.Image, name, id string, replicas int32) (*unstructured.Unstructured, error) {
	d := t.dep.DeepCopy()
	want := t.imageName
	if want == "" {
		want = img.Repo()
	}
	if n, err := setImage(d, want, img.String()); err != nil || n == 0 {
		return nil, fmt.Errorf("%s: no container of Deployment %s has the image %s: write it as %s (any tag), or set kubernetes.WithImageName, so that Greenlight can put the signed digest there",
			t.dep.Where(), t.dep.GetName(), want, want)
	}
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
		out = append(out, o)
	}
	return out
}

// prepare checks every object with a server-side dry run, so that a bad manifest is refused
// before anything is applied, then applies the namespace and the other objects.
func (t *Target) prepare(ctx context.Context, dep *unstructured.Unstructured) error {
	ns := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]any{"name": t.ns}}}
	if _, err := t.c.apply(ctx, "", ns, false); err != nil {
		return fmt.Errorf("namespace %s: %w", t.ns, err)
	}
	others := t.others(ctx)
	check := append(append([]Object{}, others...), Object{Unstructured: dep, File: t.dep.File, Line: t.dep.Line})
	if t.svc != nil && t.router != nil {
		check = append(check, *t.svc)
	}
	for _, o := range check {
		if _, err := t.c.apply(ctx, t.ns, o.Unstructured, true); err != nil {
			return fmt.Errorf("%s: %s %s is invalid: %v; nothing was applied", o.Where(), o.GetKind(), o.GetName(), err)
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

// --- greenlight.Target

// Start implements greenlight.Target: a Deployment for the revision, ready, with no traffic.
func (t *Target) Start(ctx context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	if t.router == nil {
		return greenlight.Revision{}, errors.New("the rolling strategy runs one Deployment and has no canary: use kubernetes.Canary{...} or BlueGreen{} for this environment")
	}
	st, err := t.load(ctx)
	if err != nil {
		return greenlight.Revision{}, err
	}
	im := img.Image()
	id := im.Short()
	if st.Stable != nil && st.Stable.ID == id {
		return greenlight.Revision{}, fmt.Errorf("%s is already the stable revision of %s", id, t.env)
	}
	rec := &record{ID: id, Image: im.String(), Deployment: t.App() + "-" + id, Replicas: t.replicas(), Since: time.Now()}
	dep, err := t.revisionDeployment(im, rec.Deployment, id, 0)
	if err != nil {
		return greenlight.Revision{}, err
	}
	if err := t.prepare(ctx, dep); err != nil {
		return greenlight.Revision{}, err
	}
	n, err := t.router.Prepare(ctx, t, rec.backend())
	if err != nil {
		return greenlight.Revision{}, fmt.Errorf("preparing %s for traffic (%s): %w", id, t.router.Name(), err)
	}
	unstructured.SetNestedField(dep.Object, int64(n), "spec", "replicas")
	if _, err := t.c.apply(ctx, t.ns, dep, false); err != nil {
		return greenlight.Revision{}, fmt.Errorf("%s: applying Deployment %s: %w", t.dep.Where(), rec.Deployment, err)
	}
	if n > 0 {
		if err := t.waitRollout(ctx, rec.Deployment, t.timeout, false); err != nil {
			t.remove(context.WithoutCancel(ctx), rec)
			return greenlight.Revision{}, fmt.Errorf("revision %s never became ready (%v); it was removed and no traffic was switched", id, err)
		}
	}
	if st.Previous != nil && st.Previous.ID == id {
		st.Previous, st.PreviousWarm = nil, false
	}
	st.Canary, st.Weight = rec, 0
	if err := t.save(ctx, st); err != nil {
		return greenlight.Revision{}, err
	}
	return *rec.revision(), nil
}

func (t *Target) remove(ctx context.Context, r *record) {
	t.router.Release(ctx, t, r.backend())
	t.c.delete(ctx, t.ns, "apps/v1", "Deployment", r.Deployment)
}

func (t *Target) canaryRecord(st clusterState, rev greenlight.Revision) (*record, error) {
	if st.Canary == nil || st.Canary.ID != rev.ID {
		return nil, fmt.Errorf("%s is not the revision in progress in %s", rev.ID, t.env)
	}
	return st.Canary, nil
}

// SetCanaryWeight implements greenlight.Target.
func (t *Target) SetCanaryWeight(ctx context.Context, rev greenlight.Revision, percent int) error {
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
	got, err := t.router.Route(ctx, t, st.Stable.backend(), ptr(rec.backend()), percent)
	if err != nil {
		return fmt.Errorf("routing %d%% to %s (%s): %w", percent, rev.ID, t.router.Name(), err)
	}
	st.Weight = got
	return t.save(ctx, st)
}

func ptr[T any](v T) *T { return &v }

// Promote implements greenlight.Target.
func (t *Target) Promote(ctx context.Context, rev greenlight.Revision) error {
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
	b := rec.backend()
	if st.Stable == nil {
		if err := t.Scale(ctx, rec.Deployment, rec.Replicas); err != nil {
			return err
		}
		if _, err := t.router.Route(ctx, t, b, nil, 0); err != nil {
			return err
		}
	} else {
		if err := t.Scale(ctx, rec.Deployment, rec.Replicas); err != nil {
			return err
		}
		if _, err := t.router.Route(ctx, t, st.Stable.backend(), &b, 100); err != nil {
			return err
		}
		if _, err := t.router.Route(ctx, t, b, nil, 0); err != nil {
			return err
		}
	}
	if old := st.Previous; old != nil && (st.Stable == nil || old.ID != st.Stable.ID) {
		t.remove(ctx, old)
	}
	st.Previous, st.Stable, st.Canary, st.Weight = st.Stable, rec, nil, 0
	if st.Previous != nil {
		st.PreviousUntil = time.Now().Add(t.keepWarm)
		dep, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", st.Previous.Deployment)
		ready, _, _ := unstructured.NestedInt64(dep.Object, "status", "readyReplicas")
		st.PreviousWarm = err == nil && ready > 0
		if st.PreviousWarm {
			if _, isSel := t.router.(selector.Router); !isSel {
				// Under a shared Service, warm pods would still take traffic: scale down now.
				t.c.patchReplicas(ctx, t.ns, st.Previous.Deployment, 0)
				st.PreviousWarm = false
			}
		}
	}
	return t.save(ctx, st)
}

// Abort implements greenlight.Target.
func (t *Target) Abort(ctx context.Context, rev greenlight.Revision) error {
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
		if _, err := t.router.Route(ctx, t, st.Stable.backend(), nil, 0); err != nil {
			return fmt.Errorf("returning traffic to %s: %w", st.Stable.ID, err)
		}
	}
	t.remove(ctx, st.Canary)
	st.Canary, st.Weight = nil, 0
	t.coolDown(ctx, &st)
	return t.save(ctx, st)
}

// Rollback implements greenlight.Target.
func (t *Target) Rollback(ctx context.Context) (greenlight.Revision, error) {
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
	if err := t.Scale(ctx, prev.Deployment, prev.Replicas); err != nil {
		return greenlight.Revision{}, fmt.Errorf("bringing %s back: %w", prev.ID, err)
	}
	pb := prev.backend()
	if st.Stable != nil {
		if _, err := t.router.Route(ctx, t, st.Stable.backend(), &pb, 100); err != nil {
			return greenlight.Revision{}, err
		}
	}
	if _, err := t.router.Route(ctx, t, pb, nil, 0); err != nil {
		return greenlight.Revision{}, err
	}
	for _, r := range []*record{st.Canary, st.Stable} {
		if r != nil {
			t.remove(ctx, r)
		}
	}
	st.Stable, st.Previous, st.Canary, st.Weight, st.PreviousWarm = prev, nil, nil, 0, false
	if err := t.save(ctx, st); err != nil {
		return greenlight.Revision{}, err
	}
	return *prev.revision(), nil
}

// --- rolling update

// Deploy implements greenlight.Deployer. With the Rolling strategy it updates the Deployment
// in place and waits as `kubectl rollout status` does; if the progress deadline passes it
// restores the previous template and reports the failure. With the other strategies it starts
// the revision and switches all traffic to it once it is ready.
func (t *Target) Deploy(ctx context.Context, img greenlight.SignedImage, log greenlight.Logger) (greenlight.Revision, error) {
	if t.router != nil {
		rev, err := t.Start(ctx, img)
		if err != nil {
			return rev, err
		}
		if err := t.Promote(ctx, rev); err != nil {
			t.Abort(context.WithoutCancel(ctx), rev)
			return rev, err
		}
		return rev, nil
	}
	st, err := t.load(ctx)
	if err != nil {
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
	if err := t.prepare(ctx, dep); err != nil {
		return greenlight.Revision{}, err
	}
	if t.svc != nil {
		if _, err := t.c.apply(ctx, t.ns, t.svc.Unstructured, false); err != nil {
			return greenlight.Revision{}, fmt.Errorf("%s: applying Service: %w", t.svc.Where(), err)
		}
	}
	// Remember the template now running: the rollback target.
	var prevTemplate json.RawMessage
	if cur, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", t.App()); err == nil {
		tpl, _, _ := unstructured.NestedMap(cur.Object, "spec", "template")
		prevTemplate, _ = json.Marshal(tpl)
	}
	if _, err := t.c.apply(ctx, t.ns, dep, false); err != nil {
		return greenlight.Revision{}, fmt.Errorf("%s: applying Deployment %s: %w", t.dep.Where(), t.App(), err)
	}
	rec := &record{ID: im.Short(), Image: im.String(), Deployment: t.App(), Replicas: t.replicas(), Since: time.Now()}
	if err := t.waitRollout(ctx, t.App(), t.timeout, false); err != nil {
		var rf *rolloutFailed
		reason := err.Error()
		if !errors.As(err, &rf) && ctx.Err() == nil {
			reason = "rollout timed out: " + reason
		}
		bg := context.WithoutCancel(ctx)
		if st.Stable != nil && prevTemplate != nil {
			if rerr := t.restoreTemplate(bg, prevTemplate); rerr != nil {
				return greenlight.Revision{}, fmt.Errorf("%s; ROLLBACK FAILED: %v", reason, rerr)
			}
			return greenlight.Revision{}, fmt.Errorf("%s; rolled back automatically to %s (the previous template)", reason, st.Stable.ID)
		}
		t.c.delete(bg, t.ns, "apps/v1", "Deployment", t.App())
		return greenlight.Revision{}, fmt.Errorf("%s; this was the first release, so its Deployment was removed", reason)
	}
	st.Previous, st.Stable = st.Stable, rec
	st.PrevTemplate = prevTemplate
	st.PreviousWarm = false
	if err := t.save(ctx, st); err != nil {
		return greenlight.Revision{}, err
	}
	return *rec.revision(), nil
}

func (t *Target) restoreTemplate(ctx context.Context, tpl json.RawMessage) error {
	var m map[string]any
	if err := json.Unmarshal(tpl, &m); err != nil {
		return err
	}
	d := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": t.App(), "namespace": t.ns}}}
	unstructured.SetNestedMap(d.Object, m, "spec", "template")
	sel, _, _ := unstructured.NestedMap(t.dep.Object, "spec", "selector")
	unstructured.SetNestedMap(d.Object, sel, "spec", "selector")
	if _, err := t.c.apply(ctx, t.ns, d, false); err != nil {
		return err
	}
	return t.waitRollout(ctx, t.App(), t.timeout, false)
}

func (t *Target) rollbackRolling(ctx context.Context, st clusterState) (greenlight.Revision, error) {
	if st.PrevTemplate == nil {
		return greenlight.Revision{}, fmt.Errorf("no previous template recorded for %s", t.App())
	}
	if err := t.restoreTemplate(ctx, st.PrevTemplate); err != nil {
		return greenlight.Revision{}, fmt.Errorf("restoring %s: %w", st.Previous.ID, err)
	}
	st.Stable, st.Previous, st.PrevTemplate = st.Previous, nil, nil
	if err := t.save(ctx, st); err != nil {
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
