// Package migrate applies a service's database migrations as pipeline stages, with
// expand/contract safety: a change that could break the version still serving traffic (a
// contract change) is refused until no older version serves.
//
// Migrations are goose SQL files (pressly/goose v3) in the service's repository, run on
// PostgreSQL through pgx. Each statement is classified on PostgreSQL's own parse tree
// (libpg_query, run in pure Go by wasilibs/go-pgquery; see ReadDir and Parse): a new table, a
// nullable column or an index built concurrently is an expand change; a dropped or renamed
// column or table, a changed type, a NOT NULL column without a default or a new constraint is a
// contract change. A typical pipeline:
//
//	db := &migrate.Database{Name: "orders", DSN: os.Getenv("ORDERS_DATABASE_URL"), Migrations: os.DirFS("migrations")}
//	migrate.Expand(p, db, prod, signed) // before the canary: expand migrations only
//	p.Canary(signed, prod, plan)        // a failed canary rolls back the code, never the schema
//	p.Promote(signed, prod)
//	migrate.Contract(p, db, prod, signed) // contract migrations, now that only signed serves
//
// Statements that hold a lock blocking the running version while a table is rewritten or
// scanned are warned, with the safer way (Migration.LockWarnings; Database.LockWarningsFatal
// refuses them).
//
// Only one run migrates a database at a time: each stage holds a PostgreSQL advisory lock
// from reading the plan to the last migration.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Database is one environment's database and the migrations that shape it.
type Database struct {
	// Name names the database in stage results and messages (never the DSN, which may hold a
	// password).
	Name string
	// DSN is a PostgreSQL connection string (postgres://… or key=value).
	DSN string
	// Migrations holds the goose SQL files, such as os.DirFS("migrations").
	Migrations fs.FS
	// LockWait is how long a stage waits for another run's migration lock (default 5 minutes).
	LockWait time.Duration
	// Table is goose's version table (default goose_db_version).
	Table string
	// LockWarningsFatal makes every lock or rewrite warning (Migration.LockWarnings: a table
	// rewritten or scanned under a lock that blocks the running version, an index built
	// without CONCURRENTLY, no lock_timeout) refuse the migration before anything is applied,
	// as a Problem does.
	LockWarningsFatal bool
}

func (d *Database) label() string {
	if d.Name != "" {
		return d.Name
	}
	return "the database"
}

// lockKey is the advisory lock every Greenlight migration of a database takes.
var lockKey = func() int64 {
	h := fnv.New64a()
	h.Write([]byte("greenlight-cd/greenlight migrate"))
	return int64(h.Sum64())
}()

// LockKey is the PostgreSQL advisory lock (pg_advisory_lock(key)) that every Greenlight stage
// holds while it migrates a database. Another tool can take it to keep Greenlight out.
func LockKey() int64 { return lockKey }

// Status is one migration as the database sees it.
type Status struct {
	Migration
	Applied bool `json:"applied"`
}

// session is one stage's hold on a database: a connection pool, the advisory lock, goose.
type session struct {
	db     *Database
	sqlDB  *sql.DB
	lock   *sql.Conn
	goose  *goose.Provider
	migs   []Migration
	status []Status
	stmts  *statementLog
}

// ErrLocked is wrapped by the error of a stage that could not take the migration lock in time.
var ErrLocked = errors.New("another run is migrating this database")

