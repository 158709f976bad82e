package greenlight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// MoveRecord is one traffic move of a run, as the choke point carried it out or refused it.
type MoveRecord struct {
	Kind   MoveKind  `json:"kind"`
	Env    string    `json:"env"`
	Digest string    `json:"digest,omitempty"`
	Weight int       `json:"weight"`
	Time   time.Time `json:"time"`
	// Outcome is done, refused, held or failed.
	Outcome string `json:"outcome"`
	// Detail says why it was refused, held or failed; for a done move, what was checked.
	Detail string `json:"detail,omitempty"`
	// Policies are what the environment's policies said about the move.
	Policies []PolicyResult `json:"policies,omitempty"`
}

// inMoveKey marks the context a switch runs under: the choke point's (tests check that every
// switch of a target happens under it).
type inMoveKey struct{}

// moveSpec is one traffic move as a stage asks for it.
type moveSpec struct {
	kind MoveKind
	env  *Environment
	// img is what takes traffic, when the stage has it signed; image is used otherwise (a
	// rollback's previous revision, an abort's stable one) and is verified here.
	img    SignedImage
	image  Image
	weight int
	// strategy is recorded in the ledger entry.
	strategy string
	// reason goes into the ledger entry's outcome.
	reason string
}

func (m moveSpec) target() Image {
	if !m.img.img.IsZero() {
		return m.img.img
	}
	return m.image
}

// needsApproval says which moves into a gated environment need a recorded approval: those that
// give an image all of its traffic. A canary step is judged instead; rollback and abort return
// to what was there.
func needsApproval(k MoveKind) bool {
	return k == MoveDeploy || k == MoveFirstRelease || k == MovePromote || k == MoveRedeploy
}

