//! Second-factor mechanics shared by the sign-in step, the registration page and the account
//! page: TOTP enrollment and checks (secrets sealed at rest, steps accepted once), and codes
//! sent by SMS or e-mail (stored as keyed digests, single use, limited guesses, rate-limited
//! sending).

use crate::mail::Outgoing;
use crate::{random, Accounts, AccountsError, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use idp_delivery::Sms;
use idp_domain::{Method, Tenant, User};
use idp_i18n::Msg;
use idp_mfa_policy::codes;
use idp_mfa_policy::totp::TotpKey;
use idp_store::{CodeRow, FactorRow};

/// The outcome of checking a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Accepted,
    /// Not the right code (counted).
    Wrong,
    /// A TOTP code whose step was already used.
    Replayed,
    /// No live code: never sent, expired, or voided by too many wrong guesses.
    NoCode,
}

impl Check {
    /// Words for the page.
    pub fn message(self, method: Method) -> Msg {
        Msg::new(match (self, method) {
            (Check::Accepted, _) => "code-accepted",
            (Check::Wrong, Method::Totp) => "code-wrong-totp",
            (Check::Wrong, _) => "code-wrong",
            (Check::Replayed, _) => "code-replayed",
            (Check::NoCode, _) => "code-none",
        })
    }
}

/// A factor waiting for its first code.
fn pending(
    method: Method,
    secret_sealed: Option<String>,
    phone: Option<String>,
    now: idp_domain::UnixTime,
) -> FactorRow {
    FactorRow {
        method,
        active: false,
        secret_sealed,
        phone,
        last_step: 0,
        created_at: now,
        activated_at: None,
    }
}

fn totp_context(tenant: &Tenant, user: &User) -> String {
    format!("totp:{}:{}", tenant.id, user.id)
}

fn code_context(tenant: &Tenant, user: &User, method: Method, target: &str) -> String {
    format!("code:{}:{}:{method}:{target}", tenant.id, user.id)
}

/// The label shown in authenticator apps.
fn issuer_label(tenant: &Tenant) -> String {
    tenant
        .settings
        .totp_issuer
        .clone()
        .unwrap_or_else(|| tenant.name.clone())
}

impl Accounts {
    /// Starts a TOTP enrollment with a fresh secret. `None` when TOTP is already active.
    pub async fn begin_totp(&self, tenant: &Tenant, user: &User) -> Result<Option<TotpKey>> {
        let key = TotpKey::new(random()?);
        let sealed = self
            .secrets
            .seal(&totp_context(tenant, user), key.as_bytes())
            .map_err(|e| AccountsError::internal("sealing a TOTP secret", e))?;
        let started = self
            .store
            .begin_factor(
                &tenant.id,
                &user.id,
                &pending(
                    Method::Totp,
                    Some(STANDARD.encode(sealed)),
                    None,
                    self.now(),
                ),
            )
            .await?;
        Ok(started.then_some(key))
    }

    /// The user's factor of `method`, active or pending.
    pub async fn factor(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
    ) -> Result<Option<FactorRow>> {
        Ok(self
            .store
            .factors(&tenant.id, &user.id)
            .await?
            .into_iter()
            .find(|f| f.method == method))
    }

    /// The user's TOTP factor with its secret opened, active or pending.
    async fn totp_factor(
        &self,
        tenant: &Tenant,
        user: &User,
    ) -> Result<Option<(FactorRow, TotpKey)>> {
        match self.factor(tenant, user, Method::Totp).await? {
            Some(f) => self.open_totp(tenant, user, f).map(Some),
            None => Ok(None),
        }
    }

