package governance

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Schedule is a release time such as "promote at 09:00 Europe/Berlin on weekdays". A scheduled
// workflow cannot say it: cron runs in UTC and the offset changes twice a year. So the workflow
// runs hourly, asks Due, and when due runs the same command a person would
// (greenlight promote --env production), through the same deploy workflow.
type Schedule struct {
	At Clock
	// Zone is the IANA time zone of At (default UTC).
	Zone string
	// Days are the weekdays it runs on (default every day).
	Days []time.Weekday
}

// Next is the first scheduled time after t.
func (s Schedule) Next(t time.Time) (time.Time, error) {
	loc, err := location(s.Zone)
	if err != nil {
		return time.Time{}, err
	}
	if !s.At.valid() || s.At.Hour == 24 {
		return time.Time{}, fmt.Errorf("schedule time %s is not a time of day", s.At)
	}
	l := t.In(loc)
	for i := 0; i <= 8; i++ {
		d := l.AddDate(0, 0, i)
		at := s.At.on(d.Year(), d.Month(), d.Day(), loc)
		if at.After(t) && (len(s.Days) == 0 || slices.Contains(s.Days, at.Weekday())) {
			return at, nil
		}
	}
	return time.Time{}, fmt.Errorf("schedule %s names no day", s)
}

// Due reports whether a scheduled time fell in (now-within, now]: a workflow that runs every
// within (such as hourly, within 1h) sees each scheduled time exactly once.
func (s Schedule) Due(now time.Time, within time.Duration) (bool, time.Time, error) {
	at, err := s.Next(now.Add(-within))
	if err != nil {
		return false, time.Time{}, err
	}
	return !at.After(now), at, nil
}

// String says the schedule as a person would.
func (s Schedule) String() string {
	zone := s.Zone
	if zone == "" {
		zone = "UTC"
	}
	out := s.At.String() + " " + zone
	if len(s.Days) > 0 {
		var ds []string
		for _, d := range s.Days {
			ds = append(ds, d.String()[:3])
		}
		out += " on " + strings.Join(ds, ",")
	}
	return out
}

// ParseClock reads "HH:MM".
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	c := Clock{hh, mm}
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || !c.valid() || hh == 24 {
		return Clock{}, fmt.Errorf("%q is not a time of day: want HH:MM such as 09:00", s)
	}
	return c, nil
}

var dayNames = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// ParseDays reads "Mon-Fri", "Sat,Sun" or "Mon,Wed-Fri" (three-letter English names).
func ParseDays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, part := range strings.Split(s, ",") {
		a, b, isRange := strings.Cut(strings.TrimSpace(part), "-")
		from, ok1 := dayNames[strings.ToLower(a)]
		to, ok2 := from, true
		if isRange {
			to, ok2 = dayNames[strings.ToLower(b)]
		}
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%q is not a day or range of days: want names such as Mon-Fri or Sat,Sun", part)
		}
		for d := from; ; d = (d + 1) % 7 {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
			if d == to {
				break
			}
		}
	}
	return out, nil
}

// HeldRelease is a move a policy held, as recorded for `greenlight due --resume`: which digest
// waits in which environment, for what move, held by which policy, and until when. Until is
// the policy's own end time (HoldError.Until, a freeze's or deploy hours' end), never read back
// out of the message; a hold without it waits for people (an approval) and only they resume it.
type HeldRelease struct {
	Env string `json:"env"`
	// Digest is what was held (SubjectOf the move): an image's digest, or "flag:<name>" for a
	// flag's release, whose Percent is the share it was going to.
	Digest  string              `json:"digest"`
	Percent int                 `json:"percent,omitempty"`
	Image   string              `json:"image,omitempty"`
	Move    greenlight.MoveKind `json:"move"`
	Policy  string              `json:"policy"`
	// Until is when the hold ends by itself; nil: it waits for people.
	Until *time.Time `json:"until,omitempty"`
	// Zone is the IANA time zone the policy reads its windows in (for messages).
	Zone string `json:"zone,omitempty"`
	// Message is what the policy said (for people; nothing parses it).
	Message string `json:"message"`
	// Thread is the release's Slack message (CHANNEL/TS), when the held run continued one.
	Thread string `json:"thread,omitempty"`
	// Explicit says the held move was a person's command (a deploy, a redeploy), not the
	// pipeline's own release: `greenlight due` runs only the release again by itself.
	Explicit bool `json:"explicit,omitempty"`
	// Commit and RunURL are the held run's.
	Commit string `json:"commit,omitempty"`
	RunURL string `json:"run_url,omitempty"`
	// At is when the hold was recorded.
	At time.Time `json:"at"`
}

