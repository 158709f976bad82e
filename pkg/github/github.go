// Package github is Greenlight's use of GitHub's REST API (through go-github): whether a
// commit is green, which commit an environment runs (GitHub Deployments are the inventory and
// the audit trail), recording each deploy there, choosing a rollback target, and dispatching
// the deploy workflow.
//
// Besides deploys, Greenlight keeps its other records in GitHub Deployments, each kind under a
// task of its own: a run's claim on an environment (ClaimTask), locks (LockTask), approval
// decisions (DecisionTask), the audit trail (AuditTask), feature flag releases (ReleaseTask),
// and releases a policy held (HeldTask) with their resumptions (ResumeTask).
//
// A Client is configured explicitly (New, Config); ConfigFromEnv (and FromEnv, which calls it)
// is the one place that reads environment variables. What the package logs goes to the
// *slog.Logger given with WithLogger.
package github

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v92/github"
)

// Client talks to one repository.
type Client struct {
	gh    *gh.Client
	owner string
	repo  string
	// Self names Greenlight's own check runs and statuses, which the green check ignores.
	Self string
	// MaxWait bounds how long a rate limit may make a call wait before it fails (default 1m).
	MaxWait time.Duration
	// RunID and RunAttempt identify the workflow run Greenlight runs in ($GITHUB_RUN_ID,
	// $GITHUB_RUN_ATTEMPT). The green check leaves out that run's own jobs — each is a check
	// run on the commit, in progress while it runs — and the other runs of the same workflow.
	RunID      int64
	RunAttempt int

	log *slog.Logger
	// appID is the configured GitHub App's ID (WithApp): the only App whose records count.
	appID int64
	// recordKey signs and verifies the records Greenlight writes (WithRecordKey, trust.go).
	recordKey []byte
	// anchored is GREENLIGHT_RECORDS as the job got it (WithAnchor; anchorErr when it is
	// malformed), anchorGone what of it was found deleted, per environment; anchoring says the
	// client anchors what it writes (WithAnchoring). anchor.go.
	anchored   []anchorEntry
	anchorErr  error
	anchorGone map[string][]anchorEntry
	anchoring  bool
	anchorMu   sync.Mutex
	mu         sync.Mutex
	ownSuites  map[string]map[int64]bool // sha → check suites of Greenlight's own workflow runs
	ownRuns    map[int64]bool            // check run IDs of this run's jobs
	final      map[int64]deploymentState // deployment ID → its statuses, once in a final state
	requests   int
}

// DefaultTimeout bounds each request of a Client made without WithHTTPClient.
const DefaultTimeout = time.Minute

// Option configures a Client.
type Option func(*options)

type options struct {
	baseURL   string
	hc        *http.Client
	log       *slog.Logger
	appID     int64
	recordKey []byte
	anchor    string
	anchorSet bool
	anchoring bool
}

// WithApp names the GitHub App whose records count (the Slack bot's, by its App ID): a
// decision or an unlock written through any other App, or through a workflow's GITHUB_TOKEN,
// is ignored and named. Without it, only what people wrote with their own tokens counts.
func WithApp(id int64) Option { return func(o *options) { o.appID = id } }

// WithRecordKey is the key that signs the records Greenlight writes and verifies those it
// reads (a deploy that served all of an environment's traffic): a secret of the protected
// environment the deploy job runs in (GREENLIGHT_RECORD_KEY), at least 32 bytes. Without
// it, no record is verified: a rollback may return only to what the target itself kept.
func WithRecordKey(key []byte) Option { return func(o *options) { o.recordKey = key } }

// WithBaseURL points the client at another API root (GitHub Enterprise, or a test server).
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithHTTPClient sets the HTTP client.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.hc = c } }

// WithLogger is where the client logs what it cannot return as an error (a commit status that
// Feedback failed to post); by default it logs nothing.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// New returns a client for repository "owner/name" authenticated with token.
func New(token, repository string, opts ...Option) (*Client, error) {
	if token == "" {
		return nil, errors.New("no GitHub token: pass github-token (the workflow's GITHUB_TOKEN by default) or set GITHUB_TOKEN")
	}
	return newClient(gh.WithAuthToken(token), repository, opts...)
}

// Settings is what a package that authenticates a Client's requests itself needs from opts
// (pkg/github/ghapp, a GitHub App installation's tokens): the API root (WithBaseURL; "" for
// api.github.com) and the HTTP client (WithHTTPClient; nil when none was given).
func Settings(opts ...Option) (baseURL string, hc *http.Client) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o.baseURL, o.hc
}

