-- The serving versions' ordinary statements (Supabase Storage before each of its migrations,
-- Flipt v1 before each of its own), one statement group per "-- step", each run as {{role}} in
-- a transaction rolled back after it, against the OLD schema. This is the fixed catalogue of
-- HOLDOUT8.md (written before the migration cases), for every table, function, trigger and
-- type the serving versions use:
--  1. reads of every column BY NAME (never SELECT *), filtered on each key and indexed column,
--     plus reads with the ordinary functions and operators of each column's type (jsonb
--     operators on metadata, array subscripts on path_tokens, COLLATE "C" comparisons as
--     Storage lists, text functions, arithmetic, Flipt's evaluation joins). Every read must not
--     fail, and its columns' types are asserted (pg_temp.same, rule T: widening within a type
--     family is the same type, so int2 -> int4 -> int8, varchar(n) -> varchar(m>n) -> varchar ->
--     text and numeric(p,s) -> numeric(p'>p,s) pass, while any other type change is a change of
--     form). VALUES are asserted only on rows the step itself writes after the migration (rule
--     D: data is not a break); the rows data.sql wrote are read, every column by name, in plain
--     SELECTs whose answers are not asserted;
--  2. inserts naming exactly the columns the app sets, defaulted columns left to their
--     defaults, parameters bound as the columns' OLD declared types (PREPARE with declared
--     types; Flipt binds its varchar(255) keys as varchar and its timestamps itself). The value
--     a default gives is NOT asserted;
--  3. updates of each column, nullable ones also set to NULL (rule N), deletes by key, and
--     deletes of parent rows asserting their ON DELETE effect; then boundary writes (rule B),
--     one block at the end of each step: '' for text, 0 and a negative number for numbers, an
--     id of no row where no foreign key checks it (Flipt's constraints name their segment with
--     no foreign key), upper-case or odd values, and a second row duplicating another's values
--     where no unique constraint or index covers them; never a write the old schema refuses;
--  4. INSERT ... ON CONFLICT (cols) on every unique constraint or index, and ON CONFLICT ON
--     CONSTRAINT <name> on every named one;
--  5. refusals: an insert violating each unique or primary-key constraint/index (23505) and
--     each foreign key (23503) is still refused with its SQLSTATE (pg_temp.refused), plus the
--     ON DELETE effects of item 3 (a bucket with objects is refused, 23503). Not CHECK, NOT
--     NULL or domain constraints, varchar lengths or enum membership;
--  6. sequences: neither project's tables the serving versions use have one (Storage's and
--     Flipt's keys are uuids and text); an insert in flight across the migration is not covered
--     by this harness in any case (see holdout9_test.go);
--  7. calls of the functions the old schema defines, as the apps rely on them (storage.search,
--     foldername, filename, extension, get_size_by_bucket, operation, list_multipart_uploads_with_delimiter,
--     add_prefixes, delete_prefix, get_level, get_prefix, get_prefixes);
--  8. the rows data.sql wrote are all still there: the first step checks, for every table the
--     serving versions read, that count(*) is at least the number of rows data.sql put in it.
-- step rows data.sql wrote are all still there
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
SELECT pg_temp.check((SELECT count(*) FROM auth.users) >= 10, 'auth.users rows');
SELECT pg_temp.check((SELECT count(*) FROM storage.migrations) >= 38, 'storage.migrations rows');
SELECT pg_temp.check((SELECT count(*) FROM storage.buckets) >= 6, 'storage.buckets rows');
SELECT pg_temp.check((SELECT count(*) FROM storage.objects) >= 201, 'storage.objects rows');
SELECT pg_temp.check((SELECT count(*) FROM storage.prefixes) >= 140, 'storage.prefixes rows');
SELECT pg_temp.check((SELECT count(*) FROM storage.s3_multipart_uploads) >= 20, 'storage.s3_multipart_uploads rows');
SELECT pg_temp.check((SELECT count(*) FROM storage.s3_multipart_uploads_parts) >= 60, 'storage.s3_multipart_uploads_parts rows');
SELECT pg_temp.check((SELECT count(*) FROM namespaces) >= 3, 'namespaces rows');
SELECT pg_temp.check((SELECT count(*) FROM flags) >= 30, 'flags rows');
SELECT pg_temp.check((SELECT count(*) FROM variants) >= 60, 'variants rows');
SELECT pg_temp.check((SELECT count(*) FROM segments) >= 15, 'segments rows');
SELECT pg_temp.check((SELECT count(*) FROM constraints) >= 30, 'constraints rows');
SELECT pg_temp.check((SELECT count(*) FROM rules) >= 30, 'rules rows');
SELECT pg_temp.check((SELECT count(*) FROM rule_segments) >= 30, 'rule_segments rows');
SELECT pg_temp.check((SELECT count(*) FROM distributions) >= 60, 'distributions rows');
SELECT pg_temp.check((SELECT count(*) FROM rollouts) >= 30, 'rollouts rows');
SELECT pg_temp.check((SELECT count(*) FROM rollout_thresholds) >= 15, 'rollout_thresholds rows');
SELECT pg_temp.check((SELECT count(*) FROM rollout_segments) >= 15, 'rollout_segments rows');
-- step storage: buckets, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_bucket(text, text, uuid, boolean, int) AS INSERT INTO storage.buckets (id, name, owner, public, max_file_size_kb) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at;
EXECUTE add_bucket('avatars', 'avatars', '00000000-0000-0000-0000-000000000001', true, 512);
EXECUTE add_bucket('docs', 'docs', NULL, false, NULL);
INSERT INTO storage.buckets (id, name) VALUES ('bucket1', 'bucket1') ON CONFLICT (id) DO NOTHING;
INSERT INTO storage.buckets (id, name) VALUES ('bucket1', 'bucket1') ON CONFLICT ON CONSTRAINT buckets_pkey DO NOTHING;
INSERT INTO storage.buckets (id, name) VALUES ('bucket-x', 'bucket2') ON CONFLICT (name) DO NOTHING;
PREPARE set_bucket(text, uuid, timestamptz, timestamptz, boolean, int, storage.buckettype, text) AS UPDATE storage.buckets SET name = $1, owner = $2, created_at = $3, updated_at = $4,
  public = $5, max_file_size_kb = $6, type = $7 WHERE id = $8;
EXECUTE set_bucket('avatars-2', '00000000-0000-0000-0000-000000000002', '2024-06-01 00:00:00+00', '2024-06-02 00:00:00+00', false, 2048, 'STANDARD', 'avatars');
SELECT pg_temp.check(EXISTS (SELECT id, name, owner, created_at, updated_at, public, max_file_size_kb, type FROM storage.buckets WHERE id = 'avatars' AND name = 'avatars-2'
  AND owner = '00000000-0000-0000-0000-000000000002' AND created_at = '2024-06-01 00:00:00+00' AND updated_at = '2024-06-02 00:00:00+00' AND NOT public
  AND max_file_size_kb = 2048 AND max_file_size_kb * 1024 = 2097152 AND type = 'STANDARD'), 'bucket as written');
UPDATE storage.buckets SET owner = NULL, created_at = NULL, updated_at = NULL, public = NULL, max_file_size_kb = NULL WHERE id = 'docs';
UPDATE storage.buckets SET public = true, updated_at = now() WHERE id = 'bucket2';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(owner), pg_temp.t(created_at), pg_temp.t(updated_at), pg_temp.t(public),
  pg_temp.t(max_file_size_kb), pg_temp.t(type)) FROM storage.buckets WHERE id = 'bucket1'),
  'text,text,uuid,timestamp with time zone,timestamp with time zone,boolean,integer,storage.buckettype'), 'bucket types');
