//! SSO through a real SAML identity provider: pysaml2 (tests/support/saml_idp.py), run by
//! each test, signing with xmlsec1. Metadata goes both ways as in a deployment: `idp sso
//! configure --metadata-url` imports the IdP's, and the IdP loads ours from
//! `/saml/{tenant}/metadata`. Flows go through the real pages and end in tokens that the
//! `openidconnect` crate verifies.

use crate::both;
use crate::flow::{start, Started};
use crate::harness::*;
use openidconnect::{AuthorizationCode, TokenResponse};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const CB: &str = "http://127.0.0.1:3901/cb";
pub const EMAIL_CLAIM: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

/// The pysaml2 IdP, killed when dropped.
pub struct SamlIdp {
    child: Child,
    pub base: String,
}

impl Drop for SamlIdp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SamlIdp {
    pub async fn start(signing_keys: usize) -> SamlIdp {
        Self::start_with(signing_keys, &[]).await
    }

    pub async fn start_with(signing_keys: usize, extra: &'static [&'static str]) -> SamlIdp {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/saml_idp.py");
        tokio::task::spawn_blocking(move || {
            let mut child = Command::new("python3")
                .args([script, "--port", "0", "--signing-keys"])
                .arg(signing_keys.to_string())
                .args(extra)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("python3 runs the test IdP (scripts/setup installs pysaml2)");
            let mut line = String::new();
            let out = child.stdout.take().unwrap();
            BufReader::new(out).read_line(&mut line).unwrap();
            let base = line
                .strip_prefix("READY ")
                .unwrap_or_else(|| panic!("the test IdP did not start: {line:?}"))
                .trim()
                .to_owned();
            SamlIdp { child, base }
        })
        .await
        .unwrap()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let r = TestApp::http()
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status.is_success(), "test IdP {path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// How every later sign-in answers (the script's defaults plus these fields).
    pub async fn behave(&self, v: Value) {
        self.post("/behave", v).await;
    }

    /// A response for `tenant`'s SP minted directly (for attacks), base64.
    pub async fn mint(
        &self,
        app: &TestApp,
        tenant: &str,
        in_response_to: Option<&str>,
        v: Value,
    ) -> String {
        let mut body = v;
        body["in_response_to"] = json!(in_response_to);
        body["sp_entity_id"] = json!(app.url(&format!("/saml/{tenant}")));
        body["acs"] = json!(app.url(&format!("/saml/{tenant}/acs")));
        self.post("/mint", body).await["base64"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn last_request(&self) -> Value {
        TestApp::http()
            .get(format!("{}/last-request", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Loads our SP metadata for `tenant`, fetched from the real endpoint.
    pub async fn trust(&self, app: &TestApp, tenant: &str) {
        let r = TestApp::http()
            .get(app.url(&format!("/saml/{tenant}/metadata")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/samlmetadata+xml");
        let xml = r.text().await.unwrap();
        let r = TestApp::http()
            .post(format!("{}/sp", self.base))
            .header("content-type", "application/xml")
            .body(xml)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }
}

/// `idp sso configure` through the real binary, then the IdP trusts our metadata.
pub async fn configure(app: &TestApp, idp: &SamlIdp, tenant: &str, domain: &str, extra: &[&str]) {
    let url = format!("{}/metadata", idp.base);
    let mut args = vec![
        "sso",
        "configure",
        "--tenant",
        tenant,
        "--metadata-url",
        &url,
        "--domain",
        domain,
    ];
    args.extend_from_slice(extra);
    let out = app.cli().run(&args, None);
    assert!(
        out.status.success(),
        "idp sso configure: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.state.provider.store.invalidate_caches();
    idp.trust(app, tenant).await;
}

/// An app with tenant `acme` on SSO (domain corp.example, JIT on) and the client `shop`.
pub async fn sso_app(db: Db, extra: &[&str]) -> (TestApp, SamlIdp, Rp) {
    let app = TestApp::spawn(db).await;
    app.tenant("acme").await;
    let idp = SamlIdp::start(1).await;
    configure(&app, &idp, "acme", "corp.example", extra).await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    (app, idp, rp)
}

/// The IdP's answer to a redirect to it, as its page would post it: (ACS URL,
/// SAMLResponse, RelayState).
pub async fn idp_answer(browser: &reqwest::Client, idp_url: &str) -> (String, String, String) {
    let html = browser
        .get(idp_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let action = html
        .split("action=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no form on the IdP page: {html}"))
        .to_owned();
    let response = form_value(&html, "SAMLResponse").unwrap();
    (
        action,
        response,
        form_value(&html, "RelayState").unwrap_or_default(),
    )
}

/// The IdP's page for a redirect to it, and the ACS's answer to its form.
pub async fn through_idp(browser: &reqwest::Client, idp_url: &str) -> reqwest::Response {
    let (action, response, relay) = idp_answer(browser, idp_url).await;
    let mut form = vec![("SAMLResponse", response)];
    if !relay.is_empty() {
        form.push(("RelayState", relay));
    }
    browser.post(action).form(&form).send().await.unwrap()
}

/// From the application's authorization URL to the redirect to the IdP: straight there, or
/// through "Sign in with SSO" with `email`.
pub async fn to_idp(
    app: &TestApp,
    browser: &reqwest::Client,
    auth_url: &str,
    email: &str,
) -> String {
    let r = browser.get(auth_url).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let login = app.url(&location(&r));
    let r = browser.get(&login).send().await.unwrap();
    if r.status() == 303 {
        return location(&r);
    }
    let sso = format!("{login}/sso");
    let html = browser
        .get(&sso)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"email\""), "{html}");
    let csrf = form_value(&html, "csrf").unwrap();
    let r = browser
        .post(&sso)
        .form(&[("csrf", csrf.as_str()), ("email", email)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    location(&r)
}

/// A whole SSO sign-in; returns the ACS's answer.
pub async fn sso_sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    auth_url: &str,
    email: &str,
) -> reqwest::Response {
    let idp_url = to_idp(app, browser, auth_url, email).await;
    through_idp(browser, &idp_url).await
}

/// The callback's code redeemed by the RP and its ID token verified: (sub, acr, amr).
pub async fn tokens_of(
    rp: &Rp,
    s: Started,
    acs_answer: reqwest::Response,
) -> (String, String, Vec<String>) {
    let status = acs_answer.status();
    let cb = location(&acs_answer);
    assert_eq!(status, 303, "{}", acs_answer.text().await.unwrap());
    assert!(cb.starts_with(CB), "{cb}");
    let q = query(&cb);
    assert_eq!(q["state"], *s.state.secret());
    let tokens = rp
        .exchange_code(AuthorizationCode::new(q["code"].clone()))
        .unwrap()
        .set_pkce_verifier(s.verifier)
        .request_async(&TestApp::http())
        .await
        .unwrap();
    let claims = tokens
        .id_token()
        .unwrap()
        .claims(&rp.id_token_verifier(), &s.nonce)
        .unwrap()
        .clone();
    let amr = claims
        .auth_method_refs()
        .map(|v| v.iter().map(|a| a.as_str().to_owned()).collect())
        .unwrap_or_default();
    (
        claims.subject().as_str().to_owned(),
        claims.auth_context_ref().unwrap().as_str().to_owned(),
        amr,
    )
}

async fn page_text(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

async fn sso_user_who_had_totp(db: Db) {
    // A password tenant that required TOTP, and a user who enrolled it...
    let app = TestApp::spawn(db).await;
    let acme = app
        .tenant_with(
            "acme",
            idp_domain::TenantSettings {
                two_factor: idp_domain::TwoFactor::Required,
                ..Default::default()
            },
        )
        .await;
    let ann = app.user(&acme, "ann", "correct horse battery staple").await;
    app.activate_factor(&acme, "ann", idp_domain::Method::Totp)
        .await;
    // ...then the switch to SSO, without JIT: ann is matched by her e-mail.
    let idp = SamlIdp::start(1).await;
    configure(&app, &idp, "acme", "corp.example", &[]).await;
    let store = &app.state.provider.store;
    let user = store.user_by_username(&acme, "ann").await.unwrap().unwrap();
    assert_eq!(user.email, "ann@acme.example");
    // The harness gave ann another address; the IdP asserts her work one.
    sqlx_set_email(&app, "ann", "ann@corp.example").await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;

    let browser = TestApp::browser();
    let s = start(&rp, &["email"]);
    let r = sso_sign_in(&app, &browser, &s.url, "ann@corp.example").await;
    let (sub, acr, amr) = tokens_of(&rp, s, r).await;
    assert_eq!(sub, ann, "the existing account, found by e-mail");
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    assert_eq!(amr, ["fed"], "no local second factor was asked");
    // Her factor is dormant, not gone.
    assert_eq!(
        store.active_methods(&acme, &user.id).await.unwrap(),
        [idp_domain::Method::Totp]
    );
    // The password form now says to use SSO.
    let s = start(&rp, &[]);
    let fresh = TestApp::browser();
    let r = fresh.get(&s.url).send().await.unwrap();
    let html = app
        .submit_login(
            &fresh,
            &location(&r),
            "acme",
            "ann",
            "correct horse battery staple",
        )
        .await
        .unwrap_err();
    assert!(html.contains("SSO"), "{html}");
    assert!(
        html.contains("Sign in with SSO"),
        "the button is offered: {html}"
    );
    app.stop().await;
}
both!(
    sso_signs_in_without_the_old_second_factor,
    sso_user_who_had_totp
);

pub async fn sqlx_set_email(app: &TestApp, username: &str, email: &str) {
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    sqlx::query("UPDATE users SET email = $1 WHERE username = $2")
        .bind(email)
        .bind(username)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

async fn jit_then_same_sub(db: Db) {
    let (app, _idp, rp) = sso_app(db, &["--jit"]).await;
    let mut subs = Vec::new();
    for _ in 0..2 {
        // A fresh browser each time: no session to reuse, the IdP is asked again.
        let browser = TestApp::browser();
        let s = start(&rp, &["email"]);
        let url = s.url.clone();
        let (sub, _, amr) = tokens_of(
            &rp,
            s,
            sso_sign_in(&app, &browser, &url, "ann@corp.example").await,
        )
        .await;
        assert_eq!(amr, ["fed"]);
        subs.push(sub);
    }
    assert_eq!(subs[0], subs[1], "the same account the second time");
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let user = app
        .state
        .provider
        .store
        .user_by_username(&acme, "ann@corp.example")
        .await
        .unwrap()
        .expect("created just in time");
    assert_eq!(user.id.as_str(), subs[0]);
    assert!(user.email_confirmed && !user.has_password());
    assert_eq!(user.name.as_deref(), Some("Ann Example"));
    app.stop().await;
}
both!(jit_creates_the_user_once, jit_then_same_sub);

/// The callback of a whole SSO sign-in as `behaviour` makes the IdP answer.
async fn signs_in_with(
    app: &TestApp,
    idp: &SamlIdp,
    rp: &Rp,
    behaviour: Value,
) -> (String, String, Vec<String>) {
    idp.behave(behaviour).await;
    let browser = TestApp::browser();
    let s = start(rp, &[]);
    let url = s.url.clone();
    tokens_of(
        rp,
        s,
        sso_sign_in(app, &browser, &url, "ann@corp.example").await,
    )
    .await
}

async fn signature_placements(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    for (response, assertion) in [(false, true), (true, false), (true, true)] {
        let b = json!({"sign_response": response, "sign_assertion": assertion});
        let (_, acr, _) = signs_in_with(&app, &idp, &rp, b).await;
        assert_eq!(
            acr,
            idp_oidc::ACR_FEDERATED,
            "response {response}, assertion {assertion}"
        );
    }
    // Neither: refused, with words and the check for support.
    idp.behave(json!({"sign_response": false, "sign_assertion": false}))
        .await;
    let s = start(&rp, &[]);
    let (status, html) =
        page_text(sso_sign_in(&app, &TestApp::browser(), &s.url, "ann@corp.example").await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("could not be verified") && html.contains("invalid_signature"),
        "{html}"
    );
    app.stop().await;
}
both!(signed_response_assertion_or_both, signature_placements);

async fn encrypted_assertions(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit", "--encrypted-assertions"]).await;
    let meta = TestApp::http()
        .get(app.url("/saml/acme/metadata"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(meta.contains("use=\"encryption\"") && meta.contains("use=\"signing\""));
    // ADFS's default: a signed assertion, encrypted, in an unsigned Response; AES-256-CBC and
    // RSA-OAEP with an explicit SHA-1 digest, as ADFS writes it. Then GCM, and both signed.
    for b in [
        json!({"encrypt_assertion": true, "oaep_digest_method": true}),
        json!({"encrypt_assertion": true, "encrypt_block": "aes128-cbc"}),
        json!({"encrypt_assertion": true, "encrypt_block": "aes256-gcm"}),
        json!({"encrypt_assertion": true, "encrypt_block": "aes128-gcm", "sign_response": true}),
    ] {
        let (_, acr, _) = signs_in_with(&app, &idp, &rp, b.clone()).await;
        assert_eq!(acr, idp_oidc::ACR_FEDERATED, "{b}");
    }
    // An encrypted assertion without its own signature is refused, even in a signed Response.
    idp.behave(json!({"encrypt_assertion": true, "sign_assertion": false, "sign_response": true}))
        .await;
    let s = start(&rp, &[]);
    let (status, html) =
        page_text(sso_sign_in(&app, &TestApp::browser(), &s.url, "ann@corp.example").await).await;
    assert_eq!(status, 400, "{html}");
    // One refusal for everything after decryption (no padding oracle).
    assert!(html.contains("invalid_decryption"), "{html}");
    app.stop().await;
}
both!(encrypted_assertions_in_adfs_shape, encrypted_assertions);

async fn rollover(db: Db) {
    let app = TestApp::spawn(db).await;
    app.tenant("acme").await;
    let idp = SamlIdp::start(2).await;
    configure(&app, &idp, "acme", "corp.example", &["--jit"]).await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    for key in [0, 1] {
        let (_, acr, _) = signs_in_with(&app, &idp, &rp, json!({"signing_key": key})).await;
        assert_eq!(
            acr,
            idp_oidc::ACR_FEDERATED,
            "signed with the metadata's key {key}"
        );
    }
    idp.behave(json!({"signing_key": "rogue"})).await;
    let s = start(&rp, &[]);
    let (status, html) =
        page_text(sso_sign_in(&app, &TestApp::browser(), &s.url, "ann@corp.example").await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("invalid_signature"),
        "a key not in the metadata: {html}"
    );
    app.stop().await;
}
both!(every_signing_certificate_of_the_metadata_counts, rollover);

async fn discovery(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    // An unknown domain: a clear message that names no domain.
    let browser = TestApp::browser();
    let s = start(&rp, &[]);
    let r = browser.get(&s.url).send().await.unwrap();
    let login = app.url(&location(&r));
    let html = browser
        .get(&login)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sign in with SSO"));
    let sso = format!("{login}/sso");
    let page = browser
        .get(&sso)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = form_value(&page, "csrf").unwrap();
    let html = browser
        .post(&sso)
        .form(&[("csrf", csrf.as_str()), ("email", "zoe@elsewhere.example")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("No single sign-on is set up for this e-mail domain"),
        "{html}"
    );
    assert!(
        !html.contains("corp.example"),
        "no claimed domain is named: {html}"
    );
    let html = browser
        .post(&sso)
        .form(&[("csrf", csrf.as_str()), ("email", "not an address")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Enter your work e-mail address"), "{html}");

    // login_hint and domain_hint go straight to the IdP; the hint reaches no Subject.
    for extra in [
        "&login_hint=ann%40corp.example",
        "&domain_hint=corp.example",
    ] {
        let b = TestApp::browser();
        let s = start(&rp, &[]);
        let r = b.get(format!("{}{extra}", s.url)).send().await.unwrap();
        let r = b.get(app.url(&location(&r))).send().await.unwrap();
        assert_eq!(r.status(), 303, "{extra}");
        let to = location(&r);
        assert!(to.starts_with(&idp.base), "{extra}: {to}");
        let (sub, _, _) = tokens_of(&rp, s, through_idp(&b, &to).await).await;
        assert!(!sub.is_empty());
        let last = idp.last_request().await;
        assert_eq!(last["has_subject"], false);
        assert_eq!(last["force_authn"], false);
    }
    // prompt=login asks the IdP to authenticate again.
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let to = to_idp(
        &app,
        &b,
        &format!("{}&prompt=login", s.url),
        "ann@corp.example",
    )
    .await;
    through_idp(&b, &to).await;
    assert_eq!(idp.last_request().await["force_authn"], true);

    // A client bound to the SSO tenant sends its users to the IdP without a question.
    app.client(ClientSpec {
        tenant: Some("acme"),
        ..ClientSpec::confidential("intranet", CB)
    })
    .await;
    let bound = app.rp("intranet", Some("unused"), CB).await;
    let b = TestApp::browser();
    let s = start(&bound, &[]);
    let r = b.get(&s.url).send().await.unwrap();
    let r = b.get(app.url(&location(&r))).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with(&idp.base));
    app.stop().await;
}
both!(home_realm_discovery_and_hints, discovery);

async fn idp_error(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    idp.behave(json!({
        "status": "urn:oasis:names:tc:SAML:2.0:status:Responder",
        "sub_status": "urn:oasis:names:tc:SAML:2.0:status:RequestDenied",
        "status_message": "user not assigned"
    }))
    .await;
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let (status, html) = page_text(sso_sign_in(&app, &b, &s.url, "ann@corp.example").await).await;
    assert_eq!(status, 400);
    assert!(html.contains("refused the request"), "{html}");
    assert!(
        html.contains("RequestDenied"),
        "the status for support: {html}"
    );
    assert!(
        html.contains("Try again") && html.contains("/sso\""),
        "{html}"
    );
    assert!(!html.contains("/branding/"), "no branding set: {html}");
    // After home-realm discovery the company is known: its error page carries its colour.
    let store = &app.state.provider.store;
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let mut t = (*store.tenant(&acme).await.unwrap().unwrap()).clone();
    t.settings.branding.accent_color = Some("#7a1f5c".into());
    store.update_tenant(&t).await.unwrap();
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let (_, html) = page_text(sso_sign_in(&app, &b, &s.url, "ann@corp.example").await).await;
    assert!(html.contains("/branding/acme/theme.css?v=7a1f5c"), "{html}");
    app.stop().await;
}
both!(an_idp_error_status_is_explained, idp_error);

/// The IdP's form for a sign-in started in `browser`: (ACS URL, SAMLResponse, RelayState).
async fn idp_form(app: &TestApp, browser: &reqwest::Client, rp: &Rp) -> (String, String, String) {
    let s = start(rp, &[]);
    let to = to_idp(app, browser, &s.url, "ann@corp.example").await;
    idp_answer(browser, &to).await
}

async fn post_acs(
    browser: &reqwest::Client,
    acs: &str,
    response: &str,
    relay: &str,
) -> (u16, String) {
    let r = browser
        .post(acs)
        .form(&[("SAMLResponse", response), ("RelayState", relay)])
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let loc = location(&r);
    let body = r.text().await.unwrap();
    (status, if status == 303 { loc } else { body })
}

fn refused_with(answer: &(u16, String), code: &str) {
    assert_ne!(
        answer.0, 303,
        "signed in, though it should be refused ({code})"
    );
    assert!(
        answer.1.contains(&format!("<code>{code}</code>")),
        "expected {code}: {}",
        answer.1
    );
}

async fn bad_values(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    let b = TestApp::browser();
    let acs = app.url("/saml/acme/acs");
    for (behaviour, code) in [
        (
            json!({"audience_override": "https://other.example/sp"}),
            "invalid_audience",
        ),
        (
            json!({"recipient_override": "https://other.example/acs"}),
            "invalid_recipient",
        ),
        (
            json!({"destination_override": "https://other.example/acs"}),
            "invalid_destination",
        ),
        (
            json!({"issuer_override": "https://other-idp.example"}),
            "invalid_issuer",
        ),
        (json!({"clock_offset_seconds": -900}), "invalid_time"),
        (json!({"clock_offset_seconds": 900}), "invalid_time"),
        // The bearer confirmation expired, the Conditions still valid.
        (
            json!({"clock_offset_seconds": -400, "lifetime_seconds": 3600, "confirmation_lifetime_seconds": 60}),
            "invalid_time",
        ),
        (
            json!({"attributes": {}, "name_id_format": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "name_id": "abc123"}),
            "no_email",
        ),
        (
            json!({"attributes": {EMAIL_CLAIM: ["ann@evil.example"]}}),
            "domain_not_claimed",
        ),
    ] {
        idp.behave(behaviour.clone()).await;
        let (acs_url, resp, relay) = idp_form(&app, &b, &rp).await;
        assert_eq!(acs_url, acs);
        refused_with(&post_acs(&b, &acs, &resp, &relay).await, code);
    }
    // Within the skew (3 minutes by default), a clock that is off still signs in.
    idp.behave(json!({"clock_offset_seconds": 120})).await;
    let (_, resp, relay) = idp_form(&app, &b, &rp).await;
    assert_eq!(post_acs(&b, &acs, &resp, &relay).await.0, 303);
    // Refusals are audited with their check.
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 100)
        .await
        .unwrap();
    assert!(events
        .iter()
        .any(|e| e.event == "sso.refused" && e.detail.as_deref() == Some("invalid_audience")));
    assert!(events
        .iter()
        .any(|e| e.event == "sign_in.success" && e.detail.as_deref() == Some("sso")));
    // A flood of junk from one address fills no audit log.
    for _ in 0..30 {
        post_acs(&b, &acs, "PHNhbWxwOlJlc3BvbnNlLz4=", "x").await;
    }
    let events = app
        .state
        .provider
        .store
        .audit_events("acme", 1000)
        .await
        .unwrap();
    let refused = events.iter().filter(|e| e.event == "sso.refused").count();
    assert!(
        refused <= 20,
        "{refused} refusals audited from one address within a minute"
    );
    app.stop().await;
}
both!(
    wrong_audience_recipient_issuer_and_times_are_refused,
    bad_values
);

async fn bound_requests(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    let acs = app.url("/saml/acme/acs");
    // Another browser posting this browser's answer: refused, and the request is spent.
    let victim = TestApp::browser();
    let (_, resp, relay) = idp_form(&app, &victim, &rp).await;
    let attacker = TestApp::browser();
    refused_with(
        &post_acs(&attacker, &acs, &resp, &relay).await,
        "other_browser",
    );
    refused_with(&post_acs(&victim, &acs, &resp, &relay).await, "no_request");

    // An answer to one request posted with another request's RelayState.
    let b = TestApp::browser();
    let (_, resp1, _) = idp_form(&app, &b, &rp).await;
    let (_, _, relay2) = idp_form(&app, &b, &rp).await;
    refused_with(&post_acs(&b, &acs, &resp1, &relay2).await, "no_request");

    // Replayed on the same node after a successful sign-in.
    let b = TestApp::browser();
    let (_, resp, relay) = idp_form(&app, &b, &rp).await;
    assert_eq!(post_acs(&b, &acs, &resp, &relay).await.0, 303);
    refused_with(&post_acs(&b, &acs, &resp, &relay).await, "no_request");

    // A response to a request never sent here (minted for a made-up ID).
    let forged = idp.mint(&app, "acme", Some("_never-sent"), json!({})).await;
    refused_with(&post_acs(&b, &acs, &forged, "x").await, "no_request");

    // Unsolicited, while that is disabled.
    let unsolicited = idp.mint(&app, "acme", None, json!({})).await;
    refused_with(&post_acs(&b, &acs, &unsolicited, "").await, "unsolicited");
    app.stop().await;
}
both!(
    responses_answer_a_request_of_this_browser_once,
    bound_requests
);

async fn cross_tenant(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    app.tenant("beta").await;
    configure(&app, &idp, "beta", "beta.example", &["--jit"]).await;
    // A valid answer for acme, posted to beta's ACS: audience and recipient are acme's.
    let b = TestApp::browser();
    let (_, resp, relay) = idp_form(&app, &b, &rp).await;
    let (status, html) = post_acs(&b, &app.url("/saml/beta/acs"), &resp, &relay).await;
    assert_ne!(status, 303);
    assert!(html.contains("invalid_"), "{html}");
    // A domain is claimed by one tenant only.
    let url = format!("{}/metadata", idp.base);
    let out = app.cli().run(
        &[
            "sso",
            "configure",
            "--tenant",
            "beta",
            "--metadata-url",
            &url,
            "--domain",
            "corp.example",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("corp.example") && err.contains("taken"),
        "{err}"
    );
    let out = app.cli().run(
        &[
            "sso",
            "configure",
            "--tenant",
            "beta",
            "--metadata-url",
            &url,
            "--domain",
            "*.corp.example",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "an overlapping wildcard claim is refused too"
    );
    app.stop().await;
}
both!(
    a_response_for_one_tenant_is_refused_at_another,
    cross_tenant
);

async fn unsolicited_enabled(db: Db) {
    let (app, idp, _rp) = sso_app(
        db,
        &["--jit", "--idp-initiated", "http://127.0.0.1:3901/start"],
    )
    .await;
    let b = TestApp::browser();
    let acs = app.url("/saml/acme/acs");
    let resp = idp.mint(&app, "acme", None, json!({})).await;
    let (status, to) = post_acs(&b, &acs, &resp, "").await;
    assert_eq!(status, 303, "{to}");
    assert_eq!(to, "http://127.0.0.1:3901/start");
    // The same checks apply: a replay is refused...
    refused_with(&post_acs(&b, &acs, &resp, "").await, "replay");
    // ...and so is a wrong audience.
    let bad = idp
        .mint(
            &app,
            "acme",
            None,
            json!({"audience_override": "https://x.example"}),
        )
        .await;
    refused_with(
        &post_acs(&TestApp::browser(), &acs, &bad, "").await,
        "invalid_audience",
    );
    app.stop().await;
}
both!(
    unsolicited_responses_only_where_enabled,
    unsolicited_enabled
);

async fn step_up(db: Db) {
    const MFA_CLASS: &str = "http://schemas.microsoft.com/claims/multipleauthn";
    let (app, idp, rp) = sso_app(db, &["--jit", "--requested-authn-context", MFA_CLASS]).await;
    // The application asks for MFA: the class goes upstream, and the IdP's MFA claim decides.
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let url = format!(
        "{}&acr_values={}",
        s.url,
        crate::flow::urlenc(idp_oidc::ACR_MFA)
    );
    idp.behave(json!({})).await;
    let to = to_idp(&app, &b, &url, "ann@corp.example").await;
    let (status, html) = page_text(through_idp(&b, &to).await).await;
    assert_eq!(
        idp.last_request().await["authn_contexts"],
        json!([MFA_CLASS])
    );
    assert_eq!(
        status, 403,
        "no MFA upstream: refused, never topped up locally"
    );
    assert!(
        html.contains("step_up_not_met") && html.contains("second factor"),
        "{html}"
    );

    idp.behave(json!({"attributes": {
        EMAIL_CLAIM: ["ann@corp.example"],
        "http://schemas.microsoft.com/claims/authnmethodsreferences": [
            "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password",
            MFA_CLASS
        ]
    }}))
    .await;
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let url = format!(
        "{}&acr_values={}",
        s.url,
        crate::flow::urlenc(idp_oidc::ACR_MFA)
    );
    let to = to_idp(&app, &b, &url, "ann@corp.example").await;
    let (_, acr, amr) = tokens_of(&rp, s, through_idp(&b, &to).await).await;
    assert_eq!(acr, idp_oidc::ACR_MFA);
    assert_eq!(amr, ["fed", "mfa"]);
    // Without acr_values, no class is requested.
    let s = start(&rp, &[]);
    let to = to_idp(&app, &TestApp::browser(), &s.url, "ann@corp.example").await;
    through_idp(&TestApp::browser(), &to).await;
    assert_eq!(idp.last_request().await["authn_contexts"], json!([]));

    // A session from a sign-in without upstream MFA is not reused for an MFA request.
    idp.behave(json!({})).await;
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let s_url = s.url.clone();
    tokens_of(
        &rp,
        s,
        sso_sign_in(&app, &b, &s_url, "ann@corp.example").await,
    )
    .await;
    let s = start(&rp, &[]);
    let r = b
        .get(format!(
            "{}&acr_values={}",
            s.url,
            crate::flow::urlenc(idp_oidc::ACR_MFA)
        ))
        .send()
        .await
        .unwrap();
    assert!(
        location(&r).starts_with("/login/"),
        "back to the sign-in, not a code"
    );
    app.stop().await;
}
both!(mfa_comes_from_upstream_or_not_at_all, step_up);

async fn back_to_passwords(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app
        .tenant_with(
            "acme",
            idp_domain::TenantSettings {
                two_factor: idp_domain::TwoFactor::Required,
                ..Default::default()
            },
        )
        .await;
    app.user(&acme, "ann", "correct horse battery staple").await;
    app.activate_factor(&acme, "ann", idp_domain::Method::Totp)
        .await;
    let idp = SamlIdp::start(1).await;
    configure(&app, &idp, "acme", "corp.example", &[]).await;
    let shown = app.cli().ok(&["tenant", "show", "--id", "acme"], None);
    assert_eq!(shown["settings"]["login_mode"], "sso");
    assert_eq!(
        shown["settings"]["two_factor"], "disabled",
        "dormant under SSO"
    );
    // Two-factor cannot be turned on for an SSO tenant.
    let out = app.cli().run(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--two-factor",
            "required",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // Back to passwords: the earlier mode returns, and so does ann's factor.
    let t = app.cli().ok(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--login-mode",
            "password",
        ],
        None,
    );
    assert_eq!(t["settings"]["two_factor"], "required");
    app.state.provider.store.invalidate_caches();
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let to = app
        .sign_in(&b, &s.url, "acme", "ann", "correct horse battery staple")
        .await
        .unwrap();
    assert!(
        to.ends_with("/factor"),
        "the authenticator app is asked again: {to}"
    );
    // A tenant on passwords sends no one upstream, whatever its claimed domains.
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let r = b
        .get(format!("{}&login_hint=ann%40corp.example", s.url))
        .send()
        .await
        .unwrap();
    let r = b.get(app.url(&location(&r))).send().await.unwrap();
    assert_eq!(
        r.status(),
        200,
        "the sign-in form, not a redirect to the IdP"
    );
    // And to SSO again, with the connection kept.
    let t = app.cli().ok(
        &["tenant", "update", "--id", "acme", "--login-mode", "sso"],
        None,
    );
    assert_eq!(t["settings"]["two_factor"], "disabled");
    app.stop().await;
}
both!(
    switching_back_to_passwords_wakes_the_dormant_factors,
    back_to_passwords
);

async fn sp_key_rotation(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit", "--encrypted-assertions"]).await;
    let cert_count = |xml: &str| xml.matches("use=\"signing\"").count();
    let meta = || async {
        TestApp::http()
            .get(app.url("/saml/acme/metadata"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = meta().await;
    assert_eq!(cert_count(&before), 1);
    let out = app.cli().run(
        &["sso", "rotate-sp-key", "--tenant", "acme", "--activate"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "nothing to activate yet");
    let v = app
        .cli()
        .ok(&["sso", "rotate-sp-key", "--tenant", "acme"], None);
    assert!(v["sp_next_certificate"]["sha256"].is_string());
    app.state.provider.store.invalidate_caches();
    let during = meta().await;
    assert_eq!(
        cert_count(&during),
        2,
        "the next certificate is published beside the current one"
    );
    // The IdP imports the new metadata; it encrypts to the first certificate it finds.
    idp.trust(&app, "acme").await;
    let (_, acr, _) = signs_in_with(&app, &idp, &rp, json!({"encrypt_assertion": true})).await;
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    let v = app.cli().ok(
        &["sso", "rotate-sp-key", "--tenant", "acme", "--activate"],
        None,
    );
    assert!(v["sp_next_certificate"].is_null());
    app.state.provider.store.invalidate_caches();
    let after = meta().await;
    assert_eq!(cert_count(&after), 1);
    assert_ne!(before, after, "signing and decryption moved to the new key");
    idp.trust(&app, "acme").await;
    let (_, acr, _) = signs_in_with(&app, &idp, &rp, json!({"encrypt_assertion": true})).await;
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    app.stop().await;
}
both!(
    sp_key_rotation_publishes_first_and_switches_later,
    sp_key_rotation
);

async fn metadata_refresh(db: Db) {
    let (app, idp, _rp) = sso_app(db, &["--jit"]).await;
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let store = &app.state.provider.store;
    let before = store.sso_connection(&acme).await.unwrap().unwrap();
    assert_eq!(app.state.signin.sso_refresh_metadata(0).await.unwrap(), 1);
    // The IdP goes away: the refresh fails, the last good copy stays.
    drop(idp);
    assert_eq!(app.state.signin.sso_refresh_metadata(0).await.unwrap(), 0);
    store.invalidate_caches();
    let after = store.sso_connection(&acme).await.unwrap().unwrap();
    assert_eq!(after.metadata_xml, before.metadata_xml);
    app.stop().await;
}
both!(
    a_failed_metadata_refresh_keeps_the_last_good_copy,
    metadata_refresh
);

async fn configure_refusals(db: Db) {
    let app = TestApp::spawn(db).await;
    app.tenant("acme").await;
    let dir = tempfile::tempdir().unwrap();
    let no_cert = dir.path().join("no-cert.xml");
    std::fs::write(
        &no_cert,
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.example/adfs"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sts.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
    )
    .unwrap();
    let f = no_cert.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "--tenant",
                "acme",
                "--metadata-file",
                f,
                "--domain",
                "corp.example",
            ],
            "signing certificate",
        ),
        (
            &[
                "--tenant",
                "nope",
                "--metadata-file",
                f,
                "--domain",
                "corp.example",
            ],
            "tenant `nope` does not exist",
        ),
        (
            &[
                "--tenant",
                "acme",
                "--metadata-file",
                "/nonexistent.xml",
                "--domain",
                "corp.example",
            ],
            "/nonexistent.xml",
        ),
        (
            &[
                "--tenant",
                "acme",
                "--metadata-url",
                "http://sts.example/metadata",
                "--domain",
                "corp.example",
            ],
            "https",
        ),
        (
            &[
                "--tenant",
                "acme",
                "--metadata-file",
                f,
                "--domain",
                "not a domain",
            ],
            "not a domain",
        ),
    ];
    for (args, says) in cases {
        let mut all = vec!["sso", "configure"];
        all.extend_from_slice(args);
        let out = app.cli().run(&all, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // The tenant is still on passwords, with no connection.
    let shown = app.cli().ok(&["tenant", "show", "--id", "acme"], None);
    assert_eq!(shown["settings"]["login_mode"], "password");
    let out = app.cli().run(&["sso", "show", "--tenant", "acme"], None);
    assert_eq!(out.status.code(), Some(2));
    app.stop().await;
}
both!(sso_configure_refuses_bad_input_clearly, configure_refusals);

async fn signed_requests(db: Db) {
    let app = TestApp::spawn(db).await;
    app.tenant("acme").await;
    let idp = SamlIdp::start_with(1, &["--want-signed-requests"]).await;
    configure(&app, &idp, "acme", "corp.example", &["--jit"]).await;
    let meta = TestApp::http()
        .get(app.url("/saml/acme/metadata"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(meta.contains("AuthnRequestsSigned=\"true\""), "{meta}");
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let (_, acr, _) = signs_in_with(&app, &idp, &rp, json!({})).await;
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    // pysaml2 checked our Redirect-binding signature against the certificate in our metadata.
    let last = idp.last_request().await;
    assert_eq!(last["signed"], true, "{last}");
    assert_eq!(last["signature_valid"], true, "{last}");
    assert_eq!(
        last["sig_alg"],
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    );
    assert_eq!(last["issuer"], app.url("/saml/acme"));
    assert_eq!(last["acs"], app.url("/saml/acme/acs"));
    assert!(last["relay_state"].as_str().unwrap().len() <= 80);
    app.stop().await;
}
both!(authn_requests_are_signed_when_the_idp_asks, signed_requests);

async fn review_refusals(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit", "--allow-other-domains"]).await;
    app.tenant("beta").await;
    configure(&app, &idp, "beta", "beta.example", &["--jit"]).await;
    let b = TestApp::browser();
    let acs = app.url("/saml/acme/acs");
    // acme's IdP may assert addresses outside acme's domains, but never beta's.
    idp.behave(
        json!({"name_id": "boss@beta.example", "attributes": {EMAIL_CLAIM: ["boss@beta.example"]}}),
    )
    .await;
    let (_, resp, relay) = idp_form(&app, &b, &rp).await;
    refused_with(
        &post_acs(&b, &acs, &resp, &relay).await,
        "other_tenants_domain",
    );
    // An address in no one's domain signs in, but is not marked confirmed.
    idp.behave(json!({"name_id": "zoe@nowhere.example", "attributes": {EMAIL_CLAIM: ["zoe@nowhere.example"]}}))
        .await;
    let (_, resp, relay) = idp_form(&app, &b, &rp).await;
    assert_eq!(post_acs(&b, &acs, &resp, &relay).await.0, 303);
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let store = &app.state.provider.store;
    let zoe = store
        .user_by_username(&acme, "zoe@nowhere.example")
        .await
        .unwrap()
        .unwrap();
    assert!(
        !zoe.email_confirmed,
        "the IdP vouches only within acme's own domains"
    );

    // prompt=login sends ForceAuthn; an answer authenticated before the request is refused.
    idp.behave(json!({"clock_offset_seconds": -250})).await;
    let b = TestApp::browser();
    let s = start(&rp, &[]);
    let to = to_idp(
        &app,
        &b,
        &format!("{}&prompt=login", s.url),
        "ann@corp.example",
    )
    .await;
    let (_, resp, relay) = idp_answer(&b, &to).await;
    // (still valid: NotOnOrAfter is 50 s ahead; but authenticated 250 s before the request)
    let answer = post_acs(&b, &acs, &resp, &relay).await;
    refused_with(&answer, "not_fresh");

    // An unsigned error answer cancels nothing: the real answer still signs in after it.
    idp.behave(json!({})).await;
    let b = TestApp::browser();
    let (_, resp, relay) = idp_form(&app, &b, &rp).await;
    let req_id = idp.last_request().await["id"].as_str().unwrap().to_owned();
    let error = idp
        .mint(
            &app,
            "acme",
            Some(&req_id),
            json!({"status": "urn:oasis:names:tc:SAML:2.0:status:Responder"}),
        )
        .await;
    let attacker = TestApp::browser();
    let (status, _) = post_acs(&attacker, &acs, &error, &relay).await;
    assert_eq!(status, 400);
    assert_eq!(
        post_acs(&b, &acs, &resp, &relay).await.0,
        303,
        "the pending request survived"
    );
    app.stop().await;
}
both!(refusals_from_the_security_review, review_refusals);

async fn transient_name_ids(db: Db) {
    let (app, idp, rp) = sso_app(db, &["--jit"]).await;
    let mut subs = Vec::new();
    for n in ["t-1", "t-2"] {
        // A new transient NameID each time, the same e-mail: the same account, never linked
        // to a NameID that will not come again.
        let (sub, _, _) = signs_in_with(
            &app,
            &idp,
            &rp,
            json!({"name_id": n, "name_id_format": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"}),
        )
        .await;
        subs.push(sub);
    }
    assert_eq!(subs[0], subs[1]);
    let pool = sqlx::AnyPool::connect(&app.db.url).await.unwrap();
    let linked: Vec<(Option<String>,)> = sqlx::query_as("SELECT external_id FROM users")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(
        linked,
        vec![(None,)],
        "a transient NameID is never the stable key"
    );
    pool.close().await;
    app.stop().await;
}
both!(transient_name_ids_are_never_stable_keys, transient_name_ids);

async fn start_limit(db: Db) {
    let (app, _idp, rp) = sso_app(db, &["--jit"]).await;
    // Each start records a pending request: 30 per network and minute.
    let mut codes = Vec::new();
    for _ in 0..35 {
        let b = TestApp::browser();
        let s = start(&rp, &[]);
        let r = b
            .get(format!("{}&login_hint=ann%40corp.example", s.url))
            .send()
            .await
            .unwrap();
        let r = b.get(app.url(&location(&r))).send().await.unwrap();
        codes.push(r.status().as_u16());
    }
    assert_eq!(codes.iter().filter(|c| **c == 303).count(), 30, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 429).count(), 5, "{codes:?}");
    app.stop().await;
}
both!(sso_starts_are_bounded_per_network, start_limit);

async fn concurrent_answers(db: Db) {
    let (app, _idp, rp) = sso_app(db, &["--jit"]).await;
    let b = TestApp::browser();
    let (acs, resp, relay) = idp_form(&app, &b, &rp).await;
    // The same answer posted 50 times at once, from the browser it belongs to: one sign-in.
    let posts = (0..50).map(|_| {
        let (b, acs, resp, relay) = (b.clone(), acs.clone(), resp.clone(), relay.clone());
        tokio::spawn(async move { post_acs(&b, &acs, &resp, &relay).await.0 })
    });
    let mut signed_in = 0;
    for p in posts {
        if p.await.unwrap() == 303 {
            signed_in += 1;
        }
    }
    assert_eq!(signed_in, 1);
    app.stop().await;
}
both!(
    an_answer_posted_many_times_at_once_signs_in_once,
    concurrent_answers
);

/// Hardening item 2: a lock never blocks an SSO user, whose first factor is upstream. Ann's
/// account is locked by guesses while acme still signs in with passwords; once acme is on
/// SSO, she signs in through her IdP all the same.
async fn locked_but_upstream(db: Db) {
    const PW: &str = "correct horse battery staple";
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    let ann = app.user(&acme, "ann", PW).await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let guesser = TestApp::browser();
    let login = |b: reqwest::Client, pw: String| {
        let (app, rp) = (&app, &rp);
        async move {
            let s = start(rp, &[]);
            let r = b.get(&s.url).send().await.unwrap();
            app.submit_login(&b, &location(&r), "acme", "ann", &pw)
                .await
        }
    };
    for i in 0..5 {
        assert!(login(guesser.clone(), format!("guess {i}")).await.is_err());
    }
    let html = login(TestApp::browser(), PW.into()).await.unwrap_err();
    assert!(html.contains("Too many failed attempts"), "locked: {html}");

    let idp = SamlIdp::start(1).await;
    configure(&app, &idp, "acme", "corp.example", &[]).await;
    sqlx_set_email(&app, "ann", "ann@corp.example").await;
    let s = start(&rp, &["email"]);
    let r = sso_sign_in(&app, &TestApp::browser(), &s.url, "ann@corp.example").await;
    let (sub, acr, amr) = tokens_of(&rp, s, r).await;
    assert_eq!(sub, ann, "her account, lock or not");
    assert_eq!(acr, idp_oidc::ACR_FEDERATED);
    assert_eq!(amr, ["fed"]);
    app.stop().await;
}
both!(
    a_locked_account_still_signs_in_through_sso,
    locked_but_upstream
);
