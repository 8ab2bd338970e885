//! The pipeline driven without HTTP, as the SAML broker will drive it: a federated first
//! factor completes a sign-in of an SSO tenant with no local second factor (rule 1), even for
//! a user who enrolled one before the switch and whose account is locked by password guesses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::{Browser, FirstFactor, Next, SignIn, Upstream};
use idp_accounts::{Accounts, HashParams, PasswordHasher};
use idp_domain::clock::OffsetClock;
use idp_domain::{
    Client, ClientId, GrantType, LoginMode, Method, SigningAlg, Tenant, TenantId, TenantSettings,
    TwoFactor, User, UserId,
};
use idp_oidc::crypto::{MasterKey, Secrets};
use idp_oidc::params::Params;
use idp_oidc::{Provider, ProviderConfig};
use idp_store::{FactorRow, Store, StoreOptions};
use std::sync::Arc;

const CB: &str = "https://app.example/cb";

struct World {
    signin: SignIn,
    store: Store,
    tenant: TenantId,
    user: UserId,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/idp.db", dir.path().display());
    let store = Store::connect(&url, &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let clock: Arc<dyn idp_domain::Clock> = Arc::new(OffsetClock::default());
    let now = clock.now();
    let secrets =
        Secrets::new(&MasterKey::from_base64(&MasterKey::generate_base64().unwrap()).unwrap())
            .unwrap();
    let provider = Provider::new(
        ProviderConfig::new("https://login.example"),
        store.clone(),
        secrets.clone(),
        clock.clone(),
    );
    provider.ensure_keys().await.unwrap();
    let tenant = TenantId::parse("acme").unwrap();
    store
        .create_tenant(&Tenant {
            id: tenant.clone(),
            name: "Acme".into(),
            settings: TenantSettings {
                login_mode: LoginMode::Sso,
                two_factor: TwoFactor::Optional,
                methods: vec![Method::Totp],
                ..TenantSettings::default()
            },
            created_at: now,
            updated_at: now,
        })
        .await
        .unwrap();
    let user = UserId::generate().unwrap();
    store
        .create_user(&User {
            tenant: tenant.clone(),
            id: user.clone(),
            username: "ann".into(),
            email: "ann@acme.example".into(),
            email_confirmed: true,
            name: None,
            password_hash: None,
            role: Default::default(),
            disabled: false,
            created_at: now,
            updated_at: now,
            locale: None,
        })
        .await
        .unwrap();
    // A factor from before the tenant moved to SSO: stored, dormant.
    let row = FactorRow {
        method: Method::Totp,
        active: false,
        secret_sealed: None,
        phone: None,
        last_step: 0,
        created_at: now,
        activated_at: None,
    };
    store.begin_factor(&tenant, &user, &row).await.unwrap();
    store
        .activate_factor(&tenant, &user, Method::Totp, 0, now)
        .await
        .unwrap();
    store
        .create_client(&Client {
            id: ClientId::parse("app").unwrap(),
            name: "App".into(),
            secret_digest: Some(secrets.client_secret_digest("app-secret")),
            public: false,
            redirect_uris: vec![CB.into()],
            post_logout_redirect_uris: Vec::new(),
            grant_types: vec![GrantType::AuthorizationCode],
            scopes: vec!["openid".into()],
            tenant: None,
            admin: false,
            id_token_alg: SigningAlg::ES256,
            access_token_alg: SigningAlg::ES256,
            created_at: now,
            resources: Vec::new(),
            resource_server: false,
            disabled: false,
        })
        .await
        .unwrap();
    let outbox = dir.path().join("outbox");
    let mail = idp_delivery::MailConfig {
        outbox_dir: outbox.clone(),
        ..Default::default()
    };
    let sms = idp_delivery::SmsConfig {
        outbox_dir: outbox,
        ..Default::default()
    };
    let accounts = Accounts::new(
        store.clone(),
        secrets,
        idp_delivery::Delivery::new(&mail, &sms).unwrap(),
        PasswordHasher::new(
            HashParams {
                m_kib: 64,
                t: 1,
                p: 1,
            },
            1,
        )
        .unwrap(),
        clock,
        "https://login.example",
    );
    World {
        signin: SignIn::new(provider, accounts, 3600),
        store,
        tenant,
        user,
        _dir: dir,
    }
}

fn browser() -> Browser<'static> {
    Browser {
        id: "browser-value-of-the-test",
        ip: "192.0.2.10".parse().unwrap(),
        device: None,
        session: None,
        language: None,
    }
}

