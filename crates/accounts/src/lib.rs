//! Accounts: everything about a user's credentials and lifecycle that is not HTTP. Password
//! hashing and strength, second factors (TOTP enrollment and checks, codes by SMS and e-mail),
//! the lifecycle mails and their single-use links, and the administration use cases
//! (invite, resend, admin reset, confirm e-mail, unlock, disable, enable) that the pages, the
//! CLI and the admin API all call, with the same audit events.
//!
//! It knows no axum: callers pass typed inputs and get typed outcomes or an
//! [`AccountsError`]; the web crate turns those into pages, the CLI into messages.

pub mod admin;
pub mod device;
pub mod factor_setup;
pub mod factors;
pub mod guard;
pub mod links;
pub mod mail;
pub mod password;
pub mod self_service;
pub mod strength;

pub use factors::{method_label, Check};
pub use password::{HashParams, PasswordHasher};

use idp_delivery::Delivery;
use idp_domain::{Clock, UnixTime};
use idp_oidc::crypto::Secrets;
use idp_store::{Store, StoreError};
use std::sync::Arc;

/// Why an accounts operation did not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccountsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A mail or text message could not be handed to its transport.
    #[error("{what} could not be sent: {cause}")]
    NotDelivered { what: &'static str, cause: String },
    /// A stored secret (a sealed TOTP key) cannot be read with this master key.
    #[error("the stored {what} cannot be read")]
    Corrupt { what: &'static str },
    #[error("{what} failed: {cause}")]
    Internal { what: &'static str, cause: String },
    /// The user named does not exist in the tenant (admin use cases).
    #[error("there is no user `{username}` in tenant `{tenant}`")]
    NoSuchUser { tenant: String, username: String },
    #[error("there is no tenant `{tenant}`")]
    NoSuchTenant { tenant: String },
    /// A rule of mfa-policy.md refuses the operation; the words are for the user.
    #[error("{0}")]
    Refused(idp_i18n::Msg),
}

impl From<mail::MailError> for AccountsError {
    fn from(e: mail::MailError) -> Self {
        match e {
            mail::MailError::Store(e) => AccountsError::Store(e),
            mail::MailError::Delivery(e) => AccountsError::NotDelivered {
                what: "the mail",
                cause: e.to_string(),
            },
            other => AccountsError::internal("composing a mail", other),
        }
    }
}

impl AccountsError {
    pub(crate) fn internal(what: &'static str, cause: impl std::fmt::Display) -> Self {
        AccountsError::Internal {
            what,
            cause: cause.to_string(),
        }
    }
}

pub type Result<T, E = AccountsError> = std::result::Result<T, E>;

/// The accounts service: cheap to clone, one per process.
#[derive(Clone)]
pub struct Accounts(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub secrets: Secrets,
    pub delivery: Delivery,
    pub passwords: PasswordHasher,
    clock: Arc<dyn Clock>,
    /// The issuer URL: links in mails are built on it.
    pub issuer: String,
    /// Password and code checks of each account running on this node.
    pub(crate) in_flight: guard::InFlight,
}

impl std::ops::Deref for Accounts {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Accounts {
    pub fn new(
        store: Store,
        secrets: Secrets,
        delivery: Delivery,
        passwords: PasswordHasher,
        clock: Arc<dyn Clock>,
        issuer: impl Into<String>,
    ) -> Self {
        Accounts(Arc::new(Inner {
            store,
            secrets,
            delivery,
            passwords,
            clock,
            issuer: issuer.into(),
            in_flight: Default::default(),
        }))
    }

    pub fn now(&self) -> UnixTime {
        self.clock.now()
    }

    /// What sending a mail needs, now.
    pub(crate) fn outgoing(&self) -> mail::Outgoing<'_> {
        mail::Outgoing {
            store: &self.store,
            delivery: &self.delivery,
            issuer: &self.issuer,
            now: self.now(),
        }
    }
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| AccountsError::internal("the random generator", e))?;
    Ok(b)
}
