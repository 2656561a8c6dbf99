//! Renderings of a [`Comparison`]: a terminal table, CSV (one row per unit ×
//! criterion) and JSON. Machine formats write `0.25`, the table `0,25`.

pub use super::unit_check::unit_check;

use super::claim::Claim;
use super::comparison::{Comparison, CriterionComparison, UnitComparison};
use crate::model::number::format_vi;
use crate::output::csv::{CsvStyle, neutralize_formula, write_record};
use crate::text::{pad_left, pad_right, table_cell, visible};
use rust_decimal::Decimal;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// `-0,10`, `+0,05`, `0`: the sign always shown.
pub(crate) fn signed_vi(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", format_vi(d))
    } else if d.is_zero() {
        "0".into()
    } else {
        format_vi(d)
    }
}

fn opt_vi(d: Option<Decimal>) -> String {
    d.map_or_else(|| "-".into(), format_vi)
}

/// Criterion ids joined for a summary cell (`1.1, 2.2`), or `-`.
pub(crate) fn ids<'a>(items: impl Iterator<Item = &'a CriterionComparison>) -> String {
    let ids: Vec<&str> = items.map(|c| c.id.as_str()).collect();
    if ids.is_empty() {
        "-".into()
    } else {
        ids.join(", ")
    }
}

/// The terminal table: a summary per unit, then each cut or unexplained criterion.
pub fn table(cmp: &Comparison<'_, '_>) -> String {
    let mut out = String::new();
    heading(&mut out, cmp);
    summary(&mut out, cmp);
    let cut_units = cmp.units.iter().filter(|u| u.cut().count() > 0).count();
    let unexplained: usize = cmp.units.iter().map(|u| u.unexplained().count()).sum();
    let _ = writeln!(
        out,
        "\n{cut_units}/{} đơn vị bị trừ điểm; {unexplained} tiêu chí thiếu minh chứng chưa có giải trình.",
        cmp.units.len()
    );
    let _ = writeln!(out, "{}", tally_line(cmp));
    for u in &cmp.units {
        unit_detail(&mut out, u);
    }
    if !cmp.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "\nCó điểm tự chấm nhưng không có trong tệp minh chứng: {}.",
            visible(&cmp.unmatched.join(", "))
        );
    }
    out
}

/// What is compared: the ruleset and year, the run, and both files.
fn heading(out: &mut String, cmp: &Comparison<'_, '_>) {
    let board = cmp.board;
    let _ = writeln!(
        out,
        "So sánh điểm tự chấm và điểm thẩm định — {} ({}), năm đánh giá {}",
        board.ruleset.id,
        board.ruleset.years_label(),
        board.year
    );
    let _ = writeln!(out, "{}", crate::report::provenance(board));
    let _ = writeln!(
        out,
        "Tự chấm: {} (SHA-256 {})",
        cmp.self_scores.path.display(),
        cmp.self_scores.fingerprint
    );
    let _ = writeln!(
        out,
        "Minh chứng: {} (SHA-256 {})",
        board.evidence_path.display(),
        board.evidence_fingerprint
    );
}

/// One row per unit: totals, the difference, how many criteria were cut, and
/// the criteria missing evidence with no explanation.
fn summary(out: &mut String, cmp: &Comparison<'_, '_>) {
    // Ids and names shown safely, never wider than TABLE_CELL_COLUMNS.
    let shown: Vec<(String, String)> = cmp
        .units
        .iter()
        .map(|u| (table_cell(&u.id), table_cell(&u.name)))
        .collect();
    let id_w = shown
        .iter()
        .map(|(id, _)| id.width())
        .max()
        .unwrap_or(2)
        .max(2);
    let name_w = shown
        .iter()
        .map(|(_, name)| name.width())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "\n{}  {}  {}  {}  {}  {}  Thiếu giải trình",
        pad_right("Mã", id_w),
        pad_right("Đơn vị", name_w),
        pad_left("Tự chấm", 7),
        pad_left("Thẩm định", 9),
        pad_left("Chênh", 6),
        pad_left("Bị trừ", 6),
    );
    for (u, (id, name)) in cmp.units.iter().zip(&shown) {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}  {}  {}",
            pad_right(id, id_w),
            pad_right(name, name_w),
            pad_left(&self_total_vi(u), 7),
            pad_left(&format_vi(u.appraised_total), 9),
            pad_left(&u.difference().map_or_else(|| "?".into(), signed_vi), 6),
            pad_left(&u.cut().count().to_string(), 6),
            ids(u.unexplained()),
        );
    }
}

