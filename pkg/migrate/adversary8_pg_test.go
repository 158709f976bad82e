package migrate_test

import (
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// adv8 is a case of the eighth attacking review: schema is the folder's first migration (applied),
// change the second, serving the statements of the version still serving; state is the SQLSTATE
// PostgreSQL 15 gives the first serving statement that fails after the change.
type adv8 struct {
	name, schema, change string
	serving              []string
	state                string
}

// runAdv8 checks each case breaks the serving version on PostgreSQL 15 (it works before the
// change, and fails with the case's SQLSTATE after it) and is classified contract.
func runAdv8(t *testing.T, cases []adv8) {
	t.Helper()
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			m, works, after := servingAcross(t, c.schema, c.change, c.serving)
			if works {
				t.Fatalf("nothing the serving version does breaks")
			}
			if got := sqlstate(after); got != c.state {
				t.Errorf("the serving version fails with SQLSTATE %s (%v), want %s", got, after, c.state)
			}
			if m.Class != migrate.ClassContract {
				t.Errorf("BREAKING CLASSIFIED EXPAND: %s (after it: %v, SQLSTATE %s)", m.Summary(), after, sqlstate(after))
				for _, ch := range m.Changes {
					t.Logf("  %s: %s (%s)", ch.Class, ch.What, ch.Why)
				}
			}
		})
	}
}

