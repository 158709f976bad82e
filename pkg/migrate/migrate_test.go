package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/internal/pgtest"
	"github.com/greenlight-cd/greenlight/internal/routertest"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func files(kv ...string) fstest.MapFS {
	fs := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		fs[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return fs
}

const create = "-- +goose Up\nCREATE TABLE orders (id bigserial PRIMARY KEY, total numeric NOT NULL, note text);\n-- +goose Down\nDROP TABLE orders;\n"

type env struct {
	t      *testing.T
	dsn    string
	sql    *sql.DB
	target *routertest.Target
	env    *greenlight.Environment
}

// newEnv is an environment on the real router with a fresh database. Images whose tag starts
// with "bad" answer 500.
func newEnv(t *testing.T) *env {
	dsn := pgtest.DB(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tg := routertest.New(t, routertest.Versioned(func(img oci.Image) bool { return strings.HasPrefix(img.Tag(), "bad") }))
	return &env{t: t, dsn: dsn, sql: db, target: tg, env: &greenlight.Environment{Name: "production", Target: tg}}
}

func (e *env) run(fn func(p *greenlight.P)) (*runlog.Report, error) {
	return greenlight.Run(context.Background(), fn, greenlight.WithEnvironments(e.env), greenlight.WithName("test"))
}

func (e *env) database(fs fstest.MapFS) *migrate.Database {
	return &migrate.Database{Name: "orders", DSN: e.dsn, Migrations: fs, LockWait: 20 * time.Second}
}

func (e *env) versions() []int64 {
	rows, err := e.sql.Query("SELECT version_id FROM goose_db_version WHERE version_id > 0 ORDER BY id")
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		rows.Scan(&v)
		out = append(out, v)
	}
	return out
}

func (e *env) hasColumn(table, col string) bool {
	var n int
	e.sql.QueryRow("SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2", table, col).Scan(&n)
	return n == 1
}

func (e *env) hasTable(table string) bool {
	var n int
	e.sql.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_name = $1", table).Scan(&n)
	return n == 1
}

// release runs Expand, a canary on live traffic, Promote and Contract for version tag.
func (e *env) release(db *migrate.Database, tag string) (*runlog.Report, error) {
	img := routertest.Image(e.t, tag)
	return e.run(func(p *greenlight.P) {
		signed := p.Verify(img, routertest.Trust{})
		migrate.Expand(p, db, e.env, signed)
		p.Canary(signed, e.env, greenlight.CanaryPlan{Steps: []int{20}, Interval: 50 * time.Millisecond, MaxWait: 20 * time.Second,
			Judge: analysis.Compare{MinRequests: 30}})
		p.Promote(signed, e.env)
		migrate.Contract(p, db, e.env, signed)
	})
}

func stageErr(rep *runlog.Report, prefix string) string {
	for _, s := range rep.Stages {
		if strings.HasPrefix(s.Name, prefix) {
			return s.Error
		}
	}
	return ""
}

// The workflow end to end on real PostgreSQL and the real router under live traffic:
// a first release applies everything; a release whose canary fails keeps its expand migration
// (the code rolls back, the schema does not); a contract migration waits for migrate.Contract.
func TestFailedCanaryNeverRollsBackExpand(t *testing.T) {
	e := newEnv(t)
	if rep, err := e.release(e.database(files("00001_create.sql", create)), "v1"); err != nil {
		t.Fatalf("first release: %v\n%+v", err, rep.Stages)
	}
	gen := loadgen.Start(e.target.URL(), 300)
	defer gen.Stop()

	db := e.database(files("00001_create.sql", create,
		"00002_add_status.sql", "-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n-- +goose Down\nALTER TABLE orders DROP COLUMN status;\n"))
	rep, err := e.release(db, "bad-v2")
	if err == nil {
		t.Fatal("the bad canary passed")
	}
	if len(rep.Rollbacks) != 1 {
		t.Fatalf("rollbacks: %+v", rep.Rollbacks)
	}
	if !e.hasColumn("orders", "status") || len(e.versions()) != 2 {
		t.Fatalf("the expand migration was undone by the failed canary: versions %v", e.versions())
	}
	st, _ := e.target.State(context.Background())
	if st.Stable == nil || st.Stable.Image.Tag() != "v1" {
		t.Fatalf("code not rolled back: %+v", st.Stable)
	}
}

// A contract migration is refused while the previous version serves; migrate.Expand leaves it
// for migrate.Contract, which runs it once the new version serves alone.
func TestContractWaitsForPromote(t *testing.T) {
	e := newEnv(t)
	if _, err := e.release(e.database(files("00001_create.sql", create)), "v1"); err != nil {
		t.Fatal(err)
	}
	gen := loadgen.Start(e.target.URL(), 300)
	defer gen.Stop()
	drop := "-- +goose Up\nALTER TABLE orders DROP COLUMN note;\n"
	db := e.database(files("00001_create.sql", create, "00002_drop_note.sql", drop))

	// migrate.Up before the canary: refused, nothing applied, the message explains.
	img := routertest.Image(t, "v2")
	rep, err := e.run(func(p *greenlight.P) {
		migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{}))
	})
	msg := stageErr(rep, "migrate production")
	if err == nil || !strings.Contains(msg, "refusing contract migration(s) on orders while") ||
		!strings.Contains(msg, "drops column orders.note") || !strings.Contains(msg, "Expand/contract") ||
		!strings.Contains(msg, "Split the change") || !strings.Contains(msg, "Nothing was migrated") {
		t.Fatalf("refusal: %v\n%s", err, msg)
	}
	if !e.hasColumn("orders", "note") {
		t.Fatal("the column was dropped anyway")
	}

	// migrate.Contract while v1 serves: refused too.
	rep, err = e.run(func(p *greenlight.P) {
		migrate.Contract(p, db, e.env, p.Verify(img, routertest.Trust{}))
	})
	if err == nil || !strings.Contains(stageErr(rep, "migrate-contract"), "refusing contract migration") {
		t.Fatalf("contract before promote: %v", err)
	}

	// The full release: Expand defers it, the canary passes, Contract drops the column.
	rep, err = e.release(db, "v2")
	if err != nil {
		t.Fatalf("release: %v\n%+v", err, rep.Stages)
	}
	if r := rep.Stage("migrate-expand production"); r == nil || !strings.Contains(r.Result, "1 contract migration(s) wait for migrate.Contract") {
		t.Fatalf("expand result: %+v", r)
	}
	if e.hasColumn("orders", "note") {
		t.Fatal("migrate.Contract did not drop the column after promote")
	}
}

