//! The interaction, the first factor and the completion of a sign-in, and whether an existing
//! session may answer a new authorization.
//!
//! Rules enforced here:
//! - an SSO tenant's users are sent to SSO before any counter or hash (rule 1), and a
//!   federated first factor never meets a local lock or a local second factor;
//! - a client bound to a tenant accepts only that tenant's accounts;
//! - every password attempt is reserved before it is hashed ([`idp_accounts::guard`]); a wrong one
//!   stays counted, a right one gives its reservation back;
//! - a completed sign-in gets a fresh session ID (no fixation), ends the browser's previous
//!   session, and answers exactly one authorization.

use crate::{
    Browser, Completed, FirstFactor, Interaction, Next, Result, SignIn, SignInError, Upstream,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use idp_accounts::device;
use idp_accounts::guard::{account_key, Guard};
use idp_domain::secret::{digest, random_b64};
use idp_domain::{
    ClientId, LoginMode, Method, Secret, Tenant, TenantId, TwoFactor, UnixTime, User,
};
use idp_i18n::Msg;
use idp_mfa_policy::{sign_in_step, Account, Decision, FirstFactor as Policy, Requested};
use idp_oidc::authorize::AuthRequest;
use idp_oidc::{ACR_FEDERATED, ACR_MFA, ACR_PASSWORD};
use idp_store::SessionRow;
use std::sync::Arc;

const WRONG: Msg = Msg::new("signin-wrong");

pub(crate) fn requested(req: &AuthRequest) -> Requested {
    if req.mfa_requested {
        Requested::MultiFactor
    } else {
        Requested::Any
    }
}

/// What the sealed interaction ID holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sealed {
    /// The interaction's key.
    k: String,
    /// Until when it may be completed.
    exp: i64,
    r: AuthRequest,
}

impl SignIn {
    /// The associated data of a sealed interaction: its ciphertext means nothing elsewhere,
    /// nor at another issuer sharing the master key.
    fn seal_context(&self) -> String {
        format!("idp/v1/interaction {}", self.provider.config.issuer)
    }

