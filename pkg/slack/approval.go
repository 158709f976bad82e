package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// approval is what an Approve or Reject button carries: the request, bound to one digest.
type approval struct {
	Env       string `json:"env"`
	Digest    string `json:"digest"`
	Image     string `json:"image"`
	Releaser  string `json:"releaser"`        // a GitHub login, or slack:U… for a Slack user
	Email     string `json:"email,omitempty"` // the commit author's e-mail, when known
	AllowSelf bool   `json:"allow_self,omitempty"`
	Expires   int64  `json:"expires"`
	// Thread is the release message the click came from (CHANNEL/TS of the thread's root),
	// which the dispatched promote or abort continues; not part of the button's value.
	Thread string `json:"-"`
}

// Approver asks for approvals in Slack: it posts Approve and Reject buttons for the exact
// digest, records "awaiting approval" in the GitHub deployment, and ends the job without
// waiting (greenlight.ErrAwaitingApproval). The bot's interactions endpoint takes the decision
// and dispatches the workflow: promote or abort. It implements greenlight.Approver.
type Approver struct {
	api       *slack.Client
	channel   string
	gh        *github.Client
	TTL       time.Duration // how long the buttons stay valid (default 24h)
	AllowSelf bool          // the releaser may approve alone
	// AuthorEmail is the commit author's e-mail (from the push event, for instance): the bot
	// refuses an approval from the Slack account users.lookupByEmail finds for it.
	AuthorEmail string
	// Release, when set, is the release's notifier: the approval is asked in its thread.
	Release *notify.Notifier
}

// NewApprover posts to channel with a bot token and records in gh's deployments.
func NewApprover(token, channel string, gh *github.Client, opts ...notify.Option) *Approver {
	return &Approver{api: slack.New(token, notify.ClientOptions(opts...)...), channel: channel, gh: gh, TTL: 24 * time.Hour}
}

// Approve implements greenlight.Approver.
func (a *Approver) Approve(ctx context.Context, req greenlight.ApprovalRequest) (greenlight.Decision, error) {
	expires := time.Now().Add(a.TTL)
	v := approval{Env: req.Env, Digest: req.Image.Digest(), Image: req.Image.String(), Releaser: req.Source.Author, Email: a.AuthorEmail, AllowSelf: a.AllowSelf, Expires: expires.Unix()}
	val, _ := json.Marshal(v)
	if len(val) > 2000 { // a button's value holds at most 2000 characters
		v.Image, v.Email = "", ""
		val, _ = json.Marshal(v)
	}
	text := fmt.Sprintf(":raised_hand: *Approval needed*: promote `%s` to *%s*\nreleased by %s · expires %s", notify.EscapeFit(req.Image.String(), 200), notify.Escape(req.Env), notify.EscapeFit(orSomeone(req.Source.Author), 100), expires.UTC().Format(time.RFC1123))
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil),
		slack.NewActionBlock("greenlight_approval",
			slack.NewButtonBlockElement("approve", string(val), slack.NewTextBlockObject(slack.PlainTextType, "Approve", false, false)).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement("reject", string(val), slack.NewTextBlockObject(slack.PlainTextType, "Reject", false, false)).WithStyle(slack.StyleDanger)),
	}
	opts := []slack.MsgOption{slack.MsgOptionBlocks(notify.CapBlocks(blocks)...), slack.MsgOptionText("Approval needed: "+notify.Escape(req.Env), false)}
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
		return greenlight.Decision{}, fmt.Errorf("asking for approval in Slack: %w", err)
	}
	if rec, err := waiting(ctx, a.gh, req.Env, v.Digest); err == nil && rec != nil {
		a.gh.SetState(ctx, rec, "in_progress", "", rec.LogURL, "awaiting approval in Slack until "+expires.UTC().Format(time.RFC3339))
	}
	return greenlight.Decision{}, fmt.Errorf("asked in Slack for approval to promote %s to %s: %w", req.Image.Short(), req.Env, greenlight.ErrAwaitingApproval)
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
	Type string `json:"type"`
	Team struct {
		ID string `json:"id"`
	} `json:"team"`
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
	if err := b.origin(p.Team.ID, p.APIAppID); err != nil {
		http.Error(w, "forbidden: "+err.Error(), http.StatusForbidden)
		return
	}
	w.WriteHeader(http.StatusOK) // acknowledge now; the decision is carried out after
	b.handleInteraction(p)
}

