//! The admin API through HTTP, as a script of the operator or of a tenant would use it: bearer
//! tokens from this IdP (an `--admin` client's client_credentials token, an administrator's own
//! token with the `admin` scope), and each refusal of the permission table.

use crate::both;
use crate::flow::urlenc;
use crate::hardening::{redeem, ALICE_PW, CB};
use crate::harness::*;
use idp_domain::{Client, ClientId, GrantType, Role, SigningAlg, TenantId, TenantSettings};
use openidconnect::PkceCodeChallenge;
use serde_json::{json, Value};

const API: &str = "/admin/api/v1";

/// A client of `tenant` (or of the platform) with the admin flag as given; returns a
/// client_credentials access token.
async fn client_token(app: &TestApp, id: &str, tenant: Option<&str>, admin: bool) -> String {
    let secret = idp_oidc::crypto::generate_client_secret().unwrap();
    let c = Client {
        id: ClientId::parse(id).unwrap(),
        name: format!("Script {id}"),
        secret_digest: Some(app.state.provider.secrets.client_secret_digest(&secret)),
        public: false,
        redirect_uris: vec![CB.into()],
        post_logout_redirect_uris: vec![],
        grant_types: vec![GrantType::ClientCredentials],
        scopes: vec![],
        tenant: tenant.map(|t| TenantId::parse(t).unwrap()),
        admin,
        id_token_alg: SigningAlg::RS256,
        access_token_alg: SigningAlg::ES256,
        created_at: app.now(),
        resources: vec![],
        resource_server: false,
        disabled: false,
    };
    app.state.provider.store.create_client(&c).await.unwrap();
    let r = app
        .token(id, &secret, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

/// A user of `tenant` with a password and `role`.
async fn user_in_role(app: &TestApp, tenant: &TenantId, username: &str, role: Role) {
    app.user(tenant, username, ALICE_PW).await;
    let store = &app.state.provider.store;
    let mut u = store
        .user_by_username(tenant, username)
        .await
        .unwrap()
        .unwrap();
    u.role = role;
    store.update_user(&u).await.unwrap();
}

/// The relying application an administrator's script signs in through, with the admin scope.
async fn console_client(app: &TestApp) -> String {
    let secret = idp_oidc::crypto::generate_client_secret().unwrap();
    let c = Client {
        id: ClientId::parse("admin-script").unwrap(),
        name: "Admin script".into(),
        secret_digest: Some(app.state.provider.secrets.client_secret_digest(&secret)),
        public: false,
        redirect_uris: vec![CB.into()],
        post_logout_redirect_uris: vec![],
        grant_types: vec![GrantType::AuthorizationCode],
        scopes: ["openid", "admin"].map(String::from).to_vec(),
        tenant: None,
        admin: false,
        id_token_alg: SigningAlg::RS256,
        access_token_alg: SigningAlg::ES256,
        created_at: app.now(),
        resources: vec![],
        resource_server: false,
        disabled: false,
    };
    app.state.provider.store.create_client(&c).await.unwrap();
    secret
}

/// `username` of `tenant` signs in through the pages and gets an access token of `scope`.
async fn user_token(
    app: &TestApp,
    secret: &str,
    tenant: &str,
    username: &str,
    scope: &str,
) -> String {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let url = format!(
        "{}/authorize?response_type=code&client_id=admin-script&redirect_uri={}&scope={}&state=s&nonce=n&code_challenge={}&code_challenge_method=S256",
        app.base,
        urlenc(CB),
        urlenc(scope),
        challenge.as_str()
    );
    let cb = app
        .sign_in(&TestApp::browser(), &url, tenant, username, ALICE_PW)
        .await
        .unwrap();
    let t = redeem(app, "admin-script", secret, &cb, &verifier).await;
    t["access_token"].as_str().unwrap().to_owned()
}

/// The API as one caller sees it.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut r = TestApp::http()
            .request(method, self.app.url(&format!("{API}{path}")))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        if status >= 400 {
            assert_eq!(
                r.headers()["content-type"],
                "application/problem+json",
                "{path}"
            );
        }
        let text = r.text().await.unwrap();
        assert!(status < 500, "{path}: {status} {text}");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
    async fn get(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, None).await
    }
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }
    async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::PATCH, path, Some(body)).await
    }
    async fn delete(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::DELETE, path, None).await
    }
    /// A POST without a body at all.
    async fn post_empty(&self, path: &str) -> u16 {
        TestApp::http()
            .post(self.app.url(&format!("{API}{path}")))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

fn api(app: &TestApp, token: String) -> Api<'_> {
    Api { app, token }
}

/// acme and globex, each with a user; the platform's admin client `ops`.
async fn two_tenants(db: Db) -> (TestApp, String) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    let globex = app.tenant("globex").await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.user(&globex, "gina", ALICE_PW).await;
    let ops = client_token(&app, "ops", None, true).await;
    (app, ops)
}

