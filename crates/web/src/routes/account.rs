//! The self-service account page (`/account`), itself a relying application of this IdP: a
//! browser without a session is sent through `/authorize` (the built-in public client
//! `idp-account`, PKCE) and comes back to `/account/callback`. From there: change the
//! password, turn second factors on and off (rule 6: off needs a session that passed a second
//! factor and an explicit confirmation), change the SMS number, see sessions and end them.

use super::{browser_id, csrf_ok, current_session, request_ip, see_other, with_cookies};
use crate::cookies;
use crate::extract::PageParams;
use crate::pages::{
    self, AccountPage, Back, Brand, CodePage, FactorStartPage, FactorView, PhonePage, SessionView,
    TotpEnrollPage,
};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::factor_setup::{Again, SetupForm, SetupOutcome, SetupScreen};
use idp_accounts::method_label;
use idp_accounts::self_service::{FactorOverview, Me as SelfService, Sessions};
use idp_domain::user::{mask_email, mask_phone};
use idp_domain::{Client, LoginMode, Method, Tenant, TwoFactor, UnixTime, User};
use idp_i18n::{Msg, Tr};
use idp_oidc::params::Params;
use idp_oidc::ACR_MFA;
use idp_store::SessionRow;
use std::net::SocketAddr;
use std::sync::Arc;

use super::builtin::ACCOUNT;

/// The account page's client registration.
pub fn builtin_client(issuer: &str, now: UnixTime) -> Option<Client> {
    ACCOUNT.client(issuer, now)
}

/// Sends the browser to sign in (again, with `mfa`, demanding a second factor).
fn sign_in(s: &AppState, mfa: bool) -> Result<Response, PageError> {
    let extra = if mfa {
        format!(
            "&acr_values={}&max_age={STEP_UP_MAX_AGE}",
            url::form_urlencoded::byte_serialize(ACR_MFA.as_bytes()).collect::<String>()
        )
    } else {
        String::new()
    };
    ACCOUNT.sign_in(s, &extra)
}

/// `GET /account/callback`: the end of the account page's own sign-in.
pub async fn callback_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    p: PageParams,
) -> Result<Response, PageError> {
    let (clear, _) = ACCOUNT.redeem(&s, &headers, &p).await?;
    Ok(with_cookies(see_other("/account"), [clear]))
}

/// The signed-in user of this browser.
struct Me {
    session: SessionRow,
    tenant: Arc<Tenant>,
    user: User,
}

/// How recent a second factor must be for a sensitive change (turning a factor off, a new
/// phone number, a new password): a step-up asks for one with this `max_age`.
pub const STEP_UP_MAX_AGE: i64 = 600;

impl Me {
    /// The language of this user's pages.
    fn tr(&self, s: &AppState, headers: &HeaderMap) -> Tr {
        super::language::for_user(s, headers, Default::default(), (&self.user, &self.tenant))
    }

    /// Whether this session passed a second factor within [`STEP_UP_MAX_AGE`]; having passed
    /// one at some point of a 12-hour session is not enough.
    fn recent_second_factor(&self, now: UnixTime) -> bool {
        self.session.acr == ACR_MFA && now - self.session.auth_time <= STEP_UP_MAX_AGE
    }
}

async fn me(s: &AppState, headers: &HeaderMap) -> Result<Option<Me>, PageError> {
    let Some(session) = current_session(s, headers).await? else {
        return Ok(None);
    };
    let Some((tenant, user)) = s.accounts.signed_in(&session).await? else {
        return Ok(None);
    };
    Ok(Some(Me {
        session,
        tenant,
        user,
    }))
}

/// The catalogue keys of how a session signed in (its `amr`).
fn how(session: &SessionRow) -> Vec<&'static str> {
    session
        .amr
        .iter()
        .filter_map(|a| match a.as_str() {
            "pwd" => Some("account-how-pwd"),
            "otp" => Some("account-how-otp"),
            "sms" => Some("account-how-sms"),
            "email" => Some("account-how-email"),
            "fed" => Some("account-how-fed"),
            _ => None,
        })
        .collect()
}

fn notice_for(done: &str) -> Option<Msg> {
    let key = match done {
        "password" => "account-done-password",
        "on" => "account-done-on",
        "off" => "account-done-off",
        "phone" => "account-done-phone",
        "sessions" => "account-done-sessions",
        _ => return None,
    };
    Some(Msg::new(key))
}

