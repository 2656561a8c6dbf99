//! Renderings of a [`Scoreboard`]: a terminal table, CSV, JSON and Markdown.
//! Machine formats (CSV, JSON) write decimals with `.`; human formats with `,`.

mod csv;
mod json;
mod markdown;
pub mod rows;
mod table;

use crate::score::{Scoreboard, UnitScore};
use rust_decimal::Decimal;

pub use self::csv::neutralize_formula;

/// Output formats of `cchc score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable table with explanations of lost points.
    Table,
    /// One row per unit × criterion.
    Csv,
    /// One row per unit: points per criterion, total and rank.
    Wide,
    /// The full result, decimals as strings.
    Json,
    /// Markdown for pasting into documents.
    Markdown,
}

/// Renders `board` in `format`.
pub fn render(board: &Scoreboard<'_>, format: Format) -> String {
    match format {
        Format::Table => table::render(board),
        Format::Csv => self::csv::render(board, rows::Layout::Long),
        Format::Wide => self::csv::render(board, rows::Layout::Wide),
        Format::Json => json::render(board),
        Format::Markdown => markdown::render(board),
    }
}

/// The unit's percentage rounded by the ruleset's policy (`None` when its maximum is 0).
pub fn percent(board: &Scoreboard<'_>, unit: &UnitScore) -> Option<Decimal> {
    unit.fraction
        .map(|f| board.ruleset.rounding.round(f * Decimal::ONE_HUNDRED))
}

/// A decimal rounded by the ruleset's policy.
pub fn rounded(board: &Scoreboard<'_>, value: Decimal) -> Decimal {
    board.ruleset.rounding.round(value)
}

/// Units of each level in ranking order (ranked first, unranked after, in input order).
pub fn by_level<'b>(board: &'b Scoreboard<'_>) -> Vec<(crate::Level, Vec<&'b UnitScore>)> {
    let mut out = Vec::new();
    for level in crate::Level::ALL {
        let mut units: Vec<&UnitScore> = board
            .units
            .iter()
            .filter(|u| u.level == Some(level))
            .collect();
        if units.is_empty() {
            continue;
        }
        units.sort_by_key(|u| u.rank.unwrap_or(usize::MAX));
        out.push((level, units));
    }
    out
}

/// Units whose level did not parse: listed apart so no unit goes missing from a report.
pub fn without_level<'b>(board: &'b Scoreboard<'_>) -> Vec<&'b UnitScore> {
    board.units.iter().filter(|u| u.level.is_none()).collect()
}

/// The one-line provenance statement every report carries, so no one mistakes a
/// sample template for the province's official table.
pub fn provenance(board: &Scoreboard<'_>) -> String {
    let r = board.ruleset;
    let overlay = r
        .overlay
        .as_ref()
        .map(|o| format!(" với điều chỉnh {} ({})", o.id, o.title))
        .unwrap_or_default();
    format!(
        "Bộ tiêu chí {} ({}){overlay}, năm đánh giá {}; {} trích dẫn chưa kiểm chứng, {} tiêu chí có điểm/mức là lựa chọn mẫu (không phải bảng điểm chính thức).",
        r.id,
        r.years_label(),
        board.year,
        r.unverified_citations(),
        r.sample_choices()
    )
}
