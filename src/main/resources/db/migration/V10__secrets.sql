-- Secrets (issue 14): values users keep here (API tokens, passwords, certificates, SSH keys) for
-- themselves and for the service (an integration's header). A value is sealed under the master
-- key (crypto.SecretCipher: AES-256-GCM, bound to 'secret:<id>'); no table holds one in clear.
CREATE TABLE secret (
    id         bigserial   PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    type       text        NOT NULL CHECK (type IN ('api_key', 'password', 'token', 'certificate', 'ssh_key', 'generic')),
    -- v1:<key id>:<base64 nonce+ciphertext>; the key id says which master key opens it
    value      text        NOT NULL,
    is_active  boolean     NOT NULL DEFAULT true,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT secret_name_key UNIQUE (user_id, name)
);
