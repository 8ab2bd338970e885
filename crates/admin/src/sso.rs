//! A tenant's SSO connection: read it, configure it (which switches the tenant to SSO), as
//! `idp sso configure` does, behind the permission table.

use crate::{Action, Admin, AdminError, Caller, Msg, Result};
use idp_domain::{Role, TenantId, Ttl};
use idp_signin::sso::connection::{Configure, ConnectionView, MetadataSource};
use idp_signin::sso::{SsoError, SsoStart};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `PUT .../sso`: the connection as a whole, with the names of `idp sso configure`'s flags.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoPut {
    /// The IdP's metadata document (ADFS `FederationMetadata.xml`, Entra's federation
    /// metadata, Okta's), or (neither: the connection's own, kept):
    pub metadata_xml: Option<String>,
    /// where to fetch it (https), refreshed every 6 hours.
    pub metadata_url: Option<String>,
    /// The e-mail domains the connection claims; `*.example.com` with its subdomains.
    pub domains: Vec<String>,
    /// Field (`email`, `username`, `display_name`, `groups`, `stable_id`) → attribute name.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Create unknown users on their first sign-in.
    #[serde(default)]
    pub jit: bool,
    /// Accept unsolicited responses, landing on this registered application URL.
    pub idp_initiated: Option<String>,
    #[schema(value_type = Option<String>, example = "3m")]
    pub skew: Option<Ttl>,
    #[serde(default)]
    pub requested_authn_context: Vec<String>,
    #[serde(default)]
    pub allow_other_domains: bool,
    #[serde(default)]
    pub encrypted_assertions: bool,
}

impl SsoPut {
    pub fn into_configure(self, tenant: &TenantId, caller: &Caller) -> Result<Configure> {
        let metadata = match (self.metadata_xml, self.metadata_url) {
            (Some(x), None) => MetadataSource::Xml(x),
            (None, Some(u)) => MetadataSource::Url(u),
            // The connection's own, as it is: a change of the other settings.
            (None, None) => MetadataSource::Keep,
            (Some(_), Some(_)) => {
                return Err(AdminError::invalid(
                    "metadata_xml",
                    Msg::new("admin-err-metadata-both"),
                ))
            }
        };
        Ok(Configure {
            tenant: tenant.clone(),
            metadata,
            domains: self.domains,
            attributes: self.attributes.into_iter().collect(),
            jit: self.jit,
            idp_initiated: self.idp_initiated,
            skew: self.skew,
            requested_authn_context: self.requested_authn_context,
            allow_other_domains: self.allow_other_domains,
            encrypted_assertions: self.encrypted_assertions,
            actor: caller.actor().0,
        })
    }
}

impl From<SsoError> for AdminError {
    fn from(e: SsoError) -> Self {
        match e {
            SsoError::Invalid { field, message } => {
                let field = match field {
                    "domain" => "domains",
                    "attribute" => "attributes",
                    "metadata-url" | "metadata_url" => "metadata_url",
                    "metadata" | "metadata-file" => "metadata_xml",
                    f => f,
                };
                AdminError::invalid(field.replace('-', "_"), message)
            }
            SsoError::NoConnection(t) => AdminError::NotFound {
                what: format!("SSO connection for tenant `{t}`"),
            },
            SsoError::TooMany => AdminError::TooMany(Msg::new("sso-cfg-too-many")),
            other => AdminError::Internal(other.to_string()),
        }
    }
}

/// Only the operator may point the server at an address inside its own network: a tenant
/// administrator's metadata URL must be https to a host that resolves to public addresses.
async fn public_https(url: &str) -> Result<()> {
    let bad = |why: &'static str| AdminError::invalid("metadata_url", Msg::new(why));
    let u = url::Url::parse(url).map_err(|_| bad("admin-err-url-not-url"))?;
    if u.scheme() != "https" {
        return Err(bad("admin-err-url-https"));
    }
    let host = u.host_str().ok_or_else(|| bad("admin-err-url-no-host"))?;
    let port = u.port_or_known_default().unwrap_or(443);
    let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| bad("admin-err-url-unresolved"))?
        .collect();
    if addrs.is_empty() || addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(bad("admin-err-url-private"));
    }
    Ok(())
}

fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v) => {
            !(v.is_private()
                || v.is_loopback()
                || v.is_link_local()
                || v.is_unspecified()
                || v.is_broadcast()
                || v.is_documentation()
                || v.octets()[0] == 100 && (v.octets()[1] & 0xc0) == 64
                || v.octets()[0] >= 240)
        }
        IpAddr::V6(v) => {
            let seg = v.segments();
            !(v.is_loopback()
                || v.is_unspecified()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                || v.to_ipv4_mapped()
                    .is_some_and(|m| !is_public(IpAddr::V4(m))))
        }
    }
}

impl Admin {
    pub async fn sso(&self, caller: &Caller, tenant: &TenantId) -> Result<ConnectionView> {
        self.check(caller, Action::ReadSso, Some(tenant))?;
        self.accounts.tenant(tenant).await?;
        Ok(self.signin.sso_show(tenant).await?)
    }

    /// Configures the connection and switches the tenant to SSO (its two-factor goes dormant).
    pub async fn configure_sso(&self, caller: &Caller, c: Configure) -> Result<ConnectionView> {
        self.check(caller, Action::ConfigureSso, Some(&c.tenant))?;
        self.check(caller, Action::SwitchLoginMode, Some(&c.tenant))?;
        self.accounts.tenant(&c.tenant).await?;
        if caller.role < Role::PlatformAdmin {
            match &c.metadata {
                MetadataSource::Url(u) => public_https(u).await?,
                // Fetched again: the stored URL is checked again (its name may point
                // elsewhere now, or the operator set it).
                MetadataSource::Keep => {
                    if let Ok(v) = self.signin.sso_show(&c.tenant).await {
                        if let Some(u) = &v.metadata_url {
                            public_https(u).await?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(self.signin.sso_configure(c).await?)
    }

    /// Starts "Test connection": the browser goes to the tenant's IdP, and its answer comes
    /// back as a report ([`idp_signin::SignIn::sso_test_acs`]), never as a sign-in. Whoever
    /// may configure the connection may test it.
    pub async fn test_sso(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        mfa: bool,
        browser_cookie: Option<&str>,
        ip: std::net::IpAddr,
    ) -> Result<SsoStart> {
        self.check(caller, Action::ConfigureSso, Some(tenant))?;
        self.accounts.tenant(tenant).await?;
        Ok(self
            .signin
            .sso_test_start(tenant, &caller.actor().0, mfa, browser_cookie, ip)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn private_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in ["8.8.8.8", "20.190.128.1", "2606:4700::1111"] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }
}
