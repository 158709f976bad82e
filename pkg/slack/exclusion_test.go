package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/github"
)

// Issue 21, defect 7, at the bot: a click by someone behind the release (here the author of
// the pull request its commit came from, whose commits GitHub links to no account, and who
// is not the releaser) is refused before anything is recorded, as the run it would dispatch
// would not count it, and the decision of someone not on the approve list, recorded directly
// in GitHub, does not stand in the way of a listed approver's click.
func TestTheBotRefusesTheReleasesOwnPeopleAndIgnoresDecisionsThatDoNotCount(t *testing.T) {
	b, f, gh := slackBot(t)
	sha := strings.Repeat("a", 40)
	gh.SetCommitInfo(sha, githubfake.CommitInfo{Author: "Carol", AuthorEmail: "carol@laptop.local"})
	gh.PullRequest(12, "change", "carol", "carol/change", []string{sha}, "")
	v := waitingCanary(t, b, 21)
	hook := f.ResponseURL()
	clickIn(t, b, slackfake.TeamID, "UCAROL", "approve", v, hook) // in SRELEASE: may approve production
	b.Wait()
	if len(gh.Dispatches) != 0 {
		t.Fatalf("the pull request's author approved her release: %+v", gh.Dispatches)
	}
	if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "are behind this release") || !strings.Contains(rs[0].Text, "carol") {
		t.Errorf("answers %+v", rs)
	}
	if ds, err := b.GitHub.Decisions("main").All(context.Background(), "production", v.Digest); err != nil || len(ds) != 0 {
		t.Errorf("a refused click recorded %+v %v", ds, err)
	}

	// zed, who has write access and is on no approve list, records an approval directly in
	// GitHub with his own token. Bob's click is still the one that settles it.
	gh.Token("ghp_zed", githubfake.AllPermissions)
	gh.Login("ghp_zed", "zed")
	zed, _ := github.New("ghp_zed", "acme/hello", github.WithBaseURL(gh.URL))
	if _, _, err := zed.Decisions("main").RecordOwn(context.Background(), approval.Decision{Approved: true, By: "zed", Env: "production", Digest: v.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	hook = f.ResponseURL()
	clickIn(t, b, slackfake.TeamID, "UBOB", "approve", v, hook)
	b.Wait()
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "promote" {
		t.Fatalf("bob's approval after zed's: dispatches %+v, answers %+v", gh.Dispatches, f.Responses(hook))
	}
}

// Issue 21, defect 7, in the bot's running count: someone behind the release (here the author
// of the pull request its commit came from) records an approval directly in GitHub with her
// own token. The bot's count of a two-person quorum took her decision with another member's
// click as settled and dispatched the promote, which the run then refused; it counts only who
// the run counts now, and says another approval is needed.
func TestTheBotsQuorumCountExcludesEveryoneBehindTheRelease(t *testing.T) {
	b, f, gh := slackBot(t)
	sha := strings.Repeat("a", 40)
	gh.SetCommitInfo(sha, githubfake.CommitInfo{Author: "Carol", AuthorEmail: "carol@laptop.local"})
	gh.PullRequest(12, "change", "carol", "carol/change", []string{sha}, "")
	cfg, err := ParseConfig([]byte(strings.Replace(peopleConfig, "  carol: UCAROL\n", "  carol: UCAROL\n  dan: UDAN\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	b.Config = cfg
	v := waitingCanary(t, b, 22)
	v.Quorum = &approval.Quorum{N: 2, Group: "sre", Members: []string{"bob", "carol", "dan"}}
	gh.Token("ghp_carol", githubfake.AllPermissions)
	gh.Login("ghp_carol", "carol")
	carol, _ := github.New("ghp_carol", "acme/hello", github.WithBaseURL(gh.URL))
	if _, _, err := carol.Decisions("main").RecordOwn(context.Background(), approval.Decision{Approved: true, By: "carol", Env: "production", Digest: v.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	hook := f.ResponseURL()
	clickIn(t, b, slackfake.TeamID, "UDAN", "approve", v, hook)
	b.Wait()
	if len(gh.Dispatches) != 0 {
		t.Fatalf("dan's click with carol's own approval settled the quorum: dispatches %+v, answers %+v", gh.Dispatches, f.Responses(hook))
	}
	if rs := f.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "1 more needed") {
		t.Errorf("answers %+v", rs)
	}
	hook = f.ResponseURL()
	clickIn(t, b, slackfake.TeamID, "UBOB", "approve", v, hook)
	b.Wait()
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "promote" {
		t.Fatalf("bob's click, the second that counts: dispatches %+v, answers %+v", gh.Dispatches, f.Responses(hook))
	}
}
