package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	yaml "go.yaml.in/yaml/v3"

	"github.com/greenlight-cd/greenlight/pkg/github"
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
type Config struct {
	Environments map[string]map[string][]string `yaml:"environments"`
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
	Time    time.Time `json:"time"`
	User    string    `json:"user"`
	Command string    `json:"command"`
	Env     string    `json:"env,omitempty"`
	Allowed bool      `json:"allowed"`
	Reason  string    `json:"reason,omitempty"`
	RunURL  string    `json:"run_url,omitempty"`
}

// Bot answers slash commands. Handler serves POST /slack/commands.
type Bot struct {
	Verifier *Verifier
	Config   *Config
	GitHub   *github.Client
	Workflow string // the deploy workflow's file name (default deploy.yml)
	Ref      string // the branch it runs on (default main)
	Audit    io.Writer
	Client   *http.Client // for response_url
	// API, with a bot token (usergroups:read, chat:write), resolves approvers given as user
	// groups and posts decisions in the approval message's thread. Optional.
	API         *slack.Client
	AuthorEmail func(context.Context, string) string
	ReadTimeout time.Duration

	mu     sync.Mutex
	wg     sync.WaitGroup
	groups map[string]groupCache
}

type groupCache struct {
	members []string
	at      time.Time
}

// inGroup says whether user is in the user group, asking Slack at most every five minutes.
func (b *Bot) inGroup(group, user string) bool {
	if b.API == nil {
		return false
	}
	b.mu.Lock()
	c, ok := b.groups[group]
	b.mu.Unlock()
	if !ok || time.Since(c.at) > 5*time.Minute {
		members, err := b.API.GetUserGroupMembers(group)
		if err != nil {
			fmt.Fprintf(os.Stderr, "slack: reading user group %s: %v\n", group, err)
			return false
		}
		c = groupCache{members: members, at: time.Now()}
		b.mu.Lock()
		if b.groups == nil {
			b.groups = map[string]groupCache{}
		}
		b.groups[group] = c
		b.mu.Unlock()
	}
	return slices.Contains(c.members, user)
}

func (b *Bot) allowed(user string, cmd Command) (bool, string) {
	return b.Config.AllowedWith(user, cmd, b.inGroup)
}

// Handler serves the slash-command endpoint behind the signature check.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", b.command)
	mux.HandleFunc("POST /slack/interactions", b.interaction)
	return b.Verifier.Middleware(mux)
}

// Wait waits for the work started by acknowledged commands.
func (b *Bot) Wait() { b.wg.Wait() }

func (b *Bot) audit(e AuditEntry) {
	if b.Audit == nil {
		return
	}
	e.Time = time.Now().UTC()
	line, _ := json.Marshal(e)
	b.mu.Lock()
	b.Audit.Write(append(line, '\n'))
	b.mu.Unlock()
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
	ephemeral(w, b.handleCommand(r.Form.Get("user_id"), r.Form.Get("text"), r.Form.Get("response_url")))
}

// handleCommand parses and authorizes one command and returns the immediate answer; allowed
// work is carried out after, answering through responseURL. HTTP and Socket Mode share it.
func (b *Bot) handleCommand(user, text, responseURL string) string {
	cmd, err := ParseCommand(text)
	if err != nil {
		return err.Error()
	}
	if cmd.Name == "help" {
		return "/greenlight " + Usage
	}
	if ok, why := b.allowed(user, cmd); !ok {
		b.audit(AuditEntry{User: user, Command: cmd.String(), Env: cmd.Env, Allowed: false, Reason: why})
		return "Refused: " + why + ". This refusal was recorded."
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		msg, runURL := b.carryOut(ctx, user, cmd)
		b.audit(AuditEntry{User: user, Command: cmd.String(), Env: cmd.Env, Allowed: true, Reason: msg, RunURL: runURL})
		b.respond(ctx, responseURL, msg)
	}()
	return fmt.Sprintf("On it: `%s`", cmd)
}

