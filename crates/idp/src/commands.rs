//! The subcommands other than `serve`: each opens the store (migrating it), does one thing,
//! prints JSON.

use crate::app;
use crate::cli::{
    ClientCommand, KeysCommand, SsoCommand, SsoConfigureArgs, TenantCommand, TenantFlags,
    UserCommand,
};
use crate::config::Config;
use idp_accounts::admin::{Actor, Target};
use idp_accounts::{Accounts, AccountsError};
use idp_admin::{Admin, AdminError, Caller, NewClient, NewTenant, TenantPatch};
use idp_domain::tenant::{parse_methods, validate_name};
use idp_domain::user::{validate_email, validate_username};
use idp_domain::{Client, DomainError, GrantType, Role, SigningAlg, TenantId, User, UserId};
use idp_oidc::crypto::Secrets;
use idp_store::{Store, StoreError};
use idp_web::Provider;
use serde_json::{json, Value};
use std::io::Read;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The operator's input is wrong: exit code 2.
    #[error("{0}")]
    Input(String),
    /// Anything else: exit code 1.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<DomainError> for CliError {
    fn from(e: DomainError) -> Self {
        CliError::Input(e.to_string())
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { .. } | StoreError::NotFound { .. } => {
                CliError::Input(e.to_string())
            }
            other => CliError::Other(anyhow::Error::new(other)),
        }
    }
}

/// Records an operator action in the audit log (actor `cli`).
async fn audit(
    store: &Store,
    tenant: Option<&TenantId>,
    user: Option<&UserId>,
    event: &str,
    detail: String,
) -> Result<(), CliError> {
    store
        .audit(&idp_store::AuditEvent {
            at: now(),
            tenant: tenant.map(|t| t.to_string()),
            user: user.map(|u| u.to_string()),
            actor: Some("cli".into()),
            event: event.into(),
            detail: Some(detail),
            client_ip: None,
        })
        .await?;
    Ok(())
}

fn input(msg: impl Into<String>) -> CliError {
    CliError::Input(msg.into())
}

fn now() -> i64 {
    use idp_domain::Clock;
    idp_domain::SystemClock.now()
}

pub async fn migrate(config: &Config) -> Result<Value, CliError> {
    let store = idp_store::Store::connect(&config.database.url, &Default::default())
        .await
        .map_err(anyhow::Error::new)?;
    let summary = store.migrate().await.map_err(anyhow::Error::new)?;
    Ok(serde_json::to_value(summary).unwrap_or_default())
}

/// The CLI's flags as the admin service's settings change, each value parsed with the flag's
/// name in its error.
fn tenant_patch(name: Option<String>, f: &TenantFlags) -> Result<TenantPatch, CliError> {
    fn flag<T: std::str::FromStr<Err = DomainError>>(
        v: &Option<String>,
        name: &str,
    ) -> Result<Option<T>, CliError> {
        v.as_deref()
            .map(|s| {
                s.parse()
                    .map_err(|e: DomainError| input(format!("--{name}: {}", e.reason)))
            })
            .transpose()
    }
    Ok(TenantPatch {
        name,
        login_mode: flag(&f.login_mode, "login-mode")?,
        two_factor: flag(&f.two_factor, "two-factor")?,
        methods: f.methods.as_deref().map(parse_methods).transpose()?,
        multiple_methods: f.multiple_methods,
        registration_link_ttl: flag(&f.registration_link_ttl, "registration-link-ttl")?,
        reset_link_ttl: flag(&f.reset_link_ttl, "reset-link-ttl")?,
        email_code_ttl: flag(&f.email_code_ttl, "email-code-ttl")?,
        sms_code_ttl: flag(&f.sms_code_ttl, "sms-code-ttl")?,
        totp_issuer: f.totp_issuer.clone(),
        lockout_threshold: f.lockout_threshold,
        lockout_duration: flag(&f.lockout_duration, "lockout-duration")?,
        locale: f.locale.clone(),
        time_zone: f.time_zone.clone(),
    })
}

impl From<AdminError> for CliError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NotFound { what } => input(format!("{what} does not exist")),
            AdminError::Invalid { field, reason } => {
                // The API's field names, as the CLI's flags.
                let flag = match field.as_str() {
                    "domains" => "domain".to_owned(),
                    "attributes" => "attribute".to_owned(),
                    "metadata_xml" => "metadata-file".to_owned(),
                    "redirect_uris" => "redirect-uri".to_owned(),
                    "post_logout_redirect_uris" => "post-logout-redirect-uri".to_owned(),
                    "grant_types" => "grant".to_owned(),
                    "resources" => "resource".to_owned(),
                    f => f.replace('_', "-"),
                };
                input(format!("--{flag}: {reason}"))
            }
            AdminError::Refused { reason, .. } | AdminError::Forbidden { reason } => input(reason),
            AdminError::Conflict { what } => input(format!("{what} already exists")),
            AdminError::TooMany(why) => input(why),
            AdminError::Store(e) => e.into(),
            other => CliError::Other(anyhow::anyhow!("{other}")),
        }
    }
}

