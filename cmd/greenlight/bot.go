package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/linelog"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/github/ghapp"
	"github.com/greenlight-cd/greenlight/pkg/slack"
)

// botCommand is `greenlight bot`. It needs SLACK_BOT_TOKEN (checked with auth.test at start),
// SLACK_SIGNING_SECRET over HTTP or SLACK_APP_TOKEN in Socket Mode, GITHUB_TOKEN (actions:
// write, deployments: write, contents: read, pull-requests: read, Variables: write) and the authorization config; it stops cleanly on
// SIGINT/SIGTERM, finishing the commands it acknowledged. The audit log goes to stdout and to
// GitHub Deployments.
func botCommand(ctx context.Context, e *cliEnv, fl *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	addr := fl.String("addr", ":8080", "listen address")
	repo := fl.String("repo", os.Getenv("GITHUB_REPOSITORY"), "the repository whose workflow the bot dispatches, owner/name")
	cfgPath := fl.String("config", ".greenlight/slack.yml", "who may do what, per environment and command: a file of the repository, read through the GitHub API on --ref")
	localCfg := fl.Bool("local-config", false, "read --config from this machine instead of the repository")
	workflow := fl.String("workflow", "deploy.yml", "the deploy workflow's file name")
	ref := fl.String("ref", "", "the branch the workflow runs on (default: the repository's default branch, as GitHub says)")
	api := fl.String("api", os.Getenv("GITHUB_API_URL"), "GitHub API URL")
	slackAPI := fl.String("slack-api", os.Getenv("SLACK_API_URL"), "Slack Web API URL (default Slack's own)")
	socket := fl.Bool("socket", os.Getenv("SLACK_APP_TOKEN") != "", "Socket Mode: connect to Slack with $SLACK_APP_TOKEN instead of serving an HTTP endpoint (works behind a firewall; the default when SLACK_APP_TOKEN is set)")
	healthAddr := fl.String("health-addr", ":8081", "where /healthz and /readyz are served, for probes (\"\" for nowhere)")
	logFormat := fl.String("log-format", envOr("GREENLIGHT_LOG_FORMAT", "text"), "the log's format on stderr: text (one line a record) or json (one JSON object a record, for a log collector); $GREENLIGHT_LOG_FORMAT")
	logLevel := fl.String("log-level", envOr("GREENLIGHT_LOG_LEVEL", "info"), "the least level logged: debug, info, warn or error; $GREENLIGHT_LOG_LEVEL")
	if code, ok := parse(fl, args, stdout); !ok {
		return code
	}
	log, err := botLogger(stderr, *logFormat, *logLevel)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight bot: %v\n", err)
		return 2
	}
	fail := func(format string, a ...any) int {
		log.Error("greenlight bot: " + fmt.Sprintf(format, a...))
		return 1
	}
	var v *slack.Verifier
	if !*socket {
		if v, err = slack.NewVerifier(os.Getenv("SLACK_SIGNING_SECRET")); err != nil {
			return fail("%v", err)
		}
	}
	// Every call to GitHub ends within a minute (rate-limit waits come on top, bounded by MaxWait).
	// The App whose decisions and unlocks count: this bot's own (GITHUB_APP_ID) or
	// GREENLIGHT_APP_ID.
	// It anchors the locks and rejections it writes in GREENLIGHT_RECORDS, which no workflow's
	// token can write, so that deleting one is seen (docs/trust.md).
	opts := []github.Option{github.WithHTTPClient(&http.Client{Timeout: time.Minute}), github.WithApp(appIDFromEnv()), github.WithAnchoring()}
	if *api != "" {
		opts = append(opts, github.WithBaseURL(*api))
	}
	gh, app, err := botGitHub(*repo, opts)
	if err != nil {
		return fail("%v", err)
	}
	var b []byte
	if *localCfg {
		b, err = os.ReadFile(*cfgPath)
	} else if *ref, err = branchOrDefault(ctx, gh, *ref); err == nil {
		b, err = gh.ReadFile(ctx, *cfgPath, *ref)
	}
	if err != nil {
		return fail("reading the authorization config: %v (see docs/slack.md)", err)
	}
	cfg, err := slack.ParseConfig(b)
	if err != nil {
		return fail("%s: %v", *cfgPath, err)
	}
	if *socket && os.Getenv("SLACK_APP_TOKEN") == "" {
		return fail("no app-level token: create one with connections:write (Basic Information → App-Level Tokens) and set SLACK_APP_TOKEN")
	}
	token := os.Getenv("SLACK_BOT_TOKEN")
	if token == "" {
		return fail("no Slack bot token: set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…, OAuth & Permissions); the bot posts decisions and resolves user groups with it")
	}
	var sopts []slackapi.Option
	if *slackAPI != "" {
		sopts = append(sopts, slackapi.OptionAPIURL(*slackAPI))
	}
	// The bot records decisions for the people who click: with a GitHub App's token (its bot
	// may record for anyone), or a machine user's, whose login the pipeline must list with
	// github.TrustRecorders; the bot trusts its own login's writes to read them back. A forged
	// decision (written by anyone else) never stops it recording a real one (AsRecorder).
	dopts := []github.DecisionsOption{github.AsRecorder()}
	if app {
		log.Info("GitHub App: decisions are recorded by the App, its tokens renewed before each hour ends",
			"app_id", os.Getenv("GITHUB_APP_ID"), "installation_id", os.Getenv("GITHUB_APP_INSTALLATION_ID"))
	} else if login, err := gh.Login(ctx); err == nil {
		dopts = append(dopts, github.TrustRecorders(login))
		log.Warn(fmt.Sprintf("GITHUB_TOKEN is %s's, not a GitHub App's: the pipeline counts the decisions it records only with github.TrustRecorders(%q) (docs/slack.md)", login, login), "login", login)
	}
	if *ref, err = branchOrDefault(ctx, gh, *ref); err != nil {
		return fail("%v", err)
	}
	bot := &slack.Bot{Verifier: v, Config: cfg, GitHub: gh, Workflow: *workflow, Ref: *ref, Audit: stdout,
		API: slack.NewAPI(token, sopts...), AppID: os.Getenv("SLACK_APP_ID"), Decisions: gh.Decisions(*ref, dopts...),
		Logger: log}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = bot.Start(sctx)
	cancel()
	if err != nil {
		return fail("%v", err)
	}
	log.Info("started", "team_id", bot.TeamID, "app_id", bot.AppID, "repository", *repo)
	// GREENLIGHT_RECORDS is kept whole: at start and every ten minutes, whatever a race with
	// another bot process dropped (or was recorded before the App could write variables) is
	// listed again (github.Client.Reanchor).
	go func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			n, err := gh.Reanchor(rctx)
			cancel()
			switch {
			case err != nil:
				log.Warn("anchoring locks and rejections in " + github.RecordsVariable + ": " + err.Error() + " (the App needs the Variables permission: docs/slack.md)")
			case n > 0:
				log.Info("anchored locks and rejections that "+github.RecordsVariable+" did not list", "added", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	if *healthAddr != "" {
		hs := &http.Server{Addr: *healthAddr, Handler: bot.Health(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second}
		go func() {
			if err := hs.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("health endpoints: "+err.Error(), "addr", *healthAddr)
			}
		}()
		defer hs.Close()
	}
	if *socket {
		log.Info("connecting to Slack in Socket Mode")
		if err := bot.RunSocketMode(ctx, os.Getenv("SLACK_APP_TOKEN"), sopts...); err != nil {
			return fail("%v", err)
		}
		log.Info("stopped")
		return 0
	}
	// Every byte from outside is bounded: headers in 5 s and 64 KiB, bodies in 10 s (the
	// handler's own limit is 5 s and 1 MiB), answers written in 30 s.
	srv := &http.Server{Addr: *addr, Handler: bot.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("listening (/slack/commands, /slack/interactions)", "addr", *addr)
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fail("%v", err)
		}
	case <-ctx.Done():
		// New connections are refused from here; requests being answered finish, then the
		// work they started (bounded by its own timeouts).
		log.Info("stopping: finishing the requests in progress and the work they started")
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			log.Warn("stopping: requests still open after 30 s were cut: " + err.Error())
		}
		bot.Wait()
	}
	log.Info("stopped")
	return 0
}

