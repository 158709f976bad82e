package kubernetes

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A network partition or an API server outage can outlast a rollout's budget (WithAPIOutage):
// the canary step, or the rollout's wait, gives up. Ending the run there would leave the
// environment however the outage found it, perhaps with a share of traffic on the canary, until
// the next run reconciles it. So putting traffic back on stable — an abort, a rollback, the
// restore after a failed rolling update, and a canary step that failed for want of an API
// server — keeps retrying for a longer bound (WithRestoreOutage, 10 minutes by default, well
// inside a CI job's timeout), says every 10 s that it is waiting (to the target's logger,
// WithLogger), and restores stable as soon as the API server answers. It does so even past its
// caller's deadline or cancellation (the pipeline gives an abort 30 s): returning traffic to
// stable matters more than ending fast, and the bound still holds. Only if that bound passes too does the run end saying that traffic may
// still be on the canary, which the next run puts back on stable before anything else.

// DefaultRestoreOutage is how long putting traffic back on stable waits for an API server that
// does not answer.
const DefaultRestoreOutage = 10 * time.Minute

// WithRestoreOutage sets how long putting traffic back on stable (an abort, a rollback, the
// restore after a failed rollout or after a canary step the API server did not answer) keeps
// retrying an API server that does not answer (default 10 minutes). It should be longer than
// WithAPIOutage and shorter than the CI job's timeout.
func WithRestoreOutage(d time.Duration) Option { return func(t *Target) { t.restoreFor = d } }

// restoring runs f, which puts traffic back on stable, under the restore's bound: detached from
// ctx's cancellation and deadline, with every API call retried until the bound, a line every
// 10 s while the API server does not answer, and the environment's lease taken back if the
// outage let it expire. It returns how long the API server had been away when it answered
// (0: it never was).
func (t *Target) restoring(ctx context.Context, stable string, f func(ctx context.Context) error) (time.Duration, error) {
	until := time.Now().Add(t.restoreFor)
	downAtStart, _ := t.c.outageState()
	r := &restoreBudget{until: until, waiting: func(down time.Duration) {
		for_ := ""
		if down >= time.Second {
			for_ = " for " + down.Round(time.Second).String()
		}
		t.logf("%s: the API server has not answered%s; waiting up to %s more for it, to put traffic back on %s",
			t.env, for_, time.Until(until).Round(time.Second), stable)
	}}
	if downAtStart > 0 {
		r.tell(downAtStart)
	}
	rctx, cancel := context.WithDeadline(context.WithValue(context.WithoutCancel(ctx), restoreKey{}, r), until.Add(t.timeout))
	defer cancel()
	err := t.confirmLease(rctx)
	if err == nil {
		err = f(rctx)
	}
	downNow, last := t.c.outageState()
	var outage time.Duration
	if downAtStart > 0 || r.waited() {
		outage = last
	}
	var oe *outageError
	if err != nil && (errors.As(err, &oe) || downNow > 0) {
		return outage, &restoreTimedOut{waited: t.restoreFor, err: err}
	}
	if err == nil && outage > 0 {
		t.logf("%s: the API server answered again after %s; traffic is back on %s", t.env, outage.Round(time.Second), stable)
	}
	return outage, err
}

// restoreTimedOut is a restore the API server did not let happen within the restore bound.
type restoreTimedOut struct {
	waited time.Duration
	err    error
}

func (e *restoreTimedOut) Error() string {
	return fmt.Sprintf("the API server did not answer for the %s a restore waits (%v)", e.waited, e.err)
}

func (e *restoreTimedOut) Unwrap() error { return e.err }

// waited reports whether the restore had to wait for the API server.
func (r *restoreBudget) waited() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.said.IsZero()
}

// isOutage reports whether err is an API server that did not answer for the whole budget.
func isOutage(err error) bool {
	var oe *outageError
	return errors.As(err, &oe)
}
