// Package launch is the entry point of a pipeline's program: one call from main that runs the
// pipeline as the run asks, on GitHub (the deploy workflow's run, through `greenlight run` as the
// Greenlight action calls it) or on this machine with --local, so that the program holds only the
// pipeline's logic and where its environments run, and an upgrade of Greenlight updates the
// wiring between them.
//
//	func main() {
//		launch.Main(pipeline, launch.Config{
//			Name:         "shop",
//			Build:        build.Go{Main: "./cmd/shop"},
//			Image:        "ghcr.io/acme/shop",
//			Branch:       "main",
//			Environments: []string{"staging", "production"},
//			Signer:       launch.SignerFromEnv("COSIGN_KEY", "COSIGN_PASSWORD"),
//			GitHub:       onGitHub, // the environments on GitHub: Kubernetes, Prometheus, Slack
//		})
//	}
//
// With --local, Main runs the pipeline with no accounts: an embedded registry, a throwaway
// signing key, and each environment a process on 127.0.0.1 (pkg/local), then serves them until
// Ctrl-C. Otherwise it is the run on GitHub: the signer of Config.Signer, the repository's client
// (github.FromEnv) that records every deploy as a GitHub deployment, checks that a commit is green
// and newest and carries out the workflow's commands (deploy, rollback, promote, abort), the
// environments Config.GitHub makes, and Slack when Config.GitHub asks for it (GitHub.Slack).
//
// launch links no target: Config.GitHub makes the environments in the pipeline's own code, so a
// pipeline links only the providers it uses (the Kubernetes client only when it deploys to
// Kubernetes). Environment variables are read only by the FromEnv helpers launch calls: its own
// (SignerFromEnv, and the settings of Main listed there) and those of the packages it wires
// (github.FromEnv, runlog.SourceFromEnv, sign.KeylessFromEnv).
package launch

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/check"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/slack"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// Pipeline is a pipeline's logic, the same on GitHub and with --local: run says where the
// service is, how it is built and what signs it in this run.
type Pipeline func(p *greenlight.P, run *Run)

// Run is what a pipeline gets from launch besides P.
type Run struct {
	// Root is the service's repository: the directory with its go.mod and .greenlight.
	Root string
	// Build is Config.Build ready for this run: Dir (default Root; a relative Dir is under
	// Root), Repo (Config.Image on GitHub, the embedded registry with --local) and Tags (the
	// commit, when known) filled in; with --local, Platform is this machine's.
	Build build.Go
	// Signer signs the images: Config.Signer's on GitHub, a throwaway key with --local.
	Signer oci.Signer
	// Local is true with --local.
	Local bool
	// Smoke are Config.Smoke's checks, for the pipeline's deploy stages:
	// p.DeployStaging(img, env, run.Smoke...). With --local only: on the cluster a revision
	// has no URL of its own to check before it takes traffic.
	Smoke []greenlight.Check
}

// Config is what a pipeline's program says about itself.
type Config struct {
	// Name is the service's name: the run's name, the image's name in the embedded registry
	// with --local, and what the messages call it.
	Name string
	// Build is how the service is built (Main, Base, Ldflags...); launch fills in the rest
	// (see Run.Build).
	Build build.Go
	// Image is the repository images are pushed to on GitHub, such as ghcr.io/acme/shop.
	Image string
	// Branch is the default branch: decisions (approvals) are recorded there.
	Branch string
	// Environments are the environments' names, in the order a release goes through them;
	// the last is production. With --local each is a process on 127.0.0.1: production on
	// $GREENLIGHT_LOCAL_ADDR (default 127.0.0.1:8080), the others on free ports. On GitHub,
	// production is marked as such in GitHub's deployments, and Slack approves it.
	Environments []string
	// Local are the options of every environment of a run with --local (pkg/local), for a
	// service that does not run as the local target runs it by default: how it takes its port
	// when it does not read $PORT (local.WithArgs("--port={{.Port}}"), local.WithPortEnv), and
	// the variables it gets besides the port and GREENLIGHT_* (local.WithEnv("NAME") passes NAME
	// from the pipeline's environment; a secret never passes). launch's own options (the
	// address, where the environment's state is kept) come after them.
	Local []local.Option
	// Smoke are the service's smoke checks: GET requests a new version must answer as expected
	// before it takes traffic. Run.Smoke has them for the pipeline's deploy stages, and with
	// --local, --load RATE requests their paths in turn (production's "/" when there is none;
	// --load-path chooses others).
	Smoke []check.HTTP
	// Signer makes the signer of a run on GitHub (default SignerFromEnv("COSIGN_KEY",
	// "COSIGN_PASSWORD")); with --local a throwaway key signs.
	Signer func() (oci.Signer, error)
	// GitHub makes the environments of a run on GitHub, one for each of Environments. An error
	// stops the run with exit status 2 before anything is built: say in it what is missing and
	// how to provide it. launch verifies every deploy with the signer (Environment.Verifier,
	// unless set).
	GitHub func(gh *GitHub) ([]*greenlight.Environment, error)
}

