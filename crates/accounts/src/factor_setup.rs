//! Turning a second factor on from the account page, and moving SMS to a new number.
//!
//! Rules enforced here:
//! - a method is turned on only where the policy lets this account do it now (`may_enable`:
//!   offered by the tenant, e-mail codes need a confirmed address);
//! - a new SMS number for an SMS factor that is on needs a second factor passed within the
//!   step-up window, and is in use only once a code sent to it came back;
//! - nothing is made by looking: the TOTP secret and the first e-mail code come from the
//!   start form (a POST);
//! - the confirming code is reserved on the account's counter before it is checked, like a
//!   password (the browser's device cookie keeps its own budget);
//! - a factor turned on ends the user's other sessions, which never passed it.

use crate::factors::{sent_moments_ago, wait_words, NEW_CODE_SENT};
use crate::guard::Guard;
use crate::self_service::Me;
use crate::{Accounts, Check, Result};
use idp_domain::user::{mask_email, mask_phone, normalize_phone};
use idp_domain::Method;
use idp_i18n::Msg;
use idp_mfa_policy::actions::{may_enable, SECOND_FACTOR_NEEDED};
use std::net::IpAddr;

/// What the form for one method sent, as its fields came.
#[derive(Debug, Clone, Copy, Default)]
pub struct SetupForm<'a> {
    /// The start button: make the TOTP secret, send the first e-mail code.
    pub start: bool,
    /// A phone number for SMS.
    pub phone: Option<&'a str>,
    /// "Send a new code".
    pub resend: bool,
    /// The confirming code.
    pub code: &'a str,
}

/// Where the page for a method stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupScreen {
    /// Nothing made yet: the start form.
    Start,
    /// The authenticator app's QR code (a data URI) and its secret as text.
    Totp { qr_data_uri: String, secret: String },
    /// The phone number form.
    Phone,
    /// The code form; `target` is where the code went, masked.
    Code { target: String },
}

/// The words a page shows again with the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Again {
    pub error: Option<Msg>,
    pub notice: Option<Msg>,
    /// The number as typed, shown again in the phone form.
    pub phone: String,
    /// Show the phone form (not the code form).
    pub ask_phone: bool,
}

/// What one submission led to.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupOutcome {
    /// The policy does not let this session do it: the words for the page.
    Refused(Msg),
    /// Done: back to the account page with this notice (`done=`).
    Done(&'static str),
    /// The next step is its own page at this path.
    Next(String),
    /// The same page again.
    Again(Again),
}

impl Accounts {
    /// Whether `me` may turn `method` on now (`Ok(false)`), or move SMS to a new number
    /// (`Ok(true)`); `Err(words)` when not.
    pub async fn setup_mode(
        &self,
        me: &Me<'_>,
        method: Method,
    ) -> Result<std::result::Result<bool, Msg>> {
        let active = self
            .store
            .active_methods(&me.tenant.id, &me.user.id)
            .await?;
        if method == Method::Sms && active.contains(&Method::Sms) {
            return Ok(if me.recent_second_factor {
                Ok(true)
            } else {
                Err(SECOND_FACTOR_NEEDED.msg())
            });
        }
        Ok(may_enable(
            &me.tenant.settings,
            &active,
            method,
            me.user.email_confirmed,
        )
        .map(|()| false)
        .map_err(|r| r.msg()))
    }

    /// What the page for `method` shows now; `ask_phone` when SMS is at its number step.
    pub async fn setup_screen(
        &self,
        me: &Me<'_>,
        method: Method,
        ask_phone: bool,
    ) -> Result<SetupScreen> {
        let (tenant, user) = (me.tenant, me.user);
        Ok(match method {
            Method::Totp => match self.totp_enrollment(tenant, user).await? {
                Some((qr_data_uri, secret)) => SetupScreen::Totp {
                    qr_data_uri,
                    secret,
                },
                None => SetupScreen::Start,
            },
            Method::Sms if ask_phone => SetupScreen::Phone,
            Method::Sms => SetupScreen::Code {
                target: self
                    .sms_code_target(me)
                    .await?
                    .map(|t| mask_phone(&t))
                    .unwrap_or_default(),
            },
            Method::Email => match self.live_code(tenant, user, Method::Email).await? {
                Some(_) => SetupScreen::Code {
                    target: mask_email(&user.email),
                },
                None => SetupScreen::Start,
            },
        })
    }

    /// Where the live SMS code went: the number being verified.
    async fn sms_code_target(&self, me: &Me<'_>) -> Result<Option<String>> {
        Ok(self
            .store
            .code(&me.tenant.id, &me.user.id, Method::Sms)
            .await?
            .map(|c| c.target))
    }

