//! OAuth 2.0 / OpenID Connect error responses: the wire code, a description, the HTTP status,
//! and whether the error may be sent to the client's redirect URI (only once the client and
//! redirect URI are verified; RFC 6749 §4.1.2.1).

use std::fmt;

/// Error codes of RFC 6749 §4.1.2.1 and §5.2, RFC 7009, and OIDC Core §3.1.2.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    UnsupportedResponseType,
    InvalidScope,
    AccessDenied,
    ServerError,
    LoginRequired,
    InteractionRequired,
    RequestNotSupported,
    RequestUriNotSupported,
    InvalidToken,
    UnsupportedTokenType,
    /// RFC 8707 §2: the requested resource is unknown or not allowed for the client.
    InvalidTarget,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidClient => "invalid_client",
            ErrorCode::InvalidGrant => "invalid_grant",
            ErrorCode::UnauthorizedClient => "unauthorized_client",
            ErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            ErrorCode::UnsupportedResponseType => "unsupported_response_type",
            ErrorCode::InvalidScope => "invalid_scope",
            ErrorCode::AccessDenied => "access_denied",
            ErrorCode::ServerError => "server_error",
            ErrorCode::LoginRequired => "login_required",
            ErrorCode::InteractionRequired => "interaction_required",
            ErrorCode::RequestNotSupported => "request_not_supported",
            ErrorCode::RequestUriNotSupported => "request_uri_not_supported",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::UnsupportedTokenType => "unsupported_token_type",
            ErrorCode::InvalidTarget => "invalid_target",
        }
    }

    /// RFC 6749 §5.2: 401 for client authentication failures, 500 for our own, 400 otherwise.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidClient | ErrorCode::InvalidToken => 401,
            ErrorCode::ServerError => 500,
            _ => 400,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub code: ErrorCode,
    /// Human-readable, ASCII without `"` or `\` (RFC 6749 §5.2 error_description charset).
    pub description: String,
}

impl OAuthError {
    pub fn new(code: ErrorCode, description: impl Into<String>) -> Self {
        let description = description
            .into()
            .chars()
            .map(|c| {
                if (' '..='~').contains(&c) && c != '"' && c != '\\' {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        OAuthError { code, description }
    }
    pub fn invalid_request(d: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidRequest, d)
    }
    pub fn invalid_client(d: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidClient, d)
    }
    pub fn invalid_grant(d: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidGrant, d)
    }
    /// An internal failure: the cause is logged by the caller, the client sees nothing of it.
    pub fn server_error() -> Self {
        Self::new(
            ErrorCode::ServerError,
            "the server could not complete the request",
        )
    }
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.description)
    }
}

impl std::error::Error for OAuthError {}

impl From<crate::StorageError> for OAuthError {
    fn from(e: crate::StorageError) -> Self {
        tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "store failure");
        OAuthError::server_error()
    }
}
