package greenlight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// MoveKind names what a traffic move does.
type MoveKind string

// The kinds of traffic move. Every change of which version serves an environment is one of them
// and goes through one choke point in the engine, which checks locks, approvals and policies,
// verifies the signature, records the ledger entry, switches and finishes, in that order.
const (
	// MoveDeploy gives a new image all of an environment's traffic (DeployStaging, or Promote of
	// an image that is not the canary in progress).
	MoveDeploy MoveKind = "deploy"
	// MoveFirstRelease gives the first image all traffic of an environment that ran nothing.
	MoveFirstRelease MoveKind = "first-release"
	// MoveCanaryStep gives a canary a share of traffic below 100 %.
	MoveCanaryStep MoveKind = "canary-step"
	// MovePromote gives the canary in progress all traffic (Weight 100); or, first, the bake's
	// share (Weight below 100): the bake Promote starts before 100 % is the promote's first move,
	// so it needs the promote's approval, and a policy that holds promotes holds it.
	MovePromote MoveKind = "promote"
	// MoveRedeploy puts an image chosen by a person into an environment (a dispatched deploy).
	MoveRedeploy MoveKind = "redeploy"
	// MoveRollback returns an environment to an earlier release.
	MoveRollback MoveKind = "rollback"
	// MoveAbort returns all traffic to the stable version and stops the canary.
	MoveAbort MoveKind = "abort"
)

// Move is one change of which version serves an environment's traffic, as policies see it.
type Move struct {
	Kind MoveKind `json:"kind"`
	// Env is the environment's name.
	Env string `json:"env"`
	// Image is what takes traffic after the move (for abort and rollback, what traffic returns to).
	Image oci.Image `json:"-"`
	// Weight is the percentage of traffic Image serves after the move.
	Weight int `json:"weight"`
	// Signature is Image's verified signature (nil for abort, which starts nothing new).
	Signature *oci.Signature `json:"signature,omitempty"`
	// Source is what the run deploys and who asked for it.
	Source runlog.Source `json:"source"`
	// Explicit is true when a person asked for exactly this move (a rollback, a deploy of a
	// chosen digest), as opposed to the pipeline's automatic path.
	Explicit bool `json:"explicit,omitempty"`
	// Approval is the decision recorded for Env and Image's digest, if any.
	Approval *approval.Decision `json:"approval,omitempty"`
	// Approvals are the approvals that met the environment's Quorum, in the order recorded.
	Approvals []approval.Decision `json:"approvals,omitempty"`
	// Flag is the feature flag a release changes (Stage.Release; Image is then zero), "" for a
	// move of code.
	Flag string `json:"flag,omitempty"`
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
	image  oci.Image
	weight int
	// strategy is recorded in the ledger entry.
	strategy string
	// reason goes into the ledger entry's outcome.
	reason string
}

// bake says whether the move is the bake's: the promote's move to the bake's share, below 100 %.
func (m moveSpec) bake() bool { return m.kind == MovePromote && m.weight < 100 }

