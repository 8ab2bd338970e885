//! German and English: the language a page gets (ui_locales, the switch's cookie,
//! Accept-Language, English), the switch itself, discovery, and a whole sign-in through the
//! German pages that ends in tokens.

use crate::both;
use crate::flow::start;
use crate::flow::Started;
use crate::harness::*;
use openidconnect::{AuthorizationCode, TokenResponse};

const CB: &str = "http://127.0.0.1:3901/cb";

fn lang_of(html: &str) -> &str {
    html.split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("")
}

/// The relying application's end of a sign-in: the code in `cb` redeemed with PKCE, and the
/// ID token verified (signature, issuer, audience, nonce) by `openidconnect`.
async fn verified_id_token(rp: &Rp, cb: &str, started: Started) {
    let code = query(cb)["code"].clone();
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(started.verifier)
        .request_async(&TestApp::http())
        .await
        .unwrap();
    tokens
        .id_token()
        .expect("an ID token")
        .claims(&rp.id_token_verifier(), &started.nonce)
        .expect("the ID token verifies");
}

async fn german_sign_in(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", "correct horse battery staple")
        .await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let browser = TestApp::browser();
    let started = start(&rp, &[]);
    let url = format!("{}&ui_locales=fr-CA%20de", started.url);
    let r = browser.get(&url).send().await.unwrap();
    let login = location(&r);
    let html = browser
        .get(app.url(&login))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(lang_of(&html), "de", "the first supported of ui_locales");
    for words in [
        "Firmen-ID",
        "Benutzername",
        "Passwort",
        "Anmelden mit SSO",
        "fortzufahren",
    ] {
        assert!(html.contains(words), "{words} on the German page: {html}");
    }
    assert!(
        !html.contains("Company ID") && !html.contains("Forgot"),
        "{html}"
    );
    // A field left empty is said in German.
    let url = app.url(&login);
    let r = post_login_form(&browser, &url, &url, "acme", "alice", "").await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Geben Sie Ihre Firmen-ID, Ihren Benutzernamen und Ihr Passwort ein."),
        "{html}"
    );
    // The SSO page too.
    let sso = browser
        .get(app.url(&format!("{login}/sso")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(lang_of(&sso), "de");
    assert!(sso.contains("Geschäftliche E-Mail-Adresse"), "{sso}");

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
    verified_id_token(&rp, &cb, started).await;
}
both!(
    a_sign_in_through_the_german_pages_ends_in_tokens,
    german_sign_in
);

async fn selection_order(db: Db) {
    let app = TestApp::spawn(db).await;
    app.tenant("acme").await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let browser = TestApp::browser();
    let login_page = |extra: Option<&'static str>, accept: Option<&'static str>| {
        let browser = browser.clone();
        let mut url = start(&rp, &[]).url;
        if let Some(e) = extra {
            url.push_str(e);
        }
        let base = app.base.clone();
        async move {
            let r = browser.get(&url).send().await.unwrap();
            let login = location(&r);
            let mut req = browser.get(format!("{base}{login}"));
            if let Some(a) = accept {
                req = req.header("accept-language", a);
            }
            let html = req.send().await.unwrap().text().await.unwrap();
            (login, html)
        }
    };
    // Nothing said: English.
    let (_, html) = login_page(None, None).await;
    assert_eq!(lang_of(&html), "en");
    assert!(html.contains("Company ID"));
    // Accept-Language by weight.
    let (_, html) = login_page(None, Some("fr;q=1, de;q=0.8, en;q=0.5")).await;
    assert_eq!(lang_of(&html), "de");
    assert!(html.contains("Firmen-ID"));

    // The switch: English chosen on a page the browser's header made German.
    let (login, html) = login_page(None, Some("de")).await;
    let csrf = form_value(&html, "csrf").unwrap();
    let r = post_language(&app, &browser, &csrf, "en", &login).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        login,
        "back to the page the choice was made on"
    );
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set.starts_with("idp_lang=en") && set.contains("HttpOnly"),
        "{set}"
    );
    let (_, html) = login_page(None, Some("de")).await;
    assert_eq!(lang_of(&html), "en", "the choice beats Accept-Language");
    // ui_locales beats a choice made before the sign-in began...
    app.clock.advance(5);
    let (login, html) = login_page(Some("&ui_locales=de"), Some("en")).await;
    assert_eq!(lang_of(&html), "de", "ui_locales comes first");
    // ...but not one made on its own pages: the switch works there too.
    app.clock.advance(5);
    let csrf_de = form_value(&html, "csrf").unwrap();
    let r = post_language(&app, &browser, &csrf_de, "en", &login).await;
    assert_eq!(location(&r), login);
    let html = browser
        .get(app.url(&login))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(lang_of(&html), "en", "the choice made during this sign-in");
    // The next sign-in that asks for German gets it again.
    app.clock.advance(5);
    let (_, html) = login_page(Some("&ui_locales=de"), Some("en")).await;
    assert_eq!(lang_of(&html), "de");

    // A forged or garbled cookie and an oversized header choose nothing and echo nothing.
    for cookie in [
        "idp_lang=<script>alert(1)</script>",
        "idp_lang=de.99999999999999999999999",
        "idp_lang=..",
    ] {
        let url = start(&rp, &[]).url;
        let r = TestApp::http().get(&url).send().await.unwrap();
        let login = location(&r);
        let r = TestApp::http()
            .get(app.url(&login))
            .header("cookie", cookie)
            .header(
                "accept-language",
                format!("{}, de;q=0.1", "x-garbage;q=0.9, ".repeat(300)),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{cookie}");
        let html = r.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        let expect = if cookie.starts_with("idp_lang=de.") {
            "de"
        } else {
            "en"
        };
        assert_eq!(lang_of(&html), expect, "{cookie}");
    }

    // The switch refuses what it must.
    let r = post_language(&app, &browser, "forged", "de", "/").await;
    assert_eq!(r.status(), 403);
    let r = post_language(&app, &browser, &csrf, "tlh", "/").await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("not available"));
    let r = post_language(&app, &browser, &csrf, "de", "//evil.example/x").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account", "never to another site");
}
both!(
    the_language_is_chosen_in_the_documented_order,
    selection_order
);

