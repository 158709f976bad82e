package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/approval"
	ghclient "github.com/greenlight-cd/greenlight/pkg/github"
)

// Issue 21's attack suite, through greenlight run as the Action calls it. Someone with write
// access pushes a branch whose workflow holds a GITHUB_TOKEN with deployments: write (it writes
// as github-actions[bot], as the deploy workflow does, but has no secret of the protected
// environment), another GitHub App is installed on the repository, and the release's own
// author tries to approve it. Each attempt ends with nothing moved, and the run's step summary
// names what it refused and why. (The code under test reading a secret, and a deploy from a
// tag named main, are TestCodeUnderTestReadsNoSecret and
// TestRunRefusesARunPushedByATagNamedLikeTheBranch.)
func TestAttacksThroughGreenlightRunMoveNothing(t *testing.T) {
	e := newE2E(t)
	ctx := context.Background()
	d1, d2 := e.img1.Digest(), e.img2.Digest()
	os.WriteFile(filepath.Join(e.state, "production.json"), []byte(`{"Stable":{"ID":"`+e.img1.Short()+`","Image":"`+e.img1.String()+`"}}`), 0o644)
	rec, err := e.gh.Begin(ctx, "production", e.c1, "refs/heads/main", ghclient.Payload{Image: e.img1.String(), Digest: d1}, true)
	if err != nil {
		t.Fatal(err)
	}
	e.gh.SetState(ctx, rec, "success", "", "", "release 1")
	e.workflowRun(e.c2)
	t.Setenv("E2E_IMAGE", e.img2.String())
	if code, log, _ := e.run(); code != 0 || !strings.Contains(log, "asked #deploys to approve") {
		t.Fatalf("the automatic run: exit %d\n%s", code, log)
	}

	client := func(tok string, perms map[string]string, opts ...ghclient.Option) *ghclient.Client {
		e.fake.Token(tok, perms)
		c, err := ghclient.New(tok, "acme/hello", append([]ghclient.Option{ghclient.WithBaseURL(e.fake.URL)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	atk := client("ghs_branch", githubfake.WorkflowPermissions)
	e.fake.App("ghs_other", "other-app")
	other := client("ghs_other", githubfake.AllPermissions)
	e.fake.App("ghs_app", "acme-greenlight")
	bot := client("ghs_app", githubfake.AllPermissions, ghclient.WithApp(githubfake.AppID("acme-greenlight")), ghclient.WithAnchoring())

	// attempt runs the dispatched command after the attack and checks that it was refused,
	// that production still runs want, and that the summary says why.
	var table []string
	attempt := func(name, command, ref, by string, wantStable string, why ...string) {
		t.Helper()
		if command == "run" {
			e.workflowRun(e.c2)
		} else {
			e.dispatch(command, "production", ref, by)
		}
		// As the workflow passes it: `GREENLIGHT_RECORDS: ${{ vars.GREENLIGHT_RECORDS }}`.
		t.Setenv(ghclient.RecordsVariable, e.fake.Variable(ghclient.RecordsVariable))
		code, log, out := e.run()
		summary, _ := os.ReadFile(filepath.Join(filepath.Dir(os.Getenv("GITHUB_OUTPUT")), "summary"))
		st := e.target("production")
		if out["result"] == "passed" || st.Stable == nil || st.Stable.Image != wantStable {
			t.Fatalf("%s: exit %d %v, production %+v\n%s", name, code, out, st, log)
		}
		for _, w := range why {
			if !strings.Contains(string(summary), w) {
				t.Fatalf("%s: the summary does not say %q:\n%s\nlog:\n%s", name, w, summary, log)
			}
		}
		table = append(table, name+": refused, "+out["result"])
	}
	decide := func(c *ghclient.Client, approve bool, who, digest string) {
		c.Decisions("main", ghclient.AsRecorder()).Record(ctx, approval.Decision{Approved: approve, By: "U" + strings.ToUpper(who), Identity: who, Via: "slack",
			Env: "production", Digest: digest, At: time.Now()})
	}

	// 1. The branch workflow's token approves in erin's name.
	decide(atk, true, "erin", d2)
	attempt("approve as another person (workflow token)", "promote", "", "slack approval by erin", e.img1.String(), "github-actions[bot]")
	// 2. Another App's bot approves in erin's name.
	decide(other, true, "erin", d2)
	attempt("approve as another App", "promote", "", "slack approval by erin", e.img1.String(), "other-app[bot]")
	// 3. bob, whose push started the release, approves as BOB through the bot.
	decide(bot, true, "BOB", d2)
	attempt("approve with a case-changed login", "promote", "", "slack approval by BOB", e.img1.String(), "wrote or started the release")
	// 4. The branch workflow forges a successful deploy of the canary's digest and asks for a
	// rollback to it: not where production has been, so it moves as a deploy, which needs an
	// approval that counts.
	forged, err := atk.Begin(ctx, "production", e.c2, "refs/heads/main", ghclient.Payload{Image: e.img2.String(), Digest: d2}, true)
	if err != nil {
		t.Fatal(err)
	}
	atk.SetState(ctx, forged, "success", "", "", "forged")
	attempt("forge a deploy record and roll back to it", "rollback", d2, "mallory", e.img1.String(), "never recorded serving production", "its success carries no Greenlight record signature", "nothing was moved")

	// erin, who has nothing to do with the release, approves through the bot: it goes.
	if _, err := bot.Decisions("main").Cast(ctx, approval.Decision{Approved: true, By: "UERIN", Identity: "erin", Via: "slack", Env: "production", Digest: d2, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// The branch workflow also forges a claim on production, to stop every run: it is
	// ignored, and the run's summary names it.
	forgedClaim := forgeClaim(t, e.fake, "ghs_branch")
	e.dispatch("promote", "production", "", "slack approval by erin")
	if code, log, out := e.run(); code != 0 || out["result"] != "passed" || e.target("production").Stable.Image != e.img2.String() {
		t.Fatalf("promote after erin's approval: exit %d %v\n%s", code, out, log)
	}
	summary, _ := os.ReadFile(filepath.Join(filepath.Dir(os.Getenv("GITHUB_OUTPUT")), "summary"))
	if !strings.Contains(string(summary), fmt.Sprintf("not trusted: claim %d on production by github-actions[bot]", forgedClaim)) {
		t.Fatalf("the forged claim is not named in the summary:\n%s", summary)
	}
	table = append(table, "forge a claim on production: ignored, named in the summary")

	// 5. carol rejects release 1 for production and dan locks production, both through the
	// bot (anchored). The branch workflow's unlock lifts nothing.
	decide(bot, false, "carol", d1)
	lock, err := bot.LockEnv(ctx, "production", "main", "slack:UDAN", "incident 46")
	if err != nil {
		t.Fatal(err)
	}
	if err := atk.Unlock(ctx, "production", "mallory"); err == nil {
		t.Fatal("the branch workflow lifted the lock")
	}
	attempt("lift a lock", "deploy", d1, "dave", e.img2.String(), "locked by slack:UDAN", "not trusted: an unlock of lock")
	// 6. The branch workflow deletes carol's rejection: a rollback under the lock would now
	// pass to release 1.
	var rejection int64
	ghEach(t, atk, ghclient.DecisionTask, func(r *ghclient.Record) bool { rejection = r.ID; return true })
	eraseDeployment(t, e.fake, "ghs_branch", rejection)
	attempt("delete a rejection", "rollback", "", "mallory", e.img2.String(), "whose rejection is among them")
	// 7. The branch workflow deletes the lock.
	eraseDeployment(t, e.fake, "ghs_branch", lock.ID)
	attempt("delete a lock", "deploy", d1, "mallory", e.img2.String(), "were deleted")
	t.Logf("attack suite:\n%s", strings.Join(table, "\n"))
}

// ghEach walks production's deployments of task, newest first, until fn says stop.
func ghEach(t *testing.T, c *ghclient.Client, task string, fn func(*ghclient.Record) bool) {
	t.Helper()
	if err := c.Each(context.Background(), "production", task, func(r *ghclient.Record) (bool, error) { return fn(r), nil }); err != nil {
		t.Fatal(err)
	}
}

// forgeClaim is a branch workflow's claim on production, in progress, as curl would write it.
func forgeClaim(t *testing.T, f *githubfake.Server, tok string) int64 {
	t.Helper()
	do := func(method, url, body string) map[string]any {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %s", method, url, resp.Status)
		}
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	d := do("POST", f.URL+"/repos/acme/hello/deployments", `{"ref":"main","task":"`+ghclient.ClaimTask+`","environment":"production","auto_merge":false,"required_contexts":[],"payload":{"run":"https://evil/run"}}`)
	id := int64(d["id"].(float64))
	do("POST", fmt.Sprintf("%s/repos/acme/hello/deployments/%d/statuses", f.URL, id), `{"state":"in_progress","description":"moving traffic"}`)
	return id
}

// eraseDeployment is what any token with deployments: write may do, as the attacker's
// workflow would with curl: mark a deployment inactive, then delete it (GitHub's "Create a
// deployment status" and "Delete a deployment").
func eraseDeployment(t *testing.T, f *githubfake.Server, tok string, id int64) {
	t.Helper()
	u := fmt.Sprintf("%s/repos/acme/hello/deployments/%d", f.URL, id)
	for _, r := range []struct{ method, url, body string }{
		{"POST", u + "/statuses", `{"state":"inactive","description":"cleanup"}`},
		{"DELETE", u, ""},
	} {
		req, _ := http.NewRequest(r.method, r.url, strings.NewReader(r.body))
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %s", r.method, r.url, resp.Status)
		}
	}
}
