package greenlight

import (
	"context"
	"fmt"
	"runtime"
)

// Ledger is where deploys are recorded and may be refused: GitHub Deployments (pkg/github),
// so that the history of each environment — what ran, when, who asked — lives where people
// look for it, and the inventory survives the process.
//
// The engine asks Admit before anything is deployed to an environment, then calls Begin before
// the new revision starts and Finish when it serves, failed or was rolled back. An error from
// Admit or Begin stops the stage before anything is deployed; Finish's errors are logged.
type Ledger interface {
	// Admit says whether the move m may happen now. A refusal (ok false) is not a failure: the
	// pipeline's own run is skipped, like a test calling t.Skip, and reason says why (a newer
	// commit already runs there, the commit is not green, the environment is locked); a command
	// a person asked for fails with the reason. Locks refuse every kind of move but a rollback;
	// a person's explicit move (m.Explicit) skips the green and newest-commit rules.
	Admit(ctx context.Context, m Move) (ok bool, reason string, err error)
	// Begin records that img starts to be deployed to env with strategy.
	Begin(ctx context.Context, env string, img Image, sig Signature, src Source, strategy string) (Entry, error)
}

// Holder is a Ledger that holds an environment for one run while the run moves traffic there,
// so that two runs never move one environment at once (pkg/github keeps holds in GitHub; a
// Kubernetes target takes a Lease). The engine holds each environment at its first move in a
// run and lets go when the run ends.
type Holder interface {
	// Hold returns once env (m.Env) is held for this run, waiting for another run with a live
	// line in log, or fails saying who holds it. release lets go; a crashed run's hold expires.
	Hold(ctx context.Context, m Move, log Logger) (release func(), err error)
}

// Reconciler is a Ledger whose records can fall behind what happened (a write failed after a
// switch). The engine calls Reconcile once per environment per run, when it first holds it,
// with what the target runs now; the ledger corrects its records and says what it corrected.
type Reconciler interface {
	Reconcile(ctx context.Context, env string, st State) (corrected []string, err error)
}

// Resumer is a Ledger that can find an entry an earlier run left open: the canary that waits
// for its promotion. Promote and abort of a canary started by another run finish that entry
// instead of recording a new deploy.
type Resumer interface {
	Resume(ctx context.Context, env string, img Image) (Entry, error)
}

// Origins is a Ledger that knows where a digest came from: the release that first recorded it.
// A dispatched command (the promote an approval starts, a scheduled promote) runs on the
// default branch's newest commit and is sent by someone else (the bot, a schedule), so the
// release's commit author and whoever asked for it are not in that run's Source. The approval
// rules exclude them too, as the ledger recorded them.
type Origins interface {
	// Origin returns the release that first recorded img, and false when the ledger has none.
	Origin(ctx context.Context, img Image) (ReleaseOrigin, bool, error)
}

// ReleaseOrigin is who is behind a release: none of them may approve it.
type ReleaseOrigin struct {
	// Commit is the commit the image was built from.
	Commit string `json:"commit,omitempty"`
	// Author is the commit's author (a GitHub login).
	Author string `json:"author,omitempty"`
	// TriggeredBy is who started the release (a GitHub login, or slack:USER).
	TriggeredBy string `json:"triggered_by,omitempty"`
	// RequestedBy is the person who asked for it with a command, if any.
	RequestedBy string `json:"requested_by,omitempty"`
}

// Entry is one recorded deploy.
type Entry interface {
	// Finish records the outcome: Passed (serving, at url), Failed or Cancelled, with a message.
	Finish(ctx context.Context, status Status, url, message string) error
}

// WithLedger records every environment's deploys in l (an Environment's own Ledger wins).
func WithLedger(l Ledger) Option { return func(c *config) { c.ledger = l } }

func (r *run) ledgerOf(env *Environment) Ledger {
	if env.Ledger != nil {
		return env.Ledger
	}
	return r.cfg.ledger
}

// skip is returned by a stage whose deploy was refused: the run stops without failing.
type skip struct{ reason string }

func (s *skip) Error() string { return "skipped: " + s.reason }

// Skipf stops the run without failing it, like testing.T.Skipf: nothing more is deployed and
// the run's status is skipped.
func (p *P) Skipf(format string, args ...any) {
	p.r.setSkipped(fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (r *run) setSkipped(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.skipped && !r.failed {
		r.skipped, r.skipReason = true, reason
	}
}
