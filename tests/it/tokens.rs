//! client_credentials, revocation then introspection, key rotation.

use crate::both;
use crate::flow::{app_with_alice, jwt_header, signed_in_tokens};
use crate::harness::*;
use idp_domain::SigningAlg;
use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{AuthorizationCode, CsrfToken, Nonce, PkceCodeChallenge, TokenResponse};

const CB: &str = "http://127.0.0.1:3901/cb";

async fn client_credentials(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let http = TestApp::http();
    // Basic and post authentication both work.
    let r = http
        .post(app.url("/token"))
        .basic_auth("shop", Some(&secret))
        .form(&[("grant_type", "client_credentials"), ("scope", "api:read")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "api:read");
    assert!(body["expires_in"].as_i64().unwrap() > 0);
    assert_eq!(
        jwt_header(body["access_token"].as_str().unwrap())["alg"],
        "ES256"
    );
    let r = http
        .post(app.url("/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "shop"),
            ("client_secret", secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A wrong secret and an unknown client: 401 invalid_client with WWW-Authenticate.
    for (id, s) in [("shop", "not-the-secret"), ("ghost", secret.as_str())] {
        let r = http
            .post(app.url("/token"))
            .basic_auth(id, Some(s))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.headers().contains_key("www-authenticate"));
        assert_eq!(r.headers()["cache-control"], "no-store");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "invalid_client");
    }
    // Scopes the client may not have, and openid, are refused.
    let r = http
        .post(app.url("/token"))
        .basic_auth("shop", Some(&secret))
        .form(&[("grant_type", "client_credentials"), ("scope", "admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["error"],
        "invalid_scope"
    );
    app.stop().await;
}
both!(
    client_credentials_right_and_wrong_secret,
    client_credentials
);

async fn introspect(app: &TestApp, secret: &str, token: &str) -> serde_json::Value {
    let r = TestApp::http()
        .post(app.url("/introspect"))
        .basic_auth("shop", Some(secret))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn revocation_then_introspection(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let t = signed_in_tokens(
        &app,
        &TestApp::browser(),
        "shop",
        &secret,
        "openid offline_access",
    )
    .await;
    let at = t["access_token"].as_str().unwrap();
    let rt = t["refresh_token"].as_str().unwrap();
    let i = introspect(&app, &secret, at).await;
    assert_eq!(i["active"], true);
    assert_eq!(i["client_id"], "shop");
    assert_eq!(i["tenant"], "acme");
    assert_eq!(introspect(&app, &secret, rt).await["active"], true);
    // Introspection needs an authenticated client.
    let r = TestApp::http()
        .post(app.url("/introspect"))
        .form(&[("token", at)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let revoke = |token: String| {
        let app_url = app.url("/revoke");
        let secret = secret.clone();
        async move {
            TestApp::http()
                .post(app_url)
                .basic_auth("shop", Some(secret))
                .form(&[("token", token)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(revoke(at.to_owned()).await.status(), 200);
    assert_eq!(introspect(&app, &secret, at).await["active"], false);
    assert_eq!(
        TestApp::http()
            .get(app.url("/userinfo"))
            .bearer_auth(at)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        introspect(&app, &secret, rt).await["active"],
        true,
        "revoking the access token leaves the refresh token"
    );
    assert_eq!(revoke(rt.to_owned()).await.status(), 200);
    assert_eq!(introspect(&app, &secret, rt).await["active"], false);
    // Unknown tokens: still 200 (RFC 7009 §2.2), and inactive.
    assert_eq!(revoke("no-such-token".into()).await.status(), 200);
    assert_eq!(
        introspect(&app, &secret, "no-such-token").await["active"],
        false
    );
    app.stop().await;
}
both!(revocation_then_introspection, revocation_then_introspection);

async fn key_rotation(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let t = signed_in_tokens(&app, &TestApp::browser(), "shop", &secret, "openid").await;
    let old_id_token = t["id_token"].as_str().unwrap().to_owned();
    let old_kid = jwt_header(&old_id_token)["kid"]
        .as_str()
        .unwrap()
        .to_owned();

    // Rows reloaded from the database but unchanged keep the parsed key set.
    let before = app.state.provider.keys().await.unwrap();
    app.state.provider.store.invalidate_caches();
    let reloaded = app.state.provider.keys().await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&before, &reloaded));

    let new_key = app
        .state
        .provider
        .rotate_key(SigningAlg::RS256)
        .await
        .unwrap();
    app.state.provider.store.invalidate_caches();
    let rotated = app.state.provider.keys().await.unwrap();
    assert!(
        !std::sync::Arc::ptr_eq(&reloaded, &rotated),
        "a new key, a new set"
    );
    let jwks: serde_json::Value = TestApp::http()
        .get(app.url("/jwks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert!(
        kids.contains(&old_kid.as_str()),
        "the old key stays published"
    );
    assert!(
        kids.contains(&new_key.kid.as_str()),
        "the new key is published"
    );
    let unique: std::collections::HashSet<_> = kids.iter().collect();
    assert_eq!(unique.len(), kids.len(), "kids are unique");

    // A relying application that fetches JWKS now verifies both the old and the new token.
    let rp2 = app.rp("shop", Some(&secret), CB).await;
    let old: openidconnect::core::CoreIdToken = old_id_token.parse().unwrap();
    old.claims(&rp2.id_token_verifier(), |_: Option<&Nonce>| Ok(()))
        .expect("a token signed before rotation still verifies");
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, _, nonce) = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .url();
    let cb = app
        .sign_in(
            &TestApp::browser(),
            url.as_str(),
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap();
    let tokens = rp2
        .exchange_code(AuthorizationCode::new(query(&cb)["code"].clone()))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&TestApp::http())
        .await
        .unwrap();
    let new_token = tokens.id_token().unwrap();
    assert_eq!(
        jwt_header(&new_token.to_string())["kid"],
        new_key.kid,
        "new tokens use the new key"
    );
    new_token.claims(&rp2.id_token_verifier(), &nonce).unwrap();
    app.stop().await;
}
both!(key_rotation_keeps_old_tokens_verifiable, key_rotation);

async fn other_algorithms(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", "correct horse battery staple")
        .await;
    let secret = app
        .client(ClientSpec {
            id_token_alg: SigningAlg::EdDSA,
            ..ClientSpec::confidential("ed-app", CB)
        })
        .await;
    let t = signed_in_tokens(&app, &TestApp::browser(), "ed-app", &secret, "openid").await;
    assert_eq!(jwt_header(t["id_token"].as_str().unwrap())["alg"], "EdDSA");
    app.stop().await;
}
both!(per_client_id_token_algorithm, other_algorithms);

async fn refresh_token_of_another_client(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let other_secret = app.client(ClientSpec::confidential("other", CB)).await;
    let t = signed_in_tokens(
        &app,
        &TestApp::browser(),
        "shop",
        &secret,
        "openid offline_access",
    )
    .await;
    let rt = t["refresh_token"].as_str().unwrap();
    // Presented by another (authenticated) client: invalid_grant, JSON, no-store...
    let r = app
        .token(
            "other",
            &other_secret,
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["error"],
        "invalid_grant"
    );
    // ...and the rightful client's token still works.
    let r = app
        .token(
            "shop",
            &secret,
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    app.stop().await;
}
both!(
    refresh_token_of_another_client_is_refused,
    refresh_token_of_another_client
);
