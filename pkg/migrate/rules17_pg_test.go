package migrate_test

import (
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// TestRulesFromTheSeventeenthHoldoutOnPostgres: the general rules behind three safe statements
// of the seventeenth holdout the classifier called contract on its first run, each measured on
// PostgreSQL 15 with a breaking variant beside it:
//
//   - integer counts and arithmetic whose every step stays within its type: a stored generated
//     column of char_length(text) (Misskey's note.textLength) or cardinality(tags) + 1 (Ente's
//     file_data, the sixteenth set) is computed for every value; the same count into a
//     smallint, or n * 2 of an int, fails past the type's range (22003);
//   - concatenation of strings in an index expression (rudder-server's destination_id || '_' ||
//     namespace) fails for no value; of arrays it fails on mismatched dimensions (2202E);
//   - a unique index dropped beside an older unique constraint on the same nullable column
//     (Misskey's user.token) leaves every refusal and ON CONFLICT as they were; dropping a NULLS
//     NOT DISTINCT index beside a plain constraint lets a second NULL in.
func TestRulesFromTheSeventeenthHoldoutOnPostgres(t *testing.T) {
	const schema = `CREATE TABLE note (id bigserial PRIMARY KEY, text text, tags varchar(128)[] NOT NULL DEFAULT '{}', n int NOT NULL DEFAULT 0);
INSERT INTO note (text, tags) VALUES ('hello', '{a,b}'), (NULL, '{}');
CREATE TABLE uploads (id bigserial PRIMARY KEY, destination_id text NOT NULL, namespace varchar(64) NOT NULL, a int[] NOT NULL DEFAULT '{}', b int[] NOT NULL DEFAULT '{}');
INSERT INTO uploads (destination_id, namespace) VALUES ('d1', 'ns');
CREATE TABLE users (id bigserial PRIMARY KEY, token char(16), CONSTRAINT users_token_key UNIQUE (token));
CREATE UNIQUE INDEX users_token_idx ON users (token);
INSERT INTO users (token) VALUES ('t1'), (NULL);
CREATE TABLE keys (id bigserial PRIMARY KEY, k text, CONSTRAINT keys_k_key UNIQUE (k));
CREATE UNIQUE INDEX keys_k_nnd ON keys (k) NULLS NOT DISTINCT;
INSERT INTO keys (k) VALUES ('a'), (NULL);
`
	serving := []string{
		`INSERT INTO note (text) VALUES (repeat('x', 40000))`,
		`INSERT INTO note (text, tags) VALUES ('', '{x}')`,
		`UPDATE note SET n = 2147483647 WHERE id = 1`,
		`INSERT INTO uploads (destination_id, namespace, a, b) VALUES ('d2', '', '{{1,2}}', '{3}')`,
		`INSERT INTO users (token) VALUES (NULL)`,
		`INSERT INTO users (token) VALUES ('t2') ON CONFLICT (token) DO NOTHING`,
		`DO $$ BEGIN INSERT INTO users (token) VALUES ('t1'); RAISE EXCEPTION 'a second t1 was taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$`,
		`INSERT INTO keys (k) VALUES ('b') ON CONFLICT (k) DO NOTHING`,
		`DO $$ BEGIN INSERT INTO keys (k) VALUES (NULL); RAISE EXCEPTION 'a second NULL k was taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$`,
	}
	for _, c := range []struct {
		name, change string
		works        bool
	}{
		{"generated char_length", `ALTER TABLE note ADD COLUMN text_length integer GENERATED ALWAYS AS (char_length(text)) STORED`, true},
		{"generated char_length into a smallint", `ALTER TABLE note ADD COLUMN text_length smallint GENERATED ALWAYS AS (char_length(text)) STORED`, false},
		{"generated cardinality plus one", `ALTER TABLE note ADD COLUMN tag_count int GENERATED ALWAYS AS (cardinality(tags) + 1) STORED`, true},
		{"generated char_length times two", `ALTER TABLE note ADD COLUMN weight int GENERATED ALWAYS AS (char_length(text) * 2) STORED`, true},
		{"generated int times two", `ALTER TABLE note ADD COLUMN n2 int GENERATED ALWAYS AS (n * 2) STORED`, false},
		{"generated int cast to bigint times two", `ALTER TABLE note ADD COLUMN n2 bigint GENERATED ALWAYS AS (n::bigint * 2) STORED`, true},
		{"index on strings concatenated", `CREATE INDEX uploads_dest_ns ON uploads ((destination_id || '_' || namespace))`, true},
		{"index on arrays concatenated", `CREATE INDEX uploads_ab ON uploads ((a || b))`, false},
		{"unique index dropped beside an older unique constraint on a nullable column", `DROP INDEX users_token_idx`, true},
		{"NULLS NOT DISTINCT index dropped beside a plain unique constraint", `DROP INDEX keys_k_nnd`, false},
		// The eighteenth holdout's Twenty: a column added, then its type changed, in one
		// migration; a sequence's default narrowed, or a NOT NULL domain, break the inserts.
		{"type of a column added in the same migration", `ALTER TABLE note ADD COLUMN "interval" varchar;
ALTER TABLE note ALTER COLUMN "interval" TYPE text;
CREATE TYPE interval_enum AS ENUM ('day', 'month');
ALTER TABLE note ALTER COLUMN "interval" TYPE interval_enum USING "interval"::interval_enum`, true},
		{"type of a column added with a sequence's default, narrowed", `CREATE SEQUENCE note_rank START 32766;
ALTER TABLE note ADD COLUMN rank bigint DEFAULT nextval('note_rank');
ALTER TABLE note ALTER COLUMN rank TYPE smallint`, false},
		{"type of a column added in the same migration, to a NOT NULL domain", `CREATE DOMAIN present AS text NOT NULL;
ALTER TABLE note ADD COLUMN label text;
UPDATE note SET label = 'x';
ALTER TABLE note ALTER COLUMN label TYPE present`, false},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			measuredThenClassified(t, schema, c.change, serving, c.works)
		})
	}
}

// A function called in a SELECT may take any lock: rudder-server's create_constraint_if_not_exists
// runs the ALTER TABLE … ADD CONSTRAINT … UNIQUE it is given, which scans the table under ACCESS
// EXCLUSIVE. The seventeenth holdout's first run found it contract but unwarned; it is warned now
// as a DO block is.
func TestFunctionCalledInASelectIsWarned(t *testing.T) {
	ms, err := migrate.ReadDir(files("00001_t.sql", "-- +goose Up\nCREATE TABLE uploads (id bigint, name text);\n",
		"00002_call.sql", "-- +goose Up\nSELECT create_constraint_if_not_exists('uploads', 'uploads_name_key', 'ALTER TABLE uploads ADD CONSTRAINT uploads_name_key UNIQUE (name)');\n"))
	if err != nil {
		t.Fatal(err)
	}
	ch := ms[1].Changes[0]
	if ch.Class != migrate.ClassContract || ch.Lock != migrate.LockAccessExclusive || !strings.Contains(ch.Warning, "cannot read which locks") {
		t.Errorf("%+v: want contract, ACCESS EXCLUSIVE assumed, and a warning", ch)
	}
}
