//! The report as a workbook: sheet `Tổng hợp` (provenance, then the ranking of
//! each level with a colour scale on the percentage), sheet `Chi tiết` (one row
//! per unit × criterion: points, status, explanation) and one sheet per level
//! (one row per unit, one column of points per criterion).
//!
//! Points are numbers shown with two decimals; text that a spreadsheet would run
//! as a formula carries the quote prefix. The workbook's creation date is the
//! report's generation date (never the clock), so the same inputs give the same
//! bytes.

mod cells;

use self::cells::{Formats, headings, number, text};
use super::{Meta, by_level, percent, provenance, rounded, without_level};
use crate::score::{CriterionScore, Scoreboard, UnitScore};
use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, ExcelDateTime,
    Workbook, Worksheet, XlsxError,
};

/// A text cell written safely (no control character, a formula kept as text).
pub(crate) use self::cells::text as text_cell;

/// The summary sheet's name.
pub(crate) const SUMMARY_SHEET: &str = "Tổng hợp";
/// The long sheet's name (one row per unit × criterion).
pub(crate) const DETAIL_SHEET: &str = "Chi tiết";

/// Renders the workbook.
pub(crate) fn render(board: &Scoreboard<'_>, meta: &Meta) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // rust_xlsxwriter stamps the current time unless told otherwise: a fixed date
    // (the generation date, or 1 January 2000 when none is given) keeps the bytes
    // reproducible.
    let created = match meta.generated {
        Some(d) => ExcelDateTime::parse_from_str(&d.iso())?,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — năm {}", board.ruleset.title, board.year))
            .set_author("cchc")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    summary(workbook.add_worksheet(), board, meta, &formats)?;
    detail(workbook.add_worksheet(), board, &formats)?;
    for (level, units) in by_level(board) {
        level_sheet(workbook.add_worksheet(), board, level, &units, &formats)?;
    }
    workbook.save_to_buffer()
}

/// Red at 0 %, amber at 50 %, green at 100 %: fixed bounds, so a colour means the
/// same in every level and every year.
fn percent_scale() -> ConditionalFormat3ColorScale {
    ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_midpoint(ConditionalFormatType::Number, 50)
        .set_maximum(ConditionalFormatType::Number, 100)
        .set_minimum_color(Color::RGB(0xF8696B))
        .set_midpoint_color(Color::RGB(0xFFEB84))
        .set_maximum_color(Color::RGB(0x63BE7B))
}

const RANKING_COLUMNS: [(&str, f64); 6] = [
    ("Hạng", 7.0),
    ("Mã đơn vị", 14.0),
    ("Tên đơn vị", 40.0),
    ("Điểm", 9.0),
    ("Tối đa", 9.0),
    ("%", 9.0),
];

/// Rank, id, name, total, max and percentage of `unit` on `row`, from column 0.
fn ranking_row(
    sheet: &mut Worksheet,
    row: u32,
    board: &Scoreboard<'_>,
    unit: &UnitScore,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match unit.rank {
        Some(r) => {
            sheet.write_number_with_format(row, 0, r as f64, &formats.text)?;
        }
        None => text(
            sheet,
            (row, 0),
            &super::rank_label(board, unit),
            &formats.text,
        )?,
    }
    text(sheet, (row, 1), &unit.id, &formats.text)?;
    text(sheet, (row, 2), &unit.name, &formats.text)?;
    number(sheet, (row, 3), Some(rounded(board, unit.total)), formats)?;
    number(sheet, (row, 4), Some(rounded(board, unit.max)), formats)?;
    number(sheet, (row, 5), percent(board, unit), formats)
}

fn summary(
    sheet: &mut Worksheet,
    board: &Scoreboard<'_>,
    meta: &Meta,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(SUMMARY_SHEET)?;
    let r = board.ruleset;
    text(sheet, (0, 0), &r.title, &formats.title)?;
    text(sheet, (1, 0), &provenance(board), &formats.text)?;
    let mut facts: Vec<(&str, String)> = vec![
        ("Năm đánh giá", board.year.to_string()),
        ("Bộ tiêu chí", format!("{} ({})", r.id, r.years_label())),
        ("Vân tay bộ tiêu chí (SHA-256)", r.fingerprint.clone()),
    ];
    if let Some(date) = meta.generated {
        facts.insert(1, ("Ngày lập báo cáo", date.to_string()));
    }
    if let Some(o) = &r.overlay {
        facts.push((
            "Điều chỉnh của tỉnh",
            format!("{} (SHA-256 {})", o.path.display(), o.fingerprint),
        ));
    }
    facts.push((
        "Minh chứng",
        format!(
            "{} (SHA-256 {})",
            board.evidence_path.display(),
            board.evidence_fingerprint
        ),
    ));
    let mut row = 2;
    for (term, value) in &facts {
        text(sheet, (row, 1), term, &formats.text)?;
        text(sheet, (row, 2), value, &formats.text)?;
        row += 1;
    }
    for (col, (_, width)) in RANKING_COLUMNS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (level, units) in by_level(board) {
        row += 1;
        let heading = format!(
            "{} ({})",
            level.name_vi(),
            super::level_count(board, level, units.len())
        );
        text(sheet, (row, 0), &heading, &formats.section)?;
        row += 1;
        headings(sheet, row, &RANKING_COLUMNS, formats)?;
        let first = row + 1;
        for unit in &units {
            row += 1;
            ranking_row(sheet, row, board, unit, formats)?;
        }
        sheet.add_conditional_format(first, 5, row, 5, &percent_scale())?;
        row += 1;
    }
    let unleveled = without_level(board);
    if !unleveled.is_empty() {
        row += 1;
        let heading = format!(
            "Không xác định được cấp ({} đơn vị, không xếp hạng)",
            unleveled.len()
        );
        text(sheet, (row, 0), &heading, &formats.section)?;
        row += 1;
        headings(sheet, row, &RANKING_COLUMNS, formats)?;
        for unit in unleveled {
            row += 1;
            ranking_row(sheet, row, board, unit, formats)?;
        }
    }
    Ok(())
}

/// The detail sheet's columns: one row per unit × criterion.
const DETAIL_COLUMNS: [(&str, f64); 16] = [
    ("Mã đơn vị", 14.0),
    ("Tên đơn vị", 30.0),
    ("Cấp", 7.0),
    ("Tiêu chí", 8.0),
    ("Nội dung tiêu chí", 30.0),
    ("Điểm", 8.0),
    ("Tối đa", 8.0),
    ("Trạng thái", 16.0),
    ("Mức đạt", 18.0),
    ("Giải thích", 80.0),
    ("Minh chứng còn thiếu", 30.0),
    ("Căn cứ", 40.0),
    ("Tổng điểm", 9.0),
    ("Tổng tối đa", 9.0),
    ("%", 8.0),
    ("Hạng", 7.0),
];

/// The detail sheet: every unit × criterion, filterable, the header frozen.
fn detail(
    sheet: &mut Worksheet,
    board: &Scoreboard<'_>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(DETAIL_SHEET)?;
    headings(sheet, 0, &DETAIL_COLUMNS, formats)?;
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 0;
    for unit in &board.units {
        for c in &unit.criteria {
            row += 1;
            detail_row(sheet, row, board, unit, c, formats)?;
        }
    }
    sheet.autofilter(0, 0, row, 15)?;
    Ok(())
}

/// One criterion of `unit` on `row`: the criterion's score, then the unit's totals.
fn detail_row(
    sheet: &mut Worksheet,
    row: u32,
    board: &Scoreboard<'_>,
    unit: &UnitScore,
    c: &CriterionScore,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let criterion = board.ruleset.criterion(c.criterion);
    let missing: Vec<&str> = c
        .missing_evidence
        .iter()
        .map(|m| m.label.as_str())
        .collect();
    let basis: Vec<String> = criterion.legal_basis.iter().map(|b| b.cite()).collect();
    text(sheet, (row, 0), &unit.id, &formats.text)?;
    text(sheet, (row, 1), &unit.name, &formats.text)?;
    text(
        sheet,
        (row, 2),
        unit.level.map_or("", |l| l.code()),
        &formats.text,
    )?;
    text(sheet, (row, 3), &criterion.id, &formats.text)?;
    text(sheet, (row, 4), &criterion.title, &formats.wrap)?;
    number(
        sheet,
        (row, 5),
        c.points.map(|p| rounded(board, p)),
        formats,
    )?;
    number(sheet, (row, 6), c.max.map(|m| rounded(board, m)), formats)?;
    text(
        sheet,
        (row, 7),
        crate::report::status_label(c.status),
        &formats.text,
    )?;
    text(
        sheet,
        (row, 8),
        c.band.as_deref().unwrap_or(""),
        &formats.text,
    )?;
    text(sheet, (row, 9), &c.explanation, &formats.wrap)?;
    text(sheet, (row, 10), &missing.join("; "), &formats.wrap)?;
    text(sheet, (row, 11), &basis.join("; "), &formats.wrap)?;
    number(sheet, (row, 12), Some(rounded(board, unit.total)), formats)?;
    number(sheet, (row, 13), Some(rounded(board, unit.max)), formats)?;
    number(sheet, (row, 14), percent(board, unit), formats)?;
    if let Some(r) = unit.rank {
        sheet.write_number_with_format(row, 15, r as f64, &formats.text)?;
    }
    Ok(())
}

fn level_sheet(
    sheet: &mut Worksheet,
    board: &Scoreboard<'_>,
    level: crate::Level,
    units: &[&UnitScore],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(level.name_vi())?;
    // The criteria that apply to this level, each a column of points.
    let criteria: Vec<(usize, String)> = board
        .ruleset
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.max_for(level).map(|max| {
                let max = crate::model::number::format_vi(rounded(board, max));
                (i, format!("{} {} (tối đa {max})", c.id, c.title))
            })
        })
        .collect();
    let mut columns: Vec<(&str, f64)> = RANKING_COLUMNS.to_vec();
    columns.extend(criteria.iter().map(|(_, h)| (h.as_str(), 14.0)));
    headings(sheet, 0, &columns, formats)?;
    sheet.set_row_height(0, 75)?;
    sheet.set_freeze_panes(1, 3)?;
    for (i, unit) in units.iter().enumerate() {
        let row = i as u32 + 1;
        ranking_row(sheet, row, board, unit, formats)?;
        for (k, (index, _)) in criteria.iter().enumerate() {
            let col = u16::try_from(RANKING_COLUMNS.len() + k)
                .map_err(|_| XlsxError::RowColumnLimitError)?;
            let Some(c) = unit.criteria.get(*index) else {
                continue;
            };
            match c.points {
                Some(p) => number(sheet, (row, col), Some(rounded(board, p)), formats)?,
                None => text(
                    sheet,
                    (row, col),
                    crate::report::status_label(c.status),
                    &formats.text,
                )?,
            }
        }
    }
    let last = units.len() as u32;
    if last > 0 {
        sheet.add_conditional_format(1, 5, last, 5, &percent_scale())?;
    }
    Ok(())
}
