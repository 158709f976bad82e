package github

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	gh "github.com/google/go-github/v92/github"
)

// Where is where a release stands in one environment, as the commit status and the pull
// request comment show it.
type Where struct {
	Env string `json:"env"`
	// State is the commit status: pending, success, failure or error.
	State string `json:"state"`
	// Stage says where the change is: "deploying", "canary 25 %", "live", "rolled back",
	// "failed", "waiting for approval".
	Stage string `json:"stage"`
	// Figures are the judge's last figures, such as "canary 0.10% errors, p99 120ms; stable ...".
	Figures string    `json:"figures,omitempty"`
	At      time.Time `json:"at"`
	// Digest is the image the environment's events were about (sha256:…), when they named one.
	Digest string `json:"digest,omitempty"`
}

// StatusContext is the commit status context of env: greenlight/<env>. The green check
// ignores it (Greenlight's own statuses never make a commit red or green).
func (c *Client) StatusContext(env string) string { return c.Self + "/" + env }

// SetCommitStatus sets env's commit status on sha, linking to the run.
func (c *Client) SetCommitStatus(ctx context.Context, sha string, w Where, runURL string) error {
	desc := w.Stage
	if w.Figures != "" {
		desc += ": " + w.Figures
	}
	st := &gh.RepoStatus{State: new(w.State), Context: new(c.StatusContext(w.Env)), Description: new(truncate(desc, 140))}
	if runURL != "" {
		st.TargetURL = new(runURL)
	}
	return c.call(ctx, "creating a commit status", func() (*gh.Response, error) {
		_, resp, err := c.gh.Repositories.CreateStatus(ctx, c.owner, c.repo, sha, *st)
		return resp, err
	})
}

// PullRequestsOf returns the numbers of the pull requests that brought sha (its head or merge
// commit), by "list pull requests associated with a commit".
func (c *Client) PullRequestsOf(ctx context.Context, sha string) ([]int, error) {
	prs, err := c.pullsOf(ctx, sha)
	if err != nil {
		return nil, err
	}
	var out []int
	for _, p := range prs {
		out = append(out, p.GetNumber())
	}
	return out, nil
}

// commentMarker opens Greenlight's comment about sha; the state of every environment follows
// it as JSON inside an HTML comment, so a later run updates the same comment in place.
func commentMarker(sha string) string { return "<!-- greenlight:release " + sha + " -->" }

const stateOpen, stateClose = "<!-- greenlight:state ", " -->"