async fn who_may_call(db: Db) {
    let (app, _) = two_tenants(db).await;
    // No token: 401 with the Bearer challenge; a token that is not ours: 401 invalid_token.
    let r = TestApp::http()
        .get(app.url(&format!("{API}/tenants")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    let (s, _) = api(&app, "eyJhbGciOiJub25lIn0.e30.".into())
        .get("/tenants")
        .await;
    assert_eq!(s, 401);
    let r = TestApp::http()
        .get(app.url(&format!("{API}/tenants")))
        .basic_auth("ops", Some("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "only Bearer tokens");

    // A client without --admin: 403.
    let plain = client_token(&app, "plain", None, false).await;
    let (s, p) = api(&app, plain).get("/tenants").await;
    assert_eq!(s, 403, "{p}");

    // A user's token without the admin scope, and a plain user's token with it: 403.
    let acme = TenantId::parse("acme").unwrap();
    user_in_role(&app, &acme, "tina", Role::TenantAdmin).await;
    let secret = console_client(&app).await;
    let no_scope = user_token(&app, &secret, "acme", "tina", "openid").await;
    let r = TestApp::http()
        .get(app.url(&format!("{API}/tenants/acme/users")))
        .bearer_auth(&no_scope)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("insufficient_scope"));
    let plain_user = user_token(&app, &secret, "acme", "alice", "openid admin").await;
    assert_eq!(
        api(&app, plain_user).get("/tenants/acme/users").await.0,
        403
    );

    // The tenant administrator's own token works, until the administrator is disabled.
    let tina = api(
        &app,
        user_token(&app, &secret, "acme", "tina", "openid admin").await,
    );
    assert_eq!(tina.get("/tenants/acme/users").await.0, 200);
    let ops = api(&app, client_token(&app, "ops2", None, true).await);
    let (s, _) = ops
        .patch("/tenants/acme/users/tina", json!({"disabled": true}))
        .await;
    assert_eq!(s, 200);
    let (s, _) = tina.get("/tenants/acme/users").await;
    assert!(
        s == 401 || s == 403,
        "a disabled administrator is refused: {s}"
    );
    app.stop().await;
}
both!(admin_api_who_may_call, who_may_call);

async fn tenants_stay_apart(db: Db) {
    let (app, _) = two_tenants(db).await;
    let bot = api(
        &app,
        client_token(&app, "acme-bot", Some("acme"), true).await,
    );
    // It sees its own tenant only.
    let (s, list) = bot.get("/tenants").await;
    assert_eq!(s, 200);
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["acme"]);
    // Another tenant answers exactly as one that does not exist, on every path.
    let (s, missing) = bot.get("/tenants/nosuch").await;
    assert_eq!(s, 404);
    let (s, other) = bot.get("/tenants/globex").await;
    assert_eq!(s, 404);
    assert_eq!(
        other["detail"].as_str().unwrap().replace("globex", "X"),
        missing["detail"].as_str().unwrap().replace("nosuch", "X")
    );
    for (status, _) in [
        bot.get("/tenants/globex/users").await,
        bot.get("/tenants/globex/users/gina").await,
        bot.get("/tenants/globex/users/guessed").await,
        bot.get("/tenants/globex/audit").await,
        bot.patch("/tenants/globex", json!({"two_factor": "required"}))
            .await,
        bot.patch("/tenants/globex/users/gina", json!({"disabled": true}))
            .await,
        bot.post("/tenants/globex/users/gina/reset", json!({}))
            .await,
        bot.post("/tenants/globex/users/gina/unlock", json!({}))
            .await,
        bot.post("/tenants/globex/confirmations", json!({})).await,
        bot.delete("/tenants/globex/users/gina").await,
        bot.post(
            "/tenants/globex/users",
            json!({"username": "mole", "email": "mole@globex.example"}),
        )
        .await,
    ] {
        assert_eq!(status, 404);
    }
    // Nothing of globex changed.
    let globex = TenantId::parse("globex").unwrap();
    let store = &app.state.provider.store;
    let gina = store
        .user_by_username(&globex, "gina")
        .await
        .unwrap()
        .unwrap();
    assert!(!gina.disabled && gina.has_password());
    assert!(store
        .user_by_username(&globex, "mole")
        .await
        .unwrap()
        .is_none());
    // Platform-only actions are refused outright.
    let (s, _) = bot
        .post("/tenants", json!({"id": "new", "name": "New"}))
        .await;
    assert_eq!(s, 403);
    // In its own tenant, the tenant-bound client is a tenant administrator.
    let (s, _) = bot
        .patch("/tenants/acme", json!({"two_factor": "required"}))
        .await;
    assert_eq!(s, 200);
    app.stop().await;
}
both!(admin_api_tenants_stay_apart, tenants_stay_apart);

async fn user_admin_limits(db: Db) {
    let (app, _) = two_tenants(db).await;
    let acme = TenantId::parse("acme").unwrap();
    user_in_role(&app, &acme, "uma", Role::UserAdmin).await;
    user_in_role(&app, &acme, "tina", Role::TenantAdmin).await;
    let secret = console_client(&app).await;
    let uma = api(
        &app,
        user_token(&app, &secret, "acme", "uma", "openid admin").await,
    );
    // Security settings are the tenant administrator's.
    let (s, p) = uma
        .patch("/tenants/acme", json!({"two_factor": "required"}))
        .await;
    assert_eq!(s, 403, "{p}");
    let (s, _) = uma.patch("/tenants/acme", json!({"name": "Renamed"})).await;
    assert_eq!(s, 403);
    // So are the language and time zone of every page and mail of the company.
    for change in [
        json!({"locale": "de"}),
        json!({"time_zone": "Pacific/Kiritimati"}),
    ] {
        let (s, p) = uma.patch("/tenants/acme", change).await;
        assert_eq!(s, 403, "{p}");
    }
    // Users below or at its own role: listed, edited; a tenant administrator is invisible.
    let (s, list) = uma.get("/tenants/acme/users").await;
    assert_eq!(s, 200);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "uma"]);
    assert_eq!(uma.get("/tenants/acme/users/tina").await.0, 404);
    assert_eq!(
        uma.post("/tenants/acme/users/tina/reset", json!({}))
            .await
            .0,
        404,
        "resetting a tenant administrator would hand over the account"
    );
    assert_eq!(
        uma.patch(
            "/tenants/acme/users/tina",
            json!({"email": "me@evil.example"})
        )
        .await
        .0,
        404
    );
    // No role above its own, to anyone, and no change of its own role.
    let (s, _) = uma
        .patch("/tenants/acme/users/alice", json!({"role": "tenant-admin"}))
        .await;
    assert_eq!(s, 403);
    let (s, _) = uma
        .post(
            "/tenants/acme/users",
            json!({"username": "eve", "email": "eve@acme.example", "role": "platform-admin"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, p) = uma
        .patch("/tenants/acme/users/uma", json!({"disabled": true}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("disabled")));
    // Deletion is the tenant administrator's.
    assert_eq!(uma.delete("/tenants/acme/users/alice").await.0, 403);
    let (s, _) = uma
        .patch("/tenants/acme/users/alice", json!({"role": "user-admin"}))
        .await;
    assert_eq!(s, 200);
    app.stop().await;
}
both!(admin_api_user_admin_limits, user_admin_limits);

async fn users_lifecycle(db: Db) {
    let (app, ops) = two_tenants(db).await;
    let ops = api(&app, ops);
    // Created: the registration mail goes out and the user is "invited".
    let (s, u) = ops
        .post(
            "/tenants/acme/users",
            json!({"username": "bob", "email": "bob@acme.example", "display_name": "Bob"}),
        )
        .await;
    assert_eq!(s, 201, "{u}");
    assert_eq!(u["registration"], "invited");
    assert!(app
        .wait_message("bob@acme.example", "registration")
        .await
        .is_some());
    let (s, p) = ops
        .post(
            "/tenants/acme/users",
            json!({"username": "bob", "email": "b@acme.example"}),
        )
        .await;
    assert_eq!(s, 409, "{p}");
    for n in ["carl", "dora", "emil"] {
        let (s, _) = ops
            .post(
                "/tenants/acme/users",
                json!({"username": n, "email": format!("{n}@acme.example")}),
            )
            .await;
        assert_eq!(s, 201);
    }
    // Filters and search.
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, v) = ops.get("/tenants/acme/users?status=invited").await;
    assert_eq!(names(&v), ["bob", "carl", "dora", "emil"]);
    let (_, v) = ops
        .get("/tenants/acme/users?status=two_factor_off&q=ALI")
        .await;
    assert_eq!(names(&v), ["alice"]);
    let (_, v) = ops.get("/tenants/acme/users?q=dora%40acme").await;
    assert_eq!(names(&v), ["dora"]);
    let (_, v) = ops.get("/tenants/acme/users?q=%25").await;
    assert_eq!(
        names(&v),
        Vec::<String>::new(),
        "% is a character, not a pattern"
    );
    let (s, p) = ops.get("/tenants/acme/users?status=sleepy").await;
    assert_eq!((s, p["field"].as_str()), (422, Some("status")));
    // Paging: every user exactly once.
    let mut seen = Vec::new();
    let mut path = "/tenants/acme/users?limit=2".to_owned();
    loop {
        let (s, v) = ops.get(&path).await;
        assert_eq!(s, 200);
        seen.extend(names(&v));
        match v["next_cursor"].as_str() {
            Some(c) => path = format!("/tenants/acme/users?limit=2&cursor={}", urlenc(c)),
            None => break,
        }
    }
    assert_eq!(seen, ["alice", "bob", "carl", "dora", "emil"]);
    let (s, p) = ops.get("/tenants/acme/users?cursor=%21%21").await;
    assert_eq!((s, p["field"].as_str()), (422, Some("cursor")));
    let (s, p) = ops.get("/tenants/acme/users?limit=0").await;
    assert_eq!((s, p["field"].as_str()), (422, Some("limit")));

    // Edit: a new address is unconfirmed.
    let store = &app.state.provider.store;
    let acme = TenantId::parse("acme").unwrap();
    let (s, u) = ops
        .patch(
            "/tenants/acme/users/alice",
            json!({"email": "alice.new@acme.example", "display_name": null}),
        )
        .await;
    assert_eq!(s, 200, "{u}");
    assert_eq!(u["email_confirmed"], false);
    assert_eq!(u["display_name"], Value::Null);
    assert!(app
        .wait_message("alice.new@acme.example", "confirm")
        .await
        .is_some());
    let (s, p) = ops
        .patch(
            "/tenants/acme/users/alice",
            json!({"email": "not an address"}),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("email")));
    let (s, p) = ops
        .patch("/tenants/acme/users/alice", json!({"password": "x"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("password")));

    // Disable: sessions and refresh tokens end at once.
    let (s, u) = ops
        .patch("/tenants/acme/users/alice", json!({"disabled": true}))
        .await;
    assert_eq!((s, u["disabled"].as_bool()), (200, Some(true)));
    let (_, v) = ops.get("/tenants/acme/users?status=disabled").await;
    assert_eq!(names(&v), ["alice"]);
    let (s, _) = ops
        .patch("/tenants/acme/users/alice", json!({"disabled": false}))
        .await;
    assert_eq!(s, 200);

    // Reset, unlock, invitation, confirmation.
    let (s, u) = ops.post("/tenants/acme/users/alice/reset", json!({})).await;
    assert_eq!((s, u["has_password"].as_bool()), (200, Some(false)));
    let (s, v) = ops
        .post("/tenants/acme/users/alice/unlock", json!({}))
        .await;
    assert_eq!(s, 200, "{v}");
    let s = ops.post_empty("/tenants/acme/users/bob/invitation").await;
    assert_eq!(s, 200, "an empty body counts as {{}}");
    let (s, p) = ops
        .post("/tenants/acme/users/bob/invitation", json!({"extra": 1}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("extra")));
    let (s, _) = ops
        .post("/tenants/acme/users/bob/confirmation", json!({}))
        .await;
    assert_eq!(s, 200);

    // Delete: gone, with its links; the audit log keeps the events, naming the actor.
    let bob = store.user_by_username(&acme, "bob").await.unwrap().unwrap();
    assert_eq!(ops.delete("/tenants/acme/users/bob").await.0, 204);
    assert_eq!(ops.get("/tenants/acme/users/bob").await.0, 404);
    assert!(store.user(&acme, &bob.id).await.unwrap().is_none());
    let (s, log) = ops.get("/tenants/acme/audit?type=user.reset").await;
    assert_eq!(s, 200);
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["actor"], "client:ops");
    assert_eq!(items[0]["username"], "alice");
    let (_, log) = ops.get("/tenants/acme/audit?username=alice&limit=2").await;
    assert_eq!(log["items"].as_array().unwrap().len(), 2);
    assert!(log["next_cursor"].is_string());
    let (_, log) = ops
        .get("/tenants/acme/audit?since=2999-01-01T00:00:00Z")
        .await;
    assert_eq!(log["items"].as_array().unwrap().len(), 0);
    let (s, p) = ops.get("/tenants/acme/audit?since=yesterday").await;
    assert_eq!((s, p["field"].as_str()), (422, Some("since")));
    app.stop().await;
}
both!(admin_api_users_lifecycle, users_lifecycle);

