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
    // The lockout policy: outside its bounds, refused beside its field; within, saved.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/security",
        "/admin/t/acme/security",
        &[
            ("two_factor", "required"),
            ("method_totp", "1"),
            ("lockout_threshold", "1"),
            ("lockout_duration", "5m"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="lockout_threshold-error""#) && html.contains("between 3 and 50"),
        "{html}"
    );
    let r = post(
        &app,
        &b,
        "/admin/t/acme/security",
        "/admin/t/acme/security",
        &[
            ("two_factor", "required"),
            ("method_totp", "1"),
            ("lockout_threshold", "8"),
            ("lockout_duration", "2m"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/security?done=security");
    store.invalidate_caches();
    let t = store.tenant(&acme).await.unwrap().unwrap();
    assert_eq!(
        (
            t.settings.lockout_threshold,
            t.settings.lockout_duration.secs()
        ),
        (8, 120)
    );
    let (s, html) = get(&app, &b, "/admin/t/acme/audit?type=tenant.settings_changed").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("two_factor: optional → required")
            && html.contains("lockout_threshold: 5 → 8"),
        "the audit says what changed: {html}"
    );
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
    // The form as the page sends it (multipart): the metadata as an uploaded file; saved
    // again with no metadata at all, the stored one stays; a bad skew is refused beside it.
    let (_, html) = get(&app, &b, "/admin/t/acme/sso").await;
    assert!(
        html.contains("enctype=\"multipart/form-data\"") && html.contains("name=\"metadata_file\"")
    );
    let csrf = form_value(&html, "csrf").unwrap();
    let fields = |skew: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("domains", "corp.example".to_owned()),
            ("jit", "1".to_owned()),
            ("skew", skew.to_owned()),
        ]
    };
    let r = post_multipart(
        &app,
        &b,
        "/admin/t/acme/sso",
        &fields("2m"),
        &[(
            "metadata_file",
            "FederationMetadata.xml",
            "text/xml",
            metadata.clone().into_bytes(),
        )],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/sso?done=sso");
    let r = post_multipart(&app, &b, "/admin/t/acme/sso", &fields("soon"), &[]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("id=\"skew-error\""));
    let r = post_multipart(&app, &b, "/admin/t/acme/sso", &fields("5m"), &[]).await;
    assert_eq!(
        location(&r),
        "/admin/t/acme/sso?done=sso",
        "the stored metadata is kept"
    );
    store.invalidate_caches();
    let conn = store.sso_connection(&acme).await.unwrap().unwrap();
    assert_eq!(conn.settings.skew.secs(), 300);
    assert!(conn.metadata_xml.contains("IDPSSODescriptor"));

    // Back to passwords, after a confirmation step.
    let r = post(&app, &b, "/admin/t/acme/sso", "/admin/t/acme/sso/off", &[]).await;
    assert_eq!(location(&r), "/admin/t/acme/sso/off");
    let r = post(
        &app,
        &b,
        "/admin/t/acme/sso/off",
        "/admin/t/acme/sso/off",
        &[("confirm", "1")],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/sso?done=sso_off");
    store.invalidate_caches();
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
    let (_, html) = get(&app, &b, "/admin/t/acme/sso?done=sso_off").await;
    assert!(html.contains("signs in with passwords now"), "{html}");
    // Saving the kept connection switches it to SSO again.
    let r = post_multipart(&app, &b, "/admin/t/acme/sso", &fields("5m"), &[]).await;
    assert_eq!(location(&r), "/admin/t/acme/sso?done=sso");
    store.invalidate_caches();

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

async fn external_id_of(app: &TestApp, username: &str) -> Option<String> {
    use sqlx::Row;
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let row = sqlx::query("SELECT external_id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    row.get("external_id")
}

/// Starts "Test connection" in `b` and brings the IdP's answer back: the ACS's page.
async fn run_test(app: &TestApp, b: &reqwest::Client) -> (u16, String) {
    let r = post(app, b, "/admin/t/acme/sso", "/admin/t/acme/sso/test", &[]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let idp_url = location(&r);
    assert!(idp_url.contains("RelayState=test."), "{idp_url}");
    let answer = crate::sso::through_idp(b, &idp_url).await;
    (answer.status().as_u16(), answer.text().await.unwrap())
}

/// "Test connection": a real round trip through the pysaml2 IdP whose answer is explained
/// (signed part, mapping, the account it would be, hints for the usual mistakes) and signs no
/// one in; a test's answer cannot be shown twice, nor in another browser, nor sign anyone in
/// through the normal ACS path.
async fn connection_test(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    let ops = app.tenant("ops").await;
    with_role(&app, &ops, "pat", Role::PlatformAdmin).await;
    with_role(&app, &acme, "tina", Role::TenantAdmin).await;
    // A tenant administrator without self-service may not test the platform's connection.
    let b = TestApp::browser();
    console_sign_in(&app, &b, "acme", "tina").await;
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users",
        "/admin/t/acme/sso/test",
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    let idp = crate::sso::SamlIdp::start(1).await;
    crate::sso::configure(&app, &idp, "acme", "corp.example", &[]).await;
    let store = &app.state.provider.store;

    let b = TestApp::browser();
    console_sign_in(&app, &b, "ops", "pat").await;
    let (_, html) = get(&app, &b, "/admin/t/acme/sso").await;
    assert!(html.contains("Test connection") && html.contains("target=\"_blank\""));
    idp.behave(serde_json::json!({})).await;
    let (status, html) = run_test(&app, &b).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("passes every check"), "{html}");
    assert!(
        html.contains("ann@corp.example") && html.contains("emailAddress"),
        "{html}"
    );
    assert!(html.contains("PasswordProtectedTransport"), "{html}");
    // JIT is off and no account exists: it would be refused, and the hint says what to do.
    assert!(html.contains("would be refused (no_account)"), "{html}");
    assert!(html.contains("No account for this user"), "{html}");
    // The assertion is marked signed; the unsigned Response wrapper is not.
    let signed_subject = html
        .lines()
        .any(|l| l.starts_with("✓ ") && l.contains(":Subject&#62;"));
    assert!(signed_subject, "the Subject is not marked signed: {html}");
    assert!(html.contains("(verified)"), "{html}");
    let first_line = html
        .split("<pre class=\"xml\"")
        .nth(1)
        .and_then(|p| p.split("<code>").nth(1))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(
        first_line.starts_with("  &#60;samlp:Response "),
        "the Response is first, and not marked: {first_line}"
    );
    assert!(
        store
            .user_by_username(&acme, "ann@corp.example")
            .await
            .unwrap()
            .is_none(),
        "a test creates no one"
    );
    let audit = store
        .audit_page(
            &acme,
            &idp_store::AuditQuery {
                user: None,
                event: Some("sso.tested"),
                since: None,
                before: None,
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].event.actor.as_deref(), Some("admin:ops/pat"));
    assert_eq!(
        audit[0].event.detail.as_deref(),
        Some("accepted, then no_account")
    );

    // An account with that address: the test maps to it, and links nothing.
    app.user(&acme, "ann", ALICE_PW).await;
    crate::sso::sqlx_set_email(&app, "ann", "ann@corp.example").await;
    store.invalidate_caches();
    let (_, html) = run_test(&app, &b).await;
    assert!(html.contains("maps to the user ann"), "{html}");
    assert_eq!(
        external_id_of(&app, "ann").await,
        None,
        "a test links no one"
    );
    store.invalidate_caches();

    // The usual mistakes, each with its hint.
    let cases = [
        (
            serde_json::json!({"audience_override": "https://wrong.example/sp"}),
            vec!["Wrong relying party identifier", "https://wrong.example/sp"],
        ),
        (
            serde_json::json!({"signing_key": "rogue"}),
            vec!["not in the metadata", "test-idp-rogue"],
        ),
        (
            serde_json::json!({"clock_offset_seconds": 900}),
            vec!["The clocks disagree", "ahead of ours"],
        ),
        (
            serde_json::json!({"clock_offset_seconds": -900}),
            vec!["The clocks disagree", "behind ours"],
        ),
        (
            serde_json::json!({"destination_override": "https://elsewhere.example/acs"}),
            vec!["Sent to another address", "https://elsewhere.example/acs"],
        ),
        (
            serde_json::json!({"issuer_override": "https://sts.windows.net/other/"}),
            vec![
                "Issued by another identity provider",
                "https://sts.windows.net/other/",
            ],
        ),
        (
            serde_json::json!({"sign_assertion": false, "sign_response": false}),
            vec!["The answer is not signed"],
        ),
        (
            serde_json::json!({"attributes": {}, "name_id_format": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "name_id": "u-1"}),
            vec!["No e-mail address"],
        ),
        (
            serde_json::json!({"status": "urn:oasis:names:tc:SAML:2.0:status:Requester", "sub_status": "urn:oasis:names:tc:SAML:2.0:status:RequestDenied", "status_message": "AADSTS50105: The signed in user is not assigned to a role"}),
            vec!["AADSTS50105, user not assigned", "Users and groups"],
        ),
        (
            serde_json::json!({"status": "urn:oasis:names:tc:SAML:2.0:status:Requester", "sub_status": "urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext", "status_message": "AADSTS75011: Authentication method 'X509' does not match requested authentication method 'Password'"}),
            vec!["AADSTS75011"],
        ),
    ];
    for (behave, words) in cases {
        idp.behave(behave.clone()).await;
        let (status, html) = run_test(&app, &b).await;
        assert_eq!(status, 200, "{behave}: {html}");
        for w in words {
            assert!(html.contains(w), "{behave}: no {w:?} in {html}");
        }
    }

    // The same answer once more, or in another browser: no test is waiting for it.
    idp.behave(serde_json::json!({})).await;
    let r = post(&app, &b, "/admin/t/acme/sso", "/admin/t/acme/sso/test", &[]).await;
    let (action, response, relay) = crate::sso::idp_answer(&b, &location(&r)).await;
    let form = [
        ("SAMLResponse", response.as_str()),
        ("RelayState", relay.as_str()),
    ];
    let other = TestApp::browser();
    let r = other.post(&action).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 400);
    // Nor does the normal path sign anyone in with a test's answer.
    let r = b
        .post(&action)
        .form(&[("SAMLResponse", response.as_str()), ("RelayState", "x")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    assert!(r.headers().get("set-cookie").is_none());
}
both!(console_connection_test, connection_test);

/// Applications in the console: a platform administrator edits a client's redirect URIs (a
/// bad one refused beside its field), rotates its secret through a confirmation (the new one
/// shown once and working, the old one dead), disables it (confirmed first) and enables it.
async fn applications(db: Db) {
    let app = TestApp::spawn(db).await;
    let ops = app.tenant("ops").await;
    with_role(&app, &ops, "pat", Role::PlatformAdmin).await;
    let b = TestApp::browser();
    console_sign_in(&app, &b, "ops", "pat").await;
    let r = post(
        &app,
        &b,
        "/admin/clients",
        "/admin/clients",
        &[
            ("id", "crm"),
            ("name", "CRM"),
            ("redirect_uris", "https://crm.example/cb"),
        ],
    )
    .await;
    let html = r.text().await.unwrap();
    let old = html
        .split("id=\"client-secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_owned();
    let (s, html) = get(&app, &b, "/admin/clients").await;
    assert_eq!(s, 200);
    assert!(html.contains("href=\"/admin/clients/crm\""), "{html}");

    let r = post(
        &app,
        &b,
        "/admin/clients/crm",
        "/admin/clients/crm",
        &[("name", "CRM"), ("redirect_uris", "http://evil.example/cb")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"redirect_uris-error\""), "{html}");
    assert!(
        html.contains("http://evil.example/cb"),
        "the typed value is kept"
    );
    let r = post(
        &app,
        &b,
        "/admin/clients/crm",
        "/admin/clients/crm",
        &[
            ("name", "CRM 2"),
            (
                "redirect_uris",
                "https://crm.example/cb\nhttps://crm.example/cb2",
            ),
        ],
    )
    .await;
    assert_eq!(location(&r), "/admin/clients/crm?done=saved");
    let (_, html) = get(&app, &b, "/admin/clients/crm?done=saved").await;
    assert!(
        html.contains("Saved.") && html.contains("https://crm.example/cb2"),
        "{html}"
    );

    // Rotation asks first; a post without the confirmation only leads to the question.
    let r = post(
        &app,
        &b,
        "/admin/clients/crm",
        "/admin/clients/crm/secret",
        &[],
    )
    .await;
    assert_eq!(location(&r), "/admin/clients/crm/secret");
    let (s, html) = get(&app, &b, "/admin/clients/crm/secret").await;
    assert_eq!(s, 200);
    assert!(html.contains("Rotate the client secret?"), "{html}");
    let r = post(
        &app,
        &b,
        "/admin/clients/crm/secret",
        "/admin/clients/crm/secret",
        &[("confirm", "1")],
    )
    .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let new = html
        .split("id=\"client-secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    let (_, again) = get(&app, &b, "/admin/clients/crm").await;
    assert!(!again.contains(&new), "the secret is shown once");
    // The client has no client_credentials: a wrong secret is 401, a right one 400.
    let cc = [("grant_type", "client_credentials")];
    assert_eq!(app.token("crm", &old, &cc).await.status(), 401);
    assert_eq!(app.token("crm", &new, &cc).await.status(), 400);

    let r = post(
        &app,
        &b,
        "/admin/clients/crm",
        "/admin/clients/crm/disable",
        &[("confirm", "1")],
    )
    .await;
    assert_eq!(location(&r), "/admin/clients/crm?done=client_disable");
    assert_eq!(app.token("crm", &new, &cc).await.status(), 401);
    let (_, html) = get(&app, &b, "/admin/clients/crm?done=client_disable").await;
    assert!(
        html.contains("The application is disabled") && html.contains(">Enable<"),
        "{html}"
    );
    let r = post(
        &app,
        &b,
        "/admin/clients/crm",
        "/admin/clients/crm/enable",
        &[],
    )
    .await;
    assert_eq!(location(&r), "/admin/clients/crm?done=client_enable");
    assert_eq!(app.token("crm", &new, &cc).await.status(), 400);
    assert_eq!(get(&app, &b, "/admin/clients/nobody").await.0, 404);
}
both!(console_applications, applications);

/// Posts `fields` and `files` (name, file name, type, bytes) as a browser's
/// `multipart/form-data` form.
async fn post_multipart(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    fields: &[(&str, String)],
    files: &[(&str, &str, &str, Vec<u8>)],
) -> reqwest::Response {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let fl: Vec<(&str, &str, &str, &[u8])> = files
        .iter()
        .map(|(a, b, c, d)| (*a, *b, *c, d.as_slice()))
        .collect();
    let (ct, body) = multipart_body(&f, &fl);
    browser
        .post(app.url(path))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// A `multipart/form-data` body as a browser sends it: text fields, then files.
fn multipart_body(
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> (String, Vec<u8>) {
    let boundary = "----idpTestBoundary7MA4YWxk";
    let mut b = Vec::new();
    for (name, value) in fields {
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, filename, content_type, data) in files {
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n")
                .as_bytes(),
        );
        b.extend_from_slice(data);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), b)
}

/// Branding in the console: a tenant administrator uploads an SVG logo and picks a colour; a
/// colour too light for white text and an SVG with a script are refused beside their fields;
/// a user administrator has no branding page.
async fn branding_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    with_role(&app, &acme, "tina", Role::TenantAdmin).await;
    with_role(&app, &acme, "uma", Role::UserAdmin).await;
    let b = TestApp::browser();
    console_sign_in(&app, &b, "acme", "tina").await;
    let (s, html) = get(&app, &b, "/admin/t/acme/branding").await;
    assert_eq!(s, 200);
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");
    let csrf = form_value(&html, "csrf").unwrap();
    let base = |accent: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("display_name", "ACME Corp".to_owned()),
            ("accent_color", accent.to_owned()),
        ]
    };
    let r = post_multipart(&app, &b, "/admin/t/acme/branding", &base("#ffcc00"), &[]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"accent_color-error\"") && html.contains("4.5:1"),
        "{html}"
    );
    assert!(
        html.contains("value=\"#ffcc00\""),
        "the typed value is kept"
    );
    let evil =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>"#.to_vec();
    let r = post_multipart(
        &app,
        &b,
        "/admin/t/acme/branding",
        &base("#1f5fbf"),
        &[("logo", "logo.svg", "image/svg+xml", evil)],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"logo-error\"") && html.contains("event handler"),
        "{html}"
    );
    let logo = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" height="10" fill="#1f5fbf"/></svg>"##.to_vec();
    let r = post_multipart(
        &app,
        &b,
        "/admin/t/acme/branding",
        &base("#1f5fbf"),
        &[("logo", "logo.svg", "image/svg+xml", logo)],
    )
    .await;
    assert_eq!(location(&r), "/admin/t/acme/branding?done=branding");
    let (_, html) = get(&app, &b, "/admin/t/acme/branding?done=branding").await;
    assert!(
        html.contains("The branding was saved") && html.contains("/branding/acme/logo?v="),
        "{html}"
    );
    // Without the CSRF token, nothing is saved.
    let r = post_multipart(
        &app,
        &b,
        "/admin/t/acme/branding",
        &[("display_name", "X".to_owned())],
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    app.state.provider.store.invalidate_caches();
    let t = app
        .state
        .provider
        .store
        .tenant(&acme)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.name, "ACME Corp");
    assert_eq!(t.settings.branding.accent_color.as_deref(), Some("#1f5fbf"));

    let b = TestApp::browser();
    console_sign_in(&app, &b, "acme", "uma").await;
    let (_, html) = get(&app, &b, "/admin/t/acme/users").await;
    assert!(!html.contains("/admin/t/acme/branding"));
    assert_eq!(get(&app, &b, "/admin/t/acme/branding").await.0, 403);
}
both!(console_branding, branding_page);

/// The console in German: by the browser's Accept-Language, and by the language switch at
/// the foot of each page, which comes back to the page it was used on.
async fn german_console(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    with_role(&app, &acme, "tina", Role::TenantAdmin).await;
    app.user(&acme, "alice", ALICE_PW).await;
    let b = TestApp::browser();
    console_sign_in(&app, &b, "acme", "tina").await;
    let german = |path: &str| {
        b.get(app.url(path))
            .header("accept-language", "de-DE,de;q=0.9,en;q=0.5")
            .send()
    };
    let html = german("/admin/t/acme/users")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    for words in [
        "Benutzer einladen",
        "Bestätigungen erneut senden",
        "Sicherheit",
        "Audit-Protokoll",
        "Benutzername",
        "Firmenadministrator",
        "Abmelden",
    ] {
        assert!(html.contains(words), "{words}: {html}");
    }
    for english in ["Invite a user", "Sign out", "Audit log", "User name"] {
        assert!(!html.contains(english), "{english}: {html}");
    }
    let html = german("/admin/t/acme/users/alice")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Konto zurücksetzen") && html.contains("Deaktivieren"),
        "{html}"
    );
    let html = german("/admin/t/acme/security")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Zwei-Faktor-Authentifizierung") && html.contains("Speichern"),
        "{html}"
    );
    // A field error from the admin service, in German beside its field.
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users/tina",
        "/admin/t/acme/users/tina",
        &[("email", "tina@acme.example"), ("role", "user")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("you cannot change your own role"),
        "English without a choice: {html}"
    );

    // Without the header, English; the switch makes it German, and returns to the page.
    let (_, html) = get(&app, &b, "/admin/t/acme/security").await;
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    let csrf = form_value(&html, "csrf").unwrap();
    let r = post_language(&app, &b, &csrf, "de", "/admin/t/acme/security").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/t/acme/security");
    let (s, html) = get(&app, &b, "/admin/t/acme/security").await;
    assert_eq!(s, 200);
    assert!(
        html.contains(r#"<html lang="de">"#) && html.contains("Sperre"),
        "{html}"
    );
    let r = post(
        &app,
        &b,
        "/admin/t/acme/users/tina",
        "/admin/t/acme/users/tina",
        &[("email", "tina@acme.example"), ("role", "user")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Sie können Ihre eigene Rolle nicht ändern."),
        "{html}"
    );
    app.stop().await;
}
both!(console_in_german, german_console);
