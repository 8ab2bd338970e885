//! The second step of a sign-in (`/login/{id}/factor`): choose a method, have its code sent,
//! enter it, or enroll a first method where the policy demands one.
//!
//! Rules enforced here:
//! - the step is one record ([`Step`]), bound to the authorization and to the browser that
//!   typed the password, loaded with its user in one statement (the request is in the sealed
//!   interaction ID), so any node can serve any request of it; a completed authorization has
//!   no step any more;
//! - the policy is asked once per request, with the tenant's settings as they are now and the
//!   factors the user had when the password was right; if it no longer asks for a code, the
//!   step ends and the sign-in starts over;
//! - a code is reserved on the account's counter before it is checked, like a password, and a
//!   sign-in allows [`MAX_FAILURES_PER_SIGN_IN`] wrong codes;
//! - a factor enrolled here ends the sessions from before it.

use crate::pipeline::requested;
use crate::{Browser, Completed, Interaction, Result, SignIn, SignInError};
use idp_accounts::device;
use idp_accounts::factors::{sent_moments_ago, wait_words, NEW_CODE_SENT};
use idp_accounts::guard::{account_key, Guard};
use idp_accounts::Check;
use idp_domain::secret::digest;
use idp_domain::user::{mask_email, mask_phone, normalize_phone};
use idp_domain::{Method, Tenant, User};
use idp_i18n::Msg;
use idp_mfa_policy::codes::MAX_FAILURES_PER_SIGN_IN;
use idp_mfa_policy::{amr_after_second_factor, sign_in_step, Account, Decision, FirstFactor};
use idp_store::{FactorRow, PendingLogin};
use std::sync::Arc;

/// Everything a request of the step needs, loaded and checked once.
#[derive(Debug, Clone)]
pub struct Step {
    pub pending: PendingLogin,
    pub interaction: Interaction,
    pub tenant: Arc<Tenant>,
    pub user: User,
    /// The user's factor of the chosen method as loaded with the step (active or pending).
    pub factor: Option<FactorRow>,
    /// What the policy says now (methods to choose from, to enroll, or the one to enter).
    pub decision: Decision,
}

impl Step {
    /// The methods the user may pick now, and whether picking means enrolling.
    pub fn choices(&self) -> (Vec<Method>, bool) {
        choices(&self.decision)
    }

    /// The chosen method, if it is still one of the choices.
    pub fn method(&self) -> Option<Method> {
        let (methods, _) = self.choices();
        self.pending.method.filter(|m| methods.contains(m))
    }

    /// The step no longer applies (settings or factors changed under it).
    pub fn stale(&self) -> bool {
        matches!(
            self.decision,
            Decision::SignedIn { .. } | Decision::Refused(_)
        )
    }
}

fn choices(d: &Decision) -> (Vec<Method>, bool) {
    match d {
        Decision::ChooseMethod { methods } => (methods.clone(), false),
        Decision::EnterCode { method } => (vec![*method], false),
        Decision::Enroll { methods } => (methods.clone(), true),
        Decision::SignedIn { .. } | Decision::Refused(_) => (Vec::new(), false),
    }
}

/// What a submitted code led to.
#[derive(Debug)]
pub enum CodeOutcome {
    Completed(Completed),
    /// Not accepted: the words for the page, and the HTTP status.
    Again {
        message: Msg,
        status: u16,
    },
}

/// What a phone number for SMS enrollment led to.
#[derive(Debug)]
pub enum PhoneOutcome {
    /// The code is on its way.
    Sent,
    /// Not sent: the words for the page.
    Again(Msg),
}

impl SignIn {
    /// Called by the password step when the policy asks for more: records the step; a single
    /// method is selected at once (and its code sent).
    pub(crate) async fn begin_second_factor(
        &self,
        ia: &Interaction,
        browser: Browser<'_>,
        tenant: &Tenant,
        user: &User,
        decision: &Decision,
        active: &[Method],
    ) -> Result<()> {
        let now = self.now();
        let (methods, enrolling) = choices(decision);
        let only = match methods.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        let p = PendingLogin {
            interaction_id: ia.key.clone(),
            browser_digest: digest(browser.id),
            tenant: tenant.id.clone(),
            user: user.id.clone(),
            method: only,
            enrolling,
            failures: 0,
            created_at: now,
            // The step lives as long as a sign-in page may wait, and never beyond ten minutes.
            expires_at: now + 600,
            methods: active.to_vec(),
        };
        self.provider.store.put_pending_login(&p).await?;
        if let Some(m) = only {
            self.prepare(tenant, user, m, enrolling).await?;
        }
        Ok(())
    }

