//! Administration → Security (the tenant's two-factor settings), the audit log with its CSV
//! export, and the platform administrator's list of tenants.

use super::{at, enc, enter, enter_post, flash, Errors, Nav};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::{Action, AuditFilter, AuditView, Paging, TenantPatch, TenantView};
use idp_domain::{LoginMode, Method, Ttl, TwoFactor};
use idp_i18n::{Msg, Tr};

/// The catalogue key of how a tenant signs in.
fn login_mode_key(m: LoginMode) -> &'static str {
    match m {
        LoginMode::Password => "admin-tenants-login-password",
        LoginMode::Sso => "admin-tenants-login-sso",
    }
}

/// The catalogue key of a tenant's two-factor setting.
fn two_factor_key(t: TwoFactor) -> &'static str {
    match t {
        TwoFactor::Disabled => "admin-security-tf-off",
        TwoFactor::Optional => "admin-security-tf-optional",
        TwoFactor::Required => "admin-security-tf-required",
    }
}

/// A tenant in the list, with the keys of its settings' words.
struct TenantRow {
    id: String,
    name: String,
    login_mode: &'static str,
    two_factor: &'static str,
}

#[derive(Template)]
#[template(path = "admin/tenants.html")]
struct TenantsPage {
    t: Tr,
    nav: Nav,
    tenants: Vec<TenantRow>,
    next_href: Option<String>,
    form_id: String,
    form_name: String,
    errors: Errors,
}

pub async fn tenants_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    tenants_page(&s, &at, &p, Errors::default()).await
}

/// `POST /admin/tenants`: a new tenant (platform administrators), then its users page.
pub async fn tenants_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let id = p.get("id").unwrap_or("").trim().to_owned();
    let name = p.get("name").unwrap_or("").trim().to_owned();
    let new = idp_admin::NewTenant::new(id, name, TenantPatch::default());
    match s.admin.create_tenant(&at.caller, &new).await {
        Ok(t) => Ok(see_other(&format!("/admin/t/{}/users?done=tenant", t.id))),
        Err(idp_admin::AdminError::Conflict { .. }) => {
            let errors = Errors::one("id", Msg::new("admin-tenants-exists"));
            tenants_page(&s, &at, &p, errors).await
        }
        Err(e) => tenants_page(&s, &at, &p, Errors::from_admin(at.t, e)?).await,
    }
}

async fn tenants_page(
    s: &AppState,
    at: &super::At,
    p: &idp_oidc::params::Params,
    errors: Errors,
) -> Result<Response, PageError> {
    let paging = Paging {
        limit: Some(100),
        cursor: p.get("cursor").map(str::to_owned),
    };
    let page = s
        .admin
        .tenants(&at.caller, &paging)
        .await
        .map_err(|e| at.fail(e))?;
    let next_href = page
        .next_cursor
        .map(|c| format!("/admin/tenants?cursor={}", enc(&c)));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let tenants = page
        .items
        .iter()
        .map(|t| {
            let v = TenantView::from(&**t);
            TenantRow {
                id: v.id.to_string(),
                name: v.name,
                login_mode: login_mode_key(v.login_mode),
                two_factor: two_factor_key(v.two_factor),
            }
        })
        .collect();
    let page = TenantsPage {
        t: at.t,
        nav: at.nav(s, &at.home, "tenants"),
        tenants,
        next_href,
        form_id: p.get("id").unwrap_or("").to_owned(),
        form_name: p.get("name").unwrap_or("").to_owned(),
        errors,
    };
    Ok(at.page(status, &page))
}

