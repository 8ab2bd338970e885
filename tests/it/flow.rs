//! The authorization-code flow as a relying application drives it with the `openidconnect`
//! crate: PKCE, the HTML sign-in form, ID-token verification against JWKS, userinfo,
//! refresh rotation and reuse detection, code replay, a wrong verifier.

use crate::both;
use crate::harness::*;
use openidconnect::core::{CoreAuthenticationFlow, CoreUserInfoClaims};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, CsrfToken, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RefreshToken, Scope, TokenResponse,
};

const CB: &str = "http://127.0.0.1:3901/cb";

pub struct Started {
    pub url: String,
    pub state: CsrfToken,
    pub nonce: Nonce,
    pub verifier: PkceCodeVerifier,
}

pub fn start(rp: &Rp, extra_scopes: &[&str]) -> Started {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut req = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for s in extra_scopes {
        req = req.add_scope(Scope::new((*s).into()));
    }
    let (url, state, nonce) = req.url();
    Started {
        url: url.to_string(),
        state,
        nonce,
        verifier,
    }
}

async fn full_flow(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    let sub = app
        .user(&acme, "alice", "correct horse battery staple")
        .await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let browser = TestApp::browser();
    let s = start(&rp, &["profile", "email"]);

    // Wrong password: the form comes back with the error, what was typed kept (not the password).
    let r = browser.get(&s.url).send().await.unwrap();
    let login = location(&r);
    let html = app
        .submit_login(&browser, &login, "acme", "alice", "wrong")
        .await
        .unwrap_err();
    assert!(html.contains("not right"), "{html}");
    assert!(html.contains("value=\"acme\"") && html.contains("value=\"alice\""));
    assert!(!html.contains("wrong"), "the password is never echoed");
    // Unknown tenant and unknown user get the very same words.
    let html2 = app
        .submit_login(&browser, &login, "nope", "alice", "x")
        .await
        .unwrap_err();
    let html3 = app
        .submit_login(&browser, &login, "acme", "bob", "x")
        .await
        .unwrap_err();
    let msg = |h: &str| {
        h.split("role=\"alert\"")
            .nth(1)
            .map(|x| x.split('<').next().unwrap().to_owned())
    };
    assert_eq!(msg(&html), msg(&html2));
    assert_eq!(msg(&html), msg(&html3));

    let cb = app
        .submit_login(
            &browser,
            &login,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap();
    assert!(cb.starts_with(CB), "{cb}");
    let q = query(&cb);
    assert_eq!(q["state"], *s.state.secret(), "state comes back unchanged");
    assert_eq!(q["iss"], app.base, "RFC 9207 iss");
    assert!(q["code"].len() >= 43, "code has at least 256 bits");

    let tokens = rp
        .exchange_code(AuthorizationCode::new(q["code"].clone()))
        .unwrap()
        .set_pkce_verifier(s.verifier)
        .request_async(&TestApp::http())
        .await
        .unwrap();
    let id_token = tokens.id_token().expect("an ID token");
    let claims = id_token
        .claims(&rp.id_token_verifier(), &s.nonce)
        .expect("the ID token verifies against JWKS");
    assert_eq!(
        claims.subject().as_str(),
        sub,
        "sub is the stable user id, not the user name"
    );
    assert!(claims.auth_time().is_some());
    assert_eq!(
        claims.auth_context_ref().map(|a| a.as_str()),
        Some(idp_oidc::ACR_PASSWORD)
    );
    assert_eq!(
        claims
            .auth_method_refs()
            .unwrap()
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>(),
        vec!["pwd"]
    );
    let alg = id_token.signing_alg().unwrap();
    assert_eq!(
        format!("{alg:?}"),
        "RsaSsaPkcs1V15Sha256",
        "ID tokens are RS256 by default"
    );
    let expected_hash = AccessTokenHash::from_token(
        tokens.access_token(),
        alg,
        id_token.signing_key(&rp.id_token_verifier()).unwrap(),
    )
    .unwrap();
    assert_eq!(claims.access_token_hash(), Some(&expected_hash));
    assert!(
        claims.email().is_none(),
        "no unrequested claims in the ID token"
    );

    let info: CoreUserInfoClaims = rp
        .user_info(tokens.access_token().clone(), None)
        .unwrap()
        .request_async(&TestApp::http())
        .await
        .unwrap();
    assert_eq!(info.subject().as_str(), sub);
    assert_eq!(info.email().unwrap().as_str(), "alice@acme.example");
    assert_eq!(info.email_verified(), Some(true));
    assert_eq!(info.preferred_username().unwrap().as_str(), "alice");

    // The access token is an RFC 9068 JWT carrying the tenant.
    let at = tokens.access_token().secret();
    let payload: serde_json::Value = jwt_payload(at);
    assert_eq!(payload["tenant"], "acme");
    assert_eq!(payload["client_id"], "shop");
    assert_eq!(jwt_header(at)["typ"], "at+jwt");

    // SSO within the session: a second authorization needs no form.
    let s2 = start(&rp, &[]);
    let cb2 = app.sign_in(&browser, &s2.url, "", "", "").await.unwrap();
    assert!(cb2.starts_with(CB) && query(&cb2).contains_key("code"));
    app.stop().await;
}
both!(full_authorization_code_flow, full_flow);

pub fn jwt_payload(t: &str) -> serde_json::Value {
    use base64::Engine;
    let p = t.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .unwrap(),
    )
    .unwrap()
}

