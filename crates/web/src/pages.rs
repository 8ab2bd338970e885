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
    /// The company's look: the ACS address names it.
    pub brand: Option<Brand>,
    pub title: &'a str,
    pub message: &'a str,
    /// The status or check, for support.
    pub support: &'a str,
    pub retry_href: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage<'a> {
    pub title: &'a str,
    pub message: &'a str,
}

#[derive(Template)]
#[template(path = "logout_confirm.html")]
pub struct LogoutConfirmPage<'a> {
    pub csrf: &'a str,
    pub post_logout_redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
    pub client_id: Option<&'a str>,
}

/// One choice of second-factor method.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub hint: String,
}

#[derive(Template)]
#[template(path = "factor_choose.html")]
pub struct ChoosePage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: &'a str,
    pub lead: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub choices: Vec<Choice>,
    pub error: Option<&'a str>,
    pub back: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "factor_code.html")]
pub struct CodePage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: &'a str,
    pub lead: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
    /// Offer "Send a new code" (SMS and e-mail).
    pub resend: bool,
    pub back: Option<(&'a str, &'a str)>,
}

/// The first step of turning a method on from the account page: the secret is made or the
/// code sent only when this form is posted (a GET changes nothing).
#[derive(Template)]
#[template(path = "factor_start.html")]
pub struct FactorStartPage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: &'a str,
    pub lead: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub button: &'a str,
    pub notice: Option<&'a str>,
    pub back: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "totp_enroll.html")]
pub struct TotpEnrollPage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub lead: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub qr_data_uri: &'a str,
    pub secret: &'a str,
    pub error: Option<&'a str>,
    pub back: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "phone.html")]
pub struct PhonePage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub action: &'a str,
    pub csrf: &'a str,
    pub phone: &'a str,
    pub error: Option<&'a str>,
    pub back: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "set_password.html")]
pub struct SetPasswordPage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub title: &'a str,
    pub lead: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub username: &'a str,
    pub error: Option<&'a str>,
    pub offer_totp: bool,
    pub totp_checked: bool,
    pub totp_hint: &'a str,
    pub button: &'a str,
}

#[derive(Template)]
#[template(path = "reset_request.html")]
pub struct ResetRequestPage<'a> {
    pub csrf: &'a str,
    pub tenant: &'a str,
    pub username: &'a str,
    pub error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "confirm_email.html")]
pub struct ConfirmEmailPage<'a> {
    pub action: &'a str,
    pub csrf: &'a str,
    pub email: &'a str,
}

/// A row of the second-factor table on the account page.
pub struct FactorView {
    pub value: &'static str,
    pub label: &'static str,
    pub label_lower: String,
    pub status: String,
    pub detail: String,
    pub on_href: Option<String>,
    pub blocked: Option<&'static str>,
    pub change_href: Option<String>,
    pub off_form: bool,
}

/// A row of the session table on the account page.
pub struct SessionView {
    pub sid: String,
    pub started: String,
    pub how: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage<'a> {
    /// The tenant's look, once the tenant is known.
    pub brand: Option<Brand>,
    pub csrf: &'a str,
    pub display_name: &'a str,
    pub username: &'a str,
    pub tenant_name: &'a str,
    pub tenant_id: &'a str,
    pub email: &'a str,
    pub email_confirmed: bool,
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
    pub show_password: bool,
    pub password_error: Option<&'a str>,
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
            ];
            for html in pages {
                let html = html.unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    html.contains(&format!("<html lang=\"{}\">", t.tag())),
                    "{html}"
                );
                let other = if t.tag() == "de" {
                    ["Sign in", "Company ID", "Enter your", "Go back"]
                } else {
                    ["Anmelden", "Firmen-ID", "Geben Sie", "Kehren Sie"]
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
