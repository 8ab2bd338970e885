//! Administration → Users: the list with search, filters and paging; invite; one user's
//! details, edit and actions (destructive ones after a confirmation step); "Resend e-mail
//! confirmations" to every unconfirmed user the administrator may see.

use super::{at, enc, enter, enter_post, flash, role_choices, role_key, At, Errors, Nav};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::{Action, AdminError, NewUser, Paging, UserPatch, UserView};
use idp_domain::{LoginMode, Role, Tenant};
use idp_i18n::{Msg, Tr};

/// The list's filters: (value, catalogue key of its words).
const STATUSES: [(&str, &str); 8] = [
    ("", "admin-users-status-all"),
    ("invited", "admin-users-status-invited"),
    (
        "invitation_expired",
        "admin-users-status-invitation-expired",
    ),
    ("unconfirmed", "admin-users-status-unconfirmed"),
    ("two_factor_on", "admin-users-status-two-factor-on"),
    ("two_factor_off", "admin-users-status-two-factor-off"),
    ("locked", "admin-users-status-locked"),
    ("disabled", "admin-users-status-disabled"),
];

/// A user's state in short words: catalogue keys.
fn badges(u: &UserView) -> Vec<&'static str> {
    let mut b = Vec::new();
    match u.registration {
        "invited" => b.push("admin-badge-invited"),
        "invitation_expired" => b.push("admin-badge-invitation-expired"),
        _ => {}
    }
    b.push(if u.two_factor {
        "admin-badge-two-factor-on"
    } else {
        "admin-badge-two-factor-off"
    });
    if u.locked_until.is_some() {
        b.push("admin-badge-locked");
    }
    if u.disabled {
        b.push("admin-badge-disabled");
    }
    b
}

/// A user in the list: the user, its badges, and the key of its role's name.
type UserRow = (UserView, Vec<&'static str>, &'static str);

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage<'a> {
    t: Tr,
    nav: Nav,
    q: &'a str,
    status: &'a str,
    statuses: &'a [(&'a str, &'a str)],
    users: Vec<UserRow>,
    next_href: Option<String>,
}

/// The fields of the invite and edit forms, as typed.
#[derive(Default)]
struct UserForm {
    username: String,
    email: String,
    display_name: String,
    role: String,
    errors: FormErrors,
}

/// Field errors by the names the templates use.
#[derive(Default)]
struct FormErrors {
    username: Option<Msg>,
    email: Option<Msg>,
    display_name: Option<Msg>,
    role: Option<Msg>,
}

