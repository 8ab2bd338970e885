//! RFC 9457 problem documents for the admin API: `application/problem+json`, with the field
//! that caused a `422` named in `field`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idp_admin::AdminError;
use serde::Serialize;

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank`: the status says it all).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// The input that caused the problem (a body field, a query parameter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `401`: the `WWW-Authenticate` challenge, not part of the body.
    #[serde(skip)]
    #[schema(ignore)]
    pub challenge: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
            challenge: None,
        }
    }

    pub fn field(status: StatusCode, field: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem {
            field: Some(field.into()),
            ..Problem::new(status, detail)
        }
    }

    fn typed(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// `401` with the bearer challenge of RFC 6750 §3.
    pub fn unauthorized(error: Option<&str>, detail: &str) -> Self {
        let challenge = match error {
            None => r#"Bearer realm="idp-admin""#.to_owned(),
            Some(e) => format!(
                r#"Bearer realm="idp-admin", error="{e}", error_description="{}""#,
                detail.replace(['"', '\\'], "'")
            ),
        };
        Problem {
            challenge: Some(challenge),
            ..Problem::new(StatusCode::UNAUTHORIZED, detail)
        }
    }
}

impl From<AdminError> for Problem {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NotFound { .. } => Problem::new(StatusCode::NOT_FOUND, e.to_string()),
            AdminError::Forbidden { reason } => {
                Problem::new(StatusCode::FORBIDDEN, reason).typed("urn:idp:problem:forbidden")
            }
            AdminError::Invalid { field, reason } => {
                Problem::field(StatusCode::UNPROCESSABLE_ENTITY, field, reason)
                    .typed("urn:idp:problem:invalid")
            }
            AdminError::Refused { field, reason } => {
                Problem::field(StatusCode::UNPROCESSABLE_ENTITY, field, reason)
                    .typed("urn:idp:problem:refused")
            }
            AdminError::Conflict { .. } => {
                Problem::new(StatusCode::CONFLICT, e.to_string()).typed("urn:idp:problem:conflict")
            }
            AdminError::TooMany(why) => Problem::new(StatusCode::TOO_MANY_REQUESTS, why),
            other => {
                let id = idp_domain::secret::random_b64(9).unwrap_or_default();
                let cause = std::error::Error::source(&other).map(|c| c.to_string());
                tracing::error!(request_id = %id, error = %other, ?cause, "admin API request failed");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("the request could not be completed (request id {id})"),
                )
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut r = crate::respond::no_store((status, body).into_response());
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(c) = self.challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            h.insert(header::WWW_AUTHENTICATE, c);
        }
        r
    }
}
