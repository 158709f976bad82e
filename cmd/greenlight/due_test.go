package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	ghclient "github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// heldRepo is a repository in the fake GitHub where a canary of digest waits in production
// and a policy wrapped by governance.ResumeAfter held its promote (Check, as the engine's
// choke point calls it); the policy's message is returned.
type heldRepo struct {
	f      *githubfake.Server
	c      *ghclient.Client
	commit string
	now    time.Time // the clock of `greenlight due` (dueAt)
}

const (
	dueDigestA = "sha256:4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c"
	dueDigestB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	dueThread  = "C0123ABCD/1733338200.000100"
)

func newHeldRepo(t *testing.T) *heldRepo {
	t.Helper()
	commit := strings.Repeat("a", 40)
	f := githubfake.New(commit)
	t.Cleanup(f.Close)
	f.Token("ghs_due", githubfake.AllPermissions)
	// Dispatches are checked against the inputs the deploy workflow declares, as GitHub does.
	wf, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "deploy-example.yml")) // go test runs in the package folder
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Workflow("deploy.yml", wf); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_TOKEN", "ghs_due")
	c, err := ghclient.New("ghs_due", "acme/hello", ghclient.WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	return &heldRepo{f: f, c: c, commit: commit}
}

// canary records that digest's canary waits for promotion in production.
func (r *heldRepo) canary(t *testing.T, digest string) {
	t.Helper()
	if _, err := r.c.Begin(context.Background(), "production", r.commit, "main",
		ghclient.Payload{Image: "ghcr.io/acme/hello@" + digest, Digest: digest, Strategy: "canary"}, true); err != nil {
		t.Fatal(err)
	}
}

// hold has p, wrapped by ResumeAfter, check a promote of digest in production.
func (r *heldRepo) hold(t *testing.T, p greenlight.Policy, digest string) string {
	t.Helper()
	img, err := oci.NewImage("ghcr.io/acme/hello", digest, "")
	if err != nil {
		t.Fatal(err)
	}
	err = governance.ResumeAfter(r.c.Holds("main"), p).Check(context.Background(), greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Image: img,
		Source: runlog.Source{Commit: r.commit, Thread: dueThread, RunURL: "https://github.com/acme/hello/actions/runs/7"}})
	if !errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Fatalf("the policy did not hold: %v", err)
	}
	return err.Error()
}

// frozenRelease is a repository where the weekend freeze held the promote of dueDigestA's
// canary.
func frozenRelease(t *testing.T) *heldRepo {
	t.Helper()
	r := newHeldRepo(t)
	r.canary(t, dueDigestA)
	r.hold(t, weekendFreeze(), dueDigestA)
	return r
}

func (r *heldRepo) dispatches() []githubfake.Dispatch {
	return r.f.Dispatches
}

// weekendFreeze is production's Friday 16:00 to Monday 08:00 Berlin freeze, checked on
// Friday 4 Dec 2026 19:30 CET: it ends Monday 7 Dec 2026 08:00 CET (07:00 UTC).
func weekendFreeze() *governance.Freeze {
	friday := time.Date(2026, 12, 4, 18, 30, 0, 0, time.UTC)
	return &governance.Freeze{Zone: "Europe/Berlin",
		Windows: []governance.Window{governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)}},
		Now:     func() time.Time { return friday }}
}

// dueAt sets the clock of r's `greenlight due` runs (dueResume, due).
func dueAt(r *heldRepo, at time.Time) { r.now = at }

// due runs the CLI with r's clock.
func (r *heldRepo) due(args ...string) (int, string, string) {
	e := newEnv(nil, nil)
	e.now = func() time.Time { return r.now }
	return runIn(e, args...)
}

var (
	sundayNight   = time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)
	mondayMorning = time.Date(2026, 12, 7, 7, 30, 0, 0, time.UTC) // 08:30 CET
)

func dueResume(t *testing.T, r *heldRepo) (int, string, string) {
	t.Helper()
	return r.due("due", "--resume", "--repo", "acme/hello", "--api", r.f.URL)
}

