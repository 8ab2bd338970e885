//! Domain types shared by every crate: identifiers parsed at the edge, tenant settings,
//! users and relying applications, durations, the clock and secret values.
//!
//! This crate knows no HTTP, no SQL and no cryptography beyond hashing and randomness.

/// `FromStr` for an enum of fixed lowercase names, with an error naming the field.
macro_rules! from_str_lower {
    ($t:ty, $field:literal, $($s:literal => $v:expr),+) => {
        impl std::str::FromStr for $t {
            type Err = $crate::DomainError;
            fn from_str(s: &str) -> Result<Self, $crate::DomainError> {
                match s {
                    $($s => Ok($v),)+
                    _ => Err($crate::DomainError::new($field, $crate::not_one_of(s, &[$($s),+]))),
                }
            }
        }
    };
}

pub mod client;
pub mod clock;
pub mod duration;
pub mod error;
pub mod ids;
pub mod secret;
pub mod sso;
pub mod tenant;
pub mod user;

pub use client::{Client, GrantType, SigningAlg};
pub use clock::{Clock, SystemClock, UnixTime};
pub use duration::Ttl;
pub use error::DomainError;
pub use ids::{ClientId, TenantId, UserId};
pub use secret::Secret;
pub use sso::{AttributeMap, SsoConnection, SsoDomain, SsoSettings};
pub use tenant::{LoginMode, Method, Tenant, TenantSettings, TwoFactor};
pub use user::{Role, User};

/// "`value` is not one of: a, b, c".
pub(crate) fn not_one_of(value: &str, allowed: &[&str]) -> idp_i18n::Msg {
    idp_i18n::Msg::new("domain-not-one-of")
        .with("value", value)
        .with("allowed", allowed.join(", "))
}
