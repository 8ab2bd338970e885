-- Counters of failed attempts (per account and per client address), shared by all nodes, and
-- the audit log of security events.

CREATE TABLE attempt_counters (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    -- the time of the latest failure
    window_start  INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    tenant_id  TEXT,
    user_id    TEXT,
    actor      TEXT,
    event      TEXT NOT NULL,
    detail     TEXT,
    client_ip  TEXT
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
