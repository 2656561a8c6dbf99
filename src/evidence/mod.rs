//! Evidence: one row per unit, typed against the ruleset's declared fields.
//!
//! A file is read into a [`grid::Grid`] of raw cells, by `csv` (Excel's CSV
//! exports) or `xlsx` (workbooks, see there which sheet is read and within which
//! bounds), chosen by the file's first bytes, then its extension; `records` finds
//! the header and builds the units; `cell` types each cell the same way for both;
//! `document` reads the document-reference columns. This module is the only user
//! of the `csv`, `calamine`, `zip` and `quick-xml` crates.

mod delimited;
pub(crate) mod document;
pub(crate) mod form;
pub(crate) mod grid;
mod headers;
mod ids;
pub(crate) mod locator;
mod records;
mod source;
pub mod stream;
mod xlsx;

#[cfg(test)]
use crate::error::Error;
#[cfg(test)]
use crate::model::EvidenceField;
use crate::model::Level;
use crate::model::Value;
use std::fmt;
#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;

#[cfg(test)]
pub(crate) use self::delimited::read_csv;
pub(crate) use document::{DocumentPart, DocumentRef, document_name};
pub(crate) use grid::{Grid, GridRow, read_grid};
pub(crate) use headers::YEAR_LABEL;
pub(crate) use ids::CaseCheck;
pub(crate) use locator::CellLocator;
pub(crate) use records::{Columns, REQUIRED_COLUMNS, YEAR_COLUMN, header_with};

// Test helper: evidence is read through `crate::pipeline` (EvidenceFile, then batches).
#[cfg(test)]
/// Reads an evidence file, CSV or XLSX (by its content, then its extension),
/// typing each cell against `fields`. Both formats give the same units, values
/// and messages.
pub fn read_evidence(
    path: &Path,
    fields: &[EvidenceField],
    levels: &[Level],
) -> Result<EvidenceSet, Error> {
    records::evidence_from_grid(read_grid(path)?, fields, levels)
}

/// The units of one evidence file.
#[derive(Debug)]
pub struct EvidenceSet {
    /// The file read.
    pub path: PathBuf,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// Assessment year from the optional `nam` column.
    pub year: Option<i64>,
    /// Header cells, as written.
    pub headers: Vec<String>,
    /// For each ruleset field, the column holding it (0-based), if present.
    pub field_columns: Vec<Option<usize>>,
    /// For each ruleset field, whether the file has a document-reference column for it.
    pub has_documents: Vec<bool>,
    /// Units in file order. Every data row becomes a unit, even a broken one.
    pub units: Vec<UnitRecord>,
    /// Non-fatal problems with the file (unknown or missing columns).
    pub warnings: Vec<String>,
    /// SHA-256 of the file's bytes (hex).
    pub fingerprint: String,
}

/// One unit's row.
#[derive(Debug, Clone)]
pub struct UnitRecord {
    /// 1-based row in the file (the header is row 1).
    pub row: usize,
    /// `ma_don_vi`.
    pub id: String,
    /// `ten_don_vi`.
    pub name: String,
    /// `cap`, when it parsed.
    pub level: Option<Level>,
    /// One slot per ruleset field; `None` is blank.
    pub values: Vec<Option<Value>>,
    /// One slot per ruleset field: the document the unit cites for it.
    pub documents: Vec<DocumentRef>,
    /// Problems found in this row.
    pub problems: Vec<CellProblem>,
}

impl UnitRecord {
    /// Whether the whole unit is unusable (bad id, level or row shape).
    pub fn unit_problem(&self) -> Option<&CellProblem> {
        self.problems.iter().find(|p| p.field.is_none())
    }

    /// The problem with a field's cell, if any.
    pub fn field_problem(&self, field: usize) -> Option<&CellProblem> {
        self.problems.iter().find(|p| p.field == Some(field))
    }
}

/// Where a cell sits: file, sheet, row, column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellRef {
    /// The evidence file.
    pub file: PathBuf,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based row (header = 1).
    pub row: usize,
    /// 1-based column.
    pub column: usize,
    /// The column's header.
    pub header: String,
}

impl CellRef {
    /// Spreadsheet column letters (1 → A, 27 → AA).
    pub(crate) fn column_letter(&self) -> String {
        let mut n = self.column;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", trang tính/sheet '{sheet}'")?;
        }
        write!(
            f,
            ", dòng/row {}, cột/column {} ({})",
            self.row,
            self.column_letter(),
            self.header
        )
    }
}

/// A problem with a cell or a row, in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CellProblem {
    /// The field concerned; `None` when the whole unit is affected.
    pub field: Option<usize>,
    /// The cell (or, for row problems, the row's first cell).
    pub cell: CellRef,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.cell, self.message)
    }
}