// move is the only way traffic moves in any environment: every stage and command that changes
// which version serves (deploy-staging, each canary step, promote, redeploy, rollback, abort)
// calls it. In this order, once, it checks locks and the ledger's rules, the approval a gated
// environment needs for exactly this digest, and the environment's policies; verifies the
// signature from the registry; records the ledger entry; switches (do); and finishes the entry.
// Nothing else in the engine calls a target's switching methods.
func (s *Stage) move(m moveSpec, do func(ctx context.Context) (Revision, error)) (Revision, error) {
	p, env := s.p, m.env
	img := m.target()
	// A move is explicit when a person asked for exactly it: a redeploy or rollback, or any
	// move of a dispatched command (promote, abort), as opposed to the pipeline's own path.
	cmd := p.r.cfg.inputs.Command
	// A promote is not: it completes the release the pipeline started, so the policies and the
	// ledger's rules judge it like the pipeline's own moves, on the release's commit.
	dispatched := cmd != "" && cmd != "run"
	mv := Move{Kind: m.kind, Env: env.Name, Image: img, Weight: m.weight, Source: p.r.cfg.src,
		Explicit: m.kind == MoveRedeploy || m.kind == MoveRollback || (dispatched && m.kind != MovePromote)}
	if dispatched && m.kind == MovePromote {
		// The command runs on the default branch's newest commit; the move is of the image's.
		origin, err := p.originOf(s, env, img)
		if err != nil {
			done := MoveRecord{Kind: m.kind, Env: env.Name, Digest: img.Digest(), Weight: m.weight, Time: time.Now(), Outcome: "failed", Detail: err.Error()}
			p.r.mu.Lock()
			p.r.report.Moves = append(p.r.report.Moves, done)
			p.r.mu.Unlock()
			return Revision{}, err
		}
		if origin.Commit != "" {
			mv.Source.Commit = origin.Commit
		}
	}
	if !m.img.img.IsZero() {
		sig := m.img.sig
		mv.Signature = &sig
	}
	rec := MoveRecord{Kind: m.kind, Env: env.Name, Digest: img.Digest(), Weight: m.weight, Time: time.Now()}
	done := func(outcome, detail string) {
		rec.Outcome, rec.Detail = outcome, detail
		p.r.mu.Lock()
		p.r.report.Moves = append(p.r.report.Moves, rec)
		p.r.mu.Unlock()
	}
	ctx := s.ctx
	if m.kind == MoveAbort {
		// Returning traffic to stable must happen even when the run is being cancelled.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(s.ctx), p.r.cfg.abortTimeout)
		defer cancel()
	}

	// 0. Hold the environment for this run, and bring the ledger up to date with what runs.
	if err := s.holdEnv(env, mv); err != nil {
		done("failed", err.Error())
		return Revision{}, err
	}
	// 1. Locks and the ledger's rules (newest green commit wins). An abort is always allowed:
	// it only returns traffic to what already served.
	if m.kind != MoveAbort {
		if err := s.admit(env, mv); err != nil {
			var sk *skip
			if errors.As(err, &sk) {
				done("refused", sk.reason)
			} else {
				done("failed", err.Error())
			}
			return Revision{}, err
		}
	}
	// 2. Approval, for a gated environment.
	if env.gated() && needsApproval(m.kind) {
		var d *Decision
		var err error
		if env.Quorum != nil {
			d, mv.Approvals, err = p.quorumFor(s, env, img, p.r.cfg.inputs.Command == "" || p.r.cfg.inputs.Command == "run")
		} else {
			d, err = p.approvalFor(s, env, img)
		}
		if err != nil {
			var sk *skip
			if errors.As(err, &sk) {
				done("held", sk.reason)
			} else {
				done("refused", err.Error())
			}
			return Revision{}, err
		}
		mv.Approval = d
		// The release's report (and its page) lists the approvals the move went through,
		// recorded in Slack or anywhere else, not only those asked for in this run.
		if len(mv.Approvals) > 0 {
			p.r.noteDecisions(mv.Approvals...)
		} else if d != nil {
			p.r.noteDecisions(*d)
		}
	}
	// 3. Policies: every one is asked, so the thread and the report show all that stand in the
	// way; a refusal decides before a hold.
	if len(env.Policies) > 0 {
		rec.Policies = make([]PolicyResult, 0, len(env.Policies))
		var hold, refuse error
		var holdBy, refuseBy Policy
		for _, pol := range env.Policies {
			err := pol.Check(ctx, mv)
			r := PolicyResult{Policy: pol.Name(), Outcome: PolicyAllow, Message: "allowed"}
			switch {
			case err == nil:
			case errors.Is(err, ErrAwaitingApproval):
				r.Outcome, r.Message = PolicyHold, err.Error()
				if hold == nil {
					hold, holdBy = err, pol
				}
			default:
				r.Outcome, r.Message = PolicyRefuse, err.Error()
				if refuse == nil {
					refuse, refuseBy = err, pol
				}
			}
			rec.Policies = append(rec.Policies, r)
		}
		outcome := "allowed"
		switch {
		case refuse != nil:
			outcome = "refused"
		case hold != nil:
			outcome = "held"
		}
		what := string(m.kind)
		if m.kind == MoveCanaryStep {
			what += fmt.Sprintf(" to %d%%", m.weight)
		}
		p.r.emit(Event{Kind: PoliciesChecked, Stage: s.name, Env: env.Name, Weight: m.weight, Image: img.String(), Policies: rec.Policies,
			Message: fmt.Sprintf("%s of %s in %s: %s", what, img.Short(), env.Name, outcome)})
		switch {
		case refuse != nil:
			done("refused", refuseBy.Name()+": "+refuse.Error())
			return Revision{}, fmt.Errorf("policy %q refuses %s of %s in %s: %w; nothing was moved", refuseBy.Name(), m.kind, img.Short(), env.Name, refuse)
		case hold != nil:
			done("held", holdBy.Name()+": "+hold.Error())
			return Revision{}, &skip{reason: fmt.Sprintf("policy %q holds %s of %s in %s: %v", holdBy.Name(), m.kind, img.Short(), env.Name, hold)}
		}
	}
	// 4. The signature, fetched again from the registry.
	signed := m.img
	if m.kind != MoveAbort {
		var err error
		if signed, err = s.verifyBeforeMove(env, m); err != nil {
			done("refused", err.Error())
			return Revision{}, err
		}
	}
	// 5. The ledger entry.
	entry, err := p.entryFor(s, env, m, signed)
	if err != nil {
		done("failed", err.Error())
		return Revision{}, err
	}
	// 6. The switch.
	rev, err := do(context.WithValue(ctx, inMoveKey{}, m.kind))
	// 7. The outcome.
	switch {
	case err != nil:
		p.finishEntry(s, env, m.kind, entry, Failed, err.Error())
		done("failed", err.Error())
		return rev, err
	default:
		p.finishEntry(s, env, m.kind, entry, Passed, m.reason)
		detail := "signature verified"
		switch {
		case len(mv.Approvals) > 0:
			detail += fmt.Sprintf("; approved by %s (%d of %d from %s)", approverNames(mv.Approvals), len(mv.Approvals), env.Quorum.N, env.Quorum.name())
		case mv.Approval != nil:
			detail += fmt.Sprintf("; approved by %s", approverName(*mv.Approval))
		}
		done("done", detail)
		if m.kind != MoveAbort && m.kind != MoveRollback {
			p.r.recordImage(img, nil, env.Name+map[bool]string{true: " (canary)", false: ""}[m.kind == MoveCanaryStep])
		}
		p.r.touch(env.Name, rev)
		s.emit(Event{Kind: TrafficShifted, Weight: m.weight, Image: img.String(), Message: moveMessage(m, rev, env)})
		return rev, nil
	}
}

