//! The self-service account page through the real pages, on both backends: it signs in
//! through the IdP like any relying application; rule 6 (turning a method off needs a session
//! that passed a second factor, an explicit confirmation, and never the last method of a
//! `required` tenant); one method at a time unless the tenant allows several; SMS number
//! change with a new verification; password change; sessions listed and ended.

use crate::both;
use crate::harness::*;
use idp_domain::{Method, TenantId, TenantSettings, TwoFactor};
use idp_mfa_policy::totp::TotpKey;

pub const PW: &str = "correct horse battery staple";

pub struct Acct {
    pub app: TestApp,
    pub acme: TenantId,
}

impl Acct {
    pub async fn new(db: Db, s: TenantSettings) -> Acct {
        let app = TestApp::spawn(db).await;
        let acme = app.tenant_with("acme", s).await;
        app.user(&acme, "alice", PW).await;
        Acct { app, acme }
    }

    pub async fn get(&self, b: &reqwest::Client, path: &str) -> reqwest::Response {
        b.get(self.app.url(path)).send().await.unwrap()
    }

    pub async fn html(&self, b: &reqwest::Client, path: &str) -> String {
        let r = self.get(b, path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().await.unwrap()
    }

    /// Posts a form from the page at `page` to `action`, with that page's CSRF token.
    pub async fn post(
        &self,
        b: &reqwest::Client,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.html(b, page).await;
        let csrf = form_value(&html, "csrf").expect("a CSRF token");
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        b.post(self.app.url(action))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Opens `start` (`/account` or `/account/step-up`) without or with a session and goes
    /// through the IdP's pages: password, then (if asked) the TOTP code from `key`.
    pub async fn sign_in(&self, b: &reqwest::Client, start: &str, key: Option<&TotpKey>) {
        let r = self.get(b, start).await;
        assert_eq!(r.status(), 303);
        let authorize = location(&r);
        assert!(authorize.starts_with("/authorize?"), "{authorize}");
        assert!(authorize.contains("client_id=idp-account"));
        let r = self.get(b, &authorize).await;
        let mut next = location(&r);
        if next.starts_with("/login/") {
            next = self
                .app
                .submit_login(b, &next, "acme", "alice", PW)
                .await
                .unwrap();
        }
        if next.ends_with("/factor") {
            let key = key.expect("a second factor is asked for");
            self.app.clock.advance(30);
            let code = key.code_at(self.app.now() as u64);
            let r = self.post(b, &next, &next, &[("code", &code)]).await;
            assert_eq!(r.status(), 303);
            next = location(&r);
        }
        let cb = next
            .strip_prefix(&self.app.base)
            .unwrap_or(&next)
            .to_owned();
        assert!(cb.starts_with("/account/callback?"), "{cb}");
        let r = self.get(b, &cb).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        assert_eq!(location(&r), "/account");
    }

    /// Turns TOTP on from the account page; returns the key.
    pub async fn turn_on_totp(&self, b: &reqwest::Client) -> TotpKey {
        // The secret is made by the start form's POST, never by a GET.
        let r = self
            .post(
                b,
                "/account/factors/totp",
                "/account/factors/totp",
                &[("start", "1")],
            )
            .await;
        assert_eq!(location(&r), "/account/factors/totp");
        let html = self.html(b, "/account/factors/totp").await;
        let key = TotpKey::from_base32(&element_text(&html, "totp-secret").unwrap()).unwrap();
        let code = key.code_at(self.app.now() as u64);
        let r = self
            .post(
                b,
                "/account/factors/totp",
                "/account/factors/totp",
                &[("code", &code)],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/account?done=on");
        key
    }

    pub async fn active(&self) -> Vec<Method> {
        let store = &self.app.state.provider.store;
        let alice = store
            .user_by_username(&self.acme, "alice")
            .await
            .unwrap()
            .unwrap();
        store.active_methods(&self.acme, &alice.id).await.unwrap()
    }
}

/// Rule 6 and the one-method rule, from the account page.
async fn turning_methods_on_and_off(db: Db) {
    let a = Acct::new(
        db,
        TenantSettings {
            two_factor: TwoFactor::Optional,
            methods: vec![Method::Totp, Method::Sms],
            ..TenantSettings::default()
        },
    )
    .await;
    let b = TestApp::browser();
    a.sign_in(&b, "/account", None).await;
    let html = a.html(&b, "/account").await;
    assert!(html.contains("Your account"));
    assert!(
        html.contains("href=\"/account/factors/totp\""),
        "TOTP can be turned on"
    );
    let key = a.turn_on_totp(&b).await;
    assert_eq!(a.active().await, [Method::Totp]);

    // Multiple methods off: SMS is refused until TOTP is off.
    let html = a.html(&b, "/account?done=on").await;
    assert!(html.contains("The method is on"));
    assert!(
        html.contains("turn your current method off before turning on another"),
        "{html}"
    );
    assert_eq!(a.get(&b, "/account/factors/sms").await.status(), 403);

    // This session did not pass a second factor: turning off is refused.
    let r = a
        .post(
            &b,
            "/account",
            "/account/factors/totp/off",
            &[("confirm", "1")],
        )
        .await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("sign in again with your second factor"),
        "{html}"
    );
    assert_eq!(a.active().await, [Method::Totp]);

    // Step up with the second factor; then an explicit confirmation is still required.
    a.sign_in(&b, "/account/step-up", Some(&key)).await;
    let r = a
        .post(&b, "/account", "/account/factors/totp/off", &[])
        .await;
    assert!(r.text().await.unwrap().contains("Tick the box"));
    assert_eq!(a.active().await, [Method::Totp]);
    let r = a
        .post(
            &b,
            "/account",
            "/account/factors/totp/off",
            &[("confirm", "1")],
        )
        .await;
    assert_eq!(location(&r), "/account?done=off");
    assert!(a.active().await.is_empty());
    let events = a
        .app
        .state
        .provider
        .store
        .audit_events("acme", 50)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.event == "factor.enrolled" && e.user.is_some()),
        "the enrolment names whose factor it is"
    );
    assert!(events.iter().any(|e| e.event == "factor.disabled"));
    a.app.stop().await;
}
both!(rule6_turning_methods_on_and_off, turning_methods_on_and_off);