// Migrations run in order: an expand migration numbered after a pending contract one would be
// held back while the new version needs it, so Expand refuses and says to renumber.
func TestExpandAfterContractRefused(t *testing.T) {
	e := newEnv(t)
	if _, err := e.release(e.database(files("00001_create.sql", create)), "v1"); err != nil {
		t.Fatal(err)
	}
	db := e.database(files("00001_create.sql", create,
		"00002_drop_note.sql", "-- +goose Up\nALTER TABLE orders DROP COLUMN note;\n",
		"00003_add_status.sql", "-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n"))
	img := routertest.Image(t, "v2")
	rep, err := e.run(func(p *greenlight.P) { migrate.Expand(p, db, e.env, p.Verify(img, routertest.Trust{})) })
	if msg := stageErr(rep, "migrate-expand"); err == nil || !strings.Contains(msg, "Renumber 00003_add_status.sql before 00002_drop_note.sql") {
		t.Fatalf("%v: %s", err, msg)
	}
	if len(e.versions()) != 1 {
		t.Fatalf("applied %v", e.versions())
	}
}

// A transactional migration that fails halfway leaves the database exactly as it was.
func TestFailedMigrationRolledBackWhole(t *testing.T) {
	e := newEnv(t)
	db := e.database(files("00001_create.sql", create,
		"00002_half.sql", "-- +goose Up\nCREATE TABLE audit (id int);\nALTER TABLE orders ADD COLUMN status text;\nINSERT INTO nowhere VALUES (1);\n"))
	img := routertest.Image(t, "v1")
	rep, err := e.run(func(p *greenlight.P) { migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{})) })
	msg := stageErr(rep, "migrate production")
	if err == nil || !strings.Contains(msg, "00002_half.sql failed and was rolled back as a whole") ||
		!strings.Contains(msg, "orders is as it was before it") || !strings.Contains(msg, "00001_create.sql") {
		t.Fatalf("%v: %s", err, msg)
	}
	if e.hasTable("audit") || e.hasColumn("orders", "status") {
		t.Fatal("statements of the failed migration stayed")
	}
	if v := e.versions(); len(v) != 1 || v[0] != 1 {
		t.Fatalf("versions %v", v)
	}
}

