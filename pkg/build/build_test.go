package build_test

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/registry"
)

func hello(repo string) build.Go {
	return build.Go{Dir: testutil.HelloDir(), Repo: repo, Ldflags: "-X main.version=v1"}
}

func TestSameSourceSameDigest(t *testing.T) {
	a, b := testutil.Registry(t), testutil.Registry(t)
	ctx := context.Background()
	log := testutil.Logger{T: t}
	i1, err := hello(a.Repo("acme/hello")).Build(ctx, log)
	if err != nil {
		t.Fatal(err)
	}
	i2, err := hello(b.Repo("acme/hello")).Build(ctx, log)
	if err != nil {
		t.Fatal(err)
	}
	if i1.Digest() != i2.Digest() {
		t.Fatalf("same source, different digests: %s vs %s", i1.Digest(), i2.Digest())
	}
	g := hello(a.Repo("acme/hello"))
	g.Ldflags = "-X main.version=v2"
	i3, err := g.Build(ctx, log)
	if err != nil {
		t.Fatal(err)
	}
	if i3.Digest() == i1.Digest() {
		t.Fatal("different source, same digest")
	}
}

func TestImageLayout(t *testing.T) {
	reg := testutil.Registry(t)
	g := hello(reg.Repo("acme/hello"))
	g.Tags = []string{"v1"}
	img, err := g.Build(context.Background(), testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	if img.Tag() != "v1" {
		t.Errorf("tag %q", img.Tag())
	}
	tagged, err := remote.Image(mustRef(t, reg.Repo("acme/hello:v1")))
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := tagged.Digest(); d.String() != img.Digest() {
		t.Errorf("tag v1 points at %s, not %s", d, img.Digest())
	}
	cf, _ := tagged.ConfigFile()
	if got := strings.Join(cf.Config.Entrypoint, " "); got != "/app/hello" {
		t.Errorf("entrypoint %q", got)
	}
	if cf.OS != "linux" || cf.Created.Unix() != 0 {
		t.Errorf("os %s created %v", cf.OS, cf.Created)
	}
	layers, _ := tagged.Layers()
	if len(layers) != 1 {
		t.Fatalf("%d layers on an empty base, want 1", len(layers))
	}
	rc, _ := layers[0].Uncompressed()
	defer rc.Close()
	tr := tar.NewReader(rc)
	found := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == "app/hello" {
			found = h.Mode == 0o755 && h.ModTime.Unix() == 0 && h.Uid == 0
		}
	}
	if !found {
		t.Error("layer lacks app/hello with mode 0755, epoch mtime, root owner")
	}
}

func TestBuildOnABaseImage(t *testing.T) {
	reg := testutil.Registry(t)
	base, _ := random.Image(256, 2)
	ref := mustRef(t, reg.Repo("base/static:1"))
	if err := remote.Write(ref, base); err != nil {
		t.Fatal(err)
	}
	g := hello(reg.Repo("acme/hello"))
	g.Base = ref.String()
	img, err := g.Build(context.Background(), testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	ri, _ := remote.Image(mustRef(t, img.String()))
	if layers, _ := ri.Layers(); len(layers) != 3 {
		t.Errorf("%d layers, want the base's 2 plus 1", len(layers))
	}
	g.Base = reg.Repo("base/missing:1")
	if _, err := g.Build(context.Background(), testutil.Logger{T: t}); err == nil || !strings.Contains(err.Error(), "pulling base image") {
		t.Errorf("missing base: %v", err)
	}
}

// A registry that fails a few uploads with 500 is retried with back-off.
func TestPushRetriesAFlakyRegistry(t *testing.T) {
	var fails atomic.Int32
	fails.Store(2)
	reg := testutil.Registry(t, registry.WithMiddleware(func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut && fails.Add(-1) >= 0 {
				http.Error(w, "flaky", http.StatusInternalServerError)
				return
			}
			h.ServeHTTP(w, r)
		})
	}))
	var logged strings.Builder
	img, err := hello(reg.Repo("acme/hello")).Build(context.Background(), logTo{&logged})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "retrying") || img.IsZero() {
		t.Errorf("no retry logged:\n%s", logged.String())
	}
}

type logTo struct{ b *strings.Builder }

