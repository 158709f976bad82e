-- The serving versions' ordinary statements (Concourse's ATC before each of its migrations,
-- River's client before each of its own), one statement group per "-- step", each run as
-- {{role}} in a transaction rolled back after it, against the OLD schema. This is the fixed
-- catalogue of HOLDOUT8.md (written before the migration cases), for every table, function,
-- trigger, type and sequence the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (json/jsonb
--     operators on Concourse's JSON-in-text and json columns and River's jsonb, array
--     operators on River's tags and errors, text functions, interval arithmetic on timestamps,
--     comparisons with parameters of the column's declared type). Every read must not fail, and
--     its columns' types are asserted (pg_temp.same, rule T: widening within a type family is
--     the same type, so int2 -> int4 -> int8, varchar(n) -> varchar(m>n) -> varchar -> text and
--     numeric(p,s) -> numeric(p'>p,s) pass, any other type change is a change of form). VALUES
--     are asserted only on rows the step itself writes after the migration (rule D);
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their
--     defaults, parameters bound as the columns' OLD declared types (PREPARE with declared
--     types), ids from the serial sequences. The value a default gives is NOT asserted;
--  3. updates of each column, nullable ones also set to NULL (rule N), deletes by key, and
--     deletes of parent rows asserting their ON DELETE effect; then boundary writes (rule B),
--     one block at the end of each step: '' for text, 0 and a negative number for numbers, an
--     id of no row where no foreign key checks it, upper-case or odd values, and a second row
--     duplicating another's values where no unique constraint or index covers them; never a
--     write the old schema refuses;
--  4. INSERT ... ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary-key constraint/index (23505) and
--     each foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the ON
--     DELETE effects of item 3. Not CHECK, NOT NULL or domain constraints, varchar lengths or
--     enum membership;
--  6. sequences: the next insert after the migration only (an insert in flight across the
--     migration is NOT covered: holdMeasure keeps no session across the statement), and
--     Concourse's per-build build_event_id_seq_<id> sequences of started builds;
--  7. calls of the functions and triggers the old schema defines, as the apps rely on them:
--     Concourse's on_pipeline_delete trigger (a deleted pipeline is recorded in
--     deleted_pipelines for the collector). River's river_notify trigger only sends a
--     notification at commit, which no step can see (every step is rolled back): its firing
--     is not covered, only that inserts into river_job still work;
--  8. the rows data.sql wrote are all still there: the first step checks, for every table the
--     serving versions read, that count(*) is at least the number of rows data.sql put in it.
-- step rows data.sql wrote are still there
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check((SELECT count(*) FROM teams) >= 5, 'teams rows');
SELECT pg_temp.check((SELECT count(*) FROM pipelines) >= 10, 'pipelines rows');
SELECT pg_temp.check((SELECT count(*) FROM deleted_pipelines) >= 3, 'deleted_pipelines rows');
SELECT pg_temp.check((SELECT count(*) FROM pipes) >= 5, 'pipes rows');
SELECT pg_temp.check((SELECT count(*) FROM jobs) >= 20, 'jobs rows');
SELECT pg_temp.check((SELECT count(*) FROM builds) >= 110, 'builds rows');
SELECT pg_temp.check((SELECT count(*) FROM workers) >= 6, 'workers rows');
SELECT pg_temp.check((SELECT count(*) FROM resources) >= 20, 'resources rows');
SELECT pg_temp.check((SELECT count(*) FROM resource_config_versions) >= 60, 'resource_config_versions rows');
SELECT pg_temp.check((SELECT count(*) FROM river_migration) >= 2, 'river_migration rows');
SELECT pg_temp.check((SELECT count(*) FROM river_job) >= 50, 'river_job rows');
SELECT pg_temp.check((SELECT count(*) FROM river_leader) >= 1, 'river_leader rows');
SELECT pg_temp.check((SELECT count(*) FROM river_queue) >= 2, 'river_queue rows');
-- step concourse: teams and pipes, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_team(text, json, boolean, text, text) AS INSERT INTO teams (name, basic_auth, admin, auth, nonce) VALUES ($1, $2, $3, $4, $5) RETURNING id;
EXECUTE add_team('newteam', '{"basic_auth_username": "u"}', false, '{"users": ["local:alice"], "groups": ["github:org"]}', 'nonce1');
EXECUTE add_team('otherteam', NULL, NULL, NULL, NULL);
INSERT INTO teams (name) VALUES ('MAIN') ON CONFLICT ((lower(name))) DO NOTHING;
INSERT INTO teams (id, name) VALUES (1, 'zz') ON CONFLICT (id) DO NOTHING;
INSERT INTO teams (id, name) VALUES (1, 'zz') ON CONFLICT ON CONSTRAINT teams_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, name, basic_auth, admin, auth, nonce FROM teams WHERE name = 'newteam' AND basic_auth->>'basic_auth_username' = 'u' AND NOT admin
  AND auth::json->'users'->>0 = 'local:alice' AND auth LIKE '%github:org%' AND nonce = 'nonce1' AND lower(name) = 'newteam'), 'team as written');
PREPARE set_team(text, json, boolean, text, text, text) AS UPDATE teams SET name = $1, basic_auth = $2, admin = $3, auth = $4, nonce = $5 WHERE name = $6;
EXECUTE set_team('newteam2', '{"basic_auth_username": "v"}', true, '{"users": [], "groups": []}', 'nonce2', 'newteam');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM teams WHERE name = 'newteam2' AND basic_auth->>'basic_auth_username' = 'v' AND admin AND auth::json->'users' IS NOT NULL AND nonce = 'nonce2'), 'team updated');
UPDATE teams SET basic_auth = NULL, admin = NULL, auth = NULL, nonce = NULL WHERE name = 'newteam2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(basic_auth), pg_temp.t(admin), pg_temp.t(auth), pg_temp.t(nonce)) FROM teams WHERE id = 1),
  'integer,text,json,boolean,text,text'), 'teams types');
