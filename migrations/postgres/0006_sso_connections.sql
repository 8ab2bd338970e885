-- SSO: a tenant's upstream SAML identity provider, the e-mail domains it claims, the
-- AuthnRequests in flight, and the assertion IDs already used.

CREATE TABLE sso_connections (
    tenant_id       TEXT PRIMARY KEY REFERENCES tenants(id),
    -- The IdP's metadata as imported (the last good copy when it comes from a URL).
    metadata_xml    TEXT NOT NULL,
    metadata_url    TEXT,
    metadata_at     BIGINT NOT NULL,
    -- JSON: entity ID, attribute mapping, JIT, skew, step-up classes, IdP-initiated landing.
    settings        TEXT NOT NULL,
    -- The SP key (PKCS#8, sealed under the master key, base64) and its certificate (DER,
    -- base64); the next pair during a rotation.
    sp_key          TEXT NOT NULL,
    sp_cert         TEXT NOT NULL,
    sp_next_key     TEXT,
    sp_next_cert    TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- A domain is claimed by one tenant only (the key); '*.example.com' is stored as
-- example.com with subdomains = 1.
CREATE TABLE sso_domains (
    domain      TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    subdomains  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sso_domains_tenant ON sso_domains (tenant_id);

-- An AuthnRequest sent and not yet answered: its ID is the InResponseTo to expect, bound to
-- the browser that was sent (a digest of its SSO cookie) and to the sealed sign-in.
CREATE TABLE saml_requests (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    relay_state     TEXT NOT NULL,
    browser_digest  TEXT NOT NULL,
    interaction     TEXT NOT NULL,
    expires_at      BIGINT NOT NULL
);
CREATE INDEX saml_requests_expiry ON saml_requests (expires_at);

-- Assertions accepted, until they could no longer be accepted: a replay, on any node, finds
-- its ID here. The key is a digest of the issuer and the assertion ID.
CREATE TABLE saml_assertions (
    id          TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX saml_assertions_expiry ON saml_assertions (expires_at);

-- The stable upstream identity of a user of an SSO tenant (Entra's object ID, or the
-- NameID), unique within the tenant.
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external_id ON users (tenant_id, external_id);
