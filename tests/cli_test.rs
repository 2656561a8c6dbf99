//! `cchc test`: the rule files' own `[[case]]` tests, driven through the real binary.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Ruleset directories directly under `root` (those holding `ruleset.toml`), sorted.
fn ruleset_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("read rules root")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("ruleset.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Parses the summary line `N passed, M failed`.
fn summary(stdout: &str) -> (usize, usize) {
    let last = stdout.lines().last().expect("some output");
    let (passed, rest) = last
        .split_once(" passed, ")
        .unwrap_or_else(|| panic!("summary line, got {last:?}"));
    let failed = rest
        .strip_suffix(" failed")
        .unwrap_or_else(|| panic!("summary line, got {last:?}"));
    assert!(
        !passed.is_empty() && passed.bytes().all(|b| b.is_ascii_digit()),
        "{last:?}"
    );
    assert!(
        !failed.is_empty() && failed.bytes().all(|b| b.is_ascii_digit()),
        "{last:?}"
    );
    (
        passed.parse().expect("number"),
        failed.parse().expect("number"),
    )
}

fn lines_starting<'a>(stdout: &'a str, prefix: &str) -> Vec<&'a str> {
    stdout.lines().filter(|l| l.starts_with(prefix)).collect()
}

/// In the case named `name`, replaces `from` with `to` on its `expect = ...` line.
/// Returns the line of the case's `[[case]]` header.
fn edit_case_expectation(path: &Path, name: &str, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("read rule file");
    let name_line = line_of(path, &format!("name = \"{name}\""));
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let expect = (name_line..lines.len())
        .find(|&i| lines[i].starts_with("expect = "))
        .expect("the case has an expect line");
    assert!(
        lines[expect].contains(from),
        "{from:?} in {:?}",
        lines[expect]
    );
    lines[expect] = lines[expect].replacen(from, to, 1);
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(path, out).expect("write rule file");
    case_line(path, name)
}

#[test]
fn shipped_rules_pass_every_case() {
    let out = run(["test"]);
    out.expect_code(0);
    let root = repo_path("rules");
    let dirs = ruleset_dirs(&root);
    assert!(
        dirs.iter().any(|d| d.ends_with("tdthpl-2020-2024")),
        "{dirs:?}"
    );
    let headers = lines_starting(&out.stdout, "# ");
    assert_eq!(headers.len(), dirs.len(), "one heading per ruleset");
    assert!(
        headers.contains(&"# tdthpl-2020-2024 (rules/tdthpl-2020-2024)"),
        "{headers:?}"
    );
    let cases: usize = dirs.iter().map(|d| ruleset_case_count(d)).sum();
    assert_eq!(summary(&out.stdout), (cases, 0));
    assert_eq!(lines_starting(&out.stdout, "PASS ").len(), cases);
    assert!(lines_starting(&out.stdout, "FAIL ").is_empty());
    let last = out.stdout.lines().last().expect("summary");
    assert_eq!(last, format!("{cases} passed, 0 failed"));
}

#[test]
fn one_ruleset_directory_runs_only_its_cases() {
    let out = run(["test", "--rules", SHIPPED_RULESET]);
    out.expect_code(0);
    let cases = ruleset_case_count(&repo_path(SHIPPED_RULESET));
    assert!(cases > 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "# tdthpl-2020-2024 (rules/tdthpl-2020-2024)");
    assert_eq!(
        lines.len(),
        cases + 2,
        "heading, one line per case, summary"
    );
    assert!(
        lines[1..=cases].iter().all(|l| l.starts_with("PASS ")),
        "{lines:?}"
    );
    assert!(lines.contains(&"PASS 1.1 ban hành sớm"), "{lines:?}");
    assert!(
        lines.contains(&"PASS 1.4 cấp xã: không áp dụng"),
        "{lines:?}"
    );
    assert_eq!(lines[cases + 1], format!("{cases} passed, 0 failed"));
    // Criteria run in ruleset order.
    let order: Vec<&str> = lines[1..=cases]
        .iter()
        .map(|l| l.split(' ').nth(1).expect("criterion id"))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|id| CRITERIA.iter().position(|c| c == id));
    assert_eq!(order, sorted);
}

