package launch

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// service makes a service's repository with its .greenlight and runs the test from .greenlight,
// as `go -C .greenlight run .` and the action run a pipeline.
func service(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/shop\n"), 0o644)
	os.MkdirAll(filepath.Join(root, ".greenlight"), 0o755)
	os.WriteFile(filepath.Join(root, ".greenlight", "pipeline.go"), []byte("package main\n"), 0o644)
	t.Chdir(filepath.Join(root, ".greenlight"))
	root, _ = filepath.EvalSymlinks(root)
	return root
}

// syncBuffer is a writer read while another goroutine writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// With --local every environment is a process on this machine, production on
// GREENLIGHT_LOCAL_ADDR; the pipeline gets the build for the embedded registry and a throwaway
// signer; the run serves until its context ends.
func TestLocalRunsEveryEnvironmentHereAndServesUntilCancelled(t *testing.T) {
	root := service(t)
	t.Setenv("GREENLIGHT_LOCAL_ADDR", "127.0.0.1:0")
	t.Setenv("GREENLIGHT_COMMIT", "c0ffee")
	t.Setenv("USER", "ann")
	var got *Run
	var envs []string
	pipeline := func(p *greenlight.P, run *Run) {
		got = run
		for _, name := range []string{"qa", "staging", "production"} {
			if e := p.Env(name); e != nil && e.URL != "" {
				envs = append(envs, name)
			}
		}
	}
	cfg := Config{Name: "shop", Build: build.Go{Main: "./cmd/shop"}, Image: "ghcr.io/acme/shop", Branch: "main",
		Environments: []string{"qa", "staging", "production"},
		GitHub: func(*GitHub) ([]*greenlight.Environment, error) {
			t.Error("a local run made the GitHub environments")
			return nil, nil
		}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- MainArgs(ctx, []string{"--local", "--quiet"}, &stderr, pipeline, cfg) }()
	for deadline := time.Now().Add(time.Minute); !strings.Contains(stderr.String(), "Ctrl-C to stop"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no line saying where it listens:\n%s", stderr.String())
		}
	}
	select {
	case code := <-done:
		t.Fatalf("the local run ended (%d) before it was cancelled:\n%s", code, stderr.String())
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	if got == nil || !got.Local || got.Root != root || got.Signer == nil {
		t.Fatalf("the pipeline got %+v", got)
	}
	b := got.Build
	if b.Dir != root || b.Main != "./cmd/shop" || !strings.HasPrefix(b.Repo, "127.0.0.1:") || !strings.HasSuffix(b.Repo, "/shop") ||
		len(b.Tags) != 1 || b.Tags[0] != "c0ffee" || b.Platform == "" {
		t.Errorf("the local build: %+v", b)
	}
	if strings.Join(envs, " ") != "qa staging production" {
		t.Errorf("local environments with a URL: %v", envs)
	}
	line := stderr.String()[strings.Index(stderr.String(), "shop is deployed"):]
	if !strings.HasPrefix(line, "shop is deployed on this machine: production listens on http://127.0.0.1:") ||
		!strings.Contains(line, ", qa on http://127.0.0.1:") || !strings.Contains(line, ", staging on http://127.0.0.1:") {
		t.Errorf("where it listens: %q", line)
	}
}

// stub is a target the pipeline never moves.
type stub struct{}

func (stub) State(context.Context) (greenlight.State, error) { return greenlight.State{}, nil }
func (stub) Start(context.Context, greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{}, errors.New("stub")
}
func (stub) SetCanaryWeight(context.Context, greenlight.Revision, int) (int, error) {
	return 0, errors.New("stub")
}
func (stub) Promote(context.Context, greenlight.Revision) error { return errors.New("stub") }
func (stub) Abort(context.Context, greenlight.Revision) error   { return errors.New("stub") }
func (stub) Rollback(context.Context) (greenlight.Revision, error) {
	return greenlight.Revision{}, errors.New("stub")
}

