package governance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Freeze holds every move that starts or widens a release (deploy, first release, canary step,
// promote, redeploy) while one of its windows is open: the run does everything up to this
// environment and then waits, like an approval, with a line that says when the freeze ends.
// Rollbacks and aborts are never held: restoring service is always allowed.
//
// An authorised person can let one digest through with a reason (RecordOverride); the override
// is a recorded decision (who, when, why), and the result names it.
type Freeze struct {
	// Label names the freeze in messages (default "freeze").
	Label string
	// Zone is the IANA time zone the windows are read in, such as "Europe/Berlin" (default UTC).
	Zone string
	// Windows are the closed spans: Range, Weekly, Yearly, Hours (outside the deploy hours).
	Windows []Window
	// Overrides is where overrides are looked up (OverridesIn(decisions)); nil: no override.
	Overrides Overrides
	// Overriders are the GitHub logins allowed to override (compared without case, as GitHub
	// compares logins). An override by anyone else, or written with someone else's token, is
	// ignored, and blocks nothing: the first valid override lets the digest through.
	Overriders []string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Name implements greenlight.Policy.
func (f *Freeze) Name() string {
	if f.Label != "" {
		return f.Label
	}
	return "freeze"
}

// Check implements greenlight.Policy.
func (f *Freeze) Check(ctx context.Context, m greenlight.Move) error { return f.Evaluate(ctx, m).Err() }

func (f *Freeze) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// Location is the freeze's time zone, or an error that says how to fix the name.
func (f *Freeze) Location() (*time.Location, error) { return location(f.Zone) }

func location(zone string) (*time.Location, error) {
	if zone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Berlin (and import _ \"time/tzdata\" in pipeline.go if the runner lacks zoneinfo)", zone)
	}
	return loc, nil
}

// Closed returns the freeze's merged intervals overlapping [from, to).
func (f *Freeze) Closed(from, to time.Time) ([]Interval, error) {
	loc, err := f.Location()
	if err != nil {
		return nil, err
	}
	var all []Interval
	for _, w := range f.Windows {
		if w == nil {
			continue
		}
		if err := w.validate(); err != nil {
			return nil, err
		}
		all = append(all, w.Intervals(from, to, loc)...)
	}
	return clip(merge(all), from, to), nil
}

// heldKinds are the moves a freeze holds.
func heldKind(k greenlight.MoveKind) bool {
	return k != greenlight.MoveRollback && k != greenlight.MoveAbort
}

// Evaluate implements Evaluator.
func (f *Freeze) Evaluate(ctx context.Context, m greenlight.Move) Result {
	now := f.now()
	if !heldKind(m.Kind) {
		return Result{Outcome: Allow, Message: fmt.Sprintf("a %s is never frozen", m.Kind)}
	}
	// Look far enough ahead that a long freeze's real end is found, and back so that a window
	// that began before now is seen.
	iv, err := f.Closed(now.Add(-time.Nanosecond), now.AddDate(1, 1, 0))
	if err != nil {
		return Result{Outcome: Refuse, Message: err.Error() + " (fix the freeze in pipeline.go)"}
	}
	loc, _ := f.Location()
	var cur *Interval
	for i := range iv {
		if !iv[i].Start.After(now) && iv[i].End.After(now) {
			cur = &iv[i]
			break
		}
	}
	if cur == nil {
		msg := "not frozen"
		if len(iv) > 0 {
			msg += "; next freeze " + when(iv[0].Start.In(loc)) + " (" + iv[0].Why + ")"
		}
		return Result{Outcome: Allow, Message: msg}
	}
	end := cur.End
	frozen := fmt.Sprintf("%s is frozen until %s (in %s): %s", m.Env, when(end.In(loc)), human(end.Sub(now)), cur.Why)
	if f.Overrides != nil && SubjectOf(m) != "" {
		cands, notes, err := f.overrides(ctx, m.Env, SubjectOf(m))
		if err != nil {
			return Result{Outcome: Hold, Message: frozen + "; reading overrides failed: " + err.Error(), Until: &end}
		}
		for _, n := range notes {
			frozen += "; an override is ignored: " + n
		}
		// The first valid override stands: one that is not valid blocks nothing.
		for _, d := range cands {
			who := d.Identity
			if who == "" {
				who = d.By
			}
			switch {
			case !d.Approved:
				frozen += fmt.Sprintf("; the decision by %s is ignored: it is not an override", who)
			case strings.TrimSpace(d.Reason) == "":
				frozen += fmt.Sprintf("; the override by %s is ignored: it has no reason", who)
			case !f.overrider(who):
				frozen += fmt.Sprintf("; the override by %s is ignored: %s is not among the overriders (%s)", who, who, strings.Join(f.Overriders, ", "))
			case d.Digest != SubjectOf(m):
				frozen += fmt.Sprintf("; the override by %s is for %s, not %s", who, d.Digest, SubjectOf(m))
			default:
				od := d
				return Result{Outcome: Allow, Override: &od,
					Message: fmt.Sprintf("%s; overridden by %s at %s: %s", frozen, who, d.At.UTC().Format(time.RFC3339), d.Reason)}
			}
		}
	}
	// Say precisely what resumes the release: the scheduled `greenlight due --resume` for a
	// promote whose hold is recorded (ResumeAfter), a person otherwise.
	ends := when(end.In(loc))
	msg := frozen
	switch {
	case m.Kind == greenlight.MovePromote && resumedByDue(ctx):
		msg += fmt.Sprintf("; the scheduled `greenlight due --resume` resumes it after the freeze ends (%s)", ends)
	case m.Kind == greenlight.MovePromote:
		msg += fmt.Sprintf("; the release resumes when the freeze ends only if someone runs `greenlight promote --env %s` then (%s)", m.Env, ends)
	case !m.Explicit && resumedByDue(ctx):
		msg += fmt.Sprintf("; the scheduled `greenlight due --resume` runs the release again after the freeze ends (%s)", ends)
	default:
		msg += fmt.Sprintf("; the release resumes when the freeze ends only if someone runs it again then (%s)", ends)
	}
	if len(f.Overriders) > 0 && f.Overrides != nil {
		msg += fmt.Sprintf(", or now if one of %s overrides with a reason", strings.Join(f.Overriders, ", "))
	}
	return Result{Outcome: Hold, Message: msg, Until: &end}
}

// overrider says whether login is one of the Overriders (compared without case, as GitHub
// compares logins).
func (f *Freeze) overrider(login string) bool {
	for _, o := range f.Overriders {
		if login != "" && strings.EqualFold(strings.TrimSpace(o), login) {
			return true
		}
	}
	return false
}

// overrides are the overrides recorded for env and digest, in the order recorded, and why the
// store ignored others (written by someone else than their overrider).
func (f *Freeze) overrides(ctx context.Context, env, digest string) ([]approval.Decision, []string, error) {
	if l, ok := f.Overrides.(OverrideLister); ok {
		return l.AllOverrides(ctx, env, digest)
	}
	d, err := f.Overrides.Override(ctx, env, digest)
	if err != nil || d == nil {
		return nil, nil, err
	}
	return []approval.Decision{*d}, nil, nil
}

func when(t time.Time) string { return t.Format("Mon 2 Jan 2006 15:04 MST") }

func human(d time.Duration) string { return durfmt.Short(d) }

// Overrides finds the freeze override recorded for an environment and digest.
type Overrides interface {
	// Override returns the first override recorded for env and digest that its own overrider
	// wrote, or nil.
	Override(ctx context.Context, env, digest string) (*approval.Decision, error)
}

// OverrideLister is Overrides that lists every override recorded for an environment and
// digest, in the order recorded: the freeze takes the first valid one (by one of its
// Overriders, with a reason), so that an earlier one that is not valid blocks nothing.
// OverridesIn's implements it.
type OverrideLister interface {
	// AllOverrides lists the overrides for env and digest that their own overrider wrote, in
	// order, and says, for each one written by someone else, whose it is and who wrote it.
	AllOverrides(ctx context.Context, env, digest string) (overrides []approval.Decision, ignored []string, err error)
}

// OwnDecisions is a decision store that knows who wrote each decision: pkg/github's
// Decisions, where a decision is a deployment and its creator the account of the token that
// wrote it. Overrides kept in one count only when written with the overrider's own login.
type OwnDecisions interface {
	// Own lists the decisions for env and digest written with their own person's login, in
	// order, and says for each other one whose it is and who wrote it.
	Own(ctx context.Context, env, digest string) (own []approval.Decision, ignored []string, err error)
	// RecordOwn records d with the token's own login (refused when the token is not d's
	// person's) unless that person already has one, and returns the person's first, and
	// whether it is the one this call wrote.
	RecordOwn(ctx context.Context, d approval.Decision) (approval.Decision, bool, error)
}

// OverrideVia is Decision.Via of a freeze override.
const OverrideVia = "freeze-override"

// overrideKey is where overrides of env are kept among decisions, apart from its approvals.
func overrideKey(env string) string { return env + "/freeze-override" }

// OverridesIn keeps overrides among recorded decisions (the run's approval.Decisions, GitHub
// Deployments in pkg/github), under the environment name "<env>/freeze-override", so an
// override is audited like an approval: who, when, why, for which digest. Where the store
// knows who wrote each decision (OwnDecisions, as pkg/github's), an override counts only when
// written with its overrider's own login: one written by anyone else (another person, a bot,
// a workflow's token) is ignored, and the freeze says so. A store that does not (one in
// memory, written only by this process) is taken as it is. OverridesIn(nil) is nil: no
// override is possible.
func OverridesIn(d approval.Decisions) Overrides {
	if d == nil {
		return nil
	}
	return decisionOverrides{d}
}

type decisionOverrides struct{ d approval.Decisions }

var _ OverrideLister = decisionOverrides{}

func (o decisionOverrides) AllOverrides(ctx context.Context, env, digest string) ([]approval.Decision, []string, error) {
	key := overrideKey(env)
	var ignored []string
	var ds []approval.Decision
	switch s := o.d.(type) {
	case OwnDecisions:
		own, notes, err := s.Own(ctx, key, digest)
		if err != nil {
			return nil, nil, err
		}
		ds, ignored = own, notes
	default:
		all, err := o.d.All(ctx, key, digest)
		if err != nil {
			return nil, nil, err
		}
		ds = all
	}
	var out []approval.Decision
	for _, d := range ds {
		if d.Via == OverrideVia && d.Digest == digest {
			out = append(out, d)
		}
	}
	return out, ignored, nil
}

func (o decisionOverrides) Override(ctx context.Context, env, digest string) (*approval.Decision, error) {
	all, _, err := o.AllOverrides(ctx, env, digest)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return &all[0], nil
}

// SubjectOf is what a move's overrides and recorded holds are keyed on: the digest of the image
// it moves, or "flag:<name>" for the release of a feature flag (a move with no image); "" for
// neither (an abort).
func SubjectOf(m greenlight.Move) string {
	switch {
	case m.Image.Digest() != "":
		return m.Image.Digest()
	case m.Flag != "":
		return "flag:" + m.Flag
	}
	return ""
}

// RecordOverride records that identity (a GitHub login) lets digest (SubjectOf a move: an
// image's digest, or "flag:<name>" for a flag's release) into env during a freeze,
// for reason, which is required. Where the store knows who wrote each decision (OwnDecisions,
// as pkg/github's), the override is written with the token's own login, which must be
// identity's, and it returns identity's own first override (an earlier override by someone
// else blocks nothing); otherwise it returns the override that stands (the first recorded).
func RecordOverride(ctx context.Context, d approval.Decisions, env, digest, identity, reason string, at time.Time) (approval.Decision, error) {
	if strings.TrimSpace(reason) == "" {
		return approval.Decision{}, errors.New("an override needs a reason: say why this cannot wait for the freeze to end")
	}
	if env == "" || digest == "" || identity == "" {
		return approval.Decision{}, errors.New("an override needs the environment, the digest and who overrides")
	}
	o := approval.Decision{Approved: true, By: identity, Identity: identity, Via: OverrideVia,
		At: at, Reason: reason, Env: overrideKey(env), Digest: digest}
	if own, ok := d.(OwnDecisions); ok {
		got, _, err := own.RecordOwn(ctx, o)
		return got, err
	}
	got, _, err := d.Record(ctx, o)
	return got, err
}
