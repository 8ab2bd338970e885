//! The second step of a sign-in (`/login/{id}/factor`): choose a method, enter its code, or
//! enroll a first method where the policy demands one. The step's state lives in the database
//! (`pending_logins`), bound to the authorization and to the browser that typed the password,
//! so any node can serve any request of it.

use super::device;
use super::guard::{self, Guard};
use super::login::{self, complete};
use super::{browser_id, csrf_ok, request_ip, see_other};
use crate::extract::PageParams;
use crate::pages::{self, Choice, ChoosePage, CodePage, PhonePage, TotpEnrollPage};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::{method_label, Check};
use idp_domain::secret::digest;
use idp_domain::user::{mask_email, mask_phone, normalize_phone};
use idp_domain::{Method, Tenant, User};
use idp_mfa_policy::codes::MAX_FAILURES_PER_SIGN_IN;
use idp_mfa_policy::{
    amr_after_second_factor, sign_in_step, Account, Decision, FirstFactor, Requested,
};
use idp_store::PendingLogin;
use std::net::SocketAddr;
use std::sync::Arc;

const GONE: &str = "This sign-in step has expired or was finished in another window. Go back to the application and sign in again.";

/// Everything a request of the step needs, loaded and checked.
struct Step {
    pending: PendingLogin,
    tenant: Arc<Tenant>,
    user: User,
    /// What the policy says now (methods to choose from, to enroll, or the one to enter).
    decision: Decision,
    browser: String,
}

async fn load(s: &AppState, id: &str, headers: &HeaderMap) -> Result<Step, PageError> {
    let (browser, _) = browser_id(s, headers)?;
    let now = s.provider.now();
    let pending = s
        .provider
        .store
        .pending_login(id, &digest(&browser), now)
        .await?
        .ok_or_else(|| PageError::new(404, GONE))?;
    let tenant = s
        .provider
        .store
        .tenant(&pending.tenant)
        .await?
        .ok_or_else(|| PageError::new(404, GONE))?;
    let user = s
        .provider
        .store
        .user(&pending.tenant, &pending.user)
        .await?
        .filter(|u| !u.disabled && u.has_password())
        .ok_or_else(|| PageError::new(404, GONE))?;
    let (req, _) = login::pending(s, id).await?;
    let active = s
        .provider
        .store
        .active_methods(&tenant.id, &user.id)
        .await?;
    let decision = sign_in_step(
        &tenant.settings,
        Account {
            active: &active,
            email_confirmed: user.email_confirmed,
        },
        FirstFactor::Password,
        if req.mfa_requested {
            Requested::MultiFactor
        } else {
            Requested::Any
        },
    );
    Ok(Step {
        pending,
        tenant,
        user,
        decision,
        browser,
    })
}

/// The methods the user may pick now, and whether picking means enrolling.
fn choices(d: &Decision) -> (Vec<Method>, bool) {
    match d {
        Decision::ChooseMethod { methods } => (methods.clone(), false),
        Decision::EnterCode { method } => (vec![*method], false),
        Decision::Enroll { methods } => (methods.clone(), true),
        Decision::SignedIn { .. } | Decision::Refused(_) => (Vec::new(), false),
    }
}

/// Called by the password step when the policy asks for more: records the step and sends
/// the browser to it. A single method is selected at once (and its code sent).
pub async fn start(
    s: &AppState,
    id: &str,
    browser: &str,
    tenant: &Tenant,
    user: &User,
    decision: &Decision,
) -> Result<Response, PageError> {
    let now = s.provider.now();
    let (methods, enrolling) = choices(decision);
    let p = PendingLogin {
        interaction_id: id.to_owned(),
        browser_digest: digest(browser),
        tenant: tenant.id.clone(),
        user: user.id.clone(),
        method: None,
        enrolling,
        failures: 0,
        created_at: now,
        // The step lives as long as a sign-in page may wait, and never beyond ten minutes.
        expires_at: now + 600,
    };
    s.provider.store.put_pending_login(&p).await?;
    if let [only] = methods.as_slice() {
        select(s, id, tenant, user, *only, enrolling).await?;
    }
    Ok(see_other(&format!("/login/{id}/factor")))
}

