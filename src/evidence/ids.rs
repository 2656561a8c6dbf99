//! Unit identity: duplicate ids ([`IdCheck`], in bounded memory for a streamed
//! file) and ids that differ only by case ([`CaseCheck`], [`CaseFilter`]).
//!
//! Ids are compared after [`crate::text::normalize_id`] (NFC, trimmed, invisible
//! characters dropped); two rows with one normalised id are the duplicate-unit-id
//! error. Ids that differ only by case (`XA-01`, `xa-01`) may be two units or one
//! unit typed twice: they stay two units, with a warning naming both rows.

use crate::text::visible;
use std::collections::{BTreeMap, BTreeSet};

/// Remembers each id by its lower-case form and warns about case-only variants.
#[derive(Default)]
pub(crate) struct CaseCheck {
    /// Lower-cased id → the first id written so and its row.
    first: BTreeMap<String, (String, usize)>,
    /// (earlier id, its row, this id, this row) of each case-only variant.
    variants: Vec<(String, usize, String, usize)>,
}

impl CaseCheck {
    /// Records the (normalised) `id` of the unit at `row`.
    pub(crate) fn see(&mut self, id: &str, row: usize) {
        let key = id.to_lowercase();
        match self.first.get(&key) {
            None => {
                self.first.insert(key, (id.to_string(), row));
            }
            Some((earlier, _)) if earlier == id => {}
            Some((earlier, earlier_row)) => {
                self.variants
                    .push((earlier.clone(), *earlier_row, id.to_string(), row));
            }
        }
    }

    /// One warning per id that differs from an earlier one only by case.
    pub(crate) fn warnings(&self, place: &str) -> Vec<String> {
        self.variants
            .iter()
            .map(|(a, row_a, b, row_b)| {
                let (a, b) = (visible(a), visible(b));
                format!(
                    "{place}: mã đơn vị '{b}' (dòng {row_b}) chỉ khác '{a}' (dòng {row_a}) ở chữ hoa/thường; hai đơn vị được chấm riêng, hãy kiểm tra có phải một đơn vị / unit id '{b}' (row {row_b}) differs from '{a}' (row {row_a}) only by case; they are scored as two units: check that they are not one"
                )
            })
            .collect()
    }
}

/// How duplicate unit ids are found when the rows are not all kept.
///
/// Keeping every id would make memory grow with the file. A first pass uses a
/// Bloom filter of fixed size: an id it has surely not seen is new; an id it may
/// have seen is a candidate. Candidates are then checked against the ids actually
/// read (the streamed pipeline keeps them with each unit's result), and if any is a real
/// duplicate the file is read again with [`IdCheck::known`], which marks exactly
/// the rows that repeat an earlier id, as a file read whole would.
pub enum IdCheck {
    /// Every id kept (small files, and peeking).
    Exact(BTreeSet<String>),
    /// The first pass: a Bloom filter and the candidate ids.
    Probable {
        /// The filter's bits.
        bits: Vec<u64>,
        /// Ids the filter may have seen before, in file order.
        candidates: BTreeSet<String>,
    },
    /// The second pass: the rows known to repeat an earlier id.
    Known(BTreeSet<usize>),
}

/// The Bloom filter's size: 2^25 bits (4 MB), a false candidate for about one
/// id in 100,000 at a million units.
const BLOOM_BITS: usize = 1 << 25;
const BLOOM_HASHES: u64 = 7;

impl IdCheck {
    /// Keeps every id.
    pub fn exact() -> IdCheck {
        IdCheck::Exact(BTreeSet::new())
    }

    /// A fixed-size first pass.
    pub(crate) fn probable() -> IdCheck {
        IdCheck::Probable {
            bits: vec![0; BLOOM_BITS / 64],
            candidates: BTreeSet::new(),
        }
    }

    /// Marks exactly `rows` as repeating an earlier id.
    pub(crate) fn known(rows: BTreeSet<usize>) -> IdCheck {
        IdCheck::Known(rows)
    }

