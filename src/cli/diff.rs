//! `cchc diff`.

use super::args::{EvidenceArg, YearArg};
use super::inputs;
use cchc::diff::{Change, UnitImpact, diff_rulesets, score_impact};
use cchc::error::Error;
use cchc::pipeline::{EvidenceFile, SizeLimit};
use cchc::ruleset::catalog::Catalog;
use cchc::text::pad_right as pad;
use cchc::text::visible;
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
#[command(
    mut_arg("evidence", |a| a.help("Chấm cùng tệp minh chứng theo cả hai bộ / score this evidence under both and show each unit's change")),
    mut_arg("year", |a| a.help("Năm đánh giá / assessment year (default: the evidence's 'nam' column)")),
)]
pub struct DiffArgs {
    /// Bộ tiêu chí cũ (thư mục) / the old ruleset directory (or a rules/ root, with --year)
    old: PathBuf,
    /// Bộ tiêu chí mới (thư mục), hoặc tệp điều chỉnh áp lên bộ cũ / the new ruleset directory, or an overlay applied to OLD
    new: PathBuf,
    #[command(flatten)]
    evidence: EvidenceArg,
    #[command(flatten)]
    year: YearArg,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Readable lists.
    Text,
    /// Changes and impact as JSON.
    Json,
}

#[derive(serde::Serialize)]
struct Side {
    ruleset: String,
    fingerprint: String,
    overlay: Option<String>,
}

#[derive(serde::Serialize)]
struct DiffReport<'a> {
    old: Side,
    new: Side,
    changes: &'a [Change],
    evidence: Option<String>,
    year: Option<i64>,
    units: Option<&'a [UnitImpact]>,
}

