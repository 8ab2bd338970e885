//! SSO: tenants' connections to their SAML IdPs, claimed e-mail domains, AuthnRequests in
//! flight, and the assertion IDs already used (the replay table every node shares).

use crate::users::{user_from_row, COLUMNS};
use crate::{decode, encode, flag, is_unique_violation, Result, Store, StoreError};
use idp_domain::sso::domain_candidates;
use idp_domain::{SsoConnection, SsoDomain, Tenant, TenantId, UnixTime, User, UserId};
use sqlx::Row;
use std::sync::Arc;

/// An AuthnRequest sent and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamlRequest {
    pub id: String,
    pub tenant: TenantId,
    pub relay_state: String,
    pub browser_digest: String,
    /// The sealed sign-in it continues.
    pub interaction: String,
    pub expires_at: UnixTime,
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(what: &'static str, s: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| StoreError::Corrupt {
            what,
            source: serde::de::Error::custom("not base64"),
        })
}

/// Binds a domain and its parents to the eight `IN (...)` places of a lookup (claims are at
/// most `MAX_LABELS` = 8 deep; unused places get an empty string, which no claim is).
fn bind_domains<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    keys: &[String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for i in 0..idp_domain::sso::MAX_LABELS {
        q = q.bind(keys.get(i).cloned().unwrap_or_default());
    }
    q
}

fn stored_tenant(s: String) -> Result<TenantId> {
    TenantId::parse(&s).map_err(|_| StoreError::Corrupt {
        what: "tenant ID",
        source: serde::de::Error::custom("not a company ID"),
    })
}

impl Store {
    /// Saves a tenant's connection and its domains, and the tenant (switched to SSO by the
    /// caller), in one transaction. A domain another tenant claims, or that overlaps another
    /// tenant's claim (`*.example.com` against `eu.example.com`), is a
    /// [`StoreError::Conflict`] and nothing is saved.
    pub async fn save_sso_connection(&self, c: &SsoConnection, tenant: &Tenant) -> Result<()> {
        let settings = encode("sso settings", &c.settings)?;
        let tenant_settings = encode("tenant settings", &tenant.settings)?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO sso_connections (tenant_id, metadata_xml, metadata_url, metadata_at, settings, sp_key, sp_cert, sp_next_key, sp_next_cert, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (tenant_id) DO UPDATE SET metadata_xml = $2, metadata_url = $3, metadata_at = $4, settings = $5, \
             sp_key = $6, sp_cert = $7, sp_next_key = $8, sp_next_cert = $9, updated_at = $11",
        )
        .bind(c.tenant.as_str())
        .bind(&c.metadata_xml)
        .bind(c.metadata_url.clone())
        .bind(c.metadata_at)
        .bind(settings)
        .bind(&c.sp_key)
        .bind(b64(&c.sp_cert))
        .bind(c.sp_next.as_ref().map(|(k, _)| k.clone()))
        .bind(c.sp_next.as_ref().map(|(_, cert)| b64(cert)))
        .bind(c.created_at)
        .bind(c.updated_at)
        .execute(self.counted(&mut *tx))
        .await?;
        sqlx::query("DELETE FROM sso_domains WHERE tenant_id = $1")
            .bind(c.tenant.as_str())
            .execute(self.counted(&mut *tx))
            .await?;
        for d in &c.domains {
            // Another tenant's claim that covers this domain, or that this claim covers.
            let mut keys = domain_candidates(&d.domain);
            keys.truncate(8);
            let others = sqlx::query(
                "SELECT domain, subdomains FROM sso_domains WHERE tenant_id <> $1 AND \
                 (domain IN ($2, $3, $4, $5, $6, $7, $8, $9) OR ($10 = 1 AND domain LIKE $11))",
            )
            .bind(c.tenant.as_str());
            let rows = bind_domains(others, &keys)
                .bind(d.subdomains as i64)
                .bind(format!("%.{}", d.domain))
                .fetch_all(self.counted(&mut *tx))
                .await?;
            for r in rows {
                let theirs = SsoDomain {
                    domain: r.try_get("domain")?,
                    subdomains: flag(&r, "subdomains")?,
                };
                if theirs.covers(&d.domain) || d.covers(&theirs.domain) {
                    return Err(StoreError::Conflict {
                        what: format!(
                            "domain `{}` (claimed as `{}` by another tenant)",
                            d.display(),
                            theirs.display()
                        ),
                    });
                }
            }
            let res = sqlx::query(
                "INSERT INTO sso_domains (domain, tenant_id, subdomains) VALUES ($1, $2, $3)",
            )
            .bind(&d.domain)
            .bind(c.tenant.as_str())
            .bind(d.subdomains as i64)
            .execute(self.counted(&mut *tx))
            .await;
            match res {
                Err(e) if is_unique_violation(&e) => {
                    return Err(StoreError::Conflict {
                        what: format!("domain `{}` (claimed by another tenant)", d.display()),
                    })
                }
                other => {
                    other?;
                }
            }
        }
        sqlx::query("UPDATE tenants SET settings = $2, updated_at = $3 WHERE id = $1")
            .bind(tenant.id.as_str())
            .bind(tenant_settings)
            .bind(tenant.updated_at)
            .execute(self.counted(&mut *tx))
            .await?;
        tx.commit().await?;
        self.cache.tenants.invalidate(&tenant.id);
        self.cache.sso.invalidate(&c.tenant);
        Ok(())
    }

