//! The authorization endpoint's request pipeline (OIDC Core §3.1.2), as ordered steps:
//!
//! 1. `check_client`: `client_id` names a registered client.
//! 2. `check_redirect_uri`: `redirect_uri` is present and registered, compared exactly.
//!    Until both hold, errors are shown on our own page, never redirected (no open redirect).
//! 3. `check_lengths`: every parameter kept with the interaction is within [`PARAM_LIMITS`]
//!    (an unauthenticated browser must not make us store megabytes); then
//!    `check_request_objects`: `request` / `request_uri` are not supported (OIDC Core §6).
//! 4. `check_response_type`: `code` only; `response_mode` `query` only.
//! 5. `check_scope`: scope tokens are valid; ones the client may not use are dropped.
//! 6. `check_pkce`: S256 only; required for public clients (RFC 7636, OAuth 2.0 BCP);
//!    `check_resource`: a registered RFC 8707 resource, else `invalid_target`.
//! 7. `check_prompt` and `max_age`: `none`, `login`, `consent`, `select_account`; `none`
//!    alone (OIDC Core §3.1.2.1).
//! 8. `check_acr_values`: whether a second factor is demanded.
//!
//! `id_token_hint` is verified by the caller that knows the session (see
//! [`Provider::verify_id_token_hint`]).

use crate::claims::{GrantData, IdTokenClaims};
use crate::params::Params;
use crate::provider::Provider;
use crate::storage::{NewGrant, OidcStorage, SessionRow, StorageError};
use crate::{pkce, ErrorCode, OAuthError, ACR_MFA};
use idp_domain::client::validate_scope_token;
use idp_domain::secret::random_b64;
use idp_domain::{Client, ClientId, Secret, UnixTime};
use idp_i18n::Msg;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use url::Url;

/// A validated authorization request, kept while the user signs in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub prompt_none: bool,
    pub prompt_login: bool,
    pub max_age: Option<i64>,
    pub login_hint: Option<String>,
    pub mfa_requested: bool,
    /// Checked at `/authorize` only, so not kept with the interaction (it may be 8 KB).
    #[serde(skip)]
    pub id_token_hint: Option<String>,
    pub ui_locales: Option<String>,
    /// RFC 8707: the resource the tokens are for, registered for the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The company's e-mail domain, as Entra's relying applications send it: sign-in goes
    /// straight to the SSO connection that claims it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_hint: Option<String>,
}

/// `max_age` (OIDC Core §3.1.2.1): whether a sign-in at `auth_time` is recent enough at `now`.
/// `max_age=0` asks for a new sign-in whatever the session's age (the working group's reading,
/// "effectively prompt=login"), also within the second the session began.
fn within_max_age(max_age: Option<i64>, auth_time: UnixTime, now: UnixTime) -> bool {
    max_age.is_none_or(|m| m > 0 && now - auth_time <= m)
}

/// What a verified `id_token_hint` says: whose session it was, and for which client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenHint {
    pub sub: String,
    pub sid: String,
    pub aud: String,
}

impl IdTokenHint {
    /// Whether the hint names exactly this session (its user and its public `sid`).
    pub fn names(&self, session: &SessionRow) -> bool {
        self.sub == session.user.as_str() && self.sid == session.sid
    }
}

/// Why an authorization request cannot proceed, and where the answer goes.
#[derive(Debug, Clone)]
pub enum AuthorizeError {
    /// Shown on the provider's own error page (client or redirect URI not trustworthy).
    Page { status: u16, message: Msg },
    /// Sent back to the verified redirect URI.
    Redirect { location: String },
}

impl AuthorizeError {
    fn page(key: &'static str) -> Self {
        AuthorizeError::Page {
            status: 400,
            message: Msg::new(key),
        }
    }
}

impl From<OAuthError> for AuthorizeError {
    fn from(e: OAuthError) -> Self {
        // The protocol's own (English) words, inside a sentence in the reader's language.
        AuthorizeError::Page {
            status: e.status(),
            message: Msg::new("error-request").with("detail", e.description),
        }
    }
}

/// The scopes this provider knows; others are dropped from requests.
pub const SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// The longest value accepted for each parameter an unauthenticated browser can make us
/// store with the interaction (documented in the README, "Limits"). Longer values are
/// refused with `invalid_request`, never cut: a cut `state` or `nonce` would no longer be
/// the application's.
pub const PARAM_LIMITS: [(&str, usize); 13] = [
    ("state", 2048),
    ("nonce", 512),
    ("login_hint", 256),
    ("domain_hint", 256),
    ("id_token_hint", 8192),
    ("ui_locales", 64),
    ("claims_locales", 64),
    ("acr_values", 256),
    ("scope", 1024),
    ("prompt", 64),
    ("display", 16),
    ("max_age", 10),
    ("resource", 512),
];

