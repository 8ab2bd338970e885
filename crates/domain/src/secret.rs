//! Random secrets and their stored form. Secrets print as `[redacted]`; what the database
//! keeps is a SHA-256 digest, never the value.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::fmt;

/// A secret value handed to a user or client once (code, token, session ID, link token).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// 32 random bytes, base64url: 43 characters, 256 bits of entropy.
    pub fn generate() -> Result<Self, getrandom::Error> {
        Ok(Secret(random_b64(32)?))
    }
    pub fn from_string(s: String) -> Self {
        Secret(s)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// The form kept at rest: base64url(SHA-256(value)).
    pub fn digest(&self) -> String {
        digest(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// base64url(SHA-256(value)), the stored form of single-use values.
pub fn digest(value: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(value.as_bytes()))
}

/// `n` random bytes from the operating system, base64url without padding.
pub fn random_b64(n: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf)?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_distinct_and_redacted() {
        let a = Secret::generate().unwrap();
        let b = Secret::generate().unwrap();
        assert_eq!(a.expose().len(), 43);
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "Secret([redacted])");
        assert_ne!(a.digest(), a.expose());
    }
}
