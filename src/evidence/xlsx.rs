//! Reading an XLSX workbook as Excel saves it, within fixed bounds.
//!
//! **Bounds:** the archive and its XML parts are checked first (see [`archive`]:
//! entries, unzipped size, declared counts, cell references); cells are then read
//! one by one, sparsely (a lone cell at `XFD1048576` costs one cell, not the dense
//! range up to it), and at most [`MAX_CELLS`] cells (counting the blanks between a
//! row's first column and its last cell) and [`MAX_TEXT_BYTES`] of cell text are
//! kept. Past any bound the workbook is refused with a message saying which.
//!
//! **Which sheet:** see [`sheets`].
//!
//! **Cells:** dates are cells shown with a date format (Excel's serials, either epoch)
//! or text dates, typed like CSV text; numbers keep Excel's 15 significant digits,
//! exactly, as decimals; a formula saved without its computed value is an invalid
//! cell, never a blank; a merged cell's value fills the merged rows of its first
//! column (a header or a `cap` merged over several rows), never the columns beside it.

mod archive;
mod counts;
mod sheets;

use super::grid::{Grid, GridRow};
use crate::error::Error;
use crate::model::RawCell;
use crate::model::date::Date;
use calamine::{Data, DataRef, Reader, SheetType, SheetVisible, Xlsx};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

/// Most cells kept from a workbook: each row counts from column A to its last
/// non-blank cell. A province's evidence is a few hundred thousand.
pub(crate) const MAX_CELLS: usize = 4_000_000;
/// Most bytes of cell text kept (a shared string counts once per cell showing it).
pub(crate) const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Most worksheets in a workbook.
pub(crate) const MAX_SHEETS: usize = 256;

/// One worksheet's non-blank cells, by 0-based row then column.
pub(crate) struct SheetCells {
    name: String,
    visible: bool,
    rows: BTreeMap<u32, Vec<(u32, RawCell)>>,
}

/// What is left of the bounds while cells are kept.
struct Budget {
    /// Non-blank cells, all sheets together.
    cells: usize,
    /// Cells of the data sheet's rows, blanks before a row's last cell included.
    slots: usize,
    text: usize,
}

impl Budget {
    fn take(&mut self, cell: &RawCell) -> Result<(), String> {
        let text = match cell {
            RawCell::Text(t) | RawCell::Error(t) | RawCell::Uncomputed(t) => t.len(),
            _ => 0,
        };
        self.text = self.text.checked_sub(text).ok_or_else(too_much_text)?;
        self.cells = self.cells.checked_sub(1).ok_or_else(too_many_cells)?;
        Ok(())
    }
}

