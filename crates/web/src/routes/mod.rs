//! Routes. Handler names follow `<area>_<action>_<method>`.

mod account;
mod account_links;
mod branding;
pub(crate) mod builtin;
mod demo;
pub(crate) mod language;
mod login;
mod logout;
mod oauth2;
mod ops;
pub(crate) mod saml;
mod second_factor;

use crate::cookies;
use crate::respond::PageError;
use crate::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use idp_store::SessionRow;
use std::net::IpAddr;

pub use account::builtin_client as account_client;

/// `/metrics` alone, for the main router or for `metrics.bind`.
pub fn metrics_router() -> Router<AppState> {
    Router::new().route("/metrics", get(ops::metrics_get))
}

/// The protocol's JSON endpoints: no page, no cookie, no language (the hot path).
pub fn protocol_router() -> Router<AppState> {
    Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(oauth2::discovery_get),
        )
        .route("/jwks", get(oauth2::jwks_get))
        .route("/token", post(oauth2::token_post))
        .route(
            "/userinfo",
            get(oauth2::userinfo_get).post(oauth2::userinfo_get),
        )
        .route("/introspect", post(oauth2::introspect_post))
        .route("/revoke", post(oauth2::revoke_post))
}

/// Everything that renders a page (and the fallback's 404 page).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/authorize",
            get(oauth2::authorize_get).post(oauth2::authorize_get),
        )
        .route(
            "/login/{id}",
            get(login::login_form_get).post(login::login_form_post),
        )
        .route(
            "/login/{id}/factor",
            get(second_factor::factor_get).post(second_factor::factor_post),
        )
        .route(
            "/login/{id}/sso",
            get(login::login_sso_get).post(login::login_sso_post),
        )
        .route("/saml/{tenant}/metadata", get(saml::saml_metadata_get))
        .route("/branding/{tenant}/logo", get(branding::logo_get))
        .route("/branding/{tenant}/theme.css", get(branding::theme_get))
        .route("/saml/{tenant}/acs", post(saml::saml_acs_post))
        .route("/account", get(account::account_get))
        .route("/account/callback", get(account::callback_get))
        .route("/demo", get(demo::demo_get))
        .route("/demo/callback", get(demo::callback_get))
        .route("/account/step-up", get(account::step_up_get))
        .route("/account/password", post(account::password_post))
        .route("/account/sessions", post(account::sessions_post))
        .route(
            "/account/factors/{method}",
            get(account::factor_get).post(account::factor_post),
        )
        .route(
            "/account/factors/{method}/off",
            post(account::factor_off_post),
        )
        .route(
            "/account/reset",
            get(account_links::reset_get).post(account_links::reset_post),
        )
        .route(
            "/account/setup/{token}",
            get(account_links::setup_get).post(account_links::setup_post),
        )
        .route(
            "/account/confirm/{token}",
            get(account_links::confirm_get).post(account_links::confirm_post),
        )
        .route(
            "/account/{kind}/{token}",
            get(account_links::password_link_get).post(account_links::password_link_post),
        )
        .route("/language", post(language::language_post))
        .route("/logout", get(logout::logout_get).post(logout::logout_get))
        .route("/healthz", get(ops::healthz_get))
        .route("/readyz", get(ops::readyz_get))
        .route("/static/idp.css", get(ops::stylesheet_get))
        .route("/", get(ops::home_get))
        .fallback(ops::not_found)
}

/// A 303 to `location` (after a form POST the browser must GET the target).
pub fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            r.headers_mut().insert(header::LOCATION, v);
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(_) => PageError::msg(500, idp_i18n::Msg::new("error-bad-redirect")).into_response(),
    }
}

/// The live session of this browser, if any.
pub async fn current_session(
    s: &AppState,
    headers: &HeaderMap,
) -> Result<Option<SessionRow>, PageError> {
    let Some(id) = cookies::get(headers, cookies::SESSION, s.config.secure_cookies) else {
        return Ok(None);
    };
    Ok(s.signin.session(&id).await?)
}

/// This browser's CSRF-binding value, and the cookie to set when it is new.
pub fn browser_id(
    s: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), PageError> {
    if let Some(v) = cookies::get(headers, cookies::BROWSER, s.config.secure_cookies) {
        return Ok((v, None));
    }
    let v = idp_domain::secret::random_b64(24)
        .map_err(|e| PageError::internal("random generator failed", &e))?;
    let cookie = cookies::set(cookies::BROWSER, &v, s.config.secure_cookies, None);
    Ok((v, Some(cookie)))
}

/// The client's address: the peer, or, when the peer is a trusted proxy, the right-most
/// address in `X-Forwarded-For` that is not itself a trusted proxy (what a client cannot
/// forge, since each proxy appends the address it saw).
pub fn client_ip(trusted: &[IpAddr], peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut ip = peer;
    for hop in forwarded_for.unwrap_or("").rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(addr) if trusted.contains(&addr) => ip = addr,
            Ok(addr) => return addr,
            Err(_) => return ip,
        }
    }
    ip
}

/// The client address of a request: the peer, or what trusted proxies say (see [`client_ip`]).
pub fn request_ip(s: &AppState, peer: std::net::SocketAddr, headers: &HeaderMap) -> IpAddr {
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    client_ip(&s.config.trusted_proxies, peer.ip(), forwarded)
}

/// Whether the form's `csrf` field was made for this browser's `idp_browser` cookie.
pub fn csrf_ok(s: &AppState, headers: &HeaderMap, params: &idp_oidc::params::Params) -> bool {
    params
        .get("csrf")
        .is_some_and(|t| csrf_token_ok(s, headers, t))
}

/// Whether `token` was made for this browser's `idp_browser` cookie.
pub fn csrf_token_ok(s: &AppState, headers: &HeaderMap, token: &str) -> bool {
    cookies::get(headers, cookies::BROWSER, s.config.secure_cookies)
        .is_some_and(|b| s.provider.secrets.csrf_valid(&b, token))
}

pub fn with_cookies(mut r: Response, cookies: impl IntoIterator<Item = HeaderValue>) -> Response {
    for c in cookies {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let lb = [ip("10.0.0.1")];
        assert_eq!(
            client_ip(&lb, ip("203.0.113.9"), Some("1.2.3.4")),
            ip("203.0.113.9"),
            "an untrusted peer's header is ignored"
        );
        assert_eq!(
            client_ip(&lb, ip("10.0.0.1"), Some("198.51.100.7")),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(&lb, ip("10.0.0.1"), Some("6.6.6.6, 198.51.100.7")),
            ip("198.51.100.7"),
            "a client-supplied prefix is not believed"
        );
        assert_eq!(
            client_ip(&lb, ip("10.0.0.1"), Some("198.51.100.7, 10.0.0.1")),
            ip("198.51.100.7")
        );
        assert_eq!(client_ip(&lb, ip("10.0.0.1"), None), ip("10.0.0.1"));
        assert_eq!(
            client_ip(&lb, ip("10.0.0.1"), Some("garbage")),
            ip("10.0.0.1")
        );
    }
}
