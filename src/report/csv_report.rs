//! CSV for spreadsheets: one row per unit × criterion, or one row per unit.

use super::rows::{Layout, RowRenderer};
use crate::score::Scoreboard;

/// Renders every unit's rows in `layout`, ranks filled in.
pub(crate) fn render(board: &Scoreboard<'_>, layout: Layout) -> String {
    let renderer = RowRenderer::new(board.ruleset, layout);
    let mut out = renderer.header();
    for unit in &board.units {
        // Writing to a Vec cannot fail.
        let _ = renderer.render(unit).write_ranked(unit.rank, &mut out);
    }
    String::from_utf8(out).unwrap_or_default()
}
