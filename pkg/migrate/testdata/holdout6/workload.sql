-- The serving versions' ordinary statements (Lemmy before each of its migrations, Windmill
-- before each of its own), one statement group per "-- step", each run as {{role}} in a
-- transaction rolled back after it, against the OLD schema. This is the fixed catalogue of
-- HOLDOUT.md (written before the migration cases), for every table, view, function, type and
-- sequence the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (jsonb
--     operators on jsonb, text functions, arithmetic, comparisons with parameters of the
--     column's declared type). Every read must not fail, and its columns' types are asserted
--     (pg_temp.same, rule T of RELABEL.md: widening within a type family is the same type, so
--     int2 -> int4 -> int8, varchar(n) -> varchar(m>n) -> varchar -> text and numeric(p,s) ->
--     numeric(p'>p,s) pass, while a narrowing or any other type change is a change of form).
--     VALUES are asserted only on rows the step itself writes after the migration (rule D of
--     RELABEL.md: data is not a break); the rows data.sql wrote are read, every column by name,
--     in plain SELECTs whose answers are not asserted, since rows the migration changed, added
--     or deleted with values the serving version itself writes are states its own statements
--     can produce;
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their defaults,
--     parameters bound as the columns' OLD declared types (PREPARE with declared types: the
--     "typed" inserts), ids from the serial sequences as the apps take them. The value a default
--     gives is NOT asserted (relabel 3, point 1, as the project's measured corpus does): a
--     changed default is no break unless one of these statements then fails; an insert that
--     leaves out a column whose default was dropped fails with 23502, measured, not asserted;
--  3. updates of each column (nullable ones also set to NULL, as the ORMs' Option/None write
--     them), deletes by key, and deletes of parent rows asserting their ON DELETE effect; and
--     boundary writes (rule B of RELABEL2.md), one block at the end of each step: the serving
--     version may write any value its OLD schema accepts, so on rows the step writes, for the
--     columns it writes, an empty string where no CHECK forbids it, 0 and a negative number,
--     an id of a row that does not exist where no foreign key checks it, an upper-case or odd
--     value, and a second row duplicating another's values where no unique constraint or index
--     covers them; never a write the old schema refuses;
--  4. INSERT … ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary-key constraint/index (23505) and each
--     foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the ON
--     DELETE effects of item 3. Not CHECK, NOT NULL or domain constraints (relabel 3, point 2,
--     as the project's measured corpus does): the serving version writes only values the old
--     schema accepts, so it never relies on those refusing, and dropping or loosening one is no
--     break unless one of these statements then fails. A varchar's length and an enum's values
--     are not among the refusals either (widening one, or adding a value, is no break);
--  6. sequences: the next insert after the migration only. Catalogue item 6 of HOLDOUT.md (an
--     insert in flight across the migration: nextval taken before it, the row inserted after)
--     is NOT covered by this harness: holdMeasure runs each step in a transaction of its own
--     after the statement and keeps no session across it (see holdout6_test.go);
--  7. calls of the functions and views the old schema defines, as the apps call them.
-- step lemmy: instances and languages
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_instance(varchar) AS INSERT INTO instance (domain) VALUES ($1) ON CONFLICT (domain) DO UPDATE SET domain = excluded.domain RETURNING id;
EXECUTE add_instance('new.example');
EXECUTE add_instance('lemmy.example');
INSERT INTO instance (domain) VALUES ('remote.example') ON CONFLICT ON CONSTRAINT instance_domain_key DO NOTHING;
INSERT INTO instance (id, domain) VALUES (1, 'x.example') ON CONFLICT (id) DO NOTHING;
INSERT INTO instance (id, domain) VALUES (1, 'x.example') ON CONFLICT ON CONSTRAINT instance_pkey DO NOTHING;
UPDATE instance SET domain = 'other2.example', published = now() WHERE id = 3;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(domain), pg_temp.t(published)) FROM instance WHERE id = 1), 'integer,instance_domain,timestamp without time zone'), 'instance types');
SELECT EXISTS (SELECT id, domain, published FROM instance WHERE domain = 'lemmy.example' AND id = 1 AND published < now() + interval '1 day');
SELECT (SELECT count(*) FROM instance WHERE lower(domain) LIKE '%.example') = 4;
SELECT pg_temp.refused($$INSERT INTO instance (domain) VALUES ('lemmy.example')$$, '23505');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(code), pg_temp.t(name)) FROM language WHERE id = 37), 'integer,text,text'), 'language types');
SELECT EXISTS (SELECT id, code, name FROM language WHERE id = 37 AND code = 'en' AND name = 'English');
INSERT INTO language (code, name) VALUES ('eo', 'Esperanto') ON CONFLICT (id) DO NOTHING;
INSERT INTO language (code, name) VALUES ('ia', 'Interlingua') ON CONFLICT ON CONSTRAINT language_pkey DO NOTHING;
UPDATE language SET code = 'enx', name = 'English (x)' WHERE id = 37;
DELETE FROM instance WHERE id = 3;
DELETE FROM instance WHERE id = 2;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM person WHERE instance_id = 2) AND NOT EXISTS (SELECT 1 FROM site WHERE instance_id = 2), 'instance delete cascades');
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO instance (domain) VALUES (''), ('Upper.EXAMPLE');
INSERT INTO language (code, name) VALUES ('', ''), ('EN', 'English'), ('EN', 'English');
-- step lemmy: people, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_person(varchar, varchar, varchar, varchar, int, boolean) AS INSERT INTO person (name, display_name, actor_id, inbox_url, instance_id, bot_account, local)
  VALUES ($1, $2, $3, $4, $5, $6, false) ON CONFLICT (actor_id) DO UPDATE SET display_name = excluded.display_name RETURNING id;
EXECUTE add_person('user3', 'Third of other', 'https://other.example/u/user3', 'https://other.example/u/user3/inbox', 3, false);
EXECUTE add_person('user4', 'Four again', 'https://lemmy.example/u/user4', 'https://lemmy.example/u/user4/inbox', 1, false);
INSERT INTO person (name, inbox_url, instance_id) VALUES ('localnew', 'https://lemmy.example/u/localnew/inbox', 1);
INSERT INTO person (name, actor_id, inbox_url, instance_id) VALUES ('user6', 'https://lemmy.example/u/user6', 'https://x/inbox6', 1) ON CONFLICT ON CONSTRAINT person_actor_id_key DO NOTHING;
INSERT INTO person (name, actor_id, inbox_url, instance_id) VALUES ('user7', 'https://x/u/user7', 'https://lemmy.example/u/user7/inbox', 1) ON CONFLICT (inbox_url) DO NOTHING;
INSERT INTO person (name, actor_id, inbox_url, instance_id) VALUES ('user8', 'https://x/u/user8', 'https://lemmy.example/u/user8/inbox', 1) ON CONFLICT ON CONSTRAINT idx_person_inbox_url DO NOTHING;
INSERT INTO person (id, name, inbox_url, instance_id) VALUES (1, 'x', 'https://x/inbox1', 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO person (id, name, inbox_url, instance_id) VALUES (1, 'x', 'https://x/inbox1', 1) ON CONFLICT ON CONSTRAINT person_pkey DO NOTHING;
UPDATE person SET name = 'user9b', display_name = NULL, avatar = NULL, bio = NULL, banned = true, published = '2023-05-05 05:05:05', actor_id = 'https://lemmy.example/u/user9b',
  local = true, inbox_url = 'https://lemmy.example/u/user9b/inbox', bot_account = true, admin = false, instance_id = 1 WHERE id = 9;
UPDATE person SET display_name = 'Ten', avatar = 'https://lemmy.example/pictrs/image/ten.png', bio = 'I am ten' WHERE id = 10;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(display_name), pg_temp.t(avatar), pg_temp.t(banned), pg_temp.t(published), pg_temp.t(actor_id), pg_temp.t(bio),
  pg_temp.t(local), pg_temp.t(inbox_url), pg_temp.t(bot_account), pg_temp.t(admin), pg_temp.t(instance_id)) FROM person WHERE id = 1), 'integer,text,text,text,boolean,timestamp without time zone,text,text,boolean,text,boolean,boolean,integer'), 'person types');
SELECT EXISTS (SELECT id, name, display_name, avatar, banned, published, actor_id, bio, local, inbox_url, bot_account, admin, instance_id FROM person
  WHERE id = 1 AND name = 'user1' AND display_name = 'User 1' AND avatar IS NULL AND NOT banned AND published = '2023-01-01 01:00:00' AND actor_id = 'https://lemmy.example/u/user1'
  AND bio IS NULL AND local AND inbox_url = 'https://lemmy.example/u/user1/inbox' AND NOT bot_account AND admin AND instance_id = 1);
SELECT (SELECT count(*) FROM person WHERE admin) = 1 AND (SELECT count(*) FROM person WHERE name = 'user2') = 2 AND (SELECT count(*) FROM person WHERE instance_id = 1) >= 30;
SELECT EXISTS (SELECT id FROM person WHERE actor_id = 'https://remote.example/u/user2' AND inbox_url = 'https://remote.example/u/user2/inbox' AND bot_account = false);
SELECT (SELECT count(*) FROM person WHERE name ILIKE 'user1%' AND length(display_name) > 5 AND published > '2023-01-01 00:00:00'::timestamp) = 10;
SELECT EXISTS (SELECT id, name, display_name, avatar, actor_id, local, bot_account FROM person_alias_1 WHERE id = 5 AND bot_account AND name = 'user5');
SELECT pg_temp.refused($$INSERT INTO person (name, actor_id, inbox_url, instance_id) VALUES ('dup', 'https://lemmy.example/u/user1', 'https://x/i', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO person (name, inbox_url, instance_id) VALUES ('dup', 'https://lemmy.example/u/user1/inbox', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO person (name, inbox_url, instance_id) VALUES ('x', 'https://x/i', 99)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO person (id, name, inbox_url, instance_id) VALUES (1, 'x', 'https://x/i', 1)$$, '23505');
DELETE FROM person WHERE id = 29;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM local_user WHERE person_id = 29) AND NOT EXISTS (SELECT 1 FROM post WHERE creator_id = 29) AND NOT EXISTS (SELECT 1 FROM comment WHERE creator_id = 29), 'person delete cascades');
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO person (name, display_name, avatar, bio, actor_id, inbox_url, instance_id) VALUES ('', '', '', '', '', '', 1),
  ('User3', 'USER 3', 'X', 'X', 'HTTPS://LEMMY.EXAMPLE/U/USER3', 'HTTPS://LEMMY.EXAMPLE/U/USER3/INBOX', 1),
  ('user3', 'User 3', NULL, NULL, 'https://lemmy.example/u/user3-again', 'https://lemmy.example/u/user3-again/inbox', 1);
