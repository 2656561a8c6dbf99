//! A file's cells before they mean anything: rows of [`RawCell`]s from a CSV file
//! or from one sheet of an XLSX workbook. Evidence and self-score files are both
//! read through it, so both formats are accepted wherever either is.

use crate::error::Error;
use crate::model::DecimalMark;
use crate::model::RawCell;
use std::path::{Path, PathBuf};

/// The rows of one table, as the file holds them.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The file read.
    pub path: PathBuf,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// SHA-256 of the file's bytes (hex).
    pub fingerprint: String,
    /// Rows in file order (a CSV file's blank ones included; a sheet's rows
    /// without content left out, the others keeping their numbers).
    pub rows: Vec<GridRow>,
    /// How the file's text cells write decimals (see [`DecimalMark`]).
    pub decimal_mark: DecimalMark,
    /// What the reader chose and why (which sheet was read, which were skipped,
    /// that a `.csv` file is a workbook), printed as warnings.
    pub notes: Vec<String>,
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
    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(RawCell::is_blank)
    }

    /// The cell in 0-based column `col` (blank past the end of the row).
    pub(crate) fn cell(&self, col: usize) -> &RawCell {
        self.cells.get(col).unwrap_or(&RawCell::Empty)
    }
}

/// Whether `path` names a workbook (`.xlsx`, `.xlsm`), read with [`super::xlsx`];
/// every other file is read as CSV.
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// How a file is read, from its first bytes and then its extension: a file's
/// content decides over its name, so a workbook saved as `.csv` is read as one.
enum Kind {
    Csv,
    /// A zip archive (or a `.xlsx`/`.xlsm` name): read as a workbook.
    Workbook,
    /// Refused, with the message saying what the file is and what to do.
    Refused(String),
}

/// The start of a zip archive (a local file header, or the end record of an empty one).
fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// The OLE compound file of Excel 97–2003 `.xls`, and of an encrypted `.xlsx`.
fn is_ole(head: &[u8]) -> bool {
    head.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
}

fn kind(path: &Path, head: &[u8]) -> Kind {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext @ ("xls" | "ods" | "xlsb" | "numbers")) = extension.as_deref() {
        // Read as CSV these would only fail as "not UTF-8": say what to do instead.
        return Kind::Refused(format!(
            "định dạng .{ext} chưa được hỗ trợ: lưu lại thành .xlsx hoặc CSV UTF-8 / .{ext} files are not supported: save as .xlsx or CSV UTF-8"
        ));
    }
    if is_ole(head) {
        return Kind::Refused(
            "tệp là sổ Excel 97–2003 (.xls) hoặc sổ .xlsx có đặt mật khẩu, không phải .xlsx hay CSV: hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8 / the file is an Excel 97–2003 workbook (.xls) or a password-protected .xlsx, not .xlsx or CSV: open it in Excel, remove any password, and save it as .xlsx (Excel Workbook) or CSV UTF-8".into(),
        );
    }
    if is_zip(head) || is_workbook(path) {
        Kind::Workbook
    } else {
        Kind::Csv
    }
}

/// The first bytes of the file (fewer for a short file), to tell its format.
/// Only a regular file is opened: a FIFO would block the open itself, and a
/// device's bytes can be read only once (see [`crate::input_file`]).
fn head(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8);
    let file = crate::input_file::open_regular(path).map_err(|e| Error::io(path, e))?;
    file.take(8)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    Ok(head)
}

/// How an evidence file whose first bytes are `head` is read: `Ok(true)` whole
/// as a workbook, `Ok(false)` as CSV, or refused for its format.
pub(super) fn is_read_as_workbook(path: &Path, head: &[u8]) -> Result<bool, Error> {
    match kind(path, head) {
        Kind::Refused(message) => Err(Error::Evidence {
            path: path.to_path_buf(),
            message,
        }),
        Kind::Csv => Ok(false),
        Kind::Workbook => Ok(true),
    }
}

/// The note of a workbook whose name does not say it is one.
pub(super) fn workbook_notes(path: &Path) -> Vec<String> {
    if is_workbook(path) {
        Vec::new()
    } else {
        vec!["tệp không phải CSV mà là sổ Excel (.xlsx) dù tên khác; đọc như sổ Excel / the file is an Excel workbook (.xlsx), not CSV, whatever its name: read as a workbook".into()]
    }
}

/// Reads a CSV file or the data sheet of a workbook (see [`super::xlsx`]), told
/// apart by the file's content, then its extension.
pub(crate) fn read_grid(path: &Path) -> Result<Grid, Error> {
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    match kind(path, &head(path)?) {
        Kind::Refused(message) => Err(evidence_error(message)),
        Kind::Csv => super::delimited::read_grid(path),
        Kind::Workbook => {
            // The same bound as CSV: a workbook is compressed, so its cells are larger still.
            let bytes = super::delimited::read_bounded(path).map_err(|e| match e {
                super::delimited::ReadError::Io(e) => Error::io(path, e),
                super::delimited::ReadError::TooLarge(size) => {
                    evidence_error(super::delimited::too_large(size))
                }
            })?;
            super::xlsx::read_grid(path, bytes, workbook_notes(path))
        }
    }
}
