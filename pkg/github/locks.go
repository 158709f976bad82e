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
	// Ignored names the unlocks written by accounts that may not lift locks (a workflow's
	// token), which left the lock in place.
	Ignored []string
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
	l := &Lock{ID: rec.ID, Env: env, By: by, Reason: reason, Since: rec.Created}
	if err := c.anchorRecord(ctx, anchorEntry{kind: 'L', id: rec.ID, env: env}, false); err != nil {
		return l, &AnchorError{What: fmt.Sprintf("the lock of %s", env), Err: err}
	}
	return l, nil
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
	if err := lockKind.mark(ctx, c, cur.ID, status{state: stateInactive, desc: "unlocked by " + by, gitHubAutoInactive: true}); err != nil {
		return err
	}
	c.forget(cur.ID)
	if still, err := c.LockOf(ctx, env); err != nil || (still != nil && still.ID == cur.ID) {
		if err != nil {
			return err
		}
		return fmt.Errorf("%s is still locked: GitHub records this unlock as written by a workflow's token, which may not lift locks; "+
			"unlock with a person's own token (greenlight unlock) or through the Greenlight bot's App", env)
	}
	// A lifted lock need not be anchored any more (deleting it changes nothing).
	if err := c.anchorRecord(ctx, anchorEntry{kind: 'L', id: cur.ID, env: env}, true); err != nil {
		return &AnchorError{What: fmt.Sprintf("the unlock of %s", env), Err: err}
	}
	return nil
}

// LockOf returns env's lock, or nil. A lock is lifted only by an inactive status that GitHub
// records as written by a person or by the configured App (trust.go): the workflow token of
// any branch can write one too, and such an unlock is ignored (the lock holds, and
// Lock.Ignored says why).
func (c *Client) LockOf(ctx context.Context, env string) (*Lock, error) {
	// A lock's statuses are read afresh every time: an inactive one is final for a deploy, but
	// a lock ignored an untrusted unlock and may be lifted later.
	// Only records that ever succeeded count towards the 20 looked at: any token may create
	// lock deployments with no status, and 20 of them pushed the real lock out of the window
	// (TestLocksPushedOutOfTheWindowStillHold). A record that succeeded and that no trusted
	// account lifted is a lock, whoever wrote it, so it cannot be used to push one out.
	var recs []*Record
	err := lockKind.listed(ctx, c, env, func(r *Record) (bool, error) {
		c.forget(r.ID)
		if err := c.statuses(ctx, r); err != nil {
			return true, err
		}
		if r.Succeeded {
			recs = append(recs, r)
		}
		return len(recs) == 20, nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if !r.Succeeded {
			continue
		}
		var ignored []string
		lifted := false
		for _, w := range r.inactiveBy {
			if c.trusted(w) {
				lifted = true
				break
			}
			ignored = append(ignored, fmt.Sprintf("an unlock of lock %d by %s, which may not lift locks", r.ID, w))
		}
		if lifted {
			continue
		}
		p, _ := lockKind.payload(r)
		return &Lock{ID: r.ID, Env: env, By: p.By, Reason: p.Reason, Since: r.Created, Ignored: ignored}, nil
	}
	return nil, nil
}
