//! "Test connection": a real round trip through a tenant's IdP, started by an administrator
//! from the console, that signs no one in. The AuthnRequest is recorded like any other, bound
//! to the administrator's browser, and marked as a test; its RelayState says so, so that the
//! ACS hands the answer here instead of to the sign-in. The answer is validated exactly as a
//! sign-in's would be, then explained: the document with its signed part marked, the clock
//! skew, the NameID, the AuthnContext, the attributes, what maps to which user field, which
//! account it would be, and hints for the usual mistakes. No user is created, linked or
//! signed in, whatever the answer says.

use super::acs::{identity, AcsForm, Match, Refusal};
use super::start::{browser_digest, SsoStart, REQUEST_TTL};
use super::{Ready, SsoError, SsoResult};
use crate::SignIn;
use idp_domain::secret::random_b64;
use idp_domain::{TenantId, UnixTime};
use idp_federation::diagnose::{diagnose, Seen};
pub use idp_federation::diagnose::{Diagnosis, Line};
use idp_federation::request::{new_id, AuthnRequest};
use idp_federation::sp::cert_info;
pub use idp_federation::xml::rfc3339;
use idp_federation::{validate, Answer, Assertion, Attribute, Check, Expected, IdpStatus, Refused};
use idp_store::{AuditEvent, SamlRequest};

/// The RelayState of a test request starts with this; the rest is the request's ID.
pub const TEST_RELAY_PREFIX: &str = "test.";
/// The `interaction` of a test request: this, then the administrator (audit actor).
pub(crate) const TEST_INTERACTION_PREFIX: &str = "test:";
/// A clock this far off is worth a hint even when it is within the allowed skew.
const SKEW_WORTH_A_HINT: i64 = 60;

/// What the validation made of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// It would be accepted: every check passed.
    Accepted,
    /// The IdP answered with an error status.
    IdpSaidNo(IdpStatus),
    /// Refused by this check (the detail is for the administrator).
    Refused(Refused),
}

/// One user field and what the assertion gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// `stable_id`, `email`, `username`, `display_name`.
    pub field: &'static str,
    pub value: Option<String>,
    /// The attribute's name, or `NameID`.
    pub from: Option<String>,
}

/// Which account a sign-in with this answer would be (asked only of a verified answer).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Would {
    SignIn { username: String },
    Create { username: String },
    Refuse(Refusal),
}

/// A likely cause of a problem, with what the administrator would change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// Entra AADSTS75011: the requested AuthnContext does not match how the user signed in.
    EntraAuthnContext,
    /// Entra AADSTS50105: the user is not assigned to the enterprise application.
    EntraNotAssigned,
    /// Neither the Response nor the assertion is signed.
    Unsigned,
    /// A signature carries a certificate the metadata does not hold.
    CertificateNotInMetadata {
        subject: String,
        sha256: String,
        not_after: UnixTime,
    },
    /// Signatures with certificates of the metadata that still fail: the placement (ADFS
    /// signs only the assertion unless told otherwise) or an edited document.
    SignatureFailed { adfs: bool },
    /// An encrypted assertion that does not open with our key, or has no signature of its own.
    Decryption { adfs: bool },
    /// The audience is not our SP entity ID (the IdP's relying-party identifier).
    WrongIdentifier {
        found: Vec<String>,
        expected: String,
    },
    /// Issued by another entity than the metadata's.
    WrongIssuer {
        found: Option<String>,
        expected: String,
    },
    /// Sent to another ACS URL (Destination or Recipient).
    WrongAcs {
        found: Option<String>,
        expected: String,
    },
    /// The IdP's clock is this many seconds behind (positive) or ahead (negative) of ours.
    ClockSkew { seconds: i64, allowed: i64 },
    /// The assertion's lifetime is over (a slow round trip, or the back button).
    Expired,
    /// No e-mail address in the assertion; the attribute names it does carry.
    NoEmail { names: Vec<String> },
    /// The e-mail is in a domain the connection does not claim.
    DomainNotClaimed {
        domain: String,
        claimed: Vec<String>,
    },
    /// A transient NameID and no stable attribute: the account is found by e-mail each time.
    TransientNameId,
    /// No local account, and JIT provisioning is off.
    NoAccount,
}

