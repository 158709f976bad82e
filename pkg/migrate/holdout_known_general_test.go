package migrate_test

import (
	"strings"
	"testing"
)

// ttlKept is a probe for Kong's TTL triggers (AFTER INSERT ... FOR EACH STATEMENT EXECUTE
// PROCEDURE batch_delete_expired_rows(<column>)): insert writes a row valid for another hour,
// more (run ten times, each its own statement, so the trigger fires after each) writes rows
// valid for two, and check must still find the first row. The trigger's cutoff is
// `<column> < CURRENT_TIMESTAMP AT TIME ZONE 'UTC'`: a timestamp without time zone (UTC's wall
// clock) compared with a timestamptz column, which PostgreSQL does by reading that wall clock in
// the session's TimeZone (datatype-datetime, 8.5.1.3). In a session west of UTC the cutoff lies
// hours in the future, and each insert deletes the two rows of the earliest ttl that are still
// valid (after the set's expired ones). Kong's own connector sets its sessions to UTC (SET TIME
// ZONE 'UTC' with SET SCHEMA on connect), where the cutoff is now; so these probes are for an app
// on that schema in a session of another zone (a tool, a report, a service sharing the tables),
// not for Kong itself, for which the triggers do what its cleanup of expired rows did.
func ttlKept(insert, more, check string) string {
	return "DO $$ BEGIN\n  " + insert + ";\n  FOR i IN 1 .. 10 LOOP " + more + "; END LOOP;\n  IF NOT EXISTS (" + check +
		") THEN RAISE EXCEPTION 'a row still valid for an hour was deleted'; END IF;\nEND $$"
}

// A session's TimeZone west of UTC, as the server's default (initdb takes the machine's zone),
// libpq's PGTZ or the JDBC driver (which sends the JVM's zone at connection start) gives it.
const westOfUTC = `SET TIME ZONE 'America/Los_Angeles'`