fn check_lengths(params: &Params) -> Result<(), OAuthError> {
    for (name, max) in PARAM_LIMITS {
        if params.get(name).is_some_and(|v| v.len() > max) {
            return Err(OAuthError::invalid_request(format!(
                "{name} is longer than {max} bytes"
            )));
        }
    }
    Ok(())
}

impl<S: OidcStorage> Provider<S> {
    /// Runs steps 1-8 above.
    pub async fn validate_authorization(
        &self,
        params: &Params,
    ) -> Result<(AuthRequest, Arc<Client>), AuthorizeError> {
        let client = self.check_client(params).await?;
        let redirect_uri = check_redirect_uri(params, &client)?;
        // A `state` over its limit is refused below and not echoed back in the error.
        let state = params
            .get("state")
            .filter(|s| s.len() <= 2048)
            .map(str::to_owned);
        let fail = |e: OAuthError| AuthorizeError::Redirect {
            location: self.error_redirect(&redirect_uri, state.as_deref(), &e),
        };
        check_lengths(params).map_err(fail)?;
        check_request_objects(params).map_err(fail)?;
        check_response_type(params).map_err(fail)?;
        let scope = check_scope(params, &client).map_err(fail)?;
        let code_challenge = check_pkce(params, &client).map_err(fail)?;
        let resource = check_resource(params, &client).map_err(fail)?;
        let (prompt_none, prompt_login) = check_prompt(params).map_err(fail)?;
        let max_age = match params.get("max_age") {
            None => None,
            Some(v) => Some(v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                fail(OAuthError::invalid_request(
                    "max_age must be a non-negative integer",
                ))
            })?),
        };
        let mfa_requested = params
            .get("acr_values")
            .is_some_and(|v| v.split(' ').any(|a| a == ACR_MFA));
        let req = AuthRequest {
            client_id: client.id.to_string(),
            redirect_uri,
            scope,
            state,
            nonce: params.get("nonce").map(str::to_owned),
            code_challenge,
            prompt_none,
            prompt_login,
            max_age,
            login_hint: params.get("login_hint").map(str::to_owned),
            mfa_requested,
            id_token_hint: params.get("id_token_hint").map(str::to_owned),
            ui_locales: params.get("ui_locales").map(str::to_owned),
            resource,
            domain_hint: params.get("domain_hint").map(str::to_owned),
        };
        Ok((req, client))
    }

    async fn check_client(&self, params: &Params) -> Result<Arc<Client>, AuthorizeError> {
        let id = params
            .get("client_id")
            .ok_or_else(|| AuthorizeError::page("authorize-no-client"))?;
        let unknown = || AuthorizeError::page("authorize-unknown-client");
        let id = ClientId::parse(id).map_err(|_| unknown())?;
        self.store
            .client(&id)
            .await
            .map_err(OAuthError::from)?
            .ok_or_else(unknown)
    }

    /// Whether `session` may be reused for `req` without asking the user again.
    pub fn session_satisfies(
        &self,
        req: &AuthRequest,
        session: &SessionRow,
        client: &Client,
        now: UnixTime,
    ) -> bool {
        client.accepts_tenant(&session.tenant)
            && !req.prompt_login
            && within_max_age(req.max_age, session.auth_time, now)
            && (!req.mfa_requested || session.acr == ACR_MFA)
    }

    /// Verifies an `id_token_hint`: an ID token of ours (OIDC Core §3.1.2.1, RP-Initiated
    /// Logout §2): signed by one of our keys with the ID token `typ` (an access token, `at+jwt`,
    /// is refused even though it is signed by us too), issued by us, for a client that is
    /// registered here. An expired hint is still a valid hint.
    pub async fn verify_id_token_hint(&self, hint: &str) -> Result<IdTokenHint, OAuthError> {
        let claims: IdTokenClaims = self
            .verify_jws(hint, Some(crate::jws::ID_TOKEN_TYP))
            .await
            .map_err(|e| OAuthError::invalid_request(format!("id_token_hint is not valid: {e}")))?;
        if claims.iss != self.config.issuer {
            return Err(OAuthError::invalid_request(
                "id_token_hint was issued by another provider",
            ));
        }
        let registered = match ClientId::parse(&claims.aud) {
            Ok(id) => self.store.client(&id).await?.is_some(),
            Err(_) => false,
        };
        if !registered {
            return Err(OAuthError::invalid_request(
                "id_token_hint was issued to an application that is not registered",
            ));
        }
        Ok(IdTokenHint {
            sub: claims.sub,
            sid: claims.sid,
            aud: claims.aud,
        })
    }

    /// Ends an authorization successfully: records the grant and its code (one write), and
    /// returns the redirect to the client with `code`, `state` and `iss` (RFC 9207).
    /// `grant_id` is the interaction's key when a sign-in completes it, so that it completes
    /// once: `Ok(None)` when it was completed before. A reused session passes `None` and gets
    /// a random one.
    pub async fn issue_code(
        &self,
        req: &AuthRequest,
        session: &SessionRow,
        grant_id: Option<&str>,
    ) -> Result<Option<String>, OAuthError> {
        let now = self.now();
        let grant_id = match grant_id {
            Some(id) => id.to_owned(),
            None => random_b64(16).map_err(|_| OAuthError::server_error())?,
        };
        let code = Secret::generate().map_err(|_| OAuthError::server_error())?;
        let data = GrantData {
            client_id: req.client_id.clone(),
            tenant: session.tenant.to_string(),
            user_id: session.user.to_string(),
            scope: req.scope.clone(),
            auth_time: session.auth_time,
            amr: session.amr.clone(),
            acr: session.acr.clone(),
            sid: session.sid.clone(),
            nonce: req.nonce.clone(),
            redirect_uri: Some(req.redirect_uri.clone()),
            code_challenge: req.code_challenge.clone(),
            resource: req.resource.clone(),
        };
        let json = serde_json::to_string(&data).map_err(|_| OAuthError::server_error())?;
        // What the grant's refresh tokens need: not the single-use values of the code.
        let kept = GrantData {
            nonce: None,
            redirect_uri: None,
            code_challenge: None,
            ..data
        };
        let grant_json = serde_json::to_string(&kept).map_err(|_| OAuthError::server_error())?;
        let written = self
            .store
            .create_grant_with_code(&NewGrant {
                id: &grant_id,
                tenant: &session.tenant,
                client_id: &req.client_id,
                user_id: session.user.as_str(),
                code_digest: &code.digest(),
                code_data: &json,
                grant_data: &grant_json,
                created_at: now,
                code_expires_at: now + self.config.code_ttl,
                expires_at: now + self.config.refresh_token_ttl,
            })
            .await;
        match written {
            Ok(()) => {}
            Err(StorageError::Conflict { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        let mut url = Url::parse(&req.redirect_uri).map_err(|_| OAuthError::server_error())?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("code", code.expose());
            if let Some(s) = &req.state {
                q.append_pair("state", s);
            }
            q.append_pair("iss", &self.config.issuer);
        }
        Ok(Some(url.to_string()))
    }

    /// The redirect carrying an error (RFC 6749 §4.1.2.1) to an already verified URI.
    pub fn error_redirect(
        &self,
        redirect_uri: &str,
        state: Option<&str>,
        e: &OAuthError,
    ) -> String {
        let Ok(mut url) = Url::parse(redirect_uri) else {
            return redirect_uri.to_owned();
        };
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("error", e.code.as_str());
            q.append_pair("error_description", &e.description);
            if let Some(s) = state {
                q.append_pair("state", s);
            }
            q.append_pair("iss", &self.config.issuer);
        }
        url.to_string()
    }

    pub fn login_required(&self, req: &AuthRequest) -> String {
        self.error_redirect(
            &req.redirect_uri,
            req.state.as_deref(),
            &OAuthError::new(
                ErrorCode::LoginRequired,
                "the user is not signed in and prompt=none forbids asking",
            ),
        )
    }
}

