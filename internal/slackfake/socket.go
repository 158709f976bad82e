package slackfake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// MaxAck is how long Slack waits for an app to acknowledge an envelope over Socket Mode, as over
// HTTP ("Acknowledge… within 3 seconds"): a later acknowledgement is not taken (the person sees
// an error, and the slash command's response payload is dropped).
const MaxAck = 3 * time.Second

// Socket is a fake of Socket Mode: apps.connections.open (with an app-level token, xapp-…) hands
// out a websocket URL; the websocket says hello, delivers the envelopes Send is given and
// records each acknowledgement with how long it took. Its upgrader accepts any Origin, as
// Slack's does for apps.
type Socket struct {
	*httptest.Server
	mu     sync.Mutex
	conn   *websocket.Conn
	ready  chan struct{}
	sent   map[string]time.Time
	acks   []Ack
	tokens []string
}

// Ack is one acknowledgement: the envelope, the payload answered (a slash command's immediate
// answer) and how long after the envelope it came.
type Ack struct {
	EnvelopeID string
	Payload    map[string]any
	After      time.Duration
}

// NewSocket starts the fake; pass slack.OptionAPIURL(s.URL+"/") to the Socket Mode client.
func NewSocket() *Socket {
	s := &Socket{ready: make(chan struct{}), sent: map[string]time.Time{}}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	mux.HandleFunc("/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.tokens = append(s.tokens, r.Header.Get("Authorization"))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if len(r.Header.Get("Authorization")) < len("Bearer xapp-") || r.Header.Get("Authorization")[:12] != "Bearer xapp-" {
			w.Write([]byte(`{"ok":false,"error":"not_allowed_token_type"}`))
			return
		}
		w.Write([]byte(`{"ok":true,"url":"ws://` + r.Host + `/link"}`))
	})
	mux.HandleFunc("/link", func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]string{"app_id": AppID}})
		s.mu.Lock()
		first := s.conn == nil
		s.conn = c
		s.mu.Unlock()
		if first {
			close(s.ready)
		}
		for {
			var a struct {
				EnvelopeID string         `json:"envelope_id"`
				Payload    map[string]any `json:"payload"`
			}
			if err := c.ReadJSON(&a); err != nil {
				return
			}
			s.mu.Lock()
			if at, ok := s.sent[a.EnvelopeID]; ok {
				s.acks = append(s.acks, Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, After: time.Since(at)})
			}
			s.mu.Unlock()
		}
	})
	s.Server = httptest.NewServer(mux)
	return s
}

// Send delivers an envelope (envelope_id, type, payload…) once the app is connected, waiting at
// most timeout for it to connect; false when it did not.
func (s *Socket) Send(envelope map[string]any, timeout time.Duration) bool {
	select {
	case <-s.ready:
	case <-time.After(timeout):
		return false
	}
	b, _ := json.Marshal(envelope)
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := envelope["envelope_id"].(string)
	s.sent[id] = time.Now()
	return s.conn.WriteMessage(websocket.TextMessage, b) == nil
}

// Acked returns the acknowledgement of envelope id that Slack took (within MaxAck), waiting for
// it until MaxAck has passed since the envelope was sent.
func (s *Socket) Acked(id string) (Ack, bool) {
	for {
		s.mu.Lock()
		at, sent := s.sent[id]
		for _, a := range s.acks {
			if a.EnvelopeID == id {
				s.mu.Unlock()
				return a, a.After <= MaxAck
			}
		}
		s.mu.Unlock()
		if !sent || time.Since(at) > MaxAck {
			return Ack{}, false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Tokens returns the Authorization headers apps.connections.open was called with.
func (s *Socket) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tokens...)
}