SELECT id, name, owner, created_at, updated_at, public, max_file_size_kb, type FROM storage.buckets
  WHERE id = 'bucket1' OR name = 'bucket2' OR owner = '00000000-0000-0000-0000-000000000003' OR lower(name) LIKE 'bucket%' OR (public AND max_file_size_kb > 100) OR type = 'STANDARD';
PREPARE bucket_by_name(text) AS SELECT id, public, max_file_size_kb FROM storage.buckets WHERE name = $1;
EXECUTE bucket_by_name('bucket3');
SELECT pg_temp.refused($$INSERT INTO storage.buckets (id, name) VALUES ('bucket1', 'fresh')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.buckets (id, name) VALUES ('fresh', 'bucket1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.buckets (id, name, owner) VALUES ('fresh', 'fresh', '99999999-0000-0000-0000-000000000000')$$, '23503');
SELECT pg_temp.refused($$DELETE FROM storage.buckets WHERE id = 'bucket1'$$, '23503');
DELETE FROM storage.buckets WHERE id = 'docs';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM storage.buckets WHERE id = 'docs'), 'bucket deleted');
-- Boundary writes (rule B).
INSERT INTO storage.buckets (id, name, owner, public, max_file_size_kb) VALUES ('', '', NULL, false, 0), ('AVATARS', 'AVATARS-2', NULL, true, -1), ('odd bucket', 'odd bucket.name', NULL, true, 512);
-- step storage: objects and the functions that read them, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_object(text, text, uuid, jsonb, int) AS INSERT INTO storage.objects (bucket_id, name, owner, metadata, level) VALUES ($1, $2, $3, $4, $5) RETURNING id, path_tokens;
EXECUTE add_object('bucket2', 'photos/2024/cat.png', '00000000-0000-0000-0000-000000000001', '{"size": 4096, "mimetype": "image/png", "eTag": "abc"}', 3);
EXECUTE add_object('bucket2', 'photos/2024/dog.png', NULL, NULL, 3);
PREPARE upsert_object(text, text, uuid, jsonb) AS INSERT INTO storage.objects (bucket_id, name, owner, metadata) VALUES ($1, $2, $3, $4)
  ON CONFLICT (name, bucket_id) DO UPDATE SET owner = excluded.owner, metadata = excluded.metadata, updated_at = now() RETURNING id;
EXECUTE upsert_object('bucket2', 'photos/2024/bird.png', NULL, '{"size": 10}');
EXECUTE upsert_object('bucket2', 'photos/2024/bird.png', NULL, '{"size": 20}');
INSERT INTO storage.objects (id, bucket_id, name) SELECT id, 'bucket2', 'zz' FROM storage.objects WHERE name = 'top.txt' ON CONFLICT (id) DO NOTHING;
INSERT INTO storage.objects (id, bucket_id, name) SELECT id, 'bucket2', 'zz' FROM storage.objects WHERE name = 'top.txt' ON CONFLICT ON CONSTRAINT objects_pkey DO NOTHING;
INSERT INTO storage.objects (bucket_id, name, level) VALUES ('bucket1', 'top.txt', 1) ON CONFLICT (bucket_id, level, name COLLATE "C") DO NOTHING;
PREPARE set_object(text, text, uuid, timestamptz, timestamptz, timestamptz, jsonb, int, text) AS UPDATE storage.objects SET bucket_id = $1, name = $2, owner = $3, created_at = $4,
  updated_at = $5, last_accessed_at = $6, metadata = $7, level = $8 WHERE name = $9;
EXECUTE set_object('bucket3', 'photos/2025/cat.png', '00000000-0000-0000-0000-000000000002', '2024-06-01 00:00:00+00', '2024-06-02 00:00:00+00', '2024-06-03 00:00:00+00',
  '{"size": 8192, "mimetype": "image/png"}', 3, 'photos/2024/cat.png');
SELECT pg_temp.check(EXISTS (SELECT id, bucket_id, name, owner, created_at, updated_at, last_accessed_at, metadata, path_tokens, level FROM storage.objects
  WHERE bucket_id = 'bucket3' AND name = 'photos/2025/cat.png' AND owner = '00000000-0000-0000-0000-000000000002' AND created_at = '2024-06-01 00:00:00+00'
  AND updated_at = '2024-06-02 00:00:00+00' AND last_accessed_at = '2024-06-03 00:00:00+00' AND (metadata->>'size')::int = 8192 AND metadata @> '{"mimetype": "image/png"}'
  AND path_tokens = ARRAY['photos', '2025', 'cat.png'] AND path_tokens[2] = '2025' AND level = 3 AND level + 1 = 4), 'object as written');
UPDATE storage.objects SET bucket_id = NULL, name = NULL, owner = NULL, created_at = NULL, updated_at = NULL, last_accessed_at = NULL, metadata = NULL, level = NULL
  WHERE name = 'photos/2024/dog.png';
UPDATE storage.objects SET last_accessed_at = now() WHERE bucket_id = 'bucket1' AND name = 'top.txt';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(bucket_id), pg_temp.t(name), pg_temp.t(owner), pg_temp.t(created_at), pg_temp.t(updated_at),
  pg_temp.t(last_accessed_at), pg_temp.t(metadata), pg_temp.t(path_tokens), pg_temp.t(level)) FROM storage.objects WHERE name = 'top.txt'),
  'uuid,text,text,uuid,timestamp with time zone,timestamp with time zone,timestamp with time zone,jsonb,text[],integer'), 'object types');
SELECT id, bucket_id, name, owner, created_at, updated_at, last_accessed_at, metadata, path_tokens, level FROM storage.objects
  WHERE bucket_id = 'bucket2' AND name = 'folder1/sub1/file1.png' OR name LIKE 'folder2/%' OR (bucket_id = 'bucket3' AND level = 3 AND name COLLATE "C" > 'folder3')
  OR owner = '00000000-0000-0000-0000-000000000004' OR lower(name) LIKE 'folder4/%' OR metadata->>'mimetype' = 'image/png' OR array_length(path_tokens, 1) = 2
  ORDER BY name COLLATE "C" LIMIT 100;
PREPARE object_by_name(text, text) AS SELECT id, owner, metadata, updated_at FROM storage.objects WHERE bucket_id = $1 AND name = $2;
EXECUTE object_by_name('bucket2', 'photos/2024/bird.png');
SELECT pg_temp.check((SELECT (metadata->>'size')::int FROM storage.objects WHERE bucket_id = 'bucket2' AND name = 'photos/2024/bird.png') = 20, 'upsert updated');
SELECT pg_temp.check(storage.foldername('photos/2024/cat.png') = ARRAY['photos', '2024'] AND storage.filename('photos/2024/cat.png') = 'cat.png'
  AND storage.extension('photos/2024/cat.png') = 'png', 'path functions');
