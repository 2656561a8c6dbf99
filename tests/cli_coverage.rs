//! `cchc test --coverage`: which bands the rule files' cases reach, per criterion and
//! per ruleset, with a threshold and a JSON form, driven through the real binary.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const BAO_CAO_NAM: &str = "1-hoat-dong/1.5-bao-cao-nam.toml";

/// Ruleset directories under `rules/` as `rules/<name>`, sorted (the shipped names
/// sort like the catalog, by first year).
fn shipped_rulesets() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(repo_path("rules"))
        .expect("read rules/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("ruleset.toml").is_file())
        .map(|p| format!("rules/{}", p.file_name().expect("name").to_string_lossy()))
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 3, "{dirs:?}");
    dirs
}

fn lines_starting<'a>(stdout: &'a str, prefix: &str) -> Vec<&'a str> {
    stdout.lines().filter(|l| l.starts_with(prefix)).collect()
}

/// A copy of the shipped ruleset without the case "chậm 12 ngày" of 1.5, the only
/// case reaching band `cham_tren_10_ngay`. Returns (ruleset dir, 1.5 file).
fn ruleset_missing_a_case(parent: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let rules = copy_ruleset(parent);
    let file = rule_file(&rules, BAO_CAO_NAM);
    remove_case(&file, "chậm 12 ngày");
    (rules, file)
}

#[test]
fn every_shipped_ruleset_reaches_every_band() {
    let out = run(["test", "--coverage", "--threshold", "100"]);
    out.expect_code(0);
    assert!(
        lines_starting(&out.stdout, "UNREACHED ").is_empty(),
        "{}",
        out.stdout
    );
    let totals = lines_starting(&out.stdout, "  tổng / total: ");
    assert_eq!(totals.len(), shipped_rulesets().len(), "{}", out.stdout);
    for total in totals {
        let counts = total
            .strip_prefix("  tổng / total: ")
            .and_then(|t| t.strip_suffix(" mức / bands, 100%"))
            .unwrap_or_else(|| panic!("{total:?}"));
        let (covered, all) = counts.split_once('/').expect("covered/total");
        assert_eq!(covered, all, "{total:?}");
    }
    assert!(
        out.stdout
            .contains("ngưỡng độ phủ mức 100% / band coverage threshold 100%: đạt / met\n"),
        "{}",
        out.stdout
    );
    // The summary stays the last line.
    let cases: usize = shipped_rulesets()
        .iter()
        .map(|d| ruleset_case_count(&repo_path(d)))
        .sum();
    assert_eq!(
        out.stdout.lines().last(),
        Some(format!("{cases} passed, 0 failed").as_str())
    );
}

#[test]
fn coverage_lists_each_criterion_of_the_ruleset() {
    let out = run(["test", "--rules", SHIPPED_RULESET, "--coverage"]);
    out.expect_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "độ phủ mức / band coverage: tdthpl-2020-2024")
        .expect("coverage heading");
    let ids: Vec<&str> = lines[at + 1..at + 1 + CRITERIA.len()]
        .iter()
        .map(|l| l.split_whitespace().next().expect("criterion id"))
        .collect();
    assert_eq!(ids, CRITERIA);
    assert_eq!(lines[at + 5], "  1.5  6/6  100%");
    assert_eq!(lines[at + 6], "  2.1  5/5  100%");
    assert_eq!(lines[at + 8], "  tổng / total: 28/28 mức / bands, 100%");
}

#[test]
fn plain_test_output_has_no_coverage() {
    let out = run(["test", "--rules", SHIPPED_RULESET]);
    out.expect_code(0);
    assert!(!out.stdout.contains("độ phủ"), "{}", out.stdout);
    let cases = ruleset_case_count(&repo_path(SHIPPED_RULESET));
    assert_eq!(out.stdout.lines().count(), cases + 2);
}

