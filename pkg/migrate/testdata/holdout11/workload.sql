-- The serving versions' ordinary statements (Umami's server before each of its migrations,
-- Immich's server before each of its own), one statement group per "-- step", each run as
-- {{role}} in a transaction rolled back after it, against the OLD schema. This is the fixed
-- catalogue of HOLDOUT10.md (holdout8's items 1-8, written before the migration cases), for
-- every table, function, trigger, type and sequence the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (Umami's
--     date_trunc buckets, GROUP BY metrics, LIKE/ILIKE on URLs and keys, numeric sums; Immich's
--     jsonb operators on metadata, memories and segments, array operators on API key
--     permissions, the time-bucket expression its index serves, bytea checksums, interval
--     arithmetic on timestamps, comparisons with parameters of the column's declared type).
--     Every read must not fail, and its columns' types are asserted (pg_temp.same, rule T:
--     widening within a type family is the same type, so int2 -> int4 -> int8, varchar(n) ->
--     varchar(m>n) -> varchar -> text and numeric(p,s) -> numeric(p'>p,s) pass, any other type
--     change is a change of form). VALUES are asserted only on rows the step itself writes
--     after the migration (rule D);
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their
--     defaults, parameters bound as the columns' OLD declared types (PREPARE with declared
--     types). The value a default gives is NOT asserted;
--  3. updates of each column, nullable ones also set to NULL (rule N), deletes by key, and
--     deletes of parent rows asserting their ON DELETE effect; then boundary writes (rule B),
--     one block at the end of each step: '' for text, 0 and a negative number for numbers, an
--     id of no row where no foreign key checks it (Umami has no foreign keys at all), upper-case
--     or odd values, and a second row duplicating another's values where no unique constraint
--     or index covers them; never a write the old schema refuses;
--  4. INSERT ... ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary-key constraint/index (23505) and
--     each foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the ON
--     DELETE effects of item 3. Not CHECK, NOT NULL or domain constraints, varchar lengths or
--     enum membership;
--  6. sequences: neither project's tables in this schema use one (Umami and Immich make their
--     keys as uuids: the app's own, gen_random_uuid(), uuid_generate_v4(), immich_uuid_v7());
--  7. calls of the functions and triggers the old schema defines, as the apps rely on them:
--     immich_uuid_v7() (version 7, ordered by time), the updated_at() triggers (a new updateId
--     on every update of users, sessions, partners, api_keys, assets, exif, albums, activity and
--     memories), and the users_delete_audit, partners_delete_audit and assets_delete_audit
--     statement triggers (a deleted row is recorded in its audit table for the mobile sync);
--  8. the rows data.sql wrote are all still there: the first step checks, for every table the
--     serving versions read, that count(*) is at least the number of rows data.sql put in it.
-- step rows data.sql wrote are still there
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check((SELECT count(*) FROM "user") >= 3, 'user rows');
SELECT pg_temp.check((SELECT count(*) FROM team) >= 2, 'team rows');
SELECT pg_temp.check((SELECT count(*) FROM team_user) >= 3, 'team_user rows');
SELECT pg_temp.check((SELECT count(*) FROM team_website) >= 2, 'team_website rows');
SELECT pg_temp.check((SELECT count(*) FROM website) >= 4, 'website rows');
SELECT pg_temp.check((SELECT count(*) FROM session) >= 20, 'session rows');
SELECT pg_temp.check((SELECT count(*) FROM website_event) >= 100, 'website_event rows');
SELECT pg_temp.check((SELECT count(*) FROM event_data) >= 30, 'event_data rows');
SELECT pg_temp.check((SELECT count(*) FROM session_data) >= 10, 'session_data rows');
SELECT pg_temp.check((SELECT count(*) FROM report) >= 6, 'report rows');
SELECT pg_temp.check((SELECT count(*) FROM segment) >= 3, 'segment rows');
SELECT pg_temp.check((SELECT count(*) FROM revenue) >= 5, 'revenue rows');
SELECT pg_temp.check((SELECT count(*) FROM board) >= 2, 'board rows');
SELECT pg_temp.check((SELECT count(*) FROM users) >= 4, 'users rows');
SELECT pg_temp.check((SELECT count(*) FROM users_audit) >= 1, 'users_audit rows');
SELECT pg_temp.check((SELECT count(*) FROM user_metadata) >= 4, 'user_metadata rows');
SELECT pg_temp.check((SELECT count(*) FROM sessions) >= 6, 'sessions rows');
SELECT pg_temp.check((SELECT count(*) FROM partners) >= 3, 'partners rows');
SELECT pg_temp.check((SELECT count(*) FROM partners_audit) >= 1, 'partners_audit rows');
SELECT pg_temp.check((SELECT count(*) FROM api_keys) >= 3, 'api_keys rows');
SELECT pg_temp.check((SELECT count(*) FROM assets) >= 20, 'assets rows');
SELECT pg_temp.check((SELECT count(*) FROM assets_audit) >= 1, 'assets_audit rows');
SELECT pg_temp.check((SELECT count(*) FROM exif) >= 20, 'exif rows');
SELECT pg_temp.check((SELECT count(*) FROM albums) >= 4, 'albums rows');
SELECT pg_temp.check((SELECT count(*) FROM albums_assets_assets) >= 10, 'albums_assets_assets rows');
SELECT pg_temp.check((SELECT count(*) FROM albums_shared_users_users) >= 3, 'albums_shared_users_users rows');
SELECT pg_temp.check((SELECT count(*) FROM activity) >= 6, 'activity rows');
SELECT pg_temp.check((SELECT count(*) FROM memories) >= 3, 'memories rows');
SELECT pg_temp.check((SELECT count(*) FROM memories_assets_assets) >= 5, 'memories_assets_assets rows');
-- step umami: users and teams, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_user(uuid, varchar, varchar, varchar) AS INSERT INTO "user" (user_id, username, password, role) VALUES ($1, $2, $3, $4)
  RETURNING user_id, username, password, role, created_at, updated_at, deleted_at;
EXECUTE add_user('11111111-0000-4000-8000-0000000000aa', 'carol', '$2b$10$carolhash', 'user');
INSERT INTO "user" (user_id, username, password, role) VALUES ('11111111-0000-4000-8000-000000000001', 'zz', 'x', 'user') ON CONFLICT (user_id) DO NOTHING;
INSERT INTO "user" (user_id, username, password, role) VALUES ('11111111-0000-4000-8000-000000000001', 'zz', 'x', 'user') ON CONFLICT ON CONSTRAINT user_pkey DO NOTHING;
INSERT INTO "user" (user_id, username, password, role) VALUES ('11111111-0000-4000-8000-0000000000ab', 'admin', 'x', 'user') ON CONFLICT (username) DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT user_id, username, password, role, created_at, updated_at, deleted_at FROM "user" WHERE user_id = '11111111-0000-4000-8000-0000000000aa'
  AND username = 'carol' AND password LIKE '$2b$%' AND role = 'user' AND updated_at IS NULL AND deleted_at IS NULL AND created_at <= now()), 'user as written');
PREPARE set_user(varchar, varchar, varchar, timestamptz, uuid) AS UPDATE "user" SET username = $1, password = $2, role = $3, updated_at = $4 WHERE user_id = $5;
EXECUTE set_user('carol2', '$2b$10$carolhash2', 'admin', '2024-06-01 00:00:00+00', '11111111-0000-4000-8000-0000000000aa');
PREPARE delete_user_soft(timestamptz, uuid) AS UPDATE "user" SET deleted_at = $1 WHERE user_id = $2;
EXECUTE delete_user_soft('2024-06-02 00:00:00+00', '11111111-0000-4000-8000-0000000000aa');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "user" WHERE username = 'carol2' AND password = '$2b$10$carolhash2' AND role = 'admin' AND updated_at = '2024-06-01 00:00:00+00'
  AND deleted_at - updated_at = interval '1 day'), 'user updated');
UPDATE "user" SET updated_at = NULL, deleted_at = NULL, created_at = NULL WHERE user_id = '11111111-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(user_id), pg_temp.t(username), pg_temp.t(password), pg_temp.t(role), pg_temp.t(created_at), pg_temp.t(updated_at),
  pg_temp.t(deleted_at)) FROM "user" WHERE user_id = '11111111-0000-4000-8000-000000000001'), 'uuid,text,text,text,timestamp with time zone,timestamp with time zone,timestamp with time zone'), 'user types');
SELECT user_id, username, password, role, created_at, updated_at, deleted_at FROM "user" WHERE user_id = '11111111-0000-4000-8000-000000000002' OR username = 'admin'
  OR deleted_at IS NULL AND lower(username) LIKE 'a%' AND created_at < now() - interval '1 day' ORDER BY created_at;
SELECT pg_temp.refused($$INSERT INTO "user" (user_id, username, password, role) VALUES ('11111111-0000-4000-8000-000000000001', 'dup-id', 'x', 'user')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "user" (user_id, username, password, role) VALUES ('11111111-0000-4000-8000-0000000000ac', 'alice', 'x', 'user')$$, '23505');
PREPARE add_team(uuid, varchar, varchar) AS INSERT INTO team (team_id, name, access_code) VALUES ($1, $2, $3) RETURNING team_id, name, access_code, created_at, updated_at;
EXECUTE add_team('22222222-0000-4000-8000-0000000000aa', 'Sales', 'team_sales1');
INSERT INTO team (team_id, name, access_code) VALUES ('22222222-0000-4000-8000-000000000001', 'zz', NULL) ON CONFLICT (team_id) DO NOTHING;
INSERT INTO team (team_id, name, access_code) VALUES ('22222222-0000-4000-8000-000000000001', 'zz', NULL) ON CONFLICT ON CONSTRAINT team_pkey DO NOTHING;
INSERT INTO team (team_id, name, access_code) VALUES ('22222222-0000-4000-8000-0000000000ab', 'zz', 'team_mkt01') ON CONFLICT (access_code) DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT team_id, name, access_code, created_at, updated_at FROM team WHERE team_id = '22222222-0000-4000-8000-0000000000aa' AND name = 'Sales'
  AND access_code = 'team_sales1' AND updated_at IS NULL), 'team as written');
PREPARE set_team(varchar, varchar, timestamptz, uuid) AS UPDATE team SET name = $1, access_code = $2, updated_at = $3 WHERE team_id = $4;
EXECUTE set_team('Sales EMEA', 'team_sales2', '2024-06-01 00:00:00+00', '22222222-0000-4000-8000-0000000000aa');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM team WHERE access_code = 'team_sales2' AND name = 'Sales EMEA' AND updated_at = '2024-06-01 00:00:00+00'), 'team updated');
UPDATE team SET access_code = NULL, updated_at = NULL, created_at = NULL WHERE team_id = '22222222-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(team_id), pg_temp.t(name), pg_temp.t(access_code), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM team
  WHERE team_id = '22222222-0000-4000-8000-000000000001'), 'uuid,text,text,timestamp with time zone,timestamp with time zone'), 'team types');
SELECT team_id, name, access_code, created_at, updated_at FROM team WHERE team_id = '22222222-0000-4000-8000-000000000002' OR access_code = 'team_mkt01' ORDER BY name;
SELECT pg_temp.refused($$INSERT INTO team (team_id, name) VALUES ('22222222-0000-4000-8000-000000000001', 'dup')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO team (team_id, name, access_code) VALUES ('22222222-0000-4000-8000-0000000000ac', 'dup', 'team_mkt01')$$, '23505');
PREPARE add_team_user(uuid, uuid, uuid, varchar) AS INSERT INTO team_user (team_user_id, team_id, user_id, role) VALUES ($1, $2, $3, $4)
  RETURNING team_user_id, team_id, user_id, role, created_at, updated_at;
EXECUTE add_team_user('23232323-0000-4000-8000-0000000000aa', '22222222-0000-4000-8000-0000000000aa', '11111111-0000-4000-8000-0000000000aa', 'team-owner');
EXECUTE add_team_user('23232323-0000-4000-8000-0000000000ab', '22222222-0000-4000-8000-0000000000aa', '11111111-0000-4000-8000-000000000003', 'team-member');
INSERT INTO team_user (team_user_id, team_id, user_id, role) VALUES ('23232323-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', 'x')
  ON CONFLICT (team_user_id) DO NOTHING;
INSERT INTO team_user (team_user_id, team_id, user_id, role) VALUES ('23232323-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', 'x')
  ON CONFLICT ON CONSTRAINT team_user_pkey DO NOTHING;
PREPARE set_team_user_role(varchar, timestamptz, uuid, uuid) AS UPDATE team_user SET role = $1, updated_at = $2 WHERE team_id = $3 AND user_id = $4;
EXECUTE set_team_user_role('team-manager', '2024-06-01 00:00:00+00', '22222222-0000-4000-8000-0000000000aa', '11111111-0000-4000-8000-000000000003');
UPDATE team_user SET team_id = '22222222-0000-4000-8000-000000000002', user_id = '11111111-0000-4000-8000-000000000001' WHERE team_user_id = '23232323-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(EXISTS (SELECT team_user_id, team_id, user_id, role, created_at, updated_at FROM team_user WHERE team_user_id = '23232323-0000-4000-8000-0000000000ab'
  AND role = 'team-manager' AND updated_at = '2024-06-01 00:00:00+00' AND user_id = '11111111-0000-4000-8000-000000000003'), 'team user as written');
UPDATE team_user SET updated_at = NULL, created_at = NULL WHERE team_user_id = '23232323-0000-4000-8000-0000000000ab';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(team_user_id), pg_temp.t(team_id), pg_temp.t(user_id), pg_temp.t(role), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM team_user WHERE team_user_id = '23232323-0000-4000-8000-000000000001'), 'uuid,uuid,uuid,text,timestamp with time zone,timestamp with time zone'), 'team_user types');
SELECT t.team_id, t.name, tu.team_user_id, tu.user_id, tu.role, u.username FROM team t JOIN team_user tu ON tu.team_id = t.team_id JOIN "user" u ON u.user_id = tu.user_id
  WHERE tu.user_id = '11111111-0000-4000-8000-000000000002' OR tu.team_id = '22222222-0000-4000-8000-000000000001' ORDER BY t.name, u.username;
SELECT pg_temp.refused($$INSERT INTO team_user (team_user_id, team_id, user_id, role) VALUES ('23232323-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001',
  '11111111-0000-4000-8000-000000000001', 'x')$$, '23505');
PREPARE add_team_website(uuid, uuid, uuid) AS INSERT INTO team_website (team_website_id, team_id, website_id) VALUES ($1, $2, $3) RETURNING team_website_id, team_id, website_id, created_at;
EXECUTE add_team_website('24242424-0000-4000-8000-0000000000aa', '22222222-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000002');
INSERT INTO team_website (team_website_id, team_id, website_id) VALUES ('24242424-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001')
  ON CONFLICT (team_website_id) DO NOTHING;
INSERT INTO team_website (team_website_id, team_id, website_id) VALUES ('24242424-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001')
  ON CONFLICT ON CONSTRAINT team_website_pkey DO NOTHING;
UPDATE team_website SET team_id = '22222222-0000-4000-8000-000000000002', website_id = '33333333-0000-4000-8000-000000000003', created_at = '2024-06-01 00:00:00+00'
  WHERE team_website_id = '24242424-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(EXISTS (SELECT team_website_id, team_id, website_id, created_at FROM team_website WHERE team_website_id = '24242424-0000-4000-8000-0000000000aa'
  AND team_id = '22222222-0000-4000-8000-000000000002' AND website_id = '33333333-0000-4000-8000-000000000003' AND created_at = '2024-06-01 00:00:00+00'), 'team website as written');
UPDATE team_website SET created_at = NULL WHERE team_website_id = '24242424-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(team_website_id), pg_temp.t(team_id), pg_temp.t(website_id), pg_temp.t(created_at)) FROM team_website
  WHERE team_website_id = '24242424-0000-4000-8000-000000000001'), 'uuid,uuid,uuid,timestamp with time zone'), 'team_website types');
SELECT w.website_id, w.name, tw.team_website_id, tw.created_at FROM team_website tw JOIN website w ON w.website_id = tw.website_id WHERE tw.team_id = '22222222-0000-4000-8000-000000000001'
  OR tw.website_id = '33333333-0000-4000-8000-000000000003';
SELECT pg_temp.refused($$INSERT INTO team_website (team_website_id, team_id, website_id) VALUES ('24242424-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001',
  '33333333-0000-4000-8000-000000000001')$$, '23505');
