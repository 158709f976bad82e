// Package notify follows releases in Slack: one message per release, updated in place as the
// run moves (stages, canary weight, the judge's figures, the outcome), with thread replies for
// failed analyses, rollbacks and approvals. It only queues: Slack being slow or down never slows
// or fails a deploy. NewSetup switches it on for a run from explicit configuration; FromEnv,
// from SLACK_BOT_TOKEN and SLACK_CHANNEL, is the one place that reads the environment.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Notifier follows a release in one Slack message, updated live (chat.update): the stages as a
// checklist with their durations, the image, commit and author, the canary's weight and the
// judge's numbers, links to the run and the environment; and thread replies for what matters
// (an analysis that failed, a rollback, an approval). It is a runlog.Sink.
//
// Slack being slow or down never slows or fails a deploy: Emit only queues; a worker sends,
// retrying 429 (after Retry-After) and 5xx, coalescing updates, and logs what it gives up on.
type Notifier struct {
	api     *slack.Client
	channel string // as configured: a name (#deploys) or an ID
	chanID  string // the ID chat.postMessage answered: chat.update and reactions.add need it
	log     *slog.Logger
	tries   int
	every   time.Duration // the least time between two chat.update calls

	lastUpdate time.Time

	queue chan runlog.Event
	done  chan struct{}
	once  sync.Once

	mu      sync.Mutex
	st      release
	ts      string // the release message
	dropped int
	failed  []string // what could not be sent
	// lastPolicies is the environment and results of the last policy reply.
	lastPolicies string
}

type release struct {
	pipeline, runID string
	status          runlog.Status
	src             runlog.Source
	image           string
	stages          []stageLine
	weight          int
	env             string
	verdict         *analysis.Verdict
	message         string
	envURLs         map[string]string
	reached         []string
}

type stageLine struct {
	name, env, result string
	status            runlog.Status
	dur               time.Duration
}

// Option configures a Notifier.
type Option func(*Notifier, *[]slack.Option)

// WithAPIURL points the client at another Slack API (a test server).
func WithAPIURL(u string) Option {
	return func(_ *Notifier, o *[]slack.Option) { *o = append(*o, slack.OptionAPIURL(u)) }
}

// WithUpdateInterval sets the least time between two updates of the release message (default
// 1 s; chat.update is a Tier 3 method, about 50 calls a minute per workspace).
func WithUpdateInterval(d time.Duration) Option {
	return func(n *Notifier, _ *[]slack.Option) { n.every = d }
}

// ClientOptions returns the slack-go options among opts (the API URL), for other clients of
// the same workspace.
func ClientOptions(opts ...Option) []slack.Option {
	sopts := []slack.Option{slack.OptionHTTPClient(HTTPClient())}
	for _, o := range opts {
		o(&Notifier{}, &sopts)
	}
	return sopts
}

// WithLogger sends the notifier's own problems to l, one message each, such as "slack:
// posting the release message: …" (default: discarded).
func WithLogger(l *slog.Logger) Option {
	return func(n *Notifier, _ *[]slack.Option) {
		if l != nil {
			n.log = l
		}
	}
}

// New posts to channel with a bot token (xoxb-…, scope chat:write).
func New(token, channel string, opts ...Option) *Notifier {
	n := &Notifier{channel: channel, log: slog.New(slog.DiscardHandler), tries: 5, every: time.Second, queue: make(chan runlog.Event, 4096), done: make(chan struct{})}
	sopts := []slack.Option{slack.OptionHTTPClient(HTTPClient())}
	for _, o := range opts {
		o(n, &sopts)
	}
	n.api = slack.New(token, sopts...)
	go n.run()
	return n
}

// Emit implements runlog.Sink. It never blocks: when the queue is full the event is dropped
// (the message is redrawn from state, so only thread replies can be lost) and counted.
func (n *Notifier) Emit(e runlog.Event) {
	select {
	case n.queue <- e:
	default:
		n.mu.Lock()
		n.dropped++
		n.mu.Unlock()
	}
}

// Close sends what is queued and stops, waiting at most until ctx ends.
func (n *Notifier) Close(ctx context.Context) error {
	n.once.Do(func() { close(n.queue) })
	select {
	case <-n.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("slack: %d event(s) not sent: %w", len(n.queue), ctx.Err())
	}
}

