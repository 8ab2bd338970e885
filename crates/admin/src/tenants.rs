//! Tenants: list, read, create, change settings (with the policy's checks), switch login mode.

use crate::{Action, Admin, AdminError, Caller, Msg, Page, Paging, Result};
use idp_domain::tenant::validate_name;
use idp_domain::{LoginMode, Method, Tenant, TenantId, TenantSettings, Ttl, TwoFactor};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A change of a tenant's settings, with the names and values of `idp tenant create`'s flags.
/// Absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantPatch {
    pub name: Option<String>,
    pub login_mode: Option<LoginMode>,
    pub two_factor: Option<TwoFactor>,
    pub methods: Option<Vec<Method>>,
    pub multiple_methods: Option<bool>,
    #[schema(value_type = Option<String>, example = "24h")]
    pub registration_link_ttl: Option<Ttl>,
    #[schema(value_type = Option<String>, example = "24h")]
    pub reset_link_ttl: Option<Ttl>,
    #[schema(value_type = Option<String>, example = "24h")]
    pub email_code_ttl: Option<Ttl>,
    #[schema(value_type = Option<String>, example = "24h")]
    pub sms_code_ttl: Option<Ttl>,
    pub totp_issuer: Option<String>,
    /// Failed attempts on one account before its first lock (3-50).
    pub lockout_threshold: Option<u32>,
    /// The first lock (1m-1h); later ones last 5 and 15 times as long.
    #[schema(value_type = Option<String>, example = "1m")]
    pub lockout_duration: Option<Ttl>,
    /// The default language of pages and mails (`de` or `en`); `""` unsets it (English).
    #[schema(example = "de")]
    pub locale: Option<String>,
    /// The IANA time zone of dates on pages (`Europe/Berlin`); `""` unsets it (UTC).
    #[schema(example = "Europe/Berlin")]
    pub time_zone: Option<String>,
}

impl TenantPatch {
    /// The company's name, language and time zone: what every page and mail shows of it.
    fn touches_profile(&self) -> bool {
        self.name.is_some() || self.locale.is_some() || self.time_zone.is_some()
    }

    fn touches_security(&self) -> bool {
        self.two_factor.is_some()
            || self.methods.is_some()
            || self.multiple_methods.is_some()
            || self.registration_link_ttl.is_some()
            || self.reset_link_ttl.is_some()
            || self.email_code_ttl.is_some()
            || self.sms_code_ttl.is_some()
            || self.totp_issuer.is_some()
            || self.lockout_threshold.is_some()
            || self.lockout_duration.is_some()
    }

    fn apply(&self, t: &mut Tenant) -> Result<()> {
        if let Some(n) = &self.name {
            t.name = validate_name("name", n)?;
        }
        let s = &mut t.settings;
        if let Some(v) = self.login_mode {
            s.login_mode = v;
        }
        if let Some(v) = self.two_factor {
            s.two_factor = v;
        }
        if let Some(v) = &self.methods {
            let mut m = v.clone();
            m.sort();
            m.dedup();
            s.methods = m;
        }
        if let Some(v) = self.multiple_methods {
            s.multiple_methods = v;
        }
        for (v, into) in [
            (self.registration_link_ttl, &mut s.registration_link_ttl),
            (self.reset_link_ttl, &mut s.reset_link_ttl),
            (self.email_code_ttl, &mut s.email_code_ttl),
            (self.sms_code_ttl, &mut s.sms_code_ttl),
            (self.lockout_duration, &mut s.lockout_duration),
        ] {
            if let Some(v) = v {
                *into = v;
            }
        }
        if let Some(v) = &self.totp_issuer {
            s.totp_issuer = Some(validate_name("totp_issuer", v)?);
        }
        if let Some(v) = self.lockout_threshold {
            s.lockout_threshold = v;
        }
        // Checked with the rest of the settings (`check_settings`).
        if let Some(v) = &self.locale {
            s.locale = Some(v.trim().to_ascii_lowercase()).filter(|v| !v.is_empty());
        }
        if let Some(v) = &self.time_zone {
            s.time_zone = Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        }
        Ok(())
    }
}