    /// Seals a validated authorization request into the ID of its interaction. Nothing is
    /// written: any node with the master key can open it, and an unauthenticated browser
    /// makes the database store nothing. It completes once (see [`SignIn::complete`]).
    pub fn start(&self, req: &AuthRequest) -> Result<String> {
        let key = random_b64(18).map_err(|e| SignInError::internal("the random generator", e))?;
        let sealed = Sealed {
            k: key,
            exp: self.now() + self.provider.config.interaction_ttl,
            r: req.clone(),
        };
        let json = serde_json::to_vec(&sealed)
            .map_err(|e| SignInError::internal("sealing the request", e))?;
        let bytes = self
            .provider
            .secrets
            .seal_interaction(&self.seal_context(), &json)
            .map_err(|e| SignInError::internal("sealing the request", e))?;
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Opens the interaction `id` (forged, altered or expired ones are
    /// [`SignInError::Expired`]) and loads its client.
    pub async fn interaction(&self, id: &str) -> Result<Interaction> {
        let (key, request, exp) = self.open(id)?;
        let mut ia = self.with_client(id, key, request).await?;
        ia.started_at = exp - self.provider.config.interaction_ttl;
        Ok(ia)
    }

    fn open(&self, id: &str) -> Result<(String, AuthRequest, UnixTime)> {
        let bytes = URL_SAFE_NO_PAD
            .decode(id)
            .map_err(|_| SignInError::Expired)?;
        let json = self
            .provider
            .secrets
            .open_interaction(&self.seal_context(), &bytes)
            .map_err(|_| SignInError::Expired)?;
        // Genuine but unreadable (sealed by another version): as good as expired.
        let sealed: Sealed = serde_json::from_slice(&json).map_err(|_| SignInError::Expired)?;
        if sealed.exp <= self.now() {
            return Err(SignInError::Expired);
        }
        Ok((sealed.k, sealed.r, sealed.exp))
    }

    pub(crate) async fn with_client(
        &self,
        id: &str,
        key: String,
        request: AuthRequest,
    ) -> Result<Interaction> {
        let client_id = ClientId::parse(&request.client_id).map_err(|_| SignInError::Expired)?;
        let client = self
            .provider
            .store
            .client(&client_id)
            .await?
            .ok_or(SignInError::ClientGone)?;
        Ok(Interaction {
            id: id.to_owned(),
            key,
            request,
            client,
            started_at: self.now(),
        })
    }

    /// The first factor of interaction `ia`: a password or a verified upstream identity.
    #[tracing::instrument(skip_all, fields(interaction = %ia.key))]
    pub async fn first_factor(
        &self,
        ia: &Interaction,
        browser: Browser<'_>,
        first: FirstFactor<'_>,
    ) -> Result<Next> {
        match first {
            FirstFactor::Password {
                tenant,
                username,
                password,
            } => {
                let typed = Typed::lookup(self, tenant, username).await?;
                self.password(ia, browser, typed, password).await
            }
            FirstFactor::Federated(up) => self.federated(ia, browser, up).await,
        }
    }

    /// A password sign-in on interaction `id`: the typed user and their factors are read in
    /// one statement (none when the company ID cannot be one); returns the interaction too
    /// (for the form, if it is shown again).
    pub async fn sign_in_with_password(
        &self,
        id: &str,
        browser: Browser<'_>,
        (tenant_in, username): (&str, &str),
        password: String,
    ) -> Result<(Interaction, Next)> {
        let ia = self.interaction(id).await?;
        let tenant_id = TenantId::parse(tenant_in).ok();
        let (user, active) = match &tenant_id {
            Some(t) => {
                let (done, user, active) = self
                    .provider
                    .store
                    .password_attempt(&ia.key, t, username)
                    .await?;
                if done {
                    return Err(SignInError::Expired);
                }
                (user, active)
            }
            None if self.provider.store.grant_exists(&ia.key).await? => {
                return Err(SignInError::Expired)
            }
            None => (None, Vec::new()),
        };
        let typed = Typed {
            tenant_in,
            username,
            tenant_id,
            user,
            active,
        };
        let next = self.password(&ia, browser, typed, password).await?;
        Ok((ia, next))
    }

    async fn password(
        &self,
        ia: &Interaction,
        browser: Browser<'_>,
        typed_in: Typed<'_>,
        password: String,
    ) -> Result<Next> {
        let Typed {
            tenant_in,
            username,
            tenant_id,
            user,
            active,
        } = typed_in;
        let again = |message: Msg, status: u16| Ok(Next::Again { message, status });
        if let (Some(bound), Some(t)) = (&ia.client.tenant, &tenant_id) {
            if bound != t {
                let m = Msg::new("signin-client-bound")
                    .with("client", ia.client.name.as_str())
                    .with("tenant", bound.as_str());
                return again(m, 200);
            }
        }
        let tenant = match &tenant_id {
            Some(t) => self.provider.store.tenant(t).await?,
            None => None,
        };
        // Rule 1, before any counter: SSO users are never locked out by password guesses.
        if tenant
            .as_ref()
            .is_some_and(|t| t.settings.login_mode == LoginMode::Sso)
        {
            return again(idp_mfa_policy::SSO_ONLY.msg(), 200);
        }
        let typed = account_key(tenant_in, username);
        let trusted = device::trusted_for(&self.provider.secrets, browser.device, &typed);
        let mut guard = Guard::new(tenant_in, username, browser.ip, trusted.as_deref());
        if let Some(t) = &tenant {
            guard = guard.with_policy(&t.settings);
        }
        if let Some(message) = guard.reserve(&self.accounts).await? {
            return again(message, 429);
        }
        let user = user.filter(|_| tenant.is_some());
        let stored = user
            .as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone());
        let ok = self.accounts.passwords.verify(password, stored).await;
        let (Some(tenant), Some(user), true) = (tenant, user, ok) else {
            tracing::info!(tenant = %tenant_in, "sign-in failed");
            guard.failed(&self.accounts).await?;
            return again(WRONG, 200);
        };
        let account = Account {
            active: &active,
            email_confirmed: user.email_confirmed,
        };
        let decision = sign_in_step(
            &tenant.settings,
            account,
            Policy::Password,
            crate::pipeline::requested(&ia.request),
        );
        match decision {
            Decision::SignedIn { amr } => {
                let amr: Vec<String> = amr.iter().map(|a| (*a).to_owned()).collect();
                let done = self
                    .complete(
                        ia,
                        browser,
                        (&tenant, &user),
                        (&amr, None),
                        Some(&mut guard),
                    )
                    .await?;
                Ok(Next::Completed(done))
            }
            Decision::Refused(r) => {
                guard.passed(&self.accounts).await?;
                again(r.msg(), 200)
            }
            next => {
                guard.passed(&self.accounts).await?;
                self.begin_second_factor(ia, browser, &tenant, &user, &next, &active)
                    .await?;
                Ok(Next::SecondFactor)
            }
        }
    }

    /// A first factor done upstream (rule 1): no local lock, no local second factor.
    async fn federated(
        &self,
        ia: &Interaction,
        browser: Browser<'_>,
        up: Upstream,
    ) -> Result<Next> {
        let tenant = self
            .provider
            .store
            .tenant(&up.tenant)
            .await?
            .ok_or(SignInError::Expired)?;
        if !ia.client.accepts_tenant(&tenant.id) {
            return Ok(Next::Again {
                message: Msg::new("signin-client-refuses")
                    .with("client", ia.client.name.as_str())
                    .with("tenant", tenant.id.as_str()),
                status: 403,
            });
        }
        let user = self
            .provider
            .store
            .user(&tenant.id, &up.user)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(SignInError::Expired)?;
        let decision = sign_in_step(
            &tenant.settings,
            Account {
                active: &[],
                email_confirmed: user.email_confirmed,
            },
            Policy::Federated,
            requested(&ia.request),
        );
        match decision {
            Decision::SignedIn { .. } => {
                let done = self
                    .complete(ia, browser, (&tenant, &user), (&up.amr, up.auth_time), None)
                    .await?;
                self.audit_federated(&tenant.id, &user, browser).await;
                Ok(Next::Completed(done))
            }
            Decision::Refused(r) => Ok(Next::Again {
                message: r.msg(),
                status: 403,
            }),
            // The policy never asks a federated sign-in for a local factor (rule 1); should it
            // ever, fail closed.
            _ => Ok(Next::Again {
                message: idp_mfa_policy::SSO_ONLY.msg(),
                status: 403,
            }),
        }
    }

    /// The end of every sign-in: the authorization answered with a code, a new session, the
    /// counters settled. Exactly one request completes an authorization: the grant's ID is
    /// the interaction's key, so a second completion writes nothing and is
    /// [`SignInError::Expired`]. A right password or code whose completion fails still gives
    /// its reservation back: it was no guess.
    pub(crate) async fn complete(
        &self,
        ia: &Interaction,
        browser: Browser<'_>,
        account: (&Arc<Tenant>, &User),
        how: (&[String], Option<UnixTime>),
        mut guard: Option<&mut Guard>,
    ) -> Result<Completed> {
        let done = self
            .complete_once(ia, browser, account, how, guard.as_deref_mut())
            .await;
        if let (Err(_), Some(g)) = (&done, guard) {
            if let Err(e) = g.passed(&self.accounts).await {
                tracing::warn!(error = %e, "a reservation could not be given back");
            }
        }
        done
    }

    async fn complete_once(
        &self,
        ia: &Interaction,
        browser: Browser<'_>,
        (tenant, user): (&Arc<Tenant>, &User),
        (amr, auth_time): (&[String], Option<UnixTime>),
        guard: Option<&mut Guard>,
    ) -> Result<Completed> {
        let (session, secret) = self.new_session(tenant, user, amr, auth_time)?;
        let location = self
            .provider
            .issue_code(&ia.request, &session, Some(&ia.key))
            .await?
            .ok_or(SignInError::Expired)?;
        let store = &self.provider.store;
        if let Some(old) = browser.session {
            store.delete_session(&digest(old)).await?;
        }
        store.create_session(&session).await?;
        let typed = account_key(tenant.id.as_str(), &user.username);
        let device = device::after_sign_in(&self.provider.secrets, browser.device, &typed)?;
        if let Some(g) = guard {
            g.succeeded(&self.accounts, user.id.as_str()).await?;
        }
        // A choice this browser made before signing in becomes the user's (written only when
        // it differs, which is rare).
        let chosen = browser
            .language
            .and_then(idp_i18n::Lang::parse)
            .map(|l| l.tag().to_owned());
        if chosen.is_some() && chosen != user.locale {
            store
                .set_user_locale(&tenant.id, &user.id, chosen.as_deref())
                .await?;
        }
        tracing::info!(tenant = %tenant.id, user = %user.id, amr = ?amr, "signed in");
        Ok(Completed {
            session: secret,
            device,
            location,
            locale: chosen.or_else(|| user.locale.clone()),
        })
    }

    /// A session for a federated sign-in that answers no authorization (an unsolicited
    /// response): stored, the browser's previous one ended; returns its cookie's value.
    pub(crate) async fn federated_session(
        &self,
        tenant: &TenantId,
        user: &User,
        (amr, auth_time): (&[String], Option<UnixTime>),
        browser: Browser<'_>,
    ) -> Result<String> {
        let store = &self.provider.store;
        let tenant = store.tenant(tenant).await?.ok_or(SignInError::Expired)?;
        let (session, secret) = self.new_session(&tenant, user, amr, auth_time)?;
        if let Some(old) = browser.session {
            store.delete_session(&digest(old)).await?;
        }
        store.create_session(&session).await?;
        self.audit_federated(&tenant.id, user, browser).await;
        tracing::info!(tenant = %tenant.id, user = %user.id, amr = ?amr, "signed in (unsolicited SSO)");
        Ok(secret)
    }

    /// `sign_in.success` for a federated sign-in (a password's is the guard's).
    pub(crate) async fn audit_federated(
        &self,
        tenant: &TenantId,
        user: &User,
        browser: Browser<'_>,
    ) {
        let e = idp_store::AuditEvent {
            at: self.now(),
            tenant: Some(tenant.to_string()),
            user: Some(user.id.to_string()),
            actor: None,
            event: "sign_in.success".into(),
            detail: Some("sso".into()),
            client_ip: Some(browser.ip.to_string()),
        };
        if let Err(err) = self.provider.store.audit(&e).await {
            tracing::warn!(error = %err, "a federated sign-in could not be audited");
        }
    }

    /// The live session whose cookie holds `secret`.
    pub async fn session(&self, secret: &str) -> Result<Option<SessionRow>> {
        Ok(self
            .provider
            .store
            .session(&digest(secret), self.now())
            .await?)
    }

    /// Ends the browser's session (its cookie's value), if it has one.
    pub async fn sign_out(&self, session: Option<&str>) -> Result<()> {
        let Some(secret) = session else {
            return Ok(());
        };
        if let Some(ended) = self.provider.store.delete_session(&digest(secret)).await? {
            tracing::info!(tenant = %ended.tenant, user = %ended.user, "signed out");
        }
        Ok(())
    }

    /// A new session for `user` (not yet stored), with a fresh ID at every sign-in (no
    /// session fixation); the browser's previous session ends when it is stored.
    pub(crate) fn new_session(
        &self,
        tenant: &Tenant,
        user: &User,
        amr: &[String],
        auth_time: Option<UnixTime>,
    ) -> Result<(SessionRow, String)> {
        let now = self.now();
        let random = |e: String| SignInError::internal("the random generator", e);
        let id = Secret::generate().map_err(|e| random(e.to_string()))?;
        let federated = amr.iter().any(|a| a == "fed");
        let acr = if federated && amr.iter().any(|a| a == "mfa") {
            // The upstream IdP said it did a second factor.
            ACR_MFA
        } else if federated {
            ACR_FEDERATED
        } else if amr.len() > 1 {
            ACR_MFA
        } else {
            ACR_PASSWORD
        };
        let session = SessionRow {
            id_digest: id.digest(),
            sid: random_b64(16).map_err(|e| random(e.to_string()))?,
            tenant: tenant.id.clone(),
            user: user.id.clone(),
            // When the user authenticated upstream, if the IdP said so (never in the future).
            auth_time: auth_time.map_or(now, |t| t.min(now)),
            acr: acr.to_owned(),
            amr: amr.to_vec(),
            created_at: now,
            expires_at: now + self.session_ttl,
        };
        Ok((session, id.expose().to_owned()))
    }
}

/// The account typed at the password step, and what the database has of it.
struct Typed<'a> {
    tenant_in: &'a str,
    username: &'a str,
    tenant_id: Option<TenantId>,
    /// The user by that name in that tenant, if any (enabled or not).
    user: Option<User>,
    /// That user's active second factors.
    active: Vec<Method>,
}

