//! The self-service account page (`/account`), itself a relying application of this IdP: a
//! browser without a session is sent through `/authorize` (the built-in public client
//! `idp-account`, PKCE) and comes back to `/account/callback`. From there: change the
//! password, turn second factors on and off (rule 6: off needs a session that passed a second
//! factor and an explicit confirmation), change the SMS number, see sessions and end them.

use super::{
    audit_user, browser_id, csrf_ok, current_session, request_ip, see_other, with_cookies,
};
use crate::cookies;
use crate::extract::PageParams;
use crate::pages::{
    self, AccountPage, CodePage, FactorStartPage, FactorView, PhonePage, SessionView,
    TotpEnrollPage,
};
use crate::respond::PageError;
use crate::AppState;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use idp_accounts::guard::Guard;
use idp_accounts::self_service::{Me as SelfService, Sessions};
use idp_accounts::{method_label, Check};
use idp_domain::secret::{digest, random_b64};
use idp_domain::user::{mask_email, mask_phone, normalize_phone};
use idp_domain::{
    Client, ClientId, GrantType, LoginMode, Method, SigningAlg, Tenant, TwoFactor, UnixTime, User,
};
use idp_mfa_policy::actions::{may_disable, may_enable, LAST_METHOD_REQUIRED};
use idp_oidc::params::Params;
use idp_oidc::ACR_MFA;
use idp_store::SessionRow;
use std::net::SocketAddr;
use std::sync::Arc;

/// The built-in client the account page signs in with.
pub const CLIENT_ID: &str = "idp-account";
/// Holds `state.verifier` between the redirect to `/authorize` and the callback.
const FLOW_COOKIE: &str = "idp_account_flow";

/// The account page's client registration (public, PKCE, this issuer's callback only).
pub fn builtin_client(issuer: &str, now: UnixTime) -> Option<Client> {
    Some(Client {
        id: ClientId::parse(CLIENT_ID).ok()?,
        name: "Your account".into(),
        secret_digest: None,
        public: true,
        redirect_uris: vec![format!("{}/account/callback", issuer.trim_end_matches('/'))],
        post_logout_redirect_uris: Vec::new(),
        grant_types: vec![GrantType::AuthorizationCode],
        scopes: vec!["openid".into()],
        tenant: None,
        admin: false,
        id_token_alg: SigningAlg::RS256,
        access_token_alg: SigningAlg::ES256,
        created_at: now,
        resources: Vec::new(),
        resource_server: false,
    })
}

fn callback(s: &AppState) -> String {
    format!(
        "{}/account/callback",
        s.provider.config.issuer.trim_end_matches('/')
    )
}

fn enc(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// Sends the browser to sign in (again, with `mfa`, demanding a second factor).
fn sign_in(s: &AppState, mfa: bool) -> Result<Response, PageError> {
    let random = |e: getrandom::Error| PageError::internal("random generator failed", &e);
    let state = random_b64(16).map_err(random)?;
    let verifier = random_b64(32).map_err(random)?;
    let mut url = format!(
        "/authorize?response_type=code&client_id={CLIENT_ID}&scope=openid&redirect_uri={}&state={state}&code_challenge={}&code_challenge_method=S256",
        enc(&callback(s)),
        digest(&verifier)
    );
    if mfa {
        url.push_str("&acr_values=");
        url.push_str(&enc(ACR_MFA));
        url.push_str(&format!("&max_age={STEP_UP_MAX_AGE}"));
    }
    let cookie = cookies::set(
        FLOW_COOKIE,
        &format!("{state}.{verifier}"),
        s.config.secure_cookies,
        Some(900),
    );
    Ok(with_cookies(see_other(&url), [cookie]))
}

/// `GET /account/callback`: the end of the account page's own sign-in. The code is redeemed
/// like any relying application would (PKCE), which proves the round trip; the page itself
/// then runs on the IdP session.
pub async fn callback_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    PageParams(p): PageParams,
) -> Result<Response, PageError> {
    let flow = cookies::get(&headers, FLOW_COOKIE, s.config.secure_cookies).unwrap_or_default();
    let (state, verifier) = flow.split_once('.').unwrap_or(("", ""));
    if state.is_empty() || p.get("state") != Some(state) {
        return Err(PageError::new(
            400,
            "This sign-in did not start here or has expired. Open your account page again.",
        ));
    }
    if let Some(e) = p.get("error") {
        let text = p.get("error_description").unwrap_or(e);
        return Err(PageError::new(
            403,
            format!("Sign-in did not complete: {text}"),
        ));
    }
    let code = p.get("code").unwrap_or("");
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", &callback(&s)),
        ("client_id", CLIENT_ID),
        ("code_verifier", verifier),
    ];
    let params = Params::from_pairs(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
    .map_err(|_| PageError::new(400, "The sign-in answer was not understood."))?;
    s.provider.token(None, &params).await.map_err(|e| {
        tracing::warn!(error = %e.description, "account sign-in code refused");
        PageError::new(
            400,
            "This sign-in has expired or was already used. Open your account page again.",
        )
    })?;
    let clear = cookies::clear(FLOW_COOKIE, s.config.secure_cookies);
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
    let Some(tenant) = s.provider.store.tenant(&session.tenant).await? else {
        return Ok(None);
    };
    let Some(user) = s
        .provider
        .store
        .user(&session.tenant, &session.user)
        .await?
        .filter(|u| !u.disabled)
    else {
        return Ok(None);
    };
    Ok(Some(Me {
        session,
        tenant,
        user,
    }))
}