-- step lemmy: communities, moderators and bans
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_community(varchar, varchar, text, varchar, varchar, varchar, int) AS INSERT INTO community (name, title, description, actor_id, followers_url, inbox_url, instance_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (actor_id) DO UPDATE SET title = excluded.title RETURNING id;
EXECUTE add_community('newcomm', 'A new community', 'A long sidebar for the new community: ' || repeat('rules and links. ', 20), 'https://lemmy.example/c/newcomm',
  'https://lemmy.example/c/newcomm/followers', 'https://lemmy.example/c/newcomm/inbox', 1);
INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('comm1', 'x', 'https://x/c/1', 'https://x/f', 'https://x/i', 1) ON CONFLICT (name) DO NOTHING;
INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('comm1', 'x', 'https://x/c/1', 'https://x/f', 'https://x/i', 1) ON CONFLICT ON CONSTRAINT community_name_key DO NOTHING;
INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('cx', 'x', 'https://lemmy.example/c/comm1', 'https://x/f', 'https://x/i', 1) ON CONFLICT ON CONSTRAINT community_actor_id_key DO NOTHING;
INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('cy', 'x', 'https://x/c/y', 'https://x/f', 'https://lemmy.example/c/comm1/inbox', 1) ON CONFLICT (inbox_url) DO NOTHING;
INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('cy', 'x', 'https://x/c/y', 'https://x/f', 'https://lemmy.example/c/comm1/inbox', 1) ON CONFLICT ON CONSTRAINT idx_community_inbox_url DO NOTHING;
INSERT INTO community (id, name, title, actor_id, followers_url, inbox_url, instance_id) VALUES (1, 'cz', 'x', 'https://x/c/z', 'https://x/f', 'https://x/iz', 1) ON CONFLICT ON CONSTRAINT community_pkey DO NOTHING;
UPDATE community SET name = 'comm2b', title = 'Community two b', description = NULL, removed = true, published = '2023-06-01 00:00:00', deleted = true, nsfw = true,
  actor_id = 'https://lemmy.example/c/comm2b', local = true, followers_url = 'https://lemmy.example/c/comm2b/followers', inbox_url = 'https://lemmy.example/c/comm2b/inbox',
  hidden = NULL, posting_restricted_to_mods = NULL, instance_id = 1 WHERE id = 2;
UPDATE community SET hidden = true, posting_restricted_to_mods = true WHERE id = 3;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(title), pg_temp.t(description), pg_temp.t(removed), pg_temp.t(published), pg_temp.t(deleted), pg_temp.t(nsfw),
  pg_temp.t(actor_id), pg_temp.t(local), pg_temp.t(followers_url), pg_temp.t(inbox_url), pg_temp.t(hidden), pg_temp.t(posting_restricted_to_mods), pg_temp.t(instance_id)) FROM community WHERE id = 1), 'integer,text,text,text,boolean,timestamp without time zone,boolean,boolean,text,boolean,text,text,boolean,boolean,integer'), 'community types');
SELECT EXISTS (SELECT id, name, title, description, removed, published, deleted, nsfw, actor_id, local, followers_url, inbox_url, hidden, posting_restricted_to_mods, instance_id
  FROM community WHERE id = 1 AND name = 'comm1' AND title = 'Community 1' AND description = 'About community 1' AND NOT removed AND published = '2023-01-02 00:00:00' AND NOT deleted AND NOT nsfw
  AND actor_id = 'https://lemmy.example/c/comm1' AND local AND followers_url = 'https://lemmy.example/c/comm1/followers' AND inbox_url = 'https://lemmy.example/c/comm1/inbox'
  AND hidden = false AND posting_restricted_to_mods = false AND instance_id = 1);
SELECT (SELECT count(*) FROM community WHERE title ILIKE '%unity 1%' AND upper(name) LIKE 'COMM%' AND hidden IS NOT TRUE) = 2;
SELECT pg_temp.refused($$INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('comm1', 'x', 'https://x/c/q', 'https://x/f', 'https://x/iq', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('cq', 'x', 'https://lemmy.example/c/comm1', 'https://x/f', 'https://x/iq', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('cq', 'x', 'https://x/c/q', 'https://x/f', 'https://lemmy.example/c/comm1/inbox', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO community (name, title, actor_id, followers_url, inbox_url, instance_id) VALUES ('cq', 'x', 'https://x/c/q', 'https://x/f', 'https://x/iq', 99)$$, '23503');
INSERT INTO community_moderator (community_id, person_id) VALUES (1, 2) ON CONFLICT (community_id, person_id) DO NOTHING;
INSERT INTO community_moderator (community_id, person_id) VALUES (1, 1) ON CONFLICT ON CONSTRAINT community_moderator_community_id_person_id_key DO NOTHING;
INSERT INTO community_moderator (id, community_id, person_id) VALUES (1, 1, 1) ON CONFLICT ON CONSTRAINT community_moderator_pkey DO NOTHING;
UPDATE community_moderator SET community_id = 4, person_id = 5, published = '2023-02-02 10:00:00' WHERE id = 4;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(community_id), pg_temp.t(person_id), pg_temp.t(published)) FROM community_moderator WHERE id = 1), 'integer,integer,integer,timestamp without time zone'), 'moderator types');
SELECT EXISTS (SELECT id, community_id, person_id, published FROM community_moderator WHERE community_id = 1 AND person_id = 1 AND published = '2023-02-01 10:00:00'
  AND published < '2023-02-02 00:00:00'::timestamp AND date_trunc('day', published) = '2023-02-01'::timestamp);
SELECT pg_temp.refused($$INSERT INTO community_moderator (community_id, person_id) VALUES (1, 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO community_moderator (community_id, person_id) VALUES (99, 1)$$, '23503');
INSERT INTO community_person_ban (community_id, person_id) VALUES (2, 21) ON CONFLICT (community_id, person_id) DO NOTHING;
INSERT INTO community_person_ban (community_id, person_id) VALUES (1, 20) ON CONFLICT ON CONSTRAINT community_person_ban_community_id_person_id_key DO NOTHING;
INSERT INTO community_person_ban (id, community_id, person_id) VALUES (1, 1, 20) ON CONFLICT ON CONSTRAINT community_person_ban_pkey DO NOTHING;
UPDATE community_person_ban SET published = now(), community_id = 1, person_id = 20 WHERE id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(community_id), pg_temp.t(person_id), pg_temp.t(published)) FROM community_person_ban WHERE id = 1), 'integer,integer,integer,timestamp without time zone'), 'ban types');
SELECT pg_temp.check(EXISTS (SELECT id, community_id, person_id, published FROM community_person_ban WHERE community_id = 1 AND person_id = 20), 'ban 1');
SELECT pg_temp.refused($$INSERT INTO community_person_ban (community_id, person_id) VALUES (1, 20)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO community_person_ban (community_id, person_id) VALUES (1, 99)$$, '23503');
DELETE FROM community_moderator WHERE id = 10;
DELETE FROM community_person_ban WHERE id = 1;
DELETE FROM community WHERE id = 10;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM post WHERE community_id = 10) AND NOT EXISTS (SELECT 1 FROM community_moderator WHERE community_id = 10), 'community delete cascades');
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO community (name, title, description, actor_id, followers_url, inbox_url, instance_id) VALUES ('', '', '', '', '', '', 1),
  ('COMM1', 'Community 1', 'About community 1', 'https://lemmy.example/c/COMM1', 'https://lemmy.example/c/comm1/followers', 'https://lemmy.example/c/COMM1/inbox', 1);
-- step lemmy: posts, typed, and their aggregates
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_post(varchar, varchar, text, int, int, varchar) AS INSERT INTO post (name, url, body, creator_id, community_id, ap_id) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (ap_id) DO UPDATE SET name = excluded.name RETURNING id;
EXECUTE add_post('A new post', 'https://example.com/' || repeat('long/', 90), 'body', 1, 1, 'https://lemmy.example/post/new');
EXECUTE add_post('Post 1 renamed', NULL, NULL, 2, 2, 'https://lemmy.example/post/1');
INSERT INTO post (name, creator_id, community_id) VALUES ('Local post, ap_id from its default', 3, 3);
INSERT INTO post (name, url, creator_id, community_id) VALUES ('An old client posting no link', '', 3, 3);
INSERT INTO post (name, creator_id, community_id, ap_id) VALUES ('x', 1, 1, 'https://lemmy.example/post/2') ON CONFLICT ON CONSTRAINT post_ap_id_key DO NOTHING;
INSERT INTO post (id, name, creator_id, community_id) VALUES (1, 'x', 1, 1) ON CONFLICT (id) DO NOTHING;
INSERT INTO post (id, name, creator_id, community_id) VALUES (1, 'x', 1, 1) ON CONFLICT ON CONSTRAINT post_pkey DO NOTHING;
UPDATE post SET name = 'Post 3 edited', url = NULL, body = NULL, creator_id = 4, community_id = 4, removed = true, locked = true, published = '2023-05-01 00:00:00',
  updated = NULL, deleted = true, nsfw = true, ap_id = 'https://lemmy.example/post/3b', local = true, featured_community = true, featured_local = true WHERE id = 3;
UPDATE post SET url = 'https://example.com/a', body = 'edited', updated = now() WHERE id = 4;
UPDATE post_aggregates SET featured_community = true, featured_local = true WHERE post_id = 3;
UPDATE post_aggregates SET comments = comments + 1, score = score + 1, newest_comment_time = now(), newest_comment_time_necro = now(), scaled_rank = 1.25,
  published = '2023-04-01 00:03:00', community_id = 4, creator_id = 4, instance_id = 1 WHERE post_id = 3;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(url), pg_temp.t(body), pg_temp.t(creator_id), pg_temp.t(community_id), pg_temp.t(removed), pg_temp.t(locked),
  pg_temp.t(published), pg_temp.t(updated), pg_temp.t(deleted), pg_temp.t(nsfw), pg_temp.t(ap_id), pg_temp.t(local), pg_temp.t(featured_community), pg_temp.t(featured_local)) FROM post WHERE id = 1), 'integer,text,text,text,integer,integer,boolean,boolean,timestamp without time zone,timestamp without time zone,boolean,boolean,text,boolean,boolean,boolean'), 'post types');