SELECT id, name, basic_auth, admin, auth, nonce FROM teams WHERE id = 2 OR lower(name) = lower('MAIN') OR name = 'team3';
SELECT id, name, auth::json FROM teams WHERE auth IS NOT NULL AND id < 6;
SELECT pg_temp.refused($$INSERT INTO teams (name) VALUES ('Main')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO teams (id, name) VALUES (1, 'dup-id')$$, '23505');
PREPARE add_pipe(text, text, integer) AS INSERT INTO pipes (id, url, team_id) VALUES ($1, $2, $3);
EXECUTE add_pipe('pipe-new', 'http://atc.example:8080/api/v1/pipes/pipe-new', 1);
INSERT INTO pipes (id, url, team_id) VALUES ('pipe-1', 'x', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO pipes (id, url, team_id) VALUES ('pipe-1', 'x', 1) ON CONFLICT ON CONSTRAINT pipes_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, url, team_id FROM pipes WHERE id = 'pipe-new' AND url LIKE 'http://atc.example%' AND team_id = 1), 'pipe as written');
UPDATE pipes SET url = 'http://atc2.example/api/v1/pipes/pipe-new', team_id = 2 WHERE id = 'pipe-new';
UPDATE pipes SET url = NULL WHERE id = 'pipe-new';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(url), pg_temp.t(team_id)) FROM pipes WHERE id = 'pipe-2'), 'text,text,integer'), 'pipes types');
SELECT id, url, team_id FROM pipes WHERE id = 'pipe-3' OR team_id = 2;
SELECT pg_temp.refused($$INSERT INTO pipes (id, url, team_id) VALUES ('pipe-1', 'x', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO pipes (id, url, team_id) VALUES ('pipe-fk', 'x', 9999)$$, '23503');
DELETE FROM pipes WHERE id = 'pipe-4';
DELETE FROM teams WHERE name = 'team5';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM pipelines WHERE team_id = 5) AND NOT EXISTS (SELECT 1 FROM builds WHERE team_id = 5) AND NOT EXISTS (SELECT 1 FROM pipes WHERE team_id = 5)
  AND NOT EXISTS (SELECT 1 FROM jobs WHERE pipeline_id IN (9, 10)) AND NOT EXISTS (SELECT 1 FROM resources WHERE pipeline_id IN (9, 10)), 'team delete cascades');
SELECT pg_temp.check((SELECT count(*) FROM deleted_pipelines WHERE id IN (9, 10)) = 2, 'the pipelines deleted with the team are recorded');
-- Boundary writes (rule B).
INSERT INTO teams (name, basic_auth, admin, auth, nonce) VALUES ('X', '{}', false, '', ''), ('TEAM-UPPER', '{"basic_auth_username": "u"}', false, '{"users": ["local:alice"], "groups": []}', 'nonce1'),
  ('team-dup', '{"basic_auth_username": "u"}', false, '{"users": ["local:alice"], "groups": []}', 'nonce1');
INSERT INTO pipes (id, url, team_id) VALUES ('', '', 1), ('PIPE-UPPER', 'http://atc.example:8080/api/v1/pipes/dup', 1), ('pipe-dup', 'http://atc.example:8080/api/v1/pipes/dup', 1);
-- step concourse: pipelines and deleted pipelines, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_pipeline(text, integer, boolean, integer, boolean, json, integer) AS INSERT INTO pipelines (name, team_id, paused, ordering, public, groups, version) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id;
EXECUTE add_pipeline('newpipeline', 1, true, 11, false, '[{"name": "g", "jobs": ["a"]}]', 1);
INSERT INTO pipelines (name, team_id, ordering) VALUES ('pipeline1', 1, 1) ON CONFLICT (name, team_id) DO UPDATE SET version = pipelines.version + 1;
INSERT INTO pipelines (name, team_id, ordering) VALUES ('pipeline1', 1, 1) ON CONFLICT ON CONSTRAINT pipelines_name_team_id DO UPDATE SET version = pipelines.version + 1;
INSERT INTO pipelines (id, name, team_id) VALUES (1, 'zz', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO pipelines (id, name, team_id) VALUES (1, 'zz', 1) ON CONFLICT ON CONSTRAINT pipelines_pkey DO NOTHING;
PREPARE set_pipeline(text, boolean, integer, timestamp, integer, boolean, json, integer, text) AS UPDATE pipelines SET name = $1, paused = $2, ordering = $3, last_scheduled = $4, team_id = $5,
  public = $6, groups = $7, version = $8 WHERE name = $9;
EXECUTE set_pipeline('renamedpipeline', false, 12, '2024-06-01 12:00:00', 2, true, '[]', 2, 'newpipeline');
SELECT pg_temp.check(EXISTS (SELECT version, id, name, paused, ordering, last_scheduled, team_id, public, groups FROM pipelines WHERE name = 'renamedpipeline' AND NOT paused AND ordering = 12
  AND last_scheduled = '2024-06-01 12:00:00'::timestamp AND last_scheduled + interval '1 hour' > '2024-06-01 12:30:00'::timestamp AND team_id = 2 AND public
  AND json_array_length(groups) = 0 AND version + 1 = 3), 'pipeline as written');
UPDATE pipelines SET paused = NULL, groups = NULL WHERE name = 'renamedpipeline';
UPDATE pipelines SET last_scheduled = now() WHERE id = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(version), pg_temp.t(id), pg_temp.t(name), pg_temp.t(paused), pg_temp.t(ordering), pg_temp.t(last_scheduled), pg_temp.t(team_id),
  pg_temp.t(public), pg_temp.t(groups)) FROM pipelines WHERE id = 3), 'integer,integer,text,boolean,integer,timestamp without time zone,integer,boolean,json'), 'pipelines types');
SELECT version, id, name, paused, ordering, last_scheduled, team_id, public, groups FROM pipelines WHERE id = 4 OR team_id = 2 AND name = 'pipeline3' OR last_scheduled < '2025-01-01'::timestamp ORDER BY ordering;
SELECT id, name, groups->0->>'name' FROM pipelines WHERE groups IS NOT NULL;
SELECT pg_temp.refused($$INSERT INTO pipelines (name, team_id) VALUES ('pipeline1', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO pipelines (id, name, team_id) VALUES (1, 'dup-id', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO pipelines (name, team_id) VALUES ('p-fk', 9999)$$, '23503');
DELETE FROM pipelines WHERE id = 4;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM jobs WHERE pipeline_id = 4) AND NOT EXISTS (SELECT 1 FROM resources WHERE pipeline_id = 4) AND NOT EXISTS (SELECT 1 FROM builds WHERE pipeline_id = 4), 'pipeline delete cascades');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM deleted_pipelines WHERE id = 4), 'on_pipeline_delete recorded pipeline 4');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(deleted_at)) FROM deleted_pipelines WHERE id = 4), 'integer,timestamp without time zone'), 'deleted_pipelines types');
SELECT id, deleted_at FROM deleted_pipelines WHERE id = 101 OR deleted_at < now() - interval '1 minute';
DELETE FROM deleted_pipelines WHERE id = 102;
-- Boundary writes (rule B).
INSERT INTO pipelines (name, team_id, paused, ordering, public, groups, version) VALUES ('', 1, false, 0, false, '[]', 0), ('PIPELINE-UPPER', 1, true, -1, true, '[]', -1),
  ('pipeline-dup', 1, true, -1, true, '[]', -1);
