package migrate

import (
	"strings"
	"testing"
)

// knownSchema is the first migration of the folders below: what the later statements know.
const knownSchema = `-- +goose Up
CREATE TABLE shops (id bigint PRIMARY KEY);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  note varchar(20),
  total numeric(10,2),
  qty int,
  tags text[],
  data jsonb NOT NULL,
  made timestamp(3),
  body text COLLATE "C",
  code bigint,
  CONSTRAINT orders_code_pkey_like UNIQUE (code));
CREATE TABLE pairs (a int, b int, CONSTRAINT pairs_pkey PRIMARY KEY (a, b));
`

// afterSchema classifies src as the second migration of a folder whose first is knownSchema,
// as ReadDir (and every stage) judges it; more are migrations in between.
func afterSchema(t *testing.T, src string, more ...string) Migration {
	t.Helper()
	files := map[string]string{"00001_schema.sql": knownSchema}
	for i, m := range more {
		files["0000"+string(rune('2'+i))+"_more.sql"] = "-- +goose Up\n" + m + ";\n"
	}
	name := "0000" + string(rune('2'+len(more))) + "_change.sql"
	files[name] = "-- +goose Up\n" + src + ";\n"
	ms := readMap(t, files)
	m := ms[len(ms)-1]
	if len(m.Problems) > 0 {
		t.Fatalf("%s: problems %q", src, m.Problems)
	}
	return m
}

// ALTER COLUMN … TYPE to the type the column has (known from an earlier migration) changes
// nothing: the manual (ALTER TABLE, Notes) rewrites nothing when the old type is binary
// coercible to the new one, which a type is to itself. Found by the holdout set (kratos'
// "ALTER COLUMN nid TYPE UUID").
func TestKnownSameTypeIsExpand(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
	}{
		{"ALTER TABLE orders ALTER COLUMN note TYPE varchar(20)", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN note TYPE character varying(20)", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN qty TYPE integer", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN qty TYPE pg_catalog.int4", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN total TYPE numeric(10, 2)", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN tags TYPE text[]", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN data TYPE JSONB", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN made TYPE timestamp(3)", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN email TYPE text, ALTER COLUMN email DROP NOT NULL", ClassExpand},
		// Not the same type: as before.
		{"ALTER TABLE orders ALTER COLUMN note TYPE varchar(10)", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN total TYPE numeric(10,3)", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN made TYPE timestamp(0)", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN made TYPE timestamptz(3)", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN tags TYPE text", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN data TYPE json", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN qty TYPE int USING qty + 1", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN nosuch TYPE int", ClassContract},
		{"ALTER TABLE pairs ALTER COLUMN a TYPE myschema.int4", ClassContract},
	}
	for _, c := range cases {
		m := afterSchema(t, c.sql)
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", c.sql, m.Class, c.class, m.Summary())
		}
		for _, ch := range m.Changes {
			if c.class == ClassExpand && ch.Rewrite {
				t.Errorf("%s: flagged as a rewrite: %+v", c.sql, ch)
			}
		}
	}
	// The type an earlier migration changed it to is the one that counts.
	if m := afterSchema(t, "ALTER TABLE orders ALTER COLUMN note TYPE text", "ALTER TABLE orders ALTER COLUMN note TYPE text"); m.Class != ClassExpand {
		t.Errorf("after a change to text: %s", m.Summary())
	}
	if m := afterSchema(t, "ALTER TABLE orders ALTER COLUMN note TYPE varchar(20)", "ALTER TABLE orders ALTER COLUMN note TYPE text"); m.Class != ClassContract {
		t.Errorf("back from text to varchar(20) is a narrowing: %s", m.Summary())
	}
	// Migration by migration: a column dropped and added again has the new column's type.
	if m := afterSchema(t, "ALTER TABLE orders ALTER COLUMN qty TYPE int", "ALTER TABLE orders DROP COLUMN qty", "ALTER TABLE orders ADD COLUMN qty bigint"); m.Class != ClassContract {
		t.Errorf("qty is bigint now: %s", m.Summary())
	}
}

