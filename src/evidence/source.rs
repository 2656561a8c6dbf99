//! An evidence file opened once: its format told from its first bytes, its first
//! rows read to find the header (and, when asked, the assessment year), and the
//! rest read by the same reader, a batch at a time, by an
//! [`EvidenceStream`](super::stream::EvidenceStream).
//!
//! The year decides which ruleset reads the file, and the ruleset decides how its
//! columns are typed: so the rows read to learn the year are kept, not read again.
//! A CSV file is hashed as it is read, for the report's fingerprint.

use super::delimited::{CsvRecord, CsvRows, ReadError, detect_delimiter, not_utf8, too_large};
use super::grid::{Grid, GridRow};
use super::records::{Columns, HEADER_SEARCH_ROWS, RowCells, find_header, grid_error, no_units};
use crate::error::Error;
use crate::model::DecimalMark;
use crate::model::Level;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Longest CSV row read, in bytes: a row is one unit, a few hundred bytes. A file
/// without line breaks (or `/dev/zero`) stops here instead of filling memory.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// Whether a file of any size may be read, or only one a province can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    /// Up to [`super::delimited::MAX_EVIDENCE_BYTES`]: the units are kept in memory.
    Province,
    /// Any size: the units are scored and written a batch at a time.
    Unbounded,
}

/// The rows still to read, after the first ones.
pub(super) type Rows = Box<dyn Iterator<Item = Result<Raw, Error>> + Send>;

/// An opened evidence file and its first rows (up to and including the header).
pub struct EvidenceFile {
    /// The file (its first rows: where the header is looked for).
    pub(super) grid: Grid,
    /// Rows read after the first ones while looking for the year.
    pub(super) peeked: Vec<Raw>,
    /// The rows after those.
    pub(super) rows: Rows,
    /// The file's SHA-256, once read to its end.
    pub(super) fingerprint: Fingerprint,
}

/// The SHA-256 of a workbook (read whole) or of a CSV file hashed as it is read.
#[derive(Clone)]
pub(super) enum Fingerprint {
    Known(String),
    Hashing(Arc<Mutex<Sha256>>),
}

