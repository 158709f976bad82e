package governance

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

var ctx = context.Background()

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

const digestA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func move(t *testing.T, kind greenlight.MoveKind) greenlight.Move {
	t.Helper()
	img, err := oci.NewImage("registry.example/app", digestA, "")
	if err != nil {
		t.Fatal(err)
	}
	return greenlight.Move{Kind: kind, Env: "production", Image: img, Weight: 100,
		Signature: &oci.Signature{KeyID: "key-1"},
		Source:    runlog.Source{Commit: "c0ffee0000000000000000000000000000000002", Author: "dev"}}
}

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

// standard is the freeze docs/governance.md shows: Fridays from 16:00 to Monday 08:00, and the
// year-end freeze, in Berlin time.
func standard(now time.Time) *Freeze {
	return &Freeze{Zone: "Europe/Berlin", Now: fixed(now), Windows: []Window{
		Weekly{From: On(time.Friday, 16, 0), Until: On(time.Monday, 8, 0)},
		Yearly{From: MonthDay{time.December, 24}, Until: MonthDay{time.January, 2}, Reason: "year-end"},
	}}
}

func TestFridayFreezeHoldsUntilMondayInTheZone(t *testing.T) {
	loc := berlin(t)
	now := time.Date(2026, 12, 4, 17, 30, 0, 0, loc) // Friday
	f := standard(now)
	err := f.Check(ctx, move(t, greenlight.MovePromote))
	if !errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Fatalf("a promote during the Friday freeze must hold like an approval, got %v", err)
	}
	if !strings.Contains(err.Error(), "until Mon 7 Dec 2026 08:00 CET") || !strings.Contains(err.Error(), "in 2d 14h") {
		t.Fatalf("the hold must say when the freeze ends: %v", err)
	}
	var h *HoldError
	if !errors.As(err, &h) || h.Until == nil || !h.Until.Equal(time.Date(2026, 12, 7, 8, 0, 0, 0, loc)) {
		t.Fatalf("Until = %v", h)
	}
	// 15:59 Berlin is 14:59 UTC: open. 16:00 Berlin is frozen, although it is 15:00 UTC.
	if err := standard(time.Date(2026, 12, 4, 14, 59, 0, 0, time.UTC)).Check(ctx, move(t, greenlight.MoveDeploy)); err != nil {
		t.Fatalf("Friday 15:59 Berlin is open: %v", err)
	}
	if err := standard(time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)).Check(ctx, move(t, greenlight.MoveDeploy)); err == nil {
		t.Fatal("Friday 16:00 Berlin (15:00 UTC) is frozen")
	}
	if err := standard(time.Date(2026, 12, 7, 8, 0, 0, 0, loc)).Check(ctx, move(t, greenlight.MoveDeploy)); err != nil {
		t.Fatalf("Monday 08:00 is open again: %v", err)
	}
}

func TestRollbackAndAbortAreNeverFrozen(t *testing.T) {
	f := standard(time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC))
	for _, k := range []greenlight.MoveKind{greenlight.MoveRollback, greenlight.MoveAbort} {
		if err := f.Check(ctx, move(t, k)); err != nil {
			t.Errorf("%s during a freeze: %v", k, err)
		}
	}
	for _, k := range []greenlight.MoveKind{greenlight.MoveDeploy, greenlight.MoveFirstRelease, greenlight.MoveCanaryStep, greenlight.MovePromote, greenlight.MoveRedeploy} {
		if err := f.Check(ctx, move(t, k)); !errors.Is(err, greenlight.ErrAwaitingApproval) {
			t.Errorf("%s during a freeze must hold: %v", k, err)
		}
	}
}

