//! `cchc test`: runs every `[[case]]` of one ruleset or of all rulesets under a root.

use cchc::error::Error;
use cchc::ruleset::catalog;
use clap::Args;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct TestArgs {
    /// Thư mục bộ tiêu chí, hoặc rules/ (chạy mọi bộ) / a ruleset directory, or the rules/ root (all rulesets)
    #[arg(long, default_value_os_t = super::default_rules())]
    rules: PathBuf,
}

pub fn run(args: TestArgs) -> Result<ExitCode, Error> {
    let entries = catalog::list(&args.rules)?;
    if entries.is_empty() {
        return Err(Error::RulesetChoice(format!(
            "không có bộ tiêu chí nào trong {} / no ruleset in {}",
            args.rules.display(),
            args.rules.display()
        )));
    }
    let (mut passed, mut failed) = (0, 0);
    let mut out = String::new();
    for entry in entries {
        let loaded = cchc::load_ruleset(&entry.dir)?;
        super::inputs::print_warnings(&loaded);
        let _ = writeln!(out, "# {} ({})", loaded.ruleset.id, entry.dir.display());
        for result in cchc::cases::run_cases(&loaded.ruleset) {
            if result.passed() {
                passed += 1;
                let _ = writeln!(out, "PASS {} {}", result.criterion, result.name);
            } else {
                failed += 1;
                let _ = writeln!(
                    out,
                    "FAIL {} {} ({}:{})",
                    result.criterion,
                    result.name,
                    result.file.display(),
                    result.line
                );
                for f in &result.failures {
                    let _ = writeln!(out, "     {f}");
                }
                let _ = writeln!(out, "     got: {}", result.got);
            }
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    super::print_stdout(&out)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
