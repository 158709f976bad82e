package github

import (
	"context"
	"fmt"
	"sync"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// HoldTask is the task of the GitHub deployments that hold an environment while one run moves
// traffic there. A hold is live while its newest status is in_progress and younger than the
// hold's time to live: the holder renews it as it works, so a crashed run's hold expires.
const HoldTask = "greenlight:hold"

type holdPayload struct {
	Run string `json:"run"`
}

var _ greenlight.Holder = (*Ledger)(nil)

// Hold implements greenlight.Holder: it records a hold on env and waits until it is the oldest
// live one, saying whom it waits for; it renews the hold every HoldTTL/4 until released.
func (l *Ledger) Hold(ctx context.Context, m greenlight.Move, log greenlight.Logger) (func(), error) {
	ttl, wait := l.HoldTTL, l.HoldWait
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
	req := gh.DeploymentRequest{Ref: ref, Task: new(HoldTask), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: holdPayload{Run: run}, Environment: new(m.Env), Description: new(truncate("held by "+run, 140)),
		TransientEnvironment: new(true)}
	d, err := l.c.createDeployment(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("holding %s: %w", m.Env, err)
	}
	mine := &Record{ID: d.GetID()}
	renew := func(ctx context.Context) error {
		return l.c.createStatus(ctx, mine.ID, gh.DeploymentStatusRequest{State: "in_progress", AutoInactive: new(false),
			Description: new(truncate("moving traffic: "+run, 140))})
	}
	release := func() {
		l.c.createStatus(context.WithoutCancel(ctx), mine.ID, gh.DeploymentStatusRequest{State: "inactive", AutoInactive: new(false),
			Description: new("released")})
	}
	if err := renew(ctx); err != nil {
		release()
		return nil, fmt.Errorf("holding %s: %w", m.Env, err)
	}
	start := time.Now()
	lastSaid := time.Time{}
	for {
		holder, since, err := l.oldestHold(ctx, m.Env, ttl)
		if err != nil {
			release()
			return nil, err
		}
		if holder == nil || holder.ID == mine.ID {
			break
		}
		var p holdPayload
		jsonUnmarshal(holder.Raw, &p)
		if time.Since(start) > wait {
			release()
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
			release()
			return nil, ctx.Err()
		case <-time.After(l.pollEvery()):
		}
		if err := renew(ctx); err != nil {
			release()
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
				return // the run is gone: let the hold expire
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
			release()
		})
	}, nil
}

func (l *Ledger) pollEvery() time.Duration {
	if l.HoldTTL > 0 && l.HoldTTL < 20*time.Second {
		return l.HoldTTL / 4
	}
	return 5 * time.Second
}

// oldestHold is env's oldest live hold (the one that wins), and since when it is held.
func (l *Ledger) oldestHold(ctx context.Context, env string, ttl time.Duration) (*Record, time.Time, error) {
	var oldest *Record
	var since time.Time
	err := l.c.Each(ctx, env, HoldTask, func(r *Record) (bool, error) {
		if r.State != "in_progress" {
			return false, nil
		}
		renewed, err := l.c.lastStatusTime(ctx, r.ID)
		if err != nil {
			return true, err
		}
		// GitHub's timestamps have whole seconds, and the runner's clock is not GitHub's: a
		// second of slack keeps a renewed hold from looking expired.
		if time.Since(renewed) <= ttl+time.Second {
			oldest, since = r, r.Created
		}
		return time.Since(r.Created) > 24*time.Hour, nil
	})
	return oldest, since, err
}

// lastStatusTime is when the deployment's newest status was written.
func (c *Client) lastStatusTime(ctx context.Context, id int64) (time.Time, error) {
	var ss []*gh.DeploymentStatus
	err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		ss, resp, err = c.gh.Repositories.ListDeploymentStatuses(ctx, c.owner, c.repo, id, &gh.ListOptions{PerPage: 1})
		return resp, err
	})
	if err != nil || len(ss) == 0 {
		return time.Time{}, err
	}
	return ss[0].GetCreatedAt().Time, nil
}