// handleInteraction takes an Approve or Reject click (HTTP and Socket Mode share it).
func (b *Bot) handleInteraction(p interactionPayload) {
	if len(p.Actions) != 1 {
		return
	}
	act := p.Actions[0]
	if strings.HasPrefix(act.ActionID, "rollback") {
		b.rollbackClick(p, act.Value)
		return
	}
	var v approval
	if (act.ActionID != "approve" && act.ActionID != "reject") || json.Unmarshal([]byte(act.Value), &v) != nil {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if root := p.Message.ThreadTs; root != "" && p.Channel.ID != "" {
			v.Thread = p.Channel.ID + "/" + root
		} else if p.Message.Ts != "" && p.Channel.ID != "" {
			v.Thread = p.Channel.ID + "/" + p.Message.Ts
		}
		out := b.decide(ctx, p.User.ID, act.ActionID == "approve", v)
		b.respond(ctx, p.ResponseURL, out.text, !out.final)
		if !out.final || b.API == nil || p.Channel.ID == "" || p.Message.Ts == "" {
			return
		}
		// The decision stands: the buttons make no sense any more. The approval message now
		// says who decided, and the decision goes into its thread.
		final := []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, notify.Fit(out.text, notify.MaxSection), false, false), nil, nil)}
		if err := notify.Call(ctx, "chat.update", p.Channel.ID, 3, 30*time.Second, func() error {
			_, _, _, err := b.API.UpdateMessageContext(ctx, p.Channel.ID, p.Message.Ts, slack.MsgOptionBlocks(final...), slack.MsgOptionText(notify.Fit(out.text, 3000), false))
			return err
		}); err != nil {
			fmt.Fprintf(os.Stderr, "slack: updating the approval message: %v\n", err)
		}
		// A reply goes under the thread's parent: the release message when the approval is in its thread.
		parent := p.Message.Ts
		if p.Message.ThreadTs != "" {
			parent = p.Message.ThreadTs
		}
		if err := notify.Call(ctx, "chat.postMessage", p.Channel.ID, 3, 30*time.Second, func() error {
			_, _, err := b.API.PostMessageContext(ctx, p.Channel.ID, slack.MsgOptionText(out.text, false), slack.MsgOptionTS(parent))
			return err
		}); err != nil {
			fmt.Fprintf(os.Stderr, "slack: posting the decision in the thread: %v\n", err)
		}
	}()
}

// outcome is what a click did: final when a decision was taken and acted on.
type outcome struct {
	text  string
	final bool
}

