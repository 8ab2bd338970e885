//! Administration → Single sign-on: the connection to the company's SAML identity provider,
//! its certificates (with a banner when one expires within 30 days), our SP metadata to
//! download, and the form that configures it (metadata URL or the file's content, domains,
//! attribute mapping, just-in-time users), which switches the tenant to SSO.

use super::{at, enter, flash, form_expired, Errors, Nav};
use crate::extract::read_params_up_to;
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::{Action, AdminError, SsoPut};
use idp_i18n::{Msg, Tr};
use idp_signin::sso::connection::{CertView, ConnectionView};
use std::collections::BTreeMap;

/// The attribute fields, with the catalogue keys of their labels.
const ATTRIBUTES: [(&str, &str); 5] = [
    ("email", "admin-sso-attr-email"),
    ("username", "admin-sso-attr-username"),
    ("display_name", "admin-sso-attr-display-name"),
    ("groups", "admin-sso-attr-groups"),
    ("stable_id", "admin-sso-attr-stable-id"),
];

/// A pasted metadata document may be this large (as a fetched one).
const FORM_LIMIT: usize = 3 * 1024 * 1024;

#[derive(Default)]
struct SsoForm {
    metadata_url: String,
    metadata_xml: String,
    domains: String,
    attributes: Vec<(&'static str, &'static str, String)>,
    jit: bool,
    skew: String,
    requested_authn_context: String,
    idp_initiated: String,
    allow_other_domains: bool,
    encrypted_assertions: bool,
    /// A connection exists: its metadata may stay as it is.
    can_keep: bool,
}

/// The posted form: `multipart/form-data` (with the metadata file) or, from scripts and
/// older pages, `application/x-www-form-urlencoded`.
enum Posted {
    Multipart(crate::multipart::Form),
    Urlencoded(idp_oidc::params::Params),
}

impl Posted {
    fn get(&self, k: &str) -> Option<&str> {
        match self {
            Posted::Multipart(f) => f.text(k),
            Posted::Urlencoded(p) => p.get(k),
        }
    }

    fn file(&self, k: &str) -> Option<&[u8]> {
        match self {
            Posted::Multipart(f) => f.file(k).map(|p| p.data.as_slice()),
            Posted::Urlencoded(_) => None,
        }
    }

    async fn read(req: Request) -> Result<Posted, PageError> {
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
        let too_large = || PageError::msg(413, Msg::new("admin-sso-too-large"));
        if multipart {
            return match crate::multipart::read(req, FORM_LIMIT).await {
                Ok(f) => Ok(Posted::Multipart(f)),
                Err(crate::multipart::MultipartError::TooLarge) => Err(too_large()),
                Err(crate::multipart::MultipartError::Bad(why)) => Err(PageError::msg(
                    400,
                    Msg::new("admin-error-form-unreadable").with("detail", why),
                )),
            };
        }
        read_params_up_to(req, FORM_LIMIT)
            .await
            .map(Posted::Urlencoded)
            .map_err(|_| too_large())
    }
}

