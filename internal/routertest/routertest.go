// Package routertest is a greenlight.Target for tests built on the real local router
// (pkg/local/router): each revision is an HTTP server on 127.0.0.1 whose handler the test
// chooses per image, and every request goes through the router, which weights, mirrors and
// counts exactly as it does in the local target. It spares tests building and unpacking images.
package routertest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local/router"
)

// Target runs revisions behind a router. Its methods follow greenlight.Target's contract.
type Target struct {
	// Router is the real router every request goes through.
	Router *router.Router
	front  *httptest.Server
	serve  func(oci.Image) http.Handler

	mu       sync.Mutex
	stable   *greenlight.Revision
	canary   *greenlight.Revision
	weight   int
	previous *greenlight.Revision
	servers  map[string]*httptest.Server
}

// New returns a target whose revisions answer with serve(image). It stops when the test ends.
func New(t testing.TB, serve func(oci.Image) http.Handler) *Target {
	tg := &Target{Router: router.New(), serve: serve, servers: map[string]*httptest.Server{}}
	tg.front = httptest.NewServer(tg.Router)
	t.Cleanup(func() {
		tg.front.Close()
		tg.Router.Close()
		tg.mu.Lock()
		defer tg.mu.Unlock()
		for _, s := range tg.servers {
			s.Close()
		}
	})
	return tg
}

// URL is where clients reach the service through the router.
func (t *Target) URL() string { return t.front.URL }

func cp(r *greenlight.Revision) *greenlight.Revision {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

// State implements greenlight.Target.
func (t *Target) State(context.Context) (greenlight.State, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := greenlight.State{Stable: cp(t.stable), Canary: cp(t.canary), CanaryWeight: t.weight, Previous: cp(t.previous)}
	if t.previous != nil {
		st.PreviousWarm = t.servers[t.previous.ID] != nil
	}
	return st, nil
}

// Start implements greenlight.Target.
func (t *Target) Start(_ context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := img.Image().Short()
	if s := t.servers[id]; s != nil {
		return greenlight.Revision{ID: id, Image: img.Image(), URL: s.URL, Started: time.Now()}, nil
	}
	s := httptest.NewServer(t.serve(img.Image()))
	if err := t.Router.Add(id, s.URL); err != nil {
		s.Close()
		return greenlight.Revision{}, err
	}
	t.servers[id] = s
	return greenlight.Revision{ID: id, Image: img.Image(), URL: s.URL, Started: time.Now()}, nil
}

// SetCanaryWeight implements greenlight.Target. It returns the canary's share in the router's
// new split.
func (t *Target) SetCanaryWeight(_ context.Context, rev greenlight.Revision, percent int) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stable == nil {
		return 0, fmt.Errorf("no stable revision")
	}
	if err := t.Router.SetWeights(map[string]int{t.stable.ID: 100 - percent, rev.ID: percent}); err != nil {
		return 0, err
	}
	t.canary, t.weight = cp(&rev), t.Router.Weights()[rev.ID]
	return t.weight, nil
}

// Promote implements greenlight.Target.
func (t *Target) Promote(_ context.Context, rev greenlight.Revision) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.Router.SetWeights(map[string]int{rev.ID: 100}); err != nil {
		return err
	}
	if t.stable != nil && t.stable.ID != rev.ID {
		t.previous = t.stable
	}
	t.stable, t.canary, t.weight = cp(&rev), nil, 0
	return nil
}

// Abort implements greenlight.Target.
func (t *Target) Abort(ctx context.Context, rev greenlight.Revision) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stable != nil && t.stable.ID == rev.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", rev.ID)
	}
	if t.stable != nil {
		if err := t.Router.SetWeights(map[string]int{t.stable.ID: 100}); err != nil {
			return err
		}
	}
	t.canary, t.weight = nil, 0
	t.stop(ctx, rev.ID)
	return nil
}

func (t *Target) stop(ctx context.Context, id string) {
	if s := t.servers[id]; s != nil {
		t.Router.Remove(ctx, id)
		s.Close()
		delete(t.servers, id)
	}
}

// Rollback implements greenlight.Target.
func (t *Target) Rollback(ctx context.Context) (greenlight.Revision, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.previous == nil {
		return greenlight.Revision{}, fmt.Errorf("no previous revision")
	}
	if t.servers[t.previous.ID] == nil {
		return greenlight.Revision{}, fmt.Errorf("previous revision %s is not running", t.previous.ID)
	}
	if err := t.Router.SetWeights(map[string]int{t.previous.ID: 100}); err != nil {
		return greenlight.Revision{}, err
	}
	old := t.stable
	t.stable, t.previous = t.previous, nil
	if old != nil {
		t.stop(ctx, old.ID)
	}
	return *t.stable, nil
}

// Preflight implements greenlight.Metrics: the router counts every request itself.
func (t *Target) Preflight(context.Context, greenlight.Revision) error { return nil }

// Sample implements greenlight.Metrics with the router's counts.
func (t *Target) Sample(_ context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	w, err := t.Router.Sample(rev.ID, since)
	if err != nil {
		return analysis.Sample{}, err
	}
	return analysis.Sample{Requests: w.Requests, Errors: w.Errors, P50: w.P50, P99: w.P99}, nil
}

// Trust is a oci.Verifier for tests that accepts every image: the signature path has
// tests of its own (pkg/sign).
type Trust struct{}

// Verify implements oci.Verifier.
func (Trust) Verify(_ context.Context, img oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: img.Repo() + ":test.sig", KeyID: "test"}, nil
}

// Image returns a digest-pinned image whose digest is made from name.
func Image(t testing.TB, name string) oci.Image {
	img, err := oci.NewImage("127.0.0.1:5000/test/svc", fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(name))), name)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// Versioned answers 200 with the image's tag in X-Version, or 500 when failing is true.
func Versioned(failing func(oci.Image) bool) func(oci.Image) http.Handler {
	return func(img oci.Image) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Version", img.Tag())
			if failing != nil && failing(img) {
				http.Error(w, "broken", http.StatusInternalServerError)
				return
			}
			fmt.Fprintln(w, "hello from", img.Tag())
		})
	}
}
