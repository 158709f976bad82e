package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// Each test here names a defect of issue 24 and failed on the code before the fix.

// groupBot is slackBot with rollback in production granted to the user group SRELEASE only.
func groupBot(t *testing.T) (*Bot, *slackfake.Server, *githubFake) {
	t.Helper()
	b, f, gh := slackBot(t)
	b.Config.Environments["production"]["rollback"] = []string{"SRELEASE"}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b, f, gh
}

// within runs f and says whether it returned before guard passed: a hang is a failure, not a
// test that never ends. Nothing is asserted about how long f took.
func within(guard time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(guard):
		return false
	}
}

// Defect 1: handleCommand checked a user group through usergroups.users.list before it
// acknowledged: with Slack slow to answer that method, the acknowledgement waited for it. The
// fake holds the method (it accepts the call and does not answer); the acknowledgement must
// come while the call is still held, and the decision follows through response_url.
func TestCommandAckDoesNotWaitForUserGroups(t *testing.T) {
	b, f, gh := groupBot(t)
	release := f.Hold("usergroups.users.list")
	hookCarol, hookEve := f.ResponseURL(), f.ResponseURL()
	var body string
	if !within(5*time.Second, func() { _, body = slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", hookCarol) }) {
		release()
		t.Fatal("the acknowledgement waited for usergroups.users.list")
	}
	if !within(5*time.Second, func() {
		for f.Waiting("usergroups.users.list") == 0 {
			time.Sleep(5 * time.Millisecond)
		}
	}) {
		t.Error("the group was not looked up")
	}
	if !strings.Contains(body, "Checking") {
		t.Errorf("ack %q", body)
	}
	_, body = slashIn(t, b, slackfake.TeamID, "UEVE", "rollback production", hookEve)
	if !strings.Contains(body, "Checking") {
		t.Errorf("ack %q", body)
	}
	release()
	b.Wait()
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["requested_by"] != "carol" {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}
	if rs := f.Responses(hookEve); len(rs) != 1 || rs[0].ResponseType != "ephemeral" || !strings.Contains(rs[0].Text, "Refused: only <!subteam^SRELEASE>") {
		t.Errorf("refusal %+v", rs)
	}
	// Known now: the next command is answered from the cache, without a call.
	before := len(f.Calls(slackfake.Token))
	if _, body := slashIn(t, b, slackfake.TeamID, "UEVE", "rollback production", f.ResponseURL()); !strings.Contains(body, "Refused: only") {
		t.Errorf("cached refusal %q", body)
	}
	if n := len(f.Calls(slackfake.Token)) - before; n != 0 {
		t.Errorf("%d calls for a known group", n)
	}
	b.Wait()
}

// Defect 1 (cache): failed lookups were not cached, so each command asked Slack again (and
// waited); removal from a group must take effect within GroupTTL.
func TestUserGroupFailuresAreCachedAndRemovalTakesEffect(t *testing.T) {
	b, f, _ := groupBot(t)
	now := time.Now()
	b.now = func() time.Time { return now }
	f.AddToken("xoxb-noscope", "chat:write") // no usergroups:read
	b.API = slack.New("xoxb-noscope", slack.OptionAPIURL(f.GetAPIURL()))
	hook := f.ResponseURL()
	slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", hook)
	b.Wait()
	if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "usergroups:read") {
		t.Errorf("refusal %+v", rs)
	}
	for range 3 {
		_, body := slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", f.ResponseURL())
		if !strings.Contains(body, "Refused") || !strings.Contains(body, "usergroups:read") {
			t.Errorf("while the failure is cached: %q", body)
		}
	}
	b.Wait()
	if n := strings.Count(strings.Join(f.Calls("xoxb-noscope"), " "), "usergroups.users.list"); n != 1 {
		t.Errorf("%d lookups while the failure is cached, want 1", n)
	}
	now = now.Add(groupFailTTL + time.Second)
	slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", f.ResponseURL())
	b.Wait()
	if n := strings.Count(strings.Join(f.Calls("xoxb-noscope"), " "), "usergroups.users.list"); n != 2 {
		t.Errorf("%d lookups after the failure's bound, want 2", n)
	}

	// Removal: carol is in the group, then taken out; within GroupTTL she is refused.
	b.API = slack.New(slackfake.Token, slack.OptionAPIURL(f.GetAPIURL()))
	b.groups = nil
	slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", f.ResponseURL())
	b.Wait()
	if _, body := slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", f.ResponseURL()); !strings.Contains(body, "On it") {
		t.Fatalf("member: %q", body)
	}
	b.Wait()
	f.SetGroup("SRELEASE", "UDAN")
	now = now.Add(DefaultGroupTTL)
	hook = f.ResponseURL()
	slashIn(t, b, slackfake.TeamID, "UCAROL", "rollback production", hook)
	b.Wait()
	if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "Refused") {
		t.Errorf("after removal and GroupTTL: %+v", rs)
	}
}

