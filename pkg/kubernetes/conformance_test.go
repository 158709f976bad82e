package kubernetes_test

import (
	"testing"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
)

// The Kubernetes target keeps the contract every target keeps, on the test control plane, with
// each traffic router: each subtest gets a namespace of its own, and after the crash a new
// Target over the same namespace reads the state Greenlight recorded there and carries on.
func TestTargetConforms(t *testing.T) {
	cfg := k8senv.Config(t)
	m := manifests(t, "production")
	suite := func(t *testing.T, s kubernetes.Strategy, opts ...greenlighttest.Option) {
		greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
			ns := k8senv.Namespace(t, cfg)
			tgt := target(t, cfg, ns, m, s)
			t.Cleanup(func() { tgt.Close() }) // a canary left holds the environment's lease
			return tgt, func(t *testing.T) greenlight.Target {
				// A crashed run's lease lapses after its duration (30 s) and the next run takes
				// it; giving it back stands in for that wait.
				tgt.Close()
				again := target(t, cfg, ns, m, s)
				t.Cleanup(func() { again.Close() })
				return again
			}
		}, append([]greenlighttest.Option{greenlighttest.WithImages(images)}, opts...)...)
	}
	// production runs 4 replicas: the replica ratio splits in steps of 25 %.
	t.Run("replicas", func(t *testing.T) {
		suite(t, kubernetes.Canary{Traffic: replicas.New()}, greenlighttest.WithRounding(24))
	})
	t.Run("gatewayapi", func(t *testing.T) { suite(t, kubernetes.Canary{Traffic: gatewayapi.New("hello")}) })
}
