//! Starting a browser session once sign-in is complete.

use crate::cookies;
use crate::respond::PageError;
use crate::AppState;
use axum::http::{HeaderMap, HeaderValue};
use idp_domain::secret::{digest, random_b64};
use idp_domain::{Secret, TenantId, UserId};
use idp_oidc::{ACR_MFA, ACR_PASSWORD};
use idp_store::SessionRow;

/// A new session for `user`, with a fresh ID at every sign-in (no session fixation); the
/// browser's previous session ends. Returns the session and its cookie.
pub async fn start(
    s: &AppState,
    headers: &HeaderMap,
    tenant: &TenantId,
    user: &UserId,
    amr: &[&str],
) -> Result<(SessionRow, HeaderValue), PageError> {
    if let Some(old) = cookies::get(headers, cookies::SESSION, s.config.secure_cookies) {
        s.provider.store.delete_session(&digest(&old)).await?;
    }
    let now = s.provider.now();
    let random = |e: getrandom::Error| PageError::internal("random generator failed", &e);
    let id = Secret::generate().map_err(random)?;
    let session = SessionRow {
        id_digest: id.digest(),
        sid: random_b64(16).map_err(random)?,
        tenant: tenant.clone(),
        user: user.clone(),
        auth_time: now,
        acr: if amr.len() > 1 { ACR_MFA } else { ACR_PASSWORD }.to_owned(),
        amr: amr.iter().map(|a| (*a).to_owned()).collect(),
        created_at: now,
        expires_at: now + s.config.session_ttl,
    };
    s.provider.store.create_session(&session).await?;
    let cookie = cookies::set(cookies::SESSION, id.expose(), s.config.secure_cookies, None);
    Ok((session, cookie))
}
