package migrate_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// TestViewRecreatedOnPostgres is the ground truth of the view rule's privilege condition
// (classify_net.go): a view dropped and created again in one transaction with the same query
// and a column more reads as before for the serving version only when the new view gets its
// privileges back; without, PostgreSQL 15 answers "permission denied for view". The
// classifier agrees in both cases.
func TestViewRecreatedOnPostgres(t *testing.T) {
	const schema = `CREATE ROLE {{role}};
CREATE TABLE u (id int PRIMARY KEY, name text);
INSERT INTO u VALUES (1, 'a');
CREATE VIEW names AS SELECT u.id, u.name FROM u;
GRANT SELECT ON names TO {{role}};
`
	const change = `DROP VIEW names;
ALTER TABLE u ADD COLUMN nick text;
CREATE VIEW names AS SELECT u.id, u.name, u.nick FROM u`
	for i, c := range []struct {
		name, extra string
		works       bool
	}{
		{"without its privileges", "", false},
		{"with default privileges", "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {{role}};\n", true},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			ctx := context.Background()
			dsn := pgtest.DB(t)
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			role := fmt.Sprintf("view_reader_%d", i)
			sub := func(s string) string { return strings.ReplaceAll(s, "{{role}}", role) }
			if _, err := db.Exec(sub(schema + c.extra)); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if db, err := sql.Open("pgx", dsn); err == nil {
					db.Exec(sub("DROP OWNED BY {{role}}; DROP ROLE {{role}}"))
					db.Close()
				}
			})
			if _, err := db.Exec("BEGIN;\n" + change + ";\nCOMMIT"); err != nil {
				t.Fatal(err)
			}
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_, err = conn.ExecContext(ctx, sub("SET ROLE {{role}}; SELECT id, name FROM names"))
			if (err == nil) != c.works {
				t.Fatalf("the serving version's read: %v, want it to work: %v", err, c.works)
			}
			classifiedAsMeasured(t, sub(schema+c.extra), change, c.works)
		})
	}
}

