//! Signing keys (RS256, ES256, EdDSA) with aws-lc-rs: constant-time RSA (the RustCrypto `rsa`
//! crate has an open timing advisory, RUSTSEC-2023-0071) and fast ECDSA/Ed25519.
//!
//! A [`KeySet`] is what the provider signs and verifies with at a moment: the current key of
//! each algorithm, every still-published key, and the JWKS document pre-rendered.

use crate::crypto::{CryptoError, Secrets};
use crate::storage::KeyRow;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair, UnparsedPublicKey,
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, ED25519, RSA_PKCS1_2048_8192_SHA256,
    RSA_PKCS1_SHA256,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use idp_domain::{SigningAlg, UnixTime};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

enum Private {
    Rsa(RsaKeyPair, signature::RsaPublicKeyComponents<Vec<u8>>),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

/// One key pair with its `kid` and algorithm.
pub struct SigningKey {
    pub kid: String,
    pub alg: SigningAlg,
    private: Private,
    public_jwk: Value,
    /// The encoded JOSE headers of ID tokens and access tokens (computed once, the token
    /// endpoint signs one or two per request).
    headers: [(&'static str, String); 2],
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({}, {})", self.kid, self.alg.as_str())
    }
}

fn b64(b: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(b)
}

fn key_err(e: impl std::fmt::Display) -> CryptoError {
    CryptoError::Key(e.to_string())
}

impl SigningKey {
    /// A new key and its PKCS#8 document.
    pub fn generate(alg: SigningAlg, kid: String) -> Result<(SigningKey, Vec<u8>), CryptoError> {
        let pkcs8 = match alg {
            SigningAlg::RS256 => {
                let kp = RsaKeyPair::generate(KeySize::Rsa2048).map_err(key_err)?;
                kp.as_der().map_err(key_err)?.as_ref().to_vec()
            }
            SigningAlg::ES256 => {
                let doc = EcdsaKeyPair::generate_pkcs8(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &SystemRandom::new(),
                )
                .map_err(key_err)?;
                doc.as_ref().to_vec()
            }
            SigningAlg::EdDSA => {
                let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(key_err)?;
                doc.as_ref().to_vec()
            }
        };
        let key = SigningKey::from_pkcs8(alg, kid, &pkcs8)?;
        Ok((key, pkcs8))
    }

    pub fn from_pkcs8(alg: SigningAlg, kid: String, der: &[u8]) -> Result<SigningKey, CryptoError> {
        let (private, public_jwk) = match alg {
            SigningAlg::RS256 => {
                let kp = RsaKeyPair::from_pkcs8(der).map_err(key_err)?;
                let pk = signature::RsaPublicKeyComponents::<Vec<u8>>::from(kp.public_key());
                let jwk = json!({"kty": "RSA", "n": b64(&pk.n), "e": b64(&pk.e)});
                (Private::Rsa(kp, pk), jwk)
            }
            SigningAlg::ES256 => {
                let kp = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der)
                    .map_err(key_err)?;
                let point = kp.public_key().as_ref();
                if point.len() != 65 {
                    return Err(CryptoError::Key("unexpected P-256 point encoding".into()));
                }
                let jwk = json!({"kty": "EC", "crv": "P-256", "x": b64(&point[1..33]), "y": b64(&point[33..65])});
                (Private::Ec(kp), jwk)
            }
            SigningAlg::EdDSA => {
                let kp = Ed25519KeyPair::from_pkcs8(der).map_err(key_err)?;
                let jwk =
                    json!({"kty": "OKP", "crv": "Ed25519", "x": b64(kp.public_key().as_ref())});
                (Private::Ed(kp), jwk)
            }
        };
        let mut public_jwk = public_jwk;
        if let Some(o) = public_jwk.as_object_mut() {
            o.insert("kid".into(), json!(kid));
            o.insert("alg".into(), json!(alg.as_str()));
            o.insert("use".into(), json!("sig"));
        }
        let headers = [crate::jws::ID_TOKEN_TYP, crate::jws::ACCESS_TOKEN_TYP]
            .map(|typ| (typ, crate::jws::encode_header(alg, &kid, typ)));
        Ok(SigningKey {
            kid,
            alg,
            private,
            public_jwk,
            headers,
        })
    }

    /// The encoded JOSE header of a token of type `typ` signed with this key.
    pub fn encoded_header(&self, typ: &str) -> std::borrow::Cow<'_, str> {
        match self.headers.iter().find(|(t, _)| *t == typ) {
            Some((_, h)) => h.as_str().into(),
            None => crate::jws::encode_header(self.alg, &self.kid, typ).into(),
        }
    }

