package github

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	gh "github.com/google/go-github/v92/github"
)

// AuditTask is the task of the GitHub deployments that audit what people did from Slack (or
// elsewhere): one deployment per decision or command, in its environment, with the entry as
// payload and a status whose description says it in one line (success: done or allowed;
// failure: refused; error: it failed). They show on the repository's Deployments page, and
// AuditLog reads them back.
const AuditTask = "greenlight:audit"

// AuditEntry is one audited decision or command.
type AuditEntry struct {
	Time time.Time `json:"time"`
	// Via is where it came from: slack, cli.
	Via string `json:"via"`
	// User is who, as Via knows them (a Slack user ID).
	User string `json:"user"`
	// Identity is their GitHub login, when mapped.
	Identity string `json:"identity,omitempty"`
	// Action is what, as typed: "rollback production", "approve production sha256:…".
	Action string `json:"action"`
	Env    string `json:"env,omitempty"`
	Digest string `json:"digest,omitempty"`
	// Outcome is done, refused or failed.
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
	RunURL  string `json:"run_url,omitempty"`
}

// AuditNoEnv is the environment of entries that name none (such as /greenlight status).
const AuditNoEnv = "greenlight-audit"

// Audit records e as a deployment of task AuditTask on ref.
func (c *Client) Audit(ctx context.Context, ref string, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	env := e.Env
	if env == "" {
		env = AuditNoEnv
	}
	if ref == "" {
		ref = "main"
	}
	who := e.User
	if e.Identity != "" {
		who = e.Identity + " (" + e.Via + " " + e.User + ")"
	}
	desc := truncate(fmt.Sprintf("%s: %s by %s", e.Outcome, e.Action, who), 140)
	req := gh.DeploymentRequest{Ref: ref, Task: new(AuditTask), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: e, Environment: new(env), Description: new(desc), TransientEnvironment: new(true),
		ProductionEnvironment: new(false)}
	d, err := c.createDeployment(ctx, req)
	if err != nil {
		return fmt.Errorf("auditing %q: %w", e.Action, err)
	}
	state := map[string]string{"done": "success", "refused": "failure"}[e.Outcome]
	if state == "" {
		state = "error"
	}
	st := gh.DeploymentStatusRequest{State: state, Description: new(desc), AutoInactive: new(false)}
	if e.RunURL != "" {
		st.LogURL = new(e.RunURL)
	}
	if err := c.createStatus(ctx, d.GetID(), st); err != nil {
		return fmt.Errorf("auditing %q: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns env's audit entries, newest first, at most n (0: all).
func (c *Client) AuditLog(ctx context.Context, env string, n int) ([]AuditEntry, error) {
	recs, err := c.list(ctx, env, AuditTask, n)
	if err != nil {
		return nil, err
	}
	out := make([]AuditEntry, 0, len(recs))
	for _, r := range recs {
		var e AuditEntry
		if json.Unmarshal(r.Raw, &e) == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// Login is the login of the person whose token the client uses (GET /user). A workflow's token
// is not a person's: GitHub refuses, and the error says to use one's own token.
func (c *Client) Login(ctx context.Context) (string, error) {
	var u *gh.User
	err := c.call(ctx, "reading who the token belongs to", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		u, resp, err = c.gh.Users.Get(ctx, "")
		return resp, err
	})
	if err != nil {
		return "", fmt.Errorf("%w (a person's token is needed: gh auth token, or a personal access token)", err)
	}
	return u.GetLogin(), nil
}