// keyFile writes a signing key and returns its path.
func keyFile(t *testing.T) string {
	t.Helper()
	k, err := sign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	pem, err := k.EncryptedPEM(nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cosign.key")
	os.WriteFile(path, pem, 0o600)
	return path
}

// On GitHub the run is signed with the key of the variables the program names, records in
// the repository, runs with the environments Config.GitHub made (each verifying with the
// signer), and runs what they registered for cleanup when it ends.
func TestGitHubRunsWithTheEnvironmentsTheProgramMakes(t *testing.T) {
	root := service(t)
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	f.Token("ghs_run", githubfake.AllPermissions)
	for k, v := range map[string]string{"SHOP_KEY": keyFile(t), "SHOP_KEY_PASSWORD": "", "GITHUB_TOKEN": "ghs_run", "GITHUB_REPOSITORY": "acme/shop",
		"GREENLIGHT_GITHUB_API_URL": f.URL, "GREENLIGHT_COMMIT": "", "GITHUB_SHA": strings.Repeat("a", 40), "GITHUB_EVENT_PATH": "",
		"SLACK_BOT_TOKEN": "", "SLACK_CHANNEL": ""} {
		t.Setenv(k, v)
	}
	var got *Run
	var cleaned []string
	var made []*greenlight.Environment
	cfg := Config{Name: "shop", Build: build.Go{Main: "./cmd/shop"}, Image: "ghcr.io/acme/shop", Branch: "main",
		Environments: []string{"staging", "production"},
		Signer:       SignerFromEnv("SHOP_KEY", "SHOP_KEY_PASSWORD"),
		GitHub: func(gh *GitHub) ([]*greenlight.Environment, error) {
			if gh.Root != root || gh.Client == nil || gh.Client.Repository() != "acme/shop" || gh.Signer == nil {
				t.Errorf("GitHub: %+v", gh)
			}
			gh.Cleanup(func() { cleaned = append(cleaned, "first") })
			gh.Cleanup(func() { cleaned = append(cleaned, "second") })
			gh.Slack(notify.FromEnv(&strings.Builder{}))
			made = []*greenlight.Environment{{Name: "staging", Target: stub{}}, {Name: "production", Target: stub{}}}
			return made, nil
		}}
	var stderr strings.Builder
	code := MainArgs(context.Background(), nil, &stderr, func(p *greenlight.P, run *Run) {
		got = run
		p.Env("staging")
		p.Env("production")
	}, cfg)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	if got == nil || got.Local || got.Root != root || got.Signer == nil {
		t.Fatalf("the pipeline got %+v", got)
	}
	if b := got.Build; b.Dir != root || b.Repo != "ghcr.io/acme/shop" || len(b.Tags) != 1 || b.Tags[0] != strings.Repeat("a", 40) || b.Platform != "" {
		t.Errorf("the build on GitHub: %+v", b)
	}
	for _, e := range made {
		if e.Verifier == nil {
			t.Errorf("%s does not verify what it deploys", e.Name)
		}
	}
	if made[1].Approval.Required || made[1].Approval.Approver != nil {
		t.Error("production is gated on Slack approvals with Slack off")
	}
	if strings.Join(cleaned, " ") != "second first" {
		t.Errorf("cleanups ran: %v", cleaned)
	}
}

// With Slack on, production waits for an approval asked for in Slack.
func TestGitHubWithSlackGatesProduction(t *testing.T) {
	service(t)
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	f.Token("ghs_run", githubfake.AllPermissions)
	sf := slackfake.New(nil)
	defer sf.Stop()
	for k, v := range map[string]string{"COSIGN_KEY": keyFile(t), "COSIGN_PASSWORD": "", "GITHUB_TOKEN": "ghs_run", "GITHUB_REPOSITORY": "acme/shop",
		"GREENLIGHT_GITHUB_API_URL": f.URL, "GITHUB_EVENT_PATH": "", "SLACK_BOT_TOKEN": slackfake.Token, "SLACK_CHANNEL": "C0DEPLOYS", "SLACK_API_URL": sf.GetAPIURL()} {
		t.Setenv(k, v)
	}
	var made []*greenlight.Environment
	cfg := Config{Name: "shop", Image: "ghcr.io/acme/shop", Branch: "main", Environments: []string{"staging", "production"},
		GitHub: func(gh *GitHub) ([]*greenlight.Environment, error) {
			gh.Slack(notify.FromEnv(&strings.Builder{}))
			made = []*greenlight.Environment{{Name: "staging", Target: stub{}}, {Name: "production", Target: stub{}}}
			return made, nil
		}}
	var stderr strings.Builder
	if code := MainArgs(context.Background(), []string{"--quiet"}, &stderr, func(*greenlight.P, *Run) {}, cfg); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	if made[0].Approval.Required || made[0].Approval.Approver != nil {
		t.Error("staging is gated")
	}
	if !made[1].Approval.Required || made[1].Approval.Approver == nil {
		t.Error("production is not gated on Slack approvals")
	}
}

// What is missing on GitHub is named in one line, exit status 2, before the pipeline runs;
// the cleanups registered before an error run too.
func TestGitHubNamesWhatIsMissing(t *testing.T) {
	service(t)
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	f.Token("ghs_run", githubfake.AllPermissions)
	for _, k := range []string{"COSIGN_KEY", "GITHUB_WORKFLOW_REF", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "SIGSTORE_ROOT_FILE", "SIGSTORE_REKOR_PUBLIC_KEY"} {
		t.Setenv(k, "")
	}
	t.Setenv("GREENLIGHT_GITHUB_API_URL", f.URL)
	var cleaned bool
	hook := func(err error, envs ...*greenlight.Environment) func(*GitHub) ([]*greenlight.Environment, error) {
		return func(gh *GitHub) ([]*greenlight.Environment, error) {
			gh.Cleanup(func() { cleaned = true })
			return envs, err
		}
	}
	cfg := Config{Name: "shop", Environments: []string{"staging", "production"}, GitHub: hook(nil)}
	pipeline := func(*greenlight.P, *Run) { t.Error("the pipeline ran") }
	steps := []struct {
		set  func()
		cfg  func(*Config)
		want string
	}{
		{func() { t.Setenv("GITHUB_TOKEN", "ghs_run"); t.Setenv("GITHUB_REPOSITORY", "acme/shop") }, nil, "pipeline: no signing key: set the COSIGN_KEY secret"},
		{func() { t.Setenv("COSIGN_KEY", "/nowhere/cosign.key") }, nil, "pipeline: COSIGN_KEY: "},
		{func() { t.Setenv("COSIGN_KEY", keyFile(t)); t.Setenv("GITHUB_TOKEN", "") }, nil, "pipeline: no GitHub token"},
		{func() { t.Setenv("GITHUB_TOKEN", "ghs_run"); t.Setenv("GITHUB_REPOSITORY", "acme/shop") },
			func(c *Config) { c.GitHub = hook(errors.New("PROMETHEUS_URL is not set:\n  set it")) }, "pipeline: PROMETHEUS_URL is not set: set it"},
		{nil, func(c *Config) { c.GitHub = hook(nil, &greenlight.Environment{Name: "staging", Target: stub{}}) },
			`pipeline: launch.Config.GitHub made no environment "production"`},
		{nil, func(c *Config) { c.GitHub = nil }, "pipeline: launch.Config has no GitHub"},
		{nil, func(c *Config) { c.Environments = nil }, "pipeline: launch.Config names no environments"},
	}
	for i, s := range steps {
		if s.set != nil {
			s.set()
		}
		if s.cfg != nil {
			s.cfg(&cfg)
		}
		cleaned = false
		var stderr strings.Builder
		code := MainArgs(context.Background(), nil, &stderr, pipeline, cfg)
		out := stderr.String()
		if code != 2 || !strings.HasPrefix(out, s.want) || strings.Count(out, "\n") != 1 || (i < 4 && !strings.HasSuffix(out, "(or try --local)\n")) {
			t.Errorf("step %d: exit %d, want one line %q...:\n%s", i, code, s.want, out)
		}
		if i == 3 && !cleaned {
			t.Errorf("step %d: the cleanup registered before the error did not run", i)
		}
	}
}

// Outside a service's repository (or its .greenlight) the program says where to run it.
func TestMainArgsFindsTheService(t *testing.T) {
	t.Chdir(t.TempDir())
	var stderr strings.Builder
	code := MainArgs(context.Background(), []string{"--local"}, &stderr, func(*greenlight.P, *Run) {}, Config{Name: "shop", Environments: []string{"production"}})
	if code != 2 || !strings.Contains(stderr.String(), "cannot find the service") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

// Everything missing on GitHub is said in one run: the signer's, the repository's and what
// Config.GitHub returns (errors.Join), each on its line, and Config.GitHub is asked even when
// the signer and the client could not be made.
func TestGitHubNamesEverythingMissingAtOnce(t *testing.T) {
	service(t)
	for _, k := range []string{"COSIGN_KEY", "GITHUB_WORKFLOW_REF", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "SIGSTORE_ROOT_FILE", "SIGSTORE_REKOR_PUBLIC_KEY"} {
		t.Setenv(k, "")
	}
	var asked *GitHub
	cfg := Config{Name: "shop", Environments: []string{"staging", "production"}, GitHub: func(gh *GitHub) ([]*greenlight.Environment, error) {
		asked = gh
		return nil, errors.Join(errors.New("PROMETHEUS_URL is not set"), errors.New("no Kubernetes credentials"))
	}}
	var stderr strings.Builder
	code := MainArgs(context.Background(), nil, &stderr, func(*greenlight.P, *Run) { t.Error("the pipeline ran") }, cfg)
	out := stderr.String()
	if code != 2 || strings.Count(out, "\n") != 5 || !strings.HasPrefix(out, "pipeline: 4 things are missing for a run on GitHub (or try --local") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{"\n  - no signing key", "\n  - no GitHub token", "\n  - PROMETHEUS_URL is not set\n", "\n  - no Kubernetes credentials\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "open :") {
		t.Errorf("an empty path:\n%s", out)
	}
	if asked == nil || asked.Client != nil || asked.Signer != nil || strings.Join(asked.Environments, " ") != "staging production" {
		t.Errorf("Config.GitHub got %+v", asked)
	}
}

// The program's flags are parsed by the flag package: -local and --local=true run locally, a
// typo or a stray argument is a usage error before anything runs, --help exits 0 listing
// --local and the core's flags.
func TestMainArgsParsesFlags(t *testing.T) {
	service(t)
	t.Setenv("GREENLIGHT_LOCAL_ADDR", "127.0.0.1:0")
	cfg := Config{Name: "shop", Environments: []string{"production"}}
	for _, args := range [][]string{{"-local", "-quiet"}, {"--local=true", "--quiet"}} {
		var got *Run
		var stderr syncBuffer
		code := MainArgs(context.Background(), args, &stderr, func(p *greenlight.P, run *Run) {
			got = run
			p.Fatalf("stop here")
		}, cfg)
		if code != 1 || got == nil || !got.Local {
			t.Errorf("%v: exit %d, run %+v:\n%s", args, code, got, stderr.String())
		}
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--lcoal"}, 2, "flag provided but not defined: -lcoal"},
		{[]string{"local"}, 2, `unexpected argument "local"`},
		{[]string{"--help"}, 0, "-local"},
	} {
		var stderr strings.Builder
		code := MainArgs(context.Background(), c.args, &stderr, func(*greenlight.P, *Run) { t.Errorf("%v: the pipeline ran", c.args) }, cfg)
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d:\n%s", c.args, code, stderr.String())
		}
	}
}

// A run from a work tree with uncommitted changes says so: what it deploys is not a commit.
func TestARunNamesADirtyWorkTree(t *testing.T) {
	root := service(t)
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "-m", "x"}} {
		if out, err := exec.Command("git", append([]string{"-C", root}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	t.Setenv("GREENLIGHT_LOCAL_ADDR", "127.0.0.1:0")
	cfg := Config{Name: "shop", Environments: []string{"production"}}
	runOnce := func() string {
		var stderr syncBuffer
		MainArgs(context.Background(), []string{"--local", "--quiet"}, &stderr, func(p *greenlight.P, _ *Run) { p.Fatalf("stop here") }, cfg)
		return stderr.String()
	}
	if out := runOnce(); strings.Contains(out, "uncommitted") {
		t.Errorf("a clean work tree called dirty:\n%s", out)
	}
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/shop // edited\n"), 0o644)
	os.WriteFile(filepath.Join(root, ".greenlight", "pipeline.go"), []byte("package main // edited\n"), 0o644)
	if out := runOnce(); !strings.Contains(out, "pipeline: the work tree has uncommitted changes (go.mod): this run builds and deploys them") {
		t.Errorf("a dirty work tree not named:\n%s", out)
	}
}
