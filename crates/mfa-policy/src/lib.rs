//! The per-tenant sign-in policy engine: pure decisions, no I/O, no clock, no HTTP.
//!
//! Given a tenant's settings, the user's active second factors and how the first factor was
//! done, [`after_first_factor`] says what happens next; [`check_settings`] says whether a set of
//! tenant settings may be saved. Every refusal carries a machine reason and words for people,
//! in the shape of node-oidc-provider's interaction checks. The rules are mfa-policy.md's.

pub mod actions;
pub mod codes;
pub mod guessing;
pub mod totp;

use idp_domain::{LoginMode, Method, TenantSettings, TwoFactor};

/// How the first factor was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstFactor {
    Password,
    /// An upstream SSO identity provider vouched for the user.
    Federated,
}

/// What the relying application asked for with `acr_values`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Requested {
    #[default]
    Any,
    MultiFactor,
}

/// Why something was refused: a stable code for logs and tests, and the catalogue key of the
/// words people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub key: &'static str,
}

impl Refusal {
    /// The words, in the language of the page or mail that shows them.
    pub fn msg(self) -> idp_i18n::Msg {
        idp_i18n::Msg::new(self.key)
    }
}

/// What happens after the first factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Sign-in complete with these RFC 8176 `amr` values.
    SignedIn {
        amr: Vec<&'static str>,
    },
    /// Several methods are active: the user chooses one first.
    ChooseMethod {
        methods: Vec<Method>,
    },
    /// A code for this method is asked for.
    EnterCode {
        method: Method,
    },
    /// The user must enroll one of these methods (and verify it) before sign-in completes.
    Enroll {
        methods: Vec<Method>,
    },
    Refused(Refusal),
}

pub const SSO_ONLY: Refusal = Refusal {
    code: "sso_only",
    key: "refusal-sso-only",
};
pub const NO_METHOD_AVAILABLE: Refusal = Refusal {
    code: "no_method_available",
    key: "refusal-no-method-available",
};
pub const TWO_FACTOR_ON_SSO: Refusal = Refusal {
    code: "two_factor_on_sso",
    key: "refusal-two-factor-on-sso",
};
pub const NO_METHODS_SELECTED: Refusal = Refusal {
    code: "no_methods_selected",
    key: "refusal-no-methods-selected",
};

/// Rules 1 and 2 of mfa-policy.md. `active` are the user's verified methods; only methods the
/// tenant still offers count.
pub fn after_first_factor(
    settings: &TenantSettings,
    active: &[Method],
    first: FirstFactor,
    requested: Requested,
) -> Decision {
    match (settings.login_mode, first) {
        // Rule 1: SSO tenants never see local second factors; password sign-in is refused.
        (LoginMode::Sso, FirstFactor::Password) => return Decision::Refused(SSO_ONLY),
        (LoginMode::Sso, FirstFactor::Federated)
        | (LoginMode::Password, FirstFactor::Federated) => {
            return Decision::SignedIn { amr: vec!["fed"] }
        }
        (LoginMode::Password, FirstFactor::Password) => {}
    }
    if settings.two_factor == TwoFactor::Disabled {
        // Rule 2: two-factor disabled signs in after the password, unless the relying
        // application demands more, which this tenant cannot give.
        return match requested {
            Requested::Any => Decision::SignedIn { amr: vec!["pwd"] },
            Requested::MultiFactor => Decision::Refused(NO_METHOD_AVAILABLE),
        };
    }
    let usable: Vec<Method> = active
        .iter()
        .copied()
        .filter(|m| settings.methods.contains(m))
        .collect();
    match usable.as_slice() {
        [] => {
            let must_enroll =
                settings.two_factor == TwoFactor::Required || requested == Requested::MultiFactor;
            if !must_enroll {
                Decision::SignedIn { amr: vec!["pwd"] }
            } else if settings.methods.is_empty() {
                Decision::Refused(NO_METHOD_AVAILABLE)
            } else {
                Decision::Enroll {
                    methods: settings.methods.clone(),
                }
            }
        }
        [one] => Decision::EnterCode { method: *one },
        many => Decision::ChooseMethod {
            methods: many.to_vec(),
        },
    }
}

