//! Domain types shared by every crate: identifiers parsed at the edge, tenant settings,
//! users and relying applications, durations, the clock and secret values.
//!
//! This crate knows no HTTP, no SQL and no cryptography beyond hashing and randomness.

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
pub use user::User;
