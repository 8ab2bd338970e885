//! The catalogues against each other and against the code: every language has every key of
//! English and no other, with the same placeholders; every key is used somewhere, and every
//! key the code asks for exists.

use super::*;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Keys = BTreeMap<String, BTreeSet<String>>;

/// Each message's key and the placeholders it uses.
fn keys(tag: &str, text: &str) -> Keys {
    let res = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((_, errs)) => panic!("{tag}.ftl does not parse: {errs:?}"),
    };
    let mut out = Keys::new();
    for e in res.body {
        if let Entry::Message(m) = e {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            let dup = out.insert(m.id.name.to_owned(), vars);
            assert!(dup.is_none(), "{tag}.ftl has {} twice", m.id.name);
        }
    }
    out
}

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expr_vars(expression, out);
        }
    }
}

fn expr_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_vars(i, out),
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expr_vars(expression, out),
        _ => {}
    }
}

fn catalogue(tag: &str) -> Keys {
    let (_, text) = CATALOGUES
        .iter()
        .find(|(t, _)| *t == tag)
        .unwrap_or_else(|| panic!("no {tag}.ftl"));
    keys(tag, text)
}

#[test]
fn english_and_german_are_there() {
    assert!(Lang::parse("en").is_some() && Lang::parse("de").is_some());
    assert_eq!(Lang::parse("de-DE").map(Lang::tag), Some("de"));
    assert_eq!(Lang::parse("fr"), None);
}

#[test]
fn every_language_has_the_keys_and_placeholders_of_english() {
    let en = catalogue("en");
    assert!(!en.is_empty());
    for (tag, text) in CATALOGUES {
        let other = keys(tag, text);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{tag}.ftl lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{tag}.ftl has keys English lacks: {extra:?}"
        );
        for (k, vars) in &en {
            assert_eq!(
                Some(vars),
                other.get(k),
                "{tag}.ftl's {k} has other placeholders than English's"
            );
        }
    }
}

/// Every source file a key could be used in: the templates and the crates' Rust code.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name()
                    .is_some_and(|n| n != "target" && n != "locales")
                {
                    walk(&p, out);
                }
            } else if p
                .extension()
                .is_some_and(|x| x == "rs" || x == "html" || x == "txt")
            {
                if let Ok(s) = std::fs::read_to_string(&p) {
                    out.push((p, s));
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    walk(&root.join("templates"), &mut out);
    walk(&root.join("crates"), &mut out);
    out
}

#[test]
fn every_key_is_used_and_every_used_key_exists() {
    let en = catalogue("en");
    let files = sources();
    let this = |p: &PathBuf| p.ends_with("i18n/src/tests.rs");
    let unused: Vec<_> = en
        .keys()
        .filter(|k| {
            let quoted = format!("\"{k}\"");
            !files.iter().any(|(p, s)| !this(p) && s.contains(&quoted))
        })
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
    // The ways code names a key: t.t("…"), t.a("…", …), Msg::new("…").
    let mut asked = BTreeSet::new();
    for (path, s) in &files {
        if this(path) {
            continue;
        }
        for pat in ["t.t(\"", "t.a(\"", "Msg::new(\""] {
            for (i, _) in s.match_indices(pat) {
                let rest = &s[i + pat.len()..];
                if let Some(end) = rest.find('"') {
                    asked.insert((rest[..end].to_owned(), path.display().to_string()));
                }
            }
        }
    }
    let unknown: Vec<_> = asked.iter().filter(|(k, _)| !en.contains_key(k)).collect();
    assert!(
        unknown.is_empty(),
        "keys the code asks for that English lacks: {unknown:?}"
    );
}

#[test]
fn placeholders_and_plurals_render() {
    let de = Tr::new(Lang::parse("de").unwrap_or(Lang::ENGLISH));
    let en = Tr::new(Lang::ENGLISH);
    assert_eq!(en.t("login-submit"), "Sign in");
    assert_eq!(de.t("login-submit"), "Anmelden");
    let m = Msg::new("login-lead").with("client", "Payroll");
    assert_eq!(en.msg(&m), "to continue to Payroll");
    assert_eq!(de.msg(&m), "um mit Payroll fortzufahren");
    assert_eq!(
        de.a("login-lead", "client", "Lohn"),
        "um mit Lohn fortzufahren"
    );
    // A key nobody wrote shows as itself rather than as nothing.
    assert_eq!(en.t("no-such-key-anywhere"), "no-such-key-anywhere");
}

#[test]
fn durations_read_naturally_with_their_plurals() {
    let de = Tr::new(Lang::parse("de").unwrap_or(Lang::ENGLISH));
    let en = Tr::new(Lang::ENGLISH);
    for (secs, english, german) in [
        (90, "90 seconds", "90 Sekunden"),
        (1, "1 second", "1 Sekunde"),
        (300, "5 minutes", "5 Minuten"),
        (3600, "1 hour", "1 Stunde"),
        (86_400, "24 hours", "24 Stunden"),
        (7 * 86_400, "7 days", "7 Tage"),
    ] {
        assert_eq!(en.msg(&duration(secs)), english);
        assert_eq!(de.msg(&duration(secs)), german);
    }
    // Inside a sentence, in the sentence's language.
    let m = Msg::new("mail-code-valid").with("valid", duration(90));
    assert_eq!(de.msg(&m), "Er funktioniert einmal und gilt 90 Sekunden.");
    assert_eq!(en.msg(&m), "It works once, for 90 seconds.");
}

#[test]
fn dates_are_in_the_language_and_the_time_zone() {
    let de = Tr::new(Lang::parse("de").unwrap_or(Lang::ENGLISH));
    let en = Tr::new(Lang::ENGLISH);
    // 2026-12-01 13:05 UTC is 14:05 in Berlin (CET, UTC+1).
    let t = 1_796_130_300;
    assert_eq!(
        de.datetime(t, Some("Europe/Berlin")),
        "1. Dezember 2026, 14:05"
    );
    assert_eq!(
        en.datetime(t, Some("Europe/Berlin")),
        "1 December 2026, 14:05"
    );
    assert_eq!(en.datetime(t, None), "1 December 2026, 13:05");
    assert_eq!(
        de.datetime_seconds(t + 9, Some("Europe/Berlin")),
        "1. Dezember 2026, 14:05:09"
    );
    // Summer time: 2026-07-01 12:00 UTC is 14:00 in Berlin (CEST, UTC+2).
    assert_eq!(
        de.datetime(1_782_907_200, Some("Europe/Berlin")),
        "1. Juli 2026, 14:00"
    );
    // An unknown zone (a setting saved before a rename) falls back to UTC, never fails.
    assert_eq!(
        en.datetime(t, Some("Mars/Olympus")),
        "1 December 2026, 13:05"
    );
    assert!(time_zone_known("Europe/Berlin"));
    assert!(time_zone_known("UTC"));
    assert!(!time_zone_known("Europe/Atlantis"));
}
