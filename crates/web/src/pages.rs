//! The HTML pages (askama templates under `templates/`). Every page is a plain form that works
//! without JavaScript; responses are never cached and never framed.

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use idp_i18n::{Msg, Tr};

pub const STYLESHEET: &str = include_str!("../../../templates/static/idp.css");

pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            let h = r.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'"),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// A tenant's look on a page: its name, its logo and its accent colour's stylesheet.
#[derive(Debug, Clone)]
pub struct Brand {
    pub name: String,
    pub logo: Option<String>,
    pub theme: Option<String>,
}

impl Brand {
    /// The tenant's look, if it has set one (a logo or an accent colour).
    pub fn of(t: &idp_domain::Tenant) -> Option<Brand> {
        let b = &t.settings.branding;
        if b.logo.is_none() && b.accent_color.is_none() {
            return None;
        }
        Some(Brand {
            name: t.name.clone(),
            logo: idp_admin::branding::logo_path(t),
            theme: b.accent_color.as_ref().map(|c| {
                format!(
                    "/branding/{}/theme.css?v={}",
                    t.id,
                    c.trim_start_matches('#')
                )
            }),
        })
    }
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub action: &'a str,
    pub sso_href: &'a str,
    pub csrf: &'a str,
    pub tenant: &'a str,
    pub username: &'a str,
    pub error: Option<Msg>,
    pub client_name: &'a str,
    pub tenant_locked: bool,
}

#[derive(Template)]
#[template(path = "sso.html")]
pub struct SsoPage<'a> {
    pub t: Tr,
    pub action: &'a str,
    pub back_href: &'a str,
    pub csrf: &'a str,
    pub email: &'a str,
    pub error: Option<Msg>,
}

#[derive(Template)]
#[template(path = "demo.html")]
pub struct DemoPage<'a> {
    pub id_token: &'a str,
    pub userinfo: &'a str,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub t: Tr,
    pub message: &'a Msg,
}

#[derive(Template)]
#[template(path = "sso_error.html")]
pub struct SsoErrorPage<'a> {
    pub t: Tr,
    /// The company's look: the ACS address names it.
    pub brand: Option<Brand>,
    pub title: Msg,
    pub message: Msg,
    /// The status or check, for support.
    pub support: &'a str,
    pub retry_href: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub t: Tr,
    pub title: Msg,
    pub message: Msg,
}

impl MessagePage {
    /// A page of two catalogue keys, in this request's language.
    pub fn of(title: &'static str, message: Msg) -> MessagePage {
        MessagePage {
            t: crate::routes::language::current(),
            title: Msg::new(title),
            message,
        }
    }
}

#[derive(Template)]
#[template(path = "logout_confirm.html")]
pub struct LogoutConfirmPage<'a> {
    pub t: Tr,
    pub csrf: &'a str,
    pub post_logout_redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
    pub client_id: Option<&'a str>,
}

/// A link back (or elsewhere) under a form: its address and its words.
pub type Back<'a> = Option<(&'a str, Msg)>;

/// One choice of second-factor method.
pub struct Choice {
    pub value: &'static str,
    /// The catalogue key of the method's name.
    pub label: &'static str,
    pub hint: Msg,
}

#[derive(Template)]
#[template(path = "factor_choose.html")]
pub struct ChoosePage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: Msg,
    pub lead: Msg,
    pub action: &'a str,
    pub csrf: &'a str,
    pub choices: Vec<Choice>,
    pub error: Option<Msg>,
    pub back: Back<'a>,
}

#[derive(Template)]
#[template(path = "factor_code.html")]
pub struct CodePage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: Msg,
    pub lead: Msg,
    pub action: &'a str,
    pub csrf: &'a str,
    pub notice: Option<Msg>,
    pub error: Option<Msg>,
    /// Offer "Send a new code" (SMS and e-mail).
    pub resend: bool,
    pub back: Back<'a>,
}

/// The first step of turning a method on from the account page: the secret is made or the
/// code sent only when this form is posted (a GET changes nothing).
#[derive(Template)]
#[template(path = "factor_start.html")]
pub struct FactorStartPage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: Msg,
    pub lead: Msg,
    pub action: &'a str,
    pub csrf: &'a str,
    pub button: Msg,
    pub notice: Option<Msg>,
    pub back: Back<'a>,
}

#[derive(Template)]
#[template(path = "totp_enroll.html")]
pub struct TotpEnrollPage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub lead: Msg,
    pub action: &'a str,
    pub csrf: &'a str,
    pub qr_data_uri: &'a str,
    pub secret: &'a str,
    pub error: Option<Msg>,
    pub back: Back<'a>,
}

#[derive(Template)]
#[template(path = "phone.html")]
pub struct PhonePage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub action: &'a str,
    pub csrf: &'a str,
    pub phone: &'a str,
    pub error: Option<Msg>,
    pub back: Back<'a>,
}

