-- The serving versions' ordinary statements (Zitadel's eventstore, projection handlers, auth
-- views and relational repositories before each of its migrations; Hatchet's sqlc queries
-- before each of its own), one statement group per "-- step", each run as {{role}} in a
-- transaction rolled back after it, against the OLD schema, written before the migration cases.
-- Changed once after measuring: the inserts into zitadel.instances, instance_domains and
-- org_domains named fewer columns than Zitadel's relational repository, which names them all
-- (is_generated NULL for a trusted domain, created_at and updated_at as DEFAULT); they now name
-- the repository's columns, and every case was measured again.
-- This is the catalogue of testdata/HOLDOUT.md, for every table, type, sequence, function,
-- trigger and view the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     with the ordinary functions and operators of each column's type (jsonb operators on
--     payloads, fields and LDAP passwords, array operators on LDAP servers, text functions,
--     interval arithmetic on timestamps, comparisons with parameters of the column's declared
--     type). Every read must not fail, and its columns' types are asserted (pg_temp.same, rule
--     T: int2 -> int4 -> int8, varchar(n) -> varchar(m>n) -> varchar -> text, char(n) ->
--     char(m>n) and numeric(p,s) -> numeric(p'>p,s) pass, any other type change is a change of
--     form). Values are asserted only on rows the step itself writes (rule D);
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their
--     defaults, parameters bound as the columns' OLD declared types (PREPARE with declared
--     types), ids from the sequences as the app takes them (RETURNING, currval of
--     pg_get_serial_sequence). The value a default gives is NOT asserted;
--  3. updates of each column, nullable ones also set to NULL (rule N), deletes by key, and
--     deletes of parent rows asserting their ON DELETE effect; then boundary writes (rule B),
--     one block at the end of each step: '' for text, 0 and a negative number for numbers
--     (and a bigint beyond int4 where the column is bigint), an id of no row where no foreign
--     key checks it, upper-case, long or odd values, every value of each enum, and a second row
--     duplicating another's values where no unique constraint or index covers them; never a
--     write the old schema refuses (the schema has no varchar(n) or char(n) column);
--  4. INSERT ... ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary key (23505) and each foreign key
--     (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the ON DELETE effects
--     of item 3 (CASCADE and SET NULL). Not CHECK, NOT NULL, raised exceptions of triggers,
--     enum membership;
--  6. sequences ("QueueItem"_id_seq, projections.resource_counts_id_seq): the next insert after
--     the migration only;
--  7. the functions, triggers and views the old schema defines that the apps use: Zitadel's
--     eventstore.push (and the functions it calls), the views of eventstore.fields and
--     eventstore.permitted_orgs, the count trigger on the LDAP templates, the updated_at and
--     domain triggers of the relational tables, called and read as the apps do (the effect of
--     a trigger is asserted on rows the step writes);
--  8. the rows data.sql wrote are all still there: the first step checks, for every table and
--     view the serving versions read, that count(*) is at least the number of rows data.sql
--     put in it.
-- step rows data.sql wrote are still there
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check((SELECT count(*) FROM eventstore.events2) >= 40, 'events2 rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.unique_constraints) >= 12, 'unique_constraints rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.fields) >= 20, 'fields rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.role_permissions) >= 6, 'role_permissions rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.instance_orgs) >= 3, 'instance_orgs rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.instance_members) >= 2, 'instance_members rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.org_members) >= 3, 'org_members rows');
SELECT pg_temp.check((SELECT count(*) FROM eventstore.project_members) >= 1, 'project_members rows');
SELECT pg_temp.check((SELECT count(*) FROM projections.current_states) >= 6, 'current_states rows');
SELECT pg_temp.check((SELECT count(*) FROM projections.failed_events) >= 4, 'failed_events rows');
SELECT pg_temp.check((SELECT count(*) FROM projections.resource_counts) >= 4, 'resource_counts rows');
SELECT pg_temp.check((SELECT count(*) FROM projections.login_names3_users) >= 5, 'login_names3_users rows');
SELECT pg_temp.check((SELECT count(*) FROM auth.user_sessions) >= 5, 'user_sessions rows');
SELECT pg_temp.check((SELECT count(*) FROM projections.idp_templates6_ldap3) >= 2, 'idp_templates6_ldap3 rows');
SELECT pg_temp.check((SELECT count(*) FROM zitadel.instances) >= 2, 'instances rows');
SELECT pg_temp.check((SELECT count(*) FROM zitadel.organizations) >= 4, 'organizations rows');
SELECT pg_temp.check((SELECT count(*) FROM zitadel.instance_domains) >= 4, 'instance_domains rows');
SELECT pg_temp.check((SELECT count(*) FROM zitadel.org_domains) >= 5, 'org_domains rows');
SELECT pg_temp.check((SELECT count(*) FROM "Tenant") >= 4, 'Tenant rows');
SELECT pg_temp.check((SELECT count(*) FROM "Dispatcher") >= 3, 'Dispatcher rows');
SELECT pg_temp.check((SELECT count(*) FROM "Worker") >= 6, 'Worker rows');
SELECT pg_temp.check((SELECT count(*) FROM "APIToken") >= 4, 'APIToken rows');
SELECT pg_temp.check((SELECT count(*) FROM "WebhookWorker") >= 2, 'WebhookWorker rows');
SELECT pg_temp.check((SELECT count(*) FROM "Event") >= 30, 'Event rows');
SELECT pg_temp.check((SELECT count(*) FROM "EventKey") >= 5, 'EventKey rows');
SELECT pg_temp.check((SELECT count(*) FROM "QueueItem") >= 20, 'QueueItem rows');
SELECT pg_temp.check((SELECT count(*) FROM "TenantResourceLimit") >= 6, 'TenantResourceLimit rows');
-- step zitadel: eventstore push and event reads, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE push(eventstore.command[]) AS SELECT instance_id, aggregate_type, aggregate_id, event_type, "sequence", revision, created_at, payload, creator, "owner", "position", in_tx_order FROM eventstore.push($1);
EXECUTE push(ARRAY[
  ROW('230431128405868546', 'user', 'wl-user-1', 'user.human.added', 1, '{"userName": "wl.user", "email": {"email": "wl@acme.ch"}}', 'wl-creator', '230431128405999002')::eventstore.command,
  ROW('230431128405868546', 'user', 'wl-user-1', 'user.human.email.verified', 1, NULL, 'wl-creator', '230431128405999002')::eventstore.command,
  ROW('230431128405868546', 'org', '230431128405999002', 'org.member.added', 2, '{"userId": "wl-user-1", "roles": ["ORG_OWNER"]}', 'wl-creator', '230431128405999002')::eventstore.command]);
SELECT pg_temp.check((SELECT array_agg("sequence" ORDER BY "sequence") FROM eventstore.events2 WHERE instance_id = '230431128405868546' AND aggregate_type = 'user' AND aggregate_id = 'wl-user-1') = '{1,2}'::bigint[], 'pushed events numbered 1, 2');
SELECT pg_temp.check(EXISTS (SELECT instance_id, aggregate_type, aggregate_id, event_type, "sequence", revision, created_at, payload, creator, "owner", "position", in_tx_order FROM eventstore.events2
  WHERE instance_id = '230431128405868546' AND aggregate_type = 'user' AND aggregate_id = 'wl-user-1' AND "sequence" = 1 AND event_type = 'user.human.added' AND revision = 1
  AND payload->>'userName' = 'wl.user' AND payload #>> '{email,email}' = 'wl@acme.ch' AND creator = 'wl-creator' AND "owner" = '230431128405999002' AND in_tx_order = 1
  AND created_at <= now() + interval '1 minute' AND "position" > 0), 'pushed event as written');
SELECT pg_temp.check((SELECT "sequence" FROM eventstore.events2 WHERE instance_id = '230431128405868546' AND aggregate_type = 'org' AND aggregate_id = '230431128405999002' AND event_type = 'org.member.added') = 1
  AND (SELECT in_tx_order FROM eventstore.events2 WHERE instance_id = '230431128405868546' AND aggregate_type = 'org' AND aggregate_id = '230431128405999002' AND event_type = 'org.member.added') = 3, 'org event numbered within its aggregate');
PREPARE insert_events(text, text, text, text, smallint, text, text, jsonb, bigint, timestamptz, numeric, bigint) AS INSERT INTO eventstore.events2 (instance_id, "owner", aggregate_type, aggregate_id, revision, creator, event_type, payload, "sequence", created_at, "position", in_tx_order)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING created_at, "position";
EXECUTE insert_events('230431128405868546', '230431128405999002', 'project', 'wl-project-1', 1, 'wl-creator', 'project.added', '{"name": "WL"}', 1, now(), 1706774500.123456, 0);
EXECUTE insert_events('230431128405868546', '230431128405999002', 'project', 'wl-project-1', 1, 'wl-creator', 'project.changed', NULL, 2, now(), 1706774500.123456, 1);
SELECT pg_temp.check((SELECT count(*) FROM eventstore.events2 WHERE aggregate_id = 'wl-project-1' AND "position" = 1706774500.123456 AND created_at = now()) = 2, 'inserted events as written');
PREPARE filter_events(text, text, text[], text[]) AS SELECT instance_id, aggregate_type, aggregate_id, event_type, "sequence", revision, created_at, payload, creator, "owner", "position", in_tx_order
  FROM eventstore.events2 WHERE instance_id = $1 AND aggregate_id = $2 AND aggregate_type = ANY($3) AND event_type = ANY($4) ORDER BY "sequence";
EXECUTE filter_events('230431128405868546', 'wl-user-1', '{user}', '{user.human.added,user.human.email.verified}');
PREPARE projection_events(text, text[], numeric) AS SELECT instance_id, aggregate_type, aggregate_id, event_type, "sequence", revision, created_at, payload, creator, "owner", "position", in_tx_order
  FROM eventstore.events2 WHERE instance_id = $1 AND aggregate_type = ANY($2) AND "position" > $3 ORDER BY "position", in_tx_order LIMIT 200;
EXECUTE projection_events('230431128405868546', '{user,org}', 0);
PREPARE current_sequence(text, text, text) AS SELECT instance_id, "owner", aggregate_type, aggregate_id, "sequence" FROM eventstore.events2 WHERE instance_id = $1 AND aggregate_type = $2 AND aggregate_id = $3 ORDER BY "sequence" DESC LIMIT 1 FOR NO KEY UPDATE;
EXECUTE current_sequence('230431128405868546', 'user', '230431128406111002');
SELECT DISTINCT instance_id FROM eventstore.events2 WHERE created_at > now() - interval '5 years' AND aggregate_type = 'instance' AND event_type IN ('instance.added', 'instance.removed');
SELECT instance_id, aggregate_type, aggregate_id, event_type, "sequence", revision, created_at, payload, creator, "owner", "position", in_tx_order FROM eventstore.events2
  WHERE ("sequence" = 3 AND aggregate_id = '230431128405999001') OR (instance_id = '230431128405868547' AND "position" >= 1706774431) OR (payload ? 'userName' AND lower(payload->>'userName') LIKE 'user.%' AND creator <> 'SYSTEM')
  OR (created_at BETWEEN '2024-02-01'::timestamptz AND '2024-02-01'::timestamptz + interval '1 day' AND revision >= 1 AND in_tx_order > 1);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(aggregate_type), pg_temp.t(aggregate_id), pg_temp.t(event_type), pg_temp.t("sequence"), pg_temp.t(revision), pg_temp.t(created_at),
  pg_temp.t(payload), pg_temp.t(creator), pg_temp.t("owner"), pg_temp.t("position"), pg_temp.t(in_tx_order)) FROM eventstore.events2 LIMIT 1),
  'text,text,text,text,bigint,smallint,timestamp with time zone,jsonb,text,text,numeric,bigint'), 'events2 types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(s."sequence"), pg_temp.t(s."owner")) FROM eventstore.latest_aggregate_state('230431128405868546', 'user', 'wl-user-1') s), 'bigint,text')
  AND (SELECT s."sequence" FROM eventstore.latest_aggregate_state('230431128405868546', 'user', 'wl-user-1') s) = 2, 'latest_aggregate_state');
UPDATE eventstore.events2 SET event_type = 'user.human.changed', revision = 2, created_at = now(), payload = '{"nickName": "wl"}', creator = 'wl-creator-2', "owner" = '230431128405999001', "position" = 1706774600.5, in_tx_order = 7
  WHERE instance_id = '230431128405868546' AND aggregate_type = 'user' AND aggregate_id = 'wl-user-1' AND "sequence" = 2;
UPDATE eventstore.events2 SET payload = NULL, instance_id = '230431128405868547', aggregate_type = 'project', aggregate_id = 'wl-project-2', "sequence" = 9 WHERE aggregate_id = 'wl-project-1' AND "sequence" = 2;
SELECT pg_temp.check(EXISTS (SELECT 1 FROM eventstore.events2 WHERE aggregate_id = 'wl-user-1' AND "sequence" = 2 AND event_type = 'user.human.changed' AND revision = 2 AND in_tx_order = 7 AND "owner" = '230431128405999001')
  AND EXISTS (SELECT 1 FROM eventstore.events2 WHERE aggregate_id = 'wl-project-2' AND "sequence" = 9 AND payload IS NULL AND instance_id = '230431128405868547'), 'events updated');
INSERT INTO eventstore.events2 (instance_id, "owner", aggregate_type, aggregate_id, revision, creator, event_type, payload, "sequence", created_at, "position", in_tx_order)
  VALUES ('230431128405868546', '230431128405999002', 'user', 'wl-user-1', 1, 'wl-creator', 'user.human.added', NULL, 1, now(), 1, 0) ON CONFLICT (instance_id, aggregate_type, aggregate_id, "sequence") DO NOTHING;
INSERT INTO eventstore.events2 (instance_id, "owner", aggregate_type, aggregate_id, revision, creator, event_type, payload, "sequence", created_at, "position", in_tx_order)
  VALUES ('230431128405868546', '230431128405999002', 'user', 'wl-user-1', 1, 'wl-creator', 'user.human.added', NULL, 1, now(), 1, 0) ON CONFLICT ON CONSTRAINT events2_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO eventstore.events2 (instance_id, "owner", aggregate_type, aggregate_id, revision, creator, event_type, payload, "sequence", created_at, "position", in_tx_order)
  VALUES ('230431128405868546', 'x', 'user', 'wl-user-1', 1, 'x', 'user.human.added', NULL, 1, now(), 1, 0)$$, '23505');
DELETE FROM eventstore.events2 WHERE instance_id = '230431128405868547' AND aggregate_type = 'project' AND aggregate_id = 'wl-project-2' AND "sequence" = 9;
DELETE FROM eventstore.events2 WHERE instance_id = '230431128405868546' AND aggregate_id = 'wl-project-1';
-- Boundary writes (rule B).
INSERT INTO eventstore.events2 (instance_id, "owner", aggregate_type, aggregate_id, revision, creator, event_type, payload, "sequence", created_at, "position", in_tx_order) VALUES
  ('', '', '', '', 0, '', '', '{}', 0, now(), 0, 0),
  ('230431128405868546', '230431128405999002', 'USER', 'WL-USER-1', -1, 'WL', 'USER.HUMAN.ADDED', '[]', -1, '1970-01-01 00:00:00+00', -1.5, -1),
  ('230431128405868546', '230431128405999002', 'user', 'wl-user-big', 32767, 'wl', 'user.human.added', '{"a": {"b": [1, null, "x"]}}', 2147483648, now(), 99999999999.999999, 2147483648),
  ('230431128405868546', '230431128405999002', 'user', 'wl-user-big', 32767, 'wl', 'user.human.added', '{"a": {"b": [1, null, "x"]}}', 2147483649, now(), 99999999999.999999, 2147483648);
-- step zitadel: unique constraints, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_unique(text, text, text) AS INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES ($1, $2, $3);
EXECUTE add_unique('230431128405868546', 'usernames', 'wl.user@acme.ch');
EXECUTE add_unique('230431128405868546', 'org_name', 'WL Org');
EXECUTE add_unique('', 'instance_domain', 'wl.zitadel.example');
SELECT pg_temp.check(EXISTS (SELECT instance_id, unique_type, unique_field FROM eventstore.unique_constraints WHERE instance_id = '230431128405868546' AND unique_type = 'usernames' AND unique_field = 'wl.user@acme.ch'), 'unique constraint as written');
SELECT pg_temp.refused($$INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES ('230431128405868546', 'usernames', 'wl.user@acme.ch')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES ('', 'instance_domain', 'wl.zitadel.example')$$, '23505');
PREPARE remove_unique(text, text, text) AS DELETE FROM eventstore.unique_constraints WHERE (instance_id = $1 AND unique_type = $2 AND unique_field = (
    SELECT unique_field from (
    SELECT instance_id, unique_type, unique_field
    FROM eventstore.unique_constraints
    WHERE instance_id = $1 AND unique_type = $2 AND unique_field = $3
    UNION ALL
    SELECT instance_id, unique_type, unique_field
    FROM eventstore.unique_constraints
    WHERE instance_id = $1 AND unique_type = $2 AND unique_field = LOWER($3)
    ) AS case_insensitive_constraints LIMIT 1)
);
EXECUTE remove_unique('230431128405868546', 'usernames', 'WL.User@Acme.ch');
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM eventstore.unique_constraints WHERE instance_id = '230431128405868546' AND unique_field = 'wl.user@acme.ch'), 'unique constraint removed case-insensitively');
EXECUTE add_unique('230431128405868546', 'usernames', 'WL.Mixed');
EXECUTE remove_unique('230431128405868546', 'usernames', 'WL.Mixed');
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM eventstore.unique_constraints WHERE unique_field = 'WL.Mixed'), 'unique constraint removed exactly');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(unique_type), pg_temp.t(unique_field)) FROM eventstore.unique_constraints LIMIT 1), 'text,text,text'), 'unique_constraints types');
SELECT instance_id, unique_type, unique_field FROM eventstore.unique_constraints WHERE (instance_id = '230431128405868546' AND unique_type = 'usernames' AND lower(unique_field) = lower('Hans.Muster'))
  OR (instance_id = '' AND unique_type = 'instance_domain') OR unique_field LIKE '%.zitadel.cloud';
