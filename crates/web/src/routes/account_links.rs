//! Pages reached from mailed links (rules 7 to 10): registration (choose a password, and
//! optionally set up an authenticator app at once), password reset (refused to accounts with
//! a second factor, with one answer for every input), and e-mail confirmation. Links are
//! single use: a link is spent only by the request that completes its page.

use super::{browser_id, csrf_ok, request_ip, see_other, with_cookies};
use crate::extract::PageParams;
use crate::pages::{
    self, Brand, ConfirmEmailPage, MessagePage, ResetRequestPage, SetPasswordPage, TotpEnrollPage,
};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::links::{offers_totp, ConfirmByLink, Holder, PasswordByLink, SetupByLink};
use idp_domain::{Tenant, User};
use idp_i18n::{Msg, Tr};
use idp_store::LinkPurpose;
use std::net::SocketAddr;

const DEAD_LINK: &str = "link-dead";
const DEAD_RESET_LINK: &str = "link-dead-reset";

/// A page of words, in the language of the request (the link holder's, once known).
fn message(title: &'static str, text: Msg) -> Response {
    pages::render(StatusCode::OK, &MessagePage::of(title, text))
}

/// The link holder's language for the pages of their link.
fn holder_tr(s: &AppState, headers: &HeaderMap, tenant: &Tenant, user: &User) -> Tr {
    super::language::for_user(s, headers, Default::default(), (user, tenant))
}

/// The live link's holder, or the page that says the link is dead.
async fn holder(
    s: &AppState,
    token: &str,
    purpose: LinkPurpose,
    dead: &'static str,
) -> Result<Holder, PageError> {
    s.accounts
        .holder(token, purpose)
        .await?
        .ok_or_else(|| PageError::msg(404, Msg::new(dead)))
}

struct PasswordForm<'a> {
    purpose: LinkPurpose,
    token: &'a str,
    error: Option<Msg>,
    totp_checked: bool,
    status: StatusCode,
}

fn render_password(
    s: &AppState,
    headers: &HeaderMap,
    tenant: &Tenant,
    user: &User,
    f: PasswordForm<'_>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/account/{}/{}", f.purpose.as_str(), f.token);
    let register = f.purpose == LinkPurpose::Register;
    let (title, button) = if register {
        ("password-title-register", "password-button-register")
    } else {
        ("password-title-reset", "password-button-reset")
    };
    let page = SetPasswordPage {
        t: holder_tr(s, headers, tenant, user),
        brand: Brand::of(tenant),
        title: Msg::new(title),
        lead: Msg::new("password-lead")
            .with("tenant", tenant.id.as_str())
            .with("username", user.username.as_str()),
        action: &action,
        csrf: &csrf,
        username: &user.username,
        error: f.error,
        offer_totp: register && offers_totp(tenant, user),
        totp_checked: f.totp_checked,
        button: Msg::new(button),
    };
    Ok(with_cookies(pages::render(f.status, &page), set))
}

fn purpose_of(kind: &str) -> Result<(LinkPurpose, &'static str), PageError> {
    match kind {
        "register" => Ok((LinkPurpose::Register, DEAD_LINK)),
        "reset" => Ok((LinkPurpose::Reset, DEAD_RESET_LINK)),
        _ => Err(PageError::msg(404, Msg::new("error-no-page"))),
    }
}

/// `GET /account/register/{token}` and `GET /account/reset/{token}`.
pub async fn password_link_get(
    State(s): State<AppState>,
    Path((kind, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (purpose, dead) = purpose_of(&kind)?;
    let Holder { tenant, user, .. } = holder(&s, &token, purpose, dead).await?;
    render_password(
        &s,
        &headers,
        &tenant,
        &user,
        PasswordForm {
            purpose,
            token: &token,
            error: None,
            totp_checked: false,
            status: StatusCode::OK,
        },
    )
}

/// `POST /account/register/{token}` and `POST /account/reset/{token}`.
pub async fn password_link_post(
    State(s): State<AppState>,
    Path((kind, token)): Path<(String, String)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let (purpose, dead) = purpose_of(&kind)?;
    let h = holder(&s, &token, purpose, dead).await?;
    let (tenant, user) = (&h.tenant, &h.user);
    let wants_totp = p.get("totp") == Some("1");
    let again = |error: Msg, status: StatusCode| {
        let form = PasswordForm {
            purpose,
            token: &token,
            error: Some(error),
            totp_checked: wants_totp,
            status,
        };
        render_password(&s, &headers, tenant, user, form)
    };
    if !csrf_ok(&s, &headers, &p) {
        return again(Msg::new("form-expired"), StatusCode::FORBIDDEN);
    }
    let entered = (
        p.get("password").unwrap_or(""),
        p.get("password_confirm").unwrap_or(""),
    );
    let ip = request_ip(&s, peer, &headers);
    let done = s
        .accounts
        .password_by_link(&h, &token, purpose, entered, wants_totp, ip)
        .await?;
    match done {
        None => Err(PageError::msg(404, Msg::new(dead))),
        Some(PasswordByLink::Weak(e)) => again(e, StatusCode::OK),
        Some(done) => Ok(password_set(tenant, user, done)),
    }
}

/// The page after a password was chosen (or refused) through a link.
fn password_set(tenant: &Tenant, user: &User, done: PasswordByLink) -> Response {
    let with_names = |key| {
        Msg::new(key)
            .with("tenant", tenant.id.as_str())
            .with("username", user.username.as_str())
    };
    match done {
        PasswordByLink::ResetRefused(why) => message("password-not-changed", why),
        PasswordByLink::Reset => message("password-changed", with_names("password-changed-lead")),
        PasswordByLink::Registered { setup: Some(t) } => see_other(&format!("/account/setup/{t}")),
        // Shown with the form instead (by the caller); here only for completeness.
        PasswordByLink::Weak(e) => message("password-not-changed", e),
        PasswordByLink::Registered { setup: None } => {
            message("account-ready", with_names("account-ready-password"))
        }
    }
}

async fn render_setup(
    s: &AppState,
    headers: &HeaderMap,
    token: &str,
    tenant: &Tenant,
    user: &User,
    error: Option<Msg>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let t = holder_tr(s, headers, tenant, user);
    let Some((qr, secret)) = s.accounts.totp_enrollment(tenant, user).await? else {
        return Ok(message(
            "setup-already-title",
            Msg::new("setup-already-lead"),
        ));
    };
    let action = format!("/account/setup/{token}");
    let page = TotpEnrollPage {
        t,
        brand: Brand::of(tenant),
        lead: Msg::new("setup-after-password-lead"),
        action: &action,
        csrf: &csrf,
        qr_data_uri: &qr,
        secret: &secret,
        error,
        back: None,
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), set))
}

