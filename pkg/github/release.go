package github

import (
	"context"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Releases of feature flags: a flag's share of users changing while the code that runs stays
// the same, recorded as ReleaseTask records beside the deploys.

// releasePayload is a flag release's payload.
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

// RecordRelease implements greenlight.Ledger: a deployment of task greenlight:release
// in the environment, with the flag, the shares and the image that runs; success for a step
// taken, failure for a release turned off. It never marks the environment's deploys inactive.
func (l *Ledger) RecordRelease(ctx context.Context, r runlog.ReleaseRecord, src runlog.Source) error {
	ref := src.Commit
	if ref == "" {
		ref = "main"
	}
	by := src.RequestedBy
	if by == "" {
		by = src.Author
	}
	desc := fmt.Sprintf("flag %s: %d%% → %d%%", r.Flag, r.From, r.Percent)
	rec, err := releaseKind.create(ctx, l.c, place{env: r.Env, ref: ref},
		releasePayload{Flag: r.Flag, From: r.From, Percent: r.Percent, Image: r.Image.String(), Digest: r.Image.Digest(),
			Reason: r.Reason, RunURL: l.runURL, TriggeredBy: by}, desc)
	if err != nil {
		return err
	}
	state := stateSuccess
	if r.Outcome == runlog.Failed || r.Outcome == runlog.Cancelled {
		state = stateFailure
	}
	return releaseKind.mark(ctx, l.c, rec.ID, status{state: state, logURL: l.runURL, desc: desc + ": " + r.Reason})
}
