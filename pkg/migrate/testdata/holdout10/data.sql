-- The rows the serving versions find: a Documenso instance with 6 users (two signed in with
-- Google, one not yet verified), their accounts and sessions, 8 documents in every status, each
-- with its DocumentData row (as 20230907074451 backfilled them) and three with a DocumentMeta,
-- 14 recipients, 16 fields (two free fields not yet given to a recipient, as the editor leaves
-- them), 4 signatures, 5 subscriptions (two without a Stripe customer yet) and 3 password reset
-- tokens; and an Atuin server with 3 users, their sessions, 30 history rows (the count trigger
-- keeps total_history_count_user), 3 old events, 20 store records, their index cache and two
-- verification tokens.
INSERT INTO "User" ("name", "email", "emailVerified", "password", "source", "identityProvider") VALUES
  ('Alice Owner', 'alice@example.com', '2023-05-01 10:00:00', '$2a$12$alicehash', NULL, 'DOCUMENSO'),
  ('Bob Signer', 'bob@example.com', '2023-05-02 11:00:00', '$2a$12$bobhash', 'landing', 'DOCUMENSO'),
  ('Carol', 'carol@example.com', NULL, '$2a$12$carolhash', NULL, 'DOCUMENSO'),
  (NULL, 'dave@example.com', '2023-06-01 09:30:00', NULL, 'google', 'GOOGLE'),
  ('Erin', 'erin@example.com', '2023-06-10 08:00:00', NULL, NULL, 'GOOGLE'),
  ('Frank', 'frank@example.com', NULL, '$2a$12$frankhash', 'producthunt', 'DOCUMENSO');
INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId", "refresh_token", "access_token", "expires_at", "token_type", "scope", "id_token", "session_state") VALUES
  ('acc-dave', 4, 'oauth', 'google', '1100220033', NULL, 'ya29.dave', 1690000000, 'Bearer', 'openid email profile', 'eyJ.dave', NULL),
  ('acc-erin', 5, 'oauth', 'google', '1100220044', 'rt-erin', 'ya29.erin', 1690000500, 'Bearer', 'openid email profile', 'eyJ.erin', NULL);
INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES
  ('sess-1', 'tok-alice-1', 1, '2030-01-01 00:00:00'),
  ('sess-2', 'tok-bob-1', 2, '2030-01-01 00:00:00'),
  ('sess-3', 'tok-dave-1', 4, '2023-01-01 00:00:00');
INSERT INTO "DocumentMeta" ("id", "customEmailSubject", "customEmailBody") VALUES
  ('meta-1', 'Please sign the NDA', 'Hi, please sign.'),
  ('meta-2', NULL, 'Contract attached'),
  ('meta-3', 'Lease', NULL);
INSERT INTO "Document" ("created", "userId", "title", "status", "document", "documentMetaId") VALUES
  ('2023-05-03 10:00:00', 1, 'NDA.pdf', 'COMPLETED', 'JVBERi0xLjQKbmRh', 'meta-1'),
  ('2023-05-04 10:00:00', 1, 'Contract.pdf', 'PENDING', 'JVBERi0xLjQKY29udHJhY3Q=', 'meta-2'),
  ('2023-05-05 10:00:00', 1, 'Draft offer.pdf', 'DRAFT', 'JVBERi0xLjQKZHJhZnQ=', NULL),
  ('2023-05-06 10:00:00', 2, 'Lease.pdf', 'PENDING', 'JVBERi0xLjQKbGVhc2U=', 'meta-3'),
  ('2023-05-07 10:00:00', 2, 'Invoice 42.pdf', 'COMPLETED', 'JVBERi0xLjQKaW52b2ljZQ==', NULL),
  ('2023-05-08 10:00:00', 3, 'Untitled.pdf', 'DRAFT', 'JVBERi0xLjQKdW50aXRsZWQ=', NULL),
  ('2023-05-09 10:00:00', 4, 'Consent form.pdf', 'PENDING', 'JVBERi0xLjQKY29uc2VudA==', NULL),
  ('2023-05-10 10:00:00', 5, 'Offer letter.pdf', 'COMPLETED', 'JVBERi0xLjQKb2ZmZXI=', NULL);
