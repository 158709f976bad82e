// Package greenlighttest checks that a greenlight.Target keeps the contract the engine relies
// on. Target runs the suite: a first release, canary steps, promote, abort, rollback, the state
// a new Target value reads after a crash, and the weights SetCanaryWeight reports. Run it
// against every target, real or fake, so that a fake a test drives the engine with behaves as
// the real ones do.
//
// Each subtest gets a fresh, empty target from the caller and drives it only through the
// greenlight.Target interface, checking State after every move.
package greenlighttest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// NewTarget makes an empty target for one subtest (nothing released yet), cleaned up when t
// ends. reopen, when the target keeps its state outside the Target value (a cluster, a file),
// returns a new Target value over the same backing store, as the process restarted after a
// crash would make; nil when the state lives only in the value, and the crash subtest is then
// skipped.
type NewTarget func(t *testing.T) (tgt greenlight.Target, reopen func(t *testing.T) greenlight.Target)

// Option configures the suite.
type Option func(*config)

type config struct {
	images   func(t *testing.T, n int) []greenlight.SignedImage
	weights  []int
	rounding int
}

// WithImages sets how the suite gets its images: n distinct signed images the target can run
// (pushed to a registry it pulls from, for a target that pulls). The default is Images: made-up
// digests, for a target that runs nothing.
func WithImages(f func(t *testing.T, n int) []greenlight.SignedImage) Option {
	return func(c *config) { c.images = f }
}

// WithWeights sets the canary weights the weights subtest asks for, in order (default 1, 25,
// 33, 75, 99).
func WithWeights(percents ...int) Option { return func(c *config) { c.weights = percents } }

// WithRounding lets the weight that takes effect differ from the one asked for by up to points
// percentage points, for a target that can only split traffic coarsely (by replicas: with 4
// pods, 25 % steps). The default, 0, wants every weight exactly.
func WithRounding(points int) Option { return func(c *config) { c.rounding = points } }

// Target runs the conformance suite against the targets newTarget makes, one per subtest.
func Target(t *testing.T, newTarget NewTarget, opts ...Option) {
	c := config{images: Images, weights: []int{1, 25, 33, 75, 99}}
	for _, o := range opts {
		o(&c)
	}
	s := &suite{config: c, newTarget: newTarget}
	t.Run("first release", s.firstRelease)
	t.Run("canary steps", s.canarySteps)
	t.Run("promote", s.promote)
	t.Run("abort", s.abort)
	t.Run("rollback", s.rollback)
	t.Run("state after a crash", s.afterCrash)
	t.Run("weights reported", s.weightsReported)
}

type suite struct {
	config
	newTarget NewTarget
}

// Images returns n distinct signed images with made-up digests, for targets that run nothing.
func Images(t *testing.T, n int) []greenlight.SignedImage {
	t.Helper()
	imgs := make([]oci.Image, n)
	for i := range imgs {
		tag := fmt.Sprintf("v%d", i+1)
		img, err := oci.NewImage("registry.test/greenlighttest/svc", fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(t.Name()+"/"+tag))), tag)
		if err != nil {
			t.Fatal(err)
		}
		imgs[i] = img
	}
	return Sign(t, imgs...)
}

// Sign returns imgs as signed images, verified with Trust in a pipeline run of their own (P.Sign
// and P.Verify are the only ways to make a greenlight.SignedImage).
func Sign(t testing.TB, imgs ...oci.Image) []greenlight.SignedImage {
	t.Helper()
	var out []greenlight.SignedImage
	_, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		for _, img := range imgs {
			out = append(out, p.Verify(img, Trust{}))
		}
	})
	if err != nil {
		t.Fatalf("signing %d test images: %v", len(imgs), err)
	}
	return out
}

// Trust is a oci.Verifier for tests that accepts every image.
type Trust struct{}

// Verify implements oci.Verifier.
func (Trust) Verify(_ context.Context, img oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: img.Repo() + ":greenlighttest.sig", KeyID: "greenlighttest"}, nil
}

// Describe is st in one line, as the suite's failures show it: each revision's ID and image tag
// (or short digest), and the canary's weight.
func Describe(st greenlight.State) string {
	var b strings.Builder
	fmt.Fprintf(&b, "stable %s, canary %s", rev(st.Stable), rev(st.Canary))
	if st.Canary != nil || st.CanaryWeight != 0 {
		fmt.Fprintf(&b, " at %d%%", st.CanaryWeight)
	}
	fmt.Fprintf(&b, ", previous %s", rev(st.Previous))
	if st.Previous != nil && st.PreviousWarm {
		b.WriteString(" (warm)")
	}
	return b.String()
}

func rev(r *greenlight.Revision) string {
	if r == nil {
		return "none"
	}
	name := r.Image.Tag()
	if name == "" {
		name = r.Image.Short()
	}
	return r.ID + " (" + name + ")"
}

