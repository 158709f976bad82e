package kubernetes

import (
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// A pod being deleted is taken out of its Service's EndpointSlices at once, but every
// kube-proxy, ingress controller and gateway learns it a little later. A container that stops
// on SIGTERM right away refuses the requests sent to it in between: that is the error count of
// a plain `kubectl rollout` on a real cluster. The drain closes the gap the usual way: a
// lifecycle.preStop sleep (Kubernetes' native sleep action, no sleep binary needed in the
// image), during which the container keeps serving while the endpoint's removal spreads, and
// only then SIGTERM.

// DefaultDrain is the preStop sleep Greenlight gives a container whose manifest has none:
// enough for kube-proxy and common gateways to stop sending to the endpoint.
const DefaultDrain = 10 * time.Second

// defaultShutdown is what the pod gets after the drain when the manifest sets no
// terminationGracePeriodSeconds: Kubernetes' own default grace period.
const defaultShutdown = 30

// WithDrain sets the graceful drain Greenlight gives each container it deploys that has no
// lifecycle.preStop of its own: a preStop sleep of d (default 10 s), so that a pod being
// replaced keeps serving until every proxy has stopped sending it requests. When the manifest
// sets no terminationGracePeriodSeconds, the pod gets d plus Kubernetes' default 30 s; a grace
// period the manifest sets is kept, and the sleep is then at most half of it (the other half is
// the application's, after SIGTERM). A container's own preStop is never replaced. 0 switches
// the drain off. The sleep action needs Kubernetes 1.30 or later (beta there, GA in 1.34).
func WithDrain(d time.Duration) Option { return func(t *Target) { t.drain = max(d, 0) } }

// addDrain gives dep's containers the drain (see WithDrain).
func addDrain(dep *unstructured.Unstructured, drain time.Duration) {
	secs := int64((drain + time.Second - 1) / time.Second)
	if secs <= 0 {
		return
	}
	pod := []string{"spec", "template", "spec"}
	grace, hasGrace, _ := unstructured.NestedInt64(dep.Object, append(pod, "terminationGracePeriodSeconds")...)
	if hasGrace {
		secs = min(secs, grace/2)
		if secs <= 0 {
			return // a grace period of a second or none: the manifest wants its pods stopped now
		}
	}
	cs, _, _ := unstructured.NestedSlice(dep.Object, append(pod, "containers")...)
	added := false
	for _, c := range cs {
		cm, ok := c.(map[string]any)
		if !ok {
			continue
		}
		if _, has, _ := unstructured.NestedFieldNoCopy(cm, "lifecycle", "preStop"); has {
			continue // the container's own
		}
		unstructured.SetNestedField(cm, map[string]any{"sleep": map[string]any{"seconds": secs}}, "lifecycle", "preStop")
		added = true
	}
	if !added {
		return
	}
	unstructured.SetNestedSlice(dep.Object, cs, append(pod, "containers")...)
	if !hasGrace {
		unstructured.SetNestedField(dep.Object, secs+defaultShutdown, append(pod, "terminationGracePeriodSeconds")...)
	}
}
