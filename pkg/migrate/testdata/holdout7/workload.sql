-- The serving versions' ordinary statements (Miniflux before each of its migrations, Synapse
-- before each of its own), one statement group per "-- step", each run as {{role}} in a
-- transaction rolled back after it, against the OLD schema. This is the fixed catalogue of
-- HOLDOUT.md as HOLDOUT7.md defines it (written before the migration cases), for every table,
-- view, function, trigger, type and sequence the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (json
--     functions on Synapse's JSON-in-text columns, text functions, full-text search on
--     tsvector, arithmetic, comparisons with parameters of the column's declared type). Every
--     read must not fail, and its columns' types are asserted (pg_temp.same, rule T: widening
--     within a type family is the same type, so int2 -> int4 -> int8, varchar(n) ->
--     varchar(m>n) -> varchar -> text and numeric(p,s) -> numeric(p'>p,s) pass, while any
--     other type change is a change of form). VALUES are asserted only on rows the step itself
--     writes after the migration (rule D: data is not a break); the rows data.sql wrote are
--     read, every column by name, in plain SELECTs whose answers are not asserted;
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their
--     defaults, parameters bound as the columns' OLD declared types (PREPARE with declared
--     types), ids from the serial sequences (Miniflux) or from events_stream_seq (Synapse's
--     stream ids). The value a default gives is NOT asserted;
--  3. updates of each column, nullable ones also set to NULL (rule N), deletes by key, and
--     deletes of parent rows asserting their ON DELETE effect; then boundary writes (rule B),
--     one block at the end of each step: on rows the step writes, for the columns it writes,
--     '' for text, 0 and a negative number for numbers, an id of no row where no foreign key
--     checks it, upper-case or odd values, and a second row duplicating another's values
--     where no unique constraint or index covers them (a pair of rows equal in every column no
--     unique key covers); never a write the old schema refuses;
--  4. INSERT … ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary-key constraint/index (23505) and
--     each foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the
--     ON DELETE effects of item 3. Not CHECK, NOT NULL or domain constraints, varchar lengths
--     or enum membership (HOLDOUT7.md: the serving version writes only values the old schema
--     accepts, so it never relies on those refusing);
--  6. sequences: the next insert after the migration only. Catalogue item 6 (an insert in
--     flight across the migration: nextval taken before it, the row inserted after) is NOT
--     covered by this harness: holdMeasure runs each step in a transaction of its own after
--     the statement and keeps no session across it (see holdout7_test.go);
--  7. calls of the functions and triggers the old schema defines, as the apps rely on them
--     (Synapse's event_stats counts follow its inserts into events).
-- step miniflux: users, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_user(text, text, bool, text, text) AS INSERT INTO users (username, password, is_admin, google_id, openid_connect_id) VALUES ($1, $2, $3, $4, $5) RETURNING id;
EXECUTE add_user('alice', 'bcrypt-hash', false, '', '');
EXECUTE add_user('bob', NULL, false, 'google-bob', 'oidc-bob');
INSERT INTO users (username, password) VALUES ('user1', 'x') ON CONFLICT (username) DO NOTHING;
INSERT INTO users (username, password) VALUES ('user1', 'x') ON CONFLICT ON CONSTRAINT users_username_key DO NOTHING;
INSERT INTO users (id, username) VALUES (1, 'zz') ON CONFLICT (id) DO NOTHING;
INSERT INTO users (id, username) VALUES (1, 'zz') ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING;
PREPARE set_user(text, text, bool, text, text, text, timestamptz, entry_sorting_direction, bool, int, bool, bool, text, text, text, bool, text) AS UPDATE users SET username = $1, password = $2,
  is_admin = $3, language = $4, timezone = $5, theme = $6, last_login_at = $7, entry_direction = $8, keyboard_shortcuts = $9, entries_per_page = $10, show_reading_time = $11,
  entry_swipe = $12, stylesheet = $13, google_id = $14, openid_connect_id = $15, double_tap = $16 WHERE username = $17;
EXECUTE set_user('alice2', 'hash2', true, 'fr_FR', 'Europe/Paris', 'dark_serif', '2024-06-01 12:00:00+00', 'desc', false, 50, false, false, 'body { color: red }', 'google-alice', 'oidc-alice', false, 'alice');
SELECT pg_temp.check(EXISTS (SELECT id, username, password, is_admin, language, timezone, theme, last_login_at, entry_direction, keyboard_shortcuts, entries_per_page, show_reading_time,
  entry_swipe, stylesheet, google_id, openid_connect_id, double_tap FROM users WHERE username = 'alice2' AND password = 'hash2' AND is_admin AND language = 'fr_FR' AND timezone = 'Europe/Paris'
  AND theme = 'dark_serif' AND last_login_at = '2024-06-01 12:00:00+00'::timestamptz AND entry_direction = 'desc' AND NOT keyboard_shortcuts AND entries_per_page = 50 AND entries_per_page * 2 = 100
  AND NOT show_reading_time AND NOT entry_swipe AND stylesheet LIKE 'body%' AND google_id = 'google-alice' AND openid_connect_id = 'oidc-alice' AND double_tap = false), 'alice as written');
UPDATE users SET password = NULL, is_admin = NULL, language = NULL, timezone = NULL, theme = NULL, last_login_at = NULL, entry_direction = NULL, keyboard_shortcuts = NULL,
  entries_per_page = NULL, show_reading_time = NULL, entry_swipe = NULL, double_tap = NULL WHERE username = 'bob';
UPDATE users SET last_login_at = now() WHERE id = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(password), pg_temp.t(is_admin), pg_temp.t(language), pg_temp.t(timezone), pg_temp.t(theme),
  pg_temp.t(last_login_at), pg_temp.t(entry_direction), pg_temp.t(keyboard_shortcuts), pg_temp.t(entries_per_page), pg_temp.t(show_reading_time), pg_temp.t(entry_swipe), pg_temp.t(stylesheet),
  pg_temp.t(google_id), pg_temp.t(openid_connect_id), pg_temp.t(double_tap)) FROM users WHERE id = 1),
  'integer,text,text,boolean,text,text,text,timestamp with time zone,entry_sorting_direction,boolean,integer,boolean,boolean,text,text,text,boolean'), 'users types');
SELECT id, username, password, is_admin, language, timezone, theme, last_login_at, entry_direction, keyboard_shortcuts, entries_per_page, show_reading_time, entry_swipe, stylesheet,
  google_id, openid_connect_id, double_tap FROM users WHERE id = 3 OR username = 'user4' OR google_id = 'google-4' OR openid_connect_id = 'x' OR lower(username) = lower('USER5');
SELECT count(*) FROM users WHERE theme IN ('default', 'black', 'sansserif') AND upper(timezone) = 'UTC' AND entries_per_page > 0 AND last_login_at < now();
PREPARE user_by_google(text) AS SELECT id, username FROM users WHERE google_id = $1;
EXECUTE user_by_google('google-bob');
SELECT pg_temp.check((SELECT count(*) FROM users WHERE google_id = 'google-bob') = 1, 'bob by google id');
SELECT pg_temp.refused($$INSERT INTO users (username) VALUES ('user1')$$, '23505');
DELETE FROM users WHERE id = 3;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM user_sessions WHERE user_id = 3) AND NOT EXISTS (SELECT 1 FROM categories WHERE user_id = 3) AND NOT EXISTS (SELECT 1 FROM feeds WHERE user_id = 3)
  AND NOT EXISTS (SELECT 1 FROM entries WHERE user_id = 3) AND NOT EXISTS (SELECT 1 FROM api_keys WHERE user_id = 3), 'user delete cascades');
-- Boundary writes (rule B): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO users (username, password, is_admin, language, timezone, theme, entry_direction, keyboard_shortcuts, entries_per_page, show_reading_time, entry_swipe, stylesheet, google_id, openid_connect_id, double_tap)
  VALUES ('', '', false, '', '', '', 'asc', true, 0, true, true, '', 'google-dup', 'oidc-dup', true),
         ('ALICE', 'bcrypt-hash', false, 'EN_US', 'UTC', 'BLACK', 'asc', true, -1, true, true, 'X', 'google-dup', 'oidc-dup', true),
         ('alice3', 'bcrypt-hash', false, 'EN_US', 'UTC', 'BLACK', 'asc', true, -1, true, true, 'X', 'google-dup', 'oidc-dup', true);
-- step miniflux: sessions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_session(text, int, text, text) AS INSERT INTO user_sessions (token, user_id, user_agent, ip) VALUES ($1, $2, $3, $4) RETURNING id;
EXECUTE add_session('tok-new', 1, 'Firefox', '198.51.100.7');
EXECUTE add_session('tok-new2', 2, 'curl/8', '2001:db8::1');
INSERT INTO user_sessions (token, user_id) VALUES ('token1', 1) ON CONFLICT (token) DO NOTHING;
INSERT INTO user_sessions (token, user_id) VALUES ('token1', 1) ON CONFLICT ON CONSTRAINT user_sessions_token_key DO NOTHING;
INSERT INTO user_sessions (token, user_id) VALUES ('token2', 3) ON CONFLICT (user_id, token) DO NOTHING;
INSERT INTO user_sessions (token, user_id) VALUES ('token2', 3) ON CONFLICT ON CONSTRAINT user_sessions_user_id_token_key DO NOTHING;
INSERT INTO user_sessions (id, token, user_id) VALUES (1, 'tq', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO user_sessions (id, token, user_id) VALUES (1, 'tq', 1) ON CONFLICT ON CONSTRAINT user_sessions_pkey DO NOTHING;
PREPARE get_session(text) AS SELECT id, user_id, token, created_at, user_agent, ip FROM user_sessions WHERE token = $1;
EXECUTE get_session('tok-new');
SELECT pg_temp.check(EXISTS (SELECT id, user_id, token, created_at, user_agent, ip FROM user_sessions WHERE token = 'tok-new' AND user_id = 1 AND user_agent = 'Firefox' AND ip = '198.51.100.7'
  AND ip LIKE '198.51.%' AND split_part(ip, '.', 4) = '7' AND length(user_agent) = 7), 'session as written');
PREPARE set_session(int, text, timestamptz, text, text, text) AS UPDATE user_sessions SET user_id = $1, token = $2, created_at = $3, user_agent = $4, ip = $5 WHERE token = $6;
EXECUTE set_session(2, 'tok-renamed', '2024-07-01 00:00:00+00', 'Safari', '203.0.113.9', 'tok-new');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM user_sessions WHERE token = 'tok-renamed' AND user_id = 2 AND created_at = '2024-07-01 00:00:00+00' AND user_agent = 'Safari' AND ip = '203.0.113.9'), 'session updated');
UPDATE user_sessions SET created_at = NULL, user_agent = NULL, ip = NULL WHERE token = 'tok-new2';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM user_sessions WHERE token = 'tok-new2' AND created_at IS NULL AND user_agent IS NULL AND ip IS NULL), 'session nulls');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(token), pg_temp.t(created_at), pg_temp.t(user_agent), pg_temp.t(ip)) FROM user_sessions WHERE token = 'tok-renamed'),
  'integer,integer,text,timestamp with time zone,text,text'), 'session types');
