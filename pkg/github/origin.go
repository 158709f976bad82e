package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

var _ greenlight.Origins = (*Ledger)(nil)

// originWindow is how many of the newest deploys (of every environment) Origin reads to find
// where a digest was first deployed: one page. A release waiting for approval is recent.
const originWindow = 100

// Origin implements greenlight.Origins: the first deploy of img's digest recorded among the
// newest deploys of every environment (usually its staging deploy by the release run): its
// commit, that commit's author on GitHub, who started the release and who asked for it.
func (l *Ledger) Origin(ctx context.Context, img greenlight.Image) (greenlight.ReleaseOrigin, bool, error) {
	var first *Record
	seen := 0
	err := l.c.eachListed(ctx, "", "deploy", func(r *Record) (bool, error) {
		seen++
		if r.Payload.Digest == img.Digest() {
			first = r // newest first: the last one met is the first recorded
		}
		return seen >= originWindow, nil
	})
	if err != nil {
		return greenlight.ReleaseOrigin{}, false, err
	}
	if first == nil {
		return greenlight.ReleaseOrigin{}, false, nil
	}
	o := greenlight.ReleaseOrigin{Commit: first.SHA, TriggeredBy: first.Payload.TriggeredBy, RequestedBy: first.Payload.RequestedBy}
	if o.Author, err = l.c.CommitAuthor(ctx, first.SHA); err != nil {
		return o, true, err
	}
	return o, true, nil
}

// CommitAuthor is the GitHub login of sha's author ("" when GitHub links the commit to no
// account, as with an e-mail address no account has).
func (c *Client) CommitAuthor(ctx context.Context, sha string) (string, error) {
	var rc *gh.RepositoryCommit
	err := c.call(ctx, "reading a commit", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		rc, resp, err = c.gh.Repositories.GetCommit(ctx, c.owner, c.repo, sha, &gh.ListOptions{PerPage: 1})
		return resp, err
	})
	if err != nil {
		return "", fmt.Errorf("reading commit %s: %w", sha, err)
	}
	return rc.GetAuthor().GetLogin(), nil
}
