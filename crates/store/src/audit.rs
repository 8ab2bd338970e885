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

/// What reserving an attempt answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation {
    /// `false`: a lock was running, nothing was counted, the attempt must not be checked.
    pub granted: bool,
    /// The count including this attempt (when granted).
    pub failures: i64,
    /// The lock now in force: a running one (refused), or one this reservation started
    /// because it reached a threshold (granted; cleared again if the attempt succeeds).
    pub locked_until: UnixTime,
}

/// Escalating locks: `(failures, seconds)`, the highest threshold first.
pub type LockSteps = [(i64, i64); 3];

const NEW_COUNT: &str =
    "(CASE WHEN attempt_counters.window_start <= $3 THEN 1 ELSE attempt_counters.failures + 1 END)";

impl Store {
    /// The counters of these keys that exist, in one query.
    pub async fn counters(&self, a: &str, b: &str) -> Result<Vec<(String, Throttle)>> {
        let rows = sqlx::query(
            "SELECT key, failures, locked_until FROM attempt_counters WHERE key IN ($1, $2)",
        )
        .bind(a)
        .bind(b)
        .fetch_all(self.db())
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
        .fetch_one(self.db())
        .await?;
        Ok(Throttle {
            failures: row.try_get("failures")?,
            locked_until: row.try_get("locked_until")?,
        })
    }

    /// Reserves one attempt before the password or code is checked, on an account (or browser)
    /// counter and an address counter, in one statement: where no lock runs, the attempt is
    /// counted as a failure in advance and, when the count reaches a threshold of its steps,
    /// the lock starts at once; where a lock runs, nothing changes and the attempt is refused.
    /// Every granted reservation gets a count of its own, so however many requests arrive at
    /// once, only those under the threshold are let through. The two keys are distinct,
    /// sorted so that concurrent statements lock rows in the same order, and each row takes
    /// the steps of its own counter.
    pub async fn reserve_attempts(
        &self,
        (account, account_steps): (&str, &LockSteps),
        (address, address_steps): (&str, &LockSteps),
        now: UnixTime,
        window: i64,
    ) -> Result<[Reservation; 2]> {
        // Per-row steps: parameters $4-$9 for the account row, $10-$15 for the address row.
        let pick = |i: usize| {
            format!(
                "CASE WHEN attempt_counters.key = $16 THEN ${} ELSE ${} END",
                10 + i,
                4 + i
            )
        };
        let lock = format!(
            "CASE WHEN NF >= {} THEN $2 + {} WHEN NF >= {} THEN $2 + {} WHEN NF >= {} THEN $2 + {} ELSE 0 END",
            pick(0), pick(1), pick(2), pick(3), pick(4), pick(5)
        )
        .replace("NF", NEW_COUNT);
        let (first, second) = if account <= address {
            (account, address)
        } else {
            (address, account)
        };
        let sql = format!(
            "INSERT INTO attempt_counters (key, failures, window_start, locked_until, granted) \
             VALUES ($1, 1, $2, 0, 1), ($17, 1, $2, 0, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               granted = CASE WHEN attempt_counters.locked_until > $2 THEN 0 ELSE 1 END, \
               failures = CASE WHEN attempt_counters.locked_until > $2 THEN attempt_counters.failures ELSE {NEW_COUNT} END, \
               window_start = CASE WHEN attempt_counters.locked_until > $2 THEN attempt_counters.window_start ELSE $2 END, \
               locked_until = CASE WHEN attempt_counters.locked_until > $2 THEN attempt_counters.locked_until ELSE {lock} END \
             RETURNING key, granted, failures, locked_until"
        );
        let mut q = sqlx::query(&sql).bind(first).bind(now).bind(now - window);
        for (n, secs) in account_steps.iter().chain(address_steps.iter()) {
            q = q.bind(*n).bind(*secs);
        }
        let rows = q.bind(address).bind(second).fetch_all(self.db()).await?;
        let mut out = [Reservation {
            granted: false,
            failures: 0,
            locked_until: now + 60,
        }; 2];
        for r in rows {
            let key: String = r.try_get("key")?;
            let i = usize::from(key != account);
            out[i] = Reservation {
                granted: r.try_get::<i64, _>("granted")? == 1,
                failures: r.try_get("failures")?,
                locked_until: r.try_get("locked_until")?,
            };
        }
        Ok(out)
    }

    /// Settles reserved attempts in one statement: each `(key, started_lock, clear)` has its
    /// reservation given back (count down by one, a lock it started ended), or with `clear`
    /// its count started over (a completed sign-in on an account or browser counter).
    pub async fn settle_attempts(&self, held: &[(&str, Option<UnixTime>, bool)]) -> Result<()> {
        let [(a, a_lock, a_clear), (b, b_lock, b_clear)] = match held {
            [one] => [*one, *one],
            [one, two] => [*one, *two],
            _ => return Ok(()),
        };
        // PostgreSQL locks the two rows in key order (as the reservation does), so concurrent
        // settlements never wait on each other in a cycle; SQLite has one writer.
        let rows = match self.backend {
            crate::Backend::Postgres => {
                "key IN (SELECT key FROM attempt_counters WHERE key IN ($1, $4) ORDER BY key COLLATE \"C\" FOR UPDATE)"
            }
            crate::Backend::Sqlite => "key IN ($1, $4)",
        };
        let sql = format!(
            "UPDATE attempt_counters SET \
               failures = CASE WHEN (key = $1 AND $3 = 1) OR (key = $4 AND $6 = 1) THEN 0 \
                               WHEN failures > 0 THEN failures - 1 ELSE 0 END, \
               locked_until = CASE WHEN (key = $1 AND ($3 = 1 OR locked_until = $2)) \
                                     OR (key = $4 AND ($6 = 1 OR locked_until = $5)) THEN 0 \
                                   ELSE locked_until END \
             WHERE {rows}"
        );
        sqlx::query(&sql)
            .bind(a)
            .bind(a_lock.unwrap_or(-1))
            .bind(i64::from(a_clear))
            .bind(b)
            .bind(b_lock.unwrap_or(-1))
            .bind(i64::from(b_clear))
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Ends every lock of one account: its own counter and the budgets of the browsers that
    /// signed in to it (`dev:<nonce>:<account>`). Returns how many counters were cleared.
    pub async fn unlock_account(&self, account_key: &str) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM attempt_counters WHERE key = $1 \
             OR (key LIKE 'dev:%' AND substr(key, length(key) - length($1) + 1) = $1)",
        )
        .bind(account_key)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected())
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
        .execute(self.db())
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
        .fetch_all(self.db())
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