    /// Opens the secret of the TOTP factor `f`.
    fn open_totp(
        &self,
        tenant: &Tenant,
        user: &User,
        f: FactorRow,
    ) -> Result<(FactorRow, TotpKey)> {
        let corrupt = || AccountsError::Corrupt {
            what: "authenticator key",
        };
        let sealed = f
            .secret_sealed
            .as_deref()
            .and_then(|b| STANDARD.decode(b).ok())
            .ok_or_else(corrupt)?;
        let plain = self.secrets
            .open(&totp_context(tenant, user), &sealed)
            .map_err(|e| {
                tracing::error!(error = %e, tenant = %tenant.id, user = %user.id, "TOTP secret does not open");
                corrupt()
            })?;
        let key = TotpKey::from_bytes(plain).map_err(|_| corrupt())?;
        Ok((f, key))
    }

    /// The pending enrollment's QR code (as a data URI) and its secret as text.
    pub async fn totp_enrollment(
        &self,
        tenant: &Tenant,
        user: &User,
    ) -> Result<Option<(String, String)>> {
        let Some((f, key)) = self.totp_factor(tenant, user).await? else {
            return Ok(None);
        };
        if f.active {
            return Ok(None);
        }
        let uri = key
            .uri(&issuer_label(tenant), &user.username)
            .map_err(|e| AccountsError::internal("building the otpauth URI", e))?;
        let qr = qrcode::QrCode::new(uri.as_bytes())
            .map_err(|e| AccountsError::internal("building the QR code", e))?;
        let svg = qr
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build();
        let data_uri = format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg));
        Ok(Some((data_uri, key.base32_grouped())))
    }

    /// Checks a TOTP code. With `enrolling`, a right code turns the pending factor on; otherwise
    /// the active factor must match and its step is accepted once, atomically.
    pub async fn check_totp(
        &self,
        tenant: &Tenant,
        user: &User,
        code: &str,
        enrolling: bool,
    ) -> Result<Check> {
        let f = self.factor(tenant, user, Method::Totp).await?;
        self.check_totp_of(tenant, user, f, code, enrolling).await
    }

    /// [`Accounts::check_totp`] on the factor row the caller loaded.
    async fn check_totp_of(
        &self,
        tenant: &Tenant,
        user: &User,
        factor: Option<FactorRow>,
        code: &str,
        enrolling: bool,
    ) -> Result<Check> {
        let Some(f) = factor.filter(|f| f.method == Method::Totp) else {
            return Ok(Check::NoCode);
        };
        let (f, key) = self.open_totp(tenant, user, f)?;
        if f.active == enrolling {
            return Ok(Check::NoCode);
        }
        let now = u64::try_from(self.now()).unwrap_or(0);
        let Some(step) = key.verify(code, now) else {
            return Ok(Check::Wrong);
        };
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let store = &self.store;
        let ok = if enrolling {
            // Only the secret this code was checked against goes live.
            store
                .activate_checked_factor(&tenant.id, &user.id, &f, step, self.now())
                .await?
        } else {
            store.accept_totp_step(&tenant.id, &user.id, step).await?
        };
        Ok(if ok { Check::Accepted } else { Check::Replayed })
    }

    /// The user's code for `method` if it can still be used (unexpired, not voided).
    pub async fn live_code(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
    ) -> Result<Option<CodeRow>> {
        let now = self.now();
        Ok(self
            .store
            .code(&tenant.id, &user.id, method)
            .await?
            .filter(|c| c.expires_at > now && c.attempts < codes::MAX_ATTEMPTS))
    }

    /// Whether a new code may be sent now, or in how many seconds. Only a live code holds a new
    /// one back (rule 5): once the last code has expired or was voided by wrong guesses, a new
    /// one goes out at once; and the wait never outlasts the code's own validity.
    pub async fn resend_wait(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
    ) -> Result<Option<i64>> {
        let now = self.now();
        Ok(self
            .store
            .code(&tenant.id, &user.id, method)
            .await?
            .and_then(|c| codes::resend_wait(c.sent_at, c.expires_at, c.attempts, now)))
    }

    /// Sends a new code for `method` to `target` (a phone number or the user's address); the
    /// previous code stops working. Rate-limited: `Err` with the seconds to wait.
    pub async fn send_code(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
        target: &str,
    ) -> Result<Result<(), i64>> {
        if let Some(wait) = self.resend_wait(tenant, user, method).await? {
            return Ok(Err(wait));
        }
        self.deliver_code(tenant, user, method, target).await?;
        Ok(Ok(()))
    }

    /// Stores a new code (voiding the previous one) and sends it, without the rate check.
    async fn deliver_code(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
        target: &str,
    ) -> Result<()> {
        let code = codes::from_random(random()?);
        let ttl = match method {
            Method::Sms => tenant.settings.sms_code_ttl,
            _ => tenant.settings.email_code_ttl,
        };
        let now = self.now();
        self.store
            .put_code(
                &tenant.id,
                &user.id,
                &CodeRow {
                    method,
                    code_digest: self
                        .secrets
                        .code_digest(&code_context(tenant, user, method, target), &code),
                    target: target.to_owned(),
                    attempts: 0,
                    sent_at: now,
                    expires_at: now + ttl.secs(),
                },
            )
            .await?;
        let sent = match method {
            Method::Sms => self
                .delivery
                .send_sms(&Sms {
                    to: target.to_owned(),
                    text: crate::mail::recipient_tr(tenant, user).msg(
                        &Msg::new("sms-code")
                            .with("code", code.as_str())
                            .with("company", tenant.name.as_str())
                            .with("valid", idp_i18n::duration(ttl.secs())),
                    ),
                })
                .await
                .map_err(|e| e.to_string()),
            _ => {
                let out = Outgoing {
                    store: &self.store,
                    delivery: &self.delivery,
                    issuer: &self.issuer,
                    now,
                };
                let mut to = user.clone();
                to.email = target.to_owned();
                crate::mail::send_code_mail(&out, tenant, &to, &code, ttl)
                    .await
                    .map_err(|e| e.to_string())
            }
        };
        if let Err(e) = sent {
            tracing::error!(error = %e, tenant = %tenant.id, method = %method, "code delivery failed");
            return Err(AccountsError::NotDelivered {
                what: "the code",
                cause: e,
            });
        }
        Ok(())
    }

    /// Checks a code sent by SMS or e-mail to `target`; a right one is spent.
    pub async fn check_sent_code(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
        target: &str,
        code: &str,
    ) -> Result<Check> {
        let store = &self.store;
        let now = self.now();
        let Some(live) = store.code(&tenant.id, &user.id, method).await? else {
            return Ok(Check::NoCode);
        };
        if live.expires_at <= now || live.attempts >= codes::MAX_ATTEMPTS || live.target != target {
            return Ok(Check::NoCode);
        }
        let Some(code) = codes::normalize(code) else {
            store.code_failed(&tenant.id, &user.id, method).await?;
            return Ok(Check::Wrong);
        };
        let digest = self
            .secrets
            .code_digest(&code_context(tenant, user, method, target), &code);
        let spent = store
            .take_code(
                &tenant.id,
                &user.id,
                method,
                &digest,
                now,
                codes::MAX_ATTEMPTS,
            )
            .await?;
        if spent.is_some() {
            return Ok(Check::Accepted);
        }
        store.code_failed(&tenant.id, &user.id, method).await?;
        Ok(Check::Wrong)
    }

    /// The phone number of the user's SMS factor (active or pending).
    pub async fn sms_phone(&self, tenant: &Tenant, user: &User) -> Result<Option<(String, bool)>> {
        Ok(self
            .store
            .factors(&tenant.id, &user.id)
            .await?
            .into_iter()
            .find(|f| f.method == Method::Sms)
            .and_then(|f| f.phone.map(|p| (p, f.active))))
    }

    /// Starts an SMS enrollment for `phone` (E.164) and sends the code. `Ok(Err(wait))` when a
    /// code was sent too recently.
    pub async fn begin_sms(
        &self,
        tenant: &Tenant,
        user: &User,
        phone: &str,
    ) -> Result<Result<(), i64>> {
        if let Some(wait) = self.resend_wait(tenant, user, Method::Sms).await? {
            return Ok(Err(wait));
        }
        self.store
            .begin_factor(
                &tenant.id,
                &user.id,
                &pending(Method::Sms, None, Some(phone.to_owned()), self.now()),
            )
            .await?;
        // The rate was checked above, before the pending number was replaced.
        self.deliver_code(tenant, user, Method::Sms, phone).await?;
        Ok(Ok(()))
    }

    /// Starts an e-mail-code enrollment (the address must be confirmed; the policy checked) and
    /// sends the code.
    pub async fn begin_email(&self, tenant: &Tenant, user: &User) -> Result<Result<(), i64>> {
        self.store
            .begin_factor(
                &tenant.id,
                &user.id,
                &pending(Method::Email, None, None, self.now()),
            )
            .await?;
        self.send_code(tenant, user, Method::Email, &user.email)
            .await
    }

    /// Where codes for `method` go: the SMS number or the address. `None` for TOTP or when the
    /// user has no number.
    pub async fn code_target(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
    ) -> Result<Option<String>> {
        Ok(match method {
            Method::Totp => None,
            Method::Email => Some(user.email.clone()),
            Method::Sms => self.sms_phone(tenant, user).await?.map(|(p, _)| p),
        })
    }

    /// Checks a code for `method`: TOTP against the app, others against what was sent. When
    /// `enrolling`, a right code also turns the pending factor on.
    pub async fn check_code(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
        code: &str,
        enrolling: bool,
    ) -> Result<Check> {
        let factor = match method {
            Method::Email => None,
            _ => self.factor(tenant, user, method).await?,
        };
        self.check_code_of(tenant, user, (method, factor), code, enrolling)
            .await
    }

    /// [`Accounts::check_code`] with the user's factor of `method` as the caller loaded it
    /// (a sign-in step loads it with the step); an e-mail code needs no row.
    pub async fn check_code_of(
        &self,
        tenant: &Tenant,
        user: &User,
        (method, factor): (Method, Option<FactorRow>),
        code: &str,
        enrolling: bool,
    ) -> Result<Check> {
        let target = match method {
            Method::Totp => {
                return self
                    .check_totp_of(tenant, user, factor, code, enrolling)
                    .await
            }
            Method::Email => Some(user.email.clone()),
            Method::Sms => factor
                .as_ref()
                .filter(|f| f.method == Method::Sms)
                .and_then(|f| f.phone.clone()),
        };
        let Some(target) = target else {
            return Ok(Check::NoCode);
        };
        let check = self
            .check_sent_code(tenant, user, method, &target, code)
            .await?;
        if check == Check::Accepted && enrolling {
            let (store, now) = (&self.store, self.now());
            let on = match factor.filter(|f| f.method == method) {
                // The number the code went to is the one that goes live.
                Some(f) => {
                    store
                        .activate_checked_factor(&tenant.id, &user.id, &f, 0, now)
                        .await?
                }
                None => {
                    store
                        .activate_factor(&tenant.id, &user.id, method, 0, now)
                        .await?
                }
            };
            if !on {
                return Ok(Check::NoCode);
            }
        }
        Ok(check)
    }
}

/// Words for a code that may not be sent yet.
pub fn wait_words(wait: i64) -> Msg {
    Msg::new("code-wait").with("seconds", wait)
}

/// Words for a code that was sent moments ago and still works.
pub fn sent_moments_ago(wait: i64) -> Msg {
    Msg::new("code-sent-moments-ago").with("seconds", wait)
}

/// Words for a new code sent on request.
pub const NEW_CODE_SENT: Msg = Msg::new("code-new-sent");

/// The catalogue key of a method's name on pages.
pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::Totp => "method-totp",
        Method::Sms => "method-sms",
        Method::Email => "method-email",
    }
}
