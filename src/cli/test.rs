//! `cchc test`: runs every `[[case]]` of one ruleset or of all rulesets under a root,
//! and with `--coverage` reports which bands the cases reach.

use super::args::{RulesArg, rules_help};
use cchc::cases::CaseResult;
use cchc::coverage::{Coverage, band_coverage};
use cchc::error::Error;
use cchc::model::number::format_vi;
use cchc::ruleset::catalog::Catalog;
use cchc::text::visible;
use clap::{Args, ValueEnum};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
#[command(mut_arg("rules", |a| rules_help(a, "chạy mọi bộ", "all rulesets")))]
pub struct TestArgs {
    #[command(flatten)]
    rules: RulesArg,
    /// Báo cáo độ phủ mức: mức nào được ca kiểm thử chạm tới / report which bands the cases reach
    #[arg(long)]
    coverage: bool,
    /// Độ phủ mức tối thiểu (%) của mỗi bộ; thấp hơn thì mã thoát 1 / minimum band coverage (%) per ruleset, else exit 1 (default 0)
    #[arg(long, value_name = "PCT", requires = "coverage", value_parser = parse_threshold)]
    threshold: Option<Decimal>,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    format: TestFormat,
}

/// Output format of `test`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    /// PASS/FAIL lines and a summary.
    Text,
    /// Every case result (and the coverage, with --coverage) as JSON.
    Json,
}

/// `100`, `87.5`, `87,5` or `87,5%`, between 0 and 100.
fn parse_threshold(text: &str) -> Result<Decimal, String> {
    let number = text.trim().strip_suffix('%').unwrap_or(text.trim());
    match cchc::model::number::parse_decimal(number) {
        Some(p) if p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED => Ok(p.normalize()),
        _ => Err(format!(
            "cần một phần trăm từ 0 đến 100 / expected a percentage from 0 to 100, got '{text}'"
        )),
    }
}

/// One ruleset's results.
struct RulesetRun {
    id: String,
    dir: PathBuf,
    fingerprint: String,
    results: Vec<CaseResult>,
    coverage: Coverage,
}

pub fn run(args: TestArgs) -> Result<ExitCode, Error> {
    let catalog = Catalog::read(&super::inputs::rules_root(&args.rules)?)?;
    let mut runs = Vec::new();
    for entry in catalog.all()? {
        let loaded = cchc::load_ruleset(&entry.dir)?;
        super::inputs::print_warnings(&loaded);
        let results = cchc::cases::run_cases(&loaded);
        let coverage = band_coverage(&loaded.ruleset, &results);
        runs.push(RulesetRun {
            id: loaded.ruleset.id.clone(),
            dir: entry.dir.clone(),
            fingerprint: loaded.ruleset.fingerprint.clone(),
            results,
            coverage,
        });
    }
    let failed = runs
        .iter()
        .flat_map(|r| &r.results)
        .filter(|r| !r.passed())
        .count();
    let threshold = args
        .coverage
        .then(|| args.threshold.unwrap_or(Decimal::ZERO));
    let below: Vec<&RulesetRun> = match threshold {
        Some(t) => runs.iter().filter(|r| !r.coverage.meets(t)).collect(),
        None => Vec::new(),
    };
    let text = match args.format {
        TestFormat::Text => text(&runs, threshold, &below),
        TestFormat::Json => json(&runs, threshold, &below),
    };
    super::print_stdout(&text)?;
    Ok(if failed == 0 && below.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `96,66%`.
fn percent_vi(p: Decimal) -> String {
    format!("{}%", format_vi(p))
}

fn text(runs: &[RulesetRun], threshold: Option<Decimal>, below: &[&RulesetRun]) -> String {
    let (mut passed, mut failed) = (0, 0);
    let mut out = String::new();
    for run in runs {
        // A case's name and what it got come from the rule file: shown safely.
        let v = |text: &str| visible(text).into_owned();
        let _ = writeln!(out, "# {} ({})", run.id, v(&run.dir.display().to_string()));
        for result in &run.results {
            if result.passed() {
                passed += 1;
                let _ = writeln!(out, "PASS {} {}", v(&result.criterion), v(&result.name));
            } else {
                failed += 1;
                let _ = writeln!(
                    out,
                    "FAIL {} {} ({}:{})",
                    v(&result.criterion),
                    v(&result.name),
                    v(&result.file.display().to_string()),
                    result.line
                );
                for f in &result.failures {
                    let _ = writeln!(out, "     {}", v(&f.to_string()));
                }
                let _ = writeln!(out, "     got: {}", v(&result.got.to_string()));
            }
        }
        if threshold.is_some() {
            coverage_text(&mut out, &run.coverage);
        }
    }
    if let Some(t) = threshold {
        if below.is_empty() {
            let _ = writeln!(
                out,
                "ngưỡng độ phủ mức {} / band coverage threshold {t}%: đạt / met",
                percent_vi(t)
            );
        } else {
            let vi: Vec<String> = below
                .iter()
                .map(|r| format!("{} {}", r.id, percent_vi(r.coverage.percent())))
                .collect();
            let en: Vec<String> = below
                .iter()
                .map(|r| format!("{} {}%", r.id, r.coverage.percent()))
                .collect();
            let _ = writeln!(
                out,
                "độ phủ mức dưới ngưỡng {}: {} / band coverage below the {t}% threshold: {}",
                percent_vi(t),
                vi.join(", "),
                en.join(", ")
            );
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

/// Per criterion `covered/total percent`, every unreached band with its file and
/// line, then the ruleset's total.
fn coverage_text(out: &mut String, coverage: &Coverage) {
    let _ = writeln!(out, "độ phủ mức / band coverage: {}", coverage.ruleset);
    let width = coverage
        .criteria
        .iter()
        .map(|c| c.criterion.chars().count())
        .max()
        .unwrap_or(0);
    for c in &coverage.criteria {
        let _ = writeln!(
            out,
            "  {:<width$}  {}/{}  {}",
            c.criterion,
            c.covered(),
            c.total(),
            percent_vi(c.percent())
        );
    }
    for (c, band) in coverage.unreached() {
        let _ = writeln!(
            out,
            "UNREACHED {} {} ({}:{})",
            c.criterion,
            band.key,
            band.file.display(),
            band.line
        );
    }
    let _ = writeln!(
        out,
        "  tổng / total: {}/{} mức / bands, {}",
        coverage.covered(),
        coverage.total(),
        percent_vi(coverage.percent())
    );
}

#[derive(Serialize)]
struct JsonReport<'a> {
    cchc_version: &'static str,
    rulesets: Vec<JsonRuleset<'a>>,
    passed: usize,
    failed: usize,
    /// Present only with `--coverage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold: Option<JsonThreshold<'a>>,
}

#[derive(Serialize)]
struct JsonRuleset<'a> {
    id: &'a str,
    dir: String,
    fingerprint: &'a str,
    passed: usize,
    failed: usize,
    cases: Vec<JsonCase<'a>>,
    /// Present only with `--coverage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<JsonCoverage<'a>>,
}

#[derive(Serialize)]
struct JsonCase<'a> {
    criterion: &'a str,
    name: &'a str,
    file: String,
    line: usize,
    passed: bool,
    failures: &'a [String],
    /// What the engine gave; `null` when the case could not run at all.
    got: Option<JsonGot<'a>>,
}

#[derive(Serialize)]
struct JsonGot<'a> {
    band: Option<&'a str>,
    points: Option<String>,
    status: &'static str,
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    covered: usize,
    total: usize,
    percent: String,
    meets_threshold: bool,
    criteria: Vec<JsonCriterionCoverage<'a>>,
}

#[derive(Serialize)]
struct JsonCriterionCoverage<'a> {
    id: &'a str,
    file: String,
    covered: usize,
    total: usize,
    percent: String,
    bands: Vec<JsonBand<'a>>,
}