// NewAuthenticated returns a client for repository whose requests the HTTP client given with
// WithHTTPClient authenticates by itself (as pkg/github/ghapp's does): New's token is not
// added. It is kept out of this package so that a pipeline, which authenticates with the
// workflow's token, does not link a GitHub App's token minting.
func NewAuthenticated(repository string, opts ...Option) (*Client, error) {
	return newClient(nil, repository, opts...)
}

func newClient(auth gh.ClientOptionsFunc, repository string, opts ...Option) (*Client, error) {
	owner, repo, ok := strings.Cut(repository, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return nil, fmt.Errorf("invalid repository %q: want owner/name", repository)
	}
	var o options
	for _, f := range opts {
		f(&o)
	}
	gopts := []gh.ClientOptionsFunc{gh.WithUserAgent("greenlight")}
	if auth != nil {
		gopts = append(gopts, auth)
	}
	if o.hc == nil {
		// Every call to GitHub ends: a server that accepts a connection and never answers
		// fails the call after DefaultTimeout (rate-limit waits come on top, bounded by MaxWait).
		o.hc = &http.Client{Timeout: DefaultTimeout}
	}
	gopts = append(gopts, gh.WithHTTPClient(o.hc))
	if o.baseURL != "" {
		u, err := url.Parse(strings.TrimRight(o.baseURL, "/") + "/")
		if err != nil {
			return nil, fmt.Errorf("invalid GitHub API URL %q: %w", o.baseURL, err)
		}
		base := u.String()
		gopts = append(gopts, gh.WithURLs(&base, &base))
	}
	c, err := gh.NewClient(gopts...)
	if err != nil {
		return nil, err
	}
	log := o.log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if len(o.recordKey) > 0 && len(o.recordKey) < 32 {
		return nil, fmt.Errorf("the record key is %d bytes: it needs at least 32 (make one with `openssl rand -base64 48`)", len(o.recordKey))
	}
	cl := &Client{gh: c, owner: owner, repo: repo, Self: "greenlight", MaxWait: time.Minute, final: map[int64]deploymentState{}, log: log,
		appID: o.appID, recordKey: o.recordKey, anchoring: o.anchoring}
	if o.anchorSet {
		cl.anchored, cl.anchorErr = parseAnchor(o.anchor)
	}
	return cl, nil
}

// Repository is owner/name.
func (c *Client) Repository() string { return c.owner + "/" + c.repo }

// permissions says, per operation, which token permission it needs, for error messages.
var permissions = map[string]string{
	"reading commit statuses":                 "statuses: read",
	"reading a file":                          "contents: read",
	"reading check runs":                      "checks: read",
	"reading this workflow run":               "actions: read",
	"reading a workflow run":                  "actions: read",
	"comparing commits":                       "contents: read",
	"reading a ref":                           "contents: read",
	"reading a branch":                        "contents: read",
	"listing deployments":                     "deployments: read",
	"creating a deployment":                   "deployments: write",
	"setting deployment state":                "deployments: write",
	"dispatching the workflow":                "actions: write",
	"reading the repository":                  "metadata: read",
	"reading an environment":                  "actions: read",
	"reading the variable " + RecordsVariable: "Variables: read (a GitHub App's actions_variables)",
	"writing the variable " + RecordsVariable: "Variables: write (a GitHub App's actions_variables)",
}

// call runs f, retrying rate limits (honouring Retry-After and x-ratelimit-reset up to MaxWait)
// and server errors (three times, with back-off), and explains what is left.
func (c *Client) call(ctx context.Context, op string, f func() (*gh.Response, error)) error {
	return c.callN(ctx, op, 4, f)
}

// callN is call with up to attempts tries on server errors.
func (c *Client) callN(ctx context.Context, op string, attempts int, f func() (*gh.Response, error)) error {
	delay := 500 * time.Millisecond
	waited := time.Duration(0)
	for attempt := 1; ; attempt++ {
		c.mu.Lock()
		c.requests++
		c.mu.Unlock()
		resp, err := f()
		if err == nil {
			return nil
		}
		wait, retry := c.retryAfter(resp, err, attempt < attempts, delay)
		if !retry || waited+wait > c.MaxWait || ctx.Err() != nil {
			return c.explain(op, resp, err, waited)
		}
		select {
		case <-ctx.Done():
			return c.explain(op, resp, err, waited)
		case <-time.After(wait):
		}
		waited += wait
		delay *= 2
	}
}

