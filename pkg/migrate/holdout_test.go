package migrate_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/pgtest"
	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// The holdout set (issue 25 §1's goal): statements the classifier's authors did not see, taken
// from public projects' migration folders and from PostgreSQL 15's manual, on a schema of their
// own (testdata/holdout). Each answer is measured on PostgreSQL 15 in a fresh database, as
// TestCorpusOnPostgres measures its corpus, and the expectations written here were checked
// against that measurement.
//
// Sources: supabase/auth migrations/<name>.up.sql ("supabase <name>"), ory/kratos
// persistence/sql/migrations/sql/<name>.postgres.up.sql ("kratos <name>"; "kratos legacy" is
// oryx/popx/stub/migrations/legacy), adapted to this schema's tables, Supabase's documentation
// ("supabase docs": the on_auth_user_created trigger, REPLICA IDENTITY for Realtime, pg_dump's
// header in `supabase db diff` output), PostgreSQL 15's manual, chapter and example ("pg:
// sql-altertable example", …).
type holdoutCase struct {
	name, source, stmt string
	table              string // the table whose lock and rewrite are measured (default auth.users)
	nonTx              bool
	breaks             bool
	rewrite, long      bool
	// waitsOnly names the squawk rule for a statement that takes a blocking lock without
	// scanning (a warning is due all the same).
	waitsOnly string
	// lock is the strongest lock the statement's transaction holds on table, as pg_locks names
	// it, and why the reason for the answer (both set by the fourth holdout).
	lock, why string
}

