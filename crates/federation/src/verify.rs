//! XML signature verification, by libxmlsec1 through samael, against the configured
//! certificates only.
//!
//! Only one function of samael is used: its reduction of a document to the content covered by
//! verified signatures (`reduce_xml_to_signed_with_allowed_algorithms`, in the mode that keeps
//! no unsigned ancestor). Every signature in the document must verify against one of the
//! certificates from the IdP's metadata; the certificate inside the message is never used;
//! SHA-1 and every algorithm outside [`ALLOWED`] are refused by xmlsec itself as well as by
//! [`crate::precheck`]. The caller then reads values only from the reduced document, and
//! binds it to the pre-checked one by the signed element's ID.

use crate::precheck::{Check, Refused};
use samael::crypto::{
    AllowedSignatureAlgorithm, CertificateDer, Crypto, CryptoProvider, ReduceMode,
};

/// The signature algorithms xmlsec may accept (and their SHA-2 digests).
pub const ALLOWED: [AllowedSignatureAlgorithm; 5] = [
    AllowedSignatureAlgorithm::RsaSha256,
    AllowedSignatureAlgorithm::RsaSha384,
    AllowedSignatureAlgorithm::RsaSha512,
    AllowedSignatureAlgorithm::EcdsaSha256,
    AllowedSignatureAlgorithm::EcdsaSha384,
];

/// The document reduced to what the signatures in it cover, verified against `certs` (DER).
/// Refused when there is no signature, or any signature fails against every certificate.
pub fn signed_content(xml: &str, certs: &[Vec<u8>]) -> Result<String, Refused> {
    if certs.is_empty() {
        // samael would then verify nothing: never let that happen.
        return Err(Refused {
            check: Check::Signature,
            detail: "no signing certificate is configured".into(),
        });
    }
    let certs: Vec<CertificateDer> = certs.iter().cloned().map(CertificateDer::from).collect();
    Crypto::reduce_xml_to_signed_with_allowed_algorithms(
        xml,
        &certs,
        ReduceMode::ValidateAndMarkNoAncestors,
        Some(&ALLOWED),
    )
    .map_err(|e| Refused {
        check: Check::Signature,
        detail: e.to_string(),
    })
}
