//! Passwords: argon2id hashes stored as PHC strings, the policy a new password
//! must meet, and the one-time passwords printed for the first administrator and
//! the demo accounts.
//!
//! Parameters: argon2id, m = 19 MiB, t = 2, p = 1, the first of the equivalent
//! minimum configurations in the OWASP Password Storage Cheat Sheet. A Sở runs
//! `cchc serve` on an ordinary 2-core office machine: 19 MiB × 2 passes costs
//! tens of milliseconds per login there, enough to make offline guessing of a
//! stolen database expensive and cheap enough that a morning's logins of every
//! unit of a province do not queue. Verification recomputes with the parameters
//! recorded in the stored hash, so raising them later only needs a rehash on the
//! next successful login ([`Verdict::Match`] says when).

use super::argon::{OUTPUT_LEN, compute};
use super::random::{RandomError, SecureRandom};
use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Params, Version};
use std::sync::OnceLock;

/// OWASP minimum for argon2id: memory in KiB (19 MiB).
pub const MEMORY_KIB: u32 = 19 * 1024;
/// OWASP minimum for argon2id at 19 MiB: passes.
pub const PASSES: u32 = 2;
/// OWASP minimum for argon2id: lanes.
pub const LANES: u32 = 1;
/// The shortest password accepted (characters).
pub const MIN_LENGTH: usize = 10;
/// The longest password accepted (characters): long enough for passphrases,
/// bounded so a request cannot make the server hash megabytes.
pub const MAX_LENGTH: usize = 128;

/// The most a stored hash may ask for (1 GiB, 16 passes, 8 lanes): a damaged or
/// tampered row must not make one login take the machine's memory or minutes.
const MAX_STORED_COST: (u32, u32, u32) = (1024 * 1024, 16, 8);

/// A password problem; the message is for the user, in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than [`MIN_LENGTH`].
    #[error(
        "mật khẩu phải có ít nhất {MIN_LENGTH} ký tự / the password must have at least {MIN_LENGTH} characters"
    )]
    TooShort,
    /// Longer than [`MAX_LENGTH`].
    #[error(
        "mật khẩu không được dài quá {MAX_LENGTH} ký tự / the password must have at most {MAX_LENGTH} characters"
    )]
    TooLong,
    /// The same as the login name.
    #[error("mật khẩu không được trùng tên đăng nhập / the password must not be the login name")]
    SameAsLogin,
    /// One character repeated.
    #[error(
        "mật khẩu không được chỉ gồm một ký tự lặp lại / the password must not be one repeated character"
    )]
    Repeated,
    /// The stored hash cannot be read (a damaged or foreign database row).
    #[error("mã băm mật khẩu đã lưu không hợp lệ / the stored password hash is invalid: {0}")]
    StoredHash(String),
    /// Hashing failed (bad parameters; should not happen with ours).
    #[error("không băm được mật khẩu / cannot hash the password: {0}")]
    Hashing(String),
    /// No randomness for the salt.
    #[error(transparent)]
    Random(#[from] RandomError),
}

/// Whether `password` may be set for the account `login`.
pub fn check_policy(password: &str, login: &str) -> Result<(), PasswordError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PasswordError::TooLong);
    }
    if password.trim().to_lowercase() == login.trim().to_lowercase() {
        return Err(PasswordError::SameAsLogin);
    }
    let mut chars = password.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return Err(PasswordError::Repeated);
    }
    Ok(())
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The password is right; `needs_rehash` when the hash was made with other
    /// parameters than the current ones (store a new hash).
    Match {
        /// The stored hash should be replaced by [`PasswordHasher::hash`].
        needs_rehash: bool,
    },
    /// The password is wrong.
    Mismatch,
}

/// Hashes and verifies passwords with fixed argon2id parameters.
#[derive(Debug)]
pub struct PasswordHasher {
    params: Params,
    /// A hash of nothing, verified against when the login is unknown so that an
    /// unknown login takes as long as a wrong password.
    decoy: OnceLock<Option<String>>,
}

impl PasswordHasher {
    /// The production parameters ([`MEMORY_KIB`], [`PASSES`], [`LANES`]).
    pub fn owasp() -> Result<PasswordHasher, PasswordError> {
        PasswordHasher::with_cost(MEMORY_KIB, PASSES, LANES)
    }

    /// Other parameters: tests use a small memory cost; a Sở with a faster machine
    /// may raise them.
    pub fn with_cost(
        memory_kib: u32,
        passes: u32,
        lanes: u32,
    ) -> Result<PasswordHasher, PasswordError> {
        let params = Params::new(memory_kib, passes, lanes, None)
            .map_err(|e| PasswordError::Hashing(e.to_string()))?;
        Ok(PasswordHasher {
            params,
            decoy: OnceLock::new(),
        })
    }