SELECT pg_temp.check(EXISTS (SELECT name, id, updated_at, created_at, last_accessed_at, metadata FROM storage.search('photos/2024/', 'bucket2', 100, 3, 0) WHERE name = 'bird.png'), 'search finds bird.png');
SELECT name, id, updated_at, created_at, last_accessed_at, metadata FROM storage.search('folder1/', 'bucket2', 10, 2, 0);
SELECT pg_temp.check((SELECT size FROM storage.get_size_by_bucket() WHERE bucket = 'bucket3') >= 8192, 'size of bucket3');
SELECT size, bucket FROM storage.get_size_by_bucket();
SELECT set_config('storage.operation', 'object.list', true);
SELECT pg_temp.check(storage.operation() = 'object.list', 'operation');
SELECT pg_temp.refused($$INSERT INTO storage.objects (bucket_id, name) VALUES ('bucket2', 'photos/2024/bird.png')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.objects (id, bucket_id, name) SELECT id, 'bucket5', 'fresh' FROM storage.objects WHERE name = 'top.txt'$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.objects (bucket_id, name) VALUES ('no-such-bucket', 'fresh')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO storage.objects (bucket_id, name, owner) VALUES ('bucket2', 'fresh', '99999999-0000-0000-0000-000000000000')$$, '23503');
DELETE FROM storage.objects WHERE bucket_id = 'bucket2' AND name = 'photos/2024/bird.png';
DELETE FROM storage.objects WHERE name IS NULL AND bucket_id IS NULL;
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM storage.objects WHERE bucket_id = 'bucket2' AND name = 'photos/2024/bird.png'), 'object deleted');
-- Boundary writes (rule B).
INSERT INTO storage.objects (bucket_id, name, owner, metadata, level) VALUES ('bucket2', '', NULL, '{}', 0), ('bucket2', 'PHOTOS/2025/CAT.PNG', NULL, '{"size": 0}', -1),
  ('bucket2', 'odd name/with space/é.txt', NULL, '{"size": -1}', 3), ('bucket2', 'photos/2025/cat2.png', '00000000-0000-0000-0000-000000000002', '{"size": 8192, "mimetype": "image/png"}', 3);
-- step storage: prefixes and their functions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_prefix(text, text) AS INSERT INTO storage.prefixes (bucket_id, name) VALUES ($1, $2) RETURNING level;
EXECUTE add_prefix('bucket1', 'newdir');
EXECUTE add_prefix('bucket1', 'newdir/inner');
INSERT INTO storage.prefixes (bucket_id, name) VALUES ('bucket2', 'folder1') ON CONFLICT (bucket_id, level, name) DO NOTHING;
INSERT INTO storage.prefixes (bucket_id, name) VALUES ('bucket2', 'folder1') ON CONFLICT ON CONSTRAINT prefixes_pkey DO NOTHING;
INSERT INTO storage.prefixes (bucket_id, name) VALUES ('bucket2', 'folder1') ON CONFLICT DO NOTHING;
PREPARE set_prefix(text, text, timestamptz, timestamptz, text) AS UPDATE storage.prefixes SET bucket_id = $1, name = $2, created_at = $3, updated_at = $4 WHERE bucket_id = 'bucket1' AND name = $5;
EXECUTE set_prefix('bucket2', 'newdir2/inner', '2024-06-01 00:00:00+00', '2024-06-02 00:00:00+00', 'newdir/inner');
SELECT pg_temp.check(EXISTS (SELECT bucket_id, name, level, created_at, updated_at FROM storage.prefixes WHERE bucket_id = 'bucket2' AND name = 'newdir2/inner' AND level = 2
  AND created_at = '2024-06-01 00:00:00+00' AND updated_at = '2024-06-02 00:00:00+00'), 'prefix as written');
UPDATE storage.prefixes SET created_at = NULL, updated_at = NULL WHERE bucket_id = 'bucket1' AND name = 'newdir';
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(bucket_id), pg_temp.t(name), pg_temp.t(level), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM storage.prefixes
  WHERE bucket_id = 'bucket2' AND name = 'folder1'), 'text,text,integer,timestamp with time zone,timestamp with time zone'), 'prefix types');
SELECT bucket_id, name, level, created_at, updated_at FROM storage.prefixes WHERE bucket_id = 'bucket2' AND level = 1 AND name = 'folder1' OR lower(name) LIKE 'folder3/%'
  OR name COLLATE "C" > 'folder5' OR level > 1 ORDER BY bucket_id, level, name;
SELECT storage.add_prefixes('bucket1', 'newtree/a/b/file.txt');
SELECT pg_temp.check((SELECT count(*) FROM storage.prefixes WHERE bucket_id = 'bucket1' AND name IN ('newtree', 'newtree/a', 'newtree/a/b')) = 3, 'add_prefixes');
SELECT pg_temp.check(storage.delete_prefix('bucket1', 'newtree/a/b') AND NOT storage.delete_prefix('bucket1', 'newtree'), 'delete_prefix');
SELECT pg_temp.check(storage.get_level('a/b/c') = 3 AND storage.get_prefix('a/b/c') = 'a/b' AND storage.get_prefixes('a/b/c') = ARRAY['a', 'a/b'], 'prefix functions');
SELECT pg_temp.refused($$INSERT INTO storage.prefixes (bucket_id, name) VALUES ('bucket2', 'folder1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.prefixes (bucket_id, name) VALUES ('no-such-bucket', 'x')$$, '23503');
DELETE FROM storage.prefixes WHERE bucket_id = 'bucket1' AND level = 1 AND name = 'newdir';
-- Boundary writes (rule B).
INSERT INTO storage.prefixes (bucket_id, name) VALUES ('bucket1', 'NEWDIR'), ('bucket1', 'odd dir/with space');
-- step storage: s3 multipart uploads and parts, migrations, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_upload(text, text, text, text, text, text) AS INSERT INTO storage.s3_multipart_uploads (id, upload_signature, bucket_id, key, version, owner_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id;
EXECUTE add_upload('up-new', 'sig-new', 'bucket2', 'videos/movie.mp4', 'v-new', '00000000-0000-0000-0000-000000000001');
EXECUTE add_upload('up-new2', 'sig-new2', 'bucket2', 'videos/other.mp4', 'v-new2', NULL);
INSERT INTO storage.s3_multipart_uploads (id, upload_signature, bucket_id, key, version) VALUES ('upload1', 's', 'bucket2', 'k', 'v') ON CONFLICT (id) DO NOTHING;
INSERT INTO storage.s3_multipart_uploads (id, upload_signature, bucket_id, key, version) VALUES ('upload1', 's', 'bucket2', 'k', 'v') ON CONFLICT ON CONSTRAINT s3_multipart_uploads_pkey DO NOTHING;
PREPARE add_part(text, int, int, text, text, text, text, text) AS INSERT INTO storage.s3_multipart_uploads_parts (upload_id, size, part_number, bucket_id, key, etag, owner_id, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id;
EXECUTE add_part('up-new', 5242880, 1, 'bucket2', 'videos/movie.mp4', 'etag1', '00000000-0000-0000-0000-000000000001', 'v-new');
EXECUTE add_part('up-new', 1024, 2, 'bucket2', 'videos/movie.mp4', 'etag2', NULL, 'v-new');
INSERT INTO storage.s3_multipart_uploads_parts (id, upload_id, part_number, bucket_id, key, etag, version) SELECT id, 'up-new', 9, 'bucket2', 'k', 'e', 'v' FROM storage.s3_multipart_uploads_parts
  WHERE upload_id = 'upload1' AND part_number = 1 ON CONFLICT ON CONSTRAINT s3_multipart_uploads_parts_pkey DO NOTHING;
PREPARE grow_upload(int, text) AS UPDATE storage.s3_multipart_uploads SET in_progress_size = in_progress_size + $1 WHERE id = $2 RETURNING in_progress_size;
EXECUTE grow_upload(5243904, 'up-new');
PREPARE set_upload(int, text, text, text, text, text, timestamptz, text) AS UPDATE storage.s3_multipart_uploads SET in_progress_size = $1, upload_signature = $2, bucket_id = $3, key = $4,
  version = $5, owner_id = $6, created_at = $7 WHERE id = $8;
EXECUTE set_upload(2048, 'sig-2', 'bucket3', 'videos/other2.mp4', 'v-2', 'someone', '2024-06-01 00:00:00+00', 'up-new2');
SELECT pg_temp.check(EXISTS (SELECT id, in_progress_size, upload_signature, bucket_id, key, version, owner_id, created_at FROM storage.s3_multipart_uploads WHERE id = 'up-new2'
  AND in_progress_size = 2048 AND in_progress_size / 2 = 1024 AND upload_signature = 'sig-2' AND bucket_id = 'bucket3' AND key = 'videos/other2.mp4' AND version = 'v-2'
  AND owner_id = 'someone' AND created_at = '2024-06-01 00:00:00+00'), 'upload as written');
SELECT pg_temp.check((SELECT in_progress_size FROM storage.s3_multipart_uploads WHERE id = 'up-new') = 5243904, 'upload grown');
UPDATE storage.s3_multipart_uploads SET owner_id = NULL WHERE id = 'up-new2';
PREPARE set_part(int, int, text, text, text, text, text, timestamptz, text) AS UPDATE storage.s3_multipart_uploads_parts SET size = $1, part_number = $2, bucket_id = $3, key = $4, etag = $5,
  owner_id = $6, version = $7, created_at = $8 WHERE upload_id = 'up-new' AND etag = $9;
EXECUTE set_part(2048, 3, 'bucket2', 'videos/movie.mp4', 'etag3', 'owner', 'v-new', '2024-06-01 00:00:00+00', 'etag2');
SELECT pg_temp.check(EXISTS (SELECT id, upload_id, size, part_number, bucket_id, key, etag, owner_id, version, created_at FROM storage.s3_multipart_uploads_parts WHERE upload_id = 'up-new'
  AND etag = 'etag3' AND size = 2048 AND part_number = 3 AND owner_id = 'owner' AND created_at = '2024-06-01 00:00:00+00'), 'part as written');
UPDATE storage.s3_multipart_uploads_parts SET owner_id = NULL WHERE upload_id = 'up-new' AND etag = 'etag3';
SELECT pg_temp.check((SELECT sum(size) FROM storage.s3_multipart_uploads_parts WHERE upload_id = 'up-new') = 5244928, 'parts summed');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(in_progress_size), pg_temp.t(upload_signature), pg_temp.t(bucket_id), pg_temp.t(key), pg_temp.t(version),
  pg_temp.t(owner_id), pg_temp.t(created_at)) FROM storage.s3_multipart_uploads WHERE id = 'upload1'), 'text,integer,text,text,text,text,text,timestamp with time zone'), 'upload types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(upload_id), pg_temp.t(size), pg_temp.t(part_number), pg_temp.t(bucket_id), pg_temp.t(key), pg_temp.t(etag),
  pg_temp.t(owner_id), pg_temp.t(version), pg_temp.t(created_at)) FROM storage.s3_multipart_uploads_parts WHERE upload_id = 'upload1' AND part_number = 1),
  'uuid,text,integer,integer,text,text,text,text,text,timestamp with time zone'), 'part types');