// UpsertComment finds Greenlight's comment about sha on pull request pr (one written by a bot
// that starts with the marker) and merges ws into it, or creates it.
func (c *Client) UpsertComment(ctx context.Context, pr int, sha string, runURL string, ws ...Where) error {
	marker := commentMarker(sha)
	var found *gh.IssueComment
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	for found == nil {
		var cs []*gh.IssueComment
		var resp *gh.Response
		err := c.call(ctx, "listing pull request comments", func() (*gh.Response, error) {
			var err error
			cs, resp, err = c.gh.Issues.ListComments(ctx, c.owner, c.repo, pr, opts)
			return resp, err
		})
		if err != nil {
			return err
		}
		for _, cm := range cs {
			if strings.HasPrefix(cm.GetBody(), marker) && cm.GetUser().GetType() == "Bot" {
				found = cm
				break
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	state := map[string]Where{}
	if found != nil {
		body := found.GetBody()
		if i := strings.Index(body, stateOpen); i >= 0 {
			rest := body[i+len(stateOpen):]
			if j := strings.Index(rest, stateClose); j >= 0 {
				json.Unmarshal([]byte(rest[:j]), &state) // a damaged state starts afresh
			}
		}
	}
	for _, w := range ws {
		w.Stage, w.Figures = mdSafe(w.Stage), mdSafe(w.Figures)
		state[w.Env] = w
	}
	body := commentBody(sha, state, runURL)
	if found != nil {
		return c.call(ctx, "updating a pull request comment", func() (*gh.Response, error) {
			_, resp, err := c.gh.Issues.UpdateComment(ctx, c.owner, c.repo, found.GetID(), gh.IssueCommentRequest{Body: body})
			return resp, err
		})
	}
	return c.call(ctx, "commenting on a pull request", func() (*gh.Response, error) {
		_, resp, err := c.gh.Issues.CreateComment(ctx, c.owner, c.repo, pr, gh.IssueCommentRequest{Body: body})
		return resp, err
	})
}

// mdSafe keeps text from outside (figures, messages) from breaking the table or injecting
// markup or mentions.
func mdSafe(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer("|", "/", "<", "‹", ">", "›", "`", "'", "@", "@\u200b", "[", "(", "]", ")").Replace(s)
	return truncate(s, 300)
}

func commentBody(sha string, state map[string]Where, runURL string) string {
	envs := make([]string, 0, len(state))
	for e := range state {
		envs = append(envs, e)
	}
	sort.Slice(envs, func(i, j int) bool {
		return state[envs[i]].At.Before(state[envs[j]].At) || state[envs[i]].At.Equal(state[envs[j]].At) && envs[i] < envs[j]
	})
	icon := map[string]string{"success": "✅", "pending": "🟡", "failure": "❌", "error": "⚠️"}
	var b strings.Builder
	b.WriteString(commentMarker(sha) + "\n")
	fmt.Fprintf(&b, "### Greenlight: where `%s` is\n\n| environment | where | judge's figures | updated |\n|---|---|---|---|\n", short(sha))
	for _, e := range envs {
		w := state[e]
		fig := w.Figures
		if fig == "" {
			fig = "–"
		}
		fmt.Fprintf(&b, "| %s | %s %s | %s | %s |\n", mdSafe(e), icon[w.State], mdSafe(w.Stage), mdSafe(fig), w.At.UTC().Format("2006-01-02 15:04 MST"))
	}
	if runURL != "" && strings.HasPrefix(runURL, "https://") {
		fmt.Fprintf(&b, "\n[The run](%s)\n", strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(runURL))
	}
	js, _ := json.Marshal(state)
	// JSON escapes < and > as \u003c and \u003e, so "-->" cannot appear inside.
	b.WriteString(stateOpen + string(js) + stateClose + "\n")
	return b.String()
}

// Feedback is a runlog.Sink that tells a commit and its pull request where the release is:
// one commit status per environment (greenlight/<env>) linking to the run, and one comment per
// pull request that brought the commit, updated in place, with the judge's figures. It never
// fails or slows the run: events update its state at once and a goroutine posts the newest
// state (coalescing bursts); RunFinished waits for the last post, at most FlushWait.
type Feedback struct {
	c      *Client
	sha    string
	runURL string
	// Logger reports failures to post (default: the client's, see WithLogger; nil drops them).
	Logger *slog.Logger
	// FlushWait bounds how long RunFinished waits for the last post (default 30s).
	FlushWait time.Duration
	// CommitOf, when set, finds the commit a digest was built from. A dispatched command (a
	// promote, a rollback, a deploy) runs on the default branch's newest commit, not the
	// release's: its statuses and comments then go to the commit (and pull request) of the
	// image each environment moved to, and an environment whose events named no image gets
	// none rather than a wrong one.
	CommitOf func(ctx context.Context, digest string) (string, error)

	mu      sync.Mutex
	state   map[string]Where
	dirty   map[string]bool
	version int
	posted  int
	prs     map[string][]int  // sha → the pull requests that brought it
	commits map[string]string // digest → commit (CommitOf's answers)
	lastErr error
	wake    chan struct{}
	flushed *sync.Cond
	started bool
}

// Feedback returns the sink for the run of src (its commit and run URL).
func (c *Client) Feedback(src runlog.Source) *Feedback {
	f := &Feedback{c: c, Logger: c.log, sha: src.Commit, runURL: src.RunURL, state: map[string]Where{}, dirty: map[string]bool{}, wake: make(chan struct{}, 1), FlushWait: 30 * time.Second}
	f.flushed = sync.NewCond(&f.mu)
	return f
}

// Emit implements runlog.Sink.
func (f *Feedback) Emit(e runlog.Event) {
	if f.sha == "" {
		return
	}
	f.mu.Lock()
	changed := f.apply(e)
	if changed {
		f.version++
		if !f.started {
			f.started = true
			go f.loop()
		}
		select {
		case f.wake <- struct{}{}:
		default:
		}
	}
	want := f.version
	f.mu.Unlock()
	if e.Kind == runlog.RunFinished {
		f.Flush(want)
	}
}

// Flush waits until state version v is posted, at most FlushWait.
func (f *Feedback) Flush(v int) {
	deadline := time.Now().Add(f.FlushWait)
	timer := time.AfterFunc(f.FlushWait, func() { f.mu.Lock(); f.flushed.Broadcast(); f.mu.Unlock() })
	defer timer.Stop()
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.posted < v && time.Now().Before(deadline) {
		f.flushed.Wait()
	}
}

// Err is the last error posting feedback, if any.
func (f *Feedback) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastErr
}

func weightStage(w int) string {
	if w >= 100 {
		return "live"
	}
	return fmt.Sprintf("canary %d %%", w)
}

// apply updates the state from e; it reports whether anything visible changed.
func (f *Feedback) apply(e runlog.Event) bool {
	if e.Env == "" {
		return false
	}
	w, ok := f.state[e.Env]
	if !ok {
		w = Where{Env: e.Env}
	}
	at := e.Time
	if at.IsZero() {
		at = time.Now()
	}
	if _, d, ok := strings.Cut(e.Image, "@"); ok && strings.HasPrefix(d, "sha256:") {
		w.Digest = d
	}
	switch e.Kind {
	case runlog.StageStarted:
		if w.State == "" || w.State != "pending" {
			w.State, w.Stage = "pending", "deploying"
		}
	case runlog.TrafficShifted:
		w.Stage = weightStage(e.Weight)
		w.State = "pending"
		if e.Weight >= 100 {
			w.State = "success"
		}
	case runlog.AnalysisVerdict:
		if e.Verdict == nil {
			return false
		}
		v := e.Verdict
		w.Figures = fmt.Sprintf("%s at %d %%: canary %s; stable %s", v.Outcome, e.Weight, v.Canary, v.Stable)
	case runlog.RolledBack:
		w.State, w.Stage = "failure", "rolled back"
		switch {
		case e.Message == "":
		case w.Figures == "":
			w.Figures = e.Message
		default:
			w.Figures += " — " + e.Message
		}
	case runlog.ApprovalRequested:
		w.State, w.Stage = "pending", "waiting for approval"
	case runlog.StageFinished:
		switch e.Status {
		case runlog.Failed:
			if w.Stage != "rolled back" {
				w.State, w.Stage = "failure", "failed: "+firstLine(e.Message)
			}
		case runlog.Cancelled:
			w.State, w.Stage = "error", "cancelled"
		case runlog.Skipped:
			if w.State != "success" {
				w.State, w.Stage = "pending", "waiting: "+firstLine(e.Message)
			}
		case runlog.Passed:
			if w.State == "pending" && w.Stage == "deploying" {
				return false // a stage of this environment that moved no traffic
			}
		}
	default:
		return false
	}
	w.At = at
	if old, ok := f.state[e.Env]; ok && old.State == w.State && old.Stage == w.Stage && old.Figures == w.Figures {
		return false
	}
	f.state[e.Env] = w
	f.dirty[e.Env] = true
	return true
}

// commitFor is the commit w's status belongs on: the run's own, or with CommitOf the commit of
// the image w's environment moved to ("" when its events named none, or it is unknown).
func (f *Feedback) commitFor(ctx context.Context, w Where) (string, error) {
	if f.CommitOf == nil {
		return f.sha, nil
	}
	if w.Digest == "" {
		return "", nil
	}
	f.mu.Lock()
	sha, ok := f.commits[w.Digest]
	f.mu.Unlock()
	if ok {
		return sha, nil
	}
	sha, err := f.CommitOf(ctx, w.Digest)
	if err != nil {
		return "", fmt.Errorf("finding the commit of %s: %w", w.Digest, err)
	}
	f.mu.Lock()
	if f.commits == nil {
		f.commits = map[string]string{}
	}
	f.commits[w.Digest] = sha
	f.mu.Unlock()
	return sha, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (f *Feedback) loop() {
	for range f.wake {
		f.mu.Lock()
		v := f.version
		var todo []Where
		for env := range f.dirty {
			todo = append(todo, f.state[env])
		}
		f.dirty = map[string]bool{}
		f.mu.Unlock()
		err := f.post(todo)
		f.mu.Lock()
		if err != nil {
			f.lastErr = err
			if f.Logger != nil {
				f.Logger.Warn("greenlight: commit feedback", "err", err)
			}
		}
		f.posted = max(f.posted, v)
		f.flushed.Broadcast()
		f.mu.Unlock()
	}
}

func (f *Feedback) post(todo []Where) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sort.Slice(todo, func(i, j int) bool { return todo[i].At.Before(todo[j].At) })
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	// Each environment's state goes to its commit: this run's, or (CommitOf) the commit of the
	// image it moved to.
	bySHA := map[string][]Where{}
	var order []string
	for _, w := range todo {
		sha, err := f.commitFor(ctx, w)
		keep(err)
		if sha == "" {
			continue
		}
		if _, ok := bySHA[sha]; !ok {
			order = append(order, sha)
		}
		bySHA[sha] = append(bySHA[sha], w)
	}
	for _, sha := range order {
		ws := bySHA[sha]
		for _, w := range ws {
			keep(f.c.SetCommitStatus(ctx, sha, w, f.runURL))
		}
		f.mu.Lock()
		prs, read := f.prs[sha]
		f.mu.Unlock()
		if !read {
			var err error
			prs, err = f.c.PullRequestsOf(ctx, sha)
			keep(err)
			if err == nil {
				f.mu.Lock()
				if f.prs == nil {
					f.prs = map[string][]int{}
				}
				f.prs[sha] = prs
				f.mu.Unlock()
			}
		}
		for _, pr := range prs {
			keep(f.c.UpsertComment(ctx, pr, sha, f.runURL, ws...))
		}
	}
	return first
}
