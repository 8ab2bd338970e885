//! Keys derived from the operator's master key, and what they protect: private signing keys
//! encrypted at rest (AES-256-GCM), client secrets as keyed digests (HMAC-SHA-256: high-entropy
//! secrets need no slow hash, and the token endpoint stays fast), and CSRF tokens bound to a
//! browser cookie.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use aws_lc_rs::hmac;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use std::fmt;
use subtle::ConstantTimeEq;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    #[error("the master key must be 32 bytes, base64-encoded (generate one with `openssl rand -base64 32`)")]
    BadMasterKey,
    #[error("a stored secret cannot be decrypted with this master key")]
    Decrypt,
    #[error("the system random generator failed")]
    Random,
    #[error("key operation failed: {0}")]
    Key(String),
}

/// The 32-byte master key from configuration. Never printed.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

impl MasterKey {
    pub fn from_base64(s: &str) -> Result<Self, CryptoError> {
        let bytes = STANDARD
            .decode(s.trim())
            .or_else(|_| URL_SAFE_NO_PAD.decode(s.trim()))
            .map_err(|_| CryptoError::BadMasterKey)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadMasterKey)?;
        Ok(MasterKey(arr))
    }

    pub fn generate_base64() -> Result<String, CryptoError> {
        let mut k = [0u8; 32];
        aws_lc_rs::rand::fill(&mut k).map_err(|_| CryptoError::Random)?;
        Ok(STANDARD.encode(k))
    }

    fn derive(&self, label: &str) -> [u8; 32] {
        let key = hmac::Key::new(hmac::HMAC_SHA256, &self.0);
        let tag = hmac::sign(&key, label.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }
}

/// Everything derived from the master key, built once at start.
/// Cheap to clone: the keys sit behind one `Arc` (aws-lc copies HMAC contexts on clone).
#[derive(Clone)]
pub struct Secrets(std::sync::Arc<SecretKeys>);

struct SecretKeys {
    seal: LessSafeKey,
    /// Derives a fresh AES-256-GCM key for every sealed interaction (from a random salt), so
    /// that the volume of unauthenticated `/authorize` requests never wears one key's nonces.
    interaction: hmac::Key,
    client_secret: hmac::Key,
    csrf: hmac::Key,
    codes: hmac::Key,
    device: hmac::Key,
    refresh: hmac::Key,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secrets([redacted])")
    }
}

impl Secrets {
    pub fn new(master: &MasterKey) -> Result<Self, CryptoError> {
        let unbound = UnboundKey::new(&AES_256_GCM, &master.derive("idp/v1/seal"))
            .map_err(|_| CryptoError::BadMasterKey)?;
        Ok(Secrets(std::sync::Arc::new(SecretKeys {
            seal: LessSafeKey::new(unbound),
            interaction: hmac::Key::new(hmac::HMAC_SHA256, &master.derive("idp/v1/interaction")),
            client_secret: hmac::Key::new(
                hmac::HMAC_SHA256,
                &master.derive("idp/v1/client-secret"),
            ),
            csrf: hmac::Key::new(hmac::HMAC_SHA256, &master.derive("idp/v1/csrf")),
            codes: hmac::Key::new(hmac::HMAC_SHA256, &master.derive("idp/v1/codes")),
            device: hmac::Key::new(hmac::HMAC_SHA256, &master.derive("idp/v1/device")),
            refresh: hmac::Key::new(hmac::HMAC_SHA256, &master.derive("idp/v1/refresh")),
        })))
    }

