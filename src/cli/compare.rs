//! `cchc compare`: the units' self-scores against the appraisal of their evidence.

use super::args::{OutputArg, ScoringArgs};
use super::inputs;
use cchc::error::Error;
use cchc::output::format::{Choice, Kind};
use cchc::output::target::Role;
use cchc::self_assessment::{self, render};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Units self-scored but not in the evidence named one per line on stderr; the
/// rest are counted (the report lists them all).
const UNMATCHED_NAMED: usize = 100;

#[derive(Args)]
pub struct CompareArgs {
    /// Tệp điểm tự chấm (CSV/XLSX: ma_don_vi, tieu_chi, diem_tu_cham, giai_trinh) / the self-score file
    #[arg(long = "self", value_name = "FILE")]
    self_scores: PathBuf,
    #[command(flatten)]
    inputs: ScoringArgs,
    /// Định dạng (mặc định theo đuôi tệp -o, không có thì table) / output format (default: from the -o extension, else table)
    #[arg(long, value_enum)]
    format: Option<CompareFormat>,
    #[command(flatten)]
    output: OutputArg,
}

/// Output format of `compare`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CompareFormat {
    /// Summary per unit, then each cut with its reason.
    Table,
    /// One row per unit × criterion.
    Csv,
    /// Everything, decimals as strings.
    Json,
    /// A workbook: summary and detail sheets.
    Xlsx,
}

/// Each format with its `--format` name and the extension it writes.
const FORMATS: [Choice<CompareFormat>; 4] = [
    (CompareFormat::Table, "table", Kind::Text),
    (CompareFormat::Csv, "csv", Kind::Csv),
    (CompareFormat::Json, "json", Kind::Json),
    (CompareFormat::Xlsx, "xlsx", Kind::Xlsx),
];

pub fn run(args: CompareArgs) -> Result<ExitCode, Error> {
    let format = inputs::output_format(
        "compare",
        args.output.path(),
        args.format,
        &FORMATS,
        CompareFormat::Table,
    )?;
    if format == CompareFormat::Xlsx && args.output.path().is_none() {
        return Err(Error::Usage(
            "so sánh dạng XLSX cần -o TỆP / an XLSX comparison needs -o FILE".into(),
        ));
    }
    let target = inputs::target(&args.inputs, cchc::pipeline::SizeLimit::Province)?;
    let mut run_inputs = target.inputs();
    run_inputs.file(&args.self_scores, Role::SelfScores);
    inputs::check_output(args.output.path(), &run_inputs)?;
    let inputs::Target {
        rules,
        source,
        year,
        ..
    } = target;
    let ruleset = &rules.ruleset;
    let cchc::pipeline::Collected { evidence, board } = inputs::collect(&rules, source, year)?;
    let self_scores = self_assessment::read_self_scores(&args.self_scores, ruleset)?;
    let comparison = self_assessment::compare(&board, &evidence, &self_scores);
    let bytes = render_comparison(format, &comparison, args.output.path())?;
    match args.output.path() {
        Some(path) => cchc::output::write_atomic(path, &bytes)?,
        None => super::print_stdout(&String::from_utf8_lossy(&bytes))?,
    }

    inputs::print_board_problems(&board);
    inputs::print_board_warnings(&board);
    for note in &self_scores.notes {
        eprintln!("{}", inputs::warning_line(note));
    }
    print_comparison_findings(&comparison, &board);
    let broken = board.error_count() > 0
        || !comparison.problems.is_empty()
        || !comparison.unmatched.is_empty();
    Ok(if broken {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The comparison in the chosen format.
fn render_comparison(
    format: CompareFormat,
    comparison: &self_assessment::Comparison<'_, '_>,
    output: Option<&Path>,
) -> Result<Vec<u8>, Error> {
    Ok(match format {
        CompareFormat::Table => render::table(comparison).into_bytes(),
        CompareFormat::Csv => render::csv(comparison).into_bytes(),
        CompareFormat::Json => render::json(comparison).into_bytes(),
        CompareFormat::Xlsx => self_assessment::xlsx::render(comparison)
            .map_err(|e| Error::io(output.unwrap_or(Path::new("")), std::io::Error::other(e)))?,
    })
}

/// Each self-score problem and note, and the self-scored units missing from the
/// evidence (the first [`UNMATCHED_NAMED`] by name), on stderr.
fn print_comparison_findings(
    comparison: &self_assessment::Comparison<'_, '_>,
    board: &cchc::Scoreboard<'_>,
) {
    // Every line quotes the self-score file: shown visibly (no terminal escape) and capped.
    let shown = |text: &str| cchc::diagnostic::cap_message(&cchc::text::visible(text)).into_owned();
    for problem in &comparison.problems {
        eprintln!(
            "lỗi điểm tự chấm / self-score error: {}",
            shown(&problem.to_string())
        );
    }
    for note in &comparison.notes {
        eprintln!(
            "lưu ý điểm tự chấm / self-score note: {}",
            shown(&note.to_string())
        );
    }
    for unit in comparison.unmatched.iter().take(UNMATCHED_NAMED) {
        let hint = cchc::text::case_hint(unit, board.units.iter().map(|u| u.id.as_str()));
        let unit = shown(unit);
        eprintln!(
            "đơn vị {unit} có điểm tự chấm nhưng không có trong tệp minh chứng / unit {unit} is self-scored but not in the evidence{hint}"
        );
    }
    if let Some(more) = comparison.unmatched.len().checked_sub(UNMATCHED_NAMED)
        && more > 0
    {
        eprintln!(
            "… và {more} đơn vị khác có điểm tự chấm nhưng không có trong tệp minh chứng (xem báo cáo) / … and {more} more units self-scored but not in the evidence (see the report)"
        );
    }
}
