package migrate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// ExpandContract explains expand/contract in refusals.
const ExpandContract = "Expand/contract: while a canary runs, the previous version and the new one share one schema, " +
	"so what runs before the new version has all the traffic must keep the previous version working (expand: add a table, " +
	"a nullable column, an index built concurrently). Changes that remove, rename or tighten what the previous version uses " +
	"(contract) run only once no version that uses them serves. Split the change: release 1 adds the new structure and " +
	"writes both old and new; release 2 stops using the old structure; the contract migration then runs in migrate.Contract " +
	"after release 2 is promoted, or with release 3."

// serving lists the revisions that take traffic in st and do not run img.
func serving(st greenlight.State, img oci.Image) []string {
	name := func(r *greenlight.Revision) string {
		if r.ID == r.Image.Short() || r.Image.IsZero() {
			return r.ID
		}
		return fmt.Sprintf("%s (%s)", r.ID, r.Image.Short())
	}
	var out []string
	if st.Stable != nil && st.Stable.Image.Digest() != img.Digest() {
		out = append(out, name(st.Stable))
	}
	if st.Canary != nil && st.CanaryWeight > 0 && st.Canary.Image.Digest() != img.Digest() {
		out = append(out, fmt.Sprintf("%s (canary at %d%%)", name(st.Canary), st.CanaryWeight))
	}
	return out
}

func problems(db *Database, ms []Migration) error {
	var ps []string
	for _, m := range ms {
		for _, p := range m.Problems {
			ps = append(ps, m.File+": "+p)
		}
	}
	var locks []string
	if db.LockWarningsFatal {
		for _, m := range ms {
			for _, w := range m.LockWarnings {
				locks = append(locks, m.File+" "+w)
			}
		}
	}
	switch {
	case len(ps) == 0 && len(locks) == 0:
		return nil
	case len(locks) > 0:
		ps = append(ps, fmt.Sprintf("%d lock or rewrite warning(s), fatal because Database.LockWarningsFatal is set: %s", len(locks), strings.Join(locks, "; ")))
	}
	return fmt.Errorf("refusing to migrate: %s; nothing was migrated", strings.Join(ps, "; "))
}

// lockSummary is the lock and rewrite warnings of ms for a stage's one-line result (the step
// summary's table): how many, and the first in full.
func lockSummary(ms []Migration) string {
	var all []string
	for _, m := range ms {
		for _, w := range m.LockWarnings {
			all = append(all, m.File+" "+w)
		}
	}
	switch len(all) {
	case 0:
		return ""
	case 1:
		return "; lock warning: " + all[0]
	}
	return fmt.Sprintf("; %d lock warnings, the first: %s (all in the log)", len(all), all[0])
}

func contractRefusal(db *Database, env string, others []string, ms []Migration) error {
	var lines []string
	for _, m := range ms {
		if m.Class == ClassContract {
			for _, c := range m.contractChanges() {
				lines = append(lines, m.File+" "+c)
			}
		}
	}
	return fmt.Errorf("refusing contract migration(s) on %s while %s still serve(s) %s: %s. Nothing was migrated. %s",
		db.label(), strings.Join(others, " and "), env, strings.Join(lines, "; "), ExpandContract)
}

func files(ms []Migration) string {
	var n []string
	for _, m := range ms {
		n = append(n, m.File)
	}
	return strings.Join(n, ", ")
}

func logPlan(s *greenlight.Stage, ms []Migration) {
	for _, m := range ms {
		s.Logf("pending %s", m.Summary())
		for _, w := range m.Warnings {
			s.Logf("  warning: %s: %s", m.File, w)
		}
	}
}

// mode selects which pending migrations a stage may apply.
type mode int

const (
	modeUp mode = iota
	modeExpand
	modeContract
)

