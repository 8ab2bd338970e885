//! What the administration screens read and change beyond single users: lists with filters
//! and keyset paging (tenants, users, audit events), user edits and deletion.
//!
//! Paging is by key, never by offset: a cursor is the last key of the page before, so a list
//! of 100,000 users costs the same on its last page as on its first.

use crate::audit::AuditEvent;
use crate::users::{user_from_row, COLUMNS};
use crate::{decode, is_unique_violation, Result, Store, StoreError};
use idp_domain::{Role, Tenant, TenantId, UnixTime, User, UserId};
use sqlx::Row;

/// The account states an administrator filters by (interfaces.md: `?status=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// No password yet, and a registration link that still works.
    Invited,
    /// No password yet, and no registration link that still works.
    InvitationExpired,
    Unconfirmed,
    TwoFactorOn,
    TwoFactorOff,
    /// The account's failed-attempt lock is running.
    Locked,
    Disabled,
}

/// One page of users of one tenant.
#[derive(Debug, Clone)]
pub struct UserQuery<'a> {
    pub tenant: &'a TenantId,
    /// Part of the user name or e-mail address, any case.
    pub q: Option<&'a str>,
    pub status: Option<UserStatus>,
    /// Only users with one of these roles (what the administrator may see).
    pub roles: &'a [Role],
    /// The last user name key of the previous page.
    pub after: Option<&'a str>,
    /// Only the user with this user name key.
    pub only: Option<&'a str>,
    pub limit: i64,
    pub now: UnixTime,
}

/// A user as the users list shows it.
#[derive(Debug, Clone)]
pub struct UserListing {
    pub user: User,
    /// At least one active second factor.
    pub two_factor: bool,
    /// When the newest unused registration link stops working, if there is one.
    pub invitation_expires: Option<UnixTime>,
    /// Until when the account's failed-attempt lock runs (0: none).
    pub locked_until: UnixTime,
    /// The paging key.
    pub key: String,
}

/// An audit event with its position in the log (the paging key).
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub id: i64,
    pub event: AuditEvent,
}

/// A page of one tenant's audit log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery<'a> {
    pub user: Option<&'a str>,
    pub event: Option<&'a str>,
    pub since: Option<UnixTime>,
    /// Events older than this ID (the last one of the previous page).
    pub before: Option<i64>,
    pub limit: i64,
}

/// The counter key of an account as `admin::account_key` in the accounts crate builds it.
const ACCOUNT_COUNTER: &str = "('acct:' || u.tenant_id || ':' || u.username_key)";