    /// AES-256-GCM with a random nonce; `context` is bound as associated data so a ciphertext
    /// cannot be moved to another row.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).map_err(|_| CryptoError::Random)?;
        let mut buf = plaintext.to_vec();
        self.0
            .seal
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut buf,
            )
            .map_err(|_| CryptoError::Key("seal".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        Ok(out)
    }

    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < NONCE_LEN + 16 {
            return Err(CryptoError::Decrypt);
        }
        let (nonce, rest) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::Decrypt)?;
        let mut buf = rest.to_vec();
        let plain = self
            .0
            .seal
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| CryptoError::Decrypt)?;
        Ok(plain.to_vec())
    }

    /// Seals a pending authorization for the sign-in pages: AES-256-GCM under a key derived
    /// for this message alone (HMAC of a random 32-byte salt), `context` as associated data.
    /// Out: salt, nonce, ciphertext and tag.
    pub fn seal_interaction(
        &self,
        context: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let mut salt = [0u8; 32];
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut salt).map_err(|_| CryptoError::Random)?;
        aws_lc_rs::rand::fill(&mut nonce).map_err(|_| CryptoError::Random)?;
        let key = self.interaction_key(&salt)?;
        let mut buf = plaintext.to_vec();
        key.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(context.as_bytes()),
            &mut buf,
        )
        .map_err(|_| CryptoError::Key("seal".into()))?;
        let mut out = salt.to_vec();
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&buf);
        Ok(out)
    }

    pub fn open_interaction(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < 32 + NONCE_LEN + 16 {
            return Err(CryptoError::Decrypt);
        }
        let (salt, rest) = sealed.split_at(32);
        let (nonce, rest) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::Decrypt)?;
        let key = self.interaction_key(salt)?;
        let mut buf = rest.to_vec();
        let plain = key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| CryptoError::Decrypt)?;
        Ok(plain.to_vec())
    }

    fn interaction_key(&self, salt: &[u8]) -> Result<LessSafeKey, CryptoError> {
        let k = hmac::sign(&self.0.interaction, salt);
        let unbound = UnboundKey::new(&AES_256_GCM, k.as_ref())
            .map_err(|_| CryptoError::Key("derive".into()))?;
        Ok(LessSafeKey::new(unbound))
    }

    /// The stored form of a client secret.
    pub fn client_secret_digest(&self, secret: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.0.client_secret, secret.as_bytes()))
    }

    /// Constant-time check of a presented client secret against its stored digest.
    pub fn client_secret_matches(&self, presented: &str, stored_digest: &str) -> bool {
        // The digest's base64 on the stack: this runs on every token request. 43 characters
        // are the unpadded base64 of HMAC-SHA256's 32 bytes; another hash needs another size
        // (a shorter buffer makes `encode_slice` fail, and the check then fails closed).
        let mut d = [0u8; 43];
        let tag = hmac::sign(&self.0.client_secret, presented.as_bytes());
        debug_assert_eq!(
            tag.as_ref().len(),
            32,
            "the buffer is sized for HMAC-SHA256"
        );
        match URL_SAFE_NO_PAD.encode_slice(tag, &mut d) {
            Ok(n) => bool::from(d[..n].ct_eq(stored_digest.as_bytes())),
            Err(_) => false,
        }
    }

    /// The stored form of a short one-time code. Keyed, so a copy of the database does not
    /// give the codes away by trying all million; `context` (tenant, user, method, where it
    /// was sent) makes a code useless anywhere else.
    pub fn code_digest(&self, context: &str, code: &str) -> String {
        URL_SAFE_NO_PAD.encode(keyed_pair(&self.0.codes, context, code))
    }

    /// The CSRF token for forms shown to the browser holding `cookie_value`.
    pub fn csrf_token(&self, cookie_value: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.0.csrf, cookie_value.as_bytes()))
    }

    /// The tag a device cookie carries for one account it signed in to (OWASP's device
    /// cookie): `nonce` is the browser's, `account` the account's counter name.
    pub fn device_tag(&self, nonce: &str, account: &str) -> String {
        URL_SAFE_NO_PAD.encode(&keyed_pair(&self.0.device, nonce, account).as_ref()[..16])
    }

    /// The tag of a refresh token (see `refresh`): it names a grant only if we issued it.
    pub fn refresh_tag(&self, grant: &str, secret: &str) -> String {
        URL_SAFE_NO_PAD.encode(&keyed_pair(&self.0.refresh, grant, secret).as_ref()[..16])
    }

    pub fn refresh_tag_valid(&self, grant: &str, secret: &str, tag: &str) -> bool {
        let want = self.refresh_tag(grant, secret);
        bool::from(want.as_bytes().ct_eq(tag.as_bytes()))
    }

    pub fn csrf_valid(&self, cookie_value: &str, token: &str) -> bool {
        let want = self.csrf_token(cookie_value);
        bool::from(want.as_bytes().ct_eq(token.as_bytes()))
    }
}