    /// The tenant's connection (cached like tenants), or `None`.
    pub async fn sso_connection(&self, tenant: &TenantId) -> Result<Option<Arc<SsoConnection>>> {
        if let Some(hit) = self.cache.sso.get(tenant) {
            return Ok(hit);
        }
        let row = sqlx::query(
            "SELECT metadata_xml, metadata_url, metadata_at, settings, sp_key, sp_cert, sp_next_key, \
             sp_next_cert, created_at, updated_at FROM sso_connections WHERE tenant_id = $1",
        )
        .bind(tenant.as_str())
        .fetch_optional(self.db())
        .await?;
        let conn = match row {
            None => None,
            Some(r) => {
                let domains = sqlx::query(
                    "SELECT domain, subdomains FROM sso_domains WHERE tenant_id = $1 ORDER BY domain",
                )
                .bind(tenant.as_str())
                .fetch_all(self.db())
                .await?
                .iter()
                .map(|d| {
                    Ok(SsoDomain {
                        domain: d.try_get("domain")?,
                        subdomains: flag(d, "subdomains")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
                let next = match (
                    r.try_get::<Option<String>, _>("sp_next_key")?,
                    r.try_get::<Option<String>, _>("sp_next_cert")?,
                ) {
                    (Some(k), Some(c)) => Some((k, unb64("SP certificate", &c)?)),
                    _ => None,
                };
                Some(Arc::new(SsoConnection {
                    tenant: tenant.clone(),
                    metadata_xml: r.try_get("metadata_xml")?,
                    metadata_url: r.try_get("metadata_url")?,
                    metadata_at: r.try_get("metadata_at")?,
                    settings: decode("sso settings", &r.try_get::<String, _>("settings")?)?,
                    domains,
                    sp_key: r.try_get("sp_key")?,
                    sp_cert: unb64("SP certificate", &r.try_get::<String, _>("sp_cert")?)?,
                    sp_next: next,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                }))
            }
        };
        if conn.is_some() {
            self.cache.sso.insert(tenant.clone(), conn.clone());
        }
        Ok(conn)
    }

    /// Every connection whose metadata comes from a URL: (tenant, URL, when last fetched).
    pub async fn sso_metadata_urls(&self) -> Result<Vec<(TenantId, String, UnixTime)>> {
        let rows = sqlx::query(
            "SELECT tenant_id, metadata_url, metadata_at FROM sso_connections WHERE metadata_url IS NOT NULL",
        )
        .fetch_all(self.db())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    stored_tenant(r.try_get("tenant_id")?)?,
                    r.try_get("metadata_url")?,
                    r.try_get("metadata_at")?,
                ))
            })
            .collect()
    }

