package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v92/github"
)

// The anchor: records a branch workflow could delete unseen.
//
// Any token with deployments: write may mark a deployment inactive and then delete it, and a
// lock or a rejection that no later record names leaves no trace once deleted: a branch
// workflow could erase a lock, or the rejection that stops a rollback to a bad digest under
// a lock. So the configured App (the Slack bot), which writes them, also lists them in a
// repository variable, GREENLIGHT_RECORDS: a workflow's GITHUB_TOKEN cannot write a variable
// (Variables is not among the permissions a workflow may ask for), and the deploy job reads
// it from GitHub itself (`${{ vars.GREENLIGHT_RECORDS }}` in its environment), not through any
// record a workflow could write. A record the anchor lists that GitHub no longer lists was
// deleted: the run says which, and nothing moves in that environment but a rollback (never to
// a digest whose rejection was deleted) until a person has looked (docs/trust.md says how to
// clear it).

// RecordsVariable is the repository variable that anchors locks and rejections.
const RecordsVariable = "GREENLIGHT_RECORDS"

// anchorVersion starts the variable's value.
const anchorVersion = "gl1"

// maxAnchored bounds how many records the anchor lists (a variable holds at most 48 KB; an
// entry takes up to about 60 bytes): past it, the oldest rejections are dropped, never a lock.
const maxAnchored = 700

// anchorEntry is one anchored record: a lock ('L') or a rejection ('R', with the first 12
// hex digits of the rejected digest) in env.
type anchorEntry struct {
	kind   byte
	id     int64
	env    string
	digest string
}

func (e anchorEntry) String() string {
	s := string(e.kind) + strconv.FormatInt(e.id, 10) + "@" + url.QueryEscape(e.env)
	if e.digest != "" {
		s += "@" + e.digest
	}
	return s
}

// describe names e in messages.
func (e anchorEntry) describe() string {
	if e.kind == 'L' {
		return fmt.Sprintf("lock %d of %s", e.id, e.env)
	}
	return fmt.Sprintf("the rejection %d of sha256:%s… for %s", e.id, e.digest, e.env)
}

// digestKey is the part of a digest an anchored rejection keeps.
func digestKey(digest string) string {
	d := strings.TrimPrefix(digest, "sha256:")
	if len(d) > 12 {
		d = d[:12]
	}
	return d
}

// parseAnchor reads the variable's value ("" is an empty anchor).
func parseAnchor(v string) ([]anchorEntry, error) {
	f := strings.Fields(v)
	if len(f) == 0 {
		return nil, nil
	}
	if f[0] != anchorVersion {
		return nil, fmt.Errorf("%s does not start with %q: it is written only by the Greenlight bot's App (or an admin clearing entries)", RecordsVariable, anchorVersion)
	}
	var out []anchorEntry
	for _, s := range f[1:] {
		parts := strings.Split(s, "@")
		if len(s) < 2 || (s[0] != 'L' && s[0] != 'R') || len(parts) != map[byte]int{'L': 2, 'R': 3}[s[0]] {
			return nil, fmt.Errorf("%s has an entry %q that is not a lock (L<id>@<env>) or a rejection (R<id>@<env>@<digest>)", RecordsVariable, truncate(s, 40))
		}
		id, err := strconv.ParseInt(parts[0][1:], 10, 64)
		env, err2 := url.QueryUnescape(parts[1])
		if err != nil || err2 != nil || id <= 0 || env == "" {
			return nil, fmt.Errorf("%s has an entry %q whose deployment ID or environment is not valid", RecordsVariable, truncate(s, 40))
		}
		e := anchorEntry{kind: s[0], id: id, env: env}
		if e.kind == 'R' {
			e.digest = parts[2]
		}
		out = append(out, e)
	}
	return out, nil
}

func formatAnchor(es []anchorEntry) string {
	var b strings.Builder
	b.WriteString(anchorVersion)
	for _, e := range es {
		b.WriteByte(' ')
		b.WriteString(e.String())
	}
	return b.String()
}

// WithAnchor gives a run's client the value of GREENLIGHT_RECORDS as GitHub gave it to the job
// (`vars.GREENLIGHT_RECORDS`): the locks and rejections the ledger checks are still there
// before it moves traffic (Client.DeletedRecords).
func WithAnchor(value string) Option {
	return func(o *options) { o.anchor, o.anchorSet = value, true }
}