UPDATE pipelines SET last_scheduled = '0001-01-01 00:00:00' WHERE name = 'pipeline-dup';
-- step concourse: jobs, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_job(text, integer, text, boolean, boolean, text) AS INSERT INTO jobs (name, pipeline_id, config, active, interruptible, nonce) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id;
EXECUTE add_job('newjob', 1, '{"name": "newjob", "plan": [{"get": "repo"}]}', true, false, 'nonce1');
INSERT INTO jobs (name, pipeline_id, config, active) VALUES ('job1', 1, '{}', true) ON CONFLICT (pipeline_id, name) DO UPDATE SET config = EXCLUDED.config, active = true;
INSERT INTO jobs (name, pipeline_id, config, active) VALUES ('job1', 1, '{}', true) ON CONFLICT ON CONSTRAINT jobs_unique_pipeline_id_name DO UPDATE SET active = true;
INSERT INTO jobs (id, name, pipeline_id, config) VALUES (1, 'zz', 1, '{}') ON CONFLICT (id) DO NOTHING;
INSERT INTO jobs (id, name, pipeline_id, config) VALUES (1, 'zz', 1, '{}') ON CONFLICT ON CONSTRAINT jobs_pkey DO NOTHING;
PREPARE next_build_number(integer) AS UPDATE jobs SET build_number_seq = build_number_seq + 1 WHERE id = $1 RETURNING build_number_seq;
EXECUTE next_build_number(1);
PREPARE set_job(text, boolean, integer, integer, boolean, boolean, text, boolean, boolean, text, text) AS UPDATE jobs SET name = $1, paused = $2, pipeline_id = $3, first_logged_build_id = $4,
  inputs_determined = $5, max_in_flight_reached = $6, config = $7, active = $8, interruptible = $9, nonce = $10 WHERE name = $11;
EXECUTE set_job('renamedjob', true, 2, 3, true, true, '{"name": "renamedjob", "plan": []}', false, true, 'nonce2', 'newjob');
SELECT pg_temp.check(EXISTS (SELECT name, build_number_seq, paused, id, pipeline_id, first_logged_build_id, inputs_determined, max_in_flight_reached, config, active, interruptible, nonce
  FROM jobs WHERE name = 'renamedjob' AND build_number_seq = 0 AND paused AND pipeline_id = 2 AND first_logged_build_id + 1 = 4 AND inputs_determined AND max_in_flight_reached
  AND config::json->>'name' = 'renamedjob' AND NOT active AND interruptible AND nonce = 'nonce2'), 'job as written');
UPDATE jobs SET paused = NULL, nonce = NULL WHERE name = 'renamedjob';
UPDATE jobs SET build_number_seq = 0, first_logged_build_id = 0 WHERE name = 'renamedjob';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(name), pg_temp.t(build_number_seq), pg_temp.t(paused), pg_temp.t(id), pg_temp.t(pipeline_id), pg_temp.t(first_logged_build_id),
  pg_temp.t(inputs_determined), pg_temp.t(max_in_flight_reached), pg_temp.t(config), pg_temp.t(active), pg_temp.t(interruptible), pg_temp.t(nonce)) FROM jobs WHERE id = 1),
  'text,integer,boolean,integer,integer,integer,boolean,boolean,text,boolean,boolean,text'), 'jobs types');
SELECT name, build_number_seq, paused, id, pipeline_id, first_logged_build_id, inputs_determined, max_in_flight_reached, config, active, interruptible, nonce FROM jobs
  WHERE id = 2 OR pipeline_id = 3 AND name = 'job1' OR pipeline_id = 5;
SELECT pg_temp.refused($$INSERT INTO jobs (name, pipeline_id, config) VALUES ('job1', 1, '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO jobs (id, name, pipeline_id, config) VALUES (1, 'dup-id', 1, '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO jobs (name, pipeline_id, config) VALUES ('j-fk', 9999, '{}')$$, '23503');
DELETE FROM jobs WHERE id = 6;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM builds WHERE job_id = 6), 'job delete cascades to its builds');
-- Boundary writes (rule B).
INSERT INTO jobs (name, pipeline_id, config, active, interruptible, nonce) VALUES ('', 1, '', false, false, ''), ('JOB-UPPER', 1, '{"name": "x"}', true, false, 'n'), ('job-dup', 1, '{"name": "x"}', true, false, 'n');
UPDATE jobs SET build_number_seq = -1, first_logged_build_id = -1 WHERE name = 'JOB-UPPER';
UPDATE jobs SET first_logged_build_id = 99999 WHERE name = 'job-dup';
-- step concourse: builds and their event sequences, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_build(text, build_status, integer, integer, integer, boolean, varchar, text, json) AS INSERT INTO builds (name, status, job_id, team_id, pipeline_id, manually_triggered, engine,
  engine_metadata, public_plan) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id;
