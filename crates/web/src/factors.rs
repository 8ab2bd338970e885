//! Second-factor mechanics shared by the sign-in step, the registration page and the account
//! page: TOTP enrollment and checks (secrets sealed at rest, steps accepted once), and codes
//! sent by SMS or e-mail (stored as keyed digests, single use, limited guesses, rate-limited
//! sending).

use crate::lifecycle::{self, Outgoing};
use crate::respond::PageError;
use crate::AppState;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use idp_delivery::Sms;
use idp_domain::{Method, Tenant, User};
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
    pub fn message(self, method: Method) -> &'static str {
        match (self, method) {
            (Check::Accepted, _) => "",
            (Check::Wrong, Method::Totp) => {
                "That code is not right. Check that you typed the current code from your authenticator app."
            }
            (Check::Wrong, _) => "That code is not right. Check it and try again.",
            (Check::Replayed, _) => {
                "That code was already used. Wait for your app to show the next code and enter that one."
            }
            (Check::NoCode, _) => {
                "This code has expired or was replaced by a newer one. Ask for a new code."
            }
        }
    }
}

fn random<const N: usize>() -> Result<[u8; N], PageError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| PageError::internal("random generator failed", &e))?;
    Ok(b)
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

/// Starts a TOTP enrollment with a fresh secret. `None` when TOTP is already active.
pub async fn begin_totp(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
) -> Result<Option<TotpKey>, PageError> {
    let key = TotpKey::new(random()?);
    let sealed = s
        .provider
        .secrets
        .seal(&totp_context(tenant, user), key.as_bytes())
        .map_err(|e| PageError::internal("sealing a TOTP secret failed", &e))?;
    let started = s
        .provider
        .store
        .begin_factor(
            &tenant.id,
            &user.id,
            &pending(
                Method::Totp,
                Some(STANDARD.encode(sealed)),
                None,
                s.provider.now(),
            ),
        )
        .await?;
    Ok(started.then_some(key))
}

/// The user's TOTP factor with its secret opened, active or pending.
async fn totp_factor(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
) -> Result<Option<(FactorRow, TotpKey)>, PageError> {
    let Some(f) = s
        .provider
        .store
        .factors(&tenant.id, &user.id)
        .await?
        .into_iter()
        .find(|f| f.method == Method::Totp)
    else {
        return Ok(None);
    };
    let corrupt = || {
        PageError::new(500, "The stored authenticator key cannot be read. Ask your administrator to reset your account.")
    };
    let sealed = f
        .secret_sealed
        .as_deref()
        .and_then(|b| STANDARD.decode(b).ok())
        .ok_or_else(corrupt)?;
    let plain = s
        .provider
        .secrets
        .open(&totp_context(tenant, user), &sealed)
        .map_err(|e| {
            tracing::error!(error = %e, tenant = %tenant.id, user = %user.id, "TOTP secret does not open");
            corrupt()
        })?;
    let key = TotpKey::from_bytes(plain).map_err(|_| corrupt())?;
    Ok(Some((f, key)))
}

