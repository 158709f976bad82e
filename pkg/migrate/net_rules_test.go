package migrate

import (
	"strings"
	"testing"
)

// netSchema is the first migration of the folders below: tables with foreign keys of each
// action, unique keys, a view its reader is granted, and default privileges.
const netSchema = `-- +goose Up
CREATE ROLE app;
CREATE TABLE teams (id int PRIMARY KEY, slug text, CONSTRAINT teams_slug_key UNIQUE (slug));
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, name text, org int);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE UNIQUE INDEX users_lower_name ON users (lower(name));
CREATE UNIQUE INDEX users_partial ON users (org) WHERE name IS NOT NULL;
CREATE TABLE members (
  team_id int NOT NULL CONSTRAINT members_team_fkey REFERENCES teams (id) ON DELETE RESTRICT ON UPDATE CASCADE,
  user_id int NOT NULL,
  role text,
  CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT members_role_check CHECK (role IN ('a', 'b')));
ALTER TABLE members ADD CONSTRAINT members_plain_fkey FOREIGN KEY (role) REFERENCES teams (slug);
CREATE VIEW user_names AS SELECT u.id, u.name FROM users u WHERE u.org IS NOT NULL;
CREATE VIEW team_slugs AS SELECT id, slug FROM teams;
GRANT SELECT ON user_names TO app;
GRANT SELECT ON team_slugs TO app;
CREATE VIEW user_cards AS SELECT u.*, upper(u.name) AS shout FROM users u;
GRANT SELECT ON user_cards TO app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO app;
`

func netMigration(t *testing.T, src string, noTx bool) Migration {
	t.Helper()
	head := "-- +goose Up\n"
	if noTx {
		head = "-- +goose NO TRANSACTION\n" + head
	}
	ms := readMap(t, map[string]string{"00001_schema.sql": netSchema, "00002_change.sql": head + src + ";\n"})
	if len(ms[1].Problems) > 0 {
		t.Fatalf("%s: problems %q", src, ms[1].Problems)
	}
	return ms[1]
}

// A constraint dropped and added again as it was in one transactional migration changes
// nothing the serving version can see. Anything else stays contract: another action (RESTRICT
// made CASCADE or NO ACTION too: the serving version relies on its refusals), other columns or table, a constraint not
// added again, a migration outside a transaction (the serving version would see it missing).
func TestConstraintAddedAgain(t *testing.T) {
	cases := []struct {
		sql   string
		noTx  bool
		class Class
	}{
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE", false, ClassExpand},
		{"ALTER TABLE members DROP CONSTRAINT members_team_fkey;\nALTER TABLE members ADD CONSTRAINT members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE RESTRICT ON UPDATE CASCADE", false, ClassExpand},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey, ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE NOT VALID", false, ClassExpand},
		{"ALTER TABLE members DROP CONSTRAINT members_team_fkey;\nALTER TABLE members ADD CONSTRAINT members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE ON UPDATE CASCADE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_team_fkey;\nALTER TABLE members ADD CONSTRAINT members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE NO ACTION ON UPDATE CASCADE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_role_check;\nALTER TABLE members ADD CONSTRAINT members_role_check CHECK (role IN ('a', 'b')) NOT VALID", false, ClassExpand},
		{"ALTER TABLE teams DROP CONSTRAINT teams_slug_key;\nALTER TABLE teams ADD CONSTRAINT teams_slug_key UNIQUE (slug)", false, ClassExpand},
		{"ALTER TABLE teams DROP CONSTRAINT teams_pkey;\nALTER TABLE teams ADD PRIMARY KEY (id)", false, ClassExpand},
		// Breaking: CASCADE to RESTRICT fails the serving version's deletes; NO ACTION to CASCADE
		// changes what a statement that succeeded does; another column, table or constraint name.
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_plain_fkey;\nALTER TABLE members ADD CONSTRAINT members_plain_fkey FOREIGN KEY (role) REFERENCES teams (slug) ON DELETE CASCADE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_team_fkey;\nALTER TABLE members ADD CONSTRAINT members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_team_fkey;\nALTER TABLE members ADD CONSTRAINT members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) MATCH FULL ON DELETE RESTRICT ON UPDATE CASCADE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (team_id) REFERENCES users (id) ON DELETE CASCADE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_role_check;\nALTER TABLE members ADD CONSTRAINT members_role_check CHECK (role IN ('a'))", false, ClassContract},
		{"ALTER TABLE teams DROP CONSTRAINT teams_slug_key;\nCREATE UNIQUE INDEX teams_slug_key ON teams (slug) WHERE id > 0", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;\nALTER TABLE members DROP CONSTRAINT members_user_fkey", false, ClassContract},
		{"ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE", true, ClassContract},
	}
	for _, c := range cases {
		m := netMigration(t, c.sql, c.noTx)
		if m.Class != c.class {
			t.Errorf("%s (no transaction %v): %s, want %s: %s", c.sql, c.noTx, m.Class, c.class, m.Summary())
		}
	}
}

