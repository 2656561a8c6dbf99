//! A trace as text a non-programmer can follow, top to bottom.

use super::{CriterionTrace, UnitTrace, Verdict};
use crate::score::Lang;
use crate::text::visible as v;
use std::fmt::Write as _;

/// Renders a trace in Vietnamese, with the few English words an auditor abroad
/// needs, or in English (`lang`: the trace should have been made in the same one).
/// The legal basis is listed once, after the result, with its quotes.
pub fn render_text(t: &UnitTrace, lang: Lang) -> String {
    let mut out = String::new();
    // Every text from the rule file or the evidence is shown through `v`: one
    // line, no control character reaches the terminal.
    let level = v(t.level.as_deref().unwrap_or("?"));
    let (unit, name) = (v(&t.unit), v(&t.name));
    let file = v(&t.evidence_file.display().to_string()).into_owned();
    let ruleset = v(&t.ruleset);
    let percent = t
        .percent
        .as_ref()
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    let (total, max) = (&t.total, &t.max);
    let _ = match lang {
        Lang::Vi => {
            let rank = match t.rank {
                Some(r) => format!("hạng {r}/{} trong cấp {level}", t.ranked_in_level),
                None => "không xếp hạng (có tiêu chí lỗi)".to_string(),
            };
            writeln!(
                out,
                "Đơn vị {unit} — {name} (cấp {level})\nMinh chứng: {file}, dòng {}. Bộ tiêu chí: {ruleset}, năm đánh giá {}.\nTổng: {total} / {max} điểm{percent}, {rank}.\nLàm tròn: {}.",
                t.row, t.year, t.rounding
            )
        }
        Lang::En => {
            let rank = match t.rank {
                Some(r) => format!("rank {r}/{} in level {level}", t.ranked_in_level),
                None => "not ranked (a criterion is in error)".to_string(),
            };
            writeln!(
                out,
                "Unit {unit} — {name} (level {level})\nEvidence: {file}, row {}. Ruleset: {ruleset}, assessment year {}.\nTotal: {total} / {max} points{percent}, {rank}.\nRounding: {}.",
                t.row, t.year, t.rounding
            )
        }
    };
    for p in &t.problems {
        let _ = writeln!(out, "{} {}", lang.pick("Lỗi dòng:", "Row error:"), v(p));
    }
    for c in &t.criteria {
        criterion(&mut out, c, lang);
    }
    out
}

fn criterion(out: &mut String, c: &CriterionTrace, lang: Lang) {
    let w = |vi, en| lang.pick(vi, en);
    let points = match (&c.points, &c.max) {
        (Some(p), Some(m)) => format!("{p} / {m} {}", w("điểm", "points")),
        (None, Some(m)) => format!(
            "{} / {m} {}",
            w("không chấm được", "not scored"),
            w("điểm", "points")
        ),
        _ => w("không áp dụng", "not applicable").to_string(),
    };
    let _ = writeln!(
        out,
        "\n{} {} — {points} [{}]",
        v(&c.id),
        v(&c.title),
        c.status
    );
    evidence(out, c, lang);
    match &c.script_result {
        Some(r) => {
            let _ = writeln!(
                out,
                "  {} {}",
                w("Script trả về:", "Script returned:"),
                v(r)
            );
        }
        None => {
            let _ = writeln!(out, "  {}", w("Script không chạy.", "Script did not run."));
        }
    }
    bands(out, c, lang);
    // The basis is listed below with its quotes, not repeated in the result.
    let _ = writeln!(out, "  {} {}", w("Kết quả:", "Result:"), v(&c.result));
    for basis in &c.legal_basis {
        let _ = writeln!(out, "  {} {}", w("Căn cứ:", "Legal basis:"), v(basis));
    }
}

/// The evidence cells the criterion read, with any problem found in them.
fn evidence(out: &mut String, c: &CriterionTrace, lang: Lang) {
    let w = |vi, en| lang.pick(vi, en);
    if !c.evidence.is_empty() {
        let _ = writeln!(out, "  {}", w("Minh chứng đọc:", "Evidence read:"));
    }
    for e in &c.evidence {
        let value = v(e.value.as_deref().unwrap_or(w("(trống)", "(blank)")));
        let required = if e.required {
            w(", bắt buộc", ", required")
        } else {
            ""
        };
        let cell = e.cell.as_deref().map_or_else(
            || w("không có cột này trong tệp", "no such column in the file").to_string(),
            |c| v(c).into_owned(),
        );
        let _ = writeln!(
            out,
            "    {} ({}{required}) = {value}\n      {} {cell}",
            v(&e.field),
            v(&e.label),
            w("ô:", "cell:")
        );
        if let Some(problem) = &e.problem {
            let _ = writeln!(out, "      {} {}", w("lỗi:", "problem:"), v(problem));
        }
    }
}

/// Each band in the order tried, marked chosen, not reached or not tried.
fn bands(out: &mut String, c: &CriterionTrace, lang: Lang) {
    let w = |vi, en| lang.pick(vi, en);
    let _ = writeln!(
        out,
        "  {}",
        w("Các mức, xét từ trên xuống:", "Bands, tried top-down:")
    );
    for b in &c.bands {
        let mark = match b.verdict {
            Verdict::Chosen => "✓",
            Verdict::NotReached => "✗",
            Verdict::NotTried => "·",
        };
        let points = b.points.as_deref().unwrap_or("-");
        let chosen = if b.verdict == Verdict::Chosen {
            w("  ← được chọn", "  ← chosen")
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    {mark} {} ({points} {}; {}): {}{chosen}",
            v(&b.key),
            w("điểm", "points"),
            v(&b.clause),
            v(&b.reason)
        );
    }
}
