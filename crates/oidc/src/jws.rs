//! JWS compact serialization (RFC 7515) for the tokens this provider signs and the ones it
//! must verify again (its own ID tokens as `id_token_hint`, its own access tokens).

use crate::crypto::CryptoError;
use crate::keys::{KeySet, SigningKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use idp_domain::SigningAlg;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    pub alg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
}

/// The `typ` of the ID tokens this provider signs.
pub const ID_TOKEN_TYP: &str = "JWT";
/// The `typ` of its JWT access tokens (RFC 9068 §2.1).
pub const ACCESS_TOKEN_TYP: &str = "at+jwt";

/// Signs `claims` with `key`; `typ` is [`ID_TOKEN_TYP`] or [`ACCESS_TOKEN_TYP`].
pub fn sign<C: Serialize>(key: &SigningKey, typ: &str, claims: &C) -> Result<String, CryptoError> {
    let c = serde_json::to_vec(claims).map_err(|e| CryptoError::Key(e.to_string()))?;
    sign_json(key, typ, &c)
}

/// Signs claims already written as JSON (see `AccessTokenClaims::to_json`).
pub fn sign_json(key: &SigningKey, typ: &str, c: &[u8]) -> Result<String, CryptoError> {
    let mut out = String::with_capacity(64 + c.len() * 4 / 3 + 350);
    out.push_str(&key.encoded_header(typ));
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(c, &mut out);
    let sig = key.sign(out.as_bytes())?;
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(sig, &mut out);
    Ok(out)
}

/// base64url of the JOSE header `{"alg","kid","typ"}` of a token signed with `alg` and `kid`.
pub fn encode_header(alg: SigningAlg, kid: &str, typ: &str) -> String {
    let header = Header {
        alg: alg.as_str().to_owned(),
        kid: Some(kid.to_owned()),
        typ: Some(typ.to_owned()),
    };
    // Serializing three strings cannot fail.
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap_or_default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("not a compact JWS")]
    Malformed,
    #[error("signed with a key this provider does not know")]
    UnknownKey,
    #[error("the algorithm does not match the key")]
    AlgMismatch,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the token type is not the one expected")]
    WrongType,
}

/// Verifies a token signed by one of `keys` and returns its claims. `alg: none`, unknown
/// `kid`s and algorithm substitution are refused; `typ`, when given, must match.
pub fn verify<C: DeserializeOwned>(
    keys: &KeySet,
    token: &str,
    typ: Option<&str>,
) -> Result<C, VerifyError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(VerifyError::Malformed);
    };
    let header: Header = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(VerifyError::Malformed)?;
    let key = header
        .kid
        .as_deref()
        .and_then(|kid| keys.by_kid(kid))
        .ok_or(VerifyError::UnknownKey)?;
    if header.alg != key.alg.as_str() {
        return Err(VerifyError::AlgMismatch);
    }
    if let Some(want) = typ {
        if !header
            .typ
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(want))
        {
            return Err(VerifyError::WrongType);
        }
    }
    let sig = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| VerifyError::Malformed)?;
    let signed_len = h.len() + 1 + p.len();
    if !key.verify(&token.as_bytes()[..signed_len], &sig) {
        return Err(VerifyError::BadSignature);
    }
    let payload = URL_SAFE_NO_PAD
        .decode(p)
        .map_err(|_| VerifyError::Malformed)?;
    serde_json::from_slice(&payload).map_err(|_| VerifyError::Malformed)
}