PREPARE delete_team(uuid) AS DELETE FROM team WHERE team_id = $1;
DELETE FROM team_website WHERE team_website_id = '24242424-0000-4000-8000-0000000000aa';
DELETE FROM team_user WHERE team_id = '22222222-0000-4000-8000-0000000000aa';
EXECUTE delete_team('22222222-0000-4000-8000-0000000000aa');
DELETE FROM team_user WHERE team_user_id = '23232323-0000-4000-8000-0000000000aa';
PREPARE delete_user(uuid) AS DELETE FROM "user" WHERE user_id = $1;
EXECUTE delete_user('11111111-0000-4000-8000-0000000000aa');
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM team WHERE team_id = '22222222-0000-4000-8000-0000000000aa') AND NOT EXISTS (SELECT 1 FROM "user" WHERE user_id = '11111111-0000-4000-8000-0000000000aa'), 'deleted');
-- Boundary writes (rule B).
INSERT INTO "user" (user_id, username, password, role) VALUES ('11111111-0000-4000-8000-0000000000b1', '', '', ''), ('11111111-0000-4000-8000-0000000000b2', 'ALICE', '$2b$10$x', 'ADMIN');
INSERT INTO team (team_id, name, access_code) VALUES ('22222222-0000-4000-8000-0000000000b1', '', ''), ('22222222-0000-4000-8000-0000000000b2', 'Marketing', 'TEAM_MKT01');
INSERT INTO team_user (team_user_id, team_id, user_id, role) VALUES ('23232323-0000-4000-8000-0000000000b1', '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000002', 'team-member'),
  ('23232323-0000-4000-8000-0000000000b2', '22222222-0000-4000-8000-0000000000ff', '11111111-0000-4000-8000-0000000000ff', '');
INSERT INTO team_website (team_website_id, team_id, website_id) VALUES ('24242424-0000-4000-8000-0000000000b1', '22222222-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001'),
  ('24242424-0000-4000-8000-0000000000b2', '22222222-0000-4000-8000-0000000000ff', '33333333-0000-4000-8000-0000000000ff');
-- step umami: websites, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_website(uuid, varchar, varchar, varchar, uuid) AS INSERT INTO website (website_id, name, domain, share_id, user_id) VALUES ($1, $2, $3, $4, $5)
  RETURNING website_id, name, domain, share_id, reset_at, user_id, created_at, updated_at, deleted_at;
EXECUTE add_website('33333333-0000-4000-8000-0000000000aa', 'Landing', 'landing.example.com', 'sh4reaa', '11111111-0000-4000-8000-000000000002');
EXECUTE add_website('33333333-0000-4000-8000-0000000000ab', 'Intranet', 'intranet.example.com', NULL, NULL);
INSERT INTO website (website_id, name) VALUES ('33333333-0000-4000-8000-000000000001', 'zz') ON CONFLICT (website_id) DO NOTHING;
INSERT INTO website (website_id, name) VALUES ('33333333-0000-4000-8000-000000000001', 'zz') ON CONFLICT ON CONSTRAINT website_pkey DO NOTHING;
INSERT INTO website (website_id, name, share_id) VALUES ('33333333-0000-4000-8000-0000000000ac', 'zz', 'sh4re1') ON CONFLICT (share_id) DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT website_id, name, domain, share_id, reset_at, user_id, created_at, updated_at, deleted_at FROM website WHERE website_id = '33333333-0000-4000-8000-0000000000aa'
  AND name = 'Landing' AND domain = 'landing.example.com' AND share_id = 'sh4reaa' AND reset_at IS NULL AND user_id = '11111111-0000-4000-8000-000000000002' AND updated_at IS NULL
  AND deleted_at IS NULL), 'website as written');
PREPARE set_website(varchar, varchar, varchar, uuid, timestamptz, uuid) AS UPDATE website SET name = $1, domain = $2, share_id = $3, user_id = $4, updated_at = $5 WHERE website_id = $6;
EXECUTE set_website('Landing page', 'www.landing.example.com', 'sh4reab', '11111111-0000-4000-8000-000000000001', '2024-06-01 00:00:00+00', '33333333-0000-4000-8000-0000000000aa');
PREPARE reset_website(timestamptz, uuid) AS UPDATE website SET reset_at = $1 WHERE website_id = $2;
EXECUTE reset_website('2024-06-02 00:00:00+00', '33333333-0000-4000-8000-0000000000aa');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM website WHERE share_id = 'sh4reab' AND name = 'Landing page' AND domain LIKE 'www.%' AND user_id = '11111111-0000-4000-8000-000000000001'
  AND reset_at = '2024-06-02 00:00:00+00' AND updated_at < reset_at), 'website updated');
UPDATE website SET deleted_at = now() WHERE website_id = '33333333-0000-4000-8000-0000000000ab';
UPDATE website SET domain = NULL, share_id = NULL, reset_at = NULL, user_id = NULL, updated_at = NULL, deleted_at = NULL, created_at = NULL WHERE website_id IN ('33333333-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-0000000000ab');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(website_id), pg_temp.t(name), pg_temp.t(domain), pg_temp.t(share_id), pg_temp.t(reset_at), pg_temp.t(user_id), pg_temp.t(created_at),
  pg_temp.t(updated_at), pg_temp.t(deleted_at)) FROM website WHERE website_id = '33333333-0000-4000-8000-000000000002'),
  'uuid,text,text,text,timestamp with time zone,uuid,timestamp with time zone,timestamp with time zone,timestamp with time zone'), 'website types');
SELECT website_id, name, domain, share_id, reset_at, user_id, created_at, updated_at, deleted_at FROM website WHERE website_id = '33333333-0000-4000-8000-000000000001' OR share_id = 'sh4re2'
  OR user_id = '11111111-0000-4000-8000-000000000002' AND deleted_at IS NULL OR created_at > '2024-01-12'::timestamptz ORDER BY name;
SELECT w.website_id, w.name, w.domain, w.share_id FROM website w WHERE w.share_id = 'sh4re1' AND w.deleted_at IS NULL;
SELECT pg_temp.refused($$INSERT INTO website (website_id, name) VALUES ('33333333-0000-4000-8000-000000000001', 'dup')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO website (website_id, name, share_id) VALUES ('33333333-0000-4000-8000-0000000000ad', 'dup', 'sh4re2')$$, '23505');
PREPARE delete_website(uuid) AS DELETE FROM website WHERE website_id = $1;
EXECUTE delete_website('33333333-0000-4000-8000-0000000000ab');
-- Boundary writes (rule B).
INSERT INTO website (website_id, name, domain, share_id, user_id) VALUES ('33333333-0000-4000-8000-0000000000b1', '', '', '', '11111111-0000-4000-8000-0000000000ff'),
  ('33333333-0000-4000-8000-0000000000b2', 'BLOG', 'BLOG.EXAMPLE.COM', 'SH4RE1', NULL), ('33333333-0000-4000-8000-0000000000b3', 'Blog', 'blog.example.com', NULL, '11111111-0000-4000-8000-000000000001');
-- step umami: sessions, events and event data, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_session(uuid, uuid, varchar, varchar, varchar, varchar, varchar, varchar, char(2), varchar, varchar, varchar) AS INSERT INTO session (session_id, website_id, hostname, browser, os,
  device, screen, language, country, subdivision1, subdivision2, city) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (session_id) DO NOTHING
  RETURNING session_id, website_id, hostname, browser, os, device, screen, language, country, subdivision1, subdivision2, city, created_at;
EXECUTE add_session('44444444-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000001', 'blog.example.com', 'firefox', 'Linux', 'desktop', '2560x1440', 'nl-NL', 'NL', 'NL-NH', NULL, 'Amsterdam');
EXECUTE add_session('44444444-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000001', 'blog.example.com', 'firefox', 'Linux', 'desktop', '2560x1440', 'nl-NL', 'NL', 'NL-NH', NULL, 'Amsterdam');
INSERT INTO session (session_id, website_id) VALUES ('44444444-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001') ON CONFLICT ON CONSTRAINT session_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT session_id, website_id, hostname, browser, os, device, screen, language, country, subdivision1, subdivision2, city, created_at FROM session
  WHERE session_id = '44444444-0000-4000-8000-0000000000aa' AND website_id = '33333333-0000-4000-8000-000000000001' AND hostname = 'blog.example.com' AND browser = 'firefox' AND os = 'Linux'
  AND device = 'desktop' AND screen = '2560x1440' AND language = 'nl-NL' AND country = 'NL' AND subdivision1 = 'NL-NH' AND subdivision2 IS NULL AND city = 'Amsterdam' AND created_at <= now()), 'session as written');
UPDATE session SET hostname = 'www.blog.example.com', browser = 'chrome', os = 'Windows 11', device = 'laptop', screen = '1366x768', language = 'en-GB', country = 'GB', subdivision1 = 'GB-LND',
  subdivision2 = 'Camden', city = 'London', created_at = '2024-06-01 00:00:00+00', website_id = '33333333-0000-4000-8000-000000000002' WHERE session_id = '44444444-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM session WHERE session_id = '44444444-0000-4000-8000-0000000000aa' AND hostname LIKE 'www.%' AND browser = 'chrome' AND city = 'London'
  AND subdivision2 = 'Camden' AND upper(country) = 'GB' AND created_at = '2024-06-01 00:00:00+00'), 'session updated');
UPDATE session SET hostname = NULL, browser = NULL, os = NULL, device = NULL, screen = NULL, language = NULL, country = NULL, subdivision1 = NULL, subdivision2 = NULL, city = NULL, created_at = NULL
  WHERE session_id = '44444444-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(session_id), pg_temp.t(website_id), pg_temp.t(hostname), pg_temp.t(browser), pg_temp.t(os), pg_temp.t(device), pg_temp.t(screen),
  pg_temp.t(language), pg_temp.t(country), pg_temp.t(subdivision1), pg_temp.t(subdivision2), pg_temp.t(city), pg_temp.t(created_at)) FROM session WHERE session_id = '44444444-0000-4000-8000-000000000005'),
  'uuid,uuid,text,text,text,text,text,text,character,text,text,text,timestamp with time zone'), 'session types');
PREPARE session_metrics(uuid, timestamptz, timestamptz) AS SELECT browser, os, device, screen, language, country, subdivision1, city, hostname, count(DISTINCT session_id) FROM session
  WHERE website_id = $1 AND created_at BETWEEN $2 AND $3 GROUP BY browser, os, device, screen, language, country, subdivision1, city, hostname ORDER BY 10 DESC;
EXECUTE session_metrics('33333333-0000-4000-8000-000000000002', '2024-04-01 00:00:00+00', '2024-05-01 00:00:00+00');
SELECT session_id, website_id, hostname, browser, os, device, screen, language, country, subdivision1, subdivision2, city, created_at FROM session WHERE session_id = '44444444-0000-4000-8000-000000000003'
  OR website_id = '33333333-0000-4000-8000-000000000001' AND created_at > '2024-04-01'::timestamptz AND hostname = 'blog.example.com' AND country = 'US' AND subdivision1 LIKE 'US-%' ORDER BY created_at;
SELECT pg_temp.refused($$INSERT INTO session (session_id, website_id) VALUES ('44444444-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001')$$, '23505');
PREPARE add_event(uuid, uuid, uuid, timestamptz, varchar, varchar, varchar, varchar, varchar, varchar, integer, varchar) AS INSERT INTO website_event (event_id, website_id, session_id, created_at,
  url_path, url_query, referrer_path, referrer_query, referrer_domain, page_title, event_type, event_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  RETURNING event_id, website_id, session_id, created_at, url_path, url_query, referrer_path, referrer_query, referrer_domain, page_title, event_type, event_name;
EXECUTE add_event('55555555-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000002', '2024-06-01 10:00:00+00', '/blog/new-post',
  'utm_source=twitter&utm_medium=social', '/', 'q=umami', 'twitter.com', 'New post', 1, NULL);
EXECUTE add_event('55555555-0000-4000-8000-0000000000ab', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000002', '2024-06-01 10:01:00+00', '/blog/new-post',
  NULL, NULL, NULL, NULL, 'New post', 2, 'signup-button');
INSERT INTO website_event (event_id, website_id, session_id, url_path) VALUES ('55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001', '/')
  ON CONFLICT (event_id) DO NOTHING;
INSERT INTO website_event (event_id, website_id, session_id, url_path) VALUES ('55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001', '/')
  ON CONFLICT ON CONSTRAINT website_event_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT event_id, website_id, session_id, created_at, url_path, url_query, referrer_path, referrer_query, referrer_domain, page_title, event_type, event_name FROM website_event
  WHERE event_id = '55555555-0000-4000-8000-0000000000aa' AND website_id = '33333333-0000-4000-8000-000000000001' AND session_id = '44444444-0000-4000-8000-000000000002'
  AND created_at = '2024-06-01 10:00:00+00' AND url_path = '/blog/new-post' AND url_query LIKE '%utm_source=twitter%' AND referrer_path = '/' AND referrer_query = 'q=umami'
  AND referrer_domain = 'twitter.com' AND page_title = 'New post' AND event_type = 1 AND event_name IS NULL), 'event as written');
SELECT pg_temp.check((SELECT count(*) FROM website_event WHERE session_id = '44444444-0000-4000-8000-000000000002' AND created_at >= '2024-06-01' AND event_type = 2 AND event_name = 'signup-button') = 1, 'custom event');
UPDATE website_event SET url_path = '/blog/new-post-2', url_query = 'ref=hn', referrer_path = '/news', referrer_query = 'p=1', referrer_domain = 'news.ycombinator.com', page_title = 'New post 2',
  event_type = 2, event_name = 'click', created_at = '2024-06-01 11:00:00+00', website_id = '33333333-0000-4000-8000-000000000002', session_id = '44444444-0000-4000-8000-000000000004'
  WHERE event_id = '55555555-0000-4000-8000-0000000000aa';
UPDATE website_event SET url_query = NULL, referrer_path = NULL, referrer_query = NULL, referrer_domain = NULL, page_title = NULL, event_name = NULL, created_at = NULL WHERE event_id = '55555555-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(event_id), pg_temp.t(website_id), pg_temp.t(session_id), pg_temp.t(created_at), pg_temp.t(url_path), pg_temp.t(url_query),
  pg_temp.t(referrer_path), pg_temp.t(referrer_query), pg_temp.t(referrer_domain), pg_temp.t(page_title), pg_temp.t(event_type), pg_temp.t(event_name)) FROM website_event
  WHERE event_id = '55555555-0000-4000-8000-000000000010'), 'uuid,uuid,uuid,timestamp with time zone,text,text,text,text,text,text,integer,text'), 'website_event types');
PREPARE pageviews(uuid, timestamptz, timestamptz) AS SELECT date_trunc('hour', created_at) AS t, count(*) AS pageviews, count(DISTINCT session_id) AS visitors FROM website_event
  WHERE website_id = $1 AND created_at BETWEEN $2 AND $3 AND event_type = 1 GROUP BY 1 ORDER BY 1;
EXECUTE pageviews('33333333-0000-4000-8000-000000000001', '2024-04-01 00:00:00+00', '2024-05-01 00:00:00+00');
PREPARE event_metrics(uuid, timestamptz, timestamptz) AS SELECT url_path, url_query, referrer_domain, referrer_path, referrer_query, page_title, event_name, count(*) FROM website_event
  WHERE website_id = $1 AND created_at BETWEEN $2 AND $3 GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 8 DESC LIMIT 100;
EXECUTE event_metrics('33333333-0000-4000-8000-000000000002', '2024-04-01 00:00:00+00', '2024-05-01 00:00:00+00');
SELECT event_id, website_id, session_id, created_at, url_path, url_query, referrer_path, referrer_query, referrer_domain, page_title, event_type, event_name FROM website_event
  WHERE event_id = '55555555-0000-4000-8000-000000000020' OR session_id = '44444444-0000-4000-8000-000000000003' AND website_id = '33333333-0000-4000-8000-000000000001'
  OR url_query LIKE '%utm_campaign=spring%' AND lower(referrer_domain) LIKE '%google%' ORDER BY created_at DESC LIMIT 50;
