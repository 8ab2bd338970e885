//! The hardening items of the application-layer issue, each a test that failed on the code
//! before it: logout hints, reused sessions under today's policy, concurrent guesses,
//! introspection across tenants, bounded writes, and the rest.

use crate::both;
use crate::flow::{jwt_payload, urlenc};
use crate::harness::*;
use openidconnect::{PkceCodeChallenge, PkceCodeVerifier};

pub const CB: &str = "http://127.0.0.1:3901/cb";
pub const ALICE_PW: &str = "correct horse battery staple";
pub const BOB_PW: &str = "bob's long password";

/// acme with alice and bob, the confidential client `shop`; returns the app and its secret.
pub async fn app_with_two(db: Db) -> (TestApp, String) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.user(&acme, "bob", BOB_PW).await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    (app, secret)
}

pub fn authorize_url(app: &TestApp, client: &str, extra: &str) -> (String, PkceCodeVerifier) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let url = format!(
        "{}/authorize?response_type=code&client_id={client}&redirect_uri={}&scope=openid&state=s&nonce=n&code_challenge={}&code_challenge_method=S256{extra}",
        app.base,
        urlenc(CB),
        challenge.as_str()
    );
    (url, verifier)
}

/// Redeems the code in `cb` for `client`.
pub async fn redeem(
    app: &TestApp,
    client: &str,
    secret: &str,
    cb: &str,
    verifier: &PkceCodeVerifier,
) -> serde_json::Value {
    let code = query(cb)["code"].clone();
    let r = app
        .token(
            client,
            secret,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", CB),
                ("code_verifier", verifier.secret()),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Signs `username` of acme in through the form in `browser`; returns the token response.
pub async fn tokens_for(
    app: &TestApp,
    browser: &reqwest::Client,
    secret: &str,
    username: &str,
    password: &str,
) -> serde_json::Value {
    let (url, verifier) = authorize_url(app, "shop", "");
    let cb = app
        .sign_in(browser, &url, "acme", username, password)
        .await
        .unwrap();
    redeem(app, "shop", secret, &cb, &verifier).await
}

/// Whether `browser` still has a session: prompt=none answers with a code.
pub async fn signed_in(app: &TestApp, browser: &reqwest::Client) -> bool {
    let (url, _) = authorize_url(app, "shop", "&prompt=none");
    let r = browser.get(url).send().await.unwrap();
    query(&location(&r)).contains_key("code")
}

/// Item 3: only an ID token of ours that names this very session ends it without asking.
async fn logout_hints(db: Db) {
    let (app, secret) = app_with_two(db).await;
    let alice = TestApp::browser();
    let old = tokens_for(&app, &alice, &secret, "alice", ALICE_PW).await;
    let bob = tokens_for(&app, &TestApp::browser(), &secret, "bob", BOB_PW).await;
    let post = "http://127.0.0.1:3901/logged-out";
    let logout = |hint: &str| {
        format!(
            "{}/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state=q",
            app.base,
            urlenc(post)
        )
    };

    // Bob's ID token in a link that alice's browser follows: she is asked, not signed out.
    let r = alice
        .get(logout(bob["id_token"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a confirmation page, no redirect");
    let html = r.text().await.unwrap();
    assert!(html.contains("Sign out?"), "{html}");
    assert!(
        signed_in(&app, &alice).await,
        "bob's token ended alice's session"
    );

    // An access token of hers, signed by us too, is no ID token.
    let at = old["access_token"].as_str().unwrap();
    assert_eq!(
        jwt_payload(at)["sub"],
        jwt_payload(old["id_token"].as_str().unwrap())["sub"]
    );
    let r = alice.get(logout(at)).send().await.unwrap();
    assert_eq!(
        r.status(),
        400,
        "an access token as id_token_hint is refused"
    );
    assert!(location(&r).is_empty());
    assert!(
        signed_in(&app, &alice).await,
        "an access token ended the session"
    );

    // Her own ID token's claims (this very session's sub and sid), signed with our key, but
    // naming another issuer or an application that is not registered here: no ID token of
    // ours, refused, where without those checks it would sign her out without asking.
    let keys = app.state.provider.keys().await.unwrap();
    let key = keys.signer(idp_domain::SigningAlg::RS256).unwrap();
    let claims = jwt_payload(old["id_token"].as_str().unwrap());
    let forged = [("iss", "https://other.example"), ("aud", "not-registered")];
    for (field, value) in forged {
        let mut c = claims.clone();
        c[field] = value.into();
        let hint = idp_oidc::jws::sign(key, idp_oidc::jws::ID_TOKEN_TYP, &c).unwrap();
        let r = alice.get(logout(&hint)).send().await.unwrap();
        assert_eq!(r.status(), 400, "a hint with another {field}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("did not issue"),
            "refused for its {field}: {html}"
        );
        assert!(
            signed_in(&app, &alice).await,
            "another {field} ended the session"
        );
    }

    // Her ID token of an earlier session (another sid) asks too.
    let current = {
        let b = TestApp::browser();
        let t = tokens_for(&app, &b, &secret, "alice", ALICE_PW).await;
        // That browser's own session is ended by its own hint, without asking.
        let r = b
            .get(logout(t["id_token"].as_str().unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(location(&r).starts_with(post));
        assert!(!signed_in(&app, &b).await);
        t
    };
    let r = alice
        .get(logout(current["id_token"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a hint for another session of hers asks");
    assert!(signed_in(&app, &alice).await);

    // Confirming on that page signs her out and returns to the application named by the hint.
    let html = r.text().await.unwrap();
    let csrf = form_value(&html, "csrf").unwrap();
    let client_id = form_value(&html, "client_id").unwrap();
    assert_eq!(client_id, "shop");
    let r = alice
        .post(app.url("/logout"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("confirm", "yes"),
            ("client_id", client_id.as_str()),
            ("post_logout_redirect_uri", post),
            ("state", "q"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with(post));
    assert!(!signed_in(&app, &alice).await);
    app.stop().await;
}
both!(logout_only_by_a_hint_for_this_session, logout_hints);

/// Item 4: a session reused for a new authorization is held to the policy as it is now.
async fn reuse_obeys_policy(db: Db) {
    let (app, secret) = app_with_two(db).await;
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let alice = TestApp::browser();
    let t = tokens_for(&app, &alice, &secret, "alice", ALICE_PW).await;
    assert_eq!(
        jwt_payload(t["id_token"].as_str().unwrap())["acr"],
        "urn:idp:acr:pwd"
    );
    assert!(
        signed_in(&app, &alice).await,
        "optional two-factor, no factor: reused"
    );
    let (url, _) = authorize_url(&app, "shop", "&prompt=none&max_age=0");
    let r = alice.get(url).send().await.unwrap();
    assert_eq!(
        query(&location(&r)).get("error").map(String::as_str),
        Some("login_required"),
        "max_age=0 is a new sign-in, however fresh the session"
    );

    // The tenant now requires a second factor: the password-only session gets no code.
    let store = &app.state.provider.store;
    let mut tenant = (*store.tenant(&acme).await.unwrap().unwrap()).clone();
    tenant.settings.two_factor = idp_domain::TwoFactor::Required;
    store.update_tenant(&tenant).await.unwrap();
    assert!(
        !signed_in(&app, &alice).await,
        "required now: prompt=none gets no code"
    );
    let (url, _) = authorize_url(&app, "shop", "");
    let r = alice.get(url).send().await.unwrap();
    assert!(
        location(&r).starts_with("/login/"),
        "the browser is asked to sign in again"
    );

    // Back to optional, but bob (signed in with a password) has since turned a factor on.
    tenant.settings.two_factor = idp_domain::TwoFactor::Optional;
    store.update_tenant(&tenant).await.unwrap();
    assert!(signed_in(&app, &alice).await, "optional again: reused");
    let bob = TestApp::browser();
    tokens_for(&app, &bob, &secret, "bob", BOB_PW).await;
    assert!(signed_in(&app, &bob).await);
    app.activate_factor(&acme, "bob", idp_domain::Method::Totp)
        .await;
    assert!(
        !signed_in(&app, &bob).await,
        "a factor turned on since: no code from the old session"
    );

    // A request that asks for a second factor never gets one from a password-only session.
    let (url, _) = authorize_url(&app, "shop", "&prompt=none&acr_values=urn:idp:acr:mfa");
    let r = alice.get(url).send().await.unwrap();
    assert!(!query(&location(&r)).contains_key("code"));

    // max_age: a session older than it gets no code; a younger one does.
    app.clock.advance(120);
    let (url, _) = authorize_url(&app, "shop", "&prompt=none&max_age=60");
    let r = alice.get(url).send().await.unwrap();
    let q = query(&location(&r));
    assert_eq!(
        q.get("error").map(String::as_str),
        Some("login_required"),
        "{q:?}"
    );
    let (url, _) = authorize_url(&app, "shop", "&prompt=none&max_age=3600");
    let r = alice.get(url).send().await.unwrap();
    assert!(
        query(&location(&r)).contains_key("code"),
        "younger than max_age: reused"
    );
    app.stop().await;
}
both!(a_reused_session_obeys_todays_policy, reuse_obeys_policy);

async fn introspect(app: &TestApp, client: &str, secret: &str, token: &str) -> serde_json::Value {
    let r = TestApp::http()
        .post(app.url("/introspect"))
        .basic_auth(client, Some(secret))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn client_credentials(
    app: &TestApp,
    client: &str,
    secret: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("grant_type", "client_credentials")];
    form.extend_from_slice(extra);
    app.token(client, secret, &form).await
}

/// Item 6: introspection answers only for tokens the caller may see.
async fn introspection_scope(db: Db) {
    let (app, shop_secret) = app_with_two(db).await;
    app.tenant("globex").await;
    let acme_app = app
        .client(ClientSpec {
            tenant: Some("acme"),
            ..ClientSpec::confidential("acme-app", CB)
        })
        .await;
    let globex_app = app
        .client(ClientSpec {
            tenant: Some("globex"),
            ..ClientSpec::confidential("globex-app", CB)
        })
        .await;
    let acme_api = app
        .client(ClientSpec {
            tenant: Some("acme"),
            resource_server: true,
            ..ClientSpec::confidential("acme-api", CB)
        })
        .await;
    let globex_api = app
        .client(ClientSpec {
            tenant: Some("globex"),
            resource_server: true,
            ..ClientSpec::confidential("globex-api", CB)
        })
        .await;
    // Alice's tokens, issued to the unbound client `shop`, speak for tenant acme.
    let t = tokens_for(&app, &TestApp::browser(), &shop_secret, "alice", ALICE_PW).await;
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(
        introspect(&app, "shop", &shop_secret, at).await["active"],
        true,
        "its own token"
    );
    assert_eq!(
        introspect(&app, "globex-app", &globex_app, at).await["active"],
        false,
        "another tenant's client learns nothing of an acme token"
    );
    assert_eq!(
        introspect(&app, "globex-api", &globex_api, at).await,
        serde_json::json!({"active": false}),
        "nor does another tenant's resource server"
    );
    assert_eq!(
        introspect(&app, "acme-app", &acme_app, at).await["active"],
        false,
        "a client of the same tenant that is no resource server learns nothing of another client's token"
    );
    let seen = introspect(&app, "acme-api", &acme_api, at).await;
    assert_eq!(seen["active"], true, "the tenant's resource server sees it");
    assert_eq!(seen["tenant"], "acme");

    // A token for another API of the tenant: only that API's resource server sees it.
    let hr = "https://hr.acme.example/";
    let crm = app
        .client(ClientSpec {
            tenant: Some("acme"),
            resources: &[hr],
            ..ClientSpec::confidential("crm", CB)
        })
        .await;
    let hr_api = app
        .client(ClientSpec {
            tenant: Some("acme"),
            resource_server: true,
            resources: &[hr],
            ..ClientSpec::confidential("hr-api", CB)
        })
        .await;
    let r = client_credentials(&app, "crm", &crm, &[("resource", hr)]).await;
    let v: serde_json::Value = r.json().await.unwrap();
    let hr_token = v["access_token"].as_str().unwrap();
    assert_eq!(
        introspect(&app, "acme-api", &acme_api, hr_token).await["active"],
        false,
        "a resource server learns nothing of tokens for another resource"
    );
    assert_eq!(
        introspect(&app, "hr-api", &hr_api, hr_token).await["active"],
        true
    );

    // globex's own client_credentials token: acme's resource server does not see it.
    let r = client_credentials(&app, "globex-app", &globex_app, &[]).await;
    let g: serde_json::Value = r.json().await.unwrap();
    let gat = g["access_token"].as_str().unwrap();
    assert_eq!(
        introspect(&app, "acme-api", &acme_api, gat).await["active"],
        false
    );
    assert_eq!(
        introspect(&app, "globex-api", &globex_api, gat).await["active"],
        true
    );
    app.stop().await;
}
both!(
    introspection_answers_only_for_visible_tokens,
    introspection_scope
);

/// Item 7: RFC 8707 resource indicators, registered per client, become the access token's aud.
async fn resource_indicators(db: Db) {
    let (app, _) = app_with_two(db).await;
    let api = "https://api.acme.example/";
    let secret = app
        .client(ClientSpec {
            resources: &[api],
            ..ClientSpec::confidential("crm", CB)
        })
        .await;
    // At the authorization endpoint.
    let (url, verifier) = authorize_url(&app, "crm", &format!("&resource={}", urlenc(api)));
    let cb = app
        .sign_in(&TestApp::browser(), &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    let t = redeem(&app, "crm", &secret, &cb, &verifier).await;
    let at = jwt_payload(t["access_token"].as_str().unwrap());
    assert_eq!(
        at["aud"], api,
        "the resource is the access token's audience"
    );
    let id = jwt_payload(t["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], "crm", "the ID token stays the client's");
    // A token for the API is not one for the userinfo endpoint.
    let r = TestApp::http()
        .get(app.url("/userinfo"))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        401,
        "userinfo refuses a token for another resource"
    );

    // A resource the client did not register: invalid_target, back to the client.
    let (url, _) = authorize_url(
        &app,
        "crm",
        &format!("&resource={}", urlenc("https://evil.example/")),
    );
    let r = TestApp::browser().get(url).send().await.unwrap();
    assert_eq!(query(&location(&r))["error"], "invalid_target");
    let (url, _) = authorize_url(
        &app,
        "crm",
        &format!("&resource={}", urlenc("https://api.acme.example/#f")),
    );
    let r = TestApp::browser().get(url).send().await.unwrap();
    assert_eq!(query(&location(&r))["error"], "invalid_target");

    // client_credentials with and without a resource.
    let r = client_credentials(&app, "crm", &secret, &[("resource", api)]).await;
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(jwt_payload(v["access_token"].as_str().unwrap())["aud"], api);
    let r = client_credentials(&app, "crm", &secret, &[]).await;
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        jwt_payload(v["access_token"].as_str().unwrap())["aud"],
        app.base
    );
    let r = client_credentials(
        &app,
        "crm",
        &secret,
        &[("resource", "https://other.example/")],
    )
    .await;
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "invalid_target");

    // At the token endpoint, a resource other than the granted one is refused.
    let (url, verifier) = authorize_url(&app, "crm", "");
    let cb = app
        .sign_in(&TestApp::browser(), &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    let code = query(&cb)["code"].clone();
    let r = app
        .token(
            "crm",
            &secret,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", CB),
                ("code_verifier", verifier.secret()),
                ("resource", api),
            ],
        )
        .await;
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "invalid_target");

    // The CLI registers resources, and refuses a bad one naming the flag.
    let v = app.cli().ok(
        &[
            "client",
            "create",
            "--id",
            "erp",
            "--name",
            "ERP",
            "--redirect-uri",
            CB,
            "--resource",
            "https://erp.acme.example/api",
        ],
        None,
    );
    assert_eq!(v["resources"][0], "https://erp.acme.example/api");
    let err = app.cli().fails(
        &[
            "client",
            "create",
            "--id",
            "erp2",
            "--name",
            "ERP",
            "--redirect-uri",
            CB,
            "--resource",
            "not a uri",
        ],
        2,
    );
    assert!(err.contains("resource"), "{err}");
    let err = app.cli().fails(
        &[
            "client",
            "create",
            "--id",
            "api3",
            "--name",
            "API",
            "--grant",
            "client_credentials",
            "--resource-server",
        ],
        2,
    );
    assert!(err.contains("--tenant"), "{err}");
    app.stop().await;
}
both!(resource_indicators_set_the_audience, resource_indicators);

/// A sign-in form of a fresh authorization, fetched by `browser`: (post URL, CSRF token).
async fn login_form(app: &TestApp, browser: &reqwest::Client, extra: &str) -> (String, String) {
    let (url, _) = authorize_url(app, "shop", extra);
    let r = browser.get(url).send().await.unwrap();
    let login = app.url(&location(&r));
    let html = browser
        .get(&login)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (login, form_value(&html, "csrf").unwrap())
}

async fn post_password(
    browser: &reqwest::Client,
    (login, csrf): &(String, String),
    username: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> (u16, String) {
    let mut r = browser.post(login).form(&[
        ("csrf", csrf.as_str()),
        ("tenant", "acme"),
        ("username", username),
        ("password", password),
    ]);
    if let Some(f) = forwarded_for {
        r = r.header("x-forwarded-for", f);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

async fn audit_count(app: &TestApp, event: &str) -> usize {
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 10_000)
        .await
        .unwrap();
    events.iter().filter(|e| e.event == event).count()
}

/// Item 1: a burst of concurrent wrong passwords cannot outrun the lock. Every attempt is
/// reserved in the database before hashing, and a node checks at most two of one account at
/// once.
async fn concurrent_guesses(db: Db) {
    let (app, _) = app_with_two(db).await;
    let browser = TestApp::browser();
    let form = login_form(&app, &browser, "").await;
    let mut tasks = Vec::new();
    for i in 0..150 {
        let (b, f) = (browser.clone(), form.clone());
        tasks.push(tokio::spawn(async move {
            post_password(&b, &f, "alice", &format!("guess {i}"), None).await
        }));
    }
    let mut statuses = std::collections::HashMap::new();
    for t in tasks {
        let (status, _) = t.await.unwrap();
        *statuses.entry(status).or_insert(0) += 1;
    }
    let checked = audit_count(&app, "sign_in.failure").await;
    // Threshold 5; the in-flight cap (2) bounds what a node lets run, never adds to it.
    assert!(
        checked <= 5 + 2,
        "{checked} of 150 concurrent guesses were checked ({statuses:?})"
    );
    assert!(checked >= 1);
    assert_eq!(statuses.values().sum::<i32>(), 150);
    assert_eq!(
        statuses.get(&200).copied().unwrap_or(0) as usize,
        checked,
        "every other attempt was refused unchecked: {statuses:?}"
    );
    // Guess on, one at a time, until the lock answers: five checks in all, never more.
    for i in 0..10 {
        let (status, _) = post_password(&browser, &form, "alice", &format!("more {i}"), None).await;
        if status == 429 {
            break;
        }
    }
    assert_eq!(audit_count(&app, "sign_in.failure").await, 5);
    let (status, html) = post_password(&browser, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 429, "locked now, even for the right password");
    assert!(html.contains("Too many failed attempts"), "{html}");

    // The reservation itself, without the node's cap: 150 at once, exactly 5 let through.
    let store = app.state.provider.store.clone();
    let steps = idp_mfa_policy::guessing::steps(idp_mfa_policy::guessing::Subject::Account);
    let now = app.now();
    let mut tasks = Vec::new();
    for _ in 0..150 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let address =
                idp_mfa_policy::guessing::steps(idp_mfa_policy::guessing::Subject::Address);
            let [account, _] = store
                .reserve_attempts(
                    ("acct:acme:burst", &steps),
                    ("ip:192.0.2.1", &address),
                    now,
                    3600,
                )
                .await
                .unwrap();
            account
        }));
    }
    let mut granted = 0;
    for t in tasks {
        granted += usize::from(t.await.unwrap().granted);
    }
    assert_eq!(
        granted, 5,
        "one statement reserves and checks the threshold"
    );
    app.stop().await;
}
both!(
    concurrent_wrong_passwords_cannot_outrun_the_lock,
    concurrent_guesses
);

/// Item 2: guesses from elsewhere lock the account for unknown browsers only; a browser that
/// signed in to it before keeps a budget of its own; SSO users are never locked.
async fn device_cookies(db: Db) {
    let (app, secret) = app_with_two(db).await;
    let own = TestApp::browser();
    tokens_for(&app, &own, &secret, "alice", ALICE_PW).await;

    let attacker = TestApp::browser();
    let form = login_form(&app, &attacker, "").await;
    for i in 0..5 {
        let (status, html) = post_password(&attacker, &form, "alice", &format!("x{i}"), None).await;
        assert_eq!(status, 200);
        assert!(html.contains("not right"));
    }
    let (status, _) = post_password(&attacker, &form, "alice", ALICE_PW, None).await;
    assert_eq!(
        status, 429,
        "an unknown browser is locked out, even with the right password"
    );
    let other = TestApp::browser();
    let (status, _) = post_password(
        &other,
        &login_form(&app, &other, "").await,
        "alice",
        ALICE_PW,
        None,
    )
    .await;
    assert_eq!(status, 429, "so is any other new browser");

    // Her own browser signs in: prompt=login shows the form, the lock does not apply.
    let form = login_form(&app, &own, "&prompt=login").await;
    let r = own
        .post(&form.0)
        .form(&[
            ("csrf", form.1.as_str()),
            ("tenant", "acme"),
            ("username", "alice"),
            ("password", ALICE_PW),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert!(query(&location(&r)).contains_key("code"));

    // On the account page too, her browser checks her password on its own budget (review M4):
    // the attacker's lock does not keep her from changing it.
    let html = own
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = form_value(&html, "csrf").expect("the account page");
    let r = own
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current_password", ALICE_PW),
            ("password", ALICE_PW),
            ("password_confirm", ALICE_PW),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        "/account?done=password",
        "changed despite the account lock"
    );

    // Her browser's own budget: wrong passwords from it lock it too.
    let form = login_form(&app, &own, "&prompt=login").await;
    for i in 0..5 {
        let (status, _) = post_password(&own, &form, "alice", &format!("y{i}"), None).await;
        assert_eq!(status, 200);
    }
    let (status, _) = post_password(&own, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 429, "the device's own budget is spent");

    // A tenant on SSO: its users are sent to SSO, never told they are locked.
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let store = &app.state.provider.store;
    let mut tenant = (*store.tenant(&acme).await.unwrap().unwrap()).clone();
    tenant.settings.login_mode = idp_domain::LoginMode::Sso;
    store.update_tenant(&tenant).await.unwrap();
    let form = login_form(&app, &attacker, "").await;
    let (status, html) = post_password(&attacker, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Too many failed attempts"), "{html}");
    assert!(
        html.contains("SSO") || html.contains("single sign-on"),
        "{html}"
    );
    app.stop().await;
}
both!(a_known_browser_is_not_locked_out_by_others, device_cookies);

/// Item 11: IPv6 clients are counted by their /64.
async fn ipv6_by_64(db: Db) {
    let app =
        TestApp::spawn_with(db, |c| c.server.trusted_proxies = vec!["127.0.0.1".into()]).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    let browser = TestApp::browser();
    let form = login_form(&app, &browser, "").await;
    // Spraying from 30 addresses of one /64, each a different user name.
    for i in 0..30 {
        let ip = format!("2001:db8:1:2::{:x}", i + 1);
        let (status, _) = post_password(
            &browser,
            &form,
            &format!("user{i}"),
            "Winter2026!",
            Some(&ip),
        )
        .await;
        assert_eq!(status, 200, "attempt {i}");
    }
    let (status, html) = post_password(
        &browser,
        &form,
        "alice",
        ALICE_PW,
        Some("2001:db8:1:2:ffff:ffff:ffff:ffff"),
    )
    .await;
    assert_eq!(
        status, 429,
        "another address of the same /64 is locked: {html}"
    );
    let (status, html) =
        post_password(&browser, &form, "user99", "x", Some("2001:db8:1:3::1")).await;
    assert_eq!(status, 200, "the next /64 is not");
    assert!(html.contains("not right"));
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 100)
        .await
        .unwrap();
    assert!(events.iter().any(|e| e.event == "sign_in.locked"
        && e.detail.as_deref().is_some_and(|d| d.contains("address"))));
    app.stop().await;
}
both!(ipv6_addresses_count_by_their_64, ipv6_by_64);

/// Item 9: what an unauthenticated browser can make us write is bounded.
async fn bounded_writes(db: Db) {
    let (app, _) = app_with_two(db).await;
    let browser = TestApp::browser();
    for (name, len) in [
        ("login_hint", 257),
        ("state", 2049),
        ("nonce", 513),
        ("acr_values", 257),
        ("ui_locales", 65),
    ] {
        let (url, _) = authorize_url(&app, "shop", &format!("&{name}={}", "a".repeat(len)));
        let url = if name == "state" || name == "nonce" {
            url.replace(
                &format!("&{name}={}", if name == "state" { "s" } else { "n" }),
                "",
            )
        } else {
            url
        };
        let r = browser.get(url).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = location(&r);
        assert!(
            to.starts_with(CB),
            "{name} of {len}: back to the client, not {to}"
        );
        let q = query(&to);
        assert_eq!(
            q.get("error").map(String::as_str),
            Some("invalid_request"),
            "{name} of {len}: {q:?}"
        );
        assert!(q["error_description"].contains(name));
    }
    // At the limit, accepted.
    let (url, _) = authorize_url(&app, "shop", &format!("&login_hint={}", "a".repeat(256)));
    let r = browser.get(url).send().await.unwrap();
    assert!(location(&r).starts_with("/login/"));

    // A typed user name of 10,000 characters: the audit row keeps at most 256 of them.
    let form = login_form(&app, &browser, "").await;
    let (status, _) = post_password(&browser, &form, &"u".repeat(10_000), "pw", None).await;
    assert_eq!(status, 200);
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 10)
        .await
        .unwrap();
    let failure = events
        .iter()
        .find(|e| e.event == "sign_in.failure")
        .unwrap();
    let detail = failure.detail.as_deref().unwrap();
    assert!(
        detail.len() <= 256 + 20,
        "{} characters stored",
        detail.len()
    );

    // An authorization waiting for a sign-in is sealed into its URL: /authorize stores
    // nothing, and the sealed request expires by itself.
    let store = &app.state.provider.store;
    let (url, _) = authorize_url(&app, "shop", "");
    let before = store.statements();
    let r = browser.get(url).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(store.statements(), before, "/authorize sends no statement");
    let login = location(&r);
    assert_eq!(
        browser.get(app.url(&login)).send().await.unwrap().status(),
        200
    );
    app.clock.advance(3600);
    let page = browser.get(app.url(&login)).send().await.unwrap();
    assert_eq!(page.status(), 404, "the sealed request expired");

    // Pruning: whichever node holds the lease prunes; the others skip until it expires.
    let now = app.now();
    assert!(store
        .purge_if_leader("node-a", now, 600)
        .await
        .unwrap()
        .is_some());
    let leads = |node: &'static str, at: i64| async move {
        store
            .purge_if_leader(node, at, 600)
            .await
            .unwrap()
            .is_some()
    };
    assert!(!leads("node-b", now + 1).await, "node-a holds the lease");
    assert!(leads("node-a", now + 2).await, "the holder renews it");
    assert!(leads("node-b", now + 603).await, "expired: node-b takes it");
    // Counters with nothing to remember are pruned too.
    app.clock.advance(2 * 86400);
    store
        .purge_if_leader("node-b", app.now(), 600)
        .await
        .unwrap();
    assert!(store
        .counters(&format!("acct:acme:{}", "u".repeat(256)), "ip:127.0.0.1")
        .await
        .unwrap()
        .is_empty());
    app.stop().await;
}
both!(unauthenticated_writes_are_bounded, bounded_writes);

/// Mail codes sent to `to` so far.
fn codes_sent(app: &TestApp, to: &str) -> usize {
    app.messages()
        .iter()
        .filter(|m| m.kind == "code" && m.to.contains(to))
        .count()
}

/// Item 12: a user whose last e-mail code is dead can always get a new one, and the resend
/// interval never outlasts the code's validity.
async fn email_code_resend(db: Db) {
    use idp_domain::{duration::Ttl, Method, TenantSettings};
    let app = TestApp::spawn(db).await;
    let acme = app
        .tenant_with(
            "acme",
            TenantSettings {
                methods: vec![Method::Email],
                email_code_ttl: Ttl::from_secs(3),
                ..TenantSettings::default()
            },
        )
        .await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.activate_factor(&acme, "alice", Method::Email).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    let to = "alice@acme.example";

    let first = TestApp::browser();
    let (url, _) = authorize_url(&app, "shop", "");
    let factor = app
        .sign_in(&first, &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    assert!(factor.ends_with("/factor"), "{factor}");
    app.wait_message(to, "code").await.unwrap();
    assert_eq!(codes_sent(&app, to), 1);

    // Five seconds later the 3-second code is dead: a fresh sign-in sends a new one at once.
    app.clock.advance(5);
    let second = TestApp::browser();
    let (url, _) = authorize_url(&app, "shop", "");
    let factor = app
        .sign_in(&second, &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    let html = second
        .get(app.url(&factor))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("less than a minute ago"), "{html}");
    for _ in 0..40 {
        if codes_sent(&app, to) == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        codes_sent(&app, to),
        2,
        "a new code for a fresh sign-in after the old one died"
    );

    // "Send a new code" while the code lives: the wait is at most its 3 seconds.
    let csrf = form_value(&html, "csrf").unwrap();
    let r = second
        .post(app.url(&factor))
        .form(&[("csrf", csrf.as_str()), ("resend", "1")])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(
        html.contains("wait 3 seconds")
            || html.contains("wait 2 seconds")
            || html.contains("wait 1 seconds"),
        "{html}"
    );
    app.clock.advance(4);
    let r = second
        .post(app.url(&factor))
        .form(&[("csrf", csrf.as_str()), ("resend", "1")])
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("We sent a new code"));
    app.stop().await;
}
both!(
    a_dead_email_code_never_holds_a_new_one_back,
    email_code_resend
);

/// The `name=value` of a `Set-Cookie` header of `r` whose name is `name`, with its attributes.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap();
    pair.split_once('=').unwrap().1.to_owned()
}

/// Item 13: with an https issuer every cookie is `__Host-` prefixed (Secure, Path=/, no
/// Domain), and only the prefixed names are read.
async fn host_cookies(db: Db) {
    let app = TestApp::spawn_with(db, |c| {
        c.server.issuer = Some("https://login.acme.example".into())
    })
    .await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    let http = TestApp::http();
    let (url, _) = authorize_url(&app, "shop", "");
    let login = app.url(&location(&http.get(&url).send().await.unwrap()));
    let page = http.get(&login).send().await.unwrap();
    let browser = set_cookie(&page, "__Host-idp_browser").expect("a __Host- browser cookie");
    assert!(
        browser.contains("Secure") && browser.contains("Path=/"),
        "{browser}"
    );
    assert!(
        !browser.to_ascii_lowercase().contains("domain="),
        "{browser}"
    );
    assert!(set_cookie(&page, "idp_browser").is_none());
    let jar = format!("__Host-idp_browser={}", cookie_value(&browser));
    let csrf = form_value(&page.text().await.unwrap(), "csrf").unwrap();
    let r = http
        .post(&login)
        .header("cookie", &jar)
        .form(&[
            ("csrf", csrf.as_str()),
            ("tenant", "acme"),
            ("username", "alice"),
            ("password", ALICE_PW),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the prefixed CSRF cookie is read");
    let session = set_cookie(&r, "__Host-idp_session").expect("a __Host- session cookie");
    assert!(session.contains("Secure"));
    assert!(set_cookie(&r, "__Host-idp_device").is_some());
    let sid = cookie_value(&session);
    let (url, _) = authorize_url(&app, "shop", "&prompt=none");
    let r = http
        .get(&url)
        .header("cookie", format!("__Host-idp_session={sid}"))
        .send()
        .await
        .unwrap();
    assert!(
        query(&location(&r)).contains_key("code"),
        "the session is found by its prefixed name"
    );
    let r = http
        .get(&url)
        .header("cookie", format!("idp_session={sid}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        query(&location(&r))["error"],
        "login_required",
        "an unprefixed name is not read"
    );
    // A public issuer with neither metrics option keeps /metrics shut, and says how to open it.
    let r = http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("metrics.bearer_token"));
    app.stop().await;
}
both!(https_issuers_use_host_prefixed_cookies, host_cookies);

/// Item 13: `/metrics` behind a bearer token, or on an address of its own.
async fn metrics_protection(db: Db) {
    let token = "0123456789abcdef0123";
    let app = TestApp::spawn_with(db, |c| c.metrics.bearer_token = Some(token.into())).await;
    let http = TestApp::http();
    let r = http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .get(app.url("/metrics"))
        .bearer_auth("wrong-token-of-some-length")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .get(app.url("/metrics"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("idp_"));
    app.stop().await;

    let port = free_port();
    let app = TestApp::spawn_with(db, |c| c.metrics.bind = Some(format!("127.0.0.1:{port}"))).await;
    let r = http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 404, "not on the main address");
    let mut body = String::new();
    for _ in 0..40 {
        if let Ok(r) = http
            .get(format!("http://127.0.0.1:{port}/metrics"))
            .send()
            .await
        {
            assert_eq!(r.status(), 200);
            body = r.text().await.unwrap();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(body.contains("idp_"), "served on metrics.bind: {body}");
    app.stop().await;
}
both!(
    metrics_can_require_a_token_or_listen_apart,
    metrics_protection
);

use crate::account::Acct;
use idp_domain::{Method, TenantSettings, TwoFactor};

fn optional(methods: &[Method]) -> TenantSettings {
    TenantSettings {
        two_factor: TwoFactor::Optional,
        methods: methods.to_vec(),
        multiple_methods: true,
        ..TenantSettings::default()
    }
}

async fn refresh(app: &TestApp, secret: &str, rt: &str) -> u16 {
    app.token(
        "shop",
        secret,
        &[("grant_type", "refresh_token"), ("refresh_token", rt)],
    )
    .await
    .status()
    .as_u16()
}

/// Item 5: a new password ends the user's other sessions and refresh tokens; a new factor
/// ends the sessions that never passed it.
async fn credential_changes(db: Db) {
    let a = Acct::new(db, optional(&[Method::Totp])).await;
    let secret = a.app.client(ClientSpec::confidential("shop", CB)).await;
    let elsewhere = TestApp::browser();
    let t = tokens_for(&a.app, &elsewhere, &secret, "alice", ALICE_PW).await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();

    let b = TestApp::browser();
    a.sign_in(&b, "/account", None).await;
    let new_pw = "a completely new passphrase 42";
    let r = a
        .post(
            &b,
            "/account",
            "/account/password",
            &[
                ("current_password", ALICE_PW),
                ("password", new_pw),
                ("password_confirm", new_pw),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account?done=password");
    assert!(
        !signed_in(&a.app, &elsewhere).await,
        "the other session ended"
    );
    assert_eq!(
        refresh(&a.app, &secret, &rt).await,
        400,
        "the old refresh token is revoked"
    );

    // A factor turned on from the account page ends the other sessions.
    let other = TestApp::browser();
    tokens_for(&a.app, &other, &secret, "alice", new_pw).await;
    assert!(signed_in(&a.app, &other).await);
    a.turn_on_totp(&b).await;
    assert!(
        !signed_in(&a.app, &other).await,
        "a session that never passed the new factor ended"
    );
    let events = a
        .app
        .state
        .provider
        .store
        .audit_events("acme", 50)
        .await
        .unwrap();
    assert!(events.iter().any(|e| e.event == "password.changed"
        && e.detail
            .as_deref()
            .is_some_and(|d| d.contains("grants revoked"))));
    a.app.stop().await;
}
both!(credential_changes_end_the_old_ones, credential_changes);

/// Item 8: turning a factor off, a new number and a new password need a second factor within
/// the last ten minutes, not once in a 12-hour session.
async fn recent_second_factor(db: Db) {
    let a = Acct::new(db, optional(&[Method::Totp])).await;
    let b = TestApp::browser();
    a.sign_in(&b, "/account", None).await;
    let key = a.turn_on_totp(&b).await;
    a.sign_in(&b, "/account/step-up", Some(&key)).await;
    let html = a.html(&b, "/account").await;
    assert!(
        html.contains("/account/factors/totp/off"),
        "fresh from the step-up: a turn-off form"
    );

    a.app.clock.advance(11 * 60);
    let html = a.html(&b, "/account").await;
    assert!(
        !html.contains("/account/factors/totp/off"),
        "eleven minutes later: no turn-off form"
    );
    let r = a
        .post(
            &b,
            "/account",
            "/account/factors/totp/off",
            &[("confirm", "1")],
        )
        .await;
    assert!(r.text().await.unwrap().contains("second factor"));
    assert_eq!(a.active().await, [Method::Totp], "not turned off");
    let new_pw = "another new passphrase 2027";
    let fields = [
        ("current_password", ALICE_PW),
        ("password", new_pw),
        ("password_confirm", new_pw),
    ];
    let r = a.post(&b, "/account", "/account/password", &fields).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text().await.unwrap().contains("confirm it"),
        "a new password needs a recent second factor"
    );

    // The step-up asks again (max_age), after which both work.
    a.sign_in(&b, "/account/step-up", Some(&key)).await;
    let r = a.post(&b, "/account", "/account/password", &fields).await;
    assert_eq!(location(&r), "/account?done=password");
    let r = a
        .post(
            &b,
            "/account",
            "/account/factors/totp/off",
            &[("confirm", "1")],
        )
        .await;
    assert_eq!(location(&r), "/account?done=off");
    a.app.stop().await;
}
both!(
    sensitive_actions_need_a_recent_second_factor,
    recent_second_factor
);

/// Item 10: no GET sends a code, makes a secret or changes a sign-in step.
async fn get_changes_nothing(db: Db) {
    let a = Acct::new(db, optional(&[Method::Totp, Method::Email])).await;
    let b = TestApp::browser();
    a.sign_in(&b, "/account", None).await;
    let to = "alice@acme.example";
    let html = a.html(&b, "/account/factors/email").await;
    assert!(html.contains("Send the code"), "{html}");
    let html = a.html(&b, "/account/factors/totp").await;
    assert!(html.contains("Show the QR code"), "{html}");
    let store = &a.app.state.provider.store;
    let alice = store
        .user_by_username(&a.acme, "alice")
        .await
        .unwrap()
        .unwrap();
    assert!(
        store.factors(&a.acme, &alice.id).await.unwrap().is_empty(),
        "no secret made by a GET"
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(codes_sent(&a.app, to), 0, "no mail sent by a GET");
    // The start forms (POST, CSRF) do it.
    let r = a
        .post(
            &b,
            "/account/factors/email",
            "/account/factors/email",
            &[("start", "1")],
        )
        .await;
    assert_eq!(location(&r), "/account/factors/email");
    a.app
        .wait_message(to, "code")
        .await
        .expect("the code, after the POST");
    let r = b
        .post(a.app.url("/account/factors/totp"))
        .form(&[("start", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "without its CSRF token nothing starts");

    // At sign-in: "use another method" is a look at the choice, not a change of the step.
    a.app.activate_factor(&a.acme, "alice", Method::Totp).await;
    a.app.activate_factor(&a.acme, "alice", Method::Email).await;
    a.app.clock.advance(60);
    let s = TestApp::browser();
    a.app.client(ClientSpec::confidential("shop", CB)).await;
    let (url, _) = authorize_url(&a.app, "shop", "");
    let factor = a
        .app
        .sign_in(&s, &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    let html = s
        .get(a.app.url(&factor))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = form_value(&html, "csrf").unwrap();
    let r = s
        .post(a.app.url(&factor))
        .form(&[("csrf", csrf.as_str()), ("method", "email")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = s
        .get(a.app.url(&factor))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("We sent a 6-digit code"), "{html}");
    let choose = s
        .get(a.app.url(&format!("{factor}?choose=1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        choose.contains("name=\"method\""),
        "the choice is shown: {choose}"
    );
    let html = s
        .get(a.app.url(&factor))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("We sent a 6-digit code"),
        "the step still waits for the e-mail code: {html}"
    );
    a.app.stop().await;
}
both!(a_get_never_changes_state, get_changes_nothing);

/// The administration use cases of the accounts layer, through the real CLI: disable ends
/// sessions and refresh tokens at once, enable lets the user back in, unlock ends a lock.
async fn admin_use_cases(db: Db) {
    let (app, secret) = app_with_two(db).await;
    let alice = TestApp::browser();
    let t = tokens_for(&app, &alice, &secret, "alice", ALICE_PW).await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    let cli = app.cli();
    let v = cli.ok(
        &["user", "disable", "--tenant", "acme", "--username", "alice"],
        None,
    );
    assert_eq!(v["disabled"], true);
    assert_eq!(v["sessions_ended"], 1);
    assert!(v["grants_revoked"].as_u64().unwrap() >= 1);
    assert!(!signed_in(&app, &alice).await);
    assert_eq!(refresh(&app, &secret, &rt).await, 400);
    let form = login_form(&app, &alice, "").await;
    let (status, html) = post_password(&alice, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 200);
    assert!(html.contains("not right"), "a disabled user cannot sign in");
    cli.ok(
        &["user", "enable", "--tenant", "acme", "--username", "alice"],
        None,
    );
    tokens_for(&app, &TestApp::browser(), &secret, "alice", ALICE_PW).await;

    // Locked by guesses, unlocked by the administrator.
    let attacker = TestApp::browser();
    let form = login_form(&app, &attacker, "").await;
    for i in 0..5 {
        post_password(&attacker, &form, "alice", &format!("z{i}"), None).await;
    }
    let (status, _) = post_password(&attacker, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 429);
    let v = cli.ok(
        &["user", "unlock", "--tenant", "acme", "--username", "alice"],
        None,
    );
    assert!(v["counters_cleared"].as_u64().unwrap() >= 1);
    let (status, _) = post_password(&attacker, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 303, "unlocked");

    let err = cli.fails(
        &[
            "user",
            "disable",
            "--tenant",
            "acme",
            "--username",
            "nobody",
        ],
        2,
    );
    assert!(err.contains("does not exist"), "{err}");
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 100)
        .await
        .unwrap();
    for e in ["user.disabled", "user.enabled", "user.unlocked"] {
        let found = events
            .iter()
            .find(|x| x.event == e)
            .unwrap_or_else(|| panic!("{e} audited"));
        assert_eq!(found.actor.as_deref(), Some("cli"));
    }
    app.stop().await;
}
both!(administration_use_cases_from_the_cli, admin_use_cases);

/// Gives `username` an authenticator app through the store, with a key the test knows.
async fn totp_for(
    app: &TestApp,
    tenant: &idp_domain::TenantId,
    username: &str,
) -> idp_mfa_policy::totp::TotpKey {
    use base64::Engine;
    let key = idp_mfa_policy::totp::TotpKey::new([7u8; 20]);
    let store = &app.state.provider.store;
    let user = store
        .user_by_username(tenant, username)
        .await
        .unwrap()
        .unwrap();
    let sealed = app
        .state
        .provider
        .secrets
        .seal(&format!("totp:{tenant}:{}", user.id), key.as_bytes())
        .unwrap();
    let row = idp_store::FactorRow {
        method: Method::Totp,
        active: false,
        secret_sealed: Some(base64::engine::general_purpose::STANDARD.encode(sealed)),
        phone: None,
        last_step: 0,
        created_at: app.now(),
        activated_at: None,
    };
    assert!(store.begin_factor(tenant, &user.id, &row).await.unwrap());
    assert!(store
        .activate_factor(tenant, &user.id, Method::Totp, 0, app.now())
        .await
        .unwrap());
    key
}

/// Signs bob in through `url` with his password and a code of `key`; returns the callback.
async fn bob_with_totp(
    app: &TestApp,
    b: &reqwest::Client,
    url: &str,
    key: &idp_mfa_policy::totp::TotpKey,
) -> String {
    let factor = app.sign_in(b, url, "acme", "bob", BOB_PW).await.unwrap();
    let page = b.get(app.url(&factor)).send().await.unwrap();
    let csrf = form_value(&page.text().await.unwrap(), "csrf").unwrap();
    app.clock.advance(30);
    let code = key.code_at(app.now() as u64);
    let r = b
        .post(app.url(&factor))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    location(&r)
}

/// Review M1: a session that passed a second factor is not reused once its tenant signs in
/// through SSO only.
async fn mfa_session_after_sso_switch(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant_with("acme", optional(&[Method::Totp])).await;
    app.user(&acme, "bob", BOB_PW).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    let key = totp_for(&app, &acme, "bob").await;
    let b = TestApp::browser();
    let (url, _) = authorize_url(&app, "shop", "");
    bob_with_totp(&app, &b, &url, &key).await;
    assert!(
        signed_in(&app, &b).await,
        "the MFA session answers prompt=none"
    );
    let store = &app.state.provider.store;
    let mut tenant = (*store.tenant(&acme).await.unwrap().unwrap()).clone();
    tenant.settings.login_mode = idp_domain::LoginMode::Sso;
    store.update_tenant(&tenant).await.unwrap();
    assert!(!signed_in(&app, &b).await, "not once the tenant is on SSO");
    app.stop().await;
}
both!(
    an_mfa_session_is_not_reused_after_a_switch_to_sso,
    mfa_session_after_sso_switch
);

/// Statements per whole sign-in (authorize, the form, the password, then for TOTP the code
/// page and the code, and the token request), as counted by the store and shown in
/// `/metrics`. Printed for the benchmark's record, and bounded so that a regression shows.
async fn statements_per_sign_in(db: Db) -> (u64, u64) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant_with("acme", optional(&[Method::Totp])).await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.user(&acme, "bob", BOB_PW).await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let key = totp_for(&app, &acme, "bob").await;
    let store = &app.state.provider.store;
    // Warm the caches (tenant, client, keys) as a running server has them.
    tokens_for(&app, &TestApp::browser(), &secret, "alice", ALICE_PW).await;

    let before = store.statements();
    tokens_for(&app, &TestApp::browser(), &secret, "alice", ALICE_PW).await;
    let password_only = store.statements() - before;

    let before = store.statements();
    let b = TestApp::browser();
    let (url, verifier) = authorize_url(&app, "shop", "");
    let cb = bob_with_totp(&app, &b, &url, &key).await;
    redeem(&app, "shop", &secret, &cb, &verifier).await;
    let with_totp = store.statements() - before;

    let metrics = TestApp::http()
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("idp_db_statements_total "), "{metrics}");
    eprintln!(
        "statements per sign-in ({db:?}): password {password_only}, password + TOTP {with_totp}"
    );
    app.stop().await;
    (password_only, with_totp)
}

async fn statements_bounded(db: Db) {
    let (password_only, with_totp) = statements_per_sign_in(db).await;
    assert!(
        password_only <= STATEMENTS_PASSWORD,
        "{password_only} statements for a password sign-in"
    );
    assert!(
        with_totp <= STATEMENTS_TOTP,
        "{with_totp} statements for a password + TOTP sign-in"
    );
}
both!(statements_per_whole_sign_in, statements_bounded);

/// Today's counts (authorize to token, warm caches): a change that adds a statement to every
/// sign-in should say so here. Before the application layer: 14 and 29.
const STATEMENTS_PASSWORD: u64 = 7;
const STATEMENTS_TOTP: u64 = 13;

/// Review H1: the second step keeps the factors the user had when the password was right; a
/// factor turned on (or a new password) since ends the step, so nobody enrolls a factor of
/// their own on an account that has one now.
async fn factor_change_ends_steps(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app
        .tenant_with(
            "acme",
            TenantSettings {
                two_factor: TwoFactor::Required,
                methods: vec![Method::Totp, Method::Sms],
                multiple_methods: true,
                ..TenantSettings::default()
            },
        )
        .await;
    app.user(&acme, "alice", ALICE_PW).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    let attacker = TestApp::browser();
    let (url, _) = authorize_url(&app, "shop", "");
    let factor = app
        .sign_in(&attacker, &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    let page = attacker.get(app.url(&factor)).send().await.unwrap();
    assert_eq!(page.status(), 200, "the enrollment step is open");
    // Alice turns an authenticator app on elsewhere.
    app.activate_factor(&acme, "alice", Method::Totp).await;
    let page = attacker.get(app.url(&factor)).send().await.unwrap();
    assert_eq!(
        page.status(),
        404,
        "the step from before the factor is gone"
    );
    app.stop().await;
}
both!(
    a_factor_turned_on_ends_the_open_second_steps,
    factor_change_ends_steps
);

/// Review: a right password whose completion loses the race to another tab's (the same
/// authorization, submitted twice at once) gives its reservation back: only guesses count.
async fn right_password_race(db: Db) {
    let (app, _) = app_with_two(db).await;
    let browser = TestApp::browser();
    let form = login_form(&app, &browser, "").await;
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (b, f) = (browser.clone(), form.clone());
            tokio::spawn(async move { post_password(&b, &f, "alice", ALICE_PW, None).await.0 })
        })
        .collect();
    let mut completed = 0;
    for t in tasks {
        if t.await.unwrap() == 303 {
            completed += 1;
        }
    }
    assert_eq!(completed, 1, "the authorization completes once");
    let store = &app.state.provider.store;
    let counters = store
        .counters("acct:acme:alice", "ip:127.0.0.1")
        .await
        .unwrap();
    assert!(
        counters.iter().all(|(_, t)| t.failures == 0),
        "right passwords are no failures: {counters:?}"
    );
    assert_eq!(audit_count(&app, "sign_in.failure").await, 0);
    app.stop().await;
}
both!(
    a_right_password_that_loses_a_race_is_not_counted,
    right_password_race
);

/// Review: a sign-in page whose authorization completed (the back button, a replayed form)
/// gives no second code and no second session, whatever is typed, and counts no guess.
async fn completed_page_reuse(db: Db) {
    let (app, _) = app_with_two(db).await;
    let browser = TestApp::browser();
    let form = login_form(&app, &browser, "").await;
    let (status, _) = post_password(&browser, &form, "alice", ALICE_PW, None).await;
    assert_eq!(status, 303, "signed in");
    let (status, _) = post_password(&browser, &form, "alice", ALICE_PW, None).await;
    assert_eq!(
        status, 404,
        "the same authorization does not complete twice"
    );
    let (status, _) = post_password(&browser, &form, "bob", BOB_PW, None).await;
    assert_eq!(status, 404, "not for another account either");
    // A company ID that cannot be one is no way around it.
    let r = browser
        .post(&form.0)
        .form(&[
            ("csrf", form.1.as_str()),
            ("tenant", "Not A Company!"),
            ("username", "alice"),
            ("password", "guess"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        audit_count(&app, "sign_in.failure").await,
        0,
        "no guess counted"
    );
    assert_eq!(audit_count(&app, "sign_in.success").await, 1);
    app.stop().await;
}
both!(
    a_completed_sign_in_page_completes_nothing,
    completed_page_reuse
);

/// The sealed sign-in link: altered by one character, or sealed by another deployment (another
/// master key), it opens nothing and signs nobody in.
async fn sealed_link_integrity(db: Db) {
    let (app, _) = app_with_two(db).await;
    let (other, _) = app_with_two(db).await;
    let browser = TestApp::browser();
    let (login, csrf) = login_form(&app, &browser, "").await;
    let id = login.rsplit('/').next().unwrap().to_owned();
    let mid = id.len() / 2;
    let flip = if &id[mid..=mid] == "A" { "B" } else { "A" };
    let tampered = login.replace(&id, &format!("{}{flip}{}", &id[..mid], &id[mid + 1..]));
    assert_eq!(browser.get(&tampered).send().await.unwrap().status(), 404);
    let (status, _) =
        post_password(&browser, &(tampered, csrf.clone()), "alice", ALICE_PW, None).await;
    assert_eq!(status, 404, "no sign-in through an altered link");
    let foreign = other.url(&format!("/login/{id}"));
    assert_eq!(browser.get(&foreign).send().await.unwrap().status(), 404);
    assert_eq!(audit_count(&app, "sign_in.success").await, 0);
    // The untouched link still works.
    let (status, _) = post_password(&browser, &(login, csrf), "alice", ALICE_PW, None).await;
    assert_eq!(status, 303);
    app.stop().await;
    other.stop().await;
}
both!(
    a_tampered_or_foreign_sign_in_link_opens_nothing,
    sealed_link_integrity
);

/// Item 1, second factor: a burst of concurrent wrong codes is reserved in the database like
/// passwords are, so it cannot outrun the lock either.
async fn concurrent_codes(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant_with("acme", optional(&[Method::Totp])).await;
    app.user(&acme, "bob", BOB_PW).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    let key = totp_for(&app, &acme, "bob").await;
    let b = TestApp::browser();
    let (url, _) = authorize_url(&app, "shop", "");
    let factor = app.url(&app.sign_in(&b, &url, "acme", "bob", BOB_PW).await.unwrap());
    let page = b.get(&factor).send().await.unwrap();
    let csrf = form_value(&page.text().await.unwrap(), "csrf").unwrap();
    let right = key.code_at(app.now() as u64);
    let wrong = if right == "111111" {
        "222222"
    } else {
        "111111"
    };
    let mut tasks = Vec::new();
    for _ in 0..150 {
        let (b, factor, csrf) = (b.clone(), factor.clone(), csrf.clone());
        tasks.push(tokio::spawn(async move {
            let r = b
                .post(&factor)
                .form(&[("csrf", csrf.as_str()), ("code", wrong)])
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }));
    }
    let mut statuses = std::collections::HashMap::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap()).or_insert(0) += 1;
    }
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 10_000)
        .await
        .unwrap();
    let checked = events
        .iter()
        .filter(|e| {
            e.event == "sign_in.failure"
                && e.detail
                    .as_deref()
                    .is_some_and(|d| d.contains("wrong totp code"))
        })
        .count();
    // Threshold 5 (the password's reservation counts too); the in-flight cap never adds.
    assert!(
        (1..=5 + 2).contains(&checked),
        "{checked} of 150 concurrent codes were checked ({statuses:?})"
    );
    assert!(
        !statuses.contains_key(&303),
        "no wrong code completes: {statuses:?}"
    );
    // The right code no longer completes this sign-in, and the account is locked.
    let r = b
        .post(&factor)
        .form(&[("csrf", csrf.as_str()), ("code", right.as_str())])
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let (url, _) = authorize_url(&app, "shop", "");
    let html = app
        .sign_in(&TestApp::browser(), &url, "acme", "bob", BOB_PW)
        .await
        .unwrap_err();
    assert!(html.contains("Too many failed attempts"), "{html}");
    app.stop().await;
}
both!(
    concurrent_wrong_codes_cannot_outrun_the_lock,
    concurrent_codes
);

/// Item 5, the other two ways to a new password: a reset link and an administrator's reset
/// end the user's sessions and revoke her refresh tokens, and nobody else's.
async fn credential_resets(db: Db) {
    let (app, secret) = app_with_two(db).await;
    let elsewhere = TestApp::browser();
    let t = tokens_for(&app, &elsewhere, &secret, "alice", ALICE_PW).await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    let bob = TestApp::browser();
    let t = tokens_for(&app, &bob, &secret, "bob", BOB_PW).await;
    let bob_rt = t["refresh_token"].as_str().unwrap().to_owned();

    let b = TestApp::browser();
    let fields = [("tenant", "acme"), ("username", "alice")];
    crate::lifecycle::submit(&b, &app.url("/account/reset"), &fields).await;
    let link = app
        .wait_message("alice@acme.example", "reset")
        .await
        .expect("a reset mail")
        .link(&format!("{}/account/reset/", app.base))
        .unwrap();
    let new_pw = "quiet harbor lantern 7";
    let fields = [("password", new_pw), ("password_confirm", new_pw)];
    let r = crate::lifecycle::submit(&b, &link, &fields).await;
    assert!(r.text().await.unwrap().contains("Password changed"));
    assert!(
        !signed_in(&app, &elsewhere).await,
        "a reset link ends her other sessions"
    );
    assert_eq!(
        refresh(&app, &secret, &rt).await,
        400,
        "and revokes her refresh tokens"
    );

    let again = TestApp::browser();
    let t = tokens_for(&app, &again, &secret, "alice", new_pw).await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    app.cli().ok(
        &["user", "reset", "--tenant", "acme", "--username", "alice"],
        None,
    );
    assert!(
        !signed_in(&app, &again).await,
        "an admin reset ends her sessions"
    );
    assert_eq!(
        refresh(&app, &secret, &rt).await,
        400,
        "and revokes her refresh tokens"
    );
    assert!(signed_in(&app, &bob).await, "bob's session is his own");
    assert_eq!(
        refresh(&app, &secret, &bob_rt).await,
        200,
        "so are his tokens"
    );
    app.stop().await;
}
both!(
    password_resets_end_the_old_sessions_and_tokens,
    credential_resets
);

async fn rows(pool: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Item 9, pruning: what sign-ins, codes, links and unredeemed authorizations leave behind is
/// deleted once its time is over, by the node that holds the lease, and not before.
async fn pruning(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant_with("acme", optional(&[Method::Totp])).await;
    app.user(&acme, "alice", ALICE_PW).await;
    let bob = app.user(&acme, "bob", BOB_PW).await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let store = app.state.provider.store.clone();
    // A redeemed grant and a session; an unredeemed code; bob between password and code (a
    // pending login); a reset link; a one-time code.
    tokens_for(&app, &TestApp::browser(), &secret, "alice", ALICE_PW).await;
    let (url, _) = authorize_url(&app, "shop", "");
    let cb = app
        .sign_in(&TestApp::browser(), &url, "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    assert!(query(&cb).contains_key("code"));
    totp_for(&app, &acme, "bob").await;
    let (url, _) = authorize_url(&app, "shop", "");
    let factor = app
        .sign_in(&TestApp::browser(), &url, "acme", "bob", BOB_PW)
        .await
        .unwrap();
    assert!(factor.contains("/factor"), "{factor}");
    let fields = [("tenant", "acme"), ("username", "alice")];
    crate::lifecycle::submit(&TestApp::browser(), &app.url("/account/reset"), &fields).await;
    app.wait_message("alice@acme.example", "reset")
        .await
        .expect("a reset mail");
    let now = app.now();
    let code = idp_store::CodeRow {
        method: Method::Email,
        code_digest: "digest".into(),
        target: "bob@acme.example".into(),
        attempts: 0,
        sent_at: now,
        expires_at: now + 90,
    };
    let bob = idp_domain::UserId::from_stored(bob);
    store.put_code(&acme, &bob, &code).await.unwrap();
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let tables = [
        ("grants", 2),
        ("sessions", 2),
        ("pending_logins", 1),
        ("account_links", 1),
        ("one_time_codes", 1),
    ];
    for (table, n) in tables {
        assert_eq!(rows(&pool, table).await, n, "{table} before");
    }

    // Ten minutes on, the start-up node's lease has run out: another node prunes, and what
    // is still live or still remembered for replays stays.
    app.clock.advance(660);
    assert!(store
        .purge_if_leader("test-node", app.now(), 60)
        .await
        .unwrap()
        .is_some());
    for table in ["grants", "sessions", "account_links", "one_time_codes"] {
        assert!(rows(&pool, table).await > 0, "{table} kept while live");
    }
    // A month and more on, all of it has ended: gone.
    app.clock.advance(32 * 86400);
    assert!(store
        .purge_if_leader("test-node", app.now(), 60)
        .await
        .unwrap()
        .is_some());
    for (table, _) in tables {
        assert_eq!(rows(&pool, table).await, 0, "{table} pruned");
    }
    pool.close().await;
    app.stop().await;
}
both!(expired_single_use_rows_are_pruned, pruning);
