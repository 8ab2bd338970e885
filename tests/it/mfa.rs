//! mfa-policy.md through the real pages, one test per rule, on both backends: what happens
//! after the password (rule 2), TOTP enrollment and codes (rule 3, checked against codes
//! computed independently of the server's code path), SMS (rule 4), e-mail codes (rule 5),
//! and the guessing limits on codes (rule 11). The ID token shows what was done.

use crate::both;
use crate::flow::{jwt_payload, urlenc};
use crate::harness::*;
use idp_domain::{LoginMode, Method, TenantSettings, TwoFactor};
use idp_mfa_policy::totp::TotpKey;
use openidconnect::{PkceCodeChallenge, PkceCodeVerifier};

const CB: &str = "http://127.0.0.1:3901/cb";
const PW: &str = "correct horse battery staple";

struct Mfa {
    app: TestApp,
    secret: String,
    browser: reqwest::Client,
}

fn settings(two_factor: TwoFactor, methods: &[Method]) -> TenantSettings {
    TenantSettings {
        two_factor,
        methods: methods.to_vec(),
        ..TenantSettings::default()
    }
}

impl Mfa {
    async fn new(db: Db, s: TenantSettings) -> Mfa {
        Self::with_user(db, s, true).await
    }

    async fn with_user(db: Db, s: TenantSettings, email_confirmed: bool) -> Mfa {
        let app = TestApp::spawn(db).await;
        let acme = app.tenant_with("acme", s).await;
        app.user_with(&acme, "alice", PW, email_confirmed).await;
        let secret = app.client(ClientSpec::confidential("shop", CB)).await;
        Mfa {
            app,
            secret,
            browser: TestApp::browser(),
        }
    }

    /// Starts an authorization and submits the password; returns where the browser is sent
    /// (the second-factor page or the client) and the PKCE verifier.
    async fn password(&self, extra: &str) -> (Result<String, String>, PkceCodeVerifier) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let url = format!(
            "{}/authorize?response_type=code&client_id=shop&redirect_uri={}&scope=openid&state=s1&nonce=n1&code_challenge={}&code_challenge_method=S256{extra}",
            self.app.base,
            urlenc(CB),
            challenge.as_str()
        );
        let r = self.browser.get(&url).send().await.unwrap();
        let login = location(&r);
        let to = self
            .app
            .submit_login(&self.browser, &login, "acme", "alice", PW)
            .await;
        (to, verifier)
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let r = self.browser.get(self.app.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a form on `path` with the CSRF token of its current page.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (_, html) = self.get(path).await;
        let csrf = form_value(&html, "csrf").expect("the page carries a CSRF token");
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.browser
            .post(self.app.url(path))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Redeems the code in the callback URL; returns the ID token's claims.
    async fn redeem(&self, cb: &str, verifier: &PkceCodeVerifier) -> serde_json::Value {
        assert!(cb.starts_with(CB), "back at the client: {cb}");
        let code = query(cb)["code"].clone();
        let r = self
            .app
            .token(
                "shop",
                &self.secret,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", CB),
                    ("code_verifier", verifier.secret()),
                ],
            )
            .await;
        assert_eq!(r.status(), 200);
        let t: serde_json::Value = r.json().await.unwrap();
        jwt_payload(t["id_token"].as_str().unwrap())
    }

    /// Enrolls TOTP on the factor page the browser is on; returns the key read from the page.
    async fn enroll_totp(&self, factor: &str) -> (TotpKey, String) {
        let (status, html) = self.get(factor).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("data:image/svg+xml;base64,"),
            "an inline QR code"
        );
        let secret = element_text(&html, "totp-secret").expect("the secret as text");
        let key = TotpKey::from_base32(&secret).unwrap();
        let r = self.post(factor, &[("code", "000000")]).await;
        let wrong = r.text().await.unwrap();
        // (one chance in a million that 000000 is right)
        assert!(wrong.contains("not right"), "{wrong}");
        let r = self
            .post(factor, &[("code", &key.code_at(self.app.now() as u64))])
            .await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        (key, location(&r))
    }
}

fn amr(claims: &serde_json::Value) -> Vec<String> {
    serde_json::from_value(claims["amr"].clone()).unwrap()
}