fn check_redirect_uri(params: &Params, client: &Client) -> Result<String, AuthorizeError> {
    let uri = params
        .get("redirect_uri")
        .ok_or_else(|| AuthorizeError::page("authorize-no-redirect"))?;
    if !client.has_redirect_uri(uri) {
        return Err(AuthorizeError::page("authorize-redirect-mismatch"));
    }
    Ok(uri.to_owned())
}

fn check_request_objects(params: &Params) -> Result<(), OAuthError> {
    if params.get("request").is_some() {
        return Err(OAuthError::new(
            ErrorCode::RequestNotSupported,
            "request objects are not supported",
        ));
    }
    if params.get("request_uri").is_some() {
        return Err(OAuthError::new(
            ErrorCode::RequestUriNotSupported,
            "request_uri is not supported",
        ));
    }
    Ok(())
}

fn check_response_type(params: &Params) -> Result<(), OAuthError> {
    match params.get("response_type") {
        None => Err(OAuthError::invalid_request("response_type is missing")),
        Some("code") => match params.get("response_mode") {
            None | Some("query") => Ok(()),
            Some(_) => Err(OAuthError::invalid_request(
                "only response_mode=query is supported",
            )),
        },
        Some(_) => Err(OAuthError::new(
            ErrorCode::UnsupportedResponseType,
            "only response_type=code is supported",
        )),
    }
}