/// A unit's criteria that were cut, lack an explanation, could not be compared
/// or have a broken claim; nothing when it has none.
fn unit_detail(out: &mut String, u: &UnitComparison) {
    let shown: Vec<&CriterionComparison> = u
        .criteria
        .iter()
        .filter(|c| {
            c.is_cut()
                || c.needs_explanation()
                || c.difference.is_none() && c.self_points.is_some()
                || c.claim.problem().is_some()
        })
        .collect();
    if shown.is_empty() {
        return;
    }
    let (invalid, missing) = (u.invalid().count(), u.not_self_scored().count());
    let mut left_out = Vec::new();
    if invalid > 0 {
        left_out.push(format!("{invalid} điểm tự chấm không hợp lệ"));
    }
    if missing > 0 {
        left_out.push(format!("{missing} tiêu chí chưa tự chấm"));
    }
    let _ = writeln!(
        out,
        "\n{} {}: tự chấm {}{}, thẩm định {}/{}",
        table_cell(&u.id),
        table_cell(&u.name),
        self_total_vi(u),
        if left_out.is_empty() {
            String::new()
        } else {
            format!(
                " (chưa tính {}; không tính chênh lệch)",
                left_out.join(", ")
            )
        },
        format_vi(u.appraised_total),
        format_vi(u.max)
    );
    for c in shown {
        // The explanation and the claim's problem come from the self-score file.
        let _ = writeln!(out, "  - {}", visible(&line(c)));
    }
    let missing = ids(u.not_self_scored());
    if missing != "-" {
        let _ = writeln!(out, "  Chưa tự chấm: {missing}.");
    }
}

/// Where every row of the self-score file went, so the totals above are read
/// knowing what they leave out.
pub(crate) fn tally_line(cmp: &Comparison<'_, '_>) -> String {
    let t = cmp.tally;
    format!(
        "Tệp tự chấm: {} dòng = {} tính vào tổng + {} không hợp lệ (không tính) + {} tiêu chí không áp dụng (không tính) + {} của đơn vị không có trong minh chứng + {} dòng lỗi khác / self-score rows: {} = {} counted + {} invalid + {} not applicable + {} unknown unit + {} other errors.",
        t.rows,
        t.counted,
        t.invalid,
        t.not_applicable,
        t.unmatched,
        t.rejected,
        t.rows,
        t.counted,
        t.invalid,
        t.not_applicable,
        t.unmatched,
        t.rejected
    )
}

/// The unit's self total as the table shows it: `-` when no self-score was
/// counted (never a 0 it did not write).
fn self_total_vi(u: &UnitComparison) -> String {
    if u.has_counted() {
        format_vi(u.self_total)
    } else {
        "-".into()
    }
}

/// The self-score as the table shows it: the number, or why it is not counted.
fn claim_vi(c: &CriterionComparison) -> String {
    match &c.claim {
        Claim::Invalid(p) => format!("không hợp lệ ({})", p.message),
        Claim::NotApplicable(p) => format!("không áp dụng ({})", p.message),
        _ => opt_vi(c.self_points),
    }
}

/// The reason with the self-score's problem first, for the flat formats (CSV,
/// workbook) that have no column for it.
pub(crate) fn reason_with_claim(c: &CriterionComparison) -> String {
    match c.claim.problem() {
        Some(p) => format!("Điểm tự chấm {}: {p}. {}", c.claim.code(), c.reason),
        None => c.reason.clone(),
    }
}

/// One criterion's line: claim, appraisal, difference, reason, explanation.
fn line(c: &CriterionComparison) -> String {
    let mut text = format!(
        "{} {}: tự chấm {}, thẩm định {}",
        c.id,
        c.title,
        claim_vi(c),
        opt_vi(c.appraised)
    );
    if let Some(d) = c.difference {
        text.push_str(&format!(", chênh lệch {}", signed_vi(d)));
    }
    text.push_str(&format!(". Lý do: {}", c.reason));
    match (&c.explanation, c.lacks_evidence) {
        (Some(e), _) => text.push_str(&format!(" Giải trình của đơn vị: {e}")),
        (None, true) => text.push_str(" Thiếu minh chứng, chưa có giải trình."),
        (None, false) => {}
    }
    visible(&text).into_owned()
}

