-- Core schema: tenants, users, clients, signing keys, sessions, authorization flow state.
-- Times are Unix seconds (BIGINT); flags are 0/1 integers so the same SQL runs on PostgreSQL.

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    settings    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE users (
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    id              TEXT NOT NULL,
    username        TEXT NOT NULL,
    username_key    TEXT NOT NULL,
    email           TEXT NOT NULL,
    email_confirmed BIGINT NOT NULL DEFAULT 0,
    name            TEXT,
    password_hash   TEXT,
    is_admin        BIGINT NOT NULL DEFAULT 0,
    disabled        BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, username_key)
);

CREATE TABLE clients (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT REFERENCES tenants(id),
    secret_digest TEXT,
    data          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE signing_keys (
    kid           TEXT PRIMARY KEY,
    alg           TEXT NOT NULL,
    private_enc   BYTEA NOT NULL,
    public_jwk    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    retired_at    BIGINT
);
-- At most one current key per algorithm, even when several nodes start at once.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (alg) WHERE retired_at IS NULL;

CREATE TABLE sessions (
    id_digest   TEXT PRIMARY KEY,
    sid         TEXT NOT NULL UNIQUE,
    tenant_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    auth_time   BIGINT NOT NULL,
    amr         TEXT NOT NULL,
    acr         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

-- A pending authorization request while the user signs in (any node may serve each step).
CREATE TABLE interactions (
    id          TEXT PRIMARY KEY,
    request     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- One grant per completed authorization; codes, refresh tokens and access tokens point to it
-- so that code replay, refresh-token reuse and revocation can end the whole family.
CREATE TABLE grants (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    revoked     BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX grants_user ON grants (tenant_id, user_id);

CREATE TABLE auth_codes (
    code_digest TEXT PRIMARY KEY,
    grant_id    TEXT NOT NULL,
    data        TEXT NOT NULL,
    used        BIGINT NOT NULL DEFAULT 0,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE refresh_tokens (
    token_digest TEXT PRIMARY KEY,
    grant_id     TEXT NOT NULL,
    data         TEXT NOT NULL,
    used         BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_grant ON refresh_tokens (grant_id);

-- Access tokens are self-contained JWTs; revoking one records its jti until it expires.
CREATE TABLE revoked_tokens (
    jti         TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
