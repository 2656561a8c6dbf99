//! `cchc score`.

use super::args::{OutputArg, ScoringArgs};
use super::progress::Progress;
use super::{FormatArg, inputs, report_date};
use cchc::error::Error;
use cchc::model::date::Date;
use cchc::output::AtomicFile;
use cchc::output::format::{Choice, Kind};
use cchc::pipeline::{Collected, Destination, Event, SizeLimit};
use cchc::report::rows::Layout;
use cchc::report::{self, Format, Meta};
use cchc::score::Workers;
use clap::Args;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    inputs: ScoringArgs,
    /// Chỉ chấm một đơn vị (đơn vị tự kiểm tra) và in việc cần làm / score one unit alone (a unit checking itself) and print its to-do list
    #[arg(long, value_name = "MA_DON_VI")]
    unit: Option<String>,
    /// Định dạng (mặc định theo đuôi tệp -o, không có thì table) / output format (default: from the -o extension, else table)
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    #[command(flatten)]
    output: OutputArg,
    /// Số luồng chấm song song (0 = mỗi lõi một luồng; tối đa 256); kết quả như nhau / worker threads (0 = one per core; at most 256); the output is the same
    #[arg(long, default_value_t = 0, value_name = "N", value_parser = parse_threads)]
    threads: usize,
    /// Ngày lập báo cáo ghi trên HTML/XLSX (mặc định: SOURCE_DATE_EPOCH, nếu không thì hôm nay) / the report's date on HTML/XLSX (default: SOURCE_DATE_EPOCH, else today)
    #[arg(long, value_name = "DD/MM/YYYY", value_parser = report_date::parse_arg)]
    date: Option<Date>,
    /// Không hiện thanh tiến độ / no progress bar (shown only on a terminal, from 2,000 units)
    #[arg(short, long)]
    quiet: bool,
    /// Ngôn ngữ lời giải thích trong table/md/html: vi hoặc en (csv, wide, json, xlsx giữ tiếng Việt) / language of the explanations in table/md/html: vi or en (csv, wide, json and xlsx keep the Vietnamese record)
    #[arg(long, default_value = "vi", value_parser = super::parse_lang)]
    lang: cchc::score::Lang,
}

/// `--threads`: 0 (one per core) up to [`cchc::score::MAX_THREADS`].
fn parse_threads(text: &str) -> Result<usize, String> {
    let max = cchc::score::MAX_THREADS;
    match text.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "cần một số từ 0 (mỗi lõi một luồng) đến {max} / expected a number from 0 (one per core) to {max}"
        )),
    }
}

/// Each format with its `--format` name and the extension it writes.
const FORMATS: [Choice<FormatArg>; 7] = [
    (FormatArg::Table, "table", Kind::Text),
    (FormatArg::Csv, "csv", Kind::Csv),
    (FormatArg::Wide, "wide", Kind::Csv),
    (FormatArg::Json, "json", Kind::Json),
    (FormatArg::Md, "md", Kind::Markdown),
    (FormatArg::Html, "html", Kind::Html),
    (FormatArg::Xlsx, "xlsx", Kind::Xlsx),
];

pub fn run(args: ScoreArgs) -> Result<ExitCode, Error> {
    let format = inputs::output_format(
        "score",
        args.output.path(),
        args.format,
        &FORMATS,
        FormatArg::Table,
    )?;
    if format == FormatArg::Xlsx && args.output.path().is_none() {
        return Err(Error::Usage(
            "báo cáo XLSX cần -o TỆP / an XLSX report needs -o FILE".into(),
        ));
    }
    let workers = Workers::new(args.threads);
    if args.unit.is_none() && matches!(format, FormatArg::Csv | FormatArg::Wide) {
        return streamed(&args, format, &workers);
    }
    collected(&args, format, &workers)
}

