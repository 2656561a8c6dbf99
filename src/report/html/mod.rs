//! The report as one self-contained HTML page: it opens from an e-mail attachment
//! with no network (inline CSS, one inline script allowed by its hash, inline SVG
//! charts, system fonts), and prints on A4.
//!
//! Contents: a header (ruleset title, year, legal bases, fingerprints, generation
//! date), then per level a sortable ranking table, a ranking chart and
//! per-criterion statistics, then one card per unit in evidence order. Every
//! string from rules or evidence is escaped.

mod assets;
mod card;
mod charts;

use super::{Meta, by_level, percent, provenance, rank_label, rounded, stats, without_level};
use crate::model::number::format_vi;
use crate::report::escape_html as escape;
use crate::score::{Scoreboard, UnitScore};
use rust_decimal::Decimal;
use std::fmt::Write;

/// A decimal rounded by the ruleset's policy, written the Vietnamese way (`0,25`).
fn num_vi(board: &Scoreboard<'_>, value: Decimal) -> String {
    format_vi(rounded(board, value))
}

/// Renders the page.
pub(crate) fn render(board: &Scoreboard<'_>, meta: &Meta) -> String {
    let r = board.ruleset;
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        escape(&assets::content_security_policy())
    );
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"cchc {}\">",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "<title>{} — năm {}</title>",
        escape(&r.title),
        board.year
    );
    let _ = writeln!(out, "<style>\n{}</style>\n</head>\n<body>", assets::STYLE);
    out.push_str(
        "<div id=\"cchc-status\" hidden data-state=\"loading\" data-errors=\"\"></div>\n<main>\n",
    );
    header(&mut out, board, meta);
    let levels = by_level(board);
    toc(&mut out, &levels);
    for (level, units) in &levels {
        level_section(&mut out, board, *level, units);
    }
    unleveled(&mut out, board);
    cards(&mut out, board, meta, &levels);
    let _ = writeln!(
        out,
        "<footer>Lập bằng cchc {} từ bộ tiêu chí {} và tệp minh chứng {}. Điểm và tỷ lệ làm tròn {} chữ số thập phân khi công bố.</footer>\n</main>",
        env!("CARGO_PKG_VERSION"),
        escape(&r.id),
        escape(&board.evidence_path.display().to_string()),
        r.rounding.places
    );
    let _ = writeln!(out, "<script>{}</script>\n</body>\n</html>", assets::SCRIPT);
    out
}

fn header(out: &mut String, board: &Scoreboard<'_>, meta: &Meta) {
    let r = board.ruleset;
    out.push_str("<header>\n<p class=\"kicker\">Báo cáo kết quả chấm điểm · Chỉ số cải cách hành chính</p>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&r.title));
    let _ = writeln!(
        out,
        "<p class=\"provenance\">{}</p>",
        escape(&provenance(board))
    );
    out.push_str("<dl class=\"facts\">\n");
    let mut fact = |term: &str, value: String| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    };
    fact("Năm đánh giá", board.year.to_string());
    fact(
        "Bộ tiêu chí",
        format!("{} ({})", escape(&r.id), escape(&r.years_label())),
    );
    if let Some(date) = meta.generated {
        fact("Ngày lập báo cáo", date.to_string());
    }
    fact(
        "Vân tay bộ tiêu chí (SHA-256)",
        format!("<code>{}</code>", escape(&r.fingerprint)),
    );
    if let Some(o) = &r.overlay {
        fact(
            "Điều chỉnh của tỉnh",
            format!(
                "{} — <code>{}</code> (SHA-256 <code>{}</code>)",
                escape(&o.title),
                escape(&o.path.display().to_string()),
                escape(&o.fingerprint)
            ),
        );
    }
    fact(
        "Minh chứng",
        format!(
            "<code>{}</code> (SHA-256 <code>{}</code>)",
            escape(&board.evidence_path.display().to_string()),
            escape(&board.evidence_fingerprint)
        ),
    );
    fact("Số đơn vị", board.units.len().to_string());
    out.push_str("</dl>\n");
    let bases: Vec<_> = r
        .legal_basis
        .iter()
        .chain(r.overlay.iter().flat_map(|o| &o.legal_basis))
        .collect();
    if !bases.is_empty() {
        out.push_str("<h2 id=\"can-cu\">Căn cứ pháp lý</h2>\n<ul class=\"bases\">\n");
        for b in bases {
            let _ = writeln!(out, "<li>{}</li>", escape(&b.cite()));
        }
        out.push_str("</ul>\n");
    }
    for w in &board.warnings {
        let _ = writeln!(out, "<p class=\"warning\">Cảnh báo: {}</p>", escape(w));
    }
    out.push_str("</header>\n");
}

type Levels<'b> = [(crate::Level, Vec<&'b UnitScore>)];

fn toc(out: &mut String, levels: &Levels<'_>) {
    out.push_str("<nav class=\"toc\">");
    for (level, units) in levels {
        let _ = write!(
            out,
            "<a href=\"#cap-{}\">{} ({})</a>",
            level.code(),
            level.name_vi(),
            units.len()
        );
    }
    out.push_str("<a href=\"#phieu\">Phiếu điểm từng đơn vị</a></nav>\n");
}