/// Records the chosen method and does what it needs first: a code sent (SMS or e-mail at
/// sign-in, e-mail enrollment), or a new TOTP secret. SMS enrollment asks for the number first.
async fn select(
    s: &AppState,
    id: &str,
    tenant: &Tenant,
    user: &User,
    method: Method,
    enrolling: bool,
) -> Result<Option<String>, PageError> {
    s.provider
        .store
        .set_pending_method(id, Some(method), enrolling)
        .await?;
    let sent = match (method, enrolling) {
        (Method::Totp, true) => {
            s.accounts.begin_totp(tenant, user).await?;
            Ok(())
        }
        (Method::Totp, false) | (Method::Sms, true) => Ok(()),
        (Method::Email, true) => s.accounts.begin_email(tenant, user).await?,
        (Method::Sms | Method::Email, false) => {
            match s.accounts.code_target(tenant, user, method).await? {
                Some(target) => s.accounts.send_code(tenant, user, method, &target).await?,
                None => Ok(()),
            }
        }
    };
    // A code sent moments ago still works: say so rather than fail.
    Ok(sent.err().map(|wait| {
        format!(
            "A code was sent less than a minute ago; you can ask for a new one in {wait} seconds."
        )
    }))
}

struct View<'a> {
    error: Option<&'a str>,
    notice: Option<&'a str>,
    phone: &'a str,
    status: StatusCode,
}

impl Default for View<'_> {
    fn default() -> Self {
        View {
            error: None,
            notice: None,
            phone: "",
            status: StatusCode::OK,
        }
    }
}

async fn render(s: &AppState, id: &str, st: &Step, v: View<'_>) -> Result<Response, PageError> {
    let csrf = s.provider.secrets.csrf_token(&st.browser);
    let action = format!("/login/{id}/factor");
    let (methods, enrolling) = choices(&st.decision);
    let restart = format!("/login/{id}");
    let several = methods.len() > 1;
    let back_to_choice = several.then_some((action.as_str(), "Use another method"));
    let mut method = st.pending.method.filter(|m| methods.contains(m));
    // The TOTP secret is made when the method is chosen (a POST), never by a GET: without
    // one, the choice is shown again.
    let enrollment = match (method, enrolling) {
        (Some(Method::Totp), true) => {
            let e = s.accounts.totp_enrollment(&st.tenant, &st.user).await?;
            if e.is_none() {
                method = None;
            }
            e
        }
        _ => None,
    };
    let Some(method) = method else {
        let (title, lead) = if enrolling {
            (
                "Set up a second factor",
                "Your company asks for a second factor when you sign in. Choose how you want to receive your codes.",
            )
        } else {
            (
                "Choose how to confirm it\u{2019}s you",
                "Your account has several second factors. Pick the one you have at hand.",
            )
        };
        let mut list = Vec::new();
        for m in &methods {
            list.push(Choice {
                value: m.as_str(),
                label: method_label(*m),
                hint: hint(s, &st.tenant, &st.user, *m, enrolling).await?,
            });
        }
        let page = ChoosePage {
            title,
            lead,
            action: &action,
            csrf: &csrf,
            choices: list,
            error: v.error,
            back: Some((&restart, "Sign in as someone else")),
        };
        return Ok(pages::render(v.status, &page));
    };
    // The choice page is reached by a GET of the same URL after clearing the method.
    let back = back_to_choice.map(|_| (format!("{action}?choose=1"), "Use another method"));
    let back = back.as_ref().map(|(h, t)| (h.as_str(), *t));
    match (method, enrolling) {
        (Method::Totp, true) => {
            let Some((qr, secret)) = enrollment else {
                return Err(PageError::new(409, GONE));
            };
            let page = TotpEnrollPage {
                lead: "Your company asks for a second factor. Set up an authenticator app now; you will need it every time you sign in.",
                action: &action,
                csrf: &csrf,
                qr_data_uri: &qr,
                secret: &secret,
                error: v.error,
                back,
            };
            Ok(pages::render(v.status, &page))
        }
        (Method::Sms, true)
            if s.accounts.sms_phone(&st.tenant, &st.user).await?.is_none()
                || !v.phone.is_empty() =>
        {
            let page = PhonePage {
                action: &action,
                csrf: &csrf,
                phone: v.phone,
                error: v.error,
                back,
            };
            Ok(pages::render(v.status, &page))
        }
        _ => {
            let lead = match method {
                Method::Totp => "Open your authenticator app and enter the 6-digit code it shows for this account.".to_owned(),
                Method::Sms => {
                    let phone = s.accounts.sms_phone(&st.tenant, &st.user)
                        .await?
                        .map(|(p, _)| mask_phone(&p))
                        .unwrap_or_default();
                    format!(
                        "We sent a text message with a 6-digit code to {phone}. It works for {}.",
                        st.tenant.settings.sms_code_ttl.human()
                    )
                }
                Method::Email => format!(
                    "We sent a 6-digit code to {}. It works for {}.",
                    mask_email(&st.user.email),
                    st.tenant.settings.email_code_ttl.human()
                ),
            };
            let title = if enrolling {
                "Confirm your second factor"
            } else {
                "Enter your code"
            };
            let page = CodePage {
                title,
                lead: &lead,
                action: &action,
                csrf: &csrf,
                notice: v.notice,
                error: v.error,
                resend: method != Method::Totp,
                back,
            };
            Ok(pages::render(v.status, &page))
        }
    }
}

