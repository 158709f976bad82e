package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	ghclient "github.com/greenlight-cd/greenlight/pkg/github"
)

// Issue 21, "GitHub Environments are the root of trust", through greenlight run as the Action
// calls it: while the GitHub Environment production is open to every branch, a run that passed
// CI moves nothing anywhere (not even staging) and says in one line what to set, with the gh
// api commands; restricted to main by a branch policy, the same run deploys; a pipeline that
// sets AllowAnyBranch deploys with a warning in the run's log.
func TestRunMovesNothingWhileProductionIsOpenToEveryBranch(t *testing.T) {
	e := newE2E(t)
	// Production already runs release 1 (from commit c1), as recorded in GitHub.
	os.WriteFile(filepath.Join(e.state, "production.json"), []byte(fmt.Sprintf(`{"Stable":{"ID":%q,"Image":%q}}`, e.img1.Short(), e.img1.String())), 0o644)
	rec, err := e.gh.Begin(context.Background(), "production", e.c1, "refs/heads/main", ghclient.Payload{Image: e.img1.String(), Digest: e.img1.Digest()}, true)
	if err != nil {
		t.Fatal(err)
	}
	e.gh.SetState(context.Background(), rec, "success", "", "", "release 1")
	e.fake.SetEnvironment("production", githubfake.Environment{WaitTimer: 10}) // no deployment branch policy
	e.workflowRun(e.c2)
	t.Setenv("E2E_IMAGE", e.img2.String())
	code, log, out := e.run()
	if code != 1 || out["result"] != "failed" ||
		!strings.Contains(log, "the GitHub Environment production of acme/hello is open to every branch (no deployment branch policy)") ||
		!strings.Contains(log, "gh api -X PUT repos/acme/hello/environments/production -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true' && gh api -X POST repos/acme/hello/environments/production/deployment-branch-policies -f name=main -f type=branch") {
		t.Fatalf("open production: exit %d, outputs %v; want a failure naming the fix\n%s", code, out, log)
	}
	if _, err := os.Stat(filepath.Join(e.state, "staging.json")); err == nil {
		t.Errorf("staging moved while production is open to every branch: %+v", e.target("staging"))
	}
	if st := e.target("production"); st.Canary != nil || st.Stable.Image != e.img1.String() {
		t.Errorf("production moved while it is open to every branch: %+v", st)
	}

	// The pipeline says explicitly that production may be open: it moves, with a warning.
	t.Setenv("E2E_ALLOW_ANY_BRANCH", "true")
	e.workflowRun(e.c2)
	code, log, out = e.run()
	if st := e.target("production"); code != 0 || st.Canary == nil || !strings.Contains(log, "accepted: Environment.AllowAnyBranch is set") {
		t.Fatalf("AllowAnyBranch: exit %d, outputs %v, staging %+v; want it deployed with a warning\n%s", code, out, st, log)
	}

	// Restricted to main: the next commit deploys, no warning.
	t.Setenv("E2E_ALLOW_ANY_BRANCH", "")
	e.fake.SetEnvironment("production", githubfake.ProductionProtected)
	e.fake.AddCommit(strings.Repeat("c3", 20), e.mainSHA, "main")
	e.fake.Check(strings.Repeat("c3", 20), "test", "success")
	os.Remove(filepath.Join(e.state, "staging.json"))
	e.workflowRun(strings.Repeat("c3", 20))
	code, log, out = e.run()
	if st := e.target("staging"); code != 0 || st.Stable == nil || st.Stable.Image != e.img2.String() || strings.Contains(log, "AllowAnyBranch") {
		t.Fatalf("restricted production: exit %d, outputs %v, staging %+v\n%s", code, out, st, log)
	}
}
