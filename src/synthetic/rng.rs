//! SplitMix64: a tiny, fast pseudo-random generator whose output is fixed by its
//! published algorithm, so a generated file's bytes never change with a crate upgrade.
//!
//! Only integer arithmetic: probabilities are written in per-mille (‰).

/// The SplitMix64 generator (Steele, Lea and Flood, 2014; the seeder of `xoshiro`).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed`.
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0). Multiply-shift (Lemire) without the
    /// rejection step: the bias is below 2⁻³² for the small ranges used here.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        // `below(n) < n`, so the sum stays within `lo..=hi`.
        lo.saturating_add_unsigned(self.below(hi.abs_diff(lo).saturating_add(1)))
    }

    /// True with probability `per_mille` / 1000.
    pub(crate) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// A geometric count: how many times in a row `continue_per_mille` came up,
    /// capped at `cap`. Mean ≈ p / (1 − p): small numbers are common, big ones rare.
    pub(crate) fn geometric(&mut self, continue_per_mille: u64, cap: i64) -> i64 {
        let mut n = 0;
        while n < cap && self.chance(continue_per_mille) {
            n += 1;
        }
        n
    }

    /// One of `items`, picked uniformly (the default when `items` is empty).
    pub(crate) fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        let at = self.below(items.len() as u64) as usize;
        items.get(at).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // Reference values of SplitMix64 seeded with 1234567 (from the public C version).
        let mut rng = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            vec![
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn ranges_stay_inside_their_bounds() {
        let mut rng = SplitMix64::new(7);
        for _ in 0..10_000 {
            assert!(rng.below(3) < 3);
            let v = rng.between(-2, 2);
            assert!((-2..=2).contains(&v));
            assert!(rng.geometric(900, 5) <= 5);
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.between(4, 4), 4);
        assert_eq!(rng.between(5, 1), 5);
    }

    #[test]
    fn chance_follows_its_rate() {
        let mut rng = SplitMix64::new(42);
        let hits = (0..100_000).filter(|_| rng.chance(250)).count();
        assert!((24_000..26_000).contains(&hits), "{hits}");
    }
}
