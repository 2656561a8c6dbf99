//! Argument definitions, one struct per subcommand, and dispatch.

mod args;
mod backup;
mod builtin;
mod check;
mod compare;
mod diff;
mod doc;
mod explain;
mod inputs;
mod progress;
mod report_date;
mod round;
mod score;
mod serve;
mod synthetic;
mod template;
mod test;
mod user;
mod verify;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

/// Chấm điểm tiêu chí theo dõi thi hành pháp luật (Chỉ số CCHC) theo quy tắc dạng mã.
/// Scores the law-enforcement-monitoring criteria of the CCHC index from rule files and evidence.
#[derive(Parser)]
#[command(name = "cchc", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chấm điểm các đơn vị / score every unit of an evidence file
    Score(score::ScoreArgs),
    /// Chạy các ca kiểm thử [[case]] trong tệp tiêu chí / run the rule files' test cases
    Test(test::TestArgs),
    /// Kiểm tra (lint) bộ tiêu chí với mã phát hiện ổn định / lint rulesets and overlays with stable codes
    Check(check::CheckArgs),
    /// Giải trình từng bước điểm của một đơn vị / trace one unit's score step by step
    Explain(explain::ExplainArgs),
    /// So sánh hai bộ tiêu chí (hoặc bộ và tệp điều chỉnh), và ảnh hưởng đến điểm / compare two rulesets (or one and an overlay) and the effect on scores
    Diff(diff::DiffArgs),
    /// Kiểm chứng báo cáo JSON đã công bố bằng cách chấm lại / re-score a published JSON report and compare
    Verify(verify::VerifyArgs),
    /// In bộ tiêu chí thành tài liệu để đối chiếu với văn bản gốc / render a ruleset as a document for auditors
    Doc(doc::DocArgs),
    /// Tạo mẫu minh chứng trống (CSV hoặc XLSX) cho đơn vị điền / write the blank evidence form units fill in
    Template(template::TemplateArgs),
    /// So sánh điểm tự chấm với điểm thẩm định / compare the units' self-scores with the appraisal
    Compare(compare::CompareArgs),
    /// Tạo minh chứng giả lập N đơn vị để thử tải, đo hiệu năng / generate synthetic evidence for N units (load tests, benchmarks)
    Gen(synthetic::GenArgs),
    /// Chạy ứng dụng web của kỳ đánh giá (SQLite, trình duyệt) / run the round's web application (SQLite, a browser)
    Serve(serve::ServeArgs),
    /// Mở kỳ đánh giá, nhập và xuất minh chứng của kỳ / open a round, import and export its evidence
    Round(round::RoundArgs),
    /// Quản lý tài khoản / manage accounts
    User(user::UserArgs),
    /// Sao lưu cơ sở dữ liệu và tài liệu, kể cả khi máy chủ đang chạy / back up the database and its documents, even while the server runs
    Backup(backup::BackupArgs),
}

/// Output format of `score`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable table with explanations.
    Table,
    /// One row per unit × criterion.
    Csv,
    /// One row per unit: points per criterion, total, rank.
    Wide,
    /// Full result as JSON.
    Json,
    /// Markdown.
    Md,
    /// One self-contained HTML page (charts, a card per unit), for people and print.
    Html,
    /// A workbook (summary, unit × criterion, one sheet per level); needs -o.
    Xlsx,
}

/// Parses `--lang`: `vi` (the default) or `en`.
pub fn parse_lang(text: &str) -> Result<cchc::score::Lang, String> {
    cchc::score::Lang::parse(text)
        .ok_or_else(|| "cần 'vi' hoặc 'en' / expected 'vi' or 'en'".to_string())
}

/// Writes to stdout; a closed pipe (`cchc score | head`) ends output quietly
/// instead of panicking.
pub fn print_stdout(text: &str) -> Result<(), cchc::Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(cchc::Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

/// Parses arguments and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => score::run(args),
        Command::Test(args) => test::run(args),
        Command::Doc(args) => doc::run(args),
        Command::Template(args) => template::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Gen(args) => synthetic::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Round(args) => round::run(args),
        Command::User(args) => user::run(args),
        Command::Backup(args) => backup::run(args),
    };
    match result {
        Ok(code) => code,
        Err(cchc::Error::Rules(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{d}\n");
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == cchc::diagnostic::Severity::Error)
                .count();
            eprintln!(
                "bộ tiêu chí không tải được: {errors} lỗi / the ruleset failed to load: {errors} error(s)"
            );
            ExitCode::from(2)
        }
        Err(cchc::Error::Cells { path, problems }) => {
            for problem in &problems {
                eprintln!("{}", error_line(problem));
            }
            let (file, n) = (path.display(), problems.len());
            eprintln!(
                "{}",
                error_line(&format!(
                    "{file}: {n} ô không hợp lệ, không nhập gì / {n} invalid cell(s), nothing was imported"
                ))
            );
            ExitCode::from(1)
        }
        Err(err) => {
            // An error may echo a value from a hostile file (a path, a sheet name,
            // a cell): shown on one line, with no terminal escape, capped.
            eprintln!("{}", error_line(&err.to_string()));
            ExitCode::from(2)
        }
    }
}

/// The top-level `lỗi / error:` line: whatever the error quotes is made visible
/// ([`cchc::text::visible`]: no control character, no line break) and capped.
fn error_line(text: &str) -> String {
    format!(
        "lỗi / error: {}",
        cchc::diagnostic::cap_message(&cchc::text::visible(text))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_error_line_is_one_visible_capped_line() {
        let line = super::error_line(&format!("x\u{1b}[31m\ny{}", "z".repeat(10_000)));
        assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line}");
        assert!(line.contains("x\\u{1b}[31m y"), "{line}");
        assert!(line.chars().count() < 4100, "{}", line.len());
    }
}
