//! The admin API (`/admin/api/v1`, interfaces.md "Administration"): JSON over bearer access
//! tokens of this IdP, RFC 9457 problems, cursor paging. Each handler extracts, makes one call
//! into the admin service (which decides permission), and answers JSON. The OpenAPI document
//! is derived from these handlers and the types they exchange.

mod input;
mod problem;

pub use input::ADMIN_SCOPE;

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use idp_admin::{
    AuditFilter, AuditView, BrandingPatch, BrandingView, ClientPatch, ClientView, NewClient,
    NewTenant, NewUser, Page, Paging, SsoPut, TenantPatch, TenantView, UserPatch, UserView,
};
use idp_domain::TenantId;
use idp_signin::sso::connection::ConnectionView;
use input::{ApiCaller, Body, NoBody, QueryOf};
use problem::Problem;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

type Answer<T> = Result<Json<T>, Problem>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_get))
        .route("/tenants", get(tenants_get).post(tenants_post))
        .route("/tenants/{tenant}", get(tenant_get).patch(tenant_patch))
        .route("/tenants/{tenant}/users", get(users_get).post(users_post))
        .route(
            "/tenants/{tenant}/users/{username}",
            get(user_get).patch(user_patch).delete(user_delete),
        )
        .route(
            "/tenants/{tenant}/users/{username}/reset",
            post(user_reset_post),
        )
        .route(
            "/tenants/{tenant}/users/{username}/invitation",
            post(user_invitation_post),
        )
        .route(
            "/tenants/{tenant}/users/{username}/confirmation",
            post(user_confirmation_post),
        )
        .route(
            "/tenants/{tenant}/users/{username}/unlock",
            post(user_unlock_post),
        )
        .route("/tenants/{tenant}/confirmations", post(confirmations_post))
        .route("/tenants/{tenant}/audit", get(audit_get))
        .route("/tenants/{tenant}/sso", get(sso_get).put(sso_put))
        .route(
            "/tenants/{tenant}/branding",
            get(branding_get).patch(branding_patch),
        )
        .route("/clients", get(clients_get).post(clients_post))
        .route("/clients/{client_id}", get(client_get).patch(client_patch))
        .route("/clients/{client_id}/secret", post(client_secret_post))
        .fallback(|| async { Problem::new(StatusCode::NOT_FOUND, "there is no such endpoint") })
}

/// A company ID from the path. One that cannot exist is answered like one that does not.
fn tenant_id(s: &str) -> Result<TenantId, Problem> {
    TenantId::parse(s)
        .map_err(|_| Problem::new(StatusCode::NOT_FOUND, format!("there is no tenant `{s}`")))
}

/// `?limit=` and `?cursor=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// At most this many items (1-500, default 50).
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

impl PageQuery {
    fn paging(self) -> Paging {
        Paging {
            limit: self.limit,
            cursor: self.cursor,
        }
    }
}

/// `?q=&status=` and paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// Part of the user name or e-mail address, any case.
    q: Option<String>,
    /// `invited`, `invitation_expired`, `unconfirmed`, `two_factor_on`, `two_factor_off`,
    /// `locked` or `disabled`.
    status: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// `?username=&type=&since=` and paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    username: Option<String>,
    /// An event type such as `sign_in.success` or `user.reset`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    event: Option<String>,
    /// RFC 3339, for example `2026-12-01T00:00:00Z`.
    since: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// A POST whose body says nothing: `{}` or empty.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Nothing {}

/// How many mails went out.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Sent {
    pub sent: usize,
}

/// What an unlock cleared.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Unlocked {
    /// Failed-attempt counters of the account (and of browsers that signed in to it).
    pub counters_cleared: u64,
}

