// Package build builds Go services into OCI images the ko way: no Docker daemon, CGO off,
// -trimpath, the binary as one layer on a base image, fixed timestamps so that the same source
// gives the same digest, pushed with retries and returned pinned by digest (Go, a
// greenlight.Builder). GoTest runs the module's tests the same way (a greenlight.Tester), so the
// build reuses what the tests compiled.
package build

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/greenlight-cd/greenlight/internal/regerr"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// AppDir is where the binary goes in the image: /app/<name>.
const AppDir = "/app"

// DataDir is where the files an image carries beside its binary go, as ko puts them
// (ko.build, "Static Assets"): the main package's kodata/ folder and Go.Files. The image's
// KO_DATA_PATH names it, so that images built by Greenlight and by ko behave alike.
const DataDir = "/var/run/ko"

// Go builds one Go main package into an image and pushes it. It implements greenlight.Builder.
type Go struct {
	// Dir is the module's directory (default ".").
	Dir string
	// Main is the main package, relative to Dir (default ".").
	Main string
	// Repo is the repository to push to, such as ghcr.io/acme/hello. Required.
	Repo string
	// Tags are pushed too, such as a version or the commit (optional; the digest is what counts).
	Tags []string
	// Base is the base image reference; "" builds on an empty base (scratch), enough for a static
	// Go binary.
	Base string
	// Ldflags are passed to go build after "-s -w", such as "-X main.version=v1.2.3".
	Ldflags string
	// Args are the image's default arguments (its Cmd), such as ["bot"].
	Args []string
	// KeepDebugInfo keeps the symbol table and DWARF in the binary. By default they are stripped
	// (-s -w): the image is smaller and links faster, and panics still print full stack traces.
	KeepDebugInfo bool
	// Files are more files or folders the service reads at run time (templates, static assets
	// such as a ui/ folder), relative to Dir: each goes into the image's data directory
	// (DataDir, named by $KO_DATA_PATH) at the same relative path, beside the files of the
	// main package's kodata/ folder, which always go there at its root (ko's convention).
	// Symbolic links are followed. When the image carries such files and the base image sets
	// no working directory, the working directory is DataDir, so that a service reading a
	// relative path such as ./ui finds it.
	Files []string
	// Platform is os/arch (default linux/<this machine's arch>).
	Platform string
	// Env adds variables to go build's environment: NAME=VALUE, or a bare NAME to pass that
	// variable from the pipeline's environment. Nothing else passes but the allow-list of
	// secrets.ChildEnv (the Go toolchain's variables, PATH, HOME, locale, proxies): the
	// Action's tokens and signing key never reach the compiler, cgo or a -toolexec program.
	Env []string
	// Created is the image's creation time. Default: $SOURCE_DATE_EPOCH, else the Unix epoch, so
	// the same source always gives the same digest.
	Created time.Time
	// Remote adds go-containerregistry options (auth, transport). The default keychain
	// (docker login) is always tried.
	Remote []remote.Option
	// Attempts is how many times a push is tried on temporary errors (default 4).
	Attempts int
}

var _ greenlight.Builder = Go{}

// Build implements greenlight.Builder.
func (g Go) Build(ctx context.Context, log runlog.Logger) (oci.Image, error) {
	if g.Repo == "" {
		return oci.Image{}, fmt.Errorf("no repository to push to: set build.Go.Repo, for example ghcr.io/OWNER/NAME")
	}
	repo, err := name.NewRepository(g.Repo)
	if err != nil {
		return oci.Image{}, fmt.Errorf("invalid repository %q: %w (want host/path such as ghcr.io/acme/hello, lowercase)", g.Repo, err)
	}
	plat, err := g.platform()
	if err != nil {
		return oci.Image{}, err
	}
	created, err := g.created()
	if err != nil {
		return oci.Image{}, err
	}

	tmp, err := os.MkdirTemp("", "greenlight-build-*")
	if err != nil {
		return oci.Image{}, err
	}
	defer os.RemoveAll(tmp)
	binName := g.binName()
	opts := append([]remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain),
		remote.WithRetryBackoff(remote.Backoff{Steps: 1})}, g.Remote...)
	// Fetch the base image while the compiler runs.
	type baseResult struct {
		img v1.Image
		err error
	}
	baseCh := make(chan baseResult, 1)
	go func() {
		img, err := g.base(ctx, plat, opts)
		baseCh <- baseResult{img, err}
	}()
	t0 := time.Now()
	bin := filepath.Join(tmp, binName)
	if err := g.goBuild(ctx, plat, bin); err != nil {
		return oci.Image{}, err
	}
	log.Logf("go build %s for %s/%s in %s", g.mainPkg(), plat.OS, plat.Architecture, time.Since(t0).Round(time.Millisecond))

	layer, err := binaryLayer(bin, binName, created)
	if err != nil {
		return oci.Image{}, err
	}
	br := <-baseCh
	if br.err != nil {
		return oci.Image{}, br.err
	}
	base := br.img
	data, err := g.dataLayer(created)
	if err != nil {
		return oci.Image{}, err
	}
	img, err := assemble(base, layer, data, binName, g.Args, plat, created)
	if err != nil {
		return oci.Image{}, err
	}
	dig, err := img.Digest()
	if err != nil {
		return oci.Image{}, err
	}
	t1 := time.Now()
	attempts := g.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	err = regerr.Retry(ctx, attempts, 250*time.Millisecond, log.Logf, func() error {
		return remote.Write(repo.Digest(dig.String()), img, opts...)
	})
	if err != nil {
		return oci.Image{}, regerr.Explain("pushing", repo.String()+"@"+dig.String(), err)
	}
	for _, tag := range g.Tags {
		err := regerr.Retry(ctx, attempts, 250*time.Millisecond, log.Logf, func() error {
			return remote.Tag(repo.Tag(tag), img, opts...)
		})
		if err != nil {
			return oci.Image{}, regerr.Explain("tagging", repo.Tag(tag).String(), err)
		}
	}
	size, _ := layer.Size()
	log.Logf("pushed %s@%s (layer %.1f MB) in %s", repo, dig, float64(size)/1e6, time.Since(t1).Round(time.Millisecond))
	tag := ""
	if len(g.Tags) > 0 {
		tag = g.Tags[0]
	}
	return oci.NewImage(repo.String(), dig.String(), tag)
}

