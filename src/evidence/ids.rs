//! Unit identity beyond exact equality: ids that differ only by case.
//!
//! Ids are compared after [`crate::text::normalize_id`] (NFC, trimmed, invisible
//! characters dropped); two rows with one normalised id are the duplicate-unit-id
//! error. Ids that differ only by case (`XA-01`, `xa-01`) may be two units or one
//! unit typed twice: they stay two units, with a warning naming both rows.

use crate::text::visible;
use std::collections::BTreeMap;

/// Remembers each id by its lower-case form and warns about case-only variants.
#[derive(Default)]
pub struct CaseCheck {
    /// Lower-cased id → the first id written so and its row.
    first: BTreeMap<String, (String, usize)>,
    /// (earlier id, its row, this id, this row) of each case-only variant.
    variants: Vec<(String, usize, String, usize)>,
}

impl CaseCheck {
    /// Records the (normalised) `id` of the unit at `row`.
    pub fn see(&mut self, id: &str, row: usize) {
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
    pub fn warnings(&self, place: &str) -> Vec<String> {
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
}
