//! Which sheet of a workbook holds the units, and what is said about the others.
//!
//! **Policy.** A *data sheet* holds a table of units: a header row among its first
//! [`HEADER_SEARCH_ROWS`] rows with content naming `ma_don_vi` and another required
//! column (`ten_don_vi`, `cap`; `tieu_chi`, `diem_tu_cham` in a self-score file),
//! with at least one row under it. Exactly one visible data sheet is read; a note
//! on stderr names it and every sheet not read (and why) whenever the workbook has
//! more than one sheet. Units on two visible data sheets are refused (reading one
//! would drop the other's units); a hidden data sheet is never read (a note says it
//! was skipped), and a workbook whose only data sheets are hidden is refused.
//! Without any data sheet the first visible sheet with a `ma_don_vi` cell (else the
//! first visible sheet) is read, so the message says what it lacks.

use super::super::records::HEADER_SEARCH_ROWS;
use super::SheetCells;
use crate::model::RawCell;

/// The header cell that marks a data sheet.
pub(crate) const MARKER: &str = "ma_don_vi";

/// The sheet chosen, and the notes to print about the workbook's sheets.
pub(crate) struct Choice {
    /// Index of the sheet read.
    pub index: usize,
    /// What was read and why, and what was skipped (empty for a one-sheet workbook).
    pub notes: Vec<String>,
}

/// Header cells that, beside `ma_don_vi`, make a row a table's header: the other
/// required columns of evidence (`records::REQUIRED_COLUMNS`) and of self-scores.
const COMPANIONS: [&str; 4] = ["ten_don_vi", "cap", "tieu_chi", "diem_tu_cham"];

fn names(cells: &[(u32, RawCell)], name: &str) -> bool {
    cells
        .iter()
        .any(|(_, c)| matches!(c, RawCell::Text(t) if t.trim() == name))
}

/// Whether `sheet` has a `ma_don_vi` cell near its top.
fn has_marker(sheet: &SheetCells) -> bool {
    sheet
        .rows
        .values()
        .take(HEADER_SEARCH_ROWS)
        .any(|cells| names(cells, MARKER))
}

/// Whether `sheet` holds a table of units (see the module's policy).
pub(crate) fn is_data_sheet(sheet: &SheetCells) -> bool {
    let mut rows = sheet.rows.values().take(HEADER_SEARCH_ROWS + 1).peekable();
    while let Some(cells) = rows.next() {
        let header = names(cells, MARKER) && COMPANIONS.iter().any(|c| names(cells, c));
        if header && rows.peek().is_some() {
            return true;
        }
    }
    false
}

/// Chooses the data sheet of `sheets` (in workbook order), or says why none can be.
pub(crate) fn choose(sheets: &[SheetCells]) -> Result<Choice, String> {
    let data: Vec<usize> = (0..sheets.len())
        .filter(|&i| sheets.get(i).is_some_and(is_data_sheet))
        .collect();
    let visible: Vec<usize> = data
        .iter()
        .copied()
        .filter(|&i| sheets.get(i).is_some_and(|s| s.visible))
        .collect();
    let names = |indexes: &[usize]| {
        indexes
            .iter()
            .filter_map(|&i| sheets.get(i))
            .map(|s| format!("'{}'", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (index, why_vi, why_en) = match visible.as_slice() {
        [one] => (
            *one,
            "trang hiện duy nhất có bảng đơn vị",
            "the only visible sheet holding a table of units",
        ),
        [] if !data.is_empty() => {
            let hidden = names(&data);
            return Err(format!(
                "đơn vị chỉ nằm ở trang tính đang ẩn {hidden}, cchc không đọc trang ẩn: hãy bỏ ẩn trang đó trong Excel (Unhide) rồi lưu lại / the units are only on hidden sheet(s) {hidden}, and cchc never reads a hidden sheet: unhide it in Excel and save again"
            ));
        }
        [] => match sheets
            .iter()
            .position(|s| s.visible && has_marker(s))
            .or_else(|| sheets.iter().position(|s| s.visible))
        {
            Some(first) => (
                first,
                "không trang nào có bảng đơn vị, đọc trang hiện đầu tiên có ma_don_vi hoặc trang hiện đầu tiên",
                "no sheet holds a table of units, so the first visible sheet with ma_don_vi, or else the first visible sheet",
            ),
            None => {
                return Err(
                    "sổ Excel không có trang tính nào đang hiện / the workbook has no visible worksheet"
                        .into(),
                );
            }
        },
        several => {
            let all = names(several);
            return Err(format!(
                "đơn vị nằm ở nhiều trang tính ({all}); cchc chỉ đọc một trang dữ liệu nên đơn vị ở các trang kia sẽ bị mất: hãy chép mọi đơn vị vào một trang (cùng dòng tiêu đề) / the units are on more than one sheet ({all}); cchc reads one data sheet, so the units on the others would be lost: copy every unit into one sheet (under one header row)"
            ));
        }
    };
    let mut notes = Vec::new();
    if sheets.len() > 1 {
        let read = sheets.get(index).map(|s| s.name.as_str()).unwrap_or("");
        notes.push(format!(
            "đọc trang tính '{read}' ({why_vi}) / reading sheet '{read}' ({why_en})"
        ));
        for (i, sheet) in sheets.iter().enumerate().filter(|(i, _)| *i != index) {
            let name = &sheet.name;
            notes.push(if !sheet.visible && data.contains(&i) {
                format!(
                    "bỏ qua trang tính ẩn '{name}' dù có bảng đơn vị: nếu đơn vị ở đó cần chấm, hãy bỏ ẩn và chép vào trang '{read}' / skipped hidden sheet '{name}' although it holds a table of units: if they are to be scored, unhide it and copy them into sheet '{read}'"
                )
            } else if !sheet.visible {
                format!("bỏ qua trang tính ẩn '{name}' / skipped hidden sheet '{name}'")
            } else {
                format!(
                    "bỏ qua trang tính '{name}' (không có bảng đơn vị: dòng tiêu đề có ma_don_vi và dòng bên dưới) / skipped sheet '{name}' (no table of units: a header row with ma_don_vi and rows under it)"
                )
            });
        }
    }
    Ok(Choice { index, notes })
}