var holdout = []holdoutCase{
	// Columns added.
	{name: "add nullable column", source: "supabase 20230116124412_add_deleted_at", stmt: "ALTER TABLE auth.users ADD COLUMN deleted_at timestamptz NULL"},
	{name: "add NOT NULL column with constant default", source: "supabase 20240214120130_add_is_anonymous_column", stmt: "ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS is_anonymous boolean NOT NULL DEFAULT false"},
	{name: "add NOT NULL varchar with default", source: "kratos 20210504121624000000_add_identity_states", stmt: "ALTER TABLE auth.users ADD COLUMN state VARCHAR (255) NOT NULL DEFAULT 'active'"},
	{name: "add bool with quoted default", source: "kratos legacy 20191100000012_login_request_forced", stmt: "ALTER TABLE auth.users ADD COLUMN forced bool NOT NULL DEFAULT 'false'"},
	{name: "add timestamp with constant default", source: "kratos legacy 20200830172221_recovery_token_expires", table: "auth.refresh_tokens", stmt: "ALTER TABLE auth.refresh_tokens ADD COLUMN expires_at timestamp NOT NULL DEFAULT '2000-01-01 00:00:00'"},
	{name: "add text with cast default", source: "supabase 20210710035447_alter_users (phone_change)", stmt: "ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS phone_change text NULL DEFAULT ''::character varying"},
	{name: "add enum column after creating the enum", source: "supabase 20221003041400_add_aal_and_factor_id_to_sessions", table: "auth.refresh_tokens", stmt: "CREATE TYPE auth.aal_level AS ENUM ('aal1', 'aal2', 'aal3');\nALTER TABLE auth.refresh_tokens ADD COLUMN IF NOT EXISTS aal auth.aal_level NULL"},
	{name: "add column and set its default (manual)", source: "pg: sql-altertable example (transactions.status)", table: "auth.refresh_tokens", stmt: "ALTER TABLE auth.refresh_tokens ADD COLUMN status varchar(30) DEFAULT 'old', ALTER COLUMN status SET DEFAULT 'current'"},
	{name: "add column with now() default (manual)", source: "pg: sql-altertable (mtime DEFAULT now())", table: "auth.refresh_tokens", stmt: "ALTER TABLE auth.refresh_tokens ADD COLUMN rotated_at timestamp with time zone DEFAULT now()"},
	{name: "add unique column DEFAULT NULL", source: "supabase 20240729123726_add_mfa_phone_config", table: "auth.mfa_factors", stmt: "ALTER TABLE auth.mfa_factors ADD COLUMN IF NOT EXISTS phone text UNIQUE DEFAULT NULL", long: true},
	{name: "add stored generated column", source: "supabase 20221215195800_add_identities_email_column", table: "auth.identities", stmt: "ALTER TABLE auth.identities ADD COLUMN email text GENERATED ALWAYS AS (lower(identity_data->>'email')) STORED", rewrite: true, long: true},
	{name: "add generated LEAST column", source: "supabase 20210722035447_adds_confirmed_at", stmt: "ALTER TABLE auth.users ADD COLUMN last_seen timestamptz GENERATED ALWAYS AS (LEAST(confirmed_at, banned_until)) STORED", rewrite: true, long: true},
	{name: "add column and index it", source: "supabase 20240214120130_add_is_anonymous_column (users_is_anonymous_idx)", stmt: "ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS is_anonymous boolean NOT NULL DEFAULT false;\nCREATE INDEX IF NOT EXISTS users_is_anonymous_idx ON auth.users USING btree (is_anonymous)", long: true},
	{name: "add column then a foreign key on it", source: "kratos 20210410175418000031_network (nid, *_nid_fk_idx)", table: "auth.audit_log_entries", stmt: "ALTER TABLE auth.audit_log_entries ADD COLUMN nid UUID;\nALTER TABLE auth.audit_log_entries ADD CONSTRAINT audit_log_entries_nid_fk_idx FOREIGN KEY (nid) REFERENCES auth.networks (id) ON UPDATE RESTRICT ON DELETE CASCADE", long: true},

	// Columns changed.
	{name: "varchar to text", source: "supabase 20230116124310_alter_phone_type", stmt: "ALTER TABLE auth.users ALTER COLUMN phone TYPE text"},
	{name: "widen two varchars (manual)", source: "pg: sql-altertable example (address, name TYPE varchar)", stmt: "ALTER TABLE auth.users ALTER COLUMN aud TYPE varchar(300), ALTER COLUMN role TYPE varchar(300)"},
	{name: "same type and DROP NOT NULL", source: "kratos 20210410175418000003_network (nid TYPE UUID, DROP NOT NULL)", table: "auth.audit_log_entries", stmt: "ALTER TABLE auth.audit_log_entries ALTER COLUMN id TYPE UUID, ALTER COLUMN id DROP NOT NULL"},
	{name: "same type and SET NOT NULL on a NOT NULL column", source: "kratos 20210805112414000002_settings_flow_context", table: "auth.identities", stmt: "ALTER TABLE auth.identities ALTER COLUMN identity_data TYPE jsonb, ALTER COLUMN identity_data SET NOT NULL"},
	{name: "type text and SET NOT NULL", source: "kratos legacy 20191100000011_courier_body_type", table: "auth.mfa_factors", stmt: "ALTER TABLE auth.mfa_factors ALTER COLUMN friendly_name TYPE text, ALTER COLUMN friendly_name SET NOT NULL", breaks: true, long: true},
	{name: "set not null (manual)", source: "pg: sql-altertable example (street SET NOT NULL)", stmt: "ALTER TABLE auth.users ALTER COLUMN aud SET NOT NULL", breaks: true, long: true},
	{name: "drop not null", source: "supabase 20250901200500_add_oauth_client_type (client_secret_hash drop not null)", table: "auth.identities", stmt: "ALTER TABLE auth.identities ALTER COLUMN identity_data DROP NOT NULL"},
	{name: "text id to uuid with USING", source: "pg: sql-altertable (SET DATA TYPE … USING)", table: "auth.refresh_tokens", stmt: "ALTER TABLE auth.refresh_tokens ALTER COLUMN user_id TYPE uuid USING user_id::uuid", breaks: true, rewrite: true, long: true},
	{name: "narrow varchar", source: "pg: sql-altertable (SET DATA TYPE)", table: "auth.audit_log_entries", stmt: "ALTER TABLE auth.audit_log_entries ALTER COLUMN ip_address TYPE varchar(32)", breaks: true, rewrite: true, long: true},
	{name: "set default", source: "pg: sql-altertable (SET DEFAULT)", table: "auth.refresh_tokens", stmt: "ALTER TABLE auth.refresh_tokens ALTER COLUMN revoked SET DEFAULT false"},
	{name: "drop a default the serving version relies on", source: "pg: sql-altertable (DROP DEFAULT)", table: "auth.mfa_factors", stmt: "ALTER TABLE auth.mfa_factors ALTER COLUMN status DROP DEFAULT", breaks: true},
	{name: "drop column", source: "supabase 20240115144230_remove_ip_address_from_saml_relay_state", table: "auth.audit_log_entries", stmt: "ALTER TABLE auth.audit_log_entries DROP COLUMN payload", breaks: true},
	{name: "rename column", source: "supabase 20210710035447_alter_users", stmt: `ALTER TABLE "auth"."users" RENAME COLUMN "confirmed_at" TO "email_confirmed_at"`, breaks: true},
	{name: "rename column of a primary key", source: "supabase 20231117164230_add_id_pkey_identities (id → provider_id)", table: "auth.identities", stmt: "ALTER TABLE auth.identities RENAME COLUMN id TO provider_id", breaks: true},
	{name: "rename table", source: "kratos legacy 20200810161022_flow_rename", table: "auth.refresh_tokens", stmt: `ALTER TABLE "auth"."refresh_tokens" RENAME TO "session_tokens"`, breaks: true},
	{name: "set schema", source: "pg: sql-altertable example (SET SCHEMA)", table: "auth.audit_log_entries", stmt: "ALTER TABLE auth.audit_log_entries SET SCHEMA public", breaks: true},

	// Constraints.
	{name: "add unique constraint", source: "supabase 20210927181326_add_refresh_token_parent", table: "auth.refresh_tokens", stmt: `ALTER TABLE "auth"."refresh_tokens" ADD CONSTRAINT refresh_tokens_token_unique UNIQUE ("token")`, breaks: true, long: true},
	{name: "unique then self-referencing foreign key", source: "supabase 20210927181326_add_refresh_token_parent (refresh_tokens_parent_fkey)", table: "auth.refresh_tokens", stmt: `ALTER TABLE "auth"."refresh_tokens" ADD CONSTRAINT refresh_tokens_token_unique UNIQUE ("token");` + "\n" + `ALTER TABLE "auth"."refresh_tokens" ADD CONSTRAINT refresh_tokens_parent_fkey FOREIGN KEY (parent) REFERENCES auth.refresh_tokens("token")`, breaks: true, long: true},
	{name: "drop unique constraint, partial unique index instead", source: "supabase 20221215195500_modify_users_email_unique_index", stmt: "ALTER TABLE ONLY auth.users DROP CONSTRAINT IF EXISTS users_email_key;\nCREATE UNIQUE INDEX IF NOT EXISTS users_email_partial_key ON auth.users (email) WHERE (is_super_admin = false)", breaks: true, long: true},
	{name: "drop primary key, add a uuid primary key", source: "supabase 20231117164230_add_id_pkey_identities", table: "auth.identities", stmt: "ALTER TABLE ONLY auth.identities DROP CONSTRAINT IF EXISTS identities_pkey, ADD COLUMN IF NOT EXISTS uid uuid DEFAULT gen_random_uuid() PRIMARY KEY", breaks: true, rewrite: true, long: true},
	{name: "drop foreign key", source: "supabase 20221114143410_remove_parent_foreign_key_refresh_tokens", table: "auth.identities", stmt: "ALTER TABLE auth.identities DROP CONSTRAINT identities_user_id_fkey", breaks: true},
	{name: "rename a constraint used by ON CONFLICT ON CONSTRAINT", source: "pg: sql-altertable example (RENAME CONSTRAINT)", table: "auth.identities", stmt: "ALTER TABLE auth.identities RENAME CONSTRAINT identities_pkey TO identities_provider_id_pkey", breaks: true},
	{name: "add check (manual)", source: "pg: sql-altertable example (zipchk CHECK (char_length(zipcode) = 5))", table: "auth.mfa_factors", stmt: "ALTER TABLE auth.mfa_factors ADD CONSTRAINT friendly_name_len CHECK (char_length(friendly_name) > 0)", breaks: true, long: true},
	{name: "add check NOT VALID", source: "pg: sql-altertable (NOT VALID)", table: "auth.mfa_factors", stmt: "ALTER TABLE auth.mfa_factors ADD CONSTRAINT friendly_name_len CHECK (char_length(friendly_name) > 0) NOT VALID", breaks: true},
	{name: "drop check constraint (manual)", source: "pg: sql-altertable example (DROP CONSTRAINT zipchk)", table: "auth.mfa_factors", stmt: "ALTER TABLE auth.mfa_factors DROP CONSTRAINT status_known"},
	{name: "add foreign key NOT VALID (manual)", source: "pg: sql-altertable example (distfk … NOT VALID)", stmt: "ALTER TABLE auth.users ADD CONSTRAINT users_instance_fkey FOREIGN KEY (instance_id) REFERENCES auth.networks (id) NOT VALID", breaks: true},
	{name: "validate a constraint an earlier migration added", source: "pg: sql-altertable example (VALIDATE CONSTRAINT distfk)", table: "auth.refresh_tokens", stmt: "ALTER TABLE auth.refresh_tokens VALIDATE CONSTRAINT token_present"},

	// Indexes.
	{name: "create index", source: "supabase 20221027105023_add_identities_user_id_idx", table: "auth.identities", stmt: `CREATE INDEX IF NOT EXISTS identities_user_id_idx ON "auth".identities using btree (user_id)`, long: true},
	{name: "create partial index", source: "pg: sql-createindex (partial index)", table: "auth.refresh_tokens", stmt: "CREATE INDEX refresh_tokens_active ON auth.refresh_tokens (user_id) WHERE NOT revoked", long: true},
	{name: "create index concurrently", source: "pg: sql-createindex example (CONCURRENTLY)", table: "auth.refresh_tokens", nonTx: true, stmt: "CREATE INDEX CONCURRENTLY IF NOT EXISTS refresh_tokens_instance_id_user_id_idx ON auth.refresh_tokens USING btree (instance_id, user_id)"},
	{name: "create unique index INCLUDE (manual)", source: "pg: sql-createindex example (title_idx … INCLUDE)", table: "auth.refresh_tokens", stmt: "CREATE UNIQUE INDEX refresh_tokens_token_key ON auth.refresh_tokens (token) INCLUDE (revoked)", breaks: true, long: true},
	{name: "create partial unique index", source: "supabase 20221003041349_add_mfa_schema (mfa_factors_user_friendly_name_unique)", table: "auth.mfa_factors", stmt: "CREATE UNIQUE INDEX IF NOT EXISTS mfa_factors_user_friendly_name_unique ON auth.mfa_factors (friendly_name, user_id) WHERE trim(friendly_name) <> ''", breaks: true, long: true},
	{name: "drop index", source: "supabase 20230411005111_remove_duplicate_idx", table: "auth.refresh_tokens", stmt: "DROP INDEX IF EXISTS auth.refresh_tokens_token_idx", waitsOnly: "require-concurrent-index-deletion"},
	{name: "reindex concurrently", source: "pg: sql-reindex (CONCURRENTLY)", nonTx: true, stmt: "REINDEX INDEX CONCURRENTLY auth.users_instance_id_idx"},

	// Sequences, tables, types, functions, triggers, security.
	{name: "sequence maxvalue below what is used", source: "pg: sql-altersequence (MAXVALUE)", table: "auth.refresh_tokens", stmt: "ALTER SEQUENCE auth.refresh_tokens_id_seq MAXVALUE 503", breaks: true}, // 500 rows; the workload run before it used 501 and 502, so its second insert after it needs 504
	{name: "create type and table with a unique index", source: "supabase 20240427152123_add_one_time_tokens_table", stmt: "CREATE TYPE auth.one_time_token_type AS ENUM ('confirmation_token', 'recovery_token');\nCREATE TABLE IF NOT EXISTS auth.one_time_tokens (id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES auth.users ON DELETE CASCADE, token_type auth.one_time_token_type NOT NULL, token_hash text NOT NULL CHECK (char_length(token_hash) > 0), created_at timestamp without time zone NOT NULL DEFAULT now());\nCREATE UNIQUE INDEX IF NOT EXISTS one_time_tokens_user_id_token_type_key ON auth.one_time_tokens (user_id, token_type)"},
	{name: "add enum value", source: "supabase 20240729123726_add_mfa_phone_config (add value 'phone')", table: "auth.mfa_factors", stmt: "ALTER TYPE auth.factor_type ADD VALUE 'phone'"},
	{name: "drop table", source: "supabase 20221215195900_remove_sso_sessions", table: "auth.audit_log_entries", stmt: "DROP TABLE IF EXISTS auth.audit_log_entries", breaks: true},
	{name: "truncate", source: "pg: sql-truncate example", table: "auth.audit_log_entries", stmt: "TRUNCATE auth.audit_log_entries", breaks: true, rewrite: true, long: true},
	{name: "new function with CREATE OR REPLACE", source: "supabase 00_init_auth_schema (create or replace function auth.role())", stmt: "CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.role', true), '')::text $$"},
	{name: "drop a function the serving version calls", source: "pg: sql-dropfunction", stmt: "DROP FUNCTION IF EXISTS auth.uid()", breaks: true},
	{name: "trigger on an existing table (Supabase's profiles)", source: "supabase docs: managing user data (on_auth_user_created)", stmt: "CREATE TABLE public.profiles (id uuid PRIMARY KEY, email text);\nCREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$ BEGIN INSERT INTO public.profiles (id, email) VALUES (new.id, new.email); RETURN new; END $$;\nCREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE PROCEDURE public.handle_new_user()"},
	{name: "enable row level security", source: "supabase 20240612123726_enable_rls_update_grants", stmt: "ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY", breaks: true},
	{name: "publication on a table without a replica identity", source: "supabase docs: Realtime (CREATE PUBLICATION … FOR TABLE)", table: "auth.audit_log_entries", stmt: "CREATE PUBLICATION audit_changes FOR TABLE auth.audit_log_entries", breaks: true},
	{name: "replica identity full", source: "supabase docs: Realtime (REPLICA IDENTITY FULL)", stmt: "ALTER TABLE auth.users REPLICA IDENTITY FULL"},
	{name: "grant with grant option", source: "supabase 20240612123726_enable_rls_update_grants (grant select)", table: "auth.audit_log_entries", stmt: "GRANT SELECT ON auth.audit_log_entries TO PUBLIC"},
	{name: "comment on column", source: "supabase 20221215195500_modify_users_email_unique_index (comment on column)", stmt: "COMMENT ON COLUMN auth.users.is_super_admin IS 'Auth: set for the project''s administrators.'"},
	{name: "comment on function", source: "supabase 20220531120530_add_auth_jwt_function", stmt: "COMMENT ON FUNCTION auth.uid() IS 'Deprecated. Use auth.jwt() -> ''sub'' instead.'"},
	{name: "backfill identities from users", source: "supabase 20221125140132_backfill_email_identity", table: "auth.identities", stmt: "INSERT INTO auth.identities (id, user_id, identity_data, provider, last_sign_in_at, created_at) SELECT id::text, id, jsonb_build_object('sub', id, 'email', email), 'phone', NULL, '2022-11-25' FROM auth.users WHERE phone IS NOT NULL"},
	{name: "backfill a jsonb key", source: "supabase 20221208132122_backfill_email_last_sign_in_at (update auth.identities)", table: "auth.identities", stmt: "UPDATE auth.identities SET identity_data = identity_data || jsonb_build_object('email_verified', true) WHERE provider = 'email'"},
	{name: "pg_dump header: set_config", source: "supabase docs: db diff output (pg_dump header)", stmt: "SELECT pg_catalog.set_config('search_path', '', false)"},
	{name: "pg_dump header: SET", source: "supabase docs: db diff output (pg_dump header)", stmt: "SET check_function_bodies = false"},
	{name: "create schema", source: "pg: sql-createschema (IF NOT EXISTS)", stmt: "CREATE SCHEMA IF NOT EXISTS extensions"},
	{name: "analyze", source: "pg: sql-analyze", stmt: "ANALYZE auth.users"},
}