// TestHoldout12To18KnownBreakInGeneral: the twelfth to eighteenth holdouts' workloads found the
// statements of knownSafeContract12 to 18 safe, and the classifier calls them contract.
// Each name is one of three kinds, and this test checks that every name has one:
//
//   - the set's own definition (testdata/HOLDOUT.md) calls it breaking: labelsTheDefinitionBreaks
//     holds a write that shows it (TestHoldoutLabelsTheDefinitionBreaks runs them);
//   - safe only for the set's workload: probes holds an ordinary statement of the serving
//     version (or of any app with that schema) that the workload does not make, which works
//     before the statement and fails, or fails its assertion, after it, shown here on
//     PostgreSQL 15 by probeBreaks (the set's schema, rows and grants; prepare runs in the
//     serving version's session before the migration and stays). So the classifier's contract
//     is right for them in general; the set's answer is right only for its workload;
//   - safe in general: safeInGeneral says why no ordinary statement breaks; no probe.
func TestHoldout12To18KnownBreakInGeneral(t *testing.T) {
	type probe struct{ set, prepare, probe string }
	probes := map[string]probe{
		// Twelfth set: Authelia and Listmonk.
		//
		// A serving version that changes an opaque identifier relied on RESTRICT refusing it
		// while consent sessions name it (23503); ON UPDATE CASCADE rewrites them instead.
		// Identifier 6 is named only by a consent session.
		"consent session foreign keys swapped for ON UPDATE CASCADE": {set: "holdout12", probe: `DO $$ BEGIN
  UPDATE user_opaque_identifier SET identifier = '5e1e5b2a-0000-4000-8000-0000000000f6' WHERE identifier = '5e1e5b2a-0000-4000-8000-000000000006';
  RAISE EXCEPTION 'an identifier its consent sessions name was changed';
EXCEPTION WHEN foreign_key_violation THEN NULL; END $$`},
		// The same for a pre-configuration's subject: the old key (named subjct_fkey) was ON
		// UPDATE RESTRICT, the new one cascades. The identifier is one only a pre-configuration
		// names (every identifier of the set's rows is also named by a RESTRICT key that stays).
		"pre-configuration subject foreign key renamed by drop and re-add": {set: "holdout12", probe: `INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('openid', 'probe.example.com', 'user9', '5e1e5b2a-0000-4000-8000-0000000000f7');
INSERT INTO oauth2_consent_preconfiguration (client_id, subject, scopes) VALUES ('grafana', '5e1e5b2a-0000-4000-8000-0000000000f7', 'openid');
DO $$ BEGIN
  UPDATE user_opaque_identifier SET identifier = '5e1e5b2a-0000-4000-8000-0000000000f8' WHERE identifier = '5e1e5b2a-0000-4000-8000-0000000000f7';
  RAISE EXCEPTION 'an identifier a pre-configuration names was changed';
EXCEPTION WHEN foreign_key_violation THEN NULL; END $$`},
		// The same for an access token's subject (ON UPDATE RESTRICT to CASCADE).
		"access token foreign keys swapped": {set: "holdout12", probe: `INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('openid', 'probe.example.com', 'user9', '5e1e5b2a-0000-4000-8000-0000000000f9');
INSERT INTO oauth2_access_token_session (challenge_id, request_id, client_id, signature, subject, requested_scopes, granted_scopes, form_data, session_data)
  VALUES ('c0ffee00-0000-4000-8000-000000000001', 'req-probe', 'grafana', 'sig-probe', '5e1e5b2a-0000-4000-8000-0000000000f9', 'openid', 'openid', 'grant_type=authorization_code', '\x00');
DO $$ BEGIN
  UPDATE user_opaque_identifier SET identifier = '5e1e5b2a-0000-4000-8000-0000000000fa' WHERE identifier = '5e1e5b2a-0000-4000-8000-0000000000f9';
  RAISE EXCEPTION 'an identifier an access token names was changed';
EXCEPTION WHEN foreign_key_violation THEN NULL; END $$`},
		// Listmonk lets the admin make another template the default, move campaigns to it and
		// delete the old default (its delete refuses only the current default). Every campaign's
		// new archive_template_id is 1 and ON DELETE SET DEFAULT sets it to 1 again, which no
		// longer exists (23503).
		"campaign archive columns with a SET DEFAULT foreign key": {set: "holdout12", probe: `UPDATE templates SET is_default = false WHERE is_default;
UPDATE templates SET is_default = true WHERE id = 2;
UPDATE campaigns SET template_id = 2 WHERE template_id = 1;
DELETE FROM templates WHERE id = 1`},
		// A serving version that sets updated_at itself (an import keeping the source's time, or
		// optimistic concurrency: it then updates WHERE updated_at = the value it wrote) finds the
		// trigger's now() instead.
		"updated_at trigger": {set: "holdout12", probe: `UPDATE subscribers SET name = 'Renamed', updated_at = '2024-06-01 12:00:00+00' WHERE id = 1;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM subscribers WHERE id = 1 AND updated_at = '2024-06-01 12:00:00+00') THEN RAISE EXCEPTION 'updated_at not as written'; END IF; END $$`},
		// The id of the row just inserted as the catalogue's item 2 takes it in SQL,
		// currval(pg_get_serial_sequence(...)): the serial's sequence stays owned by the column
		// after DROP DEFAULT, and pg_get_serial_sequence still names it, but the identity's
		// sequence gives the id (55000 in a fresh session; here the value of the session's last
		// insert before the migration, another row's id).
		"identity replaces a serial default": {set: "holdout12", probe: `DO $$ DECLARE v int; BEGIN
  INSERT INTO encryption (name, value) VALUES ('probe', '\x00') RETURNING id INTO v;
  IF currval(pg_get_serial_sequence('encryption', 'id')) IS DISTINCT FROM v THEN RAISE EXCEPTION 'currval of the serial sequence is not the id inserted'; END IF;
END $$`},
		// Deleting the first admin once another super admin exists (Listmonk refuses only the
		// deletion of the last one): every campaign's new owner_id defaults to user 1 (23503).
		"column added with a constant default and a foreign key": {set: "holdout12", probe: `DELETE FROM users WHERE id = 1`},

		// Thirteenth set: Zitadel and Hatchet.
		//
		// An event written once, its createdAt and updatedAt from one clock reading (Go's
		// time.Now(), microseconds): both timestamp(3) columns rounded it alike; after, createdAt
		// keeps the microseconds and the event reads as updated after its creation.
		"createdAt timestamp(3) to timestamp with a new default": {set: "holdout13", probe: `INSERT INTO "Event" ("id", "createdAt", "updatedAt", "key", "tenantId") VALUES ('f1000000-0000-4000-8000-0000000000b1', '2024-06-01 10:00:00.1236', '2024-06-01 10:00:00.1236', 'probe:created', 'a1000000-0000-4000-8000-000000000001');
DO $$ BEGIN IF (SELECT "updatedAt" <> "createdAt" FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000b1') THEN RAISE EXCEPTION 'an event written once reads as updated after its creation'; END IF; END $$`},
		// The serial's integer sequence with 2147483637 handed out (setval stands for them; the
		// count trigger's INSERT ... ON CONFLICT DO UPDATE takes a value on every counted insert,
		// even one that updates). The next insert still had ids; INCREMENT BY 10 passes
		// 2147483647 (2200H).
		"sequence increment of the resource counts": {set: "holdout13", prepare: `SELECT setval('projections.resource_counts_id_seq', 2147483637)`,
			probe: `INSERT INTO projections.resource_counts (instance_id, table_name, parent_type, parent_id, resource_name) VALUES ('230431128405868546', 'projections.probe', 'instance', '230431128405868546', 'probe')
  ON CONFLICT (instance_id, table_name, parent_type, parent_id) DO UPDATE SET updated_at = now(), amount = projections.resource_counts.amount + 1 RETURNING id`},
		// A trusted domain's insert naming only the columns a trusted domain has: is_generated
		// was NULL, now false, which generated_cannot_be_trusted refuses (23514).
		"default for is_generated": {set: "holdout13", probe: `INSERT INTO zitadel.instance_domains (instance_id, domain, type) VALUES ('230431128405868546', 'probe-trusted.example', 'trusted')`},

		// Fourteenth set: Kong and Hydra. The TTL triggers: see ttlKept.
		"kong cluster_events ttl trigger": {set: "holdout14", prepare: westOfUTC, probe: ttlKept(
			`INSERT INTO cluster_events (id, node_id, at, nbf, expire_at, channel, data) VALUES ('ce000000-0000-4000-8000-0000000000a1', gen_random_uuid(), now(), NULL, now() + interval '1 hour', 'invalidations', 'probe')`,
			`INSERT INTO cluster_events (id, node_id, at, nbf, expire_at, channel, data) VALUES (gen_random_uuid(), gen_random_uuid(), now(), NULL, now() + interval '2 hours', 'invalidations', 'probe')`,
			`SELECT 1 FROM cluster_events WHERE id = 'ce000000-0000-4000-8000-0000000000a1' AND expire_at > now()`)},
		"kong clustering_data_planes ttl trigger": {set: "holdout14", prepare: westOfUTC, probe: ttlKept(
			`INSERT INTO clustering_data_planes (id, hostname, ip, config_hash, ttl) VALUES ('dd000000-0000-4000-8000-0000000000a1', 'dp-probe', '10.0.0.9', repeat('0', 32), now() + interval '1 hour')`,
			`INSERT INTO clustering_data_planes (id, hostname, ip, config_hash, ttl) VALUES (gen_random_uuid(), 'dp-probe-' || i, '10.0.1.' || i, repeat('1', 32), now() + interval '2 hours')`,
			`SELECT 1 FROM clustering_data_planes WHERE id = 'dd000000-0000-4000-8000-0000000000a1' AND ttl > now()`)},
		"kong key-auth ttl trigger": {set: "holdout14", prepare: westOfUTC, probe: ttlKept(
			`INSERT INTO keyauth_credentials (id, consumer_id, key, ttl, ws_id) VALUES ('ea000000-0000-4000-8000-0000000000a1', 'cc000000-0000-4000-8000-000000000001', 'probe-key', now() + interval '1 hour', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001')`,
			`INSERT INTO keyauth_credentials (id, consumer_id, key, ttl, ws_id) VALUES (gen_random_uuid(), 'cc000000-0000-4000-8000-000000000001', 'probe-key-' || i, now() + interval '2 hours', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001')`,
			`SELECT 1 FROM keyauth_credentials WHERE key = 'probe-key' AND ws_id = '4b5c3e9a-0d0e-4a4b-9b7e-000000000001' AND ttl > now()`)},
		"kong oauth2 ttl triggers": {set: "holdout14", prepare: westOfUTC, probe: ttlKept(
			`INSERT INTO oauth2_tokens (id, access_token, token_type, expires_in, ttl, ws_id) VALUES ('0a000000-0000-4000-8000-0000000000a1', 'probe-token', 'bearer', 3600, now() + interval '1 hour', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001')`,
			`INSERT INTO oauth2_tokens (id, access_token, token_type, expires_in, ttl, ws_id) VALUES (gen_random_uuid(), 'probe-token-' || i, 'bearer', 7200, now() + interval '2 hours', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001')`,
			`SELECT 1 FROM oauth2_tokens WHERE access_token = 'probe-token' AND ws_id = '4b5c3e9a-0d0e-4a4b-9b7e-000000000001' AND ttl > now()`)},
		"kong sessions ttl trigger": {set: "holdout14", prepare: westOfUTC, probe: ttlKept(
			`INSERT INTO sessions (id, session_id, expires, data, created_at, ttl) VALUES ('5e000000-0000-4000-8000-0000000000a1', 'probe-session', 3600, 'probe', now(), now() + interval '1 hour')`,
			`INSERT INTO sessions (id, session_id, expires, data, created_at, ttl) VALUES (gen_random_uuid(), 'probe-session-' || i, 7200, 'probe', now(), now() + interval '2 hours')`,
			`SELECT 1 FROM sessions WHERE session_id = 'probe-session' AND ttl > now()`)},
		"kong acme_storage ttl trigger": {set: "holdout14", prepare: westOfUTC, probe: ttlKept(
			`INSERT INTO acme_storage (id, key, value, created_at, ttl) VALUES ('ac000000-0000-4000-8000-0000000000a1', 'probe:account', 'probe', now(), now() + interval '1 hour')`,
			`INSERT INTO acme_storage (id, key, value, created_at, ttl) VALUES (gen_random_uuid(), 'probe:account:' || i, 'probe', now(), now() + interval '2 hours')`,
			`SELECT 1 FROM acme_storage WHERE key = 'probe:account' AND ttl > now()`)},
		// An app that keeps its key cache fresh by the serial (keys added since the highest
		// pk_deprecated it saw): after RESTART the new key takes 1 again, which it already saw.
		"restart a sequence behind a non-unique column": {set: "holdout14", probe: `DO $$ DECLARE seen int; BEGIN
  SELECT max(pk_deprecated) INTO seen FROM hydra_jwk;
  INSERT INTO hydra_jwk (sid, kid, version, keydata, pk, nid) VALUES ('hydra.openid.id-token', 'id-token-probe', 0, '{}', gen_random_uuid(), '0e000000-0000-4000-8000-000000000001');
  IF NOT EXISTS (SELECT 1 FROM hydra_jwk WHERE pk_deprecated > seen AND kid = 'id-token-probe') THEN RAISE EXCEPTION 'a key added after the last one seen sorts before it'; END IF;
END $$`},
		// Fifteenth set: n8n and Dendrite.
		//
		// char(n) pads every value with blanks to n, and a client receives them (bpchar's output
		// function, which concat() uses too; a cast to text would strip them): the serving
		// version that reads back the versionId it wrote, 36 characters, now gets 40, and its own
		// comparison of the two fails. Rule T calls char(n) -> char(m>n) one type for reads and
		// binds, and binds and comparisons in SQL do ignore the blanks; the text read does not.
		"pg: versionId char(36) to char(40)": {set: "holdout15", probe: `DO $$ BEGIN
  IF (SELECT concat("versionId") FROM workflow_entity WHERE "versionId" = '7c9e6679-7425-40de-944b-e07fc1f90ae7') <> '7c9e6679-7425-40de-944b-e07fc1f90ae7' THEN
    RAISE EXCEPTION 'the versionId read back is not the one written';
  END IF;
END $$`},
		// Eighteenth set: Twenty and PeerTube.
		//
		// The trigger gives the first user of an empty table canImpersonate, whatever the
		// insert wrote, and then has the inserting session drop the trigger, which only the
		// table's owner may (42501): a serving version signing up the first user of a fresh
		// workspace (or of a table it emptied) reads back what it did not write, or fails.
		"twenty: BEFORE INSERT trigger making the first user an impersonator": {set: "holdout18", probe: `DELETE FROM core."userWorkspace";
DELETE FROM core."user";
INSERT INTO core."user" ("email", "canImpersonate") VALUES ('first@example.com', false);
DO $$ BEGIN
  IF (SELECT "canImpersonate" FROM core."user" WHERE "email" = 'first@example.com') THEN
    RAISE EXCEPTION 'the first user was written without impersonation and reads back with it';
  END IF;
END $$`},
		// Seventeenth set: Misskey and rudder-server.
		//
		// TypeORM re-creates an enum to add a value: the old type renamed, a new one of the old
		// name, the column converted, the old type dropped. A statement the serving version
		// prepared with a parameter of the enum (pgx and JDBC prepare once per session) names
		// the old type's OID, which is gone: "cache lookup failed for type" (XX000) on every
		// execution until the session ends. The set's workload prepares after the migration.
		"misskey: antenna users and caseSensitive, src enum re-created with users": {set: "holdout17",
			prepare: `PREPARE antenna_by_src(antenna_src_enum) AS SELECT "id" FROM "antenna" WHERE "src" = $1`,
			probe:   `EXECUTE antenna_by_src('home')`},
		// The trigger kept wh_schema_versions, a history of every change of a schema; rudder's
		// serving version never reads it, but a reader of the history (an operator's query, a
		// report) finds no row for a change made after the drop.
		"rudder: drop the schema history trigger": {set: "holdout17", probe: `UPDATE wh_schemas SET error = 'probe', updated_at = now() WHERE source_id = '1xYsrc0002';
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM wh_schema_versions WHERE source_id = '1xYsrc0002' AND error = 'probe') THEN
    RAISE EXCEPTION 'no history row for the change';
  END IF;
END $$`},
		// A char(16) value read back has 16 more spaces of padding in char(32) (as the fifteenth
		// set's versionId).
		"user.token char(16) to char(32)": {set: "holdout17", probe: `DO $$ BEGIN
  IF (SELECT concat("token") FROM "user" WHERE "token" = 'zZ9yY8xX7wW6vV5u') <> 'zZ9yY8xX7wW6vV5u' THEN
    RAISE EXCEPTION 'the token read back is not the one written';
  END IF;
END $$`},
		// Sixteenth set: Ente and Cadence.
		//
		// users_user_id_seq restarted at a constant: safe only while the sequence is below it.
		// Ente bumped it when it had fewer users; on a database whose sequence has passed
		// 10000000 (setval stands for the sign-ups, as for the resource counts above, and one
		// ordinary sign-up takes 10000000) the next sign-up takes 10000000 again (23505 on
		// users_pkey). files_file_id_seq is the same.
		"ente: restart the files and users id sequences higher": {set: "holdout16",
			prepare: `SELECT setval('users_user_id_seq', 9999999);
INSERT INTO users (email, name, creation_time, email_hash) VALUES ('frank@example.org', 'Frank', 1700000000000000, 'c2hhMjU2OmZyYW5r')`,
			probe: `INSERT INTO users (email, name, creation_time, email_hash) VALUES ('grace@example.org', 'Grace', 1700000100000000, 'c2hhMjU2OmdyYWNl') RETURNING user_id`},
		// srp_sessions had no trigger, so an app with this table that wants updated_at moved
		// writes it itself, with its own clock, and (optimistic concurrency, as for Listmonk's
		// subscribers above) updates the session again WHERE updated_at = the value it wrote:
		// the new BEFORE UPDATE trigger replaces that value by now_utc_micro_seconds() and the
		// second attempt finds no row. srp_auth is the same.
		"ente: updated_at triggers on srp_auth and srp_sessions": {set: "holdout16", probe: `DO $$ BEGIN
  UPDATE srp_sessions SET attempt_count = attempt_count + 1, updated_at = 1700000000000001 WHERE id = 'b0b0b0b0-0000-4000-8000-000000000002';
  UPDATE srp_sessions SET attempt_count = attempt_count + 1, updated_at = 1700000000000002 WHERE id = 'b0b0b0b0-0000-4000-8000-000000000002' AND updated_at = 1700000000000001;
  IF NOT FOUND THEN RAISE EXCEPTION 'the session is not at the updated_at just written'; END IF;
END $$`},
		// Dropping update_embeddings_updated_at: an update that leaves updated_at to the trigger
		// (Ente's own upsert writes it; an update of the embedding alone need not) no longer
		// moves it, and the diff a client fetches next (owner_id, updated_at > the largest it
		// has seen, the index embeddings_owner_id_updated_at_index serves) misses the change. The
		// rows data.sql wrote have an updated_at of an earlier transaction. (An UPDATE writing
		// updated_at = NULL, which the trigger replaced, is refused with 23502 after it too.)
		"ente: s3region value for derived data, drop the embeddings updated_at trigger, add embeddings.datacenters": {set: "holdout16", probe: `DO $$ DECLARE since bigint; BEGIN
  SELECT max(updated_at) INTO since FROM embeddings WHERE owner_id = 2;
  UPDATE embeddings SET encrypted_embedding = 'ZW1iMi12Mg==', decryption_header = 'aGRyMi12Mg==' WHERE file_id = 2 AND model = 'ggml-clip';
  IF NOT EXISTS (SELECT 1 FROM embeddings WHERE owner_id = 2 AND updated_at > since AND file_id = 2) THEN RAISE EXCEPTION 'an embedding updated after the last diff is not in the next one'; END IF;
END $$`},
		// char(n) padding, as for n8n's versionId above: a client receives domain_id padded to
		// 64 characters (bpchar's output function; concat() uses it), and keeps the ids it read
		// (a cache of domains, a page token); after, the same row reads as 128 characters and is
		// not the id it holds. (Bound parameters and comparisons in SQL ignore the blanks; the
		// text the client received does not.)
		"widen executions_visibility.domain_id to char(128)": {set: "holdout16",
			prepare: `CREATE TEMP TABLE seen_domains AS SELECT DISTINCT concat(domain_id) AS domain_id FROM executions_visibility`,
			probe: `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM executions_visibility WHERE run_id = '5b1c4a6d-7e8f-40a1-b2c3-d4e5f6a7b8c9' AND concat(domain_id) NOT IN (SELECT domain_id FROM seen_domains)) THEN
    RAISE EXCEPTION 'the domain_id read is not the one the client read before';
  END IF;
END $$`},
		// setval to max(id) moves the sequence back when the newest rows were deleted, as
		// Cadence deletes a run's buffered events once it applies them: ids repeat. A consumer
		// that takes the events added since the highest id it saw (as for Hydra's keys above;
		// the temporary table is its memory) never sees the next event, which takes an id it
		// passed.
		"setval to the largest buffered event id": {set: "holdout16",
			prepare: `INSERT INTO buffered_events (shard_id, domain_id, workflow_id, run_id, data, data_encoding) VALUES (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1043', '\xa0b1c2d3e4f5460718293a4b5c6d7e8f', '\x0b04', 'thriftrw');
CREATE TEMP TABLE consumer AS SELECT max(id) AS seen FROM buffered_events;
DELETE FROM buffered_events WHERE shard_id = 1 AND domain_id = '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807' AND workflow_id = 'payment:ORD-1043' AND run_id = '\xa0b1c2d3e4f5460718293a4b5c6d7e8f'`,
			probe: `DO $$ DECLARE v bigint; BEGIN
  INSERT INTO buffered_events (shard_id, domain_id, workflow_id, run_id, data, data_encoding) VALUES (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1044', '\xb0c1d2e3f4a5460718293a4b5c6d7e8f', '\x0b05', 'thriftrw') RETURNING id INTO v;
  IF v <= (SELECT seen FROM consumer) THEN RAISE EXCEPTION 'a new buffered event has an id the consumer already passed'; END IF;
END $$`},
	}

	// safeInGeneral: no ordinary statement of a serving version breaks, and why.
	safeInGeneral := map[string]string{
		// The new view has the old one's columns, names and types (subscriber_count still
		// bigint); the serving role reads it through the set's default privileges; a prepared
		// read of it is planned again by name (plancache) with the same result type. What
		// changes is a value: after the serving version's own REFRESH (which it runs as the
		// view's owner) an empty list counts 0 subscribers where COUNT(*) counted 1, the fix the
		// migration exists for, and a value, not a type or form (rule D).
		"list subscriber stats view swapped": "same columns and types; only the count of an empty list changes after a REFRESH (1 to 0), the migration's fix",
		// trg_check_verified_org_domain (BEFORE INSERT OR UPDATE, WHEN NEW.is_verified) refuses
		// a verified (instance_id, domain) that any other row has verified; the primary key
		// (instance_id, org_id, domain) rules out a second row of the same org. So the index
		// refuses nothing a single statement could write, and the BEFORE trigger still raises
		// first, with the same error, for ON CONFLICT DO NOTHING too (BEFORE INSERT triggers run
		// before the arbiter check). Only two sessions verifying one domain at once, which the
		// trigger cannot see, now get 23505: what the trigger meant to refuse.
		"unique partial index concurrently on verified domains": "the trigger already refuses every row the index would; only a race it missed now fails",
		// The trigger's table is granted to the serving role by the set's default privileges
		// and the function names it with its schema; the trigger adds rows to a table the
		// serving version does not know and changes nothing it reads or writes (an AFTER
		// trigger returning NULL, not SECURITY DEFINER, no key on the new table). A deployment
		// whose serving role lacks INSERT on the new table would get 42501 on every update of an
		// organization, but the set's grants give it.
		"audit trigger on organizations": "the new table is the serving role's by default privileges; nothing the serving version reads changes",
		// No function, view, key or trigger of the schema names ttls, and Kong since 1.0 neither
		// reads nor writes it.
		"kong drop the ttls table": "a table no serving version since Kong 1.0 uses, which nothing depends on",
		// The DO block's EXECUTE runs ALTER SEQUENCE ... AS BIGINT NO MAXVALUE (only a wider
		// range) and the column goes int4 to int8 (rule T; docs/databases.md's expand list).
		// clustering_sync_delta's int4 key still references it (int4 = int8 has operators). The
		// classifier's contract is for the EXECUTE it cannot read.
		"kong clustering_sync_version to bigint": "int4 to int8 (rule T) and a sequence range widened; the contract is for the EXECUTE",
		// Sixteenth set. Columns the serving version does not know, added with defaults or
		// nullable: its inserts leave them out and get the default (the NOT NULLs are set after
		// the backfill and the default in the same transaction); no constraint is on a column it
		// writes; its reads name columns (a SELECT * would see one more, as for any added column).
		"ente: add users.is_two_factor_enabled, backfill, NOT NULL with a default":                              "a new column the serving version's inserts leave to its default; NOT NULL and the default arrive together",
		"ente: tokens.is_deleted and last_used_at with a now_utc_micro_seconds() default, backfilled, NOT NULL": "new columns with defaults the serving version's inserts get; nothing it writes is constrained",
		// The CHECK is on pw_hash and pw_nonce only, which the serving version never writes
		// (NULL and NULL pass); the backfill UPDATE fires the BEFORE and AFTER UPDATE triggers,
		// which move updated_at and the collections' updation_time as any update of the serving
		// version does (rule D).
		"ente: public link password and download/comment columns, backfilled, NOT NULL, with a CHECK":    "the CHECK covers only new columns the serving version leaves NULL; the rest are new columns with defaults",
		"ente: collection_files owner and created_at columns, role_enum and collection_shares.role_type": "nullable columns and a new enum column with a constant default, none of which the serving version writes",
		// families already has update_families_updated_at, on the same function; the two new
		// triggers (meant for the new tables, put on families) fire before it and set what it
		// sets: trigger_updated_at_microseconds_column is idempotent (22's version sets now; 33's
		// keeps a value larger than the old one, which the first firing leaves). The new tables
		// are empty, granted by default privileges, and their keys only reference users (a
		// user's delete cascades into no rows).
		"ente: emergency contact tables, with updated_at triggers on families": "families' own updated_at trigger already sets what the two new ones set; the new tables are empty",
		// Every type the old CHECK took the new one takes; refusals of CHECKs are not relied on.
		"ente: widen the storage_bonus type CHECK with ADD_ON_NON_PROFIT": "the new CHECK accepts every value the old one did",
		// Seventeenth set. The new function writes the history row the old one wrote for every
		// row it wrote one for; only an updated_at of NULL, for which the old one's INSERT into
		// changed_at NOT NULL failed the write (23502), now writes now(). A write that failed
		// works: no statement that worked fails or answers otherwise.
		"replace the schema history trigger function": "the same history rows; only a write the old function failed (a NULL updated_at, 23502) now works",
		// Eighteenth set. The unique index on url was made before: no two rows share a url, and
		// rows of NULL url, grouped together, are not equal to each other (t1.url = t2.url is
		// NULL), so the DELETE deletes no row.
		"peertube: delete duplicate local viewers by url": "a unique index on url already keeps every url to one row: nothing is deleted",
	}

	definition := map[string]bool{}
	for _, c := range labelsTheDefinitionBreaks {
		definition[c.set+"/"+c.name] = true
	}
	cases := map[string]holdoutCase{}
	for set, hc := range map[string][]holdoutCase{"holdout12": holdout12, "holdout13": holdout13, "holdout14": holdout14, "holdout15": holdout15, "holdout16": holdout16, "holdout17": holdout17, "holdout18": holdout18} {
		for _, c := range hc {
			cases[set+"/"+c.name] = c
		}
	}
	for set, known := range map[string][]string{"holdout12": knownSafeContract12, "holdout13": knownSafeContract13, "holdout14": knownSafeContract14, "holdout15": knownSafeContract15, "holdout16": knownSafeContract16, "holdout17": knownSafeContract17, "holdout18": knownSafeContract18} {
		for _, name := range known {
			p, isProbe := probes[name]
			_, isSafe := safeInGeneral[name]
			kinds := 0
			for _, k := range []bool{isProbe, isSafe, definition[set+"/"+name]} {
				if k {
					kinds++
				}
			}
			if kinds != 1 {
				t.Errorf("%s %q: %d kinds, want one of a probe, safeInGeneral and labelsTheDefinitionBreaks", set, name, kinds)
				continue
			}
			if !isProbe {
				continue
			}
			c, ok := cases[set+"/"+name]
			if !ok || p.set != set {
				t.Errorf("%s %q: no such holdout case (the probe names %s)", set, name, p.set)
				continue
			}
			t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
				probeBreaks(t, set, c, p.prepare, p.probe)
			})
		}
	}
	for name, p := range probes {
		if _, ok := cases[p.set+"/"+name]; !ok {
			t.Errorf("probe %q: no case of %s", name, p.set)
		}
	}
}