SELECT EXISTS (SELECT id, name, url, body, creator_id, community_id, removed, locked, published, updated, deleted, nsfw, ap_id, local, featured_community, featured_local
  FROM post WHERE id = 6 AND name = 'Post 6' AND url = 'https://example.com/article/6' AND body = 'Body of post 6' AND creator_id = 7 AND community_id = 7 AND NOT removed AND NOT locked
  AND published = '2023-04-01 00:06:00' AND updated IS NULL AND NOT deleted AND NOT nsfw AND ap_id = 'https://lemmy.example/post/6' AND local AND NOT featured_community AND NOT featured_local);
SELECT url FROM post WHERE id = 7 AND url = '';
SELECT pg_temp.check((SELECT url FROM post WHERE name = 'An old client posting no link') = '', 'a post written without a link keeps its empty url');
SELECT (SELECT count(*) FROM post WHERE url = 'https://example.com/article/9') = 1 AND (SELECT count(*) FROM post WHERE creator_id = 7) >= 6
  AND (SELECT count(*) FROM post WHERE community_id = 7) >= 20 AND EXISTS (SELECT 1 FROM post WHERE ap_id = 'https://lemmy.example/post/8');
SELECT (SELECT count(*) FROM post WHERE name ILIKE '%post 1%' AND length(body) > 3 AND published >= '2023-04-01 00:00:00'::timestamp AND position('example' in coalesce(url, 'example')) > 0) >= 100;
SELECT pg_temp.check(EXISTS (SELECT id, ap_id FROM post WHERE name = 'Local post, ap_id from its default'), 'a local post inserted without ap_id');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(post_id), pg_temp.t(comments), pg_temp.t(score), pg_temp.t(published), pg_temp.t(newest_comment_time), pg_temp.t(newest_comment_time_necro),
  pg_temp.t(featured_community), pg_temp.t(featured_local), pg_temp.t(scaled_rank), pg_temp.t(community_id), pg_temp.t(creator_id), pg_temp.t(instance_id)) FROM post_aggregates WHERE post_id = 1), 'integer,integer,bigint,bigint,timestamp without time zone,timestamp without time zone,timestamp without time zone,boolean,boolean,numeric,integer,integer,integer'), 'post_aggregates types');
SELECT pg_temp.check(EXISTS (SELECT id, post_id, comments, score, published, newest_comment_time, newest_comment_time_necro, featured_community, featured_local, scaled_rank, community_id, creator_id, instance_id
  FROM post_aggregates WHERE post_id = (SELECT id FROM post WHERE ap_id = 'https://lemmy.example/post/new') AND community_id = 1 AND creator_id = 1 AND instance_id = 1), 'a new post gets its aggregates');
SELECT pg_temp.check((SELECT scaled_rank * 2 + comments - comments FROM post_aggregates WHERE post_id = 3) = 2.50 AND (SELECT featured_community FROM post_aggregates WHERE post_id = 3), 'aggregates arithmetic');
INSERT INTO post_aggregates (post_id, community_id, creator_id, instance_id) VALUES (1, 1, 1, 1) ON CONFLICT (post_id) DO NOTHING;
INSERT INTO post_aggregates (post_id, community_id, creator_id, instance_id) VALUES (1, 1, 1, 1) ON CONFLICT ON CONSTRAINT post_aggregates_post_id_key DO NOTHING;
INSERT INTO post_aggregates (id, post_id, community_id, creator_id, instance_id) VALUES (1, 1, 1, 1, 1) ON CONFLICT ON CONSTRAINT post_aggregates_pkey DO NOTHING;
SELECT pg_temp.refused($$INSERT INTO post (name, creator_id, community_id, ap_id) VALUES ('x', 1, 1, 'https://lemmy.example/post/9')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO post (name, creator_id, community_id) VALUES ('x', 99, 1)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO post (name, creator_id, community_id) VALUES ('x', 1, 99)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO post_aggregates (post_id, community_id, creator_id, instance_id) VALUES (1, 1, 1, 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO post_aggregates (post_id, community_id, creator_id, instance_id) VALUES (9999, 1, 1, 1)$$, '23503');
DELETE FROM post WHERE id = 15;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM comment WHERE post_id = 15) AND NOT EXISTS (SELECT 1 FROM post_aggregates WHERE post_id = 15), 'post delete cascades');
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO post (name, url, body, creator_id, community_id, ap_id) VALUES ('', '', '', 1, 1, ''),
  ('Post 6', 'https://example.com/article/6', 'Body of post 6', 7, 7, 'https://lemmy.example/post/6-again'),
  ('POST 6', 'HTTPS://EXAMPLE.COM/ARTICLE/6', 'BODY', 7, 7, 'HTTPS://LEMMY.EXAMPLE/POST/6');
UPDATE post_aggregates SET comments = 0, score = -1, scaled_rank = -1.50, community_id = 0, creator_id = -1, instance_id = 99999 WHERE post_id = 5;
UPDATE post_aggregates SET comments = -1, score = 0, scaled_rank = 0, community_id = 7, creator_id = 7, instance_id = 1 WHERE post_id = 6;
-- step lemmy: comments, saved posts and comments
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_comment(int, int, text, varchar) AS INSERT INTO comment (creator_id, post_id, content, ap_id) VALUES ($1, $2, $3, $4) ON CONFLICT (ap_id) DO UPDATE SET content = excluded.content RETURNING id;
EXECUTE add_comment(1, 1, 'A new comment', 'https://lemmy.example/comment/new');
INSERT INTO comment (creator_id, post_id, content) VALUES (2, 2, 'A local comment, ap_id from its default');
INSERT INTO comment (creator_id, post_id, content, ap_id) VALUES (2, 2, 'x', 'https://lemmy.example/comment/1') ON CONFLICT ON CONSTRAINT comment_ap_id_key DO NOTHING;
INSERT INTO comment (id, creator_id, post_id, content) VALUES (1, 2, 2, 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO comment (id, creator_id, post_id, content) VALUES (1, 2, 2, 'x') ON CONFLICT ON CONSTRAINT comment_pkey DO NOTHING;
UPDATE comment SET creator_id = 3, post_id = 3, content = 'edited', removed = true, published = '2023-05-01 00:00:00', updated = NULL, deleted = true,
  ap_id = 'https://lemmy.example/comment/3b', local = true, distinguished = true WHERE id = 3;
UPDATE comment SET updated = now(), content = content || ' (edit)' WHERE id = 4;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(creator_id), pg_temp.t(post_id), pg_temp.t(content), pg_temp.t(removed), pg_temp.t(published), pg_temp.t(updated),
  pg_temp.t(deleted), pg_temp.t(ap_id), pg_temp.t(local), pg_temp.t(distinguished)) FROM comment WHERE id = 1), 'integer,integer,integer,text,boolean,timestamp without time zone,timestamp without time zone,boolean,text,boolean,boolean'), 'comment types');
SELECT EXISTS (SELECT id, creator_id, post_id, content, removed, published, updated, deleted, ap_id, local, distinguished FROM comment
  WHERE id = 10 AND creator_id = 11 AND post_id = 11 AND content = 'Comment number 10' AND NOT removed AND published = '2023-04-02 00:10:00' AND updated IS NULL AND NOT deleted
  AND ap_id = 'https://lemmy.example/comment/10' AND local AND NOT distinguished);
SELECT (SELECT count(*) FROM comment WHERE content ILIKE '%number 1_' AND post_id > 0 AND length(content) = 17) = 10 AND EXISTS (SELECT 1 FROM comment WHERE ap_id = 'https://lemmy.example/comment/20');
SELECT pg_temp.refused($$INSERT INTO comment (creator_id, post_id, content, ap_id) VALUES (1, 1, 'x', 'https://lemmy.example/comment/1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO comment (creator_id, post_id, content) VALUES (1, 9999, 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO comment (creator_id, post_id, content) VALUES (99, 1, 'x')$$, '23503');
INSERT INTO post_saved (post_id, person_id) VALUES (100, 3) ON CONFLICT (post_id, person_id) DO NOTHING;
INSERT INTO post_saved (post_id, person_id) VALUES (2, 2) ON CONFLICT ON CONSTRAINT post_saved_post_id_person_id_key DO NOTHING;
INSERT INTO post_saved (id, post_id, person_id) VALUES (1, 2, 2) ON CONFLICT ON CONSTRAINT post_saved_pkey DO NOTHING;
UPDATE post_saved SET published = now(), post_id = 101, person_id = 4 WHERE id = 5;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(post_id), pg_temp.t(person_id), pg_temp.t(published)) FROM post_saved WHERE id = 1), 'integer,integer,integer,timestamp without time zone'), 'post_saved types');
SELECT (SELECT count(*) FROM post_saved WHERE person_id = 2) = 2 AND EXISTS (SELECT id, post_id, person_id, published FROM post_saved WHERE post_id = 2 AND person_id = 2);
SELECT pg_temp.refused($$INSERT INTO post_saved (post_id, person_id) VALUES (2, 2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO post_saved (post_id, person_id) VALUES (2, 99)$$, '23503');
INSERT INTO comment_saved (comment_id, person_id) VALUES (100, 3) ON CONFLICT (comment_id, person_id) DO NOTHING;
INSERT INTO comment_saved (comment_id, person_id) VALUES (2, 2) ON CONFLICT ON CONSTRAINT comment_saved_comment_id_person_id_key DO NOTHING;
INSERT INTO comment_saved (id, comment_id, person_id) VALUES (1, 2, 2) ON CONFLICT ON CONSTRAINT comment_saved_pkey DO NOTHING;
UPDATE comment_saved SET published = now(), comment_id = 101, person_id = 4 WHERE id = 5;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(comment_id), pg_temp.t(person_id), pg_temp.t(published)) FROM comment_saved WHERE id = 1), 'integer,integer,integer,timestamp without time zone'), 'comment_saved types');
SELECT EXISTS (SELECT id, comment_id, person_id, published FROM comment_saved WHERE comment_id = 2 AND person_id = 2);
SELECT pg_temp.refused($$INSERT INTO comment_saved (comment_id, person_id) VALUES (2, 2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO comment_saved (comment_id, person_id) VALUES (9999, 2)$$, '23503');
DELETE FROM post_saved WHERE id = 6;
DELETE FROM comment_saved WHERE id = 6;
DELETE FROM comment WHERE id = 2;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM comment_saved WHERE comment_id = 2), 'comment delete cascades to saves');
DELETE FROM post WHERE id = 16;
SELECT pg_temp.check(EXISTS (SELECT 1 FROM post_saved WHERE post_id = 16), 'a saved post can be deleted; its saves stay');
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO comment (creator_id, post_id, content, ap_id) VALUES (1, 1, '', ''), (1, 1, 'Comment number 10', 'https://lemmy.example/comment/10-again'),
  (1, 1, 'COMMENT', 'HTTPS://LEMMY.EXAMPLE/COMMENT/10');
