//! Evidence files in and out of a round. In: the CSV/XLSX `cchc score` reads,
//! scored by the same pipeline first, so a bad cell gets the very message the
//! command line gives; any problem and nothing is imported.

use crate::Rules;
use crate::error::Error;
use crate::evidence::document::DocumentPart;
use crate::evidence::{EvidenceSet, UnitRecord};
use crate::store::{Actor, Store};
use std::path::Path;

/// One unit's cells as a form holds them (column → text, Vietnamese spelling:
/// `Có`, `31/01/2024`, `0,5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCells {
    /// `ma_don_vi`.
    pub ma_don_vi: String,
    /// The file's cells: fields and document-reference columns; `""` where the
    /// file has the column but the unit left it blank.
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
    let evidence = &scored.evidence;
    Ok(evidence
        .units
        .iter()
        .map(|u| unit_cells(rules, evidence, u))
        .collect())
}

/// The cells of one unit: every column the file has, a blank one as `""` (it
/// clears what was stored: the file is the unit's evidence).
fn unit_cells(rules: &Rules, file: &EvidenceSet, unit: &UnitRecord) -> UnitCells {
    let mut cells = Vec::new();
    for (i, field) in rules.ruleset.fields.iter().enumerate() {
        if file.field_columns.get(i).is_some_and(Option::is_some) {
            let value = unit.values.get(i).and_then(Option::as_ref);
            cells.push((
                field.id.clone(),
                value.map(ToString::to_string).unwrap_or_default(),
            ));
        }
        if file.has_documents.get(i).copied().unwrap_or(false) {
            let doc = unit.documents.get(i);
            for part in DocumentPart::ALL {
                let text = doc.and_then(|d| d.get(part)).unwrap_or_default();
                cells.push((part.column(&field.id), text.to_string()));
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
