//! The account lifecycle of mfa-policy.md through the real pages, the real `idp` binary and
//! the delivery outbox, on both backends: registration (rule 9), the administrator's reset
//! (rule 7), password reset by mail (rule 8) and e-mail confirmation (rule 10).

use crate::both;
use crate::flow::urlenc;
use crate::harness::*;
use idp_domain::{Method, TenantId, TenantSettings, TwoFactor};
use idp_mfa_policy::totp::TotpKey;
use openidconnect::PkceCodeChallenge;

const CB: &str = "http://127.0.0.1:3901/cb";
const STRONG: &str = "plum kettle orbit 42";

async fn app(db: Db, s: TenantSettings) -> (TestApp, TenantId) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant_with("acme", s).await;
    app.client(ClientSpec::confidential("shop", CB)).await;
    (app, acme)
}

/// Loads `url` and posts its form with `fields` (plus its CSRF token).
pub async fn submit(
    browser: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = browser.get(url).send().await.unwrap().text().await.unwrap();
    let csrf = form_value(&html, "csrf").expect("a CSRF token");
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post(url).form(&form).send().await.unwrap()
}

/// Starts an authorization and submits alice's password; `Ok(location)` or `Err(page)`.
async fn password(app: &TestApp, browser: &reqwest::Client, pw: &str) -> Result<String, String> {
    password_of(app, browser, "alice", pw).await
}

async fn password_of(
    app: &TestApp,
    browser: &reqwest::Client,
    user: &str,
    pw: &str,
) -> Result<String, String> {
    let (challenge, _) = PkceCodeChallenge::new_random_sha256();
    let url = format!(
        "{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid&state=s&nonce=n&code_challenge={}&code_challenge_method=S256",
        app.base,
        urlenc(CB),
        challenge.as_str()
    );
    let r = browser.get(&url).send().await.unwrap();
    app.submit_login(browser, &location(&r), "acme", user, pw)
        .await
}

