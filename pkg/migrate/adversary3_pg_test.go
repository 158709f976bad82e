package migrate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/migrate"
	"github.com/jackc/pgx/v5/pgconn"
)

func sqlstate(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// runAdv3 checks each case breaks the serving version on PostgreSQL 15 (it works before the
// migration and fails, or answers otherwise, after) and is classified contract, as the stages
// classify, against the database before the migration.
func runAdv3(t *testing.T, cases []adversary) {
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			m, works, after := servingAcross(t, c.schema, c.change, c.serving)
			if works {
				t.Fatalf("nothing the serving version does breaks")
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

const fnHead = "CREATE FUNCTION orders_notify() RETURNS trigger LANGUAGE plpgsql AS $$\n"

// TestAdversary3TriggerOnPostgres holds a third attacking review's cases against the rule on
// triggers the running version cannot notice (classify_trigger.go): each breaks an ordinary
// statement of the serving version on PostgreSQL 15, and each was classified expand, because
// PL/pgSQL resolves an expression's types only when it runs (a comparison of an integer with a
// string, || of two integers, a condition that is not boolean, COALESCE of two types, json
// without equality), because a variable's declared type or NOT NULL may refuse a value, because
// numeric(p,s)'s text is longer when s is negative or above p, and because a function of the
// trigger's name with other arguments, or a user function an exact match prefers to
// pg_catalog's, is another function. All 13 failed before the reading typed its expressions.
func TestAdversary3TriggerOnPostgres(t *testing.T) {
	const orders = "CREATE TABLE orders (id bigint PRIMARY KEY, status int NOT NULL DEFAULT 0, code varchar(16), settings json, amount numeric(1,-1000), frac numeric(1,1000));\nINSERT INTO orders (id, code, settings) VALUES (1, 'a', '{}');\n"
	trig := "CREATE TRIGGER orders_changed AFTER INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_notify()"
	cases := []adversary{
		{"trigger json IS DISTINCT FROM", orders,
			fnHead + "BEGIN\n  IF NEW.settings IS DISTINCT FROM OLD.settings THEN\n    PERFORM pg_notify('order_settings', NEW.id::text);\n  END IF;\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"UPDATE orders SET status = 1 WHERE id = 1"}},
		{"trigger variable int from bigint", orders,
			fnHead + "DECLARE order_id int := NEW.id;\nBEGIN\n  PERFORM pg_notify('orders', order_id::text);\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (3000000000, 'b')"}},
		{"trigger variable varchar(8) from varchar(16)", orders,
			fnHead + "DECLARE c varchar(8);\nBEGIN\n  c := NEW.code;\n  PERFORM pg_notify('orders', c);\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'abcdefghijkl')"}},
		{"trigger IF int = string", orders,
			fnHead + "BEGIN\n  IF NEW.status = 'shipped' THEN\n    PERFORM pg_notify('orders_shipped', NEW.id::text);\n  END IF;\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'b')"}},
		{"trigger int || int", orders,
			fnHead + "BEGIN\n  PERFORM pg_notify('orders', NEW.id || NEW.status);\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'b')"}},
		{"trigger numeric negative scale payload", orders,
			fnHead + "BEGIN\n  PERFORM pg_notify('orders', concat(NEW.amount, NEW.amount, NEW.amount, NEW.amount, NEW.amount, NEW.amount, NEW.amount, NEW.amount));\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code, amount) VALUES (2, 'b', 9e1000)"}},
		{"trigger numeric scale over precision payload", orders,
			fnHead + "BEGIN\n  PERFORM pg_notify('orders', json_build_object('a', NEW.frac, 'b', NEW.frac, 'c', NEW.frac, 'd', NEW.frac, 'e', NEW.frac, 'f', NEW.frac, 'g', NEW.frac, 'h', NEW.frac)::text);\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code, frac) VALUES (2, 'b', 9e-1000)"}},
		{"trigger char(n) variable padded", orders,
			fnHead + "DECLARE c char(4000) := NEW.code;\nBEGIN\n  PERFORM pg_notify('orders', concat(c, c));\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'b')"}},
		{"trigger IF on a text column", orders,
			fnHead + "BEGIN\n  IF NEW.code THEN\n    PERFORM pg_notify('orders', 'x');\n  END IF;\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'b')"}},
		{"trigger COALESCE of mixed types", orders,
			fnHead + "DECLARE v text;\nBEGIN\n  v := coalesce(NEW.code, NEW.status);\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'b')"}},
		{"trigger function overload", "CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(16));\nCREATE FUNCTION orders_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'legacy'; END $$;\n",
			"CREATE FUNCTION orders_notify(p int) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM pg_notify('orders', 'x');\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'b')"}},
		{"trigger calls lower, which an overload in public takes", "CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(16));\nCREATE FUNCTION public.lower(varchar) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'app lower: %', $1; END $$;\n",
			fnHead + "BEGIN\n  PERFORM pg_notify('orders', lower(NEW.code));\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id, code) VALUES (2, 'B')"}},
		{"trigger variable NOT NULL", orders,
			fnHead + "DECLARE c varchar(16) NOT NULL := 'x';\nBEGIN\n  c := NEW.code;\n  PERFORM pg_notify('orders', c);\n  RETURN NULL;\nEND\n$$;\n" + trig,
			[]string{"INSERT INTO orders (id) VALUES (2)"}},
	}
	runAdv3(t, cases)
}