#[derive(Default)]
struct Extra {
    notice: Option<Msg>,
    error: Option<Msg>,
    password_error: Option<Msg>,
}

/// A method's row on the account page.
fn factor_view(t: Tr, zone: Option<&str>, user: &User, f: FactorOverview) -> FactorView {
    let m = f.method;
    let detail = match (m, &f.active) {
        (Method::Sms, Some(row)) => row.phone.as_deref().map(mask_phone),
        (Method::Email, _) => Some(mask_email(&user.email)),
        _ => None,
    };
    let on = f.active.is_some();
    FactorView {
        value: m.as_str(),
        label: method_label(m),
        off_confirm: match m {
            Method::Totp => "account-off-confirm-totp",
            Method::Sms => "account-off-confirm-sms",
            Method::Email => "account-off-confirm-email",
        },
        status: match f.active.as_ref().map(|row| row.activated_at) {
            Some(Some(at)) => Msg::new("account-on-since").with("when", t.datetime(at, zone)),
            Some(None) => Msg::new("account-on"),
            None => Msg::new("account-off"),
        },
        detail: detail.map(|d| Msg::new("account-factor-target").with("target", d)),
        on_href: (!on && f.on_refused.is_none()).then(|| format!("/account/factors/{m}")),
        blocked: f.on_refused.or(f.off_refused),
        change_href: f.phone_change.then(|| "/account/factors/sms".into()),
        off_form: f.off_allowed,
    }
}

async fn render(
    s: &AppState,
    headers: &HeaderMap,
    me: &Me,
    x: Extra,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let settings = &me.tenant.settings;
    let t = me.tr(s, headers);
    let zone = settings.time_zone.as_deref();
    let who = self_service(s, me);
    let overview = s.accounts.overview(&who).await?;
    let factors = overview
        .factors
        .into_iter()
        .map(|f| factor_view(t, zone, &me.user, f))
        .collect();
    let sessions = overview
        .sessions
        .into_iter()
        .map(|x| SessionView {
            current: x.id_digest == me.session.id_digest,
            started: t.datetime(x.auth_time, zone),
            how: how(&x),
            sid: x.sid,
        })
        .collect();
    let password_tenant = settings.login_mode == LoginMode::Password;
    let page = AccountPage {
        t,
        brand: Brand::of(&me.tenant),
        csrf: &csrf,
        action: "/account",
        who: Msg::new("account-who")
            .with("name", me.user.name.as_deref().unwrap_or(&me.user.username))
            .with("username", me.user.username.as_str())
            .with("company", me.tenant.name.as_str())
            .with("tenant", me.tenant.id.as_str()),
        username: &me.user.username,
        email: &me.user.email,
        email_confirmed: me.user.email_confirmed,
        notice: x.notice,
        error: x.error,
        show_password: password_tenant,
        password_error: x.password_error,
        show_factors: password_tenant && settings.two_factor != TwoFactor::Disabled,
        factors,
        mfa_session: who.recent_second_factor,
        step_up_href: "/account/step-up",
        sessions,
    };
    Ok(with_cookies(pages::render(StatusCode::OK, &page), set))
}

/// `GET /account`.
pub async fn account_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, PageError> {
    let Some(me) = me(&s, &headers).await? else {
        return sign_in(&s, false);
    };
    let done = q
        .as_deref()
        .and_then(|q| q.strip_prefix("done="))
        .and_then(notice_for);
    let x = Extra {
        notice: done,
        ..Extra::default()
    };
    render(&s, &headers, &me, x).await
}

/// `GET /account/step-up`: sign in again with a second factor.
pub async fn step_up_get(State(s): State<AppState>) -> Result<Response, PageError> {
    sign_in(&s, true)
}

/// The signed-in user as the accounts use cases see them.
fn self_service<'a>(s: &AppState, me: &'a Me) -> SelfService<'a> {
    SelfService {
        tenant: &me.tenant,
        user: &me.user,
        session: &me.session,
        recent_second_factor: me.recent_second_factor(s.provider.now()),
        device: None,
    }
}