SELECT id, in_progress_size, upload_signature, bucket_id, key, version, owner_id, created_at FROM storage.s3_multipart_uploads WHERE bucket_id = 'bucket2' AND key COLLATE "C" > 'big/'
  OR id = 'upload3' OR in_progress_size > 0 OR key ILIKE 'BIG/%' ORDER BY bucket_id, key COLLATE "C", created_at;
SELECT id, upload_id, size, part_number, bucket_id, key, etag, owner_id, version, created_at FROM storage.s3_multipart_uploads_parts WHERE upload_id = 'upload2' ORDER BY part_number;
SELECT pg_temp.check(EXISTS (SELECT key, id, created_at FROM storage.list_multipart_uploads_with_delimiter('bucket2', 'videos/', '/') WHERE id = 'up-new'), 'list uploads');
SELECT key, id, created_at FROM storage.list_multipart_uploads_with_delimiter('bucket2', 'big/', '/', 10, '', '');
SELECT pg_temp.refused($$INSERT INTO storage.s3_multipart_uploads (id, upload_signature, bucket_id, key, version) VALUES ('upload1', 's', 'bucket2', 'k', 'v')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.s3_multipart_uploads (id, upload_signature, bucket_id, key, version) VALUES ('fresh', 's', 'no-such-bucket', 'k', 'v')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO storage.s3_multipart_uploads_parts (upload_id, part_number, bucket_id, key, etag, version) VALUES ('no-such-upload', 1, 'bucket2', 'k', 'e', 'v')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO storage.s3_multipart_uploads_parts (upload_id, part_number, bucket_id, key, etag, version) VALUES ('upload1', 1, 'no-such-bucket', 'k', 'e', 'v')$$, '23503');
DELETE FROM storage.s3_multipart_uploads WHERE id = 'upload2';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM storage.s3_multipart_uploads_parts WHERE upload_id = 'upload2'), 'upload delete cascades to parts');
DELETE FROM storage.s3_multipart_uploads_parts WHERE upload_id = 'upload3' AND part_number = 1;
PREPARE add_migration(int, varchar, varchar) AS INSERT INTO storage.migrations (id, name, hash) VALUES ($1, $2, $3);
EXECUTE add_migration(1000, 'new-migration', md5('new'));
INSERT INTO storage.migrations (id, name, hash) VALUES (1, 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO storage.migrations (id, name, hash) VALUES (1, 'x', 'x') ON CONFLICT ON CONSTRAINT migrations_pkey DO NOTHING;
INSERT INTO storage.migrations (id, name, hash) VALUES (1001, 'migration-1', 'x') ON CONFLICT (name) DO NOTHING;
INSERT INTO storage.migrations (id, name, hash) VALUES (1001, 'migration-1', 'x') ON CONFLICT ON CONSTRAINT migrations_name_key DO NOTHING;
UPDATE storage.migrations SET hash = md5('rehash'), executed_at = '2024-07-01 00:00:00', name = 'new-migration-2' WHERE id = 1000;
UPDATE storage.migrations SET executed_at = NULL WHERE id = 1000;
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(name), pg_temp.t(hash), pg_temp.t(executed_at)) FROM storage.migrations WHERE id = 1),
  'integer,text,text,timestamp without time zone'), 'migration types');
