-- The schema the serving versions use in the tenth holdout set (holdout10_test.go): a cut-down
-- Documenso schema (github.com/documenso/documenso, packages/prisma/migrations: the tables of
-- 20230404095503_initial_migration with what the 2023 migrations gave them) and a cut-down Atuin
-- server schema (github.com/atuinsh/atuin, crates/atuin-server-postgres/migrations), side by
-- side in public (Documenso's quoted "User" and "Session" are not Atuin's users and sessions).
-- Each table holds the state just before every migration the set takes from it: a column a case
-- adds is absent, a column, index, constraint, trigger or table a case drops, renames or changes
-- is present. Where two migrations disagree (one creates what another changes) only one is
-- taken. So "Subscription" is as 20230505085625 created it (Subscription_planId_customerId_key,
-- no cancelAtPeriodEnd), "Field" has 20230621130930's integer height and width, "DocumentData"
-- 20230907041233's documentId (one row per document, as 20230907074451 backfilled it),
-- "Document" still its "document" and "created" columns next to 20230920's documentMetaId
-- (with its foreign key and 20230920124941's unique index) and "DocumentMeta"'s first columns,
-- "PasswordResetToken" 20230605122017's columns (no expiry). Atuin: history.data is
-- varchar(8192) (before 20220421174016), the count trigger is 20220421073605's (counting inserts
-- and deletes), users has verified_at and user_verification_token exists (20240621110731, before
-- 20260127000000), store and store_idx_cache exist without their unique indexes (before
-- 20231203124112 and 20240702094825), events (20220505082442) is still there. {{role}} is the
-- role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

-- Documenso.
CREATE TYPE "IdentityProvider" AS ENUM ('DOCUMENSO', 'GOOGLE');
CREATE TYPE "DocumentStatus" AS ENUM ('DRAFT', 'PENDING', 'COMPLETED');
CREATE TYPE "ReadStatus" AS ENUM ('NOT_OPENED', 'OPENED');
CREATE TYPE "SendStatus" AS ENUM ('NOT_SENT', 'SENT');
CREATE TYPE "SigningStatus" AS ENUM ('NOT_SIGNED', 'SIGNED');
CREATE TYPE "FieldType" AS ENUM ('SIGNATURE', 'FREE_SIGNATURE', 'DATE', 'TEXT');
CREATE TYPE "SubscriptionStatus" AS ENUM ('ACTIVE', 'INACTIVE');
CREATE TYPE "DocumentDataType" AS ENUM ('S3_PATH', 'BYTES', 'BYTES_64');

CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "name" TEXT,
    "email" TEXT NOT NULL,
    "emailVerified" TIMESTAMP(3),
    "password" TEXT,
    "source" TEXT,
    "identityProvider" "IdentityProvider" NOT NULL DEFAULT 'DOCUMENSO',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "DocumentMeta" (
    "id" TEXT NOT NULL,
    "customEmailSubject" TEXT,
    "customEmailBody" TEXT,
    CONSTRAINT "DocumentMeta_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'DRAFT',
    "document" TEXT NOT NULL,
    "documentMetaId" TEXT,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Recipient" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255) NOT NULL DEFAULT '',
    "token" TEXT NOT NULL,
    "expired" TIMESTAMP(3),
    "readStatus" "ReadStatus" NOT NULL DEFAULT 'NOT_OPENED',
    "signingStatus" "SigningStatus" NOT NULL DEFAULT 'NOT_SIGNED',
    "sendStatus" "SendStatus" NOT NULL DEFAULT 'NOT_SENT',

    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Field" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "recipientId" INTEGER,
    "type" "FieldType" NOT NULL,
    "page" INTEGER NOT NULL,
    "positionX" INTEGER NOT NULL DEFAULT 0,
    "positionY" INTEGER NOT NULL DEFAULT 0,
    "customText" TEXT NOT NULL,
    "inserted" BOOLEAN NOT NULL,
    "height" INTEGER NOT NULL DEFAULT -1,
    "width" INTEGER NOT NULL DEFAULT -1,

    CONSTRAINT "Field_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Signature" (
    "id" SERIAL NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recipientId" INTEGER NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "signatureImageAsBase64" TEXT,
    "typedSignature" TEXT,

    CONSTRAINT "Signature_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Subscription" (
    "id" SERIAL NOT NULL,
    "status" "SubscriptionStatus" NOT NULL DEFAULT 'INACTIVE',
    "planId" TEXT,
    "priceId" TEXT,
    "customerId" TEXT,
    "periodEnd" TIMESTAMP(3),
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "PasswordResetToken" (
    "id" SERIAL NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER NOT NULL,
    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "DocumentData" (
    "id" TEXT NOT NULL,
    "type" "DocumentDataType" NOT NULL,
    "data" TEXT NOT NULL,
    "initialData" TEXT NOT NULL,
    "documentId" INTEGER NOT NULL,
    CONSTRAINT "DocumentData_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");
CREATE UNIQUE INDEX "Signature_fieldId_key" ON "Signature"("fieldId");
CREATE INDEX "Subscription_userId_idx" ON "Subscription"("userId");
CREATE UNIQUE INDEX "Subscription_planId_customerId_key" ON "Subscription"("planId", "customerId");
CREATE UNIQUE INDEX "PasswordResetToken_token_key" ON "PasswordResetToken"("token");
CREATE UNIQUE INDEX "DocumentData_documentId_key" ON "DocumentData"("documentId");
CREATE UNIQUE INDEX "Document_documentMetaId_key" ON "Document"("documentMetaId");
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Document" ADD CONSTRAINT "Document_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Document" ADD CONSTRAINT "Document_documentMetaId_fkey" FOREIGN KEY ("documentMetaId") REFERENCES "DocumentMeta"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Field" ADD CONSTRAINT "Field_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Field" ADD CONSTRAINT "Field_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "DocumentData" ADD CONSTRAINT "DocumentData_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Atuin's server.
create table history (
	id bigserial primary key,
	client_id text not null unique, -- the client-generated ID
	user_id bigserial not null,     -- allow multiple users
	hostname text not null,         -- a unique identifier from the client (can be hashed, random, whatever)
	timestamp timestamp not null,   -- one of the few non-encrypted metadatas

	data varchar(8192) not null,    -- store the actual history data, encrypted. I don't wanna know!

	created_at timestamp not null default current_timestamp
);
create table users (
	id bigserial primary key,               -- also store our own ID
	username varchar(32) not null unique,   -- being able to contact users is useful
	email varchar(128) not null unique,     -- being able to contact users is useful
	password varchar(128) not null unique
);
CREATE UNIQUE INDEX email_unique_idx on users (LOWER(email));
CREATE UNIQUE INDEX username_unique_idx on users (LOWER(username));
alter table users add verified_at timestamp with time zone default null;
create table sessions (
	id bigserial primary key,
	user_id bigserial,
	token varchar(128) unique not null
);
create table total_history_count_user(
	id bigserial primary key,
	user_id bigserial,
	total integer -- try and avoid using keywords - hence total, not count
);
create or replace function user_history_count()
returns trigger as
$func$
begin
	if (TG_OP='INSERT') then
		update total_history_count_user set total = total + 1 where user_id = new.user_id;

		if not found then
			insert into total_history_count_user(user_id, total)
			values (
				new.user_id,
				(select count(1) from history where user_id = new.user_id)
			);
		end if;

	elsif (TG_OP='DELETE') then
		update total_history_count_user set total = total - 1 where user_id = old.user_id;

		if not found then
			insert into total_history_count_user(user_id, total)
			values (
				old.user_id,
				(select count(1) from history where user_id = old.user_id)
			);
		end if;
	end if;

	return NEW; -- this is actually ignored for an after trigger, but oh well
end;
$func$
language plpgsql volatile -- pldfplplpflh
cost 100; -- default value
create trigger tg_user_history_count
	after insert or delete on history
	for each row
	execute procedure user_history_count();
create type event_type as enum ('create', 'delete');
create table events (
	id bigserial primary key,
	client_id text not null unique, -- the client-generated ID
	user_id bigserial not null,     -- allow multiple users
	hostname text not null,         -- a unique identifier from the client (can be hashed, random, whatever)
	timestamp timestamp not null,   -- one of the few non-encrypted metadatas

	event_type event_type,
	data text not null,    -- store the actual history data, encrypted. I don't wanna know!

	created_at timestamp not null default current_timestamp
);
create table store (
	id uuid primary key,            -- remember to use uuidv7 for happy indices <3
  client_id uuid not null,        -- I am too uncomfortable with the idea of a client-generated primary key, even though it's fine mathematically
	host uuid not null,             -- a unique identifier for the host
	idx bigint not null,       -- the index of the record in this store, identified by (host, tag)
	timestamp bigint not null,      -- not a timestamp type, as those do not have nanosecond precision
	version text not null,
	tag text not null,              -- what is this? history, kv, whatever. Remember clients get a log per tag per host
	data text not null,            -- store the actual history data, encrypted. I don't wanna know!
	cek text not null,

	user_id bigint not null,        -- allow multiple users
	created_at timestamp not null default current_timestamp
);
create table store_idx_cache(
  id bigserial primary key,
  user_id bigint,

  host uuid,
  tag text,
  idx bigint
);
create table user_verification_token(
  id bigserial primary key,
  user_id bigint unique references users(id),
  token text,
  valid_until timestamp with time zone
);
