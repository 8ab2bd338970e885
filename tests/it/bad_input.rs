//! Bad input gets the specified error, never a 500: malformed parameters, oversized bodies,
//! duplicate parameters, unknown clients, wrong content types.

use crate::both;
use crate::flow::{app_with_alice, urlenc};
use crate::harness::*;

const CB: &str = "http://127.0.0.1:3901/cb";

async fn token_endpoint(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let http = TestApp::http();
    let post = |body: String, ct: &'static str| {
        let req = http
            .post(app.url("/token"))
            .basic_auth("shop", Some(secret.clone()))
            .header("content-type", ct)
            .body(body);
        async move { req.send().await.unwrap() }
    };
    let cases: Vec<(String, &str, u16, &str)> = vec![
        (
            "grant_type=client_credentials&grant_type=client_credentials".into(),
            "application/x-www-form-urlencoded",
            400,
            "invalid_request",
        ),
        (
            "grant_type=password".into(),
            "application/x-www-form-urlencoded",
            400,
            "unsupported_grant_type",
        ),
        (
            "".into(),
            "application/x-www-form-urlencoded",
            400,
            "invalid_request",
        ),
        (
            "grant_type=authorization_code".into(),
            "application/x-www-form-urlencoded",
            400,
            "invalid_request",
        ),
        (
            "grant_type=authorization_code&code=bogus&redirect_uri=x".into(),
            "application/x-www-form-urlencoded",
            400,
            "invalid_grant",
        ),
        (
            "grant_type=refresh_token&refresh_token=bogus".into(),
            "application/x-www-form-urlencoded",
            400,
            "invalid_grant",
        ),
        (
            "{\"grant_type\":\"client_credentials\"}".into(),
            "application/json",
            400,
            "invalid_request",
        ),
        (
            "grant_type=%ZZ".into(),
            "application/x-www-form-urlencoded",
            400,
            "unsupported_grant_type",
        ), // WHATWG form decoding keeps a bad escape literally
        (
            "grant_type=client_credentials&scope=%FF%FE".into(),
            "application/x-www-form-urlencoded",
            400,
            "invalid_scope",
        ),
        (
            format!("grant_type=client_credentials&pad={}", "x".repeat(100_000)),
            "application/x-www-form-urlencoded",
            413,
            "invalid_request",
        ),
    ];
    for (body, ct, status, error) in cases {
        let r = post(body.clone(), ct).await;
        assert_eq!(
            r.status().as_u16(),
            status,
            "{}",
            &body[..body.len().min(60)]
        );
        assert_eq!(r.headers()["content-type"], "application/json");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"], error, "{}", &body[..body.len().min(60)]);
    }
    // Two authentication methods at once.
    let r = http
        .post(app.url("/token"))
        .basic_auth("shop", Some(&secret))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_secret", secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Malformed Basic credentials.
    let r = http
        .post(app.url("/token"))
        .header("authorization", "Basic !!!")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    app.stop().await;
}
both!(token_endpoint_bad_input, token_endpoint);

