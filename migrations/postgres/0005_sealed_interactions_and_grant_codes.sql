-- The authorization request waiting for a sign-in travels sealed (AES-256-GCM under the
-- master key) in the sign-in pages' URLs: /authorize writes nothing, and any node can open
-- it. Its single use is the grant's: a grant's ID is the interaction's key.
DROP TABLE interactions;
-- Steps in flight at the upgrade belong to interactions that are gone: they start over.
DELETE FROM pending_logins;

-- A grant is born with its authorization code: one row, one statement per completed sign-in.
ALTER TABLE grants ADD COLUMN code_digest TEXT;
ALTER TABLE grants ADD COLUMN code_data TEXT;
ALTER TABLE grants ADD COLUMN code_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE grants ADD COLUMN code_expires_at BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX grants_code ON grants (code_digest);
-- Carry live codes over; an index first, so that this is one lookup per grant, not a scan.
-- (A stop-all upgrade: nodes of the previous version read the tables dropped here.)
CREATE INDEX auth_codes_grant ON auth_codes (grant_id);
UPDATE grants SET
    code_digest = (SELECT a.code_digest FROM auth_codes a WHERE a.grant_id = grants.id),
    code_data = (SELECT a.data FROM auth_codes a WHERE a.grant_id = grants.id),
    code_used = COALESCE((SELECT a.used FROM auth_codes a WHERE a.grant_id = grants.id), 1),
    code_expires_at = COALESCE((SELECT a.expires_at FROM auth_codes a WHERE a.grant_id = grants.id), 0);
DROP TABLE auth_codes;
