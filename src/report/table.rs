//! The terminal table: ranking per level, then every lost point explained.
//! Every text from rules or evidence is shown through [`visible`], so a name can
//! neither forge a row nor send a terminal escape.

use crate::model::Level;
use crate::model::number::format_vi;
use crate::score::{CriterionScore, Lang, Scoreboard, UnitScore};
use crate::text::{pad_left, pad_right, table_cell, visible};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The whole table: what was scored, the ranking per level, then every lost point.
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
            "\nKhông xác định được cấp ({} đơn vị, không xếp hạng)",
            unleveled.len()
        );
        for u in unleveled {
            let _ = writeln!(out, "   -  {}  {}", visible(&u.id), visible(&u.name));
        }
    }
    let _ = writeln!(out, "\nĐiểm bị trừ và lý do");
    let mut any = false;
    for u in &board.units {
        let lost: Vec<_> = u.lost().collect();
        if lost.is_empty() && u.problems.is_empty() && u.warnings.is_empty() {
            continue;
        }
        any = true;
        unit_losses(&mut out, board, u, &lost, lang);
    }
    if !any {
        let _ = writeln!(out, "  (không có: mọi đơn vị được chấm đều đạt tối đa)");
    }
    for w in &board.warnings {
        let _ = writeln!(out, "\nCảnh báo / warning: {}", visible(w));
    }
    out
}

/// The ruleset's title, the run, and the fingerprints of every input.
fn heading(out: &mut String, board: &Scoreboard<'_>) {
    let r = board.ruleset;
    let _ = writeln!(out, "{}", visible(&r.title));
    let _ = writeln!(out, "{}", visible(&super::provenance(board)));
    let _ = writeln!(out, "Vân tay bộ tiêu chí (SHA-256): {}", r.fingerprint);
    if let Some(o) = &r.overlay {
        let _ = writeln!(
            out,
            "Điều chỉnh: {} (SHA-256 {})",
            visible(&o.path.display().to_string()),
            o.fingerprint
        );
    }
    let _ = writeln!(
        out,
        "Minh chứng: {} (SHA-256 {})",
        visible(&board.evidence_path.display().to_string()),
        board.evidence_fingerprint
    );
}

/// One level's ranking: rank, id, name, points, maximum and percentage per unit.
fn ranking(out: &mut String, board: &Scoreboard<'_>, level: Level, units: &[&UnitScore]) {
    let _ = writeln!(out, "\n{} ({} đơn vị)", level.name_vi(), units.len());
    let shown: Vec<_> = units
        .iter()
        .map(|u| (table_cell(&u.id), table_cell(&u.name)))
        .collect();
    let name_width = shown
        .iter()
        .map(|(_, name)| name.width())
        .max()
        .unwrap_or(6)
        .max(6);
    let id_width = shown
        .iter()
        .map(|(id, _)| id.width())
        .max()
        .unwrap_or(2)
        .max(2);
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}  {}",
        pad_left("Hạng", 4),
        pad_right("Mã", id_width),
        pad_right("Đơn vị", name_width),
        pad_left("Điểm", 6),
        pad_left("Tối đa", 6),
        pad_left("%", 7)
    );
    for (u, (id, name)) in units.iter().zip(&shown) {
        let rank = super::rank_label(board, u);
        let percent = super::percent(board, u).map_or_else(|| "-".into(), format_vi);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}  {}",
            pad_left(&rank, 4),
            pad_right(id, id_width),
            pad_right(name, name_width),
            pad_left(&format_vi(super::rounded(board, u.total)), 6),
            pad_left(&format_vi(super::rounded(board, u.max)), 6),
            pad_left(&percent, 7)
        );
    }
}

/// A unit's problems, warnings and each criterion that lost points, explained.
fn unit_losses(
    out: &mut String,
    board: &Scoreboard<'_>,
    u: &UnitScore,
    lost: &[&CriterionScore],
    lang: Lang,
) {
    let r = board.ruleset;
    let _ = writeln!(
        out,
        "\n{} {} ({}/{} điểm)",
        table_cell(&u.id),
        table_cell(&u.name),
        format_vi(super::rounded(board, u.total)),
        format_vi(super::rounded(board, u.max))
    );
    for p in &u.problems {
        let _ = writeln!(out, "  ! {}", visible(&p.to_string()));
    }
    for w in &u.warnings {
        let _ = writeln!(out, "  ? cảnh báo / warning: {}", visible(&w.to_string()));
    }
    for c in lost {
        let criterion = r.criterion(c.criterion);
        let _ = writeln!(
            out,
            "  - {} {} [{}]: {}",
            visible(&criterion.id),
            visible(&criterion.title),
            c.status.code(),
            visible(&c.explanation_in(r, lang))
        );
    }
}
