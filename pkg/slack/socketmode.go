package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// RunSocketMode serves the bot over Socket Mode until ctx ends: the bot opens a websocket to
// Slack with the app-level token (xapp-…, connections:write), so it needs no public endpoint
// and works behind a firewall. Slash commands and button clicks get the same checks and
// answers as over HTTP; the websocket itself is the authentication, so there is no request
// signature to check.
func (b *Bot) RunSocketMode(ctx context.Context, appToken string, opts ...slack.Option) error {
	if appToken == "" {
		return errors.New("no app-level token: create one with connections:write (Basic Information → App-Level Tokens) and set SLACK_APP_TOKEN")
	}
	if err := b.Start(ctx); err != nil {
		return err
	}
	api := slack.New("", append([]slack.Option{slack.OptionAppLevelToken(appToken), slack.OptionHTTPClient(notify.HTTPClient())}, opts...)...)
	b.socket.Store(socketConnecting)
	defer b.socket.Store(socketNone)
	sm := socketmode.New(api)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			b.Wait()
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case ev := <-sm.Events:
			switch ev.Type {
			case socketmode.EventTypeHello:
				b.socket.Store(socketConnected)
			case socketmode.EventTypeDisconnect, socketmode.EventTypeConnecting, socketmode.EventTypeConnectionError:
				b.socket.Store(socketConnecting)
			case socketmode.EventTypeSlashCommand:
				cmd, ok := ev.Data.(slack.SlashCommand)
				if !ok || ev.Request == nil {
					continue
				}
				// The answer needs no network call (handleCommand): the acknowledgement goes at once.
				answer := b.handleCommand(commandRequest{rid: ev.Request.EnvelopeID, team: cmd.TeamID, enterprise: cmd.EnterpriseID, app: cmd.APIAppID, user: cmd.UserID,
					text: cmd.Text, responseURL: cmd.ResponseURL})
				sm.Ack(*ev.Request, map[string]any{"response_type": "ephemeral", "text": answer})
			case socketmode.EventTypeInteractive:
				cb, ok := ev.Data.(slack.InteractionCallback)
				if !ok || ev.Request == nil {
					continue
				}
				sm.Ack(*ev.Request)
				// Where the click comes from is checked after the acknowledgement; a refusal goes
				// to the person through response_url.
				p := interactionPayload{rid: ev.Request.EnvelopeID, Type: string(cb.Type), ResponseURL: cb.ResponseURL}
				p.User.ID = cb.User.ID
				p.Team.ID, p.Enterprise.ID, p.APIAppID = cb.Team.ID, cb.Enterprise.ID, cb.APIAppID
				p.Channel.ID, p.Message.Ts, p.Message.ThreadTs = cb.Channel.ID, cb.Message.Timestamp, cb.Message.ThreadTimestamp
				for _, a := range cb.ActionCallback.BlockActions {
					p.Actions = append(p.Actions, struct {
						ActionID string `json:"action_id"`
						Value    string `json:"value"`
					}{a.ActionID, a.Value})
				}
				b.handleInteraction(p)
			}
		}
	}
}

// The Socket Mode connection's state, for Ready.
const (
	socketNone int32 = iota // not in Socket Mode
	socketConnecting
	socketConnected
)

// Health serves GET /healthz (the process answers) and GET /readyz: 200 once the bot has
// started (its token checked, its workspace and app known) and, in Socket Mode, while its
// websocket to Slack is connected; 503 with the reason otherwise. For a Kubernetes Deployment's
// liveness and readiness probes.
func (b *Bot) Health() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		switch {
		case !b.isStarted():
			http.Error(w, "not started: the Slack token is not checked yet (see the logs)", http.StatusServiceUnavailable)
		case b.socket.Load() == socketConnecting:
			http.Error(w, "Socket Mode: not connected to Slack", http.StatusServiceUnavailable)
		default:
			io.WriteString(w, "ready\n")
		}
	})
	return mux
}
