//! Administration use cases, one function each, called alike by the CLI today and by the
//! admin console and API later: invite (the registration mail), resend it, the admin reset
//! (rule 7, one transaction), e-mail confirmation for one user or all unconfirmed ones
//! (rule 10), unlock, disable and enable. Each writes one audit event naming the actor.
//!
//! Who may call them is the caller's to decide (the permission table comes with the admin
//! API); these functions assume the actor is allowed and the tenant exists.

use crate::{Accounts, AccountsError, Result};
use idp_domain::{Tenant, TenantId, User};
use idp_i18n::Msg;
use idp_store::{AuditEvent, LinkPurpose, ResetSummary};
use std::sync::Arc;

/// Who acts: `cli`, or later an administrator's user ID or an admin client.
#[derive(Debug, Clone)]
pub struct Actor(pub String);

impl Actor {
    pub fn cli() -> Self {
        Actor("cli".into())
    }
}

/// The tenant and one of its users, looked up by user name.
pub struct Target {
    pub tenant: Arc<Tenant>,
    pub user: User,
}

impl Accounts {
    pub async fn tenant(&self, id: &TenantId) -> Result<Arc<Tenant>> {
        self.store
            .tenant(id)
            .await?
            .ok_or_else(|| AccountsError::NoSuchTenant {
                tenant: id.to_string(),
            })
    }

    pub async fn target(&self, tenant: &TenantId, username: &str) -> Result<Target> {
        let t = self.tenant(tenant).await?;
        let user = self
            .store
            .user_by_username(tenant, username)
            .await?
            .ok_or_else(|| AccountsError::NoSuchUser {
                tenant: tenant.to_string(),
                username: username.to_owned(),
            })?;
        Ok(Target { tenant: t, user })
    }

    async fn audit_admin(
        &self,
        actor: &Actor,
        t: &Target,
        event: &str,
        detail: String,
    ) -> Result<()> {
        self.audit_by(actor, Some(&t.tenant.id), Some(&t.user.id), event, detail)
            .await
    }

    /// An administration event, naming who acted: about a tenant, one of its users, or
    /// neither (a relying application of the platform).
    pub async fn audit_by(
        &self,
        actor: &Actor,
        tenant: Option<&TenantId>,
        user: Option<&idp_domain::UserId>,
        event: &str,
        detail: String,
    ) -> Result<()> {
        self.store
            .audit(&AuditEvent {
                at: self.now(),
                tenant: tenant.map(|t| t.to_string()),
                user: user.map(|u| u.to_string()),
                actor: Some(actor.0.clone()),
                event: event.to_owned(),
                detail: Some(detail),
                client_ip: None,
            })
            .await?;
        Ok(())
    }

    /// Mails a single-use link for `purpose` (voiding earlier ones of that purpose).
    pub async fn send_link(
        &self,
        tenant: &Tenant,
        user: &User,
        purpose: LinkPurpose,
    ) -> Result<()> {
        let out = self.outgoing();
        crate::mail::send_link(&out, tenant, user, purpose).await?;
        Ok(())
    }

    /// Rule 9: the registration mail, for a user who has not chosen a password yet (a first
    /// invitation or a resend).
    pub async fn invite(&self, actor: &Actor, t: &Target) -> Result<()> {
        if t.user.has_password() {
            return Err(AccountsError::Refused(Msg::new("accounts-has-password")));
        }
        self.send_link(&t.tenant, &t.user, LinkPurpose::Register)
            .await?;
        self.audit_admin(actor, t, "user.invited", "registration mail sent".into())
            .await
    }

    /// Rule 7: password and every second factor cleared, sessions ended, grants revoked, in
    /// one transaction; then a new registration mail.
    pub async fn admin_reset(&self, actor: &Actor, t: &Target) -> Result<ResetSummary> {
        let done = self
            .store
            .reset_account(&t.tenant.id, &t.user.id, self.now())
            .await?;
        self.audit_admin(
            actor,
            t,
            "user.reset",
            format!(
                "password and {} second factors cleared, {} sessions ended, {} grants revoked",
                done.factors.len(),
                done.sessions,
                done.grants
            ),
        )
        .await?;
        self.send_link(&t.tenant, &t.user, LinkPurpose::Register)
            .await?;
        Ok(done)
    }

    /// Rule 10, one user: the confirmation mail to an address not yet confirmed.
    pub async fn send_confirmation(&self, actor: &Actor, t: &Target) -> Result<()> {
        if t.user.email_confirmed {
            return Err(AccountsError::Refused(Msg::new(
                "accounts-already-confirmed",
            )));
        }
        self.send_link(&t.tenant, &t.user, LinkPurpose::Confirm)
            .await?;
        self.audit_admin(actor, t, "user.confirmation_sent", t.user.email.clone())
            .await
    }

    /// Rule 10, in bulk: the confirmation mail to every unconfirmed, enabled user of the
    /// tenant (`visible` narrows it to those the actor may see). One audit event with the
    /// count. Returns the users mailed.
    pub async fn send_confirmations(
        &self,
        actor: &Actor,
        tenant: &Arc<Tenant>,
        visible: impl Fn(&User) -> bool,
    ) -> Result<Vec<User>> {
        let users: Vec<User> = self
            .store
            .unconfirmed_users(&tenant.id)
            .await?
            .into_iter()
            .filter(|u| visible(u))
            .collect();
        let out = self.outgoing();
        crate::mail::send_links(&out, tenant, &users, LinkPurpose::Confirm).await?;
        self.store
            .audit(&AuditEvent {
                at: self.now(),
                tenant: Some(tenant.id.to_string()),
                user: None,
                actor: Some(actor.0.clone()),
                event: "users.confirmations_sent".into(),
                detail: Some(format!("{} confirmation mails sent", users.len())),
                client_ip: None,
            })
            .await?;
        Ok(users)
    }

    /// Ends the user's failed-attempt locks (the account's and its known browsers').
    pub async fn unlock(&self, actor: &Actor, t: &Target) -> Result<u64> {
        let key = account_key(t.tenant.id.as_str(), &t.user.username);
        let n = self.store.unlock_account(&key).await?;
        self.audit_admin(actor, t, "user.unlocked", format!("{n} counters cleared"))
            .await?;
        Ok(n)
    }

    /// Disables a user: sessions and refresh tokens end at once (one transaction).
    pub async fn disable(&self, actor: &Actor, t: &Target) -> Result<(u64, u64)> {
        let ended = self
            .store
            .set_disabled(&t.tenant.id, &t.user.id, true, self.now())
            .await?;
        self.audit_admin(
            actor,
            t,
            "user.disabled",
            format!("{} sessions ended, {} grants revoked", ended.0, ended.1),
        )
        .await?;
        Ok(ended)
    }

    pub async fn enable(&self, actor: &Actor, t: &Target) -> Result<()> {
        self.store
            .set_disabled(&t.tenant.id, &t.user.id, false, self.now())
            .await?;
        self.audit_admin(actor, t, "user.enabled", String::new())
            .await
    }
}

/// The failed-attempt counter name of one account as typed at sign-in (company ID + user
/// name, bounded): the same key whether or not the account exists.
pub fn account_key(tenant: &str, username: &str) -> String {
    use idp_mfa_policy::guessing::{MAX_TYPED_TENANT, MAX_TYPED_USERNAME};
    let tenant: String = tenant.chars().take(MAX_TYPED_TENANT).collect();
    let username: String = username.chars().take(MAX_TYPED_USERNAME).collect();
    format!(
        "acct:{tenant}:{}",
        idp_domain::user::username_key(&username)
    )
}