/// Rule 9: `idp user create --invite` mails a single-use link valid for the tenant's
/// registration validity; its page sets the password (strength rules apply) and offers TOTP
/// right there; the user then signs in with both.
async fn registration(db: Db) {
    let (app, _) = app(db, TenantSettings::default()).await;
    let out = app.cli().ok(
        &[
            "user",
            "create",
            "--tenant",
            "acme",
            "--username",
            "alice",
            "--email",
            "alice@acme.example",
            "--invite",
        ],
        None,
    );
    assert_eq!(out["has_password"], false);
    assert_eq!(out["registration_mail_sent"], true);
    let mail = app.last_message_to("alice@acme.example");
    assert_eq!(mail.kind, "registration");
    assert_eq!(mail.subject, "Your account at acme Inc.");
    assert!(mail.text.contains("24 hours"), "{}", mail.text);
    let link = mail
        .link(&format!("{}/account/register/", app.base))
        .unwrap();

    let browser = TestApp::browser();
    let html = browser
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"password\""));
    assert!(html.contains("name=\"password_confirm\""));
    assert!(
        html.contains("name=\"totp\""),
        "TOTP offered at registration"
    );
    // Weak, then mismatched: the page says what is wrong and the link still works.
    let r = submit(
        &browser,
        &link,
        &[
            ("password", "password1234"),
            ("password_confirm", "password1234"),
        ],
    )
    .await;
    assert!(r.text().await.unwrap().contains("too easy to guess"));
    let r = submit(
        &browser,
        &link,
        &[
            ("password", STRONG),
            ("password_confirm", "plum kettle orbit 43"),
        ],
    )
    .await;
    assert!(r.text().await.unwrap().contains("not the same"));
    let r = submit(
        &browser,
        &link,
        &[
            ("password", STRONG),
            ("password_confirm", STRONG),
            ("totp", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let setup = app.url(&location(&r));
    let html = browser
        .get(&setup)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let key = TotpKey::from_base32(&element_text(&html, "totp-secret").unwrap()).unwrap();
    let r = submit(
        &browser,
        &setup,
        &[("code", &key.code_at(app.now() as u64))],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(html.contains("Your account is ready"), "{html}");
    // Single use.
    assert_eq!(browser.get(&link).send().await.unwrap().status(), 404);
    assert_eq!(browser.get(&setup).send().await.unwrap().status(), 404);

    // The new account signs in; with TOTP on, a code is asked for.
    app.clock.advance(60);
    let to = password(&app, &TestApp::browser(), STRONG).await.unwrap();
    assert!(to.ends_with("/factor"), "{to}");

    // An expired registration link does not work.
    app.cli().ok(
        &[
            "user",
            "create",
            "--tenant",
            "acme",
            "--username",
            "bob",
            "--email",
            "bob@acme.example",
            "--invite",
        ],
        None,
    );
    let link = app
        .last_message_to("bob@acme.example")
        .link(&format!("{}/account/register/", app.base))
        .unwrap();
    app.clock.advance(24 * 3600 + 1);
    assert_eq!(browser.get(&link).send().await.unwrap().status(), 404);
    app.stop().await;
}
both!(rule9_registration_by_mail, registration);

/// Rule 7: a user who lost their device cannot reset alone; `idp user reset` clears the
/// password and every factor, ends sessions, and mails a new registration link.
async fn admin_reset(db: Db) {
    let (app, acme) = app(
        db,
        TenantSettings {
            two_factor: TwoFactor::Required,
            ..TenantSettings::default()
        },
    )
    .await;
    app.user(&acme, "alice", STRONG).await;
    let browser = TestApp::browser();
    let factor = password(&app, &browser, STRONG).await.unwrap();
    let html = browser
        .get(app.url(&factor))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let key = TotpKey::from_base32(&element_text(&html, "totp-secret").unwrap()).unwrap();
    let r = submit(
        &browser,
        &app.url(&factor),
        &[("code", &key.code_at(app.now() as u64))],
    )
    .await;
    assert_eq!(r.status(), 303);

    let out = app.cli().ok(
        &["user", "reset", "--tenant", "acme", "--username", "alice"],
        None,
    );
    assert_eq!(out["factors_cleared"], serde_json::json!(["totp"]));
    assert_eq!(out["registration_mail_sent"], true);
    assert!(out["sessions_ended"].as_u64().unwrap() >= 1);
    // The old password no longer works.
    let html = password(&app, &TestApp::browser(), STRONG)
        .await
        .unwrap_err();
    assert!(html.contains("not right"));
    let alice = app
        .state
        .provider
        .store
        .user_by_username(&acme, "alice")
        .await
        .unwrap()
        .unwrap();
    assert!(app
        .state
        .provider
        .store
        .factors(&acme, &alice.id)
        .await
        .unwrap()
        .is_empty());
    // The new registration link sets it all up again.
    let link = app
        .last_message_to("alice@acme.example")
        .link(&format!("{}/account/register/", app.base))
        .unwrap();
    let other = "quiet harbor lantern 7";
    let r = submit(
        &browser,
        &link,
        &[("password", other), ("password_confirm", other)],
    )
    .await;
    assert!(r.text().await.unwrap().contains("Your account is ready"));
    // Required tenant: the next sign-in enrolls a new factor.
    let to = password(&app, &TestApp::browser(), other).await.unwrap();
    assert!(to.ends_with("/factor"));
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 50)
        .await
        .unwrap();
    assert!(events
        .iter()
        .any(|e| e.event == "user.reset" && e.actor.as_deref() == Some("cli")));
    app.stop().await;
}
both!(rule7_admin_reset_clears_factors, admin_reset);

/// Rule 8: password reset by mail works for users without a second factor; everyone gets the
/// same page; a user with a factor gets a mail saying an administrator must reset the
/// account, and a link mailed before a factor was turned on stops working.
async fn password_reset(db: Db) {
    let (app, acme) = app(db, TenantSettings::default()).await;
    app.user(&acme, "alice", STRONG).await;
    app.user(&acme, "carol", STRONG).await;
    let browser = TestApp::browser();
    let reset = app.url("/account/reset");

    let answer = |r: reqwest::Response| async move {
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        html[html.find("<h1>").unwrap()..].to_owned()
    };
    // An account, an unknown user, an unknown company: one answer.
    let mut answers = Vec::new();
    for (tenant, username) in [("acme", "alice"), ("acme", "nobody"), ("nope", "alice")] {
        let r = submit(
            &browser,
            &reset,
            &[("tenant", tenant), ("username", username)],
        )
        .await;
        answers.push(answer(r).await);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0], answers[2]);
    let for_nobody = answers[1].clone();

    let mail = app
        .wait_message("alice@acme.example", "reset")
        .await
        .expect("a reset mail");
    let link = mail.link(&format!("{}/account/reset/", app.base)).unwrap();
    let new = "quiet harbor lantern 7";
    let r = submit(
        &browser,
        &link,
        &[("password", new), ("password_confirm", new)],
    )
    .await;
    assert!(r.text().await.unwrap().contains("Password changed"));
    assert!(password(&app, &TestApp::browser(), STRONG).await.is_err());
    assert!(password(&app, &TestApp::browser(), new).await.is_ok());
    assert_eq!(
        browser.get(&link).send().await.unwrap().status(),
        404,
        "single use"
    );

    // Carol asks for a link, then turns on TOTP before using it: the link is refused.
    app.clock.advance(120);
    submit(
        &browser,
        &reset,
        &[("tenant", "acme"), ("username", "carol")],
    )
    .await;
    let link = app
        .wait_message("carol@acme.example", "reset")
        .await
        .unwrap()
        .link(&format!("{}/account/reset/", app.base))
        .unwrap();
    app.activate_factor(&acme, "carol", Method::Totp).await;
    let r = submit(
        &browser,
        &link,
        &[("password", new), ("password_confirm", new)],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(html.contains("administrator"), "{html}");
    assert!(
        password_of(&app, &TestApp::browser(), "carol", STRONG)
            .await
            .is_ok(),
        "old password unchanged"
    );

    // With the factor on, a new request gets the same page and a mail without a link.
    app.clock.advance(120);
    let before = app.messages().len();
    let for_carol = answer(
        submit(
            &browser,
            &reset,
            &[("tenant", "acme"), ("username", "carol")],
        )
        .await,
    )
    .await;
    assert_eq!(for_carol, for_nobody);
    let mail = app
        .wait_message("carol@acme.example", "reset-refused")
        .await
        .expect("the refusal mail");
    assert!(mail.text.contains("administrator"));
    assert!(!mail.text.contains("/account/reset/"));
    assert_eq!(app.messages().len(), before + 1);
    app.stop().await;
}
both!(rule8_password_reset_by_mail, password_reset);

/// Rule 10: confirmation mails to one user or to every unconfirmed user of the tenant with
/// one command; the link confirms the address, which makes e-mail codes available (rule 5).
async fn email_confirmation(db: Db) {
    let (app, acme) = app(
        db,
        TenantSettings {
            two_factor: TwoFactor::Required,
            methods: vec![Method::Email],
            ..TenantSettings::default()
        },
    )
    .await;
    app.user_with(&acme, "alice", STRONG, false).await;
    app.user_with(&acme, "dave", STRONG, false).await;
    app.user_with(&acme, "erin", STRONG, true).await;
    let out = app.cli().ok(
        &[
            "user",
            "confirm-email",
            "--tenant",
            "acme",
            "--all-unconfirmed",
        ],
        None,
    );
    assert_eq!(out["confirmation_mails_sent"], 2);
    assert_eq!(
        app.messages()
            .iter()
            .filter(|m| m.kind == "confirm")
            .count(),
        2
    );
    assert!(app.messages().iter().all(|m| m.to != "erin@acme.example"));
    // One user: confirmed users are refused with a reason.
    let e = app.cli().run(
        &[
            "user",
            "confirm-email",
            "--tenant",
            "acme",
            "--username",
            "erin",
        ],
        None,
    );
    assert_eq!(e.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&e.stderr).contains("already confirmed"));

    // Alice cannot sign in yet (e-mail codes need a confirmed address)...
    let browser = TestApp::browser();
    assert!(password(&app, &browser, STRONG)
        .await
        .unwrap_err()
        .contains("not confirmed"));
    // ...until she follows the link (a GET alone confirms nothing).
    let link = app
        .last_message_to("alice@acme.example")
        .link(&format!("{}/account/confirm/", app.base))
        .unwrap();
    let alice = app
        .state
        .provider
        .store
        .user_by_username(&acme, "alice")
        .await
        .unwrap()
        .unwrap();
    browser.get(&link).send().await.unwrap();
    assert!(
        !app.state
            .provider
            .store
            .user(&acme, &alice.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
    let r = submit(&browser, &link, &[]).await;
    assert!(r.text().await.unwrap().contains("Address confirmed"));
    assert!(
        app.state
            .provider
            .store
            .user(&acme, &alice.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
    let to = password(&app, &TestApp::browser(), STRONG).await.unwrap();
    assert!(to.ends_with("/factor"), "{to}");
    assert_eq!(app.last_message_to("alice@acme.example").kind, "code");
    app.stop().await;
}
both!(rule10_email_confirmation, email_confirmation);