func (l logTo) Logf(f string, a ...any) { l.b.WriteString(f + "\n") }

func TestBuildErrors(t *testing.T) {
	ctx := context.Background()
	log := testutil.Logger{T: t}
	if _, err := (build.Go{Dir: testutil.HelloDir()}).Build(ctx, log); err == nil || !strings.Contains(err.Error(), "set build.Go.Repo") {
		t.Errorf("no repo: %v", err)
	}
	if _, err := (build.Go{Dir: testutil.HelloDir(), Repo: "Bad Repo"}).Build(ctx, log); err == nil || !strings.Contains(err.Error(), "invalid repository") {
		t.Errorf("bad repo: %v", err)
	}
	if _, err := (build.Go{Dir: testutil.HelloDir(), Repo: "r.test/x", Platform: "linux"}).Build(ctx, log); err == nil || !strings.Contains(err.Error(), "os/arch") {
		t.Errorf("bad platform: %v", err)
	}
	g := hello("127.0.0.1:1/acme/hello")
	g.Attempts = 2
	if _, err := g.Build(ctx, log); err == nil || !strings.Contains(err.Error(), "registry unreachable") || !strings.Contains(err.Error(), "after 2 attempts") {
		t.Errorf("unreachable registry: %v", err)
	}
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "go.mod"), []byte("module broken\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(broken, "main.go"), []byte("package main\n\nfunc main() { undefinedThing() }\n"), 0o644)
	reg := testutil.Registry(t)
	_, err := (build.Go{Dir: broken, Repo: reg.Repo("acme/broken")}).Build(ctx, log)
	if err == nil || !strings.Contains(err.Error(), "undefined: undefinedThing") || !strings.Contains(err.Error(), "nothing was pushed") {
		t.Errorf("compile error: %v", err)
	}
}

func mustRef(t *testing.T, s string) name.Reference {
	t.Helper()
	r, err := name.ParseReference(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// envDumper is a -toolexec program: it appends its environment (the environment go build gave
// the compiler and linker) to env.txt beside itself, then runs the tool.
const envDumper = `package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	exe, _ := os.Executable()
	f, err := os.OpenFile(filepath.Join(filepath.Dir(exe), "env.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		os.Exit(3)
	}
	f.WriteString(strings.Join(os.Environ(), "\n") + "\n--\n")
	f.Close()
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		os.Exit(1)
	}
}
`

// go build, and every tool it runs, never sees the Action's secrets: a -toolexec program records
// the environment the compiler and the linker get.
func TestGoBuildGetsNoSecrets(t *testing.T) {
	canaries := map[string]string{"GITHUB_TOKEN": "canary-ghtoken-5f1e2d", "COSIGN_KEY": "canary-cosignkey-77aa01",
		"COSIGN_PASSWORD": "canary-cosignpw-3c4d5e", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "canary-oidc-9b8a7c",
		"SLACK_BOT_TOKEN": "xoxb-canary-slack-1234"}
	for k, v := range canaries {
		t.Setenv(k, v)
	}
	tools := t.TempDir()
	os.WriteFile(filepath.Join(tools, "go.mod"), []byte("module dumper\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(tools, "main.go"), []byte(envDumper), 0o644)
	cmd := exec.Command("go", "build", "-o", "dumper", ".")
	cmd.Dir = tools
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the dumper: %v\n%s", err, out)
	}
	reg := testutil.Registry(t)
	g := hello(reg.Repo("acme/hello"))
	g.Env = []string{"GOFLAGS=-toolexec=" + filepath.Join(tools, "dumper")}
	var logged strings.Builder
	if _, err := g.Build(context.Background(), logTo{&logged}); err != nil {
		t.Fatal(err)
	}
	env, err := os.ReadFile(filepath.Join(tools, "env.txt"))
	if err != nil {
		t.Fatalf("the compiler never ran through the dumper: %v", err)
	}
	for _, want := range []string{"PATH=", "HOME=", "CGO_ENABLED=0", "GOOS=linux"} {
		if !strings.Contains(string(env), want) {
			t.Errorf("the compiler's environment lacks %s", want)
		}
	}
	for k, v := range canaries {
		if strings.Contains(string(env), v) || strings.Contains(logged.String(), v) {
			t.Errorf("%s reached go build", k)
		}
	}
}
