//! The bad-input corpus (`tests/corpus/`, described in its README): every file there
//! is one broken or hostile input, and its `.expected` sibling holds the exit code and
//! the exact lines `cchc` must print. Each case runs the real binary in a scratch copy
//! of `tests/corpus/base/` with the case file dropped in. Cases that need a filesystem
//! the repository cannot hold (symbolic links, a file of hundreds of MB, a device) are
//! the tests further down.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CORPUS: &str = "tests/corpus";
const CATEGORIES: [&str; 6] = [
    "rules",
    "hostile",
    "evidence",
    "overlay",
    "plausibility",
    "self-scores",
];
/// A hostile script must be stopped within this, for the whole run of three units.
const HOSTILE_BUDGET: Duration = Duration::from_secs(1);

/// One `.expected` file.
#[derive(Debug, Default)]
struct Expected {
    file: Option<String>,
    args: Option<Vec<String>>,
    exit: Option<i32>,
    stderr_lines: Vec<String>,
    stderr_contains: Vec<String>,
    stdout_lines: Vec<String>,
    stdout_contains: Vec<String>,
}

fn parse_expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).expect("read .expected");
    let mut e = Expected::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = ["=", "~"]
            .iter()
            .filter_map(|op| {
                line.split_once(&format!(" {op} "))
                    .map(|(k, v)| ((k, *op), v))
            })
            .min_by_key(|((k, _), _)| k.len())
            .unwrap_or_else(|| {
                panic!(
                    "{}:{}: `key = value` or `key ~ value`",
                    path.display(),
                    n + 1
                )
            });
        let value = value.to_string();
        match key {
            ("file", "=") => e.file = Some(value),
            ("args", "=") => e.args = Some(value.split_whitespace().map(String::from).collect()),
            ("exit", "=") => e.exit = Some(value.parse().expect("exit code")),
            ("stderr", "=") => e.stderr_lines.push(value),
            ("stderr", "~") => e.stderr_contains.push(value),
            ("stdout", "=") => e.stdout_lines.push(value),
            ("stdout", "~") => e.stdout_contains.push(value),
            other => panic!("{}:{}: unknown directive {other:?}", path.display(), n + 1),
        }
    }
    e
}

/// Every case: (category, name, input file, expectations).
fn cases() -> Vec<(String, String, PathBuf, Expected)> {
    let mut out = Vec::new();
    for category in CATEGORIES {
        let dir = repo_path(CORPUS).join(category);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("corpus category")
            .map(|e| e.expect("entry").path())
            .collect();
        names.sort();
        for expected in names
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "expected"))
        {
            let stem = expected.file_stem().expect("stem");
            let inputs: Vec<&PathBuf> = names
                .iter()
                .filter(|p| {
                    p.file_stem() == Some(stem) && p.extension().is_some_and(|e| e != "expected")
                })
                .collect();
            assert_eq!(
                inputs.len(),
                1,
                "{} has exactly one input file",
                expected.display()
            );
            out.push((
                category.to_string(),
                stem.to_string_lossy().into_owned(),
                inputs[0].clone(),
                parse_expected(expected),
            ));
        }
        // An input without expectations would be a case that checks nothing.
        for input in names
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e != "expected"))
        {
            assert!(
                input.with_extension("expected").is_file(),
                "{} has a .expected file",
                input.display()
            );
        }
    }
    out
}

fn default_destination(category: &str) -> &'static str {
    match category {
        "evidence" | "plausibility" => "evidence.csv",
        "overlay" => "overlay.toml",
        "self-scores" => "tu-cham.csv",
        _ => "rules/1-kiem-tra.toml",
    }
}

fn default_args(category: &str) -> Vec<String> {
    if category == "self-scores" {
        return "compare --self tu-cham.csv --rules rules --evidence evidence.csv --year 2024"
            .split_whitespace()
            .map(String::from)
            .collect();
    }
    let mut args = "score --rules rules --evidence evidence.csv --year 2024 --format csv"
        .split_whitespace()
        .map(String::from)
        .collect::<Vec<_>>();
    if category == "overlay" {
        args.extend(["--overlay".into(), "overlay.toml".into()]);
    }
    args
}

/// A scratch copy of the corpus base: `rules/` and `evidence.csv`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &repo_path(CORPUS).join("base/rules"),
        &dir.path().join("rules"),
    );
    std::fs::copy(
        repo_path(CORPUS).join("base/evidence.csv"),
        dir.path().join("evidence.csv"),
    )
    .expect("copy base evidence");
    dir
}

