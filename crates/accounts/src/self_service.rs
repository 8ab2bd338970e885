//! What a signed-in user does to their own account (the account page): a new password.
//!
//! Rules enforced here:
//! - a user with a second factor proves it again within the last ten minutes first
//!   (`recent_second_factor`), a password alone is not enough;
//! - the current password is checked like a sign-in: reserved on the account's counter first;
//! - the new one passes the strength check;
//! - the other sessions and every refresh token end with the old password.

use crate::guard::Guard;
use crate::links::known_words;
use crate::{strength, Accounts, AccountsError, Result};
use idp_domain::{Tenant, TwoFactor, User};
use idp_i18n::Msg;
use idp_store::SessionRow;
use std::net::IpAddr;

/// The signed-in user, in the session they act from.
pub struct Me<'a> {
    pub tenant: &'a Tenant,
    pub user: &'a User,
    pub session: &'a SessionRow,
    /// Whether this session passed a second factor within the step-up window.
    pub recent_second_factor: bool,
    /// The browser's device cookie, if any: its own budget against guessing.
    pub device: Option<&'a str>,
}

/// Words for the page when a new password is not set.
pub const STEP_UP_FOR_PASSWORD: Msg = Msg::new("account-password-step-up");

impl Accounts {
    /// The tenant and the enabled user a session belongs to; `None` when either is gone or
    /// the user is disabled.
    pub async fn signed_in(
        &self,
        session: &SessionRow,
    ) -> Result<Option<(std::sync::Arc<Tenant>, User)>> {
        let Some(tenant) = self.store.tenant(&session.tenant).await? else {
            return Ok(None);
        };
        let user = self.store.user(&session.tenant, &session.user).await?;
        Ok(user.filter(|u| !u.disabled).map(|u| (tenant, u)))
    }

    /// The language the signed-in user chose with the switch (a tag such as `de`), kept on
    /// the user for their other browsers and their mails. Nothing for a session whose user
    /// is gone or disabled.
    pub async fn remember_language(&self, session: &SessionRow, tag: &str) -> Result<()> {
        if let Some((tenant, user)) = self.signed_in(session).await? {
            self.store
                .set_user_locale(&tenant.id, &user.id, Some(tag))
                .await?;
        }
        Ok(())
    }

    /// A new password for `me`; `Err(words)` in the outer `Ok` when it is refused.
    pub async fn change_password(
        &self,
        me: Me<'_>,
        current: String,
        (password, confirm): (&str, &str),
        ip: IpAddr,
    ) -> Result<std::result::Result<(), Msg>> {
        let (tenant, user) = (me.tenant, me.user);
        if tenant.settings.two_factor != TwoFactor::Disabled
            && !me.recent_second_factor
            && !self
                .store
                .active_methods(&tenant.id, &user.id)
                .await?
                .is_empty()
        {
            return Ok(Err(STEP_UP_FOR_PASSWORD));
        }
        let mut guard = Guard::for_user(self, tenant.id.as_str(), &user.username, ip, me.device)
            .with_policy(&tenant.settings);
        if let Some(m) = guard.reserve(self).await? {
            return Ok(Err(m));
        }
        if !self
            .passwords
            .verify(current, user.password_hash.clone())
            .await
        {
            guard.failed(self).await?;
            return Ok(Err(Msg::new("account-password-current-wrong")));
        }
        guard.passed(self).await?;
        if let Err(e) = strength::check(password, confirm, &known_words(tenant, user)) {
            return Ok(Err(e));
        }
        let hash = self
            .passwords
            .hash(password.to_owned())
            .await
            .map_err(|e| AccountsError::internal("password hashing", e))?;
        let store = &self.store;
        store
            .set_password_hash(&tenant.id, &user.id, Some(&hash), self.now())
            .await?;
        // The old password's sessions elsewhere and every refresh token end with it.
        let ended = store
            .delete_other_sessions(&tenant.id, &user.id, &me.session.id_digest)
            .await?;
        let revoked = store
            .revoke_user_grants(&tenant.id, user.id.as_str())
            .await?;
        let detail = format!("{ended} other sessions ended, {revoked} grants revoked");
        self.audit_user(&tenant.id, &user.id, "password.changed", Some(detail), ip)
            .await?;
        Ok(Ok(()))
    }
}

/// Which sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Sessions<'a> {
    /// Every session of the user but this one.
    Others,
    /// One session, by its public `sid` (this one included).
    One(&'a str),
}

