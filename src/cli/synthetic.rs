//! `cchc gen`: synthetic evidence for load tests and benchmarks.

use cchc::error::Error;
use cchc::output::format::Kind;
use cchc::ruleset::catalog;
use cchc::synthetic::{DEFAULT_SEED, Options};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct GenArgs {
    /// Thư mục bộ tiêu chí, hoặc rules/ (chọn theo --year, mặc định bộ mới nhất) / a ruleset directory, or the rules/ root (the ruleset for --year, default the newest)
    #[arg(long, default_value_os_t = super::default_rules())]
    rules: PathBuf,
    /// Năm đánh giá (cột nam, các hạn chót) / assessment year (the nam column, the deadlines); default: the ruleset's last year, or its first when open-ended
    #[arg(long, value_parser = super::parse_year)]
    year: Option<i64>,
    /// Số đơn vị cần tạo / number of units to generate
    #[arg(long, value_name = "N")]
    units: u64,
    /// Hạt giống: cùng hạt giống, cùng từng byte / seed: the same seed gives the same bytes
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Ghi ra tệp thường (CSV; ghi nguyên tử, không bao giờ đè lên đầu vào) / write to a regular file (CSV; atomically, never over an input) instead of stdout
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: GenArgs) -> Result<ExitCode, Error> {
    // CSV is the only format: `-o x.xlsx` would be a CSV file named as a workbook.
    super::inputs::output_format(
        "gen",
        args.output.as_deref(),
        None,
        &[((), "csv", Kind::Csv)],
        (),
    )?;
    let entry = match args.year {
        Some(year) => catalog::choose(&args.rules, year)?,
        None => catalog::list(&args.rules)?.pop().ok_or_else(|| {
            Error::RulesetChoice(format!(
                "không có bộ tiêu chí nào trong {} / no ruleset in {}",
                args.rules.display(),
                args.rules.display()
            ))
        })?,
    };
    super::inputs::check_output(
        args.output.as_deref(),
        &super::inputs::rules_inputs(&args.rules, [entry.dir.as_path()]),
    )?;
    let loaded = cchc::load_ruleset(&entry.dir)?;
    super::inputs::print_warnings(&loaded);
    let ruleset = &loaded.ruleset;
    let options = Options {
        units: args.units,
        seed: args.seed,
        year: args
            .year
            .unwrap_or_else(|| ruleset.years.1.unwrap_or(ruleset.years.0)),
    };
    cchc::synthetic::check(ruleset, &options)?;
    let summary = match &args.output {
        Some(path) => {
            // Streamed into the temporary file, renamed into place only when complete.
            let mut file = cchc::output::AtomicFile::create(path)?;
            let summary = cchc::synthetic::write_evidence(ruleset, &options, &mut file, path)?;
            file.commit()?;
            summary
        }
        None => {
            let stdout = std::io::stdout().lock();
            let out = std::io::BufWriter::with_capacity(1 << 16, stdout);
            match cchc::synthetic::write_evidence(ruleset, &options, out, Path::new("<stdout>")) {
                Ok(summary) => summary,
                // `cchc gen | head` ends quietly.
                Err(Error::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    return Ok(ExitCode::SUCCESS);
                }
                Err(e) => return Err(e),
            }
        }
    };
    let levels: Vec<String> = summary
        .per_level
        .iter()
        .map(|(level, n)| format!("{level} {n}"))
        .collect();
    let _ = writeln!(
        std::io::stderr(),
        "đã tạo {} đơn vị ({}), {} ô bỏ trống, bộ tiêu chí {}, năm {}, hạt giống {} / generated {} units ({}), {} blank cells",
        args.units,
        levels.join(", "),
        summary.blanks,
        ruleset.id,
        options.year,
        options.seed,
        args.units,
        levels.join(", "),
        summary.blanks
    );
    Ok(ExitCode::SUCCESS)
}
