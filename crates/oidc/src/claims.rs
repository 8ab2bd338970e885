//! The claims this provider puts in ID tokens (OIDC Core §2) and JWT access tokens
//! (RFC 9068 §2.2), and what it keeps with a code or refresh token.

use aws_lc_rs::digest::{digest, SHA256, SHA512};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use idp_domain::{SigningAlg, UnixTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdTokenClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: UnixTime,
    pub iat: UnixTime,
    pub auth_time: UnixTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub amr: Vec<String>,
    pub acr: String,
    pub sid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
}

/// Signed as written by [`Self::to_json`], which must stay in step with the serde attributes
/// here (its test compares the two); serde reads them back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessTokenClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub client_id: String,
    pub exp: UnixTime,
    pub iat: UnixTime,
    pub jti: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// The tenant whose user (or tenant-bound client) this token speaks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<UnixTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amr: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The grant this token came from, so revoking the grant ends the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<String>,
}

impl AccessTokenClaims {
    /// The claims as JSON: what serde writes (the field order and omissions above), without
    /// its per-byte walk over strings that need no escape.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(320);
        let mut o = crate::json::Object::new(&mut out);
        o.str("iss", &self.iss)
            .str("sub", &self.sub)
            .str("aud", &self.aud)
            .str("client_id", &self.client_id)
            .int("exp", self.exp)
            .int("iat", self.iat)
            .str("jti", &self.jti);
        if !self.scope.is_empty() {
            o.str("scope", &self.scope);
        }
        o.opt_str("tenant", self.tenant.as_deref())
            .opt_int("auth_time", self.auth_time)
            .opt_str("acr", self.acr.as_deref());
        if !self.amr.is_empty() {
            o.strs("amr", &self.amr);
        }
        o.opt_str("sid", self.sid.as_deref())
            .opt_str("gid", self.gid.as_deref())
            .end();
        out
    }
}

/// What an authorization code or a refresh token stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GrantData {
    pub client_id: String,
    pub tenant: String,
    pub user_id: String,
    pub scope: String,
    pub auth_time: UnixTime,
    pub amr: Vec<String>,
    pub acr: String,
    pub sid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Only on codes: where the code was sent, and the PKCE challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_challenge: Option<String>,
    /// RFC 8707: the resource granted at the authorization endpoint, the access tokens' `aud`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

/// OIDC Core §3.1.3.6: the left half of the hash of the access token, with the hash of the
/// ID token's algorithm (SHA-512 for EdDSA/Ed25519, as the conformance suite computes it).
pub fn at_hash(alg: SigningAlg, access_token: &str) -> String {
    let d = match alg {
        SigningAlg::EdDSA => digest(&SHA512, access_token.as_bytes()),
        SigningAlg::RS256 | SigningAlg::ES256 => digest(&SHA256, access_token.as_bytes()),
    };
    let bytes = d.as_ref();
    URL_SAFE_NO_PAD.encode(&bytes[..bytes.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_claims_are_written_as_serde_writes_them() {
        let full = AccessTokenClaims {
            iss: "https://idp.example".into(),
            sub: "u-1\"quoted\"".into(),
            aud: "https://api.example/v1".into(),
            client_id: "shop".into(),
            exp: 1_800_000_000,
            iat: -1,
            jti: "tYwgEvUN-_T19LcnuD3ffg".into(),
            scope: "openid api:read".into(),
            tenant: Some("acme\n".into()),
            auth_time: Some(1_799_999_000),
            acr: Some(crate::ACR_MFA.into()),
            amr: vec!["pwd".into(), "otp".into()],
            sid: Some("s\u{1}".into()),
            gid: Some("Grüße".into()),
        };
        let bare = AccessTokenClaims {
            scope: String::new(),
            tenant: None,
            auth_time: None,
            acr: None,
            amr: Vec::new(),
            sid: None,
            gid: None,
            ..full.clone()
        };
        for c in [full, bare] {
            assert_eq!(
                String::from_utf8(c.to_json()).unwrap(),
                serde_json::to_string(&c).unwrap()
            );
        }
    }

    #[test]
    fn at_hash_matches_oidc_example() {
        // OIDC Core Appendix A.3 example: access token and its at_hash for RS256.
        assert_eq!(
            at_hash(
                SigningAlg::RS256,
                "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
            ),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }
}
