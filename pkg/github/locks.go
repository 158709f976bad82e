package github

import (
	"context"
	"fmt"
	"time"
)

// Lock is an environment's lock.
type Lock struct {
	ID     int64
	Env    string
	By     string
	Reason string
	Since  time.Time
}

// lockPayload is a lock's payload: who locked, and why.
type lockPayload struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// LockEnv locks env: the green-commit path stops deploying there until Unlock (an explicit
// rollback or deploy still may). ref is the branch the lock deployment points at (main).
func (c *Client) LockEnv(ctx context.Context, env, ref, by, reason string) (*Lock, error) {
	if cur, err := c.LockOf(ctx, env); err != nil || cur != nil {
		if cur != nil {
			return cur, fmt.Errorf("%s is already locked by %s since %s: %s", env, cur.By, cur.Since.Format(time.RFC3339), cur.Reason)
		}
		return nil, err
	}
	rec, err := lockKind.create(ctx, c, place{env: env, ref: ref}, lockPayload{By: by, Reason: reason}, "locked: "+reason)
	if err != nil {
		return nil, err
	}
	// A lock's success does not retire what the environment runs (lockKind writes
	// auto_inactive false): by default GitHub would mark the environment's earlier successful
	// deployments inactive, and the inventory would lose what runs there.
	if err := lockKind.mark(ctx, c, rec.ID, status{state: stateSuccess, desc: "locked by " + by + ": " + reason}); err != nil {
		return nil, err
	}
	return &Lock{ID: rec.ID, Env: env, By: by, Reason: reason, Since: rec.Created}, nil
}

// Unlock lifts env's lock; unlocking an unlocked environment is an error that says so.
func (c *Client) Unlock(ctx context.Context, env, by string) error {
	cur, err := c.LockOf(ctx, env)
	if err != nil {
		return err
	}
	if cur == nil {
		return fmt.Errorf("%s is not locked", env)
	}
	return lockKind.mark(ctx, c, cur.ID, status{state: stateInactive, desc: "unlocked by " + by, gitHubAutoInactive: true})
}

// LockOf returns env's lock, or nil.
func (c *Client) LockOf(ctx context.Context, env string) (*Lock, error) {
	recs, err := lockKind.newest(ctx, c, env, 20)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.State != stateSuccess {
			continue
		}
		p, _ := lockKind.payload(r)
		return &Lock{ID: r.ID, Env: env, By: p.By, Reason: p.Reason, Since: r.Created}, nil
	}
	return nil, nil
}
