//! What the single-use links of the lifecycle mails do when they are used: choose a password
//! (registration, rule 9; reset, rule 8), optionally followed by the authenticator set-up.
//!
//! Rules enforced here:
//! - a link works once and only while it lives; it is spent by one conditional statement;
//! - rule 8 holds when the reset link is used, not only when it was sent: a factor turned on
//!   since makes it useless (and spends it);
//! - the password must pass the strength check, knowing who the user is;
//! - a link that arrived in a mailbox confirms that address;
//! - a new password by reset ends every session and refresh token of the old one.

use crate::mail::{self, new_link};
use crate::{strength, Accounts, AccountsError, Result};
use idp_domain::secret::digest;
use idp_domain::{Method, Tenant, User};
use idp_i18n::Msg;
use idp_mfa_policy::actions::{may_enable, may_reset_password};
use idp_store::{AuditEvent, LinkPurpose, SpentLink};
use std::net::IpAddr;
use std::sync::Arc;

/// The live link `token` for `purpose`, with its tenant and (enabled) user.
pub struct Holder {
    pub link: SpentLink,
    pub tenant: Arc<Tenant>,
    pub user: User,
}

/// What choosing a password through a link led to.
#[derive(Debug)]
pub enum PasswordByLink {
    /// Rule 8: the account has a second factor now; the link is spent, nothing changed.
    ResetRefused(Msg),
    /// Too weak, or the two entries differ: the words for the field.
    Weak(Msg),
    /// A new password after a reset; every earlier sign-in has ended.
    Reset,
    /// The registration is done; with `setup`, the token of the authenticator set-up link.
    Registered { setup: Option<String> },
}

/// Words the strength check treats as known: who the user is.
pub fn known_words<'a>(tenant: &'a Tenant, user: &'a User) -> Vec<&'a str> {
    let local = user.email.split('@').next().unwrap_or("");
    vec![
        tenant.id.as_str(),
        tenant.name.as_str(),
        user.username.as_str(),
        local,
        user.email.as_str(),
    ]
}

/// Registration offers TOTP where the policy would let the user turn it on.
pub fn offers_totp(tenant: &Tenant, user: &User) -> bool {
    may_enable(&tenant.settings, &[], Method::Totp, user.email_confirmed).is_ok()
}

impl Accounts {
    /// The live link `token` for `purpose`; `None` when it is spent, expired or unknown, or
    /// its user is gone or disabled.
    pub async fn holder(&self, token: &str, purpose: LinkPurpose) -> Result<Option<Holder>> {
        let store = &self.store;
        let Some(link) = store.link(&digest(token), purpose, self.now()).await? else {
            return Ok(None);
        };
        let Some(tenant) = store.tenant(&link.tenant).await? else {
            return Ok(None);
        };
        let user = store
            .user(&link.tenant, &link.user)
            .await?
            .filter(|u| !u.disabled);
        Ok(user.map(|user| Holder { link, tenant, user }))
    }

    /// Chooses a password through a registration or reset link.
    pub async fn password_by_link(
        &self,
        h: &Holder,
        token: &str,
        purpose: LinkPurpose,
        (password, confirm): (&str, &str),
        wants_totp: bool,
        ip: IpAddr,
    ) -> Result<Option<PasswordByLink>> {
        let (store, tenant, user) = (&self.store, &h.tenant, &h.user);
        if purpose == LinkPurpose::Reset {
            let active = store.active_methods(&tenant.id, &user.id).await?;
            if let Err(r) = may_reset_password(&tenant.settings, &active) {
                store.take_link(&digest(token), purpose, self.now()).await?;
                return Ok(Some(PasswordByLink::ResetRefused(r.msg())));
            }
        }
        if let Err(e) = strength::check(password, confirm, &known_words(tenant, user)) {
            return Ok(Some(PasswordByLink::Weak(e)));
        }
        let hash = self
            .passwords
            .hash(password.to_owned())
            .await
            .map_err(|e| AccountsError::internal("password hashing", e))?;
        let now = self.now();
        let Some(link) = store.take_link(&digest(token), purpose, now).await? else {
            return Ok(None);
        };
        store
            .set_password_hash(&tenant.id, &user.id, Some(&hash), now)
            .await?;
        // The link arrived in this mailbox: that confirms the address it was sent to.
        store
            .confirm_email(&tenant.id, &user.id, &link.email, now)
            .await?;
        if purpose == LinkPurpose::Reset {
            // A new password ends every session and refresh token of the old one.
            store.delete_user_sessions(&tenant.id, &user.id).await?;
            store
                .revoke_user_grants(&tenant.id, user.id.as_str())
                .await?;
            self.audit_user(&tenant.id, &user.id, "password.reset", None, ip)
                .await?;
            return Ok(Some(PasswordByLink::Reset));
        }
        self.audit_user(&tenant.id, &user.id, "account.registered", None, ip)
            .await?;
        let setup = if wants_totp && offers_totp(tenant, user) {
            let t = new_link(
                store,
                tenant,
                user,
                LinkPurpose::Setup,
                now,
                mail::SETUP_TTL,
            )
            .await?;
            self.begin_totp(tenant, user).await?;
            Some(t)
        } else {
            None
        };
        Ok(Some(PasswordByLink::Registered { setup }))
    }

