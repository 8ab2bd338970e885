//! The SAML 2.0 broker: tenants whose users sign in at their company's identity provider
//! (ADFS, Entra ID, Okta). It knows no HTTP and no SQL: the application layer
//! (`idp_signin::sso`) hands it what the browser posted, and it answers with a verified
//! assertion, the IdP's error status, or a refusal that names the check that failed.
//!
//! - [`precheck`]: what a Response passes before any signature processing;
//! - [`verify`]: XML signatures, by libxmlsec1 through samael, against the metadata's
//!   certificates only;
//! - [`decrypt`]: encrypted assertions, with the tenant's SP keys;
//! - [`response`]: the whole validation of a posted Response;
//! - [`request`]: the AuthnRequest over the Redirect binding;
//! - [`metadata`]: reading an IdP's metadata; [`sp`]: our SP key, certificate and metadata.

pub mod decrypt;
pub mod diagnose;
pub mod metadata;
pub mod precheck;
pub mod request;
pub mod response;
pub mod sp;
pub mod verify;
pub mod xml;

pub use precheck::{Check, Refused};
pub use response::{validate, Answer, Assertion, Attribute, Expected, IdpStatus};