async fn authorize_endpoint(db: Db) {
    let (app, _) = app_with_alice(db).await;
    let b = TestApp::browser();
    let base = format!(
        "{}/authorize?client_id=shop&redirect_uri={}",
        app.base,
        urlenc(CB)
    );
    // Before the client and redirect URI are known: an error page.
    for url in [
        format!("{}/authorize", app.base),
        format!(
            "{}/authorize?client_id=shop&client_id=other&redirect_uri={}",
            app.base,
            urlenc(CB)
        ),
        format!("{}/authorize?client_id=%FF&redirect_uri=x", app.base),
        format!("{}/authorize?client_id=shop", app.base),
    ] {
        let r = b.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 400, "{url}");
        assert!(location(&r).is_empty());
    }
    // Afterwards: redirected errors carrying state.
    for (extra, error) in [
        ("&scope=openid&state=s", "invalid_request"),                       // no response_type
        ("&response_type=token&scope=openid&state=s", "unsupported_response_type"),
        ("&response_type=code&scope=openid&state=s&prompt=none%20login", "invalid_request"),
        ("&response_type=code&scope=openid&state=s&max_age=-1", "invalid_request"),
        ("&response_type=code&scope=openid&state=s&code_challenge=abc&code_challenge_method=plain", "invalid_request"),
        ("&response_type=code&scope=openid&state=s&request=eyJ", "request_not_supported"),
        ("&response_type=code&scope=openid&state=s&response_mode=fragment", "invalid_request"),
    ] {
        let r = b.get(format!("{base}{extra}")).send().await.unwrap();
        assert_eq!(r.status(), 303, "{extra}");
        let q = query(&location(&r));
        assert_eq!(q["error"], error, "{extra}");
        assert_eq!(q["state"], "s");
        assert_eq!(q["iss"], app.base);
    }
    // Unknown parameters, display, ui_locales, claims_locales, acr_values, login_hint: accepted.
    let r = b
        .get(format!("{base}&response_type=code&scope=openid&extra=foobar&display=popup&ui_locales=se&claims_locales=se&acr_values=urn:idp:acr:pwd&login_hint=alice"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let login = location(&r);
    assert!(login.starts_with("/login/"));
    let html = b
        .get(app.url(&login))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("value=\"alice\""),
        "login_hint fills the user name"
    );
    // The authorization endpoint accepts POST.
    let r = b
        .post(app.url("/authorize"))
        .form(&[
            ("client_id", "shop"),
            ("redirect_uri", CB),
            ("response_type", "code"),
            ("scope", "openid"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login/"));
    // A stale or forged interaction and a missing CSRF token.
    let r = b
        .get(app.url("/login/not-a-real-one"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = TestApp::browser()
        .post(app.url(&login))
        .form(&[
            ("tenant", "acme"),
            ("username", "alice"),
            ("password", "correct horse battery staple"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "no CSRF token, no sign-in");
    app.stop().await;
}
both!(authorize_endpoint_bad_input, authorize_endpoint);

async fn userinfo_and_misc(db: Db) {
    let (app, _) = app_with_alice(db).await;
    let http = TestApp::http();
    let r = http.get(app.url("/userinfo")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    let r = http
        .get(app.url("/userinfo"))
        .bearer_auth("garbage.garbage.garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
    let r = http.get(app.url("/nope")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = http.get(app.url("/token")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(
        http.get(app.url("/healthz")).send().await.unwrap().status(),
        200
    );
    assert_eq!(
        http.get(app.url("/readyz")).send().await.unwrap().status(),
        200
    );
    let m = http
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The 404 and the 405 above, at least (other tests share nothing with this server).
    let four = m
        .lines()
        .find_map(|l| l.strip_prefix("idp_http_responses_total{class=\"4xx\"} "))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap();
    assert!(four >= 2, "4xx responses counted: {four}\n{m}");
    // Every kind of answer carries the headers added around all routes: a page, JSON, the
    // fallback's 404, a protocol error, an error page and a redirect.
    for (method, path, status) in [
        ("GET", "/", 200),
        ("GET", "/jwks", 200),
        ("GET", "/nope", 404),
        ("POST", "/token", 401),
        ("GET", "/authorize?client_id=nobody", 400),
        ("GET", "/account", 303),
    ] {
        let r = http
            .request(method.parse().unwrap(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{method} {path}");
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{method} {path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{method} {path}");
        assert_eq!(h["x-frame-options"], "DENY", "{method} {path}");
    }
    let d: serde_json::Value = http
        .get(app.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(d["issuer"], app.base);
    for k in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ] {
        assert!(d[k].as_str().unwrap().starts_with(&app.base), "{k}");
    }
    let jwks: serde_json::Value = http
        .get(app.url("/jwks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for k in jwks["keys"].as_array().unwrap() {
        assert!(k["kid"].is_string());
        for private in ["d", "p", "q", "dp", "dq", "qi", "k"] {
            assert!(k.get(private).is_none(), "no private member {private}");
        }
    }
    app.stop().await;
}
both!(userinfo_and_operations_endpoints, userinfo_and_misc);
