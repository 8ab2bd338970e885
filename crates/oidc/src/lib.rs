//! The OpenID Provider's protocol logic: authorization-request validation, PKCE, codes,
//! grants, token minting and signing, key sets, discovery metadata, client authentication,
//! introspection, revocation and logout-request validation.
//!
//! It speaks in protocol values (parameters, claims, error codes), never in HTTP handlers:
//! the web crate extracts a request, calls one function here and maps the result.

pub mod authorize;
pub mod claims;
pub mod client_auth;
pub mod crypto;
pub mod discovery;
pub mod error;
mod json;
pub mod jws;
pub mod keys;
pub mod logout;
pub mod params;
pub mod pkce;
pub mod provider;
mod refresh;
pub mod storage;
pub mod token;

pub use error::{ErrorCode, OAuthError};
pub use provider::{Provider, ProviderConfig};
pub use storage::{OidcStorage, StorageError};

/// The `acr` value of a sign-in that used a password only.
pub const ACR_PASSWORD: &str = "urn:idp:acr:pwd";
/// The `acr` value of a sign-in with a second factor (or upstream MFA).
pub const ACR_MFA: &str = "urn:idp:acr:mfa";
/// The `acr` value of a federated sign-in whose upstream said nothing more specific.
pub const ACR_FEDERATED: &str = "urn:idp:acr:fed";