SELECT pg_temp.refused($$INSERT INTO website_event (event_id, website_id, session_id, url_path) VALUES ('55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', '/')$$, '23505');
PREPARE add_event_data(uuid, uuid, uuid, varchar, varchar, numeric, timestamptz, integer) AS INSERT INTO event_data (event_id, website_id, website_event_id, event_key, event_string_value,
  event_numeric_value, event_date_value, event_data_type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  RETURNING event_id, website_id, website_event_id, event_key, event_string_value, event_numeric_value, event_date_value, event_data_type, created_at;
EXECUTE add_event_data('66666666-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000001', '55555555-0000-4000-8000-0000000000ab', 'plan', 'pro', NULL, NULL, 1);
EXECUTE add_event_data('66666666-0000-4000-8000-0000000000ab', '33333333-0000-4000-8000-000000000001', '55555555-0000-4000-8000-0000000000ab', 'revenue', NULL, 49.5, NULL, 2);
EXECUTE add_event_data('66666666-0000-4000-8000-0000000000ac', '33333333-0000-4000-8000-000000000001', '55555555-0000-4000-8000-0000000000ab', 'trial_end', NULL, NULL, '2024-07-01 00:00:00+00', 4);
INSERT INTO event_data (event_id, website_id, website_event_id, event_key, event_data_type) VALUES ('66666666-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '55555555-0000-4000-8000-000000000001', 'k', 1) ON CONFLICT (event_id) DO NOTHING;
INSERT INTO event_data (event_id, website_id, website_event_id, event_key, event_data_type) VALUES ('66666666-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '55555555-0000-4000-8000-000000000001', 'k', 1) ON CONFLICT ON CONSTRAINT event_data_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT event_id, website_id, website_event_id, event_key, event_string_value, event_numeric_value, event_date_value, event_data_type, created_at FROM event_data
  WHERE event_id = '66666666-0000-4000-8000-0000000000ab' AND website_id = '33333333-0000-4000-8000-000000000001' AND website_event_id = '55555555-0000-4000-8000-0000000000ab'
  AND event_key = 'revenue' AND event_string_value IS NULL AND event_numeric_value = 49.5 AND event_numeric_value * 2 = 99 AND event_date_value IS NULL AND event_data_type = 2), 'event data as written');
SELECT pg_temp.check((SELECT event_date_value + interval '1 day' FROM event_data WHERE event_id = '66666666-0000-4000-8000-0000000000ac') = '2024-07-02 00:00:00+00'
  AND (SELECT event_string_value FROM event_data WHERE event_id = '66666666-0000-4000-8000-0000000000aa') = 'pro', 'event data values');
UPDATE event_data SET event_key = 'plan_name', event_string_value = 'enterprise', event_numeric_value = 1.5, event_date_value = '2024-07-02 00:00:00+00', event_data_type = 1,
  created_at = '2024-06-01 00:00:00+00', website_id = '33333333-0000-4000-8000-000000000002', website_event_id = '55555555-0000-4000-8000-0000000000aa' WHERE event_id = '66666666-0000-4000-8000-0000000000aa';
UPDATE event_data SET event_string_value = NULL, event_numeric_value = NULL, event_date_value = NULL, created_at = NULL WHERE event_id = '66666666-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(event_id), pg_temp.t(website_id), pg_temp.t(website_event_id), pg_temp.t(event_key), pg_temp.t(event_string_value),
  pg_temp.t(event_numeric_value), pg_temp.t(event_date_value), pg_temp.t(event_data_type), pg_temp.t(created_at)) FROM event_data WHERE event_id = '66666666-0000-4000-8000-000000000001'),
  'uuid,uuid,uuid,text,text,numeric,timestamp with time zone,integer,timestamp with time zone'), 'event_data types');
PREPARE event_data_fields(uuid, timestamptz, timestamptz) AS SELECT event_key, event_data_type, count(*), sum(event_numeric_value), max(event_date_value), min(event_string_value) FROM event_data
  WHERE website_id = $1 AND created_at BETWEEN $2 AND $3 GROUP BY event_key, event_data_type ORDER BY 3 DESC;
EXECUTE event_data_fields('33333333-0000-4000-8000-000000000002', '2024-04-01 00:00:00+00', '2024-05-01 00:00:00+00');
SELECT event_id, website_id, website_event_id, event_key, event_string_value, event_numeric_value, event_date_value, event_data_type, created_at FROM event_data
  WHERE event_id = '66666666-0000-4000-8000-000000000002' OR website_event_id = '55555555-0000-4000-8000-000000000010' OR website_id = '33333333-0000-4000-8000-000000000001'
  AND created_at > '2024-04-01'::timestamptz AND event_key ILIKE '%revenue%' ORDER BY created_at;
SELECT pg_temp.refused($$INSERT INTO event_data (event_id, website_id, website_event_id, event_key, event_data_type) VALUES ('66666666-0000-4000-8000-000000000001',
  '33333333-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000001', 'k', 1)$$, '23505');
PREPARE add_session_data(uuid, uuid, uuid, varchar, varchar, numeric, timestamptz, integer) AS INSERT INTO session_data (session_data_id, website_id, session_id, session_key, string_value,
  number_value, date_value, data_type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  RETURNING session_data_id, website_id, session_id, session_key, string_value, number_value, date_value, data_type, created_at, deleted_at;
EXECUTE add_session_data('77777777-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-0000000000aa', 'email', 'x@example.com', NULL, NULL, 1);
EXECUTE add_session_data('77777777-0000-4000-8000-0000000000ab', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-0000000000aa', 'seats', NULL, 12, NULL, 2);
INSERT INTO session_data (session_data_id, website_id, session_id, session_key, data_type) VALUES ('77777777-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', 'k', 1) ON CONFLICT (session_data_id) DO NOTHING;
INSERT INTO session_data (session_data_id, website_id, session_id, session_key, data_type) VALUES ('77777777-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', 'k', 1) ON CONFLICT ON CONSTRAINT session_data_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT session_data_id, website_id, session_id, session_key, string_value, number_value, date_value, data_type, created_at, deleted_at FROM session_data
  WHERE session_id = '44444444-0000-4000-8000-0000000000aa' AND session_key = 'seats' AND number_value + 1 = 13 AND string_value IS NULL AND date_value IS NULL AND data_type = 2), 'session data as written');
UPDATE session_data SET session_key = 'email_address', string_value = 'y@example.com', number_value = 1, date_value = '2024-06-01 00:00:00+00', data_type = 1, created_at = '2024-06-01 00:00:00+00',
  deleted_at = '2024-06-02 00:00:00+00', website_id = '33333333-0000-4000-8000-000000000002', session_id = '44444444-0000-4000-8000-000000000004' WHERE session_data_id = '77777777-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM session_data WHERE session_data_id = '77777777-0000-4000-8000-0000000000aa' AND session_key = 'email_address' AND string_value LIKE 'y@%'
  AND deleted_at > created_at), 'session data updated');
UPDATE session_data SET string_value = NULL, number_value = NULL, date_value = NULL, created_at = NULL, deleted_at = NULL WHERE session_data_id = '77777777-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(session_data_id), pg_temp.t(website_id), pg_temp.t(session_id), pg_temp.t(session_key), pg_temp.t(string_value),
  pg_temp.t(number_value), pg_temp.t(date_value), pg_temp.t(data_type), pg_temp.t(created_at), pg_temp.t(deleted_at)) FROM session_data WHERE session_data_id = '77777777-0000-4000-8000-000000000001'),
  'uuid,uuid,uuid,text,text,numeric,timestamp with time zone,integer,timestamp with time zone,timestamp with time zone'), 'session_data types');
SELECT session_data_id, website_id, session_id, session_key, string_value, number_value, date_value, data_type, created_at, deleted_at FROM session_data
  WHERE session_data_id = '77777777-0000-4000-8000-000000000002' OR session_id = '44444444-0000-4000-8000-000000000003' OR website_id = '33333333-0000-4000-8000-000000000002'
  AND created_at > '2024-04-01'::timestamptz ORDER BY session_key;
SELECT pg_temp.refused($$INSERT INTO session_data (session_data_id, website_id, session_id, session_key, data_type) VALUES ('77777777-0000-4000-8000-000000000001',
  '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001', 'k', 1)$$, '23505');
PREPARE delete_website_data(uuid) AS WITH e AS (DELETE FROM event_data WHERE website_id = $1 AND event_id IN ('66666666-0000-4000-8000-0000000000aa', '66666666-0000-4000-8000-0000000000ab'))
  DELETE FROM session_data WHERE website_id = $1 AND session_data_id = '77777777-0000-4000-8000-0000000000aa';
EXECUTE delete_website_data('33333333-0000-4000-8000-000000000002');
DELETE FROM event_data WHERE event_id = '66666666-0000-4000-8000-0000000000ac';
DELETE FROM website_event WHERE event_id = '55555555-0000-4000-8000-0000000000ab';
DELETE FROM session WHERE session_id = '44444444-0000-4000-8000-0000000000aa';
-- Boundary writes (rule B).
INSERT INTO session (session_id, website_id, hostname, browser, os, device, screen, language, country, subdivision1, subdivision2, city) VALUES
  ('44444444-0000-4000-8000-0000000000b1', '33333333-0000-4000-8000-0000000000ff', '', '', '', '', '', '', 'XX', '', '', ''),
  ('44444444-0000-4000-8000-0000000000b2', '33333333-0000-4000-8000-000000000001', 'BLOG.EXAMPLE.COM', 'Chrome', 'Windows 10', 'Desktop', '1920x1080', 'EN-US', 'us', 'US-CA', NULL, 'San Francisco');
INSERT INTO website_event (event_id, website_id, session_id, url_path, url_query, referrer_path, referrer_query, referrer_domain, page_title, event_type, event_name) VALUES
  ('55555555-0000-4000-8000-0000000000b1', '33333333-0000-4000-8000-0000000000ff', '44444444-0000-4000-8000-0000000000ff', '', '', '', '', '', '', 0, ''),
  ('55555555-0000-4000-8000-0000000000b2', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000002', '/PRICING', 'UTM_SOURCE=X', NULL, NULL, NULL, 'PRICING', -1, 'SIGNUP'),
  ('55555555-0000-4000-8000-0000000000b3', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000002', '/PRICING', 'UTM_SOURCE=X', NULL, NULL, NULL, 'PRICING', -1, 'SIGNUP');
INSERT INTO event_data (event_id, website_id, website_event_id, event_key, event_string_value, event_numeric_value, event_date_value, event_data_type) VALUES
  ('66666666-0000-4000-8000-0000000000b1', '33333333-0000-4000-8000-0000000000ff', '55555555-0000-4000-8000-0000000000ff', '', '', 0, NULL, 0),
  ('66666666-0000-4000-8000-0000000000b2', '33333333-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000010', 'REVENUE', NULL, -19.99, NULL, -2),
  ('66666666-0000-4000-8000-0000000000b3', '33333333-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000010', 'REVENUE', NULL, -19.99, NULL, -2);
INSERT INTO session_data (session_data_id, website_id, session_id, session_key, string_value, number_value, date_value, data_type) VALUES
  ('77777777-0000-4000-8000-0000000000b1', '33333333-0000-4000-8000-0000000000ff', '44444444-0000-4000-8000-0000000000ff', '', '', 0, NULL, 0),
  ('77777777-0000-4000-8000-0000000000b2', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001', 'PLAN', 'PRO', -1, NULL, -1),
  ('77777777-0000-4000-8000-0000000000b3', '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001', 'PLAN', 'PRO', -1, NULL, -1);
-- step umami: reports, segments, revenue and boards, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_report(uuid, uuid, uuid, varchar, varchar, varchar, varchar) AS INSERT INTO report (report_id, user_id, website_id, type, name, description, parameters) VALUES ($1, $2, $3, $4, $5, $6, $7)
  RETURNING report_id, user_id, website_id, type, name, description, parameters, created_at, updated_at;
EXECUTE add_report('88888888-0000-4000-8000-0000000000aa', '11111111-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000002', 'funnel', 'Checkout funnel', 'Cart to purchase',
  '{"window":60,"steps":[{"type":"url","value":"/cart"},{"type":"url","value":"/checkout"}]}');
INSERT INTO report (report_id, user_id, website_id, type, name, description, parameters) VALUES ('88888888-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001',
  '33333333-0000-4000-8000-000000000001', 'x', 'x', '', '{}') ON CONFLICT (report_id) DO NOTHING;
INSERT INTO report (report_id, user_id, website_id, type, name, description, parameters) VALUES ('88888888-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001',
  '33333333-0000-4000-8000-000000000001', 'x', 'x', '', '{}') ON CONFLICT ON CONSTRAINT report_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT report_id, user_id, website_id, type, name, description, parameters, created_at, updated_at FROM report WHERE report_id = '88888888-0000-4000-8000-0000000000aa'
  AND user_id = '11111111-0000-4000-8000-000000000002' AND website_id = '33333333-0000-4000-8000-000000000002' AND type = 'funnel' AND name = 'Checkout funnel' AND description = 'Cart to purchase'
  AND parameters LIKE '{"window":60,%' AND length(parameters) > 10 AND updated_at IS NULL), 'report as written');
PREPARE set_report(uuid, uuid, varchar, varchar, varchar, varchar, timestamptz, uuid) AS UPDATE report SET user_id = $1, website_id = $2, type = $3, name = $4, description = $5, parameters = $6,
  updated_at = $7 WHERE report_id = $8;
EXECUTE set_report('11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'insights', 'Checkout insights', '', '{"fields":[],"filters":[]}', '2024-06-01 00:00:00+00',
  '88888888-0000-4000-8000-0000000000aa');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM report WHERE report_id = '88888888-0000-4000-8000-0000000000aa' AND type = 'insights' AND parameters = '{"fields":[],"filters":[]}'
  AND updated_at = '2024-06-01 00:00:00+00'), 'report updated');
UPDATE report SET created_at = NULL, updated_at = NULL WHERE report_id = '88888888-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(report_id), pg_temp.t(user_id), pg_temp.t(website_id), pg_temp.t(type), pg_temp.t(name), pg_temp.t(description),
  pg_temp.t(parameters), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM report WHERE report_id = '88888888-0000-4000-8000-000000000001'),
  'uuid,uuid,uuid,text,text,text,text,timestamp with time zone,timestamp with time zone'), 'report types');
SELECT report_id, user_id, website_id, type, name, description, parameters, created_at, updated_at FROM report WHERE report_id = '88888888-0000-4000-8000-000000000002'
  OR user_id = '11111111-0000-4000-8000-000000000002' OR website_id = '33333333-0000-4000-8000-000000000001' AND type = 'funnel' OR name ILIKE '%goal%' ORDER BY created_at DESC;
SELECT pg_temp.refused($$INSERT INTO report (report_id, user_id, website_id, type, name, description, parameters) VALUES ('88888888-0000-4000-8000-000000000001',
  '11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'x', 'x', '', '{}')$$, '23505');
PREPARE delete_report(uuid) AS DELETE FROM report WHERE report_id = $1;
EXECUTE delete_report('88888888-0000-4000-8000-0000000000aa');
PREPARE add_segment(uuid, uuid, varchar, varchar, jsonb) AS INSERT INTO segment (segment_id, website_id, type, name, parameters) VALUES ($1, $2, $3, $4, $5)
  RETURNING segment_id, website_id, type, name, parameters, created_at, updated_at;
EXECUTE add_segment('99999999-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000001', 'segment', 'Firefox users', '{"filters":[{"name":"browser","operator":"eq","value":"firefox"}]}');
INSERT INTO segment (segment_id, website_id, type, name, parameters) VALUES ('99999999-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'x', 'x', '{}') ON CONFLICT (segment_id) DO NOTHING;
INSERT INTO segment (segment_id, website_id, type, name, parameters) VALUES ('99999999-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'x', 'x', '{}')
  ON CONFLICT ON CONSTRAINT segment_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT segment_id, website_id, type, name, parameters, created_at, updated_at FROM segment WHERE segment_id = '99999999-0000-4000-8000-0000000000aa'
  AND website_id = '33333333-0000-4000-8000-000000000001' AND type = 'segment' AND name = 'Firefox users' AND parameters->'filters'->0->>'value' = 'firefox'
  AND parameters @> '{"filters":[{"name":"browser"}]}' AND updated_at IS NULL), 'segment as written');
UPDATE segment SET website_id = '33333333-0000-4000-8000-000000000002', type = 'cohort', name = 'Firefox cohort', parameters = '{"filters":[]}', updated_at = '2024-06-01 00:00:00+00'
  WHERE segment_id = '99999999-0000-4000-8000-0000000000aa';
UPDATE segment SET created_at = NULL, updated_at = NULL WHERE segment_id = '99999999-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(segment_id), pg_temp.t(website_id), pg_temp.t(type), pg_temp.t(name), pg_temp.t(parameters), pg_temp.t(created_at),
  pg_temp.t(updated_at)) FROM segment WHERE segment_id = '99999999-0000-4000-8000-000000000001'), 'uuid,uuid,text,text,jsonb,timestamp with time zone,timestamp with time zone'), 'segment types');
SELECT segment_id, website_id, type, name, parameters, created_at, updated_at FROM segment WHERE segment_id = '99999999-0000-4000-8000-000000000002' OR website_id = '33333333-0000-4000-8000-000000000002'
  AND type = 'segment' ORDER BY name;