// GitHub is what Config.GitHub gets to make the environments of a run on GitHub.
//
// Config.GitHub is called even when the signer or the repository's client could not be made
// (then Signer or Client is nil), so that the run names everything missing at once: check what
// the environments need and return every problem (errors.Join), each one line saying how to
// provide it.
type GitHub struct {
	// Root is the service's repository.
	Root string
	// Environments are Config.Environments: make one environment for each.
	Environments []string
	// Client is the repository's client (github.FromEnv); nil when it could not be made.
	Client *github.Client
	// Signer signs this run's images; nil when it could not be made.
	Signer oci.Signer
	// Log writes a provider's progress lines into the run's output (such as a Kubernetes
	// target's wait for an API server that went away: kubernetes.WithLogger(gh.Log)).
	Log runlog.Logger

	cleanups []func()
	slack    *notify.Setup
}

// Cleanup registers f to run when the run ends, however it ends (such as a target's Close, or
// the removal of a kubeconfig written for the run); the last registered runs first.
func (g *GitHub) Cleanup(f func()) { g.cleanups = append(g.cleanups, f) }

// Slack turns on Slack for the run as s (notify.FromEnv) configures it: one live message per
// release, flushed when the run ends. With s on, production is gated where people can approve:
// it requires an approval recorded for exactly the digest before it takes all traffic, asked
// for in Slack (slack.Approver).
func (g *GitHub) Slack(s *notify.Setup) { g.slack = s }

// Main runs pipeline as its program: the whole of a pipeline.go's main function. --local runs it
// on this machine (and serves the environments until Ctrl-C); any other argument is
// greenlight.MainArgs's (the request and events files of `greenlight run`, --report, --quiet).
// It exits with the run's status: 0 passed, 1 failed, 2 bad usage or configuration, 130
// cancelled.
func Main(pipeline Pipeline, cfg Config) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := MainArgs(ctx, os.Args[1:], os.Stderr, pipeline, cfg)
	stop()
	os.Exit(code)
}

