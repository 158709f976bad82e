package greenlight

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// The kinds of the moves Release makes: a flag's share of users going up (pkg/flags names it
// flags.MoveFlagRelease for policies), and a share of requests mirrored to an image that
// serves no user (a dark launch).
const (
	moveRelease    MoveKind = "flag-release"
	moveDarkLaunch MoveKind = "dark-launch"
)

// Release changes a release in env, a feature flag's share of users from r.From to r.Percent
// (or, with r.Image and no r.Flag, the share of env's requests mirrored to that image, which
// serves no user: a dark launch), through the engine's one choke point, as every traffic move
// goes. In this order it claims env for the run (the hold two runs take turns on), checks env's
// locks and the ledger's rules, needs a recorded approval when env is gated (of "flag:" and the
// flag's name; of the image's digest for a dark launch), asks env's policies about a move of
// kind "flag-release" (or "dark-launch") with Weight r.Percent, calls set, and records the
// change: as a move in the report and, for a flag, as a release (a Released event, which the
// Slack thread and the step summary show apart from deploys, and in env's ledger when it keeps
// releases). Turning a share down (a flag off, a mirror stopped) is, like an abort, never
// refused or held by a lock, an approval or a policy; it is held and recorded all the same. A
// hold returns an error that ends the run as skipped when the stage returns it; any other error
// says why nothing changed. Stages of feature-flag providers (pkg/flags) call it for every
// change.
func (s *Stage) Release(env *Environment, r runlog.ReleaseRecord, set func(ctx context.Context) error) error {
	p := s.p
	up := r.Percent > r.From
	kind, what := moveRelease, fmt.Sprintf("release of flag %s to %d%%", r.Flag, r.Percent)
	change := fmt.Sprintf("flag %s: %d%% → %d%%", r.Flag, r.From, r.Percent)
	if r.Flag == "" {
		kind, what = moveDarkLaunch, fmt.Sprintf("dark launch of %s at %d%%", r.Image.Short(), r.Percent)
		change = fmt.Sprintf("requests mirrored to %s: %d%% → %d%%", r.Image.Short(), r.From, r.Percent)
	}
	mv := Move{Kind: kind, Env: env.Name, Image: r.Image, Weight: r.Percent, Source: p.r.cfg.src, Explicit: !p.r.automatic(), Flag: r.Flag}
	if !up {
		mv.Kind = MoveAbort
	}
	rec := runlog.MoveRecord{Kind: string(kind), Env: env.Name, Digest: r.Image.Digest(), Weight: r.Percent, Time: time.Now()}
	done := func(outcome, detail string) {
		rec.Outcome, rec.Detail = outcome, change+": "+detail
		p.r.mu.Lock()
		p.r.report.Moves = append(p.r.report.Moves, rec)
		p.r.mu.Unlock()
	}
	fail := func(err error) error {
		var sk *skip
		if errors.As(err, &sk) {
			done("held", sk.reason)
		} else {
			done("refused", err.Error())
		}
		return err
	}
	if err := s.claimEnv(env, mv); err != nil {
		if up {
			done("failed", err.Error())
			return err
		}
		// Turning a share down only takes exposure away: it goes on without the hold.
		s.Logf("WARNING: %v; turning %s down to %d%% all the same", err, change, r.Percent)
	}
	if up {
		if err := s.admit(env, mv); err != nil {
			return fail(err)
		}
		if env.Approval.Gated() {
			// Mirrored requests are production requests: a dark launch needs the approval of
			// its digest, by the rule every move of an image uses.
			var err error
			if r.Image.IsZero() {
				err = p.releaseApproved(s, env, r.Flag, r.Percent)
			} else {
				_, _, err = p.approvalFor(s, env, r.Image)
			}
			if err != nil {
				return fail(err)
			}
		}
		if len(env.Policies) > 0 {
			if err := s.askPolicies(env, mv, what, what, r.Image.String(), &rec, done); err != nil {
				return err
			}
		}
	}
	if err := set(context.WithoutCancel(s.ctx)); err != nil {
		done("failed", err.Error())
		return fmt.Errorf("%s in %s: %w", what, env.Name, err)
	}
	done("done", r.Reason)
	if r.Flag != "" {
		s.recordRelease(env, r)
	}
	return nil
}