SELECT instance_id, unique_type, count(*) FROM eventstore.unique_constraints GROUP BY instance_id, unique_type;
UPDATE eventstore.unique_constraints SET unique_field = lower(unique_field), unique_type = 'org_name' WHERE instance_id = '230431128405868546' AND unique_type = 'org_name' AND unique_field = 'WL Org';
UPDATE eventstore.unique_constraints SET instance_id = '230431128405868547' WHERE instance_id = '230431128405868546' AND unique_field = 'wl org';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM eventstore.unique_constraints WHERE instance_id = '230431128405868547' AND unique_type = 'org_name' AND unique_field = 'wl org'), 'unique constraint updated');
INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES ('230431128405868547', 'org_name', 'wl org') ON CONFLICT (instance_id, unique_type, unique_field) DO NOTHING;
INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES ('230431128405868547', 'org_name', 'wl org') ON CONFLICT ON CONSTRAINT unique_constraints_pkey DO NOTHING;
DELETE FROM eventstore.unique_constraints WHERE instance_id = '230431128405868547' AND unique_type = 'org_name' AND unique_field = 'wl org';
-- Boundary writes (rule B).
INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES ('', '', ''), ('230431128405868546', 'USERNAMES', 'HANS.MUSTER'), ('230431128405868546', 'usernames', repeat('u', 300)),
  ('230431128405868546', 'usernames', 'Zoë.Ünicode@Example.COM');
-- step zitadel: fields, their views and permitted_orgs, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE insert_field(text, text, text, text, text, text, smallint, text, jsonb, boolean, boolean) AS INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value, value_must_be_unique, should_index) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11);
EXECUTE insert_field('230431128405868546', '230431128405868546', 'permission', '230431128405868546', 'role_permission', 'WL_ROLE', 1, 'permission', '"wl.perm"', false, true);
EXECUTE insert_field('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 1, 'state', '1', false, true);
EXECUTE insert_field('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org_member_role', 'wl-user-1', 1, 'org_role', '"WL_ROLE"', false, true);
EXECUTE insert_field('230431128405868546', '230431128405868546', 'instance', '230431128405868546', 'instance_member_role', 'wl-user-2', 1, 'instance_role', '"WL_ROLE"', false, true);
EXECUTE insert_field('230431128405868546', 'wl-org-1', 'project', 'wl-project-1', 'project_member_role', 'wl-user-1', 1, 'project_role', '"WL_ROLE"', false, true);
EXECUTE insert_field('230431128405868546', '230431128405868546', 'instance', '230431128405868546', 'instance_domain', 'wl.zitadel.example', 1, 'domain', '"wl.zitadel.example"', true, true);
EXECUTE insert_field('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 1, 'is_default', 'false', true, true);
EXECUTE insert_field('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 1, 'sequence_no', '42', true, true);
EXECUTE insert_field('230431128405868546', 'wl-org-1', 'project', 'wl-project-1', 'project_grant', 'wl-grant-1', 2, 'grant_id', '{"grantedOrg": "wl-org-2", "roles": ["a", "b"]}', false, false);
SELECT pg_temp.check(EXISTS (SELECT id, instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value, number_value, text_value, bool_value, value_must_be_unique, should_index
  FROM eventstore.fields WHERE instance_id = '230431128405868546' AND object_type = 'instance_domain' AND object_id = 'wl.zitadel.example' AND field_name = 'domain' AND text_value = 'wl.zitadel.example'
  AND number_value IS NULL AND bool_value IS NULL AND value_must_be_unique AND should_index AND object_revision = 1 AND resource_owner = '230431128405868546' AND aggregate_type = 'instance' AND id IS NOT NULL), 'text field as written');
SELECT pg_temp.check((SELECT number_value FROM eventstore.fields WHERE aggregate_id = 'wl-org-1' AND field_name = 'sequence_no') = 42 AND (SELECT bool_value FROM eventstore.fields WHERE aggregate_id = 'wl-org-1' AND field_name = 'is_default') = false
  AND (SELECT value->'roles'->>1 FROM eventstore.fields WHERE object_id = 'wl-grant-1') = 'b' AND (SELECT text_value FROM eventstore.fields WHERE object_id = 'wl-grant-1') IS NULL, 'number, bool and object fields as written');
PREPARE upsert_field(text, text, text, text, text, text, smallint, text, jsonb, boolean, boolean) AS WITH upsert AS (UPDATE eventstore.fields SET (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value, value_must_be_unique, should_index) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  WHERE instance_id = $1 AND aggregate_type = $3 AND aggregate_id = $4 AND object_type = $5 AND object_id = $6 AND field_name = $8 RETURNING * ) INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value, value_must_be_unique, should_index)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 WHERE NOT EXISTS (SELECT 1 FROM upsert);
EXECUTE upsert_field('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 1, 'state', '2', false, true);
EXECUTE upsert_field('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 1, 'name', '"WL Org"', true, true);
SELECT pg_temp.check((SELECT number_value FROM eventstore.fields WHERE aggregate_id = 'wl-org-1' AND object_type = 'org' AND field_name = 'state') = 2
  AND (SELECT text_value FROM eventstore.fields WHERE aggregate_id = 'wl-org-1' AND field_name = 'name') = 'WL Org', 'fields upserted');
PREPARE search_fields(text, text, text, text) AS SELECT instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value FROM eventstore.fields WHERE instance_id = $1 AND (aggregate_type = $2 AND aggregate_id = $3 AND field_name = $4);
EXECUTE search_fields('230431128405868546', 'org', 'wl-org-1', 'state');
SELECT instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value FROM eventstore.fields WHERE instance_id = '230431128405868546' AND object_type = 'instance_domain' AND field_name = 'domain' AND text_value = 'zitadel.localhost';
SELECT id, instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value, number_value, text_value, bool_value, value_must_be_unique, should_index FROM eventstore.fields
  WHERE (instance_id = '230431128405868546' AND id = 'f0000000-0000-4000-8000-000000000007') OR (instance_id = '230431128405868546' AND field_name = 'state' AND number_value >= 1) OR (field_name = 'is_default' AND bool_value)
  OR (aggregate_type = 'project' AND aggregate_id = '230431128406222003' AND object_type = 'project_grant') OR (value @> '{"grantedOrg": "230431128405999002"}' AND jsonb_typeof(value) = 'object') OR upper(text_value) = 'IAM.READ';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(instance_id), pg_temp.t(resource_owner), pg_temp.t(aggregate_type), pg_temp.t(aggregate_id), pg_temp.t(object_type), pg_temp.t(object_id), pg_temp.t(object_revision),
  pg_temp.t(field_name), pg_temp.t(value), pg_temp.t(number_value), pg_temp.t(text_value), pg_temp.t(bool_value), pg_temp.t(value_must_be_unique), pg_temp.t(should_index)) FROM eventstore.fields LIMIT 1),
  'text,text,text,text,text,text,text,smallint,text,jsonb,numeric,text,boolean,boolean,boolean'), 'fields types');
-- The views and the permission function, as the permission checks read them.
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(aggregate_id), pg_temp.t(role), pg_temp.t(permission)) FROM eventstore.role_permissions LIMIT 1), 'text,text,text,text'), 'role_permissions types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(org_id)) FROM eventstore.instance_orgs LIMIT 1), 'text,text'), 'instance_orgs types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(user_id), pg_temp.t(role)) FROM eventstore.instance_members LIMIT 1), 'text,text,text'), 'instance_members types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(org_id), pg_temp.t(user_id), pg_temp.t(role)) FROM eventstore.org_members LIMIT 1), 'text,text,text,text'), 'org_members types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(project_id), pg_temp.t(user_id), pg_temp.t(role)) FROM eventstore.project_members LIMIT 1), 'text,text,text,text'), 'project_members types');
SELECT pg_temp.check(EXISTS (SELECT instance_id, aggregate_id, role, permission FROM eventstore.role_permissions WHERE instance_id = '230431128405868546' AND role = 'WL_ROLE' AND permission = 'wl.perm'), 'role_permissions as written');
SELECT pg_temp.check(EXISTS (SELECT instance_id, org_id FROM eventstore.instance_orgs WHERE instance_id = '230431128405868546' AND org_id = 'wl-org-1'), 'instance_orgs as written');
SELECT pg_temp.check(EXISTS (SELECT instance_id, user_id, role FROM eventstore.instance_members WHERE instance_id = '230431128405868546' AND user_id = 'wl-user-2' AND role = 'WL_ROLE'), 'instance_members as written');
SELECT pg_temp.check(EXISTS (SELECT instance_id, org_id, user_id, role FROM eventstore.org_members WHERE instance_id = '230431128405868546' AND org_id = 'wl-org-1' AND user_id = 'wl-user-1' AND role = 'WL_ROLE'), 'org_members as written');
SELECT pg_temp.check(EXISTS (SELECT instance_id, project_id, user_id, role FROM eventstore.project_members WHERE instance_id = '230431128405868546' AND project_id = 'wl-project-1' AND user_id = 'wl-user-1' AND role = 'WL_ROLE'), 'project_members as written');
PREPARE permitted_orgs(text, text, text) AS SELECT org_ids FROM eventstore.permitted_orgs($1, $2, $3);
EXECUTE permitted_orgs('230431128405868546', 'wl-user-1', 'wl.perm');
SELECT pg_temp.check((SELECT org_ids FROM eventstore.permitted_orgs('230431128405868546', 'wl-user-1', 'wl.perm')) = '{wl-org-1}', 'permitted through the org role');
SELECT pg_temp.check((SELECT org_ids FROM eventstore.permitted_orgs('230431128405868546', 'wl-user-2', 'wl.perm')) @> '{wl-org-1}', 'permitted through the instance role');
SELECT pg_temp.check((SELECT org_ids FROM eventstore.permitted_orgs('230431128405868546', 'wl-user-3', 'wl.perm')) IS NULL, 'not permitted');
SELECT pg_temp.check(pg_temp.same((SELECT pg_temp.t(org_ids) FROM eventstore.permitted_orgs('230431128405868546', '230431128406111005', 'user.write')), 'text[]'), 'permitted_orgs type');
UPDATE eventstore.fields SET resource_owner = 'wl-org-2', aggregate_type = 'project', aggregate_id = 'wl-project-2', object_type = 'project_grant', object_id = 'wl-grant-2', object_revision = 3, field_name = 'grant_id2',
  value = '{"grantedOrg": "wl-org-3"}', value_must_be_unique = false, should_index = false WHERE instance_id = '230431128405868546' AND object_id = 'wl-grant-1';
UPDATE eventstore.fields SET object_revision = NULL, value_must_be_unique = NULL, should_index = NULL WHERE instance_id = '230431128405868546' AND object_id = 'wl-grant-2';
UPDATE eventstore.fields SET instance_id = '230431128405868547' WHERE instance_id = '230431128405868546' AND object_id = 'wl-grant-2';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM eventstore.fields WHERE instance_id = '230431128405868547' AND object_id = 'wl-grant-2' AND object_revision IS NULL AND should_index IS NULL AND value->>'grantedOrg' = 'wl-org-3'), 'field updated');
INSERT INTO eventstore.fields (id, instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value) VALUES ('f0000000-0000-4000-8000-000000000001', '230431128405868546', 'x', 'x', 'x', 'x', 'x', 'x', '1') ON CONFLICT (instance_id, id) DO NOTHING;
INSERT INTO eventstore.fields (id, instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value) VALUES ('f0000000-0000-4000-8000-000000000001', '230431128405868546', 'x', 'x', 'x', 'x', 'x', 'x', '1') ON CONFLICT ON CONSTRAINT fields_pkey DO NOTHING;
INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value, value_must_be_unique, should_index) VALUES ('230431128405868546', 'x', 'instance', 'x', 'instance_domain', 'x', 'domain', '"wl.zitadel.example"', true, true)
  ON CONFLICT (instance_id, field_name, text_value) WHERE value_must_be_unique DO NOTHING;
INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value, value_must_be_unique, should_index) VALUES ('230431128405868546', 'x', 'org', 'x', 'org', 'x', 'sequence_no', '42', true, true)
  ON CONFLICT (instance_id, field_name, number_value) WHERE value_must_be_unique DO NOTHING;
INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value, value_must_be_unique, should_index) VALUES ('230431128405868546', 'x', 'org', 'x', 'org', 'x', 'is_default', 'false', true, true)
  ON CONFLICT (instance_id, field_name, bool_value) WHERE value_must_be_unique DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO eventstore.fields (id, instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value) VALUES ('f0000000-0000-4000-8000-000000000001', '230431128405868546', 'x', 'x', 'x', 'x', 'x', 'x', '1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value, value_must_be_unique, should_index) VALUES ('230431128405868546', 'x', 'instance', 'x', 'instance_domain', 'x', 'domain', '"wl.zitadel.example"', true, true)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value, value_must_be_unique, should_index) VALUES ('230431128405868546', 'x', 'org', 'x', 'org', 'x', 'sequence_no', '42', true, true)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, field_name, value, value_must_be_unique, should_index) VALUES ('230431128405868546', 'x', 'org', 'x', 'org', 'x', 'is_default', 'false', true, true)$$, '23505');
DELETE FROM eventstore.fields WHERE instance_id = '230431128405868547' AND id = (SELECT id FROM eventstore.fields WHERE object_id = 'wl-grant-2');
DELETE FROM eventstore.fields WHERE aggregate_id = 'wl-org-1' AND instance_id = '230431128405868546' AND field_name = 'is_default';
DELETE FROM eventstore.fields WHERE instance_id = '230431128405868546' AND aggregate_type = 'project' AND aggregate_id = 'wl-project-1';
-- Boundary writes (rule B).
INSERT INTO eventstore.fields (instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, value, value_must_be_unique, should_index) VALUES
  ('', '', '', '', '', '', 0, '', '""', false, true),
  ('230431128405868546', 'WL-ORG-1', 'ORG', 'WL-ORG-1', 'ORG', 'WL-ORG-1', -1, 'STATE', '-1', false, true),
  ('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 32767, 'state', '0', false, true),
  ('230431128405868546', 'wl-org-1', 'org', 'wl-org-1', 'org', 'wl-org-1', 32767, 'state', '0', false, true),
  ('230431128405868546', 'wl-org-1', 'project', 'wl-project-9', 'project_grant', 'wl-grant-9', NULL, 'grant_id', '[1, "two", null, {"three": 3}]', NULL, NULL),
  ('230431128405868546', 'wl-org-1', 'permission', '230431128405868546', 'role_permission', 'WL_ROLE', 1, 'permission', to_jsonb(repeat('p', 300)), false, true);
-- step zitadel: projection states, failed events and resource counts, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE state_get(text, text) AS SELECT
    aggregate_id
    , aggregate_type
    , "sequence"
    , event_date
    , "position"
FROM
    projections.current_states
WHERE
    instance_id = $1
    AND projection_name = $2
FOR NO KEY UPDATE;
PREPARE state_set(text, text, text, text, bigint, timestamptz, numeric) AS INSERT INTO projections.current_states (
    projection_name
    , instance_id
    , aggregate_id
    , aggregate_type
    , "sequence"
    , event_date
    , "position"
    , last_updated
) VALUES (
    $1
    , $2
    , $3
    , $4
    , $5
    , $6
    , $7
    , now()
) ON CONFLICT (
    projection_name
    , instance_id
) DO UPDATE SET
    aggregate_id = $3
    , aggregate_type = $4
    , "sequence" = $5
    , event_date = $6
    , "position" = $7
    , last_updated = statement_timestamp();
EXECUTE state_get('230431128405868546', 'projections.wl_projection');
EXECUTE state_set('projections.wl_projection', '230431128405868546', 'wl-user-1', 'user', 2, '2024-03-01 10:00:00+00', 1709287200.123456);
EXECUTE state_get('230431128405868546', 'projections.wl_projection');
SELECT pg_temp.check(EXISTS (SELECT projection_name, instance_id, last_updated, aggregate_id, aggregate_type, "sequence", event_date, "position" FROM projections.current_states WHERE projection_name = 'projections.wl_projection'
  AND instance_id = '230431128405868546' AND aggregate_id = 'wl-user-1' AND aggregate_type = 'user' AND "sequence" = 2 AND event_date = '2024-03-01 10:00:00+00' AND "position" = 1709287200.123456 AND last_updated = now()), 'state as written');
EXECUTE state_set('projections.wl_projection', '230431128405868546', 'wl-org-1', 'org', 7, '2024-03-01 10:00:05+00', 1709287205);
SELECT pg_temp.check((SELECT "sequence" FROM projections.current_states WHERE projection_name = 'projections.wl_projection' AND instance_id = '230431128405868546') = 7
  AND (SELECT "position" FROM projections.current_states WHERE projection_name = 'projections.wl_projection' AND instance_id = '230431128405868546') = 1709287205, 'state upserted');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(projection_name), pg_temp.t(instance_id), pg_temp.t(last_updated), pg_temp.t(aggregate_id), pg_temp.t(aggregate_type), pg_temp.t("sequence"), pg_temp.t(event_date), pg_temp.t("position"))
  FROM projections.current_states LIMIT 1), 'text,text,timestamp with time zone,text,text,bigint,timestamp with time zone,numeric'), 'current_states types');
