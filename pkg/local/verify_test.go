package local

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/registry"
)

type file struct {
	name    string
	content []byte
	typ     byte
	link    string
}

// tarGz returns a gzip-compressed tar of files, in order.
func tarGz(t *testing.T, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: 0o755, Typeflag: f.typ, Linkname: f.link}
		if f.typ == 0 {
			h.Typeflag, h.Size = tar.TypeReg, int64(len(f.content))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write(f.content)
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func gzLayer(t *testing.T, b []byte) v1.Layer {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// pushImage pushes an image of these layers, for this machine, to repo and returns it by digest.
func pushImage(t *testing.T, repo string, layers ...v1.Layer) oci.Image {
	t.Helper()
	img, err := mutate.AppendLayers(mutate.MediaType(empty.Image, types.OCIManifestSchema1), layers...)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := img.ConfigFile()
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = runtime.GOOS, runtime.GOARCH
	cf.Config.Entrypoint = []string{"/bin/app"}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		t.Fatal(err)
	}
	dig, _ := img.Digest()
	ref, _ := name.NewDigest(repo + "@" + dig.String())
	if err := remote.Write(ref, img); err != nil {
		t.Fatal(err)
	}
	out, err := oci.NewImage(repo, dig.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// blobServer is a registry whose blob answers a test can replace.
type blobServer struct {
	reg   *registry.Server
	serve atomic.Pointer[func(w http.ResponseWriter, r *http.Request, digest string) bool]
}

func newBlobServer(t *testing.T) *blobServer {
	b := &blobServer{}
	b.reg = testutil.Registry(t, registry.WithMiddleware(func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if f := b.serve.Load(); f != nil && r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/blobs/sha256:") {
				if (*f)(w, r, r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]) {
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	}))
	return b
}

func (b *blobServer) on(f func(w http.ResponseWriter, r *http.Request, digest string) bool) {
	b.serve.Store(&f)
}

// assertNothingComplete fails if the target kept a rootfs or a leftover of one for img.
func assertNothingComplete(t *testing.T, tgt *Target) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(tgt.workDir, "images"))
	for _, e := range entries {
		t.Errorf("after a failed pull the image cache holds %s", e.Name())
	}
}

// A registry that serves other bytes than the layer's digest names: nothing of them is kept.
func TestLocalRefusesALayerThatDoesNotMatchItsDigest(t *testing.T) {
	bs := newBlobServer(t)
	good := gzLayer(t, tarGz(t, file{name: "bin/app", content: []byte("#!/bin/sh\necho good\n")}))
	img := pushImage(t, bs.reg.Repo("acme/app"), good)
	want, _ := good.Digest()
	evil := tarGz(t, file{name: "bin/app", content: []byte("#!/bin/sh\necho evil\n")})
	bs.on(func(w http.ResponseWriter, r *http.Request, digest string) bool {
		if digest != want.String() {
			return false
		}
		w.Write(evil)
		return true
	})
	tgt := newTarget(t)
	_, _, _, _, err := tgt.prepare(context.Background(), img)
	if err == nil || !strings.Contains(err.Error(), want.String()) || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("tampered layer: %v", err)
	}
	assertNothingComplete(t, tgt)
}

// A layer whose uncompressed content does not match the diff ID the image's config names.
func TestLocalRefusesALayerThatDoesNotMatchItsDiffID(t *testing.T) {
	reg := testutil.Registry(t)
	good := gzLayer(t, tarGz(t, file{name: "bin/app", content: []byte("good")}))
	img := pushImage(t, reg.Repo("acme/app"), good)
	ri, err := remote.Image(mustDigest(t, img.String()))
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := ri.ConfigFile()
	cf = cf.DeepCopy()
	cf.RootFS.DiffIDs[0] = v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("ab", 32)}
	bad, err := mutate.ConfigFile(ri, cf)
	if err != nil {
		t.Fatal(err)
	}
	dig, _ := bad.Digest()
	if err := remote.Write(mustDigest(t, reg.Repo("acme/app")+"@"+dig.String()), bad); err != nil {
		t.Fatal(err)
	}
	badImg, _ := oci.NewImage(reg.Repo("acme/app"), dig.String(), "")
	tgt := newTarget(t)
	if _, _, _, _, err := tgt.prepare(context.Background(), badImg); err == nil || !strings.Contains(err.Error(), "diff ID") {
		t.Fatalf("wrong diff ID: %v", err)
	}
	assertNothingComplete(t, tgt)
}

