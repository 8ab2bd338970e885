//! The admin console through its real pages: a browser (reqwest with cookies) signs in
//! through the IdP as the console's built-in client, fills the forms with their CSRF tokens,
//! and reads the pages.

use crate::both;
use crate::hardening::ALICE_PW;
use crate::harness::*;
use idp_domain::{Role, TenantId};

/// A user of `tenant` with `role`.
async fn with_role(app: &TestApp, tenant: &TenantId, username: &str, role: Role) {
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

/// `GET path` in `browser`: (status, Location or body).
async fn get(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let r = browser.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    if status == 303 {
        return (status, location(&r));
    }
    (status, r.text().await.unwrap())
}

/// Signs in at the console through the IdP's pages; returns the page `/admin` lands on.
async fn console_sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    tenant: &str,
    username: &str,
) -> String {
    let (s, to) = get(app, browser, "/admin").await;
    assert_eq!(s, 303);
    assert!(to.starts_with("/authorize?"), "{to}");
    assert!(to.contains("client_id=idp-admin"), "{to}");
    let cb = app
        .sign_in(browser, &app.url(&to), tenant, username, ALICE_PW)
        .await
        .unwrap();
    assert!(cb.contains("/admin/callback?"), "{cb}");
    let r = browser.get(&cb).send().await.unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let (s, landing) = get(app, browser, &location(&r)).await;
    assert_eq!(s, 303);
    landing
}

/// Posts a console form: the CSRF token is read from the page at `form_page`.
async fn post(
    app: &TestApp,
    browser: &reqwest::Client,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (s, html) = get(app, browser, form_page).await;
    assert_eq!(s, 200, "{form_page}: {html}");
    let csrf = form_value(&html, "csrf").expect("the page has a CSRF token");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    browser
        .post(app.url(action))
        .form(&all)
        .send()
        .await
        .unwrap()
}

