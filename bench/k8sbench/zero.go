package main

// Zero downtime: failed requests at a steady load during deploy, canary, promote and rollback,
// per strategy, beside kubectl apply + rollout status + rollout undo.
//
// The test cluster's pods are kwok's (no containers run), so requests cannot really be served.
// The load is a model of the data plane driven by the real control plane: a watcher keeps the
// Services' EndpointSlices, the pods and the HTTPRoute as kube-proxy and a gateway would see
// them, and each request picks a backend (by the route's weights when there is a route), then
// one of its endpoints marked ready, round robin. It fails when there is no ready endpoint or
// when the endpoint's pod no longer serves.
//
// When a pod serves is read from its spec, as a kubelet runs it, not from kwok: kwok deletes a
// pod the moment it gets a deletionTimestamp (its "fast" pod-delete stage ignores the grace
// period), where a kubelet first runs the containers' preStop hooks, then sends SIGTERM, and
// removes the pod once they exit. So the model notes when a pod's deletion was asked (when the
// watch first sees its deletionTimestamp; for a pod already terminating when the watch starts,
// deletionTimestamp minus deletionGracePeriodSeconds), and keeps it serving, past kwok's
// deletion, until its serving container's preStop sleep ends (the sleep action, or an exec of
// `sleep N`; any other hook counts as 0 s), capped by the grace period. Then the container gets
// SIGTERM, and the model's application, like most, stops accepting connections at once: a
// request sent to the pod after that fails. Requests a pod served between its deletion and its
// SIGTERM are counted apart ("served in drain"): they are the ones a preStop drain saves.
// The figure counts what the order of Greenlight's changes, and the pod spec it applies, do to
// availability; it does not measure a proxy, and the model's proxy learns an endpoint's removal
// as fast as the watch (a real kube-proxy is slower, which a drain of 10 s covers).

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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

// podLife is when a pod serves: from its creation until its serving container gets SIGTERM.
type podLife struct {
	deleting time.Time // when its deletion was asked; zero while it is not being deleted
	sigterm  time.Time // when its preStop ended (or its grace period did) and SIGTERM came
}

type dataPlane struct {
	mu     sync.Mutex
	slices map[string][]endpoint // slice name → endpoints
	owner  map[string]string     // slice name → service
	pods   map[string]*podLife   // absent: never seen, or removed without being deleted first
	route  map[string]int64      // service → weight; nil: no route
	rr     atomic.Uint64

	sent, failed, drained atomic.Int64
}

// What a request met.
const (
	failed = iota
	served
	servedInDrain
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
			d.update(gvr, watch.Added, &l.Items[i], true)
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
				d.update(gvr, ev.Type, o, false)
			}
		}
	}
}

func (d *dataPlane) update(gvr schema.GroupVersionResource, t watch.EventType, o *unstructured.Unstructured, initial bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch gvr {
	case gvrPods:
		name := o.GetName()
		p := d.pods[name]
		if p == nil {
			p = &podLife{}
			d.pods[name] = p
		}
		switch {
		case !p.deleting.IsZero():
			// its end was fixed when its deletion was first seen; kwok's immediate removal
			// (watch.Deleted) does not end a container that is still in its preStop sleep
		case o.GetDeletionTimestamp() != nil:
			p.deleting = time.Now()
			grace := podGrace(o)
			if initial {
				// terminating before the watch started: its deletion was asked grace ago
				p.deleting = o.GetDeletionTimestamp().Add(-grace)
			}
			p.sigterm = p.deleting.Add(min(preStopSleep(o), grace))
		case t == watch.Deleted:
			p.deleting, p.sigterm = time.Now(), time.Now() // removed without a graceful deletion
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

// request routes one request and says what it met.
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
			return failed
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
		return failed
	}
	p := d.pods[ready[int(n)%len(ready)]]
	switch {
	case p == nil:
		return failed
	case p.deleting.IsZero():
		return served
	case time.Now().Before(p.sigterm):
		return servedInDrain
	}
	return failed
}

// podGrace is the grace period the kubelet gives pod: the deletion's, or the pod's own
// (defaulted by the API server to 30 s).
func podGrace(o *unstructured.Unstructured) time.Duration {
	if g := o.GetDeletionGracePeriodSeconds(); g != nil && *g > 0 {
		return time.Duration(*g) * time.Second
	}
	if g, found, _ := unstructured.NestedInt64(o.Object, "spec", "terminationGracePeriodSeconds"); found {
		return time.Duration(g) * time.Second
	}
	return 30 * time.Second
}

// preStopSleep is how long the preStop hook of pod's serving container (the first one with a
// port) keeps it up: the sleep action's seconds, or an exec of sleep N; other hooks count as 0.
func preStopSleep(o *unstructured.Unstructured) time.Duration {
	cs, _, _ := unstructured.NestedSlice(o.Object, "spec", "containers")
	var c map[string]any
	for _, x := range cs {
		m, _ := x.(map[string]any)
		if ports, _ := m["ports"].([]any); len(ports) > 0 || c == nil {
			c = m
			if len(ports) > 0 {
				break
			}
		}
	}
	if secs, found, _ := unstructured.NestedInt64(c, "lifecycle", "preStop", "sleep", "seconds"); found {
		return time.Duration(secs) * time.Second
	}
	cmd, _, _ := unstructured.NestedStringSlice(c, "lifecycle", "preStop", "exec", "command")
	if f := strings.Fields(strings.Join(cmd, " ")); len(f) >= 2 && f[len(f)-2] == "sleep" {
		if n, err := strconv.Atoi(f[len(f)-1]); err == nil {
			return time.Duration(n) * time.Second
		}
	}
	return 0
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
			case failed:
				d.failed.Add(1)
			case servedInDrain:
				d.drained.Add(1)
			}
		}
		if stopped && d.sent.Load() >= int64(min) {
			return
		}
	}
}

func newDataPlane() *dataPlane {
	return &dataPlane{slices: map[string][]endpoint{}, owner: map[string]string{}, pods: map[string]*podLife{}}
}

// loadResult is what a load saw.
type loadResult struct{ sent, failed, drained int64 }

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
	return loadResult{d.sent.Load(), d.failed.Load(), d.drained.Load()}, err
}