// TestBackfilledNewColumnInAUniqueIndexOnPostgres is the ground truth of the guard on the rule
// for unique indexes the running version never enters (classify_table.go, sparesRunning): a
// column added in the migration and left NULL by the running version keeps its rows out of a
// unique index's collisions only when the migration writes no rows of the table before the
// index. Backfilled, the rows are in the index, and the running version's update of another
// of its columns collides there (23505), where before the migration it worked. The classifier
// said expand for both before the guard; it says contract for the backfilled one.
func TestBackfilledNewColumnInAUniqueIndexOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE jobs (id int PRIMARY KEY, kind int NOT NULL);
INSERT INTO jobs VALUES (1, 1), (2, 2);
`
	update := "UPDATE jobs SET kind = 2 WHERE id = 1" // the running version's write
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"left NULL", "ALTER TABLE jobs ADD COLUMN tag text;\nCREATE UNIQUE INDEX jobs_kind_tag ON jobs (kind, tag)", true},
		{"backfilled", "ALTER TABLE jobs ADD COLUMN tag text;\nUPDATE jobs SET tag = 'x';\nCREATE UNIQUE INDEX jobs_kind_tag ON jobs (kind, tag)", false},
		{"left NULL, in the predicate", "ALTER TABLE jobs ADD COLUMN tag text;\nCREATE UNIQUE INDEX jobs_kind ON jobs (kind) WHERE tag IS NOT NULL", true},
		{"backfilled, in the predicate", "ALTER TABLE jobs ADD COLUMN tag text;\nUPDATE jobs SET tag = 'x';\nCREATE UNIQUE INDEX jobs_kind ON jobs (kind) WHERE tag IS NOT NULL", false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			db, err := sql.Open("pgx", pgtest.DB(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(schema); err != nil {
				t.Fatal(err)
			}
			tx, _ := db.Begin()
			if _, err := tx.Exec(update); err != nil { // works before the migration
				t.Fatal(err)
			}
			tx.Rollback()
			if _, err := db.Exec("BEGIN;\n" + c.change + ";\nCOMMIT"); err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec(update)
			if (err == nil) != c.works {
				t.Fatalf("the running version's update after the migration: %v, want it to work: %v", err, c.works)
			}
			classifiedAsMeasured(t, schema, c.change, c.works)
		})
	}
}

// classifiedAsMeasured classifies change as the second migration of a folder whose first is
// schema, and wants expand when the serving version still works after it on PostgreSQL (works),
// contract otherwise.
func classifiedAsMeasured(t *testing.T, schema, change string, works bool) {
	t.Helper()
	ms, err := migrate.ReadDir(files("00001_schema.sql", "-- +goose Up\n"+schema, "00002_change.sql", "-- +goose Up\n"+change+";\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := migrate.ClassContract
	if works {
		want = migrate.ClassExpand
	}
	if ms[1].Class != want {
		t.Errorf("classified %s, want %s: %s", ms[1].Class, want, ms[1].Summary())
	}
}

// servingAcross applies schema to a fresh database, checks that every statement of serving
// works there (each in a transaction rolled back after it), classifies change as the stages do
// (the second migration of a folder whose first, schema, is applied, against the database's
// Catalog), applies change, and reports whether serving all still works after it, with the
// first failure.
func servingAcross(t *testing.T, schema, change string, serving []string) (m migrate.Migration, works bool, failure error) {
	t.Helper()
	db := schemaDB(t, schema)
	run := func() error {
		for _, s := range serving {
			tx, err := db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			_, err = tx.Exec(s)
			tx.Rollback()
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := run(); err != nil {
		t.Fatalf("the serving version fails before the migration: %v", err)
	}
	ms, err := migrate.ReadDirWith(context.Background(), files("00001_schema.sql", "-- +goose Up\n"+schema, "00002_change.sql", "-- +goose Up\n"+change+";\n"),
		migrate.DatabaseCatalog(db, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("BEGIN;\n" + change + ";\nCOMMIT"); err != nil {
		t.Fatalf("the migration: %v", err)
	}
	failure = run()
	return ms[1], failure == nil, failure
}

// measuredThenClassified wants the serving version to work after change exactly when the case
// says (measured on PostgreSQL), and change classified expand exactly then.
func measuredThenClassified(t *testing.T, schema, change string, serving []string, want bool) {
	t.Helper()
	m, works, failure := servingAcross(t, schema, change, serving)
	if works != want {
		t.Fatalf("the serving version after the migration: %v, want it to work: %v", failure, want)
	}
	class := map[bool]migrate.Class{true: migrate.ClassExpand, false: migrate.ClassContract}[want]
	if m.Class != class {
		t.Errorf("classified %s, want %s: %s", m.Class, class, m.Summary())
		for _, ch := range m.Changes {
			t.Logf("%s: %s (%s)", ch.Class, ch.What, ch.Why)
		}
	}
}

// TestUniqueIndexKeptByAnotherOnPostgres: a unique index dropped while another unique key on
// exactly the same NOT NULL columns stays (Umami's user_user_id_key beside the primary key, the
// eleventh holdout) leaves the serving version's refusals (23505) and ON CONFLICT as they were,
// and is expand; one on other columns, on a nullable column kept by a NULLS NOT DISTINCT index
// only, or dropped with its twin, is not. Each answer is measured here first. The first case was
// contract before the rule.
func TestUniqueIndexKeptByAnotherOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, handle text);
CREATE UNIQUE INDEX users_id_key ON users (id);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE UNIQUE INDEX users_email_again ON users (email);
CREATE UNIQUE INDEX users_handle_key ON users (handle) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX users_handle_plain ON users (handle);
INSERT INTO users VALUES (1, 'a', NULL), (2, 'b', 'h');
`
	serving := []string{
		"DO $$ BEGIN INSERT INTO users VALUES (1, 'c', NULL); RAISE EXCEPTION 'duplicate id taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$",
		"INSERT INTO users VALUES (1, 'c', 'x') ON CONFLICT (id) DO UPDATE SET email = excluded.email",
		"DO $$ BEGIN INSERT INTO users VALUES (3, 'a', 'y'); RAISE EXCEPTION 'duplicate email taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$",
		"INSERT INTO users VALUES (4, 'a', 'z') ON CONFLICT (email) DO NOTHING",
		"DO $$ BEGIN INSERT INTO users VALUES (5, 'e', NULL); RAISE EXCEPTION 'a second NULL handle taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$",
	}
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"a twin of the primary key", "DROP INDEX users_id_key", true},
		{"a twin of another unique index", "DROP INDEX users_email_again", true},
		{"both twins", "DROP INDEX users_email_key, users_email_again", false},
		{"NULLS NOT DISTINCT, a plain index on the nullable column left", "DROP INDEX users_handle_key", false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, serving, c.works)
		})
	}
}

