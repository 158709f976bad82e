package migrate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeCatalog is a database's catalogue as a test writes it.
type fakeCatalog struct {
	applied map[int64]bool
	indexes map[string]bool // name → unique
	funcs   map[string]bool
	objects map[string]bool // "relation <name>", "trigger <table>.<name>", "type <name>"
	err     error
	asked   []string
}

func (c *fakeCatalog) Applied(v int64) bool { return c.applied[v] }

func (c *fakeCatalog) Index(_ context.Context, schema, name string) (bool, bool, error) {
	c.asked = append(c.asked, "index "+name)
	if c.err != nil {
		return false, false, c.err
	}
	u, ok := c.indexes[name]
	return ok, u, nil
}

func (c *fakeCatalog) Function(_ context.Context, name string) (bool, error) {
	c.asked = append(c.asked, "function "+name)
	if c.err != nil {
		return false, c.err
	}
	return c.funcs[name], nil
}

func (c *fakeCatalog) UserDefined(_ context.Context, name string) (bool, error) {
	return c.object("userdefined " + name)
}

func (c *fakeCatalog) object(what string) (bool, error) {
	c.asked = append(c.asked, what)
	if c.err != nil {
		return false, c.err
	}
	return c.objects[what], nil
}

func (c *fakeCatalog) Relation(_ context.Context, schema, name string) (bool, error) {
	return c.object("relation " + name)
}

func (c *fakeCatalog) Trigger(_ context.Context, schema, table, name string) (bool, error) {
	return c.object("trigger " + table + "." + name)
}

func (c *fakeCatalog) Type(_ context.Context, schema, name string) (bool, error) {
	return c.object("type " + name)
}

func (c *fakeCatalog) RowSecurity(_ context.Context, schema, table string) (bool, error) {
	return c.object("rls " + table)
}

func (c *fakeCatalog) DefaultPartition(_ context.Context, schema, table string) (bool, error) {
	return c.object("defaultpart " + table)
}

func (c *fakeCatalog) Policies(_ context.Context, schema, table string) (bool, error) {
	return c.object("policies " + table)
}

func (c *fakeCatalog) Column(_ context.Context, schema, table, column string) (bool, error) {
	return c.object("column " + table + "." + column)
}

func (c *fakeCatalog) Children(_ context.Context, schema, table string) (bool, error) {
	return c.object("children " + table)
}

func (c *fakeCatalog) ReplicaIdentity(_ context.Context, schema, index string) (bool, error) {
	return c.object("replident " + index)
}

func (c *fakeCatalog) Constraint(_ context.Context, schema, table, name string) (bool, error) {
	return c.object("constraint " + table + "." + name)
}

func (c *fakeCatalog) TypeDefault(_ context.Context, schema, name string) (bool, bool, error) {
	exists, err := c.object("type " + name)
	if err != nil {
		return false, false, err
	}
	return exists, c.objects["typedefault "+name], nil
}

// FunctionUnchanged answers from objects["same <name>"]: the fake does not run the statement.
func (c *fakeCatalog) FunctionUnchanged(_ context.Context, name, stmt string) (bool, error) {
	return c.object("same " + name)
}

