package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/slack-go/slack"
	yaml "go.yaml.in/yaml/v3"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// Config says who may do what, per environment and per command, with Slack user IDs (U…) or
// "*" for everyone. Read-only commands (status, history, help) are open unless listed; the
// others are closed unless listed.
//
//	environments:
//	  production:
//	    rollback: [U024BE7LH, U0G9QF9C6]
//	    deploy:   [U024BE7LH]
//	    lock:     [U024BE7LH]
//	    unlock:   [U024BE7LH]
//	  staging:
//	    "*": ["*"]
//
// people maps GitHub logins to Slack user IDs. Approvals need it: a decision binds a person's
// GitHub identity to a digest, and self-approval is checked on GitHub logins.
//
//	people:
//	  ann: U024BE7LH
type Config struct {
	Environments map[string]map[string][]string `yaml:"environments"`
	People       map[string]string              `yaml:"people"`
	// Emails maps commit authors' e-mails to Slack user IDs, or to "-" for an author with no
	// Slack account here. The bot consults it before users.lookupByEmail, to keep a commit's
	// author from approving it alone; it binds no decision to anyone.
	Emails map[string]string `yaml:"emails"`
}

// EmailUser is the Slack user the config maps email to ("" for "-"), and whether it maps it.
func (c *Config) EmailUser(email string) (string, bool) {
	for e, id := range c.Emails {
		if strings.EqualFold(e, email) {
			if id == "-" {
				return "", true
			}
			return id, true
		}
	}
	return "", false
}

// LoginOf returns the GitHub login mapped to a Slack user, or "".
func (c *Config) LoginOf(user string) string {
	for login, id := range c.People {
		if id == user {
			return login
		}
	}
	return ""
}

// ParseConfig reads the YAML config.
func ParseConfig(b []byte) (*Config, error) {
	var c Config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("invalid Slack authorization config: %w", err)
	}
	if len(c.Environments) == 0 {
		return nil, fmt.Errorf("the Slack authorization config lists no environments: nobody could change anything")
	}
	seen := map[string]string{}
	for login, id := range c.People {
		if !notify.IsUserID(id) {
			return nil, fmt.Errorf("people: %s: %q is not a Slack user ID (U…, from the person's profile → Copy member ID)", login, id)
		}
		if other, dup := seen[id]; dup {
			return nil, fmt.Errorf("people: %s and %s are both mapped to %s: one Slack user is one GitHub login", other, login, id)
		}
		seen[id] = login
	}
	for email, id := range c.Emails {
		if id != "-" && !notify.IsUserID(id) {
			return nil, fmt.Errorf("emails: %s: %q is not a Slack user ID (U…) or \"-\" (no Slack account)", email, id)
		}
	}
	return &c, nil
}

var readOnly = map[string]bool{"status": true, "history": true, "help": true}

// Allowed says whether user may run cmd in env, and if not, why. User groups (S…) in the
// config never match here; the bot resolves them (AllowedWith).
func (c *Config) Allowed(user string, cmd Command) (bool, string) {
	return c.AllowedWith(user, cmd, nil)
}

// AllowedWith is Allowed with inGroup telling whether user belongs to a user group (S…).
func (c *Config) AllowedWith(user string, cmd Command, inGroup func(group, user string) bool) (bool, string) {
	envCfg, ok := c.Environments[cmd.Env]
	if cmd.Env != "" && !ok {
		return false, fmt.Sprintf("%s is not an environment the bot knows (%s)", cmd.Env, strings.Join(sortedKeys(c.Environments), ", "))
	}
	list, listed := envCfg[cmd.Name]
	if !listed {
		list, listed = envCfg["*"]
	}
	if !listed {
		if readOnly[cmd.Name] {
			return true, ""
		}
		return false, fmt.Sprintf("nobody may %s %s from Slack (the config grants it to no one)", cmd.Name, cmd.Env)
	}
	if slices.Contains(list, "*") || slices.Contains(list, user) {
		return true, ""
	}
	for _, g := range list {
		if strings.HasPrefix(g, "S") && inGroup != nil && inGroup(g, user) {
			return true, ""
		}
	}
	var who []string
	for _, u := range list {
		if strings.HasPrefix(u, "S") {
			who = append(who, "<!subteam^"+u+">")
		} else {
			who = append(who, "<@"+u+">")
		}
	}
	return false, fmt.Sprintf("only %s may %s %s", strings.Join(who, ", "), cmd.Name, cmd.Env)
}