/// A category whose cases are evidence files for a ruleset of its own (its `rules/`
/// directory, which `cases` skips) scores with that ruleset instead of the base's.
fn own_rules(category: &str, dir: &Path) {
    let own = repo_path(CORPUS).join(category).join("rules");
    if own.is_dir() {
        std::fs::remove_dir_all(dir.join("rules")).expect("remove the base rules");
        copy_dir(&own, &dir.join("rules"));
    }
}

/// Runs `cchc args` in `dir`; returns the run and how long it took.
fn run_in(dir: &Path, args: &[String]) -> (Run, Duration) {
    let started = Instant::now();
    let output = cchc()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("cchc could be spawned");
    let elapsed = started.elapsed();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    (run, elapsed)
}

/// What is wrong with one run, if anything.
fn check(category: &str, run: &Run, elapsed: Duration, e: &Expected) -> Vec<String> {
    let mut problems = Vec::new();
    match e.exit {
        Some(code) if code != run.code => {
            problems.push(format!("exit code {} instead of {code}", run.code))
        }
        None => problems.push("the .expected file gives no exit code".into()),
        _ => {}
    }
    if run.code == 101 || run.stderr.contains("panicked") {
        problems.push("cchc panicked".into());
    }
    if run.code == -1 {
        problems.push("cchc was killed (timeout or signal)".into());
    }
    if run.code == 2 && !run.stdout.is_empty() && e.args.is_none() {
        problems.push("unusable input, yet a report was written to stdout".into());
    }
    if category == "hostile" && elapsed >= HOSTILE_BUDGET {
        problems.push(format!("took {elapsed:?}, more than {HOSTILE_BUDGET:?}"));
    }
    let has_line = |text: &str, want: &str| text.lines().any(|l| l.trim() == want.trim());
    for want in &e.stderr_lines {
        if !has_line(&run.stderr, want) {
            problems.push(format!("stderr lacks the line {want:?}"));
        }
    }
    for want in &e.stderr_contains {
        if !run.stderr.contains(want.as_str()) {
            problems.push(format!("stderr lacks {want:?}"));
        }
    }
    for want in &e.stdout_lines {
        if !has_line(&run.stdout, want) {
            problems.push(format!("stdout lacks the line {want:?}"));
        }
    }
    for want in &e.stdout_contains {
        if !run.stdout.contains(want.as_str()) {
            problems.push(format!("stdout lacks {want:?}"));
        }
    }
    if e.stderr_lines.len()
        + e.stderr_contains.len()
        + e.stdout_lines.len()
        + e.stdout_contains.len()
        == 0
    {
        problems.push("the .expected file names no message".into());
    }
    problems
}

