//! TOTP (RFC 6238) as authenticator apps expect it: SHA-1, 6 digits, 30-second steps, a
//! 160-bit secret shown as base32 and as an `otpauth://` URI. A code of the current step or of
//! the step before is accepted; which step matched is returned so the caller can refuse it the
//! second time (the replay guard lives in the database, shared by all nodes).

use totp_rs::{Algorithm, Builder, Secret, Totp};

pub const STEP: u64 = 30;
pub const SECRET_LEN: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("stored TOTP secret has the wrong length")]
    SecretLength,
    #[error("cannot build the TOTP URI: {0}")]
    Uri(String),
}

/// A user's TOTP secret, in clear only while in use.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpKey(Vec<u8>);

impl std::fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpKey([redacted])")
    }
}

/// Issuer and account labels may not contain `:` (Key URI format).
fn label(s: &str) -> String {
    s.replace(':', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl TotpKey {
    /// A new secret from 20 random bytes.
    pub fn new(random: [u8; SECRET_LEN]) -> Self {
        TotpKey(random.to_vec())
    }

    /// The secret as stored (after unsealing).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, TotpError> {
        if bytes.len() != SECRET_LEN {
            return Err(TotpError::SecretLength);
        }
        Ok(TotpKey(bytes))
    }

    /// The secret as an app shows it (base32, spaces ignored), as tests and imports have it.
    pub fn from_base32(text: &str) -> Result<Self, TotpError> {
        let compact: String = text.split_whitespace().collect();
        let secret = Secret::try_from_base32(compact).map_err(|_| TotpError::SecretLength)?;
        Self::from_bytes(secret.as_bytes().to_vec())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self, issuer: &str, account: &str) -> Totp {
        let issuer = label(issuer);
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(6)
            .with_step_duration(STEP)
            .with_skew(0)
            .with_secret(Secret::new(self.0.clone().into_boxed_slice()))
            .with_account_name(label(account))
            .with_issuer((!issuer.is_empty()).then_some(issuer))
            .build_noncompliant()
    }

    /// The secret as people type it into an app: base32, in groups of four.
    pub fn base32_grouped(&self) -> String {
        let b32 = self.totp("", "").secret().to_base32();
        b32.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The `otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER` URI for the QR code.
    pub fn uri(&self, issuer: &str, account: &str) -> Result<String, TotpError> {
        self.totp(issuer, account)
            .to_url()
            .map_err(|e| TotpError::Uri(e.to_string()))
    }

    /// The code for the step holding `unix_time`.
    pub fn code_at(&self, unix_time: u64) -> String {
        self.totp("", "").generate(unix_time).to_string()
    }

    /// The matched time step if `code` is right for now or for the previous step.
    pub fn verify(&self, code: &str, unix_time: u64) -> Option<u64> {
        let code = crate::codes::normalize(code)?;
        let totp = self.totp("", "");
        totp.check(&code, unix_time)
            .or_else(|| totp.check(&code, unix_time.checked_sub(STEP)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits there; the library is the same for 6).
    #[test]
    fn rfc6238_vectors() {
        let totp = Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(8)
            .with_step_duration(30)
            .with_secret(b"12345678901234567890".to_vec())
            .build_noncompliant();
        for (t, want) in [
            (59u64, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ] {
            assert_eq!(totp.generate(t).to_string(), want, "t={t}");
        }
        // Our 6-digit codes are the last six digits of the same HOTP values.
        let key = TotpKey::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        assert_eq!(key.code_at(59), "287082");
        assert_eq!(key.code_at(1234567890), "005924");
    }

    #[test]
    fn previous_step_accepted_next_refused() {
        let key = TotpKey::new([7; 20]);
        let t = 1_700_000_015u64;
        let step = t / STEP;
        assert_eq!(key.verify(&key.code_at(t), t), Some(step));
        assert_eq!(key.verify(&key.code_at(t - 30), t), Some(step - 1));
        assert_eq!(key.verify(&key.code_at(t - 60), t), None);
        assert_eq!(key.verify(&key.code_at(t + 30), t), None);
        assert_eq!(key.verify("12345", t), None);
        let spaced = key.code_at(t);
        assert_eq!(
            key.verify(&format!("{} {}", &spaced[..3], &spaced[3..]), t),
            Some(step)
        );
    }

    #[test]
    fn uri_and_secret_text() {
        let key = TotpKey::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        assert_eq!(
            key.base32_grouped(),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        assert_eq!(TotpKey::from_base32(&key.base32_grouped()).unwrap(), key);
        let uri = key.uri("Acme: Corp", "alice").unwrap();
        assert_eq!(
            uri,
            "otpauth://totp/Acme%20Corp:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Corp"
        );
    }
}