#[test]
fn a_band_no_case_reaches_is_named_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rules, file) = ruleset_missing_a_case(dir.path());
    let line = band_points_line(&file, "cham_tren_10_ngay");
    let unreached = format!(
        "UNREACHED 1.5 cham_tren_10_ngay ({}:{line})",
        file.display()
    );
    let cases = ruleset_case_count(&rules);

    let out = run([
        "test",
        "--rules",
        arg(&rules),
        "--coverage",
        "--threshold",
        "100",
    ]);
    out.expect_code(1);
    assert_eq!(
        lines_starting(&out.stdout, "UNREACHED "),
        [unreached.as_str()]
    );
    assert!(
        out.stdout.contains("\n  1.5  5/6  83,33%\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("\n  tổng / total: 27/28 mức / bands, 96,42%\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "độ phủ mức dưới ngưỡng 100%: tdthpl-2020-2024 96,42% / band coverage below the 100% threshold: tdthpl-2020-2024 96.42%\n"
        ),
        "{}",
        out.stdout
    );
    // Every case still passes: the exit code is the threshold's.
    assert_eq!(
        out.stdout.lines().last(),
        Some(format!("{cases} passed, 0 failed").as_str())
    );

    // Under a lower threshold the same gap is reported but does not fail the run.
    let out = run([
        "test",
        "--rules",
        arg(&rules),
        "--coverage",
        "--threshold",
        "96",
    ]);
    out.expect_code(0);
    assert_eq!(
        lines_starting(&out.stdout, "UNREACHED "),
        [unreached.as_str()]
    );
    assert!(out.stdout.contains(": đạt / met\n"), "{}", out.stdout);

    // The threshold defaults to 0.
    let out = run(["test", "--rules", arg(&rules), "--coverage"]);
    out.expect_code(0);
    assert_eq!(lines_starting(&out.stdout, "UNREACHED ").len(), 1);
    // The threshold is compared exactly: 27/28 is 96.428…%, below 96.43.
    let out = run([
        "test",
        "--rules",
        arg(&rules),
        "--coverage",
        "--threshold",
        "96,43",
    ]);
    out.expect_code(1);
}

#[test]
fn coverage_follows_the_band_the_engine_reached_not_the_expected_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, BAO_CAO_NAM);
    // The case still expects cham_tren_10_ngay, but 10 days late reaches cham_06_10_ngay.
    replace_once(
        &file,
        "ngay_gui_bao_cao_nam = \"12/12/2024\"",
        "ngay_gui_bao_cao_nam = \"10/12/2024\"",
    );
    let out = run([
        "test",
        "--rules",
        arg(&rules),
        "--coverage",
        "--threshold",
        "100",
    ]);
    out.expect_code(1);
    assert_eq!(
        lines_starting(&out.stdout, "FAIL ").len(),
        1,
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("     band: expected 'cham_tren_10_ngay', got 'cham_06_10_ngay'\n"),
        "{}",
        out.stdout
    );
    assert_eq!(
        lines_starting(&out.stdout, "UNREACHED "),
        [format!(
            "UNREACHED 1.5 cham_tren_10_ngay ({}:{})",
            file.display(),
            band_points_line(&file, "cham_tren_10_ngay")
        )
        .as_str()]
    );
}

fn criterion_coverage<'a>(ruleset: &'a Value, id: &str) -> &'a Value {
    ruleset["coverage"]["criteria"]
        .as_array()
        .expect("coverage.criteria is an array")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("criterion {id} in coverage"))
}