SELECT id, user_id, token, created_at, user_agent, ip FROM user_sessions WHERE user_id = 2 AND token = 'token1' OR id = 3 OR created_at < now() - interval '1 day';
SELECT pg_temp.refused($$INSERT INTO user_sessions (token, user_id) VALUES ('token1', 5)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO user_sessions (token, user_id) VALUES ('tok-fk', 9999)$$, '23503');
DELETE FROM user_sessions WHERE id = 4;
DELETE FROM user_sessions WHERE user_id = 2 AND token = 'tok-renamed';
-- Boundary writes (rule B).
INSERT INTO user_sessions (token, user_id, user_agent, ip) VALUES ('', 1, '', ''), ('TOK-NEW2', 1, 'Firefox', 'not an address'), ('tok-dup', 1, 'Firefox', 'not an address');
-- step miniflux: categories and feeds, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_category(int, text) AS INSERT INTO categories (user_id, title) VALUES ($1, $2) RETURNING id;
EXECUTE add_category(1, 'News');
INSERT INTO categories (user_id, title) VALUES (2, 'Category 1') ON CONFLICT (user_id, title) DO NOTHING;
INSERT INTO categories (user_id, title) VALUES (2, 'Category 1') ON CONFLICT ON CONSTRAINT categories_user_id_title_key DO NOTHING;
INSERT INTO categories (id, user_id, title) VALUES (1, 1, 'q') ON CONFLICT ON CONSTRAINT categories_pkey DO NOTHING;
UPDATE categories SET title = 'News and more', user_id = 1 WHERE title = 'News';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(title)) FROM categories WHERE title = 'News and more'), 'integer,integer,text'), 'category types');
SELECT id, user_id, title FROM categories WHERE user_id = 2 AND title = 'Category 1' OR id = 2 OR lower(title) LIKE 'category%';
SELECT pg_temp.refused($$INSERT INTO categories (user_id, title) VALUES (2, 'Category 1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO categories (user_id, title) VALUES (9999, 'x')$$, '23503');
PREPARE add_feed(int, int, text, text, text, text, text, text, bool) AS INSERT INTO feeds (user_id, category_id, title, feed_url, site_url, user_agent, username, password, disabled)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id;
EXECUTE add_feed(1, 40, 'My feed', 'https://my.example/feed.xml', 'https://my.example/', '', 'u', 'p', false);
INSERT INTO feeds (user_id, category_id, title, feed_url, site_url) VALUES (2, 1, 'x', 'https://feeds.example/1.xml', 'x') ON CONFLICT (user_id, feed_url) DO NOTHING;
INSERT INTO feeds (user_id, category_id, title, feed_url, site_url) VALUES (2, 1, 'x', 'https://feeds.example/1.xml', 'x') ON CONFLICT ON CONSTRAINT feeds_user_id_feed_url_key DO NOTHING;
INSERT INTO feeds (id, user_id, category_id, title, feed_url, site_url) VALUES (1, 2, 1, 'x', 'q', 'x') ON CONFLICT ON CONSTRAINT feeds_pkey DO NOTHING;
PREPARE set_feed(int, int, text, text, text, timestamptz, text, text, text, int, text, text, text, bool, timestamptz, text) AS UPDATE feeds SET user_id = $1, category_id = $2, title = $3, feed_url = $4,
  site_url = $5, checked_at = $6, etag_header = $7, last_modified_header = $8, parsing_error_msg = $9, parsing_error_count = $10, user_agent = $11, username = $12, password = $13,
  disabled = $14, next_check_at = $15 WHERE feed_url = $16;
EXECUTE set_feed(1, 40, 'My feed 2', 'https://my.example/feed2.xml', 'https://my.example/2', '2024-08-01 00:00:00+00', 'W/"abc"', 'Tue, 01 Aug 2024 00:00:00 GMT', 'timeout', 3, 'Miniflux', 'u2', 'p2', true,
  '2024-08-01 01:00:00+00', 'https://my.example/feed.xml');
SELECT pg_temp.check(EXISTS (SELECT id, user_id, category_id, title, feed_url, site_url, checked_at, etag_header, last_modified_header, parsing_error_msg, parsing_error_count, user_agent, username,
  password, disabled, next_check_at FROM feeds WHERE feed_url = 'https://my.example/feed2.xml' AND user_id = 1 AND category_id = 40 AND title = 'My feed 2' AND site_url = 'https://my.example/2'
  AND checked_at = '2024-08-01 00:00:00+00' AND etag_header = 'W/"abc"' AND last_modified_header LIKE 'Tue%' AND parsing_error_msg = 'timeout' AND parsing_error_count + 1 = 4
  AND user_agent = 'Miniflux' AND username = 'u2' AND password = 'p2' AND disabled AND next_check_at - checked_at = interval '1 hour'), 'feed as written');
UPDATE feeds SET checked_at = NULL, etag_header = NULL, last_modified_header = NULL, parsing_error_msg = NULL, parsing_error_count = NULL, user_agent = NULL, username = NULL, password = NULL,
  disabled = NULL, next_check_at = NULL WHERE feed_url = 'https://my.example/feed2.xml';
UPDATE feeds SET parsing_error_count = parsing_error_count + 1, parsing_error_msg = 'x', checked_at = now() WHERE id = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(category_id), pg_temp.t(title), pg_temp.t(feed_url), pg_temp.t(site_url), pg_temp.t(checked_at),
  pg_temp.t(etag_header), pg_temp.t(last_modified_header), pg_temp.t(parsing_error_msg), pg_temp.t(parsing_error_count), pg_temp.t(user_agent), pg_temp.t(username), pg_temp.t(password),
  pg_temp.t(disabled), pg_temp.t(next_check_at)) FROM feeds WHERE id = 2),
  'bigint,integer,integer,text,text,text,timestamp with time zone,text,text,text,integer,text,text,text,boolean,timestamp with time zone'), 'feed types');
SELECT id, user_id, category_id, title, feed_url, site_url, checked_at, etag_header, last_modified_header, parsing_error_msg, parsing_error_count, user_agent, username, password, disabled, next_check_at
  FROM feeds WHERE user_id = 5 AND category_id = 4 OR id = 3 OR feed_url = 'https://feeds.example/3.xml' OR next_check_at < now();
SELECT pg_temp.refused($$INSERT INTO feeds (user_id, category_id, title, feed_url, site_url) VALUES (2, 1, 'x', 'https://feeds.example/1.xml', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO feeds (user_id, category_id, title, feed_url, site_url) VALUES (9999, 1, 'x', 'q1', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO feeds (user_id, category_id, title, feed_url, site_url) VALUES (1, 9999, 'x', 'q2', 'x')$$, '23503');
DELETE FROM feeds WHERE id = 5;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM entries WHERE feed_id = 5) AND NOT EXISTS (SELECT 1 FROM feed_icons WHERE feed_id = 5), 'feed delete cascades');
DELETE FROM categories WHERE id = 6;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM feeds WHERE category_id = 6), 'category delete cascades');
-- Boundary writes (rule B).
INSERT INTO categories (user_id, title) VALUES (1, ''), (1, 'NEWS AND MORE');
INSERT INTO feeds (user_id, category_id, title, feed_url, site_url, etag_header, last_modified_header, parsing_error_msg, parsing_error_count, user_agent, username, password, disabled)
  VALUES (1, 40, '', '', '', '', '', '', 0, '', '', '', false),
         (1, 40, 'My feed 2', 'HTTPS://MY.EXAMPLE/FEED2.XML', 'https://my.example/2', 'W/"abc"', 'x', 'timeout', -1, 'Miniflux', 'u2', 'p2', true),
         (1, 40, 'My feed 2', 'https://my.example/feed3.xml', 'https://my.example/2', 'W/"abc"', 'x', 'timeout', -1, 'Miniflux', 'u2', 'p2', true);
-- step miniflux: entries and enclosures, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_entry(text, text, text, text, timestamptz, text, text, int, bigint, int, timestamptz) AS INSERT INTO entries (title, hash, url, comments_url, published_at, content, author, user_id, feed_id,
  reading_time, changed_at, document_vectors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, setweight(to_tsvector(substring(coalesce($1, '') for 1000000)), 'A') || setweight(to_tsvector(substring(coalesce($6, '') for 1000000)), 'B'))
  ON CONFLICT (feed_id, hash) DO UPDATE SET title = excluded.title, content = excluded.content RETURNING id, status;
