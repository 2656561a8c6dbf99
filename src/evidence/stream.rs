//! Reading an evidence file a batch of units at a time, so that scoring every
//! commune of the country needs no more memory than scoring one province.
//!
//! The rows are typed by the same [`Columns`] as a file read whole, so both ways
//! give the same units and the same messages. Two checks need the whole file and
//! are made as the rows go by: one assessment year (an error at the first row that
//! writes another) and unique unit ids (see [`IdCheck`]).

use super::UnitRecord;
use super::grid::Grid;
use super::ids::CaseFilter;
pub use super::ids::IdCheck;
use super::records::{Columns, YearCheck, find_header, grid_error, no_units};
pub use super::source::{EvidenceFile, MAX_ROW_BYTES, Raw, SizeLimit};
use super::source::{Fingerprint, Rows};
use crate::error::Error;
use crate::model::EvidenceField;
use crate::model::Level;
use std::path::Path;

/// An evidence file being read. CSV is streamed; a workbook is read whole (it is
/// bounded like a CSV read whole) and then handed out in batches the same way.
pub struct EvidenceStream<'f> {
    layout: Columns<'f>,
    reader: RowReader<'f>,
    years: YearGuard,
    fingerprint: Fingerprint,
}

/// Holds every row to the file's one assessment year.
pub(crate) struct YearGuard {
    years: YearCheck,
    /// The file (no rows), for the message.
    grid: Grid,
}

impl YearGuard {
    /// Checks row `row`'s year (if it has one) against the rows before.
    pub(crate) fn check(&mut self, year: Option<i64>, row: usize) -> Result<(), Error> {
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
pub(crate) struct RowReader<'f> {
    rows: Rows,
    _fields: std::marker::PhantomData<&'f ()>,
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
    /// Opens `path` (of any size) and reads up to its header row. `ids` decides
    /// how duplicate unit ids are found.
    pub fn open(
        path: &Path,
        fields: &'f [EvidenceField],
        levels: &'f [Level],
        ids: IdCheck,
    ) -> Result<EvidenceStream<'f>, Error> {
        let file = EvidenceFile::open(path, SizeLimit::Unbounded)?;
        EvidenceStream::of_file(file, fields, levels, ids)
    }

    /// Reads the opened `file` (its first rows already read) against `fields`.
    pub(crate) fn of_file(
        file: EvidenceFile,
        fields: &'f [EvidenceField],
        levels: &'f [Level],
        ids: IdCheck,
    ) -> Result<EvidenceStream<'f>, Error> {
        let EvidenceFile {
            mut grid,
            peeked,
            rows,
            fingerprint,
        } = file;
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
            .chain(peeked)
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
                _fields: std::marker::PhantomData,
            },
            layout,
            years,
            fingerprint,
        })
    }

    /// The file's columns: headers, where each field is, warnings.
    pub(crate) fn columns(&self) -> &Columns<'f> {
        &self.layout
    }

    /// The file read (its path and sheet; no rows).
    pub(crate) fn grid(&self) -> &Grid {
        &self.reader.grid
    }

    /// The file as warnings name it (with the sheet of a workbook).
    pub(crate) fn place(&self) -> String {
        super::headers::place(&self.reader.grid)
    }

    /// SHA-256 of the file's bytes (hex), once every batch is read.
    pub(crate) fn fingerprint(&self) -> String {
        self.fingerprint.hex()
    }

    /// The header's column warnings (unknown and missing columns).
    pub fn warnings(&self) -> &[String] {
        &self.layout.warnings
    }

    /// For each field, whether the file has a document-reference column for it.
    pub(crate) fn has_documents(&self) -> Vec<bool> {
        self.layout.has_documents()
    }

    /// Where each field's cells are, for messages found after typing.
    pub(crate) fn cell_locator(&self) -> super::CellLocator {
        self.layout.cell_locator()
    }

    /// The assessment year written in the rows read so far.
    pub(crate) fn year(&self) -> Option<i64> {
        self.years.years.year()
    }

    /// The columns (to type rows with), the reader (to read on another thread)
    /// and the year check.
    pub(crate) fn parts(&mut self) -> (&Columns<'f>, &mut RowReader<'f>, &mut YearGuard) {
        (&self.layout, &mut self.reader, &mut self.years)
    }

    /// The id check and the lower-cased ids that may have case-only variants
    /// (see [`CaseFilter`]), once the file is read.
    pub(crate) fn into_checks(self) -> (IdCheck, std::collections::BTreeSet<String>) {
        (self.reader.ids, self.reader.cases.into_candidates())
    }
}

impl RowReader<'_> {
    /// Up to `max` more non-blank rows, in file order, each with whether its unit
    /// id repeats an earlier one; empty at the end of the file. The rows are typed
    /// with [`RawUnit::typed`] (on any thread), and their years then
    /// checked in order with [`EvidenceStream::check_year`].
    pub(crate) fn next_rows(&mut self, max: usize) -> Result<Vec<RawUnit>, Error> {
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
pub(crate) struct RawUnit {
    row: Raw,
    duplicate: bool,
}

impl RawUnit {
    /// The unit, typed by the file's columns, and its `nam`.
    pub(crate) fn typed(&self, columns: &Columns<'_>) -> (UnitRecord, Option<i64>) {
        match &self.row {
            Raw::Grid(row) => columns.unit(row, &mut |_| self.duplicate),
            Raw::Csv(record) => columns.unit(record, &mut |_| self.duplicate),
        }
    }
}
