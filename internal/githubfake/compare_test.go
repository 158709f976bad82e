package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCompareAnswersAsGitHubDoes checks "compare two commits" against GitHub's REST
// documentation (docs.github.com/rest/commits/commits#compare-two-commits): the commits are
// those of `git log BASE..HEAD`, in chronological order (oldest first); without per_page or
// page the list holds at most 250 commits, the last being the newest of the comparison; with
// them it is paginated with a Link header; ahead_by and behind_by count the commits each side
// has that the other has not, also when the two have diverged.
func TestCompareAnswersAsGitHubDoes(t *testing.T) {
	var chain []string
	for i := range 300 {
		chain = append(chain, fmt.Sprintf("%040x", i+1))
	}
	s := New(chain...)
	defer s.Close()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	for i, c := range chain {
		s.SetCommitInfo(c, CommitInfo{Author: "dev", Message: fmt.Sprint(i), Time: t0.Add(time.Duration(i) * time.Minute)})
	}
	// A branch off chain[9] with two commits of its own.
	s.AddCommit(strings.Repeat("b", 40), chain[9], "topic")
	s.AddCommit(strings.Repeat("c", 40), strings.Repeat("b", 40), "topic")
	s.Token("t", map[string]string{"contents": "read"})

	type commit struct {
		SHA    string `json:"sha"`
		Commit struct {
			Committer struct {
				Date time.Time `json:"date"`
			} `json:"committer"`
		} `json:"commit"`
	}
	type comparison struct {
		Status       string   `json:"status"`
		AheadBy      int      `json:"ahead_by"`
		BehindBy     int      `json:"behind_by"`
		TotalCommits int      `json:"total_commits"`
		Commits      []commit `json:"commits"`
		MergeBase    commit   `json:"merge_base_commit"`
	}
	get := func(basehead, query string) (comparison, http.Header) {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+"/repos/acme/app/compare/"+basehead+query, nil)
		req.Header.Set("Authorization", "Bearer t")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var c comparison
		if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&c) != nil {
			t.Fatalf("%s: %s", basehead, resp.Status)
		}
		return c, resp.Header
	}

	c, _ := get(chain[1]+"..."+chain[4], "")
	if c.Status != "ahead" || c.AheadBy != 3 || c.TotalCommits != 3 || len(c.Commits) != 3 ||
		c.Commits[0].SHA != chain[2] || c.Commits[2].SHA != chain[4] || !c.Commits[0].Commit.Committer.Date.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("ahead: %+v", c)
	}
	if c, _ := get(chain[4]+"..."+chain[1], ""); c.Status != "behind" || c.BehindBy != 3 || len(c.Commits) != 0 {
		t.Fatalf("behind: %+v", c)
	}
	if c, _ := get(chain[4]+"..."+chain[4], ""); c.Status != "identical" || len(c.Commits) != 0 {
		t.Fatalf("identical: %+v", c)
	}
	// main at chain[20] against topic: topic has b, c; main has chain[10..20].
	c, _ = get(chain[20]+"...topic", "")
	if c.Status != "diverged" || c.AheadBy != 2 || c.BehindBy != 11 || len(c.Commits) != 2 || c.Commits[1].SHA != strings.Repeat("c", 40) || c.MergeBase.SHA != chain[9] {
		t.Fatalf("diverged: %+v", c)
	}
	// 299 commits without paging: the newest 250, the last the newest of all.
	c, _ = get(chain[0]+"..."+chain[299], "")
	if c.TotalCommits != 299 || len(c.Commits) != 250 || c.Commits[249].SHA != chain[299] || c.Commits[0].SHA != chain[50] {
		t.Fatalf("unpaged: total %d, %d commits", c.TotalCommits, len(c.Commits))
	}
	// Paged: 100 a page, oldest first, with a Link to the next.
	c, h := get(chain[0]+"..."+chain[299], "?per_page=100&page=3")
	if len(c.Commits) != 99 || c.Commits[0].SHA != chain[201] || !strings.Contains(h.Get("Link"), `rel="prev"`) {
		t.Fatalf("page 3: %d commits, first %s, link %q", len(c.Commits), c.Commits[0].SHA, h.Get("Link"))
	}
	if _, h := get(chain[0]+"..."+chain[299], "?per_page=100"); !strings.Contains(h.Get("Link"), `rel="next"`) {
		t.Fatalf("page 1 has no next link: %q", h.Get("Link"))
	}
}
