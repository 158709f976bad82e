package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// buttonValue is what an Approve or Reject button carries: the request, bound to one digest
// (or, for a feature flag's release, to "flag:<name>").
type buttonValue struct {
	Env string `json:"env"`
	// Digest is what the decision is recorded for: the image's digest, or "flag:<Flag>" for
	// a flag's release (greenlight.ApprovalRequest.Subject).
	Digest string `json:"digest"`
	// Flag names the feature flag whose release is asked about, and Percent the share of users
	// its step goes to; empty for an image.
	Flag      string `json:"flag,omitempty"`
	Percent   int    `json:"percent,omitempty"`
	Image     string `json:"image"`
	Releaser  string `json:"releaser"`        // a GitHub login, or slack:U… for a Slack user
	Email     string `json:"email,omitempty"` // the commit author's e-mail, when known
	AllowSelf bool   `json:"allow_self,omitempty"`
	Expires   int64  `json:"expires"`
	// Requester asked for the move (when not the releaser): never counts toward a quorum.
	Requester string `json:"requester,omitempty"`
	// Actor started the run that asks (when not the releaser): one of the release's own people,
	// as the run counts them.
	Actor string `json:"actor,omitempty"`
	// Quorum, when the environment needs approvals by several people of a group
	// (greenlight.Environment.Quorum): each person's decision is recorded, and the promotion is
	// dispatched by the click that meets it.
	Quorum *approval.Quorum `json:"quorum,omitempty"`
	// Thread is the release message the click came from (CHANNEL/TS of the thread's root),
	// which the dispatched promote or abort continues; not part of the button's value.
	Thread string `json:"-"`
}

// Approver asks for approvals in Slack: it posts Approve and Reject buttons for the exact
// digest, records "awaiting approval" in the GitHub deployment, and ends the job without
// waiting (greenlight.ErrAwaitingApproval). The bot's interactions endpoint takes the decision
// and dispatches the workflow: promote or abort. It implements greenlight.Approver.
type Approver struct {
	api     *slack.Client
	channel string
	gh      *github.Client
	TTL     time.Duration // how long the buttons stay valid (default 24h)
	// Deadline bounds asking (posting the buttons and noting it on the deployment; default
	// DefaultApprovalDeadline). When Slack does not answer within it, or is down, the step ends
	// as a hold for a person (greenlight.ErrAwaitingApproval): the canary keeps its weight.
	Deadline  time.Duration
	AllowSelf bool // the releaser may approve alone
	// AuthorEmail is the commit author's e-mail (from the push event, for instance): the bot
	// refuses an approval from the Slack account users.lookupByEmail finds for it.
	AuthorEmail string
	// Release, when set, is the release's notifier: the approval is asked in its thread.
	Release *notify.Notifier
}

// DefaultApprovalDeadline is how long Approve may take to ask, by default.
const DefaultApprovalDeadline = 2 * time.Minute

// NewAPI is a Slack Web API client whose every call ends within notify.CallTimeout; opts come
// after (slack.OptionAPIURL for a test server).
func NewAPI(token string, opts ...slack.Option) *slack.Client {
	return slack.New(token, append([]slack.Option{slack.OptionHTTPClient(notify.HTTPClient())}, opts...)...)
}

// NewApprover posts to channel with a bot token and records in gh's deployments.
func NewApprover(token, channel string, gh *github.Client, opts ...notify.Option) *Approver {
	return &Approver{api: slack.New(token, notify.ClientOptions(opts...)...), channel: channel, gh: gh, TTL: 24 * time.Hour}
}