func TestYearEndFreezeIncludesItsLastDayAndJoinsTheWeekend(t *testing.T) {
	loc := berlin(t)
	// 24 Dec 2026 to 2 Jan 2027 inclusive ends Sun 3 Jan 00:00; but Friday 1 Jan 16:00 to Monday
	// 4 Jan 08:00 overlaps it, so the freeze really ends on Monday 08:00.
	res := standard(time.Date(2026, 12, 31, 12, 0, 0, 0, loc)).Evaluate(ctx, move(t, greenlight.MoveDeploy))
	if res.Outcome != Hold || !res.Until.Equal(time.Date(2027, 1, 4, 8, 0, 0, 0, loc)) {
		t.Fatalf("got %+v", res)
	}
	if !strings.Contains(res.Message, "year-end") || !strings.Contains(res.Message, "every week") {
		t.Fatalf("the message names both rules: %s", res.Message)
	}
	// Without the weekly rule it ends on 3 Jan 00:00 (2 Jan included).
	f := &Freeze{Zone: "Europe/Berlin", Windows: []Window{Yearly{From: MonthDay{time.December, 24}, Until: MonthDay{time.January, 2}}}}
	f.Now = fixed(time.Date(2027, 1, 2, 23, 59, 0, 0, loc))
	if r := f.Evaluate(ctx, move(t, greenlight.MoveDeploy)); r.Outcome != Hold || !r.Until.Equal(time.Date(2027, 1, 3, 0, 0, 0, 0, loc)) {
		t.Fatalf("2 Jan 23:59: %+v", r)
	}
	f.Now = fixed(time.Date(2027, 1, 3, 0, 0, 0, 0, loc))
	if r := f.Evaluate(ctx, move(t, greenlight.MoveDeploy)); r.Outcome != Allow {
		t.Fatalf("3 Jan 00:00: %+v", r)
	}
	f.Now = fixed(time.Date(2026, 12, 23, 23, 59, 0, 0, loc))
	if r := f.Evaluate(ctx, move(t, greenlight.MoveDeploy)); r.Outcome != Allow || !strings.Contains(r.Message, "next freeze Thu 24 Dec 2026 00:00 CET") {
		t.Fatalf("23 Dec 23:59: %+v", r)
	}
}

func TestWeeklyWindowAcrossTheDaylightSavingChange(t *testing.T) {
	loc := berlin(t)
	// Berlin leaves summer time on Sunday 25 Oct 2026: Friday 16:00 CEST to Monday 08:00 CET is
	// 65 hours, not 64.
	w := Weekly{From: On(time.Friday, 16, 0), Until: On(time.Monday, 8, 0)}
	ivs := w.Intervals(time.Date(2026, 10, 21, 0, 0, 0, 0, loc), time.Date(2026, 10, 28, 0, 0, 0, 0, loc), loc)
	if len(ivs) != 1 || ivs[0].End.Sub(ivs[0].Start) != 65*time.Hour || ivs[0].Start.In(loc).Hour() != 16 || ivs[0].End.In(loc).Hour() != 8 {
		t.Fatalf("got %+v", ivs)
	}
	// A same-day window, and one that wraps the whole week.
	same := Weekly{From: On(time.Wednesday, 12, 0), Until: On(time.Wednesday, 13, 0)}
	if ivs := same.Intervals(time.Date(2026, 10, 19, 0, 0, 0, 0, loc), time.Date(2026, 10, 26, 0, 0, 0, 0, loc), loc); len(ivs) != 1 || ivs[0].End.Sub(ivs[0].Start) != time.Hour {
		t.Fatalf("same day: %+v", ivs)
	}
}

