//! Proof Key for Code Exchange, S256 only (RFC 7636; `plain` is refused as the OAuth 2.0
//! Security BCP advises).

use aws_lc_rs::digest::{digest, SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use subtle::ConstantTimeEq;

/// RFC 7636 §4.1: 43-128 characters of `[A-Za-z0-9-._~]`.
pub fn valid_verifier_syntax(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// A S256 challenge is the base64url of a SHA-256 digest: exactly 43 characters.
pub fn valid_challenge_syntax(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()))
}

/// RFC 7636 §4.6.
pub fn verify_s256(verifier: &str, challenge: &str) -> bool {
    valid_verifier_syntax(verifier)
        && bool::from(s256(verifier).as_bytes().ct_eq(challenge.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            s256(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(verify_s256(
            verifier,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!verify_s256(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
    }

    #[test]
    fn verifier_syntax() {
        assert!(!valid_verifier_syntax("short"));
        assert!(valid_verifier_syntax(&"a".repeat(128)));
        assert!(!valid_verifier_syntax(&"a".repeat(129)));
        assert!(!valid_verifier_syntax(&format!("{}+", "a".repeat(43))));
    }
}
