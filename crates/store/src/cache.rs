//! Short-lived in-process caches for what nearly every request reads. Entries expire by TTL,
//! so a change made by the CLI or another node is seen within `cache_ttl`; a change made
//! through this process invalidates its own entry at once.
//!
//! A read is one uncontended read lock and a hash lookup: these sit on the path of every
//! token request (the client, the signing keys), where a general-purpose cache's
//! bookkeeping would cost more than the lookup.

use idp_domain::{Client, ClientId, Tenant, TenantId};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Entries live `ttl`. At `capacity`, expired entries are dropped first, then all of them:
/// a flood of distinct keys costs a reload, never unbounded memory.
pub(crate) struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    map: RwLock<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    fn new(ttl: Duration, capacity: usize) -> Self {
        TtlCache {
            ttl,
            capacity,
            map: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let map = self.map.read().unwrap_or_else(PoisonError::into_inner);
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn insert(&self, key: K, value: V) {
        let mut map = self.map.write().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= self.capacity && !map.contains_key(&key) {
            map.retain(|_, (at, _)| at.elapsed() < self.ttl);
            if map.len() >= self.capacity {
                map.clear();
            }
        }
        map.insert(key, (Instant::now(), value));
    }

    pub fn invalidate(&self, key: &K) {
        self.map
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    pub fn invalidate_all(&self) {
        self.map
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[derive(Clone)]
pub(crate) struct Caches {
    pub tenants: Arc<TtlCache<TenantId, Option<Arc<Tenant>>>>,
    pub clients: Arc<TtlCache<ClientId, Option<Arc<Client>>>>,
    pub keys: Arc<TtlCache<(), Arc<Vec<crate::KeyRow>>>>,
    pub sso: Arc<TtlCache<TenantId, Option<Arc<idp_domain::SsoConnection>>>>,
}

impl Caches {
    pub fn new(ttl: Duration) -> Self {
        Caches {
            tenants: Arc::new(TtlCache::new(ttl, 10_000)),
            clients: Arc::new(TtlCache::new(ttl, 10_000)),
            keys: Arc::new(TtlCache::new(ttl, 1)),
            sso: Arc::new(TtlCache::new(ttl, 10_000)),
        }
    }

    pub fn invalidate_all(&self) {
        self.tenants.invalidate_all();
        self.clients.invalidate_all();
        self.keys.invalidate_all();
        self.sso.invalidate_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_capacity_is_bounded() {
        let c: TtlCache<u32, u32> = TtlCache::new(Duration::from_millis(50), 3);
        c.insert(1, 10);
        assert_eq!(c.get(&1), Some(10));
        for k in 2..10 {
            c.insert(k, k);
        }
        assert!(c.map.read().unwrap().len() <= 3, "never above capacity");
        c.insert(1, 11);
        c.invalidate(&1);
        assert_eq!(c.get(&1), None);
        c.insert(2, 2);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.get(&2), None, "expired");
    }
}