#[derive(Template)]
#[template(path = "admin/sso.html")]
struct SsoPage {
    t: Tr,
    nav: Nav,
    conn: Option<ConnectionView>,
    /// What the page says of the connection: how the company signs in now.
    lead: Option<Msg>,
    /// Each certificate, with the catalogue key of what it is.
    certs: Vec<(&'static str, CertView)>,
    warnings: Vec<Msg>,
    sp_metadata: String,
    form: SsoForm,
    errors: Errors,
}

fn form_of(conn: Option<&ConnectionView>) -> SsoForm {
    let a = conn.map(|c| &c.settings.attributes);
    let value = |f: &str| -> String {
        let Some(a) = a else { return String::new() };
        match f {
            "email" => a.email.clone(),
            "username" => a.username.clone(),
            "display_name" => a.display_name.clone(),
            "groups" => a.groups.clone(),
            _ => a.stable_id.clone(),
        }
        .unwrap_or_default()
    };
    SsoForm {
        metadata_url: conn
            .and_then(|c| c.metadata_url.clone())
            .unwrap_or_default(),
        metadata_xml: String::new(),
        domains: conn.map(|c| c.domains.join("\n")).unwrap_or_default(),
        attributes: ATTRIBUTES.iter().map(|(f, l)| (*f, *l, value(f))).collect(),
        jit: conn.is_some_and(|c| c.settings.jit),
        skew: conn
            .map(|c| c.settings.skew.to_string())
            .unwrap_or_else(|| "3m".into()),
        requested_authn_context: conn
            .map(|c| c.settings.requested_authn_context.join("\n"))
            .unwrap_or_default(),
        idp_initiated: conn
            .and_then(|c| c.settings.idp_initiated.clone())
            .unwrap_or_default(),
        allow_other_domains: conn.is_some_and(|c| c.settings.allow_other_domains),
        encrypted_assertions: conn.is_some_and(|c| c.settings.encrypted_assertions),
        can_keep: conn.is_some(),
    }
}

/// A banner for a certificate that has expired or expires within 30 days (the connection
/// marks those), in the page's words.
fn cert_warning(what: &'static str, c: &CertView) -> Option<Msg> {
    let w = c.warning.as_deref()?;
    // The connection's own words say which of the two it is.
    let m = if w.ends_with("has expired") {
        Msg::new("admin-sso-cert-expired")
    } else {
        Msg::new("admin-sso-cert-expires").with("days", c.expires_in_days)
    };
    Some(
        m.with("what", what.trim_start_matches("admin-sso-cert-"))
            .with("sha256", c.sha256.as_str()),
    )
}

fn page(
    t: Tr,
    nav: Nav,
    tenant: &str,
    conn: Option<ConnectionView>,
    form: SsoForm,
    errors: Errors,
) -> SsoPage {
    let mut certs = Vec::new();
    let mut lead = None;
    if let Some(c) = &conn {
        certs.extend(
            c.idp_certificates
                .iter()
                .map(|x| ("admin-sso-cert-idp", x.clone())),
        );
        certs.push(("admin-sso-cert-sp", c.sp_certificate.clone()));
        certs.extend(
            c.sp_next_certificate
                .iter()
                .map(|x| ("admin-sso-cert-next", x.clone())),
        );
        let key = if c.login_mode == "sso" {
            "admin-sso-lead-on"
        } else {
            "admin-sso-lead-off"
        };
        lead = Some(
            Msg::new(key)
                .with("tenant", nav.tenant_name.as_str())
                .with("idp", c.idp_entity_id.as_str()),
        );
    }
    let warnings = certs
        .iter()
        .filter_map(|(what, c)| cert_warning(what, c))
        .collect();
    SsoPage {
        t,
        nav,
        conn,
        lead,
        certs,
        warnings,
        sp_metadata: format!("/saml/{tenant}/metadata"),
        form,
        errors,
    }
}

#[derive(Template)]
#[template(path = "admin/sso_off.html")]
struct SsoOffPage {
    t: Tr,
    nav: Nav,
}

/// "Switch back to passwords": asks first.
pub async fn sso_off_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant_for(&s, &tenant, Action::SwitchLoginMode).await?;
    let mut nav = at.nav(&s, &t, "sso");
    nav.here = format!("/admin/t/{}/sso/off", t.id);
    Ok(at.page(StatusCode::OK, &SsoOffPage { t: at.t, nav }))
}

