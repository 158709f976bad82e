package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// approval is what an Approve or Reject button carries: the request, bound to one digest.
type approval struct {
	Env       string `json:"env"`
	Digest    string `json:"digest"`
	Image     string `json:"image"`
	Releaser  string `json:"releaser"`
	AllowSelf bool   `json:"allow_self,omitempty"`
	Expires   int64  `json:"expires"`
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
}

// NewApprover posts to channel with a bot token and records in gh's deployments.
func NewApprover(token, channel string, gh *github.Client, opts ...NotifierOption) *Approver {
	var sopts []slack.Option
	for _, o := range opts {
		o(&Notifier{}, &sopts)
	}
	return &Approver{api: slack.New(token, sopts...), channel: channel, gh: gh, TTL: 24 * time.Hour}
}

// Approve implements greenlight.Approver.
func (a *Approver) Approve(ctx context.Context, req greenlight.ApprovalRequest) (greenlight.Decision, error) {
	expires := time.Now().Add(a.TTL)
	v := approval{Env: req.Env, Digest: req.Image.Digest(), Image: req.Image.String(), Releaser: req.Source.Author, AllowSelf: a.AllowSelf, Expires: expires.Unix()}
	val, _ := json.Marshal(v)
	text := fmt.Sprintf(":raised_hand: *Approval needed*: promote `%s` to *%s*\nreleased by %s · expires %s", truncate(req.Image.String(), 100), req.Env, orSomeone(req.Source.Author), expires.UTC().Format(time.RFC1123))
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil),
		slack.NewActionBlock("greenlight_approval",
			slack.NewButtonBlockElement("approve", string(val), slack.NewTextBlockObject(slack.PlainTextType, "Approve", false, false)).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement("reject", string(val), slack.NewTextBlockObject(slack.PlainTextType, "Reject", false, false)).WithStyle(slack.StyleDanger)),
	}
	if _, _, err := a.api.PostMessageContext(ctx, a.channel, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText("Approval needed: "+req.Env, false)); err != nil {
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
	User struct {
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
		Ts string `json:"ts"`
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
	w.WriteHeader(http.StatusOK) // acknowledge now; the decision is carried out after
	b.handleInteraction(p)
}

// handleInteraction takes an Approve or Reject click (HTTP and Socket Mode share it).
func (b *Bot) handleInteraction(p interactionPayload) {
	if len(p.Actions) != 1 {
		return
	}
	act := p.Actions[0]
	var v approval
	if (act.ActionID != "approve" && act.ActionID != "reject") || json.Unmarshal([]byte(act.Value), &v) != nil {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		msg := b.decide(ctx, p.User.ID, act.ActionID == "approve", v)
		b.respond(ctx, p.ResponseURL, msg)
		// The decision also goes into the approval message's thread.
		if b.API != nil && p.Channel.ID != "" && p.Message.Ts != "" {
			if _, _, err := b.API.PostMessageContext(ctx, p.Channel.ID, slack.MsgOptionText(msg, false), slack.MsgOptionTS(p.Message.Ts)); err != nil {
				fmt.Fprintf(os.Stderr, "slack: posting the decision in the thread: %v\n", err)
			}
		}
	}()
}

// decide checks and carries out one Approve or Reject click, and says what happened.
func (b *Bot) decide(ctx context.Context, user string, approve bool, v approval) string {
	verb := map[bool]string{true: "approve", false: "reject"}[approve]
	refuse := func(why string) string {
		b.audit(AuditEntry{User: user, Command: verb + " " + v.Env + " " + v.Digest, Env: v.Env, Allowed: false, Reason: why})
		return fmt.Sprintf("<@%s> cannot %s: %s. Nothing was done.", user, verb, why)
	}
	if time.Now().Unix() > v.Expires {
		return refuse(fmt.Sprintf("this approval expired at %s", time.Unix(v.Expires, 0).UTC().Format(time.RFC3339)))
	}
	if ok, why := b.allowed(user, Command{Name: "approve", Env: v.Env}); !ok {
		return refuse(why)
	}
	if approve && !v.AllowSelf && (v.Releaser == user || v.Releaser == "slack:"+user) {
		return refuse("you released it, and a release needs another approver")
	}
	rec, err := waiting(ctx, b.GitHub, v.Env, v.Digest)
	if err != nil {
		return refuse(fmt.Sprintf("cannot read %s's deployments: %v", v.Env, err))
	}
	if rec == nil {
		return refuse(fmt.Sprintf("%s is no longer what waits in %s (this message is stale)", truncate(v.Digest, 19), v.Env))
	}
	cmd := map[bool]string{true: "promote", false: "abort"}[approve]
	when := time.Now().UTC().Format(time.RFC3339)
	past := map[bool]string{true: "approved", false: "rejected"}[approve]
	decision := fmt.Sprintf("%s by slack:%s at %s", past, user, when)
	state := map[bool]string{true: "in_progress", false: "failure"}[approve]
	if err := b.GitHub.SetState(ctx, rec, state, "", rec.LogURL, decision); err != nil {
		return fmt.Sprintf("Could not record the decision in GitHub: %v. Nothing was done.", err)
	}
	wf, ref := b.Workflow, b.Ref
	if wf == "" {
		wf = "deploy.yml"
	}
	if ref == "" {
		ref = "main"
	}
	u, err := b.GitHub.Dispatch(ctx, wf, ref, map[string]string{"command": cmd, "environment": v.Env, "requested_by": "slack:" + user})
	b.audit(AuditEntry{User: user, Command: verb + " " + v.Env + " " + v.Digest, Env: v.Env, Allowed: true, Reason: decision, RunURL: u})
	if err != nil {
		return fmt.Sprintf("%s recorded, but starting %s failed: %v", strings.ToUpper(decision[:1])+decision[1:], cmd, err)
	}
	return fmt.Sprintf(":ballot_box_with_check: <@%s> %s %s in %s; %s: %s", user, past, truncate(v.Digest, 19), v.Env, cmd, u)
}