// holdoutData reads a file of the holdout set in testdata/<set>.
func holdoutData(t *testing.T, set, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + set + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// workloadSteps splits workload.sql at its "-- step" lines.
func workloadSteps(src string) []string {
	var steps []string
	for _, part := range strings.Split(src, "-- step ")[1:] {
		steps = append(steps, "-- step "+part)
	}
	return steps
}

// TestHoldoutOnPostgres holds pkg/migrate to issue 25's goal on the holdout set: no breaking
// change classified expand, at most 2 safe ones classified contract, every long lock or
// rewrite warned. Every disagreement is reported by name.
func TestHoldoutOnPostgres(t *testing.T) {
	if len(holdout) < 60 {
		t.Fatalf("the holdout set has %d statements, want 60+", len(holdout))
	}
	// Issue 25's goal allows at most 2 safe statements classified contract. On this holdout,
	// measured when it was written, 5 were (docs/databases.md, "The holdout set"); three went
	// to general rules on what earlier migrations created, not to rules matching these
	// statements (the set has therefore served as a tuning set once: a new holdout is the
	// honest measure). The test fails on any safe statement classified contract beyond
	// knownSafeContract, so it cannot get worse unnoticed.
	checkHoldout(t, "holdout", holdout, knownSafeContract, nil)
}

// checkHoldout holds pkg/migrate to issue 25's goal on the holdout set in testdata/<set>: each
// statement is measured on PostgreSQL 15 against the set's answers first (holdMeasure), then
// classified after the set's schema, as a migration of its own, against a database that has the
// schema (as the stages classify: migrate.ReadDirWith and the database's Catalog). A breaking change classified
// expand fails; a long lock or rewrite without a warning fails unless knownUnwarned names it; a
// safe statement classified contract fails unless knownSafe names it (the goal allows 2, and a
// holdout where more are known says so in the log). Every disagreement is reported by name.
func checkHoldout(t *testing.T, set string, cases []holdoutCase, knownSafe, knownUnwarned []string) {
	t.Helper()
	file := func(name string) string { return holdoutData(t, set, name) }
	schema, data, grants, work := file("schema.sql"), file("data.sql"), file("grants.sql"), workloadSteps(file("workload.sql"))
	var breakingExpand, safeContract, unwarned, measuredWrong []string
	cat := catalogOf(t, schema+data+grants)
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			got := holdMeasure(t, c, schema+data+grants, work)
			if got.breaks != c.breaks || got.rewrite != c.rewrite || (!c.nonTx && got.long != c.long) {
				measuredWrong = append(measuredWrong, c.name)
				t.Errorf("PostgreSQL 15: breaks %v (%s), rewrite %v, long lock %v (lock %q, scanned %v); the set says breaks %v, rewrite %v, long %v",
					got.breaks, got.failure, got.rewrite, got.long, got.lock, got.scanned, c.breaks, c.rewrite, c.long)
			}
			head := "-- +goose Up\n"
			if c.nonTx {
				head = "-- +goose NO TRANSACTION\n" + head
			}
			ms, err := migrate.ReadDirWith(context.Background(), files("00001_schema.sql", "-- +goose Up\n"+strings.ReplaceAll(schema+grants, "{{role}}", "app_"+set),
				"00002_change.sql", head+strings.ReplaceAll(c.stmt, "{{role}}", "app_"+set)+";\n"), cat)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms[0].Problems) > 0 || len(ms[1].Problems) > 0 {
				t.Fatalf("problems: %q %q", ms[0].Problems, ms[1].Problems)
			}
			m := ms[1]
			warned := false
			for _, ch := range m.Changes {
				if ch.Warning != "" && (ch.Lock != "" || ch.Rewrite) {
					warned = true
				}
			}
			// A lock that only waits (waitsOnly: no scan, no rewrite) is what the migration's
			// lock_timeout warning is about (squawk: require-timeout-settings), which Plan adds
			// once per migration rather than to the change.
			if !warned && c.waitsOnly != "" && !c.long && !c.rewrite {
				for _, w := range m.LockWarnings {
					if strings.Contains(w, "lock_timeout") {
						warned = true
					}
				}
			}
			switch {
			case c.breaks && m.Class == migrate.ClassExpand:
				breakingExpand = append(breakingExpand, c.name)
				t.Errorf("BREAKING CLASSIFIED EXPAND (%s): %s", c.source, m.Summary())
			case !c.breaks && m.Class == migrate.ClassContract:
				safeContract = append(safeContract, c.name)
				t.Logf("safe, classified contract (%s): %s", c.source, m.Summary())
			}
			if (c.long || c.rewrite || c.waitsOnly != "") && !warned {
				unwarned = append(unwarned, c.name)
				if !slices.Contains(knownUnwarned, c.name) {
					t.Errorf("LOCK OR REWRITE NOT WARNED (%s): %+v", c.source, m.Changes)
				}
			}
		})
	}
	t.Logf("%s: %d statements; breaking classified expand: %d %q; safe classified contract: %d %q; long lock or rewrite not warned: %d %q; measurement differing from the set: %d %q",
		set, len(cases), len(breakingExpand), breakingExpand, len(safeContract), safeContract, len(unwarned), unwarned, len(measuredWrong), measuredWrong)
	for _, n := range safeContract {
		if !slices.Contains(knownSafe, n) {
			t.Errorf("safe statement %q classified contract (not among the %d known on this holdout)", n, len(knownSafe))
		}
	}
	for _, n := range knownSafe {
		if !slices.Contains(safeContract, n) {
			t.Errorf("%q is on the known list but is not a safe statement classified contract now: take it off the list", n)
		}
	}
	if len(safeContract) > 2 {
		t.Logf("GOAL NOT MET: %d safe statements classified contract, issue 25 allows 2: %q", len(safeContract), safeContract)
	}
}