/// A new tenant: its company ID, its name, and settings as in [`TenantPatch`] (the
/// defaults of mfa-policy.md where absent).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTenant {
    /// The company ID users type: lowercase letters, digits and `-`.
    pub id: String,
    pub name: String,
    pub login_mode: Option<LoginMode>,
    pub two_factor: Option<TwoFactor>,
    pub methods: Option<Vec<Method>>,
    pub multiple_methods: Option<bool>,
    #[schema(value_type = Option<String>, example = "24h")]
    pub registration_link_ttl: Option<Ttl>,
    #[schema(value_type = Option<String>, example = "24h")]
    pub reset_link_ttl: Option<Ttl>,
    #[schema(value_type = Option<String>, example = "90s")]
    pub email_code_ttl: Option<Ttl>,
    #[schema(value_type = Option<String>, example = "5m")]
    pub sms_code_ttl: Option<Ttl>,
    pub totp_issuer: Option<String>,
    pub lockout_threshold: Option<u32>,
    #[schema(value_type = Option<String>, example = "1m")]
    pub lockout_duration: Option<Ttl>,
    /// The default language of pages and mails (`de` or `en`); `""` unsets it (English).
    #[schema(example = "de")]
    pub locale: Option<String>,
    /// The IANA time zone of dates on pages (`Europe/Berlin`); `""` unsets it (UTC).
    #[schema(example = "Europe/Berlin")]
    pub time_zone: Option<String>,
}

impl NewTenant {
    /// The company ID, the name, and the settings as a change of the defaults.
    pub fn new(id: String, name: String, settings: TenantPatch) -> Self {
        NewTenant {
            id,
            name,
            login_mode: settings.login_mode,
            two_factor: settings.two_factor,
            methods: settings.methods,
            multiple_methods: settings.multiple_methods,
            registration_link_ttl: settings.registration_link_ttl,
            reset_link_ttl: settings.reset_link_ttl,
            email_code_ttl: settings.email_code_ttl,
            sms_code_ttl: settings.sms_code_ttl,
            totp_issuer: settings.totp_issuer,
            lockout_threshold: settings.lockout_threshold,
            lockout_duration: settings.lockout_duration,
            locale: settings.locale,
            time_zone: settings.time_zone,
        }
    }

    fn settings(&self) -> TenantPatch {
        TenantPatch {
            name: None,
            login_mode: self.login_mode,
            two_factor: self.two_factor,
            methods: self.methods.clone(),
            multiple_methods: self.multiple_methods,
            registration_link_ttl: self.registration_link_ttl,
            reset_link_ttl: self.reset_link_ttl,
            email_code_ttl: self.email_code_ttl,
            sms_code_ttl: self.sms_code_ttl,
            totp_issuer: self.totp_issuer.clone(),
            lockout_threshold: self.lockout_threshold,
            lockout_duration: self.lockout_duration,
            locale: self.locale.clone(),
            time_zone: self.time_zone.clone(),
        }
    }
}