/// The pending enrollment's QR code (as a data URI) and its secret as text.
pub async fn totp_enrollment(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
) -> Result<Option<(String, String)>, PageError> {
    let Some((f, key)) = totp_factor(s, tenant, user).await? else {
        return Ok(None);
    };
    if f.active {
        return Ok(None);
    }
    let uri = key
        .uri(&issuer_label(tenant), &user.username)
        .map_err(|e| PageError::internal("building the otpauth URI failed", &e))?;
    let qr = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| PageError::internal("building the QR code failed", &e))?;
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
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    code: &str,
    enrolling: bool,
) -> Result<Check, PageError> {
    let Some((f, key)) = totp_factor(s, tenant, user).await? else {
        return Ok(Check::NoCode);
    };
    if f.active == enrolling {
        return Ok(Check::NoCode);
    }
    let now = u64::try_from(s.provider.now()).unwrap_or(0);
    let Some(step) = key.verify(code, now) else {
        return Ok(Check::Wrong);
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let store = &s.provider.store;
    let ok = if enrolling {
        store
            .activate_factor(&tenant.id, &user.id, Method::Totp, step, s.provider.now())
            .await?
    } else {
        store.accept_totp_step(&tenant.id, &user.id, step).await?
    };
    Ok(if ok { Check::Accepted } else { Check::Replayed })
}

/// The user's code for `method` if it can still be used (unexpired, not voided).
pub async fn live_code(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
) -> Result<Option<CodeRow>, PageError> {
    let now = s.provider.now();
    Ok(s.provider
        .store
        .code(&tenant.id, &user.id, method)
        .await?
        .filter(|c| c.expires_at > now && c.attempts < codes::MAX_ATTEMPTS))
}

/// Whether a new code may be sent now, or in how many seconds. Only a live code holds a new
/// one back (rule 5): once the last code has expired or was voided by wrong guesses, a new
/// one goes out at once; and the wait never outlasts the code's own validity.
pub async fn resend_wait(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
) -> Result<Option<i64>, PageError> {
    let now = s.provider.now();
    Ok(s.provider
        .store
        .code(&tenant.id, &user.id, method)
        .await?
        .and_then(|c| codes::resend_wait(c.sent_at, c.expires_at, c.attempts, now)))
}

/// Sends a new code for `method` to `target` (a phone number or the user's address); the
/// previous code stops working. Rate-limited: `Err` with the seconds to wait.
pub async fn send_code(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
    target: &str,
) -> Result<Result<(), i64>, PageError> {
    if let Some(wait) = resend_wait(s, tenant, user, method).await? {
        return Ok(Err(wait));
    }
    deliver_code(s, tenant, user, method, target).await?;
    Ok(Ok(()))
}

/// Stores a new code (voiding the previous one) and sends it, without the rate check.
async fn deliver_code(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
    target: &str,
) -> Result<(), PageError> {
    let code = codes::from_random(random()?);
    let ttl = match method {
        Method::Sms => tenant.settings.sms_code_ttl,
        _ => tenant.settings.email_code_ttl,
    };
    let now = s.provider.now();
    s.provider
        .store
        .put_code(
            &tenant.id,
            &user.id,
            &CodeRow {
                method,
                code_digest: s
                    .provider
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
        Method::Sms => s
            .delivery
            .send_sms(&Sms {
                to: target.to_owned(),
                text: format!(
                    "{code} is your code for {}. It works once, for {}. Never share it.",
                    tenant.name,
                    ttl.human()
                ),
            })
            .await
            .map_err(|e| e.to_string()),
        _ => {
            let out = Outgoing {
                store: &s.provider.store,
                delivery: &s.delivery,
                issuer: &s.provider.config.issuer,
                now,
            };
            let mut to = user.clone();
            to.email = target.to_owned();
            lifecycle::send_code_mail(&out, tenant, &to, &code, ttl)
                .await
                .map_err(|e| e.to_string())
        }
    };
    if let Err(e) = sent {
        tracing::error!(error = %e, tenant = %tenant.id, method = %method, "code delivery failed");
        return Err(PageError::new(
            503,
            "The code could not be sent just now. Try again in a minute; if it keeps failing, tell your administrator.",
        ));
    }
    Ok(())
}

/// Checks a code sent by SMS or e-mail to `target`; a right one is spent.
pub async fn check_sent_code(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
    target: &str,
    code: &str,
) -> Result<Check, PageError> {
    let store = &s.provider.store;
    let now = s.provider.now();
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
    let digest = s
        .provider
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
pub async fn sms_phone(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
) -> Result<Option<(String, bool)>, PageError> {
    Ok(s.provider
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
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    phone: &str,
) -> Result<Result<(), i64>, PageError> {
    if let Some(wait) = resend_wait(s, tenant, user, Method::Sms).await? {
        return Ok(Err(wait));
    }
    s.provider
        .store
        .begin_factor(
            &tenant.id,
            &user.id,
            &pending(Method::Sms, None, Some(phone.to_owned()), s.provider.now()),
        )
        .await?;
    // The rate was checked above, before the pending number was replaced.
    deliver_code(s, tenant, user, Method::Sms, phone).await?;
    Ok(Ok(()))
}

/// Starts an e-mail-code enrollment (the address must be confirmed; the policy checked) and
/// sends the code.
pub async fn begin_email(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
) -> Result<Result<(), i64>, PageError> {
    s.provider
        .store
        .begin_factor(
            &tenant.id,
            &user.id,
            &pending(Method::Email, None, None, s.provider.now()),
        )
        .await?;
    send_code(s, tenant, user, Method::Email, &user.email).await
}

/// Where codes for `method` go: the SMS number or the address. `None` for TOTP or when the
/// user has no number.
pub async fn code_target(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
) -> Result<Option<String>, PageError> {
    Ok(match method {
        Method::Totp => None,
        Method::Email => Some(user.email.clone()),
        Method::Sms => sms_phone(s, tenant, user).await?.map(|(p, _)| p),
    })
}

/// Checks a code for `method`: TOTP against the app, others against what was sent. When
/// `enrolling`, a right code also turns the pending factor on.
pub async fn check_code(
    s: &AppState,
    tenant: &Tenant,
    user: &User,
    method: Method,
    code: &str,
    enrolling: bool,
) -> Result<Check, PageError> {
    if method == Method::Totp {
        return check_totp(s, tenant, user, code, enrolling).await;
    }
    let Some(target) = code_target(s, tenant, user, method).await? else {
        return Ok(Check::NoCode);
    };
    let check = check_sent_code(s, tenant, user, method, &target, code).await?;
    if check == Check::Accepted && enrolling {
        let on = s
            .provider
            .store
            .activate_factor(&tenant.id, &user.id, method, 0, s.provider.now())
            .await?;
        if !on {
            return Ok(Check::NoCode);
        }
    }
    Ok(check)
}

/// Words for a method on pages.
pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::Totp => "Authenticator app",
        Method::Sms => "Text message (SMS)",
        Method::Email => "E-mail code",
    }
}
