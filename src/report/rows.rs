//! The CSV reports' rows, one unit at a time, with a hole where the rank goes.
//!
//! A unit's rank is known only once every unit of its level is scored, but its
//! rows can be written as soon as it is. So a unit's rows are rendered with the
//! rank left out and filled in when written: the in-memory report and the
//! streamed one (the pipeline's CSV sink) write the same bytes through this one code.

use crate::output::csv::{CsvRow, CsvStyle};
use crate::ruleset::Ruleset;
use crate::score::UnitScore;
use rust_decimal::Decimal;
use std::io::Write;

/// The two CSV layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per unit × criterion, with status, band and explanation.
    Long,
    /// One row per unit: a column of points per criterion, the total and the rank
    /// (the summary sheet a Sở keeps in Excel).
    Wide,
}

const LONG_HEADER: [&str; 17] = [
    "ma_don_vi",
    "ten_don_vi",
    "cap",
    "tieu_chi",
    "ten_tieu_chi",
    "diem",
    "diem_toi_da",
    "trang_thai",
    "muc",
    "giai_thich",
    "thieu_minh_chung",
    "can_cu",
    "tong_diem",
    "tong_toi_da",
    "ty_le_phan_tram",
    "hang",
    "ruleset_fingerprint",
];

/// A wide row's cell for a criterion that could not be scored.
pub(crate) const WIDE_ERROR: &str = "error";

/// A wide row's cell for a criterion the unit is exempt from by an overlay (a
/// criterion merely not applying to the level stays blank).
pub(crate) const WIDE_EXEMPT: &str = "exempt";

/// A unit's rendered rows: `bytes` holds them back to back; each row is split
/// at the rank's place.
#[derive(Debug, Default, Clone)]
pub(crate) struct UnitRows {
    bytes: Vec<u8>,
    /// (start, rank position, end) of each row in `bytes`.
    rows: Vec<(usize, usize, usize)>,
}

impl UnitRows {
    /// Writes the rows with `rank` (blank when the unit is not ranked).
    pub(crate) fn write_ranked(
        &self,
        rank: Option<usize>,
        out: &mut (impl Write + ?Sized),
    ) -> std::io::Result<()> {
        let mut digits = [0u8; 20];
        let rank = rank.map_or(&b""[..], |r| format_rank(&mut digits, r));
        for &(start, at, end) in &self.rows {
            // Splits come back from a spill file: a bad one is an error, not a panic.
            let (Some(head), Some(tail)) = (self.bytes.get(start..at), self.bytes.get(at..end))
            else {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "hàng kết quả tạm bị hỏng / a spilled result row is corrupt",
                ));
            };
            out.write_all(head)?;
            out.write_all(rank)?;
            out.write_all(tail)?;
        }
        Ok(())
    }

    /// The raw parts, for storing: the bytes and the row splits.
    pub(crate) fn parts(&self) -> (&[u8], &[(usize, usize, usize)]) {
        (&self.bytes, &self.rows)
    }

    /// Rebuilds rows stored with [`UnitRows::parts`].
    pub(crate) fn from_parts(bytes: Vec<u8>, rows: Vec<(usize, usize, usize)>) -> UnitRows {
        UnitRows { bytes, rows }
    }
}

fn format_rank(buffer: &mut [u8; 20], mut rank: usize) -> &[u8] {
    // 20 places hold any `usize` (at most 20 digits).
    let mut at = buffer.len();
    for slot in buffer.iter_mut().rev() {
        *slot = b'0' + (rank % 10) as u8;
        rank /= 10;
        at -= 1;
        if rank == 0 {
            break;
        }
    }
    buffer.get(at..).unwrap_or_default()
}

/// Renders units' rows for one ruleset in one layout.
pub(crate) struct RowRenderer<'r> {
    ruleset: &'r Ruleset,
    layout: Layout,
    /// Per criterion, its legal bases joined (the same for every unit).
    bases: Vec<String>,
}