SELECT id, name, hash, executed_at FROM storage.migrations WHERE name = 'migration-3' OR id = 5 OR executed_at >= now() - interval '1 minutes' OR upper(hash) = hash ORDER BY id;
SELECT pg_temp.refused($$INSERT INTO storage.migrations (id, name, hash) VALUES (1002, 'migration-1', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO storage.migrations (id, name, hash) VALUES (1, 'fresh', 'x')$$, '23505');
DELETE FROM storage.migrations WHERE id = 1000;
-- Boundary writes (rule B).
EXECUTE grow_upload(0, 'upload3');
EXECUTE grow_upload(-1, 'upload4');
EXECUTE add_upload('', '', 'bucket2', '', '', '');
EXECUTE add_upload('UP-NEW', 'SIG', 'bucket2', 'VIDEOS/MOVIE.MP4', 'V', 'X');
EXECUTE add_part('up-new', 0, 0, 'bucket2', '', '', '', '');
EXECUTE add_part('up-new', -1, -1, 'bucket2', 'videos/movie.mp4', 'ETAG1', NULL, 'v-new');
EXECUTE add_part('up-new', -1, -1, 'bucket2', 'videos/movie.mp4', 'ETAG1', NULL, 'v-new');
EXECUTE add_migration(0 - 1, '', '');
EXECUTE add_migration(-2, 'NEW-MIGRATION', 'X');
-- step flipt: namespaces, flags and variants, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_namespace(varchar, varchar, text, boolean, timestamp, timestamp) AS INSERT INTO namespaces (key, name, description, protected, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE add_namespace('prod', 'Production', 'Production flags', false, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO namespaces (key, name, description) VALUES ('default', 'x', 'x') ON CONFLICT (key) DO NOTHING;
INSERT INTO namespaces (key, name, description) VALUES ('default', 'x', 'x') ON CONFLICT ON CONSTRAINT namespaces_pkey DO NOTHING;
PREPARE set_namespace(varchar, text, boolean, timestamp, varchar) AS UPDATE namespaces SET name = $1, description = $2, protected = $3, updated_at = $4 WHERE key = $5;
EXECUTE set_namespace('Prod', 'Production, edited', true, '2024-06-02 00:00:00', 'prod');
SELECT pg_temp.check(EXISTS (SELECT key, name, description, protected, created_at, updated_at FROM namespaces WHERE key = 'prod' AND name = 'Prod' AND description LIKE '%edited'
  AND protected AND created_at = '2024-06-01 00:00:00' AND updated_at - created_at = interval '1 day'), 'namespace as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(key), pg_temp.t(name), pg_temp.t(description), pg_temp.t(protected), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM namespaces WHERE key = 'default'), 'text,text,text,boolean,timestamp without time zone,timestamp without time zone'), 'namespace types');
SELECT key, name, description, protected, created_at, updated_at FROM namespaces WHERE key = 'staging' OR lower(name) = 'default' OR protected ORDER BY created_at;
PREPARE add_flag(varchar, varchar, varchar, text, boolean, timestamp, timestamp) AS INSERT INTO flags (namespace_key, key, name, description, enabled, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7);
EXECUTE add_flag('prod', 'dark-mode', 'Dark mode toggle', 'Lets users switch to a dark theme', true, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_flag('default', 'new-checkout', 'New checkout flow', '', false, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO flags (namespace_key, key, name, description) VALUES ('staging', 'flag1', 'x', 'x') ON CONFLICT (namespace_key, key) DO NOTHING;
INSERT INTO flags (namespace_key, key, name, description) VALUES ('staging', 'flag1', 'x', 'x') ON CONFLICT ON CONSTRAINT flags_pkey DO NOTHING;
PREPARE set_flag(varchar, text, boolean, timestamp, varchar, varchar) AS UPDATE flags SET name = $1, description = $2, enabled = $3, updated_at = $4 WHERE namespace_key = $5 AND key = $6;
EXECUTE set_flag('Dark mode', 'Dark theme switch', false, '2024-06-02 00:00:00', 'prod', 'dark-mode');
SELECT pg_temp.check(EXISTS (SELECT namespace_key, key, name, description, enabled, created_at, updated_at FROM flags WHERE namespace_key = 'prod' AND key = 'dark-mode' AND name = 'Dark mode'
  AND description = 'Dark theme switch' AND NOT enabled AND created_at = '2024-06-01 00:00:00' AND updated_at > created_at), 'flag as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(namespace_key), pg_temp.t(key), pg_temp.t(name), pg_temp.t(description), pg_temp.t(enabled), pg_temp.t(created_at),
  pg_temp.t(updated_at)) FROM flags WHERE key = 'flag1'), 'text,text,text,text,boolean,timestamp without time zone,timestamp without time zone'), 'flag types');
SELECT namespace_key, key, name, description, enabled, created_at, updated_at FROM flags WHERE namespace_key = 'staging' AND key = 'flag1' OR key = 'flag2' OR upper(name) LIKE 'FLAG%'
  OR enabled ORDER BY created_at DESC, key LIMIT 25;
PREPARE add_variant(varchar, varchar, varchar, varchar, varchar, text, timestamp, timestamp) AS INSERT INTO variants (id, namespace_key, flag_key, key, name, description, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
EXECUTE add_variant('v-dark-on', 'prod', 'dark-mode', 'on', 'On', 'Dark theme on', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_variant('v-dark-off', 'prod', 'dark-mode', 'off', 'Off', '', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('variant-flag1-1', 'staging', 'flag1', 'q', 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('variant-flag1-1', 'staging', 'flag1', 'q', 'x', 'x') ON CONFLICT ON CONSTRAINT variants_pkey DO NOTHING;
INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'staging', 'flag1', 'flag1-v1', 'x', 'x') ON CONFLICT (key) DO NOTHING;
INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'staging', 'flag1', 'flag1-v1', 'x', 'x') ON CONFLICT ON CONSTRAINT variants_key_key DO NOTHING;
INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'staging', 'flag1', 'flag1-v1', 'x', 'x') ON CONFLICT (namespace_key, flag_key, key) DO NOTHING;
INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'staging', 'flag1', 'flag1-v1', 'x', 'x') ON CONFLICT ON CONSTRAINT variants_namespace_flag_key DO NOTHING;
PREPARE set_variant(varchar, varchar, text, timestamp, varchar) AS UPDATE variants SET key = $1, name = $2, description = $3, updated_at = $4 WHERE id = $5;
EXECUTE set_variant('enabled', 'Enabled', 'Dark theme enabled', '2024-06-02 00:00:00', 'v-dark-on');
SELECT pg_temp.check(EXISTS (SELECT id, namespace_key, flag_key, key, name, description, created_at, updated_at FROM variants WHERE id = 'v-dark-on' AND namespace_key = 'prod'
  AND flag_key = 'dark-mode' AND key = 'enabled' AND name = 'Enabled' AND description LIKE 'Dark%' AND updated_at = '2024-06-02 00:00:00'), 'variant as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(namespace_key), pg_temp.t(flag_key), pg_temp.t(key), pg_temp.t(name), pg_temp.t(description),
  pg_temp.t(created_at), pg_temp.t(updated_at)) FROM variants WHERE id = 'variant-flag1-1'), 'text,text,text,text,text,text,timestamp without time zone,timestamp without time zone'), 'variant types');
SELECT id, namespace_key, flag_key, key, name, description, created_at, updated_at FROM variants WHERE namespace_key = 'staging' AND flag_key = 'flag1' OR id = 'variant-flag2-1'
  OR key = 'flag3-v2' ORDER BY created_at, id;
SELECT pg_temp.refused($$INSERT INTO namespaces (key, name, description) VALUES ('default', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO flags (namespace_key, key, name, description) VALUES ('staging', 'flag1', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO flags (namespace_key, key, name, description) VALUES ('no-such-namespace', 'fresh', 'x', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('variant-flag1-1', 'staging', 'flag1', 'q', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'staging', 'flag1', 'flag1-v1', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'staging', 'no-such-flag', 'fresh', 'x', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO variants (id, namespace_key, flag_key, key, name, description) VALUES ('fresh', 'no-such-namespace', 'flag1', 'fresh', 'x', 'x')$$, '23503');
DELETE FROM variants WHERE id = 'v-dark-off';
DELETE FROM flags WHERE namespace_key = 'staging' AND key = 'flag1';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM variants WHERE flag_key = 'flag1') AND NOT EXISTS (SELECT 1 FROM rules WHERE flag_key = 'flag1')
  AND NOT EXISTS (SELECT 1 FROM rollouts WHERE flag_key = 'flag1') AND NOT EXISTS (SELECT 1 FROM distributions WHERE rule_id = 'rule-flag1'), 'flag delete cascades');
DELETE FROM namespaces WHERE key = 'team-a';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM flags WHERE namespace_key = 'team-a') AND NOT EXISTS (SELECT 1 FROM segments WHERE namespace_key = 'team-a')
  AND NOT EXISTS (SELECT 1 FROM constraints WHERE namespace_key = 'team-a') AND NOT EXISTS (SELECT 1 FROM rollouts WHERE namespace_key = 'team-a'), 'namespace delete cascades');
