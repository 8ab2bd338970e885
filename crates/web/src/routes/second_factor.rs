//! The second step of a sign-in (`/login/{id}/factor`), its pages: choose a method, enter
//! its code, or enroll a first method where the policy demands one. The step itself (its
//! record, the policy, the checks) is the sign-in service's ([`idp_signin::second`]).

use super::login::{browser, completed, BrowserCookies};
use super::see_other;
use crate::extract::PageParams;
use crate::pages::{self, Brand, Choice, ChoosePage, CodePage, PhonePage, TotpEnrollPage};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::method_label;
use idp_domain::{Method, Tenant};
use idp_signin::second::{Screen, Step, StepForm, StepOutcome};
use std::net::SocketAddr;

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

/// The words of the choice page, and each method's hint.
fn choose_words(enrolling: bool) -> (&'static str, &'static str) {
    if enrolling {
        (
            "Set up a second factor",
            "Your company asks for a second factor when you sign in. Choose how you want to receive your codes.",
        )
    } else {
        (
            "Choose how to confirm it\u{2019}s you",
            "Your account has several second factors. Pick the one you have at hand.",
        )
    }
}

fn hint(m: Method, enrolling: bool, target: Option<&str>) -> String {
    let target = target.unwrap_or_default();
    match (m, enrolling) {
        (Method::Totp, true) => {
            "Use an app on your phone such as Google Authenticator or Microsoft Authenticator."
                .into()
        }
        (Method::Totp, false) => "The 6-digit code from your authenticator app.".into(),
        (Method::Sms, true) => "We send a code by text message to your mobile phone.".into(),
        (Method::Sms, false) => format!("A code by text message to {target}."),
        (Method::Email, _) => format!("A code by e-mail to {target}."),
    }
}

fn code_lead(tenant: &Tenant, method: Method, target: &str) -> String {
    match method {
        Method::Totp => {
            "Open your authenticator app and enter the 6-digit code it shows for this account."
                .to_owned()
        }
        Method::Sms => format!(
            "We sent a text message with a 6-digit code to {target}. It works for {}.",
            tenant.settings.sms_code_ttl.human()
        ),
        Method::Email => format!(
            "We sent a 6-digit code to {target}. It works for {}.",
            tenant.settings.email_code_ttl.human()
        ),
    }
}

/// What every page of the step has: its form's target and token, the way back, the words.
struct Frame<'a> {
    action: &'a str,
    csrf: &'a str,
    back: Option<(&'a str, &'a str)>,
    v: &'a View<'a>,
    brand: Option<Brand>,
}

fn choose_page(
    f: &Frame<'_>,
    restart: &str,
    methods: &[(Method, Option<String>)],
    enrolling: bool,
) -> Response {
    let (title, lead) = choose_words(enrolling);
    let choices = methods
        .iter()
        .map(|(m, target)| Choice {
            value: m.as_str(),
            label: method_label(*m),
            hint: hint(*m, enrolling, target.as_deref()),
        })
        .collect();
    let page = ChoosePage {
        brand: f.brand.clone(),
        title,
        lead,
        action: f.action,
        csrf: f.csrf,
        choices,
        error: f.v.error,
        back: Some((restart, "Sign in as someone else")),
    };
    pages::render(f.v.status, &page)
}

fn code_page(
    f: &Frame<'_>,
    tenant: &Tenant,
    method: Method,
    target: &str,
    enrolling: bool,
) -> Response {
    let lead = code_lead(tenant, method, target);
    let title = if enrolling {
        "Confirm your second factor"
    } else {
        "Enter your code"
    };
    let page = CodePage {
        brand: f.brand.clone(),
        title,
        lead: &lead,
        action: f.action,
        csrf: f.csrf,
        notice: f.v.notice,
        error: f.v.error,
        resend: method != Method::Totp,
        back: f.back,
    };
    pages::render(f.v.status, &page)
}

fn totp_page(f: &Frame<'_>, qr_data_uri: &str, secret: &str) -> Response {
    let page = TotpEnrollPage {
        brand: f.brand.clone(),
        lead: "Your company asks for a second factor. Set up an authenticator app now; you will need it every time you sign in.",
        action: f.action,
        csrf: f.csrf,
        qr_data_uri,
        secret,
        error: f.v.error,
        back: f.back,
    };
    pages::render(f.v.status, &page)
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
    // The choice page is reached by a GET of the same URL after clearing the method.
    let choose = format!("{action}?choose=1");
    let several = st.choices().0.len() > 1;
    let back = several.then_some((choose.as_str(), "Use another method"));
    let f = Frame {
        action: &action,
        csrf: &csrf,
        back,
        v: &v,
        brand: Brand::of(&st.tenant),
    };
    let (error, status) = (v.error, v.status);
    Ok(match s.signin.screen(st, !v.phone.is_empty()).await? {
        Screen::Choose { methods, enrolling } => {
            choose_page(&f, &format!("/login/{id}"), &methods, enrolling)
        }
        Screen::TotpEnroll {
            qr_data_uri,
            secret,
        } => totp_page(&f, &qr_data_uri, &secret),
        Screen::Phone => {
            let page = PhonePage {
                brand: f.brand.clone(),
                action: &action,
                csrf: &csrf,
                phone: v.phone,
                error,
                back,
            };
            pages::render(status, &page)
        }
        Screen::Code {
            method,
            target,
            enrolling,
        } => code_page(&f, &st.tenant, method, &target, enrolling),
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
    if !super::csrf_ok(&s, &headers, &p) {
        let expired = Some("The form had expired. Please try again.");
        let v = page(expired, None, "", StatusCode::FORBIDDEN);
        return render(&s, &jar, &st, v).await;
    }
    let form = StepForm {
        method: p.get("method"),
        phone: p.get("phone"),
        resend: p.get("resend").is_some(),
        code: p.get("code").unwrap_or(""),
    };
    match s.signin.submit(&mut st, b, form).await? {
        StepOutcome::Completed(done) => Ok(completed(&s, done)),
        StepOutcome::Show => Ok(see_other(&format!("/login/{id}/factor"))),
        StepOutcome::Restart => Ok(see_other(&format!("/login/{id}"))),
        StepOutcome::Again {
            error,
            notice,
            phone,
            status,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let v = page(error.as_deref(), notice.as_deref(), &phone, status);
            render(&s, &jar, &st, v).await
        }
    }
}
