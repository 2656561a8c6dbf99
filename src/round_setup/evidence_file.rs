//! Evidence files in and out of a round. In: the CSV/XLSX `cchc score` reads,
//! scored by the same pipeline first, so a bad cell gets the very message the
//! command line gives; any problem and nothing is imported.

use crate::Rules;
use crate::error::Error;
use crate::evidence::UnitRecord;
use crate::evidence::document::DocumentPart;
use crate::store::{Actor, Store};
use std::path::Path;

/// One unit's cells as a form holds them (column → text, Vietnamese spelling:
/// `Có`, `31/01/2024`, `0,5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCells {
    /// `ma_don_vi`.
    pub ma_don_vi: String,
    /// Non-blank cells: fields and document-reference columns.
    pub cells: Vec<(String, String)>,
}

/// Reads the evidence file at `path` for the `year` round ruled by `rules`:
/// every unit's cells, or every problem `cchc score` finds (file, row, column
/// and what was expected), in which case nothing is returned.
pub fn read_evidence_cells(rules: &Rules, year: i64, path: &Path) -> Result<Vec<UnitCells>, Error> {
    let scored = crate::pipeline::score_file(rules, path, year)?;
    let problems: Vec<String> = scored
        .board
        .units
        .iter()
        .flat_map(|u| u.problems.iter().map(ToString::to_string))
        .collect();
    if !problems.is_empty() {
        return Err(Error::Cells {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(scored
        .evidence
        .units
        .iter()
        .map(|u| unit_cells(rules, u))
        .collect())
}

fn unit_cells(rules: &Rules, unit: &UnitRecord) -> UnitCells {
    let mut cells = Vec::new();
    for (i, field) in rules.ruleset.fields.iter().enumerate() {
        if let Some(Some(value)) = unit.values.get(i) {
            cells.push((field.id.clone(), value.to_string()));
        }
        if let Some(doc) = unit.documents.get(i) {
            for (part, text) in [
                (DocumentPart::Number, &doc.number),
                (DocumentPart::Date, &doc.date),
                (DocumentPart::Page, &doc.page),
            ] {
                if let Some(text) = text.as_deref().filter(|t| !t.is_empty()) {
                    cells.push((part.column(&field.id), text.to_string()));
                }
            }
        }
    }
    UnitCells {
        ma_don_vi: unit.id.clone(),
        cells,
    }
}

/// Imports the evidence file at `path` into the `year` round, for many units
/// at once (administrator): all or nothing. Returns how many cells changed.
pub fn import_evidence_file(
    store: &mut Store,
    actor: &Actor,
    year: i64,
    path: &Path,
) -> Result<usize, Error> {
    let rules = store.round(year)?.rules()?;
    let units = read_evidence_cells(&rules, year, path)?;
    let known: std::collections::BTreeSet<String> = store
        .units(year)?
        .into_iter()
        .map(|u| u.ma_don_vi)
        .collect();
    let strangers: Vec<&str> = units
        .iter()
        .map(|u| u.ma_don_vi.as_str())
        .filter(|id| !known.contains(*id))
        .collect();
    if !strangers.is_empty() {
        return Err(Error::Usage(format!(
            "{}: đơn vị không có trong kỳ {year}: {}; không nhập gì / units not in the {year} round: {}; nothing was imported",
            path.display(),
            strangers.join(", "),
            strangers.join(", ")
        )));
    }
    let batch: Vec<(&str, Vec<(&str, &str)>)> = units
        .iter()
        .map(|u| {
            let cells = u
                .cells
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            (u.ma_don_vi.as_str(), cells)
        })
        .collect();
    store.import_evidence(actor, year, &batch)
}
