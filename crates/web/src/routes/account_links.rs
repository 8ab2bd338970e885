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
use idp_store::LinkPurpose;
use std::net::SocketAddr;

const DEAD_LINK: &str =
    "This link has expired or was already used. Ask your administrator to send a new one.";
const DEAD_RESET_LINK: &str =
    "This link has expired or was already used. Ask for a new one on the password reset page.";

fn message(title: &str, text: &str) -> Response {
    pages::render(
        StatusCode::OK,
        &MessagePage {
            title,
            message: text,
        },
    )
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
        .ok_or_else(|| PageError::new(404, dead))
}

struct PasswordForm<'a> {
    purpose: LinkPurpose,
    token: &'a str,
    error: Option<&'a str>,
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
    let lead = format!(
        "Company ID \u{201c}{}\u{201d}, user name \u{201c}{}\u{201d}.",
        tenant.id, user.username
    );
    let page = SetPasswordPage {
        brand: Brand::of(tenant),
        title: if register {
            "Choose your password"
        } else {
            "Choose a new password"
        },
        lead: &lead,
        action: &action,
        csrf: &csrf,
        username: &user.username,
        error: f.error,
        offer_totp: register && offers_totp(tenant, user),
        totp_checked: f.totp_checked,
        totp_hint: "Your company may ask for a code from an app on your phone when you sign in. Setting it up now saves a step later.",
        button: if register {
            "Set password"
        } else {
            "Change password"
        },
    };
    Ok(with_cookies(pages::render(f.status, &page), set))
}

fn purpose_of(kind: &str) -> Result<(LinkPurpose, &'static str), PageError> {
    match kind {
        "register" => Ok((LinkPurpose::Register, DEAD_LINK)),
        "reset" => Ok((LinkPurpose::Reset, DEAD_RESET_LINK)),
        _ => Err(PageError::new(404, "There is no such page.")),
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
    let again = |error: &str, status: StatusCode| {
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
        return again(
            "The form had expired. Please try again.",
            StatusCode::FORBIDDEN,
        );
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
        None => Err(PageError::new(404, dead)),
        Some(PasswordByLink::Weak(e)) => again(&e, StatusCode::OK),
        Some(done) => Ok(password_set(tenant, user, done)),
    }
}

/// The page after a password was chosen (or refused) through a link.
fn password_set(tenant: &Tenant, user: &User, done: PasswordByLink) -> Response {
    let (id, name) = (&tenant.id, &user.username);
    match done {
        PasswordByLink::ResetRefused(why) => message("Password not changed", why),
        PasswordByLink::Reset => message(
            "Password changed",
            &format!("Your new password is set and every earlier sign-in has ended. Sign in again with company ID \u{201c}{id}\u{201d} and user name \u{201c}{name}\u{201d}."),
        ),
        PasswordByLink::Registered { setup: Some(t) } => see_other(&format!("/account/setup/{t}")),
        // Shown with the form instead (by the caller); here only for completeness.
        PasswordByLink::Weak(e) => message("Password not changed", &e),
        PasswordByLink::Registered { setup: None } => message(
            "Your account is ready",
            &format!("Your password is set. Go back to your application and sign in with company ID \u{201c}{id}\u{201d} and user name \u{201c}{name}\u{201d}."),
        ),
    }
}

async fn render_setup(
    s: &AppState,
    headers: &HeaderMap,
    token: &str,
    tenant: &Tenant,
    user: &User,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let Some((qr, secret)) = s.accounts.totp_enrollment(tenant, user).await? else {
        return Ok(message(
            "Authenticator app already set up",
            "Your authenticator app is already on. You can sign in now.",
        ));
    };
    let action = format!("/account/setup/{token}");
    let page = TotpEnrollPage {
        brand: Brand::of(tenant),
        lead: "Your password is set. Now connect an authenticator app to your account.",
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
        let e = Some("The form had expired. Please try again.");
        return render_setup(&s, &headers, &token, tenant, user, e).await;
    }
    let ip = request_ip(&s, peer, &headers);
    let code = p.get("code").unwrap_or("");
    match s.accounts.setup_by_link(&h, &token, code, ip).await? {
        SetupByLink::Done => Ok(message(
            "Your account is ready",
            &format!(
                "Your password and authenticator app are set. Go back to your application and sign in with company ID \u{201c}{}\u{201d} and user name \u{201c}{}\u{201d}.",
                tenant.id, user.username
            ),
        )),
        SetupByLink::Again(e) => render_setup(&s, &headers, &token, tenant, user, Some(&e)).await,
    }
}

fn render_reset_request(
    s: &AppState,
    headers: &HeaderMap,
    tenant: &str,
    username: &str,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let page = ResetRequestPage {
        csrf: &csrf,
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
            Some("The form had expired. Please try again."),
        );
    }
    if tenant_in.is_empty() || username.is_empty() {
        return render_reset_request(
            &s,
            &headers,
            &tenant_in,
            &username,
            Some("Enter your company ID and user name."),
        );
    }
    let accounts = s.accounts.clone();
    tokio::spawn(async move {
        if let Err(e) = accounts.request_reset(&tenant_in, &username).await {
            tracing::warn!(error = %e, "password reset request failed");
        }
    });
    Ok(message(
        "Check your mail",
        "If the company ID and user name match an account, we have sent a mail to its address. It can take a few minutes to arrive.",
    ))
}

/// `GET /account/confirm/{token}`: a button, so that mail scanners following links do not
/// confirm anything.
pub async fn confirm_get(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Holder { link, .. } = holder(&s, &token, LinkPurpose::Confirm, DEAD_LINK).await?;
    let (browser, set) = browser_id(&s, &headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/account/confirm/{token}");
    let page = ConfirmEmailPage {
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
    let Holder { tenant, user, link } = holder(&s, &token, LinkPurpose::Confirm, DEAD_LINK).await?;
    if !csrf_ok(&s, &headers, &p) {
        return Err(PageError::new(
            403,
            "The form had expired. Open the link from the mail again.",
        ));
    }
    let ip = request_ip(&s, peer, &headers);
    let h = Holder { tenant, user, link };
    let email = match s.accounts.confirm_by_link(&h, &token, ip).await? {
        None => return Err(PageError::new(404, DEAD_LINK)),
        Some(ConfirmByLink::AddressChanged) => {
            return Ok(message(
                "Address changed",
                "Your account now has another address; this link was for the previous one.",
            ))
        }
        Some(ConfirmByLink::Confirmed(email)) => email,
    };
    Ok(message(
        "Address confirmed",
        &format!("Thank you: {email} is confirmed."),
    ))
}
