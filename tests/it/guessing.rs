//! Rule 11: wrong passwords are counted per account and per address, lock for a while, and
//! are audited; the lock holds on every node because the counters live in the database.

use crate::both;
use crate::flow::{app_with_alice, urlenc};
use crate::harness::*;

const CB: &str = "http://127.0.0.1:3901/cb";

async fn login_page(app: &TestApp, browser: &reqwest::Client) -> String {
    let r = browser
        .get(format!(
            "{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid",
            app.base,
            urlenc(CB)
        ))
        .send()
        .await
        .unwrap();
    location(&r)
}

async fn account_lockout(db: Db) {
    let (app, _) = app_with_alice(db).await;
    let browser = TestApp::browser();
    let login = login_page(&app, &browser).await;
    for _ in 0..5 {
        let html = app
            .submit_login(&browser, &login, "acme", "alice", "wrong")
            .await
            .unwrap_err();
        assert!(html.contains("not right"));
    }
    // Locked now: even the right password is not checked, and the page says why.
    let html = app
        .submit_login(
            &browser,
            &login,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap_err();
    assert!(
        html.contains("Too many failed attempts") && html.contains("1 minute"),
        "{html}"
    );
    // An account that does not exist locks the same way (no enumeration by lockout).
    for _ in 0..5 {
        app.submit_login(&browser, &login, "acme", "nobody", "wrong")
            .await
            .unwrap_err();
    }
    assert!(app
        .submit_login(&browser, &login, "acme", "nobody", "x")
        .await
        .unwrap_err()
        .contains("Too many failed attempts"));
    // Another account from the same address is not locked yet.
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    app.user(&acme, "bob", "bob's long password").await;
    let cb = app
        .submit_login(&browser, &login, "acme", "bob", "bob's long password")
        .await
        .unwrap();
    assert!(query(&cb).contains_key("code"));
    // After the lock expires alice signs in again, and the count starts over.
    app.clock.advance(61);
    let login = login_page(&app, &TestApp::browser()).await;
    let cb = app
        .submit_login(
            &TestApp::browser(),
            &login,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await;
    assert!(cb.is_ok(), "signed in after the lock expired");

    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 100)
        .await
        .unwrap();
    let count = |e: &str| events.iter().filter(|x| x.event == e).count();
    assert_eq!(count("sign_in.failure"), 10);
    assert_eq!(count("sign_in.locked"), 2);
    assert_eq!(count("sign_in.success"), 2);
    let ok = events
        .iter()
        .find(|x| x.event == "sign_in.success")
        .unwrap();
    assert_eq!(ok.client_ip.as_deref(), Some("127.0.0.1"));
    assert!(ok.user.is_some());
    app.stop().await;
}
both!(
    wrong_passwords_lock_the_account_and_are_audited,
    account_lockout
);

/// A tenant's own lockout policy (security settings): 3 failures lock for 5 minutes; values
/// outside the bounds are refused naming the field.
async fn tenant_lockout_policy(db: Db) {
    let (app, _) = app_with_alice(db).await;
    let out = app.cli().run(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--lockout-threshold",
            "2",
        ],
        None,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("between 3 and 50"), "{err}");
    let out = app.cli().run(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--lockout-duration",
            "10s",
        ],
        None,
    );
    assert!(!out.status.success());
    let out = app.cli().run(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--lockout-threshold",
            "3",
            "--lockout-duration",
            "5m",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["settings"]["lockout_threshold"], 3, "{shown}");
    app.state.provider.store.invalidate_caches();
    let browser = TestApp::browser();
    let login = login_page(&app, &browser).await;
    for _ in 0..3 {
        let html = app
            .submit_login(&browser, &login, "acme", "alice", "wrong")
            .await
            .unwrap_err();
        assert!(html.contains("not right"), "{html}");
    }
    let html = app
        .submit_login(
            &browser,
            &login,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap_err();
    assert!(
        html.contains("Too many failed attempts") && html.contains("5 minutes"),
        "{html}"
    );
    app.clock.advance(301);
    let login = login_page(&app, &TestApp::browser()).await;
    assert!(app
        .submit_login(
            &TestApp::browser(),
            &login,
            "acme",
            "alice",
            "correct horse battery staple"
        )
        .await
        .is_ok());
    app.stop().await;
}
both!(a_tenant_sets_its_own_lockout, tenant_lockout_policy);

async fn address_lockout(db: Db) {
    let (app, _) = app_with_alice(db).await;
    let browser = TestApp::browser();
    let login = login_page(&app, &browser).await;
    // Password spraying: one address, many accounts, each under its own threshold.
    for i in 0..30 {
        let html = app
            .submit_login(&browser, &login, "acme", &format!("user{i}"), "Winter2026!")
            .await
            .unwrap_err();
        assert!(html.contains("not right"), "attempt {i}");
    }
    let html = app
        .submit_login(
            &browser,
            &login,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap_err();
    assert!(
        html.contains("Too many failed attempts"),
        "the address is locked"
    );
    app.stop().await;
}
both!(password_spraying_locks_the_address, address_lockout);