SELECT projection_name, instance_id, last_updated, aggregate_id, aggregate_type, "sequence", event_date, "position" FROM projections.current_states
  WHERE instance_id = '230431128405868547' OR (projection_name LIKE 'projections.users%' AND last_updated > now() - interval '10 years') OR "position" > 1706774430.5 OR (event_date < now() AND "sequence" >= 0);
SELECT projection_name, max("position"), min(event_date) FROM projections.current_states GROUP BY projection_name;
UPDATE projections.current_states SET last_updated = NULL, aggregate_id = NULL, aggregate_type = NULL, "sequence" = NULL, event_date = NULL, "position" = NULL WHERE projection_name = 'projections.wl_projection' AND instance_id = '230431128405868546';
UPDATE projections.current_states SET projection_name = 'projections.wl_projection2', instance_id = '230431128405868547' WHERE projection_name = 'projections.wl_projection' AND instance_id = '230431128405868546';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM projections.current_states WHERE projection_name = 'projections.wl_projection2' AND instance_id = '230431128405868547' AND "position" IS NULL AND last_updated IS NULL), 'state updated');
INSERT INTO projections.current_states (projection_name, instance_id, last_updated) VALUES ('projections.wl_projection2', '230431128405868547', now()) ON CONFLICT ON CONSTRAINT current_states_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO projections.current_states (projection_name, instance_id) VALUES ('projections.wl_projection2', '230431128405868547')$$, '23505');
DELETE FROM projections.current_states WHERE projection_name = 'projections.wl_projection2' AND instance_id = '230431128405868547';
-- The failed events of the handlers before step 15 (projections.failed_events).
PREPARE failed_event_set(text, bigint, smallint, text, text) AS INSERT INTO projections.failed_events (projection_name, failed_sequence, failure_count, error, instance_id, last_failed) VALUES ($1, $2, $3, $4, $5, now())
  ON CONFLICT (projection_name, failed_sequence, instance_id) DO UPDATE SET failure_count = EXCLUDED.failure_count, error = EXCLUDED.error, last_failed = EXCLUDED.last_failed;
PREPARE failed_event_count(text, bigint, text) AS WITH failures AS (SELECT failure_count FROM projections.failed_events WHERE projection_name = $1 AND failed_sequence = $2 AND instance_id = $3) SELECT COALESCE((SELECT failure_count FROM failures), 0) AS failure_count;
EXECUTE failed_event_set('projections.wl_projection', 12, 1, 'ID=V2-xyz Message=reduce failed', '230431128405868546');
EXECUTE failed_event_set('projections.wl_projection', 12, 2, 'ID=V2-xyz Message=reduce failed again', '230431128405868546');
EXECUTE failed_event_count('projections.wl_projection', 12, '230431128405868546');
SELECT pg_temp.check((SELECT failure_count FROM projections.failed_events WHERE projection_name = 'projections.wl_projection' AND failed_sequence = 12 AND instance_id = '230431128405868546') = 2
  AND EXISTS (SELECT projection_name, failed_sequence, failure_count, error, instance_id, last_failed FROM projections.failed_events WHERE projection_name = 'projections.wl_projection' AND error LIKE '%again' AND last_failed = now()), 'failed event as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(projection_name), pg_temp.t(failed_sequence), pg_temp.t(failure_count), pg_temp.t(error), pg_temp.t(instance_id), pg_temp.t(last_failed)) FROM projections.failed_events LIMIT 1),
  'text,bigint,smallint,text,text,timestamp with time zone'), 'failed_events types');
SELECT projection_name, failed_sequence, failure_count, error, instance_id, last_failed FROM projections.failed_events WHERE instance_id = '230431128405868546' AND (failure_count >= 3 OR last_failed > now() - interval '1 year' OR error ILIKE '%notfound%');
UPDATE projections.failed_events SET failure_count = NULL, error = NULL, last_failed = NULL WHERE projection_name = 'projections.wl_projection' AND failed_sequence = 12 AND instance_id = '230431128405868546';
UPDATE projections.failed_events SET projection_name = 'projections.wl_projection2', failed_sequence = 13, instance_id = '230431128405868547' WHERE projection_name = 'projections.wl_projection' AND failed_sequence = 12;
INSERT INTO projections.failed_events (projection_name, failed_sequence, instance_id) VALUES ('projections.wl_projection2', 13, '230431128405868547') ON CONFLICT ON CONSTRAINT failed_events_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO projections.failed_events (projection_name, failed_sequence, instance_id) VALUES ('projections.wl_projection2', 13, '230431128405868547')$$, '23505');
DELETE FROM projections.failed_events WHERE projection_name = 'projections.wl_projection2' AND failed_sequence = 13 AND instance_id = '230431128405868547';
-- The resource counts as count_resource and the report read them.
PREPARE count_up(text, text, text, text, text) AS INSERT INTO projections.resource_counts(instance_id, table_name, parent_type, parent_id, resource_name)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (instance_id, table_name, parent_type, parent_id) DO
		UPDATE SET updated_at = now(), amount = projections.resource_counts.amount + 1 RETURNING id;
PREPARE count_down(text, text, text, text, text) AS UPDATE projections.resource_counts
		SET updated_at = now(), amount = amount - 1
		WHERE instance_id = $1
			AND table_name = $2
			AND parent_type = $3
			AND parent_id = $4
			AND resource_name = $5
			AND amount > 0;
EXECUTE count_up('230431128405868546', 'projections.wl_table', 'organization', 'wl-org-1', 'wl_resource');
SELECT pg_temp.check((SELECT id FROM projections.resource_counts WHERE table_name = 'projections.wl_table') = currval(pg_get_serial_sequence('projections.resource_counts', 'id')), 'count id from the sequence');
EXECUTE count_up('230431128405868546', 'projections.wl_table', 'organization', 'wl-org-1', 'wl_resource');
EXECUTE count_up('230431128405868546', 'projections.wl_table', 'organization', 'wl-org-1', 'wl_resource');
EXECUTE count_down('230431128405868546', 'projections.wl_table', 'organization', 'wl-org-1', 'wl_resource');
SELECT pg_temp.check(EXISTS (SELECT id, instance_id, table_name, parent_type, parent_id, resource_name, updated_at, amount FROM projections.resource_counts WHERE instance_id = '230431128405868546' AND table_name = 'projections.wl_table'
  AND parent_type = 'organization' AND parent_id = 'wl-org-1' AND resource_name = 'wl_resource' AND amount = 2 AND updated_at = now()), 'counted up and down');
PREPARE list_counts(integer, integer) AS SELECT id,
    instance_id,
    table_name,
    parent_type,
    parent_id,
    resource_name,
    updated_at,
    amount
FROM projections.resource_counts
WHERE id > $1
ORDER BY id
LIMIT $2;
EXECUTE list_counts(0, 100);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(instance_id), pg_temp.t(table_name), pg_temp.t(parent_type), pg_temp.t(parent_id), pg_temp.t(resource_name), pg_temp.t(updated_at), pg_temp.t(amount))
  FROM projections.resource_counts LIMIT 1), 'integer,text,text,text,text,text,timestamp with time zone,integer'), 'resource_counts types');
SELECT instance_id, parent_type, resource_name, sum(amount) FROM projections.resource_counts WHERE updated_at > now() - interval '5 years' GROUP BY instance_id, parent_type, resource_name;
UPDATE projections.resource_counts SET instance_id = '230431128405868547', table_name = 'projections.wl_table2', parent_type = 'instance', parent_id = '230431128405868547', resource_name = 'wl_resource2', updated_at = now() - interval '1 day', amount = 0
  WHERE table_name = 'projections.wl_table';
INSERT INTO projections.resource_counts (instance_id, table_name, parent_type, parent_id, resource_name) VALUES ('230431128405868547', 'projections.wl_table2', 'instance', '230431128405868547', 'wl_resource2')
  ON CONFLICT ON CONSTRAINT resource_counts_instance_id_parent_type_parent_id_table_nam_key DO NOTHING;
INSERT INTO projections.resource_counts (id, instance_id, table_name, parent_type, parent_id, resource_name) VALUES ((SELECT id FROM projections.resource_counts WHERE table_name = 'projections.wl_table2'), 'x', 'x', 'x', 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO projections.resource_counts (id, instance_id, table_name, parent_type, parent_id, resource_name) VALUES ((SELECT id FROM projections.resource_counts WHERE table_name = 'projections.wl_table2'), 'x', 'x', 'x', 'x', 'x') ON CONFLICT ON CONSTRAINT resource_counts_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO projections.resource_counts (instance_id, table_name, parent_type, parent_id, resource_name) VALUES ('230431128405868547', 'projections.wl_table2', 'instance', '230431128405868547', 'other')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO projections.resource_counts (id, instance_id, table_name, parent_type, parent_id, resource_name) VALUES ((SELECT id FROM projections.resource_counts WHERE table_name = 'projections.wl_table2'), 'y', 'y', 'y', 'y', 'y')$$, '23505');
DELETE FROM projections.resource_counts WHERE instance_id = '230431128405868547' AND parent_type = 'instance' AND parent_id = '230431128405868547' AND table_name = 'projections.wl_table2';
DELETE FROM projections.resource_counts WHERE table_name = 'projections.wl_table3';
-- Boundary writes (rule B).
INSERT INTO projections.current_states (projection_name, instance_id, aggregate_id, aggregate_type, "sequence", event_date, "position", last_updated) VALUES
  ('', '', '', '', 0, now(), 0, now()), ('PROJECTIONS.USERS14', '230431128405868546', 'X', 'USER', -1, '1970-01-01 00:00:00+00', -1.25, now()),
  ('projections.wl_big', '230431128405868546', 'wl', 'user', 9223372036854775807, now(), 12345678901234567890.123456789, now());
INSERT INTO projections.failed_events (projection_name, failed_sequence, failure_count, error, instance_id, last_failed) VALUES ('', 0, 0, '', '', now()), ('PROJECTIONS.USERS14', -1, -1, 'ERROR', '230431128405868546', now()),
  ('projections.wl_big', 9223372036854775807, 32767, repeat('e', 5000), '230431128405868546', NULL);
INSERT INTO projections.resource_counts (instance_id, table_name, parent_type, parent_id, resource_name, amount) VALUES ('', '', '', '', '', 0), ('230431128405868546', 'PROJECTIONS.ORGS1', 'INSTANCE', '230431128405868546', 'ORGANIZATION', 2147483647),
  ('230431128405868546', 'projections.wl_table3', 'instance', 'no-such-parent', 'organization', 1);
-- step zitadel: login name users, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_login_user(text, text, text, text) AS INSERT INTO projections.login_names3_users (id, user_name, resource_owner, instance_id) VALUES ($1, $2, $3, $4);
EXECUTE add_login_user('wl-user-1', 'WL.User', 'wl-org-1', '230431128405868546');
EXECUTE add_login_user('wl-user-2', 'wl.user2', '230431128405999002', '230431128405868546');
PREPARE login_user_by_name(text, text) AS SELECT id, user_name, resource_owner, instance_id FROM projections.login_names3_users WHERE instance_id = $1 AND lower(user_name) = lower($2);
EXECUTE login_user_by_name('230431128405868546', 'wl.user');
SELECT pg_temp.check((SELECT id FROM projections.login_names3_users WHERE instance_id = '230431128405868546' AND lower(user_name) = lower('wl.USER')) = 'wl-user-1'
  AND EXISTS (SELECT id, user_name, resource_owner, instance_id FROM projections.login_names3_users WHERE instance_id = '230431128405868546' AND id = 'wl-user-1' AND user_name = 'WL.User' AND resource_owner = 'wl-org-1'), 'login user as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_name), pg_temp.t(resource_owner), pg_temp.t(instance_id)) FROM projections.login_names3_users LIMIT 1), 'text,text,text,text'), 'login_names3_users types');
SELECT id, user_name, resource_owner, instance_id FROM projections.login_names3_users WHERE (instance_id = '230431128405868546' AND user_name = 'Hans.Muster') OR (instance_id = '230431128405868546' AND resource_owner = '230431128405999002' AND id > '2')
  OR (instance_id = '230431128405868547' AND id = '230431128406111009') OR user_name ILIKE 'svc-%' OR split_part(user_name, '@', 2) = 'acme';
UPDATE projections.login_names3_users SET user_name = 'wl.user.renamed' WHERE id = 'wl-user-1' AND instance_id = '230431128405868546';
UPDATE projections.login_names3_users SET resource_owner = 'wl-org-2', id = 'wl-user-1b', instance_id = '230431128405868547' WHERE id = 'wl-user-1' AND instance_id = '230431128405868546';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM projections.login_names3_users WHERE id = 'wl-user-1b' AND instance_id = '230431128405868547' AND user_name = 'wl.user.renamed' AND resource_owner = 'wl-org-2'), 'login user updated');
INSERT INTO projections.login_names3_users (id, user_name, resource_owner, instance_id) VALUES ('wl-user-1b', 'x', 'x', '230431128405868547') ON CONFLICT (instance_id, id) DO NOTHING;
INSERT INTO projections.login_names3_users (id, user_name, resource_owner, instance_id) VALUES ('wl-user-1b', 'x', 'x', '230431128405868547') ON CONFLICT ON CONSTRAINT login_names3_users_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO projections.login_names3_users (id, user_name, resource_owner, instance_id) VALUES ('wl-user-1b', 'y', 'y', '230431128405868547')$$, '23505');
DELETE FROM projections.login_names3_users WHERE id = 'wl-user-1b' AND instance_id = '230431128405868547';
DELETE FROM projections.login_names3_users WHERE instance_id = '230431128405868546' AND resource_owner = 'wl-org-none';
-- Boundary writes (rule B).
INSERT INTO projections.login_names3_users (id, user_name, resource_owner, instance_id) VALUES ('', '', '', ''), ('WL-USER-3', 'HANS.MUSTER', '230431128405999002', '230431128405868546'),
  ('wl-user-4', 'Hans.Muster', '230431128405999002', '230431128405868546'), ('wl-user-5', repeat('n', 300) || '@ünïcode', 'no-such-org', '230431128405868546');
