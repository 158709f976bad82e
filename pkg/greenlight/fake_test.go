package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// fakeTarget is an in-memory Target for engine tests: it keeps weights like a router would and
// serves metrics that the test sets per revision.
type fakeTarget struct {
	outside  []string // switches made outside the choke point
	mu       sync.Mutex
	stable   *Revision
	canary   *Revision
	weight   int
	previous *Revision
	running  map[string]bool
	samples  map[string]analysis.Sample // by revision ID, what Sample returns
	startErr error
	// promoteErr makes Promote fail half way: the canary's weight goes up, then the error.
	promoteErr error
	log        []string
	onWeight   func(int) // called after SetCanaryWeight
}

func newFakeTarget() *fakeTarget {
	return &fakeTarget{running: map[string]bool{}, samples: map[string]analysis.Sample{}}
}

func (f *fakeTarget) State(ctx context.Context) (State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := State{Stable: cp(f.stable), Canary: cp(f.canary), CanaryWeight: f.weight, Previous: cp(f.previous)}
	if f.previous != nil {
		st.PreviousWarm = f.running[f.previous.ID]
	}
	return st, nil
}

func cp(r *Revision) *Revision {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

func (f *fakeTarget) Start(ctx context.Context, img SignedImage) (Revision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.startErr != nil {
		return Revision{}, f.startErr
	}
	r := Revision{ID: img.Image().Short(), Image: img.Image(), URL: "http://127.0.0.1:1", Started: time.Now()}
	f.running[r.ID] = true
	f.log = append(f.log, "start "+r.ID)
	return r, nil
}

func (f *fakeTarget) SetCanaryWeight(ctx context.Context, rev Revision, p int) (int, error) {
	f.checkMove(ctx, "SetCanaryWeight")
	f.mu.Lock()
	f.canary, f.weight = &rev, p
	f.log = append(f.log, fmt.Sprintf("weight %s %d", rev.ID, p))
	cb := f.onWeight
	f.mu.Unlock()
	if cb != nil {
		cb(p)
	}
	return p, nil
}

func (f *fakeTarget) Promote(ctx context.Context, rev Revision) error {
	f.checkMove(ctx, "Promote")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stable != nil && f.stable.ID == rev.ID {
		return nil // already stable: nothing to do, as a real target
	}
	if f.promoteErr != nil {
		f.weight = 75
		return f.promoteErr
	}
	f.previous, f.stable, f.canary, f.weight = f.stable, &rev, nil, 0
	f.log = append(f.log, "promote "+rev.ID)
	return nil
}

func (f *fakeTarget) Abort(ctx context.Context, rev Revision) error {
	f.checkMove(ctx, "Abort")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stable != nil && f.stable.ID == rev.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", rev.ID)
	}
	if f.canary != nil && f.canary.ID == rev.ID {
		f.canary, f.weight = nil, 0
	}
	f.running[rev.ID] = false
	f.log = append(f.log, "abort "+rev.ID)
	return nil
}

func (f *fakeTarget) Rollback(ctx context.Context) (Revision, error) {
	f.checkMove(ctx, "Rollback")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.previous == nil {
		return Revision{}, errors.New("no previous")
	}
	f.stable, f.previous, f.canary, f.weight = f.previous, nil, nil, 0
	f.log = append(f.log, "rollback "+f.stable.ID)
	return *f.stable, nil
}

func (f *fakeTarget) Preflight(ctx context.Context, stable Revision) error { return nil }

func (f *fakeTarget) Sample(ctx context.Context, rev Revision, since time.Time) (analysis.Sample, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.samples[rev.ID], nil
}

func (f *fakeTarget) setSample(id string, s analysis.Sample) {
	f.mu.Lock()
	f.samples[id] = s
	f.mu.Unlock()
}

func (f *fakeTarget) events() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.log, "; ")
}

// fakeSigning is a Signer and Verifier backed by a map, standing in for a registry.
type fakeSigning struct {
	mu     sync.Mutex
	signed map[string]bool
	key    string
}

func newFakeSigning(key string) *fakeSigning {
	return &fakeSigning{signed: map[string]bool{}, key: key}
}

func (s *fakeSigning) Sign(ctx context.Context, img oci.Image) (oci.Signature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signed[img.Digest()] = true
	return oci.Signature{Ref: img.Repo() + ":sig", KeyID: s.key}, nil
}
func (s *fakeSigning) Verifier() oci.Verifier { return s }
func (s *fakeSigning) Verify(ctx context.Context, img oci.Image) (oci.Signature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.signed[img.Digest()] {
		return oci.Signature{}, fmt.Errorf("no signature by %s for %s", s.key, img.Short())
	}
	return oci.Signature{Ref: img.Repo() + ":sig", KeyID: s.key}, nil
}
func (s *fakeSigning) revoke(img oci.Image) {
	s.mu.Lock()
	delete(s.signed, img.Digest())
	s.mu.Unlock()
}

type imageBuilder struct{ img oci.Image }

func (b imageBuilder) Build(ctx context.Context, log runlog.Logger) (oci.Image, error) {
	log.Logf("built %s", b.img)
	return b.img, nil
}

func testImage(n int) oci.Image {
	img, err := oci.NewImage("registry.test/acme/hello", fmt.Sprintf("sha256:%012x%052x", n, n), fmt.Sprintf("v%d", n))
	if err != nil {
		panic(err)
	}
	return img
}

// checkMove records a switch made outside the engine's choke point.
func (f *fakeTarget) checkMove(ctx context.Context, what string) {
	if ctx.Value(inMoveKey{}) == nil {
		f.mu.Lock()
		f.outside = append(f.outside, what)
		f.mu.Unlock()
	}
}
