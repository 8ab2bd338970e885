//! Client authentication at the token, introspection and revocation endpoints
//! (RFC 6749 §2.3.1, OIDC Core §9): `client_secret_basic`, `client_secret_post`, and `none`
//! for public clients. Exactly one method per request.

use crate::params::Params;
use crate::provider::Provider;
use crate::storage::OidcStorage;
use crate::OAuthError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use idp_domain::{Client, ClientId};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Basic,
    Post,
    None,
}

/// The credentials a request presented, before they are checked.
#[derive(Debug)]
pub struct Presented {
    pub client_id: String,
    secret: Option<String>,
    pub method: Method,
}

/// RFC 6749 §2.3.1: both halves of Basic credentials are form-urlencoded before base64.
/// A raw `&` or `=` (a client that did not encode) stands for itself: the value is one field,
/// never cut short.
fn form_decode(s: String) -> Option<String> {
    if !s.bytes().any(|b| matches!(b, b'%' | b'+' | b'&' | b'=')) {
        return Some(s); // nothing to decode (our IDs and secrets)
    }
    let v = format!("v={}", s.replace('&', "%26"));
    form_urlencoded::parse(v.as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

pub fn presented(authorization: Option<&str>, params: &Params) -> Result<Presented, OAuthError> {
    let body_id = params.get("client_id");
    let body_secret = params.get("client_secret");
    if let Some(h) = authorization {
        let Some(b64) = h
            .strip_prefix("Basic ")
            .or_else(|| h.strip_prefix("basic "))
        else {
            return Err(OAuthError::invalid_client(
                "only Basic authentication is accepted in the Authorization header",
            ));
        };
        if body_secret.is_some() {
            return Err(OAuthError::invalid_request(
                "use one client authentication method, not two",
            ));
        }
        let malformed = || OAuthError::invalid_client("malformed Basic credentials");
        let mut id = STANDARD
            .decode(b64.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(malformed)?;
        let colon = id.find(':').ok_or_else(malformed)?;
        let secret = id.split_off(colon + 1);
        id.truncate(colon);
        let id = form_decode(id).ok_or_else(malformed)?;
        let secret = form_decode(secret).ok_or_else(malformed)?;
        if body_id.is_some_and(|b| b != id) {
            return Err(OAuthError::invalid_request(
                "client_id differs from the authenticated client",
            ));
        }
        return Ok(Presented {
            client_id: id,
            secret: Some(secret),
            method: Method::Basic,
        });
    }
    match (body_id, body_secret) {
        (Some(id), Some(secret)) => Ok(Presented {
            client_id: id.to_owned(),
            secret: Some(secret.to_owned()),
            method: Method::Post,
        }),
        (Some(id), None) => Ok(Presented {
            client_id: id.to_owned(),
            secret: None,
            method: Method::None,
        }),
        (None, _) => Err(OAuthError::invalid_client(
            "client authentication is missing",
        )),
    }
}

impl<S: OidcStorage> Provider<S> {
    /// Checks presented credentials; the same answer for an unknown client and a wrong secret.
    pub async fn authenticate_client(&self, p: Presented) -> Result<Arc<Client>, OAuthError> {
        let fail = || OAuthError::invalid_client("client authentication failed");
        let id = ClientId::parse_owned(p.client_id).map_err(|_| fail())?;
        let client = self.store.client(&id).await?.ok_or_else(fail)?;
        match (&p.secret, client.public, client.secret_digest.as_deref()) {
            (None, true, _) => Ok(client),
            (Some(s), false, Some(digest)) if self.secrets.client_secret_matches(s, digest) => {
                Ok(client)
            }
            _ => Err(fail()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_form_decoded() {
        let raw = STANDARD.encode("my+client%3A1:s%2Bcr+t");
        let p = presented(Some(&format!("Basic {raw}")), &Params::default()).unwrap();
        assert_eq!(p.client_id, "my client:1");
        assert_eq!(p.secret.as_deref(), Some("s+cr t"));
        assert_eq!(p.method, Method::Basic);
    }

    #[test]
    fn unencoded_ampersands_and_equals_signs_do_not_cut_a_value_short() {
        let raw = STANDARD.encode("shop&x=1:se&cr=et%26");
        let p = presented(Some(&format!("Basic {raw}")), &Params::default()).unwrap();
        assert_eq!(p.client_id, "shop&x=1");
        assert_eq!(p.secret.as_deref(), Some("se&cr=et&"));
    }

    #[test]
    fn two_methods_at_once_are_refused() {
        let raw = STANDARD.encode("a:b");
        let params = Params::parse("client_secret=x").unwrap();
        assert!(presented(Some(&format!("Basic {raw}")), &params).is_err());
        assert!(presented(None, &Params::default()).is_err());
    }
}
