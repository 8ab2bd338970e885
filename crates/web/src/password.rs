//! Password hashing with argon2id at OWASP parameters (m=19 MiB, t=2, p=1).
//!
//! Verification uses the argon2 reference implementation built for AVX2 (argon2-kdf), about
//! 1.4x faster than the portable Rust implementation on this hardware (bench/README.md), when
//! the CPU has the instructions it was built for; otherwise the RustCrypto implementation.
//! Both compute the same standard argon2id.
//!
//! Hashes run on a few dedicated threads (one per core by default), never on the async
//! workers or tokio's growing blocking pool. A semaphore admits as many requests as there are
//! threads, so a burst of sign-ins queues instead of multiplying memory. Each thread
//! verifies into one block buffer that it reuses (no 19 MiB allocation and page faults per
//! sign-in) and gives back after a few idle seconds, so memory returns to the idle level.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::sync::{oneshot, Semaphore};

#[derive(Debug, Clone, Copy)]
pub struct HashParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for HashParams {
    fn default() -> Self {
        HashParams {
            m_kib: 19_456,
            t: 2,
            p: 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("argon2 parameters are invalid: {0}")]
    Params(String),
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("the hashing threads are gone")]
    Gone,
}

enum Job {
    Hash {
        password: String,
        reply: oneshot::Sender<Result<String, PasswordError>>,
    },
    Verify {
        password: String,
        phc: String,
        reply: oneshot::Sender<bool>,
    },
}

/// How long a hashing thread keeps its buffer without work.
const IDLE_RELEASE: Duration = Duration::from_secs(3);

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    jobs: Sender<Job>,
    permits: Arc<Semaphore>,
    /// Verified against when the user does not exist, so the answer takes as long.
    dummy: Arc<String>,
}

impl PasswordHasher {
    /// Starts `threads` hashing threads.
    pub fn new(p: HashParams, threads: usize) -> Result<Self, PasswordError> {
        Self::with_idle_hook(p, threads, None)
    }

    /// As [`PasswordHasher::new`]; `on_idle` runs when a hashing thread has been idle for a
    /// few seconds and released its buffer (the binary returns free memory to the system).
    pub fn with_idle_hook(
        p: HashParams,
        threads: usize,
        on_idle: Option<fn()>,
    ) -> Result<Self, PasswordError> {
        let params = Params::new(p.m_kib, p.t, p.p, None)
            .map_err(|e| PasswordError::Params(e.to_string()))?;
        let dummy = hash_with(&params, "not a password anyone has")?;
        let threads = threads.max(1);
        let (tx, rx) = crossbeam_channel::unbounded::<Job>();
        for i in 0..threads {
            let rx = rx.clone();
            let params = params.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || worker(&rx, &params, on_idle))
                .map_err(|e| PasswordError::Hash(format!("cannot start a hashing thread: {e}")))?;
        }
        Ok(PasswordHasher {
            params,
            jobs: tx,
            permits: Arc::new(Semaphore::new(threads)),
            dummy: Arc::new(dummy),
        })
    }

    /// Hashes on the calling thread (CLI use).
    pub fn hash_blocking(&self, password: &str) -> Result<String, PasswordError> {
        hash_with(&self.params, password)
    }

    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Gone)?;
        let (reply, rx) = oneshot::channel();
        self.jobs
            .send(Job::Hash { password, reply })
            .map_err(|_| PasswordError::Gone)?;
        rx.await.map_err(|_| PasswordError::Gone)?
    }

    /// True when `password` matches `stored`. With `stored = None` a dummy hash is checked and
    /// false returned, taking the same time, so unknown accounts cannot be told apart.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.as_str().to_owned());
        let (reply, rx) = oneshot::channel();
        if self
            .jobs
            .send(Job::Verify {
                password,
                phc,
                reply,
            })
            .is_err()
        {
            return false;
        }
        rx.await.unwrap_or(false) && exists
    }
}