EXECUTE add_build('6', 'pending', 1, 1, 1, true, 'exec.v2-runner', NULL, '{}');
EXECUTE add_build('7', 'pending', 1, 1, 1, false, NULL, NULL, '{}');
PREPARE add_one_off(text, integer, json) AS INSERT INTO builds (name, status, team_id, public_plan) VALUES ($1, 'pending', $2, $3) RETURNING id;
EXECUTE add_one_off('one-off-new', 2, '{"id": "x"}');
PREPARE add_rerun(text, integer, integer, integer, integer, integer) AS INSERT INTO builds (name, status, job_id, team_id, pipeline_id, rerun_of, rerun_number) VALUES ($1, 'pending', $2, $3, $4, $5, $6) RETURNING id;
EXECUTE add_rerun('1.1', 1, 1, 1, 1, 1);
INSERT INTO builds (id, name, status, team_id) VALUES (1, 'zz', 'pending', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO builds (id, name, status, team_id) VALUES (1, 'zz', 'pending', 1) ON CONFLICT ON CONSTRAINT builds_pkey DO NOTHING;
PREPARE start_build(timestamptz, varchar, text, json, text) AS UPDATE builds SET status = 'started', scheduled = true, start_time = $1, engine = $2, engine_metadata = $3, public_plan = $4 WHERE name = $5 AND job_id = 1;
EXECUTE start_build('2024-06-01 00:00:00+00', 'exec.v2', '{"plan": {"id": "6"}}', '{"id": "6", "task": {"name": "unit"}}', '6');
PREPARE finish_build(build_status, timestamptz, text, text) AS UPDATE builds SET status = $1, end_time = $2, completed = true, reap_time = NULL, interceptible = false, nonce = $3 WHERE name = $4 AND job_id = 1;
EXECUTE finish_build('errored', '2024-06-01 00:10:00+00', 'nonce6', '6');
SELECT pg_temp.check(EXISTS (SELECT id, name, status, scheduled, start_time, end_time, engine, engine_metadata, completed, job_id, reap_time, team_id, manually_triggered, interceptible, nonce,
  public_plan, pipeline_id, rerun_of, rerun_number FROM builds WHERE job_id = 1 AND name = '6' AND status = 'errored' AND status IN ('failed', 'errored') AND scheduled
  AND end_time - start_time = interval '10 minutes' AND engine = 'exec.v2' AND upper(engine) = 'EXEC.V2' AND engine_metadata::json->'plan'->>'id' = '6' AND completed AND reap_time IS NULL
  AND team_id = 1 AND manually_triggered AND NOT interceptible AND nonce = 'nonce6' AND public_plan->'task'->>'name' = 'unit' AND pipeline_id = 1 AND rerun_of IS NULL AND rerun_number = 0
  AND COALESCE(rerun_of, id) = id), 'build as written');
UPDATE builds SET reap_time = now(), rerun_number = 2, rerun_of = 2, job_id = 1, team_id = 1, pipeline_id = 1, scheduled = false, completed = false, status = 'aborted' WHERE name = '7' AND job_id = 1;
UPDATE builds SET start_time = NULL, end_time = NULL, engine = NULL, engine_metadata = NULL, reap_time = NULL, manually_triggered = NULL, interceptible = NULL, nonce = NULL, public_plan = NULL,
  pipeline_id = NULL, rerun_of = NULL, job_id = NULL WHERE name = '7' AND job_id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(status), pg_temp.t(scheduled), pg_temp.t(start_time), pg_temp.t(end_time), pg_temp.t(engine),
  pg_temp.t(engine_metadata), pg_temp.t(completed), pg_temp.t(job_id), pg_temp.t(reap_time), pg_temp.t(team_id), pg_temp.t(manually_triggered), pg_temp.t(interceptible),
  pg_temp.t(public_plan), pg_temp.t(pipeline_id), pg_temp.t(rerun_number)) FROM builds WHERE id = 1),
  'integer,text,build_status,boolean,timestamp with time zone,timestamp with time zone,text,text,boolean,integer,timestamp with time zone,integer,boolean,boolean,json,integer,integer'), 'builds types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(nonce), pg_temp.t(rerun_of)) FROM builds WHERE rerun_of IS NOT NULL AND nonce IS NULL LIMIT 1), 'text,integer'), 'builds types (nonce, rerun_of)');
SELECT id, name, status, scheduled, start_time, end_time, engine, engine_metadata, completed, job_id, reap_time, team_id, manually_triggered, interceptible, nonce, public_plan, pipeline_id,
  rerun_of, rerun_number FROM builds WHERE id = 3 OR job_id = 2 AND name = '1' OR name = '3' OR status = 'started' OR pipeline_id = 2 AND team_id = 1 OR rerun_of = 81
  OR interceptible AND completed ORDER BY COALESCE(rerun_of, id) DESC, id DESC;
SELECT id, name FROM builds WHERE job_id = 3 AND status = 'succeeded' AND end_time < now() ORDER BY id DESC LIMIT 1;
SELECT nextval('build_event_id_seq_91'), nextval('build_event_id_seq_95');
SELECT pg_temp.refused($$INSERT INTO builds (id, name, status, team_id) VALUES (1, 'dup-id', 'pending', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO builds (name, status, team_id, job_id) VALUES ('b-fk', 'pending', 1, 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO builds (name, status, team_id) VALUES ('b-fk', 'pending', 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO builds (name, status, team_id, pipeline_id) VALUES ('b-fk', 'pending', 1, 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO builds (name, status, team_id, rerun_of) VALUES ('b-fk', 'pending', 1, 999999)$$, '23503');
DELETE FROM builds WHERE id = 84;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM builds WHERE rerun_of = 84), 'a build delete cascades to its reruns');
DELETE FROM builds WHERE id = 4;
SELECT pg_temp.check(EXISTS (SELECT 1 FROM resources WHERE id = 4 AND build_id IS NULL), 'a build delete sets resources.build_id to NULL');
-- Boundary writes (rule B).
INSERT INTO builds (name, status, job_id, team_id, pipeline_id, manually_triggered, engine, engine_metadata, public_plan) VALUES ('', 'pending', 1, 1, 1, false, '', '', '{}'),
  ('DUP', 'pending', 1, 1, 1, false, 'EXEC.V2', '{}', '{}'), ('DUP', 'pending', 1, 1, 1, false, 'EXEC.V2', '{}', '{}');
INSERT INTO builds (name, status, team_id, rerun_number) VALUES ('one-off-zero', 'pending', 1, 0), ('one-off-neg', 'pending', 1, -1);
-- step concourse: workers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_worker(text, timestamptz, integer, text, text, text, text, text, text, text, text, text, integer, integer, worker_state) AS INSERT INTO workers (addr, expires, active_containers,
  resource_types, platform, tags, baggageclaim_url, http_proxy_url, https_proxy_url, no_proxy, name, version, start_time, team_id, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (name) DO UPDATE SET addr = EXCLUDED.addr, expires = EXCLUDED.expires, active_containers = EXCLUDED.active_containers, state = EXCLUDED.state;
EXECUTE save_worker('10.0.1.1:7777', now() + interval '30 seconds', 4, '[{"type": "git"}]', 'linux', '["gpu"]', 'http://10.0.1.1:7788', 'http://proxy:3128', 'http://proxy:3128', 'localhost', 'worker-new', '2.3', 1710000000, 1, 'running');
EXECUTE save_worker('10.0.0.1:7777', now() + interval '30 seconds', 5, '[]', 'linux', '[]', 'http://10.0.0.1:7788', NULL, NULL, NULL, 'worker-1', '2.3', 1710000001, NULL, 'running');
INSERT INTO workers (name, addr, baggageclaim_url, state) VALUES ('worker-2', '10.9.9.9:7777', 'x', 'running') ON CONFLICT ON CONSTRAINT workers_pkey DO NOTHING;
INSERT INTO workers (name, addr, baggageclaim_url, state) VALUES ('worker-2', '10.9.9.9:7777', 'x', 'running') ON CONFLICT ON CONSTRAINT constraint_workers_name_unique DO NOTHING;
INSERT INTO workers (name, addr, baggageclaim_url, state) VALUES ('worker-x', '10.0.0.2:7777', 'x', 'running') ON CONFLICT (addr) DO NOTHING;
INSERT INTO workers (name, addr, baggageclaim_url, state) VALUES ('worker-x', '10.0.0.2:7777', 'x', 'running') ON CONFLICT ON CONSTRAINT workers_addr_key DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT addr, expires, active_containers, resource_types, platform, tags, baggageclaim_url, name, http_proxy_url, https_proxy_url, no_proxy, start_time, team_id, state, version
  FROM workers WHERE name = 'worker-new' AND addr = '10.0.1.1:7777' AND expires > now() AND active_containers + 1 = 5 AND resource_types::json->0->>'type' = 'git' AND platform = 'linux'
  AND tags::json->>0 = 'gpu' AND baggageclaim_url LIKE 'http://10.0.1.1%' AND http_proxy_url = 'http://proxy:3128' AND https_proxy_url = 'http://proxy:3128' AND no_proxy = 'localhost'
  AND start_time = 1710000000 AND start_time + 60 > 1710000000 AND team_id = 1 AND state = 'running' AND version = '2.3' AND split_part(addr, ':', 2) = '7777'), 'worker as written');
PREPARE stall_worker(text) AS UPDATE workers SET state = 'stalled', addr = NULL, baggageclaim_url = NULL WHERE name = $1 AND expires < now() + interval '1 hour';
EXECUTE stall_worker('worker-new');
UPDATE workers SET state = 'landing' WHERE name = 'worker-2';
UPDATE workers SET state = 'landed', addr = NULL, baggageclaim_url = NULL WHERE name = 'worker-4';
UPDATE workers SET state = 'retiring' WHERE name = 'worker-3';
UPDATE workers SET expires = NULL, active_containers = NULL, resource_types = NULL, platform = NULL, tags = NULL, http_proxy_url = NULL, https_proxy_url = NULL, no_proxy = NULL, start_time = NULL,
  team_id = NULL, version = NULL WHERE name = 'worker-new';
UPDATE workers SET start_time = 1720000000, team_id = 2, platform = 'windows', version = '2.4' WHERE name = 'worker-1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(addr), pg_temp.t(expires), pg_temp.t(active_containers), pg_temp.t(resource_types), pg_temp.t(platform), pg_temp.t(tags),
  pg_temp.t(baggageclaim_url), pg_temp.t(name), pg_temp.t(start_time), pg_temp.t(team_id), pg_temp.t(state), pg_temp.t(version)) FROM workers WHERE name = 'worker-1'),
  'text,timestamp with time zone,integer,text,text,text,text,text,integer,integer,worker_state,text'), 'workers types');
