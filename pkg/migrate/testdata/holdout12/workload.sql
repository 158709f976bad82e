-- The serving versions' ordinary statements (Authelia's storage provider before each of its
-- migrations, Listmonk's core queries before each of its own), one statement group per
-- "-- step", each run as {{role}} in a transaction rolled back after it, against the OLD
-- schema. This is the fixed catalogue of HOLDOUT10.md (holdout8's items 1-8, written before the
-- migration cases), for every table, type, sequence and view the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (jsonb
--     operators on Listmonk's attribs and settings, array operators on tags and permissions,
--     text functions, interval arithmetic on timestamps, comparisons with parameters of the
--     column's declared type). Every read must not fail, and its columns' types are asserted
--     (pg_temp.same, rule T: widening within a type family is the same type, so int2 -> int4 ->
--     int8, varchar(n) -> varchar(m>n) -> varchar -> text, char(n) -> char(m>n) and
--     numeric(p,s) -> numeric(p'>p,s) pass, any other type change is a change of form). VALUES
--     are asserted only on rows the step itself writes after the migration (rule D);
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their
--     defaults, parameters bound as the columns' OLD declared types (PREPARE with declared
--     types), ids from the serial sequences. The value a default gives is NOT asserted;
--  3. updates of each column, nullable ones also set to NULL (rule N), deletes by key, and
--     deletes of parent rows asserting their ON DELETE effect; then boundary writes (rule B),
--     one block at the end of each step: '' for text, a value of exactly n characters for
--     every varchar(n) and char(n) column, 0 and a negative number for numbers, an id of no row
--     where no foreign key checks it, upper-case or odd values, every value of each enum, and a
--     second row duplicating another's values where no unique constraint or index covers them;
--     never a write the old schema refuses;
--  4. INSERT ... ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary-key constraint/index (23505) and
--     each foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the ON
--     DELETE effects of item 3 (CASCADE, SET NULL, SET DEFAULT, and RESTRICT refusing with
--     23503). Not CHECK, NOT NULL or domain constraints, varchar lengths or enum membership;
--  6. sequences: the next insert after the migration only (an insert in flight across the
--     migration is NOT covered: holdMeasure keeps no session across the statement);
--  7. the old schema defines no function or trigger the apps call; its one view,
--     Listmonk's mat_list_subscriber_stats, is read as the list pages read it (the role does
--     not own it, so its REFRESH, which Listmonk runs as the owner, is not covered);
--  8. the rows data.sql wrote are all still there: the first step checks, for every table the
--     serving versions read, that count(*) is at least the number of rows data.sql put in it.
-- step rows data.sql wrote are still there
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check((SELECT count(*) FROM authentication_logs) >= 40, 'authentication_logs rows');
SELECT pg_temp.check((SELECT count(*) FROM identity_verification) >= 3, 'identity_verification rows');
SELECT pg_temp.check((SELECT count(*) FROM totp_configurations) >= 4, 'totp_configurations rows');
SELECT pg_temp.check((SELECT count(*) FROM u2f_devices) >= 3, 'u2f_devices rows');
SELECT pg_temp.check((SELECT count(*) FROM duo_devices) >= 3, 'duo_devices rows');
SELECT pg_temp.check((SELECT count(*) FROM user_preferences) >= 5, 'user_preferences rows');
SELECT pg_temp.check((SELECT count(*) FROM encryption) >= 1, 'encryption rows');
SELECT pg_temp.check((SELECT count(*) FROM webauthn_devices) >= 4, 'webauthn_devices rows');
SELECT pg_temp.check((SELECT count(*) FROM webauthn_credentials) >= 4, 'webauthn_credentials rows');
SELECT pg_temp.check((SELECT count(*) FROM user_opaque_identifier) >= 6, 'user_opaque_identifier rows');
SELECT pg_temp.check((SELECT count(*) FROM oauth2_consent_preconfiguration) >= 2, 'oauth2_consent_preconfiguration rows');
SELECT pg_temp.check((SELECT count(*) FROM oauth2_consent_session) >= 6, 'oauth2_consent_session rows');
SELECT pg_temp.check((SELECT count(*) FROM oauth2_access_token_session) >= 5, 'oauth2_access_token_session rows');
SELECT pg_temp.check((SELECT count(*) FROM subscribers) >= 20, 'subscribers rows');
SELECT pg_temp.check((SELECT count(*) FROM lists) >= 5, 'lists rows');
SELECT pg_temp.check((SELECT count(*) FROM subscriber_lists) >= 36, 'subscriber_lists rows');
SELECT pg_temp.check((SELECT count(*) FROM templates) >= 3, 'templates rows');
SELECT pg_temp.check((SELECT count(*) FROM campaigns) >= 4, 'campaigns rows');
SELECT pg_temp.check((SELECT count(*) FROM campaign_lists) >= 6, 'campaign_lists rows');
SELECT pg_temp.check((SELECT count(*) FROM campaign_views) >= 30, 'campaign_views rows');
SELECT pg_temp.check((SELECT count(*) FROM media) >= 3, 'media rows');
SELECT pg_temp.check((SELECT count(*) FROM links) >= 3, 'links rows');
SELECT pg_temp.check((SELECT count(*) FROM link_clicks) >= 25, 'link_clicks rows');
SELECT pg_temp.check((SELECT count(*) FROM settings) >= 15, 'settings rows');
SELECT pg_temp.check((SELECT count(*) FROM roles) >= 3, 'roles rows');
SELECT pg_temp.check((SELECT count(*) FROM users) >= 2, 'users rows');
SELECT pg_temp.check((SELECT count(*) FROM mat_list_subscriber_stats) >= 1, 'mat_list_subscriber_stats rows');
-- step authelia: authentication logs (regulation), typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_log(timestamptz, boolean, boolean, varchar, varchar, varchar, text, varchar) AS INSERT INTO authentication_logs (time, successful, banned, username, auth_type, remote_ip, request_uri, request_method) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id;
EXECUTE add_log(now(), false, false, 'newuser', '1FA', '198.51.100.7', 'https://auth.example.com/api/firstfactor', 'POST');
EXECUTE add_log(now() - interval '1 minute', true, false, 'newuser', 'TOTP', NULL, NULL, 'GET');
PREPARE regulation(timestamptz, varchar) AS SELECT time, successful, username FROM authentication_logs WHERE time > $1 AND banned = FALSE AND username = $2 ORDER BY time DESC LIMIT 10;
EXECUTE regulation(now() - interval '5 minutes', 'newuser');
SELECT pg_temp.check((SELECT count(*) FROM authentication_logs WHERE time > now() - interval '5 minutes' AND username = 'newuser' AND NOT banned) = 2, 'logs as written');
SELECT pg_temp.check(EXISTS (SELECT id, time, successful, banned, username, auth_type, remote_ip, request_uri, request_method FROM authentication_logs WHERE username = 'newuser' AND auth_type = '1FA'
  AND remote_ip = '198.51.100.7' AND request_uri LIKE '%/api/firstfactor' AND request_method = 'POST' AND NOT successful), 'log as written');
UPDATE authentication_logs SET successful = true, banned = true, username = 'newuser2', auth_type = 'WEBAUTHN', remote_ip = '2001:db8::1', request_uri = '/x', request_method = 'PUT', time = now() WHERE username = 'newuser' AND auth_type = '1FA';
UPDATE authentication_logs SET remote_ip = NULL, request_uri = NULL WHERE username = 'newuser2';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM authentication_logs WHERE username = 'newuser2' AND banned AND successful AND auth_type = 'WEBAUTHN' AND remote_ip IS NULL AND request_method = 'PUT'), 'log updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(time), pg_temp.t(successful), pg_temp.t(banned), pg_temp.t(username), pg_temp.t(auth_type), pg_temp.t(remote_ip), pg_temp.t(request_uri), pg_temp.t(request_method))
  FROM authentication_logs WHERE id = 1), 'integer,timestamp with time zone,boolean,boolean,text,text,text,text,text'), 'authentication_logs types');
SELECT id, time, successful, banned, username, auth_type, remote_ip, request_uri, request_method FROM authentication_logs WHERE id = 3 OR (time > '2024-03-01'::timestamptz AND remote_ip = '192.0.2.5' AND auth_type = '1FA');
SELECT username, count(*) FROM authentication_logs WHERE time > now() - interval '10 years' AND upper(auth_type) = 'TOTP' AND lower(username) LIKE 'user%' GROUP BY username;
DELETE FROM authentication_logs WHERE username = 'newuser2';
SELECT pg_temp.refused($$INSERT INTO authentication_logs (id, successful, username) VALUES (1, true, 'dup')$$, '23505');
-- Boundary writes (rule B).
INSERT INTO authentication_logs (time, successful, banned, username, auth_type, remote_ip, request_uri, request_method) VALUES
  (now(), false, false, '', '', '', '', ''), (now(), true, true, repeat('u', 100), 'ABCDEFGH', repeat('f', 39), repeat('/x', 500), 'PROPFIND'),
  (now(), true, false, 'USER1', '1FA', '192.0.2.1', 'https://auth.example.com/', 'GET'), (now(), true, false, 'USER1', '1FA', '192.0.2.1', 'https://auth.example.com/', 'GET');
-- step authelia: identity verification tokens, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_iv(char, timestamptz, varchar, timestamptz, varchar, varchar) AS INSERT INTO identity_verification (jti, iat, issued_ip, exp, username, action) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE add_iv('4f2a7c1e-0b6d-4e1a-9c33-7d2a1b0c9e01', now(), '198.51.100.7', now() + interval '5 minutes', 'newuser', 'ResetPassword');
PREPARE iv_valid(char) AS SELECT EXISTS (SELECT id FROM identity_verification WHERE jti = $1 AND exp > CURRENT_TIMESTAMP AND consumed IS NULL);
SELECT pg_temp.check(EXISTS (SELECT id FROM identity_verification WHERE jti = '4f2a7c1e-0b6d-4e1a-9c33-7d2a1b0c9e01' AND exp > CURRENT_TIMESTAMP AND consumed IS NULL), 'token valid');
EXECUTE iv_valid('4f2a7c1e-0b6d-4e1a-9c33-7d2a1b0c9e01');
PREPARE consume_iv(varchar, char) AS UPDATE identity_verification SET consumed = CURRENT_TIMESTAMP, consumed_ip = $1 WHERE jti = $2;
EXECUTE consume_iv('198.51.100.8', '4f2a7c1e-0b6d-4e1a-9c33-7d2a1b0c9e01');
SELECT pg_temp.check(EXISTS (SELECT id, jti, iat, issued_ip, exp, username, action, consumed, consumed_ip FROM identity_verification WHERE jti = '4f2a7c1e-0b6d-4e1a-9c33-7d2a1b0c9e01'
  AND consumed_ip = '198.51.100.8' AND consumed <= now() AND issued_ip = '198.51.100.7' AND username = 'newuser' AND action = 'ResetPassword' AND exp - iat = interval '5 minutes'), 'token as written');
UPDATE identity_verification SET jti = NULL, iat = now(), issued_ip = '::1', exp = now(), username = 'other', action = 'RegisterTOTPDevice', consumed = NULL, consumed_ip = NULL WHERE jti = '4f2a7c1e-0b6d-4e1a-9c33-7d2a1b0c9e01';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(jti), pg_temp.t(iat), pg_temp.t(issued_ip), pg_temp.t(exp), pg_temp.t(username), pg_temp.t(action), pg_temp.t(consumed), pg_temp.t(consumed_ip))
  FROM identity_verification WHERE id = 1), 'integer,character,timestamp with time zone,text,timestamp with time zone,text,text,timestamp with time zone,text'), 'identity_verification types');
