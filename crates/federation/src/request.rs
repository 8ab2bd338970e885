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

impl AuthnRequest<'_> {
    /// The request's XML with this ID.
    pub fn xml(&self, id: &str) -> Result<String, RequestError> {
        let mut x = format!(
            "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{id}\" Version=\"2.0\" IssueInstant=\"{}\" Destination=\"{}\" AssertionConsumerServiceURL=\"{}\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"{}><saml:Issuer>{}</saml:Issuer><samlp:NameIDPolicy AllowCreate=\"true\"/>",
            crate::xml::rfc3339(self.now).ok_or_else(|| RequestError("the time".into()))?,
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
        let relay_state = URL_SAFE_NO_PAD.encode(random(18)?);
        self.send_as(key, new_id()?, relay_state)
    }

    /// The same, with this ID (from [`new_id`]) and RelayState.
    pub fn send_as(
        &self,
        key: Option<&PKey<Private>>,
        id: String,
        relay_state: String,
    ) -> Result<Sent, RequestError> {
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

/// A fresh request ID: 20 random bytes, hex, after an underscore (an NCName).
pub fn new_id() -> Result<String, RequestError> {
    Ok(format!("_{}", hex(&random(20)?)))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use flate2::read::DeflateDecoder;
    use std::io::Read;

    fn request<'a>(hint: Option<&'a str>, force: bool, classes: &'a [String]) -> AuthnRequest<'a> {
        AuthnRequest {
            sp_entity_id: "https://login.example/saml/acme",
            acs_url: "https://login.example/saml/acme/acs",
            destination: "https://login.microsoftonline.com/tid/saml2",
            now: 1_796_000_000,
            force_authn: force,
            authn_contexts: classes,
            login_hint: hint,
        }
    }

    fn param(url: &str, name: &str) -> Option<String> {
        url::Url::parse(url)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    fn inflate(url: &str) -> String {
        let raw = STANDARD.decode(param(url, "SAMLRequest").unwrap()).unwrap();
        let mut out = String::new();
        DeflateDecoder::new(&raw[..])
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn the_hint_goes_in_the_query_never_in_a_subject() {
        let classes = ["urn:mfa".to_owned()];
        let sent = request(Some("ann@corp.example"), true, &classes)
            .send(None)
            .unwrap();
        assert_eq!(
            param(&sent.url, "login_hint").as_deref(),
            Some("ann@corp.example")
        );
        assert_eq!(
            param(&sent.url, "RelayState").as_deref(),
            Some(sent.relay_state.as_str())
        );
        assert!(sent.relay_state.len() <= 80);
        let xml = inflate(&sent.url);
        assert!(!xml.contains("Subject"), "{xml}");
        assert!(xml.contains(&format!("ID=\"{}\"", sent.id)));
        assert!(xml.contains("ForceAuthn=\"true\""));
        assert!(xml.contains("<samlp:RequestedAuthnContext Comparison=\"exact\"><saml:AuthnContextClassRef>urn:mfa</saml:AuthnContextClassRef>"));
        assert!(xml.contains("AssertionConsumerServiceURL=\"https://login.example/saml/acme/acs\""));
        let plain = request(None, false, &[]).send(None).unwrap();
        assert!(
            param(&plain.url, "login_hint").is_none() && param(&plain.url, "Signature").is_none()
        );
        let xml = inflate(&plain.url);
        assert!(!xml.contains("ForceAuthn") && !xml.contains("RequestedAuthnContext"));
        assert_ne!(plain.id, sent.id, "a fresh ID each time");
    }

    #[test]
    fn a_signed_request_verifies_over_the_query_as_sent() {
        let key = crate::sp::SpKey::generate("sp", 1_796_000_000, 30).unwrap();
        let sent = request(Some("ann@corp.example"), false, &[])
            .send(Some(&key.key))
            .unwrap();
        let query = sent.url.split_once('?').unwrap().1;
        // Signed: SAMLRequest, RelayState and SigAlg, exactly as encoded (Bindings §3.4.4.1);
        // the hint after the signature is not part of it.
        let signed = query.split("&Signature=").next().unwrap();
        assert!(signed.ends_with(&format!("SigAlg={}", enc(SIG_RSA_SHA256))));
        let sig = STANDARD
            .decode(param(&sent.url, "Signature").unwrap())
            .unwrap();
        let cert = openssl::x509::X509::from_der(&key.cert_der).unwrap();
        let public = cert.public_key().unwrap();
        let mut v = openssl::sign::Verifier::new(MessageDigest::sha256(), &public).unwrap();
        v.update(signed.as_bytes()).unwrap();
        assert!(v.verify(&sig).unwrap());
    }
}
