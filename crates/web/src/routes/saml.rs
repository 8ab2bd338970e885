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
use idp_signin::sso::test::TEST_RELAY_PREFIX;
use idp_signin::sso::{AcsForm, AcsOutcome, IdpStatus, Refusal};
use idp_signin::Next;
use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;

fn tenant_of(raw: &str) -> Result<TenantId, PageError> {
    TenantId::parse(raw)
        .map_err(|_| PageError::new(404, "This company has no single sign-on set up."))
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
        return Err(PageError::new(
            400,
            "This address takes the answer of your company's sign-in page; nothing was sent. Go back to the application and sign in again.",
        ));
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
        return crate::console::sso_test::answer(&s, &tenant, form, sso.as_deref()).await;
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
    Ok(outcome(&s, out, brand))
}

fn outcome(s: &AppState, out: AcsOutcome, brand: Option<Brand>) -> Response {
    match out {
        AcsOutcome::Done {
            next: Next::Completed(done),
            ..
        } => completed(s, done),
        AcsOutcome::Done { next, interaction } => {
            let (message, status) = match next {
                Next::Again { message, status } => (message, status),
                _ => ("This sign-in cannot continue.".to_owned(), 403),
            };
            let retry = format!("/login/{interaction}/sso");
            problem(
                &brand,
                status,
                "You were not signed in",
                &message,
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
            let message = idp_words(&status);
            problem(
                &brand,
                400,
                "Your company's sign-in did not sign you in",
                &message,
                &support,
                retry.as_deref(),
            )
        }
        AcsOutcome::Refused { refusal, retry } => {
            s.metrics.logins_failed.fetch_add(1, Relaxed);
            let retry = retry.map(|i| format!("/login/{i}/sso"));
            let (status, message) = refusal_words(&refusal);
            problem(
                &brand,
                status,
                "You were not signed in",
                message,
                &refusal.code(),
                retry.as_deref(),
            )
        }
        _ => problem(
            &brand,
            400,
            "You were not signed in",
            "This sign-in cannot continue.",
            "unknown",
            None,
        ),
    }
}

fn problem(
    brand: &Option<Brand>,
    status: u16,
    title: &str,
    message: &str,
    support: &str,
    retry: Option<&str>,
) -> Response {
    let page = SsoErrorPage {
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

/// What an IdP's error status means, in words.
pub(crate) fn idp_words(st: &IdpStatus) -> String {
    let last = |code: &str| code.rsplit(':').next().unwrap_or_default().to_owned();
    let key = st
        .sub_code
        .as_deref()
        .map(last)
        .unwrap_or_else(|| last(&st.code));
    let words = match key.as_str() {
        "AuthnFailed" => "Your company's sign-in page could not confirm who you are.",
        "RequestDenied" => "Your company's sign-in page refused the request: you may not be allowed to use this application. Ask your administrator.",
        "NoAuthnContext" => "Your company's sign-in page could not sign you in the way this application requires (for example with a second factor).",
        "NoPassive" => "You need to sign in at your company's sign-in page again.",
        "UnknownPrincipal" => "Your company's sign-in page does not know this account.",
        "Requester" | "Responder" | "VersionMismatch" => "Your company's sign-in page reported a problem and did not sign you in. The sign-in may have been cancelled.",
        _ => "Your company's sign-in page did not sign you in. The sign-in may have been cancelled.",
    };
    words.to_owned()
}

fn refusal_words(r: &Refusal) -> (u16, &'static str) {
    match r {
        Refusal::Invalid(_) => (400, "The answer from your company's sign-in page could not be verified, so you were not signed in. If this keeps happening, tell your administrator."),
        Refusal::NoRequest => (400, "This answer from your company's sign-in page does not belong to a sign-in in progress here: it came too late, or was already used. Start again from the application."),
        Refusal::OtherBrowser => (400, "This sign-in was started in another browser or window that is gone. Start again from the application."),
        Refusal::Replay => (400, "This answer from your company's sign-in page was already used. Start again from the application."),
        Refusal::Unsolicited => (400, "Signing in from your company's portal is not enabled. Open the application and sign in from there."),
        Refusal::NoEmail => (403, "Your company's sign-in page sent no e-mail address for you. Your administrator needs to add the e-mail claim."),
        Refusal::DomainNotClaimed => (403, "Your e-mail address is not in a domain that this company's single sign-on covers. Ask your administrator."),
        Refusal::NoAccount => (403, "There is no account for you here yet. Ask your administrator to create one."),
        Refusal::Disabled => (403, "Your account is disabled. Ask your administrator."),
        Refusal::UsernameTaken => (409, "An account could not be created for you, because its user name is taken. Ask your administrator."),
        Refusal::StepUpNotMet => (403, "This application requires a second factor, and your company's sign-in page did not confirm one. Try again and complete the second step there."),
        _ => (400, "You were not signed in."),
    }
}
