// Package testutil holds helpers shared by Greenlight's tests: a registry, the sample service
// built into an image, and the external tools (cosign, ko) the tests check against.
package testutil

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/registry"
)

// ModuleRoot is the repository's root directory.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// HelloDir is the sample service's module.
func HelloDir() string { return filepath.Join(ModuleRoot(), "testdata", "services", "hello") }

// Registry starts a registry for the test.
func Registry(t testing.TB, opts ...registry.Option) *registry.Server {
	t.Helper()
	reg, err := registry.Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	return reg
}

// Logger logs through t.
type Logger struct{ T testing.TB }

// Logf implements runlog.Logger.
func (l Logger) Logf(format string, args ...any) { l.T.Logf(format, args...) }

// BuildHello builds the sample service at version (with extra ldflags) into repo.
func BuildHello(t testing.TB, repo, version, ldflags string) oci.Image {
	t.Helper()
	img, err := build.Go{Dir: HelloDir(), Repo: repo, Tags: []string{version},
		Ldflags: "-X main.version=" + version + " " + ldflags}.Build(context.Background(), Logger{t})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

var toolMu sync.Mutex

// Tool returns the path of an external tool installed by `make tools`. Under `make test`
// (GREENLIGHT_REQUIRE_TOOLS=1) a missing tool fails the test; a bare `go test` skips, saying how
// to install it.
func Tool(t testing.TB, name string) string {
	t.Helper()
	toolMu.Lock()
	defer toolMu.Unlock()
	dir := os.Getenv("GREENLIGHT_TOOLS")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "greenlight-tools")
	}
	p := filepath.Join(dir, "bin", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	msg := name + " is not installed: run `make tools` (it builds the pinned version into ~/.cache/greenlight-tools/bin)"
	if os.Getenv("GREENLIGHT_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// OfflineEnv is an environment for external tools that keeps them on this machine: any request
// to a host other than localhost goes to a closed loopback port and fails at once.
func OfflineEnv() []string {
	return append(os.Environ(), "HTTPS_PROXY=http://127.0.0.1:9", "HTTP_PROXY=http://127.0.0.1:9", "NO_PROXY=127.0.0.1,localhost")
}

// PushRandom pushes a small random image (one layer of size bytes) to repo and returns it
// pinned by digest.
func PushRandom(t testing.TB, repo string, size int64) oci.Image {
	t.Helper()
	img, err := random.Image(size, 1)
	if err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	r, err := name.NewRepository(repo)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r.Digest(d.String()), img); err != nil {
		t.Fatal(err)
	}
	out, err := oci.NewImage(repo, d.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ReadOutputs reads a step's GITHUB_OUTPUT file as the runner does: name<<delimiter blocks,
// each value the line after its name (the outputs Greenlight writes are one line each).
func ReadOutputs(path string) map[string]string {
	b, _ := os.ReadFile(path)
	out := map[string]string{}
	lines := strings.Split(string(b), "\n")
	for i := 0; i+2 < len(lines); i++ {
		if k, delim, ok := strings.Cut(lines[i], "<<"); ok {
			out[k] = lines[i+1]
			for i < len(lines) && lines[i] != delim {
				i++
			}
		}
	}
	return out
}
