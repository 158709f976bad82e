package governance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
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
