//! Reading CSV as Excel writes it: `,` or `;`, UTF-8 with or without BOM.
//! A file in a legacy Vietnamese encoding is refused with the encoding's name.

mod encoding;

use super::grid::{Grid, GridRow};
use super::records::RowCells;
#[cfg(test)]
use super::{EvidenceSet, records};
use crate::error::Error;
use crate::model::DecimalMark;
use crate::model::EvidenceField;
#[cfg(test)]
use crate::model::Level;
use crate::model::RawCell;
use std::path::Path;

/// Largest evidence file read whole, in bytes. A province has at most a few
/// thousand units (a few hundred KB of CSV), so a bigger file read whole is likely
/// the wrong file and would only exhaust memory. Files of any size are streamed
/// into the CSV reports instead (the streamed pipeline), in bounded memory.
pub(crate) const MAX_EVIDENCE_BYTES: u64 = 64 * 1024 * 1024;

// Test helper: evidence is read through `crate::pipeline` (EvidenceFile, then batches).
#[cfg(test)]
/// Reads an evidence CSV file, typing each cell against `fields`.
///
/// File-level problems (unreadable, not UTF-8, missing required columns) are an
/// [`Error`]; cell and row problems are recorded on the unit, which stays in the set.
pub fn read_csv(
    path: &Path,
    fields: &[EvidenceField],
    levels: &[Level],
) -> Result<EvidenceSet, Error> {
    records::evidence_from_grid(read_grid(path)?, fields, levels)
}

/// Reads a CSV file into rows of text cells (numbered from 1, blank rows kept).
pub(crate) fn read_grid(path: &Path) -> Result<Grid, Error> {
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    let bytes = read_bounded(path).map_err(|e| match e {
        ReadError::Io(e) => Error::io(path, e),
        ReadError::TooLarge(size) => evidence_error(too_large(size)),
    })?;
    let fingerprint = crate::fingerprint::sha256_hex(&bytes);
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| evidence_error(not_utf8(&bytes, e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(evidence_error("tệp rỗng / the file is empty".into()));
    }
    let delimiter = detect_delimiter(text.as_bytes());
    let rows =
        CsvRows::new(path, text.as_bytes(), delimiter).collect::<Result<Vec<GridRow>, Error>>()?;
    Ok(Grid {
        path: path.to_path_buf(),
        sheet: None,
        fingerprint,
        rows,
        decimal_mark: DecimalMark::of_delimiter(delimiter),
        notes: Vec::new(),
    })
}

/// The rows of a CSV source one at a time, so a file of any size can be read in
/// bounded memory (see `evidence::stream`); [`read_grid`] collects them.
pub(crate) struct CsvRows<R: std::io::Read> {
    path: std::path::PathBuf,
    reader: ::csv::Reader<R>,
    row: usize,
    columns: usize,
    delimiter: u8,
    /// Bytes and fields of the last record.
    last_size: (usize, usize),
}

impl<R: std::io::Read> CsvRows<R> {
    /// Rows of `source` (BOM already skipped), cells split at `delimiter`.
    pub(crate) fn new(path: &Path, source: R, delimiter: u8) -> CsvRows<R> {
        CsvRows {
            path: path.to_path_buf(),
            reader: ::csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(source),
            row: 0,
            columns: 0,
            last_size: (256, 16),
            delimiter,
        }
    }

    /// The cell delimiter.
    pub(crate) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn error(&self, message: String) -> Error {
        Error::Evidence {
            path: self.path.clone(),
            message,
        }
    }

    /// The next record, checked: UTF-8, and not rows swallowed by an open quote.
    pub(crate) fn next_record(&mut self) -> Result<Option<CsvRecord>, Error> {
        let row = self.row + 1;
        // Sized like the row before: one allocation each, no growing.
        let mut record = ::csv::ByteRecord::with_capacity(self.last_size.0, self.last_size.1);
        match self.reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                return Err(self.error(if row == 1 {
                    format!("không đọc được dòng tiêu đề / cannot read the header row: {e}")
                } else {
                    format!("dòng/row {row}: không đọc được CSV / malformed CSV: {e}")
                }));
            }
        }
        self.row = row;
        if let Err(e) = std::str::from_utf8(record.as_slice()) {
            return Err(self.error(format!(
                "dòng/row {row}: {}",
                not_utf8(record.as_slice(), e.valid_up_to())
            )));
        }
        self.last_size = (record.as_slice().len().max(64), record.len().max(4));
        let record = CsvRecord { row, record };
        if row == 1 {
            self.columns = record.width();
        } else if record.record.as_slice().contains(&b'\n')
            || record.record.as_slice().contains(&b'\r')
        {
            let texts: Vec<&str> = (0..record.width()).map(|c| record.field(c)).collect();
            let line = record.record.position().map(|p| p.line() as usize);
            if let Some(message) = swallowed_rows(&texts, line, row, self.columns, self.delimiter) {
                return Err(self.error(message));
            }
        }
        Ok(Some(record))
    }
}

