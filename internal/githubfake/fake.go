// Package githubfake is a stateful fake of the parts of GitHub's REST API that Greenlight uses,
// following GitHub's documented shapes and behaviour: commit statuses and check runs, compare,
// deployments and their statuses (with auto_inactive), workflow dispatch; authentication with
// per-token permissions (403 "Resource not accessible by integration" with
// X-Accepted-GitHub-Permissions), rate limits (x-ratelimit-* headers, 403 when exhausted, 429
// with Retry-After for secondary limits), pagination with Link headers, and injected 5xx.
package githubfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is the fake. Its zero value is not usable: call New.
type Server struct {
	*httptest.Server
	mu sync.Mutex

	tokens   map[string]map[string]string // token → permission → read|write
	commits  map[string]string            // sha → parent sha ("" for the root)
	refs     map[string]string            // branch → sha
	tags     map[string]string            // tag → sha
	statuses map[string][]map[string]any  // sha → statuses, oldest first
	checks   map[string][]map[string]any  // sha → check runs
	deps     []*deployment                // oldest first
	nextID   int64
	// Dispatches records workflow dispatches.
	Dispatches []Dispatch
	workflows  map[string]bool
	// dispatchInputs are the inputs a registered workflow file declares (Workflow).
	dispatchInputs map[string]map[string]dispatchInput
	files          map[string]string // path → content, on every ref
	runs           []*workflowRun
	logins         map[string]string // person's token → login
	apps           map[string]string // App installation's token → app slug
	appIDs         map[string]int64  // app slug → its ID, for Apps registered with AppInstallation
	tok            string            // the token of the request being served
	workflowIDs    map[string]int64  // workflow file → ID
	// DefaultBranch is the repository's default branch (SetDefaultBranch; "" is main).
	DefaultBranch string

	remaining  int // primary rate limit left; -1 = unlimited
	resetAfter time.Duration
	secondary  int // next n requests get a secondary limit (429, Retry-After)
	failNext   int // next n requests answer failCode
	failCode   int
	// failOutcome: the next n deployment statuses that record an outcome (success, failure,
	// error) answer outcomeCode, as when GitHub fails right after a deploy switched traffic.
	failOutcome, outcomeCode int
	// Requests counts requests per "METHOD path".
	Requests map[string]int
	more     more // commits' metadata, pull requests, comments (more.go)
	timeline []StatusEvent

	// GitHub App installations (apps.go).
	installs map[int64]appInstall
	expires  map[string]time.Time // installation token → when it expires
	minted   []string
	now      func() time.Time
	lifetime time.Duration
	n        int
	// envs are the repository's environments by lower-case name (environments.go); envNames
	// their names as created.
	envs     map[string]*Environment
	envNames []string
	// vars are the repository's Actions variables by upper-case name (variables.go).
	vars map[string]*variable
}

type deployment struct {
	obj      map[string]any
	statuses []map[string]any // newest last
}

// StatusEvent is one deployment status as the fake received it, with the exact time (GitHub
// shows seconds): for tests that check what happened when, such as every traffic move of a
// run falling inside that run's hold.
type StatusEvent struct {
	Deployment int64
	Task, Env  string
	Payload    json.RawMessage
	State      string
	At         time.Time
}

// Timeline is every deployment status written so far, oldest first.
func (s *Server) Timeline() []StatusEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]StatusEvent(nil), s.timeline...)
}

// Dispatch is one recorded workflow dispatch.
type Dispatch struct {
	Workflow, Ref string
	Inputs        map[string]any
}

