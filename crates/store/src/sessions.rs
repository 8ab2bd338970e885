//! Browser sessions, keyed by the digest of the cookie value (the value itself is never
//! stored). `sid` is the public session identifier put in ID tokens.

use crate::{decode, encode, Result, SessionRow, Store};
use idp_domain::{TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;

fn from_row(r: &AnyRow) -> Result<Option<SessionRow>> {
    let tenant: String = r.try_get("tenant_id")?;
    // A tenant ID that no longer parses cannot belong to a valid session.
    let Ok(tenant) = TenantId::parse(&tenant) else {
        return Ok(None);
    };
    Ok(Some(SessionRow {
        id_digest: r.try_get("id_digest")?,
        sid: r.try_get("sid")?,
        tenant,
        user: UserId::from_stored(r.try_get("user_id")?),
        auth_time: r.try_get("auth_time")?,
        amr: decode("session amr", &r.try_get::<String, _>("amr")?)?,
        acr: r.try_get("acr")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
    }))
}

const COLUMNS: &str =
    "id_digest, sid, tenant_id, user_id, auth_time, amr, acr, created_at, expires_at";

impl Store {
    pub async fn create_session(&self, s: &SessionRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id_digest, sid, tenant_id, user_id, auth_time, amr, acr, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&s.id_digest)
        .bind(&s.sid)
        .bind(s.tenant.as_str())
        .bind(s.user.as_str())
        .bind(s.auth_time)
        .bind(encode("session amr", &s.amr)?)
        .bind(&s.acr)
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// The live session with this cookie digest.
    pub async fn session(&self, id_digest: &str, now: UnixTime) -> Result<Option<SessionRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM sessions WHERE id_digest = $1 AND expires_at > $2");
        let row = sqlx::query(&sql)
            .bind(id_digest)
            .bind(now)
            .fetch_optional(self.db())
            .await?;
        Ok(match row {
            Some(r) => from_row(&r)?,
            None => None,
        })
    }

    /// Ends a session; returns it if it existed.
    pub async fn delete_session(&self, id_digest: &str) -> Result<Option<SessionRow>> {
        let sql = format!("DELETE FROM sessions WHERE id_digest = $1 RETURNING {COLUMNS}");
        let row = sqlx::query(&sql)
            .bind(id_digest)
            .fetch_optional(self.db())
            .await?;
        Ok(match row {
            Some(r) => from_row(&r)?,
            None => None,
        })
    }
}

impl Store {
    /// Ends every session of a user (admin reset, account disabled). Returns how many ended.
    pub async fn delete_user_sessions(&self, tenant: &TenantId, user: &UserId) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.as_str())
            .bind(user.as_str())
            .execute(self.db())
            .await?;
        Ok(done.rows_affected())
    }

    /// The live sessions of a user, newest first.
    pub async fn user_sessions(
        &self,
        tenant: &TenantId,
        user: &UserId,
        now: UnixTime,
    ) -> Result<Vec<SessionRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND expires_at > $3 ORDER BY created_at DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(user.as_str())
            .bind(now)
            .fetch_all(self.db())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(s) = from_row(r)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Ends one session of a user by its public `sid`; `false` if it was not theirs or gone.
    pub async fn delete_user_session(
        &self,
        tenant: &TenantId,
        user: &UserId,
        sid: &str,
    ) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND sid = $3")
                .bind(tenant.as_str())
                .bind(user.as_str())
                .bind(sid)
                .execute(self.db())
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends every session of a user except the one with `keep` as its digest.
    pub async fn delete_other_sessions(
        &self,
        tenant: &TenantId,
        user: &UserId,
        keep: &str,
    ) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id_digest <> $3",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(keep)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected())
    }
}
