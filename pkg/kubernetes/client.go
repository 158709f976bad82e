package kubernetes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// RESTConfigFromEnv returns the client configuration as kubectl finds it: the kubeconfig at
// path (with exec credential plugins, as kubectl), or $KUBECONFIG / ~/.kube/config when path is
// empty, or the in-cluster configuration when running in a pod ($KUBERNETES_SERVICE_HOST) with
// neither. With HolderFromEnv, it is the one place in this package that reads the environment:
// New calls it only when given no WithRESTConfig; programs that already have a configuration
// pass it with WithRESTConfig.
func RESTConfigFromEnv(path string) (*rest.Config, error) {
	if path == "" && os.Getenv("KUBECONFIG") == "" && os.Getenv("KUBERNETES_SERVICE_HOST") != "" {
		cfg, err := rest.InClusterConfig()
		if err != nil {
			return nil, fmt.Errorf("in-cluster configuration: %w", err)
		}
		return cfg, nil
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if path != "" {
		rules.ExplicitPath = path
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig: %w (set KUBECONFIG, or pass kubernetes.WithKubeconfig)", err)
	}
	return cfg, nil
}

// client is the dynamic client with a kind → resource lookup and retries.
type client struct {
	dyn     dynamic.Interface
	mapper  *mapper
	manager string
	// outage is how long an unreachable or failing API server is retried before giving up.
	outage time.Duration

	// guard, when set, is called before a write is retried (retryWrite).
	guard func(ctx context.Context) error
	// troubled is set when a call failed for want of an API server, or had to be retried;
	// confirmLease clears it.
	troubled atomic.Bool

	mu         sync.Mutex
	downSince  time.Time     // when the API server stopped answering; zero while it answers
	lastOutage time.Duration // how long the last outage lasted, once the server answered again
}

// down notes that the API server did not answer; up that it did.
func (c *client) down() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.downSince.IsZero() {
		c.downSince = time.Now()
	}
	return time.Since(c.downSince)
}

func (c *client) up() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.downSince.IsZero() {
		c.lastOutage, c.downSince = time.Since(c.downSince), time.Time{}
	}
}

// outageState says whether the API server is not answering now, and how long the last outage
// lasted.
func (c *client) outageState() (downFor, last time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.downSince.IsZero() {
		downFor = time.Since(c.downSince)
	}
	return downFor, c.lastOutage
}

// restoreKey carries a restore's longer budget (restore.go) to every call made under it.
type restoreKey struct{}

// restoreBudget is how long a restore keeps retrying, and what it says while it waits.
type restoreBudget struct {
	until   time.Time
	waiting func(down time.Duration)

	mu   sync.Mutex
	said time.Time
}

// tell says, at most every 10 s, that the restore waits for the API server.
func (r *restoreBudget) tell(down time.Duration) {
	r.mu.Lock()
	due := time.Since(r.said) >= 10*time.Second
	if due {
		r.said = time.Now()
	}
	r.mu.Unlock()
	if due && r.waiting != nil {
		r.waiting(down)
	}
}

// outageError is an API server that did not answer for the whole budget.
type outageError struct {
	for_     time.Duration
	attempts int
	err      error
}

func (e *outageError) Error() string {
	return fmt.Sprintf("the API server failed for %s (%d attempts): %v", e.for_.Round(time.Second), e.attempts, e.err)
}

func (e *outageError) Unwrap() error { return e.err }

// defaultOutage is how long Greenlight keeps retrying an API server that does not answer: a
// control-plane upgrade or a failover takes about a minute.
const defaultOutage = 2 * time.Minute

func newClient(cfg *rest.Config, manager string) (*client, error) {
	cfg = rest.CopyConfig(cfg)
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	c := &client{dyn: dyn, manager: manager, outage: defaultOutage}
	if c.mapper, err = newMapper(cfg, c); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *client) resource(apiVersion, kind string) (schema.GroupVersionResource, bool, error) {
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return schema.GroupVersionResource{}, false, err
	}
	res, namespaced, err := c.mapper.lookup(context.Background(), apiVersion, kind)
	if err != nil {
		return schema.GroupVersionResource{}, false, err
	}
	return gv.WithResource(res), namespaced, nil
}

func (c *client) ri(apiVersion, kind, ns string) (dynamic.ResourceInterface, error) {
	gvr, namespaced, err := c.resource(apiVersion, kind)
	if err != nil {
		return nil, err
	}
	if namespaced {
		return c.dyn.Resource(gvr).Namespace(ns), nil
	}
	return c.dyn.Resource(gvr), nil
}

// apply server-side applies obj in ns (forcing ownership: Greenlight owns what it deploys).
func (c *client) apply(ctx context.Context, ns string, obj *unstructured.Unstructured, dryRun bool) (*unstructured.Unstructured, error) {
	return c.applyWith(ctx, ns, obj, dryRun, c.manager)
}

