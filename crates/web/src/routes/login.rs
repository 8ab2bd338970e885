//! The sign-in pages of a pending authorization (`/login/{id}`): company ID, user name and
//! password, handed to the sign-in service; and the SSO entry (`/login/{id}/sso`).

use super::{browser_id, csrf_ok, request_ip, see_other, with_cookies};
use crate::extract::PageParams;
use crate::pages::{self, Brand, LoginPage, SsoPage};
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use idp_domain::TenantId;
use idp_i18n::Msg;
use idp_signin::sso::{Discovered, SsoError, REQUEST_TTL};
use idp_signin::{Browser, Completed, Interaction, Next};
use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;

struct Form<'a> {
    tenant: &'a str,
    username: &'a str,
    error: Option<Msg>,
}

async fn render_login(
    s: &AppState,
    headers: &HeaderMap,
    ia: &Interaction,
    f: Form<'_>,
    status: StatusCode,
) -> Result<Response, PageError> {
    // The tenant is known here only for an application bound to one.
    let brand = match &ia.client.tenant {
        Some(t) => s
            .accounts
            .store
            .tenant(t)
            .await?
            .as_deref()
            .and_then(Brand::of),
        None => None,
    };
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/login/{}", ia.id);
    let sso_href = format!("/login/{}/sso", ia.id);
    let locked = ia.client.tenant.as_ref().map(|t| t.as_str().to_owned());
    let page = LoginPage {
        t: super::language::tr(s, headers, super::language::Asked::by(ia)),
        action: &action,
        sso_href: &sso_href,
        csrf: &csrf,
        tenant: locked.as_deref().unwrap_or(f.tenant),
        username: f.username,
        error: f.error,
        client_name: &ia.client.name,
        tenant_locked: locked.is_some(),
        brand,
    };
    Ok(with_cookies(pages::render(status, &page), set))
}

/// What the browser brings to the sign-in service: its CSRF-binding value, address, device
/// cookie and current session.
pub(super) fn browser<'a>(
    s: &AppState,
    headers: &'a HeaderMap,
    peer: SocketAddr,
    cookies: &'a BrowserCookies,
) -> Browser<'a> {
    Browser {
        id: &cookies.browser,
        ip: request_ip(s, peer, headers),
        device: cookies.device.as_deref(),
        session: cookies.session.as_deref(),
        language: cookies.language.as_deref(),
    }
}

/// The cookies a sign-in step reads, read once.
pub(super) struct BrowserCookies {
    browser: String,
    device: Option<String>,
    session: Option<String>,
    /// The language switch's choice.
    language: Option<String>,
}

impl BrowserCookies {
    pub(super) fn browser(&self) -> &str {
        &self.browser
    }

    pub(super) fn read(s: &AppState, headers: &HeaderMap) -> Result<Self, PageError> {
        let secure = s.config.secure_cookies;
        Ok(BrowserCookies {
            browser: browser_id(s, headers)?.0,
            device: cookies::get(headers, cookies::DEVICE, secure),
            session: cookies::get(headers, cookies::SESSION, secure),
            language: super::language::chosen(headers, s).0,
        })
    }
}

/// The end of a sign-in: the session and device cookies, and, where this browser has made
/// no choice of its own, the language the user chose before.
pub(super) fn completed(s: &AppState, headers: &HeaderMap, done: Completed) -> Response {
    s.metrics.logins_ok.fetch_add(1, Relaxed);
    let secure = s.config.secure_cookies;
    let mut set: Vec<HeaderValue> = vec![
        cookies::set(cookies::SESSION, &done.session, secure, None),
        cookies::set(
            cookies::DEVICE,
            &done.device,
            secure,
            Some(idp_accounts::device::MAX_AGE),
        ),
    ];
    let chosen_here = cookies::get(headers, cookies::LANG, secure).is_some();
    if let Some(l) = done.locale.as_deref().and_then(idp_i18n::Lang::parse) {
        if !chosen_here {
            set.push(super::language::cookie(s, l));
        }
    }
    with_cookies(see_other(&done.location), set)
}

pub async fn login_form_get(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let ia = s.signin.interaction(&id).await?;
    // A tenant-bound client of an SSO tenant, a domain_hint or a login_hint e-mail that a
    // connection claims: straight to the IdP.
    if let Some(tenant) = s.signin.sso_route(&ia).await? {
        let hint = ia.request.login_hint.clone().filter(|h| h.contains('@'));
        return start_sso(&s, &headers, peer, (&ia, &tenant), hint.as_deref()).await;
    }
    let hint = ia.request.login_hint.clone().unwrap_or_default();
    let form = Form {
        tenant: "",
        username: &hint,
        error: None,
    };
    render_login(&s, &headers, &ia, form, StatusCode::OK).await
}