EXECUTE add_entry('Brand new entry', 'newhash', 'https://site.example/new', 'https://site.example/new#comments', '2024-09-01 10:00:00+00', 'Fresh content about postgres', 'Carol', 2, 2, 3, '2024-09-01 10:00:00+00');
EXECUTE add_entry('Entry 1 again', 'hash1', 'https://site.example/entry/1', '', '2024-09-01 10:00:00+00', 'again', NULL, 2, 2, 1, '2024-09-01 10:00:00+00');
INSERT INTO entries (user_id, feed_id, hash, published_at, title, url, changed_at) VALUES (2, 2, 'hash1', now(), 'x', 'x', now()) ON CONFLICT ON CONSTRAINT entries_feed_id_hash_key DO NOTHING;
INSERT INTO entries (id, user_id, feed_id, hash, published_at, title, url, changed_at) VALUES (1, 2, 2, 'hq', now(), 'x', 'x', now()) ON CONFLICT (id) DO NOTHING;
INSERT INTO entries (id, user_id, feed_id, hash, published_at, title, url, changed_at) VALUES (1, 2, 2, 'hq', now(), 'x', 'x', now()) ON CONFLICT ON CONSTRAINT entries_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, user_id, feed_id, hash, published_at, title, url, author, content, status, comments_url, document_vectors, changed_at, reading_time FROM entries
  WHERE hash = 'newhash' AND feed_id = 2 AND user_id = 2 AND published_at = '2024-09-01 10:00:00+00' AND title = 'Brand new entry' AND url = 'https://site.example/new' AND author = 'Carol'
  AND content LIKE '%postgres' AND comments_url = 'https://site.example/new#comments' AND document_vectors @@ plainto_tsquery('postgres') AND changed_at = published_at AND reading_time * 60 = 180
  AND status = 'unread'::entry_status), 'entry as written');
PREPARE set_status(entry_status, timestamptz, int, bigint) AS UPDATE entries SET status = $1, changed_at = $2 WHERE user_id = $3 AND id = $4;
EXECUTE set_status('read', '2024-09-02 00:00:00+00', 2, 1);
UPDATE entries SET status = 'removed', changed_at = now() WHERE id = 10;
PREPARE set_entry(int, bigint, text, timestamptz, text, text, text, text, entry_status, text, timestamptz, int, text) AS UPDATE entries SET user_id = $1, feed_id = $2, hash = $3, published_at = $4, title = $5,
  url = $6, author = $7, content = $8, status = $9, comments_url = $10, changed_at = $11, reading_time = $12, document_vectors = to_tsvector($5) WHERE hash = $13;
EXECUTE set_entry(2, 2, 'newhash2', '2024-09-03 00:00:00+00', 'Edited', 'https://site.example/edited', 'Dave', 'edited content', 'read', 'https://c.example', '2024-09-03 00:00:00+00', 7, 'newhash');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM entries WHERE hash = 'newhash2' AND title = 'Edited' AND status = 'read' AND reading_time = 7 AND author = 'Dave' AND document_vectors @@ to_tsquery('edit')), 'entry edited');
UPDATE entries SET author = NULL, content = NULL, status = NULL, comments_url = NULL, document_vectors = NULL WHERE hash = 'newhash2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(feed_id), pg_temp.t(hash), pg_temp.t(published_at), pg_temp.t(title), pg_temp.t(url), pg_temp.t(author),
  pg_temp.t(content), pg_temp.t(status), pg_temp.t(comments_url), pg_temp.t(document_vectors), pg_temp.t(changed_at), pg_temp.t(reading_time)) FROM entries WHERE id = 1),
  'bigint,integer,bigint,text,timestamp with time zone,text,text,text,text,entry_status,text,tsvector,timestamp with time zone,integer'), 'entry types');
SELECT id, user_id, feed_id, hash, published_at, title, url, author, content, status, comments_url, document_vectors, changed_at, reading_time FROM entries
  WHERE user_id = 2 AND status = 'unread' AND feed_id = 2 OR id = 5 OR (feed_id = 3 AND url = 'https://site.example/entry/2') OR document_vectors @@ plainto_tsquery('content')
  ORDER BY published_at DESC, changed_at DESC LIMIT 50;
SELECT count(*), max(reading_time) FROM entries WHERE status <> 'removed' AND title ILIKE 'entry%' AND published_at > '2024-01-01'::timestamptz AND length(url) < 2000;
SELECT pg_temp.refused($$INSERT INTO entries (user_id, feed_id, hash, published_at, title, url, changed_at) VALUES (2, 2, 'hash1', now(), 'x', 'x', now())$$, '23505');
SELECT pg_temp.refused($$INSERT INTO entries (user_id, feed_id, hash, published_at, title, url, changed_at) VALUES (2, 99999, 'hq', now(), 'x', 'x', now())$$, '23503');
SELECT pg_temp.refused($$INSERT INTO entries (user_id, feed_id, hash, published_at, title, url, changed_at) VALUES (9999, 2, 'hq', now(), 'x', 'x', now())$$, '23503');
PREPARE add_enclosure(int, bigint, text, int, text) AS INSERT INTO enclosures (user_id, entry_id, url, size, mime_type) VALUES ($1, $2, $3, $4, $5) RETURNING id;
EXECUTE add_enclosure(2, 1, 'https://cdn.example/new.mp3', 123456, 'audio/mpeg');
PREPARE find_enclosure(int, bigint, text) AS SELECT id, user_id, entry_id, url, size, mime_type FROM enclosures WHERE user_id = $1 AND entry_id = $2 AND encode(sha256(url::bytea), 'hex') = encode(sha256($3::bytea), 'hex');
EXECUTE find_enclosure(2, 1, 'https://cdn.example/new.mp3');
SELECT pg_temp.check(EXISTS (SELECT id, user_id, entry_id, url, size, mime_type FROM enclosures WHERE entry_id = 1 AND user_id = 2 AND url = 'https://cdn.example/new.mp3' AND size = 123456
  AND size / 1000 = 123 AND mime_type LIKE 'audio/%'), 'enclosure as written');
UPDATE enclosures SET size = 99, mime_type = 'audio/ogg', url = 'https://cdn.example/new.ogg', user_id = 2, entry_id = 1 WHERE url = 'https://cdn.example/new.mp3';
UPDATE enclosures SET size = NULL, mime_type = NULL WHERE url = 'https://cdn.example/new.ogg';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(entry_id), pg_temp.t(url), pg_temp.t(size), pg_temp.t(mime_type)) FROM enclosures WHERE id = 1),
  'bigint,integer,bigint,text,integer,text'), 'enclosure types');
SELECT id, user_id, entry_id, url, size, mime_type FROM enclosures WHERE entry_id = 4 OR id = 2 OR user_id = 4;
SELECT pg_temp.refused($$INSERT INTO enclosures (user_id, entry_id, url) VALUES (2, 999999, 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO enclosures (user_id, entry_id, url) VALUES (9999, 1, 'x')$$, '23503');
DELETE FROM enclosures WHERE id = 3;
DELETE FROM entries WHERE id = 8;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM enclosures WHERE entry_id = 8), 'entry delete cascades');
-- Boundary writes (rule B).
INSERT INTO entries (user_id, feed_id, hash, published_at, title, url, author, content, status, comments_url, changed_at, reading_time)
  VALUES (2, 2, '', '2024-09-01 10:00:00+00', '', '', '', '', 'removed', '', '2024-09-01 10:00:00+00', 0),
         (2, 2, 'NEWHASH2', '2024-09-01 10:00:00+00', 'Edited', 'https://site.example/edited', 'DAVE', 'edited content', 'read', 'https://c.example', '2024-09-01 10:00:00+00', -1),
         (2, 2, 'newhash3', '2024-09-01 10:00:00+00', 'Edited', 'https://site.example/edited', 'DAVE', 'edited content', 'read', 'https://c.example', '2024-09-01 10:00:00+00', -1);
INSERT INTO enclosures (user_id, entry_id, url, size, mime_type) VALUES (2, 1, '', 0, ''), (2, 1, 'https://cdn.example/new.ogg', -1, 'AUDIO/OGG'), (2, 1, 'https://cdn.example/new.ogg', -1, 'AUDIO/OGG');
-- step miniflux: icons, integrations, API keys and the ACME cache, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_icon(text, text, bytea) AS INSERT INTO icons (hash, mime_type, content) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING RETURNING id;
EXECUTE add_icon('newicon', 'image/x-icon', '\x00010203');
INSERT INTO icons (hash, mime_type, content) VALUES ('iconhash1', 'x', '') ON CONFLICT ON CONSTRAINT icons_hash_key DO NOTHING;
INSERT INTO icons (id, hash, mime_type, content) VALUES (1, 'iq', 'x', '') ON CONFLICT ON CONSTRAINT icons_pkey DO NOTHING;
INSERT INTO feed_icons (feed_id, icon_id) SELECT 3, id FROM icons WHERE hash = 'newicon';
INSERT INTO feed_icons (feed_id, icon_id) VALUES (1, 2) ON CONFLICT (feed_id, icon_id) DO NOTHING;
INSERT INTO feed_icons (feed_id, icon_id) VALUES (1, 2) ON CONFLICT ON CONSTRAINT feed_icons_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT i.id, i.hash, i.mime_type, i.content, fi.feed_id, fi.icon_id FROM icons i JOIN feed_icons fi ON fi.icon_id = i.id WHERE fi.feed_id = 3 AND i.hash = 'newicon'
  AND i.mime_type = 'image/x-icon' AND i.content = '\x00010203'::bytea AND length(i.content) = 4 AND encode(i.content, 'base64') = 'AAECAw=='), 'icon as written');
UPDATE icons SET mime_type = 'image/png', content = '\x89', hash = 'newicon2' WHERE hash = 'newicon';
UPDATE feed_icons SET icon_id = 3 WHERE feed_id = 4;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(i.id), pg_temp.t(i.hash), pg_temp.t(i.mime_type), pg_temp.t(i.content), pg_temp.t(fi.feed_id), pg_temp.t(fi.icon_id))
  FROM icons i JOIN feed_icons fi ON fi.icon_id = i.id WHERE fi.feed_id = 1), 'bigint,text,text,bytea,bigint,bigint'), 'icon types');