// Defect 1 (Socket Mode): the acknowledgement of a slash command came after the group lookup.
// The Socket Mode fake takes an acknowledgement only within Slack's 3 seconds.
func TestSocketModeAckDoesNotWaitForUserGroups(t *testing.T) {
	b, f, gh := groupBot(t)
	release := f.Hold("usergroups.users.list")
	defer release()
	hook := f.ResponseURL()
	sock := slackfake.NewSocket()
	defer sock.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunSocketMode(ctx, "xapp-1-test", slack.OptionAPIURL(sock.URL+"/")) }()
	if !sock.Send(map[string]any{"envelope_id": "e1", "type": "slash_commands", "accepts_response_payload": true,
		"payload": map[string]any{"team_id": slackfake.TeamID, "api_app_id": slackfake.AppID, "user_id": "UCAROL", "text": "rollback production",
			"command": "/greenlight", "response_url": hook}}, 10*time.Second) {
		t.Fatal("the bot did not connect")
	}
	ack, ok := sock.Acked("e1")
	release()
	b.Wait()
	cancel()
	<-done
	if !ok {
		t.Fatalf("no acknowledgement within %s while usergroups.users.list was held (%+v)", slackfake.MaxAck, ack)
	}
	if p, _ := json.Marshal(ack.Payload); !strings.Contains(string(p), "Checking") {
		t.Errorf("ack %s", p)
	}
	if len(gh.Dispatches) != 1 {
		t.Errorf("dispatches %+v", gh.Dispatches)
	}
}

// Defect 7: a click from another workspace got a bare 403 and nothing in Slack; a command for
// another app too; in Socket Mode the refusal was silent after the acknowledgement.
func TestRefusalsAreVisible(t *testing.T) {
	b, f, gh := slackBot(t)
	v := waitingCanary(t, b, 24)
	hook := f.ResponseURL()
	if code := clickIn(t, b, "TOTHER", "UBOB", "approve", v, hook); code != 200 {
		t.Errorf("another workspace: %d", code)
	}
	b.Wait()
	if rs := f.Responses(hook); len(rs) != 1 || rs[0].ResponseType != "ephemeral" || !strings.Contains(rs[0].Text, "Refused") || !strings.Contains(rs[0].Text, "TOTHER") {
		t.Errorf("click from another workspace: %+v", rs)
	}
	code, body := slashIn(t, b, slackfake.TeamID, "UANN", "rollback production", "")
	_ = code
	rec := signedPost(b.Handler(), "/slack/commands", url.Values{"team_id": {slackfake.TeamID}, "api_app_id": {"AOTHER"}, "user_id": {"UANN"},
		"text": {"rollback production"}})
	b.Wait()
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Refused") || !strings.Contains(rec.Body.String(), "AOTHER") {
		t.Errorf("command for another app: %d %s", rec.Code, rec.Body)
	}
	if len(gh.Dispatches) != 1 { // ann's own rollback only
		t.Errorf("dispatches %+v (ack %q)", gh.Dispatches, body)
	}

	// Socket Mode.
	hook = f.ResponseURL()
	val, _ := json.Marshal(v)
	fake := newSocketFake(map[string]any{"envelope_id": "e1", "type": "interactive", "accepts_response_payload": false,
		"payload": map[string]any{"type": "block_actions", "team": map[string]string{"id": "TOTHER"}, "api_app_id": slackfake.AppID,
			"user": map[string]string{"id": "UBOB"}, "response_url": hook,
			"actions": []map[string]string{{"action_id": "approve", "value": string(val), "type": "button", "block_id": "greenlight_approval"}}}})
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunSocketMode(ctx, "xapp-1-test", slack.OptionAPIURL(fake.URL+"/")) }()
	within(10*time.Second, func() {
		for len(f.Responses(hook)) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
	})
	cancel()
	<-done
	if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "Refused") {
		t.Errorf("socket mode click from another workspace: %+v", rs)
	}
}

