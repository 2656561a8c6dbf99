//! A trace as text a non-programmer can follow, top to bottom.

use super::{UnitTrace, Verdict};
use crate::text::visible as v;
use std::fmt::Write as _;

/// Renders a trace in Vietnamese, with the few English words an auditor abroad needs.
pub fn render_text(t: &UnitTrace) -> String {
    let mut out = String::new();
    // Every text from the rule file or the evidence is shown through `v`: one
    // line, no control character reaches the terminal.
    let level = v(t.level.as_deref().unwrap_or("?"));
    let (unit, name) = (v(&t.unit), v(&t.name));
    let _ = writeln!(out, "Đơn vị {unit} — {name} (cấp {level})");
    let _ = writeln!(
        out,
        "Minh chứng: {}, dòng {}. Bộ tiêu chí: {}, năm đánh giá {}.",
        v(&t.evidence_file.display().to_string()),
        t.row,
        v(&t.ruleset),
        t.year
    );
    let percent = t
        .percent
        .as_ref()
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    let rank = match t.rank {
        Some(r) => format!("hạng {r}/{} trong cấp {level}", t.ranked_in_level),
        None => "không xếp hạng (có tiêu chí lỗi)".to_string(),
    };
    let _ = writeln!(out, "Tổng: {} / {} điểm{percent}, {rank}.", t.total, t.max);
    let _ = writeln!(out, "Làm tròn: {}.", t.rounding);
    for p in &t.problems {
        let _ = writeln!(out, "Lỗi dòng: {}", v(&p.to_string()));
    }
    for c in &t.criteria {
        let points = match (&c.points, &c.max) {
            (Some(p), Some(m)) => format!("{p} / {m} điểm"),
            (None, Some(m)) => format!("không chấm được / {m} điểm"),
            _ => "không áp dụng".to_string(),
        };
        let _ = writeln!(
            out,
            "\n{} {} — {points} [{}]",
            v(&c.id),
            v(&c.title),
            c.status
        );
        if !c.evidence.is_empty() {
            let _ = writeln!(out, "  Minh chứng đọc:");
        }
        for e in &c.evidence {
            let value = v(e.value.as_deref().unwrap_or("(trống)"));
            let required = if e.required { ", bắt buộc" } else { "" };
            let cell = e
                .cell
                .as_deref()
                .map_or("không có cột này trong tệp".to_string(), |c| {
                    v(c).into_owned()
                });
            let _ = writeln!(
                out,
                "    {} ({}{required}) = {value}\n      ô: {cell}",
                v(&e.field),
                v(&e.label)
            );
            if let Some(problem) = &e.problem {
                let _ = writeln!(out, "      lỗi: {}", v(problem));
            }
        }
        match &c.script_result {
            Some(r) => {
                let _ = writeln!(out, "  Script trả về: {}", v(r));
            }
            None => {
                let _ = writeln!(out, "  Script không chạy.");
            }
        }
        let _ = writeln!(out, "  Các mức, xét từ trên xuống:");
        for b in &c.bands {
            let mark = match b.verdict {
                Verdict::Chosen => "✓",
                Verdict::NotReached => "✗",
                Verdict::NotTried => "·",
            };
            let points = b.points.as_deref().unwrap_or("-");
            let chosen = if b.verdict == Verdict::Chosen {
                "  ← được chọn"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    {mark} {} ({points} điểm; {}): {}{chosen}",
                v(&b.key),
                v(&b.clause),
                v(&b.reason)
            );
        }
        let _ = writeln!(out, "  Kết quả: {}", v(&c.explanation));
        for basis in &c.legal_basis {
            let _ = writeln!(out, "  Căn cứ: {}", v(basis));
        }
    }
    out
}
