//! The second step of a sign-in (`/login/{id}/factor`), its pages: choose a method, enter
//! its code, or enroll a first method where the policy demands one. The step itself (its
//! record, the policy, the checks) is the sign-in service's ([`idp_signin::second`]).

use super::login::{browser, completed, BrowserCookies};
use super::see_other;
use crate::extract::PageParams;
use crate::pages::{self, Choice, ChoosePage, CodePage, PhonePage, TotpEnrollPage};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::method_label;
use idp_domain::user::{mask_email, mask_phone};
use idp_domain::{Method, Tenant, User};
use idp_signin::second::{CodeOutcome, PhoneOutcome, Step};
use std::net::SocketAddr;

const GONE: &str = "This sign-in step has expired or was finished in another window. Go back to the application and sign in again.";

struct View<'a> {
    error: Option<&'a str>,
    notice: Option<&'a str>,
    phone: &'a str,
    status: StatusCode,
}

fn page<'a>(
    error: Option<&'a str>,
    notice: Option<&'a str>,
    phone: &'a str,
    status: StatusCode,
) -> View<'a> {
    View {
        error,
        notice,
        phone,
        status,
    }
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

async fn render(
    s: &AppState,
    jar: &BrowserCookies,
    st: &Step,
    v: View<'_>,
) -> Result<Response, PageError> {
    let id = &st.interaction.id;
    let csrf = s.provider.secrets.csrf_token(jar.browser());
    let action = format!("/login/{id}/factor");
    let (methods, enrolling) = st.choices();
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<Response, PageError> {
    let jar = BrowserCookies::read(&s, &headers)?;
    let mut st = s
        .signin
        .step(&id, browser(&s, &headers, peer, &jar))
        .await?;
    // "Use another method" shows the choice; nothing is stored until one is posted.
    if q.as_deref() == Some("choose=1") {
        st.pending.method = None;
    }
    render(&s, &jar, &st, View::default()).await
}

/// One POST of the step: a method picked, a phone number, "send a new code", or a code.
pub async fn factor_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let jar = BrowserCookies::read(&s, &headers)?;
    let b = browser(&s, &headers, peer, &jar);
    let mut st = s.signin.step(&id, b).await?;
    let here = format!("/login/{id}/factor");
    if !super::csrf_ok(&s, &headers, &p) {
        let v = page(
            Some("The form had expired. Please try again."),
            None,
            "",
            StatusCode::FORBIDDEN,
        );
        return render(&s, &jar, &st, v).await;
    }
    if st.stale() {
        // The tenant's settings changed under the step: start again.
        s.signin.abandon(&st).await?;
        return Ok(see_other(&format!("/login/{id}")));
    }
    let (methods, enrolling) = st.choices();
    if let Some(m) = p.get("method") {
        let Some(method) = methods.iter().copied().find(|x| x.as_str() == m) else {
            let v = page(
                Some("Choose one of the methods listed."),
                None,
                "",
                StatusCode::OK,
            );
            return render(&s, &jar, &st, v).await;
        };
        return match s.signin.choose(&mut st, method).await? {
            Some(n) => render(&s, &jar, &st, page(None, Some(&n), "", StatusCode::OK)).await,
            None => Ok(see_other(&here)),
        };
    }
    let Some(method) = st.method() else {
        return Ok(see_other(&here));
    };
    if let (Some(raw), Method::Sms, true) = (p.get("phone"), method, enrolling) {
        return match s.signin.phone(&st, raw).await? {
            PhoneOutcome::Sent => Ok(see_other(&here)),
            PhoneOutcome::Again(e) => {
                render(&s, &jar, &st, page(Some(&e), None, raw, StatusCode::OK)).await
            }
        };
    }
    if p.get("resend").is_some() && method != Method::Totp {
        let n = s.signin.resend(&st, method).await?;
        return render(&s, &jar, &st, page(None, Some(&n), "", StatusCode::OK)).await;
    }
    let code = p.get("code").unwrap_or("").trim();
    if code.is_empty() {
        let v = page(Some("Enter the 6-digit code."), None, "", StatusCode::OK);
        return render(&s, &jar, &st, v).await;
    }
    match s.signin.submit_code(&st, b, method, code).await? {
        CodeOutcome::Completed(done) => Ok(completed(&s, done)),
        CodeOutcome::Again { message, status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            render(&s, &jar, &st, page(Some(&message), None, "", status)).await
        }
    }
}
