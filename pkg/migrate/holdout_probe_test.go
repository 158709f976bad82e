package migrate_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
)

// holdoutDB is a fresh database with a holdout set's schema, rows and grants (testdata/<set>),
// and the serving version's session, connected as the set's role ({{role}}, a random name here).
func holdoutDB(t *testing.T, set string) (*sql.DB, *sql.Conn) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.DB(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	role := "probe_" + hex.EncodeToString(b)
	setup := holdoutData(t, set, "schema.sql") + holdoutData(t, set, "data.sql") + holdoutData(t, set, "grants.sql")
	if _, err := db.Exec(strings.ReplaceAll(setup, "{{role}}", role)); err != nil {
		t.Fatalf("setup: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", dsn); err == nil {
			db.Exec("DROP OWNED BY " + role + "; DROP ROLE " + role)
			db.Close()
		}
	})
	serving, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { serving.Close() })
	if _, err := serving.ExecContext(ctx, "SET ROLE "+role); err != nil {
		t.Fatal(err)
	}
	return db, serving
}

// probeBreaks shows on PostgreSQL 15 that the holdout case c breaks an ordinary statement of the
// serving version: on a fresh database of the set, prepare runs in the serving version's session
// (and stays: drivers such as pgx, JDBC and Prisma's engine prepare statements once per
// session), probe works there (in a transaction rolled back after it), c's statement is applied
// (in a transaction unless c.nonTx), and then probe must fail, by an error of its own or an
// assertion of it raising.
func probeBreaks(t *testing.T, set string, c holdoutCase, prepare, probe string) {
	t.Helper()
	ctx := context.Background()
	db, serving := holdoutDB(t, set)
	if prepare != "" {
		if _, err := serving.ExecContext(ctx, prepare); err != nil {
			t.Fatalf("prepare: %v", err)
		}
	}
	run := func() error {
		if _, err := serving.ExecContext(ctx, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		_, err := serving.ExecContext(ctx, probe)
		if _, rerr := serving.ExecContext(ctx, "ROLLBACK"); rerr != nil {
			t.Fatal(rerr)
		}
		return err
	}
	if err := run(); err != nil {
		t.Fatalf("the serving version's statement fails before the migration: %v", err)
	}
	migration := "BEGIN;\n" + c.stmt + ";\nCOMMIT"
	if c.nonTx {
		migration = c.stmt
	}
	if _, err := db.Exec(migration); err != nil {
		t.Fatalf("the migration: %v", err)
	}
	err := run()
	if err == nil {
		t.Errorf("%s: the serving version's statement still works after it: %s", c.source, probe)
		return
	}
	t.Logf("breaks the serving version: %v", err)
}