-- Boundary writes (rule B).
EXECUTE add_namespace('', '', '', false, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_namespace('PROD', 'PROD', 'X', true, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_flag('prod', '', '', '', false, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_flag('prod', 'DARK-MODE', 'Dark mode', 'Dark theme switch', false, '2024-06-02 00:00:00', '2024-06-02 00:00:00');
EXECUTE add_flag('prod', 'dark-mode-2', 'Dark mode', 'Dark theme switch', false, '2024-06-02 00:00:00', '2024-06-02 00:00:00');
EXECUTE add_variant('', 'prod', 'dark-mode', '', '', '', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_variant('V-DARK-ON', 'prod', 'dark-mode', 'ENABLED', 'Enabled', 'Dark theme enabled', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_variant('v-dark-on-2', 'prod', 'dark-mode', 'enabled-2', 'Enabled', 'Dark theme enabled', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
-- step flipt: segments, constraints, rules, rule segments and distributions, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_segment(varchar, varchar, varchar, text, timestamp, timestamp) AS INSERT INTO segments (namespace_key, key, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE add_segment('default', 'beta-users', 'Beta users', 'Users in the beta programme', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO segments (namespace_key, key, name, description) VALUES ('staging', 'segment1', 'x', 'x') ON CONFLICT (namespace_key, key) DO NOTHING;
INSERT INTO segments (namespace_key, key, name, description) VALUES ('staging', 'segment1', 'x', 'x') ON CONFLICT ON CONSTRAINT segments_pkey DO NOTHING;
PREPARE set_segment(varchar, text, timestamp, varchar, varchar) AS UPDATE segments SET name = $1, description = $2, updated_at = $3 WHERE namespace_key = $4 AND key = $5;
EXECUTE set_segment('Beta testers', 'Edited', '2024-06-02 00:00:00', 'default', 'beta-users');
SELECT pg_temp.check(EXISTS (SELECT namespace_key, key, name, description, created_at, updated_at FROM segments WHERE namespace_key = 'default' AND key = 'beta-users' AND name = 'Beta testers'
  AND description = 'Edited' AND updated_at = '2024-06-02 00:00:00'), 'segment as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(namespace_key), pg_temp.t(key), pg_temp.t(name), pg_temp.t(description), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM segments WHERE key = 'segment1'), 'text,text,text,text,timestamp without time zone,timestamp without time zone'), 'segment types');
PREPARE add_constraint(varchar, varchar, varchar, int, varchar, varchar, text, timestamp, timestamp) AS INSERT INTO constraints (id, namespace_key, segment_key, type, property, operator, value,
  created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);
EXECUTE add_constraint('c-beta-1', 'default', 'beta-users', 1, 'plan', 'eq', 'beta', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO constraints (id, segment_key, property, operator, value) VALUES ('constraint-segment3-1', 'segment3', 'x', 'x', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO constraints (id, segment_key, property, operator, value) VALUES ('constraint-segment3-1', 'segment3', 'x', 'x', 'x') ON CONFLICT ON CONSTRAINT constraints_pkey DO NOTHING;
PREPARE set_constraint(int, varchar, varchar, text, timestamp, varchar) AS UPDATE constraints SET type = $1, property = $2, operator = $3, value = $4, updated_at = $5 WHERE id = $6;
EXECUTE set_constraint(2, 'age', 'gte', '18', '2024-06-02 00:00:00', 'c-beta-1');
SELECT pg_temp.check(EXISTS (SELECT id, namespace_key, segment_key, type, property, operator, value, created_at, updated_at FROM constraints WHERE id = 'c-beta-1' AND type = 2 AND type * 2 = 4
  AND property = 'age' AND operator = 'gte' AND value::int = 18 AND segment_key = 'beta-users' AND namespace_key = 'default'), 'constraint as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(namespace_key), pg_temp.t(segment_key), pg_temp.t(type), pg_temp.t(property), pg_temp.t(operator),
  pg_temp.t(value), pg_temp.t(created_at), pg_temp.t(updated_at)) FROM constraints WHERE id = 'constraint-segment3-1'),
  'text,text,text,integer,text,text,text,timestamp without time zone,timestamp without time zone'), 'constraint types');
PREPARE add_rule(varchar, varchar, varchar, varchar, int, timestamp, timestamp) AS INSERT INTO rules (id, namespace_key, flag_key, segment_key, rank, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7);
EXECUTE add_rule('rule-new', 'default', 'flag3', 'beta-users', 2, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
PREPARE add_rule_segment(varchar, varchar, varchar) AS INSERT INTO rule_segments (rule_id, namespace_key, segment_key) VALUES ($1, $2, $3);
EXECUTE add_rule_segment('rule-new', 'default', 'beta-users');
INSERT INTO rule_segments (rule_id, namespace_key, segment_key) VALUES ('rule-new', 'default', 'beta-users') ON CONFLICT (rule_id, namespace_key, segment_key) DO NOTHING;
INSERT INTO rule_segments (rule_id, namespace_key, segment_key) VALUES ('rule-new', 'default', 'beta-users') ON CONFLICT ON CONSTRAINT rule_segments_rule_id_namespace_key_segment_key_key DO NOTHING;
INSERT INTO rules (id, namespace_key, flag_key, segment_key) VALUES ('rule-flag3', 'default', 'flag3', 'beta-users') ON CONFLICT (id) DO NOTHING;
INSERT INTO rules (id, namespace_key, flag_key, segment_key) VALUES ('rule-flag3', 'default', 'flag3', 'beta-users') ON CONFLICT ON CONSTRAINT rules_pkey DO NOTHING;
PREPARE set_rule(varchar, int, timestamp, varchar) AS UPDATE rules SET segment_key = $1, rank = $2, updated_at = $3 WHERE id = $4;
EXECUTE set_rule('segment3', 3, '2024-06-02 00:00:00', 'rule-new');
UPDATE rules SET rank = rank + 1 WHERE namespace_key = 'default' AND flag_key = 'flag3';
SELECT pg_temp.check(EXISTS (SELECT id, namespace_key, flag_key, segment_key, rank, created_at, updated_at FROM rules WHERE id = 'rule-new' AND segment_key = 'segment3' AND rank = 4
  AND updated_at = '2024-06-02 00:00:00'), 'rule as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(namespace_key), pg_temp.t(flag_key), pg_temp.t(segment_key), pg_temp.t(rank), pg_temp.t(created_at),
  pg_temp.t(updated_at)) FROM rules WHERE id = 'rule-flag3'), 'text,text,text,text,integer,timestamp without time zone,timestamp without time zone'), 'rule types');
PREPARE add_distribution(varchar, varchar, varchar, float8, timestamp, timestamp) AS INSERT INTO distributions (id, rule_id, variant_id, rollout, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE add_distribution('dist-new', 'rule-new', 'variant-flag3-1', 33.3, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO distributions (id, rule_id, variant_id) VALUES ('dist-variant-flag3-1', 'rule-new', 'variant-flag3-1') ON CONFLICT (id) DO NOTHING;
INSERT INTO distributions (id, rule_id, variant_id) VALUES ('dist-variant-flag3-1', 'rule-new', 'variant-flag3-1') ON CONFLICT ON CONSTRAINT distributions_pkey DO NOTHING;
PREPARE set_distribution(float8, timestamp, varchar) AS UPDATE distributions SET rollout = $1, updated_at = $2 WHERE id = $3;
EXECUTE set_distribution(66.7, '2024-06-02 00:00:00', 'dist-new');
SELECT pg_temp.check(EXISTS (SELECT id, rule_id, variant_id, rollout, created_at, updated_at FROM distributions WHERE id = 'dist-new' AND rule_id = 'rule-new' AND variant_id = 'variant-flag3-1'
  AND rollout = 66.7::float8 AND rollout + 33.3::float8 > 99.9 AND round(rollout::numeric, 1) = 66.7), 'distribution as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(rule_id), pg_temp.t(variant_id), pg_temp.t(rollout), pg_temp.t(created_at), pg_temp.t(updated_at))
  FROM distributions WHERE id = 'dist-new'), 'text,text,text,double precision,timestamp without time zone,timestamp without time zone'), 'distribution types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(rule_id), pg_temp.t(namespace_key), pg_temp.t(segment_key)) FROM rule_segments WHERE rule_id = 'rule-new'), 'text,text,text'), 'rule segment types');
-- Flipt's evaluation read: rules of a flag with their segments, constraints and distributions.
PREPARE eval_rules(varchar, varchar) AS SELECT r.id, r.namespace_key, r.flag_key, r.rank, rs.segment_key, s.name, c.type, c.property, c.operator, c.value, d.variant_id, d.rollout, v.key
  FROM rules r JOIN rule_segments rs ON rs.rule_id = r.id JOIN segments s ON s.namespace_key = rs.namespace_key AND s.key = rs.segment_key
  LEFT JOIN constraints c ON c.namespace_key = s.namespace_key AND c.segment_key = s.key LEFT JOIN distributions d ON d.rule_id = r.id LEFT JOIN variants v ON v.id = d.variant_id
  WHERE r.namespace_key = $1 AND r.flag_key = $2 ORDER BY r.rank, d.id;
EXECUTE eval_rules('default', 'flag3');
SELECT pg_temp.check(EXISTS (SELECT 1 FROM rules r JOIN rule_segments rs ON rs.rule_id = r.id WHERE r.id = 'rule-new' AND rs.segment_key = 'beta-users'), 'rule has its segment');
SELECT namespace_key, key, name, description, created_at, updated_at FROM segments WHERE namespace_key = 'default' AND key = 'segment3' OR lower(name) LIKE 'segment%' ORDER BY created_at;
SELECT id, namespace_key, segment_key, type, property, operator, value, created_at, updated_at FROM constraints WHERE namespace_key = 'default' AND segment_key = 'segment3' OR id = 'c-beta-1'
  OR type > 1 ORDER BY created_at;
SELECT id, namespace_key, flag_key, segment_key, rank, created_at, updated_at FROM rules WHERE namespace_key = 'staging' AND flag_key = 'flag1' OR segment_key = 'segment1' OR rank < 5;
SELECT id, rule_id, variant_id, rollout, created_at, updated_at FROM distributions WHERE rule_id = 'rule-flag3' OR variant_id = 'variant-flag3-2' OR rollout >= 50 ORDER BY id;
SELECT rule_id, namespace_key, segment_key FROM rule_segments WHERE rule_id = 'rule-flag6' OR namespace_key = 'default' AND segment_key = 'segment3';
SELECT pg_temp.refused($$INSERT INTO segments (namespace_key, key, name, description) VALUES ('staging', 'segment1', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO segments (namespace_key, key, name, description) VALUES ('no-such-namespace', 'fresh', 'x', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO constraints (id, segment_key, property, operator, value) VALUES ('c-beta-1', 'segment3', 'x', 'x', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO constraints (id, namespace_key, segment_key, property, operator, value) VALUES ('fresh', 'no-such-namespace', 'segment3', 'x', 'x', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rules (id, namespace_key, flag_key, segment_key) VALUES ('rule-new', 'default', 'flag3', 'segment3')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO rules (id, namespace_key, flag_key, segment_key) VALUES ('fresh', 'default', 'no-such-flag', 'segment3')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rules (id, namespace_key, flag_key, segment_key) VALUES ('fresh', 'default', 'flag3', 'no-such-segment')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rule_segments (rule_id, namespace_key, segment_key) VALUES ('rule-new', 'default', 'beta-users')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO rule_segments (rule_id, namespace_key, segment_key) VALUES ('no-such-rule', 'default', 'beta-users')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rule_segments (rule_id, namespace_key, segment_key) VALUES ('rule-new', 'default', 'no-such-segment')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO distributions (id, rule_id, variant_id) VALUES ('dist-new', 'rule-new', 'variant-flag3-1')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO distributions (id, rule_id, variant_id) VALUES ('fresh', 'rule-new', 'no-such-variant')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO distributions (id, rule_id, variant_id) VALUES ('fresh', 'no-such-rule', 'variant-flag3-1')$$, '23503');
DELETE FROM distributions WHERE id = 'dist-variant-flag6-2';
DELETE FROM constraints WHERE id = 'constraint-segment6-1';
DELETE FROM rule_segments WHERE rule_id = 'rule-flag9' AND namespace_key = 'default';
DELETE FROM rules WHERE id = 'rule-flag12';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM distributions WHERE rule_id = 'rule-flag12') AND NOT EXISTS (SELECT 1 FROM rule_segments WHERE rule_id = 'rule-flag12'), 'rule delete cascades');
DELETE FROM segments WHERE namespace_key = 'default' AND key = 'segment3';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM rule_segments WHERE namespace_key = 'default' AND segment_key = 'segment3') AND NOT EXISTS (SELECT 1 FROM rules WHERE segment_key = 'segment3')
  AND NOT EXISTS (SELECT 1 FROM rollout_segments WHERE namespace_key = 'default' AND segment_key = 'segment3'), 'segment delete cascades');
-- Boundary writes (rule B): constraints name their segment with no foreign key checking it.
EXECUTE add_segment('default', '', '', '', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_segment('default', 'BETA-USERS', 'Beta testers', 'Edited', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_segment('default', 'beta-users-2', 'Beta testers', 'Edited', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_constraint('', 'default', 'beta-users', 0, '', '', '', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_constraint('C-BETA-1', 'default', 'no-such-segment', -1, 'PLAN', 'EQ', 'BETA', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_constraint('c-beta-2', 'default', 'no-such-segment', -1, 'PLAN', 'EQ', 'BETA', '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_rule('', 'default', 'flag3', 'beta-users', 0, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_rule('RULE-NEW', 'default', 'flag3', 'beta-users', -1, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_rule('rule-new-2', 'default', 'flag3', 'beta-users', -1, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_distribution('', 'rule-flag3', 'variant-flag3-1', 0, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_distribution('DIST-NEW', 'rule-flag3', 'variant-flag3-1', -1.5, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_distribution('dist-new-2', 'rule-flag3', 'variant-flag3-1', -1.5, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
-- step flipt: rollouts, thresholds and rollout segments, typed
CREATE FUNCTION pg_temp.refused(q text, want text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN BEGIN EXECUTE q; EXCEPTION WHEN others THEN IF SQLSTATE <> want THEN RAISE EXCEPTION 'refused with % (%), want %: %', SQLSTATE, SQLERRM, want, q; END IF; RETURN; END; RAISE EXCEPTION 'not refused, want %: %', want, q; END $f$;
CREATE FUNCTION pg_temp.check(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION 'assertion failed: %', what; END IF; END $f$;
CREATE FUNCTION pg_temp.t(x anyelement) RETURNS text LANGUAGE sql AS $f$ SELECT replace(pg_typeof(x)::text, 'character varying', 'text') $f$;
CREATE FUNCTION pg_temp.same(got text, want text) RETURNS boolean LANGUAGE plpgsql AS $f$ DECLARE g text[] := string_to_array(replace(got, 'character varying', 'text'), ','); w text[] := string_to_array(replace(want, 'character varying', 'text'), ','); r text[] := ARRAY['smallint', 'integer', 'bigint']; BEGIN IF g IS NULL OR cardinality(g) <> cardinality(w) THEN RETURN false; END IF; FOR i IN 1 .. cardinality(w) LOOP IF g[i] <> w[i] AND NOT (g[i] = ANY (r) AND w[i] = ANY (r) AND array_position(r, g[i]) > array_position(r, w[i])) THEN RETURN false; END IF; END LOOP; RETURN true; END $f$;
DEALLOCATE ALL;
PREPARE add_rollout(varchar, varchar, varchar, int, text, int, timestamp, timestamp) AS INSERT INTO rollouts (id, namespace_key, flag_key, type, description, rank, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
EXECUTE add_rollout('ro-new-seg', 'default', 'flag3', 1, 'Segment rollout', 3, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_rollout('ro-new-thr', 'default', 'flag3', 2, 'Threshold rollout', 4, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
INSERT INTO rollouts (id, namespace_key, flag_key, description) VALUES ('rollout-flag3-1', 'default', 'flag3', 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO rollouts (id, namespace_key, flag_key, description) VALUES ('rollout-flag3-1', 'default', 'flag3', 'x') ON CONFLICT ON CONSTRAINT rollouts_pkey DO NOTHING;
PREPARE add_threshold(varchar, varchar, varchar, float8, boolean) AS INSERT INTO rollout_thresholds (id, namespace_key, rollout_id, percentage, value) VALUES ($1, $2, $3, $4, $5);
EXECUTE add_threshold('thr-new', 'default', 'ro-new-thr', 42.5, true);
INSERT INTO rollout_thresholds (id, namespace_key, rollout_id) VALUES ('thr-new', 'default', 'ro-new-thr') ON CONFLICT (id) DO NOTHING;
INSERT INTO rollout_thresholds (id, namespace_key, rollout_id) VALUES ('thr-new', 'default', 'ro-new-thr') ON CONFLICT ON CONSTRAINT rollout_thresholds_pkey DO NOTHING;
INSERT INTO rollout_thresholds (id, namespace_key, rollout_id) VALUES ('fresh', 'default', 'ro-new-thr') ON CONFLICT (rollout_id) DO NOTHING;
INSERT INTO rollout_thresholds (id, namespace_key, rollout_id) VALUES ('fresh', 'default', 'ro-new-thr') ON CONFLICT ON CONSTRAINT rollout_thresholds_rollout_id_key DO NOTHING;
PREPARE add_rollout_segment(varchar, varchar, varchar, varchar, boolean) AS INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key, value) VALUES ($1, $2, $3, $4, $5);
EXECUTE add_rollout_segment('rs-new', 'default', 'ro-new-seg', 'segment3', true);
INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key) VALUES ('rs-new', 'default', 'ro-new-seg', 'segment3') ON CONFLICT (id) DO NOTHING;
INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key) VALUES ('rs-new', 'default', 'ro-new-seg', 'segment3') ON CONFLICT ON CONSTRAINT rollout_segments_pkey DO NOTHING;
PREPARE set_rollout(text, int, timestamp, varchar) AS UPDATE rollouts SET description = $1, rank = $2, updated_at = $3 WHERE id = $4;
EXECUTE set_rollout('Segment rollout, edited', 5, '2024-06-02 00:00:00', 'ro-new-seg');
UPDATE rollout_thresholds SET percentage = 60.25, value = false WHERE id = 'thr-new';
UPDATE rollout_segments SET segment_key = 'segment6', value = false WHERE id = 'rs-new';
SELECT pg_temp.check(EXISTS (SELECT id, namespace_key, flag_key, type, description, rank, created_at, updated_at FROM rollouts WHERE id = 'ro-new-seg' AND type = 1 AND rank = 5
  AND description LIKE '%edited' AND updated_at = '2024-06-02 00:00:00'), 'rollout as written');
SELECT pg_temp.check(EXISTS (SELECT id, namespace_key, rollout_id, percentage, value FROM rollout_thresholds WHERE id = 'thr-new' AND percentage = 60.25 AND percentage / 100 < 1 AND NOT value), 'threshold as written');
SELECT pg_temp.check(EXISTS (SELECT id, namespace_key, rollout_id, segment_key, value FROM rollout_segments WHERE id = 'rs-new' AND segment_key = 'segment6' AND NOT value), 'rollout segment as written');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(namespace_key), pg_temp.t(flag_key), pg_temp.t(type), pg_temp.t(description), pg_temp.t(rank),
  pg_temp.t(created_at), pg_temp.t(updated_at)) FROM rollouts WHERE id = 'rollout-flag3-1'), 'text,text,text,integer,text,integer,timestamp without time zone,timestamp without time zone'), 'rollout types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(namespace_key), pg_temp.t(rollout_id), pg_temp.t(percentage), pg_temp.t(value)) FROM rollout_thresholds
  WHERE id = 'thr-new'), 'text,text,text,double precision,boolean'), 'threshold types');
SELECT pg_temp.check(pg_temp.same((SELECT concat_ws(',', pg_temp.t(id), pg_temp.t(namespace_key), pg_temp.t(rollout_id), pg_temp.t(segment_key), pg_temp.t(value)) FROM rollout_segments
  WHERE id = 'rs-new'), 'text,text,text,text,boolean'), 'rollout segment types');
PREPARE eval_rollouts(varchar, varchar) AS SELECT r.id, r.type, r.rank, t.percentage, t.value, s.segment_key, s.value FROM rollouts r LEFT JOIN rollout_thresholds t ON t.rollout_id = r.id
  LEFT JOIN rollout_segments s ON s.rollout_id = r.id WHERE r.namespace_key = $1 AND r.flag_key = $2 ORDER BY r.rank;
EXECUTE eval_rollouts('default', 'flag3');
SELECT id, namespace_key, flag_key, type, description, rank, created_at, updated_at FROM rollouts WHERE namespace_key = 'staging' AND flag_key = 'flag1' OR id = 'rollout-flag5-1' OR rank > 1;
SELECT id, namespace_key, rollout_id, percentage, value FROM rollout_thresholds WHERE rollout_id = 'rollout-flag3-2' OR percentage > 20;
SELECT id, namespace_key, rollout_id, segment_key, value FROM rollout_segments WHERE rollout_id = 'rollout-flag3-1' OR namespace_key = 'default' AND segment_key = 'segment9';
SELECT pg_temp.refused($$INSERT INTO rollouts (id, namespace_key, flag_key, description) VALUES ('ro-new-seg', 'default', 'flag3', 'x')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO rollouts (id, namespace_key, flag_key, description) VALUES ('fresh', 'default', 'no-such-flag', 'x')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rollout_thresholds (id, namespace_key, rollout_id) VALUES ('fresh', 'default', 'ro-new-thr')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO rollout_thresholds (id, namespace_key, rollout_id) VALUES ('fresh', 'default', 'no-such-rollout')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key) VALUES ('rs-new', 'default', 'ro-new-seg', 'segment3')$$, '23505');
SELECT pg_temp.refused($$INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key) VALUES ('fresh', 'default', 'ro-new-seg', 'no-such-segment')$$, '23503');
SELECT pg_temp.refused($$INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key) VALUES ('fresh', 'default', 'no-such-rollout', 'segment3')$$, '23503');
DELETE FROM rollout_segments WHERE id = 'rs-new';
DELETE FROM rollouts WHERE id = 'ro-new-thr';
SELECT pg_temp.check(NOT EXISTS (SELECT 1 FROM rollout_thresholds WHERE rollout_id = 'ro-new-thr'), 'rollout delete cascades');
-- Boundary writes (rule B).
EXECUTE add_rollout('', 'default', 'flag3', 0, '', 0, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_rollout('RO-NEW-SEG', 'default', 'flag3', -1, 'SEGMENT', -1, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_rollout('ro-new-seg-2', 'default', 'flag3', -1, 'SEGMENT', -1, '2024-06-01 00:00:00', '2024-06-01 00:00:00');
EXECUTE add_threshold('', 'default', '', 0, false);
EXECUTE add_threshold('THR', 'default', 'RO-NEW-SEG', -1, true);
EXECUTE add_rollout_segment('', 'default', 'ro-new-seg', 'segment3', false);
EXECUTE add_rollout_segment('RS-NEW', 'default', 'RO-NEW-SEG', 'segment3', true);
EXECUTE add_rollout_segment('rs-new-2', 'default', 'RO-NEW-SEG', 'segment3', true);
