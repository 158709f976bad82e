// Package stream runs "deploy every green commit, newest wins" end to end, as GitHub runs it:
// commits pushed one after another to the fake GitHub, each one's CI completing (one failing,
// two out of order), deploy workflow runs started as GitHub's concurrency rules start them
// (internal/ghconcurrency, with the group at the job level as the generated workflow has it),
// each run a real `greenlight run` process (the Action's decide step, then its run step), one
// version whose canary fails, one run killed with SIGKILL while its canary holds 10 %, and two
// runs of one commit started at the same instant. Then it checks what must hold, from the
// targets' files and the fake's records. The stream test (stream_test.go) and
// bench/streambench run it.
package stream

import (
	"bufio"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/greenlight-cd/greenlight/internal/ghconcurrency"
	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/oci"
)

//go:embed testdata/pipeline.go.txt
var pipelineSource string

// T is what the stream needs of a *testing.T (bench/streambench has its own).
type T interface {
	Helper()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
	TempDir() string
	Cleanup(func())
}

// Config is one stream: Commits green-or-not commits pushed PushEvery apart after a first
// release; each index below (1 to Commits, 0 for none) names one of them.
type Config struct {
	Commits   int
	PushEvery time.Duration
	// Bad is the version whose canary fails (it serves a third of its requests as errors).
	Bad int
	// FailedCI is the commit whose CI fails.
	FailedCI int
	// OutOfOrder is the commit whose CI completes only after the next commit's.
	OutOfOrder int
	// Kill is the commit from which on the first run whose canary holds 10 % in production is
	// killed with SIGKILL.
	Kill int
	// Twin is the commit that gets a second run at the same instant as its first, outside the
	// concurrency group (another workflow, or a re-run).
	Twin int
}

// Default is the stream of issue 27: 12 commits a second apart, with every hazard.
var Default = Config{Commits: 12, PushEvery: time.Second, Bad: 4, FailedCI: 6, OutOfOrder: 8, Kill: 2, Twin: 10}

// Result is what the stream did and what did not hold.
type Result struct {
	// Runs is how many deploy workflow runs started (and ran their decide step).
	Runs int
	// Requests is the GitHub API requests of all runs.
	Requests int
	// LastPushToProduction is from the last push until production served the newest commit.
	LastPushToProduction time.Duration
	// NewestRun is how long the run that released the newest commit took (its run step): the
	// pipeline's own duration, which LastPushToProduction is measured against.
	NewestRun time.Duration
	// Happened names the hazards the stream met: the killed run, runs that released a newer
	// green commit than their event's, runs that waited for another's hold, leftover canaries
	// aborted.
	Happened []string
	// Problems names every property that did not hold ("" none).
	Problems []string
	// Logs are the runs' outputs, by run.
	Logs map[string]string
}

// RecordKey is the protected environment's record key the runs are given.
const RecordKey = "record-key-of-the-protected-production-environment"

// sha is commit i of the stream (distinct in its first seven digits, as GitHub shows them).
func sha(i int) string {
	h := sha256.Sum256([]byte(fmt.Sprint("commit ", i)))
	return hex.EncodeToString(h[:20])
}

// DigestOf is the digest of the image built from commit, as the stream's pipeline derives it.
func DigestOf(commit string) string {
	h := sha256.Sum256([]byte(commit))
	return "sha256:" + hex.EncodeToString(h[:])
}

func shortOf(commit string) string {
	img, _ := oci.NewImage("ghcr.io/acme/hello", DigestOf(commit), "")
	return img.Short()
}

// rig is one stream's services and files.
type rig struct {
	t                     T
	cfg                   Config
	fake                  *githubfake.Server
	sched                 *ghconcurrency.Scheduler
	bin, dir, cache, work string
	state, moves          string
	mu                    sync.Mutex
	wg                    sync.WaitGroup
	runs                  int
	logs                  map[string]string
	pushed                map[int]time.Time
	took                  map[int64]time.Duration // run ID → its run step's duration
	names                 map[int64]string        // run ID → run name
	killedOnce            bool
	happened              []string
}