const CSV_HEADER: [&str; 15] = [
    "ma_don_vi",
    "ten_don_vi",
    "cap",
    "tieu_chi",
    "ten_tieu_chi",
    "diem_tu_cham",
    "diem_tham_dinh",
    "diem_toi_da",
    "chenh_lech",
    "trang_thai",
    "ly_do",
    "thieu_minh_chung",
    "giai_trinh",
    "can_giai_trinh",
    "ruleset_fingerprint",
];

/// One row per unit × criterion.
pub fn csv(cmp: &Comparison<'_, '_>) -> String {
    let mut out = Vec::new();
    write_record(&mut out, CsvStyle::REPORT, CSV_HEADER);
    let dec = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "co" } else { "khong" }.to_string();
    for u in &cmp.units {
        for c in &u.criteria {
            // Text cells are shown safely (one line, no control character), then
            // neutralized; numbers stay numbers (a cut is negative).
            let text = |t: &str| neutralize_formula(&visible(t)).into_owned();
            let row = [
                text(&u.id),
                text(&u.name),
                u.level.map(|l| l.code().to_string()).unwrap_or_default(),
                text(&c.id),
                text(&c.title),
                dec(c.self_points),
                dec(c.appraised),
                dec(c.max),
                dec(c.difference),
                c.status.code().to_string(),
                text(&reason_with_claim(c)),
                yes(c.lacks_evidence),
                text(c.explanation.as_deref().unwrap_or_default()),
                yes(c.needs_explanation()),
                cmp.board.ruleset.fingerprint.clone(),
            ];
            write_record(&mut out, CsvStyle::REPORT, row);
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Everything, decimals as strings, units in evidence order.
pub fn json(cmp: &Comparison<'_, '_>) -> String {
    let board = cmp.board;
    let dec = |d: Option<Decimal>| d.map(|d| d.to_string());
    let units: Vec<serde_json::Value> = cmp.units.iter().map(|u| unit_json(u, &dec)).collect();
    let value = serde_json::json!({
        "cchc_version": env!("CARGO_PKG_VERSION"),
        "ruleset": { "id": board.ruleset.id, "fingerprint": board.ruleset.fingerprint },
        "year": board.year,
        "self_scores": {
            "file": cmp.self_scores.path.display().to_string(),
            "fingerprint": cmp.self_scores.fingerprint,
            "problems": cmp.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "not_applicable": cmp.notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "rows": {
                "total": cmp.tally.rows,
                "counted": cmp.tally.counted,
                "invalid": cmp.tally.invalid,
                "not_applicable": cmp.tally.not_applicable,
                "unmatched_unit": cmp.tally.unmatched,
                "rejected": cmp.tally.rejected,
            },
        },
        "evidence": {
            "file": board.evidence_path.display().to_string(),
            "fingerprint": board.evidence_fingerprint,
        },
        "units": units,
        "unmatched_units": cmp.unmatched,
    });
    let mut text =
        crate::report::safe_json(serde_json::to_string_pretty(&value).unwrap_or_default());
    text.push('\n');
    text
}

fn unit_json(
    u: &UnitComparison,
    dec: &dyn Fn(Option<Decimal>) -> Option<String>,
) -> serde_json::Value {
    let list = |items: Vec<&CriterionComparison>| -> Vec<String> {
        items.iter().map(|c| c.id.clone()).collect()
    };
    serde_json::json!({
        "id": u.id,
        "name": u.name,
        "level": u.level.map(|l| l.code()),
        "self_total": u.has_counted().then(|| u.self_total.to_string()),
        "self_total_complete": u.is_complete(),
        "appraised_total": u.appraised_total.to_string(),
        "max": u.max.to_string(),
        "difference": u.difference().map(|d| d.to_string()),
        "cut": list(u.cut().collect()),
        "unexplained": list(u.unexplained().collect()),
        "not_self_scored": list(u.not_self_scored().collect()),
        "invalid_self_scores": list(u.invalid().collect()),
        "not_applicable_self_scores": list(u.not_applicable_claims().collect()),
        "criteria": u.criteria.iter().map(|c| serde_json::json!({
            "id": c.id,
            "self": dec(c.self_points),
            "self_claim": c.claim.code(),
            "self_problem": c.claim.problem().map(ToString::to_string),
            "appraised": dec(c.appraised),
            "max": dec(c.max),
            "difference": dec(c.difference),
            "status": c.status.code(),
            "reason": c.reason,
            "lacks_evidence": c.lacks_evidence,
            "explanation": c.explanation,
            "needs_explanation": c.needs_explanation(),
        })).collect::<Vec<_>>(),
    })
}
