// Package slackfake is slack-go's slacktest server with the stateful Web API methods it lacks
// and Greenlight uses: chat.postMessage (unique timestamps, threads), chat.update,
// conversations.replies, reactions.add, reactions.get and usergroups.users.list; plus injected
// 429/5xx answers.
package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/slack-go/slack/slacktest"
)

// Message is one message as the fake keeps it.
type Message struct {
	Channel, TS, ThreadTS, Text, Blocks string
	Reactions                           []string
	Updates                             int
}

// Server is the fake.
type Server struct {
	*slacktest.Server
	mu       sync.Mutex
	n        int
	messages map[string]*Message // ts → message
	groups   map[string][]string
	fail     []int // status codes for the next chat.update calls
}

// New starts a fake with the user groups given.
func New(groups map[string][]string) *Server {
	f := &Server{messages: map[string]*Message{}, groups: groups}
	f.Server = slacktest.NewTestServer(f.bind)
	f.Server.Start()
	return f
}

// FailUpdates makes the next chat.update calls answer these status codes (429 with Retry-After: 1).
func (f *Server) FailUpdates(codes ...int) {
	f.mu.Lock()
	f.fail = append(f.fail, codes...)
	f.mu.Unlock()
}

// TopLevel returns the messages that are not thread replies.
func (f *Server) TopLevel() []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Message
	for _, m := range f.messages {
		if m.ThreadTS == "" {
			out = append(out, *m)
		}
	}
	return out
}

// Thread returns the replies posted under ts, oldest first.
func (f *Server) Thread(ts string) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.thread(ts)
}

func (f *Server) thread(ts string) []Message {
	var out []Message
	for i := 1; i <= f.n; i++ {
		if m := f.messages[fmt.Sprintf("1700000000.%06d", i)]; m != nil && m.ThreadTS == ts {
			out = append(out, *m)
		}
	}
	return out
}

// message finds the message at ts (the caller holds mu), or answers Slack's error for it.
func (f *Server) message(w http.ResponseWriter, ts, notFound string) (*Message, bool) {
	m, ok := f.messages[ts]
	if !ok {
		reply(w, map[string]any{"ok": false, "error": notFound})
	}
	return m, ok
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (f *Server) bind(c slacktest.Customize) {
	c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		f.n++
		ts := fmt.Sprintf("1700000000.%06d", f.n)
		f.messages[ts] = &Message{Channel: r.Form.Get("channel"), TS: ts, ThreadTS: r.Form.Get("thread_ts"), Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks")}
		reply(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": ts})
	})
	c.Handle("/chat.update", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.fail) > 0 {
			code := f.fail[0]
			f.fail = f.fail[1:]
			if code == 429 {
				w.Header().Set("Retry-After", "1")
			}
			w.WriteHeader(code)
			return
		}
		m, ok := f.message(w, r.Form.Get("ts"), "message_not_found")
		if !ok {
			return
		}
		m.Text, m.Blocks = r.Form.Get("text"), r.Form.Get("blocks")
		m.Updates++
		reply(w, map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS})
	})
	c.Handle("/conversations.replies", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		parent, ok := f.message(w, r.Form.Get("ts"), "thread_not_found")
		if !ok {
			return
		}
		msgs := []map[string]any{{"type": "message", "ts": parent.TS, "text": parent.Text}}
		for _, m := range f.thread(parent.TS) {
			msgs = append(msgs, map[string]any{"type": "message", "ts": m.TS, "thread_ts": m.ThreadTS, "text": m.Text})
		}
		reply(w, map[string]any{"ok": true, "messages": msgs, "has_more": false})
	})
	c.Handle("/reactions.add", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		m, ok := f.message(w, r.Form.Get("timestamp"), "message_not_found")
		if !ok {
			return
		}
		m.Reactions = append(m.Reactions, r.Form.Get("name"))
		reply(w, map[string]any{"ok": true})
	})
	c.Handle("/reactions.get", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		m, ok := f.message(w, r.Form.Get("timestamp"), "message_not_found")
		if !ok {
			return
		}
		var rs []map[string]any
		for _, name := range m.Reactions {
			rs = append(rs, map[string]any{"name": name, "count": 1, "users": []string{"UBOT"}})
		}
		reply(w, map[string]any{"ok": true, "type": "message", "channel": m.Channel,
			"message": map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "reactions": rs}})
	})
	c.Handle("/usergroups.users.list", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		users, ok := f.groups[r.Form.Get("usergroup")]
		if !ok {
			reply(w, map[string]any{"ok": false, "error": "no_such_subteam"})
			return
		}
		reply(w, map[string]any{"ok": true, "users": users})
	})
}
