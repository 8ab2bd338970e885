//! Second factors, the one-time codes sent by SMS or e-mail, and the second step of a sign-in
//! in progress. Every single-use rule is one conditional statement: a TOTP step is accepted by
//! raising `last_step` only if it is higher, a code is spent by deleting exactly the row that
//! holds its digest, an enrollment is activated only from its pending state.

use crate::{flag, Result, Store, StoreError};
use idp_domain::{Method, TenantId, UnixTime, User, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A user's factor. `active == false` is an enrollment awaiting its first code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorRow {
    pub method: Method,
    pub active: bool,
    /// The TOTP secret, sealed by the caller (never stored in clear).
    pub secret_sealed: Option<String>,
    /// The SMS number (E.164).
    pub phone: Option<String>,
    pub last_step: i64,
    pub created_at: UnixTime,
    pub activated_at: Option<UnixTime>,
}

fn factor_from_row(r: &AnyRow) -> Result<Option<FactorRow>> {
    let method: String = r.try_get("method")?;
    // A method this build does not know never counts as a factor.
    let Ok(method) = method.parse::<Method>() else {
        return Ok(None);
    };
    Ok(Some(FactorRow {
        method,
        active: flag(r, "active")?,
        secret_sealed: r.try_get("secret_sealed")?,
        phone: r.try_get("phone")?,
        last_step: r.try_get("last_step")?,
        created_at: r.try_get("created_at")?,
        activated_at: r.try_get("activated_at")?,
    }))
}

/// A one-time code waiting to be typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub method: Method,
    pub code_digest: String,
    /// The phone number or address the code went to.
    pub target: String,
    pub attempts: i64,
    pub sent_at: UnixTime,
    pub expires_at: UnixTime,
}

/// The second step of a sign-in: who typed a right password, in which browser, for which
/// authorization, and which method they chose or are enrolling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub interaction_id: String,
    pub browser_digest: String,
    pub tenant: TenantId,
    pub user: UserId,
    pub method: Option<Method>,
    pub enrolling: bool,
    pub failures: i64,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    /// The user's active methods when the password was right.
    pub methods: Vec<Method>,
}

const FACTOR_COLUMNS: &str =
    "method, active, secret_sealed, phone, last_step, created_at, activated_at";