func moveMessage(m moveSpec, rev Revision, env *Environment) string {
	switch m.kind {
	case MoveCanaryStep:
		return fmt.Sprintf("%s takes %d%% of %s", rev.ID, m.weight, env.Name)
	case MoveAbort:
		return fmt.Sprintf("canary aborted: %s takes 100%% of %s", rev.ID, env.Name)
	case MoveFirstRelease:
		return fmt.Sprintf("first release: %s takes 100%% of %s", rev.ID, env.Name)
	default:
		return fmt.Sprintf("%s takes 100%% of %s", rev.ID, env.Name)
	}
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

// admit asks the environment's ledger. A refusal skips the pipeline's own run (like t.Skip);
// for a command a person asked for, it fails, so they see why nothing happened.
func (s *Stage) admit(env *Environment, mv Move) error {
	l := s.p.r.ledgerOf(env)
	if l == nil {
		return nil
	}
	ok, reason, err := l.Admit(s.ctx, mv)
	if err != nil {
		return fmt.Errorf("asking whether %s may move into %s: %w; nothing was moved", mv.Image.Short(), env.Name, err)
	}
	if !ok {
		if s.p.r.cfg.inputs.Command != "" && s.p.r.cfg.inputs.Command != "run" {
			return fmt.Errorf("%s refused: %s; nothing was moved", s.p.r.cfg.inputs.Command, reason)
		}
		return &skip{reason: reason}
	}
	return nil
}

// gated says whether moves that give an image all traffic need a recorded approval: where
// approval is required, and wherever an approver decides gates.
func (e *Environment) gated() bool { return e.RequireApproval || e.Approver != nil || e.Quorum != nil }

// decisionsOf is where env's decisions are kept: its own store, the run's, or else this run's
// memory (a gate decided in this run counts for this run's promote, and for nothing later).
func (r *run) decisionsOf(env *Environment) Decisions {
	if env.Decisions != nil {
		return env.Decisions
	}
	if r.cfg.decisions != nil {
		return r.cfg.decisions
	}
	return &r.local
}

// runDecisions keeps the decisions of one run in memory; the first for an environment and
// digest stands.
type runDecisions struct {
	mu sync.Mutex
	m  map[string]Decision
}

// Record implements Decisions.
func (d *runDecisions) Record(ctx context.Context, x Decision) (Decision, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[string]Decision{}
	}
	if cur, ok := d.m[x.Env+"@"+x.Digest]; ok {
		return cur, nil
	}
	d.m[x.Env+"@"+x.Digest] = x
	return x, nil
}

// Lookup implements Decisions.
func (d *runDecisions) Lookup(ctx context.Context, env, digest string) (*Decision, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if x, ok := d.m[env+"@"+digest]; ok {
		return &x, nil
	}
	return nil, nil
}

