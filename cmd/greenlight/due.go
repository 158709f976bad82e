package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/governance"
)

func init() {
	register(&command{
		name:    "due",
		summary: "say whether a scheduled release time (in a time zone) fell within the last run interval: due=true|false, also as a step output",
		usage:   "greenlight due --at HH:MM [--zone ZONE] [--days Mon-Fri] [--within 1h]",
		example: "greenlight due --at 09:00 --zone Europe/Berlin --days Mon-Fri --within 1h   # in an hourly scheduled workflow",
		run:     runDue,
	})
}

// dueNow is the clock of `greenlight due` (tests set it).
var dueNow = time.Now

func runDue(ctx context.Context, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int {
	at := fs.String("at", "", "the release time of day, HH:MM")
	zone := fs.String("zone", "UTC", "the IANA time zone of --at, such as Europe/Berlin")
	days := fs.String("days", "", "the days it runs on, such as Mon-Fri (default every day)")
	within := fs.Duration("within", time.Hour, "how often the scheduled workflow runs: a time in the last interval is due")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	clock, err := governance.ParseClock(*at)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight due: --at: %v\n", err)
		return 2
	}
	s := governance.Schedule{At: clock, Zone: *zone}
	if *days != "" {
		if s.Days, err = governance.ParseDays(*days); err != nil {
			fmt.Fprintf(stderr, "greenlight due: --days: %v\n", err)
			return 2
		}
	}
	if *within <= 0 || *within > 7*24*time.Hour {
		fmt.Fprintln(stderr, "greenlight due: --within must be between 1s and 168h")
		return 2
	}
	due, when, err := s.Due(dueNow(), *within)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight due: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "due=%t\n", due)
	if due {
		fmt.Fprintf(stderr, "scheduled %s: due (%s)\n", s, when.Format("Mon 2 Jan 15:04 MST"))
	} else if next, err := s.Next(dueNow()); err == nil {
		fmt.Fprintf(stderr, "scheduled %s: not due; next %s\n", s, next.Format("Mon 2 Jan 15:04 MST"))
	}
	if out := os.Getenv("GITHUB_OUTPUT"); out != "" {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight due: $GITHUB_OUTPUT: %v\n", err)
			return 1
		}
		defer f.Close()
		if _, err := fmt.Fprintf(f, "due=%t\n", due); err != nil {
			fmt.Fprintf(stderr, "greenlight due: $GITHUB_OUTPUT: %v\n", err)
			return 1
		}
	}
	return 0
}