// MainArgs is Main with explicit arguments and output, returning the exit status; ctx ends the
// serving of a local run. It reads the service's root from the working directory (the
// repository, or its .greenlight) and its settings from the environment: GREENLIGHT_LOCAL_ADDR
// (production's address with --local), GREENLIGHT_COMMIT or GITHUB_SHA (the commit, tagged on the
// image), USER (who runs a local run).
func MainArgs(ctx context.Context, args []string, stderr io.Writer, pipeline Pipeline, cfg Config) int {
	fs := flag.NewFlagSet("pipeline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	isLocal := fs.Bool("local", false, "run on this machine with no accounts: an embedded registry, a throwaway signing key, every environment a process on 127.0.0.1; run again while one serves to deploy a canary beside it")
	loadRate := fs.Int("load", 0, "with --local, send `RATE` GET requests per second to production while this run serves or deploys, so that a canary has traffic to be judged on")
	loadPaths := fs.String("load-path", "", "the `PATHS` --load requests in turn, comma-separated (default: the paths of launch.Config.Smoke's checks, else /)")
	greenlight.DefineFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go -C .greenlight run . [--local] [flags]\n\nWithout --local the pipeline runs as the deploy workflow runs it on GitHub.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2 // the flag package said which flag, and printed the usage
	}
	if fs.NArg() > 0 {
		return (&launcher{stderr: stderr}).fail("unexpected argument %q: flags start with - (such as --local)", fs.Arg(0))
	}
	// What MainArgs of the core reads is passed on as parsed.
	args = nil
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "local" && f.Name != "load" && f.Name != "load-path" {
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	l := &launcher{stderr: stderr, cfg: cfg, pipeline: pipeline, env: settingsFromEnv()}
	// The secrets greenlight run hands over through a descriptor (never the environment).
	if _, err := secrets.Received(); err != nil {
		return l.fail("%v", err)
	}
	if len(cfg.Environments) == 0 {
		return l.fail("launch.Config names no environments")
	}
	root, err := serviceRoot()
	if err != nil {
		return l.fail("%v", err)
	}
	l.root = root
	if dirty := uncommitted(ctx, root); len(dirty) > 0 {
		// What is built is the work tree: say so, since no commit holds what is deployed.
		more := ""
		if len(dirty) > 5 {
			dirty, more = dirty[:5], fmt.Sprintf(" and %d more", len(dirty)-5)
		}
		fmt.Fprintf(stderr, "pipeline: the work tree has uncommitted changes (%s%s): this run builds and deploys them, which no commit holds\n", strings.Join(dirty, ", "), more)
	}
	load, err := parseLoad(*loadRate, *loadPaths, cfg.Smoke)
	if err != nil {
		return l.fail("%v", err)
	}
	if *isLocal {
		return l.local(ctx, args, load)
	}
	if load.rate > 0 {
		return l.fail("--load generates traffic on this machine's environments: use it with --local")
	}
	return l.github(args)
}

// settings are what a run takes from the process environment.
type settings struct {
	localAddr string // production's address with --local
	cacheDir  string // where a serving local run describes its environments (os.UserCacheDir)
	commit    string // the commit, tagged on the image
	user      string // who runs a local run
	sha       string // the commit a local run names
}

// settingsFromEnv is the one place launch itself reads environment variables for Main:
// GREENLIGHT_LOCAL_ADDR, GREENLIGHT_COMMIT, GITHUB_SHA and USER, and the user's cache directory
// (os.UserCacheDir: XDG_CACHE_HOME or HOME).
func settingsFromEnv() settings {
	s := settings{localAddr: os.Getenv("GREENLIGHT_LOCAL_ADDR"), commit: os.Getenv("GREENLIGHT_COMMIT"),
		user: os.Getenv("USER"), sha: os.Getenv("GITHUB_SHA")}
	s.cacheDir, _ = os.UserCacheDir()
	if s.commit == "" {
		s.commit = s.sha
	}
	return s
}

// SignerFromEnv returns Config.Signer for a key given to the run in environment variables: the
// signing key in keyVar (the content of cosign.key from `greenlight keygen`, or its path) with
// its password in passwordVar; when keyVar is unset, keyless signing with the workflow's
// identity (sign.KeylessFromEnv). The variables are read when the run on GitHub starts; this is
// the one place launch reads the signing key from the environment.
func SignerFromEnv(keyVar, passwordVar string) func() (oci.Signer, error) {
	return func() (oci.Signer, error) {
		if v := os.Getenv(keyVar); v != "" {
			key, err := sign.LoadKey(v, []byte(os.Getenv(passwordVar)))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", keyVar, err)
			}
			return sign.NewSigner(key)
		}
		k, err := sign.KeylessFromEnv()
		if err != nil {
			return nil, fmt.Errorf("no signing key: set the %s secret (greenlight keygen), or sign keyless (%v)", keyVar, err)
		}
		return k, nil
	}
}

// launcher is one run of Main.
type launcher struct {
	stderr   io.Writer
	cfg      Config
	pipeline Pipeline
	env      settings
	root     string
}

// production is the name of the last environment.
func (l *launcher) production() string { return l.cfg.Environments[len(l.cfg.Environments)-1] }

// build is Config.Build for this run, pushed to repo.
func (l *launcher) build(repo string) build.Go {
	b := l.cfg.Build
	switch {
	case b.Dir == "":
		b.Dir = l.root
	case !filepath.IsAbs(b.Dir):
		b.Dir = filepath.Join(l.root, b.Dir)
	}
	b.Repo = repo
	if l.env.commit != "" {
		b.Tags = append(append([]string(nil), b.Tags...), l.env.commit)
	}
	return b
}

// smoke is Config.Smoke as the checks of a deploy stage.
func (l *launcher) smoke() []greenlight.Check {
	var cs []greenlight.Check
	for _, c := range l.cfg.Smoke {
		cs = append(cs, c)
	}
	return cs
}

// bind is the pipeline with this run's Run.
func (l *launcher) bind(run *Run) func(*greenlight.P) {
	return func(p *greenlight.P) { l.pipeline(p, run) }
}