// TestAdversary3KeysAndDefaultsOnPostgres holds the same review's cases against the rules on
// unique keys, defaults and new tables: a twin dropped CASCADE (which drops a foreign key
// through it), a twin or a re-created index that is the replica identity of a published table
// (55000), a key on a column listed twice, a twin whose name duplicates are reported under, a
// NOT NULL column given a default that may be NULL, a default dropped from an inheriting child
// (it took its parent's), an index created again on another schema's table, and a table of the
// same name made in another schema taken for new. All 10 failed before.
func TestAdversary3KeysAndDefaultsOnPostgres(t *testing.T) {
	refused := func(insert string) string {
		return "DO $$ BEGIN " + insert + "; RAISE EXCEPTION 'not refused'; EXCEPTION WHEN unique_violation THEN NULL; END $$"
	}
	cases := []adversary{
		{"twin dropped CASCADE takes a foreign key", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\nCREATE TABLE invites (id int PRIMARY KEY, email text REFERENCES users (email) ON DELETE CASCADE);\nINSERT INTO users VALUES (1, 'a');\n",
			"DROP INDEX users_email_idx CASCADE",
			[]string{"DO $$ BEGIN INSERT INTO invites VALUES (1, 'nobody'); RAISE EXCEPTION 'invite to an unknown email accepted'; EXCEPTION WHEN foreign_key_violation THEN NULL; END $$"}},
		{"twin that is the replica identity", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_idx ON users (email);\nCREATE UNIQUE INDEX users_email_key ON users (email);\nALTER TABLE users REPLICA IDENTITY USING INDEX users_email_idx;\nCREATE PUBLICATION users_pub FOR TABLE users;\nINSERT INTO users VALUES (1, 'a');\n",
			"DROP INDEX users_email_idx",
			[]string{"UPDATE users SET email = 'b' WHERE id = 1"}},
		{"replica identity index dropped and created again", "CREATE TABLE users (id int NOT NULL, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_key ON users (email);\nALTER TABLE users REPLICA IDENTITY USING INDEX users_email_key;\nCREATE PUBLICATION users_pub FOR TABLE users;\nINSERT INTO users VALUES (1, 'a');\n",
			"DROP INDEX users_email_key;\nCREATE UNIQUE INDEX users_email_key ON users (email)",
			[]string{"UPDATE users SET email = 'b' WHERE id = 1", "DELETE FROM users WHERE id = 1"}},
		{"unique index on a column twice, kept by a wider key", "CREATE TABLE users (id int NOT NULL, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_twice ON users (email, email);\nCREATE UNIQUE INDEX users_email_id ON users (email, id);\nINSERT INTO users VALUES (1, 'a');\n",
			"DROP INDEX users_email_twice",
			[]string{refused("INSERT INTO users VALUES (2, 'a')"), "INSERT INTO users VALUES (3, 'c') ON CONFLICT (email) DO NOTHING"}},
		{"twin whose name the app matches in errors", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_idx ON users (email);\nCREATE UNIQUE INDEX users_email_key ON users (email);\nINSERT INTO users VALUES (1, 'a');\n",
			"DROP INDEX users_email_idx",
			[]string{"DO $$ DECLARE c text; BEGIN INSERT INTO users VALUES (2, 'a'); EXCEPTION WHEN unique_violation THEN GET STACKED DIAGNOSTICS c = CONSTRAINT_NAME; IF c <> 'users_email_idx' THEN RAISE EXCEPTION 'email taken reported as %', c; END IF; END $$"}},
		{"NOT NULL then a default that may be NULL", "CREATE TABLE docs (id int PRIMARY KEY, title text);\nINSERT INTO docs VALUES (1, 'a');\n",
			"ALTER TABLE docs ADD COLUMN state text DEFAULT 'draft';\nALTER TABLE docs ALTER COLUMN state SET NOT NULL;\nALTER TABLE docs ALTER COLUMN state SET DEFAULT nullif('draft', 'draft')",
			[]string{"INSERT INTO docs (id, title) VALUES (2, 'b')"}},
		{"NOT NULL then a default cast from NULL", "CREATE TABLE docs (id int PRIMARY KEY, title text);\nINSERT INTO docs VALUES (1, 'a');\n",
			"ALTER TABLE docs ADD COLUMN state text DEFAULT 'draft';\nALTER TABLE docs ALTER COLUMN state SET NOT NULL;\nALTER TABLE docs ALTER COLUMN state SET DEFAULT CASE WHEN false THEN 'x' END",
			[]string{"INSERT INTO docs (id, title) VALUES (2, 'b')"}},
		{"default dropped from an inheriting child that took its parent's", "CREATE TABLE base (id int, state text NOT NULL DEFAULT 'new');\nCREATE TABLE jobs (id int PRIMARY KEY, state text NOT NULL) INHERITS (base);\nINSERT INTO jobs (id) VALUES (1);\n",
			"ALTER TABLE jobs ALTER COLUMN state DROP DEFAULT",
			[]string{"INSERT INTO jobs (id) VALUES (2)"}},
		{"unique index created again on a table of another schema", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\nCREATE UNIQUE INDEX users_email_key ON users (email);\nCREATE SCHEMA audit CREATE TABLE users (id int, email text);\nINSERT INTO users VALUES (1, 'a');\n",
			"DROP INDEX users_email_key;\nCREATE UNIQUE INDEX users_email_key ON audit.users (email)",
			[]string{refused("INSERT INTO users VALUES (2, 'a')")}},
		{"table of the same name made in another schema", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\nINSERT INTO users VALUES (1, 'a');\n",
			"CREATE SCHEMA audit;\nCREATE TABLE audit.users (id int);\nALTER TABLE public.users DROP COLUMN email",
			[]string{"SELECT email FROM users"}},
	}
	runAdv3(t, cases)
}

// TestReplicaIdentityNothingOnPostgres: REPLICA IDENTITY NOTHING on a published table makes
// PostgreSQL refuse the serving version's UPDATE (55000), and is contract (it was expand,
// "logical replication only"; noticed after the third review). FULL keeps it working.
func TestReplicaIdentityNothingOnPostgres(t *testing.T) {
	const schema = "CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE PUBLICATION users_pub FOR TABLE users;\nINSERT INTO users VALUES (1, 'a');\n"
	runAdv3(t, []adversary{{"replica identity nothing", schema, "ALTER TABLE users REPLICA IDENTITY NOTHING", []string{"UPDATE users SET email = 'b' WHERE id = 1"}}})
	m, works, failure := servingAcross(t, schema, "ALTER TABLE users REPLICA IDENTITY FULL", []string{"UPDATE users SET email = 'b' WHERE id = 1"})
	if !works || m.Class != migrate.ClassExpand {
		t.Errorf("REPLICA IDENTITY FULL: works %v (%v), classified %s", works, failure, m.Class)
	}
}