// New starts a fake with one repository's history: commits in order (each the parent of the
// next) on branch main, a workflow file deploy.yml, and the environment production restricted
// to main (ProductionProtected; SetEnvironment and DeleteEnvironment change it).
func New(commits ...string) *Server {
	s := &Server{tokens: map[string]map[string]string{}, commits: map[string]string{}, refs: map[string]string{},
		statuses: map[string][]map[string]any{}, checks: map[string][]map[string]any{}, workflows: map[string]bool{"deploy.yml": true},
		remaining: -1, resetAfter: 2 * time.Second, Requests: map[string]int{}, nextID: 1000}
	parent := ""
	for _, c := range commits {
		s.commits[c] = parent
		parent = c
	}
	s.refs["main"] = parent
	// A repository set up as docs/getting-started.md says: production is restricted to main.
	s.setEnvironment("production", ProductionProtected)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AllPermissions is every permission Greenlight uses anywhere (the workflow, the CLI, the bot).
var AllPermissions = map[string]string{"actions_variables": "write", "deployments": "write", "statuses": "write", "checks": "read", "contents": "read", "actions": "write", "pull_requests": "read", "issues": "write"}

// BotAppPermissions is exactly what docs/slack.md tells a user to give the Slack bot's GitHub
// App: Actions write (dispatch), Deployments write (decisions, locks, audit), Contents read
// (its config), Pull requests read (who is behind a release), Variables write
// (GREENLIGHT_RECORDS). A bot test that installs the App with it fails when the bot needs more.
var BotAppPermissions = map[string]string{"actions": "write", "deployments": "write", "contents": "read", "pull_requests": "read", "actions_variables": "write"}

// WorkflowPermissions is exactly what the deploy workflow asks for (`permissions:` in the
// workflow greenlight init writes): no actions: write, which only dispatching needs.
var WorkflowPermissions = map[string]string{"deployments": "write", "statuses": "write", "checks": "read", "contents": "read", "actions": "read", "pull_requests": "read", "issues": "write"}

// Login makes tok a person's token (a personal access token, the gh CLI's): GET /user answers
// login for it, and what it creates is by login, type "User" (accounts.go). Other tokens get
// GitHub's answer for an installation's token there (403).
func (s *Server) Login(tok, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.logins == nil {
		s.logins = map[string]string{}
	}
	s.logins[tok] = login
}

// Token registers a token with its permissions.
func (s *Server) Token(tok string, perms map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[tok] = perms
}

// AddCommit adds a commit on top of parent ("" for a new root) and moves branch to it.
func (s *Server) AddCommit(sha, parent, branch string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits[sha] = parent
	if branch != "" {
		s.refs[branch] = sha
	}
}

// Tag points tag name at sha (a lightweight tag).
func (s *Server) Tag(name, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tags == nil {
		s.tags = map[string]string{}
	}
	s.tags[name] = sha
}

// Status adds a commit status.
func (s *Server) Status(sha, context, state string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[sha] = append(s.statuses[sha], map[string]any{"context": context, "state": state, "id": len(s.statuses[sha]) + 1})
}

// Check adds a check run; conclusion "" means still in progress.
func (s *Server) Check(sha, name, conclusion string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cr := map[string]any{"id": len(s.checks[sha]) + 1, "name": name, "head_sha": sha, "status": "completed", "conclusion": conclusion}
	if conclusion == "" {
		cr["status"], cr["conclusion"] = "in_progress", nil
	}
	s.checks[sha] = append(s.checks[sha], cr)
}

// RateLimit leaves n requests in the primary limit, reset after d.
func (s *Server) RateLimit(n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remaining, s.resetAfter = n, d
}

// SecondaryLimit makes the next n requests hit a secondary rate limit (429, Retry-After: 1).
func (s *Server) SecondaryLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secondary = n
}

// FailOutcome makes the next n deployment status writes that record an outcome (success,
// failure, error) answer code; other requests go through.
func (s *Server) FailOutcome(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failOutcome, s.outcomeCode = n, code
}

// FailNext makes the next n requests answer code.
func (s *Server) FailNext(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failCode = n, code
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, code int, msg, doc string) {
	writeJSON(w, code, map[string]any{"message": msg, "documentation_url": doc, "status": strconv.Itoa(code)})
}

