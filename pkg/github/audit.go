package github

import (
	"context"
	"fmt"
	"time"
)

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
	// Untrusted, on an entry AuditLog read, names who wrote it when that is not an account
	// that may write the audit trail (a person's own token or the configured App): any
	// workflow's token can write an entry. "" for a trusted one.
	Untrusted string `json:"-"`
}

// Audit records e as a deployment of task AuditTask on ref.
func (c *Client) Audit(ctx context.Context, ref string, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	env := auditEnv(e.Env)
	if ref == "" {
		ref = "main"
	}
	who := e.User
	if e.Identity != "" {
		who = e.Identity + " (" + e.Via + " " + e.User + ")"
	}
	desc := truncate(fmt.Sprintf("%s: %s by %s", e.Outcome, e.Action, who), 140)
	rec, err := auditKind.create(ctx, c, place{env: env, ref: ref}, e, desc)
	if err != nil {
		return fmt.Errorf("auditing %q: %w", e.Action, err)
	}
	state := map[string]string{"done": stateSuccess, "refused": stateFailure}[e.Outcome]
	if state == "" {
		state = stateError
	}
	if err := auditKind.mark(ctx, c, rec.ID, status{state: state, desc: desc, logURL: e.RunURL}); err != nil {
		return fmt.Errorf("auditing %q: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns env's audit entries, newest first, at most n (0: all).
func (c *Client) AuditLog(ctx context.Context, env string, n int) ([]AuditEntry, error) {
	recs, err := auditKind.newest(ctx, c, env, n)
	if err != nil {
		return nil, err
	}
	out := make([]AuditEntry, 0, len(recs))
	for _, r := range recs {
		// An entry with no payload says nothing: it is left out.
		if e, err := auditKind.payload(r); err == nil && len(r.Raw) > 0 {
			if w := r.writer(); !c.trusted(w) {
				e.Untrusted = w.String()
			}
			out = append(out, e)
		}
	}
	return out, nil
}
