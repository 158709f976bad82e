package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

func runDue(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	at := fs.String("at", "", "the release time of day, HH:MM")
	zone := fs.String("zone", "UTC", "the IANA time zone of --at, such as Europe/Berlin")
	days := fs.String("days", "", "the days it runs on, such as Mon-Fri (default every day)")
	within := fs.Duration("within", time.Hour, "how often the scheduled workflow runs: a time in the last interval is due")
	resume := fs.Bool("resume", false, "also dispatch the promote of each release a freeze (or deploy hours) held, once its hold has ended (needs GITHUB_TOKEN with deployments: write, actions: write)")
	repo := fs.String("repo", os.Getenv("GITHUB_REPOSITORY"), "with --resume: repository owner/name (default $GITHUB_REPOSITORY)")
	workflow := fs.String("workflow", "deploy.yml", "with --resume: the deploy workflow's file name in .github/workflows")
	ref := fs.String("ref", "", "with --resume: the branch the deploy workflow runs on, where holds are recorded (default: the repository's default branch, as GitHub says)")
	api := fs.String("api", os.Getenv("GITHUB_API_URL"), "GitHub API URL (default api.github.com)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *at == "" && !*resume {
		fmt.Fprintln(stderr, "greenlight due: give --at HH:MM (a scheduled release), --resume (releases held by a freeze), or both")
		return 2
	}
	if *at != "" {
		if code := scheduleDue(e.now, *at, *zone, *days, *within, stdout, stderr); code != 0 {
			return code
		}
	}
	if !*resume {
		return 0
	}
	c, err := cliClient(*repo, *api)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight due --resume: %v (set GITHUB_TOKEN to a token with deployments: write and actions: write)\n", err)
		return 2
	}
	if *ref, err = branchOrDefault(ctx, c, *ref); err != nil {
		fmt.Fprintf(stderr, "greenlight due --resume: %v\n", err)
		return 1
	}
	return resumeHeld(ctx, e.now, c, strings.TrimPrefix(*workflow, ".github/workflows/"), *ref, stdout, stderr)
}

// scheduleDue answers `greenlight due --at` by the clock now: due=true|false on stdout and in
// $GITHUB_OUTPUT.
func scheduleDue(now func() time.Time, at, zone, days string, within time.Duration, stdout, stderr io.Writer) int {
	clock, err := governance.ParseClock(at)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight due: --at: %v\n", err)
		return 2
	}
	s := governance.Schedule{At: clock, Zone: zone}
	if days != "" {
		if s.Days, err = governance.ParseDays(days); err != nil {
			fmt.Fprintf(stderr, "greenlight due: --days: %v\n", err)
			return 2
		}
	}
	if within <= 0 || within > 7*24*time.Hour {
		fmt.Fprintln(stderr, "greenlight due: --within must be between 1s and 168h")
		return 2
	}
	due, when, err := s.Due(now(), within)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight due: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "due=%t\n", due)
	if due {
		fmt.Fprintf(stderr, "scheduled %s: due (%s)\n", s, when.Format("Mon 2 Jan 15:04 MST"))
	} else if next, err := s.Next(now()); err == nil {
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

// resumeHeld is `greenlight due --resume`: for the newest hold of every environment (recorded
// by governance.ResumeAfter in GitHub), it dispatches the promote a person's `greenlight
// promote` would, once the hold's recorded end time has passed, exactly once (the resumption
// is recorded first-wins before the dispatch), and only while the held digest is still what
// waits there. It says in one line per environment what it did or why not. A freeze extended
// since the hold is not asked about: the dispatched promote meets the freeze at the engine's
// choke point again, holds again, and records its new end.
func resumeHeld(ctx context.Context, clock func() time.Time, c *github.Client, workflow, ref string, stdout, stderr io.Writer) int {
	holds := c.Holds(ref)
	hs, err := holds.Latest(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight due --resume: %v\n", err)
		return 1
	}
	for _, u := range holds.Untrusted() {
		fmt.Fprintln(stdout, u)
	}
	if len(hs) == 0 {
		fmt.Fprintln(stdout, "no release is held")
		return 0
	}
	now := clock()
	code := 0
	for _, h := range hs {
		line, err := resumeOne(ctx, c, holds, h, workflow, ref, now)
		fmt.Fprintf(stdout, "%s: %s\n", h.Env, line)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight due --resume: %s: %v\n", h.Env, err)
			code = 1
		}
	}
	return code
}

