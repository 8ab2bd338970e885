//! A tenant's SSO connection: configuring it (`idp sso configure`, later the admin API),
//! showing it, rotating the SP key, and fetching IdP metadata from a URL.

use super::{sp_key_context, SsoError, SsoResult};
use crate::SignIn;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use idp_domain::{
    LoginMode, SsoConnection, SsoDomain, SsoSettings, TenantId, Ttl, TwoFactor, UnixTime,
};
use idp_federation::metadata::parse_idp_metadata;
use idp_federation::sp::{cert_info, sp_metadata, CertInfo, SpKey, SpMetadata};
use idp_i18n::Msg;
use idp_store::{AuditEvent, StoreError};
use serde::Serialize;
use std::time::Duration;

/// The largest metadata document fetched or read (Entra's federation metadata is ~10 KB).
pub const MAX_METADATA_BYTES: usize = 2 * 1024 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// How long SP certificates are valid.
const SP_CERT_DAYS: u32 = 3 * 365;
/// Certificates expiring within this are warned about.
pub const EXPIRY_WARNING: i64 = 30 * 86_400;

/// Where the IdP's metadata comes from.
#[derive(Debug, Clone)]
pub enum MetadataSource {
    /// The document itself (read from a file or uploaded).
    Xml(String),
    /// An https URL (http only for a loopback test IdP), fetched now and refreshed.
    Url(String),
    /// What the connection has now (its document, or its URL, fetched again): a change of
    /// the other settings alone.
    Keep,
}

/// What `idp sso configure` sets.
#[derive(Debug, Clone)]
pub struct Configure {
    pub tenant: TenantId,
    pub metadata: MetadataSource,
    pub domains: Vec<String>,
    /// `FIELD=ATTR` pairs.
    pub attributes: Vec<(String, String)>,
    pub jit: bool,
    pub idp_initiated: Option<String>,
    pub skew: Option<Ttl>,
    pub requested_authn_context: Vec<String>,
    pub allow_other_domains: bool,
    pub encrypted_assertions: bool,
    /// Who did it, for the audit log.
    pub actor: String,
}

/// One certificate as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertView {
    pub subject: String,
    pub sha256: String,
    /// RFC 3339.
    pub not_after: String,
    pub expires_in_days: i64,
    /// Set when it expires within 30 days (or has expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// A connection as `idp sso show` prints it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConnectionView {
    pub tenant: String,
    #[schema(value_type = String)]
    pub login_mode: &'static str,
    pub idp_entity_id: String,
    pub sso_url: Option<String>,
    pub metadata_url: Option<String>,
    pub metadata_fetched_at: String,
    pub domains: Vec<String>,
    pub settings: SsoSettings,
    pub sp_entity_id: String,
    pub acs_url: String,
    pub sp_metadata_url: String,
    pub idp_certificates: Vec<CertView>,
    pub sp_certificate: CertView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sp_next_certificate: Option<CertView>,
    pub warnings: Vec<String>,
}

fn invalid(field: &'static str, message: Msg) -> SsoError {
    SsoError::Invalid { field, message }
}

fn rfc3339(t: UnixTime) -> String {
    idp_federation::xml::rfc3339(t).unwrap_or_default()
}

fn view_cert(info: &CertInfo, now: UnixTime, what: &str) -> CertView {
    let left = info.not_after - now;
    let warning = if left <= 0 {
        Some(format!(
            "The {what} certificate {} has expired",
            info.sha256
        ))
    } else if left <= EXPIRY_WARNING {
        Some(format!(
            "The {what} certificate {} expires in {} days",
            info.sha256,
            left / 86_400
        ))
    } else {
        None
    };
    CertView {
        subject: info.subject.clone(),
        sha256: info.sha256.clone(),
        not_after: rfc3339(info.not_after),
        expires_in_days: left / 86_400,
        warning,
    }
}

/// Whether `url` may be fetched: https, or http to a loopback address (a test IdP).
pub fn fetchable(url: &str) -> Result<url::Url, String> {
    idp_federation::xml::https_or_loopback(url).ok_or_else(|| {
        format!(
            "`{url}`: metadata is fetched over https only (and without a user name or password)"
        )
    })
}