SELECT pg_temp.refused($$INSERT INTO segment (segment_id, website_id, type, name, parameters) VALUES ('99999999-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'x', 'x', '{}')$$, '23505');
DELETE FROM segment WHERE segment_id = '99999999-0000-4000-8000-0000000000aa';
PREPARE add_revenue(uuid, uuid, uuid, uuid, varchar, varchar, numeric, timestamptz) AS INSERT INTO revenue (revenue_id, website_id, session_id, event_id, event_name, currency, revenue, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING revenue_id, website_id, session_id, event_id, event_name, currency, revenue, created_at;
EXECUTE add_revenue('aaaaaaaa-0000-4000-8000-0000000000aa', '33333333-0000-4000-8000-000000000002', '44444444-0000-4000-8000-000000000004', '55555555-0000-4000-8000-000000000030', 'purchase', 'EUR', 129.95,
  '2024-06-01 00:00:00+00');
INSERT INTO revenue (revenue_id, website_id, session_id, event_id, event_name, currency) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000001', 'x', 'USD') ON CONFLICT (revenue_id) DO NOTHING;
INSERT INTO revenue (revenue_id, website_id, session_id, event_id, event_name, currency) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000001', 'x', 'USD') ON CONFLICT ON CONSTRAINT revenue_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT revenue_id, website_id, session_id, event_id, event_name, currency, revenue, created_at FROM revenue WHERE revenue_id = 'aaaaaaaa-0000-4000-8000-0000000000aa'
  AND website_id = '33333333-0000-4000-8000-000000000002' AND session_id = '44444444-0000-4000-8000-000000000004' AND event_id = '55555555-0000-4000-8000-000000000030' AND event_name = 'purchase'
  AND currency = 'EUR' AND revenue = 129.95 AND round(revenue) = 130 AND created_at = '2024-06-01 00:00:00+00'), 'revenue as written');
UPDATE revenue SET website_id = '33333333-0000-4000-8000-000000000001', session_id = '44444444-0000-4000-8000-000000000002', event_id = '55555555-0000-4000-8000-000000000020', event_name = 'refund',
  currency = 'USD', revenue = 10 WHERE revenue_id = 'aaaaaaaa-0000-4000-8000-0000000000aa';
UPDATE revenue SET revenue = NULL, created_at = NULL WHERE revenue_id = 'aaaaaaaa-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(revenue_id), pg_temp.t(website_id), pg_temp.t(session_id), pg_temp.t(event_id), pg_temp.t(event_name), pg_temp.t(currency),
  pg_temp.t(revenue), pg_temp.t(created_at)) FROM revenue WHERE revenue_id = 'aaaaaaaa-0000-4000-8000-000000000001'), 'uuid,uuid,uuid,uuid,text,text,numeric,timestamp with time zone'), 'revenue types');
PREPARE revenue_by_currency(uuid, timestamptz, timestamptz) AS SELECT currency, sum(revenue) AS sum, count(DISTINCT event_id) AS count, count(DISTINCT session_id) AS unique_count FROM revenue
  WHERE website_id = $1 AND created_at BETWEEN $2 AND $3 GROUP BY currency ORDER BY sum DESC;
EXECUTE revenue_by_currency('33333333-0000-4000-8000-000000000002', '2024-04-01 00:00:00+00', '2024-05-01 00:00:00+00');
SELECT revenue_id, website_id, session_id, event_id, event_name, currency, revenue, created_at FROM revenue WHERE revenue_id = 'aaaaaaaa-0000-4000-8000-000000000002'
  OR session_id = '44444444-0000-4000-8000-000000000011' OR website_id = '33333333-0000-4000-8000-000000000003' AND created_at > '2024-04-01'::timestamptz ORDER BY created_at;
SELECT pg_temp.refused($$INSERT INTO revenue (revenue_id, website_id, session_id, event_id, event_name, currency) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000001', 'x', 'USD')$$, '23505');
DELETE FROM revenue WHERE revenue_id = 'aaaaaaaa-0000-4000-8000-0000000000aa';
PREPARE add_board(uuid, varchar, varchar, varchar, jsonb, varchar, uuid, uuid) AS INSERT INTO board (board_id, type, name, description, parameters, slug, user_id, team_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING board_id, type, name, description, parameters, slug, user_id, team_id, created_at, updated_at;
EXECUTE add_board('bbbbbbbb-0000-4000-8000-0000000000aa', 'board', 'Sales', 'Shop numbers', '{"layout":[{"type":"revenue"}]}', 'sales-z9', '11111111-0000-4000-8000-000000000002', NULL);
INSERT INTO board (board_id, type, name, description, parameters, slug) VALUES ('bbbbbbbb-0000-4000-8000-000000000001', 'board', 'x', '', '{}', 'x-1') ON CONFLICT (board_id) DO NOTHING;
INSERT INTO board (board_id, type, name, description, parameters, slug) VALUES ('bbbbbbbb-0000-4000-8000-000000000001', 'board', 'x', '', '{}', 'x-1') ON CONFLICT ON CONSTRAINT board_pkey DO NOTHING;
INSERT INTO board (board_id, type, name, description, parameters, slug) VALUES ('bbbbbbbb-0000-4000-8000-0000000000ab', 'board', 'x', '', '{}', 'overview-x1') ON CONFLICT (slug) DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT board_id, type, name, description, parameters, slug, user_id, team_id, created_at, updated_at FROM board WHERE slug = 'sales-z9' AND board_id = 'bbbbbbbb-0000-4000-8000-0000000000aa'
  AND type = 'board' AND name = 'Sales' AND description = 'Shop numbers' AND parameters->'layout'->0->>'type' = 'revenue' AND user_id = '11111111-0000-4000-8000-000000000002' AND team_id IS NULL
  AND updated_at IS NULL), 'board as written');
UPDATE board SET type = 'dashboard', name = 'Sales 2', description = '', parameters = '{"layout":[]}', slug = 'sales-z10', user_id = NULL, team_id = '22222222-0000-4000-8000-000000000001',
  updated_at = '2024-06-01 00:00:00+00' WHERE board_id = 'bbbbbbbb-0000-4000-8000-0000000000aa';
UPDATE board SET user_id = NULL, team_id = NULL, created_at = NULL, updated_at = NULL WHERE board_id = 'bbbbbbbb-0000-4000-8000-0000000000aa';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(board_id), pg_temp.t(type), pg_temp.t(name), pg_temp.t(description), pg_temp.t(parameters), pg_temp.t(slug), pg_temp.t(user_id),
  pg_temp.t(team_id), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM board WHERE board_id = 'bbbbbbbb-0000-4000-8000-000000000001'),
  'uuid,text,text,text,jsonb,text,uuid,uuid,timestamp with time zone,timestamp with time zone'), 'board types');
SELECT board_id, type, name, description, parameters, slug, user_id, team_id, created_at, updated_at FROM board WHERE board_id = 'bbbbbbbb-0000-4000-8000-000000000002' OR slug = 'overview-x1'
  OR user_id = '11111111-0000-4000-8000-000000000001' OR team_id = '22222222-0000-4000-8000-000000000001' OR created_at > '2024-01-01'::timestamptz ORDER BY created_at;
SELECT pg_temp.refused($$INSERT INTO board (board_id, type, name, description, parameters, slug) VALUES ('bbbbbbbb-0000-4000-8000-000000000001', 'board', 'x', '', '{}', 'x-2')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO board (board_id, type, name, description, parameters, slug) VALUES ('bbbbbbbb-0000-4000-8000-0000000000ac', 'board', 'x', '', '{}', 'overview-x1')$$, '23505');
DELETE FROM board WHERE board_id = 'bbbbbbbb-0000-4000-8000-0000000000aa';
-- Boundary writes (rule B).
INSERT INTO report (report_id, user_id, website_id, type, name, description, parameters) VALUES ('88888888-0000-4000-8000-0000000000b1', '11111111-0000-4000-8000-0000000000ff',
  '33333333-0000-4000-8000-0000000000ff', '', '', '', ''), ('88888888-0000-4000-8000-0000000000b2', '11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'FUNNEL', 'Signup funnel',
  'Visitors who sign up', '{"window":60}'), ('88888888-0000-4000-8000-0000000000b3', '11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'FUNNEL', 'Signup funnel',
  'Visitors who sign up', '{"window":60}');
INSERT INTO segment (segment_id, website_id, type, name, parameters) VALUES ('99999999-0000-4000-8000-0000000000b1', '33333333-0000-4000-8000-0000000000ff', '', '', '{}'),
  ('99999999-0000-4000-8000-0000000000b2', '33333333-0000-4000-8000-000000000001', 'SEGMENT', 'US visitors', '{"filters":[]}'), ('99999999-0000-4000-8000-0000000000b3', '33333333-0000-4000-8000-000000000001', 'SEGMENT', 'US visitors', '{"filters":[]}');
INSERT INTO revenue (revenue_id, website_id, session_id, event_id, event_name, currency, revenue, created_at) VALUES ('aaaaaaaa-0000-4000-8000-0000000000b1', '33333333-0000-4000-8000-0000000000ff',
  '44444444-0000-4000-8000-0000000000ff', '55555555-0000-4000-8000-0000000000ff', '', '', 0, now()), ('aaaaaaaa-0000-4000-8000-0000000000b2', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000010', 'PURCHASE', 'usd', -19.99, now()), ('aaaaaaaa-0000-4000-8000-0000000000b3', '33333333-0000-4000-8000-000000000001',
  '44444444-0000-4000-8000-000000000001', '55555555-0000-4000-8000-000000000010', 'PURCHASE', 'usd', -19.99, now());
INSERT INTO board (board_id, type, name, description, parameters, slug, user_id, team_id) VALUES ('bbbbbbbb-0000-4000-8000-0000000000b1', '', '', '', '{}', '', '11111111-0000-4000-8000-0000000000ff',
  '22222222-0000-4000-8000-0000000000ff'), ('bbbbbbbb-0000-4000-8000-0000000000b2', 'BOARD', 'Overview', 'All sites', '{}', 'OVERVIEW-X1', NULL, NULL);
-- step immich: users, user metadata and the user audit, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_user(varchar, varchar, varchar, boolean, varchar, bigint, boolean, varchar) AS INSERT INTO users (email, name, password, "isAdmin", "storageLabel", "quotaSizeInBytes",
  "shouldChangePassword", "oauthId") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, email, password, "createdAt", "profileImagePath", "isAdmin", "shouldChangePassword", "deletedAt",
  "oauthId", "updatedAt", "storageLabel", name, "quotaSizeInBytes", "quotaUsageInBytes", status, "profileChangedAt", "updateId";
EXECUTE add_user('dora@immich.example', 'Dora', '$2b$10$dorahash', false, 'dora', 53687091200, true, '');
EXECUTE add_user('eve@immich.example', 'Eve', '', false, NULL, NULL, false, 'oidc|eve');
INSERT INTO users (email, name) VALUES ('admin@immich.example', 'x') ON CONFLICT (email) DO NOTHING;
INSERT INTO users (email, name) VALUES ('admin@immich.example', 'x') ON CONFLICT ON CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" DO NOTHING;
INSERT INTO users (email, name, "storageLabel") VALUES ('x@immich.example', 'x', 'admin') ON CONFLICT ("storageLabel") DO NOTHING;
INSERT INTO users (email, name, "storageLabel") VALUES ('x@immich.example', 'x', 'admin') ON CONFLICT ON CONSTRAINT "UQ_b309cf34fa58137c416b32cea3a" DO NOTHING;
INSERT INTO users (id, email, name) VALUES ('c0000000-0000-4000-8000-000000000001', 'x@immich.example', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO users (id, email, name) VALUES ('c0000000-0000-4000-8000-000000000001', 'x@immich.example', 'x') ON CONFLICT ON CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, email, password, "createdAt", "profileImagePath", "isAdmin", "shouldChangePassword", "deletedAt", "oauthId", "updatedAt", "storageLabel", name,
  "quotaSizeInBytes", "quotaUsageInBytes", status, "profileChangedAt", "updateId" FROM users WHERE email = 'dora@immich.example' AND name = 'Dora' AND password LIKE '$2b$%' AND NOT "isAdmin"
  AND "storageLabel" = 'dora' AND "quotaSizeInBytes" = 53687091200 AND "quotaSizeInBytes" / 1073741824 = 50 AND "shouldChangePassword" AND "oauthId" = '' AND "deletedAt" IS NULL
  AND "createdAt" <= now()), 'user as written');
SELECT pg_temp.check((SELECT id FROM users WHERE "oauthId" = 'oidc|eve') IS NOT NULL AND (SELECT "storageLabel" FROM users WHERE email = 'eve@immich.example') IS NULL, 'oauth user as written');
CREATE TEMP TABLE before_update AS SELECT id, "updateId", "updatedAt" FROM users WHERE email = 'dora@immich.example';
SELECT set_config('h.id', (SELECT id::text FROM before_update), true);
PREPARE set_user(varchar, varchar, varchar, varchar, boolean, boolean, varchar, varchar, bigint, varchar, timestamptz, varchar) AS UPDATE users SET email = $1, name = $2, password = $3,
  "profileImagePath" = $4, "isAdmin" = $5, "shouldChangePassword" = $6, "oauthId" = $7, "storageLabel" = $8, "quotaSizeInBytes" = $9, status = $10, "profileChangedAt" = $11 WHERE email = $12
  RETURNING id, "updatedAt", "updateId";
EXECUTE set_user('dora2@immich.example', 'Dora B', '$2b$10$dorahash2', '/data/profile/dora/a.jpg', true, false, 'oidc|dora', 'dora2', 107374182400, 'active', '2024-06-01 00:00:00+00', 'dora@immich.example');
PREPARE add_usage(bigint, uuid) AS UPDATE users SET "quotaUsageInBytes" = "quotaUsageInBytes" + $1 WHERE id = $2;
EXECUTE add_usage(2048, current_setting('h.id')::uuid);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM users u JOIN before_update b ON b.id = u.id WHERE u.email = 'dora2@immich.example' AND u.name = 'Dora B' AND u."isAdmin" AND NOT u."shouldChangePassword"
  AND u."oauthId" = 'oidc|dora' AND u."storageLabel" = 'dora2' AND u."profileImagePath" LIKE '/data/profile/%' AND u."quotaSizeInBytes" = 107374182400 AND u."quotaUsageInBytes" >= 2048
  AND u."profileChangedAt" = '2024-06-01 00:00:00+00' AND u."updateId" <> b."updateId"), 'user updated, updateId set by the updated_at trigger');
UPDATE users SET "deletedAt" = now(), status = 'deleted' WHERE email = 'eve@immich.example';
UPDATE users SET "deletedAt" = NULL, "storageLabel" = NULL, "quotaSizeInBytes" = NULL, status = 'active' WHERE email IN ('dora2@immich.example', 'eve@immich.example');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(email), pg_temp.t(password), pg_temp.t("createdAt"), pg_temp.t("profileImagePath"), pg_temp.t("isAdmin"),
  pg_temp.t("shouldChangePassword"), pg_temp.t("deletedAt"), pg_temp.t("oauthId"), pg_temp.t("updatedAt"), pg_temp.t("storageLabel"), pg_temp.t(name), pg_temp.t("quotaSizeInBytes"),
  pg_temp.t("quotaUsageInBytes"), pg_temp.t(status), pg_temp.t("profileChangedAt"), pg_temp.t("updateId")) FROM users WHERE id = 'c0000000-0000-4000-8000-000000000001'),
  'uuid,text,text,timestamp with time zone,text,boolean,boolean,timestamp with time zone,text,timestamp with time zone,text,text,bigint,bigint,text,timestamp with time zone,uuid'), 'users types');
SELECT id, email, password, "createdAt", "profileImagePath", "isAdmin", "shouldChangePassword", "deletedAt", "oauthId", "updatedAt", "storageLabel", name, "quotaSizeInBytes", "quotaUsageInBytes",
  status, "profileChangedAt", "updateId" FROM users WHERE (id = 'c0000000-0000-4000-8000-000000000002' OR email = 'admin@immich.example' OR "storageLabel" = 'admin' OR "oauthId" = 'oidc|anna'
  OR "isAdmin") AND "deletedAt" IS NULL ORDER BY "createdAt";
PREPARE users_sync(timestamptz) AS SELECT id, name, email, "deletedAt", "updateId" FROM users WHERE "updatedAt" < $1 ORDER BY "updateId" ASC;
EXECUTE users_sync(now() - interval '1 second');
SELECT id, email FROM users WHERE "updatedAt" > '2024-01-01'::timestamptz ORDER BY "updatedAt", id LIMIT 10;
SELECT id, "deletedAt" FROM users WHERE "deletedAt" < now() - interval '7 days' AND status = 'deleted';
SELECT pg_temp.check(immich_uuid_v7() IS NOT NULL AND substr(immich_uuid_v7(now())::text, 15, 1) = '7' AND immich_uuid_v7('2024-01-01 00:00:00+00') < immich_uuid_v7(now()), 'immich_uuid_v7');
SELECT pg_temp.refused($$INSERT INTO users (email, name) VALUES ('anna@immich.example', 'dup')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO users (email, name, "storageLabel") VALUES ('new@immich.example', 'dup', 'admin')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO users (id, email, name) VALUES ('c0000000-0000-4000-8000-000000000001', 'new2@immich.example', 'dup')$$, '23505');
PREPARE upsert_metadata(uuid, varchar, jsonb) AS INSERT INTO user_metadata ("userId", key, value) VALUES ($1, $2, $3) ON CONFLICT ("userId", key) DO UPDATE SET value = EXCLUDED.value
  RETURNING "userId", key, value;
