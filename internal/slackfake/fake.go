// Package slackfake is a stateful fake of the Slack Web API methods Greenlight calls, as strict
// as Slack (checked against Slack's method reference): tokens carry scopes and a method called
// without its scope answers missing_scope with needed and provided; chat.update and
// reactions.add take a channel ID only (a name answers channel_not_found) and a ts that exists
// in that channel (message_not_found); chat.postMessage takes a name or an ID and answers the
// channel's ID and the message's ts; blocks are checked against Block Kit's limits
// (invalid_blocks); rate limits answer HTTP 429 with Retry-After and "ratelimited" when asked
// to; auth.test, bots.info, users.lookupByEmail and usergroups.users.list answer as Slack does;
// response_url hooks accept what Slack accepts (at most 5 uses, within 30 minutes;
// replace_original and delete_original act on the message clicked, ResponseURLFor);
// chat.postMessage answers not_in_channel where the bot is not a member and is_archived in an
// archived channel; chat.update answers cant_update_message for a message the bot did not post;
// Block Kit text objects are plain_text or mrkdwn (buttons plain_text) and block_id and
// action_id are unique; auth.test names the Enterprise Grid organization of an org-wide install
// (enterprise_id). Sources: Slack's method reference (chat.postMessage, chat.update, auth.test),
// "Handling user interaction" (response_url) and the Block Kit reference.
package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The workspace and app the fake's tokens belong to.
const (
	TeamID = "T0GREEN01"
	AppID  = "A0GREEN01"
	BotID  = "B0GREEN01"
	BotUID = "U0GREENBOT"
	// Token is the bot token registered by New, with every scope in MethodScopes.
	Token = "xoxb-greenlight"
)

// MethodScopes is the bot-token scope each method needs, from Slack's method reference.
var MethodScopes = map[string]string{
	"chat.postMessage":      "chat:write",
	"chat.update":           "chat:write",
	"reactions.add":         "reactions:write",
	"reactions.get":         "reactions:read",
	"conversations.replies": "channels:history",
	"usergroups.users.list": "usergroups:read",
	"users.lookupByEmail":   "users:read.email",
	"bots.info":             "users:read",
	"auth.test":             "",
}

// Message is one message as the fake keeps it.
type Message struct {
	Channel, TS, ThreadTS, Text, Blocks string
	Reactions                           []string
	Updates                             int
	// By is who posted it: BotUID for the bot; chat.update of anyone else's message answers
	// cant_update_message.
	By string
	// Deleted is set by a response_url's delete_original.
	Deleted bool
}

// Response is one answer posted to a response_url.
type Response struct {
	ResponseType    string `json:"response_type"`
	Text            string `json:"text"`
	ReplaceOriginal bool   `json:"replace_original"`
	DeleteOriginal  bool   `json:"delete_original"`
}

// Server is the fake.
type Server struct {
	*httptest.Server
	mu         sync.Mutex
	n          int
	messages   map[string]*Message // channel/ts → message
	order      []string            // keys, oldest first
	groups     map[string][]string
	channels   map[string]string   // name → ID
	tokens     map[string][]string // token → scopes
	emails     map[string]string   // email → user ID
	fail       []int               // status codes for the next chat.update calls
	limited    map[string]int      // method → the next n calls answer 429
	calls      map[string][]string // token → methods called, in order
	hooks      map[string][]Response
	retryAfter int                      // Retry-After of rate limits, in seconds (1 unless RateLimitAfter says)
	held       map[string]chan struct{} // method → closed when its calls may answer
	left       map[string]bool          // channel ID → the bot is not a member
	archived   map[string]bool          // channel ID → archived
	hookAt     map[string]time.Time     // response_url → when Slack made it
	hookMsg    map[string]string        // response_url → the message it came from (channel/ts)
	enterprise string                   // auth.test's enterprise_id, for an org-wide install
	// Now is the fake's clock (response_url expiry); tests move it.
	Now    func() time.Time
	held0  map[string]int           // method → calls waiting on held
	delays map[string]time.Duration // method → how long Slack takes to answer it
}

