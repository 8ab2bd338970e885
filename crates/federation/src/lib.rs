//! The SAML 2.0 broker: tenants whose users sign in at their company's identity provider
//! (ADFS, Entra ID, Okta). It knows no HTTP and no SQL: the web layer hands it what the
//! browser posted, and it answers with a verified upstream identity for the sign-in service
//! (`idp_signin::FirstFactor::Federated`) or a refusal that names the check that failed.
//!
//! Built so far: [`precheck`], the checks a Response passes before any signature processing,
//! and [`metadata`], reading an IdP's metadata.

pub mod metadata;
pub mod precheck;
