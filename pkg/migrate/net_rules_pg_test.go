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