#[derive(Template)]
#[template(path = "admin/security.html")]
struct SecurityPage {
    t: Tr,
    nav: Nav,
    sso: bool,
    two_factor: &'static str,
    two_factor_choices: [(&'static str, &'static str, &'static str); 3],
    methods: Vec<(&'static str, &'static str, bool)>,
    multiple_methods: bool,
    ttls: Vec<(&'static str, &'static str, String, &'static str)>,
    lockout_threshold: String,
    errors: Errors,
}

/// The two-factor choices: (value, label, help), the words as catalogue keys.
const TWO_FACTOR: [(&str, &str, &str); 3] = [
    (
        "disabled",
        "admin-security-tf-off",
        "admin-security-tf-off-help",
    ),
    (
        "optional",
        "admin-security-tf-optional",
        "admin-security-tf-optional-help",
    ),
    (
        "required",
        "admin-security-tf-required",
        "admin-security-tf-required-help",
    ),
];

/// The form's values: what was typed, over what is stored.
struct Values {
    two_factor: &'static str,
    methods: Vec<Method>,
    multiple_methods: bool,
    ttls: [String; 5],
    lockout_threshold: String,
}

/// The durations: (field, label, help), the words as catalogue keys.
const TTLS: [(&str, &str, &str); 5] = [
    (
        "registration_link_ttl",
        "admin-security-registration-ttl",
        "admin-security-registration-ttl-help",
    ),
    (
        "reset_link_ttl",
        "admin-security-reset-ttl",
        "admin-security-reset-ttl-help",
    ),
    (
        "email_code_ttl",
        "admin-security-email-ttl",
        "admin-security-email-ttl-help",
    ),
    (
        "sms_code_ttl",
        "admin-security-sms-ttl",
        "admin-security-sms-ttl-help",
    ),
    (
        "lockout_duration",
        "admin-security-lockout-duration",
        "admin-security-lockout-duration-help",
    ),
];

fn security_page(
    tr: Tr,
    nav: Nav,
    t: &idp_domain::Tenant,
    v: Values,
    errors: Errors,
) -> SecurityPage {
    let labels = [
        (Method::Totp, "admin-security-method-totp"),
        (Method::Sms, "admin-security-method-sms"),
        (Method::Email, "admin-security-method-email"),
    ];
    SecurityPage {
        t: tr,
        nav,
        sso: t.settings.login_mode == LoginMode::Sso,
        two_factor: v.two_factor,
        two_factor_choices: TWO_FACTOR,
        methods: labels
            .iter()
            .map(|(m, l)| (m.as_str(), *l, v.methods.contains(m)))
            .collect(),
        multiple_methods: v.multiple_methods,
        ttls: TTLS
            .iter()
            .zip(v.ttls)
            .map(|((n, l, h), value)| (*n, *l, value, *h))
            .collect(),
        lockout_threshold: v.lockout_threshold,
        errors,
    }
}

pub async fn security_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant_for(&s, &tenant, Action::ChangeSecurity).await?;
    let st = &t.settings;
    let mut nav = at.nav(&s, &t, "security");
    nav.flash = flash(&p);
    let v = Values {
        two_factor: TWO_FACTOR
            .iter()
            .map(|c| c.0)
            .find(|c| *c == st.two_factor.to_string())
            .unwrap_or("optional"),
        methods: st.methods.clone(),
        multiple_methods: st.multiple_methods,
        ttls: [
            st.registration_link_ttl,
            st.reset_link_ttl,
            st.email_code_ttl,
            st.sms_code_ttl,
            st.lockout_duration,
        ]
        .map(|x| x.to_string()),
        lockout_threshold: st.lockout_threshold.to_string(),
    };
    Ok(at.page(
        StatusCode::OK,
        &security_page(at.t, nav, &t, v, Errors::default()),
    ))
}

pub async fn security_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    let (v, patch, mut errors) = security_posted(&p);
    if errors.is_empty() {
        match s.admin.update_tenant(&at.caller, &t.id, &patch).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/admin/t/{}/security?done=security",
                    t.id
                )))
            }
            Err(e) => errors = Errors::from_admin(at.t, e)?,
        }
    }
    let nav = at.nav(&s, &t, "security");
    Ok(at.page(
        StatusCode::UNPROCESSABLE_ENTITY,
        &security_page(at.t, nav, &t, v, errors),
    ))
}

