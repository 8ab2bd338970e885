//! "Test connection" on the single sign-on page: the button sends the administrator's
//! browser (in a new window) to the company's IdP; its answer comes back to the ACS with a
//! test RelayState and is shown here as a report, never as a sign-in.

use super::{admin_page, at, enter_post};
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
        .map_err(admin_page)?;
    let set = cookies::set_cross_site(cookies::SSO, &started.browser_cookie, secure, REQUEST_TTL);
    Ok(with_cookies(see_other(&started.location), [set]))
}

/// The IdP's answer to a test, posted to the ACS: the report, or a page saying that no test
/// of this browser is waiting for it.
pub async fn answer(
    s: &AppState,
    tenant: &TenantId,
    form: AcsForm<'_>,
    browser_cookie: Option<&str>,
) -> Result<Response, PageError> {
    let Some(report) = s.signin.sso_test_acs(tenant, form, browser_cookie).await? else {
        return Err(PageError::new(
            400,
            "This answer belongs to no connection test started in this browser: it was already shown, it came more than 10 minutes after the test started, or the test was started in another browser. Start the test again from the single sign-on page.",
        ));
    };
    Ok(pages::render(StatusCode::OK, &TestPage::of(&report)))
}

#[derive(Template)]
#[template(path = "admin/sso_test.html")]
struct TestPage<'a> {
    r: &'a TestReport,
    accepted: bool,
    verdict: String,
    detail: Option<String>,
    would: Option<String>,
    skew: Option<String>,
    hints: Vec<(&'static str, String)>,
    mapping: Vec<(&'static str, String, String)>,
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
    fn of(r: &'a TestReport) -> Self {
        let (verdict, detail) = match &r.verdict {
            Verdict::Accepted => (
                "The identity provider answered, and its answer passes every check.".to_owned(),
                None,
            ),
            Verdict::IdpSaidNo(st) => (
                format!(
                    "The identity provider answered with an error: {}",
                    idp_words(st)
                ),
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
                format!(
                    "The answer was refused by the {} check: no one could sign in with it.",
                    format!("{:?}", x.check).to_lowercase()
                ),
                Some(x.detail.clone()),
            ),
            _ => ("The answer was refused.".to_owned(), None),
        };
        let would = r.would.as_ref().map(|w| match w {
            Would::SignIn { username } => format!("This answer maps to the user {username}; a sign-in would go on with the application's own requirements (its company, a second factor, a fresh sign-in)."),
            Would::Create { username } => format!("No account matches yet: a sign-in would create the user {username} (just-in-time), then go on with the application's own requirements."),
            Would::Refuse(x) => format!("A sign-in with this answer would be refused ({}): {}", x.code(), refusal_for_admins(x)),
            _ => String::new(),
        });
        let skew = r.skew.map(|s| match s {
            0 => "none: issued this second".to_owned(),
            s if s > 0 => format!(
                "issued {s} seconds before it arrived (allowed: {} seconds each way)",
                r.allowed_skew
            ),
            s => format!(
                "issued {} seconds in the future by our clock (allowed: {} seconds each way)",
                -s, r.allowed_skew
            ),
        });
        let label = |f: &str| match f {
            "stable_id" => "Stable account key",
            "email" => "E-mail",
            "username" => "User name",
            _ => "Display name",
        };
        let mapping = r
            .mapping
            .iter()
            .map(|m| {
                (
                    label(m.field),
                    m.value.clone().unwrap_or_else(|| "(nothing)".into()),
                    m.from.clone().unwrap_or_default(),
                )
            })
            .collect();
        TestPage {
            r,
            accepted: matches!(r.verdict, Verdict::Accepted),
            verdict,
            detail,
            would,
            skew,
            hints: r.hints.iter().map(hint_words).collect(),
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

/// Why a sign-in would be refused, in an administrator's terms.
fn refusal_for_admins(r: &Refusal) -> &'static str {
    match r {
        Refusal::NoEmail => "the assertion carries no usable e-mail address.",
        Refusal::DomainNotClaimed => {
            "the e-mail address is in a domain this connection does not claim."
        }
        Refusal::OtherTenantsDomain => "the e-mail address is in a domain another company claims.",
        Refusal::NoAccount => "no account matches, and just-in-time creation is off.",
        Refusal::Disabled => "the matching account is disabled.",
        Refusal::UsernameTaken => {
            "the user name a just-in-time account would get is taken or not valid."
        }
        _ => "see the hints below.",
    }
}

const ADFS_BOTH: &str =
    "Set-AdfsRelyingPartyTrust -TargetName \"<name>\" -SamlResponseSignature MessageAndAssertion";

fn hint_words(h: &Hint) -> (&'static str, String) {
    match h {
        Hint::EntraAuthnContext => ("Entra ID: AADSTS75011, authentication method mismatch", "Entra ID did not sign the user in the way the request asked (its RequestedAuthnContext). Entra takes only classes it knows, and no MFA class: remove the class from this connection's requested AuthnContext, or name the one your users sign in with (for example PasswordProtectedTransport). Entra reports MFA in the authnmethodsreferences claim instead.".into()),
        Hint::EntraNotAssigned => ("Entra ID: AADSTS50105, user not assigned", "The user who signed in is not assigned to the enterprise application. In Entra ID, open Enterprise applications, this application, Users and groups, and assign the user or a group of theirs (or set \"Assignment required?\" to No).".into()),
        Hint::Unsigned => ("The answer is not signed", "Neither the response nor the assertion carries a signature, so nothing in it can be trusted. ADFS signs the assertion unless told otherwise; in Okta, turn on the Response or Assertion signature; in Entra ID, the SAML signing option must sign the assertion or the response.".into()),
        Hint::CertificateNotInMetadata { subject, sha256, not_after } => ("Signed with a certificate that is not in the metadata", format!("The signature names the certificate {subject} (SHA-256 {sha256}, valid until {}), which the metadata here does not hold. The identity provider has probably rolled over to a new certificate: load its current metadata again, or give its metadata URL, which is fetched again every 6 hours.", date(*not_after))),
        Hint::SignatureFailed { adfs } => {
            let mut s = "The signature does not verify against the metadata's certificates: the document was changed after it was signed (by a proxy, say), or it was signed with an algorithm not accepted here (SHA-1).".to_owned();
            if *adfs {
                s.push_str(&format!(" ADFS signs only the assertion by default; to have it sign the response as well, run {ADFS_BOTH}."));
            }
            ("The signature does not verify", s)
        }
        Hint::Decryption { adfs } => {
            let mut s = "The encrypted assertion could not be opened with this company's key, or, opened, it carries no valid signature of its own. The identity provider must encrypt to the certificate in our current SP metadata (download it again after a key rotation), and sign the assertion itself, not only the response.".to_owned();
            if *adfs {
                s.push_str(&format!(" In ADFS: {ADFS_BOTH}."));
            }
            ("The encrypted assertion did not open", s)
        }
        Hint::WrongIdentifier { found, expected } => ("Wrong relying party identifier", format!("The assertion is meant for {}, not for this service provider. The relying party identifier (ADFS), the Identifier (Entity ID) (Entra ID) or the Audience URI (Okta) must be exactly {expected}.", if found.is_empty() { "another audience".to_owned() } else { found.join(", ") })),
        Hint::WrongIssuer { found, expected } => ("Issued by another identity provider", format!("The answer comes from {}, but the metadata here is that of {expected}. The metadata belongs to another identity provider or another environment (a test tenant, say): load the metadata of the one that answers.", found.as_deref().unwrap_or("an unnamed issuer"))),
        Hint::WrongAcs { found, expected } => ("Sent to another address", format!("The answer was addressed to {}, but our Assertion Consumer Service is {expected}. Set the Reply URL (Entra ID), the SAML Assertion Consumer endpoint (ADFS) or the Single sign-on URL (Okta) to exactly that.", found.as_deref().unwrap_or("another address"))),
        Hint::ClockSkew { seconds, allowed } => ("The clocks disagree", format!("The identity provider's clock is {} seconds {} ours; {allowed} seconds each way are allowed. Have both servers set their time by NTP.", seconds.abs(), if *seconds > 0 { "behind" } else { "ahead of" })),
        Hint::Expired => ("The assertion had expired", "The assertion's lifetime was over when it arrived: the round trip took too long, or an old answer was posted again. Run the test again; if it happens every time, the identity provider's assertion lifetime is too short or its clock is off.".into()),
        Hint::NoEmail { names } => ("No e-mail address", format!("The assertion carries no usable e-mail address, and users are found by it. Attributes sent: {}. Add an e-mail claim (ADFS: a rule sending E-Mail-Addresses as http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress; Entra ID: user.mail; Okta: an attribute statement), or name the attribute that holds it under \"Attribute for the e-mail address\".", if names.is_empty() { "none".to_owned() } else { names.join(", ") })),
        Hint::DomainNotClaimed { domain, claimed } => ("E-mail domain not claimed", format!("The e-mail address is in {domain}, which this connection does not claim ({}). Add the domain under E-mail domains, or correct the user's address at the identity provider.", claimed.join(", "))),
        Hint::TransientNameId => ("No stable account key", "The NameID is transient and no stable attribute (such as Entra's objectidentifier) is mapped: the account is found by its e-mail address at every sign-in, and a changed address would lose it. Send a persistent NameID, or name the attribute for the stable account key.".into()),
        Hint::NoAccount => ("No account for this user", "There is no account here for this user, and just-in-time creation is off: invite the user first, or turn on \"Create users on their first sign-in\".".into()),
        _ => ("Note", String::new()),
    }
}