// Run runs the stream and checks it.
func Run(t T, cfg Config) Result {
	t.Helper()
	r := &rig{t: t, cfg: cfg, sched: ghconcurrency.New(ghconcurrency.JobLevel), logs: map[string]string{}, pushed: map[int]time.Time{},
		took: map[int64]time.Duration{}, names: map[int64]string{}}
	r.work = t.TempDir()
	r.state, r.cache = filepath.Join(r.work, "state"), filepath.Join(r.work, "cache")
	r.moves = filepath.Join(r.state, "moves")
	os.MkdirAll(r.state, 0o755)
	r.build()
	r.fake = githubfake.New(sha(0))
	t.Cleanup(r.fake.Close)
	r.fake.Token("tok", githubfake.WorkflowPermissions)
	r.fake.Check(sha(0), "ci", "success")

	// The first release, then the stream.
	r.ciCompleted(0)
	r.wg.Wait()
	type ci struct {
		at time.Time
		i  int
	}
	start := time.Now()
	var events []ci
	for i := 1; i <= cfg.Commits; i++ {
		at := start.Add(time.Duration(i)*cfg.PushEvery + cfg.PushEvery/2)
		if i == cfg.OutOfOrder {
			at = at.Add(cfg.PushEvery + cfg.PushEvery/4) // after the next commit's CI
		}
		events = append(events, ci{at, i})
	}
	sort.Slice(events, func(a, b int) bool { return events[a].at.Before(events[b].at) })
	var pushes sync.WaitGroup
	pushes.Add(1)
	go func() {
		defer pushes.Done()
		for i := 1; i <= cfg.Commits; i++ {
			time.Sleep(time.Until(start.Add(time.Duration(i) * cfg.PushEvery)))
			r.fake.AddCommit(sha(i), sha(i-1), "main")
			r.mu.Lock()
			r.pushed[i] = time.Now()
			r.mu.Unlock()
		}
	}()
	for _, e := range events {
		time.Sleep(time.Until(e.at))
		r.ciCompleted(e.i)
	}
	pushes.Wait()
	r.wg.Wait()
	res := r.check()
	res.Runs, res.Logs = r.runs, r.logs
	res.Happened = append(res.Happened, r.happened...)
	names := make([]string, 0, len(r.logs))
	for n := range r.logs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, l := range strings.Split(r.logs[n], "\n") {
			switch {
			case strings.Contains(l, "the newest green commit is released"):
				res.Happened = append(res.Happened, "run "+n+" released a newer green commit than its event's: "+strings.TrimSpace(l))
			case strings.Contains(l, "waiting for"):
				res.Happened = append(res.Happened, "run "+n+" waited: "+strings.TrimSpace(l))
			case strings.Contains(l, "left from an earlier run"):
				res.Happened = append(res.Happened, "run "+n+": "+strings.TrimSpace(l))
			}
		}
	}
	for _, n := range r.fake.Requests {
		res.Requests += n
	}
	return res
}

// build builds the CLI and the stream's pipeline module (compiled once, before the stream, as
// a warm runner has it cached).
func (r *rig) build() {
	r.t.Helper()
	root := testutil.ModuleRoot()
	r.bin = filepath.Join(r.work, "greenlight")
	cmd := exec.Command("go", "build", "-o", r.bin, "./cmd/greenlight")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("building the CLI: %v\n%s", err, out)
	}
	r.dir = filepath.Join(r.work, "pipeline")
	os.MkdirAll(r.dir, 0o755)
	os.WriteFile(filepath.Join(r.dir, "pipeline.go"), []byte(pipelineSource), 0o644)
	os.WriteFile(filepath.Join(r.dir, "go.mod"), []byte("module example.com/stream\n\ngo 1.26.0\n\nrequire github.com/greenlight-cd/greenlight v0.0.0\n\nreplace github.com/greenlight-cd/greenlight => "+root+"\n"), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(r.dir, "go.sum"), sum, 0o644)
	tidy := exec.Command("go", "mod", "tidy", "-e")
	tidy.Dir, tidy.Env = r.dir, append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		r.t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	// Compiled into the cache: outside Actions the pipeline finds no GitHub and stops at once.
	warm := exec.Command(r.bin, "run", "--pipeline", r.dir, "--cache", r.cache)
	warm.Env = append(r.baseEnv(), "GOFLAGS=-mod=mod")
	warm.CombinedOutput()
}

