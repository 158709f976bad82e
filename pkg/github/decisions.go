package github

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"
)

// Decisions keeps approval decisions in GitHub Deployments. It implements approval.Decisions:
// the first decision for an environment and digest stands. "First" is the deployment GitHub
// numbered first: Record writes its decision, then reads back every decision for the
// environment and digest and returns the one with the lowest ID. Two clicks racing both write;
// both read back; both return the same, earlier decision, and the later one is marked inactive.
//
// A decision counts only when the account that wrote it (the deployment's creator, which
// GitHub sets from the token and nobody can choose) may write it: the decider's own login (a
// person recording their own decision with their own token), or a trusted recorder: the
// configured GitHub App (WithApp, by the App ID GitHub records as performed_via_github_app;
// never github-actions[bot], whose token every workflow run on every branch holds, nor any
// other App), or a login listed with TrustRecorders (a machine user whose token the
// Slack bot uses). Any other decision is ignored, whatever its payload says: a payload is only
// what its writer claims. Where such decisions exist and nothing else counts (no decision, or
// only the forger's own), Lookup and All return an error that names them (the gated move is
// refused and says why), unless the store is AsRecorder (the Slack bot's, which must record
// the first decision that counts).
type Decisions struct {
	c         *Client
	ref       string
	recorders []string
	quiet     bool
}

// DecisionsOption configures a decision store (Client.Decisions).
type DecisionsOption func(*Decisions)

// TrustRecorders lets the decisions written by these logins count for anyone: the machine user
// whose personal access token the Slack bot uses, when it does not use a GitHub App's. Logins
// compare without case. A GitHub App's bot needs no listing; github-actions[bot] cannot be
// trusted (any workflow on any branch writes as it) and listing it changes nothing.
func TrustRecorders(logins ...string) DecisionsOption {
	return func(s *Decisions) {
		for _, l := range logins {
			if l = strings.TrimSpace(l); l != "" && !strings.EqualFold(l, actionsBot) {
				s.recorders = append(s.recorders, l)
			}
		}
	}
}

// AsRecorder is the option of the store that records decisions (the Slack bot's): it ignores
// decisions written by accounts that may not write them without failing the read, so that a
// forged decision cannot stop a real one being recorded. The pipeline's store (without it)
// fails the read and names them where nothing counts.
func AsRecorder() DecisionsOption { return func(s *Decisions) { s.quiet = true } }

// Decisions returns the decision store of the repository; ref is the branch the decision
// deployments point at (the default branch; GitHub needs an existing ref).
func (c *Client) Decisions(ref string, opts ...DecisionsOption) *Decisions {
	if ref == "" {
		ref = "main"
	}
	s := &Decisions{c: c, ref: ref}
	for _, o := range opts {
		o(s)
	}
	return s
}

// actionsBot is the account of GITHUB_TOKEN: every workflow run, on any branch, writes as it.
const actionsBot = "github-actions[bot]"

// entitled says whether r's writer may write r's decision.
func (s *Decisions) entitled(r recorded) bool {
	switch {
	case r.writer == "":
		return false
	case strings.EqualFold(r.writer, personOf(r.d)):
		return true
	case strings.EqualFold(r.writer, actionsBot):
		return false
	case r.writerType == "Bot":
		// Only the configured App (WithApp), by the ID GitHub records: any other App's bot is
		// not Greenlight's, whatever its name.
		return s.c.appID != 0 && r.app == s.c.appID
	}
	for _, l := range s.recorders {
		if strings.EqualFold(l, r.writer) {
			return true
		}
	}
	return false
}

// recordersHint says who may record decisions for others, and how to trust a machine user.
const recordersHint = "approvals are recorded by the Greenlight bot (the GitHub App whose ID GREENLIGHT_APP_ID names) or by the approver's own login; " +
	"list a machine user with github.TrustRecorders(LOGIN) on gh.Decisions in pipeline.go"

// forged says in one line why the decisions in rs, written by accounts that may not write
// them, were ignored.
func forged(rs []recorded) error {
	var names, writers []string
	for _, r := range rs {
		if n := shownLogin(personOf(r.d)); !slices.Contains(names, n) {
			names = append(names, n)
		}
		w := orNobody(r.writer)
		if strings.EqualFold(w, actionsBot) {
			w += " (the workflow token of any branch)"
		}
		if !slices.Contains(writers, w) {
			writers = append(writers, w)
		}
	}
	what := "a decision naming " + names[0] + " was"
	if len(rs) > 1 {
		what = fmt.Sprintf("%d decisions naming %s were", len(rs), strings.Join(names, ", "))
	}
	return fmt.Errorf("%s written by %s, who may not record decisions for others, and ignored: %s", what, strings.Join(writers, ", "), recordersHint)
}