SELECT id, hash, mime_type, content FROM icons WHERE id = 2 OR hash = 'iconhash3';
SELECT pg_temp.refused($$INSERT INTO icons (hash, mime_type, content) VALUES ('iconhash1', 'x', '')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO feed_icons (feed_id, icon_id) VALUES (1, 2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO feed_icons (feed_id, icon_id) VALUES (99999, 2)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO feed_icons (feed_id, icon_id) VALUES (1, 99999)$$, '23503');
DELETE FROM icons WHERE id = 5;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM feed_icons WHERE icon_id = 5), 'icon delete cascades');
DELETE FROM feed_icons WHERE feed_id = 6 AND icon_id = 7;
PREPARE add_integration(int) AS INSERT INTO integrations (user_id) VALUES ($1);
EXECUTE add_integration(21);
INSERT INTO integrations (user_id) VALUES (1) ON CONFLICT (user_id) DO NOTHING;
INSERT INTO integrations (user_id) VALUES (1) ON CONFLICT ON CONSTRAINT integrations_pkey DO NOTHING;
PREPARE set_integration(bool, text, text, bool, bool, text, text, text, bool, text, text, int) AS UPDATE integrations SET pinboard_enabled = $1, pinboard_token = $2, pinboard_tags = $3,
  pinboard_mark_as_unread = $4, fever_enabled = $5, fever_username = $6, fever_password = $7, fever_token = $8, pocket_enabled = $9, pocket_access_token = $10, pocket_consumer_key = $11 WHERE user_id = $12;
EXECUTE set_integration(true, 'tok', 'rss', true, true, 'feveruser', 'feverpass', md5('feveruser:feverpass'), true, 'pocket-at', 'pocket-ck', 21);
SELECT pg_temp.check(EXISTS (SELECT user_id, pinboard_enabled, pinboard_token, pinboard_tags, pinboard_mark_as_unread, fever_enabled, fever_username, fever_password, fever_token, pocket_enabled,
  pocket_access_token, pocket_consumer_key FROM integrations WHERE user_id = 21 AND pinboard_enabled AND pinboard_token = 'tok' AND pinboard_tags = 'rss' AND pinboard_mark_as_unread AND fever_enabled
  AND fever_username = 'feveruser' AND fever_password = 'feverpass' AND fever_token = md5('feveruser:feverpass') AND pocket_enabled AND pocket_access_token = 'pocket-at' AND pocket_consumer_key = 'pocket-ck'), 'integration as written');
PREPARE fever_user(text) AS SELECT user_id FROM integrations WHERE fever_enabled = 't' AND fever_token = $1;
EXECUTE fever_user(md5('feveruser:feverpass'));
UPDATE integrations SET pinboard_enabled = NULL, pinboard_token = NULL, pinboard_tags = NULL, pinboard_mark_as_unread = NULL, fever_enabled = NULL, fever_username = NULL, fever_password = NULL,
  fever_token = NULL, pocket_enabled = NULL, pocket_access_token = NULL, pocket_consumer_key = NULL WHERE user_id = 21;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(user_id), pg_temp.t(pinboard_enabled), pg_temp.t(pinboard_token), pg_temp.t(pinboard_tags), pg_temp.t(pinboard_mark_as_unread), pg_temp.t(fever_enabled),
  pg_temp.t(fever_username), pg_temp.t(fever_password), pg_temp.t(fever_token), pg_temp.t(pocket_enabled), pg_temp.t(pocket_access_token), pg_temp.t(pocket_consumer_key)) FROM integrations WHERE user_id = 1),
  'integer,boolean,text,text,boolean,boolean,text,text,text,boolean,text,text'), 'integration types');
SELECT user_id, pinboard_enabled, pinboard_token, pinboard_tags, pinboard_mark_as_unread, fever_enabled, fever_username, fever_password, fever_token, pocket_enabled, pocket_access_token, pocket_consumer_key
  FROM integrations WHERE user_id = 2 OR fever_token = 'fevertoken';
SELECT pg_temp.refused($$INSERT INTO integrations (user_id) VALUES (1)$$, '23505');
DELETE FROM integrations WHERE user_id = 20;
PREPARE add_key(int, text, text) AS INSERT INTO api_keys (user_id, token, description) VALUES ($1, $2, $3) RETURNING id, created_at;
EXECUTE add_key(1, 'newkey', 'A key for the reader app on my phone, named at length so that it is well over fifty characters long');
INSERT INTO api_keys (user_id, token, description) VALUES (2, 'apikey1', 'x') ON CONFLICT (token) DO NOTHING;
INSERT INTO api_keys (user_id, token, description) VALUES (2, 'apikey1', 'x') ON CONFLICT ON CONSTRAINT api_keys_token_key DO NOTHING;
INSERT INTO api_keys (user_id, token, description) VALUES (2, 'kq', 'Key 1') ON CONFLICT (user_id, description) DO NOTHING;
INSERT INTO api_keys (user_id, token, description) VALUES (2, 'kq', 'Key 1') ON CONFLICT ON CONSTRAINT api_keys_user_id_description_key DO NOTHING;
INSERT INTO api_keys (id, user_id, token, description) VALUES (1, 2, 'kq', 'q') ON CONFLICT ON CONSTRAINT api_keys_pkey DO NOTHING;
PREPARE touch_key(timestamptz, numeric, text) AS UPDATE api_keys SET last_used_at = $1, rate_limit = $2 WHERE token = $3;
EXECUTE touch_key('2024-10-01 00:00:00+00', 12.25, 'newkey');
SELECT pg_temp.check(EXISTS (SELECT id, user_id, token, description, last_used_at, created_at, rate_limit FROM api_keys WHERE token = 'newkey' AND user_id = 1 AND description LIKE 'A key%'
  AND last_used_at = '2024-10-01 00:00:00+00' AND rate_limit = 12.25 AND rate_limit * 4 = 49 AND round(rate_limit, 1) = 12.3), 'api key as written');
UPDATE api_keys SET user_id = 1, token = 'newkey2', description = 'renamed', created_at = now() WHERE token = 'newkey';
UPDATE api_keys SET last_used_at = NULL, created_at = NULL, rate_limit = NULL WHERE token = 'newkey2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(token), pg_temp.t(description), pg_temp.t(last_used_at), pg_temp.t(created_at), pg_temp.t(rate_limit))
  FROM api_keys WHERE id = 1), 'integer,integer,text,text,timestamp with time zone,timestamp with time zone,numeric'), 'api key types');
SELECT id, user_id, token, description, last_used_at, created_at, rate_limit FROM api_keys WHERE token = 'apikey2' OR user_id = 3 AND description = 'Key 2' OR id = 4;
SELECT pg_temp.refused($$INSERT INTO api_keys (user_id, token, description) VALUES (2, 'apikey1', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO api_keys (user_id, token, description) VALUES (2, 'kq', 'Key 1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO api_keys (user_id, token, description) VALUES (9999, 'kq', 'q')$$, '23503');
DELETE FROM api_keys WHERE id = 5;
PREPARE put_acme(varchar, bytea, timestamptz) AS INSERT INTO acme_cache (key, data, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET data = $2, updated_at = $3;
EXECUTE put_acme('acme/account', '\xdeadbeef', '2024-11-01 00:00:00+00');
EXECUTE put_acme('acme/cert/1', '\x00', '2024-11-01 00:00:00+00');
INSERT INTO acme_cache (key, data, updated_at) VALUES ('acme/cert/2', 'x', now()) ON CONFLICT ON CONSTRAINT acme_cache_pkey DO NOTHING;
PREPARE get_acme(varchar) AS SELECT key, data, updated_at FROM acme_cache WHERE key = $1;
EXECUTE get_acme('acme/account');
SELECT pg_temp.check(EXISTS (SELECT key, data, updated_at FROM acme_cache WHERE key = 'acme/account' AND data = '\xdeadbeef'::bytea AND updated_at = '2024-11-01 00:00:00+00' AND starts_with(key, 'acme/')), 'acme as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(key), pg_temp.t(data), pg_temp.t(updated_at)) FROM acme_cache WHERE key = 'acme/account'), 'text,bytea,timestamp with time zone'), 'acme types');
SELECT key, data, updated_at FROM acme_cache WHERE key = 'acme/cert/3';
SELECT pg_temp.refused($$INSERT INTO acme_cache (key, data, updated_at) VALUES ('acme/cert/2', 'x', now())$$, '23505');
DELETE FROM acme_cache WHERE key = 'acme/cert/4';
-- Boundary writes (rule B).
INSERT INTO icons (hash, mime_type, content) VALUES ('', '', ''), ('NEWICON2', 'image/png', '\x89'), ('newicon3', 'image/png', '\x89');
INSERT INTO integrations (user_id, pinboard_token, pinboard_tags, fever_username, fever_password, fever_token, pocket_access_token, pocket_consumer_key) VALUES (9999, '', '', '', '', '', '', ''),
  (0, 'TOK', 'RSS', 'feveruser', 'feverpass', 'x', 'pocket-at', 'pocket-ck'), (-1, 'TOK', 'RSS', 'feveruser', 'feverpass', 'x', 'pocket-at', 'pocket-ck');
INSERT INTO api_keys (user_id, token, description, rate_limit) VALUES (1, '', '', 0), (1, 'NEWKEY2', 'RENAMED', -1), (2, 'k-max', 'renamed', 99999999.99), (2, 'k-dup', 'RENAMED', -1);
INSERT INTO acme_cache (key, data, updated_at) VALUES ('', '', now()), ('ACME/ACCOUNT', '\xdeadbeef', '2024-11-01 00:00:00+00'), (repeat('k', 400), '\x00', now());
-- step synapse: rooms, events and their stats, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE store_room(text, bool, text, text, bool) AS INSERT INTO rooms (room_id, is_public, creator, room_version, has_auth_chain_index) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (room_id) DO NOTHING;
EXECUTE store_room('!new:hs.example', false, '@bob:hs.example', '11', true);
EXECUTE store_room('!room1:hs.example', true, '@x:hs.example', '1', false);
INSERT INTO rooms (room_id) VALUES ('!room2:hs.example') ON CONFLICT ON CONSTRAINT rooms_pkey DO NOTHING;
UPDATE rooms SET is_public = true, creator = '@carol:hs.example', room_version = '10', has_auth_chain_index = false WHERE room_id = '!new:hs.example';
SELECT pg_temp.check(EXISTS (SELECT room_id, is_public, creator, room_version, has_auth_chain_index FROM rooms WHERE room_id = '!new:hs.example' AND is_public AND creator = '@carol:hs.example'
  AND room_version = '10' AND room_version::text ~ '^[0-9]+$' AND NOT has_auth_chain_index), 'room as written');
UPDATE rooms SET is_public = NULL, creator = NULL, room_version = NULL, has_auth_chain_index = NULL WHERE room_id = '!new:hs.example';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(room_id), pg_temp.t(is_public), pg_temp.t(creator), pg_temp.t(room_version::text), pg_temp.t(has_auth_chain_index)) FROM rooms WHERE room_id = '!room1:hs.example'),
  'text,boolean,text,text,boolean'), 'room types');
SELECT room_id, is_public, creator, room_version, has_auth_chain_index FROM rooms WHERE room_id = '!room5:hs.example' OR is_public;
SELECT pg_temp.refused($$INSERT INTO rooms (room_id) VALUES ('!room1:hs.example')$$, '23505');
SELECT total_event_count, unencrypted_message_count, e2ee_event_count FROM event_stats;
CREATE TEMP TABLE stats_before AS SELECT total_event_count, unencrypted_message_count, e2ee_event_count FROM event_stats;
PREPARE store_event(bigint, text, text, text, text, bool, bool, bigint, bigint, bigint, text, bool, text, text) AS INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, content,
  processed, outlier, depth, origin_server_ts, received_ts, sender, contains_url, instance_name, state_key) VALUES (nextval('events_stream_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING stream_ordering;
EXECUTE store_event(600, '$new1', 'm.room.message', '!new:hs.example', '{"body": "hi", "msgtype": "m.text"}', true, false, 600, 1710000000000, 1710000000050, '@bob:hs.example', false, 'master', NULL);
EXECUTE store_event(601, '$new2', 'm.room.member', '!new:hs.example', '{"membership": "join"}', true, false, 601, 1710000000001, 1710000000051, '@bob:hs.example', false, 'master', '@bob:hs.example');
SELECT pg_temp.check((SELECT total_event_count FROM event_stats) = (SELECT total_event_count + 2 FROM stats_before)
  AND (SELECT unencrypted_message_count FROM event_stats) = (SELECT unencrypted_message_count + 1 FROM stats_before), 'event_stats counts the events the step stored');
INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, processed, outlier) VALUES (nextval('events_stream_seq'), 1, '$event1', 't', 'r', true, false) ON CONFLICT (event_id) DO NOTHING;
INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, processed, outlier) VALUES (nextval('events_stream_seq'), 1, '$event1', 't', 'r', true, false) ON CONFLICT ON CONSTRAINT events_event_id_key DO NOTHING;
INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, processed, outlier) VALUES (1, 1, '$q', 't', 'r', true, false) ON CONFLICT (stream_ordering) DO NOTHING;
INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, processed, outlier) VALUES (1, 1, '$q', 't', 'r', true, false) ON CONFLICT ON CONSTRAINT events_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT stream_ordering, topological_ordering, event_id, type, room_id, content, unrecognized_keys, processed, outlier, depth, origin_server_ts, received_ts, sender, contains_url,
  instance_name, state_key, rejection_reason FROM events WHERE event_id = '$new1' AND topological_ordering = 600 AND type = 'm.room.message' AND room_id = '!new:hs.example' AND content::json->>'body' = 'hi'
  AND unrecognized_keys IS NULL AND processed AND NOT outlier AND depth = 600 AND origin_server_ts = 1710000000000 AND received_ts - origin_server_ts = 50 AND sender = '@bob:hs.example'
  AND NOT contains_url AND instance_name = 'master' AND state_key IS NULL AND rejection_reason IS NULL AND stream_ordering > 500), 'event as written');
