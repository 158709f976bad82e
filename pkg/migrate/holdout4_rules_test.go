package migrate

import "testing"

// The rules the fourth holdout (holdout4_test.go) led to, each on a folder of its own: the
// first migration creates the schema, the second is the statement judged.
func judge4(t *testing.T, schema, src string, noTx bool) Migration {
	t.Helper()
	head := "-- +goose Up\n"
	if noTx {
		head = "-- +goose NO TRANSACTION\n" + head
	}
	ms := readMap(t, map[string]string{"00001_schema.sql": "-- +goose Up\n" + schema, "00002_change.sql": head + src + ";\n"})
	if len(ms[1].Problems) > 0 {
		t.Fatalf("%s: problems %q", src, ms[1].Problems)
	}
	return ms[1]
}

type case4 struct {
	sql   string
	noTx  bool
	class Class
}

func check4(t *testing.T, schema string, cases []case4) {
	t.Helper()
	for _, c := range cases {
		if m := judge4(t, schema, c.sql, c.noTx); m.Class != c.class {
			t.Errorf("%s: %s, want %s", c.sql, m.Summary(), c.class)
		}
	}
}

// An UPDATE that assigns a column a value computed from that same column read as another type
// (Harbor 2.9: callback_func_param, the policy id, rewritten as a JSON object of it) changes the
// form of values the serving version wrote and reads back: contract. Filling a column from
// another one, a cast in the WHERE clause, or a function of the column in its own type stay
// the backfills they were.
func TestUpdateReinterpretingAColumn(t *testing.T) {
	schema := "CREATE TABLE schedule (id serial PRIMARY KEY, kind text, param text, note text, n int, acl jsonb);\n"
	check4(t, schema, []case4{
		// The column read in its own text form and cast back to its type is edited, not
		// reinterpreted (Coder's 000287, found by the fifth holdout).
		{sql: "UPDATE schedule SET acl = replace(acl::text, '[\"read\"]', '[\"read\", \"use\"]')::jsonb", class: ClassExpand},
		{sql: "UPDATE schedule SET acl = CAST(replace(CAST(acl AS varchar), 'a', 'b') AS jsonb)", class: ClassExpand},
		{sql: "UPDATE schedule SET acl = acl::json::jsonb", class: ClassContract},
		{sql: "UPDATE schedule SET acl = to_jsonb(acl::varchar(10))", class: ClassContract},
		{sql: "UPDATE schedule SET param = json_build_object('policy_id', param::int)::text WHERE kind = 'R' AND param NOT LIKE '%policy_id%'", class: ClassContract},
		{sql: "UPDATE schedule SET param = CAST(CAST(param AS int) + 1 AS text)", class: ClassContract},
		{sql: "UPDATE schedule s SET param = to_char(s.param::numeric, '999')", class: ClassContract},
		{sql: "UPDATE schedule SET note = param::int::text", class: ClassExpand},
		{sql: "UPDATE schedule SET note = 'x' WHERE param::int > 3", class: ClassExpand},
		{sql: "UPDATE schedule SET param = lower(param)", class: ClassExpand},
		{sql: "UPDATE schedule SET param = param::text || '!'", class: ClassExpand},
		{sql: "UPDATE schedule SET n = n::bigint + 1", class: ClassContract},
	})
}

// serial, smallserial and bigserial are integer, smallint and bigint with a sequence's default
// (PostgreSQL 15, "Serial Types": CREATE TABLE t (c serial) is c integer NOT NULL DEFAULT
// nextval(…)): widening one is the integer widening it is (Harbor 2.5: vulnerability_record.id
// to BIGINT, with ALTER SEQUENCE … AS BIGINT).
func TestSerialColumnWidened(t *testing.T) {
	schema := "CREATE TABLE v (id serial PRIMARY KEY, n smallserial, b bigserial);\n"
	check4(t, schema, []case4{
		{sql: "ALTER TABLE v ALTER COLUMN id TYPE BIGINT;\nALTER SEQUENCE v_id_seq AS BIGINT", class: ClassExpand},
		{sql: "ALTER TABLE v ALTER COLUMN n TYPE integer", class: ClassExpand},
		{sql: "ALTER TABLE v ALTER COLUMN id TYPE smallint", class: ClassContract},
		{sql: "ALTER TABLE v ALTER COLUMN b TYPE integer", class: ClassContract},
		{sql: "ALTER TABLE v ALTER COLUMN id TYPE text", class: ClassContract},
	})
	m := judge4(t, schema, "ALTER TABLE v ALTER COLUMN id TYPE bigint", false)
	if !m.Changes[0].Rewrite || m.Changes[0].Warning == "" {
		t.Errorf("serial to bigint rewrites the table and is warned: %+v", m.Changes[0])
	}
}