pub const EMAIL_ONLY_UNCONFIRMED: Refusal = Refusal {
    code: "email_unconfirmed",
    key: "refusal-email-only-unconfirmed",
};

/// What the policy knows about the account that passed the first factor.
#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    /// Verified methods.
    pub active: &'a [Method],
    pub email_confirmed: bool,
}

/// [`after_first_factor`] for a real account: e-mail codes need a confirmed address (rule 5),
/// so an unconfirmed address neither counts as an active e-mail method nor can be enrolled.
pub fn sign_in_step(
    settings: &TenantSettings,
    account: Account<'_>,
    first: FirstFactor,
    requested: Requested,
) -> Decision {
    let active: Vec<Method> = account
        .active
        .iter()
        .copied()
        .filter(|m| *m != Method::Email || account.email_confirmed)
        .collect();
    match after_first_factor(settings, &active, first, requested) {
        Decision::Enroll { methods } => {
            let methods: Vec<Method> = methods
                .into_iter()
                .filter(|m| *m != Method::Email || account.email_confirmed)
                .collect();
            if methods.is_empty() {
                Decision::Refused(EMAIL_ONLY_UNCONFIRMED)
            } else {
                Decision::Enroll { methods }
            }
        }
        other => other,
    }
}

/// The RFC 8176 `amr` of a sign-in completed with `method` after a password. E-mail codes
/// have no registered value; `email` is this project's (documented in the README).
pub fn amr_after_second_factor(method: Method) -> Vec<&'static str> {
    let m = match method {
        Method::Totp => "otp",
        Method::Sms => "sms",
        Method::Email => "email",
    };
    vec!["pwd", m, "mfa"]
}

pub const LOCKOUT_THRESHOLD: Refusal = Refusal {
    code: "lockout_threshold",
    key: "refusal-lockout-threshold",
};

pub const LOCKOUT_DURATION: Refusal = Refusal {
    code: "lockout_duration",
    key: "refusal-lockout-duration",
};

/// The code is the field's name.
pub const LOCALE_UNKNOWN: Refusal = Refusal {
    code: "locale",
    key: "refusal-locale-unknown",
};

pub const TIME_ZONE_UNKNOWN: Refusal = Refusal {
    code: "time_zone",
    key: "refusal-time-zone-unknown",
};

