package notify

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/linelog"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Off is the one line a run prints when Slack is not configured.
const Off = "slack: off; set SLACK_BOT_TOKEN (xoxb-…) and SLACK_CHANNEL (#deploys or C…) to follow releases in Slack (docs/slack.md)"

// Config is what a run's notifier needs (NewSetup); ConfigFromEnv reads it from the environment.
type Config struct {
	// Token and Channel are the bot token (xoxb-…) and the channel (#deploys or C…); Slack is
	// off when either is empty.
	Token, Channel string
	// APIURL is another Slack Web API (a test server); "" for Slack's own.
	APIURL string
	// Source is the commit, ref, author and run link the release message shows.
	Source runlog.Source
	// StepSummary is a file (GitHub Actions' step summary) Flush appends what could not be
	// delivered to; "" for none.
	StepSummary string
	// Logger gets the Off line, the notifier's own problems and what Flush could not deliver,
	// one message per line. Default: discarded.
	Logger *slog.Logger
}

// Setup is the notifier of a run, as NewSetup or FromEnv configures it.
type Setup struct {
	// Option adds the notifier to a run (an option that does nothing when Slack is off).
	Option greenlight.Option
	// Notifier is the notifier, nil when Slack is off (for slack.Approver's Release).
	Notifier *Notifier
	// Token and Channel are the configured token and channel (SLACK_BOT_TOKEN and
	// SLACK_CHANNEL for FromEnv).
	Token, Channel string
	// Options are the client's options (the API's URL, the logger), for other calls to the
	// same Slack (slack.ApproversFromFile).
	Options []Option
	flush   func()
}

// Flush sends what is queued, waiting at most 15 s (a Slack outage never holds a deploy), and
// lists what could not be sent in the log and in the step summary (Config.StepSummary).
func (s *Setup) Flush() { s.flush() }

// NewSetup switches the notifier on when c has a token and a channel. With either missing it
// logs Off, the one line about Slack in the run, and its Option does nothing.
func NewSetup(c Config) *Setup {
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if c.Token == "" || c.Channel == "" {
		log.Info(Off)
		return &Setup{Option: greenlight.WithSink(runlog.SinkFunc(func(runlog.Event) {})), flush: func() {}}
	}
	opts := []Option{WithLogger(log)}
	if c.APIURL != "" {
		opts = append(opts, WithAPIURL(c.APIURL))
	}
	n := New(c.Token, c.Channel, opts...)
	n.SetSource(c.Source)
	flush := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		err := n.Close(ctx)
		lost := n.Undelivered()
		if err != nil {
			lost = append(lost, err.Error())
		}
		if len(lost) == 0 {
			return
		}
		log.Warn(fmt.Sprintf("slack: %d notification(s) not delivered (the deploy is not affected):", len(lost)))
		for _, l := range lost {
			log.Warn("  " + l)
		}
		if c.StepSummary != "" {
			if f, err := os.OpenFile(c.StepSummary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				fmt.Fprintf(f, "\n### Slack: not delivered\n\n")
				for _, l := range lost {
					fmt.Fprintf(f, "- %s\n", strings.ReplaceAll(l, "\n", " "))
				}
				f.Close()
			}
		}
	}
	return &Setup{Option: greenlight.WithSink(n), Notifier: n, Token: c.Token, Channel: c.Channel, Options: opts, flush: flush}
}

// The functions below, named ...FromEnv, are the one place in package notify that reads
// environment variables; NewSetup, New and their options take the same explicitly.

// FromEnv switches the notifier on when SLACK_BOT_TOKEN and SLACK_CHANNEL are set, for a
// pipeline's main:
//
//	sl := notify.FromEnv(os.Stderr)
//	code := greenlight.MainArgs(os.Args[1:], os.Stderr, pipeline, sl.Option, ...)
//	sl.Flush()
//
// It is NewSetup of ConfigFromEnv, logging to stderr one plain line per message. With no token
// or no channel it prints Off, the one line about Slack in the run.
func FromEnv(stderr io.Writer) *Setup {
	c := ConfigFromEnv()
	c.Logger = linelog.New(stderr)
	return NewSetup(c)
}

// ConfigFromEnv reads the notifier's configuration: SLACK_BOT_TOKEN, SLACK_CHANNEL,
// SLACK_API_URL, the run's source (SourceFromEnv) and GITHUB_STEP_SUMMARY. It sets no Logger.
func ConfigFromEnv() Config {
	return Config{Token: os.Getenv("SLACK_BOT_TOKEN"), Channel: os.Getenv("SLACK_CHANNEL"), APIURL: os.Getenv("SLACK_API_URL"),
		Source: SourceFromEnv(), StepSummary: os.Getenv("GITHUB_STEP_SUMMARY")}
}

// SourceFromEnv is the commit, ref, author and run link of the GitHub Actions run, from its
// variables (empty outside Actions).
func SourceFromEnv() runlog.Source {
	src := runlog.Source{Repository: os.Getenv("GITHUB_REPOSITORY"), Commit: os.Getenv("GITHUB_SHA"),
		Ref: os.Getenv("GITHUB_REF_NAME"), Author: os.Getenv("GITHUB_ACTOR"), Trigger: os.Getenv("GITHUB_EVENT_NAME")}
	if srv, id := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_RUN_ID"); srv != "" && id != "" && src.Repository != "" {
		src.RunURL = srv + "/" + src.Repository + "/actions/runs/" + id
	}
	return src
}
