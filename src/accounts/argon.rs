//! The argon2id computation itself, in memory each thread keeps: hashing and
//! verifying both come here, with the parameters of the hash at hand.

use super::password::PasswordError;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;

/// Length of a new hash, in bytes (argon2's default).
pub(super) const OUTPUT_LEN: usize = 32;

thread_local! {
    /// The 19 MiB argon2 works in, kept by each thread that hashes: allocating
    /// it for every login made the allocator keep hundreds of MiB (measured on
    /// `cchc serve`: 317 MiB after 50 logins, against 51 at start).
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// argon2id of `password` and `salt` with `params` (and `version`) into `out`,
/// in this thread's kept memory.
pub(super) fn compute(
    params: &Params,
    version: Version,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), PasswordError> {
    let argon2 = Argon2::new(Algorithm::Argon2id, version, params.clone());
    let need = params.block_count();
    MEMORY.with(|memory| {
        let mut blocks = memory
            .try_borrow_mut()
            .map_err(|e| PasswordError::Hashing(e.to_string()))?;
        if blocks.len() < need {
            blocks.resize(need, Block::default());
        }
        let blocks = blocks
            .get_mut(..need)
            .ok_or_else(|| PasswordError::Hashing("argon2 memory".into()))?;
        argon2
            .hash_password_into_with_memory(password, salt, out, blocks)
            .map_err(|e| PasswordError::Hashing(e.to_string()))
    })
}