// route is one endpoint: pattern parts with {} wildcards, the permission it needs.
type route struct {
	method, pattern, perm, level string
	h                            func(s *Server, w http.ResponseWriter, r *http.Request, args []string)
}

var routes = []route{
	{"GET", "/repos/{}/{}", "metadata", "read", (*Server).getRepo},
	{"GET", "/repos/{}/{}/commits/{}/status", "statuses", "read", (*Server).combinedStatus},
	{"POST", "/repos/{}/{}/statuses/{}", "statuses", "write", (*Server).createStatus},
	{"GET", "/repos/{}/{}/commits/{}/check-runs", "checks", "read", (*Server).checkRuns},
	{"GET", "/repos/{}/{}/compare/{}", "contents", "read", (*Server).compare},
	{"GET", "/repos/{}/{}/git/ref/{}/{}", "contents", "read", (*Server).gitRef},
	{"GET", "/repos/{}/{}/branches/{}", "contents", "read", (*Server).branch},
	{"POST", "/repos/{}/{}/deployments", "deployments", "write", (*Server).createDeployment},
	{"GET", "/repos/{}/{}/deployments", "deployments", "read", (*Server).listDeployments},
	{"POST", "/repos/{}/{}/deployments/{}/statuses", "deployments", "write", (*Server).createDeploymentStatus},
	{"GET", "/repos/{}/{}/deployments/{}/statuses", "deployments", "read", (*Server).listDeploymentStatuses},
	{"DELETE", "/repos/{}/{}/deployments/{}", "deployments", "write", (*Server).deleteDeployment},
	{"POST", "/repos/{}/{}/actions/workflows/{}/dispatches", "actions", "write", (*Server).dispatch},
	{"GET", "/repos/{}/{}/actions/runs/{}", "actions", "read", (*Server).getRun},
	{"GET", "/repos/{}/{}/actions/runs/{}/jobs", "actions", "read", (*Server).runJobs},
	{"GET", "/repos/{}/{}/actions/runs/{}/attempts/{}/jobs", "actions", "read", (*Server).runJobs},
	{"GET", "/repos/{}/{}/actions/workflows/{}/runs", "actions", "read", (*Server).workflowRuns},
	{"GET", "/repos/{}/{}/environments/{}", "actions", "read", (*Server).getEnvironment},
	{"GET", "/repos/{}/{}/environments/{}/deployment-branch-policies", "actions", "read", (*Server).listBranchPolicies},
	{"GET", "/repos/{}/{}/actions/variables/{}", "actions_variables", "read", (*Server).getVariable},
	{"POST", "/repos/{}/{}/actions/variables", "actions_variables", "write", (*Server).createVariable},
	{"PATCH", "/repos/{}/{}/actions/variables/{}", "actions_variables", "write", (*Server).updateVariable},
	{"GET", "/repos/{}/{}/contents/{}", "contents", "read", (*Server).contents},
	{"GET", "/repos/{}/{}/contents/{}/{}", "contents", "read", (*Server).contents},
	{"GET", "/repos/{}/{}/contents/{}/{}/{}", "contents", "read", (*Server).contents},
}