// Approve implements greenlight.Approver.
func (a *Approver) Approve(ctx context.Context, req greenlight.ApprovalRequest) (approval.Decision, error) {
	deadline := a.Deadline
	if deadline <= 0 {
		deadline = DefaultApprovalDeadline
	}
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	expires := time.Now().Add(a.TTL)
	v := buttonValue{Env: req.Env, Digest: req.Subject(), Flag: req.Flag, Releaser: req.Source.Author, Email: a.AuthorEmail, AllowSelf: a.AllowSelf, Expires: expires.Unix(), Quorum: req.Quorum}
	if req.Flag != "" {
		v.Percent = req.Percent
	} else {
		v.Image = req.Image.String()
	}
	if r := req.Source.RequestedBy; r != "" && r != req.Source.Author {
		v.Requester = r
	}
	if r := req.Source.Actor; r != "" && r != req.Source.Author {
		v.Actor = r
	}
	what := "promote " + req.Image.Short() + " to " + req.Env
	if req.Flag != "" {
		what = fmt.Sprintf("release flag %s to %d%% of %s's users", req.Flag, req.Percent, req.Env)
	}
	if v.Quorum != nil {
		if err := v.Quorum.Validate(); err != nil {
			return approval.Decision{}, fmt.Errorf("asking for approval in Slack: %w", err)
		}
	}
	val, _ := json.Marshal(v)
	if len(val) > maxButtonValue {
		v.Image, v.Email = "", ""
		val, _ = json.Marshal(v)
	}
	if len(val) > maxButtonValue {
		return approval.Decision{}, fmt.Errorf("asking for approval in Slack: the approval (%d members in the group) does not fit in a Slack button's %d characters: list fewer members in Quorum.Members", len(v.Quorum.Members), maxButtonValue)
	}
	shown := v
	if req.Flag == "" {
		shown.Image = req.Image.String()
	}
	blocks := approvalBlocks(shown, string(val), "")
	opts := []slack.MsgOption{slack.MsgOptionBlocks(blocks...), slack.MsgOptionText("Approval needed: "+notify.Escape(req.Env), false)}
	channel := a.channel
	if a.Release != nil {
		if ch, ts := a.Release.Thread(ctx); ts != "" {
			channel = ch
			opts = append(opts, slack.MsgOptionTS(ts))
		}
	}
	if err := notify.Call(ctx, "chat.postMessage", channel, 4, time.Minute, func() error {
		_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
		return err
	}); err != nil {
		if notify.Transient(err) || ctx.Err() != nil {
			// Slack is down or does not answer: a person decides what happens, the run neither
			// fails nor waits. The canary keeps its weight.
			if req.Flag != "" {
				return approval.Decision{}, fmt.Errorf("could not ask for approval to %s in Slack within %s (%v): the flag keeps its share; re-run this job when Slack answers: %w",
					what, deadline, err, greenlight.ErrAwaitingApproval)
			}
			return approval.Decision{}, fmt.Errorf("could not ask for approval to promote %s to %s in Slack within %s (%v): the canary keeps its weight; re-run this job when Slack answers, or record an approval and dispatch promote: %w",
				req.Image.Short(), req.Env, deadline, err, greenlight.ErrAwaitingApproval)
		}
		return approval.Decision{}, fmt.Errorf("asking for approval in Slack: %w", err)
	}
	if req.Flag == "" {
		// A canary's deployment waits in GitHub: it says so. A flag's release has none.
		if rec, err := waiting(ctx, a.gh, req.Env, v.Digest); err == nil && rec != nil {
			a.gh.SetState(ctx, rec, "in_progress", "", rec.LogURL, "awaiting approval in Slack until "+expires.UTC().Format(time.RFC3339))
		}
	}
	return approval.Decision{}, fmt.Errorf("asked in Slack for approval to %s: %w", what, greenlight.ErrAwaitingApproval)
}

// maxButtonValue is the most a Block Kit button's value holds.
const maxButtonValue = 2000

// approvalBlocks is the approval message: what is asked, for whom, where it stands (status, such
// as "1 of 2 approvals from sre: alice"), and the Approve and Reject buttons carrying val.
func approvalBlocks(v buttonValue, val, status string) []slack.Block {
	what := v.Image
	if what == "" {
		what = v.Digest
	}
	text := fmt.Sprintf(":raised_hand: *Approval needed*: promote `%s` to *%s*", notify.EscapeFit(what, 200), notify.Escape(v.Env))
	if v.Flag != "" {
		text = fmt.Sprintf(":raised_hand: *Approval needed*: release flag `%s` to %d%% of *%s*'s users", notify.Escape(v.Flag), v.Percent, notify.Escape(v.Env))
	}
	if q := v.Quorum; q != nil {
		text += fmt.Sprintf("\nneeds %d approvals from %s: %s", q.N, notify.EscapeFit(orGroup(q.Group), 100), notify.EscapeFit(strings.Join(q.Members, ", "), 1500))
	}
	text += fmt.Sprintf("\nreleased by %s · expires %s", notify.EscapeFit(orSomeone(v.Releaser), 100), time.Unix(v.Expires, 0).UTC().Format(time.RFC1123))
	if status != "" {
		text += "\n" + status
	}
	return notify.CapBlocks([]slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, notify.Fit(text, notify.MaxSection), false, false), nil, nil),
		slack.NewActionBlock("greenlight_approval",
			slack.NewButtonBlockElement("approve", val, slack.NewTextBlockObject(slack.PlainTextType, "Approve", false, false)).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement("reject", val, slack.NewTextBlockObject(slack.PlainTextType, "Reject", false, false)).WithStyle(slack.StyleDanger)),
	})
}

func orGroup(g string) string {
	if g == "" {
		return "the group"
	}
	return g
}

func orSomeone(s string) string {
	if s == "" {
		return "someone"
	}
	return s
}

// waiting is the deployment of digest in env that is still in progress: the canary that waits.
func waiting(ctx context.Context, gh *github.Client, env, digest string) (*github.Record, error) {
	hist, err := gh.History(ctx, env, 5)
	if err != nil {
		return nil, err
	}
	for _, r := range hist {
		if r.State == "in_progress" {
			if r.Payload.Digest == digest {
				return r, nil
			}
			return nil, nil // another digest waits now: the button is stale
		}
	}
	return nil, nil
}

type interactionPayload struct {
	rid  string // the request's ID, for the logs
	Type string `json:"type"`
	Team struct {
		ID string `json:"id"`
	} `json:"team"`
	Enterprise struct {
		ID string `json:"id"`
	} `json:"enterprise"`
	APIAppID string `json:"api_app_id"`
	User     struct {
		ID string `json:"id"`
	} `json:"user"`
	Actions []struct {
		ActionID string `json:"action_id"`
		Value    string `json:"value"`
	} `json:"actions"`
	ResponseURL string `json:"response_url"`
	Channel     struct {
		ID string `json:"id"`
	} `json:"channel"`
	Message struct {
		Ts       string `json:"ts"`
		ThreadTs string `json:"thread_ts"`
	} `json:"message"`
}