func (c *Client) retryAfter(resp *gh.Response, err error, again bool, delay time.Duration) (time.Duration, bool) {
	var rl *gh.RateLimitError
	var arl *gh.AbuseRateLimitError
	switch {
	case errors.As(err, &arl):
		if arl.RetryAfter != nil {
			return *arl.RetryAfter, true
		}
		return delay, true
	case errors.As(err, &rl):
		return max(time.Until(rl.Rate.Reset.Time), time.Second), true
	}
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden) {
		if s := resp.Header.Get("Retry-After"); s != "" {
			if n, err := strconv.Atoi(s); err == nil {
				return time.Duration(n) * time.Second, true
			}
		}
		if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
			if n, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
				return max(time.Until(time.Unix(n, 0)), time.Second), true
			}
		}
	}
	if resp != nil && resp.StatusCode >= 500 && again {
		return delay, true
	}
	return 0, false
}

func (c *Client) explain(op string, resp *gh.Response, err error, waited time.Duration) error {
	where := c.Repository()
	if resp == nil {
		return fmt.Errorf("%s in %s: GitHub unreachable: %w", op, where, err)
	}
	switch code := resp.StatusCode; {
	case code == http.StatusUnauthorized:
		return fmt.Errorf("%s in %s: the GitHub token was refused (401): is it expired or wrong? (%v)", op, where, err)
	case code == http.StatusNotFound && op == "dispatching the workflow":
		return fmt.Errorf("%s in %s: GitHub answered 404: the workflow file is not on that ref, or the token lacks `permissions: actions: write` (%v)", op, where, err)
	case code == http.StatusForbidden && !isRateLimit(resp, err):
		perm := permissions[op]
		if h := resp.Header.Get("X-Accepted-GitHub-Permissions"); h != "" {
			perm = strings.ReplaceAll(strings.ReplaceAll(h, "=", ": "), ",", ", ")
		}
		return fmt.Errorf("%s in %s: the token lacks a permission: give the workflow `permissions: %s` (%v)", op, where, perm, err)
	case isRateLimit(resp, err):
		return fmt.Errorf("%s in %s: GitHub's rate limit is exhausted, waited %s and gave up: retry later (%v)", op, where, waited.Round(time.Second), err)
	case code >= 500:
		return fmt.Errorf("%s in %s: GitHub kept failing (%d) after retries: retry later (%v)", op, where, code, err)
	}
	return fmt.Errorf("%s in %s: %w", op, where, err)
}

func isRateLimit(resp *gh.Response, err error) bool {
	var rl *gh.RateLimitError
	var arl *gh.AbuseRateLimitError
	return errors.As(err, &rl) || errors.As(err, &arl) || resp.StatusCode == http.StatusTooManyRequests ||
		resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-Ratelimit-Remaining") == "0"
}

// --- green commits

// Requests is how many API requests the client made (retries included).
func (c *Client) Requests() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests
}

// Green is the verdict on one commit.
type Green struct {
	OK bool
	// Failing and Pending name the statuses and check runs that are not green.
	Failing, Pending []string
	// Passed names those that counted and passed; Ignored those left out: Greenlight's own
	// statuses, this run's jobs and other runs of its workflow.
	Passed, Ignored []string
}

// String says whether the commit is green and, if not, why.
func (g Green) String() string {
	switch {
	case g.OK:
		return "green (" + strings.Join(g.Passed, ", ") + ")"
	case len(g.Failing) > 0:
		return "failing: " + strings.Join(g.Failing, ", ")
	default:
		return "waiting for " + strings.Join(g.Pending, ", ")
	}
}