    /// The PHC string of `password` with a fresh 128-bit salt from `rng`.
    pub fn hash(
        &self,
        password: &str,
        rng: &mut dyn SecureRandom,
    ) -> Result<String, PasswordError> {
        let mut salt = [0u8; 16];
        rng.fill(&mut salt)?;
        self.phc(password, &salt)
    }

    /// The PHC string of `password` with `salt`.
    fn phc(&self, password: &str, salt: &[u8; 16]) -> Result<String, PasswordError> {
        let mut out = [0u8; OUTPUT_LEN];
        compute(
            &self.params,
            Version::V0x13,
            password.as_bytes(),
            salt,
            &mut out,
        )?;
        let hashing = |e: argon2::password_hash::Error| PasswordError::Hashing(e.to_string());
        let salt = SaltString::encode_b64(salt).map_err(hashing)?;
        let out = Output::new(&out).map_err(hashing)?;
        let p = &self.params;
        Ok(format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            p.m_cost(),
            p.t_cost(),
            p.p_cost(),
            salt.as_str(),
            out
        ))
    }

    /// Checks `password` against the stored PHC string. The hash is recomputed
    /// with the stored parameters and compared in constant time (the
    /// `password-hash` crate's `Output` equality uses `subtle`).
    pub fn verify(&self, password: &str, stored: &str) -> Result<Verdict, PasswordError> {
        let bad = |e: argon2::password_hash::Error| PasswordError::StoredHash(e.to_string());
        let parsed = PasswordHash::new(stored).map_err(bad)?;
        if parsed.algorithm.as_str() != "argon2id" {
            return Err(PasswordError::StoredHash(parsed.algorithm.to_string()));
        }
        let stored_params = Params::try_from(&parsed).map_err(bad)?;
        let (m, t, p) = MAX_STORED_COST;
        if stored_params.m_cost() > m || stored_params.t_cost() > t || stored_params.p_cost() > p {
            return Err(PasswordError::StoredHash(format!(
                "m={}, t={}, p={}",
                stored_params.m_cost(),
                stored_params.t_cost(),
                stored_params.p_cost()
            )));
        }
        let version = match parsed.version {
            Some(v) => {
                Version::try_from(v).map_err(|e| PasswordError::StoredHash(e.to_string()))?
            }
            None => Version::V0x13,
        };
        let missing =
            || PasswordError::StoredHash("thiếu muối hoặc mã băm / no salt or hash".into());
        let expected = parsed.hash.ok_or_else(missing)?;
        let mut salt = [0u8; 64];
        let salt = parsed
            .salt
            .ok_or_else(missing)?
            .decode_b64(&mut salt)
            .map_err(bad)?;
        let mut out = vec![0u8; expected.len()];
        compute(&stored_params, version, password.as_bytes(), salt, &mut out)?;
        if Output::new(&out).map_err(bad)? != expected {
            return Ok(Verdict::Mismatch);
        }
        let needs_rehash = stored_params.m_cost() != self.params.m_cost()
            || stored_params.t_cost() != self.params.t_cost()
            || stored_params.p_cost() != self.params.p_cost();
        Ok(Verdict::Match { needs_rehash })
    }

    /// Spends the time of one verification for a login that does not exist, so
    /// the answer's timing does not tell which logins exist. Always a mismatch.
    pub fn verify_unknown(&self, password: &str) -> Verdict {
        let decoy = self
            .decoy
            .get_or_init(|| self.phc("decoy-password", b"cchc-decoy-salt!").ok());
        if let Some(decoy) = decoy {
            let _ = self.verify(password, decoy);
        }
        Verdict::Mismatch
    }
}

