//! Protocol endpoints: discovery, JWKS, authorize, token, userinfo, introspection, revocation.

use super::see_other;
use crate::cookies;
use crate::extract::{read_params, PageParams};
use crate::respond::{json_bytes, no_store, ApiError, PageError};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use idp_oidc::params::Params;
use idp_oidc::{ErrorCode, OAuthError};
use idp_signin::Authorized;
use serde_json::json;
use std::sync::atomic::Ordering::Relaxed;

pub async fn discovery_get(State(s): State<AppState>) -> Response {
    let mut r = json_bytes(StatusCode::OK, s.discovery.clone());
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

pub async fn jwks_get(State(s): State<AppState>) -> Result<Response, ApiError> {
    let keys = s.provider.keys().await?;
    let mut r = json_bytes(StatusCode::OK, keys.jwks_bytes());
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(r)
}

/// The `Authorization` header and the form of a protocol POST (token, introspection,
/// revocation), taking the one header rather than a copy of them all.
async fn credentials_and_params(req: Request) -> Result<(Option<HeaderValue>, Params), ApiError> {
    let authorization = req.headers().get(header::AUTHORIZATION).cloned();
    let params = read_params(req).await?;
    Ok((authorization, params))
}

fn authorization(value: &Option<HeaderValue>) -> Option<&str> {
    value.as_ref().and_then(|v| v.to_str().ok())
}

/// OIDC Core §3.1.2: GET and POST alike.
pub async fn authorize_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let session = cookies::get(&headers, cookies::SESSION, s.config.secure_cookies);
    match s.signin.authorize(&p, session.as_deref()).await? {
        Authorized::Redirect(location) => Ok(see_other(&location)),
        Authorized::Refused { status, message } => Err(PageError::msg(status, message)),
    }
}

pub async fn token_post(State(s): State<AppState>, req: Request) -> Response {
    let (auth, p) = match credentials_and_params(req).await {
        Ok(ok) => ok,
        Err(e) => return e.into_response(),
    };
    match s.provider.token(authorization(&auth), &p).await {
        Ok(t) => {
            s.metrics.tokens.fetch_add(1, Relaxed);
            no_store(json_bytes(StatusCode::OK, t.to_json()))
        }
        Err(e) => {
            s.metrics.token_errors.fetch_add(1, Relaxed);
            ApiError::OAuth(e).into_response()
        }
    }
}

/// RFC 6750 §3: errors carry `WWW-Authenticate: Bearer`.
fn bearer_error(e: Option<OAuthError>) -> Response {
    let (status, challenge, body) = match &e {
        None => (
            StatusCode::UNAUTHORIZED,
            "Bearer realm=\"idp\"".to_owned(),
            json!({"error": "invalid_request", "error_description": "no access token was sent"}),
        ),
        Some(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNAUTHORIZED);
            (
                status,
                format!(
                    "Bearer realm=\"idp\", error=\"{}\", error_description=\"{}\"",
                    e.code.as_str(),
                    e.description
                ),
                json!({"error": e.code.as_str(), "error_description": e.description}),
            )
        }
    };
    let mut r = no_store(json_bytes(
        status,
        serde_json::to_vec(&body).unwrap_or_default(),
    ));
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

/// OIDC Core §5.3: GET or POST, token in the Authorization header or (POST) the form body.
pub async fn userinfo_get(State(s): State<AppState>, req: Request) -> Response {
    let header_token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .map(str::trim)
                .map(str::to_owned)
        });
    let token = match header_token {
        Some(Some(t)) => t,
        Some(None) => {
            return bearer_error(Some(OAuthError::new(
                ErrorCode::InvalidRequest,
                "only Bearer tokens are accepted",
            )))
        }
        None if req.method() == Method::POST => match read_params(req).await {
            Ok(p) => match p.get("access_token") {
                Some(t) => t.to_owned(),
                None => return bearer_error(None),
            },
            Err(_) => {
                return bearer_error(Some(OAuthError::invalid_request(
                    "the body is not a valid form",
                )))
            }
        },
        None => return bearer_error(None),
    };
    match s.provider.userinfo(&token).await {
        Ok(v) => no_store(json_bytes(
            StatusCode::OK,
            serde_json::to_vec(&v).unwrap_or_default(),
        )),
        Err(e) if e.code == ErrorCode::ServerError => ApiError::OAuth(e).into_response(),
        Err(e) => bearer_error(Some(e)),
    }
}

pub async fn introspect_post(
    State(s): State<AppState>,
    req: Request,
) -> Result<Response, ApiError> {
    let (auth, p) = credentials_and_params(req).await?;
    let v = s.provider.introspect(authorization(&auth), &p).await?;
    Ok(no_store(json_bytes(
        StatusCode::OK,
        serde_json::to_vec(&v).unwrap_or_default(),
    )))
}

pub async fn revoke_post(State(s): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (auth, p) = credentials_and_params(req).await?;
    s.provider.revoke(authorization(&auth), &p).await?;
    Ok(no_store(StatusCode::OK.into_response()))
}
