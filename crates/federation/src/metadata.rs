//! A customer's IdP metadata (ADFS `FederationMetadata.xml`, Entra ID's federation metadata,
//! Okta's), read into what the broker needs: the entity ID, where to send AuthnRequests, and
//! the certificates its signatures are checked against.
//!
//! Rules enforced here:
//! - at most [`MAX_METADATA_BYTES`], no DOCTYPE;
//! - one entity with an `IDPSSODescriptor` for SAML 2.0 (from an `EntitiesDescriptor`, the
//!   one named, or the only IdP in it), with an `entityID`;
//! - every certificate of a `KeyDescriptor` whose `use` is `signing` or absent is a signing
//!   certificate (rollover: all of them are accepted). A key without `use` never turns the
//!   checks off; `use="encryption"` alone is not for signatures;
//! - metadata without a signing certificate is refused: a broker with nothing to check
//!   against must not exist;
//! - sign-on and logout URLs are https (http only on a loopback host, for tests).
//!
//! ADFS's and Entra's own signature on the metadata and their WS-Federation
//! `RoleDescriptor`s are ignored: the file is trusted as the administrator gave it.

use crate::xml::is;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use roxmltree::{Document, Node, ParsingOptions};

pub const MAX_METADATA_BYTES: usize = 1024 * 1024;

const NS_MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const NS_DSIG: &str = crate::precheck::NS_DSIG;
const SAML2: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const BINDING_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
pub const BINDING_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// What the broker keeps of an IdP's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpMetadata {
    pub entity_id: String,
    /// Where AuthnRequests go over HTTP-Redirect (the binding the broker sends with).
    pub sso_redirect: Option<String>,
    /// The HTTP-POST sign-on endpoint, where the IdP offers no Redirect binding.
    pub sso_post: Option<String>,
    pub slo_redirect: Option<String>,
    /// The IdP asks for signed AuthnRequests.
    pub wants_signed_requests: bool,
    /// DER certificates that may sign responses and assertions, in document order.
    pub signing_certs: Vec<Vec<u8>>,
    pub name_id_formats: Vec<String>,
}

/// Why metadata was refused, in words for the administrator who configures it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    #[error("the metadata is larger than 1 MiB")]
    TooLarge,
    #[error("the metadata is not well-formed XML: {0}")]
    Xml(String),
    #[error("the metadata has a DOCTYPE, which is not accepted")]
    Doctype,
    #[error("the metadata describes no SAML 2.0 identity provider (IDPSSODescriptor)")]
    NoIdp,
    #[error("the metadata describes several identity providers; name one: {0}")]
    SeveralIdps(String),
    #[error("the identity provider has no entityID")]
    NoEntityId,
    #[error("the identity provider has no single sign-on endpoint for the HTTP-Redirect or HTTP-POST binding")]
    NoSignOn,
    #[error("the identity provider publishes no signing certificate: its responses could not be checked")]
    NoSigningCertificate,
    #[error("a certificate in the metadata is not base64-encoded DER")]
    BadCertificate,
    #[error("{0} is not an https URL")]
    NotHttps(String),
}

