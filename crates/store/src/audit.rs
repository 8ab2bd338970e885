//! Failed-attempt counters (shared by all nodes, so guessing cannot be spread across them) and
//! the audit log of security events.

use crate::{Result, Store};
use idp_domain::UnixTime;
use serde::Serialize;
use sqlx::Row;

/// One security event: who, what, when, from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub at: UnixTime,
    pub tenant: Option<String>,
    pub user: Option<String>,
    /// Who acted, when not the user (an administrator, the CLI).
    pub actor: Option<String>,
    /// A stable name such as `sign_in.success`.
    pub event: String,
    pub detail: Option<String>,
    pub client_ip: Option<String>,
}

/// A counter's state after a recorded failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    pub failures: i64,
    pub locked_until: UnixTime,
}

impl Store {
    /// The counters of these keys that exist, in one query.
    pub async fn counters(&self, a: &str, b: &str) -> Result<Vec<(String, Throttle)>> {
        let rows = sqlx::query(
            "SELECT key, failures, locked_until FROM attempt_counters WHERE key IN ($1, $2)",
        )
        .bind(a)
        .bind(b)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("key")?,
                    Throttle {
                        failures: r.try_get("failures")?,
                        locked_until: r.try_get("locked_until")?,
                    },
                ))
            })
            .collect()
    }

    /// Counts one failure; a count whose last failure is `window` seconds old starts over. One
    /// statement, so concurrent failures on several nodes all count.
    pub async fn record_failure(&self, key: &str, now: UnixTime, window: i64) -> Result<Throttle> {
        let row = sqlx::query(
            "INSERT INTO attempt_counters (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN attempt_counters.window_start <= $3 THEN 1 ELSE attempt_counters.failures + 1 END, \
               window_start = $2 \
             RETURNING failures, locked_until",
        )
        .bind(key)
        .bind(now)
        .bind(now - window)
        .fetch_one(&self.pool)
        .await?;
        Ok(Throttle {
            failures: row.try_get("failures")?,
            locked_until: row.try_get("locked_until")?,
        })
    }

    pub async fn lock_attempts(&self, key: &str, until: UnixTime) -> Result<()> {
        sqlx::query("UPDATE attempt_counters SET locked_until = $2 WHERE key = $1")
            .bind(key)
            .bind(until)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM attempt_counters WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn audit(&self, e: &AuditEvent) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, tenant_id, user_id, actor, event, detail, client_ip) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.at)
        .bind(e.tenant.clone())
        .bind(e.user.clone())
        .bind(e.actor.clone())
        .bind(&e.event)
        .bind(e.detail.clone())
        .bind(e.client_ip.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A tenant's most recent events, newest first.
    pub async fn audit_events(&self, tenant: &str, limit: i64) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT at, tenant_id, user_id, actor, event, detail, client_ip FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(tenant)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEvent {
                    at: r.try_get("at")?,
                    tenant: r.try_get("tenant_id")?,
                    user: r.try_get("user_id")?,
                    actor: r.try_get("actor")?,
                    event: r.try_get("event")?,
                    detail: r.try_get("detail")?,
                    client_ip: r.try_get("client_ip")?,
                })
            })
            .collect()
    }
}
