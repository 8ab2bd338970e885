//! The AuthnRequest, sent over the HTTP-Redirect binding (SAML Bindings §3.4): deflated,
//! base64, in the query, signed over the query with RSA-SHA256 when the IdP asks for signed
//! requests.

use crate::sp::esc;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::sign::Signer;
use std::io::Write;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use url::form_urlencoded::byte_serialize;

pub const SIG_RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

/// What the request asks for.
pub struct AuthnRequest<'a> {
    pub sp_entity_id: &'a str,
    pub acs_url: &'a str,
    /// The IdP's single sign-on URL (Redirect binding).
    pub destination: &'a str,
    pub now: i64,
    /// Sign in again, even with a session at the IdP (`prompt=login`, a passed `max_age`).
    pub force_authn: bool,
    /// `RequestedAuthnContext` classes, compared `exact`.
    pub authn_contexts: &'a [String],
    /// The e-mail typed here, passed as Entra's `login_hint` query parameter (never as a
    /// `Subject` in the request: Entra refuses that).
    pub login_hint: Option<&'a str>,
}

/// A request ready to send: its ID (for InResponseTo), the RelayState, and the URL.
#[derive(Debug, Clone)]
pub struct Sent {
    pub id: String,
    pub relay_state: String,
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
#[error("building the AuthnRequest: {0}")]
pub struct RequestError(String);

fn random(n: usize) -> Result<Vec<u8>, RequestError> {
    let mut b = vec![0; n];
    getrandom::fill(&mut b).map_err(|e| RequestError(e.to_string()))?;
    Ok(b)
}

fn instant(t: i64) -> Result<String, RequestError> {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .ok_or_else(|| RequestError("the time".into()))
}

impl AuthnRequest<'_> {
    /// The request's XML with this ID.
    pub fn xml(&self, id: &str) -> Result<String, RequestError> {
        let mut x = format!(
            "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{id}\" Version=\"2.0\" IssueInstant=\"{}\" Destination=\"{}\" AssertionConsumerServiceURL=\"{}\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"{}><saml:Issuer>{}</saml:Issuer><samlp:NameIDPolicy AllowCreate=\"true\"/>",
            instant(self.now)?,
            esc(self.destination),
            esc(self.acs_url),
            if self.force_authn { " ForceAuthn=\"true\"" } else { "" },
            esc(self.sp_entity_id),
        );
        if !self.authn_contexts.is_empty() {
            x.push_str("<samlp:RequestedAuthnContext Comparison=\"exact\">");
            for c in self.authn_contexts {
                x.push_str(&format!(
                    "<saml:AuthnContextClassRef>{}</saml:AuthnContextClassRef>",
                    esc(c)
                ));
            }
            x.push_str("</samlp:RequestedAuthnContext>");
        }
        x.push_str("</samlp:AuthnRequest>");
        Ok(x)
    }

    /// A new request: a fresh ID and RelayState, and the redirect URL, signed with `key`
    /// when given.
    pub fn send(&self, key: Option<&PKey<Private>>) -> Result<Sent, RequestError> {
        let id = format!("_{}", hex(&random(20)?));
        let relay_state = URL_SAFE_NO_PAD.encode(random(18)?);
        let xml = self.xml(&id)?;
        let mut deflate = DeflateEncoder::new(Vec::new(), Compression::default());
        deflate
            .write_all(xml.as_bytes())
            .map_err(|e| RequestError(e.to_string()))?;
        let deflated = deflate.finish().map_err(|e| RequestError(e.to_string()))?;
        let mut query = format!(
            "SAMLRequest={}&RelayState={}",
            enc(&STANDARD.encode(deflated)),
            enc(&relay_state)
        );
        if let Some(key) = key {
            query.push_str(&format!("&SigAlg={}", enc(SIG_RSA_SHA256)));
            let sig = sign(key, query.as_bytes()).map_err(|e| RequestError(e.to_string()))?;
            query.push_str(&format!("&Signature={}", enc(&STANDARD.encode(sig))));
        }
        if let Some(hint) = self.login_hint {
            query.push_str(&format!("&login_hint={}", enc(hint)));
        }
        let sep = if self.destination.contains('?') {
            '&'
        } else {
            '?'
        };
        Ok(Sent {
            id,
            relay_state,
            url: format!("{}{sep}{query}", self.destination),
        })
    }
}

fn enc(s: &str) -> String {
    byte_serialize(s.as_bytes()).collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn sign(key: &PKey<Private>, data: &[u8]) -> Result<Vec<u8>, openssl::error::ErrorStack> {
    let mut s = Signer::new(MessageDigest::sha256(), key)?;
    s.update(data)?;
    s.sign_to_vec()
}