/// The formats that show the units held whole (and `--unit`, any format): every
/// unit is kept, ranked, and the report rendered at the end.
fn collected(args: &ScoreArgs, format: FormatArg, workers: &Workers) -> Result<ExitCode, Error> {
    let target = inputs::target(&args.inputs, SizeLimit::Province)?;
    inputs::check_output(args.output.path(), &target.inputs())?;
    let inputs::Target {
        rules,
        source,
        year,
        ..
    } = target;
    let progress = Progress::counting(args.quiet);
    let Collected {
        evidence,
        mut board,
    } = cchc::pipeline::collect(workers, &rules, source, year, &mut |event| {
        if let Event::Scored(units) = event {
            progress.tick(units);
        }
    })?;
    progress.total(board.units.len());
    if let Some(id) = &args.unit {
        keep_only(&mut board, &evidence, id)?;
    }
    progress.step("ghi báo cáo / writing the report");
    if args.unit.is_some() && format == FormatArg::Table {
        let text = cchc::self_assessment::render::unit_check(&board, &evidence);
        match args.output.path() {
            Some(path) => cchc::output::write_atomic(path, text.as_bytes())?,
            None => super::print_stdout(&text)?,
        }
        inputs::print_board_problems(&board);
        inputs::print_board_warnings(&board);
        return Ok(exit_code(&board));
    }
    write_report(args, format, &board)?;
    progress.finish();

    inputs::print_board_problems(&board);
    if format != FormatArg::Table {
        for w in &board.warnings {
            eprintln!("{}", inputs::warning_line(w));
        }
    }
    Ok(exit_code(&board))
}

/// Cuts the board to unit `id`. The whole province was scored so the unit keeps
/// its rank in its level; the report then shows that unit alone and says it is
/// an extract.
fn keep_only(
    board: &mut cchc::Scoreboard<'_>,
    evidence: &cchc::evidence::EvidenceSet,
    id: &str,
) -> Result<(), Error> {
    // The id in its one identity, as the evidence reader gives every unit.
    let id = &cchc::text::normalize_id(id).into_owned();
    if board.keep_only(id) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "không có đơn vị '{id}' trong {} (có {} đơn vị) / unit '{id}' is not in {}{}",
        evidence.path.display(),
        evidence.units.len(),
        evidence.path.display(),
        cchc::text::case_hint(id, evidence.units.iter().map(|u| u.id.as_str()))
    )))
}

/// Renders the board in `format` to `-o` or stdout.
fn write_report(
    args: &ScoreArgs,
    format: FormatArg,
    board: &cchc::Scoreboard<'_>,
) -> Result<(), Error> {
    let dated = matches!(format, FormatArg::Html | FormatArg::Xlsx);
    let meta = Meta {
        generated: dated
            .then(|| report_date::generation_date(args.date))
            .transpose()?,
        lang: args.lang,
    };
    let bytes = match format {
        FormatArg::Xlsx => report::render_xlsx(board, &meta)?,
        FormatArg::Table => report::render_with(board, Format::Table, &meta).into_bytes(),
        FormatArg::Csv => report::render(board, Format::Csv).into_bytes(),
        FormatArg::Wide => report::render(board, Format::Wide).into_bytes(),
        FormatArg::Json => report::render(board, Format::Json).into_bytes(),
        FormatArg::Md => report::render_with(board, Format::Markdown, &meta).into_bytes(),
        FormatArg::Html => report::render_with(board, Format::Html, &meta).into_bytes(),
    };
    match args.output.path() {
        Some(path) => cchc::output::write_atomic(path, &bytes),
        None => super::print_stdout(&String::from_utf8_lossy(&bytes)),
    }
}

/// The CSV formats, streamed: any number of units in bounded memory, the same
/// bytes as a report of the file read whole.
fn streamed(args: &ScoreArgs, format: FormatArg, workers: &Workers) -> Result<ExitCode, Error> {
    let target = inputs::target(&args.inputs, SizeLimit::Unbounded)?;
    inputs::check_output(args.output.path(), &target.inputs())?;
    let inputs::Target {
        rules,
        source,
        year,
        ..
    } = target;
    let layout = match format {
        FormatArg::Wide => Layout::Wide,
        _ => Layout::Long,
    };
    let progress = Progress::counting(args.quiet);
    let mut source = Some(source);
    let mut score = |destination: Destination<'_>| {
        let source = source.take().ok_or_else(|| {
            Error::Usage("tệp minh chứng đã được đọc / the evidence was read already".into())
        })?;
        cchc::pipeline::write_csv(
            workers,
            &rules,
            source,
            year,
            layout,
            destination,
            &mut |event| match event {
                Event::Scored(units) => progress.tick(units),
                Event::Writing => progress.step("ghi báo cáo / writing the report"),
                Event::Problem(problem) => {
                    progress.println(&inputs::evidence_problem_line(&problem))
                }
                Event::Warning(warning) => {
                    progress.println(&inputs::evidence_warning_line(&warning))
                }
            },
        )
    };
    let summary = match args.output.path() {
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
    progress.finish();
    for w in &summary.warnings {
        eprintln!("{}", inputs::warning_line(w));
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
