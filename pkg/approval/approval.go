// Package approval is the one rule for who may approve a move into a gated environment (Count)
// and the nouns it works on: a person's Decision for one environment and digest, where
// decisions are kept (Decisions, implemented by pkg/github), and the Quorum of a group. The
// engine's choke point, its Gate, the Slack bot and governance's dry run all count approvals
// here, so the rule is written once. It is a leaf: it imports only the standard library.
package approval

import (
	"context"
	"fmt"
	"strings"
	"time"
)

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
	Via string `json:"via,omitempty"`
	// At is when it was taken.
	At time.Time `json:"at"`
	// Reason is what the decider said, if anything.
	Reason string `json:"reason,omitempty"`
	// Env and Digest are what it decides: one environment, one digest.
	Env    string `json:"env"`
	Digest string `json:"digest"`
}

// Who is the decision's identity: the GitHub login when mapped, else who decided.
func (d Decision) Who() string {
	if d.Identity != "" {
		return d.Identity
	}
	return d.By
}

// Decisions keeps approval decisions where people and later runs read them (GitHub
// Deployments, in pkg/github). Each person's first decision for an environment and digest is
// theirs; the first decision of all is the one that stands for a single approval.
type Decisions interface {
	// Record records d unless its decider already decided for d.Env and d.Digest, and returns
	// the decision that stands for them (the first of all), and whether that is d itself: when
	// two clicks race, only the one whose decision stands acts on it.
	Record(ctx context.Context, d Decision) (standing Decision, first bool, err error)
	// Lookup returns the decision that stands for env and digest, or nil when there is none.
	Lookup(ctx context.Context, env, digest string) (*Decision, error)
	// All lists every decision recorded for env and digest, in the order recorded: what
	// Count counts.
	All(ctx context.Context, env, digest string) ([]Decision, error)
}

// Quorum asks for approvals by N different people of a group before a move gives an image all
// of an environment's traffic (Approval.Quorum). Each person's first decision for a digest
// stands; a member's rejection that comes before the quorum is met is final for that digest;
// the release's own people never count.
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
		return fmt.Errorf("the group %s has %d member(s), fewer than the %d approvals needed: fix Quorum in pipeline.go", q.Name(), len(q.Members), q.N)
	}
	return nil
}

// Name is the group's name for messages ("group" when it has none).
func (q Quorum) Name() string {
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

// Tally is where the decisions recorded for one environment and digest stand under the
// approval rule (Count).
type Tally struct {
	// Quorum is what had to be met: N members of a group, or one approval by anyone
	// (N 1, no members).
	Quorum Quorum `json:"quorum"`
	// Approvals are the approvals that count, in the order recorded (at most N).
	Approvals []Decision `json:"approvals,omitempty"`
	// Rejection is the rejection that settled the digest, if one came before the quorum was
	// met.
	Rejection *Decision `json:"rejection,omitempty"`
	// Ignored says, for each decision that does not count, whose it is and why.
	Ignored []string `json:"ignored,omitempty"`
	// Excluded are the decisions of the release's own people, which never count, in the order
	// recorded (to name them when nothing else stands).
	Excluded []Decision `json:"-"`
}

// Met says whether the quorum is met: N approvals and no rejection before them.
func (t Tally) Met() bool { return t.Rejection == nil && len(t.Approvals) >= t.Quorum.N }

// Settled says whether the outcome is decided: the quorum met, or a rejection.
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
		out = append(out, d.Who())
	}
	return out
}

// String says where it stands in one line: "2 of 3 approvals from sre: alice, bob", or
// "rejected by carol at T".
func (t Tally) String() string {
	if t.Rejection != nil {
		return fmt.Sprintf("rejected by %s at %s (%d of %d approvals from %s before)", t.Rejection.Who(), t.Rejection.At.UTC().Format(time.RFC3339),
			len(t.Approvals), t.Quorum.N, t.Quorum.Name())
	}
	s := fmt.Sprintf("%d of %d approvals from %s", len(t.Approvals), t.Quorum.N, t.Quorum.Name())
	if len(t.Approvals) > 0 {
		s += ": " + strings.Join(t.Names(), ", ")
	}
	return s
}