// The same rule keeps its lock warning: the constraint added again is validated (or its index
// built) under the lock ADD takes.
func TestConstraintAddedAgainStillWarns(t *testing.T) {
	m := netMigration(t, "ALTER TABLE members DROP CONSTRAINT members_user_fkey;\nALTER TABLE members ADD CONSTRAINT members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE", false)
	if m.Class != ClassExpand || len(m.LockWarnings) == 0 || !strings.Contains(strings.Join(m.LockWarnings, "\n"), "adding-foreign-key-constraint") {
		t.Errorf("%s: %q", m.Summary(), m.LockWarnings)
	}
}

// A unique index or constraint whose columns include all of a unique key's (plain columns,
// every row, not deferrable) refuses nothing that key does not refuse already.
func TestUniqueImpliedByAUniqueKey(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
	}{
		{"CREATE UNIQUE INDEX users_email_org ON users (email, org)", ClassExpand},
		{"CREATE UNIQUE INDEX users_org_email ON users (org, email) WHERE name IS NULL", ClassExpand},
		{"CREATE UNIQUE INDEX users_id_name ON users (name, id)", ClassExpand},
		{"CREATE UNIQUE INDEX teams_slug_id ON teams (slug, id) INCLUDE (id)", ClassExpand},
		{"ALTER TABLE users ADD CONSTRAINT users_email_name UNIQUE (email, name)", ClassExpand},
		{"ALTER TABLE teams RENAME COLUMN slug TO handle;\nCREATE UNIQUE INDEX teams_handle ON teams (handle)", ClassContract}, // the rename is contract on its own
		// Not implied: fewer columns, an expression or a partial index as the key, NULLS NOT
		// DISTINCT, a collation that may be nondeterministic, a key dropped before.
		{"CREATE UNIQUE INDEX users_name ON users (name)", ClassContract},
		{"CREATE UNIQUE INDEX users_org ON users (org)", ClassContract},
		{"CREATE UNIQUE INDEX users_name_org ON users (name, org)", ClassContract},
		{"CREATE UNIQUE INDEX users_email_lower ON users (lower(email))", ClassContract},
		{"CREATE UNIQUE INDEX users_email_org ON users (email, org) NULLS NOT DISTINCT", ClassContract},
		{`CREATE UNIQUE INDEX users_email_ci ON users (email COLLATE case_insensitive, org)`, ClassContract},
		{`CREATE UNIQUE INDEX users_email_icu ON users (email COLLATE "und-x-icu", org)`, ClassContract},
		{`CREATE UNIQUE INDEX users_email_c ON users (email COLLATE myschema."C", org)`, ClassContract},
		// A deterministic built-in collation compares equal only identical bytes, as the
		// column's deterministic (or looser) collation does at least (Storage's
		// name COLLATE "C", bucket_id, level): implied.
		{`CREATE UNIQUE INDEX users_email_c ON users (email COLLATE "C", org)`, ClassExpand},
		{`CREATE UNIQUE INDEX users_email_posix ON users (org, email COLLATE pg_catalog."POSIX")`, ClassExpand},
		{"DROP INDEX users_email;\nCREATE UNIQUE INDEX users_email_org ON users (email, org)", ClassContract},
		{"ALTER TABLE users DROP COLUMN email;\nCREATE UNIQUE INDEX users_name_id2 ON users (name, org)", ClassContract},
	}
	for _, c := range cases {
		m := netMigration(t, c.sql, false)
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", c.sql, m.Class, c.class, m.Summary())
		}
	}
	m := netMigration(t, "CREATE UNIQUE INDEX CONCURRENTLY users_email_org ON users (email, org)", true)
	if m.Class != ClassExpand || len(m.LockWarnings) > 0 {
		t.Errorf("concurrently: %s %q", m.Summary(), m.LockWarnings)
	}
}

