package main

// Zero downtime: failed requests at a steady load during deploy, canary, promote and rollback,
// per strategy, beside kubectl apply + rollout status + rollout undo.
//
// The test cluster's pods are kwok's (no containers run), so requests cannot really be served.
// The load is a model of the data plane driven by the real control plane: a watcher keeps the
// Services' EndpointSlices, the pods and the HTTPRoute as kube-proxy and a gateway would see
// them, and each request picks a backend (by the route's weights when there is a route), then
// one of its endpoints marked ready, round robin. It fails when there is no ready endpoint or
// when the endpoint's pod is already deleted (kube-proxy lags the pod's end). A request sent to
// a pod that is terminating but not yet deleted is counted apart: a pod that drains on SIGTERM
// serves it; one that exits at once does not. The figure counts what Greenlight's ordering of
// changes does to availability; it does not measure a proxy.

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
)

type endpoint struct {
	pod   string
	ready bool
}

type dataPlane struct {
	mu     sync.Mutex
	slices map[string][]endpoint // slice name → endpoints
	owner  map[string]string     // slice name → service
	pods   map[string]int        // pod → podAlive, podTerminating (absent: gone)
	route  map[string]int64      // service → weight; nil: no route
	rr     atomic.Uint64

	sent, failed, terminating atomic.Int64
}

const (
	podAlive = iota + 1
	podTerminating
)

var (
	gvrSlices = schema.GroupVersionResource{Group: "discovery.k8s.io", Version: "v1", Resource: "endpointslices"}
	gvrPods   = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	gvrRoutes = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}
)

// watchAll keeps the data plane's view of ns current until ctx ends.
func (d *dataPlane) watchAll(ctx context.Context, cfg *rest.Config, ns string, withRoute bool) error {
	dc, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	kinds := []schema.GroupVersionResource{gvrSlices, gvrPods}
	if withRoute {
		kinds = append(kinds, gvrRoutes)
	}
	ready := make(chan struct{}, len(kinds))
	for _, gvr := range kinds {
		go d.watch(ctx, dc.Resource(gvr).Namespace(ns), gvr, ready)
	}
	for range kinds {
		select {
		case <-ready:
		case <-time.After(30 * time.Second):
			return fmt.Errorf("watching %s: no initial list", ns)
		}
	}
	return nil
}

func (d *dataPlane) watch(ctx context.Context, ri dynamic.ResourceInterface, gvr schema.GroupVersionResource, ready chan<- struct{}) {
	first := true
	for ctx.Err() == nil {
		l, err := ri.List(ctx, metav1.ListOptions{})
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		for i := range l.Items {
			d.update(gvr, watch.Added, &l.Items[i])
		}
		if first {
			ready <- struct{}{}
			first = false
		}
		w, err := ri.Watch(ctx, metav1.ListOptions{ResourceVersion: l.GetResourceVersion()})
		if err != nil {
			continue
		}
		for ev := range w.ResultChan() {
			if o, ok := ev.Object.(*unstructured.Unstructured); ok {
				d.update(gvr, ev.Type, o)
			}
		}
	}
}

func (d *dataPlane) update(gvr schema.GroupVersionResource, t watch.EventType, o *unstructured.Unstructured) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch gvr {
	case gvrPods:
		switch {
		case t == watch.Deleted:
			delete(d.pods, o.GetName())
		case o.GetDeletionTimestamp() != nil:
			d.pods[o.GetName()] = podTerminating
		default:
			d.pods[o.GetName()] = podAlive
		}
	case gvrSlices:
		if t == watch.Deleted {
			delete(d.slices, o.GetName())
			return
		}
		d.owner[o.GetName()] = o.GetLabels()["kubernetes.io/service-name"]
		eps, _, _ := unstructured.NestedSlice(o.Object, "endpoints")
		var out []endpoint
		for _, e := range eps {
			m := e.(map[string]any)
			pod, _, _ := unstructured.NestedString(m, "targetRef", "name")
			r, found, _ := unstructured.NestedBool(m, "conditions", "ready")
			out = append(out, endpoint{pod: pod, ready: r || !found})
		}
		d.slices[o.GetName()] = out
	case gvrRoutes:
		rules, _, _ := unstructured.NestedSlice(o.Object, "spec", "rules")
		w := map[string]int64{}
		if len(rules) > 0 {
			refs, _ := rules[0].(map[string]any)["backendRefs"].([]any)
			for _, r := range refs {
				m := r.(map[string]any)
				wt, ok := m["weight"].(int64)
				if !ok {
					wt = 1
				}
				w[m["name"].(string)] = wt
			}
		}
		d.route = w
	}
}

// request routes one request and says which pod state it reached (0: none, or a pod gone).
func (d *dataPlane) request(service string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.rr.Add(1)
	if d.route != nil {
		var total int64
		for _, w := range d.route {
			total += w
		}
		if total == 0 {
			return 0
		}
		pick := int64(n*7919) % total // spread over the weights, deterministic
		for s, w := range d.route {
			if pick < w {
				service = s
				break
			}
			pick -= w
		}
	}
	var ready []string
	for name, eps := range d.slices {
		if d.owner[name] != service {
			continue
		}
		for _, e := range eps {
			if e.ready {
				ready = append(ready, e.pod)
			}
		}
	}
	if len(ready) == 0 {
		return 0
	}
	return d.pods[ready[int(n)%len(ready)]]
}

// load sends requests at rate per second to service until stop is closed and at least min
// were sent.
func (d *dataPlane) load(service string, rate, min int, stop <-chan struct{}) {
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	stopped := false
	for {
		select {
		case <-stop:
			stopped = true
			stop = nil
		case <-tick.C:
			d.sent.Add(1)
			switch d.request(service) {
			case 0:
				d.failed.Add(1)
			case podTerminating:
				d.terminating.Add(1)
			}
		}
		if stopped && d.sent.Load() >= int64(min) {
			return
		}
	}
}

func newDataPlane() *dataPlane {
	return &dataPlane{slices: map[string][]endpoint{}, owner: map[string]string{}, pods: map[string]int{}}
}

// loadResult is what a load saw.
type loadResult struct{ sent, failed, terminating int64 }

// underLoad runs ops with the load running.
func underLoad(cfg *rest.Config, ns string, withRoute bool, rate, min int, ops func() error) (loadResult, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := newDataPlane()
	if err := d.watchAll(ctx, cfg, ns, withRoute); err != nil {
		return loadResult{}, err
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { d.load("hello", rate, min, stop); close(done) }()
	err := ops()
	close(stop)
	<-done
	return loadResult{d.sent.Load(), d.failed.Load(), d.terminating.Load()}, err
}
