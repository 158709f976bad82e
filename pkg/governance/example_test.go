package governance_test

import (
	"context"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// production is the environment of docs/governance.md: its policies, as pipeline.go declares
// them. gh is the pkg/github client (github.FromEnv), decisions the run's recorded decisions.
func production(gh *github.Client, decisions approval.Decisions, now func() time.Time) *greenlight.Environment {
	return &greenlight.Environment{
		Name:     "production",
		Approval: greenlight.Approval{Required: true},
		Policies: []greenlight.Policy{
			// Only images signed by the release key or by the release workflow's identity.
			governance.SignedBy{Allowed: []string{
				"SHA256:4f0c...release-key",
				"https://github.com/acme/checkout/.github/workflows/deploy.yml@refs/heads/main",
			}},
			// Every status and check of the commit succeeded.
			governance.CommitGreen{Status: gh},
			// No deploys from Friday 16:00 to Monday 08:00, nor from 24 Dec to 2 Jan, Berlin time;
			// alice and bob may let one digest through with a reason.
			// ResumeAfter records each promote they hold in GitHub with the freeze's end, so the
			// scheduled `greenlight due --resume` dispatches it once the freeze is over.
			governance.ResumeAfter(gh.Holds("main"), &governance.Freeze{
				Zone: "Europe/Berlin",
				Windows: []governance.Window{
					governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)},
					governance.Yearly{From: governance.MonthDay{Month: time.December, Day: 24}, Until: governance.MonthDay{Month: time.January, Day: 2}, Reason: "year-end"},
				},
				Overrides:  governance.OverridesIn(decisions),
				Overriders: []string{"alice", "bob"},
				Now:        now,
			}),
			// Deploy hours: Monday to Friday, 09:00 to 17:00 Berlin time.
			governance.ResumeAfter(gh.Holds("main"), governance.DeployHours("Europe/Berlin",
				governance.Hours{Days: governance.Weekdays, From: governance.At(9, 0), Until: governance.At(17, 0)})),
			// The same digest ran in staging for two hours first.
			governance.Soak{Env: "staging", Min: 2 * time.Hour, Deployments: gh},
			// At most 20 commits beyond what runs, none older than a week, never an older commit.
			governance.ChangeLimits{MaxCommits: 20, MaxAge: 7 * 24 * time.Hour, Commits: gh},
			governance.NoOlderCommit{Commits: gh},
		},
	}
}

// The freeze holds a promotion on a Friday evening, like an approval, and says when it ends.
// (With the run's decisions, it would add: "or now if one of alice, bob overrides with a reason".)
func Example() {
	friday := time.Date(2026, 12, 4, 18, 30, 0, 0, time.UTC)
	freeze := production(nil, nil, func() time.Time { return friday }).Policies[2]
	img, _ := oci.NewImage("ghcr.io/acme/checkout", "sha256:4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c4f0c", "")
	for _, r := range governance.Evaluate(context.Background(), []greenlight.Policy{freeze}, greenlight.Move{Kind: greenlight.MovePromote, Env: "production", Image: img}) {
		fmt.Println(r.Outcome, r.Policy+":", r.Message)
	}
	// Output:
	// hold freeze: production is frozen until Mon 7 Dec 2026 08:00 CET (in 2d 12h): Fri 16:00 to Mon 08:00 every week; the scheduled `greenlight due --resume` resumes it after the freeze ends (Mon 7 Dec 2026 08:00 CET)
}