INSERT INTO post_saved (post_id, person_id) VALUES (999999, 1), (0, 1), (-1, 1);
-- step lemmy: reports and the mod log
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE report(int, int, varchar, text, text, text) AS INSERT INTO post_report (creator_id, post_id, original_post_name, original_post_url, original_post_body, reason) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (post_id, creator_id) DO UPDATE SET reason = excluded.reason RETURNING id;
EXECUTE report(4, 20, 'Post 20', NULL, 'Body of post 20', 'off topic');
INSERT INTO post_report (creator_id, post_id, original_post_name, reason) VALUES (3, 10, 'Post 10', 'again') ON CONFLICT ON CONSTRAINT post_report_post_id_creator_id_key DO NOTHING;
INSERT INTO post_report (id, creator_id, post_id, original_post_name, reason) VALUES (1, 3, 10, 'Post 10', 'again') ON CONFLICT ON CONSTRAINT post_report_pkey DO NOTHING;
UPDATE post_report SET resolved = true, reason = 'spam!', original_post_url = NULL, original_post_body = NULL, original_post_name = 'Post 10 (as reported)', published = now(), creator_id = 3, post_id = 10 WHERE id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(creator_id), pg_temp.t(post_id), pg_temp.t(original_post_name), pg_temp.t(original_post_url), pg_temp.t(original_post_body),
  pg_temp.t(reason), pg_temp.t(resolved), pg_temp.t(published)) FROM post_report WHERE id = 1), 'integer,integer,integer,text,text,text,text,boolean,timestamp without time zone'), 'report types');
SELECT pg_temp.check(EXISTS (SELECT id, creator_id, post_id, original_post_name, original_post_url, original_post_body, reason, resolved, published FROM post_report WHERE post_id = 20 AND creator_id = 4
  AND original_post_name = 'Post 20' AND reason = 'off topic'), 'report');
SELECT pg_temp.refused($$INSERT INTO post_report (creator_id, post_id, original_post_name, reason) VALUES (3, 10, 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO post_report (creator_id, post_id, original_post_name, reason) VALUES (3, 9999, 'x', 'x')$$, '23503');
INSERT INTO mod_lock_post (mod_person_id, post_id) VALUES (1, 12);
INSERT INTO mod_lock_post (mod_person_id, post_id, locked) VALUES (1, 13, false) RETURNING id;
INSERT INTO mod_lock_post (id, mod_person_id, post_id) VALUES (1, 1, 12) ON CONFLICT (id) DO NOTHING;
INSERT INTO mod_lock_post (id, mod_person_id, post_id) VALUES (1, 1, 12) ON CONFLICT ON CONSTRAINT mod_lock_post_pkey DO NOTHING;
UPDATE mod_lock_post SET locked = NULL, when_ = now(), mod_person_id = 2, post_id = 11 WHERE id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(mod_person_id), pg_temp.t(post_id), pg_temp.t(locked), pg_temp.t(when_)) FROM mod_lock_post WHERE post_id = 12), 'integer,integer,integer,boolean,timestamp without time zone'), 'mod_lock_post types');
SELECT pg_temp.check(EXISTS (SELECT id, mod_person_id, post_id, locked, when_ FROM mod_lock_post WHERE post_id = 12 AND mod_person_id = 1), 'mod log');
SELECT pg_temp.refused($$INSERT INTO mod_lock_post (mod_person_id, post_id) VALUES (1, 9999)$$, '23503');
DELETE FROM post_report WHERE id = 1;
DELETE FROM mod_lock_post WHERE id = 1;
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO post_report (creator_id, post_id, original_post_name, original_post_url, original_post_body, reason) VALUES (5, 21, '', '', '', ''),
  (6, 21, 'POST 21', 'Post 21', 'BODY', 'spam');
INSERT INTO mod_lock_post (mod_person_id, post_id, locked) VALUES (1, 11, true), (1, 11, true);
-- step lemmy: local users, typed, their languages and settings
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_user(int, text, text, varchar, sort_type_enum, boolean) AS INSERT INTO local_user (person_id, password_encrypted, email, theme, default_sort_type, show_downvotes) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (person_id) DO UPDATE SET email = excluded.email RETURNING id;
EXECUTE add_user(31, '$2b$12$remote', NULL, 'darkly', 'TopWeek', false);
INSERT INTO local_user (person_id, password_encrypted) VALUES ((SELECT max(id) FROM person), '$2b$12$fresh') ON CONFLICT (person_id) DO NOTHING;
INSERT INTO local_user (person_id, password_encrypted, email) VALUES (1, 'x', 'x@x') ON CONFLICT ON CONSTRAINT local_user_person_id_key DO NOTHING;
INSERT INTO local_user (person_id, password_encrypted, email) VALUES (30, 'x', 'user1@lemmy.example') ON CONFLICT (email) DO NOTHING;
INSERT INTO local_user (person_id, password_encrypted, email) VALUES (30, 'x', 'user1@lemmy.example') ON CONFLICT ON CONSTRAINT local_user_email_key DO NOTHING;
INSERT INTO local_user (id, person_id, password_encrypted) VALUES (1, 30, 'x') ON CONFLICT ON CONSTRAINT local_user_pkey DO NOTHING;
UPDATE local_user SET person_id = 3, password_encrypted = 'new', email = NULL, show_nsfw = true, theme = 'litely-red', default_sort_type = 'TopAll', show_new_post_notifs = true,
  show_downvotes = false, auto_expand = true WHERE id = 3;
UPDATE local_user SET default_sort_type = 'New', theme = 'darkly-compact-2023' WHERE id = 4;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(person_id), pg_temp.t(password_encrypted), pg_temp.t(email), pg_temp.t(show_nsfw), pg_temp.t(theme), pg_temp.t(default_sort_type),
  pg_temp.t(show_new_post_notifs), pg_temp.t(show_downvotes), pg_temp.t(auto_expand)) FROM local_user WHERE id = 1), 'integer,integer,text,text,boolean,text,sort_type_enum,boolean,boolean,boolean'), 'local_user types');
SELECT EXISTS (SELECT id, person_id, password_encrypted, email, show_nsfw, theme, default_sort_type, show_new_post_notifs, show_downvotes, auto_expand FROM local_user
  WHERE id = 1 AND person_id = 1 AND password_encrypted = '$2b$12$' || md5('1') AND email = 'user1@lemmy.example' AND NOT show_nsfw AND theme = 'browser' AND default_sort_type = 'Hot'
  AND NOT show_new_post_notifs AND show_downvotes AND NOT auto_expand);
SELECT (SELECT count(*) FROM local_user WHERE default_sort_type > 'Active' AND show_downvotes = true AND lower(email) LIKE '%@lemmy.example') >= 25
  AND EXISTS (SELECT 1 FROM local_user WHERE person_id = 2) AND EXISTS (SELECT 1 FROM local_user WHERE email = 'user2@lemmy.example');
SELECT pg_temp.refused($$INSERT INTO local_user (person_id, password_encrypted) VALUES (1, 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO local_user (person_id, password_encrypted, email) VALUES (30, 'x', 'user1@lemmy.example')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO local_user (person_id, password_encrypted) VALUES (99, 'x')$$, '23503');
INSERT INTO local_user_language (local_user_id, language_id) VALUES (21, 37) ON CONFLICT (local_user_id, language_id) DO NOTHING;
INSERT INTO local_user_language (local_user_id, language_id) VALUES (1, 37) ON CONFLICT ON CONSTRAINT local_user_language_local_user_id_language_id_key DO NOTHING;
INSERT INTO local_user_language (id, local_user_id, language_id) VALUES (1, 1, 37) ON CONFLICT ON CONSTRAINT local_user_language_pkey DO NOTHING;
UPDATE local_user_language SET language_id = 38, local_user_id = 2 WHERE id = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(local_user_id), pg_temp.t(language_id)) FROM local_user_language WHERE id = 1), 'integer,integer,integer'), 'local_user_language types');
SELECT (SELECT array_agg(language_id ORDER BY language_id) FROM local_user_language WHERE local_user_id = 25) = ARRAY[12]
  AND (SELECT array_agg(language_id ORDER BY language_id) FROM local_user_language WHERE local_user_id = 5) = ARRAY[37];
