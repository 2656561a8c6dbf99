//! `cchc gen`: synthetic evidence for load tests and benchmarks.

use super::args::{OutputArg, RulesArg, YearArg, rules_help};
use cchc::error::Error;
use cchc::output::format::Kind;
use cchc::ruleset::catalog::Catalog;
use cchc::synthetic::{DEFAULT_SEED, Options};
use clap::Args;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Args)]
#[command(
    mut_arg("rules", |a| rules_help(a, "chọn theo --year, mặc định bộ mới nhất", "the ruleset for --year, default the newest")),
    mut_arg("year", |a| a.help("Năm đánh giá (cột nam, các hạn chót) / assessment year (the nam column, the deadlines); default: the ruleset's last year, or its first when open-ended")),
    mut_arg("output", |a| a.help("Ghi ra tệp thường (CSV; ghi nguyên tử, không bao giờ đè lên đầu vào) / write to a regular file (CSV; atomically, never over an input) instead of stdout")),
)]
pub struct GenArgs {
    #[command(flatten)]
    rules: RulesArg,
    #[command(flatten)]
    year: YearArg,
    /// Số đơn vị cần tạo / number of units to generate
    #[arg(long, value_name = "N")]
    units: u64,
    /// Hạt giống: cùng hạt giống, cùng từng byte / seed: the same seed gives the same bytes
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    #[command(flatten)]
    output: OutputArg,
}

pub fn run(args: GenArgs) -> Result<ExitCode, Error> {
    // CSV is the only format: `-o x.xlsx` would be a CSV file named as a workbook.
    super::inputs::output_format(
        "gen",
        args.output.path(),
        None,
        &[((), "csv", Kind::Csv)],
        (),
    )?;
    let rules = super::inputs::rules_root(&args.rules)?;
    let catalog = Catalog::read(&rules)?;
    let entry = catalog.for_year_or_newest(args.year.year)?;
    super::inputs::check_output(
        args.output.path(),
        &super::inputs::rules_inputs(&rules, [entry.dir.as_path()]),
    )?;
    let loaded = cchc::load_ruleset(&entry.dir)?;
    super::inputs::print_warnings(&loaded);
    let ruleset = &loaded.ruleset;
    let options = Options {
        units: args.units,
        seed: args.seed,
        year: args
            .year
            .year
            .unwrap_or_else(|| ruleset.years.1.unwrap_or(ruleset.years.0)),
    };
    cchc::synthetic::check(ruleset, &options)?;
    let summary = match args.output.path() {
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