// catalogOf is the Catalog of a fresh database made by setup ({{role}} a new role), in which
// the folder's first migration (the schema) is applied: what the stages classify against.
func catalogOf(t *testing.T, setup string) migrate.Catalog {
	t.Helper()
	dsn := pgtest.DB(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	role := "cat_" + hex.EncodeToString(b)
	if _, err := db.Exec(strings.ReplaceAll(setup, "{{role}}", role)); err != nil {
		t.Fatalf("setup: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP OWNED BY " + role + "; DROP ROLE " + role)
		db.Close()
	})
	return migrate.DatabaseCatalog(db, 1)
}

// measuredOnce keeps each measurement for the rest of the test process: a holdout's Measured
// and OnPostgres tests measure the same cases on the same schema and workload, and PostgreSQL
// answers the same; measuring once takes minutes off `go test ./pkg/migrate`.
var measuredOnce sync.Map // sha256 of the case, setup and workload → measured

// holdMeasure runs c on a fresh database: the workload before (it must pass), the statement
// (in a transaction, reading its locks and scans before committing), the workload after. A
// case measured before in this process with the same setup and workload is not run again.
func holdMeasure(t *testing.T, c holdoutCase, setup string, work []string) measured {
	t.Helper()
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q %v %q %d", c.stmt, c.table, setup, c.nonTx, work, len(work))
	key := hex.EncodeToString(h.Sum(nil))
	if got, ok := measuredOnce.Load(key); ok {
		return got.(measured)
	}
	got := holdMeasureOnce(t, c, setup, work)
	measuredOnce.Store(key, got)
	return got
}