fn when(t: UnixTime) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_default()
}

fn how(session: &SessionRow) -> String {
    let words: Vec<&str> = session
        .amr
        .iter()
        .filter_map(|a| match a.as_str() {
            "pwd" => Some("password"),
            "otp" => Some("authenticator app"),
            "sms" => Some("text message"),
            "email" => Some("e-mail code"),
            "fed" => Some("single sign-on"),
            _ => None,
        })
        .collect();
    words.join(" + ")
}

fn notice_for(done: &str) -> Option<&'static str> {
    Some(match done {
        "password" => {
            "Your password is changed. Other browsers signed in to your account were signed out."
        }
        "on" => "The method is on. You will be asked for it when you sign in.",
        "off" => "The method is off.",
        "phone" => "Your new number is verified and in use.",
        "sessions" => "Done: those sessions have ended.",
        _ => return None,
    })
}

struct Extra<'a> {
    notice: Option<&'a str>,
    error: Option<&'a str>,
    password_error: Option<&'a str>,
}

async fn render(
    s: &AppState,
    headers: &HeaderMap,
    me: &Me,
    x: Extra<'_>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let settings = &me.tenant.settings;
    let store = &s.provider.store;
    let all = store.factors(&me.tenant.id, &me.user.id).await?;
    let active: Vec<Method> = all.iter().filter(|f| f.active).map(|f| f.method).collect();
    let mfa = me.recent_second_factor(s.provider.now());
    let mut factors = Vec::new();
    // Methods the tenant offers, plus any the user still has on.
    let shown = Method::ALL
        .into_iter()
        .filter(|m| settings.methods.contains(m) || active.contains(m));
    for m in shown {
        let row = all.iter().find(|f| f.method == m && f.active);
        let detail = match (m, row) {
            (Method::Sms, Some(f)) => f.phone.as_deref().map(mask_phone).unwrap_or_default(),
            (Method::Email, _) => mask_email(&me.user.email),
            _ => String::new(),
        };
        let on = row.is_some();
        let (on_href, blocked) = if on {
            (None, None)
        } else {
            match may_enable(settings, &active, m, me.user.email_confirmed) {
                Ok(()) => (Some(format!("/account/factors/{m}")), None),
                Err(r) => (None, Some(r.message)),
            }
        };
        let off = on.then(|| may_disable(settings, &active, m, true, true));
        let (off_form, blocked) = match off {
            Some(Ok(())) => (mfa, blocked),
            Some(Err(r)) if r.code == LAST_METHOD_REQUIRED.code => (false, Some(r.message)),
            _ => (false, blocked),
        };
        factors.push(FactorView {
            value: m.as_str(),
            label: method_label(m),
            label_lower: method_label(m).to_lowercase(),
            status: match row.and_then(|f| f.activated_at) {
                Some(t) => format!("On since {}", when(t).get(..10).unwrap_or_default()),
                None if on => "On".into(),
                None => "Off".into(),
            },
            detail,
            on_href,
            blocked,
            change_href: (on && m == Method::Sms && mfa).then(|| "/account/factors/sms".into()),
            off_form,
        });
    }
    let now = s.provider.now();
    let sessions = store
        .user_sessions(&me.tenant.id, &me.user.id, now)
        .await?
        .into_iter()
        .map(|x| SessionView {
            current: x.id_digest == me.session.id_digest,
            started: when(x.auth_time),
            how: how(&x),
            sid: x.sid,
        })
        .collect();
    let password_tenant = settings.login_mode == LoginMode::Password;
    let page = AccountPage {
        csrf: &csrf,
        display_name: me.user.name.as_deref().unwrap_or(&me.user.username),
        username: &me.user.username,
        tenant_name: &me.tenant.name,
        tenant_id: me.tenant.id.as_str(),
        email: &me.user.email,
        email_confirmed: me.user.email_confirmed,
        notice: x.notice,
        error: x.error,
        show_password: password_tenant,
        password_error: x.password_error,
        show_factors: password_tenant && settings.two_factor != TwoFactor::Disabled,
        factors,
        mfa_session: mfa,
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
    render(
        &s,
        &headers,
        &me,
        Extra {
            notice: done,
            error: None,
            password_error: None,
        },
    )
    .await
}

/// `GET /account/step-up`: sign in again with a second factor.
pub async fn step_up_get(State(s): State<AppState>) -> Result<Response, PageError> {
    sign_in(&s, true)
}

async fn audit(
    s: &AppState,
    me: &Me,
    event: &str,
    detail: Option<String>,
    ip: std::net::IpAddr,
) -> Result<(), PageError> {
    audit_user(s, &me.tenant.id, &me.user.id, event, detail, ip).await
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
        return Err(PageError::new(
            403,
            "The form had expired. Open your account page again.",
        ));
    }
    Ok(Ok(me))
}

