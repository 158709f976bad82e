-- The schema the serving version uses in the seventh holdout set (holdout7_test.go): a cut-down
-- Miniflux schema (github.com/miniflux/v2, internal/database/migrations.go) and a cut-down
-- Matrix Synapse schema (github.com/element-hq/synapse, synapse/storage/schema/main/delta),
-- side by side in public (no table name is shared: Synapse's users table is left out). Each
-- table holds the state just before every migration the set takes from it (a column a case
-- adds is absent; an index or constraint a case drops is present). The few objects neither
-- project has at that point (the domain room_version, api_keys.rate_limit numeric(10,2), the
-- event_stats trigger standing for the one Synapse added in #18260 and removed in 92/01) serve
-- the squawk/pg cases. {{role}} is the role the serving version connects as: not a superuser,
-- not the owner.
CREATE ROLE {{role}};

-- Miniflux.
CREATE TYPE entry_status AS enum('unread', 'read', 'removed');
CREATE TYPE entry_sorting_direction AS enum('asc', 'desc');
CREATE TABLE users (id serial, username text not null unique, password text, is_admin bool default 'f', language text default 'en_US',
  timezone text default 'UTC', theme text default 'default', last_login_at timestamp with time zone, entry_direction entry_sorting_direction default 'asc',
  keyboard_shortcuts boolean default 't', entries_per_page int default 100, show_reading_time boolean default 't', entry_swipe boolean default 't',
  stylesheet text not null default '', google_id text not null default '', openid_connect_id text not null default '', double_tap boolean default 't',
  primary key (id));
CREATE TABLE user_sessions (id serial, user_id int not null, token text not null unique, created_at timestamp with time zone default now(), user_agent text, ip text,
  primary key (id), unique (user_id, token), foreign key (user_id) references users(id) on delete cascade);
CREATE TABLE categories (id serial, user_id int not null, title text not null, primary key (id), unique (user_id, title),
  foreign key (user_id) references users(id) on delete cascade);
CREATE TABLE feeds (id bigserial, user_id int not null, category_id int not null, title text not null, feed_url text not null, site_url text not null,
  checked_at timestamp with time zone default now(), etag_header text default '', last_modified_header text default '', parsing_error_msg text default '',
  parsing_error_count int default 0, user_agent text default '', username text default '', password text default '', disabled boolean default 'f',
  next_check_at timestamp with time zone default now(), primary key (id), unique (user_id, feed_url),
  foreign key (user_id) references users(id) on delete cascade, foreign key (category_id) references categories(id) on delete cascade);
CREATE TABLE entries (id bigserial, user_id int not null, feed_id bigint not null, hash text not null, published_at timestamp with time zone not null,
  title text not null, url text not null, author text, content text, status entry_status default 'unread', comments_url text default '',
  document_vectors tsvector, changed_at timestamp with time zone not null, reading_time int not null default 0,
  primary key (id), unique (feed_id, hash), foreign key (user_id) references users(id) on delete cascade, foreign key (feed_id) references feeds(id) on delete cascade);
CREATE INDEX entries_feed_idx on entries using btree(feed_id);
CREATE INDEX entries_feed_url_idx ON entries(feed_id, url) WHERE length(url) < 2000;
CREATE INDEX document_vectors_idx ON entries USING gin(document_vectors) WHERE status != 'removed';
CREATE TABLE enclosures (id bigserial, user_id int not null, entry_id bigint not null, url text not null, size int default 0, mime_type text default '',
  primary key (id), foreign key (user_id) references users(id) on delete cascade, foreign key (entry_id) references entries(id) on delete cascade);
CREATE INDEX enclosures_user_entry_url_idx ON enclosures(user_id, entry_id, encode(sha256(url::bytea), 'hex'));
CREATE TABLE icons (id bigserial, hash text not null unique, mime_type text not null, content bytea not null, primary key (id));
CREATE TABLE feed_icons (feed_id bigint not null, icon_id bigint not null, primary key(feed_id, icon_id),
  foreign key (feed_id) references feeds(id) on delete cascade, foreign key (icon_id) references icons(id) on delete cascade);
CREATE TABLE integrations (user_id int not null, pinboard_enabled bool default 'f', pinboard_token text default '', pinboard_tags text default 'miniflux',
  pinboard_mark_as_unread bool default 'f', fever_enabled bool default 'f', fever_username text default '', fever_password text default '', fever_token text default '',
  pocket_enabled bool default 'f', pocket_access_token text default '', pocket_consumer_key text default '', primary key(user_id));
CREATE TABLE api_keys (id SERIAL, user_id int not null references users(id) on delete cascade, token text not null unique, description text not null,
  last_used_at timestamp with time zone, created_at timestamp with time zone default now(), rate_limit numeric(10,2), primary key(id), unique (user_id, description));
CREATE TABLE acme_cache (key varchar(400) not null primary key, data bytea not null, updated_at timestamptz not null);

-- Synapse.
CREATE DOMAIN room_version AS text;
CREATE TABLE rooms (room_id TEXT PRIMARY KEY NOT NULL, is_public BOOL, creator TEXT, room_version room_version, has_auth_chain_index BOOLEAN);
CREATE SEQUENCE events_stream_seq;
CREATE TABLE events (stream_ordering INTEGER PRIMARY KEY, topological_ordering BIGINT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, room_id TEXT NOT NULL,
  content TEXT, unrecognized_keys TEXT, processed BOOL NOT NULL, outlier BOOL NOT NULL, depth BIGINT DEFAULT 0 NOT NULL, origin_server_ts BIGINT, received_ts BIGINT,
  sender TEXT, contains_url BOOLEAN, instance_name TEXT, state_key TEXT DEFAULT NULL, rejection_reason TEXT DEFAULT NULL, UNIQUE (event_id));
CREATE INDEX events_order_room ON events (room_id, topological_ordering, stream_ordering);
CREATE TABLE event_stats (total_event_count BIGINT NOT NULL DEFAULT 0, unencrypted_message_count BIGINT NOT NULL DEFAULT 0, e2ee_event_count BIGINT NOT NULL DEFAULT 0);
CREATE FUNCTION event_stats_increment_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE event_stats SET total_event_count = total_event_count + 1;
        IF NEW.type = 'm.room.encrypted' THEN
            UPDATE event_stats SET e2ee_event_count = e2ee_event_count + 1;
        ELSIF NEW.type = 'm.room.message' THEN
            UPDATE event_stats SET unencrypted_message_count = unencrypted_message_count + 1;
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER event_stats_increment_counts_trigger AFTER INSERT ON events FOR EACH ROW EXECUTE PROCEDURE event_stats_increment_counts();
CREATE TABLE event_reference_hashes (event_id TEXT, algorithm TEXT, hash bytea, UNIQUE (event_id, algorithm));
CREATE TABLE receipts_linearized (stream_id BIGINT NOT NULL, room_id TEXT NOT NULL, receipt_type TEXT NOT NULL, user_id TEXT NOT NULL, event_id TEXT NOT NULL,
  data TEXT NOT NULL, instance_name TEXT, CONSTRAINT receipts_linearized_uniqueness UNIQUE (room_id, receipt_type, user_id));
CREATE INDEX receipts_linearized_id ON receipts_linearized (stream_id);
CREATE TABLE pushers (id BIGINT PRIMARY KEY, user_name TEXT NOT NULL, access_token BIGINT DEFAULT NULL, profile_tag TEXT NOT NULL, kind TEXT NOT NULL, app_id TEXT NOT NULL,
  app_display_name TEXT NOT NULL, device_display_name TEXT NOT NULL, pushkey TEXT NOT NULL, ts BIGINT NOT NULL, lang TEXT, data TEXT, last_stream_ordering INTEGER,
  last_success BIGINT, failing_since BIGINT, UNIQUE (app_id, pushkey, user_name));
CREATE TABLE partial_state_rooms (room_id TEXT PRIMARY KEY, FOREIGN KEY(room_id) REFERENCES rooms(room_id));
CREATE TABLE event_push_actions_staging (event_id TEXT NOT NULL, user_id TEXT NOT NULL, actions TEXT NOT NULL, notif SMALLINT NOT NULL, highlight SMALLINT NOT NULL,
  unread SMALLINT, thread_id TEXT);
CREATE INDEX event_push_actions_staging_id ON event_push_actions_staging(event_id);
CREATE TABLE event_push_summary (user_id TEXT NOT NULL, room_id TEXT NOT NULL, notif_num BIGINT NOT NULL, stream_ordering BIGINT NOT NULL, unread_count BIGINT,
  last_receipt_stream_ordering BIGINT, thread_id TEXT);
CREATE UNIQUE INDEX event_push_summary_unique_index ON event_push_summary (user_id, room_id);
CREATE TABLE room_memberships (event_id TEXT NOT NULL, user_id TEXT NOT NULL, sender TEXT NOT NULL, room_id TEXT NOT NULL, membership TEXT NOT NULL,
  forgotten INTEGER DEFAULT 0, display_name TEXT, avatar_url TEXT, UNIQUE (event_id));
CREATE INDEX room_memberships_room_id ON room_memberships (room_id);
CREATE INDEX room_memberships_user_id ON room_memberships (user_id);
CREATE TABLE presence (user_id TEXT NOT NULL, state VARCHAR(20), status_msg TEXT, mtime BIGINT, UNIQUE (user_id));
CREATE TABLE application_services_state (as_id TEXT PRIMARY KEY, state VARCHAR(5), last_txn INTEGER, read_receipt_stream_id INTEGER);
CREATE TABLE e2e_cross_signing_keys (user_id TEXT NOT NULL, keytype TEXT NOT NULL, keydata TEXT NOT NULL, stream_id BIGINT NOT NULL);
CREATE UNIQUE INDEX e2e_cross_signing_keys_idx ON e2e_cross_signing_keys (user_id, keytype, stream_id);
CREATE TABLE local_media_repository (media_id TEXT, media_type TEXT, media_length INTEGER, created_ts BIGINT, upload_name TEXT, user_id TEXT,
  quarantined_by TEXT, url_cache TEXT, last_access_ts BIGINT, safe_from_quarantine BOOLEAN NOT NULL DEFAULT FALSE, UNIQUE (media_id));
CREATE TABLE profiles (user_id TEXT NOT NULL, displayname TEXT, avatar_url TEXT, full_user_id TEXT, UNIQUE (user_id));
CREATE TABLE scheduled_tasks (id TEXT PRIMARY KEY, action TEXT NOT NULL, status TEXT NOT NULL, timestamp BIGINT NOT NULL, resource_id TEXT, params TEXT, result TEXT, error TEXT);
CREATE INDEX scheduled_tasks_status ON scheduled_tasks(status);
CREATE TABLE destinations (destination TEXT PRIMARY KEY, retry_last_ts BIGINT, retry_interval INTEGER, failure_ts BIGINT, last_successful_stream_ordering BIGINT);
