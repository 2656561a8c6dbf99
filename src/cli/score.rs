//! `cchc score`.

use super::{FormatArg, inputs};
use cchc::error::Error;
use cchc::output::AtomicFile;
use cchc::report::rows::Layout;
use cchc::report::{self, Format};
use cchc::score::Workers;
use cchc::stream::Destination;
use clap::Args;
use std::io::Write;
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
    /// Số luồng chấm song song (0 = mỗi lõi một luồng); kết quả như nhau / worker threads (0 = one per core); the output is the same
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
}

pub fn run(args: ScoreArgs) -> Result<ExitCode, Error> {
    let workers = Workers::new(args.threads);
    if args.unit.is_none() && matches!(args.format, FormatArg::Csv | FormatArg::Wide) {
        return streamed(&args, &workers);
    }
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
    let board = cchc::score::score_on(&workers, ruleset, &evidence, year)?;
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
        FormatArg::Wide => Format::Wide,
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

/// The CSV formats, streamed: any number of units in bounded memory, the same
/// bytes as a report of the file read whole.
fn streamed(args: &ScoreArgs, workers: &Workers) -> Result<ExitCode, Error> {
    let target = inputs::target(
        &args.rules,
        args.overlay.as_deref(),
        args.evidence.clone(),
        args.year,
    )?;
    let layout = match args.format {
        FormatArg::Wide => Layout::Wide,
        _ => Layout::Long,
    };
    let score = |destination: Destination<'_>| {
        cchc::stream::score_csv(
            workers,
            &target.ruleset,
            &target.evidence,
            target.year,
            layout,
            destination,
            &mut |problem| eprintln!("{problem}"),
        )
    };
    let summary = match &args.output {
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            let (spill_dir, name) = cchc::output::dir_and_name(path);
            let summary = score(Destination {
                out: &mut file,
                spill_dir,
                name: &name,
            })?;
            file.commit()?;
            summary
        }
        None => {
            let spill_dir = std::env::temp_dir();
            cchc::output::remove_stale_temporaries(&spill_dir, STDOUT_SPILL);
            let mut out = QuietPipe(std::io::BufWriter::new(std::io::stdout().lock()));
            let summary = score(Destination {
                out: &mut out,
                spill_dir: &spill_dir,
                name: STDOUT_SPILL,
            })?;
            let _ = out.flush();
            summary
        }
    };
    for w in &summary.warnings {
        eprintln!("cảnh báo / warning: {w}");
    }
    Ok(error_exit(summary.errors, summary.units_with_errors))
}

/// Names the spill file of a report written to stdout.
const STDOUT_SPILL: &str = "cchc-stdout";

/// Stdout that ends quietly on a closed pipe (`cchc score --format csv | head`).
struct QuietPipe<W: Write>(W);

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(buf.len()),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

/// `1` when some result is in error (everything else was still written), else `0`.
fn exit_code(board: &cchc::Scoreboard<'_>) -> ExitCode {
    let units = board.units.iter().filter(|u| u.has_error()).count();
    error_exit(board.error_count(), units)
}

fn error_exit(errors: usize, units: usize) -> ExitCode {
    if errors > 0 {
        eprintln!(
            "{units} đơn vị có {errors} kết quả lỗi; các đơn vị khác đã được chấm / {units} unit(s) with {errors} result(s) in error; all other units were scored"
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
