package github

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Held releases: a release a policy of pkg/governance held (a freeze, deploy hours), recorded
// as a HeldTask record, and the resumptions (ResumeTask records) of `greenlight due --resume`.
// Not to be confused with a run's claim on an environment (claim.go).

// Holds keeps held releases in GitHub Deployments. It implements governance.HoldRecorder.
type Holds struct {
	c   *Client
	ref string
	// untrusted names the holds the last Latest passed over (Untrusted).
	untrusted []string
}

// Untrusted names the holds the last Latest passed over because no job holding the record
// key wrote them ("not trusted: ..."): what an attacker with a workflow's token tried.
func (s *Holds) Untrusted() []string { return s.untrusted }

// Holds returns the held releases of the repository; ref is the branch the records point at
// (the default branch, as for decisions).
func (c *Client) Holds(ref string) *Holds {
	if ref == "" {
		ref = "main"
	}
	return &Holds{c: c, ref: ref}
}

var _ governance.HoldRecorder = (*Holds)(nil)

// RecordHold implements governance.HoldRecorder: a deployment of task greenlight:held in the
// held environment, queued, whose description says until when.
func (s *Holds) RecordHold(ctx context.Context, h governance.HeldRelease) error {
	if h.Env == "" || h.Digest == "" {
		return errors.New("a held release needs its environment and digest")
	}
	if h.At.IsZero() {
		h.At = time.Now().UTC()
	}
	if len(h.Message) > 1000 {
		h.Message = truncate(h.Message, 1000)
	}
	desc := fmt.Sprintf("%s of %s held by %s", h.Move, shortDigest(h.Digest), h.Policy)
	if h.EndsByItself() {
		desc += " until " + h.Until.UTC().Format(time.RFC3339)
	}
	rec, err := heldKind.create(ctx, s.c, place{env: h.Env, ref: s.ref}, h, desc)
	if err != nil {
		return fmt.Errorf("recording the hold of %s: %w", h.Env, err)
	}
	return heldKind.mark(ctx, s.c, rec.ID, status{state: stateQueued, logURL: h.RunURL, desc: desc})
}

// Held is a recorded hold, and its resumption if one was recorded.
type Held struct {
	governance.HeldRelease
	// ID is the hold's deployment.
	ID int64
	// Resumed is the resumption that stands, if any.
	Resumed *Resumption
}