func match(pattern, path string) ([]string, bool) {
	pp := strings.Split(strings.Trim(pattern, "/"), "/")
	xp := strings.Split(strings.Trim(path, "/"), "/")
	if len(pp) != len(xp) {
		return nil, false
	}
	var args []string
	for i := range pp {
		switch {
		case pp[i] == "{}":
			a, _ := url.PathUnescape(xp[i])
			args = append(args, a)
		case pp[i] != xp[i]:
			return nil, false
		}
	}
	return args, true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := strings.TrimPrefix(r.URL.Path, "/api/v3")
	s.Requests[r.Method+" "+path]++
	reset := time.Now().Add(s.resetAfter).Unix()
	w.Header().Set("X-Ratelimit-Limit", "5000")
	w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(reset, 10))
	w.Header().Set("X-Ratelimit-Resource", "core")
	if s.failNext > 0 {
		s.failNext--
		apiError(w, s.failCode, "Server Error", "")
		return
	}
	if s.secondary > 0 {
		s.secondary--
		w.Header().Set("Retry-After", "1")
		apiError(w, http.StatusTooManyRequests, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
		return
	}
	if s.remaining == 0 {
		w.Header().Set("X-Ratelimit-Remaining", "0")
		apiError(w, http.StatusForbidden, "API rate limit exceeded for installation ID 1.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
		return
	}
	if s.remaining > 0 {
		s.remaining--
		w.Header().Set("X-Ratelimit-Remaining", strconv.Itoa(s.remaining))
	} else {
		w.Header().Set("X-Ratelimit-Remaining", "4999")
	}
	if s.accessToken(w, r, path) {
		return
	}
	auth := r.Header.Get("Authorization")
	tok := strings.TrimPrefix(strings.TrimPrefix(auth, "Bearer "), "token ")
	perms, ok := s.tokens[tok]
	if auth == "" || !ok || s.expired(tok) {
		apiError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
		return
	}
	if r.Method == http.MethodGet && path == "/user" {
		_, person := s.logins[tok]
		if !person {
			// A workflow's (an installation's) token is not a user.
			apiError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest/users/users#get-the-authenticated-user")
			return
		}
		writeJSON(w, 200, s.account(tok))
		return
	}
	for _, rt := range routes {
		if rt.method != r.Method {
			continue
		}
		args, ok := match(rt.pattern, path)
		if !ok {
			continue
		}
		// Every token that can see the repository reads its metadata (GitHub grants a GitHub
		// App metadata: read whenever it has any repository permission).
		if got := perms[rt.perm]; (got == "" && rt.perm != "metadata") || (rt.level == "write" && got != "write") {
			w.Header().Set("X-Accepted-GitHub-Permissions", rt.perm+"="+rt.level)
			apiError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest")
			return
		}
		s.tok = tok
		rt.h(s, w, r, args)
		return
	}
	apiError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
}

// getRepo answers GET /repos/{owner}/{repo} with the fields Greenlight reads: the default
// branch (DefaultBranch, else main).
func (s *Server) getRepo(w http.ResponseWriter, r *http.Request, a []string) {
	b := s.DefaultBranch
	if b == "" {
		b = "main"
	}
	writeJSON(w, 200, map[string]any{"name": a[1], "full_name": a[0] + "/" + a[1], "owner": map[string]any{"login": a[0]}, "default_branch": b})
}

// SetDefaultBranch makes branch the repository's default branch, at the newest commit New
// was given (as main is by default), and no longer has main.
func (s *Server) SetDefaultBranch(branch string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if branch != "main" {
		s.refs[branch] = s.refs["main"]
		delete(s.refs, "main")
	}
	s.DefaultBranch = branch
}

// resolve turns a ref (sha, short sha, branch, tag) into a sha. A bare name resolves as git
// resolves it (gitrevisions(7)): refs/tags/NAME before refs/heads/NAME.
func (s *Server) resolve(ref string) (string, bool) {
	if name, ok := strings.CutPrefix(ref, "refs/tags/"); ok {
		sha, ok := s.tags[name]
		return sha, ok
	}
	if name, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
		sha, ok := s.refs[name]
		return sha, ok
	}
	if sha, ok := s.tags[ref]; ok {
		return sha, true
	}
	if sha, ok := s.refs[ref]; ok {
		return sha, true
	}
	if _, ok := s.commits[ref]; ok {
		return ref, true
	}
	if len(ref) >= 7 {
		// A short SHA names a commit only when one commit starts with it: git refuses an
		// ambiguous one ("short SHA1 ... is ambiguous", gitrevisions(7)), and so does GitHub,
		// which answers as for a commit it does not have.
		found := ""
		for c := range s.commits {
			if strings.HasPrefix(c, strings.ToLower(ref)) {
				if found != "" {
					return "", false
				}
				found = c
			}
		}
		return found, found != ""
	}
	return "", false
}

