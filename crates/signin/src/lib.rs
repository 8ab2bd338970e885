//! The sign-in pipeline: one service with typed steps that every entry point calls: the
//! sign-in pages today, the SAML broker's ACS next.
//!
//! 0. [`SignIn::authorize`] answers `/authorize`: a reused session's code, or a new sign-in.
//! 1. [`SignIn::start`] seals a validated authorization request into the interaction ID the
//!    sign-in pages carry (nothing is written); [`SignIn::interaction`] opens it.
//! 2. [`SignIn::first_factor`]: a password (counted and locked by [`idp_accounts::guard`]), or a verified
//!    upstream identity ([`FirstFactor::Federated`], which no local lock or factor touches).
//! 3. The second-factor steps on the pending sign-in ([`second`]): choose, send, check,
//!    enroll, each on one [`second::Step`] loaded once per request.
//! 4. [`SignIn::complete`]: a new session, the counters settled, the authorization answered
//!    with a code.
//!
//! The policy engine (`idp-mfa-policy`) is asked once per step. The service knows no HTTP:
//! it takes what the browser sent ([`Browser`]) and answers with typed outcomes ([`Next`],
//! [`Completed`]) or a [`SignInError`]; the web layer renders and sets cookies.

mod authorize;
mod pipeline;
pub mod second;
pub mod sso;

pub use authorize::Authorized;

use idp_accounts::{Accounts, AccountsError};
use idp_domain::{Client, TenantId, UnixTime, UserId};
use idp_oidc::authorize::AuthRequest;
use idp_oidc::OAuthError;
use idp_store::{Store, StoreError};
use std::net::IpAddr;
use std::sync::Arc;

pub type Provider = idp_oidc::Provider<Store>;

/// Why a step could not run. Wrong passwords and codes are not errors: they are outcomes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignInError {
    /// The authorization or the second step expired, or was finished in another window.
    #[error("this sign-in has expired or was finished elsewhere")]
    Expired,
    /// The second step of another browser, or none.
    #[error("this sign-in step is not (or no longer) there")]
    StepGone,
    /// The application that started the authorization is no longer registered.
    #[error("the client of this authorization is no longer registered")]
    ClientGone,
    /// Too many wrong codes in this sign-in: it must start again from the password.
    #[error("too many wrong codes in this sign-in")]
    TooManyCodes,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    #[error("{what} failed: {cause}")]
    Internal { what: &'static str, cause: String },
}

impl SignInError {
    pub(crate) fn internal(what: &'static str, cause: impl std::fmt::Display) -> Self {
        SignInError::Internal {
            what,
            cause: cause.to_string(),
        }
    }
}

pub type Result<T, E = SignInError> = std::result::Result<T, E>;

/// The sign-in service: cheap to clone, one per process.
#[derive(Clone)]
pub struct SignIn(Arc<Inner>);

pub struct Inner {
    pub provider: Provider,
    pub accounts: Accounts,
    /// How long a browser session lasts.
    pub session_ttl: i64,
    pub(crate) sso_ready: sso::ReadyCache,
    pub(crate) sso_audits: sso::Limiter,
    pub(crate) sso_starts: sso::Limiter,
}

impl std::ops::Deref for SignIn {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl SignIn {
    pub fn new(provider: Provider, accounts: Accounts, session_ttl: i64) -> Self {
        SignIn(Arc::new(Inner {
            provider,
            accounts,
            session_ttl,
            sso_ready: sso::ReadyCache::default(),
            sso_audits: sso::Limiter::new(sso::AUDITS_PER_MINUTE.0, sso::AUDITS_PER_MINUTE.1),
            sso_starts: sso::Limiter::new(sso::STARTS_PER_MINUTE.0, sso::STARTS_PER_MINUTE.1),
        }))
    }

    pub fn now(&self) -> UnixTime {
        self.provider.now()
    }
}

/// What the browser brings to a step.
#[derive(Debug, Clone, Copy)]
pub struct Browser<'a> {
    /// The per-browser value CSRF tokens are bound to; a pending second step belongs to it.
    pub id: &'a str,
    pub ip: IpAddr,
    /// The device cookie's value, if any.
    pub device: Option<&'a str>,
    /// The current session cookie's value, if any: it ends when a new session starts.
    pub session: Option<&'a str>,
    /// The language this browser chose with the switch (`de`, `en`), if it did: once signed
    /// in, the choice is the user's too.
    pub language: Option<&'a str>,
}

/// How the user proved who they are first.
#[derive(Debug)]
pub enum FirstFactor<'a> {
    /// Company ID and user name as typed, and the password.
    Password {
        tenant: &'a str,
        username: &'a str,
        password: String,
    },
    /// An identity the tenant's upstream identity provider vouched for (the SAML broker has
    /// verified the assertion and mapped it to this user).
    Federated(Upstream),
}

/// A verified upstream identity, mapped to a local user.
#[derive(Debug, Clone)]
pub struct Upstream {
    pub tenant: TenantId,
    pub user: UserId,
    /// What the upstream said (RFC 8176 values or the project's `fed` marker).
    pub amr: Vec<String>,
    /// When the user authenticated at the IdP (its AuthnInstant), if it said so: the
    /// session's `auth_time`, never later than now.
    pub auth_time: Option<UnixTime>,
}

/// The authorization request waiting for a sign-in, and its client.
#[derive(Debug, Clone)]
pub struct Interaction {
    /// The sealed request, as the sign-in pages carry it in their URLs (`/login/{id}`).
    pub id: String,
    /// The interaction's own random key: the ID of the grant that completes it (so it
    /// completes once) and of its second step. Safe to log; useless without `id`.
    pub key: String,
    pub request: AuthRequest,
    pub client: Arc<Client>,
    /// When the sign-in began (a language chosen after it beats the request's `ui_locales`).
    pub started_at: UnixTime,
}

/// What follows a first factor.
#[derive(Debug)]
pub enum Next {
    /// Signed in: the browser goes back to the application.
    Completed(Completed),
    /// The second step (`/login/{id}/factor`) is next.
    SecondFactor,
    /// Not signed in: the form again, with these words and this HTTP status.
    Again { message: idp_i18n::Msg, status: u16 },
}

/// A completed sign-in.
#[derive(Debug)]
pub struct Completed {
    /// The new session's secret, for its cookie.
    pub session: String,
    /// The device cookie's new value.
    pub device: String,
    /// The redirect to the application, with the code.
    pub location: String,
    /// The language the user chose earlier (on another browser, perhaps).
    pub locale: Option<String>,
}

#[cfg(test)]
mod tests;