/// The administration service for one CLI command; the CLI acts as a platform administrator.
async fn admin(config: &Config) -> Result<Admin, CliError> {
    let signin = signin_service(config).await?;
    Ok(Admin::new(signin.accounts.clone(), signin, true))
}

pub async fn tenant(config: &Config, cmd: TenantCommand) -> Result<Value, CliError> {
    let cli = Caller::cli();
    match cmd {
        TenantCommand::Create {
            id,
            name,
            settings: flags,
        } => {
            let new = NewTenant::new(id, name, tenant_patch(None, &flags)?);
            let t = admin(config).await?.create_tenant(&cli, &new).await?;
            Ok(json!(t))
        }
        TenantCommand::Update {
            id,
            name,
            settings: flags,
        } => {
            let id = TenantId::parse(&id)?;
            let patch = tenant_patch(name, &flags)?;
            let t = admin(config)
                .await?
                .update_tenant(&cli, &id, &patch)
                .await?;
            Ok(json!(t))
        }
        TenantCommand::Show { id } => {
            let id = TenantId::parse(&id)?;
            let t = admin(config).await?.tenant(&cli, &id).await?;
            Ok(json!(*t))
        }
    }
}

fn read_password_stdin() -> Result<String, CliError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| input(format!("cannot read the password from standard input: {e}")))?;
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    if s.chars().count() < 8 {
        return Err(input("the password must be at least 8 characters"));
    }
    Ok(s)
}

pub async fn user(config: &Config, cmd: UserCommand) -> Result<Value, CliError> {
    match cmd {
        UserCommand::Create {
            tenant,
            username,
            email,
            name,
            password_stdin,
            invite,
            email_confirmed,
            admin,
            role,
        } => {
            let tenant = TenantId::parse(&tenant)?;
            let role = match (admin, role) {
                (true, _) => Role::TenantAdmin,
                (false, Some(r)) => r.parse()?,
                (false, None) => Role::User,
            };
            let username = validate_username(&username)?;
            let email = validate_email(&email)?;
            let name = name.map(|n| validate_name("name", &n)).transpose()?;
            let password = if password_stdin {
                Some(read_password_stdin()?)
            } else {
                None
            };
            let store = app::open_store(config).await?;
            if store.tenant(&tenant).await?.is_none() {
                return Err(input(format!(
                    "tenant `{tenant}` does not exist: create it with `idp tenant create`"
                )));
            }
            let hash = match password {
                Some(p) => Some(
                    app::password_hasher(config)?
                        .hash_blocking(&p)
                        .map_err(anyhow::Error::new)?,
                ),
                None => None,
            };
            let u = User {
                tenant,
                id: UserId::generate().map_err(anyhow::Error::new)?,
                username,
                email,
                email_confirmed,
                name,
                password_hash: hash,
                role,
                disabled: false,
                created_at: now(),
                updated_at: now(),
                locale: None,
            };
            store.create_user(&u).await?;
            let mut v = json!(u);
            v["has_password"] = json!(u.has_password());
            if invite {
                let (accounts, t) = target(config, u.tenant.as_str(), &u.username).await?;
                accounts.invite(&Actor::cli(), &t).await?;
                v["registration_mail_sent"] = json!(true);
            }
            Ok(v)
        }
        UserCommand::Reset { tenant, username } => {
            let (accounts, t) = target(config, &tenant, &username).await?;
            let done = accounts.admin_reset(&Actor::cli(), &t).await?;
            Ok(json!({
                "tenant": t.tenant.id, "id": t.user.id, "username": t.user.username, "password_cleared": true,
                "factors_cleared": done.factors, "sessions_ended": done.sessions, "grants_revoked": done.grants,
                "registration_mail_sent": true,
            }))
        }
        UserCommand::Invite { tenant, username } => {
            let (accounts, t) = target(config, &tenant, &username).await?;
            accounts.invite(&Actor::cli(), &t).await.map_err(|e| match e {
                AccountsError::Refused(_) => input(format!(
                    "user `{username}` has already chosen a password; to start over, use `idp user reset`"
                )),
                other => other.into(),
            })?;
            Ok(
                json!({"tenant": t.tenant.id, "id": t.user.id, "username": t.user.username, "registration_mail_sent": true}),
            )
        }
        UserCommand::ConfirmEmail {
            tenant,
            username,
            all_unconfirmed,
        } => {
            let users = match (username, all_unconfirmed) {
                (Some(name), false) => {
                    let (accounts, t) = target(config, &tenant, &name).await?;
                    accounts
                        .send_confirmation(&Actor::cli(), &t)
                        .await
                        .map_err(|e| match e {
                            AccountsError::Refused(_) => {
                                input(format!("the address of `{name}` is already confirmed"))
                            }
                            other => other.into(),
                        })?;
                    vec![t.user]
                }
                _ => {
                    let accounts = accounts(config).await?;
                    let t = accounts.tenant(&TenantId::parse(&tenant)?).await?;
                    accounts
                        .send_confirmations(&Actor::cli(), &t, |_| true)
                        .await?
                }
            };
            let sent: Vec<Value> = users
                .iter()
                .map(|u| json!({"username": u.username, "email": u.email}))
                .collect();
            Ok(json!({"tenant": tenant, "confirmation_mails_sent": sent.len(), "users": sent}))
        }
        UserCommand::Unlock { tenant, username } => {
            let (accounts, t) = target(config, &tenant, &username).await?;
            let cleared = accounts.unlock(&Actor::cli(), &t).await?;
            Ok(
                json!({"tenant": t.tenant.id, "username": t.user.username, "counters_cleared": cleared}),
            )
        }
        UserCommand::Disable { tenant, username } => {
            let (accounts, t) = target(config, &tenant, &username).await?;
            let (sessions, grants) = accounts.disable(&Actor::cli(), &t).await?;
            Ok(
                json!({"tenant": t.tenant.id, "username": t.user.username, "disabled": true,
                "sessions_ended": sessions, "grants_revoked": grants}),
            )
        }
        UserCommand::Enable { tenant, username } => {
            let (accounts, t) = target(config, &tenant, &username).await?;
            accounts.enable(&Actor::cli(), &t).await?;
            Ok(json!({"tenant": t.tenant.id, "username": t.user.username, "disabled": false}))
        }
    }
}