// SET NOT NULL on a column an earlier migration made NOT NULL (NOT NULL, PRIMARY KEY, an
// earlier SET NOT NULL) changes nothing: PostgreSQL neither scans nor rejects anything more.
// Found by the holdout set (kratos' "ALTER COLUMN identity_data SET NOT NULL").
func TestKnownNotNullSetNotNullIsExpand(t *testing.T) {
	cases := []struct {
		sql   string
		more  []string
		class Class
	}{
		{"ALTER TABLE orders ALTER COLUMN email SET NOT NULL", nil, ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN id SET NOT NULL", nil, ClassExpand},
		{"ALTER TABLE pairs ALTER COLUMN b SET NOT NULL", nil, ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN data TYPE jsonb, ALTER COLUMN data SET NOT NULL", nil, ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN note SET NOT NULL", []string{"ALTER TABLE orders ALTER COLUMN note SET NOT NULL"}, ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN memo SET NOT NULL", []string{"ALTER TABLE orders ADD COLUMN memo text NOT NULL DEFAULT ''"}, ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", []string{"ALTER TABLE orders ADD CONSTRAINT q PRIMARY KEY (qty)"}, ClassExpand},
		// Not NULL-free as far as Greenlight knows: as before.
		{"ALTER TABLE orders ALTER COLUMN note SET NOT NULL", nil, ClassContract},
		{"ALTER TABLE orders ALTER COLUMN email SET NOT NULL", []string{"ALTER TABLE orders ALTER COLUMN email DROP NOT NULL"}, ClassContract},
		{"ALTER TABLE orders ALTER COLUMN email SET NOT NULL", []string{"ALTER TABLE orders DROP COLUMN email", "ALTER TABLE orders ADD COLUMN email text"}, ClassContract},
		{"ALTER TABLE orders ALTER COLUMN email SET NOT NULL", []string{"DROP TABLE orders", "CREATE TABLE orders (id bigint, email text)"}, ClassContract},
		{"ALTER TABLE orders ALTER COLUMN mail SET NOT NULL", []string{"ALTER TABLE orders RENAME COLUMN email TO mail", "ALTER TABLE orders ADD COLUMN email text"}, ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN email SET NOT NULL", []string{"ALTER TABLE orders RENAME COLUMN email TO mail", "ALTER TABLE orders ADD COLUMN email text"}, ClassContract},
		{"ALTER TABLE other ALTER COLUMN email SET NOT NULL", nil, ClassContract},
	}
	for _, c := range cases {
		m := afterSchema(t, c.sql, c.more...)
		if m.Class != c.class {
			t.Errorf("%s after %q: %s, want %s: %s", c.sql, c.more, m.Class, c.class, m.Summary())
		}
		if c.class == ClassExpand {
			for _, ch := range m.Changes {
				if ch.Warning != "" {
					t.Errorf("%s: a warning for a statement that changes nothing: %s", c.sql, ch.Warning)
				}
			}
		}
	}
	// Within one migration: SET NOT NULL twice is contract once.
	m := afterSchema(t, "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL")
	if len(m.Changes) != 2 || m.Changes[0].Class != ClassContract || m.Changes[1].Class != ClassExpand {
		t.Errorf("twice: %+v", m.Changes)
	}
}

// A foreign key on columns the same migration added without a default: the running version
// does not know them, so its INSERTs leave them NULL, and a referencing row with a NULL column
// is not checked (the manual, CREATE TABLE, REFERENCES: MATCH SIMPLE lets any column be NULL,
// MATCH FULL all of them). The lock warning stays as for any foreign key. Found by the holdout
// set (kratos' "nid" columns).
func TestForeignKeyOnNewColumn(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
		warn  bool
	}{
		{"ALTER TABLE orders ADD COLUMN shop bigint;\nALTER TABLE orders ADD CONSTRAINT orders_shop_fkey FOREIGN KEY (shop) REFERENCES shops (id) ON DELETE CASCADE", ClassExpand, true},
		{"ALTER TABLE orders ADD COLUMN shop bigint, ADD CONSTRAINT orders_shop_fkey FOREIGN KEY (shop) REFERENCES shops (id)", ClassExpand, true},
		{"ALTER TABLE orders ADD COLUMN shop bigint DEFAULT NULL;\nALTER TABLE orders ADD FOREIGN KEY (shop) REFERENCES shops NOT VALID", ClassExpand, false},
		{"ALTER TABLE orders ADD COLUMN a int, ADD COLUMN b int;\nALTER TABLE orders ADD CONSTRAINT ab FOREIGN KEY (a, b) REFERENCES pairs (a, b) MATCH FULL", ClassExpand, true},
		// A default the running version's INSERTs write must reference a row: contract.
		{"ALTER TABLE orders ADD COLUMN shop bigint DEFAULT 9;\nALTER TABLE orders ADD CONSTRAINT orders_shop_fkey FOREIGN KEY (shop) REFERENCES shops (id) NOT VALID", ClassContract, false},
		{"ALTER TABLE orders ADD COLUMN shop bigint NOT NULL DEFAULT 1;\nALTER TABLE orders ADD CONSTRAINT orders_shop_fkey FOREIGN KEY (shop) REFERENCES shops (id)", ClassContract, true},
		{"ALTER TABLE orders ADD COLUMN shop bigint;\nALTER TABLE orders ALTER COLUMN shop SET DEFAULT 1;\nALTER TABLE orders ADD CONSTRAINT orders_shop_fkey FOREIGN KEY (shop) REFERENCES shops (id)", ClassContract, true},
		{"ALTER TABLE orders ADD COLUMN shop bigint GENERATED ALWAYS AS (qty) STORED;\nALTER TABLE orders ADD CONSTRAINT orders_shop_fkey FOREIGN KEY (shop) REFERENCES shops (id)", ClassContract, true},
		{"ALTER TABLE orders ADD COLUMN shop bigint DEFAULT 1 REFERENCES shops", ClassContract, true},
		// Columns the running version writes: contract, as before.
		{"ALTER TABLE orders ADD CONSTRAINT orders_qty_fkey FOREIGN KEY (qty) REFERENCES shops (id)", ClassContract, true},
		{"ALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders ADD CONSTRAINT ab FOREIGN KEY (a, qty) REFERENCES pairs (a, b) MATCH FULL", ClassContract, true},
		{"ALTER TABLE orders ADD COLUMN shop bigint;\nALTER TABLE orders DROP COLUMN shop;\nALTER TABLE orders ADD COLUMN shop bigint DEFAULT 2;\nALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (shop) REFERENCES shops (id)", ClassContract, true},
		{"ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (shop) REFERENCES shops (id), ADD COLUMN shop bigint", ClassContract, true},
	}
	for _, c := range cases {
		m := afterSchema(t, c.sql)
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", c.sql, m.Class, c.class, m.Summary())
		}
		var fk *Change
		for i, ch := range m.Changes {
			if strings.Contains(ch.SQL, "FOREIGN KEY") || strings.Contains(ch.SQL, "REFERENCES") {
				fk = &m.Changes[i]
			}
		}
		if fk == nil {
			t.Fatalf("%s: no foreign key change: %+v", c.sql, m.Changes)
		}
		warned := false
		for _, ch := range m.Changes {
			if strings.Contains(ch.Warning, "SHARE ROW EXCLUSIVE") && strings.Contains(ch.Warning, "NOT VALID") {
				warned = true
			}
		}
		if warned != c.warn {
			t.Errorf("%s: lock warning %v, want %v: %+v", c.sql, warned, c.warn, m.Changes)
		}
	}
	// The column must be new in this migration: one an earlier migration added is written by
	// the running version.
	if m := afterSchema(t, "ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (shop) REFERENCES shops (id)", "ALTER TABLE orders ADD COLUMN shop bigint"); m.Class != ClassContract {
		t.Errorf("a column of an earlier migration: %s", m.Summary())
	}
}

