package github

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v92/github"
)

// Which records Greenlight trusts.
//
// Any workflow run on any branch holds a GITHUB_TOKEN that may write deployments: it writes
// as github-actions[bot], exactly as the deploy workflow does, and can create, mark and delete
// deployments and their statuses. So the account a record names never makes it trustworthy
// when that account is github-actions[bot]. Greenlight trusts:
//
//   - what GitHub authenticates as a person: a record or status written with a person's own
//     token names that person (creator type User), and nobody can choose it;
//   - what the configured GitHub App wrote (the Slack bot's App, by its ID, which GitHub
//     records as the deployment's or status's performed_via_github_app; never any other
//     "[bot]");
//   - what Greenlight signed: a deploy's success status carries a MAC, made with the record
//     key (GREENLIGHT_RECORD_KEY), a secret of the protected environment the deploy job runs
//     in, over the deployment's ID, environment, digest and commit. Only a job that GitHub let
//     into that environment can make one; a branch workflow cannot.
//
// Everything else is ignored where it would decide a move, and named ("not trusted: ...").

// recordMACPrefix starts the MAC a deploy's success status carries in its description.
const recordMACPrefix = " gl1:"

// macLen is the length of the MAC as written: 16 bytes of HMAC-SHA256 in unpadded base64url.
const macLen = 22

// servedMAC is the MAC that says deployment r served all of its environment's traffic.
func (c *Client) servedMAC(r *Record) string {
	m := hmac.New(sha256.New, c.recordKey)
	for _, s := range []string{"greenlight/served/v1", c.Repository(), strconv.FormatInt(r.ID, 10), r.Environment, r.Payload.Digest, r.SHA} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// signServed returns desc, cut to leave room, with the MAC that says r served, when the
// client has a record key; desc as it is otherwise.
func (c *Client) signServed(r *Record, desc string) string {
	if len(c.recordKey) == 0 || r.Payload.Digest == "" {
		return desc
	}
	return truncate(desc, 140-len(recordMACPrefix)-macLen) + recordMACPrefix + c.servedMAC(r)
}

// verifiesServed says whether desc, a success status of r, carries the MAC that says r
// served: written by a job that held the record key.
func (c *Client) verifiesServed(r *Record, desc string) bool {
	if len(c.recordKey) == 0 || r.Payload.Digest == "" {
		return false
	}
	i := strings.LastIndex(desc, recordMACPrefix)
	if i < 0 {
		return false
	}
	return hmac.Equal([]byte(desc[i+len(recordMACPrefix):]), []byte(c.servedMAC(r)))
}

// writer is the account that wrote a record or a status, as GitHub recorded it.
type writer struct {
	login, typ string
	// app is the ID of the GitHub App it was performed via (0 for none: a person's token).
	app int64
}

func writerOf(u *gh.User, app *gh.App) writer {
	return writer{login: u.GetLogin(), typ: u.GetType(), app: app.GetID()}
}

// trusted says whether w is an account GitHub authenticates as itself and not as any
// workflow: a person, or the configured App.
func (c *Client) trusted(w writer) bool {
	switch {
	case w.login == "" || strings.EqualFold(w.login, actionsBot):
		return false
	case w.typ == "User" && w.app == 0:
		return true
	case w.typ == "Bot" && c.appID != 0 && w.app == c.appID:
		return true
	}
	return false
}

// String names w in messages.
func (w writer) String() string {
	switch {
	case w.login == "":
		return "nobody"
	case strings.EqualFold(w.login, actionsBot):
		return w.login + " (the workflow token of any branch)"
	case w.typ == "Bot" && w.app != 0:
		return fmt.Sprintf("%s (GitHub App %d)", w.login, w.app)
	}
	return w.login
}
