package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// runMigrate is `greenlight migrate plan [--dir DIR] [--database-env VAR]`: the plan
// migrate.Plan shows in a run, from a terminal: each migration classified expand or contract
// with why, and every lock or rewrite warning with the safer way. Without a database, what no
// migration of the folder creates is unknown (contract); with --database-env, the migrations
// are classified against that database as the stages do, and those it has applied are marked. It exits 1 when a migration has a
// problem no stage would run (or, with --fail-on-lock-warnings, a lock warning).
func runMigrate(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	dir := fs.String("dir", "migrations", "the folder of goose SQL migrations")
	asJSON := fs.Bool("json", false, "print the classified migrations as JSON")
	fatal := fs.Bool("fail-on-lock-warnings", false, "exit 1 on any lock or rewrite warning, as Database.LockWarningsFatal makes a pipeline refuse it")
	dbEnv := fs.String("database-env", "", "the name of an environment variable holding the database's connection string (postgres://…): classify against that database, as the stages do, and mark the migrations it has applied")
	table := fs.String("table", "", "goose's version table in that database (default goose_db_version), as Database.Table")
	if len(args) == 0 || args[0] != "plan" {
		if code, ok := parse(fs, args, stdout); !ok {
			return code
		}
		fmt.Fprintln(stderr, "greenlight migrate: the subcommand is plan: greenlight migrate plan --dir migrations")
		return 2
	}
	if code, ok := parse(fs, args[1:], stdout); !ok {
		return code
	}
	ms, err := migrate.ReadDir(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintf(stderr, "greenlight migrate plan: %v\n", err)
		return 2
	}
	applied := map[int64]bool{}
	if *dbEnv != "" {
		dsn := os.Getenv(*dbEnv)
		if dsn == "" {
			fmt.Fprintf(stderr, "greenlight migrate plan: --database-env %s: that environment variable is empty: export it with the database's connection string (postgres://user@host:5432/name)\n", *dbEnv)
			return 2
		}
		// The same session a stage opens: the migration lock, which migrations are applied,
		// and the migrations classified against the database.
		db := &migrate.Database{Name: "the database in $" + *dbEnv, DSN: dsn, Migrations: os.DirFS(*dir), Table: *table, LockWait: 30 * time.Second}
		st, err := db.Plan(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight migrate plan: %v\n", err)
			return 1
		}
		ms = ms[:0]
		for _, x := range st {
			ms = append(ms, x.Migration)
			applied[x.Version] = x.Applied
		}
	}
	if *asJSON {
		if code := printJSON(stdout, stderr, ms); code != 0 {
			return code
		}
	}
	failed := false
	for _, m := range ms {
		if !*asJSON {
			if applied[m.Version] {
				fmt.Fprintln(stdout, m.Summary()+" [applied]")
			} else {
				fmt.Fprintln(stdout, m.Summary())
			}
			for _, c := range m.Changes {
				if c.Class == migrate.ClassContract {
					fmt.Fprintf(stdout, "  line %d contract: %s: %s\n", c.Line, c.What, c.Why)
				}
			}
			for _, w := range m.Warnings {
				fmt.Fprintf(stdout, "  warning: %s\n", w)
			}
		}
		for _, p := range m.Problems {
			fmt.Fprintf(stderr, "%s: %s\n", m.File, p)
			failed = true
		}
		if *fatal && len(m.LockWarnings) > 0 {
			fmt.Fprintf(stderr, "%s: %d lock or rewrite warning(s), fatal with --fail-on-lock-warnings\n", m.File, len(m.LockWarnings))
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}