// releaseApproved says whether env's approval rule lets flag be released to percent: the
// engine's one rule (approval.Count) over the decisions recorded for "flag:<name>" in env, by
// someone other than the release's own people. When none is recorded yet, the pipeline's own
// run asks env's approver (the Slack approver posts Approve and Reject for the flag, and holds
// the run), as a canary asks about its digest. Not met, an automatic run holds; a rejection is
// final.
func (p *P) releaseApproved(s *Stage, env *Environment, flag string, percent int) error {
	subject := "flag:" + flag
	if q := env.Approval.Quorum; q != nil {
		if err := q.Validate(); err != nil {
			return fmt.Errorf("%s: %w; the flag is unchanged", env.Name, err)
		}
	}
	ds := p.r.decisionsOf(env)
	exclude := notApprovers(p.r.cfg.src, approval.Origin{})
	if env.Approval.AllowSelfApproval {
		exclude = nil
	}
	count := func() (approval.Tally, int, error) {
		all, err := ds.All(s.ctx, env.Name, subject)
		if err != nil {
			return approval.Tally{}, 0, fmt.Errorf("reading the approvals of %s in %s: %w; the flag is unchanged", subject, env.Name, err)
		}
		return approval.Count(all, env.Name, subject, env.Approval.Quorum, exclude), len(all), nil
	}
	t, n, err := count()
	if err != nil {
		return err
	}
	if n == 0 && p.r.automatic() && env.Approval.Approver != nil {
		req := ApprovalRequest{Pipeline: p.r.cfg.name, Run: p.r.cfg.runID, Env: env.Name, Source: p.r.cfg.src, Quorum: env.Approval.Quorum, Flag: flag, Percent: percent}
		if _, err := p.ask(s, env, req, fmt.Sprintf("release flag %s to %d%% of %s's users", flag, percent, env.Name), subject); err != nil {
			return err
		}
		if t, _, err = count(); err != nil {
			return err
		}
	}
	switch {
	case t.Rejection != nil:
		return fmt.Errorf("%s was rejected for %s by %s: the flag is unchanged", subject, env.Name, approverName(*t.Rejection))
	case t.Met():
		p.r.noteDecisions(t.Approvals...)
		return nil
	}
	need := fmt.Sprintf("the release of flag %s in %s waits for an approval of %s recorded for %s (%s); the flag is unchanged", flag, env.Name, subject, env.Name, t)
	if !p.r.automatic() {
		return errors.New(need)
	}
	return &skip{reason: need}
}

// recordRelease records a release (a flag's change) in env: in the report, as a Released
// event (the Slack thread and the step summary show it apart from deploys), and in env's
// ledger when it keeps releases. A ledger that fails to record is logged, not fatal: the flag
// already changed.
func (s *Stage) recordRelease(env *Environment, r runlog.ReleaseRecord) {
	r.Env = env.Name
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	if r.Image.IsZero() {
		if st, err := env.Target.State(s.ctx); err == nil && st.Stable != nil {
			r.Image = st.Stable.Image
		}
	}
	p := s.p
	p.r.mu.Lock()
	p.r.report.Releases = append(p.r.report.Releases, r)
	p.r.mu.Unlock()
	s.emit(runlog.Event{Kind: runlog.Released, Weight: r.Percent, Image: r.Image.String(), Status: r.Outcome,
		Message: fmt.Sprintf("flag %s: %d%% → %d%% of %s's users (%s)", r.Flag, r.From, r.Percent, env.Name, r.Reason)})
	if l := p.r.ledgerOf(env); l != nil {
		if err := l.RecordRelease(context.WithoutCancel(s.ctx), r, p.r.cfg.src); err != nil {
			s.Logf("WARNING: flag %s changed in %s, but recording the release failed: %v", r.Flag, env.Name, err)
			p.r.mu.Lock()
			p.r.report.OutOfDate = append(p.r.report.OutOfDate, fmt.Sprintf("%s: release of flag %s to %d%% not recorded (%v)", env.Name, r.Flag, r.Percent, err))
			p.r.mu.Unlock()
		}
	}
}
