package migrate_test

import (
	"context"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// TestAdversary7OnPostgres holds a seventh attacking review's cases against the two rules the
// database answers (catalog.go: functionUnchanged, surelyAbsent): each breaks an ordinary
// statement of the serving version on PostgreSQL 15 (runAdv3 checks it works before the
// migration and fails, or answers otherwise, after) and was classified expand when written.
func TestAdversary7OnPostgres(t *testing.T) {
	users := adv4Role + "CREATE TABLE users (id int PRIMARY KEY, email text);\nGRANT SELECT ON users TO adv4_app;\nINSERT INTO users VALUES (1, 'a');\nCREATE SCHEMA adv4_app AUTHORIZATION adv4_app;\n"
	twoUsers := "CREATE SCHEMA other;\nCREATE TABLE users (id int PRIMARY KEY);\nINSERT INTO users VALUES (1), (2);\nCREATE TABLE other.users (id int PRIMARY KEY);\n"
	runAdv3(t, []adversary{
		// Rule 1: a SQL-standard body's constants are read when the function is created, with the
		// session's DateStyle; the trial runs in the catalog's session (ISO, MDY), the migration
		// after SET LOCAL datestyle (DMY): '01/02/2024' is 2 January there, 1 February here.
		{"SQL-standard body constant read under a DateStyle the file sets",
			"CREATE FUNCTION cutoff() RETURNS date LANGUAGE sql RETURN '01/02/2024'::date;\n",
			"SET LOCAL datestyle = 'ISO, DMY';\nCREATE OR REPLACE FUNCTION cutoff() RETURNS date LANGUAGE sql RETURN '01/02/2024'::date",
			[]string{"DO $$ BEGIN IF cutoff() <> date '2024-01-02' THEN RAISE EXCEPTION 'cutoff is now %', cutoff(); END IF; END $$"}},
		// Rule 1: SET timezone FROM CURRENT stores the migration session's time zone, which the
		// file set; the trial stores the catalog session's, which is the one the function has.
		{"SET timezone FROM CURRENT under a time zone the file sets",
			"CREATE FUNCTION day_of(ts timestamptz) RETURNS date LANGUAGE sql STABLE SET timezone FROM CURRENT AS $$ SELECT ts::date $$;\n",
			"SET LOCAL timezone = 'Asia/Tokyo';\nCREATE OR REPLACE FUNCTION day_of(ts timestamptz) RETURNS date LANGUAGE sql STABLE SET timezone FROM CURRENT AS $$ SELECT ts::date $$",
			[]string{"DO $$ BEGIN IF day_of('2024-01-01 20:00+00') <> date '2024-01-01' THEN RAISE EXCEPTION 'day_of is now %', day_of('2024-01-01 20:00+00'); END IF; END $$"}},
		// Rule 1: the file sets search_path, but the function's name is qualified, so
		// functionUnchanged trials it; its SQL-standard body's unqualified users is resolved at
		// creation: public.users in the trial, other.users in the migration.
		{"qualified function, SQL-standard body, search_path the file sets", twoUsers +
			"CREATE FUNCTION public.count_users() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM users);\n",
			"SET LOCAL search_path = other, public;\nCREATE OR REPLACE FUNCTION public.count_users() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM users)",
			[]string{"DO $$ BEGIN IF public.count_users() <> 2 THEN RAISE EXCEPTION 'count_users is now %', public.count_users(); END IF; END $$"}},
		// Rule 1: as above, with SET search_path FROM CURRENT and a string body.
		{"qualified function, SET search_path FROM CURRENT, search_path the file sets", twoUsers +
			"CREATE FUNCTION public.count_users() RETURNS bigint LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$ SELECT count(*) FROM users $$;\n",
			"SET LOCAL search_path = other, public;\nCREATE OR REPLACE FUNCTION public.count_users() RETURNS bigint LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$ SELECT count(*) FROM users $$",
			[]string{"DO $$ BEGIN IF public.count_users() <> 2 THEN RAISE EXCEPTION 'count_users is now %', public.count_users(); END IF; END $$"}},
		// Rule 1: go-pgquery's deparser writes the output column "Y" of RETURNS TABLE unquoted,
		// so the trial re-creates the column y the database has (unchanged), while the migration
		// renames it to Y (PostgreSQL allows it: one column, the result type stays integer).
		{"RETURNS TABLE column quoted, deparsed unquoted",
			"CREATE FUNCTION totals() RETURNS TABLE (y int) LANGUAGE sql AS $$ SELECT 1 $$;\n",
			"CREATE OR REPLACE FUNCTION totals() RETURNS TABLE (\"Y\" int) LANGUAGE sql AS $$ SELECT 1 $$",
			[]string{"SELECT y FROM totals()"}},
		// Rule 1: the same with a single OUT parameter.
		{"OUT parameter quoted, deparsed unquoted",
			"CREATE FUNCTION answer(OUT v int) LANGUAGE sql AS $$ SELECT 42 $$;\n",
			"CREATE OR REPLACE FUNCTION answer(OUT \"V\" int) LANGUAGE sql AS $$ SELECT 42 $$",
			[]string{"SELECT v FROM answer()"}},
		// Rule 2: the primary key's index adv4_app.scratch_pkey is made by CREATE TABLE under a
		// name the file never writes; ALTER INDEX IF EXISTS renames it to users, which the
		// serving role ("$user" first in search_path) now finds instead of public.users.
		{"implicit primary-key index renamed over a table in the role's schema", users,
			"CREATE TABLE adv4_app.scratch (id int PRIMARY KEY);\nALTER INDEX IF EXISTS adv4_app.scratch_pkey RENAME TO users",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
		// Rule 2: as above with a serial column's sequence.
		{"implicit serial sequence renamed over a table in the role's schema", users,
			"CREATE TABLE adv4_app.scratch (id serial);\nALTER SEQUENCE IF EXISTS adv4_app.scratch_id_seq RENAME TO users",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
	})
}

// TestAdversary7TemporaryDependencyOnPostgres (rule 1): CREATE TEMP TABLE scratch (id serial)
// makes the sequence pg_temp.scratch_id_seq, a name the file never writes; pg_temp comes first
// in search_path, so the SQL-standard body's nextval('scratch_id_seq') is bound to it when the
// migration re-creates next_ticket(), while the trial, in the catalog's session, binds it to
// public.scratch_id_seq and finds the function unchanged. When the migration's session ends,
// PostgreSQL drops its temporary objects and, with them, the function that depends on the
// sequence: the serving version's SELECT next_ticket() fails with 42883. servingAcross cannot
// show it (its pool hands the migration's session back to the serving statements), so this
// test ends the migration's session itself.
func TestAdversary7TemporaryDependencyOnPostgres(t *testing.T) {
	const schema = "CREATE SEQUENCE scratch_id_seq;\nCREATE FUNCTION next_ticket() RETURNS bigint LANGUAGE sql RETURN nextval('scratch_id_seq');\n"
	const change = "CREATE TEMP TABLE scratch (id serial);\nCREATE OR REPLACE FUNCTION next_ticket() RETURNS bigint LANGUAGE sql RETURN nextval('scratch_id_seq')"
	const serving = "SELECT next_ticket()"
	ctx := context.Background()
	db := schemaDB(t, schema)
	if _, err := db.Exec(serving); err != nil {
		t.Fatalf("the serving version fails before the migration: %v", err)
	}
	ms, err := migrate.ReadDirWith(ctx, files("00001_schema.sql", "-- +goose Up\n"+schema, "00002_change.sql", "-- +goose Up\n"+change+";\n"), migrate.DatabaseCatalog(db, 1))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN;\n"+change+";\nCOMMIT"); err != nil {
		t.Fatalf("the migration: %v", err)
	}
	conn.Close()
	db.SetMaxIdleConns(0) // closes the migration's session
	db.SetMaxIdleConns(2)
	var after error
	for i := 0; i < 50; i++ { // the backend drops its temporary objects as it exits
		if _, after = db.Exec(serving); after != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if after == nil {
		t.Fatalf("nothing the serving version does breaks")
	}
	if m := ms[1]; m.Class != migrate.ClassContract {
		t.Errorf("BREAKING CLASSIFIED EXPAND: %s (after it: %v, SQLSTATE %s)", m.Summary(), after, sqlstate(after))
		for _, ch := range m.Changes {
			t.Logf("  %s: %s (%s)", ch.Class, ch.What, ch.Why)
		}
	}
}
