package github

import (
	"context"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/dora"
)

// Deployments reads the deployment record for DORA metrics: every deploy of env ("" for all
// environments) created since since, with all its statuses and its commit's time, oldest
// first. Rollbacks are those whose payload says strategy "rollback".
func (c *Client) Deployments(ctx context.Context, env string, since time.Time) ([]dora.Deployment, error) {
	var out []dora.Deployment
	commitTimes := map[string]time.Time{}
	err := deployKind.listed(ctx, c, env, func(r *Record) (bool, error) {
		if r.Created.Before(since) {
			return true, nil // listed newest first: the rest are older still
		}
		sts, err := c.deploymentStatuses(ctx, r.ID)
		if err != nil {
			return true, err
		}
		ct, ok := commitTimes[r.SHA]
		if !ok {
			if ct, err = c.CommitTime(ctx, r.SHA); err != nil {
				return true, err
			}
			commitTimes[r.SHA] = ct
		}
		out = append(out, dora.Deployment{ID: r.ID, Env: r.Environment, SHA: r.SHA, Created: r.Created,
			CommitTime: ct, Rollback: r.Payload.Strategy == "rollback", Statuses: sts})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// CommitTime is when sha was committed (the committer's date: for a squash or merge commit,
// when it landed on the branch).
func (c *Client) CommitTime(ctx context.Context, sha string) (time.Time, error) {
	rc, err := c.commit(ctx, sha)
	if err != nil {
		return time.Time{}, err
	}
	if t := rc.GetCommit().GetCommitter().GetDate().Time; !t.IsZero() {
		return t, nil
	}
	return rc.GetCommit().GetAuthor().GetDate().Time, nil
}

// commit reads sha (one file of its diff at most: only its metadata is wanted).
func (c *Client) commit(ctx context.Context, sha string) (*gh.RepositoryCommit, error) {
	var rc *gh.RepositoryCommit
	err := c.call(ctx, "reading a commit", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		rc, resp, err = c.gh.Repositories.GetCommit(ctx, c.owner, c.repo, sha, &gh.ListOptions{PerPage: 1})
		return resp, err
	})
	return rc, err
}

// The methods below are what pkg/governance's policies read (CommitStatus, Deployments,
// Commits): a *Client satisfies those interfaces.

// CommitGreen reports whether sha is green (see Green) and, if not, what is failing or pending.
func (c *Client) CommitGreen(ctx context.Context, sha string) (bool, string, error) {
	g, err := c.Green(ctx, sha)
	if err != nil {
		return false, "", err
	}
	return g.OK, g.String(), nil
}

// DeployedAt is when env first served digest successfully (its deployment's first success).
func (c *Client) DeployedAt(ctx context.Context, env, digest string) (time.Time, bool, error) {
	hist, err := c.History(ctx, env, 0)
	if err != nil {
		return time.Time{}, false, err
	}
	var first time.Time
	for _, r := range hist {
		if !r.Succeeded || r.Payload.Digest != digest {
			continue
		}
		sts, err := c.deploymentStatuses(ctx, r.ID)
		if err != nil {
			return time.Time{}, false, err
		}
		for _, s := range sts {
			if s.State == stateSuccess && (first.IsZero() || s.At.Before(first)) {
				first = s.At
			}
		}
	}
	return first, !first.IsZero(), nil
}

// RunningCommit is the commit env runs now ("" when nothing succeeded there).
func (c *Client) RunningCommit(ctx context.Context, env string) (string, error) {
	r, err := c.Current(ctx, env)
	if err != nil || r == nil {
		return "", err
	}
	return r.SHA, nil
}

// CommitsBetween is how many commits head is ahead of base.
func (c *Client) CommitsBetween(ctx context.Context, base, head string) (int, error) {
	cmp, err := c.compare(ctx, base, head)
	if err != nil {
		return 0, err
	}
	return cmp.GetAheadBy(), nil
}
