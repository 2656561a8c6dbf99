//! `cchc doc`: a ruleset as the document an auditor compares with the official decision.

use super::args::{OutputArg, RulesArg, YearArg, rules_help};
use cchc::doc::DocFormat;
use cchc::error::Error;
use cchc::output::format::{Choice, Kind};
use cchc::ruleset::catalog::Catalog;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

#[derive(Args)]
#[command(
    mut_arg("rules", |a| rules_help(a, "mọi bộ, hoặc bộ của --year", "every ruleset, or the one for --year")),
    mut_arg("year", |a| a.help("Năm đánh giá: chỉ in bộ tiêu chí áp dụng cho năm này / only the ruleset governing this assessment year")),
    mut_arg("output", |a| a.help("Ghi ra tệp thường (ghi nguyên tử, không bao giờ đè lên đầu vào) / write to a regular file (atomically, never over an input) instead of stdout")),
)]
pub struct DocArgs {
    #[command(flatten)]
    rules: RulesArg,
    #[command(flatten)]
    year: YearArg,
    /// Định dạng (mặc định theo đuôi tệp -o, không có thì md) / output format (default: from the -o extension, else md)
    #[arg(long, value_enum)]
    format: Option<DocFormatArg>,
    #[command(flatten)]
    output: OutputArg,
}

/// Output format of `doc`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormatArg {
    /// Markdown.
    Md,
    /// One self-contained HTML file (inline CSS, no scripts, no external resources).
    Html,
}

/// Each format with its `--format` name and the extension it writes.
const FORMATS: [Choice<DocFormatArg>; 2] = [
    (DocFormatArg::Md, "md", Kind::Markdown),
    (DocFormatArg::Html, "html", Kind::Html),
];

pub fn run(args: DocArgs) -> Result<ExitCode, Error> {
    let format = super::inputs::output_format(
        "doc",
        args.output.path(),
        args.format,
        &FORMATS,
        DocFormatArg::Md,
    )?;
    let rules = super::inputs::rules_root(&args.rules)?;
    let catalog = Catalog::read(&rules)?;
    let entries = match args.year.year {
        Some(year) => std::slice::from_ref(catalog.for_year(year)?),
        None => catalog.all()?,
    };
    super::inputs::check_output(
        args.output.path(),
        &super::inputs::rules_inputs(&rules, entries.iter().map(|e| e.dir.as_path())),
    )?;
    let mut rulesets = Vec::new();
    for entry in entries {
        let loaded = cchc::load_ruleset(&entry.dir)?;
        super::inputs::print_warnings(&loaded);
        rulesets.push(loaded.ruleset);
    }
    let format = match format {
        DocFormatArg::Md => DocFormat::Markdown,
        DocFormatArg::Html => DocFormat::Html,
    };
    let refs: Vec<&cchc::Ruleset> = rulesets.iter().collect();
    let text = cchc::doc::render_all(&refs, format);
    match args.output.path() {
        Some(path) => cchc::output::write_atomic(path, text.as_bytes())?,
        None => super::print_stdout(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
