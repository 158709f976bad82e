package migrate

import (
	"strings"
	"testing"
)

func classOf(t *testing.T, sql string) []Change {
	t.Helper()
	stmts, err := parseSQL(sql)
	if err != nil {
		t.Fatalf("parse %q: %v", sql, err)
	}
	k := newKnowledge()
	k.startFile()
	var out []Change
	for _, s := range stmts {
		out = append(out, k.classify(s)...)
	}
	return out
}

// The classifier parses statements: each case names the class PostgreSQL's semantics give it.
func TestClassify(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
		what  string
		nonTx bool
	}{
		{"CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL)", ClassExpand, "adds table orders", false},
		{`create table if not exists "Orders" (id int)`, ClassExpand, "adds table Orders", false},
		{"ALTER TABLE orders ADD COLUMN note text", ClassExpand, "adds nullable column orders.note", false},
		{"alter table public.orders add note text null", ClassExpand, "adds nullable column public.orders.note", false},
		{"ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new'", ClassExpand, "adds NOT NULL column orders.status with a default", false},
		{"ALTER TABLE orders ADD COLUMN status text NOT NULL", ClassContract, "adds NOT NULL column orders.status without a default", false},
		{"ALTER TABLE orders ADD COLUMN c int CHECK (c IS NOT NULL)", ClassContract, "adds column orders.c with a CHECK constraint", false},
		{"ALTER TABLE orders ADD COLUMN c int CHECK (c > 0)", ClassExpand, "adds nullable column orders.c", false},
		{"ALTER TABLE orders DROP COLUMN note", ClassContract, "drops column orders.note", false},
		{"ALTER TABLE orders DROP note", ClassContract, "drops column orders.note", false},
		{"ALTER TABLE orders RENAME COLUMN note TO comment", ClassContract, "renames column orders.note to comment", false},
		{"ALTER TABLE orders RENAME note TO comment", ClassContract, "renames column orders.note to comment", false},
		{"ALTER TABLE orders RENAME TO purchases", ClassContract, "renames table orders to purchases", false},
		{"ALTER TABLE orders ALTER COLUMN total TYPE bigint", ClassContract, "changes the type of orders.total", false},
		{"ALTER TABLE orders ALTER total SET DATA TYPE bigint USING total::bigint", ClassContract, "changes the type of orders.total", false},
		{"ALTER TABLE orders ALTER COLUMN note SET NOT NULL", ClassContract, "sets orders.note NOT NULL", false},
		{"ALTER TABLE orders ALTER COLUMN note DROP NOT NULL", ClassExpand, "lets orders.note be NULL", false},
		{"ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID", ClassContract, "adds a constraint to orders", false},
		{"ALTER TABLE orders VALIDATE CONSTRAINT positive", ClassExpand, "validates constraint positive of orders on existing rows", false},
		{"DROP TABLE orders", ClassContract, "drops table orders", false},
		{"DROP TABLE IF EXISTS orders CASCADE", ClassContract, "drops table orders", false},
		{"CREATE INDEX CONCURRENTLY orders_note ON orders (note)", ClassExpand, "adds index orders_note on orders", true},
		{"CREATE INDEX orders_note ON orders (note)", ClassExpand, "adds index orders_note on orders", false},
		{"CREATE UNIQUE INDEX CONCURRENTLY u ON orders (note)", ClassContract, "adds unique index u on orders", true},
		{"DROP INDEX CONCURRENTLY IF EXISTS orders_note", ClassContract, "drops index orders_note", true},
		{"UPDATE orders SET note = '' WHERE note IS NULL", ClassExpand, "updates rows of orders (a backfill)", false},
		{"CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", ClassContract, "replaces function f", false},
		{"CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END", ClassExpand, "adds function g", false},
		{"DO $body$ BEGIN EXECUTE 'DROP TABLE x'; END $body$", ClassContract, "runs an anonymous code block (DO) with PL/pgSQL Greenlight cannot read (dynexecute)", false},
		{"ALTER TYPE mood ADD VALUE 'meh'", ClassExpand, "adds a value to enum mood", false},
		{"TRUNCATE orders", ClassContract, "truncates a table", false},
		{"CLUSTER orders", ClassExpand, "rewrites orders in index order (CLUSTER)", false},
		{"IMPORT FOREIGN SCHEMA s FROM SERVER x INTO public", ClassExpand, "adds a new object the running version does not use", false},
		{"LOAD 'auto_explain'", ClassContract, "a statement Greenlight does not classify (LoadStmt)", false},
	}
	for _, c := range cases {
		got := classOf(t, c.sql)
		if len(got) != 1 {
			t.Errorf("%s: %d changes %+v, want 1", c.sql, len(got), got)
			continue
		}
		g := got[0]
		if g.Class != c.class || g.What != c.what || g.NonTransactional != c.nonTx {
			t.Errorf("%s:\n got  %s %q nonTx=%v\n want %s %q nonTx=%v", c.sql, g.Class, g.What, g.NonTransactional, c.class, c.what, c.nonTx)
		}
		if g.Class == ClassContract && g.Why == "" {
			t.Errorf("%s: a contract change without a reason", c.sql)
		}
	}
}

