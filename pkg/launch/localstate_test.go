package launch

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/check"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
)

// serveInBackground runs MainArgs with --local until the returned cancel, waiting until it serves.
// More arguments (such as --load) come after --local --quiet.
func serveInBackground(t *testing.T, cfg Config, pipeline Pipeline, args ...string) (stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- MainArgs(ctx, append([]string{"--local", "--quiet"}, args...), stderr, pipeline, cfg) }()
	stopped := false
	stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	for deadline := time.Now().Add(time.Minute); !strings.Contains(stderr.String(), "Ctrl-C to stop"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no line saying where it listens:\n%s", stderr.String())
		}
	}
	return stderr, stop
}

// The serving run records where it serves under the user's cache directory, for this user
// only; a later run drives the same environments through it, with the same registry; when the
// serving run ends the record goes; a record nobody answers for is replaced.
func TestLocalEnvironmentsAreKeptForTheNextRun(t *testing.T) {
	root := service(t)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("GREENLIGHT_LOCAL_ADDR", "127.0.0.1:0")
	cfg := Config{Name: "shop", Build: build.Go{Main: "./cmd/shop"}, Environments: []string{"staging", "production"}}
	_, stop := serveInBackground(t, cfg, func(p *greenlight.P, run *Run) {})
	dirs, _ := filepath.Glob(filepath.Join(cache, "greenlight", "local", "shop-*"))
	if len(dirs) != 1 {
		t.Fatalf("state directories %v", dirs)
	}
	dir := dirs[0]
	for name, mode := range map[string]os.FileMode{".": 0o700, "state.json": 0o600, "cosign.key": 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: %v %v, want mode %o", name, fi.Mode().Perm(), err, mode)
		}
	}

	var remote bool
	var second *Run
	var stderr syncBuffer
	code := MainArgs(context.Background(), []string{"--local", "--quiet"}, &stderr, func(p *greenlight.P, run *Run) {
		_, remote = p.Env("production").Target.(*local.Remote)
		second = run
	}, cfg)
	if code != 0 || !remote || !strings.Contains(stderr.String(), "served on this machine by another run") {
		t.Fatalf("the second run: exit %d, remote %v:\n%s", code, remote, stderr.String())
	}
	if !strings.HasPrefix(second.Build.Repo, "127.0.0.1:") || second.Build.Dir != root {
		t.Errorf("the second run builds %+v", second.Build)
	}
	// Environments other than the serving run's are refused.
	other := cfg
	other.Environments = []string{"qa", "production"}
	stderr = syncBuffer{}
	if code := MainArgs(context.Background(), []string{"--local"}, &stderr, func(*greenlight.P, *Run) {}, other); code != 2 || !strings.Contains(stderr.String(), "has the environments staging, production, not qa") {
		t.Errorf("other environments: %d %s", code, stderr.String())
	}

	if code := stop(); code != 0 {
		t.Fatalf("the serving run: exit %d", code)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the state directory outlived its run: %v", err)
	}

	// A run that died left its record: the next run finds nobody answering and starts anew.
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "state.json"), []byte(`{"pid":1,"control":"127.0.0.1:1","token":"x","environments":[{"name":"production","url":"http://127.0.0.1:1"}]}`), 0o600)
	out, stop2 := serveInBackground(t, cfg, func(p *greenlight.P, run *Run) {})
	if !strings.Contains(out.String(), "are gone (their run ended); starting new ones") {
		t.Errorf("a stale record:\n%s", out.String())
	}
	stop2()
}

// --load asks for traffic on this machine: a rate from 1 to 5000, with --local.
func TestLoadFlag(t *testing.T) {
	service(t)
	cfg := Config{Name: "shop", Environments: []string{"production"}}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--local", "--load", "-1"}, "give requests per second from 1 to 5000"},
		{[]string{"--local", "--load", "10", "--load-path", "api"}, "a path starts with /"},
		{[]string{"--load", "10"}, "use it with --local"},
	} {
		var stderr syncBuffer
		if code := MainArgs(context.Background(), c.args, &stderr, func(*greenlight.P, *Run) {}, cfg); code != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d %s", c.args, code, stderr.String())
		}
	}
	smoke := []check.HTTP{{Path: "healthz"}, {Path: "/api"}, {Path: "/api", Contains: "x"}}
	for _, c := range []struct {
		paths string
		smoke []check.HTTP
		want  string
	}{
		{"/, /api", smoke, "/ /api"}, // --load-path chooses
		{"", smoke, "/healthz /api"}, // the smoke checks' paths, as check.HTTP requests them, once each
		{"", nil, "/"},
	} {
		if s, _ := parseLoad(250, c.paths, c.smoke); s.rate != 250 || strings.Join(s.paths, " ") != c.want {
			t.Errorf("parseLoad(%q, %v): %+v, want %s", c.paths, c.smoke, s, c.want)
		}
	}
}