impl Store {
    /// All factors of a user, active and pending, in method order.
    pub async fn factors(&self, tenant: &TenantId, user: &UserId) -> Result<Vec<FactorRow>> {
        let sql = format!(
            "SELECT {FACTOR_COLUMNS} FROM factors WHERE tenant_id = $1 AND user_id = $2 ORDER BY method"
        );
        let rows = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(user.as_str())
            .fetch_all(self.db())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(f) = factor_from_row(r)? {
                out.push(f);
            }
        }
        Ok(out)
    }

    /// The methods a user has verified.
    pub async fn active_methods(&self, tenant: &TenantId, user: &UserId) -> Result<Vec<Method>> {
        Ok(self
            .factors(tenant, user)
            .await?
            .into_iter()
            .filter(|f| f.active)
            .map(|f| f.method)
            .collect())
    }

    /// Starts (or restarts) the enrollment of `f.method`. An active factor of that method is
    /// left untouched and `false` is returned.
    pub async fn begin_factor(
        &self,
        tenant: &TenantId,
        user: &UserId,
        f: &FactorRow,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO factors (tenant_id, user_id, method, active, secret_sealed, phone, last_step, created_at) \
             VALUES ($1, $2, $3, 0, $4, $5, 0, $6) \
             ON CONFLICT (tenant_id, user_id, method) DO UPDATE \
             SET secret_sealed = excluded.secret_sealed, phone = excluded.phone, last_step = 0, created_at = excluded.created_at \
             WHERE factors.active = 0",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(f.method.as_str())
        .bind(f.secret_sealed.clone())
        .bind(f.phone.clone())
        .bind(f.created_at)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Turns a pending enrollment on. `last_step` records the TOTP step that confirmed it, so
    /// the same code cannot then also complete a sign-in. `false` when nothing was pending.
    pub async fn activate_factor(
        &self,
        tenant: &TenantId,
        user: &UserId,
        method: Method,
        last_step: i64,
        now: UnixTime,
    ) -> Result<bool> {
        self.activate(tenant, user, method, (last_step, now), None)
            .await
    }

    /// Turns on the pending factor that was checked: only if it still holds the secret and
    /// phone number of `checked` (another window may have restarted the enrollment since,
    /// and a secret the user never saw must not go live).
    pub async fn activate_checked_factor(
        &self,
        tenant: &TenantId,
        user: &UserId,
        checked: &FactorRow,
        last_step: i64,
        now: UnixTime,
    ) -> Result<bool> {
        self.activate(
            tenant,
            user,
            checked.method,
            (last_step, now),
            Some(checked),
        )
        .await
    }

    async fn activate(
        &self,
        tenant: &TenantId,
        user: &UserId,
        method: Method,
        (last_step, now): (i64, UnixTime),
        checked: Option<&FactorRow>,
    ) -> Result<bool> {
        let same = if checked.is_some() {
            " AND secret_sealed IS NOT DISTINCT FROM $6 AND phone IS NOT DISTINCT FROM $7"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE factors SET active = 1, activated_at = $4, last_step = $5 \
             WHERE tenant_id = $1 AND user_id = $2 AND method = $3 AND active = 0{same}"
        );
        let mut q = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(user.as_str())
            .bind(method.as_str())
            .bind(now)
            .bind(last_step);
        if let Some(f) = checked {
            q = q.bind(f.secret_sealed.clone()).bind(f.phone.clone());
        }
        let done = q.execute(self.db()).await?;
        let on = done.rows_affected() == 1;
        if on {
            self.end_pending_sign_ins(tenant, user).await?;
        }
        Ok(on)
    }

    /// Ends every pending second step of a user: their facts (the active methods captured
    /// when the password was right, the password itself) changed, so each must start over.
    pub async fn end_pending_sign_ins(&self, tenant: &TenantId, user: &UserId) -> Result<u64> {
        let done = sqlx::query("DELETE FROM pending_logins WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.as_str())
            .bind(user.as_str())
            .execute(self.db())
            .await?;
        Ok(done.rows_affected())
    }

    /// Accepts TOTP time step `step` once: `true` only for the first caller presenting a
    /// step later than every step accepted before (RFC 6238 section 5.2).
    pub async fn accept_totp_step(
        &self,
        tenant: &TenantId,
        user: &UserId,
        step: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE factors SET last_step = $3 \
             WHERE tenant_id = $1 AND user_id = $2 AND method = 'totp' AND active = 1 AND last_step < $3",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(step)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves an active SMS factor to a number that was just verified.
    pub async fn change_phone(
        &self,
        tenant: &TenantId,
        user: &UserId,
        phone: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE factors SET phone = $3, activated_at = $4 \
             WHERE tenant_id = $1 AND user_id = $2 AND method = 'sms' AND active = 1",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(phone)
        .bind(now)
        .execute(self.db())
        .await?;
        self.end_pending_sign_ins(tenant, user).await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes one factor (active or pending) and any code waiting for it.
    pub async fn delete_factor(
        &self,
        tenant: &TenantId,
        user: &UserId,
        method: Method,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "DELETE FROM factors WHERE tenant_id = $1 AND user_id = $2 AND method = $3",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(method.as_str())
        .execute(self.counted(&mut *tx))
        .await?;
        sqlx::query(
            "DELETE FROM one_time_codes WHERE tenant_id = $1 AND user_id = $2 AND method = $3",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(method.as_str())
        .execute(self.counted(&mut *tx))
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Replaces the user's live code for `method`: the previous one stops working.
    pub async fn put_code(&self, tenant: &TenantId, user: &UserId, c: &CodeRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO one_time_codes (tenant_id, user_id, method, code_digest, target, attempts, sent_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, $7) \
             ON CONFLICT (tenant_id, user_id, method) DO UPDATE \
             SET code_digest = excluded.code_digest, target = excluded.target, attempts = 0, \
                 sent_at = excluded.sent_at, expires_at = excluded.expires_at",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(c.method.as_str())
        .bind(&c.code_digest)
        .bind(&c.target)
        .bind(c.sent_at)
        .bind(c.expires_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    pub async fn code(
        &self,
        tenant: &TenantId,
        user: &UserId,
        method: Method,
    ) -> Result<Option<CodeRow>> {
        let row = sqlx::query(
            "SELECT code_digest, target, attempts, sent_at, expires_at FROM one_time_codes \
             WHERE tenant_id = $1 AND user_id = $2 AND method = $3",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(method.as_str())
        .fetch_optional(self.db())
        .await?;
        row.map(|r| {
            Ok(CodeRow {
                method,
                code_digest: r.try_get("code_digest")?,
                target: r.try_get("target")?,
                attempts: r.try_get("attempts")?,
                sent_at: r.try_get("sent_at")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    /// Counts a wrong guess against the live code; returns the attempts so far.
    pub async fn code_failed(
        &self,
        tenant: &TenantId,
        user: &UserId,
        method: Method,
    ) -> Result<i64> {
        let row = sqlx::query(
            "UPDATE one_time_codes SET attempts = attempts + 1 \
             WHERE tenant_id = $1 AND user_id = $2 AND method = $3 RETURNING attempts",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(method.as_str())
        .fetch_optional(self.db())
        .await?;
        Ok(row.map(|r| r.try_get("attempts")).transpose()?.unwrap_or(0))
    }

    /// Spends the code whose digest is `digest`: exactly one caller gets its target back, and
    /// only while it is live and under `max_attempts` wrong guesses.
    pub async fn take_code(
        &self,
        tenant: &TenantId,
        user: &UserId,
        method: Method,
        digest: &str,
        now: UnixTime,
        max_attempts: i64,
    ) -> Result<Option<String>> {
        let row = sqlx::query(
            "DELETE FROM one_time_codes WHERE tenant_id = $1 AND user_id = $2 AND method = $3 \
             AND code_digest = $4 AND expires_at > $5 AND attempts < $6 RETURNING target",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(method.as_str())
        .bind(digest)
        .bind(now)
        .bind(max_attempts)
        .fetch_optional(self.db())
        .await?;
        Ok(row.map(|r| r.try_get("target")).transpose()?)
    }

    pub async fn put_pending_login(&self, p: &PendingLogin) -> Result<()> {
        sqlx::query(
            "INSERT INTO pending_logins (interaction_id, browser_digest, tenant_id, user_id, method, enrolling, failures, created_at, expires_at, methods) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9) \
             ON CONFLICT (interaction_id) DO UPDATE SET browser_digest = excluded.browser_digest, \
             tenant_id = excluded.tenant_id, user_id = excluded.user_id, method = excluded.method, \
             enrolling = excluded.enrolling, failures = 0, created_at = excluded.created_at, expires_at = excluded.expires_at, \
             methods = excluded.methods \
             WHERE pending_logins.browser_digest = excluded.browser_digest",
        )
        .bind(&p.interaction_id)
        .bind(&p.browser_digest)
        .bind(p.tenant.as_str())
        .bind(p.user.as_str())
        .bind(p.method.map(Method::as_str))
        .bind(p.enrolling as i64)
        .bind(p.created_at)
        .bind(p.expires_at)
        .bind(
            p.methods
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(","),
        )
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// The pending second step of `interaction_id`, if it is live, belongs to this browser
    /// and its authorization was not completed (no grant of that ID), with its user and the
    /// user's factor of the chosen method (active or pending): one statement, so a request of
    /// the step reads the database once.
    pub async fn pending_sign_in(
        &self,
        interaction_id: &str,
        browser_digest: &str,
        now: UnixTime,
    ) -> Result<Option<(PendingLogin, User, Option<FactorRow>)>> {
        let row = sqlx::query(
            "SELECT p.tenant_id AS p_tenant, p.user_id AS p_user, p.method AS p_method, \
                    p.enrolling AS p_enrolling, p.failures AS p_failures, p.created_at AS p_created, \
                    p.expires_at AS p_expires, p.methods AS p_methods, \
                    u.id, u.username, u.email, u.email_confirmed, u.name, u.password_hash, \
                    u.role, u.disabled, u.created_at, u.updated_at, u.locale, \
                    f.method AS f_method, f.active AS f_active, f.secret_sealed AS f_secret, \
                    f.phone AS f_phone, f.last_step AS f_last_step, f.created_at AS f_created, \
                    f.activated_at AS f_activated \
             FROM pending_logins p \
             JOIN users u ON u.tenant_id = p.tenant_id AND u.id = p.user_id \
             LEFT JOIN factors f ON f.tenant_id = p.tenant_id AND f.user_id = p.user_id \
                                AND f.method = p.method \
             WHERE p.interaction_id = $1 AND p.browser_digest = $2 AND p.expires_at > $3 \
               AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.id = p.interaction_id)",
        )
        .bind(interaction_id)
        .bind(browser_digest)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let tenant: String = r.try_get("p_tenant")?;
        let Ok(tenant) = TenantId::parse(&tenant) else {
            return Ok(None);
        };
        let method: Option<String> = r.try_get("p_method")?;
        let methods: String = r.try_get("p_methods")?;
        let pending = PendingLogin {
            interaction_id: interaction_id.to_owned(),
            browser_digest: browser_digest.to_owned(),
            tenant: tenant.clone(),
            user: UserId::from_stored(r.try_get("p_user")?),
            method: method.and_then(|m| m.parse().ok()),
            enrolling: flag(&r, "p_enrolling")?,
            failures: r.try_get("p_failures")?,
            created_at: r.try_get("p_created")?,
            expires_at: r.try_get("p_expires")?,
            methods: match methods
                .split(',')
                .filter(|m| !m.is_empty())
                .map(str::parse)
                .collect::<std::result::Result<Vec<Method>, _>>()
            {
                Ok(m) => m,
                // A method this build does not know: no step, rather than one that skips it.
                Err(_) => return Ok(None),
            },
        };
        let user = crate::users::user_from_row(&r, &tenant)?;
        let factor = match r.try_get::<Option<String>, _>("f_method")? {
            Some(m) => m.parse::<Method>().ok().map(|method| -> Result<FactorRow> {
                Ok(FactorRow {
                    method,
                    active: flag(&r, "f_active")?,
                    secret_sealed: r.try_get("f_secret")?,
                    phone: r.try_get("f_phone")?,
                    last_step: r.try_get("f_last_step")?,
                    created_at: r.try_get("f_created")?,
                    activated_at: r.try_get("f_activated")?,
                })
            }),
            None => None,
        }
        .transpose()?;
        Ok(Some((pending, user, factor)))
    }

    /// What a password attempt on interaction `interaction_id` needs, in one statement:
    /// whether that authorization was completed already (a grant of that ID exists), the user
    /// typed (if the tenant has one by that name, enabled or not), and that user's active
    /// methods.
    pub async fn password_attempt(
        &self,
        interaction_id: &str,
        tenant: &TenantId,
        username: &str,
    ) -> Result<(bool, Option<User>, Vec<Method>)> {
        let rows = sqlx::query(
            "SELECT d.done, u.id, u.username, u.email, u.email_confirmed, u.name, \
                    u.password_hash, u.role, u.disabled, u.created_at, u.updated_at, u.locale, \
                    f.method AS f_method \
             FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM grants WHERE id = $1) THEN 1 ELSE 0 END AS done) d \
             LEFT JOIN users u ON u.tenant_id = $2 AND u.username_key = $3 \
             LEFT JOIN factors f ON f.tenant_id = u.tenant_id AND f.user_id = u.id AND f.active = 1",
        )
        .bind(interaction_id)
        .bind(tenant.as_str())
        .bind(idp_domain::user::username_key(username))
        .fetch_all(self.db())
        .await?;
        let Some(first) = rows.first() else {
            return Ok((false, None, Vec::new()));
        };
        let done = flag(first, "done")?;
        let user = match first.try_get::<Option<String>, _>("id")? {
            Some(_) => Some(crate::users::user_from_row(first, tenant)?),
            None => None,
        };
        let mut methods = Vec::new();
        for r in &rows {
            if let Some(m) = r.try_get::<Option<String>, _>("f_method")? {
                // A method this build does not know is no reason to skip a factor: fail.
                let m = m.parse().map_err(|_| StoreError::NotFound {
                    what: format!("factor method `{m}` of this build"),
                })?;
                methods.push(m);
            }
        }
        Ok((done, user, methods))
    }

    pub async fn set_pending_method(
        &self,
        interaction_id: &str,
        method: Option<Method>,
        enrolling: bool,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE pending_logins SET method = $2, enrolling = $3 WHERE interaction_id = $1",
        )
        .bind(interaction_id)
        .bind(method.map(Method::as_str))
        .bind(enrolling as i64)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Counts a wrong code in this sign-in; returns the count.
    pub async fn pending_login_failed(&self, interaction_id: &str) -> Result<i64> {
        let row = sqlx::query(
            "UPDATE pending_logins SET failures = failures + 1 WHERE interaction_id = $1 RETURNING failures",
        )
        .bind(interaction_id)
        .fetch_optional(self.db())
        .await?;
        Ok(row.map(|r| r.try_get("failures")).transpose()?.unwrap_or(0))
    }

    /// Ends the second step; exactly one caller gets `true`.
    pub async fn take_pending_login(&self, interaction_id: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM pending_logins WHERE interaction_id = $1")
            .bind(interaction_id)
            .execute(self.db())
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
