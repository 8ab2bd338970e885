//! The device cookie (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): after a
//! completed sign-in the browser gets a random nonce and, for each account it signed in to
//! (at most [`MAX_ACCOUNTS`], newest first), a keyed tag of nonce and account. A browser that
//! shows a valid tag for the account it tries is counted on its own budget (see
//! [`crate::guard`]), so an attacker's guesses from elsewhere cannot lock it out. This module
//! makes and reads the cookie's value; the web layer sets and sends the cookie.

use crate::{AccountsError, Result};
use idp_oidc::crypto::Secrets;

const MAX_ACCOUNTS: usize = 4;
/// Half a year: a device is trusted as long as its owner signs in now and then.
pub const MAX_AGE: i64 = 180 * 86400;

fn parse(value: &str) -> Option<(&str, Vec<&str>)> {
    let mut parts = value.split('.');
    let nonce = parts.next().filter(|n| n.len() >= 16)?;
    Some((nonce, parts.take(MAX_ACCOUNTS).collect()))
}

/// The browser's device nonce if its cookie `value` carries a valid tag for `account` (an
/// [`idp_accounts::admin::account_key`]).
pub fn trusted_for(secrets: &Secrets, value: Option<&str>, account: &str) -> Option<String> {
    let (nonce, tags) = parse(value?)?;
    let want = secrets.device_tag(nonce, account);
    tags.iter()
        .any(|t| bool::from(subtle::ConstantTimeEq::ct_eq(t.as_bytes(), want.as_bytes())))
        .then(|| nonce.to_owned())
}

/// The cookie's value after a completed sign-in to `account`: this account's tag first, the
/// others this browser had kept behind it.
pub fn after_sign_in(secrets: &Secrets, old: Option<&str>, account: &str) -> Result<String> {
    let (nonce, mut tags) = match old.and_then(parse) {
        Some((n, t)) => (n.to_owned(), t.into_iter().map(str::to_owned).collect()),
        None => (
            idp_domain::secret::random_b64(18)
                .map_err(|e| AccountsError::internal("the random generator", e))?,
            Vec::new(),
        ),
    };
    let tag = secrets.device_tag(&nonce, account);
    tags.retain(|t: &String| *t != tag);
    tags.insert(0, tag);
    tags.truncate(MAX_ACCOUNTS);
    Ok(format!("{nonce}.{}", tags.join(".")))
}