#[utoipa::path(get, path = "/tenants", tag = "tenants", params(PageQuery),
    responses((status = 200, body = Page<TenantView>), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn tenants_get(
    s: State<AppState>,
    c: ApiCaller,
    QueryOf(q): QueryOf<PageQuery>,
) -> Answer<Page<TenantView>> {
    let page = s.admin.tenants(&c.0, &q.paging()).await?;
    Ok(Json(Page {
        items: page.items.iter().map(|t| TenantView::from(&**t)).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[utoipa::path(post, path = "/tenants", tag = "tenants", request_body = NewTenant,
    responses((status = 201, body = TenantView), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn tenants_post(
    s: State<AppState>,
    c: ApiCaller,
    Body(new): Body<NewTenant>,
) -> Result<Response, Problem> {
    let t = s.admin.create_tenant(&c.0, &new).await?;
    Ok((StatusCode::CREATED, Json(TenantView::from(&t))).into_response())
}

#[utoipa::path(get, path = "/tenants/{tenant}", tag = "tenants", params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, body = TenantView), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn tenant_get(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
) -> Answer<TenantView> {
    let t = s.admin.tenant(&c.0, &tenant_id(&tenant)?).await?;
    Ok(Json(TenantView::from(&*t)))
}

#[utoipa::path(patch, path = "/tenants/{tenant}", tag = "tenants", request_body = TenantPatch,
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, body = TenantView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, description = "a bad value, or a change the policy refuses", body = Problem, content_type = "application/problem+json")))]
async fn tenant_patch(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    Body(p): Body<TenantPatch>,
) -> Answer<TenantView> {
    let t = s
        .admin
        .update_tenant(&c.0, &tenant_id(&tenant)?, &p)
        .await?;
    Ok(Json(TenantView::from(&t)))
}

#[utoipa::path(get, path = "/tenants/{tenant}/users", tag = "users",
    params(("tenant" = String, Path, description = "company ID"), UsersQuery),
    responses((status = 200, body = Page<UserView>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn users_get(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    QueryOf(q): QueryOf<UsersQuery>,
) -> Answer<Page<UserView>> {
    let paging = Paging {
        limit: q.limit,
        cursor: q.cursor,
    };
    let page = s
        .admin
        .users(
            &c.0,
            &tenant_id(&tenant)?,
            q.q.as_deref(),
            q.status.as_deref(),
            &paging,
        )
        .await?;
    Ok(Json(page))
}

#[utoipa::path(post, path = "/tenants/{tenant}/users", tag = "users", request_body = NewUser,
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 201, description = "created; a password tenant's user gets the registration mail", body = UserView),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn users_post(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    Body(new): Body<NewUser>,
) -> Result<Response, Problem> {
    let u = s
        .admin
        .create_user(&c.0, &tenant_id(&tenant)?, &new)
        .await?;
    Ok((StatusCode::CREATED, Json(u)).into_response())
}

#[utoipa::path(get, path = "/tenants/{tenant}/users/{username}", tag = "users",
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 200, body = UserView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn user_get(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
) -> Answer<UserView> {
    Ok(Json(
        s.admin.user(&c.0, &tenant_id(&tenant)?, &username).await?,
    ))
}

#[utoipa::path(patch, path = "/tenants/{tenant}/users/{username}", tag = "users", request_body = UserPatch,
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 200, body = UserView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn user_patch(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
    Body(p): Body<UserPatch>,
) -> Answer<UserView> {
    Ok(Json(
        s.admin
            .update_user(&c.0, &tenant_id(&tenant)?, &username, &p)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/tenants/{tenant}/users/{username}", tag = "users",
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 204, description = "deleted, with its sessions, factors and grants"), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn user_delete(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    s.admin
        .delete_user(&c.0, &tenant_id(&tenant)?, &username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/tenants/{tenant}/users/{username}/reset", tag = "users", request_body(content = Option<Nothing>, description = "`{}`, or no body"),
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 200, description = "password and second factors cleared, registration mail sent", body = UserView),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn user_reset_post(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
    _: NoBody,
) -> Answer<UserView> {
    Ok(Json(
        s.admin
            .reset_user(&c.0, &tenant_id(&tenant)?, &username)
            .await?,
    ))
}

#[utoipa::path(post, path = "/tenants/{tenant}/users/{username}/invitation", tag = "users", request_body(content = Option<Nothing>, description = "`{}`, or no body"),
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 200, body = Sent), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn user_invitation_post(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
    _: NoBody,
) -> Answer<Sent> {
    s.admin
        .send_invitation(&c.0, &tenant_id(&tenant)?, &username)
        .await?;
    Ok(Json(Sent { sent: 1 }))
}

#[utoipa::path(post, path = "/tenants/{tenant}/users/{username}/confirmation", tag = "users", request_body(content = Option<Nothing>, description = "`{}`, or no body"),
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 200, body = Sent), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn user_confirmation_post(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
    _: NoBody,
) -> Answer<Sent> {
    s.admin
        .send_confirmation(&c.0, &tenant_id(&tenant)?, &username)
        .await?;
    Ok(Json(Sent { sent: 1 }))
}

#[utoipa::path(post, path = "/tenants/{tenant}/users/{username}/unlock", tag = "users", request_body(content = Option<Nothing>, description = "`{}`, or no body"),
    params(("tenant" = String, Path, description = "company ID"), ("username" = String, Path)),
    responses((status = 200, body = Unlocked), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn user_unlock_post(
    s: State<AppState>,
    c: ApiCaller,
    Path((tenant, username)): Path<(String, String)>,
    _: NoBody,
) -> Answer<Unlocked> {
    let n = s
        .admin
        .unlock_user(&c.0, &tenant_id(&tenant)?, &username)
        .await?;
    Ok(Json(Unlocked {
        counters_cleared: n,
    }))
}

#[utoipa::path(post, path = "/tenants/{tenant}/confirmations", tag = "users", request_body(content = Option<Nothing>, description = "`{}`, or no body"),
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, description = "the confirmation mail went to every unconfirmed user the caller may see", body = Sent),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"), (status = 429, body = Problem, content_type = "application/problem+json")))]
async fn confirmations_post(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    _: NoBody,
) -> Answer<Sent> {
    let sent = s
        .admin
        .send_confirmations(&c.0, &tenant_id(&tenant)?)
        .await?;
    Ok(Json(Sent { sent }))
}

#[utoipa::path(get, path = "/tenants/{tenant}/audit", tag = "audit",
    params(("tenant" = String, Path, description = "company ID"), AuditQuery),
    responses((status = 200, body = Page<AuditView>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn audit_get(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    QueryOf(q): QueryOf<AuditQuery>,
) -> Answer<Page<AuditView>> {
    let since = q.since.as_deref().map(parse_rfc3339).transpose()?;
    let filter = AuditFilter {
        username: q.username,
        event: q.event,
        since,
    };
    let paging = Paging {
        limit: q.limit,
        cursor: q.cursor,
    };
    Ok(Json(
        s.admin
            .audit(&c.0, &tenant_id(&tenant)?, &filter, &paging)
            .await?,
    ))
}

#[utoipa::path(get, path = "/tenants/{tenant}/sso", tag = "sso",
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, description = "the connection, its certificates and their expiry", body = ConnectionView),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn sso_get(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
) -> Answer<ConnectionView> {
    Ok(Json(s.admin.sso(&c.0, &tenant_id(&tenant)?).await?))
}

#[utoipa::path(put, path = "/tenants/{tenant}/sso", tag = "sso", request_body = SsoPut,
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, description = "configured; the tenant now signs in through SSO", body = ConnectionView),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn sso_put(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    Body(put): Body<SsoPut>,
) -> Answer<ConnectionView> {
    let tenant = tenant_id(&tenant)?;
    let configure = put.into_configure(&tenant, &c.0)?;
    Ok(Json(s.admin.configure_sso(&c.0, configure).await?))
}

#[utoipa::path(get, path = "/clients", tag = "clients", params(PageQuery),
    responses((status = 200, body = Page<ClientView>), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn clients_get(
    s: State<AppState>,
    c: ApiCaller,
    QueryOf(q): QueryOf<PageQuery>,
) -> Answer<Page<ClientView>> {
    Ok(Json(s.admin.clients(&c.0, &q.paging()).await?))
}

#[utoipa::path(post, path = "/clients", tag = "clients", request_body = NewClient,
    responses((status = 201, description = "registered; a confidential client's secret is shown this once", body = ClientView),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn clients_post(
    s: State<AppState>,
    c: ApiCaller,
    Body(new): Body<NewClient>,
) -> Result<Response, Problem> {
    let v = s.admin.create_client(&c.0, &new).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/tenants/{tenant}/branding", tag = "tenants",
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, body = BrandingView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn branding_get(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
) -> Answer<BrandingView> {
    Ok(Json(s.admin.branding(&c.0, &tenant_id(&tenant)?).await?))
}

#[utoipa::path(patch, path = "/tenants/{tenant}/branding", tag = "tenants", request_body = BrandingPatch,
    params(("tenant" = String, Path, description = "company ID")),
    responses((status = 200, body = BrandingView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn branding_patch(
    s: State<AppState>,
    c: ApiCaller,
    Path(tenant): Path<String>,
    Body(p): Body<BrandingPatch>,
) -> Answer<BrandingView> {
    Ok(Json(
        s.admin
            .update_branding(&c.0, &tenant_id(&tenant)?, &p)
            .await?,
    ))
}

#[utoipa::path(get, path = "/clients/{client_id}", tag = "clients",
    params(("client_id" = String, Path)),
    responses((status = 200, body = ClientView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn client_get(
    s: State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Answer<ClientView> {
    Ok(Json(s.admin.client(&c.0, &id).await?))
}

#[utoipa::path(patch, path = "/clients/{client_id}", tag = "clients", request_body = ClientPatch,
    params(("client_id" = String, Path)),
    responses((status = 200, body = ClientView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn client_patch(
    s: State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Body(p): Body<ClientPatch>,
) -> Answer<ClientView> {
    Ok(Json(s.admin.update_client(&c.0, &id, &p).await?))
}

#[utoipa::path(post, path = "/clients/{client_id}/secret", tag = "clients",
    params(("client_id" = String, Path)),
    responses((status = 200, description = "a new secret, shown this once; the old one no longer works", body = ClientView),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn client_secret_post(
    s: State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    _: NoBody,
) -> Answer<ClientView> {
    Ok(Json(s.admin.rotate_client_secret(&c.0, &id).await?))
}

fn parse_rfc3339(s: &str) -> Result<i64, Problem> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|_| {
            Problem::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                "since",
                "must be an RFC 3339 time such as 2026-12-01T00:00:00Z",
            )
        })
}

/// The bearer scheme, declared for every operation.
struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        api.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "idp admin API", description = "Tenant administration: tenants, users, mails, audit. Bearer access tokens of this IdP: an `--admin` client's client_credentials token, or an administrator's token with the `admin` scope."),
    servers((url = "/admin/api/v1")),
    paths(tenants_get, tenants_post, tenant_get, tenant_patch, users_get, users_post, user_get, user_patch,
          user_delete, user_reset_post, user_invitation_post, user_confirmation_post, user_unlock_post,
          confirmations_post, audit_get, sso_get, sso_put, clients_get, clients_post, client_get,
          client_patch, client_secret_post, branding_get, branding_patch),
    modifiers(&Bearer)
)]
struct ApiDoc;

/// The OpenAPI 3.1 document, rendered once.
fn document() -> &'static [u8] {
    static DOC: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    DOC.get_or_init(|| serde_json::to_vec(&ApiDoc::openapi()).unwrap_or_default())
}

async fn openapi_get() -> Response {
    crate::respond::json_bytes(StatusCode::OK, document())
}
