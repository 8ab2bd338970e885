//! The HTTP layer: axum routers, pages, cookies and CSRF. Handlers extract, make one call
//! into the `oidc`, `accounts` or `signin` crate, and map the result to a page or JSON.

mod admin_api;
mod console;
mod cookies;
mod extract;
mod metrics;
mod multipart;
mod pages;
mod respond;
mod routes;
mod state;

pub use admin_api::ADMIN_SCOPE;
pub use metrics::{App, Metrics};
pub use routes::account_client;

/// The admin console's built-in client registration.
pub fn console_client(issuer: &str, now: idp_domain::UnixTime) -> Option<idp_domain::Client> {
    console::BUILTIN.client(issuer, now)
}

/// The demo application's built-in client registration (`idp serve --demo`).
pub fn demo_client(issuer: &str, now: idp_domain::UnixTime) -> Option<idp_domain::Client> {
    routes::builtin::DEMO.client(issuer, now)
}
pub use state::{AppState, Provider, WebConfig};

use axum::Router;

/// Largest request body accepted anywhere (forms and token requests are far smaller).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The whole application, for `axum::serve`; `/metrics` is on it unless `metrics.bind` is set.
pub fn app(state: AppState) -> metrics::App {
    let mut r = routes::router()
        .nest("/admin/api/v1", admin_api::router())
        .merge(console::router());
    if state.config.metrics_bind.is_none() {
        r = r.merge(routes::metrics_router());
    }
    // Pages and the admin API speak the request's language; the protocol's JSON endpoints
    // (the token endpoint above all) skip that middleware.
    let r = r.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        routes::language::scope,
    ));
    let router = routes::protocol_router().merge(r).with_state(state.clone());
    metrics::App { router, state }
}

/// `/metrics` alone, served on `metrics.bind`.
pub fn metrics_router(state: AppState) -> Router {
    routes::metrics_router().with_state(state)
}
