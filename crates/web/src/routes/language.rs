//! The language switch on every page (`POST /language`): remembers the choice in the
//! `idp_lang` cookie and goes back to the page it was made on.

use super::{csrf_ok, see_other, with_cookies};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::{cookies, AppState};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use idp_i18n::{Lang, Msg, Prefs, Tr};

/// A year: the choice is a preference, not a credential.
const MAX_AGE: i64 = 365 * 24 * 3600;

/// The language of a page for this request, from what is known this far: the application's
/// `ui_locales`, the switch's cookie, `Accept-Language` (in [`idp_i18n::choose`]'s order).
pub fn tr(s: &AppState, headers: &HeaderMap, ui_locales: Option<&str>) -> Tr {
    let chosen = cookies::get(headers, cookies::LANG, s.config.secure_cookies);
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Tr::new(idp_i18n::choose(&Prefs {
        ui_locales,
        chosen: chosen.as_deref(),
        accept_language: accept,
        ..Prefs::default()
    }))
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
    let back = p.get("return").and_then(local_path).unwrap_or("/account");
    let set = cookies::set(
        cookies::LANG,
        lang.tag(),
        s.config.secure_cookies,
        Some(MAX_AGE),
    );
    Ok(with_cookies(see_other(back), [set]))
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
