// Command ghbench counts the GitHub API requests one deploy run makes when the repository has
// a long deployment history (1,000 recorded deployments by default), beside the peer: reading
// the whole history, as Greenlight did before its reads became lazy. Requests, not seconds: the
// rate limit counts requests (5,000 an hour for a workflow's token), so that is the figure that
// decides whether a busy repository can deploy.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

func main() {
	n := flag.Int("deployments", 1000, "deployments recorded in production before the run")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "ghbench:", err)
		os.Exit(1)
	}
}

func sha(i int) string { return fmt.Sprintf("%040x", i+1) }

func digest(i int) string { return fmt.Sprintf("sha256:%064x", i+1) }

func run(n int) error {
	ctx := context.Background()
	commits := make([]string, n+2)
	for i := range commits {
		commits[i] = sha(i)
	}
	f := githubfake.New(commits...)
	defer f.Close()
	f.Token("tok", githubfake.AllPermissions)
	seed, err := github.New("tok", "acme/hello", github.WithBaseURL(f.URL), github.WithRecordKey(recordKey))
	if err != nil {
		return err
	}
	t0 := time.Now()
	for i := 0; i < n; i++ {
		rec, err := seed.Begin(ctx, "production", sha(i), "refs/heads/main", github.Payload{Image: "ghcr.io/acme/hello@" + digest(i), Digest: digest(i)}, true)
		if err != nil {
			return err
		}
		state := "success"
		if i%10 == 9 {
			state = "failure"
		}
		if err := seed.SetState(ctx, rec, state, "", "", "seed"); err != nil {
			return err
		}
	}
	f.Check(sha(n), "test", "success")
	fmt.Printf("seeded %d deployments in production in %s\n", n, time.Since(t0).Round(time.Millisecond))

	// One automatic run deploying commit n: the ledger's admission (lock, green, newest wins),
	// the hold, the reconcile, the record and its outcome; then a rollback command's choice.
	c, _ := github.New("tok", "acme/hello", github.WithBaseURL(f.URL), github.WithRecordKey(recordKey))
	runID, _ := f.StartRun("deploy.yml", sha(n), "deploy")
	c.RunID = runID
	l := c.Ledger("https://github.com/acme/hello/actions/runs/1", "production")
	img, _ := oci.NewImage("ghcr.io/acme/hello", digest(n), "")
	src := runlog.Source{Commit: sha(n), Ref: "refs/heads/main", Trigger: "workflow_run"}
	mv := greenlight.Move{Kind: greenlight.MoveCanaryStep, Env: "production", Image: img, Weight: 10, Source: src}
	if ok, reason, err := l.Admit(ctx, mv); err != nil || !ok {
		return fmt.Errorf("admit: %v %s", err, reason)
	}
	release, err := l.Claim(ctx, mv, discard{})
	if err != nil {
		return err
	}
	if _, err := l.Reconcile(ctx, "production", greenlight.State{}); err != nil {
		return err
	}
	e, err := l.Begin(ctx, "production", img, oci.Signature{}, src, "canary")
	if err != nil {
		return err
	}
	if err := e.Finish(ctx, runlog.Passed, "", "promoted"); err != nil {
		return err
	}
	release()
	if _, _, _, err := c.RollbackTarget(ctx, "production", ""); err != nil {
		return err
	}
	lazy := c.Requests()

	// The peer: the same decisions from the whole history, one status read per deployment.
	full, _ := github.New("tok", "acme/hello", github.WithBaseURL(f.URL), github.WithRecordKey(recordKey))
	if _, err := full.History(ctx, "production", 0); err != nil {
		return err
	}
	whole := full.Requests()
	fmt.Printf("\n%-54s %8s\n", "GitHub API requests, "+fmt.Sprint(n)+" deployments recorded", "requests")
	fmt.Println(strings.Repeat("-", 64))
	fmt.Printf("%-54s %8d\n", "a deploy run (admit, hold, reconcile, record, rollback)", lazy)
	fmt.Printf("%-54s %8d\n", "peer: one read of the whole history", whole)
	fmt.Printf("%-54s %8.3f\n", "ratio (run / peer)", float64(lazy)/float64(whole))
	return nil
}

type discard struct{}

func (discard) Logf(string, ...any) {}

// recordKey is the deploy job's record key (GREENLIGHT_RECORD_KEY) in the benchmark.
var recordKey = []byte("record-key-of-the-production-environment")
