//! The admin console (`/admin`): server-rendered pages that work without JavaScript, CSRF on
//! every form. It is a relying application of this IdP (the built-in client `idp-admin`), so
//! administrators sign in, second factor included, as the tenant's policy says. A console
//! session ends after 30 minutes idle. Every action is one call into the admin service, which
//! decides permission; these handlers extract, call, and render.
//!
//! Every word on its pages comes from the catalogues (`admin-…` keys), in the language the
//! administrator chose with the switch at the foot of each page, else the browser's.

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
use idp_i18n::{Msg, Tr};
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

/// The administrator at the console, the language of their pages, and this browser's CSRF
/// binding.
pub struct At {
    pub caller: Caller,
    pub user: User,
    pub home: Arc<Tenant>,
    pub t: Tr,
    csrf: String,
    set_cookie: Option<HeaderValue>,
}

/// Either the administrator, or the answer that sends the browser to sign in (made once per
/// request and unwrapped at once: its size does not matter).
#[allow(clippy::large_enum_variant)]
pub enum Entry {
    In(At),
    Out(Response),
}

/// Who is at the console. No session: sign in (recently: `max_age`); idle for 30 minutes: sign
/// in again; no administration role: a 403 page.
pub async fn enter(s: &AppState, headers: &HeaderMap) -> Result<Entry, PageError> {
    let t = language(s, headers);
    let fresh = format!("&max_age={CONSOLE_IDLE}");
    let Some(session) = current_session(s, headers).await? else {
        return Ok(Entry::Out(CONSOLE.sign_in(s, &fresh)?));
    };
    match s
        .admin
        .console(&session)
        .await
        .map_err(|e| admin_page(t, e))?
    {
        Console::Ready {
            caller,
            user,
            tenant,
        } => {
            let (browser, set_cookie) = browser_id(s, headers)?;
            // Signed in: the administrator's stored choice and the tenant's default count too.
            let t =
                crate::routes::language::for_user(s, headers, Default::default(), (&user, &tenant));
            Ok(Entry::In(At {
                caller,
                user,
                home: tenant,
                t,
                csrf: s.provider.secrets.csrf_token(&browser),
                set_cookie,
            }))
        }
        Console::SignIn => Ok(Entry::Out(
            CONSOLE.sign_in(s, &format!("{fresh}&prompt=login"))?,
        )),
        Console::NotAdmin => Err(PageError::msg(403, Msg::new("admin-error-no-role"))),
    }
}

/// The language of the console's pages: the switch's choice, else the browser's, else English.
pub fn language(s: &AppState, headers: &HeaderMap) -> Tr {
    crate::routes::language::tr(s, headers, Default::default())
}

/// A form that came without this browser's CSRF token (or with an old one).
pub fn form_expired() -> PageError {
    PageError::msg(403, Msg::new("admin-error-form-expired"))
}

/// Like [`enter`], for a form post: the CSRF token must be this browser's.
pub async fn enter_post(
    s: &AppState,
    headers: &HeaderMap,
    p: &idp_oidc::params::Params,
) -> Result<Entry, PageError> {
    let e = enter(s, headers).await?;
    if matches!(e, Entry::In(_)) && !csrf_ok(s, headers, p) {
        return Err(form_expired());
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
    /// The catalogue key of the administrator's role.
    pub role: &'static str,
    pub csrf: String,
    /// Where the language switch comes back to: this page, as a GET.
    pub here: String,
    pub flash: Option<Msg>,
    pub error: Option<Msg>,
}

/// The catalogue key of a role's name.
pub fn role_key(r: Role) -> &'static str {
    match r {
        Role::User => "admin-role-user",
        Role::UserAdmin => "admin-role-user-admin",
        Role::TenantAdmin => "admin-role-tenant-admin",
        Role::PlatformAdmin => "admin-role-platform-admin",
    }
}