async fn hint(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    m: Method,
    enrolling: bool,
) -> Result<String, PageError> {
    Ok(match (m, enrolling) {
        (Method::Totp, true) => {
            "Use an app on your phone such as Google Authenticator or Microsoft Authenticator."
                .into()
        }
        (Method::Totp, false) => "The 6-digit code from your authenticator app.".into(),
        (Method::Sms, true) => "We send a code by text message to your mobile phone.".into(),
        (Method::Sms, false) => {
            let phone = s
                .accounts
                .sms_phone(tenant, user)
                .await?
                .map(|(p, _)| mask_phone(&p))
                .unwrap_or_default();
            format!("A code by text message to {phone}.")
        }
        (Method::Email, _) => format!("A code by e-mail to {}.", mask_email(&user.email)),
    })
}

pub async fn factor_get(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<Response, PageError> {
    let mut st = load(&s, &id, &headers).await?;
    // "Use another method" shows the choice; nothing is stored until one is posted.
    if q.as_deref() == Some("choose=1") {
        st.pending.method = None;
    }
    render(&s, &id, &st, View::default()).await
}

pub async fn factor_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let st = load(&s, &id, &headers).await?;
    if !csrf_ok(&s, &headers, &p) {
        let v = View {
            error: Some("The form had expired. Please try again."),
            status: StatusCode::FORBIDDEN,
            ..View::default()
        };
        return render(&s, &id, &st, v).await;
    }
    let (methods, enrolling) = choices(&st.decision);
    if let Decision::SignedIn { .. } | Decision::Refused(_) = st.decision {
        // The tenant's settings or the user's factors changed under the step: start again.
        s.provider.store.take_pending_login(&id).await?;
        return Ok(see_other(&format!("/login/{id}")));
    }

    // A method picked from the list.
    if let Some(m) = p.get("method") {
        let Some(method) = methods.iter().copied().find(|x| x.as_str() == m) else {
            let v = View {
                error: Some("Choose one of the methods listed."),
                ..View::default()
            };
            return render(&s, &id, &st, v).await;
        };
        let notice = select(&s, &id, &st.tenant, &st.user, method, enrolling).await?;
        let mut st = st;
        st.pending.method = Some(method);
        if let Some(n) = notice {
            let v = View {
                notice: Some(&n),
                ..View::default()
            };
            return render(&s, &id, &st, v).await;
        }
        return Ok(see_other(&format!("/login/{id}/factor")));
    }

    let Some(method) = st.pending.method.filter(|m| methods.contains(m)) else {
        return Ok(see_other(&format!("/login/{id}/factor")));
    };

    // A phone number for SMS enrollment.
    if let (Some(raw), Method::Sms, true) = (p.get("phone"), method, enrolling) {
        let phone = match normalize_phone(raw) {
            Ok(phone) => phone,
            Err(e) => {
                let v = View {
                    error: Some(&e.reason),
                    phone: raw,
                    ..View::default()
                };
                return render(&s, &id, &st, v).await;
            }
        };
        return match s.accounts.begin_sms(&st.tenant, &st.user, &phone).await? {
            Ok(()) => Ok(see_other(&format!("/login/{id}/factor"))),
            Err(wait) => {
                let msg = format!("Please wait {wait} seconds before asking for another code.");
                let v = View {
                    error: Some(&msg),
                    phone: raw,
                    ..View::default()
                };
                render(&s, &id, &st, v).await
            }
        };
    }

    // "Send a new code".
    if p.get("resend").is_some() && method != Method::Totp {
        let target = s.accounts.code_target(&st.tenant, &st.user, method).await?;
        let outcome = match target {
            Some(t) => {
                s.accounts
                    .send_code(&st.tenant, &st.user, method, &t)
                    .await?
            }
            None => Ok(()),
        };
        let msg = match outcome {
            Ok(()) => "We sent a new code. Only the newest code works.".to_owned(),
            Err(wait) => format!("Please wait {wait} seconds before asking for another code."),
        };
        let v = View {
            notice: Some(&msg),
            ..View::default()
        };
        return render(&s, &id, &st, v).await;
    }

    // A code.
    let code = p.get("code").unwrap_or("").trim();
    if code.is_empty() {
        let v = View {
            error: Some("Enter the 6-digit code."),
            ..View::default()
        };
        return render(&s, &id, &st, v).await;
    }
    let typed = guard::account_key(st.tenant.id.as_str(), &st.user.username);
    let device = device::trusted_for(&s, &headers, &typed);
    let mut guard = Guard::new(
        st.tenant.id.as_str(),
        &st.user.username,
        request_ip(&s, peer, &headers),
        device.as_deref(),
    );
    if let Some(message) = guard.reserve(&s).await? {
        let v = View {
            error: Some(&message),
            status: StatusCode::TOO_MANY_REQUESTS,
            ..View::default()
        };
        return render(&s, &id, &st, v).await;
    }
    let check = s
        .accounts
        .check_code(&st.tenant, &st.user, method, code, enrolling)
        .await?;
    if check != Check::Accepted {
        guard.failed_code(&s, method).await?;
        let failures = s.provider.store.pending_login_failed(&id).await?;
        if failures >= MAX_FAILURES_PER_SIGN_IN {
            s.provider.store.take_pending_login(&id).await?;
            return Err(PageError::new(
                403,
                "Too many wrong codes. Go back to the application and sign in again.",
            ));
        }
        let v = View {
            error: Some(check.message(method)),
            ..View::default()
        };
        return render(&s, &id, &st, v).await;
    }
    if enrolling {
        guard.factor_changed(&s, "factor.enrolled", method).await?;
        // Sessions from before the factor existed end; this sign-in starts a new one.
        s.provider
            .store
            .delete_user_sessions(&st.tenant.id, &st.user.id)
            .await?;
    }
    // Exactly one request finishes the step.
    if !s.provider.store.take_pending_login(&id).await? {
        return Err(PageError::new(409, GONE));
    }
    let (req, _) = login::pending(&s, &id).await?;
    let amr = amr_after_second_factor(method);
    complete(
        &s,
        &headers,
        &id,
        &req,
        (&st.tenant, &st.user),
        &amr,
        &mut guard,
    )
    .await
}
