package greenlight

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ApprovalRequest is what an approver is asked to decide.
type ApprovalRequest struct {
	Pipeline string
	Run      string
	Env      string
	Image    Image
	Source   Source
	// Quorum is the environment's quorum, when it needs approvals by several people of a group:
	// the approver asks them all, and each person's decision is recorded.
	Quorum *Quorum
}

// Decision is an approver's answer. It is bound to one digest: a decision for another digest
// is refused by the gate.
type Decision struct {
	Approved bool `json:"approved"`
	// By is who decided, as the approver knows them (a Slack user ID, a GitHub login).
	By string `json:"by"`
	// Identity is the decider's GitHub login, mapped from By by the approver: self-approval
	// and the approver lists are checked against it. Empty when By is a GitHub login itself.
	Identity string `json:"identity,omitempty"`
	// Via is where the decision was taken: slack, cli, policy.
	Via    string    `json:"via,omitempty"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
	Env    string    `json:"env"`
	Digest string    `json:"digest"`
}

// Approver decides gates: a person in Slack, a policy, a terminal prompt.
type Approver interface {
	Approve(ctx context.Context, req ApprovalRequest) (Decision, error)
}

// ErrAwaitingApproval is returned (wrapped) by an approver that asked people and will not wait
// in-process: the Slack approver records "awaiting approval" and ends the job, and the decision
// later resumes the pipeline (a promote dispatched by the bot). The gate then ends the run
// without failing it — status skipped, exit 0 — and leaves the canary where it is.
var ErrAwaitingApproval = errors.New("awaiting approval")

// GateOptions configure a gate.
type GateOptions struct {
	// AllowSelfApproval lets the person who triggered the release approve it alone.
	AllowSelfApproval bool
}

// Gate waits for env's approver to approve img. A gate never opens by default: without an
// approver, on a rejection, on a decision for another digest, or on a self-approval that is not
// allowed, the pipeline stops. Where the environment keeps decisions (Environment.Decisions,
// WithDecisions), a decision already recorded for this digest is used without asking again (a
// rejection stays final), and a new one is recorded there first: the first decision stands.
func (p *P) Gate(img SignedImage, env *Environment, opts GateOptions) Decision {
	var d Decision
	p.stage("gate", envName(env), func(s *Stage) error {
		env, err := p.env(env)
		if err != nil {
			return err
		}
		if !img.valid() {
			return errors.New("image is not signed: gates approve only signed images")
		}
		ds := p.r.decisionsOf(env)
		standing, err := ds.Lookup(s.ctx, env.Name, img.img.Digest())
		if err != nil {
			return fmt.Errorf("reading the decisions recorded for %s in %s: %w", img.img.Short(), env.Name, err)
		}
		if standing != nil {
			d = *standing
			s.Logf("a decision is already recorded for %s in %s: approved=%t by %s at %s", img.img.Short(), env.Name, d.Approved, approverName(d), d.At.Format(time.RFC3339))
		} else {
			if env.Approver == nil {
				return fmt.Errorf("no approver for %s: set Environment.Approver (for example the Slack approver) or remove the gate", env.Name)
			}
			got, err := p.askApproval(s, env, img.img)
			if err != nil {
				return err
			}
			d = *got
		}
		who := d.Identity
		if who == "" {
			who = d.By
		}
		src := p.r.cfg.src
		switch {
		case d.Digest != img.img.Digest():
			return fmt.Errorf("decision by %s is for %s, not for %s: ignored; ask again for this digest", d.By, d.Digest, img.img.Digest())
		case !d.Approved:
			return fmt.Errorf("rejected by %s: %s", approverName(d), d.Reason)
		case !opts.AllowSelfApproval && who != "" && (who == src.Author || who == src.RequestedBy):
			return fmt.Errorf("%s triggered this release and cannot approve it alone; another approver is needed", who)
		}
		if opts.AllowSelfApproval {
			p.r.mu.Lock()
			p.r.selfOK[env.Name+"@"+img.img.Digest()] = true
			p.r.mu.Unlock()
		}
		s.Result("approved by %s at %s", approverName(d), d.At.Format(time.RFC3339))
		return nil
	})
	return d
}
