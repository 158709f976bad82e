-- The serving versions' ordinary statements (Documenso's Prisma client before each of its
-- migrations, Atuin's server before each of its own), one statement group per "-- step", each run
-- as {{role}} in a transaction rolled back after it, against the OLD schema. This is the fixed
-- catalogue of HOLDOUT10.md (written before the migration cases), for every table, function,
-- trigger, type and sequence the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (text
--     functions, lower() as Atuin's case-insensitive indexes use it, enum comparisons, interval
--     arithmetic on timestamps, numeric arithmetic on positions, uuid comparisons, comparisons
--     with parameters of the column's declared type). Every read must not fail, and its columns'
--     types are asserted (pg_temp.same, rule T: widening within a type family is the same type,
--     so int2 -> int4 -> int8, varchar(n) -> varchar(m>n) -> varchar -> text and numeric(p,s) ->
--     numeric(p'>p,s) pass, any other type change is a change of form). VALUES are asserted only
--     on rows the step itself writes after the migration (rule D);
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
--     each foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), and a
--     delete a RESTRICT foreign key refuses (23503), plus the ON DELETE effects of item 3. Not
--     CHECK, NOT NULL or domain constraints, varchar lengths or enum membership;
--  6. sequences: the next insert after the migration only (an insert in flight across the
--     migration is NOT covered: holdMeasure keeps no session across the statement);
--  7. calls of the functions and triggers the old schema defines, as the apps rely on them:
--     Atuin's tg_user_history_count trigger (user_history_count()) keeps each user's row in
--     total_history_count_user, counting history inserts and deletes, which the server reads
--     for the count endpoint. Documenso's schema defines no function, view or trigger;
--  8. the rows data.sql wrote are all still there: the first step checks, for every table the
--     serving versions read, that count(*) is at least the number of rows data.sql put in it.
--     Atuin's events table is not among them: no version of Atuin's server reads or writes it
--     (20220505082442 created it for the client's sync, which never reached the server).
-- step rows data.sql wrote are still there
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check((SELECT count(*) FROM "User") >= 6, 'User rows');
SELECT pg_temp.check((SELECT count(*) FROM "Account") >= 2, 'Account rows');
SELECT pg_temp.check((SELECT count(*) FROM "Session") >= 3, 'Session rows');
SELECT pg_temp.check((SELECT count(*) FROM "DocumentMeta") >= 3, 'DocumentMeta rows');
SELECT pg_temp.check((SELECT count(*) FROM "Document") >= 8, 'Document rows');
SELECT pg_temp.check((SELECT count(*) FROM "DocumentData") >= 8, 'DocumentData rows');
SELECT pg_temp.check((SELECT count(*) FROM "Recipient") >= 14, 'Recipient rows');
SELECT pg_temp.check((SELECT count(*) FROM "Field") >= 16, 'Field rows');
SELECT pg_temp.check((SELECT count(*) FROM "Signature") >= 4, 'Signature rows');
SELECT pg_temp.check((SELECT count(*) FROM "Subscription") >= 5, 'Subscription rows');
SELECT pg_temp.check((SELECT count(*) FROM "PasswordResetToken") >= 3, 'PasswordResetToken rows');
SELECT pg_temp.check((SELECT count(*) FROM users) >= 3, 'users rows');
SELECT pg_temp.check((SELECT count(*) FROM sessions) >= 3, 'sessions rows');
SELECT pg_temp.check((SELECT count(*) FROM history) >= 30, 'history rows');
SELECT pg_temp.check((SELECT count(*) FROM total_history_count_user) >= 3, 'total_history_count_user rows');
SELECT pg_temp.check((SELECT count(*) FROM store) >= 20, 'store rows');
SELECT pg_temp.check((SELECT count(*) FROM store_idx_cache) >= 3, 'store_idx_cache rows');
SELECT pg_temp.check((SELECT count(*) FROM user_verification_token) >= 2, 'user_verification_token rows');
-- step documenso: users, accounts and sessions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_user(text, text, timestamp, text, text, "IdentityProvider") AS INSERT INTO "User" ("name", "email", "emailVerified", "password", "source", "identityProvider") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id";
EXECUTE add_user('Grace', 'grace@example.com', '2023-07-01 10:00:00', '$2a$12$gracehash', 'newsletter', 'DOCUMENSO');
PREPARE signup(text, text, text) AS INSERT INTO "User" ("name", "email", "password") VALUES ($1, $2, $3) RETURNING "id";
EXECUTE signup('Heidi', 'heidi@example.com', '$2a$12$heidihash');
INSERT INTO "User" ("email", "name") VALUES ('alice@example.com', 'x') ON CONFLICT ("email") DO NOTHING;
INSERT INTO "User" ("id", "email") VALUES (1, 'zz@example.com') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "User" ("id", "email") VALUES (1, 'zz@example.com') ON CONFLICT ON CONSTRAINT "User_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "name", "email", "emailVerified", "password", "source", "identityProvider" FROM "User" WHERE "email" = 'grace@example.com' AND "name" = 'Grace'
  AND "emailVerified" = '2023-07-01 10:00:00'::timestamp AND "emailVerified" + interval '1 day' > '2023-07-02'::timestamp AND "password" LIKE '$2a$12$%' AND "source" = 'newsletter'
  AND "identityProvider" = 'DOCUMENSO'::"IdentityProvider" AND lower("email") = 'grace@example.com'), 'user as written');
PREPARE set_user(text, text, timestamp, text, text, "IdentityProvider", text) AS UPDATE "User" SET "name" = $1, "email" = $2, "emailVerified" = $3, "password" = $4, "source" = $5, "identityProvider" = $6 WHERE "email" = $7;
EXECUTE set_user('Grace H', 'grace.h@example.com', '2023-07-02 10:00:00', '$2a$12$grace2', 'ads', 'GOOGLE', 'grace@example.com');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "User" WHERE "email" = 'grace.h@example.com' AND "name" = 'Grace H' AND "emailVerified" = '2023-07-02 10:00:00' AND "source" = 'ads' AND "identityProvider" = 'GOOGLE'), 'user updated');
UPDATE "User" SET "name" = NULL, "emailVerified" = NULL, "password" = NULL, "source" = NULL WHERE "email" = 'grace.h@example.com';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("name"), pg_temp.t("email"), pg_temp.t("emailVerified"), pg_temp.t("password"), pg_temp.t("source"), pg_temp.t("identityProvider")) FROM "User" WHERE "id" = 1),
  'integer,text,text,timestamp without time zone,text,text,"IdentityProvider"'), 'User types');