    pub fn public_jwk(&self) -> &Value {
        &self.public_jwk
    }

    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, CryptoError> {
        match &self.private {
            Private::Rsa(kp, _) => {
                let mut sig = vec![0u8; kp.public_modulus_len()];
                kp.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), msg, &mut sig)
                    .map_err(key_err)?;
                Ok(sig)
            }
            Private::Ec(kp) => Ok(kp
                .sign(&SystemRandom::new(), msg)
                .map_err(key_err)?
                .as_ref()
                .to_vec()),
            Private::Ed(kp) => Ok(kp.sign(msg).as_ref().to_vec()),
        }
    }

    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match &self.private {
            Private::Rsa(_, pk) => pk.verify(&RSA_PKCS1_2048_8192_SHA256, msg, sig).is_ok(),
            Private::Ec(kp) => {
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, kp.public_key().as_ref())
                    .verify(msg, sig)
                    .is_ok()
            }
            Private::Ed(kp) => UnparsedPublicKey::new(&ED25519, kp.public_key().as_ref())
                .verify(msg, sig)
                .is_ok(),
        }
    }
}

/// A new key ready for the store: private half sealed with the master key.
pub fn new_key_row(
    secrets: &Secrets,
    alg: SigningAlg,
    now: UnixTime,
) -> Result<KeyRow, CryptoError> {
    let kid = format!(
        "{}-{}",
        alg.as_str().to_ascii_lowercase(),
        idp_domain::secret::random_b64(9).map_err(|_| CryptoError::Random)?
    );
    let (key, pkcs8) = SigningKey::generate(alg, kid.clone())?;
    Ok(KeyRow {
        private_enc: secrets.seal(&format!("signing-key:{kid}"), &pkcs8)?,
        public_jwk: key.public_jwk().to_string(),
        kid,
        alg: alg.as_str().to_owned(),
        created_at: now,
        retired_at: None,
    })
}

/// The keys in force: the newest current key per algorithm signs; every published key
/// verifies and appears in the JWKS.
#[derive(Debug)]
pub struct KeySet {
    current: HashMap<SigningAlg, Arc<SigningKey>>,
    by_kid: HashMap<String, Arc<SigningKey>>,
    jwks: bytes::Bytes,
    /// Fingerprint of the rows this set was built from, to skip rebuilding.
    fingerprint: String,
}

impl KeySet {
    /// Builds the set from store rows, reusing already-parsed keys from `previous`.
    pub fn build(
        rows: &[KeyRow],
        secrets: &Secrets,
        previous: Option<&KeySet>,
    ) -> Result<KeySet, CryptoError> {
        let mut current = HashMap::new();
        let mut by_kid = HashMap::new();
        let mut jwks = Vec::new();
        let mut fingerprint = String::new();
        // Rows come newest first; the first current key of an algorithm is the signer.
        for row in rows {
            let Ok(alg) = row.alg.parse::<SigningAlg>() else {
                tracing::warn!(kid = %row.kid, alg = %row.alg, "skipping a key of an unknown algorithm");
                continue;
            };
            let key = match previous.and_then(|p| p.by_kid.get(&row.kid)) {
                Some(k) => k.clone(),
                None => {
                    let der =
                        secrets.open(&format!("signing-key:{}", row.kid), &row.private_enc)?;
                    Arc::new(SigningKey::from_pkcs8(alg, row.kid.clone(), &der)?)
                }
            };
            if row.retired_at.is_none() {
                current.entry(alg).or_insert_with(|| key.clone());
            }
            fingerprint.push_str(&row.kid);
            fingerprint.push(if row.retired_at.is_some() { '-' } else { '+' });
            jwks.push(key.public_jwk().clone());
            by_kid.insert(row.kid.clone(), key);
        }
        Ok(KeySet {
            current,
            by_kid,
            jwks: bytes::Bytes::from(json!({ "keys": jwks }).to_string()),
            fingerprint,
        })
    }

    pub fn same_rows(&self, rows: &[KeyRow]) -> bool {
        let mut f = String::new();
        for row in rows {
            f.push_str(&row.kid);
            f.push(if row.retired_at.is_some() { '-' } else { '+' });
        }
        f == self.fingerprint
    }

    pub fn signer(&self, alg: SigningAlg) -> Option<&Arc<SigningKey>> {
        self.current.get(&alg)
    }

    pub fn by_kid(&self, kid: &str) -> Option<&Arc<SigningKey>> {
        self.by_kid.get(kid)
    }

    /// The JWKS document, shared without copying.
    pub fn jwks_bytes(&self) -> bytes::Bytes {
        self.jwks.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_signs_and_verifies() {
        for alg in SigningAlg::ALL {
            let (k, der) = SigningKey::generate(alg, format!("k-{}", alg.as_str())).unwrap();
            let sig = k.sign(b"hello").unwrap();
            assert!(k.verify(b"hello", &sig), "{alg:?}");
            assert!(!k.verify(b"hellO", &sig), "{alg:?}");
            let again = SigningKey::from_pkcs8(alg, k.kid.clone(), &der).unwrap();
            assert!(again.verify(b"hello", &sig));
            let jwk = k.public_jwk();
            assert_eq!(jwk["kid"], json!(k.kid));
            assert!(jwk.get("d").is_none(), "no private members in the JWK");
        }
    }
}