// TestNotNullColumnTheRunningVersionLeavesToItsDefaultOnPostgres: SET NOT NULL on a column
// added in the same migration whose default is never NULL (Documenso's createdAt and updatedAt,
// backfilled, given DEFAULT NOW() and made NOT NULL, the tenth holdout) is expand: the running
// version does not know the column, so its INSERTs fill it with the default and its UPDATEs
// leave it. Without such a default, with one that may be NULL, on a column the running version
// writes, or with the default dropped again, its writes fail. Each answer is measured here
// first; the first two cases were contract before the rule.
func TestNotNullColumnTheRunningVersionLeavesToItsDefaultOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE docs (id int PRIMARY KEY, title text, created text);
INSERT INTO docs VALUES (1, 'a', '2023-01-01'), (2, 'b', NULL);
`
	serving := []string{"INSERT INTO docs (id, title) VALUES (3, 'c')", "UPDATE docs SET title = NULL WHERE id = 1"}
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"backfilled, default now()", `ALTER TABLE docs ADD COLUMN created_at timestamp(3);
UPDATE docs SET created_at = COALESCE(created::timestamp, NOW());
ALTER TABLE docs ALTER COLUMN created_at SET DEFAULT NOW();
ALTER TABLE docs ALTER COLUMN created_at SET NOT NULL`, true},
		{"added with a constant default", "ALTER TABLE docs ADD COLUMN state text DEFAULT 'draft';\nALTER TABLE docs ALTER COLUMN state SET NOT NULL", true},
		{"backfilled, no default", "ALTER TABLE docs ADD COLUMN created_at timestamp(3);\nUPDATE docs SET created_at = NOW();\nALTER TABLE docs ALTER COLUMN created_at SET NOT NULL", false},
		{"a default that may be NULL", "ALTER TABLE docs ADD COLUMN created_at timestamp(3) DEFAULT now();\nALTER TABLE docs ALTER COLUMN created_at SET DEFAULT nullif(now(), now());\nALTER TABLE docs ALTER COLUMN created_at SET NOT NULL", false},
		{"a column the running version writes", "UPDATE docs SET title = '' WHERE title IS NULL;\nALTER TABLE docs ALTER COLUMN title SET DEFAULT '';\nALTER TABLE docs ALTER COLUMN title SET NOT NULL", false},
		{"the default dropped again", "ALTER TABLE docs ADD COLUMN state text DEFAULT 'draft';\nALTER TABLE docs ALTER COLUMN state SET NOT NULL;\nALTER TABLE docs ALTER COLUMN state DROP DEFAULT", false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, serving, c.works)
		})
	}
}

// TestDefaultDroppedFromAColumnWithoutOneOnPostgres: DROP DEFAULT or SET DEFAULT NULL on a
// column that has no default (Authelia's oauth2_consent_session.subject, the twelfth holdout)
// changes nothing the serving version does, and is expand; on a column with a default, or of a
// domain with one, its INSERTs that leave the column out fail. Measured here first; the first
// two cases were contract before the rule.
func TestDefaultDroppedFromAColumnWithoutOneOnPostgres(t *testing.T) {
	const schema = `CREATE DOMAIN state_t AS text DEFAULT 'new' NOT NULL;