pub fn jwt_header(t: &str) -> serde_json::Value {
    use base64::Engine;
    let p = t.split('.').next().unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .unwrap(),
    )
    .unwrap()
}

/// Signs `alice` in through the form with PKCE; returns the code and the verifier.
pub async fn pkce_code(
    app: &TestApp,
    browser: &reqwest::Client,
    client: &str,
    scope: &str,
) -> (String, PkceCodeVerifier) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let url = format!(
        "{}/authorize?response_type=code&client_id={client}&redirect_uri={}&scope={}&state=s1&nonce=n1&code_challenge={}&code_challenge_method=S256",
        app.base,
        urlenc(CB),
        urlenc(scope),
        challenge.as_str()
    );
    let cb = app
        .sign_in(
            browser,
            &url,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap();
    (query(&cb)["code"].clone(), verifier)
}

/// Signs `alice` in and returns the raw token response JSON.
pub async fn signed_in_tokens(
    app: &TestApp,
    browser: &reqwest::Client,
    client: &str,
    secret: &str,
    scope: &str,
) -> serde_json::Value {
    let (code, verifier) = pkce_code(app, browser, client, scope).await;
    let r = TestApp::http()
        .post(app.url("/token"))
        .basic_auth(client, Some(secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
            ("code_verifier", verifier.secret()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.json().await.unwrap()
}

pub fn urlenc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn app_with_alice(db: Db) -> (TestApp, String) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", "correct horse battery staple")
        .await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    (app, secret)
}

async fn refresh_rotation(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let t = signed_in_tokens(
        &app,
        &TestApp::browser(),
        "shop",
        &secret,
        "openid offline_access",
    )
    .await;
    let first = RefreshToken::new(t["refresh_token"].as_str().unwrap().into());
    let first_id = jwt_payload(t["id_token"].as_str().unwrap());
    app.clock.advance(2);
    let second = rp
        .exchange_refresh_token(&first)
        .unwrap()
        .request_async(&TestApp::http())
        .await
        .unwrap();
    let second_rt = second
        .refresh_token()
        .expect("rotation issues a new refresh token")
        .clone();
    assert_ne!(second_rt.secret(), first.secret());
    let id2 = jwt_payload(second.id_token().unwrap().to_string().as_str());
    assert_eq!(id2["sub"], first_id["sub"]);
    assert_eq!(id2["auth_time"], first_id["auth_time"], "auth_time is kept");
    assert_ne!(id2["iat"], first_id["iat"], "a new iat");

    // Reusing the first (rotated) token is refused and ends the whole family.
    let reuse = rp
        .exchange_refresh_token(&first)
        .unwrap()
        .request_async(&TestApp::http())
        .await;
    assert!(reuse.is_err());
    let after = app
        .token(
            "shop",
            &secret,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", second_rt.secret()),
            ],
        )
        .await;
    assert_eq!(after.status(), 400);
    let body: serde_json::Value = after.json().await.unwrap();
    assert_eq!(
        body["error"], "invalid_grant",
        "the newest token of the family is dead too"
    );
    let ui = TestApp::http()
        .get(app.url("/userinfo"))
        .bearer_auth(second.access_token().secret())
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), 401, "access tokens of the family are refused");
    app.stop().await;
}
both!(refresh_rotation_and_reuse_detection, refresh_rotation);

/// A refresh token names its grant, so that a spent one revokes it; the grant's ID is no
/// secret (access tokens carry it as `gid`). A token made up around it, or one whose tag
/// was moved from another grant's token, is refused as unknown and revokes nothing; so is one
/// far too long, or not ASCII.
async fn made_up_refresh_tokens(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let shop = ("shop", secret.as_str());
    let t = signed_in_tokens(&app, &TestApp::browser(), "shop", &secret, "openid").await;
    let other = signed_in_tokens(&app, &TestApp::browser(), "shop", &secret, "openid").await;
    let rt = t["refresh_token"].as_str().unwrap();
    let gid = jwt_payload(t["access_token"].as_str().unwrap())["gid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(rt.starts_with(&format!("{gid}~")), "{rt}");
    let theirs: Vec<&str> = other["refresh_token"]
        .as_str()
        .unwrap()
        .split('~')
        .collect();
    let random = idp_domain::secret::random_b64(32).unwrap();
    let made_up = [
        format!("{gid}~{random}~{}", &random[..22]),
        format!("{gid}~{}~{}", theirs[1], theirs[2]),
        gid.clone(),
        format!("{gid}~"),
        format!("{gid}~{}", "A~".repeat(5_000)),
        format!("{gid}~{}~ä", theirs[1]),
        "ä".repeat(43),
    ];
    for fake in &made_up {
        let (status, body) = app.refresh(shop, fake, &[]).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("unknown"),
            "{body}"
        );
    }
    let (status, _) = app.refresh(shop, rt, &[]).await;
    assert_eq!(status, 200, "the grant lives on");
    app.stop().await;
}
both!(
    made_up_refresh_tokens_revoke_nothing,
    made_up_refresh_tokens
);

