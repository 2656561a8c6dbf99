//! Markdown: the ranking per level and the explanations, for pasting into documents.
//! Every string from rules or evidence goes through the same escaping as the
//! ruleset document (`cchc doc`): a `|` cannot split a cell, and `*`, `_`, `<`,
//! `[`, `` ` `` or `&` in a name or an explanation read as written, never as
//! emphasis, HTML, a link or an entity; and control characters never reach the
//! page (see `crate::text::visible`).

use crate::doc::{escape_markdown, markdown_code_span};
use crate::model::Level;
use crate::model::number::format_vi;
use crate::score::{CriterionScore, Lang, Scoreboard, UnitScore};
use crate::text::visible;
use std::fmt::Write;

/// Text for a paragraph or a table cell: shown safely ([`visible`]), then escaped.
fn cell(text: &str) -> String {
    escape_markdown(&visible(text))
}

fn code(text: &str) -> String {
    markdown_code_span(&visible(text), false)
}

/// The whole document: what was scored, the ranking per level, then every lost point.
pub(crate) fn render(board: &Scoreboard<'_>, lang: Lang) -> String {
    let mut out = String::new();
    heading(&mut out, board);
    for (level, units) in super::by_level(board) {
        ranking(&mut out, board, level, &units);
    }
    let unleveled = super::without_level(board);
    if !unleveled.is_empty() {
        let _ = writeln!(
            out,
            "\n## Không xác định được cấp ({} đơn vị, không xếp hạng)\n",
            unleveled.len()
        );
        for u in unleveled {
            let _ = writeln!(out, "- {} {}", cell(&u.id), cell(&u.name));
        }
    }
    let _ = writeln!(out, "\n## Điểm bị trừ và lý do\n");
    for u in &board.units {
        let lost: Vec<_> = u.lost().collect();
        if lost.is_empty() && u.problems.is_empty() && u.warnings.is_empty() {
            continue;
        }
        unit_losses(&mut out, board, u, &lost, lang);
    }
    for w in &board.warnings {
        let _ = writeln!(out, "> **Cảnh báo / warning:** {}\n", cell(w));
    }
    out
}

/// The ruleset's title, the run, and the fingerprints of every input.
fn heading(out: &mut String, board: &Scoreboard<'_>) {
    let r = board.ruleset;
    let _ = writeln!(out, "# {}\n", cell(&r.title));
    let _ = writeln!(out, "{}\n", cell(&super::provenance(board)));
    let _ = writeln!(
        out,
        "- Vân tay bộ tiêu chí (SHA-256): {}",
        code(&r.fingerprint)
    );
    if let Some(o) = &r.overlay {
        let _ = writeln!(
            out,
            "- Điều chỉnh: {} (SHA-256 {})",
            code(&o.path.display().to_string()),
            code(&o.fingerprint)
        );
    }
    let _ = writeln!(
        out,
        "- Minh chứng: {} (SHA-256 {})",
        code(&board.evidence_path.display().to_string()),
        code(&board.evidence_fingerprint)
    );
}

/// One level's ranking as a table.
fn ranking(out: &mut String, board: &Scoreboard<'_>, level: Level, units: &[&UnitScore]) {
    let count = super::level_count(board, level, units.len());
    let _ = writeln!(out, "\n## {} ({count})\n", level.name_vi());
    let _ = writeln!(out, "| Hạng | Mã | Đơn vị | Điểm | Tối đa | % |");
    let _ = writeln!(out, "|---:|---|---|---:|---:|---:|");
    for u in units {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            super::rank_label(board, u),
            cell(&u.id),
            cell(&u.name),
            format_vi(super::rounded(board, u.total)),
            format_vi(super::rounded(board, u.max)),
            super::percent(board, u).map_or_else(|| "-".into(), format_vi)
        );
    }
}

/// A unit's section: its problems, warnings and each criterion that lost points.
fn unit_losses(
    out: &mut String,
    board: &Scoreboard<'_>,
    u: &UnitScore,
    lost: &[&CriterionScore],
    lang: Lang,
) {
    let r = board.ruleset;
    let _ = writeln!(out, "### {} {}\n", cell(&u.id), cell(&u.name));
    for p in &u.problems {
        let _ = writeln!(out, "- **Lỗi minh chứng:** {}", cell(&p.to_string()));
    }
    for w in &u.warnings {
        let _ = writeln!(out, "- **Cảnh báo minh chứng:** {}", cell(&w.to_string()));
    }
    for c in lost {
        let criterion = r.criterion(c.criterion);
        let _ = writeln!(
            out,
            "- **{} {}** ({}): {}",
            cell(&criterion.id),
            cell(&criterion.title),
            c.status.code(),
            cell(&c.explanation_in(r, lang))
        );
    }
    out.push('\n');
}