EXECUTE upsert_metadata(current_setting('h.id')::uuid, 'preferences', '{"avatar": {"color": "green"}}');
EXECUTE upsert_metadata(current_setting('h.id')::uuid, 'preferences', '{"avatar": {"color": "blue"}, "tags": {"enabled": true}}');
EXECUTE upsert_metadata(current_setting('h.id')::uuid, 'onboarding', '{"isOnboarded": false}');
INSERT INTO user_metadata ("userId", key, value) VALUES ('c0000000-0000-4000-8000-000000000001', 'preferences', '{}') ON CONFLICT ON CONSTRAINT "PK_5931462150b3438cbc83277fe5a" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "userId", key, value FROM user_metadata WHERE "userId" = (SELECT id FROM before_update) AND key = 'preferences' AND value->'avatar'->>'color' = 'blue'
  AND value @> '{"tags": {"enabled": true}}'), 'metadata as written');
UPDATE user_metadata SET value = '{"isOnboarded": true}', key = 'onboarding' WHERE "userId" = (SELECT id FROM before_update) AND key = 'onboarding';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("userId"), pg_temp.t(key), pg_temp.t(value)) FROM user_metadata WHERE "userId" = 'c0000000-0000-4000-8000-000000000001'
  AND key = 'preferences'), 'uuid,text,jsonb'), 'user_metadata types');
SELECT "userId", key, value FROM user_metadata WHERE "userId" = 'c0000000-0000-4000-8000-000000000002' ORDER BY key;
SELECT u.id, u.name, m.value->'avatar'->>'color' FROM users u LEFT JOIN user_metadata m ON m."userId" = u.id AND m.key = 'preferences' WHERE u."deletedAt" IS NULL;
SELECT pg_temp.refused($$INSERT INTO user_metadata ("userId", key, value) VALUES ('c0000000-0000-4000-8000-000000000001', 'preferences', '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO user_metadata ("userId", key, value) VALUES ('c0000000-0000-4000-8000-0000000000ff', 'preferences', '{}')$$, '23503');
DELETE FROM user_metadata WHERE "userId" = (SELECT id FROM before_update) AND key = 'onboarding';
SELECT id, "userId", "deletedAt" FROM users_audit WHERE "deletedAt" < now() ORDER BY id;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("userId"), pg_temp.t("deletedAt"), pg_temp.t(id)) FROM users_audit LIMIT 1), 'uuid,timestamp with time zone,uuid'), 'users_audit types');
PREPARE delete_user(uuid) AS DELETE FROM users WHERE id = $1;
EXECUTE delete_user(current_setting('h.id')::uuid);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM users_audit WHERE "userId" = (SELECT id FROM before_update) AND "deletedAt" <= clock_timestamp())
  AND NOT EXISTS (SELECT 1 FROM user_metadata WHERE "userId" = (SELECT id FROM before_update)), 'user delete audited (users_delete_audit) and its metadata cascaded');
DELETE FROM users_audit WHERE "deletedAt" < now() - interval '100 days' AND "userId" = 'c0000000-0000-4000-8000-0000000000fe';
DROP TABLE before_update;
-- Boundary writes (rule B).
INSERT INTO users (email, name, password, "storageLabel", "quotaSizeInBytes", "oauthId") VALUES ('', '', '', '', 0, ''), ('ANNA@IMMICH.EXAMPLE', 'ANNA', '$2b$10$x', 'ADMIN', -1, 'oidc|ANNA'),
  ('anna2@immich.example', 'Anna', '$2b$10$annahash', NULL, 10737418240, 'oidc|anna');
INSERT INTO user_metadata ("userId", key, value) VALUES ('c0000000-0000-4000-8000-000000000003', '', '{}'), ('c0000000-0000-4000-8000-000000000003', 'PREFERENCES', '{"avatar": {"color": "PINK"}}');
-- step immich: sessions, API keys and partners, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_session(uuid, varchar, varchar, varchar) AS INSERT INTO sessions ("userId", token, "deviceOS", "deviceType") VALUES ($1, $2, $3, $4)
  RETURNING id, token, "createdAt", "updatedAt", "userId", "deviceType", "deviceOS", "updateId";
EXECUTE add_session('c0000000-0000-4000-8000-000000000002', 'hashedtokennew', 'Android', 'Mobile');
INSERT INTO sessions (id, "userId", token) VALUES ('c1000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO sessions (id, "userId", token) VALUES ('c1000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x') ON CONFLICT ON CONSTRAINT "PK_48cb6b5c20faa63157b3c1baf7f" DO NOTHING;
PREPARE session_by_token(varchar) AS SELECT s.id, s."updatedAt", s."userId", s."deviceType", s."deviceOS", s."createdAt", s."updateId", u.id AS user_id, u."isAdmin", u."quotaUsageInBytes"
  FROM sessions s JOIN users u ON u.id = s."userId" AND u."deletedAt" IS NULL WHERE s.token = $1;
EXECUTE session_by_token('hashedtokennew');
SELECT pg_temp.check(EXISTS (SELECT id, token, "createdAt", "updatedAt", "userId", "deviceType", "deviceOS", "updateId" FROM sessions WHERE token = 'hashedtokennew'
  AND "userId" = 'c0000000-0000-4000-8000-000000000002' AND "deviceOS" = 'Android' AND "deviceType" = 'Mobile' AND "createdAt" <= now()), 'session as written');
CREATE TEMP TABLE before_update AS SELECT id, "updateId" FROM sessions WHERE token = 'hashedtokennew';
SELECT set_config('h.id', (SELECT id::text FROM before_update), true);
PREPARE set_session(varchar, varchar, varchar, uuid, uuid) AS UPDATE sessions SET token = $1, "deviceOS" = $2, "deviceType" = $3, "userId" = $4 WHERE id = $5 RETURNING id, "updatedAt", "updateId";
EXECUTE set_session('hashedtokennew2', 'iOS', 'iPhone', 'c0000000-0000-4000-8000-000000000003', current_setting('h.id')::uuid);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM sessions s JOIN before_update b ON b.id = s.id WHERE s.token = 'hashedtokennew2' AND s."deviceOS" = 'iOS' AND s."deviceType" = 'iPhone'
  AND s."userId" = 'c0000000-0000-4000-8000-000000000003' AND s."updateId" <> b."updateId" AND s."updatedAt" >= s."createdAt"), 'session updated, updateId set by the updated_at trigger');
UPDATE sessions SET "updatedAt" = now() WHERE id = 'c1000000-0000-4000-8000-000000000002';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(token), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("userId"), pg_temp.t("deviceType"),
  pg_temp.t("deviceOS"), pg_temp.t("updateId")) FROM sessions WHERE id = 'c1000000-0000-4000-8000-000000000001'),
  'uuid,text,timestamp with time zone,timestamp with time zone,uuid,text,text,uuid'), 'sessions types');
SELECT id, token, "createdAt", "updatedAt", "userId", "deviceType", "deviceOS", "updateId" FROM sessions WHERE id = 'c1000000-0000-4000-8000-000000000003' OR "userId" = 'c0000000-0000-4000-8000-000000000002'
  OR "updatedAt" < now() - interval '90 days' ORDER BY "updatedAt" DESC;
SELECT pg_temp.refused($$INSERT INTO sessions (id, "userId", token) VALUES ('c1000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO sessions ("userId", token) VALUES ('c0000000-0000-4000-8000-0000000000ff', 'x')$$, '23503');
PREPARE delete_session(uuid) AS DELETE FROM sessions WHERE id = $1;
EXECUTE delete_session(current_setting('h.id')::uuid);
DELETE FROM sessions WHERE "userId" = 'c0000000-0000-4000-8000-000000000003' AND id <> 'c1000000-0000-4000-8000-000000000002' AND "updatedAt" < '2000-01-01';
DROP TABLE before_update;
PREPARE add_api_key(varchar, varchar, uuid, varchar[]) AS INSERT INTO api_keys (name, key, "userId", permissions) VALUES ($1, $2, $3, $4)
  RETURNING id, name, "userId", "createdAt", "updatedAt", permissions, "updateId";
EXECUTE add_api_key('Photo frame', 'hashedkeynew', 'c0000000-0000-4000-8000-000000000003', ARRAY['asset.read', 'album.read']);
INSERT INTO api_keys (id, name, key, "userId", permissions) VALUES ('c2000000-0000-4000-8000-000000000001', 'x', 'x', 'c0000000-0000-4000-8000-000000000001', '{}') ON CONFLICT (id) DO NOTHING;
INSERT INTO api_keys (id, name, key, "userId", permissions) VALUES ('c2000000-0000-4000-8000-000000000001', 'x', 'x', 'c0000000-0000-4000-8000-000000000001', '{}')
  ON CONFLICT ON CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" DO NOTHING;
PREPARE api_key_by_key(varchar) AS SELECT a.id, a.name, a."userId", a.permissions, u."isAdmin" FROM api_keys a JOIN users u ON u.id = a."userId" AND u."deletedAt" IS NULL WHERE a.key = $1;
EXECUTE api_key_by_key('hashedkeynew');
SELECT pg_temp.check(EXISTS (SELECT name, key, "userId", "createdAt", "updatedAt", id, permissions, "updateId" FROM api_keys WHERE key = 'hashedkeynew' AND name = 'Photo frame'
  AND "userId" = 'c0000000-0000-4000-8000-000000000003' AND permissions @> ARRAY['asset.read']::varchar[] AND 'album.read' = ANY (permissions) AND cardinality(permissions) = 2), 'api key as written');
PREPARE set_api_key(varchar, varchar[], varchar) AS UPDATE api_keys SET name = $1, permissions = $2 WHERE key = $3 RETURNING id, "updateId";
EXECUTE set_api_key('Photo frame 2', ARRAY['all'], 'hashedkeynew');
UPDATE api_keys SET key = 'hashedkeynew2', "userId" = 'c0000000-0000-4000-8000-000000000002' WHERE key = 'hashedkeynew';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM api_keys WHERE key = 'hashedkeynew2' AND name = 'Photo frame 2' AND permissions = '{all}' AND "userId" = 'c0000000-0000-4000-8000-000000000002'), 'api key updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(name), pg_temp.t(key), pg_temp.t("userId"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t(id), pg_temp.t(permissions),
  pg_temp.t("updateId")) FROM api_keys WHERE id = 'c2000000-0000-4000-8000-000000000002'), 'text,text,uuid,timestamp with time zone,timestamp with time zone,uuid,character varying[],uuid'), 'api_keys types');
SELECT name, key, "userId", "createdAt", "updatedAt", id, permissions, "updateId" FROM api_keys WHERE id = 'c2000000-0000-4000-8000-000000000003' OR "userId" = 'c0000000-0000-4000-8000-000000000002'
  AND 'asset.read' = ANY (permissions) ORDER BY "createdAt";
SELECT pg_temp.refused($$INSERT INTO api_keys (id, name, key, "userId", permissions) VALUES ('c2000000-0000-4000-8000-000000000001', 'x', 'x', 'c0000000-0000-4000-8000-000000000001', '{}')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO api_keys (name, key, "userId", permissions) VALUES ('x', 'x', 'c0000000-0000-4000-8000-0000000000ff', '{}')$$, '23503');
PREPARE delete_api_key(uuid, varchar) AS DELETE FROM api_keys WHERE "userId" = $1 AND key = $2;
EXECUTE delete_api_key('c0000000-0000-4000-8000-000000000002', 'hashedkeynew2');
PREPARE add_partner(uuid, uuid) AS INSERT INTO partners ("sharedById", "sharedWithId") VALUES ($1, $2) RETURNING "sharedById", "sharedWithId", "createdAt", "updatedAt", "inTimeline", "updateId";
EXECUTE add_partner('c0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001');
INSERT INTO partners ("sharedById", "sharedWithId") VALUES ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002') ON CONFLICT ("sharedById", "sharedWithId") DO NOTHING;
INSERT INTO partners ("sharedById", "sharedWithId") VALUES ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002') ON CONFLICT ON CONSTRAINT "PK_f1cc8f73d16b367f426261a8736" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "sharedById", "sharedWithId", "createdAt", "updatedAt", "inTimeline", "updateId" FROM partners WHERE "sharedById" = 'c0000000-0000-4000-8000-000000000003'
  AND "sharedWithId" = 'c0000000-0000-4000-8000-000000000001' AND "createdAt" <= now()), 'partner as written');
PREPARE set_partner(boolean, uuid, uuid) AS UPDATE partners SET "inTimeline" = $1 WHERE "sharedById" = $2 AND "sharedWithId" = $3 RETURNING "updateId";
EXECUTE set_partner(true, 'c0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM partners WHERE "sharedById" = 'c0000000-0000-4000-8000-000000000003' AND "inTimeline" AND "updatedAt" >= "createdAt"), 'partner updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("sharedById"), pg_temp.t("sharedWithId"), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("inTimeline"), pg_temp.t("updateId"))
  FROM partners WHERE "sharedById" = 'c0000000-0000-4000-8000-000000000001'), 'uuid,uuid,timestamp with time zone,timestamp with time zone,boolean,uuid'), 'partners types');
SELECT p."sharedById", p."sharedWithId", p."createdAt", p."updatedAt", p."inTimeline", p."updateId", u.name FROM partners p JOIN users u ON u.id = p."sharedById"
  WHERE p."sharedWithId" = 'c0000000-0000-4000-8000-000000000001' OR p."sharedById" = 'c0000000-0000-4000-8000-000000000002' ORDER BY p."updateId";
SELECT pg_temp.refused($$INSERT INTO partners ("sharedById", "sharedWithId") VALUES ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO partners ("sharedById", "sharedWithId") VALUES ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-0000000000ff')$$, '23503');
PREPARE delete_partner(uuid, uuid) AS DELETE FROM partners WHERE "sharedById" = $1 AND "sharedWithId" = $2;
EXECUTE delete_partner('c0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001');
SELECT pg_temp.check((SELECT count(*) FROM partners_audit WHERE "sharedById" = 'c0000000-0000-4000-8000-000000000003' AND "sharedWithId" = 'c0000000-0000-4000-8000-000000000001') = 2,
  'partner removal audited by partners_delete_audit');
SELECT id, "sharedById", "sharedWithId", "deletedAt" FROM partners_audit WHERE "sharedWithId" = 'c0000000-0000-4000-8000-000000000001' OR "sharedById" = 'c0000000-0000-4000-8000-000000000001'
  AND "deletedAt" < now() ORDER BY id;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t("sharedById"), pg_temp.t("sharedWithId"), pg_temp.t("deletedAt")) FROM partners_audit LIMIT 1),
  'uuid,uuid,uuid,timestamp with time zone'), 'partners_audit types');
DELETE FROM partners_audit WHERE "deletedAt" < '2000-01-01';
-- Boundary writes (rule B).
INSERT INTO sessions ("userId", token, "deviceOS", "deviceType") VALUES ('c0000000-0000-4000-8000-000000000001', '', '', ''), ('c0000000-0000-4000-8000-000000000001', 'HASHEDTOKENNEW', 'IOS', 'IPHONE'),
  ('c0000000-0000-4000-8000-000000000001', 'HASHEDTOKENNEW', 'IOS', 'IPHONE');
INSERT INTO api_keys (name, key, "userId", permissions) VALUES ('', '', 'c0000000-0000-4000-8000-000000000001', '{}'), ('CLI', 'hashedkey1', 'c0000000-0000-4000-8000-000000000001', '{ALL}'),
  ('CLI', 'hashedkey1', 'c0000000-0000-4000-8000-000000000001', '{ALL}');