// A view replaced (or dropped and created again in one transaction) with the same query and
// columns added at its end reads as before; dropped and created again, it must also get back
// every privilege it had (PostgreSQL 15 answers "permission denied for view" otherwise,
// TestViewRecreatedOnPostgres).
func TestViewSameQueryMoreColumns(t *testing.T) {
	cases := []struct {
		sql   string
		noTx  bool
		class Class
	}{
		{"CREATE OR REPLACE VIEW user_names AS SELECT u.id, u.name, u.email FROM users u WHERE u.org IS NOT NULL", false, ClassExpand},
		{"CREATE OR REPLACE VIEW user_names AS SELECT u.id, u.name FROM users u WHERE u.org IS NOT NULL", false, ClassExpand},
		{"DROP VIEW user_names;\nALTER TABLE users ADD COLUMN nick text;\nCREATE VIEW user_names AS SELECT u.id, u.name, u.nick FROM users u WHERE u.org IS NOT NULL", false, ClassExpand},
		{"DROP VIEW IF EXISTS user_names;\nCREATE VIEW user_names AS SELECT u.id, u.name, u.email FROM users u WHERE u.org IS NOT NULL;\nGRANT SELECT ON user_names TO app", false, ClassExpand},
		// Dropped and created again, a * may stand for the table's new columns wherever it is:
		// every column the serving version names keeps its expression (Coder's 000166,
		// template_with_users over templates.*, found by the fifth holdout).
		{"DROP VIEW user_cards;\nALTER TABLE users ADD COLUMN nick text;\nCREATE VIEW user_cards AS SELECT u.*, upper(u.name) AS shout FROM users u", false, ClassExpand},
		{"DROP VIEW user_cards;\nALTER TABLE users ADD COLUMN nick text;\nCREATE VIEW user_cards AS SELECT u.*, lower(u.name) AS shout FROM users u", false, ClassContract},
		{"ALTER TABLE users ADD COLUMN nick text;\nCREATE OR REPLACE VIEW user_cards AS SELECT u.*, upper(u.name) AS shout FROM users u", false, ClassContract},
		// Breaking: another query, fewer or reordered columns, outside a transaction, CASCADE.
		{"CREATE OR REPLACE VIEW user_names AS SELECT u.id, u.name FROM users u", false, ClassContract},
		{"CREATE OR REPLACE VIEW user_names AS SELECT u.id, upper(u.name) AS name FROM users u WHERE u.org IS NOT NULL", false, ClassContract},
		{"DROP VIEW user_names;\nCREATE VIEW user_names AS SELECT u.id FROM users u WHERE u.org IS NOT NULL", false, ClassContract},
		{"DROP VIEW user_names;\nCREATE VIEW user_names AS SELECT u.name, u.id FROM users u WHERE u.org IS NOT NULL", false, ClassContract},
		{"DROP VIEW user_names;\nCREATE VIEW user_names AS SELECT u.id, u.name FROM users u WHERE u.org IS NOT NULL", true, ClassContract},
		{"DROP VIEW user_names CASCADE;\nCREATE VIEW user_names AS SELECT u.id, u.name FROM users u WHERE u.org IS NOT NULL", false, ClassContract},
		{"DROP VIEW user_names", false, ClassContract},
		{"DROP VIEW user_names;\nCREATE VIEW user_names AS SELECT u.id, u.name FROM users u WHERE u.org IS NOT NULL;\nDROP VIEW user_names", false, ClassContract},
	}
	for _, c := range cases {
		m := netMigration(t, c.sql, c.noTx)
		if m.Class != c.class {
			t.Errorf("%s (no transaction %v): %s, want %s: %s", c.sql, c.noTx, m.Class, c.class, m.Summary())
		}
	}
}

