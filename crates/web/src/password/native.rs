//! The two places where password hashing leaves safe Rust: the working memory, mapped straight
//! from the kernel, and the call into the argon2 reference implementation (C, from
//! `argon2-kdf`, built for x86-64-v3). This is the web crate's only `unsafe` code.
//!
//! Why not let each implementation allocate for itself:
//! - The 19 MiB buffer is mapped once per hashing thread and reused, so a sign-in does not
//!   fault in 4,864 fresh pages (that doubles argon2's cost), and it is unmapped after a few
//!   idle seconds, so memory goes back to the system without depending on malloc's tuning.
//! - It is aligned to 2 MiB and advised for transparent huge pages: argon2id reads blocks at
//!   data-dependent places all over those 19 MiB, and with 4 KiB pages most of those reads miss
//!   the TLB. Measured on the benchmark machine: 5 % less time per hash (bench/README.md).
//!
//! The reference implementation still wipes the buffer after every hash (its default), so no
//! intermediate block of a password's computation stays in memory.

use argon2::Block;
use std::ptr::NonNull;

const HUGE_PAGE: usize = 2 * 1024 * 1024;

/// Zeroed, 2 MiB-aligned anonymous memory for `blocks` argon2 blocks, unmapped on drop.
pub struct WorkArea {
    /// Start of the whole mapping (what munmap takes back).
    map: NonNull<u8>,
    map_len: usize,
    /// The aligned part used for blocks.
    start: NonNull<Block>,
    blocks: usize,
}

// SAFETY: the mapping is owned by this value alone; nothing else holds its address.
#[allow(unsafe_code)]
unsafe impl Send for WorkArea {}

impl WorkArea {
    /// Maps room for `blocks` blocks; `None` when the kernel refuses.
    pub fn new(blocks: usize) -> Option<WorkArea> {
        let bytes = blocks.checked_mul(std::mem::size_of::<Block>())?.max(1);
        let map_len = bytes.checked_add(HUGE_PAGE)?;
        // SAFETY: an anonymous private mapping with no address hint touches no existing
        // memory; the result is checked against MAP_FAILED before use.
        #[allow(unsafe_code)]
        let map = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                map_len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if map == libc::MAP_FAILED {
            return None;
        }
        let map = NonNull::new(map.cast::<u8>())?;
        let offset = map.as_ptr().align_offset(HUGE_PAGE);
        // SAFETY: offset < HUGE_PAGE and offset + bytes <= map_len, so the aligned start and
        // the whole block range lie inside the mapping.
        #[allow(unsafe_code)]
        let start = unsafe { map.add(offset) };
        // SAFETY: the range is inside our mapping. The advice only changes how the kernel
        // backs it; failure (no THP support) leaves ordinary pages, which is fine.
        #[cfg(target_os = "linux")]
        #[allow(unsafe_code)]
        unsafe {
            libc::madvise(start.as_ptr().cast(), bytes, libc::MADV_HUGEPAGE);
        }
        Some(WorkArea {
            map,
            map_len,
            start: start.cast(),
            blocks,
        })
    }

    pub fn blocks(&self) -> usize {
        self.blocks
    }

    /// The memory as blocks, for the portable implementation.
    pub fn as_blocks(&mut self) -> &mut [Block] {
        // SAFETY: `start` is aligned for Block (2 MiB > 64), the range holds `blocks` blocks
        // inside the mapping, anonymous memory starts zeroed (a valid Block is any bytes), and
        // `&mut self` makes this the only reference for its lifetime.
        #[allow(unsafe_code)]
        unsafe {
            std::slice::from_raw_parts_mut(self.start.as_ptr(), self.blocks)
        }
    }

    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    fn bytes(&mut self) -> (*mut u8, usize) {
        (
            self.start.as_ptr().cast(),
            self.blocks * std::mem::size_of::<Block>(),
        )
    }
}

impl Drop for WorkArea {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `new`, which nothing references any more.
        #[allow(unsafe_code)]
        unsafe {
            libc::munmap(self.map.as_ptr().cast(), self.map_len);
        }
    }
}

#[cfg(target_arch = "x86_64")]
pub use reference::argon2id_reference;

/// The argon2id parameters and inputs of one computation.
pub struct Argon2idInput<'a> {
    pub password: &'a [u8],
    pub salt: &'a [u8],
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
    pub version: u32,
}

