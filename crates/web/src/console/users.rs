//! Administration → Users: the list with search, filters and paging; invite; one user's
//! details, edit and actions (destructive ones after a confirmation step); "Resend e-mail
//! confirmations" to every unconfirmed user the administrator may see.

use super::{admin_page, at, enc, enter, enter_post, flash, Errors, Nav};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::permissions::roles_within;
use idp_admin::{Action, AdminError, NewUser, Paging, UserPatch, UserView};
use idp_domain::{LoginMode, Role};

const STATUSES: [(&str, &str); 8] = [
    ("", "All users"),
    ("invited", "Invitation pending"),
    ("invitation_expired", "Invitation expired"),
    ("unconfirmed", "E-mail unconfirmed"),
    ("two_factor_on", "Two-factor on"),
    ("two_factor_off", "Two-factor off"),
    ("locked", "Locked"),
    ("disabled", "Disabled"),
];

fn badges(u: &UserView) -> Vec<&'static str> {
    let mut b = Vec::new();
    match u.registration {
        "invited" => b.push("invitation pending"),
        "invitation_expired" => b.push("invitation expired"),
        _ => {}
    }
    b.push(if u.two_factor { "2FA on" } else { "2FA off" });
    if u.locked_until.is_some() {
        b.push("locked");
    }
    if u.disabled {
        b.push("disabled");
    }
    b
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage<'a> {
    nav: Nav,
    q: &'a str,
    status: &'a str,
    statuses: &'a [(&'a str, &'a str)],
    users: Vec<(UserView, Vec<&'static str>)>,
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
    username: Option<String>,
    email: Option<String>,
    display_name: Option<String>,
    role: Option<String>,
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
    nav: Nav,
    form: UserForm,
    roles: Vec<&'static str>,
    sso: bool,
}

/// One action offered on a user's page.
struct ActionView {
    name: &'static str,
    label: &'static str,
    help: &'static str,
    confirm: bool,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    nav: Nav,
    u: UserView,
    badges: Vec<&'static str>,
    form: UserForm,
    roles: Vec<&'static str>,
    actions: Vec<ActionView>,
}

#[derive(Template)]
#[template(path = "admin/confirm.html")]
struct ConfirmPage {
    nav: Nav,
    username: String,
    action: &'static str,
    title: String,
    explanation: &'static str,
    button: &'static str,
}

