//! Cookies: `idp_session` (the server-side session's random ID), `idp_browser` (a random
//! per-browser value that CSRF tokens are bound to) and `idp_device` (see
//! `routes::device`). All HttpOnly, SameSite=Lax, Path=/, Secure unless the issuer is plain
//! http on loopback; with Secure their names carry the `__Host-` prefix (RFC 6265bis
//! §4.1.3.2), so no subdomain and no plain-http page can set or shadow them.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite};

pub const SESSION: &str = "idp_session";
pub const BROWSER: &str = "idp_browser";
pub const DEVICE: &str = "idp_device";
/// The language switch's choice (`en`, `de`): a preference, read before `Accept-Language`.
pub const LANG: &str = "idp_lang";
/// Binds an AuthnRequest to the browser it was sent from. The IdP's answer is a cross-site
/// POST, which carries only `SameSite=None` cookies: so this one is `None` (and Secure) on
/// https. On plain-http loopback (development, tests) browsers refuse `None` without Secure,
/// and it is Lax: an IdP on the same host is same-site.
pub const SSO: &str = "idp_sso";

/// The name a cookie goes by on the wire.
fn wire_name(name: &str, secure: bool) -> std::borrow::Cow<'_, str> {
    if secure {
        format!("__Host-{name}").into()
    } else {
        name.into()
    }
}

pub fn get(headers: &HeaderMap, name: &str, secure: bool) -> Option<String> {
    let name = wire_name(name, secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| Cookie::parse(c.trim().to_owned()).ok())
        .find(|c| c.name() == name.as_ref())
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 256)
}

pub fn set(name: &str, value: &str, secure: bool, max_age_secs: Option<i64>) -> HeaderValue {
    let mut c = Cookie::build((wire_name(name, secure).into_owned(), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(s) = max_age_secs {
        c = c.max_age(cookie::time::Duration::seconds(s));
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// [`SSO`]'s cookie: as [`set`], but `SameSite=None` on https.
pub fn set_cross_site(name: &str, value: &str, secure: bool, max_age_secs: i64) -> HeaderValue {
    let c = Cookie::build((wire_name(name, secure).into_owned(), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(if secure {
            SameSite::None
        } else {
            SameSite::Lax
        })
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age_secs));
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear(name: &str, secure: bool) -> HeaderValue {
    set(name, "", secure, Some(0))
}