/// The redirect to `tenant`'s IdP, with the SSO cookie that binds it to this browser (set
/// again each time, so that its lifetime runs from the latest start).
async fn start_sso(
    s: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    (ia, tenant): (&Interaction, &TenantId),
    email: Option<&str>,
) -> Result<Response, PageError> {
    let secure = s.config.secure_cookies;
    let had = cookies::get(headers, cookies::SSO, secure);
    let ip = request_ip(s, peer, headers);
    let started = s
        .signin
        .sso_start(ia, tenant, email, had.as_deref(), ip)
        .await?;
    let set = cookies::set_cross_site(cookies::SSO, &started.browser_cookie, secure, REQUEST_TTL);
    Ok(with_cookies(see_other(&started.location), [set]))
}

/// Why the sign-in form is shown again before anything is checked.
fn form_refused(csrf_ok: bool, fields: [&str; 3]) -> Option<(Msg, StatusCode)> {
    if !csrf_ok {
        Some((Msg::new("login-form-expired"), StatusCode::FORBIDDEN))
    } else if fields.iter().any(|f| f.is_empty()) {
        Some((Msg::new("login-fields-missing"), StatusCode::OK))
    } else {
        None
    }
}

pub async fn login_form_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let tenant = p.get("tenant").unwrap_or("").trim().to_ascii_lowercase();
    let username = p.get("username").unwrap_or("").trim().to_owned();
    let password = p.get("password").unwrap_or("").to_owned();
    let form = |error| Form {
        tenant: &tenant,
        username: &username,
        error: Some(error),
    };
    let csrf = csrf_ok(&s, &headers, &p);
    if let Some((message, status)) = form_refused(csrf, [&tenant, &username, &password]) {
        let ia = s.signin.interaction(&id).await?;
        return render_login(&s, &headers, &ia, form(message), status).await;
    }
    let jar = BrowserCookies::read(&s, &headers)?;
    let browser = browser(&s, &headers, peer, &jar);
    let typed = (tenant.as_str(), username.as_str());
    let (ia, next) = s
        .signin
        .sign_in_with_password(&id, browser, typed, password)
        .await?;
    match next {
        Next::Completed(done) => Ok(completed(&s, &headers, done)),
        Next::SecondFactor => Ok(see_other(&format!("/login/{id}/factor"))),
        Next::Again { message, status } => {
            s.metrics.logins_failed.fetch_add(1, Relaxed);
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            render_login(&s, &headers, &ia, form(message), status).await
        }
    }
}

fn render_sso(
    s: &AppState,
    headers: &HeaderMap,
    ia: &Interaction,
    email: &str,
    error: Option<Msg>,
) -> Result<Response, PageError> {
    let id = &ia.id;
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/login/{id}/sso");
    let back = format!("/login/{id}");
    let page = SsoPage {
        t: super::language::tr(s, headers, super::language::Asked::by(ia)),
        action: &action,
        back_href: &back,
        csrf: &csrf,
        email,
        error,
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), set))
}

pub async fn login_sso_get(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let ia = s.signin.interaction(&id).await?;
    let hint = ia.request.login_hint.as_deref().filter(|h| h.contains('@'));
    render_sso(&s, &headers, &ia, hint.unwrap_or(""), None)
}

/// Home-realm discovery by e-mail domain: the connection that claims it, or a message that
/// names no domain.
pub async fn login_sso_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let ia = s.signin.interaction(&id).await?;
    let email = p.get("email").unwrap_or("").trim().to_owned();
    if !csrf_ok(&s, &headers, &p) {
        let e = Msg::new("sso-form-expired");
        return render_sso(&s, &headers, &ia, &email, Some(e));
    }
    let error = match s.signin.sso_discover(&email).await {
        Ok(Discovered::Tenant(t)) => {
            return start_sso(&s, &headers, peer, (&ia, &t), Some(&email)).await
        }
        Ok(_) => Msg::new("sso-no-connection"),
        Err(SsoError::Invalid { .. }) => Msg::new("sso-bad-email"),
        Err(e) => return Err(e.into()),
    };
    render_sso(&s, &headers, &ia, &email, Some(error))
}
