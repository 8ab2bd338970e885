//! Relying applications. The registration is stored as JSON beside its keyed secret digest.

use crate::{decode, encode, is_unique_violation, Result, Store, StoreError};
use idp_domain::{Client, ClientId};
use sqlx::Row;
use std::sync::Arc;

impl Store {
    pub async fn create_client(&self, c: &Client) -> Result<()> {
        let res = sqlx::query(
            "INSERT INTO clients (id, tenant_id, secret_digest, data, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(c.id.as_str())
        .bind(c.tenant.as_ref().map(|t| t.as_str().to_owned()))
        .bind(c.secret_digest.clone())
        .bind(encode("client", c)?)
        .bind(c.created_at)
        .execute(self.db())
        .await;
        match res {
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                what: format!("client `{}`", c.id),
            }),
            other => {
                other?;
                self.cache.clients.invalidate(&c.id);
                Ok(())
            }
        }
    }

    /// Registered clients by ID, after `after` (the product's built-in ones are not listed).
    pub async fn clients(&self, after: Option<&str>, limit: i64) -> Result<Vec<Client>> {
        let rows = sqlx::query(
            "SELECT secret_digest, data FROM clients WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(self.db())
        .await?;
        rows.iter()
            .map(|r| {
                let mut c: Client = decode("client", &r.try_get::<String, _>("data")?)?;
                c.secret_digest = r.try_get("secret_digest")?;
                Ok(c)
            })
            .collect()
    }

    /// Saves a changed registration (name, URIs, secret digest, disabled), as an
    /// administrator changed it, if it is still the version read (`read_at`, its
    /// `updated_at`): two changes at once never undo each other (a rotation racing a disable).
    /// Other nodes see it within the cache TTL.
    pub async fn update_client(
        &self,
        c: &Client,
        read_at: idp_domain::UnixTime,
        now: idp_domain::UnixTime,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE clients SET secret_digest = $2, data = $3, updated_at = $4 WHERE id = $1 AND updated_at = $5",
        )
        .bind(c.id.as_str())
        .bind(c.secret_digest.clone())
        .bind(encode("client", c)?)
        // Strictly later than the version read, even within one second.
        .bind(now.max(read_at + 1))
        .bind(read_at)
        .execute(self.db())
        .await?;
        self.cache.clients.invalidate(&c.id);
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                what: format!(
                    "a change of client `{}` made at the same time (reload it and try again)",
                    c.id
                ),
            });
        }
        Ok(())
    }

    /// A registered client as its administrators see it, disabled or not (never a built-in
    /// one), read from the database.
    /// With the version it has (`updated_at`), for [`Store::update_client`].
    pub async fn client_registration(&self, id: &ClientId) -> Result<Option<(Client, i64)>> {
        let row = sqlx::query("SELECT secret_digest, data, updated_at FROM clients WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(self.db())
            .await?;
        row.map(|r| {
            let mut c: Client = decode("client", &r.try_get::<String, _>("data")?)?;
            c.secret_digest = r.try_get("secret_digest")?;
            Ok((c, r.try_get("updated_at")?))
        })
        .transpose()
    }

    /// The client, from the cache when it was read within the cache TTL. A disabled client
    /// is `None`, as an unknown one: every protocol endpoint refuses it. Unknown IDs are
    /// cached too, so a flood of bad client IDs costs one query per ID per TTL.
    pub async fn client(&self, id: &ClientId) -> Result<Option<Arc<Client>>> {
        if let Some(c) = self.builtin_clients.iter().find(|c| c.id == *id) {
            return Ok(Some(c.clone()));
        }
        if let Some(hit) = self.cache.clients.get(id) {
            return Ok(hit.filter(|c| !c.disabled));
        }
        let row = sqlx::query("SELECT secret_digest, data FROM clients WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(self.db())
            .await?;
        let client = match row {
            None => None,
            Some(r) => {
                let mut c: Client = decode("client", &r.try_get::<String, _>("data")?)?;
                c.secret_digest = r.try_get("secret_digest")?;
                Some(Arc::new(c))
            }
        };
        // Only what exists is kept: unknown IDs, which anyone can make up, never fill the cache.
        if client.is_some() {
            self.cache.clients.insert(id.clone(), client.clone());
        }
        Ok(client.filter(|c| !c.disabled))
    }
}
