package greenlight

import (
	"context"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// Ledger is where deploys are recorded and may be refused: GitHub Deployments (pkg/github),
// so that the history of each environment — what ran, when, who asked — lives where people
// look for it, and the inventory survives the process.
//
// The engine claims an environment at its first move in a run, asks Admit before anything
// moves, calls Begin before the new revision starts and Finish when it serves, failed or was
// rolled back. An error from Claim, Admit or Begin stops the stage before anything moves;
// Finish's errors are logged. A ledger that keeps only some of this embeds LedgerDefaults
// for the rest, as go-containerregistry's partial package fills in an image.
type Ledger interface {
	// Admit says whether the move m may happen now. A refusal (ok false) is not a failure: the
	// pipeline's own run is skipped, like a test calling t.Skip, and reason says why (a newer
	// commit already runs there, the commit is not green, the environment is locked); a command
	// a person asked for fails with the reason. Locks refuse every kind of move but a rollback;
	// a person's explicit move (m.Explicit) skips the green and newest-commit rules.
	Admit(ctx context.Context, m Move) (ok bool, reason string, err error)
	// Begin records that img starts to be deployed to env with strategy.
	Begin(ctx context.Context, env string, img oci.Image, sig oci.Signature, src runlog.Source, strategy string) (Entry, error)
	// Claim returns once env (m.Env) is claimed for this run, so that two runs never move one
	// environment at once, waiting for another run with a live line in log, or fails saying
	// who has it. release lets go; a crashed run's claim expires.
	Claim(ctx context.Context, m Move, log runlog.Logger) (release func(), err error)
	// Reconcile corrects the ledger's records of env where they fell behind what the target
	// runs (st: a write failed after a switch) and says what it corrected. The engine calls it
	// once per environment per run, when it first claims it.
	Reconcile(ctx context.Context, env string, st State) (corrected []string, err error)
	// Resume finds the entry an earlier run left open for img in env (the canary that waits
	// for its promotion), or nil: promote and abort of a canary started by another run finish
	// that entry instead of recording a new deploy.
	Resume(ctx context.Context, env string, img oci.Image) (Entry, error)
	// Origin returns the release that first recorded img, and who is behind it going into env
	// (approval.Origin.Shippers: the people of every commit it ships there), and false when the
	// ledger has none. A dispatched command (the promote an approval starts, a scheduled
	// promote) runs on the default branch's newest commit and is sent by someone else, so the
	// release's own people are not in that run's Source; the approval rule excludes them as the
	// ledger recorded them. commit, when not empty, is the commit this run built img from (an
	// automatic run's own); else the ledger finds the release's commit. An error stops the
	// move: an approval is not taken on trust.
	Origin(ctx context.Context, env string, img oci.Image, commit string) (approval.Origin, bool, error)
	// RecordRelease records a release apart from a deploy: a feature flag's share of users
	// changed (pkg/github: a deployment with task greenlight:release).
	RecordRelease(ctx context.Context, r runlog.ReleaseRecord, src runlog.Source) error
	// Protected is asked once for each environment when the run starts, before the pipeline
	// (or a command) runs and so before anything moves: an error refuses the whole run, saying
	// what to set and where (pkg/github: a gated or production environment whose GitHub
	// Environment lets a workflow on any branch deploy and read its secrets); a check that
	// cannot be made is an error too. warning, when not empty, is written to the run's log
	// (such as: env.AllowAnyBranch accepts an environment open to every branch).
	Protected(ctx context.Context, env *Environment) (warning string, err error)
}

// LedgerDefaults is embedded by a Ledger that implements only Admit and Begin: claims that
// do not wait, nothing to reconcile or resume, no origins, releases not recorded.
type LedgerDefaults struct{}

// Claim implements Ledger: nothing to wait for; release does nothing.
func (LedgerDefaults) Claim(context.Context, Move, runlog.Logger) (func(), error) {
	return func() {}, nil
}

// Reconcile implements Ledger: nothing to correct.
func (LedgerDefaults) Reconcile(context.Context, string, State) ([]string, error) { return nil, nil }

// Resume implements Ledger: no entry is left open.
func (LedgerDefaults) Resume(context.Context, string, oci.Image) (Entry, error) { return nil, nil }

// Origin implements Ledger: the ledger knows no origins.
func (LedgerDefaults) Origin(context.Context, string, oci.Image, string) (approval.Origin, bool, error) {
	return approval.Origin{}, false, nil
}

// RecordRelease implements Ledger: releases are kept in the run's report only.
func (LedgerDefaults) RecordRelease(context.Context, runlog.ReleaseRecord, runlog.Source) error {
	return nil
}

// Protected implements Ledger: nothing to check.
func (LedgerDefaults) Protected(context.Context, *Environment) (string, error) { return "", nil }

// Entry is one recorded deploy.
type Entry interface {
	// Finish records the outcome: Passed (serving, at url), Failed or Cancelled, with a message.
	Finish(ctx context.Context, status runlog.Status, url, message string) error
}

// WithLedger records every environment's deploys in l (an Environment's own Ledger wins).
func WithLedger(l Ledger) Option { return func(c *config) { c.ledger = l } }

func (r *run) ledgerOf(env *Environment) Ledger {
	if env.Ledger != nil {
		return env.Ledger
	}
	return r.cfg.ledger
}

// checkProtection asks each environment's ledger, before the pipeline or a command runs,
// whether the environment is protected where the ledger keeps it (Ledger.Protected): the first
// refusal fails the run, so that nothing moves anywhere; warnings go to the run's log and its
// report (the step summary).
func (r *run) checkProtection(ctx context.Context) error {
	for _, e := range r.cfg.envs {
		l := r.ledgerOf(e)
		if l == nil {
			continue
		}
		warning, err := l.Protected(ctx, e)
		if err != nil {
			return err
		}
		if warning != "" {
			r.emit(runlog.Event{Kind: runlog.Log, Env: e.Name, Message: "WARNING: " + warning})
			r.mu.Lock()
			r.report.Warnings = append(r.report.Warnings, e.Name+": "+warning)
			r.mu.Unlock()
		}
	}
	return nil
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
		what := mv.Image.Short()
		if what == "" {
			what = "a " + string(mv.Kind)
		}
		return fmt.Errorf("asking whether %s may move into %s: %w; nothing was moved", what, env.Name, err)
	}
	if !ok {
		if !s.p.r.automatic() {
			return fmt.Errorf("%s refused: %s; nothing was moved", s.p.r.command.Name, reason)
		}
		return &skip{reason: reason}
	}
	return nil
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
		canary := img.img
		if m.kind == MoveAbort {
			if st, err := env.Target.State(s.ctx); err == nil && st.Canary != nil {
				canary = st.Canary.Image
			}
		}
		e, err := l.Resume(s.ctx, env.Name, canary)
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
	case MoveCanaryStep:
		if open != nil {
			return open, nil
		}
	}
	e, err := l.Begin(s.ctx, env.Name, img.img, img.sig, p.r.cfg.src, m.strategy)
	if err != nil {
		return nil, fmt.Errorf("recording the deploy of %s to %s: %w; nothing was deployed", img.img.Short(), env.Name, err)
	}
	if m.kind == MoveCanaryStep || m.bake() {
		p.r.mu.Lock()
		p.r.entries[env.Name] = e // finished by promote or abort, or at the end of the run
		p.r.mu.Unlock()
	}
	return e, nil
}