func (m moveSpec) target() oci.Image {
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

// policyExempt says which moves no policy is asked about: an abort returns all traffic to the
// stable version, and a rollback to the version that served the environment before (a
// rollback anywhere else is a deploy, see Ledger.RollbackTarget's served). Neither can be
// refused or held by a policy.
func policyExempt(k MoveKind) bool { return k == MoveAbort || k == MoveRollback }

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
	// move of a dispatched command (abort), as opposed to the pipeline's own path.
	// A promote is not: it completes the release the pipeline started, so the policies and the
	// ledger's rules judge it like the pipeline's own moves, on the release's commit.
	dispatched := !p.r.automatic()
	mv := Move{Kind: m.kind, Env: env.Name, Image: img, Weight: m.weight, Source: p.r.cfg.src,
		Explicit: m.kind == MoveRedeploy || m.kind == MoveRollback || (dispatched && m.kind != MovePromote)}
	if dispatched && m.kind == MovePromote {
		// The command runs on the default branch's newest commit; the move is of the image's.
		origin, err := p.originOf(s, env, img)
		if err != nil {
			done := runlog.MoveRecord{Kind: string(m.kind), Env: env.Name, Digest: img.Digest(), Weight: m.weight, Time: time.Now(), Outcome: "failed", Detail: err.Error()}
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
	rec := runlog.MoveRecord{Kind: string(m.kind), Env: env.Name, Digest: img.Digest(), Weight: m.weight, Time: time.Now()}
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

	// 0. Claim the environment for this run, and bring the ledger up to date with what runs.
	if err := s.claimEnv(env, mv); err != nil {
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
	if env.Approval.Gated() && needsApproval(m.kind) {
		d, approvals, err := p.approvalFor(s, env, img)
		if err != nil {
			var sk *skip
			if errors.As(err, &sk) {
				done("held", sk.reason)
			} else {
				done("refused", err.Error())
			}
			return Revision{}, err
		}
		mv.Approvals = approvals
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
	// way; a refusal decides before a hold. Never about an abort or a rollback: returning
	// traffic to what served before must not depend on a policy (a ticket service that is down,
	// a freeze), so the engine does not ask (policyExempt).
	if len(env.Policies) > 0 && !policyExempt(m.kind) {
		what := string(m.kind)
		if m.kind == MoveCanaryStep || m.bake() {
			what += fmt.Sprintf(" to %d%%", m.weight)
		}
		if err := s.askPolicies(env, mv, what+" of "+img.Short(), string(m.kind)+" of "+img.Short(), img.String(), &rec, done); err != nil {
			return Revision{}, err
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
		p.finishEntry(s, env, m, entry, runlog.Failed, err.Error())
		done("failed", err.Error())
		return rev, err
	default:
		p.finishEntry(s, env, m, entry, runlog.Passed, m.reason)
		detail := "signature verified"
		switch {
		case len(mv.Approvals) > 0:
			detail += fmt.Sprintf("; approved by %s (%d of %d from %s)", approverNames(mv.Approvals), len(mv.Approvals), env.Approval.Quorum.N, env.Approval.Quorum.Name())
		case mv.Approval != nil:
			detail += fmt.Sprintf("; approved by %s", approverName(*mv.Approval))
		}
		done("done", detail)
		if m.kind != MoveAbort && m.kind != MoveRollback {
			p.r.recordImage(img, nil, env.Name+map[bool]string{true: " (canary)", false: ""}[m.kind == MoveCanaryStep || m.bake()])
		}
		p.r.touch(env.Name, rev)
		s.emit(runlog.Event{Kind: runlog.TrafficShifted, Weight: m.weight, Image: img.String(), Message: moveMessage(m, rev, env)})
		return rev, nil
	}
}

// askPolicies asks every policy of env about mv, so the thread and the report show all that
// stand in the way, and emits their answers (what names the move there, subject in a refusal
// or a hold; image is what takes traffic, "" for none). A refusal decides before a hold: it
// returns the refusal as an error, a hold as a skip, having set rec's policies and told done
// the outcome; nil when every policy allows. Every move and every release asks through it.
func (s *Stage) askPolicies(env *Environment, mv Move, what, subject, image string, rec *runlog.MoveRecord, done func(outcome, detail string)) error {
	results := make([]runlog.PolicyResult, 0, len(env.Policies))
	var hold, refuse error
	var holdBy, refuseBy Policy
	for _, pol := range env.Policies {
		err := pol.Check(s.ctx, mv)
		r := runlog.PolicyResult{Policy: pol.Name(), Outcome: runlog.PolicyAllow, Message: "allowed"}
		switch {
		case err == nil:
		case errors.Is(err, ErrAwaitingApproval):
			r.Outcome, r.Message = runlog.PolicyHold, err.Error()
			if hold == nil {
				hold, holdBy = err, pol
			}
		default:
			r.Outcome, r.Message = runlog.PolicyRefuse, err.Error()
			if refuse == nil {
				refuse, refuseBy = err, pol
			}
		}
		results = append(results, r)
	}
	rec.Policies = results
	outcome := "allowed"
	switch {
	case refuse != nil:
		outcome = "refused"
	case hold != nil:
		outcome = "held"
	}
	s.p.r.emit(runlog.Event{Kind: runlog.PoliciesChecked, Stage: s.name, Env: env.Name, Weight: mv.Weight, Image: image, Policies: results,
		Message: fmt.Sprintf("%s in %s: %s", what, env.Name, outcome)})
	switch {
	case refuse != nil:
		done("refused", refuseBy.Name()+": "+refuse.Error())
		return fmt.Errorf("policy %q refuses %s in %s: %w; nothing was moved", refuseBy.Name(), subject, env.Name, refuse)
	case hold != nil:
		done("held", holdBy.Name()+": "+hold.Error())
		return &skip{reason: fmt.Sprintf("policy %q holds %s in %s: %v", holdBy.Name(), subject, env.Name, hold)}
	}
	return nil
}

func moveMessage(m moveSpec, rev Revision, env *Environment) string {
	switch {
	case m.bake():
		return fmt.Sprintf("%s takes %d%% of %s for its bake", rev.ID, m.weight, env.Name)
	case m.kind == MoveCanaryStep:
		return fmt.Sprintf("%s takes %d%% of %s", rev.ID, m.weight, env.Name)
	case m.kind == MoveAbort:
		return fmt.Sprintf("canary aborted: %s takes 100%% of %s", rev.ID, env.Name)
	case m.kind == MoveFirstRelease:
		return fmt.Sprintf("first release: %s takes 100%% of %s", rev.ID, env.Name)
	default:
		return fmt.Sprintf("%s takes 100%% of %s", rev.ID, env.Name)
	}
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

func (r *run) lastVerifier() oci.Verifier {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.verifier
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
func (r *run) noteDecisions(ds ...approval.Decision) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range ds {
		if !slices.ContainsFunc(r.report.Decisions, func(o approval.Decision) bool {
			return o.Env == d.Env && o.Digest == d.Digest && o.By == d.By && o.Identity == d.Identity && o.Approved == d.Approved && o.At.Equal(d.At)
		}) {
			r.report.Decisions = append(r.report.Decisions, d)
		}
	}
}