// A statement that scans a table while an earlier statement of the same migration holds a
// write-blocking lock on it is warned, whatever took the lock: a rename (held under the new
// name, which the later statement uses: Windmill's 20230917075933_rename_config, found by the
// sixth holdout), LOCK, TRUNCATE, CREATE TRIGGER or CREATE RULE, as ALTER TABLE and CREATE
// INDEX were. A non-transactional migration holds nothing from one statement to the next.
func TestBackfillUnderAnEarlierStatementsLock(t *testing.T) {
	held := func(m Migration) bool {
		for _, ch := range m.Changes {
			if strings.Contains(ch.Warning, "is held (until the migration commits)") && ch.Lock != "" {
				return true
			}
		}
		return false
	}
	cases := []struct {
		sql  string
		want bool
	}{
		{"ALTER TABLE orders RENAME TO purchases;\nUPDATE purchases SET note = 'x' WHERE qty > 1", true},
		{"ALTER TABLE IF EXISTS orders RENAME TO purchases;\nUPDATE purchases SET note = 'worker__' || note", true},
		{"ALTER TABLE orders RENAME COLUMN note TO memo;\nUPDATE orders SET memo = 'x' WHERE qty > 1", true},
		{"LOCK TABLE orders IN SHARE MODE;\nUPDATE orders SET note = 'x' WHERE qty > 1", true},
		{"TRUNCATE orders;\nINSERT INTO orders (email) SELECT email FROM orders", true},
		{"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f();\nUPDATE orders SET note = 'x' WHERE qty > 1", true},
		{"CREATE RULE r AS ON DELETE TO orders DO ALSO NOTIFY orders;\nDELETE FROM orders WHERE qty > 1", true},
		// A foreign key's SHARE ROW EXCLUSIVE on the table it references, from CREATE TABLE
		// (Concourse's resource_pins, Flipt's rollout_segment_references) or ALTER TABLE.
		{"CREATE TABLE pins (order_id bigint PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE, v jsonb);\nINSERT INTO pins (SELECT id, data FROM orders WHERE qty > 1)", true},
		{"CREATE TABLE IF NOT EXISTS pins (order_id bigint, UNIQUE (order_id), FOREIGN KEY (order_id) REFERENCES orders);\nINSERT INTO pins (order_id) SELECT id FROM orders", true},
		{"ALTER TABLE shops ADD CONSTRAINT shops_order_fkey FOREIGN KEY (id) REFERENCES orders NOT VALID;\nUPDATE orders SET note = 'x' WHERE qty > 1", true},
		{"CREATE TABLE pins (order_id bigint REFERENCES orders);\nINSERT INTO pins (order_id) SELECT id FROM shops", false},
		// The lock is taken after the scan: nothing waits on it for longer than the commit.
		{"UPDATE orders SET note = 'x' WHERE qty > 1;\nALTER TABLE orders RENAME TO purchases", false},
		// Another table: nothing scanned under the lock.
		{"ALTER TABLE orders RENAME TO purchases;\nUPDATE customers SET id = id WHERE id > 1", false},
		// A table created in this migration: nobody waits on it.
		{"CREATE TABLE fresh (id int);\nALTER TABLE fresh RENAME TO fresher;\nUPDATE fresher SET id = 2 WHERE id > 1", false},
	}
	for _, c := range cases {
		if got := held(afterSchema(t, c.sql)); got != c.want {
			t.Errorf("%s: warned of a held lock %v, want %v: %+v", c.sql, got, c.want, afterSchema(t, c.sql).Changes)
		}
	}
	ms := readMap(t, map[string]string{"00001_schema.sql": knownSchema,
		"00002_change.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nALTER TABLE orders RENAME TO purchases;\nUPDATE purchases SET note = 'x' WHERE qty > 1;\n"})
	if held(ms[1]) {
		t.Errorf("a non-transactional migration holds no lock between statements: %+v", ms[1].Changes)
	}
}

