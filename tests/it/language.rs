//! German and English: the language a page gets (ui_locales, the switch's cookie,
//! Accept-Language, English), the switch itself, discovery, and a whole sign-in through the
//! German pages that ends in tokens.

use crate::both;
use crate::flow::start;
use crate::harness::*;
use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{AuthorizationCode, CsrfToken, Nonce, PkceCodeChallenge, TokenResponse};

const CB: &str = "http://127.0.0.1:3901/cb";

fn lang_of(html: &str) -> &str {
    html.split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("")
}

async fn german_sign_in(db: Db) {
    let app = TestApp::spawn(db).await;
    let acme = app.tenant("acme").await;
    app.user(&acme, "alice", "correct horse battery staple")
        .await;
    let secret = app.client(ClientSpec::confidential("shop", CB)).await;
    let rp = app.rp("shop", Some(&secret), CB).await;
    let browser = TestApp::browser();
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, _state, nonce) = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .add_extra_param("ui_locales", "fr-CA de")
        .url();
    let r = browser.get(url.as_str()).send().await.unwrap();
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
    let code = query(&cb)["code"].clone();
    let tokens = rp
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&TestApp::http())
        .await
        .unwrap();
    let id_token = tokens.id_token().expect("an ID token");
    id_token
        .claims(&rp.id_token_verifier(), &nonce)
        .expect("the ID token verifies");
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
    let r = browser
        .post(app.url("/language"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("lang", "en"),
            ("return", login.as_str()),
        ])
        .send()
        .await
        .unwrap();
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
    // ui_locales beats the choice.
    let (_, html) = login_page(Some("&ui_locales=de"), Some("en")).await;
    assert_eq!(lang_of(&html), "de", "ui_locales comes first");

    // The switch refuses what it must.
    let r = browser
        .post(app.url("/language"))
        .form(&[("csrf", "forged"), ("lang", "de"), ("return", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = browser
        .post(app.url("/language"))
        .form(&[("csrf", csrf.as_str()), ("lang", "tlh"), ("return", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("not available"));
    let r = browser
        .post(app.url("/language"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("lang", "de"),
            ("return", "//evil.example/x"),
        ])
        .send()
        .await
        .unwrap();
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