/// Whether a tenant's settings may be saved (rule 1: no local two-factor for SSO tenants;
/// lockout within [`guessing::THRESHOLD_RANGE`] and [`guessing::FIRST_LOCK_RANGE`]).
pub fn check_settings(settings: &TenantSettings) -> Result<(), Refusal> {
    if !guessing::THRESHOLD_RANGE.contains(&settings.lockout_threshold) {
        return Err(LOCKOUT_THRESHOLD);
    }
    if !guessing::FIRST_LOCK_RANGE.contains(&settings.lockout_duration.secs()) {
        return Err(LOCKOUT_DURATION);
    }
    if settings.login_mode == LoginMode::Sso && settings.two_factor != TwoFactor::Disabled {
        return Err(TWO_FACTOR_ON_SSO);
    }
    if settings.two_factor != TwoFactor::Disabled && settings.methods.is_empty() {
        return Err(NO_METHODS_SELECTED);
    }
    if let Some(l) = &settings.locale {
        if idp_i18n::Lang::all().all(|x| x.tag() != l) {
            return Err(LOCALE_UNKNOWN);
        }
    }
    if let Some(z) = &settings.time_zone {
        if !idp_i18n::time_zone_known(z) {
            return Err(TIME_ZONE_UNKNOWN);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Method::*;

    fn tenant(mode: LoginMode, tf: TwoFactor, methods: &[Method]) -> TenantSettings {
        TenantSettings {
            login_mode: mode,
            two_factor: tf,
            methods: methods.to_vec(),
            ..TenantSettings::default()
        }
    }

    #[test]
    fn decision_table() {
        use Decision as D;
        use FirstFactor as F;
        use LoginMode::*;
        use TwoFactor::*;
        let pwd = || D::SignedIn { amr: vec!["pwd"] };
        let rows: Vec<(
            TenantSettings,
            Vec<Method>,
            FirstFactor,
            Requested,
            Decision,
        )> = vec![
            // Rule 1: SSO tenants.
            (
                tenant(Sso, Disabled, &[Totp]),
                vec![],
                F::Password,
                Requested::Any,
                D::Refused(SSO_ONLY),
            ),
            (
                tenant(Sso, Disabled, &[Totp]),
                vec![Totp],
                F::Federated,
                Requested::Any,
                D::SignedIn { amr: vec!["fed"] },
            ),
            (
                tenant(Sso, Disabled, &[Totp]),
                vec![Totp],
                F::Federated,
                Requested::MultiFactor,
                D::SignedIn { amr: vec!["fed"] },
            ),
            // Rule 2: password tenants.
            (
                tenant(Password, Disabled, &[Totp]),
                vec![Totp],
                F::Password,
                Requested::Any,
                pwd(),
            ),
            (
                tenant(Password, Optional, &[Totp]),
                vec![],
                F::Password,
                Requested::Any,
                pwd(),
            ),
            (
                tenant(Password, Optional, &[Totp]),
                vec![Totp],
                F::Password,
                Requested::Any,
                D::EnterCode { method: Totp },
            ),
            (
                tenant(Password, Required, &[Totp, Sms]),
                vec![],
                F::Password,
                Requested::Any,
                D::Enroll {
                    methods: vec![Totp, Sms],
                },
            ),
            (
                tenant(Password, Required, &[Totp, Sms]),
                vec![Sms],
                F::Password,
                Requested::Any,
                D::EnterCode { method: Sms },
            ),
            (
                tenant(Password, Optional, &[Totp, Sms, Email]),
                vec![Totp, Email],
                F::Password,
                Requested::Any,
                D::ChooseMethod {
                    methods: vec![Totp, Email],
                },
            ),
            // A method the tenant no longer offers does not count.
            (
                tenant(Password, Optional, &[Sms]),
                vec![Totp],
                F::Password,
                Requested::Any,
                pwd(),
            ),
            // acr_values asking for MFA.
            (
                tenant(Password, Optional, &[Totp]),
                vec![],
                F::Password,
                Requested::MultiFactor,
                D::Enroll {
                    methods: vec![Totp],
                },
            ),
            (
                tenant(Password, Disabled, &[Totp]),
                vec![],
                F::Password,
                Requested::MultiFactor,
                D::Refused(NO_METHOD_AVAILABLE),
            ),
        ];
        for (i, (s, active, first, req, want)) in rows.into_iter().enumerate() {
            assert_eq!(after_first_factor(&s, &active, first, req), want, "row {i}");
        }
    }

    #[test]
    fn settings_checks() {
        assert_eq!(
            check_settings(&tenant(LoginMode::Sso, TwoFactor::Optional, &[Totp])),
            Err(TWO_FACTOR_ON_SSO)
        );
        assert!(check_settings(&tenant(LoginMode::Sso, TwoFactor::Disabled, &[Totp])).is_ok());
        assert_eq!(
            check_settings(&tenant(LoginMode::Password, TwoFactor::Required, &[])),
            Err(NO_METHODS_SELECTED)
        );
        assert!(check_settings(&TenantSettings::default()).is_ok());
    }
}

/// The invariants of mfa-policy.md, over every combination of settings and factors.
#[cfg(test)]
mod invariants {
    use super::*;
    use proptest::prelude::*;

    fn method() -> impl Strategy<Value = Method> {
        prop_oneof![Just(Method::Totp), Just(Method::Sms), Just(Method::Email)]
    }

    fn settings() -> impl Strategy<Value = TenantSettings> {
        (
            prop_oneof![Just(LoginMode::Password), Just(LoginMode::Sso)],
            prop_oneof![
                Just(TwoFactor::Disabled),
                Just(TwoFactor::Optional),
                Just(TwoFactor::Required)
            ],
            proptest::collection::vec(method(), 0..4),
            any::<bool>(),
        )
            .prop_map(|(login_mode, two_factor, mut methods, multiple_methods)| {
                methods.sort();
                methods.dedup();
                TenantSettings {
                    login_mode,
                    two_factor,
                    methods,
                    multiple_methods,
                    ..TenantSettings::default()
                }
            })
    }

    fn first() -> impl Strategy<Value = FirstFactor> {
        prop_oneof![Just(FirstFactor::Password), Just(FirstFactor::Federated)]
    }

    fn requested() -> impl Strategy<Value = Requested> {
        prop_oneof![Just(Requested::Any), Just(Requested::MultiFactor)]
    }

    proptest! {
        /// Rule 1: an SSO tenant never yields a local second-factor step.
        #[test]
        fn sso_tenants_never_ask_for_a_local_factor(
            s in settings(), active in proptest::collection::vec(method(), 0..4), f in first(), r in requested()
        ) {
            let s = TenantSettings { login_mode: LoginMode::Sso, ..s };
            let d = after_first_factor(&s, &active, f, r);
            let local_step = matches!(d, Decision::EnterCode { .. } | Decision::ChooseMethod { .. } | Decision::Enroll { .. });
            prop_assert!(!local_step, "{d:?}");
        }

        /// Rule 2: a `required` password tenant never signs in after the password alone.
        #[test]
        fn required_tenants_never_sign_in_on_a_password_alone(
            s in settings(), active in proptest::collection::vec(method(), 0..4), r in requested()
        ) {
            let s = TenantSettings { login_mode: LoginMode::Password, two_factor: TwoFactor::Required, ..s };
            let d = after_first_factor(&s, &active, FirstFactor::Password, r);
            prop_assert!(!matches!(d, Decision::SignedIn { .. }), "{d:?}");
        }

        /// A relying application asking for MFA never gets a password-only sign-in.
        #[test]
        fn acr_mfa_is_never_answered_with_a_password_alone(
            s in settings(), active in proptest::collection::vec(method(), 0..4)
        ) {
            let s = TenantSettings { login_mode: LoginMode::Password, ..s };
            let d = after_first_factor(&s, &active, FirstFactor::Password, Requested::MultiFactor);
            prop_assert!(!matches!(d, Decision::SignedIn { .. }), "{d:?}");
        }

        /// Rule 8: a user with an active factor never gets a password-reset link, whatever
        /// the tenant's settings and whichever methods it still offers.
        #[test]
        fn active_factor_never_allows_a_password_reset(
            s in settings(), active in proptest::collection::vec(method(), 1..4)
        ) {
            prop_assert!(crate::actions::may_reset_password(&s, &active).is_err());
        }

        /// Rule 6: the last offered method of a `required` password tenant never goes off.
        #[test]
        fn required_tenants_keep_one_method(
            s in settings(), m in method(), confirmed in any::<bool>(), mfa in any::<bool>()
        ) {
            let s = TenantSettings { login_mode: LoginMode::Password, two_factor: TwoFactor::Required, ..s };
            let active = vec![m];
            if s.methods.contains(&m) {
                prop_assert!(crate::actions::may_disable(&s, &active, m, mfa, confirmed).is_err());
            }
        }

        /// Settings the checker accepts never combine SSO with local two-factor.
        #[test]
        fn accepted_settings_never_put_two_factor_on_sso(s in settings()) {
            if check_settings(&s).is_ok() {
                prop_assert!(!(s.login_mode == LoginMode::Sso && s.two_factor != TwoFactor::Disabled));
            }
        }
    }
}