// A CHECK added in the migration that dropped a CHECK it is looser than accepts every write the
// serving version made under the old one: expand (Windmill's capture_check_increase, found by
// the sixth holdout), with the scan's lock warning kept. Tighter, other expressions, other
// tables, or no CHECK dropped: contract.
func TestLooserCheckReplacingADroppedOne(t *testing.T) {
	schema := "CREATE TABLE capture (payload jsonb, n int, CHECK (length(payload::text) < 10 * 1024), CONSTRAINT n_range CHECK (n > 0 AND n < 100));\nCREATE TABLE other (payload jsonb);\n" +
		"CREATE TABLE workers (state text, addr text, url text, CONSTRAINT addr_when_running CHECK ((state <> 'stalled' AND state <> 'landed' AND (addr IS NOT NULL OR url IS NOT NULL)) OR ((state = 'stalled' OR state = 'landed') AND addr IS NULL AND url IS NULL)))"
	cases := []struct {
		sql   string
		class Class
	}{
		{"ALTER TABLE capture DROP CONSTRAINT capture_payload_check;\nALTER TABLE capture ADD CONSTRAINT caputre_payload_too_big CHECK (length(payload::text) < 512 * 1024)", ClassExpand},
		{"ALTER TABLE capture DROP CONSTRAINT capture_payload_check;\nALTER TABLE capture ADD CONSTRAINT p CHECK (length(payload::text) < 10240) NOT VALID", ClassExpand},
		{"ALTER TABLE capture DROP CONSTRAINT n_range;\nALTER TABLE capture ADD CONSTRAINT n_range2 CHECK (n > -5 AND n < 1000)", ClassExpand},
		{"ALTER TABLE capture DROP CONSTRAINT n_range;\nALTER TABLE capture ADD CONSTRAINT n_pos CHECK (n > 0)", ClassExpand},
		{"ALTER TABLE capture DROP CONSTRAINT capture_payload_check;\nALTER TABLE capture ADD CONSTRAINT p CHECK (length(payload::text) < 1024)", ClassContract},
		{"ALTER TABLE capture DROP CONSTRAINT n_range;\nALTER TABLE capture ADD CONSTRAINT n_range2 CHECK (n > 1 AND n < 1000)", ClassContract},
		{"ALTER TABLE capture DROP CONSTRAINT capture_payload_check;\nALTER TABLE capture ADD CONSTRAINT p CHECK (length(payload::text) > 10)", ClassContract},
		{"ALTER TABLE capture DROP CONSTRAINT capture_payload_check;\nALTER TABLE capture ADD CONSTRAINT p CHECK (octet_length(payload::text) < 512 * 1024)", ClassContract},
		{"ALTER TABLE capture DROP CONSTRAINT capture_payload_check;\nALTER TABLE other ADD CONSTRAINT p CHECK (length(payload::text) < 512 * 1024)", ClassContract},
		{"ALTER TABLE capture ADD CONSTRAINT p CHECK (length(payload::text) < 512 * 1024)", ClassContract},
		// Alternatives (OR): each way the old one accepts a row, the new one accepts it
		// (Concourse's addr_when_running, relaxed for stalled and landed workers).
		{"ALTER TABLE workers DROP CONSTRAINT IF EXISTS addr_when_running, ADD CONSTRAINT addr_when_running CHECK ((state <> 'stalled' AND state <> 'landed' AND (addr IS NOT NULL OR url IS NOT NULL)) OR state = 'stalled' OR state = 'landed')", ClassExpand},
		{"ALTER TABLE workers DROP CONSTRAINT addr_when_running;\nALTER TABLE workers ADD CONSTRAINT w CHECK (addr IS NOT NULL OR url IS NOT NULL OR state = 'stalled' OR state = 'landed')", ClassExpand},
		{"ALTER TABLE workers DROP CONSTRAINT addr_when_running;\nALTER TABLE workers ADD CONSTRAINT w CHECK ((state <> 'stalled' AND addr IS NOT NULL) OR state = 'stalled')", ClassContract},
		{"ALTER TABLE workers DROP CONSTRAINT addr_when_running;\nALTER TABLE workers ADD CONSTRAINT w CHECK ((state <> 'stalled' AND state <> 'landed' AND (addr IS NOT NULL OR url IS NOT NULL)) OR state = 'stalled')", ClassContract},
	}
	for _, c := range cases {
		ms := readMap(t, map[string]string{"00001_schema.sql": "-- +goose Up\n" + schema + ";\n", "00002_change.sql": "-- +goose Up\n" + c.sql + ";\n"})
		m := ms[1]
		if len(m.Problems) > 0 {
			t.Fatalf("%s: %q", c.sql, m.Problems)
		}
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", c.sql, m.Class, c.class, m.Summary())
		}
		if !strings.Contains(c.sql, "NOT VALID") && len(m.LockWarnings) == 0 {
			t.Errorf("%s: the validating scan is not warned", c.sql)
		}
	}
}