// Resumption is the record that a held release was resumed: by whom, when, and the run it
// dispatched (once known).
type Resumption struct {
	ID     int64     `json:"-"`
	Hold   int64     `json:"hold"`
	Env    string    `json:"env"`
	Digest string    `json:"digest"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	// State is the record's newest status: in_progress until the dispatch is done, success
	// (LogURL the run), or error (the dispatch failed: the resumption is void).
	State  string `json:"-"`
	LogURL string `json:"-"`
}

// maxHeldScanned bounds how many hold records Latest reads: a hold is recorded once per held
// move, so the newest of every environment is among the newest few hundred.
const maxHeldScanned = 300

// Latest returns the newest hold of every environment, by environment name, with its
// resumption if any. Records that are not well formed are skipped.
func (s *Holds) Latest(ctx context.Context) ([]Held, error) {
	s.untrusted = nil
	newest := map[string]*Held{}
	seen := 0
	err := heldKind.listed(ctx, s.c, "", func(r *Record) (bool, error) {
		seen++
		h, err := heldKind.payload(r)
		if err != nil || !wellFormed(h, r.Environment) {
			return seen >= maxHeldScanned, nil
		}
		if cur := newest[h.Env]; cur == nil || r.ID > cur.ID {
			if len(s.c.recordKey) > 0 {
				// With the record key, a hold counts only when the run that held it (holding
				// the key) recorded it: any workflow's token could write one.
				if err := s.c.statuses(ctx, r); err != nil {
					return true, err
				}
				if r.sealedState == "" {
					s.untrusted = append(s.untrusted, fmt.Sprintf("not trusted: hold %d of %s in %s by %s carries no seal of the record key, and is ignored",
						r.ID, shortDigest(h.Digest), h.Env, r.writer()))
					return seen >= maxHeldScanned, nil
				}
			}
			newest[h.Env] = &Held{HeldRelease: h, ID: r.ID}
		}
		return seen >= maxHeldScanned, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading held releases: %w", err)
	}
	out := make([]Held, 0, len(newest))
	for _, h := range newest {
		rs, err := s.resumptions(ctx, *h)
		if err != nil {
			return nil, err
		}
		if len(rs) > 0 {
			h.Resumed = &rs[0]
		}
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b Held) int { return strings.Compare(a.Env, b.Env) })
	return out, nil
}

// resumptions are the standing (not void) resumptions of h, first (lowest ID) first.
func (s *Holds) resumptions(ctx context.Context, h Held) ([]Resumption, error) {
	out, _, err := s.scanResumptions(ctx, h, 0)
	return out, err
}

// scanResumptions is resumptions, and whether a resumption of h with an ID below below was
// created in the last minute and has no status yet: a racing `greenlight due` between its
// create and its first status, which the standing ones do not show yet.
func (s *Holds) scanResumptions(ctx context.Context, h Held, below int64) ([]Resumption, bool, error) {
	var out []Resumption
	unsettled := false
	err := resumeKind.each(ctx, s.c, h.Env, func(r *Record) (bool, error) {
		p, err := resumeKind.payload(r)
		if err == nil && p.Hold == h.ID && r.ID < below && r.State == "" && r.sealedState == "" && time.Since(r.Created) < time.Minute {
			unsettled = true
		}
		if len(s.c.recordKey) > 0 {
			// With the record key, only what a `greenlight due` holding it wrote: a forged
			// resumption would stop the real one ("already resumed").
			r.State = r.sealedState
		}
		if err != nil || p.Hold != h.ID || r.State == "" || r.State == stateError || r.State == stateInactive {
			return false, nil
		}
		if !printable(p.By, 100) {
			p.By = "(unreadable)"
		}
		if !strings.HasPrefix(r.LogURL, "https://") || !printable(r.LogURL, 300) {
			r.LogURL = ""
		}
		p.ID, p.State, p.LogURL = r.ID, r.State, r.LogURL
		out = append(out, p)
		// GitHub lists newest first: once older than the hold, none can be for it.
		return r.ID < h.ID, nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("reading the resumptions of %s: %w", h.Env, err)
	}
	slices.SortFunc(out, func(a, b Resumption) int { return cmp.Compare(a.ID, b.ID) })
	return out, unsettled, nil
}

// resumeSettle is how long Resume waits, at most resumeSettleTries times, for a racing
// resumption created before its own to get its first status. A record that never gets one (a
// run that died between the two calls, or one forged without the record key) only delays.
var resumeSettle, resumeSettleTries = 250 * time.Millisecond, 12

// Resume records that by resumes h, first-wins: it writes its resumption, reads back every
// standing one for h, and returns the first (lowest ID) and whether it is this call's. Two
// racing callers both write and both read back; only one of them is first, and the other's
// record is marked inactive. The caller that is first dispatches, then calls Done.
func (s *Holds) Resume(ctx context.Context, h Held, by string, at time.Time) (Resumption, bool, error) {
	mine := Resumption{Hold: h.ID, Env: h.Env, Digest: h.Digest, By: by, At: at.UTC()}
	desc := truncate(fmt.Sprintf("resuming %s of %s (hold %d) by %s", h.Move, shortDigest(h.Digest), h.ID, by), 140)
	rec, err := resumeKind.create(ctx, s.c, place{env: h.Env, ref: s.ref}, mine, desc)
	if err != nil {
		return Resumption{}, false, fmt.Errorf("recording the resumption of %s: %w", h.Env, err)
	}
	mine.ID, mine.State = rec.ID, stateInProgress
	if err := resumeKind.mark(ctx, s.c, mine.ID, status{state: stateInProgress, desc: desc}); err != nil {
		return Resumption{}, false, fmt.Errorf("recording the resumption of %s: %w", h.Env, err)
	}
	// GitHub creates a deployment and its first status in two calls: a racing run between
	// the two is not listed as standing yet, and both would think they came first. Wait for
	// any such record created before this one.
	var all []Resumption
	for try := 0; ; try++ {
		var unsettled bool
		all, unsettled, err = s.scanResumptions(ctx, h, mine.ID)
		if err != nil {
			return Resumption{}, false, err
		}
		if !unsettled || try >= resumeSettleTries {
			break
		}
		select {
		case <-ctx.Done():
			return Resumption{}, false, ctx.Err()
		case <-time.After(resumeSettle):
		}
	}
	if len(all) == 0 {
		return Resumption{}, false, fmt.Errorf("the resumption recorded as deployment %d is not listed by GitHub", mine.ID)
	}
	if all[0].ID != mine.ID {
		resumeKind.mark(ctx, s.c, mine.ID, status{state: stateInactive, desc: fmt.Sprintf("void: resumption %d came first", all[0].ID)})
		return all[0], false, nil
	}
	return mine, true, nil
}

// Done records how the resumption r ended: the dispatched run (success), or the dispatch's
// failure (error: the resumption is void, and the next `greenlight due` tries again). The hold
// itself is marked inactive once resumed.
func (s *Holds) Done(ctx context.Context, h Held, r Resumption, runURL string, failed error) error {
	if failed != nil {
		return resumeKind.mark(ctx, s.c, r.ID, status{state: stateError, desc: "dispatch failed: " + failed.Error()})
	}
	desc := fmt.Sprintf("promote of %s dispatched by %s", shortDigest(h.Digest), r.By)
	if h.Move != greenlight.MovePromote {
		desc = fmt.Sprintf("the release held at %s of %s run again by %s", h.Move, shortDigest(h.Digest), r.By)
	}
	if err := resumeKind.mark(ctx, s.c, r.ID, status{state: stateSuccess, logURL: runURL, desc: desc}); err != nil {
		return err
	}
	return heldKind.mark(ctx, s.c, h.ID, status{state: stateInactive, desc: desc})
}

// wellFormed says whether a hold read back from GitHub (anyone with deployments: write can
// write one) is fit to act on and to print: its environment is the deployment's and a valid
// name, its digest a sha256 digest (or, for a flag's release, "flag:<name>" with a share of
// 1–100), its move a known one, its words short and printable.
func wellFormed(h governance.HeldRelease, env string) bool {
	known := false
	for _, k := range []greenlight.MoveKind{greenlight.MoveDeploy, greenlight.MoveFirstRelease, greenlight.MoveCanaryStep,
		greenlight.MovePromote, greenlight.MoveRedeploy} {
		known = known || h.Move == k && validDigest(h.Digest)
	}
	if h.Move == flagRelease {
		name, ok := strings.CutPrefix(h.Digest, "flag:")
		known = ok && validFlag(name) && h.Percent >= 1 && h.Percent <= 100
	}
	return known && h.Env == env && protocol.ValidEnvironment(h.Env) &&
		printable(h.Policy, 64) && h.Policy != "" && printable(h.Zone, 64) &&
		(h.RunURL == "" || strings.HasPrefix(h.RunURL, "https://") && printable(h.RunURL, 300))
}

// printable says whether s is at most n bytes without control characters.
func printable(s string, n int) bool {
	return len(s) <= n && strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) }) < 0
}

// flagRelease is the kind of a flag's release move (flags.MoveFlagRelease, which
// greenlight.Stage.Release makes).
const flagRelease greenlight.MoveKind = "flag-release"

// validFlag is a flag's name as pkg/flags takes one: 1 to 64 letters, digits, '-' or '_'.
func validFlag(name string) bool {
	return name != "" && len(name) <= 64 && strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == ""
}

// validDigest is sha256: and 64 lower-case hex digits.
func validDigest(d string) bool {
	hex, ok := strings.CutPrefix(d, "sha256:")
	return ok && len(hex) == 64 && strings.Trim(hex, "0123456789abcdef") == ""
}