/// The roles `caller` may give, as (value, catalogue key of its name).
pub fn role_choices(caller: Role) -> Vec<(&'static str, &'static str)> {
    idp_admin::permissions::roles_within(caller)
        .into_iter()
        .map(|r| (r.as_str(), role_key(r)))
        .collect()
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
            role: role_key(self.caller.role),
            csrf: self.csrf.clone(),
            here: match section {
                "tenants" | "clients" => format!("/admin/{section}"),
                _ => format!("/admin/t/{}/{section}", tenant.id),
            },
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
            .map_err(|e| self.fail(e))?;
        Ok(t)
    }

    /// The tenant of the path, as the caller may see it (else the 404 of a missing one).
    pub async fn tenant(&self, s: &AppState, id: &str) -> Result<Arc<Tenant>, PageError> {
        let id = TenantId::parse(id).map_err(|_| not_found())?;
        s.admin
            .tenant(&self.caller, &id)
            .await
            .map_err(|e| self.fail(e))
    }

    /// An admin error as a page in the administrator's language.
    pub fn fail(&self, e: AdminError) -> PageError {
        admin_page(self.t, e)
    }
}

fn not_found() -> PageError {
    PageError::msg(404, Msg::new("admin-error-not-found"))
}

/// An admin error as a page: the same 404 for what is missing and what is not the caller's.
/// `t` renders the reason of a refusal inside the page's own sentence.
pub fn admin_page(t: Tr, e: AdminError) -> PageError {
    match e {
        AdminError::NotFound { .. } => not_found(),
        AdminError::Forbidden { reason } => PageError::msg(
            403,
            Msg::new("admin-error-forbidden").with("reason", t.msg(&reason)),
        ),
        AdminError::Invalid { reason, .. } | AdminError::Refused { reason, .. } => {
            PageError::msg(422, reason)
        }
        AdminError::TooMany(why) => PageError::msg(429, why),
        AdminError::Conflict { what } => {
            PageError::msg(409, Msg::new("admin-error-conflict").with("what", what))
        }
        other => PageError::internal("admin console", &other),
    }
}

/// Field errors of a form, by field name.
#[derive(Default)]
pub struct Errors(BTreeMap<String, Msg>);

impl Errors {
    /// One field's error.
    pub fn one(field: &str, m: Msg) -> Errors {
        Errors(BTreeMap::from([(field.to_owned(), m)]))
    }
    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.get(field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// A field's error from the admin service, or the error itself when it is not a field's.
    pub fn from_admin(t: Tr, e: AdminError) -> Result<Errors, PageError> {
        match e {
            AdminError::Invalid { field, reason } | AdminError::Refused { field, reason } => {
                Ok(Errors(BTreeMap::from([(field, reason)])))
            }
            other => Err(admin_page(t, other)),
        }
    }

    /// [`Errors::from_admin`] for a form with these `fields`: an error of any other field is
    /// also shown as `other`, so that it is never lost.
    pub fn from_admin_on(t: Tr, e: AdminError, fields: &[&str]) -> Result<Errors, PageError> {
        let mut errors = Errors::from_admin(t, e)?;
        let stray = errors.0.iter().find(|(k, _)| !fields.contains(&k.as_str()));
        if let Some(v) = stray.map(|(_, v)| v.clone()) {
            errors.0.insert("other".into(), v);
        }
        Ok(errors)
    }
}

/// The flash message after an action, from the fixed words of `?done=` (and a count).
pub fn flash(p: &idp_oidc::params::Params) -> Option<Msg> {
    let n: u64 = p.get("n").and_then(|n| n.parse().ok()).unwrap_or(0);
    let key = match p.get("done")? {
        "confirmations" => return Some(Msg::new("admin-flash-confirmations").with("n", n)),
        "unlock" => return Some(Msg::new("admin-flash-unlock").with("n", n)),
        "invited" => "admin-flash-invited",
        "created" => "admin-flash-created",
        "saved" => "admin-flash-saved",
        "reset" => "admin-flash-reset",
        "invitation" => "admin-flash-invitation",
        "confirmation" => "admin-flash-confirmation",
        "disable" => "admin-flash-disable",
        "enable" => "admin-flash-enable",
        "delete" => "admin-flash-delete",
        "security" => "admin-flash-security",
        "tenant" => "admin-flash-tenant",
        "sso_off" => "admin-flash-sso-off",
        "branding" => "admin-flash-branding",
        "client_disable" => "admin-flash-client-disable",
        "client_enable" => "admin-flash-client-enable",
        "sso" => "admin-flash-sso",
        _ => return None,
    };
    Some(Msg::new(key))
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
    let t = language(&s, &headers);
    let (clear, _) = CONSOLE.redeem(&s, &headers, &p).await?;
    let Some(session) = current_session(&s, &headers).await? else {
        return Err(PageError::msg(400, Msg::new("admin-error-no-session")));
    };
    s.admin
        .console_begin(&session)
        .await
        .map_err(|e| admin_page(t, e))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use idp_i18n::Lang;

    fn nav(section: &'static str) -> Nav {
        Nav {
            tenant: "acme".into(),
            tenant_name: "Acme".into(),
            section,
            security: true,
            branding: true,
            sso: true,
            platform: true,
            me: "tina".into(),
            role: role_key(Role::TenantAdmin),
            csrf: "c".into(),
            here: format!("/admin/t/acme/{section}"),
            flash: None,
            error: Some(Msg::new("admin-error-no-action")),
        }
    }

    fn pages(t: Tr) -> Vec<String> {
        let mut all = Vec::new();
        all.extend(users::samples::pages(t, &nav));
        all.extend(tenant::samples::pages(t, &nav));
        all.extend(clients::samples::pages(t, &nav));
        all.extend(branding::samples::pages(t, &nav));
        all.extend(sso::samples::pages(t, &nav));
        all.extend(sso_test::samples::pages(t));
        all
    }

    /// The console's catalogue keys: one showing on a page is one the catalogue lacks.
    fn keys() -> Vec<&'static str> {
        let (_, en) = idp_i18n::CATALOGUES
            .iter()
            .find(|(tag, _)| *tag == "en")
            .unwrap_or_else(|| panic!("no English catalogue"));
        en.lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .filter(|k| k.starts_with("admin-"))
            .collect()
    }

