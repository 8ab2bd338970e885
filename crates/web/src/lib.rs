//! The HTTP layer: axum routers, pages, cookies, CSRF and the password hasher. Handlers
//! extract, make one call into the `oidc` crate or the store, and map the result; protocol
//! rules live in `idp-oidc`, sign-in decisions in `idp-mfa-policy`.

mod cookies;
mod extract;
mod factors;
pub mod lifecycle;
mod metrics;
mod pages;
pub mod password;
mod respond;
mod routes;
mod state;
pub mod strength;

pub use metrics::Metrics;
pub use password::PasswordHasher;
pub use routes::account_client;
pub use state::{AppState, Provider, WebConfig};

use axum::Router;

/// Largest request body accepted anywhere (forms and token requests are far smaller).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The whole application router; `/metrics` is on it unless `metrics.bind` is set.
pub fn router(state: AppState) -> Router {
    let mut r = routes::router();
    if state.config.metrics_bind.is_none() {
        r = r.merge(routes::metrics_router());
    }
    r.with_state(state.clone())
        .layer(metrics::EnvelopeLayer(state))
}

/// `/metrics` alone, served on `metrics.bind`.
pub fn metrics_router(state: AppState) -> Router {
    routes::metrics_router().with_state(state)
}