async fn tenant_admin_at_work(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.tenant("globex").await;
    with_role(&app, &acme, "tina", Role::TenantAdmin).await;
    app.user(&acme, "alice", ALICE_PW).await;
    let b = TestApp::browser();
    assert_eq!(
        console_sign_in(&app, &b, "acme", "tina").await,
        "/admin/t/acme/users"
    );

    // The users list, with search and a filter.
    let (s, html) = get(&app, &b, "/admin/t/acme/users").await;
    assert_eq!(s, 200);
    assert!(html.contains("alice") && html.contains("tina"), "{html}");
    assert!(html.contains("Resend e-mail confirmations"));
    let (_, html) = get(&app, &b, "/admin/t/acme/users?q=ALI&status=").await;
    assert!(
        html.contains(">alice<") && !html.contains(">tina<"),
        "{html}"
    );

    // Invite: a field error is shown beside its field, then the mail goes out.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users/new",
        "/admin/t/acme/users",
        &[
            ("username", "bob"),
            ("email", "not-an-address"),
            ("role", "user"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="email-error""#), "{html}");
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users/new",
        "/admin/t/acme/users",
        &[
            ("username", "bob"),
            ("email", "bob@acme.example"),
            ("role", "user"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let to = location(&r);
    assert_eq!(to, "/admin/t/acme/users/bob?done=invited");
    let (_, html) = get(&app, &b, &to).await;
    assert!(html.contains("registration mail sent"), "{html}");
    assert!(app
        .wait_message("bob@acme.example", "registration")
        .await
        .is_some());

    // A destructive action asks first.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users/alice",
        "/admin/t/acme/users/alice/reset",
        &[],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/users/alice/reset");
    let (s, html) = get(&app, &b, "/admin/t/acme/users/alice/reset").await;
    assert_eq!(s, 200);
    assert!(html.contains("Reset the account of alice?"), "{html}");
    let store = &app.state.provider.store;
    assert!(store
        .user_by_username(&acme, "alice")
        .await
        .unwrap()
        .unwrap()
        .has_password());
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users/alice/reset",
        "/admin/t/acme/users/alice/reset",
        &[("confirm", "1")],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/users/alice?done=reset&n=0");
    assert!(!store
        .user_by_username(&acme, "alice")
        .await
        .unwrap()
        .unwrap()
        .has_password());

    // Resend confirmations: the count is reported.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users",
        "/admin/t/acme/confirmations",
        &[],
    )
    .await;
    let to = location(&r);
    let (_, html) = get(&app, &b, &to).await;
    let n = store.unconfirmed_users(&acme).await.unwrap().len();
    assert!(
        html.contains(&format!("Sent {n} confirmation mail")),
        "{n}: {html}"
    );

    // A form without its CSRF token is refused.
    let r = b
        .post(app.url("/admin/t/acme/users/alice/unlock"))
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Another tenant is invisible, and looks like nothing at all.
    let (s, other) = get(&app, &b, "/admin/t/globex/users").await;
    let (s2, none) = get(&app, &b, "/admin/t/nosuch/users").await;
    assert_eq!((s, s2), (404, 404));
    assert_eq!(other, none);

    // Security: required two-factor is saved; the audit log shows who did it, also as CSV.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/security",
        "/admin/t/acme/security",
        &[
            ("two_factor", "required"),
            ("method_totp", "1"),
            ("method_email", "1"),
            ("registration_link_ttl", "2d"),
            ("reset_link_ttl", "24h"),
            ("email_code_ttl", "90s"),
            ("sms_code_ttl", "5m"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/security?done=security");
    let t = store.tenant(&acme).await.unwrap().unwrap();
    assert_eq!(t.settings.two_factor, idp_domain::TwoFactor::Required);
    let r = post(
        &app,
        &b,
        "/admin/t/acme/security",
        "/admin/t/acme/security",
        &[
            ("two_factor", "required"),
            ("registration_link_ttl", "soon"),
            ("reset_link_ttl", "24h"),
            ("email_code_ttl", "90s"),
            ("sms_code_ttl", "5m"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="registration_link_ttl-error""#),
        "{html}"
    );
    let (s, html) = get(&app, &b, "/admin/t/acme/audit?type=tenant.settings_changed").await;
    assert_eq!(s, 200);
    assert!(html.contains("administrator acme/tina"), "{html}");
    let r = b
        .get(app.url("/admin/t/acme/audit.csv?type=user.reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = r.text().await.unwrap();
    assert!(
        csv.starts_with("time_utc,type,username,actor,detail,client_ip\r\n"),
        "{csv}"
    );
    assert!(csv.contains("user.reset,alice,admin:acme/tina"), "{csv}");
    app.stop().await;
}
both!(console_tenant_admin_at_work, tenant_admin_at_work);

async fn who_gets_in(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", ALICE_PW).await;
    with_role(&app, &acme, "uma", Role::UserAdmin).await;
    // The demo application's pages exist only under `idp serve --demo`.
    let b = TestApp::browser();
    assert_eq!(get(&app, &b, "/demo").await.0, 404);
    // A plain user signs in and is told, without a console.
    let (s, to) = get(&app, &b, "/admin").await;
    assert_eq!(s, 303);
    let cb = app
        .sign_in(&b, &app.url(&to), "acme", "alice", ALICE_PW)
        .await
        .unwrap();
    let r = b.get(&cb).send().await.unwrap();
    let (s, html) = get(&app, &b, &location(&r)).await;
    assert_eq!(s, 403, "{html}");
    assert!(html.contains("no administration role"));
    assert_eq!(get(&app, &b, "/admin/t/acme/users").await.0, 403);

    // A user administrator: users yes, security settings no (and no link to them).
    let b = TestApp::browser();
    console_sign_in(&app, &b, "acme", "uma").await;
    let (_, html) = get(&app, &b, "/admin/t/acme/users").await;
    assert!(!html.contains("/admin/t/acme/security"), "{html}");
    assert_eq!(get(&app, &b, "/admin/t/acme/security").await.0, 403);

    // Demoted while signed in: the next page is refused, the session is no console any more.
    let b2 = TestApp::browser();
    with_role(&app, &acme, "ursula", Role::UserAdmin).await;
    console_sign_in(&app, &b2, "acme", "ursula").await;
    assert_eq!(get(&app, &b2, "/admin/t/acme/users").await.0, 200);
    let store = &app.state.provider.store;
    let mut u = store
        .user_by_username(&acme, "ursula")
        .await
        .unwrap()
        .unwrap();
    u.role = Role::User;
    store.update_user(&u).await.unwrap();
    assert_eq!(get(&app, &b2, "/admin/t/acme/users").await.0, 403);

    // 30 minutes idle: the console asks to sign in again, even though the session runs on.
    app.clock.advance(31 * 60);
    let (s, to) = get(&app, &b, "/admin/t/acme/users").await;
    assert_eq!(s, 303);
    assert!(
        to.starts_with("/authorize?") && to.contains("prompt=login"),
        "{to}"
    );
    app.stop().await;
}
both!(console_who_gets_in, who_gets_in);

async fn second_factor_for_administrators(db: Db) {
    let app = TestApp::spawn(db).await;
    let settings = idp_domain::TenantSettings {
        two_factor: idp_domain::TwoFactor::Required,
        methods: vec![idp_domain::Method::Email],
        ..Default::default()
    };
    let acme = app.tenant_with("acme", settings).await;
    with_role(&app, &acme, "tina", Role::TenantAdmin).await;
    app.activate_factor(&acme, "tina", idp_domain::Method::Email)
        .await;
    let b = TestApp::browser();
    let (_, to) = get(&app, &b, "/admin").await;
    let step = app
        .sign_in(&b, &app.url(&to), "acme", "tina", ALICE_PW)
        .await
        .unwrap();
    assert!(
        step.contains("/factor"),
        "the tenant's policy asks the administrator too: {step}"
    );
    assert_eq!(
        get(&app, &b, "/admin/t/acme/users").await.0,
        303,
        "not in yet"
    );
    app.stop().await;
}
both!(
    console_second_factor_for_administrators,
    second_factor_for_administrators
);

async fn sso_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    let ops = app.tenant("ops").await;
    with_role(&app, &acme, "tina", Role::TenantAdmin).await;
    with_role(&app, &ops, "pat", Role::PlatformAdmin).await;
    // Without self-service the SSO page is the platform's.
    let b = TestApp::browser();
    console_sign_in(&app, &b, "acme", "tina").await;
    let (_, html) = get(&app, &b, "/admin/t/acme/users").await;
    assert!(!html.contains("/admin/t/acme/sso"));
    assert_eq!(get(&app, &b, "/admin/t/acme/sso").await.0, 403);
    assert_eq!(
        get(&app, &b, "/admin/clients").await.0,
        403,
        "applications are the platform's"
    );
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users",
        "/admin/tenants",
        &[("id", "mine"), ("name", "Mine")],
    )
    .await;
    assert_eq!(r.status(), 403, "tenants are created by the platform");

    let idp = crate::sso::SamlIdp::start(1).await;
    let metadata = TestApp::http()
        .get(format!("{}/metadata", idp.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let b = TestApp::browser();
    assert_eq!(
        console_sign_in(&app, &b, "ops", "pat").await,
        "/admin/tenants"
    );
    let (s, html) = get(&app, &b, "/admin/tenants").await;
    assert_eq!(s, 200);
    assert!(html.contains("/admin/t/acme/users"), "{html}");
    let (s, html) = get(&app, &b, "/admin/t/acme/sso").await;
    assert_eq!(s, 200);
    assert!(html.contains("No SSO connection yet") && html.contains("/saml/acme/metadata"));
    // A bad domain is shown beside its field; nothing is switched.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/sso",
        "/admin/t/acme/sso",
        &[("metadata_xml", &metadata), ("domains", "not a domain")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="domains-error""#), "{html}");
    let store = &app.state.provider.store;
    assert_eq!(
        store
            .tenant(&acme)
            .await
            .unwrap()
            .unwrap()
            .settings
            .login_mode,
        idp_domain::LoginMode::Password
    );
    // The pasted metadata, one domain, JIT: saved, and the company is on SSO.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/sso",
        "/admin/t/acme/sso",
        &[
            ("metadata_xml", &metadata),
            ("domains", "corp.example"),
            ("jit", "1"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/sso?done=sso");
    let (_, html) = get(&app, &b, "/admin/t/acme/sso?done=sso").await;
    assert!(
        html.contains("now signs in through its identity provider"),
        "{html}"
    );
    assert!(
        html.contains("signing certificate") && html.contains("corp.example"),
        "{html}"
    );
    store.invalidate_caches();
    assert_eq!(
        store
            .tenant(&acme)
            .await
            .unwrap()
            .unwrap()
            .settings
            .login_mode,
        idp_domain::LoginMode::Sso
    );
    // Tenants: created by the platform, the company ID checked beside its field.
    let r = post(
        &app,
        &b,
        "/admin/tenants",
        "/admin/tenants",
        &[("id", "Bad ID"), ("name", "Bad")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains(r#"id="id-error""#));
    let r = post(
        &app,
        &b,
        "/admin/tenants",
        "/admin/tenants",
        &[("id", "initech"), ("name", "Initech")],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/initech/users?done=tenant");
    assert!(store
        .tenant(&TenantId::parse("initech").unwrap())
        .await
        .unwrap()
        .is_some());
    let r = post(
        &app,
        &b,
        "/admin/tenants",
        "/admin/tenants",
        &[("id", "initech"), ("name", "Again")],
    )
    .await;
    assert_eq!(r.status(), 422);

    // Applications: registered with the secret shown once; the secret works.
    let r = post(
        &app,
        &b,
        "/admin/clients",
        "/admin/clients",
        &[
            ("id", "crm"),
            ("name", "CRM"),
            ("redirect_uris", "https://crm.example/cb"),
            ("scope", ""),
            ("tenant", "acme"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let secret = element_text(&html, "client-secret").expect("the secret is shown once");
    let r = app
        .token(
            "crm",
            secret.trim(),
            &[
                ("grant_type", "authorization_code"),
                ("code", "x"),
                ("redirect_uri", "https://crm.example/cb"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        400,
        "the secret authenticates; only the code is wrong"
    );
    let (_, html) = get(&app, &b, "/admin/clients").await;
    assert!(
        html.contains("crm") && !html.contains(secret.trim()),
        "listed, without its secret"
    );
    let r = post(
        &app,
        &b,
        "/admin/clients",
        "/admin/clients",
        &[
            ("id", "bad"),
            ("name", "Bad"),
            ("redirect_uris", "http://evil.example/cb"),
            ("scope", ""),
            ("tenant", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains(r#"id="redirect_uris-error""#));

    // And a user signs in through it.
    idp.trust(&app, "acme").await;
    let shop = app
        .client(ClientSpec::confidential("shop", crate::hardening::CB))
        .await;
    let rp = app.rp("shop", Some(&shop), crate::hardening::CB).await;
    let s = crate::flow::start(&rp, &[]);
    let r = crate::sso::sso_sign_in(&app, &TestApp::browser(), &s.url, "ann@corp.example").await;
    let (_, acr, _) = crate::sso::tokens_of(&rp, s, r).await;
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    app.stop().await;
}
both!(console_sso_page, sso_page);
