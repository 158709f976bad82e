package kubernetes

import (
	"context"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic"
)

// Cluster is the environment's namespace as a traffic provider sees it: what a provider used
// beside a rollout needs, such as a dark launch's gatewayapi.Mirrorer{Cluster: target.Cluster()}.
// Its writes, like the router's during a rollout, first confirm that this run still holds the
// environment's lease.
func (t *Target) Cluster() traffic.Cluster { return cluster{t} }

// cluster implements traffic.Cluster for a Target. The Target hands one to its router instead
// of implementing the interface itself, so that these methods, which are the providers' and
// nobody else's, are not part of the Target's API.
type cluster struct{ t *Target }

var _ traffic.Cluster = cluster{}

// Namespace implements traffic.Cluster.
func (c cluster) Namespace() string { return c.t.ns }

// Service implements traffic.Cluster: a copy of the manifests' Service.
func (c cluster) Service() *unstructured.Unstructured {
	if c.t.svc == nil {
		return nil
	}
	return c.t.svc.DeepCopy()
}

// Apply implements traffic.Cluster. Like every write a router makes (Patch, Scale), it first
// confirms that this run still holds the environment (confirmLease).
func (c cluster) Apply(ctx context.Context, obj *unstructured.Unstructured) error {
	if err := c.t.confirmLease(ctx); err != nil {
		return err
	}
	_, err := c.t.c.apply(ctx, c.t.ns, obj, false)
	return err
}

// Delete implements traffic.Cluster.
func (c cluster) Delete(ctx context.Context, apiVersion, kind, name string) error {
	return c.t.c.delete(ctx, c.t.ns, apiVersion, kind, name)
}

// Patch implements traffic.Cluster.
func (c cluster) Patch(ctx context.Context, apiVersion, kind, name string, mergePatch []byte) error {
	if err := c.t.confirmLease(ctx); err != nil {
		return err
	}
	_, err := c.t.c.mergePatch(ctx, c.t.ns, apiVersion, kind, name, mergePatch)
	return err
}

// Get implements traffic.Cluster.
func (c cluster) Get(ctx context.Context, apiVersion, kind, name string) (*unstructured.Unstructured, error) {
	return c.t.c.get(ctx, c.t.ns, apiVersion, kind, name)
}

// Scale implements traffic.Cluster (Target.scale).
func (c cluster) Scale(ctx context.Context, deployment string, n int32) error {
	return c.t.scale(ctx, deployment, n)
}

// Owns implements traffic.Cluster (Target.owns).
func (c cluster) Owns(name string) bool { return c.t.owns(name) }

// RevisionDeployment implements traffic.Cluster: <app>-<id>, as a canary's revision is named.
func (c cluster) RevisionDeployment(id string) string { return c.t.App() + "-" + id }
