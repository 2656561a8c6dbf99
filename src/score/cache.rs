//! Results of pure scripts, remembered by the inputs that decide them.
//!
//! A criterion's result for a unit depends only on the criterion, the unit's level
//! and the values of the fields the criterion reads (the year and the parameters are
//! fixed for a run, and scripts are sandboxed, so they cannot see anything else).
//! Evidence repeats heavily (Có/Không, dates around one deadline, small counts),
//! so most units find their result here instead of running the script again.
//!
//! The key holds each value exactly as typed, decimal scale included (`1,0` and
//! `1,00` are different keys because an explanation may print them), so a result
//! from the cache is byte-for-byte the result the script would give: output does
//! not depend on which units a thread saw first.

use super::CriterionScore;
use crate::model::Level;
use crate::model::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Entries kept per criterion before that criterion's cache starts over: bounds
/// memory on evidence whose values hardly repeat (two free dates), at a few
/// megabytes per thread, without evicting the criteria whose values do repeat.
const CAPACITY: usize = 16_384;

type Entries = HashMap<Box<[u8]>, CriterionScore, BuildHasherDefault<KeyHasher>>;

/// One thread's cache, one table per criterion. Looked up by key only, never iterated.
#[derive(Default)]
pub(crate) struct ResultCache {
    criteria: Vec<Entries>,
    key: Vec<u8>,
}

/// A multiply-rotate hash over 8-byte words (the scheme of rustc's FxHasher):
/// keys are a few dozen bytes, where SipHash's set-up dominates. It is not
/// collision-resistant; a file crafted to collide can only slow its own scoring,
/// since the cache holds at most [`CAPACITY`] entries.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, b)| *w = *b);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl ResultCache {
    /// The result for `criterion` at `level` with `inputs`, computed by `compute`
    /// on a miss. Results in error are not kept: they are rare, and a script
    /// stopped by the wall-clock guard might not fail the same way twice.
    pub(crate) fn get_or_compute<'v>(
        &mut self,
        criterion: usize,
        level: Level,
        inputs: impl Iterator<Item = Option<&'v Value>>,
        compute: impl FnOnce() -> CriterionScore,
    ) -> CriterionScore {
        encode_key(&mut self.key, criterion, level, inputs);
        if self.criteria.len() <= criterion {
            self.criteria
                .resize_with(criterion.saturating_add(1), Entries::default);
        }
        let Some(entries) = self.criteria.get_mut(criterion) else {
            return compute(); // not reached: resized just above
        };
        if let Some(hit) = entries.get(self.key.as_slice()) {
            return hit.clone();
        }
        let score = compute();
        if score.status != super::Status::Error {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(self.key.as_slice().into(), score.clone());
        }
        score
    }
}

/// Writes an unambiguous byte key: every value is tagged and fixed-size, or
/// length-prefixed for text.
fn encode_key<'v>(
    key: &mut Vec<u8>,
    criterion: usize,
    level: Level,
    inputs: impl Iterator<Item = Option<&'v Value>>,
) {
    key.clear();
    key.extend_from_slice(&(criterion as u32).to_le_bytes());
    key.push(level as u8);
    for value in inputs {
        match value {
            None => key.push(0),
            Some(Value::Bool(b)) => key.extend_from_slice(&[1, u8::from(*b)]),
            Some(Value::Date(d)) => {
                key.push(2);
                key.extend_from_slice(&d.day_number().to_le_bytes());
            }
            Some(Value::Integer(i)) => {
                key.push(3);
                key.extend_from_slice(&i.to_le_bytes());
            }
            Some(Value::Decimal(d)) => {
                key.push(4);
                key.extend_from_slice(&d.serialize());
            }
            Some(Value::Text(t)) => {
                key.push(5);
                key.extend_from_slice(&(t.len() as u64).to_le_bytes());
                key.extend_from_slice(t.as_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn key(values: &[Option<Value>]) -> Vec<u8> {
        let mut k = Vec::new();
        encode_key(&mut k, 0, Level::So, values.iter().map(Option::as_ref));
        k
    }

    #[test]
    fn keys_tell_apart_what_an_explanation_could_print() {
        let one = Some(Value::Decimal(Decimal::new(10, 1)));
        let one_00 = Some(Value::Decimal(Decimal::new(100, 2)));
        assert_ne!(key(std::slice::from_ref(&one)), key(&[one_00]));
        assert_ne!(key(&[None]), key(&[Some(Value::Bool(false))]));
        assert_ne!(
            key(&[Some(Value::Integer(1))]),
            key(&[Some(Value::Bool(true))])
        );
        // Text is length-prefixed, so neighbouring cells cannot run together.
        let ab = [
            Some(Value::Text("ab".into())),
            Some(Value::Text("c".into())),
        ];
        let a_bc = [
            Some(Value::Text("a".into())),
            Some(Value::Text("bc".into())),
        ];
        assert_ne!(key(&ab), key(&a_bc));
        assert_eq!(key(std::slice::from_ref(&one)), key(&[one]));
    }

    #[test]
    fn a_miss_computes_once_and_a_hit_returns_the_same_result() {
        let mut cache = ResultCache::default();
        let mut runs = 0;
        let value = Some(Value::Integer(3));
        for _ in 0..3 {
            let got = cache.get_or_compute(1, Level::Xa, [value.as_ref()].into_iter(), || {
                runs += 1;
                super::super::not_applicable(1, "x".into())
            });
            assert_eq!(&*got.explanation, "x");
        }
        assert_eq!(runs, 1);
    }
}
