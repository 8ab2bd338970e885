-- A tenant's logo (PNG, or SVG that passed the allow-list), served by the IdP itself at
-- /branding/{tenant}/logo. The tenant's settings name its version (a digest prefix), so the
-- pages link to it with a cache-busting query and need no lookup here.
CREATE TABLE tenant_logos (
    tenant_id     TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    content_type  TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/svg+xml')),
    data          TEXT NOT NULL,
    version       TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);
