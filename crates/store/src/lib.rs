//! Persistence for the identity provider: SQLite (embedded default) and PostgreSQL (what
//! several nodes share), behind one API.
//!
//! Both backends are reached through sqlx's `Any` driver with portable SQL text (`$1`
//! placeholders, `RETURNING`, `ON CONFLICT`), so one implementation serves both and the same
//! test suite proves it on both. Times are Unix seconds, flags 0/1 integers. Single-use values
//! are consumed by one conditional `UPDATE ... RETURNING`, never by a read-then-write, so two
//! nodes can never both accept the same code or refresh token. Tenants, clients and signing
//! keys are cached in-process with moka for a few seconds (see [`cache`]).
//!
//! This crate owns tables and queries; it does not decide protocol rules.

mod accounts;
mod admin;
mod audit;
pub mod branding;
mod cache;
mod clients;
mod factors;
mod flows;
mod keys;
mod migrate;
mod oidc;
mod sessions;
mod sso;
mod tenants;
mod users;

pub use accounts::{LinkPurpose, NewLink, ResetSummary, SpentLink};
pub use admin::{AuditQuery, AuditRecord, UserListing, UserQuery, UserStatus};
pub use audit::{AuditEvent, LockSteps, Reservation, Throttle};
pub use factors::{CodeRow, FactorRow, PendingLogin};
pub use migrate::MigrationSummary;
pub use sso::SamlRequest;
// Defined beside the storage traits in `idp-oidc`; re-exported so callers keep one import.
pub use idp_oidc::storage::{
    Consumed, KeyRow, NewGrant, RefreshIssue, RefreshLookup, RefreshRef, SessionRow,
};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// The database an URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("database URL `{url}` is neither sqlite: nor postgres://")]
    UnsupportedUrl { url: String },
    #[error("cannot create the database directory {path}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{what} already exists")]
    Conflict { what: String },
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("stored {what} cannot be read")]
    Corrupt {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Tuning for the connection pool and caches.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// How long a tenant, client or key set read from the database is trusted.
    pub cache_ttl: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: 10,
            cache_ttl: Duration::from_secs(5),
        }
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    cache: cache::Caches,
    /// Clients that are part of the product (the account pages), never stored.
    builtin_clients: std::sync::Arc<Vec<std::sync::Arc<idp_domain::Client>>>,
    /// SQL statements sent to the database since start (`/metrics`, the benchmark).
    statements: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Store {
    /// Connects to `url`; for SQLite the file and its directory are created when missing.
    pub async fn connect(url: &str, opts: &StoreOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| StoreError::UnsupportedUrl {
            url: redact_url(url),
        })?;
        let mut url = url.to_owned();
        if backend == Backend::Sqlite {
            prepare_sqlite_path(&url)?;
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let pool = AnyPoolOptions::new()
            .max_connections(opts.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; the busy timeout makes
                        // concurrent writers wait instead of failing.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store {
            pool,
            backend,
            cache: cache::Caches::new(opts.cache_ttl),
            builtin_clients: Default::default(),
            statements: Default::default(),
        })
    }

    /// The pool, counting one statement: every query of the store goes through here (or
    /// through [`Store::counted`] inside a transaction).
    fn db(&self) -> &AnyPool {
        self.statements
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        &self.pool
    }

    /// Counts one statement run on `conn` (a transaction's connection).
    fn counted<T>(&self, conn: T) -> T {
        self.statements
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        conn
    }

    /// A transaction; its BEGIN counts as a statement, its COMMIT as another.
    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        self.statements
            .fetch_add(2, std::sync::atomic::Ordering::Relaxed);
        Ok(self.pool.begin().await?)
    }

    /// How many SQL statements this process sent to the database.
    pub fn statements(&self) -> u64 {
        self.statements.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Adds a client that lives in code rather than the database (its ID wins over a stored
    /// one; IDs starting with `idp-` are reserved for them).
    pub fn with_builtin_client(mut self, c: idp_domain::Client) -> Store {
        let mut list: Vec<_> = self.builtin_clients.iter().cloned().collect();
        list.retain(|x| x.id != c.id);
        list.push(std::sync::Arc::new(c));
        self.builtin_clients = std::sync::Arc::new(list);
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(self.db()).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Forgets every cached read (tests and CLI-driven changes in the same process).
    pub fn invalidate_caches(&self) {
        self.cache.invalidate_all();
    }
}

/// The URL without its password, for messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

fn prepare_sqlite_path(url: &str) -> Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
    }
    Ok(())
}

fn decode<T: serde::de::DeserializeOwned>(what: &'static str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|source| StoreError::Corrupt { what, source })
}

fn encode<T: serde::Serialize>(what: &'static str, v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|source| StoreError::Corrupt { what, source })
}

/// True when the error is a unique-constraint violation (both backends).
fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.message().contains("UNIQUE constraint failed")
                || db.code().as_deref() == Some("23505")
        }
        _ => false,
    }
}

fn flag(row: &AnyRow, col: &str) -> Result<bool> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(col)? != 0)
}