INSERT INTO partners ("sharedById", "sharedWithId", "inTimeline") VALUES ('c0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000003', false);
-- step immich: assets, exif and the asset audit, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_asset(uuid, uuid, varchar, varchar, varchar, varchar, timestamptz, timestamptz, timestamptz, varchar, bytea, boolean, boolean, boolean, varchar, uuid, varchar, boolean) AS
  INSERT INTO assets ("ownerId", "libraryId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum, "isFavorite",
  "isVisible", "isArchived", duration, "livePhotoVideoId", "sidecarPath", "isExternal") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
  ON CONFLICT ("ownerId", checksum) WHERE "libraryId" IS NULL DO NOTHING
  RETURNING id, "deviceAssetId", "ownerId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "isFavorite", duration, "encodedVideoPath", checksum, "isVisible", "livePhotoVideoId",
  "updatedAt", "createdAt", "isArchived", "originalFileName", "sidecarPath", thumbhash, "isOffline", "libraryId", "isExternal", "deletedAt", "localDateTime", "stackId", "duplicateId", status, "updateId";
EXECUTE add_asset('c0000000-0000-4000-8000-000000000002', NULL, 'IMG_2001.MOV-x', 'iphone-15', 'VIDEO', '/data/upload/2/IMG_2001.MOV', '2024-06-01 10:00:00+00', '2024-06-01 10:00:00+00',
  '2024-06-01 12:00:00+00', 'IMG_2001.MOV', sha256('new-video'::bytea), false, false, false, '00:00:02.500000', NULL, NULL, false);
SELECT set_config('h.mov', (SELECT id::text FROM assets WHERE "deviceAssetId" = 'IMG_2001.MOV-x'), true);
EXECUTE add_asset('c0000000-0000-4000-8000-000000000002', NULL, 'IMG_2001.HEIC-x', 'iphone-15', 'IMAGE', '/data/upload/2/IMG_2001.HEIC', '2024-06-01 10:00:00+00', '2024-06-01 10:00:00+00',
  '2024-06-01 12:00:00+00', 'IMG_2001.HEIC', sha256('new-image'::bytea), true, true, false, NULL, current_setting('h.mov')::uuid, '/data/upload/2/IMG_2001.HEIC.xmp', false);
EXECUTE add_asset('c0000000-0000-4000-8000-000000000002', NULL, 'IMG_2001.HEIC-x', 'iphone-15', 'IMAGE', '/data/upload/2/IMG_2001.HEIC', '2024-06-01 10:00:00+00', '2024-06-01 10:00:00+00',
  '2024-06-01 12:00:00+00', 'IMG_2001.HEIC', sha256('new-image'::bytea), true, true, false, NULL, NULL, NULL, false);
INSERT INTO assets ("ownerId", "libraryId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum)
  VALUES ('c0000000-0000-4000-8000-000000000002', 'c8000000-0000-4000-8000-000000000001', 'ext-1', 'Library Import', 'IMAGE', '/mnt/photos/a.jpg', now(), now(), now(), 'a.jpg', sha256('ext-1'::bytea))
  ON CONFLICT ("ownerId", "libraryId", checksum) WHERE "libraryId" IS NOT NULL DO NOTHING;
INSERT INTO assets (id, "ownerId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum)
  VALUES ('c3000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x', 'x', 'IMAGE', '/x', now(), now(), now(), 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO assets (id, "ownerId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum)
  VALUES ('c3000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x', 'x', 'IMAGE', '/x', now(), now(), now(), 'x', 'x') ON CONFLICT ON CONSTRAINT "PK_da96729a8b113377cfb6a62439c" DO NOTHING;
CREATE TEMP TABLE new_asset AS SELECT id, "updateId" FROM assets WHERE "deviceAssetId" = 'IMG_2001.HEIC-x';
SELECT set_config('h.id', (SELECT id::text FROM new_asset), true);
SELECT pg_temp.check(EXISTS (SELECT id, "deviceAssetId", "ownerId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "isFavorite", duration, "encodedVideoPath", checksum, "isVisible",
  "livePhotoVideoId", "updatedAt", "createdAt", "isArchived", "originalFileName", "sidecarPath", thumbhash, "isOffline", "libraryId", "isExternal", "deletedAt", "localDateTime", "stackId", "duplicateId",
  status, "updateId" FROM assets WHERE id = (SELECT id FROM new_asset) AND "ownerId" = 'c0000000-0000-4000-8000-000000000002' AND "deviceId" = 'iphone-15' AND type = 'IMAGE'
  AND "originalPath" LIKE '/data/upload/2/%' AND "fileCreatedAt" = '2024-06-01 10:00:00+00' AND "fileModifiedAt" = "fileCreatedAt" AND "isFavorite" AND duration IS NULL
  AND checksum = sha256('new-image'::bytea) AND length(checksum) = 32 AND "isVisible" AND NOT "isArchived" AND "livePhotoVideoId" = (SELECT id FROM assets WHERE "deviceAssetId" = 'IMG_2001.MOV-x')
  AND "originalFileName" = 'IMG_2001.HEIC' AND "sidecarPath" LIKE '%.xmp' AND thumbhash IS NULL AND "libraryId" IS NULL AND NOT "isExternal" AND "deletedAt" IS NULL
  AND "localDateTime" - "fileCreatedAt" = interval '2 hours' AND "stackId" IS NULL AND "duplicateId" IS NULL AND "updatedAt" <= now() AND "createdAt" <= now()), 'asset as written');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM assets WHERE "deviceAssetId" = 'IMG_2001.MOV-x' AND NOT "isVisible" AND duration = '00:00:02.500000' AND type = 'VIDEO'), 'motion part as written');
PREPARE set_asset(boolean, boolean, boolean, uuid) AS UPDATE assets SET "isFavorite" = $1, "isArchived" = $2, "isVisible" = $3 WHERE id = $4 RETURNING id, "updateId";
EXECUTE set_asset(false, true, true, current_setting('h.id')::uuid);
PREPARE set_asset_paths(varchar, varchar, varchar, bytea, uuid) AS UPDATE assets SET "originalPath" = $1, "encodedVideoPath" = $2, "sidecarPath" = $3, thumbhash = $4 WHERE id = $5;
EXECUTE set_asset_paths('/data/library/2/2024/06/IMG_2001.HEIC', '', '/data/library/2/2024/06/IMG_2001.HEIC.xmp', '\x1b0807'::bytea, current_setting('h.id')::uuid);
PREPARE set_asset_dates(timestamptz, timestamptz, timestamptz, varchar, uuid) AS UPDATE assets SET "fileCreatedAt" = $1, "fileModifiedAt" = $2, "localDateTime" = $3, "originalFileName" = $4 WHERE id = $5;
EXECUTE set_asset_dates('2024-06-01 09:00:00+00', '2024-06-02 09:00:00+00', '2024-06-01 11:00:00+00', 'IMG_2001b.HEIC', current_setting('h.id')::uuid);
UPDATE assets SET "duplicateId" = 'c9000000-0000-4000-8000-000000000002', "stackId" = 'c7000000-0000-4000-8000-000000000001', "isOffline" = true, "isExternal" = true,
  "libraryId" = 'c8000000-0000-4000-8000-000000000002', "deviceAssetId" = 'IMG_2001.HEIC-y', "deviceId" = 'pixel-8', type = 'IMAGE', checksum = sha256('new-image-2'::bytea),
  "ownerId" = 'c0000000-0000-4000-8000-000000000003', "createdAt" = '2024-06-01 00:00:00+00', duration = '0:00:00.00000' WHERE id = (SELECT id FROM new_asset);
PREPARE trash_assets(uuid[]) AS UPDATE assets SET "deletedAt" = now(), status = 'trashed' WHERE id = ANY ($1);
EXECUTE trash_assets(ARRAY[current_setting('h.id')::uuid]);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM assets a JOIN new_asset n ON n.id = a.id WHERE NOT a."isFavorite" AND a."isArchived" AND a."originalPath" LIKE '/data/library/%' AND a."encodedVideoPath" = ''
  AND a.thumbhash = '\x1b0807'::bytea AND a."fileCreatedAt" = '2024-06-01 09:00:00+00' AND a."originalFileName" = 'IMG_2001b.HEIC' AND a."duplicateId" = 'c9000000-0000-4000-8000-000000000002'
  AND a."isOffline" AND a."deletedAt" IS NOT NULL AND a.status = 'trashed' AND a."updateId" <> n."updateId"), 'asset updated, updateId set by the updated_at trigger');
UPDATE assets SET "deletedAt" = NULL, status = 'active', duration = NULL, "encodedVideoPath" = NULL, "livePhotoVideoId" = NULL, "sidecarPath" = NULL, thumbhash = NULL, "libraryId" = NULL,
  "stackId" = NULL, "duplicateId" = NULL WHERE id = (SELECT id FROM new_asset);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t("deviceAssetId"), pg_temp.t("ownerId"), pg_temp.t("deviceId"), pg_temp.t(type), pg_temp.t("originalPath"),
  pg_temp.t("fileCreatedAt"), pg_temp.t("fileModifiedAt"), pg_temp.t("isFavorite"), pg_temp.t(duration), pg_temp.t("encodedVideoPath"), pg_temp.t(checksum), pg_temp.t("isVisible"),
  pg_temp.t("livePhotoVideoId"), pg_temp.t("updatedAt"), pg_temp.t("createdAt"), pg_temp.t("isArchived"), pg_temp.t("originalFileName"), pg_temp.t("sidecarPath"), pg_temp.t(thumbhash),
  pg_temp.t("isOffline"), pg_temp.t("libraryId"), pg_temp.t("isExternal"), pg_temp.t("deletedAt"), pg_temp.t("localDateTime"), pg_temp.t("stackId"), pg_temp.t("duplicateId"), pg_temp.t(status),
  pg_temp.t("updateId")) FROM assets WHERE id = 'c3000000-0000-4000-8000-000000000005'),
  'uuid,text,uuid,text,text,text,timestamp with time zone,timestamp with time zone,boolean,text,text,bytea,boolean,uuid,timestamp with time zone,timestamp with time zone,boolean,text,text,bytea,boolean,uuid,boolean,timestamp with time zone,timestamp with time zone,uuid,uuid,assets_status_enum,uuid'),
  'assets types');
PREPARE time_buckets(uuid) AS SELECT (date_trunc('MONTH'::text, ("localDateTime" AT TIME ZONE 'UTC'::text)) AT TIME ZONE 'UTC'::text)::text AS "timeBucket", count(*) FROM assets
  WHERE "ownerId" = $1 AND "isVisible" = true AND "isArchived" = false AND "deletedAt" IS NULL AND status <> 'deleted' GROUP BY 1 ORDER BY 1 DESC;
EXECUTE time_buckets('c0000000-0000-4000-8000-000000000002');
PREPARE time_bucket(uuid, timestamptz) AS SELECT id, "ownerId", type, "originalFileName", "isFavorite", "isArchived", thumbhash, "localDateTime", "fileCreatedAt", duration, "livePhotoVideoId",
  "stackId", "duplicateId", "updateId" FROM assets WHERE "ownerId" = $1 AND (date_trunc('MONTH'::text, ("localDateTime" AT TIME ZONE 'UTC'::text)) AT TIME ZONE 'UTC'::text) = $2 AND "isVisible"
  AND NOT "isArchived" AND "deletedAt" IS NULL ORDER BY "fileCreatedAt" DESC;
EXECUTE time_bucket('c0000000-0000-4000-8000-000000000002', '2024-04-01 00:00:00+00');
SELECT id, "deviceAssetId", "ownerId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "isFavorite", duration, "encodedVideoPath", checksum, "isVisible", "livePhotoVideoId",
  "updatedAt", "createdAt", "isArchived", "originalFileName", "sidecarPath", thumbhash, "isOffline", "libraryId", "isExternal", "deletedAt", "localDateTime", "stackId", "duplicateId", status, "updateId"
  FROM assets WHERE id = 'c3000000-0000-4000-8000-000000000003' OR checksum = sha256('asset4'::bytea) AND "ownerId" = 'c0000000-0000-4000-8000-000000000002' OR "duplicateId" = 'c9000000-0000-4000-8000-000000000001'
  OR "livePhotoVideoId" = 'c3000000-0000-4000-8000-000000000002' OR "originalPath" = '/data/upload/3/IMG_1003.HEIC' AND "libraryId" IS NULL OR ("localDateTime" AT TIME ZONE 'UTC')::date = '2024-04-06'
  OR "originalFileName" ILIKE 'img_101%' OR "stackId" IS NOT NULL OR "fileCreatedAt" > '2024-04-18'::timestamptz ORDER BY "fileCreatedAt";
SELECT id, "deviceAssetId" FROM assets WHERE "ownerId" = 'c0000000-0000-4000-8000-000000000003' AND "deviceId" = 'iphone-15' AND "isVisible" AND "deletedAt" IS NULL;
SELECT pg_temp.refused($$INSERT INTO assets ("ownerId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum)
  VALUES ('c0000000-0000-4000-8000-000000000002', 'dup', 'WEB', 'IMAGE', '/dup', now(), now(), now(), 'dup', sha256('asset1'::bytea))$$, '23505');
SELECT pg_temp.refused($$INSERT INTO assets (id, "ownerId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum)
  VALUES ('c3000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x', 'x', 'IMAGE', '/x', now(), now(), now(), 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO assets ("ownerId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum)
  VALUES ('c0000000-0000-4000-8000-0000000000ff', 'x', 'x', 'IMAGE', '/x', now(), now(), now(), 'x', 'x')$$, '23503');
PREPARE upsert_exif(uuid, varchar, varchar, integer, integer, bigint, varchar, timestamptz, timestamptz, varchar, double precision, double precision, integer, double precision, double precision,
  varchar, varchar, varchar, text, double precision, varchar, varchar, varchar, varchar, varchar, varchar, integer, varchar, integer) AS INSERT INTO exif ("assetId", make, model, "exifImageWidth",
  "exifImageHeight", "fileSizeInByte", orientation, "dateTimeOriginal", "modifyDate", "lensModel", "fNumber", "focalLength", iso, latitude, longitude, city, state, country, description, fps,
  "exposureTime", "livePhotoCID", "timeZone", "projectionType", "profileDescription", colorspace, "bitsPerSample", "autoStackId", rating) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
  $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29) ON CONFLICT ("assetId") DO UPDATE SET make = EXCLUDED.make, model = EXCLUDED.model,
  "exifImageWidth" = EXCLUDED."exifImageWidth", "exifImageHeight" = EXCLUDED."exifImageHeight", "fileSizeInByte" = EXCLUDED."fileSizeInByte", orientation = EXCLUDED.orientation,
  "dateTimeOriginal" = EXCLUDED."dateTimeOriginal", "modifyDate" = EXCLUDED."modifyDate", "lensModel" = EXCLUDED."lensModel", "fNumber" = EXCLUDED."fNumber", "focalLength" = EXCLUDED."focalLength",
  iso = EXCLUDED.iso, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, city = EXCLUDED.city, state = EXCLUDED.state, country = EXCLUDED.country, fps = EXCLUDED.fps,
  "exposureTime" = EXCLUDED."exposureTime", "livePhotoCID" = EXCLUDED."livePhotoCID", "timeZone" = EXCLUDED."timeZone", "projectionType" = EXCLUDED."projectionType",
  "profileDescription" = EXCLUDED."profileDescription", colorspace = EXCLUDED.colorspace, "bitsPerSample" = EXCLUDED."bitsPerSample", "autoStackId" = EXCLUDED."autoStackId", rating = EXCLUDED.rating
  RETURNING "assetId", "updateId";
EXECUTE upsert_exif(current_setting('h.id')::uuid, 'Google', 'Pixel 8', 4080, 3072, 3500000, '1', '2024-06-01 09:00:00+00', '2024-06-01 09:00:00+00', 'Pixel 8 back camera', 1.68, 6.9, 100, 48.8566, 2.3522,
  'Paris', 'Ile-de-France', 'France', 'Eiffel tower', NULL, '1/250', NULL, 'Europe/Paris', 'EQUIRECTANGULAR', 'sRGB IEC61966-2.1', 'sRGB', 8, NULL, 4);
EXECUTE upsert_exif(current_setting('h.id')::uuid, 'Google', 'Pixel 8', 4080, 3072, 3500000, '6', '2024-06-01 09:00:00+00', '2024-06-01 09:00:00+00', 'Pixel 8 back camera', 1.68, 6.9, 100, 48.8566, 2.3522,
  'Paris', 'Ile-de-France', 'France', 'ignored', 30, '1/250', 'CID-NEW', 'Europe/Paris', 'EQUIRECTANGULAR', 'sRGB IEC61966-2.1', 'sRGB', 8, 'stack-1', 5);
INSERT INTO exif ("assetId") VALUES ('c3000000-0000-4000-8000-000000000001') ON CONFLICT ON CONSTRAINT "PK_c0117fdbc50b917ef9067740c44" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "assetId", make, model, "exifImageWidth", "exifImageHeight", "fileSizeInByte", orientation, "dateTimeOriginal", "modifyDate", "lensModel", "fNumber", "focalLength", iso,
  latitude, longitude, city, state, country, description, fps, "exposureTime", "livePhotoCID", "timeZone", "projectionType", "profileDescription", colorspace, "bitsPerSample", "autoStackId", rating,
  "updatedAt", "updateId" FROM exif WHERE "assetId" = (SELECT id FROM new_asset) AND make = 'Google' AND model = 'Pixel 8' AND "exifImageWidth" * "exifImageHeight" = 4080 * 3072
  AND "fileSizeInByte" = 3500000 AND orientation = '6' AND "dateTimeOriginal" = '2024-06-01 09:00:00+00' AND "modifyDate" = "dateTimeOriginal" AND "lensModel" LIKE 'Pixel%' AND "fNumber" = 1.68
  AND "focalLength" > 6 AND iso = 100 AND round(latitude::numeric, 2) = 48.86 AND longitude < 3 AND city = 'Paris' AND state = 'Ile-de-France' AND country = 'France' AND description = 'Eiffel tower'
  AND fps = 30 AND "exposureTime" = '1/250' AND "livePhotoCID" = 'CID-NEW' AND "timeZone" = 'Europe/Paris' AND "projectionType" = 'EQUIRECTANGULAR' AND "profileDescription" LIKE 'sRGB%'
  AND colorspace = 'sRGB' AND "bitsPerSample" = 8 AND "autoStackId" = 'stack-1' AND rating = 5), 'exif as written');
PREPARE set_exif_description(text, uuid) AS UPDATE exif SET description = $1 WHERE "assetId" = $2;
EXECUTE set_exif_description('Eiffel tower at night', current_setting('h.id')::uuid);
PREPARE set_exif_location(double precision, double precision, timestamptz, integer, uuid) AS UPDATE exif SET latitude = $1, longitude = $2, "dateTimeOriginal" = $3, rating = $4 WHERE "assetId" = $5;
EXECUTE set_exif_location(48.8584, 2.2945, '2024-06-01 21:00:00+00', 3, current_setting('h.id')::uuid);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM exif WHERE "assetId" = (SELECT id FROM new_asset) AND description = 'Eiffel tower at night' AND rating = 3 AND latitude = 48.8584 AND "updatedAt" <= clock_timestamp()),
  'exif updated');