SELECT id, jti, iat, issued_ip, exp, username, action, consumed, consumed_ip FROM identity_verification WHERE id = 2 OR jti = '8a6a47a4-8b0e-4d9b-a3f3-000000000003' OR username = 'user1';
INSERT INTO identity_verification (jti, issued_ip, exp, username, action) VALUES ('8a6a47a4-8b0e-4d9b-a3f3-000000000001', 'x', now(), 'x', 'x') ON CONFLICT (jti) DO NOTHING;
INSERT INTO identity_verification (id, issued_ip, exp, username, action) VALUES (1, 'x', now(), 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO identity_verification (id, issued_ip, exp, username, action) VALUES (1, 'x', now(), 'x', 'x') ON CONFLICT ON CONSTRAINT identity_verification_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO identity_verification (jti, issued_ip, exp, username, action) VALUES ('8a6a47a4-8b0e-4d9b-a3f3-000000000002', 'x', now(), 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO identity_verification (id, issued_ip, exp, username, action) VALUES (2, 'x', now(), 'x', 'x')$$, '23505');
DELETE FROM identity_verification WHERE username = 'other';
-- Boundary writes (rule B).
INSERT INTO identity_verification (jti, iat, issued_ip, exp, username, action) VALUES (repeat('j', 36), now(), repeat('i', 39), now(), repeat('u', 100), repeat('a', 50)),
  ('', now(), '', now() - interval '1 day', '', ''), (NULL, now(), 'X', now(), 'USER1', 'RESETPASSWORD'), (NULL, now(), 'X', now(), 'USER1', 'RESETPASSWORD');
-- step authelia: TOTP configurations, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_totp(varchar, varchar, varchar, integer, integer, bytea) AS INSERT INTO totp_configurations (username, issuer, algorithm, digits, period, secret) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (username) DO UPDATE SET issuer = $2, algorithm = $3, digits = $4, period = $5, secret = $6;
EXECUTE save_totp('newuser', 'auth.example.com', 'SHA256', 8, 60, '\xdeadbeef');
EXECUTE save_totp('user1', 'auth.example.com', 'SHA1', 6, 30, '\x0102');
PREPARE load_totp(varchar) AS SELECT id, username, issuer, algorithm, digits, period, secret FROM totp_configurations WHERE username = $1;
EXECUTE load_totp('newuser');
SELECT pg_temp.check(EXISTS (SELECT id, username, issuer, algorithm, digits, period, secret FROM totp_configurations WHERE username = 'newuser' AND issuer = 'auth.example.com' AND algorithm = 'SHA256'
  AND digits + 1 = 9 AND period * 2 = 120 AND secret = '\xdeadbeef'::bytea AND length(secret) = 4), 'totp as written');
UPDATE totp_configurations SET issuer = NULL, algorithm = 'SHA512', digits = 6, period = 30, secret = '\x00', username = 'newuser2' WHERE username = 'newuser';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM totp_configurations WHERE username = 'newuser2' AND issuer IS NULL AND algorithm = 'SHA512'), 'totp updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(issuer), pg_temp.t(algorithm), pg_temp.t(digits), pg_temp.t(period), pg_temp.t(secret))
  FROM totp_configurations WHERE id = 1), 'integer,text,text,text,integer,integer,bytea'), 'totp_configurations types');
SELECT id, username, issuer, algorithm, digits, period, encode(secret, 'hex') FROM totp_configurations WHERE id = 2 OR username = 'user3';
INSERT INTO totp_configurations (id, username, secret) VALUES (1, 'zz', '\x00') ON CONFLICT (id) DO NOTHING;
INSERT INTO totp_configurations (id, username, secret) VALUES (1, 'zz', '\x00') ON CONFLICT ON CONSTRAINT totp_configurations_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO totp_configurations (username, secret) VALUES ('user2', '\x00')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO totp_configurations (id, username, secret) VALUES (1, 'dup-id', '\x00')$$, '23505');
DELETE FROM totp_configurations WHERE username = 'newuser2';
DELETE FROM totp_configurations WHERE username = 'user4';
-- Boundary writes (rule B).
INSERT INTO totp_configurations (username, issuer, algorithm, digits, period, secret) VALUES ('', '', '', 0, 0, '\x'), (repeat('u', 100), repeat('i', 100), 'SHA512', -1, -30, '\x00'),
  ('USER-UPPER', 'AUTH.EXAMPLE.COM', 'sha1', 6, 30, '\x0102'), ('user-dup', 'AUTH.EXAMPLE.COM', 'sha1', 6, 30, '\x0102');
-- step authelia: U2F devices, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_u2f(varchar, varchar, bytea, bytea) AS INSERT INTO u2f_devices (username, description, key_handle, public_key) VALUES ($1, $2, $3, $4)
  ON CONFLICT (username, description) DO UPDATE SET key_handle = $3, public_key = $4;
EXECUTE save_u2f('newuser', 'Primary', '\x0a0b', '\x0c0d');
EXECUTE save_u2f('user1', 'Primary', '\x0a0b', '\x0c0d');
PREPARE load_u2f(varchar, varchar) AS SELECT id, username, description, key_handle, public_key FROM u2f_devices WHERE username = $1 AND description = $2;
EXECUTE load_u2f('newuser', 'Primary');
SELECT pg_temp.check(EXISTS (SELECT id, username, description, key_handle, public_key FROM u2f_devices WHERE username = 'newuser' AND description = 'Primary' AND key_handle = '\x0a0b'::bytea AND public_key = '\x0c0d'::bytea), 'u2f as written');
UPDATE u2f_devices SET username = 'newuser2', description = 'Backup', key_handle = '\x01', public_key = '\x02' WHERE username = 'newuser';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(description), pg_temp.t(key_handle), pg_temp.t(public_key)) FROM u2f_devices WHERE id = 1),
  'integer,text,text,bytea,bytea'), 'u2f_devices types');
SELECT id, username, description, encode(key_handle, 'base64'), public_key FROM u2f_devices WHERE id = 2 OR username = 'user3';
INSERT INTO u2f_devices (id, username, key_handle, public_key) VALUES (1, 'zz', '\x00', '\x00') ON CONFLICT (id) DO NOTHING;
INSERT INTO u2f_devices (id, username, key_handle, public_key) VALUES (1, 'zz', '\x00', '\x00') ON CONFLICT ON CONSTRAINT u2f_devices_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO u2f_devices (username, description, key_handle, public_key) VALUES ('user2', 'Primary', '\x00', '\x00')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO u2f_devices (id, username, key_handle, public_key) VALUES (1, 'dup-id', '\x00', '\x00')$$, '23505');
DELETE FROM u2f_devices WHERE username = 'newuser2';
-- Boundary writes (rule B).
INSERT INTO u2f_devices (username, description, key_handle, public_key) VALUES ('', '', '\x', '\x'), (repeat('u', 100), repeat('d', 30), '\x00', '\x00'),
  ('USER1', 'PRIMARY', '\x0a0b', '\x0c0d'), ('user-dup', 'PRIMARY', '\x0a0b', '\x0c0d');
-- step authelia: Duo devices and user preferences, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_duo(varchar, varchar, varchar) AS INSERT INTO duo_devices (username, device, method) VALUES ($1, $2, $3) ON CONFLICT (username) DO UPDATE SET device = $2, method = $3;
EXECUTE save_duo('newuser', 'DPABCDEF', 'push');
EXECUTE save_duo('user1', 'auto', 'auto');
PREPARE load_duo(varchar) AS SELECT id, username, device, method FROM duo_devices WHERE username = $1;
EXECUTE load_duo('newuser');
SELECT pg_temp.check(EXISTS (SELECT id, username, device, method FROM duo_devices WHERE username = 'newuser' AND device = 'DPABCDEF' AND method = 'push'), 'duo as written');
UPDATE duo_devices SET username = 'newuser2', device = 'auto', method = 'sms' WHERE username = 'newuser';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(device), pg_temp.t(method)) FROM duo_devices WHERE id = 1), 'integer,text,text,text'), 'duo_devices types');
SELECT id, username, device, method FROM duo_devices WHERE id = 2 OR username = 'user3' OR lower(method) = 'push';
INSERT INTO duo_devices (id, username, device, method) VALUES (1, 'zz', 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO duo_devices (id, username, device, method) VALUES (1, 'zz', 'x', 'x') ON CONFLICT ON CONSTRAINT duo_devices_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO duo_devices (username, device, method) VALUES ('user2', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO duo_devices (id, username, device, method) VALUES (1, 'dup-id', 'x', 'x')$$, '23505');
DELETE FROM duo_devices WHERE username = 'newuser2';
PREPARE save_pref(varchar, varchar) AS INSERT INTO user_preferences (username, second_factor_method) VALUES ($1, $2) ON CONFLICT (username) DO UPDATE SET second_factor_method = $2;
EXECUTE save_pref('newuser', 'totp');
EXECUTE save_pref('user1', 'u2f');
PREPARE load_pref(varchar) AS SELECT id, username, second_factor_method FROM user_preferences WHERE username = $1;
EXECUTE load_pref('newuser');
SELECT pg_temp.check(EXISTS (SELECT id, username, second_factor_method FROM user_preferences WHERE username = 'newuser' AND second_factor_method = 'totp'), 'preference as written');
SELECT pg_temp.check((SELECT second_factor_method FROM user_preferences WHERE username = 'user1') = 'u2f', 'preference upserted');
UPDATE user_preferences SET username = 'newuser2', second_factor_method = 'mobile_push' WHERE username = 'newuser';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(second_factor_method)) FROM user_preferences WHERE id = 1), 'integer,text,text'), 'user_preferences types');
SELECT id, username, second_factor_method FROM user_preferences WHERE id = 2 OR username = 'user3' OR second_factor_method IN ('u2f', 'totp');
INSERT INTO user_preferences (id, username, second_factor_method) VALUES (1, 'zz', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO user_preferences (id, username, second_factor_method) VALUES (1, 'zz', 'x') ON CONFLICT ON CONSTRAINT user_preferences_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO user_preferences (username, second_factor_method) VALUES ('user2', 'totp')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO user_preferences (id, username, second_factor_method) VALUES (1, 'dup-id', 'totp')$$, '23505');
DELETE FROM user_preferences WHERE username = 'newuser2';
-- Boundary writes (rule B).
INSERT INTO duo_devices (username, device, method) VALUES ('', '', ''), (repeat('u', 100), repeat('d', 32), repeat('m', 16)), ('USER1', 'AUTO', 'PUSH');
INSERT INTO user_preferences (username, second_factor_method) VALUES ('', ''), (repeat('u', 100), 'mobile_push'), ('USER1', 'WEBAUTHN'), ('user-dup', 'u2f');
-- step authelia: encryption check value, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_enc(varchar, bytea) AS INSERT INTO encryption (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2;
EXECUTE save_enc('check2', '\xcafe');
EXECUTE save_enc('check', '\x0123456789abcdef');
PREPARE load_enc(varchar) AS SELECT value FROM encryption WHERE name = $1;
EXECUTE load_enc('check');
SELECT pg_temp.check(EXISTS (SELECT id, name, value FROM encryption WHERE name = 'check2' AND value = '\xcafe'::bytea AND octet_length(value) = 2), 'encryption as written');
UPDATE encryption SET value = '\xbeef', name = NULL WHERE name = 'check2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(value)) FROM encryption WHERE name = 'check'), 'integer,text,bytea'), 'encryption types');
SELECT id, name, value FROM encryption WHERE id = 1 OR name = 'check';
INSERT INTO encryption (id, name, value) VALUES (1, 'zz', '\x00') ON CONFLICT (id) DO NOTHING;
INSERT INTO encryption (id, name, value) VALUES (1, 'zz', '\x00') ON CONFLICT ON CONSTRAINT encryption_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO encryption (name, value) VALUES ('check', '\x00')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO encryption (id, name, value) VALUES (1, 'dup-id', '\x00')$$, '23505');
DELETE FROM encryption WHERE name IS NULL AND value = '\xbeef';
-- Boundary writes (rule B).
INSERT INTO encryption (name, value) VALUES ('', '\x'), (repeat('n', 100), '\x00'), ('CHECK', '\x01'), (NULL, '\x01'), (NULL, '\x01');
-- step authelia: WebAuthn devices, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_wd(timestamptz, timestamptz, text, varchar, varchar, varchar, bytea, varchar, varchar, char, integer, boolean) AS INSERT INTO webauthn_devices (created_at, last_used_at, rpid, username, description, kid, public_key, attestation_type, transport, aaguid, sign_count, clone_warning)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (username, description) DO UPDATE SET created_at = $1, last_used_at = $2, rpid = $3, kid = $6, public_key = $7, attestation_type = $8, transport = $9, aaguid = $10, sign_count = $11, clone_warning = $12;
EXECUTE save_wd(now(), NULL, 'auth.example.com', 'newuser', 'Primary', 'bmV3a2lk', '\x0a', 'packed', 'usb', 'cb69481e-8ff7-4039-93ec-0a2729a154a8', 0, false);
PREPARE load_wd(varchar) AS SELECT id, created_at, last_used_at, rpid, username, description, kid, public_key, attestation_type, transport, aaguid, sign_count, clone_warning FROM webauthn_devices WHERE username = $1;
EXECUTE load_wd('newuser');
SELECT pg_temp.check(EXISTS (SELECT id, created_at, last_used_at, rpid, username, description, kid, public_key, attestation_type, transport, aaguid, sign_count, clone_warning FROM webauthn_devices
  WHERE username = 'newuser' AND description = 'Primary' AND kid = 'bmV3a2lk' AND rpid = 'auth.example.com' AND attestation_type = 'packed' AND transport = 'usb' AND aaguid = 'cb69481e-8ff7-4039-93ec-0a2729a154a8'
  AND sign_count = 0 AND NOT clone_warning AND last_used_at IS NULL AND public_key = '\x0a'::bytea AND created_at > now() - interval '1 minute'), 'webauthn device as written');
