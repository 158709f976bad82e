package governance_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Overrides kept in GitHub Deployments, as `greenlight freeze override` records them: each
// with its writer's token. An override written by someone else than its overrider counts for
// nobody, and neither it nor an earlier one by someone who is not an overrider blocks a valid
// one: the freeze takes the first valid override and lists the others as ignored.
func TestAnOverrideThatIsNotValidBlocksNoValidOne(t *testing.T) {
	ctx := context.Background()
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	store := map[string]*github.Decisions{}
	for _, who := range []string{"mallory", "ann", "alice"} {
		f.Token("ghp_"+who, githubfake.AllPermissions)
		f.Login("ghp_"+who, who)
		c, _ := github.New("ghp_"+who, "acme/hello", github.WithBaseURL(f.URL))
		store[who] = c.Decisions("main")
	}
	f.Token("ghs_workflow", githubfake.WorkflowPermissions)
	wf, _ := github.New("ghs_workflow", "acme/hello", github.WithBaseURL(f.URL))
	friday := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	freeze := &governance.Freeze{Windows: []governance.Window{governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)}},
		Overrides: governance.OverridesIn(wf.Decisions("main")), Overriders: []string{"Alice", "bob"}, Now: func() time.Time { return friday }}
	img, _ := oci.NewImage("ghcr.io/acme/hello", "sha256:"+strings.Repeat("4f", 32), "")
	m := greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Image: img, Weight: 100}

	// mallory, who is not an overrider, overrides first, with her own token.
	if _, err := governance.RecordOverride(ctx, store["mallory"], "production", img.Digest(), "mallory", "I want it", friday); err != nil {
		t.Fatal(err)
	}
	// ann writes an override naming alice with her own token (refused, but written).
	governance.RecordOverride(ctx, store["ann"], "production", img.Digest(), "alice", "forged", friday)
	r := freeze.Evaluate(ctx, m)
	if r.Outcome != governance.Hold || !strings.Contains(r.Message, "the override by mallory is ignored: mallory is not among the overriders") ||
		!strings.Contains(r.Message, "naming alice was written by ann, not by alice's own login") {
		t.Fatalf("before alice: %+v", r)
	}
	// alice (listed as "Alice") overrides with her own token: recorded as hers, and it stands.
	d, err := governance.RecordOverride(ctx, store["alice"], "production", img.Digest(), "alice", "hotfix for INC-42", friday.Add(time.Minute))
	if err != nil || d.Identity != "alice" || d.Reason != "hotfix for INC-42" {
		t.Fatalf("alice's override: %+v %v", d, err)
	}
	r = freeze.Evaluate(ctx, m)
	if r.Outcome != governance.Allow || r.Override == nil || r.Override.Identity != "alice" ||
		!strings.Contains(r.Message, "overridden by alice at 2026-12-04T17:01:00Z: hotfix for INC-42") || !strings.Contains(r.Message, "mallory is not among the overriders") {
		t.Fatalf("after alice: %+v", r)
	}
	if o, err := governance.OverridesIn(wf.Decisions("main")).Override(ctx, "production", img.Digest()); err != nil || o == nil || o.Identity != "mallory" {
		t.Fatalf("the first override its own overrider wrote: %+v %v", o, err)
	}
}