    /// Replaces a connection's metadata with a fresh copy from its URL.
    pub async fn refresh_sso_metadata(
        &self,
        tenant: &TenantId,
        xml: &str,
        now: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sso_connections SET metadata_xml = $2, metadata_at = $3 WHERE tenant_id = $1",
        )
        .bind(tenant.as_str())
        .bind(xml)
        .bind(now)
        .execute(self.db())
        .await?;
        self.cache.sso.invalidate(tenant);
        Ok(())
    }

    /// The tenant whose connection claims the domain of an e-mail address (lowercase), the
    /// most specific claim first.
    pub async fn sso_tenant_for_domain(&self, domain: &str) -> Result<Option<TenantId>> {
        let mut keys = domain_candidates(domain);
        if keys.is_empty() {
            return Ok(None);
        }
        keys.truncate(8);
        let q = sqlx::query(
            "SELECT domain, tenant_id, subdomains FROM sso_domains WHERE domain IN ($1, $2, $3, $4, $5, $6, $7, $8)",
        );
        let rows = bind_domains(q, &keys).fetch_all(self.db()).await?;
        let mut best: Option<(usize, TenantId)> = None;
        for r in rows {
            let claim = SsoDomain {
                domain: r.try_get("domain")?,
                subdomains: flag(&r, "subdomains")?,
            };
            if claim.covers(domain)
                && best
                    .as_ref()
                    .is_none_or(|(len, _)| claim.domain.len() > *len)
            {
                best = Some((claim.domain.len(), stored_tenant(r.try_get("tenant_id")?)?));
            }
        }
        Ok(best.map(|(_, t)| t))
    }

    pub async fn save_saml_request(&self, r: &SamlRequest) -> Result<()> {
        sqlx::query(
            "INSERT INTO saml_requests (id, tenant_id, relay_state, browser_digest, interaction, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&r.id)
        .bind(r.tenant.as_str())
        .bind(&r.relay_state)
        .bind(&r.browser_digest)
        .bind(&r.interaction)
        .bind(r.expires_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Takes the pending request `id` (once: a second take finds nothing), if not expired.
    pub async fn take_saml_request(&self, id: &str, now: UnixTime) -> Result<Option<SamlRequest>> {
        let row = sqlx::query(
            "DELETE FROM saml_requests WHERE id = $1 \
             RETURNING tenant_id, relay_state, browser_digest, interaction, expires_at",
        )
        .bind(id)
        .fetch_optional(self.db())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let req = SamlRequest {
            id: id.to_owned(),
            tenant: stored_tenant(r.try_get("tenant_id")?)?,
            relay_state: r.try_get("relay_state")?,
            browser_digest: r.try_get("browser_digest")?,
            interaction: r.try_get("interaction")?,
            expires_at: r.try_get("expires_at")?,
        };
        Ok((req.expires_at > now).then_some(req))
    }

    /// The sealed sign-in of the pending request `id`, if it is this tenant's, with this
    /// RelayState, sent to the browser with this digest, and not expired; left in place (for
    /// an IdP's unsigned error answer, which must not cancel anything).
    pub async fn peek_saml_request(
        &self,
        id: &str,
        tenant: &TenantId,
        relay_state: &str,
        browser_digest: &str,
        now: UnixTime,
    ) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT interaction FROM saml_requests WHERE id = $1 AND tenant_id = $2 \
             AND relay_state = $3 AND browser_digest = $4 AND expires_at > $5",
        )
        .bind(id)
        .bind(tenant.as_str())
        .bind(relay_state)
        .bind(browser_digest)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        row.map(|r| r.try_get("interaction").map_err(Into::into))
            .transpose()
    }

    /// Records an accepted assertion until `expires_at`: `false` when it was already there
    /// (a replay, from any node).
    pub async fn first_use_of_assertion(&self, key: &str, expires_at: UnixTime) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO saml_assertions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(key)
        .bind(expires_at)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The user of `tenant` with this upstream identity, or else with this e-mail address
    /// (which is then linked to it when `link`; a connection test only looks): one statement
    /// when the identity is known.
    pub async fn federated_user(
        &self,
        tenant: &TenantId,
        external_id: &str,
        email: Option<&str>,
        link: bool,
    ) -> Result<Option<User>> {
        let sql = format!(
            "SELECT {COLUMNS}, external_id FROM users WHERE tenant_id = $1 AND (external_id = $2 OR (external_id IS NULL AND lower(email) = lower($3))) \
             ORDER BY CASE WHEN external_id = $2 THEN 0 ELSE 1 END LIMIT 2"
        );
        let rows = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(external_id)
            .bind(email.unwrap_or(""))
            .fetch_all(self.db())
            .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let linked: Option<String> = first.try_get("external_id")?;
        let user = user_from_row(first, tenant)?;
        if linked.as_deref() == Some(external_id) {
            return Ok(Some(user));
        }
        // Matched by e-mail only: never when two accounts share it (which one is meant?).
        if rows.len() > 1 {
            return Ok(None);
        }
        // No stable key to link (a transient NameID): matched by e-mail each time.
        if external_id.is_empty() || !link {
            return Ok(Some(user));
        }
        self.link_external_id(tenant, &user.id, external_id).await?;
        Ok(Some(user))
    }

    pub async fn link_external_id(
        &self,
        tenant: &TenantId,
        user: &UserId,
        external_id: &str,
    ) -> Result<()> {
        let res = sqlx::query(
            "UPDATE users SET external_id = $3 WHERE tenant_id = $1 AND id = $2 AND external_id IS NULL",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .bind(external_id)
        .execute(self.db())
        .await;
        match res {
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                what: "an account with this upstream identity".into(),
            }),
            other => other.map(|_| ()).map_err(Into::into),
        }
    }
}