async fn settings_and_policy(db: Db) {
    let (app, ops) = two_tenants(db).await;
    let ops = api(&app, ops);
    let (s, t) = ops
        .patch(
            "/tenants/acme",
            json!({"two_factor": "required", "methods": ["totp", "email"], "email_code_ttl": "2m"}),
        )
        .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["two_factor"], "required");
    assert_eq!(t["methods"], json!(["totp", "email"]));
    assert_eq!(t["email_code_ttl"], "2m");
    // The company's language and time zone: set, shown, refused when unknown.
    let (s, t) = ops
        .patch(
            "/tenants/acme",
            json!({"locale": "de", "time_zone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(
        (t["locale"].as_str(), t["time_zone"].as_str()),
        (Some("de"), Some("Europe/Berlin"))
    );
    let (s, p) = ops.patch("/tenants/acme", json!({"locale": "xx"})).await;
    assert_eq!((s, p["field"].as_str()), (422, Some("locale")), "{p}");
    let (s, p) = ops
        .patch("/tenants/acme", json!({"time_zone": "Mars/Olympus"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("time_zone")), "{p}");
    // Policy refusals: 422 with the reason beside the field.
    let (s, p) = ops.patch("/tenants/acme", json!({"methods": []})).await;
    assert_eq!((s, p["field"].as_str()), (422, Some("methods")), "{p}");
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("at least one method"));
    let (s, p) = ops
        .patch("/tenants/acme", json!({"login_mode": "sso"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("login_mode")), "{p}");
    let sso = TenantSettings {
        login_mode: idp_domain::LoginMode::Sso,
        two_factor: idp_domain::TwoFactor::Disabled,
        ..TenantSettings::default()
    };
    app.tenant_with("initech", sso).await;
    let (s, p) = ops
        .patch("/tenants/initech", json!({"two_factor": "optional"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("two_factor")), "{p}");
    assert!(p["detail"].as_str().unwrap().contains("SSO"));
    // Bad values name the field.
    let (s, p) = ops
        .patch("/tenants/acme", json!({"registration_link_ttl": "soon"}))
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (422, Some("registration_link_ttl"))
    );
    let (s, p) = ops.patch("/tenants/acme", json!({"colour": "red"})).await;
    assert_eq!((s, p["field"].as_str()), (422, Some("colour")));
    // Tenants: created by the platform, listed with paging.
    let (s, t) = ops
        .post(
            "/tenants",
            json!({"id": "hooli", "name": "Hooli", "two_factor": "disabled"}),
        )
        .await;
    assert_eq!(
        (s, t["two_factor"].as_str()),
        (201, Some("disabled")),
        "{t}"
    );
    let (s, p) = ops
        .post("/tenants", json!({"id": "Bad ID", "name": "x"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("id")));
    assert_eq!(
        ops.post("/tenants", json!({"id": "hooli", "name": "x"}))
            .await
            .0,
        409
    );
    let (_, page) = ops.get("/tenants?limit=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let c = page["next_cursor"].as_str().unwrap();
    let (_, rest) = ops
        .get(&format!("/tenants?limit=10&cursor={}", urlenc(c)))
        .await;
    let mut all: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["items"].as_array().unwrap())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    all.sort();
    assert_eq!(all, ["acme", "globex", "hooli", "initech"]);
    app.stop().await;
}
both!(admin_api_settings_and_policy, settings_and_policy);

async fn bulk_confirmations(db: Db) {
    let (app, _) = two_tenants(db).await;
    let acme = TenantId::parse("acme").unwrap();
    for n in ["u1", "u2", "u3"] {
        app.user_with(&acme, n, ALICE_PW, false).await;
    }
    app.user_with(&TenantId::parse("globex").unwrap(), "g1", ALICE_PW, false)
        .await;
    user_in_role(&app, &acme, "uma", Role::UserAdmin).await;
    user_in_role(&app, &acme, "tina", Role::TenantAdmin).await;
    let store = &app.state.provider.store;
    let mut tina = store
        .user_by_username(&acme, "tina")
        .await
        .unwrap()
        .unwrap();
    tina.email_confirmed = false;
    store.update_user(&tina).await.unwrap();
    let secret = console_client(&app).await;
    let uma = api(
        &app,
        user_token(&app, &secret, "acme", "uma", "openid admin").await,
    );
    // Only the unconfirmed users uma may see: not the tenant administrator, not globex's.
    let (s, v) = uma.post("/tenants/acme/confirmations", json!({})).await;
    assert_eq!((s, v["sent"].as_u64()), (200, Some(3)), "{v}");
    for n in ["u1", "u2", "u3"] {
        assert!(app
            .wait_message(&format!("{n}@acme.example"), "confirm")
            .await
            .is_some());
    }
    assert!(app
        .messages()
        .iter()
        .all(|m| m.to != "tina@acme.example" && m.to != "g1@globex.example"));
    let (_, log) = uma
        .get("/tenants/acme/audit?type=users.confirmations_sent")
        .await;
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert!(items[0]["detail"].as_str().unwrap().starts_with("3 "));
    assert_eq!(items[0]["actor"], "admin:acme/uma");
    // Rate-limited: three sends in ten minutes, then 429.
    for _ in 0..2 {
        assert_eq!(
            uma.post("/tenants/acme/confirmations", json!({})).await.0,
            200
        );
    }
    assert_eq!(
        uma.post("/tenants/acme/confirmations", json!({})).await.0,
        429
    );
    app.stop().await;
}
both!(admin_api_bulk_confirmations, bulk_confirmations);

async fn openapi_document(db: Db) {
    let app = TestApp::spawn(db).await;
    let r = TestApp::http()
        .get(app.url(&format!("{API}/openapi.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for path in [
        "/tenants",
        "/tenants/{tenant}",
        "/tenants/{tenant}/users",
        "/tenants/{tenant}/users/{username}",
        "/tenants/{tenant}/users/{username}/reset",
        "/tenants/{tenant}/users/{username}/invitation",
        "/tenants/{tenant}/users/{username}/confirmation",
        "/tenants/{tenant}/users/{username}/unlock",
        "/tenants/{tenant}/confirmations",
        "/tenants/{tenant}/audit",
        "/tenants/{tenant}/sso",
        "/clients",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    // Every reference resolves.
    let text = doc.to_string();
    for part in text.split("#/components/schemas/").skip(1) {
        let name: String = part.chars().take_while(|c| *c != '"').collect();
        assert!(doc["components"]["schemas"][&name].is_object(), "{name}");
    }
    app.stop().await;
}
both!(admin_api_openapi, openapi_document);

async fn sso_through_the_api(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.admin.tenant_sso_self_service = true).await;
    app.tenant("acme").await;
    app.tenant("globex").await;
    let idp = crate::sso::SamlIdp::start(1).await;
    let metadata = TestApp::http()
        .get(format!("{}/metadata", idp.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let acme = TenantId::parse("acme").unwrap();
    user_in_role(&app, &acme, "uma", Role::UserAdmin).await;
    let secret = console_client(&app).await;
    let uma = api(
        &app,
        user_token(&app, &secret, "acme", "uma", "openid admin").await,
    );
    let bot = api(
        &app,
        client_token(&app, "acme-bot", Some("acme"), true).await,
    );
    let put = json!({"metadata_xml": metadata, "domains": ["corp.example"], "jit": true});
    // A user administrator may not; another tenant's is invisible.
    assert_eq!(uma.get("/tenants/acme/sso").await.0, 403);
    assert_eq!(
        uma.call(reqwest::Method::PUT, "/tenants/acme/sso", Some(put.clone()))
            .await
            .0,
        403
    );
    assert_eq!(
        bot.call(
            reqwest::Method::PUT,
            "/tenants/globex/sso",
            Some(put.clone())
        )
        .await
        .0,
        404
    );
    // Bad input names the field.
    let (s, p) = bot
        .call(
            reqwest::Method::PUT,
            "/tenants/acme/sso",
            Some(json!({"domains": ["corp.example"]})),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("metadata_xml")), "{p}");
    let (s, p) = bot
        .call(
            reqwest::Method::PUT,
            "/tenants/acme/sso",
            Some(json!({"metadata_xml": metadata, "domains": []})),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("domains")), "{p}");
    // A tenant administrator cannot make the server fetch from inside its network.
    let (s, p) = bot
        .call(
            reqwest::Method::PUT,
            "/tenants/acme/sso",
            Some(json!({"metadata_url": format!("{}/metadata", idp.base), "domains": ["corp.example"]})),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("metadata_url")), "{p}");
    assert_eq!(
        bot.get("/tenants/acme/sso").await.0,
        404,
        "nothing configured yet"
    );
    // With self-service on, the tenant administrator configures its own tenant.
    let (s, v) = bot
        .call(reqwest::Method::PUT, "/tenants/acme/sso", Some(put))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["login_mode"], "sso");
    assert_eq!(v["domains"], json!(["corp.example"]));
    assert!(!v["idp_certificates"].as_array().unwrap().is_empty());
    let (s, v) = bot.get("/tenants/acme/sso").await;
    assert_eq!((s, v["settings"]["jit"].as_bool()), (200, Some(true)));
    let (_, log) = bot.get("/tenants/acme/audit?type=sso.configured").await;
    assert_eq!(log["items"][0]["actor"], "client:acme-bot", "{log}");
    // The operator points the connection at an address inside the network; the tenant
    // administrator saving "as it is" (no metadata given) does not get it fetched.
    crate::sso::configure(&app, &idp, "acme", "corp.example", &["--jit"]).await;
    let (s, p) = bot
        .call(
            reqwest::Method::PUT,
            "/tenants/acme/sso",
            Some(json!({"domains": ["corp.example"], "jit": true})),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("metadata_url")), "{p}");

    // And it works: a user signs in through the IdP.
    app.state.provider.store.invalidate_caches();
    idp.trust(&app, "acme").await;
    let shop = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&shop), CB).await;
    let s = crate::flow::start(&rp, &[]);
    let r = crate::sso::sso_sign_in(&app, &TestApp::browser(), &s.url, "ann@corp.example").await;
    let (_, acr, _) = crate::sso::tokens_of(&rp, s, r).await;
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    app.stop().await;
}
both!(admin_api_sso, sso_through_the_api);