SELECT "id", "name", "email", "emailVerified", "password", "source", "identityProvider" FROM "User" WHERE "id" = 2 OR "email" = 'carol@example.com' OR "emailVerified" IS NULL OR "identityProvider" = 'GOOGLE' ORDER BY "id";
SELECT "id", "email" FROM "User" WHERE "name" ILIKE '%signer%' OR "emailVerified" < now() - interval '1 day';
SELECT pg_temp.refused($$INSERT INTO "User" ("email") VALUES ('bob@example.com')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "User" ("id", "email") VALUES (2, 'dup-id@example.com')$$, '23505');
PREPARE add_account(text, integer, text, text, text, text, text, integer, text, text, text, text) AS INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId", "refresh_token", "access_token", "expires_at", "token_type", "scope", "id_token", "session_state")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
EXECUTE add_account('acc-alice', 1, 'oauth', 'google', '1100220055', 'rt-a', 'ya29.a', 1700000000, 'Bearer', 'openid', 'eyJ.a', 'st');
INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('acc-x', 4, 'oauth', 'google', '1100220033') ON CONFLICT ("provider", "providerAccountId") DO NOTHING;
INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('acc-dave', 4, 'oauth', 'google', 'x') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('acc-dave', 4, 'oauth', 'google', 'x') ON CONFLICT ON CONSTRAINT "Account_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "userId", "type", "provider", "providerAccountId", "refresh_token", "access_token", "expires_at", "token_type", "scope", "id_token", "session_state" FROM "Account"
  WHERE "id" = 'acc-alice' AND "userId" = 1 AND "type" = 'oauth' AND "provider" = 'google' AND "providerAccountId" = '1100220055' AND "refresh_token" = 'rt-a' AND "access_token" = 'ya29.a'
  AND "expires_at" + 1 = 1700000001 AND "token_type" = 'Bearer' AND "scope" LIKE 'openid%' AND "id_token" = 'eyJ.a' AND "session_state" = 'st'), 'account as written');
UPDATE "Account" SET "userId" = 2, "type" = 'oidc', "provider" = 'oidc', "providerAccountId" = 'p2', "refresh_token" = 'rt-b', "access_token" = 'at-b', "expires_at" = 1800000000, "token_type" = 'bearer', "scope" = 's', "id_token" = 'i', "session_state" = 's2' WHERE "id" = 'acc-alice';
UPDATE "Account" SET "refresh_token" = NULL, "access_token" = NULL, "expires_at" = NULL, "token_type" = NULL, "scope" = NULL, "id_token" = NULL, "session_state" = NULL WHERE "id" = 'acc-alice';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("userId"), pg_temp.t("type"), pg_temp.t("provider"), pg_temp.t("providerAccountId"), pg_temp.t("refresh_token"), pg_temp.t("access_token"),
  pg_temp.t("expires_at"), pg_temp.t("token_type"), pg_temp.t("scope"), pg_temp.t("id_token")) FROM "Account" WHERE "id" = 'acc-erin'), 'text,integer,text,text,text,text,text,integer,text,text,text'), 'Account types');
SELECT "id", "userId", "provider", "providerAccountId", "expires_at", "session_state" FROM "Account" WHERE "userId" = 5 OR ("provider" = 'google' AND "providerAccountId" = '1100220033');
SELECT pg_temp.refused($$INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('acc-y', 4, 'oauth', 'google', '1100220033')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('acc-dave', 4, 'oauth', 'google', 'y')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('acc-fk', 9999, 'oauth', 'google', 'z')$$, '23503');
PREPARE add_session(text, text, integer, timestamp) AS INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ($1, $2, $3, $4);
EXECUTE add_session('sess-new', 'tok-new', 2, '2031-01-01 00:00:00');
INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('sess-x', 'tok-alice-1', 1, now()) ON CONFLICT ("sessionToken") DO UPDATE SET "expires" = EXCLUDED."expires";
INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('sess-1', 'tok-x', 1, now()) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('sess-1', 'tok-x', 1, now()) ON CONFLICT ON CONSTRAINT "Session_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "sessionToken", "userId", "expires" FROM "Session" WHERE "sessionToken" = 'tok-new' AND "id" = 'sess-new' AND "userId" = 2 AND "expires" > now()), 'session as written');
UPDATE "Session" SET "expires" = '2032-01-01 00:00:00', "userId" = 1, "sessionToken" = 'tok-new2' WHERE "id" = 'sess-new';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("sessionToken"), pg_temp.t("userId"), pg_temp.t("expires")) FROM "Session" WHERE "id" = 'sess-2'), 'text,text,integer,timestamp without time zone'), 'Session types');
SELECT s."id", s."sessionToken", s."userId", s."expires", u."email" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."sessionToken" = 'tok-bob-1' OR s."userId" = 4;
SELECT pg_temp.refused($$INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('sess-y', 'tok-bob-1', 2, now())$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('sess-fk', 'tok-fk', 9999, now())$$, '23503');
DELETE FROM "Session" WHERE "id" = 'sess-3';
-- A user's delete cascades to its accounts, sessions, documents (their recipients, fields and data) and subscriptions.
DELETE FROM "User" WHERE "id" = 4;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Account" WHERE "userId" = 4) AND NOT EXISTS (SELECT 1 FROM "Document" WHERE "userId" = 4) AND NOT EXISTS (SELECT 1 FROM "Subscription" WHERE "userId" = 4)
  AND NOT EXISTS (SELECT 1 FROM "Recipient" WHERE "documentId" = 7) AND NOT EXISTS (SELECT 1 FROM "Field" WHERE "documentId" = 7) AND NOT EXISTS (SELECT 1 FROM "DocumentData" WHERE "documentId" = 7), 'user delete cascades');
-- A user with a password reset token is not deleted (RESTRICT).
SELECT pg_temp.refused($$DELETE FROM "User" WHERE "id" = 3$$, '23503');
-- Boundary writes (rule B).
INSERT INTO "User" ("name", "email", "emailVerified", "password", "source", "identityProvider") VALUES ('', '', '1970-01-01 00:00:00', '', '', 'DOCUMENSO'),
  ('UPPER', 'UPPER@EXAMPLE.COM', '2023-07-01 10:00:00', '$2a$12$gracehash', 'newsletter', 'DOCUMENSO'), ('Grace', 'Grace@example.com', '2023-07-01 10:00:00', '$2a$12$gracehash', 'newsletter', 'DOCUMENSO');
INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId", "expires_at") VALUES ('', 1, '', '', '', 0), ('ACC-UPPER', 1, 'oauth', 'GOOGLE', '1100220033', -1);
INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('', '', 1, '1970-01-01 00:00:00');
-- step documenso: documents, their data and meta, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_doc(text, integer, text) AS INSERT INTO "Document" ("title", "userId", "document") VALUES ($1, $2, $3) RETURNING "id";
PREPARE add_data(text, "DocumentDataType", text, text, integer) AS INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ($1, $2, $3, $4, $5);
PREPARE add_meta(text, text, text) AS INSERT INTO "DocumentMeta" ("id", "customEmailSubject", "customEmailBody") VALUES ($1, $2, $3);
EXECUTE add_doc('New.pdf', 1, 'JVBERi0xLjQKbmV3');
EXECUTE add_data('data-new', 'BYTES_64', 'JVBERi0xLjQKbmV3', 'JVBERi0xLjQKbmV3', currval('"Document_id_seq"')::integer);
EXECUTE add_meta('meta-new', 'Sign please', 'Body');
UPDATE "Document" SET "documentMetaId" = 'meta-new' WHERE "title" = 'New.pdf';
INSERT INTO "Document" ("id", "title", "userId", "document") VALUES (1, 'x', 1, 'x') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Document" ("id", "title", "userId", "document") VALUES (1, 'x', 1, 'x') ON CONFLICT ON CONSTRAINT "Document_pkey" DO NOTHING;
INSERT INTO "Document" ("title", "userId", "document", "documentMetaId") VALUES ('x', 1, 'x', 'meta-1') ON CONFLICT ("documentMetaId") DO NOTHING;
INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('data-1', 'BYTES', 'x', 'x', 1) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('data-1', 'BYTES', 'x', 'x', 1) ON CONFLICT ON CONSTRAINT "DocumentData_pkey" DO NOTHING;
INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('data-zz', 'BYTES', 'x', 'x', 1) ON CONFLICT ("documentId") DO NOTHING;
INSERT INTO "DocumentMeta" ("id") VALUES ('meta-1') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "DocumentMeta" ("id") VALUES ('meta-1') ON CONFLICT ON CONSTRAINT "DocumentMeta_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT d."id", d."created", d."userId", d."title", d."status", d."document", d."documentMetaId", m."customEmailSubject", m."customEmailBody", dd."id", dd."type", dd."data", dd."initialData", dd."documentId"
  FROM "Document" d JOIN "DocumentMeta" m ON m."id" = d."documentMetaId" JOIN "DocumentData" dd ON dd."documentId" = d."id"
  WHERE d."title" = 'New.pdf' AND d."userId" = 1 AND d."status" = 'DRAFT' AND d."document" LIKE 'JVBER%' AND d."created" > now() - interval '1 day' AND m."customEmailSubject" = 'Sign please'
  AND m."customEmailBody" = 'Body' AND dd."id" = 'data-new' AND dd."type" = 'BYTES_64' AND dd."data" = dd."initialData"), 'document as written');
