//! The provider: configuration, its storage, derived secrets, the clock and the key set, with
//! the operations the web layer calls. The protocol steps themselves live in `authorize`,
//! `token` and `logout`.

use crate::crypto::{CryptoError, Secrets};
use crate::keys::{new_key_row, KeySet};
use crate::storage::{KeyRow, OidcStorage, StorageError};
use crate::OAuthError;
use idp_domain::{Clock, SigningAlg, UnixTime};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// Exactly as published in discovery and put in every token's `iss`.
    pub issuer: String,
    pub id_token_ttl: i64,
    pub access_token_ttl: i64,
    pub code_ttl: i64,
    pub refresh_token_ttl: i64,
    /// How long a user may take to sign in once the authorization request arrived.
    pub interaction_ttl: i64,
}

impl ProviderConfig {
    pub fn new(issuer: impl Into<String>) -> Self {
        ProviderConfig {
            issuer: issuer.into(),
            id_token_ttl: 3600,
            access_token_ttl: 3600,
            code_ttl: 60,
            refresh_token_ttl: 30 * 86_400,
            interaction_ttl: 1800,
        }
    }

    /// How long a retired key stays published: as long as anything it signed may be used.
    pub fn key_overlap(&self) -> i64 {
        self.id_token_ttl.max(self.access_token_ttl) + 300
    }

    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{}", self.issuer.trim_end_matches('/'), path)
    }
}

struct CachedKeys {
    rows: Arc<Vec<KeyRow>>,
    set: Arc<KeySet>,
}

/// Generic over its storage `S` (in the server, `idp_store::Store`), so that this crate
/// needs no database driver.
#[derive(Clone)]
pub struct Provider<S> {
    pub config: Arc<ProviderConfig>,
    pub store: S,
    pub secrets: Secrets,
    clock: Arc<dyn Clock>,
    keys: Arc<RwLock<Option<CachedKeys>>>,
    /// When the key set was last reloaded because a token named an unknown `kid`.
    last_kid_miss_reload: Arc<AtomicI64>,
}

impl<S: OidcStorage> Provider<S> {
    pub fn new(config: ProviderConfig, store: S, secrets: Secrets, clock: Arc<dyn Clock>) -> Self {
        Provider {
            config: Arc::new(config),
            store,
            secrets,
            clock,
            keys: Arc::new(RwLock::new(None)),
            last_kid_miss_reload: Arc::new(AtomicI64::new(0)),
        }
    }

    pub fn now(&self) -> UnixTime {
        self.clock.now()
    }

    /// Generates a key for every algorithm that has none (a fresh database).
    pub async fn ensure_keys(&self) -> Result<Vec<String>, ProviderError> {
        let now = self.now();
        let rows = self
            .store
            .published_keys(now - self.config.key_overlap())
            .await?;
        let mut added = Vec::new();
        for alg in SigningAlg::ALL {
            if rows
                .iter()
                .any(|r| r.alg == alg.as_str() && r.retired_at.is_none())
            {
                continue;
            }
            let row = new_key_row(&self.secrets, alg, now)?;
            if self.store.add_key_if_missing(&row).await? {
                added.push(row.kid);
            }
        }
        Ok(added)
    }

    /// `idp keys rotate`: a new current key for `alg`; the old one stays published.
    pub async fn rotate_key(&self, alg: SigningAlg) -> Result<KeyRow, ProviderError> {
        let now = self.now();
        let row = new_key_row(&self.secrets, alg, now)?;
        self.store.rotate_key(&row, now).await?;
        Ok(row)
    }

    /// The key set in force, rebuilt only when the published rows changed.
    pub async fn keys(&self) -> Result<Arc<KeySet>, OAuthError> {
        let rows = self
            .store
            .published_keys(self.now() - self.config.key_overlap())
            .await?;
        let previous = {
            let guard = self.keys.read().map_err(|_| OAuthError::server_error())?;
            match guard.as_ref() {
                Some(c) if Arc::ptr_eq(&c.rows, &rows) => return Ok(c.set.clone()),
                other => other.map(|c| c.set.clone()),
            }
        };
        // Rows reloaded by the store (its cache expired) but unchanged keep the set; either way
        // the new rows are remembered, so that the next calls take the pointer test above.
        let set = match &previous {
            Some(p) if p.same_rows(&rows) => p.clone(),
            _ => Arc::new(
                KeySet::build(&rows, &self.secrets, previous.as_deref()).map_err(|e| {
                    tracing::error!(error = %e, "cannot load signing keys");
                    OAuthError::server_error()
                })?,
            ),
        };
        if let Ok(mut guard) = self.keys.write() {
            *guard = Some(CachedKeys {
                rows,
                set: set.clone(),
            });
        }
        Ok(set)
    }
}

impl<S: OidcStorage> Provider<S> {
    /// Verifies a token signed by one of our keys. A `kid` this node does not know yet (a key
    /// another node or `idp keys rotate` just added) reloads the key set once, at most once a
    /// second, instead of failing until the cache expires.
    pub async fn verify_jws<C: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        typ: Option<&str>,
    ) -> Result<C, crate::jws::VerifyError> {
        use crate::jws::{verify, VerifyError};
        let keys = self.keys().await.map_err(|_| VerifyError::UnknownKey)?;
        match verify(&keys, token, typ) {
            Err(VerifyError::UnknownKey) => {
                let now = self.now();
                let last = self.last_kid_miss_reload.load(Ordering::Relaxed);
                if now <= last
                    || self
                        .last_kid_miss_reload
                        .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                        .is_err()
                {
                    return Err(VerifyError::UnknownKey);
                }
                self.store.invalidate_keys();
                let keys = self.keys().await.map_err(|_| VerifyError::UnknownKey)?;
                verify(&keys, token, typ)
            }
            other => other,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProviderError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}