async fn sso_is_the_platforms_by_default(db: Db) {
    let (app, _) = two_tenants(db).await;
    let bot = api(
        &app,
        client_token(&app, "acme-bot", Some("acme"), true).await,
    );
    assert_eq!(bot.get("/tenants/acme/sso").await.0, 403);
    let (s, _) = bot
        .call(
            reqwest::Method::PUT,
            "/tenants/acme/sso",
            Some(json!({"metadata_xml": "<x/>", "domains": ["corp.example"]})),
        )
        .await;
    assert_eq!(s, 403);
    let (s, p) = bot
        .patch("/tenants/acme", json!({"login_mode": "sso"}))
        .await;
    assert_eq!(s, 403, "{p}");
    app.stop().await;
}
both!(admin_api_sso_platform_only, sso_is_the_platforms_by_default);

async fn clients_through_the_api(db: Db) {
    let (app, ops) = two_tenants(db).await;
    let ops = api(&app, ops);
    let bot = api(
        &app,
        client_token(&app, "acme-bot", Some("acme"), true).await,
    );
    let new = json!({"id": "crm", "name": "CRM", "redirect_uris": ["https://crm.example/cb"], "tenant": "acme"});
    assert_eq!(bot.get("/clients").await.0, 403);
    assert_eq!(bot.post("/clients", new.clone()).await.0, 403);
    let (s, c) = ops.post("/clients", new.clone()).await;
    assert_eq!(s, 201, "{c}");
    let secret = c["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(c["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(ops.post("/clients", new).await.0, 409);
    let (s, p) = ops
        .post(
            "/clients",
            json!({"id": "bad", "name": "Bad", "redirect_uris": ["http://evil.example/cb"]}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (422, Some("redirect_uris")),
        "{p}"
    );
    let (s, p) = ops
        .post(
            "/clients",
            json!({"id": "bad", "name": "Bad", "grant_types": ["implicit"]}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (422, Some("grant_types[0]")),
        "{p}"
    );
    // Listed without secrets; the secret works once, as shown.
    let (_, list) = ops.get("/clients").await;
    let items = list["items"].as_array().unwrap();
    assert!(items.iter().any(|c| c["client_id"] == "crm"));
    assert!(items.iter().all(|c| c.get("client_secret").is_none()));
    let r = app
        .token("crm", &secret, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(r.status(), 400, "crm was not given client_credentials");
    let r = app
        .token("crm", "wrong", &[("grant_type", "authorization_code")])
        .await;
    assert_eq!(r.status(), 401);
    app.stop().await;
}
both!(admin_api_clients, clients_through_the_api);

/// A client's edits through the API: redirect URIs replaced (and checked), the secret rotated
/// (shown once, the old one dead at once), and disabled: no sign-in, no token, its access
/// tokens refused, then enabled again; each change audited.
async fn client_edits(db: Db) {
    let (app, ops_token) = two_tenants(db).await;
    let ops = api(&app, ops_token);
    let bot_token = client_token(&app, "acme-bot", Some("acme"), true).await;
    let bot = api(&app, bot_token.clone());
    assert_eq!(bot.get("/clients/acme-bot").await.0, 403);
    assert_eq!(ops.get("/clients/nobody").await.0, 404);
    assert_eq!(ops.get("/clients/not%20an%20id").await.0, 404);
    assert_eq!(
        ops.get("/clients/idp-admin").await.0,
        404,
        "the built-in ones are not for editing"
    );
    let (s, c) = ops
        .post(
            "/clients",
            json!({"id": "crm", "name": "CRM", "redirect_uris": [CB], "grant_types": ["authorization_code", "client_credentials"]}),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let old = c["client_secret"].as_str().unwrap().to_owned();

    let (s, p) = ops
        .patch(
            "/clients/crm",
            json!({"redirect_uris": ["http://evil.example/cb"]}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (422, Some("redirect_uris")),
        "{p}"
    );
    let (s, p) = ops
        .patch("/clients/crm", json!({"redirect_uris": []}))
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (422, Some("redirect_uris")),
        "{p}"
    );
    let (s, p) = ops.patch("/clients/crm", json!({"secret": "x"})).await;
    assert_eq!(s, 422, "{p}");
    // A PATCH without its body is refused, not taken as "change nothing".
    let r = TestApp::http()
        .patch(app.url(&format!("{API}/clients/crm")))
        .bearer_auth(&ops.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let (s, c) = ops
        .patch(
            "/clients/crm",
            json!({"name": "CRM 2", "redirect_uris": [CB, "https://crm.example/cb"]}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["name"], "CRM 2");
    assert_eq!(c["redirect_uris"].as_array().unwrap().len(), 2);
    assert!(c.get("client_secret").is_none());

    // A change from a stale read (a rotation racing a disable) is refused, not applied over
    // the one made in between.
    let store = &app.state.provider.store;
    let crm = ClientId::parse("crm").unwrap();
    let (stale, read_at) = store.client_registration(&crm).await.unwrap().unwrap();
    assert_eq!(
        ops.patch("/clients/crm", json!({"name": "CRM 3"})).await.0,
        200
    );
    let mut late = stale.clone();
    late.disabled = true;
    assert!(matches!(
        store.update_client(&late, read_at, app.now()).await,
        Err(idp_store::StoreError::Conflict { .. })
    ));
    assert_eq!(ops.get("/clients/crm").await.1["disabled"], false);

    // Rotation: the new secret works, the old one no longer.
    let (s, c) = ops.post("/clients/crm/secret", json!({})).await;
    assert_eq!(s, 200, "{c}");
    let new = c["client_secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let cc = [("grant_type", "client_credentials")];
    assert_eq!(app.token("crm", &old, &cc).await.status(), 401);
    let r = app.token("crm", &new, &cc).await;
    assert_eq!(r.status(), 200);
    let at: Value = r.json().await.unwrap();
    let at = at["access_token"].as_str().unwrap().to_owned();
    let introspect = |token: String| {
        let app = &app;
        let new = new.clone();
        async move {
            let r = TestApp::http()
                .post(app.url("/introspect"))
                .basic_auth("crm", Some(&new))
                .form(&[("token", token.as_str())])
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()
        }
    };
    assert_eq!(introspect(at.clone()).await["active"], true);

    // Disabled: no sign-in page, no token, its access token refused (also the admin bot's).
    let (s, c) = ops.patch("/clients/crm", json!({"disabled": true})).await;
    assert_eq!((s, c["disabled"].as_bool()), (200, Some(true)), "{c}");
    assert_eq!(app.token("crm", &new, &cc).await.status(), 401);
    let r = TestApp::http()
        .get(app.url(&format!(
            "/authorize?response_type=code&client_id=crm&redirect_uri={}&scope=openid&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqr&code_challenge_method=S256",
            crate::flow::urlenc(CB)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a disabled client's sign-in is not shown");
    assert!(
        r.headers().get("location").is_none(),
        "never redirected to a disabled client"
    );
    let r = TestApp::http()
        .get(app.url("/userinfo"))
        .bearer_auth(&at)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "a disabled client's access token");
    let (s, p) = ops.patch("/clients/ops", json!({"disabled": true})).await;
    assert_eq!((s, p["field"].as_str()), (422, Some("disabled")), "{p}");
    assert_eq!(
        ops.patch("/clients/acme-bot", json!({"disabled": true}))
            .await
            .0,
        200
    );
    assert_eq!(bot.get("/tenants/acme/users").await.0, 401);
    // Listed, and readable, while disabled; enabled again, it works again.
    let (_, list) = ops.get("/clients").await;
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["client_id"] == "crm" && c["disabled"] == true));
    assert_eq!(
        ops.patch("/clients/crm", json!({"disabled": false}))
            .await
            .0,
        200
    );
    assert_eq!(app.token("crm", &new, &cc).await.status(), 200);
    // Each change is in the audit log, with the actor.
    let events = platform_events(&app).await;
    for e in [
        "client.changed",
        "client.secret_rotated",
        "client.disabled",
        "client.enabled",
    ] {
        let want = format!("{e} client:ops");
        assert!(events.contains(&want), "{want} not audited: {events:?}");
    }
    app.stop().await;
}
both!(admin_api_client_edits, client_edits);

/// The audit events of no tenant (the platform's), as `event actor`.
async fn platform_events(app: &TestApp) -> Vec<String> {
    use sqlx::Row;
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let rows =
        sqlx::query("SELECT event, actor FROM audit_log WHERE tenant_id IS NULL ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    rows.iter()
        .map(|r| {
            let actor: Option<String> = r.get("actor");
            format!(
                "{} {}",
                r.get::<String, _>("event"),
                actor.unwrap_or_default()
            )
        })
        .collect()
}

async fn as_an_outsider(db: Db) {
    let (app, ops_token) = two_tenants(db).await;
    let acme = TenantId::parse("acme").unwrap();
    for n in ["u1", "u2"] {
        app.user_with(&acme, n, ALICE_PW, false).await;
    }
    // 150 bulk resends at once: the budget (3 per ten minutes) is counted in the database,
    // so exactly three go out however they race.
    let url = app.url(&format!("{API}/tenants/acme/confirmations"));
    let mut tasks = Vec::new();
    for _ in 0..150 {
        let (url, token) = (url.clone(), ops_token.clone());
        tasks.push(tokio::spawn(async move {
            TestApp::http()
                .post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 3, "{codes:?}");
    assert!(codes.iter().all(|c| *c == 200 || *c == 429), "{codes:?}");

    // A token whose payload was changed no longer verifies.
    let mut parts: Vec<String> = ops_token.split('.').map(str::to_owned).collect();
    let mut payload = parts[1].clone().into_bytes();
    payload[10] = if payload[10] == b'A' { b'B' } else { b'A' };
    parts[1] = String::from_utf8(payload).unwrap();
    let (s, _) = api(&app, parts.join(".")).get("/tenants").await;
    assert_eq!(s, 401);

    // Oversized and malformed bodies are refused with a clear status, never a 5xx.
    let ops = api(&app, ops_token);
    let r = TestApp::http()
        .post(app.url(&format!("{API}/tenants")))
        .bearer_auth(&ops.token)
        .header("content-type", "application/json")
        .body(vec![b' '; 4 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = TestApp::http()
        .post(app.url(&format!("{API}/tenants")))
        .bearer_auth(&ops.token)
        .header("content-type", "application/json")
        .body(r#"{"id": "x", "name": "#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = TestApp::http()
        .post(app.url(&format!("{API}/tenants")))
        .bearer_auth(&ops.token)
        .header("content-type", "text/plain")
        .body("id=x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);

    // An administrator demoted while holding a token loses the API at once.
    user_in_role(&app, &acme, "tina", Role::TenantAdmin).await;
    let secret = console_client(&app).await;
    let tina = api(
        &app,
        user_token(&app, &secret, "acme", "tina", "openid admin").await,
    );
    assert_eq!(tina.get("/tenants/acme/users").await.0, 200);
    let (s, _) = ops
        .patch("/tenants/acme/users/tina", json!({"role": "user"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(tina.get("/tenants/acme/users").await.0, 403);
    app.stop().await;
}
both!(admin_api_as_an_outsider, as_an_outsider);

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 40 10" inkscape:version="1.3"><title>ACME</title><rect width="40" height="10" fill="#1f5fbf"/></svg>"##;

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The newest outbox file, whole (text and HTML parts).
fn newest_mail(app: &TestApp) -> String {
    let mut names: Vec<_> = std::fs::read_dir(app.outbox.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    std::fs::read_to_string(names.last().unwrap()).unwrap()
}

/// Branding through the API: the accent colour's contrast is checked (WCAG AA), an SVG with
/// anything active is refused and a clean one stored cleaner still, PNGs are checked by their
/// bytes; the IdP serves the logo and the theme, the sign-in page of an application bound to
/// the tenant shows them, the mails carry them; a user administrator may not change it.
async fn branding(db: Db) {
    let (app, ops) = two_tenants(db).await;
    let ops = api(&app, ops);
    let acme = TenantId::parse("acme").unwrap();
    user_in_role(&app, &acme, "uma", Role::UserAdmin).await;
    let bot = api(
        &app,
        client_token(&app, "globex-bot", Some("globex"), true).await,
    );
    assert_eq!(bot.get("/tenants/acme/branding").await.0, 404);
    assert_eq!(
        bot.patch("/tenants/acme/branding", json!({"accent_color": "#1f5fbf"}))
            .await
            .0,
        404
    );

    let (s, p) = ops
        .patch("/tenants/acme/branding", json!({"accent_color": "#ffcc00"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("accent_color")), "{p}");
    assert!(p["detail"].as_str().unwrap().contains("4.5:1"), "{p}");
    let (s, p) = ops
        .patch("/tenants/acme/branding", json!({"accent_color": "blue"}))
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("accent_color")), "{p}");
    let evil = r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let (s, p) = ops
        .patch(
            "/tenants/acme/branding",
            json!({"logo": {"content_type": "image/svg+xml", "data_base64": b64(evil.as_bytes())}}),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("logo")), "{p}");
    let (s, p) = ops
        .patch(
            "/tenants/acme/branding",
            json!({"logo": {"content_type": "image/png", "data_base64": b64(b"GIF89a....")}}),
        )
        .await;
    assert_eq!((s, p["field"].as_str()), (422, Some("logo")), "{p}");
    let (s, p) = ops
        .patch(
            "/tenants/acme/branding",
            json!({"logo": {"content_type": "image/gif", "data_base64": b64(b"GIF89a")}}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (422, Some("logo.content_type")),
        "{p}"
    );
    let (s, b) = ops
        .patch(
            "/tenants/acme/branding",
            json!({"display_name": "ACME Corp", "accent_color": "#1F5FBF",
                   "logo": {"content_type": "image/svg+xml", "data_base64": b64(LOGO_SVG.as_bytes())}}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["accent_color"], "#1f5fbf");
    assert_eq!(b["display_name"], "ACME Corp");
    let logo_url = b["logo_url"].as_str().unwrap().to_owned();
    assert!(logo_url.starts_with("/branding/acme/logo?v="), "{logo_url}");

    // Served by the IdP: cleaned, typed, sandboxed.
    let r = TestApp::http()
        .get(app.url(&logo_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let served = r.text().await.unwrap();
    assert!(
        served.contains("<rect") && !served.contains("inkscape"),
        "{served}"
    );
    let r = TestApp::http()
        .get(app.url("/branding/acme/theme.css?v=1f5fbf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");
    assert!(r.text().await.unwrap().contains("--accent: #1f5fbf"));
    assert_eq!(
        TestApp::http()
            .get(app.url("/branding/globex/logo"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // A PNG replaces it, checked by its bytes.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[
        0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0, 0x1f, 0xf3, 0xff, 0x61,
    ]);
    let (s, b) = ops
        .patch(
            "/tenants/acme/branding",
            json!({"logo": {"content_type": "image/png", "data_base64": b64(&png)}}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let png_url = b["logo_url"].as_str().unwrap().to_owned();
    assert_ne!(png_url, logo_url, "a new version");
    let r = TestApp::http().get(app.url(&png_url)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), png.as_slice());

    // The sign-in page of an application bound to acme shows it; an unbound one does not.
    app.client(ClientSpec {
        tenant: Some("acme"),
        ..ClientSpec::confidential("acme-app", CB)
    })
    .await;
    app.client(ClientSpec::confidential("any-app", CB)).await;
    let page = |client: &'static str| {
        let app = &app;
        async move {
            let b = TestApp::browser();
            let r = b
                .get(app.url(&format!(
                    "/authorize?response_type=code&client_id={client}&redirect_uri={}&scope=openid",
                    urlenc(CB)
                )))
                .send()
                .await
                .unwrap();
            let login = location(&r);
            b.get(app.url(&login))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let html = page("acme-app").await;
    assert!(html.contains(&format!("src=\"{png_url}\"")), "{html}");
    assert!(html.contains("alt=\"ACME Corp\""), "{html}");
    assert!(html.contains("/branding/acme/theme.css?v=1f5fbf"), "{html}");
    let html = page("any-app").await;
    assert!(!html.contains("/branding/"), "{html}");

    // The mails carry the logo and the colour.
    let (s, _) = ops
        .post(
            "/tenants/acme/users",
            json!({"username": "nina", "email": "nina@acme.example"}),
        )
        .await;
    assert_eq!(s, 201);
    let mail = newest_mail(&app);
    assert!(mail.contains(&format!("{}{png_url}", app.base)), "{mail}");
    assert!(mail.contains("background: #1f5fbf"), "{mail}");

    // A user administrator may not change it; removing the logo works.
    let uma = api(
        &app,
        user_token(
            &app,
            &console_client(&app).await,
            "acme",
            "uma",
            "openid admin",
        )
        .await,
    );
    assert_eq!(
        uma.patch("/tenants/acme/branding", json!({"accent_color": "#000000"}))
            .await
            .0,
        403
    );
    let (s, b) = ops
        .patch(
            "/tenants/acme/branding",
            json!({"remove_logo": true, "accent_color": ""}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert!(
        b["logo_url"].is_null() && b["accent_color"].is_null(),
        "{b}"
    );
    assert_eq!(
        TestApp::http()
            .get(app.url("/branding/acme/logo"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // A change made from a stale read (another node's, say) is refused, not applied over
    // the one made in between.
    let store = &app.state.provider.store;
    let stale = store.tenant_fresh(&acme).await.unwrap().unwrap();
    let (s, _) = ops
        .patch("/tenants/acme", json!({"two_factor": "required"}))
        .await;
    assert_eq!(s, 200);
    let mut t = (*stale).clone();
    t.updated_at = stale.updated_at + 1;
    assert!(matches!(
        store.update_tenant_if(&t, stale.updated_at).await,
        Err(idp_store::StoreError::Conflict { .. })
    ));
    app.stop().await;
}
both!(admin_api_branding, branding);
