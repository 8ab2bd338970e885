//! The Assertion Consumer Service: a posted Response to a signed-in user.
//!
//! Checks, in order, each refusing on its own: the response itself
//! (`idp_federation::validate`: signature, issuer, audience, recipient, destination, times);
//! a solicited response answers a request this server sent, taken once, for this tenant, with
//! its RelayState, from this browser; an unsolicited one only where the connection enables
//! it; the assertion ID is new on every node; the identity maps to one enabled local user of
//! this tenant (by its stable upstream key, else by e-mail, else created when JIT is on) with
//! an e-mail in a claimed domain; an application that asked for MFA gets it from upstream,
//! never topped up locally.

use super::start::browser_digest;
use super::{Ready, SsoResult};
use crate::{Browser, FirstFactor, Next, SignIn, Upstream};
use idp_domain::sso::claims;
use idp_domain::user::{validate_email, validate_username};
use idp_domain::{AttributeMap, TenantId, UnixTime, User, UserId};
use idp_federation::{validate, Answer, Assertion, Check, Expected, IdpStatus};
use idp_store::{AuditEvent, StoreError};
use subtle::ConstantTimeEq;

/// Why a response was not accepted, in terms a support page can explain.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The response failed this check (see `idp_federation::Check`).
    Invalid(Check),
    /// It answers no request pending here (unknown, expired, already answered, or another
    /// tenant's).
    NoRequest,
    /// It answers a request sent from another browser.
    OtherBrowser,
    /// This assertion was already used.
    Replay,
    /// Unsolicited (IdP-initiated) responses are not enabled for this tenant.
    Unsolicited,
    /// The assertion carries no usable e-mail address.
    NoEmail,
    /// The asserted e-mail's domain is not one the connection claims.
    DomainNotClaimed,
    /// No local account matches, and JIT provisioning is off.
    NoAccount,
    /// The account is disabled.
    Disabled,
    /// A JIT account cannot be created: the user name is taken or not valid.
    UsernameTaken,
    /// The application asked for MFA and the IdP did not say it did one.
    StepUpNotMet,
    /// The application asked for a fresh sign-in (`prompt=login`, `max_age`) and the IdP
    /// answered with an older one.
    NotFresh,
    /// The asserted e-mail is in a domain another tenant claims.
    OtherTenantsDomain,
    /// The application does not take accounts of this company.
    ClientRefusesTenant,
}

impl Refusal {
    /// A stable name for the audit log and the support page.
    pub fn code(&self) -> String {
        match self {
            Refusal::Invalid(c) => format!("invalid_{}", format!("{c:?}").to_lowercase()),
            Refusal::NoRequest => "no_request".into(),
            Refusal::OtherBrowser => "other_browser".into(),
            Refusal::Replay => "replay".into(),
            Refusal::Unsolicited => "unsolicited".into(),
            Refusal::NoEmail => "no_email".into(),
            Refusal::DomainNotClaimed => "domain_not_claimed".into(),
            Refusal::NoAccount => "no_account".into(),
            Refusal::Disabled => "disabled".into(),
            Refusal::UsernameTaken => "username_taken".into(),
            Refusal::StepUpNotMet => "step_up_not_met".into(),
            Refusal::NotFresh => "not_fresh".into(),
            Refusal::OtherTenantsDomain => "other_tenants_domain".into(),
            Refusal::ClientRefusesTenant => "client_refuses_tenant".into(),
        }
    }
}

/// What became of a posted response.
#[derive(Debug)]
#[non_exhaustive]
pub enum AcsOutcome {
    /// The sign-in went on: completed (back to the application), or refused by the policy
    /// or the client (`Next::Again`). `interaction` is the sign-in, for "try again".
    Done { next: Next, interaction: String },
    /// An unsolicited response signed the user in: a session, and the configured landing
    /// URL where the application starts its own sign-in.
    Landed { session: String, location: String },
    /// The IdP answered with an error status.
    IdpSaidNo {
        status: IdpStatus,
        retry: Option<String>,
    },
    /// Refused; `retry` is the sign-in to start again, when it is known.
    Refused {
        refusal: Refusal,
        retry: Option<String>,
    },
}