// EndsByItself says whether the hold has an end time: a freeze, deploy hours, a soak. Holds
// that wait for people (approvals) do not, and `greenlight due` never resumes them.
func (h HeldRelease) EndsByItself() bool { return h.Until != nil && !h.Until.IsZero() }

// When says t in the hold's time zone, as the hold's line does: "Mon 7 Dec 2026 08:00 CET".
func (h HeldRelease) When(t time.Time) string {
	if loc, err := location(h.Zone); err == nil {
		t = t.In(loc)
	}
	return when(t)
}

// HoldRecorder keeps held releases where `greenlight due --resume` finds them (pkg/github's
// Client.Holds: GitHub Deployments of task greenlight:held).
type HoldRecorder interface {
	RecordHold(ctx context.Context, h HeldRelease) error
}

// ResumeAfter wraps a policy whose holds end by themselves (a Freeze, DeployHours) so that the
// scheduled `greenlight due --resume` resumes what it held: each hold the engine's choke point
// meets (Check) is recorded in holds with its end time, and the hold's line says that the
// scheduled run dispatches the promote once the window ends. Dry runs (Evaluate, `greenlight
// policy check`) record nothing. The wrapped policy keeps its name and its calendar.
//
// Only a held promote is resumed (the canary waiting for it gets all traffic, as a person's
// `greenlight promote` would): a held canary step or deploy says that someone must run the
// release again.
func ResumeAfter(holds HoldRecorder, p greenlight.Policy) *Resumable {
	return &Resumable{Policy: p, Holds: holds}
}

// Resumable is a policy whose timed holds are recorded for `greenlight due --resume`
// (ResumeAfter).
type Resumable struct {
	Policy greenlight.Policy
	Holds  HoldRecorder
}

type resumeKey struct{}

// resumedByDue says whether the policy checking a move runs inside ResumeAfter, so that its
// hold will be resumed by `greenlight due --resume`.
func resumedByDue(ctx context.Context) bool { return ctx.Value(resumeKey{}) != nil }

// Name implements greenlight.Policy: the wrapped policy's.
func (r *Resumable) Name() string { return policyName(r.Policy) }

// Evaluate implements Evaluator: the wrapped policy's result, worded for a scheduled resume.
func (r *Resumable) Evaluate(ctx context.Context, m greenlight.Move) Result {
	return evaluate(context.WithValue(ctx, resumeKey{}, true), r.Policy, m)
}

// Check implements greenlight.Policy: the choke point's check. A hold is recorded in Holds
// before the run ends; when that fails, the hold says so and that a person must resume it.
func (r *Resumable) Check(ctx context.Context, m greenlight.Move) error {
	res := r.Evaluate(ctx, m)
	if res.Outcome != Hold || r.Holds == nil || SubjectOf(m) == "" {
		return res.Err()
	}
	h := HeldRelease{Env: m.Env, Digest: SubjectOf(m), Move: m.Kind, Policy: res.Policy, Explicit: m.Explicit,
		Until: res.Until, Message: res.Message, Thread: m.Source.Thread, Commit: m.Source.Commit, RunURL: m.Source.RunURL, At: time.Now().UTC()}
	if !m.Image.IsZero() {
		h.Image = m.Image.String()
	} else {
		h.Percent = m.Weight
	}
	if loc, err := r.Location(); err == nil {
		h.Zone = loc.String()
	}
	if err := r.Holds.RecordHold(ctx, h); err != nil {
		res.Message += fmt.Sprintf("; recording the hold for `greenlight due` failed (%v): run `greenlight promote --env %s` after it ends", err, m.Env)
	}
	return res.Err()
}

// Closed implements Scheduled when the wrapped policy does (the calendar lists its windows).
func (r *Resumable) Closed(from, to time.Time) ([]Interval, error) {
	if s, ok := r.Policy.(Scheduled); ok {
		return s.Closed(from, to)
	}
	return nil, nil
}

// Location implements Scheduled: the wrapped policy's time zone (UTC when it has none).
func (r *Resumable) Location() (*time.Location, error) {
	if s, ok := r.Policy.(Scheduled); ok {
		return s.Location()
	}
	return time.UTC, nil
}