func holdMeasureOnce(t *testing.T, c holdoutCase, setup string, work []string) measured {
	t.Helper()
	dsn := pgtest.DB(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The serving version has sessions of its own: a statement's session settings (set_config,
	// SET) do not reach it.
	app, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	b := make([]byte, 6)
	rand.Read(b)
	role := "hold_" + hex.EncodeToString(b)
	sub := func(s string) string { return strings.ReplaceAll(s, "{{role}}", role) }
	ctx := context.Background()
	if _, err := db.Exec(sub(setup)); err != nil {
		t.Fatalf("setup: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", dsn)
		if err == nil {
			db.Exec(sub("DROP OWNED BY {{role}}; DROP ROLE {{role}}"))
			db.Close()
		}
	})
	workload := func() string {
		for _, w := range work {
			tx, err := app.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tx.Exec(sub("SET LOCAL ROLE {{role}};\n" + w))
			tx.Rollback()
			if err != nil {
				return fmt.Sprintf("%s: %v", strings.TrimPrefix(strings.SplitN(w, "\n", 2)[0], "-- "), err)
			}
		}
		return ""
	}
	if f := workload(); f != "" {
		t.Fatalf("the serving version fails before the statement: %s", f)
	}
	table := c.table
	if table == "" {
		table = "auth.users"
	}
	return measureStatement(ctx, t, db, table, sub(c.stmt), c.nonTx, workload)
}