SELECT pg_temp.refused($$INSERT INTO local_user_language (local_user_id, language_id) VALUES (1, 37)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO local_user_language (local_user_id, language_id) VALUES (1, 999)$$, '23503');
INSERT INTO local_user_vote_display_mode (local_user_id) VALUES (1) ON CONFLICT (local_user_id) DO NOTHING;
INSERT INTO local_user_vote_display_mode (local_user_id) VALUES (1) ON CONFLICT ON CONSTRAINT local_user_vote_display_mode_pkey DO NOTHING;
-- A row the step inserts leaving the display flags to their defaults (catalogue item 2): the insert must work; the values
-- the defaults give are not asserted (relabel 3, point 1).
DELETE FROM local_user_vote_display_mode WHERE local_user_id = 2;
INSERT INTO local_user_vote_display_mode (local_user_id) VALUES (2);
SELECT pg_temp.check(EXISTS (SELECT local_user_id, score, upvotes, downvotes, upvote_percentage FROM local_user_vote_display_mode WHERE local_user_id = 2), 'vote display row the step inserted');
UPDATE local_user_vote_display_mode SET score = false, upvotes = true, downvotes = true, upvote_percentage = true WHERE local_user_id = 2;
SELECT pg_temp.check(EXISTS (SELECT local_user_id FROM local_user_vote_display_mode WHERE local_user_id = 2 AND NOT score AND upvotes AND downvotes AND upvote_percentage), 'vote display as the step wrote it');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(local_user_id), pg_temp.t(score), pg_temp.t(upvotes), pg_temp.t(downvotes), pg_temp.t(upvote_percentage)) FROM local_user_vote_display_mode WHERE local_user_id = 1), 'integer,boolean,boolean,boolean,boolean'), 'vote display types');
SELECT EXISTS (SELECT local_user_id, score, upvotes, downvotes, upvote_percentage FROM local_user_vote_display_mode WHERE local_user_id = 1 AND score AND NOT upvotes AND NOT downvotes AND NOT upvote_percentage);
SELECT pg_temp.refused($$INSERT INTO local_user_vote_display_mode (local_user_id) VALUES (1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO local_user_vote_display_mode (local_user_id) VALUES (999)$$, '23503');
DELETE FROM local_user_language WHERE id = 3;
DELETE FROM local_user WHERE id = 28;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM local_user_language WHERE local_user_id = 28) AND NOT EXISTS (SELECT 1 FROM local_user_vote_display_mode WHERE local_user_id = 28), 'local user delete cascades');
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO person (name, inbox_url, instance_id) VALUES ('b1', 'https://lemmy.example/u/b1/inbox', 1), ('b2', 'https://lemmy.example/u/b2/inbox', 1), ('b3', 'https://lemmy.example/u/b3/inbox', 1);
INSERT INTO local_user (person_id, password_encrypted, email, theme) VALUES ((SELECT id FROM person WHERE name = 'b1'), '', '', ''),
  ((SELECT id FROM person WHERE name = 'b2'), '$2b$12$' || md5('1'), 'USER1@LEMMY.EXAMPLE', 'BROWSER'),
  ((SELECT id FROM person WHERE name = 'b3'), '$2b$12$' || md5('1'), NULL, 'browser');
-- step lemmy: password reset and image uploads
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE reset(text, int) AS INSERT INTO password_reset_request (token_encrypted, local_user_id) VALUES ($1, $2) RETURNING id;
EXECUTE reset('tok-new', 5);
INSERT INTO password_reset_request (id, token_encrypted, local_user_id) VALUES (1, 'x', 5) ON CONFLICT ON CONSTRAINT password_reset_request_pkey DO NOTHING;
UPDATE password_reset_request SET token_encrypted = 'tok-rotated', published = now(), local_user_id = 4 WHERE id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(token_encrypted), pg_temp.t(published), pg_temp.t(local_user_id)) FROM password_reset_request WHERE id = 1), 'integer,text,timestamp without time zone,integer'), 'reset types');
SELECT pg_temp.check(EXISTS (SELECT id, token_encrypted, published, local_user_id FROM password_reset_request WHERE token_encrypted = 'tok-new' AND local_user_id = 5), 'reset by token');
SELECT id FROM password_reset_request WHERE token_encrypted = 'tok-new' AND published > now() - interval '1 hour';
SELECT pg_temp.refused($$INSERT INTO password_reset_request (token_encrypted, local_user_id) VALUES ('x', 999)$$, '23503');
DELETE FROM password_reset_request WHERE token_encrypted = 'tok-new';
PREPARE upload(int, text, text) AS INSERT INTO image_upload (local_user_id, pictrs_alias, pictrs_delete_token) VALUES ($1, $2, $3) ON CONFLICT (pictrs_alias) DO NOTHING RETURNING id;
EXECUTE upload(2, 'alias2.webp', 'del2');
INSERT INTO image_upload (local_user_id, pictrs_alias, pictrs_delete_token) VALUES (2, 'alias1.png', 'x') ON CONFLICT ON CONSTRAINT image_upload_pictrs_alias_key DO NOTHING;
INSERT INTO image_upload (id, local_user_id, pictrs_alias, pictrs_delete_token) VALUES (1, 2, 'q', 'x') ON CONFLICT ON CONSTRAINT image_upload_pkey DO NOTHING;
UPDATE image_upload SET pictrs_delete_token = 'del1b', pictrs_alias = 'alias1b.png', published = now(), local_user_id = 1 WHERE id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(local_user_id), pg_temp.t(pictrs_alias), pg_temp.t(pictrs_delete_token), pg_temp.t(published)) FROM image_upload WHERE id = 1), 'integer,integer,text,text,timestamp with time zone'), 'image types');
SELECT pg_temp.check(EXISTS (SELECT id, local_user_id, pictrs_alias, pictrs_delete_token, published FROM image_upload WHERE pictrs_alias = 'alias2.webp' AND local_user_id = 2), 'image by alias');
SELECT pg_temp.refused($$INSERT INTO image_upload (local_user_id, pictrs_alias, pictrs_delete_token) VALUES (2, 'alias2.webp', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO image_upload (local_user_id, pictrs_alias, pictrs_delete_token) VALUES (999, 'q', 'x')$$, '23503');
DELETE FROM image_upload WHERE pictrs_alias = 'alias2.webp';
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO password_reset_request (token_encrypted, local_user_id) VALUES ('', 5), ('tok-again', 5), ('tok-again', 5), ('TOK-AGAIN', 5);
INSERT INTO image_upload (local_user_id, pictrs_alias, pictrs_delete_token) VALUES (2, '', ''), (2, 'ALIAS1.PNG', 'del1'), (2, 'alias-b.png', 'del1');
-- step lemmy: the site, its languages and local settings
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT EXISTS (SELECT id, name, sidebar, published, description, actor_id, inbox_url, private_key, public_key, instance_id, content_warning FROM site WHERE id = 2 AND name = 'Remote'
  AND actor_id = 'https://remote.example/' AND inbox_url = 'https://remote.example/site_inbox' AND private_key IS NULL AND public_key = 'PUBLIC2' AND instance_id = 2 AND content_warning IS NULL AND sidebar IS NULL);
PREPARE site_upd(varchar, text, varchar, text) AS UPDATE site SET name = $1, sidebar = $2, description = $3, content_warning = $4 WHERE id = 1;
EXECUTE site_upd('Lemmy Example!', 'New sidebar', 'A short description', NULL);
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Other', 'https://other.example/', 'https://other.example/site_inbox', 'PUB3', 3) ON CONFLICT (actor_id) DO UPDATE SET name = excluded.name;
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Remote', 'https://remote.example/', 'https://remote.example/site_inbox', 'PUB2', 2) ON CONFLICT ON CONSTRAINT site_actor_id_key DO UPDATE SET public_key = excluded.public_key;
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Remote', 'https://remote2.example/', 'https://x/i', 'PUB2', 3) ON CONFLICT (name) DO UPDATE SET public_key = excluded.public_key;
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Remote', 'https://remote2.example/', 'https://x/i', 'PUB2', 3) ON CONFLICT ON CONSTRAINT site_name_key DO NOTHING;
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Another', 'https://remote3.example/', 'https://x/i', 'PUB2', 2) ON CONFLICT (instance_id) DO NOTHING;
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Another', 'https://remote3.example/', 'https://x/i', 'PUB2', 2) ON CONFLICT ON CONSTRAINT site_instance_id_key DO NOTHING;
INSERT INTO site (id, name, actor_id, inbox_url, public_key, instance_id) VALUES (1, 'q', 'https://q/', 'https://q/i', 'P', 3) ON CONFLICT ON CONSTRAINT site_pkey DO NOTHING;
UPDATE site SET sidebar = NULL, published = '2023-01-01 00:00:00', description = NULL, actor_id = 'https://remote.example/site', inbox_url = 'https://remote.example/inbox', private_key = NULL,
  public_key = 'PUB2b', instance_id = 2, content_warning = NULL WHERE id = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(sidebar), pg_temp.t(published), pg_temp.t(description), pg_temp.t(actor_id), pg_temp.t(inbox_url), pg_temp.t(private_key),
  pg_temp.t(public_key), pg_temp.t(instance_id), pg_temp.t(content_warning)) FROM site WHERE id = 1), 'integer,text,text,timestamp without time zone,text,text,text,text,text,integer,text'), 'site types');
SELECT id, private_key, inbox_url FROM site WHERE instance_id = 1 AND private_key IS NOT NULL AND inbox_url = 'https://lemmy.example/site_inbox';
SELECT pg_temp.check(EXISTS (SELECT id FROM site WHERE id = 1 AND name = 'Lemmy Example!' AND sidebar = 'New sidebar' AND description = 'A short description' AND content_warning IS NULL), 'the local site as the step wrote it');
SELECT pg_temp.refused($$INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Remote', 'https://q/', 'https://q/i', 'P', 3)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Q', 'https://remote.example/', 'https://q/i', 'P', 3)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Q', 'https://q/', 'https://q/i', 'P', 2)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Q', 'https://q/', 'https://q/i', 'P', 99)$$, '23503');
INSERT INTO site_language (site_id, language_id) VALUES (1, 37) ON CONFLICT (site_id, language_id) DO NOTHING;
INSERT INTO site_language (site_id, language_id) VALUES (1, 37) ON CONFLICT ON CONSTRAINT site_language_site_id_language_id_key DO NOTHING;
UPDATE site_language SET language_id = 1 WHERE site_id = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(site_id), pg_temp.t(language_id)) FROM site_language WHERE site_id = 1 AND language_id = 37), 'integer,integer'), 'site_language types');
SELECT (SELECT count(*) FROM site_language WHERE site_id = 1) = 184;
SELECT pg_temp.refused($$INSERT INTO site_language (site_id, language_id) VALUES (1, 37)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO site_language (site_id, language_id) VALUES (99, 37)$$, '23503');
DELETE FROM site_language WHERE site_id = 1 AND language_id = 1;
INSERT INTO local_site (site_id, enable_downvotes, open_registration, require_application) VALUES (2, true, false, false) ON CONFLICT (site_id) DO NOTHING;
INSERT INTO local_site (site_id) VALUES (1) ON CONFLICT ON CONSTRAINT local_site_site_id_key DO NOTHING;
INSERT INTO local_site (id, site_id) VALUES (1, 1) ON CONFLICT ON CONSTRAINT local_site_pkey DO NOTHING;
UPDATE local_site SET enable_downvotes = false, open_registration = false, require_application = false, enable_nsfw = false, federation_worker_count = 32, published = now(), site_id = 1 WHERE id = 1;
UPDATE local_site SET open_registration = true, require_application = true, enable_nsfw = true, federation_worker_count = federation_worker_count * 2 WHERE site_id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(site_id), pg_temp.t(enable_downvotes), pg_temp.t(open_registration), pg_temp.t(enable_nsfw), pg_temp.t(require_application),
  pg_temp.t(federation_worker_count), pg_temp.t(published)) FROM local_site WHERE id = 1), 'integer,integer,boolean,boolean,boolean,boolean,integer,timestamp without time zone'), 'local_site types');