-- step zitadel: user sessions (auth view), typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_session(timestamptz, timestamptz, text, smallint, text, text, text, timestamptz, timestamptz, timestamptz, bigint, smallint, smallint, text, text, timestamptz, text, timestamptz, text, text) AS
  INSERT INTO auth.user_sessions (creation_date, change_date, resource_owner, state, user_agent_id, user_id, user_name, password_verification, second_factor_verification, multi_factor_verification, sequence,
    second_factor_verification_type, multi_factor_verification_type, user_display_name, login_name, external_login_verification, selected_idp_config_id, passwordless_verification, avatar_key, instance_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
  ON CONFLICT (user_agent_id, user_id, instance_id) DO UPDATE SET change_date = EXCLUDED.change_date, state = EXCLUDED.state, password_verification = EXCLUDED.password_verification,
    second_factor_verification = EXCLUDED.second_factor_verification, sequence = EXCLUDED.sequence;
EXECUTE save_session(now(), now(), '230431128405999002', 1, 'wl-agent', 'wl-user-1', 'wl.user', now(), NULL, NULL, 40, NULL, NULL, 'WL User', 'wl.user@acme.ch', NULL, NULL, NULL, NULL, '230431128405868546');
EXECUTE save_session(now(), now(), '230431128405999002', 1, 'wl-agent', 'wl-user-1', 'wl.user', now(), now(), NULL, 41, 1, NULL, 'WL User', 'wl.user@acme.ch', NULL, NULL, NULL, NULL, '230431128405868546');
PREPARE session_by_agent_user(text, text, text) AS SELECT s.creation_date, s.change_date, s.resource_owner, s.state, s.user_agent_id, s.user_id, s.user_name, s.login_name, s.user_display_name, s.avatar_key, s.selected_idp_config_id,
  s.password_verification, s.passwordless_verification, s.external_login_verification, s.second_factor_verification, s.second_factor_verification_type, s.multi_factor_verification, s.multi_factor_verification_type, s.sequence, s.instance_id
  FROM auth.user_sessions s WHERE s.user_agent_id = $1 AND s.user_id = $2 AND s.instance_id = $3 LIMIT 1;
EXECUTE session_by_agent_user('wl-agent', 'wl-user-1', '230431128405868546');
PREPARE sessions_by_agent(text, text) AS SELECT s.creation_date, s.change_date, s.resource_owner, s.state, s.user_agent_id, s.user_id, s.user_name, s.login_name, s.sequence, s.instance_id FROM auth.user_sessions s WHERE s.user_agent_id = $1 AND s.instance_id = $2;
EXECUTE sessions_by_agent('agent-2', '230431128405868546');
PREPARE sessions_by_user(text, text) AS SELECT user_agent_id, user_id, state, change_date FROM auth.user_sessions WHERE instance_id = $1 AND user_id = $2;
EXECUTE sessions_by_user('230431128405868546', '230431128406111005');
SELECT pg_temp.check(EXISTS (SELECT creation_date, change_date, resource_owner, state, user_agent_id, user_id, user_name, password_verification, second_factor_verification, multi_factor_verification, sequence,
  second_factor_verification_type, multi_factor_verification_type, user_display_name, login_name, external_login_verification, selected_idp_config_id, passwordless_verification, avatar_key, instance_id
  FROM auth.user_sessions WHERE user_agent_id = 'wl-agent' AND user_id = 'wl-user-1' AND instance_id = '230431128405868546' AND sequence = 41 AND second_factor_verification = now() AND state = 1
  AND user_display_name = 'WL User' AND login_name = 'wl.user@acme.ch' AND resource_owner = '230431128405999002' AND second_factor_verification_type IS NULL), 'session as written and upserted');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(creation_date), pg_temp.t(change_date), pg_temp.t(resource_owner), pg_temp.t(state), pg_temp.t(user_agent_id), pg_temp.t(user_id), pg_temp.t(user_name),
  pg_temp.t(password_verification), pg_temp.t(second_factor_verification), pg_temp.t(multi_factor_verification), pg_temp.t(sequence), pg_temp.t(second_factor_verification_type), pg_temp.t(multi_factor_verification_type),
  pg_temp.t(user_display_name), pg_temp.t(login_name), pg_temp.t(external_login_verification), pg_temp.t(selected_idp_config_id), pg_temp.t(passwordless_verification), pg_temp.t(avatar_key), pg_temp.t(instance_id))
  FROM auth.user_sessions LIMIT 1),
  'timestamp with time zone,timestamp with time zone,text,smallint,text,text,text,timestamp with time zone,timestamp with time zone,timestamp with time zone,bigint,smallint,smallint,text,text,timestamp with time zone,text,timestamp with time zone,text,text'),
  'user_sessions types');
SELECT user_agent_id, user_id, instance_id FROM auth.user_sessions WHERE instance_id = '230431128405868546' AND (password_verification > now() - interval '10 years' OR passwordless_verification IS NOT NULL OR multi_factor_verification_type = 2
  OR coalesce(login_name, '') LIKE '%@acme.ch' OR change_date - creation_date > interval '1 minute' OR sequence > 20 OR selected_idp_config_id = '230431128407000001' OR avatar_key LIKE 'avatar/%');
UPDATE auth.user_sessions SET creation_date = now(), change_date = now(), resource_owner = '230431128405999001', state = 2, user_name = 'wl.user2', password_verification = now(), second_factor_verification = now(),
  multi_factor_verification = now(), sequence = 42, second_factor_verification_type = 2, multi_factor_verification_type = 1, user_display_name = 'WL', login_name = 'wl@acme.ch', external_login_verification = now(),
  selected_idp_config_id = 'wl-idp', passwordless_verification = now(), avatar_key = 'avatar/wl' WHERE user_agent_id = 'wl-agent' AND user_id = 'wl-user-1' AND instance_id = '230431128405868546';
UPDATE auth.user_sessions SET creation_date = NULL, change_date = NULL, resource_owner = NULL, state = NULL, user_name = NULL, password_verification = NULL, second_factor_verification = NULL, multi_factor_verification = NULL,
  sequence = NULL, second_factor_verification_type = NULL, multi_factor_verification_type = NULL, user_display_name = NULL, login_name = NULL, external_login_verification = NULL, selected_idp_config_id = NULL,
  passwordless_verification = NULL, avatar_key = NULL WHERE user_agent_id = 'wl-agent' AND user_id = 'wl-user-1' AND instance_id = '230431128405868546';
UPDATE auth.user_sessions SET user_agent_id = 'wl-agent-2', user_id = 'wl-user-2', instance_id = '230431128405868547' WHERE user_agent_id = 'wl-agent' AND user_id = 'wl-user-1';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM auth.user_sessions WHERE user_agent_id = 'wl-agent-2' AND user_id = 'wl-user-2' AND instance_id = '230431128405868547' AND state IS NULL AND avatar_key IS NULL), 'session updated');
INSERT INTO auth.user_sessions (user_agent_id, user_id, instance_id) VALUES ('wl-agent-2', 'wl-user-2', '230431128405868547') ON CONFLICT ON CONSTRAINT user_sessions_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO auth.user_sessions (user_agent_id, user_id, instance_id) VALUES ('wl-agent-2', 'wl-user-2', '230431128405868547')$$, '23505');
DELETE FROM auth.user_sessions WHERE user_agent_id = 'wl-agent-2' AND user_id = 'wl-user-2' AND instance_id = '230431128405868547';
DELETE FROM auth.user_sessions WHERE instance_id = '230431128405868546' AND user_id = 'wl-user-none';
-- Boundary writes (rule B).
INSERT INTO auth.user_sessions (creation_date, change_date, resource_owner, state, user_agent_id, user_id, user_name, password_verification, second_factor_verification, multi_factor_verification, sequence,
  second_factor_verification_type, multi_factor_verification_type, user_display_name, login_name, external_login_verification, selected_idp_config_id, passwordless_verification, avatar_key, instance_id) VALUES
  (now(), now(), '', 0, '', '', '', now(), now(), now(), 0, 0, 0, '', '', now(), '', now(), '', ''),
  ('1970-01-01 00:00:00+00', now(), 'WL-ORG', -1, 'WL-AGENT', 'WL-USER', 'WL.USER', NULL, NULL, NULL, -1, -1, -1, 'WL', 'WL@ACME.CH', NULL, NULL, NULL, NULL, '230431128405868546'),
  (now(), now(), '230431128405999002', 32767, 'agent-2', 'wl-user-9', 'Hans.Muster', now(), NULL, NULL, 9223372036854775807, 32767, 32767, 'Hans Muster', 'Hans.Muster@acme.ch', NULL, NULL, NULL, NULL, '230431128405868546'),
  (now(), now(), '230431128405999002', 32767, 'agent-3', 'wl-user-9', 'Hans.Muster', now(), NULL, NULL, 9223372036854775807, 32767, 32767, 'Hans Muster', 'Hans.Muster@acme.ch', NULL, NULL, NULL, NULL, '230431128405868546');
-- step zitadel: LDAP identity provider templates and their count trigger, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_ldap(text, text, text[], boolean, text, text, jsonb, text, text[], text[], bigint, bytea, text, text, text, text, text) AS INSERT INTO projections.idp_templates6_ldap3 (idp_id, instance_id, servers, start_tls, base_dn, bind_dn,
  bind_password, user_base, user_object_classes, user_filters, timeout, rootca, id_attribute, first_name_attribute, last_name_attribute, email_attribute, email_verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17);
CREATE TEMP TABLE wl_count AS SELECT coalesce((SELECT amount FROM projections.resource_counts WHERE instance_id = '230431128405868546' AND parent_type = 'instance' AND parent_id = '230431128405868546'
  AND resource_name = 'identity_provider_ldap'), 0) AS amount;
EXECUTE add_ldap('wl-ldap-1', '230431128405868546', '{ldaps://wl.acme.ch:636,ldap://wl2.acme.ch}', true, 'dc=wl,dc=ch', 'cn=wl,dc=ch', '{"cryptoType": 0, "algorithm": "aes", "keyID": "idpConfigKey", "crypted": "d2w="}',
  'dn', '{inetOrgPerson,person}', '{uid}', 30000000000, '\x3082010a', 'uid', 'givenName', 'sn', 'mail', 'emailVerified');
SELECT pg_temp.check((SELECT amount FROM projections.resource_counts WHERE instance_id = '230431128405868546' AND parent_type = 'instance' AND parent_id = '230431128405868546' AND resource_name = 'identity_provider_ldap')
  = (SELECT amount FROM wl_count) + 1, 'the count trigger counted the new template');
SELECT pg_temp.check(EXISTS (SELECT idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout, rootca, id_attribute, first_name_attribute, last_name_attribute,
  email_attribute, email_verified FROM projections.idp_templates6_ldap3 WHERE instance_id = '230431128405868546' AND idp_id = 'wl-ldap-1' AND servers[2] = 'ldap://wl2.acme.ch' AND start_tls AND base_dn = 'dc=wl,dc=ch'
  AND bind_dn = 'cn=wl,dc=ch' AND bind_password->>'crypted' = 'd2w=' AND user_base = 'dn' AND 'person' = ANY (user_object_classes) AND user_filters = '{uid}' AND timeout = 30000000000 AND rootca = '\x3082010a'::bytea
  AND id_attribute = 'uid' AND first_name_attribute = 'givenName' AND last_name_attribute = 'sn' AND email_attribute = 'mail' AND email_verified = 'emailVerified'), 'template as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(idp_id), pg_temp.t(instance_id), pg_temp.t(servers), pg_temp.t(start_tls), pg_temp.t(base_dn), pg_temp.t(bind_dn), pg_temp.t(bind_password), pg_temp.t(user_base),
  pg_temp.t(user_object_classes), pg_temp.t(user_filters), pg_temp.t(timeout), pg_temp.t(rootca), pg_temp.t(id_attribute), pg_temp.t(first_name_attribute), pg_temp.t(last_name_attribute), pg_temp.t(email_attribute), pg_temp.t(email_verified))
  FROM projections.idp_templates6_ldap3 LIMIT 1), 'text,text,text[],boolean,text,text,jsonb,text,text[],text[],bigint,bytea,text,text,text,text,text'), 'idp_templates6_ldap3 types');
SELECT idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout, rootca, id_attribute, first_name_attribute, last_name_attribute, email_attribute, email_verified
  FROM projections.idp_templates6_ldap3 WHERE (instance_id = '230431128405868546' AND idp_id = '230431128408000001') OR servers && '{ldap://10.0.0.5:389}' OR cardinality(user_filters) > 1 OR bind_password ? 'keyID' OR timeout / 1000000000 >= 10 OR length(rootca) > 2;
UPDATE projections.idp_templates6_ldap3 SET servers = '{ldap://wl3.acme.ch}', start_tls = false, base_dn = 'dc=wl3', bind_dn = 'cn=wl3', bind_password = '{"crypted": "eA=="}', user_base = 'uid', user_object_classes = '{}', user_filters = '{mail}',
  timeout = 1, rootca = '\x00', id_attribute = 'entryUUID', first_name_attribute = 'cn', last_name_attribute = 'surname', email_attribute = 'email', email_verified = 'verified' WHERE instance_id = '230431128405868546' AND idp_id = 'wl-ldap-1';
UPDATE projections.idp_templates6_ldap3 SET rootca = NULL, id_attribute = NULL, first_name_attribute = NULL, last_name_attribute = NULL, email_attribute = NULL, email_verified = NULL WHERE instance_id = '230431128405868546' AND idp_id = 'wl-ldap-1';
UPDATE projections.idp_templates6_ldap3 SET idp_id = 'wl-ldap-2' WHERE instance_id = '230431128405868546' AND idp_id = 'wl-ldap-1';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM projections.idp_templates6_ldap3 WHERE idp_id = 'wl-ldap-2' AND rootca IS NULL AND email_verified IS NULL AND timeout = 1 AND servers = '{ldap://wl3.acme.ch}'), 'template updated');
INSERT INTO projections.idp_templates6_ldap3 (idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout) VALUES ('wl-ldap-2', '230431128405868546', '{}', false, '', '', '{}', '', '{}', '{}', 0)
  ON CONFLICT (instance_id, idp_id) DO NOTHING;
INSERT INTO projections.idp_templates6_ldap3 (idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout) VALUES ('wl-ldap-2', '230431128405868546', '{}', false, '', '', '{}', '', '{}', '{}', 0)
  ON CONFLICT ON CONSTRAINT idp_templates6_ldap3_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO projections.idp_templates6_ldap3 (idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout) VALUES ('wl-ldap-2', '230431128405868546', '{}', false, '', '', '{}', '', '{}', '{}', 0)$$, '23505');
DELETE FROM projections.idp_templates6_ldap3 WHERE instance_id = '230431128405868546' AND idp_id = 'wl-ldap-2';
SELECT pg_temp.check((SELECT amount FROM projections.resource_counts WHERE instance_id = '230431128405868546' AND parent_type = 'instance' AND parent_id = '230431128405868546' AND resource_name = 'identity_provider_ldap')
  = (SELECT amount FROM wl_count), 'the count trigger counted the removal');
-- Boundary writes (rule B).
INSERT INTO projections.idp_templates6_ldap3 (idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout, rootca, id_attribute, first_name_attribute,
  last_name_attribute, email_attribute, email_verified) VALUES
  ('', '', '{}', false, '', '', '{}', '', '{}', '{}', 0, '\x', '', '', '', '', ''),
  ('WL-LDAP-3', '230431128405868546', '{LDAPS://WL.ACME.CH:636,""}', true, 'DC=WL', 'CN=WL', '[]', 'DN', '{""}', '{NULL}', -1, '\xff', 'UID', 'GIVENNAME', 'SN', 'MAIL', 'EMAILVERIFIED'),
  ('wl-ldap-4', '230431128405868547', '{ldap://10.0.0.5:389,ldap://10.0.0.6:389}', true, 'ou=people,dc=corp', 'cn=bind,dc=corp', '{}', 'ou=people', '{}', '{}', 9223372036854775807, NULL, NULL, NULL, NULL, NULL, 'emailVerified');
-- step zitadel: instances and organizations (relational repositories) and their triggers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE create_instance(text, text, text, text, text, text, text) AS INSERT INTO zitadel.instances (id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, DEFAULT, DEFAULT) RETURNING created_at, updated_at;
EXECUTE create_instance('wl-instance-1', 'WL Instance', 'wl-org-1', 'wl-project-1', 'wl-client@wl', 'wl-app', 'de');
PREPARE get_instance(text) AS SELECT id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at FROM zitadel.instances WHERE id = $1;
EXECUTE get_instance('wl-instance-1');
SELECT pg_temp.check(EXISTS (SELECT id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at FROM zitadel.instances WHERE id = 'wl-instance-1' AND name = 'WL Instance'
  AND default_org_id = 'wl-org-1' AND iam_project_id = 'wl-project-1' AND console_client_id = 'wl-client@wl' AND console_app_id = 'wl-app' AND default_language = 'de'), 'instance as written');
PREPARE create_org(text, text, text, zitadel.organization_state) AS INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ($1, $2, $3, $4) RETURNING created_at, updated_at;
EXECUTE create_org('wl-org-1', 'WL Org', 'wl-instance-1', 'active');
EXECUTE create_org('wl-org-2', 'WL Org 2', 'wl-instance-1', 'inactive');
PREPARE get_org(text, text) AS SELECT organizations.id, organizations.name, organizations.instance_id, organizations.state, organizations.created_at, organizations.updated_at FROM zitadel.organizations WHERE organizations.instance_id = $1 AND organizations.id = $2;
EXECUTE get_org('wl-instance-1', 'wl-org-1');
PREPARE list_orgs(text, zitadel.organization_state) AS SELECT id, name, instance_id, state, created_at, updated_at FROM zitadel.organizations WHERE instance_id = $1 AND state = $2 ORDER BY name;
EXECUTE list_orgs('230431128405868546', 'active');
SELECT pg_temp.check(EXISTS (SELECT id, name, instance_id, state, created_at, updated_at FROM zitadel.organizations WHERE instance_id = 'wl-instance-1' AND id = 'wl-org-2' AND name = 'WL Org 2' AND state = 'inactive'), 'organization as written');
-- The updated_at triggers: an update that does not set updated_at gets the time of the transaction.
UPDATE zitadel.instances SET name = 'ZITADEL (renamed)', default_language = 'fr' WHERE id = '230431128405868546';
SELECT pg_temp.check((SELECT updated_at FROM zitadel.instances WHERE id = '230431128405868546') = now(), 'instance updated_at refreshed by its trigger');
UPDATE zitadel.organizations SET name = 'ACME AG', state = 'inactive' WHERE instance_id = '230431128405868546' AND id = '230431128405999002';
SELECT pg_temp.check((SELECT updated_at FROM zitadel.organizations WHERE instance_id = '230431128405868546' AND id = '230431128405999002') = now(), 'organization updated_at refreshed by its trigger');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(default_org_id), pg_temp.t(iam_project_id), pg_temp.t(console_client_id), pg_temp.t(console_app_id), pg_temp.t(default_language),
  pg_temp.t(created_at), pg_temp.t(updated_at)) FROM zitadel.instances LIMIT 1), 'text,text,text,text,text,text,text,timestamp with time zone,timestamp with time zone'), 'instances types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(instance_id), pg_temp.t(state), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM zitadel.organizations LIMIT 1),
  'text,text,text,zitadel.organization_state,timestamp with time zone,timestamp with time zone'), 'organizations types');