// page slices items by per_page and page and sets the Link header, as GitHub does.
func page[T any](w http.ResponseWriter, r *http.Request, items []T) []T {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if p <= 0 {
		p = 1
	}
	last := (len(items) + per - 1) / per
	link := func(n int, rel string) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		q.Set("per_page", strconv.Itoa(per))
		u := *r.URL
		u.RawQuery = q.Encode()
		u.Scheme, u.Host = "http", r.Host
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if p < last {
		links = append(links, link(p+1, "next"), link(last, "last"))
	}
	if p > 1 {
		links = append(links, link(1, "first"), link(p-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo, hi := (p-1)*per, p*per
	if lo > len(items) {
		lo = len(items)
	}
	if hi > len(items) {
		hi = len(items)
	}
	return items[lo:hi]
}

func (s *Server) combinedStatus(w http.ResponseWriter, r *http.Request, a []string) {
	sha, ok := s.resolve(a[2])
	if !ok {
		apiError(w, 422, "No commit found for SHA: "+a[2], "")
		return
	}
	// The latest status per context counts, as on GitHub.
	latest := map[string]map[string]any{}
	var order []string
	for _, st := range s.statuses[sha] {
		c := st["context"].(string)
		if _, seen := latest[c]; !seen {
			order = append(order, c)
		}
		latest[c] = st
	}
	var all []map[string]any
	state := "success"
	for _, c := range order {
		st := latest[c]
		all = append(all, st)
		switch st["state"] {
		case "failure", "error":
			state = "failure"
		case "pending":
			if state == "success" {
				state = "pending"
			}
		}
	}
	if len(all) == 0 {
		state = "pending"
	}
	writeJSON(w, 200, map[string]any{"state": state, "sha": sha, "total_count": len(all), "statuses": page(w, r, all)})
}

func (s *Server) createStatus(w http.ResponseWriter, r *http.Request, a []string) {
	var body map[string]any
	json.NewDecoder(r.Body).Decode(&body)
	s.statuses[a[2]] = append(s.statuses[a[2]], body)
	writeJSON(w, 201, body)
}

func (s *Server) checkRuns(w http.ResponseWriter, r *http.Request, a []string) {
	sha, ok := s.resolve(a[2])
	if !ok {
		apiError(w, 422, "No commit found for SHA: "+a[2], "")
		return
	}
	all := s.checks[sha]
	switch f := r.URL.Query().Get("filter"); f {
	case "", "latest":
		// GitHub's default: only the most recent check run of each name.
		newest := map[string]int{}
		for i, cr := range all {
			newest[cr["name"].(string)] = i
		}
		var latest []map[string]any
		for i, cr := range all {
			if newest[cr["name"].(string)] == i {
				latest = append(latest, cr)
			}
		}
		all = latest
	case "all":
	default:
		apiError(w, 422, "Validation Failed: filter is not included in the list", "https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference")
		return
	}
	writeJSON(w, 200, map[string]any{"total_count": len(all), "check_runs": page(w, r, all)})
}

// compare answers "compare two commits" as GitHub documents it
// (https://docs.github.com/rest/commits/commits#compare-two-commits): the commits of
// `git log BASE..HEAD` in chronological order (oldest first); without per_page or page at most
// 250 of them, the newest last; with either, paginated (Link header); ahead_by and behind_by
// count the commits each side has that the other has not, diverged or not.
func (s *Server) compare(w http.ResponseWriter, r *http.Request, a []string) {
	base, head, ok := strings.Cut(a[2], "...")
	if !ok {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/commits/commits#compare-two-commits")
		return
	}
	b, ok1 := s.resolve(base)
	h, ok2 := s.resolve(head)
	if !ok1 || !ok2 {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/commits/commits#compare-two-commits")
		return
	}
	// path is c and its ancestors, newest first (the fake's history has one parent a commit).
	path := func(c string) []string {
		var out []string
		for ; c != ""; c = s.commits[c] {
			out = append(out, c)
		}
		return out
	}
	ph, pb := path(h), path(b)
	inH, inB := map[string]bool{}, map[string]bool{}
	for _, c := range ph {
		inH[c] = true
	}
	for _, c := range pb {
		inB[c] = true
	}
	var ahead []any // oldest first
	for i := len(ph) - 1; i >= 0; i-- {
		if !inB[ph[i]] {
			ahead = append(ahead, s.commitObject(a[0], a[1], ph[i]))
		}
	}
	behindBy, mergeBase := 0, ""
	for _, c := range pb {
		if !inH[c] {
			behindBy++
		} else if mergeBase == "" {
			mergeBase = c
		}
	}
	status := "diverged"
	switch {
	case len(ahead) == 0 && behindBy == 0:
		status = "identical"
	case behindBy == 0:
		status = "ahead"
	case len(ahead) == 0:
		status = "behind"
	}
	q := r.URL.Query()
	list := ahead
	if q.Get("per_page") == "" && q.Get("page") == "" {
		list = ahead[max(0, len(ahead)-250):]
	} else {
		list = page(w, r, ahead)
	}
	obj := map[string]any{"status": status, "ahead_by": len(ahead), "behind_by": behindBy, "total_commits": len(ahead),
		"base_commit": s.commitObject(a[0], a[1], b), "commits": append([]any{}, list...), "files": []any{}}
	if mergeBase != "" {
		obj["merge_base_commit"] = s.commitObject(a[0], a[1], mergeBase)
	}
	writeJSON(w, 200, obj)
}

// gitRef answers GET /git/ref/heads/NAME or /git/ref/tags/NAME: the exact ref or 404, as
// GitHub's "Get a reference" does.
func (s *Server) gitRef(w http.ResponseWriter, r *http.Request, a []string) {
	var sha string
	ok := false
	switch a[2] {
	case "heads":
		sha, ok = s.refs[a[3]]
	case "tags":
		sha, ok = s.tags[a[3]]
	}
	if !ok {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/git/refs#get-a-reference")
		return
	}
	writeJSON(w, 200, map[string]any{"ref": "refs/" + a[2] + "/" + a[3], "node_id": "REF_" + sha[:7],
		"url":    fmt.Sprintf("%s/repos/%s/%s/git/refs/%s/%s", s.URL, a[0], a[1], a[2], a[3]),
		"object": map[string]any{"type": "commit", "sha": sha}})
}

// branch answers GET /branches/NAME: the branch and the commit it points at, or 404.
func (s *Server) branch(w http.ResponseWriter, r *http.Request, a []string) {
	sha, ok := s.refs[a[2]]
	if !ok {
		apiError(w, 404, "Branch not found", "https://docs.github.com/rest/branches/branches#get-a-branch")
		return
	}
	writeJSON(w, 200, map[string]any{"name": a[2], "commit": map[string]any{"sha": sha}, "protected": false})
}

func (s *Server) createDeployment(w http.ResponseWriter, r *http.Request, a []string) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, 400, "Problems parsing JSON", "")
		return
	}
	ref, _ := body["ref"].(string)
	sha, ok := s.resolve(ref)
	if !ok {
		apiError(w, 422, "No ref found for: "+ref, "https://docs.github.com/rest/deployments/deployments#create-a-deployment")
		return
	}
	env, _ := body["environment"].(string)
	if env == "" {
		env = "production"
	}
	// A deployment to an environment the repository does not have creates it, open to every
	// branch, as GitHub does.
	if _, _, ok := s.environmentNamed(env); !ok {
		s.setEnvironment(env, Environment{})
	}
	// Without required_contexts GitHub checks every status context of the ref first.
	if rc, given := body["required_contexts"]; !given || rc == nil {
		for _, st := range s.statuses[sha] {
			if st["state"] != "success" {
				apiError(w, 409, "Conflict: Commit status checks failed for "+ref+".", "")
				return
			}
		}
	}
	// GitHub's defaults (docs.github.com/rest/deployments/deployments#create-a-deployment):
	// production_environment is true when the environment is "production", false otherwise;
	// transient_environment is false.
	prod, ok := body["production_environment"].(bool)
	if !ok {
		prod = env == "production"
	}
	transient, _ := body["transient_environment"].(bool)
	s.nextID++
	task, _ := body["task"].(string)
	if task == "" {
		task = "deploy"
	}
	d := map[string]any{"id": s.nextID, "sha": sha, "ref": ref, "task": task, "payload": body["payload"], "environment": env,
		"description": body["description"], "creator": s.caller(), "performed_via_github_app": s.app(s.tok),
		"created_at": time.Now().UTC().Format(time.RFC3339), "updated_at": time.Now().UTC().Format(time.RFC3339),
		"production_environment": prod, "transient_environment": transient}
	s.deps = append(s.deps, &deployment{obj: d})
	writeJSON(w, 201, d)
}

