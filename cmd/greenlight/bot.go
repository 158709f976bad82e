package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/slack"
)

// runBot is `greenlight bot`: the Slack bot's HTTP endpoint (the app's Request URL for slash
// commands). It reads SLACK_SIGNING_SECRET, GITHUB_TOKEN (actions: write, deployments: read)
// and the authorization config, and stops cleanly on SIGINT/SIGTERM, finishing the commands it
// acknowledged.
func runBot(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("greenlight bot", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", ":8080", "listen address")
	repo := fl.String("repo", os.Getenv("GITHUB_REPOSITORY"), "the repository whose workflow the bot dispatches, owner/name")
	cfgPath := fl.String("config", ".greenlight/slack.yml", "who may do what, per environment and command: a file of the repository, read through the GitHub API on --ref")
	localCfg := fl.Bool("local-config", false, "read --config from this machine instead of the repository")
	workflow := fl.String("workflow", "deploy.yml", "the deploy workflow's file name")
	ref := fl.String("ref", "main", "the branch the workflow runs on")
	api := fl.String("api", os.Getenv("GITHUB_API_URL"), "GitHub API URL")
	socket := fl.Bool("socket", false, "Socket Mode: connect to Slack with $SLACK_APP_TOKEN instead of serving an HTTP endpoint (works behind a firewall)")
	if fl.Parse(args) != nil {
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "greenlight bot: "+format+"\n", a...)
		return 1
	}
	var v *slack.Verifier
	if !*socket {
		var err error
		if v, err = slack.NewVerifier(os.Getenv("SLACK_SIGNING_SECRET")); err != nil {
			return fail("%v", err)
		}
	}
	var opts []github.Option
	if *api != "" {
		opts = append(opts, github.WithBaseURL(*api))
	}
	gh, err := github.New(os.Getenv("GITHUB_TOKEN"), *repo, opts...)
	if err != nil {
		return fail("%v", err)
	}
	var b []byte
	if *localCfg {
		b, err = os.ReadFile(*cfgPath)
	} else {
		b, err = gh.ReadFile(ctx, *cfgPath, *ref)
	}
	if err != nil {
		return fail("reading the authorization config: %v (see README, Slack)", err)
	}
	cfg, err := slack.ParseConfig(b)
	if err != nil {
		return fail("%s: %v", *cfgPath, err)
	}
	bot := &slack.Bot{Verifier: v, Config: cfg, GitHub: gh, Workflow: *workflow, Ref: *ref, Audit: stdout}
	if *socket {
		fmt.Fprintf(stderr, "greenlight bot: connecting to Slack in Socket Mode for %s\n", *repo)
		if err := bot.RunSocketMode(ctx, os.Getenv("SLACK_APP_TOKEN")); err != nil {
			return fail("%v", err)
		}
		return 0
	}
	srv := &http.Server{Addr: *addr, Handler: bot.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Fprintf(stderr, "greenlight bot: listening on %s for %s's slash commands\n", *addr, *repo)
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fail("%v", err)
		}
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		bot.Wait()
	}
	return 0
}