impl<'a> Typed<'a> {
    /// Looks the typed account up (when the interaction was loaded separately).
    async fn lookup(s: &SignIn, tenant_in: &'a str, username: &'a str) -> Result<Typed<'a>> {
        let tenant_id = TenantId::parse(tenant_in).ok();
        let user = match &tenant_id {
            Some(t) => s.provider.store.user_by_username(t, username).await?,
            None => None,
        };
        let active = match &user {
            Some(u) => s.provider.store.active_methods(&u.tenant, &u.id).await?,
            None => Vec::new(),
        };
        Ok(Typed {
            tenant_in,
            username,
            tenant_id,
            user,
            active,
        })
    }
}

/// A session is reused only if a sign-in today would need no more than it did: the policy is
/// asked again with the tenant's settings and the user's factors as they are now (the tenant
/// may since require two-factor, or the user may have turned a factor on). The tenant and
/// the user must still exist, the user be enabled, and a local session is never reused in a
/// tenant that has since moved to SSO. A session that passed a second factor then satisfies
/// any password-tenant policy.
pub(crate) async fn session_obeys_policy(
    s: &SignIn,
    req: &AuthRequest,
    sess: &SessionRow,
) -> Result<bool> {
    let store = &s.provider.store;
    let Some(tenant) = store.tenant(&sess.tenant).await? else {
        return Ok(false);
    };
    let federated = sess.amr.iter().any(|a| a == "fed");
    if tenant.settings.login_mode == LoginMode::Sso && !federated {
        return Ok(false);
    }
    let Some(user) = store.user(&sess.tenant, &sess.user).await? else {
        return Ok(false);
    };
    if user.disabled {
        return Ok(false);
    }
    if federated {
        // Only the upstream IdP can answer for MFA: a federated session without it goes
        // back upstream for an application that asks for it (never topped up locally).
        return Ok(tenant.settings.login_mode == LoginMode::Sso
            && (!req.mfa_requested || sess.acr == ACR_MFA));
    }
    if sess.acr == ACR_MFA {
        return Ok(true);
    }
    let active: Vec<Method> = if tenant.settings.two_factor == TwoFactor::Disabled {
        Vec::new()
    } else {
        store.active_methods(&tenant.id, &user.id).await?
    };
    let account = Account {
        active: &active,
        email_confirmed: user.email_confirmed,
    };
    let first = if federated {
        Policy::Federated
    } else {
        Policy::Password
    };
    Ok(matches!(
        sign_in_step(&tenant.settings, account, first, requested(req)),
        Decision::SignedIn { .. }
    ))
}