func (b *Bot) interaction(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	var p interactionPayload
	if err := json.Unmarshal([]byte(r.Form.Get("payload")), &p); err != nil || p.Type != "block_actions" || len(p.Actions) != 1 {
		w.WriteHeader(http.StatusOK) // nothing Greenlight handles
		return
	}
	w.WriteHeader(http.StatusOK) // acknowledge now; everything else is done after
	p.rid = requestID(r.Context())
	b.handleInteraction(p)
}

// handleInteraction takes an Approve, Reject or Roll back click (HTTP and Socket Mode share
// it), after the acknowledgement: where it comes from is checked first, and a refusal goes to
// the person who clicked (response_url, ephemeral).
func (b *Bot) handleInteraction(p interactionPayload) {
	if len(p.Actions) != 1 {
		return
	}
	b.later(p.rid, func(ctx context.Context) {
		if err := b.origin(ctx, p.Team.ID, p.Enterprise.ID, p.APIAppID); err != nil {
			b.audit(AuditEntry{User: p.User.ID, Command: p.Actions[0].ActionID, Allowed: false, Reason: err.Error()})
			b.respond(ctx, p.ResponseURL, "Refused: "+notify.Escape(err.Error())+". Nothing was done.", true)
			return
		}
		act := p.Actions[0]
		if strings.HasPrefix(act.ActionID, "rollback") {
			b.rollbackClick(ctx, p, act.Value)
			return
		}
		var v buttonValue
		if (act.ActionID != "approve" && act.ActionID != "reject") || json.Unmarshal([]byte(act.Value), &v) != nil ||
			!validEnv(v.Env) || !validSubject(v) {
			return
		}
		if root := p.Message.ThreadTs; root != "" && p.Channel.ID != "" {
			v.Thread = p.Channel.ID + "/" + root
		} else if p.Message.Ts != "" && p.Channel.ID != "" {
			v.Thread = p.Channel.ID + "/" + p.Message.Ts
		}
		out := b.decide(ctx, p.User.ID, act.ActionID == "approve", v)
		inThread := (out.final || out.open) && b.API != nil && p.Channel.ID != "" && p.Message.Ts != ""
		// The decision is announced once: in the release's thread when the bot can post there
		// (the clicker gets it privately too), else in the channel through response_url.
		b.respond(ctx, p.ResponseURL, out.text, !out.final || inThread)
		if !inThread {
			return
		}
		// Settled, the buttons make no sense any more: the approval message says who decided.
		// Still open (a quorum), it keeps them and says where the count stands.
		b.redraw(ctx, p.Channel.ID, p.Message.Ts, v, act.Value, out)
		// A reply goes under the thread's parent: the release message when the approval is in its thread.
		parent := p.Message.Ts
		if p.Message.ThreadTs != "" {
			parent = p.Message.ThreadTs
		}
		if err := notify.Call(ctx, "chat.postMessage", p.Channel.ID, 3, 30*time.Second, func() error {
			_, _, err := b.API.PostMessageContext(ctx, p.Channel.ID, slack.MsgOptionText(out.text, false), slack.MsgOptionTS(parent))
			return err
		}); err != nil {
			b.warn(ctx, "slack: posting the decision in the thread: %v", err)
		}
	})
}

// outcome is what a click did: final when a decision was taken and acted on; open when it was
// recorded toward a quorum that is not met yet.
type outcome struct {
	text  string
	final bool
	open  bool
}

// redraw updates the approval message after a click that counted. One click at a time per
// message (in this bot), and an open quorum's count is read again first, so a slower click
// never puts back an older count or the buttons of a settled approval.
func (b *Bot) redraw(ctx context.Context, channel, ts string, v buttonValue, val string, out outcome) {
	unlock := b.redraws.lock(channel + "/" + ts)
	defer unlock()
	text := out.text
	var blocks []slack.Block
	if out.open {
		t, err := b.tally(ctx, v)
		switch {
		case err != nil:
			return // the count cannot be read: the message keeps what it said
		case t.Settled():
			text = settledText(t)
		default:
			text = fmt.Sprintf("%s; %d more needed", notify.Escape(t.String()), t.Quorum.N-len(t.Approvals))
			blocks = approvalBlocks(v, val, text)
		}
	}
	if blocks == nil {
		blocks = []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, notify.Fit(text, notify.MaxSection), false, false), nil, nil)}
	}
	if err := notify.Call(ctx, "chat.update", channel, 3, 30*time.Second, func() error {
		_, _, _, err := b.API.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(notify.Fit(text, 3000), false))
		return err
	}); err != nil {
		b.warn(ctx, "slack: updating the approval message: %v", err)
	}
}