func TestDeployHoursCloseNightsAndWeekends(t *testing.T) {
	loc := berlin(t)
	p := DeployHours("Europe/Berlin", Hours{Days: Weekdays, From: At(9, 0), Until: At(17, 0)})
	for _, c := range []struct {
		at    time.Time
		until time.Time
	}{
		{time.Date(2026, 12, 5, 12, 0, 0, 0, loc), time.Date(2026, 12, 7, 9, 0, 0, 0, loc)}, // Saturday
		{time.Date(2026, 12, 7, 8, 0, 0, 0, loc), time.Date(2026, 12, 7, 9, 0, 0, 0, loc)},  // Monday early
		{time.Date(2026, 12, 8, 17, 0, 0, 0, loc), time.Date(2026, 12, 9, 9, 0, 0, 0, loc)}, // Tuesday evening
		{time.Date(2026, 12, 8, 12, 0, 0, 0, loc), time.Time{}},                             // open
	} {
		p.Now = fixed(c.at)
		r := p.Evaluate(ctx, move(t, greenlight.MoveDeploy))
		if c.until.IsZero() {
			if r.Outcome != Allow {
				t.Errorf("%s: %+v", c.at, r)
			}
			continue
		}
		if r.Outcome != Hold || !r.Until.Equal(c.until) || !strings.Contains(r.Message, "outside deploy hours Mon,Tue,Wed,Thu,Fri 09:00-17:00") {
			t.Errorf("%s: %+v", c.at, r)
		}
	}
}

func TestOneOffRangeAndBadZone(t *testing.T) {
	from := time.Date(2026, 12, 10, 6, 0, 0, 0, time.UTC)
	f := &Freeze{Label: "db migration", Windows: []Window{Range{From: from, Until: from.Add(3 * time.Hour), Reason: "billing database"}}, Now: fixed(from.Add(time.Hour))}
	r := Evaluate(ctx, []greenlight.Policy{f}, move(t, greenlight.MoveDeploy))
	if r[0].Policy != "db migration" || r[0].Outcome != Hold || !strings.Contains(r[0].Message, "billing database") || !strings.Contains(r[0].Message, "in 2h 00m") {
		t.Fatalf("got %+v", r)
	}
	bad := &Freeze{Zone: "Mars/Olympus", Windows: []Window{Weekly{From: On(time.Friday, 16, 0), Until: On(time.Monday, 8, 0)}}}
	if r := bad.Evaluate(ctx, move(t, greenlight.MoveDeploy)); r.Outcome != Refuse || !strings.Contains(r.Message, "IANA") {
		t.Fatalf("an unknown zone refuses and says how to fix it: %+v", r)
	}
	inverted := &Freeze{Windows: []Window{Range{From: from, Until: from.Add(-time.Hour)}}}
	if r := inverted.Evaluate(ctx, move(t, greenlight.MoveDeploy)); r.Outcome != Refuse || !strings.Contains(r.Message, "ends before it starts") {
		t.Fatalf("got %+v", r)
	}
}

// memDecisions is approval.Decisions in memory: the first decision per env and digest stands,
// and every one is kept for ApprovalSource.
type memDecisions struct {
	mu  sync.Mutex
	all []approval.Decision
}

func (m *memDecisions) Record(_ context.Context, d approval.Decision) (approval.Decision, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.all {
		if o.Env == d.Env && o.Digest == d.Digest {
			return o, false, nil
		}
	}
	m.all = append(m.all, d)
	return d, true, nil
}

func (m *memDecisions) All(_ context.Context, env, digest string) ([]approval.Decision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []approval.Decision
	for _, o := range m.all {
		if o.Env == env && o.Digest == digest {
			out = append(out, o)
		}
	}
	return out, nil
}

func (m *memDecisions) Lookup(_ context.Context, env, digest string) (*approval.Decision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.all {
		if o.Env == env && o.Digest == digest {
			return &o, nil
		}
	}
	return nil, nil
}