async fn password_error(
    s: &AppState,
    headers: &HeaderMap,
    me: &Me,
    e: &str,
) -> Result<Response, PageError> {
    let x = Extra {
        notice: None,
        error: None,
        password_error: Some(e),
    };
    render(s, headers, me, x).await
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
        Err(words) => password_error(&s, &headers, &me, &words).await,
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
                &pages::MessagePage {
                    title: "Signed out",
                    message: "You are signed out of this browser.",
                },
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
        .map_err(|_| PageError::new(404, "There is no such method."))?;
    let confirmed = p.get("confirm") == Some("1");
    let ip = request_ip(&s, peer, &headers);
    let me_ = self_service(&s, &me);
    if let Err(why) = s
        .accounts
        .turn_factor_off(me_, method, confirmed, ip)
        .await?
    {
        let x = Extra {
            notice: None,
            error: Some(why),
            password_error: None,
        };
        return render(&s, &headers, &me, x).await;
    }
    Ok(see_other("/account?done=off"))
}

/// What `/account/factors/{method}` is doing: turning a method on, or moving SMS to a new
/// number (which needs a session that passed a second factor).
async fn factor_mode(
    s: &AppState,
    me: &Me,
    method: Method,
) -> Result<Result<bool, &'static str>, PageError> {
    let active = s
        .provider
        .store
        .active_methods(&me.tenant.id, &me.user.id)
        .await?;
    if method == Method::Sms && active.contains(&Method::Sms) {
        if !me.recent_second_factor(s.provider.now()) {
            return Ok(Err(idp_mfa_policy::actions::SECOND_FACTOR_NEEDED.message));
        }
        return Ok(Ok(true));
    }
    Ok(may_enable(
        &me.tenant.settings,
        &active,
        method,
        me.user.email_confirmed,
    )
    .map(|()| false)
    .map_err(|r| r.message))
}

