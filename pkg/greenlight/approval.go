package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// Approval is how an environment is gated: whether a move that gives an image all of its
// traffic needs a recorded approval, who is asked, where decisions are kept and how many people
// must approve. Every path that moves traffic (the pipeline's own run, a dispatched deploy or
// promote, a gate) applies one rule to it: see CountApprovals.
type Approval struct {
	// Required gates the environment: every move that gives an image all of its traffic
	// (deploy, promote, redeploy) needs a recorded approval for exactly that digest, by someone
	// other than the release's own people (NotApprovers). Rollback and abort do not. An
	// environment with an Approver or a Quorum is gated too.
	Required bool
	// Approver is asked when no decision is recorded yet (a person in Slack, a policy, a
	// terminal prompt). A Gate with no approver fails closed.
	Approver Approver
	// Decisions is where decisions for this environment are recorded and read. Default: the
	// run's WithDecisions, else this run's memory (a gate decided in this run counts for this
	// run's moves, and for nothing later).
	Decisions Decisions
	// Quorum, when set, asks for approvals by Quorum.N different members of a group for
	// exactly the digest, instead of one approval by anyone else.
	Quorum *Quorum
	// AllowSelfApproval lets the release's own people (its commit's author, who started it,
	// who asked for the move) approve it: for a team of one. Off by default.
	AllowSelfApproval bool
}

// Gated says whether moves that give an image all traffic need a recorded approval: where
// approval is required, and wherever an approver or a quorum decides.
func (a Approval) Gated() bool { return a.Required || a.Approver != nil || a.Quorum != nil }

// ApprovalRequest is what an approver is asked to decide.
type ApprovalRequest struct {
	// Pipeline and Run name the pipeline and the run that asks.
	Pipeline string
	Run      string
	// Env is the environment the move goes into.
	Env string
	// Image is what would take all of Env's traffic.
	Image oci.Image
	// Source is what the run deploys and who asked for it.
	Source Source
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
	Via string `json:"via,omitempty"`
	// At is when it was taken.
	At time.Time `json:"at"`
	// Reason is what the decider said, if anything.
	Reason string `json:"reason,omitempty"`
	// Env and Digest are what it decides: one environment, one digest.
	Env    string `json:"env"`
	Digest string `json:"digest"`
}

// who is the decision's identity: the GitHub login when mapped, else who decided.
func (d Decision) who() string {
	if d.Identity != "" {
		return d.Identity
	}
	return d.By
}

// Approver decides gates: a person in Slack, a policy, a terminal prompt.
type Approver interface {
	// Approve asks for a decision on req. An approver that asked people and will not wait
	// in-process returns an error wrapping ErrAwaitingApproval.
	Approve(ctx context.Context, req ApprovalRequest) (Decision, error)
}

// ErrAwaitingApproval is returned (wrapped) by an approver that asked people and will not wait
// in-process: the Slack approver records "awaiting approval" and ends the job, and the decision
// later resumes the pipeline (a promote dispatched by the bot). The gate then ends the run
// without failing it — status skipped, exit 0 — and leaves the canary where it is.
var ErrAwaitingApproval = errors.New("awaiting approval")

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
	// CountApprovals counts.
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

// Tally is where the decisions recorded for one environment and digest stand under the
// approval rule (CountApprovals).
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

