//! Administration → Applications (platform administrators): the registered relying
//! applications, registering one (its secret shown once), and each one's page: edit its
//! name and redirect URIs, rotate its secret (shown once), disable and enable it.

use super::{at, enc, enter, enter_post, Errors, Nav};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::{Action, ClientPatch, ClientView, NewClient, Paging};
use idp_i18n::{Msg, Tr};

/// A client's row.
struct Row {
    client_id: String,
    name: String,
    tenant: Option<String>,
    redirect_uris: Vec<String>,
    grants: Vec<&'static str>,
    admin: bool,
    public: bool,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin/clients.html")]
struct ClientsPage {
    t: Tr,
    nav: Nav,
    clients: Vec<Row>,
    next_href: Option<String>,
    created: Option<ClientView>,
    fields: Vec<(&'static str, &'static str, String, &'static str)>,
    public: bool,
    errors: Errors,
}

/// The registration form's fields: (name, label, help), the words as catalogue keys.
const FIELDS: [(&str, &str, &str); 5] = [
    (
        "id",
        "admin-clients-field-id",
        "admin-clients-field-id-help",
    ),
    ("name", "admin-field-name", "admin-clients-field-name-help"),
    (
        "redirect_uris",
        "admin-clients-field-redirect-uris",
        "admin-clients-field-redirect-uris-help",
    ),
    (
        "scope",
        "admin-clients-field-scopes",
        "admin-clients-field-scopes-help",
    ),
    (
        "tenant",
        "admin-clients-field-tenant",
        "admin-clients-field-tenant-help",
    ),
];

async fn render(
    s: &AppState,
    at: &super::At,
    p: &idp_oidc::params::Params,
    created: Option<ClientView>,
    errors: Errors,
) -> Result<Response, PageError> {
    let paging = Paging {
        limit: Some(100),
        cursor: p.get("cursor").map(str::to_owned),
    };
    let page = s
        .admin
        .clients(&at.caller, &paging)
        .await
        .map_err(|e| at.fail(e))?;
    let clients = page
        .items
        .into_iter()
        .map(|c| Row {
            grants: c.grant_types.iter().map(|g| g.as_str()).collect(),
            client_id: c.client_id,
            name: c.name,
            tenant: c.tenant,
            redirect_uris: c.redirect_uris,
            admin: c.admin,
            public: c.public,
            disabled: c.disabled,
        })
        .collect();
    let keep = created.is_none();
    let value = |k: &str| {
        if keep {
            p.get(k).unwrap_or("").to_owned()
        } else {
            String::new()
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut nav = at.nav(s, &at.home, "clients");
    if created.as_ref().is_some_and(|c| c.client_secret.is_some()) {
        // The secret is shown once: no language switch that would reload the page without it.
        nav.here = String::new();
    }
    let page = ClientsPage {
        t: at.t,
        nav,
        clients,
        next_href: page
            .next_cursor
            .map(|c| format!("/admin/clients?cursor={}", enc(&c))),
        created,
        fields: FIELDS
            .iter()
            .map(|(n, l, h)| (*n, *l, value(n), *h))
            .collect(),
        public: keep && p.get("public") == Some("1"),
        errors,
    };
    Ok(at.page(status, &page))
}

pub async fn clients_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    s.admin
        .check(&at.caller, Action::ManageClients, None)
        .map_err(|e| at.fail(e))?;
    render(&s, &at, &p, None, Errors::default()).await
}

pub async fn clients_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let text = |k: &str| {
        p.get(k)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let new = NewClient {
        id: text("id").unwrap_or_default(),
        name: text("name").unwrap_or_default(),
        redirect_uris: p
            .get("redirect_uris")
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        public: p.get("public") == Some("1"),
        grant_types: None,
        scope: text("scope"),
        tenant: text("tenant"),
        post_logout_redirect_uris: Vec::new(),
        admin: false,
        id_token_alg: None,
        access_token_alg: None,
        resources: Vec::new(),
        resource_server: false,
    };
    match s.admin.create_client(&at.caller, &new).await {
        Ok(view) => render(&s, &at, &p, Some(view), Errors::default()).await,
        Err(idp_admin::AdminError::Conflict { .. }) => {
            let errors = Errors::one("id", Msg::new("admin-clients-exists"));
            render(&s, &at, &p, None, errors).await
        }
        Err(e) => {
            let fields: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
            let errors = Errors::from_admin_on(at.t, e, &fields)?;
            render(&s, &at, &p, None, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin/client.html")]
struct ClientPage {
    t: Tr,
    nav: Nav,
    c: ClientView,
    name: String,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    errors: Errors,
    /// A confirmation step, when one is asked: (action, title, explanation, button), the
    /// words as catalogue keys.
    confirm: Option<(&'static str, &'static str, &'static str, &'static str)>,
}

/// The actions on a client that ask first.
fn confirmation(action: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    match action {
        "secret" => Some((
            "secret",
            "admin-client-confirm-secret-title",
            "admin-client-confirm-secret-text",
            "admin-client-confirm-secret-button",
        )),
        "disable" => Some((
            "disable",
            "admin-client-confirm-disable-title",
            "admin-client-confirm-disable-text",
            "admin-client-confirm-disable-button",
        )),
        _ => None,
    }
}

fn client_page(t: Tr, mut nav: Nav, c: ClientView, errors: Errors) -> ClientPage {
    // A secret is shown once: no language switch that would reload the page without it.
    nav.here = match c.client_secret {
        Some(_) => String::new(),
        None => format!("/admin/clients/{}", enc(&c.client_id)),
    };
    ClientPage {
        t,
        nav,
        name: c.name.clone(),
        redirect_uris: c.redirect_uris.join("\n"),
        post_logout_redirect_uris: c.post_logout_redirect_uris.join("\n"),
        c,
        errors,
        confirm: None,
    }
}

pub async fn client_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let c = s
        .admin
        .client(&at.caller, &id)
        .await
        .map_err(|e| at.fail(e))?;
    let mut nav = at.nav(&s, &at.home, "clients");
    nav.flash = super::flash(&p);
    Ok(at.page(
        StatusCode::OK,
        &client_page(at.t, nav, c, Errors::default()),
    ))
}

pub async fn client_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let list = |k: &str| -> Vec<String> {
        p.get(k)
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    let patch = ClientPatch {
        name: Some(p.get("name").unwrap_or("").trim().to_owned()),
        redirect_uris: Some(list("redirect_uris")),
        post_logout_redirect_uris: Some(list("post_logout_redirect_uris")),
        disabled: None,
    };
    match s.admin.update_client(&at.caller, &id, &patch).await {
        Ok(c) => Ok(see_other(&format!(
            "/admin/clients/{}?done=saved",
            enc(&c.client_id)
        ))),
        Err(e) => {
            let fields = ["name", "redirect_uris", "post_logout_redirect_uris"];
            let errors = Errors::from_admin_on(at.t, e, &fields)?;
            let c = s
                .admin
                .client(&at.caller, &id)
                .await
                .map_err(|e| at.fail(e))?;
            let mut page = client_page(at.t, at.nav(&s, &at.home, "clients"), c, errors);
            page.name = p.get("name").unwrap_or("").to_owned();
            page.redirect_uris = p.get("redirect_uris").unwrap_or("").to_owned();
            page.post_logout_redirect_uris =
                p.get("post_logout_redirect_uris").unwrap_or("").to_owned();
            Ok(at.page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

pub async fn client_action_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let c = s
        .admin
        .client(&at.caller, &id)
        .await
        .map_err(|e| at.fail(e))?;
    let Some(confirm) = confirmation(&action) else {
        return Ok(see_other(&format!("/admin/clients/{}", enc(&c.client_id))));
    };
    let mut page = client_page(at.t, at.nav(&s, &at.home, "clients"), c, Errors::default());
    page.nav.here = format!("{}/{}", page.nav.here, confirm.0);
    page.confirm = Some(confirm);
    Ok(at.page(StatusCode::OK, &page))
}

pub async fn client_action_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter_post(&s, &headers, &p).await?);
    let here = format!("/admin/clients/{}", enc(&id));
    if confirmation(&action).is_some() && p.get("confirm") != Some("1") {
        return Ok(see_other(&format!("{here}/{action}")));
    }
    let (a, c) = (&s.admin, &at.caller);
    match action.as_str() {
        "secret" => {
            // The new secret is shown on this answer, once: it is not kept anywhere to show again.
            let view = a
                .rotate_client_secret(c, &id)
                .await
                .map_err(|e| at.fail(e))?;
            let mut nav = at.nav(&s, &at.home, "clients");
            nav.flash = Some(Msg::new("admin-flash-client-secret"));
            Ok(at.page(
                StatusCode::OK,
                &client_page(at.t, nav, view, Errors::default()),
            ))
        }
        "disable" | "enable" => {
            let patch = ClientPatch {
                disabled: Some(action == "disable"),
                ..ClientPatch::default()
            };
            a.update_client(c, &id, &patch)
                .await
                .map_err(|e| at.fail(e))?;
            Ok(see_other(&format!("{here}?done=client_{action}")))
        }
        _ => Ok(see_other(&here)),
    }
}

/// The pages of this module with sample values, for the language tests.
#[cfg(test)]
pub(super) mod samples {
    use super::*;
    use idp_domain::{GrantType, SigningAlg};

    fn client(secret: Option<&str>) -> ClientView {
        ClientView {
            client_id: "crm".into(),
            name: "CRM".into(),
            public: false,
            redirect_uris: vec!["https://crm.example/cb".into()],
            post_logout_redirect_uris: Vec::new(),
            grant_types: vec![GrantType::AuthorizationCode],
            scopes: vec!["openid".into()],
            tenant: None,
            admin: true,
            id_token_alg: SigningAlg::RS256,
            access_token_alg: SigningAlg::RS256,
            resources: Vec::new(),
            resource_server: false,
            created_at: 0,
            disabled: true,
            token_endpoint_auth_method: "client_secret_basic",
            client_secret: secret.map(str::to_owned),
        }
    }

    pub fn pages(t: Tr, nav: &dyn Fn(&'static str) -> Nav) -> Vec<String> {
        let mut confirm = client_page(t, nav("clients"), client(None), Errors::default());
        confirm.confirm = confirmation("secret");
        vec![
            ClientsPage {
                t,
                nav: nav("clients"),
                clients: vec![Row {
                    client_id: "crm".into(),
                    name: "CRM".into(),
                    tenant: None,
                    redirect_uris: vec!["https://crm.example/cb".into()],
                    grants: vec!["authorization_code"],
                    admin: true,
                    public: true,
                    disabled: true,
                }],
                next_href: None,
                created: Some(client(Some("s3cret"))),
                fields: FIELDS
                    .iter()
                    .map(|(n, l, h)| (*n, *l, String::new(), *h))
                    .collect(),
                public: false,
                errors: Errors::one("id", Msg::new("admin-clients-exists")),
            }
            .render(),
            client_page(
                t,
                nav("clients"),
                client(None),
                Errors::one("redirect_uris", Msg::new("admin-err-no-redirect")),
            )
            .render(),
            confirm.render(),
        ]
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
    }
}
