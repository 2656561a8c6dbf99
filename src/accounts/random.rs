//! Randomness for secrets (salts, session ids, CSRF tokens, one-time passwords):
//! the OS generator in the server, a scripted one in tests.

/// The OS random generator failed (it should not on any supported system).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("không lấy được số ngẫu nhiên từ hệ điều hành / the OS random generator failed: {0}")]
pub struct RandomError(pub String);

/// A source of cryptographically secure random bytes.
pub trait SecureRandom {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError>;
}

/// The operating system's generator (`getrandom`): what the server uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
        getrandom::fill(buf).map_err(|e| RandomError(e.to_string()))
    }
}

/// 32 random bytes: session ids and CSRF tokens are 256-bit.
pub(crate) fn bytes32(rng: &mut dyn SecureRandom) -> Result<[u8; 32], RandomError> {
    let mut out = [0u8; 32];
    rng.fill(&mut out)?;
    Ok(out)
}

/// Lower-case hex of `bytes` (tokens travel in cookies and headers as text).
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
pub(crate) mod testing {
    use super::{RandomError, SecureRandom};

    /// A deterministic generator: a counter run through a byte mix, so tests
    /// get distinct, repeatable "random" bytes.
    pub struct Counter(pub u64);

    impl SecureRandom for Counter {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
            for b in buf.iter_mut() {
                self.0 = self
                    .0
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                *b = (self.0 >> 33) as u8;
            }
            Ok(())
        }
    }

    /// A generator that always fails, for the error paths.
    pub struct Broken;

    impl SecureRandom for Broken {
        fn fill(&mut self, _: &mut [u8]) -> Result<(), RandomError> {
            Err(RandomError("broken".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_generator_gives_distinct_tokens() {
        let a = bytes32(&mut OsRandom).unwrap();
        let b = bytes32(&mut OsRandom).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn hex_is_two_lowercase_digits_per_byte() {
        assert_eq!(hex(&[0, 0xab, 0x0f]), "00ab0f");
    }
}