SELECT id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at FROM zitadel.instances WHERE id = '230431128405868547' OR lower(name) LIKE 'zitadel%' OR created_at < now() - interval '1 day';
SELECT id, name, instance_id, state, created_at, updated_at FROM zitadel.organizations WHERE (instance_id = '230431128405868546' AND name = 'Old Corp') OR (instance_id = '230431128405868547' AND id = '230431128405999009') OR state <> 'active'
  OR updated_at - created_at > interval '12 hours';
UPDATE zitadel.instances SET name = 'WL Instance 2', default_org_id = 'wl-org-2', iam_project_id = 'wl-project-2', console_client_id = 'wl-client-2', console_app_id = 'wl-app-2', default_language = 'it', created_at = now(), updated_at = now() WHERE id = 'wl-instance-1';
UPDATE zitadel.instances SET default_org_id = NULL, iam_project_id = NULL, console_client_id = NULL, console_app_id = NULL, default_language = NULL WHERE id = 'wl-instance-1';
UPDATE zitadel.organizations SET name = 'WL Org renamed', state = 'active', created_at = now(), updated_at = now() WHERE instance_id = 'wl-instance-1' AND id = 'wl-org-1';
UPDATE zitadel.organizations SET id = 'wl-org-1b' WHERE instance_id = 'wl-instance-1' AND id = 'wl-org-1';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM zitadel.instances WHERE id = 'wl-instance-1' AND default_org_id IS NULL AND default_language IS NULL AND name = 'WL Instance 2')
  AND EXISTS (SELECT 1 FROM zitadel.organizations WHERE id = 'wl-org-1b' AND name = 'WL Org renamed' AND state = 'active'), 'instance and organization updated');
INSERT INTO zitadel.instances (id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at) VALUES ('wl-instance-1', 'x', NULL, NULL, NULL, NULL, NULL, DEFAULT, DEFAULT) ON CONFLICT (id) DO NOTHING;
INSERT INTO zitadel.instances (id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at) VALUES ('wl-instance-1', 'x', NULL, NULL, NULL, NULL, NULL, DEFAULT, DEFAULT) ON CONFLICT ON CONSTRAINT instances_pkey DO NOTHING;
INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-1b', 'x', 'wl-instance-1', 'active') ON CONFLICT (instance_id, id) DO NOTHING;
INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-1b', 'x', 'wl-instance-1', 'active') ON CONFLICT ON CONSTRAINT organizations_pkey DO NOTHING;
INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-9', 'WL Org renamed', 'wl-instance-1', 'active') ON CONFLICT (instance_id, name) DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO zitadel.instances (id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at) VALUES ('wl-instance-1', 'dup', NULL, NULL, NULL, NULL, NULL, DEFAULT, DEFAULT)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-1b', 'dup', 'wl-instance-1', 'active')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-8', 'WL Org renamed', 'wl-instance-1', 'active')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-7', 'fk', 'no-such-instance', 'active')$$, '23503');
DELETE FROM zitadel.organizations WHERE instance_id = 'wl-instance-1' AND id = 'wl-org-2';
INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ('wl-instance-1', 'wl-instance-1.zitadel.example', true, true, 'custom', DEFAULT, DEFAULT);
INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('wl-instance-1', 'wl-org-1b', 'wl.example', true, true, NULL, DEFAULT, DEFAULT);
DELETE FROM zitadel.instances WHERE id = 'wl-instance-1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM zitadel.organizations WHERE instance_id = 'wl-instance-1') AND NOT EXISTS (SELECT 1 FROM zitadel.instance_domains WHERE instance_id = 'wl-instance-1')
  AND NOT EXISTS (SELECT 1 FROM zitadel.org_domains WHERE instance_id = 'wl-instance-1'), 'instance delete cascades to its organizations and domains');
-- Boundary writes (rule B).
INSERT INTO zitadel.instances (id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at) VALUES ('x', 'x', '', '', '', '', '', DEFAULT, DEFAULT),
  ('WL-INSTANCE-2', 'ZITADEL', 'WL-ORG', 'WL-PROJECT', 'WL-CLIENT', 'WL-APP', 'EN', DEFAULT, DEFAULT), ('wl-instance-3', repeat('n', 300), 'no-such-org', NULL, NULL, NULL, 'zz', DEFAULT, DEFAULT);
INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('y', 'y', 'x', 'active'), ('WL-ORG-3', 'ZITADEL', 'WL-INSTANCE-2', 'inactive'), ('wl-org-4', 'ZITADEL', '230431128405868547', 'active'),
  ('wl-org-5', repeat('o', 300), '230431128405868547', 'inactive');
-- step zitadel: instance and organization domains and their triggers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_instance_domain(text, text, boolean, boolean, zitadel.domain_type) AS INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, DEFAULT, DEFAULT) RETURNING created_at, updated_at;
EXECUTE add_instance_domain('230431128405868547', 'wl-a.acme-xyz.example', true, false, 'custom');
EXECUTE add_instance_domain('230431128405868547', 'wl-b.acme-xyz.example', true, false, 'custom');
EXECUTE add_instance_domain('230431128405868547', 'wl-trusted.example', NULL, NULL, 'trusted');
SELECT pg_temp.check((SELECT is_primary FROM zitadel.instance_domains WHERE domain = 'wl-a.acme-xyz.example') = false AND (SELECT is_primary FROM zitadel.instance_domains WHERE domain = 'wl-b.acme-xyz.example'),
  'a new primary instance domain demotes the previous one');
SELECT pg_temp.check(EXISTS (SELECT instance_id, domain, is_primary, is_generated, type, created_at, updated_at FROM zitadel.instance_domains WHERE domain = 'wl-trusted.example' AND instance_id = '230431128405868547'
  AND is_primary IS NULL AND is_generated IS NULL AND type = 'trusted'), 'trusted domain as written');
PREPARE set_primary_instance_domain(text, text) AS UPDATE zitadel.instance_domains SET is_primary = true WHERE instance_id = $1 AND domain = $2;
EXECUTE set_primary_instance_domain('230431128405868547', 'wl-a.acme-xyz.example');
SELECT pg_temp.check((SELECT is_primary FROM zitadel.instance_domains WHERE domain = 'wl-b.acme-xyz.example') = false AND (SELECT is_primary FROM zitadel.instance_domains WHERE domain = 'wl-a.acme-xyz.example'), 'primary instance domain switched');
UPDATE zitadel.instance_domains SET is_generated = true WHERE domain = 'auth.zitadel.example';
SELECT pg_temp.check((SELECT updated_at FROM zitadel.instance_domains WHERE domain = 'auth.zitadel.example') = now(), 'instance domain updated_at refreshed by its trigger');
PREPARE add_org_domain(text, text, text, boolean, boolean, zitadel.domain_validation_type) AS INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT) RETURNING created_at, updated_at;
EXECUTE add_org_domain('230431128405868546', '230431128405999003', 'wl.old-corp.example', false, false, 'dns');
EXECUTE add_org_domain('230431128405868546', '230431128405999003', 'wl2.old-corp.example', true, true, 'http');
EXECUTE add_org_domain('230431128405868546', '230431128405999003', 'wl3.old-corp.example', true, false, NULL);
PREPARE verify_org_domain(text, text, text) AS UPDATE zitadel.org_domains SET is_verified = true, is_primary = true WHERE instance_id = $1 AND org_id = $2 AND domain = $3;
EXECUTE verify_org_domain('230431128405868546', '230431128405999003', 'wl.old-corp.example');
SELECT pg_temp.check((SELECT is_primary FROM zitadel.org_domains WHERE domain = 'wl2.old-corp.example') = false AND (SELECT is_primary AND is_verified FROM zitadel.org_domains WHERE domain = 'wl.old-corp.example')
  AND (SELECT validation_type FROM zitadel.org_domains WHERE domain = 'wl.old-corp.example') = 'dns', 'verified primary org domain demotes the previous one');
UPDATE zitadel.org_domains SET validation_type = 'http' WHERE instance_id = '230431128405868546' AND org_id = '230431128405999002' AND domain = 'acme.ch';
SELECT pg_temp.check((SELECT updated_at FROM zitadel.org_domains WHERE org_id = '230431128405999002' AND domain = 'acme.ch') = now(), 'org domain updated_at refreshed by its trigger');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(domain), pg_temp.t(is_primary), pg_temp.t(is_generated), pg_temp.t(type), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM zitadel.instance_domains LIMIT 1),
  'text,text,boolean,boolean,zitadel.domain_type,timestamp with time zone,timestamp with time zone'), 'instance_domains types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(instance_id), pg_temp.t(org_id), pg_temp.t(domain), pg_temp.t(is_verified), pg_temp.t(is_primary), pg_temp.t(validation_type), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM zitadel.org_domains LIMIT 1), 'text,text,text,boolean,boolean,zitadel.domain_validation_type,timestamp with time zone,timestamp with time zone'), 'org_domains types');
SELECT instance_id, domain, is_primary, is_generated, type, created_at, updated_at FROM zitadel.instance_domains WHERE domain = 'zitadel.localhost' OR (instance_id = '230431128405868546' AND type = 'trusted') OR (is_primary AND is_generated)
  OR domain LIKE '%.zitadel.cloud' OR length(domain) > 20;
SELECT instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at FROM zitadel.org_domains WHERE (instance_id = '230431128405868546' AND domain = 'acme.ch') OR (instance_id = '230431128405868546' AND org_id = '230431128405999002' AND domain = 'acme.zitadel.localhost')
  OR (is_verified AND NOT is_primary) OR validation_type = 'dns' OR split_part(domain, '.', 1) = 'acme-xyz';
UPDATE zitadel.instance_domains SET is_primary = NULL, is_generated = NULL, created_at = now(), updated_at = now() WHERE domain = 'wl-trusted.example';
UPDATE zitadel.instance_domains SET domain = 'wl-trusted2.example', instance_id = '230431128405868546', type = 'trusted' WHERE domain = 'wl-trusted.example';
UPDATE zitadel.org_domains SET validation_type = NULL, is_verified = false, is_primary = false, created_at = now(), updated_at = now() WHERE instance_id = '230431128405868546' AND org_id = '230431128405999003' AND domain = 'wl3.old-corp.example';
UPDATE zitadel.org_domains SET domain = 'wl4.old-corp.example', org_id = '230431128405999002' WHERE instance_id = '230431128405868546' AND org_id = '230431128405999003' AND domain = 'wl3.old-corp.example';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM zitadel.instance_domains WHERE domain = 'wl-trusted2.example' AND instance_id = '230431128405868546' AND is_primary IS NULL)
  AND EXISTS (SELECT 1 FROM zitadel.org_domains WHERE domain = 'wl4.old-corp.example' AND org_id = '230431128405999002' AND validation_type IS NULL AND NOT is_verified), 'domains updated');
INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ('230431128405868546', 'wl-trusted2.example', NULL, NULL, 'trusted', DEFAULT, DEFAULT) ON CONFLICT (domain) DO NOTHING;
INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ('230431128405868546', 'wl-trusted2.example', NULL, NULL, 'trusted', DEFAULT, DEFAULT) ON CONFLICT ON CONSTRAINT instance_domains_pkey DO NOTHING;
INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('230431128405868546', '230431128405999002', 'wl4.old-corp.example', false, false, NULL, DEFAULT, DEFAULT) ON CONFLICT (instance_id, org_id, domain) DO NOTHING;
INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('230431128405868546', '230431128405999002', 'wl4.old-corp.example', false, false, NULL, DEFAULT, DEFAULT) ON CONFLICT ON CONSTRAINT org_domains_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ('230431128405868547', 'wl-trusted2.example', NULL, NULL, 'trusted', DEFAULT, DEFAULT)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ('no-such-instance', 'wl-fk.example', NULL, NULL, 'trusted', DEFAULT, DEFAULT)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('230431128405868546', '230431128405999002', 'wl4.old-corp.example', false, false, NULL, DEFAULT, DEFAULT)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('230431128405868546', 'no-such-org', 'wl-fk.example', false, false, NULL, DEFAULT, DEFAULT)$$, '23503');
DELETE FROM zitadel.instance_domains WHERE domain = 'wl-trusted2.example';
DELETE FROM zitadel.org_domains WHERE instance_id = '230431128405868546' AND org_id = '230431128405999002' AND domain = 'wl4.old-corp.example';
INSERT INTO zitadel.organizations (id, name, instance_id, state) VALUES ('wl-org-6', 'WL Org 6', '230431128405868547', 'active');
INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('230431128405868547', 'wl-org-6', 'wl6.example', false, false, NULL, DEFAULT, DEFAULT);
DELETE FROM zitadel.organizations WHERE instance_id = '230431128405868547' AND id = 'wl-org-6';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM zitadel.org_domains WHERE org_id = 'wl-org-6'), 'organization delete cascades to its domains');
-- Boundary writes (rule B).
INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES ('230431128405868547', 'x', false, false, 'custom', DEFAULT, DEFAULT), ('230431128405868547', repeat('d', 251) || '.com', false, true, 'custom', DEFAULT, DEFAULT),
  ('230431128405868547', 'WL-UPPER.EXAMPLE', NULL, NULL, 'trusted', DEFAULT, DEFAULT), ('230431128405868547', 'wl-c.acme-xyz.example', true, true, 'custom', DEFAULT, DEFAULT);
INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES ('230431128405868546', '230431128405999002', 'x', false, false, 'dns', DEFAULT, DEFAULT),
  ('230431128405868546', '230431128405999002', repeat('d', 251) || '.com', false, false, 'http', DEFAULT, DEFAULT), ('230431128405868546', '230431128405999002', 'WL-UPPER.EXAMPLE', true, false, NULL, DEFAULT, DEFAULT),
  ('230431128405868546', '230431128405999003', 'acme.zitadel.localhost', false, false, NULL, DEFAULT, DEFAULT), ('230431128405868546', '230431128405999001', 'acme.zitadel.localhost', false, true, 'dns', DEFAULT, DEFAULT);
-- step hatchet: tenants, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE create_tenant(uuid, text, text) AS INSERT INTO "Tenant" ("id", "name", "slug") VALUES ($1::uuid, $2::text, $3::text) RETURNING "id", "createdAt", "updatedAt", "deletedAt", "name", "slug";
EXECUTE create_tenant('a1000000-0000-4000-8000-0000000000a1', 'WL Tenant', 'wl-tenant');
PREPARE get_tenant_by_slug(text) AS SELECT "id", "createdAt", "updatedAt", "deletedAt", "name", "slug" FROM "Tenant" as tenants WHERE "slug" = $1::text AND "deletedAt" IS NULL;
EXECUTE get_tenant_by_slug('wl-tenant');
PREPARE get_tenant_by_id(uuid) AS SELECT "id", "createdAt", "updatedAt", "deletedAt", "name", "slug" FROM "Tenant" as tenants WHERE "id" = $1::uuid AND "deletedAt" IS NULL;
EXECUTE get_tenant_by_id('a1000000-0000-4000-8000-000000000002');
SELECT pg_temp.check(EXISTS (SELECT "id", "createdAt", "updatedAt", "deletedAt", "name", "slug" FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000a1' AND "name" = 'WL Tenant' AND "slug" = 'wl-tenant' AND "deletedAt" IS NULL),
  'tenant as written');
PREPARE update_tenant(uuid, text) AS UPDATE "Tenant" SET "name" = COALESCE($2::text, "name") WHERE "id" = $1::uuid RETURNING "id", "createdAt", "updatedAt", "deletedAt", "name", "slug";
EXECUTE update_tenant('a1000000-0000-4000-8000-0000000000a1', 'WL Tenant 2');
EXECUTE update_tenant('a1000000-0000-4000-8000-0000000000a1', NULL);
SELECT pg_temp.check((SELECT "name" FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000a1') = 'WL Tenant 2', 'tenant renamed');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("deletedAt"), pg_temp.t("name"), pg_temp.t("slug")) FROM "Tenant" LIMIT 1),
  'uuid,timestamp without time zone,timestamp without time zone,timestamp without time zone,text,text'), 'Tenant types');
SELECT "id", "createdAt", "updatedAt", "deletedAt", "name", "slug" FROM "Tenant" as tenants WHERE "deletedAt" IS NULL;
SELECT "id", "name", "slug" FROM "Tenant" WHERE "createdAt" > now()::timestamp - interval '10 years' AND ("slug" LIKE 'acme-%' OR lower("name") = 'default' OR "updatedAt" - "createdAt" > interval '1 hour');
UPDATE "Tenant" SET "createdAt" = CURRENT_TIMESTAMP, "updatedAt" = CURRENT_TIMESTAMP, "deletedAt" = CURRENT_TIMESTAMP, "slug" = 'wl-tenant-2' WHERE "id" = 'a1000000-0000-4000-8000-0000000000a1';
UPDATE "Tenant" SET "deletedAt" = NULL, "id" = 'a1000000-0000-4000-8000-0000000000a2' WHERE "id" = 'a1000000-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000a2' AND "slug" = 'wl-tenant-2' AND "deletedAt" IS NULL), 'tenant updated');
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000a2', 'x', 'x-dup') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000a2', 'x', 'x-dup') ON CONFLICT ON CONSTRAINT "Tenant_pkey" DO NOTHING;
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000a9', 'x', 'wl-tenant-2') ON CONFLICT ("slug") DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000a2', 'dup', 'dup-id')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000a8', 'dup', 'wl-tenant-2')$$, '23505');
DELETE FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000a2';
-- Boundary writes (rule B).
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000b1', '', ''), ('a1000000-0000-4000-8000-0000000000b2', 'ACME PRODUCTION', 'ACME-PROD'),
  ('a1000000-0000-4000-8000-0000000000b3', 'internal', 'internal'), ('a1000000-0000-4000-8000-0000000000b4', 'Acme Production', 'acme-prod-2'),
  ('a1000000-0000-4000-8000-0000000000b5', repeat('t', 300), 'tenant.with spaces/and_ünïcode');