/// Reads IdP metadata; `entity` picks one entity of an `EntitiesDescriptor`.
pub fn parse_idp_metadata(xml: &str, entity: Option<&str>) -> Result<IdpMetadata, MetadataError> {
    if xml.len() > MAX_METADATA_BYTES {
        return Err(MetadataError::TooLarge);
    }
    if xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") {
        return Err(MetadataError::Doctype);
    }
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 200_000,
    };
    let doc =
        Document::parse_with_options(xml, opts).map_err(|e| MetadataError::Xml(e.to_string()))?;
    let (ed, idp) = pick(&doc, entity)?;
    let entity_id = ed
        .attribute("entityID")
        .filter(|v| !v.trim().is_empty())
        .ok_or(MetadataError::NoEntityId)?
        .trim()
        .to_owned();
    let endpoint = |name: &str, binding: &str| -> Result<Option<String>, MetadataError> {
        idp.children()
            .find(|c| is(*c, NS_MD, name) && c.attribute("Binding") == Some(binding))
            .and_then(|c| c.attribute("Location"))
            .map(|l| https(l.trim()))
            .transpose()
    };
    let sso_redirect = endpoint("SingleSignOnService", BINDING_REDIRECT)?;
    let sso_post = endpoint("SingleSignOnService", BINDING_POST)?;
    if sso_redirect.is_none() && sso_post.is_none() {
        return Err(MetadataError::NoSignOn);
    }
    let signing_certs = signing_certs(idp)?;
    if signing_certs.is_empty() {
        return Err(MetadataError::NoSigningCertificate);
    }
    Ok(IdpMetadata {
        entity_id,
        sso_redirect,
        sso_post,
        slo_redirect: endpoint("SingleLogoutService", BINDING_REDIRECT)?,
        wants_signed_requests: idp.attribute("WantAuthnRequestsSigned") == Some("true"),
        signing_certs,
        name_id_formats: idp
            .children()
            .filter(|c| is(*c, NS_MD, "NameIDFormat"))
            .filter_map(|c| c.text())
            .map(|t| t.trim().to_owned())
            .collect(),
    })
}

/// The entity (and its IdP descriptor) to use.
fn pick<'a, 'i>(
    doc: &'a Document<'i>,
    entity: Option<&str>,
) -> Result<(Node<'a, 'i>, Node<'a, 'i>), MetadataError> {
    let idps: Vec<(Node<'a, 'i>, Node<'a, 'i>)> = doc
        .descendants()
        .filter(|n| is(*n, NS_MD, "EntityDescriptor"))
        .filter_map(|ed| {
            ed.children()
                .find(|c| {
                    is(*c, NS_MD, "IDPSSODescriptor")
                        && c.attribute("protocolSupportEnumeration")
                            .is_some_and(|p| p.split_whitespace().any(|x| x == SAML2))
                })
                .map(|idp| (ed, idp))
        })
        .collect();
    match (entity, idps.as_slice()) {
        (Some(want), _) => idps
            .iter()
            .copied()
            .find(|(ed, _)| ed.attribute("entityID").map(str::trim) == Some(want))
            .ok_or(MetadataError::NoIdp),
        (None, [one]) => Ok(*one),
        (None, []) => Err(MetadataError::NoIdp),
        (None, many) => Err(MetadataError::SeveralIdps(
            many.iter()
                .filter_map(|(ed, _)| ed.attribute("entityID"))
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

/// Every certificate of a key descriptor for signing (or for anything: no `use`).
fn signing_certs(idp: Node<'_, '_>) -> Result<Vec<Vec<u8>>, MetadataError> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for kd in idp.children().filter(|c| is(*c, NS_MD, "KeyDescriptor")) {
        let usage = kd.attribute("use").map(str::trim).unwrap_or("");
        if !(usage.is_empty() || usage == "signing") {
            continue;
        }
        for cert in kd
            .descendants()
            .filter(|n| is(*n, NS_DSIG, "X509Certificate"))
        {
            let b64: String = cert
                .text()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let der = STANDARD
                .decode(b64.as_bytes())
                .map_err(|_| MetadataError::BadCertificate)?;
            // A DER certificate is a SEQUENCE; anything else is not one.
            if der.len() < 64 || der[0] != 0x30 {
                return Err(MetadataError::BadCertificate);
            }
            if !out.contains(&der) {
                out.push(der);
            }
        }
    }
    Ok(out)
}

/// An endpoint URL: https, or http on a loopback host (test IdPs).
fn https(url: &str) -> Result<String, MetadataError> {
    crate::xml::https_or_loopback(url)
        .map(|_| url.to_owned())
        .ok_or_else(|| MetadataError::NotHttps(url.to_owned()))
}

#[cfg(test)]
mod tests;
