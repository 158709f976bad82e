package github

import (
	"context"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// originWindow is how many of the newest deploys (of every environment) Origin reads to find
// where a digest was first deployed: one page. A release waiting for approval is recent.
const originWindow = 100

// Origin implements greenlight.Ledger: the first deploy of img's digest recorded among the
// newest deploys of every environment (usually its staging deploy by the release run): its
// commit, that commit's author on GitHub, who started the release and who asked for it.
func (l *Ledger) Origin(ctx context.Context, img oci.Image) (greenlight.ReleaseOrigin, bool, error) {
	first, err := l.c.firstDeployOf(ctx, img.Digest())
	if err != nil || first == nil {
		return greenlight.ReleaseOrigin{}, false, err
	}
	o := greenlight.ReleaseOrigin{Commit: first.SHA, TriggeredBy: first.Payload.TriggeredBy, RequestedBy: first.Payload.RequestedBy}
	if o.Author, err = l.c.CommitAuthor(ctx, first.SHA); err != nil {
		return o, true, err
	}
	return o, true, nil
}

// CommitOfDigest is the commit digest was built from, as its first recorded deploy says (""
// when none of the newest deploys is of it). Feedback.CommitOf, for dispatched commands.
func (c *Client) CommitOfDigest(ctx context.Context, digest string) (string, error) {
	first, err := c.firstDeployOf(ctx, digest)
	if err != nil || first == nil {
		return "", err
	}
	return first.SHA, nil
}

// firstDeployOf is the first deploy of digest recorded among the newest deploys of every
// environment, or nil.
func (c *Client) firstDeployOf(ctx context.Context, digest string) (*Record, error) {
	var first *Record
	seen := 0
	err := deployKind.listed(ctx, c, "", func(r *Record) (bool, error) {
		seen++
		if r.Payload.Digest == digest {
			first = r // newest first: the last one met is the first recorded
		}
		return seen >= originWindow, nil
	})
	return first, err
}

// CommitAuthor is the GitHub login of sha's author ("" when GitHub links the commit to no
// account, as with an e-mail address no account has).
func (c *Client) CommitAuthor(ctx context.Context, sha string) (string, error) {
	rc, err := c.commit(ctx, sha)
	if err != nil {
		return "", fmt.Errorf("reading commit %s: %w", sha, err)
	}
	return rc.GetAuthor().GetLogin(), nil
}
