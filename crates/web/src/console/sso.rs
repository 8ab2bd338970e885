//! Administration → Single sign-on: the connection to the company's SAML identity provider,
//! its certificates (with a banner when one expires within 30 days), our SP metadata to
//! download, and the form that configures it (metadata URL or the file's content, domains,
//! attribute mapping, just-in-time users), which switches the tenant to SSO.

use super::{admin_page, at, enter, flash, Errors, Nav};
use crate::extract::read_params_up_to;
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::{Action, AdminError, SsoPut};
use idp_signin::sso::connection::{CertView, ConnectionView};
use std::collections::BTreeMap;

/// The attribute fields, with their words.
const ATTRIBUTES: [(&str, &str); 5] = [
    ("email", "the e-mail address"),
    ("username", "the user name"),
    ("display_name", "the display name"),
    ("groups", "groups"),
    ("stable_id", "the stable account key"),
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
}

#[derive(Template)]
#[template(path = "admin/sso.html")]
struct SsoPage {
    nav: Nav,
    conn: Option<ConnectionView>,
    certs: Vec<(&'static str, CertView)>,
    warnings: Vec<String>,
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
    }
}

fn page(
    nav: Nav,
    tenant: &str,
    conn: Option<ConnectionView>,
    form: SsoForm,
    errors: Errors,
) -> SsoPage {
    let mut certs = Vec::new();
    let mut warnings = Vec::new();
    if let Some(c) = &conn {
        certs.extend(
            c.idp_certificates
                .iter()
                .map(|x| ("The identity provider's signing certificate", x.clone())),
        );
        certs.push(("Our signing certificate", c.sp_certificate.clone()));
        certs.extend(c.sp_next_certificate.iter().map(|x| {
            (
                "Our next certificate (published, not yet in use)",
                x.clone(),
            )
        }));
        warnings = c.warnings.clone();
    }
    SsoPage {
        nav,
        conn,
        certs,
        warnings,
        sp_metadata: format!("/saml/{tenant}/metadata"),
        form,
        errors,
    }
}

pub async fn sso_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    crate::extract::PageParams(p): crate::extract::PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant(&s, &tenant).await?;
    s.admin
        .check(&at.caller, Action::ReadSso, Some(&t.id))
        .map_err(admin_page)?;
    let conn = match s.admin.sso(&at.caller, &t.id).await {
        Ok(c) => Some(c),
        Err(AdminError::NotFound { .. }) => None,
        Err(e) => return Err(admin_page(e)),
    };
    let mut nav = at.nav(&s, &t, "sso");
    nav.flash = flash(&p);
    let form = form_of(conn.as_ref());
    Ok(at.page(
        StatusCode::OK,
        &page(nav, t.id.as_str(), conn, form, Errors::default()),
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
    let p = read_params_up_to(req, FORM_LIMIT).await.map_err(|_| {
        PageError::new(
            413,
            "The metadata is larger than 2 MB, or the form was not understood.",
        )
    })?;
    if !crate::routes::csrf_ok(&s, &headers, &p) {
        return Err(PageError::new(
            403,
            "This form has expired. Go back, reload the page and try again.",
        ));
    }
    let t = at.tenant(&s, &tenant).await?;
    let text = |k: &str| p.get(k).map(str::trim).unwrap_or("").to_owned();
    let mut form = SsoForm {
        metadata_url: text("metadata_url"),
        metadata_xml: text("metadata_xml"),
        domains: text("domains"),
        attributes: ATTRIBUTES
            .iter()
            .map(|(f, l)| (*f, *l, text(&format!("attr_{f}"))))
            .collect(),
        jit: p.get("jit") == Some("1"),
    };
    let put = SsoPut {
        metadata_xml: Some(form.metadata_xml.clone()).filter(|v| !v.is_empty()),
        metadata_url: Some(form.metadata_url.clone())
            .filter(|v| !v.is_empty() && form.metadata_xml.is_empty()),
        domains: form.domains.split_whitespace().map(str::to_owned).collect(),
        attributes: form
            .attributes
            .iter()
            .filter(|(_, _, v)| !v.is_empty())
            .map(|(f, _, v)| ((*f).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
        jit: form.jit,
        idp_initiated: None,
        skew: None,
        requested_authn_context: Vec::new(),
        allow_other_domains: false,
        encrypted_assertions: false,
    };
    let result = match put.into_configure(&t.id, &at.caller) {
        Ok(c) => s.admin.configure_sso(&at.caller, c).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/admin/t/{}/sso?done=sso", t.id))),
        Err(e) => {
            let known = ["metadata_url", "metadata_xml", "domains", "attributes"];
            let errors = Errors::from_admin_on(e, &known)?;
            form.metadata_xml.truncate(FORM_LIMIT);
            let conn = s.admin.sso(&at.caller, &t.id).await.ok();
            let nav = at.nav(&s, &t, "sso");
            Ok(at.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(nav, t.id.as_str(), conn, form, errors),
            ))
        }
    }
}