/// The accounts service for one CLI command, on the configured store, mail and SMS.
async fn accounts(config: &Config) -> Result<Accounts, CliError> {
    let store = app::open_store(config).await?;
    Ok(Accounts::new(
        store,
        secrets(config).await?,
        app::delivery(config)?,
        app::password_hasher(config)?,
        app::system_clock(),
        config.issuer(),
    ))
}

async fn target(
    config: &Config,
    tenant: &str,
    username: &str,
) -> Result<(Accounts, Target), CliError> {
    let tenant = TenantId::parse(tenant)?;
    let accounts = accounts(config).await?;
    let t = accounts.target(&tenant, username).await?;
    Ok((accounts, t))
}

impl From<AccountsError> for CliError {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::NoSuchTenant { tenant } => input(format!(
                "tenant `{tenant}` does not exist: create it with `idp tenant create`"
            )),
            AccountsError::NoSuchUser { tenant, username } => input(format!(
                "user `{username}` does not exist in tenant `{tenant}`"
            )),
            AccountsError::Refused(why) => input(why.to_string()),
            AccountsError::Store(e) => e.into(),
            // The change itself is stored; the mail did not go out: exit 1 and say why.
            other => CliError::Other(anyhow::anyhow!("{other}")),
        }
    }
}

fn parse_alg(v: Option<&str>, default: SigningAlg) -> Result<SigningAlg, CliError> {
    Ok(v.map(str::parse).transpose()?.unwrap_or(default))
}

async fn secrets(config: &Config) -> Result<Secrets, CliError> {
    Ok(Secrets::new(&app::master_key(config)?).map_err(anyhow::Error::new)?)
}

pub async fn client(config: &Config, cmd: ClientCommand) -> Result<Value, CliError> {
    let ClientCommand::Create {
        id,
        name,
        redirect_uris,
        public,
        grant,
        scope,
        tenant,
        post_logout_redirect_uris,
        admin,
        id_token_alg,
        access_token_alg,
        resources,
        resource_server,
    } = cmd;
    let grant_types = grant
        .as_deref()
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::parse)
                .collect::<Result<Vec<GrantType>, _>>()
        })
        .transpose()?;
    let new = NewClient {
        id,
        name,
        redirect_uris,
        public,
        grant_types,
        scope,
        tenant,
        post_logout_redirect_uris,
        admin,
        id_token_alg: id_token_alg.as_deref().map(str::parse).transpose()?,
        access_token_alg: access_token_alg.as_deref().map(str::parse).transpose()?,
        resources,
        resource_server,
    };
    let view = self::admin(config)
        .await?
        .create_client(&Caller::cli(), &new)
        .await?;
    let mut v = json!(view);
    v["id"] = json!(view.client_id);
    Ok(v)
}

/// Creates a client with a known secret (benchmarks and the demo need fixed credentials).
pub async fn create_client_with_secret(
    store: &Store,
    secrets: &Secrets,
    mut c: Client,
    secret: &str,
) -> Result<(), CliError> {
    c.secret_digest = Some(secrets.client_secret_digest(secret));
    store.create_client(&c).await?;
    Ok(())
}

