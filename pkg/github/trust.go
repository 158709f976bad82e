package github

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

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

// servedMAC is the MAC that says deployment r served all of its environment's traffic after
// the served deployment prev (0 for the first): the link of the environment's chain.
func (c *Client) servedMAC(r *Record, prev int64) string {
	m := hmac.New(sha256.New, c.recordKey)
	for _, s := range []string{"greenlight/served/v1", c.Repository(), strconv.FormatInt(r.ID, 10), r.Environment, r.Payload.Digest, r.SHA, strconv.FormatInt(prev, 10)} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// statusMAC is the MAC a status of a sealed kind carries (kind.sealed): that the job holding
// the record key wrote state on deployment id of task at stamp (Unix seconds, the writer's
// clock). Bound to the deployment, so it cannot be copied onto another, and to when it was
// written: copied onto the same one later, it still says when it was first written, so a
// replayed renewal neither revives a released claim nor keeps a dead one live
// (TestAReplayedRenewalDoesNotReviveAClaim).
func (c *Client) statusMAC(task string, id int64, state, stamp string) string {
	m := hmac.New(sha256.New, c.recordKey)
	for _, s := range []string{"greenlight/status/v2", c.Repository(), task, strconv.FormatInt(id, 10), state, stamp} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// recordStampPrefix names, in a sealed status, when it was written (Unix seconds).
const recordStampPrefix = " t:"

// sealStatus returns desc, cut to leave room, with the time and the MAC of a sealed status
// of state on deployment id of task.
func (c *Client) sealStatus(task string, id int64, state, desc string, now time.Time) string {
	stamp := strconv.FormatInt(now.Unix(), 10)
	return truncate(desc, 140-len(recordStampPrefix)-len(stamp)-len(recordMACPrefix)-macLen) +
		recordStampPrefix + stamp + recordMACPrefix + c.statusMAC(task, id, state, stamp)
}

// verifiesStatus says whether desc, a status of r in state, carries statusMAC, and when
// the status says it was written.
func (c *Client) verifiesStatus(r *Record, state, desc string) (bool, time.Time) {
	if len(c.recordKey) == 0 || r.task == "" {
		return false, time.Time{}
	}
	i := strings.LastIndex(desc, recordMACPrefix)
	if i < 0 {
		return false, time.Time{}
	}
	j := strings.LastIndex(desc[:i], recordStampPrefix)
	if j < 0 {
		return false, time.Time{}
	}
	stamp := desc[j+len(recordStampPrefix) : i]
	sec, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil || !hmac.Equal([]byte(desc[i+len(recordMACPrefix):]), []byte(c.statusMAC(r.task, r.ID, state, stamp))) {
		return false, time.Time{}
	}
	return true, time.Unix(sec, 0)
}

// recordAfterPrefix names, in a signed success, the served deployment before it.
const recordAfterPrefix = " after:"

// signServed returns desc, cut to leave room, with the link to prev and the MAC that says r
// served, when the client has a record key; desc as it is otherwise.
func (c *Client) signServed(r *Record, prev int64, desc string) string {
	if len(c.recordKey) == 0 || r.Payload.Digest == "" {
		return desc
	}
	link := recordAfterPrefix + strconv.FormatInt(prev, 10)
	return truncate(desc, 140-len(link)-len(recordMACPrefix)-macLen) + link + recordMACPrefix + c.servedMAC(r, prev)
}

// verifiesServed says whether desc, a success status of r, carries the MAC that says r
// served (written by a job that held the record key), and the served deployment it names as
// the one before it.
func (c *Client) verifiesServed(r *Record, desc string) (ok bool, prev int64) {
	if len(c.recordKey) == 0 || r.Payload.Digest == "" {
		return false, 0
	}
	i := strings.LastIndex(desc, recordMACPrefix)
	if i < 0 {
		return false, 0
	}
	j := strings.LastIndex(desc[:i], recordAfterPrefix)
	if j < 0 {
		return false, 0
	}
	prev, err := strconv.ParseInt(desc[j+len(recordAfterPrefix):i], 10, 64)
	if err != nil {
		return false, 0
	}
	return hmac.Equal([]byte(desc[i+len(recordMACPrefix):]), []byte(c.servedMAC(r, prev))), prev
}

// lastServed is the newest deployment in env other than skip that Greenlight recorded serving
// (0 for none): the link a new success names.
func (c *Client) lastServed(ctx context.Context, env string, skip int64) (int64, error) {
	var id int64
	err := deployKind.each(ctx, c, env, func(r *Record) (bool, error) {
		if r.Served && r.ID != skip {
			id = r.ID
		}
		return id != 0, nil
	})
	return id, err
}

// BrokenChain checks the newest link of env's chain of served deployments: the newest one
// Greenlight recorded serving names the one before it, which must still be there and be the
// next served one. "" when it holds (or when nothing was served yet), else what is wrong: a
// deployment deleted or its record altered. Only the newest link is checked: a rollback to
// the last verified release writes a new, whole link.
func (c *Client) BrokenChain(ctx context.Context, env string) (string, error) {
	if len(c.recordKey) == 0 {
		return "", nil
	}
	var newest, before *Record
	err := deployKind.each(ctx, c, env, func(r *Record) (bool, error) {
		if !r.Served {
			return false, nil
		}
		if newest == nil {
			newest = r
			return newest.servedAfter == 0, nil
		}
		before = r
		return true, nil
	})
	switch {
	case err != nil:
		return "", err
	case newest == nil || newest.servedAfter == 0 && before == nil:
		return "", nil
	case before == nil:
		return fmt.Sprintf("deployment %d, which Greenlight recorded as the release %s ran before deployment %d, is gone (deleted)", newest.servedAfter, env, newest.ID), nil
	case before.ID != newest.servedAfter:
		return fmt.Sprintf("deployment %d names deployment %d as the release %s ran before it, but the one before it is deployment %d: a record was deleted or altered",
			newest.ID, newest.servedAfter, env, before.ID), nil
	}
	return "", nil
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
