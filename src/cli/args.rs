//! The options several subcommands share (`--rules`, `--overlay`, `--evidence`,
//! `--year`, `-o`), each declared once: its name, default, parser and help. A
//! subcommand takes the ones it reads with `#[command(flatten)]`; where it uses
//! one in its own way (`check` checks every ruleset, `verify` defaults to what
//! the report names, ...) it says so with `mut_arg(.., help)`, and only the help
//! sentence differs.

use clap::Args;
use std::path::{Path, PathBuf};

/// `--rules`: a ruleset directory or a root of several.
#[derive(Args)]
pub struct RulesArg {
    /// Thư mục bộ tiêu chí, hoặc thư mục rules/ chứa nhiều bộ (chọn theo năm); không có rules/ ở đây thì dùng bộ có sẵn trong chương trình / a ruleset directory, or the rules/ root (chosen by year); without rules/ here, the rulesets built into cchc
    #[arg(long, default_value_os_t = PathBuf::from(DEFAULT_RULES))]
    pub rules: PathBuf,
}

/// The help of `--rules` for a command that uses the root its own way (`vi` /
/// `en` say how: every ruleset, the newest, ...), for `mut_arg("rules", ..)`.
pub fn rules_help(arg: clap::Arg, vi: &str, en: &str) -> clap::Arg {
    arg.help(format!(
        "Thư mục bộ tiêu chí, hoặc thư mục rules/ ({vi}); không có rules/ ở đây thì dùng bộ có sẵn trong chương trình / a ruleset directory, or the rules/ root ({en}); without rules/ here, the rulesets built into cchc"
    ))
}

/// Where rules live by default: `rules/` in the working directory, holding one
/// directory per ruleset (else the built-in ones, see `super::builtin`).
pub const DEFAULT_RULES: &str = "rules";

impl RulesArg {
    /// Whether `--rules` is the default `rules` (typed or not): the only value
    /// the built-in rulesets stand in for.
    pub fn is_default(&self) -> bool {
        self.rules == Path::new(DEFAULT_RULES)
    }
}

/// `--overlay`: a provincial overlay applied on top of the ruleset.
#[derive(Args)]
pub struct OverlayArg {
    /// Tệp điều chỉnh của tỉnh (overlay) / a provincial overlay adapting the ruleset
    #[arg(long)]
    pub overlay: Option<PathBuf>,
}

/// `--evidence`: the units' evidence file.
#[derive(Args)]
pub struct EvidenceArg {
    /// Tệp minh chứng CSV hoặc XLSX / evidence CSV or XLSX (default: the sample province in data/tinh-mau/)
    #[arg(long)]
    pub evidence: Option<PathBuf>,
}

/// `--year`: the assessment year.
#[derive(Args)]
pub struct YearArg {
    /// Năm đánh giá / assessment year (default: the evidence's 'nam' column, or the latest sample year)
    #[arg(long, value_parser = parse_year)]
    pub year: Option<i64>,
}

/// `-o`: the file a report is written to.
#[derive(Args)]
pub struct OutputArg {
    /// Ghi ra tệp thường (ghi nguyên tử, không bao giờ đè lên đầu vào); bắt buộc với xlsx / write to a regular file (atomically, never over an input) instead of stdout; required for xlsx
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

impl OutputArg {
    /// The `-o` file, if given.
    pub fn path(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}

/// What `score`, `explain` and `compare` score: the rules, the overlay, the
/// evidence and the year.
#[derive(Args)]
pub struct ScoringArgs {
    #[command(flatten)]
    pub rules: RulesArg,
    #[command(flatten)]
    pub overlay: OverlayArg,
    #[command(flatten)]
    pub evidence: EvidenceArg,
    #[command(flatten)]
    pub year: YearArg,
}

/// The years `--year` accepts: four digits, the years a `dd/mm/yyyy` deadline can
/// name. A year no ruleset governs is refused later, naming the rulesets' years.
pub const YEARS: std::ops::RangeInclusive<i64> = 1000..=9999;

/// Parses `--year`: a whole number in [`YEARS`].
pub fn parse_year(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(year) if YEARS.contains(&year) => Ok(year),
        _ => Err(format!(
            "cần một năm có bốn chữ số ({}–{}) / expected a four-digit year ({}–{})",
            YEARS.start(),
            YEARS.end(),
            YEARS.start(),
            YEARS.end()
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_year_is_four_digits() {
        assert_eq!(super::parse_year("2024"), Ok(2024));
        for bad in ["-5", "0", "99999", "9223372036854775807", "x", ""] {
            assert!(super::parse_year(bad).is_err(), "{bad}");
        }
    }
}
