//! State between the requests of an authorization: pending interactions, grants, codes,
//! refresh tokens and revoked access-token IDs. The payloads are the caller's JSON; this
//! module guarantees single use and expiry.

use crate::{flag, Consumed, RefreshLookup, Result, Store};
use idp_domain::{TenantId, UnixTime};
use sqlx::Row;

impl Store {
    pub async fn put_interaction(
        &self,
        id: &str,
        request: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> Result<()> {
        sqlx::query("INSERT INTO interactions (id, request, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(request)
            .bind(now)
            .bind(expires_at)
            .execute(self.db())
            .await?;
        Ok(())
    }

    pub async fn interaction(&self, id: &str, now: UnixTime) -> Result<Option<String>> {
        let row = sqlx::query("SELECT request FROM interactions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_optional(self.db())
            .await?;
        Ok(row.map(|r| r.try_get("request")).transpose()?)
    }

    /// Removes the interaction; exactly one caller gets it back.
    pub async fn take_interaction(&self, id: &str, now: UnixTime) -> Result<Option<String>> {
        let row = sqlx::query(
            "DELETE FROM interactions WHERE id = $1 AND expires_at > $2 RETURNING request",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        Ok(row.map(|r| r.try_get("request")).transpose()?)
    }

    pub async fn create_grant(
        &self,
        id: &str,
        tenant: &TenantId,
        client_id: &str,
        user_id: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> Result<()> {
        sqlx::query("INSERT INTO grants (id, tenant_id, client_id, user_id, revoked, created_at, expires_at) VALUES ($1, $2, $3, $4, 0, $5, $6)")
            .bind(id)
            .bind(tenant.as_str())
            .bind(client_id)
            .bind(user_id)
            .bind(now)
            .bind(expires_at)
            .execute(self.db())
            .await?;
        Ok(())
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

    pub async fn insert_code(
        &self,
        digest: &str,
        grant_id: &str,
        data: &str,
        expires_at: UnixTime,
    ) -> Result<()> {
        sqlx::query("INSERT INTO auth_codes (code_digest, grant_id, data, used, expires_at) VALUES ($1, $2, $3, 0, $4)")
            .bind(digest)
            .bind(grant_id)
            .bind(data)
            .bind(expires_at)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// RFC 6749 §4.1.2: a code is used once. A second presentation revokes the grant, and with
    /// it every token the first presentation produced.
    pub async fn consume_code(&self, digest: &str, now: UnixTime) -> Result<Consumed> {
        let row = sqlx::query(
            "UPDATE auth_codes SET used = 1 WHERE code_digest = $1 AND used = 0 AND expires_at > $2 \
             RETURNING grant_id, data",
        )
        .bind(digest)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        if let Some(r) = row {
            return Ok(Consumed::Fresh {
                grant_id: r.try_get("grant_id")?,
                data: r.try_get("data")?,
            });
        }
        self.replay_or_invalid(
            "SELECT grant_id, used FROM auth_codes WHERE code_digest = $1",
            digest,
        )
        .await
    }

    pub async fn insert_refresh_token(
        &self,
        digest: &str,
        grant_id: &str,
        data: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> Result<()> {
        sqlx::query("INSERT INTO refresh_tokens (token_digest, grant_id, data, used, created_at, expires_at) VALUES ($1, $2, $3, 0, $4, $5)")
            .bind(digest)
            .bind(grant_id)
            .bind(data)
            .bind(now)
            .bind(expires_at)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Rotation with reuse detection (OAuth 2.0 Security BCP §4.14.2): a refresh token is
    /// exchanged once; presenting a used one revokes its whole family.
    pub async fn consume_refresh_token(&self, digest: &str, now: UnixTime) -> Result<Consumed> {
        let row = sqlx::query(
            "UPDATE refresh_tokens SET used = 1 WHERE token_digest = $1 AND used = 0 AND expires_at > $2 \
             AND grant_id IN (SELECT id FROM grants WHERE revoked = 0) RETURNING grant_id, data",
        )
        .bind(digest)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        if let Some(r) = row {
            return Ok(Consumed::Fresh {
                grant_id: r.try_get("grant_id")?,
                data: r.try_get("data")?,
            });
        }
        self.replay_or_invalid(
            "SELECT grant_id, used FROM refresh_tokens WHERE token_digest = $1",
            digest,
        )
        .await
    }

    async fn replay_or_invalid(&self, sql: &'static str, digest: &str) -> Result<Consumed> {
        let row = sqlx::query(sql)
            .bind(digest)
            .fetch_optional(self.db())
            .await?;
        match row {
            Some(r) if flag(&r, "used")? => {
                let grant_id: String = r.try_get("grant_id")?;
                self.revoke_grant(&grant_id).await?;
                Ok(Consumed::Replayed { grant_id })
            }
            _ => Ok(Consumed::Invalid),
        }
    }

    /// A live, unused refresh token of a live grant.
    pub async fn refresh_token(
        &self,
        digest: &str,
        now: UnixTime,
    ) -> Result<Option<RefreshLookup>> {
        let row = sqlx::query(
            "SELECT r.grant_id, r.data, r.created_at, r.expires_at FROM refresh_tokens r JOIN grants g ON g.id = r.grant_id \
             WHERE r.token_digest = $1 AND r.used = 0 AND r.expires_at > $2 AND g.revoked = 0",
        )
        .bind(digest)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
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

    /// Deletes what has expired. Used codes and refresh tokens are kept a day past expiry so
    /// that a late replay is still recognised as one.
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

    /// Deletes expired rows of every single-use and short-lived table.
    pub async fn purge_expired(&self, now: UnixTime) -> Result<u64> {
        let mut n = 0;
        for sql in [
            "DELETE FROM sessions WHERE expires_at <= $1",
            "DELETE FROM interactions WHERE expires_at <= $1",
            "DELETE FROM revoked_tokens WHERE expires_at <= $1",
            "DELETE FROM auth_codes WHERE expires_at <= $1 - 86400",
            "DELETE FROM refresh_tokens WHERE expires_at <= $1 - 86400",
            "DELETE FROM grants WHERE expires_at <= $1 - 86400",
            "DELETE FROM pending_logins WHERE expires_at <= $1",
            "DELETE FROM one_time_codes WHERE expires_at <= $1 - 3600",
            "DELETE FROM account_links WHERE expires_at <= $1 - 30 * 86400",
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
