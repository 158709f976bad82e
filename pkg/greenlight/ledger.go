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
	// Admit says whether img may be deployed to env now. A refusal (ok false) is not a failure:
	// the run is skipped, like a test calling t.Skip, and reason says why (a newer commit
	// already runs there, the commit is not green, the environment is locked). An explicit
	// request — a rollback, a deploy of a chosen digest — asks with explicit true.
	Admit(ctx context.Context, env string, img Image, src Source, explicit bool) (ok bool, reason string, err error)
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

// admit asks the environment's ledger, and skips the run on a refusal.
func (s *Stage) admit(env *Environment, img Image, explicit bool) error {
	l := s.p.r.ledgerOf(env)
	if l == nil {
		return nil
	}
	ok, reason, err := l.Admit(s.ctx, env.Name, img, s.p.r.cfg.src, explicit)
	if err != nil {
		return fmt.Errorf("asking whether %s may be deployed to %s: %w; nothing was deployed", img.Short(), env.Name, err)
	}
	if !ok {
		return &skip{reason: reason}
	}
	return nil
}

// begin records the start of a deploy; finish its outcome. Without a ledger they do nothing.
func (s *Stage) begin(env *Environment, img SignedImage, strategy string) (Entry, error) {
	l := s.p.r.ledgerOf(env)
	if l == nil {
		return nil, nil
	}
	e, err := l.Begin(s.ctx, env.Name, img.img, img.sig, s.p.r.cfg.src, strategy)
	if err != nil {
		return nil, fmt.Errorf("recording the deploy of %s to %s: %w; nothing was deployed", img.img.Short(), env.Name, err)
	}
	return e, nil
}

func (s *Stage) finish(e Entry, env *Environment, status Status, message string) {
	if e == nil {
		return
	}
	if err := e.Finish(context.WithoutCancel(s.ctx), status, env.URL, message); err != nil {
		s.Logf("WARNING: the deploy happened but recording its outcome (%s) failed: %v", status, err)
	}
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