func (s *suite) state(t *testing.T, tgt greenlight.Target) greenlight.State {
	t.Helper()
	st, err := tgt.State(context.Background())
	if err != nil {
		t.Fatalf("State: %v", err)
	}
	return st
}

// want fails t unless st has stable, canary at weight (or no canary, when canary is nil) and
// previous (nil: none), each compared by ID and image digest.
func want(t *testing.T, when string, st greenlight.State, stable, canary *greenlight.Revision, weight int, previous *greenlight.Revision) {
	t.Helper()
	bad := !same(st.Stable, stable) || !same(st.Canary, canary) || !same(st.Previous, previous) || st.CanaryWeight != weight
	if bad {
		exp := greenlight.State{Stable: stable, Canary: canary, CanaryWeight: weight, Previous: previous}
		t.Fatalf("%s: State is %s; want %s", when, Describe(st), Describe(exp))
	}
}

func same(a, b *greenlight.Revision) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.Image.Digest() == b.Image.Digest()
}

// start starts img and checks the revision it returns.
func (s *suite) start(t *testing.T, tgt greenlight.Target, img greenlight.SignedImage) greenlight.Revision {
	t.Helper()
	r, err := tgt.Start(context.Background(), img)
	if err != nil {
		t.Fatalf("Start %s: %v", img.Image().Tag(), err)
	}
	if r.ID == "" || r.Image.Digest() != img.Image().Digest() {
		t.Fatalf("Start %s returned revision %q running %s; want an ID and the image started", img.Image().Tag(), r.ID, r.Image)
	}
	return r
}

// release makes img the stable revision of an empty target, as the engine's first release does.
func (s *suite) release(t *testing.T, tgt greenlight.Target, img greenlight.SignedImage) greenlight.Revision {
	t.Helper()
	r := s.start(t, tgt, img)
	if err := tgt.Promote(context.Background(), r); err != nil {
		t.Fatalf("Promote %s (the first release): %v", r.ID, err)
	}
	return r
}

// canary starts img beside the stable revision and gives it percent of the traffic.
func (s *suite) canary(t *testing.T, tgt greenlight.Target, img greenlight.SignedImage, percent int) (greenlight.Revision, int) {
	t.Helper()
	r := s.start(t, tgt, img)
	got := s.setWeight(t, tgt, r, percent)
	return r, got
}

// setWeight sets the canary's weight and checks the weight reported against what was asked.
func (s *suite) setWeight(t *testing.T, tgt greenlight.Target, r greenlight.Revision, percent int) int {
	t.Helper()
	got, err := tgt.SetCanaryWeight(context.Background(), r, percent)
	if err != nil {
		t.Fatalf("SetCanaryWeight %s %d%%: %v", r.ID, percent, err)
	}
	if got < 0 || got > 99 || got-percent > s.rounding || percent-got > s.rounding {
		t.Fatalf("SetCanaryWeight %s %d%% reported %d%% in effect; want 0–99 and within %d points of what was asked", r.ID, percent, got, s.rounding)
	}
	return got
}

// A first release on an empty target: nothing serves before it, Start routes nothing, and
// Promote makes the revision stable with no canary and nothing to roll back to.
func (s *suite) firstRelease(t *testing.T) {
	ctx := context.Background()
	tgt, _ := s.newTarget(t)
	imgs := s.images(t, 1)
	want(t, "an empty target", s.state(t, tgt), nil, nil, 0, nil)
	r := s.start(t, tgt, imgs[0])
	if st := s.state(t, tgt); st.Stable != nil || st.CanaryWeight != 0 {
		t.Fatalf("after Start of the first revision: State is %s; want no stable revision and no traffic on anything", Describe(st))
	}
	if err := tgt.Promote(ctx, r); err != nil {
		t.Fatalf("Promote %s: %v", r.ID, err)
	}
	want(t, "after the first release", s.state(t, tgt), &r, nil, 0, nil)
	if err := tgt.Promote(ctx, r); err != nil {
		t.Fatalf("Promote %s again (it is stable): %v; want nothing to do", r.ID, err)
	}
	want(t, "after promoting the stable revision again", s.state(t, tgt), &r, nil, 0, nil)
	if back, err := tgt.Rollback(ctx); err == nil {
		t.Fatalf("Rollback with no previous revision succeeded (returned %q); want an error", back.ID)
	}
	want(t, "after a refused Rollback", s.state(t, tgt), &r, nil, 0, nil)
}

// Canary steps: a revision started beside stable takes no traffic until SetCanaryWeight, and
// then exactly the weight SetCanaryWeight reports, while stable stays stable.
func (s *suite) canarySteps(t *testing.T) {
	tgt, _ := s.newTarget(t)
	imgs := s.images(t, 2)
	r1 := s.release(t, tgt, imgs[0])
	r2 := s.start(t, tgt, imgs[1])
	if st := s.state(t, tgt); !same(st.Stable, &r1) || st.CanaryWeight != 0 {
		t.Fatalf("after Start of a second revision: State is %s; want %s stable with all the traffic", Describe(st), rev(&r1))
	}
	for _, w := range []int{10, 50} {
		got := s.setWeight(t, tgt, r2, w)
		want(t, fmt.Sprintf("after SetCanaryWeight %d%% (reported %d%%)", w, got), s.state(t, tgt), &r1, &r2, got, nil)
	}
}