CREATE TABLE consents (id serial PRIMARY KEY, subject char(36) NOT NULL, kind text NOT NULL DEFAULT 'a', state state_t);
INSERT INTO consents (subject) VALUES ('s');
`
	insert := "INSERT INTO consents (subject) VALUES ('t')"
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"SET DEFAULT NULL with DROP NOT NULL", "ALTER TABLE consents ALTER COLUMN subject DROP NOT NULL, ALTER COLUMN subject SET DEFAULT NULL", true},
		{"DROP DEFAULT", "ALTER TABLE consents ALTER COLUMN subject DROP DEFAULT", true},
		{"a column with a default", "ALTER TABLE consents ALTER COLUMN kind DROP DEFAULT", false},
		{"a column of a domain with a default", "ALTER TABLE consents ALTER COLUMN state SET DEFAULT NULL", false},
		{"a serial column", "ALTER TABLE consents ALTER COLUMN id DROP DEFAULT", false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, []string{insert}, c.works)
		})
	}
}

// TestPrimaryKeyOnAUniqueNotNullColumnOnPostgres: ADD PRIMARY KEY on NOT NULL columns a unique
// key already covers (squawk's adding-serial-primary-key-field on the twelfth holdout's
// settings.key) refuses nothing more, and is expand; on a nullable or non-unique column the
// serving version's writes are refused. Measured here first; the first case was contract before.
func TestPrimaryKeyOnAUniqueNotNullColumnOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE settings (key text NOT NULL UNIQUE, value text, note text NOT NULL);
INSERT INTO settings VALUES ('a', 'v', 'x');
`
	for _, c := range []struct {
		name, change, write string
		works               bool
	}{
		{"unique NOT NULL", "ALTER TABLE settings ADD PRIMARY KEY (key)", "INSERT INTO settings VALUES ('b', NULL, 'x') ON CONFLICT (key) DO NOTHING", true},
		{"nullable", "ALTER TABLE settings ADD PRIMARY KEY (key, value)", "INSERT INTO settings VALUES ('c', NULL, 'x')", false},
		{"not unique", "ALTER TABLE settings ADD PRIMARY KEY (note)", "INSERT INTO settings VALUES ('d', NULL, 'x')", false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, []string{c.write}, c.works)
		})
	}
}

