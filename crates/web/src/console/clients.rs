//! Administration → Applications (platform administrators): the registered relying
//! applications, and registering one, its secret shown once.

use super::{admin_page, at, enc, enter, enter_post, Errors, Nav};
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_admin::{Action, ClientView, NewClient, Paging};

/// A client's row.
struct Row {
    client_id: String,
    name: String,
    tenant: Option<String>,
    redirect_uris: Vec<String>,
    grants: Vec<&'static str>,
    admin: bool,
    public: bool,
}

#[derive(Template)]
#[template(path = "admin/clients.html")]
struct ClientsPage {
    nav: Nav,
    clients: Vec<Row>,
    next_href: Option<String>,
    created: Option<ClientView>,
    fields: Vec<(&'static str, &'static str, String, &'static str)>,
    public: bool,
    errors: Errors,
}

const FIELDS: [(&str, &str, &str); 5] = [
    (
        "id",
        "Client ID",
        "Letters, digits and -; what the application sends as client_id.",
    ),
    ("name", "Name", "Shown on the sign-in page."),
    (
        "redirect_uris",
        "Redirect URIs",
        "Space-separated; https, or http on 127.0.0.1 for development.",
    ),
    (
        "scope",
        "Scopes",
        "Space-separated; empty: openid profile email offline_access.",
    ),
    (
        "tenant",
        "Tenant",
        "A company ID to bind the application to; empty: any company's users.",
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
        .map_err(admin_page)?;
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
    let page = ClientsPage {
        nav: at.nav(s, &at.home, "clients"),
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
        .map_err(admin_page)?;
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
        Err(idp_admin::AdminError::Conflict { what }) => {
            let errors = Errors([("id".to_owned(), format!("{what} already exists"))].into());
            render(&s, &at, &p, None, errors).await
        }
        Err(e) => {
            let fields: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
            let errors = Errors::from_admin_on(e, &fields)?;
            render(&s, &at, &p, None, errors).await
        }
    }
}
