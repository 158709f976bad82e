package greenlight

import (
	"context"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// RecordRelease records a release (a flag's change) in env: in the report, as a Released
// event (the Slack thread and the step summary show it apart from deploys), and in env's
// ledger when it keeps releases. Stages of feature-flag providers (pkg/flags) call it for every
// change they make. A ledger that fails to record is logged, not fatal: the flag already changed.
func (s *Stage) RecordRelease(env *Environment, r runlog.ReleaseRecord) {
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