impl<'r> RowRenderer<'r> {
    /// A renderer for `ruleset`'s criteria.
    pub(crate) fn new(ruleset: &'r Ruleset, layout: Layout) -> RowRenderer<'r> {
        let bases = ruleset
            .criteria
            .iter()
            .map(|c| {
                let basis: Vec<String> = c.legal_basis.iter().map(|b| b.cite()).collect();
                basis.join("; ")
            })
            .collect();
        RowRenderer {
            ruleset,
            layout,
            bases,
        }
    }

    /// The header row.
    pub(crate) fn header(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let names: Vec<&str> = match self.layout {
            Layout::Long => LONG_HEADER.to_vec(),
            Layout::Wide => {
                let mut names = vec!["ma_don_vi", "ten_don_vi", "cap"];
                names.extend(self.ruleset.criteria.iter().map(|c| c.id.as_str()));
                names.extend(["tong_diem", "tong_toi_da", "ty_le_phan_tram", "hang"]);
                names
            }
        };
        let mut row = CsvRow::new(&mut out, CsvStyle::REPORT);
        for name in names {
            row.text(name);
        }
        row.end();
        out
    }

    fn decimal(&self, d: Option<Decimal>) -> String {
        let mut text = String::new();
        self.write_decimal(&mut text, d);
        text
    }

    /// Writes `d` rounded by the policy into `text` (cleared first; blank for `None`),
    /// without allocating once `text` has grown.
    fn write_decimal(&self, text: &mut String, d: Option<Decimal>) {
        text.clear();
        if let Some(d) = d {
            write_plain(text, self.ruleset.rounding.round(d));
        }
    }

    fn percent(&self, unit: &UnitScore) -> String {
        self.decimal(unit.fraction.and_then(crate::model::number::percent_of))
    }

    /// The unit's rows, rank left out.
    pub(crate) fn render(&self, unit: &UnitScore) -> UnitRows {
        // Room for a typical unit's rows, so they are written without regrowing.
        let per_row = match self.layout {
            Layout::Long => 1024 * unit.criteria.len(),
            Layout::Wide => 128 + 8 * unit.criteria.len(),
        };
        let mut rows = UnitRows {
            bytes: Vec::with_capacity(per_row),
            rows: Vec::with_capacity(unit.criteria.len()),
        };
        let level = unit.level.map(|l| l.code()).unwrap_or_default();
        match self.layout {
            Layout::Long => self.render_long(unit, level, &mut rows),
            Layout::Wide => self.render_wide(unit, level, &mut rows),
        }
        rows
    }

    /// One row per criterion, each ending with the unit's totals and the fingerprint.
    fn render_long(&self, unit: &UnitScore, level: &str, rows: &mut UnitRows) {
        let total = self.decimal(Some(unit.total));
        let max = self.decimal(Some(unit.max));
        let percent = self.percent(unit);
        for c in &unit.criteria {
            let criterion = self.ruleset.criterion(c.criterion);
            let missing: Vec<&str> = c
                .missing_evidence
                .iter()
                .map(|m| m.field.as_str())
                .collect();
            let start = rows.bytes.len();
            let mut row = CsvRow::new(&mut rows.bytes, CsvStyle::REPORT);
            for cell in [
                unit.id.as_str(),
                &unit.name,
                level,
                &criterion.id,
                &criterion.title,
                &self.decimal(c.points),
                &self.decimal(c.max),
                c.status.code(),
                c.band.as_deref().unwrap_or_default(),
                &c.explanation,
                &missing.join("; "),
                self.bases.get(c.criterion).map_or("", String::as_str),
                &total,
                &max,
                &percent,
            ] {
                row.text(cell);
            }
            let at = row.hole();
            row.text(&self.ruleset.fingerprint);
            let end = row.end();
            rows.rows.push((start, at, end));
        }
    }

    /// One row for the unit: a cell per criterion, then total, maximum and percent.
    fn render_wide(&self, unit: &UnitScore, level: &str, rows: &mut UnitRows) {
        let mut row = CsvRow::new(&mut rows.bytes, CsvStyle::REPORT);
        for cell in [unit.id.as_str(), &unit.name, level] {
            row.text(cell);
        }
        let mut points = String::new();
        for c in &unit.criteria {
            if c.status == crate::model::Status::Error {
                row.text(WIDE_ERROR);
            } else if c.status == crate::model::Status::NotApplicable
                && self
                    .ruleset
                    .criteria
                    .get(c.criterion)
                    .is_some_and(|cr| self.ruleset.exemption(&unit.id, &cr.id).is_some())
            {
                row.text(WIDE_EXEMPT);
            } else {
                self.write_decimal(&mut points, c.points);
                row.text(&points);
            }
        }
        let percent = unit.fraction.and_then(crate::model::number::percent_of);
        for value in [Some(unit.total), Some(unit.max), percent] {
            self.write_decimal(&mut points, value);
            row.text(&points);
        }
        let at = row.hole();
        let end = row.end();
        rows.rows.push((0, at, end));
    }
}

/// Writes `d` as its `Display` does (`-1.50`, `100.00`), from its integer
/// mantissa: several times faster than the general formatter, and points are
/// written once per unit and criterion.
fn write_plain(text: &mut String, d: Decimal) {
    let scale = d.scale() as usize;
    let Ok(digits) = u64::try_from(d.mantissa().unsigned_abs()) else {
        // Beyond 19 digits: never points, but still right.
        text.push_str(&d.to_string());
        return;
    };
    if d.mantissa() < 0 {
        text.push('-');
    }
    // The digits, least significant first, padded so there is one before the point.
    let mut buffer = [b'0'; 40];
    let mut n = digits;
    let mut len = 0;
    // At most 20 digits and a scale of at most 28: 40 places always suffice.
    for slot in buffer.iter_mut() {
        if n == 0 && len > scale {
            break;
        }
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    let written = buffer.get(..len).unwrap_or_default();
    for (i, &b) in written.iter().enumerate().rev() {
        text.push(char::from(b));
        if i == scale && scale > 0 {
            text.push('.');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        for (m, s) in [
            (0, 2),
            (50, 2),
            (-150, 2),
            (10_000, 2),
            (7, 0),
            (-5, 3),
            (123_456_789, 4),
        ] {
            let d = Decimal::new(m, s);
            let mut text = String::new();
            write_plain(&mut text, d);
            assert_eq!(text, d.to_string());
        }
    }

    #[test]
    fn the_rank_fills_its_hole_in_every_row() {
        let mut rows = UnitRows::default();
        for text in ["a", "b"] {
            let start = rows.bytes.len();
            let mut row = CsvRow::new(&mut rows.bytes, CsvStyle::REPORT);
            row.text(text);
            let at = row.hole();
            row.text("z");
            let end = row.end();
            rows.rows.push((start, at, end));
        }
        let mut out = Vec::new();
        rows.write_ranked(Some(120), &mut out).unwrap();
        rows.write_ranked(None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,120,z\nb,120,z\na,,z\nb,,z\n"
        );
    }
}