// Defect 3: any error of users.lookupByEmail let the click through: the author approved their
// own commit when the token lacked users:read.email, or no Slack account had the e-mail.
func TestAuthorCheckFailsClosed(t *testing.T) {
	for _, tc := range []struct {
		name, token string
		want        string
	}{
		{"missing scope", "xoxb-noemail", "users:read.email"},
		{"no such user", slackfake.Token, "emails:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, f, gh := slackBot(t)
			f.AddToken("xoxb-noemail", "chat:write", "users:read", "usergroups:read")
			b.API = slack.New(tc.token, slack.OptionAPIURL(f.GetAPIURL()))
			b.AuthorEmail = func(context.Context, string) string { return "carol@example.com" }
			v := waitingCanary(t, b, 30)
			v.Releaser = "someone-else"
			hook := f.ResponseURL()
			clickIn(t, b, slackfake.TeamID, "UCAROL", "approve", v, hook)
			b.Wait()
			if len(gh.Dispatches) != 0 {
				t.Fatalf("the click went through: %+v", gh.Dispatches)
			}
			if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "cannot approve") || !strings.Contains(rs[0].Text, tc.want) {
				t.Errorf("answer %+v", rs)
			}
		})
	}
	// The mapping settles it without Slack: carol's e-mail is someone else's.
	b, f, gh := slackBot(t)
	b.Config.Emails = map[string]string{"carol@example.com": "-"}
	b.AuthorEmail = func(context.Context, string) string { return "Carol@example.com" }
	v := waitingCanary(t, b, 31)
	v.Releaser = "someone-else"
	clickIn(t, b, slackfake.TeamID, "UCAROL", "approve", v, f.ResponseURL())
	b.Wait()
	if len(gh.Dispatches) != 1 {
		t.Errorf("mapped as no Slack account: dispatches %+v", gh.Dispatches)
	}
}

// Defect 5: Slack sends &, < and > as entities; the bot escaped them again, so a lock reason
// was stored as R&amp;D and shown as R&amp;amp;D.
func TestSlashCommandTextEscapedOnce(t *testing.T) {
	b, f, _ := slackBot(t)
	hook := f.ResponseURL()
	slashIn(t, b, slackfake.TeamID, "UANN", "lock production R&amp;D &lt;3", hook)
	b.Wait()
	l, err := b.GitHub.LockOf(context.Background(), "production")
	if err != nil || l == nil || l.Reason != "R&D <3" {
		t.Fatalf("lock %+v %v", l, err)
	}
	if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "R&amp;D &lt;3") || strings.Contains(rs[0].Text, "&amp;amp;") {
		t.Errorf("answer %+v", rs)
	}
}

// Defect 6: the link to the run the bot started went through notify.Escape, which puts a word
// joiner into https://: neither clickable nor copyable.
func TestLinkToTheRunWorks(t *testing.T) {
	b, f, gh := slackBot(t)
	hook := f.ResponseURL()
	slashIn(t, b, slackfake.TeamID, "UANN", "rollback production", hook)
	b.Wait()
	rs := f.Responses(hook)
	if len(rs) != 1 || len(gh.Dispatches) != 1 {
		t.Fatalf("answers %+v", rs)
	}
	if strings.Contains(rs[0].Text, "\u2060") || !strings.Contains(rs[0].Text, "<https://") || !strings.Contains(rs[0].Text, "|the run>") || !strings.Contains(rs[0].Text, "/actions/runs/") {
		t.Errorf("link %q", rs[0].Text)
	}
}

// Defect 8: README said Slack users are bound to GitHub logins "or by the commit author's
// e-mail"; the code binds only through people: (the e-mail only keeps the author from approving).
func TestREADMEBindsOnlyThroughPeople(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "or by the commit author's e-mail) to one digest") {
		t.Error("README still says a decision is bound by the commit author's e-mail")
	}
}