// local deploys every environment on this machine and serves them until ctx ends; when another
// run serves them already, it deploys there instead (attached).
func (l *launcher) local(ctx context.Context, args []string, load loadSpec) int {
	dir := l.stateDir()
	if st := l.serving(ctx, dir); st != nil {
		return l.attached(ctx, args, dir, st, load)
	}
	reg, err := registry.Start()
	if err != nil {
		return l.fail("starting the local registry: %v", err)
	}
	defer reg.Close()
	key, err := sign.GenerateKey() // throwaway: it lives as long as this run
	if err != nil {
		return l.fail("%v", err)
	}
	signer, err := sign.NewSigner(key)
	if err != nil {
		return l.fail("%v", err)
	}
	prod := l.production()
	var envs []*greenlight.Environment
	var targets []*local.Target
	for _, name := range l.cfg.Environments {
		addr := "127.0.0.1:0"
		if name == prod {
			addr = "127.0.0.1:8080"
			if l.env.localAddr != "" {
				addr = l.env.localAddr
			}
		}
		t, err := local.New(name, append(append([]local.Option(nil), l.cfg.Local...), local.WithAddr(addr))...)
		if err != nil && strings.Contains(err.Error(), "listening on") {
			return l.fail("%v; set GREENLIGHT_LOCAL_ADDR to another address, such as 127.0.0.1:8181", err)
		}
		if err != nil {
			return l.fail("%v: fix launch.Config.Local in .greenlight/pipeline.go", err)
		}
		defer t.Close()
		targets = append(targets, t)
		envs = append(envs, &greenlight.Environment{Name: name, Target: t, URL: t.URL()})
	}
	b := l.build(reg.Repo(l.cfg.Name))
	b.Platform = runtime.GOOS + "/" + runtime.GOARCH // the local target runs it on this machine
	run := &Run{Root: l.root, Build: b, Signer: signer, Local: true, Smoke: l.smoke()}
	code := greenlight.MainArgs(args, l.stderr, l.bind(run),
		greenlight.WithName(l.cfg.Name),
		greenlight.WithSource(runlog.Source{Commit: l.env.sha, Author: l.env.user, Trigger: "local"}),
		greenlight.WithEnvironments(envs...))
	if code != 0 || ctx.Err() != nil {
		return code
	}
	where := []string{prod + " listens on " + envs[len(envs)-1].URL}
	for _, e := range envs[:len(envs)-1] {
		where = append(where, e.Name+" on "+e.URL)
	}
	// Later runs deploy beside this one (a canary of the next version, live): recorded before
	// the line that says it serves, so that a run started on seeing it finds this one.
	if dir != "" {
		ctl, err := local.ServeControl(signer.Verifier(), lineLogger{l.stderr}, targets...)
		if err == nil {
			defer ctl.Close()
			st := localState{PID: os.Getpid(), Control: ctl.Addr(), Token: ctl.Token(), Repo: b.Repo}
			for _, e := range envs {
				st.Environments = append(st.Environments, stateEnv{Name: e.Name, URL: e.URL})
			}
			err = writeState(dir, st, key)
			defer os.RemoveAll(dir)
		}
		if err != nil {
			fmt.Fprintf(l.stderr, "pipeline: later runs cannot deploy beside this one (%v); each run starts anew\n", err)
			dir = ""
		}
	}
	fmt.Fprintf(l.stderr, "\n%s is deployed on this machine: %s. Ctrl-C to stop.\n", l.cfg.Name, strings.Join(where, ", "))
	if dir != "" {
		fmt.Fprintf(l.stderr, "Change the service and run `go -C .greenlight run . --local` again while this one serves: the new version goes to production as a canary beside this one, promoted or rolled back live.\n")
	}
	defer load.start(envs[len(envs)-1].URL)()
	<-ctx.Done()
	return 0
}