/// Every POST here: a session and a CSRF token made for this browser, or nothing happens.
async fn authorized(
    s: &AppState,
    headers: &HeaderMap,
    p: &Params,
) -> Result<Result<Me, Response>, PageError> {
    let Some(me) = me(s, headers).await? else {
        return Ok(Err(see_other("/account")));
    };
    if !csrf_ok(s, headers, p) {
        return Err(PageError::msg(403, Msg::new("account-form-expired")));
    }
    Ok(Ok(me))
}

/// `POST /account/password`: the current password, then a new one twice.
pub async fn password_post(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let me = match authorized(&s, &headers, &p).await? {
        Ok(me) => me,
        Err(r) => return Ok(r),
    };
    let current = p.get("current_password").unwrap_or("").to_owned();
    let entered = (
        p.get("password").unwrap_or(""),
        p.get("password_confirm").unwrap_or(""),
    );
    let device = cookies::get(&headers, cookies::DEVICE, s.config.secure_cookies);
    let who = SelfService {
        tenant: &me.tenant,
        user: &me.user,
        session: &me.session,
        recent_second_factor: me.recent_second_factor(s.provider.now()),
        device: device.as_deref(),
    };
    let ip = request_ip(&s, peer, &headers);
    match s
        .accounts
        .change_password(who, current, entered, ip)
        .await?
    {
        Ok(()) => Ok(see_other("/account?done=password")),
        Err(words) => {
            let x = Extra {
                password_error: Some(words),
                ..Extra::default()
            };
            render(&s, &headers, &me, x).await
        }
    }
}

/// `POST /account/sessions`: `sid` ends one session of the user; `others` all but this one.
pub async fn sessions_post(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let me = match authorized(&s, &headers, &p).await? {
        Ok(me) => me,
        Err(r) => return Ok(r),
    };
    let ip = request_ip(&s, peer, &headers);
    let sid = p.get("sid").unwrap_or("");
    let which = if p.get("others").is_some() {
        Sessions::Others
    } else {
        Sessions::One(sid)
    };
    s.accounts
        .end_sessions(self_service(&s, &me), which, ip)
        .await?;
    if let Sessions::Others = which {
        return Ok(see_other("/account?done=sessions"));
    }
    if sid == me.session.sid {
        let clear = cookies::clear(cookies::SESSION, s.config.secure_cookies);
        return Ok(with_cookies(
            pages::render(
                StatusCode::OK,
                &pages::MessagePage::of("account-signed-out", Msg::new("account-signed-out-lead")),
            ),
            [clear],
        ));
    }
    Ok(see_other("/account?done=sessions"))
}

/// `POST /account/factors/{method}/off` (rule 6).
pub async fn factor_off_post(
    State(s): State<AppState>,
    Path(method): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let me = match authorized(&s, &headers, &p).await? {
        Ok(me) => me,
        Err(r) => return Ok(r),
    };
    let method: Method = method
        .parse()
        .map_err(|_| PageError::msg(404, Msg::new("account-no-such-method")))?;
    let confirmed = p.get("confirm") == Some("1");
    let ip = request_ip(&s, peer, &headers);
    let me_ = self_service(&s, &me);
    if let Err(why) = s
        .accounts
        .turn_factor_off(me_, method, confirmed, ip)
        .await?
    {
        let x = Extra {
            error: Some(why),
            ..Extra::default()
        };
        return render(&s, &headers, &me, x).await;
    }
    Ok(see_other("/account?done=off"))
}

/// The start form's title, lead and button for `method`.
fn start_words(method: Method) -> (Msg, Msg, Msg) {
    let keys = match method {
        Method::Totp => ("setup-totp-title", "setup-totp-lead", "setup-totp-button"),
        _ => (
            "setup-email-title",
            "setup-email-lead",
            "setup-email-button",
        ),
    };
    (Msg::new(keys.0), Msg::new(keys.1), Msg::new(keys.2))
}

/// What every page of a method's set-up has.
struct Frame<'a> {
    t: Tr,
    action: &'a str,
    csrf: &'a str,
    back: Back<'a>,
    again: Again,
    brand: Option<Brand>,
}

