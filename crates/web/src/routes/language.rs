//! The language switch on every page (`POST /language`): remembers the choice in the
//! `idp_lang` cookie and goes back to the page it was made on.

use super::{csrf_ok, current_session, see_other, with_cookies};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use idp_domain::{Tenant, UnixTime, User};
use idp_i18n::{Lang, Msg, Prefs, Tr};
use idp_signin::Interaction;
use std::cell::Cell;

/// A year: the choice is a preference, not a credential.
const MAX_AGE: i64 = 365 * 24 * 3600;

tokio::task_local! {
    /// The language of this request's pages, error pages included: set from the cookie and
    /// `Accept-Language` as the request comes in ([`scope`]), and refined by [`tr`] once
    /// the sign-in's `ui_locales` or the signed-in user are known.
    static PAGE_LANG: Cell<Lang>;
}

/// Runs a request with its language: the switch's cookie, then `Accept-Language`.
pub async fn scope(
    State(s): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = pick(&s, req.headers(), Asked::default(), Prefs::default());
    PAGE_LANG.scope(Cell::new(lang), next.run(req)).await
}

/// This request's page language (English outside a request).
pub fn current() -> Tr {
    Tr::new(PAGE_LANG.try_with(Cell::get).unwrap_or(Lang::ENGLISH))
}

/// What the relying application asked for: its `ui_locales`, and when its sign-in began. A
/// choice made with the switch after that beats them, so the switch works on the sign-in
/// pages of an application that always sends `ui_locales`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked<'a> {
    ui_locales: Option<&'a str>,
    since: UnixTime,
}

impl<'a> Asked<'a> {
    pub fn by(ia: &'a Interaction) -> Asked<'a> {
        Asked {
            ui_locales: ia.request.ui_locales.as_deref(),
            since: ia.started_at,
        }
    }
}

/// The switch's cookie: the language and when it was chosen (`de.1796130300`; older cookies
/// hold the tag alone).
pub fn chosen(headers: &HeaderMap, s: &AppState) -> (Option<String>, Option<UnixTime>) {
    let Some(v) = cookies::get(headers, cookies::LANG, s.config.secure_cookies) else {
        return (None, None);
    };
    match v.split_once('.') {
        Some((tag, at)) => (Some(tag.to_owned()), at.parse().ok()),
        None => (Some(v), None),
    }
}

/// The language from what the application asked, what the caller knows (the user, the
/// tenant), and the request's own cookie and `Accept-Language`.
fn pick(s: &AppState, headers: &HeaderMap, asked: Asked<'_>, known: Prefs<'_>) -> Lang {
    let (chosen, chosen_at) = chosen(headers, s);
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let chosen_during = chosen_at.is_some_and(|at| at > asked.since);
    idp_i18n::choose(&Prefs {
        ui_locales: asked.ui_locales.filter(|_| !chosen_during),
        chosen: chosen.as_deref(),
        accept_language: accept,
        ..known
    })
}

/// The language of a page for this request, from what is known this far: the application's
/// `ui_locales`, the switch's cookie, `Accept-Language` (in [`idp_i18n::choose`]'s order).
/// The request's later pages (an error page too) keep it.
pub fn tr(s: &AppState, headers: &HeaderMap, asked: Asked<'_>) -> Tr {
    remember(pick(s, headers, asked, Prefs::default()))
}

/// [`tr`] once the user is known (signed in, or past the password): their stored choice
/// comes before `Accept-Language`, and the tenant's default after it.
pub fn for_user(
    s: &AppState,
    headers: &HeaderMap,
    asked: Asked<'_>,
    (user, tenant): (&User, &Tenant),
) -> Tr {
    let known = Prefs {
        user: user.locale.as_deref(),
        tenant: tenant.settings.locale.as_deref(),
        ..Prefs::default()
    };
    remember(pick(s, headers, asked, known))
}

fn remember(lang: Lang) -> Tr {
    let _ = PAGE_LANG.try_with(|c| c.set(lang));
    Tr::new(lang)
}

/// The switch's cookie for `lang`, chosen now.
pub fn cookie(s: &AppState, lang: Lang) -> axum::http::HeaderValue {
    cookies::set(
        cookies::LANG,
        &format!("{}.{}", lang.tag(), s.provider.now()),
        s.config.secure_cookies,
        Some(MAX_AGE),
    )
}

/// Only a path on this server: never `//host` or `/\host`, which browsers read as another site.
fn local_path(r: &str) -> Option<&str> {
    let ok = r.starts_with('/')
        && !r.starts_with("//")
        && !r.starts_with("/\\")
        && r.len() <= 2048
        && r.bytes().all(|b| b.is_ascii_graphic());
    ok.then_some(r)
}

pub async fn language_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    if !csrf_ok(&s, &headers, &p) {
        return Err(PageError::msg(403, Msg::new("lang-form-expired")));
    }
    let Some(lang) = p.get("lang").and_then(Lang::parse) else {
        return Err(PageError::msg(400, Msg::new("lang-unknown")));
    };
    // Signed in: the choice goes on the user too, for their other browsers and their mails.
    if let Some(session) = current_session(&s, &headers).await? {
        s.accounts.remember_language(&session, lang.tag()).await?;
    }
    let back = p.get("return").and_then(local_path).unwrap_or("/account");
    Ok(with_cookies(see_other(back), [cookie(&s, lang)]))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path("/login/abc"), Some("/login/abc"));
        assert_eq!(local_path("//evil.example/x"), None);
        assert_eq!(local_path("/\\evil.example"), None);
        assert_eq!(local_path("https://evil.example"), None);
        assert_eq!(local_path("/a\nb"), None);
        // Not a header value as it is (the browser sends such paths percent-encoded).
        assert_eq!(local_path("/\u{e4}"), None);
        assert_eq!(local_path("/a b"), None);
        assert_eq!(local_path(&format!("/{}", "a".repeat(2048))), None);
    }
}