// New starts a fake with the user groups given, a channel #deploys (C0DEPLOYS) and the bot
// token Token with every scope.
func New(groups map[string][]string) *Server {
	f := &Server{messages: map[string]*Message{}, groups: groups, channels: map[string]string{"deploys": "C0DEPLOYS"},
		tokens: map[string][]string{}, emails: map[string]string{}, limited: map[string]int{}, calls: map[string][]string{},
		hooks: map[string][]Response{}, held: map[string]chan struct{}{}, held0: map[string]int{},
		left: map[string]bool{}, delays: map[string]time.Duration{}, archived: map[string]bool{}, hookAt: map[string]time.Time{}, hookMsg: map[string]string{}, Now: time.Now}
	var all []string
	for _, s := range MethodScopes {
		if s != "" && !slices.Contains(all, s) {
			all = append(all, s)
		}
	}
	f.tokens[Token] = all
	f.tokens["xoxb-test"] = all
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// GetAPIURL is the Web API's base URL, for slack.OptionAPIURL.
func (f *Server) GetAPIURL() string { return f.URL + "/api/" }

// Stop stops the server, answering the calls Hold keeps waiting first.
func (f *Server) Stop() {
	f.mu.Lock()
	for m, ch := range f.held {
		close(ch)
		delete(f.held, m)
	}
	f.mu.Unlock()
	f.Close()
}

// AddToken registers a bot token with exactly these scopes.
func (f *Server) AddToken(token string, scopes ...string) {
	f.mu.Lock()
	f.tokens[token] = scopes
	f.mu.Unlock()
}

// Hold makes calls of method wait, without an answer, until release is called (a Slack that
// accepts a request and does not answer yet). Waiting says how many calls wait now.
func (f *Server) Hold(method string) (release func()) {
	ch := make(chan struct{})
	f.mu.Lock()
	f.held[method] = ch
	f.mu.Unlock()
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.held[method] == ch {
			delete(f.held, method)
			close(ch)
		}
	}
}

// Delay makes Slack take d to answer each call of method (a slow method, not an outage).
func (f *Server) Delay(method string, d time.Duration) {
	f.mu.Lock()
	f.delays[method] = d
	f.mu.Unlock()
}

// Waiting is how many calls of method wait on Hold now.
func (f *Server) Waiting(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.held0[method]
}

// SetGroup sets a user group's members (usergroups.users.list answers them from now on).
func (f *Server) SetGroup(id string, members ...string) {
	f.mu.Lock()
	if f.groups == nil {
		f.groups = map[string][]string{}
	}
	f.groups[id] = members
	f.mu.Unlock()
}

// Leave takes the bot out of a channel: posting there answers not_in_channel (a bot without
// chat:write.public must be a member).
func (f *Server) Leave(channelID string) {
	f.mu.Lock()
	f.left[channelID] = true
	f.mu.Unlock()
}

// Archive archives a channel: posting, updating and reacting there answer is_archived.
func (f *Server) Archive(channelID string) {
	f.mu.Lock()
	f.archived[channelID] = true
	f.mu.Unlock()
}

// Enterprise makes the install an Enterprise Grid org-wide one: auth.test answers enterprise_id
// and is_enterprise_install true.
func (f *Server) Enterprise(id string) {
	f.mu.Lock()
	f.enterprise = id
	f.mu.Unlock()
}

// PostAs posts a message as user (not the bot) and returns its ts: the bot may not update it.
func (f *Server) PostAs(t interface{ Fatal(...any) }, channel, user, text string) string {
	ts := f.PostMessage(t, channel, text)
	f.mu.Lock()
	defer f.mu.Unlock()
	id, _ := f.channelID(channel)
	f.messages[id+"/"+ts].By = user
	return ts
}

// RateLimitAfter makes the next n calls of method answer HTTP 429 with Retry-After: seconds
// (Slack's limits are per minute, so it asks for up to a minute: 30 is common).
func (f *Server) RateLimitAfter(method string, n, seconds int) {
	f.mu.Lock()
	f.limited[method] += n
	f.retryAfter = seconds
	f.mu.Unlock()
}

// ResponseURLFor makes a response_url for a click on the message at ts in channel: its
// replace_original and delete_original act on that message.
func (f *Server) ResponseURLFor(channel, ts string) string {
	u := f.ResponseURL()
	f.mu.Lock()
	f.hookMsg[u[strings.LastIndex(u, "/")+1:]] = channel + "/" + ts
	f.mu.Unlock()
	return u
}

