//! `TestApp`: the real server (the same router and wiring `idp serve` uses) on a free port of
//! 127.0.0.1, on a fresh SQLite file or a uniquely named PostgreSQL database, with a clock the
//! test can move, a cookie-keeping browser that does not follow redirects, and the
//! `openidconnect` crate as the relying application.

use idp::config::Config;
use idp_domain::clock::OffsetClock;
use idp_domain::{
    Client, ClientId, GrantType, SigningAlg, Tenant, TenantId, TenantSettings, User, UserId,
};
use idp_web::AppState;
use openidconnect::core::{CoreClient, CoreProviderMetadata};
use openidconnect::{
    ClientId as OidcClientId, ClientSecret, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, RedirectUrl,
};
use reqwest::redirect::Policy;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs a test body against both backends: `both!(name, body_fn)` makes `name::sqlite` and
/// `name::postgres`. The test command skips the PostgreSQL ones (loudly) when no server runs.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body($crate::harness::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$body($crate::harness::Db::Postgres).await
            }
        }
    };
}

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database for one test; PostgreSQL ones are dropped when the value is dropped.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new(db: Db) -> TestDb {
        match db {
            Db::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}/idp.db", dir.path().display());
                TestDb {
                    url,
                    pg_name: None,
                    _dir: Some(dir),
                }
            }
            Db::Postgres => {
                use sqlx::Connection;
                let admin = postgres_admin_url();
                let name = format!(
                    "idp_test_{}",
                    idp_domain::secret::random_b64(9)
                        .unwrap()
                        .to_lowercase()
                        .replace(['-', '_'], "x")
                );
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is not reachable ({e}); the test command skips these tests when no server runs"));
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
                TestDb {
                    url: format!("{base}/{name}"),
                    pg_name: Some(name),
                    _dir: None,
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            let admin = postgres_admin_url();
            // Dropping runs outside the test's runtime, on a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    use sqlx::Connection;
                    if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut c)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

pub fn test_config(db_url: &str, issuer: &str, master_key: &str) -> Config {
    let mut c = Config::default();
    c.server.bind = "127.0.0.1:0".into();
    c.server.issuer = Some(issuer.into());
    c.database.url = db_url.into();
    c.database.max_connections = 5;
    c.crypto.master_key = Some(master_key.into());
    // Cheap hashing keeps the suite fast; the benchmark uses OWASP parameters.
    c.password.argon2_memory_kib = 1024;
    c.password.argon2_iterations = 1;
    c
}

/// Where a test app's mail and SMS land: next to its database when that is a file, else in
/// a directory of its own.
fn outbox_for(c: &mut Config) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    c.mail.outbox_dir = dir.path().to_path_buf();
    c.sms.outbox_dir = dir.path().to_path_buf();
    dir
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: OffsetClock,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    pub outbox: tempfile::TempDir,
    pub master_key: String,
    pub db: TestDb,
}

/// One file of the outbox (mail or SMS).
#[derive(Debug, Clone)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub kind: String,
    pub text: String,
}

impl Message {
    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let at = self.text.find(prefix)?;
        let rest = &self.text[at..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }

    /// The first run of six digits in the text part.
    pub fn code(&self) -> Option<String> {
        let b = self.text.as_bytes();
        (0..b.len().saturating_sub(5)).find_map(|i| {
            let w = &b[i..i + 6];
            let alone = (i == 0 || !b[i - 1].is_ascii_digit())
                && b.get(i + 6).is_none_or(|c| !c.is_ascii_digit());
            (alone && w.iter().all(u8::is_ascii_digit))
                .then(|| String::from_utf8_lossy(w).into_owned())
        })
    }
}

pub type Rp = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

impl TestApp {
    pub async fn spawn(db: Db) -> TestApp {
        let db = TestDb::new(db).await;
        let key = idp_oidc::crypto::MasterKey::generate_base64().unwrap();
        Self::spawn_on(db, &key).await
    }

    pub async fn spawn_on(db: TestDb, master_key: &str) -> TestApp {
        Self::spawn_configured(db, master_key, |_| {}).await
    }

    /// A fresh database and a configuration changed by `adjust` (trusted proxies, metrics).
    pub async fn spawn_with(db: Db, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDb::new(db).await;
        let key = idp_oidc::crypto::MasterKey::generate_base64().unwrap();
        Self::spawn_configured(db, &key, adjust).await
    }