PREPARE set_doc(text, "DocumentStatus", text, integer, timestamp, text) AS UPDATE "Document" SET "title" = $1, "status" = $2, "document" = $3, "userId" = $4, "created" = $5 WHERE "title" = $6;
EXECUTE set_doc('New v2.pdf', 'PENDING', 'JVBERi0xLjQKdjI=', 2, '2023-07-01 00:00:00', 'New.pdf');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Document" WHERE "title" = 'New v2.pdf' AND "status" = 'PENDING' AND "userId" = 2 AND "created" = '2023-07-01 00:00:00' AND "document" = 'JVBERi0xLjQKdjI='), 'document updated');
UPDATE "Document" SET "status" = 'COMPLETED' WHERE "id" = 2;
UPDATE "Document" SET "documentMetaId" = NULL WHERE "title" = 'New v2.pdf';
UPDATE "DocumentData" SET "data" = 'JVBERi0xLjQKc2lnbmVk', "type" = 'BYTES_64', "initialData" = 'JVBERi0xLjQK' WHERE "id" = 'data-new';
UPDATE "DocumentMeta" SET "customEmailSubject" = 'Subject 2', "customEmailBody" = 'Body 2' WHERE "id" = 'meta-new';
UPDATE "DocumentMeta" SET "customEmailSubject" = NULL, "customEmailBody" = NULL WHERE "id" = 'meta-new';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("created"), pg_temp.t("userId"), pg_temp.t("title"), pg_temp.t("status"), pg_temp.t("document"), pg_temp.t(coalesce("documentMetaId", ''))) FROM "Document" WHERE "id" = 1),
  'integer,timestamp without time zone,integer,text,"DocumentStatus",text,text'), 'Document types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("type"), pg_temp.t("data"), pg_temp.t("initialData"), pg_temp.t("documentId")) FROM "DocumentData" WHERE "id" = 'data-1'),
  'text,"DocumentDataType",text,text,integer'), 'DocumentData types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t(coalesce("customEmailSubject", '')), pg_temp.t(coalesce("customEmailBody", ''))) FROM "DocumentMeta" WHERE "id" = 'meta-1'), 'text,text,text'), 'DocumentMeta types');
SELECT "id", "created", "userId", "title", "status", "document", "documentMetaId" FROM "Document" WHERE "userId" = 1 AND "status" <> 'DRAFT' OR "id" = 5 OR "documentMetaId" = 'meta-2' ORDER BY "created" DESC;
SELECT d."id", d."title", dd."data", length(dd."data") FROM "Document" d JOIN "DocumentData" dd ON dd."documentId" = d."id" WHERE dd."documentId" = 3 OR dd."id" = 'data-4' OR dd."type" = 'S3_PATH';
SELECT "status", count(*) FROM "Document" WHERE "created" >= '2023-01-01'::timestamp GROUP BY "status";
SELECT "id", "customEmailSubject", "customEmailBody" FROM "DocumentMeta" WHERE "id" = 'meta-2' OR "customEmailSubject" LIKE 'Please%';
SELECT pg_temp.refused($$INSERT INTO "Document" ("title", "userId", "document") VALUES ('fk', 9999, 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Document" ("title", "userId", "document", "documentMetaId") VALUES ('fk', 1, 'x', 'meta-none')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Document" ("title", "userId", "document", "documentMetaId") VALUES ('dup', 1, 'x', 'meta-1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Document" ("id", "title", "userId", "document") VALUES (1, 'dup', 1, 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('data-dup', 'BYTES', 'x', 'x', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('data-1', 'BYTES', 'x', 'x', 3)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('data-fk', 'BYTES', 'x', 'x', 9999)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "DocumentMeta" ("id") VALUES ('meta-2')$$, '23505');
-- Deletes: a document's delete cascades to its recipients, fields and data; a meta's delete takes its document (ON DELETE CASCADE).
DELETE FROM "Document" WHERE "id" = 6;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Recipient" WHERE "documentId" = 6) AND NOT EXISTS (SELECT 1 FROM "Field" WHERE "documentId" = 6) AND NOT EXISTS (SELECT 1 FROM "DocumentData" WHERE "documentId" = 6), 'document delete cascades');
DELETE FROM "DocumentMeta" WHERE "id" = 'meta-3';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Document" WHERE "id" = 4) AND NOT EXISTS (SELECT 1 FROM "Recipient" WHERE "documentId" = 4), 'meta delete cascades to its document');
-- Boundary writes (rule B).
INSERT INTO "Document" ("title", "userId", "document", "status") VALUES ('', 1, '', 'DRAFT'), ('UPPER.PDF', 1, 'JVBERi0xLjQKbmV3', 'COMPLETED'), ('New v2.pdf', 2, 'JVBERi0xLjQKdjI=', 'PENDING');
INSERT INTO "DocumentMeta" ("id", "customEmailSubject", "customEmailBody") VALUES ('', '', ''), ('META-UPPER', 'Sign please', 'Body');
INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId") VALUES ('', 'S3_PATH', '', '', (SELECT "id" FROM "Document" WHERE "title" = ''));
-- step documenso: recipients, fields and signatures, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_recipient(integer, varchar, varchar, text) AS INSERT INTO "Recipient" ("documentId", "email", "name", "token") VALUES ($1, $2, $3, $4) RETURNING "id";
EXECUTE add_recipient(3, 'grace@example.com', 'Grace', 'rtok-new');
PREPARE add_recipient_min(integer, varchar, text) AS INSERT INTO "Recipient" ("documentId", "email", "token") VALUES ($1, $2, $3);
EXECUTE add_recipient_min(3, 'heidi@example.com', 'rtok-new2');
INSERT INTO "Recipient" ("id", "documentId", "email", "token") VALUES (1, 1, 'x', 'x') ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Recipient" ("id", "documentId", "email", "token") VALUES (1, 1, 'x', 'x') ON CONFLICT ON CONSTRAINT "Recipient_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "documentId", "email", "name", "token", "expired", "readStatus", "signingStatus", "sendStatus" FROM "Recipient" WHERE "token" = 'rtok-new' AND "documentId" = 3
  AND "email" = 'grace@example.com' AND "name" = 'Grace' AND "expired" IS NULL AND lower("email") LIKE '%@example.com'), 'recipient as written');
PREPARE set_recipient(varchar, varchar, timestamp, "ReadStatus", "SigningStatus", "SendStatus", integer, text, text) AS UPDATE "Recipient" SET "email" = $1, "name" = $2, "expired" = $3, "readStatus" = $4,
  "signingStatus" = $5, "sendStatus" = $6, "documentId" = $7, "token" = $8 WHERE "token" = $9;
EXECUTE set_recipient('grace.h@example.com', 'Grace H', '2023-08-01 00:00:00', 'OPENED', 'SIGNED', 'SENT', 2, 'rtok-new3', 'rtok-new');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Recipient" WHERE "token" = 'rtok-new3' AND "email" = 'grace.h@example.com' AND "name" = 'Grace H' AND "expired" = '2023-08-01 00:00:00' AND "readStatus" = 'OPENED'
  AND "signingStatus" = 'SIGNED' AND "sendStatus" = 'SENT' AND "documentId" = 2), 'recipient updated');
