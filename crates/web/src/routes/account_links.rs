//! Pages reached from mailed links (rules 7 to 10): registration (choose a password, and
//! optionally set up an authenticator app at once), password reset (refused to accounts with
//! a second factor, with one answer for every input), and e-mail confirmation. Links are
//! single use: a link is spent only by the request that completes its page.

use super::{audit_user, browser_id, csrf_ok, request_ip, see_other, with_cookies};
use crate::extract::PageParams;
use crate::pages::{
    self, ConfirmEmailPage, MessagePage, ResetRequestPage, SetPasswordPage, TotpEnrollPage,
};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::guard::Guard;
use idp_accounts::links::{offers_totp, Holder, PasswordByLink};
use idp_accounts::mail::{self as lifecycle, Outgoing};
use idp_accounts::Check;
use idp_domain::secret::digest;
use idp_domain::{LoginMode, Method, Tenant, TenantId, User};
use idp_mfa_policy::actions::may_reset_password;
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
    let (id, name) = (&tenant.id, &user.username);
    Ok(match done {
        None => return Err(PageError::new(404, dead)),
        Some(PasswordByLink::Weak(e)) => return again(&e, StatusCode::OK),
        Some(PasswordByLink::ResetRefused(why)) => message("Password not changed", why),
        Some(PasswordByLink::Reset) => message(
            "Password changed",
            &format!("Your new password is set and every earlier sign-in has ended. Sign in again with company ID \u{201c}{id}\u{201d} and user name \u{201c}{name}\u{201d}."),
        ),
        Some(PasswordByLink::Registered { setup: Some(t) }) => see_other(&format!("/account/setup/{t}")),
        Some(PasswordByLink::Registered { setup: None }) => message(
            "Your account is ready",
            &format!("Your password is set. Go back to your application and sign in with company ID \u{201c}{id}\u{201d} and user name \u{201c}{name}\u{201d}."),
        ),
    })
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
    let Holder { tenant, user, .. } = holder(&s, &token, LinkPurpose::Setup, DEAD_LINK).await?;
    if !csrf_ok(&s, &headers, &p) {
        let e = Some("The form had expired. Please try again.");
        return render_setup(&s, &headers, &token, &tenant, &user, e).await;
    }
    let ip = request_ip(&s, peer, &headers);
    let mut guard = Guard::new(tenant.id.as_str(), &user.username, ip, None);
    if let Some(m) = guard.reserve(&s.accounts).await? {
        return render_setup(&s, &headers, &token, &tenant, &user, Some(&m)).await;
    }
    let code = p.get("code").unwrap_or("");
    match s.accounts.check_totp(&tenant, &user, code, true).await? {
        Check::Accepted => {
            guard.passed(&s.accounts).await?;
            s.provider
                .store
                .take_link(&digest(&token), LinkPurpose::Setup, s.provider.now())
                .await?;
            guard
                .factor_changed(&s.accounts, "factor.enrolled", Method::Totp)
                .await?;
            s.provider
                .store
                .delete_user_sessions(&tenant.id, &user.id)
                .await?;
            Ok(message(
                "Your account is ready",
                &format!(
                    "Your password and authenticator app are set. Go back to your application and sign in with company ID \u{201c}{}\u{201d} and user name \u{201c}{}\u{201d}.",
                    tenant.id, user.username
                ),
            ))
        }
        other => {
            guard.failed_code(&s.accounts, Method::Totp).await?;
            let e = Some(other.message(Method::Totp));
            render_setup(&s, &headers, &token, &tenant, &user, e).await
        }
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
    let state = s.clone();
    tokio::spawn(async move {
        if let Err(e) = reset_behind(&state, &tenant_in, &username).await {
            tracing::warn!(error = %e, "password reset request failed");
        }
    });
    Ok(message(
        "Check your mail",
        "If the company ID and user name match an account, we have sent a mail to its address. It can take a few minutes to arrive.",
    ))
}

async fn reset_behind(s: &AppState, tenant: &str, username: &str) -> Result<(), String> {
    let Ok(tenant_id) = TenantId::parse(tenant) else {
        return Ok(());
    };
    let store = &s.provider.store;
    let err = |e: idp_store::StoreError| e.to_string();
    let Some(tenant) = store.tenant(&tenant_id).await.map_err(err)? else {
        return Ok(());
    };
    let Some(user) = store
        .user_by_username(&tenant.id, username)
        .await
        .map_err(err)?
        .filter(|u| !u.disabled)
    else {
        return Ok(());
    };
    if tenant.settings.login_mode == LoginMode::Sso {
        return Ok(());
    }
    // At most one reset mail per account per minute.
    let key = format!("reset:{}:{}", tenant.id, user.id);
    let now = s.provider.now();
    let t = store.record_failure(&key, now, 60).await.map_err(err)?;
    if t.failures > 1 {
        return Ok(());
    }
    let active = store
        .active_methods(&tenant.id, &user.id)
        .await
        .map_err(err)?;
    let out = Outgoing {
        store,
        delivery: &s.accounts.delivery,
        issuer: &s.provider.config.issuer,
        now,
    };
    let sent = match may_reset_password(&tenant.settings, &active) {
        Ok(()) => lifecycle::send_link(&out, &tenant, &user, LinkPurpose::Reset).await,
        Err(r) => lifecycle::send_reset_refused(&out, &tenant, &user, r.message).await,
    };
    sent.map_err(|e| e.to_string())
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
    let Holder { tenant, user, .. } = holder(&s, &token, LinkPurpose::Confirm, DEAD_LINK).await?;
    if !csrf_ok(&s, &headers, &p) {
        return Err(PageError::new(
            403,
            "The form had expired. Open the link from the mail again.",
        ));
    }
    let now = s.provider.now();
    let link = s
        .provider
        .store
        .take_link(&digest(&token), LinkPurpose::Confirm, now)
        .await?
        .ok_or_else(|| PageError::new(404, DEAD_LINK))?;
    let confirmed = s
        .provider
        .store
        .confirm_email(&tenant.id, &user.id, &link.email, now)
        .await?;
    if !confirmed {
        return Ok(message(
            "Address changed",
            "Your account now has another address; this link was for the previous one.",
        ));
    }
    let ip = request_ip(&s, peer, &headers);
    audit_user(&s, &tenant.id, &user.id, "email.confirmed", None, ip).await?;
    Ok(message(
        "Address confirmed",
        &format!("Thank you: {} is confirmed.", link.email),
    ))
}
