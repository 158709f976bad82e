package local

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func signWith(t *testing.T, s oci.Signer, img oci.Image) greenlight.SignedImage {
	t.Helper()
	var out greenlight.SignedImage
	if _, err := greenlight.Run(context.Background(), func(p *greenlight.P) { out = p.Sign(img, s) }); err != nil {
		t.Fatal(err)
	}
	return out
}

// An environment served by another process's Control keeps the contract of every target.
func TestRemoteConforms(t *testing.T) {
	reg := testutil.Registry(t)
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	var built []greenlight.SignedImage
	images := func(t *testing.T, n int) []greenlight.SignedImage {
		for len(built) < n {
			built = append(built, signWith(t, s, testutil.BuildHello(t, reg.Repo("acme/hello"), fmt.Sprintf("v%d", len(built)+1), "")))
		}
		return built[:n]
	}
	greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		tgt := newTarget(t)
		c, err := ServeControl(s.Verifier(), testutil.Logger{T: t}, tgt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return Dial(c.Addr(), c.Token(), "test"), nil
	}, greenlighttest.WithImages(images))
}

// The Control answers only its token, and starts only images its own key signed.
func TestControlRefusesStrangersAndForeignSignatures(t *testing.T) {
	reg := testutil.Registry(t)
	mine, _ := sign.GenerateKey()
	ms, _ := sign.NewSigner(mine)
	other, _ := sign.GenerateKey()
	os, _ := sign.NewSigner(other)
	tgt := newTarget(t)
	c, err := ServeControl(ms.Verifier(), nil, tgt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	if _, err := Dial(c.Addr(), "guess", "test").State(ctx); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a wrong token: %v", err)
	}
	if _, err := Dial(c.Addr(), c.Token(), "nowhere").State(ctx); err == nil || !strings.Contains(err.Error(), `no environment "nowhere"`) {
		t.Fatalf("an unknown environment: %v", err)
	}
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	if _, err := Dial(c.Addr(), c.Token(), "test").Start(ctx, signWith(t, os, img)); err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("an image signed by another key: %v", err)
	}
	if st, _ := tgt.State(ctx); st.Stable != nil || len(tgt.pending) != 0 {
		t.Fatal("something started")
	}
}
