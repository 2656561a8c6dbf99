//! From a grid of cells to units: finding the header row, naming the columns
//! (required, year, evidence fields, document references, unknown) and typing each
//! unit's row. Shared by CSV and XLSX, so both report the same problems.

#[cfg(test)]
use super::EvidenceSet;
use super::document::{DocumentPart, DocumentRef};
use super::grid::{Grid, GridRow};
use super::headers::{self, KnownNames};
#[cfg(test)]
use super::ids::CaseCheck;
use super::{CellProblem, CellRef, UnitRecord};
use crate::model::DecimalMark;
use crate::model::{RawCell, type_cell_in};
// Named as `super::CellLocator` / `super::Value` by the code of `columns`.
use super::CellLocator;
use crate::error::Error;
use crate::model::EvidenceField;
use crate::model::Level;
use crate::model::Value;
use crate::text::{normalize_id, normalize_name, visible};
use std::collections::BTreeMap;
#[cfg(test)]
use std::collections::HashSet;

mod columns;
mod header_row;

pub(crate) use columns::{Columns, RowCells};
pub(crate) use header_row::{HEADER_SEARCH_ROWS, find_header, header_with};

pub(crate) use crate::model::{REQUIRED_COLUMNS, YEAR_COLUMN};

/// A file-level problem, naming the sheet of a workbook; whatever text of the
/// file it quotes is shown safely ([`visible`]).
pub(crate) fn grid_error(grid: &Grid, message: String) -> Error {
    let message = match &grid.sheet {
        Some(sheet) => format!("trang tính/sheet '{sheet}': {message}"),
        None => message,
    };
    let message = visible(&message).into_owned();
    Error::Evidence {
        path: grid.path.clone(),
        message,
    }
}

#[cfg(test)]
/// Types the units of an evidence grid against `fields`.
///
/// File-level problems (no header, missing required columns, mixed years) are an
/// [`Error`]; cell and row problems are recorded on the unit, which stays in the set.
pub(crate) fn evidence_from_grid(
    grid: Grid,
    fields: &[EvidenceField],
    levels: &[Level],
) -> Result<EvidenceSet, Error> {
    let header_at = find_header(&grid, fields)?;
    let Some((header, data)) = grid
        .rows
        .get(header_at..)
        .and_then(<[GridRow]>::split_first)
    else {
        return Err(grid_error(&grid, "tệp rỗng / the file is empty".into()));
    };
    let layout = Columns::new(&grid, header, fields, levels)?;
    let mut seen = HashSet::new();
    let mut cases = CaseCheck::default();
    let mut years = YearCheck::default();
    let mut units = Vec::new();
    for record in data.iter().filter(|r| !r.is_blank()) {
        let (unit, year) = layout.unit(record, &mut |id| !seen.insert(id.to_string()));
        cases.see(&unit.id, unit.row);
        if let Some(year) = year {
            years
                .see(year, unit.row)
                .map_err(|m| grid_error(&grid, m))?;
        }
        units.push(unit);
    }
    if units.is_empty() {
        return Err(grid_error(&grid, no_units()));
    }
    let has_documents = layout.has_documents();
    let mut warnings = layout.warnings;
    warnings.extend(cases.warnings(&headers::place(&grid)));
    Ok(EvidenceSet {
        path: grid.path,
        sheet: grid.sheet,
        year: years.year(),
        has_documents,
        headers: layout.headers,
        field_columns: layout.field_columns,
        units,
        warnings,
        fingerprint: grid.fingerprint,
    })
}

/// Why a file with a header and no unit is refused.
pub(crate) fn no_units() -> String {
    "tệp chỉ có dòng tiêu đề, không có đơn vị nào / the file has a header but no unit rows".into()
}

/// The one assessment year of the `nam` column: the first year written, and an
/// error at the first row that writes another.
#[derive(Default)]
pub(crate) struct YearCheck {
    first: Option<i64>,
}

impl YearCheck {
    /// Records row `row`'s year.
    pub(crate) fn see(&mut self, year: i64, row: usize) -> Result<(), String> {
        match self.first {
            None => {
                self.first = Some(year);
                Ok(())
            }
            Some(first) if first == year => Ok(()),
            Some(first) => Err(format!(
                "cột 'nam' có nhiều năm ({first} và {year} ở dòng {row}); mỗi tệp chỉ một năm đánh giá / the 'nam' column mixes years ({first} and {year} at row {row}); one assessment year per file"
            )),
        }
    }

    /// The year, if any row wrote one.
    pub(crate) fn year(&self) -> Option<i64> {
        self.first
    }
}
