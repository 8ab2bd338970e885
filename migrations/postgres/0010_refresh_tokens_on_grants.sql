-- A grant carries its refresh token: under rotation a grant has one live token at a time, so
-- the code exchange and each refresh are one statement (no row per token). Only the digest
-- of the token's secret is stored. A token names its grant and is tagged with a key of the
-- master key, so a replay of an earlier token still revokes the grant (see `idp-oidc`).
-- A stop-all upgrade: nodes of the previous version write the table dropped here.
ALTER TABLE grants ADD COLUMN grant_data TEXT;
ALTER TABLE grants ADD COLUMN refresh_digest TEXT;
ALTER TABLE grants ADD COLUMN refresh_issued_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE grants ADD COLUMN refresh_expires_at BIGINT NOT NULL DEFAULT 0;
-- 1 for a token issued before this upgrade (a bare secret, found by digest alone); its
-- first rotation gives the grant a token of the new form.
ALTER TABLE grants ADD COLUMN refresh_legacy BIGINT NOT NULL DEFAULT 0;
-- Tokens issued before this upgrade carry no grant ID and are found by digest; the index is
-- also what keeps two grants from holding the same digest.
CREATE UNIQUE INDEX grants_refresh ON grants (refresh_digest);
-- Carry each grant's live token over (there is at most one: rotation spends one, adds one).
-- Replays of tokens spent before the upgrade are refused as unknown, not as replays.
UPDATE grants SET
    grant_data = (SELECT r.data FROM refresh_tokens r WHERE r.grant_id = grants.id AND r.used = 0
                  ORDER BY r.created_at DESC, r.token_digest DESC LIMIT 1),
    refresh_legacy = 1,
    refresh_digest = (SELECT r.token_digest FROM refresh_tokens r WHERE r.grant_id = grants.id
                      AND r.used = 0 ORDER BY r.created_at DESC, r.token_digest DESC LIMIT 1),
    refresh_issued_at = COALESCE((SELECT r.created_at FROM refresh_tokens r WHERE r.grant_id = grants.id
                      AND r.used = 0 ORDER BY r.created_at DESC, r.token_digest DESC LIMIT 1), 0),
    refresh_expires_at = COALESCE((SELECT r.expires_at FROM refresh_tokens r WHERE r.grant_id = grants.id
                      AND r.used = 0 ORDER BY r.created_at DESC, r.token_digest DESC LIMIT 1), 0)
WHERE EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.grant_id = grants.id AND r.used = 0);
-- Codes not yet redeemed: their grants' payload, without what only the code needs.
-- (jsonb refuses a \u0000 escape, which a nonce may carry: such a code is dropped, and its
-- user signs in again, rather than the upgrade failing.)
DELETE FROM grants WHERE code_used = 0 AND strpos(code_data, '\u0000') > 0;
UPDATE grants SET grant_data = (code_data::jsonb - 'nonce' - 'redirect_uri' - 'code_challenge')::text
WHERE code_used = 0 AND code_data IS NOT NULL;
DROP TABLE refresh_tokens;
