package governance

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Scheduled is a policy with closed windows: a Freeze, DeployHours. Calendar lists them.
type Scheduled interface {
	greenlight.Policy
	Closed(from, to time.Time) ([]Interval, error)
	Location() (*time.Location, error)
}

// Entry is one coming window of one environment.
type Entry struct {
	Env    string    `json:"env"`
	Policy string    `json:"policy"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Zone   string    `json:"zone"`
	Why    string    `json:"why"`
}

// Calendar lists the closed windows of every environment's scheduled policies that overlap
// [from, to), by environment then start.
func Calendar(envs []*greenlight.Environment, from, to time.Time) ([]Entry, error) {
	var out []Entry
	for _, e := range envs {
		if e == nil {
			continue
		}
		for _, p := range e.Policies {
			s, ok := p.(Scheduled)
			if !ok {
				continue
			}
			loc, err := s.Location()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", e.Name, s.Name(), err)
			}
			ivs, err := s.Closed(from, to)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", e.Name, s.Name(), err)
			}
			for _, iv := range ivs {
				out = append(out, Entry{Env: e.Name, Policy: s.Name(), Start: iv.Start.In(loc), End: iv.End.In(loc), Zone: loc.String(), Why: iv.Why})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Env != out[j].Env {
			return out[i].Env < out[j].Env
		}
		return out[i].Start.Before(out[j].Start)
	})
	return out, nil
}

// CalendarText renders entries as a table, one line per window, relative to now.
func CalendarText(entries []Entry, now time.Time) string {
	if len(entries) == 0 {
		return "no freeze windows\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %-14s %-27s %-27s %-9s %s\n", "ENV", "POLICY", "FROM", "UNTIL", "STATE", "WHY")
	for _, e := range entries {
		state := "coming"
		switch {
		case !e.Start.After(now) && e.End.After(now):
			state = "NOW"
		case !e.End.After(now):
			state = "past"
		}
		// Read back through the protocol, the times carry only their offsets: show them in the
		// policy's named zone again ("CET", not "+0100").
		start, end := e.Start, e.End
		if loc, err := location(e.Zone); err == nil && e.Zone != "" {
			start, end = start.In(loc), end.In(loc)
		}
		fmt.Fprintf(&b, "%-12s %-14s %-27s %-27s %-9s %s\n", e.Env, e.Policy, start.Format("Mon 2 Jan 2006 15:04 MST"),
			end.Format("Mon 2 Jan 2006 15:04 MST"), state, e.Why)
	}
	return b.String()
}

// Environment returns the environment named name among envs, or an error listing the names.
func Environment(envs []*greenlight.Environment, name string) (*greenlight.Environment, error) {
	var names []string
	for _, e := range envs {
		if e == nil {
			continue
		}
		if e.Name == name {
			return e, nil
		}
		names = append(names, e.Name)
	}
	return nil, fmt.Errorf("no environment %q in the pipeline: it declares %s", name, strings.Join(names, ", "))
}

// CheckEnvironment evaluates env's own policies (Environment.Policies, as pipeline.go declares
// them) on m without moving anything: what `greenlight policy check` prints.
func CheckEnvironment(ctx context.Context, env *greenlight.Environment, m greenlight.Move) []Result {
	m.Env = env.Name
	return Evaluate(ctx, env.Policies, m)
}
