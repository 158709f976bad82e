package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Quorum asks for approvals by N different people of a group before a move gives an image all
// of an environment's traffic (Environment.Quorum). Each person's first decision for a digest
// stands; a member's rejection that comes before the quorum is met is final for that digest;
// the commit's author and whoever asked for the move never count.
type Quorum struct {
	// N is how many different members must approve (at least 1).
	N int `json:"n"`
	// Group names the group in messages, such as "sre".
	Group string `json:"group,omitempty"`
	// Members are the GitHub logins whose decisions count (compared without regard to case,
	// as GitHub compares logins).
	Members []string `json:"members"`
}

// Validate says what is wrong with q, if anything.
func (q Quorum) Validate() error {
	if q.N < 1 {
		return fmt.Errorf("a quorum needs at least 1 approval, not %d: fix Quorum.N in pipeline.go", q.N)
	}
	if len(q.Members) < q.N {
		return fmt.Errorf("the group %s has %d member(s), fewer than the %d approvals needed: fix Quorum in pipeline.go", q.name(), len(q.Members), q.N)
	}
	return nil
}

func (q Quorum) name() string {
	if q.Group == "" {
		return "group"
	}
	return q.Group
}

// IsMember says whether login is one of the members.
func (q Quorum) IsMember(login string) bool {
	for _, m := range q.Members {
		if login != "" && strings.EqualFold(m, login) {
			return true
		}
	}
	return false
}

// DecisionLister is a decision store that keeps every person's decision for an environment and
// digest, not only the first (pkg/github's Decisions). A Quorum needs one.
type DecisionLister interface {
	// All lists every decision recorded for env and digest, in the order recorded.
	All(ctx context.Context, env, digest string) ([]Decision, error)
}

// Identity of a decision: the GitHub login when mapped, else who decided.
func (d Decision) who() string {
	if d.Identity != "" {
		return d.Identity
	}
	return d.By
}

// Tally is where the decisions recorded for one environment and digest stand under a quorum.
type Tally struct {
	Quorum Quorum `json:"quorum"`
	// Approvals are the members' approvals that count, in the order recorded (at most N).
	Approvals []Decision `json:"approvals,omitempty"`
	// Rejection is the member's rejection that settled the digest, if one came before the
	// quorum was met.
	Rejection *Decision `json:"rejection,omitempty"`
	// Ignored says, for each decision that does not count, whose it is and why.
	Ignored []string `json:"ignored,omitempty"`
}

// Met says whether the quorum is met: N approvals and no rejection before them.
func (t Tally) Met() bool { return t.Rejection == nil && len(t.Approvals) >= t.Quorum.N }

// Settled says whether the outcome is decided: the quorum met, or a member rejected.
func (t Tally) Settled() bool { return t.Met() || t.Rejection != nil }

// Deciding is the decision that settled the outcome (the rejection, or the Nth approval); nil
// while it is open. Exactly one recorded decision settles a digest, however clicks race: the
// one whose click carries it out.
func (t Tally) Deciding() *Decision {
	switch {
	case t.Rejection != nil:
		return t.Rejection
	case t.Met():
		d := t.Approvals[t.Quorum.N-1]
		return &d
	}
	return nil
}

// Names are the logins of the approvals counted.
func (t Tally) Names() []string {
	var out []string
	for _, d := range t.Approvals {
		out = append(out, d.who())
	}
	return out
}

// String says where it stands in one line: "2 of 3 approvals from sre: alice, bob", or
// "rejected by carol at T".
func (t Tally) String() string {
	if t.Rejection != nil {
		return fmt.Sprintf("rejected by %s at %s (%d of %d approvals from %s before)", t.Rejection.who(), t.Rejection.At.UTC().Format(time.RFC3339),
			len(t.Approvals), t.Quorum.N, t.Quorum.name())
	}
	s := fmt.Sprintf("%d of %d approvals from %s", len(t.Approvals), t.Quorum.N, t.Quorum.name())
	if len(t.Approvals) > 0 {
		s += ": " + strings.Join(t.Names(), ", ")
	}
	return s
}

