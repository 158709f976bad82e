// Package traffic is the interface between the Kubernetes target and the ways of splitting a
// service's traffic between two revisions. Each provider is a sub-package: selector (the
// Service's selector, all or nothing: blue/green), replicas (the ratio of ready pods under one
// Service) and gatewayapi (HTTPRoute backendRef weights). Istio or NGINX would be one more.
package traffic

import (
	"context"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Backend is one revision of the service as a provider sees it.
type Backend struct {
	// ID is the revision's identifier; its pods carry the label RevisionLabel=ID.
	ID string
	// Deployment is the name of the revision's Deployment.
	Deployment string
	// Replicas is how many pods the revision runs with all the traffic.
	Replicas int32
}

// RevisionLabel marks the pods (and Deployments) of one revision.
const RevisionLabel = "greenlight.dev/revision"

// Cluster is what a provider may do in the environment's namespace.
type Cluster interface {
	Namespace() string
	// Apply server-side applies obj (field manager greenlight).
	Apply(ctx context.Context, obj *unstructured.Unstructured) error
	// Delete removes an object if it exists.
	Delete(ctx context.Context, apiVersion, kind, name string) error
	// Patch sends a JSON merge patch (RFC 7386) by field manager greenlight; a conflict on the
	// resourceVersion in the patch is returned, not retried.
	Patch(ctx context.Context, apiVersion, kind, name string, mergePatch []byte) error
	// Get reads an object.
	Get(ctx context.Context, apiVersion, kind, name string) (*unstructured.Unstructured, error)
	// Scale sets a Deployment's replicas and waits until they are all ready.
	Scale(ctx context.Context, deployment string, replicas int32) error
	// Service is the service's Service from the manifests (a copy), with the app selector.
	Service() *unstructured.Unstructured
	// Owns reports whether a Service or Deployment name is the app's own: exactly the app's
	// name, or the app's name, a dash and the ID of a revision Greenlight recorded. A name that
	// only starts with the app's (hello-docs, hello-worker) belongs to someone else.
	Owns(name string) bool
	// RevisionDeployment is the name of the Deployment of the revision with ID id (the app's
	// name, a dash and id).
	RevisionDeployment(id string) string
}

// Router splits traffic between the stable revision and a canary.
type Router interface {
	// Name says which provider this is, for messages.
	Name() string
	// Prepare readies a new revision before it takes traffic, and returns how many replicas it
	// starts with (0 if it starts only when it gets traffic).
	Prepare(ctx context.Context, c Cluster, b Backend) (replicas int32, err error)
	// Route sends percent (0–100) of the traffic to canary and the rest to stable, and returns
	// the share the canary really gets (providers that split by pods round it). A nil canary
	// means all traffic to stable.
	Route(ctx context.Context, c Cluster, stable Backend, canary *Backend, percent int) (int, error)
	// Release removes what Prepare made for b once b takes no traffic.
	Release(ctx context.Context, c Cluster, b Backend) error
}