fn level_section(
    out: &mut String,
    board: &Scoreboard<'_>,
    level: crate::Level,
    units: &[&UnitScore],
) {
    let _ = writeln!(
        out,
        "<section class=\"level\" id=\"cap-{}\">\n<h2>{} ({})</h2>",
        level.code(),
        level.name_vi(),
        escape(&super::level_count(board, level, units.len()))
    );
    out.push_str("<table class=\"sortable ranking\">\n<thead><tr><th data-type=\"num\" class=\"num\" aria-sort=\"ascending\">Hạng</th><th>Mã</th><th>Đơn vị</th><th data-type=\"num\" class=\"num\">Điểm</th><th data-type=\"num\" class=\"num\">Tối đa</th><th data-type=\"num\" class=\"num\">%</th></tr></thead>\n<tbody>\n");
    for u in units {
        // Unranked units sort last by rank and by percentage.
        let (rank, rank_key) = u
            .rank
            .map_or((rank_label(board, u), usize::MAX.to_string()), |r| {
                (r.to_string(), r.to_string())
            });
        let share = percent(board, u);
        let _ = writeln!(
            out,
            "<tr><td class=\"num\" data-v=\"{rank_key}\">{rank}</td><td>{}</td><td>{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td></tr>",
            escape(&u.id),
            escape(&u.name),
            rounded(board, u.total),
            num_vi(board, u.total),
            rounded(board, u.max),
            num_vi(board, u.max),
            share.map_or("-1".to_string(), |p| p.to_string()),
            share.map_or("–".to_string(), format_vi),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let title = format!(
        "Xếp hạng {} năm {} theo tỷ lệ điểm đạt",
        level.name_vi(),
        board.year
    );
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n{}<figcaption>{}: tỷ lệ điểm đạt trên điểm tối đa, theo hạng.</figcaption>\n</figure>",
        charts::ranking(board, &title, units),
        escape(&title)
    );
    let stats = stats::for_level(board, level);
    let title = format!("Thống kê theo tiêu chí — {}", level.name_vi());
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n{}<figcaption>{}: điểm trung bình so với điểm tối đa, và tỷ lệ đơn vị đạt tối đa (đơn vị có kết quả lỗi không tính).</figcaption>\n</figure>",
        charts::criteria(board, &title, &stats),
        escape(&title)
    );
    stats_table(out, board, &stats);
    out.push_str("</section>\n");
}

fn stats_table(out: &mut String, board: &Scoreboard<'_>, stats: &[stats::CriterionStats]) {
    out.push_str("<table class=\"stats\">\n<thead><tr><th>Tiêu chí</th><th class=\"num\">Điểm trung bình</th><th class=\"num\">Tối đa</th><th class=\"num\">Trung bình %</th><th class=\"num\">Đạt tối đa</th><th class=\"num\">Được chấm</th><th class=\"num\">Không áp dụng</th><th class=\"num\">Lỗi</th></tr></thead>\n<tbody>\n");
    let opt = |v: Option<Decimal>| v.map_or("–".to_string(), |v| num_vi(board, v));
    for s in stats {
        let c = board.ruleset.criterion(s.criterion);
        let _ = writeln!(
            out,
            "<tr><td><b>{}</b> {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&c.id),
            escape(&c.title),
            opt(s.average),
            opt(s.max),
            opt(s.average_percent()),
            s.full_percent().map_or("–".to_string(), |p| format!(
                "{} ({}%)",
                s.full,
                num_vi(board, p)
            )),
            s.scored,
            s.not_applicable,
            s.errors
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Units whose level did not parse: not ranked, but never left out.
fn unleveled(out: &mut String, board: &Scoreboard<'_>) {
    let units = without_level(board);
    if units.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"level\" id=\"khong-ro-cap\">\n<h2>Không xác định được cấp ({} đơn vị, không xếp hạng)</h2>\n<table>\n<thead><tr><th>Mã</th><th>Đơn vị</th><th>Dòng</th></tr></thead>\n<tbody>",
        units.len()
    );
    for u in units {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&u.id),
            escape(&u.name),
            u.row
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn cards(out: &mut String, board: &Scoreboard<'_>, meta: &Meta, levels: &Levels<'_>) {
    let _ = writeln!(
        out,
        "<section class=\"cards\" id=\"phieu\">\n<h2>Phiếu điểm từng đơn vị ({} đơn vị, theo thứ tự trong tệp minh chứng)</h2>",
        board.units.len()
    );
    for (index, unit) in board.units.iter().enumerate() {
        let in_level = levels
            .iter()
            .find(|(l, _)| Some(*l) == unit.level)
            .map_or(0, |(level, units)| board.level_units(*level, units.len()));
        out.push_str(&card::render(board, meta, index, unit, in_level));
    }
    out.push_str("</section>\n");
}