// A partition created empty in the same migration and attached is what CREATE TABLE …
// PARTITION OF makes (PostgreSQL 15, 5.11.2.2): a range the serving version's inserts were
// refused for, and no row it reads changes. A table an earlier migration made, or one the
// migration filled, brings rows into what the serving version reads: contract.
func TestAttachNewPartition(t *testing.T) {
	schema := "CREATE TABLE log (at timestamp NOT NULL, msg text) PARTITION BY RANGE (at);\nCREATE TABLE log_old (LIKE log);\n"
	attach := "ALTER TABLE log ATTACH PARTITION log_2028 FOR VALUES FROM ('2028-01-01') TO ('2029-01-01')"
	check4(t, schema, []case4{
		{sql: "CREATE TABLE log_2028 (LIKE log INCLUDING DEFAULTS);\n" + attach, class: ClassExpand},
		{sql: "CREATE TABLE log_2028 (at timestamp NOT NULL, msg text);\n" + attach, class: ClassExpand},
		{sql: "ALTER TABLE log ATTACH PARTITION log_old FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')", class: ClassContract},
		{sql: "CREATE TABLE log_2028 (LIKE log);\nINSERT INTO log_2028 VALUES ('2028-02-01', 'x');\n" + attach, class: ClassContract},
		{sql: "CREATE TABLE log_2028 AS SELECT * FROM log_old;\n" + attach, class: ClassContract},
		{sql: "CREATE TABLE log_2028 (LIKE log);\nCOPY log_2028 FROM STDIN;\n" + attach, class: ClassContract},
	})
}

// Row level security enabled in the same transactional migration as a permissive policy for
// every command and role, USING (true) and WITH CHECK (true) or none (then USING checks new
// rows), on a table no earlier migration gave row security or a policy, lets the serving
// version see and write every row it did (PostgreSQL 15, 5.8: permissive policies are
// combined with OR, restrictive ones with AND; no role means PUBLIC; FOR ALL is the default).
// Any other policy, another policy on the table, or a migration outside a transaction stays
// contract.
func TestRowSecurityWithAnOpenPolicy(t *testing.T) {
	schema := `CREATE ROLE app;
CREATE TABLE notes (id int, body text);
CREATE TABLE secrets (id int);
ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
CREATE TABLE drafts (id int);
CREATE POLICY drafts_mine ON drafts USING (id > 0);
`
	enable := "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
	check4(t, schema, []case4{
		{sql: enable + "CREATE POLICY notes_all ON notes USING (true) WITH CHECK (true)", class: ClassExpand},
		{sql: enable + "CREATE POLICY notes_all ON notes AS PERMISSIVE FOR ALL TO PUBLIC USING (true)", class: ClassExpand},
		{sql: "CREATE POLICY notes_all ON notes USING (true) WITH CHECK (true);\n" + enable, class: ClassExpand},
		{sql: enable + "CREATE POLICY notes_all ON notes USING (true) WITH CHECK (true)", noTx: true, class: ClassContract},
		{sql: enable + "CREATE POLICY notes_pos ON notes USING (id > 0)", class: ClassContract},
		{sql: enable + "CREATE POLICY notes_read ON notes FOR SELECT USING (true)", class: ClassContract},
		{sql: enable + "CREATE POLICY notes_app ON notes TO app USING (true) WITH CHECK (true)", class: ClassContract},
		{sql: enable + "CREATE POLICY notes_r ON notes AS RESTRICTIVE USING (true) WITH CHECK (true)", class: ClassContract},
		{sql: enable + "CREATE POLICY notes_all ON notes USING (true) WITH CHECK (true);\nCREATE POLICY notes_pos ON notes AS RESTRICTIVE USING (id > 0)", class: ClassContract},
		{sql: enable + "CREATE POLICY notes_all ON notes USING (true) WITH CHECK (id > 0)", class: ClassContract},
		{sql: "CREATE POLICY notes_all ON notes USING (true) WITH CHECK (true)", class: ClassContract},
		{sql: enable, class: ClassContract},
		{sql: "CREATE POLICY secrets_all ON secrets USING (true) WITH CHECK (true)", class: ClassContract},
		{sql: "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;\nCREATE POLICY secrets_all ON secrets USING (true) WITH CHECK (true)", class: ClassContract},
		{sql: "ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;\nCREATE POLICY drafts_all ON drafts USING (true) WITH CHECK (true)", class: ClassContract},
		{sql: "ALTER TABLE notes FORCE ROW LEVEL SECURITY;\nCREATE POLICY notes_all ON notes USING (true) WITH CHECK (true)", class: ClassContract},
	})
}
