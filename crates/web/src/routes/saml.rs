//! The SAML Service Provider of each SSO tenant: its metadata (`/saml/{tenant}/metadata`) and
//! its Assertion Consumer Service (`/saml/{tenant}/acs`, HTTP-POST binding). The checks live
//! in `idp_signin::sso`; this turns their outcomes into pages.

use super::login::{browser, completed, BrowserCookies};
use super::{see_other, with_cookies};
use crate::extract::PageParams;
use crate::pages::{self, Brand, SsoErrorPage};
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idp_domain::TenantId;
use idp_i18n::Msg;
use idp_signin::sso::test::TEST_RELAY_PREFIX;
use idp_signin::sso::{AcsForm, AcsOutcome, IdpStatus, Refusal};
use idp_signin::Next;
use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;

fn tenant_of(raw: &str) -> Result<TenantId, PageError> {
    TenantId::parse(raw).map_err(|_| PageError::msg(404, Msg::new("error-no-sso")))
}

pub async fn saml_metadata_get(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let xml = s.signin.sso_sp_metadata(&tenant_of(&tenant)?).await?;
    let mut r = xml.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/samlmetadata+xml"),
    );
    Ok(r)
}

pub async fn saml_acs_post(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let tenant = tenant_of(&tenant)?;
    let Some(saml_response) = p.get("SAMLResponse").filter(|v| !v.is_empty()) else {
        return Err(PageError::msg(400, Msg::new("ssoerr-nothing-sent")));
    };
    let form = AcsForm {
        saml_response,
        relay_state: p.get("RelayState"),
    };
    let sso = cookies::get(&headers, cookies::SSO, s.config.secure_cookies);
    if form
        .relay_state
        .is_some_and(|r| r.starts_with(TEST_RELAY_PREFIX))
    {
        let t = crate::console::language(&s, &headers);
        return crate::console::sso_test::answer(&s, &tenant, form, sso.as_deref(), t).await;
    }
    let jar = BrowserCookies::read(&s, &headers)?;
    let out = s
        .signin
        .sso_acs(
            &tenant,
            form,
            sso.as_deref(),
            browser(&s, &headers, peer, &jar),
        )
        .await?;
    // The company is known from the address: its look on the error pages.
    // The sign-in is done by now: a failed lookup costs only the look.
    let brand = s
        .accounts
        .store
        .tenant(&tenant)
        .await
        .ok()
        .flatten()
        .as_deref()
        .and_then(Brand::of);
    Ok(outcome(&s, &headers, out, brand))
}

fn outcome(s: &AppState, headers: &HeaderMap, out: AcsOutcome, brand: Option<Brand>) -> Response {
    match out {
        AcsOutcome::Done {
            next: Next::Completed(done),
            ..
        } => {
            // The IdP's cross-site POST carries no SameSite=Lax cookie: not knowing this
            // browser's own choice, it keeps the cookie it has rather than overwrite it.
            let done = idp_signin::Completed {
                locale: None,
                ..done
            };
            completed(s, headers, done)
        }
        AcsOutcome::Done { next, interaction } => {
            let (message, status) = match next {
                Next::Again { message, status } => (message, status),
                _ => (Msg::new("ssoerr-cannot-continue"), 403),
            };
            let retry = format!("/login/{interaction}/sso");
            problem(
                &brand,
                status,
                (NOT_SIGNED_IN, message),
                "policy",
                Some(&retry),
            )
        }
        AcsOutcome::Landed { session, location } => {
            s.metrics.logins_ok.fetch_add(1, Relaxed);
            let c = cookies::set(cookies::SESSION, &session, s.config.secure_cookies, None);
            with_cookies(see_other(&location), [c])
        }
        AcsOutcome::IdpSaidNo { status, retry } => {
            let retry = retry.map(|i| format!("/login/{i}/sso"));
            let support = match &status.sub_code {
                Some(sub) => format!("{} / {sub}", status.code),
                None => status.code.clone(),
            };
            let words = (Msg::new("ssoerr-idp-title"), idp_msg(&status));
            problem(&brand, 400, words, &support, retry.as_deref())
        }
        AcsOutcome::Refused { refusal, retry } => {
            s.metrics.logins_failed.fetch_add(1, Relaxed);
            let retry = retry.map(|i| format!("/login/{i}/sso"));
            let (status, message) = refusal_words(&refusal);
            problem(
                &brand,
                status,
                (NOT_SIGNED_IN, message),
                &refusal.code(),
                retry.as_deref(),
            )
        }
        _ => problem(
            &brand,
            400,
            (NOT_SIGNED_IN, Msg::new("ssoerr-cannot-continue")),
            "unknown",
            None,
        ),
    }
}

const NOT_SIGNED_IN: Msg = Msg::new("ssoerr-not-signed-in-title");

/// The page that says why single sign-on did not sign the user in: its title and message.
fn problem(
    brand: &Option<Brand>,
    status: u16,
    (title, message): (Msg, Msg),
    support: &str,
    retry: Option<&str>,
) -> Response {
    let page = SsoErrorPage {
        t: crate::routes::language::current(),
        brand: brand.clone(),
        title,
        message,
        support,
        retry_href: retry,
    };
    pages::render(
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        &page,
    )
}

/// What an IdP's error status means, in words, in this request's language.
pub(crate) fn idp_words(st: &IdpStatus) -> String {
    crate::routes::language::current().msg(&idp_msg(st))
}

/// What an IdP's error status means.
fn idp_msg(st: &IdpStatus) -> Msg {
    let last = |code: &str| code.rsplit(':').next().unwrap_or_default().to_owned();
    let key = st
        .sub_code
        .as_deref()
        .map(last)
        .unwrap_or_else(|| last(&st.code));
    Msg::new(match key.as_str() {
        "AuthnFailed" => "ssoerr-idp-authn-failed",
        "RequestDenied" => "ssoerr-idp-request-denied",
        "NoAuthnContext" => "ssoerr-idp-no-authn-context",
        "NoPassive" => "ssoerr-idp-no-passive",
        "UnknownPrincipal" => "ssoerr-idp-unknown-principal",
        "Requester" | "Responder" | "VersionMismatch" => "ssoerr-idp-problem",
        _ => "ssoerr-idp-other",
    })
}

fn refusal_words(r: &Refusal) -> (u16, Msg) {
    let (status, key) = match r {
        Refusal::Invalid(_) => (400, "ssoerr-invalid"),
        Refusal::NoRequest => (400, "ssoerr-no-request"),
        Refusal::OtherBrowser => (400, "ssoerr-other-browser"),
        Refusal::Replay => (400, "ssoerr-replay"),
        Refusal::Unsolicited => (400, "ssoerr-unsolicited"),
        Refusal::NoEmail => (403, "ssoerr-no-email"),
        Refusal::DomainNotClaimed => (403, "ssoerr-domain-not-claimed"),
        Refusal::NoAccount => (403, "ssoerr-no-account"),
        Refusal::Disabled => (403, "ssoerr-disabled"),
        Refusal::UsernameTaken => (409, "ssoerr-username-taken"),
        Refusal::StepUpNotMet => (403, "ssoerr-step-up-not-met"),
        _ => (400, "ssoerr-not-signed-in"),
    };
    (status, Msg::new(key))
}
