package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// more is the state of the endpoints added in this file: commits' metadata (get a commit),
// pull requests and their association with commits, issue comments, and commit statuses as
// GitHub validates them.
type more struct {
	commitInfo map[string]CommitInfo
	emails     map[string]string // e-mail address (lower case) → the login of the account that has it
	pulls      []*pull
	comments   []map[string]any // every issue comment, oldest first
}

// CommitInfo is a commit's metadata as "get a commit" returns it.
type CommitInfo struct {
	// Author is the author's name; with no AuthorEmail, a GitHub login whose no-reply address
	// (LOGIN@users.noreply.github.com) is the author's e-mail.
	Author string
	// AuthorEmail is the author's e-mail address, when set: GitHub links the commit to the
	// account that has it (Email), whoever wrote the commit.
	AuthorEmail string
	// Committer and CommitterEmail are the committer's, as Author and AuthorEmail; the author
	// when both are empty.
	Committer, CommitterEmail string
	Message                   string
	// Time is both the author and committer date.
	Time time.Time
}

type pull struct {
	obj      map[string]any
	commits  map[string]bool // head commits and the merge commit
	mergedBy string          // who merged it (MergedBy; its author by default)
}

// Routes of this file. Create a commit status replaces fake.go's (kept first in the list) so
// that it validates like GitHub: a known commit, a valid state, at most 1000 statuses per
// commit and context.
func init() {
	routes = append([]route{
		{"POST", "/repos/{}/{}/statuses/{}", "statuses", "write", (*Server).createCommitStatus},
		{"GET", "/repos/{}/{}/commits", "contents", "read", (*Server).listCommits},
		{"GET", "/repos/{}/{}/commits/{}", "contents", "read", (*Server).getCommit},
		{"GET", "/repos/{}/{}/commits/{}/pulls", "pull_requests", "read", (*Server).commitPulls},
		{"GET", "/repos/{}/{}/pulls/{}", "pull_requests", "read", (*Server).getPull},
		{"GET", "/repos/{}/{}/issues/{}/comments", "issues", "read", (*Server).listComments},
		{"POST", "/repos/{}/{}/issues/{}/comments", "issues", "write", (*Server).createComment},
		{"PATCH", "/repos/{}/{}/issues/comments/{}", "issues", "write", (*Server).updateComment},
	}, routes...)
}

// SetCommitInfo records sha's author, message and time (the commit must exist).
func (s *Server) SetCommitInfo(sha string, ci CommitInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.more.commitInfo == nil {
		s.more.commitInfo = map[string]CommitInfo{}
	}
	s.more.commitInfo[sha] = ci
}

// PullRequest adds pull request number, opened by author from branch head with commits; merge
// is its merge commit on the default branch ("" while open). "List pull requests associated
// with a commit" finds it from any of them.
func (s *Server) PullRequest(number int, title, author, head string, commits []string, merge string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &pull{commits: map[string]bool{}}
	for _, c := range commits {
		p.commits[c] = true
	}
	state, mergedAt := "open", any(nil)
	if merge != "" {
		p.commits[merge] = true
		state, mergedAt = "closed", time.Now().UTC().Format(time.RFC3339)
	}
	headSHA := ""
	if len(commits) > 0 {
		headSHA = commits[len(commits)-1]
	}
	p.obj = map[string]any{"id": 9000 + number, "number": number, "state": state, "title": title,
		"user": map[string]any{"login": author, "type": "User"}, "merged_at": mergedAt, "merge_commit_sha": nilIfEmpty(merge),
		"html_url": fmt.Sprintf("https://github.com/acme/app/pull/%d", number),
		"head":     map[string]any{"ref": head, "sha": headSHA}, "base": map[string]any{"ref": "main"}}
	s.more.pulls = append(s.more.pulls, p)
}

// MergedBy records login as who merged pull request number (GitHub's merged_by, which only
// "get a pull request" returns; the list of a commit's pull requests does not carry it).
func (s *Server) MergedBy(number int, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.more.pulls {
		if p.obj["number"] == number {
			p.mergedBy = login
		}
	}
}

