//! `cchc score`.

use super::{FormatArg, inputs};
use cchc::error::Error;
use cchc::report::{self, Format};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ScoreArgs {
    /// Thư mục bộ tiêu chí, hoặc thư mục rules/ chứa nhiều bộ (chọn theo năm) / a ruleset directory, or the rules/ root
    #[arg(long, default_value_os_t = super::default_rules())]
    rules: PathBuf,
    /// Tệp điều chỉnh của tỉnh (overlay) / a provincial overlay adapting the ruleset
    #[arg(long)]
    overlay: Option<PathBuf>,
    /// Tệp minh chứng CSV hoặc XLSX / evidence CSV or XLSX (default: the sample province in data/tinh-mau/)
    #[arg(long)]
    evidence: Option<PathBuf>,
    /// Năm đánh giá / assessment year (default: the evidence's 'nam' column, or the latest sample year)
    #[arg(long)]
    year: Option<i64>,
    /// Chỉ chấm một đơn vị (đơn vị tự kiểm tra) và in việc cần làm / score one unit alone (a unit checking itself) and print its to-do list
    #[arg(long, value_name = "MA_DON_VI")]
    unit: Option<String>,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Ghi ra tệp (ghi nguyên tử) / write to a file (atomically) instead of stdout
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: ScoreArgs) -> Result<ExitCode, Error> {
    let inputs::Scoring {
        ruleset,
        mut evidence,
        year,
    } = inputs::scoring(
        &args.rules,
        args.overlay.as_deref(),
        args.evidence,
        args.year,
    )?;
    if let Some(id) = &args.unit {
        // A unit checking itself is scored alone: its rank is among itself only.
        let Some(record) = evidence.units.iter().find(|u| &u.id == id).cloned() else {
            return Err(Error::Usage(format!(
                "không có đơn vị '{id}' trong {} (có {} đơn vị) / unit '{id}' is not in {}",
                evidence.path.display(),
                evidence.units.len(),
                evidence.path.display()
            )));
        };
        evidence.units = vec![record];
    }
    let ruleset = &ruleset;
    let board = cchc::score(ruleset, &evidence, year)?;
    if args.unit.is_some() && args.format == FormatArg::Table {
        let text = cchc::self_assessment::render::unit_check(&board, &evidence);
        match &args.output {
            Some(path) => cchc::output::write_atomic(path, text.as_bytes())?,
            None => super::print_stdout(&text)?,
        }
        inputs::print_evidence_problems(&evidence);
        return Ok(exit_code(&board));
    }

    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
        FormatArg::Md => Format::Markdown,
    };
    let text = report::render(&board, format);
    match &args.output {
        Some(path) => cchc::output::write_atomic(path, text.as_bytes())?,
        None => super::print_stdout(&text)?,
    }

    inputs::print_evidence_problems(&evidence);
    if args.format != FormatArg::Table {
        for w in &board.warnings {
            eprintln!("cảnh báo / warning: {w}");
        }
    }
    Ok(exit_code(&board))
}

/// `1` when some result is in error (everything else was still written), else `0`.
fn exit_code(board: &cchc::Scoreboard<'_>) -> ExitCode {
    let errors = board.error_count();
    if errors > 0 {
        let units = board.units.iter().filter(|u| u.has_error()).count();
        eprintln!(
            "{units} đơn vị có {errors} kết quả lỗi; các đơn vị khác đã được chấm / {units} unit(s) with {errors} result(s) in error; all other units were scored"
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
