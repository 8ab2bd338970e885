//! Which language a request gets, in this order (issue 14):
//! 1. the relying application's `ui_locales` (OIDC Core §3.1.2.1), space-separated, first
//!    supported wins;
//! 2. the person's own choice: the language switch's cookie, then, once signed in, the choice
//!    stored on the user;
//! 3. `Accept-Language` (RFC 9110 §12.5.4), by weight;
//! 4. the tenant's default language;
//! 5. English.

use crate::Lang;

/// What a request says about its language; each source is optional.
#[derive(Debug, Default, Clone, Copy)]
pub struct Prefs<'a> {
    pub ui_locales: Option<&'a str>,
    /// The language switch's cookie.
    pub chosen: Option<&'a str>,
    /// The signed-in user's stored choice.
    pub user: Option<&'a str>,
    pub accept_language: Option<&'a str>,
    pub tenant: Option<&'a str>,
}

pub fn choose(p: &Prefs<'_>) -> Lang {
    p.ui_locales
        .and_then(|l| l.split_ascii_whitespace().find_map(Lang::parse))
        .or_else(|| p.chosen.and_then(Lang::parse))
        .or_else(|| p.user.and_then(Lang::parse))
        .or_else(|| p.accept_language.and_then(accept_language))
        .or_else(|| p.tenant.and_then(Lang::parse))
        .unwrap_or(Lang::ENGLISH)
}

/// The supported language of highest weight in an `Accept-Language` value (`*` and `q=0`
/// ask for nothing; ties keep the order given).
fn accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(u16, Lang)> = None;
    for item in header.split(',').take(32) {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .next()
            .map_or(Some(1000), quality);
        let (Some(q), Some(lang)) = (q, Lang::parse(tag)) else {
            continue;
        };
        if q > 0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// A `qvalue` in thousandths; `None` if malformed.
fn quality(s: &str) -> Option<u16> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(frac),
        "1" if frac == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de() -> Lang {
        Lang::parse("de").unwrap_or(Lang::ENGLISH)
    }

    #[test]
    fn the_order_of_sources() {
        let all = Prefs {
            ui_locales: Some("de"),
            chosen: Some("en"),
            user: Some("en"),
            accept_language: Some("en"),
            tenant: Some("en"),
        };
        assert_eq!(choose(&all), de(), "ui_locales first");
        let p = Prefs {
            ui_locales: Some("fr se"),
            chosen: Some("de"),
            ..all
        };
        assert_eq!(
            choose(&p),
            de(),
            "unsupported ui_locales fall through to the choice"
        );
        let p = Prefs {
            ui_locales: None,
            chosen: None,
            user: Some("de"),
            ..all
        };
        assert_eq!(choose(&p), de(), "then the user's stored choice");
        let p = Prefs {
            user: None,
            accept_language: Some("de-DE,en;q=0.5"),
            ..p
        };
        assert_eq!(choose(&p), de(), "then Accept-Language");
        let p = Prefs {
            accept_language: Some("fr"),
            tenant: Some("de"),
            ..p
        };
        assert_eq!(choose(&p), de(), "then the tenant's default");
        assert_eq!(choose(&Prefs::default()), Lang::ENGLISH, "then English");
        let p = Prefs {
            ui_locales: Some("fr-CA de-AT"),
            ..Prefs::default()
        };
        assert_eq!(
            choose(&p),
            de(),
            "the first supported of ui_locales, by primary subtag"
        );
        let p = Prefs {
            chosen: Some("en"),
            accept_language: Some("de"),
            ..Prefs::default()
        };
        assert_eq!(
            choose(&p),
            Lang::ENGLISH,
            "a choice beats the browser's header"
        );
    }

    #[test]
    fn accept_language_weights() {
        assert_eq!(accept_language("en;q=0.4, de;q=0.9"), Some(de()));
        assert_eq!(accept_language("de;q=0, en"), Some(Lang::ENGLISH));
        assert_eq!(accept_language("de;q=0"), None);
        assert_eq!(accept_language("*, fr"), None);
        assert_eq!(
            accept_language("de;q=2, en;q=0.1"),
            Some(Lang::ENGLISH),
            "a bad q is skipped"
        );
        assert_eq!(
            accept_language("fr-CH, fr;q=0.9, de;q=0.8, *;q=0.5"),
            Some(de())
        );
        assert_eq!(
            accept_language("en, de"),
            Some(Lang::ENGLISH),
            "ties keep the order"
        );
        assert_eq!(accept_language(""), None);
    }
}