// A unique index the running version's rows never enter or never collide in rejects none of
// its writes: on a column added in this migration that its rows leave NULL, or whose constant
// default the index's WHERE leaves out (Miniflux's share_code and icons.external_id, found by
// the seventh holdout). Anything else stays contract.
func TestUniqueIndexTheRunningVersionNeverEnters(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
	}{
		{"ALTER TABLE orders ADD COLUMN share_code text not null default '';\nCREATE UNIQUE INDEX entries_share_code_idx ON orders USING btree(share_code) WHERE share_code <> ''", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN external_id text default '';\nCREATE UNIQUE INDEX ext ON orders (external_id) WHERE external_id != ''::text AND qty > 0", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN ext text;\nCREATE UNIQUE INDEX ext ON orders (ext)", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN ext text;\nCREATE UNIQUE INDEX ext ON orders (qty, ext)", ClassExpand},
		// CONCURRENTLY needs a migration of its own, and there the column is an earlier
		// migration's, which the running version may write: contract (checked below).
		{"ALTER TABLE orders ADD COLUMN ext text DEFAULT NULL;\nCREATE UNIQUE INDEX CONCURRENTLY ext ON orders (ext)", ClassContract},
		// NULLs compared, another default, no predicate, a predicate that keeps the default.
		{"ALTER TABLE orders ADD COLUMN ext text;\nCREATE UNIQUE INDEX ext ON orders (ext) NULLS NOT DISTINCT", ClassContract},
		{"ALTER TABLE orders ADD COLUMN share_code text not null default '';\nCREATE UNIQUE INDEX s ON orders (share_code)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN share_code text not null default 'x';\nCREATE UNIQUE INDEX s ON orders (share_code) WHERE share_code <> ''", ClassContract},
		{"ALTER TABLE orders ADD COLUMN share_code text not null default '';\nCREATE UNIQUE INDEX s ON orders (share_code) WHERE share_code <> '' OR qty > 0", ClassContract},
		{"ALTER TABLE orders ADD COLUMN ext text;\nALTER TABLE orders ALTER COLUMN ext SET DEFAULT 'a';\nCREATE UNIQUE INDEX ext ON orders (ext)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN ext text DEFAULT now()::text;\nCREATE UNIQUE INDEX ext ON orders (ext) WHERE ext <> ''", ClassContract},
		// A predicate that requires a column the running version leaves NULL (River's
		// unique_states IS NOT NULL), and what keeps its rows in the index.
		{"ALTER TABLE orders ADD COLUMN states bit(8);\nCREATE UNIQUE INDEX IF NOT EXISTS u ON orders (email) WHERE email IS NOT NULL AND states IS NOT NULL AND qty > 0", ClassExpand},
		// IF NOT EXISTS without a database: the column may be there already, with values.
		{"ALTER TABLE orders ADD COLUMN IF NOT EXISTS states bit(8);\nCREATE UNIQUE INDEX u ON orders (email) WHERE states IS NOT NULL", ClassContract},
		{"ALTER TABLE orders ADD COLUMN states bit(8);\nCREATE UNIQUE INDEX u ON orders (email) WHERE states IS NOT NULL OR qty > 0", ClassContract},
		{"ALTER TABLE orders ADD COLUMN states bit(8) DEFAULT B'1';\nCREATE UNIQUE INDEX u ON orders (email) WHERE states IS NOT NULL", ClassContract},
		{"ALTER TABLE orders ADD COLUMN states bit(8);\nCREATE UNIQUE INDEX u ON orders (email) WHERE states IS NULL", ClassContract},
		// Rows the migration wrote the new column into are in the index, and the running
		// version's updates of their other columns can collide there (23505).
		{"ALTER TABLE orders ADD COLUMN states bit(8);\nUPDATE orders SET states = B'1';\nCREATE UNIQUE INDEX u ON orders (email) WHERE states IS NOT NULL", ClassContract},
		{"ALTER TABLE orders ADD COLUMN ext text;\nUPDATE orders SET ext = 'x' WHERE qty > 0;\nCREATE UNIQUE INDEX ext ON orders (qty, ext)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN ext text;\nINSERT INTO orders (id, email, data, ext) VALUES (1, 'a', '{}', 'x');\nCREATE UNIQUE INDEX ext ON orders (qty, ext)", ClassContract},
		// A column the running version writes.
		{"CREATE UNIQUE INDEX q ON orders (qty)", ClassContract},
		{"CREATE UNIQUE INDEX q ON orders (note) WHERE note <> ''", ClassContract},
	}
	for _, c := range cases {
		src := c.sql
		var ms []Migration
		if strings.Contains(src, "CONCURRENTLY") {
			first, second, _ := strings.Cut(src, ";\n")
			ms = readMap(t, map[string]string{"00001_schema.sql": knownSchema, "00002_add.sql": "-- +goose Up\n" + first + ";\n",
				"00003_index.sql": "-- +goose NO TRANSACTION\n-- +goose Up\n" + second + ";\n"})
			if m := ms[2]; m.Class != c.class {
				t.Errorf("%s: in a later migration: %s", src, m.Summary())
			}
			continue
		}
		m := afterSchema(t, src)
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", src, m.Class, c.class, m.Summary())
		}
	}
}