// Message returns the message at ts in channel (an ID).
func (f *Server) Message(channel, ts string) (Message, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.messages[channel+"/"+ts]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

// AddChannel adds a channel (name without #) and returns its ID.
func (f *Server) AddChannel(name, id string) {
	f.mu.Lock()
	f.channels[name] = id
	f.mu.Unlock()
}

// AddUser makes users.lookupByEmail find user by email.
func (f *Server) AddUser(id, email string) {
	f.mu.Lock()
	f.emails[strings.ToLower(email)] = id
	f.mu.Unlock()
}

// FailUpdates makes the next chat.update calls answer these status codes (429 with Retry-After: 1).
func (f *Server) FailUpdates(codes ...int) {
	f.mu.Lock()
	f.fail = append(f.fail, codes...)
	f.mu.Unlock()
}

// RateLimit makes the next n calls of method answer HTTP 429, Retry-After: 1, "ratelimited".
func (f *Server) RateLimit(method string, n int) {
	f.mu.Lock()
	f.limited[method] += n
	f.mu.Unlock()
}

// Calls returns the methods called with token, in order (refused calls included).
func (f *Server) Calls(token string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls[token])
}

// ResponseURL makes a new response_url, as Slack puts in a command or an interaction.
func (f *Server) ResponseURL() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := strconv.Itoa(len(f.hooks) + 1)
	f.hooks[id] = []Response{}
	f.hookAt[id] = f.Now()
	return f.URL + "/hooks/" + id
}

// Responses returns what was posted to a response_url.
func (f *Server) Responses(responseURL string) []Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.hooks[responseURL[strings.LastIndex(responseURL, "/")+1:]])
}

// PostMessage posts a message as the bot would (for a test's setup) and returns its ts.
func (f *Server) PostMessage(t interface{ Fatal(...any) }, channel, text string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.channelID(channel)
	if !ok {
		t.Fatal("slackfake: no channel " + channel)
	}
	f.n++
	ts := fmt.Sprintf("1700000000.%06d", f.n)
	f.messages[id+"/"+ts] = &Message{Channel: id, TS: ts, Text: text, By: BotUID}
	f.order = append(f.order, id+"/"+ts)
	return ts
}

// TopLevel returns the messages that are not thread replies, oldest first.
func (f *Server) TopLevel() []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Message
	for _, k := range f.order {
		if m := f.messages[k]; m.ThreadTS == "" {
			out = append(out, *m)
		}
	}
	return out
}