#[test]
fn json_has_every_case_and_the_coverage_in_ruleset_order() {
    let out = run(["test", "--coverage", "--format", "json"]);
    out.expect_code(0);
    let report = out.json();
    assert_eq!(report["cchc_version"], env!("CARGO_PKG_VERSION"));
    let rulesets = report["rulesets"].as_array().expect("rulesets");
    let dirs: Vec<&str> = rulesets
        .iter()
        .map(|r| r["dir"].as_str().expect("dir"))
        .collect();
    assert_eq!(dirs, shipped_rulesets());
    let mut all_cases = 0;
    for r in rulesets {
        let cases = r["cases"].as_array().expect("cases");
        assert_eq!(
            cases.len(),
            ruleset_case_count(&repo_path(r["dir"].as_str().expect("dir")))
        );
        all_cases += cases.len();
        for case in cases {
            for key in [
                "criterion",
                "name",
                "file",
                "line",
                "passed",
                "failures",
                "got",
            ] {
                assert!(case.get(key).is_some(), "{key} in {case}");
            }
            assert_eq!(case["passed"], true);
            assert_eq!(case["failures"], Value::Array(vec![]));
        }
        let coverage = &r["coverage"];
        assert_eq!(coverage["covered"], coverage["total"]);
        assert_eq!(coverage["percent"], "100");
        assert_eq!(coverage["meets_threshold"], true);
        for c in coverage["criteria"].as_array().expect("criteria") {
            for band in c["bands"].as_array().expect("bands") {
                assert_eq!(band["covered"], true, "{band}");
                assert!(band["line"].as_u64().expect("line") > 0);
            }
        }
    }
    assert_eq!(report["passed"], all_cases);
    assert_eq!(report["failed"], 0);
    assert_eq!(report["threshold"]["percent"], "0");
    assert_eq!(report["threshold"]["passed"], true);
    assert_eq!(report["threshold"]["below"], Value::Array(vec![]));

    // Criteria and bands in file order, with the band lines of the rule file.
    let r2020 = rulesets
        .iter()
        .find(|r| r["id"] == "tdthpl-2020-2024")
        .expect("the 2020–2024 ruleset");
    let ids: Vec<&str> = r2020["coverage"]["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, CRITERIA);
    let c15 = criterion_coverage(r2020, "1.5");
    let file = repo_path(SHIPPED_RULESET).join(BAO_CAO_NAM);
    let keys: Vec<&str> = c15["bands"]
        .as_array()
        .expect("bands")
        .iter()
        .map(|b| b["key"].as_str().expect("key"))
        .collect();
    assert_eq!(
        keys,
        [
            "dung_han",
            "cham_01_02_ngay",
            "cham_03_05_ngay",
            "cham_06_10_ngay",
            "cham_tren_10_ngay",
            "khong_bao_cao"
        ]
    );
    let band = &c15["bands"][4];
    assert_eq!(band["line"], band_points_line(&file, "cham_tren_10_ngay"));
    assert_eq!(band["cases"], serde_json::json!(["chậm 12 ngày"]));
    assert_eq!(c15["file"], format!("{SHIPPED_RULESET}/{BAO_CAO_NAM}"));
    // A case's result says what the engine produced.
    let case = r2020["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == "chậm 12 ngày")
        .expect("case");
    assert_eq!(case["criterion"], "1.5");
    assert_eq!(case["file"], format!("{SHIPPED_RULESET}/{BAO_CAO_NAM}"));
    assert_eq!(case["line"], case_line(&file, "chậm 12 ngày"));
    assert_eq!(
        case["got"],
        serde_json::json!({ "band": "cham_tren_10_ngay", "points": "0", "status": "zero" })
    );
}

#[test]
fn json_reports_the_unreached_band_and_the_failed_threshold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rules, file) = ruleset_missing_a_case(dir.path());
    let out = run([
        "test",
        "--rules",
        arg(&rules),
        "--coverage",
        "--threshold",
        "100",
        "--format",
        "json",
    ]);
    out.expect_code(1);
    let report = out.json();
    let r = &report["rulesets"][0];
    assert_eq!(r["coverage"]["covered"], 27);
    assert_eq!(r["coverage"]["total"], 28);
    assert_eq!(r["coverage"]["percent"], "96.42");
    assert_eq!(r["coverage"]["meets_threshold"], false);
    let c15 = criterion_coverage(r, "1.5");
    assert_eq!(
        (c15["covered"].as_u64(), c15["total"].as_u64()),
        (Some(5), Some(6))
    );
    let unreached: Vec<&Value> = c15["bands"]
        .as_array()
        .expect("bands")
        .iter()
        .filter(|b| b["covered"] == false)
        .collect();
    assert_eq!(unreached.len(), 1);
    assert_eq!(unreached[0]["key"], "cham_tren_10_ngay");
    assert_eq!(unreached[0]["file"], file.display().to_string());
    assert_eq!(
        unreached[0]["line"],
        band_points_line(&file, "cham_tren_10_ngay")
    );
    assert_eq!(unreached[0]["cases"], Value::Array(vec![]));
    assert_eq!(
        report["threshold"],
        serde_json::json!({ "percent": "100", "passed": false, "below": ["tdthpl-2020-2024"] })
    );
    assert_eq!(report["failed"], 0);
}

#[test]
fn json_without_coverage_has_only_the_cases() {
    let out = run(["test", "--rules", SHIPPED_RULESET, "--format", "json"]);
    out.expect_code(0);
    let report = out.json();
    assert!(report.get("threshold").is_none(), "{report}");
    let r = &report["rulesets"][0];
    assert!(r.get("coverage").is_none(), "{r}");
    assert_eq!(
        r["cases"].as_array().expect("cases").len(),
        ruleset_case_count(&repo_path(SHIPPED_RULESET))
    );
}

#[test]
fn a_threshold_needs_coverage_and_a_percentage() {
    let out = run(["test", "--threshold", "50"]);
    out.expect_code(2);
    assert!(out.stderr.contains("--coverage"), "{}", out.stderr);
    for bad in ["150", "-1", "abc"] {
        let out = run(["test", "--coverage", &format!("--threshold={bad}")]);
        out.expect_code(2);
        assert!(out.stderr.contains("0 to 100"), "{bad}: {}", out.stderr);
    }
}
