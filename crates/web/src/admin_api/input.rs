//! What the admin API reads from a request: the bearer token as a [`Caller`], JSON bodies and
//! query strings whose errors name the field.

use super::problem::Problem;
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use idp_admin::Caller;
use idp_domain::{ClientId, TenantId, UserId};
use serde::de::DeserializeOwned;

/// The caller of an admin API request, from its bearer access token (RFC 6750 §2.1): an
/// `--admin` client's client_credentials token, or a user's token with the `admin` scope.
/// Whether the caller may do what it asks is the admin service's to decide; this only says
/// who it is.
pub struct ApiCaller(pub Caller);

/// The scope a user's token needs for the admin API.
pub const ADMIN_SCOPE: &str = "admin";

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Problem> {
        let Some(v) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(Problem::unauthorized(
                None,
                "this endpoint needs a bearer access token",
            ));
        };
        let token = v
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| {
                Problem::unauthorized(Some("invalid_request"), "only Bearer tokens are accepted")
            })?;
        let claims = s
            .provider
            .validate_access_token(token)
            .await
            .map_err(|e| Problem::unauthorized(Some("invalid_token"), &e.description))?;
        if claims.aud != s.provider.config.issuer {
            return Err(Problem::unauthorized(
                Some("invalid_token"),
                "the access token is for another resource",
            ));
        }
        let store = &s.accounts.store;
        let internal = |e: idp_store::StoreError| Problem::from(idp_admin::AdminError::from(e));
        // client_credentials: the client speaks for itself, with no grant behind it.
        if claims.gid.is_none() && claims.sub == claims.client_id {
            let client = match ClientId::parse(&claims.client_id) {
                Ok(id) => store.client(&id).await.map_err(internal)?,
                Err(_) => None,
            };
            let client = client.ok_or_else(|| {
                Problem::unauthorized(Some("invalid_token"), "the client no longer exists")
            })?;
            return Ok(ApiCaller(Caller::client(&client)));
        }
        if !claims.scope.split(' ').any(|x| x == ADMIN_SCOPE) {
            let mut p = Problem::new(
                StatusCode::FORBIDDEN,
                "the access token does not carry the admin scope",
            );
            p.challenge = Some(format!(
                r#"Bearer realm="idp-admin", error="insufficient_scope", scope="{ADMIN_SCOPE}""#
            ));
            return Err(p);
        }
        let user = match claims.tenant.as_deref().map(TenantId::parse) {
            Some(Ok(t)) => store
                .user(&t, &UserId::from_stored(claims.sub.clone()))
                .await
                .map_err(internal)?,
            _ => None,
        };
        let user = user.ok_or_else(|| {
            Problem::unauthorized(Some("invalid_token"), "the account no longer exists")
        })?;
        Ok(ApiCaller(Caller::user(&user)))
    }
}

/// The largest admin API body: an IdP metadata document (at most 2 MB, as a fetched one) as a
/// JSON string, with room for its escaping.
pub const ADMIN_BODY_LIMIT: usize = 3 * 1024 * 1024;

/// A JSON body the operation describes: it must be there; an unknown field or a bad value is
/// `422` naming the field.
pub struct Body<T>(pub T);

/// The body of a POST that describes none (interfaces.md): `{}`, or nothing at all.
pub struct NoBody;

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, _: &AppState) -> Result<Self, Problem> {
        read_json(req, false).await.map(Body)
    }
}

impl FromRequest<AppState> for NoBody {
    type Rejection = Problem;

    async fn from_request(req: Request, _: &AppState) -> Result<Self, Problem> {
        read_json::<super::Nothing>(req, true).await.map(|_| NoBody)
    }
}

/// Reads a JSON object body; `empty_ok`: no body at all counts as `{}`.
async fn read_json<T: DeserializeOwned>(req: Request, empty_ok: bool) -> Result<T, Problem> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let mime = v.split(';').next().unwrap_or("").trim();
            mime.eq_ignore_ascii_case("application/json")
        });
    let bytes = axum::body::to_bytes(req.into_body(), ADMIN_BODY_LIMIT)
        .await
        .map_err(|_| {
            Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body exceeds {} bytes", ADMIN_BODY_LIMIT),
            )
        })?;
    let bytes: &[u8] = if bytes.is_empty() && empty_ok {
        b"{}"
    } else if bytes.is_empty() {
        return Err(Problem::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "body",
            "this operation needs a JSON object body",
        ));
    } else if json == Some(false) {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be application/json",
        ));
    } else {
        &bytes
    };
    // Every body of this API is an object (`[]` would pass for an empty struct).
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Problem::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "body",
            "the body must be a JSON object",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        let field = match (path.as_str(), unknown_field(&message)) {
            (_, Some(f)) => f.to_owned(),
            ("." | "", None) => "body".to_owned(),
            (p, None) => p.to_owned(),
        };
        let detail = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        Problem::field(StatusCode::UNPROCESSABLE_ENTITY, field, detail)
    })?;
    de.end().map_err(|_| {
        Problem::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "body",
            "trailing characters after the JSON value",
        )
    })?;
    Ok(value)
}

/// `unknown field `x`, expected ...` names the field between the first backticks.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// A query string (`?limit=&cursor=&q=...`); a bad value is `422` naming the parameter.
pub struct QueryOf<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryOf<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let q = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(q.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(QueryOf)
            .map_err(|e| {
                let field = e.path().to_string();
                let detail = e.into_inner().to_string();
                Problem::field(StatusCode::UNPROCESSABLE_ENTITY, field, detail)
            })
    }
}
