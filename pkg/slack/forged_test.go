package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// forge writes decision d as GitHub stores decisions (a deployment with task
// greenlight:decision and a success status), with token tok, through the REST API as anyone
// holding a token with deployments: write can.
func forge(t *testing.T, f *githubfake.Server, tok string, d approval.Decision) {
	t.Helper()
	post := func(path string, body any) map[string]any {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", f.URL+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != 201 {
			t.Fatalf("POST %s: %d %v", path, resp.StatusCode, out)
		}
		return out
	}
	dep := post("/repos/acme/hello/deployments", map[string]any{"ref": "main", "task": github.DecisionTask, "auto_merge": false,
		"required_contexts": []string{}, "payload": d, "environment": d.Env, "transient_environment": true, "production_environment": false})
	post(fmt.Sprintf("/repos/acme/hello/deployments/%v/statuses", dep["id"]), map[string]any{"state": "success", "auto_inactive": false})
}

// The commit's author, with her own token, writes decision deployments naming carol (and
// dan) as approvers, as in issue 14: the promote the workflow runs (its token is
// github-actions[bot]'s) moves nothing, and the refusal says who wrote them. Then carol
// approves with her own login, and the same promote moves production.
func TestForgedApprovalsMoveNothingAndTheRefusalSaysWhy(t *testing.T) {
	ctx := context.Background()
	commit := strings.Repeat("c", 40)
	gh := githubfake.New(commit)
	defer gh.Close()
	gh.Token("ghs_workflow", githubfake.WorkflowPermissions)
	for _, who := range []string{"ann", "carol"} {
		gh.Token("ghp_"+who, githubfake.AllPermissions)
		gh.Login("ghp_"+who, who)
	}
	wf, _ := github.New("ghs_workflow", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")))
	decisions := wf.Decisions("main")
	single := &liveTarget{}
	group := &liveTarget{}
	prod := &greenlight.Environment{Name: "production", Target: single, Approval: greenlight.Approval{Required: true, Decisions: decisions}}
	eu := &greenlight.Environment{Name: "production-eu", Target: group, Approval: greenlight.Approval{Decisions: decisions, Quorum: sre}}
	img, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 714), "")
	at := time.Now().UTC().Truncate(time.Second)
	forged := func(env, who, slackID string) approval.Decision {
		return approval.Decision{Approved: true, By: slackID, Identity: who, Via: "slack", At: at, Env: env, Digest: img.Digest()}
	}
	forge(t, gh, "ghp_ann", forged("production", "carol", "UCAROL"))
	forge(t, gh, "ghp_ann", forged("production-eu", "ann", "UANN")) // her own: counts as hers, the author's
	forge(t, gh, "ghp_ann", forged("production-eu", "carol", "UCAROL"))
	forge(t, gh, "ghp_ann", forged("production-eu", "dan", "UDAN"))

	promote := func(env string) (*runlog.Report, error) {
		in, err := protocol.ParseInputs(map[string]string{"command": "promote", "environment": env, "requested_by": "slack approval by carol"})
		if err != nil {
			t.Fatal(err)
		}
		return greenlight.Run(ctx, func(p *greenlight.P) {
			p.Promote(p.Sign(img, okSigner{}), p.Env(env))
		}, greenlight.WithName("hello"), greenlight.WithEnvironments(prod, eu),
			greenlight.WithRequest(protocol.Request{Repository: "acme/hello", Commit: commit, Author: "ann", Trigger: "workflow_dispatch", Inputs: in}))
	}
	rep, err := promote("production")
	if err == nil || single.serving() != "" || !strings.Contains(rep.Error, "a decision naming carol was written by ann, who may not record decisions for others") ||
		!strings.Contains(rep.Error, "approvals are recorded by the Greenlight bot (the GitHub App whose ID GREENLIGHT_APP_ID names) or by the approver's own login") {
		t.Fatalf("a forged approval: serving %q, %v: %s", single.serving(), err, rep.Error)
	}
	rep, err = promote("production-eu")
	if err == nil || group.serving() != "" || !strings.Contains(rep.Error, "decisions naming carol, dan were written by ann, who may not record decisions for others") {
		t.Fatalf("forged quorum votes: serving %q, %v: %s", group.serving(), err, rep.Error)
	}
	// A decision in the workflow's own name (github-actions[bot], any branch's token) is no better.
	forge(t, gh, "ghs_workflow", forged("production", "bob", "UBOB"))
	if rep, err := promote("production"); err == nil || single.serving() != "" || !strings.Contains(rep.Error, "github-actions[bot] (the workflow token of any branch)") {
		t.Fatalf("a workflow's decision: %v: %s", err, rep.Error)
	}
	// carol decides with her own login: that counts, and the forged ones stand in nobody's way.
	carol, _ := github.New("ghp_carol", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(githubfake.AppID("acme-greenlight")))
	mine := approval.Decision{Approved: true, By: "carol", Identity: "carol", Via: "cli", At: at, Env: "production", Digest: img.Digest()}
	if d, _, err := carol.Decisions("main").Record(ctx, mine); err != nil || d.Identity != "carol" || d.Via != "cli" {
		t.Fatalf("carol's own decision: %+v %v", d, err)
	}
	if rep, err := promote("production"); err != nil || single.serving() == "" || rep.Status != runlog.Passed {
		t.Fatalf("carol's own approval should move production: %v %+v", err, rep)
	}
}