// Thread returns the replies posted under ts, oldest first.
func (f *Server) Thread(ts string) []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Message
	for _, k := range f.order {
		if m := f.messages[k]; m.ThreadTS == ts {
			out = append(out, *m)
		}
	}
	return out
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func slackErr(w http.ResponseWriter, code string) {
	reply(w, map[string]any{"ok": false, "error": code})
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	if id, ok := strings.CutPrefix(r.URL.Path, "/hooks/"); ok {
		f.hook(w, r, id)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		b, _ := io.ReadAll(r.Body)
		if json.Unmarshal(b, &m) != nil {
			slackErr(w, "invalid_json")
			return
		}
		r.Form = url.Values{}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				r.Form.Set(k, v)
			default:
				b, _ := json.Marshal(v)
				r.Form.Set(k, string(b))
			}
		}
	} else if err := r.ParseForm(); err != nil {
		slackErr(w, "invalid_form_data")
		return
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = r.Form.Get("token")
	}
	f.mu.Lock()
	if d := f.delays[method]; d > 0 {
		f.mu.Unlock()
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
		f.mu.Lock()
	}
	if ch, ok := f.held[method]; ok {
		f.held0[method]++
		f.mu.Unlock()
		select {
		case <-ch:
		case <-r.Context().Done():
		}
		f.mu.Lock()
		f.held0[method]--
	}
	defer f.mu.Unlock()
	need, known := MethodScopes[method]
	if !known {
		slackErr(w, "unknown_method")
		return
	}
	if token == "" {
		slackErr(w, "not_authed")
		return
	}
	f.calls[token] = append(f.calls[token], method)
	scopes, ok := f.tokens[token]
	if !ok {
		slackErr(w, "invalid_auth")
		return
	}
	if f.limited[method] > 0 {
		f.limited[method]--
		w.Header().Set("Retry-After", strconv.Itoa(max(f.retryAfter, 1)))
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		return
	}
	if need != "" && !slices.Contains(scopes, need) {
		reply(w, map[string]any{"ok": false, "error": "missing_scope", "needed": need, "provided": strings.Join(scopes, ",")})
		return
	}
	switch method {
	case "auth.test":
		a := map[string]any{"ok": true, "url": "https://greenlight-test.slack.com/", "team": "Greenlight Test", "user": "greenlight",
			"team_id": TeamID, "user_id": BotUID, "bot_id": BotID, "is_enterprise_install": f.enterprise != ""}
		if f.enterprise != "" {
			a["enterprise_id"] = f.enterprise
		}
		reply(w, a)
	case "bots.info":
		if r.Form.Get("bot") != BotID {
			slackErr(w, "bot_not_found")
			return
		}
		reply(w, map[string]any{"ok": true, "bot": map[string]any{"id": BotID, "deleted": false, "name": "greenlight", "app_id": AppID, "user_id": BotUID}})
	case "chat.postMessage":
		f.postMessage(w, r)
	case "chat.update":
		f.update(w, r)
	case "conversations.replies":
		m, ok := f.message(w, r.Form.Get("channel"), r.Form.Get("ts"), "thread_not_found")
		if !ok {
			return
		}
		msgs := []map[string]any{{"type": "message", "ts": m.TS, "text": m.Text}}
		for _, k := range f.order {
			if t := f.messages[k]; t.ThreadTS == m.TS && t.Channel == m.Channel {
				msgs = append(msgs, map[string]any{"type": "message", "ts": t.TS, "thread_ts": t.ThreadTS, "text": t.Text})
			}
		}
		reply(w, map[string]any{"ok": true, "messages": msgs, "has_more": false})
	case "reactions.add":
		name := r.Form.Get("name")
		if name == "" || strings.Contains(name, ":") {
			slackErr(w, "invalid_name")
			return
		}
		m, ok := f.message(w, r.Form.Get("channel"), r.Form.Get("timestamp"), "message_not_found")
		if !ok {
			return
		}
		if slices.Contains(m.Reactions, name) {
			slackErr(w, "already_reacted")
			return
		}
		m.Reactions = append(m.Reactions, name)
		reply(w, map[string]any{"ok": true})
	case "reactions.get":
		m, ok := f.message(w, r.Form.Get("channel"), r.Form.Get("timestamp"), "message_not_found")
		if !ok {
			return
		}
		var rs []map[string]any
		for _, name := range m.Reactions {
			rs = append(rs, map[string]any{"name": name, "count": 1, "users": []string{BotUID}})
		}
		reply(w, map[string]any{"ok": true, "type": "message", "channel": m.Channel,
			"message": map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "reactions": rs}})
	case "usergroups.users.list":
		users, ok := f.groups[r.Form.Get("usergroup")]
		if !ok {
			slackErr(w, "no_such_subteam")
			return
		}
		reply(w, map[string]any{"ok": true, "users": users})
	case "users.lookupByEmail":
		email := strings.ToLower(r.Form.Get("email"))
		id, ok := f.emails[email]
		if !ok {
			slackErr(w, "users_not_found")
			return
		}
		reply(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "team_id": TeamID, "name": strings.Split(email, "@")[0],
			"deleted": false, "is_bot": false, "profile": map[string]any{"email": email}}})
	}
}

// channelID resolves what chat.postMessage accepts: an ID, a name, or #name.
func (f *Server) channelID(c string) (string, bool) {
	for name, id := range f.channels {
		if c == id || c == name || c == "#"+name {
			return id, true
		}
	}
	return "", false
}

// isID says whether c is one of the channels' IDs (what chat.update and reactions.add need).
func (f *Server) isID(c string) bool {
	for _, id := range f.channels {
		if c == id {
			return true
		}
	}
	return false
}

// message finds the message at ts in channel (an ID), or answers Slack's error for it.
func (f *Server) message(w http.ResponseWriter, channel, ts, notFound string) (*Message, bool) {
	if !f.isID(channel) {
		slackErr(w, "channel_not_found")
		return nil, false
	}
	if f.archived[channel] {
		slackErr(w, "is_archived")
		return nil, false
	}
	m, ok := f.messages[channel+"/"+ts]
	if ok && m.Deleted {
		ok = false
	}
	if !ok {
		slackErr(w, notFound)
	}
	return m, ok
}

