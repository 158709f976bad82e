package github

import (
	"context"
	"fmt"
	"sync"
	"time"

	gh "github.com/google/go-github/v92/github"
	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// A claim is one run's hold on an environment while it moves traffic there (greenlight.Ledger.Claim):
// a record of ClaimTask whose newest status, in_progress, its claimant renews; the oldest live
// claim wins, and a crashed run's claim expires after the ledger's ClaimTTL.

// claimPayload is a claim's payload: the run that claims.
type claimPayload struct {
	Run string `json:"run"`
	// RunID is the claimant's workflow run (GITHUB_RUN_ID), 0 outside Actions: once GitHub
	// says it has completed, its claim is free at once.
	RunID int64 `json:"run_id,omitempty"`
}

// Claim implements greenlight.Ledger: it records a claim on env and waits until it is the
// oldest live one, saying whom it waits for; it renews the claim every ClaimTTL/4 until let go.
func (l *Ledger) Claim(ctx context.Context, m greenlight.Move, log runlog.Logger) (func(), error) {
	ttl, wait := l.ClaimTTL, l.ClaimWait
	if ttl <= 0 {
		ttl = 2 * time.Minute
	}
	if wait <= 0 {
		wait = 15 * time.Minute
	}
	ref := m.Source.Commit
	if ref == "" {
		ref = "main"
	}
	run := l.runURL
	if run == "" {
		run = "a run with no URL"
	}
	mine, err := claimKind.create(ctx, l.c, place{env: m.Env, ref: ref}, claimPayload{Run: run, RunID: l.c.RunID}, "held by "+run)
	if err != nil {
		return nil, fmt.Errorf("holding %s: %w", m.Env, err)
	}
	renew := func(ctx context.Context) error {
		return claimKind.mark(ctx, l.c, mine.ID, status{state: stateInProgress, desc: "moving traffic: " + run})
	}
	letGo := func() {
		claimKind.mark(context.WithoutCancel(ctx), l.c, mine.ID, status{state: stateInactive, desc: "released"})
	}
	if err := renew(ctx); err != nil {
		letGo()
		return nil, fmt.Errorf("holding %s: %w", m.Env, err)
	}
	start := time.Now()
	lastSaid := time.Time{}
	for {
		claimant, since, err := l.oldestClaim(ctx, m.Env, ttl)
		if err != nil {
			letGo()
			return nil, err
		}
		if claimant == nil || claimant.ID == mine.ID {
			break
		}
		p, _ := claimKind.payload(claimant)
		if time.Since(start) > wait {
			letGo()
			return nil, fmt.Errorf("%s is held by %s since %s, and waiting %s did not free it: let that run finish or cancel it; nothing was moved",
				m.Env, p.Run, since.Format(time.RFC3339), wait)
		}
		if time.Since(lastSaid) > 10*time.Second {
			log.Logf("waiting for %s, which is moving traffic in %s since %s (waited %s; its hold expires %s after it stops renewing it)",
				p.Run, m.Env, since.Format("15:04:05"), time.Since(start).Round(time.Second), ttl)
			lastSaid = time.Now()
		}
		select {
		case <-ctx.Done():
			letGo()
			return nil, ctx.Err()
		case <-time.After(l.pollEvery()):
		}
		if err := renew(ctx); err != nil {
			letGo()
			return nil, err
		}
	}
	hctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(ttl / 4)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-ctx.Done():
				return // the run is gone: let the claim expire
			case <-t.C:
				renew(hctx)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			stop()
			wg.Wait()
			letGo()
		})
	}, nil
}

func (l *Ledger) pollEvery() time.Duration {
	if l.ClaimTTL > 0 && l.ClaimTTL < 20*time.Second {
		return l.ClaimTTL / 4
	}
	return 5 * time.Second
}

// oldestClaim is env's oldest live claim (the one that wins), and since when it is held. A
// claim is live while its claimant renews it and, when it names its workflow run, while GitHub
// says that run has not completed: a crashed run's claim (its runner killed, the run
// cancelled) is free at once, not after its time to live. Claims found dead are closed
// (inactive), so none stays in progress on the Deployments page.
func (l *Ledger) oldestClaim(ctx context.Context, env string, ttl time.Duration) (*Record, time.Time, error) {
	var oldest *Record
	var since time.Time
	sealed := len(l.c.recordKey) > 0
	err := claimKind.each(ctx, l.c, env, func(r *Record) (bool, error) {
		state := r.State
		if sealed {
			// With the record key, a claim's state and renewals are only what a run holding
			// the key wrote: any workflow's token could forge a claim (and stop every run) or
			// mark a live one inactive (and let two runs move one environment at once).
			state = r.sealedState
		}
		if state != stateInProgress {
			return false, nil
		}
		renewed := r.sealedAt
		if !sealed {
			var err error
			if renewed, err = l.c.lastStatusTime(ctx, r.ID); err != nil {
				return true, err
			}
		}
		p, _ := claimKind.payload(r)
		// GitHub's timestamps have whole seconds, and the runner's clock is not GitHub's: a
		// second of slack keeps a renewed claim from looking expired.
		switch {
		case time.Since(renewed) > ttl+time.Second:
			l.closeClaim(ctx, r, fmt.Sprintf("expired: not renewed since %s", renewed.UTC().Format(time.RFC3339)))
		case p.RunID != 0 && p.RunID != l.c.RunID && l.runEnded(ctx, p.RunID) != "":
			l.closeClaim(ctx, r, "released: its run ended ("+l.runEnded(ctx, p.RunID)+")")
		default:
			oldest, since = r, r.Created
		}
		return time.Since(r.Created) > 24*time.Hour, nil
	})
	return oldest, since, err
}

// closeClaim marks another run's dead claim inactive, saying why. A failure to write is only
// logged: the claim is not counted either way.
func (l *Ledger) closeClaim(ctx context.Context, r *Record, why string) {
	if err := claimKind.mark(ctx, l.c, r.ID, status{state: stateInactive, desc: why}); err != nil {
		l.c.log.Warn("closing a dead claim", "deployment", r.ID, "err", err)
	}
}

// runEnded is the conclusion of workflow run id once GitHub says it has completed, else "".
// A run that cannot be read counts as live (the claim is waited for, as before).
func (l *Ledger) runEnded(ctx context.Context, id int64) string {
	l.mu.Lock()
	if c, ok := l.ended[id]; ok {
		l.mu.Unlock()
		return c
	}
	l.mu.Unlock()
	var run *gh.WorkflowRun
	err := l.c.call(ctx, "reading a workflow run", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		run, resp, err = l.c.gh.Actions.GetWorkflowRunByID(ctx, l.c.owner, l.c.repo, id)
		return resp, err
	})
	if err != nil || run.GetStatus() != "completed" {
		return ""
	}
	c := run.GetConclusion()
	if c == "" {
		c = "completed"
	}
	l.mu.Lock()
	l.ended[id] = c
	l.mu.Unlock()
	return c
}
