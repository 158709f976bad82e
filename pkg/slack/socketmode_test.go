package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
)

// socketFake is a small Socket Mode server: apps.connections.open hands out a websocket URL;
// the websocket says hello, delivers the envelopes and records the acknowledgements. Its
// upgrader accepts any Origin, as Slack's does for apps.
type socketFake struct {
	*httptest.Server
	envelopes []map[string]any
	mu        sync.Mutex
	acks      []map[string]any
	tokens    []string
}

func newSocketFake(envelopes ...map[string]any) *socketFake {
	f := &socketFake{envelopes: envelopes}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	mux.HandleFunc("/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.tokens = append(f.tokens, r.Header.Get("Authorization"))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true,"url":"ws://` + r.Host + `/link"}`))
	})
	mux.HandleFunc("/link", func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]string{"app_id": "A1"}})
		for _, e := range f.envelopes {
			c.WriteJSON(e)
		}
		for {
			var ack map[string]any
			if err := c.ReadJSON(&ack); err != nil {
				return
			}
			f.mu.Lock()
			f.acks = append(f.acks, ack)
			f.mu.Unlock()
		}
	})
	f.Server = httptest.NewServer(mux)
	return f
}

func TestSocketModeCommands(t *testing.T) {
	b, gh, audit := bot(t)
	fake := newSocketFake(
		map[string]any{"envelope_id": "e1", "type": "slash_commands", "accepts_response_payload": true,
			"payload": map[string]any{"team_id": slackfake.TeamID, "api_app_id": slackfake.AppID, "user_id": "UBOB", "text": "rollback production", "command": "/greenlight"}},
		map[string]any{"envelope_id": "e3", "type": "slash_commands", "accepts_response_payload": true,
			"payload": map[string]any{"team_id": "TOTHER", "api_app_id": slackfake.AppID, "user_id": "UBOB", "text": "rollback production", "command": "/greenlight"}},
		map[string]any{"envelope_id": "e2", "type": "slash_commands", "accepts_response_payload": true,
			"payload": map[string]any{"team_id": slackfake.TeamID, "api_app_id": slackfake.AppID, "user_id": "UEVE", "text": "rollback production", "command": "/greenlight"}},
	)
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunSocketMode(ctx, "xapp-1-test", slack.OptionAPIURL(fake.URL+"/")) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		fake.mu.Lock()
		n := len(fake.acks)
		fake.mu.Unlock()
		if n >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.acks) != 3 || len(fake.tokens) == 0 || fake.tokens[0] != "Bearer xapp-1-test" {
		t.Fatalf("acks %v, tokens %v", fake.acks, fake.tokens)
	}
	answers := map[string]string{}
	for _, a := range fake.acks {
		p, _ := json.Marshal(a["payload"])
		answers[a["envelope_id"].(string)] = string(p)
	}
	if !strings.Contains(answers["e1"], "On it") || !strings.Contains(answers["e2"], "Refused: only") || !strings.Contains(answers["e3"], "not T0GREEN01") {
		t.Errorf("answers %v", answers)
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["requested_by"] != "slack:UBOB" {
		t.Errorf("dispatches %+v", gh.Dispatches)
	}
	if !strings.Contains(audit.String(), `"user":"UEVE"`) {
		t.Errorf("the refusal was not audited:\n%s", audit)
	}
	if err := b.RunSocketMode(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") {
		t.Errorf("no token: %v", err)
	}
}