func readWith(t *testing.T, cat Catalog, kv ...string) []Migration {
	t.Helper()
	fs := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		fs[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	ms, err := ReadDirWith(context.Background(), fs, cat)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

const catalogSchema = "-- +goose Up\nCREATE TABLE orders (id bigserial PRIMARY KEY, email text, total numeric);\nCREATE INDEX orders_total_idx ON orders (total);\n"

// What no migration of the folder creates is judged by what the database has: an index
// dropped IF EXISTS that it does not have is dropped by nobody; one it has is unique or not as
// it says; a function created OR REPLACE that it does not have is new. Without a Catalog, or
// when an earlier pending statement names the object (it may create it in a way Greenlight
// cannot read), or when the database cannot answer, the object stays unknown: contract.
func TestCatalogAnswersWhatTheFolderCannot(t *testing.T) {
	dba := func() *fakeCatalog {
		return &fakeCatalog{applied: map[int64]bool{1: true}, indexes: map[string]bool{"orders_email_key": true, "orders_old_idx": false, "orders_total_idx": false}, funcs: map[string]bool{"order_label": true},
			objects: map[string]bool{"relation orders": true, "relation orders_id_seq": true, "trigger orders.audit": true, "type order_state": true}}
	}
	dbaCheck := func() *fakeCatalog {
		c := dba()
		c.objects["constraint orders.orders_total_check"] = true
		return c
	}
	dbaSame := func() *fakeCatalog {
		c := dba()
		c.objects["same order_label"] = true
		return c
	}
	dbaNotes := func() *fakeCatalog {
		c := dba()
		c.objects["relation order_notes"] = true
		return c
	}
	cases := []struct {
		name, up string
		cat      *fakeCatalog
		class    Class
		what     string
		lockWarn bool
	}{
		{"index the database lacks, IF EXISTS", "DROP INDEX IF EXISTS orders_gone_idx", dba(), ClassExpand, "drops nothing: the database has no index orders_gone_idx", false},
		{"the same without a Catalog", "DROP INDEX IF EXISTS orders_gone_idx", nil, ClassContract, "drops index orders_gone_idx", true},
		{"unique index a DBA made", "DROP INDEX IF EXISTS orders_email_key", dba(), ClassContract, "drops unique index orders_email_key", true},
		{"plain index a DBA made", "DROP INDEX IF EXISTS public.orders_old_idx", dba(), ClassExpand, "drops index public.orders_old_idx (the running", true},
		{"one lacking, one unique", "DROP INDEX IF EXISTS orders_gone_idx, orders_email_key", dba(), ClassContract, "drops unique index", true},
		{"lacking, without IF EXISTS (it fails)", "DROP INDEX orders_gone_idx", dba(), ClassContract, "drops index orders_gone_idx", true},
		{"the database does not answer", "DROP INDEX IF EXISTS orders_gone_idx", &fakeCatalog{applied: map[int64]bool{1: true}, err: errors.New("connection refused")}, ClassContract, "drops index orders_gone_idx", true},
		{"table the database lacks", "DROP TABLE IF EXISTS public.orders_archive", dba(), ClassExpand, "drops nothing: the database has no table public.orders_archive", false},
		{"a table it has, with one it lacks", "DROP TABLE IF EXISTS orders_archive, orders", dba(), ClassContract, "drops table orders_archive, orders", true},
		{"view it lacks", "DROP VIEW IF EXISTS order_totals", dba(), ClassExpand, "drops nothing", false},
		{"function it lacks", "DROP FUNCTION IF EXISTS order_total(orders)", dba(), ClassExpand, "drops nothing: the database has no function order_total", false},
		{"function it has", "DROP FUNCTION IF EXISTS order_label(bigint)", dba(), ClassContract, "drops function order_label", false},
		{"trigger it lacks", "DROP TRIGGER IF EXISTS stamp ON orders", dba(), ClassExpand, "drops nothing: the database has no trigger orders.stamp", false},
		{"trigger it has", "DROP TRIGGER IF EXISTS audit ON orders", dba(), ClassContract, "drops trigger orders.audit", false},
		// The table is named by the statements before (Storage's 0042): only the trigger's
		// own name would show a pending statement creating it.
		{"triggers it lacks, one after the other", "DROP TRIGGER IF EXISTS stamp ON orders;\nDROP TRIGGER IF EXISTS stamp2 ON orders", dba(), ClassExpand, "drops nothing: the database has no trigger orders.stamp2", false},
		{"type it lacks", "DROP TYPE IF EXISTS order_kind", dba(), ClassExpand, "drops nothing", false},
		{"type it has", "DROP TYPE IF EXISTS order_state", dba(), ClassContract, "drops type order_state", false},
		{"table it lacks, without IF EXISTS (it fails)", "DROP TABLE orders_archive", dba(), ClassContract, "drops table orders_archive", true},
		{"table it lacks, the database does not answer", "DROP TABLE IF EXISTS orders_archive", &fakeCatalog{applied: map[int64]bool{1: true}, err: errors.New("timeout")}, ClassContract, "could not ask the database whether it has it: timeout", true},
		{"new function, CREATE OR REPLACE", "CREATE OR REPLACE FUNCTION order_total(o orders) RETURNS numeric LANGUAGE sql AS $$ SELECT o.total $$", dba(), ClassExpand, "adds function order_total (CREATE OR REPLACE", false},
		{"the same without a Catalog", "CREATE OR REPLACE FUNCTION order_total(o orders) RETURNS numeric LANGUAGE sql AS $$ SELECT o.total $$", nil, ClassContract, "replaces function order_total", false},
		{"a function the database has", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS text LANGUAGE sql AS $$ SELECT 'o' $$", dba(), ClassContract, "replaces function order_label", false},
		{"ALTER TABLE IF EXISTS of a table it lacks", "ALTER TABLE IF EXISTS orders_archive RENAME TO orders_old", dba(), ClassExpand, "changes nothing: the database has no relation orders_archive", false},
		{"the same without a Catalog", "ALTER TABLE IF EXISTS orders_archive RENAME TO orders_old", nil, ClassContract, "renames table orders_archive", true},
		{"ALTER TABLE IF EXISTS of a table it has", "ALTER TABLE IF EXISTS orders RENAME TO orders_old", dba(), ClassContract, "renames table orders", true},
		{"a column dropped from a table it lacks, IF EXISTS", "ALTER TABLE IF EXISTS orders_archive DROP COLUMN email", dba(), ClassExpand, "changes nothing", false},
		{"a column renamed in a table it lacks, IF EXISTS", "ALTER TABLE IF EXISTS orders_archive RENAME COLUMN email TO mail", dba(), ClassExpand, "changes nothing", false},
		{"a table it lacks, the database does not answer", "ALTER TABLE IF EXISTS orders_archive DROP COLUMN email", &fakeCatalog{applied: map[int64]bool{1: true}, err: errors.New("timeout")}, ClassContract, "drops column orders_archive.email", true},
		{"a function the database has, as it is", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS text LANGUAGE sql AS $$ SELECT 'o' $$", dbaSame(), ClassExpand, "re-creates function order_label as the database defines it", false},
		// Not tried in the database: PL/Perl's validator runs BEGIN blocks as it compiles.
		{"a function the database has, as it is, in PL/Perl", "CREATE OR REPLACE FUNCTION order_label(id bigint) RETURNS text LANGUAGE plperl AS $$ BEGIN { } return 'o'; $$", dbaSame(), ClassContract, "replaces function order_label", false},
		// A table a DBA made, created IF NOT EXISTS: what follows is on the existing table.
		{"a table the database has, IF NOT EXISTS, then a trigger", "CREATE TABLE IF NOT EXISTS order_notes (id int);\nCREATE FUNCTION skip() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\nCREATE TRIGGER skip BEFORE INSERT ON order_notes FOR EACH ROW EXECUTE FUNCTION skip()", dbaNotes(), ClassContract, "adds trigger skip on order_notes", true},
		{"a table the database lacks, IF NOT EXISTS, then a trigger", "CREATE TABLE IF NOT EXISTS order_notes (id int);\nCREATE FUNCTION skip() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\nCREATE TRIGGER skip BEFORE INSERT ON order_notes FOR EACH ROW EXECUTE FUNCTION skip()", dba(), ClassExpand, "adds trigger skip on new table order_notes", false},
		{"a constraint the database lacks, IF EXISTS", "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_email_key", dba(), ClassExpand, "drops nothing: the database has no constraint orders_email_key", true},
		{"a constraint the database has, IF EXISTS", "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_check", dbaCheck(), ClassContract, "drops constraint orders_total_check", true},
		{"created earlier in the same migration", "CREATE FUNCTION order_total(o orders) RETURNS numeric LANGUAGE sql AS $$ SELECT 0 $$;\nCREATE OR REPLACE FUNCTION order_total(o orders) RETURNS numeric LANGUAGE sql AS $$ SELECT o.total $$", dba(), ClassExpand, "adds function order_total", false},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			var cat Catalog
			if c.cat != nil {
				cat = c.cat
			}
			ms := readWith(t, cat, "00001_schema.sql", catalogSchema, "00002_change.sql", "-- +goose Up\n"+c.up+";\n")
			m := ms[1]
			if m.Class != c.class || !strings.Contains(m.Summary()+" "+changesText(m), c.what) {
				t.Fatalf("got %s: %s", m.Class, changesText(m))
			}
			if got := len(m.LockWarnings) > 0; got != c.lockWarn {
				t.Fatalf("lock warnings %q, want some: %v", m.LockWarnings, c.lockWarn)
			}
		})
	}
}

// An object named by a pending migration before the one classified is not asked about: that
// migration may create it before this one runs (here in a DO block Greenlight does not read to
// the end). Once that migration is applied, the database has what it made and is asked.
func TestCatalogNotAskedAboutWhatAPendingMigrationNames(t *testing.T) {
	do := "-- +goose Up\nDO $$ BEGIN EXECUTE 'CREATE UNIQUE INDEX orders_email_uq ON orders (email)'; END $$;\n"
	drop := "-- +goose Up\nDROP INDEX IF EXISTS orders_email_uq;\n"
	pending := &fakeCatalog{applied: map[int64]bool{1: true}}
	ms := readWith(t, pending, "00001_schema.sql", catalogSchema, "00002_do.sql", do, "00003_drop.sql", drop)
	if ms[2].Class != ClassContract || len(pending.asked) != 0 {
		t.Fatalf("pending: %s (%s), asked %q", ms[2].Class, changesText(ms[2]), pending.asked)
	}
	applied := &fakeCatalog{applied: map[int64]bool{1: true, 2: true}, indexes: map[string]bool{"orders_email_uq": true}}
	ms = readWith(t, applied, "00001_schema.sql", catalogSchema, "00002_do.sql", do, "00003_drop.sql", drop)
	if ms[2].Class != ClassContract || !strings.Contains(changesText(ms[2]), "drops unique index orders_email_uq") {
		t.Fatalf("applied: %s (%s), asked %q", ms[2].Class, changesText(ms[2]), applied.asked)
	}
	gone := &fakeCatalog{applied: map[int64]bool{1: true, 2: true}}
	ms = readWith(t, gone, "00001_schema.sql", catalogSchema, "00002_do.sql", do, "00003_drop.sql", drop)
	if ms[2].Class != ClassExpand {
		t.Fatalf("applied, index gone: %s (%s)", ms[2].Class, changesText(ms[2]))
	}
}

func changesText(m Migration) string {
	var b strings.Builder
	for _, c := range m.Changes {
		b.WriteString(string(c.Class) + " " + c.What + ": " + c.Why + "; ")
	}
	return b.String()
}

// A policy on a table whose row level security is off does nothing (the manual, CREATE
// POLICY): expand when the database says it is off and the migration does not enable or force
// it; contract otherwise, and without a database (the folder cannot say what was enabled
// outside it).
func TestPolicyWithoutRowSecurity(t *testing.T) {
	off := func() *fakeCatalog { return &fakeCatalog{applied: map[int64]bool{1: true}} }
	on := &fakeCatalog{applied: map[int64]bool{1: true}, objects: map[string]bool{"rls orders": true}}
	policy := "CREATE POLICY mine ON orders USING (email = current_user)"
	cases := []struct {
		name, up string
		cat      Catalog
		class    Class
	}{
		{"row security off", policy, off(), ClassExpand},
		{"row security on in the database", policy, on, ClassContract},
		{"no database", policy, nil, ClassContract},
		{"enabled later in the migration", policy + ";\nALTER TABLE orders ENABLE ROW LEVEL SECURITY", off(), ClassContract},
		{"forced later in the migration", policy + ";\nALTER TABLE orders FORCE ROW LEVEL SECURITY", off(), ClassContract},
		{"the database does not answer", policy, &fakeCatalog{applied: map[int64]bool{1: true}, err: errors.New("timeout")}, ClassContract},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			ms := readWith(t, c.cat, "00001_schema.sql", catalogSchema, "00002_change.sql", "-- +goose Up\n"+c.up+";\n")
			if ms[1].Class != c.class {
				t.Fatalf("got %s: %s", ms[1].Class, changesText(ms[1]))
			}
		})
	}
	// An earlier migration of the folder that enabled it (pending, so the database does not
	// show it yet).
	ms := readWith(t, off(), "00001_schema.sql", catalogSchema, "00002_rls.sql", "-- +goose Up\nALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n",
		"00003_policy.sql", "-- +goose Up\n"+policy+";\n")
	if ms[2].Class != ClassContract {
		t.Fatalf("after an earlier migration enabled it: %s", changesText(ms[2]))
	}
}