func (f *Server) content(w http.ResponseWriter, r *http.Request) (text, blocks string, ok bool) {
	text, blocks = r.Form.Get("text"), r.Form.Get("blocks")
	if text == "" && (blocks == "" || blocks == "[]") {
		slackErr(w, "no_text")
		return "", "", false
	}
	if utf8.RuneCountInString(text) > 40000 {
		slackErr(w, "msg_too_long")
		return "", "", false
	}
	if blocks != "" {
		if errs := CheckBlocks([]byte(blocks)); len(errs) > 0 {
			reply(w, map[string]any{"ok": false, "error": "invalid_blocks", "errors": errs,
				"response_metadata": map[string]any{"messages": prefix("[ERROR] ", errs)}})
			return "", "", false
		}
	}
	return text, blocks, true
}

func prefix(p string, s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = p + x
	}
	return out
}

func (f *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	id, ok := f.channelID(r.Form.Get("channel"))
	if !ok {
		slackErr(w, "channel_not_found")
		return
	}
	if f.archived[id] {
		slackErr(w, "is_archived")
		return
	}
	if f.left[id] {
		slackErr(w, "not_in_channel")
		return
	}
	text, blocks, ok := f.content(w, r)
	if !ok {
		return
	}
	thread := r.Form.Get("thread_ts")
	if thread != "" {
		if _, ok := f.messages[id+"/"+thread]; !ok {
			// Slack posts a reply to an unknown thread_ts as a message of its own: the fake is
			// stricter and says so, for a thread that does not exist is always a bug here.
			slackErr(w, "thread_not_found")
			return
		}
	}
	f.n++
	ts := fmt.Sprintf("1700000000.%06d", f.n)
	f.messages[id+"/"+ts] = &Message{Channel: id, TS: ts, ThreadTS: thread, Text: text, Blocks: blocks, By: BotUID}
	f.order = append(f.order, id+"/"+ts)
	reply(w, map[string]any{"ok": true, "channel": id, "ts": ts,
		"message": map[string]any{"type": "message", "text": text, "ts": ts, "bot_id": BotID}})
}

func (f *Server) update(w http.ResponseWriter, r *http.Request) {
	if len(f.fail) > 0 {
		code := f.fail[0]
		f.fail = f.fail[1:]
		if code == 429 {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(code)
		return
	}
	m, ok := f.message(w, r.Form.Get("channel"), r.Form.Get("ts"), "message_not_found")
	if !ok {
		return
	}
	if m.By != BotUID {
		slackErr(w, "cant_update_message") // an app updates only its own messages
		return
	}
	text, blocks, ok := f.content(w, r)
	if !ok {
		return
	}
	m.Text = text
	if r.Form.Has("blocks") {
		m.Blocks = blocks
	}
	m.Updates++
	reply(w, map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS, "text": m.Text})
}

