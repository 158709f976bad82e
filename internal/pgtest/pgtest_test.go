package pgtest

import (
	"context"
	"database/sql"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

// Each test gets its own empty database on a real server.
func TestFreshDatabasePerTest(t *testing.T) {
	a, b := DB(t), DB(t)
	if a == b {
		t.Fatalf("two calls gave the same database %s", a)
	}
	for _, dsn := range []string{a, b} {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("fresh database has %d tables", n)
		}
		if _, err := db.Exec("CREATE TABLE x (id int)"); err != nil {
			t.Fatal(err)
		}
	}
}
