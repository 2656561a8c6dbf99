//! Reading an evidence file a batch of units at a time, so that scoring every
//! commune of the country needs no more memory than scoring one province.
//!
//! The rows are typed by the same [`Columns`] as a file read whole, so both ways
//! give the same units and the same messages. Two checks need the whole file and
//! are made as the rows go by: one assessment year (an error at the first row that
//! writes another) and unique unit ids (see [`IdCheck`]).

use super::csv::{CsvRecord, CsvRows, detect_delimiter, not_utf8};
use super::grid::{Grid, GridRow};
use super::ids::CaseFilter;
pub use super::ids::IdCheck;
use super::records::{
    Columns, HEADER_SEARCH_ROWS, RowCells, YearCheck, find_header, grid_error, no_units,
};
use super::{UnitRecord, read_grid};
use crate::error::Error;
use crate::model::DecimalMark;
use crate::model::EvidenceField;
use crate::model::Level;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Longest CSV row read, in bytes: a row is one unit, a few hundred bytes. A file
/// without line breaks (or `/dev/zero`) stops here instead of filling memory.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// An evidence file being read. CSV is streamed; a workbook is read whole (it is
/// bounded like a CSV read whole) and then handed out in batches the same way.
pub struct EvidenceStream<'f> {
    layout: Columns<'f>,
    reader: RowReader<'f>,
    years: YearGuard,
}

/// Holds every row to the file's one assessment year.
pub struct YearGuard {
    years: YearCheck,
    /// The file (no rows), for the message.
    grid: Grid,
}

impl YearGuard {
    /// Checks row `row`'s year (if it has one) against the rows before.
    pub fn check(&mut self, year: Option<i64>, row: usize) -> Result<(), Error> {
        match year {
            Some(year) => self
                .years
                .see(year, row)
                .map_err(|m| grid_error(&self.grid, m)),
            None => Ok(()),
        }
    }
}

/// The reading half of an [`EvidenceStream`], which can run on a thread of its
/// own while the rows it read are typed and scored on others.
pub struct RowReader<'f> {
    rows: Box<dyn Iterator<Item = Result<Raw, Error>> + Send + 'f>,
    /// Rows read while looking for the header that come after it.
    pending: std::collections::VecDeque<Raw>,
    ids: IdCheck,
    /// Ids that may differ from an earlier one only by case.
    cases: CaseFilter,
    /// The file (its rows are not kept), for messages.
    grid: Grid,
    id_column: usize,
    units: usize,
}

impl<'f> EvidenceStream<'f> {
    /// Opens `path` and reads up to its header row. `ids` decides how duplicate
    /// unit ids are found.
    pub fn open(
        path: &Path,
        fields: &'f [EvidenceField],
        levels: &'f [Level],
        ids: IdCheck,
    ) -> Result<EvidenceStream<'f>, Error> {
        type Rows<'r> = Box<dyn Iterator<Item = Result<Raw, Error>> + Send + 'r>;
        let (sheet, decimal_mark, notes, mut rows): (
            Option<String>,
            DecimalMark,
            Vec<String>,
            Rows<'_>,
        ) = if super::grid::reads_whole(path)? {
            let grid = read_grid(path)?;
            (
                grid.sheet,
                grid.decimal_mark,
                grid.notes,
                Box::new(grid.rows.into_iter().map(|r| Ok(Raw::Grid(r)))),
            )
        } else {
            let mut records = csv_rows(path)?;
            let mark = DecimalMark::of_delimiter(records.delimiter());
            let rows = std::iter::from_fn(move || records.next_record().transpose());
            (
                None,
                mark,
                Vec::new(),
                Box::new(rows.map(|r| r.map(Raw::Csv))),
            )
        };
        // The header is looked for among the first rows, as for a file read whole.
        let mut head = Vec::new();
        let mut non_blank = 0;
        while non_blank < HEADER_SEARCH_ROWS {
            let Some(row) = rows.next() else { break };
            let row = row?.into_grid_row();
            non_blank += usize::from(!row.is_blank());
            head.push(row);
        }
        let mut grid = Grid {
            path: path.to_path_buf(),
            sheet,
            fingerprint: String::new(),
            rows: head,
            decimal_mark,
            notes,
        };
        let header_at = find_header(&grid, fields)?;
        let header = grid
            .rows
            .get(header_at)
            .ok_or_else(|| grid_error(&grid, "tệp rỗng / the file is empty".into()))?;
        let layout = Columns::new(&grid, header, fields, levels)?;
        let pending = grid
            .rows
            .drain(header_at..)
            .skip(1)
            .map(Raw::Grid)
            .collect();
        grid.rows.clear();
        let years = YearGuard {
            years: YearCheck::default(),
            grid: grid.clone(),
        };
        Ok(EvidenceStream {
            reader: RowReader {
                rows,
                pending,
                ids,
                cases: CaseFilter::new(),
                grid,
                id_column: layout.id_column(),
                units: 0,
            },
            layout,
            years,
        })
    }

    /// The header's column warnings (unknown and missing columns).
    pub fn warnings(&self) -> &[String] {
        &self.layout.warnings
    }

    /// For each field, whether the file has a document-reference column for it.
    pub fn has_documents(&self) -> Vec<bool> {
        self.layout.has_documents()
    }

    /// Where each field's cells are, for messages found after typing.
    pub fn cell_locator(&self) -> super::CellLocator {
        self.layout.cell_locator()
    }

    /// The assessment year written in the rows read so far.
    pub fn year(&self) -> Option<i64> {
        self.years.years.year()
    }

    /// Up to `max` more units, typed, in file order; empty at the end of the file.
    pub fn next_batch(&mut self, max: usize) -> Result<Vec<UnitRecord>, Error> {
        let rows = self.reader.next_rows(max)?;
        let mut units = Vec::with_capacity(rows.len());
        for row in &rows {
            let (unit, year) = row.typed(&self.layout);
            self.years.check(year, unit.row)?;
            units.push(unit);
        }
        Ok(units)
    }

    /// The columns (to type rows with), the reader (to read on another thread)
    /// and the year check.
    pub fn parts(&mut self) -> (&Columns<'f>, &mut RowReader<'f>, &mut YearGuard) {
        (&self.layout, &mut self.reader, &mut self.years)
    }

    /// The id check, with what it learnt, once the file is read.
    pub fn into_id_check(self) -> IdCheck {
        self.reader.ids
    }

    /// The id check and the lower-cased ids that may have case-only variants
    /// (see [`CaseFilter`]), once the file is read.
    pub fn into_checks(self) -> (IdCheck, std::collections::BTreeSet<String>) {
        (self.reader.ids, self.reader.cases.into_candidates())
    }
}