INSERT INTO "DocumentData" ("id", "type", "data", "initialData", "documentId")
  SELECT 'data-' || d."id", 'BYTES_64', d."document", d."document", d."id" FROM "Document" d;
INSERT INTO "Recipient" ("documentId", "email", "name", "token", "expired", "readStatus", "signingStatus", "sendStatus") VALUES
  (1, 'bob@example.com', 'Bob Signer', 'rtok-1', NULL, 'OPENED', 'SIGNED', 'SENT'),
  (1, 'carol@example.com', 'Carol', 'rtok-2', NULL, 'OPENED', 'SIGNED', 'SENT'),
  (2, 'bob@example.com', 'Bob Signer', 'rtok-3', NULL, 'OPENED', 'NOT_SIGNED', 'SENT'),
  (2, 'dave@example.com', '', 'rtok-4', '2023-06-01 00:00:00', 'NOT_OPENED', 'NOT_SIGNED', 'SENT'),
  (3, 'erin@example.com', 'Erin', 'rtok-5', NULL, 'NOT_OPENED', 'NOT_SIGNED', 'NOT_SENT'),
  (4, 'alice@example.com', 'Alice Owner', 'rtok-6', NULL, 'OPENED', 'NOT_SIGNED', 'SENT'),
  (4, 'frank@example.com', 'Frank', 'rtok-7', NULL, 'NOT_OPENED', 'NOT_SIGNED', 'SENT'),
  (5, 'alice@example.com', 'Alice Owner', 'rtok-8', NULL, 'OPENED', 'SIGNED', 'SENT'),
  (6, 'outside@example.org', 'Outside Person', 'rtok-9', NULL, 'NOT_OPENED', 'NOT_SIGNED', 'NOT_SENT'),
  (7, 'alice@example.com', 'Alice Owner', 'rtok-10', NULL, 'OPENED', 'NOT_SIGNED', 'SENT'),
  (7, 'erin@example.com', 'Erin', 'rtok-11', NULL, 'NOT_OPENED', 'NOT_SIGNED', 'SENT'),
  (8, 'bob@example.com', 'Bob Signer', 'rtok-12', NULL, 'OPENED', 'SIGNED', 'SENT'),
  (8, 'carol@example.com', 'Carol', 'rtok-13', NULL, 'OPENED', 'SIGNED', 'SENT'),
  (3, 'frank@example.com', 'Frank', 'rtok-14', NULL, 'NOT_OPENED', 'NOT_SIGNED', 'NOT_SENT');
INSERT INTO "Field" ("documentId", "recipientId", "type", "page", "positionX", "positionY", "customText", "inserted", "height", "width") VALUES
  (1, 1, 'SIGNATURE', 1, 120, 640, '', true, 60, 200),
  (1, 2, 'SIGNATURE', 1, 320, 640, '', true, 60, 200),
  (1, 1, 'DATE', 1, 120, 700, '2023-05-03', true, -1, -1),
  (2, 3, 'SIGNATURE', 2, 100, 500, '', false, 60, 200),
  (2, 4, 'SIGNATURE', 2, 300, 500, '', false, 60, 200),
  (2, 4, 'TEXT', 1, 50, 50, 'Company name', false, -1, -1),
  (3, 5, 'SIGNATURE', 1, 100, 100, '', false, -1, -1),
  (3, NULL, 'FREE_SIGNATURE', 1, 200, 200, '', false, -1, -1),
  (4, 6, 'SIGNATURE', 3, 400, 720, '', false, 60, 200),
  (4, 7, 'SIGNATURE', 3, 100, 720, '', false, 60, 200),
  (5, 8, 'SIGNATURE', 1, 220, 610, '', true, 60, 200),
  (6, NULL, 'TEXT', 1, 10, 10, 'Note', false, -1, -1),
  (7, 10, 'SIGNATURE', 1, 100, 100, '', false, 60, 200),
  (7, 11, 'DATE', 1, 300, 100, '', false, -1, -1),
  (8, 12, 'SIGNATURE', 1, 100, 650, '', true, 60, 200),
  (8, 13, 'SIGNATURE', 1, 300, 650, '', true, 60, 200);
