//! The device cookie (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): after a
//! completed sign-in the browser gets `idp_device`, a random nonce and, for each account it
//! signed in to (at most [`MAX_ACCOUNTS`], newest first), a keyed tag of nonce and account.
//! A browser that shows a valid tag for the account it tries is counted on its own budget
//! (see [`super::guard`]), so an attacker's guesses from elsewhere cannot lock it out.

use crate::{cookies, AppState};
use axum::http::{HeaderMap, HeaderValue};

const MAX_ACCOUNTS: usize = 4;
/// Half a year: a device is trusted as long as its owner signs in now and then.
const MAX_AGE: i64 = 180 * 86400;

fn parse(value: &str) -> Option<(&str, Vec<&str>)> {
    let mut parts = value.split('.');
    let nonce = parts.next().filter(|n| n.len() >= 16)?;
    Some((nonce, parts.take(MAX_ACCOUNTS).collect()))
}

/// The browser's device nonce if its cookie carries a valid tag for `account` (an
/// [`super::guard::account_key`]).
pub fn trusted_for(s: &AppState, headers: &HeaderMap, account: &str) -> Option<String> {
    let value = cookies::get(headers, cookies::DEVICE, s.config.secure_cookies)?;
    let (nonce, tags) = parse(&value)?;
    let want = s.provider.secrets.device_tag(nonce, account);
    tags.iter()
        .any(|t| bool::from(subtle::ConstantTimeEq::ct_eq(t.as_bytes(), want.as_bytes())))
        .then(|| nonce.to_owned())
}

/// The cookie after a completed sign-in to `account`: this account's tag first, the others
/// this browser had kept behind it.
pub fn after_sign_in(
    s: &AppState,
    headers: &HeaderMap,
    account: &str,
) -> Result<HeaderValue, crate::respond::PageError> {
    let old = cookies::get(headers, cookies::DEVICE, s.config.secure_cookies);
    let (nonce, mut tags) = match old.as_deref().and_then(parse) {
        Some((n, t)) => (n.to_owned(), t.into_iter().map(str::to_owned).collect()),
        None => (
            idp_domain::secret::random_b64(18)
                .map_err(|e| crate::respond::PageError::internal("random generator failed", &e))?,
            Vec::new(),
        ),
    };
    let tag = s.provider.secrets.device_tag(&nonce, account);
    tags.retain(|t: &String| *t != tag);
    tags.insert(0, tag);
    tags.truncate(MAX_ACCOUNTS);
    let value = format!("{nonce}.{}", tags.join("."));
    Ok(cookies::set(
        cookies::DEVICE,
        &value,
        s.config.secure_cookies,
        Some(MAX_AGE),
    ))
}