    pub async fn spawn_configured(
        db: TestDb,
        master_key: &str,
        adjust: impl FnOnce(&mut Config),
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = test_config(&db.url, &base, master_key);
        adjust(&mut config);
        let outbox = outbox_for(&mut config);
        let clock = OffsetClock::default();
        let state = idp::app::build_state(&config, Arc::new(clock.clone()))
            .await
            .unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let st = state.clone();
        let server = tokio::spawn(async move {
            idp::app::serve(listener, st, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        TestApp {
            base,
            state,
            clock,
            shutdown: Some(tx),
            server: Some(server),
            outbox,
            master_key: master_key.to_owned(),
            db,
        }
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
    }

    /// A token-endpoint request with `client_secret_basic`.
    pub async fn token(
        &self,
        client: &str,
        secret: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        Self::http()
            .post(self.url("/token"))
            .basic_auth(client, Some(secret))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A `refresh_token` grant with `extra` parameters: the status and the JSON answer.
    pub async fn refresh(
        &self,
        (client, secret): (&str, &str),
        refresh_token: &str,
        extra: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let mut form = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ];
        form.extend_from_slice(extra);
        let r = self.token(client, secret, &form).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    /// The real `idp` binary, configured for this app's database, master key, issuer and
    /// outbox: what an operator's CLI on the same deployment does.
    pub fn cli(&self) -> crate::cli::Cli {
        let mut cli = crate::cli::Cli::new();
        cli.env = vec![
            ("IDP_DATABASE__URL".into(), self.db.url.clone()),
            ("IDP_CRYPTO__MASTER_KEY".into(), self.master_key.clone()),
            ("IDP_SERVER__ISSUER".into(), self.base.clone()),
            (
                "IDP_MAIL__OUTBOX_DIR".into(),
                self.outbox.path().display().to_string(),
            ),
        ];
        cli
    }

    /// Waits up to two seconds for a message to `to` of `kind` (mail sent after the answer).
    pub async fn wait_message(&self, to: &str, kind: &str) -> Option<Message> {
        for _ in 0..40 {
            let found = self
                .messages()
                .into_iter()
                .rev()
                .find(|m| m.kind == kind && (m.to == to || m.to.ends_with(&format!("<{to}>"))));
            if found.is_some() {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }

    /// Every message delivered so far, oldest first.
    pub fn messages(&self) -> Vec<Message> {
        let mut names: Vec<_> = std::fs::read_dir(self.outbox.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let raw = std::fs::read_to_string(&p).unwrap();
                let (head, body) = raw.split_once("\n\n").unwrap();
                let header = |name: &str| {
                    head.lines()
                        .find_map(|l| l.strip_prefix(name))
                        .unwrap_or("")
                        .trim()
                        .to_owned()
                };
                Message {
                    to: header("To:"),
                    subject: header("Subject:"),
                    kind: header("Kind:"),
                    text: body.split("\n--- html ---\n").next().unwrap().to_owned(),
                }
            })
            .collect()
    }

    /// The newest message to `to` (an address or a phone number).
    pub fn last_message_to(&self, to: &str) -> Message {
        self.messages()
            .into_iter()
            .rev()
            .find(|m| m.to == to || m.to.ends_with(&format!("<{to}>")))
            .unwrap_or_else(|| panic!("no message to {to} in the outbox"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn now(&self) -> i64 {
        self.state.provider.now()
    }

    pub async fn tenant(&self, id: &str) -> TenantId {
        self.tenant_with(id, TenantSettings::default()).await
    }

    pub async fn tenant_with(&self, id: &str, settings: TenantSettings) -> TenantId {
        let t = TenantId::parse(id).unwrap();
        self.state
            .provider
            .store
            .create_tenant(&Tenant {
                id: t.clone(),
                name: format!("{id} Inc."),
                settings,
                created_at: self.now(),
                updated_at: self.now(),
            })
            .await
            .unwrap();
        t
    }

    /// A user with a password; returns its stable subject.
    pub async fn user(&self, tenant: &TenantId, username: &str, password: &str) -> String {
        self.user_with(tenant, username, password, true).await
    }

    /// A user with a password, its address confirmed or not.
    pub async fn user_with(
        &self,
        tenant: &TenantId,
        username: &str,
        password: &str,
        email_confirmed: bool,
    ) -> String {
        let hash = self
            .state
            .accounts
            .passwords
            .hash(password.to_owned())
            .await
            .unwrap();
        let id = UserId::generate().unwrap();
        self.state
            .provider
            .store
            .create_user(&User {
                tenant: tenant.clone(),
                id: id.clone(),
                username: username.into(),
                email: format!("{username}@{tenant}.example"),
                email_confirmed,
                name: Some(format!("{username} of {tenant}")),
                password_hash: Some(hash),
                role: Default::default(),
                disabled: false,
                created_at: self.now(),
                updated_at: self.now(),
                locale: None,
            })
            .await
            .unwrap();
        id.to_string()
    }

    /// Turns `method` on for a user directly in the store (tests that are about something
    /// else than enrollment).
    pub async fn activate_factor(
        &self,
        tenant: &TenantId,
        username: &str,
        method: idp_domain::Method,
    ) {
        let store = &self.state.provider.store;
        let user = store
            .user_by_username(tenant, username)
            .await
            .unwrap()
            .unwrap();
        let row = idp_store::FactorRow {
            method,
            active: false,
            secret_sealed: None,
            phone: None,
            last_step: 0,
            created_at: self.now(),
            activated_at: None,
        };
        assert!(store.begin_factor(tenant, &user.id, &row).await.unwrap());
        assert!(store
            .activate_factor(tenant, &user.id, method, 0, self.now())
            .await
            .unwrap());
    }

    /// A confidential client; returns its secret.
    pub async fn client(&self, spec: ClientSpec<'_>) -> String {
        let secret = idp_oidc::crypto::generate_client_secret().unwrap();
        let c = Client {
            id: ClientId::parse(spec.id).unwrap(),
            name: format!("App {}", spec.id),
            secret_digest: (!spec.public)
                .then(|| self.state.provider.secrets.client_secret_digest(&secret)),
            public: spec.public,
            redirect_uris: vec![spec.redirect_uri.into()],
            post_logout_redirect_uris: vec![format!(
                "{}/logged-out",
                spec.redirect_uri.trim_end_matches("/cb")
            )],
            grant_types: vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
            ]
            .into_iter()
            .filter(|g| !spec.public || *g != GrantType::ClientCredentials)
            .collect(),
            scopes: ["openid", "profile", "email", "offline_access", "api:read"]
                .map(String::from)
                .to_vec(),
            tenant: spec.tenant.map(|t| TenantId::parse(t).unwrap()),
            admin: false,
            id_token_alg: spec.id_token_alg,
            access_token_alg: SigningAlg::ES256,
            created_at: self.now(),
            resources: spec.resources.iter().map(|r| r.to_string()).collect(),
            resource_server: spec.resource_server,
            disabled: false,
        };
        self.state.provider.store.create_client(&c).await.unwrap();
        secret
    }

    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    pub fn http() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// The relying application, configured from our discovery document.
    pub async fn rp(&self, client_id: &str, secret: Option<&str>, redirect: &str) -> Rp {
        let meta = CoreProviderMetadata::discover_async(
            IssuerUrl::new(self.base.clone()).unwrap(),
            &Self::http(),
        )
        .await
        .unwrap();
        CoreClient::from_provider_metadata(
            meta,
            OidcClientId::new(client_id.into()),
            secret.map(|s| ClientSecret::new(s.into())),
        )
        .set_redirect_uri(RedirectUrl::new(redirect.into()).unwrap())
    }

    /// Follows an authorization URL through the sign-in form; returns the final redirect
    /// (to the client) and the page HTML if the form was shown again instead.
    pub async fn sign_in(
        &self,
        browser: &reqwest::Client,
        auth_url: &str,
        tenant: &str,
        user: &str,
        password: &str,
    ) -> Result<String, String> {
        let r = browser.get(auth_url).send().await.unwrap();
        assert_eq!(
            r.status(),
            303,
            "authorize answers with a redirect: {}",
            r.text().await.unwrap_or_default()
        );
        let loc = location(&r);
        if !loc.starts_with("/login/") {
            return Ok(loc); // an existing session: straight back to the client
        }
        self.submit_login(browser, &loc, tenant, user, password)
            .await
    }

    pub async fn submit_login(
        &self,
        browser: &reqwest::Client,
        login_path: &str,
        tenant: &str,
        user: &str,
        password: &str,
    ) -> Result<String, String> {
        let url = self.url(login_path);
        let r = post_login_form(browser, &url, &url, tenant, user, password).await;
        if r.status() == 303 {
            Ok(location(&r))
        } else {
            Err(r.text().await.unwrap())
        }
    }
}

/// Posts the language switch (`POST /language`) with `csrf`, asking for `lang` and a return
/// to `back`.
pub async fn post_language(
    app: &TestApp,
    browser: &reqwest::Client,
    csrf: &str,
    lang: &str,
    back: &str,
) -> reqwest::Response {
    browser
        .post(app.url("/language"))
        .form(&[("csrf", csrf), ("lang", lang), ("return", back)])
        .send()
        .await
        .unwrap()
}

/// Fetches the sign-in form from `form_url` and posts it, with its CSRF token, to `post_url`
/// (the same URL, or the same path on another node).
pub async fn post_login_form(
    browser: &reqwest::Client,
    form_url: &str,
    post_url: &str,
    tenant: &str,
    user: &str,
    password: &str,
) -> reqwest::Response {
    let page = browser.get(form_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let csrf = form_value(&html, "csrf").expect("the sign-in form carries a CSRF token");
    browser
        .post(post_url)
        .form(&[
            ("csrf", csrf.as_str()),
            ("tenant", tenant),
            ("username", user),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

pub struct ClientSpec<'a> {
    pub id: &'a str,
    pub redirect_uri: &'a str,
    pub public: bool,
    pub tenant: Option<&'a str>,
    pub id_token_alg: SigningAlg,
    pub resources: &'a [&'a str],
    pub resource_server: bool,
}

impl<'a> ClientSpec<'a> {
    pub fn confidential(id: &'a str, redirect_uri: &'a str) -> Self {
        ClientSpec {
            id,
            redirect_uri,
            public: false,
            tenant: None,
            id_token_alg: SigningAlg::RS256,
            resources: &[],
            resource_server: false,
        }
    }
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The `value` of the input named `name` in a page.
pub fn form_value(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(
        html[start..start + end]
            .replace("&#x2f;", "/")
            .replace("&amp;", "&"),
    )
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The text inside the element with `id` (up to its first child tag).
pub fn element_text(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].trim().to_owned())
}

/// The query parameters of a URL.
pub fn query(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}
