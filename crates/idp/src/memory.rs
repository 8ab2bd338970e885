//! glibc allocator tuning for a server whose largest allocations are argon2 working buffers
//! (19 MiB per password check in flight). The project's only `unsafe` code.
//!
//! - A password check must not fault in 19 MiB of fresh pages every time (that doubles its
//!   cost), so large blocks are served from the heap and kept there while sign-ins go on:
//!   the mmap threshold is set to its maximum (32 MiB) and the trim threshold above it.
//!   Setting them also turns off glibc's dynamic threshold, which otherwise parks such
//!   buffers in per-thread arenas for good.
//! - Once a hashing thread has been idle for a few seconds, [`trim`] (run on that thread) gives
//!   free memory back to the system, so the process returns to its idle size after a burst.
//!   `malloc_trim` releases free chunks everywhere but never shrinks the top of a non-main
//!   arena, where a thread's freed argon2 buffer sits; glibc shrinks that top when a free on
//!   the owning thread finds it above the trim threshold, so [`trim`] lowers the threshold,
//!   frees a probe block on the calling thread, and restores it.

/// Called first thing in `main`, before any other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn tune() {
    // SAFETY: mallopt only changes allocator tuning parameters, with documented values; it is
    // called before other threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

const TRIM_THRESHOLD: i32 = 128 * 1024 * 1024;

/// Returns free heap memory to the system: every arena's free chunks, the main arena's top,
/// and the calling thread's arena top. Thread-safe; called when a hashing thread goes idle
/// (on that thread) and once after start-up.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn trim() {
    // SAFETY: malloc_trim and mallopt take no pointers and are safe to call from any thread;
    // the temporary low trim threshold only makes frees meanwhile return memory sooner.
    unsafe {
        libc::malloc_trim(0);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
    // Freed next to this arena's top, the probe makes glibc shrink that top to the threshold.
    drop(std::hint::black_box(vec![0u8; 256 * 1024]));
    // SAFETY: as above.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() {}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}
