//! Short-lived in-process caches for what nearly every request reads. Entries expire by TTL,
//! so a change made by the CLI or another node is seen within `cache_ttl`; a change made
//! through this process invalidates its own entry at once.

use idp_domain::{Client, ClientId, Tenant, TenantId};
use moka::future::Cache;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub(crate) struct Caches {
    pub tenants: Cache<TenantId, Option<Arc<Tenant>>>,
    pub clients: Cache<ClientId, Option<Arc<Client>>>,
    pub keys: Cache<(), Arc<Vec<crate::KeyRow>>>,
}

impl Caches {
    pub fn new(ttl: Duration) -> Self {
        Caches {
            tenants: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
            clients: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
            keys: Cache::builder().max_capacity(1).time_to_live(ttl).build(),
        }
    }

    pub fn invalidate_all(&self) {
        self.tenants.invalidate_all();
        self.clients.invalidate_all();
        self.keys.invalidate_all();
    }
}