UPDATE exif SET make = NULL, model = NULL, "exifImageWidth" = NULL, "exifImageHeight" = NULL, "fileSizeInByte" = NULL, orientation = NULL, "dateTimeOriginal" = NULL, "modifyDate" = NULL,
  "lensModel" = NULL, "fNumber" = NULL, "focalLength" = NULL, iso = NULL, latitude = NULL, longitude = NULL, city = NULL, state = NULL, country = NULL, fps = NULL, "exposureTime" = NULL,
  "livePhotoCID" = NULL, "timeZone" = NULL, "projectionType" = NULL, "profileDescription" = NULL, colorspace = NULL, "bitsPerSample" = NULL, "autoStackId" = NULL, rating = NULL
  WHERE "assetId" = (SELECT id FROM new_asset);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("assetId"), pg_temp.t(make), pg_temp.t(model), pg_temp.t("exifImageWidth"), pg_temp.t("exifImageHeight"), pg_temp.t("fileSizeInByte"),
  pg_temp.t(orientation), pg_temp.t("dateTimeOriginal"), pg_temp.t("modifyDate"), pg_temp.t("lensModel"), pg_temp.t("fNumber"), pg_temp.t("focalLength"), pg_temp.t(iso), pg_temp.t(latitude),
  pg_temp.t(longitude), pg_temp.t(city), pg_temp.t(state), pg_temp.t(country), pg_temp.t(description), pg_temp.t(fps), pg_temp.t("exposureTime"), pg_temp.t("livePhotoCID"), pg_temp.t("timeZone"),
  pg_temp.t("projectionType"), pg_temp.t("profileDescription"), pg_temp.t(colorspace), pg_temp.t("bitsPerSample"), pg_temp.t("autoStackId"), pg_temp.t(rating), pg_temp.t("updatedAt"), pg_temp.t("updateId"))
  FROM exif WHERE "assetId" = 'c3000000-0000-4000-8000-000000000011'),
  'uuid,text,text,integer,integer,bigint,text,timestamp with time zone,timestamp with time zone,text,double precision,double precision,integer,double precision,double precision,text,text,text,text,double precision,text,text,text,text,text,text,integer,text,integer,timestamp with time zone,uuid'),
  'exif types');
SELECT e."assetId", e.make, e.model, e."exifImageWidth", e."exifImageHeight", e."fileSizeInByte", e.orientation, e."dateTimeOriginal", e."modifyDate", e."lensModel", e."fNumber", e."focalLength", e.iso,
  e.latitude, e.longitude, e.city, e.state, e.country, e.description, e.fps, e."exposureTime", e."livePhotoCID", e."timeZone", e."projectionType", e."profileDescription", e.colorspace, e."bitsPerSample",
  e."autoStackId", e.rating, e."updatedAt", e."updateId" FROM exif e JOIN assets a ON a.id = e."assetId" WHERE e."assetId" = 'c3000000-0000-4000-8000-000000000004' OR e.city = 'Berlin'
  AND a."ownerId" = 'c0000000-0000-4000-8000-000000000002' OR e."livePhotoCID" = 'CID-1' OR e."autoStackId" = 'x' OR e."projectionType" = 'EQUIRECTANGULAR' OR e.rating >= 4 ORDER BY e."dateTimeOriginal";
SELECT DISTINCT ON (e.city) e.city, a.id FROM exif e JOIN assets a ON a.id = e."assetId" WHERE a."ownerId" = 'c0000000-0000-4000-8000-000000000002' AND e.city IS NOT NULL AND a."isVisible" ORDER BY e.city;
SELECT pg_temp.refused($$INSERT INTO exif ("assetId") VALUES ('c3000000-0000-4000-8000-000000000001')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO exif ("assetId") VALUES ('c3000000-0000-4000-8000-0000000000ff')$$, '23503');
PREPARE delete_asset(uuid) AS DELETE FROM assets WHERE id = $1;
EXECUTE delete_asset(current_setting('h.id')::uuid);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM assets_audit WHERE "assetId" = (SELECT id FROM new_asset) AND "ownerId" = 'c0000000-0000-4000-8000-000000000003')
  AND NOT EXISTS (SELECT 1 FROM exif WHERE "assetId" = (SELECT id FROM new_asset)), 'asset delete audited (assets_delete_audit), exif cascaded');
EXECUTE delete_asset('c3000000-0000-4000-8000-000000000002');
SELECT pg_temp.check((SELECT "livePhotoVideoId" FROM assets WHERE id = 'c3000000-0000-4000-8000-000000000005') IS NULL, 'live photo link set NULL');
SELECT id, "assetId", "ownerId", "deletedAt" FROM assets_audit WHERE "ownerId" = 'c0000000-0000-4000-8000-000000000001' AND "deletedAt" < now() ORDER BY id;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t("assetId"), pg_temp.t("ownerId"), pg_temp.t("deletedAt")) FROM assets_audit LIMIT 1), 'uuid,uuid,uuid,timestamp with time zone'),
  'assets_audit types');
DROP TABLE new_asset;
-- Boundary writes (rule B).
INSERT INTO assets ("ownerId", "deviceAssetId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "localDateTime", "originalFileName", checksum, duration, "sidecarPath", "libraryId")
  VALUES ('c0000000-0000-4000-8000-000000000001', '', '', '', '', now(), now(), now(), '', '\x'::bytea, '', '', NULL),
  ('c0000000-0000-4000-8000-000000000001', 'IMG_1003.HEIC-3', 'WEB', 'IMAGE', '/data/upload/1/IMG_1003.HEIC', now(), now(), now(), 'IMG_1003.HEIC', sha256('other'::bytea), NULL, NULL, NULL),
  ('c0000000-0000-4000-8000-000000000001', 'IMG_1003.HEIC-3', 'WEB', 'IMAGE', '/data/upload/1/IMG_1003.HEIC', now(), now(), now(), 'IMG_1003.HEIC', sha256('other2'::bytea), NULL, NULL, NULL),
  ('c0000000-0000-4000-8000-000000000001', 'IMG_X', 'WEB', 'IMAGE', '/x', now(), now(), now(), 'IMG_X.JPG', sha256('other3'::bytea), NULL, NULL, 'c8000000-0000-4000-8000-0000000000ff');
INSERT INTO exif ("assetId", make, model, "exifImageWidth", "exifImageHeight", "fileSizeInByte", iso, rating, description, city, "fNumber", "bitsPerSample")
  SELECT id, '', '', 0, 0, 0, 0, -1, '', '', 0, -1 FROM assets WHERE "deviceAssetId" = '' AND "ownerId" = 'c0000000-0000-4000-8000-000000000001';
INSERT INTO exif ("assetId", make, model, city, country, "projectionType", rating, description)
  SELECT id, 'APPLE', 'IPHONE', 'BERLIN', 'GERMANY', 'NONE', 0, '' FROM assets WHERE "deviceAssetId" = 'IMG_X' AND "ownerId" = 'c0000000-0000-4000-8000-000000000001';
-- step immich: albums, album users, album assets and activity, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_album(uuid, varchar, text, uuid, boolean, varchar) AS INSERT INTO albums ("ownerId", "albumName", description, "albumThumbnailAssetId", "isActivityEnabled", "order")
  VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, "ownerId", "albumName", "createdAt", "albumThumbnailAssetId", "updatedAt", description, "deletedAt", "isActivityEnabled", "order", "updateId";
EXECUTE add_album('c0000000-0000-4000-8000-000000000002', 'Paris 2024', 'Summer', 'c3000000-0000-4000-8000-000000000010', true, 'desc');
PREPARE add_album_named(uuid, varchar) AS INSERT INTO albums ("ownerId", "albumName") VALUES ($1, $2) RETURNING id;
EXECUTE add_album_named('c0000000-0000-4000-8000-000000000003', 'Quick album');
INSERT INTO albums (id, "ownerId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002') ON CONFLICT (id) DO NOTHING;
INSERT INTO albums (id, "ownerId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002') ON CONFLICT ON CONSTRAINT "PK_7f71c7b5bc7c87b8f94c9a93a00" DO NOTHING;
CREATE TEMP TABLE new_album AS SELECT id, "updateId" FROM albums WHERE "albumName" = 'Paris 2024';
SELECT set_config('h.id', (SELECT id::text FROM new_album), true);
SELECT pg_temp.check(EXISTS (SELECT id, "ownerId", "albumName", "createdAt", "albumThumbnailAssetId", "updatedAt", description, "deletedAt", "isActivityEnabled", "order", "updateId" FROM albums
  WHERE id = (SELECT id FROM new_album) AND "ownerId" = 'c0000000-0000-4000-8000-000000000002' AND "albumName" = 'Paris 2024' AND description = 'Summer'
  AND "albumThumbnailAssetId" = 'c3000000-0000-4000-8000-000000000010' AND "isActivityEnabled" AND "order" = 'desc' AND "deletedAt" IS NULL AND "createdAt" <= now()), 'album as written');
PREPARE set_album(varchar, text, uuid, boolean, varchar, uuid) AS UPDATE albums SET "albumName" = $1, description = $2, "albumThumbnailAssetId" = $3, "isActivityEnabled" = $4, "order" = $5
  WHERE id = $6 RETURNING id, "updatedAt", "updateId";
EXECUTE set_album('Paris 2024!', 'Summer in Paris', 'c3000000-0000-4000-8000-000000000004', false, 'asc', current_setting('h.id')::uuid);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM albums a JOIN new_album n ON n.id = a.id WHERE a."albumName" = 'Paris 2024!' AND a.description = 'Summer in Paris' AND NOT a."isActivityEnabled"
  AND a."order" = 'asc' AND a."albumThumbnailAssetId" = 'c3000000-0000-4000-8000-000000000004' AND a."updateId" <> n."updateId"), 'album updated, updateId set by the updated_at trigger');
UPDATE albums SET "deletedAt" = now(), "ownerId" = 'c0000000-0000-4000-8000-000000000001' WHERE id = (SELECT id FROM new_album);
UPDATE albums SET "deletedAt" = NULL, "albumThumbnailAssetId" = NULL, "ownerId" = 'c0000000-0000-4000-8000-000000000002', description = '' WHERE id = (SELECT id FROM new_album);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t("ownerId"), pg_temp.t("albumName"), pg_temp.t("createdAt"), pg_temp.t("albumThumbnailAssetId"), pg_temp.t("updatedAt"),
  pg_temp.t(description), pg_temp.t("deletedAt"), pg_temp.t("isActivityEnabled"), pg_temp.t("order"), pg_temp.t("updateId")) FROM albums WHERE id = 'c4000000-0000-4000-8000-000000000001'),
  'uuid,uuid,text,timestamp with time zone,uuid,timestamp with time zone,text,timestamp with time zone,boolean,text,uuid'), 'albums types');
PREPARE owned_albums(uuid) AS SELECT a.id, a."ownerId", a."albumName", a."createdAt", a."albumThumbnailAssetId", a."updatedAt", a.description, a."deletedAt", a."isActivityEnabled", a."order",
  a."updateId", (SELECT count(*) FROM albums_assets_assets aa WHERE aa."albumsId" = a.id) AS "assetCount" FROM albums a WHERE a."ownerId" = $1 AND a."deletedAt" IS NULL ORDER BY a."createdAt" DESC;