UPDATE "Recipient" SET "expired" = NULL WHERE "token" = 'rtok-new3';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("documentId"), pg_temp.t("email"), pg_temp.t("name"), pg_temp.t("token"), pg_temp.t(coalesce("expired", now()::timestamp)), pg_temp.t("readStatus"),
  pg_temp.t("signingStatus"), pg_temp.t("sendStatus")) FROM "Recipient" WHERE "id" = 1), 'integer,integer,text,text,text,timestamp without time zone,"ReadStatus","SigningStatus","SendStatus"'), 'Recipient types');
SELECT "id", "documentId", "email", "name", "token", "expired", "readStatus", "signingStatus", "sendStatus" FROM "Recipient" WHERE "documentId" = 2 OR "token" = 'rtok-7' OR "email" = 'alice@example.com' AND "signingStatus" = 'NOT_SIGNED';
PREPARE add_field(integer, integer, "FieldType", integer, integer, integer, text, boolean, integer, integer) AS INSERT INTO "Field" ("documentId", "recipientId", "type", "page", "positionX", "positionY", "customText", "inserted", "height", "width")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "id";
EXECUTE add_field(3, currval('"Recipient_id_seq"')::integer, 'SIGNATURE', 1, 150, 300, '', false, 60, 200);
PREPARE add_field_min(integer, integer, "FieldType", integer, text, boolean) AS INSERT INTO "Field" ("documentId", "recipientId", "type", "page", "customText", "inserted") VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE add_field_min(3, NULL, 'TEXT', 2, 'free text', false);
INSERT INTO "Field" ("id", "documentId", "type", "page", "customText", "inserted") VALUES (1, 1, 'TEXT', 1, '', false) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Field" ("id", "documentId", "type", "page", "customText", "inserted") VALUES (1, 1, 'TEXT', 1, '', false) ON CONFLICT ON CONSTRAINT "Field_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "documentId", "recipientId", "type", "page", "positionX", "positionY", "customText", "inserted", "height", "width" FROM "Field" WHERE "documentId" = 3 AND "page" = 1
  AND "positionX" = 150 AND "positionY" + 10 = 310 AND "positionX" * 2 = 300 AND "height" = 60 AND "width" = 200 AND NOT "inserted" AND "type" = 'SIGNATURE' AND "customText" = ''), 'field as written');
PREPARE set_field(integer, integer, "FieldType", integer, integer, integer, text, boolean, integer, integer, integer) AS UPDATE "Field" SET "documentId" = $1, "recipientId" = $2, "type" = $3, "page" = $4, "positionX" = $5,
  "positionY" = $6, "customText" = $7, "inserted" = $8, "height" = $9, "width" = $10 WHERE "id" = $11;
EXECUTE set_field(2, 3, 'DATE', 2, 10, 20, '2023-08-01', true, 30, 100, 6);
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Field" WHERE "id" = 6 AND "documentId" = 2 AND "recipientId" = 3 AND "type" = 'DATE' AND "page" = 2 AND "positionX" = 10 AND "positionY" = 20 AND "customText" = '2023-08-01'
  AND "inserted" AND "height" = 30 AND "width" = 100), 'field updated');
UPDATE "Field" SET "recipientId" = NULL WHERE "id" = 6;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("documentId"), pg_temp.t("recipientId"), pg_temp.t("type"), pg_temp.t("page"), pg_temp.t("positionX"), pg_temp.t("positionY"),
  pg_temp.t("customText"), pg_temp.t("inserted"), pg_temp.t("height"), pg_temp.t("width")) FROM "Field" WHERE "id" = 1), 'integer,integer,integer,"FieldType",integer,integer,integer,text,boolean,integer,integer'), 'Field types');
SELECT "id", "documentId", "recipientId", "type", "page", "positionX", "positionY", "customText", "inserted", "height", "width" FROM "Field" WHERE "documentId" = 1 OR "recipientId" = 4 OR "recipientId" IS NULL ORDER BY "page", "positionY";
PREPARE add_signature(integer, integer, text, text) AS INSERT INTO "Signature" ("recipientId", "fieldId", "signatureImageAsBase64", "typedSignature") VALUES ($1, $2, $3, $4) RETURNING "id";
EXECUTE add_signature(3, 4, 'iVBORw0KGgoAAAANSUhEUgB=', NULL);
INSERT INTO "Signature" ("recipientId", "fieldId", "typedSignature") VALUES (1, 1, 'x') ON CONFLICT ("fieldId") DO NOTHING;
INSERT INTO "Signature" ("id", "recipientId", "fieldId") VALUES (1, 1, 3) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Signature" ("id", "recipientId", "fieldId") VALUES (1, 1, 3) ON CONFLICT ON CONSTRAINT "Signature_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "created", "recipientId", "fieldId", "signatureImageAsBase64", "typedSignature" FROM "Signature" WHERE "fieldId" = 4 AND "recipientId" = 3 AND "signatureImageAsBase64" LIKE 'iVBOR%'
  AND "typedSignature" IS NULL AND "created" > now() - interval '1 hour'), 'signature as written');
UPDATE "Signature" SET "typedSignature" = 'Bob', "signatureImageAsBase64" = NULL, "created" = '2023-08-01 00:00:00' WHERE "fieldId" = 4;
UPDATE "Signature" SET "typedSignature" = NULL WHERE "fieldId" = 4;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("created"), pg_temp.t("recipientId"), pg_temp.t("fieldId"), pg_temp.t(coalesce("signatureImageAsBase64", '')), pg_temp.t(coalesce("typedSignature", '')))
  FROM "Signature" WHERE "id" = 1), 'integer,timestamp without time zone,integer,integer,text,text'), 'Signature types');