/// Rule 6: in a `required` tenant the last method cannot be turned off, even from a session
/// that passed it; rule 4: the SMS number changes only after the new one is verified.
async fn required_last_method_and_number_change(db: Db) {
    let a = Acct::new(
        db,
        TenantSettings {
            two_factor: TwoFactor::Required,
            methods: vec![Method::Sms],
            ..TenantSettings::default()
        },
    )
    .await;
    let b = TestApp::browser();
    // The first sign-in enrolls SMS.
    let r = a.get(&b, "/account").await;
    let r = a.get(&b, &location(&r)).await;
    let factor = a
        .app
        .submit_login(&b, &location(&r), "acme", "alice", PW)
        .await
        .unwrap();
    let r = a
        .post(&b, &factor, &factor, &[("phone", "+4915111111111")])
        .await;
    assert_eq!(r.status(), 303);
    let code = a.app.last_message_to("+4915111111111").code().unwrap();
    let r = a.post(&b, &factor, &factor, &[("code", &code)]).await;
    let cb = location(&r);
    let r = a.get(&b, cb.strip_prefix(&a.app.base).unwrap()).await;
    assert_eq!(location(&r), "/account");

    let html = a.html(&b, "/account").await;
    assert!(html.contains("+49 \u{2022}\u{2022}\u{2022} \u{2022}\u{2022}\u{2022} 11"));
    assert!(html.contains("last method cannot be turned off"), "{html}");
    assert!(
        !html.contains("/account/factors/sms/off"),
        "no turn-off form"
    );
    let r = a
        .post(
            &b,
            "/account",
            "/account/factors/sms/off",
            &[("confirm", "1")],
        )
        .await;
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("last method cannot be turned off"));
    assert_eq!(a.active().await, [Method::Sms]);

    // Change the number: the old one keeps working until the new one is verified.
    a.app.clock.advance(60);
    let r = a
        .post(
            &b,
            "/account/factors/sms",
            "/account/factors/sms",
            &[("phone", "+44 7700 900123")],
        )
        .await;
    assert_eq!(location(&r), "/account/factors/sms?verify=1");
    let code = a.app.last_message_to("+447700900123").code().unwrap();
    let wrong = if code == "111111" { "222222" } else { "111111" };
    let r = a
        .post(
            &b,
            "/account/factors/sms?verify=1",
            "/account/factors/sms",
            &[("code", wrong)],
        )
        .await;
    assert!(r.text().await.unwrap().contains("not right"));
    let store = &a.app.state.provider.store;
    let alice = store
        .user_by_username(&a.acme, "alice")
        .await
        .unwrap()
        .unwrap();
    let phone = |fs: Vec<idp_store::FactorRow>| fs.into_iter().find_map(|f| f.phone);
    assert_eq!(
        phone(store.factors(&a.acme, &alice.id).await.unwrap()).as_deref(),
        Some("+4915111111111")
    );
    let r = a
        .post(
            &b,
            "/account/factors/sms?verify=1",
            "/account/factors/sms",
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&r), "/account?done=phone");
    assert_eq!(
        phone(store.factors(&a.acme, &alice.id).await.unwrap()).as_deref(),
        Some("+447700900123")
    );

    // Hardening item 8: eleven minutes after the last code, a new number needs a fresh one.
    a.app.clock.advance(11 * 60);
    let r = a
        .post(
            &b,
            "/account",
            "/account/factors/sms",
            &[("phone", "+44 7700 900456")],
        )
        .await;
    assert_ne!(location(&r), "/account/factors/sms?verify=1");
    assert!(r.text().await.unwrap().contains("second factor"));
    assert!(
        !a.app.messages().iter().any(|m| m.to == "+447700900456"),
        "no code went to the new number"
    );
    assert_eq!(
        phone(store.factors(&a.acme, &alice.id).await.unwrap()).as_deref(),
        Some("+447700900123")
    );
    a.app.stop().await;
}
both!(
    rule6_required_last_method_and_rule4_number_change,
    required_last_method_and_number_change
);

