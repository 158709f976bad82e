package kubernetes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
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

// RESTConfig returns the client configuration: the kubeconfig at path (with exec credential
// plugins, as kubectl), or $KUBECONFIG / ~/.kube/config when path is empty, or the in-cluster
// configuration when running in a pod with neither.
func RESTConfig(path string) (*rest.Config, error) {
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
}

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
	err = c.retry(ctx, func() error {
		var err error
		out, err = ri.Apply(ctx, obj.GetName(), obj, opts)
		return err
	})
	return out, err
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
	err = c.retry(ctx, func() error {
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
	return c.retry(ctx, func() error {
		_, err := ri.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{FieldManager: c.manager})
		return err
	})
}

// retry calls f again on the errors worth retrying (conflicts, 5xx, 429, timeouts, refused or
// broken connections) with back-off from 100 ms to 5 s, for as long as c.outage: an API server
// restarting or failing over for a minute is waited for, not reported as a failed deploy.
func (c *client) retry(ctx context.Context, f func() error) error {
	budget := c.outage
	if budget <= 0 {
		budget = defaultOutage
	}
	start := time.Now()
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || !retriable(err) || ctx.Err() != nil {
			return err
		}
		if answered(err) && attempt >= 5 {
			// The server is there and keeps giving the same answer (a 500 for a manifest it
			// cannot type, a conflict): that is the answer, not an outage.
			return fmt.Errorf("after %d attempts: %w", attempt, err)
		}
		if time.Since(start)+delay > budget {
			return fmt.Errorf("the API server failed for %s (%d attempts): %w", time.Since(start).Round(time.Second), attempt, err)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

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
