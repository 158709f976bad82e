-- The schema the serving version uses in the holdout set (holdout_test.go): a cut-down
-- Supabase auth schema (github.com/supabase/auth, migrations/*.up.sql) with Ory Kratos'
-- networks table (github.com/ory/kratos, persistence/sql/migrations/sql). {{role}} is the role
-- the serving version connects as: not a superuser and not the tables' owner.
CREATE ROLE {{role}};
CREATE SCHEMA auth;
CREATE TABLE auth.networks (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
CREATE TYPE auth.factor_type AS ENUM ('totp', 'webauthn');
CREATE TABLE auth.users (
  instance_id uuid,
  id uuid PRIMARY KEY,
  aud varchar(255),
  role varchar(255),
  email varchar(255) CONSTRAINT users_email_key UNIQUE,
  encrypted_password varchar(255),
  confirmed_at timestamptz,
  phone varchar(15) DEFAULT NULL,
  raw_app_meta_data jsonb,
  is_super_admin boolean,
  banned_until timestamptz,
  created_at timestamptz,
  updated_at timestamptz);
CREATE INDEX users_instance_id_idx ON auth.users (instance_id);
CREATE TABLE auth.refresh_tokens (
  instance_id uuid,
  id bigserial PRIMARY KEY,
  token varchar(255),
  user_id varchar(255),
  revoked boolean,
  parent varchar(255),
  created_at timestamptz,
  updated_at timestamptz,
  CONSTRAINT token_present CHECK (token IS NOT NULL) NOT VALID);
CREATE INDEX refresh_tokens_token_idx ON auth.refresh_tokens (token);
CREATE TABLE auth.identities (
  id text NOT NULL,
  user_id uuid NOT NULL CONSTRAINT identities_user_id_fkey REFERENCES auth.users (id) ON DELETE CASCADE,
  identity_data jsonb NOT NULL,
  provider text NOT NULL,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  CONSTRAINT identities_pkey PRIMARY KEY (provider, id));
CREATE TABLE auth.mfa_factors (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  friendly_name text,
  factor_type auth.factor_type NOT NULL,
  status text NOT NULL DEFAULT 'unverified',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT status_known CHECK (status IN ('unverified', 'verified')));
CREATE TABLE auth.audit_log_entries (
  instance_id uuid,
  id uuid NOT NULL,
  payload json,
  created_at timestamptz,
  ip_address varchar(64) NOT NULL DEFAULT '');
CREATE VIEW auth.active_users AS SELECT id, email FROM auth.users WHERE banned_until IS NULL;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