// applyAs server-side applies obj with another field manager.
func (c *client) applyAs(ctx context.Context, ns string, obj *unstructured.Unstructured, manager string) (*unstructured.Unstructured, error) {
	return c.applyWith(ctx, ns, obj, false, manager)
}

func (c *client) applyWith(ctx context.Context, ns string, obj *unstructured.Unstructured, dryRun bool, manager string) (*unstructured.Unstructured, error) {
	ri, err := c.ri(obj.GetAPIVersion(), obj.GetKind(), ns)
	if err != nil {
		return nil, err
	}
	obj = obj.DeepCopy()
	if obj.GetNamespace() == "" && ns != "" {
		if _, namespaced, _ := c.resource(obj.GetAPIVersion(), obj.GetKind()); namespaced {
			obj.SetNamespace(ns)
		}
	}
	obj.SetManagedFields(nil)
	obj.SetResourceVersion("")
	opts := metav1.ApplyOptions{FieldManager: manager, Force: true}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	var out *unstructured.Unstructured
	do := c.retryWrite
	if dryRun {
		do = c.retry
	}
	err = do(ctx, func() error {
		var err error
		out, err = ri.Apply(ctx, obj.GetName(), obj, opts)
		return err
	})
	return out, err
}

// checkNew validates a namespaced obj with a server-side dry run of its creation in ns, a
// namespace other than its own (which does not exist yet). A create never merges with an
// object already there, so an unrelated object of the same name in ns cannot make the check
// fail (as a dry-run apply would, against that object's immutable fields); the API server
// answers AlreadyExists only after validation and admission have passed, so that answer is a
// pass. Cluster-scoped objects are checked with a dry-run apply: they really are shared.
func (c *client) checkNew(ctx context.Context, ns string, obj *unstructured.Unstructured) error {
	_, namespaced, err := c.resource(obj.GetAPIVersion(), obj.GetKind())
	if err != nil {
		return err
	}
	if !namespaced {
		_, err := c.apply(ctx, "", obj, true)
		return err
	}
	ri, err := c.ri(obj.GetAPIVersion(), obj.GetKind(), ns)
	if err != nil {
		return err
	}
	obj = obj.DeepCopy()
	obj.SetNamespace(ns)
	obj.SetManagedFields(nil)
	obj.SetResourceVersion("")
	return c.retry(ctx, func() error {
		_, err := ri.Create(ctx, obj, metav1.CreateOptions{FieldManager: c.manager, DryRun: []string{metav1.DryRunAll}})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	})
}

// list lists the objects of a kind in ns with a label selector (empty: all).
func (c *client) list(ctx context.Context, ns, apiVersion, kind, selector string) ([]unstructured.Unstructured, error) {
	ri, err := c.ri(apiVersion, kind, ns)
	if err != nil {
		return nil, err
	}
	var out []unstructured.Unstructured
	err = c.retry(ctx, func() error {
		l, err := ri.List(ctx, metav1.ListOptions{LabelSelector: selector})
		if err == nil {
			out = l.Items
		}
		return err
	})
	return out, err
}

// mergePatch sends a JSON merge patch (an Update by Greenlight's field manager).
func (c *client) mergePatch(ctx context.Context, ns, apiVersion, kind, name string, patch []byte) (*unstructured.Unstructured, error) {
	ri, err := c.ri(apiVersion, kind, ns)
	if err != nil {
		return nil, err
	}
	var out *unstructured.Unstructured
	var conflict error
	err = c.retryWrite(ctx, func() error {
		var err error
		out, err = ri.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{FieldManager: c.manager})
		if apierrors.IsConflict(err) {
			conflict = err // a resourceVersion precondition: the caller reads again
			return nil
		}
		return err
	})
	if conflict != nil {
		return nil, conflict
	}
	return out, err
}

func (c *client) get(ctx context.Context, ns, apiVersion, kind, name string) (*unstructured.Unstructured, error) {
	ri, err := c.ri(apiVersion, kind, ns)
	if err != nil {
		return nil, err
	}
	var out *unstructured.Unstructured
	err = c.retry(ctx, func() error {
		var err error
		out, err = ri.Get(ctx, name, metav1.GetOptions{})
		return err
	})
	return out, err
}

func (c *client) delete(ctx context.Context, ns, apiVersion, kind, name string) error {
	ri, err := c.ri(apiVersion, kind, ns)
	if err != nil {
		return err
	}
	err = c.retry(ctx, func() error {
		return ri.Delete(ctx, name, metav1.DeleteOptions{})
	})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

func (c *client) patchReplicas(ctx context.Context, ns, name string, n int32) error {
	ri, err := c.ri("apps/v1", "Deployment", ns)
	if err != nil {
		return err
	}
	patch := []byte(fmt.Sprintf(`{"spec":{"replicas":%d}}`, n))
	return c.retryWrite(ctx, func() error {
		_, err := ri.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{FieldManager: c.manager})
		return err
	})
}