// approvalFor finds the recorded decision for env and img's digest, and refuses anything but
// an approval by someone other than the commit's author and the person who asked for the run.
// When none is recorded, the pipeline's own run asks the environment's approver (which holds
// the run until people decide); a command a person dispatched is refused instead.
func (p *P) approvalFor(s *Stage, env *Environment, img Image) (*Decision, error) {
	ds := p.r.decisionsOf(env)
	src := p.r.cfg.src
	origin, err := p.originOf(s, env, img)
	if err != nil {
		return nil, err
	}
	d, err := ds.Lookup(s.ctx, env.Name, img.Digest())
	if err != nil {
		return nil, fmt.Errorf("reading the approval for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
	}
	if l, ok := ds.(DecisionLister); ok && d != nil && !p.r.selfApprovalAllowed(env.Name, img.Digest()) {
		// The first decision by someone who may decide is the one that stands. The bot never
		// records one by the release's own people; one written some other way is ignored
		// rather than allowed to block the digest (and it is named below if it is all there is).
		all, err := l.All(s.ctx, env.Name, img.Digest())
		if err != nil {
			return nil, fmt.Errorf("reading the approvals for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
		}
		for i := range all {
			if w := all[i].who(); w != "" && !excluded(w, p.notApprovers(origin)) {
				d = &all[i]
				break
			}
		}
	}
	automatic := p.r.cfg.inputs.Command == "" || p.r.cfg.inputs.Command == "run"
	if d == nil && automatic && env.Approver != nil {
		if d, err = p.askApproval(s, env, img); err != nil {
			return nil, err
		}
	}
	if d == nil && automatic && ds != &p.r.local {
		// Nobody to ask in this run: hold until an approval is recorded (by the Slack bot),
		// then a dispatched deploy or promote moves it.
		return nil, &skip{reason: fmt.Sprintf("%s of %s in %s waits for an approval of its digest %s to be recorded; then run promote (or deploy --env %s %s)",
			"release", img.Short(), env.Name, img.Digest(), env.Name, img.Digest())}
	}
	if d == nil {
		where := "this run's gate decided nothing for it, and the pipeline keeps no decisions (set Environment.Decisions or greenlight.WithDecisions, such as pkg/github's)"
		if ds != &p.r.local {
			where = "approve it (the release's Approve button in Slack, or p.Gate) and run promote again"
		}
		return nil, fmt.Errorf("%s requires an approval recorded for %s, and there is none: %s; nothing was moved", env.Name, img.Digest(), where)
	}
	who := d.Identity
	if who == "" {
		who = d.By
	}
	switch {
	case d.Digest != img.Digest() || d.Env != env.Name:
		return nil, fmt.Errorf("the recorded decision is for %s in %s, not %s in %s; nothing was moved", d.Digest, d.Env, img.Digest(), env.Name)
	case !d.Approved:
		return nil, fmt.Errorf("%s was rejected for %s by %s at %s (%s); a rejection is final for that digest: build and release a new one; nothing was moved",
			img.Short(), env.Name, approverName(*d), d.At.Format(time.RFC3339), d.Reason)
	case who == "":
		return nil, fmt.Errorf("the approval of %s for %s names nobody; nothing was moved", img.Short(), env.Name)
	case p.r.selfApprovalAllowed(env.Name, img.Digest()):
	case who == src.Author:
		return nil, fmt.Errorf("%s is the commit's author and cannot approve it alone; another approver is needed; nothing was moved", who)
	case who == src.RequestedBy:
		return nil, fmt.Errorf("%s asked for this %s and cannot also approve it; another approver is needed; nothing was moved", who, p.r.cfg.inputs.Command)
	case origin.excludes(who):
		return nil, fmt.Errorf("%s wrote or started the release of %s (commit %s by %s, started by %s) and cannot approve it; another approver is needed; nothing was moved",
			who, img.Short(), short(origin.Commit), orUnknown(origin.Author), orUnknown(origin.starter()))
	}
	return d, nil
}

// originOf asks the ledger who is behind img's release, when it knows (greenlight.Origins):
// in a dispatched run they are not this run's author or requester, and still may not approve.
// A ledger that cannot answer stops the move: an approval is not taken on trust.
func (p *P) originOf(s *Stage, env *Environment, img Image) (ReleaseOrigin, error) {
	o, ok := p.r.ledgerOf(env).(Origins)
	if !ok {
		return ReleaseOrigin{}, nil
	}
	p.r.mu.Lock()
	origin, known := p.r.origins[img.Digest()]
	p.r.mu.Unlock()
	if known {
		return origin, nil
	}
	origin, _, err := o.Origin(s.ctx, img)
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

// notApprovers are who may not approve a move of this run: its author and requester, and the
// people behind the release as the ledger recorded them.
func (p *P) notApprovers(origin ReleaseOrigin) []string {
	src := p.r.cfg.src
	return append([]string{src.Author, src.RequestedBy}, origin.names()...)
}

// excludes says whether who is behind the release (its commit's author, who started it, who
// asked for it), compared as GitHub compares logins.
func (o ReleaseOrigin) excludes(who string) bool {
	return excluded(who, o.names())
}

// names are the people behind the release.
func (o ReleaseOrigin) names() []string {
	return []string{o.Author, strings.TrimPrefix(o.TriggeredBy, "slack:"), o.TriggeredBy, o.RequestedBy}
}

func (o ReleaseOrigin) starter() string {
	if o.RequestedBy != "" {
		return o.RequestedBy
	}
	return o.TriggeredBy
}

// askApproval asks env's approver about img and records the decision it returns (the first
// recorded stands). An approver that asked people and will not wait in-process holds the run.
func (p *P) askApproval(s *Stage, env *Environment, img Image) (*Decision, error) {
	req := ApprovalRequest{Pipeline: p.r.cfg.name, Run: p.r.cfg.runID, Env: env.Name, Image: img, Source: p.r.cfg.src, Quorum: env.Quorum}
	s.emit(Event{Kind: ApprovalRequested, Image: img.String(), Message: fmt.Sprintf("approval needed to move %s into %s", img.Short(), env.Name)})
	d, err := env.Approver.Approve(s.ctx, req)
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
		if d, err = p.r.decisionsOf(env).Record(s.ctx, d); err != nil {
			return nil, fmt.Errorf("recording the decision for %s in %s: %w; nothing was moved", img.Short(), env.Name, err)
		}
	}
	dc := d
	p.r.noteDecisions(d)
	s.emit(Event{Kind: ApprovalDecided, Decision: &dc, Image: img.String(), Message: fmt.Sprintf("approved=%t by %s", d.Approved, approverName(d))})
	return &d, nil
}

func (r *run) selfApprovalAllowed(env, digest string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.selfOK[env+"@"+digest]
}

// verifyBeforeMove checks the signature of what is about to take traffic, from the registry,
// with the environment's verifier (else the one that signed or verified it in this run).
func (s *Stage) verifyBeforeMove(env *Environment, m moveSpec) (SignedImage, error) {
	img := m.target()
	v := env.Verifier
	if v == nil {
		v = m.img.verifier
	}
	if v == nil {
		v = s.p.r.lastVerifier()
	}
	if v == nil {
		if m.img.img.IsZero() {
			return SignedImage{}, fmt.Errorf("cannot verify %s before the %s in %s: no verifier; set Environment.Verifier; nothing was moved", img.Short(), m.kind, env.Name)
		}
		return SignedImage{}, errors.New("image is not signed: pass the SignedImage returned by Sign or Verify")
	}
	sig, err := v.Verify(s.ctx, img)
	if err != nil {
		return SignedImage{}, fmt.Errorf("refusing to deploy %s to %s: %w; nothing was deployed", img, env.Name, err)
	}
	s.Logf("signature verified for %s (key %s)", img.Short(), sig.KeyID)
	return SignedImage{img: img, sig: sig, verifier: v}, nil
}

func (r *run) lastVerifier() Verifier {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.verifier
}

// entryFor opens the ledger entry of a move: one per deploy, rollback or redeploy; one for a
// whole canary, opened at its first step and finished by promote or abort.
func (p *P) entryFor(s *Stage, env *Environment, m moveSpec, img SignedImage) (Entry, error) {
	l := p.r.ledgerOf(env)
	if l == nil {
		return nil, nil
	}
	p.r.mu.Lock()
	open := p.r.entries[env.Name]
	p.r.mu.Unlock()
	switch m.kind {
	case MoveAbort, MovePromote:
		if open != nil {
			return open, nil
		}
		// A canary an earlier run started: finish the entry it left open.
		if rs, ok := l.(Resumer); ok {
			canary := img.img
			if m.kind == MoveAbort {
				if st, err := env.Target.State(s.ctx); err == nil && st.Canary != nil {
					canary = st.Canary.Image
				}
			}
			e, err := rs.Resume(s.ctx, env.Name, canary)
			if err != nil {
				return nil, fmt.Errorf("finding the open record of %s in %s: %w; nothing was moved", canary.Short(), env.Name, err)
			}
			if e != nil || m.kind == MoveAbort {
				if e != nil {
					p.r.mu.Lock()
					p.r.entries[env.Name] = e
					p.r.mu.Unlock()
				}
				return e, nil
			}
		}
		if m.kind == MoveAbort {
			return nil, nil
		}
	case MoveCanaryStep:
		if open != nil {
			return open, nil
		}
	}
	e, err := l.Begin(s.ctx, env.Name, img.img, img.sig, p.r.cfg.src, m.strategy)
	if err != nil {
		return nil, fmt.Errorf("recording the deploy of %s to %s: %w; nothing was deployed", img.img.Short(), env.Name, err)
	}
	if m.kind == MoveCanaryStep {
		p.r.mu.Lock()
		p.r.entries[env.Name] = e // finished by promote or abort, or at the end of the run
		p.r.mu.Unlock()
	}
	return e, nil
}

// finishEntry records a move's outcome. A canary step's entry stays open while the canary
// holds traffic; promote and abort close it.
func (p *P) finishEntry(s *Stage, env *Environment, kind MoveKind, e Entry, status Status, message string) {
	if e == nil {
		return
	}
	if kind == MoveCanaryStep && status == Passed {
		return
	}
	if kind == MoveCanaryStep || kind == MovePromote || kind == MoveAbort {
		p.r.mu.Lock()
		if p.r.entries[env.Name] == e {
			delete(p.r.entries, env.Name)
		}
		p.r.mu.Unlock()
	}
	if kind == MoveAbort {
		status = Failed
	}
	if err := e.Finish(context.WithoutCancel(s.ctx), status, env.URL, message); err != nil {
		s.Logf("WARNING: the move happened but recording its outcome (%s) in the ledger failed: %v; the ledger is out of date until the next run reconciles it", status, err)
		p.r.mu.Lock()
		p.r.report.OutOfDate = append(p.r.report.OutOfDate, fmt.Sprintf("%s: %s of %s recorded as in progress, outcome %s (%v)", env.Name, kind, s.name, status, err))
		p.r.mu.Unlock()
	}
}

// holdEnv holds env for this run at its first move there (when the ledger can hold), and then
// reconciles the ledger with what the target runs. An abort at the end of a run that never
// held the environment (nothing else moved it) proceeds without waiting.
func (s *Stage) holdEnv(env *Environment, mv Move) error {
	r := s.p.r
	r.mu.Lock()
	_, held := r.held[env.Name]
	r.mu.Unlock()
	if held {
		return nil
	}
	l := r.ledgerOf(env)
	if h, ok := l.(Holder); ok && mv.Kind != MoveAbort {
		release, err := h.Hold(s.ctx, mv, s)
		if err != nil {
			return fmt.Errorf("holding %s for this run: %w", env.Name, err)
		}
		r.mu.Lock()
		r.held[env.Name] = release
		r.mu.Unlock()
	} else {
		r.mu.Lock()
		r.held[env.Name] = nil
		r.mu.Unlock()
	}
	if rc, ok := l.(Reconciler); ok {
		st, err := env.Target.State(s.ctx)
		if err == nil {
			var fixed []string
			if fixed, err = rc.Reconcile(s.ctx, env.Name, st); err == nil {
				for _, f := range fixed {
					s.Logf("ledger reconciled: %s", f)
				}
			}
		}
		if err != nil {
			s.Logf("WARNING: could not bring the ledger of %s up to date: %v", env.Name, err)
		}
	}
	return nil
}

// releaseHolds lets go of every environment this run held.
func (r *run) releaseHolds() {
	r.mu.Lock()
	held := r.held
	r.held = map[string]func(){}
	r.mu.Unlock()
	for _, release := range held {
		if release != nil {
			release()
		}
	}
}

// short abbreviates a commit to 12 characters, as people read them.
func short(commit string) string {
	if commit == "" {
		return "(unknown)"
	}
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// noteDecisions adds ds to the report's decisions, each once.
func (r *run) noteDecisions(ds ...Decision) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range ds {
		if !slices.ContainsFunc(r.report.Decisions, func(o Decision) bool {
			return o.Env == d.Env && o.Digest == d.Digest && o.By == d.By && o.Identity == d.Identity && o.Approved == d.Approved && o.At.Equal(d.At)
		}) {
			r.report.Decisions = append(r.report.Decisions, d)
		}
	}
}
