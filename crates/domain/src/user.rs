//! Users of a tenant. Password hashes never leave the store except to be verified.

use crate::{DomainError, TenantId, UnixTime, UserId};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub tenant: TenantId,
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub email_confirmed: bool,
    pub name: Option<String>,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub disabled: bool,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

impl User {
    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }
}

/// User names: 1-64 characters of letters, digits and `._@+-`; compared case-insensitively.
pub fn validate_username(s: &str) -> Result<String, DomainError> {
    let ok = !s.is_empty()
        && s.chars().count() <= 64
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(DomainError::new(
            "username",
            format!("`{s}` is not a user name: use 1-64 letters, digits or . _ - @ +"),
        ))
    }
}

/// A deliberately plain e-mail check: one `@`, a non-empty local part, a dotted domain, no
/// spaces. Deliverability is proven by the confirmation mail, not by a regular expression.
pub fn validate_email(s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    let err = || DomainError::new("email", format!("`{s}` is not an e-mail address"));
    let (local, domain) = s.split_once('@').ok_or_else(err)?;
    let ok = !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 253
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
    } else {
        Err(err())
    }
}

/// The key a user name is looked up by.
pub fn username_key(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            validate_email("Ann@Example.COM").unwrap(),
            "Ann@example.com"
        );
        for bad in [
            "",
            "ann",
            "@x.com",
            "ann@",
            "ann@com",
            "a b@x.com",
            "a@x..",
            "a@.x",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn usernames() {
        assert!(validate_username("alice.smith").is_ok());
        assert!(validate_username("al ice").is_err());
        assert!(validate_username("").is_err());
    }
}
