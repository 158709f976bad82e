// Package governance is release governance as Go values in pipeline.go: freeze windows and
// allowed deploy hours (one-off ranges and recurring rules, in a time zone), and policies
// checked before every traffic move (greenlight.Policy): signer allowed, commit green, not
// frozen, approvals by N people from a group, staging soaked, change size and age, no commit
// older than what runs. Evaluate runs them all for a dry run; Calendar lists the coming windows.
//
// A policy that says "not now" (a freeze, a soak not yet done, approvals missing) holds the
// move like an approval: its error wraps greenlight.ErrAwaitingApproval. A policy that says
// "never like this" refuses, naming itself and what would satisfy it.
package governance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Clock is a time of day.
type Clock struct{ Hour, Minute int }

// At is the time of day hour:minute (24-hour clock).
func At(hour, minute int) Clock { return Clock{hour, minute} }

// String says the time of day as a person would.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

func (c Clock) valid() bool {
	return c.Hour >= 0 && c.Hour <= 24 && c.Minute >= 0 && c.Minute < 60 && (c.Hour < 24 || c.Minute == 0)
}

func (c Clock) on(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, c.Hour, c.Minute, 0, 0, loc)
}

// Which occurrence of a local time that occurs twice (the hour repeated when summer time ends)
// a window boundary is.
const (
	firstOccurrence = true  // a window's start: cron runs such a job once, the first time
	lastOccurrence  = false // a window's end: the window covers every instant showing a time in it
)

// at is the instant c on y-m-d in loc, defined for every local time (time.Date leaves the
// choice unspecified when the time is skipped or repeated by a change of offset):
//   - a time that does not exist (the hour skipped when summer time begins) is the first
//     instant that exists after it, the change itself, as cron runs a job of the skipped hour
//     as soon as the clock has jumped ("If time has moved forward, those jobs that would have
//     run in the interval that has been skipped will be run immediately": cronie's crond(8));
//   - a time that exists twice (the hour repeated when summer time ends) is its first
//     occurrence for a window's start (cron: "care is taken to avoid running jobs twice") and
//     its second for a window's end.
func (c Clock) at(y int, m time.Month, d int, loc *time.Location, first bool) time.Time {
	t := c.on(y, m, d, loc)
	want := time.Date(y, m, d, c.Hour, c.Minute, 0, 0, time.UTC) // the wall clock asked for
	wall := func(u time.Time) time.Time {
		l := u.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	}
	if got := wall(t); !got.Equal(want) {
		// Skipped: the change of offset is the zone boundary next to t.
		start, end := t.ZoneBounds()
		if got.After(want) && !start.IsZero() {
			return start
		}
		if !end.IsZero() {
			return end
		}
		return t
	}
	// Repeated: the same wall clock on the other side of a neighbouring change of offset.
	best := t
	start, end := t.In(loc).ZoneBounds()
	_, off := t.In(loc).Zone()
	for _, b := range []time.Time{start, end} {
		if b.IsZero() {
			continue
		}
		side := b
		if b.Equal(start) {
			side = b.Add(-time.Nanosecond)
		}
		_, other := side.In(loc).Zone()
		u := t.Add(time.Duration(off-other) * time.Second)
		if u.Equal(t) || !wall(u).Equal(want) {
			continue
		}
		if first && u.Before(best) || !first && u.After(best) {
			best = u
		}
	}
	return best
}

// WeekTime is a weekday and a time of day.
type WeekTime struct {
	Day   time.Weekday
	Clock Clock
}

// On is the weekday day at hour:minute.
func On(day time.Weekday, hour, minute int) WeekTime { return WeekTime{day, Clock{hour, minute}} }

// String says the time of the week as a person would.
func (w WeekTime) String() string { return w.Day.String()[:3] + " " + w.Clock.String() }

// Interval is one concrete span of a window: [Start, End).
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Why is the rule it comes from.
	Why string `json:"why"`
}

// Window is a span of time that recurs or not: a freeze, or the hours outside deploy hours.
type Window interface {
	// Intervals returns the window's intervals that overlap [from, to), read in loc.
	Intervals(from, to time.Time, loc *time.Location) []Interval
	// String describes the rule, such as "Fri 16:00 to Mon 08:00 every week".
	String() string
	validate() error
}

