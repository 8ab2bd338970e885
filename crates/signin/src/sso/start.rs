//! Home-realm discovery and the AuthnRequest.

use super::{SsoError, SsoResult};
use crate::{Interaction, SignIn};
use idp_domain::secret::random_b64;
use idp_domain::user::validate_email;
use idp_domain::TenantId;
use idp_federation::request::AuthnRequest;
use idp_i18n::Msg;
use idp_store::SamlRequest;

/// How long an AuthnRequest may take to be answered.
pub const REQUEST_TTL: i64 = 600;

/// Where discovery leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovered {
    Tenant(TenantId),
    /// No connection claims the domain (the page says so without naming any domain).
    Unknown,
}

/// The redirect to the IdP.
#[derive(Debug, Clone)]
pub struct SsoStart {
    pub location: String,
    /// The SSO cookie's value: set it again (with a fresh lifetime), new or not.
    pub browser_cookie: String,
}

pub(crate) fn browser_digest(s: &SignIn, cookie: &str) -> String {
    s.provider
        .secrets
        .code_digest("idp/v1/saml-browser", cookie)
}

/// Entra ID takes the typed address as `login_hint` in the query (and refuses a `Subject`).
fn is_entra(sso_url: &str, entity_id: &str) -> bool {
    entity_id.starts_with("https://sts.windows.net/")
        || url::Url::parse(sso_url).is_ok_and(|u| {
            u.host_str().is_some_and(|h| {
                h == "login.microsoftonline.com" || h.ends_with(".microsoftonline.com")
            })
        })
}

impl SignIn {
    /// The tenant whose connection claims the domain of `email`. A malformed address is
    /// [`SsoError::Invalid`] on the `email` field.
    pub async fn sso_discover(&self, email: &str) -> SsoResult<Discovered> {
        let email = validate_email(email).map_err(|e| SsoError::Invalid {
            field: "email",
            message: e.msg,
        })?;
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        self.sso_discover_domain(domain).await
    }

    /// The tenant on SSO whose connection claims `domain` (lowercase), the most specific
    /// claim first.
    async fn sso_discover_domain(&self, domain: &str) -> SsoResult<Discovered> {
        // Claims are at most MAX_LABELS deep; a deeper domain is no one's.
        if domain.split('.').count() > idp_domain::sso::MAX_LABELS {
            return Ok(Discovered::Unknown);
        }
        let store = &self.provider.store;
        let Some(t) = store.sso_tenant_for_domain(domain).await? else {
            return Ok(Discovered::Unknown);
        };
        // A tenant back on passwords keeps its claims, but sends no one upstream.
        let on_sso = store
            .tenant(&t)
            .await?
            .is_some_and(|t| t.settings.login_mode == idp_domain::LoginMode::Sso);
        Ok(if on_sso {
            Discovered::Tenant(t)
        } else {
            Discovered::Unknown
        })
    }

    /// Where the sign-in of `ia` goes without asking: the SSO tenant its client is bound to,
    /// the connection claiming the application's `domain_hint`, or the one claiming the
    /// domain of its `login_hint` e-mail. `None`: show the sign-in page.
    pub async fn sso_route(&self, ia: &Interaction) -> SsoResult<Option<TenantId>> {
        let store = &self.provider.store;
        if let Some(t) = &ia.client.tenant {
            let sso = store
                .tenant(t)
                .await?
                .is_some_and(|t| t.settings.login_mode == idp_domain::LoginMode::Sso);
            if sso && store.sso_connection(t).await?.is_some() {
                return Ok(Some(t.clone()));
            }
        }
        let req = &ia.request;
        if let Some(d) = req.domain_hint.as_deref() {
            let d = d.trim().to_ascii_lowercase();
            if !d.is_empty() && !d.contains('@') {
                if let Discovered::Tenant(t) = self.sso_discover_domain(&d).await? {
                    return Ok(Some(t));
                }
            }
        }
        if let Some(hint) = req.login_hint.as_deref().filter(|h| h.contains('@')) {
            if let Ok(Discovered::Tenant(t)) = self.sso_discover(hint).await {
                return Ok(Some(t));
            }
        }
        Ok(None)
    }

    /// Sends the browser of interaction `ia` to `tenant`'s IdP. `email` (typed, or the
    /// application's `login_hint`) goes to Entra as its `login_hint`; `browser_cookie` is the
    /// SSO cookie the browser already has.
    pub async fn sso_start(
        &self,
        ia: &Interaction,
        tenant: &TenantId,
        email: Option<&str>,
        browser_cookie: Option<&str>,
        ip: std::net::IpAddr,
    ) -> SsoResult<SsoStart> {
        if !ia.client.accepts_tenant(tenant) {
            return Err(SsoError::Invalid {
                field: "email",
                message: Msg::new("sso-client-bound").with("client", ia.client.name.as_str()),
            });
        }
        // Each start records a pending request: bounded per network and node.
        if !self.sso_starts.allow(ip, self.now()) {
            return Err(SsoError::TooMany);
        }
        let ready = self.ready_for_sign_in(tenant).await?;
        let Some(sso_url) = ready.idp.sso_redirect.as_deref() else {
            return Err(SsoError::Broken {
                tenant: tenant.to_string(),
                cause: "the IdP's metadata has no HTTP-Redirect sign-on URL".into(),
            });
        };
        let req = &ia.request;
        let authn_contexts = if req.mfa_requested {
            ready.conn.settings.requested_authn_context.clone()
        } else {
            Vec::new()
        };
        let sp_entity_id = self.sp_entity_id(tenant);
        let acs_url = self.acs_url(tenant);
        let request = AuthnRequest {
            sp_entity_id: &sp_entity_id,
            acs_url: &acs_url,
            destination: sso_url,
            now: self.now(),
            force_authn: req.prompt_login || req.max_age.is_some(),
            authn_contexts: &authn_contexts,
            login_hint: email.filter(|_| is_entra(sso_url, &ready.idp.entity_id)),
        };
        let key = ready
            .idp
            .wants_signed_requests
            .then(|| ready.keys.first().map(|k| &k.key))
            .flatten();
        let sent = request
            .send(key)
            .map_err(|e| crate::SignInError::internal("the AuthnRequest", e))?;
        let cookie = match browser_cookie {
            Some(c) if !c.is_empty() && c.len() <= 64 => c.to_owned(),
            _ => random_b64(32)
                .map_err(|e| crate::SignInError::internal("the random generator", e))?,
        };
        self.provider
            .store
            .save_saml_request(&SamlRequest {
                id: sent.id.clone(),
                tenant: tenant.clone(),
                relay_state: sent.relay_state.clone(),
                browser_digest: browser_digest(self, &cookie),
                interaction: ia.id.clone(),
                expires_at: self.now() + REQUEST_TTL,
            })
            .await?;
        tracing::info!(%tenant, request = %sent.id, "sent to the SSO identity provider");
        Ok(SsoStart {
            location: sent.url,
            browser_cookie: cookie,
        })
    }
}
