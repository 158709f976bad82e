package local

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// signed signs img the only way there is, through a pipeline's Sign stage.
func signed(t *testing.T, img oci.Image) greenlight.SignedImage {
	t.Helper()
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	var out greenlight.SignedImage
	if _, err := greenlight.Run(context.Background(), func(p *greenlight.P) { out = p.Sign(img, s) }); err != nil {
		t.Fatal(err)
	}
	return out
}

func newTarget(t *testing.T, opts ...Option) *Target {
	t.Helper()
	tgt, err := New("test", append([]Option{WithWorkDir(t.TempDir())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tgt.Close() })
	return tgt
}

func body(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestBlueGreenCanaryAndRollbackUnderLoad(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", ""))
	v2 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v2", ""))
	tgt := newTarget(t, WithEnv("GREETING=x"))
	ctx := context.Background()

	r1, err := tgt.Start(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	if w := tgt.Router().Weights(); len(w) != 0 {
		t.Fatalf("Start routed traffic: %v", w)
	}
	if err := tgt.Promote(ctx, r1); err != nil {
		t.Fatal(err)
	}
	if got := body(t, tgt.URL()); got != "hello from v1\n" {
		t.Fatalf("got %q", got)
	}

	gen := loadgen.Start(tgt.URL(), 400)
	time.Sleep(300 * time.Millisecond)
	r2, err := tgt.Start(ctx, v2)
	if err != nil {
		t.Fatal(err)
	}
	if got := body(t, r2.URL); got != "hello from v2\n" {
		t.Fatalf("direct URL of the new revision: %q", got)
	}
	if _, err := tgt.SetCanaryWeight(ctx, r2, 50); err != nil {
		t.Fatal(err)
	}
	st, _ := tgt.State(ctx)
	if st.Canary == nil || st.CanaryWeight != 50 || st.Stable.ID != r1.ID {
		t.Fatalf("state %+v", st)
	}
	time.Sleep(300 * time.Millisecond)
	if err := tgt.Promote(ctx, r2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	st, _ = tgt.State(ctx)
	if st.Stable.ID != r2.ID || st.Previous.ID != r1.ID || !st.PreviousWarm || st.Canary != nil {
		t.Fatalf("after promote: %+v", st)
	}
	back, err := tgt.Rollback(ctx)
	if err != nil || back.ID != r1.ID {
		t.Fatalf("rollback: %v %v", back, err)
	}
	time.Sleep(300 * time.Millisecond)
	stats := gen.Stop()
	if stats.Failed() != 0 || stats.ByVersion["v1"] == 0 || stats.ByVersion["v2"] == 0 {
		t.Fatalf("traffic during switches: %+v", stats)
	}
	if w := tgt.Router().Weights(); w[r1.ID] != 100 {
		t.Fatalf("after rollback weights %v", w)
	}
	if _, err := http.Get(r2.URL); err == nil {
		t.Error("the rolled-back revision is still running")
	}
}

func TestAbortStopsTheCanary(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", ""))
	v2 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v2", ""))
	tgt := newTarget(t)
	ctx := context.Background()
	r1, _ := tgt.Start(ctx, v1)
	tgt.Promote(ctx, r1)
	r2, err := tgt.Start(ctx, v2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.SetCanaryWeight(ctx, r2, 100); err == nil {
		t.Error("a canary weight of 100 was accepted")
	}
	tgt.SetCanaryWeight(ctx, r2, 30)
	if err := tgt.Abort(ctx, r2); err != nil {
		t.Fatal(err)
	}
	if w := tgt.Router().Weights(); len(w) != 1 || w[r1.ID] != 100 {
		t.Fatalf("weights after abort: %v", w)
	}
	if _, err := http.Get(r2.URL); err == nil {
		t.Error("aborted canary still running")
	}
	if err := tgt.Abort(ctx, r1); err == nil {
		t.Error("aborting the stable revision was accepted")
	}
}

func TestColdRollbackRestartsThePrevious(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", ""))
	v2 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v2", ""))
	tgt := newTarget(t, WithKeepWarm(50*time.Millisecond))
	ctx := context.Background()
	r1, _ := tgt.Start(ctx, v1)
	tgt.Promote(ctx, r1)
	r2, _ := tgt.Start(ctx, v2)
	tgt.Promote(ctx, r2)
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := tgt.State(ctx)
		if !st.PreviousWarm {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("previous revision still warm after its window")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := tgt.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := body(t, tgt.URL()); got != "hello from v1\n" {
		t.Fatalf("after cold rollback: %q", got)
	}
	if _, err := tgt.Rollback(ctx); err == nil || !strings.Contains(err.Error(), "no previous revision") {
		t.Errorf("second rollback: %v", err)
	}
}

func TestUnhealthyAndCrashingServicesAreNeverRouted(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", ""))
	ctx := context.Background()

	tgt := newTarget(t, WithHealth("/never-healthy", 800*time.Millisecond))
	_, err := tgt.Start(ctx, v1)
	if err == nil || !strings.Contains(err.Error(), "did not become healthy within 800ms") || !strings.Contains(err.Error(), "nothing was switched") {
		t.Fatalf("never healthy: %v", err)
	}
	if st, _ := tgt.State(ctx); st.Stable != nil || len(tgt.Router().Weights()) != 0 {
		t.Fatal("an unhealthy revision was routed")
	}

	crash := signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), "crash", "-X main.failPercent=oops"))
	tgt2 := newTarget(t)
	_, err = tgt2.Start(ctx, crash)
	if err == nil || !strings.Contains(err.Error(), "exited before becoming healthy") || !strings.Contains(err.Error(), `invalid failPercent "oops"`) {
		t.Fatalf("crash: %v", err)
	}
}

func TestUnknownImageWrongPlatformAndUnreachableRegistry(t *testing.T) {
	reg := testutil.Registry(t)
	ctx := context.Background()
	tgt := newTarget(t)
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	s := signed(t, img)
	// Same digest, another repository: not found.
	other, _ := oci.NewImage(reg.Repo("acme/nope"), img.Digest(), "")
	// (prepare is Start's pull step; an image that cannot be pulled cannot be signed either.)
	if _, _, _, _, err := tgt.prepare(ctx, other); err == nil || !strings.Contains(err.Error(), "not found in the registry") {
		t.Errorf("unknown image: %v", err)
	}
	arm, err := build.Go{Dir: testutil.HelloDir(), Repo: reg.Repo("acme/hello"), Platform: "linux/arm64"}.Build(ctx, testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.Start(ctx, signed(t, arm)); err == nil || !strings.Contains(err.Error(), "built for linux/arm64") {
		t.Errorf("wrong platform: %v", err)
	}
	gone, _ := oci.NewImage("127.0.0.1:1/acme/hello", img.Digest(), "")
	if _, _, _, _, err := tgt.prepare(ctx, gone); err == nil || !strings.Contains(err.Error(), "registry unreachable") {
		t.Errorf("unreachable: %v", err)
	}
	if _, err := tgt.Start(ctx, s); err != nil {
		t.Errorf("the good image after all that: %v", err)
	}
}

func TestUnpackRefusesEscapes(t *testing.T) {
	mk := func(entries ...tar.Header) io.Reader {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for _, h := range entries {
			h := h
			if h.Typeflag == tar.TypeReg {
				h.Size = 1
			}
			tw.WriteHeader(&h)
			if h.Typeflag == tar.TypeReg {
				tw.Write([]byte("x"))
			}
		}
		tw.Close()
		return &buf
	}
	outside := t.TempDir()
	dir := t.TempDir()
	err := unpack(mk(
		tar.Header{Typeflag: tar.TypeSymlink, Name: "link", Linkname: outside},
		tar.Header{Typeflag: tar.TypeReg, Name: "link/evil", Mode: 0o644},
	), dir)
	if err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Errorf("write through symlink: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "evil")); err == nil {
		t.Fatal("a file was written outside the root")
	}
	dir2 := t.TempDir()
	if err := unpack(mk(tar.Header{Typeflag: tar.TypeReg, Name: "../../escape", Mode: 0o644}), dir2); err == nil {
		if _, serr := os.Stat(filepath.Join(dir2, "escape")); serr != nil {
			t.Error("'..' entry neither refused nor kept inside the root")
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(filepath.Dir(dir2)), "escape")); err == nil {
		t.Fatal("'..' escaped the root")
	}
}

// The local target keeps the contract every target keeps (its state lives in the process, so
// there is no crash to recover from). Real revisions of the hello service run behind the router.
func TestTargetConforms(t *testing.T) {
	reg := testutil.Registry(t)
	var built []greenlight.SignedImage
	images := func(t *testing.T, n int) []greenlight.SignedImage {
		for len(built) < n {
			built = append(built, signed(t, testutil.BuildHello(t, reg.Repo("acme/hello"), fmt.Sprintf("v%d", len(built)+1), "")))
		}
		return built[:n]
	}
	greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		return newTarget(t), nil
	}, greenlighttest.WithImages(images))
}
