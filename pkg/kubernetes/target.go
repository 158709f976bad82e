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
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
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

// WithLogger says what the target does on its own (leftovers removed, waiting for another run's
// lease, autoscalers retargeted). Deploy also logs to the logger it is given.
func WithLogger(l greenlight.Logger) Option { return func(t *Target) { t.log = l } }

// WithAPIOutage sets how long an API server that does not answer (or answers 5xx) is retried
// before the operation fails (default 2 minutes).
func WithAPIOutage(d time.Duration) Option { return func(t *Target) { t.outage = d } }

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
	log        greenlight.Logger
	outage     time.Duration
	drain      time.Duration // preStop sleep given to containers without one (drain.go)
	restoreFor time.Duration // how long putting traffic back on stable waits for the API (restore.go)

	// the environment's lease (lease.go)
	holder             string
	leaseFor, lockWait time.Duration
	mu                 sync.Mutex
	held               int
	stopRenew          func()
	renewed            time.Time // the lease's last renewal by this run
	canaryHold         func()    // releases the lease Start keeps for its canary

	drift   DriftPolicy
	revs    map[string]bool // revision IDs that are the app's own (Owns), under mu
	stateRV string          // the state's resourceVersion as this run last read or wrote it, under mu
	absent  map[string]bool // autoscaler kinds the cluster does not serve
	serving string          // the Deployment the manifests' autoscalers are applied to
}

var (
	_ greenlight.Target   = (*Target)(nil)
	_ greenlight.Deployer = (*Target)(nil)
)

// New returns the target of environment env for manifests m.
func New(env string, m Manifests, opts ...Option) (*Target, error) {
	t := &Target{env: env, ns: env, strategy: BlueGreen{}, timeout: 5 * time.Minute, m: m,
		leaseFor: defaultLease, lockWait: defaultLockFor, absent: map[string]bool{}, drain: DefaultDrain}
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
	if t.outage > 0 {
		t.c.outage = t.outage
	}
	t.c.guard = t.confirmLease
	if t.restoreFor <= 0 {
		t.restoreFor = DefaultRestoreOutage
	}
	if t.holder == "" {
		t.holder = defaultHolder()
	}
	if t.leaseFor < time.Second {
		t.leaseFor = defaultLease
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
	img, _ := greenlight.ParseImage(r.Image)
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
func (t *Target) liveImage(ctx context.Context, r *record) (greenlight.Image, error) {
	d, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", r.Deployment)
	if err != nil {
		return greenlight.Image{}, err
	}
	cs, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
	for _, c := range cs {
		img, _ := c.(map[string]any)["image"].(string)
		if repoOf(img) == repoOf(r.Image) {
			if im, err := greenlight.ParseImage(img); err == nil {
				return im, nil
			}
			return greenlight.Image{}, fmt.Errorf("Deployment %s runs %q, not an image by digest", r.Deployment, img)
		}
	}
	return greenlight.Image{}, fmt.Errorf("Deployment %s has no container running %s any more", r.Deployment, repoOf(r.Image))
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

// --- objects

// Service implements traffic.Cluster: a copy of the manifests' Service.
func (t *Target) Service() *unstructured.Unstructured {
	if t.svc == nil {
		return nil
	}
	return t.svc.DeepCopy()
}

// Apply implements traffic.Cluster. Like every write a router makes (Patch, Scale), it first
// confirms that this run still holds the environment (confirmLease).
func (t *Target) Apply(ctx context.Context, obj *unstructured.Unstructured) error {
	if err := t.confirmLease(ctx); err != nil {
		return err
	}
	_, err := t.c.apply(ctx, t.ns, obj, false)
	return err
}

// Delete implements traffic.Cluster.
func (t *Target) Delete(ctx context.Context, apiVersion, kind, name string) error {
	return t.c.delete(ctx, t.ns, apiVersion, kind, name)
}

// Patch implements traffic.Cluster.
func (t *Target) Patch(ctx context.Context, apiVersion, kind, name string, mergePatch []byte) error {
	if err := t.confirmLease(ctx); err != nil {
		return err
	}
	_, err := t.c.mergePatch(ctx, t.ns, apiVersion, kind, name, mergePatch)
	return err
}

// Get implements traffic.Cluster.
func (t *Target) Get(ctx context.Context, apiVersion, kind, name string) (*unstructured.Unstructured, error) {
	return t.c.get(ctx, t.ns, apiVersion, kind, name)
}

// Scale implements traffic.Cluster.
func (t *Target) Scale(ctx context.Context, deployment string, n int32) error {
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

// --- greenlight.Target

// locked runs f holding the environment's lease; prepare may create the namespace, after
// which the lease is taken (relock).
func (t *Target) locked(ctx context.Context, f func(relock func() error) error) error {
	unlock, err := t.lock(ctx)
	if err != nil {
		return err
	}
	defer func() { unlock() }()
	relock := func() error {
		t.mu.Lock()
		held := t.held > 0
		t.mu.Unlock()
		if held {
			return nil
		}
		u, err := t.lock(ctx)
		if err != nil {
			return err
		}
		prev := unlock
		unlock = func() { u(); prev() }
		return nil
	}
	return f(relock)
}

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
	n, err := t.router.Prepare(ctx, t, rec.backend())
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

func (t *Target) remove(ctx context.Context, r *record) error {
	rerr := t.router.Release(ctx, t, r.backend())
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
		got, err := t.router.Route(ctx, t, st.Stable.backend(), ptr(rec.backend()), percent)
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
	recorded, _ := greenlight.ParseImage(rec.Image)
	for _, want := range []greenlight.Image{rev.Image, recorded} {
		if !want.IsZero() && live.Digest() != want.Digest() {
			return fmt.Errorf("refusing to promote %s: its Deployment %s/%s runs %s, not %s, which is what Greenlight started and checked (someone changed it); nothing was switched: abort and start the canary again",
				rev.ID, t.ns, rec.Deployment, live.Digest(), want.Digest())
		}
	}
	b := rec.backend()
	if err := t.Scale(ctx, rec.Deployment, rec.Replicas); err != nil {
		return err
	}
	if st.Stable == nil {
		if _, err := t.router.Route(ctx, t, b, nil, 0); err != nil {
			return err
		}
	} else {
		if _, err := t.router.Route(ctx, t, st.Stable.backend(), &b, 100); err != nil {
			return err
		}
		if _, err := t.router.Route(ctx, t, b, nil, 0); err != nil {
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
		if _, err := t.router.Route(ctx, t, st.Stable.backend(), nil, 0); err != nil {
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
	if err := t.Scale(ctx, prev.Deployment, replicas); err != nil {
		return greenlight.Revision{}, fmt.Errorf("bringing %s back: %w; traffic stays on %s", prev.ID, err, stableID(&st))
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

// --- rolling update

// Deploy implements greenlight.Deployer. With the Rolling strategy it updates the Deployment
// in place and waits as `kubectl rollout status` does; if the progress deadline passes it
// re-applies the previous configuration, field for field, and reports the failure. With the
// other strategies it starts the revision and switches all traffic to it once it is ready.
func (t *Target) Deploy(ctx context.Context, img greenlight.SignedImage, log greenlight.Logger) (greenlight.Revision, error) {
	if log != nil && log != greenlight.Discard {
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