SELECT addr, expires, active_containers, resource_types, platform, tags, baggageclaim_url, name, http_proxy_url, https_proxy_url, no_proxy, start_time, team_id, state, version FROM workers
  WHERE name = 'worker-2' OR addr = '10.0.0.3:7777' OR team_id = 2 OR state = 'stalled' AND expires < now() ORDER BY name;
SELECT pg_temp.refused($$INSERT INTO workers (name, addr, baggageclaim_url, state) VALUES ('worker-2', '10.8.8.8:7777', 'x', 'running')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO workers (name, addr, baggageclaim_url, state) VALUES ('worker-y', '10.0.0.2:7777', 'x', 'running')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO workers (name, addr, baggageclaim_url, state, team_id) VALUES ('worker-z', '10.7.7.7:7777', 'x', 'running', 9999)$$, '23503');
DELETE FROM workers WHERE name = 'worker-6';
-- Boundary writes (rule B).
INSERT INTO workers (addr, active_containers, resource_types, platform, tags, baggageclaim_url, name, start_time, state, version) VALUES ('', 0, '', '', '', '', '', 0, 'running', ''),
  (NULL, -1, '[]', 'LINUX', '[]', NULL, 'WORKER-UPPER', -1, 'stalled', '2.3'), (NULL, -1, '[]', 'LINUX', '[]', NULL, 'worker-dup', -1, 'stalled', '2.3');
-- step concourse: resources and resource versions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_resource(text, integer, text, boolean, text, integer) AS INSERT INTO resources (name, pipeline_id, config, active, nonce, resource_config_id) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (pipeline_id, name) DO UPDATE SET config = EXCLUDED.config, active = true, nonce = EXCLUDED.nonce RETURNING id;
EXECUTE add_resource('newresource', 1, '{"type": "git", "source": {"uri": "https://git.example/new"}}', true, 'nonce1', 7);
EXECUTE add_resource('resource1', 1, '{"type": "git", "source": {"uri": "https://git.example/r1b"}}', true, NULL, 1);
INSERT INTO resources (name, pipeline_id, config) VALUES ('resource2', 1, '{}') ON CONFLICT ON CONSTRAINT unique_pipeline_id_name DO NOTHING;
INSERT INTO resources (id, name, pipeline_id, config) VALUES (1, 'zz', 1, '{}') ON CONFLICT (id) DO NOTHING;
INSERT INTO resources (id, name, pipeline_id, config) VALUES (1, 'zz', 1, '{}') ON CONFLICT ON CONSTRAINT resources_pkey DO NOTHING;
PREPARE set_resource(text, boolean, timestamp, text, jsonb, text, bigint, text) AS UPDATE resources SET check_error = $1, paused = $2, last_checked = $3, config = $4, api_pinned_version = $5,
  pin_comment = $6, build_id = $7 WHERE name = $8 AND pipeline_id = 1;
EXECUTE set_resource('timeout', true, '2024-06-01 00:00:00', '{"type": "git", "source": {}}', '{"ref": "abc"}', 'pinned', 2, 'newresource');
SELECT pg_temp.check(EXISTS (SELECT name, check_error, paused, id, pipeline_id, last_checked, config, active, nonce, resource_config_id, api_pinned_version, pin_comment, build_id FROM resources
  WHERE name = 'newresource' AND check_error = 'timeout' AND paused AND pipeline_id = 1 AND last_checked = '2024-06-01 00:00:00'::timestamp AND last_checked < now()::timestamp
  AND config::json->>'type' = 'git' AND active AND nonce = 'nonce1' AND resource_config_id = 7 AND api_pinned_version->>'ref' = 'abc' AND api_pinned_version @> '{"ref": "abc"}'
  AND pin_comment = 'pinned' AND build_id = 2), 'resource as written');
