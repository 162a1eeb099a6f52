-- Users, API keys, audit, and VM ownership.

CREATE TABLE app_user (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text        NOT NULL CONSTRAINT app_user_username_key UNIQUE,
    -- bcrypt, Modular Crypt Format; the password itself is never stored
    password_hash text        NOT NULL,
    -- comma separated, from: admin, user, viewer
    roles         text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SHA-256 of the key: keys are 256 random bits, so a fast hash is enough and lets a key be
    -- found by its digest; the key itself is shown once and never stored
    key_hash    bytea       NOT NULL CONSTRAINT api_key_key_hash_key UNIQUE,
    description text        NOT NULL DEFAULT '',
    is_admin    boolean     NOT NULL DEFAULT false,
    -- a personal key carries its user's roles; null for keys an admin created
    user_id     bigint      REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz
);

CREATE INDEX api_key_user_idx ON api_key (user_id);

CREATE TABLE audit_log (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    -- who: key:12, user:alice, bootstrap:1 (never a secret)
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text,
    -- success, or the problem code the caller got
    result  text        NOT NULL,
    detail  text
);

-- the caller that provisioned the VM (same form as audit_log.actor, or user:<name> for a user's
-- key); null for VMs provisioned before ownership existed, which only admins see
ALTER TABLE vm ADD COLUMN owner text;
CREATE INDEX vm_owner_idx ON vm (owner, machine_id);