// decide checks one Approve or Reject click, records it in GitHub (the first decision for the
// digest stands) and only then carries it out.
func (b *Bot) decide(ctx context.Context, user string, approve bool, v buttonValue) outcome {
	verb := map[bool]string{true: "approve", false: "reject"}[approve]
	what := verb + " " + v.Env + " " + v.Digest
	login := b.Config.LoginOf(user)
	refuse := func(why string) outcome {
		b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: false, Reason: why})
		return outcome{text: fmt.Sprintf("<@%s> cannot %s: %s. Nothing was done.", user, verb, why)}
	}
	if err := b.Start(ctx); err != nil {
		return outcome{text: "The bot is not set up: " + notify.Escape(err.Error())}
	}
	if time.Now().Unix() > v.Expires {
		return refuse(fmt.Sprintf("this approval expired at %s", time.Unix(v.Expires, 0).UTC().Format(time.RFC3339)))
	}
	if ok, why, _ := b.authorize(ctx, user, Command{Name: "approve", Env: v.Env}, true); !ok {
		return refuse(why)
	}
	if login == "" {
		return refuse(fmt.Sprintf("no GitHub login is mapped to <@%s>, and a decision binds a GitHub identity. Add `people: {YOUR_GITHUB_LOGIN: %s}` to .greenlight/slack.yml", user, user))
	}
	if v.Quorum != nil {
		// One person's clicks on one digest, one at a time in this process: a double click
		// then reads the first one's decision instead of recording a second (clicks on other
		// processes still race, and Cast's read-back settles them).
		unlock := b.clicks.lock(login + " " + v.Env + " " + v.Digest)
		defer unlock()
		return b.decideQuorum(ctx, user, login, approve, v, refuse)
	}
	if approve && !v.AllowSelf {
		if why := b.selfApproval(ctx, user, login, v); why != "" {
			return refuse(why)
		}
	}
	rec, stale, err := b.pending(ctx, v)
	if err != nil {
		return refuse(fmt.Sprintf("cannot read %s's deployments: %s", notify.Escape(v.Env), notify.Escape(err.Error())))
	}
	mine := approval.Decision{Approved: approve, By: user, Identity: login, Via: "slack", At: time.Now().UTC().Truncate(time.Second), Env: v.Env, Digest: v.Digest}
	// A decision already standing wins over staleness: say who decided.
	standing, err := b.Decisions.Lookup(ctx, v.Env, v.Digest)
	if err != nil {
		return outcome{text: fmt.Sprintf("Could not read the decisions in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
	}
	ours, unanchored := false, ""
	box, canCast := b.Decisions.(ballotBox)
	if standing != nil && canCast && !b.counts(ctx, v, *standing) {
		// The first decision recorded does not count (someone behind the release, or not on
		// the approve list, recorded it directly in GitHub): it settles nothing, so this one is
		// recorded as its person's own and counts if it is the first that does.
		if stale {
			return refuse(fmt.Sprintf("%s is no longer what waits in %s (this message is stale)", notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env)))
		}
		ballot, err := box.Cast(ctx, mine)
		if unanchored, err = b.anchored(ctx, err); err != nil {
			return outcome{text: fmt.Sprintf("Could not record the decision in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
		}
		standing = &ballot.Standing
		for _, d := range ballot.All {
			if b.counts(ctx, v, d) {
				standing = &d
				break
			}
		}
		ours = ballot.Mine && strings.EqualFold(standing.Who(), mine.Who())
	} else if standing == nil {
		if stale {
			return refuse(fmt.Sprintf("%s is no longer what waits in %s (this message is stale)", notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env)))
		}
		// Recorded before anything is done: when two clicks race, both read back the same first,
		// and only the click that wrote it acts (two clicks of one person in the same second are
		// equal decisions).
		d, first, err := b.Decisions.Record(ctx, mine)
		ours = first
		if unanchored, err = b.anchored(ctx, err); err != nil {
			return outcome{text: fmt.Sprintf("Could not record the decision in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
		}
		standing = &d
	}
	if !ours {
		past := map[bool]string{true: "approved", false: "rejected"}[standing.Approved]
		why := fmt.Sprintf("already %s by %s (%s) at %s", past, notify.Mention(standing.By), notify.Escape(standing.Identity), standing.At.UTC().Format(time.RFC3339))
		b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: false, Reason: why})
		return outcome{text: fmt.Sprintf("This was %s. Your click changed nothing.", why)}
	}
	return withWarning(b.carryOutDecision(ctx, user, login, mine, v, rec, "", "slack approval by "+login), unanchored)
}

// anchored sorts out an *github.AnchorError from err: the record it names holds, but a branch
// workflow could delete it unseen. It is logged and returned as a warning for the person; any
// other error is returned as it is.
func (b *Bot) anchored(ctx context.Context, err error) (warning string, _ error) {
	var ae *github.AnchorError
	if !errors.As(err, &ae) {
		return "", err
	}
	b.warn(ctx, "greenlight bot: %v", ae)
	return ":warning: " + notify.Escape(ae.Error()), nil
}

// withWarning adds warning (if any) to o's text.
func withWarning(o outcome, warning string) outcome {
	if warning != "" {
		o.text += "\n" + warning
	}
	return o
}

// carryOutDecision acts on the decision that settled an buttonValue, once: it notes it on the
// deployment that waits and dispatches promote (or abort) in the release's thread. For a
// flag's release (no deployment waits: rec is nil) an approval dispatches the pipeline's run
// again, as `greenlight due --resume` resumes a held flag release: the run's rollout meets the
// approval at the choke point and takes its steps; a rejection dispatches nothing (the flag
// keeps its share, and the rejection stops its release at the next run). tally says where a
// quorum stands ("" for a single approver); requestedBy names the decision in the run.
func (b *Bot) carryOutDecision(ctx context.Context, user, login string, mine approval.Decision, v buttonValue, rec *github.Record, tally, requestedBy string) outcome {
	approve := mine.Approved
	what := map[bool]string{true: "approve", false: "reject"}[approve] + " " + v.Env + " " + v.Digest
	cmd := map[bool]string{true: "promote", false: "abort"}[approve]
	past := map[bool]string{true: "approved", false: "rejected"}[approve]
	decision := fmt.Sprintf("%s by %s (slack %s) at %s", past, login, user, mine.At.Format(time.RFC3339))
	shown := ""
	if tally != "" {
		decision += "; " + tally
		shown = " (" + notify.Escape(tally) + ")"
	}
	if v.Flag != "" {
		return b.carryOutFlagDecision(ctx, user, login, mine, v, decision, shown, requestedBy)
	}
	state := map[bool]string{true: "in_progress", false: "failure"}[approve]
	if err := b.GitHub.SetState(ctx, rec, state, "", rec.LogURL, truncate(decision, 139)); err != nil {
		b.warn(ctx, "greenlight bot: the decision is recorded; noting it on deployment %d: %v", rec.ID, err)
	}
	u, err := b.GitHub.Dispatch(ctx, b.workflow(), b.ref(), protocol.Inputs{Command: protocol.Command(cmd), Environment: v.Env,
		// Not the approver's login: the run checks that who asked for a move is not who approved it.
		RequestedBy: requestedBy, Thread: v.Thread})
	b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: true, Failed: err != nil, Reason: decision, RunURL: u})
	if err != nil {
		return outcome{text: fmt.Sprintf("%s recorded, but starting %s failed: %s", strings.ToUpper(decision[:1])+notify.Escape(decision[1:]), cmd, notify.Escape(err.Error())), final: true}
	}
	return outcome{text: fmt.Sprintf(":ballot_box_with_check: <@%s> (%s) %s %s in %s at %s%s; %s: %s", user, notify.Escape(login), past, notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env), mine.At.Format(time.RFC3339), shown, cmd, notify.Link(u, "the run")), final: true}
}