UPDATE resources SET check_error = NULL, paused = NULL, nonce = NULL, resource_config_id = NULL, api_pinned_version = NULL, pin_comment = NULL, build_id = NULL, active = false WHERE name = 'newresource' AND pipeline_id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(name), pg_temp.t(paused), pg_temp.t(id), pg_temp.t(pipeline_id), pg_temp.t(last_checked), pg_temp.t(config), pg_temp.t(active),
  pg_temp.t(resource_config_id)) FROM resources WHERE id = 1), 'text,boolean,integer,integer,timestamp without time zone,text,boolean,integer'), 'resources types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(check_error), pg_temp.t(api_pinned_version), pg_temp.t(pin_comment)) FROM resources WHERE id = 3), 'text,jsonb,text')
  AND pg_temp.same((SELECT pg_temp.t(build_id) FROM resources WHERE id = 8), 'bigint'), 'resources types (pins, check error, build)');
SELECT name, check_error, paused, id, pipeline_id, last_checked, config, active, nonce, resource_config_id, api_pinned_version, pin_comment, build_id FROM resources
  WHERE id = 2 OR pipeline_id = 3 AND name = 'resource1' OR resource_config_id = 5 OR build_id = 8 OR api_pinned_version IS NOT NULL;
SELECT pg_temp.refused($$INSERT INTO resources (name, pipeline_id, config) VALUES ('resource1', 1, '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO resources (id, name, pipeline_id, config) VALUES (1, 'dup-id', 1, '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO resources (name, pipeline_id, config) VALUES ('r-fk', 9999, '{}')$$, '23503');
SELECT pg_temp.refused($$UPDATE resources SET build_id = 999999 WHERE id = 1$$, '23503');
DELETE FROM resources WHERE id = 7;
PREPARE save_version(integer, jsonb, text, jsonb) AS INSERT INTO resource_config_versions (resource_config_scope_id, version, version_md5, metadata) VALUES ($1, $2, $3, $4)
  ON CONFLICT (resource_config_scope_id, version_md5) DO UPDATE SET metadata = EXCLUDED.metadata RETURNING id;
EXECUTE save_version(1, '{"ref": "new"}', md5('{"ref": "new"}'), '[{"name": "author", "value": "me"}]');
EXECUTE save_version(1, '{"ref": "r1"}', md5('{"ref": "r1"}'), '[]');
INSERT INTO resource_config_versions (resource_config_scope_id, version, version_md5) VALUES (1, '{"ref": "r1"}', md5('{"ref": "r1"}')) ON CONFLICT ON CONSTRAINT resource_config_scope_id_and_version_md5_unique DO NOTHING;
INSERT INTO resource_config_versions (id, resource_config_scope_id, version, version_md5) VALUES (1, 1, '{}', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO resource_config_versions (id, resource_config_scope_id, version, version_md5) VALUES (1, 1, '{}', 'x') ON CONFLICT ON CONSTRAINT resource_config_versions_pkey DO NOTHING;
PREPARE order_versions(integer) AS UPDATE resource_config_versions SET check_order = (SELECT max(check_order) + 1 FROM resource_config_versions WHERE resource_config_scope_id = $1)
  WHERE resource_config_scope_id = $1 AND check_order = 0;
EXECUTE order_versions(1);
UPDATE resource_config_versions SET span_context = '{"traceparent": "00-abc"}', metadata = '[]' WHERE version_md5 = md5('{"ref": "new"}');
SELECT pg_temp.check(EXISTS (SELECT id, resource_config_scope_id, version, version_md5, metadata, check_order, span_context FROM resource_config_versions WHERE resource_config_scope_id = 1
  AND version @> '{"ref": "new"}' AND version->>'ref' = 'new' AND version_md5 = md5(version::text) AND jsonb_array_length(metadata) = 0 AND check_order > 0 AND check_order - 1 >= 0
  AND span_context->>'traceparent' = '00-abc'), 'version as written');
UPDATE resource_config_versions SET span_context = NULL WHERE version_md5 = md5('{"ref": "new"}');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(resource_config_scope_id), pg_temp.t(version), pg_temp.t(version_md5), pg_temp.t(metadata), pg_temp.t(check_order))
  FROM resource_config_versions WHERE id = 2), 'integer,integer,jsonb,text,jsonb,integer'), 'resource_config_versions types');