/// HMAC over two values, a NUL between them (neither holds one: they are printable).
fn keyed_pair(key: &hmac::Key, a: &str, b: &str) -> hmac::Tag {
    let mut ctx = hmac::Context::with_key(key);
    ctx.update(a.as_bytes());
    ctx.update(&[0]);
    ctx.update(b.as_bytes());
    ctx.sign()
}

/// 16 random bytes, base64url: a token ID (`jti`), unique rather than secret. The token
/// endpoint mints one per request, so they come from a per-thread buffer that AWS-LC's
/// generator refills 4 KiB at a time: one call per 256 IDs (each call also mixes in the CPU's
/// generator, which costs more than the AES it feeds). Bytes handed out are wiped.
pub fn token_id() -> Result<String, CryptoError> {
    const POOL_LEN: usize = 4096;
    thread_local! {
        static POOL: std::cell::RefCell<([u8; POOL_LEN], usize)> =
            const { std::cell::RefCell::new(([0; POOL_LEN], POOL_LEN)) };
    }
    let mut k = [0u8; 16];
    POOL.with_borrow_mut(|(buf, used)| {
        if *used + k.len() > POOL_LEN {
            aws_lc_rs::rand::fill(buf).map_err(|_| CryptoError::Random)?;
            *used = 0;
        }
        let taken = &mut buf[*used..*used + k.len()];
        k.copy_from_slice(taken);
        taken.fill(0);
        *used += k.len();
        Ok(())
    })?;
    Ok(URL_SAFE_NO_PAD.encode(k))
}

/// A new high-entropy client secret: 32 random bytes, base64url (43 characters).
pub fn generate_client_secret() -> Result<String, CryptoError> {
    let mut k = [0u8; 32];
    aws_lc_rs::rand::fill(&mut k).map_err(|_| CryptoError::Random)?;
    Ok(URL_SAFE_NO_PAD.encode(k))
}

/// Secrets from a fresh random master key, for tests.
#[cfg(test)]
pub(crate) fn test_secrets() -> Secrets {
    Secrets::new(&MasterKey::from_base64(&MasterKey::generate_base64().unwrap()).unwrap()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::test_secrets as secrets;
    use super::*;

    #[test]
    fn token_ids_do_not_repeat_across_refills() {
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| token_id().unwrap()).collect();
        assert_eq!(ids.len(), 1000, "four refills of the pool, no repeat");
        assert!(ids.iter().all(|id| id.len() == 22));
    }

    #[test]
    fn interactions_seal_under_keys_of_their_own() {
        let s = secrets();
        let a = s.seal_interaction("ctx", b"request").unwrap();
        let b = s.seal_interaction("ctx", b"request").unwrap();
        assert_ne!(a, b, "a fresh salt and nonce each time");
        assert_eq!(s.open_interaction("ctx", &a).unwrap(), b"request");
        assert!(s.open_interaction("other", &a).is_err());
        assert!(s.open("ctx", &a).is_err(), "not the key of stored secrets");
        let mut flipped = a.clone();
        flipped[3] ^= 1;
        assert!(
            s.open_interaction("ctx", &flipped).is_err(),
            "the salt is bound"
        );
        assert!(secrets().open_interaction("ctx", &a).is_err());
    }

    #[test]
    fn seal_round_trips_and_binds_context() {
        let s = secrets();
        let sealed = s.seal("key:a", b"private").unwrap();
        assert_eq!(s.open("key:a", &sealed).unwrap(), b"private");
        assert!(s.open("key:b", &sealed).is_err());
        assert!(
            secrets().open("key:a", &sealed).is_err(),
            "another master key cannot open it"
        );
    }

    #[test]
    fn client_secret_and_csrf() {
        let s = secrets();
        let d = s.client_secret_digest("hunter2hunter2");
        assert!(s.client_secret_matches("hunter2hunter2", &d));
        assert!(!s.client_secret_matches("hunter2hunter3", &d));
        let t = s.csrf_token("cookie");
        assert!(s.csrf_valid("cookie", &t));
        assert!(!s.csrf_valid("other", &t));
    }

    #[test]
    fn master_key_must_be_32_bytes() {
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err());
        assert!(MasterKey::from_base64("not base64!").is_err());
    }
}
