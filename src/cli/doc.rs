//! `cchc doc`: a ruleset as the document an auditor compares with the official decision.

use cchc::doc::DocFormat;
use cchc::error::Error;
use cchc::output::format::{Choice, Kind};
use cchc::ruleset::catalog;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct DocArgs {
    /// Thư mục bộ tiêu chí, hoặc rules/ (mọi bộ, hoặc bộ của --year) / a ruleset directory, or the rules/ root (every ruleset, or the one for --year)
    #[arg(long, default_value_os_t = super::default_rules())]
    rules: PathBuf,
    /// Năm đánh giá: chỉ in bộ tiêu chí áp dụng cho năm này / only the ruleset governing this assessment year
    #[arg(long, value_parser = super::parse_year)]
    year: Option<i64>,
    /// Định dạng (mặc định theo đuôi tệp -o, không có thì md) / output format (default: from the -o extension, else md)
    #[arg(long, value_enum)]
    format: Option<DocFormatArg>,
    /// Ghi ra tệp thường (ghi nguyên tử, không bao giờ đè lên đầu vào) / write to a regular file (atomically, never over an input) instead of stdout
    #[arg(short, long)]
    output: Option<PathBuf>,
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
        args.output.as_deref(),
        args.format,
        &FORMATS,
        DocFormatArg::Md,
    )?;
    let entries = match args.year {
        Some(year) => vec![catalog::choose(&args.rules, year)?],
        None => catalog::list(&args.rules)?,
    };
    if entries.is_empty() {
        return Err(Error::RulesetChoice(format!(
            "không có bộ tiêu chí nào trong {} / no ruleset in {}",
            args.rules.display(),
            args.rules.display()
        )));
    }
    super::inputs::check_output(
        args.output.as_deref(),
        &super::inputs::rules_inputs(&args.rules, entries.iter().map(|e| e.dir.as_path())),
    )?;
    let mut rulesets = Vec::new();
    for entry in &entries {
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
    match &args.output {
        Some(path) => cchc::output::write_atomic(path, text.as_bytes())?,
        None => super::print_stdout(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