func (f *Server) hook(w http.ResponseWriter, r *http.Request, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	used, ok := f.hooks[id]
	if !ok || r.Method != http.MethodPost {
		http.Error(w, "no_such_url", http.StatusNotFound)
		return
	}
	if len(used) >= 5 { // Slack: up to 5 times within 30 minutes
		http.Error(w, "used_url", http.StatusNotFound)
		return
	}
	if f.Now().Sub(f.hookAt[id]) > 30*time.Minute {
		http.Error(w, "expired_url", http.StatusNotFound)
		return
	}
	var resp Response
	b, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if json.Unmarshal(b, &resp) != nil || (resp.ResponseType != "" && resp.ResponseType != "ephemeral" && resp.ResponseType != "in_channel") {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	if resp.Text == "" && !resp.DeleteOriginal {
		http.Error(w, "no_text", http.StatusBadRequest)
		return
	}
	if resp.ReplaceOriginal || resp.DeleteOriginal {
		// Acts on the message the click came from; an ephemeral answer cannot replace it.
		m := f.messages[f.hookMsg[id]]
		if m == nil || m.Deleted {
			http.Error(w, "no_original_message", http.StatusNotFound)
			return
		}
		if resp.DeleteOriginal {
			m.Deleted = true
		} else {
			m.Text, m.Blocks = resp.Text, ""
			m.Updates++
		}
	}
	f.hooks[id] = append(used, resp)
	io.WriteString(w, "ok")
}

// CheckBlocks checks blocks against Block Kit's limits for messages and returns what is wrong,
// as Slack's invalid_blocks errors do: at most 50 blocks; a header's plain text at most 150
// characters; a section's text at most 3000 and at most 10 fields of at most 2000 each; a
// context at most 10 elements; actions at most 25 elements; a button's text at most 75, value
// at most 2000, action_id at most 255; block_id at most 255.
func CheckBlocks(raw []byte) []string {
	var blocks []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return []string{"invalid JSON: " + err.Error()}
	}
	var errs []string
	bad := func(i int, format string, a ...any) {
		errs = append(errs, fmt.Sprintf("%s [json-pointer:/blocks/%d]", fmt.Sprintf(format, a...), i))
	}
	if len(blocks) > 50 {
		errs = append(errs, fmt.Sprintf("must provide an array of no more than 50 items (%d given) [json-pointer:/blocks]", len(blocks)))
	}
	type text struct {
		Type  string `json:"type"`
		Text  string `json:"text"`
		Emoji *bool  `json:"emoji"`
	}
	n := utf8.RuneCountInString
	// A text object is plain_text or mrkdwn; emoji is a field of plain_text only.
	textObject := func(i int, what string, t text) {
		switch {
		case t.Type != "plain_text" && t.Type != "mrkdwn":
			bad(i, "%s must be a text object of type plain_text or mrkdwn (%q)", what, t.Type)
		case t.Type == "mrkdwn" && t.Emoji != nil:
			bad(i, "%s: emoji is only allowed on plain_text", what)
		}
	}
	blockIDs := map[string]bool{}
	for i, b := range blocks {
		var typ, id string
		json.Unmarshal(b["type"], &typ)
		json.Unmarshal(b["block_id"], &id)
		if n(id) > 255 {
			bad(i, "block_id must be no more than 255 characters")
		}
		if id != "" && blockIDs[id] {
			bad(i, "block_id %q is used twice: block_id must be unique within the message", id)
		}
		blockIDs[id] = true
		switch typ {
		case "header":
			var t text
			json.Unmarshal(b["text"], &t)
			if t.Type != "plain_text" {
				bad(i, "header text must be plain_text")
			}
			if n(t.Text) > 150 || t.Text == "" {
				bad(i, "header text must be 1 to 150 characters (%d)", n(t.Text))
			}
		case "section":
			var t *text
			var fields []text
			json.Unmarshal(b["text"], &t)
			json.Unmarshal(b["fields"], &fields)
			if t == nil && len(fields) == 0 {
				bad(i, "section needs text or fields")
			}
			if t != nil && (n(t.Text) > 3000 || t.Text == "") {
				bad(i, "section text must be 1 to 3000 characters (%d)", n(t.Text))
			}
			if t != nil {
				textObject(i, "section text", *t)
			}
			for _, fl := range fields {
				textObject(i, "section field", fl)
			}
			if len(fields) > 10 {
				bad(i, "section must have no more than 10 fields (%d)", len(fields))
			}
			for _, fl := range fields {
				if n(fl.Text) > 2000 {
					bad(i, "section field must be no more than 2000 characters")
				}
			}
		case "context":
			var els []json.RawMessage
			json.Unmarshal(b["elements"], &els)
			if len(els) == 0 || len(els) > 10 {
				bad(i, "context must have 1 to 10 elements (%d)", len(els))
			}
		case "actions":
			var els []struct {
				Type     string `json:"type"`
				Text     text   `json:"text"`
				Value    string `json:"value"`
				ActionID string `json:"action_id"`
			}
			json.Unmarshal(b["elements"], &els)
			if len(els) == 0 || len(els) > 25 {
				bad(i, "actions must have 1 to 25 elements (%d)", len(els))
			}
			actionIDs := map[string]bool{}
			for _, e := range els {
				if e.Type == "button" && (n(e.Text.Text) > 75 || n(e.Value) > 2000 || n(e.ActionID) > 255) {
					bad(i, "button text at most 75, value at most 2000, action_id at most 255 characters")
				}
				if e.Type == "button" && e.Text.Type != "plain_text" {
					bad(i, "a button's text must be plain_text (%q)", e.Text.Type)
				}
				if e.ActionID != "" && actionIDs[e.ActionID] {
					bad(i, "action_id %q is used twice in the block: action_id must be unique within its block", e.ActionID)
				}
				actionIDs[e.ActionID] = true
			}
		case "divider", "image", "rich_text":
		default:
			bad(i, "unknown block type %q", typ)
		}
	}
	return errs
}

// Scopes returns the sorted scopes that calls to methods need.
func Scopes(methods []string) []string {
	var out []string
	for _, m := range methods {
		if s := MethodScopes[m]; s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