func (n *Notifier) run() {
	defer close(n.done)
	for e := range n.queue {
		reply := n.apply(e)
		if n.ts == "" && e.Kind == runlog.RunStarted && e.Source != nil && e.Source.Thread != "" {
			// A command that continues a release (a promote an approval dispatched): its
			// message is the release's, updated in place, and its replies go in that thread.
			if ch, ts, ok := strings.Cut(e.Source.Thread, "/"); ok {
				n.mu.Lock()
				n.chanID, n.ts = ch, ts
				n.mu.Unlock()
				what := e.Source.Trigger
				if e.Source.RequestedBy != "" {
					what += " requested by " + e.Source.RequestedBy
				}
				if _, _, err := n.send("chat.postMessage", ch, func() (string, string, error) {
					return n.api.PostMessage(ch, slack.MsgOptionText(":arrow_forward: Continued by "+Escape(what)+": "+EscapeFit(e.Message, 200), false), slack.MsgOptionTS(ts))
				}); err != nil {
					n.fail("a thread reply (continued)", err)
				}
			}
		}
		if n.ts == "" && e.Kind == runlog.RunStarted {
			blocks, text := n.render()
			ch, ts, err := n.send("chat.postMessage", n.channel, func() (string, string, error) {
				return n.api.PostMessage(n.channel, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(text, false))
			})
			if err != nil {
				n.fail("posting the release message", err)
				continue
			}
			n.mu.Lock()
			n.chanID, n.ts = ch, ts
			n.mu.Unlock()
			continue
		}
		if reply != "" && n.ts != "" {
			if _, _, err := n.send("chat.postMessage", n.chanID, func() (string, string, error) {
				return n.api.PostMessage(n.chanID, slack.MsgOptionText(reply, false), slack.MsgOptionTS(n.ts))
			}); err != nil {
				n.fail("a thread reply ("+firstLine(reply)+")", err)
			}
		}
		// The outcome as a reaction on the release message: visible at a glance, on a phone too.
		if e.Kind == runlog.RunFinished && n.ts != "" {
			if name := reactions[e.Status]; name != "" {
				if _, _, err := n.send("reactions.add", n.chanID, func() (string, string, error) {
					return "", "", n.api.AddReaction(name, slack.NewRefToMessage(n.chanID, n.ts))
				}); err != nil {
					n.fail("the outcome's reaction", err)
				}
			}
		}
		// Coalesce: while more events wait, redraw once for all of them.
		if len(n.queue) > 0 && e.Kind != runlog.RunFinished {
			continue
		}
		if n.ts != "" {
			// chat.update is a Tier 3 method (about 50 a minute): at most one update per
			// interval; the events that arrive meanwhile are drawn together.
			if wait := n.every - time.Since(n.lastUpdate); wait > 0 && e.Kind != runlog.RunFinished {
				time.Sleep(wait)
				if len(n.queue) > 0 {
					continue
				}
			}
			n.lastUpdate = time.Now()
			blocks, text := n.render()
			if _, _, err := n.send("chat.update", n.chanID, func() (string, string, error) {
				c, ts, _, err := n.api.UpdateMessage(n.chanID, n.ts, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(text, false))
				return c, ts, err
			}); err != nil {
				n.fail("updating the release message", err)
			}
		}
	}
}

// send calls method through f, paced to its Slack tier, retrying rate limits and server errors.
func (n *Notifier) send(method, channel string, f func() (string, string, error)) (string, string, error) {
	var c, ts string
	err := Call(context.Background(), method, channel, n.tries, time.Minute, func() error {
		var err error
		c, ts, err = f()
		return err
	})
	return c, ts, err
}

// CallTimeout bounds each call to Slack's Web API (one attempt: Retry may make several).
const CallTimeout = 10 * time.Second

// HTTPClient is the HTTP client of Greenlight's Slack clients: no call waits longer than
// CallTimeout for an answer.
func HTTPClient() *http.Client { return &http.Client{Timeout: CallTimeout} }

// Transient says whether err is Slack being unavailable for now (a rate limit, a 5xx, a network
// error or a timeout) rather than a request Slack refuses (missing_scope, channel_not_found…).
func Transient(err error) bool {
	var rl *slack.RateLimitedError
	return errors.As(err, &rl) || unavailable(err) || errors.Is(err, context.DeadlineExceeded)
}

