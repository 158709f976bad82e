package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// Approval is how an environment is gated: whether a move that gives an image all of its
// traffic needs a recorded approval, who is asked, where decisions are kept and how many people
// must approve. Every path that moves traffic (the pipeline's own run, a dispatched deploy or
// promote, a gate) applies one rule to it: see approval.Count.
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
	Decisions approval.Decisions
	// Quorum, when set, asks for approvals by Quorum.N different members of a group for
	// exactly the digest, instead of one approval by anyone else. A list of approvers is a
	// quorum of 1 (N 1, Members the logins whose decisions count, wherever a decision was
	// recorded: in Slack, or directly in GitHub): the Slack wiring sets one from the approve
	// lists of .greenlight/slack.yml (slack.Config.Approvers) when the pipeline sets none.
	Quorum *approval.Quorum
	// AllowSelfApproval lets the release's own people (its commit's author, who started it,
	// who asked for the move) approve it: for a team of one. Off by default.
	AllowSelfApproval bool
}

// Gated says whether moves that give an image all traffic need a recorded approval: where
// approval is required, and wherever an approver or a quorum (a list of approvers) decides.
func (a Approval) Gated() bool {
	return a.Required || a.Approver != nil || a.Quorum != nil
}

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
	Source runlog.Source
	// Quorum is the environment's quorum, when it needs approvals by several people of a group:
	// the approver asks them all, and each person's decision is recorded.
	Quorum *approval.Quorum
	// Flag, when set, names the feature flag whose release is asked about (a step of a flag's
	// rollout in a gated environment): the decision is for Subject ("flag:<Flag>") in Env, not
	// for an image, and Image is zero. Percent is the share of users the step goes to.
	Flag    string
	Percent int
}

// Subject is what a decision on r is recorded for (approval.Decision.Digest): "flag:<name>" for
// a flag's release, else the image's digest.
func (r ApprovalRequest) Subject() string {
	if r.Flag != "" {
		return "flag:" + r.Flag
	}
	return r.Image.Digest()
}

// Approver decides gates: a person in Slack, a policy, a terminal prompt.
type Approver interface {
	// Approve asks for a decision on req. An approver that asked people and will not wait
	// in-process returns an error wrapping ErrAwaitingApproval.
	Approve(ctx context.Context, req ApprovalRequest) (approval.Decision, error)
}

// ErrAwaitingApproval is returned (wrapped) by an approver that asked people and will not wait
// in-process: the Slack approver records "awaiting approval" and ends the job, and the decision
// later resumes the pipeline (a promote dispatched by the bot). The gate then ends the run
// without failing it — status skipped, exit 0 — and leaves the canary where it is.
var ErrAwaitingApproval = errors.New("awaiting approval")

// notApprovers are the release's own people (approval.Origin.NotApprovers): the run's author
// (the commit's author, or the run's actor), actor and requester, and the people origin names.
func notApprovers(src runlog.Source, origin approval.Origin) []string {
	return origin.NotApprovers(src.Author, src.Actor, src.RequestedBy)
}