PREPARE wd_used(timestamptz, integer, boolean, varchar) AS UPDATE webauthn_devices SET last_used_at = $1, sign_count = $2, clone_warning = $3 WHERE kid = $4;
EXECUTE wd_used(now(), 7, true, 'bmV3a2lk');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM webauthn_devices WHERE kid = 'bmV3a2lk' AND sign_count = 7 AND clone_warning AND last_used_at IS NOT NULL), 'webauthn device used');
UPDATE webauthn_devices SET description = 'Renamed', username = 'newuser2', public_key = '\x0b', kid = 'bmV3a2lkMg==' WHERE kid = 'bmV3a2lk';
UPDATE webauthn_devices SET last_used_at = NULL, rpid = NULL, attestation_type = NULL, transport = NULL, sign_count = NULL WHERE kid = 'bmV3a2lkMg==';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(created_at), pg_temp.t(last_used_at), pg_temp.t(rpid), pg_temp.t(username), pg_temp.t(description), pg_temp.t(kid), pg_temp.t(public_key),
  pg_temp.t(attestation_type), pg_temp.t(transport), pg_temp.t(aaguid), pg_temp.t(sign_count), pg_temp.t(clone_warning)) FROM webauthn_devices WHERE id = 2),
  'integer,timestamp with time zone,timestamp with time zone,text,text,text,text,bytea,text,text,character,integer,boolean'), 'webauthn_devices types');
SELECT id, created_at, last_used_at, rpid, username, description, kid, public_key, attestation_type, transport, aaguid, sign_count, clone_warning FROM webauthn_devices WHERE id = 1 OR kid = 'a2lkMw==' OR (username = 'user3' AND description = 'Phone');
INSERT INTO webauthn_devices (username, description, kid, public_key, aaguid) VALUES ('zz', 'zz', 'a2lkMQ==', '\x00', '') ON CONFLICT (kid) DO NOTHING;
INSERT INTO webauthn_devices (id, username, kid, public_key, aaguid) VALUES (1, 'zz', 'zz', '\x00', '') ON CONFLICT (id) DO NOTHING;
INSERT INTO webauthn_devices (id, username, kid, public_key, aaguid) VALUES (1, 'zz', 'zz', '\x00', '') ON CONFLICT ON CONSTRAINT webauthn_devices_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO webauthn_devices (username, description, kid, public_key, aaguid) VALUES ('other', 'x', 'a2lkMg==', '\x00', '')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO webauthn_devices (username, description, kid, public_key, aaguid) VALUES ('user1', 'Primary', 'bmV3', '\x00', '')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO webauthn_devices (id, username, kid, public_key, aaguid) VALUES (1, 'dup-id', 'dup-id', '\x00', '')$$, '23505');
DELETE FROM webauthn_devices WHERE kid = 'bmV3a2lkMg==';
DELETE FROM webauthn_devices WHERE username = 'user3' AND description = 'Phone';
-- Boundary writes (rule B).
INSERT INTO webauthn_devices (created_at, last_used_at, rpid, username, description, kid, public_key, attestation_type, transport, aaguid, sign_count, clone_warning) VALUES
  (now(), now(), '', '', '', '', '\x', '', '', '', 0, false),
  (now(), now(), repeat('r', 300), repeat('u', 100), repeat('d', 30), repeat('k', 512), '\x00', repeat('a', 32), repeat('t', 64), repeat('g', 36), -1, true),
  (now(), NULL, 'AUTH.EXAMPLE.COM', 'USER1', 'PRIMARY', 'KID-UPPER', '\x0a', 'PACKED', 'USB', '00000000-0000-0000-0000-000000000000', 2147483647, false);
-- step authelia: WebAuthn credentials, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_wc(timestamptz, varchar, varchar, varchar, varchar, char, varchar, varchar, varchar, integer, boolean, boolean, boolean, boolean, boolean, boolean, bytea) AS
  INSERT INTO webauthn_credentials (created_at, rpid, username, description, kid, aaguid, attestation_type, attachment, transport, sign_count, clone_warning, discoverable, present, verified, backup_eligible, backup_state, public_key)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id;
EXECUTE save_wc(now(), 'auth.example.com', 'newuser', 'Laptop', 'bmV3Y3JlZA', 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', 'packed', 'platform', 'internal,hybrid', 0, false, true, true, true, true, false, '\x0a0b');
EXECUTE save_wc(now(), 'auth.example.com', 'newuser', 'Key', 'bmV3Y3JlZDI', NULL, NULL, 'cross-platform', NULL, NULL, false, false, true, false, false, false, '\x0c');
PREPARE load_wc(varchar, varchar) AS SELECT id, created_at, last_used_at, rpid, username, description, kid, aaguid, attestation_type, attachment, transport, sign_count, clone_warning, legacy, discoverable,
  present, verified, backup_eligible, backup_state, public_key FROM webauthn_credentials WHERE rpid = $1 AND username = $2;
EXECUTE load_wc('auth.example.com', 'newuser');
SELECT pg_temp.check(EXISTS (SELECT id, created_at, last_used_at, rpid, username, description, kid, aaguid, attestation_type, attachment, transport, sign_count, clone_warning, legacy, discoverable, present,
  verified, backup_eligible, backup_state, public_key FROM webauthn_credentials WHERE kid = 'bmV3Y3JlZA' AND rpid = 'auth.example.com' AND username = 'newuser' AND description = 'Laptop'
  AND aaguid = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd' AND attestation_type = 'packed' AND attachment = 'platform' AND 'hybrid' = ANY (string_to_array(transport, ',')) AND sign_count = 0
  AND NOT clone_warning AND discoverable AND present AND verified AND backup_eligible AND NOT backup_state AND public_key = '\x0a0b'::bytea AND last_used_at IS NULL), 'credential as written');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM webauthn_credentials WHERE kid = 'bmV3Y3JlZDI' AND aaguid IS NULL AND attestation_type IS NULL AND transport IS NULL AND sign_count IS NULL), 'credential with NULLs');
PREPARE wc_used(timestamptz, integer, boolean, boolean, boolean, varchar) AS UPDATE webauthn_credentials SET last_used_at = $1, sign_count = $2, clone_warning = $3, backup_state = $4, present = $5 WHERE kid = $6;
EXECUTE wc_used(now(), 3, true, true, false, 'bmV3Y3JlZA');
UPDATE webauthn_credentials SET description = 'Laptop 2', rpid = 'example.com', username = 'newuser2', kid = 'bmV3Y3JlZDM', aaguid = NULL, attestation_type = NULL, attachment = 'cross-platform', transport = NULL,
  sign_count = NULL, legacy = true, discoverable = false, verified = false, backup_eligible = false, public_key = '\x0d', last_used_at = NULL, created_at = now() WHERE kid = 'bmV3Y3JlZA';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(created_at), pg_temp.t(last_used_at), pg_temp.t(rpid), pg_temp.t(username), pg_temp.t(description), pg_temp.t(kid), pg_temp.t(aaguid),
  pg_temp.t(attestation_type), pg_temp.t(attachment), pg_temp.t(transport), pg_temp.t(sign_count), pg_temp.t(clone_warning), pg_temp.t(legacy), pg_temp.t(discoverable), pg_temp.t(present), pg_temp.t(verified),
  pg_temp.t(backup_eligible), pg_temp.t(backup_state), pg_temp.t(public_key)) FROM webauthn_credentials WHERE id = 1),
  'integer,timestamp with time zone,timestamp with time zone,text,text,text,text,character,text,text,text,integer,boolean,boolean,boolean,boolean,boolean,boolean,boolean,bytea'), 'webauthn_credentials types');
SELECT id, created_at, last_used_at, rpid, username, description, kid, aaguid, attestation_type, attachment, transport, sign_count, clone_warning, legacy, discoverable, present, verified, backup_eligible, backup_state, public_key
  FROM webauthn_credentials WHERE id = 2 OR kid = 'Y3JlZA3' OR (rpid = 'auth.example.com' AND username = 'user4' AND description = 'Key 4');
INSERT INTO webauthn_credentials (rpid, username, description, kid, attachment, discoverable, public_key) VALUES ('x', 'x', 'x', 'Y3JlZA1', 'x', false, '\x00') ON CONFLICT (kid) DO NOTHING;
INSERT INTO webauthn_credentials (rpid, username, description, kid, attachment, discoverable, public_key) VALUES ('auth.example.com', 'user1', 'Key 1', 'zz', 'x', false, '\x00') ON CONFLICT (rpid, username, description) DO NOTHING;
INSERT INTO webauthn_credentials (id, rpid, username, description, kid, attachment, discoverable, public_key) VALUES (1, 'x', 'x', 'x', 'zz', 'x', false, '\x00') ON CONFLICT (id) DO NOTHING;
INSERT INTO webauthn_credentials (id, rpid, username, description, kid, attachment, discoverable, public_key) VALUES (1, 'x', 'x', 'x', 'zz', 'x', false, '\x00') ON CONFLICT ON CONSTRAINT webauthn_credentials_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO webauthn_credentials (rpid, username, description, kid, attachment, discoverable, public_key) VALUES ('x', 'x', 'x', 'Y3JlZA2', 'x', false, '\x00')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO webauthn_credentials (rpid, username, description, kid, attachment, discoverable, public_key) VALUES ('auth.example.com', 'user2', 'Key 2', 'other', 'x', false, '\x00')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO webauthn_credentials (id, rpid, username, description, kid, attachment, discoverable, public_key) VALUES (1, 'x', 'x', 'x', 'dup-id', 'x', false, '\x00')$$, '23505');
DELETE FROM webauthn_credentials WHERE kid = 'bmV3Y3JlZDM';
DELETE FROM webauthn_credentials WHERE username = 'user3' AND rpid = 'auth.example.com';
-- Boundary writes (rule B).
INSERT INTO webauthn_credentials (created_at, rpid, username, description, kid, aaguid, attestation_type, attachment, transport, sign_count, clone_warning, discoverable, present, verified, backup_eligible, backup_state, public_key) VALUES
  (now(), '', '', '', '', '', '', '', '', 0, false, false, false, false, false, false, '\x'),
  (now(), repeat('r', 512), repeat('u', 100), repeat('d', 64), repeat('k', 512), repeat('g', 36), repeat('a', 32), repeat('c', 64), repeat('t', 64), -1, true, true, true, true, true, true, '\x00'),
  (now(), 'AUTH.EXAMPLE.COM', 'USER1', 'KEY 1', 'KID-UPPER', '00000000-0000-0000-0000-000000000000', 'NONE', 'PLATFORM', 'USB', 2147483647, false, true, false, false, false, false, '\x0a');
-- step authelia: opaque identifiers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_uoi(varchar, varchar, varchar, char) AS INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ($1, $2, $3, $4);
EXECUTE save_uoi('openid', 'app2.example.com', 'newuser', '5e1e5b2a-0000-4000-8000-0000000000a1');
PREPARE load_uoi(varchar, varchar, varchar) AS SELECT id, service, sector_id, username, identifier FROM user_opaque_identifier WHERE service = $1 AND sector_id = $2 AND username = $3;
EXECUTE load_uoi('openid', 'app2.example.com', 'newuser');
PREPARE load_uoi_id(char) AS SELECT id, service, sector_id, username, identifier FROM user_opaque_identifier WHERE identifier = $1;
EXECUTE load_uoi_id('5e1e5b2a-0000-4000-8000-000000000001');
SELECT pg_temp.check(EXISTS (SELECT id, service, sector_id, username, identifier FROM user_opaque_identifier WHERE identifier = '5e1e5b2a-0000-4000-8000-0000000000a1' AND service = 'openid'
  AND sector_id = 'app2.example.com' AND username = 'newuser' AND length(identifier) = 36), 'identifier as written');
UPDATE user_opaque_identifier SET service = 'openid2', sector_id = '', username = 'newuser2', identifier = '5e1e5b2a-0000-4000-8000-0000000000a2' WHERE identifier = '5e1e5b2a-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(service), pg_temp.t(sector_id), pg_temp.t(username), pg_temp.t(identifier)) FROM user_opaque_identifier WHERE id = 1),
  'integer,text,text,text,character'), 'user_opaque_identifier types');
