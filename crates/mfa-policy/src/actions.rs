//! Whether an action on an account is allowed (rules 1, 4, 5, 6, 8 of mfa-policy.md). Each
//! answer is `Ok(())` or a [`Refusal`] whose message is shown on the page as it is.

use crate::Refusal;
use idp_domain::{LoginMode, Method, TenantSettings, TwoFactor};

pub const SSO_TENANT: Refusal = Refusal {
    code: "sso_tenant",
    key: "refusal-sso-tenant",
};
pub const TWO_FACTOR_DISABLED: Refusal = Refusal {
    code: "two_factor_disabled",
    key: "refusal-two-factor-disabled",
};
pub const METHOD_NOT_OFFERED: Refusal = Refusal {
    code: "method_not_offered",
    key: "refusal-method-not-offered",
};
pub const ALREADY_ACTIVE: Refusal = Refusal {
    code: "already_active",
    key: "refusal-already-active",
};
pub const ONE_METHOD_ONLY: Refusal = Refusal {
    code: "one_method_only",
    key: "refusal-one-method-only",
};
pub const EMAIL_UNCONFIRMED: Refusal = Refusal {
    code: "email_unconfirmed",
    key: "refusal-email-unconfirmed",
};
pub const NOT_ACTIVE: Refusal = Refusal {
    code: "not_active",
    key: "refusal-not-active",
};
pub const SECOND_FACTOR_NEEDED: Refusal = Refusal {
    code: "second_factor_needed",
    key: "refusal-second-factor-needed",
};
pub const CONFIRMATION_NEEDED: Refusal = Refusal {
    code: "confirmation_needed",
    key: "refusal-confirmation-needed",
};
pub const LAST_METHOD_REQUIRED: Refusal = Refusal {
    code: "last_method_required",
    key: "refusal-last-method-required",
};
/// [`LAST_METHOD_REQUIRED`] where no other method can be added to replace it.
pub const ONLY_METHOD_REQUIRED: Refusal = Refusal {
    code: "last_method_required",
    key: "refusal-only-method-required",
};
pub const RESET_NEEDS_ADMIN: Refusal = Refusal {
    code: "reset_needs_admin",
    key: "refusal-reset-needs-admin",
};

pub const SECURITY_PERMISSION_NEEDED: Refusal = Refusal {
    code: "security_permission_needed",
    key: "refusal-security-permission-needed",
};
pub const PLATFORM_ADMIN_NEEDED: Refusal = Refusal {
    code: "platform_admin_needed",
    key: "refusal-platform-admin-needed",
};

/// Who is changing a tenant's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The operator's support team (and the CLI on the server).
    PlatformAdmin,
    /// An administrator of the tenant.
    TenantAdmin {
        /// Holds the security permission (two-factor settings).
        security: bool,
        /// The operator lets this tenant's administrators configure SSO themselves.
        sso_self_service: bool,
    },
}

/// Whether `actor` may change a tenant's settings from `old` to `new`: the settings must be
/// valid ([`crate::check_settings`]); two-factor settings need the security permission; the
/// login mode needs a platform administrator unless the operator allows self-service SSO.
pub fn may_change_tenant_settings(
    actor: Actor,
    old: &TenantSettings,
    new: &TenantSettings,
) -> Result<(), Refusal> {
    crate::check_settings(new)?;
    let Actor::TenantAdmin {
        security,
        sso_self_service,
    } = actor
    else {
        return Ok(());
    };
    let two_factor_changed = old.two_factor != new.two_factor
        || old.methods != new.methods
        || old.multiple_methods != new.multiple_methods
        || old.email_code_ttl != new.email_code_ttl
        || old.sms_code_ttl != new.sms_code_ttl;
    if two_factor_changed && !security {
        return Err(SECURITY_PERMISSION_NEEDED);
    }
    if old.login_mode != new.login_mode && !sso_self_service {
        return Err(PLATFORM_ADMIN_NEEDED);
    }
    Ok(())
}

