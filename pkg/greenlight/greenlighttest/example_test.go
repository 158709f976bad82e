package greenlighttest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
)

// store is where storeTarget keeps what runs: it outlives any one Target value, as a cluster or
// a file would, so a new Target value over it reads the same State after a crash.
type store struct {
	mu                       sync.Mutex
	stable, canary, previous *greenlight.Revision
	weight                   int
}

// storeTarget is a target whose state lives in a store. It splits traffic in steps of 5 %, as
// a target with 20 replicas would.
type storeTarget struct{ s *store }

func (t storeTarget) State(context.Context) (greenlight.State, error) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	return greenlight.State{Stable: t.s.stable, Canary: t.s.canary, CanaryWeight: t.s.weight, Previous: t.s.previous}, nil
}

func (t storeTarget) Start(_ context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{ID: img.Image().Short(), Image: img.Image()}, nil
}

func (t storeTarget) SetCanaryWeight(_ context.Context, r greenlight.Revision, percent int) (int, error) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.s.stable == nil {
		return 0, errors.New("a canary needs a stable revision beside it")
	}
	w := min((percent+2)/5*5, 95) // whole replicas out of 20, at least one left on stable
	if percent > 0 {
		w = max(w, 5) // at least one replica for any share above 0
	}
	t.s.canary, t.s.weight = &r, w
	return w, nil
}

func (t storeTarget) Promote(_ context.Context, r greenlight.Revision) error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.s.stable == nil || t.s.stable.ID != r.ID {
		t.s.stable, t.s.previous, t.s.canary, t.s.weight = &r, t.s.stable, nil, 0
	}
	return nil
}

func (t storeTarget) Abort(_ context.Context, r greenlight.Revision) error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.s.stable != nil && t.s.stable.ID == r.ID {
		return fmt.Errorf("%s is the stable revision: use Rollback", r.ID)
	}
	if t.s.canary != nil && t.s.canary.ID == r.ID {
		t.s.canary, t.s.weight = nil, 0
	}
	return nil
}

func (t storeTarget) Rollback(context.Context) (greenlight.Revision, error) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.s.previous == nil {
		return greenlight.Revision{}, errors.New("no previous revision")
	}
	t.s.stable, t.s.previous, t.s.canary, t.s.weight = t.s.previous, nil, nil, 0
	return *t.s.stable, nil
}

// conforms is the test a target's package writes: each subtest gets an empty target, and a
// reopen function that makes a new Target value over the same store. The weights it reports
// may be up to 4 points from those asked for (whole replicas out of 20).
func conforms(t *testing.T) {
	greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		s := &store{}
		return storeTarget{s}, func(*testing.T) greenlight.Target { return storeTarget{s} }
	}, greenlighttest.WithRounding(4))
}

// TestStoreTargetConforms runs the example's suite, so that what it shows is checked.
func TestStoreTargetConforms(t *testing.T) { conforms(t) }

// A target's own test runs the suite from a test function: here conforms, for storeTarget
// (the test, TestStoreTargetConforms, calls it). A target that pulls what it runs supplies
// images it can pull with WithImages, signed with Sign.
func ExampleTarget() {
	// func TestStoreTargetConforms(t *testing.T) {
	//	greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
	//		s := &store{}
	//		return storeTarget{s}, func(*testing.T) greenlight.Target { return storeTarget{s} }
	//	}, greenlighttest.WithRounding(4))
	// }
	_ = conforms
}

// Describe is how the suite's failures show a target's State.
func ExampleDescribe() {
	img, _ := oci.NewImage("registry.test/acme/hello", "sha256:"+fmt.Sprintf("%064x", 1), "v1")
	next, _ := oci.NewImage("registry.test/acme/hello", "sha256:"+fmt.Sprintf("%064x", 2), "v2")
	st := greenlight.State{
		Stable:       &greenlight.Revision{ID: "blue", Image: img},
		Canary:       &greenlight.Revision{ID: "green", Image: next},
		CanaryWeight: 25,
	}
	fmt.Println(greenlighttest.Describe(st))
	// Output: stable blue (v1), canary green (v2) at 25%, previous none
}

// FileTarget, the target of the end-to-end tests of `greenlight run`, keeps the contract; a new
// value over the same file is the process after a crash.
func TestFileTarget(t *testing.T) {
	greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		path := filepath.Join(t.TempDir(), "production.json")
		return &greenlighttest.FileTarget{Path: path}, func(*testing.T) greenlight.Target { return &greenlighttest.FileTarget{Path: path} }
	})
}
