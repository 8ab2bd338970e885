//! The sign-in pages of a pending authorization (`/login/{id}`): company ID, user name and
//! password, then the policy engine decides; and the SSO entry (`/login/{id}/sso`).

use super::{browser_id, client_ip, csrf_ok, see_other, with_cookies};
use crate::extract::PageParams;
use crate::pages::{self, LoginPage, SsoPage};
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_domain::secret::{digest, random_b64};
use idp_domain::{Client, ClientId, Secret, TenantId};
use idp_mfa_policy::guessing::{self, Subject};
use idp_mfa_policy::{after_first_factor, Decision, FirstFactor, Requested};
use idp_oidc::authorize::AuthRequest;
use idp_oidc::{ACR_MFA, ACR_PASSWORD};
use idp_store::AuditEvent;
use idp_store::SessionRow;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

const WRONG: &str = "The company ID, user name or password is not right. Check them and try again.";
const EXPIRED: &str =
    "This sign-in waited too long and has expired. Go back to the application and start again.";

async fn pending(s: &AppState, id: &str) -> Result<(AuthRequest, Arc<Client>), PageError> {
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
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let mut guard = Guard::new(
        &tenant_in,
        &username,
        client_ip(&s.config.trusted_proxies, peer.ip(), forwarded),
    );
    if let Some(message) = guard.locked(&s).await? {
        return again(&message, StatusCode::TOO_MANY_REQUESTS);
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
    let user = match &tenant {
        Some(t) => s.provider.store.user_by_username(&t.id, &username).await?,
        None => None,
    };
    if let Some(t) = &tenant {
        if t.settings.login_mode == idp_domain::LoginMode::Sso {
            return again(idp_mfa_policy::SSO_ONLY.message, StatusCode::OK);
        }
    }
    let stored = user
        .as_ref()
        .filter(|u| !u.disabled)
        .and_then(|u| u.password_hash.clone());
    let ok = s.passwords.verify(password, stored).await;
    let (Some(tenant), Some(user), true) = (tenant, user, ok) else {
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
    let amr = match after_first_factor(&tenant.settings, &[], FirstFactor::Password, requested) {
        Decision::SignedIn { amr } => amr,
        Decision::Refused(r) => return again(r.message, StatusCode::OK),
        Decision::EnterCode { .. } | Decision::ChooseMethod { .. } | Decision::Enroll { .. } => {
            // Fail closed: this build cannot yet ask for a second factor.
            return again(
                "Your company requires a second factor, which this sign-in service cannot ask for yet. Contact your administrator.",
                StatusCode::FORBIDDEN,
            );
        }
    };
    // A fresh session ID at every sign-in (no session fixation); the old one ends.
    let mut set_cookies = Vec::new();
    if let Some(old) = cookies::get(&headers, cookies::SESSION) {
        s.provider.store.delete_session(&digest(&old)).await?;
    }
    let now = s.provider.now();
    let session_id =
        Secret::generate().map_err(|e| PageError::internal("random generator failed", &e))?;
    let session = SessionRow {
        id_digest: session_id.digest(),
        sid: random_b64(16).map_err(|e| PageError::internal("random generator failed", &e))?,
        tenant: tenant.id.clone(),
        user: user.id.clone(),
        auth_time: now,
        acr: if amr.len() > 1 { ACR_MFA } else { ACR_PASSWORD }.to_owned(),
        amr: amr.iter().map(|s| (*s).to_owned()).collect(),
        created_at: now,
        expires_at: now + s.config.session_ttl,
    };
    s.provider.store.create_session(&session).await?;
    set_cookies.push(cookies::set(
        cookies::SESSION,
        session_id.expose(),
        s.config.secure_cookies,
        None,
    ));
    s.metrics.logins_ok.fetch_add(1, Relaxed);
    guard.succeeded(&s, user.id.as_str()).await?;
    tracing::info!(tenant = %tenant.id, user = %user.id, "signed in");
    // Exactly one submission completes the authorization.
    if s.provider.store.take_interaction(&id, now).await?.is_none() {
        return Err(PageError::new(409, EXPIRED));
    }
    let location = s.provider.issue_code(&req, &session).await?;
    Ok(with_cookies(see_other(&location), set_cookies))
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

/// Rule 11: failed sign-ins are counted per account (company ID + user name, as typed, so the
/// answer is the same whether the account exists) and per client address; locks are refused
/// before any password is checked, and every outcome is audited.
struct Guard {
    tenant: String,
    username: String,
    ip: IpAddr,
    account_key: String,
    address_key: String,
    account_counted: bool,
}

impl Guard {
    fn new(tenant: &str, username: &str, ip: IpAddr) -> Self {
        Guard {
            tenant: tenant.to_owned(),
            username: username.to_owned(),
            ip,
            account_key: format!("acct:{tenant}:{}", idp_domain::user::username_key(username)),
            address_key: format!("ip:{ip}"),
            account_counted: false,
        }
    }

    /// The lock message if the account or the address is locked; remembers whether the
    /// account has a counter to clear after a success.
    async fn locked(&mut self, s: &AppState) -> Result<Option<String>, PageError> {
        let now = s.provider.now();
        let counters = s
            .provider
            .store
            .counters(&self.account_key, &self.address_key)
            .await?;
        self.account_counted = counters.iter().any(|(k, _)| *k == self.account_key);
        Ok(counters
            .iter()
            .map(|(_, t)| t.locked_until)
            .filter(|until| *until > now)
            .max()
            .map(|until| guessing::locked_message(until - now)))
    }

    async fn failed(&self, s: &AppState) -> Result<(), PageError> {
        let now = s.provider.now();
        self.audit(
            s,
            "sign_in.failure",
            None,
            Some(format!("user name {:?}", self.username)),
        )
        .await?;
        for (key, subject) in [
            (&self.account_key, Subject::Account),
            (&self.address_key, Subject::Address),
        ] {
            let t = s
                .provider
                .store
                .record_failure(key, now, guessing::WINDOW)
                .await?;
            if let Some(secs) = guessing::lockout(subject, t.failures) {
                s.provider.store.lock_attempts(key, now + secs).await?;
                let what = match subject {
                    Subject::Account => "account",
                    Subject::Address => "address",
                };
                tracing::warn!(tenant = %self.tenant, ip = %self.ip, failures = t.failures, "sign-in locked for {secs}s ({what})");
                self.audit(
                    s,
                    "sign_in.locked",
                    None,
                    Some(format!(
                        "{what} locked for {secs} s after {} failures",
                        t.failures
                    )),
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn succeeded(&self, s: &AppState, user: &str) -> Result<(), PageError> {
        if self.account_counted {
            s.provider.store.clear_failures(&self.account_key).await?;
        }
        self.audit(s, "sign_in.success", Some(user), None).await
    }

    async fn audit(
        &self,
        s: &AppState,
        event: &str,
        user: Option<&str>,
        detail: Option<String>,
    ) -> Result<(), PageError> {
        s.provider
            .store
            .audit(&AuditEvent {
                at: s.provider.now(),
                tenant: Some(self.tenant.clone()),
                user: user.map(str::to_owned),
                actor: None,
                event: event.to_owned(),
                detail,
                client_ip: Some(self.ip.to_string()),
            })
            .await?;
        Ok(())
    }
}