func migrateStage(p *greenlight.P, name string, db *Database, env *greenlight.Environment, img greenlight.SignedImage, md mode) {
	if env == nil {
		p.Fatalf("%s: no environment: pass one from p.Env(name)", name)
	}
	p.Stage(name+" "+env.Name, func(s *greenlight.Stage) error {
		if img.Image().IsZero() {
			return errors.New("no image: pass the SignedImage this release deploys, so that Greenlight can tell which version serves")
		}
		st, err := env.Target.State(s.Context())
		if err != nil {
			return fmt.Errorf("reading what serves %s: %w; nothing was migrated", env.Name, err)
		}
		others := serving(st, img.Image())
		sess, err := openFor(p, s, db)
		if err != nil {
			return err
		}
		defer sess.close()
		pending := sess.pending()
		if len(pending) == 0 {
			s.Result("%s is up to date (%d migration(s) applied)", db.label(), len(sess.status))
			return nil
		}
		logPlan(s, pending)
		if err := problems(db, pending); err != nil {
			return err
		}
		apply := pending
		var deferred []Migration
		switch {
		case len(others) == 0:
			// Nothing else serves: no older version can break.
		case md == modeContract:
			return contractRefusal(db, env.Name, others, pending)
		case md == modeUp:
			for _, m := range pending {
				if m.Class == ClassContract {
					return contractRefusal(db, env.Name, others, pending)
				}
			}
		case md == modeExpand:
			cut := len(pending)
			for i, m := range pending {
				if m.Class == ClassContract {
					cut = i
					break
				}
			}
			apply, deferred = pending[:cut], pending[cut:]
			for _, m := range deferred {
				if m.Class == ClassExpand {
					return fmt.Errorf("refusing to migrate %s: expand migration %s comes after contract migration %s, and migrations run in order, so it would wait until the contract one may run (after promote) while the new version needs it now. Renumber %s before %s. Nothing was migrated",
						db.label(), m.File, deferred[0].File, m.File, deferred[0].File)
				}
			}
		}
		n, err := sess.apply(s.Context(), s, apply)
		if err != nil {
			return err
		}
		res := fmt.Sprintf("%s: applied %d migration(s)", db.label(), n)
		if n > 0 {
			res += ": " + files(apply)
		}
		if len(others) == 0 && md != modeContract {
			res += "; no other version serves " + env.Name
		}
		if len(deferred) > 0 {
			res += fmt.Sprintf("; %d contract migration(s) wait for migrate.Contract once %s serves %s alone: %s", len(deferred), img.Image().Short(), env.Name, files(deferred))
		}
		if md == modeContract && st.Previous != nil && st.PreviousWarm {
			res += fmt.Sprintf("; note: a rollback to %s would now run it on the contracted schema", st.Previous.ID)
		}
		res += lockSummary(apply)
		s.Result("%s", res)
		return nil
	})
}

// openFor opens db for a stage of p's run: plan, connection and lock.
func openFor(p *greenlight.P, s *greenlight.Stage, db *Database) (*session, error) {
	if db == nil {
		return nil, errors.New("no database: pass a *migrate.Database")
	}
	return db.open(s.Context(), runTag(p), s)
}

func runTag(p *greenlight.P) string {
	c := p.Source().Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if c == "" {
		c = "run"
	}
	return c
}

// Up applies every pending migration of db before img takes traffic in env. A contract
// migration is refused, with nothing applied, while another version serves env. The stage is
// named "migrate <env>".
func Up(p *greenlight.P, db *Database, env *greenlight.Environment, img greenlight.SignedImage) {
	migrateStage(p, "migrate", db, env, img, modeUp)
}

// Expand applies the pending expand migrations of db before img takes traffic in env (call it
// before Canary). Contract migrations after them wait for ClassContract; an expand migration
// numbered after a pending contract one is refused. When no other version serves env (the first
// release), every migration is applied. A failed canary later never undoes what Expand applied:
// expand changes keep the previous version working. The stage is named "migrate-expand <env>".
func Expand(p *greenlight.P, db *Database, env *greenlight.Environment, img greenlight.SignedImage) {
	migrateStage(p, "migrate-expand", db, env, img, modeExpand)
}