SELECT id, service, sector_id, username, identifier FROM user_opaque_identifier WHERE id = 2 OR username = 'user3' OR identifier::text LIKE '5e1e5b2a%';
INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('openid', '', 'user1', 'zz') ON CONFLICT (service, sector_id, username) DO NOTHING;
INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('x', 'x', 'x', '5e1e5b2a-0000-4000-8000-000000000001') ON CONFLICT (identifier) DO NOTHING;
INSERT INTO user_opaque_identifier (id, service, sector_id, username, identifier) VALUES (1, 'x', 'x', 'x', 'zz') ON CONFLICT (id) DO NOTHING;
INSERT INTO user_opaque_identifier (id, service, sector_id, username, identifier) VALUES (1, 'x', 'x', 'x', 'zz') ON CONFLICT ON CONSTRAINT user_opaque_identifier_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('openid', '', 'user2', 'other')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('x', 'x', 'x', '5e1e5b2a-0000-4000-8000-000000000002')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO user_opaque_identifier (id, service, sector_id, username, identifier) VALUES (1, 'x', 'x', 'dup-id', 'dup-id')$$, '23505');
SELECT pg_temp.refused($$DELETE FROM user_opaque_identifier WHERE identifier = '5e1e5b2a-0000-4000-8000-000000000002'$$, '23503');
DELETE FROM user_opaque_identifier WHERE identifier = '5e1e5b2a-0000-4000-8000-0000000000a2';
-- Boundary writes (rule B).
INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES ('', '', '', ''), (repeat('s', 20), repeat('x', 255), repeat('u', 100), repeat('i', 36)),
  ('OPENID', '', 'USER1', '5E1E5B2A-0000-4000-8000-000000000001');
-- step authelia: OAuth2 consent pre-configurations and sessions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_pre(varchar, char, timestamptz, timestamptz, text, text) AS INSERT INTO oauth2_consent_preconfiguration (client_id, subject, created_at, expires_at, scopes, audience) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id;
EXECUTE save_pre('wiki', '5e1e5b2a-0000-4000-8000-000000000003', now(), now() + interval '30 days', 'openid email', 'https://wiki.example.com');
PREPARE load_pre(varchar, char, timestamptz) AS SELECT id, client_id, subject, created_at, expires_at, revoked, scopes, audience FROM oauth2_consent_preconfiguration
  WHERE client_id = $1 AND subject = $2 AND revoked = FALSE AND (expires_at IS NULL OR expires_at >= $3);
EXECUTE load_pre('wiki', '5e1e5b2a-0000-4000-8000-000000000003', now());
SELECT pg_temp.check(EXISTS (SELECT id, client_id, subject, created_at, expires_at, revoked, scopes, audience FROM oauth2_consent_preconfiguration WHERE client_id = 'wiki' AND subject = '5e1e5b2a-0000-4000-8000-000000000003'
  AND NOT revoked AND expires_at > now() + interval '29 days' AND 'email' = ANY (string_to_array(scopes, ' ')) AND audience = 'https://wiki.example.com' AND created_at <= now()), 'preconfiguration as written');
UPDATE oauth2_consent_preconfiguration SET revoked = TRUE, expires_at = NULL, audience = NULL, scopes = 'openid', client_id = 'wiki2', subject = '5e1e5b2a-0000-4000-8000-000000000004', created_at = now() WHERE client_id = 'wiki';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(client_id), pg_temp.t(subject), pg_temp.t(created_at), pg_temp.t(expires_at), pg_temp.t(revoked), pg_temp.t(scopes), pg_temp.t(audience))
  FROM oauth2_consent_preconfiguration WHERE id = 1), 'integer,text,character,timestamp with time zone,timestamp with time zone,boolean,text,text'), 'oauth2_consent_preconfiguration types');
SELECT id, client_id, subject, created_at, expires_at, revoked, scopes, audience FROM oauth2_consent_preconfiguration WHERE id = 2 OR (client_id = 'grafana' AND subject = '5e1e5b2a-0000-4000-8000-000000000001');
INSERT INTO oauth2_consent_preconfiguration (id, client_id, subject, scopes) VALUES (1, 'x', '5e1e5b2a-0000-4000-8000-000000000001', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO oauth2_consent_preconfiguration (id, client_id, subject, scopes) VALUES (1, 'x', '5e1e5b2a-0000-4000-8000-000000000001', 'x') ON CONFLICT ON CONSTRAINT oauth2_consent_preconfiguration_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO oauth2_consent_preconfiguration (id, client_id, subject, scopes) VALUES (1, 'x', '5e1e5b2a-0000-4000-8000-000000000001', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO oauth2_consent_preconfiguration (client_id, subject, scopes) VALUES ('x', '5e1e5b2a-0000-4000-8000-0000000000ff', 'x')$$, '23503');
PREPARE save_consent(char, varchar, char, boolean, boolean, timestamptz, text, text, text, text, text, integer) AS INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, authorized, granted, requested_at,
  form_data, requested_scopes, granted_scopes, requested_audience, granted_audience, preconfiguration) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
EXECUTE save_consent('c0ffee00-0000-4000-8000-0000000000a1', 'wiki', '5e1e5b2a-0000-4000-8000-000000000003', false, false, now(), 'response_type=code', 'openid email', '', 'https://wiki.example.com', '', NULL);
PREPARE consent_respond(boolean, boolean, text, text, integer, char) AS UPDATE oauth2_consent_session SET authorized = $1, granted = $2, responded_at = CURRENT_TIMESTAMP, granted_scopes = $3, granted_audience = $4, preconfiguration = $5 WHERE challenge_id = $6;
EXECUTE consent_respond(true, true, 'openid email', 'https://wiki.example.com', 1, 'c0ffee00-0000-4000-8000-0000000000a1');
PREPARE load_consent(char) AS SELECT id, challenge_id, client_id, subject, authorized, granted, requested_at, responded_at, form_data, requested_scopes, granted_scopes, requested_audience, granted_audience, preconfiguration
  FROM oauth2_consent_session WHERE challenge_id = $1;
EXECUTE load_consent('c0ffee00-0000-4000-8000-0000000000a1');
SELECT pg_temp.check(EXISTS (SELECT id, challenge_id, client_id, subject, authorized, granted, requested_at, responded_at, form_data, requested_scopes, granted_scopes, requested_audience, granted_audience, preconfiguration
  FROM oauth2_consent_session WHERE challenge_id = 'c0ffee00-0000-4000-8000-0000000000a1' AND client_id = 'wiki' AND subject = '5e1e5b2a-0000-4000-8000-000000000003' AND authorized AND granted
  AND responded_at >= requested_at AND form_data LIKE 'response_type=%' AND requested_scopes = 'openid email' AND granted_scopes = 'openid email' AND requested_audience = 'https://wiki.example.com'
  AND granted_audience = 'https://wiki.example.com' AND preconfiguration = 1), 'consent as written');
UPDATE oauth2_consent_session SET responded_at = NULL, requested_audience = NULL, granted_audience = NULL, preconfiguration = NULL, client_id = 'wiki2', form_data = '', requested_scopes = '', authorized = false,
  granted = false, requested_at = now(), subject = '5e1e5b2a-0000-4000-8000-000000000004', challenge_id = 'c0ffee00-0000-4000-8000-0000000000a2' WHERE challenge_id = 'c0ffee00-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(challenge_id), pg_temp.t(client_id), pg_temp.t(subject), pg_temp.t(authorized), pg_temp.t(granted), pg_temp.t(requested_at), pg_temp.t(responded_at),
  pg_temp.t(form_data), pg_temp.t(requested_scopes), pg_temp.t(granted_scopes), pg_temp.t(requested_audience), pg_temp.t(granted_audience), pg_temp.t(preconfiguration)) FROM oauth2_consent_session WHERE id = 2),
  'integer,character,text,character,boolean,boolean,timestamp with time zone,timestamp with time zone,text,text,text,text,text,integer'), 'oauth2_consent_session types');
SELECT id, challenge_id, client_id, subject, authorized, granted, requested_at, responded_at, form_data, requested_scopes, granted_scopes, requested_audience, granted_audience, preconfiguration
  FROM oauth2_consent_session WHERE id = 1 OR challenge_id = 'c0ffee00-0000-4000-8000-000000000004' OR subject = '5e1e5b2a-0000-4000-8000-000000000002' OR preconfiguration = 1;
INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes) VALUES ('c0ffee00-0000-4000-8000-000000000001', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '') ON CONFLICT (challenge_id) DO NOTHING;
INSERT INTO oauth2_consent_session (id, challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes) VALUES (1, 'zz', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '') ON CONFLICT (id) DO NOTHING;
INSERT INTO oauth2_consent_session (id, challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes) VALUES (1, 'zz', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '') ON CONFLICT ON CONSTRAINT oauth2_consent_session_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes) VALUES ('c0ffee00-0000-4000-8000-000000000002', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO oauth2_consent_session (id, challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes) VALUES (1, 'dup-id', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes) VALUES ('fk-subject', 'x', '5e1e5b2a-0000-4000-8000-0000000000ff', '', '', '')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, form_data, requested_scopes, granted_scopes, preconfiguration) VALUES ('fk-pre', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '', 999)$$, '23503');
DELETE FROM oauth2_consent_session WHERE challenge_id = 'c0ffee00-0000-4000-8000-0000000000a2';
DELETE FROM oauth2_consent_preconfiguration WHERE id = 1;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM oauth2_consent_session WHERE preconfiguration = 1) AND NOT EXISTS (SELECT 1 FROM oauth2_consent_session WHERE challenge_id = 'c0ffee00-0000-4000-8000-000000000002'), 'pre-configuration delete cascades');
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM oauth2_access_token_session WHERE challenge_id = 'c0ffee00-0000-4000-8000-000000000002'), 'consent delete cascades to its tokens');
-- Boundary writes (rule B).
INSERT INTO oauth2_consent_preconfiguration (client_id, subject, created_at, expires_at, scopes, audience) VALUES ('', '5e1e5b2a-0000-4000-8000-000000000001', now(), now() - interval '1 day', '', ''),
  (repeat('c', 255), '5e1e5b2a-0000-4000-8000-000000000001', now(), NULL, 'OPENID', 'X'), (repeat('c', 255), '5e1e5b2a-0000-4000-8000-000000000001', now(), NULL, 'OPENID', 'X');
INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, authorized, granted, requested_at, form_data, requested_scopes, granted_scopes, requested_audience, granted_audience, preconfiguration) VALUES
  ('', '', '5e1e5b2a-0000-4000-8000-000000000001', false, false, now(), '', '', '', '', '', NULL),
  (repeat('c', 36), repeat('x', 255), '5e1e5b2a-0000-4000-8000-000000000003', true, true, now(), 'X', 'OPENID', 'OPENID', 'X', 'X', 2);
-- step authelia: OAuth2 access token sessions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE save_at(char, varchar, varchar, varchar, char, timestamptz, text, text, text, text, boolean, boolean, text, bytea) AS INSERT INTO oauth2_access_token_session (challenge_id, request_id, client_id, signature, subject,
  requested_at, requested_scopes, granted_scopes, requested_audience, granted_audience, active, revoked, form_data, session_data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);
EXECUTE save_at('c0ffee00-0000-4000-8000-000000000001', 'req-new', 'nextcloud', 'sig-new', '5e1e5b2a-0000-4000-8000-000000000002', now(), 'openid', 'openid', '', '', true, false, 'grant_type=refresh_token', '\x7b7d');
PREPARE load_at(varchar) AS SELECT id, challenge_id, request_id, client_id, signature, subject, requested_at, requested_scopes, granted_scopes, requested_audience, granted_audience, active, revoked, form_data, session_data
  FROM oauth2_access_token_session WHERE signature = $1 AND revoked = FALSE;
EXECUTE load_at('sig-new');
SELECT pg_temp.check(EXISTS (SELECT id, challenge_id, request_id, client_id, signature, subject, requested_at, requested_scopes, granted_scopes, requested_audience, granted_audience, active, revoked, form_data, session_data
  FROM oauth2_access_token_session WHERE signature = 'sig-new' AND challenge_id = 'c0ffee00-0000-4000-8000-000000000001' AND request_id = 'req-new' AND client_id = 'nextcloud' AND subject = '5e1e5b2a-0000-4000-8000-000000000002'
  AND requested_scopes = 'openid' AND granted_scopes = 'openid' AND requested_audience = '' AND granted_audience = '' AND active AND NOT revoked AND form_data LIKE 'grant_type=%' AND session_data = '\x7b7d'::bytea
  AND requested_at > now() - interval '1 minute'), 'access token as written');