fn worker(rx: &Receiver<Job>, params: &Params, on_idle: Option<fn()>) {
    let mut buf: Vec<Block> = Vec::new();
    let mut busy_since_idle = false;
    loop {
        match rx.recv_timeout(IDLE_RELEASE) {
            Ok(Job::Hash { password, reply }) => {
                busy_since_idle = true;
                let _ = reply.send(hash_with(params, &password));
            }
            Ok(Job::Verify {
                password,
                phc,
                reply,
            }) => {
                busy_since_idle = true;
                let ok = match fast::verify(&password, &phc) {
                    Some(ok) => ok,
                    None => verify_into(&password, &phc, &mut buf),
                };
                let _ = reply.send(ok);
            }
            Err(RecvTimeoutError::Timeout) => {
                buf = Vec::new();
                if std::mem::take(&mut busy_since_idle) {
                    if let Some(hook) = on_idle {
                        hook();
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The reference implementation (C, built for x86-64-v3) where the CPU can run it.
#[cfg(target_arch = "x86_64")]
mod fast {
    use std::str::FromStr;
    use std::sync::OnceLock;

    fn available() -> bool {
        static OK: OnceLock<bool> = OnceLock::new();
        *OK.get_or_init(|| {
            std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("bmi1")
                && std::arch::is_x86_feature_detected!("bmi2")
                && std::arch::is_x86_feature_detected!("fma")
                && std::arch::is_x86_feature_detected!("lzcnt")
                && std::arch::is_x86_feature_detected!("movbe")
                && std::arch::is_x86_feature_detected!("f16c")
        })
    }

    /// `None` when this path cannot judge (no AVX2, or a hash form it does not read).
    pub fn verify(password: &str, phc: &str) -> Option<bool> {
        if !available() || !phc.starts_with("$argon2id$v=19$") {
            return None;
        }
        let hash = argon2_kdf::Hash::from_str(phc).ok()?;
        Some(hash.verify(password.as_bytes()))
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod fast {
    pub fn verify(_password: &str, _phc: &str) -> Option<bool> {
        None
    }
}

/// Verifies a PHC string, computing into `buf` (grown when the stored parameters need more).
fn verify_into(password: &str, phc: &str, buf: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Ok(alg), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
        parsed.salt,
        parsed.hash,
    ) else {
        return false;
    };
    let Ok(version) = Version::try_from(parsed.version.unwrap_or(0x13)) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    if buf.len() < blocks {
        *buf = vec![Block::default(); blocks];
    }
    let mut out = [0u8; 64];
    let Some(out) = out.get_mut(..expected.len()) else {
        return false;
    };
    let Some(memory) = buf.get_mut(..blocks) else {
        return false;
    };
    Argon2::new(alg, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, out, memory)
        .is_ok()
        && bool::from(out.ct_eq(expected.as_bytes()))
}

fn hash_with(params: &Params, password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_users_fail() {
        let h = PasswordHasher::new(
            HashParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
            2,
        )
        .unwrap();
        let stored = h.hash("correct horse".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert!(h.verify("correct horse".into(), Some(stored.clone())).await);
        assert!(!h.verify("wrong".into(), Some(stored.clone())).await);
        assert!(!h.verify("not a password anyone has".into(), None).await);
        assert!(!h.verify("x".into(), Some("garbage".into())).await);
    }

    #[tokio::test]
    async fn hashes_made_with_other_parameters_still_verify() {
        let old = PasswordHasher::new(
            HashParams {
                m_kib: 2048,
                t: 2,
                p: 2,
            },
            1,
        )
        .unwrap();
        let stored = old.hash("pw".into()).await.unwrap();
        let new = PasswordHasher::new(
            HashParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
            1,
        )
        .unwrap();
        assert!(new.verify("pw".into(), Some(stored)).await);
    }

    /// Both implementations agree on hashes the other made.
    #[test]
    fn reference_and_portable_implementations_agree() {
        let params = Params::new(1024, 2, 1, None).unwrap();
        let phc = hash_with(&params, "pässwörd").unwrap();
        let mut buf = Vec::new();
        assert!(verify_into("pässwörd", &phc, &mut buf));
        if let Some(fast) = fast::verify("pässwörd", &phc) {
            assert!(fast);
            assert_eq!(fast::verify("passwörd", &phc), Some(false));
        }
    }

    /// RFC 9106 §5.3 test vector for Argon2id (32 KiB, t=3, p=4, with secret and associated
    /// data), computed through the same call the verifier makes.
    #[test]
    fn rfc9106_argon2id_vector() {
        let params = argon2::ParamsBuilder::new()
            .m_cost(32)
            .t_cost(3)
            .p_cost(4)
            .output_len(32)
            .data(argon2::AssociatedData::new(&[4u8; 12]).unwrap())
            .build()
            .unwrap();
        let mut mem = vec![Block::default(); params.block_count()];
        let ctx = Argon2::new_with_secret(&[3u8; 8], Algorithm::Argon2id, Version::V0x13, params)
            .unwrap();
        let mut out = [0u8; 32];
        ctx.hash_password_into_with_memory(&[1u8; 32], &[2u8; 16], &mut out, &mut mem[..])
            .unwrap();
        let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
        );
    }
}
