-- The fifteenth holdout's schema: n8n's and Dendrite's tables as their serving versions find them
-- before each taken migration (holdout15_test.go's header names the versions), in the public
-- schema. n8n's tables are written as its TypeORM migrations create them (table prefix empty,
-- schema public; InitialMigration, WebhookModel, CreateTagEntity, CreateUserManagement), with
-- credentials_entity, execution_entity and webhook_entity as they were before the 2020-2022
-- migrations the set takes, and workflow_entity with the "versionId" char(36) that
-- AddWorkflowVersionIdColumn added. Dendrite's tables are written as its storage/postgres schema
-- strings created them before the deltas the set takes (the older strings from the repository's
-- history where a delta changed them).

-- {{role}} is the role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

-- n8n: 1587669153312-InitialMigration (credentials_entity before 1646834195327, execution_entity
-- before 1594828256133, 1607431743768, 1626176912946, 1644422880309 and 1673268682475).
CREATE TABLE IF NOT EXISTS credentials_entity ("id" SERIAL NOT NULL, "name" character varying(128) NOT NULL, "data" text NOT NULL, "type" character varying(32) NOT NULL, "nodesAccess" json NOT NULL, "createdAt" TIMESTAMP NOT NULL, "updatedAt" TIMESTAMP NOT NULL, CONSTRAINT PK_814c3d3c36e8a27fa8edb761b0e PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS IDX_07fde106c0b471d8cc80a64fc8 ON credentials_entity (type) ;
CREATE TABLE IF NOT EXISTS execution_entity ("id" SERIAL NOT NULL, "data" text NOT NULL, "finished" boolean NOT NULL, "mode" character varying NOT NULL, "retryOf" character varying, "retrySuccessId" character varying, "startedAt" TIMESTAMP NOT NULL, "stoppedAt" TIMESTAMP NOT NULL, "workflowData" json NOT NULL, "workflowId" character varying, CONSTRAINT PK_e3e63bbf986767844bbe1166d4e PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS IDX_c4d999a5e90784e8caccf5589d ON execution_entity ("workflowId") ;
-- workflow_entity: InitialMigration, 1669739707126-AddWorkflowVersionIdColumn ("versionId"
-- CHAR(36), before 1692967111174-ChangeVersionIdToUUID); UniqueWorkflowNames' unique index on
-- "name" was dropped by CreateUserManagement.
CREATE TABLE IF NOT EXISTS workflow_entity ("id" SERIAL NOT NULL, "name" character varying(128) NOT NULL, "active" boolean NOT NULL, "nodes" json NOT NULL, "connections" json NOT NULL, "createdAt" TIMESTAMP NOT NULL, "updatedAt" TIMESTAMP NOT NULL, "settings" json, "staticData" json, "versionId" CHAR(36), CONSTRAINT PK_eded7d72664448da7745d551207 PRIMARY KEY ("id"));
-- 1589476000887-WebhookModel (before 1611144599516-AddWebhookId).
CREATE TABLE IF NOT EXISTS webhook_entity ("workflowId" integer NOT NULL, "webhookPath" character varying NOT NULL, "method" character varying NOT NULL, "node" character varying NOT NULL, CONSTRAINT "PK_b21ace2e13596ccd87dc9bf4ea6" PRIMARY KEY ("webhookPath", "method"));
-- 1617270242566-CreateTagEntity (the schema builder's SQL for PostgreSQL).
CREATE TABLE tag_entity ("id" SERIAL NOT NULL, "name" character varying(24) NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), CONSTRAINT "PK_7a50a9b74ae6855c0dcaee25052" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "IDX_812eb05f7451ca757fb98444ce" ON tag_entity ("name");
CREATE TABLE workflows_tags ("workflowId" integer NOT NULL, "tagId" integer NOT NULL, CONSTRAINT "PK_a60448a90e51a114e95e2a125b3" PRIMARY KEY ("workflowId", "tagId"),
  CONSTRAINT "FK_31140eb41f019805b40d0087449" FOREIGN KEY ("workflowId") REFERENCES workflow_entity ("id") ON DELETE CASCADE,
  CONSTRAINT "FK_5e29bfe9e22c5d6567f509d4a46" FOREIGN KEY ("tagId") REFERENCES tag_entity ("id") ON DELETE CASCADE);
CREATE INDEX "IDX_31140eb41f019805b40d008744" ON workflows_tags ("workflowId");
CREATE INDEX "IDX_5e29bfe9e22c5d6567f509d4a4" ON workflows_tags ("tagId");
-- 1646992772331-CreateUserManagement.
CREATE TABLE role (
  "id" serial NOT NULL,
  "name" VARCHAR(32) NOT NULL,
  "scope" VARCHAR(255) NOT NULL,
  "createdAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "PK_e853ce24e8200abe5721d2c6ac552b73" PRIMARY KEY ("id"),
  CONSTRAINT "UQ_5b49d0f504f7ef31045a1fb2eb8" UNIQUE ("scope", "name")
);
CREATE TABLE "user" (
  "id" UUID NOT NULL DEFAULT uuid_in(overlay(overlay(md5(random()::text || ':' || clock_timestamp()::text) placing '4' from 13) placing to_hex(floor(random()*(11-8+1) + 8)::int)::text from 17)::cstring),
  "email" VARCHAR(255),
  "firstName" VARCHAR(32),
  "lastName" VARCHAR(32),
  "password" VARCHAR(255),
  "resetPasswordToken" VARCHAR(255),
  "resetPasswordTokenExpiration" int,
  "personalizationAnswers" text,
  "createdAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "globalRoleId" int NOT NULL,
  CONSTRAINT "PK_ea8f538c94b6e352418254ed6474a81f" PRIMARY KEY ("id"),
  CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e2" UNIQUE (email),
  CONSTRAINT "FK_f0609be844f9200ff4365b1bb3d" FOREIGN KEY ("globalRoleId") REFERENCES role (id)
);
CREATE TABLE shared_workflow (
  "createdAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "roleId" INT NOT NULL,
  "userId" UUID NOT NULL,
  "workflowId" INT NOT NULL,
  CONSTRAINT "PK_cc5d5a71c7b2591f5154ffb0c785e85e" PRIMARY KEY ("userId", "workflowId"),
  CONSTRAINT "FK_3540da03964527aa24ae014b780" FOREIGN KEY ("roleId") REFERENCES role ("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
  CONSTRAINT "FK_82b2fd9ec4e3e24209af8160282" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
  CONSTRAINT "FK_b83f8d2530884b66a9c848c8b88" FOREIGN KEY ("workflowId") REFERENCES workflow_entity ("id") ON DELETE CASCADE ON UPDATE NO ACTION
);
CREATE INDEX "IDX_65a0933c0f19d278881653bf81d35064" ON shared_workflow ("workflowId");
CREATE TABLE shared_credentials (
  "createdAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "roleId" INT NOT NULL,
  "userId" UUID NOT NULL,
  "credentialsId" INT NOT NULL,
  CONSTRAINT "PK_10dd1527ffb639609be7aadd98f628c6" PRIMARY KEY ("userId", "credentialsId"),
  CONSTRAINT "FK_c68e056637562000b68f480815a" FOREIGN KEY ("roleId") REFERENCES role ("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
  CONSTRAINT "FK_484f0327e778648dd04f1d70493" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
  CONSTRAINT "FK_68661def1d4bcf2451ac8dbd949" FOREIGN KEY ("credentialsId") REFERENCES credentials_entity ("id") ON DELETE CASCADE ON UPDATE NO ACTION
);
CREATE INDEX "IDX_829d16efa0e265cb076d50eca8d21733" ON shared_credentials ("credentialsId");
CREATE TABLE settings (
  "key" VARCHAR(255) NOT NULL,
  "value" TEXT NOT NULL,
  "loadOnStartup" boolean NOT NULL DEFAULT false,
  CONSTRAINT "PK_dc0fe14e6d9943f268e7b119f69ab8bd" PRIMARY KEY ("key")
);

-- Dendrite.

-- userapi/storage/postgres/accounts_table.go before 2022021013023800_add_account_type and
-- 2022110411000000_server_names (is_deactivated from 20200929203058_is_active).
CREATE TABLE IF NOT EXISTS userapi_accounts (
    localpart TEXT NOT NULL PRIMARY KEY,
    created_ts BIGINT NOT NULL,
    password_hash TEXT,
    appservice_id TEXT,
    is_deactivated BOOLEAN DEFAULT FALSE
);
-- userapi/storage/postgres/devices_table.go before 20201001204705_last_seen_ts_ip.
CREATE SEQUENCE IF NOT EXISTS userapi_device_session_id_seq START 1;
CREATE TABLE IF NOT EXISTS userapi_devices (
    access_token TEXT NOT NULL PRIMARY KEY,
    session_id BIGINT NOT NULL DEFAULT nextval('userapi_device_session_id_seq'),
    device_id TEXT NOT NULL,
    localpart TEXT NOT NULL,
    created_ts BIGINT NOT NULL,
    display_name TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS userapi_device_localpart_id_idx ON userapi_devices(localpart, device_id);
-- userapi/storage/postgres/cross_signing_sigs_table.go before 2022042612000000_xsigning_idx.
CREATE TABLE IF NOT EXISTS keyserver_cross_signing_sigs (
    origin_user_id TEXT NOT NULL,
	origin_key_id TEXT NOT NULL,
	target_user_id TEXT NOT NULL,
	target_key_id TEXT NOT NULL,
	signature TEXT NOT NULL,
	PRIMARY KEY (origin_user_id, target_user_id, target_key_id)
);
-- federationapi/storage/postgres/queue_edus_table.go before 2022042812473400_addexpiresat.
CREATE TABLE IF NOT EXISTS federationsender_queue_edus (
	edu_type TEXT NOT NULL,
	server_name TEXT NOT NULL,
	json_nid BIGINT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS federationsender_queue_edus_json_nid_idx
    ON federationsender_queue_edus (json_nid, server_name);
CREATE INDEX IF NOT EXISTS federationsender_queue_edus_nid_idx
    ON federationsender_queue_edus (json_nid);
CREATE INDEX IF NOT EXISTS federationsender_queue_edus_server_name_idx
    ON federationsender_queue_edus (server_name);
-- federationsender/storage/postgres/room_table.go before 2021020411080000_rooms (#1751).
CREATE TABLE IF NOT EXISTS federationsender_rooms (
    room_id TEXT PRIMARY KEY,
    last_event_id TEXT NOT NULL
);
-- roomserver/storage/postgres/membership_table.go before 20201028212440_add_forgotten_column.
CREATE TABLE IF NOT EXISTS roomserver_membership (
	room_nid BIGINT NOT NULL,
	target_nid BIGINT NOT NULL,
	sender_nid BIGINT NOT NULL DEFAULT 0,
	membership_nid BIGINT NOT NULL DEFAULT 1,
	event_nid BIGINT NOT NULL DEFAULT 0,
	target_local BOOLEAN NOT NULL DEFAULT false,
	UNIQUE (room_nid, target_nid)
);
-- roomserver/storage/postgres/state_block_table.go before 2021041615092700_state_blocks_refactor.
CREATE SEQUENCE IF NOT EXISTS roomserver_state_block_nid_seq;
CREATE TABLE IF NOT EXISTS roomserver_state_block (
    state_block_nid bigint NOT NULL,
    event_type_nid bigint NOT NULL,
    event_state_key_nid bigint NOT NULL,
    event_nid bigint NOT NULL,
    UNIQUE (state_block_nid, event_type_nid, event_state_key_nid)
);
-- roomserver/storage/postgres/published_table.go after 20221027084407_published_appservice,
-- before 20230131091021_published_appservice_pkey.
CREATE TABLE IF NOT EXISTS roomserver_published (
    room_id TEXT NOT NULL PRIMARY KEY,
    published BOOLEAN NOT NULL DEFAULT false
);
ALTER TABLE roomserver_published ADD COLUMN IF NOT EXISTS appservice_id TEXT NOT NULL DEFAULT '';
ALTER TABLE roomserver_published ADD COLUMN IF NOT EXISTS network_id TEXT NOT NULL DEFAULT '';
-- roomserver/storage/postgres/events_table.go and previous_events_table.go before
-- 20230516154000_drop_reference_sha.
CREATE SEQUENCE IF NOT EXISTS roomserver_event_nid_seq;
CREATE TABLE IF NOT EXISTS roomserver_events (
    event_nid BIGINT PRIMARY KEY DEFAULT nextval('roomserver_event_nid_seq'),
    room_nid BIGINT NOT NULL,
    event_type_nid BIGINT NOT NULL,
    event_state_key_nid BIGINT NOT NULL,
    sent_to_output BOOLEAN NOT NULL DEFAULT FALSE,
    state_snapshot_nid BIGINT NOT NULL DEFAULT 0,
    depth BIGINT NOT NULL,
    event_id TEXT NOT NULL CONSTRAINT roomserver_event_id_unique UNIQUE,
    reference_sha256 BYTEA NOT NULL,
	auth_event_nids BIGINT[] NOT NULL,
	is_rejected BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS roomserver_events_memberships_idx ON roomserver_events (room_nid, event_state_key_nid) WHERE (event_type_nid = 5);
CREATE INDEX IF NOT EXISTS roomserver_event_event_type_nid_idx ON roomserver_events (event_type_nid);
CREATE INDEX IF NOT EXISTS roomserver_event_state_key_nid_idx ON roomserver_events (event_state_key_nid);
CREATE TABLE IF NOT EXISTS roomserver_previous_events (
    previous_event_id TEXT NOT NULL,
    previous_reference_sha256 BYTEA NOT NULL,
    event_nids BIGINT[] NOT NULL,
    CONSTRAINT roomserver_previous_event_id_unique UNIQUE (previous_event_id, previous_reference_sha256)
);
-- syncapi/storage/postgres/output_room_events_table.go before
-- 2022061412000000_history_visibility_column and 20230201152200_rename_index.
CREATE SEQUENCE IF NOT EXISTS syncapi_stream_id;
CREATE TABLE IF NOT EXISTS syncapi_output_room_events (
  id BIGINT PRIMARY KEY DEFAULT nextval('syncapi_stream_id'),
  event_id TEXT NOT NULL CONSTRAINT syncapi_event_id_idx UNIQUE,
  room_id TEXT NOT NULL,
  headered_event_json TEXT NOT NULL,
  type TEXT NOT NULL,
  sender TEXT NOT NULL,
  contains_url BOOL NOT NULL,
  add_state_ids TEXT[],
  remove_state_ids TEXT[],
  session_id BIGINT,
  transaction_id TEXT,
  exclude_from_sync BOOL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS syncapi_output_room_events_type_idx ON syncapi_output_room_events (type);
CREATE INDEX IF NOT EXISTS syncapi_output_room_events_sender_idx ON syncapi_output_room_events (sender);
CREATE INDEX IF NOT EXISTS syncapi_output_room_events_room_id_idx ON syncapi_output_room_events (room_id);
CREATE INDEX IF NOT EXISTS syncapi_output_room_events_exclude_from_sync_idx ON syncapi_output_room_events (exclude_from_sync);
-- syncapi/storage/postgres/receipt_table.go before 20201211125500_sequences (ids from the shared
-- syncapi_stream_id).
CREATE TABLE IF NOT EXISTS syncapi_receipts (
	id BIGINT PRIMARY KEY DEFAULT nextval('syncapi_stream_id'),
	room_id TEXT NOT NULL,
	receipt_type TEXT NOT NULL,
	user_id TEXT NOT NULL,
	event_id TEXT NOT NULL,
	receipt_ts BIGINT NOT NULL,
	CONSTRAINT syncapi_receipts_unique UNIQUE (room_id, receipt_type, user_id)
);
CREATE INDEX IF NOT EXISTS syncapi_receipts_room_id ON syncapi_receipts(room_id);
-- syncapi/storage/postgres/send_to_device_table.go before 20210112130000_sendtodevice_sentcolumn.
CREATE SEQUENCE IF NOT EXISTS syncapi_send_to_device_id;
CREATE TABLE IF NOT EXISTS syncapi_send_to_device (
	id BIGINT PRIMARY KEY DEFAULT nextval('syncapi_send_to_device_id'),
	user_id TEXT NOT NULL,
	device_id TEXT NOT NULL,
	content TEXT NOT NULL,
	sent_by_token TEXT
);
