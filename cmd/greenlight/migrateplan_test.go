package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `greenlight migrate plan` shows from a terminal what migrate.Plan shows in a run: the class
// and why, and each lock warning with the safer way; --fail-on-lock-warnings makes them fatal.
func TestMigratePlanFromATerminal(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
