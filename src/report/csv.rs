//! CSV for spreadsheets: one row per unit × criterion, or one row per unit.

use super::rows::{Layout, RowRenderer};
use crate::score::Scoreboard;

/// Prefixes a cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab, CR) with an apostrophe, so a unit name like `=HYPERLINK(...)` stays text.
pub fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Renders every unit's rows in `layout`, ranks filled in.
pub fn render(board: &Scoreboard<'_>, layout: Layout) -> String {
    let renderer = RowRenderer::new(board.ruleset, layout);
    let mut out = renderer.header();
    for unit in &board.units {
        // Writing to a Vec cannot fail.
        let _ = renderer.render(unit).write_ranked(unit.rank, &mut out);
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::neutralize_formula;

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(neutralize_formula("=1+1"), "'=1+1");
        assert_eq!(neutralize_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize_formula("-2"), "'-2");
        assert_eq!(neutralize_formula("Sở Tư pháp"), "Sở Tư pháp");
    }
}