/// Everything the test page shows.
#[derive(Debug, Clone)]
pub struct TestReport {
    pub tenant: TenantId,
    pub sp_entity_id: String,
    pub acs_url: String,
    pub idp_entity_id: String,
    pub verdict: Verdict,
    pub diagnosis: Diagnosis,
    /// The values below come from the verified assertion; `false`: read from the document
    /// as posted, not verified.
    pub verified: bool,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub authn_context: Option<String>,
    pub attributes: Vec<Attribute>,
    /// Our clock minus the IssueInstant, in seconds (positive: issued before now).
    pub skew: Option<i64>,
    pub allowed_skew: i64,
    /// The IdP says it did a second factor.
    pub mfa: bool,
    /// The assertion is encrypted and was not opened (it did not pass): what it says is not
    /// shown, and hints cannot quote it.
    pub sealed: bool,
    pub mapping: Vec<Mapped>,
    pub would: Option<Would>,
    pub hints: Vec<Hint>,
}

impl TestReport {
    /// A stable word for the audit log.
    pub fn outcome_code(&self) -> String {
        match &self.verdict {
            Verdict::Accepted => match &self.would {
                Some(Would::Refuse(r)) => format!("accepted, then {}", r.code()),
                _ => "accepted".into(),
            },
            Verdict::IdpSaidNo(s) => {
                format!("idp_status {}", s.sub_code.as_ref().unwrap_or(&s.code))
            }
            Verdict::Refused(r) => Refusal::Invalid(r.check).code(),
        }
    }
}

impl SignIn {
    /// Sends the administrator's browser to `tenant`'s IdP for a test that signs no one in.
    /// `mfa`: ask for the connection's MFA AuthnContext, as a sign-in for an application
    /// that requires MFA does. The tenant need not sign in with SSO yet.
    pub async fn sso_test_start(
        &self,
        tenant: &TenantId,
        actor: &str,
        mfa: bool,
        browser_cookie: Option<&str>,
        ip: std::net::IpAddr,
    ) -> SsoResult<SsoStart> {
        if !self.sso_starts.allow(ip, self.now()) {
            return Err(SsoError::TooMany);
        }
        let ready = self.ready(tenant).await?;
        let Some(sso_url) = ready.idp.sso_redirect.as_deref() else {
            return Err(SsoError::Broken {
                tenant: tenant.to_string(),
                cause: "the IdP's metadata has no HTTP-Redirect sign-on URL".into(),
            });
        };
        let sp_entity_id = self.sp_entity_id(tenant);
        let acs_url = self.acs_url(tenant);
        let contexts = if mfa {
            ready.conn.settings.requested_authn_context.clone()
        } else {
            Vec::new()
        };
        let request = AuthnRequest {
            sp_entity_id: &sp_entity_id,
            acs_url: &acs_url,
            destination: sso_url,
            now: self.now(),
            // The IdP asks again, so that the administrator can sign in as a test user.
            force_authn: true,
            authn_contexts: &contexts,
            login_hint: None,
        };
        let key = ready
            .idp
            .wants_signed_requests
            .then(|| ready.keys.first().map(|k| &k.key))
            .flatten();
        let internal = |e: &dyn std::fmt::Display| {
            crate::SignInError::internal("the test AuthnRequest", e.to_string())
        };
        let id = new_id().map_err(|e| internal(&e))?;
        let relay = format!("{TEST_RELAY_PREFIX}{id}");
        let sent = request.send_as(key, id, relay).map_err(|e| internal(&e))?;
        let cookie = match browser_cookie {
            Some(c) if !c.is_empty() && c.len() <= 64 => c.to_owned(),
            _ => random_b64(32).map_err(|e| internal(&e))?,
        };
        self.provider
            .store
            .save_saml_request(&SamlRequest {
                id: sent.id.clone(),
                tenant: tenant.clone(),
                relay_state: sent.relay_state.clone(),
                browser_digest: browser_digest(self, &cookie),
                interaction: format!("{TEST_INTERACTION_PREFIX}{actor}"),
                expires_at: self.now() + REQUEST_TTL,
            })
            .await?;
        tracing::info!(%tenant, request = %sent.id, %actor, "connection test sent to the IdP");
        Ok(SsoStart {
            location: sent.url,
            browser_cookie: cookie,
        })
    }

