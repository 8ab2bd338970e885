//! Password hashing with argon2id at OWASP parameters (m=19 MiB, t=2, p=1).
//!
//! The implementation is argon2-rust, a port of the argon2 reference implementation with
//! run-time selected SIMD (AVX-512, AVX2, SSE2, NEON or portable code, whichever the CPU has),
//! bit-exact with the reference (the tests below check it against RustCrypto's independent
//! implementation, the RFC 9106 vector and Debian's `argon2` command). On the benchmark
//! machine it verifies in ~7.5 ms where the reference C build needs ~10.5 ms and RustCrypto
//! ~16 ms (bench/argon2.sh), and a sign-in is mostly this hash.
//!
//! Hashes run on a few dedicated threads (one per core by default), never on the async
//! workers or tokio's growing blocking pool. A semaphore admits as many requests as there are
//! threads, so a burst of sign-ins queues instead of multiplying memory. Each thread keeps one
//! [`Hasher`], whose working memory is mapped once (on huge pages where the kernel allows),
//! wiped after every hash and reused, and given back after a few idle seconds, so memory
//! returns to the idle level.

use argon2_rust::params::Memory;
use argon2_rust::{Algorithm, Argon2, Hasher, Params, Version};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;
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

/// How long a hashing thread keeps its working memory without work.
const IDLE_RELEASE: Duration = Duration::from_secs(3);

/// What a stored hash may ask for before it is refused unchecked: a row cannot make a sign-in
/// allocate gigabytes. At least the configured parameters, so that our own hashes always pass.
const CEILING_MEMORY_KIB: u32 = 256 * 1024;
const CEILING_PASSES: u32 = 16;
const CEILING_LANES: u32 = 16;

/// The hashing configuration: new hashes, and the bounds for verifying stored ones.
#[derive(Clone, Copy)]
struct Config {
    argon2: Argon2,
    ceiling: Params,
}

impl Config {
    fn new(p: HashParams) -> Result<Config, PasswordError> {
        let invalid = |e: argon2_rust::Error| PasswordError::Params(e.to_string());
        let params = Params::builder()
            .memory(Memory::kib(p.m_kib.into()))
            .passes(p.t)
            .lanes(p.p)
            .build()
            .map_err(invalid)?;
        let ceiling = Params::builder()
            .memory(Memory::kib(p.m_kib.max(CEILING_MEMORY_KIB).into()))
            .passes(p.t.max(CEILING_PASSES))
            .lanes(p.p.max(CEILING_LANES))
            // Lanes are computed one after the other on the hashing thread: the same CPU
            // time, and no threads started behind the hashing pool's back.
            .threads(1)
            .build()
            .map_err(invalid)?;
        Ok(Config {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            ceiling,
        })
    }
}