// unavailable is a 5xx or a network error: worth trying again after a back-off.
func unavailable(err error) bool {
	var se slack.StatusCodeError
	var ne net.Error
	return (errors.As(err, &se) && se.Code >= 500) || errors.As(err, &ne) ||
		strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "timeout")
}

// Retry calls f up to tries times: after HTTP 429 it waits the Retry-After Slack gives (per
// method: Slack's limits are per method and workspace), after 5xx and network errors it backs
// off from 200 ms; other errors (missing_scope, channel_not_found, invalid_blocks, …) are final.
// It gives up when a wait would pass maxWait in total or ctx ends.
func Retry(ctx context.Context, tries int, maxWait time.Duration, f func() error) error {
	delay := 200 * time.Millisecond
	var waited time.Duration
	var err error
	for i := 0; i < tries; i++ {
		if err = f(); err == nil {
			return nil
		}
		var rl *slack.RateLimitedError
		var wait time.Duration
		switch {
		case errors.As(err, &rl):
			wait = rl.RetryAfter
		case unavailable(err):
			wait, delay = delay, delay*2
		default:
			return err
		}
		if i == tries-1 || waited+wait > maxWait {
			break
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		waited += wait
	}
	return fmt.Errorf("after %d attempts: %w", tries, err)
}

// apply folds an event into the release's state and returns the thread reply it calls for.
func (n *Notifier) apply(e runlog.Event) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := &n.st
	switch e.Kind {
	case runlog.RunStarted:
		s.pipeline, s.runID, s.status = e.Message, e.Run, runlog.Running
		if e.Source != nil && e.Source.Commit != "" {
			s.src = *e.Source // the run's own request wins over the environment's guess
		}
	case runlog.StageStarted:
		s.stages = append(s.stages, stageLine{name: e.Stage, env: e.Env, status: runlog.Running})
	case runlog.StageFinished:
		for i := len(s.stages) - 1; i >= 0; i-- {
			if s.stages[i].name == e.Stage && s.stages[i].env == e.Env && s.stages[i].status == runlog.Running {
				s.stages[i].status, s.stages[i].dur, s.stages[i].result = e.Status, e.Duration, firstLine(e.Message)
				break
			}
		}
		if e.Stage == "build" && e.Status == runlog.Passed {
			s.image = e.Message
		}
	case runlog.TrafficShifted:
		s.weight, s.env = e.Weight, e.Env
		if !contains(s.reached, e.Env) {
			s.reached = append(s.reached, e.Env)
		}
	case runlog.AnalysisVerdict:
		if e.Verdict != nil {
			v := *e.Verdict
			s.verdict = &v
			switch v.Outcome {
			case analysis.Fail:
				return fmt.Sprintf(":x: Analysis failed in %s at %d%%: %s\n%s", Escape(v.Env), v.Weight, EscapeFit(v.Reason, 1000), stepFigures(v))
			case analysis.Pass, analysis.Hold:
				// Every step's end gets its reply: what each version served, the evidence
				// against its threshold, and whether it was proven.
				what := "passed"
				if v.Evidence != nil && v.Evidence.Decided == "unproven" {
					what = "passed unproven"
				}
				if v.Outcome == analysis.Hold {
					what = "held for a person"
				}
				return fmt.Sprintf(":white_check_mark: Step %d%% %s in %s: %s\n%s", v.Weight, what, Escape(v.Env), EscapeFit(v.Reason, 1000), stepFigures(v))
			}
		}
	case runlog.RolledBack:
		return fmt.Sprintf(":leftwards_arrow_with_hook: Rolled back in %s (%s): %s", Escape(e.Env), e.Duration.Round(time.Microsecond), EscapeFit(e.Message, 2000))
	case runlog.Released:
		// A release apart from the deploy: its own reply in the thread.
		return fmt.Sprintf(":triangular_flag_on_post: Released in %s: %s", Escape(e.Env), EscapeFit(e.Message, 2000))
	case runlog.ApprovalDecided:
		if d := e.Decision; d != nil {
			verb := "approved"
			if !d.Approved {
				verb = "rejected"
			}
			return fmt.Sprintf(":ballot_box_with_check: %s %s by %s", strings.ToUpper(verb[:1])+verb[1:], Escape(d.Env), Mention(d.By))
		}
	case runlog.PoliciesChecked:
		// What each policy said about this traffic move: its own reply in the thread.
		return n.policyReply(e)
	case runlog.RunFinished:
		s.status, s.message = e.Status, firstLine(e.Message)
	}
	return ""
}