// Promote: the canary becomes stable with all the traffic, and the old stable revision becomes
// Previous; promoting it again changes nothing.
func (s *suite) promote(t *testing.T) {
	ctx := context.Background()
	tgt, _ := s.newTarget(t)
	imgs := s.images(t, 2)
	r1 := s.release(t, tgt, imgs[0])
	r2, _ := s.canary(t, tgt, imgs[1], 50)
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatalf("Promote %s: %v", r2.ID, err)
	}
	want(t, "after Promote", s.state(t, tgt), &r2, nil, 0, &r1)
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatalf("Promote %s again (it is stable): %v; want nothing to do", r2.ID, err)
	}
	want(t, "after promoting the stable revision again", s.state(t, tgt), &r2, nil, 0, &r1)
}

// Abort: all the traffic goes back to stable and the canary is gone; aborting it again does
// nothing, and aborting the stable revision is refused.
func (s *suite) abort(t *testing.T) {
	ctx := context.Background()
	tgt, _ := s.newTarget(t)
	imgs := s.images(t, 2)
	r1 := s.release(t, tgt, imgs[0])
	r2, _ := s.canary(t, tgt, imgs[1], 50)
	if err := tgt.Abort(ctx, r2); err != nil {
		t.Fatalf("Abort %s: %v", r2.ID, err)
	}
	want(t, "after Abort", s.state(t, tgt), &r1, nil, 0, nil)
	if err := tgt.Abort(ctx, r2); err != nil {
		t.Fatalf("Abort %s again (it is gone): %v; want nothing to do", r2.ID, err)
	}
	want(t, "after aborting it again", s.state(t, tgt), &r1, nil, 0, nil)
	if err := tgt.Abort(ctx, r1); err == nil {
		t.Fatalf("Abort of the stable revision %s succeeded; want an error (Rollback replaces stable)", r1.ID)
	}
	want(t, "after a refused Abort of stable", s.state(t, tgt), &r1, nil, 0, nil)
}

// Rollback: Previous becomes stable again, with all the traffic, and the revision it replaces
// is retired (it is not the new Previous).
func (s *suite) rollback(t *testing.T) {
	ctx := context.Background()
	tgt, _ := s.newTarget(t)
	imgs := s.images(t, 2)
	r1 := s.release(t, tgt, imgs[0])
	r2, _ := s.canary(t, tgt, imgs[1], 50)
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatalf("Promote %s: %v", r2.ID, err)
	}
	back, err := tgt.Rollback(ctx)
	if err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if !same(&back, &r1) {
		t.Fatalf("Rollback returned %s; want the previous revision %s", rev(&back), rev(&r1))
	}
	want(t, "after Rollback", s.state(t, tgt), &r1, nil, 0, nil)
}

// After a crash, a new Target value over the same backing store reports the same State, and
// carries on from it: it promotes the canary the old one left.
func (s *suite) afterCrash(t *testing.T) {
	ctx := context.Background()
	tgt, reopen := s.newTarget(t)
	if reopen == nil {
		t.Skip("the target keeps its state only in its Target value: nothing to reopen")
	}
	imgs := s.images(t, 3)
	r1 := s.release(t, tgt, imgs[0])
	r2, _ := s.canary(t, tgt, imgs[1], 50)
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatalf("Promote %s: %v", r2.ID, err)
	}
	r3, got := s.canary(t, tgt, imgs[2], 10)
	before := s.state(t, tgt)
	want(t, "before the crash", before, &r2, &r3, got, &r1)
	again := reopen(t)
	after := s.state(t, again)
	want(t, "read by a new Target value after the crash", after, &r2, &r3, got, &r1)
	if after.PreviousWarm != before.PreviousWarm {
		t.Fatalf("after the crash: State is %s; before it was %s", Describe(after), Describe(before))
	}
	if err := again.Promote(ctx, r3); err != nil {
		t.Fatalf("Promote %s by the new Target value: %v", r3.ID, err)
	}
	want(t, "after the new Target value promoted the canary", s.state(t, again), &r3, nil, 0, &r2)
}

// The weight SetCanaryWeight reports is the one State reports, step after step, including back
// down and to 0.
func (s *suite) weightsReported(t *testing.T) {
	tgt, _ := s.newTarget(t)
	imgs := s.images(t, 2)
	r1 := s.release(t, tgt, imgs[0])
	r2 := s.start(t, tgt, imgs[1])
	for _, w := range append(append([]int(nil), s.weights...), 10, 0) {
		got := s.setWeight(t, tgt, r2, w)
		want(t, fmt.Sprintf("after SetCanaryWeight %d%% (reported %d%%)", w, got), s.state(t, tgt), &r1, &r2, got, nil)
	}
}