/// A refresh refused after its token was checked (a scope or resource the grant does not
/// have) leaves the token usable, so that the client's next try is no "reuse" that revokes
/// the grant. And a grant's refresh tokens end with it (30 days after the sign-in), however
/// often they were rotated.
async fn refused_and_late_refreshes(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let shop = ("shop", secret.as_str());
    let t = signed_in_tokens(&app, &TestApp::browser(), "shop", &secret, "openid").await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    for (extra, error) in [
        (("scope", "openid admin"), "invalid_scope"),
        (("resource", "https://elsewhere.example"), "invalid_target"),
    ] {
        let (status, body) = app.refresh(shop, &rt, &[extra]).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some(error)),
            "{body}"
        );
    }
    let (status, body) = app.refresh(shop, &rt, &[]).await;
    assert_eq!(
        status, 200,
        "the token survived the refused requests: {body}"
    );
    let rt = body["refresh_token"].as_str().unwrap().to_owned();

    app.clock.advance(29 * 86_400);
    let (status, body) = app.refresh(shop, &rt, &[]).await;
    assert_eq!(status, 200, "{body}");
    let rt = body["refresh_token"].as_str().unwrap().to_owned();
    app.clock.advance(2 * 86_400);
    let (status, body) = app.refresh(shop, &rt, &[]).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "31 days after the sign-in the grant has ended: {body}"
    );
    app.stop().await;
}
both!(
    refused_and_late_refreshes_keep_to_the_grant,
    refused_and_late_refreshes
);

/// The same refresh token sent 150 times at once: exactly one request rotates it; the others
/// are reuses, which revoke the grant, so the winner's new token dies with it (the thief and
/// the client racing each other both lose, as the Security BCP wants).
async fn concurrent_refreshes(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let t = signed_in_tokens(&app, &TestApp::browser(), "shop", &secret, "openid").await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = (0..150)
        .map(|_| {
            let (app, secret, rt) = (app.clone(), secret.clone(), rt.clone());
            tokio::spawn(async move { app.refresh(("shop", &secret), &rt, &[]).await })
        })
        .collect();
    let mut won = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            200 => won.push(body["refresh_token"].as_str().unwrap().to_owned()),
            400 => assert_eq!(body["error"], "invalid_grant", "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(won.len(), 1, "exactly one rotation");
    let (status, body) = app.refresh(("shop", &secret), &won[0], &[]).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}
both!(
    a_refresh_token_sent_150_times_at_once_rotates_once,
    concurrent_refreshes
);

async fn code_replay(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let (code, verifier) = pkce_code(&app, &TestApp::browser(), "shop", "openid").await;
    let redeem = || async {
        app.token(
            "shop",
            &secret,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", CB),
                ("code_verifier", verifier.secret()),
            ],
        )
        .await
    };
    let first: serde_json::Value = redeem().await.json().await.unwrap();
    let at = first["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        TestApp::http()
            .get(app.url("/userinfo"))
            .bearer_auth(&at)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let again = redeem().await;
    assert_eq!(again.status(), 400);
    assert_eq!(again.headers()["content-type"], "application/json");
    let body: serde_json::Value = again.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(
        TestApp::http()
            .get(app.url("/userinfo"))
            .bearer_auth(&at)
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "a replayed code revokes what it issued"
    );
    app.stop().await;
}
both!(code_replay_revokes_tokens, code_replay);

async fn wrong_verifier(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let (code, _verifier) = pkce_code(&app, &TestApp::browser(), "shop", "openid").await;
    let other = PkceCodeVerifier::new("a".repeat(64));
    let r = app
        .token(
            "shop",
            &secret,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", CB),
                ("code_verifier", other.secret()),
            ],
        )
        .await;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("code_verifier"));
    app.stop().await;
}
both!(wrong_pkce_verifier_is_refused, wrong_verifier);

async fn public_client_needs_pkce(db: Db) {
    let app = TestApp::spawn(db).await;
    app.client(ClientSpec {
        public: true,
        ..ClientSpec::confidential("spa", CB)
    })
    .await;
    let r = TestApp::browser()
        .get(format!(
            "{}/authorize?response_type=code&client_id=spa&redirect_uri={}&scope=openid&state=xyz",
            app.base,
            urlenc(CB)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let q = query(&location(&r));
    assert_eq!(q["error"], "invalid_request");
    assert_eq!(q["state"], "xyz");
    assert!(!q.contains_key("code"));
    app.stop().await;
}
both!(public_clients_must_use_pkce, public_client_needs_pkce);
