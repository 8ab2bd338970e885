//! Giving memory back after a burst. Password hashing, the largest user of memory (19 MiB per
//! check in flight), maps its working areas itself and unmaps them when idle
//! (`idp_web::password`); what remains on the heap after a burst of sign-ins is request and
//! response buffers spread over glibc's per-thread arenas, which glibc keeps for reuse.
//! [`trim`] returns those free pages to the system once hashing has been idle for a few seconds,
//! so the process goes back to its idle size.

/// Returns free heap memory of every arena to the system. Thread-safe; called when a hashing
/// thread goes idle and once after start-up.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn trim() {
    // SAFETY: malloc_trim takes no pointers and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}
