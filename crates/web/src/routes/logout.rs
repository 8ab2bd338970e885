//! RP-initiated logout (`end_session_endpoint`). A request whose `id_token_hint` names the
//! browser's own session (its `sub` and `sid`) ends it at once; any other request, with no
//! hint, another user's hint or another session's, asks the user to confirm with a
//! CSRF-protected form, so a third-party page cannot sign people out.

use super::{browser_id, csrf_ok, current_session, see_other, with_cookies};
use crate::extract::PageParams;
use crate::pages::{self, LogoutConfirmPage, MessagePage};
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_i18n::Msg;

/// The page asking whether to sign out (the request did not name this session).
fn confirm_page(
    s: &AppState,
    headers: &HeaderMap,
    p: &idp_oidc::params::Params,
    hinted_client: Option<&str>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let page = LogoutConfirmPage {
        t: super::language::current(),
        csrf: &csrf,
        post_logout_redirect_uri: p.get("post_logout_redirect_uri"),
        state: p.get("state"),
        // The application the hint named, so that the confirmed request can still return
        // to it without carrying the hint again.
        client_id: hinted_client.or(p.get("client_id")),
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), set))
}

pub async fn logout_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let confirmed = p.get("confirm") == Some("yes") && csrf_ok(&s, &headers, &p);
    let request = s
        .provider
        .validate_logout(&p)
        .await
        .map_err(|m| PageError::msg(400, m))?;
    let session = current_session(&s, &headers).await?;
    let named = session
        .as_ref()
        .is_some_and(|sess| request.hint.as_ref().is_some_and(|h| h.names(sess)));
    if session.is_some() && !named && !confirmed {
        let hinted = request.hint.as_ref().map(|h| h.aud.as_str());
        return confirm_page(&s, &headers, &p, hinted);
    }
    let cookie = cookies::get(&headers, cookies::SESSION, s.config.secure_cookies);
    s.signin.sign_out(cookie.as_deref()).await?;
    let clear = cookies::clear(cookies::SESSION, s.config.secure_cookies);
    let response = match request.redirect {
        Some(location) => see_other(&location),
        None => pages::render(
            StatusCode::OK,
            &MessagePage::of("logout-done-title", Msg::new("logout-done-lead")),
        ),
    };
    Ok(with_cookies(response, [clear]))
}
