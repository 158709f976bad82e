-- The schema the serving version uses in the third holdout set (holdout3_test.go): a cut-down
-- Mattermost schema as its PostgreSQL migrations leave it before v6.0
-- (github.com/mattermost/mattermost, server/channels/db/migrations/postgres/*.up.sql) and
-- Temporal's persistence and visibility schemas as of the versions before the migrations
-- below (github.com/temporalio/temporal, schema/postgresql/v12/{temporal,visibility}).
-- {{role}} is the role the serving version connects as: not a superuser, not the owner.
CREATE ROLE {{role}};
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE users (id varchar(26) PRIMARY KEY, username varchar(64) UNIQUE, email varchar(128) UNIQUE, props varchar(4000),
  notifyprops varchar(2000), timezone varchar(256) DEFAULT '{"automaticTimezone":"","manualTimezone":"","useAutomaticTimezone":"true"}',
  remoteid varchar(26), themeprops varchar(2000), acceptedtermsofserviceid varchar(64), acceptedservicetermsid varchar(64), deleteat bigint);
CREATE TABLE teams (id varchar(26) PRIMARY KEY, name varchar(64) UNIQUE, displayname varchar(64));
CREATE TABLE teammembers (teamid varchar(26) NOT NULL, userid varchar(26) NOT NULL, roles varchar(64), deleteat bigint, PRIMARY KEY (teamid, userid));
CREATE TABLE channels (id varchar(26) PRIMARY KEY, teamid varchar(26), type varchar(1), displayname varchar(64), name varchar(64), lastrootpostat bigint, UNIQUE (name, teamid));
CREATE INDEX idx_channels_team_id ON channels (teamid);
CREATE TABLE channelmembers (channelid varchar(26) NOT NULL, userid varchar(26) NOT NULL, roles varchar(64), lastviewedat bigint, notifyprops varchar(2000), schemeguest boolean,
  PRIMARY KEY (channelid, userid));
CREATE INDEX idx_channelmembers_user_id ON channelmembers (userid);
CREATE TABLE posts (id varchar(26) PRIMARY KEY, createat bigint, channelid varchar(26), rootid varchar(26), parentid varchar(26), originalid varchar(26),
  message varchar(65535), props varchar(8000), fileids varchar(150), deleteat bigint);
CREATE INDEX idx_posts_root_id ON posts (rootid);
CREATE TABLE reactions (userid varchar(26) NOT NULL, postid varchar(26) NOT NULL, emojiname varchar(64) NOT NULL, createat bigint, PRIMARY KEY (postid, userid, emojiname));
CREATE TABLE threads (postid varchar(26) PRIMARY KEY, channelid varchar(26), replycount bigint, lastreplyat bigint, participants varchar(1000), deleteat bigint, teamid varchar(26));
CREATE INDEX idx_threads_channel_id ON threads (channelid);
CREATE TABLE threadmemberships (postid varchar(26) NOT NULL, userid varchar(26) NOT NULL, following boolean, PRIMARY KEY (postid, userid));
CREATE TABLE sessions (id varchar(26) PRIMARY KEY, token varchar(26), userid varchar(26), roles varchar(64), props varchar(1000));
CREATE TABLE jobs (id varchar(26) PRIMARY KEY, type varchar(32), status varchar(32), data varchar(1024));
CREATE TABLE status (userid varchar(26) PRIMARY KEY, status varchar(32), dndendtime bigint);
CREATE INDEX idx_status_status ON status (status);
CREATE TABLE fileinfo (id varchar(26) PRIMARY KEY, creatorid varchar(26), postid varchar(26), name varchar(256), deleteat bigint);
CREATE TABLE preferences (userid varchar(26) NOT NULL, category varchar(32) NOT NULL, name varchar(32) NOT NULL, value varchar(2000), PRIMARY KEY (userid, category, name));
CREATE TABLE notifyadmin (userid varchar(26) NOT NULL, createat bigint, requiredplan varchar(26) NOT NULL, requiredfeature varchar(100) NOT NULL, trial boolean NOT NULL);
CREATE TABLE drafts (createat bigint, updateat bigint, deleteat bigint, userid varchar(26) NOT NULL, channelid varchar(26) NOT NULL, rootid varchar(26) NOT NULL DEFAULT '',
  message varchar(65535), PRIMARY KEY (userid, channelid, rootid));
CREATE TABLE jobstatuses (id varchar(26) PRIMARY KEY, type varchar(32), status varchar(32));
CREATE TABLE passwordrecovery (userid varchar(26) PRIMARY KEY, code varchar(128), createat bigint);
CREATE TABLE uploadsessions (id varchar(26) PRIMARY KEY, type varchar(32), userid varchar(26));
CREATE INDEX idx_uploadsessions_user_id ON uploadsessions (type);
CREATE TABLE usergroups (id varchar(26) PRIMARY KEY, name varchar(64) UNIQUE, displayname varchar(128), source varchar(64));
CREATE TABLE sidebarcategories (id varchar(128) PRIMARY KEY, userid varchar(26), teamid varchar(26), displayname varchar(64));
CREATE TABLE oauthaccessdata (clientid varchar(26), userid varchar(26), token varchar(26) PRIMARY KEY, refreshtoken varchar(26));

CREATE TABLE executions (shard_id integer NOT NULL, namespace_id bytea NOT NULL, workflow_id varchar(255) NOT NULL, run_id bytea NOT NULL,
  next_event_id bigint NOT NULL, data bytea NOT NULL, data_encoding varchar(16) NOT NULL, PRIMARY KEY (shard_id, namespace_id, workflow_id, run_id));
CREATE TABLE current_executions (shard_id integer NOT NULL, namespace_id bytea NOT NULL, workflow_id varchar(255) NOT NULL, run_id bytea NOT NULL,
  create_request_id varchar(255), state integer NOT NULL, status integer NOT NULL, last_write_version bigint NOT NULL, PRIMARY KEY (shard_id, namespace_id, workflow_id));
CREATE TABLE cluster_metadata (metadata_partition integer NOT NULL, cluster_name varchar(255) NOT NULL, immutable_data bytea NOT NULL,
  immutable_data_encoding varchar(16) NOT NULL, PRIMARY KEY (metadata_partition, cluster_name));
CREATE TABLE cluster_membership (membership_partition integer NOT NULL, host_id bytea NOT NULL, rpc_address varchar(15) NOT NULL, rpc_port smallint NOT NULL,
  role smallint NOT NULL, session_start timestamp DEFAULT '1970-01-01 00:00:01', last_heartbeat timestamp DEFAULT '1970-01-01 00:00:01',
  record_expiry timestamp DEFAULT '1970-01-01 00:00:01', PRIMARY KEY (membership_partition, host_id));
CREATE TABLE chasm_node_maps (shard_id integer NOT NULL, namespace_id bytea NOT NULL, workflow_id varchar(255) NOT NULL, run_id bytea NOT NULL,
  chasm_path bytea NOT NULL, data bytea NOT NULL, data_encoding varchar(16) NOT NULL, PRIMARY KEY (shard_id, namespace_id, workflow_id, run_id, chasm_path));
CREATE TABLE nexus_incoming_services (service_id bytea NOT NULL PRIMARY KEY, data bytea NOT NULL, data_encoding varchar(16) NOT NULL, version bigint NOT NULL);
CREATE TABLE nexus_incoming_services_partition_status (id int NOT NULL PRIMARY KEY DEFAULT 0, version bigint NOT NULL);
CREATE TABLE executions_visibility (
  namespace_id char(64) NOT NULL, run_id char(64) NOT NULL, start_time timestamp NOT NULL, execution_time timestamp NOT NULL,
  workflow_id varchar(255) NOT NULL, workflow_type_name varchar(255) NOT NULL, status integer NOT NULL, close_time timestamp NULL,
  history_length bigint NULL, task_queue varchar(255) NOT NULL DEFAULT '', search_attributes jsonb NULL,
  root_workflow_id varchar(255) NULL, root_run_id varchar(255) NULL,
  Text01 tsvector GENERATED ALWAYS AS ((search_attributes->>'Text01')::tsvector) STORED,
  Text02 tsvector GENERATED ALWAYS AS ((search_attributes->>'Text02')::tsvector) STORED,
  Text03 tsvector GENERATED ALWAYS AS ((search_attributes->>'Text03')::tsvector) STORED,
  PRIMARY KEY (namespace_id, run_id));
CREATE INDEX by_root_workflow_id ON executions_visibility (namespace_id, root_workflow_id, (COALESCE(close_time, '9999-12-31 23:59:59')) DESC, start_time DESC, run_id);
CREATE INDEX by_root_run_id ON executions_visibility (namespace_id, root_run_id, (COALESCE(close_time, '9999-12-31 23:59:59')) DESC, start_time DESC, run_id);
CREATE INDEX by_text_01 ON executions_visibility USING GIN (namespace_id, Text01);
CREATE INDEX by_text_02 ON executions_visibility USING GIN (namespace_id, Text02);
CREATE INDEX by_text_03 ON executions_visibility USING GIN (namespace_id, Text03);