// Thread returns the release message's channel ID and ts, waiting until it is posted (or ctx
// ends, or 10 s pass); "" when there is none.
func (n *Notifier) Thread(ctx context.Context) (channel, ts string) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		n.mu.Lock()
		channel, ts = n.chanID, n.ts
		n.mu.Unlock()
		if ts != "" || ctx.Err() != nil || time.Now().After(deadline) {
			return channel, ts
		}
		select {
		case <-ctx.Done():
		case <-n.done:
			n.mu.Lock()
			channel, ts = n.chanID, n.ts
			n.mu.Unlock()
			return channel, ts
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// SetEnvironmentURLs gives the links of the environments, shown in the message once a release
// reaches them.
func (n *Notifier) SetEnvironmentURLs(urls map[string]string) {
	n.mu.Lock()
	n.st.envURLs = urls
	n.mu.Unlock()
}

// SetSource records the commit, author and run link shown in the message.
func (n *Notifier) SetSource(src runlog.Source) {
	n.mu.Lock()
	n.st.src = src
	n.mu.Unlock()
}

var reactions = map[runlog.Status]string{runlog.Passed: "white_check_mark", runlog.Failed: "x",
	runlog.Cancelled: "no_entry_sign", runlog.Skipped: "fast_forward"}

var marks = map[runlog.Status]string{runlog.Running: ":hourglass_flowing_sand:", runlog.Passed: ":white_check_mark:",
	runlog.Failed: ":x:", runlog.Cancelled: ":no_entry_sign:", runlog.Skipped: ":fast_forward:"}

func (n *Notifier) render() ([]slack.Block, string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := n.st
	// Everything that comes from a person, a commit or the pipeline's own messages is escaped.
	title := fmt.Sprintf("%s Greenlight: %s %s", marks[s.status], Escape(s.pipeline), s.status)
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, Fit(title, MaxHeader), true, false))}
	var facts []*slack.TextBlockObject
	fact := func(k, v string) {
		facts = append(facts, slack.NewTextBlockObject(slack.MarkdownType, Fit("*"+k+"*\n"+v, MaxField), false, false))
	}
	if s.src.Commit != "" {
		fact("Commit", "`"+Escape(short7(s.src.Commit))+"`")
	}
	if s.src.Ref != "" {
		fact("Ref", EscapeFit(s.src.Ref, 200))
	}
	if s.src.Author != "" {
		fact("By", EscapeFit(s.src.Author, 200))
	}
	if s.src.RequestedBy != "" {
		// Who asked for this run: for a promote or an abort, the approval that decided it.
		fact("Requested by", EscapeFit(s.src.RequestedBy, 200))
	}
	if s.image != "" {
		fact("Image", "`"+EscapeFit(s.image, 200)+"`")
	}
	if len(facts) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(nil, facts, nil))
	}
	var lines []string
	for _, st := range s.stages {
		name := st.name
		if st.env != "" {
			name += " · " + st.env
		}
		line := fmt.Sprintf("%s *%s*", marks[st.status], EscapeFit(name, 100))
		if st.status != runlog.Running {
			line += fmt.Sprintf(" %s — %s", st.dur.Round(10*time.Millisecond), EscapeFit(st.result, 120))
		}
		lines = append(lines, line)
	}
	// The stage list in sections of at most 3000 characters, cut on line boundaries.
	var cur []string
	size := 0
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, Fit(strings.Join(cur, "\n"), MaxSection), false, false), nil, nil))
			cur, size = nil, 0
		}
	}
	for _, l := range lines {
		if size+len([]rune(l))+1 > MaxSection {
			flush()
		}
		cur = append(cur, l)
		size += len([]rune(l)) + 1
	}
	flush()
	if s.verdict != nil {
		v := s.verdict
		txt := fmt.Sprintf("*Canary* %s at %d%%: *%s* — %s\n%s", Escape(v.Env), v.Weight, v.Outcome, EscapeFit(v.Reason, 300), stepFigures(*v))
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, Fit(txt, MaxSection), false, false), nil, nil))
	}
	var links []string
	if u := safeURL(s.src.RunURL); u != "" {
		links = append(links, "<"+u+"|Workflow run>")
	}
	for _, env := range s.reached {
		if u := safeURL(s.envURLs[env]); u != "" {
			links = append(links, "<"+u+"|"+EscapeFit(env, 60)+">")
		}
	}
	// Once the release succeeded, a Roll back button per environment it reached: the bot checks
	// that the release still runs there before it does anything.
	if _, digest, ok := strings.Cut(s.image, "@"); ok && s.status == runlog.Passed && len(s.reached) > 0 {
		var buttons []slack.BlockElement
		for i, env := range s.reached {
			if i == 5 {
				break
			}
			val, _ := json.Marshal(RollbackValue{Env: env, Digest: digest})
			btn := slack.NewButtonBlockElement("rollback:"+strconv.Itoa(i), string(val),
				slack.NewTextBlockObject(slack.PlainTextType, Fit("Roll back "+env, 75), false, false)).WithStyle(slack.StyleDanger)
			btn.Confirm = slack.NewConfirmationBlockObject(slack.NewTextBlockObject(slack.PlainTextType, "Roll back?", false, false),
				slack.NewTextBlockObject(slack.MarkdownType, Fit("Return "+Escape(env)+" to the release before this one.", 300), false, false),
				slack.NewTextBlockObject(slack.PlainTextType, "Roll back", false, false), slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false))
			buttons = append(buttons, btn)
		}
		blocks = append(blocks, slack.NewActionBlock("greenlight_release", buttons...))
	}
	if len(links) > 0 {
		// Whole links only: a cut link would be broken mrkdwn.
		text, n := "", 0
		for _, l := range links {
			if len([]rune(text))+len([]rune(l))+3 > MaxSection-40 {
				break
			}
			if text != "" {
				text += " · "
			}
			text += l
			n++
		}
		if n < len(links) {
			text += fmt.Sprintf(" · and %d more", len(links)-n)
		}
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, text, false, false)))
	}
	return CapBlocks(blocks), title
}