// What regular expressions get wrong: keywords inside strings, comments, quoted identifiers and
// dollar quotes are not statements.
func TestClassifyIgnoresWhatIsNotCode(t *testing.T) {
	src := `-- DROP TABLE orders;
/* DROP TABLE orders; /* nested */ still a comment; */
INSERT INTO audit (msg) VALUES ('DROP TABLE orders; ALTER TABLE x DROP COLUMN y');
INSERT INTO audit (msg) VALUES (E'it\'s; DROP TABLE orders');
CREATE TABLE "drop table orders;" (id int);
CREATE FUNCTION h() RETURNS text AS $fn$ SELECT 'DROP TABLE orders;' $fn$ LANGUAGE sql;
ALTER TABLE orders ADD COLUMN "drop" text;`
	got := classOf(t, src)
	if len(got) != 5 {
		t.Fatalf("%d statements, want 5: %+v", len(got), got)
	}
	for _, g := range got {
		if g.Class != ClassExpand {
			t.Errorf("line %d %q classified %s (%s)", g.Line, g.SQL, g.Class, g.What)
		}
	}
	if got[4].Line != 7 || got[4].What != "adds nullable column orders.drop" {
		t.Errorf("last statement: line %d %q", got[4].Line, got[4].What)
	}
}

// Several actions in one ALTER TABLE are classified one by one. No migration creates t, so
// whether c's new default fits its type and constraints is not known: contract.
func TestClassifyAlterTableActions(t *testing.T) {
	got := classOf(t, "ALTER TABLE t ADD COLUMN a int, DROP COLUMN b, ALTER COLUMN c SET DEFAULT f(1, 2)")
	var classes []string
	for _, g := range got {
		classes = append(classes, string(g.Class))
	}
	if strings.Join(classes, ",") != "expand,contract,contract" {
		t.Fatalf("classes %v: %+v", classes, got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{"SELECT 'open", "SELECT $$ open", `SELECT "open`, "/* open", `SELECT ""`} {
		if _, err := parseSQL(src); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestParseMigration(t *testing.T) {
	m := Parse(3, "00003_index.sql", `-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY orders_note ON orders (note);
-- +goose Down
DROP INDEX CONCURRENTLY orders_note;
`)
	if m.Class != ClassExpand || m.Transactional || !m.Reversible || len(m.Problems) != 0 {
		t.Fatalf("%+v", m)
	}
	m = Parse(4, "00004_index.sql", "-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (c);\n")
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0], "-- +goose NO TRANSACTION") {
		t.Fatalf("concurrent index in a transaction: problems %q", m.Problems)
	}
	if m.Reversible || !strings.Contains(strings.Join(m.Warnings, "\n"), "irreversible") {
		t.Fatalf("no down section must be flagged irreversible: %+v", m)
	}
	m = Parse(5, "00005_x.sql", "-- +goose Up\nBEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n")
	if len(m.Problems) != 2 {
		t.Fatalf("BEGIN/COMMIT: %q", m.Problems)
	}
	m = Parse(6, "00006_x.sql", "-- +goose Up\n-- greenlight:expand the view is new and nothing reads it yet\nCREATE OR REPLACE VIEW v AS SELECT 1;\n")
	if m.Class != ClassExpand || m.Declared == "" {
		t.Fatalf("declared expand: %+v", m)
	}
	// What the rules do not count (int to bigint where the serving version computes date +
	// int), the author declares: the migration then waits for the rollout, as contract.
	m = Parse(7, "00007_x.sql", "-- +goose Up\n-- greenlight:contract the serving version adds due_days to a date\nALTER TABLE invoices ALTER COLUMN due_days TYPE bigint;\n")
	if m.Class != ClassContract || m.DeclaredContract == "" || !strings.Contains(m.Summary(), "[declared contract: the serving version adds due_days to a date]") {
		t.Fatalf("declared contract: %+v", m)
	}
	m = Parse(8, "00008_x.sql", "-- +goose Up\n-- greenlight:contract\nCREATE TABLE t (id int);\n")
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0], "needs a reason") {
		t.Fatalf("declared contract without a reason: %q", m.Problems)
	}
	m = Parse(9, "00009_x.sql", "-- +goose Up\n-- greenlight:expand new\n-- greenlight:contract old\nCREATE TABLE t (id int);\n")
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0], "both") {
		t.Fatalf("declared both: %q", m.Problems)
	}
}

