//! The admin console (`/admin`): server-rendered pages that work without JavaScript, CSRF on
//! every form. It is a relying application of this IdP (the built-in client `idp-admin`), so
//! administrators sign in, second factor included, as the tenant's policy says. A console
//! session ends after 30 minutes idle. Every action is one call into the admin service, which
//! decides permission; these handlers extract, call, and render.

mod branding;
mod clients;
mod sso;
pub(crate) mod sso_test;
mod tenant;
mod users;

use crate::extract::PageParams;
use crate::respond::PageError;
use crate::routes::builtin::CONSOLE;
use crate::routes::{browser_id, csrf_ok, current_session, see_other, with_cookies};
use crate::{pages, AppState};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use idp_admin::console::{Console, CONSOLE_IDLE};
use idp_admin::{Action, AdminError, Caller};
use idp_domain::{Role, Tenant, TenantId, User};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::routes::builtin::CONSOLE as BUILTIN;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home_get))
        .route("/admin/callback", get(callback_get))
        .route(
            "/admin/tenants",
            get(tenant::tenants_get).post(tenant::tenants_post),
        )
        .route(
            "/admin/clients",
            get(clients::clients_get).post(clients::clients_post),
        )
        .route(
            "/admin/clients/{client_id}",
            get(clients::client_get).post(clients::client_post),
        )
        .route(
            "/admin/clients/{client_id}/{action}",
            get(clients::client_action_get).post(clients::client_action_post),
        )
        .route(
            "/admin/t/{tenant}/users",
            get(users::list_get).post(users::create_post),
        )
        .route("/admin/t/{tenant}/users/new", get(users::new_get))
        .route(
            "/admin/t/{tenant}/confirmations",
            post(users::confirmations_post),
        )
        .route(
            "/admin/t/{tenant}/users/{username}",
            get(users::user_get).post(users::user_post),
        )
        .route(
            "/admin/t/{tenant}/users/{username}/{action}",
            get(users::action_get).post(users::action_post),
        )
        .route(
            "/admin/t/{tenant}/security",
            get(tenant::security_get).post(tenant::security_post),
        )
        .route("/admin/t/{tenant}/audit", get(tenant::audit_get))
        .route(
            "/admin/t/{tenant}/sso",
            get(sso::sso_get).post(sso::sso_post),
        )
        .route("/admin/t/{tenant}/sso/test", post(sso_test::sso_test_post))
        .route(
            "/admin/t/{tenant}/sso/off",
            get(sso::sso_off_get).post(sso::sso_off_post),
        )
        .route(
            "/admin/t/{tenant}/branding",
            get(branding::branding_get).post(branding::branding_post),
        )
        .route("/admin/t/{tenant}/audit.csv", get(tenant::audit_csv_get))
}

/// The administrator at the console, and this browser's CSRF binding.
pub struct At {
    pub caller: Caller,
    pub user: User,
    pub home: Arc<Tenant>,
    csrf: String,
    set_cookie: Option<HeaderValue>,
}

/// Either the administrator, or the answer that sends the browser to sign in.
pub enum Entry {
    In(At),
    Out(Response),
}

/// Who is at the console. No session: sign in (recently: `max_age`); idle for 30 minutes: sign
/// in again; no administration role: a 403 page.
pub async fn enter(s: &AppState, headers: &HeaderMap) -> Result<Entry, PageError> {
    let fresh = format!("&max_age={CONSOLE_IDLE}");
    let Some(session) = current_session(s, headers).await? else {
        return Ok(Entry::Out(CONSOLE.sign_in(s, &fresh)?));
    };
    match s.admin.console(&session).await.map_err(admin_page)? {
        Console::Ready {
            caller,
            user,
            tenant,
        } => {
            let (browser, set_cookie) = browser_id(s, headers)?;
            Ok(Entry::In(At {
                caller,
                user,
                home: tenant,
                csrf: s.provider.secrets.csrf_token(&browser),
                set_cookie,
            }))
        }
        Console::SignIn => Ok(Entry::Out(
            CONSOLE.sign_in(s, &format!("{fresh}&prompt=login"))?,
        )),
        Console::NotAdmin => Err(PageError::new(
            403,
            "Your account has no administration role. Ask your company's administrator if you need one.",
        )),
    }
}