// A non-transactional migration cannot be undone by PostgreSQL: the report says which statement
// failed, what stayed, and the invalid index a failed concurrent build leaves.
func TestNonTransactionalFailureReport(t *testing.T) {
	e := newEnv(t)
	db := e.database(files("00001_create.sql", create,
		"00002_dups.sql", "-- +goose Up\nINSERT INTO orders (total, note) VALUES (1, 'same'), (2, 'same');\n",
		"00003_indexes.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_total ON orders (total);\nCREATE UNIQUE INDEX CONCURRENTLY orders_note ON orders (note);\n"))
	img := routertest.Image(t, "v1")
	rep, err := e.run(func(p *greenlight.P) { migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{})) })
	msg := stageErr(rep, "migrate production")
	for _, want := range []string{"00003_indexes.sql failed", "NO TRANSACTION", "Statement 2 of 2 failed: CREATE UNIQUE INDEX CONCURRENTLY orders_note",
		"Applied and left in place: CREATE INDEX CONCURRENTLY orders_total", "invalid index orders_note", "DROP INDEX CONCURRENTLY orders_note"} {
		if !strings.Contains(msg, want) {
			t.Errorf("report lacks %q:\n%s", want, msg)
		}
	}
	if err == nil {
		t.Fatal("no failure")
	}
}

// Two runs migrating one database at once: the advisory lock makes the second wait, and the
// migration runs exactly once.
func TestTwoConcurrentRunsMigrateOnce(t *testing.T) {
	e := newEnv(t)
	slow := "-- +goose Up\nSELECT pg_sleep(1);\nCREATE TABLE once (id int);\n-- +goose Down\nDROP TABLE once;\n"
	// The first parse in a process compiles PostgreSQL's parser (seconds on a busy machine):
	// do it before the race, so that both runs reach the lock together.
	if _, err := migrate.ReadDir(files("00001_create.sql", create)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	reps := make([]*runlog.Report, 2)
	errs := make([]error, 2)
	logs := make([]*runlog.Recorder, 2)
	for i := range 2 {
		wg.Add(1)
		logs[i] = &runlog.Recorder{}
		go func() {
			defer wg.Done()
			db := e.database(files("00001_create.sql", create, "00002_slow.sql", slow))
			img := routertest.Image(t, "v1")
			reps[i], errs[i] = greenlight.Run(context.Background(), func(p *greenlight.P) {
				migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{}))
			}, greenlight.WithEnvironments(e.env), greenlight.WithSink(logs[i]), greenlight.WithSource(runlog.Source{Commit: "run" + string(rune('a'+i))}))
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("run %d: %v", i, errs[i])
		}
	}
	if v := e.versions(); len(v) != 2 {
		t.Fatalf("versions recorded %v, want each migration once", v)
	}
	waited := 0
	for i := range 2 {
		for _, ev := range logs[i].Events() {
			if strings.Contains(ev.Message, "waiting for the migration lock on orders, held by pid") &&
				strings.Contains(ev.Message, "greenlight-migrate run") {
				waited++
			}
		}
	}
	applied := 0
	for i := range 2 {
		if r := reps[i].Stage("migrate production"); r != nil && strings.Contains(r.Result, "applied 2 migration(s)") {
			applied++
		}
	}
	if waited != 1 || applied != 1 {
		t.Fatalf("waited %d, applied %d; want one run to wait and one to apply", waited, applied)
	}
}

// A run that cannot take the lock in time names who holds it and migrates nothing.
func TestLockTimeoutNamesHolder(t *testing.T) {
	e := newEnv(t)
	held, err := e.sql.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	db := e.database(files("00001_create.sql", create))
	db.LockWait = 300 * time.Millisecond
	// Take the lock the way a run does, through Plan's own session held open.
	var got bool
	if err := held.QueryRowContext(context.Background(), "SELECT pg_try_advisory_lock($1)", migrate.LockKey()).Scan(&got); err != nil || !got {
		t.Fatalf("lock: %v %v", got, err)
	}
	_, err = db.Plan(context.Background())
	if !errors.Is(err, migrate.ErrLocked) || !strings.Contains(err.Error(), "locked by pid") || !strings.Contains(err.Error(), "nothing was migrated") {
		t.Fatalf("%v", err)
	}
	if e.hasTable("orders") {
		t.Fatal("migrated without the lock")
	}
}