impl Fingerprint {
    /// Lower-case hex SHA-256 of the bytes read so far (all of them at the end).
    pub(super) fn hex(&self) -> String {
        match self {
            Fingerprint::Known(hex) => hex.clone(),
            Fingerprint::Hashing(hasher) => hasher
                .lock()
                .map(|h| {
                    h.clone()
                        .finalize()
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

impl EvidenceFile {
    /// Opens `path` (its only open in the run) and reads its first rows, where the
    /// header is.
    pub fn open(path: &Path, limit: SizeLimit) -> Result<EvidenceFile, Error> {
        let file = crate::input_file::open_regular(path).map_err(|e| Error::io(path, e))?;
        let hasher = Arc::new(Mutex::new(Sha256::new()));
        let hashing = Hashing {
            inner: file,
            hasher: hasher.clone(),
        };
        let mut reader = BufReader::with_capacity(64 * 1024, hashing);
        let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        let head = head.get(..8).unwrap_or(head);
        let (grid, fingerprint, mut rows): (Grid, Fingerprint, Rows) =
            if super::grid::is_read_as_workbook(path, head)? {
                super::delimited::check_size(reader.get_ref().inner_file())
                    .map_err(|e| read_error(path, e))?;
                let mut grid = read_workbook(path, reader)?;
                let fingerprint = Fingerprint::Known(grid.fingerprint.clone());
                let rows = std::mem::take(&mut grid.rows).into_iter();
                (grid, fingerprint, Box::new(rows.map(|r| Ok(Raw::Grid(r)))))
            } else {
                if limit == SizeLimit::Province {
                    super::delimited::check_size(reader.get_ref().inner_file())
                        .map_err(|e| read_error(path, e))?;
                }
                let mut records = csv_rows(path, reader)?;
                let grid = Grid {
                    path: path.to_path_buf(),
                    sheet: None,
                    fingerprint: String::new(),
                    rows: Vec::new(),
                    decimal_mark: DecimalMark::of_delimiter(records.delimiter()),
                    notes: Vec::new(),
                };
                let rows = std::iter::from_fn(move || records.next_record().transpose());
                let rows = Box::new(rows.map(|r| r.map(Raw::Csv)));
                (grid, Fingerprint::Hashing(hasher), rows)
            };
        // The header is looked for among the first rows, as for a file read whole.
        let mut grid = grid;
        let mut non_blank = 0;
        while non_blank < HEADER_SEARCH_ROWS {
            let Some(row) = rows.next() else { break };
            let row = row?.into_grid_row();
            non_blank += usize::from(!row.is_blank());
            grid.rows.push(row);
        }
        Ok(EvidenceFile {
            grid,
            peeked: Vec::new(),
            rows,
            fingerprint,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.grid.path
    }

    /// The assessment year: the `nam` of the first row that has one (scoring then
    /// holds every other row to it). The rows read to find it are kept for scoring.
    pub fn year(&mut self) -> Result<Option<i64>, Error> {
        let header_at = find_header(&self.grid, &[])?;
        let header = self
            .grid
            .rows
            .get(header_at)
            .ok_or_else(|| grid_error(&self.grid, "tệp rỗng / the file is empty".into()))?;
        let columns = Columns::new(&self.grid, header, &[], &Level::ALL)?;
        let year_of = |cells: &dyn RowCells| -> Option<i64> {
            if !columns.has_year() {
                return None;
            }
            columns.unit(cells, &mut |_| false).1
        };
        let mut any_unit = false;
        let first_rows = self.grid.rows.get(header_at.saturating_add(1)..);
        for row in first_rows
            .unwrap_or_default()
            .iter()
            .filter(|r| !r.is_blank())
        {
            any_unit = true;
            if let Some(year) = year_of(row) {
                return Ok(Some(year));
            }
        }
        // Without a `nam` column, one unit row is enough to tell the file has units.
        while columns.has_year() || !any_unit {
            let Some(raw) = self.rows.next() else { break };
            let raw = raw?;
            let year = if raw.is_blank() {
                None
            } else {
                any_unit = true;
                year_of(raw.cells())
            };
            self.peeked.push(raw);
            if year.is_some() {
                return Ok(year);
            }
        }
        if any_unit {
            Ok(None)
        } else {
            Err(grid_error(&self.grid, no_units()))
        }
    }
}

fn read_error(path: &Path, e: ReadError) -> Error {
    match e {
        ReadError::Io(e) => Error::io(path, e),
        ReadError::TooLarge(size) => Error::Evidence {
            path: path.to_path_buf(),
            message: too_large(size),
        },
    }
}

/// A workbook, read whole from the open file (bounded like a CSV read whole: a
/// workbook is compressed, so its cells are larger still).
fn read_workbook(path: &Path, reader: impl Read) -> Result<Grid, Error> {
    let bytes = super::delimited::read_up_to_limit(reader).map_err(|e| read_error(path, e))?;
    super::xlsx::read_grid(path, bytes, super::grid::workbook_notes(path))
}

/// A row as read: from a workbook's grid, or a CSV record (its cells not copied).
pub enum Raw {
    /// A workbook row (or one read while looking for the header).
    Grid(GridRow),
    /// A CSV record.
    Csv(CsvRecord),
}

impl Raw {
    pub(super) fn into_grid_row(self) -> GridRow {
        match self {
            Raw::Grid(row) => row,
            Raw::Csv(record) => record.into_grid_row(),
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        match self {
            Raw::Grid(row) => row.is_blank(),
            Raw::Csv(record) => record.is_blank(),
        }
    }

    pub(super) fn cells(&self) -> &dyn RowCells {
        match self {
            Raw::Grid(row) => row,
            Raw::Csv(record) => record,
        }
    }
}

/// The open file under the buffer, hashing every byte read through it.
struct Hashing {
    inner: std::fs::File,
    hasher: Arc<Mutex<Sha256>>,
}

impl Hashing {
    fn inner_file(&self) -> &std::fs::File {
        &self.inner
    }
}

impl Read for Hashing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let (Ok(mut hasher), Some(read)) = (self.hasher.lock(), buf.get(..n)) {
            hasher.update(read);
        }
        Ok(n)
    }
}

/// The rows of a CSV file, read through `reader`: BOM skipped, delimiter taken
/// from the header line, the first 64 KB checked for a legacy encoding so that
/// such a file gets the same message as when read whole.
fn csv_rows<R: BufRead>(path: &Path, mut reader: R) -> Result<CsvRows<RowLimit<R>>, Error> {
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
    let (bom, head) = match head.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (3, rest),
        None => (0, head),
    };
    if let Err(e) = std::str::from_utf8(head)
        && e.error_len().is_some()
    {
        return Err(evidence_error(not_utf8(head, e.valid_up_to())));
    }
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(evidence_error("tệp rỗng / the file is empty".into()));
    }
    let delimiter = detect_delimiter(head);
    reader.consume(bom);
    let limited = RowLimit {
        inner: reader,
        since_newline: 0,
    };
    Ok(CsvRows::new(path, limited, delimiter))
}

/// Fails a read once [`MAX_ROW_BYTES`] pass without a line break.
struct RowLimit<R> {
    inner: R,
    since_newline: usize,
}

impl<R: Read> Read for RowLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        // `n <= buf.len()` is the `Read` contract; `get` keeps a broken reader harmless.
        for &b in buf.get(..n).unwrap_or(buf) {
            if b == b'\n' {
                self.since_newline = 0;
            } else {
                self.since_newline += 1;
            }
        }
        if self.since_newline > MAX_ROW_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "một dòng dài hơn {} MB: đây không phải tệp minh chứng CSV / a row is longer than {} MB: this is not an evidence CSV",
                    MAX_ROW_BYTES / (1024 * 1024),
                    MAX_ROW_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(n)
    }
}