/// Like [`enter`], for a form post: the CSRF token must be this browser's.
pub async fn enter_post(
    s: &AppState,
    headers: &HeaderMap,
    p: &idp_oidc::params::Params,
) -> Result<Entry, PageError> {
    let e = enter(s, headers).await?;
    if matches!(e, Entry::In(_)) && !csrf_ok(s, headers, p) {
        return Err(PageError::new(
            403,
            "This form has expired. Go back, reload the page and try again.",
        ));
    }
    Ok(e)
}

/// Unwraps an [`Entry`], returning the sign-in redirect from the handler.
macro_rules! at {
    ($e:expr) => {
        match $e {
            $crate::console::Entry::In(at) => at,
            $crate::console::Entry::Out(r) => return Ok(r),
        }
    };
}
pub(crate) use at;

/// What every console page shows around its content.
pub struct Nav {
    pub tenant: String,
    pub tenant_name: String,
    pub section: &'static str,
    pub security: bool,
    pub branding: bool,
    pub sso: bool,
    pub platform: bool,
    pub me: String,
    pub role: &'static str,
    pub csrf: String,
    pub flash: Option<String>,
    pub error: Option<String>,
}

impl At {
    /// The navigation for a page about `tenant`.
    pub fn nav(&self, s: &AppState, tenant: &Tenant, section: &'static str) -> Nav {
        let may = |a| s.admin.check(&self.caller, a, Some(&tenant.id)).is_ok();
        Nav {
            tenant: tenant.id.to_string(),
            tenant_name: tenant.name.clone(),
            section,
            security: may(Action::ChangeSecurity),
            branding: may(Action::ChangeProfile),
            sso: may(Action::ReadSso),
            platform: self.caller.role == Role::PlatformAdmin,
            me: self.user.username.clone(),
            role: self.caller.role.as_str(),
            csrf: self.csrf.clone(),
            flash: None,
            error: None,
        }
    }

    /// The page, with this browser's cookie when it was new.
    pub fn page<T: Template>(&self, status: StatusCode, t: &T) -> Response {
        with_cookies(pages::render(status, t), self.set_cookie.clone())
    }

    /// The tenant of the path, for a page of `action`: the 404 of a missing one when the
    /// caller may not see it, a 403 page when it may see it but not do this there.
    pub async fn tenant_for(
        &self,
        s: &AppState,
        id: &str,
        action: Action,
    ) -> Result<Arc<Tenant>, PageError> {
        let t = self.tenant(s, id).await?;
        s.admin
            .check(&self.caller, action, Some(&t.id))
            .map_err(admin_page)?;
        Ok(t)
    }

    /// The tenant of the path, as the caller may see it (else the 404 of a missing one).
    pub async fn tenant(&self, s: &AppState, id: &str) -> Result<Arc<Tenant>, PageError> {
        let id = TenantId::parse(id).map_err(|_| not_found())?;
        s.admin.tenant(&self.caller, &id).await.map_err(admin_page)
    }
}

fn not_found() -> PageError {
    PageError::new(404, "There is nothing here, or it is not yours to see.")
}

/// An admin error as a page: the same 404 for what is missing and what is not the caller's.
pub fn admin_page(e: AdminError) -> PageError {
    match e {
        AdminError::NotFound { .. } => not_found(),
        AdminError::Forbidden { reason } => {
            PageError::new(403, format!("You may not do this: {reason}."))
        }
        AdminError::Invalid { reason, .. } | AdminError::Refused { reason, .. } => {
            PageError::new(422, reason)
        }
        AdminError::TooMany(why) => PageError::new(429, why),
        AdminError::Conflict { what } => PageError::new(409, format!("{what} already exists.")),
        other => PageError::internal("admin console", &other),
    }
}