// Down runs only when asked, and only over reversible migrations.
func TestDownOnlyReversible(t *testing.T) {
	e := newEnv(t)
	db := e.database(files("00001_create.sql", create,
		"00002_status.sql", "-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n-- +goose Down\nALTER TABLE orders DROP COLUMN status;\n",
		"00003_backfill.sql", "-- +goose Up\nUPDATE orders SET status = 'new' WHERE status IS NULL;\n"))
	img := routertest.Image(t, "v1")
	if _, err := e.run(func(p *greenlight.P) { migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{})) }); err != nil {
		t.Fatal(err)
	}
	rep, err := e.run(func(p *greenlight.P) { migrate.Down(p, db, e.env, 1) })
	msg := stageErr(rep, "migrate-down")
	if err == nil || !strings.Contains(msg, "00003_backfill.sql declare(s) no -- +goose Down statements") || !strings.Contains(msg, "go down only to version 3") {
		t.Fatalf("%v: %s", err, msg)
	}
	if len(e.versions()) != 3 {
		t.Fatalf("something was undone: %v", e.versions())
	}
	db.Migrations = files("00001_create.sql", create,
		"00002_status.sql", "-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n-- +goose Down\nALTER TABLE orders DROP COLUMN status;\n")
	// Without the irreversible migration, Down to 1 undoes version 2.
	if _, err := e.sql.Exec("DELETE FROM goose_db_version WHERE version_id = 3"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.run(func(p *greenlight.P) { migrate.Down(p, db, e.env, 1) }); err != nil {
		t.Fatal(err)
	}
	if e.hasColumn("orders", "status") || !e.hasTable("orders") {
		t.Fatal("down did not undo exactly version 2")
	}
}

// Plan flags irreversible and non-transactional migrations and refuses a broken one before
// anything runs.
func TestPlanFlags(t *testing.T) {
	e := newEnv(t)
	db := e.database(files("00001_create.sql", create,
		"00002_idx.sql", "-- +goose Up\nCREATE INDEX CONCURRENTLY i ON orders (note);\n"))
	rep, err := e.run(func(p *greenlight.P) { migrate.Plan(p, db) })
	msg := stageErr(rep, "migrate-plan")
	if err == nil || !strings.Contains(msg, "-- +goose NO TRANSACTION") {
		t.Fatalf("%v: %s", err, msg)
	}
	if e.hasTable("orders") {
		t.Fatal("the plan applied something")
	}
	db.Migrations = files("00001_create.sql", create,
		"00002_idx.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON orders (note);\n")
	rec := &runlog.Recorder{}
	rep, err = greenlight.Run(context.Background(), func(p *greenlight.P) { migrate.Plan(p, db) }, greenlight.WithSink(rec))
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Stage("migrate-plan"); !strings.Contains(r.Result, "2 pending: 2 expand, 0 contract, 1 irreversible") {
		t.Fatalf("%+v", r)
	}
	var log []string
	for _, ev := range rec.Events() {
		log = append(log, ev.Message)
	}
	all := strings.Join(log, "\n")
	if !strings.Contains(all, "00002_idx.sql: expand (adds index i on orders) [irreversible] [not transactional]") ||
		!strings.Contains(all, "warning: 00002_idx.sql: irreversible") {
		t.Fatalf("plan log:\n%s", all)
	}
}

// Issue 25, end to end: a migration that breaks the serving version only through what the
// old parser misread (dropping the unique constraint its ON CONFLICT needs) is refused while
// v1 serves, before anything is applied — the expand migration numbered before it included —
// and v1's writes keep working.
func TestBreakingMigrationRefusedBeforeAnything(t *testing.T) {
	e := newEnv(t)
	schema := "-- +goose Up\nCREATE TABLE orders (id bigserial PRIMARY KEY, email text CONSTRAINT orders_email_key UNIQUE, total numeric);\n-- +goose Down\nDROP TABLE orders;\n"
	if rep, err := e.release(e.database(files("00001_create.sql", schema)), "v1"); err != nil {
		t.Fatalf("first release: %v\n%+v", err, rep.Stages)
	}
	v1write := func() error {
		_, err := e.sql.Exec("INSERT INTO orders (email, total) VALUES ('a@x', 1) ON CONFLICT (email) DO UPDATE SET total = excluded.total")
		return err
	}
	if err := v1write(); err != nil {
		t.Fatal(err)
	}
	db := e.database(files("00001_create.sql", schema,
		"00002_add_status.sql", "-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n",
		"00003_loosen.sql", "-- +goose Up\nALTER TABLE orders DROP CONSTRAINT orders_email_key;\n"))
	img := routertest.Image(t, "v2")
	rep, err := e.run(func(p *greenlight.P) { migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{})) })
	msg := stageErr(rep, "migrate production")
	if err == nil || !strings.Contains(msg, "00003_loosen.sql line 2 drops unique constraint orders_email_key of orders") ||
		!strings.Contains(msg, "ON CONFLICT") || !strings.Contains(msg, "Nothing was migrated") {
		t.Fatalf("refusal: %v\n%s", err, msg)
	}
	if v := e.versions(); len(v) != 1 || e.hasColumn("orders", "status") {
		t.Fatalf("something was applied: versions %v", v)
	}
	if err := v1write(); err != nil {
		t.Fatalf("v1's write broke: %v", err)
	}
}