#[test]
fn a_wrong_expectation_fails_with_file_line_expected_and_got() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, "1-hoat-dong/1.3-kiem-tra.toml");
    let line = edit_case_expectation(&file, "đủ 100%", "points = \"0.25\"", "points = \"0.20\"");
    let out = run(["test", "--rules", arg(&rules)]);
    out.expect_code(1);
    let cases = ruleset_case_count(&rules);
    assert_eq!(summary(&out.stdout), (cases - 1, 1));

    let fails = lines_starting(&out.stdout, "FAIL ");
    assert_eq!(
        fails,
        [format!("FAIL 1.3 đủ 100% ({}:{line})", file.display()).as_str()]
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("FAIL "))
        .expect("FAIL line");
    assert_eq!(lines[at + 1], "     points: expected 0,20, got 0,25");
    assert_eq!(
        lines[at + 2],
        "     got: band hoan_thanh, points 0,25, status full"
    );
    assert!(lines[at + 3].starts_with("PASS 1.3 "), "{}", lines[at + 3]);
    assert_eq!(lines_starting(&out.stdout, "PASS ").len(), cases - 1);
}

#[test]
fn a_wrong_band_and_status_are_both_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, "2-xu-ly-ket-qua/2.1-xu-ly-ket-qua.toml");
    let line = edit_case_expectation(
        &file,
        "đúng 80% (4/5)",
        "band = \"tu_80_den_duoi_100\", points = \"0.35\"",
        "band = \"day_du\", points = \"0.35\", status = \"full\"",
    );
    let out = run(["test", "--rules", arg(&rules)]);
    out.expect_code(1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("FAIL "))
        .expect("FAIL line");
    assert_eq!(
        lines[at],
        format!("FAIL 2.1 đúng 80% (4/5) ({}:{line})", file.display())
    );
    assert_eq!(
        lines[at + 1],
        "     band: expected 'day_du', got 'tu_80_den_duoi_100'"
    );
    assert_eq!(lines[at + 2], "     status: expected full, got partial");
    assert_eq!(
        lines[at + 3],
        "     got: band tu_80_den_duoi_100, points 0,35, status partial"
    );
    assert_eq!(lines_starting(&out.stdout, "FAIL ").len(), 1);
}

#[test]
fn an_undeclared_band_in_a_case_is_a_load_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, "1-hoat-dong/1.3-kiem-tra.toml");
    edit_case_expectation(
        &file,
        "đủ 100%",
        "band = \"hoan_thanh\"",
        "band = \"khong_ton_tai\"",
    );
    let name_line = line_of(&file, "name = \"đủ 100%\"");
    let expect_line = (name_line + 1..)
        .find(|&l| {
            std::fs::read_to_string(&file)
                .expect("read")
                .lines()
                .nth(l - 1)
                .is_some_and(|t| t.starts_with("expect = "))
        })
        .expect("expect line");
    let out = run(["test", "--rules", arg(&rules)]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("error[case/unknown-band]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("'khong_ton_tai'"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("{}:{expect_line}:", file.display())),
        "line {expect_line}:\n{}",
        out.stderr
    );
}

