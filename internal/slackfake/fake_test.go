package slackfake

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// Each case is a behaviour of Slack's method reference the fake must keep (issue 24): the fake
// is never kinder than Slack where the tests depend on it.
func TestFakeIsAsStrictAsSlack(t *testing.T) {
	f := New(nil)
	defer f.Stop()
	api := slack.New(Token, slack.OptionAPIURL(f.GetAPIURL()))
	ctx := context.Background()
	slackError := func(err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s", err, want)
		}
	}

	// not_in_channel and is_archived (chat.postMessage errors).
	f.AddChannel("quiet", "C0QUIET")
	f.Leave("C0QUIET")
	_, _, err := api.PostMessageContext(ctx, "C0QUIET", slack.MsgOptionText("hi", false))
	slackError(err, "not_in_channel")
	_, ts, err := api.PostMessageContext(ctx, "C0DEPLOYS", slack.MsgOptionText("hi", false))
	if err != nil {
		t.Fatal(err)
	}
	f.AddChannel("old", "C0OLD")
	_, oldTS, _ := api.PostMessageContext(ctx, "C0OLD", slack.MsgOptionText("hi", false))
	f.Archive("C0OLD")
	_, _, err = api.PostMessageContext(ctx, "C0OLD", slack.MsgOptionText("hi", false))
	slackError(err, "is_archived")
	_, _, _, err = api.UpdateMessageContext(ctx, "C0OLD", oldTS, slack.MsgOptionText("x", false))
	slackError(err, "is_archived")

	// cant_update_message: an app updates only its own messages.
	theirs := f.PostAs(t, "C0DEPLOYS", "UANN", "mine")
	_, _, _, err = api.UpdateMessageContext(ctx, "C0DEPLOYS", theirs, slack.MsgOptionText("x", false))
	slackError(err, "cant_update_message")
	if _, _, _, err = api.UpdateMessageContext(ctx, "C0DEPLOYS", ts, slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("own message: %v", err)
	}

	// Block Kit: text objects and unique ids.
	for _, tc := range []struct{ blocks, want string }{
		{`[{"type":"section","text":{"type":"markdown","text":"x"}}]`, "plain_text or mrkdwn"},
		{`[{"type":"section","text":{"type":"mrkdwn","text":"x","emoji":true}}]`, "emoji is only allowed on plain_text"},
		{`[{"type":"section","block_id":"a","text":{"type":"mrkdwn","text":"x"}},{"type":"section","block_id":"a","text":{"type":"mrkdwn","text":"y"}}]`, "block_id \"a\" is used twice"},
		{`[{"type":"actions","elements":[{"type":"button","action_id":"go","text":{"type":"plain_text","text":"A"}},{"type":"button","action_id":"go","text":{"type":"plain_text","text":"B"}}]}]`, "action_id \"go\" is used twice"},
		{`[{"type":"actions","elements":[{"type":"button","action_id":"go","text":{"type":"mrkdwn","text":"A"}}]}]`, "button's text must be plain_text"},
	} {
		if errs := CheckBlocks([]byte(tc.blocks)); len(errs) == 0 || !strings.Contains(strings.Join(errs, "; "), tc.want) {
			t.Errorf("%s: %v, want %s", tc.blocks, errs, tc.want)
		}
	}

	// A realistic Retry-After.
	f.RateLimitAfter("chat.postMessage", 1, 30)
	_, _, err = api.PostMessageContext(ctx, "C0DEPLOYS", slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 30*time.Second {
		t.Errorf("rate limit: %v", err)
	}

	// Enterprise Grid: auth.test names the organization.
	f.Enterprise("E0GRID")
	at, err := api.AuthTestContext(ctx)
	if err != nil || at.EnterpriseID != "E0GRID" {
		t.Errorf("auth.test %+v %v", at, err)
	}

	// response_url: 5 uses within 30 minutes; replace_original and delete_original act on the
	// message clicked.
	post := func(u, body string) int {
		resp, err := http.Post(u, "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	u := f.ResponseURLFor("C0DEPLOYS", ts)
	if c := post(u, `{"replace_original":true,"text":"replaced"}`); c != 200 {
		t.Errorf("replace: %d", c)
	}
	if m, _ := f.Message("C0DEPLOYS", ts); m.Text != "replaced" {
		t.Errorf("not replaced: %+v", m)
	}
	for range 3 {
		post(u, `{"text":"more"}`)
	}
	if c := post(u, `{"delete_original":true}`); c != 200 {
		t.Errorf("delete: %d", c)
	}
	if c := post(u, `{"text":"sixth"}`); c != 404 {
		t.Errorf("a sixth use: %d", c)
	}
	if _, _, _, err = api.UpdateMessageContext(ctx, "C0DEPLOYS", ts, slack.MsgOptionText("x", false)); err == nil {
		t.Error("a deleted message was updated")
	}
	if c := post(f.ResponseURL(), `{"replace_original":true,"text":"x"}`); c != 404 {
		t.Errorf("replace with no original: %d", c)
	}
	now := time.Now()
	f.Now = func() time.Time { return now }
	late := f.ResponseURL()
	now = now.Add(30*time.Minute + time.Second)
	if c := post(late, `{"text":"late"}`); c != 404 {
		t.Errorf("after 30 minutes: %d", c)
	}
}