// A lock warning is shown at plan time and in the stage's result (the step summary); with
// Database.LockWarningsFatal it refuses the migration before anything is applied.
func TestLockWarningsShownAndFatal(t *testing.T) {
	e := newEnv(t)
	migs := files("00001_create.sql", create,
		"00002_check.sql", "-- +goose Up\nALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);\n")
	rec := &runlog.Recorder{}
	db := e.database(migs)
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) { migrate.Plan(p, db) }, greenlight.WithSink(rec))
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Stage("migrate-plan")
	if r == nil || !strings.Contains(r.Result, "lock warnings, the first: 00002_check.sql line 2: ADD CHECK scans the whole table under an ACCESS EXCLUSIVE lock") {
		t.Fatalf("plan result: %+v", r)
	}
	var log []string
	for _, ev := range rec.Events() {
		log = append(log, ev.Message)
	}
	if all := strings.Join(log, "\n"); !strings.Contains(all, "NOT VALID here and VALIDATE CONSTRAINT it in a later migration") ||
		!strings.Contains(all, "SET lock_timeout") {
		t.Fatalf("plan log lacks the safer way:\n%s", all)
	}
	db.LockWarningsFatal = true
	img := routertest.Image(t, "v1")
	rep, err = e.run(func(p *greenlight.P) { migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{})) })
	msg := stageErr(rep, "migrate production")
	if err == nil || !strings.Contains(msg, "fatal because Database.LockWarningsFatal is set") || !strings.Contains(msg, "nothing was migrated") {
		t.Fatalf("%v: %s", err, msg)
	}
	if e.hasTable("orders") {
		t.Fatal("migrated despite the fatal warning")
	}
}

// The stages classify against the database they migrate: an index a DBA made outside the
// folder is unique or not as the database says, one it does not have is dropped by nobody, and
// a function created OR REPLACE that it does not have is new. Through migrate.Up as a pipeline
// runs it while v1 serves, on PostgreSQL: without the database's answers the second and third
// migrations below were refused as contract (index and function unknown); a unique index the
// database has is refused.
func TestStagesClassifyAgainstTheDatabase(t *testing.T) {
	e := newEnv(t)
	up := func(db *migrate.Database) (string, error) {
		img := routertest.Image(t, "v2")
		rep, err := e.run(func(p *greenlight.P) { migrate.Up(p, db, e.env, p.Verify(img, routertest.Trust{})) })
		return stageErr(rep, "migrate production"), err
	}
	folder := []string{"00001_create.sql", create}
	if rep, err := e.release(e.database(files(folder...)), "v1"); err != nil {
		t.Fatalf("first release: %v\n%+v", err, rep.Stages)
	}
	// A DBA's indexes, made outside the folder.
	if _, err := e.sql.Exec("CREATE UNIQUE INDEX orders_note_key ON orders (note); CREATE INDEX orders_total_idx ON orders (total)"); err != nil {
		t.Fatal(err)
	}
	folder = append(folder,
		"00002_cleanup.sql", "-- +goose Up\nSET lock_timeout = '5s';\nDROP INDEX IF EXISTS orders_gone_idx;\nDROP INDEX IF EXISTS orders_total_idx;\n",
		"00003_label.sql", "-- +goose Up\nCREATE OR REPLACE FUNCTION order_label(o orders) RETURNS text LANGUAGE sql AS $$ SELECT 'order ' || o.id $$;\n")
	db := e.database(files(folder...))
	st, err := db.Plan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st[1:] {
		if s.Applied || s.Class != migrate.ClassExpand {
			t.Fatalf("%s", s.Summary())
		}
	}
	if !strings.Contains(st[1].Summary(), "drops nothing") {
		t.Fatalf("%s", st[1].Summary())
	}
	if msg, err := up(db); err != nil {
		t.Fatalf("expand migrations refused: %v %s", err, msg)
	}
	if v := e.versions(); len(v) != 3 {
		t.Fatalf("versions %v", v)
	}
	folder = append(folder, "00004_note.sql", "-- +goose Up\nDROP INDEX IF EXISTS orders_note_key;\n")
	msg, err := up(e.database(files(folder...)))
	if err == nil || !strings.Contains(msg, "drops unique index orders_note_key") || !strings.Contains(msg, "Nothing was migrated") {
		t.Fatalf("the DBA's unique index: %v %s", err, msg)
	}
	if v := e.versions(); len(v) != 3 {
		t.Fatalf("versions %v", v)
	}
}
