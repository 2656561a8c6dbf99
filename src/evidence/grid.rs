//! A file's cells before they mean anything: rows of [`RawCell`]s from a CSV file
//! or from one sheet of an XLSX workbook. Evidence and self-score files are both
//! read through it, so both formats are accepted wherever either is.

use super::cell::RawCell;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// The rows of one table, as the file holds them.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file read.
    pub path: PathBuf,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// SHA-256 of the file's bytes (hex).
    pub fingerprint: String,
    /// Rows in file order, blank ones included.
    pub rows: Vec<GridRow>,
    /// How the file's text cells write decimals (see [`DecimalMark`]).
    pub decimal_mark: DecimalMark,
}

/// Which mark a file's text cells use for decimals, so that a number written with
/// the other mark and three digits after it (`1.000` in a file of `0,5`s) is
/// refused as ambiguous (a thousands separator, or a decimal mark?) instead of
/// read one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// A `;` CSV file, as Excel writes one where decimals take a comma: `1.000`
    /// is ambiguous, `1,000` is one.
    Comma,
    /// Any other file (`,` or tab CSV, a workbook's text cells): the file does not
    /// say which mark its decimals take, and in Vietnam `.` also groups thousands,
    /// so `1.000` and `"1,000"` are both ambiguous.
    Either,
}

impl DecimalMark {
    /// The mark of a CSV file separated by `delimiter`.
    pub fn of_delimiter(delimiter: u8) -> DecimalMark {
        match delimiter {
            b';' => DecimalMark::Comma,
            _ => DecimalMark::Either,
        }
    }
}

/// One row of a [`Grid`].
#[derive(Debug, Clone)]
pub struct GridRow {
    /// 1-based row number in the file (or sheet).
    pub row: usize,
    /// Cells from column A on; a row may be shorter or longer than its header.
    pub cells: Vec<RawCell>,
}

impl GridRow {
    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(RawCell::is_blank)
    }

    /// The cell in 0-based column `col` (blank past the end of the row).
    pub fn cell(&self, col: usize) -> &RawCell {
        self.cells.get(col).unwrap_or(&RawCell::Empty)
    }
}

/// Whether `path` names a workbook (`.xlsx`, `.xlsm`), read with [`super::xlsx`];
/// every other file is read as CSV.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Reads a CSV file or the data sheet of a workbook (see [`super::xlsx`]), chosen
/// by the extension.
pub fn read_grid(path: &Path) -> Result<Grid, Error> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext @ ("xls" | "ods" | "xlsb" | "numbers")) = extension.as_deref() {
        // Read as CSV these would only fail as "not UTF-8": say what to do instead.
        return Err(Error::Evidence {
            path: path.to_path_buf(),
            message: format!(
                "định dạng .{ext} chưa được hỗ trợ: lưu lại thành .xlsx hoặc CSV UTF-8 / .{ext} files are not supported: save as .xlsx or CSV UTF-8"
            ),
        });
    }
    if is_workbook(path) {
        super::xlsx::read_grid(path)
    } else {
        super::csv::read_grid(path)
    }
}