/// Letters and digits nobody misreads on paper or a phone: no `0 O o 1 l I i`.
pub const READABLE: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A one-time password: 16 characters from [`READABLE`] (≈ 79 bits) in groups of
/// four, `xxxx-xxxx-xxxx-xxxx`; it meets [`check_policy`]. Characters are drawn
/// by rejection sampling so each is equally likely.
pub fn one_time_password(rng: &mut dyn SecureRandom) -> Result<String, RandomError> {
    let n = READABLE.len();
    // The largest multiple of n that fits in a byte: bytes above it are redrawn.
    let limit = 256 - 256 % n;
    let mut out = String::with_capacity(19);
    let mut drawn = 0;
    let mut byte = [0u8; 1];
    while drawn < 16 {
        rng.fill(&mut byte)?;
        let b = usize::from(byte[0]);
        if b >= limit {
            continue;
        }
        if drawn > 0 && drawn % 4 == 0 {
            out.push('-');
        }
        if let Some(&c) = READABLE.get(b % n) {
            out.push(char::from(c));
        }
        drawn += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::random::testing::{Broken, Counter};

    fn light() -> PasswordHasher {
        PasswordHasher::with_cost(64, 1, 1).unwrap()
    }

    #[test]
    fn a_hash_is_argon2id_with_the_owasp_parameters_and_verifies() {
        let hasher = PasswordHasher::owasp().unwrap();
        let hash = hasher.hash("mật khẩu đủ dài", &mut Counter(1)).unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert_eq!(
            hasher.verify("mật khẩu đủ dài", &hash).unwrap(),
            Verdict::Match {
                needs_rehash: false
            }
        );
        assert_eq!(
            hasher.verify("mật khẩu đủ dàI", &hash).unwrap(),
            Verdict::Mismatch
        );
    }

    #[test]
    fn salts_differ_so_equal_passwords_hash_differently() {
        let hasher = light();
        let mut rng = Counter(7);
        let a = hasher.hash("correct horse", &mut rng).unwrap();
        let b = hasher.hash("correct horse", &mut rng).unwrap();
        assert_ne!(a, b);
        // The same generator state gives the same hash: deterministic under test.
        assert_eq!(a, hasher.hash("correct horse", &mut Counter(7)).unwrap());
    }

    #[test]
    fn a_hash_with_old_parameters_verifies_and_asks_for_a_rehash() {
        let old = light().hash("correct horse", &mut Counter(2)).unwrap();
        let now = PasswordHasher::with_cost(128, 1, 1).unwrap();
        assert_eq!(
            now.verify("correct horse", &old).unwrap(),
            Verdict::Match { needs_rehash: true }
        );
    }

    #[test]
    fn damaged_or_foreign_hashes_are_errors_not_matches() {
        let hasher = light();
        assert!(matches!(
            hasher.verify("x", "not a hash"),
            Err(PasswordError::StoredHash(_))
        ));
        let argon2i = "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$YWJjZGVmZ2hpamtsbW5vcA";
        assert!(matches!(
            hasher.verify("x", argon2i),
            Err(PasswordError::StoredHash(_))
        ));
        assert!(matches!(
            hasher.hash("x", &mut Broken),
            Err(PasswordError::Random(_))
        ));
        // A tampered row asking for 4 GiB is refused before any hashing.
        let huge = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHQ$YWJjZGVmZ2hpamtsbW5vcA";
        assert!(matches!(
            hasher.verify("x", huge),
            Err(PasswordError::StoredHash(m)) if m.contains("4194304")
        ));
    }

    #[test]
    fn an_unknown_login_is_a_mismatch() {
        assert_eq!(light().verify_unknown("anything"), Verdict::Mismatch);
    }

    #[test]
    fn the_policy() {
        assert_eq!(check_policy("short", "a"), Err(PasswordError::TooShort));
        assert_eq!(
            check_policy(&"ab".repeat(65), "a"),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            check_policy("SoTuPhap-01", "sotuphap-01"),
            Err(PasswordError::SameAsLogin)
        );
        assert_eq!(
            check_policy("aaaaaaaaaaaa", "x"),
            Err(PasswordError::Repeated)
        );
        assert_eq!(check_policy("mậtkhẩuđủ10", "x"), Ok(()));
        // Characters, not bytes: nine Vietnamese letters are too short.
        assert_eq!(check_policy("đđđđđđđđa", "x"), Err(PasswordError::TooShort));
        assert_eq!(
            PasswordError::TooShort.to_string(),
            "mật khẩu phải có ít nhất 10 ký tự / the password must have at least 10 characters"
        );
    }

    #[test]
    fn one_time_passwords_are_readable_distinct_and_pass_the_policy() {
        let mut rng = Counter(3);
        let a = one_time_password(&mut rng).unwrap();
        let b = one_time_password(&mut rng).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 19);
        assert_eq!(a.split('-').count(), 4);
        for c in a.chars().filter(|c| *c != '-') {
            assert!(READABLE.contains(&(c as u8)), "{c}");
            assert!(!"0o1li".contains(c));
        }
        assert_eq!(check_policy(&a, "admin"), Ok(()));
        assert!(one_time_password(&mut Broken).is_err());
        assert!(one_time_password(&mut crate::accounts::OsRandom).is_ok());
    }

    /// Hashes written here are ordinary PHC strings: the argon2 crate's own
    /// verifier accepts them, and hashes it writes verify here.
    #[test]
    fn hashes_are_interchangeable_with_the_argon2_crates() {
        use argon2::{Algorithm, Argon2, PasswordHasher as _, PasswordVerifier as _};
        let hasher = PasswordHasher::with_cost(256, 2, 1).unwrap();
        let ours = hasher.hash("mot-mat-khau-dai", &mut Counter(7)).unwrap();
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, hasher.params.clone());
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(theirs.verify_password(b"mot-mat-khau-dai", &parsed).is_ok());
        assert!(
            theirs
                .verify_password(b"sai-mat-khau-dai", &parsed)
                .is_err()
        );
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let written = theirs
            .hash_password(b"mot-mat-khau-dai", &salt)
            .unwrap()
            .to_string();
        assert_eq!(
            hasher.verify("mot-mat-khau-dai", &written).unwrap(),
            Verdict::Match {
                needs_rehash: false
            }
        );
        assert_eq!(hasher.verify("khac", &written).unwrap(), Verdict::Mismatch);
    }
}
