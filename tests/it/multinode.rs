//! Two real `idp serve` processes on one PostgreSQL database: a sign-in started on one node
//! finishes on the other, a code issued by one is redeemed on the other, and replays of codes
//! and refresh tokens are refused across nodes.

use crate::cli::{idp_bin, Cli};
use crate::flow::urlenc;
use crate::harness::{
    form_value, free_port, location, post_login_form, query, Db, TestApp, TestDb,
};
use std::process::{Child, Command, Stdio};

const CB: &str = "https://shop.example/cb";

struct Node {
    child: Child,
    base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_node(cli: &Cli, issuer: &str) -> Node {
    start_node_at(cli, free_port(), issuer).await
}

async fn start_node_at(cli: &Cli, port: u16, issuer: &str) -> Node {
    let mut cmd = Command::new(idp_bin());
    cmd.arg("serve")
        .current_dir(cli.dir.path())
        .env("IDP_SERVER__BIND", format!("127.0.0.1:{port}"))
        .env("IDP_SERVER__ISSUER", issuer);
    for (k, v) in &cli.env {
        cmd.env(k, v);
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let node = Node {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..200 {
        if let Ok(r) = TestApp::http()
            .get(format!("{}/readyz", node.base))
            .send()
            .await
        {
            if r.status() == 200 {
                return node;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("node on port {port} did not become ready");
}

/// A fresh PostgreSQL database and the CLI configuration every node of it shares (one master
/// key, cheap hashing for the test).
async fn cluster() -> (TestDb, Cli) {
    let db = TestDb::new(Db::Postgres).await;
    let mut cli = Cli::new();
    cli.env.push(("IDP_DATABASE__URL".into(), db.url.clone()));
    cli.env.push((
        "IDP_CRYPTO__MASTER_KEY".into(),
        idp_oidc::crypto::MasterKey::generate_base64().unwrap(),
    ));
    cli.env.push(("IDP_LOG__LEVEL".into(), "warn".into()));
    cli.env
        .push(("IDP_PASSWORD__ARGON2_MEMORY_KIB".into(), "1024".into()));
    cli.env
        .push(("IDP_PASSWORD__ARGON2_ITERATIONS".into(), "1".into()));
    (db, cli)
}

/// `username` in `tenant`, with the password every test here signs in with.
fn user_with_password(cli: &Cli, tenant: &str, username: &str) {
    let email = format!("{username}@{tenant}.example");
    cli.ok(
        &[
            "user",
            "create",
            "--tenant",
            tenant,
            "--username",
            username,
            "--email",
            &email,
            "--password-stdin",
        ],
        Some("correct horse battery staple"),
    );
}

/// A confidential client redirecting to `CB`; returns its secret.
fn client(cli: &Cli, id: &str, name: &str) -> String {
    let c = cli.ok(
        &[
            "client",
            "create",
            "--id",
            id,
            "--name",
            name,
            "--redirect-uri",
            CB,
        ],
        None,
    );
    c["client_secret"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_nodes_share_every_flow() {
    let (_db, cli) = cluster().await;
    cli.ok(
        &["tenant", "create", "--id", "acme", "--name", "Acme"],
        None,
    );
    user_with_password(&cli, "acme", "alice");
    let secret = client(&cli, "shop", "Shop");

    // Both nodes stand behind one public issuer, as behind a load balancer.
    let issuer = "https://idp.example";
    let a = start_node(&cli, issuer).await;
    let b = start_node(&cli, issuer).await;
    let browser = TestApp::browser();

    // The authorization starts on A...
    let r = browser
        .get(format!("{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid%20offline_access&state=st", a.base, urlenc(CB)))
        .send()
        .await
        .unwrap();
    let login = location(&r);
    assert!(login.starts_with("/login/"));
    // ...the form is shown by B and submitted to A, and finishes there.
    let r = post_login_form(
        &browser,
        &format!("{}{login}", b.base),
        &format!("{}{login}", a.base),
        "acme",
        "alice",
        "correct horse battery staple",
    )
    .await;
    assert_eq!(r.status(), 303);
    let cb = location(&r);
    assert!(cb.starts_with(CB), "{cb}");
    let code = query(&cb)["code"].clone();

    // The session made on A is honoured by B.
    let r = browser
        .get(format!("{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid&prompt=none", b.base, urlenc(CB)))
        .send()
        .await
        .unwrap();
    assert!(
        query(&location(&r)).contains_key("code"),
        "B sees A's session"
    );

    let token = |node: &str, form: Vec<(&'static str, String)>| {
        let url = format!("{node}/token");
        let secret = secret.clone();
        async move {
            TestApp::http()
                .post(url)
                .basic_auth("shop", Some(secret))
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    let code_form = vec![
        ("grant_type", "authorization_code".to_owned()),
        ("code", code.clone()),
        ("redirect_uri", CB.to_owned()),
    ];
    // Issued by A, redeemed on B.
    let r = token(&b.base, code_form.clone()).await;
    assert_eq!(r.status(), 200);
    let t: serde_json::Value = r.json().await.unwrap();
    // Replayed on A: refused, and B refuses the access token it issued.
    let r = token(&a.base, code_form).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["error"],
        "invalid_grant"
    );
    let ui = TestApp::http()
        .get(format!("{}/userinfo", b.base))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), 401);

    // A fresh sign-in for the refresh-token replay.
    let r = browser
        .get(format!("{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid%20offline_access", b.base, urlenc(CB)))
        .send()
        .await
        .unwrap();
    let code = query(&location(&r))["code"].clone();
    let t: serde_json::Value = token(
        &a.base,
        vec![
            ("grant_type", "authorization_code".into()),
            ("code", code),
            ("redirect_uri", CB.into()),
        ],
    )
    .await
    .json()
    .await
    .unwrap();
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    let refresh = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", rt.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect::<Vec<_>>();
    assert_eq!(
        token(&b.base, refresh.clone()).await.status(),
        200,
        "refreshed on B"
    );
    let r = token(&a.base, refresh).await;
    assert_eq!(r.status(), 400, "the same refresh token replayed on A");
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["error"],
        "invalid_grant"
    );

    // A change made with the CLI reaches the running nodes within the cache TTL (5 s).
    let r = browser
        .get(format!(
            "{}/authorize?response_type=code&client_id=late&redirect_uri={}&scope=openid",
            a.base,
            urlenc(CB)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "an unknown client");
    client(&cli, "late", "Late");
    let mut seen = false;
    for _ in 0..70 {
        let r = TestApp::browser()
            .get(format!(
                "{}/authorize?response_type=code&client_id=late&redirect_uri={}&scope=openid",
                a.base,
                urlenc(CB)
            ))
            .send()
            .await
            .unwrap();
        if r.status() == 303 {
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        seen,
        "a client created by the CLI is seen by a running node within a few seconds"
    );
    drop(a);
    drop(b);
}

/// The second factor across nodes: the password typed on A, the enrollment page served by B,
/// its code accepted by A; later a code accepted by B is refused as a replay on A.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_nodes_share_the_second_factor() {
    use crate::harness::element_text;
    use idp_mfa_policy::totp::TotpKey;
    let (_db, cli) = cluster().await;
    cli.ok(
        &[
            "tenant",
            "create",
            "--id",
            "secure",
            "--name",
            "Secure",
            "--two-factor",
            "required",
            "--methods",
            "totp",
        ],
        None,
    );
    user_with_password(&cli, "secure", "bob");
    client(&cli, "shop", "Shop");
    let issuer = "https://idp.example";
    let a = start_node(&cli, issuer).await;
    let b = start_node(&cli, issuer).await;

    // Password on `first`, then the factor page and its form as `page` serves them, the code
    // posted to `post`. Returns the final response.
    let sign_in = |browser: reqwest::Client, first: String, page: String, post: String| async move {
        let r = browser
            .get(format!("{first}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid&state=s", urlenc(CB)))
            .send()
            .await
            .unwrap();
        let login = location(&r);
        let url = format!("{first}{login}");
        let r = post_login_form(
            &browser,
            &url,
            &url,
            "secure",
            "bob",
            "correct horse battery staple",
        )
        .await;
        let factor = location(&r);
        assert!(factor.ends_with("/factor"), "{factor}");
        let html = browser
            .get(format!("{page}{factor}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (browser, factor, html, post)
    };
    let post_code = |browser: reqwest::Client, url: String, html: String, code: String| async move {
        let csrf = form_value(&html, "csrf").unwrap();
        browser
            .post(url)
            .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
            .send()
            .await
            .unwrap()
    };
    // The nodes run on the system clock.
    let now = || idp_domain::Clock::now(&idp_domain::clock::SystemClock) as u64;

    // Enrollment: password on A, QR page from B, code to A.
    let (browser, factor, html, post) = sign_in(
        TestApp::browser(),
        a.base.clone(),
        b.base.clone(),
        a.base.clone(),
    )
    .await;
    let key =
        TotpKey::from_base32(&element_text(&html, "totp-secret").expect("B shows A's enrollment"))
            .unwrap();
    let code = key.code_at(now());
    let r = post_code(browser, format!("{post}{factor}"), html, code.clone()).await;
    assert_eq!(r.status(), 303);
    assert!(
        location(&r).starts_with(CB),
        "signed in after enrolling across nodes"
    );

    // Next sign-in: wait for the next step, accept its code on B...
    while key.code_at(now()) == code {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let next = key.code_at(now());
    let (browser, factor, html, post) = sign_in(
        TestApp::browser(),
        b.base.clone(),
        b.base.clone(),
        b.base.clone(),
    )
    .await;
    let r = post_code(browser, format!("{post}{factor}"), html, next.clone()).await;
    assert_eq!(r.status(), 303);
    // ...and the same code in another sign-in on A is a replay.
    let (browser, factor, html, post) = sign_in(
        TestApp::browser(),
        a.base.clone(),
        a.base.clone(),
        a.base.clone(),
    )
    .await;
    let r = post_code(browser, format!("{post}{factor}"), html, next).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("already used"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sso_across_nodes() {
    use crate::sso::SamlIdp;
    let (_db, cli) = cluster().await;
    cli.ok(
        &["tenant", "create", "--id", "acme", "--name", "Acme"],
        None,
    );
    let secret = client(&cli, "shop", "Shop");
    let idp = SamlIdp::start(1).await;
    let port_a = free_port();
    let issuer = format!("http://127.0.0.1:{port_a}");
    let mut cli = cli;
    cli.env.push(("IDP_SERVER__ISSUER".into(), issuer.clone()));
    let meta = format!("{}/metadata", idp.base);
    cli.ok(
        &[
            "sso",
            "configure",
            "--tenant",
            "acme",
            "--metadata-url",
            &meta,
            "--domain",
            "corp.example",
            "--jit",
            "--idp-initiated",
            "http://127.0.0.1:3901/start",
        ],
        None,
    );
    let a = start_node_at(&cli, port_a, &issuer).await;
    let b = start_node(&cli, &issuer).await;
    // The IdP trusts the SP metadata one node publishes.
    let r = TestApp::http()
        .get(format!("{}/saml/acme/metadata", a.base))
        .send()
        .await
        .unwrap();
    let sp = r.text().await.unwrap();
    TestApp::http()
        .post(format!("{}/sp", idp.base))
        .body(sp)
        .send()
        .await
        .unwrap();

    // Started on A, sent to the IdP by B, answered on A.
    let browser = TestApp::browser();
    let r = browser
        .get(format!("{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid&state=st&login_hint=ann%40corp.example", a.base, urlenc(CB)))
        .send()
        .await
        .unwrap();
    let login = location(&r);
    let r = browser
        .get(format!("{}{login}", b.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to_idp = location(&r);
    assert!(to_idp.starts_with(&idp.base), "{to_idp}");
    let (_, response, relay) = crate::sso::idp_answer(&browser, &to_idp).await;
    let post = |node: &str, response: &str, relay: &str| {
        let url = format!("{node}/saml/acme/acs");
        let form = vec![
            ("SAMLResponse", response.to_owned()),
            ("RelayState", relay.to_owned()),
        ];
        let browser = browser.clone();
        async move { browser.post(url).form(&form).send().await.unwrap() }
    };
    let r = post(&a.base, &response, &relay).await;
    assert_eq!(r.status(), 303);
    let cb = location(&r);
    assert!(
        cb.starts_with(CB) && query(&cb).contains_key("code"),
        "{cb}"
    );
    // The same answer on B: refused (its request was taken on A).
    let r = post(&b.base, &response, &relay).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("<code>no_request</code>"));

    // An unsolicited response accepted on B and replayed on A: the replay table is shared.
    let minted: serde_json::Value = TestApp::http()
        .post(format!("{}/mint", idp.base))
        .json(&serde_json::json!({
            "in_response_to": null,
            "sp_entity_id": format!("{issuer}/saml/acme"),
            "acs": format!("{issuer}/saml/acme/acs"),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let unsolicited = minted["base64"].as_str().unwrap();
    let r = post(&b.base, unsolicited, "").await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let r = post(&a.base, unsolicited, "").await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("<code>replay</code>"));
    let _ = secret;
}

/// The admin console on two nodes: signed in through one, the other honours the console
/// session; a change made on one is seen on the other; the 30-minute idle clock lives in the
/// database, so a console idle that long asks for a sign-in again on every node.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_console_across_nodes() {
    let (db, cli) = cluster().await;
    cli.ok(
        &["tenant", "create", "--id", "acme", "--name", "Acme"],
        None,
    );
    cli.ok(
        &[
            "user",
            "create",
            "--tenant",
            "acme",
            "--username",
            "tina",
            "--email",
            "tina@acme.example",
            "--password-stdin",
            "--role",
            "tenant-admin",
        ],
        Some("correct horse battery staple"),
    );
    let port_a = free_port();
    let issuer = format!("http://127.0.0.1:{port_a}");
    let a = start_node_at(&cli, port_a, &issuer).await;
    let b = start_node(&cli, &issuer).await;
    // One browser: cookies are the host's (127.0.0.1), whatever the port, as behind one
    // load balancer.
    let browser = TestApp::browser();
    let r = browser
        .get(format!("{}/admin", b.base))
        .send()
        .await
        .unwrap();
    let authorize = location(&r);
    assert!(authorize.contains("client_id=idp-admin"), "{authorize}");
    let r = browser
        .get(format!("{}{authorize}", b.base))
        .send()
        .await
        .unwrap();
    let login = location(&r);
    let r = post_login_form(
        &browser,
        &format!("{}{login}", b.base),
        &format!("{}{login}", a.base),
        "acme",
        "tina",
        "correct horse battery staple",
    )
    .await;
    let cb = location(&r);
    assert!(cb.starts_with(&format!("{issuer}/admin/callback?")), "{cb}");
    let r = browser.get(&cb).send().await.unwrap();
    assert_eq!(r.status(), 303);

    // Node B shows the console to the session made through A, and a change saved on B is
    // what A shows.
    let page = |node: &str, path: &str| {
        let url = format!("{node}{path}");
        let browser = &browser;
        async move {
            let r = browser.get(url).send().await.unwrap();
            let status = r.status().as_u16();
            let to = r
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            (status, to, r.text().await.unwrap())
        }
    };
    let (s, _, html) = page(&b.base, "/admin/t/acme/security").await;
    assert_eq!(s, 200, "{html}");
    let csrf = form_value(&html, "csrf").unwrap();
    let r = browser
        .post(format!("{}/admin/t/acme/security", b.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("two_factor", "required"),
            ("method_totp", "1"),
            ("lockout_threshold", "7"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin/t/acme/security?done=security");
    // A's tenant cache lasts 5 s at most.
    tokio::time::sleep(std::time::Duration::from_millis(5_200)).await;
    let (s, _, html) = page(&a.base, "/admin/t/acme/security").await;
    assert_eq!(s, 200);
    assert!(html.contains("value=\"7\""), "{html}");

    // Idle for 31 minutes (the clock in the database): both nodes ask for a fresh sign-in.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    sqlx::query("UPDATE sessions SET admin_seen_at = admin_seen_at - 1860")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    for node in [&a.base, &b.base] {
        let (s, to, _) = page(node, "/admin/t/acme/users").await;
        assert_eq!(s, 303, "{node}");
        let to = to.unwrap();
        assert!(
            to.contains("client_id=idp-admin") && to.contains("prompt=login"),
            "{node}: {to}"
        );
    }
}
