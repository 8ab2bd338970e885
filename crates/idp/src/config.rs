//! Configuration: built-in defaults, then the TOML file, then `IDP_<SECTION>__<KEY>`
//! environment variables; unknown keys and bad values are refused at start, naming the key.
//! `config/idp.toml` documents every key.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use idp_domain::Ttl;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub crypto: Crypto,
    pub tokens: Tokens,
    pub password: Password,
    pub log: Log,
    pub metrics: Metrics,
    pub admin: Admin,
    pub mail: idp_delivery::MailConfig,
    /// `idp serve --demo` (a flag, not a configuration key).
    #[serde(skip)]
    pub demo: bool,
    pub sms: idp_delivery::SmsConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    /// Address and port to listen on.
    pub bind: String,
    /// The issuer URL; `http://` + `bind` when unset.
    pub issuer: Option<String>,
    /// Async worker threads; the number of cores when unset.
    pub workers: Option<usize>,
    /// Addresses of load balancers whose `X-Forwarded-For` header names the client.
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Database {
    pub url: String,
    pub max_connections: u32,
    /// How long tenants, clients and keys are cached in-process.
    pub cache_ttl: Ttl,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Crypto {
    /// 32 bytes, base64. Encrypts signing keys at rest and keys client-secret digests and
    /// CSRF tokens. Every node of a deployment needs the same one.
    pub master_key: Option<String>,
    /// Where a generated master key is kept when `master_key` is unset.
    pub master_key_file: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tokens {
    pub id_token_ttl: Ttl,
    pub access_token_ttl: Ttl,
    pub refresh_token_ttl: Ttl,
    pub code_ttl: Ttl,
    pub session_ttl: Ttl,
    pub interaction_ttl: Ttl,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Password {
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
    /// Hashes computed at once; the number of cores when unset.
    pub max_concurrent_hashes: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Log {
    /// A tracing filter, e.g. `info` or `idp_web=debug,info`.
    pub level: String,
    /// `text` or `json`.
    pub format: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Admin {
    /// Tenant administrators may configure their own tenant's SSO connection (otherwise only
    /// platform administrators may).
    pub tenant_sso_self_service: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Metrics {
    /// When set, `/metrics` answers only requests with `Authorization: Bearer <token>`.
    pub bearer_token: Option<String>,
    /// When set, `/metrics` is served on this address:port alone, not on `server.bind`.
    pub bind: Option<String>,
}

impl Default for Server {
    fn default() -> Self {
        Server {
            bind: "127.0.0.1:8080".into(),
            issuer: None,
            workers: None,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Default for Database {
    fn default() -> Self {
        Database {
            url: "sqlite://data/idp.db".into(),
            max_connections: 10,
            cache_ttl: Ttl::from_secs(5),
        }
    }
}

impl Default for Crypto {
    fn default() -> Self {
        Crypto {
            master_key: None,
            master_key_file: PathBuf::from("data/master.key"),
        }
    }
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens {
            id_token_ttl: Ttl::from_secs(3600),
            access_token_ttl: Ttl::from_secs(3600),
            refresh_token_ttl: Ttl::from_secs(30 * 86_400),
            code_ttl: Ttl::from_secs(60),
            session_ttl: Ttl::from_secs(12 * 3600),
            interaction_ttl: Ttl::from_secs(1800),
        }
    }
}

impl Default for Password {
    fn default() -> Self {
        Password {
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            max_concurrent_hashes: None,
        }
    }
}

impl Default for Log {
    fn default() -> Self {
        Log {
            level: "info".into(),
            format: "text".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path} does not exist")]
    Missing { path: String },
    #[error("configuration: {0}")]
    Invalid(String),
}

/// Loads the configuration: `explicit` if given (it must exist), else `config/idp.toml` when
/// present, else the built-in defaults; environment variables override either.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let mut fig = Figment::from(Serialized::defaults(Config::default()));
    match explicit {
        Some(p) if !p.exists() => {
            return Err(ConfigError::Missing {
                path: p.display().to_string(),
            })
        }
        Some(p) => fig = fig.merge(Toml::file(p)),
        None if Path::new("config/idp.toml").exists() => {
            fig = fig.merge(Toml::file("config/idp.toml"))
        }
        None => {}
    }
    fig = fig.merge(Env::prefixed("IDP_").split("__"));
    let config: Config = fig.extract().map_err(|e| {
        let msgs: Vec<String> = e.into_iter().map(describe).collect();
        ConfigError::Invalid(msgs.join("; "))
    })?;
    config.validate()?;
    Ok(config)
}

fn describe(e: figment::Error) -> String {
    let key = if e.path.is_empty() {
        String::new()
    } else {
        format!("`{}`: ", e.path.join("."))
    };
    let source = e
        .metadata
        .as_ref()
        .map(|m| format!(" (from {})", m.name))
        .unwrap_or_default();
    format!("{key}{}{source}", e.kind)
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
        || host == "[::1]"
}

impl Config {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |k: &str, m: String| Err(ConfigError::Invalid(format!("`{k}`: {m}")));
        let bind: SocketAddr = match self.server.bind.parse() {
            Ok(b) => b,
            Err(_) => {
                return bad(
                    "server.bind",
                    format!(
                        "`{}` is not an address:port such as 127.0.0.1:8080",
                        self.server.bind
                    ),
                )
            }
        };
        // An authorization completes once because its grant row remembers it; the pruning
        // keeps unredeemed grants a day, so a sealed request must expire well before that.
        let it = self.tokens.interaction_ttl.secs();
        if !(60..=3600).contains(&it) {
            return bad(
                "tokens.interaction_ttl",
                format!("{it} s: the sign-in pages' validity must be between 1m and 1h"),
            );
        }
        if self.server.issuer.is_none() && !bind.ip().is_loopback() {
            return bad("server.issuer", "must be set when server.bind is not a loopback address (it is the public https URL of this service)".into());
        }
        let issuer = self.issuer();
        match url::Url::parse(&issuer) {
            Ok(u) => {
                if u.query().is_some() || u.fragment().is_some() || !u.username().is_empty() {
                    return bad(
                        "server.issuer",
                        format!("`{issuer}` must have no query, fragment or user info"),
                    );
                }
                match u.scheme() {
                    "https" => {}
                    "http" if u.host_str().is_some_and(is_loopback_host) => {}
                    _ => {
                        return bad(
                            "server.issuer",
                            format!(
                                "`{issuer}` must use https (plain http only on a loopback host)"
                            ),
                        )
                    }
                }
            }
            Err(e) => return bad("server.issuer", format!("`{issuer}` is not a URL: {e}")),
        }
        if idp_store::Backend::of_url(&self.database.url).is_none() {
            return bad(
                "database.url",
                "must start with sqlite: or postgres://".into(),
            );
        }
        if self.database.max_connections == 0 {
            return bad("database.max_connections", "must be at least 1".into());
        }
        if self.server.workers == Some(0) {
            return bad("server.workers", "must be at least 1".into());
        }
        if let Some(bad_proxy) = self
            .server
            .trusted_proxies
            .iter()
            .find(|p| p.parse::<std::net::IpAddr>().is_err())
        {
            return bad(
                "server.trusted_proxies",
                format!("`{bad_proxy}` is not an IP address"),
            );
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            return bad(
                "log.format",
                format!("`{}` is not one of: text, json", self.log.format),
            );
        }
        if let Some(k) = &self.crypto.master_key {
            if idp_oidc::crypto::MasterKey::from_base64(k).is_err() {
                return bad(
                    "crypto.master_key",
                    "must be 32 bytes, base64 (generate one with `openssl rand -base64 32`)".into(),
                );
            }
        }
        if let Some(b) = &self.metrics.bind {
            if b.parse::<SocketAddr>().is_err() {
                return bad(
                    "metrics.bind",
                    format!("`{b}` is not an address:port such as 127.0.0.1:9100"),
                );
            }
            if *b == self.server.bind {
                return bad("metrics.bind", "must differ from server.bind".into());
            }
        }
        if self
            .metrics
            .bearer_token
            .as_ref()
            .is_some_and(|t| t.len() < 16 || t.chars().any(|c| c.is_whitespace()))
        {
            return bad(
                "metrics.bearer_token",
                "must be at least 16 characters without spaces (openssl rand -hex 16)".into(),
            );
        }
        let p = &self.password;
        if argon2_params_invalid(p) {
            return bad("password", "argon2 parameters are out of range (memory >= 8 * parallelism KiB, iterations >= 1, parallelism 1-255)".into());
        }
        Ok(())
    }

    /// The issuer exactly as published (no trailing slash).
    pub fn issuer(&self) -> String {
        self.server
            .issuer
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.server.bind))
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn trusted_proxies(&self) -> Vec<std::net::IpAddr> {
        self.server
            .trusted_proxies
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// Cookies drop `Secure` only for a plain-http loopback issuer.
    pub fn secure_cookies(&self) -> bool {
        !self.issuer().starts_with("http://")
    }
}

fn argon2_params_invalid(p: &Password) -> bool {
    p.argon2_iterations == 0
        || p.argon2_parallelism == 0
        || p.argon2_parallelism > 255
        || p.argon2_memory_kib < 8 * p.argon2_parallelism
}

#[cfg(test)]
mod shipped {
    use super::*;

    /// config/idp.toml documents the defaults: it must parse and change nothing.
    #[test]
    fn shipped_file_is_the_defaults() {
        let c: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(include_str!("../../../config/idp.toml")))
            .extract()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            serde_json::to_value(Config::default()).unwrap()
        );
        let bad = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string("[mail]\ntransprot = \"smtp\"\n"))
            .extract::<Config>();
        assert!(bad.unwrap_err().to_string().contains("transprot"));
    }

    /// A sealed sign-in must expire long before the grant that remembers its completion is
    /// pruned (a day): its validity is bounded.
    #[test]
    fn interaction_ttl_is_bounded() {
        let mut c = Config::default();
        assert!(c.validate().is_ok());
        c.tokens.interaction_ttl = Ttl::from_secs(2 * 86400);
        let e = c.validate().unwrap_err().to_string();
        assert!(e.contains("tokens.interaction_ttl"), "{e}");
    }
}