// decide checks one Approve or Reject click, records it in GitHub (the first decision for the
// digest stands) and only then carries it out.
func (b *Bot) decide(ctx context.Context, user string, approve bool, v approval) outcome {
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
	if ok, why := b.allowed(user, Command{Name: "approve", Env: v.Env}); !ok {
		return refuse(why)
	}
	if login == "" {
		return refuse(fmt.Sprintf("no GitHub login is mapped to <@%s>, and a decision binds a GitHub identity. Add `people: {YOUR_GITHUB_LOGIN: %s}` to .greenlight/slack.yml", user, user))
	}
	if approve && !v.AllowSelf {
		releaser := strings.TrimPrefix(v.Releaser, "slack:")
		if strings.EqualFold(releaser, login) || releaser == user {
			return refuse(fmt.Sprintf("you (%s on GitHub) released it, and a release needs another approver", notify.Escape(login)))
		}
		email := v.Email
		if email == "" && b.AuthorEmail != nil {
			email = b.AuthorEmail(ctx, v.Digest)
		}
		if email != "" {
			// Where Slack allows it (users:read.email), the commit author's Slack account.
			var u *slack.User
			err := notify.Call(ctx, "users.lookupByEmail", "", 3, 30*time.Second, func() (err error) {
				u, err = b.API.GetUserByEmailContext(ctx, email)
				return err
			})
			if err == nil && u.ID == user {
				return refuse("you wrote the commit (" + notify.Escape(email) + "), and a release needs another approver")
			}
		}
	}
	rec, err := waiting(ctx, b.GitHub, v.Env, v.Digest)
	if err != nil {
		return refuse(fmt.Sprintf("cannot read %s's deployments: %s", notify.Escape(v.Env), notify.Escape(err.Error())))
	}
	mine := greenlight.Decision{Approved: approve, By: user, Identity: login, Via: "slack", At: time.Now().UTC().Truncate(time.Second), Env: v.Env, Digest: v.Digest}
	// A decision already standing wins over staleness: say who decided.
	standing, err := b.Decisions.Lookup(ctx, v.Env, v.Digest)
	if err != nil {
		return outcome{text: fmt.Sprintf("Could not read the decisions in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
	}
	if standing == nil {
		if rec == nil {
			return refuse(fmt.Sprintf("%s is no longer what waits in %s (this message is stale)", notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env)))
		}
		// Recorded before anything is done: when two clicks race, both read back the same first.
		d, err := b.Decisions.Record(ctx, mine)
		if err != nil {
			return outcome{text: fmt.Sprintf("Could not record the decision in GitHub: %s. Nothing was done.", notify.Escape(err.Error()))}
		}
		standing = &d
	}
	if *standing != mine {
		past := map[bool]string{true: "approved", false: "rejected"}[standing.Approved]
		why := fmt.Sprintf("already %s by %s (%s) at %s", past, notify.Mention(standing.By), notify.Escape(standing.Identity), standing.At.UTC().Format(time.RFC3339))
		b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: false, Reason: why})
		return outcome{text: fmt.Sprintf("This was %s. Your click changed nothing.", why)}
	}
	cmd := map[bool]string{true: "promote", false: "abort"}[approve]
	past := map[bool]string{true: "approved", false: "rejected"}[approve]
	decision := fmt.Sprintf("%s by %s (slack %s) at %s", past, login, user, mine.At.Format(time.RFC3339))
	state := map[bool]string{true: "in_progress", false: "failure"}[approve]
	if err := b.GitHub.SetState(ctx, rec, state, "", rec.LogURL, decision); err != nil {
		fmt.Fprintf(os.Stderr, "greenlight bot: the decision is recorded; noting it on deployment %d: %v\n", rec.ID, err)
	}
	u, err := b.GitHub.Dispatch(ctx, b.workflow(), b.ref(), protocol.Inputs{Command: protocol.Command(cmd), Environment: v.Env,
		// Not the approver's login: the run checks that who asked for a move is not who approved it.
		RequestedBy: "slack approval by " + login, Thread: v.Thread})
	b.audit(AuditEntry{User: user, Identity: login, Command: what, Env: v.Env, Digest: v.Digest, Allowed: true, Failed: err != nil, Reason: decision, RunURL: u})
	if err != nil {
		return outcome{text: fmt.Sprintf("%s recorded, but starting %s failed: %s", strings.ToUpper(decision[:1])+decision[1:], cmd, notify.Escape(err.Error())), final: true}
	}
	return outcome{text: fmt.Sprintf(":ballot_box_with_check: <@%s> (%s) %s %s in %s at %s; %s: %s", user, notify.Escape(login), past, notify.EscapeFit(v.Digest, 19), notify.Escape(v.Env), mine.At.Format(time.RFC3339), cmd, notify.Escape(u)), final: true}
}

// rollbackClick takes a click on a release message's Roll back button. The button is meaningful
// only while that release is what the environment runs: otherwise nothing is done and the person
// is told (a release message keeps its button after newer releases).
func (b *Bot) rollbackClick(p interactionPayload, value string) {
	var v notify.RollbackValue
	if json.Unmarshal([]byte(value), &v) != nil || !envRE.MatchString(v.Env) || !digestRE.MatchString(v.Digest) {
		return
	}
	user, cmd := p.User.ID, Command{Name: "rollback", Env: v.Env}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		refuse := func(why string) {
			b.audit(AuditEntry{User: user, Command: cmd.String(), Env: v.Env, Digest: v.Digest, Allowed: false, Reason: why})
			b.respond(ctx, p.ResponseURL, fmt.Sprintf("<@%s> cannot roll back %s: %s. Nothing was done.", user, notify.Escape(v.Env), why), true)
		}
		if ok, why := b.allowed(user, cmd); !ok {
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
				fmt.Fprintf(os.Stderr, "slack: posting the rollback in the thread: %v\n", err)
			}
		}
	}()
}

// EventAuthorEmail is the e-mail of the commit the GitHub Actions run deploys, from its event
// ($GITHUB_EVENT_PATH: push's head_commit, or workflow_run's), for Approver.AuthorEmail; "" when
// there is none.
func EventAuthorEmail() string {
	f, err := os.Open(os.Getenv("GITHUB_EVENT_PATH"))
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
