//! Reading an XLSX workbook as Excel saves it.
//!
//! **Which sheet:** the first worksheet with a `ma_don_vi` cell in its first
//! [`HEADER_SEARCH_ROWS`](super::records::HEADER_SEARCH_ROWS) rows (the template's
//! `Minh chung` sheet); without one, the first worksheet. Every other sheet (the
//! template's instructions, a unit's own notes) is ignored.
//!
//! **Cells:** dates are cells shown with a date format (Excel's serials, either epoch)
//! or text dates, typed like CSV text; numbers keep Excel's 15 significant digits,
//! exactly, as decimals; a merged cell's value fills the merged rows of its first
//! column (a header or a `cap` merged over several rows), never the columns beside it.

use super::cell::RawCell;
use super::grid::{Grid, GridRow};
use super::records::HEADER_SEARCH_ROWS;
use crate::date::Date;
use crate::error::Error;
use calamine::{Data, Dimensions, Range, Reader, SheetType, Xlsx};
use rust_decimal::Decimal;
use std::io::Cursor;
use std::path::Path;

/// The header cell that marks the data sheet.
const MARKER: &str = "ma_don_vi";

/// Reads the data sheet of a workbook into rows of cells, numbered as Excel shows them.
pub fn read_grid(path: &Path) -> Result<Grid, Error> {
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    // The same bound as CSV: a workbook is compressed, so its cells are larger still.
    let bytes = super::csv::read_bounded(path).map_err(|e| match e {
        super::csv::ReadError::Io(e) => Error::io(path, e),
        super::csv::ReadError::TooLarge(size) => evidence_error(super::csv::too_large(size)),
    })?;
    let fingerprint = crate::fingerprint::sha256_hex(&bytes);
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| {
            evidence_error(format!(
                "không đọc được tệp XLSX (hãy lưu lại bằng Excel dạng .xlsx) / cannot read the XLSX workbook (save it again from Excel as .xlsx): {e}"
            ))
        })?;
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut first: Option<(String, Range<Data>)> = None;
    for name in names {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            evidence_error(format!(
                "không đọc được trang tính '{name}' / cannot read sheet '{name}': {e}"
            ))
        })?;
        if has_marker(&range) {
            first = Some((name, range));
            break;
        }
        first.get_or_insert((name, range));
    }
    let Some((sheet, range)) = first else {
        return Err(evidence_error(
            "tệp XLSX không có trang tính nào / the workbook has no worksheet".into(),
        ));
    };
    let merged = workbook.merge_cells_by_sheet_name(&sheet).map_err(|e| {
        evidence_error(format!(
            "không đọc được ô gộp của trang tính '{sheet}' / cannot read the merged cells of sheet '{sheet}': {e}"
        ))
    })?;
    Ok(Grid {
        path: path.to_path_buf(),
        sheet: Some(sheet),
        fingerprint,
        rows: rows(&range, &merged),
        decimal_mark: super::grid::DecimalMark::Either,
    })
}

fn has_marker(range: &Range<Data>) -> bool {
    range.rows().take(HEADER_SEARCH_ROWS).any(|row| {
        row.iter()
            .any(|c| matches!(c, Data::String(s) if s.trim() == MARKER))
    })
}

/// The sheet's rows from row 1 and column A, merged cells filled down.
fn rows(range: &Range<Data>, merged: &[Dimensions]) -> Vec<GridRow> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let (top, left) = (top as usize, left as usize);
    let mut rows: Vec<GridRow> = (0..top)
        .map(|r| GridRow {
            row: r + 1,
            cells: Vec::new(),
        })
        .collect();
    for (offset, row) in range.rows().enumerate() {
        let mut cells = vec![RawCell::Empty; left];
        cells.extend(row.iter().map(raw_cell));
        rows.push(GridRow {
            row: top + offset + 1,
            cells,
        });
    }
    for region in merged {
        let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
        let value = rows
            .get(r0)
            .map(|r| r.cell(c0).clone())
            .unwrap_or(RawCell::Empty);
        let last = (region.end.0 as usize).min(rows.len().saturating_sub(1));
        for row in rows.iter_mut().take(last + 1).skip(r0 + 1) {
            if row.cells.len() <= c0 {
                row.cells.resize(c0 + 1, RawCell::Empty);
            }
            row.cells[c0] = value.clone();
        }
    }
    rows
}

fn raw_cell(data: &Data) -> RawCell {
    match data {
        Data::Empty => RawCell::Empty,
        Data::String(s) => RawCell::Text(s.clone()),
        Data::Int(i) => RawCell::Number(Decimal::from(*i)),
        Data::Float(f) => number(*f),
        Data::Bool(b) => RawCell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Date::new(i64::from(y), i64::from(m), i64::from(d))
                .map_or_else(|| number(dt.as_f64()), RawCell::Date)
        }
        Data::DateTime(dt) => number(dt.as_f64()),
        // ISO text from an ODS-style cell: its date part is the date.
        Data::DateTimeIso(s) => RawCell::Text(s.split('T').next().unwrap_or(s).to_string()),
        Data::DurationIso(s) => RawCell::Text(s.clone()),
        Data::Error(e) => RawCell::Error(e.to_string()),
    }
}

/// A cell's double as the decimal Excel shows: 15 significant digits, so `0.1 + 0.2`
/// computed in a formula reads `0.3`, as on screen.
fn number(value: f64) -> RawCell {
    if !value.is_finite() {
        return RawCell::Error("#NUM!".into());
    }
    match Decimal::from_scientific(&format!("{value:.14e}")) {
        Ok(d) => RawCell::Number(d.normalize()),
        Err(_) => RawCell::Text(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_become_the_decimals_excel_shows() {
        let shown = |v: f64| number(v).text();
        assert_eq!(shown(0.1 + 0.2), "0.3");
        assert_eq!(shown(4.0), "4");
        assert_eq!(shown(45300.0), "45300");
        assert_eq!(shown(-2.5), "-2.5");
        assert_eq!(shown(123_456_789_012.0), "123456789012");
        assert_eq!(number(f64::NAN), RawCell::Error("#NUM!".into()));
    }
}