// seenService writes a service into root's module (cmd/shop) that answers 200 on every path and
// appends each request's path to the file $SEEN names, one a line.
func seenService(t *testing.T, root string) {
	t.Helper()
	os.MkdirAll(filepath.Join(root, "cmd", "shop"), 0o755)
	os.WriteFile(filepath.Join(root, "cmd", "shop", "main.go"), []byte(`package main

import (
	"net/http"
	"os"
	"sync"
)

func main() {
	f, err := os.OpenFile(os.Getenv("SEEN"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		panic(err)
	}
	var mu sync.Mutex
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		f.WriteString(r.URL.Path + "\n")
		mu.Unlock()
	})
	panic(http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil))
}
`), 0o644)
}

// Issue 22 §5: --load hits the pipeline's smoke-check paths (Config.Smoke), in turn, as the
// service sees them: no request of the load goes to a path the pipeline did not name.
func TestLoadHitsTheSmokeCheckPaths(t *testing.T) {
	root := service(t)
	seenService(t, root)
	// The local state goes under a fresh cache directory; Go's build cache stays where it is
	// (it defaults to $XDG_CACHE_HOME/go-build: a cold build of net/http took minutes on a
	// loaded machine, and the run never got to serve).
	if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
		t.Setenv("GOCACHE", strings.TrimSpace(string(out)))
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("GREENLIGHT_LOCAL_ADDR", "127.0.0.1:0")
	seen := filepath.Join(t.TempDir(), "seen")
	cfg := Config{Name: "shop", Build: build.Go{Main: "./cmd/shop"}, Environments: []string{"production"},
		Local: []local.Option{local.WithEnv("SEEN=" + seen)},
		Smoke: []check.HTTP{{Path: "/api/info"}, {Path: "/version"}}}
	pipeline := func(p *greenlight.P, run *Run) {
		if len(run.Smoke) != 2 {
			p.Fatalf("run.Smoke: %v", run.Smoke)
		}
		p.DeployStaging(p.Sign(p.Build(run.Build), run.Signer), p.Env("production"), run.Smoke...)
	}
	out, stop := serveInBackground(t, cfg, pipeline, "--load", "200")
	count := func() map[string]int {
		b, _ := os.ReadFile(seen)
		n := map[string]int{}
		for _, p := range strings.Fields(string(b)) {
			if p != "/healthz" { // the local target's health checks
				n[p]++
			}
		}
		return n
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		n := count()
		if n["/api/info"]+n["/version"]+n["/"] >= 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the service saw %v in a minute:\n%s", n, out.String())
		}
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	n := count()
	// Round robin: the load's requests alternate; the smoke checks sent 3 to each before.
	if len(n) != 2 || n["/api/info"] < 40 || n["/version"] < 40 || n["/api/info"]-n["/version"] > 5 || n["/version"]-n["/api/info"] > 5 {
		t.Fatalf("the service saw %v, want the load on /api/info and /version in turn", n)
	}
}

// A secret named in Config.Local's allow-list stops the run before anything is built, saying
// where to fix it.
func TestLocalRefusesASecretInTheAllowList(t *testing.T) {
	service(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("SHOP_API_TOKEN", "s3cr3t")
	var stderr syncBuffer
	built := false
	cfg := Config{Name: "shop", Environments: []string{"production"}, Local: []local.Option{local.WithEnv("SHOP_API_TOKEN")}}
	code := MainArgs(context.Background(), []string{"--local"}, &stderr, func(*greenlight.P, *Run) { built = true }, cfg)
	if code != 2 || built || !strings.Contains(stderr.String(), "SHOP_API_TOKEN holds a secret") || !strings.Contains(stderr.String(), "launch.Config.Local") || strings.Contains(stderr.String(), "s3cr3t") {
		t.Fatalf("exit %d, ran %v:\n%s", code, built, stderr.String())
	}
}
