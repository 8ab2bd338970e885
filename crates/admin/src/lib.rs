//! Tenant administration: every action an administrator can take, one function each, and the
//! one table that decides who may take it ([`permissions`]). The admin console, the admin API
//! and the CLI all call these functions, so they decide alike and write the same audit events,
//! naming the actor.
//!
//! It knows no HTTP: callers pass a [`Caller`] and typed inputs and get typed outcomes or an
//! [`AdminError`], which the web crate turns into pages and problem documents and the CLI into
//! messages.

mod audit;
pub mod branding;
mod clients;
pub mod console;
pub mod permissions;
mod sso;
mod tenants;
mod users;

pub use audit::{AuditFilter, AuditView};
pub use branding::{BrandingPatch, BrandingView, LogoUpload};
pub use clients::{ClientPatch, ClientView, NewClient};
pub use permissions::{Action, Decision};
pub use sso::SsoPut;
pub use tenants::{NewTenant, TenantPatch, TenantView};
pub use users::{NewUser, UserPatch, UserView};

pub use idp_i18n::Msg;

use idp_accounts::admin::Actor;
use idp_accounts::{Accounts, AccountsError};
use idp_domain::{Client, DomainError, Role, TenantId, User, UserId};
use idp_store::StoreError;
use std::sync::Arc;

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `idp` on the command line: the operator, with the database in reach anyway.
    Cli,
    /// An administrator signed in (console) or holding a token with the `admin` scope.
    User {
        tenant: TenantId,
        id: UserId,
        username: String,
    },
    /// A relying application created with `--admin`, by client_credentials.
    Client {
        id: String,
        tenant: Option<TenantId>,
    },
}

/// A principal and the role it acts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub principal: Principal,
    pub role: Role,
}

impl Caller {
    pub fn cli() -> Self {
        Caller {
            principal: Principal::Cli,
            role: Role::PlatformAdmin,
        }
    }

    /// A user acting in their own role; a disabled user acts in none.
    pub fn user(u: &User) -> Self {
        Caller {
            principal: Principal::User {
                tenant: u.tenant.clone(),
                id: u.id.clone(),
                username: u.username.clone(),
            },
            role: if u.disabled { Role::User } else { u.role },
        }
    }

    /// An `--admin` client: a platform administrator, or with `--tenant` a tenant
    /// administrator of that tenant only. Any other client acts in no role.
    pub fn client(c: &Client) -> Self {
        let role = match (c.admin, &c.tenant) {
            (false, _) => Role::User,
            (true, Some(_)) => Role::TenantAdmin,
            (true, None) => Role::PlatformAdmin,
        };
        Caller {
            principal: Principal::Client {
                id: c.id.to_string(),
                tenant: c.tenant.clone(),
            },
            role,
        }
    }

    /// The tenant the caller belongs to, if any.
    pub fn home(&self) -> Option<&TenantId> {
        match &self.principal {
            Principal::Cli => None,
            Principal::User { tenant, .. } => Some(tenant),
            Principal::Client { tenant, .. } => tenant.as_ref(),
        }
    }

    /// How the audit log names the caller.
    pub fn actor(&self) -> Actor {
        Actor(match &self.principal {
            Principal::Cli => "cli".into(),
            Principal::User {
                tenant, username, ..
            } => format!("admin:{tenant}/{username}"),
            Principal::Client { id, .. } => format!("client:{id}"),
        })
    }

    fn is(&self, u: &User) -> bool {
        matches!(&self.principal, Principal::User { tenant, id, .. } if *tenant == u.tenant && *id == u.id)
    }
}

/// Why an admin action did not happen.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// Not there, or not the caller's to see: the same answer for both.
    #[error("there is no {what}")]
    NotFound { what: String },
    /// The caller may see this but not do it.
    #[error("{reason}")]
    Forbidden { reason: Msg },
    /// An input value is wrong; `field` names it.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: Msg },
    /// A rule refuses the change; `field` names what caused it.
    #[error("{reason}")]
    Refused { field: String, reason: Msg },
    #[error("{what} already exists")]
    Conflict { what: String },
    #[error("{0}")]
    TooMany(Msg),
    #[error(transparent)]
    Accounts(AccountsError),
    /// Something failed that the caller cannot fix (logged; shown with a reference).
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(StoreError),
}