// Contract applies the remaining migrations of db, contract ones included, once img alone
// serves env (call it after Promote). While any other version serves, it refuses and explains
// expand/contract. The stage is named "migrate-contract <env>".
func Contract(p *greenlight.P, db *Database, env *greenlight.Environment, img greenlight.SignedImage) {
	migrateStage(p, "migrate-contract", db, env, img, modeContract)
}

// Down undoes the applied migrations of db numbered above to, newest first, with their
// -- +goose Down statements. It runs only when called: no stage and no rollback runs it on its
// own. Every migration to undo must be reversible (have Down statements); if one is not, Down
// refuses before undoing anything. The stage is named "migrate-down <env>".
func Down(p *greenlight.P, db *Database, env *greenlight.Environment, to int64) {
	if env == nil {
		p.Fatalf("migrate-down: no environment: pass one from p.Env(name)")
	}
	p.Stage("migrate-down "+env.Name, func(s *greenlight.Stage) error {
		sess, err := openFor(p, s, db)
		if err != nil {
			return err
		}
		defer sess.close()
		var undo []Migration
		for i := len(sess.status) - 1; i >= 0; i-- {
			if st := sess.status[i]; st.Applied && st.Version > to {
				undo = append(undo, st.Migration)
			}
		}
		if len(undo) == 0 {
			s.Result("%s: nothing above version %d is applied", db.label(), to)
			return nil
		}
		var irreversible []string
		for _, m := range undo {
			if !m.Reversible {
				irreversible = append(irreversible, m.File)
			}
		}
		if len(irreversible) > 0 {
			return fmt.Errorf("refusing to migrate %s down to version %d: %s declare(s) no -- +goose Down statements, so it cannot be undone. Nothing was undone. Roll forward with a new migration instead, or go down only to version %d",
				db.label(), to, strings.Join(irreversible, ", "), lastIrreversible(undo))
		}
		for i, m := range undo {
			if _, err := sess.goose.ApplyVersion(s.Context(), m.Version, false); err != nil {
				var done []string
				for _, d := range undo[:i] {
					done = append(done, d.File)
				}
				return fmt.Errorf("undoing %s failed: %v; undone before it: %s", m.File, err, strings.Join(done, ", "))
			}
			s.Logf("undid %s", m.File)
		}
		s.Result("%s: undid %d migration(s): %s", db.label(), len(undo), files(undo))
		return nil
	})
}

// lastIrreversible is the highest version among the irreversible migrations of undo (newest
// first): Down may go no lower than it.
func lastIrreversible(undo []Migration) int64 {
	for _, m := range undo {
		if !m.Reversible {
			return m.Version
		}
	}
	return 0
}

// Plan is a stage that reads and classifies the pending migrations of db without applying
// anything, and fails on any migration that no stage would run (a parse error, BEGIN/COMMIT, a
// statement PostgreSQL cannot run in a transaction without -- +goose NO TRANSACTION). It
// flags irreversible and non-transactional migrations. The stage is named "migrate-plan".
func Plan(p *greenlight.P, db *Database) []Status {
	var out []Status
	p.Stage("migrate-plan", func(s *greenlight.Stage) error {
		sess, err := openFor(p, s, db)
		if err != nil {
			return err
		}
		defer sess.close()
		out = sess.status
		pending := sess.pending()
		logPlan(s, pending)
		if err := problems(db, pending); err != nil {
			return err
		}
		var exp, con, irr int
		for _, m := range pending {
			if m.Class == ClassContract {
				con++
			} else {
				exp++
			}
			if !m.Reversible {
				irr++
			}
		}
		s.Result("%s: %d pending: %d expand, %d contract, %d irreversible%s", db.label(), len(pending), exp, con, irr, lockSummary(pending))
		return nil
	})
	return out
}