// Email gives the account login the e-mail address: GitHub then links every commit whose
// author or committer e-mail is address to login (the commit's author.login and
// committer.login), whoever wrote the commit: GitHub does not verify who wrote a commit.
func (s *Server) Email(login, address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.more.emails == nil {
		s.more.emails = map[string]string{}
	}
	s.more.emails[strings.ToLower(address)] = login
}

// accountOf is the account GitHub links the commit e-mail address to: the account that added
// it (Email), or the one a no-reply address names (LOGIN@users.noreply.github.com or
// ID+LOGIN@users.noreply.github.com); "" when no account has it (GitHub's author and committer
// are then null).
func (s *Server) accountOf(address string) string {
	address = strings.ToLower(address)
	if login, ok := s.more.emails[address]; ok {
		return login
	}
	if local, ok := strings.CutSuffix(address, "@users.noreply.github.com"); ok {
		if _, login, ok := strings.Cut(local, "+"); ok {
			return login
		}
		return local
	}
	return ""
}

func (s *Server) getPull(w http.ResponseWriter, r *http.Request, a []string) {
	p := s.pullByNumber(a[2])
	if p == nil {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/pulls/pulls#get-a-pull-request")
		return
	}
	full := map[string]any{}
	for k, v := range p.obj {
		full[k] = v
	}
	full["merged"], full["merged_by"] = p.obj["merged_at"] != nil, nil
	if p.obj["merged_at"] != nil {
		by := p.mergedBy
		if by == "" {
			by = p.obj["user"].(map[string]any)["login"].(string)
		}
		full["merged_by"] = user(by, "User", accountID(by))
	}
	writeJSON(w, 200, full)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Comments returns the comments on issue or pull request number, oldest first.
func (s *Server) Comments(number int) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, c := range s.more.comments {
		if c["issue_number"] == number {
			out = append(out, c)
		}
	}
	return out
}

// CommitStatuses returns sha's commit statuses, oldest first.
func (s *Server) CommitStatuses(sha string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.statuses[sha]...)
}

var commitStates = map[string]bool{"error": true, "failure": true, "pending": true, "success": true}

func validationFailed(w http.ResponseWriter, resource, field, code, msg, doc string) {
	writeJSON(w, 422, map[string]any{"message": "Validation Failed", "documentation_url": doc, "status": "422",
		"errors": []any{map[string]any{"resource": resource, "field": field, "code": code, "message": msg}}})
}

