//! Who may do what: one table, asked by every admin action before it reads or changes
//! anything. The console, the API and the CLI reach the actions only through [`crate::Admin`],
//! so this is the one place a permission is decided.

use idp_domain::{Role, TenantId};

/// Everything an administrator can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a tenant's settings (and see that it exists).
    ReadTenant,
    CreateTenant,
    /// Two-factor mode, methods, validities, lockout: the security settings.
    ChangeSecurity,
    /// The tenant's display name and branding.
    ChangeProfile,
    /// Login mode `password` ↔ `sso`.
    SwitchLoginMode,
    ReadSso,
    ConfigureSso,
    ListUsers,
    CreateUser,
    EditUser,
    DisableUser,
    DeleteUser,
    ResetUser,
    UnlockUser,
    SendInvitation,
    SendConfirmation,
    /// "Resend e-mail confirmations" to every unconfirmed user the caller may see.
    SendConfirmations,
    ReadAudit,
    /// Relying applications: register, edit, rotate secrets, disable.
    ManageClients,
}

impl Action {
    pub const ALL: [Action; 19] = [
        Action::ReadTenant,
        Action::CreateTenant,
        Action::ChangeSecurity,
        Action::ChangeProfile,
        Action::SwitchLoginMode,
        Action::ReadSso,
        Action::ConfigureSso,
        Action::ListUsers,
        Action::CreateUser,
        Action::EditUser,
        Action::DisableUser,
        Action::DeleteUser,
        Action::ResetUser,
        Action::UnlockUser,
        Action::SendInvitation,
        Action::SendConfirmation,
        Action::SendConfirmations,
        Action::ReadAudit,
        Action::ManageClients,
    ];
}

/// Where a role may do an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Nowhere,
    /// In the caller's own tenant.
    OwnTenant,
    /// In its own tenant, where the operator set `admin.tenant_sso_self_service = true`.
    OwnTenantIfSelfService,
    /// In every tenant, and outside any (creating tenants, relying applications).
    Everywhere,
}

use Action as A;
use Reach::*;

/// What a tenant's user administrator may do in its own tenant (interfaces.md).
#[cfg(test)]
const USER_ADMIN: &[Action] = &[
    A::ReadTenant,
    A::ListUsers,
    A::CreateUser,
    A::EditUser,
    A::DisableUser,
    A::ResetUser,
    A::UnlockUser,
    A::SendInvitation,
    A::SendConfirmation,
    A::SendConfirmations,
    A::ReadAudit,
];

/// The table: (role, action) → where. Plain users reach nothing; a platform administrator
/// reaches everything everywhere. Exhaustive, so a new action needs a decision per role.
pub fn reach(role: Role, action: Action) -> Reach {
    use Role::*;
    match (role, action) {
        (User, _) => Nowhere,
        (PlatformAdmin, _) => Everywhere,
        (
            UserAdmin | TenantAdmin,
            A::ReadTenant
            | A::ListUsers
            | A::CreateUser
            | A::EditUser
            | A::DisableUser
            | A::ResetUser
            | A::UnlockUser
            | A::SendInvitation
            | A::SendConfirmation
            | A::SendConfirmations
            | A::ReadAudit,
        ) => OwnTenant,
        (TenantAdmin, A::ChangeSecurity | A::ChangeProfile | A::DeleteUser) => OwnTenant,
        (TenantAdmin, A::ReadSso | A::ConfigureSso | A::SwitchLoginMode) => OwnTenantIfSelfService,
        (
            UserAdmin,
            A::ChangeSecurity
            | A::ChangeProfile
            | A::DeleteUser
            | A::ReadSso
            | A::ConfigureSso
            | A::SwitchLoginMode,
        ) => Nowhere,
        (UserAdmin | TenantAdmin, A::CreateTenant | A::ManageClients) => Nowhere,
    }
}

/// The answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// The caller may see the tenant but not do this there: `403`.
    Forbidden,
    /// The tenant is not the caller's to see: answered exactly like a tenant that does not
    /// exist (`404`), so IDs cannot be probed.
    Invisible,
}

