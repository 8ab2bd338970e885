//! A tenant's audit log, filtered by user, event type and time, newest first.

use crate::{Action, Admin, AdminError, Caller, Msg, Page, Paging, Result};
use idp_domain::TenantId;
use idp_store::{AuditQuery, AuditRecord};
use serde::Serialize;

/// One security event as administrators read it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditView {
    /// Unix time.
    pub at: i64,
    /// A stable name such as `sign_in.success` or `user.reset`.
    #[serde(rename = "type")]
    pub event: String,
    /// The user the event is about, by user name (absent for tenant-wide events, or a user
    /// deleted since).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Who acted: `cli`, `admin:<tenant>/<user name>`, `client:<client ID>`; absent when the
    /// user acted themselves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
}

/// The filters of `GET .../audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub event: Option<String>,
    /// Unix time.
    pub since: Option<i64>,
}

impl Admin {
    pub async fn audit(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        filter: &AuditFilter,
        paging: &Paging,
    ) -> Result<Page<AuditView>> {
        self.check(caller, Action::ReadAudit, Some(tenant))?;
        self.accounts.tenant(tenant).await?;
        let limit = paging.limit()?;
        let before = paging
            .after()?
            .map(|c| c.parse::<i64>())
            .transpose()
            .map_err(|_| AdminError::invalid("cursor", Msg::new("admin-err-cursor")))?;
        let store = &self.accounts.store;
        // A user name that does not exist matches no event (rather than every event).
        let user_id = match &filter.username {
            None => None,
            Some(name) => match store.user_by_username(tenant, name).await? {
                Some(u) => Some(u.id.to_string()),
                None => {
                    return Ok(Page {
                        items: Vec::new(),
                        next_cursor: None,
                    })
                }
            },
        };
        let rows = store
            .audit_page(
                tenant,
                &AuditQuery {
                    user: user_id.as_deref(),
                    event: filter.event.as_deref(),
                    since: filter.since,
                    before,
                    limit: limit + 1,
                },
            )
            .await?;
        let page = Paging::page(limit, rows, |r: &AuditRecord| r.id.to_string());
        let mut names = std::collections::HashMap::new();
        let mut items = Vec::with_capacity(page.items.len());
        for r in page.items {
            let username = match &r.event.user {
                None => None,
                Some(id) => {
                    if !names.contains_key(id) {
                        let u = store
                            .user(tenant, &idp_domain::UserId::from_stored(id.clone()))
                            .await?;
                        names.insert(id.clone(), u.map(|u| u.username));
                    }
                    names[id].clone()
                }
            };
            items.push(AuditView {
                at: r.event.at,
                event: r.event.event,
                username,
                actor: r.event.actor,
                detail: r.event.detail,
                client_ip: r.event.client_ip,
            });
        }
        Ok(Page {
            items,
            next_cursor: page.next_cursor,
        })
    }
}
