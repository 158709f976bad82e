package governance_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// recorder keeps held releases in memory.
type recorder struct {
	mu   sync.Mutex
	held []governance.HeldRelease
	err  error
}

func (r *recorder) RecordHold(_ context.Context, h governance.HeldRelease) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.held = append(r.held, h)
	return nil
}

func weekend(now time.Time) *governance.Freeze {
	return &governance.Freeze{Zone: "Europe/Berlin", Now: func() time.Time { return now },
		Windows: []governance.Window{governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)}}}
}

// Through the engine: the promote of the canary waiting in production is held by the freeze,
// the hold is recorded with its typed end time for `greenlight due --resume`, and the hold's
// line says that the scheduled run resumes it. A dry run records nothing.
func TestResumeAfterRecordsTheEnginesHoldWithItsEndTime(t *testing.T) {
	friday := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	rec := &recorder{}
	pol := governance.ResumeAfter(rec, weekend(friday))
	img, _ := oci.NewImage("registry.example/app", digest, "")
	prodTarget := &memTarget{canary: &greenlight.Revision{ID: "canary", Image: img}, weight: 10}
	production := &greenlight.Environment{Name: "production", Target: prodTarget, Policies: []greenlight.Policy{pol}}
	src := runlog.Source{Commit: "c0ffee", Author: "dev", Thread: "C0123/1733338200.000100", RunURL: "https://github.com/acme/app/actions/runs/7"}
	rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Promote(p.Sign(img, signer{"key-1"}), production)
	}, greenlight.WithEnvironments(production), greenlight.WithSource(src))
	if rep.Status != runlog.Skipped || prodTarget.serving() != "" {
		t.Fatalf("status %s: %s", rep.Status, rep.Error)
	}
	want := "the scheduled `greenlight due --resume` resumes it after the freeze ends (Mon 7 Dec 2026 08:00 CET)"
	if !strings.Contains(rep.Error+rep.Moves[len(rep.Moves)-1].Detail, want) {
		t.Errorf("the hold does not say what resumes it: %s %+v", rep.Error, rep.Moves)
	}
	if len(rec.held) != 1 {
		t.Fatalf("recorded %+v", rec.held)
	}
	h := rec.held[0]
	if h.Env != "production" || h.Digest != digest || h.Move != greenlight.MovePromote || h.Policy != "freeze" || h.Zone != "Europe/Berlin" ||
		h.Thread != src.Thread || h.RunURL != src.RunURL || h.Until == nil || !h.Until.Equal(time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("recorded %+v", h)
	}
	// A dry run (policy check) records nothing, and the calendar still sees the freeze.
	governance.Evaluate(context.Background(), production.Policies, greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Image: img})
	if len(rec.held) != 1 {
		t.Errorf("a dry run recorded a hold: %+v", rec.held)
	}
	cal, err := governance.Calendar([]*greenlight.Environment{production}, friday, friday.AddDate(0, 0, 8))
	if err != nil || len(cal) != 2 || cal[0].Policy != "freeze" {
		t.Errorf("calendar through ResumeAfter: %+v %v", cal, err)
	}
	// When recording fails, the hold says that a person must resume it.
	rec.err = errors.New("GitHub is down")
	err = pol.Check(context.Background(), greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Image: img})
	if !errors.Is(err, greenlight.ErrAwaitingApproval) || !strings.Contains(err.Error(), "recording the hold for `greenlight due` failed (GitHub is down): run `greenlight promote --env production` after it ends") {
		t.Errorf("failed record: %v", err)
	}
}

// Without ResumeAfter nothing resumes a held release by itself, and the line says so; with it,
// the scheduled run promotes a held promote and runs a release held before its canary again; a
// person's own command held by a freeze is theirs to run again.
func TestAFreezeSaysWhoMustResumeTheRelease(t *testing.T) {
	friday := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	img, _ := oci.NewImage("registry.example/app", digest, "")
	const (
		person   = "the release resumes when the freeze ends only if someone runs `greenlight promote --env production` then (Mon 7 Dec 2026 08:00 CET)"
		again    = "the release resumes when the freeze ends only if someone runs it again then (Mon 7 Dec 2026 08:00 CET)"
		schedule = "the scheduled `greenlight due --resume` resumes it after the freeze ends (Mon 7 Dec 2026 08:00 CET)"
		rerun    = "the scheduled `greenlight due --resume` runs the release again after the freeze ends (Mon 7 Dec 2026 08:00 CET)"
	)
	for _, tc := range []struct {
		kind     greenlight.MoveKind
		resumed  bool
		explicit bool
		want     string
	}{
		{greenlight.MovePromote, false, false, person},
		{greenlight.MovePromote, true, false, schedule},
		{greenlight.MoveCanaryStep, false, false, again},
		{greenlight.MoveCanaryStep, true, false, rerun},
		{greenlight.MoveFirstRelease, true, false, rerun},
		{greenlight.MoveDeploy, true, true, again}, // a person's deploy command: they run it again
	} {
		var p greenlight.Policy = weekend(friday)
		if tc.resumed {
			p = governance.ResumeAfter(&recorder{}, p)
		}
		err := p.Check(context.Background(), greenlight.Move{Kind: tc.kind, Env: "production", Image: img, Explicit: tc.explicit})
		if err == nil || !strings.HasSuffix(err.Error(), "; "+tc.want) {
			t.Errorf("%s (ResumeAfter %t): %v\nwant it to end %q", tc.kind, tc.resumed, err, tc.want)
		}
	}
}