// TestUniqueIndexDroppedAndCreatedAgainOnPostgres: a unique index dropped and created again as
// it was in one transactional migration (Authelia's V0007 consistency fixes, the twelfth
// holdout, after a DROP CONSTRAINT IF EXISTS of a constraint the database does not have) leaves
// every refusal as it was; another column, NULLS NOT DISTINCT changed, a predicate, or no
// re-creation, does not. Measured here first (a second NULL handle, a duplicate email); the
// first case was contract before the rule.
func TestUniqueIndexDroppedAndCreatedAgainOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE devices (id int PRIMARY KEY, email text NOT NULL, handle text);
CREATE UNIQUE INDEX devices_email_key ON devices (email);
CREATE UNIQUE INDEX devices_handle_key ON devices (handle) NULLS NOT DISTINCT;
INSERT INTO devices VALUES (1, 'a', NULL);
`
	refused := func(insert string) string {
		return "DO $$ BEGIN " + insert + "; RAISE EXCEPTION 'not refused'; EXCEPTION WHEN unique_violation THEN NULL; END $$"
	}
	serving := []string{refused("INSERT INTO devices VALUES (2, 'a', 'x')"), refused("INSERT INTO devices VALUES (3, 'c', NULL)"),
		"INSERT INTO devices VALUES (4, 'd', 'y') ON CONFLICT (email) DO NOTHING"}
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"as it was", "ALTER TABLE devices DROP CONSTRAINT IF EXISTS devices_email_key;\nDROP INDEX IF EXISTS devices_email_key;\nCREATE UNIQUE INDEX devices_email_key ON devices (email)", true},
		{"NULLS NOT DISTINCT kept", "DROP INDEX devices_handle_key;\nCREATE UNIQUE INDEX devices_handle_key ON devices (handle) NULLS NOT DISTINCT", true},
		{"NULLS NOT DISTINCT lost", "DROP INDEX devices_handle_key;\nCREATE UNIQUE INDEX devices_handle_key ON devices (handle)", false},
		{"with a predicate", "DROP INDEX devices_email_key;\nCREATE UNIQUE INDEX devices_email_key ON devices (email) WHERE id > 1", false},
		{"on other columns", "DROP INDEX devices_email_key;\nCREATE UNIQUE INDEX devices_email_key ON devices (email, handle)", false},
		{"not created again", "DROP INDEX devices_email_key;\nCREATE UNIQUE INDEX devices_email_other ON devices (id, email)", false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, serving, c.works)
		})
	}
}

// TestFunctionRecreatedAsItIsOnPostgres: CREATE OR REPLACE of a function the database has,
// with the definition it has (Kong's batch_delete_expired_rows, created again by a later
// migration: the fourteenth holdout), changes nothing the serving version calls; another body,
// another volatility or another argument list does. The database's Catalog answers by running
// the statement in a transaction it rolls back and comparing pg_get_functiondef; a statement
// the database refuses (another result type, 42P13) stays contract with the reason. The
// serving version's call asserts the answer it relies on.
func TestFunctionRecreatedAsItIsOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
INSERT INTO orders VALUES (1, 10);
CREATE FUNCTION order_label(id bigint) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  -- the label the serving version shows
  RETURN 'order ' || id;
END $$;
`
	serving := []string{`DO $$ BEGIN IF order_label(1) <> 'order 1' THEN RAISE EXCEPTION 'another label'; END IF; END $$`}
	const body = `$$
BEGIN
  -- the label the serving version shows
  RETURN 'order ' || id;
END $$`
	for _, c := range []struct {
		name, change string
		works        bool
		reason       string
	}{
		{"as it is", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS text LANGUAGE plpgsql STABLE AS " + body, true, "as the database defines it"},
		{"as it is, options in another order", "CREATE OR REPLACE FUNCTION public.order_label(id bigint) RETURNS text STABLE LANGUAGE plpgsql AS " + body, true, "as the database defines it"},
		{"another body", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS text LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN 'Order #' || id; END $$", false, "may depend on what it does now"},
		// The serving version's answer is the same, but IMMUTABLE lets the planner fold calls
		// it could not before: another definition, contract.
		{"another volatility", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS " + body, true, "may depend on what it does now"},
		{"another argument list: an overload", "CREATE OR REPLACE FUNCTION order_label(id int) RETURNS text LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN 'int ' || id; END $$", false, "may depend on what it does now"},
		{"refused by the database", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS varchar LANGUAGE plpgsql STABLE AS " + body, false, "could not compare it with the database's definition"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			if c.name == "refused by the database" {
				// The migration fails: nothing to measure after it; the classification is the point.
				db := schemaDB(t, schema)
				ms, err := migrate.ReadDirWith(context.Background(), files("00001_schema.sql", "-- +goose Up\n"+schema, "00002_change.sql", "-- +goose Up\n"+c.change+";\n"), migrate.DatabaseCatalog(db, 1))
				if err != nil {
					t.Fatal(err)
				}
				if m := ms[1]; m.Class != migrate.ClassContract || !strings.Contains(changesOf(m), c.reason) || !strings.Contains(changesOf(m), "42P13") {
					t.Fatalf("classified %s: %s", m.Class, changesOf(m))
				}
				return
			}
			m, works, failure := servingAcross(t, schema, c.change, serving)
			if works != c.works {
				t.Fatalf("the serving version after the migration: %v, want it to work: %v", failure, c.works)
			}
			want := map[bool]migrate.Class{true: migrate.ClassExpand, false: migrate.ClassContract}[c.reason == "as the database defines it"]
			if m.Class != want || !strings.Contains(changesOf(m), c.reason) {
				t.Fatalf("classified %s, want %s with %q: %s", m.Class, want, c.reason, changesOf(m))
			}
		})
	}
}

