//! The language switch on every page (`POST /language`): remembers the choice in the
//! `idp_lang` cookie and goes back to the page it was made on.

use super::{csrf_ok, current_session, see_other, with_cookies};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use idp_domain::{Tenant, User};
use idp_i18n::{Lang, Msg, Prefs, Tr};
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
    let lang = pick(&s, req.headers(), Prefs::default());
    PAGE_LANG.scope(Cell::new(lang), next.run(req)).await
}

/// This request's page language (English outside a request).
pub fn current() -> Tr {
    Tr::new(PAGE_LANG.try_with(Cell::get).unwrap_or(Lang::ENGLISH))
}

/// The language from `known` (what the caller knows: `ui_locales`, the user, the tenant)
/// and the request's own cookie and `Accept-Language`.
fn pick(s: &AppState, headers: &HeaderMap, known: Prefs<'_>) -> Lang {
    let chosen = cookies::get(headers, cookies::LANG, s.config.secure_cookies);
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    idp_i18n::choose(&Prefs {
        chosen: chosen.as_deref(),
        accept_language: accept,
        ..known
    })
}

/// The language of a page for this request, from what is known this far: the application's
/// `ui_locales`, the switch's cookie, `Accept-Language` (in [`idp_i18n::choose`]'s order).
/// The request's later pages (an error page too) keep it.
pub fn tr(s: &AppState, headers: &HeaderMap, ui_locales: Option<&str>) -> Tr {
    let known = Prefs {
        ui_locales,
        ..Prefs::default()
    };
    remember(pick(s, headers, known))
}

/// [`tr`] once the user is known (signed in, or past the password): their stored choice
/// comes before `Accept-Language`, and the tenant's default after it.
pub fn for_user(
    s: &AppState,
    headers: &HeaderMap,
    ui_locales: Option<&str>,
    (user, tenant): (&User, &Tenant),
) -> Tr {
    let known = Prefs {
        ui_locales,
        user: user.locale.as_deref(),
        tenant: tenant.settings.locale.as_deref(),
        ..Prefs::default()
    };
    remember(pick(s, headers, known))
}

fn remember(lang: Lang) -> Tr {
    let _ = PAGE_LANG.try_with(|c| c.set(lang));
    Tr::new(lang)
}

/// The switch's cookie for `lang`.
pub fn cookie(s: &AppState, lang: Lang) -> axum::http::HeaderValue {
    cookies::set(
        cookies::LANG,
        lang.tag(),
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
        && !r.chars().any(|c| c.is_control());
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
        if let Some((tenant, user)) = s.accounts.signed_in(&session).await? {
            s.accounts
                .store
                .set_user_locale(&tenant.id, &user.id, Some(lang.tag()))
                .await?;
        }
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
    }
}
