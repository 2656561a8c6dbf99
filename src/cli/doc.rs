//! `cchc doc`: a ruleset as the document an auditor compares with the official decision.

use cchc::doc::DocFormat;
use cchc::error::Error;
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
    #[arg(long)]
    year: Option<i64>,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = DocFormatArg::Md)]
    format: DocFormatArg,
    /// Ghi ra tệp (ghi nguyên tử) / write to a file (atomically) instead of stdout
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

pub fn run(args: DocArgs) -> Result<ExitCode, Error> {
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
    let mut rulesets = Vec::new();
    for entry in &entries {
        let loaded = cchc::load_ruleset(&entry.dir)?;
        super::inputs::print_warnings(&loaded);
        rulesets.push(loaded.ruleset);
    }
    let format = match args.format {
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