impl AdminError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<Msg>) -> Self {
        AdminError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
    fn refused(field: &str, reason: impl Into<Msg>) -> Self {
        AdminError::Refused {
            field: field.into(),
            reason: reason.into(),
        }
    }
    fn no_tenant(id: &TenantId) -> Self {
        AdminError::NotFound {
            what: format!("tenant `{id}`"),
        }
    }
}

/// A store's unique-key conflict is the caller's to fix (`409`); the rest is internal.
impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { what } => AdminError::Conflict { what },
            e => AdminError::Store(e),
        }
    }
}

impl From<DomainError> for AdminError {
    fn from(e: DomainError) -> Self {
        AdminError::invalid(e.field, e.msg)
    }
}

impl From<AccountsError> for AdminError {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::NoSuchUser { tenant, username } => AdminError::NotFound {
                what: format!("user `{username}` in tenant `{tenant}`"),
            },
            AccountsError::NoSuchTenant { tenant } => AdminError::NotFound {
                what: format!("tenant `{tenant}`"),
            },
            AccountsError::Refused(r) => AdminError::refused("user", r),
            AccountsError::Store(e) => AdminError::from(e),
            other => AdminError::Accounts(other),
        }
    }
}

pub type Result<T, E = AdminError> = std::result::Result<T, E>;

/// A page of a list, and where the next one starts.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `?limit=` and `?cursor=` as the caller gave them.
#[derive(Debug, Clone, Default)]
pub struct Paging {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 500;

impl Paging {
    fn limit(&self) -> Result<i64> {
        match self.limit {
            None => Ok(DEFAULT_PAGE),
            Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
            Some(_) => Err(AdminError::invalid(
                "limit",
                Msg::new("admin-err-limit").with("max", MAX_PAGE),
            )),
        }
    }

    /// The key the cursor carries: opaque to callers, base64url of the last key.
    fn after(&self) -> Result<Option<String>> {
        use base64::Engine;
        let Some(c) = &self.cursor else {
            return Ok(None);
        };
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(c)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(Some)
            .ok_or_else(|| AdminError::invalid("cursor", Msg::new("admin-err-cursor")))
    }

    /// Turns one row more than the limit into the next cursor.
    fn page<T>(limit: i64, mut items: Vec<T>, key: impl Fn(&T) -> String) -> Page<T> {
        use base64::Engine;
        let more = items.len() as i64 > limit;
        items.truncate(limit as usize);
        let next_cursor = more
            .then(|| items.last().map(&key))
            .flatten()
            .map(|k| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k));
        Page { items, next_cursor }
    }
}

/// The administration service: cheap to clone, one per process.
#[derive(Clone)]
pub struct Admin(Arc<Inner>);

pub struct Inner {
    pub accounts: Accounts,
    pub signin: idp_signin::SignIn,
    /// `admin.tenant_sso_self_service`: tenant administrators configure their own SSO.
    pub sso_self_service: bool,
}

impl std::ops::Deref for Admin {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Admin {
    pub fn new(accounts: Accounts, signin: idp_signin::SignIn, sso_self_service: bool) -> Self {
        Admin(Arc::new(Inner {
            accounts,
            signin,
            sso_self_service,
        }))
    }

    /// The permission check every action starts with. `tenant` is the tenant acted on, or
    /// `None` for actions outside any tenant.
    pub fn check(&self, caller: &Caller, action: Action, tenant: Option<&TenantId>) -> Result<()> {
        match permissions::decide(
            caller.role,
            caller.home(),
            action,
            tenant,
            self.sso_self_service,
        ) {
            Decision::Allowed => Ok(()),
            Decision::Invisible => Err(match tenant {
                Some(t) => AdminError::no_tenant(t),
                None => AdminError::Forbidden {
                    reason: Msg::new("admin-err-invisible"),
                },
            }),
            Decision::Forbidden if !caller.role.is_admin() => Err(AdminError::Forbidden {
                reason: Msg::new("admin-err-no-admin-role"),
            }),
            Decision::Forbidden => Err(AdminError::Forbidden {
                reason: Msg::new("admin-err-role-may-not").with("role", caller.role.to_string()),
            }),
        }
    }

