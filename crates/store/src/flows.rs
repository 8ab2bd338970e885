//! State between the requests of an authorization: grants with their codes and refresh
//! tokens, and revoked access-token IDs. The payloads are the caller's JSON; this module guarantees
//! single use and expiry. (The authorization request itself is not stored: it travels
//! sealed, see `idp-signin`.)

use crate::{
    flag, Consumed, NewGrant, RefreshIssue, RefreshLookup, RefreshRef, Result, Store, StoreError,
};
use idp_domain::{TenantId, UnixTime};
use sqlx::Row;

impl Store {
    /// Records a completed authorization: its grant and its code, in one row and one
    /// statement. The grant's ID is the interaction's key, so an authorization completes
    /// once: a second completion is a [`StoreError::Conflict`].
    pub async fn create_grant_with_code(&self, g: &NewGrant<'_>) -> Result<()> {
        let done = sqlx::query(
            "INSERT INTO grants (id, tenant_id, client_id, user_id, revoked, created_at, expires_at, \
             code_digest, code_data, code_used, code_expires_at, grant_data) \
             VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, 0, $9, $10) ON CONFLICT (id) DO NOTHING",
        )
        .bind(g.id)
        .bind(g.tenant.as_str())
        .bind(g.client_id)
        .bind(g.user_id)
        .bind(g.created_at)
        .bind(g.expires_at)
        .bind(g.code_digest)
        .bind(g.code_data)
        .bind(g.code_expires_at)
        .bind(g.grant_data)
        .execute(self.db())
        .await;
        if done?.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                what: "a grant for this authorization".into(),
            });
        }
        Ok(())
    }

    /// Whether the authorization of interaction key `id` was completed.
    pub async fn grant_exists(&self, id: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM grants WHERE id = $1")
            .bind(id)
            .fetch_optional(self.db())
            .await?;
        Ok(row.is_some())
    }

    /// Revokes a grant: its refresh tokens stop working and its access tokens stop being
    /// accepted by userinfo and introspection.
    pub async fn revoke_grant(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE grants SET revoked = 1 WHERE id = $1")
            .bind(id)
            .execute(self.db())
            .await?;
        Ok(())
    }

    pub async fn grant_active(&self, id: &str, now: UnixTime) -> Result<bool> {
        let row = sqlx::query("SELECT revoked FROM grants WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_optional(self.db())
            .await?;
        Ok(match row {
            Some(r) => !flag(&r, "revoked")?,
            None => false,
        })
    }

    /// RFC 6749 §4.1.2: a code is used once, by an enabled user of a live grant, and gives
    /// the grant its first refresh token (`refresh`) in the same statement. A second
    /// presentation revokes the grant, and with it every token the first one produced.
    pub async fn consume_code(
        &self,
        digest: &str,
        now: UnixTime,
        refresh: Option<&RefreshIssue<'_>>,
    ) -> Result<Consumed> {
        let row = sqlx::query(
            "UPDATE grants SET code_used = 1, refresh_digest = $3, refresh_issued_at = $4, \
               refresh_expires_at = CASE WHEN $5 < expires_at THEN $5 ELSE expires_at END \
             WHERE code_digest = $1 AND code_used = 0 AND code_expires_at > $2 AND revoked = 0 \
               AND EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = grants.tenant_id \
                           AND u.id = grants.user_id AND u.disabled = 0) \
             RETURNING id, code_data",
        )
        .bind(digest)
        .bind(now)
        .bind(refresh.map(|r| r.digest))
        .bind(refresh.map_or(0, |r| r.issued_at))
        .bind(refresh.map_or(0, |r| r.expires_at))
        .fetch_optional(self.db())
        .await?;
        if let Some(r) = row {
            return Ok(Consumed::Fresh {
                grant_id: r.try_get("id")?,
                data: r.try_get("code_data")?,
            });
        }
        // Why not: a replay, a user no longer enabled, or nothing usable.
        let row = sqlx::query(
            "SELECT g.id AS grant_id, g.code_used AS used, g.revoked, \
                    g.code_expires_at AS expires_at, g.client_id, u.disabled \
             FROM grants g LEFT JOIN users u ON u.tenant_id = g.tenant_id AND u.id = g.user_id \
             WHERE g.code_digest = $1",
        )
        .bind(digest)
        .fetch_optional(self.db())
        .await?;
        self.refused(row, now, None).await
    }

    /// Why a single-use value (a code, a refresh token) was not consumed, from its row: a
    /// used one is a replay and revokes its grant; then a revoked grant or an expiry; then,
    /// with `client`, another client's value; then a user disabled or gone.
    async fn refused(
        &self,
        row: Option<sqlx::any::AnyRow>,
        now: UnixTime,
        client: Option<&str>,
    ) -> Result<Consumed> {
        let Some(r) = row else {
            return Ok(Consumed::Invalid);
        };
        let grant_id: String = r.try_get("grant_id")?;
        if flag(&r, "used")? {
            self.revoke_grant(&grant_id).await?;
            return Ok(Consumed::Replayed { grant_id });
        }
        if flag(&r, "revoked")? || r.try_get::<i64, _>("expires_at")? <= now {
            return Ok(Consumed::Invalid);
        }
        if let Some(c) = client {
            if r.try_get::<String, _>("client_id")? != c {
                return Ok(Consumed::OtherClient);
            }
        }
        Ok(if r.try_get::<Option<i64>, _>("disabled")? == Some(0) {
            Consumed::Invalid
        } else {
            Consumed::Inactive
        })
    }

    /// Rotation with reuse detection (OAuth 2.0 Security BCP §4.14.2): the grant's live
    /// refresh token is exchanged once, by the client it was issued to, for an enabled user of
    /// a live grant, and replaced by `next` in the same statement. A token naming its grant
    /// whose digest is no longer the grant's was spent before: presenting it revokes the
    /// grant. (The caller has checked that the token is one we issued.)
    pub async fn rotate_refresh_token(
        &self,
        token: RefreshRef<'_>,
        client_id: &str,
        next: &RefreshIssue<'_>,
    ) -> Result<Consumed> {
        let now = next.issued_at;
        let sql = format!(
            "UPDATE grants SET refresh_digest = $3, refresh_issued_at = $4, refresh_legacy = 0, \
               refresh_expires_at = CASE WHEN $5 < expires_at THEN $5 ELSE expires_at END \
             WHERE {} AND refresh_expires_at > $4 AND expires_at > $4 AND revoked = 0 \
               AND client_id = $2 \
               AND EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = grants.tenant_id \
                           AND u.id = grants.user_id AND u.disabled = 0) \
             RETURNING id, grant_data",
            refresh_row(token, 6)
        );
        let mut q = sqlx::query(&sql)
            .bind(token.digest)
            .bind(client_id)
            .bind(next.digest)
            .bind(now)
            .bind(next.expires_at);
        if let Some(g) = token.grant {
            q = q.bind(g);
        }
        if let Some(r) = q.fetch_optional(self.db()).await? {
            return Ok(Consumed::Fresh {
                grant_id: r.try_get("id")?,
                data: r.try_get("grant_data")?,
            });
        }
        // Why not: a reuse, another client's token (not spent), a user no longer enabled. A
        // token ends with its grant.
        let (used, find) = match token.grant {
            Some(_) => (
                "CASE WHEN g.refresh_digest = $1 THEN 0 ELSE 1 END",
                "g.id = $2",
            ),
            None => ("0", "g.refresh_digest = $1 AND g.refresh_legacy = 1"),
        };
        let sql = format!(
            "SELECT g.id AS grant_id, {used} AS used, g.revoked, g.client_id, u.disabled, \
               CASE WHEN g.expires_at < g.refresh_expires_at THEN g.expires_at \
                    ELSE g.refresh_expires_at END AS expires_at \
             FROM grants g LEFT JOIN users u ON u.tenant_id = g.tenant_id AND u.id = g.user_id \
             WHERE {find}"
        );
        let mut q = sqlx::query(&sql).bind(token.digest);
        if let Some(g) = token.grant {
            q = q.bind(g);
        }
        let row = q.fetch_optional(self.db()).await?;
        self.refused(row, now, Some(client_id)).await
    }

    /// Gives a grant back the refresh token that [`Store::rotate_refresh_token`] just
    /// replaced by `unsent` (the request was refused after the rotation, so the new token was
    /// never handed out).
    pub async fn restore_refresh_token(
        &self,
        grant_id: &str,
        spent: RefreshRef<'_>,
        unsent: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE grants SET refresh_digest = $1, refresh_legacy = $2 \
             WHERE id = $3 AND refresh_digest = $4",
        )
        .bind(spent.digest)
        .bind(i64::from(spent.grant.is_none()))
        .bind(grant_id)
        .bind(unsent)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// The live refresh token of a live grant.
    pub async fn refresh_token(
        &self,
        token: RefreshRef<'_>,
        now: UnixTime,
    ) -> Result<Option<RefreshLookup>> {
        let sql = format!(
            "SELECT id AS grant_id, grant_data AS data, refresh_issued_at AS created_at, \
                    refresh_expires_at AS expires_at FROM grants \
             WHERE {} AND refresh_expires_at > $2 AND expires_at > $2 AND revoked = 0",
            refresh_row(token, 3)
        );
        let mut q = sqlx::query(&sql).bind(token.digest).bind(now);
        if let Some(g) = token.grant {
            q = q.bind(g);
        }
        let row = q.fetch_optional(self.db()).await?;
        row.map(|r| {
            Ok(RefreshLookup {
                grant_id: r.try_get("grant_id")?,
                data: r.try_get("data")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    pub async fn revoke_jti(&self, jti: &str, expires_at: UnixTime) -> Result<()> {
        sqlx::query("INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING")
            .bind(jti)
            .bind(expires_at)
            .execute(self.db())
            .await?;
        Ok(())
    }

    pub async fn jti_revoked(&self, jti: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM revoked_tokens WHERE jti = $1")
            .bind(jti)
            .fetch_optional(self.db())
            .await?;
        Ok(row.is_some())
    }

    /// Takes or renews the lease `name` for `holder` until `until`, in one statement: granted
    /// when the lease is free, expired, or already this holder's. Several nodes may ask at
    /// once; the database lets exactly one through.
    pub async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: UnixTime,
        until: UnixTime,
    ) -> Result<bool> {
        let row = sqlx::query(
            "INSERT INTO maintenance_leases (name, holder, until) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = $2, until = $3 \
             WHERE maintenance_leases.until <= $4 OR maintenance_leases.holder = $2 \
             RETURNING holder",
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        Ok(row.is_some())
    }

    /// Prunes expired rows if this node holds the pruning lease (taken for `lease_secs`);
    /// `None` when another node holds it.
    pub async fn purge_if_leader(
        &self,
        holder: &str,
        now: UnixTime,
        lease_secs: i64,
    ) -> Result<Option<u64>> {
        if !self
            .take_lease("purge", holder, now, now + lease_secs)
            .await?
        {
            return Ok(None);
        }
        self.purge_expired(now).await.map(Some)
    }

    /// Deletes expired rows of every single-use and short-lived table. Used codes are kept a
    /// day past expiry, and a grant a day past its end, so that a late replay is still
    /// recognised as one.
    pub async fn purge_expired(&self, now: UnixTime) -> Result<u64> {
        let mut n = 0;
        for sql in [
            "DELETE FROM sessions WHERE expires_at <= $1",
            "DELETE FROM revoked_tokens WHERE expires_at <= $1",
            "DELETE FROM grants WHERE expires_at <= $1 - 86400",
            // Codes never redeemed: their grants hold nothing else (kept a day, for replays).
            "DELETE FROM grants WHERE code_used = 0 AND code_expires_at <= $1 - 86400",
            // A redeemed code's payload (nonce, PKCE challenge) is not kept past a day.
            "UPDATE grants SET code_data = NULL WHERE code_used = 1 AND code_data IS NOT NULL \
             AND code_expires_at <= $1 - 86400",
            "DELETE FROM pending_logins WHERE expires_at <= $1",
            "DELETE FROM one_time_codes WHERE expires_at <= $1 - 3600",
            "DELETE FROM account_links WHERE expires_at <= $1 - 30 * 86400",
            "DELETE FROM saml_requests WHERE expires_at <= $1",
            "DELETE FROM saml_assertions WHERE expires_at <= $1",
            // Counters a day without a failure and without a running lock.
            "DELETE FROM attempt_counters WHERE window_start <= $1 - 86400 AND locked_until <= $1",
        ] {
            n += sqlx::query(sql)
                .bind(now)
                .execute(self.db())
                .await?
                .rows_affected();
        }
        Ok(n)
    }
}

impl Store {
    /// Revokes every grant of a user: refresh tokens stop working, access tokens are refused.
    pub async fn revoke_user_grants(&self, tenant: &TenantId, user_id: &str) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE grants SET revoked = 1 WHERE tenant_id = $1 AND user_id = $2 AND revoked = 0",
        )
        .bind(tenant.as_str())
        .bind(user_id)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected())
    }
}

/// The condition finding a presented refresh token's grant: `$1` is the digest and
/// `$grant_param` the grant's ID where the token names it. A bare secret finds only a token
/// issued before tokens named their grant (so that the secret cut out of a new token does not
/// pass without its tag).
fn refresh_row(token: RefreshRef<'_>, grant_param: usize) -> String {
    match token.grant {
        Some(_) => format!("id = ${grant_param} AND refresh_digest = $1"),
        None => "refresh_digest = $1 AND refresh_legacy = 1".to_owned(),
    }
}