// baseEnv is what every step gets from the runner, without the event's.
func (r *rig) baseEnv() []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "GOCACHE", "GOMODCACHE", "GOPATH", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	if _, ok := os.LookupEnv("GOCACHE"); !ok {
		out, _ := exec.Command("go", "env", "GOCACHE").Output()
		env = append(env, "GOCACHE="+strings.TrimSpace(string(out)))
	}
	return append(env, "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod", "STREAM_STATE="+r.state, "STREAM_MOVES="+r.moves,
		"STREAM_BAD="+r.bad())
}

func (r *rig) bad() string {
	if r.cfg.Bad == 0 {
		return ""
	}
	return DigestOf(sha(r.cfg.Bad))
}

// ciCompleted is commit i's CI completing: its check on the commit, and the workflow_run event
// that queues a deploy run in the concurrency group (a failed CI's run has its job skipped).
func (r *rig) ciCompleted(i int) {
	conclusion := "success"
	if i == r.cfg.FailedCI && i != 0 {
		conclusion = "failure"
	}
	r.fake.Check(sha(i), "ci", conclusion)
	run := &ghconcurrency.Run{Name: fmt.Sprintf("c%d", i), Skip: conclusion != "success"}
	if start := r.sched.Queue(run); start != nil {
		r.launch(start, i, true)
	}
	if i == r.cfg.Twin && i != 0 {
		r.launch(&ghconcurrency.Run{Name: fmt.Sprintf("c%d-twin", i)}, i, false)
	}
}

// launch starts run, the deploy workflow run of commit i, as a runner does: the decide step,
// then the run step with the decided commit. inGroup says whether it is the concurrency
// group's (its end starts the next pending run).
func (r *rig) launch(run *ghconcurrency.Run, i int, inGroup bool) {
	r.wg.Add(1)
	r.mu.Lock()
	r.runs++
	r.mu.Unlock()
	go func() {
		defer r.wg.Done()
		conclusion, log := r.execute(run, i)
		r.mu.Lock()
		r.logs[run.Name] = log
		r.mu.Unlock()
		_ = conclusion
		if inGroup {
			if next := r.sched.Done(run); next != nil {
				n, _ := strconv.Atoi(strings.TrimPrefix(next.Name, "c"))
				r.launch(next, n, true)
			}
		}
	}()
}

// execute runs the two steps of commit i's run and completes the run in the fake.
func (r *rig) execute(run *ghconcurrency.Run, i int) (conclusion, log string) {
	runID, _ := r.fake.StartRun("deploy.yml", sha(i), "deploy")
	dir := filepath.Join(r.work, "runs", run.Name)
	os.MkdirAll(dir, 0o755)
	ev, _ := os.ReadFile(filepath.Join(testutil.ModuleRoot(), "testdata", "events", "workflow_run_success.json"))
	event := filepath.Join(dir, "event.json")
	os.WriteFile(event, []byte(strings.ReplaceAll(string(ev), strings.Repeat("3", 40), sha(i))), 0o644)
	env := append(r.baseEnv(), "GITHUB_ACTIONS=true", "CI=true", "GITHUB_OUTPUT="+filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary"), "GITHUB_TOKEN=tok", "GITHUB_REPOSITORY=acme/hello",
		"GREENLIGHT_GITHUB_API_URL="+r.fake.URL, "GITHUB_SHA="+sha(i), "GITHUB_EVENT_NAME=workflow_run",
		"GITHUB_EVENT_PATH="+event, "GITHUB_RUN_ID="+strconv.FormatInt(runID, 10), "GITHUB_RUN_ATTEMPT=1",
		"GREENLIGHT_RECORD_KEY="+RecordKey, "GREENLIGHT_SECRET_NAMES=GREENLIGHT_RECORD_KEY")
	var out strings.Builder
	step := func(extra []string, args ...string) (int, bool) {
		cmd := exec.Command(r.bin, args...)
		cmd.Env, cmd.Dir = append(env, extra...), dir
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(&out, "starting: %v\n", err)
			return 1, false
		}
		stop := make(chan struct{})
		killed := make(chan bool, 1)
		go r.watch(cmd.Process.Pid, runID, i, stop, killed)
		cmd.Wait()
		close(stop)
		return cmd.ProcessState.ExitCode(), <-killed
	}
	code, _ := step(nil, "run", "--decide", "--pipeline", r.dir)
	outs := testutil.ReadOutputs(filepath.Join(dir, "output"))
	conclusion = "success"
	if code == 0 && outs["deploy"] == "true" {
		var killed bool
		began := time.Now()
		code, killed = step([]string{"GREENLIGHT_DECIDED_SHA=" + outs["sha"]}, "run", "--pipeline", r.dir, "--cache", r.cache)
		r.mu.Lock()
		r.took[runID], r.names[runID] = time.Since(began), run.Name
		if killed {
			r.happened = append(r.happened, fmt.Sprintf("run %s was killed with SIGKILL while its canary held 10 %% of production", run.Name))
		}
		r.mu.Unlock()
		switch {
		case killed:
			conclusion = "cancelled" // the runner was lost
		case code != 0:
			conclusion = "failure"
		}
	}
	r.fake.FinishRun(runID, conclusion)
	return conclusion, out.String()
}