func TestOverrideNeedsAnAuthorisedPersonAndAReasonAndIsAudited(t *testing.T) {
	now := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	decisions := &memDecisions{}
	f := standard(now)
	f.Overrides, f.Overriders = OverridesIn(decisions), []string{"alice"}

	if _, err := RecordOverride(ctx, decisions, "production", digestA, "alice", "  ", now); err == nil {
		t.Fatal("an override without a reason must be refused")
	}
	r := f.Evaluate(ctx, move(t, greenlight.MovePromote))
	if r.Outcome != Hold || !strings.Contains(r.Message, "or now if one of alice overrides with a reason") {
		t.Fatalf("got %+v", r)
	}
	// mallory is not an overrider: her override is recorded but does not count.
	other := &memDecisions{}
	if _, err := RecordOverride(ctx, other, "production", digestA, "mallory", "I want it", now); err != nil {
		t.Fatal(err)
	}
	g := standard(now)
	g.Overrides, g.Overriders = OverridesIn(other), []string{"alice"}
	if r := g.Evaluate(ctx, move(t, greenlight.MovePromote)); r.Outcome != Hold || !strings.Contains(r.Message, "mallory is not among the overriders") {
		t.Fatalf("got %+v", r)
	}
	// An approval of the environment itself is not an override.
	decisions.Record(ctx, approval.Decision{Approved: true, By: "alice", Env: "production", Digest: digestA, Reason: "looks good"})
	if r := f.Evaluate(ctx, move(t, greenlight.MovePromote)); r.Outcome != Hold {
		t.Fatalf("an approval must not lift a freeze: %+v", r)
	}
	if _, err := RecordOverride(ctx, decisions, "production", digestA, "alice", "hotfix for INC-42", now); err != nil {
		t.Fatal(err)
	}
	r = f.Evaluate(ctx, move(t, greenlight.MovePromote))
	if r.Outcome != Allow || r.Override == nil || r.Override.Identity != "alice" || !strings.Contains(r.Message, "overridden by alice at 2026-12-04T17:00:00Z: hotfix for INC-42") {
		t.Fatalf("got %+v", r)
	}
	if err := f.Check(ctx, move(t, greenlight.MovePromote)); err != nil {
		t.Fatal(err)
	}
	// The override is for this digest only.
	m := move(t, greenlight.MovePromote)
	m.Image, _ = oci.NewImage("registry.example/app", "sha256:"+strings.Repeat("b", 64), "")
	if err := f.Check(ctx, m); !errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Fatalf("another digest stays frozen: %v", err)
	}
	// The override is kept apart from approvals, under its own key, as a recorded decision.
	d, _ := decisions.Lookup(ctx, "production/freeze-override", digestA)
	if d == nil || d.Via != OverrideVia || d.Reason != "hotfix for INC-42" {
		t.Fatalf("audit record: %+v", d)
	}
}

func TestScheduleIsDueOnceAcrossTheDaylightSavingChange(t *testing.T) {
	days, err := ParseDays("Mon-Fri")
	if err != nil || len(days) != 5 {
		t.Fatal(days, err)
	}
	s := Schedule{At: At(9, 0), Zone: "Europe/Berlin", Days: days}
	// An hourly workflow over two weeks around the end of summer time (25 Oct 2026): due exactly
	// at 07:00 UTC before and 08:00 UTC after, on weekdays only.
	var dues []string
	for t0 := time.Date(2026, 10, 19, 0, 30, 0, 0, time.UTC); t0.Before(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)); t0 = t0.Add(time.Hour) {
		due, _, err := s.Due(t0, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if due {
			dues = append(dues, t0.Format("Mon 02 15:04"))
		}
	}
	want := "Mon 19 07:30,Tue 20 07:30,Wed 21 07:30,Thu 22 07:30,Fri 23 07:30,Mon 26 08:30,Tue 27 08:30,Wed 28 08:30,Thu 29 08:30,Fri 30 08:30"
	if got := strings.Join(dues, ","); got != want {
		t.Fatalf("due at %s\nwant %s", got, want)
	}
	if _, err := ParseDays("Mon-Funday"); err == nil {
		t.Fatal("a bad day name must be refused")
	}
	if _, err := ParseClock("9am"); err == nil {
		t.Fatal("a bad clock must be refused")
	}
	if d, _ := ParseDays("Sat-Sun"); len(d) != 2 {
		t.Fatalf("Sat-Sun wraps the week: %v", d)
	}
}