// retry calls f again on the errors worth retrying (conflicts, 5xx, 429, timeouts, refused or
// broken connections) with back-off from 100 ms to 5 s, for as long as c.outage: an API server
// restarting or failing over for a minute is waited for, not reported as a failed deploy.
// Under a restore (restore.go) it retries until the restore's longer bound instead, saying so.
func (c *client) retry(ctx context.Context, f func() error) error {
	budget := c.outage
	if budget <= 0 {
		budget = defaultOutage
	}
	start := time.Now()
	deadline := start.Add(budget)
	r, _ := ctx.Value(restoreKey{}).(*restoreBudget)
	if r != nil && r.until.After(deadline) {
		deadline = r.until
	}
	delay, maxDelay := 100*time.Millisecond, 5*time.Second
	if r != nil {
		maxDelay = time.Second // a restore goes ahead as soon as the API server answers
	}
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || !retriable(err) || answered(err) {
			c.up()
		}
		if err != nil && retriable(err) {
			c.troubled.Store(true) // an answer such as NotFound is no trouble
		}
		if err == nil || !retriable(err) || ctx.Err() != nil {
			return err
		}
		if answered(err) && attempt >= 5 {
			// The server is there and keeps giving the same answer (a 500 for a manifest it
			// cannot type, a conflict): that is the answer, not an outage.
			return fmt.Errorf("after %d attempts: %w", attempt, err)
		}
		if !answered(err) {
			if down := c.down(); r != nil {
				r.tell(down)
			}
		}
		if !time.Now().Before(deadline) {
			return &outageError{for_: time.Since(start), attempts: attempt, err: err}
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(min(delay, time.Until(deadline))): // the last attempt at the deadline
		}
		delay = min(delay*2, maxDelay)
	}
}

// retryWrite is retry for a write that may move traffic (an apply, a merge patch, a scale).
// An attempt that failed may have reached the server, and the API server may have been away
// for longer than the lease: before each attempt after the first, guard (the target's
// confirmLease) checks that this run still has the environment to itself, so that a retry
// never lands over what another run did meanwhile.
func (c *client) retryWrite(ctx context.Context, f func() error) error {
	first := true
	err := c.retry(ctx, func() error {
		if !first && c.guard != nil {
			if err := c.guard(ctx); err != nil {
				return &guardRefused{err}
			}
		}
		first = false
		return f()
	})
	var g *guardRefused
	if errors.As(err, &g) {
		return g.err
	}
	return err
}

// guardRefused is a write not retried because the guard refused it; it hides its cause from
// retriable, so that it is not retried.
type guardRefused struct{ err error }

func (e *guardRefused) Error() string { return e.err.Error() }

// answered reports whether err is an answer from a server that is up (500, 409), as opposed to
// an unreachable, overloaded or restarting one (connection errors, 502-504, 429, timeouts),
// which is waited for as long as the outage budget.
func answered(err error) bool {
	var nerr net.Error
	if errors.As(err, &nerr) || brokenConnection(err) || apierrors.IsServiceUnavailable(err) || apierrors.IsTooManyRequests(err) ||
		apierrors.IsServerTimeout(err) || apierrors.IsTimeout(err) {
		return false
	}
	var s apierrors.APIStatus
	if errors.As(err, &s) && (s.Status().Code == 502 || s.Status().Code == 503 || s.Status().Code == 504) {
		return false
	}
	var serr *statusError
	if errors.As(err, &serr) && serr.code != 500 {
		return false
	}
	return true
}

// brokenConnection reports a connection that ended mid-response (an API server going away):
// client-go wraps io.ErrUnexpectedEOF, HTTP/2 says "client connection lost".
func brokenConnection(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		strings.Contains(err.Error(), "connection lost") || strings.Contains(err.Error(), "connection reset")
}

func retriable(err error) bool {
	var nerr net.Error
	var serr *statusError
	return brokenConnection(err) || errors.As(err, &serr) || apierrors.IsConflict(err) || apierrors.IsInternalError(err) || apierrors.IsServerTimeout(err) ||
		apierrors.IsServiceUnavailable(err) || apierrors.IsTooManyRequests(err) || apierrors.IsTimeout(err) ||
		apierrors.IsUnexpectedServerError(err) || errors.As(err, &nerr) ||
		(func() bool { var s apierrors.APIStatus; return errors.As(err, &s) && s.Status().Code >= 500 })()
}