impl RowReader<'_> {
    /// Up to `max` more non-blank rows, in file order, each with whether its unit
    /// id repeats an earlier one; empty at the end of the file. The rows are typed
    /// with [`RawUnit::typed`] (on any thread), and their years then
    /// checked in order with [`EvidenceStream::check_year`].
    pub fn next_rows(&mut self, max: usize) -> Result<Vec<RawUnit>, Error> {
        let mut batch = Vec::with_capacity(max.min(4096));
        while batch.len() < max {
            let row = match self.pending.pop_front() {
                Some(row) => row,
                None => match self.rows.next() {
                    Some(row) => row?,
                    None => break,
                },
            };
            if row.is_blank() {
                continue;
            }
            let cells = row.cells();
            // The id's one identity, as `Columns::unit` gives it to the unit.
            let raw = cells.text(self.id_column);
            let id = crate::text::normalize_id(&raw);
            let duplicate = !id.is_empty() && self.ids.is_duplicate(&id, cells.row());
            if !id.is_empty() {
                self.cases.see(&id);
            }
            batch.push(RawUnit { row, duplicate });
        }
        self.units += batch.len();
        if batch.is_empty() && self.units == 0 {
            return Err(grid_error(&self.grid, no_units()));
        }
        Ok(batch)
    }
}

/// A data row not yet typed.
pub struct RawUnit {
    row: Raw,
    duplicate: bool,
}

impl RawUnit {
    /// The unit, typed by the file's columns, and its `nam`.
    pub fn typed(&self, columns: &Columns<'_>) -> (UnitRecord, Option<i64>) {
        match &self.row {
            Raw::Grid(row) => columns.unit(row, &mut |_| self.duplicate),
            Raw::Csv(record) => columns.unit(record, &mut |_| self.duplicate),
        }
    }
}

/// A row as read: from a workbook's grid, or a CSV record (its cells not copied).
pub enum Raw {
    /// A workbook row (or one read while looking for the header).
    Grid(GridRow),
    /// A CSV record.
    Csv(CsvRecord),
}

impl Raw {
    fn into_grid_row(self) -> GridRow {
        match self {
            Raw::Grid(row) => row,
            Raw::Csv(record) => record.into_grid_row(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Raw::Grid(row) => row.is_blank(),
            Raw::Csv(record) => record.is_blank(),
        }
    }

    fn cells(&self) -> &dyn RowCells {
        match self {
            Raw::Grid(row) => row,
            Raw::Csv(record) => record,
        }
    }
}

/// Reads only the assessment year: the `nam` of the first row that has one.
/// Scoring then holds every other row to it.
pub fn peek_year(path: &Path) -> Result<Option<i64>, Error> {
    let mut stream = EvidenceStream::open(path, &[], &Level::ALL, IdCheck::exact())?;
    loop {
        // One row at a time: reading stops at the first year.
        let batch = stream.next_batch(1)?;
        if batch.is_empty() || stream.year().is_some() {
            return Ok(stream.year());
        }
    }
}

/// The rows of a CSV file, read through a buffer: BOM skipped, delimiter taken
/// from the header line, the first 64 KB checked for a legacy encoding so that
/// such a file gets the same message as when read whole.
fn csv_rows(path: &Path) -> Result<CsvRows<RowLimit<BufReader<std::fs::File>>>, Error> {
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    let file = crate::input_file::open_regular(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
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