// carryOutFlagDecision acts on the decision that settled the approval of a flag's release:
// an approval dispatches the pipeline's run (command run) in the release's thread, a
// rejection dispatches nothing.
func (b *Bot) carryOutFlagDecision(ctx context.Context, user, login string, mine approval.Decision, v buttonValue, decision, shown, requestedBy string) outcome {
	what := map[bool]string{true: "approve", false: "reject"}[mine.Approved] + " " + v.Env + " " + v.Digest
	flag := fmt.Sprintf("the release of flag `%s` to %d%% in %s", notify.Escape(v.Flag), v.Percent, notify.Escape(v.Env))
	if !mine.Approved {
		b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: true, Reason: decision})
		return outcome{text: fmt.Sprintf(":no_entry: <@%s> (%s) rejected %s at %s%s; the flag keeps its share, and a rejection is final for %s in %s", user, notify.Escape(login), flag,
			mine.At.Format(time.RFC3339), shown, notify.Escape(v.Digest), notify.Escape(v.Env)), final: true}
	}
	u, err := b.GitHub.Dispatch(ctx, b.workflow(), b.ref(), protocol.Inputs{Command: protocol.Run, RequestedBy: requestedBy, Thread: v.Thread})
	b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: true, Failed: err != nil, Reason: decision, RunURL: u})
	if err != nil {
		return outcome{text: fmt.Sprintf("%s recorded, but starting the pipeline's run failed: %s", strings.ToUpper(decision[:1])+notify.Escape(decision[1:]), notify.Escape(err.Error())), final: true}
	}
	return outcome{text: fmt.Sprintf(":ballot_box_with_check: <@%s> (%s) approved %s at %s%s; the pipeline runs again to release it: %s", user, notify.Escape(login), flag,
		mine.At.Format(time.RFC3339), shown, notify.Link(u, "the run")), final: true}
}

// pending is what waits for v's decision, and whether v is stale. For an image, the canary's
// deployment in progress in v.Env (stale when none waits, or another digest's does). A flag's
// release has no deployment that waits (the run that asked ended as held): it is not stale
// here, the buttons' expiry bounds it, and the run the approval dispatches checks the release
// again at the engine's choke point.
func (b *Bot) pending(ctx context.Context, v buttonValue) (rec *github.Record, stale bool, err error) {
	if v.Flag != "" {
		return nil, false, nil
	}
	rec, err = waiting(ctx, b.GitHub, v.Env, v.Digest)
	return rec, err == nil && rec == nil, err
}

