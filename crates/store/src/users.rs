//! Users. Every query is keyed by tenant first.

use crate::{flag, is_unique_violation, Result, Store, StoreError};
use idp_domain::user::username_key;
use idp_domain::{Role, TenantId, UnixTime, User, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;

pub(crate) const COLUMNS: &str = "tenant_id, id, username, email, email_confirmed, name, password_hash, role, disabled, created_at, updated_at, locale";

pub(crate) fn user_from_row(r: &AnyRow, tenant: &TenantId) -> Result<User> {
    Ok(User {
        tenant: tenant.clone(),
        id: UserId::from_stored(r.try_get("id")?),
        username: r.try_get("username")?,
        email: r.try_get("email")?,
        email_confirmed: flag(r, "email_confirmed")?,
        name: r.try_get("name")?,
        password_hash: r.try_get("password_hash")?,
        role: role_of(r)?,
        disabled: flag(r, "disabled")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        locale: r.try_get("locale")?,
    })
}

/// The stored role; the column's CHECK keeps it one of the four names.
pub(crate) fn role_of(r: &AnyRow) -> Result<Role> {
    let s: String = r.try_get("role")?;
    s.parse()
        .map_err(|e: idp_domain::DomainError| StoreError::Database(sqlx::Error::Decode(e.into())))
}

impl Store {
    pub async fn create_user(&self, u: &User) -> Result<()> {
        let res = sqlx::query(
            "INSERT INTO users (tenant_id, id, username, username_key, email, email_confirmed, name, password_hash, role, disabled, created_at, updated_at, locale) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(u.tenant.as_str())
        .bind(u.id.as_str())
        .bind(&u.username)
        .bind(username_key(&u.username))
        .bind(&u.email)
        .bind(u.email_confirmed as i64)
        .bind(u.name.clone())
        .bind(u.password_hash.clone())
        .bind(u.role.as_str())
        .bind(u.disabled as i64)
        .bind(u.created_at)
        .bind(u.updated_at)
        .bind(u.locale.clone())
        .execute(self.db())
        .await;
        match res {
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                what: format!("user `{}` in tenant `{}`", u.username, u.tenant),
            }),
            other => other.map(|_| ()).map_err(Into::into),
        }
    }

    pub async fn user_by_username(
        &self,
        tenant: &TenantId,
        username: &str,
    ) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND username_key = $2");
        let row = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(username_key(username))
            .fetch_optional(self.db())
            .await?;
        row.map(|r| user_from_row(&r, tenant)).transpose()
    }

    pub async fn user(&self, tenant: &TenantId, id: &UserId) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(id.as_str())
            .fetch_optional(self.db())
            .await?;
        row.map(|r| user_from_row(&r, tenant)).transpose()
    }

    /// Users of a tenant matching a fixed SQL condition, by user name.
    pub(crate) async fn users_where(
        &self,
        tenant: &TenantId,
        condition: &str,
    ) -> Result<Vec<User>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND {condition} ORDER BY username_key"
        );
        let rows = sqlx::query(&sql)
            .bind(tenant.as_str())
            .fetch_all(self.db())
            .await?;
        rows.iter().map(|r| user_from_row(r, tenant)).collect()
    }

    /// Disables or enables a user, in one transaction; disabling ends the user's sessions and
    /// revokes every grant at once. Returns `(sessions ended, grants revoked)`.
    pub async fn set_disabled(
        &self,
        tenant: &TenantId,
        id: &UserId,
        disabled: bool,
        now: UnixTime,
    ) -> Result<(u64, u64)> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET disabled = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.as_str())
        .bind(id.as_str())
        .bind(i64::from(disabled))
        .bind(now)
        .execute(self.counted(&mut *tx))
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: format!("user `{id}` in tenant `{tenant}`"),
            });
        }
        let mut ended = (0, 0);
        if disabled {
            ended.0 = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
                .bind(tenant.as_str())
                .bind(id.as_str())
                .execute(self.counted(&mut *tx))
                .await?
                .rows_affected();
            ended.1 = sqlx::query(
                "UPDATE grants SET revoked = 1 WHERE tenant_id = $1 AND user_id = $2 AND revoked = 0",
            )
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(self.counted(&mut *tx))
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(ended)
    }

    /// Sets (or with `None` clears) the password hash.
    pub async fn set_password_hash(
        &self,
        tenant: &TenantId,
        id: &UserId,
        hash: Option<&str>,
        now: UnixTime,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.as_str())
        .bind(id.as_str())
        .bind(hash.map(str::to_owned))
        .bind(now)
        .execute(self.db())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: format!("user `{id}` in tenant `{tenant}`"),
            });
        }
        // A sign-in waiting for its second step with the old password starts over.
        self.end_pending_sign_ins(tenant, id).await?;
        Ok(())
    }

    /// The language a user chose with the switch (`None` forgets it). Not a change of the
    /// account: `updated_at` stays, so a concurrent administrator's edit is not refused.
    pub async fn set_user_locale(
        &self,
        tenant: &TenantId,
        id: &UserId,
        locale: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET locale = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .bind(locale.map(str::to_owned))
            .execute(self.db())
            .await?;
        Ok(())
    }
}