func (s *Server) createCommitStatus(w http.ResponseWriter, r *http.Request, a []string) {
	const doc = "https://docs.github.com/rest/commits/statuses#create-a-commit-status"
	sha := a[2]
	if _, ok := s.commits[sha]; !ok {
		apiError(w, 422, "No commit found for SHA: "+sha, doc)
		return
	}
	var body struct {
		State       string  `json:"state"`
		TargetURL   *string `json:"target_url"`
		Description *string `json:"description"`
		Context     string  `json:"context"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, 400, "Problems parsing JSON", doc)
		return
	}
	if !commitStates[body.State] {
		validationFailed(w, "Status", "state", "custom", "state is not included in the list", doc)
		return
	}
	if body.Context == "" {
		body.Context = "default"
	}
	n := 0
	for _, st := range s.statuses[sha] {
		if strings.EqualFold(fmt.Sprint(st["context"]), body.Context) {
			n++
		}
	}
	if n >= 1000 {
		validationFailed(w, "Status", "context", "custom", "This SHA and context has reached the maximum number of statuses.", doc)
		return
	}
	s.nextID++
	now := time.Now().UTC().Format(time.RFC3339)
	st := map[string]any{"id": s.nextID, "node_id": fmt.Sprintf("SC_%d", s.nextID), "state": body.State, "context": body.Context,
		"description": deref(body.Description), "target_url": deref(body.TargetURL), "created_at": now, "updated_at": now,
		"url":     fmt.Sprintf("%s/repos/%s/%s/statuses/%s", s.URL, a[0], a[1], sha),
		"creator": s.caller()}
	s.statuses[sha] = append(s.statuses[sha], st)
	writeJSON(w, 201, st)
}

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *Server) getCommit(w http.ResponseWriter, r *http.Request, a []string) {
	sha, ok := s.resolve(a[2])
	if !ok {
		apiError(w, 422, "No commit found for SHA: "+a[2], "https://docs.github.com/rest/commits/commits#get-a-commit")
		return
	}
	writeJSON(w, 200, s.commitObject(a[0], a[1], sha))
}

// listCommits answers "list commits" as GitHub documents it
// (https://docs.github.com/rest/commits/commits#list-commits): the commits reachable from sha
// (a SHA or a branch; the default branch when absent), newest first, paginated by per_page
// (30 by default, at most 100) and page with a Link header. An unknown sha is GitHub's 404.
func (s *Server) listCommits(w http.ResponseWriter, r *http.Request, a []string) {
	from := r.URL.Query().Get("sha")
	if from == "" {
		if from = s.DefaultBranch; from == "" {
			from = "main"
		}
	}
	sha, ok := s.resolve(from)
	if !ok {
		apiError(w, 404, "No commit found for SHA: "+from, "https://docs.github.com/rest/commits/commits#list-commits")
		return
	}
	var all []map[string]any
	for c := sha; c != ""; c = s.commits[c] {
		all = append(all, s.commitObject(a[0], a[1], c))
	}
	writeJSON(w, 200, page(w, r, all))
}

// commitObject is sha as "get a commit" and "compare two commits" show it: its author and
// committer (both at CommitInfo's time, in UTC as GitHub writes them), message and parents.
func (s *Server) commitObject(owner, repo, sha string) map[string]any {
	ci := s.more.commitInfo[sha]
	if ci.Time.IsZero() {
		ci.Time = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if ci.Author == "" {
		ci.Author = "octocat"
	}
	if ci.AuthorEmail == "" {
		ci.AuthorEmail = ci.Author + "@users.noreply.github.com"
	}
	if ci.Committer == "" && ci.CommitterEmail == "" {
		ci.Committer, ci.CommitterEmail = ci.Author, ci.AuthorEmail
	}
	if ci.CommitterEmail == "" {
		ci.CommitterEmail = ci.Committer + "@users.noreply.github.com"
	}
	at := ci.Time.UTC().Format(time.RFC3339)
	author := map[string]any{"name": ci.Author, "email": ci.AuthorEmail, "date": at}
	committer := map[string]any{"name": ci.Committer, "email": ci.CommitterEmail, "date": at}
	// GitHub's author and committer: the accounts it links the e-mail addresses to, or null.
	account := func(address string) any {
		if login := s.accountOf(address); login != "" {
			return user(login, "User", accountID(login))
		}
		return nil
	}
	var parents []any
	if p := s.commits[sha]; p != "" {
		parents = append(parents, map[string]any{"sha": p, "url": fmt.Sprintf("%s/repos/%s/%s/commits/%s", s.URL, owner, repo, p)})
	}
	return map[string]any{"sha": sha, "node_id": "C_" + sha[:min(7, len(sha))],
		"commit":    map[string]any{"author": author, "committer": committer, "message": ci.Message, "comment_count": 0},
		"author":    account(ci.AuthorEmail),
		"committer": account(ci.CommitterEmail),
		"html_url":  fmt.Sprintf("https://github.com/%s/%s/commit/%s", owner, repo, sha),
		"parents":   append([]any{}, parents...), "files": []any{}}
}

func (s *Server) commitPulls(w http.ResponseWriter, r *http.Request, a []string) {
	sha, ok := s.resolve(a[2])
	if !ok {
		apiError(w, 422, "No commit found for SHA: "+a[2], "https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit")
		return
	}
	out := []map[string]any{}
	for _, p := range s.more.pulls {
		if p.commits[sha] {
			out = append(out, p.obj)
		}
	}
	writeJSON(w, 200, page(w, r, out))
}

func (s *Server) pullByNumber(n string) *pull {
	num, err := strconv.Atoi(n)
	if err != nil {
		return nil
	}
	for _, p := range s.more.pulls {
		if p.obj["number"] == num {
			return p
		}
	}
	return nil
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request, a []string) {
	p := s.pullByNumber(a[2])
	if p == nil {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/issues/comments#list-issue-comments")
		return
	}
	out := []map[string]any{}
	for _, c := range s.more.comments {
		if c["issue_number"] == p.obj["number"] {
			out = append(out, public(c))
		}
	}
	writeJSON(w, 200, page(w, r, out))
}

// public is a comment without the fake's bookkeeping.
func public(c map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range c {
		if k != "issue_number" {
			out[k] = v
		}
	}
	return out
}

// commentBody reads {"body": ...} and validates it as GitHub does; ok is false after an error reply.
func commentBody(w http.ResponseWriter, r *http.Request, doc string) (string, bool) {
	var body struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, 400, "Problems parsing JSON", doc)
		return "", false
	}
	if body.Body == nil {
		apiError(w, 422, "Invalid request.\n\n\"body\" wasn't supplied.", doc)
		return "", false
	}
	if len([]rune(*body.Body)) > 65536 {
		validationFailed(w, "IssueComment", "body", "custom", "body is too long (maximum is 65536 characters)", doc)
		return "", false
	}
	return *body.Body, true
}

// AddComment adds a comment by a person (login) on pull request number, as if written on GitHub.
func (s *Server) AddComment(number int, login, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addComment("acme", "app", number, body, map[string]any{"login": login, "type": "User"})
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request, a []string) {
	const doc = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
	p := s.pullByNumber(a[2])
	if p == nil {
		apiError(w, 404, "Not Found", doc)
		return
	}
	body, ok := commentBody(w, r, doc)
	if !ok {
		return
	}
	c := s.addComment(a[0], a[1], p.obj["number"].(int), body, s.caller())
	writeJSON(w, 201, public(c))
}

func (s *Server) addComment(owner, repo string, num int, body string, user map[string]any) map[string]any {
	a := []string{owner, repo}
	s.nextID++
	now := time.Now().UTC().Format(time.RFC3339)
	c := map[string]any{"id": s.nextID, "node_id": fmt.Sprintf("IC_%d", s.nextID), "body": body, "issue_number": num,
		"user":       user,
		"created_at": now, "updated_at": now, "author_association": "NONE",
		"url":       fmt.Sprintf("%s/repos/%s/%s/issues/comments/%d", s.URL, a[0], a[1], s.nextID),
		"html_url":  fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", a[0], a[1], num, s.nextID),
		"issue_url": fmt.Sprintf("%s/repos/%s/%s/issues/%d", s.URL, a[0], a[1], num)}
	s.more.comments = append(s.more.comments, c)
	return c
}

func (s *Server) updateComment(w http.ResponseWriter, r *http.Request, a []string) {
	const doc = "https://docs.github.com/rest/issues/comments#update-an-issue-comment"
	id, _ := strconv.ParseInt(a[2], 10, 64)
	for _, c := range s.more.comments {
		if c["id"] != id {
			continue
		}
		body, ok := commentBody(w, r, doc)
		if !ok {
			return
		}
		c["body"], c["updated_at"] = body, time.Now().UTC().Format(time.RFC3339)
		writeJSON(w, 200, public(c))
		return
	}
	apiError(w, 404, "Not Found", doc)
}

// HistoryDeployment is one deployment of a recorded history, with its statuses' times.
type HistoryDeployment struct {
	Env, SHA string
	// Task is "deploy" when empty.
	Task       string
	Payload    map[string]any
	Created    time.Time
	Production bool
	Statuses   []HistoryStatus // oldest first
}

// HistoryStatus is one deployment status at a given time.
type HistoryStatus struct {
	State string
	At    time.Time
}

// Record adds a deployment that happened in the past, with its statuses, exactly as given (no
// auto_inactive), and returns its ID. The commit must exist.
func (s *Server) Record(h HistoryDeployment) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.commits[h.SHA]; !ok {
		panic("githubfake: Record: unknown commit " + h.SHA)
	}
	if h.Task == "" {
		h.Task = "deploy"
	}
	s.nextID++
	ts := h.Created.UTC().Format(time.RFC3339)
	d := &deployment{obj: map[string]any{"id": s.nextID, "sha": h.SHA, "ref": h.SHA, "task": h.Task, "payload": h.Payload,
		"environment": h.Env, "description": nil, "creator": s.account(""),
		"created_at": ts, "updated_at": ts, "production_environment": h.Production, "transient_environment": false}}
	for i, st := range h.Statuses {
		d.statuses = append(d.statuses, map[string]any{"id": i + 1, "state": st.State, "environment": h.Env,
			"created_at": st.At.UTC().Format(time.RFC3339), "description": nil, "log_url": "", "environment_url": ""})
	}
	s.deps = append(s.deps, d)
	return s.nextID
}