// selfApproval says why user (login on GitHub) may not decide v's release alone: they
// released it, or wrote its commit (their Slack account found by the author's e-mail); "" when
// neither.
func (b *Bot) selfApproval(ctx context.Context, user, login string, v buttonValue) string {
	// The engine's one rule (approval.Count) says whether a click is the release's
	// own: asked about this click alone, once for the releaser and once for the requester.
	mine := []approval.Decision{{Approved: true, By: user, Identity: login, Env: v.Env, Digest: v.Digest}}
	own := func(src runlog.Source) bool {
		return len(approval.Count(mine, v.Env, v.Digest, nil, approval.NotApprovers(src.Author, src.RequestedBy)).Excluded) > 0
	}
	if own(runlog.Source{Author: v.Releaser}) {
		return fmt.Sprintf("you (%s on GitHub) released it, and a release needs another approver", notify.Escape(login))
	}
	if own(runlog.Source{RequestedBy: v.Requester}) {
		return fmt.Sprintf("you (%s on GitHub) asked for this move, and it needs another approver", notify.Escape(login))
	}
	if own(runlog.Source{Author: v.Actor}) {
		return fmt.Sprintf("you (%s on GitHub) started the run that asks, and it needs another approver", notify.Escape(login))
	}
	// Everyone else behind the release (approval.Origin.NotApprovers: the authors and committers of
	// the commits it ships into the environment, their pull requests' authors and mergers), as
	// the run the click dispatches will count them: refused here, before anything is recorded.
	origin, err := b.releaseOrigin(ctx, v)
	if err != nil {
		return fmt.Sprintf("Greenlight cannot read who is behind this release (%s), and an approval is not taken on trust", notify.Escape(err.Error()))
	}
	if len(approval.Count(mine, v.Env, v.Digest, nil, origin.NotApprovers()).Excluded) > 0 {
		return fmt.Sprintf("you (%s on GitHub) are behind this release (the commits it ships, by their authors, committers and pull requests: %s), and a release needs another approver",
			notify.Escape(login), notify.EscapeFit(strings.Join(origin.Shippers, ", "), 500))
	}
	email := v.Email
	if email == "" && b.AuthorEmail != nil && v.Flag == "" {
		email = b.AuthorEmail(ctx, v.Digest)
	}
	if email == "" {
		return ""
	}
	// The author's Slack account: from the config's emails: when it names one, else from Slack
	// (users.lookupByEmail, users:read.email). A lookup that fails refuses: the bot cannot tell
	// whether the commit is this person's.
	if id, ok := b.Config.EmailUser(email); ok {
		if id == user {
			return "you wrote the commit (" + notify.Escape(email) + "), and a release needs another approver"
		}
		return ""
	}
	var u *slack.User
	err = notify.Call(ctx, "users.lookupByEmail", "", 3, 30*time.Second, func() (err error) {
		u, err = b.API.GetUserByEmailContext(ctx, email)
		return err
	})
	switch {
	case err == nil && u != nil && u.ID == user:
		return "you wrote the commit (" + notify.Escape(email) + "), and a release needs another approver"
	case err == nil && u != nil:
		return ""
	case err != nil && strings.Contains(err.Error(), "missing_scope"):
		return fmt.Sprintf("the bot cannot tell whether you wrote the commit: Slack refused users.lookupByEmail (missing_scope). Give the app the users:read.email scope and reinstall it, or map the author in .greenlight/slack.yml: `emails: {%s: SLACK_USER_ID}`", notify.Escape(email))
	case err != nil && strings.Contains(err.Error(), "users_not_found"):
		return fmt.Sprintf("the bot cannot tell whether you wrote the commit: no Slack account has the author's e-mail %s (or it is hidden). Map it in .greenlight/slack.yml: `emails: {%s: SLACK_USER_ID}`, or `\"-\"` when the author has no account here", notify.Escape(email), notify.Escape(email))
	default:
		why := "no answer"
		if err != nil {
			why = err.Error()
		}
		return fmt.Sprintf("the bot cannot tell whether you wrote the commit: users.lookupByEmail failed (%s). Try again in a minute, or map the author in .greenlight/slack.yml: `emails: {%s: SLACK_USER_ID}`", notify.Escape(why), notify.Escape(email))
	}
}

// releaseOrigin is who is behind v's release going into v.Env, as the ledger reads it (nothing when
// the bot has no GitHub client).
func (b *Bot) releaseOrigin(ctx context.Context, v buttonValue) (approval.Origin, error) {
	if b.GitHub == nil || v.Flag != "" {
		// A flag's release ships no commits: the run counts only its own people (the
		// releaser, who started it, who asked), as the button carries them.
		return approval.Origin{}, nil
	}
	o, _, err := b.GitHub.OriginOf(ctx, v.Env, v.Digest, "")
	return o, err
}

// counts says whether d counts for v's release under the engine's rule (approval.Count): not
// by one of the release's own people, and by one of the environment's approvers
// (Config.Approvers). A decision that does not count (recorded directly in GitHub by someone
// the bot would have refused) never stands in the way of one that does.
func (b *Bot) counts(ctx context.Context, v buttonValue, d approval.Decision) bool {
	if v.AllowSelf {
		return true
	}
	origin, err := b.releaseOrigin(ctx, v)
	if err != nil {
		return true // the run decides; the bot does not guess
	}
	var q *approval.Quorum
	if members, err := b.Config.Approvers(v.Env, b.inGroupNow); err == nil {
		q = &approval.Quorum{N: 1, Group: "the approvers", Members: members}
	}
	t := approval.Count([]approval.Decision{d}, v.Env, v.Digest, q, origin.NotApprovers(v.Releaser, v.Requester, v.Actor))
	return t.Settled()
}

// inGroupNow says whether user is in group as the bot's cache knows it now (a group not read
// yet counts as not containing user: the run's count is the one that moves traffic).
func (b *Bot) inGroupNow(group, user string) bool {
	members, fresh, _, _ := b.peekGroup(group)
	return fresh && slices.Contains(members, user)
}

// ballotBox keeps every person's decision (pkg/github's Decisions) and casts one person's
// decision among them: what a quorum's clicks need.
type ballotBox interface {
	approval.Decisions
	Cast(ctx context.Context, d approval.Decision) (github.Ballot, error)
}

