package local

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// A start that fails (the router's port is taken) leaves no temporary directory behind.
func TestFailedStartRemovesItsWorkDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, err := New("production", WithAddr(ln.Addr().String())); err == nil {
		t.Fatal("New on a port in use succeeded")
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "greenlight-production-*"))
	if len(left) > 0 {
		t.Fatalf("a failed start left %v", left)
	}
	// A work directory the caller named is the caller's: it stays.
	own := filepath.Join(tmp, "mine")
	if _, err := New("production", WithAddr(ln.Addr().String()), WithWorkDir(own)); err == nil {
		t.Fatal("New on a port in use succeeded")
	}
	if _, err := os.Stat(own); err != nil {
		t.Fatalf("the caller's work directory went away: %v", err)
	}
}

// buildPortflag builds the fixture service that reads its port only from --port.
func buildPortflag(t *testing.T, repo, version, ldflags string) greenlight.SignedImage {
	t.Helper()
	img, err := build.Go{Dir: filepath.Join(testutil.ModuleRoot(), "testdata", "services", "portflag"), Main: "./cmd/portflag",
		Repo: repo, Tags: []string{version}, Ldflags: "-X main.version=" + version + " " + ldflags}.Build(context.Background(), testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	return signed(t, img)
}

// A service that reads only --port runs when the target passes its port as an argument; without
// it, it listens on its own default port and never becomes healthy on the one it was given.
func TestPortAsArgumentAndEnvironmentAllowList(t *testing.T) {
	reg := testutil.Registry(t)
	v1 := buildPortflag(t, reg.Repo("acme/portflag"), "v1", "")
	ctx := context.Background()

	bare := newTarget(t, WithHealth("/healthz", 2*time.Second))
	if _, err := bare.Start(ctx, v1); err == nil || !strings.Contains(err.Error(), "did not become healthy") {
		t.Fatalf("a service that ignores $PORT started: %v", err)
	}

	t.Setenv("LISTED", "yes")
	t.Setenv("UNLISTED", "no")
	t.Setenv("SHOP_API_TOKEN", "s3cr3t")
	if _, err := New("x", WithWorkDir(t.TempDir()), WithEnv("SHOP_API_TOKEN")); err == nil || !strings.Contains(err.Error(), "secret") {
		t.Fatalf("WithEnv passed a secret: %v", err)
	}
	t.Setenv("GREENLIGHT_SECRET_NAMES", "PLAIN_LOOKING")
	t.Setenv("PLAIN_LOOKING", "hidden")
	if _, err := New("x", WithWorkDir(t.TempDir()), WithEnv("PLAIN_LOOKING")); err == nil {
		t.Fatal("WithEnv passed a variable GREENLIGHT_SECRET_NAMES lists")
	}
	if _, err := New("x", WithWorkDir(t.TempDir()), WithArgs("--port={{.Prot}}")); err == nil {
		t.Fatal("a template naming an unknown field was accepted")
	}

	tgt := newTarget(t, WithArgs("--port={{.Port}}"), WithPortEnv("PORTFLAG_PORT"), WithEnv("LISTED", "SET=here", "ABSENT"))
	r1, err := tgt.Start(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	if err := tgt.Promote(ctx, r1); err != nil {
		t.Fatal(err)
	}
	if got := body(t, tgt.URL()); got != "portflag v1\n" {
		t.Fatalf("got %q", got)
	}
	port := strings.TrimPrefix(r1.URL, "http://127.0.0.1:")
	for name, want := range map[string]string{"LISTED": "true yes", "SET": "true here", "UNLISTED": "false ", "ABSENT": "false ",
		"SHOP_API_TOKEN": "false ", "PLAIN_LOOKING": "false ", "HOME": "false ", "PORT": "true " + port, "PORTFLAG_PORT": "true " + port} {
		if got := body(t, tgt.URL()+"/env?name="+name); got != want {
			t.Errorf("%s in the service's environment: %q, want %q", name, got, want)
		}
	}
}

// Files under the main package's kodata/ and those build.Go.Files names go into the image at
// $KO_DATA_PATH, as ko puts them, and the service finds them when the local target runs it.
func TestKodataAndFilesReachTheService(t *testing.T) {
	reg := testutil.Registry(t)
	img, err := build.Go{Dir: filepath.Join(testutil.ModuleRoot(), "testdata", "services", "portflag"), Main: "./cmd/portflag",
		Repo: reg.Repo("acme/portflag"), Files: []string{"ui"}}.Build(context.Background(), testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tgt := newTarget(t, WithArgs("-port={{.Port}}"))
	r, err := tgt.Start(ctx, signed(t, img))
	if err != nil {
		t.Fatal(err)
	}
	if err := tgt.Promote(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got := body(t, tgt.URL()+"/data"); got != "hello from kodata\n" {
		t.Fatalf("GET /data (the file at $KO_DATA_PATH/greeting.txt): %q", got)
	}
	if got := body(t, tgt.URL()+"/ui/"); got != "<h1>portflag ui</h1>\n" {
		t.Fatalf("GET /ui/ (./ui, named in build.Go.Files): %q", got)
	}
	if got := body(t, tgt.URL()+"/env?name=KO_DATA_PATH"); !strings.HasSuffix(got, "/var/run/ko") || !strings.Contains(got, tgt.workDir) {
		t.Fatalf("KO_DATA_PATH is %q: want the image's /var/run/ko where this target unpacked it", got)
	}
}