// TestAdversary8OnPostgres holds an eighth attacking review's cases against the seventeenth
// holdout's rules (ec13cd4, 2ee8305): integer counts and arithmetic (intBound), || of strings,
// a unique index dropped beside an older key on nullable columns (uniqueKept), and a function
// called in a SELECT warned of as a DO block is.
//
// breaksNow are the cases that break the serving version on PostgreSQL 15 and that the
// classifier calls expand when written (c9d4e17): this test FAILS on each of them until the
// rules are fixed; each says whether it was expand before ec13cd4 too (pre-existing) or became
// expand with it (new). withstood break the serving version and are contract; holds keep it
// working and are expand; the SELECT cases check that no warning given before 2ee8305 is lost.
func TestAdversary8OnPostgres(t *testing.T) {
	const note = "CREATE TABLE note (id bigserial PRIMARY KEY, body text, v varchar(64), tags varchar(128)[] NOT NULL DEFAULT '{}', n int NOT NULL DEFAULT 0, s smallint NOT NULL DEFAULT 0);\nINSERT INTO note (body, v, tags) VALUES ('hello', 'x', '{a,b}');\n"
	// A user function of a built-in's name, with an argument type that matches a column exactly
	// (varchar, varchar[]), is the one PostgreSQL calls: an exact match beats pg_catalog's, which
	// needs a coercion (varchar to text, varchar[] to anyarray), though pg_catalog comes first.
	const shadowCharLength = "CREATE FUNCTION char_length(varchar) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN IF $1 = '' THEN RAISE EXCEPTION 'empty' USING ERRCODE = '22023'; END IF; RETURN pg_catalog.char_length($1); END $$;\n"
	const shadowLength = "CREATE FUNCTION length(varchar) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN IF $1 = '' THEN RAISE EXCEPTION 'empty' USING ERRCODE = '22023'; END IF; RETURN pg_catalog.length($1); END $$;\n"
	const shadowCard = "CREATE FUNCTION cardinality(varchar[]) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 / pg_catalog.cardinality($1) $$;\n"
	const shadowArrLen = "CREATE FUNCTION array_length(varchar[], int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 / pg_catalog.cardinality($1) $$;\n"
	// A user || on (varchar, varchar): an exact match for varchar || varchar and for varchar ||
	// '_' (an unknown literal is taken as the other side's type), before pg_catalog's textcat.
	const vcat = "CREATE FUNCTION vcat(varchar, varchar) RETURNS varchar LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN IF $2 = '' THEN RAISE EXCEPTION 'empty namespace' USING ERRCODE = '22023'; END IF; RETURN $1::text || $2::text; END $$;\nCREATE OPERATOR || (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = vcat);\n"
	const uploads = "CREATE TABLE uploads (id bigserial PRIMARY KEY, destination_id varchar(64) NOT NULL, namespace varchar(64) NOT NULL);\nINSERT INTO uploads (destination_id, namespace) VALUES ('d1', 'ns');\n"
	// public.note and archive.note: the folder keeps column types by bare table name, so the
	// later table's (smallint) stands for both.
	const twoNotes = "CREATE TABLE note (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);\nINSERT INTO note VALUES (1, 0);\nCREATE SCHEMA archive;\nCREATE TABLE archive.note (id int PRIMARY KEY, n smallint NOT NULL DEFAULT 0);\n"
	const users = "CREATE TABLE users (id bigserial PRIMARY KEY, token text);\nINSERT INTO users (token) VALUES ('t1'), (NULL);\n"
	const usersKey = "CREATE TABLE users (id bigserial PRIMARY KEY, token text, CONSTRAINT users_token_key UNIQUE (token));\nINSERT INTO users (token) VALUES ('t1'), (NULL);\n"
	const dupT1 = "DO $$ BEGIN INSERT INTO users (token) VALUES ('t1'); RAISE EXCEPTION 'a second t1 was taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$"
	const dupNull = "DO $$ BEGIN INSERT INTO users (token) VALUES (NULL); RAISE EXCEPTION 'a second NULL was taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$"
	const onConflict = "INSERT INTO users (token) VALUES ('t2') ON CONFLICT (token) DO NOTHING"
	minInt := []string{"UPDATE note SET n = -2147483648 WHERE id = 1"}

	breaksNow := []adv8{
		// Rule 1 (new): intBound's unary minus keeps the operand's bound, 2^31 for an int column,
		// and does not check it against the type: -(-2147483648) overflows int4 (int4um), and
		// -(-32768) int2 (int2um), whatever the column the value goes to.
		{"unary minus of an int in an index", note, "CREATE INDEX note_neg_n ON note ((-n))", minInt, "22003"},
		{"unary minus of an int in a partial index predicate", note, "CREATE INDEX note_neg ON note (id) WHERE -n > 0", minInt, "22003"},
		{"unary minus of an int into a bigint generated column", note, "ALTER TABLE note ADD COLUMN neg_n bigint GENERATED ALWAYS AS (-n) STORED", minInt, "22003"},
		{"minus minus an int into a bigint generated column", note, "ALTER TABLE note ADD COLUMN nn bigint GENERATED ALWAYS AS (-(-n)) STORED", minInt, "22003"},
		{"unary minus of a smallint in an index", note, "CREATE INDEX note_neg_s ON note ((-s))", []string{"UPDATE note SET s = -32768 WHERE id = 1"}, "22003"},
		{"unary minus of a smallint into an int generated column", note, "ALTER TABLE note ADD COLUMN neg_s int GENERATED ALWAYS AS (-s) STORED", []string{"UPDATE note SET s = -32768 WHERE id = 1"}, "22003"},
		// Rule 1 (new): a count function of a built-in's name is the user's when its argument type
		// matches the column exactly (countFuncs and failSafeFuncs read the name only).
		{"char_length of a varchar shadowed, generated", note + shadowCharLength, "ALTER TABLE note ADD COLUMN v_len int GENERATED ALWAYS AS (char_length(v)) STORED", []string{"INSERT INTO note (v) VALUES ('')"}, "22023"},
		{"length of a varchar shadowed, generated", note + shadowLength, "ALTER TABLE note ADD COLUMN v_len int GENERATED ALWAYS AS (length(v) * 2) STORED", []string{"INSERT INTO note (v) VALUES ('')"}, "22023"},
		{"cardinality of a varchar array shadowed, index", note + shadowCard, "CREATE INDEX note_tag_count ON note ((cardinality(tags)))", []string{"INSERT INTO note (body) VALUES ('x')"}, "22012"},
		{"cardinality of a varchar array shadowed, generated", note + shadowCard, "ALTER TABLE note ADD COLUMN tag_count int GENERATED ALWAYS AS (cardinality(tags) + 1) STORED", []string{"INSERT INTO note (body) VALUES ('x')"}, "22012"},
		{"array_length of a varchar array shadowed, generated", note + shadowArrLen, "ALTER TABLE note ADD COLUMN tag_count int GENERATED ALWAYS AS (array_length(tags, 1)) STORED", []string{"INSERT INTO note (body) VALUES ('x')"}, "22012"},
		// (pre-existing: char_length was in failSafeFuncs before ec13cd4.)
		{"char_length of a varchar shadowed, index", note + shadowCharLength, "CREATE INDEX note_v_len ON note ((char_length(v)))", []string{"INSERT INTO note (v) VALUES ('')"}, "22023"},
		// Rule 1 (new): colTypes is by bare table name, and createIndex and addColumn do not ask
		// unsure(): archive.note's smallint n stands for public.note's int n, and n + 1 overflows.
		{"column type of a same-named table in another schema, generated", twoNotes, "ALTER TABLE public.note ADD COLUMN n1 int GENERATED ALWAYS AS (n + 1) STORED", []string{"UPDATE note SET n = 2147483647 WHERE id = 1"}, "22003"},
		{"column type of a same-named table in another schema, index", twoNotes, "CREATE INDEX note_n1 ON public.note ((n + 1))", []string{"UPDATE note SET n = 2147483647 WHERE id = 1"}, "22003"},
		// Rule 1 (new): a column's type changed by EXECUTE keeps the type the folder gave it, int:
		// n::bigint * 2 is read as bounded by 2^32, and the bigint column overflows.
		{"column widened by EXECUTE", note + "DO $$ BEGIN EXECUTE 'ALTER TABLE note ALTER COLUMN n TYPE bigint'; END $$;\n", "ALTER TABLE note ADD COLUMN n2 bigint GENERATED ALWAYS AS (n::bigint * 2) STORED", []string{"UPDATE note SET n = 4611686018427387904 WHERE id = 1"}, "22003"},
		// Rule 1 (new, contrived): types are read by their last name, so a domain public.int2 over
		// bigint is an int2, and a cast to a domain public.int4 over smallint an int4 cast.
		{"column of a domain named int2", "CREATE DOMAIN public.int2 AS bigint;\nCREATE TABLE counters (id int PRIMARY KEY, n public.int2 NOT NULL DEFAULT 0);\nINSERT INTO counters VALUES (1, 0);\n", "ALTER TABLE counters ADD COLUMN n1 int GENERATED ALWAYS AS (n + 1) STORED", []string{"UPDATE counters SET n = 3000000000 WHERE id = 1"}, "22003"},
		{"cast to a domain named int4 inside arithmetic", note + "CREATE DOMAIN public.int4 AS smallint;\n", "ALTER TABLE note ADD COLUMN body_len int GENERATED ALWAYS AS (char_length(body)::public.int4 + 1) STORED", []string{"INSERT INTO note (body) VALUES (repeat('x', 40000))"}, "22003"},
		// Rule 2 (new): || of varchar columns is the user's || on (varchar, varchar) where one is
		// in the search_path; exprType calls it text, and cannotFailOn textcat.
		{"user || on varchar, index", uploads + vcat, "CREATE INDEX uploads_dest_ns ON uploads ((destination_id || namespace))", []string{"INSERT INTO uploads (destination_id, namespace) VALUES ('d2', '')"}, "22023"},
		{"user || on varchar with a constant, index", uploads + vcat, "CREATE INDEX uploads_dest_ns ON uploads ((destination_id || '_' || namespace))", []string{"INSERT INTO uploads (destination_id, namespace) VALUES ('d2', '')"}, "22023"},
		{"user || on varchar with a constant, generated", uploads + vcat, "ALTER TABLE uploads ADD COLUMN dest_ns text GENERATED ALWAYS AS (destination_id || '_' || namespace) STORED", []string{"INSERT INTO uploads (destination_id, namespace) VALUES ('d2', '')"}, "22023"},
		// Rule 2 (new): other.pairs's text a and b stand for public.pairs's int[] ones: || of
		// arrays of mismatched dimensions fails.
		{"|| of a same-named table's columns in another schema", "CREATE TABLE pairs (id int PRIMARY KEY, a int[], b int[]);\nCREATE SCHEMA other;\nCREATE TABLE other.pairs (id int PRIMARY KEY, a text, b text);\n", "CREATE INDEX pairs_ab ON public.pairs ((a || b))", []string{"INSERT INTO pairs VALUES (1, '{{1,2}}', '{3}')"}, "2202E"},
		// Rule 2 (new, contrived): a cast to public.text, a domain with a CHECK, is read as a cast
		// to text.
		{"|| of a cast to a domain named text", "CREATE DOMAIN public.text AS pg_catalog.text CHECK (VALUE <> '');\nCREATE TABLE kv (id int PRIMARY KEY, a pg_catalog.text, b pg_catalog.text);\nINSERT INTO kv VALUES (1, 'a', 'b');\n", "CREATE INDEX kv_ab ON kv ((a || b::public.text))", []string{"INSERT INTO kv VALUES (2, 'a', '')"}, "23514"},
		// Rule 3 (new): CREATE UNIQUE INDEX IF NOT EXISTS of an index that exists is skipped by
		// PostgreSQL, and learnt by the folder: the plain users_token_v is read as NULLS NOT
		// DISTINCT; in the second case the NULLS NOT DISTINCT users_token_u is read as plain.
		{"IF NOT EXISTS over a plain index read as NULLS NOT DISTINCT", users + "CREATE UNIQUE INDEX users_token_v ON users (token);\nCREATE UNIQUE INDEX IF NOT EXISTS users_token_v ON users (token) NULLS NOT DISTINCT;\nDELETE FROM users WHERE token IS NULL;\nCREATE UNIQUE INDEX users_token_u ON users (token) NULLS NOT DISTINCT;\nINSERT INTO users (token) VALUES (NULL);\n", "DROP INDEX users_token_u", []string{dupT1, dupNull, onConflict}, "P0001"},
		{"IF NOT EXISTS over a NULLS NOT DISTINCT index read as plain", usersKey + "CREATE UNIQUE INDEX users_token_u ON users (token) NULLS NOT DISTINCT;\nCREATE UNIQUE INDEX IF NOT EXISTS users_token_u ON users (token);\n", "DROP INDEX users_token_u", []string{dupT1, dupNull, onConflict}, "P0001"},
		// Rule 3 (new): a statement of a DO block is learnt in every branch, taken or not: a
		// unique index the block did not make, NULLS NOT DISTINCT an index does not have.
		{"DO branch not taken makes a unique index", users + "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citext') THEN CREATE UNIQUE INDEX users_token_key ON users (token); END IF; END $$;\nCREATE UNIQUE INDEX users_token_idx ON users (token);\n", "DROP INDEX users_token_idx", []string{onConflict, dupT1}, "42P10"},
		{"DO branch not taken makes an index NULLS NOT DISTINCT", users + "CREATE UNIQUE INDEX users_token_key ON users (token);\nDO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'users_token_key') THEN CREATE UNIQUE INDEX users_token_key ON users (token) NULLS NOT DISTINCT; END IF; END $$;\nCREATE UNIQUE INDEX users_token_nnd ON users (token) NULLS NOT DISTINCT;\n", "DROP INDEX users_token_nnd", []string{dupNull}, "P0001"},
		// Rule 3 (new): RENAME CONSTRAINT does not move the key in k.uniq, so DROP CONSTRAINT of the
		// new name leaves the old one there.
		{"unique constraint renamed then dropped", usersKey + "CREATE UNIQUE INDEX users_token_idx ON users (token);\nALTER TABLE users RENAME CONSTRAINT users_token_key TO users_token_uq;\nALTER TABLE users DROP CONSTRAINT users_token_uq;\n", "DROP INDEX users_token_idx", []string{onConflict, dupT1}, "42P10"},
		// Rule 3 (new): ADD CONSTRAINT … UNIQUE USING INDEX … DEFERRABLE leaves the index in k.uniq
		// as a key that refuses at once; it refuses at commit now.
		{"index made a DEFERRABLE constraint", users + "CREATE UNIQUE INDEX users_token_a ON users (token);\nCREATE UNIQUE INDEX users_token_b ON users (token);\nALTER TABLE users ADD CONSTRAINT users_token_key UNIQUE USING INDEX users_token_a DEFERRABLE INITIALLY DEFERRED;\n", "DROP INDEX users_token_b", []string{dupT1}, "P0001"},
		// Rule 3 (new): CREATE TABLE makes one index of two identical unique constraints
		// (transformIndexConstraints drops the second); the folder keeps users_token_b, which
		// never existed, after users_token_a is dropped.
		{"CREATE TABLE merges two identical unique constraints", "CREATE TABLE users (id bigserial PRIMARY KEY, token text, CONSTRAINT users_token_a UNIQUE (token), CONSTRAINT users_token_b UNIQUE (token));\nINSERT INTO users (token) VALUES ('t1'), (NULL);\nALTER TABLE users DROP CONSTRAINT users_token_a;\nCREATE UNIQUE INDEX users_token_idx ON users (token);\n", "DROP INDEX users_token_idx", []string{onConflict, dupT1}, "42P10"},
		// (pre-existing: NOT NULL columns) the same with PRIMARY KEY UNIQUE.
		{"PRIMARY KEY UNIQUE merged", "CREATE TABLE users (id int PRIMARY KEY UNIQUE, token text);\nINSERT INTO users VALUES (1, 't1');\nALTER TABLE users DROP CONSTRAINT users_pkey;\nCREATE UNIQUE INDEX users_id_idx ON users (id);\n", "DROP INDEX users_id_idx", []string{"INSERT INTO users VALUES (2, 'y') ON CONFLICT (id) DO NOTHING"}, "42P10"},
		// Rule 3 (new): an older key dropped by EXECUTE stays in k.uniq (uniqueKept does not ask
		// sawOpaque).
		{"older unique index dropped by EXECUTE", users + "CREATE UNIQUE INDEX users_token_old ON users (token);\nCREATE UNIQUE INDEX users_token_idx ON users (token);\nDO $$ BEGIN EXECUTE 'DROP INDEX users_token_old'; END $$;\n", "DROP INDEX users_token_idx", []string{onConflict, dupT1}, "42P10"},
		// Rule 3 (new): k.uniq is by bare index name: other.users_token_idx, on other.things, is
		// taken for public.users_token_idx, which users_token_key keeps.
		{"index of the same name in another schema", "CREATE SCHEMA other;\nCREATE TABLE other.things (token text);\nINSERT INTO other.things VALUES ('t1');\nCREATE UNIQUE INDEX users_token_idx ON other.things (token);\n" + usersKey + "CREATE UNIQUE INDEX users_token_idx ON users (token);\n", "DROP INDEX other.users_token_idx", []string{"INSERT INTO other.things VALUES ('t2') ON CONFLICT (token) DO NOTHING"}, "42P10"},
		// (pre-existing: the older NOT NULL reading) SET NOT NULL in a DO branch not taken makes
		// the column NOT NULL to the folder, and a NULLS NOT DISTINCT index is dropped beside a
		// plain one.
		{"SET NOT NULL in a DO branch not taken", users + "CREATE UNIQUE INDEX users_token_key ON users (token);\nCREATE UNIQUE INDEX users_token_nnd ON users (token) NULLS NOT DISTINCT;\nDO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM users WHERE token IS NULL) THEN ALTER TABLE users ALTER COLUMN token SET NOT NULL; END IF; END $$;\n", "DROP INDEX users_token_nnd", []string{dupNull}, "P0001"},
		// (pre-existing, outside the three rules) LIKE is in failSafeOps, but refuses a column of
		// a nondeterministic collation when it runs, on each row the running version writes.
	}

	withstood := []adv8{
		// A user's nondeterministic collation refuses LIKE (0A000): a partial index's LIKE is
		// contract once the folder creates a collation.
		{"LIKE on a nondeterministic collation in a partial index", "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\nCREATE TABLE posts (id int PRIMARY KEY, title text COLLATE ci);\n", "CREATE INDEX posts_drafts ON posts (id) WHERE title LIKE 'draft%'", []string{"INSERT INTO posts VALUES (1, 'x')"}, "0A000"},
		{"unary minus of an int into an int generated column", note, "ALTER TABLE note ADD COLUMN neg_n int GENERATED ALWAYS AS (-n) STORED", minInt, "22003"},
		{"cast to a domain named int4 alone", note + "CREATE DOMAIN public.int4 AS smallint;\n", "ALTER TABLE note ADD COLUMN body_len int GENERATED ALWAYS AS (char_length(body)::public.int4) STORED", []string{"INSERT INTO note (body) VALUES (repeat('x', 40000))"}, "22003"},
		{"replica identity index renamed", "CREATE TABLE users (id int NOT NULL, token text NOT NULL, CONSTRAINT users_token_key UNIQUE (token));\nINSERT INTO users VALUES (1, 't1');\nCREATE UNIQUE INDEX users_token_idx ON users (token);\nALTER TABLE users REPLICA IDENTITY USING INDEX users_token_idx;\nALTER INDEX users_token_idx RENAME TO users_token_ri;\nCREATE PUBLICATION users_pub FOR TABLE users;\n", "DROP INDEX users_token_ri", []string{"UPDATE users SET id = 2 WHERE token = 't1'"}, "55000"},
		{"NULLS NOT DISTINCT index through a column rename", usersKey + "CREATE UNIQUE INDEX users_token_nnd ON users (token) NULLS NOT DISTINCT;\nALTER TABLE users RENAME COLUMN token TO tok;\n", "DROP INDEX users_token_nnd", []string{"DO $$ BEGIN INSERT INTO users (tok) VALUES (NULL); RAISE EXCEPTION 'a second NULL was taken'; EXCEPTION WHEN unique_violation THEN NULL; END $$"}, "P0001"},
		{"NULLS NOT DISTINCT index renamed", usersKey + "CREATE UNIQUE INDEX users_token_nnd ON users (token) NULLS NOT DISTINCT;\nALTER INDEX users_token_nnd RENAME TO users_token_nnd2;\n", "DROP INDEX users_token_nnd2", []string{dupNull}, "P0001"},
		{"older key partial", users + "CREATE UNIQUE INDEX users_token_p ON users (token) WHERE token IS NOT NULL;\nCREATE UNIQUE INDEX users_token_idx ON users (token);\n", "DROP INDEX users_token_idx", []string{onConflict}, "42P10"},
		{"older key on an expression", users + "CREATE UNIQUE INDEX users_token_l ON users ((lower(token)));\nCREATE UNIQUE INDEX users_token_idx ON users (token);\n", "DROP INDEX users_token_idx", []string{onConflict}, "42P10"},
		{"older key deferrable", users + "ALTER TABLE users ADD CONSTRAINT users_token_key UNIQUE (token) DEFERRABLE INITIALLY DEFERRED;\nCREATE UNIQUE INDEX users_token_idx ON users (token);\n", "DROP INDEX users_token_idx", []string{dupT1}, "P0001"},
		{"dropped with its older twin in two statements", users + "CREATE UNIQUE INDEX users_token_a ON users (token);\nCREATE UNIQUE INDEX users_token_b ON users (token);\n", "DROP INDEX users_token_b;\nDROP INDEX users_token_a", []string{dupT1}, "P0001"},
	}

	holds := []struct {
		name, schema, change string
		serving              []string
	}{
		{"qualified char_length beside a shadow", note + shadowCharLength, "ALTER TABLE note ADD COLUMN v_len int GENERATED ALWAYS AS (pg_catalog.char_length(v)) STORED", []string{"INSERT INTO note (v) VALUES ('')"}},
		{"unary minus of an int cast to bigint", note, "ALTER TABLE note ADD COLUMN neg_n bigint GENERATED ALWAYS AS (-(n::bigint)) STORED", minInt},
	}

	t.Run("breaks_now", func(t *testing.T) { runAdv8(t, breaksNow) })
	// Safe, and contract since the rules learnt that a user's || may take the call: the casts
	// to text make pg_catalog's textcat the exact match, which Greenlight does not reason about.
	t.Run("safe_contract", func(t *testing.T) {
		m, works, failure := servingAcross(t, uploads+vcat, "CREATE INDEX uploads_dest_ns ON uploads ((destination_id::text || namespace::text))",
			[]string{"INSERT INTO uploads (destination_id, namespace) VALUES ('d2', '')"})
		if !works || m.Class != migrate.ClassContract {
			t.Errorf("works %v (%v), classified %s; want safe and contract", works, failure, m.Class)
		}
	})
	t.Run("withstood", func(t *testing.T) { runAdv8(t, withstood) })
	t.Run("holds", func(t *testing.T) {
		for _, c := range holds {
			t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				measuredThenClassified(t, c.schema, c.change, c.serving, true)
			})
		}
	})

	// Rule 4: a function called in a SELECT is warned of as a DO block is; every warning given
	// before 2ee8305 is still given (the lock_timeout one moves to the SELECT's line, the first
	// to take a lock that blocks writes).
	t.Run("select_warnings_kept", func(t *testing.T) {
		const base = "-- +goose Up\nCREATE TABLE t (id int PRIMARY KEY, name text);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
		const opaqueWarning = "Greenlight cannot read which locks it takes"
		const timeoutWarning = "without SET lock_timeout before it"
		for _, c := range []struct {
			up           string
			class        migrate.Class
			want, absent []string
		}{
			{"SELECT f();", migrate.ClassContract, []string{opaqueWarning, timeoutWarning}, nil},
			{"SET lock_timeout = '5s';\nSELECT f();", migrate.ClassContract, []string{opaqueWarning}, []string{timeoutWarning}},
			{"SELECT f();\nALTER TABLE t ALTER COLUMN name SET NOT NULL;", migrate.ClassContract, []string{opaqueWarning, "SET NOT NULL scans the whole table", timeoutWarning}, nil},
			{"SELECT f();\nUPDATE t SET name = 'x';", migrate.ClassContract, []string{opaqueWarning, "an UPDATE of a whole table locks every row"}, nil},
			{"LOCK TABLE t IN ACCESS EXCLUSIVE MODE;\nSELECT f() FROM t;", migrate.ClassContract, []string{"LOCK ACCESS EXCLUSIVE blocks", opaqueWarning, "it runs while the ACCESS EXCLUSIVE lock line 2 took on t is held"}, nil},
			{"DO $$ BEGIN IF f() = 1 THEN ALTER TABLE t ADD COLUMN c int; END IF; END $$;", migrate.ClassContract, []string{opaqueWarning, timeoutWarning}, nil},
			{"SELECT count(*) FROM t;", migrate.ClassExpand, nil, []string{opaqueWarning, timeoutWarning}},
		} {
			ms, err := migrate.ReadDir(files("00001_a.sql", base, "00002_b.sql", "-- +goose Up\n"+c.up+"\n-- +goose Down\nSELECT 1;\n"))
			if err != nil {
				t.Fatal(err)
			}
			m := ms[1]
			all := strings.Join(m.Warnings, "\n")
			if m.Class != c.class {
				t.Errorf("%q: classified %s, want %s", c.up, m.Class, c.class)
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("%q: no warning %q in:\n%s", c.up, w, all)
				}
			}
			for _, w := range c.absent {
				if strings.Contains(all, w) {
					t.Errorf("%q: warning %q in:\n%s", c.up, w, all)
				}
			}
		}
	})
}