SELECT pg_temp.check(EXISTS (SELECT id, site_id, enable_downvotes, open_registration, enable_nsfw, require_application, federation_worker_count, published FROM local_site WHERE site_id = 1
  AND open_registration AND require_application AND enable_nsfw AND federation_worker_count = 64 AND NOT enable_downvotes), 'local site settings');
SELECT pg_temp.refused($$INSERT INTO local_site (site_id) VALUES (1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO local_site (site_id) VALUES (99)$$, '23503');
DELETE FROM site WHERE id = 2;
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO instance (domain) VALUES ('b1.example'), ('b2.example');
INSERT INTO site (name, sidebar, description, actor_id, inbox_url, private_key, public_key, instance_id, content_warning) VALUES
  ('', '', '', '', 'https://lemmy.example/site_inbox', '', '', (SELECT id FROM instance WHERE domain = 'b1.example'), ''),
  ('LEMMY EXAMPLE', 'Welcome', 'X', 'HTTPS://LEMMY.EXAMPLE/', 'https://lemmy.example/site_inbox', 'PRIVATE', 'PUBLIC', (SELECT id FROM instance WHERE domain = 'b2.example'), 'X');
INSERT INTO local_site (site_id, federation_worker_count) VALUES ((SELECT id FROM site WHERE name = ''), -1);
UPDATE local_site SET federation_worker_count = 0 WHERE site_id = 1;
-- step windmill: workspaces and users, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_ws(varchar, varchar, varchar, varchar) AS INSERT INTO workspace (id, name, owner, domain) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING;
EXECUTE add_ws('team-a', 'Team A', 'alice@windmill.dev', NULL);
INSERT INTO workspace (id, name, owner) VALUES ('demo', 'x', 'x') ON CONFLICT ON CONSTRAINT workspace_pkey DO UPDATE SET name = 'Demo';
UPDATE workspace SET name = 'Admins!', owner = 'root@windmill.dev', domain = NULL, deleted = false WHERE id = 'admins';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(id), pg_typeof(name), pg_typeof(owner), pg_typeof(domain), pg_typeof(deleted)) FROM workspace WHERE id = 'demo'), 'character varying,character varying,character varying,character varying,boolean'), 'workspace types');
SELECT EXISTS (SELECT id, name, owner, domain, deleted FROM workspace WHERE id = 'demo' AND name = 'Demo' AND owner = 'admin@windmill.dev' AND domain = 'demo.dev' AND NOT deleted);
SELECT pg_temp.refused($$INSERT INTO workspace (id, name, owner) VALUES ('demo', 'x', 'x')$$, '23505');
PREPARE add_usr(varchar, varchar, varchar, boolean, varchar) AS INSERT INTO usr (workspace_id, username, email, is_admin, role) VALUES ($1, $2, $3, $4, $5);
EXECUTE add_usr('demo', 'bob', 'bob@windmill.dev', false, 'Operator');
INSERT INTO usr (workspace_id, username, email) VALUES ('demo', 'alice', 'alice@windmill.dev') ON CONFLICT (workspace_id, username) DO UPDATE SET email = excluded.email;
INSERT INTO usr (workspace_id, username, email) VALUES ('demo', 'alice', 'alice@windmill.dev') ON CONFLICT ON CONSTRAINT usr_pkey DO NOTHING;
UPDATE usr SET email = 'alice2@windmill.dev', is_admin = true, created_at = now(), operator = true, disabled = true, role = NULL WHERE workspace_id = 'demo' AND username = 'alice';
UPDATE usr SET username = 'admin', workspace_id = 'demo' WHERE workspace_id = 'demo' AND username = 'admin';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(workspace_id), pg_typeof(username), pg_typeof(email), pg_typeof(is_admin), pg_typeof(created_at), pg_typeof(operator), pg_typeof(disabled), pg_typeof(role))
  FROM usr WHERE workspace_id = 'demo' AND username = 'admin'), 'character varying,character varying,character varying,boolean,timestamp with time zone,boolean,boolean,character varying'), 'usr types');
SELECT EXISTS (SELECT workspace_id, username, email, is_admin, created_at, operator, disabled, role FROM usr WHERE email = 'admin@windmill.dev' AND workspace_id = 'demo' AND username = 'admin'
  AND is_admin AND NOT operator AND NOT disabled AND role = 'Admin' AND created_at <= now());
SELECT pg_temp.refused($$INSERT INTO usr (workspace_id, username, email) VALUES ('demo', 'admin', 'x@x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO usr (workspace_id, username, email) VALUES ('nope', 'z', 'x@x')$$, '23503');
DELETE FROM usr WHERE workspace_id = 'demo' AND username = 'bob';
SELECT pg_temp.refused($$DELETE FROM workspace WHERE id = 'demo'$$, '23503');
DELETE FROM workspace WHERE id = 'team-a';
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO workspace (id, name, owner, domain) VALUES ('B_WS', '', '', ''), ('b-ws2', 'Demo', 'admin@windmill.dev', 'demo.dev');
INSERT INTO usr (workspace_id, username, email, is_admin, role) VALUES ('demo', 'B-User', '', false, ''), ('demo', 'b2', 'admin@windmill.dev', false, 'Admin'),
  ('demo', 'B2', 'ADMIN@WINDMILL.DEV', false, 'ADMIN');
-- step windmill: scripts and flows, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_script(varchar, bigint, varchar, text, text, text, varchar, jsonb, script_lang, varchar) AS INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by, schema, language, tag)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
EXECUTE add_script('demo', 5001, 'u/admin/new_script', 'New', 'desc', 'export async function main() {}', 'admin', '{"type":"object","properties":{"x":{"type":"string"}}}', 'deno', 'deno');
INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by) VALUES ('demo', 1001, 'u/admin/script_1', 's', '', 'c', 'admin') ON CONFLICT (workspace_id, hash) DO NOTHING;
INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by) VALUES ('demo', 1001, 'u/admin/script_1', 's', '', 'c', 'admin') ON CONFLICT ON CONSTRAINT script_pkey DO NOTHING;
UPDATE script SET path = 'u/admin/script_2b', summary = 'Two', description = 'd', content = 'def main(): pass', created_by = 'alice', created_at = now(), archived = true, schema = NULL, deleted = false,
  language = 'go', tag = NULL WHERE workspace_id = 'demo' AND hash = 1002;
UPDATE script SET schema = schema || '{"required":["x"]}', tag = 'gpu' WHERE workspace_id = 'demo' AND hash = 1003;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(workspace_id), pg_typeof(hash), pg_typeof(path), pg_typeof(summary), pg_typeof(description), pg_typeof(content), pg_typeof(created_by),
  pg_typeof(created_at), pg_typeof(archived), pg_typeof(schema), pg_typeof(deleted), pg_typeof(language), pg_typeof(tag)) FROM script WHERE workspace_id = 'demo' AND hash = 1001), 'character varying,bigint,character varying,text,text,text,character varying,timestamp with time zone,boolean,jsonb,boolean,script_lang,character varying'), 'script types');
SELECT EXISTS (SELECT workspace_id, hash, path, summary, description, content, created_by, created_at, archived, schema, deleted, language, tag FROM script
  WHERE workspace_id = 'demo' AND hash = 1001 AND path = 'u/admin/script_1' AND summary = 'Script 1' AND description = '' AND content = 'def main(): return 1' AND created_by = 'admin'
  AND NOT archived AND schema = '{"type":"object","properties":{}}' AND NOT deleted AND language = 'python3' AND tag IS NULL);
SELECT (SELECT schema->>'type' FROM script WHERE workspace_id = 'demo' AND hash = 1004) = 'object' AND (SELECT schema @> '{"type":"object"}' FROM script WHERE workspace_id = 'demo' AND hash = 1004)
  AND (SELECT jsonb_typeof(schema->'properties') FROM script WHERE workspace_id = 'demo' AND hash = 1004) = 'object';
SELECT (SELECT count(*) FROM script WHERE path LIKE 'u/admin/script_1%' AND created_at <= now()) = 11 AND (SELECT max(hash) FROM script WHERE workspace_id = 'demo') >= 1020;
SELECT pg_temp.refused($$INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by) VALUES ('demo', 1001, 'u/admin/q', 's', '', 'c', 'admin')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by) VALUES ('nope', 9, 'u/admin/q', 's', '', 'c', 'admin')$$, '23503');
PREPARE add_flow(varchar, varchar, text, text, jsonb, varchar, jsonb) AS INSERT INTO flow (workspace_id, path, summary, description, value, edited_by, schema) VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (workspace_id, path) DO UPDATE SET value = excluded.value, schema = excluded.schema;
EXECUTE add_flow('demo', 'u/admin/flow_2', 'Flow 2', '', '{"modules":[{"id":"a"}]}', 'admin', '{"type":"object"}');
EXECUTE add_flow('demo', 'u/admin/flow_1', 'Flow 1', '', '{"modules":[]}', 'admin', '{"type":"object"}');
INSERT INTO flow (workspace_id, path, summary, description, value, edited_by) VALUES ('demo', 'u/admin/flow_1', 's', '', '{}', 'admin') ON CONFLICT ON CONSTRAINT flow_pkey DO NOTHING;
UPDATE flow SET summary = 'F1', description = 'd', value = '{"modules":[{"id":"b"}]}', edited_by = 'alice', edited_at = now(), archived = true, schema = NULL WHERE workspace_id = 'demo' AND path = 'u/admin/flow_2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(workspace_id), pg_typeof(path), pg_typeof(summary), pg_typeof(description), pg_typeof(value), pg_typeof(edited_by), pg_typeof(edited_at),
  pg_typeof(archived), pg_typeof(schema)) FROM flow WHERE workspace_id = 'demo' AND path = 'u/admin/flow_1'), 'character varying,character varying,text,text,jsonb,character varying,timestamp with time zone,boolean,jsonb'), 'flow types');
SELECT workspace_id, path, summary, description, value, edited_by, edited_at, archived, schema FROM flow WHERE workspace_id = 'demo' AND path = 'u/admin/flow_1' AND summary = 'Flow 1' AND NOT archived;
SELECT pg_temp.check(EXISTS (SELECT workspace_id, path, value, schema FROM flow WHERE workspace_id = 'demo' AND path = 'u/admin/flow_1'
  AND value = '{"modules":[]}' AND jsonb_array_length(value->'modules') = 0 AND schema ? 'type'), 'flow 1 as the step upserted it');
