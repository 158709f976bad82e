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

// getJSON GETs path on s with token t and decodes the answer into v; it returns the status.
func getJSON(t *testing.T, s *Server, path string, v any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(v)
	return resp.StatusCode
}

// Commits are linked to accounts by their e-mail addresses, as GitHub does
// (docs.github.com/rest/commits/commits: the commit's author and committer are the accounts
// GitHub maps the addresses to, null when no account has the address; the address is not
// verified against who wrote the commit): an address an account added, a no-reply address
// (LOGIN@ or ID+LOGIN@users.noreply.github.com), compared without case. A pull request's
// merged_by is in "get a pull request" only, not in the list of a commit's pull requests
// (pull-request-simple has no merged_by). A short SHA that more than one commit starts with
// names no commit (git: "short SHA1 … is ambiguous"); GitHub answers as for a commit it does
// not have.
func TestCommitAccountsPullsAndShortSHAs(t *testing.T) {
	a, b, c := "abcdef1"+strings.Repeat("1", 33), "abcdef1"+strings.Repeat("2", 33), "abcdef3"+strings.Repeat("3", 33)
	s := New(a, b, c)
	defer s.Close()
	s.Token("t", map[string]string{"contents": "read", "pull_requests": "read"})
	s.Email("carol", "Carol@Acme.example")
	s.SetCommitInfo(a, CommitInfo{Author: "Carol", AuthorEmail: "carol@acme.EXAMPLE", Committer: "web", CommitterEmail: "1234+octo-cat@users.noreply.github.com"})
	s.SetCommitInfo(b, CommitInfo{Author: "Nobody", AuthorEmail: "nobody@laptop.local"})
	type account struct {
		Login string `json:"login"`
	}
	type commit struct {
		SHA       string   `json:"sha"`
		Author    *account `json:"author"`
		Committer *account `json:"committer"`
	}
	var cmp struct {
		Commits []commit `json:"commits"`
	}
	if code := getJSON(t, s, "/repos/acme/app/compare/"+a+"..."+c, &cmp); code != 200 || len(cmp.Commits) != 2 {
		t.Fatalf("compare: %d %+v", code, cmp)
	}
	if got := cmp.Commits[0]; got.Author != nil || got.Committer != nil {
		t.Errorf("a commit by an address no account has: author %+v committer %+v, want null", got.Author, got.Committer)
	}
	var one commit
	if code := getJSON(t, s, "/repos/acme/app/commits/"+a, &one); code != 200 || one.Author == nil || one.Author.Login != "carol" || one.Committer == nil || one.Committer.Login != "octo-cat" {
		t.Errorf("get a commit: %d author %+v committer %+v, want carol and octo-cat", code, one.Author, one.Committer)
	}

	s.PullRequest(7, "change", "pat", "pat/change", []string{b}, c)
	s.MergedBy(7, "mona")
	var list []map[string]any
	if code := getJSON(t, s, "/repos/acme/app/commits/"+b+"/pulls", &list); code != 200 || len(list) != 1 {
		t.Fatalf("pulls of a commit: %d %v", code, list)
	} else if _, has := list[0]["merged_by"]; has {
		t.Errorf("the list of a commit's pull requests carries merged_by: %v", list[0])
	}
	var pr struct {
		User     account  `json:"user"`
		Merged   bool     `json:"merged"`
		MergedBy *account `json:"merged_by"`
	}
	if code := getJSON(t, s, "/repos/acme/app/pulls/7", &pr); code != 200 || pr.User.Login != "pat" || !pr.Merged || pr.MergedBy == nil || pr.MergedBy.Login != "mona" {
		t.Errorf("get a pull request: %d %+v", code, pr)
	}
	s.PullRequest(8, "open", "pat", "pat/other", []string{b}, "")
	if code := getJSON(t, s, "/repos/acme/app/pulls/8", &pr); code != 200 || pr.Merged || pr.MergedBy != nil {
		t.Errorf("an open pull request: %d %+v, want merged_by null", code, pr)
	}

	if code := getJSON(t, s, "/repos/acme/app/commits/abcdef1", &one); code != 422 {
		t.Errorf("an ambiguous short SHA: %d %+v, want 422 as for no commit", code, one)
	}
	if code := getJSON(t, s, "/repos/acme/app/commits/abcdef3", &one); code != 200 || one.SHA != c {
		t.Errorf("an unambiguous short SHA: %d %+v", code, one)
	}
	if code := getJSON(t, s, "/repos/acme/app/compare/abcdef1...abcdef3", &cmp); code != 404 {
		t.Errorf("compare from an ambiguous short SHA: %d, want 404", code)
	}
}
