//! Sign-in through a tenant's SAML identity provider (the broker's application layer).
//!
//! - [`SignIn::sso_discover`]: home-realm discovery, from the domain of a typed e-mail;
//! - [`SignIn::sso_start`]: the AuthnRequest, recorded for its InResponseTo and bound to the
//!   browser (a digest of its SSO cookie) and to the sealed sign-in;
//! - [`SignIn::sso_acs`]: the posted Response validated (`idp_federation::validate`), the
//!   pending request taken once, the assertion ID recorded against replay on every node,
//!   the upstream identity mapped to a local user, and the sign-in completed with
//!   [`crate::FirstFactor::Federated`] (no local lock, no local second factor);
//! - [`test`]: "Test connection", a round trip through the IdP that signs no one in;
//! - [`connection`]: configuring a tenant's connection (`idp sso configure`), showing it, and
//!   rotating the SP key.
//!
//! `amr` of a federated sign-in: `fed`, and `mfa` as well when the upstream IdP says it did a
//! second factor (Entra's `authnmethodsreferences` or ADFS's `authenticationmethod` holding
//! `multipleauthn`, or an AuthnContextClassRef the connection requests for MFA).

mod acs;
pub mod connection;
mod start;
pub mod test;

pub use acs::{AcsForm, AcsOutcome, Refusal};
pub use idp_federation::{Check, IdpStatus};
pub use start::{Discovered, SsoStart, REQUEST_TTL};

use crate::SignIn;
use idp_domain::{SsoConnection, TenantId, UnixTime};
use idp_federation::metadata::{parse_idp_metadata, IdpMetadata};
use idp_federation::sp::SpKey;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// Why an SSO step could not run (refusals of a response are [`AcsOutcome`]s, not errors).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SsoError {
    /// The tenant has no SSO connection.
    #[error("company `{0}` has no SSO connection")]
    NoConnection(String),
    /// The stored connection cannot be used (its metadata or keys).
    #[error("the SSO connection of `{tenant}` cannot be used: {cause}")]
    Broken { tenant: String, cause: String },
    /// Bad input to a configuration command, with the field.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: idp_i18n::Msg,
    },
    /// Too many SSO sign-ins started from this network (or on this node) this minute.
    #[error("too many SSO sign-ins started just now")]
    TooMany,
    #[error(transparent)]
    SignIn(#[from] crate::SignInError),
}

impl From<idp_store::StoreError> for SsoError {
    fn from(e: idp_store::StoreError) -> Self {
        SsoError::SignIn(e.into())
    }
}

pub type SsoResult<T> = std::result::Result<T, SsoError>;

/// A connection ready to use: its metadata read, its keys opened. Cached per tenant until the
/// stored connection changes.
pub(crate) struct Ready {
    pub conn: Arc<SsoConnection>,
    pub idp: IdpMetadata,
    /// The current SP key, then the next one during a rotation.
    pub keys: Vec<SpKey>,
}

#[derive(Default)]
pub(crate) struct ReadyCache(RwLock<HashMap<TenantId, Arc<Ready>>>);

/// A per-node limit on what unauthenticated browsers make this server write: per client
/// address (IPv6 by its /64) and minute, and in all per minute. Anyone can post to an ACS or
/// open a sign-in link; no one may fill the database by doing so.
pub(crate) struct Limiter {
    per_address: u32,
    in_all: u32,
    state: std::sync::Mutex<LimiterState>,
}

#[derive(Default)]
struct LimiterState {
    minute: i64,
    total: u32,
    counts: HashMap<String, u32>,
}

impl Limiter {
    pub(crate) fn new(per_address: u32, in_all: u32) -> Self {
        Limiter {
            per_address,
            in_all,
            state: Default::default(),
        }
    }

    /// Counts one more for `ip` now: `false` once its or the node's budget for this minute
    /// is spent.
    pub(crate) fn allow(&self, ip: std::net::IpAddr, now: UnixTime) -> bool {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if s.minute != now / 60 {
            *s = LimiterState {
                minute: now / 60,
                ..Default::default()
            };
        }
        if s.total >= self.in_all {
            return false;
        }
        let n = s
            .counts
            .entry(idp_accounts::guard::address_key(ip))
            .or_insert(0);
        if *n >= self.per_address {
            return false;
        }
        *n += 1;
        s.total += 1;
        true
    }
}

/// Refusals audited per address and minute, and per node in all.
pub(crate) const AUDITS_PER_MINUTE: (u32, u32) = (10, 600);
/// SSO starts (each records a pending request) per address and minute, and per node in all.
pub(crate) const STARTS_PER_MINUTE: (u32, u32) = (30, 6_000);

pub(crate) fn sp_key_context(tenant: &TenantId) -> String {
    format!("idp/v1/saml-sp-key {tenant}")
}

impl SignIn {
    /// `{issuer}/saml/{tenant}`.
    pub fn sp_entity_id(&self, tenant: &TenantId) -> String {
        format!("{}/saml/{tenant}", self.provider.config.issuer)
    }

    /// `{issuer}/saml/{tenant}/acs`.
    pub fn acs_url(&self, tenant: &TenantId) -> String {
        format!("{}/saml/{tenant}/acs", self.provider.config.issuer)
    }

    /// The connection of a tenant that signs in with SSO now: a tenant switched back to
    /// passwords keeps its connection (for switching again) but signs no one in with it.
    pub(crate) async fn ready_for_sign_in(&self, tenant: &TenantId) -> SsoResult<Arc<Ready>> {
        let on_sso = self
            .provider
            .store
            .tenant(tenant)
            .await?
            .is_some_and(|t| t.settings.login_mode == idp_domain::LoginMode::Sso);
        if !on_sso {
            return Err(SsoError::NoConnection(tenant.to_string()));
        }
        self.ready(tenant).await
    }

    pub(crate) async fn ready(&self, tenant: &TenantId) -> SsoResult<Arc<Ready>> {
        let conn = self
            .provider
            .store
            .sso_connection(tenant)
            .await?
            .ok_or_else(|| SsoError::NoConnection(tenant.to_string()))?;
        if let Some(hit) = self
            .sso_ready
            .0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(tenant)
            .filter(|r| Arc::ptr_eq(&r.conn, &conn) || r.conn == conn)
        {
            return Ok(hit.clone());
        }
        let broken = |cause: String| SsoError::Broken {
            tenant: tenant.to_string(),
            cause,
        };
        let idp =
            parse_idp_metadata(&conn.metadata_xml, None).map_err(|e| broken(e.to_string()))?;
        let mut keys = vec![self.open_sp_key(tenant, &conn.sp_key, &conn.sp_cert)?];
        if let Some((k, c)) = &conn.sp_next {
            keys.push(self.open_sp_key(tenant, k, c)?);
        }
        let ready = Arc::new(Ready { conn, idp, keys });
        let mut map = self
            .sso_ready
            .0
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if map.len() > 10_000 {
            map.clear();
        }
        map.insert(tenant.clone(), ready.clone());
        Ok(ready)
    }

    fn open_sp_key(&self, tenant: &TenantId, sealed_b64: &str, cert: &[u8]) -> SsoResult<SpKey> {
        use base64::Engine;
        let broken = |cause: String| SsoError::Broken {
            tenant: tenant.to_string(),
            cause,
        };
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(sealed_b64)
            .map_err(|_| broken("the stored SP key is not base64".into()))?;
        let der = self
            .provider
            .secrets
            .open(&sp_key_context(tenant), &sealed)
            .map_err(|_| broken("the SP key does not open with this master key".into()))?;
        SpKey::from_der(&der, cert).map_err(|e| broken(e.to_string()))
    }
}