UPDATE events SET outlier = true, processed = false, rejection_reason = 'auth_error', content = '{}', unrecognized_keys = '{"x": 1}', contains_url = true, depth = 3, topological_ordering = 3,
  type = 'm.room.topic', room_id = '!new:hs.example', sender = '@carol:hs.example', origin_server_ts = 1, received_ts = 2, instance_name = 'worker1', state_key = '' WHERE event_id = '$new2';
UPDATE events SET content = NULL, unrecognized_keys = NULL, origin_server_ts = NULL, received_ts = NULL, sender = NULL, contains_url = NULL, instance_name = NULL, state_key = NULL, rejection_reason = NULL WHERE event_id = '$new2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(stream_ordering), pg_temp.t(topological_ordering), pg_temp.t(event_id), pg_temp.t(type), pg_temp.t(room_id), pg_temp.t(content),
  pg_temp.t(processed), pg_temp.t(outlier), pg_temp.t(depth), pg_temp.t(origin_server_ts), pg_temp.t(received_ts), pg_temp.t(sender), pg_temp.t(contains_url), pg_temp.t(instance_name)) FROM events WHERE stream_ordering = 1),
  'integer,bigint,text,text,text,text,boolean,boolean,bigint,bigint,bigint,text,boolean,text'), 'event types');
SELECT stream_ordering, topological_ordering, event_id, type, room_id, content, unrecognized_keys, processed, outlier, depth, origin_server_ts, received_ts, sender, contains_url, instance_name, state_key, rejection_reason
  FROM events WHERE room_id = '!room3:hs.example' AND topological_ordering > 10 OR event_id = '$event7' OR stream_ordering BETWEEN 20 AND 30 ORDER BY topological_ordering DESC, stream_ordering DESC LIMIT 20;
SELECT max(stream_ordering), count(*) FILTER (WHERE content::json->>'body' LIKE 'hello%') FROM events;
SELECT pg_temp.refused($$INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, processed, outlier) VALUES (nextval('events_stream_seq'), 1, '$event1', 't', 'r', true, false)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, processed, outlier) VALUES (1, 1, '$q', 't', 'r', true, false)$$, '23505');
DELETE FROM events WHERE event_id = '$event9';
PREPARE store_hash(text, text, bytea) AS INSERT INTO event_reference_hashes (event_id, algorithm, hash) VALUES ($1, $2, $3);
EXECUTE store_hash('$new1', 'sha256', '\x0102');
INSERT INTO event_reference_hashes (event_id, algorithm, hash) VALUES ('$event1', 'sha256', '\x00') ON CONFLICT (event_id, algorithm) DO NOTHING;
INSERT INTO event_reference_hashes (event_id, algorithm, hash) VALUES ('$event1', 'sha256', '\x00') ON CONFLICT ON CONSTRAINT event_reference_hashes_event_id_algorithm_key DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT event_id, algorithm, hash FROM event_reference_hashes WHERE event_id = '$new1' AND algorithm = 'sha256' AND hash = '\x0102'::bytea AND length(hash) = 2), 'hash as written');
UPDATE event_reference_hashes SET hash = NULL, algorithm = 'sha512' WHERE event_id = '$new1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(event_id), pg_temp.t(algorithm), pg_temp.t(hash)) FROM event_reference_hashes WHERE event_id = '$event2'), 'text,text,bytea'), 'hash types');
SELECT event_id, algorithm, hash FROM event_reference_hashes WHERE event_id = '$event3';
SELECT pg_temp.refused($$INSERT INTO event_reference_hashes (event_id, algorithm, hash) VALUES ('$event1', 'sha256', '\x00')$$, '23505');
DELETE FROM event_reference_hashes WHERE event_id = '$event4';
-- Boundary writes (rule B).
INSERT INTO rooms (room_id, is_public, creator, room_version, has_auth_chain_index) VALUES ('', false, '', '', false), ('!NEW:HS.EXAMPLE', true, '@carol:hs.example', '10', false), ('!new2:hs.example', true, '@carol:hs.example', '10', false);
INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, content, unrecognized_keys, processed, outlier, depth, origin_server_ts, received_ts, sender, contains_url, instance_name, state_key, rejection_reason)
  VALUES (nextval('events_stream_seq'), 0, '', '', '', '', '', true, false, 0, 0, 0, '', false, '', '', ''),
         (nextval('events_stream_seq'), -1, '$NEW1', 'm.room.message', '!nowhere:hs.example', '{"body": "hi", "msgtype": "m.text"}', NULL, true, false, -1, -1, -1, '@bob:hs.example', false, 'master', NULL, NULL),
         (nextval('events_stream_seq'), -1, '$new3', 'm.room.message', '!nowhere:hs.example', '{"body": "hi", "msgtype": "m.text"}', NULL, true, false, -1, -1, -1, '@bob:hs.example', false, 'master', NULL, NULL);
INSERT INTO event_reference_hashes (event_id, algorithm, hash) VALUES ('', '', ''), ('$nowhere', 'SHA256', '\x0102'), ('$nowhere2', 'SHA256', '\x0102');
-- step synapse: receipts, push summaries and pushers, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE upsert_receipt(text, text, text, text, text, bigint, text) AS INSERT INTO receipts_linearized (room_id, receipt_type, user_id, event_id, data, stream_id, instance_name)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (room_id, receipt_type, user_id) DO UPDATE SET stream_id = excluded.stream_id, event_id = excluded.event_id, data = excluded.data, instance_name = excluded.instance_name;
EXECUTE upsert_receipt('!new:hs.example', 'm.read', '@bob:hs.example', '$new1', '{"ts": 1710000000000}', 1000, 'master');
EXECUTE upsert_receipt('!new:hs.example', 'm.read', '@bob:hs.example', '$new2', '{"ts": 1710000000001}', 1001, 'master');
EXECUTE upsert_receipt('!new:hs.example', 'm.read.private', '@bob:hs.example', '$new2', '{"ts": 1710000000001}', 1002, NULL);
INSERT INTO receipts_linearized (stream_id, room_id, receipt_type, user_id, event_id, data) VALUES (1, '!room2:hs.example', 'm.read', '@user1:hs.example', '$x', '{}') ON CONFLICT ON CONSTRAINT receipts_linearized_uniqueness DO NOTHING;
SELECT pg_temp.check((SELECT count(*) FROM receipts_linearized WHERE room_id = '!new:hs.example' AND receipt_type = 'm.read' AND user_id = '@bob:hs.example') = 1, 'one receipt per room, type and user');
SELECT pg_temp.check(EXISTS (SELECT stream_id, room_id, receipt_type, user_id, event_id, data, instance_name FROM receipts_linearized WHERE room_id = '!new:hs.example' AND receipt_type = 'm.read'
  AND user_id = '@bob:hs.example' AND event_id = '$new2' AND stream_id = 1001 AND (data::json->>'ts')::bigint = 1710000000001 AND instance_name = 'master'), 'receipt as written');
