//! `cchc template`: the blank evidence form of a ruleset.

use super::args::{OutputArg, OverlayArg, RulesArg, YearArg, rules_help};
use cchc::error::Error;
use cchc::output::format::{Choice, Kind};
use cchc::ruleset::catalog::Catalog;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

#[derive(Args)]
#[command(
    mut_arg("rules", |a| rules_help(a, "chọn theo --year, mặc định bộ mới nhất", "the ruleset for --year, default the newest")),
    mut_arg("year", |a| a.help("Năm đánh giá / assessment year (chooses the ruleset; the form accepts only this year)")),
)]
pub struct TemplateArgs {
    #[command(flatten)]
    rules: RulesArg,
    #[command(flatten)]
    year: YearArg,
    /// The province's overlay: the form shows its maxima and exemptions.
    #[command(flatten)]
    overlay: OverlayArg,
    /// Chỉ các cột của một cấp / only the columns one level needs
    #[arg(long, value_parser = parse_level)]
    level: Option<cchc::Level>,
    /// Định dạng (mặc định theo đuôi tệp -o, không có thì csv) / format (default: from the -o extension, else csv)
    #[arg(long, value_enum)]
    format: Option<TemplateFormat>,
    #[command(flatten)]
    output: OutputArg,
}

/// Output format of `template`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TemplateFormat {
    /// CSV (UTF-8 with BOM, `;`): labels and column ids.
    Csv,
    /// An Excel workbook with validation and an instructions sheet.
    Xlsx,
}

fn parse_level(text: &str) -> Result<cchc::Level, String> {
    cchc::Level::parse(text).ok_or_else(|| {
        format!("cấp '{text}' không hợp lệ, cần so, huyen hoặc xa / invalid level '{text}', expected so, huyen or xa")
    })
}

/// Each format with its `--format` name and the extension it writes.
const FORMATS: [Choice<TemplateFormat>; 2] = [
    (TemplateFormat::Csv, "csv", Kind::Csv),
    (TemplateFormat::Xlsx, "xlsx", Kind::Xlsx),
];

pub fn run(args: TemplateArgs) -> Result<ExitCode, Error> {
    let format = super::inputs::output_format(
        "template",
        args.output.path(),
        args.format,
        &FORMATS,
        TemplateFormat::Csv,
    )?;
    let rules = super::inputs::rules_root(&args.rules)?;
    let catalog = Catalog::read(&rules)?;
    let entry = catalog.for_year_or_newest(args.year.year)?;
    // The overlay first: under rules/overlays/ it would otherwise be named a rule file.
    let mut inputs = cchc::output::target::Inputs::new();
    if let Some(overlay) = &args.overlay.overlay {
        inputs.file(overlay, cchc::output::target::Role::Overlay);
    }
    inputs.rules(&rules);
    inputs.rules(&entry.dir);
    super::inputs::check_output(args.output.path(), &inputs)?;
    let mut loaded = cchc::load_ruleset(&entry.dir)?;
    super::inputs::print_warnings(&loaded);
    if let Some(overlay) = &args.overlay.overlay {
        loaded = loaded.with_overlay(overlay)?;
    }
    let ruleset = &loaded.ruleset;
    if let Some(level) = args.level
        && !ruleset.levels.contains(&level)
    {
        let codes: Vec<&str> = ruleset.levels.iter().map(|l| l.code()).collect();
        return Err(Error::Usage(format!(
            "bộ tiêu chí {} không chấm cấp {level} (chỉ {}) / ruleset {} does not score level {level} (only {})",
            ruleset.id,
            codes.join(", "),
            ruleset.id,
            codes.join(", ")
        )));
    }
    let template = cchc::template::build(ruleset, args.level, args.year.year);
    match (format, args.output.path()) {
        (TemplateFormat::Csv, None) => {
            let bytes = cchc::template::csv_form::render(&template);
            super::print_stdout(&String::from_utf8_lossy(&bytes))?;
        }
        (TemplateFormat::Csv, Some(path)) => {
            cchc::output::write_atomic(path, &cchc::template::csv_form::render(&template))?;
        }
        (TemplateFormat::Xlsx, Some(path)) => {
            let bytes = cchc::template::xlsx::render(&template)
                .map_err(|e| Error::io(path, std::io::Error::other(e)))?;
            cchc::output::write_atomic(path, &bytes)?;
        }
        (TemplateFormat::Xlsx, None) => {
            return Err(Error::Usage(
                "mẫu XLSX cần -o TỆP (không in tệp nhị phân ra màn hình) / an XLSX template needs -o FILE (binary output is not printed)".into(),
            ));
        }
    }
    if let Some(path) = args.output.path() {
        eprintln!(
            "đã ghi mẫu minh chứng {} ({} cột, bộ tiêu chí {}) / wrote the evidence template",
            path.display(),
            template.columns.len(),
            ruleset.id
        );
    }
    Ok(ExitCode::SUCCESS)
}
