// Command streambench runs issue 27's stream of green commits (internal/stream: real
// `greenlight run` processes against the fake GitHub, runs started as GitHub's concurrency
// rules start them, a bad version, a failed CI, CI completing out of order) twice, with and
// without a run killed by SIGKILL mid-canary, and prints side by side what a team waits for
// and what GitHub's rate limit counts: last push → production serving the newest commit, the
// newest run's own duration (the goal: last push → production within it plus 10 s after a
// crash), and GitHub API requests per run.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/internal/stream"
)

// tb is what the stream needs of a test, for a command: a failure ends it.
type tb struct{ cleanups []func() }

func (*tb) Helper() {}
func (*tb) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "streambench: "+format+"\n", args...)
	os.Exit(1)
}
func (*tb) Logf(format string, args ...any) {}
func (*tb) TempDir() string {
	d, err := os.MkdirTemp("", "streambench-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, "streambench:", err)
		os.Exit(1)
	}
	return d
}
func (t *tb) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *tb) done() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

func main() {
	every := flag.Duration("push-every", time.Second, "time between pushes")
	flag.Parse()
	type row struct {
		name string
		res  stream.Result
	}
	var rows []row
	for _, v := range []struct {
		name string
		kill int
	}{{"no crash", 0}, {"SIGKILL mid-canary", stream.Default.Kill}} {
		cfg := stream.Default
		cfg.PushEvery, cfg.Kill = *every, v.kill
		t := &tb{}
		res := stream.Run(t, cfg)
		t.done()
		rows = append(rows, row{v.name, res})
		if len(res.Problems) > 0 {
			fmt.Fprintf(os.Stderr, "streambench: %s: the stream broke its promises:\n%s\n", v.name, strings.Join(res.Problems, "\n"))
			os.Exit(1)
		}
	}
	fmt.Printf("%d commits pushed %s apart; a bad version, a failed CI, CI out of order\n\n", stream.Default.Commits, *every)
	fmt.Printf("%-20s %6s %10s %22s %14s %12s\n", "stream", "runs", "req/run", "last push→production", "newest run", "margin")
	for _, r := range rows {
		margin := r.res.LastPushToProduction - r.res.NewestRun
		fmt.Printf("%-20s %6d %10.0f %22s %14s %12s\n", r.name, r.res.Runs, float64(r.res.Requests)/float64(r.res.Runs),
			r.res.LastPushToProduction.Round(10*time.Millisecond), r.res.NewestRun.Round(10*time.Millisecond), margin.Round(10*time.Millisecond))
	}
	a, b := rows[0].res, rows[1].res
	fmt.Printf("\ncrash / no crash: last push→production %.2f×, requests per run %.2f×\n",
		float64(b.LastPushToProduction)/float64(a.LastPushToProduction),
		(float64(b.Requests)/float64(b.Runs))/(float64(a.Requests)/float64(a.Runs)))
	fmt.Printf("goal after a crash: last push→production ≤ newest run + 10s: %s ≤ %s: %v\n",
		b.LastPushToProduction.Round(10*time.Millisecond), (b.NewestRun + 10*time.Second).Round(10*time.Millisecond), b.LastPushToProduction <= b.NewestRun+10*time.Second)
}