func sortedKeys[V any](m map[string]V) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	slices.Sort(k)
	return k
}

// AuditEntry is one line of the bot's audit log.
type AuditEntry struct {
	Time     time.Time `json:"time"`
	User     string    `json:"user"`
	Identity string    `json:"identity,omitempty"` // the user's GitHub login, when mapped
	Command  string    `json:"command"`
	Env      string    `json:"env,omitempty"`
	Digest   string    `json:"digest,omitempty"`
	Allowed  bool      `json:"allowed"`
	Failed   bool      `json:"failed,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	RunURL   string    `json:"run_url,omitempty"`
}

// Bot answers slash commands and button clicks. Handler serves POST /slack/commands and
// POST /slack/interactions; RunSocketMode serves the same over Socket Mode. It needs the bot
// token (API) for everything it says in Slack besides the immediate answer; Start checks it.
type Bot struct {
	Verifier *Verifier
	Config   *Config
	GitHub   *github.Client
	Workflow string // the deploy workflow's file name (default deploy.yml)
	Ref      string // the branch it runs on (default main)
	Audit    io.Writer
	Client   *http.Client // for response_url
	// API, with the bot token, checks the token and learns the workspace and app (auth.test,
	// bots.info), resolves approvers given as user groups (usergroups.users.list), finds the
	// commit author's Slack account (users.lookupByEmail) and updates the approval message.
	// Required.
	API *slack.Client
	// Decisions is where approvals are recorded before they are acted on (default: GitHub
	// Deployments of GitHub, on Ref).
	Decisions approval.Decisions
	// AuthorEmail returns the e-mail of the commit that made digest, when the approval message
	// did not carry it; the author's Slack account found by it may not approve. Optional.
	AuthorEmail func(ctx context.Context, digest string) string
	// ReadTimeout bounds how long a request's body may take to arrive (default 5 s); a slower
	// client gets 408.
	ReadTimeout time.Duration
	// TeamID and AppID are the workspace and app requests must come from; Start fills them from
	// auth.test and bots.info when empty. EnterpriseID, from auth.test, is the Enterprise Grid
	// organization of an org-wide install: requests from any of its workspaces are accepted.
	TeamID, AppID, EnterpriseID string
	// GroupTTL is how long what the bot read of a user group is trusted (default
	// DefaultGroupTTL): removal from a group takes effect within it.
	GroupTTL time.Duration
	// Logger gets what the bot could not do in the background (answer through response_url,
	// post in a thread, note a decision on a deployment, record the audit in GitHub), one
	// message per problem. Default: discarded.
	Logger *slog.Logger

	now    func() time.Time
	socket atomic.Int32 // socketNone, socketConnecting, socketConnected

	startMu sync.Mutex
	started bool

	mu      sync.Mutex
	wg      sync.WaitGroup
	groups  map[string]*groupEntry
	redraws keyedMutex // channel/ts: one update of an approval message at a time
	clicks  keyedMutex // login, environment and digest: one person's quorum clicks one at a time
}

// keyedMutex is a mutex per key, held by no more entries than keys in use.
type keyedMutex struct {
	mu   sync.Mutex
	held map[string]*keyedEntry
}

type keyedEntry struct {
	mu    sync.Mutex
	users int
}

// lock locks key and returns its unlock.
func (m *keyedMutex) lock(key string) (unlock func()) {
	m.mu.Lock()
	if m.held == nil {
		m.held = map[string]*keyedEntry{}
	}
	e := m.held[key]
	if e == nil {
		e = &keyedEntry{}
		m.held[key] = e
	}
	e.users++
	m.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		m.mu.Lock()
		if e.users--; e.users == 0 {
			delete(m.held, key)
		}
		m.mu.Unlock()
	}
}

// DefaultGroupTTL is how long the bot trusts what it read of a user group: removal from a group
// takes effect within it. The bot reads the group again in the background after four fifths of
// it, so a command never waits for Slack while the group is in use.
const DefaultGroupTTL = 5 * time.Minute

// groupFailTTL is how long a failed lookup of a user group stands before the bot asks again:
// meanwhile who needs the group is refused, saying why.
const groupFailTTL = 30 * time.Second

// groupLookupTimeout bounds one lookup of a user group, retries and Retry-After included.
const groupLookupTimeout = 20 * time.Second

// groupEntry is what the bot knows of one user group.
type groupEntry struct {
	members  []string
	at       time.Time // when members were read; zero when never
	err      error     // the last lookup's failure, when it failed after the last success
	failedAt time.Time
	inflight chan struct{} // closed when the lookup in flight ends; nil when none
}

func (b *Bot) clock() time.Time {
	if b.now != nil {
		return b.now()
	}
	return time.Now()
}

func (b *Bot) groupTTL() time.Duration {
	if b.GroupTTL > 0 {
		return b.GroupTTL
	}
	return DefaultGroupTTL
}

// peekGroup returns what the bot knows of group without waiting: its members when fresh, the
// failure of the last lookup while it stands, and the channel of a lookup in flight. It starts a
// lookup in the background when the group is unknown, stale or nearly so (not while a failure
// stands).
func (b *Bot) peekGroup(group string) (members []string, fresh bool, inflight <-chan struct{}, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.groups == nil {
		b.groups = map[string]*groupEntry{}
	}
	g := b.groups[group]
	if g == nil {
		g = &groupEntry{}
		b.groups[group] = g
	}
	now, ttl := b.clock(), b.groupTTL()
	fresh = !g.at.IsZero() && now.Sub(g.at) < ttl
	failing := g.err != nil && now.Sub(g.failedAt) < groupFailTTL
	if g.inflight == nil && !failing && (!fresh || now.Sub(g.at) >= ttl*4/5) && b.API != nil {
		g.inflight = make(chan struct{})
		b.wg.Add(1)
		go b.lookupGroup(group, g.inflight)
	}
	if g.inflight != nil {
		inflight = g.inflight
	}
	if failing {
		err = g.err
	}
	if b.API == nil && !fresh {
		err = errors.New("the bot has no Slack API client to read it")
	}
	return g.members, fresh, inflight, err
}

// lookupGroup reads group's members from Slack (usergroups.users.list, bounded in time) and
// keeps the answer or the failure.
func (b *Bot) lookupGroup(group string, done chan struct{}) {
	defer b.wg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), groupLookupTimeout)
	defer cancel()
	var members []string
	err := notify.Call(ctx, "usergroups.users.list", "", 3, groupLookupTimeout, func() (err error) {
		members, err = b.API.GetUserGroupMembersContext(ctx, group)
		return err
	})
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	b.mu.Lock()
	g := b.groups[group]
	if err != nil {
		b.warn(ctx, "slack: reading user group %s: %v", group, err)
		g.err, g.failedAt = err, b.clock()
	} else {
		g.members, g.at, g.err = members, b.clock(), nil
	}
	g.inflight = nil
	b.mu.Unlock()
	close(done)
}

// authorize says whether user may run cmd. With wait false it answers from what the bot knows
// now, and pending when a user group it needs is being read; with wait it waits for those
// lookups (at most until ctx ends). A group that cannot be read refuses, saying why: the check
// fails closed.
func (b *Bot) authorize(ctx context.Context, user string, cmd Command, wait bool) (ok bool, why string, pending bool) {
	for {
		var waits []<-chan struct{}
		var failed []string
		ok, why := b.Config.AllowedWith(user, cmd, func(group, u string) bool {
			members, fresh, inflight, err := b.peekGroup(group)
			switch {
			case fresh:
				return slices.Contains(members, u)
			case inflight != nil:
				waits = append(waits, inflight)
			case err != nil:
				failed = append(failed, fmt.Sprintf("%s (%s)", group, notify.Escape(err.Error())))
			}
			return false
		})
		switch {
		case ok || (len(waits) == 0 && len(failed) == 0):
			return ok, why, false
		case len(waits) == 0:
			return false, fmt.Sprintf("%s, and the bot could not read user group %s: give the app the usergroups:read scope and reinstall it, or list the people by their IDs in .greenlight/slack.yml",
				why, strings.Join(failed, ", ")), false
		case !wait:
			return false, "", true
		}
		for _, ch := range waits {
			select {
			case <-ch:
			case <-ctx.Done():
				return false, why + ", and reading the user groups took too long", false
			}
		}
	}
}

// log is the bot's logger, or one that discards; a record logged with a request's context
// carries its request_id.
func (b *Bot) log() *slog.Logger {
	if b.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(requestIDHandler{b.Logger.Handler()})
}

// warn logs one problem, its message formatted as fmt.Sprintf does, with ctx's request_id.
func (b *Bot) warn(ctx context.Context, format string, a ...any) {
	b.log().WarnContext(ctx, fmt.Sprintf(format, a...))
}

// Start checks the bot token with auth.test and learns the workspace (team_id) and the app
// (bots.info) requests must come from. The handlers call it once; call it at start to fail
// early with a message that says what to fix.
func (b *Bot) Start(ctx context.Context) error {
	b.startMu.Lock()
	defer b.startMu.Unlock()
	if b.started {
		return nil
	}
	if err := b.start(ctx); err != nil {
		return err // tried again on the next request: Slack may have been briefly unreachable
	}
	b.started = true
	return nil
}

func (b *Bot) start(ctx context.Context) error {
	if b.API == nil {
		return errors.New("no Slack bot token: set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…, OAuth & Permissions)")
	}
	if b.Config == nil || b.GitHub == nil {
		return errors.New("the bot needs its authorization config and a GitHub client")
	}
	at, err := b.API.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("slack refused SLACK_BOT_TOKEN (auth.test: %v): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app after changing its scopes", err)
	}
	if b.EnterpriseID == "" {
		b.EnterpriseID = at.EnterpriseID
	}
	if b.TeamID == "" {
		b.TeamID = at.TeamID
	} else if b.TeamID != at.TeamID {
		return fmt.Errorf("SLACK_BOT_TOKEN belongs to workspace %s, not %s", at.TeamID, b.TeamID)
	}
	if b.AppID == "" && at.BotID != "" {
		bi, err := b.API.GetBotInfoContext(ctx, slack.GetBotInfoParameters{Bot: at.BotID})
		if err != nil {
			return fmt.Errorf("reading the app's ID (bots.info: %v): give the app the users:read scope, or set SLACK_APP_ID", err)
		}
		b.AppID = bi.AppID
	}
	if b.AppID == "" {
		return errors.New("the app's ID is unknown: set SLACK_APP_ID (Basic Information → App ID)")
	}
	if b.Decisions == nil {
		b.Decisions = b.GitHub.Decisions(b.ref(), github.AsRecorder())
	}
	return nil
}

// origin checks that a request comes from the bot's workspace (or, for an org-wide install,
// its Enterprise Grid organization) and app, starting the bot when it is not (a network call:
// only after the acknowledgement).
func (b *Bot) origin(ctx context.Context, team, enterprise, app string) error {
	if err := b.Start(ctx); err != nil {
		return err
	}
	return b.checkOrigin(team, enterprise, app)
}

// checkOrigin is origin for a started bot: no network call.
func (b *Bot) checkOrigin(team, enterprise, app string) error {
	if team != b.TeamID && (b.EnterpriseID == "" || enterprise != b.EnterpriseID) {
		if b.EnterpriseID != "" {
			return fmt.Errorf("request from workspace %q of organization %q, not of %s", team, enterprise, b.EnterpriseID)
		}
		return fmt.Errorf("request from workspace %q, not %s", team, b.TeamID)
	}
	if app != b.AppID {
		return fmt.Errorf("request for app %q, not %s", app, b.AppID)
	}
	return nil
}

// isStarted says whether Start succeeded, without waiting for a Start in progress.
func (b *Bot) isStarted() bool {
	if !b.startMu.TryLock() {
		return false
	}
	defer b.startMu.Unlock()
	return b.started
}

// later runs f after the acknowledgement of request rid, with a bounded context that carries
// rid for the logs; Wait waits for it.
func (b *Bot) later(rid string, f func(ctx context.Context)) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(withRequestID(context.Background(), rid), 2*time.Minute)
		defer cancel()
		f(ctx)
	}()
}

func (b *Bot) ref() string {
	if b.Ref == "" {
		return "main"
	}
	return b.Ref
}

// Handler serves the slash-command and interactivity endpoints behind the signature check,
// with the body bounded (1 MiB) and its read time bounded (ReadTimeout).
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", b.command)
	mux.HandleFunc("POST /slack/interactions", b.interaction)
	v := b.Verifier.Middleware(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := b.ReadTimeout
		if d <= 0 {
			d = 5 * time.Second
		}
		// On a real connection the body must arrive within d; a recorder has none to bound.
		http.NewResponseController(w).SetReadDeadline(time.Now().Add(d))
		// Each request gets an ID: its log line and the logs of the work it starts carry it.
		start, rid := time.Now(), newRequestID()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		v.ServeHTTP(sw, r.WithContext(withRequestID(r.Context(), rid)))
		b.log().LogAttrs(r.Context(), slog.LevelInfo, "slack request", slog.String("request_id", rid), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int64("duration_ms", time.Since(start).Milliseconds()))
	})
}

// Wait waits for the work started by acknowledged commands.
func (b *Bot) Wait() { b.wg.Wait() }

// audit writes e as a JSON line to Audit and records it in GitHub (AuditTask deployments), in
// the background: the answer to Slack never waits for it.
func (b *Bot) audit(e AuditEntry) {
	e.Time = time.Now().UTC()
	if e.Identity == "" && b.Config != nil {
		e.Identity = b.Config.LoginOf(e.User)
	}
	if b.Audit != nil {
		line, _ := json.Marshal(e)
		b.mu.Lock()
		b.Audit.Write(append(line, '\n'))
		b.mu.Unlock()
	}
	if b.GitHub == nil {
		return
	}
	outcome := "done"
	switch {
	case !e.Allowed:
		outcome = "refused"
	case e.Failed:
		outcome = "failed"
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := b.GitHub.Audit(ctx, b.ref(), github.AuditEntry{Time: e.Time, Via: "slack", User: e.User, Identity: e.Identity, Action: e.Command,
			Env: e.Env, Digest: e.Digest, Outcome: outcome, Reason: e.Reason, RunURL: e.RunURL})
		if err != nil {
			b.warn(ctx, "greenlight bot: %v", err)
		}
	}()
}

func ephemeral(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep Slack's <@U…> mentions as they are
	enc.Encode(map[string]string{"response_type": "ephemeral", "text": text})
}

func (b *Bot) command(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	ephemeral(w, b.handleCommand(commandRequest{rid: requestID(r.Context()), team: r.Form.Get("team_id"), enterprise: r.Form.Get("enterprise_id"), app: r.Form.Get("api_app_id"),
		user: r.Form.Get("user_id"), text: r.Form.Get("text"), responseURL: r.Form.Get("response_url")}))
}

// commandRequest is one slash command as Slack sends it.
type commandRequest struct{ rid, team, enterprise, app, user, text, responseURL string }

// slackText undoes the three entities Slack escapes in what people type (&amp; &lt; &gt;):
// the bot escapes once, where it writes mrkdwn, and stores the text as typed.
var slackText = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// handleCommand answers one command at once, from what the bot knows without a network call;
// what needs one (starting the bot, reading a user group, the work itself) continues after the
// answer and reports through responseURL. HTTP and Socket Mode share it.
func (b *Bot) handleCommand(req commandRequest) string {
	cmd, err := ParseCommand(slackText.Replace(req.text))
	if err != nil {
		return notify.Escape(err.Error())
	}
	if cmd.Name == "help" {
		return Help()
	}
	shown := notify.Escape(cmd.String())
	if !b.isStarted() {
		b.later(req.rid, func(ctx context.Context) {
			if err := b.origin(ctx, req.team, req.enterprise, req.app); err != nil {
				b.respond(ctx, req.responseURL, "Refused: "+notify.Escape(err.Error())+". Nothing was done.", true)
				return
			}
			b.authorizeAndCarryOut(ctx, req, cmd)
		})
		return fmt.Sprintf("Checking whether you may `%s`; the answer follows here.", shown)
	}
	if err := b.checkOrigin(req.team, req.enterprise, req.app); err != nil {
		return "Refused: " + notify.Escape(err.Error()) + ". Nothing was done."
	}
	ok, why, pending := b.authorize(context.Background(), req.user, cmd, false)
	switch {
	case pending:
		b.later(req.rid, func(ctx context.Context) { b.authorizeAndCarryOut(ctx, req, cmd) })
		return fmt.Sprintf("Checking whether you may `%s`; the answer follows here.", shown)
	case !ok:
		b.audit(AuditEntry{User: req.user, Command: cmd.String(), Env: cmd.Env, Allowed: false, Reason: why})
		return "Refused: " + why + ". This refusal was recorded."
	}
	b.later(req.rid, func(ctx context.Context) { b.carryOutCommand(ctx, req, cmd) })
	return fmt.Sprintf("On it: `%s`", shown)
}

// authorizeAndCarryOut decides, waiting for the user groups it needs, and carries out cmd or
// tells the user why not (only them: ephemeral).
func (b *Bot) authorizeAndCarryOut(ctx context.Context, req commandRequest, cmd Command) {
	if ok, why, _ := b.authorize(ctx, req.user, cmd, true); !ok {
		b.audit(AuditEntry{User: req.user, Command: cmd.String(), Env: cmd.Env, Allowed: false, Reason: why})
		b.respond(ctx, req.responseURL, "Refused: "+why+". This refusal was recorded.", true)
		return
	}
	b.carryOutCommand(ctx, req, cmd)
}

func (b *Bot) carryOutCommand(ctx context.Context, req commandRequest, cmd Command) {
	msg, runURL, failed := b.carryOut(ctx, req.user, cmd)
	b.audit(AuditEntry{User: req.user, Command: cmd.String(), Env: cmd.Env, Allowed: true, Failed: failed, Reason: msg, RunURL: runURL})
	b.respond(ctx, req.responseURL, msg, false)
}

func (b *Bot) carryOut(ctx context.Context, user string, cmd Command) (msg, runURL string, failed bool) {
	env := notify.Escape(cmd.Env)
	switch cmd.Name {
	case "status":
		envs := []string{cmd.Env}
		if cmd.Env == "" {
			envs = sortedKeys(b.Config.Environments)
		}
		var lines []string
		for _, e := range envs {
			cur, err := b.GitHub.Current(ctx, e)
			switch {
			case err != nil:
				lines = append(lines, fmt.Sprintf("*%s*: cannot read GitHub Deployments: %s", notify.Escape(e), notify.Escape(err.Error())))
			case cur == nil:
				lines = append(lines, fmt.Sprintf("*%s*: nothing deployed", notify.Escape(e)))
			default:
				lines = append(lines, fmt.Sprintf("*%s*: `%s` (commit `%s`) by %s, %s", notify.Escape(e), notify.EscapeFit(cur.Payload.Digest, 19), notify.Escape(shortSHA(cur.SHA)), notify.EscapeFit(cur.Payload.TriggeredBy, 60), cur.Created.Format(time.RFC3339)))
			}
		}
		return notify.Fit(strings.Join(lines, "\n"), notify.MaxSection), "", false
	case "history":
		hist, err := b.GitHub.History(ctx, cmd.Env, 10)
		if err != nil {
			return fmt.Sprintf("Cannot read the history of %s: %s", env, notify.Escape(err.Error())), "", true
		}
		var lines []string
		for _, h := range hist {
			lines = append(lines, fmt.Sprintf("%s `%s` (`%s`) %s by %s", h.Created.Format("2006-01-02 15:04"), notify.EscapeFit(h.Payload.Digest, 19), notify.Escape(shortSHA(h.SHA)), notify.Escape(h.State), notify.EscapeFit(h.Payload.TriggeredBy, 60)))
		}
		if len(lines) == 0 {
			return fmt.Sprintf("Nothing was ever deployed to %s.", env), "", false
		}
		return notify.Fit(strings.Join(lines, "\n"), notify.MaxSection), "", false
	case "rollback", "deploy":
		inputs := protocol.Inputs{Command: protocol.Command(cmd.Name), Environment: cmd.Env, Ref: cmd.Ref, RequestedBy: "slack:" + user}
		if login := b.Config.LoginOf(user); login != "" {
			inputs.RequestedBy = login
		}
		u, err := b.GitHub.Dispatch(ctx, b.workflow(), b.ref(), inputs)
		if err != nil {
			return fmt.Sprintf("Could not start `%s`: %s", notify.Escape(cmd.String()), notify.Escape(err.Error())), "", true
		}
		return fmt.Sprintf("<@%s> started `%s`: %s", user, notify.Escape(cmd.String()), notify.Link(u, "the run")), u, false
	case "lock":
		_, err := b.GitHub.LockEnv(ctx, cmd.Env, b.ref(), "slack:"+user, cmd.Reason)
		warning, err := b.anchored(ctx, err)
		if err != nil {
			return fmt.Sprintf("Could not lock %s: %s", env, notify.Escape(err.Error())), "", true
		}
		return strings.TrimSpace(fmt.Sprintf(":lock: <@%s> locked %s: %s. New commits are not deployed there until `/greenlight unlock %s`; a rollback still may.\n%s", user, env, notify.Escape(cmd.Reason), env, warning)), "", false
	case "unlock":
		warning, err := b.anchored(ctx, b.GitHub.Unlock(ctx, cmd.Env, "slack:"+user))
		if err != nil {
			return fmt.Sprintf("Could not unlock %s: %s", env, notify.Escape(err.Error())), "", true
		}
		return strings.TrimSpace(fmt.Sprintf(":unlock: <@%s> unlocked %s.\n%s", user, env, warning)), "", false
	default:
		return fmt.Sprintf("`%s` is not available from this bot yet.", notify.Escape(cmd.Name)), "", true
	}
}

func (b *Bot) workflow() string {
	if b.Workflow == "" {
		return "deploy.yml"
	}
	return b.Workflow
}

// respond posts text to the command's or click's response_url: in the channel, or only to the
// person who clicked (ephemeral, leaving the original message as it is).
func (b *Bot) respond(ctx context.Context, responseURL, text string, ephemeral bool) {
	if responseURL == "" {
		return
	}
	if u, err := url.Parse(responseURL); err != nil || (u.Scheme != "https" && u.Hostname() != "127.0.0.1") {
		return // only Slack's https URLs (and loopback, for tests)
	}
	// A new message, never a replacement of the one clicked (the approval message keeps its
	// own redraw through chat.update).
	msg := map[string]any{"response_type": "in_channel", "replace_original": false, "text": text}
	if ephemeral {
		msg = map[string]any{"response_type": "ephemeral", "replace_original": false, "text": text}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(msg)
	c := b.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, &buf)
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		// The error names the URL, which lets anyone post to the channel for 30 minutes: not logged.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		b.warn(ctx, "slack: answering through response_url: %v", err)
		return
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.warn(ctx, "slack: response_url answered %s", resp.Status)
	}
}

// Approvers are the GitHub logins whose decisions count in env: every person of People whose
// Slack user may approve env (AllowedWith, the rule the bot applies to a click, with inGroup
// for user groups). The pipeline sets them as env's greenlight.Approval.Quorum (1 of them), so that the
// list holds for every decision, wherever it was recorded (a decision written directly in
// GitHub by someone not on it does not count). An error when nobody may: a gated environment
// nobody can approve is a configuration to fix.
func (c *Config) Approvers(env string, inGroup func(group, user string) bool) ([]string, error) {
	var out []string
	for _, login := range sortedKeys(c.People) {
		if ok, _ := c.AllowedWith(c.People[login], Command{Name: "approve", Env: env}, inGroup); ok {
			out = append(out, login)
		}
	}
	if len(out) == 0 {
		_, why := c.AllowedWith("", Command{Name: "approve", Env: env}, nil)
		return nil, fmt.Errorf("nobody listed under people may approve %s (%s): list who may under environments.%s.approve, and map each to a GitHub login under people", env, why, env)
	}
	return out, nil
}

// ApproversFromFile reads the Slack config at path (.greenlight/slack.yml of the checkout) and
// returns env's approvers (Config.Approvers), resolving user groups with Slack's
// usergroups.users.list under token; found is false when there is no file. A group that cannot
// be read fails: the list is not guessed.
func ApproversFromFile(ctx context.Context, path, env, token string, opts ...notify.Option) (logins []string, found bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	cfg, err := ParseConfig(b)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %w", path, err)
	}
	api := slack.New(token, notify.ClientOptions(opts...)...)
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // every group read, retries included
	defer cancel()
	groups := map[string][]string{}
	var groupErr error
	inGroup := func(group, user string) bool {
		members, ok := groups[group]
		if !ok {
			err := notify.Call(ctx, "usergroups.users.list", "", 3, 30*time.Second, func() (err error) {
				members, err = api.GetUserGroupMembersContext(ctx, group)
				return err
			})
			if err != nil && groupErr == nil {
				groupErr = fmt.Errorf("reading the members of the user group %s, which %s names as approvers of %s: %w (the bot token needs usergroups:read)", group, path, env, err)
			}
			groups[group] = members
		}
		return slices.Contains(members, user)
	}
	logins, err = cfg.Approvers(env, inGroup)
	if groupErr != nil {
		return nil, true, groupErr
	}
	if err != nil {
		return nil, true, fmt.Errorf("%s: %w", path, err)
	}
	return logins, true, nil
}
