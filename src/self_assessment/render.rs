//! Renderings of a [`Comparison`]: a terminal table, CSV (one row per unit ×
//! criterion) and JSON. Machine formats write `0.25`, the table `0,25`.

use super::compare::{Comparison, CriterionComparison, UnitComparison};
use crate::evidence::{EvidenceSet, document};
use crate::number::format_vi;
use crate::report::neutralize_formula;
use crate::score::{Scoreboard, Status};
use crate::text::{pad_left, pad_right};
use rust_decimal::Decimal;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// `-0,10`, `+0,05`, `0`: the sign always shown.
pub fn signed_vi(d: Decimal) -> String {
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
pub fn ids<'a>(items: impl Iterator<Item = &'a CriterionComparison>) -> String {
    let ids: Vec<&str> = items.map(|c| c.id.as_str()).collect();
    if ids.is_empty() {
        "-".into()
    } else {
        ids.join(", ")
    }
}

/// The terminal table: a summary per unit, then each cut or unexplained criterion.
pub fn table(cmp: &Comparison<'_, '_>) -> String {
    let board = cmp.board;
    let mut out = String::new();
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
    let id_w = cmp
        .units
        .iter()
        .map(|u| u.id.width())
        .max()
        .unwrap_or(2)
        .max(2);
    let name_w = cmp
        .units
        .iter()
        .map(|u| u.name.width())
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
    for u in &cmp.units {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}  {}  {}",
            pad_right(&u.id, id_w),
            pad_right(&u.name, name_w),
            pad_left(&format_vi(u.self_total), 7),
            pad_left(&format_vi(u.appraised_total), 9),
            pad_left(&signed_vi(u.appraised_total - u.self_total), 6),
            pad_left(&u.cut().count().to_string(), 6),
            ids(u.unexplained()),
        );
    }
    let cut_units = cmp.units.iter().filter(|u| u.cut().count() > 0).count();
    let unexplained: usize = cmp.units.iter().map(|u| u.unexplained().count()).sum();
    let _ = writeln!(
        out,
        "\n{cut_units}/{} đơn vị bị trừ điểm; {unexplained} tiêu chí thiếu minh chứng chưa có giải trình.",
        cmp.units.len()
    );
    for u in &cmp.units {
        let shown: Vec<&CriterionComparison> = u
            .criteria
            .iter()
            .filter(|c| {
                c.is_cut()
                    || c.needs_explanation()
                    || c.difference.is_none() && c.self_points.is_some()
            })
            .collect();
        if shown.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} {}: tự chấm {}, thẩm định {}/{}",
            u.id,
            u.name,
            format_vi(u.self_total),
            format_vi(u.appraised_total),
            format_vi(u.max)
        );
        for c in shown {
            let _ = writeln!(out, "  - {}", line(c));
        }
        let missing = ids(u.not_self_scored());
        if missing != "-" {
            let _ = writeln!(out, "  Chưa tự chấm: {missing}.");
        }
    }
    if !cmp.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "\nCó điểm tự chấm nhưng không có trong tệp minh chứng: {}.",
            cmp.unmatched.join(", ")
        );
    }
    out
}

/// A unit checking itself: its score, what it can still earn (most points first),
/// then the documents it must still cite (when the file has document columns).
/// Every unit of `board` is shown (normally the one unit scored).
pub fn unit_check(board: &Scoreboard<'_>, evidence: &EvidenceSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", crate::report::provenance(board));
    let _ = writeln!(
        out,
        "Minh chứng: {} (SHA-256 {})",
        board.evidence_path.display(),
        board.evidence_fingerprint
    );
    for unit in &board.units {
        let percent = crate::report::percent(board, unit)
            .map_or_else(|| "-".to_string(), |p| format!("{}%", format_vi(p)));
        let _ = writeln!(
            out,
            "\n{} {}: {}/{} điểm ({percent})",
            crate::text::visible(&unit.id),
            crate::text::visible(&unit.name),
            format_vi(crate::report::rounded(board, unit.total)),
            format_vi(crate::report::rounded(board, unit.max)),
        );
        let uncited = uncited(board, evidence, unit);
        let items = super::todo(board, unit);
        if items.is_empty() {
            let _ = writeln!(out, "Đạt tối đa: không còn việc cần làm để tăng điểm.");
        } else {
            let _ = writeln!(out, "Việc cần làm (xếp theo số điểm có thể lấy lại):");
        }
        for (n, item) in items.iter().enumerate() {
            let what = if item.status == Status::Error {
                " (ô minh chứng lỗi, sửa để được chấm)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{:>3}. +{} {} {}{what}: {}",
                n + 1,
                format_vi(item.recoverable),
                item.criterion,
                crate::text::visible(&item.title),
                crate::text::visible(&item.reason)
            );
        }
        if !uncited.is_empty() {
            let _ = writeln!(out, "Văn bản minh chứng cần ghi đủ (số/ký hiệu, ngày):");
            for line in uncited {
                let _ = writeln!(out, "  - {line}");
            }
        }
    }
    out
}

/// `1.5: Báo cáo công tác TDTHPL năm (số/ký hiệu, ngày)` for each scored criterion
/// whose documents lack a part.
fn uncited(
    board: &Scoreboard<'_>,
    evidence: &EvidenceSet,
    unit: &crate::score::UnitScore,
) -> Vec<String> {
    let Some(record) = evidence.units.iter().find(|r| r.row == unit.row) else {
        return Vec::new();
    };
    let ruleset = board.ruleset;
    unit.criteria
        .iter()
        .filter(|c| !matches!(c.status, Status::NotApplicable | Status::Error))
        .flat_map(|c| {
            let criterion = &ruleset.criteria[c.criterion];
            document::citations(
                criterion,
                &ruleset.fields,
                &record.values,
                &record.documents,
                &evidence.has_documents,
                c.status != Status::Full,
            )
            .lacking
            .into_iter()
            .map(move |l| format!("{}: {l}", criterion.id))
        })
        .collect()
}

/// One criterion's line: claim, appraisal, difference, reason, explanation.
fn line(c: &CriterionComparison) -> String {
    let mut text = format!(
        "{} {}: tự chấm {}, thẩm định {}",
        c.id,
        c.title,
        opt_vi(c.self_points),
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
    text
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
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(CSV_HEADER);
    let dec = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "co" } else { "khong" }.to_string();
    for u in &cmp.units {
        for c in &u.criteria {
            // Text cells are neutralized; numbers stay numbers (a cut is negative).
            let text = |t: &str| neutralize_formula(t).into_owned();
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
                text(&c.reason),
                yes(c.lacks_evidence),
                text(c.explanation.as_deref().unwrap_or_default()),
                yes(c.needs_explanation()),
                cmp.board.ruleset.fingerprint.clone(),
            ];
            let _ = writer.write_record(row);
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
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
            "problems": cmp.self_scores.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        },
        "evidence": {
            "file": board.evidence_path.display().to_string(),
            "fingerprint": board.evidence_fingerprint,
        },
        "units": units,
        "unmatched_units": cmp.unmatched,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
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
        "self_total": u.self_total.to_string(),
        "appraised_total": u.appraised_total.to_string(),
        "max": u.max.to_string(),
        "difference": (u.appraised_total - u.self_total).to_string(),
        "cut": list(u.cut().collect()),
        "unexplained": list(u.unexplained().collect()),
        "not_self_scored": list(u.not_self_scored().collect()),
        "criteria": u.criteria.iter().map(|c| serde_json::json!({
            "id": c.id,
            "self": dec(c.self_points),
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
