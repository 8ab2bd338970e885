-- Second factors, one-time codes, account links (registration, reset, e-mail confirmation)
-- and the second step of a sign-in in progress. Codes and link tokens are stored as keyed
-- hashes only; TOTP secrets are sealed (AES-256-GCM, base64) with a key from configuration.

-- One row per user and method. A row with active = 0 is an enrollment waiting for its first
-- code; it never counts at sign-in.
CREATE TABLE factors (
    tenant_id     TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    method        TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 0,
    secret_sealed TEXT,
    phone         TEXT,
    -- TOTP replay guard: the last time step accepted, raised atomically.
    last_step     INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    activated_at  INTEGER,
    PRIMARY KEY (tenant_id, user_id, method)
);

-- The one live code per user and method (SMS or e-mail); a new code replaces the old one.
CREATE TABLE one_time_codes (
    tenant_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    method       TEXT NOT NULL,
    code_digest  TEXT NOT NULL,
    -- where the code was sent (phone number or address): a code proves that destination.
    target       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    sent_at      INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id, method)
);

-- Links sent by mail. purpose: register, reset, confirm. Single use.
CREATE TABLE account_links (
    token_digest TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    email        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
);
CREATE INDEX account_links_user ON account_links (tenant_id, user_id);

-- A sign-in whose password was right and whose second factor is pending, bound to the
-- authorization it belongs to and to the browser that typed the password.
CREATE TABLE pending_logins (
    interaction_id TEXT PRIMARY KEY,
    browser_digest TEXT NOT NULL,
    tenant_id      TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    -- the method chosen or being enrolled, once known
    method         TEXT,
    enrolling      INTEGER NOT NULL DEFAULT 0,
    failures       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
