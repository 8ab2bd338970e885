//! Error responses. API endpoints answer JSON (RFC 6749 §5.2) with `Cache-Control: no-store`;
//! browser routes answer an HTML page carrying a request id. 5xx bodies say nothing of the
//! cause, which is logged with that id.

use crate::pages;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idp_i18n::Msg;
use idp_oidc::{ErrorCode, OAuthError};
use serde_json::json;

pub fn no_store(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

pub fn json_bytes(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    let mut r = (status, body.into()).into_response();
    // Room for what the answer gets on its way out (no-store, the envelope's three): one
    // allocation rather than a table that grows and rehashes.
    r.headers_mut().reserve(8);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// An error from an API endpoint.
#[derive(Debug)]
pub enum ApiError {
    OAuth(OAuthError),
    TooLarge,
}

impl From<OAuthError> for ApiError {
    fn from(e: OAuthError) -> Self {
        ApiError::OAuth(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, e) = match self {
            ApiError::OAuth(e) => (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
                e,
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                OAuthError::invalid_request(format!(
                    "the request body exceeds {} bytes",
                    crate::BODY_LIMIT
                )),
            ),
        };
        let body = serde_json::to_vec(
            &json!({"error": e.code.as_str(), "error_description": e.description}),
        )
        .unwrap_or_default();
        let mut r = no_store(json_bytes(status, body));
        if e.code == ErrorCode::InvalidClient {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"idp\""),
            );
        }
        r
    }
}

/// An error on a browser route: an HTML page, never a redirect.
#[derive(Debug)]
pub struct PageError {
    pub status: u16,
    pub message: Msg,
}

impl PageError {
    /// A request the protocol refuses: the reason in the protocol's own (English) words,
    /// inside a sentence in the reader's language.
    pub fn request(status: u16, detail: impl Into<String>) -> Self {
        PageError::msg(
            status,
            Msg::new("error-request").with("detail", detail.into()),
        )
    }

    pub fn msg(status: u16, message: Msg) -> Self {
        PageError { status, message }
    }

    /// An internal failure: logged with a request id, shown without detail.
    pub fn internal(context: &str, err: &dyn std::error::Error) -> Self {
        let id = idp_domain::secret::random_b64(9).unwrap_or_default();
        tracing::error!(request_id = %id, error = %err, cause = ?err.source(), "{context}");
        PageError::msg(500, Msg::new("error-internal").with("reference", id))
    }
}

impl From<OAuthError> for PageError {
    fn from(e: OAuthError) -> Self {
        if e.code == ErrorCode::ServerError {
            return PageError::internal("server error", &e);
        }
        PageError::request(e.status(), e.description)
    }
}

impl From<idp_store::StoreError> for PageError {
    fn from(e: idp_store::StoreError) -> Self {
        PageError::internal("store failure", &e)
    }
}

impl From<idp_accounts::AccountsError> for PageError {
    fn from(e: idp_accounts::AccountsError) -> Self {
        use idp_accounts::AccountsError as E;
        match e {
            E::Store(e) => PageError::internal("store failure", &e),
            E::NotDelivered { what, cause } => {
                tracing::error!(cause, "{what} could not be delivered");
                let key = match what {
                    "the code" => "error-code-not-sent",
                    _ => "error-mail-not-sent",
                };
                PageError::msg(503, Msg::new(key))
            }
            E::Corrupt { .. } => PageError::msg(500, Msg::new("error-key-unreadable")),
            E::NoSuchUser { .. } | E::NoSuchTenant { .. } => {
                PageError::msg(404, Msg::new("error-no-account"))
            }
            E::Refused(why) => PageError::msg(400, why),
            other => PageError::internal("accounts", &other),
        }
    }
}

impl From<idp_signin::SignInError> for PageError {
    fn from(e: idp_signin::SignInError) -> Self {
        use idp_signin::SignInError as E;
        match e {
            E::Expired => PageError::msg(404, Msg::new("error-signin-expired")),
            E::StepGone => PageError::msg(404, Msg::new("error-step-gone")),
            E::ClientGone => PageError::msg(400, Msg::new("error-client-gone")),
            E::TooManyCodes => PageError::msg(403, Msg::new("error-too-many-codes")),
            E::Store(e) => PageError::internal("store failure", &e),
            E::Accounts(e) => e.into(),
            E::OAuth(e) => e.into(),
            other => PageError::internal("sign-in", &other),
        }
    }
}

impl From<idp_signin::sso::SsoError> for PageError {
    fn from(e: idp_signin::sso::SsoError) -> Self {
        use idp_signin::sso::SsoError as E;
        match e {
            E::NoConnection(_) => PageError::msg(404, Msg::new("error-no-sso")),
            E::Broken { .. } => {
                tracing::error!(error = %e, "SSO connection unusable");
                PageError::msg(503, Msg::new("error-sso-broken"))
            }
            E::Invalid { message, .. } => PageError::msg(400, message),
            E::TooMany => PageError::msg(429, Msg::new("error-too-many-sso")),
            E::SignIn(e) => e.into(),
            other => PageError::internal("sso", &other),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        pages::render(
            status,
            &pages::ErrorPage {
                t: crate::routes::language::current(),
                message: &self.message,
            },
        )
    }
}