async fn discovery_lists_languages(db: Db) {
    let app = TestApp::spawn(db).await;
    let d: serde_json::Value = TestApp::http()
        .get(app.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(d["ui_locales_supported"], serde_json::json!(["de", "en"]));
}
both!(
    discovery_lists_ui_locales_supported,
    discovery_lists_languages
);

/// A tenant whose default is German, second factor by e-mail: the code page and the mail are
/// German (no `ui_locales`, no `Accept-Language`: the tenant's default decides once the user
/// is known), with the validity in words ("gilt 90 Sekunden"), and the sign-in ends in tokens.
async fn tenant_default_second_factor(db: Db) {
    let app = TestApp::spawn(db).await;
    let settings = idp_domain::TenantSettings {
        two_factor: idp_domain::TwoFactor::Required,
        methods: vec![idp_domain::Method::Email],
        locale: Some("de".into()),
        time_zone: Some("Europe/Berlin".into()),
        ..Default::default()
    };
    let acme = app.tenant_with("acme", settings).await;
    app.user(&acme, "alice", "correct horse battery staple")
        .await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let browser = TestApp::browser();
    let started = start(&rp, &[]);
    let factor = app
        .sign_in(
            &browser,
            &started.url,
            "acme",
            "alice",
            "correct horse battery staple",
        )
        .await
        .unwrap();
    assert!(factor.ends_with("/factor"), "{factor}");
    let page = |path: String| {
        let browser = browser.clone();
        let url = app.url(&path);
        async move { browser.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let html = page(factor.clone()).await;
    assert_eq!(lang_of(&html), "de", "{html}");
    // Her first e-mail code: the method is being turned on.
    assert!(html.contains("Zweiten Faktor bestätigen"), "{html}");
    assert!(html.contains("Er gilt 90 Sekunden."), "{html}");
    assert!(html.contains("Neuen Code senden"), "{html}");
    let mail = app.last_message_to("alice@acme.example");
    assert!(mail.subject.starts_with("Ihr Anmeldecode: "), "{mail:?}");
    assert!(
        mail.text.starts_with("Guten Tag alice of acme,"),
        "{mail:?}"
    );
    assert!(mail.text.contains("gilt 90 Sekunden"), "{mail:?}");
    assert!(
        mail.text.contains("Der Anmeldedienst von acme Inc."),
        "{mail:?}"
    );
    // A wrong code is said in German too.
    let csrf = form_value(&html, "csrf").unwrap();
    let r = browser
        .post(app.url(&factor))
        .form(&[("csrf", csrf.as_str()), ("code", "000000")])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("Dieser Code ist nicht richtig."), "{html}");
    let code = app.last_message_to("alice@acme.example").code().unwrap();
    let r = browser
        .post(app.url(&factor))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    verified_id_token(&rp, &location(&r), started).await;

    // An error page is in the request's language.
    let r = browser
        .get(app.url("/login/no-such-sign-in"))
        .header("accept-language", "de-DE,de;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert_eq!(lang_of(&html), "de", "{html}");
    assert!(html.contains("Es geht leider nicht weiter"), "{html}");
    // The authorization endpoint's own refusals too.
    let r = browser
        .get(app.url(&format!(
            "/authorize?response_type=code&client_id=shop&scope=openid&redirect_uri={}",
            "https%3A%2F%2Fevil.example%2Fcb"
        )))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("redirect_uri stimmt nicht überein") && !html.contains("mismatch"),
        "{html}"
    );
}
both!(
    a_german_tenant_gets_german_second_factor_pages_and_mails,
    tenant_default_second_factor
);

/// The switch used while signed in is stored on the user: another browser gets the choice
/// at its next sign-in, over the tenant's default, and mails follow it. A bulk mailing
/// writes to each user in their own language.
async fn stored_choice(db: Db) {
    use crate::account::Acct;
    let settings = idp_domain::TenantSettings {
        locale: Some("de".into()),
        ..Default::default()
    };
    let a = Acct::new(db, settings).await;
    let b = TestApp::browser();
    a.sign_in(&b, "/account", None).await;
    let html = a.html(&b, "/account").await;
    assert_eq!(lang_of(&html), "de", "the tenant's default: {html}");
    assert!(html.contains("Ihr Konto") && html.contains("Wo Sie angemeldet sind"));
    let r = a
        .post(
            &b,
            "/account",
            "/language",
            &[("lang", "en"), ("return", "/account")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account");
    let html = a.html(&b, "/account").await;
    assert_eq!(lang_of(&html), "en");
    assert!(html.contains("Your account"));

    // Another browser, no cookie: after signing in, the user's choice.
    let other = TestApp::browser();
    a.sign_in(&other, "/account", None).await;
    let html = a.html(&other, "/account").await;
    assert_eq!(lang_of(&html), "en", "the stored choice: {html}");

    // A choice made before signing in becomes the user's at sign-in.
    let third = TestApp::browser();
    let r = a
        .post(
            &third,
            "/account/reset",
            "/language",
            &[("lang", "de"), ("return", "/account/reset")],
        )
        .await;
    assert_eq!(r.status(), 303);
    a.sign_in(&third, "/account", None).await;
    let html = a.html(&third, "/account").await;
    assert_eq!(lang_of(&html), "de");
    let store = &a.app.state.provider.store;
    let alice = store
        .user_by_username(&a.acme, "alice")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alice.locale.as_deref(), Some("de"));
    // Back to English for the mails below, from the account page.
    let r = a
        .post(
            &third,
            "/account",
            "/language",
            &[("lang", "en"), ("return", "/account")],
        )
        .await;
    assert_eq!(r.status(), 303);

    // Mails: alice chose English; bob and dora have chosen nothing, dora's choice is set
    // below. The bulk confirmation mail goes to each in their language.
    for name in ["bob", "dora"] {
        a.app
            .user_with(&a.acme, name, "correct horse battery staple", false)
            .await;
    }
    let dora = store
        .user_by_username(&a.acme, "dora")
        .await
        .unwrap()
        .unwrap();
    store
        .set_user_locale(&a.acme, &dora.id, Some("en"))
        .await
        .unwrap();
    let cli = a.app.cli();
    cli.ok(
        &[
            "user",
            "confirm-email",
            "--tenant",
            "acme",
            "--all-unconfirmed",
        ],
        None,
    );
    let bob = a.app.last_message_to("bob@acme.example");
    assert_eq!(
        bob.subject,
        "Bestätigen Sie Ihre E-Mail-Adresse bei acme Inc."
    );
    assert!(bob.text.contains("Meine Adresse bestätigen"), "{bob:?}");
    assert!(bob.text.contains("gilt 7 Tage"), "{bob:?}");
    let dora = a.app.last_message_to("dora@acme.example");
    assert_eq!(dora.subject, "Confirm your e-mail address at acme Inc.");
    assert!(dora.text.contains("for 7 days"), "{dora:?}");
    // The administrator's reset mails alice her new registration link, in English.
    cli.ok(
        &["user", "reset", "--tenant", "acme", "--username", "alice"],
        None,
    );
    let alice = a.app.last_message_to("alice@acme.example");
    assert_eq!(alice.subject, "Your account at acme Inc.");
}
both!(
    the_choice_is_stored_on_the_user_and_mails_follow_it,
    stored_choice
);

/// `idp tenant update --locale --time-zone`: set, shown, refused when unknown, unset.
async fn tenant_language_flags(db: Db) {
    let app = TestApp::spawn(db).await;
    app.tenant("acme").await;
    let cli = app.cli();
    let t = cli.ok(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--locale",
            "DE",
            "--time-zone",
            "Europe/Berlin",
        ],
        None,
    );
    assert_eq!(t["settings"]["locale"], "de", "{t}");
    assert_eq!(t["settings"]["time_zone"], "Europe/Berlin", "{t}");
    let e = cli.fails(&["tenant", "update", "--id", "acme", "--locale", "fr"], 2);
    assert!(e.contains("de, en"), "{e}");
    let e = cli.fails(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--time-zone",
            "Mars/Olympus",
        ],
        2,
    );
    assert!(e.contains("Europe/Berlin"), "{e}");
    let t = cli.ok(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--locale",
            "",
            "--time-zone",
            "",
        ],
        None,
    );
    assert!(t["settings"].get("locale").is_none(), "{t}");
    assert!(t["settings"].get("time_zone").is_none(), "{t}");
}
both!(tenant_language_and_time_zone_flags, tenant_language_flags);