/// Exit 0 when nothing differs, 1 when something does (rules or scores), 2 on bad input.
pub fn run(args: DiffArgs) -> Result<ExitCode, Error> {
    let evidence = &args.evidence.evidence;
    // The evidence is opened once for the year (when not given) and read by the
    // old ruleset, then opened again to be read by the new one.
    let (mut source, year) = match (evidence, args.year.year) {
        (Some(path), None) => {
            let (source, year) = inputs::evidence_with_year(path, SizeLimit::Province)?;
            (Some(source), Some(year))
        }
        (_, year) => (None, year),
    };
    let old = load(&args.old, year)?;
    let new = if args.new.is_file() {
        load(&args.old, year)?.with_overlay(&args.new)?
    } else {
        load(&args.new, year)?
    };
    let changes = diff_rulesets(&old.ruleset, &new.ruleset);
    let impact = match (evidence, year) {
        (Some(path), Some(year)) => {
            let open = || EvidenceFile::open(path, SizeLimit::Province);
            let old_source = source.take().map_or_else(open, Ok)?;
            let old_board = inputs::collect(&old, old_source, year)?.board;
            let new_board = inputs::collect(&new, open()?, year)?.board;
            Some(score_impact(&old_board, &new_board))
        }
        _ => None,
    };
    let side = |r: &cchc::Ruleset| Side {
        ruleset: r.id.clone(),
        fingerprint: r.fingerprint.clone(),
        overlay: r
            .overlay
            .as_ref()
            .map(|o| format!("{} ({})", o.id, o.fingerprint)),
    };
    let report = DiffReport {
        old: side(&old.ruleset),
        new: side(&new.ruleset),
        changes: &changes,
        evidence: evidence.as_ref().map(|p| p.display().to_string()),
        year,
        units: impact.as_deref(),
    };
    let text = match args.format {
        DiffFormat::Text => render_text(&report),
        DiffFormat::Json => {
            let mut json = cchc::report::safe_json(
                serde_json::to_string_pretty(&report)
                    .map_err(|e| Error::Usage(format!("JSON: {e}")))?,
            );
            json.push('\n');
            json
        }
    };
    super::print_stdout(&text)?;
    let scores_moved = impact
        .iter()
        .flatten()
        .any(|u| u.old_total != u.new_total || u.old_max != u.new_max || !u.criteria.is_empty());
    Ok(if changes.is_empty() && !scores_moved {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The ruleset under `path` (a ruleset directory, or a root with several: then by year).
fn load(path: &Path, year: Option<i64>) -> Result<cchc::Rules, Error> {
    let catalog = Catalog::read(path)?;
    let entry = match (catalog.entries(), year) {
        ([one], _) => one,
        (_, Some(year)) => catalog.for_year(year)?,
        _ => {
            return Err(Error::Usage(format!(
                "{} chứa nhiều bộ tiêu chí: dùng --year hoặc --evidence / {} holds several rulesets: pass --year or --evidence",
                path.display(),
                path.display()
            )));
        }
    };
    let loaded = cchc::engine::load_ruleset_from(entry)?;
    inputs::print_warnings(&loaded);
    Ok(loaded)
}

fn render_text(r: &DiffReport<'_>) -> String {
    let mut out = String::new();
    let name = |s: &Side| match &s.overlay {
        Some(o) => format!("{} ({}) + {o}", s.ruleset, s.fingerprint),
        None => format!("{} ({})", s.ruleset, s.fingerprint),
    };
    // Every text from a rule file, an overlay or the evidence is shown through
    // `visible`: one line, no control character reaches the terminal.
    let _ = writeln!(out, "Cũ / old: {}", visible(&name(&r.old)));
    let _ = writeln!(out, "Mới / new: {}", visible(&name(&r.new)));
    let _ = writeln!(
        out,
        "\nThay đổi quy tắc / rule changes: {}",
        r.changes.len()
    );
    for c in r.changes {
        let change = match (&c.old, &c.new) {
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (Some(o), None) => format!("bỏ / removed: {o}"),
            (None, Some(n)) => format!("thêm / added: {n}"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "  {} — {}: {}",
            visible(&c.item),
            visible(&c.what),
            visible(&change)
        );
    }
    if let (Some(units), Some(evidence), Some(year)) = (r.units, &r.evidence, r.year) {
        write_impact(&mut out, units, evidence, year);
    }
    out
}

/// How the change moves each unit's score on the evidence: a line per unit, the
/// criteria that moved under it.
fn write_impact(out: &mut String, units: &[UnitImpact], evidence: &str, year: i64) {
    let moved = units
        .iter()
        .filter(|u| u.old_total != u.new_total || u.old_max != u.new_max)
        .count();
    let _ = writeln!(
        out,
        "\nẢnh hưởng đến điểm / score impact ({}, năm {year}): {moved}/{} đơn vị thay đổi, xếp theo mức thay đổi tỷ lệ",
        visible(evidence),
        units.len()
    );
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}  {}  {}  Hạng cũ → mới",
        pad("Mã", 12),
        pad("Cấp", 5),
        pad("Điểm cũ", 12),
        pad("Điểm mới", 12),
        pad("Δ điểm", 7),
        pad("% cũ → mới", 17),
        pad("Δ %", 7)
    );
    for u in units {
        let pct = match (&u.old_percent, &u.new_percent) {
            (Some(a), Some(b)) => format!("{a} → {b}"),
            _ => "-".to_string(),
        };
        let rank = |r: Option<usize>| r.map_or("-".to_string(), |r| r.to_string());
        let error = if u.error { "  (có lỗi / error)" } else { "" };
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}  {}  {}  {} → {}{error}",
            pad(&cchc::text::table_cell(&u.unit), 12),
            pad(u.level.as_deref().unwrap_or("?"), 5),
            pad(&format!("{}/{}", u.old_total, u.old_max), 12),
            pad(&format!("{}/{}", u.new_total, u.new_max), 12),
            pad(&u.delta, 7),
            pad(&pct, 17),
            pad(u.delta_percent.as_deref().unwrap_or("-"), 7),
            rank(u.old_rank),
            rank(u.new_rank)
        );
        if !u.criteria.is_empty() {
            let _ = writeln!(
                out,
                "{}  {}",
                " ".repeat(12),
                visible(&u.criteria.join("; "))
            );
        }
    }
}