// tally reads where v's quorum stands in the decisions recorded.
func (b *Bot) tally(ctx context.Context, v buttonValue) (approval.Tally, error) {
	box, ok := b.Decisions.(ballotBox)
	if !ok {
		return approval.Tally{}, fmt.Errorf("the bot's decision store (%T) keeps one decision per digest, and this approval needs %d: use pkg/github's Decisions", b.Decisions, v.Quorum.N)
	}
	all, err := box.All(ctx, v.Env, v.Digest)
	if err != nil {
		return approval.Tally{}, err
	}
	not, err := b.excluded(ctx, v)
	if err != nil {
		return approval.Tally{}, err
	}
	return approval.Count(all, v.Env, v.Digest, v.Quorum, not), nil
}

// excluded are who never count toward v's approval, as the run the approval dispatches counts
// them: the releaser and the requester, and everyone behind the commits the release ships
// (approval.Origin.NotApprovers). An error when who is behind the release cannot be read: the
// count is then not made, rather than made wider than the run's.
func (b *Bot) excluded(ctx context.Context, v buttonValue) ([]string, error) {
	if v.AllowSelf {
		return nil, nil
	}
	origin, err := b.releaseOrigin(ctx, v)
	if err != nil {
		return nil, fmt.Errorf("cannot read who is behind this release: %w", err)
	}
	return origin.NotApprovers(v.Releaser, v.Requester, v.Actor), nil
}

// settledText says how a quorum was settled, for a click that came after.
func settledText(t approval.Tally) string {
	d := t.Deciding()
	if t.Rejection != nil {
		return fmt.Sprintf("already rejected by %s (%s) at %s", notify.Mention(d.By), notify.Escape(d.Identity), d.At.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("already approved by %s (%s) at %s", notify.Escape(strings.Join(t.Names(), ", ")), notify.Escape(t.String()), d.At.UTC().Format(time.RFC3339))
}

// decideQuorum takes one click on an approval that needs N people of a group: each member's
// first decision is recorded in GitHub under their login; a member's rejection before the
// quorum is met is final; the click whose decision settles it, and only that one, carries it
// out. The releaser, the requester and the commit's author never count.
func (b *Bot) decideQuorum(ctx context.Context, user, login string, approve bool, v buttonValue, refuse func(string) outcome) outcome {
	q := *v.Quorum
	what := map[bool]string{true: "approve", false: "reject"}[approve] + " " + v.Env + " " + v.Digest
	past := func(ok bool) string { return map[bool]string{true: "approved", false: "rejected"}[ok] }
	if err := q.Validate(); err != nil {
		return refuse(notify.Escape(err.Error()))
	}
	if !q.IsMember(login) {
		return refuse(fmt.Sprintf("only members of %s count toward this approval (%s), and %s is not one of them",
			notify.EscapeFit(orGroup(q.Group), 100), notify.EscapeFit(strings.Join(q.Members, ", "), 1000), notify.Escape(login)))
	}
	if !v.AllowSelf {
		if why := b.selfApproval(ctx, user, login, v); why != "" {
			return refuse(strings.Replace(why, "needs another approver", "needs other approvers: your decision does not count", 1))
		}
	}
	changedNothing := func(why string) outcome {
		b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: false, Reason: why})
		return outcome{text: fmt.Sprintf("This was %s. Your click changed nothing.", why)}
	}
	yours := func(d approval.Decision, t approval.Tally) string {
		return fmt.Sprintf("already %s by you (%s) at %s; %s", past(d.Approved), notify.Escape(login), d.At.UTC().Format(time.RFC3339), notify.Escape(t.String()))
	}
	box, ok := b.Decisions.(ballotBox)
	if !ok {
		_, err := b.tally(ctx, v)
		return outcome{text: notify.Escape(err.Error()) + ". Nothing was done."}
	}
	all, err := box.All(ctx, v.Env, v.Digest)
	if err != nil {
		return outcome{text: fmt.Sprintf("Could not read the decisions in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
	}
	not, err := b.excluded(ctx, v)
	if err != nil {
		return outcome{text: fmt.Sprintf("Could not count the decisions: %s. Nothing was done.", notify.Escape(err.Error()))}
	}
	t := approval.Count(all, v.Env, v.Digest, &q, not)
	if t.Settled() {
		return changedNothing(settledText(t))
	}
	for _, d := range all {
		if strings.EqualFold(d.Identity, login) {
			return changedNothing(yours(d, t))
		}
	}
	rec, stale, err := b.pending(ctx, v)
	if err != nil {
		return refuse(fmt.Sprintf("cannot read %s's deployments: %s", notify.Escape(v.Env), notify.Escape(err.Error())))
	}
	if stale {
		return refuse(fmt.Sprintf("%s is no longer what waits in %s (this message is stale)", notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env)))
	}
	// Recorded before anything is done; when clicks race, every one reads back the same order.
	mine := approval.Decision{Approved: approve, By: user, Identity: login, Via: "slack", At: time.Now().UTC().Truncate(time.Second), Env: v.Env, Digest: v.Digest}
	ballot, err := box.Cast(ctx, mine)
	unanchored, err := b.anchored(ctx, err)
	if err != nil {
		return outcome{text: fmt.Sprintf("Could not record the decision in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
	}
	t = approval.Count(ballot.All, v.Env, v.Digest, &q, not)
	if !ballot.Mine {
		// Another click of yours came first (a double click): that one acts, if anything does.
		return changedNothing(yours(ballot.Standing, t))
	}
	deciding := t.Deciding()
	switch {
	case deciding == nil:
		// Counted; more are needed. The buttons stay.
		note := fmt.Sprintf("%s by %s (slack %s) at %s; %s", past(approve), login, user, mine.At.Format(time.RFC3339), t)
		if rec != nil {
			if err := b.GitHub.SetState(ctx, rec, "in_progress", "", rec.LogURL, "awaiting approval: "+t.String()); err != nil {
				b.warn(ctx, "greenlight bot: the decision is recorded; noting the count on deployment %d: %v", rec.ID, err)
			}
		}
		b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: true, Reason: note})
		return outcome{text: fmt.Sprintf(":ballot_box_with_check: <@%s> (%s) %s %s in %s: %s; %d more needed.", user, notify.Escape(login), past(approve),
			notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env), notify.Escape(t.String()), q.N-len(t.Approvals)), open: true}
	case !strings.EqualFold(deciding.Identity, login):
		// Another click settled it between our read and our write: ours changes nothing.
		return changedNothing(settledText(t))
	}
	by := "slack approval by " + strings.Join(t.Names(), ", ")
	if !approve || len(by) > 100 {
		by = fmt.Sprintf("slack approval by %d of %s", len(t.Approvals), truncate(orGroup(q.Group), 40))
		if !approve {
			by = "slack rejection by " + login
		}
	}
	return withWarning(b.carryOutDecision(ctx, user, login, mine, v, rec, t.String(), by), unanchored)
}