PREPARE revoke_at(varchar) AS UPDATE oauth2_access_token_session SET revoked = TRUE WHERE request_id = $1;
EXECUTE revoke_at('req-new');
PREPARE deactivate_at(varchar) AS UPDATE oauth2_access_token_session SET active = FALSE WHERE request_id = $1;
EXECUTE deactivate_at('req-new');
UPDATE oauth2_access_token_session SET requested_audience = NULL, granted_audience = NULL, challenge_id = 'c0ffee00-0000-4000-8000-000000000003', request_id = 'req-new2', client_id = 'grafana', signature = 'sig-new2',
  subject = '5e1e5b2a-0000-4000-8000-000000000001', requested_at = now(), requested_scopes = '', granted_scopes = '', form_data = '', session_data = '\x' WHERE signature = 'sig-new';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(challenge_id), pg_temp.t(request_id), pg_temp.t(client_id), pg_temp.t(signature), pg_temp.t(subject), pg_temp.t(requested_at),
  pg_temp.t(requested_scopes), pg_temp.t(granted_scopes), pg_temp.t(requested_audience), pg_temp.t(granted_audience), pg_temp.t(active), pg_temp.t(revoked), pg_temp.t(form_data), pg_temp.t(session_data))
  FROM oauth2_access_token_session WHERE id = 1), 'integer,character,text,text,text,character,timestamp with time zone,text,text,text,text,boolean,boolean,text,bytea'), 'oauth2_access_token_session types');
SELECT id, challenge_id, request_id, client_id, signature, subject, requested_at, requested_scopes, granted_scopes, requested_audience, granted_audience, active, revoked, form_data, session_data
  FROM oauth2_access_token_session WHERE id = 2 OR request_id = 'req-3' OR client_id = 'grafana' OR (client_id = 'nextcloud' AND subject = '5e1e5b2a-0000-4000-8000-000000000002');
INSERT INTO oauth2_access_token_session (id, challenge_id, request_id, client_id, signature, subject, requested_scopes, granted_scopes, form_data, session_data)
  VALUES (1, 'c0ffee00-0000-4000-8000-000000000001', 'x', 'x', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '', '\x') ON CONFLICT (id) DO NOTHING;
INSERT INTO oauth2_access_token_session (id, challenge_id, request_id, client_id, signature, subject, requested_scopes, granted_scopes, form_data, session_data)
  VALUES (1, 'c0ffee00-0000-4000-8000-000000000001', 'x', 'x', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '', '\x') ON CONFLICT ON CONSTRAINT oauth2_access_token_session_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO oauth2_access_token_session (id, challenge_id, request_id, client_id, signature, subject, requested_scopes, granted_scopes, form_data, session_data)
  VALUES (1, 'c0ffee00-0000-4000-8000-000000000001', 'x', 'x', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '', '\x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO oauth2_access_token_session (challenge_id, request_id, client_id, signature, subject, requested_scopes, granted_scopes, form_data, session_data)
  VALUES ('c0ffee00-0000-4000-8000-0000000000ff', 'x', 'x', 'x', '5e1e5b2a-0000-4000-8000-000000000001', '', '', '', '\x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO oauth2_access_token_session (challenge_id, request_id, client_id, signature, subject, requested_scopes, granted_scopes, form_data, session_data)
  VALUES ('c0ffee00-0000-4000-8000-000000000001', 'x', 'x', 'x', '5e1e5b2a-0000-4000-8000-0000000000ff', '', '', '', '\x')$$, '23503');
DELETE FROM oauth2_access_token_session WHERE signature = 'sig-new2';
-- Boundary writes (rule B).
INSERT INTO oauth2_access_token_session (challenge_id, request_id, client_id, signature, subject, requested_at, requested_scopes, granted_scopes, requested_audience, granted_audience, active, revoked, form_data, session_data) VALUES
  ('c0ffee00-0000-4000-8000-000000000001', '', '', '', '5e1e5b2a-0000-4000-8000-000000000001', now(), '', '', '', '', false, false, '', '\x'),
  ('c0ffee00-0000-4000-8000-000000000001', repeat('r', 40), repeat('c', 255), repeat('s', 255), '5e1e5b2a-0000-4000-8000-000000000001', now(), 'OPENID', 'OPENID', 'X', 'X', true, true, 'X', '\x00'),
  ('c0ffee00-0000-4000-8000-000000000001', 'req-1', 'grafana', 'sig-dup', '5e1e5b2a-0000-4000-8000-000000000001', now(), 'openid', 'openid', '', '', true, false, '', '\x00'),
  ('c0ffee00-0000-4000-8000-000000000001', 'req-1', 'grafana', 'sig-dup', '5e1e5b2a-0000-4000-8000-000000000001', now(), 'openid', 'openid', '', '', true, false, '', '\x00');
-- step listmonk: subscribers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_sub(uuid, text, text, subscriber_status, jsonb) AS INSERT INTO subscribers (uuid, email, name, status, attribs) VALUES ($1, $2, $3, $4, $5) RETURNING id;
EXECUTE add_sub('a0000000-0000-4000-8000-0000000000a1', 'new@example.com', 'New Subscriber', 'enabled', '{"city": "Bengaluru", "projects": 3, "stack": {"languages": ["go", "python"]}}');
PREPARE get_sub(text) AS SELECT id, uuid, email, name, attribs, status, campaigns, created_at, updated_at FROM subscribers WHERE LOWER(email) = LOWER($1);
EXECUTE get_sub('NEW@example.com');
SELECT pg_temp.check(EXISTS (SELECT id, uuid, email, name, attribs, status, campaigns, created_at, updated_at FROM subscribers WHERE uuid = 'a0000000-0000-4000-8000-0000000000a1' AND email = 'new@example.com'
  AND name = 'New Subscriber' AND attribs->>'city' = 'Bengaluru' AND (attribs->>'projects')::int = 3 AND attribs @> '{"stack": {"languages": ["go"]}}' AND status = 'enabled' AND campaigns IS NULL), 'subscriber as written');
PREPARE upd_sub(integer, text, text, subscriber_status, jsonb) AS UPDATE subscribers SET email = (CASE WHEN $2 != '' THEN $2 ELSE email END), name = (CASE WHEN $3 != '' THEN $3 ELSE name END),
  status = (CASE WHEN $4 IS NOT NULL THEN $4 ELSE status END), attribs = (CASE WHEN $5::TEXT != '' THEN $5 ELSE attribs END), updated_at = NOW() WHERE id = $1;
EXECUTE upd_sub(currval(pg_get_serial_sequence('subscribers', 'id'))::int, 'new2@example.com', 'Renamed', 'blacklisted', '{"city": "Kochi"}');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM subscribers WHERE email = 'new2@example.com' AND name = 'Renamed' AND status = 'blacklisted' AND attribs ? 'city' AND NOT attribs ? 'projects'), 'subscriber updated');
UPDATE subscribers SET status = 'disabled', campaigns = ARRAY[1, 3], uuid = 'a0000000-0000-4000-8000-0000000000a2', created_at = now(), updated_at = now() WHERE email = 'new2@example.com';
UPDATE subscribers SET campaigns = NULL, created_at = NULL, updated_at = NULL WHERE email = 'new2@example.com';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(uuid), pg_temp.t(email), pg_temp.t(name), pg_temp.t(attribs), pg_temp.t(status), pg_temp.t(campaigns), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM subscribers WHERE id = 1), 'integer,uuid,text,text,jsonb,subscriber_status,integer[],timestamp with time zone,timestamp with time zone'), 'subscribers types');
SELECT id, uuid, email, name, attribs, status, campaigns, created_at, updated_at FROM subscribers WHERE id = 2 OR uuid = 'a0000000-0000-4000-8000-000000000003' OR status = 'blacklisted' OR (attribs->>'projects')::int > 18 ORDER BY id;
SELECT COUNT(*), status FROM subscribers WHERE created_at > now() - interval '100 years' GROUP BY status;
SELECT id, email FROM subscribers WHERE 2 = ANY (campaigns) AND name ILIKE '%subscriber%';
INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-0000000000a3', 'sub1@example.com', 'x') ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name;
INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-0000000000a3', 'SUB2@example.com', 'x') ON CONFLICT ((LOWER(email))) DO NOTHING;
INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-000000000001', 'zz@example.com', 'x') ON CONFLICT (uuid) DO NOTHING;
INSERT INTO subscribers (id, uuid, email, name) VALUES (1, 'a0000000-0000-4000-8000-0000000000a4', 'zz@example.com', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-0000000000a4', 'sub3@example.com', 'x') ON CONFLICT ON CONSTRAINT subscribers_email_key DO NOTHING;
INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-000000000001', 'zz@example.com', 'x') ON CONFLICT ON CONSTRAINT subscribers_uuid_key DO NOTHING;
INSERT INTO subscribers (id, uuid, email, name) VALUES (1, 'a0000000-0000-4000-8000-0000000000a4', 'zz@example.com', 'x') ON CONFLICT ON CONSTRAINT subscribers_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-0000000000a5', 'sub4@example.com', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-0000000000a5', 'SUB4@EXAMPLE.COM', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO subscribers (uuid, email, name) VALUES ('a0000000-0000-4000-8000-000000000004', 'other@example.com', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO subscribers (id, uuid, email, name) VALUES (1, 'a0000000-0000-4000-8000-0000000000a6', 'dup-id@example.com', 'x')$$, '23505');
DELETE FROM subscribers WHERE id = 5;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM subscriber_lists WHERE subscriber_id = 5) AND EXISTS (SELECT 1 FROM campaign_views WHERE subscriber_id IS NULL) AND NOT EXISTS (SELECT 1 FROM campaign_views WHERE subscriber_id = 5)
  AND NOT EXISTS (SELECT 1 FROM link_clicks WHERE subscriber_id = 5), 'subscriber delete cascades and sets NULL');
SELECT pg_temp.check((SELECT count(*) FROM campaign_views) >= 30, 'views of a deleted subscriber remain');
DELETE FROM subscribers WHERE email = 'new2@example.com';
-- Boundary writes (rule B).
INSERT INTO subscribers (uuid, email, name, status, attribs) VALUES ('a0000000-0000-4000-8000-0000000000b1', '', '', 'enabled', '{}'), ('a0000000-0000-4000-8000-0000000000b2', 'UPPER@EXAMPLE.COM', 'UPPER', 'blacklisted', '[]'),
  ('a0000000-0000-4000-8000-0000000000b3', 'dis@example.com', 'Subscriber 1', 'disabled', '{"city": "City1", "projects": 1}'), ('a0000000-0000-4000-8000-0000000000b4', 'neg@example.com', 'Subscriber 1', 'enabled', '{"projects": -1}');
INSERT INTO subscribers (uuid, email, name, campaigns) VALUES ('a0000000-0000-4000-8000-0000000000b5', 'camp@example.com', 'c', ARRAY[0, -1, 999]);
-- step listmonk: lists and subscriptions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_list(uuid, text, list_type, varchar[]) AS INSERT INTO lists (uuid, name, type, tags) VALUES ($1, $2, $3, $4) RETURNING id;
EXECUTE add_list('b0000000-0000-4000-8000-0000000000a1', 'New list', 'public', '{alpha,beta}');
PREPARE get_list(integer, uuid) AS SELECT id, uuid, name, type, tags, created_at, updated_at FROM lists WHERE CASE WHEN $1 > 0 THEN id = $1 ELSE uuid = $2 END;
EXECUTE get_list(0, 'b0000000-0000-4000-8000-0000000000a1');
EXECUTE get_list(1, NULL);
SELECT pg_temp.check(EXISTS (SELECT id, uuid, name, type, tags, created_at, updated_at FROM lists WHERE uuid = 'b0000000-0000-4000-8000-0000000000a1' AND name = 'New list' AND type = 'public' AND tags @> '{beta}'
  AND array_length(tags, 1) = 2 AND 'alpha' = ANY (tags)), 'list as written');
PREPARE upd_list(integer, text, list_type, varchar[]) AS UPDATE lists SET name = (CASE WHEN $2 != '' THEN $2 ELSE name END), type = (CASE WHEN $3 IS NOT NULL THEN $3 ELSE type END), tags = $4, updated_at = NOW() WHERE id = $1;
EXECUTE upd_list(currval(pg_get_serial_sequence('lists', 'id'))::int, 'Renamed list', 'temporary', '{gamma}');
PREPARE add_subscription(integer, integer, subscription_status) AS INSERT INTO subscriber_lists (subscriber_id, list_id, status) VALUES ($1, $2, $3)
  ON CONFLICT (subscriber_id, list_id) DO UPDATE SET status = (CASE WHEN subscriber_lists.status = 'unsubscribed' THEN $3 ELSE subscriber_lists.status END), updated_at = NOW();
