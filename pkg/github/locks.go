package github

import (
	"context"
	"fmt"
	"time"

	gh "github.com/google/go-github/v92/github"
)

// LockTask is the task of the GitHub deployments that hold environment locks: a lock is such a
// deployment whose latest state is success; unlocking marks it inactive. Locks thus live in
// GitHub beside the deploys, with their own audit trail.
const LockTask = "greenlight:lock"

// Lock is an environment's lock.
type Lock struct {
	ID     int64
	Env    string
	By     string
	Reason string
	Since  time.Time
}

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
	req := gh.DeploymentRequest{Ref: ref, Task: new(LockTask), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: lockPayload{By: by, Reason: reason}, Environment: new(env), Description: new(truncate("locked: "+reason, 140)),
		TransientEnvironment: new(true)}
	d, err := c.createDeployment(ctx, req)
	if err != nil {
		return nil, err
	}
	// auto_inactive false: by default GitHub would mark the environment's earlier successful
	// deployments inactive, and the inventory would lose what runs there.
	st := gh.DeploymentStatusRequest{State: "success", Description: new(truncate("locked by "+by+": "+reason, 140)), AutoInactive: new(false)}
	if err := c.createStatus(ctx, d.GetID(), st); err != nil {
		return nil, err
	}
	return &Lock{ID: d.GetID(), Env: env, By: by, Reason: reason, Since: d.GetCreatedAt().Time}, nil
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
	return c.SetState(ctx, &Record{ID: cur.ID}, "inactive", "", "", "unlocked by "+by)
}

// LockOf returns env's lock, or nil.
func (c *Client) LockOf(ctx context.Context, env string) (*Lock, error) {
	recs, err := c.list(ctx, env, LockTask, 20)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.State != "success" {
			continue
		}
		var p lockPayload
		jsonUnmarshal(r.Raw, &p)
		return &Lock{ID: r.ID, Env: env, By: p.By, Reason: p.Reason, Since: r.Created}, nil
	}
	return nil, nil
}
