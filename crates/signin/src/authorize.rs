//! The authorization endpoint's decision: validate the request, reuse the browser's session
//! where it still satisfies both the request and the tenant's policy as it stands now, or
//! start a sign-in.

use crate::{pipeline::session_obeys_policy, Result, SignIn};
use idp_i18n::Msg;
use idp_oidc::authorize::AuthorizeError;
use idp_oidc::params::Params;

/// What `/authorize` answers.
#[derive(Debug)]
pub enum Authorized {
    /// Where the browser goes next: back to the client (with a code, or with an error the
    /// client is to see), or to the sign-in page.
    Redirect(String),
    /// The request names no client or redirect URI that can be trusted: the provider's own
    /// error page, never a redirect.
    Refused { status: u16, message: Msg },
}

impl SignIn {
    /// OIDC Core §3.1.2.1-§3.1.2.3 for `params` (GET and POST alike), in a browser whose
    /// session cookie holds `session`.
    pub async fn authorize(&self, params: &Params, session: Option<&str>) -> Result<Authorized> {
        let p = &self.provider;
        let (req, client) = match p.validate_authorization(params).await {
            Ok(ok) => ok,
            Err(AuthorizeError::Page { status, message }) => {
                return Ok(Authorized::Refused { status, message })
            }
            Err(AuthorizeError::Redirect { location }) => {
                return Ok(Authorized::Redirect(location))
            }
        };
        let mut session = match session {
            Some(secret) => self.session(secret).await?,
            None => None,
        };
        if let Some(hint) = &req.id_token_hint {
            match p.verify_id_token_hint(hint).await {
                // A hint for another user than the signed-in one: that session does not count.
                Ok(h) => session = session.filter(|x| x.user.as_str() == h.sub),
                Err(e) => {
                    let to = p.error_redirect(&req.redirect_uri, req.state.as_deref(), &e);
                    return Ok(Authorized::Redirect(to));
                }
            }
        }
        let now = self.now();
        if let Some(sess) = session.filter(|x| p.session_satisfies(&req, x, &client, now)) {
            if session_obeys_policy(self, &req, &sess).await? {
                if let Some(location) = p.issue_code(&req, &sess, None).await? {
                    return Ok(Authorized::Redirect(location));
                }
            }
        }
        if req.prompt_none {
            return Ok(Authorized::Redirect(p.login_required(&req)));
        }
        let id = self.start(&req)?;
        Ok(Authorized::Redirect(format!("/login/{id}")))
    }
}
