//! The second step of a sign-in (`/login/{id}/factor`), its pages: choose a method, enter
//! its code, or enroll a first method where the policy demands one. The step itself (its
//! record, the policy, the checks) is the sign-in service's ([`idp_signin::second`]).

use super::login::{browser, completed, BrowserCookies};
use super::see_other;
use crate::extract::PageParams;
use crate::pages::{self, Back, Brand, Choice, ChoosePage, CodePage, PhonePage, TotpEnrollPage};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::method_label;
use idp_domain::{Method, Tenant};
use idp_i18n::{duration, Msg, Tr};
use idp_signin::second::{Screen, Step, StepForm, StepOutcome};
use std::net::SocketAddr;

struct View {
    error: Option<Msg>,
    notice: Option<Msg>,
    phone: String,
    status: StatusCode,
}

impl Default for View {
    fn default() -> Self {
        View {
            error: None,
            notice: None,
            phone: String::new(),
            status: StatusCode::OK,
        }
    }
}

/// The title and lead of the choice page.
fn choose_words(enrolling: bool) -> (Msg, Msg) {
    let (title, lead) = if enrolling {
        ("factor-enroll-title", "factor-enroll-lead")
    } else {
        ("factor-choose-title", "factor-choose-lead")
    };
    (Msg::new(title), Msg::new(lead))
}

fn hint(m: Method, enrolling: bool, target: Option<&str>) -> Msg {
    let target = target.unwrap_or_default();
    match (m, enrolling) {
        (Method::Totp, true) => Msg::new("factor-hint-totp-enroll"),
        (Method::Totp, false) => Msg::new("factor-hint-totp"),
        (Method::Sms, true) => Msg::new("factor-hint-sms-enroll"),
        (Method::Sms, false) => Msg::new("factor-hint-sms").with("target", target),
        (Method::Email, _) => Msg::new("factor-hint-email").with("target", target),
    }
}

fn code_lead(tenant: &Tenant, method: Method, target: &str) -> Msg {
    let s = &tenant.settings;
    match method {
        Method::Totp => Msg::new("factor-lead-totp"),
        Method::Sms => Msg::new("factor-lead-sms")
            .with("target", target)
            .with("valid", duration(s.sms_code_ttl.secs())),
        Method::Email => Msg::new("factor-lead-email")
            .with("target", target)
            .with("valid", duration(s.email_code_ttl.secs())),
    }
}

/// What every page of the step has: its language, its form's target and token, the way
/// back, the words.
struct Frame<'a> {
    t: Tr,
    action: &'a str,
    csrf: &'a str,
    back: Back<'a>,
    v: &'a View,
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
        t: f.t,
        brand: f.brand.clone(),
        title,
        lead,
        action: f.action,
        csrf: f.csrf,
        choices,
        error: f.v.error.clone(),
        back: Some((restart, Msg::new("factor-someone-else"))),
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
    let title = if enrolling {
        "factor-code-title-enroll"
    } else {
        "factor-code-title"
    };
    let page = CodePage {
        t: f.t,
        brand: f.brand.clone(),
        title: Msg::new(title),
        lead: code_lead(tenant, method, target),
        action: f.action,
        csrf: f.csrf,
        notice: f.v.notice.clone(),
        error: f.v.error.clone(),
        resend: method != Method::Totp,
        back: f.back.clone(),
    };
    pages::render(f.v.status, &page)
}

fn totp_page(f: &Frame<'_>, qr_data_uri: &str, secret: &str) -> Response {
    let page = TotpEnrollPage {
        t: f.t,
        brand: f.brand.clone(),
        lead: Msg::new("factor-enroll-totp-lead"),
        action: f.action,
        csrf: f.csrf,
        qr_data_uri,
        secret,
        error: f.v.error.clone(),
        back: f.back.clone(),
    };
    pages::render(f.v.status, &page)
}

async fn render(
    s: &AppState,
    (headers, jar): (&HeaderMap, &BrowserCookies),
    st: &Step,
    v: View,
) -> Result<Response, PageError> {
    let id = &st.interaction.id;
    let csrf = s.provider.secrets.csrf_token(jar.browser());
    let action = format!("/login/{id}/factor");
    // The choice page is reached by a GET of the same URL after clearing the method.
    let choose = format!("{action}?choose=1");
    let several = st.choices().0.len() > 1;
    let back = several.then(|| (choose.as_str(), Msg::new("factor-another-method")));
    let f = Frame {
        t: super::language::for_user(
            s,
            headers,
            super::language::Asked::by(&st.interaction),
            (&st.user, &st.tenant),
        ),
        action: &action,
        csrf: &csrf,
        back: back.clone(),
        v: &v,
        brand: Brand::of(&st.tenant),
    };
    let (error, status) = (v.error.clone(), v.status);
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
                t: f.t,
                brand: f.brand.clone(),
                action: &action,
                csrf: &csrf,
                phone: &v.phone,
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
    render(&s, (&headers, &jar), &st, View::default()).await
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
        let v = View {
            error: Some(Msg::new("form-expired")),
            status: StatusCode::FORBIDDEN,
            ..View::default()
        };
        return render(&s, (&headers, &jar), &st, v).await;
    }
    let form = StepForm {
        method: p.get("method"),
        phone: p.get("phone"),
        resend: p.get("resend").is_some(),
        code: p.get("code").unwrap_or(""),
    };
    match s.signin.submit(&mut st, b, form).await? {
        StepOutcome::Completed(done) => Ok(completed(&s, &headers, done)),
        StepOutcome::Show => Ok(see_other(&format!("/login/{id}/factor"))),
        StepOutcome::Restart => Ok(see_other(&format!("/login/{id}"))),
        StepOutcome::Again {
            error,
            notice,
            phone,
            status,
        } => {
            let v = View {
                error,
                notice,
                phone,
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            };
            render(&s, (&headers, &jar), &st, v).await
        }
    }
}