    /// Whether the caller may enter the administration at all (any admin role, not disabled).
    pub fn may_administer(&self, caller: &Caller) -> bool {
        caller.role.is_admin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The admin API and the CLI say an error's words in English, exactly as they always did:
    /// each of the service's own messages against the text it had before it had a key.
    #[test]
    fn the_words_in_english_are_the_api_contract() {
        let m = Msg::new;
        let cases: Vec<(Msg, &str)> = vec![
            (m("admin-err-cursor"), "is not a cursor this server gave out"),
            (m("admin-err-limit").with("max", MAX_PAGE), "must be a number from 1 to 500"),
            (m("admin-err-invisible"), "this is not visible to the caller"),
            (m("admin-err-no-admin-role"), "this account has no administration role"),
            (m("admin-err-role-may-not").with("role", "user-admin"), "the role user-admin may not do this"),
            (
                m("admin-err-role-may-not-give").with("role", "user-admin").with("given", "tenant-admin"),
                "the role user-admin may not give the role tenant-admin",
            ),
            (m("admin-err-colour").with("value", "blue"), "`blue` is not a colour: give it as #rrggbb, for example #1f5fbf"),
            (
                m("admin-err-contrast").with("colour", "#ffcc00").with("ratio", "1.6"),
                "White text on #ffcc00 has a contrast of 1.6:1, and WCAG AA needs 4.5:1: choose a darker shade.",
            ),
            (
                m("admin-err-logo-png-size").with("width", 5000u32).with("height", 32u32).with("max", 2048u32),
                "the PNG is 5000×32 pixels; at most 2048×2048 are accepted",
            ),
            (
                m("admin-err-logo-svg-element").with("element", "script"),
                "the SVG contains <script>, which a logo may not (no scripts, images, links, animation, style sheets or foreign content)",
            ),
            (m("admin-err-logo-svg-handler").with("attribute", "onload"), "the SVG has an event handler (onload), which a logo may not"),
            (
                m("admin-err-logo-svg-active").with("attribute", "fill"),
                "the SVG's fill attribute refers to something outside it, which a logo may not",
            ),
            (m("admin-err-logo-svg-xml").with("detail", "x"), "the SVG is not well-formed XML (or has a DOCTYPE): x"),
            (m("admin-err-logo-not-svg"), "the file is not an SVG image (no <svg> root in the SVG namespace)"),
            (m("admin-err-logo-type").with("type", "image/gif"), "`image/gif` is not accepted: give image/png or image/svg+xml"),
            (
                m("admin-err-client-reserved").with("id", "idp-x"),
                "client IDs starting with `idp-` are reserved for the product's own pages: choose another than `idp-x`",
            ),
            (m("admin-err-no-such-tenant").with("tenant", "acme"), "tenant `acme` does not exist"),
            (m("admin-err-public-no-secret").with("client", "spa"), "spa is a public client: it has no secret"),
            (m("admin-err-no-redirect"), "the authorization_code grant needs at least one redirect URI"),
            (
                m("admin-err-url-private"),
                "names a host inside a private network: give the IdP's public metadata URL, or upload the file",
            ),
            (
                m("admin-err-sso-needs-connection"),
                "login mode sso needs the tenant's upstream identity provider: create the tenant with login mode password, then configure its SSO connection (`idp sso configure`, or the admin API's PUT .../sso), which switches it to sso",
            ),
            (
                m("admin-err-status"),
                "must be one of: invited, invitation_expired, unconfirmed, two_factor_on, two_factor_off, locked, disabled",
            ),
            (
                m("admin-err-confirmations-too-often"),
                "confirmation mails were sent to everyone three times in the last ten minutes: wait a few minutes before sending them again",
            ),
            (
                m("admin-err-sso-no-reset"),
                "an account of an SSO tenant has no password to reset: its identity provider manages it",
            ),
        ];
        for (msg, english) in cases {
            assert_eq!(msg.to_string(), english);
        }
        // As the API's problem document and the CLI take them: `field: reason`, or the reason.
        let e = AdminError::invalid("q", Msg::new("admin-err-query-long"));
        assert_eq!(e.to_string(), "q: must be at most 256 characters");
        let AdminError::Invalid { reason, .. } = e else {
            panic!()
        };
        assert_eq!(String::from(reason), "must be at most 256 characters");
        let e = AdminError::refused("role", Msg::new("admin-err-own-role"));
        assert_eq!(e.to_string(), "you cannot change your own role");
        // A value the domain refuses: its words, in English for the API.
        let e = AdminError::from(idp_domain::user::validate_email("nope").unwrap_err());
        assert_eq!(e.to_string(), "email: `nope` is not an e-mail address");
    }
}