struct FactorForm<'a> {
    error: Option<&'a str>,
    notice: Option<&'a str>,
    phone: &'a str,
    ask_phone: bool,
}

async fn render_factor(
    s: &AppState,
    headers: &HeaderMap,
    me: &Me,
    method: Method,
    v: FactorForm<'_>,
) -> Result<Response, PageError> {
    let (browser, set) = browser_id(s, headers)?;
    let csrf = s.provider.secrets.csrf_token(&browser);
    let action = format!("/account/factors/{method}");
    let back = Some(("/account", "Back to your account"));
    let started = match method {
        Method::Totp => true,
        Method::Sms => true,
        Method::Email => s
            .accounts
            .live_code(&me.tenant, &me.user, Method::Email)
            .await?
            .is_some(),
    };
    let enrollment = match method {
        Method::Totp => s.accounts.totp_enrollment(&me.tenant, &me.user).await?,
        _ => None,
    };
    if !started || (method == Method::Totp && enrollment.is_none()) {
        let (title, lead, button) = match method {
            Method::Totp => (
                "Set up an authenticator app",
                "You will scan a QR code with an app on your phone, such as Google Authenticator or Microsoft Authenticator, and confirm it with the code it shows.",
                "Show the QR code",
            ),
            _ => (
                "Confirm your e-mail code",
                "We will send a 6-digit code to your e-mail address. Enter it on the next page to turn e-mail codes on.",
                "Send the code",
            ),
        };
        let page = FactorStartPage {
            title,
            lead,
            action: &action,
            csrf: &csrf,
            button,
            notice: v.notice,
            back,
        };
        return Ok(with_cookies(pages::render(StatusCode::OK, &page), set));
    }
    let response = match (method, enrollment) {
        (Method::Totp, Some(enrollment)) => pages::render(
            StatusCode::OK,
            &TotpEnrollPage {
                lead: "Connect an authenticator app to your account.",
                action: &action,
                csrf: &csrf,
                qr_data_uri: &enrollment.0,
                secret: &enrollment.1,
                error: v.error,
                back,
            },
        ),
        (Method::Sms, _) if v.ask_phone => pages::render(
            StatusCode::OK,
            &PhonePage {
                action: &action,
                csrf: &csrf,
                phone: v.phone,
                error: v.error,
                back,
            },
        ),
        _ => {
            let target = match method {
                Method::Email => mask_email(&me.user.email),
                _ => s
                    .provider
                    .store
                    .code(&me.tenant.id, &me.user.id, Method::Sms)
                    .await?
                    .map(|c| mask_phone(&c.target))
                    .unwrap_or_default(),
            };
            let lead = format!("We sent a 6-digit code to {target}. Enter it to confirm.");
            pages::render(
                StatusCode::OK,
                &CodePage {
                    title: "Confirm with a code",
                    lead: &lead,
                    action: &action,
                    csrf: &csrf,
                    notice: v.notice,
                    error: v.error,
                    resend: true,
                    back,
                },
            )
        }
    };
    Ok(with_cookies(response, set))
}

fn parse_method(m: &str) -> Result<Method, PageError> {
    m.parse()
        .map_err(|_| PageError::new(404, "There is no such method."))
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
    if let Err(why) = factor_mode(&s, &me, method).await? {
        return Err(PageError::new(403, why));
    }
    let verify = q.as_deref() == Some("verify=1");
    let v = FactorForm {
        error: None,
        notice: None,
        phone: "",
        ask_phone: method == Method::Sms && !verify,
    };
    render_factor(&s, &headers, &me, method, v).await
}