// botLogger is the bot's structured log on w: text (linelog's plain lines) or json
// (slog.JSONHandler), from level up.
func botLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	switch format {
	case "text":
		return linelog.NewLevel(w, l), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// botGitHub is the bot's GitHub client: as a GitHub App installation when GITHUB_APP_ID is set
// (GITHUB_APP_INSTALLATION_ID, and the private key in GITHUB_APP_PRIVATE_KEY_FILE or
// GITHUB_APP_PRIVATE_KEY), its tokens renewed before each hour ends; else with GITHUB_TOKEN (a
// personal or machine user's token, for trying it).
func botGitHub(repo string, opts []github.Option) (*github.Client, bool, error) {
	idText := os.Getenv("GITHUB_APP_ID")
	if idText == "" {
		c, err := github.New(os.Getenv("GITHUB_TOKEN"), repo, opts...)
		return c, false, err
	}
	id, err1 := strconv.ParseInt(idText, 10, 64)
	inst, err2 := strconv.ParseInt(os.Getenv("GITHUB_APP_INSTALLATION_ID"), 10, 64)
	if err1 != nil || err2 != nil {
		return nil, false, errors.New("GITHUB_APP_ID and GITHUB_APP_INSTALLATION_ID must be numbers (the App's settings page, and the end of the installation's URL)")
	}
	key := []byte(os.Getenv("GITHUB_APP_PRIVATE_KEY"))
	if path := os.Getenv("GITHUB_APP_PRIVATE_KEY_FILE"); path != "" {
		var err error
		if key, err = os.ReadFile(path); err != nil {
			return nil, false, fmt.Errorf("reading the GitHub App's private key: %v", err)
		}
	}
	c, err := ghapp.New(ghapp.App{ID: id, InstallationID: inst, PrivateKey: key}, repo, opts...)
	return c, true, err
}