/// One CSV record, its fields valid UTF-8, read without copying each cell.
#[derive(Debug, Clone)]
pub struct CsvRecord {
    row: usize,
    record: ::csv::ByteRecord,
}

impl CsvRecord {
    /// The field in 0-based column `col`, as written (empty past the end).
    fn field(&self, col: usize) -> &str {
        // Checked when read: every field is UTF-8, as the record is and fields
        // split at ASCII bytes.
        self.record
            .get(col)
            .map_or("", |f| std::str::from_utf8(f).unwrap_or_default())
    }

    /// Whether every field is blank.
    pub(crate) fn is_blank(&self) -> bool {
        (0..self.width()).all(|c| self.field(c).trim().is_empty())
    }

    /// The record as a grid row (one string per cell).
    pub(crate) fn into_grid_row(self) -> GridRow {
        let cells = (0..self.width())
            .map(|c| match self.field(c).trim() {
                "" => RawCell::Empty,
                t => RawCell::Text(t.to_string()),
            })
            .collect();
        GridRow {
            row: self.row,
            cells,
        }
    }
}

impl RowCells for CsvRecord {
    fn row(&self) -> usize {
        self.row
    }

    fn width(&self) -> usize {
        self.record.len()
    }

    fn text(&self, col: usize) -> std::borrow::Cow<'_, str> {
        self.field(col).trim().into()
    }

    fn typed(
        &self,
        col: usize,
        field: &EvidenceField,
        mark: DecimalMark,
    ) -> Result<Option<crate::model::Value>, String> {
        crate::model::parse_cell_in(self.field(col).trim(), field, Some(mark))
    }
}

impl<R: std::io::Read> Iterator for CsvRows<R> {
    type Item = Result<GridRow, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
            .map(|r| r.map(CsvRecord::into_grid_row))
            .transpose()
    }
}

pub(super) enum ReadError {
    Io(std::io::Error),
    /// The file's size, or `None` for a stream that went past the limit.
    TooLarge(Option<u64>),
}

/// Reads at most [`MAX_EVIDENCE_BYTES`] (plus one, to tell a file that is larger):
/// only a regular file is opened (a FIFO, a device such as `/dev/zero` or a
/// directory is refused, see `crate::input_file`), judged by its size before any
/// byte is read, and read up to the limit even if it grows meanwhile.
pub(super) fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = crate::input_file::open_regular(path).map_err(ReadError::Io)?;
    check_size(&file)?;
    read_up_to_limit(file)
}

/// Refuses an open regular file larger than [`MAX_EVIDENCE_BYTES`], by its size.
pub(super) fn check_size(file: &std::fs::File) -> Result<(), ReadError> {
    if let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() > MAX_EVIDENCE_BYTES
    {
        return Err(ReadError::TooLarge(Some(meta.len())));
    }
    Ok(())
}

/// Reads `source` to its end, refusing more than [`MAX_EVIDENCE_BYTES`].
pub(super) fn read_up_to_limit(source: impl std::io::Read) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    source
        .take(MAX_EVIDENCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_EVIDENCE_BYTES {
        return Err(ReadError::TooLarge(None));
    }
    Ok(bytes)
}