#[test]
fn endless_loop_fails_that_criterions_cases_and_passes_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, "1-hoat-dong/1.1-ke-hoach.toml");
    replace_once(
        &file,
        "if is_missing(ngay_ban_hanh_ke_hoach) {\n    \"khong_ban_hanh\"",
        "loop { }\nif is_missing(ngay_ban_hanh_ke_hoach) {\n    \"khong_ban_hanh\"",
    );
    let started = Instant::now();
    let out = run_cmd(
        cchc()
            .args(["test", "--rules", arg(&rules)])
            .timeout(Duration::from_secs(10)),
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    out.expect_code(1);
    // Cases expecting an implausible input's error pass: the script never runs for them.
    let implausible = std::fs::read_to_string(&file)
        .expect("read")
        .matches("status = \"error\"")
        .count();
    let looping = case_count(&file) - implausible;
    let cases = ruleset_case_count(&rules);
    assert!(looping > 0);
    assert_eq!(summary(&out.stdout), (cases - looping, looping));

    let fails = lines_starting(&out.stdout, "FAIL ");
    assert_eq!(fails.len(), looping);
    assert!(
        fails.iter().all(|l| l.starts_with("FAIL 1.1 ")),
        "{fails:?}"
    );
    assert!(
        fails.contains(
            &format!(
                "FAIL 1.1 ban hành sớm ({}:{})",
                file.display(),
                case_line(&file, "ban hành sớm")
            )
            .as_str()
        ),
        "{fails:?}"
    );
    let passes = lines_starting(&out.stdout, "PASS ");
    assert_eq!(passes.len(), cases - looping);
    assert!(
        passes
            .iter()
            .all(|l| !l.starts_with("PASS 1.1 ") || l.starts_with("PASS 1.1 giới hạn hợp lý")),
        "{passes:?}"
    );
    assert_eq!(
        out.stdout
            .lines()
            .filter(|l| *l == "     got: band -, points -, status error")
            .count(),
        looping,
        "{}",
        out.stdout
    );
}

#[test]
fn a_case_failing_on_a_script_error_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, "1-hoat-dong/1.1-ke-hoach.toml");
    replace_once(
        &file,
        "if is_missing(ngay_ban_hanh_ke_hoach) {\n    \"khong_ban_hanh\"",
        "loop { }\nif is_missing(ngay_ban_hanh_ke_hoach) {\n    \"khong_ban_hanh\"",
    );
    let out = run_cmd(
        cchc()
            .args(["test", "--rules", arg(&rules)])
            .timeout(Duration::from_secs(10)),
    );
    out.expect_code(1);
    assert!(
        out.stdout.contains("Too many operations") || out.stderr.contains("Too many operations"),
        "the sandbox's reason is shown for the failing cases; stdout:\n{}\nstderr:\n{}",
        out.stdout,
        out.stderr
    );
}

#[test]
fn a_rules_root_runs_every_ruleset_under_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_ruleset(dir.path());
    let other = dir.path().join("z-thu-nghiem");
    copy_dir(&repo_path(SHIPPED_RULESET), &other);
    let header = other.join("ruleset.toml");
    replace_once(&header, "id = \"tdthpl-2020-2024\"", "id = \"thu-nghiem\"");
    replace_once(&header, "years = [2020, 2024]", "years = [2030]");
    let out = run(["test", "--rules", arg(dir.path())]);
    out.expect_code(0);
    let headers = lines_starting(&out.stdout, "# ");
    assert_eq!(headers.len(), 2, "{headers:?}");
    assert!(
        headers[0].starts_with("# tdthpl-2020-2024 ("),
        "{headers:?}"
    );
    assert!(headers[1].starts_with("# thu-nghiem ("), "{headers:?}");
    let cases = ruleset_case_count(&repo_path(SHIPPED_RULESET));
    assert_eq!(summary(&out.stdout), (2 * cases, 0));
}

#[test]
fn a_directory_without_rulesets_is_unusable_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(["test", "--rules", arg(dir.path())]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("no ruleset in"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&dir.path().display().to_string()),
        "{}",
        out.stderr
    );
}

#[test]
fn rules_that_do_not_load_stop_the_test_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, "1-hoat-dong/1.1-ke-hoach.toml");
    let line = replace_once(&file, "max_points = \"0.25\"", "max_points = 0.25");
    let out = run(["test", "--rules", arg(&rules)]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("error[value/points-not-string]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("{}:{line}:14", file.display())),
        "max_points = 0.25 at line {line}, column 14:\n{}",
        out.stderr
    );
}
