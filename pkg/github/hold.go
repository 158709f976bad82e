package github

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// HoldTask is the task of the GitHub deployments that hold an environment while one run moves
// traffic there. A hold is live while its newest status is in_progress and younger than the
// hold's time to live: the holder renews it as it works, so a crashed run's hold expires.
const HoldTask = "greenlight:hold"

type holdPayload struct {
	Run string `json:"run"`
}

// Claim implements greenlight.Ledger: it records a hold on env and waits until it is the oldest
// live one, saying whom it waits for; it renews the hold every HoldTTL/4 until released.
func (l *Ledger) Claim(ctx context.Context, m greenlight.Move, log greenlight.Logger) (func(), error) {
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

// Reconcile implements greenlight.Ledger. A deployment still in progress in env whose run
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

// RecordRelease implements greenlight.Ledger: a deployment of task greenlight:release
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

// HeldTask is the task of the GitHub deployments that record a release a policy held (a
// freeze, deploy hours): governance.HeldRelease as the payload, with the hold's end time in
// its typed Until. `greenlight due --resume` reads them back; ResumeTask records that one
// was resumed.
const HeldTask = "greenlight:held"

// ResumeTask is the task of the GitHub deployments that record the resumption of a held
// release: the first one recorded for a hold (the lowest deployment ID) stands, as decisions
// do, so two `greenlight due` runs never dispatch the same promote twice.
const ResumeTask = "greenlight:resume"

// Holds keeps held releases in GitHub Deployments. It implements governance.HoldRecorder.
type Holds struct {
	c   *Client
	ref string
}

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
	d, err := s.c.createDeployment(ctx, gh.DeploymentRequest{Ref: s.ref, Task: new(HeldTask), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: h, Environment: new(h.Env), Description: new(truncate(desc, 140)), TransientEnvironment: new(true), ProductionEnvironment: new(false)})
	if err != nil {
		return fmt.Errorf("recording the hold of %s: %w", h.Env, err)
	}
	return s.c.createStatus(ctx, d.GetID(), gh.DeploymentStatusRequest{State: "queued", AutoInactive: new(false),
		LogURL: nonEmpty(h.RunURL), Description: new(truncate(desc, 140))})
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
	newest := map[string]*Held{}
	seen := 0
	err := s.c.eachListed(ctx, "", HeldTask, func(r *Record) (bool, error) {
		seen++
		var h governance.HeldRelease
		if jsonUnmarshal(r.Raw, &h) != nil || !wellFormed(h, r.Environment) {
			return seen >= maxHeldScanned, nil
		}
		if cur := newest[h.Env]; cur == nil || r.ID > cur.ID {
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
	var out []Resumption
	err := s.c.Each(ctx, h.Env, ResumeTask, func(r *Record) (bool, error) {
		var p Resumption
		if jsonUnmarshal(r.Raw, &p) != nil || p.Hold != h.ID || r.State == "error" || r.State == "inactive" {
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
		return nil, fmt.Errorf("reading the resumptions of %s: %w", h.Env, err)
	}
	slices.SortFunc(out, func(a, b Resumption) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Resume records that by resumes h, first-wins: it writes its resumption, reads back every
// standing one for h, and returns the first (lowest ID) and whether it is this call's. Two
// racing callers both write and both read back; only one of them is first, and the other's
// record is marked inactive. The caller that is first dispatches, then calls Done.
func (s *Holds) Resume(ctx context.Context, h Held, by string, at time.Time) (Resumption, bool, error) {
	mine := Resumption{Hold: h.ID, Env: h.Env, Digest: h.Digest, By: by, At: at.UTC()}
	desc := truncate(fmt.Sprintf("resuming %s of %s (hold %d) by %s", h.Move, shortDigest(h.Digest), h.ID, by), 140)
	d, err := s.c.createDeployment(ctx, gh.DeploymentRequest{Ref: s.ref, Task: new(ResumeTask), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: mine, Environment: new(h.Env), Description: new(desc), TransientEnvironment: new(true), ProductionEnvironment: new(false)})
	if err != nil {
		return Resumption{}, false, fmt.Errorf("recording the resumption of %s: %w", h.Env, err)
	}
	mine.ID, mine.State = d.GetID(), "in_progress"
	if err := s.c.createStatus(ctx, mine.ID, gh.DeploymentStatusRequest{State: "in_progress", AutoInactive: new(false), Description: new(desc)}); err != nil {
		return Resumption{}, false, fmt.Errorf("recording the resumption of %s: %w", h.Env, err)
	}
	all, err := s.resumptions(ctx, h)
	if err != nil {
		return Resumption{}, false, err
	}
	if len(all) == 0 {
		return Resumption{}, false, fmt.Errorf("the resumption recorded as deployment %d is not listed by GitHub", mine.ID)
	}
	if all[0].ID != mine.ID {
		s.c.createStatus(ctx, mine.ID, gh.DeploymentStatusRequest{State: "inactive", AutoInactive: new(false),
			Description: new(fmt.Sprintf("void: resumption %d came first", all[0].ID))})
		return all[0], false, nil
	}
	return mine, true, nil
}

// Done records how the resumption r ended: the dispatched run (success), or the dispatch's
// failure (error: the resumption is void, and the next `greenlight due` tries again). The hold
// itself is marked inactive once resumed.
func (s *Holds) Done(ctx context.Context, h Held, r Resumption, runURL string, failed error) error {
	if failed != nil {
		return s.c.createStatus(ctx, r.ID, gh.DeploymentStatusRequest{State: "error", AutoInactive: new(false),
			Description: new(truncate("dispatch failed: "+failed.Error(), 140))})
	}
	desc := truncate(fmt.Sprintf("promote of %s dispatched by %s", shortDigest(h.Digest), r.By), 140)
	if err := s.c.createStatus(ctx, r.ID, gh.DeploymentStatusRequest{State: "success", AutoInactive: new(false),
		LogURL: nonEmpty(runURL), Description: new(desc)}); err != nil {
		return err
	}
	return s.c.createStatus(ctx, h.ID, gh.DeploymentStatusRequest{State: "inactive", AutoInactive: new(false), Description: new(desc)})
}

// Waiting is what waits for promotion in env: its newest deploy when that is still in
// progress (the canary a promote completes), else nil and the newest deploy (or nil).
func (c *Client) Waiting(ctx context.Context, env string) (waiting, newest *Record, err error) {
	hist, err := c.History(ctx, env, 1)
	if err != nil || len(hist) == 0 {
		return nil, nil, err
	}
	if hist[0].State == "in_progress" {
		return hist[0], hist[0], nil
	}
	return nil, hist[0], nil
}

// wellFormed says whether a hold read back from GitHub (anyone with deployments: write can
// write one) is fit to act on and to print: its environment is the deployment's and a valid
// name, its digest a sha256 digest, its move a known one, its words short and printable.
func wellFormed(h governance.HeldRelease, env string) bool {
	known := false
	for _, k := range []greenlight.MoveKind{greenlight.MoveDeploy, greenlight.MoveFirstRelease, greenlight.MoveCanaryStep,
		greenlight.MovePromote, greenlight.MoveRedeploy} {
		known = known || h.Move == k
	}
	return known && h.Env == env && protocol.ValidEnvironment(h.Env) && validDigest(h.Digest) &&
		printable(h.Policy, 64) && h.Policy != "" && printable(h.Zone, 64) &&
		(h.RunURL == "" || strings.HasPrefix(h.RunURL, "https://") && printable(h.RunURL, 300))
}

// printable says whether s is at most n bytes without control characters.
func printable(s string, n int) bool {
	return len(s) <= n && strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) }) < 0
}

// validDigest is sha256: and 64 lower-case hex digits.
func validDigest(d string) bool {
	hex, ok := strings.CutPrefix(d, "sha256:")
	return ok && len(hex) == 64 && strings.Trim(hex, "0123456789abcdef") == ""
}
