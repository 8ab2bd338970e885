//! The sign-in pages of a pending authorization (`/login/{id}`): company ID, user name and
//! password, then the policy engine decides; and the SSO entry (`/login/{id}/sso`).

use super::guard::{self, Guard};
use super::{
    browser_id, csrf_ok, device, request_ip, second_factor, see_other, session, with_cookies,
};
use crate::extract::PageParams;
use crate::pages::{self, LoginPage, SsoPage};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_domain::{Client, ClientId, LoginMode, Tenant, TenantId, TwoFactor, User};
use idp_mfa_policy::{sign_in_step, Account, Decision, FirstFactor, Requested};
use idp_oidc::authorize::AuthRequest;
use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

const WRONG: &str = "The company ID, user name or password is not right. Check them and try again.";
const EXPIRED: &str =
    "This sign-in waited too long and has expired. Go back to the application and start again.";

pub(super) async fn pending(
    s: &AppState,
    id: &str,
) -> Result<(AuthRequest, Arc<Client>), PageError> {
    let json = s
        .provider
        .store
        .interaction(id, s.provider.now())
        .await?
        .ok_or_else(|| PageError::new(404, EXPIRED))?;
    let req: AuthRequest = serde_json::from_str(&json)
        .map_err(|e| PageError::internal("stored request unreadable", &e))?;
    let client_id = ClientId::parse(&req.client_id).map_err(|_| PageError::new(400, EXPIRED))?;
    let client = s.provider.store.client(&client_id).await?.ok_or_else(|| {
        PageError::new(
            400,
            "The application that sent you here is no longer registered.",
        )
    })?;
    Ok((req, client))
}

struct Form<'a> {
    id: &'a str,
    tenant: &'a str,
    username: &'a str,
    error: Option<&'a str>,
}

fn render_login(
    s: &AppState,
    headers: &HeaderMap,
    client: &Client,
    f: Form<'_>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/login/{}", f.id);
    let sso_href = format!("/login/{}/sso", f.id);
    let locked = client.tenant.as_ref().map(|t| t.as_str().to_owned());
    let page = LoginPage {
        action: &action,
        sso_href: &sso_href,
        csrf: &csrf,
        tenant: locked.as_deref().unwrap_or(f.tenant),
        username: f.username,
        error: f.error,
        client_name: &client.name,
        tenant_locked: locked.is_some(),
    };
    Ok(with_cookies(pages::render(status, &page), set))
}

pub async fn login_form_get(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (req, client) = pending(&s, &id).await?;
    let hint = req.login_hint.as_deref().unwrap_or("");
    render_login(
        &s,
        &headers,
        &client,
        Form {
            id: &id,
            tenant: "",
            username: hint,
            error: None,
        },
        StatusCode::OK,
    )
}

pub async fn login_form_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let (req, client) = pending(&s, &id).await?;
    let tenant_in = p.get("tenant").unwrap_or("").trim().to_ascii_lowercase();
    let username = p.get("username").unwrap_or("").trim().to_owned();
    let password = p.get("password").unwrap_or("").to_owned();
    let again = |error: &str, status: StatusCode| {
        render_login(
            &s,
            &headers,
            &client,
            Form {
                id: &id,
                tenant: &tenant_in,
                username: &username,
                error: Some(error),
            },
            status,
        )
    };
    if !csrf_ok(&s, &headers, &p) {
        return again(
            "The form had expired. Please sign in again.",
            StatusCode::FORBIDDEN,
        );
    }
    if tenant_in.is_empty() || username.is_empty() || password.is_empty() {
        return again(
            "Enter your company ID, user name and password.",
            StatusCode::OK,
        );
    }
    let tenant_id = TenantId::parse(&tenant_in).ok();
    if let (Some(bound), Some(t)) = (&client.tenant, &tenant_id) {
        if bound != t {
            return again(
                &format!(
                    "{} accepts only accounts of company \u{201c}{bound}\u{201d}.",
                    client.name
                ),
                StatusCode::OK,
            );
        }
    }
    let tenant = match &tenant_id {
        Some(t) => s.provider.store.tenant(t).await?,
        None => None,
    };
    // Rule 1, before any counter: SSO users are never locked out by password guesses.
    if tenant
        .as_ref()
        .is_some_and(|t| t.settings.login_mode == LoginMode::Sso)
    {
        return again(idp_mfa_policy::SSO_ONLY.message, StatusCode::OK);
    }
    let typed = guard::account_key(&tenant_in, &username);
    let device = device::trusted_for(&s, &headers, &typed);
    let ip = request_ip(&s, peer, &headers);
    let mut guard = Guard::new(&tenant_in, &username, ip, device.as_deref());
    if let Some(message) = guard.reserve(&s).await? {
        return again(&message, StatusCode::TOO_MANY_REQUESTS);
    }
    let Some((tenant, user)) = authenticate(&s, tenant, &username, password).await? else {
        s.metrics.logins_failed.fetch_add(1, Relaxed);
        tracing::info!(tenant = %tenant_in, "sign-in failed");
        guard.failed(&s).await?;
        return again(WRONG, StatusCode::OK);
    };
    let requested = if req.mfa_requested {
        Requested::MultiFactor
    } else {
        Requested::Any
    };
    // Factors only matter where two-factor is on (saves a query per sign-in elsewhere).
    let active = if tenant.settings.two_factor == TwoFactor::Disabled {
        Vec::new()
    } else {
        s.provider
            .store
            .active_methods(&tenant.id, &user.id)
            .await?
    };
    let account = Account {
        active: &active,
        email_confirmed: user.email_confirmed,
    };
    match sign_in_step(&tenant.settings, account, FirstFactor::Password, requested) {
        Decision::SignedIn { amr } => {
            complete(&s, &headers, &id, &req, (&tenant, &user), &amr, &mut guard).await
        }
        Decision::Refused(r) => {
            guard.passed(&s).await?;
            again(r.message, StatusCode::OK)
        }
        next => {
            guard.passed(&s).await?;
            let (browser, _) = browser_id(&s, &headers)?;
            second_factor::start(&s, &id, &browser, &tenant, &user, &next).await
        }
    }
}