SELECT pg_temp.refused($$INSERT INTO flow (workspace_id, path, summary, description, value, edited_by) VALUES ('demo', 'u/admin/flow_1', 's', '', '{}', 'admin')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO flow (workspace_id, path, summary, description, value, edited_by) VALUES ('nope', 'u/admin/q', 's', '', '{}', 'admin')$$, '23503');
DELETE FROM script WHERE workspace_id = 'demo' AND hash = 1020;
DELETE FROM flow WHERE workspace_id = 'demo' AND path = 'u/admin/flow_2';
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by, tag) VALUES ('demo', 0, 'u/admin/Script_B', '', '', '', '', ''),
  ('demo', -1, 'u/admin/script_1', 'Script 1', '', 'def main(): return 1', 'ghost', NULL);
INSERT INTO flow (workspace_id, path, summary, description, value, edited_by) VALUES ('demo', 'u/admin/Flow_B', '', '', '{}', ''), ('demo', 'u/admin/flow_b2', 'Flow 1', '', '{"modules":[]}', 'ghost');
-- step windmill: push, run and complete a job, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE push(uuid, varchar, varchar, timestamptz, varchar, jsonb, job_kind, script_lang, varchar, bigint) AS INSERT INTO queue (id, workspace_id, created_by, scheduled_for, script_path, args, job_kind, language, tag, script_hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
EXECUTE push('00000000-0000-0000-0000-0000000000a1', 'demo', 'admin', now(), 'u/admin/script_1', '{"x":2}', 'script', 'python3', 'python3', 1001);
EXECUTE push('00000000-0000-0000-0000-0000000000a2', 'demo', 'admin', now(), NULL, '{}', 'dependencies', 'deno', 'deno', NULL);
INSERT INTO queue (id, workspace_id, created_by, scheduled_for) VALUES ('00000000-0000-0000-0000-0000000000a1', 'demo', 'admin', now()) ON CONFLICT (id) DO NOTHING;
INSERT INTO queue (id, workspace_id, created_by, scheduled_for) VALUES ('00000000-0000-0000-0000-0000000000a1', 'demo', 'admin', now()) ON CONFLICT ON CONSTRAINT queue_pkey DO NOTHING;
UPDATE queue SET running = true, started_at = now(), logs = 'starting', parent_job = NULL, created_by = 'alice', created_at = now(), scheduled_for = now(), script_hash = 1002, script_path = 'u/admin/script_2',
  args = '{"y":1}', canceled = false, job_kind = 'preview', schedule_path = NULL, permissioned_as = 'u/alice', flow_status = NULL, language = 'go', tag = 'go', suspend = 0, suspend_until = NULL, concurrent_limit = NULL
  WHERE id = '00000000-0000-0000-0000-0000000000a1';
UPDATE queue SET logs = coalesce(logs, '') || 'more logs', suspend = suspend + 1, suspend_until = now() + interval '1 hour', concurrent_limit = 2, flow_status = '{"step":0}', parent_job = md5('q1')::uuid
  WHERE id = md5('q2')::uuid;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(id), pg_typeof(workspace_id), pg_typeof(parent_job), pg_typeof(created_by), pg_typeof(created_at), pg_typeof(started_at), pg_typeof(scheduled_for),
  pg_typeof(running), pg_typeof(script_hash), pg_typeof(script_path), pg_typeof(args), pg_typeof(logs), pg_typeof(canceled), pg_typeof(job_kind), pg_typeof(schedule_path), pg_typeof(permissioned_as),
  pg_typeof(flow_status), pg_typeof(language), pg_typeof(tag), pg_typeof(suspend), pg_typeof(suspend_until), pg_typeof(concurrent_limit)) FROM queue WHERE id = md5('q3')::uuid), 'uuid,character varying,uuid,character varying,timestamp with time zone,timestamp with time zone,timestamp with time zone,boolean,bigint,character varying,jsonb,text,boolean,job_kind,character varying,character varying,jsonb,script_lang,character varying,integer,timestamp with time zone,integer'), 'queue types');
SELECT EXISTS (SELECT id, workspace_id, parent_job, created_by, created_at, started_at, scheduled_for, running, script_hash, script_path, args, logs, canceled, job_kind, schedule_path,
  permissioned_as, flow_status, language, tag, suspend, suspend_until, concurrent_limit FROM queue WHERE id = md5('q3')::uuid AND workspace_id = 'demo' AND parent_job IS NULL AND NOT running
  AND script_path = 'u/admin/script_4' AND args->>'x' = '1' AND job_kind = 'script' AND permissioned_as = 'g/all' AND language = 'python3' AND tag = 'python3' AND suspend = 0);
SELECT (SELECT id FROM queue WHERE running = false AND scheduled_for <= now() + interval '1 day' AND workspace_id = 'demo' AND tag IN ('python3', 'deno') ORDER BY scheduled_for, created_at LIMIT 1) IS NOT NULL
  AND (SELECT count(*) FROM queue WHERE script_path = 'u/admin/script_2' OR script_hash = 1002 OR created_at > now() - interval '1 day') >= 50;
SELECT pg_temp.refused($$INSERT INTO queue (id, workspace_id, created_by, scheduled_for) VALUES (md5('q3')::uuid, 'demo', 'admin', now())$$, '23505');
SELECT pg_temp.refused($$INSERT INTO queue (id, workspace_id, created_by, scheduled_for) VALUES (gen_random_uuid(), 'nope', 'admin', now())$$, '23503');
PREPARE complete(uuid, varchar, varchar, timestamptz, int, boolean, varchar, jsonb, jsonb, job_kind, script_lang, varchar, varchar) AS INSERT INTO completed_job (id, workspace_id, created_by, created_at, duration, success,
  script_path, args, result, job_kind, language, tag, schedule_path) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
EXECUTE complete('00000000-0000-0000-0000-0000000000a1', 'demo', 'admin', now(), 1234, true, 'u/admin/script_1', '{"x":2}', '{"res":2}', 'script', 'python3', 'python3', NULL);
DELETE FROM queue WHERE id = '00000000-0000-0000-0000-0000000000a1';
INSERT INTO completed_job (id, workspace_id, created_by, created_at, duration, success) VALUES (md5('c1')::uuid, 'demo', 'admin', now(), 1, true) ON CONFLICT (id) DO NOTHING;
INSERT INTO completed_job (id, workspace_id, created_by, created_at, duration, success) VALUES (md5('c1')::uuid, 'demo', 'admin', now(), 1, true) ON CONFLICT ON CONSTRAINT completed_job_pkey DO NOTHING;
UPDATE completed_job SET parent_job = NULL, created_by = 'alice', created_at = now(), started_at = now(), duration = duration + 5, success = false, script_hash = 1003, script_path = 'u/admin/script_3',
  args = NULL, result = '{"error":"x"}', logs = 'log', deleted = true, canceled = true, job_kind = 'flow', schedule_path = NULL, permissioned_as = 'u/alice', flow_status = '{}', language = 'bash', tag = 'bash'
  WHERE id = md5('c2')::uuid;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(id), pg_typeof(workspace_id), pg_typeof(parent_job), pg_typeof(created_by), pg_typeof(created_at), pg_typeof(started_at), pg_typeof(duration),
  pg_typeof(success), pg_typeof(script_hash), pg_typeof(script_path), pg_typeof(args), pg_typeof(result), pg_typeof(logs), pg_typeof(deleted), pg_typeof(canceled), pg_typeof(job_kind), pg_typeof(schedule_path),
  pg_typeof(permissioned_as), pg_typeof(flow_status), pg_typeof(language), pg_typeof(tag)) FROM completed_job WHERE id = md5('c3')::uuid), 'uuid,character varying,uuid,character varying,timestamp with time zone,timestamp with time zone,integer,boolean,bigint,character varying,jsonb,jsonb,text,boolean,boolean,job_kind,character varying,character varying,jsonb,script_lang,character varying'), 'completed_job types');
SELECT EXISTS (SELECT id, workspace_id, parent_job, created_by, created_at, started_at, duration, success, script_hash, script_path, args, result, logs, deleted, canceled, job_kind, schedule_path,
  permissioned_as, flow_status, language, tag FROM completed_job WHERE id = md5('c5')::uuid AND duration = 105 AND success AND script_path = 'u/admin/script_6' AND (result->>'res')::int = 5
  AND schedule_path = 'u/admin/sched_1' AND NOT deleted AND job_kind = 'script' AND language = 'python3');
SELECT (SELECT count(*) FROM completed_job WHERE workspace_id = 'demo' AND parent_job IS NULL AND created_at > now() - interval '1 day' AND script_path LIKE 'u/admin/%' AND duration * 2 > 200) >= 300
  AND (SELECT count(*) FROM completed_job WHERE schedule_path = 'u/admin/sched_1' AND started_at <= now()) = 60 AND (SELECT sum(duration) FROM completed_job WHERE script_hash IS NULL) > 0;
SELECT pg_temp.refused($$INSERT INTO completed_job (id, workspace_id, created_by, created_at, duration, success) VALUES (md5('c1')::uuid, 'demo', 'admin', now(), 1, true)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO completed_job (id, workspace_id, created_by, created_at, duration, success) VALUES (gen_random_uuid(), 'nope', 'admin', now(), 1, true)$$, '23503');
DELETE FROM completed_job WHERE id = md5('c300')::uuid;
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO queue (id, workspace_id, created_by, scheduled_for, script_path, args, job_kind, language, tag, script_hash, parent_job, permissioned_as, logs, suspend, concurrent_limit) VALUES
  (md5('b1')::uuid, 'demo', '', now(), '', '{}', 'script', 'python3', '', 0, md5('no job')::uuid, '', '', 0, 0),
  (md5('b2')::uuid, 'demo', 'ADMIN', now(), 'U/ADMIN/SCRIPT_1', '{"x":1}', 'script', 'python3', 'python3', -1, NULL, 'g/all', NULL, -1, -1);