-- step hatchet: dispatchers, workers and webhook workers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE create_dispatcher(uuid) AS INSERT INTO "Dispatcher" ("id") VALUES ($1::uuid) RETURNING "id", "createdAt", "updatedAt", "deletedAt", "lastHeartbeatAt", "isActive";
EXECUTE create_dispatcher('d1000000-0000-4000-8000-0000000000a1');
PREPARE update_dispatcher(uuid, timestamp) AS UPDATE "Dispatcher" SET "lastHeartbeatAt" = $2::timestamp, "updatedAt" = CURRENT_TIMESTAMP WHERE "id" = $1::uuid RETURNING "id", "createdAt", "updatedAt", "deletedAt", "lastHeartbeatAt", "isActive";
EXECUTE update_dispatcher('d1000000-0000-4000-8000-0000000000a1', now()::timestamp);
PREPARE create_worker(uuid, uuid, text, uuid, integer) AS INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId", "maxRuns") VALUES ($1::uuid, $2::uuid, $3::text, $4::uuid, $5::integer)
  RETURNING "id", "createdAt", "updatedAt", "deletedAt", "tenantId", "lastHeartbeatAt", "name", "status", "dispatcherId", "maxRuns";
EXECUTE create_worker('e1000000-0000-4000-8000-0000000000a1', 'a1000000-0000-4000-8000-000000000001', 'wl-worker', 'd1000000-0000-4000-8000-0000000000a1', 10);
EXECUTE create_worker('e1000000-0000-4000-8000-0000000000a2', 'a1000000-0000-4000-8000-000000000001', 'wl-worker', 'd1000000-0000-4000-8000-0000000000a1', NULL);
PREPARE update_worker(uuid, "WorkerStatus", uuid, integer, timestamp) AS UPDATE "Worker" SET "updatedAt" = CURRENT_TIMESTAMP, "status" = coalesce($2, "status"), "dispatcherId" = coalesce($3, "dispatcherId"),
  "maxRuns" = coalesce($4, "maxRuns"), "lastHeartbeatAt" = coalesce($5, "lastHeartbeatAt") WHERE "id" = $1::uuid RETURNING "id", "status", "dispatcherId", "maxRuns", "lastHeartbeatAt";
EXECUTE update_worker('e1000000-0000-4000-8000-0000000000a1', 'INACTIVE', 'd1000000-0000-4000-8000-000000000001', 20, now()::timestamp);
EXECUTE update_worker('e1000000-0000-4000-8000-0000000000a1', 'ACTIVE', NULL, NULL, NULL);
SELECT pg_temp.check(EXISTS (SELECT "id", "createdAt", "updatedAt", "deletedAt", "tenantId", "lastHeartbeatAt", "name", "status", "dispatcherId", "maxRuns" FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-0000000000a1'
  AND "tenantId" = 'a1000000-0000-4000-8000-000000000001' AND "name" = 'wl-worker' AND "status" = 'ACTIVE' AND "dispatcherId" = 'd1000000-0000-4000-8000-000000000001' AND "maxRuns" = 20
  AND "lastHeartbeatAt" = now()::timestamp(3) AND "deletedAt" IS NULL), 'worker as written');
SELECT pg_temp.check((SELECT "maxRuns" FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-0000000000a2') IS NULL, 'worker without maxRuns as written');
PREPARE list_workers(uuid, timestamp) AS SELECT "id", "createdAt", "updatedAt", "deletedAt", "tenantId", "lastHeartbeatAt", "name", "status", "dispatcherId", "maxRuns" FROM "Worker"
  WHERE "tenantId" = $1::uuid AND "lastHeartbeatAt" > $2::timestamp AND "deletedAt" IS NULL AND "status" = 'ACTIVE' ORDER BY "createdAt";
EXECUTE list_workers('a1000000-0000-4000-8000-000000000001', now()::timestamp - interval '5 seconds');
PREPARE list_dispatchers(timestamp) AS SELECT "id", "createdAt", "updatedAt", "deletedAt", "lastHeartbeatAt", "isActive" FROM "Dispatcher" WHERE "isActive" AND "lastHeartbeatAt" > $1::timestamp AND "deletedAt" IS NULL;
EXECUTE list_dispatchers(now()::timestamp - interval '6 seconds');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("deletedAt"), pg_temp.t("lastHeartbeatAt"), pg_temp.t("isActive")) FROM "Dispatcher" LIMIT 1),
  'uuid,timestamp without time zone,timestamp without time zone,timestamp without time zone,timestamp without time zone,boolean'), 'Dispatcher types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("deletedAt"), pg_temp.t("tenantId"), pg_temp.t("lastHeartbeatAt"), pg_temp.t("name"), pg_temp.t("status"),
  pg_temp.t("dispatcherId"), pg_temp.t("maxRuns")) FROM "Worker" LIMIT 1),
  'uuid,timestamp without time zone,timestamp without time zone,timestamp without time zone,uuid,timestamp without time zone,text,"WorkerStatus",uuid,integer'), 'Worker types');
SELECT "id", "createdAt", "updatedAt", "deletedAt", "tenantId", "lastHeartbeatAt", "name", "status", "dispatcherId", "maxRuns" FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-000000000003'
  OR ("dispatcherId" = 'd1000000-0000-4000-8000-000000000002' AND "status" = 'INACTIVE') OR coalesce("maxRuns", 100) - 1 >= 99 OR "lastHeartbeatAt" < now()::timestamp - interval '1 day' OR "name" ILIKE '%python%';
SELECT "id", "createdAt", "updatedAt", "deletedAt", "lastHeartbeatAt", "isActive" FROM "Dispatcher" WHERE "id" = 'd1000000-0000-4000-8000-000000000003' OR NOT "isActive" OR "lastHeartbeatAt" IS NULL;
UPDATE "Worker" SET "createdAt" = CURRENT_TIMESTAMP, "deletedAt" = CURRENT_TIMESTAMP, "tenantId" = 'a1000000-0000-4000-8000-000000000002', "name" = 'wl-worker-2', "lastHeartbeatAt" = CURRENT_TIMESTAMP, "dispatcherId" = 'd1000000-0000-4000-8000-0000000000a1' WHERE "id" = 'e1000000-0000-4000-8000-0000000000a1';
UPDATE "Worker" SET "deletedAt" = NULL, "lastHeartbeatAt" = NULL, "maxRuns" = NULL, "id" = 'e1000000-0000-4000-8000-0000000000a3' WHERE "id" = 'e1000000-0000-4000-8000-0000000000a1';
UPDATE "Dispatcher" SET "createdAt" = CURRENT_TIMESTAMP, "deletedAt" = CURRENT_TIMESTAMP, "isActive" = false WHERE "id" = 'd1000000-0000-4000-8000-0000000000a1';
UPDATE "Dispatcher" SET "deletedAt" = NULL, "lastHeartbeatAt" = NULL WHERE "id" = 'd1000000-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-0000000000a3' AND "maxRuns" IS NULL AND "lastHeartbeatAt" IS NULL AND "name" = 'wl-worker-2')
  AND EXISTS (SELECT 1 FROM "Dispatcher" WHERE "id" = 'd1000000-0000-4000-8000-0000000000a1' AND "lastHeartbeatAt" IS NULL AND NOT "isActive"), 'worker and dispatcher updated');
INSERT INTO "Dispatcher" ("id") VALUES ('d1000000-0000-4000-8000-0000000000a1') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Dispatcher" ("id") VALUES ('d1000000-0000-4000-8000-0000000000a1') ON CONFLICT ON CONSTRAINT "Dispatcher_pkey" DO NOTHING;
INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId") VALUES ('e1000000-0000-4000-8000-0000000000a3', 'a1000000-0000-4000-8000-000000000001', 'x', 'd1000000-0000-4000-8000-0000000000a1') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId") VALUES ('e1000000-0000-4000-8000-0000000000a3', 'a1000000-0000-4000-8000-000000000001', 'x', 'd1000000-0000-4000-8000-0000000000a1') ON CONFLICT ON CONSTRAINT "Worker_pkey" DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO "Dispatcher" ("id") VALUES ('d1000000-0000-4000-8000-0000000000a1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId") VALUES ('e1000000-0000-4000-8000-0000000000a3', 'a1000000-0000-4000-8000-000000000001', 'dup', 'd1000000-0000-4000-8000-0000000000a1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId") VALUES ('e1000000-0000-4000-8000-0000000000a9', 'a1000000-0000-4000-8000-0000000000ff', 'fk', 'd1000000-0000-4000-8000-0000000000a1')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId") VALUES ('e1000000-0000-4000-8000-0000000000a9', 'a1000000-0000-4000-8000-000000000001', 'fk', 'd1000000-0000-4000-8000-0000000000ff')$$, '23503');
DELETE FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-0000000000a2';
DELETE FROM "Dispatcher" WHERE "id" = 'd1000000-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-0000000000a3'), 'dispatcher delete cascades to its workers');
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000c1', 'WL Cascade', 'wl-cascade');
EXECUTE create_worker('e1000000-0000-4000-8000-0000000000a4', 'a1000000-0000-4000-8000-0000000000c1', 'wl-worker-4', 'd1000000-0000-4000-8000-000000000001', 1);
-- The webhook workers.
PREPARE create_webhook_worker(uuid, text, text, text, uuid, uuid, text) AS INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId", "tokenId", "tokenValue") VALUES ($1, $2, $3, $4, $5, $6, $7)
  RETURNING "id", "createdAt", "updatedAt", "name", "secret", "url", "tokenValue", "deleted", "tokenId", "tenantId";
INSERT INTO "APIToken" ("id", "tenantId", "name") VALUES ('b1000000-0000-4000-8000-0000000000c1', 'a1000000-0000-4000-8000-0000000000c1', 'wl-webhook-token');
EXECUTE create_webhook_worker('c1000000-0000-4000-8000-0000000000a1', 'wl-fn', 'whsec_wl', 'https://wl.acme.dev/api/hatchet', 'a1000000-0000-4000-8000-0000000000c1', 'b1000000-0000-4000-8000-0000000000c1', 'eyJ.wl.x');
EXECUTE create_webhook_worker('c1000000-0000-4000-8000-0000000000a2', 'wl-fn-2', 'whsec_wl2', 'https://wl2.acme.dev/api/hatchet', 'a1000000-0000-4000-8000-000000000002', NULL, NULL);
PREPARE list_webhook_workers(uuid) AS SELECT "id", "createdAt", "updatedAt", "name", "secret", "url", "tokenValue", "deleted", "tokenId", "tenantId" FROM "WebhookWorker" WHERE "tenantId" = $1 AND NOT "deleted";
EXECUTE list_webhook_workers('a1000000-0000-4000-8000-000000000002');
SELECT pg_temp.check(EXISTS (SELECT "id", "createdAt", "updatedAt", "name", "secret", "url", "tokenValue", "deleted", "tokenId", "tenantId" FROM "WebhookWorker" WHERE "url" = 'https://wl.acme.dev/api/hatchet' AND "name" = 'wl-fn'
  AND "secret" = 'whsec_wl' AND "tokenValue" = 'eyJ.wl.x' AND NOT "deleted" AND "tokenId" = 'b1000000-0000-4000-8000-0000000000c1' AND "tenantId" = 'a1000000-0000-4000-8000-0000000000c1'), 'webhook worker as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("name"), pg_temp.t("secret"), pg_temp.t("url"), pg_temp.t("tokenValue"), pg_temp.t("deleted"),
  pg_temp.t("tokenId"), pg_temp.t("tenantId")) FROM "WebhookWorker" LIMIT 1), 'uuid,timestamp without time zone,timestamp without time zone,text,text,text,text,boolean,uuid,uuid'), 'WebhookWorker types');
SELECT "id", "name", "url", "deleted" FROM "WebhookWorker" WHERE "id" = 'c1000000-0000-4000-8000-000000000002' OR "url" LIKE 'https://app.%' OR "tokenId" = 'b1000000-0000-4000-8000-000000000003' OR starts_with("secret", 'whsec_');
UPDATE "WebhookWorker" SET "createdAt" = CURRENT_TIMESTAMP, "updatedAt" = CURRENT_TIMESTAMP, "name" = 'wl-fn-renamed', "secret" = 'whsec_rotated', "url" = 'https://wl2.acme.dev/v2', "tokenValue" = 'eyJ.new', "deleted" = true,
  "tokenId" = 'b1000000-0000-4000-8000-000000000001', "tenantId" = 'a1000000-0000-4000-8000-000000000001' WHERE "id" = 'c1000000-0000-4000-8000-0000000000a2';
UPDATE "WebhookWorker" SET "tokenValue" = NULL, "tokenId" = NULL, "id" = 'c1000000-0000-4000-8000-0000000000a3' WHERE "id" = 'c1000000-0000-4000-8000-0000000000a2';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "WebhookWorker" WHERE "id" = 'c1000000-0000-4000-8000-0000000000a3' AND "tokenId" IS NULL AND "deleted" AND "name" = 'wl-fn-renamed'), 'webhook worker updated');
INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId") VALUES ('c1000000-0000-4000-8000-0000000000a3', 'x', 'x', 'https://x.example', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId") VALUES ('c1000000-0000-4000-8000-0000000000a3', 'x', 'x', 'https://x.example', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ON CONSTRAINT "WebhookWorker_pkey" DO NOTHING;
INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId") VALUES ('c1000000-0000-4000-8000-0000000000a9', 'x', 'x', 'https://wl2.acme.dev/v2', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ("url") DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId") VALUES ('c1000000-0000-4000-8000-0000000000a3', 'dup', 'x', 'https://dup.example', 'a1000000-0000-4000-8000-000000000001')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId") VALUES ('c1000000-0000-4000-8000-0000000000a8', 'dup', 'x', 'https://wl2.acme.dev/v2', 'a1000000-0000-4000-8000-000000000001')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId") VALUES ('c1000000-0000-4000-8000-0000000000a8', 'fk', 'x', 'https://fk.example', 'a1000000-0000-4000-8000-0000000000ff')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId", "tokenId") VALUES ('c1000000-0000-4000-8000-0000000000a8', 'fk', 'x', 'https://fk.example', 'a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-0000000000ff')$$, '23503');
DELETE FROM "WebhookWorker" WHERE "id" = 'c1000000-0000-4000-8000-0000000000a3';
DELETE FROM "APIToken" WHERE "id" = 'b1000000-0000-4000-8000-0000000000c1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "WebhookWorker" WHERE "id" = 'c1000000-0000-4000-8000-0000000000a1'), 'token delete cascades to its webhook worker');
EXECUTE create_webhook_worker('c1000000-0000-4000-8000-0000000000a4', 'wl-fn-4', 'whsec_wl4', 'https://wl4.acme.dev/api/hatchet', 'a1000000-0000-4000-8000-0000000000c1', NULL, NULL);
DELETE FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000c1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Worker" WHERE "id" = 'e1000000-0000-4000-8000-0000000000a4') AND NOT EXISTS (SELECT 1 FROM "WebhookWorker" WHERE "id" = 'c1000000-0000-4000-8000-0000000000a4'),
  'tenant delete cascades to its workers and webhook workers');
-- Boundary writes (rule B).
INSERT INTO "Dispatcher" ("id", "lastHeartbeatAt", "isActive") VALUES ('d1000000-0000-4000-8000-0000000000b1', '1970-01-01 00:00:00', false), ('d1000000-0000-4000-8000-0000000000b2', NULL, true);
INSERT INTO "Worker" ("id", "tenantId", "name", "dispatcherId", "maxRuns", "status", "lastHeartbeatAt") VALUES
  ('e1000000-0000-4000-8000-0000000000b1', 'a1000000-0000-4000-8000-000000000001', '', 'd1000000-0000-4000-8000-000000000001', 0, 'ACTIVE', '1970-01-01 00:00:00'),
  ('e1000000-0000-4000-8000-0000000000b2', 'a1000000-0000-4000-8000-000000000001', 'DEFAULT-WORKER', 'd1000000-0000-4000-8000-000000000001', -1, 'INACTIVE', '2099-12-31 23:59:59.999'),
  ('e1000000-0000-4000-8000-0000000000b3', 'a1000000-0000-4000-8000-000000000002', 'python-worker', 'd1000000-0000-4000-8000-000000000001', 2147483647, 'ACTIVE', NULL),
  ('e1000000-0000-4000-8000-0000000000b4', 'a1000000-0000-4000-8000-000000000002', 'python-worker', 'd1000000-0000-4000-8000-000000000001', NULL, 'ACTIVE', NULL);