// The freeze ended: the scheduled due dispatches the promote a person would, once, with who
// asked and the release's thread; a second run dispatches nothing.
func TestDueResumesAPromoteHeldByAFreezeOnceItEnds(t *testing.T) {
	r := newHeldRepo(t)
	r.canary(t, dueDigestA)
	msg := r.hold(t, weekendFreeze(), dueDigestA)
	if want := "the scheduled `greenlight due --resume` resumes it after the freeze ends (Mon 7 Dec 2026 08:00 CET)"; !strings.Contains(msg, want) {
		t.Errorf("the hold's line does not say what resumes it:\n%s\nwant %q", msg, want)
	}
	dueAt(r, mondayMorning)
	code, out, errs := dueResume(t, r)
	if code != 0 || !strings.Contains(out, "production: freeze ended Mon 7 Dec 2026 08:00 CET: promote of sha256:4f0c4f0c4f0c dispatched: https://github.com/acme/hello/actions/runs/") {
		t.Fatalf("due --resume: %d\n%s\n%s", code, out, errs)
	}
	ds := r.dispatches()
	if len(ds) != 1 {
		t.Fatalf("dispatches %+v", ds)
	}
	in := ds[0].Inputs
	if ds[0].Workflow != "deploy.yml" || ds[0].Ref != "main" || in["command"] != "promote" || in["environment"] != "production" ||
		in["requested_by"] != "greenlight due (freeze ended)" || in["thread"] != dueThread || in["ref"] != nil {
		t.Errorf("dispatched %+v", ds[0])
	}
	code, out, errs = dueResume(t, r)
	if code != 0 || !strings.Contains(out, "production: promote of sha256:4f0c4f0c4f0c was resumed by greenlight due (freeze ended)") || len(r.dispatches()) != 1 {
		t.Fatalf("a second due: %d\n%s\n%s\n%+v", code, out, errs, r.dispatches())
	}
}

// Two scheduled runs racing dispatch one promote between them.
func TestDueRacingRunsResumeOnce(t *testing.T) {
	r := frozenRelease(t)
	dueAt(r, mondayMorning)
	var wg sync.WaitGroup
	outs := make([]string, 4)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out, errs := dueResume(t, r)
			outs[i] = fmt.Sprintf("%d %s %s", code, out, errs)
		}()
	}
	wg.Wait()
	if n := len(r.dispatches()); n != 1 {
		t.Fatalf("%d dispatches from %d racing runs:\n%s", n, len(outs), strings.Join(outs, "\n"))
	}
}

// Before the freeze ends, due says until when and dispatches nothing.
func TestDueLeavesAFreezeThatHasNotEnded(t *testing.T) {
	r := frozenRelease(t)
	dueAt(r, sundayNight)
	code, out, errs := dueResume(t, r)
	if code != 0 || out != "production: promote of sha256:4f0c4f0c4f0c is held by freeze until Mon 7 Dec 2026 08:00 CET (in 9h 00m); nothing dispatched\n" || len(r.dispatches()) != 0 {
		t.Fatalf("%d\n%s\n%s\n%+v", code, out, errs, r.dispatches())
	}
}

// approvalWait holds like an approval: no end time.
type approvalWait struct{}

func (approvalWait) Name() string { return "approvals" }
func (approvalWait) Check(context.Context, greenlight.Move) error {
	return fmt.Errorf("1 of 2 approvals from sre: %w", greenlight.ErrAwaitingApproval)
}

// A hold that waits for people is resumed by their approval, never by due.
func TestDueNeverResumesAnApprovalWait(t *testing.T) {
	r := newHeldRepo(t)
	r.canary(t, dueDigestA)
	r.hold(t, approvalWait{}, dueDigestA)
	dueAt(r, mondayMorning.AddDate(0, 1, 0))
	code, out, errs := dueResume(t, r)
	if code != 0 || !strings.Contains(out, "production: promote of sha256:4f0c4f0c4f0c waits for people (approvals): their approval resumes it, not due") || len(r.dispatches()) != 0 {
		t.Fatalf("%d\n%s\n%s\n%+v", code, out, errs, r.dispatches())
	}
}

// A newer canary waits now: the held digest is superseded and not promoted.
func TestDueDoesNotResumeASupersededDigest(t *testing.T) {
	r := frozenRelease(t)
	r.canary(t, dueDigestB)
	dueAt(r, mondayMorning)
	code, out, errs := dueResume(t, r)
	if code != 0 || !strings.Contains(out, "production: sha256:bbbbbbbbbbbb waits there now, not sha256:4f0c4f0c4f0c (superseded); nothing dispatched") || len(r.dispatches()) != 0 {
		t.Fatalf("%d\n%s\n%s\n%+v", code, out, errs, r.dispatches())
	}
}

// Without --at or --resume, due says what to give.
func TestDueNeedsAtOrResume(t *testing.T) {
	if code, _, errs := runCLI("due"); code != 2 || !strings.Contains(errs, "--resume") {
		t.Fatalf("%d %s", code, errs)
	}
}

