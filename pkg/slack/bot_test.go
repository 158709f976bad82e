package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
)

const config = `
environments:
  production:
    rollback: [UANN, UBOB]
    deploy: [UANN]
  staging:
    "*": ["*"]
`

type responses struct {
	mu   sync.Mutex
	msgs []string
}

func (r *responses) handler(w http.ResponseWriter, req *http.Request) {
	var m map[string]string
	json.NewDecoder(req.Body).Decode(&m)
	r.mu.Lock()
	r.msgs = append(r.msgs, m["text"])
	r.mu.Unlock()
}

func bot(t *testing.T) (*Bot, *githubfake.Server, *strings.Builder) {
	t.Helper()
	gh := githubfake.New(strings.Repeat("a", 40))
	t.Cleanup(gh.Close)
	gh.Token("ghs_bot", githubfake.AllPermissions)
	// The bot's token is its GitHub App's: the decisions it records for people count.
	gh.App("ghs_bot", "acme-greenlight")
	c, _ := github.New("ghs_bot", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")))
	cfg, err := ParseConfig([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVerifier(secret)
	audit := &strings.Builder{}
	sf := slackfake.New(nil)
	t.Cleanup(sf.Stop)
	api := slack.New(slackfake.Token, slack.OptionAPIURL(sf.GetAPIURL()))
	b := &Bot{Verifier: v, Config: cfg, GitHub: c, Audit: audit, API: api}
	// As greenlight bot does before it serves: the handlers answer at once only once started.
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b, gh, audit
}

// signedPost sends form to path, signed as Slack signs it, and returns the recorded answer.
func signedPost(h http.Handler, path string, form url.Values) *httptest.ResponseRecorder {
	body := form.Encode()
	ts := time.Now().Unix()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	r.Header.Set("X-Slack-Signature", Sign(secret, ts, []byte(body)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func slash(t *testing.T, h http.Handler, user, text, responseURL string) (int, string) {
	t.Helper()
	rec := signedPost(h, "/slack/commands", url.Values{"team_id": {slackfake.TeamID}, "api_app_id": {slackfake.AppID}, "user_id": {user}, "text": {text}, "command": {"/greenlight"}, "response_url": {responseURL}})
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func TestBotDispatchesAuthorizedCommandsAndAnswersInTheChannel(t *testing.T) {
	b, gh, audit := bot(t)
	resp := &responses{}
	rs := httptest.NewServer(http.HandlerFunc(resp.handler))
	defer rs.Close()
	h := b.Handler()
	t0 := time.Now()
	code, body := slash(t, h, "UBOB", "rollback production to 0a1b2c3d", rs.URL)
	if code != 200 || !strings.Contains(body, "On it") || time.Since(t0) > time.Second {
		t.Fatalf("ack: %d %s after %s", code, body, time.Since(t0))
	}
	b.Wait()
	if len(gh.Dispatches) != 1 {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	d := gh.Dispatches[0]
	if d.Inputs["command"] != "rollback" || d.Inputs["environment"] != "production" || d.Inputs["ref"] != "0a1b2c3d" || d.Inputs["requested_by"] != "slack:UBOB" {
		t.Errorf("inputs %+v", d.Inputs)
	}
	if len(resp.msgs) != 1 || !strings.Contains(resp.msgs[0], "<@UBOB> started") || !strings.Contains(resp.msgs[0], "/actions/runs/") {
		t.Errorf("channel answer %q", resp.msgs)
	}
	if !strings.Contains(audit.String(), `"user":"UBOB","command":"rollback production to 0a1b2c3d","env":"production","allowed":true`) {
		t.Errorf("audit %s", audit)
	}
	// A ref that is neither a digest nor a commit is refused before anything is dispatched:
	// the deploy workflow would refuse it too.
	resp.msgs = nil
	slash(t, h, "UBOB", "rollback production to v1.2", rs.URL)
	b.Wait()
	if len(gh.Dispatches) != 1 || len(resp.msgs) != 1 || !strings.Contains(resp.msgs[0], "neither a digest") {
		t.Errorf("a tag as ref: dispatches %d, answer %q", len(gh.Dispatches), resp.msgs)
	}
}

func TestBotRefusesAndAuditsUnauthorizedUsers(t *testing.T) {
	b, gh, audit := bot(t)
	h := b.Handler()
	for _, tc := range []struct{ user, text, want string }{
		{"UEVE", "rollback production", "only <@UANN>, <@UBOB> may rollback production"},
		{"UBOB", "deploy production 3f2a9c1", "only <@UANN> may deploy production"},
		{"UANN", "lock production incident", "nobody may lock production"},
		{"UANN", "rollback qa", "qa is not an environment the bot knows"},
	} {
		code, body := slash(t, h, tc.user, tc.text, "")
		if code != 200 || !strings.Contains(body, "Refused: "+tc.want) || !strings.Contains(body, "recorded") {
			t.Errorf("%s %q: %d %s", tc.user, tc.text, code, body)
		}
	}
	b.Wait()
	if len(gh.Dispatches) != 0 {
		t.Fatalf("a refused command was dispatched: %+v", gh.Dispatches)
	}
	if n := strings.Count(audit.String(), `"allowed":false`); n != 4 {
		t.Errorf("%d refusals audited, want 4:\n%s", n, audit)
	}
	// Anyone may act on staging, and read-only commands are open.
	if _, body := slash(t, h, "UEVE", "deploy staging 3f2a9c1", ""); !strings.Contains(body, "On it") {
		t.Errorf("staging: %s", body)
	}
	if _, body := slash(t, h, "UEVE", "help", ""); !strings.Contains(body, "rollback ENV") {
		t.Errorf("help: %s", body)
	}
	if _, body := slash(t, h, "UEVE", "rollback", ""); !strings.Contains(body, "needs an environment") {
		t.Errorf("bad command: %s", body)
	}
	b.Wait()
}

func TestBotRefusesForgedRequestsBeforeAnything(t *testing.T) {
	b, gh, audit := bot(t)
	form := url.Values{"user_id": {"UANN"}, "text": {"rollback production"}}.Encode()
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(time.Now().Unix(), 10))
	r.Header.Set("X-Slack-Signature", "v0=0000")
	rec := httptest.NewRecorder()
	b.Handler().ServeHTTP(rec, r)
	b.Wait()
	if rec.Code != 401 || len(gh.Dispatches) != 0 || audit.Len() != 0 {
		t.Fatalf("forged: %d, %d dispatches, audit %q", rec.Code, len(gh.Dispatches), audit)
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := ParseConfig([]byte("environments: [")); err == nil {
		t.Error("broken YAML accepted")
	}
	if _, err := ParseConfig([]byte("{}")); err == nil || !strings.Contains(err.Error(), "no environments") {
		t.Errorf("empty config: %v", err)
	}
}

func TestBotLocksAndUnlocksInGitHub(t *testing.T) {
	b, _, audit := bot(t)
	b.Config.Environments["production"]["lock"] = []string{"UANN"}
	b.Config.Environments["production"]["unlock"] = []string{"UANN"}
	resp := &responses{}
	rs := httptest.NewServer(http.HandlerFunc(resp.handler))
	defer rs.Close()
	h := b.Handler()
	slash(t, h, "UANN", "lock production incident 42", rs.URL)
	b.Wait()
	l, err := b.GitHub.LockOf(context.Background(), "production")
	if err != nil || l == nil || l.By != "slack:UANN" || l.Reason != "incident 42" {
		t.Fatalf("lock %+v %v", l, err)
	}
	slash(t, h, "UANN", "unlock production", rs.URL)
	b.Wait()
	if l, _ := b.GitHub.LockOf(context.Background(), "production"); l != nil {
		t.Fatalf("still locked: %+v", l)
	}
	resp.mu.Lock()
	defer resp.mu.Unlock()
	if len(resp.msgs) != 2 || !strings.Contains(resp.msgs[0], "locked production: incident 42") || !strings.Contains(resp.msgs[1], "unlocked production") {
		t.Errorf("answers %q", resp.msgs)
	}
	if !strings.Contains(audit.String(), `"command":"lock production incident 42"`) {
		t.Errorf("audit %s", audit)
	}
}

// Issue 21: a lock made from Slack is anchored in GREENLIGHT_RECORDS (the bot's client anchors
// as `greenlight bot` makes it), and taken off when lifted; when the App lacks the Variables
// permission the lock still holds and the reply says it is not anchored.
func TestBotAnchorsTheLocksItMakes(t *testing.T) {
	b, gh, _ := bot(t)
	b.Config.Environments["production"]["lock"] = []string{"UANN"}
	b.Config.Environments["production"]["unlock"] = []string{"UANN"}
	c, _ := github.New("ghs_bot", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")), github.WithAnchoring())
	b.GitHub = c
	resp := &responses{}
	rs := httptest.NewServer(http.HandlerFunc(resp.handler))
	defer rs.Close()
	h := b.Handler()
	slash(t, h, "UANN", "lock production incident 42", rs.URL)
	b.Wait()
	l, err := b.GitHub.LockOf(context.Background(), "production")
	if err != nil || l == nil {
		t.Fatalf("lock %+v %v", l, err)
	}
	if v := gh.Variable(github.RecordsVariable); v != fmt.Sprintf("gl1 L%d@production", l.ID) {
		t.Fatalf("GREENLIGHT_RECORDS after the lock: %q", v)
	}
	slash(t, h, "UANN", "unlock production", rs.URL)
	b.Wait()
	if v := gh.Variable(github.RecordsVariable); v != "gl1" {
		t.Fatalf("GREENLIGHT_RECORDS after the unlock: %q", v)
	}
	// An App installed without the Variables permission.
	perms := maps.Clone(githubfake.AllPermissions)
	delete(perms, "actions_variables")
	gh.Token("ghs_bot", perms)
	slash(t, h, "UANN", "lock production incident 43", rs.URL)
	b.Wait()
	if l, _ := b.GitHub.LockOf(context.Background(), "production"); l == nil || l.Reason != "incident 43" {
		t.Fatalf("the lock without the Variables permission: %+v", l)
	}
	resp.mu.Lock()
	defer resp.mu.Unlock()
	if n := len(resp.msgs); n != 3 || !strings.Contains(resp.msgs[2], "locked production: incident 43") || !strings.Contains(resp.msgs[2], "not anchored") || !strings.Contains(resp.msgs[2], "Variables permission") {
		t.Errorf("answers %q", resp.msgs)
	}
}