// TestFunctionComparedInATransactionRolledBack: asking the database whether a CREATE OR
// REPLACE changes a function leaves the function as it was.
func TestFunctionComparedInATransactionRolledBack(t *testing.T) {
	db, err := sql.Open("pgx", pgtest.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`); err != nil {
		t.Fatal(err)
	}
	cat := migrate.DatabaseCatalog(db)
	same, err := cat.FunctionUnchanged(context.Background(), "f", `CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'`)
	if err != nil || same {
		t.Fatalf("FunctionUnchanged = %v, %v; want false, nil", same, err)
	}
	var v int
	if err := db.QueryRow(`SELECT f()`).Scan(&v); err != nil || v != 1 {
		t.Fatalf("f() = %d, %v after the question; want 1: the trial must be rolled back", v, err)
	}
	if same, err := cat.FunctionUnchanged(context.Background(), "f", `CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`); err != nil || !same {
		t.Fatalf("FunctionUnchanged = %v, %v; want true, nil", same, err)
	}
	if same, err := cat.FunctionUnchanged(context.Background(), "g", `CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'`); err != nil || same {
		t.Fatalf("a function the database lacks: FunctionUnchanged = %v, %v; want false, nil", same, err)
	}
	// A window function is a function too: replacing its body is a change, beside a plain
	// function of the same name that stays as it is.
	if _, err := db.Exec(`CREATE FUNCTION w(int) RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE FUNCTION w() RETURNS bigint LANGUAGE internal WINDOW AS 'window_row_number'`); err != nil {
		t.Fatal(err)
	}
	if same, err := cat.FunctionUnchanged(context.Background(), "w", `CREATE OR REPLACE FUNCTION w() RETURNS bigint LANGUAGE internal WINDOW AS 'window_rank'`); err != nil || same {
		t.Fatalf("a window function replaced: FunctionUnchanged = %v, %v; want false, nil", same, err)
	}
	// An aggregate of that name is counted (pg_get_functiondef refuses it) and stays as it is.
	if _, err := db.Exec(`CREATE AGGREGATE f(int) (SFUNC = int4pl, STYPE = int)`); err != nil {
		t.Fatal(err)
	}
	if same, err := cat.FunctionUnchanged(context.Background(), "f", `CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`); err != nil || !same {
		t.Fatalf("beside an aggregate of the same name: FunctionUnchanged = %v, %v; want true, nil", same, err)
	}
}

// changesOf is each change of m with its class, what and why, for matching and for failures.
func changesOf(m migrate.Migration) string {
	var b strings.Builder
	for _, c := range m.Changes {
		b.WriteString(string(c.Class) + " " + c.What + ": " + c.Why + "; ")
	}
	return b.String()
}

// TestAlterIfExistsOfAbsentRelationOnPostgres: ALTER TABLE IF EXISTS of a table the database
// does not have does nothing ("a notice is issued"), whatever it would do to one (Dendrite's
// rename of its legacy account_accounts, the fifteenth holdout); of a table it has, the
// rename breaks the serving version (42P01).
func TestAlterIfExistsOfAbsentRelationOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE userapi_accounts (localpart text PRIMARY KEY, created_ts bigint NOT NULL);
INSERT INTO userapi_accounts VALUES ('alice', 1);
`
	serving := []string{`INSERT INTO userapi_accounts (localpart, created_ts) VALUES ('bob', 2)`, `SELECT localpart FROM userapi_accounts WHERE localpart = 'alice'`}
	measuredThenClassified(t, schema, `ALTER TABLE IF EXISTS "account_accounts" RENAME TO "userapi_accounts"`, serving, true)
	measuredThenClassified(t, schema, `ALTER TABLE IF EXISTS account_accounts DROP COLUMN created_ts, ADD COLUMN note text NOT NULL`, serving, true)
	measuredThenClassified(t, schema, `ALTER TABLE IF EXISTS userapi_accounts RENAME TO accounts`, serving, false)
}

// TestRulesFromTheSixteenthHoldoutOnPostgres: three rules the sixteenth holdout (Ente's
// migrations) led to, each measured here with a breaking variant beside it.
//   - SET NOT NULL on a column the migration added, with a default never NULL set after it
//     in the same transaction: the running version sees only the end, where its INSERTs fill
//     the column (Ente's is_two_factor_enabled). Without the default, or with it dropped again,
//     its INSERTs fail (23502).
//   - A CHECK reading only columns the migration added, after a backfill of the table, added
//     without NOT VALID: the rows there are checked as it is added, the running version's
//     UPDATEs leave those columns alone and its INSERTs give them NULL (Ente's pw_hash and
//     pw_nonce). NOT VALID leaves a backfilled row that fails it, which the running version's
//     UPDATE of another column then hits (23514); a CHECK reading an old column sees the
//     running version's writes (23514).
//   - A CHECK dropped and added again with more values in its IN list (Ente's storage bonus
//     types); with one value fewer, the running version's insert of it fails (23514).
func TestRulesFromTheSixteenthHoldoutOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');
CREATE TABLE tokens (id bigserial PRIMARY KEY, token text NOT NULL);
INSERT INTO tokens (token) VALUES ('t1'), ('t2');
CREATE TABLE bonus (id bigserial PRIMARY KEY, type text NOT NULL);
ALTER TABLE bonus ADD CONSTRAINT bonus_type_check CHECK (type IN ('REFERRAL', 'SIGN_UP'));
INSERT INTO bonus (type) VALUES ('REFERRAL');
`
	serving := []string{
		`INSERT INTO users (email) VALUES ('c@example.com')`,
		`UPDATE users SET email = 'd@example.com' WHERE id = 1`,
		`INSERT INTO tokens (token) VALUES ('')`,
		`UPDATE tokens SET token = 'z' WHERE id = 1`,
		`UPDATE tokens SET token = '' WHERE id = 2`,
		`INSERT INTO bonus (type) VALUES ('SIGN_UP')`,
	}
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"NOT NULL, then a default", `ALTER TABLE users ADD COLUMN tfa boolean;
UPDATE users SET tfa = false;
ALTER TABLE users ALTER COLUMN tfa SET NOT NULL;
ALTER TABLE users ALTER COLUMN tfa SET DEFAULT false`, true},
		{"NOT NULL without a default", `ALTER TABLE users ADD COLUMN tfa boolean;
UPDATE users SET tfa = false;
ALTER TABLE users ALTER COLUMN tfa SET NOT NULL`, false},
		{"NOT NULL, a default, dropped again", `ALTER TABLE users ADD COLUMN tfa boolean;
UPDATE users SET tfa = false;
ALTER TABLE users ALTER COLUMN tfa SET NOT NULL;
ALTER TABLE users ALTER COLUMN tfa SET DEFAULT false;
ALTER TABLE users ALTER COLUMN tfa DROP DEFAULT`, false},
		{"NOT NULL, then a default that may be NULL", `ALTER TABLE users ADD COLUMN tfa boolean;
UPDATE users SET tfa = false;
ALTER TABLE users ALTER COLUMN tfa SET NOT NULL;
ALTER TABLE users ALTER COLUMN tfa SET DEFAULT NULL`, false},
		{"check on new columns after a backfill", `ALTER TABLE tokens ADD COLUMN pw_hash text, ADD COLUMN pw_nonce text, ADD COLUMN enabled bool DEFAULT true;
UPDATE tokens SET enabled = true;
ALTER TABLE tokens ADD CONSTRAINT pw_state CHECK ((pw_hash IS NULL AND pw_nonce IS NULL) OR (pw_hash IS NOT NULL AND pw_nonce IS NOT NULL))`, true},
		{"check on a new column its inserts leave NULL, refusing NULL", `ALTER TABLE tokens ADD COLUMN pw_hash text;
UPDATE tokens SET pw_hash = 'h';
ALTER TABLE tokens ADD CONSTRAINT pw_set CHECK (pw_hash IS NOT NULL)`, false},
		{"check on a new column and an old one", `ALTER TABLE tokens ADD COLUMN pw_hash text;
UPDATE tokens SET pw_hash = 'h';
ALTER TABLE tokens ADD CONSTRAINT pw_state CHECK (pw_hash IS NULL OR token <> '')`, false},
		{"check on a new column, NOT VALID, after a backfill it refuses", `ALTER TABLE tokens ADD COLUMN pw_hash text;
UPDATE tokens SET pw_hash = 'h';
ALTER TABLE tokens ADD CONSTRAINT pw_none CHECK (pw_hash IS NULL) NOT VALID`, false},
		{"check on new columns after a backfill, then a default it refuses", `ALTER TABLE tokens ADD COLUMN pw_hash text;
UPDATE tokens SET token = token;
ALTER TABLE tokens ADD CONSTRAINT pw_none CHECK (pw_hash IS NULL);
ALTER TABLE tokens ALTER COLUMN pw_hash SET DEFAULT 'h'`, false},
		{"IN list with a value more", `ALTER TABLE bonus DROP CONSTRAINT IF EXISTS bonus_type_check;
ALTER TABLE bonus ADD CONSTRAINT bonus_type_check CHECK (type IN ('REFERRAL', 'SIGN_UP', 'NON_PROFIT'))`, true},
		{"IN list with a value fewer", `ALTER TABLE bonus DROP CONSTRAINT IF EXISTS bonus_type_check;
ALTER TABLE bonus ADD CONSTRAINT bonus_type_check CHECK (type IN ('REFERRAL', 'NON_PROFIT'))`, false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, serving, c.works)
		})
	}
}

// schemaDB is a fresh database (closed when the test ends) in which schema has run.
func schemaDB(t *testing.T, schema string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", pgtest.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(schema); err != nil {
		t.Fatal(err)
	}
	return db
}