// shownLogin is a login read from a decision's payload, which its writer chose, as messages
// may show it: a GitHub login as it is, anything else quoted and cut to 40 bytes, so that a
// forged payload cannot write lines of its own into a log or a Slack thread.
func shownLogin(s string) string {
	if s == "" {
		return "nobody"
	}
	ok := len(s) <= 39+len("[bot]")
	for _, c := range strings.TrimSuffix(s, "[bot]") {
		ok = ok && (c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
	}
	if ok {
		return s
	}
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return fmt.Sprintf("%q", s)
}

func orNobody(s string) string {
	if s == "" {
		return "nobody"
	}
	return s
}

var _ approval.Decisions = (*Decisions)(nil)

// Record implements approval.Decisions: it says whether d is the decision that stands: the
// very one written by this call, not an equal one (two clicks of one person in the same second
// are equal decisions, and only one of them may act).
func (s *Decisions) Record(ctx context.Context, d approval.Decision) (approval.Decision, bool, error) {
	if d.Env == "" || d.Digest == "" || d.By == "" {
		return approval.Decision{}, false, errors.New("a decision needs an environment, a digest and who decided")
	}
	if cur, _, err := s.all(ctx, d.Env, d.Digest); err != nil || len(cur) > 0 {
		if len(cur) > 0 {
			return cur[0].d, false, nil
		}
		return approval.Decision{}, false, err
	}
	id, anchorErr, err := s.writeEntitled(ctx, &d)
	if err != nil {
		return approval.Decision{}, false, err
	}
	all, _, err := s.all(ctx, d.Env, d.Digest)
	if err != nil {
		return approval.Decision{}, false, err
	}
	if len(all) == 0 {
		return approval.Decision{}, false, fmt.Errorf("the decision recorded as deployment %d is not listed by GitHub", id)
	}
	first := all[0]
	if first.id != id {
		// Another decision came first: ours is void, and says so on the Deployments page.
		s.void(ctx, id, fmt.Sprintf("void: decision %d came first", first.id))
	}
	return first.d, first.id == id, anchorErr
}

// writeEntitled writes d, and voids it and fails when the token's account may not write it.
// A rejection is anchored (anchor.go) when the client anchors what it writes: it stops a
// rollback to its digest under a lock, and deleting it must be seen. anchorErr (an
// *AnchorError) says the rejection holds but could not be anchored; the caller goes on and
// returns it with its result.
func (s *Decisions) writeEntitled(ctx context.Context, d *approval.Decision) (id int64, anchorErr, err error) {
	r, err := s.write(ctx, d)
	if err != nil {
		return 0, nil, err
	}
	if !s.entitled(r) {
		s.void(ctx, r.id, "void: written by "+r.writer+", who may not record decisions for others")
		return 0, nil, fmt.Errorf("this token belongs to %s, who may not record a decision for %s (recorded as deployment %d and voided): %s",
			orNobody(r.writer), shownLogin(personOf(*d)), r.id, recordersHint)
	}
	if !d.Approved {
		if err := s.c.anchorRecord(ctx, anchorEntry{kind: 'R', id: r.id, env: d.Env, digest: digestKey(d.Digest)}, false); err != nil {
			anchorErr = &AnchorError{What: fmt.Sprintf("the rejection of %s for %s", shortDigest(d.Digest), d.Env), Err: err}
		}
	}
	return r.id, anchorErr, nil
}

// write records d as a deployment with its status, and returns it with who wrote it.
func (s *Decisions) write(ctx context.Context, d *approval.Decision) (recorded, error) {
	if d.At.IsZero() {
		d.At = time.Now().UTC()
	}
	desc := describe(*d)
	rec, err := decisionKind.create(ctx, s.c, place{env: d.Env, ref: s.ref}, *d, desc)
	if err != nil {
		return recorded{}, fmt.Errorf("recording the decision: %w", err)
	}
	r := recordedOf(rec, *d)
	// A decision's success does not retire the environment's deploys (decisionKind writes
	// auto_inactive false).
	if err := decisionKind.mark(ctx, s.c, rec.ID, status{state: stateSuccess, desc: desc}); err != nil {
		return recorded{}, fmt.Errorf("recording the decision: %w", err)
	}
	return r, nil
}

// recordedOf is the decision d as the record rec holds it, with who wrote it.
func recordedOf(rec *Record, d approval.Decision) recorded {
	return recorded{id: rec.ID, d: d, writer: rec.Creator, writerType: rec.creatorType, app: rec.app}
}

// void marks a decision that changed nothing as inactive, saying why on the Deployments page.
func (s *Decisions) void(ctx context.Context, id int64, why string) {
	decisionKind.mark(ctx, s.c, id, status{state: stateInactive, desc: why})
}

// All implements approval.Decisions: every decision recorded for env and digest that
// its writer may write, in the order GitHub numbered them (approval.Count takes each
// person's first). When some were written by accounts that may not write them and nothing
// else counts (explain), it fails and names them (not AsRecorder).
func (s *Decisions) All(ctx context.Context, env, digest string) ([]approval.Decision, error) {
	all, ignored, err := s.all(ctx, env, digest)
	if err != nil {
		return nil, err
	}
	if err := s.explain(all, ignored); err != nil {
		return nil, err
	}
	return decisionsOf(all), nil
}

// explain is the error that names the ignored decisions when nothing else counts: no decision
// that may count, or only those of whoever wrote the ignored ones (ann approving herself and
// writing "carol approved" gets a refusal that names the forgery, not a count of one). A
// decision by anyone else means the ignored ones changed nothing a reader must be told about.
// AsRecorder stores never fail a read.
func (s *Decisions) explain(ok, ignored []recorded) error {
	if s.quiet || len(ignored) == 0 {
		return nil
	}
	for _, r := range ok {
		forger := false
		for _, ig := range ignored {
			forger = forger || strings.EqualFold(ig.writer, personOf(r.d))
		}
		if !forger {
			return nil
		}
	}
	return forged(ignored)
}

func decisionsOf(rs []recorded) []approval.Decision {
	out := make([]approval.Decision, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.d)
	}
	return out
}