// RollbackValue is what a release message's Roll back button carries.
type RollbackValue struct {
	Env    string `json:"env"`
	Digest string `json:"digest"`
}

// safeURL returns u when it is an http(s) URL that cannot break out of <u|label>, else "".
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || strings.ContainsAny(u, "<>|\n ") {
		return ""
	}
	return u
}

// Mention writes a Slack user ID as a mention and anything else as escaped text.
func Mention(id string) string {
	if userID.MatchString(id) {
		return "<@" + id + ">"
	}
	return Escape(id)
}

var userID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// IsUserID says whether s is a Slack user ID (U… or W…).
func IsUserID(s string) bool { return userID.MatchString(s) }

// fail logs what could not be sent and keeps it for Undelivered.
func (n *Notifier) fail(what string, err error) {
	if strings.Contains(err.Error(), "missing_scope") {
		err = fmt.Errorf("%w: the token lacks a scope of docs/slack-app-manifest.yml; add it and reinstall the app", err)
	}
	n.log.Warn(fmt.Sprintf("slack: %s: %v", what, err))
	n.mu.Lock()
	n.failed = append(n.failed, fmt.Sprintf("%s: %v", what, err))
	n.mu.Unlock()
}

// Undelivered lists what could not be sent to Slack (after retries), for the step summary;
// events dropped because the queue was full are counted in the last line.
func (n *Notifier) Undelivered() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := append([]string(nil), n.failed...)
	if n.dropped > 0 {
		out = append(out, fmt.Sprintf("%d event(s) dropped: the queue was full", n.dropped))
	}
	return out
}

func short7(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

// stepFigures is a step's figures for people: what each version served in the step, the
// release's evidence against its threshold and, while the step waits for traffic, how much more
// it needs and how long that takes at the current rate. Escaped for mrkdwn.
func stepFigures(v analysis.Verdict) string {
	lines := []string{"canary " + Escape(v.Canary.String()), "stable " + Escape(v.Stable.String())}
	if a := v.Evidence.Against(); a != "" {
		lines = append(lines, Escape(a))
	}
	if w := v.Evidence.Waiting(); w != "" {
		lines = append(lines, ":hourglass_flowing_sand: "+Escape(w))
	}
	return strings.Join(lines, "\n")
}
