//! Users of a tenant. Password hashes never leave the store except to be verified.

use crate::{DomainError, TenantId, UnixTime, UserId};
use idp_i18n::Msg;
use serde::{Deserialize, Serialize};

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
    pub role: Role,
    pub disabled: bool,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
    /// The language the user chose with the language switch while signed in (`de`, `en`).
    #[serde(default)]
    pub locale: Option<String>,
}

impl User {
    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }
}

/// What a user may administer (interfaces.md, "Administration"). Ordered: each role may do
/// everything the ones before it may, on a wider scope.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Signs in; administers nothing.
    #[default]
    User,
    /// Users of its own tenant.
    UserAdmin,
    /// Users and security settings of its own tenant.
    TenantAdmin,
    /// Every tenant.
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::User,
        Role::UserAdmin,
        Role::TenantAdmin,
        Role::PlatformAdmin,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::UserAdmin => "user-admin",
            Role::TenantAdmin => "tenant-admin",
            Role::PlatformAdmin => "platform-admin",
        }
    }
    pub fn is_admin(self) -> bool {
        self != Role::User
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

from_str_lower!(Role, "role", "user" => Role::User, "user-admin" => Role::UserAdmin, "tenant-admin" => Role::TenantAdmin, "platform-admin" => Role::PlatformAdmin);

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
            Msg::new("domain-username").with("value", s),
        ))
    }
}

/// A deliberately plain e-mail check: one `@`, a non-empty local part, a dotted domain, no
/// spaces. Deliverability is proven by the confirmation mail, not by a regular expression.
pub fn validate_email(s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    let err = || DomainError::new("email", Msg::new("domain-email").with("value", s));
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

/// A phone number for SMS in E.164 form (`+` and 8 to 15 digits, no leading zero), from what
/// people type: spaces, dashes, dots and parentheses are dropped and a leading `00` counts as
/// `+`. National numbers without a country code are refused, since the country is unknown.
pub fn normalize_phone(s: &str) -> Result<String, DomainError> {
    let compact: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = compact
        .strip_prefix('+')
        .or_else(|| compact.strip_prefix("00"));
    let ok = digits.is_some_and(|d| {
        (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
    });
    match digits {
        Some(d) if ok => Ok(format!("+{d}")),
        _ => Err(DomainError::new("phone", Msg::new("phone-invalid"))),
    }
}

/// A phone number with the middle hidden, for pages: `+49 ••• ••• 89`.
pub fn mask_phone(e164: &str) -> String {
    let n = e164.chars().count();
    let head: String = e164.chars().take(3).collect();
    let tail: String = e164.chars().skip(n.saturating_sub(2)).collect();
    format!("{head} \u{2022}\u{2022}\u{2022} \u{2022}\u{2022}\u{2022} {tail}")
}

/// An address with most of the local part hidden, for pages: `a\u{2022}\u{2022}\u{2022}@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
        }
        None => "\u{2022}\u{2022}\u{2022}".into(),
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
    fn phones() {
        assert_eq!(
            normalize_phone("+49 (151) 2345-6789").unwrap(),
            "+4915123456789"
        );
        assert_eq!(
            normalize_phone("0049 151 23456789").unwrap(),
            "+4915123456789"
        );
        for bad in [
            "0151 23456789",
            "+0151234567",
            "+49 151",
            "+49151234567890123",
            "+49 15a 2345678",
            "",
        ] {
            assert!(normalize_phone(bad).is_err(), "{bad}");
        }
        assert_eq!(
            mask_phone("+4915123456789"),
            "+49 \u{2022}\u{2022}\u{2022} \u{2022}\u{2022}\u{2022} 89"
        );
        assert_eq!(
            mask_email("ann@example.com"),
            "a\u{2022}\u{2022}\u{2022}@example.com"
        );
    }

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
