-- Attempts are reserved before a password or code is checked: `granted` holds whether the
-- latest reservation of a counter was let through (1) or refused by a running lock (0), so
-- the statement that reserves can answer for itself under concurrency.
ALTER TABLE attempt_counters ADD COLUMN granted INTEGER NOT NULL DEFAULT 1;

-- Leases for periodic work that one node at a time should do (pruning expired rows): a node
-- takes a lease with one conditional statement; no coordinator.
CREATE TABLE maintenance_leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    until   INTEGER NOT NULL
);

-- The active second factors when the password was right, comma-separated: a pending sign-in
-- is one record, loaded once per request with its authorization and its user.
ALTER TABLE pending_logins ADD COLUMN methods TEXT NOT NULL DEFAULT '';
-- Steps in flight at the upgrade have no snapshot: they start over.
DELETE FROM pending_logins;