fn role_names(caller_role: Role) -> Vec<&'static str> {
    roles_within(caller_role)
        .into_iter()
        .map(Role::as_str)
        .collect()
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
        .map_err(admin_page)?;
    let next_href = page.next_cursor.map(|c| {
        format!(
            "/admin/t/{}/users?q={}&status={}&cursor={}",
            t.id,
            enc(q),
            enc(status),
            enc(&c)
        )
    });
    let mut nav = at.nav(&s, &t, "users");
    nav.flash = flash(&p);
    let users = page
        .items
        .into_iter()
        .map(|u| {
            let b = badges(&u);
            (u, b)
        })
        .collect();
    Ok(at.page(
        StatusCode::OK,
        &UsersPage {
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
    let page = InvitePage {
        nav: at.nav(&s, &t, "users"),
        form: UserForm {
            role: "user".into(),
            ..UserForm::default()
        },
        roles: role_names(at.caller.role),
        sso: t.settings.login_mode == LoginMode::Sso,
    };
    Ok(at.page(StatusCode::OK, &page))
}

/// An optional text field: empty is absent.
fn text(p: &idp_oidc::params::Params, name: &str) -> Option<String> {
    p.get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn role(p: &idp_oidc::params::Params) -> Result<Option<Role>, Errors> {
    p.get("role")
        .map(|r| r.parse::<Role>())
        .transpose()
        .map_err(|e| Errors::from_admin(AdminError::from(e)).unwrap_or_default())
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
    let result = match role(&p) {
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
                Err(AdminError::Conflict { .. }) => Err(Errors(
                    [(
                        "username".to_owned(),
                        "A user with this name already exists.".to_owned(),
                    )]
                    .into(),
                )),
                Err(e) => Err(Errors::from_admin(e)?),
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
            let page = InvitePage {
                nav: at.nav(&s, &t, "users"),
                form,
                roles: role_names(at.caller.role),
                sso: t.settings.login_mode == LoginMode::Sso,
            };
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
        .map_err(admin_page)?;
    Ok(see_other(&format!(
        "/admin/t/{}/users?done=confirmations&n={sent}",
        t.id
    )))
}

/// The actions the caller may take on `u`, in the order shown.
fn actions(s: &AppState, at: &super::At, t: &idp_domain::Tenant, u: &UserView) -> Vec<ActionView> {
    let may = |a| s.admin.check(&at.caller, a, Some(&t.id)).is_ok();
    let password_tenant = t.settings.login_mode == LoginMode::Password;
    let me = u.username == at.user.username && t.id == at.user.tenant;
    let mut out = Vec::new();
    let mut add = |on: bool, name, label, help, confirm| {
        if on {
            out.push(ActionView {
                name,
                label,
                help,
                confirm,
            });
        }
    };
    add(
        password_tenant && !u.has_password && may(Action::SendInvitation),
        "invitation",
        "Send the registration mail again",
        "A new link; earlier ones stop working.",
        false,
    );
    add(
        !u.email_confirmed && may(Action::SendConfirmation),
        "confirmation",
        "Send the confirmation mail",
        "To the address on file.",
        false,
    );
    add(
        u.locked_until.is_some() && may(Action::UnlockUser),
        "unlock",
        "Unlock",
        "Clears the failed sign-in attempts.",
        false,
    );
    add(
        password_tenant && !me && may(Action::ResetUser),
        "reset",
        "Reset the account",
        "For a lost device: clears the password and every second factor.",
        true,
    );
    add(
        !u.disabled && !me && may(Action::DisableUser),
        "disable",
        "Disable",
        "Ends the user's sessions and tokens at once.",
        true,
    );
    add(
        u.disabled && may(Action::DisableUser),
        "enable",
        "Enable",
        "The user can sign in again.",
        false,
    );
    add(
        !me && may(Action::DeleteUser),
        "delete",
        "Delete",
        "Removes the user for good.",
        true,
    );
    out
}

async fn user_page(
    s: &AppState,
    at: &super::At,
    t: &idp_domain::Tenant,
    u: UserView,
    form: Option<UserForm>,
    flash_text: Option<String>,
) -> Response {
    let mut nav = at.nav(s, t, "users");
    nav.flash = flash_text;
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
        .map_err(admin_page)?;
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
        .map_err(admin_page)?;
    let form = UserForm {
        username: u.username.clone(),
        email: p.get("email").unwrap_or("").trim().to_owned(),
        display_name: p.get("display_name").unwrap_or("").to_owned(),
        role: p.get("role").unwrap_or(u.role.as_str()).to_owned(),
        errors: FormErrors::default(),
    };
    let result = match role(&p) {
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
                Err(e) => Err(Errors::from_admin(e)?),
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

/// The confirmation step's words for a destructive action.
fn confirmation(action: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    Some(match action {
        "reset" => ("reset", "Reset the account of", "The password and every second factor are cleared, the user's sessions end, and a new registration mail goes out. Use this when a user lost their device.", "Reset the account"),
        "disable" => ("disable", "Disable", "The user can no longer sign in; their sessions and refresh tokens end at once. You can enable the account again later.", "Disable the account"),
        "delete" => ("delete", "Delete", "The user, their second factors and sessions are removed for good. The audit log keeps its entries.", "Delete the user"),
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
        .map_err(admin_page)?;
    let Some((action, title, explanation, button)) = confirmation(&action) else {
        return Ok(see_other(&format!(
            "/admin/t/{}/users/{}",
            t.id,
            enc(&u.username)
        )));
    };
    let page = ConfirmPage {
        nav: at.nav(&s, &t, "users"),
        title: format!("{title} {}?", u.username),
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
            a.delete_user(c, id, &username).await.map_err(admin_page)?;
            return Ok(see_other(&format!("/admin/t/{id}/users?done=delete")));
        }
        _ => return Err(PageError::new(404, "There is no such action.")),
    }
    .map_err(admin_page)?;
    Ok(see_other(&format!(
        "/admin/t/{id}/users/{}?done={action}&n={n}",
        enc(&username)
    )))
}