/// Rule 2, `disabled`: signed in after the password, even with an enrolled factor.
async fn disabled_tenant_signs_in_on_password(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Required, &[Method::Totp])).await;
    let (to, _) = m.password("").await;
    let factor = to.unwrap();
    m.enroll_totp(&factor).await;
    // The tenant turns two-factor off: the enrolled factor is not asked for.
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let mut t = (*m
        .app
        .state
        .provider
        .store
        .tenant(&acme)
        .await
        .unwrap()
        .unwrap())
    .clone();
    t.settings.two_factor = TwoFactor::Disabled;
    m.app.state.provider.store.update_tenant(&t).await.unwrap();
    let browser = TestApp::browser();
    let m = Mfa { browser, ..m };
    let (to, verifier) = m.password("").await;
    let claims = m.redeem(&to.unwrap(), &verifier).await;
    assert_eq!(amr(&claims), ["pwd"]);
    m.app.stop().await;
}
both!(
    rule2_disabled_signs_in_on_password,
    disabled_tenant_signs_in_on_password
);

/// Rule 2, `optional` without a method: signed in after the password.
async fn optional_without_method(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Optional, &[Method::Totp])).await;
    let (to, verifier) = m.password("").await;
    let claims = m.redeem(&to.unwrap(), &verifier).await;
    assert_eq!(amr(&claims), ["pwd"]);
    assert_eq!(claims["acr"], "urn:idp:acr:pwd");
    m.app.stop().await;
}
both!(
    rule2_optional_without_method_signs_in,
    optional_without_method
);

/// Rules 2 and 3: `required` without a method enrolls TOTP (QR code and secret, confirmed by a
/// code) before the sign-in completes; the next sign-in asks for a code; a used code is
/// refused; the previous step's code is accepted.
async fn required_enrolls_then_asks(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Required, &[Method::Totp])).await;
    let (to, verifier) = m.password("").await;
    let factor = to.unwrap();
    assert!(factor.ends_with("/factor"), "{factor}");
    let (key, cb) = m.enroll_totp(&factor).await;
    let claims = m.redeem(&cb, &verifier).await;
    assert_eq!(amr(&claims), ["pwd", "otp", "mfa"]);
    assert_eq!(claims["acr"], "urn:idp:acr:mfa");

    // Next sign-in (a new browser): a code is asked for.
    let m = Mfa {
        browser: TestApp::browser(),
        ..m
    };
    // (60 s: the step before now must not be the one that confirmed the enrollment.)
    m.app.clock.advance(60);
    let (to, verifier) = m.password("&prompt=login").await;
    let factor = to.unwrap();
    let (status, html) = m.get(&factor).await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"code\""), "{html}");
    assert!(!html.contains("totp-secret"), "no secret shown at sign-in");
    // The code of the previous step is still accepted (rule 3)...
    let previous = key.code_at(m.app.now() as u64 - 30);
    let r = m.post(&factor, &[("code", &previous)]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let claims = m.redeem(&location(&r), &verifier).await;
    assert_eq!(amr(&claims), ["pwd", "otp", "mfa"]);

    // ...but not twice: the same step is refused in a new sign-in.
    let m = Mfa {
        browser: TestApp::browser(),
        ..m
    };
    let (to, _) = m.password("").await;
    let factor = to.unwrap();
    let r = m.post(&factor, &[("code", &previous)]).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("already used"), "{html}");
    m.app.stop().await;
}
both!(
    rule3_required_enrolls_totp_then_asks,
    required_enrolls_then_asks
);