/// Methods counted for the "one at a time" rule: only those the tenant still offers.
fn offered(settings: &TenantSettings, active: &[Method]) -> Vec<Method> {
    active
        .iter()
        .copied()
        .filter(|m| settings.methods.contains(m))
        .collect()
}

/// Turning `method` on (starting its enrollment), given the user's active methods.
pub fn may_enable(
    settings: &TenantSettings,
    active: &[Method],
    method: Method,
    email_confirmed: bool,
) -> Result<(), Refusal> {
    if settings.login_mode == LoginMode::Sso {
        return Err(SSO_TENANT);
    }
    if settings.two_factor == TwoFactor::Disabled {
        return Err(TWO_FACTOR_DISABLED);
    }
    if !settings.methods.contains(&method) {
        return Err(METHOD_NOT_OFFERED);
    }
    if active.contains(&method) {
        return Err(ALREADY_ACTIVE);
    }
    if !settings.multiple_methods && !offered(settings, active).is_empty() {
        return Err(ONE_METHOD_ONLY);
    }
    if method == Method::Email && !email_confirmed {
        return Err(EMAIL_UNCONFIRMED);
    }
    Ok(())
}

/// Turning `method` off (rule 6): only from a session that passed a second factor, only with
/// an explicit confirmation, and never the last method of a `required` tenant.
pub fn may_disable(
    settings: &TenantSettings,
    active: &[Method],
    method: Method,
    session_passed_second_factor: bool,
    confirmed: bool,
) -> Result<(), Refusal> {
    if !active.contains(&method) {
        return Err(NOT_ACTIVE);
    }
    if !session_passed_second_factor {
        return Err(SECOND_FACTOR_NEEDED);
    }
    if !confirmed {
        return Err(CONFIRMATION_NEEDED);
    }
    let remaining = offered(settings, active)
        .into_iter()
        .filter(|m| *m != method)
        .count();
    if settings.login_mode == LoginMode::Password
        && settings.two_factor == TwoFactor::Required
        && remaining == 0
    {
        let replaceable =
            settings.multiple_methods && settings.methods.iter().any(|m| !active.contains(m));
        return Err(if replaceable {
            LAST_METHOD_REQUIRED
        } else {
            ONLY_METHOD_REQUIRED
        });
    }
    Ok(())
}