    /// The answer to a test, posted to `tenant`'s ACS with a test RelayState. `None`: no test
    /// of this tenant is pending for this browser (unknown, taken, expired, or another
    /// browser's). Never signs anyone in.
    pub async fn sso_test_acs(
        &self,
        tenant: &TenantId,
        form: AcsForm<'_>,
        browser_cookie: Option<&str>,
    ) -> SsoResult<Option<TestReport>> {
        let now = self.now();
        let Some(id) = form
            .relay_state
            .and_then(|r| r.strip_prefix(TEST_RELAY_PREFIX))
        else {
            return Ok(None);
        };
        // Looked at first, taken only when it is this browser's test of this tenant: a post
        // naming a sign-in's request never uses that request up.
        let (Some(relay), Some(cookie)) = (form.relay_state, browser_cookie) else {
            return Ok(None);
        };
        let digest = browser_digest(self, cookie);
        let store = &self.provider.store;
        let is_test = store
            .peek_saml_request(id, tenant, relay, &digest, now)
            .await?
            .is_some_and(|i| i.starts_with(TEST_INTERACTION_PREFIX));
        if !is_test {
            return Ok(None);
        }
        let Some(req) = store.take_saml_request(id, now).await? else {
            return Ok(None);
        };
        // Its tenant, RelayState and browser were matched by the look above.
        let Some(actor) = req.interaction.strip_prefix(TEST_INTERACTION_PREFIX) else {
            return Ok(None);
        };
        let ready = self.ready(tenant).await?;
        let report = self.report(&ready, tenant, id, form.saml_response).await?;
        let _ = self
            .provider
            .store
            .audit(&AuditEvent {
                at: now,
                tenant: Some(tenant.to_string()),
                user: None,
                actor: Some(actor.to_owned()),
                event: "sso.tested".into(),
                detail: Some(report.outcome_code()),
                client_ip: None,
            })
            .await;
        Ok(Some(report))
    }

