package stream

import (
	"sort"
	"strings"
	"testing"
)

// Issue 27's stream, through real `greenlight run` processes against the fake GitHub: 12 green
// commits pushed a second apart after a first release, runs started as GitHub's concurrency
// rules start them, a bad version, a failed CI, CI completing out of order, a run killed with
// SIGKILL while its canary held 10 %, and two runs of one commit at the same instant.
// Production and staging end on the newest green commit that passed its canary; no deployment,
// hold or canary is left open; no older digest replaced a newer one; every traffic move of
// every run happened under that run's hold; the warm rollback revision is the version that
// served before.
func TestNewestWinsThroughAStreamOfGreenCommits(t *testing.T) {
	if testing.Short() {
		t.Skip("a minute of real runs")
	}
	res := Run(t, Default)
	t.Logf("%d runs, %d GitHub requests (%.0f per run), last push to production %s (its run took %s)", res.Runs, res.Requests, float64(res.Requests)/float64(res.Runs), res.LastPushToProduction, res.NewestRun)
	for _, h := range res.Happened {
		t.Log(h)
	}
	if len(res.Problems) > 0 {
		var names []string
		for n := range res.Logs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			t.Logf("--- run %s\n%s", n, res.Logs[n])
		}
		t.Errorf("the stream broke its promises:\n%s", strings.Join(res.Problems, "\n"))
	}
}
