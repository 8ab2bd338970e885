//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2-§3): which requests may
//! redirect afterwards, and where.
//!
//! - `post_logout_redirect_uri` is honoured only when registered, compared exactly, for the
//!   client named by a valid `id_token_hint` or `client_id`;
//! - an `id_token_hint` must be an ID token of ours (see [`Provider::verify_id_token_hint`]):
//!   signed by us with the ID token `typ`, never an access token, for a registered client;
//! - the session ends without asking only when the hint names it: its `sub` and `sid` are
//!   the session's (decided by the caller, which knows the session: [`IdTokenHint::names`]);
//! - a request we cannot validate gets an error page and no redirect.

use crate::authorize::IdTokenHint;
use crate::params::Params;
use crate::provider::Provider;
use crate::storage::OidcStorage;
use idp_domain::ClientId;
use idp_i18n::Msg;
use url::Url;

#[derive(Debug, Clone)]
pub struct LogoutRequest {
    /// Where to send the browser afterwards, `state` included.
    pub redirect: Option<String>,
    /// The verified hint, when one was given. Only a hint that names the browser's session
    /// lets the request end it without asking.
    pub hint: Option<IdTokenHint>,
}

impl<S: OidcStorage> Provider<S> {
    /// Validates an end-session request; `Err` carries the message for the error page.
    pub async fn validate_logout(&self, params: &Params) -> Result<LogoutRequest, Msg> {
        let mut verified = None;
        let mut client_id = params.get("client_id").map(str::to_owned);
        if let Some(hint) = params.get("id_token_hint") {
            let hint = self
                .verify_id_token_hint(hint)
                .await
                .map_err(|_| Msg::new("logout-bad-hint"))?;
            if client_id.as_ref().is_some_and(|c| *c != hint.aud) {
                return Err(Msg::new("logout-two-clients"));
            }
            client_id = Some(hint.aud.clone());
            verified = Some(hint);
        }
        let Some(uri) = params.get("post_logout_redirect_uri") else {
            return Ok(LogoutRequest {
                redirect: None,
                hint: verified,
            });
        };
        let client_id = client_id.ok_or_else(|| Msg::new("logout-no-client"))?;
        let not_registered = || Msg::new("logout-not-registered");
        let id = ClientId::parse(&client_id).map_err(|_| not_registered())?;
        let client = self
            .store
            .client(&id)
            .await
            .map_err(|_| Msg::new("logout-unchecked"))?
            .ok_or_else(not_registered)?;
        if !client.has_post_logout_redirect_uri(uri) {
            return Err(not_registered());
        }
        let mut url = Url::parse(uri).map_err(|_| not_registered())?;
        if let Some(state) = params.get("state") {
            url.query_pairs_mut().append_pair("state", state);
        }
        Ok(LogoutRequest {
            redirect: Some(url.to_string()),
            hint: verified,
        })
    }
}