INSERT INTO "Signature" ("created", "recipientId", "fieldId", "signatureImageAsBase64", "typedSignature") VALUES
  ('2023-05-03 12:00:00', 1, 1, 'iVBORw0KGgoAAAANSUhEUg==', NULL),
  ('2023-05-03 12:05:00', 2, 2, NULL, 'Carol'),
  ('2023-05-07 12:00:00', 8, 11, 'iVBORw0KGgoAAAANSUhEUgA=', NULL),
  ('2023-05-10 12:00:00', 12, 15, NULL, 'Bob Signer');
INSERT INTO "Subscription" ("status", "planId", "priceId", "customerId", "periodEnd", "userId", "createdAt", "updatedAt") VALUES
  ('ACTIVE', 'sub_1Alice', 'price_monthly', 'cus_Alice', '2024-05-01 00:00:00', 1, '2023-05-05 00:00:00', '2023-06-05 00:00:00'),
  ('ACTIVE', 'sub_1Bob', 'price_yearly', 'cus_Bob', '2024-05-02 00:00:00', 2, '2023-05-06 00:00:00', '2023-05-06 00:00:00'),
  ('INACTIVE', NULL, NULL, NULL, NULL, 3, '2023-05-07 00:00:00', '2023-05-07 00:00:00'),
  ('INACTIVE', 'sub_1Dave', 'price_monthly', 'cus_Dave', '2023-06-01 00:00:00', 4, '2023-05-08 00:00:00', '2023-06-01 00:00:00'),
  ('INACTIVE', NULL, NULL, NULL, NULL, 6, '2023-05-09 00:00:00', '2023-05-09 00:00:00');
INSERT INTO "PasswordResetToken" ("token", "createdAt", "userId") VALUES
  ('prt-aaaa', '2023-06-06 10:00:00', 3),
  ('prt-bbbb', '2023-06-07 10:00:00', 6),
  ('prt-cccc', '2023-06-08 10:00:00', 1);

-- Atuin.
insert into users (username, email, password, verified_at) values
  ('ellie', 'ellie@atuin.sh', '$argon2id$ellie', '2024-06-22 10:00:00+00'),
  ('conrad', 'conrad@example.com', '$argon2id$conrad', NULL),
  ('mtr', 'MTR@example.net', '$argon2id$mtr', NULL);
insert into sessions (user_id, token) values (1, 'sess-ellie'), (2, 'sess-conrad'), (3, 'sess-mtr');
-- One insert a row, as the server inserts them (the count trigger then counts each user's rows).
DO $$ BEGIN FOR g IN 1 .. 30 LOOP
  insert into history (client_id, user_id, hostname, timestamp, data)
  values ('cl-' || g, 1 + g % 3, 'host-' || (g % 4), '2024-01-01 00:00:00'::timestamp + (g || ' hours')::interval, 'ZW5jcnlwdGVkLWNtZC0' || g);
END LOOP; END $$;
insert into events (client_id, user_id, hostname, timestamp, event_type, data) values
  ('ev-1', 1, 'host-1', '2022-06-01 00:00:00', 'create', 'ZXZlbnQ='),
  ('ev-2', 1, 'host-1', '2022-06-02 00:00:00', 'delete', 'ZXZlbnQy'),
  ('ev-3', 2, 'host-2', '2022-06-03 00:00:00', NULL, 'ZXZlbnQz');
insert into store (id, client_id, host, idx, timestamp, version, tag, data, cek, user_id)
  select ('00000000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid, ('10000000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid,
         ('20000000-0000-7000-8000-' || lpad((g % 2)::text, 12, '0'))::uuid, g / 2, 1700000000000000000 + g, 'v0',
         CASE WHEN g % 3 = 0 THEN 'kv' ELSE 'history' END, 'cmVjb3Jk' || g, 'Y2Vr', 1 + g % 2
  from generate_series(1, 20) g;
insert into store_idx_cache (user_id, host, tag, idx) values
  (1, '20000000-0000-7000-8000-000000000000', 'history', 9),
  (2, '20000000-0000-7000-8000-000000000001', 'history', 9),
  (2, '20000000-0000-7000-8000-000000000001', 'kv', 7);
insert into user_verification_token (user_id, token, valid_until) values
  (2, 'vtok-conrad', '2030-01-01 00:00:00+00'),
  (3, 'vtok-mtr', '2020-01-01 00:00:00+00');