// open reads and classifies the migrations, connects, takes the advisory lock (waiting up to
// LockWait), reads which migrations are applied and classifies the migrations again against
// the database (ReadDirWith). log receives progress.
func (d *Database) open(ctx context.Context, runID string, log runlog.Logger) (*session, error) {
	if d.Migrations == nil {
		return nil, fmt.Errorf("%s: no Migrations folder: set Database.Migrations, such as os.DirFS(\"migrations\")", d.label())
	}
	migs, err := ReadDir(d.Migrations)
	if err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(d.DSN)
	if err != nil {
		// pgx's message may quote the DSN: say only what is wrong with it.
		return nil, fmt.Errorf("%s: the DSN is not a valid PostgreSQL connection string: set it as postgres://user@host:5432/name", d.label())
	}
	cfg.RuntimeParams["application_name"] = "greenlight-migrate " + runID
	s := &session{db: d, sqlDB: stdlib.OpenDB(*cfg), migs: migs, stmts: &statementLog{}}
	ok := false
	defer func() {
		if !ok {
			s.close()
		}
	}()
	s.lock, err = s.sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", d.label(), err)
	}
	if err := s.takeLock(ctx, log); err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithVerbose(true),
		goose.WithSlog(slog.New(s.stmts))}
	if d.Table != "" {
		opts = append(opts, goose.WithTableName(d.Table))
	}
	s.goose, err = goose.NewProvider(goose.DialectPostgres, s.sqlDB, d.Migrations, opts...)
	if err != nil && !errors.Is(err, goose.ErrNoMigrations) {
		return nil, fmt.Errorf("%s: %w", d.label(), err)
	}
	applied := map[int64]bool{}
	var versions []int64
	if s.goose != nil {
		st, err := s.goose.Status(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading which migrations %s has: %w", d.label(), err)
		}
		for _, x := range st {
			applied[x.Source.Version] = x.State == goose.StateApplied
			if applied[x.Source.Version] {
				versions = append(versions, x.Source.Version)
			}
		}
	}
	// Classified again, now against the database itself: what no migration of the folder
	// creates (an index dropped IF EXISTS, a function created OR REPLACE) is what it has.
	if migs, err = ReadDirWith(ctx, d.Migrations, DatabaseCatalog(s.sqlDB, versions...)); err != nil {
		return nil, err
	}
	s.migs = migs
	for _, m := range migs {
		s.status = append(s.status, Status{Migration: m, Applied: applied[m.Version]})
	}
	ok = true
	return s, nil
}

func (s *session) takeLock(ctx context.Context, log runlog.Logger) error {
	wait := s.db.LockWait
	if wait <= 0 {
		wait = 5 * time.Minute
	}
	deadline := time.Now().Add(wait)
	told := false
	for {
		var got bool
		if err := s.lock.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", lockKey).Scan(&got); err != nil {
			return fmt.Errorf("taking the migration lock on %s: %w", s.db.label(), err)
		}
		if got {
			return nil
		}
		holder := s.holder(ctx)
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: %s is locked by %s for more than %s; nothing was migrated. Wait for that run to finish, or if it is stuck, end its session with SELECT pg_terminate_backend(pid)",
				ErrLocked, s.db.label(), holder, wait)
		}
		if !told {
			log.Logf("waiting for the migration lock on %s, held by %s", s.db.label(), holder)
			told = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the migration lock on %s: %w", s.db.label(), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// holder describes the session holding the lock: its pid, application and since when.
func (s *session) holder(ctx context.Context) string {
	var pid int
	var app string
	var since time.Time
	err := s.lock.QueryRowContext(ctx, `SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.backend_start, now())
		FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		  AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 LIMIT 1`, lockKey).Scan(&pid, &app, &since)
	if err != nil {
		return "another session"
	}
	if app == "" {
		app = "an unnamed client"
	}
	return fmt.Sprintf("pid %d (%s, connected %s)", pid, app, since.UTC().Format(time.RFC3339))
}

func (s *session) close() {
	if s.lock != nil {
		s.lock.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", lockKey)
		s.lock.Close()
	}
	if s.goose != nil {
		s.goose.Close() // closes sqlDB too
	} else if s.sqlDB != nil {
		s.sqlDB.Close()
	}
}

func (s *session) pending() []Migration {
	var out []Migration
	for _, st := range s.status {
		if !st.Applied {
			out = append(out, st.Migration)
		}
	}
	return out
}

// statementLog keeps the statements goose reports executing, to tell which one failed.
type statementLog struct {
	mu   sync.Mutex
	last map[int64][]string
}

func (l *statementLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *statementLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *statementLog) WithGroup(string) slog.Handler            { return l }
func (l *statementLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "executing statement" {
		return nil
	}
	var stmt string
	var version int64
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "statement":
			stmt = a.Value.String()
		case "version":
			version = a.Value.Int64()
		}
		return true
	})
	l.mu.Lock()
	if l.last == nil {
		l.last = map[int64][]string{}
	}
	l.last[version] = append(l.last[version], stmt)
	l.mu.Unlock()
	return nil
}