/// The end of every sign-in: a new session, the counters cleared, the authorization answered
/// with a code. Exactly one request completes an authorization.
pub(super) async fn complete(
    s: &AppState,
    headers: &HeaderMap,
    id: &str,
    req: &AuthRequest,
    (tenant, user): (&Tenant, &User),
    amr: &[&str],
    guard: &mut Guard,
) -> Result<Response, PageError> {
    let (session, cookie) = session::start(s, headers, &tenant.id, &user.id, amr).await?;
    let device = device::after_sign_in(s, headers, guard.typed_account())?;
    s.metrics.logins_ok.fetch_add(1, Relaxed);
    guard.succeeded(s, user.id.as_str()).await?;
    tracing::info!(tenant = %tenant.id, user = %user.id, amr = ?amr, "signed in");
    if s.provider
        .store
        .take_interaction(id, s.provider.now())
        .await?
        .is_none()
    {
        return Err(PageError::new(409, EXPIRED));
    }
    let location = s.provider.issue_code(req, &session).await?;
    Ok(with_cookies(see_other(&location), [cookie, device]))
}

fn render_sso(
    s: &AppState,
    headers: &HeaderMap,
    id: &str,
    email: &str,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/login/{id}/sso");
    let back = format!("/login/{id}");
    let page = SsoPage {
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
    let (req, _) = pending(&s, &id).await?;
    let hint = req
        .login_hint
        .as_deref()
        .filter(|h| h.contains('@'))
        .unwrap_or("");
    render_sso(&s, &headers, &id, hint, None)
}

/// Home-realm discovery by e-mail domain. No tenant has an upstream identity provider
/// configured in this build (the federation broker is not built yet), so every address is
/// answered with that fact rather than a guess.
pub async fn login_sso_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    pending(&s, &id).await?;
    let email = p.get("email").unwrap_or("").trim().to_owned();
    if !csrf_ok(&s, &headers, &p) {
        return render_sso(
            &s,
            &headers,
            &id,
            &email,
            Some("The form had expired. Please try again."),
        );
    }
    if idp_domain::user::validate_email(&email).is_err() {
        return render_sso(
            &s,
            &headers,
            &id,
            &email,
            Some("Enter your work e-mail address, for example ann@example.com."),
        );
    }
    render_sso(
        &s,
        &headers,
        &id,
        &email,
        Some("No single sign-on is set up for this e-mail domain. Sign in with your company ID and password, or ask your administrator."),
    )
}

/// The first factor. A password is checked (against a dummy hash when there is no account)
/// so that every wrong answer takes as long. `None`: unknown tenant, unknown or disabled user,
/// or wrong password, one answer for all.
async fn authenticate(
    s: &AppState,
    tenant: Option<Arc<Tenant>>,
    username: &str,
    password: String,
) -> Result<Option<(Arc<Tenant>, User)>, PageError> {
    let user = match &tenant {
        Some(t) => s.provider.store.user_by_username(&t.id, username).await?,
        None => None,
    };
    let stored = user
        .as_ref()
        .filter(|u| !u.disabled)
        .and_then(|u| u.password_hash.clone());
    let ok = s.accounts.passwords.verify(password, stored).await;
    Ok(match (tenant, user, ok) {
        (Some(t), Some(u), true) => Some((t, u)),
        _ => None,
    })
}