    /// The step of interaction `id` for this browser, with the policy's answer for now.
    pub async fn step(&self, id: &str, browser: Browser<'_>) -> Result<Step> {
        let interaction = self.interaction(id).await?;
        let (pending, user, factor) = self
            .provider
            .store
            .pending_sign_in(&interaction.key, &digest(browser.id), self.now())
            .await?
            .ok_or(SignInError::StepGone)?;
        if user.disabled || !user.has_password() {
            return Err(SignInError::StepGone);
        }
        let tenant = self
            .provider
            .store
            .tenant(&pending.tenant)
            .await?
            .ok_or(SignInError::StepGone)?;
        let decision = sign_in_step(
            &tenant.settings,
            Account {
                active: &pending.methods,
                email_confirmed: user.email_confirmed,
            },
            FirstFactor::Password,
            requested(&interaction.request),
        );
        Ok(Step {
            pending,
            interaction,
            tenant,
            user,
            factor,
            decision,
        })
    }

    /// Ends a step whose policy answer changed under it: the sign-in starts over.
    pub async fn abandon(&self, step: &Step) -> Result<()> {
        self.provider
            .store
            .take_pending_login(&step.pending.interaction_id)
            .await?;
        Ok(())
    }

    /// A method picked from the list: recorded, and what it needs first done. `Some(words)`
    /// when a code sent moments ago still works.
    pub async fn choose(&self, step: &mut Step, method: Method) -> Result<Option<Msg>> {
        let (_, enrolling) = step.choices();
        self.provider
            .store
            .set_pending_method(&step.pending.interaction_id, Some(method), enrolling)
            .await?;
        step.pending.method = Some(method);
        self.prepare(&step.tenant, &step.user, method, enrolling)
            .await
    }

    /// What a chosen method needs first: a code sent (SMS or e-mail at sign-in, e-mail
    /// enrollment), or a new TOTP secret. SMS enrollment asks for the number first.
    async fn prepare(
        &self,
        tenant: &Tenant,
        user: &User,
        method: Method,
        enrolling: bool,
    ) -> Result<Option<Msg>> {
        let a = &self.accounts;
        let sent = match (method, enrolling) {
            (Method::Totp, true) => {
                a.begin_totp(tenant, user).await?;
                Ok(())
            }
            (Method::Totp, false) | (Method::Sms, true) => Ok(()),
            (Method::Email, true) => a.begin_email(tenant, user).await?,
            (Method::Sms | Method::Email, false) => {
                match a.code_target(tenant, user, method).await? {
                    Some(target) => a.send_code(tenant, user, method, &target).await?,
                    None => Ok(()),
                }
            }
        };
        Ok(sent.err().map(sent_moments_ago))
    }

    /// A phone number typed for SMS enrollment.
    pub async fn phone(&self, step: &Step, raw: &str) -> Result<PhoneOutcome> {
        let phone = match normalize_phone(raw) {
            Ok(p) => p,
            Err(_) => return Ok(PhoneOutcome::Again(Msg::new("phone-invalid"))),
        };
        Ok(
            match self
                .accounts
                .begin_sms(&step.tenant, &step.user, &phone)
                .await?
            {
                Ok(()) => PhoneOutcome::Sent,
                Err(wait) => PhoneOutcome::Again(wait_words(wait)),
            },
        )
    }

    /// "Send a new code": the words for the page.
    pub async fn resend(&self, step: &Step, method: Method) -> Result<Msg> {
        let a = &self.accounts;
        let outcome = match a.code_target(&step.tenant, &step.user, method).await? {
            Some(t) => a.send_code(&step.tenant, &step.user, method, &t).await?,
            None => Ok(()),
        };
        Ok(match outcome {
            Ok(()) => NEW_CODE_SENT,
            Err(wait) => wait_words(wait),
        })
    }

