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
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

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

// WithKubeconfig reads the cluster's address and credentials from path (RESTConfigFromEnv(path):
// an empty path means $KUBECONFIG, ~/.kube/config or the in-cluster configuration).
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
// lease, autoscalers retargeted, waiting for an API server that does not answer before putting
// traffic back on stable). Deploy also logs to the logger it is given. Without either, the
// target logs nothing: pass one to see those lines.
func WithLogger(l runlog.Logger) Option { return func(t *Target) { t.log = l } }

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
	log        runlog.Logger
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
	revs    map[string]bool // revision IDs that are the app's own (owns), under mu
	stateRV string          // the state's resourceVersion as this run last read or wrote it, under mu
	absent  map[string]bool // autoscaler kinds the cluster does not serve
	serving string          // the Deployment the manifests' autoscalers are applied to
}

var (
	_ greenlight.Target   = (*Target)(nil)
	_ greenlight.Deployer = (*Target)(nil)
)

// New returns the target of environment env for manifests m. What opts leave unset and comes
// from the run's environment is read by the FromEnv functions: the cluster's configuration
// (RESTConfigFromEnv, without WithRESTConfig) and the lease holder's name (HolderFromEnv, without
// WithHolder).
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
		if t.cfg, err = RESTConfigFromEnv(t.kubeconfig); err != nil {
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
		t.holder = HolderFromEnv()
	}
	if t.leaseFor < time.Second {
		t.leaseFor = defaultLease
	}
	return t, nil
}

// App is the service's name: its Deployment's name in the manifests.
func (t *Target) App() string { return t.dep.GetName() }