INSERT INTO "WebhookWorker" ("id", "name", "secret", "url", "tenantId", "tokenId", "tokenValue") VALUES
  ('c1000000-0000-4000-8000-0000000000b1', '', '', '', 'a1000000-0000-4000-8000-000000000001', NULL, ''),
  ('c1000000-0000-4000-8000-0000000000b2', 'VERCEL-FN', 'WHSEC', 'HTTPS://APP.ACME.DEV/API/HATCHET', 'a1000000-0000-4000-8000-000000000002', NULL, NULL),
  ('c1000000-0000-4000-8000-0000000000b3', repeat('w', 300), 'whsec_long', 'https://long.acme.dev/' || repeat('p', 2000), 'a1000000-0000-4000-8000-000000000002', NULL, NULL),
  ('c1000000-0000-4000-8000-0000000000b4', 'vercel-fn', 'whsec_0123456789', 'https://app.acme.dev/api/hatchet?dup', 'a1000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000003', NULL);
-- step hatchet: API tokens, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE create_api_token(uuid, uuid, text, timestamp) AS INSERT INTO "APIToken" ("id", "createdAt", "updatedAt", "tenantId", "name", "expiresAt") VALUES (coalesce($1::uuid, gen_random_uuid()), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
  $2::uuid, $3::text, $4::timestamp) RETURNING "id", "createdAt", "updatedAt", "expiresAt", "revoked", "name", "tenantId";
EXECUTE create_api_token('b1000000-0000-4000-8000-0000000000a1', 'a1000000-0000-4000-8000-000000000001', 'wl-token', '2030-01-01 00:00:00');
EXECUTE create_api_token(NULL, 'a1000000-0000-4000-8000-000000000001', NULL, '2030-01-01 00:00:00');
PREPARE get_api_token(uuid) AS SELECT "id", "createdAt", "updatedAt", "expiresAt", "revoked", "name", "tenantId" FROM "APIToken" WHERE "id" = $1::uuid;
EXECUTE get_api_token('b1000000-0000-4000-8000-0000000000a1');
PREPARE list_api_tokens(uuid) AS SELECT "id", "createdAt", "updatedAt", "expiresAt", "revoked", "name", "tenantId" FROM "APIToken" WHERE "tenantId" = $1::uuid AND "revoked" = FALSE;
EXECUTE list_api_tokens('a1000000-0000-4000-8000-000000000002');
SELECT pg_temp.check(EXISTS (SELECT "id", "createdAt", "updatedAt", "expiresAt", "revoked", "name", "tenantId" FROM "APIToken" WHERE "id" = 'b1000000-0000-4000-8000-0000000000a1' AND "name" = 'wl-token'
  AND "tenantId" = 'a1000000-0000-4000-8000-000000000001' AND "expiresAt" = '2030-01-01 00:00:00' AND NOT "revoked"), 'token as written');
SELECT pg_temp.check((SELECT count(*) FROM "APIToken" WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000001' AND "name" IS NULL AND "expiresAt" = '2030-01-01 00:00:00') = 1, 'token without a name as written');
PREPARE revoke_api_token(uuid) AS UPDATE "APIToken" SET "expiresAt" = CURRENT_TIMESTAMP - INTERVAL '1 second', "revoked" = TRUE WHERE "id" = $1::uuid;
EXECUTE revoke_api_token('b1000000-0000-4000-8000-0000000000a1');
SELECT pg_temp.check((SELECT "revoked" AND "expiresAt" < CURRENT_TIMESTAMP FROM "APIToken" WHERE "id" = 'b1000000-0000-4000-8000-0000000000a1'), 'token revoked');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("expiresAt"), pg_temp.t("revoked"), pg_temp.t("name"), pg_temp.t("tenantId")) FROM "APIToken" LIMIT 1),
  'uuid,timestamp without time zone,timestamp without time zone,timestamp without time zone,boolean,text,uuid'), 'APIToken types');
SELECT "id", "createdAt", "updatedAt", "expiresAt", "revoked", "name", "tenantId" FROM "APIToken" WHERE "id" = 'b1000000-0000-4000-8000-000000000002' OR ("tenantId" IS NULL AND "expiresAt" > now()::timestamp)
  OR "expiresAt" - "createdAt" > interval '300 days' OR upper("name") = 'CI';
UPDATE "APIToken" SET "createdAt" = CURRENT_TIMESTAMP, "updatedAt" = CURRENT_TIMESTAMP, "expiresAt" = CURRENT_TIMESTAMP, "revoked" = false, "name" = 'wl-token-2', "tenantId" = 'a1000000-0000-4000-8000-000000000002'
  WHERE "id" = 'b1000000-0000-4000-8000-0000000000a1';
UPDATE "APIToken" SET "expiresAt" = NULL, "name" = NULL, "tenantId" = NULL, "id" = 'b1000000-0000-4000-8000-0000000000a2' WHERE "id" = 'b1000000-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "APIToken" WHERE "id" = 'b1000000-0000-4000-8000-0000000000a2' AND "name" IS NULL AND "tenantId" IS NULL AND "expiresAt" IS NULL), 'token updated');
INSERT INTO "APIToken" ("id") VALUES ('b1000000-0000-4000-8000-0000000000a2') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "APIToken" ("id") VALUES ('b1000000-0000-4000-8000-0000000000a2') ON CONFLICT ON CONSTRAINT "APIToken_pkey" DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO "APIToken" ("id") VALUES ('b1000000-0000-4000-8000-0000000000a2')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "APIToken" ("id", "tenantId") VALUES ('b1000000-0000-4000-8000-0000000000a9', 'a1000000-0000-4000-8000-0000000000ff')$$, '23503');
DELETE FROM "APIToken" WHERE "tenantId" IS NULL AND "id" = 'b1000000-0000-4000-8000-0000000000a2';
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000c1', 'WL Cascade', 'wl-cascade');
EXECUTE create_api_token('b1000000-0000-4000-8000-0000000000a3', 'a1000000-0000-4000-8000-0000000000c1', 'wl-cascade', NULL);
DELETE FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000c1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "APIToken" WHERE "id" = 'b1000000-0000-4000-8000-0000000000a3'), 'tenant delete cascades to its tokens');
-- Boundary writes (rule B).
INSERT INTO "APIToken" ("id", "tenantId", "name", "expiresAt", "revoked") VALUES ('b1000000-0000-4000-8000-0000000000b1', 'a1000000-0000-4000-8000-000000000001', '', '1970-01-01 00:00:00', true),
  ('b1000000-0000-4000-8000-0000000000b2', 'a1000000-0000-4000-8000-000000000001', 'CI', '9999-12-31 23:59:59.999', false), ('b1000000-0000-4000-8000-0000000000b3', NULL, 'ci', NULL, false),
  ('b1000000-0000-4000-8000-0000000000b4', 'a1000000-0000-4000-8000-000000000001', repeat('k', 300), now()::timestamp, false);
-- step hatchet: events and event keys, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE create_event(uuid, timestamp, text, uuid, uuid, jsonb) AS INSERT INTO "Event" ("id", "createdAt", "updatedAt", "deletedAt", "key", "tenantId", "replayedFromId", "data")
  VALUES ($1::uuid, coalesce($2::timestamp, CURRENT_TIMESTAMP), CURRENT_TIMESTAMP, NULL, $3::text, $4::uuid, $5::uuid, $6::jsonb)
  RETURNING "id", "createdAt", "updatedAt", "deletedAt", "key", "tenantId", "replayedFromId", "data";
EXECUTE create_event('f1000000-0000-4000-8000-0000000000a1', NULL, 'wl:created', 'a1000000-0000-4000-8000-000000000002', NULL, '{"userId": 42, "tags": ["a", "b"]}');
EXECUTE create_event('f1000000-0000-4000-8000-0000000000a2', '2024-03-05 12:00:00.123', 'wl:created', 'a1000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-0000000000a1', NULL);
PREPARE get_event(uuid) AS SELECT "id", "createdAt", "updatedAt", "deletedAt", "key", "tenantId", "replayedFromId", "data" FROM "Event" WHERE "id" = $1::uuid;
EXECUTE get_event('f1000000-0000-4000-8000-0000000000a1');
PREPARE list_events(uuid, text[], timestamp) AS SELECT "id", "createdAt", "updatedAt", "deletedAt", "key", "tenantId", "replayedFromId", "data" FROM "Event"
  WHERE "tenantId" = $1::uuid AND "key" = ANY($2::text[]) AND "createdAt" > $3::timestamp AND "deletedAt" IS NULL ORDER BY "createdAt" DESC LIMIT 50;
EXECUTE list_events('a1000000-0000-4000-8000-000000000002', '{user:create,order:paid,wl:created}', '2024-01-01 00:00:00');
SELECT pg_temp.check(EXISTS (SELECT "id", "createdAt", "updatedAt", "deletedAt", "key", "tenantId", "replayedFromId", "data" FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a2' AND "key" = 'wl:created'
  AND "tenantId" = 'a1000000-0000-4000-8000-000000000002' AND "replayedFromId" = 'f1000000-0000-4000-8000-0000000000a1' AND "data" IS NULL AND "createdAt" = '2024-03-05 12:00:00.123' AND "deletedAt" IS NULL), 'replayed event as written');
SELECT pg_temp.check((SELECT "data"->'tags'->>1 FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a1') = 'b' AND (SELECT ("data"->>'userId')::int FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a1') = 42, 'event data as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("deletedAt"), pg_temp.t("key"), pg_temp.t("tenantId"), pg_temp.t("replayedFromId"), pg_temp.t("data"))
  FROM "Event" LIMIT 1), 'uuid,timestamp without time zone,timestamp without time zone,timestamp without time zone,text,uuid,uuid,jsonb'), 'Event types');
SELECT "id", "createdAt", "key", "tenantId", "replayedFromId", "data" FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-000000000010' OR "replayedFromId" = 'f1000000-0000-4000-8000-000000000001'
  OR ("data" @> '{"plan": "pro"}' AND "data" ? 'userId') OR ("createdAt" BETWEEN '2024-03-01 10:00:00' AND '2024-03-01 10:00:00'::timestamp + interval '10 seconds') OR split_part("key", ':', 1) = 'order';
SELECT "key", count(*), max("createdAt") FROM "Event" WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000001' AND "deletedAt" IS NULL GROUP BY "key";
UPDATE "Event" SET "createdAt" = CURRENT_TIMESTAMP, "updatedAt" = CURRENT_TIMESTAMP, "deletedAt" = CURRENT_TIMESTAMP, "key" = 'wl:changed', "tenantId" = 'a1000000-0000-4000-8000-000000000003',
  "replayedFromId" = 'f1000000-0000-4000-8000-000000000002', "data" = '{"v": 2}' WHERE "id" = 'f1000000-0000-4000-8000-0000000000a2';