/// Password reset by e-mail (rule 8): refused to anyone with an active second factor, whether
/// or not the tenant still offers that method, and to SSO tenants' users, whose password is
/// not ours.
pub fn may_reset_password(settings: &TenantSettings, active: &[Method]) -> Result<(), Refusal> {
    if settings.login_mode == LoginMode::Sso {
        return Err(SSO_TENANT);
    }
    if !active.is_empty() {
        return Err(RESET_NEEDS_ADMIN);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Method::*;

    fn t(tf: TwoFactor, methods: &[Method], multiple: bool) -> TenantSettings {
        TenantSettings {
            two_factor: tf,
            methods: methods.to_vec(),
            multiple_methods: multiple,
            ..TenantSettings::default()
        }
    }

    #[test]
    fn enabling() {
        use TwoFactor::*;
        let sso = TenantSettings {
            login_mode: LoginMode::Sso,
            two_factor: Disabled,
            ..TenantSettings::default()
        };
        assert_eq!(may_enable(&sso, &[], Totp, true), Err(SSO_TENANT));
        assert_eq!(
            may_enable(&t(Disabled, &[Totp], false), &[], Totp, true),
            Err(TWO_FACTOR_DISABLED)
        );
        assert_eq!(
            may_enable(&t(Optional, &[Totp], false), &[], Sms, true),
            Err(METHOD_NOT_OFFERED)
        );
        assert_eq!(
            may_enable(&t(Optional, &[Totp], false), &[Totp], Totp, true),
            Err(ALREADY_ACTIVE)
        );
        // Multiple methods off: the current method must go first.
        assert_eq!(
            may_enable(&t(Optional, &[Totp, Sms], false), &[Totp], Sms, true),
            Err(ONE_METHOD_ONLY)
        );
        assert_eq!(
            may_enable(&t(Optional, &[Totp, Sms], true), &[Totp], Sms, true),
            Ok(())
        );
        // A method no longer offered does not block another.
        assert_eq!(
            may_enable(&t(Optional, &[Sms], false), &[Totp], Sms, true),
            Ok(())
        );
        assert_eq!(
            may_enable(&t(Required, &[Email], false), &[], Email, false),
            Err(EMAIL_UNCONFIRMED)
        );
        assert_eq!(
            may_enable(&t(Required, &[Email], false), &[], Email, true),
            Ok(())
        );
    }

    #[test]
    fn disabling() {
        use TwoFactor::*;
        let opt = t(Optional, &[Totp, Sms], true);
        assert_eq!(may_disable(&opt, &[], Totp, true, true), Err(NOT_ACTIVE));
        assert_eq!(
            may_disable(&opt, &[Totp], Totp, false, true),
            Err(SECOND_FACTOR_NEEDED)
        );
        assert_eq!(
            may_disable(&opt, &[Totp], Totp, true, false),
            Err(CONFIRMATION_NEEDED)
        );
        assert_eq!(may_disable(&opt, &[Totp], Totp, true, true), Ok(()));
        let req = t(Required, &[Totp, Sms], true);
        assert_eq!(
            may_disable(&req, &[Totp], Totp, true, true),
            Err(LAST_METHOD_REQUIRED)
        );
        assert_eq!(may_disable(&req, &[Totp, Sms], Totp, true, true), Ok(()));
        // The other active method no longer offered does not count as a remaining method.
        let req_totp = t(Required, &[Totp], true);
        assert_eq!(
            may_disable(&req_totp, &[Sms, Totp], Totp, true, true),
            Err(ONLY_METHOD_REQUIRED)
        );
        // Another method could replace it only where several may be on at once.
        assert_eq!(
            may_disable(&t(Required, &[Totp, Sms], false), &[Totp], Totp, true, true),
            Err(ONLY_METHOD_REQUIRED)
        );
    }

    #[test]
    fn who_changes_tenant_settings() {
        let old = TenantSettings::default();
        let required = TenantSettings {
            two_factor: TwoFactor::Required,
            ..old.clone()
        };
        let sso = TenantSettings {
            login_mode: LoginMode::Sso,
            two_factor: TwoFactor::Disabled,
            ..old.clone()
        };
        let admin = |security, sso_self_service| Actor::TenantAdmin {
            security,
            sso_self_service,
        };
        assert_eq!(
            may_change_tenant_settings(Actor::PlatformAdmin, &old, &required),
            Ok(())
        );
        assert_eq!(
            may_change_tenant_settings(admin(true, false), &old, &required),
            Ok(())
        );
        assert_eq!(
            may_change_tenant_settings(admin(false, false), &old, &required),
            Err(SECURITY_PERMISSION_NEEDED)
        );
        assert_eq!(
            may_change_tenant_settings(Actor::PlatformAdmin, &old, &sso),
            Ok(())
        );
        assert_eq!(
            may_change_tenant_settings(admin(true, false), &old, &sso),
            Err(PLATFORM_ADMIN_NEEDED)
        );
        assert_eq!(
            may_change_tenant_settings(admin(true, true), &old, &sso),
            Ok(())
        );
        // Nobody may put two-factor on an SSO tenant.
        let bad = TenantSettings {
            two_factor: TwoFactor::Optional,
            ..sso.clone()
        };
        assert_eq!(
            may_change_tenant_settings(Actor::PlatformAdmin, &old, &bad),
            Err(crate::TWO_FACTOR_ON_SSO)
        );
        // A name-only change needs no permission.
        let renamed = TenantSettings {
            totp_issuer: Some("Acme".into()),
            ..old.clone()
        };
        assert_eq!(
            may_change_tenant_settings(admin(false, false), &old, &renamed),
            Ok(())
        );
    }

    #[test]
    fn password_reset() {
        let s = TenantSettings::default();
        assert_eq!(may_reset_password(&s, &[]), Ok(()));
        assert_eq!(may_reset_password(&s, &[Sms]), Err(RESET_NEEDS_ADMIN));
    }
}
