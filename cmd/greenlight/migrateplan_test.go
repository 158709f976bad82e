package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// `greenlight migrate plan` shows from a terminal what migrate.Plan shows in a run: the class
// and why, and each lock warning with the safer way; --fail-on-lock-warnings makes them fatal.
func TestMigratePlanFromATerminal(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) { writeMigration(t, dir, name, src) }
	write("00001_create.sql", "-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, email text CONSTRAINT orders_email_key UNIQUE);\n-- +goose Down\nDROP TABLE orders;\n")
	write("00002_change.sql", "-- +goose Up\nSET lock_timeout = '5s';\nALTER TABLE orders DROP CONSTRAINT orders_email_key;\nCREATE INDEX orders_email ON orders (email);\n")
	code, out, errs := runCLI("migrate", "plan", "--dir", dir)
	for _, want := range []string{"00001_create.sql: expand (adds table orders)",
		"line 3 contract: drops unique constraint orders_email_key of orders: the running version's INSERT … ON CONFLICT needs it",
		"warning: line 4: CREATE INDEX without CONCURRENTLY blocks writes to orders while it builds; use CREATE INDEX CONCURRENTLY"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, _, errs = runCLI("migrate", "plan", "--dir", dir, "--fail-on-lock-warnings")
	if code != 1 || !strings.Contains(errs, "00002_change.sql: 1 lock or rewrite warning(s), fatal with --fail-on-lock-warnings") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if code, _, errs = runCLI("migrate", "apply"); code != 2 || !strings.Contains(errs, "the subcommand is plan") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// With --database-env, `greenlight migrate plan` classifies as the stages do, against the
// database whose connection string the variable holds: an index it does not have is dropped by
// nobody (expand; contract without the database, where it is unknown), a unique index a DBA
// made there is unique, and the migrations it has applied are marked.
func TestMigratePlanAgainstADatabase(t *testing.T) {
	srv, err := pgtest.New()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	name, err := srv.CreateDB()
	if err != nil {
		t.Fatal(err)
	}
	dsn := srv.DSN(name)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// 00001 applied by goose (its table as goose v3 makes it), and a DBA's unique index.
	if _, err := db.Exec(`CREATE TABLE orders (id bigint PRIMARY KEY, email text);
		CREATE UNIQUE INDEX orders_email_dba ON orders (email);
		CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());
		INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true)`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, src string) { writeMigration(t, dir, name, src) }
	write("00001_create.sql", "-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, email text);\n")
	write("00002_gone.sql", "-- +goose Up\nDROP INDEX IF EXISTS orders_gone_idx;\n")
	write("00003_dba.sql", "-- +goose Up\nDROP INDEX IF EXISTS orders_email_dba;\n")
	code, out, errs := runCLI("migrate", "plan", "--dir", dir)
	if code != 0 || !strings.Contains(out, "00002_gone.sql: contract") {
		t.Fatalf("without the database: exit %d: %s%s", code, out, errs)
	}
	t.Setenv("ORDERS_DATABASE_URL", dsn)
	code, out, errs = runCLI("migrate", "plan", "--dir", dir, "--database-env", "ORDERS_DATABASE_URL")
	for _, want := range []string{"00001_create.sql: expand (adds table orders) [irreversible] [applied]",
		"00002_gone.sql: expand (drops nothing: the database has no index orders_gone_idx",
		"00003_dba.sql: contract", "drops unique index orders_email_dba"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if code != 0 || errs != "" || strings.Contains(out, dsn) {
		t.Fatalf("exit %d: %s", code, errs)
	}
	t.Setenv("ORDERS_DATABASE_URL", "")
	if code, _, errs = runCLI("migrate", "plan", "--dir", dir, "--database-env", "ORDERS_DATABASE_URL"); code != 2 || !strings.Contains(errs, "that environment variable is empty") {
		t.Fatalf("empty variable: exit %d: %s", code, errs)
	}
}

// writeMigration writes one migration file into dir.
func writeMigration(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