EXECUTE add_subscription(1, currval(pg_get_serial_sequence('lists', 'id'))::int, 'unconfirmed');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM lists WHERE name = 'Renamed list' AND type = 'temporary' AND tags = '{gamma}'), 'list updated');
UPDATE lists SET tags = NULL, created_at = NULL, updated_at = NULL, uuid = 'b0000000-0000-4000-8000-0000000000a2' WHERE name = 'Renamed list';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(uuid), pg_temp.t(name), pg_temp.t(type), pg_temp.t(tags), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM lists WHERE id = 1),
  'integer,uuid,text,list_type,text[],timestamp with time zone,timestamp with time zone'), 'lists types');
SELECT id, uuid, name, type, tags, created_at, updated_at FROM lists WHERE id = 2 OR uuid = 'b0000000-0000-4000-8000-000000000003' OR type = 'private' OR name ILIKE 'news%' OR tags && '{weekly}' ORDER BY name;
INSERT INTO lists (uuid, name, type) VALUES ('b0000000-0000-4000-8000-000000000001', 'x', 'public') ON CONFLICT (uuid) DO NOTHING;
INSERT INTO lists (id, uuid, name, type) VALUES (1, 'b0000000-0000-4000-8000-0000000000a3', 'x', 'public') ON CONFLICT (id) DO NOTHING;
INSERT INTO lists (uuid, name, type) VALUES ('b0000000-0000-4000-8000-000000000001', 'x', 'public') ON CONFLICT ON CONSTRAINT lists_uuid_key DO NOTHING;
INSERT INTO lists (id, uuid, name, type) VALUES (1, 'b0000000-0000-4000-8000-0000000000a3', 'x', 'public') ON CONFLICT ON CONSTRAINT lists_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO lists (uuid, name, type) VALUES ('b0000000-0000-4000-8000-000000000002', 'x', 'public')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO lists (id, uuid, name, type) VALUES (1, 'b0000000-0000-4000-8000-0000000000a4', 'x', 'public')$$, '23505');
EXECUTE add_subscription(2, 2, 'confirmed');
SELECT pg_temp.check(EXISTS (SELECT subscriber_id, list_id, status, created_at, updated_at FROM subscriber_lists WHERE subscriber_id = 1 AND list_id = (SELECT id FROM lists WHERE name = 'Renamed list') AND status = 'unconfirmed'), 'subscription as written');
UPDATE subscriber_lists SET status = 'confirmed', updated_at = NOW() WHERE subscriber_id = 1 AND list_id = (SELECT id FROM lists WHERE name = 'Renamed list');
UPDATE subscriber_lists SET status = 'unsubscribed', created_at = NULL, updated_at = NULL WHERE subscriber_id = 1 AND list_id = (SELECT id FROM lists WHERE name = 'Renamed list');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(subscriber_id), pg_temp.t(list_id), pg_temp.t(status), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM subscriber_lists WHERE subscriber_id = 2 AND list_id = 2),
  'integer,integer,subscription_status,timestamp with time zone,timestamp with time zone'), 'subscriber_lists types');
SELECT subscriber_id, list_id, status, created_at, updated_at FROM subscriber_lists WHERE subscriber_id = 3 OR list_id = 4 OR status = 'unsubscribed';
SELECT lists.id, lists.name, COUNT(subscriber_lists.subscriber_id) FROM lists LEFT JOIN subscriber_lists ON (subscriber_lists.list_id = lists.id AND subscriber_lists.status != 'unsubscribed') GROUP BY lists.id ORDER BY lists.id;
INSERT INTO subscriber_lists (subscriber_id, list_id) VALUES (2, 2) ON CONFLICT ON CONSTRAINT subscriber_lists_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO subscriber_lists (subscriber_id, list_id) VALUES (2, 2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO subscriber_lists (subscriber_id, list_id) VALUES (9999, 2)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO subscriber_lists (subscriber_id, list_id) VALUES (2, 9999)$$, '23503');
DELETE FROM subscriber_lists WHERE subscriber_id = 1 AND list_id = (SELECT id FROM lists WHERE name = 'Renamed list');
DELETE FROM lists WHERE id = 3;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM subscriber_lists WHERE list_id = 3) AND EXISTS (SELECT 1 FROM campaign_lists WHERE campaign_id = 3 AND list_id IS NULL AND list_name = 'Beta testers'), 'list delete cascades and sets NULL');
-- Boundary writes (rule B).
INSERT INTO lists (uuid, name, type, tags) VALUES ('b0000000-0000-4000-8000-0000000000b1', '', 'private', '{}'), ('b0000000-0000-4000-8000-0000000000b2', 'NEWSLETTER', 'temporary', ARRAY[repeat('t', 100), '']),
  ('b0000000-0000-4000-8000-0000000000b3', 'Newsletter', 'public', '{news,weekly}');
INSERT INTO subscriber_lists (subscriber_id, list_id, status) VALUES (1, (SELECT id FROM lists WHERE uuid = 'b0000000-0000-4000-8000-0000000000b1'), 'unsubscribed'), (2, (SELECT id FROM lists WHERE uuid = 'b0000000-0000-4000-8000-0000000000b2'), 'unconfirmed');
-- step listmonk: templates, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_tpl(text, text) AS INSERT INTO templates (name, body) VALUES ($1, $2) RETURNING id;
EXECUTE add_tpl('New template', '<div>{{ template "content" . }}</div>');
PREPARE get_tpl(integer, boolean) AS SELECT id, name, body, is_default, created_at, updated_at FROM templates WHERE $1 = 0 OR id = $1 OR ($2 AND is_default = $2) ORDER BY created_at;
EXECUTE get_tpl(0, false);
SELECT pg_temp.check(EXISTS (SELECT id, name, body, is_default, created_at, updated_at FROM templates WHERE name = 'New template' AND body LIKE '%{{ template "content" . }}%' AND NOT is_default), 'template as written');
PREPARE upd_tpl(integer, text, text) AS UPDATE templates SET name = $2, body = $3, updated_at = NOW() WHERE id = $1;
EXECUTE upd_tpl(currval(pg_get_serial_sequence('templates', 'id'))::int, 'Renamed template', '<section>{{ template "content" . }}</section>');
PREPARE set_default_tpl(integer) AS WITH u AS (UPDATE templates SET is_default = true WHERE id = $1 RETURNING id) UPDATE templates SET is_default = false WHERE id != $1;
EXECUTE set_default_tpl(currval(pg_get_serial_sequence('templates', 'id'))::int);
SELECT pg_temp.check((SELECT is_default FROM templates WHERE name = 'Renamed template') AND (SELECT count(*) FROM templates WHERE is_default) = 1, 'default template set');
EXECUTE set_default_tpl(1);
UPDATE templates SET created_at = NULL, updated_at = NULL WHERE name = 'Renamed template';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(body), pg_temp.t(is_default), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM templates WHERE id = 1),
  'integer,text,text,boolean,timestamp with time zone,timestamp with time zone'), 'templates types');
SELECT id, name, body, is_default, created_at, updated_at FROM templates WHERE id = 2 OR is_default OR length(body) > 10;
INSERT INTO templates (name, body, is_default) VALUES ('x', 'x', true) ON CONFLICT (is_default) WHERE is_default = true DO NOTHING;
INSERT INTO templates (id, name, body) VALUES (1, 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO templates (id, name, body) VALUES (1, 'x', 'x') ON CONFLICT ON CONSTRAINT templates_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO templates (name, body, is_default) VALUES ('x', 'x', true)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO templates (id, name, body) VALUES (1, 'dup-id', 'x')$$, '23505');
DELETE FROM templates WHERE id = 2 AND is_default = false;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM campaigns WHERE template_id = 2) AND (SELECT template_id FROM campaigns WHERE id = 3) = 1, 'template delete sets the campaigns to the default template');
DELETE FROM templates WHERE name = 'Renamed template';
-- Boundary writes (rule B).
INSERT INTO templates (name, body) VALUES ('', ''), ('PLAIN', '{{ template "content" . }}'), ('Plain', '{{ template "content" . }}');
-- step listmonk: campaigns and their lists, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_camp(uuid, text, text, text, text, content_type, timestamptz, varchar[], text, integer, integer, integer) AS INSERT INTO campaigns (uuid, name, subject, from_email, body, content_type, send_at, tags, messenger, template_id, to_send, max_subscriber_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id;
EXECUTE add_camp('c0000000-0000-4000-8000-0000000000a1', 'New campaign', 'Hi {{ .Subscriber.Name }}', 'listmonk <noreply@example.com>', '<p>Hi</p>', 'html', '2099-06-01 00:00:00+00', '{promo}', 'email', 1, 20, 20);
PREPARE add_camp_list(integer, integer, text) AS INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES ($1, $2, $3) ON CONFLICT (campaign_id, list_id) DO NOTHING;
EXECUTE add_camp_list(currval(pg_get_serial_sequence('campaigns', 'id'))::int, 2, 'Newsletter');
PREPARE get_camp(integer, uuid) AS SELECT id, uuid, name, subject, from_email, body, content_type, send_at, status, tags, messenger, template_id, to_send, sent, max_subscriber_id, last_subscriber_id, started_at, created_at, updated_at
  FROM campaigns WHERE CASE WHEN $1 > 0 THEN id = $1 ELSE uuid = $2 END;
EXECUTE get_camp(0, 'c0000000-0000-4000-8000-0000000000a1');
SELECT pg_temp.check(EXISTS (SELECT id, uuid, name, subject, from_email, body, content_type, send_at, status, tags, messenger, template_id, to_send, sent, max_subscriber_id, last_subscriber_id, started_at, created_at, updated_at
  FROM campaigns WHERE uuid = 'c0000000-0000-4000-8000-0000000000a1' AND name = 'New campaign' AND subject LIKE 'Hi %' AND from_email = 'listmonk <noreply@example.com>' AND body = '<p>Hi</p>' AND content_type = 'html'
  AND send_at = '2099-06-01 00:00:00+00'::timestamptz AND status = 'draft' AND tags = '{promo}' AND messenger = 'email' AND template_id = 1 AND to_send = 20 AND sent = 0 AND max_subscriber_id = 20
  AND last_subscriber_id = 0 AND started_at IS NULL), 'campaign as written');
PREPARE upd_camp(integer, text, text, text, text, content_type, timestamptz, varchar[], text, integer) AS UPDATE campaigns SET name = $2, subject = $3, from_email = $4, body = $5, content_type = $6, send_at = $7,
  tags = $8, messenger = $9, template_id = $10, updated_at = NOW() WHERE id = $1;
EXECUTE upd_camp(currval(pg_get_serial_sequence('campaigns', 'id'))::int, 'Renamed campaign', 'Hello', 'a@example.com', 'Hello', 'plain', NULL, NULL, 'postback', NULL);
PREPARE camp_status(integer, campaign_status) AS UPDATE campaigns SET status = $2, updated_at = NOW() WHERE id = $1;
EXECUTE camp_status(currval(pg_get_serial_sequence('campaigns', 'id'))::int, 'running');
PREPARE camp_progress(integer, integer, integer) AS UPDATE campaigns SET last_subscriber_id = $2, sent = sent + $3, started_at = COALESCE(started_at, NOW()), to_send = to_send, max_subscriber_id = max_subscriber_id, updated_at = NOW() WHERE id = $1;
EXECUTE camp_progress(currval(pg_get_serial_sequence('campaigns', 'id'))::int, 10, 10);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM campaigns WHERE name = 'Renamed campaign' AND status = 'running' AND sent = 10 AND last_subscriber_id = 10 AND started_at IS NOT NULL AND content_type = 'plain'
  AND template_id IS NULL AND tags IS NULL AND send_at IS NULL AND messenger = 'postback'), 'campaign updated');
UPDATE campaigns SET status = 'paused', to_send = 5, max_subscriber_id = 5, uuid = 'c0000000-0000-4000-8000-0000000000a2', started_at = NULL, created_at = NULL, updated_at = NULL WHERE name = 'Renamed campaign';
UPDATE campaigns SET status = 'cancelled' WHERE name = 'Renamed campaign';
UPDATE campaigns SET status = 'finished' WHERE name = 'Renamed campaign';
UPDATE campaigns SET status = 'scheduled', send_at = now() + interval '1 day' WHERE name = 'Renamed campaign';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(uuid), pg_temp.t(name), pg_temp.t(subject), pg_temp.t(from_email), pg_temp.t(body), pg_temp.t(content_type), pg_temp.t(send_at), pg_temp.t(status),
  pg_temp.t(tags), pg_temp.t(messenger), pg_temp.t(template_id), pg_temp.t(to_send), pg_temp.t(sent), pg_temp.t(max_subscriber_id), pg_temp.t(last_subscriber_id), pg_temp.t(started_at), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM campaigns WHERE id = 1), 'integer,uuid,text,text,text,text,content_type,timestamp with time zone,campaign_status,text[],text,integer,integer,integer,integer,integer,timestamp with time zone,timestamp with time zone,timestamp with time zone'), 'campaigns types');
