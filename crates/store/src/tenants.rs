//! Tenants and their settings (stored as JSON so new settings need no migration).

use crate::{decode, encode, is_unique_violation, Result, Store, StoreError};
use idp_domain::{Tenant, TenantId};
use sqlx::Row;
use std::sync::Arc;

impl Store {
    pub async fn create_tenant(&self, t: &Tenant) -> Result<()> {
        let settings = encode("tenant settings", &t.settings)?;
        let res = sqlx::query(
            "INSERT INTO tenants (id, name, settings, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(t.id.as_str())
        .bind(&t.name)
        .bind(settings)
        .bind(t.created_at)
        .bind(t.updated_at)
        .execute(self.db())
        .await;
        match res {
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                what: format!("tenant `{}`", t.id),
            }),
            other => {
                other?;
                self.cache.tenants.invalidate(&t.id);
                Ok(())
            }
        }
    }

    pub async fn update_tenant(&self, t: &Tenant) -> Result<()> {
        let settings = encode("tenant settings", &t.settings)?;
        let done = sqlx::query(
            "UPDATE tenants SET name = $2, settings = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(t.id.as_str())
        .bind(&t.name)
        .bind(settings)
        .bind(t.updated_at)
        .execute(self.db())
        .await?;
        self.cache.tenants.invalidate(&t.id);
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: format!("tenant `{}`", t.id),
            });
        }
        Ok(())
    }

    /// Saves an administrator's change of a tenant if it is still the version read
    /// (`read_at`, its `updated_at`): two changes at once (on two nodes, say) never undo each
    /// other; the later one is a conflict. `t.updated_at` must be later than `read_at`.
    pub async fn update_tenant_if(&self, t: &Tenant, read_at: idp_domain::UnixTime) -> Result<()> {
        let settings = encode("tenant settings", &t.settings)?;
        let done = sqlx::query(
            "UPDATE tenants SET name = $2, settings = $3, updated_at = $4 WHERE id = $1 AND updated_at = $5",
        )
        .bind(t.id.as_str())
        .bind(&t.name)
        .bind(settings)
        .bind(t.updated_at)
        .bind(read_at)
        .execute(self.db())
        .await?;
        self.cache.tenants.invalidate(&t.id);
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                what: format!(
                    "a change of tenant `{}` made at the same time (reload it and try again)",
                    t.id
                ),
            });
        }
        Ok(())
    }

    /// The tenant as stored now, past the cache: what an administrator's change starts from.
    pub async fn tenant_fresh(&self, id: &TenantId) -> Result<Option<Arc<Tenant>>> {
        self.cache.tenants.invalidate(id);
        self.tenant(id).await
    }

    /// The tenant, from the cache when it was read within the cache TTL.
    pub async fn tenant(&self, id: &TenantId) -> Result<Option<Arc<Tenant>>> {
        if let Some(hit) = self.cache.tenants.get(id) {
            return Ok(hit);
        }
        let row = sqlx::query(
            "SELECT id, name, settings, created_at, updated_at FROM tenants WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(self.db())
        .await?;
        let tenant = match row {
            None => None,
            Some(r) => Some(Arc::new(Tenant {
                id: id.clone(),
                name: r.try_get("name")?,
                settings: decode("tenant settings", &r.try_get::<String, _>("settings")?)?,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
            })),
        };
        // Only what exists is kept: unknown IDs, which anyone can make up, never fill the cache.
        if tenant.is_some() {
            self.cache.tenants.insert(id.clone(), tenant.clone());
        }
        Ok(tenant)
    }
}