fn setup_page(f: Frame<'_>, method: Method, screen: &SetupScreen) -> Response {
    let Frame {
        t,
        action,
        csrf,
        back,
        again,
        brand,
    } = f;
    let Again {
        error,
        notice,
        phone,
        ..
    } = again;
    match screen {
        SetupScreen::Start => {
            let (title, lead, button) = start_words(method);
            let page = FactorStartPage {
                t,
                brand,
                title,
                lead,
                action,
                csrf,
                button,
                notice,
                back,
            };
            pages::render(StatusCode::OK, &page)
        }
        SetupScreen::Totp {
            qr_data_uri,
            secret,
        } => {
            let page = TotpEnrollPage {
                t,
                brand,
                lead: Msg::new("setup-totp-enroll-lead"),
                action,
                csrf,
                qr_data_uri,
                secret,
                error,
                back,
            };
            pages::render(StatusCode::OK, &page)
        }
        SetupScreen::Phone => {
            let page = PhonePage {
                t,
                brand,
                action,
                csrf,
                phone: &phone,
                error,
                back,
            };
            pages::render(StatusCode::OK, &page)
        }
        SetupScreen::Code { target } => {
            let page = CodePage {
                t,
                brand,
                title: Msg::new("setup-code-title"),
                lead: Msg::new("setup-code-lead").with("target", target.as_str()),
                action,
                csrf,
                notice,
                error,
                resend: true,
                back,
            };
            pages::render(StatusCode::OK, &page)
        }
    }
}

/// The page for turning `method` on, where it stands, with `again`'s words.
async fn render_factor(
    s: &AppState,
    headers: &HeaderMap,
    me: &Me,
    method: Method,
    again: Again,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/account/factors/{method}");
    let who = self_service(s, me);
    let screen = s
        .accounts
        .setup_screen(&who, method, again.ask_phone)
        .await?;
    let frame = Frame {
        t: me.tr(s, headers),
        action: &action,
        csrf: &csrf,
        back: Some(("/account", Msg::new("setup-back"))),
        again,
        brand: Brand::of(&me.tenant),
    };
    let page = setup_page(frame, method, &screen);
    Ok(with_cookies(page, set))
}

fn parse_method(m: &str) -> Result<Method, PageError> {
    m.parse()
        .map_err(|_| PageError::msg(404, Msg::new("account-no-such-method")))
}

/// `GET /account/factors/{method}`: where turning the method on stands. A GET changes
/// nothing: the TOTP secret is made and the e-mail code sent by the POST of the start form
/// (`start`); SMS asks for the number.
pub async fn factor_get(
    State(s): State<AppState>,
    Path(method): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, PageError> {
    let method = parse_method(&method)?;
    let Some(me) = me(&s, &headers).await? else {
        return sign_in(&s, false);
    };
    if let Err(why) = s
        .accounts
        .setup_mode(&self_service(&s, &me), method)
        .await?
    {
        return Err(PageError::msg(403, why));
    }
    let again = Again {
        ask_phone: method == Method::Sms && q.as_deref() != Some("verify=1"),
        ..Again::default()
    };
    render_factor(&s, &headers, &me, method, again).await
}

/// `POST /account/factors/{method}`: the start button, a phone number, "send a new code", or
/// the code that confirms the method (or the new number).
pub async fn factor_post(
    State(s): State<AppState>,
    Path(method): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let method = parse_method(&method)?;
    let me = match authorized(&s, &headers, &p).await? {
        Ok(me) => me,
        Err(r) => return Ok(r),
    };
    let form = SetupForm {
        start: p.get("start").is_some(),
        phone: p.get("phone"),
        resend: p.get("resend").is_some(),
        code: p.get("code").unwrap_or(""),
    };
    let device = cookies::get(&headers, cookies::DEVICE, s.config.secure_cookies);
    let who = SelfService {
        device: device.as_deref(),
        ..self_service(&s, &me)
    };
    let ip = request_ip(&s, peer, &headers);
    match s.accounts.setup_submit(who, method, form, ip).await? {
        SetupOutcome::Refused(why) => Err(PageError::msg(403, why)),
        SetupOutcome::Done(done) => Ok(see_other(&format!("/account?done={done}"))),
        SetupOutcome::Next(path) => Ok(see_other(&path)),
        SetupOutcome::Again(again) => render_factor(&s, &headers, &me, method, again).await,
    }
}
