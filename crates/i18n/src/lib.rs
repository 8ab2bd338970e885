//! Languages. The strings people read live in one Fluent catalogue per language
//! (`templates/locales/<tag>.ftl`, embedded at build time); this crate picks the language a
//! request gets ([`choose`]) and renders catalogue keys and [`Msg`]s in it ([`Tr`]).
//!
//! A key missing from a catalogue falls back to English and is logged; the catalogue tests
//! (`tests` below) make sure that never ships.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

mod negotiate;
pub use negotiate::{choose, Prefs};

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// A language we have a catalogue for, by its tag (`en`, `de`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Lang {
    /// The last resort, and the language of the admin API's messages.
    pub const ENGLISH: Lang = Lang("en");

    /// The language a BCP 47 tag asks for, if we have it: `de-AT` and `DE` give `de`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        CATALOGUES
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            .or_else(|| {
                CATALOGUES
                    .iter()
                    .find(|(t, _)| t.eq_ignore_ascii_case(primary))
            })
            .map(|(t, _)| Lang(t))
    }

    /// Every language we have, in tag order (discovery's `ui_locales_supported`).
    pub fn all() -> impl Iterator<Item = Lang> {
        CATALOGUES.iter().map(|(t, _)| Lang(t))
    }

    pub fn tag(self) -> &'static str {
        self.0
    }

    fn bundle(self) -> Option<&'static FluentBundle<FluentResource>> {
        let i = CATALOGUES.iter().position(|(t, _)| *t == self.0)?;
        BUNDLES.get(i)
    }
}

static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| {
    CATALOGUES
        .iter()
        .map(|(tag, text)| {
            let id: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
            let mut b = FluentBundle::new_concurrent(vec![id]);
            // Pages are HTML: no bidi isolation marks around placeholders.
            b.set_use_isolating(false);
            let res = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(r, errs)| {
                tracing::error!(tag, ?errs, "catalogue has syntax errors");
                r
            });
            if let Err(errs) = b.add_resource(res) {
                tracing::error!(tag, ?errs, "catalogue has duplicate keys");
            }
            b
        })
        .collect()
});

/// A value for a placeholder: text (shown as it is) or a number (which also picks plural
/// forms: `{ $n -> [one] … *[other] … }`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another message, rendered in the same language: a password hint inside the sentence
    /// that says the password is weak, a duration inside a sentence.
    Msg(Box<Msg>),
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Self {
        Arg::Text((*s).to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(n.into())
    }
}

/// Something to tell a person, in no language yet: a catalogue key and its placeholders.
/// Services return these; the page or mail that shows one renders it with a [`Tr`].
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub const fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }
}

/// A duration in words ("90 seconds", "5 minutes", "24 hours", "7 days"), in the unit that
/// divides it: seconds up to two minutes, days from two days.
pub fn duration(secs: i64) -> Msg {
    let (n, key) = if secs % 86_400 == 0 && secs >= 2 * 86_400 {
        (secs / 86_400, "duration-days")
    } else if secs % 3600 == 0 && secs > 0 {
        (secs / 3600, "duration-hours")
    } else if secs % 60 == 0 && secs >= 120 {
        (secs / 60, "duration-minutes")
    } else {
        (secs, "duration-seconds")
    };
    Msg::new(key).with("n", n)
}

/// Whether `name` is an IANA time zone we know (`Europe/Berlin`, `UTC`).
pub fn time_zone_known(name: &str) -> bool {
    jiff::tz::db().get(name).is_ok()
}

const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

/// A message in English (logs, the CLI, the admin API).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Tr::default().msg(self))
    }
}

impl From<Msg> for String {
    fn from(m: Msg) -> String {
        m.to_string()
    }
}

/// Renders in one language. Templates hold one as `t` and call, say, `t.t("login-title")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    lang: Lang,
}

impl Default for Tr {
    fn default() -> Self {
        Tr::new(Lang::ENGLISH)
    }
}

impl Tr {
    pub const fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The `<html lang>` value.
    pub fn tag(&self) -> &'static str {
        self.lang.0
    }

    /// The language switch's choices: each language's tag, its name in itself, and whether it
    /// is this one.
    pub fn languages(&self) -> Vec<(&'static str, String, bool)> {
        Lang::all()
            .map(|l| (l.tag(), Tr::new(l).t("lang-name"), l == self.lang))
            .collect()
    }

    /// The text of `key`.
    pub fn t(&self, key: &str) -> String {
        self.format(key, &[])
    }

    /// The text of `key` with one placeholder filled.
    pub fn a(&self, key: &str, name: &'static str, value: impl Into<Arg>) -> String {
        self.format(key, &[(name, value.into())])
    }

    /// A moment as people read it, in `zone` (an IANA name; UTC when unset or unknown):
    /// "1. Dezember 2026, 14:05", "1 December 2026, 14:05".
    pub fn datetime(&self, unix: i64, zone: Option<&str>) -> String {
        self.moment(unix, zone, false)
    }

    /// [`Tr::datetime`] to the second, for logs people read: "1. Dezember 2026, 14:05:09".
    pub fn datetime_seconds(&self, unix: i64, zone: Option<&str>) -> String {
        self.moment(unix, zone, true)
    }

    fn moment(&self, unix: i64, zone: Option<&str>, seconds: bool) -> String {
        let tz = zone
            .and_then(|z| jiff::tz::db().get(z).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let Ok(at) = jiff::Timestamp::from_second(unix) else {
            return String::new();
        };
        let d = at.to_zoned(tz).datetime();
        let month = MONTHS[usize::from(d.month().unsigned_abs()).clamp(1, 12) - 1];
        let m = Msg::new("datetime")
            .with("day", i64::from(d.day()))
            .with("month", Msg::new(month))
            .with("year", d.year().to_string())
            .with(
                "time",
                match seconds {
                    true => format!("{:02}:{:02}:{:02}", d.hour(), d.minute(), d.second()),
                    false => format!("{:02}:{:02}", d.hour(), d.minute()),
                },
            );
        self.msg(&m)
    }

    /// A service's message.
    pub fn msg(&self, m: &Msg) -> String {
        self.format(m.key, &m.args)
    }

    fn format(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let found = [self.lang, Lang::ENGLISH].into_iter().find_map(|l| {
            let b = l.bundle()?;
            Some((b, b.get_message(key)?.value()?))
        });
        let Some((bundle, pattern)) = found else {
            tracing::error!(key, lang = self.lang.0, "no such catalogue key");
            return key.to_owned();
        };
        let fargs = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::new();
            for (n, v) in args {
                match v {
                    Arg::Text(s) => a.set(*n, FluentValue::from(s.as_str())),
                    Arg::Number(x) => a.set(*n, FluentValue::from(*x)),
                    Arg::Msg(m) => a.set(*n, FluentValue::from(self.msg(m))),
                }
            }
            a
        });
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, fargs.as_ref(), &mut errors);
        if !errors.is_empty() {
            tracing::error!(
                key,
                lang = self.lang.0,
                ?errors,
                "catalogue message did not format"
            );
        }
        out.into_owned()
    }
}

#[cfg(test)]
mod tests;
