//! Where a unit's field sits in its evidence file, for messages about a value
//! that typed fine but is found wrong later (an implausible date or count).

use super::CellRef;
#[cfg(test)]
use super::EvidenceSet;
use std::path::PathBuf;

/// The file, sheet and column of every field: with a unit's row, a [`CellRef`].
#[derive(Debug, Clone, Default)]
pub(crate) struct CellLocator {
    file: PathBuf,
    sheet: Option<String>,
    headers: Vec<String>,
    field_columns: Vec<Option<usize>>,
}

impl CellLocator {
    /// For a file whose header is `headers` and whose fields sit in `field_columns` (0-based).
    pub(crate) fn new(
        file: PathBuf,
        sheet: Option<String>,
        headers: Vec<String>,
        field_columns: Vec<Option<usize>>,
    ) -> CellLocator {
        CellLocator {
            file,
            sheet,
            headers,
            field_columns,
        }
    }

    #[cfg(test)]
    /// The locator of an evidence file read whole.
    pub(crate) fn of(set: &EvidenceSet) -> CellLocator {
        CellLocator::new(
            set.path.clone(),
            set.sheet.clone(),
            set.headers.clone(),
            set.field_columns.clone(),
        )
    }

    /// The cell of field `field` in row `row`; `id` names it when the file has no
    /// such column (never for a value read from the file).
    pub(crate) fn cell(&self, row: usize, field: usize, id: &str) -> CellRef {
        let column = self.field_columns.get(field).copied().flatten();
        CellRef {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column: column.map_or(0, |c| c + 1),
            header: column
                .and_then(|c| self.headers.get(c).cloned())
                .unwrap_or_else(|| id.to_string()),
        }
    }

    /// `cột/column F (id)`: another cell of the same row, named in a message.
    pub(crate) fn column(&self, field: usize, id: &str) -> String {
        let cell = self.cell(0, field, id);
        match cell.column {
            0 => id.to_string(),
            _ => format!("cột/column {} '{}'", cell.column_letter(), cell.header),
        }
    }
}