    /// A code for the chosen `method`: reserved, checked, and on success the sign-in
    /// completes.
    pub async fn submit_code(
        &self,
        step: &Step,
        browser: Browser<'_>,
        method: Method,
        code: &str,
    ) -> Result<CodeOutcome> {
        let (_, enrolling) = step.choices();
        let (tenant, user) = (&step.tenant, &step.user);
        let typed = account_key(tenant.id.as_str(), &user.username);
        let trusted = device::trusted_for(&self.provider.secrets, browser.device, &typed);
        let mut guard = Guard::new(
            tenant.id.as_str(),
            &user.username,
            browser.ip,
            trusted.as_deref(),
        )
        .with_policy(&tenant.settings);
        if let Some(message) = guard.reserve(&self.accounts).await? {
            return Ok(CodeOutcome::Again {
                message,
                status: 429,
            });
        }
        // The step loaded the chosen method's factor; another method's is read now.
        let factor = if step.pending.method == Some(method) || method == Method::Email {
            step.factor.clone().filter(|f| f.method == method)
        } else {
            self.accounts.factor(tenant, user, method).await?
        };
        let check = self
            .accounts
            .check_code_of(tenant, user, (method, factor), code, enrolling)
            .await?;
        if check != Check::Accepted {
            guard.failed_code(&self.accounts, &user.id, method).await?;
            let id = &step.pending.interaction_id;
            let failures = self.provider.store.pending_login_failed(id).await?;
            if failures >= MAX_FAILURES_PER_SIGN_IN {
                self.provider.store.take_pending_login(id).await?;
                return Err(SignInError::TooManyCodes);
            }
            return Ok(CodeOutcome::Again {
                message: check.message(method),
                status: 200,
            });
        }
        if enrolling {
            guard
                .factor_changed(&self.accounts, "factor.enrolled", &user.id, method)
                .await?;
            // Sessions from before the factor existed end; this sign-in starts a new one.
            self.provider
                .store
                .delete_user_sessions(&tenant.id, &user.id)
                .await?;
        }
        let amr: Vec<String> = amr_after_second_factor(method)
            .iter()
            .map(|a| (*a).to_owned())
            .collect();
        let done = self
            .complete(
                &step.interaction,
                browser,
                (tenant, user),
                (&amr, None),
                Some(&mut guard),
            )
            .await?;
        Ok(CodeOutcome::Completed(done))
    }
}

/// What the step's page shows now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Pick a method (with `enrolling`, one to set up); each with where its code would go
    /// (masked), where that is known.
    Choose {
        methods: Vec<(Method, Option<String>)>,
        enrolling: bool,
    },
    /// The authenticator app's QR code (a data URI) and its secret as text.
    TotpEnroll { qr_data_uri: String, secret: String },
    /// The phone number for an SMS enrollment.
    Phone,
    /// The code of `method`; `target` is where it went (masked; empty for TOTP).
    Code {
        method: Method,
        target: String,
        enrolling: bool,
    },
}

/// One POST of the step's form, as its fields came.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepForm<'a> {
    /// A method picked from the list.
    pub method: Option<&'a str>,
    /// A phone number for SMS enrollment.
    pub phone: Option<&'a str>,
    /// "Send a new code".
    pub resend: bool,
    /// The code.
    pub code: &'a str,
}

/// What a POST of the step led to.
#[derive(Debug)]
pub enum StepOutcome {
    Completed(Completed),
    /// Show the step's page again (by a GET): a method was chosen, a code sent.
    Show,
    /// The step no longer applies: the sign-in starts again at the password.
    Restart,
    /// The page again, with these words, the number as typed, and this HTTP status.
    Again {
        error: Option<Msg>,
        notice: Option<Msg>,
        phone: String,
        status: u16,
    },
}

impl StepOutcome {
    fn error(words: Msg) -> Self {
        StepOutcome::Again {
            error: Some(words),
            notice: None,
            phone: String::new(),
            status: 200,
        }
    }

