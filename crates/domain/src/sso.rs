//! A tenant's SSO connection to its upstream SAML identity provider: what `idp sso configure`
//! sets, and the e-mail domains it claims.

use crate::{DomainError, TenantId, Ttl, TwoFactor, UnixTime};
use idp_i18n::Msg;
use serde::{Deserialize, Serialize};

/// Default claim URIs (ADFS and Entra ID send these).
pub mod claims {
    pub const EMAIL: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    pub const UPN: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    pub const NAME: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    pub const DISPLAY_NAME: &str = "http://schemas.microsoft.com/identity/claims/displayname";
    pub const GIVEN_NAME: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
    pub const SURNAME: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname";
    pub const OBJECT_ID: &str = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    pub const GROUPS: &str = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
    /// Entra ID: how the user authenticated (holds [`MULTIPLE_AUTHN`] after MFA).
    pub const AUTHN_METHODS_REFERENCES: &str =
        "http://schemas.microsoft.com/claims/authnmethodsreferences";
    /// ADFS: the same.
    pub const AUTHENTICATION_METHOD: &str =
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/authenticationmethod";
    pub const MULTIPLE_AUTHN: &str = "http://schemas.microsoft.com/claims/multipleauthn";
}

/// Which attribute gives which user field; `None` takes the defaults (see
/// [`AttributeMap::email_names`] and the others).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AttributeMap {
    pub email: Option<String>,
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub groups: Option<String>,
    /// The stable key of the upstream account; Entra's object ID by default, else the NameID.
    pub stable_id: Option<String>,
}

impl AttributeMap {
    /// The field names `--attribute FIELD=ATTR` takes.
    pub const FIELDS: [&'static str; 5] =
        ["email", "username", "display_name", "groups", "stable_id"];

    pub fn set(&mut self, field: &str, attr: &str) -> Result<(), DomainError> {
        let attr = attr.trim();
        if attr.is_empty() || attr.len() > 512 || attr.chars().any(char::is_control) {
            return Err(DomainError::new(
                "attribute",
                Msg::new("domain-attribute-name").with("field", field),
            ));
        }
        let slot = match field {
            "email" => &mut self.email,
            "username" => &mut self.username,
            "display_name" => &mut self.display_name,
            "groups" => &mut self.groups,
            "stable_id" => &mut self.stable_id,
            other => {
                return Err(DomainError::new(
                    "attribute",
                    Msg::new("domain-attribute-field")
                        .with("value", other)
                        .with("allowed", Self::FIELDS.join(", ")),
                ))
            }
        };
        *slot = Some(attr.to_owned());
        Ok(())
    }
}

/// What a connection does beyond its metadata (stored as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoSettings {
    pub attributes: AttributeMap,
    /// Create unknown users on their first sign-in.
    pub jit: bool,
    /// Accept an asserted e-mail outside the claimed domains.
    pub allow_other_domains: bool,
    /// Unsolicited (IdP-initiated) responses: refused unless this names where they land
    /// (a registered application's URL, where it starts its own sign-in).
    pub idp_initiated: Option<String>,
    /// The clock difference tolerated each way.
    #[schema(value_type = String, example = "3m")]
    pub skew: Ttl,
    /// Classes sent as `RequestedAuthnContext` when the application asks for MFA
    /// (`acr_values`); empty: none is sent, and the MFA claim in the response decides (Entra).
    pub requested_authn_context: Vec<String>,
    /// Publish an encryption certificate: the IdP may then encrypt assertions.
    pub encrypted_assertions: bool,
    /// The tenant's two-factor mode before it moved to SSO, restored when it moves back.
    #[serde(default)]
    pub two_factor_before: Option<TwoFactor>,
}

impl Default for SsoSettings {
    fn default() -> Self {
        SsoSettings {
            attributes: AttributeMap::default(),
            jit: false,
            allow_other_domains: false,
            idp_initiated: None,
            skew: Ttl::from_secs(180),
            requested_authn_context: Vec::new(),
            encrypted_assertions: false,
            two_factor_before: None,
        }
    }
}

/// The most labels a claimed domain (and a domain looked up) may have.
pub const MAX_LABELS: usize = 8;

/// An e-mail domain a connection claims: `example.com`, or `*.example.com` for the domain
/// and all its subdomains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoDomain {
    pub domain: String,
    pub subdomains: bool,
}

impl SsoDomain {
    pub fn parse(s: &str) -> Result<SsoDomain, DomainError> {
        let t = s.trim().to_ascii_lowercase();
        let (subdomains, name) = match t.strip_prefix("*.") {
            Some(rest) => (true, rest.to_owned()),
            None => (false, t.clone()),
        };
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        let ok = name.len() <= 253
            && name.contains('.')
            && name.split('.').count() <= MAX_LABELS
            && name.split('.').all(label_ok);
        if !ok {
            return Err(DomainError::new(
                "domain",
                Msg::new("domain-sso-domain").with("value", s),
            ));
        }
        Ok(SsoDomain {
            domain: name,
            subdomains,
        })
    }

    /// Whether this claim covers the domain of an e-mail address (lowercase).
    pub fn covers(&self, domain: &str) -> bool {
        domain == self.domain
            || (self.subdomains
                && domain
                    .strip_suffix(&self.domain)
                    .is_some_and(|head| head.ends_with('.')))
    }

    /// `example.com` or `*.example.com`, as typed.
    pub fn display(&self) -> String {
        if self.subdomains {
            format!("*.{}", self.domain)
        } else {
            self.domain.clone()
        }
    }
}

/// The domain, and every parent domain, of an e-mail domain: the keys a lookup tries.
pub fn domain_candidates(domain: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = domain;
    while rest.contains('.') {
        out.push(rest.to_owned());
        match rest.split_once('.') {
            Some((_, tail)) => rest = tail,
            None => break,
        }
    }
    out
}

/// A tenant's connection as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoConnection {
    pub tenant: TenantId,
    pub metadata_xml: String,
    pub metadata_url: Option<String>,
    pub metadata_at: UnixTime,
    pub settings: SsoSettings,
    pub domains: Vec<SsoDomain>,
    /// Sealed SP key (base64) and certificate (DER).
    pub sp_key: String,
    pub sp_cert: Vec<u8>,
    pub sp_next: Option<(String, Vec<u8>)>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn domains_and_their_claims() {
        let d = SsoDomain::parse("Corp.Example").unwrap();
        assert!(d.covers("corp.example"));
        assert!(!d.covers("eu.corp.example"));
        let w = SsoDomain::parse("*.corp.example").unwrap();
        assert!(w.covers("corp.example") && w.covers("eu.corp.example"));
        assert!(!w.covers("evilcorp.example"));
        for bad in [
            "",
            "example",
            "-a.example",
            "a..example",
            "a b.example",
            "*.",
            "@x.example",
        ] {
            assert!(SsoDomain::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            domain_candidates("eu.corp.example"),
            ["eu.corp.example", "corp.example"].map(String::from)
        );
    }
}
