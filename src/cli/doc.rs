//! `cchc doc`: a ruleset as the document an auditor compares with the official decision.

use super::args::{OutputArg, OverlayArg, RulesArg, YearArg, rules_help};
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
    #[command(flatten)]
    overlay: OverlayArg,
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
    // With an overlay, the document is the ruleset it adapts, as the province has it.
    let overlay = args.overlay.overlay.as_deref();
    let target = overlay
        .map(cchc::ruleset::overlay::target_ruleset)
        .transpose()?;
    let entries: Vec<_> = entries
        .iter()
        .filter(|e| target.as_ref().is_none_or(|t| *t == e.id))
        .collect();
    if let (Some(path), Some(target), true) = (overlay, &target, entries.is_empty()) {
        return Err(Error::Usage(format!(
            "tệp điều chỉnh {} dành cho bộ {target}, không có trong các bộ được chọn / the overlay {} adapts {target}, which is not among the rulesets chosen",
            path.display(),
            path.display()
        )));
    }
    // The overlay first: under rules/overlays/ it would otherwise be named a rule file.
    let mut inputs = cchc::output::target::Inputs::new();
    if let Some(path) = overlay {
        inputs.file(path, cchc::output::target::Role::Overlay);
    }
    inputs.rules(&rules);
    for entry in &entries {
        inputs.rules(&entry.dir);
    }
    super::inputs::check_output(args.output.path(), &inputs)?;
    let mut rulesets = Vec::new();
    for entry in entries {
        let mut loaded = cchc::load_ruleset(&entry.dir)?;
        super::inputs::print_warnings(&loaded);
        if let Some(path) = overlay {
            loaded = loaded.with_overlay(path)?;
        }
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