// Ballot is what Cast found after recording a decision.
type Ballot struct {
	// Standing is the person's first decision, which stands.
	Standing approval.Decision
	// Mine is true when Standing is the very decision this Cast wrote (not an earlier, equal
	// one of the same person): only then may the click act on it.
	Mine bool
	// All are every decision recorded for the environment and digest, in order.
	All []approval.Decision
}

// Cast records d as its person's decision for d.Env and d.Digest, for a quorum of several
// people: unless that person (d.Identity, else d.By) already decided, it writes d and reads
// every decision back. Two clicks of one person racing both write; both read back the same
// first, only one is Mine, and the later is marked inactive. Whether the quorum is met is for
// approval.Count to say on Ballot.All.
func (s *Decisions) Cast(ctx context.Context, d approval.Decision) (Ballot, error) {
	if d.Env == "" || d.Digest == "" || d.By == "" {
		return Ballot{}, errors.New("a decision needs an environment, a digest and who decided")
	}
	all, _, err := s.all(ctx, d.Env, d.Digest)
	if err != nil {
		return Ballot{}, err
	}
	if prior := firstBy(all, d); prior != nil {
		return Ballot{Standing: prior.d, All: decisionsOf(all)}, nil
	}
	id, anchorErr, err := s.writeEntitled(ctx, &d)
	if err != nil {
		return Ballot{}, err
	}
	if all, _, err = s.all(ctx, d.Env, d.Digest); err != nil {
		return Ballot{}, err
	}
	first := firstBy(all, d)
	if first == nil {
		return Ballot{}, fmt.Errorf("the decision recorded as deployment %d is not listed by GitHub", id)
	}
	if first.id != id {
		s.void(ctx, id, fmt.Sprintf("void: %s decided first in decision %d", personOf(d), first.id))
	}
	return Ballot{Standing: first.d, Mine: first.id == id, All: decisionsOf(all)}, anchorErr
}

func personOf(d approval.Decision) string {
	if d.Identity != "" {
		return d.Identity
	}
	return d.By
}

// firstBy is the first decision of d's person among rs (logins compare without case).
func firstBy(rs []recorded, d approval.Decision) *recorded {
	for i := range rs {
		if strings.EqualFold(personOf(rs[i].d), personOf(d)) {
			return &rs[i]
		}
	}
	return nil
}

// Lookup implements approval.Decisions: the first decision that its writer may write. When
// some were written by accounts that may not write them and nothing else counts (explain), it
// fails and names them (not AsRecorder).
func (s *Decisions) Lookup(ctx context.Context, env, digest string) (*approval.Decision, error) {
	all, ignored, err := s.all(ctx, env, digest)
	if err != nil {
		return nil, err
	}
	if err := s.explain(all, ignored); err != nil || len(all) == 0 {
		return nil, err
	}
	return &all[0].d, nil
}

// Own lists the decisions for env and digest written with their own person's login (the
// deployment's creator is the decision's Identity, else By, compared without case), in the
// order recorded; recorders do not count here. ignored says, for each other one, whose it is
// and who wrote it. A freeze override counts only so (pkg/governance's OwnDecisions).
func (s *Decisions) Own(ctx context.Context, env, digest string) (own []approval.Decision, ignored []string, err error) {
	rs, err := s.list(ctx, env, digest)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rs {
		if selfWritten(r) {
			own = append(own, r.d)
			continue
		}
		p := shownLogin(personOf(r.d))
		ignored = append(ignored, fmt.Sprintf("the one naming %s was written by %s, not by %s's own login", p, orNobody(r.writer), p))
	}
	return own, ignored, nil
}