/// Fetches metadata from `url`, with a timeout and a size cap.
pub async fn fetch_metadata(url: &str) -> Result<String, String> {
    let u = fetchable(url)?;
    let client = reqwest::Client::builder()
        .timeout(FETCH_TIMEOUT)
        // No redirects: each hop would need the https check again (and could lead inside).
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let mut resp = client
        .get(u)
        .send()
        .await
        .map_err(|e| format!("fetching `{url}`: {e}"))?;
    if resp.status().is_redirection() {
        let to = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("?");
        return Err(format!(
            "`{url}` redirects to `{to}`: give the final https URL of the metadata"
        ));
    }
    if !resp.status().is_success() {
        return Err(format!("fetching `{url}`: HTTP {}", resp.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| format!("fetching `{url}`: {e}"))?
    {
        if body.len() + chunk.len() > MAX_METADATA_BYTES {
            return Err(format!(
                "`{url}` sent more than {} MB of metadata",
                MAX_METADATA_BYTES / 1024 / 1024
            ));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| format!("the metadata at `{url}` is not UTF-8"))
}

impl SignIn {
    fn seal_sp_key(&self, tenant: &TenantId, key: &SpKey) -> SsoResult<String> {
        let der = key
            .key_pkcs8()
            .map_err(|e| crate::SignInError::internal("the SP key", e))?;
        let sealed = self
            .provider
            .secrets
            .seal(&sp_key_context(tenant), &der)
            .map_err(|e| crate::SignInError::internal("sealing the SP key", e))?;
        Ok(STANDARD.encode(sealed))
    }

    fn new_sp_key(&self, tenant: &TenantId) -> SsoResult<(String, Vec<u8>)> {
        let key = SpKey::generate(&self.sp_entity_id(tenant), self.now(), SP_CERT_DAYS)
            .map_err(|e| crate::SignInError::internal("generating the SP key", e))?;
        Ok((self.seal_sp_key(tenant, &key)?, key.cert_der))
    }

    /// Configures (or reconfigures) a tenant's connection and switches the tenant to SSO.
    /// The SP key is generated the first time and kept after. Refused, with the field, when
    /// the metadata is unusable (no signing certificate, say) or a domain is taken.
    pub async fn sso_configure(&self, c: Configure) -> SsoResult<ConnectionView> {
        let store = &self.provider.store;
        let tenant = store
            .tenant(&c.tenant)
            .await?
            .ok_or_else(|| no_tenant(c.tenant.as_str()))?;
        if c.domains.is_empty() {
            return Err(invalid("domain", Msg::new("sso-cfg-no-domain")));
        }
        let mut domains = Vec::new();
        for d in &c.domains {
            let d = SsoDomain::parse(d).map_err(|e| invalid("domain", e.msg))?;
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
        let existing = store.sso_connection(&c.tenant).await?;
        let fetch = |u: String| async move {
            let xml = fetch_metadata(&u).await.map_err(|e| {
                invalid("metadata-url", Msg::new("sso-cfg-fetch").with("detail", e))
            })?;
            Ok::<_, SsoError>((xml, Some(u)))
        };
        let (xml, url) = match (&c.metadata, &existing) {
            (MetadataSource::Xml(x), _) => (x.clone(), None),
            (MetadataSource::Url(u), _) => fetch(u.clone()).await?,
            (MetadataSource::Keep, Some(e)) => match &e.metadata_url {
                Some(u) => fetch(u.clone()).await?,
                None => (e.metadata_xml.clone(), None),
            },
            (MetadataSource::Keep, None) => {
                return Err(invalid("metadata", Msg::new("sso-cfg-no-metadata")))
            }
        };
        if xml.len() > MAX_METADATA_BYTES {
            return Err(invalid("metadata", Msg::new("sso-cfg-metadata-too-large")));
        }
        let idp = parse_idp_metadata(&xml, None).map_err(|e| {
            invalid(
                "metadata",
                Msg::new("sso-cfg-metadata-invalid").with("detail", e.to_string()),
            )
        })?;
        if idp.sso_redirect.is_none() {
            return Err(invalid("metadata", Msg::new("sso-cfg-no-redirect-binding")));
        }
        let mut settings = existing
            .as_ref()
            .map(|e| e.settings.clone())
            .unwrap_or_default();
        settings.attributes = Default::default();
        for (field, attr) in &c.attributes {
            settings
                .attributes
                .set(field, attr)
                .map_err(|e| invalid("attribute", e.msg))?;
        }
        settings.jit = c.jit;
        settings.allow_other_domains = c.allow_other_domains;
        settings.encrypted_assertions = c.encrypted_assertions;
        settings.requested_authn_context = c.requested_authn_context.clone();
        if let Some(s) = c.skew {
            if s.secs() > 900 {
                return Err(invalid("skew", Msg::new("sso-cfg-skew")));
            }
            settings.skew = s;
        }
        settings.idp_initiated = match &c.idp_initiated {
            Some(u) => Some(landing(u)?),
            None => None,
        };
        let now = self.now();
        let (sp_key, sp_cert, sp_next) = match &existing {
            Some(e) => (e.sp_key.clone(), e.sp_cert.clone(), e.sp_next.clone()),
            None => {
                let (k, cert) = self.new_sp_key(&c.tenant)?;
                (k, cert, None)
            }
        };
        // The tenant as stored now (the metadata fetch may have taken seconds), not as cached
        // before it: a change made meanwhile is kept.
        let tenant = store.tenant_fresh(&c.tenant).await?.unwrap_or(tenant);
        let mut t = (*tenant).clone();
        if t.settings.login_mode != LoginMode::Sso {
            // Local two-factor goes dormant (rule 1); switching back restores it.
            settings.two_factor_before = Some(t.settings.two_factor);
        }
        t.settings.login_mode = LoginMode::Sso;
        t.settings.two_factor = TwoFactor::Disabled;
        t.updated_at = now.max(tenant.updated_at + 1);
        let conn = SsoConnection {
            tenant: c.tenant.clone(),
            metadata_xml: xml,
            metadata_url: url,
            metadata_at: now,
            settings,
            domains,
            sp_key,
            sp_cert,
            sp_next,
            created_at: existing.as_ref().map_or(now, |e| e.created_at),
            updated_at: now,
        };
        match store.save_sso_connection(&conn, &t).await {
            Err(StoreError::Conflict { what }) => {
                return Err(invalid(
                    "domain",
                    Msg::new("sso-cfg-domain-taken").with("what", what),
                ))
            }
            other => other?,
        }
        self.audit_admin(&c.tenant, &c.actor, "sso.configured", &idp.entity_id)
            .await;
        self.sso_show(&c.tenant).await
    }

    /// The connection, its certificates and their expiry, with warnings.
    pub async fn sso_show(&self, tenant: &TenantId) -> SsoResult<ConnectionView> {
        let store = &self.provider.store;
        let t = store
            .tenant(tenant)
            .await?
            .ok_or_else(|| no_tenant(tenant.as_str()))?;
        let conn = store
            .sso_connection(tenant)
            .await?
            .ok_or_else(|| SsoError::NoConnection(tenant.to_string()))?;
        let now = self.now();
        let broken = |cause: String| SsoError::Broken {
            tenant: tenant.to_string(),
            cause,
        };
        let idp =
            parse_idp_metadata(&conn.metadata_xml, None).map_err(|e| broken(e.to_string()))?;
        let mut idp_certificates = Vec::new();
        for der in &idp.signing_certs {
            let info = cert_info(der).map_err(|e| broken(e.to_string()))?;
            idp_certificates.push(view_cert(&info, now, "IdP signing"));
        }
        let sp = cert_info(&conn.sp_cert).map_err(|e| broken(e.to_string()))?;
        let sp_next = match &conn.sp_next {
            Some((_, c)) => Some(cert_info(c).map_err(|e| broken(e.to_string()))?),
            None => None,
        };
        let sp_certificate = view_cert(&sp, now, "SP");
        let sp_next_certificate = sp_next.as_ref().map(|i| view_cert(i, now, "next SP"));
        let warnings = idp_certificates
            .iter()
            .chain(std::iter::once(&sp_certificate))
            .chain(sp_next_certificate.iter())
            .filter_map(|c| c.warning.clone())
            .collect();
        Ok(ConnectionView {
            tenant: tenant.to_string(),
            login_mode: match t.settings.login_mode {
                LoginMode::Sso => "sso",
                LoginMode::Password => "password",
            },
            idp_entity_id: idp.entity_id.clone(),
            sso_url: idp.sso_redirect.clone(),
            metadata_url: conn.metadata_url.clone(),
            metadata_fetched_at: rfc3339(conn.metadata_at),
            domains: conn.domains.iter().map(SsoDomain::display).collect(),
            settings: conn.settings.clone(),
            sp_entity_id: self.sp_entity_id(tenant),
            acs_url: self.acs_url(tenant),
            sp_metadata_url: format!("{}/metadata", self.sp_entity_id(tenant)),
            idp_certificates,
            sp_certificate,
            sp_next_certificate,
            warnings,
        })
    }

    /// Our SP metadata for `tenant`: the current certificate and, during a rotation, the
    /// next one.
    pub async fn sso_sp_metadata(&self, tenant: &TenantId) -> SsoResult<String> {
        let ready = self.ready(tenant).await?;
        let mut certs: Vec<&[u8]> = vec![&ready.conn.sp_cert];
        if let Some((_, next)) = &ready.conn.sp_next {
            certs.push(next);
        }
        Ok(sp_metadata(&SpMetadata {
            entity_id: &self.sp_entity_id(tenant),
            acs_url: &self.acs_url(tenant),
            signing: &certs,
            encryption: ready.conn.settings.encrypted_assertions,
            requests_signed: ready.idp.wants_signed_requests,
        }))
    }

    /// Starts a rotation (a next key, published beside the current one), or with `activate`
    /// finishes it (the next key signs and decrypts; the old one is dropped).
    pub async fn sso_rotate_sp_key(
        &self,
        tenant: &TenantId,
        activate: bool,
        actor: &str,
    ) -> SsoResult<ConnectionView> {
        let store = &self.provider.store;
        let t = store
            .tenant(tenant)
            .await?
            .ok_or_else(|| no_tenant(tenant.as_str()))?;
        let mut conn = (*store
            .sso_connection(tenant)
            .await?
            .ok_or_else(|| SsoError::NoConnection(tenant.to_string()))?)
        .clone();
        if activate {
            let Some((k, c)) = conn.sp_next.take() else {
                return Err(invalid("activate", Msg::new("sso-cfg-no-next-key")));
            };
            conn.sp_key = k;
            conn.sp_cert = c;
        } else {
            if conn.sp_next.is_some() {
                return Err(invalid("activate", Msg::new("sso-cfg-next-key-published")));
            }
            conn.sp_next = Some(self.new_sp_key(tenant)?);
        }
        conn.updated_at = self.now();
        store.save_sso_connection(&conn, &t).await?;
        let event = if activate {
            "sso.sp_key_activated"
        } else {
            "sso.sp_key_published"
        };
        self.audit_admin(tenant, actor, event, "").await;
        self.sso_show(tenant).await
    }

    /// Refreshes every connection whose metadata comes from a URL and was fetched more than
    /// `every` seconds ago; a refresh that fails keeps the last good copy and is logged.
    pub async fn sso_refresh_metadata(&self, every: i64) -> SsoResult<usize> {
        let now = self.now();
        let mut refreshed = 0;
        for (tenant, url, at) in self.provider.store.sso_metadata_urls().await? {
            if now - at < every {
                continue;
            }
            match fetch_metadata(&url).await.and_then(|xml| {
                parse_idp_metadata(&xml, None)
                    .map(|_| xml)
                    .map_err(|e| e.to_string())
            }) {
                Ok(xml) => {
                    self.provider
                        .store
                        .refresh_sso_metadata(&tenant, &xml, now)
                        .await?;
                    refreshed += 1;
                }
                Err(e) => {
                    tracing::warn!(%tenant, %url, error = %e, "IdP metadata refresh failed; the last good copy stays");
                }
            }
        }
        Ok(refreshed)
    }

    async fn audit_admin(&self, tenant: &TenantId, actor: &str, event: &str, detail: &str) {
        let e = AuditEvent {
            at: self.now(),
            tenant: Some(tenant.to_string()),
            user: None,
            actor: Some(actor.to_owned()),
            event: event.to_owned(),
            detail: (!detail.is_empty()).then(|| detail.to_owned()),
            client_ip: None,
        };
        if let Err(err) = self.provider.store.audit(&e).await {
            tracing::warn!(error = %err, "an SSO change could not be audited");
        }
    }
}

fn no_tenant(tenant: &str) -> SsoError {
    invalid(
        "tenant",
        Msg::new("sso-cfg-no-tenant").with("tenant", tenant),
    )
}

/// Where unsolicited responses land: an absolute https URL (http for loopback).
fn landing(u: &str) -> SsoResult<String> {
    idp_federation::xml::https_or_loopback(u)
        .map(|url| url.to_string())
        .ok_or_else(|| {
            invalid(
                "idp-initiated",
                Msg::new("sso-cfg-landing-https").with("value", u),
            )
        })
}
