//! The storage traits of `idp-oidc` for [`Store`]: each method delegates to the inherent one
//! of the same name (which the rest of the workspace keeps calling) and turns [`StoreError`]
//! into the protocol crate's [`StorageError`]. No queries live here.

use crate::{
    Consumed, KeyRow, NewGrant, RefreshIssue, RefreshLookup, RefreshRef, Store, StoreError,
};
use idp_domain::{Client, ClientId, TenantId, UnixTime, User, UserId};
use idp_oidc::storage::{
    ClientStore, CodeStore, GrantStore, KeyStore, Result, StorageError, SubjectStore,
};
use std::sync::Arc;

impl From<StoreError> for StorageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { what } => StorageError::Conflict { what },
            StoreError::NotFound { what } => StorageError::NotFound { what },
            other => StorageError::backend(&other),
        }
    }
}

impl ClientStore for Store {
    async fn client(&self, id: &ClientId) -> Result<Option<Arc<Client>>> {
        Ok(Store::client(self, id).await?)
    }
}

impl CodeStore for Store {
    async fn create_grant_with_code(&self, g: &NewGrant<'_>) -> Result<()> {
        Ok(Store::create_grant_with_code(self, g).await?)
    }

    async fn consume_code(
        &self,
        digest: &str,
        now: UnixTime,
        refresh: Option<&RefreshIssue<'_>>,
    ) -> Result<Consumed> {
        Ok(Store::consume_code(self, digest, now, refresh).await?)
    }
}

impl GrantStore for Store {
    async fn revoke_grant(&self, id: &str) -> Result<()> {
        Ok(Store::revoke_grant(self, id).await?)
    }

    async fn grant_active(&self, id: &str, now: UnixTime) -> Result<bool> {
        Ok(Store::grant_active(self, id, now).await?)
    }

    async fn refresh_token(
        &self,
        token: RefreshRef<'_>,
        now: UnixTime,
    ) -> Result<Option<RefreshLookup>> {
        Ok(Store::refresh_token(self, token, now).await?)
    }

    async fn rotate_refresh_token(
        &self,
        token: RefreshRef<'_>,
        client_id: &str,
        next: &RefreshIssue<'_>,
    ) -> Result<Consumed> {
        Ok(Store::rotate_refresh_token(self, token, client_id, next).await?)
    }

    async fn restore_refresh_token(
        &self,
        grant_id: &str,
        spent: RefreshRef<'_>,
        unsent: &str,
    ) -> Result<()> {
        Ok(Store::restore_refresh_token(self, grant_id, spent, unsent).await?)
    }

    async fn revoke_jti(&self, jti: &str, expires_at: UnixTime) -> Result<()> {
        Ok(Store::revoke_jti(self, jti, expires_at).await?)
    }

    async fn jti_revoked(&self, jti: &str) -> Result<bool> {
        Ok(Store::jti_revoked(self, jti).await?)
    }
}

impl KeyStore for Store {
    async fn published_keys(&self, retired_after: UnixTime) -> Result<Arc<Vec<KeyRow>>> {
        Ok(Store::published_keys(self, retired_after).await?)
    }

    async fn add_key_if_missing(&self, key: &KeyRow) -> Result<bool> {
        Ok(Store::add_key_if_missing(self, key).await?)
    }

    async fn rotate_key(&self, key: &KeyRow, now: UnixTime) -> Result<()> {
        Ok(Store::rotate_key(self, key, now).await?)
    }

    fn invalidate_keys(&self) {
        Store::invalidate_keys(self);
    }
}

impl SubjectStore for Store {
    async fn user(&self, tenant: &TenantId, id: &UserId) -> Result<Option<User>> {
        Ok(Store::user(self, tenant, id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    fn chain(e: &(dyn Error + 'static)) -> Vec<String> {
        let mut out = vec![e.to_string()];
        let mut next = e.source();
        while let Some(s) = next {
            out.push(s.to_string());
            next = s.source();
        }
        out
    }

    #[test]
    fn a_backend_failure_keeps_its_message_and_causes() {
        let json = serde_json::from_str::<u8>("x").unwrap_err();
        let debug = format!("{json:?}");
        let store = StoreError::Corrupt {
            what: "client",
            source: json,
        };
        let expected = chain(&store);
        let storage = StorageError::from(store);
        assert_eq!(chain(&storage), expected);
        let cause = storage.source().map(|c| format!("{c:?}"));
        assert_eq!(cause, Some(debug));
    }

    #[test]
    fn conflicts_stay_conflicts() {
        let e = StorageError::from(StoreError::Conflict { what: "x".into() });
        assert!(matches!(e, StorageError::Conflict { ref what } if what == "x"));
        assert_eq!(e.to_string(), "x already exists");
    }
}