    /// Records a security event about a user's own action.
    pub async fn audit_user(
        &self,
        tenant: &idp_domain::TenantId,
        user: &idp_domain::UserId,
        event: &str,
        detail: Option<String>,
        ip: IpAddr,
    ) -> Result<()> {
        self.store
            .audit(&AuditEvent {
                at: self.now(),
                tenant: Some(tenant.to_string()),
                user: Some(user.to_string()),
                actor: None,
                event: event.to_owned(),
                detail,
                client_ip: Some(ip.to_string()),
            })
            .await?;
        Ok(())
    }
}

/// What a code typed on the authenticator set-up page (after registration) led to.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupByLink {
    /// The app is on; the link is spent and earlier sessions have ended.
    Done,
    /// Not accepted: the words for the page.
    Again(Msg),
}

/// What the e-mail confirmation button led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmByLink {
    /// That address is confirmed.
    Confirmed(String),
    /// The account has another address now; the link was for the previous one.
    AddressChanged,
}

impl Accounts {
    /// A code for the authenticator app being set up through link `token`: reserved on the
    /// account's counter before it is checked, like a password.
    pub async fn setup_by_link(
        &self,
        h: &Holder,
        token: &str,
        code: &str,
        ip: IpAddr,
    ) -> Result<SetupByLink> {
        let (tenant, user) = (&h.tenant, &h.user);
        let mut guard = crate::guard::Guard::new(tenant.id.as_str(), &user.username, ip, None)
            .with_policy(&tenant.settings);
        if let Some(m) = guard.reserve(self).await? {
            return Ok(SetupByLink::Again(m));
        }
        let check = self.check_totp(tenant, user, code, true).await?;
        if check != crate::Check::Accepted {
            guard.failed_code(self, &user.id, Method::Totp).await?;
            return Ok(SetupByLink::Again(check.message(Method::Totp)));
        }
        guard.passed(self).await?;
        let store = &self.store;
        store
            .take_link(&digest(token), LinkPurpose::Setup, self.now())
            .await?;
        guard
            .factor_changed(self, "factor.enrolled", &user.id, Method::Totp)
            .await?;
        // Sessions from before the factor existed end.
        store.delete_user_sessions(&tenant.id, &user.id).await?;
        Ok(SetupByLink::Done)
    }

    /// Confirms the address link `token` was sent to; `None` when the link is spent.
    pub async fn confirm_by_link(
        &self,
        h: &Holder,
        token: &str,
        ip: IpAddr,
    ) -> Result<Option<ConfirmByLink>> {
        let (store, now) = (&self.store, self.now());
        let Some(link) = store
            .take_link(&digest(token), LinkPurpose::Confirm, now)
            .await?
        else {
            return Ok(None);
        };
        let (tenant, user) = (&h.tenant.id, &h.user.id);
        if !store.confirm_email(tenant, user, &link.email, now).await? {
            return Ok(Some(ConfirmByLink::AddressChanged));
        }
        self.audit_user(tenant, user, "email.confirmed", None, ip)
            .await?;
        Ok(Some(ConfirmByLink::Confirmed(link.email)))
    }

    /// Rule 8, behind a page that answers every input alike: a reset link for an account
    /// that may reset its password, the mail saying an administrator must do it for one with
    /// a second factor, nothing for an unknown, disabled or SSO account. At most one mail per
    /// account per minute.
    pub async fn request_reset(&self, tenant_in: &str, username: &str) -> Result<()> {
        let Ok(tenant_id) = idp_domain::TenantId::parse(tenant_in) else {
            return Ok(());
        };
        let store = &self.store;
        let Some(tenant) = store.tenant(&tenant_id).await? else {
            return Ok(());
        };
        let user = store.user_by_username(&tenant.id, username).await?;
        let Some(user) = user.filter(|u| !u.disabled) else {
            return Ok(());
        };
        if tenant.settings.login_mode == idp_domain::LoginMode::Sso {
            return Ok(());
        }
        let key = format!("reset:{}:{}", tenant.id, user.id);
        let now = self.now();
        if store.record_failure(&key, now, 60).await?.failures > 1 {
            return Ok(());
        }
        let active = store.active_methods(&tenant.id, &user.id).await?;
        let out = self.outgoing();
        match may_reset_password(&tenant.settings, &active) {
            Ok(()) => mail::send_link(&out, &tenant, &user, LinkPurpose::Reset).await?,
            Err(r) => mail::send_reset_refused(&out, &tenant, &user, r.msg()).await?,
        }
        Ok(())
    }
}
