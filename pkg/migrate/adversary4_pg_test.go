package migrate_test

import (
	"strings"
	"testing"
)

// adv4Role makes the role the serving version connects as (roles belong to the cluster, which
// the tests' databases share): row security, privileges and "$user" in search_path apply to
// it, not to the superuser the harness runs as.
const adv4Role = "DO $$ BEGIN CREATE ROLE adv4_app; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"

// TestAdversary4OnPostgres holds a fourth attacking review's cases: each breaks an ordinary
// statement of the serving version on PostgreSQL 15 (runAdv3 checks it works before the
// migration and fails after) and was classified expand. 21 of its 23 are contract since: a DO
// block's statements count as IF NOT EXISTS would (they may not run); a domain's new default
// reaches the columns added before it; a write through a view writes its tables; SET DEFAULT
// must fit the column's type, CHECKs, foreign keys and unique keys (defaultRefused); a stored
// generated column and an index's expressions and predicate must not fail (cannotFail); a
// constraint's index renamed renames the constraint; a function beside one of the same name;
// COLLATE and real to double precision change answers; a partition attached beside a DEFAULT
// one; constants that overflow when PostgreSQL folds them (pgInt); row security beside
// policies the folder does not show; a table of a name another schema has; an extension
// Greenlight does not know; a larger sequence increment; a view's column defaults. The other
// two are in TestAdversary4BeyondTheRules.
func TestAdversary4OnPostgres(t *testing.T) {
	runAdv3(t, []adversary{
		// 23514: the ADD COLUMN swallowed by EXCEPTION leaves state as it was, yet classify_do.go:doBlock feeds it to classify_table.go:addColumn as run, so classify_check.go:checkHolds takes state for NULL.
		{"DO block adds a column it may skip, then a check", "CREATE TABLE events (id int PRIMARY KEY, state text);\nINSERT INTO events VALUES (1, 'open');\n",
			"DO $$ BEGIN ALTER TABLE events ADD COLUMN state text; EXCEPTION WHEN duplicate_column THEN NULL; END $$;\nALTER TABLE events ADD CONSTRAINT state_chk CHECK (state IN ('closed')) NOT VALID",
			[]string{"INSERT INTO events (id, state) VALUES (2, 'open')", "UPDATE events SET state = 'open' WHERE id = 1"}},
		// 23503: the branch not taken adds nothing, yet classify_do.go:doBlock classifies it as run, so classify_table.go:addConstraint (allNewNull) takes owner for a new NULL column.
		{"DO block adds a column in a branch not taken, then a foreign key", "CREATE TABLE owners (id int PRIMARY KEY);\nCREATE TABLE jobs (id int PRIMARY KEY, owner int);\n",
			"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'owner') THEN ALTER TABLE jobs ADD COLUMN owner int; END IF; END $$;\nALTER TABLE jobs ADD CONSTRAINT jobs_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id) NOT VALID",
			[]string{"INSERT INTO jobs (id, owner) VALUES (2, 5)"}},
		// 23514: the domain's new default fills the column, but classify_check.go:newColumnValues still holds newCols from before it (classify.go:classifyNode, AlterDomainStmt, updates only noDefaultTypes).
		{"domain default set after the column is added", "CREATE DOMAIN state_t AS text;\nCREATE TABLE posts (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE posts ADD COLUMN state state_t;\nALTER DOMAIN state_t SET DEFAULT 'draft';\nALTER TABLE posts ADD CONSTRAINT state_chk CHECK (state IN ('published', 'archived')) NOT VALID",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'b')"}},
		// 23505: the UPDATE through jobs_v writes jobs, but classify.go:classify records k.wrote under the view's name, so classify_table.go:sparesRunning trusts unique_key to be NULL.
		{"backfill through an updatable view, then a unique index", "CREATE TABLE jobs (id int PRIMARY KEY, kind text);\nINSERT INTO jobs VALUES (1, 'a'), (2, 'b');\n",
			"ALTER TABLE jobs ADD COLUMN unique_key text;\nCREATE VIEW jobs_v AS SELECT * FROM jobs;\nUPDATE jobs_v SET unique_key = kind;\nCREATE UNIQUE INDEX jobs_kind_unique ON jobs (kind) WHERE unique_key IS NOT NULL",
			[]string{"UPDATE jobs SET kind = 'b' WHERE id = 1"}},
		// 23514: classify_table.go:alterCmd (AT_ColumnDefault) checks a new default only against NOT NULL, not the column's CHECK.
		{"default set that the column's check refuses", "CREATE TABLE tickets (id int PRIMARY KEY, status text CHECK (status IN ('open', 'closed')));\nINSERT INTO tickets VALUES (1, 'open');\n",
			"ALTER TABLE tickets ALTER COLUMN status SET DEFAULT 'new'",
			[]string{"INSERT INTO tickets (id) VALUES (2)"}},
		// 23505: classify_table.go:alterCmd (AT_ColumnDefault): a constant default on a UNIQUE column makes the serving version's INSERTs that leave it out collide.
		{"default set on a unique column", "CREATE TABLE users (id int PRIMARY KEY, referral_code text UNIQUE);\nINSERT INTO users VALUES (1, '');\n",
			"ALTER TABLE users ALTER COLUMN referral_code SET DEFAULT ''",
			[]string{"INSERT INTO users (id) VALUES (2)"}},
		// 22001: classify_table.go:alterCmd (AT_ColumnDefault): PostgreSQL coerces the default only when it is used, so the INSERTs that leave the column out fail.
		{"default set longer than the varchar", "CREATE TABLE tasks (id int PRIMARY KEY, assignee varchar(8));\nINSERT INTO tasks VALUES (1, 'ann');\n",
			"ALTER TABLE tasks ALTER COLUMN assignee SET DEFAULT 'unassigned'",
			[]string{"INSERT INTO tasks (id) VALUES (2)"}},
		// 22001: classify_table.go:addColumn counts a stored generated column as a default, but it is computed from the serving version's writes and may not fit its type.
		{"stored generated column cut to a varchar", "CREATE TABLE posts (id int PRIMARY KEY, title text);\nINSERT INTO posts VALUES (1, 'Hello');\n",
			"ALTER TABLE posts ADD COLUMN slug varchar(32) GENERATED ALWAYS AS (lower(title)) STORED",
			[]string{"INSERT INTO posts (id, title) VALUES (2, 'A title of more than thirty-two characters')"}},
		// 22P02: classify_table.go:createIndex (default branch) takes a plain index as harmless, but its expression runs on every write.
		{"index on an expression that casts", "CREATE TABLE orders (id int PRIMARY KEY, meta jsonb);\nINSERT INTO orders VALUES (1, '{\"ref\": \"17\"}');\n",
			"CREATE INDEX orders_ref_idx ON orders (((meta->>'ref')::bigint))",
			[]string{"INSERT INTO orders (id, meta) VALUES (2, '{\"ref\": \"A-17\"}')"}},
		// 42704: renaming a constraint's index renames the constraint; classify_table.go:rename (OBJECT_INDEX) says queries do not name indexes, yet the same rename as RENAME CONSTRAINT is contract.
		{"unique index renamed under its constraint", "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);\nINSERT INTO users VALUES (1, 'a');\n",
			"ALTER INDEX users_email_key RENAME TO users_email_uniq",
			[]string{"INSERT INTO users VALUES (2, 'a') ON CONFLICT ON CONSTRAINT users_email_key DO NOTHING"}},
		// 42725: classify.go:classifyNode (CreateFunctionStmt) takes CREATE FUNCTION without OR REPLACE for expand even when a function of that name exists: the overload makes calls ambiguous.
		{"function overload with a default parameter", "CREATE FUNCTION price_label(amount numeric) RETURNS text LANGUAGE sql AS $$ SELECT '$' || amount::text $$;\nCREATE TABLE items (id int PRIMARY KEY, price numeric);\nINSERT INTO items VALUES (1, 9.99);\n",
			"CREATE FUNCTION price_label(amount numeric, currency text DEFAULT 'USD') RETURNS text LANGUAGE sql AS $$ SELECT currency || ' ' || amount::text $$",
			[]string{"SELECT price_label(price) FROM items"}},
		// 0A000: classify_table.go:alterCmd (AT_AlterColumnType) passes typeChange, which ignores the COLLATE clause; a nondeterministic collation refuses LIKE and changes equality.
		{"varchar to text with a nondeterministic collation", "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\nCREATE TABLE users (id int PRIMARY KEY, email varchar(100));\nINSERT INTO users VALUES (1, 'a@example.com');\n",
			"ALTER TABLE users ALTER COLUMN email TYPE text COLLATE ci",
			[]string{"SELECT id FROM users WHERE email LIKE 'a%'"}},
		// changed answer (P0001 in the check): classify_table.go:typeChange counts float4 to float8 as widening, but real's 4.1 becomes 4.099999904632568, which = '4.1' no longer finds.
		{"float4 to float8 changes what an equality finds", "CREATE TABLE products (id int PRIMARY KEY, rating real);\nINSERT INTO products VALUES (1, '4.1');\n",
			"ALTER TABLE products ALTER COLUMN rating TYPE double precision",
			[]string{"DO $$ BEGIN PERFORM 1 FROM products WHERE rating = '4.1'; IF NOT FOUND THEN RAISE EXCEPTION 'the product rated 4.1 is not found'; END IF; END $$"}},
		// 23502: classify_table.go:alterCmd (AT_AttachPartition) says inserts in the range were refused before, but a DEFAULT partition took them, and the new partition's own NOT NULL now applies.
		{"partition with NOT NULL takes the default partition's writes", "CREATE TABLE events (id int, created date NOT NULL, note text) PARTITION BY RANGE (created);\nCREATE TABLE events_default PARTITION OF events DEFAULT;\nINSERT INTO events VALUES (1, '2024-01-05', 'x');\n",
			"CREATE TABLE events_2025 (id int, created date NOT NULL, note text NOT NULL);\nALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
			[]string{"INSERT INTO events (id, created) VALUES (2, '2025-03-01')"}},
		// 22003: classify_net.go:looserCheck folds 4 * 1024 * 1024 * 1024 with big integers (intConst), where PostgreSQL folds it in int4 when it plans the check, on every write.
		{"looser check whose bound overflows integer", "CREATE TABLE uploads (id int PRIMARY KEY, size_bytes bigint, CONSTRAINT size_cap CHECK (size_bytes < 1024 * 1024 * 1024));\nINSERT INTO uploads VALUES (1, 10);\n",
			"ALTER TABLE uploads DROP CONSTRAINT size_cap;\nALTER TABLE uploads ADD CONSTRAINT size_cap CHECK (size_bytes < 4 * 1024 * 1024 * 1024) NOT VALID",
			[]string{"INSERT INTO uploads (id, size_bytes) VALUES (2, 20)"}},
		// 22003: classify_check.go:evalTruth lets an OR be true beside an operand it cannot read, but PostgreSQL folds that operand's constants when it plans the check, and the fold fails.
		{"check on a new column whose bound overflows integer", "CREATE TABLE accounts (id int PRIMARY KEY, name text);\nINSERT INTO accounts VALUES (1, 'a');\n",
			"ALTER TABLE accounts ADD COLUMN quota_bytes bigint;\nALTER TABLE accounts ADD CONSTRAINT quota_cap CHECK (quota_bytes IS NULL OR quota_bytes <= 4 * 1024 * 1024 * 1024) NOT VALID",
			[]string{"INSERT INTO accounts (id, name) VALUES (2, 'b')"}},
		// 42501: classify_net.go:openRowSecurity trusts "no other policy" from the folder (k.rowSec), never asking pg_policy, and the restrictive policy made by EXECUTE applies once row security is on.
		{"open policy beside a restrictive one made by EXECUTE", adv4Role + "CREATE TABLE docs (id int PRIMARY KEY, owner text, body text);\nGRANT SELECT, INSERT, UPDATE ON docs TO adv4_app;\nDO $$ BEGIN EXECUTE 'CREATE POLICY own_rows ON docs AS RESTRICTIVE USING (owner = current_user)'; END $$;\nINSERT INTO docs VALUES (1, 'someone', 'x');\n",
			"ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\nCREATE POLICY open_access ON docs USING (true) WITH CHECK (true)",
			[]string{"SET ROLE adv4_app; INSERT INTO docs VALUES (2, 'someone', 'y')"}},
		// 42501: "$user" comes first in the default search_path, so the serving version's users is now adv4_app.users; classify.go:classifyNode (CreateSchemaStmt, createTable) calls both harmless.
		{"schema named after the serving role shadows its tables", adv4Role + "CREATE TABLE users (id int PRIMARY KEY, email text);\nGRANT SELECT ON users TO adv4_app;\nINSERT INTO users VALUES (1, 'a');\n",
			"CREATE SCHEMA adv4_app AUTHORIZATION adv4_app;\nCREATE TABLE adv4_app.users (id bigint PRIMARY KEY, email text)",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
		// 22004: classify.go:classifyNode (CreateExtensionStmt) calls every extension a new object, but intarray's int[] operators take the serving version's @> and refuse NULL elements.
		{"intarray's operators take int[]", "CREATE TABLE posts (id int PRIMARY KEY, tag_ids int[]);\nINSERT INTO posts VALUES (1, '{1,NULL}');\n",
			"CREATE EXTENSION intarray",
			[]string{"SELECT id FROM posts WHERE tag_ids @> ARRAY[1]"}},
		// 2200H: classify.go:sequenceOptions takes any positive INCREMENT for expand, but a larger step runs past MAXVALUE sooner.
		{"sequence increment past its maximum", "CREATE TABLE jobs (id serial PRIMARY KEY, kind text);\nSELECT setval('jobs_id_seq', 2000000000);\n",
			"ALTER SEQUENCE jobs_id_seq INCREMENT BY 200000000",
			[]string{"INSERT INTO jobs (kind) VALUES ('a')"}},
		// 23502: classify_net.go:view (sameViewPlusColumns) and privileges are compared, but the dropped view's column defaults (ALTER VIEW … SET DEFAULT) are not carried over.
		{"view recreated without its column default", "CREATE TABLE notes (id int PRIMARY KEY, body text, visibility text NOT NULL);\nCREATE VIEW public_notes AS SELECT id, body, visibility FROM notes;\nALTER VIEW public_notes ALTER COLUMN visibility SET DEFAULT 'public';\n",
			"DROP VIEW public_notes;\nCREATE VIEW public_notes AS SELECT id, body, visibility FROM notes",
			[]string{"INSERT INTO public_notes (id, body) VALUES (2, 'b')"}},
	})
}

// TestAdversary4BeyondTheRules keeps the evidence for two breaking changes the classifier
// calls expand by decision (docs/databases.md, "What the rules do not count"): int to bigint,
// which issue 25 lists among the safe changes (rule T: the same type for reads and binds),
// though operators and functions declared for integer take no bigint (date + int: 42883); and
// a btree index on a text column, whose entries have a size limit (2704 bytes: 54000) that no
// rule counts, as squawk and strong_migrations do not. Each must still break on PostgreSQL 15;
// the classifier's answer is logged.
func TestAdversary4BeyondTheRules(t *testing.T) {
	for _, c := range []adversary{
		// 54000: classify_table.go:createIndex (default branch): a btree entry has a size limit (2704 bytes) the unbounded text column did not have.
		{"btree index on an unbounded text column", "CREATE TABLE docs (id int PRIMARY KEY, body text);\nINSERT INTO docs VALUES (1, 'short');\n",
			"CREATE INDEX docs_body_idx ON docs (body)",
			[]string{"INSERT INTO docs (id, body) VALUES (2, (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 200) i))"}},
		// 42883: classify_table.go:typeChange counts int4 to int8 as widening, but operators and functions typed integer (date + int, repeat, left) take no bigint.
		{"int to bigint where date + int reads it", "CREATE TABLE invoices (id int PRIMARY KEY, issued_on date, due_days int);\nINSERT INTO invoices VALUES (1, '2024-01-01', 30);\n",
			"ALTER TABLE invoices ALTER COLUMN due_days TYPE bigint",
			[]string{"SELECT id FROM invoices WHERE issued_on + due_days < current_date"}},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			m, works, after := servingAcross(t, c.schema, c.change, c.serving)
			if works {
				t.Fatalf("nothing the serving version does breaks")
			}
			t.Logf("breaks (SQLSTATE %s); classified %s: %s", sqlstate(after), m.Class, m.Summary())
		})
	}
}
