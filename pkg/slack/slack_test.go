package slack

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

func request(ts int64, body, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	r.Header.Set("X-Slack-Signature", sig)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// The example from Slack's documentation ("Verifying requests from Slack").
func TestSignMatchesSlacksDocumentedExample(t *testing.T) {
	body := "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	if got := Sign(secret, 1531420618, []byte(body)); got != "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503" {
		t.Fatalf("signature %s", got)
	}
}

func TestOnlyGenuineFreshUnseenRequestsPass(t *testing.T) {
	v, err := NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if string(b) != "text=status" {
			t.Errorf("the handler got %q", b)
		}
		calls++
	}))
	now := time.Now().Unix()
	body := "text=status"
	code := func(r *http.Request) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	if c := code(request(now, body, Sign(secret, now, []byte(body)))); c != 200 {
		t.Fatalf("genuine request: %d", c)
	}
	for name, r := range map[string]*http.Request{
		"replayed":        request(now, body, Sign(secret, now, []byte(body))),
		"forged":          request(now, body, Sign("another-secret", now, []byte(body))),
		"tampered body":   request(now+1, "text=rollback production", Sign(secret, now+1, []byte(body))),
		"stale":           request(now-6*60, body, Sign(secret, now-6*60, []byte(body))),
		"from the future": request(now+6*60, body, Sign(secret, now+6*60, []byte(body))),
		"no signature":    request(now+2, body, ""),
	} {
		if c := code(r); c != http.StatusUnauthorized {
			t.Errorf("%s request: %d, want 401", name, c)
		}
	}
	if calls != 1 {
		t.Errorf("the handler ran %d times, want once", calls)
	}
	if _, err := NewVerifier(""); err == nil || !strings.Contains(err.Error(), "SLACK_SIGNING_SECRET") {
		t.Errorf("empty secret: %v", err)
	}
}

func TestParseCommand(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	for in, want := range map[string]Command{
		"":                            {Name: "help"},
		"help":                        {Name: "help"},
		"status":                      {Name: "status"},
		"STATUS production":           {Name: "status", Env: "production"},
		"rollback production":         {Name: "rollback", Env: "production"},
		"rollback production to " + d: {Name: "rollback", Env: "production", Ref: d},
		"rollback production to v1.2": {Name: "rollback", Env: "production", Ref: "v1.2"},
		"deploy staging 3f2a9c1":      {Name: "deploy", Env: "staging", Ref: "3f2a9c1"},
		"lock production  incident 42, do not deploy": {Name: "lock", Env: "production", Reason: "incident 42, do not deploy"},
		"unlock production":                           {Name: "unlock", Env: "production"},
		"history staging":                             {Name: "history", Env: "staging"},
	} {
		got, err := ParseCommand(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v, want %+v", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"launch":                        "unknown command",
		"rollback":                      "needs an environment",
		"rollback production from v1":   "usage: rollback ENV [to REF]",
		"deploy staging":                "usage: deploy ENV REF",
		"deploy staging ../../etc":      "is not a digest",
		"deploy staging -rf":            "is not a digest",
		"lock production":               "needs a reason",
		"unlock production now":         "usage: unlock ENV",
		"status prod;rm":                "is not an environment name",
		"status a b":                    "usage: status [ENV]",
		"deploy staging sha256:abc\x00": "control character",
	} {
		if _, err := ParseCommand(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// Whatever Slack sends, parsing never panics, and what it accepts is well formed and reads
// back the same.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "help", "status production", "rollback production to sha256:" + strings.Repeat("0", 64),
		"deploy staging abc1234", "lock production incident", "unlock x", "history y", "rollback a to ..", "lock p \x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseCommand(text)
		if err != nil {
			return
		}
		if c.Env != "" && !validEnv(c.Env) {
			t.Fatalf("accepted environment %q", c.Env)
		}
		if c.Ref != "" && !validRef(c.Ref) {
			t.Fatalf("accepted ref %q", c.Ref)
		}
		again, err := ParseCommand(c.String())
		if err != nil || again != c {
			t.Fatalf("%q parsed as %+v, which reads back as %+v (%v)", text, c, again, err)
		}
	})
}