pub async fn sso_off_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    crate::extract::PageParams(p): crate::extract::PageParams,
) -> Result<Response, PageError> {
    let at = at!(super::enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    if p.get("confirm") != Some("1") {
        return Ok(see_other(&format!("/admin/t/{}/sso/off", t.id)));
    }
    let patch = idp_admin::TenantPatch {
        login_mode: Some(idp_domain::LoginMode::Password),
        ..idp_admin::TenantPatch::default()
    };
    s.admin
        .update_tenant(&at.caller, &t.id, &patch)
        .await
        .map_err(|e| at.fail(e))?;
    Ok(see_other(&format!("/admin/t/{}/sso?done=sso_off", t.id)))
}

pub async fn sso_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    crate::extract::PageParams(p): crate::extract::PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant_for(&s, &tenant, Action::ReadSso).await?;
    let conn = match s.admin.sso(&at.caller, &t.id).await {
        Ok(c) => Some(c),
        Err(AdminError::NotFound { .. }) => None,
        Err(e) => return Err(at.fail(e)),
    };
    let mut nav = at.nav(&s, &t, "sso");
    nav.flash = flash(&p);
    let form = form_of(conn.as_ref());
    Ok(at.page(
        StatusCode::OK,
        &page(at.t, nav, t.id.as_str(), conn, form, Errors::default()),
    ))
}

pub async fn sso_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    req: Request,
) -> Result<Response, PageError> {
    // Who it is first, so that only an administrator's browser gets to send a large body.
    let at = at!(enter(&s, &headers).await?);
    let p = Posted::read(req).await?;
    if !crate::routes::csrf_token_ok(&s, &headers, p.get("csrf").unwrap_or("")) {
        return Err(form_expired());
    }
    let t = at.tenant(&s, &tenant).await?;
    let conn = s.admin.sso(&at.caller, &t.id).await.ok();
    let (mut form, mut errors) = SsoForm::posted(&p, conn.is_some());
    let put = form.to_put(&mut errors);
    let result = match (errors.is_empty(), put.into_configure(&t.id, &at.caller)) {
        (false, _) => None,
        (true, Ok(c)) => Some(s.admin.configure_sso(&at.caller, c).await),
        (true, Err(e)) => Some(Err(e)),
    };
    match result {
        Some(Ok(_)) => return Ok(see_other(&format!("/admin/t/{}/sso?done=sso", t.id))),
        Some(Err(e)) => errors = Errors::from_admin_on(at.t, e, &SSO_FIELDS)?,
        None => {}
    }
    form.shorten_for_the_page();
    let nav = at.nav(&s, &t, "sso");
    Ok(at.page(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page(at.t, nav, t.id.as_str(), conn, form, errors),
    ))
}

/// The form's fields that an error of the admin service can be shown next to.
const SSO_FIELDS: [&str; 6] = [
    "metadata_url",
    "metadata_xml",
    "domains",
    "attributes",
    "skew",
    "idp_initiated",
];

impl SsoForm {
    /// The form as posted (`can_keep`: a connection exists, so empty metadata keeps it),
    /// and what is wrong with it before the admin service is asked.
    fn posted(p: &Posted, can_keep: bool) -> (SsoForm, Errors) {
        let text = |k: &str| p.get(k).map(str::trim).unwrap_or("").to_owned();
        // An uploaded file comes before pasted content; one that is not text is said so.
        let uploaded = p
            .file("metadata_file")
            .map(|b| String::from_utf8(b.to_vec()));
        let mut errors = Errors::default();
        if matches!(uploaded, Some(Err(_))) {
            errors
                .0
                .insert("metadata_xml".into(), Msg::new("admin-sso-file-not-text"));
        }
        let form = SsoForm {
            metadata_url: text("metadata_url"),
            metadata_xml: uploaded
                .and_then(Result::ok)
                .unwrap_or_else(|| text("metadata_xml")),
            domains: text("domains"),
            attributes: ATTRIBUTES
                .iter()
                .map(|(f, l)| (*f, *l, text(&format!("attr_{f}"))))
                .collect(),
            jit: p.get("jit") == Some("1"),
            skew: text("skew"),
            requested_authn_context: text("requested_authn_context"),
            idp_initiated: text("idp_initiated"),
            allow_other_domains: p.get("allow_other_domains") == Some("1"),
            encrypted_assertions: p.get("encrypted_assertions") == Some("1"),
            can_keep,
        };
        (form, errors)
    }