    /// Whether the unit at `row` with `id` repeats an earlier id (in a probable
    /// pass: never, but the id may become a candidate).
    pub(super) fn is_duplicate(&mut self, id: &str, row: usize) -> bool {
        match self {
            IdCheck::Exact(seen) => !seen.insert(id.to_string()),
            IdCheck::Known(rows) => rows.contains(&row),
            IdCheck::Probable { bits, candidates } => {
                if bloom_insert(bits, id) {
                    candidates.insert(id.to_string());
                }
                false
            }
        }
    }

    /// The ids that may repeat, after a probable pass.
    pub(crate) fn candidates(&self) -> Option<&BTreeSet<String>> {
        match self {
            IdCheck::Probable { candidates, .. } => Some(candidates),
            _ => None,
        }
    }
}

/// Sets `key`'s bits in the Bloom filter `bits`; whether they all were set
/// already (the key may have been seen).
fn bloom_insert(bits: &mut [u64], key: &str) -> bool {
    let (h1, h2) = hashes(key);
    let mut all_set = true;
    for i in 0..BLOOM_HASHES {
        let bit = (h1.wrapping_add(i.wrapping_mul(h2)) % BLOOM_BITS as u64) as usize;
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        if let Some(w) = bits.get_mut(word) {
            all_set &= *w & mask != 0;
            *w |= mask;
        }
    }
    all_set
}

/// The streamed form of [`CaseCheck`]: lower-cased ids go through a Bloom filter
/// of fixed size; those it may have seen are candidates, and the units with a
/// candidate id are then run through a [`CaseCheck`] (by the streamed pipeline), so a
/// streamed report warns exactly as a file read whole.
pub(crate) struct CaseFilter {
    bits: Vec<u64>,
    candidates: BTreeSet<String>,
}

impl CaseFilter {
    /// An empty filter ([`BLOOM_BITS`] bits).
    pub(crate) fn new() -> CaseFilter {
        CaseFilter {
            bits: vec![0; BLOOM_BITS / 64],
            candidates: BTreeSet::new(),
        }
    }

    /// Records a (normalised) id.
    pub(crate) fn see(&mut self, id: &str) {
        let key = id.to_lowercase();
        if bloom_insert(&mut self.bits, &key) {
            self.candidates.insert(key);
        }
    }

    /// The lower-cased ids that may have been seen more than once.
    pub(crate) fn into_candidates(self) -> BTreeSet<String> {
        self.candidates
    }
}

impl Default for CaseFilter {
    fn default() -> Self {
        CaseFilter::new()
    }
}

/// Two independent 64-bit hashes of `id` (SipHash with fixed keys: the same in
/// every run), the second odd so that the probes cover the table.
fn hashes(id: &str) -> (u64, u64) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut a = DefaultHasher::new();
    id.hash(&mut a);
    let mut b = DefaultHasher::new();
    (id, 0x9e37_79b9_7f4a_7c15u64).hash(&mut b);
    (a.finish(), b.finish() | 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_only_variants_are_warned_once_each() {
        let mut check = CaseCheck::default();
        check.see("XA-01", 2);
        check.see("XA-01", 3);
        check.see("xa-01", 4);
        check.see("XA-02", 5);
        let warnings = check.warnings("f.csv");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("'xa-01' (row 4)") && warnings[0].contains("'XA-01' (row 2)"));
    }

    #[test]
    fn a_probable_pass_names_every_repeated_id_as_a_candidate() {
        let mut check = IdCheck::probable();
        let ids: Vec<String> = (0..50_000).map(|i| format!("XA-{i:05}")).collect();
        for (row, id) in ids.iter().enumerate() {
            assert!(!check.is_duplicate(id, row));
        }
        assert!(!check.is_duplicate("XA-00007", 50_001));
        assert!(!check.is_duplicate("XA-49999", 50_002));
        let candidates = check.candidates().unwrap();
        assert!(candidates.contains("XA-00007") && candidates.contains("XA-49999"));
        // False candidates stay rare (about one in 100,000 at this size).
        assert!(candidates.len() < 10, "{candidates:?}");
    }

    #[test]
    fn exact_and_known_checks_mark_the_later_row() {
        let mut exact = IdCheck::exact();
        assert!(!exact.is_duplicate("A", 2));
        assert!(exact.is_duplicate("A", 3));
        let mut known = IdCheck::known(BTreeSet::from([3]));
        assert!(!known.is_duplicate("A", 2));
        assert!(known.is_duplicate("A", 3));
    }
}