// An array whose element only widens its modifiers (varchar(255)[] → varchar(300)[] or
// varchar[], numeric(10,2)[] → numeric(12,2)[]) is the same array type, so the running
// version's binds and array operators still apply, and PostgreSQL rewrites the table to convert
// it (measured on 15 in the eighth holdout: River's tags): expand, with the rewrite warned. It
// was contract, as any array type change was. Another element type is not: arrays of two types
// have no operators between them (int8[] @> int4[] is 42883, unlike int8 = int4), so
// int[] → bigint[] and varchar[] → text[] stay contract (TestAdversaryOnPostgres).
func TestArrayOfAWiderElementType(t *testing.T) {
	more := "ALTER TABLE orders ADD COLUMN labels varchar(255)[], ADD COLUMN counts int[], ADD COLUMN prices numeric(10,2)[]"
	cases := []struct {
		sql   string
		class Class
	}{
		{"ALTER TABLE orders ALTER COLUMN labels TYPE varchar(300)[]", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN labels TYPE varchar[]", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN prices TYPE numeric(12,2)[]", ClassExpand},
		{"ALTER TABLE orders ALTER COLUMN labels TYPE text[]", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN counts TYPE bigint[]", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN labels TYPE varchar(100)[]", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN labels TYPE varchar(300)", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN counts TYPE text[]", ClassContract},
		{"ALTER TABLE orders ALTER COLUMN labels TYPE varchar(300)[] USING labels::varchar(300)[]", ClassContract},
	}
	for _, c := range cases {
		m := afterSchema(t, c.sql, more)
		rewriteWarned := false
		for _, ch := range m.Changes {
			rewriteWarned = rewriteWarned || ch.Rewrite && strings.Contains(ch.Warning, "rewrites the table")
		}
		if m.Class != c.class || !rewriteWarned {
			t.Errorf("%s: %s, want %s, rewrite warned %v: %+v", c.sql, m.Class, c.class, rewriteWarned, m.Changes)
		}
	}
}

