//! Signing keys: private halves encrypted by the caller before they reach this crate.

use crate::{KeyRow, Result, Store};
use idp_domain::UnixTime;
use sqlx::Row;
use std::sync::Arc;

impl Store {
    /// Adds `key` as the current key of its algorithm and retires the previous current one,
    /// in one transaction.
    pub async fn rotate_key(&self, key: &KeyRow, now: UnixTime) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE signing_keys SET retired_at = $2 WHERE alg = $1 AND retired_at IS NULL",
        )
        .bind(&key.alg)
        .bind(now)
        .execute(self.counted(&mut *tx))
        .await?;
        sqlx::query("INSERT INTO signing_keys (kid, alg, private_enc, public_jwk, created_at, retired_at) VALUES ($1, $2, $3, $4, $5, NULL)")
            .bind(&key.kid)
            .bind(&key.alg)
            .bind(key.private_enc.clone())
            .bind(&key.public_jwk)
            .bind(key.created_at)
            .execute(self.counted(&mut *tx))
            .await?;
        tx.commit().await?;
        self.cache.keys.invalidate_all();
        Ok(())
    }

    /// Adds `key` only if its algorithm has no current key (first start). Several nodes may
    /// race here: the unique index on current keys lets exactly one insert win.
    pub async fn add_key_if_missing(&self, key: &KeyRow) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO signing_keys (kid, alg, private_enc, public_jwk, created_at, retired_at) VALUES ($1, $2, $3, $4, $5, NULL) \
             ON CONFLICT (alg) WHERE retired_at IS NULL DO NOTHING",
        )
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(key.private_enc.clone())
        .bind(&key.public_jwk)
        .bind(key.created_at)
        .execute(self.db())
        .await?;
        self.cache.keys.invalidate_all();
        Ok(done.rows_affected() == 1)
    }

    /// Forgets the cached key set, so the next read sees keys another node or the CLI added.
    pub fn invalidate_keys(&self) {
        self.cache.keys.invalidate_all();
    }

    /// Keys still published: current ones and those retired after `retired_after` (tokens
    /// they signed may still be in use). Cached for the cache TTL.
    pub async fn published_keys(&self, retired_after: UnixTime) -> Result<Arc<Vec<KeyRow>>> {
        if let Some(hit) = self.cache.keys.get(&()) {
            return Ok(hit);
        }
        let rows = sqlx::query(
            "SELECT kid, alg, private_enc, public_jwk, created_at, retired_at FROM signing_keys \
             WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC, kid",
        )
        .bind(retired_after)
        .fetch_all(self.db())
        .await?;
        let keys = rows
            .iter()
            .map(|r| {
                Ok(KeyRow {
                    kid: r.try_get("kid")?,
                    alg: r.try_get("alg")?,
                    private_enc: r.try_get("private_enc")?,
                    public_jwk: r.try_get("public_jwk")?,
                    created_at: r.try_get("created_at")?,
                    retired_at: r.try_get("retired_at")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let keys = Arc::new(keys);
        self.cache.keys.insert((), keys.clone());
        Ok(keys)
    }
}