// finishEntry records a move's outcome. A canary step's entry stays open while the canary
// holds traffic, and through the bake; promote and abort close it.
func (p *P) finishEntry(s *Stage, env *Environment, m moveSpec, e Entry, status runlog.Status, message string) {
	if e == nil {
		return
	}
	kind := m.kind
	if (kind == MoveCanaryStep || m.bake()) && status == runlog.Passed {
		return // the release goes on: its promote or abort finishes the entry
	}
	if kind == MoveCanaryStep || kind == MovePromote || kind == MoveAbort {
		p.r.mu.Lock()
		if p.r.entries[env.Name] == e {
			delete(p.r.entries, env.Name)
		}
		p.r.mu.Unlock()
	}
	if kind == MoveAbort {
		status = runlog.Failed
	}
	if err := e.Finish(context.WithoutCancel(s.ctx), status, env.URL, message); err != nil {
		s.Logf("WARNING: the move happened but recording its outcome (%s) in the ledger failed: %v; the ledger is out of date until the next run reconciles it", status, err)
		p.r.mu.Lock()
		p.r.report.OutOfDate = append(p.r.report.OutOfDate, fmt.Sprintf("%s: %s of %s recorded as in progress, outcome %s (%v)", env.Name, kind, s.name, status, err))
		p.r.mu.Unlock()
	}
}

// claimEnv claims env for this run at its first move there, and then reconciles the ledger
// with what the target runs. A person's abort (a dispatched abort command) proceeds without
// waiting for another run's claim, and takes none: the run's later moves, if any, still claim
// the environment. Every other move, the abort of a canary a crashed run left included, waits
// for the claim.
func (s *Stage) claimEnv(env *Environment, mv Move) error {
	r := s.p.r
	r.mu.Lock()
	_, claimed := r.claims[env.Name]
	r.mu.Unlock()
	if claimed || (mv.Kind == MoveAbort && mv.Explicit) {
		return nil
	}
	l := r.ledgerOf(env)
	var release func()
	if l != nil {
		var err error
		if release, err = l.Claim(s.ctx, mv, s); err != nil {
			return fmt.Errorf("holding %s for this run: %w", env.Name, err)
		}
	}
	r.mu.Lock()
	r.claims[env.Name] = release
	r.mu.Unlock()
	if l == nil {
		return nil
	}
	st, err := env.Target.State(s.ctx)
	if err == nil {
		var fixed []string
		if fixed, err = l.Reconcile(s.ctx, env.Name, st); err == nil {
			for _, f := range fixed {
				s.Logf("ledger reconciled: %s", f)
			}
		}
	}
	if err != nil {
		s.Logf("WARNING: could not bring the ledger of %s up to date: %v", env.Name, err)
	}
	return nil
}

// releaseClaims lets go of every environment this run claimed.
func (r *run) releaseClaims() {
	r.mu.Lock()
	claims := r.claims
	r.claims = map[string]func(){}
	r.mu.Unlock()
	for _, release := range claims {
		if release != nil {
			release()
		}
	}
}