/// Reads the data sheet of a workbook (already read as `bytes`) into rows of
/// cells, numbered as Excel shows them. `notes` start the grid's notes (e.g. that
/// a file named `.csv` is a workbook).
pub(crate) fn read_grid(
    path: &Path,
    bytes: Vec<u8>,
    mut notes: Vec<String>,
) -> Result<Grid, Error> {
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    let fingerprint = crate::fingerprint::sha256_hex(&bytes);
    archive::check(&bytes).map_err(evidence_error)?;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| {
            evidence_error(format!(
                "không đọc được tệp XLSX (hãy lưu lại bằng Excel dạng .xlsx) / cannot read the XLSX workbook (save it again from Excel as .xlsx): {e}"
            ))
        })?;
    let listed: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    if listed.len() > MAX_SHEETS {
        return Err(evidence_error(format!(
            "sổ Excel có {} trang tính, vượt giới hạn {MAX_SHEETS} / the workbook has {} worksheets, over the limit of {MAX_SHEETS}",
            listed.len(),
            listed.len()
        )));
    }
    // calamine finds a sheet by name: two sheets of one name (Excel forbids it)
    // would both be read as the first.
    for (i, (name, _)) in listed.iter().enumerate() {
        if listed
            .iter()
            .take(i)
            .any(|(n, _)| n.to_lowercase() == name.to_lowercase())
        {
            return Err(evidence_error(format!(
                "sổ Excel có hai trang tính cùng tên '{name}' / the workbook has two sheets named '{name}'"
            )));
        }
    }
    let mut budget = Budget {
        cells: MAX_CELLS,
        slots: MAX_CELLS,
        text: MAX_TEXT_BYTES,
    };
    let mut sheets = Vec::new();
    for (name, visible) in listed {
        let rows = read_cells(&mut workbook, &name, &mut budget)
            .map_err(|m| evidence_error(format!("trang tính/sheet '{name}': {m}")))?;
        sheets.push(SheetCells {
            name,
            visible,
            rows,
        });
    }
    if sheets.is_empty() {
        return Err(evidence_error(
            "tệp XLSX không có trang tính nào / the workbook has no worksheet".into(),
        ));
    }
    let choice = sheets::choose(&sheets).map_err(evidence_error)?;
    notes.extend(choice.notes);
    let chosen = sheets.swap_remove(choice.index);
    let sheet = chosen.name;
    let merged = workbook.merge_cells_by_sheet_name(&sheet).map_err(|e| {
        evidence_error(format!(
            "không đọc được ô gộp của trang tính '{sheet}' / cannot read the merged cells of sheet '{sheet}': {e}"
        ))
    })?;
    let rows = grid_rows(chosen.rows, &merged, &mut budget)
        .map_err(|m| evidence_error(format!("trang tính/sheet '{sheet}': {m}")))?;
    Ok(Grid {
        path: path.to_path_buf(),
        sheet: Some(sheet),
        fingerprint,
        rows,
        decimal_mark: crate::model::DecimalMark::Either,
        notes,
    })
}

/// The sheet's non-blank cells, one at a time as the XML holds them.
fn read_cells(
    workbook: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    budget: &mut Budget,
) -> Result<BTreeMap<u32, Vec<(u32, RawCell)>>, String> {
    let cannot = |e: calamine::XlsxError| format!("không đọc được / cannot read it: {e}");
    let mut reader = workbook.worksheet_cells_reader(name).map_err(cannot)?;
    let mut rows: BTreeMap<u32, Vec<(u32, RawCell)>> = BTreeMap::new();
    while let Some(record) = reader.next_cell_with_formula_metadata().map_err(cannot)? {
        let cell = match (record.value, record.formula) {
            (DataRef::Empty, Some(formula)) => RawCell::Uncomputed(formula_text(&formula)),
            (value, _) => raw_cell(&Data::from(value)),
        };
        if cell.is_blank() {
            continue;
        }
        budget.take(&cell)?;
        let (row, column) = record.pos;
        rows.entry(row).or_default().push((column, cell));
    }
    Ok(rows)
}

/// A formula's text as Excel shows it, `=` first (a shared formula's copies
/// carry only their group's number).
fn formula_text(formula: &calamine::XlsxFormulaMetadata) -> String {
    use calamine::XlsxFormulaMetadata as F;
    match formula {
        F::Normal { formula } | F::Shared { formula, .. } => format!("={formula}"),
        F::SharedDerived { shared_index } => {
            format!("=(công thức chung/shared formula {shared_index})")
        }
        _ => "=…".into(),
    }
}