// The freeze was extended after the hold: the dispatched promote meets the freeze again at the
// engine's choke point, holds again and records the new end; due waits for that one.
func TestDueWaitsForAnExtendedFreezeThroughTheNewHold(t *testing.T) {
	r := frozenRelease(t)
	dueAt(r, mondayMorning)
	if code, out, errs := dueResume(t, r); code != 0 || len(r.dispatches()) != 1 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	extended := &governance.Freeze{Zone: "Europe/Berlin", Now: func() time.Time { return mondayMorning },
		Windows: []governance.Window{governance.Range{From: time.Date(2026, 12, 4, 16, 0, 0, 0, berlin), Until: time.Date(2026, 12, 14, 8, 0, 0, 0, berlin), Reason: "incident review"}}}
	msg := r.hold(t, extended, dueDigestA) // the dispatched promote's run
	if !strings.Contains(msg, "resumes it after the freeze ends (Mon 14 Dec 2026 08:00 CET)") {
		t.Fatalf("the new hold: %s", msg)
	}
	code, out, errs := dueResume(t, r)
	if code != 0 || !strings.Contains(out, "is held by freeze until Mon 14 Dec 2026 08:00 CET") || len(r.dispatches()) != 1 {
		t.Fatalf("%d\n%s\n%s\n%+v", code, out, errs, r.dispatches())
	}
	dueAt(r, mondayMorning.AddDate(0, 0, 7))
	if code, out, errs := dueResume(t, r); code != 0 || !strings.Contains(out, "freeze ended Mon 14 Dec 2026 08:00 CET: promote of sha256:4f0c4f0c4f0c dispatched") || len(r.dispatches()) != 2 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
}

// A failed dispatch voids the resumption: the next due tries again.
func TestDueRetriesAFailedDispatch(t *testing.T) {
	r := frozenRelease(t)
	dueAt(r, mondayMorning)
	code, out, errs := r.due("due", "--resume", "--repo", "acme/hello", "--api", r.f.URL, "--workflow", "missing.yml")
	if code != 1 || !strings.Contains(out, "production: dispatching the promote of sha256:4f0c4f0c4f0c failed (the next due tries again)") || len(r.dispatches()) != 0 {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := dueResume(t, r); code != 0 || len(r.dispatches()) != 1 {
		t.Fatalf("the retry: %d\n%s\n%s", code, out, errs)
	}
}

// A held canary step is not a promote: due says who must resume it and dispatches nothing.
// A freeze that stopped the release before its canary (no canary waits to be promoted) is
// resumed by running the release again, once: promoting would skip the analysis.
func TestDueRunsTheReleaseAgainAfterAHeldCanaryStep(t *testing.T) {
	r := newHeldRepo(t)
	img, _ := oci.NewImage("ghcr.io/acme/hello", dueDigestA, "")
	err := governance.ResumeAfter(r.c.Holds("main"), weekendFreeze()).Check(context.Background(),
		greenlight.Move{Kind: greenlight.MoveCanaryStep, Env: "production", Image: img, Weight: 10, Source: runlog.Source{RunURL: "https://github.com/acme/hello/actions/runs/7"}})
	if !errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Fatalf("hold: %v", err)
	}
	dueAt(r, mondayMorning)
	code, out, errs := dueResume(t, r)
	ds := r.dispatches()
	if code != 0 || !strings.Contains(out, "production: freeze ended Mon 7 Dec 2026 08:00 CET: the release held at canary-step of sha256:4f0c4f0c4f0c runs again") ||
		len(ds) != 1 || ds[0].Inputs["command"] != "run" || ds[0].Inputs["environment"] != nil && ds[0].Inputs["environment"] != "" || !strings.Contains(fmt.Sprint(ds[0].Inputs["requested_by"]), "greenlight due") {
		t.Fatalf("%d %+v\n%s\n%s", code, ds, out, errs)
	}
	if code, out, _ := dueResume(t, r); code != 0 || len(r.dispatches()) != 1 || !strings.Contains(out, "was resumed by greenlight due") {
		t.Fatalf("a second due dispatched again: %d %+v\n%s", code, r.dispatches(), out)
	}
}

// A person's own command held by a freeze (a deploy of a chosen digest) is theirs to run
// again: due never replaces it with a release of the newest commit.
func TestDueLeavesAPersonsHeldCommandToThem(t *testing.T) {
	r := newHeldRepo(t)
	img, _ := oci.NewImage("ghcr.io/acme/hello", dueDigestA, "")
	err := governance.ResumeAfter(r.c.Holds("main"), weekendFreeze()).Check(context.Background(),
		greenlight.Move{Kind: greenlight.MoveDeploy, Env: "production", Image: img, Weight: 100, Explicit: true, Source: runlog.Source{RunURL: "https://github.com/acme/hello/actions/runs/8"}})
	if !errors.Is(err, greenlight.ErrAwaitingApproval) || !strings.Contains(err.Error(), "only if someone runs it again then") {
		t.Fatalf("hold: %v", err)
	}
	dueAt(r, mondayMorning)
	code, out, errs := dueResume(t, r)
	if code != 0 || !strings.Contains(out, "was a person's command held by freeze: whoever asked runs it again") || len(r.dispatches()) != 0 {
		t.Fatalf("%d %+v\n%s\n%s", code, r.dispatches(), out, errs)
	}
}