/// Password change (current password checked, strength rules, other sessions ended) and the
/// session list with "end" and "sign out everywhere else".
async fn password_and_sessions(db: Db) {
    let a = Acct::new(db, TenantSettings::default()).await;
    let b1 = TestApp::browser();
    let b2 = TestApp::browser();
    a.sign_in(&b1, "/account", None).await;
    a.sign_in(&b2, "/account", None).await;
    let html = a.html(&b1, "/account").await;
    assert_eq!(
        html.matches("name=\"sid\"").count(),
        2,
        "two sessions listed"
    );
    assert!(html.contains("this browser"));

    let r = a
        .post(&b1, "/account", "/account/sessions", &[("others", "1")])
        .await;
    assert_eq!(location(&r), "/account?done=sessions");
    assert_eq!(
        a.get(&b2, "/account").await.status(),
        303,
        "b2 was signed out"
    );
    assert_eq!(a.get(&b1, "/account").await.status(), 200);

    let new = "plum kettle orbit 42";
    let r = a
        .post(
            &b1,
            "/account",
            "/account/password",
            &[
                ("current_password", "wrong"),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("current password is not right"));
    let r = a
        .post(
            &b1,
            "/account",
            "/account/password",
            &[
                ("current_password", PW),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("at least 12"));
    a.sign_in(&b2, "/account", None).await;
    let r = a
        .post(
            &b1,
            "/account",
            "/account/password",
            &[
                ("current_password", PW),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account?done=password");
    assert_eq!(
        a.get(&b2, "/account").await.status(),
        303,
        "other sessions ended"
    );
    assert_eq!(a.get(&b1, "/account").await.status(), 200, "this one kept");
    // The new password signs in, the old one does not.
    let b3 = TestApp::browser();
    let r = a.get(&b3, "/account").await;
    let r = a.get(&b3, &location(&r)).await;
    let login = location(&r);
    assert!(a
        .app
        .submit_login(&b3, &login, "acme", "alice", PW)
        .await
        .is_err());
    assert!(a
        .app
        .submit_login(&b3, &login, "acme", "alice", new)
        .await
        .is_ok());

    // Ending this browser's own session signs it out.
    let html = a.html(&b1, "/account").await;
    let at = html.find("this browser").unwrap();
    let sid = form_value(&html[at..], "sid").unwrap();
    let r = a
        .post(&b1, "/account", "/account/sessions", &[("sid", &sid)])
        .await;
    assert!(r.text().await.unwrap().contains("signed out"));
    assert_eq!(a.get(&b1, "/account").await.status(), 303);
    a.app.stop().await;
}
both!(account_password_and_sessions, password_and_sessions);