// Privileges: the reader's explicit GRANT on the view is covered by the default privileges
// only for what they grant; a REVOKE of the defaults leaves a view created again unreadable.
func TestViewRecreatedKeepsPrivileges(t *testing.T) {
	recreate := "DROP VIEW team_slugs;\nCREATE VIEW team_slugs AS SELECT id, slug FROM teams"
	if m := netMigration(t, recreate, false); m.Class != ClassExpand {
		t.Errorf("default privileges give app SELECT: %s", m.Summary())
	}
	ms := readMap(t, map[string]string{"00001_schema.sql": netSchema,
		"00002_grant.sql":  "-- +goose Up\nGRANT INSERT ON team_slugs TO app;\n",
		"00003_change.sql": "-- +goose Up\n" + recreate + ";\n"})
	if ms[2].Class != ClassContract {
		t.Errorf("app's INSERT on the view is lost: %s", ms[2].Summary())
	}
	ms = readMap(t, map[string]string{"00001_schema.sql": netSchema,
		"00002_revoke.sql": "-- +goose Up\nALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM app;\n",
		"00003_change.sql": "-- +goose Up\n" + recreate + ";\n"})
	if ms[2].Class != ClassContract {
		t.Errorf("no default privilege gives SELECT back: %s", ms[2].Summary())
	}
	ms = readMap(t, map[string]string{"00001_schema.sql": netSchema,
		"00002_revoke.sql": "-- +goose Up\nALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM app;\n",
		"00003_change.sql": "-- +goose Up\n" + recreate + ";\nGRANT SELECT ON team_slugs TO app;\n"})
	if ms[2].Class != ClassExpand {
		t.Errorf("granted again: %s", ms[2].Summary())
	}
}

// A DO block's statements are read with PostgreSQL's PL/pgSQL parser and classified one by
// one, in every branch; what the parser cannot show (EXECUTE of a string, another language)
// stays contract with the strongest lock assumed.
func TestDoBlockRead(t *testing.T) {
	cases := []struct {
		sql    string
		class  Class
		warned bool
	}{
		{"DO $$ DECLARE found_col boolean := false; BEGIN SELECT count(*) != 0 INTO found_col FROM information_schema.columns WHERE table_name = 'users'; IF found_col THEN ALTER TABLE users ALTER COLUMN email TYPE text; END IF; END $$", ClassExpand, false},
		{"DO $$ BEGIN IF (SELECT count(*) FROM users WHERE name IS NULL) > 0 THEN UPDATE users SET name = '' WHERE name IS NULL; END IF; END $$", ClassExpand, false},
		{"DO $$ BEGIN CREATE INDEX users_org ON users (org); END $$", ClassExpand, true},
		{"DO $$ BEGIN IF true THEN ALTER TABLE users DROP COLUMN name; END IF; END $$", ClassContract, false},
		{"DO $$ BEGIN IF 1 = 2 THEN NULL; ELSE ALTER TABLE users RENAME COLUMN name TO full_name; END IF; END $$", ClassContract, false},
		{"DO $$ BEGIN PERFORM pg_terminate_backend(pid) FROM pg_stat_activity; END $$", ClassContract, false},
		{"DO $$ BEGIN IF setval('s', 1) > 0 THEN RAISE NOTICE 'x'; END IF; END $$", ClassContract, false},
		{"DO $$ BEGIN EXECUTE 'ALTER TABLE users ADD COLUMN x int'; END $$", ClassContract, true},
		{"DO LANGUAGE plpython3u $$ plpy.execute('DROP TABLE users') $$", ClassContract, true},
		{"DO $$ BEGIN CALL archive(); END $$", ClassContract, true},
	}
	for _, c := range cases {
		m := netMigration(t, c.sql, false)
		if m.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", c.sql, m.Class, c.class, m.Summary())
		}
		if got := len(m.LockWarnings) > 1; got != c.warned { // the lock_timeout warning comes with any lock
			t.Errorf("%s: lock warnings %q, want some: %v", c.sql, m.LockWarnings, c.warned)
		}
	}
}

