package notify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

func TestFromEnvIsOffWithOneLine(t *testing.T) {
	t.Setenv("SLACK_BOT_TOKEN", "")
	t.Setenv("SLACK_CHANNEL", "#deploys")
	var out strings.Builder
	sl := FromEnv(&out)
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(*greenlight.Stage) error { return nil })
	}, sl.Option)
	sl.Flush()
	if err != nil || rep.Status != runlog.Passed || out.String() != Off+"\n" || sl.Notifier != nil {
		t.Errorf("%v %s %q", err, rep.Status, out.String())
	}
}

func TestFromEnvFollowsTheRunAndListsWhatWasLost(t *testing.T) {
	f := slackfake.New(nil)
	defer f.Stop()
	summary := filepath.Join(t.TempDir(), "summary.md")
	for k, v := range map[string]string{"SLACK_BOT_TOKEN": slackfake.Token, "SLACK_CHANNEL": "#deploys", "SLACK_API_URL": f.GetAPIURL(),
		"GITHUB_REPOSITORY": "acme/hello", "GITHUB_SHA": strings.Repeat("e", 40), "GITHUB_ACTOR": "ann", "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_RUN_ID": "42", "GITHUB_REF_NAME": "main", "GITHUB_STEP_SUMMARY": summary} {
		t.Setenv(k, v)
	}
	f.RateLimit("reactions.add", 99) // the reaction never gets through
	var out strings.Builder
	sl := FromEnv(&out)
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(*greenlight.Stage) error { return nil })
	}, sl.Option, greenlight.WithName("hello"))
	sl.Flush()
	top := f.TopLevel()
	if len(top) != 1 || !strings.Contains(top[0].Blocks, "actions/runs/42") || !strings.Contains(top[0].Blocks, "eeeeeee") {
		t.Fatalf("release message %+v", top)
	}
	b, _ := os.ReadFile(summary)
	if !strings.Contains(out.String(), "not delivered") || !strings.Contains(string(b), "the outcome's reaction") {
		t.Errorf("stderr %q, summary %q", out.String(), b)
	}
}

// NewSetup reads nothing from the environment: what it is given, and a quiet default logger.
func TestNewSetupTakesItsConfigurationExplicitly(t *testing.T) {
	t.Setenv("SLACK_BOT_TOKEN", slackfake.Token)
	t.Setenv("SLACK_CHANNEL", "#deploys")
	if sl := NewSetup(Config{}); sl.Notifier != nil {
		t.Fatal("Slack on from the environment")
	}
	var lines []string
	if sl := NewSetup(Config{Channel: "#deploys", Logger: logTo(func(l string) { lines = append(lines, l) })}); sl.Notifier != nil || len(lines) != 1 || lines[0] != Off {
		t.Errorf("no token: %v %q", sl.Notifier, lines)
	}
	f := slackfake.New(nil)
	defer f.Stop()
	sl := NewSetup(Config{Token: slackfake.Token, Channel: "#deploys", APIURL: f.GetAPIURL(), Source: runlog.Source{RunURL: "https://ci.example/runs/7"}})
	greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(*greenlight.Stage) error { return nil })
	}, sl.Option, greenlight.WithName("hello"))
	sl.Flush()
	if top := f.TopLevel(); len(top) != 1 || !strings.Contains(top[0].Blocks, "ci.example/runs/7") {
		t.Errorf("release message %+v", top)
	}
}
