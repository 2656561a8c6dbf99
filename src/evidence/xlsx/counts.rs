//! Rows and cells counted while the workbook's parts are scanned, all sheets
//! together: a workbook within the byte bounds can still hold a million rows
//! numbered up to Excel's last, or a million cells or shared strings, each
//! costing calamine's parse and our scoring time. Past a count it is refused
//! before calamine parses a cell.

use super::archive::{MAX_SHARED_STRINGS, too_many_strings};

/// Most rows holding a cell (`<row>` with a `<c>`), all sheets together: one
/// province's evidence (20,000 units, a row each) fits twice over and is read in
/// about a second. Excel holds 1,048,576 rows; a national file is read as CSV.
pub(crate) const MAX_ROWS: u64 = 50_000;
/// Most cells (`<c>`, blank formatted ones included), all sheets together: 20,000
/// units of the template's 48 columns fit. Also the most shared-string references (`count`) a
/// workbook may declare.
pub(crate) const MAX_CELLS: u64 = 1_000_000;
/// Rows and cells met so far, all parts together: counted while scanning, so a
/// sheet too large is refused before calamine parses a cell of it.
#[derive(Default)]
pub(crate) struct Counts {
    rows: u64,
    /// Cells met so far.
    pub cells: u64,
    /// Whether the current `<row>` has been counted (it holds a cell).
    pub row_counted: bool,
}

impl Counts {
    /// A `<c>`: counts it, and its row at the row's first cell (rows of
    /// formatting only, which Excel writes, are free: calamine skips them).
    pub(crate) fn cell(&mut self) -> Result<(), String> {
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        if !self.row_counted {
            self.row_counted = true;
            self.rows += 1;
            if self.rows > MAX_ROWS {
                return Err(too_many_rows());
            }
        }
        Ok(())
    }
}

/// A quick first count of a part's `<c` and `<si` tags (any prefix), at most
/// the XML scan's: a part past the cell or string bound is refused from a byte
/// loop, before the (much slower) XML scan of a million elements.
pub(crate) fn tally(data: &[u8], counts: &Counts) -> Result<(), String> {
    let (mut cells, mut strings) = (counts.cells, 0u64);
    let delimiter = |b: &u8| matches!(b, b' ' | b'>' | b'/' | b'<' | b'\t' | b'\n' | b'\r');
    let mut rest = data;
    while let Some(at) = rest.iter().position(|b| *b == b'<') {
        rest = rest.get(at + 1..).unwrap_or_default();
        // A name ends at a delimiter; `<` among them keeps the loop linear.
        let name = rest.get(..rest.iter().position(delimiter).unwrap_or(rest.len()));
        let local = name
            .unwrap_or_default()
            .rsplit(|b| *b == b':')
            .next()
            .unwrap_or_default();
        match local {
            b"c" => cells += 1,
            b"si" => strings += 1,
            _ => continue,
        }
        if cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        if strings > MAX_SHARED_STRINGS {
            return Err(too_many_strings(&format!("> {MAX_SHARED_STRINGS}")));
        }
    }
    Ok(())
}

fn too_many_rows() -> String {
    format!(
        "sổ Excel có hơn {MAX_ROWS} dòng có ô: quá lớn với tệp minh chứng của một tỉnh; hãy xoá các dòng thừa hoặc lưu dạng CSV UTF-8 / the workbook has more than {MAX_ROWS} rows with cells: too large for a province's evidence; delete the extra rows, or save it as CSV UTF-8"
    )
}

fn too_many_cells() -> String {
    format!(
        "sổ Excel có hơn {MAX_CELLS} ô (kể cả ô trống có định dạng): quá lớn với tệp minh chứng của một tỉnh; hãy xoá các ô thừa hoặc lưu dạng CSV UTF-8 / the workbook has more than {MAX_CELLS} cells (formatted blank ones included): too large for a province's evidence; delete the extra cells, or save it as CSV UTF-8"
    )
}