// A statement that reads or writes a table an earlier statement of the same transactional
// migration locked runs under that lock (held until commit): warned, with the lock.
func TestBackfillUnderHeldLock(t *testing.T) {
	warnedOn := func(m Migration, sql string) bool {
		for _, c := range m.Changes {
			if strings.HasPrefix(c.SQL, sql) && c.Warning != "" && c.Lock != "" {
				return strings.Contains(c.Warning, "is held")
			}
		}
		return false
	}
	m := netMigration(t, "ALTER TABLE users ADD COLUMN nick text;\nUPDATE users SET nick = name", false)
	if !warnedOn(m, "UPDATE") {
		t.Errorf("backfill after ADD COLUMN: %+v", m.Changes)
	}
	m = netMigration(t, "ALTER TABLE users DROP COLUMN org;\nINSERT INTO teams (id, slug) SELECT id, email FROM users", false)
	if !warnedOn(m, "INSERT") {
		t.Errorf("a read of a locked table: %+v", m.Changes)
	}
	for _, c := range []struct {
		sql  string
		noTx bool
	}{
		{"UPDATE users SET name = ''", false},
		{"UPDATE users SET name = '';\nALTER TABLE users ADD COLUMN nick text", false},
		{"ALTER TABLE teams ADD COLUMN nick text;\nUPDATE users SET name = ''", false},
		{"ALTER TABLE users ADD COLUMN nick text;\nUPDATE users SET nick = name", true},
		{"CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;\nINSERT INTO t SELECT 1", false},
	} {
		if m := netMigration(t, c.sql, c.noTx); warnedOn(m, "UPDATE") || warnedOn(m, "INSERT") {
			t.Errorf("%s (no transaction %v): warned %+v", c.sql, c.noTx, m.Changes)
		}
	}
}

// A type change without a rewrite still rebuilds the indexes with an expression or a
// predicate on the column (measured on PostgreSQL 15): warned; a plain index is kept.
func TestTypeChangeRebuildsExpressionIndexes(t *testing.T) {
	ms := readMap(t, map[string]string{"00001_schema.sql": netSchema,
		"00002_idx.sql":    "-- +goose Up\nCREATE INDEX users_org_named ON users (org) WHERE name <> '';\nCREATE INDEX users_email_plain ON users (email);\n",
		"00003_widen.sql":  "-- +goose Up\nALTER TABLE users ALTER COLUMN name TYPE text;\n",
		"00004_widen2.sql": "-- +goose Up\nALTER TABLE users ALTER COLUMN email TYPE text;\n"})
	if ms[2].Class != ClassExpand || len(ms[2].Changes) != 1 || !strings.Contains(ms[2].Changes[0].Warning, "users_lower_name, users_org_named") {
		t.Errorf("name is in an expression index and a predicate: %+v", ms[2].Changes)
	}
	if ms[3].Class != ClassExpand || ms[3].Changes[0].Warning != "" {
		t.Errorf("email's indexes are plain: %+v", ms[3].Changes)
	}
}
