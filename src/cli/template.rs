//! `cchc template`: the blank evidence form of a ruleset.

use cchc::error::Error;
use cchc::output::format::{Choice, Kind};
use cchc::ruleset::catalog;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct TemplateArgs {
    /// Thư mục bộ tiêu chí, hoặc rules/ (chọn theo --year, mặc định bộ mới nhất) / a ruleset directory, or the rules/ root (the ruleset for --year, default the newest)
    #[arg(long, default_value_os_t = super::default_rules())]
    rules: PathBuf,
    /// Năm đánh giá / assessment year (chooses the ruleset; the form accepts only this year)
    #[arg(long, value_parser = super::parse_year)]
    year: Option<i64>,
    /// Chỉ các cột của một cấp / only the columns one level needs
    #[arg(long, value_parser = parse_level)]
    level: Option<cchc::Level>,
    /// Định dạng (mặc định theo đuôi tệp -o, không có thì csv) / format (default: from the -o extension, else csv)
    #[arg(long, value_enum)]
    format: Option<TemplateFormat>,
    /// Ghi ra tệp thường (ghi nguyên tử, không bao giờ đè lên đầu vào); bắt buộc với xlsx / write to a regular file (atomically, never over an input); required for xlsx
    #[arg(short, long)]
    output: Option<PathBuf>,
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
        args.output.as_deref(),
        args.format,
        &FORMATS,
        TemplateFormat::Csv,
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
    let template = cchc::template::build(ruleset, args.level, args.year);
    match (format, &args.output) {
        (TemplateFormat::Csv, None) => {
            let bytes = cchc::template::csv::render(&template);
            super::print_stdout(&String::from_utf8_lossy(&bytes))?;
        }
        (TemplateFormat::Csv, Some(path)) => {
            cchc::output::write_atomic(path, &cchc::template::csv::render(&template))?;
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
    if let Some(path) = &args.output {
        eprintln!(
            "đã ghi mẫu minh chứng {} ({} cột, bộ tiêu chí {}) / wrote the evidence template",
            path.display(),
            template.columns.len(),
            ruleset.id
        );
    }
    Ok(ExitCode::SUCCESS)
}
