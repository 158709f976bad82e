package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
)

// The bot records decisions for the people who click: with a machine user's token (not a
// GitHub App's), it says at start that the pipeline counts them only when it lists that login;
// with an App's it says nothing.
func TestBotSaysWhenItsGitHubTokenIsAPersons(t *testing.T) {
	gh := githubfake.New(strings.Repeat("a", 40))
	defer gh.Close()
	gh.Token("ghp_machine", githubfake.AllPermissions)
	gh.Login("ghp_machine", "greenlight-bot")
	gh.Token("ghs_app", githubfake.AllPermissions)
	gh.App("ghs_app", "acme-greenlight")
	sf := slackfake.New(nil)
	defer sf.Stop()
	cfg := filepath.Join(t.TempDir(), "slack.yml")
	os.WriteFile(cfg, []byte("environments:\n  staging:\n    \"*\": [\"*\"]\n"), 0o644)
	t.Setenv("SLACK_SIGNING_SECRET", "s")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-revoked") // stops the bot right after its GitHub checks
	args := []string{"bot", "--addr", "127.0.0.1:0", "--repo", "acme/hello", "--api", gh.URL, "--local-config", "--config", cfg, "--slack-api", sf.GetAPIURL()}
	t.Setenv("GITHUB_TOKEN", "ghp_machine")
	if code, _, errs := runCLI(args...); code != 1 || !strings.Contains(errs, `GITHUB_TOKEN is greenlight-bot's, not a GitHub App's: the pipeline counts the decisions it records only with github.TrustRecorders("greenlight-bot")`) {
		t.Errorf("a machine user's token: %d %s", code, errs)
	}
	t.Setenv("GITHUB_TOKEN", "ghs_app")
	if code, _, errs := runCLI(args...); code != 1 || strings.Contains(errs, "TrustRecorders") {
		t.Errorf("an App's token: %d %s", code, errs)
	}
}
