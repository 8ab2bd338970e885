//! `idp serve --demo`: `/demo` signs in as the built-in demo application and its callback
//! shows what a relying application receives, the ID token's claims and userinfo, so the end
//! of the flow is visible in the browser. Absent unless the server runs with `--demo`.

use super::builtin::DEMO;
use super::with_cookies;
use crate::extract::PageParams;
use crate::pages;
use crate::respond::PageError;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;

fn enabled(s: &AppState) -> Result<(), PageError> {
    if s.config.demo {
        Ok(())
    } else {
        Err(PageError::msg(404, idp_i18n::Msg::new("error-no-page")))
    }
}

pub async fn demo_get(State(s): State<AppState>) -> Result<Response, PageError> {
    enabled(&s)?;
    DEMO.sign_in(&s, "")
}

/// The claims of a JWT we just issued, pretty-printed (it was verified by being minted here).
fn claims(jwt: &str) -> String {
    jwt.split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .ok()
        })
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default()
}

pub async fn callback_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    p: PageParams,
) -> Result<Response, PageError> {
    enabled(&s)?;
    let (clear, tokens) = DEMO.redeem(&s, &headers, &p).await?;
    let userinfo = s
        .provider
        .userinfo(&tokens.access_token)
        .await
        .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        .map_err(PageError::from)?;
    let id_token = claims(tokens.id_token.as_deref().unwrap_or(""));
    let page = pages::DemoPage {
        id_token: &id_token,
        userinfo: &userinfo,
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), [clear]))
}