func resumeOne(ctx context.Context, c *github.Client, holds *github.Holds, h github.Held, workflow, ref string, now time.Time) (string, error) {
	what := fmt.Sprintf("%s of %s", h.Move, shortDigest(h.Digest))
	if r := h.Resumed; r != nil {
		if r.State == "success" && r.LogURL != "" {
			return fmt.Sprintf("%s was resumed by %s at %s: %s; nothing to do", what, r.By, h.When(r.At), r.LogURL), nil
		}
		return fmt.Sprintf("%s was resumed by %s at %s; nothing to do", what, r.By, h.When(r.At)), nil
	}
	if !h.EndsByItself() {
		return fmt.Sprintf("%s waits for people (%s): their approval resumes it, not due; nothing dispatched", what, h.Policy), nil
	}
	until := *h.Until
	if now.Before(until) {
		return fmt.Sprintf("%s is held by %s until %s (in %s); nothing dispatched", what, h.Policy, h.When(until), durfmt.Short(until.Sub(now))), nil
	}
	waiting, newest, err := c.Waiting(ctx, h.Env)
	rerun := h.Move != greenlight.MovePromote
	switch {
	case err != nil:
		return "reading what waits there failed; nothing dispatched", err
	case waiting == nil && newest != nil && newest.Payload.Digest == h.Digest && newest.Succeeded:
		return fmt.Sprintf("%s already serves there (deployment %d); nothing dispatched", shortDigest(h.Digest), newest.ID), nil
	case rerun && h.Explicit:
		return fmt.Sprintf("%s was a person's command held by %s: whoever asked runs it again (%s); nothing dispatched", what, h.Policy, orNone(h.RunURL)), nil
	case rerun:
		// The freeze stopped the release before its canary (no canary waits to be promoted,
		// and promoting would skip the analysis): the release runs again, as the pipeline's
		// own run does, so the newest green commit goes through every stage and rule.
	case waiting == nil:
		return fmt.Sprintf("nothing waits for promotion there any more (the hold of %s is stale); nothing dispatched", what), nil
	case waiting.Payload.Digest != h.Digest:
		return fmt.Sprintf("%s waits there now, not %s (superseded); nothing dispatched", shortDigest(waiting.Payload.Digest), shortDigest(h.Digest)), nil
	}
	by := fmt.Sprintf("greenlight due (%s ended)", h.Policy)
	if len(by) > 100 {
		by = "greenlight due (the freeze ended)"
	}
	res, first, err := holds.Resume(ctx, h, by, now)
	if err != nil {
		return "recording the resumption failed; nothing dispatched", err
	}
	if !first {
		return fmt.Sprintf("%s is being resumed by another run (%s at %s); nothing dispatched", what, res.By, h.When(res.At)), nil
	}
	in := protocol.Inputs{Command: protocol.Promote, Environment: h.Env, RequestedBy: by, Thread: h.Thread}
	if rerun {
		in = protocol.Inputs{Command: protocol.Run, RequestedBy: by, Thread: h.Thread}
	}
	if in.Validate() != nil {
		in.Thread = "" // a recorded thread that is not CHANNEL/TS is dropped, never passed on
	}
	url, err := c.Dispatch(ctx, workflow, ref, in)
	derr := holds.Done(ctx, h, res, url, err)
	if err != nil {
		return fmt.Sprintf("dispatching the %s of %s failed (the next due tries again)", in.Command, shortDigest(h.Digest)), err
	}
	line := fmt.Sprintf("%s ended %s: promote of %s dispatched: %s", h.Policy, h.When(until), shortDigest(h.Digest), orNone(url))
	if rerun {
		line = fmt.Sprintf("%s ended %s: the release held at %s runs again (the newest green commit, every stage): %s", h.Policy, h.When(until), what, orNone(url))
	}
	if derr != nil {
		line += fmt.Sprintf(" (recording the dispatch in the resumption failed: %v)", derr)
	}
	return line, nil
}

func orNone(s string) string {
	if s == "" {
		return "no run URL recorded"
	}
	return s
}