// rollbackClick takes a click on a release message's Roll back button. The button is meaningful
// only while that release is what the environment runs: otherwise nothing is done and the person
// is told (a release message keeps its button after newer releases).
func (b *Bot) rollbackClick(ctx context.Context, p interactionPayload, value string) {
	var v notify.RollbackValue
	if json.Unmarshal([]byte(value), &v) != nil || !validEnv(v.Env) || !validDigest(v.Digest) {
		return
	}
	user, cmd := p.User.ID, Command{Name: "rollback", Env: v.Env}
	{
		refuse := func(why string) {
			b.audit(AuditEntry{User: user, Command: cmd.String(), Env: v.Env, Digest: v.Digest, Allowed: false, Reason: why})
			b.respond(ctx, p.ResponseURL, fmt.Sprintf("<@%s> cannot roll back %s: %s. Nothing was done.", user, notify.Escape(v.Env), why), true)
		}
		if ok, why, _ := b.authorize(ctx, user, cmd, true); !ok {
			refuse(why)
			return
		}
		cur, err := b.GitHub.Current(ctx, v.Env)
		switch {
		case err != nil:
			refuse("cannot read GitHub Deployments: " + notify.Escape(err.Error()))
			return
		case cur == nil || cur.Payload.Digest != v.Digest:
			now := "nothing"
			if cur != nil {
				now = notify.EscapeFit(cur.Payload.Digest, 19)
			}
			refuse(fmt.Sprintf("this release (%s) is no longer what %s runs (%s does); use `/greenlight rollback %s`", notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env), now, notify.Escape(v.Env)))
			return
		}
		msg, runURL, failed := b.carryOut(ctx, user, cmd)
		b.audit(AuditEntry{User: user, Command: cmd.String(), Env: v.Env, Digest: v.Digest, Allowed: true, Failed: failed, Reason: msg, RunURL: runURL})
		b.respond(ctx, p.ResponseURL, msg, false)
		if b.API != nil && p.Channel.ID != "" && p.Message.Ts != "" {
			if err := notify.Call(ctx, "chat.postMessage", p.Channel.ID, 3, 30*time.Second, func() error {
				_, _, err := b.API.PostMessageContext(ctx, p.Channel.ID, slack.MsgOptionText(msg, false), slack.MsgOptionTS(p.Message.Ts))
				return err
			}); err != nil {
				b.warn(ctx, "slack: posting the rollback in the thread: %v", err)
			}
		}
	}
}

// EventAuthorEmailFromEnv is EventAuthorEmail of the event of the GitHub Actions run
// ($GITHUB_EVENT_PATH), for Approver.AuthorEmail. It is the one place in package slack that
// reads the environment.
func EventAuthorEmailFromEnv() string {
	return EventAuthorEmail(os.Getenv("GITHUB_EVENT_PATH"))
}

// EventAuthorEmail is the e-mail of the commit a GitHub Actions run deploys, from the event
// payload in the file eventPath (push's head_commit, or workflow_run's); "" when there is none.
func EventAuthorEmail(eventPath string) string {
	f, err := os.Open(eventPath)
	if err != nil {
		return ""
	}
	defer f.Close()
	type commit struct {
		Author struct {
			Email string `json:"email"`
		} `json:"author"`
	}
	var ev struct {
		HeadCommit  *commit `json:"head_commit"`
		WorkflowRun *struct {
			HeadCommit *commit `json:"head_commit"`
		} `json:"workflow_run"`
	}
	if json.NewDecoder(io.LimitReader(f, 10<<20)).Decode(&ev) != nil {
		return ""
	}
	switch {
	case ev.HeadCommit != nil:
		return ev.HeadCommit.Author.Email
	case ev.WorkflowRun != nil && ev.WorkflowRun.HeadCommit != nil:
		return ev.WorkflowRun.HeadCommit.Author.Email
	}
	return ""
}