/// Only x86-64 builds carry the reference implementation; elsewhere the portable one runs.
#[cfg(not(target_arch = "x86_64"))]
pub fn argon2id_reference(_: &Argon2idInput<'_>, _: &mut WorkArea, _: &mut [u8]) -> bool {
    false
}

#[cfg(target_arch = "x86_64")]
mod reference {
    use super::{Argon2idInput, WorkArea};
    use argon2_kdf as _; // links the C library
    use std::cell::Cell;

    /// The reference implementation's `argon2_context` (argon2.h, version 20190702).
    #[repr(C)]
    struct Context {
        out: *mut u8,
        outlen: u32,
        pwd: *mut u8,
        pwdlen: u32,
        salt: *mut u8,
        saltlen: u32,
        secret: *mut u8,
        secretlen: u32,
        ad: *mut u8,
        adlen: u32,
        t_cost: u32,
        m_cost: u32,
        lanes: u32,
        threads: u32,
        version: u32,
        allocate_cbk: Option<extern "C" fn(*mut *mut u8, usize) -> i32>,
        free_cbk: Option<extern "C" fn(*mut u8, usize)>,
        flags: u32,
    }

    // Linked from argon2-kdf's build of the reference sources.
    #[allow(unsafe_code)]
    unsafe extern "C" {
        fn argon2id_ctx(context: *mut Context) -> i32;
    }

    const ARGON2_OK: i32 = 0;

    thread_local! {
        /// The buffer the allocation callback hands out during one call on this thread.
        static LENT: Cell<(*mut u8, usize)> = const { Cell::new((std::ptr::null_mut(), 0)) };
    }

    extern "C" fn lend(memory: *mut *mut u8, bytes: usize) -> i32 {
        let (ptr, len) = LENT.with(Cell::get);
        let given = if bytes <= len {
            ptr
        } else {
            std::ptr::null_mut()
        };
        // SAFETY: the reference implementation passes a valid pointer to its `memory` field
        // (core.c checks it for NULL before calling us).
        #[allow(unsafe_code)]
        unsafe {
            *memory = given;
        }
        if given.is_null() {
            -22 // ARGON2_MEMORY_ALLOCATION_ERROR
        } else {
            ARGON2_OK
        }
    }

    extern "C" fn give_back(_memory: *mut u8, _bytes: usize) {}

    /// Computes argon2id into `out` with the reference implementation, using `area` as working
    /// memory. False when the inputs are out of the implementation's range or `area` is too small.
    pub fn argon2id_reference(
        input: &Argon2idInput<'_>,
        area: &mut WorkArea,
        out: &mut [u8],
    ) -> bool {
        let (Ok(outlen), Ok(pwdlen), Ok(saltlen)) = (
            u32::try_from(out.len()),
            u32::try_from(input.password.len()),
            u32::try_from(input.salt.len()),
        ) else {
            return false;
        };
        let mut ctx = Context {
            out: out.as_mut_ptr(),
            outlen,
            // The reference implementation only reads pwd and salt (they are not wiped: flags 0).
            pwd: input.password.as_ptr().cast_mut(),
            pwdlen,
            salt: input.salt.as_ptr().cast_mut(),
            saltlen,
            secret: std::ptr::null_mut(),
            secretlen: 0,
            ad: std::ptr::null_mut(),
            adlen: 0,
            t_cost: input.t,
            m_cost: input.m_kib,
            lanes: input.p,
            // Lanes are computed one after the other on this thread: the same CPU time, and no
            // threads started behind the hashing pool's back.
            threads: 1,
            version: input.version,
            allocate_cbk: Some(lend),
            free_cbk: Some(give_back),
            flags: 0,
        };
        LENT.with(|l| l.set(area.bytes()));
        // SAFETY: every pointer in ctx is valid for the lengths given for the whole call (out,
        // password and salt borrow live slices; the lent area is borrowed mutably by this
        // function), and the reference implementation validates all parameters itself.
        #[allow(unsafe_code)]
        let rc = unsafe { argon2id_ctx(&mut ctx) };
        LENT.with(|l| l.set((std::ptr::null_mut(), 0)));
        rc == ARGON2_OK
    }
}
