//! One card per unit: its total, a bar per criterion with points/max and status,
//! the explanation of every lost point, and the evidence it did not supply.

use super::num_vi;
use crate::model::number::format_vi;
use crate::report::escape_html as escape;
use crate::report::{Meta, percent, status_label};
use crate::score::{Lang, Scoreboard, UnitScore};
use rust_decimal::Decimal;
use std::fmt::Write;

/// The card of `unit`, `index` being its position in the evidence (for its anchor)
/// and `in_level` the number of units of its level (for "hạng 3/20").
pub(crate) fn render(
    board: &Scoreboard<'_>,
    meta: &Meta,
    index: usize,
    unit: &UnitScore,
    in_level: usize,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<article class=\"card\" id=\"don-vi-{}\" data-unit=\"{}\">",
        index + 1,
        escape(&unit.id)
    );
    let _ = writeln!(
        out,
        "<h3><span class=\"uid\">{}</span>{}</h3>",
        escape(&unit.id),
        escape(&unit.name)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}</p>",
        escape(&level_and_rank(unit, in_level))
    );
    let share = percent(board, unit);
    let _ = writeln!(
        out,
        "<p class=\"total\"><strong>{}</strong> / {} điểm{}</p>",
        num_vi(board, unit.total),
        num_vi(board, unit.max),
        share
            .map(|p| format!(" · {}%", format_vi(p)))
            .unwrap_or_default()
    );
    if let Some(p) = share {
        let _ = writeln!(out, "<div class=\"meter\">{}</div>", fill(p));
    }
    criteria_table(&mut out, board, unit);
    gaps(&mut out, board, unit, meta.lang);
    let _ = writeln!(
        out,
        "<p class=\"card-foot\">{}</p>",
        escape(&foot(board, meta, unit))
    );
    out.push_str("</article>\n");
    out
}

/// What identifies a card handed to a unit on its own: the unit, the year, the
/// ruleset and its fingerprint, and the date of the report.
fn foot(board: &Scoreboard<'_>, meta: &Meta, unit: &UnitScore) -> String {
    let r = board.ruleset;
    let fingerprint: String = r.fingerprint.chars().take(12).collect();
    let date = meta
        .generated
        .map(|d| format!(" · lập ngày {d}"))
        .unwrap_or_default();
    format!(
        "Phiếu điểm {} (dòng {}) · năm {} · bộ tiêu chí {} (SHA-256 {fingerprint}…){date}",
        unit.id, unit.row, board.year, r.id
    )
}

/// Level, rank and where the unit is in the evidence file.
fn level_and_rank(unit: &UnitScore, in_level: usize) -> String {
    let level = unit
        .level
        .map_or("Không xác định được cấp", |l| l.name_vi());
    let rank = match (unit.level, unit.rank) {
        (None, _) => "không xếp hạng".to_string(),
        (Some(_), Some(r)) => format!("hạng {r}/{in_level}"),
        (Some(_), None) => "chưa xếp hạng (có kết quả lỗi)".to_string(),
    };
    format!("{level} · {rank} · dòng {} trong tệp minh chứng", unit.row)
}

/// A meter filled to `percent` (0–100).
fn fill(percent: Decimal) -> String {
    let p = percent
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
        .round_dp(2);
    format!("<span style=\"width:{}%\"></span>", p.normalize())
}

fn criteria_table(out: &mut String, board: &Scoreboard<'_>, unit: &UnitScore) {
    out.push_str("<table class=\"crit\">\n<thead><tr><th>Tiêu chí</th><th class=\"num\">Điểm</th><th>Mức đạt</th><th class=\"status\">Trạng thái</th></tr></thead>\n<tbody>\n");
    for c in &unit.criteria {
        let criterion = board.ruleset.criterion(c.criterion);
        let points = match (c.points, c.max) {
            (Some(p), Some(m)) => format!("{}/{}", num_vi(board, p), num_vi(board, m)),
            (None, Some(m)) => format!("–/{}", num_vi(board, m)),
            _ => "–".to_string(),
        };
        let meter = match (c.points, c.max) {
            (Some(p), Some(m)) if !m.is_zero() => p
                .checked_div(m)
                .and_then(crate::model::number::percent_of)
                .map_or_else(String::new, |share| {
                    format!("<div class=\"meter\">{}</div>", fill(share))
                }),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"s-{}\"><td><b>{}</b> {}</td><td class=\"num\">{}</td><td class=\"barcell\">{meter}</td><td class=\"status\">{}</td></tr>",
            c.status.code(),
            escape(&criterion.id),
            escape(&criterion.title),
            points,
            status_label(c.status)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Evidence problems, the explanation of each lost point, and the evidence the
/// unit left blank with the document that would prove it.
fn gaps(out: &mut String, board: &Scoreboard<'_>, unit: &UnitScore, lang: Lang) {
    if !unit.problems.is_empty() {
        out.push_str("<h4>Lỗi minh chứng</h4>\n<ul>\n");
        for p in &unit.problems {
            let _ = writeln!(out, "<li class=\"problem\">{}</li>", escape(&p.to_string()));
        }
        out.push_str("</ul>\n");
    }
    let lost: Vec<_> = unit.lost().collect();
    if lost.is_empty() {
        if unit.problems.is_empty() {
            out.push_str(
                "<p class=\"ok\">Đạt tối đa mọi tiêu chí áp dụng: không có điểm bị trừ.</p>\n",
            );
        }
    } else {
        out.push_str("<h4>Điểm bị trừ và lý do</h4>\n<ul class=\"gaps\">\n");
        for c in &lost {
            let criterion = board.ruleset.criterion(c.criterion);
            let _ = writeln!(
                out,
                "<li><b>{}</b> {}</li>",
                escape(&criterion.id),
                escape(&c.explanation_in(board.ruleset, lang))
            );
        }
        out.push_str("</ul>\n");
    }
    let missing: Vec<_> = unit
        .criteria
        .iter()
        .flat_map(|c| c.missing_evidence.iter().map(move |m| (c, m)))
        .collect();
    if !missing.is_empty() {
        out.push_str("<h4>Minh chứng còn thiếu</h4>\n<ul class=\"missing\">\n");
        for (c, m) in missing {
            let criterion = board.ruleset.criterion(c.criterion);
            let hint = m
                .document_hint
                .as_deref()
                .map(|h| format!(" — văn bản chứng minh: {}", escape(h)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><b>{}</b> {}{hint}</li>",
                escape(&criterion.id),
                escape(&m.label)
            );
        }
        out.push_str("</ul>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meters_are_clamped_percentages() {
        assert_eq!(
            fill(Decimal::from(150)),
            "<span style=\"width:100%\"></span>"
        );
        assert_eq!(
            fill("42.857".parse().expect("decimal")),
            "<span style=\"width:42.86%\"></span>"
        );
        assert_eq!(fill(Decimal::from(-1)), "<span style=\"width:0%\"></span>");
    }
}
