package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
)

// Defect (issue 10): `greenlight bot` never read SLACK_BOT_TOKEN. It now needs it, and checks it
// with auth.test before it serves anything.
func TestBotNeedsTheBotTokenAndChecksIt(t *testing.T) {
	gh := githubfake.New(strings.Repeat("a", 40))
	defer gh.Close()
	gh.Token("ghs_bot", githubfake.AllPermissions)
	sf := slackfake.New(nil)
	defer sf.Stop()
	cfg := filepath.Join(t.TempDir(), "slack.yml")
	os.WriteFile(cfg, []byte("environments:\n  staging:\n    \"*\": [\"*\"]\n"), 0o644)
	t.Setenv("GITHUB_TOKEN", "ghs_bot")
	t.Setenv("SLACK_SIGNING_SECRET", "s")
	t.Setenv("SLACK_APP_ID", "")
	args := []string{"bot", "--addr", "127.0.0.1:0", "--repo", "acme/hello", "--api", gh.URL, "--local-config", "--config", cfg, "--slack-api", sf.GetAPIURL()}

	t.Setenv("SLACK_BOT_TOKEN", "")
	if code, _, errs := runCLI(args...); code != 1 || !strings.Contains(errs, "SLACK_BOT_TOKEN") || !strings.Contains(errs, "xoxb-") {
		t.Errorf("no bot token: %d %s", code, errs)
	}
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
	if code, _, errs := runCLI(args...); code != 1 || !strings.Contains(errs, "slack refused SLACK_BOT_TOKEN") || !strings.Contains(errs, "invalid_auth") {
		t.Errorf("a refused token: %d %s", code, errs)
	}
	// A token without users:read cannot learn the app's ID: the message says what to do.
	sf.AddToken("xoxb-narrow", "chat:write")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-narrow")
	if code, _, errs := runCLI(args...); code != 1 || !strings.Contains(errs, "users:read") || !strings.Contains(errs, "SLACK_APP_ID") {
		t.Errorf("a token without users:read: %d %s", code, errs)
	}
	if c := sf.Calls("xoxb-revoked"); len(c) != 1 || c[0] != "auth.test" {
		t.Errorf("calls with the refused token: %v", c)
	}
}

func TestBotHelpShowsAnExample(t *testing.T) {
	code, out, _ := runCLI("bot", "--help")
	if code != 0 || !strings.Contains(out, "SLACK_BOT_TOKEN=xoxb-") || !strings.Contains(out, "--socket") {
		t.Errorf("%d %s", code, out)
	}
}