    /// One submission of the form for `method`: the start button, a phone number, "send a
    /// new code", or the confirming code, in that order of precedence.
    pub async fn setup_submit(
        &self,
        me: Me<'_>,
        method: Method,
        form: SetupForm<'_>,
        ip: IpAddr,
    ) -> Result<SetupOutcome> {
        let changing = match self.setup_mode(&me, method).await? {
            Ok(c) => c,
            Err(why) => return Ok(SetupOutcome::Refused(why)),
        };
        if form.start && !changing {
            return self.setup_start(&me, method).await;
        }
        if let (Some(raw), Method::Sms) = (form.phone, method) {
            return self.setup_phone(&me, raw, changing).await;
        }
        if form.resend && method != Method::Totp {
            return self.setup_resend(&me, method).await;
        }
        self.setup_confirm(me, method, form.code, changing, ip)
            .await
    }

    async fn setup_start(&self, me: &Me<'_>, method: Method) -> Result<SetupOutcome> {
        match method {
            Method::Totp => {
                self.begin_totp(me.tenant, me.user).await?;
            }
            Method::Email => {
                if let Err(wait) = self.begin_email(me.tenant, me.user).await? {
                    return Ok(SetupOutcome::Again(Again {
                        notice: Some(sent_moments_ago(wait)),
                        ..Again::default()
                    }));
                }
            }
            Method::Sms => {}
        }
        Ok(SetupOutcome::Next(format!("/account/factors/{method}")))
    }

    async fn setup_phone(&self, me: &Me<'_>, raw: &str, changing: bool) -> Result<SetupOutcome> {
        let again = |error: Msg| {
            Ok(SetupOutcome::Again(Again {
                error: Some(error),
                phone: raw.to_owned(),
                ask_phone: true,
                ..Again::default()
            }))
        };
        let phone = match normalize_phone(raw) {
            Ok(p) => p,
            Err(_) => return again(Msg::new("phone-invalid")),
        };
        let sent = if changing {
            self.send_code(me.tenant, me.user, Method::Sms, &phone)
                .await?
        } else {
            self.begin_sms(me.tenant, me.user, &phone).await?
        };
        match sent {
            Ok(()) => Ok(SetupOutcome::Next("/account/factors/sms?verify=1".into())),
            Err(wait) => again(wait_words(wait)),
        }
    }

    async fn setup_resend(&self, me: &Me<'_>, method: Method) -> Result<SetupOutcome> {
        let target = match method {
            Method::Email => Some(me.user.email.clone()),
            _ => self.sms_code_target(me).await?,
        };
        let notice = match target {
            Some(t) => match self.send_code(me.tenant, me.user, method, &t).await? {
                Ok(()) => NEW_CODE_SENT,
                Err(wait) => wait_words(wait),
            },
            None => Msg::new("phone-first"),
        };
        Ok(SetupOutcome::Again(Again {
            notice: Some(notice),
            ..Again::default()
        }))
    }

    async fn setup_confirm(
        &self,
        me: Me<'_>,
        method: Method,
        code: &str,
        changing: bool,
        ip: IpAddr,
    ) -> Result<SetupOutcome> {
        let (tenant, user) = (me.tenant, me.user);
        let mut guard = Guard::for_user(self, tenant.id.as_str(), &user.username, ip, me.device)
            .with_policy(&tenant.settings);
        let refused = |error: Msg| {
            Ok(SetupOutcome::Again(Again {
                error: Some(error),
                ..Again::default()
            }))
        };
        if let Some(m) = guard.reserve(self).await? {
            return refused(m);
        }
        let check = if changing {
            // The new number is where the live code went.
            match self.sms_code_target(&me).await? {
                Some(t) => {
                    let c = self
                        .check_sent_code(tenant, user, Method::Sms, &t, code)
                        .await?;
                    if c == Check::Accepted {
                        self.store
                            .change_phone(&tenant.id, &user.id, &t, self.now())
                            .await?;
                    }
                    c
                }
                None => Check::NoCode,
            }
        } else {
            self.check_code(tenant, user, method, code, true).await?
        };
        if check != Check::Accepted {
            guard.failed_code(self, &user.id, method).await?;
            return refused(check.message(method));
        }
        guard.passed(self).await?;
        let (event, done) = if changing {
            ("factor.phone_changed", "phone")
        } else {
            // A new factor: sessions elsewhere, which never passed it, end.
            self.store
                .delete_other_sessions(&tenant.id, &user.id, &me.session.id_digest)
                .await?;
            ("factor.enrolled", "on")
        };
        let detail = format!("method {method}");
        self.audit_user(&tenant.id, &user.id, event, Some(detail), ip)
            .await?;
        Ok(SetupOutcome::Done(done))
    }
}