    /// What the admin service is asked to configure; a skew that is no duration goes into
    /// `errors`.
    fn to_put(&self, errors: &mut Errors) -> SsoPut {
        let skew = match self.skew.as_str() {
            "" => None,
            v => match v.parse::<idp_domain::Ttl>() {
                Ok(t) => Some(t),
                Err(e) => {
                    // The duration's own words (idp-domain) have no catalogue key yet.
                    errors.0.insert("skew".into(), e.msg);
                    None
                }
            },
        };
        let words = |v: &str| v.split_whitespace().map(str::to_owned).collect();
        SsoPut {
            metadata_xml: Some(self.metadata_xml.clone()).filter(|v| !v.is_empty()),
            metadata_url: Some(self.metadata_url.clone())
                .filter(|v| !v.is_empty() && self.metadata_xml.is_empty()),
            domains: words(&self.domains),
            attributes: self
                .attributes
                .iter()
                .filter(|(_, _, v)| !v.is_empty())
                .map(|(f, _, v)| ((*f).to_owned(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            jit: self.jit,
            idp_initiated: Some(self.idp_initiated.clone()).filter(|v| !v.is_empty()),
            skew,
            requested_authn_context: words(&self.requested_authn_context),
            allow_other_domains: self.allow_other_domains,
            encrypted_assertions: self.encrypted_assertions,
        }
    }

    /// Pasted metadata beyond the form's limit is not sent back into the page whole.
    fn shorten_for_the_page(&mut self) {
        if self.metadata_xml.len() > FORM_LIMIT {
            let mut end = FORM_LIMIT;
            while !self.metadata_xml.is_char_boundary(end) {
                end -= 1;
            }
            self.metadata_xml.truncate(end);
        }
    }
}

/// The pages of this module with sample values, for the language tests.
#[cfg(test)]
pub(super) mod samples {
    use super::*;

    fn cert(days: i64, warning: Option<&str>) -> CertView {
        CertView {
            subject: "CN=corp.example".into(),
            sha256: "AB:CD".into(),
            not_after: "2027-01-01T00:00:00Z".into(),
            expires_in_days: days,
            warning: warning.map(str::to_owned),
        }
    }

    pub fn connection(login_mode: &'static str) -> ConnectionView {
        ConnectionView {
            tenant: "acme".into(),
            login_mode,
            idp_entity_id: "https://corp.example/adfs".into(),
            sso_url: None,
            metadata_url: None,
            metadata_fetched_at: String::new(),
            domains: vec!["corp.example".into()],
            settings: idp_domain::SsoSettings {
                requested_authn_context: vec!["urn:mfa".into()],
                ..idp_domain::SsoSettings::default()
            },
            sp_entity_id: String::new(),
            acs_url: String::new(),
            sp_metadata_url: String::new(),
            idp_certificates: vec![cert(
                1,
                Some("The IdP signing certificate AB:CD expires in 1 days"),
            )],
            sp_certificate: cert(0, Some("The SP certificate AB:CD has expired")),
            sp_next_certificate: Some(cert(400, None)),
            warnings: Vec::new(),
        }
    }

    pub fn pages(t: Tr, nav: &dyn Fn(&'static str) -> Nav) -> Vec<String> {
        let mut pages = Vec::new();
        for mode in ["sso", "password"] {
            let conn = connection(mode);
            let form = form_of(Some(&conn));
            let errors = Errors::one("skew", Msg::new("sso-cfg-skew"));
            pages.push(page(t, nav("sso"), "acme", Some(conn), form, errors).render());
        }
        pages.push(
            page(
                t,
                nav("sso"),
                "acme",
                None,
                form_of(None),
                Errors::default(),
            )
            .render(),
        );
        pages.push(SsoOffPage { t, nav: nav("sso") }.render());
        pages
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }
}
