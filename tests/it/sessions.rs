//! Sessions as the browser sees them: prompt=none, prompt=login, max_age, id_token_hint,
//! RP-initiated logout, tenant isolation, unregistered redirect URIs.

use crate::both;
use crate::flow::{app_with_alice, jwt_payload, signed_in_tokens, urlenc};
use crate::harness::*;

const CB: &str = "http://127.0.0.1:3901/cb";

fn authorize(app: &TestApp, client: &str, extra: &str) -> String {
    format!(
        "{}/authorize?response_type=code&client_id={client}&redirect_uri={}&scope=openid{extra}",
        app.base,
        urlenc(CB)
    )
}

async fn prompt_none_without_session(db: Db) {
    let (app, _) = app_with_alice(db).await;
    let state = format!("{}-._~", "A".repeat(124));
    let r = TestApp::browser()
        .get(authorize(
            &app,
            "shop",
            &format!("&prompt=none&state={state}"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let loc = location(&r);
    assert!(loc.starts_with(CB));
    let q = query(&loc);
    assert_eq!(q["error"], "login_required");
    assert_eq!(
        q["state"], state,
        "a 128-character state comes back byte for byte"
    );
    assert!(!q.contains_key("code"));
    app.stop().await;
}
both!(
    prompt_none_without_a_session_is_login_required,
    prompt_none_without_session
);

async fn session_rules(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let browser = TestApp::browser();
    let t = signed_in_tokens(&app, &browser, "shop", &secret, "openid").await;
    let first = jwt_payload(t["id_token"].as_str().unwrap());

    // prompt=none with a session: silently back with a code.
    let r = browser
        .get(authorize(&app, "shop", "&prompt=none&state=a"))
        .send()
        .await
        .unwrap();
    assert!(query(&location(&r)).contains_key("code"));
    // id_token_hint of the signed-in user with prompt=none: same.
    let hint = t["id_token"].as_str().unwrap();
    let r = browser
        .get(authorize(
            &app,
            "shop",
            &format!("&prompt=none&id_token_hint={hint}"),
        ))
        .send()
        .await
        .unwrap();
    assert!(query(&location(&r)).contains_key("code"));
    // prompt=login forces the form again.
    let r = browser
        .get(authorize(&app, "shop", "&prompt=login"))
        .send()
        .await
        .unwrap();
    assert!(location(&r).starts_with("/login/"));
    // max_age: within it no form, past it the form.
    let r = browser
        .get(authorize(&app, "shop", "&max_age=3600"))
        .send()
        .await
        .unwrap();
    assert!(location(&r).starts_with(CB));
    app.clock.advance(5);
    let r = browser
        .get(authorize(&app, "shop", "&max_age=1"))
        .send()
        .await
        .unwrap();
    let login = location(&r);
    assert!(
        login.starts_with("/login/"),
        "max_age=1 after 5 s asks again"
    );
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
    assert!(cb.starts_with(CB));
    let code = query(&cb)["code"].clone();
    let r: serde_json::Value = app
        .token(
            "shop",
            &secret,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", CB),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    let second = jwt_payload(r["id_token"].as_str().unwrap());
    assert!(
        second["auth_time"].as_i64().unwrap() > first["auth_time"].as_i64().unwrap(),
        "re-authentication moves auth_time"
    );
    app.stop().await;
}
both!(prompt_and_max_age_rules, session_rules);

async fn logout(db: Db) {
    let (app, secret) = app_with_alice(db).await;
    let browser = TestApp::browser();
    let t = signed_in_tokens(&app, &browser, "shop", &secret, "openid").await;
    let hint = t["id_token"].as_str().unwrap();
    let post = "http://127.0.0.1:3901/logged-out";
    let state = "a&b=c#d%e\"f'g<h>i?j/k";

    // An unregistered post-logout URI: an error page, no redirect, still signed in.
    let bad = browser
        .get(format!(
            "{}/logout?id_token_hint={hint}&post_logout_redirect_uri={}",
            app.base,
            urlenc(&format!("{post}?foo=bar"))
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(location(&bad).is_empty());
    // A tampered hint (alg none): refused the same way.
    let parts: Vec<&str> = hint.split('.').collect();
    let none_hint = format!("eyJhbGciOiJub25lIn0.{}.", parts[1]);
    let r = browser
        .get(format!(
            "{}/logout?id_token_hint={none_hint}&post_logout_redirect_uri={}",
            app.base,
            urlenc(post)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = browser
        .get(authorize(&app, "shop", "&prompt=none"))
        .send()
        .await
        .unwrap();
    assert!(
        query(&location(&r)).contains_key("code"),
        "still signed in after refused logouts"
    );

    let r = browser
        .get(format!(
            "{}/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state={}",
            app.base,
            urlenc(post),
            urlenc(state)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let loc = location(&r);
    assert!(loc.starts_with(post));
    assert_eq!(query(&loc)["state"], state, "state comes back exactly");
    assert_eq!(query(&loc).len(), 1, "nothing but state");
    let r = browser
        .get(authorize(&app, "shop", "&prompt=none&state=z"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        query(&location(&r))["error"],
        "login_required",
        "the session has ended"
    );

    // Without a hint a signed-in user confirms first.
    signed_in_tokens(&app, &browser, "shop", &secret, "openid").await;
    let page = browser.get(app.url("/logout")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Sign out?"));
    let csrf = form_value(&html, "csrf").unwrap();
    let r = browser
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str()), ("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("signed out"));
    let r = browser
        .get(authorize(&app, "shop", "&prompt=none"))
        .send()
        .await
        .unwrap();
    assert_eq!(query(&location(&r))["error"], "login_required");
    app.stop().await;
}
both!(rp_initiated_logout, logout);

async fn tenant_isolation(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    let globex = app.tenant("globex").await;
    let alice_acme = app.user(&acme, "alice", "acme password 1").await;
    let alice_globex = app.user(&globex, "alice", "globex password").await;
    assert_ne!(
        alice_acme, alice_globex,
        "the same user name in two tenants is two subjects"
    );
    app.client(ClientSpec {
        tenant: Some("acme"),
        ..ClientSpec::confidential("acme-only", CB)
    })
    .await;
    let browser = TestApp::browser();
    let url = format!("{}&state=s&nonce=n", authorize(&app, "acme-only", ""));
    // A globex user cannot use the acme-bound client, even with the right password.
    let html = app
        .sign_in(&browser, &url, "globex", "alice", "globex password")
        .await
        .unwrap_err();
    assert!(html.contains("accepts only accounts of company"), "{html}");
    // An acme password does not open the globex account.
    app.client(ClientSpec::confidential("any", CB)).await;
    let html = app
        .sign_in(
            &browser,
            &format!("{}&state=s", authorize(&app, "any", "")),
            "globex",
            "alice",
            "acme password 1",
        )
        .await
        .unwrap_err();
    assert!(html.contains("not right"));
    let cb = app
        .sign_in(&browser, &url, "acme", "alice", "acme password 1")
        .await
        .unwrap();
    assert!(query(&cb).contains_key("code"));
    // A session of acme's alice is not reused for a client bound to another tenant.
    app.client(ClientSpec {
        tenant: Some("globex"),
        ..ClientSpec::confidential("globex-only", CB)
    })
    .await;
    let r = browser
        .get(format!(
            "{}&prompt=none",
            authorize(&app, "globex-only", "")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(query(&location(&r))["error"], "login_required");
    app.stop().await;
}
both!(tenant_isolation, tenant_isolation);

async fn unregistered_redirect(db: Db) {
    let (app, _) = app_with_alice(db).await;
    for bad in [
        format!("{CB}/extra"),
        format!("{CB}?x=1"),
        "https://evil.example/cb".to_owned(),
    ] {
        let r = TestApp::browser()
            .get(format!("{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid&state=s", app.base, urlenc(&bad)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        assert!(location(&r).is_empty(), "never a redirect for {bad}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(r.text().await.unwrap().contains("not registered"));
    }
    let r = TestApp::browser()
        .get(format!(
            "{}/authorize?response_type=code&client_id=nobody&redirect_uri={}&scope=openid",
            app.base,
            urlenc(CB)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(location(&r).is_empty());
    app.stop().await;
}
both!(
    unregistered_redirect_uri_gets_an_error_page,
    unregistered_redirect
);
