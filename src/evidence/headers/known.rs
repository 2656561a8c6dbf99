//! The names a header cell may stand for: every column an evidence file for a
//! ruleset's fields can have, exactly and by the loose key that forgives case,
//! diacritics and separators (and each field's label). Separate from reading a
//! header row against them: built once per ruleset, asked once per cell.

use super::YEAR_LABEL;
use crate::evidence::document::DocumentPart;
use crate::evidence::records::{REQUIRED_COLUMNS, YEAR_COLUMN};
use crate::model::EvidenceField;
use crate::text::{loose_key, normalize_id};
use std::collections::{BTreeMap, BTreeSet};

/// Every column name an evidence file for some fields can have.
pub(crate) struct KnownNames {
    pub(super) exact: BTreeSet<String>,
    /// Loose key ([`header_key`]) → the names sharing it (one, unless ambiguous).
    pub(super) loose: BTreeMap<String, Vec<String>>,
    /// Loose keys that come from a field's declared `label` (`Số kế hoạch`), not
    /// from a name: a header read by them is warned about as a label.
    pub(super) label_keys: BTreeSet<String>,
}

/// The key under which a header is matched loosely: compatibility forms folded
/// (NFKC: a full-width `＿` or `Ａ` is `_` or `a`), then [`loose_key`] (no case,
/// no diacritics, no invisible character), and each hyphen, dash or space one
/// `_`: `So-Ke-Hoach`, `so＿ke＿hoach` and `so ke hoach` all key `so_ke_hoach`.
pub(crate) fn header_key(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let compatible: String = if raw.is_ascii() {
        raw.to_string()
    } else {
        raw.nfkc().collect()
    };
    loose_key(&compatible)
        .chars()
        .map(|c| match c {
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => '_',
            c if c.is_whitespace() => '_',
            c => c,
        })
        .collect()
}

impl KnownNames {
    /// The required columns, the year, each field's id and its document columns.
    pub(crate) fn new(fields: &[EvidenceField]) -> KnownNames {
        let mut names: Vec<String> = REQUIRED_COLUMNS.iter().map(|c| c.to_string()).collect();
        names.push(YEAR_COLUMN.to_string());
        for field in fields {
            names.push(field.id.clone());
            for part in DocumentPart::ALL {
                names.push(format!("{}{}", field.id, part.suffix()));
            }
        }
        let mut loose: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in &names {
            let same = loose.entry(header_key(name)).or_default();
            if !same.contains(name) {
                same.push(name.clone());
            }
        }
        // A field's label (what the form's first row shows) names its column too.
        // So does the year column's (`Năm đánh giá`, as `cchc template` writes it;
        // the other required columns' labels already fold to their ids).
        let mut label_keys = BTreeSet::new();
        let labels = fields
            .iter()
            .map(|f| (f.id.as_str(), f.label.as_str()))
            .chain([(YEAR_COLUMN, YEAR_LABEL)]);
        for (id, label) in labels {
            let key = header_key(label);
            if key.is_empty()
                || loose
                    .get(&key)
                    .is_some_and(|same| same.iter().any(|n| n == id))
            {
                continue;
            }
            loose.entry(key.clone()).or_default().push(id.to_string());
            label_keys.insert(key);
        }
        KnownNames {
            exact: names.into_iter().collect(),
            loose,
            label_keys,
        }
    }

    /// How well `header` names a column: 2 exactly, 1 loosely, 0 not at all.
    pub(crate) fn weight(&self, header: &str) -> usize {
        if header.is_empty() {
            0
        } else if self.exact.contains(header) || self.exact.contains(&*normalize_id(header)) {
            2
        } else {
            usize::from(self.loose.contains_key(&header_key(header)))
        }
    }
}
