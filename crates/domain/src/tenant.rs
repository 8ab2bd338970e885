//! Tenants ("companies") and their security settings, as listed in mfa-policy.md.

use crate::{DomainError, TenantId, Ttl, UnixTime};
use idp_i18n::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LoginMode {
    Password,
    Sso,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TwoFactor {
    Disabled,
    Optional,
    Required,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Totp,
    Sms,
    Email,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Totp, Method::Sms, Method::Email];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Sms => "sms",
            Method::Email => "email",
        }
    }
}

impl fmt::Display for LoginMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LoginMode::Password => "password",
            LoginMode::Sso => "sso",
        })
    }
}

impl fmt::Display for TwoFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TwoFactor::Disabled => "disabled",
            TwoFactor::Optional => "optional",
            TwoFactor::Required => "required",
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

from_str_lower!(LoginMode, "login-mode", "password" => LoginMode::Password, "sso" => LoginMode::Sso);
from_str_lower!(TwoFactor, "two-factor", "disabled" => TwoFactor::Disabled, "optional" => TwoFactor::Optional, "required" => TwoFactor::Required);
from_str_lower!(Method, "methods", "totp" => Method::Totp, "sms" => Method::Sms, "email" => Method::Email);

/// Parses `totp,sms,email` into a sorted set without duplicates.
pub fn parse_methods(s: &str) -> Result<Vec<Method>, DomainError> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let m: Method = part.parse()?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out.sort();
    Ok(out)
}

/// A tenant's security settings. Defaults follow mfa-policy.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantSettings {
    pub login_mode: LoginMode,
    pub two_factor: TwoFactor,
    pub methods: Vec<Method>,
    pub multiple_methods: bool,
    #[schema(value_type = String, example = "24h")]
    pub registration_link_ttl: Ttl,
    #[schema(value_type = String, example = "24h")]
    pub reset_link_ttl: Ttl,
    #[schema(value_type = String, example = "24h")]
    pub email_code_ttl: Ttl,
    #[schema(value_type = String, example = "24h")]
    pub sms_code_ttl: Ttl,
    /// The issuer label shown in authenticator apps; the tenant's name when unset.
    pub totp_issuer: Option<String>,
    /// Wrong passwords or codes on one account (or one known browser) before its first lock
    /// (rule 11); the lock grows at twice and four times as many.
    #[serde(default = "default_lockout_threshold")]
    pub lockout_threshold: u32,
    /// The first lock; the later ones last five and fifteen times as long.
    #[serde(default = "default_lockout_duration")]
    #[schema(value_type = String, example = "1m")]
    pub lockout_duration: Ttl,
    /// The logo and accent colour on the sign-in pages and in mails.
    #[serde(default)]
    pub branding: Branding,
    /// The default language of pages and mails (`de`, `en`) where nothing else decides;
    /// English when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "de")]
    pub locale: Option<String>,
    /// The IANA time zone dates are shown in (`Europe/Berlin`); UTC when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Europe/Berlin")]
    pub time_zone: Option<String>,
}

/// A tenant's look (its display name is the tenant's name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// `#rrggbb`, readable with white text on it (WCAG AA).
    pub accent_color: Option<String>,
    /// The stored logo's version (a digest prefix), when there is one.
    pub logo: Option<String>,
}

fn default_lockout_threshold() -> u32 {
    5
}

fn default_lockout_duration() -> Ttl {
    Ttl::from_secs(60)
}

impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings {
            login_mode: LoginMode::Password,
            two_factor: TwoFactor::Optional,
            methods: vec![Method::Totp],
            multiple_methods: false,
            registration_link_ttl: Ttl::from_secs(24 * 3600),
            reset_link_ttl: Ttl::from_secs(24 * 3600),
            email_code_ttl: Ttl::from_secs(90),
            sms_code_ttl: Ttl::from_secs(300),
            totp_issuer: None,
            lockout_threshold: default_lockout_threshold(),
            lockout_duration: default_lockout_duration(),
            branding: Branding::default(),
            locale: None,
            time_zone: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub settings: TenantSettings,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

/// A display name: 1 to 200 characters, no control characters.
pub fn validate_name(field: &'static str, s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 200 || t.chars().any(char::is_control) {
        return Err(DomainError::new(field, Msg::new("domain-name")));
    }
    Ok(t.to_owned())
}