// decisionsOf is where env's decisions are kept: its own store, the run's, or else this run's
// memory (a gate decided in this run counts for this run's promote, and for nothing later).
func (r *run) decisionsOf(env *Environment) approval.Decisions {
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
func WithDecisions(d approval.Decisions) Option { return func(c *config) { c.decisions = d } }

// runDecisions keeps the decisions of one run in memory: each person's first decision for an
// environment and digest, in the order recorded.
type runDecisions struct {
	mu sync.Mutex
	ds []approval.Decision
}

// Record implements Decisions.
func (d *runDecisions) Record(ctx context.Context, x approval.Decision) (approval.Decision, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var standing *approval.Decision
	for i, cur := range d.ds {
		if cur.Env != x.Env || cur.Digest != x.Digest {
			continue
		}
		if standing == nil {
			standing = &d.ds[i]
		}
		if strings.EqualFold(cur.Who(), x.Who()) {
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
func (d *runDecisions) Lookup(ctx context.Context, env, digest string) (*approval.Decision, error) {
	all, _ := d.All(ctx, env, digest)
	if len(all) == 0 {
		return nil, nil
	}
	return &all[0], nil
}

// All implements Decisions.
func (d *runDecisions) All(_ context.Context, env, digest string) ([]approval.Decision, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []approval.Decision
	for _, x := range d.ds {
		if x.Env == env && x.Digest == digest {
			out = append(out, x)
		}
	}
	return out, nil
}

// approvalFor checks the approval a move of img into the gated env needs, under the
// environment's rule (approval.Count): it returns the decision that settled it and every
// approval counted. When nothing is recorded yet, the pipeline's own run asks the
// environment's approver (which may hold the run until people decide); a command a person
// dispatched is refused instead.
func (p *P) approvalFor(s *Stage, env *Environment, img oci.Image) (*approval.Decision, []approval.Decision, error) {
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
	exclude := notApprovers(p.r.cfg.src, origin)
	if p.r.selfApprovalAllowed(env, img.Digest()) {
		exclude = nil
	}
	count := func() (approval.Tally, int, error) {
		all, err := ds.All(s.ctx, env.Name, img.Digest())
		if err != nil {
			return approval.Tally{}, 0, fmt.Errorf("reading the approvals for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
		}
		return approval.Count(all, env.Name, img.Digest(), a.Quorum, exclude), len(all), nil
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
		var counted []approval.Decision
		if a.Quorum != nil {
			counted = t.Approvals
		}
		return t.Deciding(), counted, nil
	case a.Quorum == nil && len(t.Excluded) > 0:
		return nil, nil, p.selfApprovalError(env, img, origin, t.Excluded)
	}
	ignored := ""
	if len(t.Ignored) > 0 {
		ignored = " (ignored: " + strings.Join(t.Ignored, "; ") + ")"
	}
	if a.Quorum != nil {
		q := *a.Quorum
		need := fmt.Sprintf("%s in %s waits for the approvals of its digest %s: %s; %d more needed from %s (%s), neither the author %s nor who asked for the move%s",
			img.Short(), env.Name, img.Digest(), t, q.N-len(t.Approvals), q.Name(), strings.Join(q.Members, ", "), orUnknown(p.r.cfg.src.Author), ignored)
		if automatic && ds != &p.r.local {
			return nil, nil, &skip{reason: need + "; then run promote (the last approval in Slack starts it)"}
		}
		return nil, nil, errors.New(need + "; nothing was moved")
	}
	if automatic && ds != &p.r.local {
		// Nobody to ask in this run: hold until an approval is recorded (by the Slack bot),
		// then a dispatched deploy or promote moves it.
		return nil, nil, &skip{reason: fmt.Sprintf("%s of %s in %s waits for an approval of its digest %s to be recorded%s; then run promote (or deploy --env %s %s)",
			"release", img.Short(), env.Name, img.Digest(), ignored, env.Name, img.Digest())}
	}
	where := "this run's gate decided nothing for it, and the pipeline keeps no decisions (set Approval.Decisions or greenlight.WithDecisions, such as pkg/github's)"
	if ds != &p.r.local {
		where = "approve it (the release's Approve button in Slack, or p.Gate) and run promote again"
	}
	if q := a.Quorum; q != nil && q.N == 1 && len(q.Members) > 0 {
		where = "one of " + strings.Join(q.Members, ", ") + " approves it; " + where
	}
	return nil, nil, fmt.Errorf("%s requires an approval recorded for %s, and there is none that counts%s: %s; nothing was moved", env.Name, img.Digest(), ignored, where)
}

// selfApprovalError says why the release's own people who decided (excluded, in the order
// recorded) cannot approve it.
func (p *P) selfApprovalError(env *Environment, img oci.Image, origin approval.Origin, excluded []approval.Decision) error {
	src := p.r.cfg.src
	who := excluded[0].Who()
	if len(excluded) == 1 {
		switch {
		case src.Author != "" && strings.EqualFold(who, src.Author):
			return fmt.Errorf("%s is the commit's author and cannot approve it alone; another approver is needed; nothing was moved", who)
		case src.RequestedBy != "" && strings.EqualFold(who, src.RequestedBy):
			return fmt.Errorf("%s asked for this %s and cannot also approve it; another approver is needed; nothing was moved", who, p.r.command.Name)
		}
	}
	var names []string
	for _, d := range excluded {
		names = append(names, d.Who())
	}
	verb := "wrote or started"
	if len(names) > 1 {
		verb = "are among those who wrote or started"
	}
	behind := ""
	if len(origin.Shippers) > 0 {
		behind = "; its commits, by their authors, committers and pull requests: " + strings.Join(origin.Shippers, ", ")
	}
	return fmt.Errorf("%s %s the release of %s (commit %s by %s, started by %s%s) and cannot approve it; another approver is needed; nothing was moved",
		strings.Join(names, ", "), verb, img.Short(), short(origin.Commit), orUnknown(origin.Author), orUnknown(starter(origin)), behind)
}

// originOf asks the ledger who is behind img's release: in a dispatched run they are not this
// run's author or requester, and still may not approve. A ledger that cannot answer stops the
// move: an approval is not taken on trust.
func (p *P) originOf(s *Stage, env *Environment, img oci.Image) (approval.Origin, error) {
	l := p.r.ledgerOf(env)
	if l == nil {
		return approval.Origin{}, nil
	}
	p.r.mu.Lock()
	key := env.Name + " " + img.Digest()
	origin, known := p.r.origins[key]
	p.r.mu.Unlock()
	if known {
		return origin, nil
	}
	built := ""
	if p.r.automatic() {
		built = p.r.cfg.src.Commit // the pipeline's own run built what it releases
	}
	origin, _, err := l.Origin(s.ctx, env.Name, img, built)
	if err != nil {
		return approval.Origin{}, fmt.Errorf("reading who released %s: %w; nothing was moved", img.Short(), err)
	}
	p.r.mu.Lock()
	if p.r.origins == nil {
		p.r.origins = map[string]approval.Origin{}
	}
	p.r.origins[key] = origin
	p.r.mu.Unlock()
	return origin, nil
}

// starter is who started the release o records: who asked for it, else who triggered it.
func starter(o approval.Origin) string {
	if o.RequestedBy != "" {
		return o.RequestedBy
	}
	return o.TriggeredBy
}

// askApproval asks env's approver about img and records the decision it returns (the first
// recorded stands). An approver that asked people and will not wait in-process holds the run.
func (p *P) askApproval(s *Stage, env *Environment, img oci.Image) (*approval.Decision, error) {
	req := ApprovalRequest{Pipeline: p.r.cfg.name, Run: p.r.cfg.runID, Env: env.Name, Image: img, Source: p.r.cfg.src, Quorum: env.Approval.Quorum}
	return p.ask(s, env, req, fmt.Sprintf("move %s into %s", img.Short(), env.Name), img.Short())
}

// ask asks env's approver about req (what names it in messages, short in errors) and records
// the decision it returns for req.Subject() (the first recorded stands; a decision for anything
// else is not recorded). An approver that asked people and will not wait in-process holds the
// run.
func (p *P) ask(s *Stage, env *Environment, req ApprovalRequest, what, short string) (*approval.Decision, error) {
	img := req.Image
	subject := req.Subject()
	s.emit(runlog.Event{Kind: runlog.ApprovalRequested, Image: img.String(), Message: "approval needed to " + what})
	d, err := env.Approval.Approver.Approve(s.ctx, req)
	if errors.Is(err, ErrAwaitingApproval) {
		return nil, &skip{reason: err.Error()}
	}
	if err != nil {
		return nil, fmt.Errorf("asking for approval of %s in %s: %w; nothing was moved", short, env.Name, err)
	}
	if d.At.IsZero() {
		d.At = time.Now()
	}
	d.Env = env.Name
	if d.Digest == subject {
		if _, _, err = p.r.decisionsOf(env).Record(s.ctx, d); err != nil {
			return nil, fmt.Errorf("recording the decision for %s in %s: %w; nothing was moved", short, env.Name, err)
		}
	}
	dc := d
	p.r.noteDecisions(d)
	s.emit(runlog.Event{Kind: runlog.ApprovalDecided, Decision: &dc, Image: img.String(), Message: fmt.Sprintf("approved=%t by %s", d.Approved, approverName(d))})
	return &d, nil
}

// selfApprovalAllowed says whether the release's own people may approve img in env.
func (r *run) selfApprovalAllowed(env *Environment, digest string) bool {
	return env.Approval.AllowSelfApproval
}

func approverNames(ds []approval.Decision) string {
	var s []string
	for _, d := range ds {
		s = append(s, approverName(d))
	}
	return strings.Join(s, ", ")
}

func approverName(d approval.Decision) string {
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
