//! Users of a tenant as administrators see them: the list with search, filters and paging,
//! creation with the registration mail, edits, disabling, deletion, and the lifecycle actions
//! of the accounts crate (admin reset, invitation, confirmation, unlock), each behind the
//! permission table.
//!
//! An administrator sees and acts on users whose role is not above its own, and gives no role
//! above its own: a user administrator cannot reset a tenant administrator's account (and so
//! take it over through the registration mail), nor make anyone a tenant administrator.

use crate::permissions::roles_within;
use crate::{Action, Admin, AdminError, Caller, Msg, Page, Paging, Result};
use idp_accounts::admin::Target;
use idp_domain::user::{validate_email, validate_username};
use idp_domain::{LoginMode, Role, Tenant, TenantId, UnixTime, User, UserId};
use idp_store::{UserListing, UserQuery, UserStatus};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A user as administrators see it: never a secret.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub username: String,
    pub email: String,
    pub email_confirmed: bool,
    pub display_name: Option<String>,
    pub role: Role,
    pub disabled: bool,
    pub has_password: bool,
    /// At least one active second factor.
    pub two_factor: bool,
    /// `active`, `invited` or `invitation_expired`.
    #[schema(value_type = String)]
    pub registration: &'static str,
    /// Until when failed attempts lock the account (absent: not locked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<UnixTime>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