SELECT s."id", s."created", s."recipientId", s."fieldId", s."signatureImageAsBase64", s."typedSignature" FROM "Signature" s WHERE s."recipientId" = 2 OR s."fieldId" = 11;
SELECT pg_temp.refused($$INSERT INTO "Recipient" ("documentId", "email", "token") VALUES (9999, 'fk@example.com', 'fk')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Recipient" ("id", "documentId", "email", "token") VALUES (1, 1, 'dup@example.com', 'dup')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Field" ("documentId", "type", "page", "customText", "inserted") VALUES (9999, 'TEXT', 1, '', false)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Field" ("documentId", "recipientId", "type", "page", "customText", "inserted") VALUES (1, 9999, 'TEXT', 1, '', false)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Field" ("id", "documentId", "type", "page", "customText", "inserted") VALUES (1, 1, 'TEXT', 1, '', false)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Signature" ("recipientId", "fieldId", "typedSignature") VALUES (1, 1, 'dup')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Signature" ("id", "recipientId", "fieldId") VALUES (1, 1, 3)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Signature" ("recipientId", "fieldId") VALUES (9999, 3)$$, '23503');
SELECT pg_temp.refused($$INSERT INTO "Signature" ("recipientId", "fieldId") VALUES (1, 9999)$$, '23503');
-- A recipient or field with a signature is not deleted (RESTRICT); a recipient's delete takes its fields (CASCADE).
SELECT pg_temp.refused($$DELETE FROM "Recipient" WHERE "id" = 1$$, '23503');
SELECT pg_temp.refused($$DELETE FROM "Field" WHERE "id" = 2$$, '23503');
DELETE FROM "Recipient" WHERE "id" = 5;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM "Field" WHERE "id" = 7), 'recipient delete cascades to its fields');
DELETE FROM "Field" WHERE "id" = 8;
DELETE FROM "Signature" WHERE "fieldId" = 4;
-- Boundary writes (rule B).
INSERT INTO "Recipient" ("documentId", "email", "name", "token") VALUES (2, '', '', ''), (2, 'UPPER@EXAMPLE.COM', 'UPPER', 'RTOK-UPPER'), (2, 'bob@example.com', 'Bob Signer', 'rtok-3');
INSERT INTO "Field" ("documentId", "recipientId", "type", "page", "positionX", "positionY", "customText", "inserted", "height", "width") VALUES (2, 3, 'TEXT', 0, 0, 0, '', false, 0, 0),
  (2, 3, 'TEXT', -1, -5, -5, 'UPPER', true, -1, -1), (2, 3, 'SIGNATURE', 2, 100, 500, '', false, 60, 200);
INSERT INTO "Signature" ("recipientId", "fieldId", "signatureImageAsBase64", "typedSignature") VALUES (3, 5, '', '');
-- step documenso: subscriptions and password reset tokens, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_sub("SubscriptionStatus", text, text, text, timestamp, integer, timestamp) AS INSERT INTO "Subscription" ("status", "planId", "priceId", "customerId", "periodEnd", "userId", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id";
EXECUTE add_sub('ACTIVE', 'sub_1Erin', 'price_monthly', 'cus_Erin', '2024-07-01 00:00:00', 5, now()::timestamp);
PREPARE add_sub_customer(text, integer, timestamp) AS INSERT INTO "Subscription" ("customerId", "userId", "updatedAt") VALUES ($1, $2, $3);
EXECUTE add_sub_customer('cus_Heidi', 6, now()::timestamp);
INSERT INTO "Subscription" ("planId", "customerId", "userId", "updatedAt") VALUES ('sub_1Alice', 'cus_Alice', 1, now()) ON CONFLICT ("planId", "customerId") DO UPDATE SET "status" = 'ACTIVE', "updatedAt" = now();
INSERT INTO "Subscription" ("id", "userId", "updatedAt") VALUES (1, 1, now()) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "Subscription" ("id", "userId", "updatedAt") VALUES (1, 1, now()) ON CONFLICT ON CONSTRAINT "Subscription_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "status", "planId", "priceId", "customerId", "periodEnd", "userId", "createdAt", "updatedAt" FROM "Subscription" WHERE "customerId" = 'cus_Erin' AND "status" = 'ACTIVE'
  AND "planId" = 'sub_1Erin' AND "priceId" = 'price_monthly' AND "periodEnd" > '2024-06-01'::timestamp AND "userId" = 5 AND "createdAt" <= "updatedAt" + interval '1 minute'), 'subscription as written');
PREPARE set_sub("SubscriptionStatus", text, text, text, timestamp, integer, timestamp, text) AS UPDATE "Subscription" SET "status" = $1, "planId" = $2, "priceId" = $3, "customerId" = $4, "periodEnd" = $5, "userId" = $6, "updatedAt" = $7 WHERE "customerId" = $8;
EXECUTE set_sub('INACTIVE', 'sub_2Erin', 'price_yearly', 'cus_Erin2', '2025-07-01 00:00:00', 5, '2023-08-01 00:00:00', 'cus_Erin');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM "Subscription" WHERE "customerId" = 'cus_Erin2' AND "status" = 'INACTIVE' AND "planId" = 'sub_2Erin' AND "priceId" = 'price_yearly' AND "periodEnd" = '2025-07-01 00:00:00'), 'subscription updated');
UPDATE "Subscription" SET "planId" = NULL, "priceId" = NULL, "customerId" = NULL, "periodEnd" = NULL WHERE "customerId" = 'cus_Erin2';
UPDATE "Subscription" SET "status" = 'ACTIVE', "updatedAt" = now() WHERE "userId" = 2;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("status"), pg_temp.t("planId"), pg_temp.t("priceId"), pg_temp.t("customerId"), pg_temp.t("periodEnd"), pg_temp.t("userId"), pg_temp.t("createdAt"),
  pg_temp.t("updatedAt")) FROM "Subscription" WHERE "id" = 1), 'integer,"SubscriptionStatus",text,text,text,timestamp without time zone,integer,timestamp without time zone,timestamp without time zone'), 'Subscription types');