/// What the browser posted.
#[derive(Debug, Clone, Copy)]
pub struct AcsForm<'a> {
    pub saml_response: &'a str,
    pub relay_state: Option<&'a str>,
}

/// The local account an upstream identity maps to.
#[derive(Debug)]
pub(super) enum Match {
    Existing(User),
    /// None yet: JIT provisioning would create this one.
    Create {
        username: String,
        email: String,
        /// In a domain the connection claims (so the e-mail counts as confirmed).
        claimed_here: bool,
    },
}

fn refused(refusal: Refusal, retry: Option<String>) -> AcsOutcome {
    AcsOutcome::Refused { refusal, retry }
}

/// The upstream identity, read from the signed assertion.
pub(super) struct Identity {
    /// The upstream account's stable key, qualified by the issuer; `None` when the IdP
    /// sends only a transient NameID (matched by e-mail every time, never linked).
    pub stable_id: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub mfa: bool,
    /// Where each value came from (an attribute's name, or `NameID`), for "Test connection".
    pub from: Sources,
}

#[derive(Default)]
pub(super) struct Sources {
    pub stable_id: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub display_name: Option<String>,
}

const NAME_ID: &str = "NameID";

/// The first non-empty value of the attribute `name`, else of the first default that has
/// one: `(attribute, value)`.
fn first<'a>(
    a: &'a Assertion,
    name: Option<&'a str>,
    defaults: &[&'a str],
) -> Option<(&'a str, &'a str)> {
    let value = |n: &'a str| {
        a.values(n)
            .first()
            .map(|v| (n, v.as_str()))
            .filter(|(_, v)| !v.is_empty())
    };
    match name {
        Some(n) => value(n),
        None => defaults.iter().find_map(|d| value(d)),
    }
}