func (s *Server) listDeployments(w http.ResponseWriter, r *http.Request, a []string) {
	q := r.URL.Query()
	var out []map[string]any
	for i := len(s.deps) - 1; i >= 0; i-- { // newest first
		d := s.deps[i].obj
		if e := q.Get("environment"); e != "" && d["environment"] != e {
			continue
		}
		if sha := q.Get("sha"); sha != "" && d["sha"] != sha {
			continue
		}
		if ref := q.Get("ref"); ref != "" && d["ref"] != ref {
			continue
		}
		if task := q.Get("task"); task != "" && d["task"] != task {
			continue
		}
		out = append(out, d)
	}
	writeJSON(w, 200, page(w, r, out))
}

func (s *Server) find(id string) *deployment {
	n, _ := strconv.ParseInt(id, 10, 64)
	for _, d := range s.deps {
		if d.obj["id"] == n {
			return d
		}
	}
	return nil
}

var deploymentStates = map[string]bool{"error": true, "failure": true, "inactive": true, "in_progress": true, "queued": true, "pending": true, "success": true}

func (s *Server) createDeploymentStatus(w http.ResponseWriter, r *http.Request, a []string) {
	d := s.find(a[2])
	if d == nil {
		apiError(w, 404, "Not Found", "")
		return
	}
	var body map[string]any
	json.NewDecoder(r.Body).Decode(&body)
	state, _ := body["state"].(string)
	if s.failOutcome > 0 && (state == "success" || state == "failure" || state == "error") {
		s.failOutcome--
		apiError(w, s.outcomeCode, "Server Error", "")
		return
	}
	if !deploymentStates[state] {
		apiError(w, 422, "Validation Failed: state is not included in the list", "")
		return
	}
	if desc, _ := body["description"].(string); len([]rune(desc)) > 140 {
		apiError(w, 422, "Validation Failed: description is too long (maximum is 140 characters)", "https://docs.github.com/rest/deployments/statuses#create-a-deployment-status")
		return
	}
	st := map[string]any{"id": len(d.statuses) + 1, "state": state, "description": body["description"],
		"environment": d.obj["environment"], "environment_url": body["environment_url"], "log_url": body["log_url"],
		"target_url": body["log_url"], "created_at": time.Now().UTC().Format(time.RFC3339),
		"creator": s.caller(), "performed_via_github_app": s.app(s.tok)}
	d.statuses = append(d.statuses, st)
	payload, _ := json.Marshal(d.obj["payload"])
	id, _ := d.obj["id"].(int64)
	task, _ := d.obj["task"].(string)
	env, _ := d.obj["environment"].(string)
	s.timeline = append(s.timeline, StatusEvent{Deployment: id, Task: task, Env: env, Payload: payload, State: state, At: time.Now()})
	// auto_inactive (default true): a success marks the prior successful deployments of the same
	// environment inactive, unless they are transient or production environments (GitHub's docs).
	if state == "success" && body["auto_inactive"] != false {
		for _, o := range s.deps {
			if o == d || o.obj["environment"] != d.obj["environment"] || o.obj["transient_environment"] == true || o.obj["production_environment"] == true {
				continue
			}
			if n := len(o.statuses); n > 0 && o.statuses[n-1]["state"] == "success" {
				o.statuses = append(o.statuses, map[string]any{"id": n + 1, "state": "inactive", "environment": o.obj["environment"],
					"created_at": time.Now().UTC().Format(time.RFC3339), "creator": s.caller(), "performed_via_github_app": s.app(s.tok)})
			}
		}
	}
	writeJSON(w, 201, st)
}