    fn notice(words: Msg) -> Self {
        StepOutcome::Again {
            error: None,
            notice: Some(words),
            phone: String::new(),
            status: 200,
        }
    }
}

impl SignIn {
    /// What the page of `step` shows; `phone_typed` when a number typed is shown again.
    /// A GET makes nothing: without a TOTP secret (made when the method is chosen, by a
    /// POST) the choice is shown again.
    pub async fn screen(&self, step: &Step, phone_typed: bool) -> Result<Screen> {
        let (methods, enrolling) = step.choices();
        let (tenant, user) = (&step.tenant, &step.user);
        let a = &self.accounts;
        let sms_phone =
            || async { Ok::<_, SignInError>(a.sms_phone(tenant, user).await?.map(|(p, _)| p)) };
        match (step.method(), enrolling) {
            (Some(Method::Totp), true) => {
                if let Some((qr_data_uri, secret)) = a.totp_enrollment(tenant, user).await? {
                    return Ok(Screen::TotpEnroll {
                        qr_data_uri,
                        secret,
                    });
                }
            }
            (Some(Method::Sms), _) => {
                // One read: whether there is a number yet, and where the code went.
                let phone = sms_phone().await?;
                if enrolling && (phone_typed || phone.is_none()) {
                    return Ok(Screen::Phone);
                }
                let target = phone.as_deref().map(mask_phone).unwrap_or_default();
                return Ok(Screen::Code {
                    method: Method::Sms,
                    target,
                    enrolling,
                });
            }
            (Some(method), _) => {
                let target = match method {
                    Method::Email => mask_email(&user.email),
                    _ => String::new(),
                };
                return Ok(Screen::Code {
                    method,
                    target,
                    enrolling,
                });
            }
            (None, _) => {}
        }
        let mut list = Vec::with_capacity(methods.len());
        for m in methods {
            let target = match (m, enrolling) {
                (Method::Sms, false) => sms_phone().await?.as_deref().map(mask_phone),
                (Method::Email, _) => Some(mask_email(&user.email)),
                _ => None,
            };
            list.push((m, target));
        }
        Ok(Screen::Choose {
            methods: list,
            enrolling,
        })
    }

    /// One POST of the step (its CSRF token checked by the caller): a method picked, a phone
    /// number, "send a new code", or a code, in that order of precedence.
    pub async fn submit(
        &self,
        step: &mut Step,
        browser: Browser<'_>,
        form: StepForm<'_>,
    ) -> Result<StepOutcome> {
        if step.stale() {
            // The tenant's settings or the user's factors changed under the step.
            self.abandon(step).await?;
            return Ok(StepOutcome::Restart);
        }
        let (methods, enrolling) = step.choices();
        if let Some(m) = form.method {
            let Some(method) = methods.iter().copied().find(|x| x.as_str() == m) else {
                return Ok(StepOutcome::error(Msg::new("factor-choose-listed")));
            };
            return Ok(match self.choose(step, method).await? {
                Some(words) => StepOutcome::notice(words),
                None => StepOutcome::Show,
            });
        }
        let Some(method) = step.method() else {
            return Ok(StepOutcome::Show);
        };
        if let (Some(raw), Method::Sms, true) = (form.phone, method, enrolling) {
            return Ok(match self.phone(step, raw).await? {
                PhoneOutcome::Sent => StepOutcome::Show,
                PhoneOutcome::Again(e) => StepOutcome::Again {
                    error: Some(e),
                    notice: None,
                    phone: raw.to_owned(),
                    status: 200,
                },
            });
        }
        if form.resend && method != Method::Totp {
            return Ok(StepOutcome::notice(self.resend(step, method).await?));
        }
        let code = form.code.trim();
        if code.is_empty() {
            return Ok(StepOutcome::error(Msg::new("factor-code-missing")));
        }
        Ok(match self.submit_code(step, browser, method, code).await? {
            CodeOutcome::Completed(done) => StepOutcome::Completed(done),
            CodeOutcome::Again { message, status } => StepOutcome::Again {
                error: Some(message),
                notice: None,
                phone: String::new(),
                status,
            },
        })
    }
}