UPDATE receipts_linearized SET instance_name = NULL WHERE room_id = '!new:hs.example' AND receipt_type = 'm.read' AND user_id = '@bob:hs.example';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(stream_id), pg_temp.t(room_id), pg_temp.t(receipt_type), pg_temp.t(user_id), pg_temp.t(event_id), pg_temp.t(data)) FROM receipts_linearized WHERE stream_id = 1),
  'bigint,text,text,text,text,text'), 'receipt types');
SELECT stream_id, room_id, receipt_type, user_id, event_id, data, instance_name FROM receipts_linearized WHERE stream_id > 50 AND room_id = '!room2:hs.example' OR user_id = '@user5:hs.example' ORDER BY stream_id;
SELECT pg_temp.refused($$INSERT INTO receipts_linearized (stream_id, room_id, receipt_type, user_id, event_id, data) VALUES (1, '!room2:hs.example', 'm.read', '@user1:hs.example', '$x', '{}')$$, '23505');
DELETE FROM receipts_linearized WHERE room_id = '!room3:hs.example' AND receipt_type = 'm.read' AND user_id = '@user2:hs.example';
PREPARE upsert_summary(text, text, bigint, bigint, bigint, bigint, text) AS INSERT INTO event_push_summary (user_id, room_id, notif_num, stream_ordering, unread_count, last_receipt_stream_ordering, thread_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, room_id) DO UPDATE SET notif_num = excluded.notif_num, stream_ordering = excluded.stream_ordering, unread_count = excluded.unread_count;
EXECUTE upsert_summary('@bob:hs.example', '!new:hs.example', 2, 601, 2, 600, NULL);
EXECUTE upsert_summary('@bob:hs.example', '!new:hs.example', 3, 602, 3, 600, NULL);
SELECT pg_temp.check(EXISTS (SELECT user_id, room_id, notif_num, stream_ordering, unread_count, last_receipt_stream_ordering, thread_id FROM event_push_summary WHERE user_id = '@bob:hs.example'
  AND room_id = '!new:hs.example' AND notif_num = 3 AND notif_num + unread_count = 6 AND stream_ordering = 602 AND last_receipt_stream_ordering = 600 AND thread_id IS NULL), 'summary as written');
UPDATE event_push_summary SET thread_id = 'main', unread_count = NULL, last_receipt_stream_ordering = NULL WHERE user_id = '@bob:hs.example';
UPDATE event_push_summary SET thread_id = NULL WHERE user_id = '@bob:hs.example';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(user_id), pg_temp.t(room_id), pg_temp.t(notif_num), pg_temp.t(stream_ordering), pg_temp.t(unread_count)) FROM event_push_summary WHERE user_id = '@user1:hs.example'),
  'text,text,bigint,bigint,bigint'), 'summary types');
SELECT user_id, room_id, notif_num, stream_ordering, unread_count, last_receipt_stream_ordering, thread_id FROM event_push_summary WHERE user_id = '@user2:hs.example' AND room_id = '!room1:hs.example';
SELECT pg_temp.refused($$INSERT INTO event_push_summary (user_id, room_id, notif_num, stream_ordering) VALUES ('@user1:hs.example', '!room1:hs.example', 1, 1)$$, '23505');
DELETE FROM event_push_summary WHERE user_id = '@user3:hs.example' AND room_id = '!room1:hs.example';
PREPARE stage_action(text, text, text, smallint, smallint, smallint, text) AS INSERT INTO event_push_actions_staging (event_id, user_id, actions, notif, highlight, unread, thread_id) VALUES ($1, $2, $3, $4, $5, $6, $7);
EXECUTE stage_action('$new1', '@bob:hs.example', '["notify", {"set_tweak": "sound", "value": "default"}]', 1, 0, 1, 'main');
SELECT pg_temp.check(EXISTS (SELECT event_id, user_id, actions, notif, highlight, unread, thread_id FROM event_push_actions_staging WHERE event_id = '$new1' AND user_id = '@bob:hs.example'
  AND actions::json->>0 = 'notify' AND notif = 1 AND highlight = 0 AND unread + notif = 2 AND thread_id = 'main'), 'staged action as written');
UPDATE event_push_actions_staging SET unread = NULL, thread_id = NULL, notif = 0, highlight = 1, actions = '[]', user_id = '@carol:hs.example' WHERE event_id = '$new1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(event_id), pg_temp.t(user_id), pg_temp.t(actions), pg_temp.t(notif), pg_temp.t(highlight), pg_temp.t(unread)) FROM event_push_actions_staging WHERE event_id = '$event1'),
  'text,text,text,smallint,smallint,smallint'), 'staging types');
SELECT event_id, user_id, actions, notif, highlight, unread, thread_id FROM event_push_actions_staging WHERE event_id = '$event2';
DELETE FROM event_push_actions_staging WHERE event_id = '$event3';
PREPARE add_pusher(bigint, text, bigint, text, text, text, text, text, text, bigint, text, text, integer) AS INSERT INTO pushers (id, user_name, access_token, profile_tag, kind, app_id, app_display_name,
  device_display_name, pushkey, ts, lang, data, last_stream_ordering) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (app_id, pushkey, user_name) DO UPDATE SET access_token = excluded.access_token, ts = excluded.ts, data = excluded.data;
EXECUTE add_pusher(100, '@bob:hs.example', 7, '', 'http', 'im.vector.app', 'Element', 'Laptop', 'bobkey', 1710000000000, 'en', '{"url": "https://push.example/_matrix/push/v1/notify"}', 600);
EXECUTE add_pusher(101, '@bob:hs.example', 8, '', 'http', 'im.vector.app', 'Element', 'Laptop', 'bobkey', 1710000000001, 'en', '{"url": "https://push.example/_matrix/push/v1/notify"}', 600);
INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts) VALUES (1, 'u', '', 'http', 'a', 'a', 'd', 'k', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts) VALUES (1, 'u', '', 'http', 'a', 'a', 'd', 'k', 1) ON CONFLICT ON CONSTRAINT pushers_pkey DO NOTHING;
INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts) VALUES (102, '@user1:hs.example', '', 'http', 'im.vector.app', 'a', 'd', 'pushkey1', 1)
  ON CONFLICT ON CONSTRAINT pushers_app_id_pushkey_user_name_key DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT id, user_name, access_token, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts, lang, data, last_stream_ordering, last_success, failing_since
  FROM pushers WHERE app_id = 'im.vector.app' AND pushkey = 'bobkey' AND user_name = '@bob:hs.example' AND id = 100 AND access_token = 8 AND ts = 1710000000001 AND data::json->>'url' LIKE 'https://push.example/%'
  AND last_stream_ordering = 600 AND last_success IS NULL AND failing_since IS NULL AND kind = 'http' AND lang = 'en'), 'pusher as written');
UPDATE pushers SET last_stream_ordering = 601, last_success = 1710000000002, failing_since = 1710000000003, profile_tag = 'tag', kind = 'email', app_display_name = 'E', device_display_name = 'D', lang = 'fr' WHERE id = 100;
UPDATE pushers SET access_token = NULL, lang = NULL, data = NULL, last_stream_ordering = NULL, last_success = NULL, failing_since = NULL WHERE id = 100;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_name), pg_temp.t(profile_tag), pg_temp.t(kind), pg_temp.t(app_id), pg_temp.t(app_display_name), pg_temp.t(device_display_name),
  pg_temp.t(pushkey), pg_temp.t(ts), pg_temp.t(lang), pg_temp.t(data)) FROM pushers WHERE id = 1), 'bigint,text,text,text,text,text,text,text,bigint,text,text'), 'pusher types');
SELECT id, user_name, access_token, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts, lang, data, last_stream_ordering, last_success, failing_since FROM pushers WHERE user_name = '@user2:hs.example';
SELECT pg_temp.refused($$INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts) VALUES (1, 'u', '', 'http', 'a', 'a', 'd', 'k', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts) VALUES (103, '@user1:hs.example', '', 'http', 'im.vector.app', 'a', 'd', 'pushkey1', 1)$$, '23505');
DELETE FROM pushers WHERE app_id = 'im.vector.app' AND pushkey = 'pushkey3' AND user_name = '@user3:hs.example';
-- Boundary writes (rule B).
INSERT INTO receipts_linearized (stream_id, room_id, receipt_type, user_id, event_id, data, instance_name) VALUES (0, '', '', '', '', '', ''),
  (-1, '!NEW:HS.EXAMPLE', 'm.read', '@bob:hs.example', '$new2', '{"ts": 1710000000001}', 'master'), (-1, '!new:hs.example', 'M.READ', '@bob:hs.example', '$new2', '{"ts": 1710000000001}', 'master');
INSERT INTO event_push_summary (user_id, room_id, notif_num, stream_ordering, unread_count, last_receipt_stream_ordering, thread_id) VALUES ('', '', 0, 0, 0, 0, ''),
  ('@BOB:hs.example', '!new:hs.example', -1, -1, -1, -1, 'main'), ('@bob2:hs.example', '!new:hs.example', -1, -1, -1, -1, 'main');
INSERT INTO event_push_actions_staging (event_id, user_id, actions, notif, highlight, unread, thread_id) VALUES ('', '', '', 0, 0, 0, ''), ('$new1', '@bob:hs.example', '[]', -1, -1, -1, 'MAIN'),
  ('$new1', '@bob:hs.example', '[]', -1, -1, -1, 'MAIN');