impl Accounts {
    /// Rule 6: turns `method` off, if the policy lets this session do it now (a recent second
    /// factor, an explicit confirmation, never the last method of a `required` tenant).
    /// `Err(words)` in the outer `Ok` when refused.
    pub async fn turn_factor_off(
        &self,
        me: Me<'_>,
        method: idp_domain::Method,
        confirmed: bool,
        ip: IpAddr,
    ) -> Result<std::result::Result<(), Msg>> {
        let (tenant, user) = (me.tenant, me.user);
        let active = self.store.active_methods(&tenant.id, &user.id).await?;
        let allowed = idp_mfa_policy::actions::may_disable(
            &tenant.settings,
            &active,
            method,
            me.recent_second_factor,
            confirmed,
        );
        if let Err(r) = allowed {
            return Ok(Err(r.msg()));
        }
        self.store
            .delete_factor(&tenant.id, &user.id, method)
            .await?;
        let detail = format!("method {method}");
        self.audit_user(&tenant.id, &user.id, "factor.disabled", Some(detail), ip)
            .await?;
        Ok(Ok(()))
    }

    /// Ends sessions of the signed-in user; returns how many ended.
    pub async fn end_sessions(&self, me: Me<'_>, which: Sessions<'_>, ip: IpAddr) -> Result<u64> {
        let (tenant, user) = (me.tenant, me.user);
        let (n, detail) = match which {
            Sessions::Others => {
                let n = self
                    .store
                    .delete_other_sessions(&tenant.id, &user.id, &me.session.id_digest)
                    .await?;
                (n, format!("{n} other sessions"))
            }
            Sessions::One(sid) => {
                let gone = self
                    .store
                    .delete_user_session(&tenant.id, &user.id, sid)
                    .await?;
                (u64::from(gone), format!("sid {sid}"))
            }
        };
        if n > 0 {
            self.audit_user(&tenant.id, &user.id, "session.ended", Some(detail), ip)
                .await?;
        }
        Ok(n)
    }
}

/// One method on the account page: whether it is on, and what this session may do with it.
#[derive(Debug, Clone)]
pub struct FactorOverview {
    pub method: idp_domain::Method,
    /// The factor, when it is on.
    pub active: Option<idp_store::FactorRow>,
    /// Why it cannot be turned on now (`None` when it can, or is on).
    pub on_refused: Option<Msg>,
    /// It is on and this session may turn it off (a recent second factor).
    pub off_allowed: bool,
    /// Why it cannot be turned off whatever the session (the last method a tenant requires).
    pub off_refused: Option<Msg>,
    /// SMS is on and this session may move it to a new number.
    pub phone_change: bool,
}

/// What the account page shows of the user's factors and sessions.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The methods the tenant offers, and any the user still has on, in method order.
    pub factors: Vec<FactorOverview>,
    /// The user's live sessions.
    pub sessions: Vec<SessionRow>,
}

impl Accounts {
    /// The account page's view of `me`, with the policy asked for each method.
    pub async fn overview(&self, me: &Me<'_>) -> Result<Overview> {
        use idp_mfa_policy::actions::{may_disable, may_enable, LAST_METHOD_REQUIRED};
        let (tenant, user) = (me.tenant, me.user);
        let settings = &tenant.settings;
        let all = self.store.factors(&tenant.id, &user.id).await?;
        let active: Vec<_> = all.iter().filter(|f| f.active).map(|f| f.method).collect();
        let mfa = me.recent_second_factor;
        let factors = idp_domain::Method::ALL
            .into_iter()
            .filter(|m| settings.methods.contains(m) || active.contains(m))
            .map(|m| {
                let row = all.iter().find(|f| f.method == m && f.active).cloned();
                let on = row.is_some();
                let on_refused = match on {
                    true => None,
                    false => may_enable(settings, &active, m, user.email_confirmed)
                        .err()
                        .map(|r| r.msg()),
                };
                let off = on.then(|| may_disable(settings, &active, m, true, true));
                let (off_allowed, off_refused) = match off {
                    Some(Ok(())) => (mfa, None),
                    Some(Err(r)) if r.code == LAST_METHOD_REQUIRED.code => (false, Some(r.msg())),
                    _ => (false, None),
                };
                FactorOverview {
                    method: m,
                    active: row,
                    on_refused,
                    off_allowed,
                    off_refused,
                    phone_change: on && m == idp_domain::Method::Sms && mfa,
                }
            })
            .collect();
        let sessions = self
            .store
            .user_sessions(&tenant.id, &user.id, self.now())
            .await?;
        Ok(Overview { factors, sessions })
    }
}