SELECT id, uuid, name, subject, from_email, body, content_type, send_at, status, tags, messenger, template_id, to_send, sent, max_subscriber_id, last_subscriber_id, started_at, created_at, updated_at FROM campaigns
  WHERE id = 2 OR uuid = 'c0000000-0000-4000-8000-000000000003' OR status = ANY ('{running,scheduled}'::campaign_status[]) OR template_id = 1 OR (send_at IS NOT NULL AND send_at <= now() + interval '100 years') ORDER BY created_at DESC;
SELECT id, name, sent::float / NULLIF(to_send, 0) AS progress, EXTRACT(EPOCH FROM (now() - started_at)) FROM campaigns WHERE status = 'running' AND tags @> '{newsletter}';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(campaign_id), pg_temp.t(list_id), pg_temp.t(list_name)) FROM campaign_lists WHERE campaign_id = 1 AND list_id = 1), 'integer,integer,text'), 'campaign_lists types');
SELECT campaign_id, list_id, list_name FROM campaign_lists WHERE campaign_id = 2 OR list_id = 2 OR list_id IS NULL;
UPDATE campaign_lists SET list_name = 'Renamed', list_id = NULL WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'Renamed campaign');
INSERT INTO campaigns (uuid, name, subject, from_email, body, messenger) VALUES ('c0000000-0000-4000-8000-000000000001', 'x', 'x', 'x', 'x', 'email') ON CONFLICT (uuid) DO NOTHING;
INSERT INTO campaigns (id, uuid, name, subject, from_email, body, messenger) VALUES (1, 'c0000000-0000-4000-8000-0000000000a3', 'x', 'x', 'x', 'x', 'email') ON CONFLICT (id) DO NOTHING;
INSERT INTO campaigns (uuid, name, subject, from_email, body, messenger) VALUES ('c0000000-0000-4000-8000-000000000001', 'x', 'x', 'x', 'x', 'email') ON CONFLICT ON CONSTRAINT campaigns_uuid_key DO NOTHING;
INSERT INTO campaigns (id, uuid, name, subject, from_email, body, messenger) VALUES (1, 'c0000000-0000-4000-8000-0000000000a3', 'x', 'x', 'x', 'x', 'email') ON CONFLICT ON CONSTRAINT campaigns_pkey DO NOTHING;
INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES (1, 1, 'x') ON CONFLICT (campaign_id, list_id) DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO campaigns (uuid, name, subject, from_email, body, messenger) VALUES ('c0000000-0000-4000-8000-000000000002', 'x', 'x', 'x', 'x', 'email')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO campaigns (id, uuid, name, subject, from_email, body, messenger) VALUES (1, 'c0000000-0000-4000-8000-0000000000a4', 'x', 'x', 'x', 'x', 'email')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO campaigns (uuid, name, subject, from_email, body, messenger, template_id) VALUES ('c0000000-0000-4000-8000-0000000000a5', 'x', 'x', 'x', 'x', 'email', 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES (1, 1, 'dup')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES (9999, 1, 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES (1, 9999, 'x')$$, '23503');
DELETE FROM campaign_lists WHERE campaign_id = 1 AND list_id = 2;
DELETE FROM campaigns WHERE id = 2;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM campaign_lists WHERE campaign_id = 2) AND NOT EXISTS (SELECT 1 FROM campaign_views WHERE campaign_id = 2) AND NOT EXISTS (SELECT 1 FROM link_clicks WHERE campaign_id = 2), 'campaign delete cascades');
DELETE FROM campaigns WHERE name = 'Renamed campaign';
-- Boundary writes (rule B).
INSERT INTO campaigns (uuid, name, subject, from_email, body, content_type, send_at, tags, messenger, template_id, to_send, max_subscriber_id) VALUES
  ('c0000000-0000-4000-8000-0000000000b1', '', '', '', '', 'richtext', NULL, '{}', '', 1, 0, 0),
  ('c0000000-0000-4000-8000-0000000000b2', 'CAMPAIGN 1', 'HELLO', 'X@EXAMPLE.COM', 'X', 'plain', now() - interval '1 day', ARRAY[repeat('t', 100), ''], 'EMAIL', 3, -1, -1),
  ('c0000000-0000-4000-8000-0000000000b3', 'Campaign 1', 'Hello {{ .Subscriber.FirstName }} 1', 'listmonk <noreply@example.com>', '<p>Body 1</p>', 'html', NULL, '{newsletter}', 'email', 1, 20, 20);
INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES (1, NULL, ''), (3, 4, repeat('x', 300)), (4, NULL, 'Deleted list');
-- step listmonk: views, links and clicks, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_view(uuid, uuid) AS INSERT INTO campaign_views (campaign_id, subscriber_id) VALUES ((SELECT id FROM campaigns WHERE uuid = $1), (SELECT id FROM subscribers WHERE uuid = $2));
EXECUTE add_view('c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002');
EXECUTE add_view('c0000000-0000-4000-8000-000000000001', NULL);
SELECT pg_temp.check((SELECT count(*) FROM campaign_views WHERE campaign_id = 1 AND created_at > now() - interval '1 minute') = 2, 'views as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(campaign_id), pg_temp.t(subscriber_id), pg_temp.t(created_at)) FROM campaign_views LIMIT 1), 'integer,integer,timestamp with time zone'), 'campaign_views types');
SELECT campaign_id, subscriber_id, created_at FROM campaign_views WHERE campaign_id = 2 OR subscriber_id = 3;
SELECT COUNT(*) AS count, created_at::DATE AS date FROM campaign_views WHERE campaign_id = ANY ('{1,2}'::int[]) AND created_at >= now() - interval '100 years' GROUP BY date ORDER BY date;
UPDATE campaign_views SET subscriber_id = NULL, created_at = NULL WHERE campaign_id = 1 AND created_at > now() - interval '1 minute';
DELETE FROM campaign_views WHERE campaign_id = 1 AND created_at IS NULL;
SELECT pg_temp.refused($$INSERT INTO campaign_views (campaign_id, subscriber_id) VALUES (9999, 1)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO campaign_views (campaign_id, subscriber_id) VALUES (1, 9999)$$, '23503');
PREPARE add_link(uuid, text) AS INSERT INTO links (uuid, url) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET url = EXCLUDED.url RETURNING uuid;
EXECUTE add_link('e0000000-0000-4000-8000-0000000000a1', 'https://example.com/new?utm=1');
EXECUTE add_link('e0000000-0000-4000-8000-0000000000a2', 'https://example.com/');
PREPARE get_link(uuid) AS SELECT id, uuid, url, created_at FROM links WHERE uuid = $1;
EXECUTE get_link('e0000000-0000-4000-8000-0000000000a1');
SELECT pg_temp.check(EXISTS (SELECT id, uuid, url, created_at FROM links WHERE uuid = 'e0000000-0000-4000-8000-0000000000a1' AND url = 'https://example.com/new?utm=1' AND split_part(url, '?', 2) = 'utm=1'), 'link as written');
PREPARE add_click(uuid, uuid, uuid) AS INSERT INTO link_clicks (campaign_id, subscriber_id, link_id) VALUES ((SELECT id FROM campaigns WHERE uuid = $1), (SELECT id FROM subscribers WHERE uuid = $2), (SELECT id FROM links WHERE uuid = $3));
EXECUTE add_click('c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', 'e0000000-0000-4000-8000-0000000000a1');
EXECUTE add_click('c0000000-0000-4000-8000-000000000001', NULL, NULL);
SELECT pg_temp.check((SELECT count(*) FROM link_clicks WHERE campaign_id = 1 AND created_at > now() - interval '1 minute') = 2, 'clicks as written');
SELECT pg_temp.check(EXISTS (SELECT campaign_id, link_id, subscriber_id, created_at FROM link_clicks WHERE link_id = (SELECT id FROM links WHERE uuid = 'e0000000-0000-4000-8000-0000000000a1') AND subscriber_id = 2), 'click as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(campaign_id), pg_temp.t(link_id), pg_temp.t(subscriber_id), pg_temp.t(created_at)) FROM link_clicks WHERE link_id = 1 LIMIT 1), 'integer,integer,integer,timestamp with time zone'), 'link_clicks types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(uuid), pg_temp.t(url), pg_temp.t(created_at)) FROM links WHERE id = 1), 'integer,uuid,text,timestamp with time zone'), 'links types');
SELECT campaign_id, link_id, subscriber_id, created_at FROM link_clicks WHERE campaign_id = 2 OR link_id = 2 OR subscriber_id = 4;
SELECT links.url, COUNT(*) FROM link_clicks LEFT JOIN links ON (links.id = link_clicks.link_id) WHERE campaign_id = 1 AND link_clicks.created_at >= now() - interval '100 years' GROUP BY links.url ORDER BY 2 DESC;
UPDATE link_clicks SET campaign_id = NULL, subscriber_id = NULL, link_id = NULL, created_at = NULL WHERE campaign_id = 1 AND created_at > now() - interval '1 minute';
UPDATE links SET url = 'https://example.com/new2', created_at = NULL WHERE uuid = 'e0000000-0000-4000-8000-0000000000a1';
SELECT id, uuid, url, created_at FROM links WHERE id = 2 OR url = 'https://example.com/pricing';
INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-000000000001', 'zz') ON CONFLICT (uuid) DO NOTHING;
INSERT INTO links (id, uuid, url) VALUES (1, 'e0000000-0000-4000-8000-0000000000a3', 'zz') ON CONFLICT (id) DO NOTHING;
INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-0000000000a3', 'https://example.com/') ON CONFLICT ON CONSTRAINT links_url_key DO NOTHING;
INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-000000000001', 'zz') ON CONFLICT ON CONSTRAINT links_uuid_key DO NOTHING;
INSERT INTO links (id, uuid, url) VALUES (1, 'e0000000-0000-4000-8000-0000000000a3', 'zz') ON CONFLICT ON CONSTRAINT links_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-0000000000a4', 'https://example.com/pricing')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-000000000002', 'other')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO links (id, uuid, url) VALUES (1, 'e0000000-0000-4000-8000-0000000000a4', 'dup-id')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO link_clicks (campaign_id, link_id) VALUES (1, 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO link_clicks (campaign_id, link_id) VALUES (9999, 1)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO link_clicks (campaign_id, link_id, subscriber_id) VALUES (1, 1, 9999)$$, '23503');
DELETE FROM link_clicks WHERE campaign_id IS NULL;
DELETE FROM links WHERE id = 3;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM link_clicks WHERE link_id = 3), 'link delete cascades');
-- Boundary writes (rule B).
INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-0000000000b1', ''), ('e0000000-0000-4000-8000-0000000000b2', 'HTTPS://EXAMPLE.COM/');
INSERT INTO link_clicks (campaign_id, link_id, subscriber_id) VALUES (1, 1, 1), (1, 1, 1), (NULL, 2, NULL), (1, NULL, 2);
INSERT INTO campaign_views (campaign_id, subscriber_id) VALUES (1, 1), (1, 1), (3, NULL);
-- step listmonk: media, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_media(uuid, text, text, integer, integer) AS INSERT INTO media (uuid, filename, thumb, width, height) VALUES ($1, $2, $3, $4, $5) RETURNING id;
EXECUTE add_media('d0000000-0000-4000-8000-0000000000a1', 'photo.jpg', 'thumb_photo.jpg', 800, 600);
PREPARE get_media AS SELECT id, uuid, filename, thumb, width, height, created_at FROM media ORDER BY created_at DESC;
EXECUTE get_media;
SELECT pg_temp.check(EXISTS (SELECT id, uuid, filename, thumb, width, height, created_at FROM media WHERE uuid = 'd0000000-0000-4000-8000-0000000000a1' AND filename = 'photo.jpg' AND thumb = 'thumb_' || filename
  AND width * height = 480000 AND lower(substring(filename FROM '\.([^.]+)$')) = 'jpg'), 'media as written');
UPDATE media SET filename = 'photo2.png', thumb = 'thumb_photo2.png', width = 1, height = 2, uuid = 'd0000000-0000-4000-8000-0000000000a2', created_at = NULL WHERE uuid = 'd0000000-0000-4000-8000-0000000000a1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(uuid), pg_temp.t(filename), pg_temp.t(thumb), pg_temp.t(width), pg_temp.t(height), pg_temp.t(created_at)) FROM media WHERE id = 1),
  'integer,uuid,text,text,integer,integer,timestamp with time zone'), 'media types');
