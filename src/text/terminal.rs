//! Text in a terminal table: cut to a readable width and padded by display
//! columns (a Vietnamese letter with its marks is one column, a CJK character
//! two). Separate from `display` because only the table report lays text out.

use super::visible;
use unicode_width::UnicodeWidthStr;

/// The widest an id or a name is shown in a terminal table, in columns: a name of
/// a megabyte stays one readable row. The reports (CSV, JSON, Markdown, HTML,
/// XLSX) keep the whole text.
pub const TABLE_CELL_COLUMNS: usize = 120;

/// `text` for a terminal table: shown safely ([`visible`]) and cut to
/// [`TABLE_CELL_COLUMNS`] columns, ending with `…` when cut.
pub fn table_cell(text: &str) -> String {
    let shown = visible(text);
    if shown.width() <= TABLE_CELL_COLUMNS {
        return shown.into_owned();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in shown.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w > TABLE_CELL_COLUMNS - 1 {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Pads `text` with spaces on the right to `width` terminal columns.
pub fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// Pads `text` with spaces on the left to `width` terminal columns.
pub fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_cell_is_cut_to_its_width() {
        assert_eq!(table_cell("Xã\u{1b}"), "Xã\\u{1b}");
        let long = table_cell(&"Á".repeat(1_000_000));
        assert_eq!(long.width(), TABLE_CELL_COLUMNS);
        assert!(long.ends_with('…'));
        // A wide character never crosses the edge.
        assert!(table_cell(&"越".repeat(100)).width() <= TABLE_CELL_COLUMNS);
    }
}