// github is the run the deploy workflow makes, through the Greenlight action.
func (l *launcher) github(args []string) int {
	if l.cfg.GitHub == nil {
		return l.fail("launch.Config has no GitHub: the pipeline runs only with --local")
	}
	newSigner := l.cfg.Signer
	if newSigner == nil {
		newSigner = SignerFromEnv("COSIGN_KEY", "COSIGN_PASSWORD")
	}
	// Everything missing is said at once: on GitHub each missing piece costs a push and a CI run.
	var missing []string
	signer, err := newSigner()
	if err != nil {
		missing = append(missing, oneLine(err))
	}
	// Commits deploy only when green and newest; every deploy is a GitHub deployment (the
	// inventory and audit trail); the workflow's rollback/deploy/promote commands.
	gh, runURL, err := github.FromEnv()
	if err != nil {
		missing = append(missing, oneLine(err)+" (the action passes the workflow's token; outside GitHub set GITHUB_TOKEN and GITHUB_REPOSITORY)")
	}
	g := &GitHub{Root: l.root, Environments: l.cfg.Environments, Client: gh, Signer: signer, Log: lineLogger{l.stderr}}
	defer func() {
		for i := len(g.cleanups) - 1; i >= 0; i-- {
			g.cleanups[i]()
		}
	}()
	envs, err := l.cfg.GitHub(g)
	if err != nil {
		for _, e := range unjoin(err) {
			missing = append(missing, oneLine(e))
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return l.fail("%s (or try --local)", missing[0])
	default:
		fmt.Fprintf(l.stderr, "pipeline: %d things are missing for a run on GitHub (or try --local, which needs none of them):\n", len(missing))
		for _, m := range missing {
			fmt.Fprintf(l.stderr, "  - %s\n", m)
		}
		return 2
	}
	byName := map[string]*greenlight.Environment{}
	for _, e := range envs {
		// Every deploy is verified with the signer's key or identity, rollbacks included.
		if e.Verifier == nil {
			e.Verifier = signer.Verifier()
		}
		byName[e.Name] = e
	}
	for _, name := range l.cfg.Environments {
		if byName[name] == nil {
			return l.fail("launch.Config.GitHub made no environment %q (Config.Environments names it)", name)
		}
	}
	opts := []greenlight.Option{
		greenlight.WithName(l.cfg.Name),
		greenlight.WithLedger(gh.Ledger(runURL, l.production())),
		greenlight.WithDecisions(gh.Decisions(l.cfg.Branch)),
		greenlight.WithCommands(gh.Releases(), signer.Verifier()),
		greenlight.WithEnvironments(envs...),
	}
	if sl := g.slack; sl != nil {
		if sl.Notifier != nil {
			// Production is gated where people can approve: a recorded approval for exactly the
			// digest before it takes all traffic.
			prod := byName[l.production()]
			prod.Approval.Required = true
			ap := slack.NewApprover(sl.Token, sl.Channel, gh)
			ap.Release, ap.AuthorEmail = sl.Notifier, slack.EventAuthorEmailFromEnv()
			prod.Approval.Approver = ap
			// The approve lists of .greenlight/slack.yml hold for every decision, also one
			// recorded directly in GitHub (docs/trust.md §4).
			approvers, found, err := slack.ApproversFromFile(context.Background(), filepath.Join(l.root, ".greenlight", "slack.yml"), prod.Name, sl.Token, sl.Options...)
			if err != nil {
				return l.fail("the approvers of %s: %v", prod.Name, err)
			}
			if found && prod.Approval.Quorum == nil {
				// One approval by any of them: a quorum of 1 of the approvers.
				prod.Approval.Quorum = &approval.Quorum{N: 1, Group: "the approvers", Members: approvers}
			}
		}
		opts = append([]greenlight.Option{sl.Option}, opts...)
		defer sl.Flush()
	}
	// No smoke checks on the cluster: a Kubernetes target rolls a revision out by itself and
	// gives no URL to check it at before it takes traffic (the engine refuses checks there);
	// its readiness probes and the canary's analysis do that work.
	run := &Run{Root: l.root, Build: l.build(l.cfg.Image), Signer: signer}
	return greenlight.MainArgs(args, l.stderr, l.bind(run), opts...)
}

// fail prints one line naming what is wrong and how to fix it; the exit status is 2.
func (l *launcher) fail(format string, a ...any) int {
	fmt.Fprintf(l.stderr, "pipeline: "+format+"\n", a...)
	return 2
}

// serviceRoot is the service's repository: the working directory's parent when run from
// .greenlight (as the action and go -C .greenlight run . run it), or the working directory.
func serviceRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, dir := range []string{wd, filepath.Dir(wd)} {
		if exists(filepath.Join(dir, "go.mod")) && exists(filepath.Join(dir, ".greenlight", "pipeline.go")) {
			return dir, nil
		}
	}
	return "", errors.New("cannot find the service: run from its repository (go -C .greenlight run . --local) or from .greenlight")
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// uncommitted lists the files of root's work tree that differ from its commit (git status),
// outside .greenlight and .github; nothing when root is not a git repository or git is not installed.
func uncommitted(ctx context.Context, root string) []string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "-C", root, "status", "--porcelain", "--untracked-files=normal").Output()
	if err != nil {
		return nil
	}
	var files []string
	for _, line := range strings.Split(string(out), "\n") {
		if len(line) < 4 {
			continue
		}
		f := strings.TrimSpace(line[3:])
		if strings.HasPrefix(f, ".greenlight/") || strings.HasPrefix(f, ".github/") {
			continue // the pipeline and the workflows: not part of what is deployed
		}
		files = append(files, f)
	}
	return files
}

// unjoin is the errors of errors.Join (each on its own), or err.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// lineLogger writes each line to w: the program's stderr, which the run's log shows.
type lineLogger struct{ w io.Writer }

func (l lineLogger) Logf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