// ownChecks returns the check suites of Greenlight's own workflow runs on sha (this run's and
// the other runs of the same workflow) and the check runs of this run's jobs, so that the
// green check leaves them out by identity, not by name.
func (c *Client) ownChecks(ctx context.Context, sha string) (map[int64]bool, map[int64]bool, error) {
	if c.RunID == 0 {
		return nil, nil, nil
	}
	c.mu.Lock()
	suites, runs := c.ownSuites[sha], c.ownRuns
	c.mu.Unlock()
	if suites != nil {
		return suites, runs, nil
	}
	var run *gh.WorkflowRun
	err := c.call(ctx, "reading this workflow run", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		run, resp, err = c.gh.Actions.GetWorkflowRunByID(ctx, c.owner, c.repo, c.RunID)
		return resp, err
	})
	if err != nil {
		return nil, nil, err
	}
	suites = map[int64]bool{run.GetCheckSuiteID(): true}
	if runs == nil {
		runs = map[int64]bool{}
		attempt := int64(c.RunAttempt)
		if attempt == 0 {
			attempt = int64(run.GetRunAttempt())
		}
		opts := &gh.ListOptions{PerPage: 100}
		for {
			var jobs *gh.Jobs
			var resp *gh.Response
			err := c.call(ctx, "reading this workflow run", func() (*gh.Response, error) {
				var err error
				jobs, resp, err = c.gh.Actions.ListWorkflowJobsAttempt(ctx, c.owner, c.repo, c.RunID, attempt, opts)
				return resp, err
			})
			if err != nil {
				return nil, nil, err
			}
			for _, j := range jobs.Jobs {
				u := j.GetCheckRunURL()
				if id, err := strconv.ParseInt(u[strings.LastIndex(u, "/")+1:], 10, 64); err == nil {
					runs[id] = true
				}
				runs[j.GetID()] = true
			}
			if resp.NextPage == 0 {
				break
			}
			opts.Page = resp.NextPage
		}
	}
	// Other runs of the same workflow on this commit (an earlier deploy, a re-run) are
	// Greenlight's too.
	opts := &gh.ListWorkflowRunsOptions{HeadSHA: sha, ListOptions: gh.ListOptions{PerPage: 100}}
	var others *gh.WorkflowRuns
	err = c.call(ctx, "reading this workflow run", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		others, resp, err = c.gh.Actions.ListWorkflowRunsByID(ctx, c.owner, c.repo, run.GetWorkflowID(), opts)
		return resp, err
	})
	if err != nil {
		return nil, nil, err
	}
	for _, o := range others.WorkflowRuns {
		suites[o.GetCheckSuiteID()] = true
	}
	c.mu.Lock()
	if c.ownSuites == nil {
		c.ownSuites = map[string]map[int64]bool{}
	}
	c.ownSuites[sha], c.ownRuns = suites, runs
	c.mu.Unlock()
	return suites, runs, nil
}