INSERT INTO pushers (id, user_name, access_token, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts, lang, data, last_stream_ordering, last_success, failing_since)
  VALUES (0, '', 0, '', '', '', '', '', '', 0, '', '', 0, 0, 0), (-1, '@bob:hs.example', -1, '', 'HTTP', 'im.vector.app', 'Element', 'Laptop', 'BOBKEY', -1, 'EN', '{}', -1, -1, -1),
         (-2, '@bob:hs.example', -1, '', 'HTTP', 'im.vector.app', 'Element', 'Laptop', 'bobkey2', -1, 'EN', '{}', -1, -1, -1);
-- step synapse: rooms in partial state, memberships, presence and appservices, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE partial(text) AS INSERT INTO partial_state_rooms (room_id) VALUES ($1) ON CONFLICT (room_id) DO NOTHING;
EXECUTE partial('!room5:hs.example');
EXECUTE partial('!room3:hs.example');
INSERT INTO partial_state_rooms (room_id) VALUES ('!room3:hs.example') ON CONFLICT ON CONSTRAINT partial_state_rooms_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT room_id FROM partial_state_rooms WHERE room_id = '!room5:hs.example'), 'partial state room as written');
SELECT pg_temp.check(pg_temp.same((SELECT pg_temp.t(room_id) FROM partial_state_rooms WHERE room_id = '!room3:hs.example'), 'text'), 'partial state types');
SELECT room_id FROM partial_state_rooms WHERE room_id = '!room4:hs.example';
SELECT pg_temp.refused($$INSERT INTO partial_state_rooms (room_id) VALUES ('!room3:hs.example')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO partial_state_rooms (room_id) VALUES ('!nowhere:hs.example')$$, '23503');
SELECT pg_temp.refused($$DELETE FROM rooms WHERE room_id = '!room3:hs.example'$$, '23503');
DELETE FROM partial_state_rooms WHERE room_id = '!room4:hs.example';
PREPARE store_member(text, text, text, text, text, text, text) AS INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership, display_name, avatar_url) VALUES ($1, $2, $3, $4, $5, $6, $7);
EXECUTE store_member('$m-new', '@bob:hs.example', '@bob:hs.example', '!new:hs.example', 'join', 'Bob', 'mxc://hs.example/bob');
INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership) VALUES ('$member1', 'u', 's', 'r', 'join') ON CONFLICT (event_id) DO NOTHING;
INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership) VALUES ('$member1', 'u', 's', 'r', 'join') ON CONFLICT ON CONSTRAINT room_memberships_event_id_key DO NOTHING;
UPDATE room_memberships SET forgotten = 1 WHERE user_id = '@bob:hs.example' AND room_id = '!new:hs.example';
SELECT pg_temp.check(EXISTS (SELECT event_id, user_id, sender, room_id, membership, forgotten, display_name, avatar_url FROM room_memberships WHERE event_id = '$m-new' AND user_id = '@bob:hs.example'
  AND sender = user_id AND room_id = '!new:hs.example' AND membership = 'join' AND forgotten = 1 AND forgotten + 1 = 2 AND display_name = 'Bob' AND avatar_url LIKE 'mxc://%'), 'membership as written');
UPDATE room_memberships SET membership = 'leave', sender = '@carol:hs.example', user_id = '@bob:hs.example', room_id = '!new:hs.example', event_id = '$m-new2' WHERE event_id = '$m-new';
UPDATE room_memberships SET forgotten = NULL, display_name = NULL, avatar_url = NULL WHERE event_id = '$m-new2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(event_id), pg_temp.t(user_id), pg_temp.t(sender), pg_temp.t(room_id), pg_temp.t(membership), pg_temp.t(forgotten), pg_temp.t(display_name))
  FROM room_memberships WHERE event_id = '$member1'), 'text,text,text,text,text,integer,text'), 'membership types');
SELECT event_id, user_id, sender, room_id, membership, forgotten, display_name, avatar_url FROM room_memberships WHERE room_id = '!room2:hs.example' OR user_id = '@user7:hs.example' OR event_id = '$member9';
SELECT pg_temp.refused($$INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership) VALUES ('$member1', 'u', 's', 'r', 'join')$$, '23505');
DELETE FROM room_memberships WHERE event_id = '$member10';
PREPARE set_presence(text, varchar, text, bigint) AS INSERT INTO presence (user_id, state, status_msg, mtime) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, status_msg = excluded.status_msg, mtime = excluded.mtime;
EXECUTE set_presence('@bob:hs.example', 'unavailable', 'lunch', 1710000000000);
EXECUTE set_presence('@user1:hs.example', 'offline', NULL, 1710000000001);
INSERT INTO presence (user_id, state) VALUES ('@user2:hs.example', 'online') ON CONFLICT ON CONSTRAINT presence_user_id_key DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT user_id, state, status_msg, mtime FROM presence WHERE user_id = '@bob:hs.example' AND state = 'unavailable' AND status_msg = 'lunch' AND mtime / 1000 = 1710000000), 'presence as written');
UPDATE presence SET state = NULL, status_msg = NULL, mtime = NULL WHERE user_id = '@bob:hs.example';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(user_id), pg_temp.t(state), pg_temp.t(mtime)) FROM presence WHERE user_id = '@user3:hs.example'), 'text,text,bigint'), 'presence types');
SELECT user_id, state, status_msg, mtime FROM presence WHERE user_id = '@user4:hs.example';
SELECT pg_temp.refused($$INSERT INTO presence (user_id, state) VALUES ('@user2:hs.example', 'online')$$, '23505');
DELETE FROM presence WHERE user_id = '@user5:hs.example';
PREPARE set_as_state(text, varchar) AS INSERT INTO application_services_state (as_id, state) VALUES ($1, $2) ON CONFLICT (as_id) DO UPDATE SET state = excluded.state;
EXECUTE set_as_state('bridge', 'up');
EXECUTE set_as_state('irc', 'down');
PREPARE set_as_txn(text, integer) AS UPDATE application_services_state SET last_txn = $2 WHERE as_id = $1;
PREPARE set_as_receipt(text, integer) AS UPDATE application_services_state SET read_receipt_stream_id = $2 WHERE as_id = $1;
EXECUTE set_as_txn('bridge', 5);
EXECUTE set_as_receipt('bridge', 41);
INSERT INTO application_services_state (as_id, state) VALUES ('slack', 'up') ON CONFLICT ON CONSTRAINT application_services_state_pkey DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT as_id, state, last_txn, read_receipt_stream_id FROM application_services_state WHERE as_id = 'bridge' AND state = 'up' AND last_txn + 1 = 6 AND read_receipt_stream_id = 41), 'appservice as written');
UPDATE application_services_state SET state = NULL, last_txn = NULL, read_receipt_stream_id = NULL WHERE as_id = 'bridge';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(as_id), pg_temp.t(state), pg_temp.t(last_txn), pg_temp.t(read_receipt_stream_id)) FROM application_services_state WHERE as_id = 'irc'), 'text,text,integer,integer'), 'appservice types');
SELECT as_id, state, last_txn, read_receipt_stream_id FROM application_services_state WHERE as_id = 'slack';
SELECT pg_temp.refused($$INSERT INTO application_services_state (as_id) VALUES ('irc')$$, '23505');
DELETE FROM application_services_state WHERE as_id = 'slack';
-- Boundary writes (rule B).
INSERT INTO rooms (room_id) VALUES ('');
INSERT INTO partial_state_rooms (room_id) VALUES ('');
INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership, forgotten, display_name, avatar_url) VALUES ('', '', '', '', '', 0, '', ''),
  ('$M-NEW2', '@bob:hs.example', '@carol:hs.example', '!nowhere:hs.example', 'LEAVE', -1, 'BOB', 'mxc://hs.example/bob'),
  ('$m-new3', '@bob:hs.example', '@carol:hs.example', '!nowhere:hs.example', 'LEAVE', -1, 'BOB', 'mxc://hs.example/bob');
INSERT INTO presence (user_id, state, status_msg, mtime) VALUES ('', '', '', 0), ('@BOB:hs.example', 'UNAVAILABLE', 'lunch', -1), ('@bob2:hs.example', 'UNAVAILABLE', 'lunch', -1);
INSERT INTO application_services_state (as_id, state, last_txn, read_receipt_stream_id) VALUES ('', '', 0, 0), ('BRIDGE', 'UP', -1, -1), ('bridge2', 'UP', -1, -1);
-- step synapse: cross-signing keys, media, profiles, scheduled tasks and destinations, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_xsign(text, text, text, bigint) AS INSERT INTO e2e_cross_signing_keys (user_id, keytype, keydata, stream_id) VALUES ($1, $2, $3, $4);
EXECUTE add_xsign('@bob:hs.example', 'master', '{"keys": {"ed25519:abc": "abc"}}', 1000);
INSERT INTO e2e_cross_signing_keys (user_id, keytype, keydata, stream_id) VALUES ('@user1:hs.example', 'master', '{}', 1) ON CONFLICT (user_id, keytype, stream_id) DO NOTHING;
PREPARE get_xsign(text, text) AS SELECT keydata, stream_id FROM e2e_cross_signing_keys WHERE user_id = $1 AND keytype = $2 ORDER BY stream_id DESC LIMIT 1;
EXECUTE get_xsign('@bob:hs.example', 'master');
SELECT pg_temp.check(EXISTS (SELECT user_id, keytype, keydata, stream_id FROM e2e_cross_signing_keys WHERE user_id = '@bob:hs.example' AND keytype = 'master' AND keydata::json->'keys'->>'ed25519:abc' = 'abc'
  AND stream_id - 1 = 999), 'cross-signing key as written');
