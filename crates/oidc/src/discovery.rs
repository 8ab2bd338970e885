//! OpenID Provider metadata (OIDC Discovery §3, RFC 8414). Only names the conformance
//! schema knows, so certification sees no unexpected members.

use crate::authorize::SCOPES;
use crate::provider::ProviderConfig;
use crate::{ACR_MFA, ACR_PASSWORD};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: String,
    pub jwks_uri: String,
    pub revocation_endpoint: String,
    pub introspection_endpoint: String,
    pub end_session_endpoint: String,
    pub scopes_supported: Vec<&'static str>,
    pub response_types_supported: Vec<&'static str>,
    pub response_modes_supported: Vec<&'static str>,
    pub grant_types_supported: Vec<&'static str>,
    pub subject_types_supported: Vec<&'static str>,
    pub id_token_signing_alg_values_supported: Vec<&'static str>,
    pub token_endpoint_auth_methods_supported: Vec<&'static str>,
    pub revocation_endpoint_auth_methods_supported: Vec<&'static str>,
    pub introspection_endpoint_auth_methods_supported: Vec<&'static str>,
    pub code_challenge_methods_supported: Vec<&'static str>,
    pub claims_supported: Vec<&'static str>,
    pub acr_values_supported: Vec<&'static str>,
    pub prompt_values_supported: Vec<&'static str>,
    /// The languages of the pages (OIDC Discovery §3): one per catalogue.
    pub ui_locales_supported: Vec<&'static str>,
    pub claims_parameter_supported: bool,
    pub request_parameter_supported: bool,
    pub request_uri_parameter_supported: bool,
    pub authorization_response_iss_parameter_supported: bool,
}

pub fn metadata(c: &ProviderConfig) -> Metadata {
    Metadata {
        issuer: c.issuer.clone(),
        authorization_endpoint: c.endpoint("/authorize"),
        token_endpoint: c.endpoint("/token"),
        userinfo_endpoint: c.endpoint("/userinfo"),
        jwks_uri: c.endpoint("/jwks"),
        revocation_endpoint: c.endpoint("/revoke"),
        introspection_endpoint: c.endpoint("/introspect"),
        end_session_endpoint: c.endpoint("/logout"),
        scopes_supported: SCOPES.to_vec(),
        ui_locales_supported: idp_i18n::Lang::all().map(idp_i18n::Lang::tag).collect(),
        response_types_supported: vec!["code"],
        response_modes_supported: vec!["query"],
        grant_types_supported: vec!["authorization_code", "refresh_token", "client_credentials"],
        subject_types_supported: vec!["public"],
        id_token_signing_alg_values_supported: vec!["RS256", "ES256", "EdDSA"],
        token_endpoint_auth_methods_supported: vec![
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        revocation_endpoint_auth_methods_supported: vec![
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        introspection_endpoint_auth_methods_supported: vec![
            "client_secret_basic",
            "client_secret_post",
        ],
        code_challenge_methods_supported: vec!["S256"],
        claims_supported: vec![
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "acr",
            "amr",
            "sid",
            "name",
            "preferred_username",
            "updated_at",
            "email",
            "email_verified",
        ],
        acr_values_supported: vec![ACR_PASSWORD, ACR_MFA],
        prompt_values_supported: vec!["none", "login", "consent", "select_account"],
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
        authorization_response_iss_parameter_supported: true,
    }
}
