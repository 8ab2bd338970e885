//! argon2id alone at the benchmark's parameters (m=19456 KiB, t=2, p=1): idp's password check
//! (`PasswordHasher::verify`, on its hashing thread) beside RustCrypto's `argon2` with reused
//! memory. Run by bench/argon2.sh, pinned to one core; prints milliseconds per check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use idp_accounts::password::HashParams;
use idp_accounts::PasswordHasher;
use std::time::Instant;

const PASSWORD: &str = "correct horse battery staple";
const RUNS: usize = 60;

fn report(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name:<44} min {:6.2}  p25 {:6.2}  p50 {:6.2} ms",
        ms[0],
        ms[RUNS / 4],
        ms[RUNS / 2]
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let idp = PasswordHasher::new(HashParams::default(), 1).unwrap();
    let stored = idp.hash(PASSWORD.into()).await.unwrap();
    let mut ms = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        assert!(idp.verify(PASSWORD.into(), Some(stored.clone())).await);
        ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    report("idp verify (argon2-rust)", ms);

    let rustcrypto = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(19_456, 2, 1, Some(32)).unwrap(),
    );
    let mut memory = vec![argon2::Block::default(); 19_456];
    let mut out = [0u8; 32];
    let mut ms = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        rustcrypto
            .hash_password_into_with_memory(
                PASSWORD.as_bytes(),
                b"saltsaltsaltsalt",
                &mut out,
                &mut memory,
            )
            .unwrap();
        ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    report("RustCrypto argon2 0.5, memory reused", ms);
}