pub(super) fn identity(a: &Assertion, map: &AttributeMap, mfa_classes: &[String]) -> Identity {
    let transient = a
        .name_id_format
        .as_deref()
        .is_some_and(|f| f == "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
    let name_id = (NAME_ID, a.name_id.as_str());
    let stable_id = first(a, map.stable_id.as_deref(), &[claims::OBJECT_ID])
        .or((!transient).then_some(name_id));
    let email_format = a
        .name_id_format
        .as_deref()
        .is_some_and(|f| f.ends_with(":emailAddress"));
    let email = first(a, map.email.as_deref(), &[claims::EMAIL])
        .or_else(|| email_format.then_some(name_id))
        .or_else(|| first(a, None, &[claims::UPN]).filter(|_| map.email.is_none()))
        .and_then(|(n, e)| Some((n, validate_email(e).ok()?)));
    let username = first(a, map.username.as_deref(), &[claims::UPN, claims::NAME])
        .filter(|(_, u)| validate_username(u).is_ok())
        .map(|(n, u)| (n.to_owned(), u.to_owned()))
        .or_else(|| email.as_ref().map(|(n, e)| (n.to_string(), e.clone())));
    let display_name = first(
        a,
        map.display_name.as_deref(),
        &[claims::DISPLAY_NAME, claims::NAME],
    );
    let said_mfa = [
        claims::AUTHN_METHODS_REFERENCES,
        claims::AUTHENTICATION_METHOD,
    ]
    .iter()
    .any(|c| a.values(c).iter().any(|v| v == claims::MULTIPLE_AUTHN));
    let class_mfa = a
        .authn_context
        .as_deref()
        .is_some_and(|c| c == claims::MULTIPLE_AUTHN || mfa_classes.iter().any(|m| m == c));
    let name = |x: Option<&(&str, &str)>| x.map(|(n, _)| n.to_string());
    Identity {
        from: Sources {
            stable_id: name(stable_id.as_ref()),
            email: email.as_ref().map(|(n, _)| n.to_string()),
            username: username.as_ref().map(|(n, _)| n.clone()),
            display_name: name(display_name.as_ref()),
        },
        stable_id: stable_id.map(|(_, k)| format!("{}|{k}", a.issuer)),
        email: email.map(|(_, e)| e),
        username: username.map(|(_, u)| u),
        display_name: display_name.map(|(_, d)| d.to_owned()),
        mfa: said_mfa || class_mfa,
    }
}

impl SignIn {
    /// A Response posted to `tenant`'s ACS. `browser_cookie` is the SSO cookie (sent with
    /// the cross-site POST: it is `SameSite=None` on https).
    pub async fn sso_acs(
        &self,
        tenant: &TenantId,
        form: AcsForm<'_>,
        browser_cookie: Option<&str>,
        browser: Browser<'_>,
    ) -> SsoResult<AcsOutcome> {
        let ready = self.ready_for_sign_in(tenant).await?;
        let now = self.now();
        let certs = &ready.idp.signing_certs;
        // Encrypted assertions are opened only where the connection publishes an encryption
        // certificate.
        let keys: Vec<_> = if ready.conn.settings.encrypted_assertions {
            ready.keys.iter().map(|k| k.key.clone()).collect()
        } else {
            Vec::new()
        };
        let sp_entity_id = self.sp_entity_id(tenant);
        let acs_url = self.acs_url(tenant);
        let want = Expected {
            idp_entity_id: &ready.idp.entity_id,
            signing_certs: certs,
            sp_entity_id: &sp_entity_id,
            acs_url: &acs_url,
            decryption_keys: &keys,
            now,
            skew: ready.conn.settings.skew.secs(),
        };
        let answer = match validate(form.saml_response, &want) {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(%tenant, check = ?e.check, detail = %e.detail, "SAML response refused");
                let outcome = refused(Refusal::Invalid(e.check), None);
                self.audit_refusal(tenant, &outcome, browser).await;
                return Ok(outcome);
            }
        };
        let a = match answer {
            Answer::Signed(a) => a,
            Answer::Failed(status) => {
                // Not signed, so nothing is taken on its word: the retry only goes back to a
                // sign-in whose request is pending in this very browser.
                let retry = match (
                    status.in_response_to.as_deref(),
                    form.relay_state,
                    browser_cookie,
                ) {
                    (Some(id), Some(relay), Some(cookie)) => {
                        let digest = browser_digest(self, cookie);
                        self.provider
                            .store
                            .peek_saml_request(id, tenant, relay, &digest, now)
                            .await?
                            .filter(|i| !i.starts_with(super::test::TEST_INTERACTION_PREFIX))
                    }
                    _ => None,
                };
                tracing::info!(%tenant, code = %status.code, sub = ?status.sub_code, "the IdP answered with an error");
                return Ok(AcsOutcome::IdpSaidNo { status, retry });
            }
        };
        let outcome = self
            .accepted(&ready, tenant, &a, form, browser_cookie, browser)
            .await?;
        if let AcsOutcome::Refused { .. } = &outcome {
            self.audit_refusal(tenant, &outcome, browser).await;
        }
        Ok(outcome)
    }

    /// The pending request `id` of this tenant, taken, if it was sent to this browser with
    /// this RelayState: its sealed sign-in. `Err` says why not.
    async fn pending(
        &self,
        tenant: &TenantId,
        id: &str,
        relay_state: Option<&str>,
        browser_cookie: Option<&str>,
    ) -> SsoResult<Result<(String, UnixTime), Refusal>> {
        let Some(req) = self
            .provider
            .store
            .take_saml_request(id, self.now())
            .await?
        else {
            return Ok(Err(Refusal::NoRequest));
        };
        // A connection test's request never continues a sign-in.
        let test = req
            .interaction
            .starts_with(super::test::TEST_INTERACTION_PREFIX);
        if test || &req.tenant != tenant || relay_state != Some(req.relay_state.as_str()) {
            return Ok(Err(Refusal::NoRequest));
        }
        let same_browser = browser_cookie.is_some_and(|c| {
            let d = browser_digest(self, c);
            bool::from(d.as_bytes().ct_eq(req.browser_digest.as_bytes()))
        });
        if !same_browser {
            return Ok(Err(Refusal::OtherBrowser));
        }
        Ok(Ok((
            req.interaction,
            req.expires_at - super::start::REQUEST_TTL,
        )))
    }

    async fn accepted(
        &self,
        ready: &Ready,
        tenant: &TenantId,
        a: &Assertion,
        form: AcsForm<'_>,
        browser_cookie: Option<&str>,
        browser: Browser<'_>,
    ) -> SsoResult<AcsOutcome> {
        let settings = &ready.conn.settings;
        let (interaction, requested_at) = match a.in_response_to.as_deref() {
            Some(id) => match self
                .pending(tenant, id, form.relay_state, browser_cookie)
                .await?
            {
                Ok((i, at)) => (Some(i), at),
                Err(r) => return Ok(refused(r, None)),
            },
            None if settings.idp_initiated.is_some() => (None, 0),
            None => return Ok(refused(Refusal::Unsolicited, None)),
        };
        let retry = interaction.clone();
        let replay_key = self
            .provider
            .secrets
            .code_digest("idp/v1/saml-assertion", &format!("{}\n{}", a.issuer, a.id));
        if !self
            .provider
            .store
            .first_use_of_assertion(&replay_key, a.keep_until)
            .await?
        {
            return Ok(refused(Refusal::Replay, retry));
        }
        let ia = match &interaction {
            Some(id) => match self.interaction(id).await {
                Ok(ia) => Some(ia),
                Err(crate::SignInError::Expired) | Err(crate::SignInError::ClientGone) => {
                    return Ok(refused(Refusal::NoRequest, None))
                }
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let id = identity(a, &settings.attributes, &settings.requested_authn_context);
        // What the application asked for is checked before any account is made.
        if let Some(ia) = &ia {
            if !ia.client.accepts_tenant(tenant) {
                return Ok(refused(Refusal::ClientRefusesTenant, retry));
            }
            if ia.request.mfa_requested && !id.mfa {
                return Ok(refused(Refusal::StepUpNotMet, retry));
            }
            // ForceAuthn was sent: the IdP must have signed the user in after the request.
            let fresh_wanted = ia.request.prompt_login || ia.request.max_age.is_some();
            let skew = settings.skew.secs();
            let fresh = a.authn_instant.is_some_and(|t| t + skew >= requested_at);
            if fresh_wanted && !fresh {
                return Ok(refused(Refusal::NotFresh, retry));
            }
        }
        let user = match self.local_user(ready, tenant, &id).await? {
            Ok(u) => u,
            Err(r) => return Ok(refused(r, retry)),
        };
        let mut amr = vec!["fed".to_owned()];
        if id.mfa {
            amr.push("mfa".to_owned());
        }
        let up = Upstream {
            tenant: tenant.clone(),
            user: user.id.clone(),
            amr,
            auth_time: a.authn_instant,
        };
        match ia {
            Some(ia) => {
                let next = self
                    .first_factor(&ia, browser, FirstFactor::Federated(up))
                    .await?;
                Ok(AcsOutcome::Done {
                    next,
                    interaction: ia.id,
                })
            }
            None => {
                let location = settings.idp_initiated.clone().unwrap_or_default();
                let session = self
                    .federated_session(tenant, &user, (&up.amr, up.auth_time), browser)
                    .await?;
                Ok(AcsOutcome::Landed { session, location })
            }
        }
    }

    /// The local account an upstream identity maps to, without changing anything: by its
    /// stable key, else by e-mail (linked to the stable key when `link`), else one to create
    /// (JIT). Never another tenant's.
    pub(super) async fn match_user(
        &self,
        ready: &Ready,
        tenant: &TenantId,
        id: &Identity,
        link: bool,
    ) -> SsoResult<Result<Match, Refusal>> {
        let settings = &ready.conn.settings;
        let Some(email) = id.email.as_deref() else {
            return Ok(Err(Refusal::NoEmail));
        };
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        let claimed_here = ready.conn.domains.iter().any(|d| d.covers(domain));
        let store = &self.provider.store;
        if !claimed_here {
            if !settings.allow_other_domains {
                return Ok(Err(Refusal::DomainNotClaimed));
            }
            // Another company's domain is never this IdP's to vouch for.
            if store.sso_tenant_for_domain(domain).await?.is_some() {
                return Ok(Err(Refusal::OtherTenantsDomain));
            }
        }
        // No stable key (a transient NameID): matched by e-mail every time, never linked.
        let key = id.stable_id.as_deref().unwrap_or("");
        if let Some(u) = store.federated_user(tenant, key, Some(email), link).await? {
            return Ok(if u.disabled {
                Err(Refusal::Disabled)
            } else {
                Ok(Match::Existing(u))
            });
        }
        if !settings.jit {
            return Ok(Err(Refusal::NoAccount));
        }
        let Some(username) = id.username.clone() else {
            return Ok(Err(Refusal::UsernameTaken));
        };
        Ok(Ok(Match::Create {
            username,
            email: email.to_owned(),
            claimed_here,
        }))
    }

    /// The local account of an upstream identity ([`Self::match_user`]), created when JIT
    /// provisioning is on.
    async fn local_user(
        &self,
        ready: &Ready,
        tenant: &TenantId,
        id: &Identity,
    ) -> SsoResult<Result<User, Refusal>> {
        let (username, email, claimed_here) = match self.match_user(ready, tenant, id, true).await?
        {
            Ok(Match::Existing(u)) => return Ok(Ok(u)),
            Ok(Match::Create {
                username,
                email,
                claimed_here,
            }) => (username, email, claimed_here),
            Err(r) => return Ok(Err(r)),
        };
        let store = &self.provider.store;
        let now = self.now();
        let user = User {
            tenant: tenant.clone(),
            id: UserId::generate()
                .map_err(|e| crate::SignInError::internal("the random generator", e))?,
            username,
            email,
            // The IdP vouches for it only within a domain the tenant claims.
            email_confirmed: claimed_here,
            name: id.display_name.clone(),
            password_hash: None,
            role: Default::default(),
            disabled: false,
            created_at: now,
            updated_at: now,
            locale: None,
        };
        match store.create_user(&user).await {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => return Ok(Err(Refusal::UsernameTaken)),
            Err(e) => return Err(e.into()),
        }
        if let Some(key) = &id.stable_id {
            store.link_external_id(tenant, &user.id, key).await?;
        }
        let _ = store
            .audit(&AuditEvent {
                at: now,
                tenant: Some(tenant.to_string()),
                user: Some(user.id.to_string()),
                actor: None,
                event: "sso.user_created".into(),
                detail: Some(format!("just-in-time, as {}", user.username)),
                client_ip: None,
            })
            .await;
        Ok(Ok(user))
    }

    async fn audit_refusal(&self, tenant: &TenantId, outcome: &AcsOutcome, browser: Browser<'_>) {
        let AcsOutcome::Refused { refusal, .. } = outcome else {
            return;
        };
        if !self.sso_audits.allow(browser.ip, self.now()) {
            return;
        }
        let e = AuditEvent {
            at: self.now(),
            tenant: Some(tenant.to_string()),
            user: None,
            actor: None,
            event: "sso.refused".into(),
            detail: Some(refusal.code()),
            client_ip: Some(browser.ip.to_string()),
        };
        if let Err(err) = self.provider.store.audit(&e).await {
            tracing::warn!(error = %err, "an SSO refusal could not be audited");
        }
    }
}