// A CHECK that the running version's rows always satisfy cannot refuse its writes: on the
// columns added earlier in the same migration its rows hold NULL or the constant default,
// and a check is satisfied when true or null (the manual, 5.4.1), whatever the other columns
// hold (Concourse's active_tasks >= 0 with DEFAULT 0, Supabase Storage's versioning_status
// checks). Anything it cannot decide exactly stays contract; the scan's lock warning stays.
func TestCheckTheRunningVersionsRowsSatisfy(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
	}{
		{"ALTER TABLE orders ADD COLUMN active integer DEFAULT 0 CHECK (active >= 0)", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN active bigint NOT NULL DEFAULT 5 CHECK (active BETWEEN 0 AND 10)", ClassContract}, // BETWEEN: not decided
		{"ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'DISABLED';\nALTER TABLE orders ADD CONSTRAINT s_known CHECK (status IN ('DISABLED', 'ENABLED'));\nALTER TABLE orders ADD CONSTRAINT s_std CHECK (note = 'STANDARD' OR status = 'DISABLED');\nALTER TABLE orders ADD CONSTRAINT s_dark CHECK (status = 'DISABLED')", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'DISABLED';\nDO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 's_known') THEN ALTER TABLE orders ADD CONSTRAINT s_known CHECK (status IN ('DISABLED', 'ENABLED')); END IF; END $$", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN level int;\nALTER TABLE orders ADD CONSTRAINT lv CHECK (level > 0 AND level < 100)", ClassExpand}, // NULL: null
		{"ALTER TABLE orders ADD COLUMN level numeric DEFAULT 2.5;\nALTER TABLE orders ADD CONSTRAINT lv CHECK (level <= 2.5 AND NOT level < 0)", ClassExpand},
		// Two values: the rows there hold NULL, checked as the constraint is added (not NOT
		// VALID), and the running version's INSERTs get 'new'; the check reads only the new
		// column, which its UPDATEs leave alone (the sixteenth holdout's rule).
		{"ALTER TABLE orders ADD COLUMN state text;\nALTER TABLE orders ALTER COLUMN state SET DEFAULT 'new';\nALTER TABLE orders ADD CONSTRAINT s CHECK (state = 'new' OR state IS NULL)", ClassExpand},
		{"ALTER TABLE orders ADD COLUMN state text;\nALTER TABLE orders ALTER COLUMN state SET DEFAULT 'old';\nALTER TABLE orders ADD CONSTRAINT s CHECK (state = 'new' OR state IS NULL)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN state text;\nALTER TABLE orders ALTER COLUMN state SET DEFAULT 'new';\nALTER TABLE orders ADD CONSTRAINT s CHECK (state = 'new' OR state IS NULL) NOT VALID", ClassContract},
		// Refused, or not decided.
		{"ALTER TABLE orders ADD COLUMN active integer DEFAULT 0 CHECK (active > 0)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN level int;\nALTER TABLE orders ADD CONSTRAINT lv CHECK (level IS NOT NULL)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN status text DEFAULT 'a';\nALTER TABLE orders ADD CONSTRAINT s CHECK (status = 'a' AND qty > 0)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN status text DEFAULT 'a';\nALTER TABLE orders ADD CONSTRAINT s CHECK (status < 'b')", ClassContract},
		{"ALTER TABLE orders ADD COLUMN status char(3) DEFAULT 'a';\nALTER TABLE orders ADD CONSTRAINT s CHECK (status <> 'a  ')", ClassContract},
		{"ALTER TABLE orders ADD COLUMN made2 timestamptz DEFAULT now();\nALTER TABLE orders ADD CONSTRAINT m CHECK (made2 IS NOT NULL)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN status text DEFAULT 'a';\nUPDATE orders SET status = 'b' WHERE qty > 1;\nALTER TABLE orders ADD CONSTRAINT s CHECK (status = 'a' OR qty > 0)", ClassContract},
		{"ALTER TABLE orders ADD CONSTRAINT q CHECK (qty >= 0)", ClassContract},
		{"ALTER TABLE orders ADD COLUMN f float8 DEFAULT 0.1;\nALTER TABLE orders ADD CONSTRAINT f CHECK (f <= 0.1)", ClassContract},
	}
	for _, c := range cases {
		m := afterSchema(t, c.sql)
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %+v", c.sql, m.Class, c.class, m.Changes)
		}
		if c.class == ClassExpand && strings.Contains(c.sql, "CHECK") && len(m.LockWarnings) == 0 && !strings.Contains(c.sql, "DO $$") {
			t.Errorf("%s: the check's scan is not warned: %+v", c.sql, m.Changes)
		}
	}
}