func mustDigest(t *testing.T, s string) name.Digest {
	t.Helper()
	d, err := name.NewDigest(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A fetch cut short leaves nothing that looks complete, and the next Start fetches again.
func TestLocalTruncatedFetchThenAGoodOne(t *testing.T) {
	for _, cut := range []struct {
		name string
		keep func(n int) int
	}{
		{"in the middle", func(n int) int { return n / 2 }},
		{"in the gzip trailer", func(n int) int { return n - 4 }},
	} {
		t.Run(cut.name, func(t *testing.T) {
			bs := newBlobServer(t)
			// Incompressible content, so that a cut in the middle falls inside the file.
			payload := bytes.Repeat([]byte("0123456789abcdef"), 1)
			for i := 0; i < 12; i++ {
				payload = append(payload, payload...)
			}
			blob := tarGz(t, file{name: "bin/app", content: payload})
			layer := gzLayer(t, blob)
			img := pushImage(t, bs.reg.Repo("acme/app"), layer)
			want, _ := layer.Digest()
			var fetches atomic.Int32
			bs.on(func(w http.ResponseWriter, r *http.Request, digest string) bool {
				if digest != want.String() || fetches.Add(1) > 1 {
					return false
				}
				// The connection ends cleanly (chunked encoding, no length) after part of the blob.
				w.Write(blob[:cut.keep(len(blob))])
				w.(http.Flusher).Flush()
				return true
			})
			tgt := newTarget(t)
			if _, _, _, _, err := tgt.prepare(context.Background(), img); err == nil {
				t.Fatal("a truncated layer was accepted")
			}
			assertNothingComplete(t, tgt)
			rootfs, _, _, _, err := tgt.prepare(context.Background(), img)
			if err != nil {
				t.Fatalf("the good fetch after a truncated one: %v", err)
			}
			if got, _ := os.ReadFile(filepath.Join(rootfs, "bin", "app")); !bytes.Equal(got, payload) {
				t.Fatalf("unpacked %d bytes, want %d", len(got), len(payload))
			}
			if fetches.Load() < 2 {
				t.Errorf("the layer was fetched %d times", fetches.Load())
			}
		})
	}
}

// A small layer that decompresses to far more than the limit is refused with an error that
// names the limit and how to raise it, having written no more than the limit.
func TestLocalRefusesADecompressionBomb(t *testing.T) {
	reg := testutil.Registry(t)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	const size = 64 << 20
	tw.WriteHeader(&tar.Header{Name: "bin/app", Mode: 0o755, Size: size, Typeflag: tar.TypeReg})
	zero := make([]byte, 1<<20)
	for i := 0; i < size>>20; i++ {
		tw.Write(zero)
	}
	tw.Close()
	zw.Close()
	t.Logf("bomb: %d bytes of gzip expand to %d MiB", buf.Len(), size>>20)
	img := pushImage(t, reg.Repo("acme/bomb"), gzLayer(t, buf.Bytes()))

	tgt := newTarget(t, WithLimits(Limits{MaxImageBytes: 8 << 20}))
	_, _, _, _, err := tgt.prepare(context.Background(), img)
	if err == nil || !strings.Contains(err.Error(), "8 MiB") || !strings.Contains(err.Error(), "WithLimits") || !strings.Contains(err.Error(), "MaxImageBytes") {
		t.Fatalf("bomb: %v", err)
	}
	assertNothingComplete(t, tgt)

	// The same bomb hidden after the end of the tar archive, where a tar reader stops reading.
	var hidden bytes.Buffer
	zw, _ = gzip.NewWriterLevel(&hidden, gzip.BestSpeed)
	tw = tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "bin/app", Mode: 0o755, Size: 2, Typeflag: tar.TypeReg})
	tw.Write([]byte("ok"))
	tw.Close()
	for i := 0; i < size>>20; i++ {
		zw.Write(zero)
	}
	zw.Close()
	img = pushImage(t, reg.Repo("acme/bomb"), gzLayer(t, hidden.Bytes()))
	if _, _, _, _, err := tgt.prepare(context.Background(), img); err == nil || !strings.Contains(err.Error(), "MaxImageBytes") {
		t.Fatalf("bomb after the archive's end: %v", err)
	}
	assertNothingComplete(t, tgt)
}