var _ greenlight.Reconciler = (*Ledger)(nil)

// Reconcile implements greenlight.Reconciler. A deployment still in progress in env whose run
// ended without recording its outcome (GitHub failed after the switch) is corrected from what
// the target runs: success if its image serves, left alone if it is the canary still waiting,
// error otherwise. It looks at the five newest deployments only: a run holds the environment,
// so a record left behind is among the newest.
func (l *Ledger) Reconcile(ctx context.Context, env string, st greenlight.State) ([]string, error) {
	var fixed []string
	seen := 0
	err := l.c.Each(ctx, env, "deploy", func(r *Record) (bool, error) {
		seen++
		if r.State != "in_progress" && r.State != "queued" && r.State != "pending" {
			return seen >= 5, nil
		}
		d := r.Payload.Digest
		switch {
		case st.Canary != nil && st.Canary.Image.Digest() == d:
			return seen >= 5, nil // the canary in progress, waiting for its promotion
		case st.Stable != nil && st.Stable.Image.Digest() == d:
			msg := fmt.Sprintf("deployment %d of %s serves 100%% of %s; its run could not record that (reconciled)", r.ID, shortDigest(d), env)
			if err := l.c.SetState(ctx, r, "success", "", r.LogURL, msg); err != nil {
				return true, err
			}
			fixed = append(fixed, msg)
		default:
			msg := fmt.Sprintf("deployment %d of %s does not run in %s; its run ended without recording why (reconciled)", r.ID, shortDigest(d), env)
			if err := l.c.SetState(ctx, r, "error", "", r.LogURL, msg); err != nil {
				return true, err
			}
			fixed = append(fixed, msg)
		}
		return seen >= 5, nil
	})
	return fixed, err
}

// ReleaseTask is the task of the GitHub deployments that record releases apart from deploys:
// a feature flag's share of users changing while the code that runs stays the same.
const ReleaseTask = "greenlight:release"

type releasePayload struct {
	Flag        string `json:"flag"`
	From        int    `json:"from"`
	Percent     int    `json:"percent"`
	Image       string `json:"image,omitempty"`
	Digest      string `json:"digest,omitempty"`
	Reason      string `json:"reason,omitempty"`
	RunURL      string `json:"run_url,omitempty"`
	TriggeredBy string `json:"triggered_by,omitempty"`
}

var _ greenlight.ReleaseLedger = (*Ledger)(nil)

// RecordRelease implements greenlight.ReleaseLedger: a deployment of task greenlight:release
// in the environment, with the flag, the shares and the image that runs; success for a step
// taken, failure for a release turned off. It never marks the environment's deploys inactive.
func (l *Ledger) RecordRelease(ctx context.Context, r greenlight.ReleaseRecord, src greenlight.Source) error {
	ref := src.Commit
	if ref == "" {
		ref = "main"
	}
	by := src.RequestedBy
	if by == "" {
		by = src.Author
	}
	desc := fmt.Sprintf("flag %s: %d%% → %d%%", r.Flag, r.From, r.Percent)
	d, err := l.c.createDeployment(ctx, gh.DeploymentRequest{Ref: ref, Task: new(ReleaseTask), AutoMerge: new(false), RequiredContexts: []string{},
		Environment: new(r.Env), Description: new(truncate(desc, 140)),
		Payload: releasePayload{Flag: r.Flag, From: r.From, Percent: r.Percent, Image: r.Image.String(), Digest: r.Image.Digest(),
			Reason: r.Reason, RunURL: l.runURL, TriggeredBy: by}})
	if err != nil {
		return err
	}
	state := "success"
	if r.Outcome == greenlight.Failed || r.Outcome == greenlight.Cancelled {
		state = "failure"
	}
	return l.c.createStatus(ctx, d.GetID(), gh.DeploymentStatusRequest{State: state, AutoInactive: new(false),
		LogURL: nonEmpty(l.runURL), Description: new(truncate(desc+": "+r.Reason, 140))})
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
