//! Relying applications ("clients") as registered by an operator.

use crate::{ClientId, DomainError, TenantId, UnixTime};
use idp_i18n::Msg;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum GrantType {
    #[serde(rename = "authorization_code")]
    AuthorizationCode,
    #[serde(rename = "refresh_token")]
    RefreshToken,
    #[serde(rename = "client_credentials")]
    ClientCredentials,
}

impl GrantType {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
            GrantType::ClientCredentials => "client_credentials",
        }
    }
}

impl FromStr for GrantType {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, DomainError> {
        match s {
            "authorization_code" => Ok(GrantType::AuthorizationCode),
            "refresh_token" => Ok(GrantType::RefreshToken),
            "client_credentials" => Ok(GrantType::ClientCredentials),
            _ => Err(DomainError::new(
                "grant",
                crate::not_one_of(
                    s,
                    &["authorization_code", "refresh_token", "client_credentials"],
                ),
            )),
        }
    }
}

/// JWS algorithms the provider signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum SigningAlg {
    RS256,
    ES256,
    EdDSA,
}

impl SigningAlg {
    pub const ALL: [SigningAlg; 3] = [SigningAlg::RS256, SigningAlg::ES256, SigningAlg::EdDSA];
    pub fn as_str(self) -> &'static str {
        match self {
            SigningAlg::RS256 => "RS256",
            SigningAlg::ES256 => "ES256",
            SigningAlg::EdDSA => "EdDSA",
        }
    }
}

impl FromStr for SigningAlg {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, DomainError> {
        match s {
            "RS256" => Ok(SigningAlg::RS256),
            "ES256" => Ok(SigningAlg::ES256),
            "EdDSA" => Ok(SigningAlg::EdDSA),
            _ => Err(DomainError::new(
                "alg",
                crate::not_one_of(s, &["ES256", "RS256", "EdDSA"]),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    pub name: String,
    /// Keyed digest of the secret; `None` for public clients.
    #[serde(skip)]
    pub secret_digest: Option<String>,
    pub public: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub scopes: Vec<String>,
    pub tenant: Option<TenantId>,
    pub admin: bool,
    pub id_token_alg: SigningAlg,
    pub access_token_alg: SigningAlg,
    pub created_at: UnixTime,
    /// RFC 8707 resource indicators this client may ask tokens for (`--resource URI`); each
    /// becomes an access token's `aud`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    /// A resource server of its tenant (`--resource-server`, needs `--tenant`): it may
    /// introspect access tokens other clients of that tenant were issued.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resource_server: bool,
    /// Disabled by an administrator: known to no protocol endpoint (no sign-in, no token, its
    /// access tokens refused) until it is enabled again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

impl Client {
    pub fn allows_grant(&self, g: GrantType) -> bool {
        self.grant_types.contains(&g)
    }
    /// OIDC Core §3.1.2.1: the redirect URI must match a registered one exactly.
    pub fn has_redirect_uri(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }
    pub fn has_post_logout_redirect_uri(&self, uri: &str) -> bool {
        self.post_logout_redirect_uris.iter().any(|r| r == uri)
    }
    /// RFC 8707 §2: a requested resource must be registered for the client, compared exactly.
    pub fn allows_resource(&self, uri: &str) -> bool {
        self.resources.iter().any(|r| r == uri)
    }
    pub fn accepts_tenant(&self, t: &TenantId) -> bool {
        self.tenant.as_ref().is_none_or(|own| own == t)
    }
}

/// `s` does not parse as an absolute URI (the parser's own words follow, in English).
fn not_absolute(field: &'static str, s: &str, e: url::ParseError) -> DomainError {
    let m = Msg::new("domain-uri-not-absolute")
        .with("value", s)
        .with("detail", e.to_string());
    DomainError::new(field, m)
}

/// A redirect URI as OAuth 2.0 §3.1.2 and the security BCP allow it: absolute, no fragment,
/// `https`, or `http` on a loopback host, or a private-use scheme for native apps.
pub fn validate_redirect_uri(s: &str) -> Result<String, DomainError> {
    let err = |key| DomainError::new("redirect-uri", Msg::new(key).with("value", s));
    let url = Url::parse(s).map_err(|e| not_absolute("redirect-uri", s, e))?;
    if url.fragment().is_some() {
        return Err(err("domain-uri-fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
            if !loopback {
                return Err(err("domain-uri-http"));
            }
        }
        scheme if scheme.contains('.') => {} // private-use scheme, RFC 8252 §7.1
        _ => return Err(err("domain-uri-scheme")),
    }
    Ok(s.to_owned())
}

/// A resource indicator (RFC 8707 §2): an absolute URI without a fragment.
pub fn validate_resource(s: &str) -> Result<String, DomainError> {
    let err = |key| DomainError::new("resource", Msg::new(key).with("value", s));
    if s.len() > 512 {
        return Err(err("domain-uri-too-long"));
    }
    let url = Url::parse(s).map_err(|e| not_absolute("resource", s, e))?;
    if url.fragment().is_some() {
        return Err(err("domain-uri-fragment"));
    }
    Ok(s.to_owned())
}

/// A scope token (RFC 6749 §3.3): visible ASCII without space, `"` or `\`.
pub fn validate_scope_token(s: &str) -> Result<(), DomainError> {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
    {
        Ok(())
    } else {
        Err(DomainError::new(
            "scope",
            Msg::new("domain-scope").with("value", s),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris() {
        assert!(validate_redirect_uri("https://app.example/cb").is_ok());
        assert!(validate_redirect_uri("http://127.0.0.1:3901/cb").is_ok());
        assert!(validate_redirect_uri("http://localhost/cb").is_ok());
        assert!(validate_redirect_uri("com.example.app:/cb").is_ok());
        assert!(validate_redirect_uri("http://app.example/cb").is_err());
        assert!(validate_redirect_uri("https://app.example/cb#x").is_err());
        assert!(validate_redirect_uri("/cb").is_err());
        assert!(validate_redirect_uri("javascript:alert(1)").is_err());
    }

    #[test]
    fn resources() {
        assert!(validate_resource("https://api.example.com/").is_ok());
        assert!(validate_resource("urn:example:api").is_ok());
        assert!(validate_resource("https://api.example.com/#x").is_err());
        assert!(validate_resource("api").is_err());
        assert!(validate_resource(&format!("https://a.example/{}", "x".repeat(600))).is_err());
    }
}