// WithAnchoring makes the client list each lock and rejection it writes in GREENLIGHT_RECORDS
// (and take an unlocked lock off it): the Slack bot's client, whose App needs the Variables
// permission (write). A record that could not be anchored is still written; the write
// returns an *AnchorError that says so.
func WithAnchoring() Option { return func(o *options) { o.anchoring = true } }

// AnchorError says that a record was written but could not be listed in GREENLIGHT_RECORDS:
// it holds, but a branch workflow could delete it unseen.
type AnchorError struct {
	What string
	Err  error
}

// Error says what was recorded, why it is not anchored, and what to give the App.
func (e *AnchorError) Error() string {
	return fmt.Sprintf("%s was recorded, but not anchored in the repository variable %s: %v; give the Greenlight bot's GitHub App the Variables permission (read and write), "+
		"or a branch workflow could delete it unseen", e.What, RecordsVariable, e.Err)
}

// Unwrap is the error writing the variable gave.
func (e *AnchorError) Unwrap() error { return e.Err }

// anchorRecord adds e to the anchor (or takes the entry with e's ID off it, when remove),
// when the client anchors what it writes. The variable has no conditional update, so after
// writing it reads it back and tries again (up to three times) when another writer's update
// replaced this one.
func (c *Client) anchorRecord(ctx context.Context, e anchorEntry, remove bool) error {
	if !c.anchoring {
		return nil
	}
	c.anchorMu.Lock()
	defer c.anchorMu.Unlock()
	for try := 0; try < 3; try++ {
		cur, exists, err := c.readAnchor(ctx)
		if err != nil {
			return err
		}
		es := slices.DeleteFunc(slices.Clone(cur), func(x anchorEntry) bool { return x.id == e.id })
		if !remove {
			es = append(es, e)
			for len(es) > maxAnchored {
				i := slices.IndexFunc(es, func(x anchorEntry) bool { return x.kind == 'R' })
				if i < 0 {
					break
				}
				es = slices.Delete(es, i, i+1)
			}
		}
		if err := c.writeAnchor(ctx, formatAnchor(es), exists); err != nil {
			var ge *gh.ErrorResponse
			if !exists && errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusConflict {
				continue // another writer created it first: read it and add to it
			}
			return err
		}
		back, _, err := c.readAnchor(ctx)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(back, func(x anchorEntry) bool { return x.id == e.id }) != remove {
			return nil
		}
	}
	return errors.New("another writer kept replacing it")
}

// readAnchor reads GREENLIGHT_RECORDS through the API (exists false when there is none).
func (c *Client) readAnchor(ctx context.Context) ([]anchorEntry, bool, error) {
	var v *gh.ActionsVariable
	var resp *gh.Response
	err := c.call(ctx, "reading the variable "+RecordsVariable, func() (*gh.Response, error) {
		var err error
		v, resp, err = c.gh.Actions.GetRepoVariable(ctx, c.owner, c.repo, RecordsVariable)
		if resp != nil && resp.StatusCode == http.StatusNotFound {
			return resp, nil
		}
		return resp, err
	})
	if err != nil {
		return nil, false, err
	}
	if resp == nil || resp.StatusCode == http.StatusNotFound || v == nil {
		return nil, false, nil
	}
	es, err := parseAnchor(v.Value)
	return es, true, err
}

// writeAnchor writes the variable, creating it when it does not exist.
func (c *Client) writeAnchor(ctx context.Context, value string, exists bool) error {
	return c.call(ctx, "writing the variable "+RecordsVariable, func() (*gh.Response, error) {
		if exists {
			return c.gh.Actions.UpdateRepoVariable(ctx, c.owner, c.repo, RecordsVariable, gh.ActionsUpdateVariableRequest{Value: &value})
		}
		return c.gh.Actions.CreateRepoVariable(ctx, c.owner, c.repo, gh.ActionsCreateVariableRequest{Name: RecordsVariable, Value: value})
	})
}

// DeletedRecords names the records of env that GREENLIGHT_RECORDS (WithAnchor) lists and
// GitHub no longer does: deleted, since a lock or a rejection is never deleted by Greenlight.
// Nothing when the client was given no anchor. A malformed anchor is an error: the check
// cannot be made.
func (c *Client) DeletedRecords(ctx context.Context, env string) ([]string, error) {
	gone, err := c.deletedEntries(ctx, env)
	var out []string
	for _, e := range gone {
		out = append(out, e.describe()+" is gone (deleted)")
	}
	return out, err
}