/// Rule 2: with several active methods the user first chooses (`method`), then enters the
/// code of that method. Rule 5: the e-mail code arrives by mail and works once.
async fn several_methods_choose(db: Db) {
    let s = TenantSettings {
        multiple_methods: true,
        ..settings(TwoFactor::Optional, &[Method::Totp, Method::Email])
    };
    let m = Mfa::new(db, s).await;
    // Enroll TOTP and e-mail through a required-for-this-request sign-in (acr_values).
    let (to, _) = m.password("&acr_values=urn%3Aidp%3Aacr%3Amfa").await;
    let factor = to.unwrap();
    let r = m.post(&factor, &[("method", "totp")]).await;
    assert_eq!(r.status(), 303);
    m.enroll_totp(&factor).await;
    // Turn on the e-mail method directly (the account page is tested separately).
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    m.app.activate_factor(&acme, "alice", Method::Email).await;

    let m = Mfa {
        browser: TestApp::browser(),
        ..m
    };
    let (to, verifier) = m.password("").await;
    let factor = to.unwrap();
    let (_, html) = m.get(&factor).await;
    assert!(html.contains("name=\"method\" value=\"totp\""), "{html}");
    assert!(html.contains("name=\"method\" value=\"email\""), "{html}");
    let r = m.post(&factor, &[("method", "email")]).await;
    assert_eq!(r.status(), 303);
    let mail = m.app.last_message_to("alice@acme.example");
    assert_eq!(mail.kind, "code");
    let code = mail.code().expect("a code in the mail");
    let r = m.post(&factor, &[("code", &code)]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let claims = m.redeem(&location(&r), &verifier).await;
    assert_eq!(amr(&claims), ["pwd", "email", "mfa"]);
    m.app.stop().await;
}
both!(rule2_several_methods_choose_first, several_methods_choose);

/// Rule 5: an e-mail code works for the tenant's validity (90 s), a new code voids the old
/// one, resending is rate-limited, and a user without a confirmed address is not offered it.
async fn email_code_rules(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Required, &[Method::Email])).await;
    let (to, verifier) = m.password("").await;
    let factor = to.unwrap();
    // Enrollment sends a code at once.
    let first = m.app.last_message_to("alice@acme.example").code().unwrap();
    // Asking again at once is refused (rate limit), the first code still works later.
    let r = m.post(&factor, &[("resend", "1")]).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("Please wait"), "{html}");
    // 91 s later the code has expired.
    m.app.clock.advance(91);
    let r = m.post(&factor, &[("code", &first)]).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("expired"), "{html}");
    // A new code; the old one is void even if it were still in time.
    let r = m.post(&factor, &[("resend", "1")]).await;
    assert!(r.text().await.unwrap().contains("We sent a new code"));
    let second = m.app.last_message_to("alice@acme.example").code().unwrap();
    if second != first {
        let r = m.post(&factor, &[("code", &first)]).await;
        assert!(r.text().await.unwrap().contains("not right"));
    }
    let r = m.post(&factor, &[("code", &second)]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let claims = m.redeem(&location(&r), &verifier).await;
    assert_eq!(amr(&claims), ["pwd", "email", "mfa"]);
    m.app.stop().await;

    // Unconfirmed address, e-mail the only method, two-factor required: refused with words.
    let m = Mfa::with_user(db, settings(TwoFactor::Required, &[Method::Email]), false).await;
    let (to, _) = m.password("").await;
    let html = to.unwrap_err();
    assert!(html.contains("not confirmed"), "{html}");
    assert!(m.app.messages().is_empty(), "no code mailed");
    m.app.stop().await;
}
both!(rule5_email_code, email_code_rules);

/// Rule 4: SMS enrollment asks for a number (E.164 checked), sends a code to it, and the
/// code confirms it. The SMS goes through the delivery outbox.
async fn sms_enrollment(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Required, &[Method::Sms])).await;
    let (to, verifier) = m.password("").await;
    let factor = to.unwrap();
    let (_, html) = m.get(&factor).await;
    assert!(html.contains("name=\"phone\""), "{html}");
    let r = m.post(&factor, &[("phone", "0151 2345678")]).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("country code"), "{html}");
    assert!(
        html.contains("value=\"0151 2345678\""),
        "what was typed is kept"
    );
    let r = m.post(&factor, &[("phone", "+49 151 2345 6789")]).await;
    assert_eq!(r.status(), 303);
    let sms = m.app.last_message_to("+4915123456789");
    assert_eq!(sms.kind, "sms");
    let (_, html) = m.get(&factor).await;
    assert!(
        html.contains("+49 \u{2022}\u{2022}\u{2022}"),
        "masked number: {html}"
    );
    let r = m.post(&factor, &[("code", &sms.code().unwrap())]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let claims = m.redeem(&location(&r), &verifier).await;
    assert_eq!(amr(&claims), ["pwd", "sms", "mfa"]);

    // The next sign-in sends a code to that number at once.
    let m = Mfa {
        browser: TestApp::browser(),
        ..m
    };
    m.app.clock.advance(60);
    let before = m.app.messages().len();
    let (to, verifier) = m.password("").await;
    let factor = to.unwrap();
    assert_eq!(m.app.messages().len(), before + 1);
    let code = m.app.last_message_to("+4915123456789").code().unwrap();
    let r = m.post(&factor, &[("code", &code)]).await;
    let claims = m.redeem(&location(&r), &verifier).await;
    assert_eq!(amr(&claims), ["pwd", "sms", "mfa"]);
    m.app.stop().await;
}
both!(rule4_sms_enrollment_and_sign_in, sms_enrollment);

