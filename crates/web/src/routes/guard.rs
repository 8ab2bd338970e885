//! Rule 11: failed sign-ins are counted per account (company ID + user name, as typed, so the
//! answer is the same whether the account exists) and per client address; locks are refused
//! before any password is checked, and every outcome is audited.

use crate::respond::PageError;
use crate::AppState;
use idp_mfa_policy::guessing::{self, Subject};
use idp_store::AuditEvent;
use std::net::IpAddr;

pub struct Guard {
    tenant: String,
    username: String,
    ip: IpAddr,
    account_key: String,
    address_key: String,
    account_counted: bool,
}

impl Guard {
    pub fn new(tenant: &str, username: &str, ip: IpAddr) -> Self {
        Guard {
            tenant: tenant.to_owned(),
            username: username.to_owned(),
            ip,
            account_key: format!("acct:{tenant}:{}", idp_domain::user::username_key(username)),
            address_key: format!("ip:{ip}"),
            account_counted: false,
        }
    }

    /// The lock message if the account or the address is locked; remembers whether the
    /// account has a counter to clear after a success.
    pub async fn locked(&mut self, s: &AppState) -> Result<Option<String>, PageError> {
        let now = s.provider.now();
        let counters = s
            .provider
            .store
            .counters(&self.account_key, &self.address_key)
            .await?;
        self.account_counted = counters.iter().any(|(k, _)| *k == self.account_key);
        Ok(counters
            .iter()
            .map(|(_, t)| t.locked_until)
            .filter(|until| *until > now)
            .max()
            .map(|until| guessing::locked_message(until - now)))
    }

    pub async fn failed(&self, s: &AppState) -> Result<(), PageError> {
        self.count_failure(s, format!("user name {:?}", self.username))
            .await
    }

    /// A wrong second-factor code: counted and locked exactly like a wrong password.
    pub async fn failed_code(
        &self,
        s: &AppState,
        method: idp_domain::Method,
    ) -> Result<(), PageError> {
        self.count_failure(
            s,
            format!("user name {:?}, wrong {method} code", self.username),
        )
        .await
    }

    /// A second factor turned on or off, for the audit log.
    pub async fn factor_changed(
        &self,
        s: &AppState,
        event: &str,
        method: idp_domain::Method,
    ) -> Result<(), PageError> {
        self.audit(s, event, None, Some(format!("method {method}")))
            .await
    }

    async fn count_failure(&self, s: &AppState, detail: String) -> Result<(), PageError> {
        let now = s.provider.now();
        self.audit(s, "sign_in.failure", None, Some(detail)).await?;
        for (key, subject) in [
            (&self.account_key, Subject::Account),
            (&self.address_key, Subject::Address),
        ] {
            let t = s
                .provider
                .store
                .record_failure(key, now, guessing::WINDOW)
                .await?;
            if let Some(secs) = guessing::lockout(subject, t.failures) {
                s.provider.store.lock_attempts(key, now + secs).await?;
                let what = match subject {
                    Subject::Account => "account",
                    Subject::Address => "address",
                };
                tracing::warn!(tenant = %self.tenant, ip = %self.ip, failures = t.failures, "sign-in locked for {secs}s ({what})");
                self.audit(
                    s,
                    "sign_in.locked",
                    None,
                    Some(format!(
                        "{what} locked for {secs} s after {} failures",
                        t.failures
                    )),
                )
                .await?;
            }
        }
        Ok(())
    }

    pub async fn succeeded(&self, s: &AppState, user: &str) -> Result<(), PageError> {
        if self.account_counted {
            s.provider.store.clear_failures(&self.account_key).await?;
        }
        self.audit(s, "sign_in.success", Some(user), None).await
    }

    async fn audit(
        &self,
        s: &AppState,
        event: &str,
        user: Option<&str>,
        detail: Option<String>,
    ) -> Result<(), PageError> {
        s.provider
            .store
            .audit(&AuditEvent {
                at: s.provider.now(),
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
