//! "Test connection" on the single sign-on page: the button sends the administrator's
//! browser (in a new window) to the company's IdP; its answer comes back to the ACS with a
//! test RelayState and is shown here as a report, never as a sign-in.

use super::{at, enter_post};
use crate::extract::PageParams;
use crate::pages;
use crate::respond::PageError;
use crate::routes::saml::idp_words;
use crate::routes::{request_ip, see_other, with_cookies};
use crate::{cookies, AppState};
use askama::Template;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_domain::TenantId;
use idp_i18n::{Msg, Tr};
use idp_signin::sso::test::{rfc3339, Hint, Line, TestReport, Verdict, Would};
use idp_signin::sso::{AcsForm, Refusal, REQUEST_TTL};
use std::net::SocketAddr;

pub async fn sso_test_post(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    let secure = s.config.secure_cookies;
    let had = cookies::get(&headers, cookies::SSO, secure);
    let mfa = p.get("mfa") == Some("1");
    let ip = request_ip(&s, peer, &headers);
    let started = s
        .admin
        .test_sso(&at.caller, &t.id, mfa, had.as_deref(), ip)
        .await
        .map_err(|e| at.fail(e))?;
    let set = cookies::set_cross_site(cookies::SSO, &started.browser_cookie, secure, REQUEST_TTL);
    Ok(with_cookies(see_other(&started.location), [set]))
}

/// The IdP's answer to a test, posted to the ACS: the report, or a page saying that no test
/// of this browser is waiting for it, in the language `t` (the ACS request's:
/// `console::language`).
pub async fn answer(
    s: &AppState,
    tenant: &TenantId,
    form: AcsForm<'_>,
    browser_cookie: Option<&str>,
    t: Tr,
) -> Result<Response, PageError> {
    let Some(report) = s.signin.sso_test_acs(tenant, form, browser_cookie).await? else {
        return Err(PageError::msg(400, Msg::new("admin-test-no-test")));
    };
    Ok(pages::render(StatusCode::OK, &TestPage::of(&report, t)))
}

