package migrate_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// adversary is a migration written to be classified expand while it breaks the serving
// version: schema is applied (and is the folder's first migration, marked applied), change is
// the second, and each statement of serving works before it and one fails after it.
type adversary struct {
	name, schema, change string
	serving              []string
}

// TestAdversaryOnPostgres holds the rules on the running version's rows (a CHECK they satisfy, a
// unique index they never enter), on arrays and on a check looser than a dropped one to the
// cases an attacking review found against their first versions: each breaks an ordinary
// statement of the serving version on PostgreSQL 15 (checked here first), and each was
// classified expand. A default stored otherwise than written (2.5 in an integer is 3, a
// numeric(3,1) rounds, varchar(2) cuts, 'false' and 'NaN' are not strings), a column's
// collation, a domain's default, a default set again, a backfill inside a WITH, a table of the
// same name in another schema, and arrays of another element type, whose operators do not
// mix (42883). Then a second review's: ADD COLUMN IF NOT EXISTS of a column the table has,
// search_path set in the migration (SET, set_config), a column merged into an inheriting
// child, a domain's default through a domain over it, a rename, another schema or an EXECUTE,
// and an operator that is not strict.
func TestAdversaryOnPostgres(t *testing.T) {
	cases := []adversary{
		{"integer default stored rounded", "CREATE TABLE jobs (id int PRIMARY KEY, kind text);\nINSERT INTO jobs VALUES (1, 'a');\n",
			"ALTER TABLE jobs ADD COLUMN attempts int DEFAULT 2.5;\nALTER TABLE jobs ADD CONSTRAINT attempts_lt3 CHECK (attempts < 3) NOT VALID",
			[]string{"INSERT INTO jobs (id, kind) VALUES (2, 'b')", "UPDATE jobs SET kind = 'c' WHERE id = 1"}},
		{"numeric(3,1) default rounded", "CREATE TABLE jobs (id int PRIMARY KEY, kind text);\n",
			"ALTER TABLE jobs ADD COLUMN rate numeric(3,1) DEFAULT 0.05;\nALTER TABLE jobs ADD CONSTRAINT rate_small CHECK (rate < 0.1) NOT VALID",
			[]string{"INSERT INTO jobs (id, kind) VALUES (2, 'b')"}},
		{"boolean default written as a string", "CREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN archived boolean DEFAULT 'false';\nALTER TABLE posts ADD CONSTRAINT archived_chk CHECK (archived <> 'f') NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"default cut by a varchar(2) cast", "CREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN code text DEFAULT 'abc'::varchar(2);\nALTER TABLE posts ADD CONSTRAINT code_chk CHECK (code <> 'ab') NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"varchar(2) default with trailing blanks", "CREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN code varchar(2) DEFAULT 'ab ';\nALTER TABLE posts ADD CONSTRAINT code_chk CHECK (code <> 'ab') NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"numeric NaN written as a string", "CREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN score numeric DEFAULT 'NaN';\nALTER TABLE posts ADD CONSTRAINT score_chk CHECK (score <> 'nan') NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"column with a nondeterministic collation", "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN kind text COLLATE ci DEFAULT 'note';\nALTER TABLE posts ADD CONSTRAINT kind_chk CHECK (kind <> 'NOTE') NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"default set again after the column's", "CREATE TABLE posts (id int PRIMARY KEY, title text);\nINSERT INTO posts VALUES (1, 'a');\n",
			"ALTER TABLE posts ADD COLUMN state text DEFAULT 'legacy';\nALTER TABLE posts ALTER COLUMN state SET DEFAULT 'new';\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('new', 'done')) NOT VALID",
			[]string{"UPDATE posts SET title = 'x' WHERE id = 1"}},
		{"domain default in a check", "CREATE DOMAIN state_t AS text DEFAULT 'draft';\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN state state_t;\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('published', 'archived')) NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"domain default in a unique index's WHERE", "CREATE DOMAIN states_t AS text DEFAULT 'available';\nCREATE TABLE jobs (id int PRIMARY KEY, kind text);\nINSERT INTO jobs VALUES (1, 'a');\n",
			"ALTER TABLE jobs ADD COLUMN unique_states states_t;\nCREATE UNIQUE INDEX jobs_kind_unique ON jobs (kind) WHERE unique_states IS NOT NULL",
			[]string{"INSERT INTO jobs (id, kind) VALUES (2, 'a')"}},
		{"domain default in a foreign key's columns", "CREATE DOMAIN owner_t AS int DEFAULT 7;\nCREATE TABLE owners (id int PRIMARY KEY);\nCREATE TABLE jobs (id int PRIMARY KEY, kind text);\n",
			"ALTER TABLE jobs ADD COLUMN owner owner_t;\nALTER TABLE jobs ADD CONSTRAINT jobs_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id) NOT VALID",
			[]string{"INSERT INTO jobs (id, kind) VALUES (2, 'a')"}},
		{"backfill in a WITH, then a unique index", "CREATE TABLE jobs (id int PRIMARY KEY, kind text);\nINSERT INTO jobs VALUES (1, 'a'), (2, 'b');\n",
			"ALTER TABLE jobs ADD COLUMN unique_key text;\nWITH u AS (UPDATE jobs SET unique_key = kind RETURNING 1) SELECT count(*) FROM u;\nCREATE UNIQUE INDEX jobs_kind_unique ON jobs (kind) WHERE unique_key IS NOT NULL",
			[]string{"UPDATE jobs SET kind = 'b' WHERE id = 1"}},
		{"a check on the same name in another schema", "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id int PRIMARY KEY);\nCREATE TABLE events (id int PRIMARY KEY, state text);\nINSERT INTO events VALUES (1, 'open');\n",
			"ALTER TABLE audit.events ADD COLUMN state text;\nALTER TABLE public.events ADD CONSTRAINT state_chk CHECK (state IN ('open', 'closed')) NOT VALID",
			[]string{"INSERT INTO events (id, state) VALUES (2, 'pending')"}},
		{"a unique index on the same name in another schema", "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id int PRIMARY KEY);\nCREATE TABLE events (id int PRIMARY KEY, kind text, state text);\nINSERT INTO events VALUES (1, 'a', 'open');\n",
			"ALTER TABLE audit.events ADD COLUMN state text;\nCREATE UNIQUE INDEX events_kind ON public.events (kind) WHERE state IS NOT NULL",
			[]string{"INSERT INTO events (id, kind, state) VALUES (2, 'a', 'open')"}},
		{"a looser check than one dropped in another schema", "CREATE SCHEMA archive;\nCREATE TABLE archive.orders (id int PRIMARY KEY, qty int, CONSTRAINT qty_chk CHECK (qty > 0));\nCREATE TABLE orders (id int PRIMARY KEY, qty int);\n",
			"ALTER TABLE archive.orders DROP CONSTRAINT qty_chk;\nALTER TABLE public.orders ADD CONSTRAINT qty_chk CHECK (qty > 0 OR qty IS NULL) NOT VALID",
			[]string{"INSERT INTO orders (id, qty) VALUES (1, -1)"}},
		{"int[] to bigint[]", "CREATE TABLE posts (id int PRIMARY KEY, tag_ids int[]);\nINSERT INTO posts VALUES (1, '{1,2}');\n",
			"ALTER TABLE posts ALTER COLUMN tag_ids TYPE bigint[]",
			[]string{"SELECT id FROM posts WHERE tag_ids @> ARRAY[1]"}},
		{"smallint[] to int[]", "CREATE TABLE posts (id int PRIMARY KEY, ranks smallint[]);\nINSERT INTO posts VALUES (1, '{1,2}');\n",
			"ALTER TABLE posts ALTER COLUMN ranks TYPE int[]",
			[]string{"SELECT id FROM posts WHERE ranks && '{1}'::int2[]"}},
		{"varchar(10)[] to text[]", "CREATE TABLE posts (id int PRIMARY KEY, tags varchar(10)[]);\nINSERT INTO posts VALUES (1, '{a,b}');\n",
			"ALTER TABLE posts ALTER COLUMN tags TYPE text[]",
			[]string{"SELECT id FROM posts WHERE tags @> ARRAY['a']::varchar(10)[]"}},
		// A second review's, against the rules as hardened after the first.
		{"ADD COLUMN IF NOT EXISTS of an existing column, then a check", "CREATE TABLE events (id int PRIMARY KEY, state text);\nINSERT INTO events VALUES (1, 'open');\n",
			"ALTER TABLE events ADD COLUMN IF NOT EXISTS state text;\nALTER TABLE events ADD CONSTRAINT state_chk CHECK (state IN ('closed')) NOT VALID",
			[]string{"INSERT INTO events (id, state) VALUES (2, 'open')", "UPDATE events SET state = 'open' WHERE id = 1"}},
		{"ADD COLUMN IF NOT EXISTS of an existing column, then a unique index", "CREATE TABLE jobs (id int PRIMARY KEY, kind text, state text);\nINSERT INTO jobs VALUES (1, 'a', 'open');\n",
			"ALTER TABLE jobs ADD COLUMN IF NOT EXISTS state text;\nCREATE UNIQUE INDEX jobs_kind_unique ON jobs (kind) WHERE state IS NOT NULL",
			[]string{"INSERT INTO jobs (id, kind, state) VALUES (2, 'a', 'open')"}},
		{"ADD COLUMN IF NOT EXISTS of an existing column, then a foreign key", "CREATE TABLE owners (id int PRIMARY KEY);\nCREATE TABLE jobs (id int PRIMARY KEY, owner int);\n",
			"ALTER TABLE jobs ADD COLUMN IF NOT EXISTS owner int;\nALTER TABLE jobs ADD CONSTRAINT jobs_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id) NOT VALID",
			[]string{"INSERT INTO jobs (id, owner) VALUES (2, 5)"}},
		{"search_path switched between two tables of one name", "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id int PRIMARY KEY);\nCREATE TABLE events (id int PRIMARY KEY, state text);\n",
			"SET search_path TO audit;\nALTER TABLE events ADD COLUMN state text;\nSET search_path TO public;\nALTER TABLE events ADD CONSTRAINT state_chk CHECK (state IN ('open', 'closed')) NOT VALID",
			[]string{"INSERT INTO events (id, state) VALUES (2, 'pending')"}},
		{"search_path by set_config", "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id int PRIMARY KEY);\nCREATE TABLE events (id int PRIMARY KEY, state text);\n",
			"SELECT set_config('search_path', 'audit', true);\nALTER TABLE events ADD COLUMN state text;\nSELECT set_config('search_path', 'public', true);\nALTER TABLE events ADD CONSTRAINT state_chk CHECK (state IN ('open', 'closed')) NOT VALID",
			[]string{"INSERT INTO events (id, state) VALUES (2, 'pending')"}},
		{"column merged into an inheriting child", "CREATE TABLE items (id int PRIMARY KEY);\nCREATE TABLE books (id int PRIMARY KEY, state text) INHERITS (items);\n",
			"ALTER TABLE items ADD COLUMN state text;\nALTER TABLE items ADD CONSTRAINT state_chk CHECK (state IN ('closed')) NOT VALID",
			[]string{"INSERT INTO books (id, state) VALUES (2, 'open')"}},
		{"domain over a domain with a default", "CREATE DOMAIN base_t AS text DEFAULT 'draft';\nCREATE DOMAIN state_t AS base_t;\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN state state_t;\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('published', 'archived')) NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"domain renamed onto a name without default", "CREATE DOMAIN state_t AS text;\nCREATE DOMAIN draft_t AS text DEFAULT 'draft';\nALTER DOMAIN state_t RENAME TO old_state_t;\nALTER DOMAIN draft_t RENAME TO state_t;\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN state state_t;\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('published', 'archived')) NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"domain of another schema with an enum's name", "CREATE SCHEMA app;\nCREATE DOMAIN app.state_t AS text DEFAULT 'draft';\nCREATE TYPE state_t AS ENUM ('x');\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN state app.state_t;\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('published', 'archived')) NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		{"non-strict operator in a check", "CREATE FUNCTION is_closed(a text, b text) RETURNS boolean LANGUAGE sql CALLED ON NULL INPUT AS $$ SELECT coalesce(a, '') = b $$;\nCREATE OPERATOR === (LEFTARG = text, RIGHTARG = text, FUNCTION = is_closed);\nCREATE TABLE events (id int PRIMARY KEY, kind text);\n",
			"ALTER TABLE events ADD COLUMN state text;\nALTER TABLE events ADD CONSTRAINT state_chk CHECK (state === 'closed') NOT VALID",
			[]string{"INSERT INTO events (id, kind) VALUES (2, 'a')"}},
		// The tenth holdout's first run (Documenso's Signature_recipientId_fkey): RESTRICT made
		// CASCADE lets a delete through that the serving version relies on being refused
		// (23503), and deletes the referencing rows; NO ACTION, checked at the statement's end,
		// lets through a statement that deletes a referenced row and makes it again (the key is there
		// at the statement's end), which RESTRICT, checked at once, refuses.
		{"foreign key RESTRICT made CASCADE", "CREATE TABLE recipients (id int PRIMARY KEY);\nCREATE TABLE signatures (id int PRIMARY KEY, recipient_id int NOT NULL);\nALTER TABLE signatures ADD CONSTRAINT signatures_recipient_fkey FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE RESTRICT;\nINSERT INTO recipients VALUES (1);\nINSERT INTO signatures VALUES (1, 1);\n",
			"ALTER TABLE signatures DROP CONSTRAINT signatures_recipient_fkey;\nALTER TABLE signatures ADD CONSTRAINT signatures_recipient_fkey FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE CASCADE",
			[]string{"DO $$ BEGIN DELETE FROM recipients WHERE id = 1; RAISE EXCEPTION 'a recipient with signatures deleted'; EXCEPTION WHEN foreign_key_violation THEN NULL; END $$"}},
		{"foreign key RESTRICT made NO ACTION", "CREATE TABLE recipients (id int PRIMARY KEY);\nCREATE TABLE signatures (id int PRIMARY KEY, recipient_id int NOT NULL);\nALTER TABLE signatures ADD CONSTRAINT signatures_recipient_fkey FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE RESTRICT;\nINSERT INTO recipients VALUES (1), (2);\nINSERT INTO signatures VALUES (1, 1);\n",
			"ALTER TABLE signatures DROP CONSTRAINT signatures_recipient_fkey;\nALTER TABLE signatures ADD CONSTRAINT signatures_recipient_fkey FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE NO ACTION",
			[]string{"DO $$ BEGIN WITH gone AS (DELETE FROM recipients WHERE id = 1 RETURNING id) INSERT INTO recipients SELECT id FROM gone; RAISE EXCEPTION 'a referenced row deleted and made again in one statement'; EXCEPTION WHEN foreign_key_violation THEN NULL; END $$"}},
		{"domain default set in a DO block", "CREATE DOMAIN state_t AS text;\nDO $$ BEGIN EXECUTE 'ALTER DOMAIN state_t SET DEFAULT ''draft'''; END $$;\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN state state_t;\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('published', 'archived')) NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			ctx := context.Background()
			db, err := sql.Open("pgx", pgtest.DB(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(c.schema); err != nil {
				t.Fatal(err)
			}
			ms, err := migrate.ReadDirWith(ctx, files("00001_schema.sql", "-- +goose Up\n"+c.schema, "00002_change.sql", "-- +goose Up\n"+c.change+";\n"),
				migrate.DatabaseCatalog(db, 1))
			if err != nil {
				t.Fatal(err)
			}
			run := func() []error {
				var errs []error
				for _, s := range c.serving {
					tx, err := db.BeginTx(ctx, nil)
					if err != nil {
						t.Fatal(err)
					}
					_, err = tx.Exec(s)
					tx.Rollback()
					errs = append(errs, err)
				}
				return errs
			}
			before := run()
			if _, err := db.Exec("BEGIN;\n" + c.change + ";\nCOMMIT"); err != nil {
				t.Fatalf("the migration: %v", err)
			}
			after := run()
			broke := false
			for i := range before {
				if before[i] != nil {
					t.Fatalf("the serving version's %q fails before the migration: %v", c.serving[i], before[i])
				}
				broke = broke || after[i] != nil
			}
			if !broke {
				t.Fatalf("nothing the serving version does breaks: %v", after)
			}
			if ms[1].Class != migrate.ClassContract {
				t.Errorf("BREAKING CLASSIFIED EXPAND: %s (after it: %v)", ms[1].Summary(), after)
			}
		})
	}
}
