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
pub const STEP_UP_FOR_PASSWORD: &str = "To change your password, first confirm it\u{2019}s you with your second factor (the link under \u{201c}Second factors\u{201d}).";

impl Accounts {
    /// A new password for `me`; `Err(words)` in the outer `Ok` when it is refused.
    pub async fn change_password(
        &self,
        me: Me<'_>,
        current: String,
        (password, confirm): (&str, &str),
        ip: IpAddr,
    ) -> Result<std::result::Result<(), String>> {
        let (tenant, user) = (me.tenant, me.user);
        if tenant.settings.two_factor != TwoFactor::Disabled
            && !me.recent_second_factor
            && !self
                .store
                .active_methods(&tenant.id, &user.id)
                .await?
                .is_empty()
        {
            return Ok(Err(STEP_UP_FOR_PASSWORD.to_owned()));
        }
        let mut guard = Guard::for_user(self, tenant.id.as_str(), &user.username, ip, me.device);
        if let Some(m) = guard.reserve(self).await? {
            return Ok(Err(m));
        }
        if !self
            .passwords
            .verify(current, user.password_hash.clone())
            .await
        {
            guard.failed(self).await?;
            return Ok(Err("Your current password is not right.".to_owned()));
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
