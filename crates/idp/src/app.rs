//! Wiring: from a validated configuration to a store, a provider and a router; serving with
//! graceful shutdown and periodic clean-up.

use crate::config::Config;
use anyhow::Context;
use idp_accounts::{Accounts, HashParams, PasswordHasher};
use idp_domain::{Clock, SystemClock};
use idp_oidc::crypto::{MasterKey, Secrets};
use idp_oidc::ProviderConfig;
use idp_store::{Store, StoreOptions};
use idp_web::{AppState, Provider, WebConfig};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let opts = StoreOptions {
        max_connections: config.database.max_connections,
        cache_ttl: Duration::from_secs(config.database.cache_ttl.secs() as u64),
    };
    let store = Store::connect(&config.database.url, &opts)
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                idp_store::redact_url(&config.database.url)
            )
        })?;
    store
        .migrate()
        .await
        .context("cannot apply database migrations")?;
    Ok(store)
}

/// The master key from configuration, or from its file (created on first use).
pub fn master_key(config: &Config) -> anyhow::Result<MasterKey> {
    if let Some(k) = &config.crypto.master_key {
        return Ok(MasterKey::from_base64(k)?);
    }
    let path = &config.crypto.master_key_file;
    if !path.exists() {
        create_key_file(path)?;
        tracing::warn!(path = %path.display(), "generated a new master key; back it up, and give every node the same key (crypto.master_key)");
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the master key file {}", path.display()))?;
    MasterKey::from_base64(&text)
        .with_context(|| format!("the master key file {} is not valid", path.display()))
}

fn create_key_file(path: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot create the master key file {}", path.display()))?;
    f.write_all(MasterKey::generate_base64()?.as_bytes())?;
    Ok(())
}

pub fn provider_config(config: &Config) -> ProviderConfig {
    let t = &config.tokens;
    ProviderConfig {
        issuer: config.issuer(),
        id_token_ttl: t.id_token_ttl.secs(),
        access_token_ttl: t.access_token_ttl.secs(),
        code_ttl: t.code_ttl.secs(),
        refresh_token_ttl: t.refresh_token_ttl.secs(),
        interaction_ttl: t.interaction_ttl.secs(),
    }
}

pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

pub fn password_hasher(config: &Config) -> anyhow::Result<PasswordHasher> {
    let p = &config.password;
    Ok(PasswordHasher::with_idle_hook(
        HashParams {
            m_kib: p.argon2_memory_kib,
            t: p.argon2_iterations,
            p: p.argon2_parallelism,
        },
        p.max_concurrent_hashes.unwrap_or_else(cores),
        Some(crate::memory::trim),
    )?)
}

/// Everything a running server needs, with `clock` as its time source.
pub async fn build_state(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    let mut store = open_store(config).await?;
    if let Some(account) = idp_web::account_client(&config.issuer(), clock.now()) {
        store = store.with_builtin_client(account);
    }
    if let Some(console) = idp_web::console_client(&config.issuer(), clock.now()) {
        store = store.with_builtin_client(console);
    }
    if let Some(demo) = idp_web::demo_client(&config.issuer(), clock.now()).filter(|_| config.demo)
    {
        store = store.with_builtin_client(demo);
    }
    let secrets = Secrets::new(&master_key(config)?)?;
    let provider = Provider::new(provider_config(config), store, secrets, clock.clone());
    let added = provider
        .ensure_keys()
        .await
        .context("cannot prepare signing keys")?;
    if !added.is_empty() {
        tracing::info!(keys = ?added, "generated signing keys");
    }
    provider
        .keys()
        .await
        .map_err(|_| anyhow::anyhow!("the stored signing keys cannot be used: is crypto.master_key the one they were created with?"))?;
    let web = WebConfig {
        secure_cookies: config.secure_cookies(),
        session_ttl: config.tokens.session_ttl.secs(),
        trusted_proxies: config.trusted_proxies(),
        metrics_token: config.metrics.bearer_token.clone(),
        metrics_bind: config.metrics.bind.as_deref().and_then(|b| b.parse().ok()),
        tenant_sso_self_service: config.admin.tenant_sso_self_service,
        demo: config.demo,
    };
    let accounts = accounts(config, &provider, clock)?;
    // Start-up (migrations, key generation, the dummy hash) leaves freed memory behind.
    crate::memory::trim();
    Ok(AppState::new(provider, accounts, web))
}

/// The accounts service on the provider's store, secrets and clock.
pub fn accounts(
    config: &Config,
    provider: &Provider,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Accounts> {
    Ok(Accounts::new(
        provider.store.clone(),
        provider.secrets.clone(),
        delivery(config)?,
        password_hasher(config)?,
        clock,
        config.issuer(),
    ))
}

/// Mail and SMS transports from `[mail]` and `[sms]`.
pub fn delivery(config: &Config) -> anyhow::Result<idp_delivery::Delivery> {
    idp_delivery::Delivery::new(&config.mail, &config.sms).map_err(|e| anyhow::anyhow!("{e}"))
}

/// How old IdP metadata fetched from a URL may get before it is fetched again.
const METADATA_REFRESH_EVERY: i64 = 6 * 3600;

/// How often expired rows are pruned (by one node of the deployment).
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// Serves on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = state.provider.store.clone();
    let provider = state.provider.clone();
    let metrics = match state.config.metrics_bind {
        Some(addr) => {
            let l = TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on metrics.bind {addr}"))?;
            let router = idp_web::metrics_router(state.clone());
            Some(tokio::spawn(async move {
                if let Err(e) = axum::serve(l, router).await {
                    tracing::error!(error = %e, "the metrics listener failed");
                }
            }))
        }
        None => None,
    };
    // Every node ticks; whichever holds the lease prunes (no coordinator).
    let node = idp_domain::secret::random_b64(12).context("random generator failed")?;
    let signin = state.signin.clone();
    let housekeeping = move || {
        let (provider, signin, node) = (provider.clone(), signin.clone(), node.clone());
        async move {
            let lease = PURGE_EVERY.as_secs() as i64 - 5;
            match provider
                .store
                .purge_if_leader(&node, provider.now(), lease)
                .await
            {
                Ok(Some(n)) => {
                    tracing::debug!(rows = n, "purged expired rows");
                    // The same node refreshes IdP metadata fetched from URLs.
                    if let Err(e) = signin.sso_refresh_metadata(METADATA_REFRESH_EVERY).await {
                        tracing::warn!(error = %e, "refreshing IdP metadata failed");
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "purging expired rows failed"),
            }
        }
    };
    // The first round runs before the listener answers, so that no request shares the
    // start-up with it; then every PURGE_EVERY.
    housekeeping().await;
    let purge = tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            housekeeping().await;
        }
    });
    axum::serve(listener, idp_web::app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server failed")?;
    purge.abort();
    if let Some(m) = metrics {
        m.abort();
    }
    store.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}