#[test]
fn every_corpus_case_gives_its_exact_message_and_exit_code() {
    let cases = cases();
    let mut failures = Vec::new();
    for (category, name, input, expected) in &cases {
        let dir = workspace();
        own_rules(category, dir.path());
        let destination = expected
            .file
            .clone()
            .unwrap_or_else(|| default_destination(category).to_string());
        let target = dir.path().join(&destination);
        // A `file` in a directory of its own (a ruleset holding only that file).
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("the case file's directory");
        }
        std::fs::copy(input, &target).expect("place the case file");
        let args = expected
            .args
            .clone()
            .unwrap_or_else(|| default_args(category));
        let (run, elapsed) = run_in(dir.path(), &args);
        let problems = check(category, &run, elapsed, expected);
        if !problems.is_empty() {
            failures.push(format!(
                "{category}/{name}:\n  - {}\n  stderr:\n{}\n  stdout (first 2000 bytes):\n{}",
                problems.join("\n  - "),
                run.stderr,
                run.stdout.chars().take(2000).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_holds_at_least_fifty_cases_in_every_category() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    for category in CATEGORIES {
        assert!(
            cases.iter().any(|(c, ..)| c == category),
            "no case in {category}"
        );
    }
}

#[test]
fn the_corpus_base_itself_scores_cleanly() {
    // Otherwise a case could "pass" on an error the base already had.
    let dir = workspace();
    let (run, _) = run_in(dir.path(), &default_args("rules"));
    run.expect_code(0);
    assert_eq!(run.stderr, "");
    for id in ["SO-A", "HUYEN-B", "XA-C"] {
        assert!(
            run.stdout.contains(&format!("\n{id},")),
            "{id} in {}",
            run.stdout
        );
    }
}

// ---------------------------------------------------------------------------
// Paths: links out of the rules directory
// ---------------------------------------------------------------------------

fn score_rules(dir: &Path) -> Run {
    run_in(dir, &default_args("rules")).0
}

#[cfg(unix)]
#[test]
fn a_rule_file_linked_from_outside_the_ruleset_is_refused() {
    let dir = workspace();
    let outside = dir.path().join("ngoai.toml");
    std::fs::rename(dir.path().join("rules/2-bao-cao.toml"), &outside).expect("move out");
    std::os::unix::fs::symlink("../ngoai.toml", dir.path().join("rules/2-bao-cao.toml"))
        .expect("symlink");
    let out = score_rules(dir.path());
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    let target = std::fs::canonicalize(&outside).expect("canonical");
    let line = format!(
        "error[path/outside-ruleset]: rules/2-bao-cao.toml là liên kết tới {t}, nằm ngoài thư mục bộ tiêu chí: hãy chép tệp vào bộ tiêu chí / rules/2-bao-cao.toml links to {t}, outside the ruleset directory: copy the file into the ruleset",
        t = target.display()
    );
    assert!(out.stderr.lines().any(|l| l == line), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn a_linked_directory_is_refused_even_when_it_loops() {
    for target in ["..", "/tmp", "."] {
        let dir = workspace();
        std::os::unix::fs::symlink(target, dir.path().join("rules/vong")).expect("symlink");
        let started = Instant::now();
        let out = score_rules(dir.path());
        assert!(started.elapsed() < Duration::from_secs(10));
        out.expect_code(2);
        assert!(
            out.stderr
                .starts_with("error[path/linked-directory]: rules/vong là liên kết tới thư mục "),
            "{target}: {}",
            out.stderr
        );
        assert!(
            out.stderr
                .contains(", which is not followed: copy the files into the ruleset"),
            "{}",
            out.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_the_ruleset_names_itself() {
    let dir = workspace();
    std::os::unix::fs::symlink("khong-co.toml", dir.path().join("rules/3-mat.toml"))
        .expect("symlink");
    let out = score_rules(dir.path());
    out.expect_code(2);
    assert_eq!(
        out.stderr.trim_end(),
        "lỗi / error: không đọc/ghi được / cannot access rules/3-mat.toml: No such file or directory (os error 2)"
    );
}

#[test]
fn a_directory_given_as_evidence_or_overlay_is_unusable_input() {
    let dir = workspace();
    std::fs::create_dir(dir.path().join("thu-muc")).expect("mkdir");
    for extra in [["--evidence", "thu-muc"], ["--overlay", "thu-muc"]] {
        let mut args = default_args("rules");
        if extra[0] == "--evidence" {
            args[4] = "thu-muc".into();
        } else {
            args.extend(extra.iter().map(|s| s.to_string()));
        }
        let (out, _) = run_in(dir.path(), &args);
        out.expect_code(2);
        assert!(
            out.stderr.contains(
                "không đọc/ghi được / cannot access thu-muc: là thư mục, không phải tệp thông thường / a directory, not a regular file"
            ),
            "{extra:?}: {}",
            out.stderr
        );
    }
}

// ---------------------------------------------------------------------------
// Size: a file of hundreds of MB, a device that never ends
// ---------------------------------------------------------------------------

/// The documented limit (64 MB): a province's file is a few hundred KB.
const LIMIT_MB: u64 = 64;

/// The arguments for a report read whole (bounded at [`LIMIT_MB`]); the CSV
/// formats stream instead (see the tests after these).
fn whole_file_args() -> Vec<String> {
    let mut args = default_args("evidence");
    let last = args.len() - 1;
    args[last] = "json".into();
    args
}

#[test]
fn evidence_of_several_hundred_megabytes_is_refused_before_it_is_read() {
    use std::io::Write;
    let dir = workspace();
    let path = dir.path().join("evidence.csv");
    // 300 MB of real rows, generated here and never committed.
    let mut file =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).expect("create"));
    file.write_all(b"ma_don_vi;ten_don_vi;cap;nam;so_ke_hoach;so_thuc_hien;ngay_bao_cao\n")
        .expect("header");
    let row = b"XA-0000000;X\xc3\xa3 An B\xc3\xacnh;xa;2024;4;3;25/11/2024\n";
    let rows = 300 * 1024 * 1024 / row.len();
    for _ in 0..rows {
        file.write_all(row).expect("row");
    }
    file.flush().expect("flush");
    drop(file);
    let size_mb = std::fs::metadata(&path).expect("size").len() / (1024 * 1024);
    assert!(size_mb >= 299, "{size_mb} MB");

    let started = Instant::now();
    let (out, _) = run_in(dir.path(), &whole_file_args());
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "lỗi / error: evidence.csv: tệp minh chứng quá lớn ({size_mb} MB; giới hạn {LIMIT_MB} MB): một tỉnh chỉ có vài nghìn đơn vị, hãy kiểm tra đúng tệp chưa; tệp lớn hơn (cả nước) thì chấm bằng báo cáo dạng csv hoặc wide, đọc từng dòng / the evidence file is too large ({size_mb} MB; the limit is {LIMIT_MB} MB): a province has at most a few thousand units, check that this is the right file; score a larger file (the whole country) into a csv or wide report, which reads it row by row"
        )
    );
    // Judged by its size, not read: far faster than parsing 300 MB in a debug build.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_file_one_byte_over_the_limit_is_refused() {
    use std::io::Write;
    let dir = workspace();
    let mut file = std::fs::File::create(dir.path().join("evidence.csv")).expect("create");
    // A real header and rows (the header is looked for among the first 20 rows,
    // the year read from the first), then sparse zeros: no disk is written for them.
    file.write_all(b"ma_don_vi;ten_don_vi;cap;nam\n")
        .expect("header");
    for i in 0..30 {
        writeln!(file, "XA-{i};X;xa;2024").expect("row");
    }
    file.set_len(LIMIT_MB * 1024 * 1024 + 1).expect("set_len");
    drop(file);
    let (out, _) = run_in(dir.path(), &whole_file_args());
    out.expect_code(2);
    assert!(
        out.stderr.contains(&format!(
            "the evidence file is too large ({LIMIT_MB} MB; the limit is {LIMIT_MB} MB)"
        )),
        "{}",
        out.stderr
    );
}

/// Only a regular file is evidence: a device that never ends is refused before a
/// byte is read (see also `tests/hardening_output.rs`).
#[cfg(target_os = "linux")]
#[test]
fn a_device_that_never_ends_is_refused_before_it_is_read() {
    let dir = workspace();
    let mut args = whole_file_args();
    args[4] = "/dev/zero".into();
    let started = Instant::now();
    let (out, _) = run_in(dir.path(), &args);
    out.expect_code(2);
    assert_eq!(
        out.stderr.trim_end(),
        "lỗi / error: không đọc/ghi được / cannot access /dev/zero: là thiết bị ký tự, không phải tệp thông thường / a character device, not a regular file"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// Streamed (CSV formats), a file has no size limit, but a row does: a file
/// without line breaks is refused at the first megabyte, not read into memory.
#[cfg(target_os = "linux")]
#[test]
fn a_streamed_report_refuses_a_row_without_end() {
    let dir = workspace();
    let sparse = dir.path().join("zeros.csv");
    // Sparse zeros past the whole-file limit: streamed, the row limit speaks first.
    std::fs::File::create(&sparse)
        .expect("create")
        .set_len(LIMIT_MB * 1024 * 1024 + 1)
        .expect("set_len");
    for (evidence, shown) in [("zeros.csv", "zeros.csv")] {
        for format in ["csv", "wide"] {
            let mut args = default_args("evidence");
            args[4] = evidence.into();
            let last = args.len() - 1;
            args[last] = format.into();
            let started = Instant::now();
            let (out, _) = run_in(dir.path(), &args);
            out.expect_code(2);
            assert_eq!(out.stdout, "");
            assert_eq!(
                out.stderr.trim_end(),
                format!(
                    "lỗi / error: {shown}: không đọc được dòng tiêu đề / cannot read the header row: một dòng dài hơn 1 MB: đây không phải tệp minh chứng CSV / a row is longer than 1 MB: this is not an evidence CSV"
                )
            );
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{:?}",
                started.elapsed()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// No false alarms
// ---------------------------------------------------------------------------

#[test]
fn a_line_break_inside_a_quoted_name_is_not_taken_for_swallowed_rows() {
    // Excel writes Alt+Enter inside a cell as a quoted line break. The unit is
    // read, and its name shown on one line (a line break is one space).
    let dir = workspace();
    std::fs::write(
        dir.path().join("evidence.csv"),
        "ma_don_vi;ten_don_vi;cap;nam;so_ke_hoach;so_thuc_hien;ngay_bao_cao\n\
         SO-A;\"Sở Tư pháp\ntỉnh Hòa An\";so;2024;4;4;25/11/2024\n\
         XA-C;Xã An Bình;xa;2024;0;0;\n",
    )
    .expect("write");
    let (out, _) = run_in(dir.path(), &default_args("evidence"));
    out.expect_code(0);
    assert!(
        out.stdout.contains("\nSO-A,Sở Tư pháp tỉnh Hòa An,so,1,"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\nXA-C,Xã An Bình,xa,1,"),
        "{}",
        out.stdout
    );
}