#[derive(Serialize)]
struct JsonBand<'a> {
    key: &'a str,
    file: String,
    line: usize,
    covered: bool,
    cases: &'a [String],
}

#[derive(Serialize)]
struct JsonThreshold<'a> {
    percent: String,
    passed: bool,
    below: Vec<&'a str>,
}

fn json(runs: &[RulesetRun], threshold: Option<Decimal>, below: &[&RulesetRun]) -> String {
    let rulesets: Vec<JsonRuleset> = runs
        .iter()
        .map(|run| {
            let failed = run.results.iter().filter(|r| !r.passed()).count();
            JsonRuleset {
                id: &run.id,
                dir: run.dir.display().to_string(),
                fingerprint: &run.fingerprint,
                passed: run.results.len() - failed,
                failed,
                cases: run.results.iter().map(json_case).collect(),
                coverage: threshold.map(|t| json_coverage(&run.coverage, t)),
            }
        })
        .collect();
    let passed = rulesets.iter().map(|r| r.passed).sum();
    let failed = rulesets.iter().map(|r| r.failed).sum();
    let report = JsonReport {
        cchc_version: env!("CARGO_PKG_VERSION"),
        rulesets,
        passed,
        failed,
        threshold: threshold.map(|t| JsonThreshold {
            percent: t.normalize().to_string(),
            passed: below.is_empty(),
            below: below.iter().map(|r| r.id.as_str()).collect(),
        }),
    };
    let mut text =
        cchc::report::safe_json(serde_json::to_string_pretty(&report).unwrap_or_default());
    text.push('\n');
    text
}

fn json_case(result: &CaseResult) -> JsonCase<'_> {
    JsonCase {
        criterion: &result.criterion,
        name: &result.name,
        file: result.file.display().to_string(),
        line: result.line,
        passed: result.passed(),
        failures: &result.failures,
        got: result.got_status.map(|status| JsonGot {
            band: result.got_band.as_deref(),
            points: result.got_points.map(|p| p.to_string()),
            status: status.code(),
        }),
    }
}

fn json_coverage(coverage: &Coverage, threshold: Decimal) -> JsonCoverage<'_> {
    JsonCoverage {
        covered: coverage.covered(),
        total: coverage.total(),
        percent: coverage.percent().to_string(),
        meets_threshold: coverage.meets(threshold),
        criteria: coverage
            .criteria
            .iter()
            .map(|c| JsonCriterionCoverage {
                id: &c.criterion,
                file: c.file.display().to_string(),
                covered: c.covered(),
                total: c.total(),
                percent: c.percent().to_string(),
                bands: c
                    .bands
                    .iter()
                    .map(|b| JsonBand {
                        key: &b.key,
                        file: b.file.display().to_string(),
                        line: b.line,
                        covered: b.covered(),
                        cases: &b.cases,
                    })
                    .collect(),
            })
            .collect(),
    }
}