// Green checks a commit: every commit status and every check run, except Greenlight's own,
// must have succeeded (check runs may also be neutral or skipped). A commit with no status and
// no check at all is not green: nothing said it was.
func (c *Client) Green(ctx context.Context, sha string) (Green, error) {
	var g Green
	seen := 0
	ownSuites, ownRuns, err := c.ownChecks(ctx, sha)
	if err != nil {
		return g, err
	}
	opts := &gh.ListOptions{PerPage: 100}
	for {
		var cs *gh.CombinedStatus
		var resp *gh.Response
		err := c.call(ctx, "reading commit statuses", func() (*gh.Response, error) {
			var err error
			cs, resp, err = c.gh.Repositories.GetCombinedStatus(ctx, c.owner, c.repo, sha, opts)
			return resp, err
		})
		if err != nil {
			return g, err
		}
		for _, s := range cs.Statuses {
			if strings.EqualFold(s.GetContext(), c.Self) || strings.HasPrefix(s.GetContext(), c.Self+"/") {
				g.Ignored = append(g.Ignored, "status "+s.GetContext())
				continue
			}
			seen++
			switch s.GetState() {
			case "success":
				g.Passed = append(g.Passed, "status "+s.GetContext())
			case "pending":
				g.Pending = append(g.Pending, "status "+s.GetContext())
			default:
				g.Failing = append(g.Failing, "status "+s.GetContext()+" ("+s.GetState()+")")
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	copts := &gh.ListCheckRunsOptions{Filter: new("latest"), ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		var res *gh.ListCheckRunsResults
		var resp *gh.Response
		err := c.call(ctx, "reading check runs", func() (*gh.Response, error) {
			var err error
			res, resp, err = c.gh.Checks.ListCheckRunsForRef(ctx, c.owner, c.repo, sha, copts)
			return resp, err
		})
		if err != nil {
			return g, err
		}
		for _, r := range res.CheckRuns {
			if ownRuns[r.GetID()] || ownSuites[r.GetCheckSuite().GetID()] {
				g.Ignored = append(g.Ignored, "check "+r.GetName()+" (Greenlight's own run)")
				continue
			}
			seen++
			switch {
			case r.GetStatus() != "completed":
				g.Pending = append(g.Pending, "check "+r.GetName())
			case r.GetConclusion() == "success", r.GetConclusion() == "neutral", r.GetConclusion() == "skipped":
				g.Passed = append(g.Passed, "check "+r.GetName())
			default:
				g.Failing = append(g.Failing, "check "+r.GetName()+" ("+r.GetConclusion()+")")
			}
		}
		if resp.NextPage == 0 {
			break
		}
		copts.Page = resp.NextPage
	}
	if seen == 0 {
		g.Pending = append(g.Pending, "no status or check has reported on this commit")
	}
	g.OK = len(g.Failing) == 0 && len(g.Pending) == 0
	return g, nil
}

// Relation is how a commit stands to the one an environment runs.
type Relation string

const (
	Ahead     Relation = "ahead"     // newer: deploy it
	Behind    Relation = "behind"    // older: a newer commit is deployed already
	Identical Relation = "identical" // already deployed
	Diverged  Relation = "diverged"  // neither contains the other (a force-push)
)

// OnBranch says whether sha is the head of branch or behind it, comparing against the commit
// the branch itself points at (refs/heads/BRANCH), never a bare name: git, and GitHub's
// compare with it, resolve a bare name to a tag before a branch, so a tag named like the
// default branch would otherwise vouch for any commit it points at. A tag named like branch
// is refused outright (*actions.Refusal is the caller's; this returns ErrTagNamedLikeBranch):
// a workflow_run's head_branch cannot say which of the two was pushed.
func (c *Client) OnBranch(ctx context.Context, branch, sha string) (bool, error) {
	var tag *gh.Reference
	err := c.call(ctx, "reading a ref", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		tag, resp, err = c.gh.Git.GetRef(ctx, c.owner, c.repo, "tags/"+branch)
		if resp != nil && resp.StatusCode == http.StatusNotFound {
			tag = nil
			return resp, nil
		}
		return resp, err
	})
	if err != nil {
		return false, err
	}
	if tag != nil {
		return false, fmt.Errorf("%w: a tag %q exists beside the branch (pointing at %s); a run pushed by the tag looks like one pushed to the branch, so nothing is deployed until the tag is deleted",
			ErrTagNamedLikeBranch, branch, short(tag.GetObject().GetSHA()))
	}
	var b *gh.Branch
	err = c.call(ctx, "reading a branch", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		b, resp, err = c.gh.Repositories.GetBranch(ctx, c.owner, c.repo, branch, 0)
		return resp, err
	})
	if err != nil {
		return false, err
	}
	rel, err := c.Compare(ctx, b.GetCommit().GetSHA(), sha)
	return rel == Identical || rel == Behind, err
}

// ErrTagNamedLikeBranch is OnBranch's refusal of a tag named like the branch.
var ErrTagNamedLikeBranch = errors.New("a tag is named like the branch")

// Compare says whether head is ahead of, behind, identical to or diverged from base.
func (c *Client) Compare(ctx context.Context, base, head string) (Relation, error) {
	cmp, err := c.compare(ctx, base, head)
	if err != nil {
		return "", err
	}
	return Relation(cmp.GetStatus()), nil
}

// compare is GitHub's comparison of base...head (one page of commits: only the counts and
// status are read).
func (c *Client) compare(ctx context.Context, base, head string) (*gh.CommitsComparison, error) {
	var cmp *gh.CommitsComparison
	err := c.call(ctx, "comparing commits", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		cmp, resp, err = c.gh.Repositories.CompareCommits(ctx, c.owner, c.repo, base, head, &gh.ListOptions{PerPage: 1})
		return resp, err
	})
	return cmp, err
}

// Config is what a client of a workflow run's repository is made of, explicitly. Nothing in
// this package reads the environment but ConfigFromEnv.
type Config struct {
	// Token authenticates the client: the workflow's GITHUB_TOKEN, an App's or a person's.
	Token string
	// Repository is owner/name.
	Repository string
	// APIURL is the REST API's root: "" or https://api.github.com for github.com, else GitHub
	// Enterprise's (or a test server's).
	APIURL string
	// RunID and RunAttempt identify the workflow run the client works for (Client.RunID).
	RunID      int64
	RunAttempt int
	// RunURL is the run's page, for the ledger's audit trail ("" outside a run).
	RunURL string
	// AppID is the configured GitHub App's ID (WithApp).
	AppID int64
	// RecordKey signs and verifies Greenlight's records (WithRecordKey).
	RecordKey []byte
	// Anchor is GREENLIGHT_RECORDS as the job got it (WithAnchor); nil when the job was given
	// none.
	Anchor *string
}

