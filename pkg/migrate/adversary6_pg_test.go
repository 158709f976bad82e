package migrate_test

import "testing"

// TestAdversary6OnPostgres holds a sixth attacking review's cases, against the rules of the last
// four commits (classify_fail.go's cannotFailOn, exprType, epochCall/numericBound, valueFits,
// resolveDomain; seqTypes; shadowed; mayHaveDefaultPartition; k.inDo): each breaks an ordinary
// statement of the serving version on PostgreSQL 15 (runAdv3 checks it works before the
// migration and fails after) and was classified expand when written. All 16 are contract since
// (docs/databases.md, "A sixth attacking review").
func TestAdversary6OnPostgres(t *testing.T) {
	users := adv4Role + "CREATE TABLE users (id int PRIMARY KEY, email text);\nGRANT SELECT ON users TO adv4_app;\nINSERT INTO users VALUES (1, 'a');\n"
	notTaken := "IF current_setting('server_version_num')::int >= 160000 THEN "
	events := "CREATE TABLE events (id int, created date NOT NULL, ref text) PARTITION BY RANGE (created);\nCREATE TABLE events_default PARTITION OF events DEFAULT;\nINSERT INTO events VALUES (1, '2024-01-05', 'x');\n"
	runAdv3(t, []adversary{
		// 0A000 (cannot convert infinity to bigint): extract(epoch from 'infinity') is numeric Infinity; classify_fail.go:numericBound bounds epochCall by 10^13, so valueFits takes the product for a bigint.
		{"generated bigint milliseconds of an infinite timestamp", "CREATE TABLE sessions (id int PRIMARY KEY, expires_at timestamp);\nINSERT INTO sessions VALUES (1, '2024-01-01');\n",
			"ALTER TABLE sessions ADD COLUMN expires_ms bigint GENERATED ALWAYS AS (extract(epoch from expires_at) * 1000) STORED",
			[]string{"INSERT INTO sessions VALUES (2, 'infinity')"}},
		// 22008 (cannot subtract infinite timestamps): classify_fail.go:numericExpr takes any epochCall as a safe operand and never asks cannotFailOn about the argument it extracts from.
		{"index on the epoch of a difference of timestamps", "CREATE TABLE sessions (id int PRIMARY KEY, starts_at timestamp, ends_at timestamp);\nINSERT INTO sessions VALUES (1, '2024-01-01', '2024-01-02');\n",
			"CREATE INDEX sessions_duration_idx ON sessions ((extract(epoch from ends_at - starts_at) * 1000))",
			[]string{"INSERT INTO sessions VALUES (2, '2024-01-01', 'infinity')"}},
		// 22008 (date out of range for timestamp): COALESCE resolves to the typed constant's timestamp and converts the date; classify_fail.go:exprType returns "" for 'infinity'::timestamp, so oneType sees only date.
		{"index on COALESCE of a date and a typed timestamp constant", "CREATE TABLE tasks (id int PRIMARY KEY, due_on date);\nINSERT INTO tasks VALUES (1, '2024-01-01');\n",
			"CREATE INDEX tasks_due_idx ON tasks (COALESCE(due_on, 'infinity'::timestamp))",
			[]string{"INSERT INTO tasks VALUES (2, '300000-01-01')"}},
		// 22003: nextval of a bigint sequence at 3000000000 does not fit the integer column; classify_fail.go:valueFits takes any nextval as fitting an integer column.
		{"default from a bigint sequence on an integer column", "CREATE TABLE invoices (id serial PRIMARY KEY, total numeric);\nCREATE SEQUENCE global_id_seq START 3000000000;\n",
			"ALTER TABLE invoices ALTER COLUMN id SET DEFAULT nextval('global_id_seq')",
			[]string{"INSERT INTO invoices (total) VALUES (1)"}},
		// 22003: the ::int cast of ~1.7e12 overflows; classify_fail.go:valueFits (TypeCast case) checks only the cast's target width, never its argument.
		{"default cast to integer that overflows", "CREATE TABLE events (id int PRIMARY KEY, created_ms int);\nINSERT INTO events VALUES (1, 1);\n",
			"ALTER TABLE events ALTER COLUMN created_ms SET DEFAULT (extract(epoch from now()) * 1000)::int",
			[]string{"INSERT INTO events (id) VALUES (2)"}},
		// 22001: the column is app.code, varchar(4); classify_fail.go:resolveDomain follows k.domainBase by bare name, which public.code (text) overwrote.
		{"domain of the same name in another schema", "CREATE SCHEMA app;\nCREATE DOMAIN app.code AS varchar(4);\nCREATE TABLE items (id int PRIMARY KEY, code app.code);\nCREATE DOMAIN code AS text;\n",
			"ALTER TABLE items ALTER COLUMN code SET DEFAULT 'unassigned'",
			[]string{"INSERT INTO items (id) VALUES (2)"}},
		// 22001: the swallowed CREATE DOMAIN leaves short_name varchar(8); classify.go:classifyNode (CreateDomainStmt) records domainBase even under k.inDo, so resolveDomain reads text.
		{"DO block creates a domain that exists", "CREATE DOMAIN short_name AS varchar(8);\nCREATE TABLE tasks (id int PRIMARY KEY, assignee short_name);\n",
			"DO $$ BEGIN CREATE DOMAIN short_name AS text; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\nALTER TABLE tasks ALTER COLUMN assignee SET DEFAULT 'unassigned'",
			[]string{"INSERT INTO tasks (id) VALUES (2)"}},
		// 2200H: IF NOT EXISTS does nothing to the existing MAXVALUE 99999 sequence; classify.go:classifyNode (CreateSeqStmt) sets seqTypes to int8 regardless of IfNotExists, so sequenceOptions allows the larger step.
		{"CREATE SEQUENCE IF NOT EXISTS of a bounded sequence", "CREATE SEQUENCE invoice_no_seq MAXVALUE 99999;\nCREATE TABLE invoices (no bigint PRIMARY KEY DEFAULT nextval('invoice_no_seq'), total numeric);\nSELECT setval('invoice_no_seq', 99990);\n",
			"CREATE SEQUENCE IF NOT EXISTS invoice_no_seq;\nALTER SEQUENCE invoice_no_seq INCREMENT BY 10",
			[]string{"INSERT INTO invoices (total) VALUES (1)"}},
		// 2200H: classify.go:classifyNode (AlterSeqStmt) never updates seqTypes, so a MAXVALUE set by an earlier ALTER SEQUENCE leaves it "int8" (unbounded).
		{"sequence bounded by ALTER SEQUENCE", "CREATE SEQUENCE invoice_no_seq;\nALTER SEQUENCE invoice_no_seq MAXVALUE 99999;\nCREATE TABLE invoices (no bigint PRIMARY KEY DEFAULT nextval('invoice_no_seq'), total numeric);\nSELECT setval('invoice_no_seq', 99990);\n",
			"ALTER SEQUENCE invoice_no_seq INCREMENT BY 10",
			[]string{"INSERT INTO invoices (total) VALUES (1)"}},
		// 2200H: ALTER SEQUENCE … AS integer lowers the maximum to 2147483647; classify.go:classifyNode (AlterSeqStmt) keeps seqTypes "int8".
		{"sequence made integer by ALTER SEQUENCE", "CREATE SEQUENCE invoice_no_seq;\nALTER SEQUENCE invoice_no_seq AS integer;\nCREATE TABLE invoices (no bigint PRIMARY KEY DEFAULT nextval('invoice_no_seq'), total numeric);\nSELECT setval('invoice_no_seq', 2147483640);\n",
			"ALTER SEQUENCE invoice_no_seq INCREMENT BY 10",
			[]string{"INSERT INTO invoices (total) VALUES (1)"}},
		// 2200H: classify_table.go:alterCmd (identity options) passes seqTypes to sequenceOptions but never marks it "bounded" when an earlier ALTER COLUMN SET MAXVALUE bounds the identity.
		{"identity bounded by SET MAXVALUE", "CREATE TABLE tickets (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title text);\nALTER TABLE tickets ALTER COLUMN id SET MAXVALUE 99999;\nSELECT setval('tickets_id_seq', 99990);\n",
			"ALTER TABLE tickets ALTER COLUMN id SET INCREMENT BY 10",
			[]string{"INSERT INTO tickets (title) VALUES ('a')"}},
		// 42703: the sequence adv4_app.users answers the serving role's unqualified users ("$user" first); classify.go:classifyNode (CreateSeqStmt) never calls classify_table.go:shadowed.
		{"sequence in the serving role's schema shadows its table", users,
			"CREATE SCHEMA adv4_app AUTHORIZATION adv4_app;\nCREATE SEQUENCE adv4_app.users",
			[]string{"SET ROLE adv4_app; SELECT email FROM users WHERE id = 1"}},
		// 23505: the range's rows went to the DEFAULT partition and now to events_2025, whose unique index refuses the second; classify_table.go:createIndex counts a partition beside a default partition as a new table (newRels) the running version does not write.
		{"unique index on a partition created beside a default partition", events,
			"CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nCREATE UNIQUE INDEX events_2025_ref ON events_2025 (ref)",
			[]string{"INSERT INTO events VALUES (2, '2025-03-01', 'a'), (3, '2025-03-02', 'a')"}},
		// 23502: as above, SET NOT NULL on the new partition afterwards; classify_table.go:createTable checks mayHaveDefaultPartition only for constraints written in the CREATE, and alterCmd treats the partition as created in this migration.
		{"NOT NULL on a partition created beside a default partition", events,
			"CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nALTER TABLE events_2025 ALTER COLUMN ref SET NOT NULL",
			[]string{"INSERT INTO events (id, created) VALUES (2, '2025-03-01')"}},
		// 22003 (out of range for type double precision): amount <> settled casts the numeric to float8; classify_fail.go:cannotFailOn takes every comparison (failSafeOps) of columns as unable to fail, whatever the implicit cast.
		{"partial index comparing double precision with numeric", "CREATE TABLE payments (id int PRIMARY KEY, amount float8, settled numeric);\nINSERT INTO payments VALUES (1, 1, 1);\n",
			"CREATE INDEX payments_unsettled_idx ON payments (id) WHERE amount <> settled",
			[]string{"INSERT INTO payments VALUES (2, 1, 1e400)"}},
		// 23502: the DO block's SET DEFAULT is in a branch not taken; classify_table.go:alterCmd (AT_ColumnDefault) sets filledDefault even under k.inDo, so AT_SetNotNull trusts a default that is not there.
		{"DO block default in a branch not taken, then NOT NULL", "CREATE TABLE docs (id int PRIMARY KEY, title text);\n",
			"ALTER TABLE docs ADD COLUMN state text;\nDO $$ BEGIN " + notTaken + "ALTER TABLE docs ALTER COLUMN state SET DEFAULT 'draft'; END IF; END $$;\nALTER TABLE docs ALTER COLUMN state SET NOT NULL",
			[]string{"INSERT INTO docs (id, title) VALUES (2, 'b')"}},
	})
}
