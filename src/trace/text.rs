//! A trace as text a non-programmer can follow, top to bottom.

use super::{UnitTrace, Verdict};
use std::fmt::Write as _;

/// Renders a trace in Vietnamese, with the few English words an auditor abroad needs.
pub fn render_text(t: &UnitTrace) -> String {
    let mut out = String::new();
    let level = t.level.as_deref().unwrap_or("?");
    let (unit, name) = (crate::text::visible(&t.unit), crate::text::visible(&t.name));
    let _ = writeln!(out, "Đơn vị {unit} — {name} (cấp {level})");
    let _ = writeln!(
        out,
        "Minh chứng: {}, dòng {}. Bộ tiêu chí: {}, năm đánh giá {}.",
        t.evidence_file.display(),
        t.row,
        t.ruleset,
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
        let _ = writeln!(out, "Lỗi dòng: {}", crate::text::visible(&p.to_string()));
    }
    for c in &t.criteria {
        let points = match (&c.points, &c.max) {
            (Some(p), Some(m)) => format!("{p} / {m} điểm"),
            (None, Some(m)) => format!("không chấm được / {m} điểm"),
            _ => "không áp dụng".to_string(),
        };
        let _ = writeln!(out, "\n{} {} — {points} [{}]", c.id, c.title, c.status);
        if !c.evidence.is_empty() {
            let _ = writeln!(out, "  Minh chứng đọc:");
        }
        for e in &c.evidence {
            let value = crate::text::visible(e.value.as_deref().unwrap_or("(trống)"));
            let required = if e.required { ", bắt buộc" } else { "" };
            let cell = e
                .cell
                .as_deref()
                .map_or("không có cột này trong tệp".to_string(), |c| {
                    crate::text::visible(c).into_owned()
                });
            let _ = writeln!(
                out,
                "    {} ({}{required}) = {value}\n      ô: {cell}",
                e.field, e.label
            );
            if let Some(problem) = &e.problem {
                let _ = writeln!(out, "      lỗi: {}", crate::text::visible(problem));
            }
        }
        match &c.script_result {
            Some(r) => {
                let _ = writeln!(out, "  Script trả về: {r}");
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
                b.key, b.clause, b.reason
            );
        }
        let _ = writeln!(out, "  Kết quả: {}", crate::text::visible(&c.explanation));
        for basis in &c.legal_basis {
            let _ = writeln!(out, "  Căn cứ: {basis}");
        }
    }
    out
}