// deleteDeployment deletes a deployment as GitHub does: any token with deployments: write may,
// but only an inactive one, unless it is the repository's only deployment ("Delete a
// deployment" in GitHub's REST docs).
func (s *Server) deleteDeployment(w http.ResponseWriter, r *http.Request, a []string) {
	d := s.find(a[2])
	if d == nil {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/deployments/deployments#delete-a-deployment")
		return
	}
	if n := len(d.statuses); len(s.deps) > 1 && (n == 0 || d.statuses[n-1]["state"] != "inactive") {
		apiError(w, 422, "We cannot delete an active deployment unless it is the only deployment in a given environment.",
			"https://docs.github.com/rest/deployments/deployments#delete-a-deployment")
		return
	}
	for i, o := range s.deps {
		if o == d {
			s.deps = append(s.deps[:i], s.deps[i+1:]...)
			break
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listDeploymentStatuses(w http.ResponseWriter, r *http.Request, a []string) {
	d := s.find(a[2])
	if d == nil {
		apiError(w, 404, "Not Found", "")
		return
	}
	out := make([]map[string]any, len(d.statuses))
	for i := range d.statuses { // newest first
		out[i] = d.statuses[len(d.statuses)-1-i]
	}
	writeJSON(w, 200, page(w, r, out))
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, a []string) {
	if !s.workflows[a[2]] {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event")
		return
	}
	var body struct {
		Ref              string         `json:"ref"`
		Inputs           map[string]any `json:"inputs"`
		ReturnRunDetails bool           `json:"return_run_details"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	if _, ok := s.resolve(body.Ref); !ok {
		apiError(w, 422, "No ref found for: "+body.Ref, "")
		return
	}
	if len(body.Inputs) > 25 {
		apiError(w, 422, "you may only define up to 25 inputs for a workflow_dispatch event", "")
		return
	}
	if !s.checkDispatchInputs(w, a[2], body.Inputs) {
		return
	}
	s.Dispatches = append(s.Dispatches, Dispatch{Workflow: a[2], Ref: body.Ref, Inputs: body.Inputs})
	if !body.ReturnRunDetails {
		w.WriteHeader(204)
		return
	}
	id := 5000 + len(s.Dispatches)
	writeJSON(w, 200, map[string]any{"workflow_run_id": id,
		"run_url":  fmt.Sprintf("%s/repos/%s/%s/actions/runs/%d", s.URL, a[0], a[1], id),
		"html_url": fmt.Sprintf("https://github.com/%s/%s/actions/runs/%d", a[0], a[1], id)})
}

// File puts a file in the repository (the same on every ref).
func (s *Server) File(path, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[path] = content
}

func (s *Server) contents(w http.ResponseWriter, r *http.Request, a []string) {
	path := strings.Join(a[2:], "/")
	content, ok := s.files[path]
	if !ok {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content")
		return
	}
	writeJSON(w, 200, map[string]any{"type": "file", "encoding": "base64", "path": path, "name": path[strings.LastIndex(path, "/")+1:],
		"size": len(content), "content": base64.StdEncoding.EncodeToString([]byte(content))})
}

// Environments lists the environments that have deployments, sorted.
func (s *Server) Environments() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	for _, d := range s.deps {
		seen[d.obj["environment"].(string)] = true
	}
	var out []string
	for e := range seen {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}
