//! Operations endpoints (liveness, readiness, metrics) and static assets.

use crate::pages::{self, MessagePage};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idp_i18n::Msg;

pub async fn healthz_get() -> &'static str {
    "ok\n"
}

pub async fn readyz_get(State(s): State<AppState>) -> Response {
    match s.provider.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// Prometheus text; with `metrics.bearer_token` set, only for that bearer token. A public
/// (https) issuer serves it only with a token or on `metrics.bind`: secure by default.
pub async fn metrics_get(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let c = &s.config;
    if c.secure_cookies && c.metrics_token.is_none() && c.metrics_bind.is_none() {
        return (
            StatusCode::FORBIDDEN,
            "/metrics is off on a public issuer: set metrics.bearer_token, or metrics.bind for a separate listener\n",
        )
            .into_response();
    }
    if let Some(want) = &s.config.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            given.as_bytes(),
            want.as_bytes(),
        )) {
            let mut r = (StatusCode::UNAUTHORIZED, "a bearer token is required\n").into_response();
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"metrics\""),
            );
            return r;
        }
    }
    let mut r = s
        .metrics
        .render(s.provider.store.statements())
        .into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    r
}

pub async fn stylesheet_get() -> Response {
    let mut r = pages::STYLESHEET.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

pub async fn home_get() -> Response {
    pages::render(
        StatusCode::OK,
        &MessagePage::of("home-title", Msg::new("home-lead")),
    )
}

pub async fn not_found() -> Response {
    pages::render(
        StatusCode::NOT_FOUND,
        &MessagePage::of("error-not-found", Msg::new("error-no-page")),
    )
}