    async fn report(
        &self,
        ready: &Ready,
        tenant: &TenantId,
        request_id: &str,
        saml_response: &str,
    ) -> SsoResult<TestReport> {
        let now = self.now();
        let settings = &ready.conn.settings;
        let keys: Vec<_> = if settings.encrypted_assertions {
            ready.keys.iter().map(|k| k.key.clone()).collect()
        } else {
            Vec::new()
        };
        let sp_entity_id = self.sp_entity_id(tenant);
        let acs_url = self.acs_url(tenant);
        let allowed_skew = settings.skew.secs();
        let want = Expected {
            idp_entity_id: &ready.idp.entity_id,
            signing_certs: &ready.idp.signing_certs,
            sp_entity_id: &sp_entity_id,
            acs_url: &acs_url,
            decryption_keys: &keys,
            now,
            skew: allowed_skew,
        };
        let (verdict, verified) = match validate(saml_response, &want) {
            Ok(Answer::Signed(a)) if a.in_response_to.as_deref() != Some(request_id) => (
                Verdict::Refused(Refused {
                    check: Check::InResponseTo,
                    detail: "the assertion answers another request than this test's".into(),
                }),
                None,
            ),
            Ok(Answer::Signed(a)) => (Verdict::Accepted, Some(a)),
            Ok(Answer::Failed(status)) => (Verdict::IdpSaidNo(status), None),
            Err(mut refused) => {
                if refused.check == Check::Decryption {
                    // One answer for every cause, as at sign-in: the page must not tell a bad
                    // padding from a bad signature (Jager and Somorovsky, 2011).
                    tracing::info!(%tenant, detail = %refused.detail, "connection test: decryption refused");
                    refused.detail =
                        "the encrypted assertion did not open with our key, or carries no valid signature of its own".into();
                }
                (Verdict::Refused(refused), None)
            }
        };
        // A document the first checks refused (size, encoding, markup) is not read again; an
        // encrypted assertion is opened for showing only once it was accepted.
        let unreadable = matches!(&verdict, Verdict::Refused(r) if matches!(
            r.check,
            Check::Size | Check::Base64 | Check::Utf8 | Check::Markup | Check::XmlDecl | Check::WellFormed
        ));
        let diagnosis = if unreadable {
            Diagnosis::default()
        } else {
            diagnose(saml_response, if verified.is_some() { &keys } else { &[] })
        };
        let seen = &diagnosis.seen;
        let assertion = verified.clone().unwrap_or_else(|| unverified(seen));
        let identity = identity(
            &assertion,
            &settings.attributes,
            &settings.requested_authn_context,
        );
        let would = match &verified {
            Some(_) => Some(
                match self.match_user(ready, tenant, &identity, false).await? {
                    Ok(Match::Existing(u)) => Would::SignIn {
                        username: u.username,
                    },
                    Ok(Match::Create { username, .. }) => Would::Create { username },
                    Err(r) => Would::Refuse(r),
                },
            ),
            None => None,
        };
        if let Some(a) = &verified {
            // The test used the assertion up: it can sign no one in later.
            let key = self
                .provider
                .secrets
                .code_digest("idp/v1/saml-assertion", &format!("{}\n{}", a.issuer, a.id));
            self.provider
                .store
                .first_use_of_assertion(&key, a.keep_until)
                .await?;
        }
        let skew = seen.issue_instant.map(|t| now - t);
        let from = &identity.from;
        let mapping = vec![
            Mapped {
                field: "stable_id",
                value: identity.stable_id.clone(),
                from: from.stable_id.clone(),
            },
            Mapped {
                field: "email",
                value: identity.email.clone(),
                from: from.email.clone(),
            },
            Mapped {
                field: "username",
                value: identity.username.clone(),
                from: from.username.clone(),
            },
            Mapped {
                field: "display_name",
                value: identity.display_name.clone(),
                from: from.display_name.clone(),
            },
        ];
        let mut report = TestReport {
            tenant: tenant.clone(),
            sp_entity_id,
            acs_url,
            idp_entity_id: ready.idp.entity_id.clone(),
            verified: verified.is_some(),
            name_id: Some(assertion.name_id.clone()).filter(|n| !n.is_empty()),
            name_id_format: assertion.name_id_format.clone(),
            authn_context: assertion.authn_context.clone(),
            attributes: assertion.attributes.clone(),
            skew,
            allowed_skew,
            mfa: identity.mfa,
            sealed: diagnosis_sealed(&diagnosis),
            mapping,
            would,
            hints: Vec::new(),
            verdict,
            diagnosis,
        };
        report.hints = hints(&report, ready, &identity, now);
        Ok(report)
    }
}

fn diagnosis_sealed(d: &Diagnosis) -> bool {
    d.seen.encrypted && d.decrypted.is_none()
}

/// An assertion made of what the document says, unverified: only for showing the mapping of
/// a refused answer.
fn unverified(seen: &Seen) -> Assertion {
    Assertion {
        id: String::new(),
        issuer: seen.assertion_issuer.clone().unwrap_or_default(),
        in_response_to: None,
        name_id: seen.name_id.clone().unwrap_or_default(),
        name_id_format: seen.name_id_format.clone(),
        attributes: seen.attributes.clone(),
        authn_context: seen.authn_context.clone(),
        authn_instant: None,
        session_index: None,
        keep_until: 0,
        response_signed: seen.response_signed,
        assertion_signed: seen.assertion_signed,
        age: 0,
    }
}