SELECT id, resource_config_scope_id, version, version_md5, metadata, check_order, span_context FROM resource_config_versions WHERE id = 3 OR resource_config_scope_id = 2 ORDER BY check_order DESC;
SELECT id, version FROM resource_config_versions WHERE version @> '{"ref": "r7"}' OR version_md5 = md5('{"ref": "r8"}');
SELECT pg_temp.refused($$INSERT INTO resource_config_versions (resource_config_scope_id, version, version_md5) VALUES (1, '{"ref": "r1"}', md5('{"ref": "r1"}'))$$, '23505');
SELECT pg_temp.refused($$INSERT INTO resource_config_versions (id, resource_config_scope_id, version, version_md5) VALUES (1, 1, '{}', 'dup-id')$$, '23505');
DELETE FROM resource_config_versions WHERE id = 4;
-- Boundary writes (rule B).
INSERT INTO resources (name, pipeline_id, config, active, nonce, resource_config_id) VALUES ('', 1, '', false, '', 0), ('RESOURCE-UPPER', 1, '{}', true, 'n', 99999), ('resource-dup', 1, '{}', true, 'n', 99999);
UPDATE resources SET check_error = '', resource_config_id = -1 WHERE name = 'RESOURCE-UPPER';
INSERT INTO resource_config_versions (resource_config_scope_id, version, version_md5, metadata) VALUES (0, '{}', '', '[]'), (99999, '{"REF": "X"}', 'X', 'null'), (-1, '{"REF": "X"}', 'X', 'null');
-- step river: migrations, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_migration(bigint) AS INSERT INTO river_migration (version) VALUES ($1) RETURNING id, created_at, version;
EXECUTE add_migration(3);
INSERT INTO river_migration (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
INSERT INTO river_migration (id, version) VALUES (1, 50) ON CONFLICT (id) DO NOTHING;
INSERT INTO river_migration (id, version) VALUES (1, 50) ON CONFLICT ON CONSTRAINT river_migration_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, created_at, version FROM river_migration WHERE version = 3 AND version - 1 = 2 AND created_at <= now()), 'migration as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(created_at), pg_temp.t(version)) FROM river_migration WHERE version = 1), 'bigint,timestamp with time zone,bigint'), 'river_migration types');
SELECT id, created_at, version FROM river_migration WHERE id = 2 OR version = 2 ORDER BY version;
SELECT pg_temp.refused($$INSERT INTO river_migration (version) VALUES (2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO river_migration (id, version) VALUES (1, 60)$$, '23505');
PREPARE delete_migration(bigint) AS DELETE FROM river_migration WHERE version = $1 RETURNING id, created_at, version;
EXECUTE delete_migration(3);
-- Boundary writes (rule B).
INSERT INTO river_migration (version) VALUES (999);
-- step river: jobs, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE insert_job(jsonb, text, smallint, jsonb, smallint, text, timestamptz, river_job_state, varchar(255)[]) AS INSERT INTO river_job (args, kind, max_attempts, metadata, priority, queue,
  scheduled_at, state, tags) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, state, attempt, max_attempts, attempted_at, created_at, finalized_at, scheduled_at, priority, args,
  attempted_by, errors, kind, metadata, queue, tags;
EXECUTE insert_job('{"customer_id": 1000}', 'email_send', 25, '{"source": "api"}', 1, 'emails', now(), 'available', ARRAY['billing', 'email']);
EXECUTE insert_job('{"customer_id": 1001}', 'invoice_sync', 5, '{}', 2, 'critical', now() + interval '1 hour', 'scheduled', '{}');
PREPARE insert_unique_job(jsonb, text, bytea) AS INSERT INTO river_job (args, kind, max_attempts, unique_key, tags) VALUES ($1, $2, 25, $3, '{}')
  ON CONFLICT (kind, unique_key) WHERE unique_key IS NOT NULL DO UPDATE SET kind = EXCLUDED.kind RETURNING id, unique_key;
EXECUTE insert_unique_job('{"customer_id": 1002}', 'email_send', '\x0102'::bytea);
EXECUTE insert_unique_job('{"customer_id": 1002}', 'email_send', '\x0102'::bytea);
INSERT INTO river_job (id, args, kind, max_attempts, tags) VALUES (1, '{}', 'x', 1, '{}') ON CONFLICT (id) DO NOTHING;
INSERT INTO river_job (id, args, kind, max_attempts, tags) VALUES (1, '{}', 'x', 1, '{}') ON CONFLICT ON CONSTRAINT river_job_pkey DO NOTHING;
PREPARE fetch_jobs(text, text) AS UPDATE river_job SET state = 'running', attempt = river_job.attempt + 1, attempted_at = now(), attempted_by = array_append(river_job.attempted_by, $1::text)
  FROM (SELECT id FROM river_job WHERE state = 'available' AND queue = $2 AND scheduled_at <= now() ORDER BY priority ASC, scheduled_at ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED) locked
  WHERE river_job.id = locked.id RETURNING river_job.id, river_job.state, river_job.attempt, river_job.attempted_by;
UPDATE river_job SET scheduled_at = now() - interval '1 day', priority = 1 WHERE args->>'customer_id' = '1000';
EXECUTE fetch_jobs('client-new', 'emails');
PREPARE complete_job(text, timestamptz) AS UPDATE river_job SET state = 'completed', finalized_at = $2 WHERE id = (SELECT id FROM river_job WHERE args->>'customer_id' = $1);
EXECUTE complete_job('1000', '2024-06-01 00:00:00+00');
PREPARE error_job(text, jsonb, timestamptz) AS UPDATE river_job SET state = 'retryable', errors = array_append(errors, $2), scheduled_at = $3 WHERE id = (SELECT id FROM river_job WHERE args->>'customer_id' = $1);
EXECUTE error_job('1001', '{"error": "timeout", "attempt": 1, "at": "2024-06-01T00:00:00Z"}', now() + interval '5 seconds');
SELECT pg_temp.check(EXISTS (SELECT id, state, attempt, max_attempts, attempted_at, created_at, finalized_at, scheduled_at, priority, args, attempted_by, errors, kind, metadata, queue, tags, unique_key
  FROM river_job WHERE args->>'customer_id' = '1000' AND args @> '{"customer_id": 1000}' AND state = 'completed' AND attempt = 1 AND max_attempts - attempt = 24 AND attempted_at <= now()
  AND created_at <= now() AND finalized_at = '2024-06-01 00:00:00+00' AND scheduled_at < now() AND priority + 1 = 2 AND attempted_by[array_length(attempted_by, 1)] = 'client-new'
  AND 'client-new' = ANY (attempted_by) AND errors IS NULL AND kind = 'email_send' AND metadata->>'source' = 'api' AND metadata @> '{"source": "api"}' AND queue = 'emails'
  AND tags @> ARRAY['email']::varchar(255)[] AND 'billing' = ANY (tags) AND array_length(tags, 1) = 2 AND unique_key IS NULL), 'job as written');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM river_job WHERE args->>'customer_id' = '1001' AND state = 'retryable' AND errors[1]->>'error' = 'timeout' AND (errors[1]->>'attempt')::int = 1
  AND array_length(errors, 1) = 1 AND priority = 2 AND queue = 'critical' AND tags = '{}'), 'errored job as written');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM river_job WHERE kind = 'email_send' AND unique_key = '\x0102'::bytea AND length(unique_key) = 2), 'unique job as written');
UPDATE river_job SET attempted_at = NULL, attempted_by = NULL, errors = NULL, args = NULL, tags = NULL, unique_key = NULL, finalized_at = NULL WHERE args->>'customer_id' = '1001';
UPDATE river_job SET finalized_at = NULL WHERE args->>'customer_id' = '1000';
UPDATE river_job SET state = 'cancelled', finalized_at = now(), metadata = '{"cancel_attempted_at": "2024-06-01T00:00:00Z"}', max_attempts = 3, priority = 4, kind = 'email_send_v2', queue = 'low',
  created_at = '2024-06-01 00:00:00+00' WHERE kind = 'email_send' AND unique_key = '\x0102'::bytea;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(state), pg_temp.t(attempt), pg_temp.t(max_attempts), pg_temp.t(attempted_at), pg_temp.t(created_at),
  pg_temp.t(finalized_at), pg_temp.t(scheduled_at), pg_temp.t(priority), pg_temp.t(args), pg_temp.t(attempted_by), pg_temp.t(errors), pg_temp.t(kind), pg_temp.t(metadata), pg_temp.t(queue),
  pg_temp.t(tags), pg_temp.t(unique_key)) FROM river_job WHERE id = 5),
  'bigint,river_job_state,smallint,smallint,timestamp with time zone,timestamp with time zone,timestamp with time zone,timestamp with time zone,smallint,jsonb,text[],jsonb[],text,jsonb,text,text[],bytea'), 'river_job types');