impl Store {
    /// Tenants by ID, after `after`.
    pub async fn tenants(&self, after: Option<&str>, limit: i64) -> Result<Vec<Tenant>> {
        let rows = sqlx::query(
            "SELECT id, name, settings, created_at, updated_at FROM tenants \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(self.db())
        .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                let id = TenantId::parse(&id)
                    .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))?;
                Ok(Tenant {
                    id,
                    name: r.try_get("name")?,
                    settings: decode("tenant settings", &r.try_get::<String, _>("settings")?)?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// One page of a tenant's users, by user name.
    pub async fn users_page(&self, q: &UserQuery<'_>) -> Result<Vec<UserListing>> {
        let live_invitation = "SELECT MAX(l.expires_at) FROM account_links l \
             WHERE l.tenant_id = u.tenant_id AND l.user_id = u.id AND l.purpose = 'register' \
               AND l.used_at IS NULL AND l.expires_at > $2";
        let active_factor = "EXISTS (SELECT 1 FROM factors f WHERE f.tenant_id = u.tenant_id \
             AND f.user_id = u.id AND f.active = 1)";
        let lock = format!(
            "COALESCE((SELECT c.locked_until FROM attempt_counters c \
               WHERE c.key = {ACCOUNT_COUNTER} AND c.locked_until > $2), 0)"
        );
        let mut sql = format!(
            "SELECT {cols}, u.username_key, \
                    CASE WHEN {active_factor} THEN 1 ELSE 0 END AS two_factor, \
                    ({live_invitation}) AS invitation_expires, {lock} AS locked_until \
             FROM users u WHERE u.tenant_id = $1 AND u.username_key > $3",
            cols = COLUMNS
                .split(", ")
                .map(|c| format!("u.{c}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        // The role names are the enum's own constants, never input.
        let roles: Vec<String> = q
            .roles
            .iter()
            .map(|r| format!("'{}'", r.as_str()))
            .collect();
        if roles.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND u.role IN ({})", roles.join(", ")));
        let mut n = 4;
        if q.q.is_some() {
            n += 1;
            // A plain substring test (no pattern characters to escape): instr/strpos are
            // several times faster than LIKE over a whole tenant.
            let find = match self.backend() {
                crate::Backend::Sqlite => "instr",
                crate::Backend::Postgres => "strpos",
            };
            sql.push_str(&format!(
                " AND ({find}(u.username_key, ${n}) > 0 OR {find}(lower(u.email), ${n}) > 0)"
            ));
        }
        if q.only.is_some() {
            n += 1;
            sql.push_str(&format!(" AND u.username_key = ${n}"));
        }
        let status = match q.status {
            None => String::new(),
            Some(UserStatus::Invited) => {
                format!(" AND u.password_hash IS NULL AND ({live_invitation}) IS NOT NULL")
            }
            Some(UserStatus::InvitationExpired) => {
                format!(" AND u.password_hash IS NULL AND ({live_invitation}) IS NULL")
            }
            Some(UserStatus::Unconfirmed) => " AND u.email_confirmed = 0".into(),
            Some(UserStatus::TwoFactorOn) => format!(" AND {active_factor}"),
            Some(UserStatus::TwoFactorOff) => format!(" AND NOT {active_factor}"),
            Some(UserStatus::Locked) => format!(" AND {lock} > 0"),
            Some(UserStatus::Disabled) => " AND u.disabled = 1".into(),
        };
        sql.push_str(&status);
        sql.push_str(" ORDER BY u.username_key LIMIT $4");
        let mut query = sqlx::query(&sql)
            .bind(q.tenant.as_str())
            .bind(q.now)
            .bind(q.after.unwrap_or(""))
            .bind(q.limit);
        if let Some(text) = q.q {
            query = query.bind(text.to_lowercase());
        }
        if let Some(key) = q.only {
            query = query.bind(key);
        }
        let rows = query.fetch_all(self.db()).await?;
        rows.iter()
            .map(|r| {
                Ok(UserListing {
                    user: user_from_row(r, q.tenant)?,
                    two_factor: crate::flag(r, "two_factor")?,
                    invitation_expires: r.try_get("invitation_expires")?,
                    locked_until: r.try_get("locked_until")?,
                    key: r.try_get("username_key")?,
                })
            })
            .collect()
    }

    /// Writes an administrator's edit of e-mail, display name and role. A changed address is
    /// unconfirmed until the new one is proven.
    pub async fn update_user(&self, u: &User) -> Result<()> {
        let res = sqlx::query(
            "UPDATE users SET email = $3, email_confirmed = $4, name = $5, role = $6, \
             updated_at = $7 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(u.tenant.as_str())
        .bind(u.id.as_str())
        .bind(&u.email)
        .bind(i64::from(u.email_confirmed))
        .bind(u.name.clone())
        .bind(u.role.as_str())
        .bind(u.updated_at)
        .execute(self.db())
        .await;
        match res {
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                what: format!("user `{}` in tenant `{}`", u.username, u.tenant),
            }),
            Err(e) => Err(e.into()),
            Ok(done) if done.rows_affected() == 0 => Err(StoreError::NotFound {
                what: format!("user `{}` in tenant `{}`", u.username, u.tenant),
            }),
            Ok(_) => Ok(()),
        }
    }

    /// Deletes a user and everything that lets anyone act as them, in one transaction: sessions,
    /// second factors, codes, links and pending sign-ins go, grants are revoked (their refresh
    /// tokens stop working). The audit log keeps the user's ID.
    pub async fn delete_user(&self, tenant: &TenantId, id: &UserId) -> Result<()> {
        let mut tx = self.begin().await?;
        for sql in [
            "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM factors WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM one_time_codes WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM account_links WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM pending_logins WHERE tenant_id = $1 AND user_id = $2",
            "UPDATE grants SET revoked = 1 WHERE tenant_id = $1 AND user_id = $2 AND revoked = 0",
        ] {
            sqlx::query(sql)
                .bind(tenant.as_str())
                .bind(id.as_str())
                .execute(self.counted(&mut *tx))
                .await?;
        }
        let done = sqlx::query("DELETE FROM users WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(self.counted(&mut *tx))
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: format!("user `{id}` in tenant `{tenant}`"),
            });
        }
        tx.commit().await?;
        Ok(())
    }

    /// The admin console answered on this sign-in session now. With `idle`, only when it last
    /// did within `idle` seconds (otherwise the console session has ended and nothing
    /// changes); without, it starts one. Returns whether the session is in use.
    pub async fn touch_console(
        &self,
        id_digest: &str,
        now: UnixTime,
        idle: Option<i64>,
    ) -> Result<bool> {
        let since = idle.map(|i| now - i).unwrap_or(i64::MIN);
        let done = sqlx::query(
            "UPDATE sessions SET admin_seen_at = $2 \
             WHERE id_digest = $1 AND expires_at > $2 AND admin_seen_at > $3",
        )
        .bind(id_digest)
        .bind(now)
        .bind(since)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One page of a tenant's audit log, newest first.
    pub async fn audit_page(
        &self,
        tenant: &TenantId,
        q: &AuditQuery<'_>,
    ) -> Result<Vec<AuditRecord>> {
        let mut sql = String::from(
            "SELECT id, at, tenant_id, user_id, actor, event, detail, client_ip FROM audit_log \
             WHERE tenant_id = $1 AND id < $2 AND at >= $3",
        );
        let mut n = 3;
        if q.user.is_some() {
            n += 1;
            sql.push_str(&format!(" AND user_id = ${n}"));
        }
        if q.event.is_some() {
            n += 1;
            sql.push_str(&format!(" AND event = ${n}"));
        }
        n += 1;
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${n}"));
        let mut query = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(q.before.unwrap_or(i64::MAX))
            .bind(q.since.unwrap_or(0));
        if let Some(u) = q.user {
            query = query.bind(u);
        }
        if let Some(e) = q.event {
            query = query.bind(e);
        }
        let rows = query.bind(q.limit).fetch_all(self.db()).await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRecord {
                    id: r.try_get("id")?,
                    event: AuditEvent {
                        at: r.try_get("at")?,
                        tenant: r.try_get("tenant_id")?,
                        user: r.try_get("user_id")?,
                        actor: r.try_get("actor")?,
                        event: r.try_get("event")?,
                        detail: r.try_get("detail")?,
                        client_ip: r.try_get("client_ip")?,
                    },
                })
            })
            .collect()
    }
}