// Count tallies ds, the decisions recorded for env and digest in the order recorded. A
// person's first decision is theirs (a later one changes nothing); it counts when the person is
// a member and none of exclude (the commit's author, who asked for the move). The first member
// rejection before the Nth approval settles the digest as rejected; decisions after the one
// that settled it change nothing.
func (q Quorum) Count(ds []Decision, env, digest string, exclude ...string) Tally {
	t := Tally{Quorum: q}
	seen := map[string]bool{}
	for _, d := range ds {
		who := d.who()
		key := strings.ToLower(who)
		switch {
		case d.Digest != digest || (d.Env != "" && d.Env != env):
			continue // not about this digest here: not even ignored
		case who == "":
			t.Ignored = append(t.Ignored, "a decision that names nobody")
			continue
		case seen[key]:
			t.Ignored = append(t.Ignored, who+": a second decision (the first stands)")
			continue
		}
		seen[key] = true
		if t.Settled() {
			t.Ignored = append(t.Ignored, who+": after the outcome was settled")
			continue
		}
		if excluded(who, exclude) {
			t.Ignored = append(t.Ignored, who+": wrote or asked for the release")
			continue
		}
		if d.Identity == "" {
			// Members are GitHub logins: a decision counts under the login it was mapped to,
			// never under a chat name that happens to spell one.
			t.Ignored = append(t.Ignored, who+": no GitHub login recorded")
			continue
		}
		if !q.IsMember(d.Identity) {
			t.Ignored = append(t.Ignored, who+": not in "+q.name())
			continue
		}
		if !d.Approved {
			r := d
			t.Rejection = &r
			continue
		}
		t.Approvals = append(t.Approvals, d)
	}
	return t
}

func excluded(who string, exclude []string) bool {
	for _, x := range exclude {
		if x != "" && strings.EqualFold(x, who) {
			return true
		}
	}
	return false
}

// quorumFor is approvalFor for an environment with a Quorum: the approvals of N different
// members for exactly img's digest, none of them the author's or the requester's, and no
// member's rejection before them. It returns the approval that met the quorum and all of them.
func (p *P) quorumFor(s *Stage, env *Environment, img Image, automatic bool) (*Decision, []Decision, error) {
	q := *env.Quorum
	if err := q.Validate(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w; nothing was moved", env.Name, err)
	}
	ds := p.r.decisionsOf(env)
	l, ok := ds.(DecisionLister)
	if !ok {
		return nil, nil, fmt.Errorf("%s needs %d approvals, and its decision store (%T) keeps one per digest: use one that lists every person's decision (pkg/github's Decisions); nothing was moved", env.Name, q.N, ds)
	}
	src := p.r.cfg.src
	origin, err := p.originOf(s, env, img)
	if err != nil {
		return nil, nil, err
	}
	exclude := p.notApprovers(origin)
	if p.r.selfApprovalAllowed(env.Name, img.Digest()) {
		exclude = nil
	}
	count := func() (Tally, int, error) {
		all, err := l.All(s.ctx, env.Name, img.Digest())
		if err != nil {
			return Tally{}, 0, fmt.Errorf("reading the approvals for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
		}
		return q.Count(all, env.Name, img.Digest(), exclude...), len(all), nil
	}
	t, n, err := count()
	if err != nil {
		return nil, nil, err
	}
	if n == 0 && automatic && env.Approver != nil {
		if _, err := p.askApproval(s, env, img); err != nil {
			return nil, nil, err
		}
		if t, _, err = count(); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case t.Rejection != nil:
		r := *t.Rejection
		return nil, nil, fmt.Errorf("%s was rejected for %s by %s at %s (%s); a rejection is final for that digest: build and release a new one; nothing was moved",
			img.Short(), env.Name, approverName(r), r.At.UTC().Format(time.RFC3339), r.Reason)
	case t.Met():
		return t.Deciding(), t.Approvals, nil
	}
	need := fmt.Sprintf("%s in %s waits for the approvals of its digest %s: %s; %d more needed from %s (%s), neither the author %s nor who asked for the move",
		img.Short(), env.Name, img.Digest(), t, q.N-len(t.Approvals), q.name(), strings.Join(q.Members, ", "), orUnknown(src.Author))
	if automatic && ds != &p.r.local {
		return nil, nil, &skip{reason: need + "; then run promote (the last approval in Slack starts it)"}
	}
	return nil, nil, errors.New(need + "; nothing was moved")
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