SELECT id, state, attempt, max_attempts, attempted_at, created_at, finalized_at, scheduled_at, priority, args, attempted_by, errors, kind, metadata, queue, tags, unique_key FROM river_job
  WHERE id = 6 OR kind = 'email_send' AND state = 'available' OR state = 'completed' AND finalized_at < now() - interval '1 day' OR args @> '{"customer_id": 7}' OR metadata @> '{}'
  AND queue = 'critical' ORDER BY state, queue, priority, scheduled_at, id;
SELECT count(*) FROM river_job WHERE state IN ('completed', 'cancelled', 'discarded') AND finalized_at < now();
SELECT pg_temp.refused($$INSERT INTO river_job (id, args, kind, max_attempts, tags) VALUES (1, '{}', 'x', 1, '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO river_job (args, kind, max_attempts, tags, unique_key) SELECT '{}', kind, 1, '{}', unique_key FROM river_job WHERE unique_key IS NOT NULL AND id < 100 LIMIT 1$$, '23505');
DELETE FROM river_job WHERE id = 3;
PREPARE delete_before(timestamptz) AS DELETE FROM river_job WHERE id IN (SELECT id FROM river_job WHERE state = 'discarded' AND finalized_at < $1 ORDER BY id LIMIT 1);
EXECUTE delete_before('2024-05-03 00:00:00+00');
-- Boundary writes (rule B).
INSERT INTO river_job (args, kind, max_attempts, metadata, priority, queue, state, tags, unique_key) VALUES ('{}', 'X', 1, '{}', 1, 'DEFAULT', 'available', ARRAY['']::varchar(255)[], '\x'::bytea),
  ('{"customer_id": 0}', 'EMAIL_SEND', 1, '{}', 4, 'Q', 'available', '{}', NULL), ('{"customer_id": 0}', 'EMAIL_SEND', 1, '{}', 4, 'Q', 'available', '{}', NULL);
-- step river: leader election and queues, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
DELETE FROM river_leader WHERE name = 'default' AND leader_id = 'client-1';
PREPARE attempt_elect(text, text, interval) AS INSERT INTO river_leader (name, leader_id, elected_at, expires_at) VALUES ($1, $2, now(), now() + $3) ON CONFLICT (name) DO NOTHING;
EXECUTE attempt_elect('default', 'client-new', '15 seconds');
PREPARE attempt_reelect(text, text, interval) AS INSERT INTO river_leader (name, leader_id, elected_at, expires_at) VALUES ($1, $2, now(), now() + $3) ON CONFLICT (name)
  DO UPDATE SET expires_at = now() + $3 WHERE river_leader.leader_id = $2;
EXECUTE attempt_reelect('default', 'client-new', '30 seconds');
INSERT INTO river_leader (name, leader_id, elected_at, expires_at) VALUES ('default', 'client-2', now(), now()) ON CONFLICT ON CONSTRAINT river_leader_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT elected_at, expires_at, leader_id, name FROM river_leader WHERE name = 'default' AND leader_id = 'client-new' AND expires_at - elected_at = interval '30 seconds'
  AND expires_at > now() AND upper(leader_id) = 'CLIENT-NEW'), 'leader as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(elected_at), pg_temp.t(expires_at), pg_temp.t(leader_id), pg_temp.t(name)) FROM river_leader WHERE name = 'default'),
  'timestamp with time zone,timestamp with time zone,text,text'), 'river_leader types');
SELECT elected_at, expires_at, leader_id, name FROM river_leader WHERE name = 'default';
DELETE FROM river_leader WHERE expires_at < now() - interval '1 day';
SELECT pg_temp.refused($$INSERT INTO river_leader (name, leader_id, elected_at, expires_at) VALUES ('default', 'client-3', now(), now())$$, '23505');
PREPARE resign(text, text) AS DELETE FROM river_leader WHERE name = $1 AND leader_id = $2;
EXECUTE resign('default', 'client-new');
PREPARE upsert_queue(jsonb, text, timestamptz, timestamptz) AS INSERT INTO river_queue (created_at, metadata, name, paused_at, updated_at) VALUES (now(), coalesce($1, '{}'), $2, $3, coalesce($4, now()))
  ON CONFLICT (name) DO UPDATE SET updated_at = coalesce($4, now()) RETURNING name, created_at, metadata, paused_at, updated_at;
EXECUTE upsert_queue('{"team": "billing"}', 'billing', NULL, '2024-06-01 00:00:00+00');
EXECUTE upsert_queue(NULL, 'default', NULL, NULL);
INSERT INTO river_queue (name, updated_at) VALUES ('default', now()) ON CONFLICT ON CONSTRAINT river_queue_pkey DO NOTHING;
PREPARE pause_queue(text) AS UPDATE river_queue SET paused_at = now(), updated_at = now() WHERE name = $1 AND paused_at IS NULL;
EXECUTE pause_queue('billing');
SELECT pg_temp.check(EXISTS (SELECT name, created_at, metadata, paused_at, updated_at FROM river_queue WHERE name = 'billing' AND metadata->>'team' = 'billing' AND metadata @> '{"team": "billing"}'
  AND paused_at IS NOT NULL AND paused_at <= now() AND updated_at > created_at - interval '1 day' AND created_at <= now()), 'queue as written');
UPDATE river_queue SET paused_at = NULL, metadata = '{}' WHERE name = 'billing';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(name), pg_temp.t(created_at), pg_temp.t(metadata), pg_temp.t(paused_at), pg_temp.t(updated_at)) FROM river_queue WHERE name = 'critical'),
  'text,timestamp with time zone,jsonb,timestamp with time zone,timestamp with time zone'), 'river_queue types');
SELECT name, created_at, metadata, paused_at, updated_at FROM river_queue WHERE name = 'default' OR updated_at < now() ORDER BY name;
SELECT pg_temp.refused($$INSERT INTO river_queue (name, updated_at) VALUES ('critical', now())$$, '23505');
PREPARE delete_expired_queues(timestamptz) AS DELETE FROM river_queue WHERE name IN (SELECT name FROM river_queue WHERE updated_at < $1 AND name = 'billing');
EXECUTE delete_expired_queues(now() + interval '1 day');
-- Boundary writes (rule B).
INSERT INTO river_leader (name, leader_id, elected_at, expires_at) VALUES ('DEFAULT', 'CLIENT-1', now(), now() + interval '15 seconds');
INSERT INTO river_queue (created_at, metadata, name, paused_at, updated_at) VALUES (now(), '{}', '', NULL, now()), (now(), '{}', 'QUEUE-UPPER', now(), now());
