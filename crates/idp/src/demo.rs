//! `idp serve --demo`: on a database without a `demo` tenant, creates one with a user and a
//! relying application, and prints how to sign in.

use crate::commands::{create_client_with_secret, CliError};
use crate::config::Config;
use idp_domain::{
    Client, ClientId, GrantType, SigningAlg, Tenant, TenantId, TenantSettings, User, UserId,
};
use idp_oidc::crypto::generate_client_secret;
use idp_web::AppState;

pub async fn seed(config: &Config, state: &AppState) -> Result<Option<String>, CliError> {
    let store = &state.provider.store;
    let tenant_id = TenantId::parse("demo")?;
    if store.tenant(&tenant_id).await?.is_some() {
        return Ok(None);
    }
    let now = state.provider.now();
    store
        .create_tenant(&Tenant {
            id: tenant_id.clone(),
            name: "Demo Company".into(),
            settings: TenantSettings::default(),
            created_at: now,
            updated_at: now,
        })
        .await?;
    let password = idp_domain::secret::random_b64(12).map_err(anyhow::Error::new)?;
    let hash = state
        .accounts
        .passwords
        .hash(password.clone())
        .await
        .map_err(anyhow::Error::new)?;
    store
        .create_user(&User {
            tenant: tenant_id.clone(),
            id: UserId::generate().map_err(anyhow::Error::new)?,
            username: "demo".into(),
            email: "demo@example.com".into(),
            email_confirmed: true,
            name: Some("Demo User".into()),
            password_hash: Some(hash.clone()),
            role: idp_domain::Role::User,
            disabled: false,
            created_at: now,
            updated_at: now,
            locale: None,
        })
        .await?;
    store
        .create_user(&User {
            tenant: tenant_id.clone(),
            id: UserId::generate().map_err(anyhow::Error::new)?,
            username: "admin".into(),
            email: "admin@example.com".into(),
            email_confirmed: true,
            name: Some("Demo Administrator".into()),
            password_hash: Some(hash),
            role: idp_domain::Role::TenantAdmin,
            disabled: false,
            created_at: now,
            updated_at: now,
            locale: None,
        })
        .await?;
    let issuer = config.issuer();
    let redirect = "http://127.0.0.1:9999/callback".to_owned();
    let secret = generate_client_secret().map_err(anyhow::Error::new)?;
    let client = Client {
        id: ClientId::parse("demo-app")?,
        name: "Demo App".into(),
        secret_digest: None,
        public: false,
        redirect_uris: vec![redirect.clone()],
        post_logout_redirect_uris: vec!["http://127.0.0.1:9999/".into()],
        grant_types: vec![
            GrantType::AuthorizationCode,
            GrantType::RefreshToken,
            GrantType::ClientCredentials,
        ],
        scopes: ["openid", "profile", "email", "offline_access"]
            .map(String::from)
            .to_vec(),
        tenant: None,
        admin: false,
        id_token_alg: SigningAlg::RS256,
        access_token_alg: SigningAlg::ES256,
        created_at: now,
        resources: Vec::new(),
        resource_server: false,
        disabled: false,
    };
    create_client_with_secret(store, &state.provider.secrets, client, &secret).await?;
    Ok(Some(format!(
        "\nDemo data created (shown once):\n\
         \x20 company ID: demo\n  user name:  demo\n  password:   {password}\n\
         \x20 client:     demo-app / {secret}\n  redirect:   {redirect}\n\n\
         See a whole sign-in in the browser: open {issuer}/demo\n\
         (the demo application's callback shows the ID token and userinfo it received)\n\n\
         Administration: open {issuer}/admin and sign in with company ID demo, user name\n\
         \x20 admin and the same password: users, security settings, audit log.\n\n\
         Or as a relying application would: open\n  {issuer}/authorize?client_id=demo-app&response_type=code&scope=openid%20profile%20email&redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcallback&state=demo\n\
         then copy `code` from the address bar it lands on (nothing listens there) and redeem it:\n\
         \x20 curl -s -u demo-app:{secret} -d grant_type=authorization_code -d redirect_uri={redirect} -d code=CODE {issuer}/token\n\
         Discovery: {issuer}/.well-known/openid-configuration\n"
    )))
}
