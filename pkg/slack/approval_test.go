package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

func click(t *testing.T, h http.Handler, user, action string, v buttonValue, responseURL string) int {
	t.Helper()
	val, _ := json.Marshal(v)
	p, _ := json.Marshal(map[string]any{"type": "block_actions", "team": map[string]string{"id": slackfake.TeamID}, "api_app_id": slackfake.AppID,
		"user": map[string]string{"id": user}, "response_url": responseURL,
		"channel": map[string]string{"id": "C0DEPLOYS"}, "message": map[string]string{"ts": "1700000000.000001"},
		"actions": []map[string]string{{"action_id": action, "value": string(val)}}})
	return signedPost(h, "/slack/interactions", url.Values{"payload": {string(p)}}).Code
}

func TestApprovalsGateByPersonDigestAndTime(t *testing.T) {
	b, gh, audit := bot(t)
	b.Config.Environments["production"]["approve"] = []string{"UANN", "UBOB"}
	b.Config.People = map[string]string{"ann": "UANN", "bob": "UBOB"}
	// A canary of digest d waits in production: its deployment is in progress.
	d := "sha256:" + strings.Repeat("d", 64)
	rec, err := b.GitHub.Begin(context.Background(), "production", strings.Repeat("a", 40), "main",
		github.Payload{Image: "ghcr.io/acme/hello@" + d, Digest: d, TriggeredBy: "slack:UANN"}, true)
	if err != nil {
		t.Fatal(err)
	}
	// The pipeline's gate: buttons posted, "awaiting approval" recorded, the job ends.
	srv := slackfake.New(nil)
	defer srv.Stop()
	b.API = slack.New(slackfake.Token, slack.OptionAPIURL(srv.GetAPIURL()))
	ap := NewApprover(slackfake.Token, "#deploys", b.GitHub, notify.WithAPIURL(srv.GetAPIURL()))
	img, _ := oci.ParseImage("ghcr.io/acme/hello@" + d)
	_, err = ap.Approve(context.Background(), greenlight.ApprovalRequest{Env: "production", Image: img, Source: runlog.Source{Author: "slack:UANN"}})
	if !errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Fatalf("the approver should end the job awaiting approval: %v", err)
	}
	posted := srv.TopLevel()
	if len(posted) != 1 || !strings.Contains(posted[0].Blocks, `"action_id":"approve"`) || !strings.Contains(posted[0].Blocks, d) {
		t.Fatalf("approval message %+v", posted)
	}
	hist, _ := b.GitHub.History(context.Background(), "production", 1)
	if hist[0].ID != rec.ID || hist[0].State != "in_progress" {
		t.Fatalf("deployment %+v", hist[0])
	}
	// The button's value, as Slack sends it back.
	var v buttonValue
	blocks := posted[0].Blocks
	i := strings.Index(blocks, `"value":`)
	json.Unmarshal([]byte(jsonString(blocks[i+8:])), &v)
	if v.Digest != d || v.Releaser != "slack:UANN" {
		t.Fatalf("button value %+v", v)
	}

	resp := &responses{}
	rs := httptest.NewServer(http.HandlerFunc(resp.handler))
	defer rs.Close()
	h := b.Handler()
	stale, expired := v, v
	stale.Digest = "sha256:" + strings.Repeat("e", 64)
	expired.Expires = time.Now().Add(-time.Minute).Unix()
	for _, c := range []struct {
		user   string
		v      buttonValue
		action string
		want   string
	}{
		{"UEVE", v, "approve", "only <@UANN>, <@UBOB> may approve production"},
		{"UANN", v, "approve", "you (ann on GitHub) released it, and a release needs another approver"},
		{"UBOB", stale, "approve", "is no longer what waits in production"},
		{"UBOB", expired, "approve", "this approval expired"},
	} {
		if code := click(t, h, c.user, c.action, c.v, rs.URL); code != 200 {
			t.Fatalf("click: %d", code)
		}
		b.Wait()
		resp.mu.Lock()
		last := resp.msgs[len(resp.msgs)-1]
		resp.mu.Unlock()
		if !strings.Contains(last, c.want) || !strings.Contains(last, "Nothing was done") {
			t.Errorf("%s %s: %q, want %q", c.user, c.action, last, c.want)
		}
	}
	if len(gh.Dispatches) != 0 {
		t.Fatalf("a refused decision dispatched %+v", gh.Dispatches)
	}
	// UBOB approves: promote is dispatched, the decision is in the deployment's status.
	click(t, h, "UBOB", "approve", v, rs.URL)
	b.Wait()
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "promote" || gh.Dispatches[0].Inputs["requested_by"] != "slack approval by bob" {
		t.Fatalf("dispatch %+v", gh.Dispatches)
	}
	if n := strings.Count(audit.String(), `"allowed":false`); n != 4 || !strings.Contains(audit.String(), `approved by bob (slack UBOB)`) {
		t.Errorf("audit:\n%s", audit)
	}
	hist, _ = b.GitHub.History(context.Background(), "production", 1)
	if hist[0].State != "in_progress" {
		t.Errorf("after approval: %+v", hist[0])
	}
}

// jsonString reads the JSON string literal at the start of s.
func jsonString(s string) string {
	var out string
	dec := json.NewDecoder(strings.NewReader(s))
	dec.Decode(&out)
	return out
}

// Approvers given as a user group (resolved through usergroups.users.list), and the decision
// posted in the approval message's thread.
func TestGroupApproverAndDecisionInTheThread(t *testing.T) {
	b, gh, _ := bot(t)
	b.Config.Environments["production"]["approve"] = []string{"SRELEASE"}
	b.Config.People = map[string]string{"dan": "UDAN", "eve": "UEVE"}
	srv := slackfake.New(map[string][]string{"SRELEASE": {"UCAROL", "UDAN"}})
	defer srv.Stop()
	b.API = slack.New(slackfake.Token, slack.OptionAPIURL(srv.GetAPIURL()))
	// The approval message the buttons are on.
	if _, _, err := b.API.PostMessage("C0DEPLOYS", slack.MsgOptionText("Approval needed", false)); err != nil {
		t.Fatal(err)
	}
	d := "sha256:" + strings.Repeat("f", 64)
	if _, err := b.GitHub.Begin(context.Background(), "production", strings.Repeat("a", 40), "main", github.Payload{Image: "r@" + d, Digest: d}, true); err != nil {
		t.Fatal(err)
	}
	v := buttonValue{Env: "production", Digest: d, Releaser: "slack:UANN", Expires: time.Now().Add(time.Hour).Unix()}
	h := b.Handler()
	click(t, h, "UEVE", "approve", v, "")
	b.Wait()
	if len(gh.Dispatches) != 0 {
		t.Fatal("someone outside the group approved")
	}
	click(t, h, "UDAN", "reject", v, "")
	b.Wait()
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "abort" {
		t.Fatalf("a group member's rejection: %+v", gh.Dispatches)
	}
	thread := srv.Thread("1700000000.000001")
	if len(thread) != 1 || !strings.Contains(thread[0].Text, "<@UDAN> (dan) rejected") {
		t.Errorf("thread %+v", thread)
	}
	// The buttons are gone: the message says who decided.
	if top := srv.TopLevel(); len(top) != 1 || strings.Contains(top[0].Blocks, "button") || !strings.Contains(top[0].Blocks, "rejected") {
		t.Errorf("approval message after the decision %+v", top)
	}
}