#[derive(Template)]
#[template(path = "admin/sso_test.html")]
struct TestPage<'a> {
    t: Tr,
    r: &'a TestReport,
    accepted: bool,
    verdict: String,
    detail: Option<String>,
    would: Option<String>,
    skew: Option<String>,
    hints: Vec<(String, String)>,
    mapping: Vec<(String, String, String)>,
    lines: Vec<(String, &'a str, bool)>,
    decrypted: Vec<(String, &'a str, bool)>,
}

fn shown(lines: &[Line]) -> Vec<(String, &str, bool)> {
    lines
        .iter()
        .map(|l| ("  ".repeat(l.depth), l.text.as_str(), l.signed))
        .collect()
}

fn date(t: i64) -> String {
    rfc3339(t).unwrap_or_default()
}

impl<'a> TestPage<'a> {
    fn of(r: &'a TestReport, t: Tr) -> Self {
        let (verdict, detail) = match &r.verdict {
            Verdict::Accepted => (t.t("admin-test-accepted"), None),
            Verdict::IdpSaidNo(st) => (
                // What the status means comes from the sign-in pages' words (English for now).
                t.a("admin-test-idp-said-no", "words", idp_words(st)),
                Some(
                    [
                        Some(st.code.as_str()),
                        st.sub_code.as_deref(),
                        st.message.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                ),
            ),
            Verdict::Refused(x) => (
                t.a(
                    "admin-test-refused-by",
                    "check",
                    format!("{:?}", x.check).to_lowercase(),
                ),
                Some(x.detail.clone()),
            ),
            _ => (t.t("admin-test-refused"), None),
        };
        let would = r.would.as_ref().map(|w| match w {
            Would::SignIn { username } => t.a("admin-test-would-sign-in", "username", username),
            Would::Create { username } => t.a("admin-test-would-create", "username", username),
            Would::Refuse(x) => t.msg(
                &Msg::new("admin-test-would-refuse")
                    .with("code", x.code())
                    .with("reason", t.t(refusal_for_admins(x))),
            ),
            _ => String::new(),
        });
        let skew = r.skew.map(|s| match s {
            0 => t.t("admin-test-skew-none"),
            s if s > 0 => t.msg(
                &Msg::new("admin-test-skew-before")
                    .with("seconds", s)
                    .with("allowed", r.allowed_skew),
            ),
            s => t.msg(
                &Msg::new("admin-test-skew-future")
                    .with("seconds", -s)
                    .with("allowed", r.allowed_skew),
            ),
        });
        let label = |f: &str| match f {
            "stable_id" => "admin-test-field-stable-id",
            "email" => "admin-test-field-email",
            "username" => "admin-field-username",
            _ => "admin-field-display-name",
        };
        let mapping = r
            .mapping
            .iter()
            .map(|m| {
                (
                    t.t(label(m.field)),
                    m.value.clone().unwrap_or_else(|| t.t("admin-test-nothing")),
                    m.from.clone().unwrap_or_default(),
                )
            })
            .collect();
        TestPage {
            t,
            r,
            accepted: matches!(r.verdict, Verdict::Accepted),
            verdict,
            detail,
            would,
            skew,
            hints: r.hints.iter().map(|h| hint_words(t, h)).collect(),
            mapping,
            lines: r.diagnosis.lines.as_deref().map(shown).unwrap_or_default(),
            decrypted: r
                .diagnosis
                .decrypted
                .as_deref()
                .map(shown)
                .unwrap_or_default(),
        }
    }
}

/// Why a sign-in would be refused, in an administrator's terms: a catalogue key.
fn refusal_for_admins(r: &Refusal) -> &'static str {
    match r {
        Refusal::NoEmail => "admin-test-refusal-no-email",
        Refusal::DomainNotClaimed => "admin-test-refusal-domain-not-claimed",
        Refusal::OtherTenantsDomain => "admin-test-refusal-other-tenants-domain",
        Refusal::NoAccount => "admin-test-refusal-no-account",
        Refusal::Disabled => "admin-test-refusal-disabled",
        Refusal::UsernameTaken => "admin-test-refusal-username-taken",
        _ => "admin-test-refusal-other",
    }
}

const ADFS_BOTH: &str =
    "Set-AdfsRelyingPartyTrust -TargetName \"<name>\" -SamlResponseSignature MessageAndAssertion";

/// A hint's title and text, in the page's language.
fn hint_words(t: Tr, h: &Hint) -> (String, String) {
    let (title, text) = match h {
        Hint::EntraAuthnContext => (
            "admin-hint-entra-authn-context-title",
            Msg::new("admin-hint-entra-authn-context"),
        ),
        Hint::EntraNotAssigned => (
            "admin-hint-entra-not-assigned-title",
            Msg::new("admin-hint-entra-not-assigned"),
        ),
        Hint::Unsigned => ("admin-hint-unsigned-title", Msg::new("admin-hint-unsigned")),
        Hint::CertificateNotInMetadata {
            subject,
            sha256,
            not_after,
        } => (
            "admin-hint-certificate-title",
            Msg::new("admin-hint-certificate")
                .with("subject", subject)
                .with("sha256", sha256)
                .with("not_after", date(*not_after)),
        ),
        Hint::SignatureFailed { adfs } => {
            let mut s = t.t("admin-hint-signature");
            if *adfs {
                s = format!(
                    "{s} {}",
                    t.a("admin-hint-signature-adfs", "command", ADFS_BOTH)
                );
            }
            return (t.t("admin-hint-signature-title"), s);
        }
        Hint::Decryption { adfs } => {
            let mut s = t.t("admin-hint-decryption");
            if *adfs {
                s = format!(
                    "{s} {}",
                    t.a("admin-hint-decryption-adfs", "command", ADFS_BOTH)
                );
            }
            return (t.t("admin-hint-decryption-title"), s);
        }
        Hint::WrongIdentifier { found, expected } => (
            "admin-hint-wrong-identifier-title",
            Msg::new("admin-hint-wrong-identifier")
                .with(
                    "found",
                    if found.is_empty() {
                        t.t("admin-hint-another-audience")
                    } else {
                        found.join(", ")
                    },
                )
                .with("expected", expected),
        ),
        Hint::WrongIssuer { found, expected } => (
            "admin-hint-wrong-issuer-title",
            Msg::new("admin-hint-wrong-issuer")
                .with(
                    "found",
                    found
                        .clone()
                        .unwrap_or_else(|| t.t("admin-hint-unnamed-issuer")),
                )
                .with("expected", expected),
        ),
        Hint::WrongAcs { found, expected } => (
            "admin-hint-wrong-acs-title",
            Msg::new("admin-hint-wrong-acs")
                .with(
                    "found",
                    found
                        .clone()
                        .unwrap_or_else(|| t.t("admin-hint-another-address")),
                )
                .with("expected", expected),
        ),
        Hint::ClockSkew { seconds, allowed } => (
            "admin-hint-clock-skew-title",
            Msg::new(if *seconds > 0 {
                "admin-hint-clock-behind"
            } else {
                "admin-hint-clock-ahead"
            })
            .with("seconds", seconds.abs())
            .with("allowed", *allowed),
        ),
        Hint::Expired => ("admin-hint-expired-title", Msg::new("admin-hint-expired")),
        Hint::NoEmail { names } => (
            "admin-hint-no-email-title",
            Msg::new("admin-hint-no-email").with(
                "names",
                if names.is_empty() {
                    t.t("admin-hint-none")
                } else {
                    names.join(", ")
                },
            ),
        ),
        Hint::DomainNotClaimed { domain, claimed } => (
            "admin-hint-domain-not-claimed-title",
            Msg::new("admin-hint-domain-not-claimed")
                .with("domain", domain)
                .with("claimed", claimed.join(", ")),
        ),
        Hint::TransientNameId => (
            "admin-hint-transient-title",
            Msg::new("admin-hint-transient"),
        ),
        Hint::NoAccount => (
            "admin-hint-no-account-title",
            Msg::new("admin-hint-no-account"),
        ),
        _ => return (t.t("admin-hint-note-title"), String::new()),
    };
    (t.t(title), t.msg(&text))
}

/// The report page with sample values, for the language tests.
#[cfg(test)]
pub(super) mod samples {
    use super::*;
    use idp_signin::sso::test::{Diagnosis, Mapped};

    pub fn pages(t: Tr) -> Vec<String> {
        let hints = vec![
            Hint::EntraAuthnContext,
            Hint::EntraNotAssigned,
            Hint::Unsigned,
            Hint::CertificateNotInMetadata {
                subject: "CN=x".into(),
                sha256: "AB".into(),
                not_after: 0,
            },
            Hint::SignatureFailed { adfs: true },
            Hint::Decryption { adfs: true },
            Hint::WrongIdentifier {
                found: Vec::new(),
                expected: "https://idp.example/saml/acme".into(),
            },
            Hint::WrongIssuer {
                found: None,
                expected: "https://corp.example".into(),
            },
            Hint::WrongAcs {
                found: None,
                expected: "https://idp.example/saml/acme/acs".into(),
            },
            Hint::ClockSkew {
                seconds: 400,
                allowed: 180,
            },
            Hint::Expired,
            Hint::NoEmail { names: Vec::new() },
            Hint::DomainNotClaimed {
                domain: "other.example".into(),
                claimed: vec!["corp.example".into()],
            },
            Hint::TransientNameId,
            Hint::NoAccount,
        ];
        let report = TestReport {
            tenant: TenantId::parse("acme").unwrap_or_else(|e| panic!("{e:?}")),
            sp_entity_id: String::new(),
            acs_url: String::new(),
            idp_entity_id: String::new(),
            verdict: Verdict::Accepted,
            diagnosis: Diagnosis {
                lines: Some(vec![Line {
                    depth: 0,
                    text: "<Response>".into(),
                    signed: true,
                }]),
                decrypted: None,
                seen: Default::default(),
                cut: true,
            },
            verified: false,
            name_id: None,
            name_id_format: None,
            authn_context: None,
            attributes: Vec::new(),
            skew: Some(-2),
            allowed_skew: 180,
            mfa: false,
            sealed: true,
            mapping: vec![Mapped {
                field: "email",
                value: None,
                from: None,
            }],
            would: Some(Would::Refuse(Refusal::NoAccount)),
            hints,
        };
        use askama::Template as _;
        vec![TestPage::of(&report, t)
            .render()
            .unwrap_or_else(|e| panic!("{e}"))]
    }
}
