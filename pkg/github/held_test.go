package github

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

func heldAt(env, digest string, until *time.Time) governance.HeldRelease {
	return governance.HeldRelease{Env: env, Digest: digest, Move: greenlight.MovePromote, Policy: "freeze", Until: until, Zone: "Europe/Berlin",
		Message: "production is frozen until …", Thread: "C0123/1733338200.000100", RunURL: "https://github.com/acme/hello/actions/runs/7"}
}

// A hold's end time is kept typed in GitHub and read back; the newest hold of each environment
// is what stands, and a record that is not a well-formed hold is skipped.
func TestHoldsKeepTheEndTimeTyped(t *testing.T) {
	_, c := fake(t, sha(1))
	ctx := context.Background()
	s := c.Holds("main")
	end := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	later := end.Add(7 * 24 * time.Hour)
	for _, h := range []governance.HeldRelease{heldAt("production", dig(1), &end), heldAt("staging", dig(2), nil), heldAt("production", dig(3), &later)} {
		if err := s.RecordHold(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	// Not acted on nor printed: a bad digest, a policy name that would write a workflow
	// command into the log, a run URL that is not https.
	injected := heldAt("production", dig(4), &end)
	injected.Policy = "freeze\n::error::owned"
	notHTTPS := heldAt("production", dig(5), &end)
	notHTTPS.RunURL = "javascript:alert(1)"
	for _, bad := range []governance.HeldRelease{heldAt("production", "sha256:nothex", &end), injected, notHTTPS} {
		if err := s.RecordHold(ctx, bad); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordHold(ctx, governance.HeldRelease{Env: "production"}); err == nil {
		t.Error("a hold without a digest was recorded")
	}
	hs, err := s.Latest(ctx)
	if err != nil || len(hs) != 2 {
		t.Fatalf("%+v %v", hs, err)
	}
	p, st := hs[0], hs[1]
	if p.Env != "production" || p.Digest != dig(3) || p.Until == nil || !p.Until.Equal(later) || p.Zone != "Europe/Berlin" || p.Thread == "" || p.Resumed != nil || !p.EndsByItself() {
		t.Errorf("production's hold: %+v", p)
	}
	if st.Env != "staging" || st.EndsByItself() {
		t.Errorf("staging's hold waits for people: %+v", st)
	}
	if got := p.When(*p.Until); got != "Mon 14 Dec 2026 08:00 CET" {
		t.Errorf("When: %s", got)
	}
}

// Racing resumptions of one hold agree on the first; a failed dispatch voids it, and the
// next resumption stands.
func TestHoldsResumeFirstWins(t *testing.T) {
	_, s, h, end := productionHold(t)
	ctx := context.Background()
	var mu sync.Mutex
	firsts, ids := 0, map[int64]bool{}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, first, err := s.Resume(ctx, h, "greenlight due (freeze ended)", end.Add(time.Minute))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
				return
			}
			ids[r.ID] = true
			if first {
				firsts++
			}
		}()
	}
	wg.Wait()
	if firsts != 1 || len(ids) != 1 {
		t.Fatalf("%d resumptions stood, %d agreed on: %v", firsts, len(ids), ids)
	}
	hs, _ := s.Latest(ctx)
	r := hs[0].Resumed
	if r == nil || !ids[r.ID] || r.By != "greenlight due (freeze ended)" {
		t.Fatalf("the standing resumption: %+v", r)
	}
	if err := s.Done(ctx, h, *r, "", context.DeadlineExceeded); err != nil {
		t.Fatal(err)
	}
	if hs, _ = s.Latest(ctx); hs[0].Resumed != nil {
		t.Fatalf("a failed dispatch still stands: %+v", hs[0].Resumed)
	}
	r2, first, err := s.Resume(ctx, h, "greenlight due (freeze ended)", end.Add(time.Hour))
	if err != nil || !first {
		t.Fatalf("the retry: %+v %t %v", r2, first, err)
	}
	if err := s.Done(ctx, h, r2, "https://github.com/acme/hello/actions/runs/9", nil); err != nil {
		t.Fatal(err)
	}
	if hs, _ = s.Latest(ctx); hs[0].Resumed == nil || hs[0].Resumed.ID != r2.ID || hs[0].Resumed.State != "success" || hs[0].Resumed.LogURL != "https://github.com/acme/hello/actions/runs/9" {
		t.Fatalf("after the dispatch: %+v", hs[0].Resumed)
	}
}

// GitHub creates a deployment and its first status in two calls. A resumption created before
// this one that has no status yet is a racing `greenlight due` between the two: Resume waits
// for it instead of taking itself for the first (both dispatched a promote before: CI saw
// TestDueRacingRunsResumeOnce dispatch twice from four racing runs).
func TestHoldsResumeWaitsForARacerBetweenCreateAndStatus(t *testing.T) {
	c, s, h, end := productionHold(t)
	ctx := context.Background()
	racer := Resumption{Hold: h.ID, Env: h.Env, Digest: h.Digest, By: "greenlight due (racer)", At: end}
	rec, err := resumeKind.create(ctx, c, place{env: h.Env, ref: "main"}, racer, "resuming (racer)")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		time.Sleep(100 * time.Millisecond) // the racer's first status comes after ours
		done <- resumeKind.mark(ctx, c, rec.ID, status{state: stateInProgress, desc: "resuming (racer)"})
	}()
	r, first, err := s.Resume(ctx, h, "greenlight due (freeze ended)", end.Add(time.Minute))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err != nil || first || r.ID != rec.ID {
		t.Fatalf("Resume beside a racer created first: %+v first=%t %v (the racer is %d)", r, first, err, rec.ID)
	}
}

// productionHold records a freeze's hold of dig(1) in production, ending Mon 7 Dec 2026 07:00
// UTC, and returns the client, its holds, the hold as read back, and the end.
func productionHold(t *testing.T) (*Client, *Holds, Held, time.Time) {
	t.Helper()
	_, c := fake(t, sha(1))
	ctx := context.Background()
	s := c.Holds("main")
	end := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	if err := s.RecordHold(ctx, heldAt("production", dig(1), &end)); err != nil {
		t.Fatal(err)
	}
	hs, err := s.Latest(ctx)
	if err != nil || len(hs) != 1 {
		t.Fatalf("%+v %v", hs, err)
	}
	return c, s, hs[0], end
}