/// The security form as posted: the values to show again, the change they ask for, and
/// what is wrong with them before the admin service is asked.
fn security_posted(p: &idp_oidc::params::Params) -> (Values, TenantPatch, Errors) {
    let two_factor = TWO_FACTOR
        .iter()
        .map(|c| c.0)
        .find(|c| p.get("two_factor") == Some(*c))
        .unwrap_or("optional");
    let v = Values {
        two_factor,
        methods: Method::ALL
            .into_iter()
            .filter(|m| p.get(&format!("method_{m}")) == Some("1"))
            .collect(),
        multiple_methods: p.get("multiple_methods") == Some("1"),
        ttls: TTLS.map(|(n, _, _)| p.get(n).unwrap_or("").trim().to_owned()),
        lockout_threshold: p.get("lockout_threshold").unwrap_or("").trim().to_owned(),
    };
    let mut errors = Errors::default();
    let mut ttl = |i: usize| -> Option<Ttl> {
        // A field the form did not send stays as it is.
        p.get(TTLS[i].0)?;
        match v.ttls[i].parse::<Ttl>() {
            Ok(t) => Some(t),
            Err(e) => {
                // The duration's own words (idp-domain) have no catalogue key yet.
                let m = e.msg;
                errors.0.insert(TTLS[i].0.to_owned(), m);
                None
            }
        }
    };
    let patch = TenantPatch {
        two_factor: two_factor.parse().ok(),
        methods: Some(v.methods.clone()),
        multiple_methods: Some(v.multiple_methods),
        registration_link_ttl: ttl(0),
        reset_link_ttl: ttl(1),
        email_code_ttl: ttl(2),
        sms_code_ttl: ttl(3),
        lockout_duration: ttl(4),
        lockout_threshold: match v.lockout_threshold.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) if v.lockout_threshold.is_empty() => None,
            Err(_) => {
                errors.0.insert(
                    "lockout_threshold".into(),
                    Msg::new("admin-security-threshold-number"),
                );
                None
            }
        },
        ..TenantPatch::default()
    };
    (v, patch, errors)
}

/// An audit event as the page shows it.
struct EventRow {
    at: String,
    event: String,
    username: String,
    actor: String,
    detail: String,
}

impl EventRow {
    /// An audit event as the page shows it: its time in the tenant's zone, who did it.
    fn of(t: Tr, zone: Option<&str>, e: AuditView) -> EventRow {
        EventRow {
            at: t.datetime_seconds(e.at, zone),
            actor: actor_words(t, &e.actor),
            username: e.username.unwrap_or_default(),
            detail: e.detail.unwrap_or_default(),
            event: e.event,
        }
    }
}

/// Who did it, as the page says it.
fn actor_words(t: Tr, a: &Option<String>) -> String {
    match a.as_deref() {
        None => t.t("admin-audit-actor-user"),
        Some("cli") => t.t("admin-audit-actor-cli"),
        Some(a) => match a.split_once(':') {
            Some(("admin", who)) => t.a("admin-audit-actor-admin", "who", who),
            Some(("client", id)) => t.a("admin-audit-actor-client", "client", id),
            _ => a.to_owned(),
        },
    }
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    t: Tr,
    nav: Nav,
    username: &'a str,
    event: &'a str,
    since: &'a str,
    since_error: Option<Msg>,
    events: Vec<EventRow>,
    next_href: Option<String>,
    csv_href: String,
    /// The time zone the times are in (the tenant's).
    zone: &'a str,
}

/// The filters of the audit page from its query.
fn audit_filter(p: &idp_oidc::params::Params) -> Result<AuditFilter, Msg> {
    let since = match p.get("since").map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(
            time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
                .map_err(|_| Msg::new("admin-audit-since-invalid"))?
                .unix_timestamp(),
        ),
    };
    let text = |k| {
        p.get(k)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    Ok(AuditFilter {
        username: text("username"),
        event: text("type"),
        since,
    })
}

pub async fn audit_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant(&s, &tenant).await?;
    let (username, event, since) = (
        p.get("username").unwrap_or(""),
        p.get("type").unwrap_or(""),
        p.get("since").unwrap_or(""),
    );
    let query = format!(
        "username={}&type={}&since={}",
        enc(username),
        enc(event),
        enc(since)
    );
    let (filter, since_error) = match audit_filter(&p) {
        Ok(f) => (f, None),
        Err(e) => (AuditFilter::default(), Some(e)),
    };
    let paging = Paging {
        limit: Some(100),
        cursor: p.get("cursor").map(str::to_owned),
    };
    let page = s
        .admin
        .audit(&at.caller, &t.id, &filter, &paging)
        .await
        .map_err(|e| at.fail(e))?;
    let next_href = page
        .next_cursor
        .map(|c| format!("/admin/t/{}/audit?{query}&cursor={}", t.id, enc(&c)));
    let zone = t.settings.time_zone.as_deref();
    let events = page
        .items
        .into_iter()
        .map(|e| EventRow::of(at.t, zone, e))
        .collect();
    let mut nav = at.nav(&s, &t, "audit");
    nav.here = format!("/admin/t/{}/audit?{query}", t.id);
    let page = AuditPage {
        t: at.t,
        nav,
        csv_href: format!("/admin/t/{}/audit.csv?{query}", t.id),
        zone: t.settings.time_zone.as_deref().unwrap_or("UTC"),
        username,
        event,
        since,
        since_error,
        events,
        next_href,
    };
    Ok(at.page(StatusCode::OK, &page))
}