/// The sheet's rows with content, from column A, merged cells filled down.
fn grid_rows(
    cells: BTreeMap<u32, Vec<(u32, RawCell)>>,
    merged: &[calamine::Dimensions],
    budget: &mut Budget,
) -> Result<Vec<GridRow>, String> {
    let mut rows = Vec::with_capacity(cells.len());
    for (row, row_cells) in cells {
        let width = row_cells
            .iter()
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        budget.slots = budget.slots.checked_sub(width).ok_or_else(too_many_cells)?;
        let mut dense = vec![RawCell::Empty; width];
        for (column, cell) in row_cells {
            if let Some(slot) = dense.get_mut(column as usize) {
                *slot = cell;
            }
        }
        rows.push(GridRow {
            row: row as usize + 1,
            cells: dense,
        });
    }
    for region in merged {
        let (first, column) = (region.start.0 as usize + 1, region.start.1 as usize);
        let last = region.end.0 as usize + 1;
        let at = rows.partition_point(|r| r.row < first);
        let value = match rows.get(at) {
            Some(r) if r.row == first => r.cell(column).clone(),
            _ => continue,
        };
        if value.is_blank() {
            continue;
        }
        // Only rows with content are filled: a merge over empty rows adds none.
        for row in rows.iter_mut().skip(at + 1).take_while(|r| r.row <= last) {
            if row.cells.len() <= column {
                let grow = column + 1 - row.cells.len();
                budget.slots = budget.slots.checked_sub(grow).ok_or_else(too_many_cells)?;
                row.cells.resize(column + 1, RawCell::Empty);
            }
            budget.take(&value)?;
            if let Some(slot) = row.cells.get_mut(column) {
                *slot = value.clone();
            }
        }
    }
    Ok(rows)
}

fn too_many_cells() -> String {
    format!(
        "quá {MAX_CELLS} ô (tính cả ô trống từ cột A đến ô cuối mỗi dòng): quá lớn với tệp minh chứng của một tỉnh; hãy xoá các ô thừa ở xa bảng hoặc lưu dạng CSV UTF-8 / more than {MAX_CELLS} cells (counting the blanks from column A to each row's last cell): too large for a province's evidence; delete stray cells far from the table, or save it as CSV UTF-8"
    )
}

fn too_much_text() -> String {
    let mb = MAX_TEXT_BYTES / (1024 * 1024);
    format!(
        "các ô chứa hơn {mb} MB chữ: quá lớn với tệp minh chứng / the cells hold more than {mb} MB of text: too large for evidence"
    )
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
            if !is_date_serial(dt.as_f64(), (y, m, d)) {
                return number(dt.as_f64());
            }
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

/// Whether a date-formatted cell's serial is a date Excel can show. calamine
/// saturates the others: a negative, NaN or zero serial (1900 epoch) becomes
/// 31/12/1899 and one past 31/12/9999 becomes 31/12/9999, dates the cell does not
/// hold; such a cell is read as its number (then refused where a date is expected).
fn is_date_serial(serial: f64, (year, month, day): (u16, u8, u8)) -> bool {
    // The last serial of each epoch (1900, 1904) is 31/12/9999 itself.
    let last = |s: f64| s == 2_958_465.0 || s == 2_957_003.0;
    serial.is_finite()
        && serial >= 0.0
        && year >= 1900
        && ((year, month, day) != (9999, 12, 31) || last(serial.floor()))
}

/// A cell's double as the decimal Excel shows: 15 significant digits, so `0.1 + 0.2`
/// computed in a formula reads `0.3`, as on screen.
fn number(value: f64) -> RawCell {
    if !value.is_finite() {
        return RawCell::Error("#NUM!".into());
    }
    // Whole numbers below 10^15 are exact as they are: no formatting needed
    // (formatting each of a million cells' doubles was most of the read's time).
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return RawCell::Number(Decimal::from(value as i64));
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

    #[test]
    fn serials_outside_excels_range_are_not_dates() {
        let cell = |serial: f64| {
            raw_cell(&Data::DateTime(calamine::ExcelDateTime::new(
                serial,
                calamine::ExcelDateTimeType::DateTime,
                false,
            )))
        };
        assert_eq!(
            cell(45621.0),
            RawCell::Date(Date::new(2024, 11, 25).unwrap())
        );
        assert_eq!(
            cell(2_958_465.0),
            RawCell::Date(Date::new(9999, 12, 31).unwrap())
        );
        for serial in [0.0, -5.0, 2_958_466.0, 1e300] {
            assert!(!matches!(cell(serial), RawCell::Date(_)), "{serial}");
        }
        assert_eq!(cell(-5.0).text(), "-5");
        assert!(matches!(cell(f64::INFINITY), RawCell::Error(_)));
    }
}
