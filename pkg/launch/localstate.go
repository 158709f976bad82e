package launch

// Local environments kept between runs (issue 22 §5). The run that serves (the first
// `go -C .greenlight run . --local`, until Ctrl-C) keeps its registry, its throwaway key and
// its environments, and answers on a loopback control address (local.ServeControl). It writes
// where, with the token and the key, into a state directory under the user's cache directory
// (os.UserCacheDir()/greenlight/local/<service>-<hash of its root>, mode 0700). A later run of
// the same service finds it there, checks that the serving run answers, and drives the same
// environments (local.Dial): its release is a canary beside the version that serves, judged on
// the serving router's counts as in production, promoted or rolled back live. When the serving
// run ends, it removes the state directory; a state left by a run that died is found stale
// (no answer) and replaced.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"

	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/pkg/check"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// localState is what the serving run writes for later runs (state.json).
type localState struct {
	PID          int        `json:"pid"`
	Control      string     `json:"control"`
	Token        string     `json:"token"`
	Repo         string     `json:"repo"`
	Environments []stateEnv `json:"environments"`
}

type stateEnv struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// stateDir is where this service's local environments are described while a run serves them,
// or "" when the user has no cache directory.
func (l *launcher) stateDir() string {
	if l.env.cacheDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(l.root))
	return filepath.Join(l.env.cacheDir, "greenlight", "local", safeName(l.cfg.Name)+"-"+hex.EncodeToString(sum[:4]))
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// serving reads the state of a run that serves this service's environments and answers; nil
// when there is none. A state nobody answers for is removed.
func (l *launcher) serving(ctx context.Context, dir string) *localState {
	if dir == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return nil
	}
	var st localState
	if json.Unmarshal(b, &st) != nil || st.Control == "" || len(st.Environments) == 0 ||
		local.Dial(st.Control, st.Token, st.Environments[0].Name).Ping(ctx) != nil {
		fmt.Fprintf(l.stderr, "pipeline: the local environments recorded in %s are gone (their run ended); starting new ones\n", dir)
		os.RemoveAll(dir)
		return nil
	}
	return &st
}

// attached runs the pipeline against the environments another run serves.
func (l *launcher) attached(ctx context.Context, args []string, dir string, st *localState, load loadSpec) int {
	lock, err := os.OpenFile(filepath.Join(dir, "run.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return l.fail("%v", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return l.fail("another run is deploying to the local environments of %s right now: wait for it to end", l.cfg.Name)
	}
	key, err := sign.LoadKeyFile(filepath.Join(dir, "cosign.key"), nil)
	if err != nil {
		return l.fail("the serving run's key: %v", err)
	}
	signer, err := sign.NewSigner(key)
	if err != nil {
		return l.fail("%v", err)
	}
	urls := map[string]string{}
	var names []string
	for _, e := range st.Environments {
		urls[e.Name] = e.URL
		names = append(names, e.Name)
	}
	var envs []*greenlight.Environment
	for _, name := range l.cfg.Environments {
		if urls[name] == "" {
			return l.fail("the run serving %s locally (pid %d) has the environments %s, not %s: stop it (Ctrl-C) to run with these", l.cfg.Name, st.PID, strings.Join(names, ", "), name)
		}
		envs = append(envs, &greenlight.Environment{Name: name, Target: local.Dial(st.Control, st.Token, name), URL: urls[name]})
	}
	prodURL := urls[l.production()]
	fmt.Fprintf(l.stderr, "pipeline: %s is served on this machine by another run (pid %d, %s on %s): this run deploys beside it, production as a canary judged on its traffic%s\n",
		l.cfg.Name, st.PID, l.production(), prodURL, load.say())
	b := l.build(st.Repo)
	b.Platform = runtime.GOOS + "/" + runtime.GOARCH
	run := &Run{Root: l.root, Build: b, Signer: signer, Local: true, Smoke: l.smoke()}
	stop := load.start(prodURL)
	code := greenlight.MainArgs(args, l.stderr, l.bind(run),
		greenlight.WithName(l.cfg.Name),
		greenlight.WithSource(runlog.Source{Commit: l.env.sha, Author: l.env.user, Trigger: "local"}),
		greenlight.WithEnvironments(envs...))
	stop()
	fmt.Fprintf(l.stderr, "\n%s on %s is served by the run of pid %d (Ctrl-C there stops it).\n", l.production(), prodURL, st.PID)
	return code
}

// loadSpec is --load: generated traffic on production while a local run serves or deploys.
type loadSpec struct {
	rate  int
	paths []string
}

func (s loadSpec) say() string {
	if s.rate == 0 {
		return " (send it traffic, or run with --load RATE)"
	}
	return fmt.Sprintf(" (--load: %d requests per second to %s)", s.rate, strings.Join(s.paths, ", "))
}

// start sends the load to url's paths, in turn, until the returned function is called.
func (s loadSpec) start(url string) func() {
	if s.rate == 0 {
		return func() {}
	}
	var urls []string
	for _, p := range s.paths {
		urls = append(urls, strings.TrimSuffix(url, "/")+p)
	}
	g := loadgen.StartRoundRobin(urls, s.rate)
	return func() { g.Stop() }
}

// parseLoad checks --load and --load-path; without --load-path the load requests the smoke
// checks' paths, or "/" when there is none.
func parseLoad(rate int, paths string, smoke []check.HTTP) (loadSpec, error) {
	if rate < 0 || rate > 5000 {
		return loadSpec{}, fmt.Errorf("--load %d: give requests per second from 1 to 5000", rate)
	}
	s := loadSpec{rate: rate}
	for _, p := range strings.Split(paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if !strings.HasPrefix(p, "/") {
				return loadSpec{}, fmt.Errorf("--load-path %q: a path starts with /", p)
			}
			s.paths = append(s.paths, p)
		}
	}
	if len(s.paths) == 0 {
		for _, c := range smoke {
			if p := "/" + strings.TrimLeft(c.Path, "/"); !slices.Contains(s.paths, p) {
				s.paths = append(s.paths, p) // as check.HTTP requests it
			}
		}
	}
	if len(s.paths) == 0 {
		s.paths = []string{"/"}
	}
	return s, nil
}

// writeState records st and the key in dir for later runs (the directory and files only this
// user reads).
func writeState(dir string, st localState, key *sign.Key) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	if _, _, err := key.WriteFiles(dir, nil); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(st, "", "  ")
	tmp := filepath.Join(dir, ".state.json.tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "state.json"))
}