UPDATE e2e_cross_signing_keys SET keydata = '{}', keytype = 'self_signing', stream_id = 1001, user_id = '@bob:hs.example' WHERE user_id = '@bob:hs.example';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(user_id), pg_temp.t(keytype), pg_temp.t(keydata), pg_temp.t(stream_id)) FROM e2e_cross_signing_keys WHERE user_id = '@user1:hs.example'), 'text,text,text,bigint'), 'xsign types');
SELECT user_id, keytype, keydata, stream_id FROM e2e_cross_signing_keys WHERE user_id = '@user2:hs.example' AND keytype = 'master' AND stream_id = 2;
SELECT pg_temp.refused($$INSERT INTO e2e_cross_signing_keys (user_id, keytype, keydata, stream_id) VALUES ('@user1:hs.example', 'master', '{}', 1)$$, '23505');
DELETE FROM e2e_cross_signing_keys WHERE user_id = '@user3:hs.example';
PREPARE store_media(text, text, integer, bigint, text, text) AS INSERT INTO local_media_repository (media_id, media_type, media_length, created_ts, upload_name, user_id) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE store_media('newmedia', 'image/jpeg', 2048, 1710000000000, 'dog.jpg', '@bob:hs.example');
INSERT INTO local_media_repository (media_id, media_type) VALUES ('media1', 'x') ON CONFLICT (media_id) DO NOTHING;
INSERT INTO local_media_repository (media_id, media_type) VALUES ('media1', 'x') ON CONFLICT ON CONSTRAINT local_media_repository_media_id_key DO NOTHING;
UPDATE local_media_repository SET last_access_ts = 1710000000100, quarantined_by = '@admin:hs.example', url_cache = 'https://x.example', safe_from_quarantine = true WHERE media_id = 'newmedia';
SELECT pg_temp.check(EXISTS (SELECT media_id, media_type, media_length, created_ts, upload_name, user_id, quarantined_by, url_cache, last_access_ts, safe_from_quarantine FROM local_media_repository
  WHERE media_id = 'newmedia' AND media_type = 'image/jpeg' AND media_length / 1024 = 2 AND created_ts = 1710000000000 AND upload_name ILIKE '%.JPG' AND user_id = '@bob:hs.example'
  AND quarantined_by = '@admin:hs.example' AND url_cache = 'https://x.example' AND last_access_ts - created_ts = 100 AND safe_from_quarantine), 'media as written');
UPDATE local_media_repository SET media_type = NULL, media_length = NULL, created_ts = NULL, upload_name = NULL, user_id = NULL, quarantined_by = NULL, url_cache = NULL, last_access_ts = NULL, safe_from_quarantine = false WHERE media_id = 'newmedia';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(media_id), pg_temp.t(media_type), pg_temp.t(media_length), pg_temp.t(created_ts), pg_temp.t(upload_name), pg_temp.t(user_id), pg_temp.t(last_access_ts), pg_temp.t(safe_from_quarantine))
  FROM local_media_repository WHERE media_id = 'media1'), 'text,text,integer,bigint,text,text,bigint,boolean'), 'media types');
SELECT media_id, media_type, media_length, created_ts, upload_name, user_id, quarantined_by, url_cache, last_access_ts, safe_from_quarantine FROM local_media_repository WHERE media_id = 'media2' OR user_id = '@user3:hs.example';
SELECT pg_temp.refused($$INSERT INTO local_media_repository (media_id) VALUES ('media1')$$, '23505');
DELETE FROM local_media_repository WHERE media_id = 'media3';
PREPARE set_profile(text, text, text, text) AS INSERT INTO profiles (user_id, full_user_id, displayname, avatar_url) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET full_user_id = excluded.full_user_id, displayname = excluded.displayname, avatar_url = excluded.avatar_url;
EXECUTE set_profile('bob', '@bob:hs.example', 'Bob', 'mxc://hs.example/bob');
EXECUTE set_profile('user1', '@user1:hs.example', 'User One', NULL);
INSERT INTO profiles (user_id, full_user_id) VALUES ('user2', '@user2:hs.example') ON CONFLICT ON CONSTRAINT profiles_user_id_key DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT user_id, full_user_id, displayname, avatar_url FROM profiles WHERE user_id = 'bob' AND full_user_id = '@bob:hs.example' AND displayname = 'Bob' AND avatar_url = 'mxc://hs.example/bob' AND lower(displayname) = 'bob'), 'profile as written');
UPDATE profiles SET displayname = NULL, avatar_url = NULL, full_user_id = '@bob:hs.example' WHERE user_id = 'bob';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(user_id), pg_temp.t(displayname), pg_temp.t(avatar_url)) FROM profiles WHERE user_id = 'user3'), 'text,text,text') AND pg_temp.same((SELECT pg_temp.t(full_user_id) FROM profiles WHERE user_id = 'user16'), 'text'), 'profile types');
SELECT user_id, full_user_id, displayname, avatar_url FROM profiles WHERE user_id = 'user4' OR full_user_id = '@user17:hs.example';
SELECT pg_temp.refused($$INSERT INTO profiles (user_id, full_user_id) VALUES ('user2', '@user2:hs.example')$$, '23505');
DELETE FROM profiles WHERE user_id = 'user5';
PREPARE schedule(text, text, text, bigint, text, text) AS INSERT INTO scheduled_tasks (id, action, status, timestamp, resource_id, params) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE schedule('newtask', 'shutdown_room', 'scheduled', 1710000000000, '!new:hs.example', '{"requester": "@admin:hs.example"}');
INSERT INTO scheduled_tasks (id, action, status, timestamp) VALUES ('task1', 'x', 'x', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO scheduled_tasks (id, action, status, timestamp) VALUES ('task1', 'x', 'x', 1) ON CONFLICT ON CONSTRAINT scheduled_tasks_pkey DO NOTHING;
UPDATE scheduled_tasks SET status = 'complete', result = '{"ok": true}', error = 'none', timestamp = 1710000000500 WHERE id = 'newtask';
SELECT pg_temp.check(EXISTS (SELECT id, action, status, timestamp, resource_id, params, result, error FROM scheduled_tasks WHERE id = 'newtask' AND action = 'shutdown_room' AND status = 'complete'
  AND timestamp - 500 = 1710000000000 AND resource_id = '!new:hs.example' AND params::json->>'requester' = '@admin:hs.example' AND (result::json->>'ok')::bool AND error = 'none'), 'task as written');
UPDATE scheduled_tasks SET resource_id = NULL, params = NULL, result = NULL, error = NULL, action = 'purge_room' WHERE id = 'newtask';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(action), pg_temp.t(status), pg_temp.t(timestamp)) FROM scheduled_tasks WHERE id = 'task1'), 'text,text,text,bigint'), 'task types');
SELECT id, action, status, timestamp, resource_id, params, result, error FROM scheduled_tasks WHERE status = 'scheduled' AND timestamp < 1800000000000 OR id = 'task2' OR action = 'purge_room' ORDER BY timestamp;
SELECT pg_temp.refused($$INSERT INTO scheduled_tasks (id, action, status, timestamp) VALUES ('task1', 'x', 'x', 1)$$, '23505');
DELETE FROM scheduled_tasks WHERE id = 'task4';
PREPARE set_destination(text, bigint, integer, bigint) AS INSERT INTO destinations (destination, retry_last_ts, retry_interval, failure_ts) VALUES ($1, $2, $3, $4)
  ON CONFLICT (destination) DO UPDATE SET retry_last_ts = excluded.retry_last_ts, retry_interval = excluded.retry_interval, failure_ts = excluded.failure_ts;
EXECUTE set_destination('new.example', 1710000000000, 600000, 1710000000000);
EXECUTE set_destination('remote1.example', 0, 0, NULL);
INSERT INTO destinations (destination) VALUES ('remote2.example') ON CONFLICT ON CONSTRAINT destinations_pkey DO NOTHING;
UPDATE destinations SET last_successful_stream_ordering = 600 WHERE destination = 'new.example';
SELECT pg_temp.check(EXISTS (SELECT destination, retry_last_ts, retry_interval, failure_ts, last_successful_stream_ordering FROM destinations WHERE destination = 'new.example'
  AND retry_last_ts + retry_interval = 1710000600000 AND failure_ts = 1710000000000 AND last_successful_stream_ordering = 600), 'destination as written');
UPDATE destinations SET retry_last_ts = NULL, retry_interval = NULL, failure_ts = NULL, last_successful_stream_ordering = NULL WHERE destination = 'new.example';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(destination), pg_temp.t(retry_last_ts), pg_temp.t(retry_interval)) FROM destinations WHERE destination = 'remote3.example'), 'text,bigint,integer'), 'destination types');
SELECT destination, retry_last_ts, retry_interval, failure_ts, last_successful_stream_ordering FROM destinations WHERE destination = 'remote4.example';
SELECT pg_temp.refused($$INSERT INTO destinations (destination) VALUES ('remote2.example')$$, '23505');
DELETE FROM destinations WHERE destination = 'remote5.example';
-- Boundary writes (rule B).
INSERT INTO e2e_cross_signing_keys (user_id, keytype, keydata, stream_id) VALUES ('', '', '', 0), ('@BOB:hs.example', 'MASTER', '{}', -1), ('@BOB:hs.example', 'MASTER', '{}', -2);
INSERT INTO local_media_repository (media_id, media_type, media_length, created_ts, upload_name, user_id, quarantined_by, url_cache, last_access_ts) VALUES ('', '', 0, 0, '', '', '', '', 0),
  ('NEWMEDIA', 'IMAGE/JPEG', -1, -1, 'dog.jpg', '@nobody:hs.example', NULL, NULL, -1),
  ('newmedia2', 'IMAGE/JPEG', -1, -1, 'dog.jpg', '@nobody:hs.example', NULL, NULL, -1);
INSERT INTO profiles (user_id, full_user_id, displayname, avatar_url) VALUES ('', '', '', ''), ('BOB', '@bob:hs.example', 'Bob', 'mxc://hs.example/bob'), ('bob2', '@bob:hs.example', 'Bob', 'mxc://hs.example/bob');
INSERT INTO scheduled_tasks (id, action, status, timestamp, resource_id, params, result, error) VALUES ('', '', '', 0, '', '', '', ''), ('NEWTASK', 'purge_room', 'COMPLETE', -1, NULL, NULL, NULL, NULL), ('newtask2', 'purge_room', 'COMPLETE', -1, NULL, NULL, NULL, NULL);
INSERT INTO destinations (destination, retry_last_ts, retry_interval, failure_ts, last_successful_stream_ordering) VALUES ('', 0, 0, 0, 0), ('NEW.EXAMPLE', -1, -1, -1, -1), ('new2.example', -1, -1, -1, -1);