#[derive(Template)]
#[template(path = "set_password.html")]
pub struct SetPasswordPage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: Msg,
    pub lead: Msg,
    pub action: &'a str,
    pub csrf: &'a str,
    pub username: &'a str,
    pub error: Option<Msg>,
    pub offer_totp: bool,
    pub totp_checked: bool,
    pub button: Msg,
}

#[derive(Template)]
#[template(path = "reset_request.html")]
pub struct ResetRequestPage<'a> {
    pub t: Tr,
    pub csrf: &'a str,
    /// Where the language switch returns.
    pub action: &'a str,
    pub tenant: &'a str,
    pub username: &'a str,
    pub error: Option<Msg>,
}

#[derive(Template)]
#[template(path = "confirm_email.html")]
pub struct ConfirmEmailPage<'a> {
    pub t: Tr,
    pub action: &'a str,
    pub csrf: &'a str,
    pub email: &'a str,
}

/// A row of the second-factor table on the account page.
pub struct FactorView {
    pub value: &'static str,
    /// Catalogue keys: the method's name, and the "yes, turn it off" box.
    pub label: &'static str,
    pub off_confirm: &'static str,
    pub status: Msg,
    pub detail: Option<Msg>,
    pub on_href: Option<String>,
    pub blocked: Option<Msg>,
    pub change_href: Option<String>,
    pub off_form: bool,
}

/// A row of the session table on the account page.
pub struct SessionView {
    pub sid: String,
    pub started: String,
    /// Catalogue keys of the ways this session signed in.
    pub how: Vec<&'static str>,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage<'a> {
    pub t: Tr,
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub csrf: &'a str,
    /// Where the language switch returns.
    pub action: &'a str,
    /// Who is signed in, at which company.
    pub who: Msg,
    pub username: &'a str,
    pub email: &'a str,
    pub email_confirmed: bool,
    pub notice: Option<Msg>,
    pub error: Option<Msg>,
    pub show_password: bool,
    pub password_error: Option<Msg>,
    pub show_factors: bool,
    pub factors: Vec<FactorView>,
    pub mfa_session: bool,
    pub step_up_href: &'a str,
    pub sessions: Vec<SessionView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use idp_i18n::Lang;

    fn langs() -> [Tr; 2] {
        [
            Tr::new(Lang::ENGLISH),
            Tr::new(Lang::parse("de").unwrap_or(Lang::ENGLISH)),
        ]
    }

    fn login(t: Tr) -> LoginPage<'static> {
        LoginPage {
            t,
            brand: None,
            action: "/login/x",
            sso_href: "/login/x/sso",
            csrf: "c",
            tenant: "acme",
            username: "alice",
            error: Some(Msg::new("login-fields-missing")),
            client_name: "Payroll",
            tenant_locked: false,
        }
    }