func (g Go) mainPkg() string {
	if g.Main == "" {
		return "."
	}
	return g.Main
}

func (g Go) binName() string {
	m := strings.TrimSuffix(g.mainPkg(), "/")
	b := path.Base(m)
	if b == "." || b == "/" || b == "" {
		abs, err := filepath.Abs(g.Dir)
		if err == nil {
			b = filepath.Base(abs)
		}
	}
	if b == "" || b == "." || b == "/" {
		b = "app"
	}
	return b
}

func (g Go) platform() (v1.Platform, error) {
	if g.Platform == "" {
		return v1.Platform{OS: "linux", Architecture: runtime.GOARCH}, nil
	}
	os, arch, ok := strings.Cut(g.Platform, "/")
	if !ok || os == "" || arch == "" {
		return v1.Platform{}, fmt.Errorf("invalid platform %q: want os/arch such as linux/amd64", g.Platform)
	}
	return v1.Platform{OS: os, Architecture: arch}, nil
}

func (g Go) created() (time.Time, error) {
	if !g.Created.IsZero() {
		return g.Created.UTC(), nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("invalid SOURCE_DATE_EPOCH %q: want seconds since 1970", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Unix(0, 0).UTC(), nil
}

func (g Go) goBuild(ctx context.Context, plat v1.Platform, out string) error {
	args := []string{"build", "-trimpath"}
	ldflags := strings.TrimSpace(g.Ldflags)
	if !g.KeepDebugInfo {
		ldflags = strings.TrimSpace("-s -w " + ldflags)
	}
	if ldflags != "" {
		args = append(args, "-ldflags="+ldflags)
	}
	args = append(args, "-o", out, g.mainPkg())
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = g.Dir
	cmd.Env = secrets.ChildEnv(append([]string{"CGO_ENABLED=0", "GOOS=" + plat.OS, "GOARCH=" + plat.Architecture}, g.Env...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("go build cancelled")
		}
		return fmt.Errorf("go build %s failed (%v):\n%s\nfix the build error; nothing was pushed", g.mainPkg(), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// binaryLayer makes the one layer: /app/<name>, owned by root, mode 0755, fixed mtime.
func binaryLayer(bin, binName string, created time.Time) (v1.Layer, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := strings.TrimPrefix(AppDir, "/")
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o755, ModTime: created, Format: tar.FormatPAX}); err != nil {
		return nil, err
	}
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: dir + "/" + binName, Mode: 0o755, Size: int64(len(data)), ModTime: created, Format: tar.FormatPAX}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(data); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return gzipLayer(buf.Bytes())
}

// gzipLayer is the OCI layer of the tar archive tarred, compressed once: the layer's digest and
// its upload use the same bytes. Go's gzip output is deterministic for a given level, so the
// same files always give the same layer digest.
func gzipLayer(tarred []byte) (v1.Layer, error) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if _, err := zw.Write(tarred); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	compressed := gz.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(compressed)), nil
	}, tarball.WithMediaType(types.OCILayer))
}

func (g Go) base(ctx context.Context, plat v1.Platform, opts []remote.Option) (v1.Image, error) {
	if g.Base == "" {
		img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
		return mutate.ConfigMediaType(img, types.OCIConfigJSON), nil
	}
	ref, err := name.ParseReference(g.Base)
	if err != nil {
		return nil, fmt.Errorf("invalid base image %q: %w", g.Base, err)
	}
	img, err := remote.Image(ref, append(opts, remote.WithPlatform(plat))...)
	if err != nil {
		return nil, regerr.Explain("pulling base image", g.Base, err)
	}
	return img, nil
}

func assemble(base v1.Image, layer, data v1.Layer, binName string, args []string, plat v1.Platform, created time.Time) (v1.Image, error) {
	var adds []mutate.Addendum
	if data != nil {
		adds = append(adds, mutate.Addendum{Layer: data, History: v1.History{
			Author: "greenlight", CreatedBy: "greenlight build " + binName, Comment: "kodata and Files, at $KO_DATA_PATH", Created: v1.Time{Time: created}}})
	}
	adds = append(adds, mutate.Addendum{Layer: layer, History: v1.History{
		Author: "greenlight", CreatedBy: "greenlight build " + binName, Created: v1.Time{Time: created}}})
	img, err := mutate.Append(base, adds...)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = plat.OS, plat.Architecture
	cf.Created = v1.Time{Time: created}
	cf.Author = "greenlight"
	cf.Config.Entrypoint = []string{AppDir + "/" + binName}
	cf.Config.Cmd = args
	hasPath := false
	for _, e := range cf.Config.Env {
		if strings.HasPrefix(e, "PATH=") {
			hasPath = true
		}
	}
	if !hasPath {
		cf.Config.Env = append(cf.Config.Env, "PATH="+AppDir+":/usr/local/bin:/usr/bin:/bin")
	}
	if data != nil {
		cf.Config.Env = append(cf.Config.Env, "KO_DATA_PATH="+DataDir)
		if cf.Config.WorkingDir == "" {
			cf.Config.WorkingDir = DataDir
		}
	}
	return mutate.ConfigFile(img, cf)
}