// CountApprovals is the one rule for who may approve a move into a gated environment: the
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
func CountApprovals(ds []Decision, env, digest string, q *Quorum, notApprovers []string) Tally {
	t := Tally{Quorum: Quorum{N: 1}}
	if q != nil {
		t.Quorum = *q
	}
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
				t.Ignored = append(t.Ignored, who+": not in "+q.name())
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

// NotApprovers are the people who may not approve a release: everyone GitHub recorded as its
// commit's author, who started it (a Slack user as slack:ID and as the ID), or who asked for
// the move, as the run's Source and the release's origin name them. CountApprovals compares
// them without case.
func NotApprovers(src Source, origin ReleaseOrigin) []string {
	var out []string
	for _, s := range []string{src.Author, src.RequestedBy, origin.Author, origin.TriggeredBy, origin.RequestedBy} {
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

// decisionsOf is where env's decisions are kept: its own store, the run's, or else this run's
// memory (a gate decided in this run counts for this run's promote, and for nothing later).
func (r *run) decisionsOf(env *Environment) Decisions {
	if env.Approval.Decisions != nil {
		return env.Approval.Decisions
	}
	if r.cfg.decisions != nil {
		return r.cfg.decisions
	}
	return &r.local
}

// WithDecisions is where approval decisions are recorded and read for every environment whose
// Approval names no Decisions of its own (pkg/github's, kept in GitHub Deployments).
func WithDecisions(d Decisions) Option { return func(c *config) { c.decisions = d } }

// runDecisions keeps the decisions of one run in memory: each person's first decision for an
// environment and digest, in the order recorded.
type runDecisions struct {
	mu sync.Mutex
	ds []Decision
}

// Record implements Decisions.
func (d *runDecisions) Record(ctx context.Context, x Decision) (Decision, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var standing *Decision
	for i, cur := range d.ds {
		if cur.Env != x.Env || cur.Digest != x.Digest {
			continue
		}
		if standing == nil {
			standing = &d.ds[i]
		}
		if strings.EqualFold(cur.who(), x.who()) {
			return *standing, false, nil
		}
	}
	d.ds = append(d.ds, x)
	if standing == nil {
		return x, true, nil
	}
	return *standing, false, nil
}

// Lookup implements Decisions.
func (d *runDecisions) Lookup(ctx context.Context, env, digest string) (*Decision, error) {
	all, _ := d.All(ctx, env, digest)
	if len(all) == 0 {
		return nil, nil
	}
	return &all[0], nil
}

// All implements Decisions.
func (d *runDecisions) All(_ context.Context, env, digest string) ([]Decision, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Decision
	for _, x := range d.ds {
		if x.Env == env && x.Digest == digest {
			out = append(out, x)
		}
	}
	return out, nil
}

// approvalFor checks the approval a move of img into the gated env needs, under the
// environment's rule (CountApprovals): it returns the decision that settled it and every
// approval counted. When nothing is recorded yet, the pipeline's own run asks the
// environment's approver (which may hold the run until people decide); a command a person
// dispatched is refused instead.
func (p *P) approvalFor(s *Stage, env *Environment, img oci.Image) (*Decision, []Decision, error) {
	a := env.Approval
	if a.Quorum != nil {
		if err := a.Quorum.Validate(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w; nothing was moved", env.Name, err)
		}
	}
	ds := p.r.decisionsOf(env)
	origin, err := p.originOf(s, env, img)
	if err != nil {
		return nil, nil, err
	}
	exclude := NotApprovers(p.r.cfg.src, origin)
	if p.r.selfApprovalAllowed(env, img.Digest()) {
		exclude = nil
	}
	count := func() (Tally, int, error) {
		all, err := ds.All(s.ctx, env.Name, img.Digest())
		if err != nil {
			return Tally{}, 0, fmt.Errorf("reading the approvals for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
		}
		return CountApprovals(all, env.Name, img.Digest(), a.Quorum, exclude), len(all), nil
	}
	t, n, err := count()
	if err != nil {
		return nil, nil, err
	}
	automatic := p.r.automatic()
	if n == 0 && automatic && a.Approver != nil {
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
		var counted []Decision
		if a.Quorum != nil {
			counted = t.Approvals
		}
		return t.Deciding(), counted, nil
	case a.Quorum == nil && len(t.Excluded) > 0:
		return nil, nil, p.selfApprovalError(env, img, origin, t.Excluded[0].who())
	}
	if a.Quorum != nil {
		q := *a.Quorum
		need := fmt.Sprintf("%s in %s waits for the approvals of its digest %s: %s; %d more needed from %s (%s), neither the author %s nor who asked for the move",
			img.Short(), env.Name, img.Digest(), t, q.N-len(t.Approvals), q.name(), strings.Join(q.Members, ", "), orUnknown(p.r.cfg.src.Author))
		if automatic && ds != &p.r.local {
			return nil, nil, &skip{reason: need + "; then run promote (the last approval in Slack starts it)"}
		}
		return nil, nil, errors.New(need + "; nothing was moved")
	}
	if automatic && ds != &p.r.local {
		// Nobody to ask in this run: hold until an approval is recorded (by the Slack bot),
		// then a dispatched deploy or promote moves it.
		return nil, nil, &skip{reason: fmt.Sprintf("%s of %s in %s waits for an approval of its digest %s to be recorded; then run promote (or deploy --env %s %s)",
			"release", img.Short(), env.Name, img.Digest(), env.Name, img.Digest())}
	}
	where := "this run's gate decided nothing for it, and the pipeline keeps no decisions (set Approval.Decisions or greenlight.WithDecisions, such as pkg/github's)"
	if ds != &p.r.local {
		where = "approve it (the release's Approve button in Slack, or p.Gate) and run promote again"
	}
	return nil, nil, fmt.Errorf("%s requires an approval recorded for %s, and there is none: %s; nothing was moved", env.Name, img.Digest(), where)
}

// selfApprovalError says why who, one of the release's own people, cannot approve it.
func (p *P) selfApprovalError(env *Environment, img oci.Image, origin ReleaseOrigin, who string) error {
	src := p.r.cfg.src
	switch {
	case isOneOf(who, []string{src.Author}):
		return fmt.Errorf("%s is the commit's author and cannot approve it alone; another approver is needed; nothing was moved", who)
	case isOneOf(who, []string{src.RequestedBy}):
		return fmt.Errorf("%s asked for this %s and cannot also approve it; another approver is needed; nothing was moved", who, p.r.command.Name)
	}
	return fmt.Errorf("%s wrote or started the release of %s (commit %s by %s, started by %s) and cannot approve it; another approver is needed; nothing was moved",
		who, img.Short(), short(origin.Commit), orUnknown(origin.Author), orUnknown(origin.starter()))
}

// originOf asks the ledger who is behind img's release: in a dispatched run they are not this
// run's author or requester, and still may not approve. A ledger that cannot answer stops the
// move: an approval is not taken on trust.
func (p *P) originOf(s *Stage, env *Environment, img oci.Image) (ReleaseOrigin, error) {
	l := p.r.ledgerOf(env)
	if l == nil {
		return ReleaseOrigin{}, nil
	}
	p.r.mu.Lock()
	origin, known := p.r.origins[img.Digest()]
	p.r.mu.Unlock()
	if known {
		return origin, nil
	}
	origin, _, err := l.Origin(s.ctx, img)
	if err != nil {
		return ReleaseOrigin{}, fmt.Errorf("reading who released %s: %w; nothing was moved", img.Short(), err)
	}
	p.r.mu.Lock()
	if p.r.origins == nil {
		p.r.origins = map[string]ReleaseOrigin{}
	}
	p.r.origins[img.Digest()] = origin
	p.r.mu.Unlock()
	return origin, nil
}

func (o ReleaseOrigin) starter() string {
	if o.RequestedBy != "" {
		return o.RequestedBy
	}
	return o.TriggeredBy
}

// askApproval asks env's approver about img and records the decision it returns (the first
// recorded stands). An approver that asked people and will not wait in-process holds the run.
func (p *P) askApproval(s *Stage, env *Environment, img oci.Image) (*Decision, error) {
	req := ApprovalRequest{Pipeline: p.r.cfg.name, Run: p.r.cfg.runID, Env: env.Name, Image: img, Source: p.r.cfg.src, Quorum: env.Approval.Quorum}
	s.emit(Event{Kind: ApprovalRequested, Image: img.String(), Message: fmt.Sprintf("approval needed to move %s into %s", img.Short(), env.Name)})
	d, err := env.Approval.Approver.Approve(s.ctx, req)
	if errors.Is(err, ErrAwaitingApproval) {
		return nil, &skip{reason: err.Error()}
	}
	if err != nil {
		return nil, fmt.Errorf("asking for approval of %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
	}
	if d.At.IsZero() {
		d.At = time.Now()
	}
	d.Env = env.Name
	if d.Digest == img.Digest() {
		if _, _, err = p.r.decisionsOf(env).Record(s.ctx, d); err != nil {
			return nil, fmt.Errorf("recording the decision for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
		}
	}
	dc := d
	p.r.noteDecisions(d)
	s.emit(Event{Kind: ApprovalDecided, Decision: &dc, Image: img.String(), Message: fmt.Sprintf("approved=%t by %s", d.Approved, approverName(d))})
	return &d, nil
}

// selfApprovalAllowed says whether the release's own people may approve img in env.
func (r *run) selfApprovalAllowed(env *Environment, digest string) bool {
	return env.Approval.AllowSelfApproval
}

func approverNames(ds []Decision) string {
	var s []string
	for _, d := range ds {
		s = append(s, approverName(d))
	}
	return strings.Join(s, ", ")
}

func approverName(d Decision) string {
	if d.Identity != "" && d.Identity != d.By {
		return fmt.Sprintf("%s (%s)", d.Identity, d.By)
	}
	return d.By
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