UPDATE "Event" SET "deletedAt" = NULL, "replayedFromId" = NULL, "data" = NULL, "id" = 'f1000000-0000-4000-8000-0000000000a3' WHERE "id" = 'f1000000-0000-4000-8000-0000000000a2';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a3' AND "key" = 'wl:changed' AND "replayedFromId" IS NULL AND "data" IS NULL), 'event updated');
INSERT INTO "Event" ("id", "key", "tenantId") VALUES ('f1000000-0000-4000-8000-0000000000a3', 'x', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Event" ("id", "key", "tenantId") VALUES ('f1000000-0000-4000-8000-0000000000a3', 'x', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ON CONSTRAINT "Event_pkey" DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO "Event" ("id", "key", "tenantId") VALUES ('f1000000-0000-4000-8000-0000000000a3', 'dup', 'a1000000-0000-4000-8000-000000000001')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Event" ("id", "key", "tenantId") VALUES ('f1000000-0000-4000-8000-0000000000a9', 'fk', 'a1000000-0000-4000-8000-0000000000ff')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Event" ("id", "key", "tenantId", "replayedFromId") VALUES ('f1000000-0000-4000-8000-0000000000a9', 'fk', 'a1000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-0000000000ff')$$, '23503');
EXECUTE create_event('f1000000-0000-4000-8000-0000000000a4', NULL, 'wl:replay', 'a1000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-0000000000a1', '{}');
DELETE FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a1';
SELECT pg_temp.check((SELECT "replayedFromId" FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a4') IS NULL, 'event delete sets its replays'' replayedFromId to NULL');
DELETE FROM "Event" WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000003' AND "id" = 'f1000000-0000-4000-8000-0000000000a3';
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000c1', 'WL Cascade', 'wl-cascade');
EXECUTE create_event('f1000000-0000-4000-8000-0000000000a5', NULL, 'wl:cascade', 'a1000000-0000-4000-8000-0000000000c1', NULL, NULL);
DELETE FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000c1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Event" WHERE "id" = 'f1000000-0000-4000-8000-0000000000a5'), 'tenant delete cascades to its events');
-- The event keys.
PREPARE upsert_event_key(text, uuid) AS INSERT INTO "EventKey" ("key", "tenantId") VALUES ($1::text, $2::uuid) ON CONFLICT ("key", "tenantId") DO NOTHING;
EXECUTE upsert_event_key('wl:created', 'a1000000-0000-4000-8000-000000000002');
EXECUTE upsert_event_key('wl:created', 'a1000000-0000-4000-8000-000000000002');
PREPARE list_event_keys(uuid) AS SELECT "key", "tenantId" FROM "EventKey" WHERE "tenantId" = $1::uuid ORDER BY "key" ASC;
EXECUTE list_event_keys('a1000000-0000-4000-8000-000000000002');
SELECT pg_temp.check((SELECT count(*) FROM "EventKey" WHERE "key" = 'wl:created' AND "tenantId" = 'a1000000-0000-4000-8000-000000000002') = 1, 'event key as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("key"), pg_temp.t("tenantId")) FROM "EventKey" LIMIT 1), 'text,uuid'), 'EventKey types');
SELECT "key", "tenantId" FROM "EventKey" WHERE "key" = 'order:paid' OR ("key" LIKE 'billing:%' AND "tenantId" = 'a1000000-0000-4000-8000-000000000002') OR lower("key") LIKE 'billing%' OR "key" = '';
UPDATE "EventKey" SET "key" = 'wl:renamed', "tenantId" = 'a1000000-0000-4000-8000-000000000003' WHERE "key" = 'wl:created';
INSERT INTO "EventKey" ("key", "tenantId") VALUES ('wl:renamed', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ("key") DO NOTHING;
INSERT INTO "EventKey" ("key", "tenantId") VALUES ('wl:renamed', 'a1000000-0000-4000-8000-000000000001') ON CONFLICT ON CONSTRAINT "EventKey_pkey" DO NOTHING;
SELECT pg_temp.check((SELECT "tenantId" FROM "EventKey" WHERE "key" = 'wl:renamed') = 'a1000000-0000-4000-8000-000000000003', 'event key updated');
SELECT pg_temp.refused($$INSERT INTO "EventKey" ("key", "tenantId") VALUES ('wl:renamed', 'a1000000-0000-4000-8000-000000000003')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "EventKey" ("key", "tenantId") VALUES ('wl:renamed', 'a1000000-0000-4000-8000-000000000001')$$, '23505');
DELETE FROM "EventKey" WHERE "key" = 'wl:renamed';
-- Boundary writes (rule B).
INSERT INTO "Event" ("id", "createdAt", "updatedAt", "key", "tenantId", "replayedFromId", "data") VALUES
  ('f1000000-0000-4000-8000-0000000000b1', '1970-01-01 00:00:00', '1970-01-01 00:00:00', '', 'a1000000-0000-4000-8000-000000000001', NULL, 'null'),
  ('f1000000-0000-4000-8000-0000000000b2', '2099-12-31 23:59:59.999', now()::timestamp, 'USER:CREATE', 'a1000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000002', '[]'),
  ('f1000000-0000-4000-8000-0000000000b3', now()::timestamp, now()::timestamp, repeat('k', 500), 'a1000000-0000-4000-8000-000000000002', NULL, '{"nested": {"deep": [1, 2, {"x": null}]}, "unicode": "ünïcode"}'),
  ('f1000000-0000-4000-8000-0000000000b4', now()::timestamp, now()::timestamp, 'user:create', 'a1000000-0000-4000-8000-000000000002', NULL, '{"userId": 1, "plan": "pro"}'),
  ('f1000000-0000-4000-8000-0000000000b5', now()::timestamp, now()::timestamp, 'user:create', 'a1000000-0000-4000-8000-000000000002', NULL, '{"userId": 1, "plan": "pro"}');
INSERT INTO "EventKey" ("key", "tenantId") VALUES ('WL:UPPER', 'a1000000-0000-4000-8000-000000000001'), (repeat('k', 500), 'a1000000-0000-4000-8000-000000000002'), ('wl:ünïcode key', 'a1000000-0000-4000-8000-000000000004');
-- step hatchet: queue items, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE create_queue_item(uuid, uuid, text, timestamp, text, integer, boolean, uuid, text, "StickyStrategy", uuid) AS INSERT INTO "QueueItem" ("stepRunId", "stepId", "actionId", "scheduleTimeoutAt", "stepTimeout", "priority", "isQueued", "tenantId", "queue", "sticky", "desiredWorkerId")
  VALUES ($1::uuid, $2::uuid, $3::text, $4::timestamp, $5::text, $6::integer, $7::boolean, $8::uuid, $9::text, $10::"StickyStrategy", $11::uuid) RETURNING "id";
EXECUTE create_queue_item('51000000-0000-4000-8000-0000000000a1', '52000000-0000-4000-8000-000000000001', 'wl:step', now()::timestamp + interval '5 minutes', '60s', 4, true, 'a1000000-0000-4000-8000-000000000002', 'wl:step', 'SOFT', 'e1000000-0000-4000-8000-000000000002');
SELECT pg_temp.check(EXISTS (SELECT "id", "stepRunId", "stepId", "actionId", "scheduleTimeoutAt", "stepTimeout", "priority", "isQueued", "tenantId", "queue", "sticky", "desiredWorkerId" FROM "QueueItem"
  WHERE "id" = currval(pg_get_serial_sequence('"QueueItem"', 'id')) AND "stepRunId" = '51000000-0000-4000-8000-0000000000a1' AND "stepId" = '52000000-0000-4000-8000-000000000001' AND "actionId" = 'wl:step'
  AND "scheduleTimeoutAt" > now()::timestamp AND "stepTimeout" = '60s' AND "priority" = 4 AND "isQueued" AND "tenantId" = 'a1000000-0000-4000-8000-000000000002' AND "queue" = 'wl:step' AND "sticky" = 'SOFT'
  AND "desiredWorkerId" = 'e1000000-0000-4000-8000-000000000002'), 'queue item as written');
EXECUTE create_queue_item('51000000-0000-4000-8000-0000000000a2', NULL, NULL, NULL, NULL, 1, true, 'a1000000-0000-4000-8000-000000000002', 'wl:step', NULL, NULL);
SELECT pg_temp.check((SELECT "stepRunId" FROM "QueueItem" WHERE "id" = currval(pg_get_serial_sequence('"QueueItem"', 'id'))) = '51000000-0000-4000-8000-0000000000a2', 'queue item id from the sequence');
PREPARE list_queue_items(uuid, text, bigint, integer) AS SELECT "id", "stepRunId", "stepId", "actionId", "scheduleTimeoutAt", "stepTimeout", "priority", "isQueued", "tenantId", "queue", "sticky", "desiredWorkerId" FROM "QueueItem"
  WHERE "isQueued" = true AND "tenantId" = $1::uuid AND "queue" = $2::text AND "id" >= $3::bigint AND ("scheduleTimeoutAt" IS NULL OR "scheduleTimeoutAt" > now()::timestamp) ORDER BY "priority" DESC, "id" ASC LIMIT $4;
EXECUTE list_queue_items('a1000000-0000-4000-8000-000000000002', 'wl:step', 0, 100);
SELECT pg_temp.check((SELECT array_agg("stepRunId"::text ORDER BY "priority" DESC, "id") FROM "QueueItem" WHERE "isQueued" AND "tenantId" = 'a1000000-0000-4000-8000-000000000002' AND "queue" = 'wl:step')
  = '{51000000-0000-4000-8000-0000000000a1,51000000-0000-4000-8000-0000000000a2}', 'queue order by priority');
PREPARE bulk_unqueue(bigint[]) AS UPDATE "QueueItem" SET "isQueued" = false WHERE "id" = ANY($1::bigint[]);
EXECUTE bulk_unqueue(ARRAY[currval(pg_get_serial_sequence('"QueueItem"', 'id'))]);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("stepRunId"), pg_temp.t("stepId"), pg_temp.t("actionId"), pg_temp.t("scheduleTimeoutAt"), pg_temp.t("stepTimeout"), pg_temp.t("priority"), pg_temp.t("isQueued"),
  pg_temp.t("tenantId"), pg_temp.t("queue"), pg_temp.t("sticky"), pg_temp.t("desiredWorkerId")) FROM "QueueItem" LIMIT 1),
  'bigint,uuid,uuid,text,timestamp without time zone,text,integer,boolean,uuid,text,"StickyStrategy",uuid'), 'QueueItem types');
SELECT "id", "stepRunId", "stepId", "actionId", "scheduleTimeoutAt", "stepTimeout", "priority", "isQueued", "tenantId", "queue", "sticky", "desiredWorkerId" FROM "QueueItem" WHERE "id" = 3
  OR ("isQueued" AND "priority" >= 3 AND "tenantId" = 'a1000000-0000-4000-8000-000000000001' AND "queue" = 'etl:load') OR "sticky" = 'HARD' OR "desiredWorkerId" IS NOT NULL
  OR "scheduleTimeoutAt" < now()::timestamp - interval '1 day' OR "stepTimeout" = '60s' OR split_part("actionId", ':', 1) = 'etl';
SELECT "tenantId", "queue", count(*), max("priority") FROM "QueueItem" WHERE "isQueued" GROUP BY "tenantId", "queue";
UPDATE "QueueItem" SET "stepRunId" = '51000000-0000-4000-8000-0000000000a3', "stepId" = '52000000-0000-4000-8000-000000000002', "actionId" = 'wl:step2', "scheduleTimeoutAt" = now()::timestamp, "stepTimeout" = '5m', "priority" = 2,
  "isQueued" = false, "tenantId" = 'a1000000-0000-4000-8000-000000000003', "queue" = 'wl:step2', "sticky" = 'HARD', "desiredWorkerId" = 'e1000000-0000-4000-8000-000000000004' WHERE "stepRunId" = '51000000-0000-4000-8000-0000000000a1';
UPDATE "QueueItem" SET "stepRunId" = NULL, "stepId" = NULL, "actionId" = NULL, "scheduleTimeoutAt" = NULL, "stepTimeout" = NULL, "sticky" = NULL, "desiredWorkerId" = NULL WHERE "queue" = 'wl:step2';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "QueueItem" WHERE "queue" = 'wl:step2' AND "priority" = 2 AND "stepRunId" IS NULL AND "sticky" IS NULL AND NOT "isQueued"), 'queue item updated');
INSERT INTO "QueueItem" ("id", "priority", "isQueued", "tenantId", "queue") VALUES (1, 1, false, 'a1000000-0000-4000-8000-000000000001', 'x') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "QueueItem" ("id", "priority", "isQueued", "tenantId", "queue") VALUES (1, 1, false, 'a1000000-0000-4000-8000-000000000001', 'x') ON CONFLICT ON CONSTRAINT "QueueItem_pkey" DO NOTHING;
SELECT pg_temp.refused(format($$INSERT INTO "QueueItem" ("id", "priority", "isQueued", "tenantId", "queue") VALUES (%s, 1, false, 'a1000000-0000-4000-8000-000000000001', 'dup')$$, currval(pg_get_serial_sequence('"QueueItem"', 'id'))), '23505');
DELETE FROM "QueueItem" WHERE "queue" = 'wl:step2';
DELETE FROM "QueueItem" WHERE "id" = currval(pg_get_serial_sequence('"QueueItem"', 'id'));
-- Boundary writes (rule B).
INSERT INTO "QueueItem" ("stepRunId", "stepId", "actionId", "scheduleTimeoutAt", "stepTimeout", "priority", "isQueued", "tenantId", "queue", "sticky", "desiredWorkerId") VALUES
  (NULL, NULL, '', '1970-01-01 00:00:00', '', 0, true, 'a1000000-0000-4000-8000-000000000001', '', 'SOFT', NULL),
  ('51000000-0000-4000-8000-0000000000b2', NULL, 'ETL:LOAD', now()::timestamp, '0s', -1, true, 'a1000000-0000-4000-8000-0000000000ff', 'ETL:LOAD', 'HARD', 'e1000000-0000-4000-8000-0000000000ff'),
  ('51000000-0000-4000-8000-0000000000b3', '52000000-0000-4000-8000-000000000001', 'default:step1', NULL, '60s', 2147483647, false, 'a1000000-0000-4000-8000-000000000002', 'default:step1', NULL, NULL),
  ('51000000-0000-4000-8000-0000000000b3', '52000000-0000-4000-8000-000000000001', 'default:step1', NULL, '60s', 2147483647, false, 'a1000000-0000-4000-8000-000000000002', 'default:step1', NULL, NULL);
-- step hatchet: tenant resource limits, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE upsert_limit(uuid, "LimitResource", integer, integer, text, boolean) AS INSERT INTO "TenantResourceLimit" ("id", "tenantId", "resource", "value", "limitValue", "alarmValue", "window", "customValueMeter", "lastRefill")
  VALUES (gen_random_uuid(), $1::uuid, $2::"LimitResource", 0, $3::int, NULLIF($4::int, 0), NULLIF($5::text, ''), $6::boolean, CURRENT_TIMESTAMP)
  ON CONFLICT ("tenantId", "resource") DO UPDATE SET "limitValue" = EXCLUDED."limitValue", "alarmValue" = EXCLUDED."alarmValue", "window" = EXCLUDED."window", "customValueMeter" = EXCLUDED."customValueMeter", "updatedAt" = CURRENT_TIMESTAMP
  RETURNING "id";
EXECUTE upsert_limit('a1000000-0000-4000-8000-000000000003', 'WORKFLOW_RUN', 500, 400, '1h', false);
EXECUTE upsert_limit('a1000000-0000-4000-8000-000000000003', 'WORKFLOW_RUN', 600, 0, '', false);
EXECUTE upsert_limit('a1000000-0000-4000-8000-000000000003', 'EVENT', 100, 80, '24h', false);
PREPARE list_limits(uuid) AS SELECT "id", "createdAt", "updatedAt", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter" FROM "TenantResourceLimit" WHERE "tenantId" = $1::uuid;
EXECUTE list_limits('a1000000-0000-4000-8000-000000000003');
SELECT pg_temp.check(EXISTS (SELECT "id", "createdAt", "updatedAt", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter" FROM "TenantResourceLimit"
  WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000003' AND "resource" = 'WORKFLOW_RUN' AND "limitValue" = 600 AND "alarmValue" IS NULL AND "window" IS NULL AND "value" = 0 AND NOT "customValueMeter"), 'limit as written and upserted');
PREPARE meter(uuid, "LimitResource", int) AS UPDATE "TenantResourceLimit" SET "value" = CASE WHEN ("customValueMeter" = true OR ("window" IS NOT NULL AND "window" != '' AND NOW() - "lastRefill" >= "window"::INTERVAL)) THEN 0
  ELSE "value" + $3::int END, "lastRefill" = CASE WHEN ("window" IS NOT NULL AND "window" != '' AND NOW() - "lastRefill" >= "window"::INTERVAL) THEN CURRENT_TIMESTAMP ELSE "lastRefill" END
  WHERE "tenantId" = $1::uuid AND "resource" = $2::"LimitResource" RETURNING "value", "limitValue", "alarmValue";
EXECUTE meter('a1000000-0000-4000-8000-000000000003', 'EVENT', 3);
EXECUTE meter('a1000000-0000-4000-8000-000000000003', 'EVENT', 4);
SELECT pg_temp.check((SELECT "value" FROM "TenantResourceLimit" WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000003' AND "resource" = 'EVENT') = 7, 'limit metered');
PREPARE get_limit(uuid, "LimitResource") AS WITH updated AS (UPDATE "TenantResourceLimit" SET "value" = 0, "lastRefill" = CURRENT_TIMESTAMP WHERE "tenantId" = $1::uuid
      AND (("window" IS NOT NULL AND "window" != '' AND NOW() - "lastRefill" >= "window"::INTERVAL)) AND "resource" = $2::"LimitResource" AND "customValueMeter" = false
    RETURNING "id", "createdAt", "updatedAt", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter")
  SELECT "id", "createdAt", "updatedAt", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter" FROM updated UNION ALL
  SELECT "id", "createdAt", "updatedAt", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter" FROM "TenantResourceLimit"
  WHERE "tenantId" = $1::uuid AND "resource" = $2::"LimitResource" AND NOT EXISTS (SELECT 1 FROM updated);
EXECUTE get_limit('a1000000-0000-4000-8000-000000000001', 'WORKFLOW_RUN');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("resource"), pg_temp.t("tenantId"), pg_temp.t("limitValue"), pg_temp.t("alarmValue"), pg_temp.t("value"),
  pg_temp.t("window"), pg_temp.t("lastRefill"), pg_temp.t("customValueMeter")) FROM "TenantResourceLimit" LIMIT 1),
  'uuid,timestamp without time zone,timestamp without time zone,"LimitResource",uuid,integer,integer,integer,text,timestamp without time zone,boolean'), 'TenantResourceLimit types');
SELECT "id", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter" FROM "TenantResourceLimit" WHERE "id" = '71000000-0000-4000-8000-000000000004'
  OR ("tenantId" = 'a1000000-0000-4000-8000-000000000001' AND "resource" = 'WORKER') OR "value" >= "alarmValue" OR ("window" IS NOT NULL AND "window" != '' AND "lastRefill" + "window"::interval < now()::timestamp);
UPDATE "TenantResourceLimit" SET "createdAt" = CURRENT_TIMESTAMP, "updatedAt" = CURRENT_TIMESTAMP, "resource" = 'CRON', "tenantId" = 'a1000000-0000-4000-8000-000000000004', "limitValue" = 7, "alarmValue" = 6, "value" = 1, "window" = '1h',
  "lastRefill" = CURRENT_TIMESTAMP, "customValueMeter" = true WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000003' AND "resource" = 'EVENT';
UPDATE "TenantResourceLimit" SET "alarmValue" = NULL, "window" = NULL WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000004' AND "resource" = 'CRON';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "TenantResourceLimit" WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000004' AND "resource" = 'CRON' AND "alarmValue" IS NULL AND "window" IS NULL AND "customValueMeter"), 'limit updated');
INSERT INTO "TenantResourceLimit" ("id", "resource", "tenantId", "limitValue") VALUES ('71000000-0000-4000-8000-000000000001', 'CRON', 'a1000000-0000-4000-8000-000000000001', 1) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "TenantResourceLimit" ("id", "resource", "tenantId", "limitValue") VALUES ('71000000-0000-4000-8000-000000000001', 'CRON', 'a1000000-0000-4000-8000-000000000001', 1) ON CONFLICT ON CONSTRAINT "TenantResourceLimit_pkey" DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO "TenantResourceLimit" ("id", "resource", "tenantId", "limitValue") VALUES ('71000000-0000-4000-8000-000000000001', 'CRON', 'a1000000-0000-4000-8000-000000000001', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "TenantResourceLimit" ("id", "resource", "tenantId", "limitValue") VALUES (gen_random_uuid(), 'CRON', 'a1000000-0000-4000-8000-000000000004', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "TenantResourceLimit" ("id", "resource", "tenantId", "limitValue") VALUES (gen_random_uuid(), 'CRON', 'a1000000-0000-4000-8000-0000000000ff', 1)$$, '23503');
DELETE FROM "TenantResourceLimit" WHERE "tenantId" = 'a1000000-0000-4000-8000-000000000004' AND "resource" = 'CRON';
INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('a1000000-0000-4000-8000-0000000000c1', 'WL Cascade', 'wl-cascade');
EXECUTE upsert_limit('a1000000-0000-4000-8000-0000000000c1', 'WORKER', 4, 2, NULL, true);
DELETE FROM "Tenant" WHERE "id" = 'a1000000-0000-4000-8000-0000000000c1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "TenantResourceLimit" WHERE "tenantId" = 'a1000000-0000-4000-8000-0000000000c1'), 'tenant delete cascades to its limits');
-- Boundary writes (rule B).
INSERT INTO "TenantResourceLimit" ("id", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter") VALUES
  ('71000000-0000-4000-8000-0000000000b1', 'WORKFLOW_RUN', 'a1000000-0000-4000-8000-000000000004', 0, 0, 0, '', '1970-01-01 00:00:00', false),
  ('71000000-0000-4000-8000-0000000000b2', 'EVENT', 'a1000000-0000-4000-8000-000000000004', -1, -1, -1, '0s', now()::timestamp, true),
  ('71000000-0000-4000-8000-0000000000b3', 'WORKER', 'a1000000-0000-4000-8000-000000000004', 2147483647, 2147483647, 2147483647, '720H', now()::timestamp, false),
  ('71000000-0000-4000-8000-0000000000b4', 'CRON', 'a1000000-0000-4000-8000-000000000004', 5, 4, 1, NULL, now()::timestamp, true),
  ('71000000-0000-4000-8000-0000000000b5', 'SCHEDULE', 'a1000000-0000-4000-8000-000000000004', 5, 4, 1, NULL, now()::timestamp, true);