func (b *Bot) carryOut(ctx context.Context, user string, cmd Command) (msg, runURL string) {
	switch cmd.Name {
	case "status":
		envs := []string{cmd.Env}
		if cmd.Env == "" {
			envs = sortedKeys(b.Config.Environments)
		}
		var lines []string
		for _, env := range envs {
			cur, err := b.GitHub.Current(ctx, env)
			switch {
			case err != nil:
				lines = append(lines, fmt.Sprintf("*%s*: cannot read GitHub Deployments: %v", env, err))
			case cur == nil:
				lines = append(lines, fmt.Sprintf("*%s*: nothing deployed", env))
			default:
				lines = append(lines, fmt.Sprintf("*%s*: `%s` (commit `%s`) by %s, %s", env, truncate(cur.Payload.Digest, 19), short7(cur.SHA), cur.Payload.TriggeredBy, cur.Created.Format(time.RFC3339)))
			}
		}
		return strings.Join(lines, "\n"), ""
	case "history":
		hist, err := b.GitHub.History(ctx, cmd.Env, 10)
		if err != nil {
			return fmt.Sprintf("Cannot read the history of %s: %v", cmd.Env, err), ""
		}
		var lines []string
		for _, h := range hist {
			lines = append(lines, fmt.Sprintf("%s `%s` (`%s`) %s by %s", h.Created.Format("2006-01-02 15:04"), truncate(h.Payload.Digest, 19), short7(h.SHA), h.State, h.Payload.TriggeredBy))
		}
		if len(lines) == 0 {
			return fmt.Sprintf("Nothing was ever deployed to %s.", cmd.Env), ""
		}
		return strings.Join(lines, "\n"), ""
	case "rollback", "deploy":
		wf, ref := b.Workflow, b.Ref
		if wf == "" {
			wf = "deploy.yml"
		}
		if ref == "" {
			ref = "main"
		}
		inputs := map[string]string{"command": cmd.Name, "environment": cmd.Env, "requested_by": "slack:" + user}
		if cmd.Ref != "" {
			inputs["ref"] = cmd.Ref
		}
		u, err := b.GitHub.Dispatch(ctx, wf, ref, inputs)
		if err != nil {
			return fmt.Sprintf("Could not start `%s`: %v", cmd, err), ""
		}
		return fmt.Sprintf("<@%s> started `%s`: %s", user, cmd, u), u
	case "lock":
		ref := b.Ref
		if ref == "" {
			ref = "main"
		}
		if _, err := b.GitHub.LockEnv(ctx, cmd.Env, ref, "slack:"+user, cmd.Reason); err != nil {
			return fmt.Sprintf("Could not lock %s: %v", cmd.Env, err), ""
		}
		return fmt.Sprintf(":lock: <@%s> locked %s: %s. New commits are not deployed there until `/greenlight unlock %s`; a rollback still may.", user, cmd.Env, cmd.Reason, cmd.Env), ""
	case "unlock":
		if err := b.GitHub.Unlock(ctx, cmd.Env, "slack:"+user); err != nil {
			return fmt.Sprintf("Could not unlock %s: %v", cmd.Env, err), ""
		}
		return fmt.Sprintf(":unlock: <@%s> unlocked %s.", user, cmd.Env), ""
	default:
		return fmt.Sprintf("`%s` is not available from this bot yet.", cmd.Name), ""
	}
}

// respond posts text to the command's response_url, in the channel.
func (b *Bot) respond(ctx context.Context, responseURL, text string) {
	if responseURL == "" {
		return
	}
	if u, err := url.Parse(responseURL); err != nil || (u.Scheme != "https" && u.Hostname() != "127.0.0.1") {
		return // only Slack's https URLs (and loopback, for tests)
	}
	body, _ := json.Marshal(map[string]string{"response_type": "in_channel", "text": text})
	c := b.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	if resp, err := c.Do(req); err == nil {
		resp.Body.Close()
	} else {
		fmt.Fprintf(os.Stderr, "slack: answering through response_url: %v\n", err)
	}
}