// watch kills the process group of pid with SIGKILL once the run has set its canary to 10 % in
// production (it reads the moves the pipeline logs): the first run to do so of a commit from
// the stream's Kill on (a run GitHub's group cancelled while pending never gets there).
func (r *rig) watch(pid int, runID int64, i int, stop <-chan struct{}, killed chan<- bool) {
	r.mu.Lock()
	done := r.killedOnce
	r.mu.Unlock()
	if r.cfg.Kill == 0 || i < r.cfg.Kill || done {
		killed <- false
		return
	}
	prefix := strconv.FormatInt(runID, 10) + " production weight=10 "
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			killed <- false
			return
		case <-tick.C:
			b, _ := os.ReadFile(r.moves)
			if strings.Contains(string(b), "\n"+prefix) || strings.HasPrefix(string(b), prefix) {
				r.mu.Lock()
				first := !r.killedOnce
				r.killedOnce = true
				r.mu.Unlock()
				if first {
					syscall.Kill(-pid, syscall.SIGKILL)
					killed <- true
					return
				}
			}
		}
	}
}

// move is one traffic move a run made, as the pipeline logged it.
type move struct {
	run        int64
	env, op    string
	rev        string
	start, end time.Time
}

func (r *rig) readMoves() []move {
	f, err := os.Open(r.moves)
	if err != nil {
		return nil
	}
	defer f.Close()
	var ms []move
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m move
		var s, e int64
		if _, err := fmt.Sscanf(sc.Text(), "%d %s %s %s %d %d", &m.run, &m.env, &m.op, &m.rev, &s, &e); err == nil {
			m.start, m.end = time.Unix(0, s), time.Unix(0, e)
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(a, b int) bool { return ms[a].start.Before(ms[b].start) })
	return ms
}

// hold is one claim a run held on an environment: from its first in_progress to its release.
type hold struct {
	run        int64
	env        string
	from, till time.Time
}

func (r *rig) holds() []hold {
	by := map[int64]*hold{}
	var order []int64
	for _, e := range r.fake.Timeline() {
		if e.Task != github.ClaimTask {
			continue
		}
		h := by[e.Deployment]
		if h == nil {
			var p struct {
				RunID int64 `json:"run_id"`
			}
			json.Unmarshal(e.Payload, &p)
			h = &hold{run: p.RunID, env: e.Env}
			by[e.Deployment] = h
			order = append(order, e.Deployment)
		}
		switch e.State {
		case "in_progress":
			if h.from.IsZero() {
				h.from = e.At
			}
		case "inactive":
			if h.till.IsZero() {
				h.till = e.At
			}
		}
	}
	var out []hold
	for _, id := range order {
		out = append(out, *by[id])
	}
	return out
}