/// A tenant as the API shows it: its settings under the names `PATCH` takes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TenantView {
    /// The company ID.
    #[schema(value_type = String)]
    pub id: TenantId,
    pub name: String,
    pub login_mode: LoginMode,
    pub two_factor: TwoFactor,
    pub methods: Vec<Method>,
    pub multiple_methods: bool,
    #[schema(value_type = String, example = "24h")]
    pub registration_link_ttl: Ttl,
    #[schema(value_type = String, example = "24h")]
    pub reset_link_ttl: Ttl,
    #[schema(value_type = String, example = "90s")]
    pub email_code_ttl: Ttl,
    #[schema(value_type = String, example = "5m")]
    pub sms_code_ttl: Ttl,
    pub totp_issuer: Option<String>,
    pub lockout_threshold: u32,
    #[schema(value_type = String, example = "1m")]
    pub lockout_duration: Ttl,
    /// The default language of pages and mails; English when unset.
    #[schema(example = "de")]
    pub locale: Option<String>,
    /// The time zone of dates on pages; UTC when unset.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&Tenant> for TenantView {
    fn from(t: &Tenant) -> Self {
        let s = &t.settings;
        TenantView {
            id: t.id.clone(),
            name: t.name.clone(),
            login_mode: s.login_mode,
            two_factor: s.two_factor,
            methods: s.methods.clone(),
            multiple_methods: s.multiple_methods,
            registration_link_ttl: s.registration_link_ttl,
            reset_link_ttl: s.reset_link_ttl,
            email_code_ttl: s.email_code_ttl,
            sms_code_ttl: s.sms_code_ttl,
            totp_issuer: s.totp_issuer.clone(),
            lockout_threshold: s.lockout_threshold,
            lockout_duration: s.lockout_duration,
            locale: s.locale.clone(),
            time_zone: s.time_zone.clone(),
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// A setting's value as the audit log shows it: words (enum values, durations) bare, other
/// strings quoted (so that a name cannot read as another entry), lists comma-separated.
fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s)
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            s.clone()
        }
        serde_json::Value::Null => "none".into(),
        serde_json::Value::Array(a) => {
            let items: Vec<String> = a.iter().map(shown).collect();
            if items.is_empty() {
                "none".into()
            } else {
                items.join(", ")
            }
        }
        other => other.to_string(),
    }
}

/// What changed between two versions of a tenant, setting by setting, in the names of the
/// API and the CLI; all of them for a new tenant.
fn settings_words(old: Option<&Tenant>, new: &Tenant) -> String {
    let as_map = |t: &Tenant| match serde_json::to_value(&t.settings) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => Default::default(),
    };
    let now = as_map(new);
    let mut out = Vec::new();
    match old {
        Some(o) => {
            if o.name != new.name {
                out.push(format!("name: {:?} → {:?}", o.name, new.name));
            }
            let before = as_map(o);
            for (k, v) in &now {
                let was = before.get(k).unwrap_or(&serde_json::Value::Null);
                if was != v {
                    out.push(format!("{k}: {} → {}", shown(was), shown(v)));
                }
            }
        }
        None => {
            for (k, v) in &now {
                if k != "branding" {
                    out.push(format!("{k}: {}", shown(v)));
                }
            }
        }
    }
    if out.is_empty() {
        "no change".into()
    } else {
        out.join("; ")
    }
}

/// Fail closed: an SSO tenant without an upstream identity provider could sign no one in.
const SSO_NEEDS_CONNECTION: Msg = Msg::new("admin-err-sso-needs-connection");

/// Rule 1 and the method rule, with the field that caused a refusal.
fn check_policy(settings: &TenantSettings) -> Result<()> {
    idp_mfa_policy::check_settings(settings).map_err(|r| {
        let field = match r.code {
            "no_methods_selected" => "methods",
            "lockout_threshold" | "lockout_duration" | "locale" | "time_zone" => r.code,
            _ => "two_factor",
        };
        AdminError::refused(field, r.msg())
    })
}

impl Admin {
    /// The tenants the caller may see: all of them for a platform administrator, else its own.
    pub async fn tenants(&self, caller: &Caller, paging: &Paging) -> Result<Page<Arc<Tenant>>> {
        let limit = paging.limit()?;
        if let Some(home) = caller
            .home()
            .filter(|_| caller.role < idp_domain::Role::PlatformAdmin)
        {
            self.check(caller, Action::ReadTenant, Some(home))?;
            let own = self.accounts.tenant(home).await?;
            return Ok(Page {
                items: vec![own],
                next_cursor: None,
            });
        }
        self.check(caller, Action::ReadTenant, None)?;
        let after = paging.after()?;
        let rows = self
            .accounts
            .store
            .tenants(after.as_deref(), limit + 1)
            .await?;
        let rows = rows.into_iter().map(Arc::new).collect();
        Ok(Paging::page(limit, rows, |t: &Arc<Tenant>| {
            t.id.to_string()
        }))
    }

    /// One tenant, when the caller may see it (else the same `NotFound` as for none).
    pub async fn tenant(&self, caller: &Caller, id: &TenantId) -> Result<Arc<Tenant>> {
        self.check(caller, Action::ReadTenant, Some(id))?;
        Ok(self.accounts.tenant(id).await?)
    }