    /// Every console page in both languages: its `<html lang>`, the language switch, no
    /// catalogue key shown as itself, and no word of the other language.
    #[test]
    fn the_console_renders_in_every_language() {
        let de = Tr::new(Lang::parse("de").unwrap_or_else(|| panic!("no German")));
        let keys = keys();
        assert!(keys.len() > 100, "{}", keys.len());
        for t in [Tr::default(), de] {
            let pages = pages(t);
            assert!(pages.len() >= 15, "{}", pages.len());
            let (theirs, ours) = if t == de {
                (
                    [
                        "Users",
                        "Sign out",
                        "Save",
                        "Cancel",
                        "Skip to content",
                        "Security",
                        "Audit log",
                        "Invite a user",
                        "Certificates",
                        "What to check",
                        "The identity provider",
                        "Reset the account",
                        "There is no such action",
                    ],
                    "Benutzer",
                )
            } else {
                (
                    [
                        "Benutzer",
                        "Abmelden",
                        "Speichern",
                        "Abbrechen",
                        "Sicherheit",
                        "Audit-Protokoll",
                        "Sie ",
                        "Zertifikat",
                        "Firmen-ID",
                        "Einladung",
                        "Passwort",
                        "Anwendung",
                        "Diese Aktion",
                    ],
                    "Users",
                )
            };
            for html in &pages {
                assert!(
                    html.contains(&format!("<html lang=\"{}\">", t.tag())),
                    "{html}"
                );
                for k in &keys {
                    assert!(!html.contains(k), "{k} shown as itself: {html}");
                }
                for w in theirs {
                    assert!(!html.contains(w), "{w} on a {} page: {html}", t.tag());
                }
            }
            // The layout: navigation in this language, and the switch back to this page.
            let list = &pages[0];
            assert!(list.contains(ours), "{list}");
            assert!(
                list.contains(r#"action="/language""#)
                    && list.contains(r#"name="return" value="/admin/t/acme/users""#),
                "{list}"
            );
        }
    }

    /// The words of the console's flash messages, with their counts.
    #[test]
    fn flash_messages_count() {
        let p = |q: &str| idp_oidc::params::Params::parse(q).unwrap_or_else(|e| panic!("{e:?}"));
        let en = Tr::default();
        let m = flash(&p("done=confirmations&n=1")).unwrap_or_else(|| panic!());
        assert_eq!(en.msg(&m), "Sent 1 confirmation mail.");
        let m = flash(&p("done=confirmations&n=3")).unwrap_or_else(|| panic!());
        assert_eq!(en.msg(&m), "Sent 3 confirmation mails.");
        let de = Tr::new(Lang::parse("de").unwrap_or(Lang::ENGLISH));
        assert_eq!(de.msg(&m), "3 Bestätigungs-E-Mails gesendet.");
        assert!(flash(&p("done=nonsense")).is_none());
    }
}
