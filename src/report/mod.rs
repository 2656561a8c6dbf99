//! Renderings of a [`Scoreboard`]: a terminal table, CSV, JSON, Markdown, a
//! self-contained HTML page and an XLSX workbook. Machine formats (CSV, JSON)
//! write decimals with `.`; human formats with `,`; the workbook holds numbers.

mod csv_report;
mod html;
mod json;
mod markdown;
mod notice;
pub mod rows;
pub(crate) mod stats;
pub(crate) mod svg;
mod table;
pub(crate) mod xlsx;

use crate::model::Status;
use crate::model::date::Date;
use crate::score::{Lang, Scoreboard, UnitScore};
use rust_decimal::Decimal;

/// JSON text with what a terminal would act on (C1, bidi, U+2028) escaped; every
/// JSON output goes through it.
pub use self::json::escape_invisible as safe_json;
pub use self::json::unit_json;
pub use self::notice::{Notice, NoticeHeader, render_notices};

/// Escapes text for HTML (and SVG) after making it safe to show
/// ([`crate::text::visible`]): no control character reaches a page.
pub(crate) fn escape_html(text: &str) -> String {
    crate::doc::escape_html(&crate::text::visible(text))
}

/// What a report states about its own making, and the language of its
/// explanations. Supplied by the caller, never read from a clock here, so the
/// same inputs give the same bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Meta {
    /// The generation date the HTML header shows and the workbook records as its
    /// creation date (`None`: not shown, and the workbook records 01/01/2000).
    pub generated: Option<Date>,
    /// The language explanations are written in by the reports read by people
    /// (table, Markdown, HTML); the data formats (CSV, JSON, XLSX) keep the
    /// Vietnamese record.
    pub lang: Lang,
}

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
    /// One self-contained HTML page with charts and a card per unit.
    Html,
}

/// Renders `board` in `format`, with no generation date.
pub fn render(board: &Scoreboard<'_>, format: Format) -> String {
    render_with(board, format, &Meta::default())
}

/// Renders `board` in `format`; `meta` supplies what the page states about its
/// making (only HTML shows it).
pub fn render_with(board: &Scoreboard<'_>, format: Format, meta: &Meta) -> String {
    match format {
        Format::Table => table::render(board, meta.lang),
        Format::Csv => csv_report::render(board, rows::Layout::Long),
        Format::Wide => csv_report::render(board, rows::Layout::Wide),
        Format::Json => json::render(board),
        Format::Markdown => markdown::render(board, meta.lang),
        Format::Html => html::render(board, meta),
    }
}

/// Renders `board` as an XLSX workbook (binary, hence apart from [`render`]).
pub fn render_xlsx(board: &Scoreboard<'_>, meta: &Meta) -> Result<Vec<u8>, crate::Error> {
    xlsx::render(board, meta).map_err(|e| {
        crate::Error::Usage(format!(
            "không ghi được bảng tính / could not build the workbook: {e}"
        ))
    })
}

/// The Vietnamese word for a status, as the HTML cards and the workbook show it.
pub(crate) fn status_label(status: Status) -> &'static str {
    match status {
        Status::Full => "đủ điểm",
        Status::Partial => "một phần",
        Status::Zero => "0 điểm",
        Status::MissingEvidence => "thiếu minh chứng",
        Status::NotApplicable => "không áp dụng",
        Status::Error => "lỗi",
    }
}

/// What the rank column shows: the rank; `lỗi` for a unit not ranked because a
/// result or its evidence is in error; `miễn` for a unit exempt from every
/// criterion that would apply to it; `–` for one to which nothing applies.
pub(crate) fn rank_label(board: &Scoreboard<'_>, unit: &UnitScore) -> String {
    match unit.rank {
        Some(r) => r.to_string(),
        None if unit.has_error() || !unit.problems.is_empty() || unit.level.is_none() => {
            "lỗi".to_string()
        }
        None if crate::score::is_fully_exempt(board.ruleset, unit) => EXEMPT_LABEL.to_string(),
        None if unit.max.is_zero() => "–".to_string(),
        None => "lỗi".to_string(),
    }
}

/// The rank label of a unit exempt from everything.
pub(crate) const EXEMPT_LABEL: &str = "miễn";

/// The unit's percentage rounded by the ruleset's policy (`None` when its maximum is 0).
pub(crate) fn percent(board: &Scoreboard<'_>, unit: &UnitScore) -> Option<Decimal> {
    percent_in(board.ruleset, unit)
}

/// [`percent`] for a unit scored alone, rounded by `ruleset`'s policy.
pub(crate) fn percent_in(ruleset: &crate::Ruleset, unit: &UnitScore) -> Option<Decimal> {
    unit.fraction
        .and_then(crate::model::number::percent_of)
        .map(|p| ruleset.rounding.round(p))
}

/// A decimal rounded by the ruleset's policy.
pub(crate) fn rounded(board: &Scoreboard<'_>, value: Decimal) -> Decimal {
    board.ruleset.rounding.round(value)
}

/// Units of each level in ranking order (ranked first, unranked after, in input order).
pub(crate) fn by_level<'b>(board: &'b Scoreboard<'_>) -> Vec<(crate::Level, Vec<&'b UnitScore>)> {
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
pub(crate) fn without_level<'b>(board: &'b Scoreboard<'_>) -> Vec<&'b UnitScore> {
    board.units.iter().filter(|u| u.level.is_none()).collect()
}

/// The one-line provenance statement every report carries, so no one mistakes a
/// sample template for the province's official table.
pub(crate) fn provenance(board: &Scoreboard<'_>) -> String {
    let r = board.ruleset;
    let overlay = r
        .overlay
        .as_ref()
        .map(|o| format!(" với điều chỉnh {} ({})", o.id, o.title))
        .unwrap_or_default();
    let extract = board
        .extract_note()
        .map(|note| format!(" {note}"))
        .unwrap_or_default();
    format!(
        "Bộ tiêu chí {} ({}){overlay}, năm đánh giá {}; {} trích dẫn chưa kiểm chứng, {} tiêu chí có điểm/mức là lựa chọn mẫu (không phải bảng điểm chính thức).{extract}",
        r.id,
        r.years_label(),
        board.year,
        r.unverified_citations(),
        r.sample_choices()
    )
}

/// "20 đơn vị" over a level's `shown` units, or "trích 1 trong 20 đơn vị" in a
/// single-unit extract, so no heading claims the unit is alone in its level.
pub(crate) fn level_count(board: &Scoreboard<'_>, level: crate::Level, shown: usize) -> String {
    let all = board.level_units(level, shown);
    if all == shown {
        format!("{shown} đơn vị")
    } else {
        format!("trích {shown} trong {all} đơn vị")
    }
}