/// Field errors of a form, by field name.
#[derive(Default)]
pub struct Errors(BTreeMap<String, String>);

impl Errors {
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// A field's error from the admin service, or the error itself when it is not a field's.
    pub fn from_admin(e: AdminError) -> Result<Errors, PageError> {
        match e {
            AdminError::Invalid { field, reason } | AdminError::Refused { field, reason } => {
                Ok(Errors(BTreeMap::from([(field, reason.into())])))
            }
            other => Err(admin_page(other)),
        }
    }

    /// [`Errors::from_admin`] for a form with these `fields`: an error of any other field is
    /// also shown as `other`, so that it is never lost.
    pub fn from_admin_on(e: AdminError, fields: &[&str]) -> Result<Errors, PageError> {
        let mut errors = Errors::from_admin(e)?;
        let stray = errors.0.iter().find(|(k, _)| !fields.contains(&k.as_str()));
        if let Some(v) = stray.map(|(_, v)| v.clone()) {
            errors.0.insert("other".into(), v);
        }
        Ok(errors)
    }
}

/// The flash message after an action, from the fixed words of `?done=` (and a count).
pub fn flash(p: &idp_oidc::params::Params) -> Option<String> {
    let n: usize = p.get("n").and_then(|n| n.parse().ok()).unwrap_or(0);
    let mails = |n: usize| if n == 1 { "mail" } else { "mails" };
    Some(match p.get("done")? {
        "confirmations" => format!("Sent {n} confirmation {}.", mails(n)),
        "invited" => "The user was created and the registration mail sent.".into(),
        "created" => "The user was created.".into(),
        "saved" => "Saved.".into(),
        "reset" => "The account was reset: password and second factors cleared, a new registration mail sent.".into(),
        "invitation" => "A new registration mail was sent; earlier links no longer work.".into(),
        "confirmation" => "The confirmation mail was sent.".into(),
        "unlock" => format!("The account is unlocked ({n} counters cleared)."),
        "disable" => "The account is disabled; its sessions and tokens have ended.".into(),
        "enable" => "The account is enabled again.".into(),
        "delete" => "The user was deleted.".into(),
        "security" => "The security settings were saved.".into(),
        "tenant" => "The tenant was created. Invite its first administrator here.".into(),
        "sso_off" => "The company signs in with passwords again; its two-factor settings are back as they were.".into(),
        "branding" => "The branding was saved; the sign-in pages and mails show it now.".into(),
        "client_disable" => "The application is disabled: no sign-in, no tokens, its access tokens refused.".into(),
        "client_enable" => "The application is enabled again.".into(),
        "sso" => "The SSO connection is saved; the company now signs in through its identity provider.".into(),
        _ => return None,
    })
}

fn enc(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// `GET /admin`: a platform administrator's list of tenants, else the own tenant's users.
async fn home_get(State(s): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    if at.caller.role == Role::PlatformAdmin {
        return Ok(see_other("/admin/tenants"));
    }
    Ok(see_other(&format!("/admin/t/{}/users", at.home.id)))
}

/// `GET /admin/callback`: the console's own sign-in completed; its idle clock starts.
async fn callback_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    p: PageParams,
) -> Result<Response, PageError> {
    let (clear, _) = CONSOLE.redeem(&s, &headers, &p).await?;
    let Some(session) = current_session(&s, &headers).await? else {
        return Err(PageError::new(
            400,
            "The sign-in did not leave a session. Open /admin again.",
        ));
    };
    s.admin.console_begin(&session).await.map_err(admin_page)?;
    Ok(with_cookies(see_other("/admin"), [clear]))
}

/// A CSV download.
pub fn csv(name: &str, body: String) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    r
}