/// Decides `action` for a caller with `role` whose own tenant is `home` (`None` for callers
/// that belong to no tenant, such as the CLI), on `tenant` (`None` for actions outside any
/// tenant).
pub fn decide(
    role: Role,
    home: Option<&TenantId>,
    action: Action,
    tenant: Option<&TenantId>,
    sso_self_service: bool,
) -> Decision {
    let r = reach(role, action);
    if r == Everywhere {
        return Decision::Allowed;
    }
    let own = match (home, tenant) {
        (Some(h), Some(t)) => h == t,
        _ => false,
    };
    if tenant.is_some() && !own {
        return Decision::Invisible;
    }
    let allowed = match r {
        Everywhere => true,
        Nowhere => false,
        OwnTenant => own,
        OwnTenantIfSelfService => own && sso_self_service,
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

/// The roles a caller may see among users, and give: its own and those below it.
pub fn roles_within(role: Role) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| *r <= role).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TenantId {
        TenantId::parse(s).unwrap()
    }

    #[test]
    fn plain_users_reach_nothing_anywhere() {
        for a in Action::ALL {
            assert_eq!(reach(Role::User, a), Nowhere, "{a:?}");
            assert_eq!(
                decide(Role::User, Some(&t("acme")), a, Some(&t("acme")), true),
                Decision::Forbidden,
                "{a:?}"
            );
            assert_eq!(
                decide(Role::User, Some(&t("acme")), a, None, true),
                Decision::Forbidden
            );
        }
    }

    #[test]
    fn another_tenant_is_invisible_to_tenant_roles() {
        for role in [Role::User, Role::UserAdmin, Role::TenantAdmin] {
            for a in Action::ALL {
                assert_eq!(
                    decide(role, Some(&t("acme")), a, Some(&t("globex")), true),
                    Decision::Invisible,
                    "{role:?} {a:?}"
                );
            }
        }
    }

    #[test]
    fn platform_admins_reach_everything() {
        for a in Action::ALL {
            assert_eq!(
                decide(
                    Role::PlatformAdmin,
                    Some(&t("ops")),
                    a,
                    Some(&t("globex")),
                    false
                ),
                Decision::Allowed
            );
            assert_eq!(
                decide(Role::PlatformAdmin, None, a, None, false),
                Decision::Allowed
            );
        }
    }

    #[test]
    fn the_table_as_interfaces_md_writes_it() {
        let own = |role, a, sso| decide(role, Some(&t("acme")), a, Some(&t("acme")), sso);
        use Decision::*;
        // user-admin: users, mails, audit; no settings, no SSO, no deletion.
        for a in USER_ADMIN {
            assert_eq!(own(Role::UserAdmin, *a, true), Allowed, "{a:?}");
            assert_eq!(own(Role::TenantAdmin, *a, false), Allowed, "{a:?}");
        }
        for a in [
            A::ChangeSecurity,
            A::ChangeProfile,
            A::SwitchLoginMode,
            A::ReadSso,
            A::ConfigureSso,
            A::DeleteUser,
            A::CreateTenant,
            A::ManageClients,
        ] {
            assert_eq!(own(Role::UserAdmin, a, true), Forbidden, "{a:?}");
        }
        // tenant-admin: plus security settings; SSO only with self-service.
        assert_eq!(own(Role::TenantAdmin, A::ChangeSecurity, false), Allowed);
        assert_eq!(own(Role::TenantAdmin, A::DeleteUser, false), Allowed);
        for a in [A::ReadSso, A::ConfigureSso, A::SwitchLoginMode] {
            assert_eq!(own(Role::TenantAdmin, a, false), Forbidden, "{a:?}");
            assert_eq!(own(Role::TenantAdmin, a, true), Allowed, "{a:?}");
        }
        // Never: creating tenants, relying applications.
        for a in [A::CreateTenant, A::ManageClients] {
            assert_eq!(own(Role::TenantAdmin, a, true), Forbidden);
            assert_eq!(
                decide(Role::TenantAdmin, Some(&t("acme")), a, None, true),
                Forbidden
            );
        }
    }

    #[test]
    fn roles_are_given_and_seen_only_up_to_ones_own() {
        assert_eq!(roles_within(Role::User), vec![Role::User]);
        assert_eq!(
            roles_within(Role::UserAdmin),
            vec![Role::User, Role::UserAdmin]
        );
        assert!(!roles_within(Role::TenantAdmin).contains(&Role::PlatformAdmin));
        assert_eq!(roles_within(Role::PlatformAdmin), Role::ALL.to_vec());
    }
}