// check says what did not hold.
func (r *rig) check() Result {
	var res Result
	bad := func(format string, args ...any) { res.Problems = append(res.Problems, fmt.Sprintf(format, args...)) }
	newest := r.cfg.Commits
	for newest == r.cfg.Bad || newest == r.cfg.FailedCI {
		newest--
	}
	index := map[string]int{}
	for i := 0; i <= r.cfg.Commits; i++ {
		index[shortOf(sha(i))] = i
	}
	ctx := context.Background()
	gh, err := github.New("tok", "acme/hello", github.WithBaseURL(r.fake.URL))
	if err != nil {
		r.t.Fatalf("%v", err)
	}
	// Production and staging end on the newest green commit that passed its canary.
	for _, env := range []string{"staging", "production"} {
		st := readState(filepath.Join(r.state, env+".json"))
		if st.Stable == nil || st.Stable.ID != shortOf(sha(newest)) {
			bad("%s ends on %+v, want commit %d (%s)", env, st.Stable, newest, shortOf(sha(newest)))
		}
		if st.Canary != nil || st.Weight != 0 {
			bad("%s is left with a canary: %+v at %d %%", env, st.Canary, st.Weight)
		}
		if cur, err := gh.Current(ctx, env); err != nil || cur == nil || cur.SHA != sha(newest) {
			bad("GitHub says %s runs %+v (%v), want commit %d", env, cur, err, newest)
		}
	}
	// The warm rollback revision is the version that served production before.
	var promoted []int
	for _, m := range r.readMoves() {
		if m.env == "production" && m.op == "promote" && (len(promoted) == 0 || promoted[len(promoted)-1] != index[m.rev]) {
			promoted = append(promoted, index[m.rev])
		}
	}
	if st := readState(filepath.Join(r.state, "production.json")); len(promoted) >= 2 {
		if want := shortOf(sha(promoted[len(promoted)-2])); st.Previous == nil || st.Previous.ID != want {
			bad("production's warm rollback revision is %+v, want commit %d, which served before", st.Previous, promoted[len(promoted)-2])
		}
	}
	// No older digest replaced a newer one, and neither the bad version nor the failed CI's
	// commit became stable anywhere.
	for _, env := range []string{"staging", "production"} {
		last := -1
		for _, m := range r.readMoves() {
			if m.env != env || m.op != "promote" {
				continue
			}
			i := index[m.rev]
			if i < last {
				bad("%s: commit %d was promoted after commit %d", env, i, last)
			}
			if i > last {
				last = i
			}
			if env == "production" && i == r.cfg.Bad && r.cfg.Bad != 0 {
				bad("the bad version (commit %d) was promoted in production", i)
			}
			if i == r.cfg.FailedCI && r.cfg.FailedCI != 0 {
				bad("commit %d, whose CI failed, was deployed to %s", i, env)
			}
		}
	}
	// No deployment or hold is left open.
	for _, task := range []string{"deploy", github.ClaimTask} {
		gh.Each(ctx, "", task, func(rec *github.Record) (bool, error) {
			if rec.State == "in_progress" || rec.State == "pending" || rec.State == "queued" {
				bad("%s record %d in %s is left %s", task, rec.ID, rec.Environment, rec.State)
			}
			return false, nil
		})
	}
	// Every traffic move happened under its run's hold, and one run's moves in an environment
	// are not interleaved with another's.
	holds := r.holds()
	lastRun := map[string]int64{}
	done := map[string]map[int64]bool{}
	for _, m := range r.readMoves() {
		held := false
		for _, h := range holds {
			if h.run == m.run && h.env == m.env && !h.from.IsZero() && !h.from.After(m.start) && (h.till.IsZero() || !h.till.Before(m.end)) {
				held = true
				break
			}
		}
		if !held {
			bad("run %d moved %s (%s %s) without holding it", m.run, m.env, m.op, m.rev)
		}
		if done[m.env] == nil {
			done[m.env] = map[int64]bool{}
		}
		if prev, ok := lastRun[m.env]; ok && prev != m.run {
			done[m.env][prev] = true
			if done[m.env][m.run] {
				bad("run %d moved %s again after run %d had moved it", m.run, m.env, prev)
			}
		}
		lastRun[m.env] = m.run
		if m.env == "production" && m.op == "promote" && index[m.rev] == newest && res.LastPushToProduction == 0 {
			r.mu.Lock()
			res.LastPushToProduction = m.end.Sub(r.pushed[r.cfg.Commits])
			res.NewestRun = r.took[m.run]
			r.mu.Unlock()
		}
	}
	if !r.killedOnce && r.cfg.Kill != 0 {
		bad("no run from commit %d on was killed (no canary held 10 %% in production)", r.cfg.Kill)
	}
	return res
}

type fileRev struct{ ID, Image string }

type fileState struct {
	Stable, Canary, Previous *fileRev
	Weight                   int
}

func readState(path string) fileState {
	var s fileState
	b, _ := os.ReadFile(path)
	json.Unmarshal(b, &s)
	return s
}
