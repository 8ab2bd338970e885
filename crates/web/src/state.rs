//! What every handler can reach.

use crate::Metrics;
use bytes::Bytes;
use idp_accounts::Accounts;
use std::sync::Arc;

/// The provider over the database store.
pub type Provider = idp_oidc::Provider<idp_store::Store>;

/// Deployment settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// `Secure` on cookies; off only for a plain-http loopback issuer.
    pub secure_cookies: bool,
    pub session_ttl: i64,
    /// Proxies whose `X-Forwarded-For` is believed (the load balancers in front of idp).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `metrics.bearer_token`: what `/metrics` asks for, when set.
    pub metrics_token: Option<String>,
    /// `metrics.bind`: `/metrics` is served there alone, not on the main address.
    pub metrics_bind: Option<std::net::SocketAddr>,
    /// `admin.tenant_sso_self_service`.
    pub tenant_sso_self_service: bool,
    /// `idp serve --demo`: the demo application's pages answer.
    pub demo: bool,
}

/// Cloned for every request by axum's extractors: one reference count, nothing else.
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

impl std::ops::Deref for AppState {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

pub struct AppInner {
    pub provider: Provider,
    /// Passwords, factors, lifecycle mails, administration.
    pub accounts: Accounts,
    pub config: WebConfig,
    pub metrics: Metrics,
    /// The sign-in pipeline.
    pub signin: idp_signin::SignIn,
    /// Tenant administration, for the admin API and console.
    pub admin: idp_admin::Admin,
    /// Discovery document, rendered once.
    pub discovery: Bytes,
}

impl AppState {
    pub fn new(provider: Provider, accounts: Accounts, config: WebConfig) -> Self {
        let discovery = serde_json::to_vec(&idp_oidc::discovery::metadata(&provider.config))
            .map(Bytes::from)
            .unwrap_or_default();
        let signin =
            idp_signin::SignIn::new(provider.clone(), accounts.clone(), config.session_ttl);
        let admin = idp_admin::Admin::new(
            accounts.clone(),
            signin.clone(),
            config.tenant_sso_self_service,
        );
        AppState(Arc::new(AppInner {
            provider,
            accounts,
            config,
            metrics: Metrics::default(),
            signin,
            admin,
            discovery,
        }))
    }
}
