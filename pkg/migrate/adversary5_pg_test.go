package migrate_test

import "testing"

// TestAdversary5OnPostgres holds a fifth attacking review's cases, against the rules of the
// last three commits (classify_fail.go's cannotFailOn, defaultFits and defaultRefused,
// indexBacksConstraint, shadowed, seqTypes; the DO block's k.inDo; time precision in
// typeChange; view defaults; default partitions): each breaks an ordinary statement of the
// serving version on PostgreSQL 15 (runAdv3 checks it works before the migration and fails
// after) and was classified expand when written. All 22 are contract since (docs/databases.md,
// "A fifth attacking review").
func TestAdversary5OnPostgres(t *testing.T) {
	refused := func(insert, exc string) string {
		return "DO $$ BEGIN " + insert + "; RAISE EXCEPTION 'not refused'; EXCEPTION WHEN " + exc + " THEN NULL; END $$"
	}
	users := adv4Role + "CREATE TABLE users (id int PRIMARY KEY, email text);\nGRANT SELECT ON users TO adv4_app;\nINSERT INTO users VALUES (1, 'a');\n"
	runAdv3(t, []adversary{
		// 42703: the view adv4_app.users now answers the serving role's unqualified users ("$user" first in search_path); classify_net.go:view never calls classify_table.go:shadowed, which only createTable does.
		{"view in the serving role's schema shadows its table", users,
			"CREATE SCHEMA adv4_app AUTHORIZATION adv4_app;\nCREATE VIEW adv4_app.users AS SELECT id FROM public.users",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
		// 42703: the schema's own CREATE TABLE makes adv4_app.users; classify.go:classifyNode (CreateSchemaStmt) reads only "adds schema" and never classifies SchemaElts (nor calls shadowed).
		{"CREATE SCHEMA with a table element shadows", users,
			"CREATE SCHEMA adv4_app AUTHORIZATION adv4_app CREATE TABLE users (id bigint PRIMARY KEY)",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
		// 42703: the table made by CREATE TABLE AS shadows public.users for the serving role; classify.go:classifyNode (CreateTableAsStmt) adds it without classify_table.go:shadowed.
		{"CREATE TABLE AS in the serving role's schema shadows", users,
			"CREATE SCHEMA adv4_app AUTHORIZATION adv4_app;\nCREATE TABLE adv4_app.users AS SELECT id FROM public.users",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
		// 22003: 50000000.00 * 100 does not fit integer; classify_fail.go:defaultFits takes any expression as fitting an integer type without modifiers (and cannotFailOn/numericExpr passes the numeric product), so classify_table.go:addColumn's generatedFails is false.
		{"generated integer cents from numeric price", "CREATE TABLE products (id int PRIMARY KEY, price numeric(12,2));\nINSERT INTO products VALUES (1, 9.99);\n",
			"ALTER TABLE products ADD COLUMN price_cents integer GENERATED ALWAYS AS (price * 100) STORED",
			[]string{"INSERT INTO products (id, price) VALUES (2, 50000000.00)"}},
		// 22003 (value overflows numeric format): a numeric column holds up to 131072 digits before the point, and 9e131071 * 100 has more; classify_fail.go:numericExpr says no such expression of stored values leaves numeric's range.
		{"index on numeric times a constant overflows numeric", "CREATE TABLE ledger (id int PRIMARY KEY, amount numeric);\nINSERT INTO ledger VALUES (1, 9.99);\n",
			"CREATE INDEX ledger_cents_idx ON ledger ((amount * 100))",
			[]string{"INSERT INTO ledger (id, amount) VALUES (2, 9e131071)"}},
		// 22008: date's range reaches 5874897 AD, timestamp's only 294276 AD; classify_fail.go:cannotFailOn (TypeCast to timestamp) says a value between the date and time types always converts.
		{"index on a date cast to timestamp", "CREATE TABLE tasks (id int PRIMARY KEY, due_on date);\nINSERT INTO tasks VALUES (1, '2024-01-01');\n",
			"CREATE INDEX tasks_due_ts_idx ON tasks ((due_on::timestamp))",
			[]string{"INSERT INTO tasks (id, due_on) VALUES (2, '300000-01-01')"}},
		// 22008: COALESCE casts the date argument to timestamp implicitly; classify_fail.go:cannotFailOn (CoalesceExpr) passes every argument that is a column and never sees the coercion.
		{"index on COALESCE of a date and a timestamp", "CREATE TABLE tasks (id int PRIMARY KEY, due_on date, created_at timestamp NOT NULL DEFAULT '2024-01-01');\nINSERT INTO tasks VALUES (1, '2024-01-01');\n",
			"CREATE INDEX tasks_when_idx ON tasks (COALESCE(due_on, created_at))",
			[]string{"INSERT INTO tasks (id, due_on) VALUES (2, '300000-01-01')"}},
		// 22025: a pattern read from a column may end with the escape character; classify_fail.go:cannotFailOn (AEXPR_LIKE, failSafeOps ~~) assumes the pattern is constant but never checks it.
		{"partial index on LIKE with a column pattern", "CREATE TABLE rules (id int PRIMARY KEY, path text, pattern text);\nINSERT INTO rules VALUES (1, 'a/b', 'a/%');\n",
			"CREATE INDEX rules_matching_idx ON rules (id) WHERE path LIKE pattern",
			[]string{`INSERT INTO rules VALUES (2, 'a\', 'a\')`}},
		// 22004: with intarray installed, @> on int[] is intarray's and refuses NULL elements; classify_fail.go:cannotFailOn (failSafeOps @>) takes @> as never failing whatever operator it resolves to.
		{"partial index on intarray's @>", "CREATE EXTENSION intarray;\nCREATE TABLE posts (id int PRIMARY KEY, tag_ids int[]);\nINSERT INTO posts VALUES (1, '{1,2}');\n",
			"CREATE INDEX posts_featured_idx ON posts (id) WHERE tag_ids @> '{7}'",
			[]string{"INSERT INTO posts VALUES (2, '{1,NULL}')"}},
		// 22003: extract(epoch from now()) * 1000 is a numeric near 1.7e12, which an integer column refuses; classify_fail.go:defaultFits takes a function's value as fitting any type without modifiers.
		{"default from a function too large for integer", "CREATE TABLE events (id int PRIMARY KEY, created_ms int);\nINSERT INTO events VALUES (1, 1);\n",
			"ALTER TABLE events ALTER COLUMN created_ms SET DEFAULT extract(epoch from now()) * 1000",
			[]string{"INSERT INTO events (id) VALUES (2)"}},
		// 22001: the domain's base type varchar(8) cuts/checks the default only when an INSERT uses it; classify_fail.go:defaultFits sees the domain name, not its base varchar(8), and checkedDomains holds only domains with constraints.
		{"default longer than a domain's varchar", "CREATE DOMAIN short_name AS varchar(8);\nCREATE TABLE tasks (id int PRIMARY KEY, assignee short_name);\nINSERT INTO tasks VALUES (1, 'ann');\n",
			"ALTER TABLE tasks ALTER COLUMN assignee SET DEFAULT 'unassigned'",
			[]string{"INSERT INTO tasks (id) VALUES (2)"}},
		// 22003 (numeric field overflow): 9.999 rounds to 10.00, beyond numeric(3,2); classify_fail.go:defaultFits counts the digits before the point before rounding to the scale.
		{"numeric default that rounds past its precision", "CREATE TABLE rates (id int PRIMARY KEY, ratio numeric(3,2));\nINSERT INTO rates VALUES (1, 1);\n",
			"ALTER TABLE rates ALTER COLUMN ratio SET DEFAULT 9.999",
			[]string{"INSERT INTO rates (id) VALUES (2)"}},
		// 22001: a view's default goes into the base table's varchar(8) on INSERTs through the view that leave it out; classify_table.go:alterCmd (AT_ColumnDefault) skips defaultRefused when objtype is OBJECT_VIEW.
		{"view default longer than the base varchar", "CREATE TABLE tasks (id int PRIMARY KEY, assignee varchar(8));\nCREATE VIEW open_tasks AS SELECT id, assignee FROM tasks;\n",
			"ALTER VIEW open_tasks ALTER COLUMN assignee SET DEFAULT 'unassigned'",
			[]string{"INSERT INTO open_tasks (id) VALUES (2)"}},
		// 23505: a constant view default repeats in the base table's unique key on INSERTs through the view; classify_table.go:alterCmd (AT_ColumnDefault) skips defaultRefused for views.
		{"view default on a unique base column", "CREATE TABLE users (id int PRIMARY KEY, referral_code text UNIQUE);\nCREATE VIEW active_users AS SELECT id, referral_code FROM users;\n",
			"ALTER VIEW active_users ALTER COLUMN referral_code SET DEFAULT ''",
			[]string{"INSERT INTO active_users (id) VALUES (2), (3)"}},
		// 23502: ALTER TABLE sets a view's column default too, and the view created again has none; classify_table.go:alterCmd records viewDefaults only when objtype is OBJECT_VIEW, so classify_net.go:view's settle keeps the drop expand.
		{"view default set by ALTER TABLE lost when the view is created again", "CREATE TABLE notes (id int PRIMARY KEY, body text, visibility text NOT NULL);\nCREATE VIEW public_notes AS SELECT id, body, visibility FROM notes;\nALTER TABLE public_notes ALTER COLUMN visibility SET DEFAULT 'public';\n",
			"DROP VIEW public_notes;\nCREATE VIEW public_notes AS SELECT id, body, visibility FROM notes",
			[]string{"INSERT INTO public_notes (id, body) VALUES (2, 'b')"}},
		// 42704: ADD UNIQUE USING INDEX without a name names the constraint after the index, so renaming the index renames the constraint; classify_table.go:constraintName records users_key, and classify_fail.go:indexBacksConstraint then finds the index made by CREATE INDEX and says it backs none.
		{"unnamed UNIQUE USING INDEX renamed", "CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE UNIQUE INDEX users_email_uniq ON users (email);\nALTER TABLE users ADD UNIQUE USING INDEX users_email_uniq;\n",
			"ALTER INDEX users_email_uniq RENAME TO users_email_key",
			[]string{"INSERT INTO users VALUES (2, 'a') ON CONFLICT ON CONSTRAINT users_email_uniq DO NOTHING"}},
		// 2200H: the bigint sequence's MAXVALUE 99999 is reached sooner with a larger step; classify.go:sequenceOptions takes a sequence known to be bigint (seqTypes) as having no reachable maximum and ignores its MAXVALUE.
		{"larger increment on a bigint sequence with a MAXVALUE", "CREATE SEQUENCE invoice_no_seq MAXVALUE 99999;\nCREATE TABLE invoices (no bigint PRIMARY KEY DEFAULT nextval('invoice_no_seq'), total numeric);\nSELECT setval('invoice_no_seq', 99990);\n",
			"ALTER SEQUENCE invoice_no_seq INCREMENT BY 10",
			[]string{"INSERT INTO invoices (total) VALUES (1)"}},
		// 2200H: the bigint identity's MAXVALUE 99999 is reached sooner; classify_table.go:alterCmd (identity options) passes bigint to classify.go:sequenceOptions, which ignores the sequence's MAXVALUE.
		{"larger increment on a bigint identity with a MAXVALUE", "CREATE TABLE tickets (id bigint GENERATED BY DEFAULT AS IDENTITY (MAXVALUE 99999) PRIMARY KEY, title text);\nSELECT setval('tickets_id_seq', 99990);\n",
			"ALTER TABLE tickets ALTER COLUMN id SET INCREMENT BY 10",
			[]string{"INSERT INTO tickets (title) VALUES ('a')"}},
		// changed answer (P0001 'not refused'): timestamp(0) rounded 10:00:00.4 onto the booked 10:00:00 and the unique key refused it (23505), timestamp(3) keeps both; classify_table.go:typeChange counts a finer time precision as compatible, though for numeric it demands the same scale.
		{"timestamp precision widened under a unique key", "CREATE TABLE bookings (room int NOT NULL, starts_at timestamp(0) NOT NULL, UNIQUE (room, starts_at));\nINSERT INTO bookings VALUES (1, '2024-01-01 10:00:00');\n",
			"ALTER TABLE bookings ALTER COLUMN starts_at TYPE timestamp(3)",
			[]string{refused("INSERT INTO bookings VALUES (1, '2024-01-01 10:00:00.4')", "unique_violation")}},
		// 23502: rows of 2025 went to the DEFAULT partition before, now to events_2025 with its own NOT NULL; classify_table.go:createTable calls every PARTITION OF expand, without the mayHaveDefaultPartition check ATTACH PARTITION has.
		{"partition with NOT NULL created beside a default partition", "CREATE TABLE events (id int, created date NOT NULL, note text) PARTITION BY RANGE (created);\nCREATE TABLE events_default PARTITION OF events DEFAULT;\nINSERT INTO events VALUES (1, '2024-01-05', 'x');\n",
			"CREATE TABLE events_2025 PARTITION OF events (note NOT NULL) FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
			[]string{"INSERT INTO events (id, created) VALUES (2, '2025-03-01')"}},
		// 22001: the DO block's branch is not taken on PostgreSQL 15, so assignee stays varchar(8); classify_do.go:doBlock (k.inDo) makes only addColumn and createTable doubt that a statement ran, and the ALTER COLUMN TYPE still sets k.cols, which classify_fail.go:defaultFits reads.
		{"DO block widens a column in a branch not taken, then a default", "CREATE TABLE tasks (id int PRIMARY KEY, assignee varchar(8));\nINSERT INTO tasks VALUES (1, 'ann');\n",
			"DO $$ BEGIN IF current_setting('server_version_num')::int >= 160000 THEN ALTER TABLE tasks ALTER COLUMN assignee TYPE varchar(16); END IF; END $$;\nALTER TABLE tasks ALTER COLUMN assignee SET DEFAULT 'unassigned'",
			[]string{"INSERT INTO tasks (id) VALUES (2)"}},
		// 22003: an array subscript is cast to integer by assignment, and 3000000000 does not fit; classify_fail.go:cannotFailOn (AIndirection) passes a subscript that is a bigint column.
		{"index on an array element at a bigint position", "CREATE TABLE boards (id int PRIMARY KEY, slots text[], pos bigint);\nINSERT INTO boards VALUES (1, '{a,b}', 1);\n",
			"CREATE INDEX boards_slot_idx ON boards ((slots[pos]))",
			[]string{"INSERT INTO boards VALUES (2, '{a}', 3000000000)"}},
	})
}