SELECT "id", "status", "planId", "priceId", "customerId", "periodEnd", "userId", "createdAt", "updatedAt" FROM "Subscription" WHERE "userId" = 3 OR "customerId" = 'cus_Bob' OR ("planId" = 'sub_1Dave' AND "customerId" = 'cus_Dave') OR "status" = 'ACTIVE';
SELECT u."id", u."email", s."status" FROM "User" u LEFT JOIN "Subscription" s ON s."userId" = u."id" WHERE s."periodEnd" IS NULL OR s."periodEnd" > now() - interval '365 days';
SELECT pg_temp.refused($$INSERT INTO "Subscription" ("planId", "customerId", "userId", "updatedAt") VALUES ('sub_1Bob', 'cus_Bob', 2, now())$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Subscription" ("id", "userId", "updatedAt") VALUES (1, 1, now())$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "Subscription" ("userId", "updatedAt") VALUES (9999, now())$$, '23503');
DELETE FROM "Subscription" WHERE "userId" = 6;
PREPARE add_reset(text, integer) AS INSERT INTO "PasswordResetToken" ("token", "userId") VALUES ($1, $2) RETURNING "id";
EXECUTE add_reset('prt-new', 2);
INSERT INTO "PasswordResetToken" ("token", "userId") VALUES ('prt-aaaa', 3) ON CONFLICT ("token") DO NOTHING;
INSERT INTO "PasswordResetToken" ("id", "token", "userId") VALUES (1, 'x', 3) ON CONFLICT ("id") DO NOTHING;
INSERT INTO "PasswordResetToken" ("id", "token", "userId") VALUES (1, 'x', 3) ON CONFLICT ON CONSTRAINT "PasswordResetToken_pkey" DO NOTHING;
SELECT pg_temp.check(EXISTS (SELECT "id", "token", "createdAt", "userId" FROM "PasswordResetToken" WHERE "token" = 'prt-new' AND "userId" = 2 AND "createdAt" > now() - interval '1 hour'), 'reset token as written');
UPDATE "PasswordResetToken" SET "token" = 'prt-new2', "userId" = 1, "createdAt" = '2023-08-01 00:00:00' WHERE "token" = 'prt-new';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t("id"), pg_temp.t("token"), pg_temp.t("createdAt"), pg_temp.t("userId")) FROM "PasswordResetToken" WHERE "token" = 'prt-aaaa'), 'integer,text,timestamp without time zone,integer'), 'PasswordResetToken types');
SELECT t."id", t."token", t."createdAt", t."userId", u."email" FROM "PasswordResetToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."token" = 'prt-bbbb' OR t."userId" = 1 OR t."createdAt" > now() - interval '1 day';
SELECT pg_temp.refused($$INSERT INTO "PasswordResetToken" ("token", "userId") VALUES ('prt-cccc', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "PasswordResetToken" ("id", "token", "userId") VALUES (1, 'prt-dup', 1)$$, '23505');
SELECT pg_temp.refused($$INSERT INTO "PasswordResetToken" ("token", "userId") VALUES ('prt-fk', 9999)$$, '23503');
SELECT pg_temp.refused($$DELETE FROM "User" WHERE "id" = 6$$, '23503');
DELETE FROM "PasswordResetToken" WHERE "token" = 'prt-new2';
-- Boundary writes (rule B).
INSERT INTO "Subscription" ("status", "planId", "priceId", "customerId", "periodEnd", "userId", "updatedAt") VALUES ('INACTIVE', '', '', '', '1970-01-01 00:00:00', 1, '1970-01-01 00:00:00'),
  ('ACTIVE', 'SUB_UPPER', 'PRICE', 'CUS_ALICE', '2024-05-01 00:00:00', 1, now()), ('ACTIVE', 'sub_1Alice', 'price_monthly', NULL, '2024-05-01 00:00:00', 1, now());
INSERT INTO "PasswordResetToken" ("token", "userId") VALUES ('', 1), ('PRT-AAAA', 3);
-- step atuin: users, sessions and verification tokens, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_user(varchar, varchar, varchar) AS insert into users (username, email, password) values ($1, $2, $3) returning id;
EXECUTE add_user('newuser', 'new@example.com', '$argon2id$new');
PREPARE get_user(varchar) AS select id, username, email, password, verified_at from users where username = $1;
EXECUTE get_user('newuser');
SELECT pg_temp.check(EXISTS (SELECT id, username, email, password, verified_at FROM users WHERE username = 'newuser' AND email = 'new@example.com' AND password = '$argon2id$new' AND verified_at IS NULL
  AND lower(email) = 'new@example.com'), 'user as written');
PREPARE verify(bigint) AS update users set verified_at = (current_timestamp at time zone 'utc') where id=$1;
EXECUTE verify(currval('users_id_seq'));
SELECT pg_temp.check((SELECT verified_at is not null from users where username = 'newuser'), 'user verified');
PREPARE set_password(varchar, bigint) AS update users set password = $1 where id = $2;
EXECUTE set_password('$argon2id$new2', currval('users_id_seq'));
UPDATE users SET username = 'newuser2', email = 'new2@example.com', verified_at = NULL WHERE username = 'newuser';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM users WHERE username = 'newuser2' AND email = 'new2@example.com' AND password = '$argon2id$new2' AND verified_at IS NULL), 'user updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(username), pg_temp.t(email), pg_temp.t(password), pg_temp.t(verified_at)) FROM users WHERE id = 1),
  'bigint,text,text,text,timestamp with time zone'), 'users types');
