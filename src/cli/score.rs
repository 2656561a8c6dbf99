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
    /// Tệp minh chứng CSV / evidence CSV (default: the sample province in data/tinh-mau/)
    #[arg(long)]
    evidence: Option<PathBuf>,
    /// Năm đánh giá / assessment year (default: the evidence's 'nam' column, or the latest sample year)
    #[arg(long)]
    year: Option<i64>,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Ghi ra tệp (ghi nguyên tử) / write to a file (atomically) instead of stdout
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: ScoreArgs) -> Result<ExitCode, Error> {
    if let Some(year) = args.year {
        // A year no ruleset governs is the clearer error, before any talk of sample files.
        cchc::ruleset::catalog::choose(&args.rules, year)?;
    }
    let (evidence_path, year) = inputs::evidence_and_year(args.evidence, args.year, &args.rules)?;
    let loaded = inputs::ruleset_for_year(&args.rules, year)?;
    inputs::print_warnings(&loaded);
    let ruleset = match &args.overlay {
        Some(path) => cchc::ruleset::overlay::apply_overlay(loaded.ruleset, path)?,
        None => loaded.ruleset,
    };
    let ruleset = &ruleset;
    let evidence = cchc::evidence::read_evidence(&evidence_path, &ruleset.fields, &ruleset.levels)?;
    let board = cchc::score(ruleset, &evidence, year)?;

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

    for unit in &evidence.units {
        for problem in &unit.problems {
            eprintln!("lỗi minh chứng / evidence error: {problem}");
        }
    }
    if args.format != FormatArg::Table {
        for w in &board.warnings {
            eprintln!("cảnh báo / warning: {w}");
        }
    }
    let errors = board.error_count();
    if errors > 0 {
        let units = board.units.iter().filter(|u| u.has_error()).count();
        eprintln!(
            "{units} đơn vị có {errors} kết quả lỗi; các đơn vị khác đã được chấm / {units} unit(s) with {errors} result(s) in error; all other units were scored"
        );
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
