//! Which sheet of a workbook holds the units, and what is said about the others.
//!
//! **Policy.** A *data sheet* is a worksheet with a `ma_don_vi` cell in its first
//! [`HEADER_SEARCH_ROWS`] rows with content. Exactly one visible data sheet is read;
//! a note on stderr names it and every sheet not read (and why) whenever the
//! workbook has more than one sheet. Units on two visible data sheets are refused
//! (reading one would drop the other's units); a hidden data sheet is never read
//! (a note says it was skipped), and a workbook whose only data sheets are hidden
//! is refused. Without any data sheet the first visible worksheet is read, so the
//! message says which required columns it lacks.

use super::super::records::HEADER_SEARCH_ROWS;
use super::SheetCells;
use crate::evidence::cell::RawCell;

/// The header cell that marks a data sheet.
pub const MARKER: &str = "ma_don_vi";

/// The sheet chosen, and the notes to print about the workbook's sheets.
pub struct Choice {
    /// Index of the sheet read.
    pub index: usize,
    /// What was read and why, and what was skipped (empty for a one-sheet workbook).
    pub notes: Vec<String>,
}

/// Whether `sheet` holds a `ma_don_vi` header cell near its top.
pub fn is_data_sheet(sheet: &SheetCells) -> bool {
    sheet.rows.values().take(HEADER_SEARCH_ROWS).any(|cells| {
        cells
            .iter()
            .any(|(_, c)| matches!(c, RawCell::Text(t) if t.trim() == MARKER))
    })
}

/// Chooses the data sheet of `sheets` (in workbook order), or says why none can be.
pub fn choose(sheets: &[SheetCells]) -> Result<Choice, String> {
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
            "trang hiện duy nhất có cột ma_don_vi",
            "the only visible sheet with a ma_don_vi header",
        ),
        [] if !data.is_empty() => {
            let hidden = names(&data);
            return Err(format!(
                "đơn vị chỉ nằm ở trang tính đang ẩn {hidden}, cchc không đọc trang ẩn: hãy bỏ ẩn trang đó trong Excel (Unhide) rồi lưu lại / the units are only on hidden sheet(s) {hidden}, and cchc never reads a hidden sheet: unhide it in Excel and save again"
            ));
        }
        [] => match sheets.iter().position(|s| s.visible) {
            Some(first) => (
                first,
                "không trang nào có cột ma_don_vi, đọc trang hiện đầu tiên",
                "no sheet has a ma_don_vi header, so the first visible sheet",
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
                    "bỏ qua trang tính ẩn '{name}' dù có cột ma_don_vi: nếu đơn vị ở đó cần chấm, hãy bỏ ẩn và chép vào trang '{read}' / skipped hidden sheet '{name}' although it has a ma_don_vi header: if its units are to be scored, unhide it and copy them into sheet '{read}'"
                )
            } else if !sheet.visible {
                format!("bỏ qua trang tính ẩn '{name}' / skipped hidden sheet '{name}'")
            } else {
                format!(
                    "bỏ qua trang tính '{name}' (không có cột ma_don_vi) / skipped sheet '{name}' (no ma_don_vi header)"
                )
            });
        }
    }
    Ok(Choice { index, notes })
}