/// One CSV field, quoted when needed (RFC 4180), and never read as a formula by a
/// spreadsheet (a leading `=`, `+`, `-` or `@` gets a `'`).
fn field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// The filtered log as CSV, newest first, at most 10,000 events.
pub async fn audit_csv_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant(&s, &tenant).await?;
    let filter = audit_filter(&p).map_err(|e| PageError::msg(422, e))?;
    let mut out = String::from("time_utc,type,username,actor,detail,client_ip\r\n");
    let mut paging = Paging {
        limit: Some(500),
        cursor: None,
    };
    for _ in 0..20 {
        let page = s
            .admin
            .audit(&at.caller, &t.id, &filter, &paging)
            .await
            .map_err(|e| at.fail(e))?;
        for e in &page.items {
            let row: [String; 6] = row(e);
            out.push_str(&row.map(|v| field(&v)).join(","));
            out.push_str("\r\n");
        }
        match page.next_cursor {
            Some(c) => paging.cursor = Some(c),
            None => break,
        }
    }
    Ok(super::csv(&format!("audit-{}.csv", t.id), out))
}

/// A time in the CSV export: UTC, to the second, as machines sort it.
fn utc(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

fn row(e: &AuditView) -> [String; 6] {
    [
        utc(e.at),
        e.event.clone(),
        e.username.clone().unwrap_or_default(),
        e.actor.clone().unwrap_or_default(),
        e.detail.clone().unwrap_or_default(),
        e.client_ip.clone().unwrap_or_default(),
    ]
}

/// The pages of this module with sample values, for the language tests.
#[cfg(test)]
pub(super) mod samples {
    use super::*;

    pub fn pages(t: Tr, nav: &dyn Fn(&'static str) -> Nav) -> Vec<String> {
        let tenant = idp_domain::Tenant {
            id: idp_domain::TenantId::parse("acme").unwrap_or_else(|e| panic!("{e:?}")),
            name: "Acme".into(),
            settings: idp_domain::TenantSettings::default(),
            created_at: 0,
            updated_at: 0,
        };
        let values = Values {
            two_factor: "optional",
            methods: vec![Method::Totp],
            multiple_methods: true,
            ttls: ["24h", "24h", "90s", "5m", "5m"].map(str::to_owned),
            lockout_threshold: "x".into(),
        };
        let errors = Errors::one(
            "lockout_threshold",
            Msg::new("admin-security-threshold-number"),
        );
        let mut security_nav = nav("security");
        security_nav.flash = Some(Msg::new("admin-flash-security"));
        vec![
            TenantsPage {
                t,
                nav: nav("tenants"),
                tenants: vec![TenantRow {
                    id: "acme".into(),
                    name: "Acme".into(),
                    login_mode: login_mode_key(LoginMode::Password),
                    two_factor: two_factor_key(TwoFactor::Required),
                }],
                next_href: None,
                form_id: "globex".into(),
                form_name: String::new(),
                errors: Errors::one("id", Msg::new("admin-tenants-exists")),
            }
            .render(),
            security_page(t, security_nav, &tenant, values, errors).render(),
            AuditPage {
                t,
                nav: nav("audit"),
                username: "alice",
                event: "",
                since: "soon",
                since_error: Some(Msg::new("admin-audit-since-invalid")),
                events: vec![EventRow {
                    at: t.datetime_seconds(0, Some("Europe/Berlin")),
                    event: "user.reset".into(),
                    username: "alice".into(),
                    actor: actor_words(t, &Some("admin:acme/tina".into())),
                    detail: String::new(),
                }],
                next_href: Some("/older".into()),
                csv_href: "/audit.csv".into(),
                zone: "Europe/Berlin",
            }
            .render(),
        ]
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
    }
}