fn check_scope(params: &Params, client: &Client) -> Result<String, OAuthError> {
    let requested = params.get("scope").unwrap_or("");
    let mut granted: Vec<&str> = Vec::new();
    for s in requested.split(' ').filter(|s| !s.is_empty()) {
        validate_scope_token(s).map_err(|e| OAuthError::new(ErrorCode::InvalidScope, e.reason))?;
        let allowed =
            client.scopes.iter().any(|c| c == s) || (s == "openid" && client.scopes.is_empty());
        if allowed && !granted.contains(&s) {
            granted.push(s);
        }
    }
    Ok(granted.join(" "))
}

fn check_pkce(params: &Params, client: &Client) -> Result<Option<String>, OAuthError> {
    let challenge = params.get("code_challenge");
    match params.get("code_challenge_method") {
        None | Some("S256") => {}
        Some(_) if challenge.is_none() => {
            return Err(OAuthError::invalid_request(
                "code_challenge_method without code_challenge",
            ))
        }
        Some(_) => {
            return Err(OAuthError::invalid_request(
                "only code_challenge_method=S256 is supported",
            ))
        }
    }
    match challenge {
        Some(c) if params.get("code_challenge_method").is_none() => {
            // RFC 7636 §4.3 defaults to `plain`, which this provider refuses.
            let _ = c;
            Err(OAuthError::invalid_request(
                "code_challenge_method=S256 is required with code_challenge",
            ))
        }
        Some(c) if !pkce::valid_challenge_syntax(c) => Err(OAuthError::invalid_request(
            "code_challenge is not a S256 challenge",
        )),
        Some(c) => Ok(Some(c.to_owned())),
        None if client.public => Err(OAuthError::invalid_request(
            "public clients must use PKCE (code_challenge with S256)",
        )),
        None => Ok(None),
    }
}

fn check_prompt(params: &Params) -> Result<(bool, bool), OAuthError> {
    let Some(p) = params.get("prompt") else {
        return Ok((false, false));
    };
    let values: Vec<&str> = p.split(' ').filter(|s| !s.is_empty()).collect();
    for v in &values {
        if !matches!(*v, "none" | "login" | "consent" | "select_account") {
            return Err(OAuthError::invalid_request(format!(
                "prompt value {v} is not supported"
            )));
        }
    }
    let none = values.contains(&"none");
    if none && values.len() > 1 {
        return Err(OAuthError::invalid_request(
            "prompt=none cannot be combined with other values",
        ));
    }
    Ok((none, values.contains(&"login")))
}

/// RFC 8707 §2: `resource`, when sent, is an absolute URI without a fragment that the client
/// registered (`idp client create --resource`); anything else is `invalid_target`. One
/// resource per request: repeated parameters are refused for every parameter (RFC 6749 §3.1).
pub fn check_resource(params: &Params, client: &Client) -> Result<Option<String>, OAuthError> {
    let Some(r) = params.get("resource") else {
        return Ok(None);
    };
    let invalid = |why: &str| OAuthError::new(ErrorCode::InvalidTarget, format!("resource {why}"));
    idp_domain::client::validate_resource(r).map_err(|e| invalid(&e.reason))?;
    if !client.allows_resource(r) {
        return Err(invalid("is not registered for this client"));
    }
    Ok(Some(r.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::within_max_age;

    #[test]
    fn max_age_zero_always_asks_for_a_new_sign_in() {
        assert!(within_max_age(None, 100, 10_000));
        assert!(within_max_age(Some(60), 100, 160));
        assert!(!within_max_age(Some(60), 100, 161));
        assert!(
            !within_max_age(Some(0), 100, 100),
            "within the same second too"
        );
        assert!(!within_max_age(Some(0), 100, 101));
    }
}