EXECUTE owned_albums('c0000000-0000-4000-8000-000000000002');
SELECT id, "albumName" FROM albums WHERE "albumThumbnailAssetId" = 'c3000000-0000-4000-8000-000000000005' OR id = 'c4000000-0000-4000-8000-000000000003' OR "updateId" > '00000000-0000-0000-0000-000000000000';
SELECT pg_temp.refused($$INSERT INTO albums (id, "ownerId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO albums ("ownerId") VALUES ('c0000000-0000-4000-8000-0000000000ff')$$, '23503');
PREPARE add_album_user(uuid, uuid, varchar) AS INSERT INTO albums_shared_users_users ("albumsId", "usersId", role) VALUES ($1, $2, $3) RETURNING "albumsId", "usersId", role;
EXECUTE add_album_user(current_setting('h.id')::uuid, 'c0000000-0000-4000-8000-000000000003', 'viewer');
PREPARE add_album_user_default(uuid, uuid) AS INSERT INTO albums_shared_users_users ("albumsId", "usersId") VALUES ($1, $2);
EXECUTE add_album_user_default(current_setting('h.id')::uuid, 'c0000000-0000-4000-8000-000000000001');
INSERT INTO albums_shared_users_users ("albumsId", "usersId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001') ON CONFLICT ("albumsId", "usersId") DO NOTHING;
INSERT INTO albums_shared_users_users ("albumsId", "usersId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001')
  ON CONFLICT ON CONSTRAINT "PK_7df55657e0b2e8b626330a0ebc8" DO NOTHING;
PREPARE set_album_user(varchar, uuid, uuid) AS UPDATE albums_shared_users_users SET role = $1 WHERE "albumsId" = $2 AND "usersId" = $3;
EXECUTE set_album_user('editor', current_setting('h.id')::uuid, 'c0000000-0000-4000-8000-000000000003');
SELECT pg_temp.check(EXISTS (SELECT "albumsId", "usersId", role FROM albums_shared_users_users WHERE "albumsId" = (SELECT id FROM new_album) AND "usersId" = 'c0000000-0000-4000-8000-000000000003'
  AND role = 'editor'), 'album user as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("albumsId"), pg_temp.t("usersId"), pg_temp.t(role)) FROM albums_shared_users_users
  WHERE "albumsId" = 'c4000000-0000-4000-8000-000000000001'), 'uuid,uuid,text'), 'albums_shared_users_users types');
PREPARE shared_albums(uuid) AS SELECT a.id, a."albumName", au.role FROM albums a JOIN albums_shared_users_users au ON au."albumsId" = a.id WHERE au."usersId" = $1 AND a."deletedAt" IS NULL;
EXECUTE shared_albums('c0000000-0000-4000-8000-000000000003');
SELECT pg_temp.refused($$INSERT INTO albums_shared_users_users ("albumsId", "usersId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO albums_shared_users_users ("albumsId", "usersId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-0000000000ff')$$, '23503');
PREPARE add_album_assets(uuid, uuid[]) AS INSERT INTO albums_assets_assets ("albumsId", "assetsId") SELECT $1, unnest($2) ON CONFLICT DO NOTHING RETURNING "albumsId", "assetsId", "createdAt";
EXECUTE add_album_assets(current_setting('h.id')::uuid, ARRAY['c3000000-0000-4000-8000-000000000004', 'c3000000-0000-4000-8000-000000000010', 'c3000000-0000-4000-8000-000000000016']::uuid[]);
INSERT INTO albums_assets_assets ("albumsId", "assetsId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001') ON CONFLICT ("albumsId", "assetsId") DO NOTHING;
INSERT INTO albums_assets_assets ("albumsId", "assetsId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001')
  ON CONFLICT ON CONSTRAINT "PK_c67bc36fa845fb7b18e0e398180" DO NOTHING;
SELECT pg_temp.check((SELECT count(*) FROM albums_assets_assets WHERE "albumsId" = (SELECT id FROM new_album) AND "createdAt" <= now()) = 3, 'album assets as written');
UPDATE albums_assets_assets SET "createdAt" = '2024-06-01 00:00:00+00', "assetsId" = 'c3000000-0000-4000-8000-000000000019' WHERE "albumsId" = (SELECT id FROM new_album)
  AND "assetsId" = 'c3000000-0000-4000-8000-000000000016';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("albumsId"), pg_temp.t("assetsId"), pg_temp.t("createdAt")) FROM albums_assets_assets
  WHERE "albumsId" = 'c4000000-0000-4000-8000-000000000001' LIMIT 1), 'uuid,uuid,timestamp with time zone'), 'albums_assets_assets types');
SELECT aa."albumsId", aa."assetsId", aa."createdAt", a."originalFileName" FROM albums_assets_assets aa JOIN assets a ON a.id = aa."assetsId" WHERE aa."albumsId" = 'c4000000-0000-4000-8000-000000000001'
  OR aa."assetsId" = 'c3000000-0000-4000-8000-000000000004' ORDER BY a."fileCreatedAt";
SELECT pg_temp.refused($$INSERT INTO albums_assets_assets ("albumsId", "assetsId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO albums_assets_assets ("albumsId", "assetsId") VALUES ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-0000000000ff')$$, '23503');
PREPARE remove_album_assets(uuid, uuid[]) AS DELETE FROM albums_assets_assets WHERE "albumsId" = $1 AND "assetsId" = ANY ($2);
EXECUTE remove_album_assets(current_setting('h.id')::uuid, ARRAY['c3000000-0000-4000-8000-000000000019']::uuid[]);
PREPARE add_activity(uuid, uuid, uuid, text, boolean) AS INSERT INTO activity ("albumId", "userId", "assetId", comment, "isLiked") VALUES ($1, $2, $3, $4, $5)
  RETURNING id, "createdAt", "updatedAt", "albumId", "userId", "assetId", comment, "isLiked", "updateId";
EXECUTE add_activity(current_setting('h.id')::uuid, 'c0000000-0000-4000-8000-000000000003', 'c3000000-0000-4000-8000-000000000004', 'Nice one', false);
EXECUTE add_activity(current_setting('h.id')::uuid, 'c0000000-0000-4000-8000-000000000003', 'c3000000-0000-4000-8000-000000000010', NULL, true);
EXECUTE add_activity(current_setting('h.id')::uuid, 'c0000000-0000-4000-8000-000000000001', NULL, 'Great album', false);
INSERT INTO activity ("albumId", "userId", "assetId", "isLiked") VALUES ((SELECT id FROM new_album), 'c0000000-0000-4000-8000-000000000003', 'c3000000-0000-4000-8000-000000000010', true)
  ON CONFLICT ("assetId", "userId", "albumId") WHERE "isLiked" = true DO NOTHING;
INSERT INTO activity (id, "albumId", "userId", "isLiked") VALUES ('c5000000-0000-4000-8000-000000000001', 'c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', true)
  ON CONFLICT (id) DO NOTHING;
INSERT INTO activity (id, "albumId", "userId", "isLiked") VALUES ('c5000000-0000-4000-8000-000000000001', 'c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', true)
  ON CONFLICT ON CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, "createdAt", "updatedAt", "albumId", "userId", "assetId", comment, "isLiked", "updateId" FROM activity WHERE "albumId" = (SELECT id FROM new_album)
  AND "userId" = 'c0000000-0000-4000-8000-000000000003' AND "assetId" = 'c3000000-0000-4000-8000-000000000004' AND comment = 'Nice one' AND NOT "isLiked" AND "createdAt" <= now()), 'comment as written');
SELECT pg_temp.check((SELECT count(*) FROM activity WHERE "albumId" = (SELECT id FROM new_album) AND "isLiked") = 1, 'one like');
PREPARE set_comment(text, uuid) AS UPDATE activity SET comment = $1 WHERE id = $2 RETURNING "updateId";
SELECT set_config('h.c1', (SELECT id::text FROM activity WHERE comment = 'Nice one'), true);
EXECUTE set_comment('Nice one!', current_setting('h.c1')::uuid);
UPDATE activity SET "albumId" = 'c4000000-0000-4000-8000-000000000001', "userId" = 'c0000000-0000-4000-8000-000000000002', "assetId" = NULL WHERE comment = 'Great album';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM activity WHERE comment = 'Nice one!' AND "updatedAt" >= "createdAt"), 'comment updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("albumId"), pg_temp.t("userId"), pg_temp.t("assetId"), pg_temp.t(comment),
  pg_temp.t("isLiked"), pg_temp.t("updateId")) FROM activity WHERE id = 'c5000000-0000-4000-8000-000000000002'), 'uuid,timestamp with time zone,timestamp with time zone,uuid,uuid,uuid,text,boolean,uuid'), 'activity types');
PREPARE album_activity(uuid, uuid) AS SELECT ac.id, ac."createdAt", ac."updatedAt", ac."albumId", ac."userId", ac."assetId", ac.comment, ac."isLiked", ac."updateId", u.name FROM activity ac
  JOIN users u ON u.id = ac."userId" AND u."deletedAt" IS NULL WHERE ac."albumId" = $1 AND ($2::uuid IS NULL OR ac."assetId" = $2) ORDER BY ac."createdAt";
EXECUTE album_activity('c4000000-0000-4000-8000-000000000004', NULL);
EXECUTE album_activity('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004');
SELECT count(*) FILTER (WHERE "isLiked") AS likes, count(*) FILTER (WHERE comment IS NOT NULL) AS comments FROM activity WHERE "albumId" = 'c4000000-0000-4000-8000-000000000001'
  AND "userId" = 'c0000000-0000-4000-8000-000000000001' AND "updateId" IS NOT NULL;
SELECT pg_temp.refused($$INSERT INTO activity ("albumId", "userId", "assetId", "isLiked") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001',
  'c3000000-0000-4000-8000-000000000001', true)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO activity (id, "albumId", "userId", "isLiked") VALUES ('c5000000-0000-4000-8000-000000000001', 'c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', true)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO activity ("albumId", "userId", comment) VALUES ('c4000000-0000-4000-8000-0000000000ff', 'c0000000-0000-4000-8000-000000000001', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO activity ("albumId", "userId", "assetId", comment) VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-0000000000ff', 'x')$$, '23503');
PREPARE delete_activity(uuid) AS DELETE FROM activity WHERE id = $1;
EXECUTE delete_activity(current_setting('h.c1')::uuid);
PREPARE delete_album(uuid) AS DELETE FROM albums WHERE id = $1;
EXECUTE delete_album(current_setting('h.id')::uuid);
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM albums_shared_users_users WHERE "albumsId" = (SELECT id FROM new_album)) AND NOT EXISTS (SELECT 1 FROM albums_assets_assets WHERE "albumsId" = (SELECT id FROM new_album))
  AND NOT EXISTS (SELECT 1 FROM activity WHERE "albumId" = (SELECT id FROM new_album)), 'album delete cascades');
PREPARE delete_asset(uuid) AS DELETE FROM assets WHERE id = $1;
EXECUTE delete_asset('c3000000-0000-4000-8000-000000000005');
SELECT pg_temp.check((SELECT "albumThumbnailAssetId" FROM albums WHERE id = 'c4000000-0000-4000-8000-000000000002') IS NULL
  AND NOT EXISTS (SELECT 1 FROM albums_assets_assets WHERE "assetsId" = 'c3000000-0000-4000-8000-000000000005'), 'asset delete: thumbnail set NULL, album asset cascaded');
DROP TABLE new_album;
-- Boundary writes (rule B).
INSERT INTO albums ("ownerId", "albumName", description, "order") VALUES ('c0000000-0000-4000-8000-000000000001', '', '', ''), ('c0000000-0000-4000-8000-000000000002', 'BERLIN 2024', 'SPRING TRIP', 'DESC'),
  ('c0000000-0000-4000-8000-000000000002', 'Berlin 2024', 'Spring trip', 'desc');
INSERT INTO albums_shared_users_users ("albumsId", "usersId", role) VALUES ('c4000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000002', '');
INSERT INTO activity ("albumId", "userId", "assetId", comment, "isLiked") VALUES ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', NULL, '', false),
  ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000004', 'GREAT LIGHT!', false),
  ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000004', 'GREAT LIGHT!', false);
-- step immich: memories and their assets, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_memory(uuid, varchar, jsonb, boolean, timestamptz, timestamptz, timestamptz, timestamptz) AS INSERT INTO memories ("ownerId", type, data, "isSaved", "memoryAt", "seenAt", "showAt", "hideAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, "createdAt", "updatedAt", "deletedAt", "ownerId", type, data, "isSaved", "memoryAt", "seenAt", "showAt", "hideAt", "updateId";
EXECUTE add_memory('c0000000-0000-4000-8000-000000000002', 'on_this_day', '{"year": 2024}', false, '2024-04-11 00:00:00+00', NULL, '2025-04-11 00:00:00+00', '2025-04-12 00:00:00+00');
INSERT INTO memories (id, "ownerId", type, data, "memoryAt") VALUES ('c6000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x', '{}', now()) ON CONFLICT (id) DO NOTHING;
INSERT INTO memories (id, "ownerId", type, data, "memoryAt") VALUES ('c6000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x', '{}', now())
  ON CONFLICT ON CONSTRAINT "PK_aaa0692d9496fe827b0568612f8" DO NOTHING;
CREATE TEMP TABLE new_memory AS SELECT id, "updateId" FROM memories WHERE "memoryAt" = '2024-04-11 00:00:00+00';
SELECT set_config('h.id', (SELECT id::text FROM new_memory), true);
SELECT pg_temp.check(EXISTS (SELECT id, "createdAt", "updatedAt", "deletedAt", "ownerId", type, data, "isSaved", "memoryAt", "seenAt", "showAt", "hideAt", "updateId" FROM memories
  WHERE id = (SELECT id FROM new_memory) AND "ownerId" = 'c0000000-0000-4000-8000-000000000002' AND type = 'on_this_day' AND (data->>'year')::int = 2024 AND NOT "isSaved" AND "seenAt" IS NULL
  AND "hideAt" - "showAt" = interval '1 day' AND "deletedAt" IS NULL), 'memory as written');
PREPARE set_memory(boolean, timestamptz, jsonb, uuid) AS UPDATE memories SET "isSaved" = $1, "seenAt" = $2, data = $3 WHERE id = $4 RETURNING "updateId";
EXECUTE set_memory(true, '2025-04-11 08:00:00+00', '{"year": 2023}', current_setting('h.id')::uuid);
UPDATE memories SET "memoryAt" = '2024-04-12 00:00:00+00', "showAt" = NULL, "hideAt" = NULL, type = 'on_this_day', "ownerId" = 'c0000000-0000-4000-8000-000000000003', "deletedAt" = now()
  WHERE id = (SELECT id FROM new_memory);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM memories m JOIN new_memory n ON n.id = m.id WHERE m."isSaved" AND m."seenAt" = '2025-04-11 08:00:00+00' AND m.data @> '{"year": 2023}' AND m."deletedAt" IS NOT NULL
  AND m."updateId" <> n."updateId"), 'memory updated, updateId set by the updated_at trigger');
UPDATE memories SET "deletedAt" = NULL, "seenAt" = NULL WHERE id = (SELECT id FROM new_memory);
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t("createdAt"), pg_temp.t("updatedAt"), pg_temp.t("deletedAt"), pg_temp.t("ownerId"), pg_temp.t(type), pg_temp.t(data),
  pg_temp.t("isSaved"), pg_temp.t("memoryAt"), pg_temp.t("seenAt"), pg_temp.t("showAt"), pg_temp.t("hideAt"), pg_temp.t("updateId")) FROM memories WHERE id = 'c6000000-0000-4000-8000-000000000001'),
  'uuid,timestamp with time zone,timestamp with time zone,timestamp with time zone,uuid,text,jsonb,boolean,timestamp with time zone,timestamp with time zone,timestamp with time zone,timestamp with time zone,uuid'),
  'memories types');
PREPARE memories_for(uuid, timestamptz) AS SELECT m.id, m."createdAt", m."updatedAt", m."deletedAt", m."ownerId", m.type, m.data, m."isSaved", m."memoryAt", m."seenAt", m."showAt", m."hideAt", m."updateId",
  (SELECT array_agg(ma."assetsId") FROM memories_assets_assets ma WHERE ma."memoriesId" = m.id) AS assets FROM memories m WHERE m."ownerId" = $1 AND m."deletedAt" IS NULL
  AND ($2::timestamptz IS NULL OR (m."showAt" <= $2 AND m."hideAt" >= $2)) ORDER BY m."memoryAt" DESC;
EXECUTE memories_for('c0000000-0000-4000-8000-000000000002', '2025-04-05 12:00:00+00');
EXECUTE memories_for('c0000000-0000-4000-8000-000000000003', NULL);
SELECT pg_temp.refused($$INSERT INTO memories (id, "ownerId", type, data, "memoryAt") VALUES ('c6000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'x', '{}', now())$$, '23505');
SELECT pg_temp.refused($$INSERT INTO memories ("ownerId", type, data, "memoryAt") VALUES ('c0000000-0000-4000-8000-0000000000ff', 'x', '{}', now())$$, '23503');
PREPARE add_memory_assets(uuid, uuid[]) AS INSERT INTO memories_assets_assets ("memoriesId", "assetsId") SELECT $1, unnest($2) ON CONFLICT DO NOTHING RETURNING "memoriesId", "assetsId";
EXECUTE add_memory_assets(current_setting('h.id')::uuid, ARRAY['c3000000-0000-4000-8000-000000000007', 'c3000000-0000-4000-8000-000000000010']::uuid[]);
INSERT INTO memories_assets_assets ("memoriesId", "assetsId") VALUES ('c6000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004') ON CONFLICT ("memoriesId", "assetsId") DO NOTHING;
INSERT INTO memories_assets_assets ("memoriesId", "assetsId") VALUES ('c6000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004')
  ON CONFLICT ON CONSTRAINT "PK_fcaf7112a013d1703c011c6793d" DO NOTHING;
SELECT pg_temp.check((SELECT count(*) FROM memories_assets_assets WHERE "memoriesId" = (SELECT id FROM new_memory)) = 2, 'memory assets as written');
UPDATE memories_assets_assets SET "assetsId" = 'c3000000-0000-4000-8000-000000000016' WHERE "memoriesId" = (SELECT id FROM new_memory) AND "assetsId" = 'c3000000-0000-4000-8000-000000000010';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("memoriesId"), pg_temp.t("assetsId")) FROM memories_assets_assets WHERE "memoriesId" = 'c6000000-0000-4000-8000-000000000001' LIMIT 1),
  'uuid,uuid'), 'memories_assets_assets types');
SELECT "memoriesId", "assetsId" FROM memories_assets_assets WHERE "memoriesId" = 'c6000000-0000-4000-8000-000000000002' OR "assetsId" = 'c3000000-0000-4000-8000-000000000008';
SELECT pg_temp.refused($$INSERT INTO memories_assets_assets ("memoriesId", "assetsId") VALUES ('c6000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO memories_assets_assets ("memoriesId", "assetsId") VALUES ('c6000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-0000000000ff')$$, '23503');
PREPARE remove_memory_assets(uuid, uuid[]) AS DELETE FROM memories_assets_assets WHERE "memoriesId" = $1 AND "assetsId" = ANY ($2);
EXECUTE remove_memory_assets(current_setting('h.id')::uuid, ARRAY['c3000000-0000-4000-8000-000000000016']::uuid[]);
PREPARE delete_memory(uuid) AS DELETE FROM memories WHERE id = $1;
EXECUTE delete_memory(current_setting('h.id')::uuid);
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM memories_assets_assets WHERE "memoriesId" = (SELECT id FROM new_memory)), 'memory delete cascades');
DROP TABLE new_memory;
-- Boundary writes (rule B).
INSERT INTO memories ("ownerId", type, data, "memoryAt") VALUES ('c0000000-0000-4000-8000-000000000001', '', '{}', now()), ('c0000000-0000-4000-8000-000000000002', 'ON_THIS_DAY', '{"year": 0}', now()),
  ('c0000000-0000-4000-8000-000000000002', 'ON_THIS_DAY', '{"year": 0}', now());
