//! Password hashing with argon2id at OWASP parameters (m=19 MiB, t=2, p=1). Hashing runs on
//! the blocking pool behind a semaphore sized to the cores, so a burst of sign-ins queues
//! instead of starving the async workers or growing memory without bound.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Copy)]
pub struct HashParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for HashParams {
    fn default() -> Self {
        HashParams {
            m_kib: 19_456,
            t: 2,
            p: 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("argon2 parameters are invalid: {0}")]
    Params(String),
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task failed")]
    Join,
}

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    /// Verified against when the user does not exist, so the answer takes as long.
    dummy: Arc<String>,
}

impl PasswordHasher {
    pub fn new(p: HashParams, concurrency: usize) -> Result<Self, PasswordError> {
        let params = Params::new(p.m_kib, p.t, p.p, None)
            .map_err(|e| PasswordError::Params(e.to_string()))?;
        let dummy = hash_with(&params, "not a password anyone has")?;
        Ok(PasswordHasher {
            params,
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(dummy),
        })
    }

    /// Hashes synchronously (CLI use).
    pub fn hash_blocking(&self, password: &str) -> Result<String, PasswordError> {
        hash_with(&self.params, password)
    }

    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Join)?;
        let params = self.params.clone();
        tokio::task::spawn_blocking(move || hash_with(&params, &password))
            .await
            .map_err(|_| PasswordError::Join)?
    }

    /// True when `password` matches `stored`; with `stored = None` a dummy hash is checked
    /// and false returned, taking the same time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy.as_str().to_owned());
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&stored)
                .map(|h| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &h)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        ok && exists
    }
}

fn hash_with(params: &Params, password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_users_fail() {
        let h = PasswordHasher::new(
            HashParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
            2,
        )
        .unwrap();
        let stored = h.hash("correct horse".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert!(h.verify("correct horse".into(), Some(stored.clone())).await);
        assert!(!h.verify("wrong".into(), Some(stored)).await);
        assert!(!h.verify("not a password anyone has".into(), None).await);
    }
}
