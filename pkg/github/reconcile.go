package github

import (
	"context"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Reconciling: a deploy left in progress by a run that could not record its end is set right
// from what the target runs.

// Reconcile implements greenlight.Ledger. A deployment still in progress in env whose run
// ended without recording its outcome (GitHub failed after the switch) is corrected from what
// the target runs: success if its image serves, left alone if it is the canary still waiting,
// error otherwise. It looks at the five newest deployments only: a run claims the environment,
// so a record left behind is among the newest.
func (l *Ledger) Reconcile(ctx context.Context, env string, st greenlight.State) ([]string, error) {
	if st.Stable != nil {
		l.mu.Lock()
		l.running[env] = st.Stable.Image.Digest()
		l.mu.Unlock()
	}
	var fixed []string
	seen := 0
	err := deployKind.each(ctx, l.c, env, func(r *Record) (bool, error) {
		seen++
		if r.State != stateInProgress && r.State != stateQueued && r.State != statePending || !l.c.opened(r) {
			// Not open, or not opened by Greenlight: a workflow's forged deploy in progress is
			// not made a success Greenlight signs.
			return seen >= 5, nil
		}
		d := r.Payload.Digest
		switch {
		case st.Canary != nil && st.Canary.Image.Digest() == d:
			return seen >= 5, nil // the canary in progress, waiting for its promotion
		case st.Stable != nil && st.Stable.Image.Digest() == d:
			msg := fmt.Sprintf("deployment %d of %s serves 100%% of %s; its run could not record that (reconciled)", r.ID, shortDigest(d), env)
			if err := l.c.SetState(ctx, r, stateSuccess, "", r.LogURL, msg); err != nil {
				return true, err
			}
			fixed = append(fixed, msg)
		default:
			msg := fmt.Sprintf("deployment %d of %s does not run in %s; its run ended without recording why (reconciled)", r.ID, shortDigest(d), env)
			if err := l.c.SetState(ctx, r, stateError, "", r.LogURL, msg); err != nil {
				return true, err
			}
			fixed = append(fixed, msg)
		}
		return seen >= 5, nil
	})
	return fixed, err
}