// Whatever the bytes, the lexer and the classifier return; every statement gets a class.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"ALTER TABLE t ADD COLUMN c int NOT NULL", "SELECT $a$ x $a$; DROP TABLE t", "/* /* */ */ CREATE INDEX CONCURRENTLY ON t (c)",
		`CREATE TABLE "a""b" (x int)`, "E'\\''", "U&\"x\"", "ALTER TABLE ONLY t RENAME", "CREATE", "ALTER TABLE t ALTER", "$1", "BEGIN ATOMIC END; END"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts, err := parseSQL(src)
		if err != nil {
			return
		}
		k := newKnowledge()
		k.startFile()
		for _, s := range stmts {
			for _, c := range k.classify(s) {
				if c.Class != ClassExpand && c.Class != ClassContract {
					t.Fatalf("%q: class %q", src, c.Class)
				}
			}
		}
	})
}

// A lock_timeout bounds the wait only when it is above zero (the manual: "A value of zero (the
// default) turns this off"), and SET LOCAL outside a transaction does nothing ("WARNING: SET
// LOCAL can only be used in transaction blocks"): otherwise the lock a statement takes still
// gets the require-timeout-settings warning.
func TestLockTimeoutThatBoundsNothingStillWarned(t *testing.T) {
	for _, c := range []struct {
		name, file string
		warned     bool
	}{
		{"none", "-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\n", true},
		{"five seconds", "-- +goose Up\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\n", false},
		{"milliseconds as a number", "-- +goose Up\nSET lock_timeout = 5000;\nALTER TABLE orders ADD COLUMN note text;\n", false},
		{"zero", "-- +goose Up\nSET lock_timeout = 0;\nALTER TABLE orders ADD COLUMN note text;\n", true},
		{"zero as a string", "-- +goose Up\nSET lock_timeout = '0s';\nALTER TABLE orders ADD COLUMN note text;\n", true},
		{"set, then reset", "-- +goose Up\nSET lock_timeout = '5s';\nRESET lock_timeout;\nALTER TABLE orders ADD COLUMN note text;\n", true},
		{"set, then RESET ALL", "-- +goose Up\nSET lock_timeout = '5s';\nRESET ALL;\nALTER TABLE orders ADD COLUMN note text;\n", true},
		{"to default", "-- +goose Up\nSET lock_timeout TO DEFAULT;\nALTER TABLE orders ADD COLUMN note text;\n", true},
		{"SET LOCAL in a transaction", "-- +goose Up\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\n", false},
		{"SET LOCAL outside one", "-- +goose NO TRANSACTION\n-- +goose Up\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\n", true},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			ms := readWith(t, nil, "00001_schema.sql", catalogSchema, "00002_change.sql", c.file)
			got := strings.Contains(strings.Join(ms[1].LockWarnings, "\n"), "require-timeout-settings")
			if got != c.warned {
				t.Fatalf("require-timeout-settings warned: %v, want %v: %q", got, c.warned, ms[1].LockWarnings)
			}
		})
	}
}
