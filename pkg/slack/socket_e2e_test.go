package slack

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/github/ghapp"
)

// Issue 24, done when: the bot in Socket Mode against the fake Slack and GitHub, authenticated
// as a GitHub App: a click → the decision recorded under the App's identity → promote
// dispatched → the approval message and the thread updated; and again after an hour, on a
// renewed installation token.
func TestSocketModeApprovalAsGitHubApp(t *testing.T) {
	gh, _, _, sf := releaseFakes(t, strings.Repeat("a", 40))
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	// Installed with exactly the permissions docs/slack.md lists.
	gh.AppInstallation(4711, 42, "acme-greenlight", &key.PublicKey, githubfake.BotAppPermissions)
	gh.SetTokenLifetime(61 * time.Second) // due for renewal after 1 s by ghinstallation's clock
	var offset time.Duration
	gh.SetClock(func() time.Time { return time.Now().Add(offset) })
	app, err := ghapp.New(ghapp.App{ID: 4711, InstallationID: 42, PrivateKey: pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})},
		"acme/hello", github.WithBaseURL(gh.URL))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig([]byte(peopleConfig))
	if err != nil {
		t.Fatal(err)
	}
	b := &Bot{Config: cfg, GitHub: app, API: slack.New(slackfake.Token, slack.OptionAPIURL(sf.GetAPIURL()))}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	sock := slackfake.NewSocket()
	defer sock.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunSocketMode(ctx, "xapp-1-test", slack.OptionAPIURL(sock.URL+"/")) }()
	defer func() { cancel(); <-done }()

	approve := func(n int) {
		t.Helper()
		v := waitingCanary(t, b, n)
		val, _ := json.Marshal(v)
		ts := sf.PostMessage(t, "C0DEPLOYS", "Approval needed")
		id := fmt.Sprintf("e%d", n)
		if !sock.Send(map[string]any{"envelope_id": id, "type": "interactive", "accepts_response_payload": false,
			"payload": map[string]any{"type": "block_actions", "team": map[string]string{"id": slackfake.TeamID}, "api_app_id": slackfake.AppID,
				"user": map[string]string{"id": "UBOB"}, "response_url": sf.ResponseURLFor("C0DEPLOYS", ts), "channel": map[string]string{"id": "C0DEPLOYS"},
				"message": map[string]string{"ts": ts},
				"actions": []map[string]string{{"action_id": "approve", "value": string(val), "type": "button", "block_id": "greenlight_approval"}}}}, 10*time.Second) {
			t.Fatal("the bot did not connect")
		}
		if _, ok := sock.Acked(id); !ok {
			t.Fatalf("click %d not acknowledged within %s", n, slackfake.MaxAck)
		}
		deadline := time.Now().Add(20 * time.Second)
		for len(sf.Thread(ts)) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		b.Wait()
		// Recorded under the App's identity: the default trust (no TrustRecorders) counts it.
		d, err := gh2(t, gh).Decisions("main").Lookup(context.Background(), "production", v.Digest)
		if err != nil || d == nil || d.Identity != "bob" || !d.Approved {
			t.Fatalf("decision %+v %v", d, err)
		}
		last := gh.Dispatches[len(gh.Dispatches)-1]
		if last.Inputs["command"] != "promote" || last.Inputs["thread"] != "C0DEPLOYS/"+ts {
			t.Errorf("dispatch %+v", last)
		}
		m, _ := sf.Message("C0DEPLOYS", ts)
		if m.Updates == 0 || !strings.Contains(m.Text, "approved") || len(sf.Thread(ts)) == 0 {
			t.Errorf("approval message %+v, thread %+v", m, sf.Thread(ts))
		}
	}
	approve(240)
	if n := len(gh.Minted()); n != 1 {
		t.Fatalf("%d tokens minted", n)
	}
	time.Sleep(1100 * time.Millisecond)
	offset = time.Hour // the first token's hour is over: GitHub (the fake) refuses it now
	approve(241)
	if n := len(gh.Minted()); n != 2 {
		t.Errorf("%d tokens minted across the hour, want 2", n)
	}
}

// gh2 is a reader of the repository with a token of its own (the pipeline's view).
func gh2(t *testing.T, f *githubfake.Server) *github.Client {
	f.Token("ghs_reader", githubfake.AllPermissions)
	c, err := github.New("ghs_reader", "acme/hello", github.WithBaseURL(f.URL), github.WithApp(4711)) // the pipeline knows the bot's App (GREENLIGHT_APP_ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