func TestLocalLayerCountAndSizeLimits(t *testing.T) {
	reg := testutil.Registry(t)
	l := func(n string) v1.Layer { return gzLayer(t, tarGz(t, file{name: n, content: []byte(n)})) }
	img := pushImage(t, reg.Repo("acme/app"), l("a"), l("b"), l("bin/app"))
	ctx := context.Background()
	for _, c := range []struct {
		lim  Limits
		want string
	}{
		{Limits{MaxLayers: 2}, "MaxLayers"},
		{Limits{MaxLayerBytes: 10}, "MaxLayerBytes"},
		{Limits{MaxFiles: 2}, "MaxFiles"},
	} {
		tgt := newTarget(t, WithLimits(c.lim))
		if _, _, _, _, err := tgt.prepare(ctx, img); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "WithLimits") {
			t.Errorf("%+v: %v", c.lim, err)
		}
		assertNothingComplete(t, tgt)
	}
	tgt := newTarget(t)
	rootfs, _, _, _, err := tgt.prepare(ctx, img)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a", "b", "bin/app"} {
		if got, _ := os.ReadFile(filepath.Join(rootfs, n)); string(got) != n {
			t.Errorf("%s: %q", n, got)
		}
	}
}

// Layers apply in order, with whiteouts: a later layer deletes and replaces what an earlier one
// wrote, as a container runtime shows it.
func TestLocalAppliesLayersWithWhiteouts(t *testing.T) {
	reg := testutil.Registry(t)
	l1 := gzLayer(t, tarGz(t,
		file{name: "etc/", typ: tar.TypeDir},
		file{name: "etc/old.conf", content: []byte("old")},
		file{name: "etc/keep.conf", content: []byte("keep")},
		file{name: "var/cache/", typ: tar.TypeDir},
		file{name: "var/cache/a", content: []byte("a")},
		file{name: "bin/app", content: []byte("v1")},
		file{name: "data", typ: tar.TypeDir},
		file{name: "data/x", content: []byte("x")},
	))
	l2 := gzLayer(t, tarGz(t,
		file{name: "etc/.wh.old.conf"},
		file{name: "var/cache/", typ: tar.TypeDir},
		file{name: "var/cache/.wh..wh..opq"},
		file{name: "var/cache/b", content: []byte("b")},
		file{name: "bin/app", content: []byte("v2")},
		file{name: "data", content: []byte("now a file")},
	))
	img := pushImage(t, reg.Repo("acme/app"), l1, l2)
	tgt := newTarget(t)
	rootfs, _, _, _, err := tgt.prepare(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"etc/keep.conf": "keep", "var/cache/b": "b", "bin/app": "v2", "data": "now a file"}
	for n, c := range want {
		if got, err := os.ReadFile(filepath.Join(rootfs, n)); err != nil || string(got) != c {
			t.Errorf("%s: %q %v", n, got, err)
		}
	}
	for _, n := range []string{"etc/old.conf", "etc/.wh.old.conf", "var/cache/a", "var/cache/.wh..wh..opq"} {
		if _, err := os.Lstat(filepath.Join(rootfs, n)); err == nil {
			t.Errorf("%s is there", n)
		}
	}
	// Unpacked once: a second prepare reuses the verified rootfs.
	again, _, _, _, err := tgt.prepare(context.Background(), img)
	if err != nil || again != rootfs {
		t.Errorf("second prepare: %s %v", again, err)
	}
}