/// `POST /account/factors/{method}`: a phone number, "send a new code", or the code that
/// confirms the method (or the new number).
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
    let changing = match factor_mode(&s, &me, method).await? {
        Ok(c) => c,
        Err(why) => return Err(PageError::new(403, why)),
    };
    let view = |error, notice, phone, ask_phone| FactorForm {
        error,
        notice,
        phone,
        ask_phone,
    };
    if p.get("start").is_some() && !changing {
        let path = format!("/account/factors/{method}");
        match method {
            Method::Totp => {
                s.accounts.begin_totp(&me.tenant, &me.user).await?;
            }
            Method::Email => {
                if let Err(wait) = s.accounts.begin_email(&me.tenant, &me.user).await? {
                    let msg = format!(
                        "A code was sent moments ago; you can ask for a new one in {wait} seconds."
                    );
                    let v = view(None, Some(&msg), "", false);
                    return render_factor(&s, &headers, &me, method, v).await;
                }
            }
            Method::Sms => {}
        }
        return Ok(see_other(&path));
    }
    if let (Some(raw), Method::Sms) = (p.get("phone"), method) {
        let phone = match normalize_phone(raw) {
            Ok(p) => p,
            Err(e) => {
                let v = view(Some(e.reason.as_str()), None, raw, true);
                return render_factor(&s, &headers, &me, method, v).await;
            }
        };
        let sent = if changing {
            s.accounts
                .send_code(&me.tenant, &me.user, Method::Sms, &phone)
                .await?
        } else {
            s.accounts.begin_sms(&me.tenant, &me.user, &phone).await?
        };
        if let Err(wait) = sent {
            let msg = format!("Please wait {wait} seconds before asking for another code.");
            let v = view(Some(&msg), None, raw, true);
            return render_factor(&s, &headers, &me, method, v).await;
        }
        return Ok(see_other("/account/factors/sms?verify=1"));
    }
    if p.get("resend").is_some() && method != Method::Totp {
        let target = match method {
            Method::Email => Some(me.user.email.clone()),
            _ => s
                .provider
                .store
                .code(&me.tenant.id, &me.user.id, Method::Sms)
                .await?
                .map(|c| c.target),
        };
        let msg = match target {
            Some(t) => match s
                .accounts
                .send_code(&me.tenant, &me.user, method, &t)
                .await?
            {
                Ok(()) => "We sent a new code. Only the newest code works.".to_owned(),
                Err(wait) => format!("Please wait {wait} seconds before asking for another code."),
            },
            None => "Enter your number first.".to_owned(),
        };
        let v = view(None, Some(&msg), "", false);
        return render_factor(&s, &headers, &me, method, v).await;
    }
    let ip = request_ip(&s, peer, &headers);
    let device = cookies::get(&headers, cookies::DEVICE, s.config.secure_cookies);
    let (tenant, name) = (me.tenant.id.as_str(), me.user.username.as_str());
    let mut guard = Guard::for_user(&s.accounts, tenant, name, ip, device.as_deref());
    if let Some(m) = guard.reserve(&s.accounts).await? {
        let v = view(Some(&m), None, "", false);
        return render_factor(&s, &headers, &me, method, v).await;
    }
    let code = p.get("code").unwrap_or("");
    let check = if changing {
        // The new number is where the live code went.
        let target = s
            .provider
            .store
            .code(&me.tenant.id, &me.user.id, Method::Sms)
            .await?
            .map(|c| c.target);
        match target {
            Some(t) => {
                let c = s
                    .accounts
                    .check_sent_code(&me.tenant, &me.user, Method::Sms, &t, code)
                    .await?;
                if c == Check::Accepted {
                    s.provider
                        .store
                        .change_phone(&me.tenant.id, &me.user.id, &t, s.provider.now())
                        .await?;
                }
                c
            }
            None => Check::NoCode,
        }
    } else {
        s.accounts
            .check_code(&me.tenant, &me.user, method, code, true)
            .await?
    };
    if check != Check::Accepted {
        guard.failed_code(&s.accounts, method).await?;
        let v = view(Some(check.message(method)), None, "", false);
        return render_factor(&s, &headers, &me, method, v).await;
    }
    guard.passed(&s.accounts).await?;
    let (event, done) = if changing {
        ("factor.phone_changed", "phone")
    } else {
        // A new factor: sessions elsewhere, which never passed it, end.
        s.provider
            .store
            .delete_other_sessions(&me.tenant.id, &me.user.id, &me.session.id_digest)
            .await?;
        ("factor.enrolled", "on")
    };
    audit(&s, &me, event, Some(format!("method {method}")), ip).await?;
    Ok(see_other(&format!("/account?done={done}")))
}