// ConfigFromEnv is the one place pkg/github reads environment variables: the configuration of
// the GitHub Actions run it is called in. $GITHUB_TOKEN, $GITHUB_REPOSITORY, the API's root
// from $GREENLIGHT_GITHUB_API_URL or else $GITHUB_API_URL, $GITHUB_RUN_ID and
// $GITHUB_RUN_ATTEMPT, the run's URL on $GITHUB_SERVER_URL (default https://github.com), and
// Greenlight's records: the trusted App's ID in $GREENLIGHT_APP_ID, the record key in
// $GREENLIGHT_RECORD_KEY and the anchor in $GREENLIGHT_RECORDS (set, even empty, when the
// workflow passes it).
func ConfigFromEnv() Config {
	cfg := Config{Token: os.Getenv("GITHUB_TOKEN"), Repository: os.Getenv("GITHUB_REPOSITORY"),
		APIURL: os.Getenv("GREENLIGHT_GITHUB_API_URL")}
	if cfg.APIURL == "" {
		cfg.APIURL = os.Getenv("GITHUB_API_URL")
	}
	cfg.AppID, _ = strconv.ParseInt(os.Getenv("GREENLIGHT_APP_ID"), 10, 64)
	if k := os.Getenv("GREENLIGHT_RECORD_KEY"); k != "" {
		cfg.RecordKey = []byte(k)
	}
	if a, ok := os.LookupEnv(RecordsVariable); ok {
		cfg.Anchor = &a
	}
	cfg.RunID, _ = strconv.ParseInt(os.Getenv("GITHUB_RUN_ID"), 10, 64)
	cfg.RunAttempt, _ = strconv.Atoi(os.Getenv("GITHUB_RUN_ATTEMPT"))
	if id := os.Getenv("GITHUB_RUN_ID"); id != "" {
		server := os.Getenv("GITHUB_SERVER_URL")
		if server == "" {
			server = "https://github.com"
		}
		cfg.RunURL = server + "/" + cfg.Repository + "/actions/runs/" + id
	}
	return cfg
}

// Client returns the client cfg describes; opts apply after what cfg says.
func (cfg Config) Client(opts ...Option) (*Client, error) {
	if cfg.APIURL != "" && cfg.APIURL != "https://api.github.com" {
		opts = append([]Option{WithBaseURL(cfg.APIURL)}, opts...)
	}
	opts = append([]Option{WithApp(cfg.AppID), WithRecordKey(cfg.RecordKey)}, opts...)
	if cfg.Anchor != nil {
		opts = append([]Option{WithAnchor(*cfg.Anchor)}, opts...)
	}
	c, err := New(cfg.Token, cfg.Repository, opts...)
	if err != nil {
		return nil, err
	}
	c.RunID, c.RunAttempt = cfg.RunID, cfg.RunAttempt
	return c, nil
}

// FromEnv returns the client of the repository a workflow runs in and the run's URL, for the
// ledger's audit trail: ConfigFromEnv().Client(opts...), which reads the environment
// (ConfigFromEnv says which variables).
func FromEnv(opts ...Option) (*Client, string, error) {
	cfg := ConfigFromEnv()
	c, err := cfg.Client(opts...)
	if err != nil {
		return nil, "", err
	}
	return c, cfg.RunURL, nil
}

// ReadFile returns a file of the repository at ref (a branch, tag or commit) through the
// contents API: how the Slack bot reads its authorization config, so that who may do what is
// reviewed and versioned with the code.
func (c *Client) ReadFile(ctx context.Context, path, ref string) ([]byte, error) {
	var fc *gh.RepositoryContent
	err := c.call(ctx, "reading a file", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		fc, _, resp, err = c.gh.Repositories.GetContents(ctx, c.owner, c.repo, path, &gh.RepositoryContentGetOptions{Ref: ref})
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %w", path, ref, err)
	}
	if fc == nil {
		return nil, fmt.Errorf("%s is a directory, not a file", path)
	}
	s, err := fc.GetContent()
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// Login is the login of the person whose token the client uses (GET /user). A workflow's token
// is not a person's: GitHub refuses, and the error says to use one's own token.
func (c *Client) Login(ctx context.Context) (string, error) {
	var u *gh.User
	err := c.call(ctx, "reading who the token belongs to", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		u, resp, err = c.gh.Users.Get(ctx, "")
		return resp, err
	})
	if err != nil {
		return "", fmt.Errorf("%w (a person's token is needed: gh auth token, or a personal access token)", err)
	}
	return u.GetLogin(), nil
}