func selfWritten(r recorded) bool {
	return r.writer != "" && strings.EqualFold(r.writer, personOf(r.d))
}

// RecordOwn records d with the token's own login, unless d's person (d.Identity, else d.By)
// already wrote one for d.Env and d.Digest: it returns that person's first own decision, and
// whether it is the one this call wrote. The token must be the person's own: a decision
// written by anyone else is voided and refused.
func (s *Decisions) RecordOwn(ctx context.Context, d approval.Decision) (approval.Decision, bool, error) {
	if d.Env == "" || d.Digest == "" || d.By == "" {
		return approval.Decision{}, false, errors.New("a decision needs an environment, a digest and who decided")
	}
	firstOwn := func() (*recorded, error) {
		rs, err := s.list(ctx, d.Env, d.Digest)
		for i := range rs {
			if selfWritten(rs[i]) && strings.EqualFold(personOf(rs[i].d), personOf(d)) {
				return &rs[i], nil
			}
		}
		return nil, err
	}
	if prior, err := firstOwn(); err != nil || prior != nil {
		if prior != nil {
			return prior.d, false, nil
		}
		return approval.Decision{}, false, err
	}
	r, err := s.write(ctx, &d)
	if err != nil {
		return approval.Decision{}, false, err
	}
	if !selfWritten(r) {
		s.void(ctx, r.id, "void: written by "+r.writer+", not by "+personOf(d))
		p := shownLogin(personOf(d))
		return approval.Decision{}, false, fmt.Errorf("this token belongs to %s, not %s: record it with %s's own token (gh auth token)", orNobody(r.writer), p, p)
	}
	first, err := firstOwn()
	if err != nil {
		return approval.Decision{}, false, err
	}
	if first == nil {
		return approval.Decision{}, false, fmt.Errorf("the decision recorded as deployment %d is not listed by GitHub", r.id)
	}
	if first.id != r.id {
		s.void(ctx, r.id, fmt.Sprintf("void: %s decided first in decision %d", personOf(d), first.id))
	}
	return first.d, first.id == r.id, nil
}

type recorded struct {
	id int64
	d  approval.Decision
	// writer is the login of the account that wrote it (the deployment's creator), writerType
	// its type (User, Bot).
	writer, writerType string
	// app is the GitHub App it was written through (0 for a person's token).
	app int64
}

// all lists the decisions for env and digest that their writers may write, and apart those
// they may not, first (lowest deployment ID) first.
func (s *Decisions) all(ctx context.Context, env, digest string) (ok, ignored []recorded, err error) {
	rs, err := s.list(ctx, env, digest)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rs {
		if s.entitled(r) {
			ok = append(ok, r)
		} else {
			ignored = append(ignored, r)
		}
	}
	return ok, ignored, nil
}

// list lists every decision for env and digest, first (lowest deployment ID) first, with who
// wrote each.
func (s *Decisions) list(ctx context.Context, env, digest string) ([]recorded, error) {
	var out []recorded
	err := decisionKind.listed(ctx, s.c, env, func(r *Record) (bool, error) {
		d, err := decisionKind.payload(r)
		if err != nil || d.Digest != digest || d.Env != env || d.By == "" {
			return false, nil
		}
		rec := recordedOf(r, d)
		if rec.d.Identity == "" && selfWritten(rec) {
			// Written with the decider's own token: GitHub authenticated the login, so the
			// decision counts under it, where a list of approvers or a quorum asks for one
			// (a By alone may be a chat name that happens to spell a login).
			rec.d.Identity = rec.writer
		}
		out = append(out, rec)
		return false, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading decisions for %s: %w", env, err)
	}
	// GitHub lists newest first; the first decision is the lowest ID.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	for i := 1; i < len(out); i++ { // keep it right even if an API lists in another order
		for k := i; k > 0 && out[k].id < out[k-1].id; k-- {
			out[k], out[k-1] = out[k-1], out[k]
		}
	}
	return out, nil
}

// describe says a decision in one line: "approved sha256:abcd… by bob (slack U123)".
func describe(d approval.Decision) string {
	verb := "rejected"
	if d.Approved {
		verb = "approved"
	}
	who := d.By
	if d.Identity != "" && d.Identity != d.By {
		who = d.Identity + " (" + d.Via + " " + d.By + ")"
	} else if d.Via != "" {
		who += " via " + d.Via
	}
	return fmt.Sprintf("%s %s by %s", verb, shortDigest(d.Digest), who)
}
