package slack

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
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
	api := slack.New("", append([]slack.Option{slack.OptionAppLevelToken(appToken)}, opts...)...)
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
			case socketmode.EventTypeSlashCommand:
				cmd, ok := ev.Data.(slack.SlashCommand)
				if !ok || ev.Request == nil {
					continue
				}
				// The answer needs no network call (handleCommand): the acknowledgement goes at once.
				answer := b.handleCommand(commandRequest{team: cmd.TeamID, enterprise: cmd.EnterpriseID, app: cmd.APIAppID, user: cmd.UserID,
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
				p := interactionPayload{Type: string(cb.Type), ResponseURL: cb.ResponseURL}
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
