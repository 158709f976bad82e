package build_test

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/build"
)

// The main package's kodata/ and the Files named go into one layer at /var/run/ko, where
// KO_DATA_PATH points (ko's convention, ko.build "Static Assets"), with the same digest each time.
func TestKodataLayer(t *testing.T) {
	reg := testutil.Registry(t)
	dir := filepath.Join(testutil.ModuleRoot(), "testdata", "services", "portflag")
	g := build.Go{Dir: dir, Main: "./cmd/portflag", Repo: reg.Repo("acme/portflag"), Files: []string{"ui"}}
	ctx := context.Background()
	img, err := g.Build(ctx, testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	again, err := g.Build(ctx, testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	if img.Digest() != again.Digest() {
		t.Fatalf("same files, different digests: %s, %s", img.Digest(), again.Digest())
	}
	ri, err := remote.Image(mustRef(t, img.String()))
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := ri.ConfigFile()
	if !strings.Contains(strings.Join(cf.Config.Env, " "), "KO_DATA_PATH=/var/run/ko") || cf.Config.WorkingDir != "/var/run/ko" {
		t.Fatalf("env %v, working directory %q", cf.Config.Env, cf.Config.WorkingDir)
	}
	layers, _ := ri.Layers()
	if len(layers) != 2 {
		t.Fatalf("%d layers, want the data and the binary", len(layers))
	}
	rc, _ := layers[0].Uncompressed()
	defer rc.Close()
	tr := tar.NewReader(rc)
	got := map[string]string{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			b, _ := io.ReadAll(tr)
			got[h.Name] = string(b)
		}
	}
	want := map[string]string{"var/run/ko/greeting.txt": "hello from kodata\n", "var/run/ko/ui/index.html": "<h1>portflag ui</h1>\n"}
	if len(got) != len(want) || got["var/run/ko/greeting.txt"] != want["var/run/ko/greeting.txt"] || got["var/run/ko/ui/index.html"] != want["var/run/ko/ui/index.html"] {
		t.Fatalf("data layer %v, want %v", got, want)
	}

	// A service with no kodata and no Files gets no data layer and no KO_DATA_PATH.
	plain, err := hello(reg.Repo("acme/hello")).Build(ctx, testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	pi, _ := remote.Image(mustRef(t, plain.String()))
	if ls, _ := pi.Layers(); len(ls) != 1 {
		t.Fatalf("%d layers without data", len(ls))
	}

	for _, bad := range []string{"../outside", "/etc", "missing"} {
		g.Files = []string{bad}
		if _, err := g.Build(ctx, testutil.Logger{T: t}); err == nil || !strings.Contains(err.Error(), "build.Go.Files") {
			t.Errorf("Files %q: %v", bad, err)
		}
	}
}
