//! Our own extractors: malformed input becomes an OAuth `invalid_request` (or an HTML error
//! page for browser routes), never axum's plain-text rejection.

use crate::respond::ApiError;
use crate::BODY_LIMIT;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, Method};
use idp_oidc::params::Params;
use idp_oidc::OAuthError;

pub enum ParamsRejection {
    Bad(OAuthError),
    TooLarge,
}

impl From<ParamsRejection> for ApiError {
    fn from(r: ParamsRejection) -> Self {
        match r {
            ParamsRejection::Bad(e) => ApiError::OAuth(e),
            ParamsRejection::TooLarge => ApiError::TooLarge,
        }
    }
}

/// Parameters from the query (GET) or an `application/x-www-form-urlencoded` body (POST).
pub async fn read_params(req: Request) -> Result<Params, ParamsRejection> {
    read_params_up_to(req, BODY_LIMIT).await
}

/// [`read_params`] with a larger body limit, for the one form that carries a document (an
/// IdP's metadata pasted into the admin console).
pub async fn read_params_up_to(req: Request, limit: usize) -> Result<Params, ParamsRejection> {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        return Params::parse(req.uri().query().unwrap_or("")).map_err(ParamsRejection::Bad);
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    let body: Body = req.into_body();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ParamsRejection::TooLarge)?;
    if !is_form && !bytes.is_empty() {
        return Err(ParamsRejection::Bad(OAuthError::invalid_request(
            "the body must be application/x-www-form-urlencoded",
        )));
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ParamsRejection::Bad(OAuthError::invalid_request("the body is not UTF-8")))?;
    Params::parse(text).map_err(ParamsRejection::Bad)
}

/// The same parameters for browser routes, where a bad request gets an HTML page.
pub struct PageParams(pub Params);

impl<S: Send + Sync> FromRequest<S> for PageParams {
    type Rejection = crate::respond::PageError;
    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        match read_params(req).await {
            Ok(p) => Ok(PageParams(p)),
            Err(ParamsRejection::TooLarge) => Err(crate::respond::PageError::msg(
                413,
                idp_i18n::Msg::new("error-too-large"),
            )),
            Err(ParamsRejection::Bad(e)) => {
                Err(crate::respond::PageError::request(400, e.description))
            }
        }
    }
}
