//! The account lifecycle: single-use links sent by mail (registration, password reset, e-mail
//! confirmation), e-mail confirmation, and the administrator's reset.

use crate::{Result, Store};
use idp_domain::{TenantId, UnixTime, User, UserId};
use sqlx::Row;

/// What a mailed link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Choose a first password (and optionally enroll TOTP).
    Register,
    /// Choose a new password.
    Reset,
    /// Prove the address.
    Confirm,
    /// Finish setting up an authenticator app right after registration (short-lived).
    Setup,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Register => "register",
            LinkPurpose::Reset => "reset",
            LinkPurpose::Confirm => "confirm",
            LinkPurpose::Setup => "setup",
        }
    }
}

/// A link to store: the digest of its token, for whom, to which address, until when.
#[derive(Debug, Clone)]
pub struct NewLink<'a> {
    pub token_digest: &'a str,
    pub user: &'a UserId,
    pub email: &'a str,
    pub expires_at: UnixTime,
}

/// A link that was live and is now spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpentLink {
    pub tenant: TenantId,
    pub user: UserId,
    pub email: String,
}

impl Store {
    /// Stores a new link; earlier live links of the same purpose for the user stop working,
    /// so only the newest mail counts.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_link(
        &self,
        token_digest: &str,
        tenant: &TenantId,
        user: &UserId,
        purpose: LinkPurpose,
        email: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> Result<()> {
        let link = NewLink {
            token_digest,
            user,
            email,
            expires_at,
        };
        self.put_links(tenant, purpose, now, std::slice::from_ref(&link))
            .await
    }

    /// [`Store::put_link`] for many users of one tenant, in one transaction (a bulk resend
    /// commits once per batch, not once per user).
    pub async fn put_links(
        &self,
        tenant: &TenantId,
        purpose: LinkPurpose,
        now: UnixTime,
        links: &[NewLink<'_>],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        for l in links {
            sqlx::query(
                "UPDATE account_links SET used_at = $4 \
                 WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL",
            )
            .bind(tenant.as_str())
            .bind(l.user.as_str())
            .bind(purpose.as_str())
            .bind(now)
            .execute(self.counted(&mut *tx))
            .await?;
            sqlx::query(
                "INSERT INTO account_links (token_digest, tenant_id, user_id, purpose, email, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(l.token_digest)
            .bind(tenant.as_str())
            .bind(l.user.as_str())
            .bind(purpose.as_str())
            .bind(l.email)
            .bind(now)
            .bind(l.expires_at)
            .execute(self.counted(&mut *tx))
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The live link with this digest, without spending it (to show its page).
    pub async fn link(
        &self,
        token_digest: &str,
        purpose: LinkPurpose,
        now: UnixTime,
    ) -> Result<Option<SpentLink>> {
        let row = sqlx::query(
            "SELECT tenant_id, user_id, email FROM account_links \
             WHERE token_digest = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_digest)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        link_from(row)
    }

    /// Spends the link: exactly one caller gets it, and only while it is live.
    pub async fn take_link(
        &self,
        token_digest: &str,
        purpose: LinkPurpose,
        now: UnixTime,
    ) -> Result<Option<SpentLink>> {
        let row = sqlx::query(
            "UPDATE account_links SET used_at = $3 \
             WHERE token_digest = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING tenant_id, user_id, email",
        )
        .bind(token_digest)
        .bind(purpose.as_str())
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        link_from(row)
    }

    /// Marks the address confirmed if it is still the user's address.
    pub async fn confirm_email(
        &self,
        tenant: &TenantId,
        user: &UserId,
        email: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET email_confirmed = 1, updated_at = $4 \
             WHERE tenant_id = $1 AND id = $2 AND email = $3",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(email)
        .bind(now)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Users of a tenant whose address is not confirmed, enabled ones only.
    pub async fn unconfirmed_users(&self, tenant: &TenantId) -> Result<Vec<User>> {
        self.users_where(tenant, "email_confirmed = 0 AND disabled = 0")
            .await
    }

    /// The administrator's reset (rule 7), in one transaction: no password, no factors, no
    /// codes, no pending sign-ins, no live links, no sessions, every grant revoked. Either all
    /// of it happens or none.
    pub async fn reset_account(
        &self,
        tenant: &TenantId,
        user: &UserId,
        now: UnixTime,
    ) -> Result<ResetSummary> {
        let mut tx = self.begin().await?;
        let factors = sqlx::query(
            "SELECT method FROM factors WHERE tenant_id = $1 AND user_id = $2 AND active = 1",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .fetch_all(self.counted(&mut *tx))
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("method"))
        .collect::<std::result::Result<Vec<_>, _>>()?;
        sqlx::query(
            "UPDATE users SET password_hash = NULL, updated_at = $3 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(now)
        .execute(self.counted(&mut *tx))
        .await?;
        for table in ["factors", "one_time_codes", "pending_logins"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE tenant_id = $1 AND user_id = $2"
            ))
            .bind(tenant.as_str())
            .bind(user.as_str())
            .execute(self.counted(&mut *tx))
            .await?;
        }
        sqlx::query(
            "UPDATE account_links SET used_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(now)
        .execute(self.counted(&mut *tx))
        .await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.as_str())
            .bind(user.as_str())
            .execute(self.counted(&mut *tx))
            .await?
            .rows_affected();
        let grants = sqlx::query(
            "UPDATE grants SET revoked = 1 WHERE tenant_id = $1 AND user_id = $2 AND revoked = 0",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .execute(self.counted(&mut *tx))
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(ResetSummary {
            factors,
            sessions,
            grants,
        })
    }
}

/// What an administrator's reset cleared.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResetSummary {
    /// The methods that were on.
    pub factors: Vec<String>,
    pub sessions: u64,
    pub grants: u64,
}

fn link_from(row: Option<sqlx::any::AnyRow>) -> Result<Option<SpentLink>> {
    let Some(r) = row else { return Ok(None) };
    let tenant: String = r.try_get("tenant_id")?;
    let Ok(tenant) = TenantId::parse(&tenant) else {
        return Ok(None);
    };
    Ok(Some(SpentLink {
        tenant,
        user: UserId::from_stored(r.try_get("user_id")?),
        email: r.try_get("email")?,
    }))
}
