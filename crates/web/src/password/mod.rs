//! Password hashing with argon2id at OWASP parameters (m=19 MiB, t=2, p=1).
//!
//! Verification uses the argon2 reference implementation built for x86-64-v3 (argon2-kdf's C
//! build, called in [`native`]), when the CPU has the instructions it was built for; otherwise,
//! and for argon2i/argon2d hashes, the RustCrypto implementation. Both compute the same
//! standard argon2id (tests below check them against each other and against Debian's
//! `argon2` command). New hashes are made by the RustCrypto implementation.
//!
//! Hashes run on a few dedicated threads (one per core by default), never on the async
//! workers or tokio's growing blocking pool. A semaphore admits as many requests as there are
//! threads, so a burst of sign-ins queues instead of multiplying memory. Each thread verifies
//! in one working area that it maps once, on huge pages where the kernel allows, reuses (no
//! 19 MiB allocation and page faults per sign-in) and unmaps after a few idle seconds, so
//! memory returns to the idle level.

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::sync::{oneshot, Semaphore};

mod native;
use native::WorkArea;

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
    let mut area: Option<WorkArea> = None;
    let mut busy_since_idle = false;
    loop {
        match rx.recv_timeout(IDLE_RELEASE) {
            Ok(Job::Hash { password, reply }) => {
                busy_since_idle = true;
                let _ = reply.send(hash_in(params, &password, &mut area));
            }
            Ok(Job::Verify {
                password,
                phc,
                reply,
            }) => {
                busy_since_idle = true;
                let _ = reply.send(verify_in(&password, &phc, &mut area));
            }
            Err(RecvTimeoutError::Timeout) => {
                area = None;
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

/// True when the CPU runs the reference implementation as built (x86-64-v3).
#[cfg(target_arch = "x86_64")]
fn reference_available() -> bool {
    static OK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
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

#[cfg(not(target_arch = "x86_64"))]
fn reference_available() -> bool {
    false
}

/// Verifies a PHC string, computing in `area` (mapped, or remapped larger, when the stored
/// parameters need it). Argon2id goes to the reference implementation where the CPU runs it,
/// everything else (argon2i/argon2d hashes, other CPUs) to the portable one.
fn verify_in(password: &str, phc: &str, area: &mut Option<WorkArea>) -> bool {
    verify_with(password, phc, area, reference_available())
}

fn verify_with(
    password: &str,
    phc: &str,
    area: &mut Option<WorkArea>,
    use_reference: bool,
) -> bool {
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
    // The reference implementation may use up to max(m, 8p) blocks; the portable one fewer.
    let blocks = (params.m_cost() as usize).max(8 * params.p_cost() as usize);
    let Some(area) = work_area(area, blocks) else {
        tracing::error!(blocks, "cannot map memory for a password check");
        return false;
    };
    let mut out = [0u8; 64];
    let Some(out) = out.get_mut(..expected.len()) else {
        return false;
    };
    let computed = if use_reference && alg == Algorithm::Argon2id {
        native::argon2id_reference(
            &native::Argon2idInput {
                password: password.as_bytes(),
                salt,
                m_kib: params.m_cost(),
                t: params.t_cost(),
                p: params.p_cost(),
                version: version as u32,
            },
            area,
            out,
        )
    } else {
        let memory = area.as_blocks();
        let Some(memory) = memory.get_mut(..params.block_count()) else {
            return false;
        };
        let ok = Argon2::new(alg, version, params)
            .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut *memory)
            .is_ok();
        wipe(memory);
        ok
    };
    computed && bool::from(out.ct_eq(expected.as_bytes()))
}

fn hash_with(params: &Params, password: &str) -> Result<String, PasswordError> {
    hash_in(params, password, &mut None)
}

/// A new argon2id PHC string for `password`, computed in `area` (mapped when missing or too
/// small).
fn hash_in(
    params: &Params,
    password: &str,
    area: &mut Option<WorkArea>,
) -> Result<String, PasswordError> {
    let failed = |e: &dyn std::fmt::Display| PasswordError::Hash(e.to_string());
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| failed(&e))?;
    let salt_string = SaltString::encode_b64(&salt).map_err(|e| failed(&e))?;
    let memory = work_area(area, params.block_count())
        .ok_or_else(|| failed(&"cannot map memory for hashing"))?
        .as_blocks();
    let memory = memory
        .get_mut(..params.block_count())
        .ok_or_else(|| failed(&"the work area is too small"))?;
    let mut out = [0u8; 32];
    let computed = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut *memory);
    wipe(memory);
    computed.map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: params.try_into().map_err(|e| failed(&e))?,
        salt: Some(salt_string.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

/// Zeroes the blocks a password's computation left behind, as the reference implementation
/// does after each hash. (They stay in a mapping that is reused and later unmapped; the stores
/// cannot be optimised away because that memory is read again through raw pointers.)
fn wipe(memory: &mut [argon2::Block]) {
    memory.fill(argon2::Block::default());
    std::hint::black_box(memory);
}

/// `area`, mapped anew when missing or smaller than `blocks`.
fn work_area(area: &mut Option<WorkArea>, blocks: usize) -> Option<&mut WorkArea> {
    if area.as_ref().is_none_or(|a| a.blocks() < blocks) {
        *area = None; // unmap the old one first
        *area = WorkArea::new(blocks);
    }
    area.as_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordHasher as _;

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

    /// Both implementations agree, on hashes the portable one made, whatever the parameters.
    #[test]
    fn reference_and_portable_implementations_agree() {
        for (m, t, p) in [(1024, 2, 1), (64, 1, 2), (2048, 3, 1)] {
            let params = Params::new(m, t, p, None).unwrap();
            let phc = hash_with(&params, "pässwörd").unwrap();
            let mut area = None;
            assert!(verify_with("pässwörd", &phc, &mut area, false));
            assert!(!verify_with("passwörd", &phc, &mut area, false));
            if reference_available() {
                assert!(verify_with("pässwörd", &phc, &mut area, true), "{phc}");
                assert!(!verify_with("passwörd", &phc, &mut area, true));
            }
        }
    }

    /// No block of a password's computation stays in the work area, whichever implementation
    /// computed it, and whether it verified or made the hash.
    #[test]
    fn the_work_area_is_wiped_after_each_hash() {
        let zero = |area: &mut Option<WorkArea>| {
            let blocks = area.as_mut().unwrap().as_blocks();
            blocks.iter().all(|b| b.as_ref().iter().all(|w| *w == 0))
        };
        let params = Params::new(512, 2, 1, None).unwrap();
        let mut area = None;
        let phc = hash_in(&params, "pw", &mut area).unwrap();
        assert!(zero(&mut area));
        assert!(verify_with("pw", &phc, &mut area, false));
        assert!(zero(&mut area));
        if reference_available() {
            assert!(verify_with("pw", &phc, &mut area, true));
            assert!(zero(&mut area));
        }
    }

    /// The work area grows for a hash that needs more memory than the last one, and hashes of
    /// other argon2 variants go to the portable implementation.
    #[test]
    fn other_sizes_and_variants_verify() {
        let mut area = None;
        let small = hash_with(&Params::new(256, 1, 1, None).unwrap(), "pw").unwrap();
        assert!(verify_in("pw", &small, &mut area));
        assert_eq!(area.as_ref().map(WorkArea::blocks), Some(256));
        let large = hash_with(&Params::new(4096, 1, 1, None).unwrap(), "pw").unwrap();
        assert!(verify_in("pw", &large, &mut area));
        assert_eq!(area.as_ref().map(WorkArea::blocks), Some(4096));
        let salt = SaltString::encode_b64(&[9u8; 16]).unwrap();
        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            Params::new(256, 2, 1, None).unwrap(),
        )
        .hash_password(b"pw", &salt)
        .unwrap()
        .to_string();
        assert!(argon2i.starts_with("$argon2i$"));
        assert!(verify_in("pw", &argon2i, &mut area));
        assert!(!verify_in("pv", &argon2i, &mut area));
    }

    /// RFC 9106 gives no vector without secret and associated data, which the verifier never
    /// uses; this one (argon2id, m=32 KiB, t=3, p=4, no secret, no data) was computed with the
    /// `argon2` command of Debian's argon2 package, an independent build:
    /// `echo -n password | argon2 somesalt -id -t 3 -k 32 -p 4 -l 32`.
    #[test]
    fn reference_path_matches_the_argon2_command() {
        let phc =
            "$argon2id$v=19$m=32,t=3,p=4$c29tZXNhbHQ$uwzICj5nEUlSaRVBjG7v52G7GdXS1WegF3A+DOpqsFw";
        let mut area = None;
        assert!(verify_with("password", phc, &mut area, false));
        if reference_available() {
            assert!(verify_with("password", phc, &mut area, true));
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
        let mut mem = vec![argon2::Block::default(); params.block_count()];
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