    pub async fn create_tenant(&self, caller: &Caller, new: &NewTenant) -> Result<Tenant> {
        self.check(caller, Action::CreateTenant, None)?;
        let id = TenantId::parse(&new.id).map_err(|e| AdminError::invalid("id", e.msg))?;
        let now = self.accounts.now();
        let mut t = Tenant {
            id,
            name: validate_name("name", &new.name)?,
            settings: TenantSettings::default(),
            created_at: now,
            updated_at: now,
        };
        new.settings().apply(&mut t)?;
        check_policy(&t.settings)?;
        if t.settings.login_mode == LoginMode::Sso {
            return Err(AdminError::refused("login_mode", SSO_NEEDS_CONNECTION));
        }
        self.accounts.store.create_tenant(&t).await?;
        self.audit_tenant(caller, &t, "tenant.created", None)
            .await?;
        Ok(t)
    }

    /// Changes settings. Each part needs its own permission: the name and branding, the
    /// security settings, the login mode. A combination the policy forbids is refused with the
    /// field that caused it.
    pub async fn update_tenant(
        &self,
        caller: &Caller,
        id: &TenantId,
        patch: &TenantPatch,
    ) -> Result<Tenant> {
        self.check(caller, Action::ReadTenant, Some(id))?;
        if patch.touches_profile() {
            self.check(caller, Action::ChangeProfile, Some(id))?;
        }
        if patch.touches_security() {
            self.check(caller, Action::ChangeSecurity, Some(id))?;
        }
        // From the stored version, not a cached one, and saved only if it still is.
        let old = self
            .accounts
            .store
            .tenant_fresh(id)
            .await?
            .ok_or_else(|| AdminError::no_tenant(id))?;
        if patch
            .login_mode
            .is_some_and(|m| m != old.settings.login_mode)
        {
            self.check(caller, Action::SwitchLoginMode, Some(id))?;
        }
        let mut t = (*old).clone();
        patch.apply(&mut t)?;
        self.switch_login_mode(&old, &mut t, patch.two_factor.is_some())
            .await?;
        check_policy(&t.settings)?;
        t.updated_at = self.accounts.now().max(old.updated_at + 1);
        self.accounts
            .store
            .update_tenant_if(&t, old.updated_at)
            .await?;
        self.audit_tenant(caller, &t, "tenant.settings_changed", Some(&old))
            .await?;
        Ok(t)
    }

    /// To sso only with a connection (local two-factor goes dormant, its mode remembered),
    /// back to password with the two-factor mode it had before.
    async fn switch_login_mode(
        &self,
        old: &Tenant,
        t: &mut Tenant,
        two_factor_given: bool,
    ) -> Result<()> {
        if old.settings.login_mode == t.settings.login_mode {
            return Ok(());
        }
        let store = &self.accounts.store;
        let conn = store.sso_connection(&t.id).await?;
        match (t.settings.login_mode, conn) {
            (LoginMode::Sso, None) => Err(AdminError::refused("login_mode", SSO_NEEDS_CONNECTION)),
            (LoginMode::Sso, Some(c)) => {
                let mut c = (*c).clone();
                c.settings.two_factor_before = Some(old.settings.two_factor);
                t.settings.two_factor = TwoFactor::Disabled;
                check_policy(&t.settings)?;
                store.save_sso_connection(&c, t).await?;
                Ok(())
            }
            (LoginMode::Password, conn) => {
                if !two_factor_given {
                    t.settings.two_factor = conn
                        .and_then(|c| c.settings.two_factor_before)
                        .unwrap_or(TwoFactor::Optional);
                }
                Ok(())
            }
        }
    }

    /// The event with what changed (`two_factor: optional → required, ...`), or, for a new
    /// tenant, its settings.
    async fn audit_tenant(
        &self,
        caller: &Caller,
        t: &Tenant,
        event: &str,
        old: Option<&Tenant>,
    ) -> Result<()> {
        let detail = settings_words(old, t);
        Ok(self
            .accounts
            .audit_by(&caller.actor(), Some(&t.id), None, event, detail)
            .await?)
    }
}