/// `size` is the file's size, or `None` for a stream (a device) read up to the limit.
pub(super) fn too_large(size: Option<u64>) -> String {
    let limit = MAX_EVIDENCE_BYTES / (1024 * 1024);
    let (vi, en) = match size {
        Some(size) => {
            let mb = size / (1024 * 1024);
            (format!("{mb} MB"), format!("{mb} MB"))
        }
        None => (format!("hơn {limit} MB"), format!("more than {limit} MB")),
    };
    format!(
        "tệp minh chứng quá lớn ({vi}; giới hạn {limit} MB): một tỉnh chỉ có vài nghìn đơn vị, hãy kiểm tra đúng tệp chưa; tệp lớn hơn (cả nước) thì chấm bằng báo cáo dạng csv hoặc wide, đọc từng dòng / the evidence file is too large ({en}; the limit is {limit} MB): a province has at most a few thousand units, check that this is the right file; score a larger file (the whole country) into a csv or wide report, which reads it row by row"
    )
}

/// Why a file is not UTF-8, naming the legacy encoding it is in when it can be told.
pub(super) fn not_utf8(bytes: &[u8], valid_up_to: usize) -> String {
    let before = bytes.get(..valid_up_to).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let at = format!("dòng/row {line}, byte {}", valid_up_to - line_start + 1);
    match encoding::guess(bytes) {
        encoding::Guess::Utf16 => "tệp là UTF-16 (Excel \"Unicode Text\"), không phải UTF-8: hãy lưu lại dạng \"CSV UTF-8\" / the file is UTF-16 (Excel \"Unicode Text\"), not UTF-8: save it again as \"CSV UTF-8\"".into(),
        encoding::Guess::Legacy(legacy, sample) => {
            let name = legacy.name();
            format!(
                "tệp không phải UTF-8 mà là bảng mã cũ {name} ({at}, đọc theo {name}: \"{sample}\"): hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu lại dạng \"CSV UTF-8\" / the file is not UTF-8 but the legacy Vietnamese encoding {name} ({at}, read as {name}: \"{sample}\"): convert it to Unicode (e.g. with Unikey's converter) and save it again as \"CSV UTF-8\""
            )
        }
        encoding::Guess::Unknown => format!(
            "tệp không phải UTF-8 ({at}) và không giống bảng mã tiếng Việt cũ nào (Windows-1258, TCVN3, VNI): hãy lưu lại dạng \"CSV UTF-8\" / the file is not UTF-8 ({at}) and matches no legacy Vietnamese encoding (Windows-1258, TCVN3, VNI): save it again as \"CSV UTF-8\""
        ),
    }
}

/// A quote opened in a cell and never closed (or closed rows later) makes the CSV
/// reader put every following line into that one cell: the units on those lines
/// would vanish from every report. Excel cells may hold line breaks, so a cell is
/// taken as swallowed rows only when its record has the wrong number of cells or a
/// line inside it has as many delimiters as a whole row.
fn swallowed_rows(
    record: &[&str],
    line: Option<usize>,
    row: usize,
    columns: usize,
    delimiter: u8,
) -> Option<String> {
    let (column, cell) = record
        .iter()
        .enumerate()
        .find(|(_, c)| c.contains(['\n', '\r']))?;
    let looks_like_rows = cell
        .lines()
        .skip(1)
        .any(|l| l.bytes().filter(|b| *b == delimiter).count() + 1 >= columns.max(2));
    if record.len() == columns && !looks_like_rows {
        return None;
    }
    let first = line.unwrap_or(row);
    let last = first + cell.lines().count().saturating_sub(1);
    let letter = super::CellRef {
        file: Default::default(),
        sheet: None,
        row,
        column: column + 1,
        header: String::new(),
    }
    .column_letter();
    Some(format!(
        "dòng/row {row}, cột/column {letter}: ô mở dấu ngoặc kép (\") mà không đóng, nên các dòng {first}–{last} của tệp bị gộp vào một ô và các đơn vị trên đó sẽ bị mất; hãy đóng hoặc xoá dấu ngoặc kép đó / a cell opens a quote (\") that does not close, so lines {first}–{last} of the file were read as one cell and the units on them would be lost; close or remove that quote"
    ))
}

/// Picks `;`, `,` or tab: whichever appears most in the header line outside quotes.
pub(super) fn detect_delimiter(text: &[u8]) -> u8 {
    let header = text.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::detect_delimiter;

    #[test]
    fn detects_semicolon_and_comma() {
        assert_eq!(detect_delimiter(b"ma_don_vi;ten_don_vi;cap\n"), b';');
        assert_eq!(detect_delimiter(b"ma_don_vi,ten_don_vi,cap\n"), b',');
        assert_eq!(detect_delimiter(b"\"a;b\",c,d\n"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
    }
}