/// Rule 11 for codes: wrong codes are counted like wrong passwords; five in one sign-in end
/// it, and the account locks, so the password step is refused too.
async fn code_guessing_cut_off(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Required, &[Method::Totp])).await;
    let (to, _) = m.password("").await;
    let (key, _) = m.enroll_totp(&to.unwrap()).await;
    // enroll_totp typed one wrong code; the sign-in cleared the counter when it succeeded.
    let m = Mfa {
        browser: TestApp::browser(),
        ..m
    };
    m.app.clock.advance(60);
    let (to, _) = m.password("").await;
    let factor = to.unwrap();
    let right = key.code_at(m.app.now() as u64);
    let wrong = if right == "111111" {
        "222222"
    } else {
        "111111"
    };
    for _ in 0..4 {
        let r = m.post(&factor, &[("code", wrong)]).await;
        assert_eq!(r.status(), 200);
    }
    let r = m.post(&factor, &[("code", wrong)]).await;
    assert_eq!(r.status(), 403, "the fifth wrong code ends the sign-in");
    let (status, _) = m.get(&factor).await;
    assert_eq!(status, 404);
    // The account is locked now: even the right password is not checked.
    let (to, _) = m.password("").await;
    let html = to.unwrap_err();
    assert!(html.contains("Too many"), "{html}");
    let events = m
        .app
        .state
        .provider
        .store
        .audit_events("acme", 50)
        .await
        .unwrap();
    // A wrong code names its user (known at that step), and so does the lock it started.
    let alice = m
        .app
        .state
        .provider
        .store
        .user_by_username(&idp_domain::TenantId::parse("acme").unwrap(), "alice")
        .await
        .unwrap()
        .unwrap();
    let hers = Some(alice.id.as_str());
    assert!(events.iter().any(|e| e.event == "sign_in.failure"
        && e.user.as_deref() == hers
        && e.detail
            .as_deref()
            .unwrap_or("")
            .contains("wrong totp code")));
    assert!(events
        .iter()
        .any(|e| e.event == "sign_in.locked" && e.user.as_deref() == hers));
    assert!(
        events
            .iter()
            .any(|e| e.event == "factor.enrolled" && e.user.is_some()),
        "the enrolment names whose factor it is"
    );
    m.app.stop().await;
}
both!(rule11_code_guessing_cut_off, code_guessing_cut_off);

/// Rule 1: an SSO tenant refuses the password (pointing at SSO) even for a user who
/// enrolled a factor before the switch; the factor stays stored, dormant.
async fn sso_tenant_dormant_factor(db: Db) {
    let m = Mfa::new(db, settings(TwoFactor::Required, &[Method::Totp])).await;
    let (to, _) = m.password("").await;
    m.enroll_totp(&to.unwrap()).await;
    let store = m.app.state.provider.store.clone();
    let acme = idp_domain::TenantId::parse("acme").unwrap();
    let mut t = (*store.tenant(&acme).await.unwrap().unwrap()).clone();
    t.settings.login_mode = LoginMode::Sso;
    t.settings.two_factor = TwoFactor::Disabled;
    store.update_tenant(&t).await.unwrap();
    store.invalidate_caches();
    let m = Mfa {
        browser: TestApp::browser(),
        ..m
    };
    let (to, _) = m.password("").await;
    let html = to.unwrap_err();
    assert!(html.contains("Sign in with SSO"), "{html}");
    assert!(!html.contains("name=\"code\""));
    let alice = store
        .user_by_username(&acme, "alice")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.active_methods(&acme, &alice.id).await.unwrap(),
        [Method::Totp],
        "dormant, not deleted"
    );
    m.app.stop().await;
}
both!(
    rule1_sso_tenant_keeps_factors_dormant,
    sso_tenant_dormant_factor
);
