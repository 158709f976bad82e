package slack

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// The approve lists of .greenlight/slack.yml, as the pipeline reads them to enforce them for
// every decision (issue 21, defect 7): the GitHub logins of the people (the people map) whose
// Slack user the bot would let approve the environment — listed by ID, through a user group
// (usergroups.users.list), or "*" for everyone mapped.
func TestApproversFromTheSlackConfig(t *testing.T) {
	f := slackfake.New(map[string][]string{"S0SRE": {"U0CAROL", "U0DAN"}})
	defer f.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "slack.yml")
	os.WriteFile(path, []byte(`environments:
  production:
    approve: [U0BOB, S0SRE]
    rollback: [U0ANN]
  staging:
    "*": ["*"]
  qa:
    deploy: [U0ANN]
people:
  ann: U0ANN
  bob: U0BOB
  carol: U0CAROL
  dan: U0DAN
  mallory: U0MALLORY
`), 0o600)
	ctx := context.Background()
	api := notify.WithAPIURL(f.GetAPIURL())
	for _, tc := range []struct {
		env, want, err string
	}{
		{env: "production", want: "bob carol dan"},
		{env: "staging", want: "ann bob carol dan mallory"},
		{env: "qa", err: "nobody listed under people may approve qa"},
		{env: "nowhere", err: "nobody listed under people may approve nowhere"},
	} {
		got, found, err := ApproversFromFile(ctx, path, tc.env, slackfake.Token, api)
		if !found || strings.Join(got, " ") != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v %t %v, want %q %q", tc.env, got, found, err, tc.want, tc.err)
		}
	}
	if got, found, err := ApproversFromFile(ctx, filepath.Join(dir, "none.yml"), "production", slackfake.Token, api); found || got != nil || err != nil {
		t.Errorf("no file: %v %t %v, want nothing", got, found, err)
	}
	// A group that cannot be read fails: the list is not guessed.
	if _, _, err := ApproversFromFile(ctx, path, "production", "xoxb-unknown", api); err == nil || !strings.Contains(err.Error(), "S0SRE") {
		t.Errorf("an unreadable group: %v, want an error naming it", err)
	}
}