// A weekly window whose start falls in the hour skipped when summer time begins starts at the
// first instant that exists (03:00 CEST), as cron runs a job of the skipped hour as soon as
// the clock has jumped (cronie's crond(8)), instead of becoming empty or starting late; one
// whose start falls in the hour repeated when summer time ends starts at its first
// occurrence, as cron runs such a job once, the first time. An end in a repeated hour is its
// second occurrence: the window covers every instant whose local time lies in it. Berlin:
// clocks go 02:00 CET → 03:00 CEST on Sunday 29 March 2026 (01:00 UTC) and 03:00 CEST →
// 02:00 CET on Sunday 25 October 2026 (01:00 UTC). The answers are worked out by hand in UTC.
func TestWeeklyWindowStartingInASkippedOrRepeatedHour(t *testing.T) {
	loc := berlin(t)
	utc := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, time.UTC) }
	cases := []struct {
		name       string
		w          Weekly
		from, to   time.Time
		start, end time.Time
	}{
		{"spring, start and end in the skipped hour: it keeps its hour", Weekly{On(time.Sunday, 2, 0), On(time.Sunday, 3, 0)},
			utc(3, 27, 0, 0), utc(3, 30, 0, 0), utc(3, 29, 1, 0), utc(3, 29, 2, 0)},
		{"spring, start in the skipped hour", Weekly{On(time.Sunday, 2, 30), On(time.Sunday, 6, 0)},
			utc(3, 27, 0, 0), utc(3, 30, 0, 0), utc(3, 29, 1, 0), utc(3, 29, 4, 0)},
		{"spring, end in the skipped hour", Weekly{On(time.Saturday, 22, 0), On(time.Sunday, 2, 30)},
			utc(3, 27, 0, 0), utc(3, 30, 0, 0), utc(3, 28, 21, 0), utc(3, 29, 1, 0)},
		{"autumn, start in the repeated hour: its first occurrence", Weekly{On(time.Sunday, 2, 30), On(time.Sunday, 5, 0)},
			utc(10, 23, 0, 0), utc(10, 26, 0, 0), utc(10, 25, 0, 30), utc(10, 25, 4, 0)},
		{"autumn, end in the repeated hour: its second occurrence", Weekly{On(time.Saturday, 22, 0), On(time.Sunday, 2, 30)},
			utc(10, 23, 0, 0), utc(10, 26, 0, 0), utc(10, 24, 20, 0), utc(10, 25, 1, 30)},
		{"an ordinary Sunday", Weekly{On(time.Sunday, 2, 30), On(time.Sunday, 6, 0)},
			utc(4, 3, 0, 0), utc(4, 6, 0, 0), utc(4, 5, 0, 30), utc(4, 5, 4, 0)},
	}
	for _, c := range cases {
		ivs := c.w.Intervals(c.from, c.to, loc)
		if len(ivs) != 1 || !ivs[0].Start.Equal(c.start) || !ivs[0].End.Equal(c.end) {
			var got []string
			for _, iv := range ivs {
				got = append(got, iv.Start.UTC().Format(time.DateTime)+" to "+iv.End.UTC().Format(time.DateTime))
			}
			t.Errorf("%s: %s gives %v, want %s to %s UTC", c.name, c.w, got, c.start.Format(time.DateTime), c.end.Format(time.DateTime))
		}
	}
	// A freeze of the skipped hour holds a move made at 03:10 CEST that Sunday.
	f := &Freeze{Zone: "Europe/Berlin", Windows: []Window{Weekly{On(time.Sunday, 2, 0), On(time.Sunday, 3, 0)}}, Now: fixed(utc(3, 29, 1, 10))}
	if err := f.Check(ctx, move(t, greenlight.MoveDeploy)); !errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Errorf("a move at 03:10 CEST inside the shifted window: %v", err)
	}
}