SELECT id, uuid, filename, thumb, width, height, created_at FROM media WHERE id = 2 OR uuid = 'd0000000-0000-4000-8000-000000000003' OR filename ILIKE '%.jpg';
INSERT INTO media (uuid, filename, thumb) VALUES ('d0000000-0000-4000-8000-000000000001', 'x', 'x') ON CONFLICT (uuid) DO NOTHING;
INSERT INTO media (id, uuid, filename, thumb) VALUES (1, 'd0000000-0000-4000-8000-0000000000a3', 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO media (uuid, filename, thumb) VALUES ('d0000000-0000-4000-8000-000000000001', 'x', 'x') ON CONFLICT ON CONSTRAINT media_uuid_key DO NOTHING;
INSERT INTO media (id, uuid, filename, thumb) VALUES (1, 'd0000000-0000-4000-8000-0000000000a3', 'x', 'x') ON CONFLICT ON CONSTRAINT media_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO media (uuid, filename, thumb) VALUES ('d0000000-0000-4000-8000-000000000002', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO media (id, uuid, filename, thumb) VALUES (1, 'd0000000-0000-4000-8000-0000000000a4', 'dup-id', 'x')$$, '23505');
DELETE FROM media WHERE uuid = 'd0000000-0000-4000-8000-0000000000a2';
DELETE FROM media WHERE id = 3;
-- Boundary writes (rule B).
INSERT INTO media (uuid, filename, thumb, width, height) VALUES ('d0000000-0000-4000-8000-0000000000b1', '', '', 0, 0), ('d0000000-0000-4000-8000-0000000000b2', 'LOGO.PNG', 'THUMB_LOGO.PNG', -1, -1),
  ('d0000000-0000-4000-8000-0000000000b3', 'logo.png', 'thumb_logo.png', 512, 128);
-- step listmonk: settings, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE get_settings AS SELECT JSON_OBJECT_AGG(key, value) AS settings FROM (SELECT key, value FROM settings ORDER BY key) t;
EXECUTE get_settings;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(key), pg_temp.t(value), pg_temp.t(updated_at)) FROM settings WHERE key = 'app.root_url'), 'text,jsonb,timestamp with time zone'), 'settings types');
SELECT key, value, updated_at FROM settings WHERE key = 'smtp' OR key LIKE 'bounce.%' OR value @> '"filesystem"';
SELECT v->>'host', (v->>'port')::int, v->'tls_enabled' FROM settings, JSONB_ARRAY_ELEMENTS(value) v WHERE key = 'smtp';
SELECT value#>>'{}' FROM settings WHERE key = 'app.lang';
PREPARE upd_settings(jsonb) AS UPDATE settings AS s SET value = c.value, updated_at = NOW() FROM (SELECT * FROM JSONB_EACH($1)) AS c(key, value) WHERE s.key = c.key;
EXECUTE upd_settings('{"app.root_url": "http://lists.example.com", "app.concurrency": 20, "smtp": [{"enabled": true, "host": "smtp.example.com", "port": 587, "tls_enabled": true}], "security.enable_captcha": true}');
SELECT pg_temp.check((SELECT value#>>'{}' FROM settings WHERE key = 'app.root_url') = 'http://lists.example.com' AND (SELECT (value#>>'{}')::int FROM settings WHERE key = 'app.concurrency') = 20
  AND (SELECT value->0->>'host' FROM settings WHERE key = 'smtp') = 'smtp.example.com', 'settings as written');
UPDATE settings SET updated_at = NULL, value = '{}' WHERE key = 'messengers';
INSERT INTO settings (key, value) VALUES ('app.root_url', '""') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('app.root_url', '""') ON CONFLICT ON CONSTRAINT settings_key_key DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO settings (key, value) VALUES ('app.root_url', '""')$$, '23505');
-- Boundary writes (rule B).
EXECUTE upd_settings('{"app.root_url": "", "app.concurrency": 0, "app.lang": "EN", "bounce.count": -1, "messengers": [], "upload.s3.expiry": "14d", "privacy.individual_tracking": false}');
-- step listmonk: roles and users, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_role(role_type, text, text[]) AS INSERT INTO roles (type, name, permissions) VALUES ($1, $2, $3) RETURNING id;
EXECUTE add_role('user', 'Editor', '{campaigns:get,campaigns:manage}');
PREPARE add_list_role(integer, integer, text[]) AS INSERT INTO roles (type, parent_id, list_id, permissions) VALUES ('list', $1, $2, $3) ON CONFLICT (parent_id, list_id) DO UPDATE SET permissions = EXCLUDED.permissions RETURNING id;
EXECUTE add_list_role(2, 1, '{list:get}');
EXECUTE add_list_role(2, 2, '{list:get}');
SELECT pg_temp.check(EXISTS (SELECT id, type, parent_id, list_id, permissions, name, created_at, updated_at FROM roles WHERE name = 'Editor' AND type = 'user' AND permissions @> '{campaigns:manage}' AND parent_id IS NULL AND list_id IS NULL),
  'role as written');
SELECT pg_temp.check((SELECT permissions FROM roles WHERE parent_id = 2 AND list_id = 2) = '{list:get}', 'list role upserted');
UPDATE roles SET name = 'Editor 2', permissions = permissions || '{subscribers:get}', updated_at = NOW() WHERE name = 'Editor';
UPDATE roles SET name = NULL, created_at = NULL, updated_at = NULL WHERE name = 'Editor 2';
PREPARE add_user(text, boolean, text, text, text, user_type, integer, integer, user_status) AS INSERT INTO users (username, password_login, password, email, name, type, user_role_id, list_role_id, status)
  VALUES ($1, $2, (CASE WHEN $2 THEN CRYPT($3, GEN_SALT('bf')) ELSE $3 END), $4, $5, $6, $7, $8, $9) RETURNING id;
EXECUTE add_user('editor', true, 'secret-password', 'editor@example.com', 'Editor', 'user', 1, 2, 'enabled');
EXECUTE add_user('bot2', false, 'api-token-2', 'bot2@api', 'bot2', 'api', 1, NULL, 'enabled');
PREPARE login(text, text) AS UPDATE users SET loggedin_at = NOW() WHERE username = $1 AND password_login AND status = 'enabled' AND password = CRYPT($2, password) RETURNING id;
EXECUTE login('editor', 'secret-password');
SELECT pg_temp.check(EXISTS (SELECT id, username, password_login, password, email, name, avatar, type, user_role_id, list_role_id, status, loggedin_at, created_at, updated_at FROM users WHERE username = 'editor'
  AND password_login AND password = crypt('secret-password', password) AND email = 'editor@example.com' AND name = 'Editor' AND avatar IS NULL AND type = 'user' AND user_role_id = 1 AND list_role_id = 2
  AND status = 'enabled' AND loggedin_at IS NOT NULL), 'user as written');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM users WHERE username = 'bot2' AND type = 'api' AND password = 'api-token-2'), 'api user as written');
UPDATE users SET name = 'Editor 2', email = 'editor2@example.com', avatar = 'avatar.png', status = 'disabled', user_role_id = (SELECT id FROM roles WHERE name IS NULL AND type = 'user' LIMIT 1), list_role_id = NULL, username = 'editor2',
  password_login = false, type = 'api', updated_at = NOW() WHERE username = 'editor';
UPDATE users SET password = NULL, avatar = NULL, loggedin_at = NULL, created_at = NULL, updated_at = NULL WHERE username = 'editor2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(type), pg_temp.t(parent_id), pg_temp.t(list_id), pg_temp.t(permissions), pg_temp.t(name), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM roles WHERE id = 3),
  'integer,role_type,integer,integer,text[],text,timestamp with time zone,timestamp with time zone'), 'roles types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(password_login), pg_temp.t(password), pg_temp.t(email), pg_temp.t(name), pg_temp.t(avatar), pg_temp.t(type), pg_temp.t(user_role_id),
  pg_temp.t(list_role_id), pg_temp.t(status), pg_temp.t(loggedin_at), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM users WHERE id = 1),
  'integer,text,boolean,text,text,text,text,user_type,integer,integer,user_status,timestamp with time zone,timestamp with time zone,timestamp with time zone'), 'users types');
SELECT id, type, parent_id, list_id, permissions, name, created_at, updated_at FROM roles WHERE id = 1 OR parent_id = 2 OR list_id = 2 OR (type = 'user' AND name = 'Super Admin') OR 'list:get' = ANY (permissions);
SELECT id, username, password_login, password, email, name, avatar, type, user_role_id, list_role_id, status, loggedin_at, created_at, updated_at FROM users WHERE id = 2 OR username = 'admin' OR email = 'api-bot@api' OR (type = 'api' AND password = 'plain-api-token-0123456789');
INSERT INTO roles (type, name) VALUES ('user', 'Super Admin') ON CONFLICT (type, name) WHERE name IS NOT NULL DO NOTHING;
INSERT INTO roles (id, type) VALUES (1, 'user') ON CONFLICT (id) DO NOTHING;
INSERT INTO roles (id, type) VALUES (1, 'user') ON CONFLICT ON CONSTRAINT roles_pkey DO NOTHING;
INSERT INTO users (username, email, name, user_role_id) VALUES ('admin', 'x@x', 'x', 1) ON CONFLICT (username) DO NOTHING;
INSERT INTO users (username, email, name, user_role_id) VALUES ('x', 'admin@listmonk', 'x', 1) ON CONFLICT (email) DO NOTHING;
INSERT INTO users (id, username, email, name, user_role_id) VALUES (1, 'x', 'x@x', 'x', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO users (username, email, name, user_role_id) VALUES ('admin', 'x@x', 'x', 1) ON CONFLICT ON CONSTRAINT users_username_key DO NOTHING;
INSERT INTO users (username, email, name, user_role_id) VALUES ('x', 'admin@listmonk', 'x', 1) ON CONFLICT ON CONSTRAINT users_email_key DO NOTHING;
INSERT INTO users (id, username, email, name, user_role_id) VALUES (1, 'x', 'x@x', 'x', 1) ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO roles (type, name) VALUES ('user', 'Super Admin')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO roles (type, parent_id, list_id) VALUES ('list', 2, 2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO roles (id, type) VALUES (1, 'user')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO roles (type, parent_id) VALUES ('list', 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO roles (type, list_id) VALUES ('list', 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO users (username, email, name, user_role_id) VALUES ('admin', 'y@y', 'x', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO users (username, email, name, user_role_id) VALUES ('y', 'admin@listmonk', 'x', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO users (id, username, email, name, user_role_id) VALUES (1, 'dup-id', 'dup@id', 'x', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO users (username, email, name, user_role_id) VALUES ('fk', 'fk@fk', 'x', 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO users (username, email, name, user_role_id, list_role_id) VALUES ('fk', 'fk@fk', 'x', 1, 9999)$$, '23503');
SELECT pg_temp.refused($$DELETE FROM roles WHERE id = 1$$, '23503');
DELETE FROM users WHERE username = 'editor2';
DELETE FROM roles WHERE name IS NULL AND type = 'user';
DELETE FROM lists WHERE id = 1;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM roles WHERE list_id = 1), 'list delete cascades to its list roles');
DELETE FROM roles WHERE id = 2;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM roles WHERE parent_id = 2) AND NOT EXISTS (SELECT 1 FROM users WHERE list_role_id = 2) AND NOT EXISTS (SELECT 1 FROM users WHERE username = 'api-bot'), 'list role delete cascades');
-- Boundary writes (rule B).
INSERT INTO roles (type, name, permissions) VALUES ('user', '', '{}'), ('list', 'EDITORS', '{""}'), ('list', NULL, '{list:get}'), ('list', NULL, '{list:get}');
INSERT INTO users (username, password_login, password, email, name, type, user_role_id, status) VALUES ('', false, '', '', '', 'api', 1, 'disabled'), ('ADMIN', true, 'x', 'ADMIN@LISTMONK', 'ADMIN', 'user', 1, 'enabled');
-- step listmonk: list subscriber statistics view, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(updated_at), pg_temp.t(list_id), pg_temp.t(status), pg_temp.t(subscriber_count)) FROM mat_list_subscriber_stats WHERE list_id = 2 AND status IS NOT NULL LIMIT 1),
  'timestamp with time zone,integer,subscription_status,bigint'), 'mat_list_subscriber_stats types');
SELECT updated_at, list_id, status, subscriber_count FROM mat_list_subscriber_stats WHERE list_id = 0 OR list_id = ANY ('{1,2}'::int[]) OR status = 'confirmed';
SELECT list_id, JSON_OBJECT_AGG(COALESCE(status::text, 'total'), subscriber_count) FROM mat_list_subscriber_stats GROUP BY list_id;
