//! The tenant's Service Provider: its RSA key and self-signed certificate, and the metadata
//! that ADFS ("add relying party trust from a file"), Entra ID ("upload metadata file") and
//! Okta import.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::x509::{X509NameBuilder, X509};

/// NameID formats this SP takes (any of them; it reads the NameID as an opaque string).
pub const NAME_ID_FORMATS: [&str; 4] = [
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
];

#[derive(Debug, thiserror::Error)]
#[error("{what}: {cause}")]
pub struct KeyError {
    pub what: &'static str,
    pub cause: String,
}

fn key_error(what: &'static str) -> impl FnOnce(openssl::error::ErrorStack) -> KeyError {
    move |e| KeyError {
        what,
        cause: e.to_string(),
    }
}

/// An SP key pair: RSA-2048 and its self-signed certificate.
pub struct SpKey {
    pub key: PKey<Private>,
    pub cert_der: Vec<u8>,
}

impl std::fmt::Debug for SpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpKey").finish_non_exhaustive()
    }
}

impl SpKey {
    /// A new key and a certificate for `common_name`, valid from `now` for `days`.
    pub fn generate(common_name: &str, now: i64, days: u32) -> Result<SpKey, KeyError> {
        let rsa = Rsa::generate(2048).map_err(key_error("generating the RSA key"))?;
        let key = PKey::from_rsa(rsa).map_err(key_error("the RSA key"))?;
        let cert =
            self_signed(&key, common_name, now, days).map_err(key_error("the certificate"))?;
        Ok(SpKey {
            key,
            cert_der: cert,
        })
    }

    /// A stored key (PKCS#8 DER) and its certificate (DER).
    pub fn from_der(key_pkcs8: &[u8], cert_der: &[u8]) -> Result<SpKey, KeyError> {
        let key =
            PKey::private_key_from_pkcs8(key_pkcs8).map_err(key_error("reading the SP key"))?;
        X509::from_der(cert_der).map_err(key_error("reading the SP certificate"))?;
        Ok(SpKey {
            key,
            cert_der: cert_der.to_vec(),
        })
    }

    /// The private key as PKCS#8 DER, for storing sealed.
    pub fn key_pkcs8(&self) -> Result<Vec<u8>, KeyError> {
        self.key
            .private_key_to_pkcs8()
            .map_err(key_error("encoding the SP key"))
    }
}

fn self_signed(
    key: &PKey<Private>,
    cn: &str,
    now: i64,
    days: u32,
) -> Result<Vec<u8>, openssl::error::ErrorStack> {
    let mut name = X509NameBuilder::new()?;
    name.append_entry_by_text("CN", cn)?;
    let name = name.build();
    let mut serial = [0u8; 16];
    openssl::rand::rand_bytes(&mut serial)?;
    serial[0] &= 0x7f;
    let serial = BigNum::from_slice(&serial)?;
    let serial = Asn1Integer::from_bn(&serial)?;
    let mut b = X509::builder()?;
    b.set_version(2)?;
    b.set_serial_number(&serial)?;
    b.set_subject_name(&name)?;
    b.set_issuer_name(&name)?;
    b.set_pubkey(key)?;
    let from = Asn1Time::from_unix(now - 300)?;
    let until = Asn1Time::from_unix(now + i64::from(days) * 86_400)?;
    b.set_not_before(&from)?;
    b.set_not_after(&until)?;
    b.sign(key, MessageDigest::sha256())?;
    b.build().to_der()
}

/// A certificate's subject and expiry (Unix seconds), for `idp sso show` and the warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub not_after: i64,
    /// SHA-256 of the DER, hex, as admins compare fingerprints.
    pub sha256: String,
}

pub fn cert_info(der: &[u8]) -> Result<CertInfo, KeyError> {
    let cert = X509::from_der(der).map_err(key_error("reading a certificate"))?;
    let epoch = Asn1Time::from_unix(0).map_err(key_error("a time"))?;
    let d = epoch
        .diff(cert.not_after())
        .map_err(key_error("the certificate's expiry"))?;
    let subject = cert
        .subject_name()
        .entries()
        .filter_map(|e| e.data().to_string().ok())
        .collect::<Vec<_>>()
        .join(", ");
    let digest = openssl::sha::sha256(der);
    Ok(CertInfo {
        subject,
        not_after: i64::from(d.days) * 86_400 + i64::from(d.secs),
        sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// Escapes text for an XML attribute value or element content.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// What the SP metadata says.
pub struct SpMetadata<'a> {
    pub entity_id: &'a str,
    pub acs_url: &'a str,
    /// The signing certificates: the current one, then the next during a rotation.
    pub signing: &'a [&'a [u8]],
    /// Whether encrypted assertions are taken: the same certificates are then published for
    /// encryption too.
    pub encryption: bool,
    /// Whether AuthnRequests are signed (the IdP's metadata asked for it).
    pub requests_signed: bool,
}

fn key_descriptor(out: &mut String, use_: &str, der: &[u8]) {
    out.push_str(&format!(
        "<md:KeyDescriptor use=\"{use_}\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>",
        STANDARD.encode(der)
    ));
    if use_ == "encryption" {
        for alg in [
            "http://www.w3.org/2009/xmlenc11#aes256-gcm",
            "http://www.w3.org/2009/xmlenc11#aes128-gcm",
            "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
            "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
            "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
        ] {
            out.push_str(&format!("<md:EncryptionMethod Algorithm=\"{alg}\"/>"));
        }
    }
    out.push_str("</md:KeyDescriptor>");
}

/// The metadata document.
pub fn sp_metadata(m: &SpMetadata<'_>) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"{}\"><md:SPSSODescriptor AuthnRequestsSigned=\"{}\" WantAssertionsSigned=\"true\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">",
        esc(m.entity_id),
        m.requests_signed
    );
    for der in m.signing {
        key_descriptor(&mut out, "signing", der);
    }
    if m.encryption {
        for der in m.signing {
            key_descriptor(&mut out, "encryption", der);
        }
    }
    for f in NAME_ID_FORMATS {
        out.push_str(&format!("<md:NameIDFormat>{f}</md:NameIDFormat>"));
    }
    out.push_str(&format!(
        "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"{}\" index=\"0\" isDefault=\"true\"/></md:SPSSODescriptor></md:EntityDescriptor>\n",
        esc(m.acs_url)
    ));
    out
}