impl From<&UserListing> for UserView {
    fn from(l: &UserListing) -> Self {
        let u = &l.user;
        UserView {
            username: u.username.clone(),
            email: u.email.clone(),
            email_confirmed: u.email_confirmed,
            display_name: u.name.clone(),
            role: u.role,
            disabled: u.disabled,
            has_password: u.has_password(),
            two_factor: l.two_factor,
            registration: match (u.has_password(), l.invitation_expires) {
                (true, _) => "active",
                (false, Some(_)) => "invited",
                (false, None) => "invitation_expired",
            },
            locked_until: (l.locked_until > 0).then_some(l.locked_until),
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// `POST .../users`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
}

/// `PATCH .../users/{username}`: absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub email: Option<String>,
    /// `null` clears it.
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub display_name: Option<Option<String>>,
    pub disabled: Option<bool>,
    pub role: Option<Role>,
}

/// `Some(None)` for an explicit `null`, `None` for an absent field.
mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

/// The `?status=` names of interfaces.md.
pub fn parse_status(s: &str) -> Result<UserStatus> {
    Ok(match s {
        "invited" => UserStatus::Invited,
        "invitation_expired" => UserStatus::InvitationExpired,
        "unconfirmed" => UserStatus::Unconfirmed,
        "two_factor_on" => UserStatus::TwoFactorOn,
        "two_factor_off" => UserStatus::TwoFactorOff,
        "locked" => UserStatus::Locked,
        "disabled" => UserStatus::Disabled,
        _ => return Err(AdminError::invalid("status", Msg::new("admin-err-status"))),
    })
}

fn display_name(v: &str) -> Result<String> {
    Ok(idp_domain::tenant::validate_name("display_name", v)?)
}

impl Admin {
    /// One page of the tenant's users the caller may see, by user name.
    pub async fn users(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        q: Option<&str>,
        status: Option<&str>,
        paging: &Paging,
    ) -> Result<Page<UserView>> {
        self.check(caller, Action::ListUsers, Some(tenant))?;
        self.accounts.tenant(tenant).await?;
        let status = status.map(parse_status).transpose()?;
        let limit = paging.limit()?;
        let after = paging.after()?;
        let roles = roles_within(caller.role);
        let q = q.map(str::trim).filter(|q| !q.is_empty());
        if q.is_some_and(|q| q.chars().count() > 256) {
            return Err(AdminError::invalid("q", Msg::new("admin-err-query-long")));
        }
        let rows = self
            .accounts
            .store
            .users_page(&UserQuery {
                tenant,
                q,
                status,
                roles: &roles,
                after: after.as_deref(),
                only: None,
                limit: limit + 1,
                now: self.accounts.now(),
            })
            .await?;
        let page = Paging::page(limit, rows, |l: &UserListing| l.key.clone());
        Ok(Page {
            items: page.items.iter().map(UserView::from).collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// The listing of one user the caller may see (else `NotFound`, as for no such user).
    async fn listing(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<UserListing> {
        let roles = roles_within(caller.role);
        let key = idp_domain::user::username_key(username);
        self.accounts
            .store
            .users_page(&UserQuery {
                tenant,
                q: None,
                status: None,
                roles: &roles,
                after: None,
                only: Some(&key),
                limit: 1,
                now: self.accounts.now(),
            })
            .await?
            .pop()
            .ok_or_else(|| no_user(tenant, username))
    }

    /// The tenant and a user in it the caller may act on with `action`.
    async fn target(
        &self,
        caller: &Caller,
        action: Action,
        tenant: &TenantId,
        username: &str,
    ) -> Result<(Target, UserListing)> {
        self.check(caller, action, Some(tenant))?;
        let t = self.accounts.tenant(tenant).await?;
        let l = self.listing(caller, tenant, username).await?;
        Ok((
            Target {
                tenant: t,
                user: l.user.clone(),
            },
            l,
        ))
    }

    pub async fn user(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<UserView> {
        let (_, l) = self
            .target(caller, Action::ListUsers, tenant, username)
            .await?;
        Ok(UserView::from(&l))
    }

    /// Creates a user and, in a password tenant, sends the registration mail (rule 9). Users
    /// of an SSO tenant sign in through its identity provider and get no mail.
    pub async fn create_user(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        new: &NewUser,
    ) -> Result<UserView> {
        self.check(caller, Action::CreateUser, Some(tenant))?;
        let t = self.accounts.tenant(tenant).await?;
        let role = new.role.unwrap_or(Role::User);
        self.may_give(caller, role)?;
        let now = self.accounts.now();
        let u = User {
            tenant: tenant.clone(),
            id: UserId::generate().map_err(|e| AdminError::Internal(e.to_string()))?,
            username: validate_username(&new.username)?,
            email: validate_email(&new.email)?,
            email_confirmed: false,
            name: new.display_name.as_deref().map(display_name).transpose()?,
            password_hash: None,
            role,
            disabled: false,
            created_at: now,
            updated_at: now,
            locale: None,
        };
        self.accounts.store.create_user(&u).await?;
        let target = Target {
            tenant: t.clone(),
            user: u.clone(),
        };
        self.audit_user(caller, &target, "user.created", format!("role {role}"))
            .await?;
        if t.settings.login_mode == LoginMode::Password {
            self.accounts.invite(&caller.actor(), &target).await?;
        }
        self.user(caller, tenant, &u.username).await
    }

    /// E-mail, display name, role and disabled, as one edit. A new address is unconfirmed and
    /// gets the confirmation mail; disabling ends the user's sessions and grants at once.
    pub async fn update_user(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
        patch: &UserPatch,
    ) -> Result<UserView> {
        let (target, _) = self
            .target(caller, Action::EditUser, tenant, username)
            .await?;
        let mut u = target.user.clone();
        let mut changed = Vec::new();
        if let Some(e) = &patch.email {
            let e = validate_email(e)?;
            if e != u.email {
                u.email = e;
                u.email_confirmed = false;
                changed.push("email");
            }
        }
        if let Some(n) = &patch.display_name {
            u.name = n.as_deref().map(display_name).transpose()?;
            changed.push("display_name");
        }
        if let Some(r) = patch.role.filter(|r| *r != u.role) {
            if caller.is(&u) {
                return Err(AdminError::refused("role", Msg::new("admin-err-own-role")));
            }
            self.may_give(caller, r)?;
            u.role = r;
            changed.push("role");
        }
        if patch.disabled == Some(true) && caller.is(&u) {
            return Err(AdminError::refused(
                "disabled",
                Msg::new("admin-err-own-disable"),
            ));
        }
        if patch.disabled.is_some_and(|d| d != u.disabled) {
            self.check(caller, Action::DisableUser, Some(tenant))?;
        }
        if !changed.is_empty() {
            u.updated_at = self.accounts.now();
            self.accounts.store.update_user(&u).await?;
            self.audit_user(caller, &target, "user.edited", changed.join(", "))
                .await?;
        }
        let after = Target {
            tenant: target.tenant.clone(),
            user: u.clone(),
        };
        match patch.disabled {
            Some(true) if !u.disabled => {
                self.accounts.disable(&caller.actor(), &after).await?;
            }
            Some(false) if u.disabled => self.accounts.enable(&caller.actor(), &after).await?,
            _ => {}
        }
        if changed.contains(&"email") && u.has_password() {
            self.accounts
                .send_confirmation(&caller.actor(), &after)
                .await?;
        }
        self.user(caller, tenant, &u.username).await
    }

    /// Deletes the user and everything that signs them in (sessions, factors, grants).
    pub async fn delete_user(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<()> {
        let (target, _) = self
            .target(caller, Action::DeleteUser, tenant, username)
            .await?;
        if caller.is(&target.user) {
            return Err(AdminError::refused(
                "username",
                Msg::new("admin-err-own-delete"),
            ));
        }
        self.accounts
            .store
            .delete_user(tenant, &target.user.id)
            .await?;
        self.audit_user(
            caller,
            &target,
            "user.deleted",
            target.user.username.clone(),
        )
        .await
    }

    /// Rule 7: password and second factors cleared, a new registration mail.
    pub async fn reset_user(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<UserView> {
        let (target, _) = self
            .target(caller, Action::ResetUser, tenant, username)
            .await?;
        self.password_tenant(&target.tenant, "admin-err-sso-no-reset")?;
        self.accounts.admin_reset(&caller.actor(), &target).await?;
        self.user(caller, tenant, username).await
    }

    /// Rule 9: a new registration mail.
    pub async fn send_invitation(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<()> {
        let (target, _) = self
            .target(caller, Action::SendInvitation, tenant, username)
            .await?;
        self.password_tenant(&target.tenant, "admin-err-sso-no-invitation")?;
        Ok(self.accounts.invite(&caller.actor(), &target).await?)
    }

    /// Rule 10, one user.
    pub async fn send_confirmation(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<()> {
        let (target, _) = self
            .target(caller, Action::SendConfirmation, tenant, username)
            .await?;
        Ok(self
            .accounts
            .send_confirmation(&caller.actor(), &target)
            .await?)
    }

    pub async fn unlock_user(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        username: &str,
    ) -> Result<u64> {
        let (target, _) = self
            .target(caller, Action::UnlockUser, tenant, username)
            .await?;
        Ok(self.accounts.unlock(&caller.actor(), &target).await?)
    }

    /// Rule 10 in bulk: every unconfirmed user the caller may see. At most three times in ten
    /// minutes per tenant, counted in the database so all nodes share the budget. Returns how
    /// many mails went out.
    pub async fn send_confirmations(&self, caller: &Caller, tenant: &TenantId) -> Result<usize> {
        self.check(caller, Action::SendConfirmations, Some(tenant))?;
        let t = self.accounts.tenant(tenant).await?;
        let now = self.accounts.now();
        let count = self
            .accounts
            .store
            .record_failure(&format!("bulk-confirm:{tenant}"), now, 600)
            .await?;
        if count.failures > 3 {
            return Err(AdminError::TooMany(Msg::new(
                "admin-err-confirmations-too-often",
            )));
        }
        let roles = roles_within(caller.role);
        let sent = self
            .accounts
            .send_confirmations(&caller.actor(), &t, |u| roles.contains(&u.role))
            .await?;
        Ok(sent.len())
    }

    fn may_give(&self, caller: &Caller, role: Role) -> Result<()> {
        if role > caller.role {
            return Err(AdminError::Forbidden {
                reason: Msg::new("admin-err-role-may-not-give")
                    .with("role", caller.role.to_string())
                    .with("given", role.to_string()),
            });
        }
        Ok(())
    }

    fn password_tenant(&self, t: &Arc<Tenant>, why: &'static str) -> Result<()> {
        if t.settings.login_mode == LoginMode::Sso {
            return Err(AdminError::refused("username", Msg::new(why)));
        }
        Ok(())
    }

    async fn audit_user(
        &self,
        caller: &Caller,
        t: &Target,
        event: &str,
        detail: String,
    ) -> Result<()> {
        let (tenant, user) = (Some(&t.tenant.id), Some(&t.user.id));
        Ok(self
            .accounts
            .audit_by(&caller.actor(), tenant, user, event, detail)
            .await?)
    }
}

fn no_user(tenant: &TenantId, username: &str) -> AdminError {
    AdminError::NotFound {
        what: format!("user `{username}` in tenant `{tenant}`"),
    }
}