SELECT id, username, email, password, verified_at FROM users WHERE id = 2 OR lower(email) = lower('mtr@example.net') OR lower(username) = 'conrad' OR email = 'ellie@atuin.sh';
PREPARE add_session(bigint, varchar) AS insert into sessions (user_id, token) values($1, $2);
EXECUTE add_session(currval('users_id_seq'), 'sess-new');
insert into users (username, email, password) values ('ellie', 'x@example.com', 'x') on conflict (username) do nothing;
insert into users (username, email, password) values ('x', 'ellie@atuin.sh', 'x') on conflict (email) do nothing;
insert into users (username, email, password) values ('x', 'x@example.com', '$argon2id$ellie') on conflict (password) do nothing;
insert into users (username, email, password) values ('x', 'ELLIE@ATUIN.SH', 'x') on conflict ((lower(email))) do nothing;
insert into users (username, email, password) values ('ELLIE', 'x@example.com', 'x') on conflict ((lower(username))) do nothing;
insert into users (id, username, email, password) values (1, 'x', 'x@example.com', 'x') on conflict (id) do nothing;
insert into users (id, username, email, password) values (1, 'x', 'x@example.com', 'x') on conflict on constraint users_pkey do nothing;
insert into users (username, email, password) values ('ellie', 'x@example.com', 'x') on conflict on constraint users_username_key do nothing;
insert into users (username, email, password) values ('x', 'ellie@atuin.sh', 'x') on conflict on constraint users_email_key do nothing;
insert into users (username, email, password) values ('x', 'x@example.com', '$argon2id$ellie') on conflict on constraint users_password_key do nothing;
insert into sessions (user_id, token) values (1, 'sess-ellie') on conflict (token) do nothing;
insert into sessions (user_id, token) values (1, 'sess-ellie') on conflict on constraint sessions_token_key do nothing;
insert into sessions (id, user_id, token) values (1, 1, 'x') on conflict (id) do nothing;
insert into sessions (id, user_id, token) values (1, 1, 'x') on conflict on constraint sessions_pkey do nothing;
PREPARE get_session(varchar) AS select id, user_id, token from sessions where token = $1;
EXECUTE get_session('sess-new');
SELECT pg_temp.check(EXISTS (SELECT s.id, s.user_id, s.token FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = 'sess-new' AND u.username = 'newuser2'), 'session as written');
PREPARE user_by_session(varchar) AS select users.id, users.username, users.email, users.password, users.verified_at from users inner join sessions on users.id = sessions.user_id and sessions.token = $1;
EXECUTE user_by_session('sess-ellie');
SELECT id, user_id, token FROM sessions WHERE user_id = 2;
UPDATE sessions SET token = 'sess-new2', user_id = 1 WHERE token = 'sess-new';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(token)) FROM sessions WHERE id = 1), 'bigint,bigint,text'), 'sessions types');
PREPARE get_vtoken(bigint) AS select token, valid_until from user_verification_token where user_id = $1;
EXECUTE get_vtoken(2);
PREPARE set_vtoken(bigint, text, timestamptz) AS update user_verification_token set token = $2, valid_until = $3 where user_id=$1;
EXECUTE set_vtoken(2, 'vtok-conrad2', now() + interval '15 minutes');
PREPARE add_vtoken(bigint, text, timestamptz) AS insert into user_verification_token (user_id, token, valid_until) values ($1, $2, $3);
EXECUTE add_vtoken(1, 'vtok-ellie', now() + interval '15 minutes');
insert into user_verification_token (user_id, token, valid_until) values (2, 'x', now()) on conflict (user_id) do nothing;
insert into user_verification_token (user_id, token, valid_until) values (2, 'x', now()) on conflict on constraint user_verification_token_user_id_key do nothing;
insert into user_verification_token (id, user_id, token) values (1, 3, 'x') on conflict (id) do nothing;
insert into user_verification_token (id, user_id, token) values (1, 3, 'x') on conflict on constraint user_verification_token_pkey do nothing;
SELECT pg_temp.check(EXISTS (SELECT id, user_id, token, valid_until FROM user_verification_token WHERE user_id = 1 AND token = 'vtok-ellie' AND valid_until > now()), 'verification token as written');
UPDATE user_verification_token SET token = NULL, valid_until = NULL WHERE user_id = 1;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(token), pg_temp.t(valid_until)) FROM user_verification_token WHERE user_id = 2), 'bigint,bigint,text,timestamp with time zone'), 'user_verification_token types');
SELECT pg_temp.refused($$insert into users (username, email, password) values ('ellie', 'e2@example.com', 'p2')$$, '23505');
SELECT pg_temp.refused($$insert into users (username, email, password) values ('Ellie', 'e2@example.com', 'p2')$$, '23505');
SELECT pg_temp.refused($$insert into users (username, email, password) values ('e2', 'Ellie@Atuin.sh', 'p2')$$, '23505');
SELECT pg_temp.refused($$insert into users (username, email, password) values ('e2', 'e2@example.com', '$argon2id$conrad')$$, '23505');
SELECT pg_temp.refused($$insert into users (id, username, email, password) values (1, 'e3', 'e3@example.com', 'p3')$$, '23505');
SELECT pg_temp.refused($$insert into sessions (user_id, token) values (1, 'sess-conrad')$$, '23505');
SELECT pg_temp.refused($$insert into sessions (id, user_id, token) values (1, 1, 'sess-dup')$$, '23505');
SELECT pg_temp.refused($$insert into user_verification_token (user_id, token) values (3, 'dup')$$, '23505');
SELECT pg_temp.refused($$insert into user_verification_token (user_id, token) values (9999, 'fk')$$, '23503');
SELECT pg_temp.refused($$delete from users where id = 3$$, '23503');
-- Deleting a user, as the server does.
PREPARE del1(bigint) AS delete from sessions where user_id = $1;
PREPARE del2(bigint) AS delete from history where user_id = $1;
PREPARE del3(bigint) AS delete from store where user_id = $1;
PREPARE del4(bigint) AS delete from user_verification_token where user_id = $1;
PREPARE del5(bigint) AS delete from total_history_count_user where user_id = $1;
PREPARE del6(bigint) AS delete from users where id = $1;
EXECUTE del1(3); EXECUTE del2(3); EXECUTE del3(3); EXECUTE del4(3); EXECUTE del5(3); EXECUTE del6(3);
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM users WHERE id = 3) AND NOT EXISTS (SELECT 1 FROM history WHERE user_id = 3), 'user deleted');
-- Boundary writes (rule B).
insert into users (username, email, password) values ('', '', ''), ('UPPER', 'UPPER@EXAMPLE.COM', 'UPPERPASS');
insert into sessions (user_id, token) values (0, ''), (-1, 'SESS-UPPER'), (1, 'sess-dup-user');
insert into user_verification_token (user_id, token, valid_until) values (NULL, '', '1970-01-01 00:00:00+00'), (NULL, 'vtok-conrad', NULL);
-- step atuin: history and its count trigger, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_history(text, bigint, text, timestamp, varchar) AS insert into history (client_id, user_id, hostname, timestamp, data) values ($1, $2, $3, $4, $5) on conflict do nothing;
EXECUTE add_history('cl-new', 1, 'host-9', '2024-06-01 12:00:00', 'ZW5jcnlwdGVkLW5ldw==');
EXECUTE add_history('cl-1', 1, 'host-9', '2024-06-01 12:00:00', 'dup');
SELECT pg_temp.check((SELECT total FROM total_history_count_user WHERE user_id = 1) = 11, 'the count trigger counted the insert');
insert into history (client_id, user_id, hostname, timestamp, data) values ('cl-2', 1, 'h', now(), 'x') on conflict (client_id) do nothing;
insert into history (client_id, user_id, hostname, timestamp, data) values ('cl-2', 1, 'h', now(), 'x') on conflict on constraint history_client_id_key do nothing;
insert into history (id, client_id, user_id, hostname, timestamp, data) values (1, 'x', 1, 'h', now(), 'x') on conflict (id) do nothing;
insert into history (id, client_id, user_id, hostname, timestamp, data) values (1, 'x', 1, 'h', now(), 'x') on conflict on constraint history_pkey do nothing;
SELECT pg_temp.check(EXISTS (SELECT id, client_id, user_id, hostname, timestamp, data, created_at FROM history WHERE client_id = 'cl-new' AND user_id = 1 AND hostname = 'host-9' AND timestamp = '2024-06-01 12:00:00'
  AND timestamp + interval '1 day' > '2024-06-02'::timestamp AND data = 'ZW5jcnlwdGVkLW5ldw==' AND length(data) = 20 AND created_at > now() - interval '1 hour'), 'history as written');
PREPARE count_user(bigint) AS select count(1) from history where user_id = $1;
EXECUTE count_user(1);
select sum(total) from total_history_count_user;
PREPARE total_user(bigint) AS select total from total_history_count_user where user_id = $1;
EXECUTE total_user(2);
PREPARE count_range(bigint, text, text) AS select count(1) from history where user_id = $1 and timestamp >= $2::date and timestamp < $3::date;
EXECUTE count_range(1, '2024-01-01', '2024-12-31');
PREPARE sync(bigint, text, timestamp, timestamp, bigint) AS select id, client_id, user_id, hostname, timestamp, data, created_at from history where user_id = $1 and hostname != $2 and created_at >= $3 and timestamp >= $4 order by timestamp asc limit $5;
EXECUTE sync(1, 'host-1', '2000-01-01 00:00:00', '2024-01-01 00:00:00', 100);
PREPARE oldest(bigint) AS select id, client_id, user_id, hostname, timestamp, data, created_at from history where user_id = $1 order by timestamp asc limit 1;
EXECUTE oldest(2);
UPDATE history SET hostname = 'host-10', data = 'ZW5jcnlwdGVkLW5ldzI=', timestamp = '2024-06-02 12:00:00', user_id = 2, client_id = 'cl-new2' WHERE client_id = 'cl-new';
SELECT pg_temp.check(EXISTS (SELECT 1 FROM history WHERE client_id = 'cl-new2' AND hostname = 'host-10' AND user_id = 2 AND data LIKE 'ZW5j%'), 'history updated');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(client_id), pg_temp.t(user_id), pg_temp.t(hostname), pg_temp.t(timestamp), pg_temp.t(data), pg_temp.t(created_at)) FROM history WHERE id = 1),
  'bigint,text,bigint,text,timestamp without time zone,text,timestamp without time zone'), 'history types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(total)) FROM total_history_count_user WHERE user_id = 1), 'bigint,bigint,integer'), 'total_history_count_user types');
