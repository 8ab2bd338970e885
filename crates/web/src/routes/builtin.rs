//! The product's own pages that are relying applications of this IdP (`/account`, `/admin`):
//! a browser without a session is sent through `/authorize` with the page's built-in public
//! client (PKCE) and comes back to `<path>/callback`, where the code is redeemed like any
//! relying application would, which proves the round trip. The pages then run on the IdP
//! session.

use super::{see_other, with_cookies};
use crate::cookies;
use crate::extract::PageParams;
use crate::respond::PageError;
use crate::AppState;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use idp_domain::secret::{digest, random_b64};
use idp_domain::{Client, ClientId, GrantType, SigningAlg, UnixTime};
use idp_i18n::Msg;
use idp_oidc::params::Params;

/// One built-in relying application.
pub struct Builtin {
    pub client_id: &'static str,
    pub name: &'static str,
    /// Where its pages live (`/account`); the callback is `<path>/callback`.
    pub path: &'static str,
    /// Holds `state.verifier` between the redirect to `/authorize` and the callback.
    pub flow_cookie: &'static str,
    pub scope: &'static str,
}

pub const ACCOUNT: Builtin = Builtin {
    client_id: "idp-account",
    name: "Your account",
    path: "/account",
    flow_cookie: "idp_account_flow",
    scope: "openid",
};

pub const CONSOLE: Builtin = Builtin {
    client_id: "idp-admin",
    name: "Administration",
    path: "/admin",
    flow_cookie: "idp_admin_flow",
    scope: "openid",
};

/// `idp serve --demo`'s own application: its callback shows the ID token and userinfo.
pub const DEMO: Builtin = Builtin {
    client_id: "idp-demo",
    name: "Demo application",
    path: "/demo",
    flow_cookie: "idp_demo_flow",
    scope: "openid profile email",
};

fn enc(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

impl Builtin {
    /// The registration (public, PKCE, this issuer's callback only).
    pub fn client(&self, issuer: &str, now: UnixTime) -> Option<Client> {
        Some(Client {
            id: ClientId::parse(self.client_id).ok()?,
            name: self.name.into(),
            secret_digest: None,
            public: true,
            redirect_uris: vec![self.callback_at(issuer)],
            post_logout_redirect_uris: Vec::new(),
            grant_types: vec![GrantType::AuthorizationCode],
            scopes: self.scope.split(' ').map(str::to_owned).collect(),
            tenant: None,
            admin: false,
            id_token_alg: SigningAlg::RS256,
            access_token_alg: SigningAlg::ES256,
            created_at: now,
            resources: Vec::new(),
            resource_server: false,
            disabled: false,
        })
    }

    fn callback_at(&self, issuer: &str) -> String {
        format!("{}{}/callback", issuer.trim_end_matches('/'), self.path)
    }

    /// Sends the browser to sign in; `extra` is appended to the authorization request
    /// (`&prompt=login`, `&acr_values=...&max_age=...`).
    pub fn sign_in(&self, s: &AppState, extra: &str) -> Result<Response, PageError> {
        let random = |e: getrandom::Error| PageError::internal("random generator failed", &e);
        let state = random_b64(16).map_err(random)?;
        let verifier = random_b64(32).map_err(random)?;
        let url = format!(
            "/authorize?response_type=code&client_id={}&scope={}&redirect_uri={}&state={state}&code_challenge={}&code_challenge_method=S256{extra}",
            self.client_id,
            enc(self.scope),
            enc(&self.callback_at(&s.provider.config.issuer)),
            digest(&verifier)
        );
        let cookie = cookies::set(
            self.flow_cookie,
            &format!("{state}.{verifier}"),
            s.config.secure_cookies,
            Some(900),
        );
        Ok(with_cookies(see_other(&url), [cookie]))
    }

    /// The callback: checks `state` against this browser's flow cookie and redeems the code.
    /// Returns the cookie that clears the flow, and the tokens.
    pub async fn redeem(
        &self,
        s: &AppState,
        headers: &HeaderMap,
        p: &PageParams,
    ) -> Result<(HeaderValue, idp_oidc::token::TokenResponse), PageError> {
        let p = &p.0;
        let flow =
            cookies::get(headers, self.flow_cookie, s.config.secure_cookies).unwrap_or_default();
        let (state, verifier) = flow.split_once('.').unwrap_or(("", ""));
        if state.is_empty() || p.get("state") != Some(state) {
            let m = Msg::new("builtin-not-started").with("path", self.path);
            return Err(PageError::msg(400, m));
        }
        if let Some(e) = p.get("error") {
            let text = p.get("error_description").unwrap_or(e);
            let m = Msg::new("builtin-not-completed").with("detail", text);
            return Err(PageError::msg(403, m));
        }
        let callback = self.callback_at(&s.provider.config.issuer);
        let pairs = [
            ("grant_type", "authorization_code"),
            ("code", p.get("code").unwrap_or("")),
            ("redirect_uri", &callback),
            ("client_id", self.client_id),
            ("code_verifier", verifier),
        ];
        let params = Params::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
        .map_err(|_| PageError::msg(400, Msg::new("builtin-not-understood")))?;
        let tokens = s.provider.token(None, &params).await.map_err(|e| {
            tracing::warn!(error = %e.description, client = self.client_id, "built-in sign-in code refused");
            PageError::msg(400, Msg::new("builtin-code-spent").with("path", self.path))
        })?;
        Ok((
            cookies::clear(self.flow_cookie, s.config.secure_cookies),
            tokens,
        ))
    }
}