pub async fn keys(config: &Config, cmd: KeysCommand) -> Result<Value, CliError> {
    let KeysCommand::Rotate { alg } = cmd;
    let alg = parse_alg(alg.as_deref(), SigningAlg::ES256)?;
    let store = app::open_store(config).await?;
    let provider = Provider::new(
        app::provider_config(config),
        store,
        secrets(config).await?,
        app::system_clock(),
    );
    provider.ensure_keys().await.map_err(anyhow::Error::new)?;
    provider
        .keys()
        .await
        .map_err(|_| anyhow::anyhow!("the stored signing keys cannot be decrypted: is crypto.master_key the one they were created with?"))?;
    let row = provider.rotate_key(alg).await.map_err(anyhow::Error::new)?;
    audit(
        &provider.store,
        None,
        None,
        "keys.rotated",
        format!("new {} key {}", row.alg, row.kid),
    )
    .await?;
    Ok(json!({
        "kid": row.kid, "alg": row.alg, "created_at": row.created_at,
        "public_jwk": serde_json::from_str::<Value>(&row.public_jwk).unwrap_or_default(),
        "previous_keys_published_for_seconds": provider.config.key_overlap(),
    }))
}

/// The sign-in service, for the SSO commands (they seal SP keys with the master key).
async fn signin_service(config: &Config) -> Result<idp_signin::SignIn, CliError> {
    let store = app::open_store(config).await?;
    let clock = app::system_clock();
    let provider = Provider::new(
        app::provider_config(config),
        store,
        secrets(config).await?,
        clock.clone(),
    );
    let accounts = app::accounts(config, &provider, clock)?;
    Ok(idp_signin::SignIn::new(
        provider,
        accounts,
        config.tokens.session_ttl.secs(),
    ))
}

impl From<idp_signin::sso::SsoError> for CliError {
    fn from(e: idp_signin::sso::SsoError) -> Self {
        use idp_signin::sso::SsoError as E;
        match e {
            E::Invalid { field, message } => input(format!("--{field}: {message}")),
            E::NoConnection(_) => input(format!("{e}: run `idp sso configure` first")),
            other => CliError::Other(anyhow::Error::new(other)),
        }
    }
}

pub async fn sso(config: &Config, cmd: SsoCommand) -> Result<Value, CliError> {
    let signin = signin_service(config).await?;
    let view = match cmd {
        SsoCommand::Configure(args) => {
            let admin = Admin::new(signin.accounts.clone(), signin, true);
            admin
                .configure_sso(&Caller::cli(), configure_args(args)?)
                .await?
        }
        SsoCommand::Show { tenant } => signin.sso_show(&TenantId::parse(&tenant)?).await?,
        SsoCommand::RotateSpKey { tenant, activate } => {
            signin
                .sso_rotate_sp_key(&TenantId::parse(&tenant)?, activate, "cli")
                .await?
        }
    };
    for w in &view.warnings {
        eprintln!("warning: {w}");
    }
    Ok(json!(view))
}

fn configure_args(a: SsoConfigureArgs) -> Result<idp_signin::sso::connection::Configure, CliError> {
    use idp_signin::sso::connection::{Configure, MetadataSource, MAX_METADATA_BYTES};
    let metadata = match (a.metadata_file, a.metadata_url) {
        (Some(path), _) => {
            let len = std::fs::metadata(&path)
                .map_err(|e| input(format!("--metadata-file {}: {e}", path.display())))?
                .len();
            if len > MAX_METADATA_BYTES as u64 {
                return Err(input(format!(
                    "--metadata-file {}: larger than 2 MB",
                    path.display()
                )));
            }
            let xml = std::fs::read_to_string(&path)
                .map_err(|e| input(format!("--metadata-file {}: {e}", path.display())))?;
            MetadataSource::Xml(xml)
        }
        (None, Some(url)) => MetadataSource::Url(url),
        (None, None) => return Err(input("give --metadata-file FILE or --metadata-url URL")),
    };
    let attributes = a
        .attributes
        .iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| input(format!("--attribute `{kv}`: write FIELD=ATTR, for example email=http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let skew = a
        .skew
        .as_deref()
        .map(|s| {
            s.parse()
                .map_err(|e: DomainError| input(format!("--skew: {}", e.reason)))
        })
        .transpose()?;
    Ok(Configure {
        tenant: TenantId::parse(&a.tenant)?,
        metadata,
        domains: a.domains,
        attributes,
        jit: a.jit,
        idp_initiated: a.idp_initiated,
        skew,
        requested_authn_context: a.requested_authn_context,
        allow_other_domains: a.allow_other_domains,
        encrypted_assertions: a.encrypted_assertions,
        actor: "cli".into(),
    })
}