// Range is a one-off window from From to Until (absolute instants).
type Range struct {
	From, Until time.Time
	// Reason is shown with the window, such as "migration of the billing database".
	Reason string
}

// Intervals implements Window.
func (r Range) Intervals(from, to time.Time, _ *time.Location) []Interval {
	if r.Until.After(from) && r.From.Before(to) {
		return []Interval{{r.From, r.Until, r.String()}}
	}
	return nil
}

// String says the range as a person would.
func (r Range) String() string {
	s := r.From.Format("Mon 2 Jan 2006 15:04 MST") + " to " + r.Until.Format("Mon 2 Jan 2006 15:04 MST")
	if r.Reason != "" {
		s += " (" + r.Reason + ")"
	}
	return s
}

func (r Range) validate() error {
	if !r.Until.After(r.From) {
		return fmt.Errorf("window %s ends before it starts", r)
	}
	return nil
}

// Weekly recurs every week from From to Until, read in the policy's time zone. "Fridays from
// 16:00 to Mondays 08:00" is Weekly{From: On(time.Friday, 16, 0), Until: On(time.Monday, 8, 0)}.
// An Until not after From in the week wraps to the next week; Until equal to From is a whole week.
//
// On the days the clocks change, a From in the hour skipped when summer time begins starts the
// window at the first instant that exists (the change itself: cron runs the jobs of a skipped
// hour as soon as the clock has jumped), keeping the window's length if its Until was skipped
// too; a From in the hour repeated when summer time ends is its first occurrence, an Until
// there its second.
type Weekly struct {
	From, Until WeekTime
}

// Intervals implements Window.
func (w Weekly) Intervals(from, to time.Time, loc *time.Location) []Interval {
	days := (int(w.Until.Day) - int(w.From.Day) + 7) % 7
	if days == 0 && !after(w.Until.Clock, w.From.Clock) {
		days = 7
	}
	var out []Interval
	f := from.In(loc).AddDate(0, 0, -8)
	for d := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc); d.Before(to); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != w.From.Day {
			continue
		}
		start := w.From.Clock.at(d.Year(), d.Month(), d.Day(), loc, firstOccurrence)
		e := d.AddDate(0, 0, days)
		end := w.Until.Clock.at(e.Year(), e.Month(), e.Day(), loc, lastOccurrence)
		if !end.After(start) {
			// Both ends fell in the skipped hour: the window starts when the clock has jumped
			// and lasts as long as it does on any other day, rather than not at all.
			wallStart := time.Date(d.Year(), d.Month(), d.Day(), w.From.Clock.Hour, w.From.Clock.Minute, 0, 0, time.UTC)
			wallEnd := time.Date(e.Year(), e.Month(), e.Day(), w.Until.Clock.Hour, w.Until.Clock.Minute, 0, 0, time.UTC)
			end = start.Add(wallEnd.Sub(wallStart))
		}
		if end.After(from) && start.Before(to) {
			out = append(out, Interval{start, end, w.String()})
		}
	}
	return out
}

func after(a, b Clock) bool { return a.Hour > b.Hour || a.Hour == b.Hour && a.Minute > b.Minute }

// String says the weekly window as a person would.
func (w Weekly) String() string { return w.From.String() + " to " + w.Until.String() + " every week" }

func (w Weekly) validate() error {
	if !w.From.Clock.valid() || !w.Until.Clock.valid() || w.From.Day < time.Sunday || w.From.Day > time.Saturday || w.Until.Day < time.Sunday || w.Until.Day > time.Saturday {
		return fmt.Errorf("weekly window %s: day or time of day out of range", w)
	}
	return nil
}

// MonthDay is a day of the year.
type MonthDay struct {
	Month time.Month
	Day   int
}

// Yearly recurs every year from the start of From to the end of Until, both days included,
// read in the policy's time zone: "24 Dec to 2 Jan" is Yearly{From: MonthDay{time.December, 24},
// Until: MonthDay{time.January, 2}}. An Until before From in the year ends the next year.
type Yearly struct {
	From, Until MonthDay
	// Reason is shown with the window, such as "year-end freeze".
	Reason string
}