// Count is the one rule for who may approve a move into a gated environment: the
// engine's choke point, Gate, the Slack bot and governance's dry run all apply it. It tallies
// ds, the decisions recorded for env and digest in the order recorded:
//
//   - a decision about another digest or environment is not counted;
//   - a person's first decision is theirs (a later one changes nothing), persons compared by
//     identity without case, as GitHub compares logins;
//   - the decisions of notApprovers (the release's own people: NotApprovers) never count,
//     whether named by their GitHub login or by who decided (a Slack user ID), compared
//     without case;
//   - with a quorum (q non-nil), only members count, under the GitHub login the approver
//     mapped them to, and N approvals meet it; without one, the first decision by anyone else
//     settles it;
//   - a rejection that comes before the approvals needed is final for the digest; decisions
//     after the one that settled it change nothing.
func Count(ds []Decision, env, digest string, q *Quorum, notApprovers []string) Tally {
	t := Tally{Quorum: Quorum{N: 1}}
	if q != nil {
		t.Quorum = *q
	}
	seen := map[string]bool{}
	for _, d := range ds {
		who := d.Who()
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
		if isOneOf(who, notApprovers) || isOneOf(d.By, notApprovers) {
			t.Ignored = append(t.Ignored, who+": wrote or asked for the release")
			t.Excluded = append(t.Excluded, d)
			continue
		}
		if q != nil {
			if d.Identity == "" {
				// Members are GitHub logins: a decision counts under the login it was mapped
				// to, never under a chat name that happens to spell one.
				t.Ignored = append(t.Ignored, who+": no GitHub login recorded")
				continue
			}
			if !q.IsMember(d.Identity) {
				t.Ignored = append(t.Ignored, who+": not in "+q.Name())
				continue
			}
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

// NotApprovers are the people who may not approve a release, from everyone GitHub recorded as
// its commit's author, who started it, or who asked for the move (the engine passes the run's
// Source and the release's origin): each name once, and a Slack user written slack:ID also as
// the ID. Count compares them without case.
func NotApprovers(people ...string) []string {
	var out []string
	for _, s := range people {
		for _, name := range []string{s, strings.TrimPrefix(s, "slack:")} {
			if name != "" && !isOneOf(name, out) {
				out = append(out, name)
			}
		}
	}
	return out
}

// isOneOf says whether who is one of people, compared as GitHub compares logins.
func isOneOf(who string, people []string) bool {
	for _, x := range people {
		if x != "" && strings.EqualFold(x, who) {
			return true
		}
	}
	return false
}

// Origin is who is behind a release: none of them may approve it.
type Origin struct {
	// Commit is the commit the image was built from.
	Commit string `json:"commit,omitempty"`
	// Author is the commit's author (a GitHub login).
	Author string `json:"author,omitempty"`
	// TriggeredBy is who started the release (a GitHub login, or slack:USER).
	TriggeredBy string `json:"triggered_by,omitempty"`
	// RequestedBy is the person who asked for it with a command, if any.
	RequestedBy string `json:"requested_by,omitempty"`
	// Shippers are the GitHub logins of everyone behind the commits the release ships into the
	// environment asked about (the commits since the one the environment last ran): every
	// author and committer of those commits, and the authors and mergers of their pull
	// requests. None of them may approve it.
	Shippers []string `json:"shippers,omitempty"`
}

// NotApprovers are the release's own people, who may not approve it: also (the run's author,
// actor and requester, as the caller knows them), who wrote, started and asked for the
// release as o records them, and everyone behind the commits it ships (Shippers). This is
// the one place the list is made; Count compares it without case.
func (o Origin) NotApprovers(also ...string) []string {
	people := append(also, o.Author, o.TriggeredBy, o.RequestedBy)
	return NotApprovers(append(people, o.Shippers...)...)
}
