//! `cchc explain`.

use super::args::ScoringArgs;
use super::inputs;
use cchc::error::Error;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

#[derive(Args)]
pub struct ExplainArgs {
    /// Mã đơn vị (ma_don_vi) / the unit to trace
    #[arg(long)]
    unit: String,
    /// Chỉ một tiêu chí / only this criterion (e.g. 1.3)
    #[arg(long)]
    criterion: Option<String>,
    #[command(flatten)]
    inputs: ScoringArgs,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    /// Ngôn ngữ của vết chấm: vi hoặc en / language of the trace: vi or en
    #[arg(long, default_value = "vi", value_parser = super::parse_lang)]
    lang: cchc::score::Lang,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    /// Readable trace.
    Text,
    /// The trace as JSON.
    Json,
}

/// Exit 0 when the unit was traced, 1 when one of its criteria is in error, 2 on bad input.
pub fn run(args: ExplainArgs) -> Result<ExitCode, Error> {
    let inputs::Target {
        rules,
        source,
        year,
        ..
    } = inputs::target(&args.inputs, cchc::pipeline::SizeLimit::Province)?;
    let cchc::pipeline::Collected { evidence, board } = inputs::collect(&rules, source, year)?;
    let trace = cchc::trace::trace_unit(
        &board,
        &evidence,
        &args.unit,
        args.criterion.as_deref(),
        args.lang,
    )
    .map_err(Error::Usage)?;
    let text = match args.format {
        ExplainFormat::Text => cchc::trace::render_text(&trace, args.lang),
        ExplainFormat::Json => {
            let mut json = cchc::report::safe_json(
                serde_json::to_string_pretty(&trace)
                    .map_err(|e| Error::Usage(format!("JSON: {e}")))?,
            );
            json.push('\n');
            json
        }
    };
    super::print_stdout(&text)?;
    inputs::print_board_warnings(&board);
    let in_error = trace.criteria.iter().any(|c| c.status == "error");
    Ok(if in_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