// knownSafeContract are the holdout's safe statements the classifier calls contract (issue
// 25's goal allows 2). When the set was written there were 5; three went to general rules
// on what earlier migrations created (a type "change" to the column's own type, SET NOT NULL
// on a column NOT NULL already, a foreign key on a column added in the same migration: see
// known_state_test.go and docs/databases.md). Two could not be read from the folder: the
// function, created OR REPLACE, is now known to be new from the database's catalogue (the
// stages classify against it: catalog.go), and the trigger is left.
var knownSafeContract = []string{"trigger on an existing table (Supabase's profiles)"}

// measureHoldout measures every case of a holdout set on PostgreSQL 15 against its answers:
// whether the serving version's catalogue breaks, whether the table is rewritten, whether a
// write-blocking lock is held after a scan, and the lock its transaction holds at its end. It
// does not classify the statements: the people who build a sealed set run only this.
func measureHoldout(t *testing.T, set, ordinal string, cases []holdoutCase, min int) {
	t.Helper()
	if len(cases) < min {
		t.Fatalf("the %s holdout set has %d statements, want %d+", ordinal, len(cases), min)
	}
	setup := holdoutData(t, set, "schema.sql") + holdoutData(t, set, "data.sql") + holdoutData(t, set, "grants.sql")
	work := workloadSteps(holdoutData(t, set, "workload.sql"))
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			// Each case has a database of its own and PostgreSQL runs one case's session on
			// one core: cases run side by side, up to go test's -parallel.
			t.Parallel()
			got := holdMeasure(t, c, setup, work)
			t.Logf("measured: breaks %v (%s), rewrite %v, long %v (lock %q, scanned %v)", got.breaks, got.failure, got.rewrite, got.long, got.lock, got.scanned)
			if got.breaks != c.breaks || got.rewrite != c.rewrite || (!c.nonTx && got.long != c.long) {
				t.Errorf("PostgreSQL 15: breaks %v (%s), rewrite %v, long lock %v (lock %q, scanned %v); the set says breaks %v, rewrite %v, long %v",
					got.breaks, got.failure, got.rewrite, got.long, got.lock, got.scanned, c.breaks, c.rewrite, c.long)
			}
			if !c.nonTx && got.held != c.lock {
				t.Errorf("PostgreSQL 15: the transaction holds %q on %s at its end; the set says %q", got.held, c.table, c.lock)
			}
		})
	}
}
