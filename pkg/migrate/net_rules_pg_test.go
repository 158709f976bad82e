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
			ms, err := migrate.ReadDir(files("00001_schema.sql", "-- +goose Up\n"+sub(schema+c.extra), "00002_change.sql", "-- +goose Up\n"+change+";\n"))
			if err != nil {
				t.Fatal(err)
			}
			want := migrate.ClassContract
			if c.works {
				want = migrate.ClassExpand
			}
			if ms[1].Class != want {
				t.Errorf("classified %s, want %s: %s", ms[1].Class, want, ms[1].Summary())
			}
		})
	}
}