// Defect 2: Approve posted with the stage's context (no deadline) on an http.Client without a
// timeout: a Slack that accepts and never answers held the run until the job's timeout, and a
// Slack 5xx failed it. Now both end the step as a hold for a person.
func TestApproverHoldsWhenSlackIsDown(t *testing.T) {
	gh, c, _, _ := releaseFakes(t, strings.Repeat("a", 40))
	_ = gh
	stuck := make(chan struct{}, 1)
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"never answers", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-stuck:
			case <-r.Context().Done():
			}
		}},
		{"503", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			defer func() { stuck <- struct{}{} }()
			a := NewApprover(slackfake.Token, "C0DEPLOYS", c, notify.WithAPIURL(srv.URL+"/api/"))
			a.Deadline = 2 * time.Second
			img, _ := oci.ParseImage("ghcr.io/acme/hello@sha256:" + strings.Repeat("b", 64))
			var err error
			if !within(30*time.Second, func() {
				_, err = a.Approve(context.Background(), greenlight.ApprovalRequest{Env: "production", Image: img, Source: runlog.Source{Author: "ann"}})
			}) {
				t.Fatal("Approve hung on a Slack that does not answer")
			}
			if !errors.Is(err, greenlight.ErrAwaitingApproval) || !strings.Contains(err.Error(), "Slack") {
				t.Errorf("err %v, want a hold for a person", err)
			}
		})
	}
}

// Defect 7 (Enterprise Grid): an org-wide install's requests come from any workspace of the
// organization; the bot learns the organization from auth.test's enterprise_id and accepts them.
func TestEnterpriseGridInstall(t *testing.T) {
	b, f, gh := slackBot(t)
	f.Enterprise("E0GRID")
	b.started, b.TeamID, b.AppID = false, "", ""
	if err := b.Start(context.Background()); err != nil || b.EnterpriseID != "E0GRID" {
		t.Fatalf("start: %v, enterprise %q", err, b.EnterpriseID)
	}
	rec := signedPost(b.Handler(), "/slack/commands", url.Values{"team_id": {"T0OTHERWS"}, "enterprise_id": {"E0GRID"}, "api_app_id": {slackfake.AppID},
		"user_id": {"UANN"}, "text": {"rollback production"}, "response_url": {f.ResponseURL()}})
	b.Wait()
	if !strings.Contains(rec.Body.String(), "On it") || len(gh.Dispatches) != 1 {
		t.Errorf("grid workspace: %s, dispatches %+v", rec.Body, gh.Dispatches)
	}
	rec = signedPost(b.Handler(), "/slack/commands", url.Values{"team_id": {"T0OTHERWS"}, "enterprise_id": {"E0ELSE"}, "api_app_id": {slackfake.AppID},
		"user_id": {"UANN"}, "text": {"rollback production"}})
	if !strings.Contains(rec.Body.String(), "Refused") {
		t.Errorf("another organization: %s", rec.Body)
	}
}

// Running it: /readyz says 503 until the bot has started and, in Socket Mode, until its
// websocket is connected; /healthz always answers.
func TestHealthAndReadiness(t *testing.T) {
	b, _, _ := slackBot(t)
	get := func(path string) int {
		rec := httptest.NewRecorder()
		b.Health().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code
	}
	b.started = false
	if get("/healthz") != 200 || get("/readyz") != 503 {
		t.Errorf("before start: healthz %d readyz %d", get("/healthz"), get("/readyz"))
	}
	b.started = true
	if get("/readyz") != 200 {
		t.Errorf("started: readyz %d", get("/readyz"))
	}
	b.socket.Store(socketConnecting)
	if get("/readyz") != 503 {
		t.Errorf("socket mode, not connected: readyz %d", get("/readyz"))
	}
	sock := slackfake.NewSocket()
	defer sock.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunSocketMode(ctx, "xapp-1-test", slack.OptionAPIURL(sock.URL+"/")) }()
	sock.Send(map[string]any{"envelope_id": "e1", "type": "slash_commands", "accepts_response_payload": true,
		"payload": map[string]any{"team_id": slackfake.TeamID, "api_app_id": slackfake.AppID, "user_id": "UANN", "text": "help", "command": "/greenlight"}}, 10*time.Second)
	if _, ok := sock.Acked("e1"); !ok || get("/readyz") != 200 {
		t.Errorf("socket mode, connected: readyz %d", get("/readyz"))
	}
	cancel()
	<-done
}