#[derive(Clone)]
pub struct PasswordHasher {
    config: Config,
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
    /// few seconds and released its memory (the binary returns free memory to the system).
    pub fn with_idle_hook(
        p: HashParams,
        threads: usize,
        on_idle: Option<fn()>,
    ) -> Result<Self, PasswordError> {
        let config = Config::new(p)?;
        let dummy = hash(&mut config.argon2.hasher(), "not a password anyone has")?;
        let threads = threads.max(1);
        let (tx, rx) = crossbeam_channel::unbounded::<Job>();
        for i in 0..threads {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || worker(&rx, config, on_idle))
                .map_err(|e| PasswordError::Hash(format!("cannot start a hashing thread: {e}")))?;
        }
        Ok(PasswordHasher {
            config,
            jobs: tx,
            permits: Arc::new(Semaphore::new(threads)),
            dummy: Arc::new(dummy),
        })
    }

    /// Hashes on the calling thread (CLI use).
    pub fn hash_blocking(&self, password: &str) -> Result<String, PasswordError> {
        hash(&mut self.config.argon2.hasher(), password)
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

fn worker(rx: &Receiver<Job>, config: Config, on_idle: Option<fn()>) {
    let mut hasher = config.argon2.hasher();
    let mut busy_since_idle = false;
    loop {
        match rx.recv_timeout(IDLE_RELEASE) {
            Ok(Job::Hash { password, reply }) => {
                busy_since_idle = true;
                let _ = reply.send(hash(&mut hasher, &password));
            }
            Ok(Job::Verify {
                password,
                phc,
                reply,
            }) => {
                busy_since_idle = true;
                let _ = reply.send(verify(&mut hasher, &config.ceiling, &password, &phc));
            }
            Err(RecvTimeoutError::Timeout) => {
                hasher.clear();
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

/// A new argon2id PHC string for `password`, with a random 16-byte salt.
fn hash(hasher: &mut Hasher, password: &str) -> Result<String, PasswordError> {
    hasher
        .hash_password_with_random_salt(password.as_bytes())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Checks `password` against a stored PHC string of any argon2 variant, in constant time.
/// A string that is malformed or asks for more than `ceiling` fails (and is logged: the
/// account cannot sign in until an administrator resets it).
fn verify(hasher: &mut Hasher, ceiling: &Params, password: &str, phc: &str) -> bool {
    let algorithm = if phc.starts_with("$argon2id$") {
        Algorithm::Argon2id
    } else if phc.starts_with("$argon2i$") {
        Algorithm::Argon2i
    } else if phc.starts_with("$argon2d$") {
        Algorithm::Argon2d
    } else {
        tracing::warn!("a stored password hash is not an argon2 PHC string");
        return false;
    };
    match hasher.verify_encoded_bounded(phc, password.as_bytes(), algorithm, ceiling) {
        Ok(()) => true,
        Err(argon2_rust::Error::VerifyMismatch) => false,
        Err(e) => {
            tracing::warn!(error = %e, "a stored password hash cannot be checked");
            false
        }
    }
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

    /// RustCrypto's argon2, an independent implementation, and ours agree in both directions,
    /// over several parameter sets and all three variants.
    #[test]
    fn agrees_with_rustcrypto_argon2() {
        use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _};
        for (m, t, p) in [(1024, 2, 1), (64, 1, 2), (2048, 3, 1)] {
            let config = Config::new(HashParams { m_kib: m, t, p }).unwrap();
            let mut hasher = config.argon2.hasher();
            let ours = hash(&mut hasher, "pässwörd").unwrap();
            assert!(ours.starts_with(&format!("$argon2id$v=19$m={m},t={t},p={p}$")));
            let parsed = PasswordHash::new(&ours).unwrap();
            assert!(argon2::Argon2::default()
                .verify_password("pässwörd".as_bytes(), &parsed)
                .is_ok());
            assert!(argon2::Argon2::default()
                .verify_password("passwörd".as_bytes(), &parsed)
                .is_err());
            for alg in [
                argon2::Algorithm::Argon2id,
                argon2::Algorithm::Argon2i,
                argon2::Algorithm::Argon2d,
            ] {
                let salt = argon2::password_hash::SaltString::encode_b64(&[7u8; 16]).unwrap();
                let theirs = argon2::Argon2::new(
                    alg,
                    argon2::Version::V0x13,
                    argon2::Params::new(m, t, p, None).unwrap(),
                )
                .hash_password("pässwörd".as_bytes(), &salt)
                .unwrap()
                .to_string();
                assert!(
                    verify(&mut hasher, &config.ceiling, "pässwörd", &theirs),
                    "{theirs}"
                );
                assert!(!verify(&mut hasher, &config.ceiling, "passwörd", &theirs));
            }
        }
    }

    /// The working memory holds no block of a password's computation once it is given back,
    /// after hashes made and verified. (Fails if the `zeroize-memory` feature is turned off.)
    #[test]
    fn working_memory_is_wiped() {
        use argon2_rust::__internal::audit;
        let config = Config::new(HashParams {
            m_kib: 512,
            t: 2,
            p: 1,
        })
        .unwrap();
        let mut hasher = config.argon2.hasher();
        audit::watch(512);
        let phc = hash(&mut hasher, "pw").unwrap();
        assert!(verify(&mut hasher, &config.ceiling, "pw", &phc));
        assert!(!verify(&mut hasher, &config.ceiling, "pv", &phc));
        assert_eq!(hasher.reserved_blocks(), 512, "one area, reused");
        hasher.clear();
        assert_eq!(hasher.reserved_blocks(), 0);
        assert_eq!(audit::released(), 1);
        assert_eq!(audit::released_dirty(), 0);
        audit::watch(0);
    }

    /// A stored hash that asks for more than the ceiling is refused before anything is
    /// allocated; the ceiling never refuses the configured parameters.
    #[test]
    fn stored_hashes_are_bounded() {
        let config = Config::new(HashParams::default()).unwrap();
        let mut hasher = config.argon2.hasher();
        let four_tib = "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        let many_passes = "$argon2id$v=19$m=64,t=1000,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        let started = std::time::Instant::now();
        assert!(!verify(&mut hasher, &config.ceiling, "pw", four_tib));
        assert!(!verify(&mut hasher, &config.ceiling, "pw", many_passes));
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
        assert_eq!(hasher.reserved_blocks(), 0, "nothing was allocated");
        let big = Config::new(HashParams {
            m_kib: 512 * 1024,
            t: 20,
            p: 1,
        })
        .unwrap();
        assert_eq!(big.ceiling.memory_kib(), 512 * 1024);
        assert_eq!(big.ceiling.passes(), 20);
    }

    /// RFC 9106 gives no vector without secret and associated data, which the verifier never
    /// uses; this one (argon2id, m=32 KiB, t=3, p=4, no secret, no data) was computed with the
    /// `argon2` command of Debian's argon2 package, an independent build:
    /// `echo -n password | argon2 somesalt -id -t 3 -k 32 -p 4 -l 32`.
    #[test]
    fn matches_the_argon2_command() {
        let phc =
            "$argon2id$v=19$m=32,t=3,p=4$c29tZXNhbHQ$uwzICj5nEUlSaRVBjG7v52G7GdXS1WegF3A+DOpqsFw";
        let config = Config::new(HashParams::default()).unwrap();
        let mut hasher = config.argon2.hasher();
        assert!(verify(&mut hasher, &config.ceiling, "password", phc));
        assert!(!verify(&mut hasher, &config.ceiling, "passwore", phc));
        assert!(!verify(&mut hasher, &config.ceiling, "password", "garbage"));
        assert!(!verify(&mut hasher, &config.ceiling, "password", ""));
    }

    /// RFC 9106 §5.3 test vector for Argon2id (32 KiB, t=3, p=4, with secret and associated
    /// data).
    #[test]
    fn rfc9106_argon2id_vector() {
        let params = Params::builder()
            .memory(Memory::kib(32))
            .passes(3)
            .lanes(4)
            .build()
            .unwrap();
        let mut out = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_into_with_ad(&[1u8; 32], &[2u8; 16], &[3u8; 8], &[4u8; 12], &mut out)
            .unwrap();
        let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
        );
    }
}