// deletedEntries is DeletedRecords' entries, read once per run and environment.
func (c *Client) deletedEntries(ctx context.Context, env string) ([]anchorEntry, error) {
	if c.anchorErr != nil {
		return nil, c.anchorErr
	}
	want := map[int64]anchorEntry{}
	for _, e := range c.anchored {
		if e.env == env {
			want[e.id] = e
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	c.anchorMu.Lock()
	defer c.anchorMu.Unlock()
	if gone, ok := c.anchorGone[env]; ok {
		return gone, nil
	}
	for _, k := range []struct {
		kind byte
		task string
	}{{'L', LockTask}, {'R', DecisionTask}} {
		remaining := 0
		for _, e := range want {
			if e.kind == k.kind {
				remaining++
			}
		}
		if remaining == 0 {
			continue
		}
		err := c.eachListed(ctx, env, k.task, func(r *Record) (bool, error) {
			if e, ok := want[r.ID]; ok && e.kind == k.kind {
				delete(want, r.ID)
				remaining--
			}
			return remaining == 0, nil
		})
		if err != nil {
			return nil, fmt.Errorf("checking the locks and rejections %s anchors for %s: %w", RecordsVariable, env, err)
		}
	}
	var gone []anchorEntry
	for _, e := range c.anchored {
		if _, ok := want[e.id]; ok && e.env == env {
			gone = append(gone, e)
		}
	}
	if c.anchorGone == nil {
		c.anchorGone = map[string][]anchorEntry{}
	}
	c.anchorGone[env] = gone
	return gone, nil
}

// RejectionDeleted says whether a rejection of digest in env that GREENLIGHT_RECORDS anchors
// was deleted (a rollback under a lock may not go there: the rejection cannot be read).
func (c *Client) RejectionDeleted(ctx context.Context, env, digest string) (bool, error) {
	gone, err := c.deletedEntries(ctx, env)
	return slices.ContainsFunc(gone, func(e anchorEntry) bool { return e.kind == 'R' && e.digest == digestKey(digest) }), err
}

// reanchorDepth bounds how many lock and decision records Reanchor reads (newest first).
const reanchorDepth = 500

// Reanchor adds to GREENLIGHT_RECORDS every live lock and every rejection that a trusted
// account (the configured App, or a person with their own token) recorded and the variable
// does not list, among the newest reanchorDepth of each, and returns how many it added. The
// variable has no conditional update: two bot processes anchoring at once (a rolling update
// of the bot) can drop one's entry, and records written before the App could write variables
// were never listed. It never takes an entry off: one whose record was deleted stays, and the
// run reports it. The bot calls it when it starts and every ten minutes; nothing without
// WithAnchoring.
func (c *Client) Reanchor(ctx context.Context) (int, error) {
	if !c.anchoring {
		return 0, nil
	}
	cur, _, err := c.readAnchor(ctx)
	if err != nil {
		return 0, err
	}
	listed := map[int64]bool{}
	for _, e := range cur {
		listed[e.id] = true
	}
	var want []anchorEntry
	seen := 0
	err = lockKind.each(ctx, c, "", func(r *Record) (bool, error) {
		seen++
		if r.Succeeded && c.trusted(r.writer()) && !listed[r.ID] && !slices.ContainsFunc(r.inactiveBy, c.trusted) {
			want = append(want, anchorEntry{kind: 'L', id: r.ID, env: r.Environment})
		}
		return seen >= reanchorDepth, nil
	})
	if err != nil {
		return 0, err
	}
	seen = 0
	err = decisionKind.listed(ctx, c, "", func(r *Record) (bool, error) {
		seen++
		d, err := decisionKind.payload(r)
		if err == nil && !d.Approved && d.Digest != "" && d.Env == r.Environment && c.trusted(r.writer()) && !listed[r.ID] {
			want = append(want, anchorEntry{kind: 'R', id: r.ID, env: r.Environment, digest: digestKey(d.Digest)})
		}
		return seen >= reanchorDepth, nil
	})
	if err != nil {
		return 0, err
	}
	// Oldest first, as they would have been anchored.
	slices.Reverse(want)
	for i, e := range want {
		if err := c.anchorRecord(ctx, e, false); err != nil {
			return i, err
		}
	}
	return len(want), nil
}
