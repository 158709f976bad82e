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