async fn interaction(w: &World, extra: &str) -> crate::Interaction {
    let params = Params::parse(&format!(
        "response_type=code&client_id=app&redirect_uri={}&scope=openid&state=s&nonce=n{extra}",
        "https%3A%2F%2Fapp.example%2Fcb"
    ))
    .unwrap();
    let (req, _) = w
        .signin
        .provider
        .validate_authorization(&params)
        .await
        .unwrap_or_else(|_| panic!("a valid authorization request"));
    let id = w.signin.start(&req).unwrap();
    w.signin.interaction(&id).await.unwrap()
}

#[tokio::test]
async fn a_federated_first_factor_completes_without_a_local_second_factor() {
    let w = world().await;
    // Someone guessed passwords for ann: her account counter is locked.
    let key = idp_accounts::admin::account_key("acme", "ann");
    let steps = idp_mfa_policy::guessing::steps(idp_mfa_policy::guessing::Subject::Account);
    for _ in 0..5 {
        let address = idp_mfa_policy::guessing::steps(idp_mfa_policy::guessing::Subject::Address);
        w.store
            .reserve_attempts(
                (&key, &steps),
                ("ip:192.0.2.1", &address),
                w.signin.now(),
                3600,
            )
            .await
            .unwrap();
    }
    // The password form of an SSO tenant sends to SSO, whatever the counters say.
    let ia = interaction(&w, "").await;
    let first = FirstFactor::Password {
        tenant: "acme",
        username: "ann",
        password: "anything at all".into(),
    };
    match w.signin.first_factor(&ia, browser(), first).await.unwrap() {
        Next::Again { message, status } => {
            assert_eq!(status, 200);
            assert_eq!(message, idp_mfa_policy::SSO_ONLY.msg());
            let words = idp_i18n::Tr::default().msg(&message);
            assert!(words.contains("Sign in with SSO"), "{words}");
        }
        other => panic!("a password for an SSO tenant: {other:?}"),
    }

    // The broker's path: the upstream vouched for ann, even asking for MFA.
    let ia = interaction(&w, "&acr_values=urn:idp:acr:mfa").await;
    let up = Upstream {
        tenant: w.tenant.clone(),
        user: w.user.clone(),
        amr: vec!["fed".into()],
        auth_time: None,
    };
    let done = match w
        .signin
        .first_factor(&ia, browser(), FirstFactor::Federated(up.clone()))
        .await
        .unwrap()
    {
        Next::Completed(done) => done,
        other => panic!("no local second factor for an SSO tenant: {other:?}"),
    };
    assert!(done.location.starts_with(CB));
    assert!(done.location.contains("code="));
    let session = w
        .store
        .session(&idp_domain::secret::digest(&done.session), w.signin.now())
        .await
        .unwrap()
        .expect("a session");
    assert_eq!(session.amr, ["fed"]);
    assert_eq!(session.acr, idp_oidc::ACR_FEDERATED);
    assert_eq!(session.user, w.user);

    // The code is redeemed like any other; the ID token says how the user signed in.
    let code = url_param(&done.location, "code");
    let token = Params::parse(&format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id=app&client_secret=app-secret",
        "https%3A%2F%2Fapp.example%2Fcb"
    ))
    .unwrap();
    let t = w.signin.provider.token(None, &token).await.unwrap();
    let claims = payload(t.id_token.as_deref().unwrap());
    assert_eq!(claims["amr"], serde_json::json!(["fed"]));
    assert_eq!(claims["sub"], w.user.as_str());

    // The same interaction cannot be completed twice.
    let again = w
        .signin
        .first_factor(&ia, browser(), FirstFactor::Federated(up))
        .await;
    assert!(
        matches!(again, Err(crate::SignInError::Expired)),
        "{again:?}"
    );
}

fn url_param(url: &str, name: &str) -> String {
    let q = url.split_once('?').unwrap().1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
        .unwrap()
        .to_owned()
}

fn payload(jwt: &str) -> serde_json::Value {
    use base64::Engine;
    let p = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .unwrap(),
    )
    .unwrap()
}