fn is_adfs(entity_id: &str) -> bool {
    entity_id.contains("/adfs/services/trust")
}

fn hints(
    r: &TestReport,
    ready: &Ready,
    identity: &super::acs::Identity,
    now: UnixTime,
) -> Vec<Hint> {
    let seen = &r.diagnosis.seen;
    let adfs = is_adfs(&ready.idp.entity_id);
    // What sits inside a sealed assertion is unknown here: never quote the Response's own
    // values as if they were the assertion's.
    let inner = |v: &Option<String>| if r.sealed { None } else { v.clone() };
    let mut out = Vec::new();
    let skewed = r
        .skew
        .filter(|s| s.abs() > SKEW_WORTH_A_HINT.min(r.allowed_skew))
        .map(|seconds| Hint::ClockSkew {
            seconds,
            allowed: r.allowed_skew,
        });
    match &r.verdict {
        Verdict::IdpSaidNo(status) => {
            let said = status.message.as_deref().unwrap_or_default();
            if said.contains("AADSTS75011") {
                out.push(Hint::EntraAuthnContext);
            }
            if said.contains("AADSTS50105") {
                out.push(Hint::EntraNotAssigned);
            }
        }
        Verdict::Refused(refused) => match refused.check {
            Check::Signature => {
                let foreign = seen
                    .signature_certs
                    .iter()
                    .find(|c| !ready.idp.signing_certs.contains(c))
                    .and_then(|c| cert_info(c).ok());
                if !seen.response_signed && !seen.assertion_signed && !seen.encrypted {
                    out.push(Hint::Unsigned);
                } else if let Some(c) = foreign {
                    out.push(Hint::CertificateNotInMetadata {
                        subject: c.subject,
                        sha256: c.sha256,
                        not_after: c.not_after,
                    });
                } else {
                    out.push(Hint::SignatureFailed { adfs });
                }
            }
            Check::Decryption => out.push(Hint::Decryption { adfs }),
            Check::Audience => out.push(Hint::WrongIdentifier {
                found: seen.audiences.clone(),
                expected: r.sp_entity_id.clone(),
            }),
            Check::Issuer => out.push(Hint::WrongIssuer {
                // The one that is not the IdP's: the assertion's, or the Response's own.
                found: [inner(&seen.assertion_issuer), seen.response_issuer.clone()]
                    .into_iter()
                    .flatten()
                    .find(|i| *i != r.idp_entity_id),
                expected: r.idp_entity_id.clone(),
            }),
            Check::Destination => out.push(Hint::WrongAcs {
                found: seen.destination.clone(),
                expected: r.acs_url.clone(),
            }),
            Check::Recipient => out.push(Hint::WrongAcs {
                found: inner(&seen.recipient),
                expected: r.acs_url.clone(),
            }),
            Check::Time if skewed.is_none() && seen.not_on_or_after.is_some_and(|t| t <= now) => {
                out.push(Hint::Expired)
            }
            _ => {}
        },
        Verdict::Accepted => {}
    }
    if let Some(s) = skewed {
        out.push(s);
    }
    if matches!(r.verdict, Verdict::Accepted | Verdict::Refused(_)) && r.name_id.is_some() {
        if identity.email.is_none() {
            out.push(Hint::NoEmail {
                names: r.attributes.iter().map(|a| a.name.clone()).collect(),
            });
        }
        if identity.stable_id.is_none() {
            out.push(Hint::TransientNameId);
        }
    }
    match &r.would {
        Some(Would::Refuse(Refusal::DomainNotClaimed)) => out.push(Hint::DomainNotClaimed {
            domain: identity
                .email
                .as_deref()
                .and_then(|e| e.rsplit_once('@'))
                .map(|(_, d)| d.to_owned())
                .unwrap_or_default(),
            claimed: ready.conn.domains.iter().map(|d| d.display()).collect(),
        }),
        Some(Would::Refuse(Refusal::NoAccount)) => out.push(Hint::NoAccount),
        _ => {}
    }
    out
}
