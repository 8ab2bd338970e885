//! Rule 11: wrong passwords and codes are counted per account (company ID + user name, as
//! typed, so the answer is the same whether the account exists) and per client address.
//!
//! - Every attempt is *reserved* in the database before any hashing: one statement counts it
//!   and checks the lock, so concurrent requests on any number of nodes cannot outrun the
//!   threshold. A right answer gives its reservation back.
//! - At most [`MAX_IN_FLIGHT`] checks of one account run at once on a node; more wait their
//!   turn for a few seconds (a double click, several tabs), then are refused.
//! - A browser that signed in to the account before carries a device cookie for it and has a
//!   budget of its own, so guesses from elsewhere do not lock its owner out (OWASP's device
//!   cookie scheme).
//! - IPv6 addresses count by their /64.
//! - Every outcome is audited, with at most [`MAX_TYPED_USERNAME`] characters of what was
//!   typed.

use crate::{Accounts, Result};
use idp_i18n::Msg;
use idp_mfa_policy::guessing::{
    self, Subject, MAX_IN_FLIGHT, MAX_TYPED_TENANT, MAX_TYPED_USERNAME,
};
use idp_store::AuditEvent;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

pub use crate::admin::account_key;

/// The counter name of a client address: IPv4 as it is, IPv6 by its /64 (an IPv4 address
/// mapped into IPv6 counts as the IPv4 address).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("ip:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip:{v4}"),
            None => {
                let s = v6.segments();
                format!("ip:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Checks of one account in flight on this node: a fair (first come, first served) semaphore
/// per account that has checks running or waiting, removed when nobody uses it.
#[derive(Debug, Default, Clone)]
pub struct InFlight(Arc<Slots>);

#[derive(Debug, Default)]
pub struct Slots {
    running: Mutex<HashMap<String, Arc<tokio::sync::Semaphore>>>,
}

/// How long an attempt waits for a free slot before it is refused: a double click or a few
/// tabs signing in to one account at once are served in turn, a flood is turned away.
const WAIT_FOR_SLOT: std::time::Duration = std::time::Duration::from_secs(3);

/// One check in flight; dropping it ends it.
pub struct Permit {
    map: InFlight,
    key: String,
    sem: Arc<tokio::sync::Semaphore>,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl InFlight {
    /// The semaphore of `key` (made on first use). `None` if the map is poisoned: refuse
    /// rather than guess.
    fn slots(&self, key: &str) -> Option<Arc<tokio::sync::Semaphore>> {
        let mut m = self.0.running.lock().ok()?;
        Some(
            m.entry(key.to_owned())
                .or_insert_with(|| Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT)))
                .clone(),
        )
    }

    /// Forgets `key`'s semaphore when only the map still holds it besides `sem`.
    fn tidy(&self, key: &str, sem: &Arc<tokio::sync::Semaphore>) {
        if let Ok(mut m) = self.0.running.lock() {
            if Arc::strong_count(sem) <= 2 {
                m.remove(key);
            }
        }
    }

    /// `None` when [`MAX_IN_FLIGHT`] checks of `key` already run.
    #[cfg(test)]
    fn try_acquire(&self, key: &str) -> Option<Permit> {
        let sem = self.slots(key)?;
        match sem.clone().try_acquire_owned() {
            Ok(p) => Some(self.permit(key, sem, p)),
            Err(_) => {
                self.tidy(key, &sem);
                None
            }
        }
    }

    /// A slot for `key`, waiting in line up to `wait` for one to free up.
    async fn acquire(&self, key: &str, wait: std::time::Duration) -> Option<Permit> {
        let sem = self.slots(key)?;
        match tokio::time::timeout(wait, sem.clone().acquire_owned()).await {
            Ok(Ok(p)) => Some(self.permit(key, sem, p)),
            _ => {
                self.tidy(key, &sem);
                None
            }
        }
    }

    fn permit(
        &self,
        key: &str,
        sem: Arc<tokio::sync::Semaphore>,
        p: tokio::sync::OwnedSemaphorePermit,
    ) -> Permit {
        Permit {
            map: self.clone(),
            key: key.to_owned(),
            sem,
            permit: Some(p),
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        drop(self.permit.take());
        self.map.tidy(&self.key, &self.sem);
    }
}

const BUSY: Msg = Msg::new("signin-busy");

/// One reserved counter: its key, what it counts, and the lock its reservation started.
struct Held {
    key: String,
    subject: Subject,
    failures: i64,
    started_lock: Option<i64>,
}

pub struct Guard {
    tenant: String,
    username: String,
    ip: IpAddr,
    /// The account's counter as typed (what device cookies are tagged with).
    typed: String,
    /// The account's counter, or this browser's own counter for the account.
    account: (String, Subject),
    address_key: String,
    /// The account counter's locks: the tenant's policy, else the defaults; and the window
    /// after which a count starts over.
    steps: [(i64, i64); 3],
    window: i64,
    held: Vec<Held>,
    _permit: Option<Permit>,
}

impl Guard {
    /// `device`: the nonce of a device cookie that carries this account's tag (see
    /// [`crate::device`]), if the browser sent one.
    pub fn new(tenant: &str, username: &str, ip: IpAddr, device: Option<&str>) -> Self {
        let key = account_key(tenant, username);
        let account = match device {
            Some(nonce) => (format!("dev:{nonce}:{key}"), Subject::Device),
            None => (key.clone(), Subject::Account),
        };
        Guard {
            tenant: tenant.chars().take(MAX_TYPED_TENANT).collect(),
            username: username.chars().take(MAX_TYPED_USERNAME).collect(),
            ip,
            typed: key,
            account,
            address_key: address_key(ip),
            steps: guessing::steps(Subject::Account),
            window: guessing::WINDOW,
            held: Vec::new(),
            _permit: None,
        }
    }

    /// The account's locks as the tenant's settings say (its threshold and first lock).
    pub fn with_policy(mut self, settings: &idp_domain::TenantSettings) -> Self {
        let first = settings.lockout_duration.secs();
        self.steps = guessing::account_steps(i64::from(settings.lockout_threshold), first);
        self.window = guessing::window_for(first);
        self
    }

    /// The guard of a signed-in user's own check (the account page): a browser whose device
    /// cookie carries this account's tag keeps its own budget there too.
    pub fn for_user(
        s: &Accounts,
        tenant: &str,
        username: &str,
        ip: IpAddr,
        device: Option<&str>,
    ) -> Self {
        let trusted =
            crate::device::trusted_for(&s.secrets, device, &account_key(tenant, username));
        Guard::new(tenant, username, ip, trusted.as_deref())
    }

    /// The account's counter name as typed.
    pub fn typed_account(&self) -> &str {
        &self.typed
    }

    /// Reserves this attempt on the account (or device) counter and the address counter.
    /// `Some(message)` when it must not be checked: a lock runs, or too many checks of the
    /// account are in flight. Nothing stays counted for a refused attempt.
    pub async fn reserve(&mut self, s: &Accounts) -> Result<Option<Msg>> {
        let Some(permit) = s.in_flight.acquire(&self.account.0, WAIT_FOR_SLOT).await else {
            return Ok(Some(BUSY));
        };
        self._permit = Some(permit);
        let now = s.now();
        let [account, address] = s
            .store
            .reserve_attempts(
                (&self.account.0, &self.steps),
                (&self.address_key, &guessing::steps(Subject::Address)),
                now,
                self.window,
            )
            .await?;
        let held = [
            (self.account.0.clone(), self.account.1, account),
            (self.address_key.clone(), Subject::Address, address),
        ];
        for (key, subject, r) in held.iter().cloned() {
            if r.granted {
                self.held.push(Held {
                    key,
                    subject,
                    failures: r.failures,
                    started_lock: (r.locked_until > now).then_some(r.locked_until),
                });
            }
        }
        if let Some((_, _, refused)) = held.iter().find(|(_, _, r)| !r.granted) {
            // Nothing stays counted for an attempt that is not checked.
            self.release(s).await?;
            self._permit = None;
            return Ok(Some(guessing::locked_message(refused.locked_until - now)));
        }
        Ok(None)
    }

    /// The answer was right but the sign-in goes on (or it was a check inside the account
    /// page): the reservations are given back.
    pub async fn passed(&mut self, s: &Accounts) -> Result<()> {
        self.release(s).await
    }

    async fn release(&mut self, s: &Accounts) -> Result<()> {
        self.settle(s, false).await
    }

    /// Gives the reservations back in one statement; with `completed`, the account's (or
    /// this browser's) count starts over instead.
    async fn settle(&mut self, s: &Accounts, completed: bool) -> Result<()> {
        let held = std::mem::take(&mut self.held);
        let list: Vec<(&str, Option<i64>, bool)> = held
            .iter()
            .map(|h| {
                let clear = completed && h.subject != Subject::Address;
                (h.key.as_str(), h.started_lock, clear)
            })
            .collect();
        s.store.settle_attempts(&list).await?;
        Ok(())
    }

    pub async fn failed(&mut self, s: &Accounts) -> Result<()> {
        let detail = format!("user name {:?}", self.username);
        self.count_failure(s, None, detail).await
    }

    /// A wrong second-factor code of `user`: counted and locked exactly like a wrong
    /// password, and audited under the user, who is known at this step.
    pub async fn failed_code(
        &mut self,
        s: &Accounts,
        user: &idp_domain::UserId,
        method: idp_domain::Method,
    ) -> Result<()> {
        let detail = format!("user name {:?}, wrong {method} code", self.username);
        self.count_failure(s, Some(user.as_str()), detail).await
    }

    /// A second factor turned on or off, for the audit log.
    pub async fn factor_changed(
        &self,
        s: &Accounts,
        event: &str,
        user: &idp_domain::UserId,
        method: idp_domain::Method,
    ) -> Result<()> {
        let detail = Some(format!("method {method}"));
        self.audit(s, event, Some(user.as_str()), detail).await
    }

    /// The reservations stay counted; a lock one of them started is audited. `user` when it
    /// is known (a code); a password's failure names only what was typed.
    async fn count_failure(
        &mut self,
        s: &Accounts,
        user: Option<&str>,
        detail: String,
    ) -> Result<()> {
        self.audit(s, "sign_in.failure", user, Some(detail)).await?;
        for h in std::mem::take(&mut self.held) {
            let Some(until) = h.started_lock else {
                continue;
            };
            let secs = until - s.now();
            let what = match h.subject {
                Subject::Account => "account",
                Subject::Address => "address",
                Subject::Device => "account on this browser",
            };
            tracing::warn!(tenant = %self.tenant, ip = %self.ip, failures = h.failures, "sign-in locked for {secs}s ({what})");
            let detail = format!("{what} locked for {secs} s after {} failures", h.failures);
            self.audit(s, "sign_in.locked", user, Some(detail)).await?;
        }
        Ok(())
    }

    /// A completed sign-in: the account's (or this browser's) count starts over, the
    /// address gets its reservation back.
    pub async fn succeeded(&mut self, s: &Accounts, user: &str) -> Result<()> {
        self.settle(s, true).await?;
        self.audit(s, "sign_in.success", Some(user), None).await
    }

    async fn audit(
        &self,
        s: &Accounts,
        event: &str,
        user: Option<&str>,
        detail: Option<String>,
    ) -> Result<()> {
        s.store
            .audit(&AuditEvent {
                at: s.now(),
                tenant: Some(self.tenant.clone()),
                user: user.map(str::to_owned),
                actor: None,
                event: event.to_owned(),
                detail,
                client_ip: Some(self.ip.to_string()),
            })
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_by_its_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        assert_eq!(address_key(a), "ip:2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), "ip:192.0.2.7");
    }

    #[test]
    fn typed_names_are_bounded() {
        let long = "a".repeat(10_000);
        assert!(account_key(&long, &long).len() < 400);
    }

    #[test]
    fn in_flight_is_capped_and_released() {
        let f = InFlight::default();
        let held: Vec<_> = (0..MAX_IN_FLIGHT)
            .map(|_| f.try_acquire("k").unwrap())
            .collect();
        assert!(f.try_acquire("k").is_none());
        assert!(f.try_acquire("other").is_some());
        drop(held);
        assert!(
            f.0.running.lock().unwrap().is_empty(),
            "no entry left behind"
        );
        assert!(f.try_acquire("k").is_some());
    }

    /// Sixteen checks of one account at once are served in turn, first come first served,
    /// none refused; a slot that never frees turns the next one away after the wait.
    #[tokio::test]
    async fn waiting_checks_are_served_in_turn() {
        let f = InFlight::default();
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let f = f.clone();
            tasks.push(tokio::spawn(async move {
                let p = f.acquire("k", std::time::Duration::from_secs(3)).await;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                p.is_some()
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap(), "a waiting check was refused");
        }
        assert!(f.0.running.lock().unwrap().is_empty());
        let _held: Vec<_> = (0..MAX_IN_FLIGHT)
            .map(|_| f.try_acquire("k").unwrap())
            .collect();
        let late = f.acquire("k", std::time::Duration::from_millis(50)).await;
        assert!(late.is_none());
    }
}