/// `GET /account/setup/{token}`: the authenticator set-up that follows registration.
pub async fn setup_get(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Holder { tenant, user, .. } = holder(&s, &token, LinkPurpose::Setup, DEAD_LINK).await?;
    render_setup(&s, &headers, &token, &tenant, &user, None).await
}

pub async fn setup_post(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let h = holder(&s, &token, LinkPurpose::Setup, DEAD_LINK).await?;
    let (tenant, user) = (&h.tenant, &h.user);
    if !csrf_ok(&s, &headers, &p) {
        let e = Some(Msg::new("form-expired"));
        return render_setup(&s, &headers, &token, tenant, user, e).await;
    }
    let ip = request_ip(&s, peer, &headers);
    let code = p.get("code").unwrap_or("");
    match s.accounts.setup_by_link(&h, &token, code, ip).await? {
        SetupByLink::Done => Ok(message(
            "account-ready",
            Msg::new("account-ready-totp")
                .with("tenant", tenant.id.as_str())
                .with("username", user.username.as_str()),
        )),
        SetupByLink::Again(e) => render_setup(&s, &headers, &token, tenant, user, Some(e)).await,
    }
}

fn render_reset_request(
    s: &AppState,
    headers: &HeaderMap,
    tenant: &str,
    username: &str,
    error: Option<Msg>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let page = ResetRequestPage {
        t: super::language::current(),
        csrf: &csrf,
        action: "/account/reset",
        tenant,
        username,
        error,
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), set))
}

/// `GET /account/reset`: asks for company ID and user name.
pub async fn reset_get(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    render_reset_request(&s, &headers, "", "", None)
}

/// `POST /account/reset`: one answer for every input (rule 8). What happens behind it (a
/// reset link, the mail saying an administrator must reset the account, or nothing) runs
/// after the answer, so its time does not tell either.
pub async fn reset_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let tenant_in = p.get("tenant").unwrap_or("").trim().to_ascii_lowercase();
    let username = p.get("username").unwrap_or("").trim().to_owned();
    if !csrf_ok(&s, &headers, &p) {
        return render_reset_request(
            &s,
            &headers,
            &tenant_in,
            &username,
            Some(Msg::new("form-expired")),
        );
    }
    if tenant_in.is_empty() || username.is_empty() {
        return render_reset_request(
            &s,
            &headers,
            &tenant_in,
            &username,
            Some(Msg::new("reset-fields-missing")),
        );
    }
    let accounts = s.accounts.clone();
    tokio::spawn(async move {
        if let Err(e) = accounts.request_reset(&tenant_in, &username).await {
            tracing::warn!(error = %e, "password reset request failed");
        }
    });
    Ok(message("reset-sent-title", Msg::new("reset-sent-lead")))
}

/// `GET /account/confirm/{token}`: a button, so that mail scanners following links do not
/// confirm anything.
pub async fn confirm_get(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let h = holder(&s, &token, LinkPurpose::Confirm, DEAD_LINK).await?;
    let (browser, set) = browser_id(&s, &headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/account/confirm/{token}");
    let link = &h.link;
    let page = ConfirmEmailPage {
        t: holder_tr(&s, &headers, &h.tenant, &h.user),
        action: &action,
        csrf: &csrf,
        email: &link.email,
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), set))
}

pub async fn confirm_post(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let h = holder(&s, &token, LinkPurpose::Confirm, DEAD_LINK).await?;
    holder_tr(&s, &headers, &h.tenant, &h.user);
    if !csrf_ok(&s, &headers, &p) {
        return Err(PageError::msg(403, Msg::new("confirm-form-expired")));
    }
    let ip = request_ip(&s, peer, &headers);
    let email = match s.accounts.confirm_by_link(&h, &token, ip).await? {
        None => return Err(PageError::msg(404, Msg::new(DEAD_LINK))),
        Some(ConfirmByLink::AddressChanged) => {
            return Ok(message(
                "confirm-changed-title",
                Msg::new("confirm-changed-lead"),
            ))
        }
        Some(ConfirmByLink::Confirmed(email)) => email,
    };
    Ok(message(
        "confirm-done-title",
        Msg::new("confirm-done-lead").with("email", email),
    ))
}