INSERT INTO completed_job (id, workspace_id, parent_job, created_by, created_at, duration, success, script_hash, script_path, args, result, logs, job_kind, language, tag, schedule_path, permissioned_as) VALUES
  (md5('b1')::uuid, 'demo', md5('no job')::uuid, '', now(), 0, true, 0, '', '{}', '{}', '', 'script', 'python3', '', '', ''),
  (md5('b2')::uuid, 'demo', NULL, 'ADMIN', now(), -1, false, -1, 'u/admin/script_1', '{"x":1}', '{"res":1}', NULL, 'script', 'python3', 'python3', NULL, 'g/all');
-- step windmill: variables, schedules, captures, approvals, settings
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_var(varchar, varchar, varchar, boolean, varchar) AS INSERT INTO variable (workspace_id, path, value, is_secret, description) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (workspace_id, path) DO UPDATE SET value = excluded.value;
EXECUTE add_var('demo', 'u/admin/cert', repeat('PEM', 1000), true, 'a certificate');
INSERT INTO variable (workspace_id, path, value) VALUES ('demo', 'u/admin/token', 'x') ON CONFLICT ON CONSTRAINT variable_pkey DO NOTHING;
UPDATE variable SET value = 'rotated', is_secret = false, description = '' WHERE workspace_id = 'demo' AND path = 'u/admin/token';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(workspace_id), pg_typeof(path), pg_typeof(value), pg_typeof(is_secret), pg_typeof(description)) FROM variable WHERE workspace_id = 'demo' AND path = 'u/admin/cert'), 'character varying,character varying,character varying,boolean,character varying'), 'variable types');
SELECT pg_temp.check(EXISTS (SELECT workspace_id, path, value, is_secret, description FROM variable WHERE workspace_id = 'demo' AND path = 'u/admin/cert' AND length(value) = 3000 AND is_secret), 'variable');
SELECT pg_temp.refused($$INSERT INTO variable (workspace_id, path, value) VALUES ('demo', 'u/admin/token', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO variable (workspace_id, path, value) VALUES ('nope', 'u/admin/x', 'x')$$, '23503');
PREPARE add_schedule(varchar, varchar, varchar, varchar, int, varchar, boolean, jsonb, varchar) AS INSERT INTO schedule (workspace_id, path, edited_by, schedule, offset_, script_path, is_flow, args, on_failure)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workspace_id, path) DO UPDATE SET schedule = excluded.schedule;
EXECUTE add_schedule('demo', 'u/admin/sched_2', 'admin', '0 0 12 * * *', -120, 'u/admin/flow_1', true, '{}', 'u/admin/on_failure');
INSERT INTO schedule (workspace_id, path, edited_by, schedule, offset_) VALUES ('demo', 'u/admin/sched_1', 'x', 'x', 0) ON CONFLICT ON CONSTRAINT schedule_pkey DO NOTHING;
UPDATE schedule SET edited_by = 'alice', edited_at = now(), schedule = '0 0 * * * *', offset_ = 60, enabled = false, script_path = NULL, is_flow = false, args = NULL, on_failure = NULL
  WHERE workspace_id = 'demo' AND path = 'u/admin/sched_1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(workspace_id), pg_typeof(path), pg_typeof(edited_by), pg_typeof(edited_at), pg_typeof(schedule), pg_typeof(offset_), pg_typeof(enabled), pg_typeof(script_path),
  pg_typeof(is_flow), pg_typeof(args), pg_typeof(on_failure)) FROM schedule WHERE workspace_id = 'demo' AND path = 'u/admin/sched_2'), 'character varying,character varying,character varying,timestamp with time zone,character varying,integer,boolean,character varying,boolean,jsonb,character varying'), 'schedule types');
SELECT pg_temp.check(EXISTS (SELECT workspace_id, path, edited_by, edited_at, schedule, offset_, enabled, script_path, is_flow, args, on_failure FROM schedule WHERE workspace_id = 'demo' AND path = 'u/admin/sched_2'
  AND offset_ / 60 = -2 AND is_flow AND on_failure = 'u/admin/on_failure'), 'schedule');
SELECT pg_temp.refused($$INSERT INTO schedule (workspace_id, path, edited_by, schedule, offset_) VALUES ('demo', 'u/admin/sched_2', 'x', 'x', 0)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO schedule (workspace_id, path, edited_by, schedule, offset_) VALUES ('nope', 'u/admin/s', 'x', 'x', 0)$$, '23503');
DELETE FROM schedule WHERE workspace_id = 'demo' AND path = 'u/admin/sched_2';
PREPARE capture(varchar, varchar, jsonb) AS INSERT INTO capture (workspace_id, path, payload) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, path) DO UPDATE SET payload = excluded.payload, created_at = now();
EXECUTE capture('demo', 'u/admin/flow_2', '{"body":"hi"}');
INSERT INTO capture (workspace_id, path) VALUES ('demo', 'u/admin/flow_1') ON CONFLICT ON CONSTRAINT capture_pkey DO NOTHING;
UPDATE capture SET payload = '{"body":"again"}', created_at = now() WHERE workspace_id = 'demo' AND path = 'u/admin/flow_1';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(workspace_id), pg_typeof(path), pg_typeof(created_at), pg_typeof(payload)) FROM capture WHERE workspace_id = 'demo' AND path = 'u/admin/flow_2'), 'character varying,character varying,timestamp with time zone,jsonb'), 'capture types');
SELECT pg_temp.check(EXISTS (SELECT workspace_id, path, created_at, payload FROM capture WHERE workspace_id = 'demo' AND path = 'u/admin/flow_2' AND payload->>'body' = 'hi'), 'capture');
SELECT pg_temp.refused($$INSERT INTO capture (workspace_id, path) VALUES ('demo', 'u/admin/flow_2')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO capture (workspace_id, path) VALUES ('nope', 'u/admin/x')$$, '23503');
DELETE FROM capture WHERE workspace_id = 'demo' AND path = 'u/admin/flow_2';
PREPARE resume(uuid, uuid, uuid, jsonb, boolean) AS INSERT INTO resume_job (id, job, flow, value, is_cancel) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING;
EXECUTE resume(md5('r2')::uuid, md5('q3')::uuid, md5('q4')::uuid, '{"approved":false}', true);
INSERT INTO resume_job (id, job, flow) VALUES (md5('r1')::uuid, md5('q1')::uuid, md5('q2')::uuid) ON CONFLICT ON CONSTRAINT resume_job_pkey DO NOTHING;
UPDATE resume_job SET job = md5('q5')::uuid, flow = md5('q6')::uuid, created_at = now(), value = '{"approved":true,"by":"alice"}', is_cancel = false WHERE id = md5('r2')::uuid;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(id), pg_typeof(job), pg_typeof(flow), pg_typeof(created_at), pg_typeof(value), pg_typeof(is_cancel)) FROM resume_job WHERE id = md5('r1')::uuid), 'uuid,uuid,uuid,timestamp with time zone,jsonb,boolean'), 'resume_job types');
SELECT EXISTS (SELECT id, job, flow, created_at, value, is_cancel FROM resume_job WHERE id = md5('r1')::uuid AND flow = md5('q2')::uuid AND (value->>'approved')::boolean AND NOT is_cancel);
SELECT pg_temp.refused($$INSERT INTO resume_job (id, job, flow) VALUES (md5('r1')::uuid, md5('q1')::uuid, md5('q2')::uuid)$$, '23505');
DELETE FROM resume_job WHERE id = md5('r1')::uuid;
PREPARE setting(varchar, jsonb) AS INSERT INTO global_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now();
EXECUTE setting('license_key', '"abc"');
INSERT INTO global_settings (name, value) VALUES ('base_url', '"https://w2.example"') ON CONFLICT ON CONSTRAINT global_settings_pkey DO UPDATE SET value = excluded.value;
UPDATE global_settings SET value = '3600', updated_at = now() WHERE name = 'retention_period_secs';
DELETE FROM global_settings WHERE name = 'license_key';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(name), pg_typeof(value), pg_typeof(updated_at)) FROM global_settings WHERE name = 'base_url'), 'character varying,jsonb,timestamp with time zone'), 'settings types');
SELECT pg_temp.check((SELECT (value #>> '{}')::int FROM global_settings WHERE name = 'retention_period_secs') = 3600, 'setting value');
SELECT pg_temp.refused($$INSERT INTO global_settings (name, value) VALUES ('base_url', '1')$$, '23505');
INSERT INTO worker_group_config (name, config) VALUES ('gpu', '{"worker_tags":["gpu"]}') ON CONFLICT (name) DO UPDATE SET config = excluded.config;
INSERT INTO worker_group_config (name, config) VALUES ('default', NULL) ON CONFLICT ON CONSTRAINT worker_group_config_pkey DO NOTHING;
UPDATE worker_group_config SET config = NULL WHERE name = 'gpu';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_typeof(name), pg_typeof(config)) FROM worker_group_config WHERE name = 'default'), 'character varying,jsonb'), 'worker config types');
SELECT EXISTS (SELECT name, config FROM worker_group_config WHERE name = 'default' AND config->'worker_tags' ? 'deno');
SELECT pg_temp.refused($$INSERT INTO worker_group_config (name) VALUES ('default')$$, '23505');
DELETE FROM worker_group_config WHERE name = 'gpu';
-- Boundary writes (rule B of RELABEL2.md): values at the edge of what the OLD schema accepts, on rows the step writes.
INSERT INTO variable (workspace_id, path, value, is_secret, description) VALUES ('demo', 'u/admin/Var_B', '', false, ''), ('demo', 'u/admin/var_b2', '', false, '');
INSERT INTO schedule (workspace_id, path, edited_by, schedule, offset_, script_path, is_flow, args, on_failure) VALUES ('demo', 'u/admin/Sched_B', '', '', 0, '', false, NULL, ''),
  ('demo', 'u/admin/sched_b2', 'admin', '0 */5 * * * *', -1, 'u/admin/script_1', false, '{}', NULL);
INSERT INTO capture (workspace_id, path, payload) VALUES ('demo', '', '{}'), ('demo', 'U/ADMIN/FLOW_1', '{"body":"hello"}');
INSERT INTO resume_job (id, job, flow, value, is_cancel) VALUES (md5('rb1')::uuid, md5('no job')::uuid, md5('no flow')::uuid, 'null', false), (md5('rb2')::uuid, md5('no job')::uuid, md5('no flow')::uuid, 'null', false);
INSERT INTO global_settings (name, value) VALUES ('', '""'), ('BASE_URL', '"https://windmill.example"');
INSERT INTO worker_group_config (name, config) VALUES ('', '{}'), ('DEFAULT', '{"worker_tags":["deno","python3"]}');
