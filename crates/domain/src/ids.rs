//! Identifiers, parsed once at the edge so the rest of the code can trust them.

use crate::DomainError;
use idp_i18n::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A company ID ("tenant"): what users type at sign-in. Lowercase letters, digits and `-`,
/// 1 to 63 characters, starting with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

impl TenantId {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok = !s.is_empty()
            && s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-');
        if ok {
            Ok(TenantId(s.to_owned()))
        } else {
            Err(DomainError::new(
                "tenant",
                Msg::new("domain-tenant-id").with("value", s),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The stable subject of a user: random, never the user name, never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    pub fn generate() -> Result<Self, getrandom::Error> {
        Ok(UserId(crate::secret::random_b64(16)?))
    }
    pub fn from_stored(s: String) -> Self {
        UserId(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A relying application's client ID: 1 to 128 visible ASCII characters, no spaces and none
/// of `:` (which Basic authentication would split on), `"` or `\`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::check(s)?;
        Ok(ClientId(s.to_owned()))
    }
    /// [`Self::parse`], keeping the string it is given (no copy).
    pub fn parse_owned(s: String) -> Result<Self, DomainError> {
        Self::check(&s)?;
        Ok(ClientId(s))
    }
    fn check(s: &str) -> Result<(), DomainError> {
        let ok = !s.is_empty()
            && s.len() <= 128
            && s.bytes()
                .all(|b| (0x21..=0x7e).contains(&b) && b != b':' && b != b'"' && b != b'\\');
        if ok {
            Ok(())
        } else {
            Err(DomainError::new(
                "client_id",
                Msg::new("domain-client-id").with("value", s),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_conversions {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = DomainError;
            fn try_from(s: String) -> Result<Self, DomainError> {
                <$t>::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_conversions!(TenantId);
string_conversions!(ClientId);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids() {
        assert!(TenantId::parse("acme").is_ok());
        assert!(TenantId::parse("acme-2").is_ok());
        for bad in ["", "Acme", "-acme", "ac me", "acmé", &"a".repeat(64)] {
            assert!(TenantId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn client_ids() {
        assert!(ClientId::parse("my-app.example").is_ok());
        for bad in ["", "a:b", "a b", "a\"b"] {
            assert!(ClientId::parse(bad).is_err(), "{bad}");
        }
    }
}