impl From<Errors> for FormErrors {
    fn from(e: Errors) -> Self {
        let get = |f: &str| e.get(f).cloned();
        let other =
            e.0.iter()
                .find(|(k, _)| !matches!(k.as_str(), "email" | "display_name" | "role"));
        FormErrors {
            username: get("username").or_else(|| other.map(|(_, v)| v.clone())),
            email: get("email"),
            display_name: get("display_name"),
            role: get("role"),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/invite.html")]
struct InvitePage {
    t: Tr,
    nav: Nav,
    form: UserForm,
    /// (value, catalogue key of its name).
    roles: Vec<(&'static str, &'static str)>,
    sso: bool,
}

/// One action offered on a user's page; `label` and `help` are catalogue keys.
struct ActionView {
    name: &'static str,
    label: &'static str,
    help: &'static str,
    confirm: bool,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    t: Tr,
    nav: Nav,
    u: UserView,
    badges: Vec<&'static str>,
    form: UserForm,
    roles: Vec<(&'static str, &'static str)>,
    actions: Vec<ActionView>,
}

/// The confirmation step of a destructive action; the words are catalogue keys.
#[derive(Template)]
#[template(path = "admin/confirm.html")]
struct ConfirmPage {
    t: Tr,
    nav: Nav,
    username: String,
    action: &'static str,
    title: &'static str,
    explanation: &'static str,
    button: &'static str,
}

fn role_names(caller_role: Role) -> Vec<(&'static str, &'static str)> {
    role_choices(caller_role)
}

pub async fn list_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant(&s, &tenant).await?;
    let (q, status) = (p.get("q").unwrap_or(""), p.get("status").unwrap_or(""));
    let paging = Paging {
        limit: Some(50),
        cursor: p.get("cursor").map(str::to_owned),
    };
    let page = s
        .admin
        .users(
            &at.caller,
            &t.id,
            Some(q),
            Some(status).filter(|v| !v.is_empty()),
            &paging,
        )
        .await
        .map_err(|e| at.fail(e))?;
    let here = format!(
        "/admin/t/{}/users?q={}&status={}",
        t.id,
        enc(q),
        enc(status)
    );
    let next_href = page
        .next_cursor
        .map(|c| format!("{here}&cursor={}", enc(&c)));
    let mut nav = at.nav(&s, &t, "users");
    nav.flash = flash(&p);
    nav.here = here;
    let users = page
        .items
        .into_iter()
        .map(|u| {
            let (b, r) = (badges(&u), role_key(u.role));
            (u, b, r)
        })
        .collect();
    Ok(at.page(
        StatusCode::OK,
        &UsersPage {
            t: at.t,
            nav,
            q,
            status,
            statuses: &STATUSES,
            users,
            next_href,
        },
    ))
}

pub async fn new_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant_for(&s, &tenant, Action::CreateUser).await?;
    let form = UserForm {
        role: "user".into(),
        ..UserForm::default()
    };
    Ok(at.page(StatusCode::OK, &InvitePage::new(&s, &at, &t, form)))
}

impl InvitePage {
    fn new(s: &AppState, at: &At, t: &Tenant, form: UserForm) -> InvitePage {
        let mut nav = at.nav(s, t, "users");
        nav.here = format!("/admin/t/{}/users/new", t.id);
        InvitePage {
            t: at.t,
            nav,
            form,
            roles: role_names(at.caller.role),
            sso: t.settings.login_mode == LoginMode::Sso,
        }
    }
}

/// An optional text field: empty is absent.
fn text(p: &idp_oidc::params::Params, name: &str) -> Option<String> {
    p.get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn role(t: Tr, p: &idp_oidc::params::Params) -> Result<Option<Role>, Errors> {
    p.get("role")
        .map(|r| r.parse::<Role>())
        .transpose()
        .map_err(|e| Errors::from_admin(t, AdminError::from(e)).unwrap_or_default())
}

pub async fn create_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    let mut form = UserForm {
        username: p.get("username").unwrap_or("").trim().to_owned(),
        email: p.get("email").unwrap_or("").trim().to_owned(),
        display_name: p.get("display_name").unwrap_or("").to_owned(),
        role: p.get("role").unwrap_or("user").to_owned(),
        errors: FormErrors::default(),
    };
    let result = match role(at.t, &p) {
        Err(e) => Err(e),
        Ok(role) => {
            let new = NewUser {
                username: form.username.clone(),
                email: form.email.clone(),
                display_name: text(&p, "display_name"),
                role,
            };
            match s.admin.create_user(&at.caller, &t.id, &new).await {
                Ok(u) => Ok(u),
                Err(AdminError::Conflict { .. }) => {
                    Err(Errors::one("username", Msg::new("admin-invite-exists")))
                }
                Err(e) => Err(Errors::from_admin(at.t, e)?),
            }
        }
    };
    match result {
        Ok(u) => {
            let done = if t.settings.login_mode == LoginMode::Sso {
                "created"
            } else {
                "invited"
            };
            Ok(see_other(&format!(
                "/admin/t/{}/users/{}?done={done}",
                t.id,
                enc(&u.username)
            )))
        }
        Err(errors) => {
            form.errors = errors.into();
            let page = InvitePage::new(&s, &at, &t, form);
            Ok(at.page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

pub async fn confirmations_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    let sent = s
        .admin
        .send_confirmations(&at.caller, &t.id)
        .await
        .map_err(|e| at.fail(e))?;
    Ok(see_other(&format!(
        "/admin/t/{}/users?done=confirmations&n={sent}",
        t.id
    )))
}

/// Every action a user's page may offer, in the order shown: (name, label, help, asks first),
/// the words as catalogue keys.
const ACTIONS: [(&str, &str, &str, bool); 7] = [
    (
        "invitation",
        "admin-action-invitation",
        "admin-action-invitation-help",
        false,
    ),
    (
        "confirmation",
        "admin-action-confirmation",
        "admin-action-confirmation-help",
        false,
    ),
    (
        "unlock",
        "admin-action-unlock",
        "admin-action-unlock-help",
        false,
    ),
    (
        "reset",
        "admin-action-reset",
        "admin-action-reset-help",
        true,
    ),
    (
        "disable",
        "admin-action-disable",
        "admin-action-disable-help",
        true,
    ),
    (
        "enable",
        "admin-action-enable",
        "admin-action-enable-help",
        false,
    ),
    (
        "delete",
        "admin-action-delete",
        "admin-action-delete-help",
        true,
    ),
];

/// The actions the caller may take on `u`, in the order shown.
fn actions(s: &AppState, at: &super::At, t: &idp_domain::Tenant, u: &UserView) -> Vec<ActionView> {
    let may = |a| s.admin.check(&at.caller, a, Some(&t.id)).is_ok();
    let password_tenant = t.settings.login_mode == LoginMode::Password;
    let me = u.username == at.user.username && t.id == at.user.tenant;
    let offered = [
        password_tenant && !u.has_password && may(Action::SendInvitation),
        !u.email_confirmed && may(Action::SendConfirmation),
        u.locked_until.is_some() && may(Action::UnlockUser),
        password_tenant && !me && may(Action::ResetUser),
        !u.disabled && !me && may(Action::DisableUser),
        u.disabled && may(Action::DisableUser),
        !me && may(Action::DeleteUser),
    ];
    ACTIONS
        .iter()
        .zip(offered)
        .filter(|(_, on)| *on)
        .map(|(a, _)| action_view(*a))
        .collect()
}

fn action_view(
    (name, label, help, confirm): (&'static str, &'static str, &'static str, bool),
) -> ActionView {
    ActionView {
        name,
        label,
        help,
        confirm,
    }
}

async fn user_page(
    s: &AppState,
    at: &super::At,
    t: &idp_domain::Tenant,
    u: UserView,
    form: Option<UserForm>,
    flash_text: Option<Msg>,
) -> Response {
    let mut nav = at.nav(s, t, "users");
    nav.flash = flash_text;
    nav.here = format!("/admin/t/{}/users/{}", t.id, enc(&u.username));
    let status = if form.as_ref().is_some_and(|f| {
        f.errors.email.is_some()
            || f.errors.display_name.is_some()
            || f.errors.role.is_some()
            || f.errors.username.is_some()
    }) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let form = form.unwrap_or_else(|| UserForm {
        username: u.username.clone(),
        email: u.email.clone(),
        display_name: u.display_name.clone().unwrap_or_default(),
        role: u.role.as_str().into(),
        errors: FormErrors::default(),
    });
    let page = UserPage {
        t: at.t,
        actions: actions(s, at, t, &u),
        badges: badges(&u),
        roles: role_names(at.caller.role),
        nav,
        u,
        form,
    };
    at.page(status, &page)
}

pub async fn user_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((tenant, username)): Path<(String, String)>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant(&s, &tenant).await?;
    let u = s
        .admin
        .user(&at.caller, &t.id, &username)
        .await
        .map_err(|e| at.fail(e))?;
    Ok(user_page(&s, &at, &t, u, None, flash(&p)).await)
}

pub async fn user_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((tenant, username)): Path<(String, String)>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    let u = s
        .admin
        .user(&at.caller, &t.id, &username)
        .await
        .map_err(|e| at.fail(e))?;
    let form = UserForm {
        username: u.username.clone(),
        email: p.get("email").unwrap_or("").trim().to_owned(),
        display_name: p.get("display_name").unwrap_or("").to_owned(),
        role: p.get("role").unwrap_or(u.role.as_str()).to_owned(),
        errors: FormErrors::default(),
    };
    let result = match role(at.t, &p) {
        Err(e) => Err(e),
        Ok(role) => {
            let patch = UserPatch {
                email: Some(form.email.clone()),
                display_name: Some(text(&p, "display_name")),
                disabled: None,
                role,
            };
            match s
                .admin
                .update_user(&at.caller, &t.id, &username, &patch)
                .await
            {
                Ok(u) => Ok(u),
                Err(e) => Err(Errors::from_admin(at.t, e)?),
            }
        }
    };
    match result {
        Ok(u) => Ok(see_other(&format!(
            "/admin/t/{}/users/{}?done=saved",
            t.id,
            enc(&u.username)
        ))),
        Err(errors) => {
            let form = UserForm {
                errors: errors.into(),
                ..form
            };
            Ok(user_page(&s, &at, &t, u, Some(form), None).await)
        }
    }
}

/// The confirmation step's words for a destructive action: (action, title, explanation,
/// button), the words as catalogue keys (the title names the user as `$username`).
fn confirmation(action: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    Some(match action {
        "reset" => (
            "reset",
            "admin-confirm-reset-title",
            "admin-confirm-reset-text",
            "admin-confirm-reset-button",
        ),
        "disable" => (
            "disable",
            "admin-confirm-disable-title",
            "admin-confirm-disable-text",
            "admin-confirm-disable-button",
        ),
        "delete" => (
            "delete",
            "admin-confirm-delete-title",
            "admin-confirm-delete-text",
            "admin-confirm-delete-button",
        ),
        _ => return None,
    })
}

pub async fn action_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((tenant, username, action)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant(&s, &tenant).await?;
    let u = s
        .admin
        .user(&at.caller, &t.id, &username)
        .await
        .map_err(|e| at.fail(e))?;
    let Some((action, title, explanation, button)) = confirmation(&action) else {
        return Ok(see_other(&format!(
            "/admin/t/{}/users/{}",
            t.id,
            enc(&u.username)
        )));
    };
    let mut nav = at.nav(&s, &t, "users");
    nav.here = format!("/admin/t/{}/users/{}/{action}", t.id, enc(&u.username));
    let page = ConfirmPage {
        t: at.t,
        nav,
        title,
        username: u.username,
        action,
        explanation,
        button,
    };
    Ok(at.page(StatusCode::OK, &page))
}

pub async fn action_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((tenant, username, action)): Path<(String, String, String)>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let t = at.tenant(&s, &tenant).await?;
    if confirmation(&action).is_some() && p.get("confirm") != Some("1") {
        return Ok(see_other(&format!(
            "/admin/t/{}/users/{}/{action}",
            t.id,
            enc(&username)
        )));
    }
    let (a, c, id) = (&s.admin, &at.caller, &t.id);
    let n = match action.as_str() {
        "reset" => a.reset_user(c, id, &username).await.map(|_| 0),
        "invitation" => a.send_invitation(c, id, &username).await.map(|_| 0),
        "confirmation" => a.send_confirmation(c, id, &username).await.map(|_| 0),
        "unlock" => a.unlock_user(c, id, &username).await,
        "disable" | "enable" => {
            let patch = UserPatch {
                disabled: Some(action == "disable"),
                ..UserPatch::default()
            };
            a.update_user(c, id, &username, &patch).await.map(|_| 0)
        }
        "delete" => {
            a.delete_user(c, id, &username)
                .await
                .map_err(|e| at.fail(e))?;
            return Ok(see_other(&format!("/admin/t/{id}/users?done=delete")));
        }
        _ => return Err(PageError::msg(404, Msg::new("admin-error-no-action"))),
    }
    .map_err(|e| at.fail(e))?;
    Ok(see_other(&format!(
        "/admin/t/{id}/users/{}?done={action}&n={n}",
        enc(&username)
    )))
}

/// The pages of this module with sample values, for the language tests.
#[cfg(test)]
pub(super) mod samples {
    use super::*;

    pub fn user() -> UserView {
        UserView {
            username: "alice".into(),
            email: "alice@acme.example".into(),
            email_confirmed: false,
            display_name: Some("Alice Example".into()),
            role: Role::UserAdmin,
            disabled: true,
            has_password: false,
            two_factor: true,
            registration: "invited",
            locked_until: Some(1),
            created_at: 0,
            updated_at: 0,
        }
    }

    pub fn pages(t: Tr, nav: &dyn Fn(&'static str) -> Nav) -> Vec<String> {
        let u = user();
        let form = || UserForm {
            username: "bob".into(),
            email: "bob@acme.example".into(),
            display_name: String::new(),
            role: "user".into(),
            errors: FormErrors {
                username: Some(Msg::new("admin-invite-exists")),
                email: Some(Msg::new("domain-email").with("value", "not an address")),
                display_name: None,
                role: Some(Msg::new("admin-err-own-role")),
            },
        };
        let (action, title, explanation, button) = confirmation("reset").unwrap_or_default();
        let mut list_nav = nav("users");
        list_nav.flash = Some(Msg::new("admin-flash-confirmations").with("n", 2u32));
        vec![
            UsersPage {
                t,
                nav: list_nav,
                q: "al",
                status: "",
                statuses: &STATUSES,
                users: vec![(u.clone(), badges(&u), role_key(u.role))],
                next_href: Some("/next".into()),
            }
            .render(),
            InvitePage {
                t,
                nav: nav("users"),
                form: form(),
                roles: role_names(Role::TenantAdmin),
                sso: false,
            }
            .render(),
            UserPage {
                t,
                nav: nav("users"),
                badges: badges(&u),
                u,
                form: form(),
                roles: role_names(Role::TenantAdmin),
                actions: ACTIONS.iter().map(|a| action_view(*a)).collect(),
            }
            .render(),
            ConfirmPage {
                t,
                nav: nav("users"),
                username: "alice".into(),
                action,
                title,
                explanation,
                button,
            }
            .render(),
        ]
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
    }
}
