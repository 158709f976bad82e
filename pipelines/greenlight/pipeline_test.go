package main

import (
	"context"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// Greenlight builds and signs its own bot image: static, on an empty base, `greenlight bot` by
// default, and its signature verifies.
func TestGreenlightBuildsAndSignsItsOwnBotImage(t *testing.T) {
	reg := testutil.Registry(t)
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	rep, err := greenlight.Run(context.Background(), release(testutil.ModuleRoot(), reg.Repo("greenlight-cd/greenlight"), "test", s))
	if err != nil {
		t.Fatal(err)
	}
	img := rep.Images[0]
	if img.Signature == nil {
		t.Fatal("not signed")
	}
	ref, _ := name.ParseReference(img.Ref)
	ri, err := remote.Image(ref)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := ri.ConfigFile()
	if strings.Join(cf.Config.Entrypoint, " ") != "/app/greenlight" || strings.Join(cf.Config.Cmd, " ") != "bot" {
		t.Errorf("entrypoint %v cmd %v", cf.Config.Entrypoint, cf.Config.Cmd)
	}
	gi, _ := oci.ParseImage(img.Ref)
	if _, err := s.Verifier().Verify(context.Background(), gi); err != nil {
		t.Fatal(err)
	}
}
