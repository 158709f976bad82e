package github

import (
	"context"
	"fmt"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Releases is how the engine finds what the deploy workflow's commands name (rollback ENV
// [REF], deploy ENV REF, promote ENV) among the deploys GitHub recorded: pass it with
// greenlight.WithCommands. The engine runs the commands and verifies every image again before
// it takes traffic; nothing is rebuilt.
func (c *Client) Releases() greenlight.Releases { return releases{c} }

type releases struct{ c *Client }

// RollbackTarget implements greenlight.Releases.
func (r releases) RollbackTarget(ctx context.Context, env, ref string) (greenlight.Release, error) {
	rec, served, untrusted, err := r.c.RollbackTarget(ctx, env, ref)
	if err != nil {
		return greenlight.Release{Untrusted: untrusted}, err
	}
	rel, err := release(rec)
	rel.Served, rel.Untrusted = served, untrusted
	return rel, err
}

// Find implements greenlight.Releases: every environment's successful deploys are looked
// through for ref, a digest, a commit (7+ hex digits) or a ref name.
func (r releases) Find(ctx context.Context, ref string) (greenlight.Release, error) {
	hist, err := r.c.History(ctx, "", 0)
	if err != nil {
		return greenlight.Release{}, err
	}
	for _, rec := range hist {
		// With the record key, only a release Greenlight recorded serving somewhere: any
		// workflow's token may write a success that maps a commit or a ref to an image of its
		// choosing (TestADeployByCommitFindsOnlyWhatGreenlightRecorded).
		trusted := rec.Served || len(r.c.recordKey) == 0
		if rec.Succeeded && trusted && rec.Payload.Image != "" && (rec.Payload.Digest == ref || (len(ref) >= 7 && strings.HasPrefix(rec.SHA, ref)) || rec.Ref == ref) {
			return release(rec)
		}
	}
	return greenlight.Release{}, fmt.Errorf("no successful deployment of %q in any environment: deploy takes an image that passed somewhere first (a digest, a commit of 7+ hex digits, or a ref)", ref)
}

// AwaitingPromotion implements greenlight.Releases: the digest of the newest deploy still in
// progress among env's five newest (the canary a run left waiting for its approval).
func (r releases) AwaitingPromotion(ctx context.Context, env string) (string, error) {
	hist, err := r.c.History(ctx, env, 5)
	if err != nil {
		return "", err
	}
	for _, rec := range hist {
		if rec.State == "in_progress" {
			return rec.Payload.Digest, nil
		}
	}
	return "", nil
}

func release(rec *Record) (greenlight.Release, error) {
	img, err := oci.ParseImage(rec.Payload.Image)
	if err != nil {
		return greenlight.Release{}, fmt.Errorf("deployment %d records no usable image (%q): %v", rec.ID, rec.Payload.Image, err)
	}
	return greenlight.Release{Record: fmt.Sprintf("deployment %d", rec.ID), Image: img, Env: rec.Environment, Commit: rec.SHA}, nil
}