SELECT pg_temp.refused($$insert into history (client_id, user_id, hostname, timestamp, data) values ('cl-3', 1, 'h', now(), 'x')$$, '23505');
SELECT pg_temp.refused($$insert into history (id, client_id, user_id, hostname, timestamp, data) values (1, 'cl-dup-id', 1, 'h', now(), 'x')$$, '23505');
insert into total_history_count_user (id, user_id, total) values (1, 1, 0) on conflict (id) do nothing;
insert into total_history_count_user (id, user_id, total) values (1, 1, 0) on conflict on constraint total_history_count_user_pkey do nothing;
-- A deleted history row is uncounted by the trigger.
DELETE FROM history WHERE client_id = 'cl-4';
SELECT pg_temp.check((SELECT total FROM total_history_count_user WHERE user_id = 2) = 9, 'the count trigger counted the delete');
-- A user's first history row starts a count of their rows.
EXECUTE add_history('cl-first', 77, 'host-1', '2024-06-01 12:00:00', 'Zmlyc3Q=');
SELECT pg_temp.check((SELECT total FROM total_history_count_user WHERE user_id = 77) = 1, 'the count trigger started a count');
-- Boundary writes (rule B).
insert into history (client_id, user_id, hostname, timestamp, data) values ('', 0, '', '1970-01-01 00:00:00', ''), ('CL-UPPER', -1, 'HOST-UPPER', '2024-01-01 01:00:00', 'ZW5jcnlwdGVkLWNtZC0x'),
  ('cl-dup-row', 2, 'host-1', '2024-01-01 01:00:00', 'ZW5jcnlwdGVkLWNtZC0x');
-- step atuin: record store and its index cache, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_record(uuid, uuid, uuid, bigint, bigint, text, text, text, text, bigint) AS insert into store (id, client_id, host, idx, timestamp, version, tag, data, cek, user_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing;
EXECUTE add_record('00000000-0000-7000-8000-000000000100', '10000000-0000-7000-8000-000000000100', '20000000-0000-7000-8000-000000000000', 100, 1700000000000000100, 'v0', 'history', 'cmVjb3JkMTAw', 'Y2Vr', 2);
insert into store (id, client_id, host, idx, timestamp, version, tag, data, cek, user_id) values ('00000000-0000-7000-8000-000000000001', gen_random_uuid(), gen_random_uuid(), 0, 0, 'v0', 't', 'd', 'c', 1) on conflict (id) do nothing;
insert into store (id, client_id, host, idx, timestamp, version, tag, data, cek, user_id) values ('00000000-0000-7000-8000-000000000001', gen_random_uuid(), gen_random_uuid(), 0, 0, 'v0', 't', 'd', 'c', 1) on conflict on constraint store_pkey do nothing;
PREPARE next_records(bigint, text, uuid, bigint, bigint) AS select client_id, host, idx, timestamp, version, tag, data, cek from store where user_id = $1 and tag = $2 and host = $3 and idx >= $4 order by idx asc limit $5;
EXECUTE next_records(2, 'history', '20000000-0000-7000-8000-000000000000', 0, 100);
SELECT pg_temp.check(EXISTS (SELECT id, client_id, host, idx, timestamp, version, tag, data, cek, user_id, created_at FROM store WHERE id = '00000000-0000-7000-8000-000000000100' AND idx = 100 AND idx + 1 = 101
  AND timestamp = 1700000000000000100 AND version = 'v0' AND tag = 'history' AND data = 'cmVjb3JkMTAw' AND cek = 'Y2Vr' AND user_id = 2 AND created_at > now() - interval '1 hour'), 'record as written');
PREPARE status(bigint) AS select host, tag, max(idx) from store where user_id = $1 group by host, tag;
EXECUTE status(2);
UPDATE store SET client_id = '10000000-0000-7000-8000-000000000101', host = '20000000-0000-7000-8000-000000000001', idx = 101, timestamp = 1700000000000000101, version = 'v1', tag = 'kv', data = 'cmVj', cek = 'Y2Vs', user_id = 1
  WHERE id = '00000000-0000-7000-8000-000000000100';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(client_id), pg_temp.t(host), pg_temp.t(idx), pg_temp.t(timestamp), pg_temp.t(version), pg_temp.t(tag), pg_temp.t(data), pg_temp.t(cek), pg_temp.t(user_id),
  pg_temp.t(created_at)) FROM store WHERE idx = 1 AND user_id = 1), 'uuid,uuid,uuid,bigint,bigint,text,text,text,text,bigint,timestamp without time zone'), 'store types');
SELECT pg_temp.refused($$insert into store (id, client_id, host, idx, timestamp, version, tag, data, cek, user_id) values ('00000000-0000-7000-8000-000000000001', gen_random_uuid(), gen_random_uuid(), 0, 0, 'v0', 't', 'd', 'c', 1)$$, '23505');
PREPARE add_cache(bigint, uuid, text, bigint) AS insert into store_idx_cache (user_id, host, tag, idx) values ($1, $2, $3, $4);
EXECUTE add_cache(1, '20000000-0000-7000-8000-000000000000', 'kv', 3);
PREPARE get_cache(bigint) AS select host, tag, idx from store_idx_cache where user_id = $1;
EXECUTE get_cache(1);
UPDATE store_idx_cache SET idx = greatest(idx, 12) WHERE user_id = 1 AND host = '20000000-0000-7000-8000-000000000000' AND tag = 'history';
SELECT pg_temp.check(EXISTS (SELECT id, user_id, host, tag, idx FROM store_idx_cache WHERE user_id = 1 AND tag = 'kv' AND idx = 3 AND host = '20000000-0000-7000-8000-000000000000'), 'cache row as written');
UPDATE store_idx_cache SET user_id = NULL, host = NULL, tag = NULL, idx = NULL WHERE user_id = 1 AND tag = 'kv';
insert into store_idx_cache (id, user_id, host, tag, idx) values (1, 1, NULL, NULL, 0) on conflict (id) do nothing;
insert into store_idx_cache (id, user_id, host, tag, idx) values (1, 1, NULL, NULL, 0) on conflict on constraint store_idx_cache_pkey do nothing;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(user_id), pg_temp.t(host), pg_temp.t(tag), pg_temp.t(idx)) FROM store_idx_cache WHERE id = 1), 'bigint,bigint,uuid,text,bigint'), 'store_idx_cache types');
SELECT pg_temp.refused($$insert into store_idx_cache (id, user_id) values (1, 1)$$, '23505');
PREPARE del_store(bigint) AS delete from store where user_id = $1;
EXECUTE del_store(1);
-- Boundary writes (rule B).
insert into store (id, client_id, host, idx, timestamp, version, tag, data, cek, user_id) values ('00000000-0000-7000-8000-000000000200', '10000000-0000-7000-8000-000000000200', '20000000-0000-7000-8000-000000000000', 0, 0, '', '', '', '', 0),
  ('00000000-0000-7000-8000-000000000201', '10000000-0000-7000-8000-000000000201', '20000000-0000-7000-8000-000000000000', -1, -1, 'V0', 'HISTORY', 'UPPER', 'CEK', -1),
  ('00000000-0000-7000-8000-000000000202', '10000000-0000-7000-8000-000000000003', '20000000-0000-7000-8000-000000000001', 1, 1700000000000000003, 'v0', 'kv', 'cmVjb3Jk3', 'Y2Vr', 2);
insert into store_idx_cache (user_id, host, tag, idx) values (0, '20000000-0000-7000-8000-000000000000', '', 0), (-1, '20000000-0000-7000-8000-000000000000', 'HISTORY', -1),
  (2, '20000000-0000-7000-8000-000000000001', 'history', 9);