    fn account(t: Tr) -> AccountPage<'static> {
        AccountPage {
            t,
            brand: None,
            csrf: "c",
            action: "/account",
            who: Msg::new("account-who")
                .with("name", "Alice Example")
                .with("username", "alice")
                .with("company", "Acme")
                .with("tenant", "acme"),
            username: "alice",
            email: "alice@example.com",
            email_confirmed: false,
            notice: Some(Msg::new("account-done-on")),
            error: Some(Msg::new("refusal-confirmation-needed")),
            show_password: true,
            password_error: Some(
                Msg::new("password-weak-hint")
                    .with("hint", Msg::new("password-hint-this-is-a-common-password")),
            ),
            show_factors: true,
            factors: vec![FactorView {
                value: "totp",
                label: "method-totp",
                off_confirm: "account-off-confirm-totp",
                status: Msg::new("account-on-since").with("when", t.datetime(1_796_130_300, None)),
                detail: None,
                on_href: None,
                blocked: Some(Msg::new("refusal-last-method-required")),
                change_href: None,
                off_form: true,
            }],
            mfa_session: false,
            step_up_href: "/account/step-up",
            sessions: vec![SessionView {
                sid: "s1".into(),
                started: t.datetime(1_796_130_300, Some("Europe/Berlin")),
                how: vec!["account-how-pwd", "account-how-otp"],
                current: true,
            }],
        }
    }

    /// Each translated page in each language: its `<html lang>`, and no word of the other.
    #[test]
    fn the_pages_render_in_every_language() {
        for t in langs() {
            let pages = [
                login(t).render(),
                SsoPage {
                    t,
                    action: "/login/x/sso",
                    back_href: "/login/x",
                    csrf: "c",
                    email: "",
                    error: Some(Msg::new("sso-bad-email")),
                }
                .render(),
                ErrorPage {
                    t,
                    message: &Msg::new("error-internal").with("reference", "R1"),
                }
                .render(),
                ChoosePage {
                    t,
                    brand: None,
                    title: Msg::new("factor-enroll-title"),
                    lead: Msg::new("factor-enroll-lead"),
                    action: "/login/x/factor",
                    csrf: "c",
                    choices: vec![Choice {
                        value: "totp",
                        label: "method-totp",
                        hint: Msg::new("factor-hint-totp-enroll"),
                    }],
                    error: Some(Msg::new("factor-choose-listed")),
                    back: Some(("/login/x", Msg::new("factor-someone-else"))),
                }
                .render(),
                CodePage {
                    t,
                    brand: None,
                    title: Msg::new("factor-code-title"),
                    lead: Msg::new("factor-lead-email")
                        .with("target", "a•••@example.com")
                        .with("valid", idp_i18n::duration(90)),
                    action: "/login/x/factor",
                    csrf: "c",
                    notice: Some(Msg::new("code-new-sent")),
                    error: Some(Msg::new("code-wrong")),
                    resend: true,
                    back: Some((
                        "/login/x/factor?choose=1",
                        Msg::new("factor-another-method"),
                    )),
                }
                .render(),
                TotpEnrollPage {
                    t,
                    brand: None,
                    lead: Msg::new("factor-enroll-totp-lead"),
                    action: "/login/x/factor",
                    csrf: "c",
                    qr_data_uri: "data:image/png;base64,",
                    secret: "JBSWY3DPEHPK3PXP",
                    error: Some(Msg::new("code-replayed")),
                    back: None,
                }
                .render(),
                PhonePage {
                    t,
                    brand: None,
                    action: "/login/x/factor",
                    csrf: "c",
                    phone: "",
                    error: Some(Msg::new("phone-invalid")),
                    back: None,
                }
                .render(),
                FactorStartPage {
                    t,
                    brand: None,
                    title: Msg::new("setup-totp-title"),
                    lead: Msg::new("setup-totp-lead"),
                    action: "/account/factors/totp",
                    csrf: "c",
                    button: Msg::new("setup-totp-button"),
                    notice: None,
                    back: Some(("/account", Msg::new("setup-back"))),
                }
                .render(),
                SetPasswordPage {
                    t,
                    brand: None,
                    title: Msg::new("password-title-register"),
                    lead: Msg::new("password-lead")
                        .with("tenant", "acme")
                        .with("username", "alice"),
                    action: "/account/register/x",
                    csrf: "c",
                    username: "alice",
                    error: Some(Msg::new("password-too-short").with("min", 12u32)),
                    offer_totp: true,
                    totp_checked: false,
                    button: Msg::new("password-button-register"),
                }
                .render(),
                ResetRequestPage {
                    t,
                    csrf: "c",
                    action: "/account/reset",
                    tenant: "",
                    username: "",
                    error: Some(Msg::new("reset-fields-missing")),
                }
                .render(),
                ConfirmEmailPage {
                    t,
                    action: "/account/confirm/x",
                    csrf: "c",
                    email: "alice@example.com",
                }
                .render(),
                MessagePage {
                    t,
                    title: Msg::new("reset-sent-title"),
                    message: Msg::new("reset-sent-lead"),
                }
                .render(),
                LogoutConfirmPage {
                    t,
                    csrf: "c",
                    post_logout_redirect_uri: None,
                    state: None,
                    client_id: None,
                }
                .render(),
                SsoErrorPage {
                    t,
                    brand: None,
                    title: Msg::new("ssoerr-not-signed-in-title"),
                    message: Msg::new("ssoerr-no-account"),
                    support: "no_account",
                    retry_href: Some("/login/x/sso"),
                }
                .render(),
                account(t).render(),
            ];
            for html in pages {
                let html = html.unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    html.contains(&format!("<html lang=\"{}\">", t.tag())),
                    "{html}"
                );
                let other = if t.tag() == "de" {
                    [
                        "Sign in",
                        "Company ID",
                        "Enter",
                        "Go back",
                        "Choose",
                        "Your ",
                        " the ",
                        " you",
                    ]
                } else {
                    [
                        "Anmelden",
                        "Firmen-ID",
                        "Geben Sie",
                        "Kehren Sie",
                        "Ihr",
                        "Passwort",
                        " der ",
                        " und ",
                    ]
                };
                for w in other {
                    assert!(!html.contains(w), "{w} on the {} page: {html}", t.tag());
                }
            }
        }
    }

    /// What a translated page costs to render: `cargo test -p idp-web --release render_cost
    /// -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn render_cost() {
        for t in langs() {
            let n = 20_000;
            let start = std::time::Instant::now();
            let mut bytes = 0;
            for _ in 0..n {
                bytes += login(t).render().map(|h| h.len()).unwrap_or(0);
            }
            let per = start.elapsed().as_nanos() / n;
            println!(
                "login page, {}: {per} ns per render ({} bytes)",
                t.tag(),
                bytes / n as usize
            );
        }
    }
}
