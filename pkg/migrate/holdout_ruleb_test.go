package migrate_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
)

// labelsTheDefinitionBreaks are holdout cases labelled safe that the sets' own definition
// (testdata/HOLDOUT.md) calls breaking: write is an ordinary statement of the serving version
// that works on the set's old schema, and want the SQLSTATE it fails with after the case's
// statement (or "changed 0 rows" when it no longer finds the row it changes).
var labelsTheDefinitionBreaks = []struct {
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
	// Hydra's expires_at is requested_at plus consent_remember_for seconds: a requested_at the
	// old timestamp column takes (near its maximum, 294276 AD) leaves timestamp's range when
	// the seconds are added, so the stored generated column refuses the write (22008), an added
	// constraint by rule B (the fourteenth set; knownSafeContract14 names it).
	{"holdout14", "hydra flow expires_at generated stored", `UPDATE hydra_oauth2_flow SET requested_at = '294276-12-31 23:59:59', consent_remember_for = 3600 WHERE login_challenge = (SELECT min(login_challenge) FROM hydra_oauth2_flow)`, "22008"},
	// Rule D: "the rows data.sql wrote must all still be there (item 8: a DELETE or TRUNCATE of
	// existing rows ... breaks)". Listmonk's v5.1.0 deletes the settings row
	// security.enable_captcha that data.sql wrote (the set's label counted rows, and the
	// security.captcha row it adds keeps the count); the serving version's save of that setting
	// (its update-settings statement updates by key) then changes no row: the admin's setting is
	// silently lost. The same set labels "bounce count settings deleted" breaking for this rule.
	{"holdout12", "captcha settings migrated and old keys deleted", `UPDATE settings SET value = 'true', updated_at = now() WHERE key = 'security.enable_captcha'`, "changed 0 rows"},
	// Rule B: the serving version "may write any value its old schema accepts". Before Ente's
	// 33, every updated_at column with a BEFORE UPDATE trigger took any value in an UPDATE,
	// NULL included: the trigger replaced it with now_utc_micro_seconds() before NOT NULL was
	// checked. 33's function keeps NEW.updated_at unless OLD.updated_at >= it, and
	// OLD.updated_at >= NULL is NULL, so NULL is kept and refused (23502): NOT NULL newly
	// enforced on writes the old schema accepted (the sixteenth set; knownSafeContract16 names
	// it). Any larger value is now kept as written, which is the writer's own value (rule D).
	{"holdout16", "ente: replace the updated_at trigger function to keep a larger updated_at", `UPDATE remote_store SET key_value = 'photos.alice.example', updated_at = NULL WHERE user_id = 1 AND key_name = 'customDomain'`, "23502"},
}

// TestHoldoutLabelsTheDefinitionBreaks: statements of the tenth and eleventh sets are labelled
// safe because their workloads' boundary writes never reach the old schema's limit, while the
// sets' own definition (rule B) says the serving version "may write any value its old schema
// accepts". Each is shown here to break such a write on PostgreSQL 15, on the set's own schema
// and data: a value the old column takes (a varchar(n) of n characters, text of any length) is
// refused after it, 22001 for a narrowed varchar and 23514 for the CHECK. The classifier calls
// them contract, which is right by the definition; the sets' labels stand as measured, and
// the sets' knownSafeContract lists name these cases with this test as the reason. One of the
// twelfth set (built with rule B's max-length writes) is the same for rule T and arrays, and
// another of it for rule D (a row data.sql wrote deleted); the fourth and fourteenth sets have one
// each, an index expression and a generated column failing for a value the old column takes; the
// sixteenth one, a trigger function that no longer replaces a NULL updated_at (NOT NULL refuses it).
func TestHoldoutLabelsTheDefinitionBreaks(t *testing.T) {
	for _, c := range labelsTheDefinitionBreaks {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			var stmt string
			cases := map[string][]holdoutCase{"holdout4": holdout4, "holdout10": holdout10, "holdout11": holdout11, "holdout12": holdout12, "holdout13": holdout13, "holdout14": holdout14, "holdout16": holdout16}[c.set]
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
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n != 1 {
					return fmt.Errorf("the write changed %d rows, want 1", n)
				}
				return nil
			}
			if err := write(); err != nil {
				t.Fatalf("the old schema refuses the write: %v", err)
			}
			if _, err := db.Exec("BEGIN;\n" + stmt + ";\nCOMMIT"); err != nil {
				t.Fatalf("the statement: %v", err)
			}
			if err := write(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("after the statement the write gives %v, want %s", err, c.want)
			}
		})
	}
}