// Intervals implements Window.
func (y Yearly) Intervals(from, to time.Time, loc *time.Location) []Interval {
	wraps := y.Until.Month < y.From.Month || y.Until.Month == y.From.Month && y.Until.Day < y.From.Day
	var out []Interval
	for yr := from.In(loc).Year() - 1; yr <= to.In(loc).Year(); yr++ {
		start := time.Date(yr, y.From.Month, y.From.Day, 0, 0, 0, 0, loc)
		ey := yr
		if wraps {
			ey++
		}
		end := time.Date(ey, y.Until.Month, y.Until.Day+1, 0, 0, 0, 0, loc)
		if end.After(from) && start.Before(to) {
			out = append(out, Interval{start, end, y.String()})
		}
	}
	return out
}

// String says the yearly window as a person would.
func (y Yearly) String() string {
	s := fmt.Sprintf("%d %s to %d %s every year", y.From.Day, y.From.Month.String()[:3], y.Until.Day, y.Until.Month.String()[:3])
	if y.Reason != "" {
		s += " (" + y.Reason + ")"
	}
	return s
}

func (y Yearly) validate() error {
	for _, md := range []MonthDay{y.From, y.Until} {
		if md.Month < time.January || md.Month > time.December || md.Day < 1 || md.Day > 31 {
			return fmt.Errorf("yearly window %s: month or day out of range", y)
		}
	}
	return nil
}

// Hours are allowed deploy hours: moves happen only on Days between From and Until (read in
// the policy's time zone); every other time is closed. Hours{Days: Weekdays, From: At(9, 0),
// Until: At(17, 0)} allows Monday to Friday, 09:00 to 17:00.
type Hours struct {
	Days        []time.Weekday
	From, Until Clock
}

// Weekdays are Monday to Friday.
var Weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// Intervals implements Window: the closed hours.
func (h Hours) Intervals(from, to time.Time, loc *time.Location) []Interval {
	open := map[time.Weekday]bool{}
	for _, d := range h.Days {
		open[d] = true
	}
	var out []Interval
	f := from.In(loc).AddDate(0, 0, -1)
	why := "outside " + h.String()
	for d := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc); d.Before(to); d = d.AddDate(0, 0, 1) {
		next := d.AddDate(0, 0, 1)
		if !open[d.Weekday()] {
			out = append(out, Interval{d, next, why})
			continue
		}
		// The closed hours are windows: one ends when the day opens (its last occurrence), the
		// next starts when it closes (its first).
		o := h.From.at(d.Year(), d.Month(), d.Day(), loc, lastOccurrence)
		c := h.Until.at(d.Year(), d.Month(), d.Day(), loc, firstOccurrence)
		if o.After(d) {
			out = append(out, Interval{d, o, why})
		}
		if c.Before(next) {
			out = append(out, Interval{c, next, why})
		}
	}
	return clip(merge(out), from, to)
}

// String says the deploy hours as a person would.
func (h Hours) String() string {
	days := ""
	for i, d := range h.Days {
		if i > 0 {
			days += ","
		}
		days += d.String()[:3]
	}
	return "deploy hours " + days + " " + h.From.String() + "-" + h.Until.String()
}

func (h Hours) validate() error {
	if len(h.Days) == 0 || !h.From.valid() || !h.Until.valid() || !after(h.Until, h.From) {
		return fmt.Errorf("%s: need at least one day and From before Until", h)
	}
	return nil
}

// merge sorts intervals and joins those that overlap or touch, keeping the first one's Why and
// appending the others'.
func merge(in []Interval) []Interval {
	sort.Slice(in, func(i, j int) bool { return in[i].Start.Before(in[j].Start) })
	var out []Interval
	for _, iv := range in {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			if iv.Why != out[n-1].Why && !contains(out[n-1].Why, iv.Why) {
				out[n-1].Why += "; " + iv.Why
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

func contains(list, s string) bool {
	for _, item := range strings.Split(list, "; ") {
		if item == s {
			return true
		}
	}
	return false
}

func clip(in []Interval, from, to time.Time) []Interval {
	var out []Interval
	for _, iv := range in {
		if iv.End.After(from) && iv.Start.Before(to) {
			out = append(out, iv)
		}
	}
	return out
}
