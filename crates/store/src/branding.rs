//! Tenants' logos, beside the tenant whose settings name their version.

use crate::{encode, Result, Store, StoreError};
use idp_domain::{Tenant, TenantId};
use sqlx::Row;

/// A stored logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: String,
    pub data: Vec<u8>,
    pub version: String,
}

impl Store {
    /// Saves the tenant (its settings naming the logo's version, or none) and its logo (or
    /// removes it) in one transaction, if the tenant is still the version read (`read_at`, as
    /// [`Store::update_tenant_if`]).
    pub async fn save_branding(
        &self,
        t: &Tenant,
        read_at: idp_domain::UnixTime,
        logo: Option<&Logo>,
    ) -> Result<()> {
        use base64::Engine;
        let settings = encode("tenant settings", &t.settings)?;
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE tenants SET name = $2, settings = $3, updated_at = $4 WHERE id = $1 AND updated_at = $5",
        )
        .bind(t.id.as_str())
        .bind(&t.name)
        .bind(settings)
        .bind(t.updated_at)
        .bind(read_at)
        .execute(self.counted(&mut *tx))
        .await?;
        if done.rows_affected() == 0 {
            self.cache.tenants.invalidate(&t.id);
            return Err(StoreError::Conflict {
                what: format!(
                    "a change of tenant `{}` made at the same time (reload it and try again)",
                    t.id
                ),
            });
        }
        match logo {
            Some(l) => {
                sqlx::query(
                    "INSERT INTO tenant_logos (tenant_id, content_type, data, version, updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (tenant_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, \
                     version = excluded.version, updated_at = excluded.updated_at",
                )
                .bind(t.id.as_str())
                .bind(&l.content_type)
                .bind(base64::engine::general_purpose::STANDARD.encode(&l.data))
                .bind(&l.version)
                .bind(t.updated_at)
                .execute(self.counted(&mut *tx))
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM tenant_logos WHERE tenant_id = $1")
                    .bind(t.id.as_str())
                    .execute(self.counted(&mut *tx))
                    .await?;
            }
        }
        tx.commit().await?;
        self.cache.tenants.invalidate(&t.id);
        Ok(())
    }

    /// The tenant's logo, if it has one.
    pub async fn logo(&self, tenant: &TenantId) -> Result<Option<Logo>> {
        use base64::Engine;
        let row = sqlx::query(
            "SELECT content_type, data, version FROM tenant_logos WHERE tenant_id = $1",
        )
        .bind(tenant.as_str())
        .fetch_optional(self.db())
        .await?;
        row.map(|r| {
            let data: String = r.try_get("data")?;
            Ok(Logo {
                content_type: r.try_get("content_type")?,
                data: base64::engine::general_purpose::STANDARD
                    .decode(data)
                    .map_err(|_| StoreError::Corrupt {
                        what: "tenant logo",
                        source: serde::de::Error::custom("not base64"),
                    })?,
                version: r.try_get("version")?,
            })
        })
        .transpose()
    }
}
