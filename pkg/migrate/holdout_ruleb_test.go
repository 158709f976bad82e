package migrate_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
)

// TestHoldoutLabelsTheDefinitionBreaks: six statements of the tenth and eleventh sets are labelled
// safe because their workloads' boundary writes never reach the old schema's limit, while the
// sets' own definition (rule B) says the serving version "may write any value its old schema
// accepts". Each is shown here to break such a write on PostgreSQL 15, on the set's own schema
// and data: a value the old column takes (a varchar(n) of n characters, text of any length) is
// refused after it, 22001 for a narrowed varchar and 23514 for the CHECK. The classifier calls
// them contract, which is right by the definition; the sets' labels stand as measured, and
// knownSafeContract10 and 11 name these cases with this test as the reason. One of the twelfth
// set (built with rule B's max-length writes) is the same for rule T and arrays.
func TestHoldoutLabelsTheDefinitionBreaks(t *testing.T) {
	for _, c := range []struct {
		set, name, write, want string
	}{
		{"holdout10", "recipient email narrowed to varchar(100)", `UPDATE "Recipient" SET "email" = repeat('e', 255) WHERE "id" = (SELECT min("id") FROM "Recipient")`, "22001"},
		{"holdout10", "check added NOT VALID then validated", `UPDATE "Recipient" SET "token" = repeat('t', 256) WHERE "id" = (SELECT min("id") FROM "Recipient")`, "23514"},
		{"holdout11", "report type narrowed to varchar(50)", `UPDATE "report" SET "type" = repeat('r', 200) WHERE "report_id" = (SELECT "report_id" FROM "report" LIMIT 1)`, "22001"},
		{"holdout11", "revenue currency narrowed to varchar(10)", `UPDATE "revenue" SET "currency" = repeat('c', 100) WHERE "revenue_id" = (SELECT "revenue_id" FROM "revenue" LIMIT 1)`, "22001"},
		{"holdout11", "segment type narrowed to varchar(50)", `UPDATE "segment" SET "type" = repeat('s', 200) WHERE "segment_id" = (SELECT "segment_id" FROM "segment" LIMIT 1)`, "22001"},
		{"holdout11", "website_event url_path narrowed to varchar(100)", `UPDATE "website_event" SET "url_path" = repeat('p', 500) WHERE "event_id" = (SELECT "event_id" FROM "website_event" LIMIT 1)`, "22001"},
		// Rule T makes varchar(n) and text one type for reads and binds, but not their arrays:
		// the array operators take one element type, and a read with a bind of the old array
		// type finds none (42883; the twelfth set's catalogue item 1 names such comparisons).
		{"holdout12", "tag arrays to text[]", `UPDATE lists SET name = name WHERE id = (SELECT min(id) FROM lists WHERE tags @> ARRAY[]::varchar(100)[])`, "42883"},
		// A json column takes "\u0000", which jsonb refuses (22P05): an index on the column cast
		// to jsonb fails that write (the fourth set; found when index expressions were read).
		{"holdout4", "GIN index on task report uuids", `UPDATE task SET extra_attrs = '{"report_uuids": [], "note": "\u0000"}' WHERE id = (SELECT min(id) FROM task)`, "22P05"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			var stmt string
			cases := map[string][]holdoutCase{"holdout4": holdout4, "holdout10": holdout10, "holdout11": holdout11, "holdout12": holdout12}[c.set]
			for _, hc := range cases {
				if hc.name == c.name {
					stmt = hc.stmt
				}
			}
			if stmt == "" {
				t.Fatalf("no case %q in %s", c.name, c.set)
			}
			db, err := sql.Open("pgx", pgtest.DB(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			b := make([]byte, 6)
			rand.Read(b)
			role := "ruleb_" + hex.EncodeToString(b)
			setup := strings.ReplaceAll(holdoutData(t, c.set, "schema.sql")+holdoutData(t, c.set, "data.sql"), "{{role}}", role)
			if _, err := db.Exec(setup); err != nil {
				t.Fatal(err)
			}
			defer db.Exec("DROP OWNED BY " + role + "; DROP ROLE " + role)
			write := func() error {
				tx, err := db.Begin()
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback()
				res, err := tx.Exec(c.write)
				if err == nil {
					if n, _ := res.RowsAffected(); n != 1 {
						t.Fatalf("the write changed %d rows, want 1", n)
					}
				}
				return err
			}
			if err := write(); err != nil {
				t.Fatalf("the old schema refuses the write: %v", err)
			}
			if _, err := db.Exec("BEGIN;\n" + stmt + ";\nCOMMIT"); err != nil {
				t.Fatalf("the statement: %v", err)
			}
			if err := write(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("after the statement the write gives %v, want SQLSTATE %s", err, c.want)
			}
		})
	}
}