func (l *statementLog) ran(version int64) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.last[version]...)
}

// apply runs the up migrations ms in order, each in its own transaction unless marked
// NO TRANSACTION, and returns how many were applied. On failure the error says what state the
// database is in.
func (s *session) apply(ctx context.Context, st *greenlight.Stage, ms []Migration) (int, error) {
	for i, m := range ms {
		start := time.Now()
		_, err := s.goose.ApplyVersion(ctx, m.Version, true)
		if err != nil {
			return i, s.failure(ctx, m, ms[:i], err)
		}
		st.Logf("applied %s in %s", m.Summary(), time.Since(start).Round(time.Millisecond))
	}
	return len(ms), nil
}

// failure explains a failed migration: a transactional one left nothing behind; for a
// non-transactional one, which statements ran and what they left (invalid indexes).
func (s *session) failure(ctx context.Context, m Migration, before []Migration, err error) error {
	cause := err
	var pe *goose.PartialError
	if errors.As(err, &pe) {
		cause = pe.Err
	}
	msg := strings.TrimPrefix(cause.Error(), "ERROR: ")
	done := ""
	if len(before) > 0 {
		var names []string
		for _, b := range before {
			names = append(names, b.File)
		}
		done = fmt.Sprintf(" The migrations before it are applied and stay: %s.", strings.Join(names, ", "))
	}
	if m.Transactional {
		return fmt.Errorf("migration %s failed and was rolled back as a whole: %s; %s is as it was before it, and it is still pending.%s Fix the migration and run again",
			m.File, msg, s.db.label(), done)
	}
	ran := s.stmts.ran(m.Version)
	var b strings.Builder
	fmt.Fprintf(&b, "migration %s failed: %s. It is marked -- +goose NO TRANSACTION, so PostgreSQL could not undo what ran before the failure, and it is not recorded as applied.", m.File, msg)
	if len(ran) > 0 {
		fmt.Fprintf(&b, " Statement %d of %d failed: %s.", len(ran), m.upCount, oneLine(ran[len(ran)-1]))
		if len(ran) > 1 {
			var prior []string
			for _, r := range ran[:len(ran)-1] {
				prior = append(prior, oneLine(r))
			}
			fmt.Fprintf(&b, " Applied and left in place: %s.", strings.Join(prior, "; "))
		}
	}
	if invalid := s.invalidIndexes(ctx); len(invalid) > 0 {
		fmt.Fprintf(&b, " Left behind: invalid index %s (PostgreSQL keeps an index whose concurrent build failed; it slows writes and serves no query): drop it with DROP INDEX CONCURRENTLY %s.",
			strings.Join(invalid, ", "), strings.Join(invalid, ", "))
	}
	b.WriteString(done)
	b.WriteString(" Fix the cause, make the statements safe to run again (IF NOT EXISTS), and run again")
	return errors.New(b.String())
}

func (s *session) invalidIndexes(ctx context.Context) []string {
	rows, err := s.sqlDB.QueryContext(ctx, "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid ORDER BY 1")
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			out = append(out, n)
		}
	}
	return out
}

// Plan reads the migrations and which of them the database has, under the migration lock.
func (d *Database) Plan(ctx context.Context) ([]Status, error) {
	s, err := d.open(ctx, "plan", runlog.Discard)
	if err != nil {
		return nil, err
	}
	defer s.close()
	return s.status, nil
}
