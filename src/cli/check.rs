//! `cchc check`.

use super::args::{OverlayArg, RulesArg, rules_help};
use cchc::check::{CheckReport, check_ruleset, check_tree};
use cchc::error::Error;
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Args)]
#[command(
    mut_arg("rules", |a| rules_help(a, "kiểm tra mọi bộ và mọi tệp trong overlays/", "checks every ruleset and every overlay in overlays/")),
    mut_arg("overlay", |a| a.help("Kiểm tra thêm một tệp điều chỉnh (overlay) / also check this overlay on top of the ruleset it names")),
)]
pub struct CheckArgs {
    #[command(flatten)]
    rules: RulesArg,
    #[command(flatten)]
    overlay: OverlayArg,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Diagnostics with the source line underlined, and a summary.
    Text,
    /// One object per ruleset checked, for machines.
    Json,
}

/// Exit 0 when clean, 1 when there are findings, 2 when a ruleset cannot be used to score.
pub fn run(args: CheckArgs) -> Result<ExitCode, Error> {
    let rules = super::inputs::rules_root(&args.rules)?;
    let reports = match &args.overlay.overlay {
        Some(overlay) if rules.join(cchc::ruleset::load::RULESET_FILE).is_file() => {
            vec![check_ruleset(&rules, Some(overlay))?]
        }
        Some(overlay) => {
            let target = cchc::ruleset::overlay::target_ruleset(overlay)?;
            let catalog = cchc::ruleset::catalog::Catalog::read(&rules)?;
            vec![check_ruleset(&catalog.by_id(&target)?.dir, Some(overlay))?]
        }
        None => check_tree(&rules)?,
    };
    let text = match args.format {
        CheckFormat::Text => render_text(&reports),
        CheckFormat::Json => {
            let mut json = cchc::report::safe_json(
                serde_json::to_string_pretty(&reports)
                    .map_err(|e| Error::Usage(format!("JSON: {e}")))?,
            );
            json.push('\n');
            json
        }
    };
    super::print_stdout(&text)?;
    Ok(if reports.iter().any(|r| !r.usable) {
        ExitCode::from(2)
    } else if reports.iter().any(|r| !r.findings.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn render_text(reports: &[CheckReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for d in &report.findings {
            let _ = writeln!(out, "{d}\n");
        }
    }
    for report in reports {
        let what = match &report.overlay {
            Some(path) => format!("{} + {}", report.ruleset, path.display()),
            None => format!("{} ({})", report.ruleset, report.dir.display()),
        };
        let verdict = if !report.usable {
            "KHÔNG DÙNG ĐƯỢC / UNUSABLE"
        } else if report.findings.is_empty() {
            "sạch / clean"
        } else {
            "có phát hiện / findings"
        };
        let _ = writeln!(
            out,
            "{what}: {} lỗi, {} cảnh báo / {} error(s), {} warning(s): {verdict}",
            report.errors(),
            report.warnings(),
            report.errors(),
            report.warnings()
        );
    }
    out
}
